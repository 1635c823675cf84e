"""Indonesian national holidays and collective leave for the demo years.

2026 is complete: the 17 national holidays and the 8 days of collective leave
(cuti bersama) of the joint decree of the Minister of Religious Affairs, the
Minister of Manpower and the Minister of Administrative and Bureaucratic
Reform (SKB 3 Menteri) No. 1497, 2 and 5 of 2025, announced by the Coordinating
Minister for Human Development and Culture (Kemenko PMK) on 19 September 2025.
Holidays on a weekend are listed too: the decree lists them, and a time limit
skips them anyway. Lunar dates can move by a day when announced, so agencies
correct them with `layanan holidays add`; a whole year's list is loaded with
`layanan holidays load FILE.csv` (README, "Holidays: loading next year's list").

2027 holds only the fixed-date holidays until its decree is published.
"""

from datetime import date

# Labels of the collective leave days begin with this, so the two kinds stay apart.
CUTI_BERSAMA = "Cuti bersama"

HOLIDAYS = (
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi Tahun Baru Saka 1948"),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948"),
    (date(2026, 3, 20), "Cuti bersama Idul Fitri 1447 Hijriah"),
    (date(2026, 3, 21), "Idul Fitri 1447 Hijriah"),
    (date(2026, 3, 22), "Idul Fitri 1447 Hijriah"),
    (date(2026, 3, 23), "Cuti bersama Idul Fitri 1447 Hijriah"),
    (date(2026, 3, 24), "Cuti bersama Idul Fitri 1447 Hijriah"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Idul Adha 1447 Hijriah"),
    (date(2026, 5, 28), "Cuti bersama Idul Adha 1447 Hijriah"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 Hijriah"),
    (date(2026, 8, 17), "Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 24), "Cuti bersama Kelahiran Yesus Kristus"),
    (date(2026, 12, 25), "Kelahiran Yesus Kristus"),
    (date(2027, 1, 1), "Tahun Baru 2027 Masehi"),
    (date(2027, 5, 1), "Hari Buruh Internasional"),
    (date(2027, 6, 1), "Hari Lahir Pancasila"),
    (date(2027, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    (date(2027, 12, 25), "Hari Raya Natal"),
)

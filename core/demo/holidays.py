"""Indonesian national holidays and collective leave for the demo years.

From the joint ministerial decree (SKB 3 Menteri) as announced; lunar dates
can move by a day, so agencies correct them with `layanan holidays add`.
"""

from datetime import date

HOLIDAYS = (
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948"),
    (date(2026, 3, 20), "Idul Fitri 1447 Hijriah"),
    (date(2026, 3, 21), "Idul Fitri 1447 Hijriah"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Idul Adha 1447 Hijriah"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "Tahun Baru Islam 1448 Hijriah"),
    (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 24), "Cuti bersama Hari Raya Natal"),
    (date(2026, 12, 25), "Hari Raya Natal"),
    (date(2027, 1, 1), "Tahun Baru 2027 Masehi"),
    (date(2027, 5, 1), "Hari Buruh Internasional"),
    (date(2027, 6, 1), "Hari Lahir Pancasila"),
    (date(2027, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    (date(2027, 12, 25), "Hari Raya Natal"),
)

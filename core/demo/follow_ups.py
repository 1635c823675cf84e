"""The demo's SKM follow-up plans: two units act on their weakest unsur (docs/domain.md §3.7).

Recorded through the same service as the back office, by each unit's head,
so the audit trail and /transparansi show them as they would a real plan.
"""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from core.models import Officer, Unit
from core.staff.access import Principal
from core.surveys.follow_up import (
    list_follow_ups,
    record_follow_up,
    set_follow_up_state,
    weakest_unsur,
)

YEAR = 2026
RECORDED = datetime(2026, 11, 16, 2, tzinfo=UTC)
# Two actions (what, who) for each unsur, so whichever is a unit's weakest gets a fitting plan.
_ACTIONS = {
    "U1": (("Daftar persyaratan dicetak besar dan dipasang di ruang tunggu.", "Petugas loket"),
           ("Persyaratan dikirim lewat SMS saat warga mendaftar.", "Kepala Tata Usaha")),
    "U2": (("Alur layanan digambar ulang dan dipasang di pintu masuk.", "Kepala Tata Usaha"),
           ("Petugas informasi berjaga di pintu masuk pada jam sibuk.", "Koordinator loket")),
    "U3": (("Loket tambahan dibuka pada hari kedatangan kapal.", "Kepala Tata Usaha"),
           ("Nomor antrean dikirim lewat SMS agar warga tidak menunggu di loket.",
            "Koordinator loket")),
    "U4": (("Papan tarif resmi dan layanan gratis dipasang di setiap loket.", "Bendahara"),
           ("Kuitansi diberikan untuk setiap pembayaran.", "Bendahara")),
    "U5": (("Hasil layanan diperiksa ulang sebelum diserahkan kepada warga.",
            "Penanggung jawab mutu"),
           ("Contoh hasil layanan ditempel di ruang tunggu.", "Koordinator loket")),
    "U6": (("Pelatihan ulang petugas loket tentang standar pelayanan.", "Kepala Tata Usaha"),
           ("Petugas baru didampingi petugas senior selama satu bulan.", "Kepala unit")),
    "U7": (("Pelatihan layanan prima untuk semua petugas loket.", "Kepala Tata Usaha"),
           ("Nomor SMS pengaduan perilaku petugas dipasang di setiap loket.",
            "Koordinator pengaduan")),
    "U8": (("Kursi ruang tunggu ditambah dan kipas angin diperbaiki.", "Pengurus barang"),
           ("Toilet pengunjung diperbaiki dan dibersihkan dua kali sehari.", "Pengurus barang")),
    "U9": (("Setiap pengaduan dijawab dalam lima hari kerja dan diumumkan hasilnya.",
            "Koordinator pengaduan"),
           ("Kotak saran diganti nomor SMS pengaduan di setiap loket.",
            "Koordinator pengaduan")),
}
# (unit, which of its weakest unsur's actions, deadline, the state it has reached).
_PLANS = (
    ("pkm-talango", 0, date(2027, 3, 31), "underway"),
    ("pkm-talango", 1, date(2027, 6, 30), "planned"),
    ("pkm-kalianget", 0, date(2026, 12, 31), "done"),
)


def load_follow_ups(session: Session, units: dict[str, Unit],
                    officers: dict[str, Officer]) -> None:
    """Record the demo plans once; a unit that has a plan for the year is left alone."""
    planned = {item.unit_id for item in list_follow_ups(session, year=YEAR)}
    for slug, choice, deadline, state in _PLANS:
        unit = units.get(slug)
        head = officers.get(f"kepala.{slug}")
        if unit is None or head is None or unit.id in planned:
            continue
        principal = Principal(head.id, head.role, unit.id)
        unsur = weakest_unsur(session, unit_id=unit.id, year=YEAR) or "U1"
        action, owner = _ACTIONS[unsur][choice]
        item = record_follow_up(session, principal=principal, unit_id=unit.id, year=YEAR,
                                unsur=unsur, action=action, owner=owner, deadline=deadline,
                                now=RECORDED)
        if state != item.state:
            set_follow_up_state(session, principal=principal, follow_up_id=item.id,
                                state=state, now=RECORDED)

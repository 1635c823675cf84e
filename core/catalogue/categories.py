"""Complaint and service categories, as SP4N-LAPOR! names them; health comes first."""

from core.i18n import N_

CATEGORIES: dict[str, str] = {
    "kesehatan": N_("Kesehatan"),
    "administrasi_kependudukan": N_("Administrasi kependudukan"),
    "perizinan": N_("Perizinan"),
    "sosial": N_("Sosial"),
    "pendidikan": N_("Pendidikan"),
    "infrastruktur": N_("Infrastruktur"),
    "transportasi": N_("Transportasi"),
    "lingkungan": N_("Lingkungan"),
    "pariwisata": N_("Pariwisata"),
    "pembangunan_daerah": N_("Pembangunan daerah"),
    "dana_desa": N_("Dana desa"),
    "ketenagakerjaan": N_("Ketenagakerjaan"),
    "kominfo": N_("Komunikasi dan informatika"),
    "perbankan": N_("Perbankan"),
}

COMPLAINT_TYPE_LABELS: dict[str, str] = {
    "pengaduan": N_("Pengaduan"),
    "aspirasi": N_("Aspirasi"),
    "informasi": N_("Permintaan informasi"),
}

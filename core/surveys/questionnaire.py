"""The SKM questionnaire of PermenPANRB 14/2017: nine unsur, answers 1 to 4."""

from dataclasses import dataclass

from core.i18n import N_


@dataclass(frozen=True)
class Unsur:
    """One survey element with its question and the official label of each answer."""

    code: str
    name: str
    question: str
    labels: tuple[str, str, str, str]

    @property
    def column(self) -> str:
        """Where survey_responses stores this unsur's answer: u1 for U1, and so on."""
        return self.code.lower()


UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", N_("Persyaratan"),
          N_("Kesesuaian persyaratan dengan jenis pelayanan?"),
          (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Unsur("U2", N_("Sistem, mekanisme, prosedur"),
          N_("Kemudahan prosedur pelayanan?"),
          (N_("Tidak mudah"), N_("Kurang mudah"), N_("Mudah"), N_("Sangat mudah"))),
    Unsur("U3", N_("Waktu penyelesaian"),
          N_("Kecepatan waktu pelayanan?"),
          (N_("Tidak cepat"), N_("Kurang cepat"), N_("Cepat"), N_("Sangat cepat"))),
    Unsur("U4", N_("Biaya/tarif"),
          N_("Kewajaran biaya/tarif pelayanan?"),
          (N_("Sangat mahal"), N_("Cukup mahal"), N_("Murah"), N_("Gratis"))),
    Unsur("U5", N_("Produk spesifikasi jenis pelayanan"),
          N_("Kesesuaian hasil pelayanan dengan standar?"),
          (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Unsur("U6", N_("Kompetensi pelaksana"),
          N_("Kompetensi petugas dalam pelayanan?"),
          (N_("Tidak kompeten"), N_("Kurang kompeten"), N_("Kompeten"), N_("Sangat kompeten"))),
    Unsur("U7", N_("Perilaku pelaksana"),
          N_("Kesopanan dan keramahan petugas?"),
          (N_("Tidak sopan dan ramah"), N_("Kurang sopan dan ramah"), N_("Sopan dan ramah"),
           N_("Sangat sopan dan ramah"))),
    Unsur("U8", N_("Sarana dan prasarana"),
          N_("Kualitas sarana dan prasarana?"),
          (N_("Buruk"), N_("Cukup"), N_("Baik"), N_("Sangat baik"))),
    Unsur("U9", N_("Penanganan pengaduan, saran, masukan"),
          N_("Penanganan pengaduan pengguna layanan?"),
          (N_("Tidak ada"), N_("Ada tetapi tidak berfungsi"), N_("Berfungsi kurang maksimal"),
           N_("Dikelola dengan baik"))),
)
# Every answer is a score from the worst to the best, one per label.
ANSWERS = (1, 2, 3, 4)
LOWEST_ANSWER, HIGHEST_ANSWER = ANSWERS[0], ANSWERS[-1]

# Respondent profile codes (the questionnaire's optional part), and the ages it accepts.
MIN_AGE, MAX_AGE = 10, 120
SEXES = {"L": N_("Laki-laki"), "P": N_("Perempuan")}
EDUCATION = {
    "sd": N_("SD ke bawah"), "smp": N_("SMP"), "sma": N_("SMA"), "d3": N_("D1-D3"),
    "s1": N_("D4/S1"), "s2": N_("S2 ke atas"),
}
OCCUPATIONS = {
    "pns": N_("PNS/TNI/Polri"), "swasta": N_("Pegawai swasta"), "wirausaha": N_("Wirausaha"),
    "petani": N_("Petani/nelayan"), "pelajar": N_("Pelajar/mahasiswa"), "lainnya": N_("Lainnya"),
}

"""What citizens type, and what the catalogue calls it: the search's synonym table as data.

Each entry maps a word or phrase as people write it (lower case, words split
on anything but letters and digits) to the catalogue's own terms. A query
keeps what was typed and gains the alternatives: a service matches either.
Phrases are tried before single words ("ktp hilang" before "ktp"), and the
whole table is applied before stemming, so an entry names the words as
written ("akta kelahiran"), not their stems.

Keep entries to what the catalogue's names, keywords and standards say; a
service's own `keywords` are the place for words of one service only.
"""

SYNONYMS: dict[str, tuple[str, ...]] = {
    # Health.
    "vaksin": ("imunisasi",),
    "vaksinasi": ("imunisasi",),
    "suntik": ("imunisasi",),
    "suntik bayi": ("imunisasi bayi",),
    "surat sehat": ("surat keterangan sehat",),
    "keterangan sehat": ("surat keterangan sehat",),
    "kb": ("keluarga berencana", "kontrasepsi"),
    "bumil": ("pemeriksaan kehamilan", "ibu hamil"),
    "hamil": ("pemeriksaan kehamilan", "antenatal"),
    "periksa hamil": ("pemeriksaan kehamilan",),
    "anc": ("pemeriksaan kehamilan", "antenatal"),
    "melahirkan": ("persalinan",),
    "lahiran": ("persalinan",),
    "kis": ("kartu indonesia sehat", "jkn", "bpjs"),
    "bpjs": ("jkn", "jaminan kesehatan nasional", "kis"),
    "jkn": ("bpjs", "jaminan kesehatan nasional"),
    "jamkesda": ("jkn", "jaminan kesehatan"),
    "berobat": ("rawat jalan", "pengobatan"),
    "rujukan": ("surat rujukan",),
    "tbc": ("tuberkulosis",),
    "tb": ("tuberkulosis",),
    "darah tinggi": ("hipertensi",),
    "kencing manis": ("diabetes",),
    "lansia": ("lanjut usia",),
    "ambulan": ("ambulans",),
    "catin": ("calon pengantin",),
    "nikah": ("calon pengantin", "perkawinan"),
    "kawin": ("calon pengantin", "perkawinan"),
    # Civil registration.
    "akta lahir": ("akta kelahiran",),
    "akte lahir": ("akta kelahiran",),
    "akte kelahiran": ("akta kelahiran",),
    "surat lahir": ("akta kelahiran", "surat keterangan lahir"),
    "akte": ("akta",),
    "akta mati": ("akta kematian",),
    "akte kematian": ("akta kematian",),
    "surat kematian": ("akta kematian",),
    "ktp": ("ktp el", "ktp elektronik", "kartu tanda penduduk"),
    "ektp": ("ktp el",),
    "e ktp": ("ktp el",),
    "ktp hilang": ("ktp el hilang", "ktp el rusak"),
    "ktp rusak": ("ktp el rusak", "ktp el hilang"),
    "kk": ("kartu keluarga",),
    "kia": ("kartu identitas anak",),
    "surat pindah": ("surat keterangan pindah",),
    "pindah domisili": ("surat keterangan pindah",),
    "pindah alamat": ("surat keterangan pindah",),
    # Licensing.
    "izin usaha": ("nib", "nomor induk berusaha"),
    "ijin usaha": ("nib", "nomor induk berusaha"),
    "ijin": ("izin",),
    "siup": ("nib", "izin usaha"),
    "oss": ("nib",),
    "pirt": ("produksi pangan industri rumah tangga",),
    "imb": ("pbg", "persetujuan bangunan gedung"),
    "pbg": ("persetujuan bangunan gedung",),
    # Social affairs.
    "sktm": ("surat keterangan tidak mampu",),
    "surat miskin": ("surat keterangan tidak mampu",),
    "tidak mampu": ("surat keterangan tidak mampu",),
    "bansos": ("bantuan sosial",),
    "pkh": ("program keluarga harapan", "bantuan sosial"),
    "dtks": ("dtsen", "data terpadu"),
    # English, for citizens reading the English pages.
    "vaccine": ("immunisation", "imunisasi"),
    "vaccination": ("immunisation", "imunisasi"),
    "immunization": ("immunisation",),
    "birth certificate": ("akta kelahiran",),
    "death certificate": ("akta kematian",),
    "id card": ("ktp el",),
    "identity card": ("ktp el",),
    "family card": ("kartu keluarga",),
    "health certificate": ("surat keterangan sehat",),
    "pregnancy": ("antenatal", "pemeriksaan kehamilan"),
    "business licence": ("nib",),
    "business license": ("nib",),
}

# Words that say nothing about which service: left out of a query, so that
# "cara membuat akta lahir" asks for what "akta lahir" asks for.
STOPWORDS: frozenset[str] = frozenset({
    "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "atau", "pada", "dalam",
    "saya", "aku", "kami", "mau", "ingin", "minta", "tolong", "mohon", "cara",
    "bagaimana", "gimana", "apa", "apakah", "ini", "itu", "bisa", "buat", "bikin",
    "membuat", "mengurus", "urus", "ngurus", "syarat", "persyaratan", "info",
    "the", "a", "an", "of", "for", "to", "how", "i", "my", "get", "want", "apply",
})

# The longest phrase of the table, in words: how far ahead a query is scanned.
LONGEST_PHRASE = max(len(phrase.split()) for phrase in SYNONYMS)

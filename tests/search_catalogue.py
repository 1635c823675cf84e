"""A catalogue shaped like Sumenep's, for search tests: real service names, synonyms citizens
do not use, requirements that name other services (every standard asks for a KTP-el)."""

from core.catalogue.search.services import reindex_service
from core.models import ServiceStandard
from tests.factories import REGIONS, make_agency, make_regions, make_service, make_unit

# code, category, Indonesian name, English name, short name, keywords, requirements.
SERVICES = (
    ("IMUN", "kesehatan", "Pelayanan Imunisasi Rutin Lengkap Bayi dan Anak",
     "Routine immunisation for babies and children", "Imunisasi anak", "posyandu",
     "Buku KIA\nKTP-el orang tua"),
    ("HAMIL", "kesehatan", "Pemeriksaan Kehamilan (Antenatal Care) Terpadu",
     "Integrated antenatal care", "Periksa kehamilan", "", "Buku KIA\nKTP-el"),
    ("SEHAT", "kesehatan", "Penerbitan Surat Keterangan Sehat", "Health certificate",
     "Surat sehat", "", "KTP-el\nPas foto 3x4"),
    ("RUJUK", "kesehatan", "Penerbitan Surat Rujukan ke Rumah Sakit", "Hospital referral letter",
     "Surat rujukan", "", "Kartu JKN atau KIS\nKTP-el"),
    ("CATIN", "kesehatan", "Pemeriksaan Kesehatan Calon Pengantin", "Pre-marriage health check",
     "Periksa catin", "", "KTP-el kedua calon\nSurat pengantar KUA"),
    ("KB", "kesehatan", "Pelayanan Keluarga Berencana", "Family planning", "Keluarga berencana",
     "kontrasepsi, spiral, implan", "KTP-el\nBuku KIA"),
    ("GIGI", "kesehatan", "Pemeriksaan Kesehatan Gigi dan Mulut", "Dental check",
     "Periksa gigi", "", "Kartu JKN atau KTP-el"),
    ("TBC", "kesehatan", "Pemeriksaan dan Pengobatan Tuberkulosis", "Tuberculosis care",
     "Layanan TBC", "batuk", "KTP-el"),
    ("BPJS", "kesehatan", "Pendampingan Pendaftaran Peserta JKN Penerima Bantuan Iuran",
     "Help joining JKN as a subsidised member", "Daftar JKN-PBI", "",
     "KTP-el\nKartu keluarga\nSurat keterangan tidak mampu dari desa"),
    ("AKTALAHIR", "administrasi_kependudukan", "Penerbitan Akta Kelahiran",
     "Birth certificate", "Akta kelahiran", "",
     "Surat keterangan lahir dari bidan atau rumah sakit\nKartu keluarga\nKTP-el orang tua"),
    ("AKTAMATI", "administrasi_kependudukan", "Penerbitan Akta Kematian", "Death certificate",
     "Akta kematian", "",
     "Surat keterangan kematian dari desa\nKTP-el dan kartu keluarga almarhum\n"
     "Akta kelahiran almarhum bila ada"),
    ("KTP", "administrasi_kependudukan", "Perekaman dan Pencetakan KTP Elektronik",
     "Recording and printing the electronic ID card", "KTP-el baru", "e-ktp",
     "Kartu keluarga\nBerusia 17 tahun atau sudah menikah"),
    ("KTPHILANG", "administrasi_kependudukan", "Penggantian KTP-el Hilang atau Rusak",
     "Replacing a lost or damaged ID card", "KTP-el hilang/rusak", "",
     "Surat keterangan kehilangan dari kepolisian\nKTP-el yang rusak\nKartu keluarga"),
    ("KK", "administrasi_kependudukan", "Penerbitan Kartu Keluarga Baru atau Perubahan Data",
     "Family card, new or changed", "Kartu keluarga", "", "KTP-el\nBuku nikah"),
    ("PINDAH", "administrasi_kependudukan", "Penerbitan Surat Keterangan Pindah Penduduk",
     "Moving-out certificate", "Surat pindah", "", "KTP-el\nKartu keluarga"),
    ("KIA", "administrasi_kependudukan", "Penerbitan Kartu Identitas Anak",
     "Child identity card", "Kartu identitas anak", "", "Akta kelahiran anak\nKartu keluarga"),
    ("NIB", "perizinan", "Pendampingan Penerbitan Nomor Induk Berusaha (NIB) di OSS",
     "Help getting a business number (NIB) on OSS", "NIB usaha mikro", "", "KTP-el\nNPWP"),
    ("PIRT", "perizinan", "Penerbitan Sertifikat Produksi Pangan Industri Rumah Tangga",
     "Home food industry certificate", "Sertifikat PIRT", "", "KTP-el\nNIB"),
    ("SKTM", "sosial", "Penerbitan Surat Keterangan Tidak Mampu",
     "Certificate of low income", "Surat tidak mampu", "", "KTP-el\nKartu keluarga"),
    ("BANSOS", "sosial", "Pengusulan Data Keluarga Penerima Bantuan Sosial (DTSEN)",
     "Proposing a family for social assistance", "Usul bansos", "", "KTP-el\nKartu keluarga"),
)


def make_search_catalogue(session) -> dict:
    """The services above, indexed, by code; health offered at two puskesmas besides Dinkes."""
    make_regions(session, (*REGIONS, ("35.29.10", "Gapura", "kecamatan")))
    dinkes, dukcapil = make_agency(session, slug="dinkes"), make_agency(session, slug="dukcapil")
    units = {
        "dinkes": make_unit(session, agency=dinkes, name="Dinas Kesehatan"),
        "pandian": make_unit(session, agency=dinkes, name="Puskesmas Pandian",
                             kecamatan_code="35.29.01"),
        "kalianget": make_unit(session, agency=dinkes, name="Puskesmas Kalianget",
                               kecamatan_code="35.29.02"),
        "dukcapil": make_unit(session, agency=dukcapil, name="Dinas Kependudukan",
                              kecamatan_code="35.29.01"),
    }
    services = {}
    for code, category, name_id, name_en, short, keywords, requirements in SERVICES:
        health = category == "kesehatan"
        service = make_service(
            session, unit=units["dinkes" if health else "dukcapil"], code=code,
            category=category, name_id=name_id, name_en=name_en, short_name_id=short,
            short_name_en=short, keywords=keywords)
        service.offered_at = ([units["dinkes"], units["pandian"], units["kalianget"]] if health
                              else [units["dukcapil"]])
        _set_requirements(service, requirements)
        reindex_service(session, service)
        services[code] = service
    session.commit()
    return {"services": services, "units": units}


def _set_requirements(service, requirements: str) -> None:
    """Requirements one per line, as the catalogue keeps them."""
    for standard in service.standards:
        if standard.component == "persyaratan":
            standard.text_id = standard.text_en = requirements
            return
    service.standards.append(ServiceStandard(component="persyaratan", text_id=requirements))

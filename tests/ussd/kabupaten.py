"""A generated catalogue of a real kabupaten's size, for the USSD menus' reach.

Sumenep's 27 kecamatan and their desa (core/demo/regions_35_29.csv), a
puskesmas in each (two in the town), a kecamatan office in each, the
kabupaten's offices, and 66 services: health at every puskesmas, civil
registration and social affairs at the kecamatan offices too, licensing at
the one-stop office. Names follow the real ones' shapes ("Puskesmas X",
"Kantor Kecamatan X"), which is what makes typed letters ambiguous.
"""

import csv
from pathlib import Path

from core.models import Region
from tests.factories import make_agency, make_service, make_unit

REGIONS_CSV = Path(__file__).parents[2] / "core" / "demo" / "regions_35_29.csv"
TOWN = "35.29.01"
SERVICES_PER_CATEGORY = {"kesehatan": 24, "administrasi_kependudukan": 16, "perizinan": 14,
                         "sosial": 12}


def load_regions(session) -> list[Region]:
    """Every region of Sumenep, committed; the kecamatan returned, by code."""
    with REGIONS_CSV.open(encoding="utf-8") as rows:
        regions = [Region(code=row["code"], name=row["name"], level=row["level"],
                          parent_code=row["code"].rpartition(".")[0] or None)
                   for row in csv.DictReader(rows)]
    session.add_all(regions)
    session.commit()
    return sorted((r for r in regions if r.level == "kecamatan"), key=lambda r: r.code)


def build_kabupaten(session) -> dict[str, list]:
    """Regions, about 60 units and 66 services, committed; the units by group."""
    kecamatan = load_regions(session)
    dinkes, pemkab = make_agency(session, slug="dinkes"), make_agency(session, slug="pemkab")
    puskesmas = [make_unit(session, agency=dinkes, kind="puskesmas", kecamatan_code=k.code,
                           name=f"Puskesmas {k.name}", region=f"Kecamatan {k.name}")
                 for k in kecamatan if k.code != TOWN]
    puskesmas += [make_unit(session, agency=dinkes, kind="puskesmas", kecamatan_code=TOWN,
                            name=name, region="Kecamatan Kota Sumenep")
                  for name in ("Puskesmas Pandian", "Puskesmas Pamolokan")]
    offices = [make_unit(session, agency=pemkab, kind="kecamatan", kecamatan_code=k.code,
                         name=f"Kantor Kecamatan {k.name}", region=f"Kecamatan {k.name}")
               for k in kecamatan]
    district = {slug: make_unit(session, agency=pemkab, kind=kind, kecamatan_code=code, name=name)
                for slug, kind, code, name in (
                    ("rsud", "rumah_sakit", TOWN, "RSUD dr. H. Moh. Anwar"),
                    ("dukcapil", "kantor", None, "Kantor Disdukcapil Kabupaten Sumenep"),
                    ("dinsos", "kantor", None, "Dinas Sosial Kabupaten Sumenep"),
                    ("mpp", "loket", TOWN, "Mal Pelayanan Publik Sumenep"))}
    where = {"kesehatan": (district["rsud"], [*puskesmas, district["rsud"]]),
             "administrasi_kependudukan": (district["dukcapil"], [*offices, district["mpp"]]),
             "perizinan": (district["mpp"], [district["mpp"]]),
             "sosial": (district["dinsos"], offices)}
    for category, count in SERVICES_PER_CATEGORY.items():
        own, offered = where[category]
        for number in range(1, count + 1):
            service = make_service(session, unit=own, category=category, menu_order=number,
                                   short_name_id=f"{category[:6].title()} layanan {number}")
            service.offered_at = [own, *(unit for unit in offered if unit.id != own.id)]
            session.commit()
    return {"puskesmas": puskesmas, "offices": offices, "district": list(district.values())}

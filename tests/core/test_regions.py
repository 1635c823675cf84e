"""Sumenep's regions as data, and the place a citizen's own words name (an SMS report)."""

import csv

import pytest
from sqlalchemy import func, select

from core.catalogue.regions import Place, place_named_in
from core.demo.loader import REGIONS
from core.models import Region
from tests.factories import make_regions


@pytest.fixture
def sumenep(session):
    """The kabupaten's 362 rows as the demo ships them."""
    with REGIONS.open(encoding="utf-8") as rows:
        make_regions(session, [(row["code"], row["name"], row["level"])
                               for row in csv.DictReader(rows)])


@pytest.mark.parametrize(("text", "expected"), [
    ("Jalan rusak di desa Kalimook, kec. Kalianget",
     Place(kecamatan_code="35.29.02", desa_code="35.29.02.2005")),
    ("Lampu mati di Kalianget Timur", Place(kecamatan_code="35.29.02",
                                            desa_code="35.29.02.2007")),
    ("Bidan tidak datang, Kecamatan Ra'as", Place(kecamatan_code="35.29.22")),
    ("Puskesmas tutup di Kota Sumenep", Place(kecamatan_code="35.29.01")),
    ("Guru jarang hadir di kec Guluk-Guluk", Place(kecamatan_code="35.29.09")),
    # Poteran is a desa of Talango and of Ra'as: only with its kecamatan.
    ("Air bersih habis di desa Poteran", Place()),
    ("Air bersih habis di desa Poteran kec. Talango",
     Place(kecamatan_code="35.29.04", desa_code="35.29.04.2006")),
    # A region's name without a word announcing a place is not taken.
    ("Kalimook jalan rusak", Place()),
    ("Jalan desa rusak parah", Place()),
    ("", Place()),
])
def test_the_place_a_report_names(session, sumenep, text, expected):
    """A marker word (desa, kec, di...) then an official name: its codes, or nothing when unsure."""
    assert place_named_in(session, text) == expected


def test_the_demo_ships_sumenep_whole(sumenep, session):
    """27 kecamatan, 330 desa and 4 kelurahan under one kabupaten (docs/domain.md §11)."""
    levels = dict(session.execute(select(Region.level, func.count()).group_by(Region.level)).all())
    assert levels == {"kabupaten": 1, "kecamatan": 27, "desa": 330, "kelurahan": 4}

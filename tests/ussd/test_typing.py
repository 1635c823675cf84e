"""Typing the first letters of a name on a list screen, and units narrowed by kecamatan.

On the generated kabupaten (tests/ussd/kabupaten.py): 30 puskesmas, 27
kecamatan offices and the kabupaten's offices, over Sumenep's 27 kecamatan.
"""

import pytest
from sqlalchemy import select

from core.i18n import translate
from core.models import SurveyResponse, Ticket, Unit
from core.surveys.questionnaire import UNSUR
from ussd.finder import distinctive, matches, typed_name
from ussd.journey import PICK_CATEGORY, PICK_SERVICE, UNIT_KECAMATAN
from ussd.screens import NOT_FOUND, WRONG_CHOICE
from ussd.units import UNKNOWN_UNIT


def _unit(session, name):
    unit = session.scalars(select(Unit).where(Unit.name == name)).one()
    session.commit()
    return unit


def _ticket(session, phone):
    ticket = session.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    session.commit()
    return ticket


def test_the_complaint_units_of_a_category_by_kecamatan(kabupaten, phone):
    """After "Kesehatan": "don't know" first, then kecamatan with health units only."""
    phone.dial()
    listed = phone.send("2", "1", "1")
    assert listed.startswith("CON " + translate("id", UNIT_KECAMATAN))
    assert "1 " + translate("id", UNKNOWN_UNIT) in listed and "98 " in listed
    town = phone.send("98", "98", "98", "kota")
    assert "Puskesmas Pandian" in town and "Puskesmas Pamolokan" in town
    assert "Kantor Kecamatan" not in town and "Disdukcapil" not in town


def test_letters_pick_the_one_unit_they_match(kabupaten, phone):
    """"pand" is Puskesmas Pandian at once, from the kecamatan list."""
    phone.dial()
    assert translate("id", "Tulis laporan Anda singkat:") in phone.send("2", "1", "1", "pand")
    phone.send("Obat habis", "1", "1", "1", "1")
    assert _ticket(kabupaten, phone).unit_id == _unit(kabupaten, "Puskesmas Pandian").id


def test_letters_matching_several_show_a_shorter_list(kabupaten, phone):
    """"kali" finds the kecamatan and its puskesmas; a number picks; 0 shows the whole list."""
    phone.dial()
    found = phone.send("2", "1", "1", "Kali")
    assert "1 Kalianget\n2 Puskesmas Kalianget\n0 " in found
    assert "Ambunten" in phone.send("0")
    phone.send("kali")
    # The kecamatan has one health unit: it is picked at once.
    assert translate("id", "Tulis laporan Anda singkat:") in phone.send("1")
    phone.send("Antre lama", "1", "1", "1", "1")
    assert _ticket(kabupaten, phone).unit_id == _unit(kabupaten, "Puskesmas Kalianget").id


def test_letters_matching_nothing_give_a_hint(kabupaten, phone):
    """No name starts so: the same list with a hint; digits keep their meaning."""
    phone.dial()
    phone.send("2", "1")
    assert phone.send("zzz").startswith("CON " + translate("id", NOT_FOUND))
    assert phone.send("99").startswith("CON " + translate("id", WRONG_CHOICE))
    assert translate("id", UNIT_KECAMATAN) in phone.send("1")


def test_letters_on_categories_and_services(kabupaten, phone):
    """Any list takes letters: a category, then a service by a word of its name."""
    phone.dial()
    assert translate("id", PICK_SERVICE) in phone.send("1", "kes")
    assert translate("id", "Lanjut") in phone.send("layanan 12")


def test_a_request_at_the_unit_chosen(kabupaten, phone):
    """A service offered at every puskesmas: the citizen picks one, the ticket goes there."""
    phone.dial()
    phone.send("1", "1", "1")
    listed = phone.send("1")
    assert translate("id", UNIT_KECAMATAN) in listed and translate("id", UNKNOWN_UNIT) not in listed
    confirm = phone.send("pamo")
    assert "Puskesmas Pamolokan" in confirm
    phone.send("1")
    assert _ticket(kabupaten, phone).unit_id == _unit(kabupaten, "Puskesmas Pamolokan").id


def test_a_service_offered_at_one_unit_asks_no_unit(kabupaten, phone):
    """Licensing is at the one-stop office only: straight to the confirmation."""
    phone.dial()
    confirm = phone.send("1", "3", "1", "1")
    assert "Mal Pelayanan Publik Sumenep" in confirm
    assert translate("id", "Ya, ajukan") in confirm


def test_a_kecamatan_with_one_unit_picks_it(kabupaten, phone):
    """Survey: the kecamatan's only unit needs no list."""
    phone.dial()
    phone.send("4", "rubaru")  # the kecamatan, its puskesmas and its office
    assert translate("id", "Unit yang dinilai:") in phone.send("1")
    assert translate("id", UNSUR[0].question) in phone.send("1")


@pytest.mark.parametrize("language", ["id", "en"])
def test_survey_of_a_unit_found_by_name(kabupaten, phone, language):
    """Survey: letters on the kecamatan list pick the unit; nine answers recorded for it."""
    phone.dial()
    if language == "en":
        phone.send("6", "2")
    phone.send("4", "pand")
    phone.send(*["3"] * 9)
    response = kabupaten.scalars(select(SurveyResponse)).one()
    assert response.unit_id == _unit(kabupaten, "Puskesmas Pandian").id


def test_pick_category_title_kept(kabupaten, phone):
    """A list narrowed by letters keeps its title."""
    phone.dial()
    found = phone.send("2", "1", "pe")
    assert found.startswith("CON " + translate("id", PICK_CATEGORY))
    assert "1 Perizinan\n2 Pendidikan" in found and "Kesehatan" not in found


@pytest.mark.parametrize(("typed", "name", "found"), [
    ("pand", "Puskesmas Pandian", True),
    ("PAND", "Puskesmas Pandian", True),
    ("puskesmas p", "Puskesmas Pandian", True),
    ("kota sum", "Kantor Kecamatan Kota Sumenep", True),
    ("sumenep kota", "Kantor Kecamatan Kota Sumenep", False),
    ("andian", "Puskesmas Pandian", False),
    ("raas", "Ra'as", True),
    ("guluk g", "Guluk-Guluk", True),
    ("dr h", "RSUD dr. H. Moh. Anwar", True),
    ("arjasa pulau", "Puskesmas Arjasa (Pulau Kangean)", True),
])
def test_a_name_matches_from_the_start_of_a_word(typed, name, found):
    """Case, accents and punctuation aside, a word (and those after it) starts so."""
    assert matches(typed_name(typed), name) is found


@pytest.mark.parametrize(("choice", "typed"), [
    ("98", None), ("00", None), ("7", None), ("\uff11", None), ("\U0001f600", None),
    ("x" * 31, None), ("1a", "1a"), ("  Pand ", "pand"), ("Kota-Sum", "kota sum"),
])
def test_what_counts_as_a_typed_name(choice, typed):
    """Digits keep their meaning; an input with a letter is a name."""
    assert typed_name(choice.strip()) == typed


def test_distinctive_part_of_a_name():
    """What the reach test types: the name after its generic first words."""
    assert distinctive("Kantor Kecamatan Kalianget") == "kalianget"
    assert distinctive("UPT Disdukcapil Gayam (Pulau Sapudi)") == "disdukcapil gayam pulau sapudi"
    assert distinctive("Puskesmas") == "puskesmas"

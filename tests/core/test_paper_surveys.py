"""Paper SKM sheets entered in batches (issue 16): counted once, like a counter device's answers."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.errors import NotFound
from core.models import AuditEntry, SurveyResponse
from core.staff.access import Forbidden, Principal
from core.surveys.ikm import compute_ikm
from core.surveys.paper import (
    MAX_PRINT,
    BadSheets,
    enter_paper_batch,
    print_serials,
    read_sheets,
    sheet_serial,
)
from core.surveys.responses import record_survey_response
from tests.factories import make_agency, make_unit, respondent_phone

Q4 = (date(2026, 10, 1), date(2026, 12, 31))
NOVEMBER = datetime(2026, 11, 10, 3, tzinfo=UTC)


def answers_of(number: int) -> tuple[int, ...]:
    """Varied answers for sheet `number`, every score from 1 to 4 appearing."""
    return tuple(1 + (number * (position + 1) + position) % 4 for position in range(9))


def batch_text(unit_id: int, count: int, first: int = 1, year: int = 2026) -> str:
    """`count` typed lines, one per sheet, with a profile on some."""
    lines = []
    for number in range(first, first + count):
        digits = "".join(str(a) for a in answers_of(number))
        profile = " L 34 SMA PNS" if number % 2 else ""
        lines.append(f"{sheet_serial(unit_id, year, number)} {digits}{profile}")
    return "\n".join(lines)


@pytest.fixture
def units(session):
    """Two units of one agency and a head for each, as principals."""
    agency = make_agency(session)
    unit_a = make_unit(session, agency=agency, name="Puskesmas Kertas")
    unit_b = make_unit(session, agency=agency, name="Puskesmas Web")
    session.commit()
    return unit_a, unit_b


def head(unit) -> Principal:
    """The unit head of a unit (no officer row needed: the audit names the id)."""
    return Principal(None, "unit_head", unit.id)


def index(session, unit_id):
    """The unit's official index for the fourth quarter of 2026."""
    return compute_ikm(session, start=Q4[0], end=Q4[1], unit_id=unit_id)


def stored(session) -> int:
    """How many survey responses are stored."""
    return session.scalar(select(func.count()).select_from(SurveyResponse))


def test_fifty_paper_sheets_move_the_index_like_fifty_web_responses(session, units):
    unit_a, unit_b = units
    assert index(session, unit_a.id).n == 0
    saved = enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id,
                              text=batch_text(unit_a.id, 50), now=NOVEMBER)
    for number in range(1, 51):
        record_survey_response(session, answers=answers_of(number), channel="web",
                               unit_id=unit_b.id, phone=respondent_phone(number),
                               now=NOVEMBER + timedelta(minutes=number))
    session.commit()
    paper, web = index(session, unit_a.id), index(session, unit_b.id)
    assert len(saved) == 50
    assert paper.n == web.n == 50 and paper.ikm is not None
    assert paper == web
    assert {r.channel for r in saved} == {"counter"} and {r.tally for r in saved} == {"counter"}
    assert saved[0].client_key == f"paper:{unit_a.id}-2026-0001"
    assert (saved[0].sex, saved[0].age, saved[0].education, saved[0].occupation) == (
        "L", 34, "sma", "pns")
    assert saved[1].sex is None


def test_a_batch_is_audited(session, units):
    unit_a, _ = units
    enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id,
                      text=batch_text(unit_a.id, 3), now=NOVEMBER)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "paper_surveys")).one()
    assert entry.target == f"unit:{unit_a.id}"
    assert entry.detail == f"3: {unit_a.id}-2026-0001..{unit_a.id}-2026-0003"


def test_a_serial_entered_before_is_refused_naming_that_sheet(session, units):
    unit_a, _ = units
    enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id,
                      text=batch_text(unit_a.id, 2), now=NOVEMBER)
    session.commit()
    later = batch_text(unit_a.id, 3, first=2)  # sheet 2 again, then 3 and 4
    with pytest.raises(BadSheets) as refused:
        enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id, text=later,
                          now=NOVEMBER + timedelta(days=1))
    (problem,) = refused.value.problems
    assert problem.line == 1
    assert problem.params == {"serial": f"{unit_a.id}-2026-0002", "date": "2026-11-10",
                              "answers": "".join(str(a) for a in answers_of(2))}
    session.rollback()
    assert stored(session) == 2


def test_a_serial_twice_in_one_batch_is_refused(session, units):
    unit_a, _ = units
    text = batch_text(unit_a.id, 2) + "\n\n" + batch_text(unit_a.id, 1)
    with pytest.raises(BadSheets) as refused:
        enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id, text=text,
                          now=NOVEMBER)
    (problem,) = refused.value.problems
    assert (problem.line, problem.params) == (4, {"serial": f"{unit_a.id}-2026-0001",
                                                  "other": 1})
    assert stored(session) == 0


@pytest.mark.parametrize(("line", "message"), [
    ("{u}-2026-0007 344343435", "Jawaban U%(unsur)s adalah %(digit)s; harus 1-4."),
    ("{u}-2026-0007 34434343", "Ada %(count)s angka jawaban; harus sembilan."),
    ("{u}-2026-0007 344343434 L 34 SMK", "Kode \"%(word)s\" tidak dikenal: lihat tabel kode."),
    ("{u}-2026-0007 344343434 L P", "Kode \"%(word)s\" mengulang isian yang sudah ada."),
    ("{u}-2026-0007 344343434 ٣4", "Kode \"%(word)s\" tidak dikenal: lihat tabel kode."),
    ("{u}-2026-0007", "Jawaban (sembilan angka 1-4) tidak ada."),
    ("344343434 L", "Nomor lembar \"%(word)s\" tidak dikenal: tulis seperti %(example)s."),
    ("{o}-2026-0007 344343434", "Nomor lembar %(serial)s milik unit lain."),
    ("{u}-2027-0007 344343434", "Nomor lembar %(serial)s tidak mungkin: periksa tahun dan "
                                "nomor urutnya."),
])
def test_bad_lines_refuse_the_batch_with_their_line_numbers(session, units, line, message):
    unit_a, unit_b = units
    bad = line.format(u=unit_a.id, o=unit_b.id)
    text = batch_text(unit_a.id, 2) + "\n" + bad + "\n" + batch_text(unit_a.id, 1, first=9)
    with pytest.raises(BadSheets) as refused:
        enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id, text=text,
                          now=NOVEMBER)
    assert [(p.line, p.message) for p in refused.value.problems] == [(3, message)]
    assert stored(session) == 0


def test_every_bad_line_is_named_not_only_the_first():
    text = "1-2026-0001 344343435\n1-2026-0002 344343434\n\n1-2026-0003 3443\n"
    sheets, problems = read_sheets(text, unit_id=1, today_year=2026)
    assert [s.serial for s in sheets] == ["1-2026-0002"]
    assert [p.line for p in problems] == [1, 4]


def test_serials_are_accepted_without_leading_zeros_and_profile_codes_in_any_case():
    sheets, problems = read_sheets("1-2026-7 111111111 pns - 70 p s2", unit_id=1,
                                   today_year=2026)
    assert problems == []
    assert sheets[0].serial == "1-2026-0007"
    assert sheets[0].profile == {"occupation": "pns", "age": 70, "sex": "P", "education": "s2"}


def test_an_empty_batch_is_refused(session, units):
    unit_a, _ = units
    with pytest.raises(BadSheets):
        enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id, text=" \n",
                          now=NOVEMBER)


def test_only_who_manages_the_units_devices_enters_its_sheets(session, units):
    unit_a, unit_b = units
    text = batch_text(unit_a.id, 1)
    with pytest.raises(NotFound):
        enter_paper_batch(session, principal=head(unit_b), unit_id=unit_a.id, text=text)
    with pytest.raises(Forbidden):
        enter_paper_batch(session, principal=Principal(None, "officer", unit_a.id),
                          unit_id=unit_a.id, text=text)
    with pytest.raises(Forbidden):
        enter_paper_batch(session, principal=Principal(None, "auditor", None),
                          unit_id=unit_a.id, text=text)
    assert stored(session) == 0


def test_print_serials_are_unique_per_unit_and_year_and_capped():
    assert print_serials(7, 2026, 3, 9) == ["7-2026-0009", "7-2026-0010", "7-2026-0011"]
    assert print_serials(7, 2026, 10**9, 1)[-1] == f"7-2026-{MAX_PRINT:04d}"
    assert print_serials(7, 2026, 5, 99999) == ["7-2026-99999"]
    assert sheet_serial(71, 2026, 1) != sheet_serial(7, 2026, 11)


def test_a_sheet_stored_meanwhile_by_someone_else_refuses_the_batch(session, units, monkeypatch):
    """A lost race past the check: the unique key keeps one copy, the batch stores nothing."""
    unit_a, _ = units
    enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id,
                      text=batch_text(unit_a.id, 1, first=2), now=NOVEMBER)
    session.commit()
    # The check sees nothing, as when the twin is committed just after it.
    monkeypatch.setattr("core.surveys.paper.stored_sheet", lambda _session, _serial: None)
    with pytest.raises(BadSheets) as refused:
        enter_paper_batch(session, principal=head(unit_a), unit_id=unit_a.id,
                          text=batch_text(unit_a.id, 3), now=NOVEMBER + timedelta(days=1))
    assert [p.params["serial"] for p in refused.value.problems] == [f"{unit_a.id}-2026-0002"]
    session.rollback()
    assert stored(session) == 1
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1

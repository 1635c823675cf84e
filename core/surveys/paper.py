"""Paper SKM questionnaires: serial numbers for printed sheets, and filled sheets in batches.

A unit prints numbered sheets from the back office; its officer types each
filled sheet back as one line: the serial, the nine answers as nine digits,
then the respondent profile codes, e.g. "7-2026-0001 344343434 L 34 SMA PNS".
A sheet is stored as a survey response of channel "counter" with the client
key "paper:<serial>": the unique (channel, client_key) pair counts a sheet
once even when two officers enter it at the same moment. A paper sheet has no
phone, so it counts like a counter device's answer (docs/domain.md §3.6).

A batch is all or nothing: every line is checked first, and one bad line
refuses the batch with a message per line (its number and what is wrong).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import local_date, now_utc
from core.errors import DomainError, NotFound
from core.i18n import N_
from core.models import SurveyResponse, Unit
from core.staff.access import Principal, require
from core.staff.audit import audited
from core.surveys.questionnaire import ANSWERS, MAX_AGE, MIN_AGE, UNSUR
from core.surveys.responses import record_survey_response

# The capability of whoever manages the unit's counter devices: paper sheets count the same way.
CAPABILITY = "devices"
CHANNEL = "counter"
KEY_PREFIX = "paper:"
# A serial is "<unit id>-<year>-<sheet number>": unique across units and years, short to type.
SERIAL = re.compile(r"^(\d{1,9})-(\d{4})-(\d{1,5})$")
FIRST_YEAR = 2000
MAX_SHEET_NUMBER = 99999
MAX_PRINT = 200
MAX_LINES = 500
BLANK = "-"

# What the officer types for each profile answer (shown on the entry page and printed sheet).
PROFILE_CODES: dict[str, tuple[str, str]] = {
    "L": ("sex", "L"), "P": ("sex", "P"),
    "SD": ("education", "sd"), "SMP": ("education", "smp"), "SMA": ("education", "sma"),
    "D3": ("education", "d3"), "S1": ("education", "s1"), "S2": ("education", "s2"),
    "PNS": ("occupation", "pns"), "SWA": ("occupation", "swasta"),
    "WIR": ("occupation", "wirausaha"), "TAN": ("occupation", "petani"),
    "PEL": ("occupation", "pelajar"), "LAIN": ("occupation", "lainnya"),
}


def sheet_serial(unit_id: int, year: int, number: int) -> str:
    """The serial printed on one sheet, e.g. 7-2026-0001."""
    return f"{unit_id}-{year}-{number:04d}"


def print_serials(unit_id: int, year: int, count: int, first: int) -> list[str]:
    """The serials of `count` sheets from number `first`, within the limits of a print run."""
    first = min(max(first, 1), MAX_SHEET_NUMBER)
    count = min(max(count, 1), MAX_PRINT, MAX_SHEET_NUMBER - first + 1)
    return [sheet_serial(unit_id, year, number) for number in range(first, first + count)]


def paper_key(serial: str) -> str:
    """The client key a sheet is stored under."""
    return KEY_PREFIX + serial


@dataclass(frozen=True)
class PaperSheet:
    """One filled sheet as typed: serial, nine answers, optional profile."""

    line: int
    serial: str
    answers: tuple[int, ...]
    profile: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LineProblem:
    """What is wrong with one line: a message (msgid) and its placeholders' values."""

    line: int
    message: str
    params: dict = field(default_factory=dict)


class BadSheets(DomainError):
    """One line or more of the batch is wrong: nothing was stored."""

    message = N_("Tidak ada lembar yang disimpan: perbaiki baris yang salah lalu kirim lagi.")

    def __init__(self, problems: list[LineProblem]):
        super().__init__("lines " + ",".join(str(p.line) for p in problems))
        self.problems = problems


def read_sheets(text: str, *, unit_id: int, today_year: int
                ) -> tuple[list[PaperSheet], list[LineProblem]]:
    """The sheets of a batch (one per non-blank line) and the problems of its bad lines."""
    sheets: list[PaperSheet] = []
    problems: list[LineProblem] = []
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        return [], [LineProblem(MAX_LINES + 1, N_("Paling banyak %(n)s baris sekali kirim."),
                                {"n": MAX_LINES})]
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        sheet, problem = read_line(raw, line=number, unit_id=unit_id, today_year=today_year)
        if problem is None and sheet.serial in seen:
            problem = LineProblem(number, N_("Nomor lembar %(serial)s sudah ada di baris "
                                             "%(other)s."),
                                  {"serial": sheet.serial, "other": seen[sheet.serial]})
        if problem is not None:
            problems.append(problem)
            continue
        seen[sheet.serial] = number
        sheets.append(sheet)
    return sheets, problems


def read_line(raw: str, *, line: int, unit_id: int, today_year: int
              ) -> tuple[PaperSheet | None, LineProblem | None]:
    """One typed line as a sheet, or the first thing wrong with it."""
    words = raw.split()
    serial, problem = _serial(words[0], line, unit_id, today_year)
    if problem is not None:
        return None, problem
    if len(words) < 2:
        return None, LineProblem(line, N_("Jawaban (sembilan angka 1-4) tidak ada."))
    answers, problem = _answers(words[1], line)
    if problem is not None:
        return None, problem
    profile, problem = _profile(words[2:], line)
    if problem is not None:
        return None, problem
    return PaperSheet(line, serial, answers, profile), None


def _serial(word: str, line: int, unit_id: int, today_year: int):
    """The serial written the canonical way, or the problem with it."""
    found = SERIAL.match(word)
    if found is None:
        return None, LineProblem(line, N_("Nomor lembar \"%(word)s\" tidak dikenal: tulis "
                                          "seperti %(example)s."),
                                 {"word": word[:30], "example": sheet_serial(unit_id,
                                                                            today_year, 1)})
    unit, year, number = (int(part) for part in found.groups())
    serial = sheet_serial(unit, year, number)
    if unit != unit_id:
        return None, LineProblem(line, N_("Nomor lembar %(serial)s milik unit lain."),
                                 {"serial": serial})
    if not FIRST_YEAR <= year <= today_year or number < 1:
        return None, LineProblem(line, N_("Nomor lembar %(serial)s tidak mungkin: periksa "
                                          "tahun dan nomor urutnya."), {"serial": serial})
    return serial, None


def _answers(word: str, line: int):
    """Nine digits 1-4, one per unsur in order, or the problem with them."""
    if not (word.isascii() and word.isdigit()):
        return None, LineProblem(line, N_("Jawaban \"%(word)s\" harus sembilan angka 1-4."),
                                 {"word": word[:30]})
    if len(word) != len(UNSUR):
        return None, LineProblem(line, N_("Ada %(count)s angka jawaban; harus sembilan."),
                                 {"count": len(word)})
    for position, digit in enumerate(word, start=1):
        if int(digit) not in ANSWERS:
            return None, LineProblem(line, N_("Jawaban U%(unsur)s adalah %(digit)s; harus 1-4."),
                                     {"unsur": position, "digit": digit})
    return tuple(int(digit) for digit in word), None


def _profile(words: list[str], line: int):
    """The profile codes in any order ("-" for a blank), each field at most once."""
    profile: dict = {}
    for word in words:
        if word == BLANK:
            continue
        field_value = _age(word) if word.isdigit() else PROFILE_CODES.get(word.upper())
        if field_value is None:
            return None, LineProblem(line, N_("Kode \"%(word)s\" tidak dikenal: lihat tabel "
                                              "kode."), {"word": word[:30]})
        name, value = field_value
        if name in profile:
            return None, LineProblem(line, N_("Kode \"%(word)s\" mengulang isian yang sudah "
                                              "ada."), {"word": word[:30]})
        profile[name] = value
    return profile, None


def _age(word: str) -> tuple[str, int] | None:
    """An age in the range the questionnaire accepts, as ("age", years)."""
    if not word.isascii() or len(word) > 3 or not MIN_AGE <= int(word) <= MAX_AGE:
        return None
    return "age", int(word)


def stored_sheet(session: Session, serial: str) -> SurveyResponse | None:
    """The response a sheet with this serial was stored as, if it was entered already."""
    return session.scalars(select(SurveyResponse).where(
        SurveyResponse.channel == CHANNEL, SurveyResponse.client_key == paper_key(serial))
    ).one_or_none()


def _clash(sheet: PaperSheet, earlier: SurveyResponse) -> LineProblem:
    """The line's problem when its serial was entered before: when, and with what answers."""
    return LineProblem(sheet.line, N_("Nomor lembar %(serial)s sudah dimasukkan pada %(date)s "
                                      "dengan jawaban %(answers)s."),
                       {"serial": sheet.serial,
                        "date": local_date(earlier.created_at).isoformat(),
                        "answers": "".join(str(a) for a in earlier.answers())})


def record_paper_sheets(
    session: Session, *, principal: Principal, unit_id: int, sheets: list[PaperSheet],
    now: datetime | None = None,
) -> list[SurveyResponse]:
    """Store the sheets of a batch, audited, or refuse them all with BadSheets."""
    require(principal, CAPABILITY, unit_id)
    moment = now or now_utc()
    clashes = [_clash(sheet, earlier) for sheet in sheets
               if (earlier := stored_sheet(session, sheet.serial)) is not None]
    if clashes:
        raise BadSheets(clashes)
    serials = f"{sheets[0].serial}..{sheets[-1].serial}" if sheets else ""
    with audited(session, officer_id=principal.officer_id, action="paper_surveys",
                 target=f"unit:{unit_id}", detail=f"{len(sheets)}: {serials}"):
        return [_record(session, unit_id, sheet, moment) for sheet in sheets]


def _record(session: Session, unit_id: int, sheet: PaperSheet, moment: datetime):
    """Store one sheet; a twin entered meanwhile by someone else refuses the batch."""
    response = record_survey_response(
        session, answers=sheet.answers, channel=CHANNEL, client_key=paper_key(sheet.serial),
        unit_id=unit_id, now=moment, paper=True, **sheet.profile)
    if response.created_at != moment:
        # Lost a race: the serial was stored between the check and now; the savepoint undoes all.
        raise BadSheets([_clash(sheet, response)])
    return response


def enter_paper_batch(
    session: Session, *, principal: Principal, unit_id: int, text: str,
    now: datetime | None = None,
) -> list[SurveyResponse]:
    """Check every typed line, then store the batch; BadSheets lists every bad line."""
    require(principal, CAPABILITY, unit_id)
    if session.get(Unit, unit_id) is None:
        raise NotFound("unit")
    moment = now or now_utc()
    sheets, problems = read_sheets(text, unit_id=unit_id, today_year=local_date(moment).year)
    if problems:
        raise BadSheets(problems)
    if not sheets:
        raise BadSheets([LineProblem(1, N_("Belum ada lembar yang diketik."))])
    return record_paper_sheets(session, principal=principal, unit_id=unit_id, sheets=sheets,
                               now=moment)


def paper_unit(session: Session, *, principal: Principal, unit_id: int) -> Unit:
    """The unit whose paper sheets the officer may print and enter."""
    require(principal, CAPABILITY, unit_id)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit")
    return unit

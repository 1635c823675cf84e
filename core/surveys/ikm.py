"""The community satisfaction index (IKM) of PermenPANRB 14/2017, computed in SQL.

The database returns one row of sums and counts; Python only does the
arithmetic, exactly, with fractions, so the grade boundaries are never
crossed by floating-point error.
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import local_day_start
from core.i18n import N_
from core.models import SurveyResponse
from core.models.surveys import COUNTED_TALLIES
from core.surveys.questionnaire import HIGHEST_ANSWER, LOWEST_ANSWER, UNSUR

EXACT_WEIGHT = Fraction(1, len(UNSUR))
# The weight as SKM worksheets in common use print it (docs/domain.md §3.2);
# offered for agencies that must match reports made that way. Its rounding
# caps the converted index at 99.9.
PRINTED_WEIGHT = Fraction(111, 1000)
WEIGHTS = {"exact": EXACT_WEIGHT, "printed": PRINTED_WEIGHT}
# How a report names the weight it used.
WEIGHT_LABELS = {"exact": f"1/{len(UNSUR)}", "printed": "0,111"}
CONVERSION = 25
# The converted index runs from every answer the worst to every answer the best.
CONVERTED_SCALE = (LOWEST_ANSWER * CONVERSION, HIGHEST_ANSWER * CONVERSION)

# Lower bound of each grade on the converted value, from the best down.
GRADES = (
    (Decimal("88.31"), "A", N_("Sangat baik")),
    (Decimal("76.61"), "B", N_("Baik")),
    (Decimal("65.00"), "C", N_("Kurang baik")),
    (Decimal("25.00"), "D", N_("Tidak baik")),
)

# Krejcie and Morgan (1970): population -> sample size, as published.
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113),
    (170, 118), (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144),
    (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169),
    (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205),
    (460, 210), (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248),
    (750, 254), (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285),
    (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313),
    (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357),
    (6000, 361), (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375),
    (20000, 377), (30000, 379), (40000, 380), (50000, 381), (75000, 382), (100000, 384),
)


@dataclass(frozen=True)
class IkmReport:
    """NRR per unsur, the index, its converted value and grade, for n respondents."""

    n: int
    nrr: tuple[Decimal, ...]
    ikm: Decimal | None
    ikm_converted: Decimal | None
    grade: str | None
    kinerja: str | None


def compute_ikm(
    session: Session,
    *,
    start: date,
    end: date,
    unit_id: int | None = None,
    service_id: int | None = None,
    weight: str = "exact",
) -> IkmReport:
    """IKM of responses from local date `start` to `end` inclusive, for a unit or service."""
    query = select(*answer_aggregates()).where(
        *counted_responses(),
        SurveyResponse.created_at >= local_day_start(start),
        SurveyResponse.created_at < local_day_start(end + timedelta(days=1)),
    )
    if unit_id is not None:
        query = query.where(SurveyResponse.unit_id == unit_id)
    if service_id is not None:
        query = query.where(SurveyResponse.service_id == service_id)
    return ikm_from_row(session.execute(query).one(), weight)


def counted_responses() -> list:
    """Conditions keeping the responses the official index counts: one voice once.

    A response counts when a completed ticket, a confirmed phone or an enrolled
    counter device ties it to one respondent (docs/domain.md §3.6).
    """
    return [SurveyResponse.tally.in_(COUNTED_TALLIES)]


def answer_aggregates() -> list:
    """SQL for the number of responses, then each unsur's count of answers, then their sums."""
    columns = [getattr(SurveyResponse, unsur.column) for unsur in UNSUR]
    return [func.count(), *(func.count(c) for c in columns), *(func.sum(c) for c in columns)]


def ikm_from_row(row, weight: str = "exact") -> IkmReport:
    """Build the report from the values of answer_aggregates(), in that order."""
    count = len(UNSUR)
    return ikm_from_sums(row[0], row[1:1 + count], row[1 + count:1 + 2 * count], weight)


def ikm_from_sums(n: int, counts, sums, weight: str = "exact") -> IkmReport:
    """Build the report from per-unsur answer counts and score sums."""
    if not n:
        return IkmReport(0, (), None, None, None, None)
    nrr = [Fraction(int(total), int(count)) for total, count in zip(sums, counts, strict=True)]
    ikm = sum(nrr, Fraction(0)) * WEIGHTS[weight]
    converted = _round2(ikm * CONVERSION)
    grade, kinerja = grade_for(converted)
    return IkmReport(
        n=n,
        nrr=tuple(_round2(value) for value in nrr),
        ikm=_round(ikm, "0.0001"),
        ikm_converted=converted,
        grade=grade,
        kinerja=kinerja,
    )


def grade_for(converted: Decimal) -> tuple[str, str]:
    """Mutu and kinerja for a converted IKM rounded to two decimals."""
    for lower, grade, kinerja in GRADES:
        if converted >= lower:
            return grade, kinerja
    return GRADES[-1][1], GRADES[-1][2]


def sample_target(population: int) -> int:
    """Respondents needed for a service population, from the Krejcie-Morgan table.

    Between two rows the larger population's sample is taken (never too few),
    but never more than the population itself: 11 people cannot give 14
    answers, so a population of 11 is surveyed whole.
    """
    if population <= 0:
        return 0
    populations = [n for n, _ in KREJCIE_MORGAN]
    index = bisect_left(populations, population)
    if index >= len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return min(population, KREJCIE_MORGAN[index][1])


def _round(value: Fraction, places: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _round2(value: Fraction) -> Decimal:
    return _round(value, "0.01")

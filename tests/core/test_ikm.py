"""The satisfaction index (IKM, PermenPANRB 14/2017) from stored survey responses."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from itertools import count

import pytest

from core.surveys.ikm import (
    KREJCIE_MORGAN,
    PRINTED_WEIGHT,
    WEIGHT_LABELS,
    IkmReport,
    compute_ikm,
    grade_for,
    ikm_from_sums,
    sample_target,
)
from core.surveys.responses import record_survey_response
from tests.factories import make_service, make_unit, respondent_phone

WIB = timezone(timedelta(hours=7))
START, END = date(2025, 1, 1), date(2025, 3, 31)
IN_PERIOD = datetime(2025, 2, 14, 10, 0, tzinfo=WIB)


RESPONDENTS = count(1)


def record(session, rows, unit_id=None, service_id=None, at=IN_PERIOD):
    """Store one response per row of nine answers, each from its own confirmed phone."""
    for answers in rows:
        record_survey_response(session, answers=answers, channel="web", unit_id=unit_id,
                               service_id=service_id, now=at,
                               phone=respondent_phone(next(RESPONDENTS)))


def rows_of_threes(n, shift):
    """n responses of all 3s, with `shift` answers raised to 4 (or, if negative, lowered to 2).

    Every response answers all nine unsur, so NRR_i = sum_i / n and
    converted IKM = 25 * (NRR_1 + ... + NRR_9) / 9 = 25 * S / (9 * n),
    where S = 27 * n + shift is the sum of all 9n answers.
    """
    flat = [3] * (9 * n)
    for index in range(abs(shift)):
        flat[index] += 1 if shift > 0 else -1
    return [flat[i:i + 9] for i in range(0, len(flat), 9)]


def ikm(session, **kwargs):
    """The report for the test period."""
    return compute_ikm(session, start=START, end=END, **kwargs)


def test_all_fours_is_100_and_grade_a(session):
    """Every answer 'very good' gives the maximum: 100.00, A, Sangat baik."""
    unit = make_unit(session)
    record(session, [[4] * 9] * 3, unit_id=unit.id)
    report = ikm(session, unit_id=unit.id)
    assert (report.n, report.ikm, report.ikm_converted) == (3, Decimal("4.0000"), Decimal("100.00"))
    assert (report.grade, report.kinerja) == ("A", "Sangat baik")
    assert report.nrr == (Decimal("4.00"),) * 9


def test_printed_weight_caps_at_99_9(session):
    """With the printed weight 0,111 all 4s give 9 x 4 x 0.111 x 25 = 99.90."""
    unit = make_unit(session)
    record(session, [[4] * 9] * 2, unit_id=unit.id)
    report = ikm(session, unit_id=unit.id, weight="printed")
    assert (report.ikm, report.ikm_converted, report.grade) == (
        Decimal("3.9960"), Decimal("99.90"), "A")


# Each row: n responses, shift (see rows_of_threes), expected converted IKM and grade.
# S = 27n + shift; converted = 25 * S / (9n), rounded half up to two decimals.
@pytest.mark.parametrize(("n", "shift", "converted", "grade", "kinerja"), [
    # S = 648 + 115 = 763;  25 * 763 / 216 = 19075 / 216 = 88.3102 -> 88.31
    (24, 115, "88.31", "A", "Sangat baik"),
    # S = 513 + 91 = 604;   25 * 604 / 171 = 15100 / 171 = 88.3041 -> 88.30
    (19, 91, "88.30", "B", "Baik"),
    # S = 513 + 11 = 524;   25 * 524 / 171 = 13100 / 171 = 76.6082 -> 76.61
    (19, 11, "76.61", "B", "Baik"),
    # S = 702 + 15 = 717;   25 * 717 / 234 = 17925 / 234 = 76.6026 -> 76.60
    (26, 15, "76.60", "C", "Kurang baik"),
    # S = 135 - 18 = 117;   25 * 117 / 45 = 65 exactly -> 65.00
    (5, -18, "65.00", "C", "Kurang baik"),
    # S = 1026 - 137 = 889; 25 * 889 / 342 = 22225 / 342 = 64.9854 -> 64.99
    (38, -137, "64.99", "D", "Tidak baik"),
])
def test_grade_boundaries(session, n, shift, converted, grade, kinerja):
    """Response sets landing on each side of every grade boundary get the right grade."""
    unit = make_unit(session)
    record(session, rows_of_threes(n, shift), unit_id=unit.id)
    report = ikm(session, unit_id=unit.id)
    assert (report.n, report.ikm_converted) == (n, Decimal(converted))
    assert (report.grade, report.kinerja) == (grade, kinerja)


def test_nrr_per_unsur(session):
    """Each unsur's NRR is the mean of its answers, rounded to two decimals."""
    unit = make_unit(session)
    record(session, [
        [4, 2, 1, 4, 3, 3, 4, 1, 2],
        [4, 3, 1, 3, 3, 4, 4, 2, 2],
        [3, 3, 2, 4, 3, 4, 4, 2, 1],
    ], unit_id=unit.id)
    report = ikm(session, unit_id=unit.id)
    # U1 11/3, U2 8/3, U3 4/3, U4 11/3, U5 9/3, U6 11/3, U7 12/3, U8 5/3, U9 5/3
    assert report.nrr == tuple(Decimal(v) for v in (
        "3.67", "2.67", "1.33", "3.67", "3.00", "3.67", "4.00", "1.67", "1.67"))
    # Sum of NRR = 76/3; IKM = 76/27 = 2.8148; converted = 1900/27 = 70.3704 -> 70.37
    assert (report.ikm, report.ikm_converted, report.grade) == (
        Decimal("2.8148"), Decimal("70.37"), "C")


def test_period_is_inclusive_local_dates(session):
    """Responses count from 00:00 WIB on the first day to the end of the last day."""
    unit = make_unit(session)
    inside = [datetime(2025, 1, 1, 0, 0, tzinfo=WIB),          # 2024-12-31 17:00 UTC
              datetime(2025, 3, 31, 16, 59, 59, tzinfo=UTC)]   # 23:59:59 WIB
    outside = [datetime(2024, 12, 31, 23, 59, 59, tzinfo=WIB),
               datetime(2025, 3, 31, 17, 0, tzinfo=UTC)]       # 1 April 00:00 WIB
    for moment in inside:
        record(session, [[4] * 9], unit_id=unit.id, at=moment)
    for moment in outside:
        record(session, [[1] * 9], unit_id=unit.id, at=moment)
    report = ikm(session, unit_id=unit.id)
    assert (report.n, report.ikm_converted) == (2, Decimal("100.00"))


def test_other_units_responses_are_excluded(session):
    """A unit's index counts only its own responses."""
    unit, other = make_unit(session), make_unit(session)
    record(session, [[4] * 9], unit_id=unit.id)
    record(session, [[1] * 9] * 2, unit_id=other.id)
    assert (ikm(session, unit_id=unit.id).n, ikm(session, unit_id=unit.id).grade) == (1, "A")
    assert (ikm(session, unit_id=other.id).n, ikm(session, unit_id=other.id).grade) == (2, "D")
    assert ikm(session).n == 3


def test_index_by_service(session):
    """A service's index counts only responses about that service."""
    unit = make_unit(session)
    service, sibling = make_service(session, unit=unit), make_service(session, unit=unit)
    record(session, [[4] * 9], service_id=service.id)
    record(session, [[2] * 9] * 3, service_id=sibling.id)
    record(session, [[1] * 9], unit_id=unit.id)
    report = ikm(session, service_id=service.id)
    assert (report.n, report.ikm_converted) == (1, Decimal("100.00"))
    # 4 + 2 + 2 + 2 + 1 = 11 over five responses: 25 * 11 / 5 = 55.00
    assert ikm(session, unit_id=unit.id).ikm_converted == Decimal("55.00")


def test_no_responses_gives_an_empty_report(session):
    """Without responses there is no index and no grade."""
    unit = make_unit(session)
    record(session, [[4] * 9], unit_id=unit.id, at=datetime(2024, 6, 1, tzinfo=UTC))
    assert ikm(session, unit_id=unit.id) == IkmReport(0, (), None, None, None, None)


@pytest.mark.parametrize(("converted", "grade"), [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
])
def test_grade_for_converted_value(converted, grade):
    """Grades follow the 2017 bands on the converted value."""
    assert grade_for(Decimal(converted))[0] == grade


@pytest.mark.parametrize(("population", "sample"), [
    (100, 80), (1000, 278), (10000, 370), (100000, 384), (1000000, 384),
    (101, 86),   # between two rows: the larger row, never too few
    (5, 5), (0, 0), (1, 1), (10, 10),
    # Between 10 and 15 the next row asks 14: more people than there are. Survey them all.
    (11, 11), (12, 12), (13, 13), (14, 14), (15, 14), (16, 16), (17, 17), (18, 18), (19, 19),
    (20, 19), (21, 21), (24, 24), (26, 26), (27, 27), (28, 28), (29, 28),
])
def test_sample_target_follows_krejcie_morgan(population, sample):
    """Respondents needed per yearly service population, as the published table gives."""
    assert sample_target(population) == sample


def test_sample_target_never_exceeds_the_population():
    """However small the unit, the target is at most everyone it serves."""
    for population in range(0, KREJCIE_MORGAN[-1][0] + 2000):
        assert 0 <= sample_target(population) <= population, population


def test_the_printed_weight_is_0_111_as_worksheets_print_it():
    """The rounded weight is 0,111 (not 0,11), and reports name it so."""
    assert Fraction(111, 1000) == PRINTED_WEIGHT
    assert WEIGHT_LABELS == {"exact": "1/9", "printed": "0,111"}


# Demo units whose answers (n = 5, per-unsur counts and sums of the demo's counted
# responses of 2026) sit near a grade boundary, so the weight decides the grade.
TALANGO = (5, [5] * 9, [15, 16, 13, 13, 13, 12, 13, 10, 13])    # pkm-talango
MONCEK = (5, [5] * 9, [17, 19, 16, 19, 19, 17, 17, 16, 19])     # pkm-moncek


def test_demo_unit_graded_c_with_0_111_would_be_d_with_0_11():
    """pkm-talango: sum of NRR = 118/5 = 23.6. Exact: 23.6 / 9 * 25 = 65.555... -> 65.56, C.
    Printed: 23.6 * 0.111 * 25 = 65.49, C. With the old 0,11 it was 64.90: D."""
    exact, printed = (ikm_from_sums(*TALANGO, weight) for weight in ("exact", "printed"))
    assert (exact.ikm_converted, exact.grade) == (Decimal("65.56"), "C")
    assert (printed.ikm, printed.ikm_converted, printed.grade) == (
        Decimal("2.6196"), Decimal("65.49"), "C")
    assert Decimal("23.6") * Decimal("0.11") * 25 == Decimal("64.900")


def test_demo_unit_grade_follows_the_documented_exact_weight_by_default():
    """pkm-moncek: sum of NRR = 159/5 = 31.8. Exact (the default): 31.8 / 9 * 25 = 88.33, A;
    printed: 31.8 * 0.111 * 25 = 88.245 -> 88.25 (half up), B."""
    assert ikm_from_sums(*MONCEK).ikm_converted == Decimal("88.33")
    assert ikm_from_sums(*MONCEK).grade == "A"
    printed = ikm_from_sums(*MONCEK, "printed")
    assert (printed.ikm_converted, printed.grade) == (Decimal("88.25"), "B")

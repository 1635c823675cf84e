"""Ticket numbers: nine typeable digits whose Damm check digit catches every common typo."""

import pytest

from core.errors import MistypedTicketNumber, TicketNotFound
from core.tickets.filing import find_ticket
from core.tickets.numbers import (
    damm_check_digit,
    is_valid_ticket_number,
    new_ticket_number,
    parse_ticket_number,
)
from tests.factories import make_request

# Eight-digit bodies chosen to include repeated digits, near-all nines and a zero run.
BODIES = ["10000000", "12345678", "31415926", "27182818", "99999998", "55055055", "80808080"]
SAMPLE = [body + damm_check_digit(body) for body in BODIES]


def _substitutions(number):
    """Every number that differs from `number` in exactly one digit."""
    for position, digit in enumerate(number):
        for other in "0123456789":
            if other != digit:
                yield number[:position] + other + number[position + 1:]


def _transpositions(number):
    """Every number made by swapping two adjacent, different digits of `number`."""
    for position in range(len(number) - 1):
        first, second = number[position], number[position + 1]
        if first != second:
            yield number[:position] + second + first + number[position + 2:]


def test_damm_check_digit_matches_the_published_example():
    """Damm's worked example: the check digit of 572 is 4."""
    assert damm_check_digit("572") == "4"


def test_new_numbers_are_nine_valid_digits_without_leading_zero():
    """Fresh numbers have nine ASCII digits, a correct check digit and no leading zero."""
    for _ in range(200):
        number = new_ticket_number()
        assert len(number) == 9
        assert number.isascii() and number.isdigit()
        assert number[0] != "0"
        assert is_valid_ticket_number(number)


def test_new_numbers_do_not_repeat():
    """Many draws give distinct numbers (90 million possible bodies)."""
    draws = [new_ticket_number() for _ in range(2000)]
    assert len(set(draws)) == len(draws)


@pytest.mark.parametrize("number", SAMPLE)
def test_sample_numbers_are_valid(number):
    """A body followed by its check digit is a valid ticket number."""
    assert is_valid_ticket_number(number)


@pytest.mark.parametrize("number", SAMPLE)
def test_every_single_digit_typo_is_rejected(number):
    """Changing any one digit to any other digit makes the number invalid."""
    typos = list(_substitutions(number))
    assert len(typos) == 9 * 9
    assert [typo for typo in typos if is_valid_ticket_number(typo)] == []


@pytest.mark.parametrize("number", SAMPLE)
def test_every_adjacent_swap_is_rejected(number):
    """Swapping any two neighbouring different digits makes the number invalid."""
    swaps = list(_transpositions(number))
    assert swaps
    assert [swap for swap in swaps if is_valid_ticket_number(swap)] == []


@pytest.mark.parametrize("text", [
    "", "12345678", "1234567890", "12345678a", "abcdefghi",
    "12345678\u00b2", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
])
def test_wrong_length_or_letters_are_invalid(text):
    """Only exactly nine digits can be a ticket number."""
    assert not is_valid_ticket_number(text)


@pytest.mark.parametrize("written", [
    "{a} {b} {c}",
    "{a}-{b}-{c}",
    "#{a}{b}{c}",
    "  {a}{b}{c}  ",
    "CEK {a}{b}{c}",
])
@pytest.mark.parametrize("number", SAMPLE[:3])
def test_parse_accepts_spaced_and_decorated_numbers(number, written):
    """Spaces, dashes, a '#' or a keyword around a valid number are ignored."""
    text = written.format(a=number[:3], b=number[3:6], c=number[6:])
    assert parse_ticket_number(text) == number


@pytest.mark.parametrize("number", SAMPLE[:3])
def test_parse_refuses_typos(number):
    """A single-digit typo or an adjacent swap raises MistypedTicketNumber."""
    for typo in [*_substitutions(number), *_transpositions(number)]:
        with pytest.raises(MistypedTicketNumber):
            parse_ticket_number(f"{typo[:3]} {typo[3:6]} {typo[6:]}")


@pytest.mark.parametrize("text", [None, "", "tiket saya", "12345678", "1234567890"])
def test_parse_refuses_text_without_a_number(text):
    """Missing, short or long digit strings raise MistypedTicketNumber."""
    with pytest.raises(MistypedTicketNumber):
        parse_ticket_number(text)


def test_find_ticket_by_spaced_number(session):
    """A filed ticket is found from its number written with spaces."""
    ticket = make_request(session)
    number = ticket.number
    assert find_ticket(session, number=f"{number[:3]} {number[3:6]} {number[6:]}").id == ticket.id


def test_find_ticket_reports_a_typo_as_mistyped(session):
    """A typo of an existing number is a typo, not somebody else's ticket."""
    number = make_request(session).number
    typo = next(_substitutions(number))
    with pytest.raises(MistypedTicketNumber):
        find_ticket(session, number=typo)


def test_find_ticket_reports_an_unknown_valid_number_as_not_found(session):
    """A well-formed number that no ticket has raises TicketNotFound."""
    filed = make_request(session).number
    unknown = next(number for number in SAMPLE if number != filed)
    with pytest.raises(TicketNotFound):
        find_ticket(session, number=unknown)

"""Ticket numbers a feature-phone user can type, with a Damm check digit.

Eight random digits plus one check digit. The Damm algorithm detects every
single-digit error and every swap of two adjacent digits, so a mistyped ticket
is answered "check the number" rather than with somebody else's ticket.
"""

import secrets

from core.errors import MistypedTicketNumber

LENGTH = 9

# The quasigroup of order 10 published by H. Michael Damm (2004).
_DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_check_digit(digits: str) -> str:
    """Return the check digit that makes the Damm interim digit of digits+check zero."""
    interim = 0
    for char in digits:
        interim = _DAMM_TABLE[interim][int(char)]
    return str(interim)


def is_valid_ticket_number(number: str) -> bool:
    """True when the number has the right length and a correct check digit."""
    # isdigit() alone would let through '²' and non-Latin digits.
    if len(number) != LENGTH or not (number.isascii() and number.isdigit()):
        return False
    return damm_check_digit(number) == "0"


def grouped_ticket_number(number: str) -> str:
    """The number in groups of three ('306 169 650'), as every channel shows it.

    Nine digits in a row are misread and mistyped; in threes they are read out
    at a counter and copied from an SMS. Anything else is returned as it is.
    """
    if len(number) != LENGTH:
        return number
    return " ".join(number[start:start + 3] for start in range(0, LENGTH, 3))


def new_ticket_number() -> str:
    """Draw a fresh random ticket number; callers retry on the rare collision."""
    # A leading zero would be lost by anyone who stores the number as an integer.
    body = str(secrets.randbelow(9 * 10 ** (LENGTH - 2)) + 10 ** (LENGTH - 2))
    return body + damm_check_digit(body)


def parse_ticket_number(text: str | None) -> str:
    """Extract a ticket number from what a citizen typed ('123 456 789', '#123456789').

    Raises MistypedTicketNumber when it cannot be a valid ticket number.
    """
    digits = "".join(char for char in (text or "")[:64] if char.isdigit() and char.isascii())
    if not is_valid_ticket_number(digits):
        raise MistypedTicketNumber(digits)
    return digits

"""Whole numbers from requests: ASCII digits within a column's range, or nothing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layanan.numbers import LARGEST, form_number, whole_number


@given(st.one_of(st.text(max_size=30), st.integers().map(str),
                 st.text(alphabet=st.characters(categories=["Nd", "No"]), max_size=12)))
def test_a_number_is_in_range_and_what_was_written(raw):
    """None, or the very number written in ASCII digits, from 0 to LARGEST."""
    number = whole_number(raw)
    if number is not None:
        assert 0 <= number <= LARGEST
        assert raw.strip().isascii() and int(raw.strip()) == number


@pytest.mark.parametrize(("raw", "number"), [
    ("7", 7), (" 12 ", 12), ("007", 7), ("0", 0), (str(LARGEST), LARGEST),
    (str(LARGEST + 1), None), ("9" * 20, None), ("²", None), ("٣", None), ("１", None),
    ("-1", None), ("+1", None), ("1.0", None), ("", None), (None, None), ("1" * 5000, None),
])
def test_known_values(raw, number):
    """The issue's values among them: '²' and 20 digits are no number."""
    assert whole_number(raw) == number


def test_a_form_field_out_of_range_is_a_form_error():
    """As a WTForms coerce, anything but a number in range raises ValueError."""
    assert form_number("42") == 42
    with pytest.raises(ValueError, match="whole number"):
        form_number("9" * 20)

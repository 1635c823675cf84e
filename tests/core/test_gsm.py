"""GSM 03.38: texts stay in the 7-bit basic set, so one SMS holds 160 characters."""

import pytest

from core.gsm import is_gsm_basic, shorten, sms_segments, to_gsm


@pytest.mark.parametrize(("text", "expected"), [
    ("\u201cObat\u201d", '"Obat"'),                        # curly double quotes
    ("\u2018ya\u2019", "'ya'"),                            # curly single quotes
    ("08.00\u201316.00", "08.00-16.00"),                   # en dash
    ("Selesai\u2014terima kasih", "Selesai-terima kasih"),  # em dash
    ("Tunggu\u2026", "Tunggu..."),                         # ellipsis character
    ("Jl.\u00a0Raya", "Jl. Raya"),                         # non-breaking space
    ("Terima kasih \U0001F600\U0001F64F", "Terima kasih "),  # emoji dropped
    ("Suhu 38\u00b0", "Suhu 38 derajat"),
    ("\u2022 KTP", "- KTP"),                               # bullet
    ("Fa\u00e7ade caf\u00e9", "Facade caf\u00e9"),         # accent outside the set dropped
    ("[RT 01] {x} ~ | ^ \\ \u20ac5", "(RT 01) (x) - /  / EUR5"),  # extension table avoided
    ("Biasa saja: Rp 5.000, 100% @puskesmas", "Biasa saja: Rp 5.000, 100% @puskesmas"),
])
def test_to_gsm_rewrites_typography_into_the_basic_set(text, expected):
    """Typography becomes its ASCII look-alike; what has none is dropped."""
    assert to_gsm(text) == expected
    assert is_gsm_basic(to_gsm(text))


@pytest.mark.parametrize(("text", "basic"), [
    ("Tiket 123456789 diterima.", True),
    ("Rp 5.000 @ 100% \u00e9\u00e8\u00c7\u00dc\u00a3", True),
    ("", True),
    ("\u201c", False),
    ("\u2013", False),
    ("\u2026", False),
    ("\u00a0", False),
    ("\U0001F600", False),
    ("{", False),     # extension table: allowed by GSM but costs two characters
    ("\u20ac", False),
])
def test_is_gsm_basic(text, basic):
    """Only characters of the basic set pass."""
    assert is_gsm_basic(text) is basic


@pytest.mark.parametrize(("length", "segments"), [
    (0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4),
])
def test_sms_segments(length, segments):
    """160 characters in one SMS, 153 per part once split."""
    assert sms_segments("a" * length) == segments


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Pendek", 10, "Pendek"),
    ("Antrean obat lama sekali", 15, "Antrean obat..."),
    ("Antrean obat lama sekali", 3, "..."),
])
def test_shorten(text, limit, expected):
    """Cut texts end with '...' and never exceed the limit."""
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit

"""Every SMS reply in both languages, with worst-case values: GSM-7 basic, two parts at most."""

import json

import pytest

from core.demo.loader import CATALOGUE
from core.errors import MistypedTicketNumber, TicketNotFound
from core.gsm import SINGLE_SEGMENT, is_gsm_basic, sms_segments
from core.i18n import LANGUAGES, translate
from core.surveys.invitations import invitation_text
from core.surveys.questionnaire import UNSUR
from core.surveys.responses import AlreadyRated
from core.tickets.filing import MAX_DESCRIPTION
from core.tickets.lifecycle import STATUSES
from core.tickets.notifications import render_fitted, status_summary
from core.tickets.numbers import LENGTH, grouped_ticket_number
from sms import replies

SERVICES = json.loads(CATALOGUE.read_text(encoding="utf-8"))["services"]
TICKET = "9" * LENGTH
# As texts show it: grouped, two characters longer.
SHOWN = grouped_ticket_number(TICKET)
# Typography and emoji a citizen's phone may send, each forcing UCS-2 if echoed.
MESSY = "\u201cJalan\u201d \u2014 rusak\u2026 \U0001F600\u00a0\u00b0 "
LONGEST_CODE = "X" * 12  # the width of Service.code


def longest(values):
    """The longest of some texts."""
    return max(values, key=len)


WORST = {
    "ticket": SHOWN,
    "service": longest(s["short_name"][lang] for s in SERVICES for lang in LANGUAGES),
    "code": LONGEST_CODE,
    "days": "999",
    "cost": replies.format_cost("id", 999_999_999),
    # A numbered choice: the most services it lists, each with the longest code and name.
    "choices": replies.numbered_choices([(LONGEST_CODE, MESSY * 10)] * (replies.MAX_CHOICES + 2)),
    "first": LONGEST_CODE,
    "words": replies.echo(MESSY * 100),
    "number": "9",
    # ANTRE: the longest unit name as cut, a slug-long code, a crowd ahead.
    "unit": replies.unit_name(MESSY * 20),
    "unit_code": "X" * 40,
    "ahead": "999",
    "day": "31/12",
    "time": "23.59",
    **dict.fromkeys(("one", "two", "three", "four"), longest(
        translate(lang, label) for lang in LANGUAGES for u in UNSUR for label in u.labels)),
    "question": longest(replies.survey_question(lang, i)
                        for lang in LANGUAGES for i in range(len(UNSUR))),
}
TEMPLATES = {name: value for name, value in vars(replies).items()
             if name.isupper() and isinstance(value, str)}
DOMAIN_MESSAGES = [MistypedTicketNumber.message, TicketNotFound.message, AlreadyRated.message]


def test_the_templates_are_all_found():
    """The scan below sees every template of the module."""
    assert len(TEMPLATES) >= 18
    assert "INFO_SERVICE" in TEMPLATES and "SURVEY_QUESTION" in TEMPLATES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", [*TEMPLATES.values(), *DOMAIN_MESSAGES])
def test_every_reply_fits_two_gsm_parts(template, language):
    """Each template, filled with the longest values it can get, is GSM basic and <= 2 parts."""
    if template == replies.INFO_SERVICE:
        text = render_fitted(language, template, field="requirements",
                                     value=MESSY * 200, **WORST)
    else:
        text = replies.render(language, template, **WORST)
    assert is_gsm_basic(text), text
    assert 1 <= sms_segments(text) <= 2, (len(text), text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_and_the_invitation_fit_one_part(language):
    """The texts everyone gets cost one SMS each."""
    for text in (replies.render(language, replies.HELP),
                 invitation_text(language, SHOWN)):
        assert is_gsm_basic(text)
        assert len(text) <= SINGLE_SEGMENT, (len(text), text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("index", range(len(UNSUR)))
def test_each_survey_question_and_its_correction_fit(index, language):
    """Every question with its four official labels, and the correction repeating it."""
    question = replies.survey_question(language, index)
    correction = replies.render(language, replies.SURVEY_CORRECTION, question=question)
    assert f"{index + 1}/9" in question and "1=" in question and "4=" in question
    for text in (question, correction):
        assert is_gsm_basic(text)
        assert sms_segments(text) <= 2, (len(text), text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("service", SERVICES, ids=lambda service: service["code"])
def test_info_for_every_demo_service_fits(service, language):
    """INFO for each demo service keeps name, code, time and cost, shortening requirements."""
    text = render_fitted(
        language, replies.INFO_SERVICE, field="requirements",
        value=service["standard"]["persyaratan"][language],
        service=service["short_name"][language], code=service["code"],
        days=service["time_days"], cost=replies.format_cost(language, service["cost_rupiah"]),
    )
    assert is_gsm_basic(text)
    assert sms_segments(text) <= 2
    assert service["code"] in text and f" {service['time_days']} " in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("complaint_type", [None, "informasi"])
def test_status_summary_fits(status, language, complaint_type):
    """CEK answers with the status summary of core, in every status, the number grouped."""

    class Ticket:
        number = TICKET

    Ticket.status, Ticket.complaint_type = status, complaint_type
    text = status_summary(language, Ticket)
    assert is_gsm_basic(text) and sms_segments(text) <= 2
    assert text.startswith(("Tiket ", "Ticket ")) and SHOWN in text


@pytest.mark.parametrize(("language", "rupiah", "text"), [
    ("id", 0, "gratis"), ("en", 0, "free"),
    ("id", 20000, "Rp20.000"), ("en", 20000, "Rp20,000"),
])
def test_format_cost(language, rupiah, text):
    """Free services say so; costs are grouped as each language writes them."""
    assert replies.format_cost(language, rupiah) == text


def test_echo_normalises_and_shortens_citizen_text():
    """Citizens' words quoted back are GSM-7, single-spaced and short."""
    assert replies.echo("\u201cimunisasi\u201d \u2014  anak") == '"imunisasi" - anak'
    echoed = replies.echo(MESSY * 100)
    assert is_gsm_basic(echoed) and len(echoed) <= replies.ECHO_CHARS
    assert MAX_DESCRIPTION == 4000


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_officers_overdue_digest_fits(language):
    """The daily digest to officers (core/duties/digest.py), with the longest values."""
    from core.duties.digest import UnitOverdue, digest_text

    worst = UnitOverdue(1, MESSY * 20, 99_999, TICKET, 9_999)
    text = digest_text(language, worst)
    assert is_gsm_basic(text) and sms_segments(text) <= 2, (len(text), text)

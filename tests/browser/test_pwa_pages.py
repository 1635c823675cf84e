"""The citizen pages in a real browser: accessibility, language, validation, CSRF."""

import pytest
from sqlalchemy import func, select

from core.models import Service, Ticket, Unit
from core.tickets.numbers import grouped_ticket_number
from tests.browser.conftest import controlled
from tests.browser.helpers import first, first_ticket, sign_in_citizen, violations


@pytest.mark.parametrize("kind", ["home", "service", "unit", "complaint", "ticket", "survey",
                                  "transparency"])
def test_axe_finds_no_violations(page, demo_db, axe_source, kind):
    """Home, a service page, a unit page, the complaint form, a ticket page, the survey form
    and the transparency page."""
    paths = {
        "home": lambda: "/",
        "service": lambda: f"/layanan/{first(demo_db, select(Service.id).order_by(Service.id))}",
        "unit": lambda: f"/unit/{first(demo_db, select(Unit.id).order_by(Unit.id))}",
        "complaint": lambda: "/pengaduan",
        "transparency": lambda: "/transparansi",
        "ticket": lambda: f"/tiket/{first(demo_db, select(Ticket.number).order_by(Ticket.id))}",
        "survey": lambda: "/survei",
    }
    page.goto(paths[kind]())
    assert violations(page, axe_source) == []


def test_axe_on_forms_showing_errors(page, axe_source):
    """The complaint form with its errors shown stays accessible."""
    page.goto("/pengaduan")
    page.click("button[type=submit]")
    page.locator("#description-error").wait_for()
    assert violations(page, axe_source) == []


def test_signed_in_ticket_page_with_reply_form(page, demo_db, axe_source):
    """Sign in by SMS code, open one's own ticket: details, reply or rating, all accessible."""
    number, phone = first_ticket(demo_db)
    page.goto(f"/tiket/{number}")
    page.get_by_role("link", name="Masuk").last.click()
    sign_in_citizen(page, demo_db, phone)
    page.wait_for_url(f"**/tiket/{number}")
    assert "Rincian kiriman Anda" in page.content()
    assert violations(page, axe_source) == []
    page.goto("/tiket-saya")
    assert number in page.content()


def test_language_switch_sticks(page):
    """English once, English on the next pages; and back."""
    controlled(page)
    page.get_by_role("link", name="English").click()
    # Mid-navigation the old document may already be gone: no element, no language yet.
    page.wait_for_function("() => document.documentElement?.lang === 'en'")
    assert page.locator("h1").inner_text() == "Public services"
    page.goto("/katalog")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Bahasa Indonesia").click()
    page.wait_for_function("() => document.documentElement?.lang === 'id'")
    assert page.locator("h1").inner_text() == "Katalog layanan"


@pytest.mark.parametrize(("language", "message"), [("id", "Nomor HP tidak valid."),
                                                   ("en", "Invalid phone number.")])
def test_validation_error_next_to_the_field_in_the_chosen_language(page, language, message):
    """A bad phone number: the message sits right after its input, in the page's language."""
    page.goto(f"/bahasa/{language}?next=/masuk")
    page.fill("#phone", "12345")
    page.click("button[type=submit]")
    error = page.locator("#phone-error")
    error.wait_for()
    assert error.inner_text() == message
    assert page.evaluate("document.getElementById('phone-error').previousElementSibling.id") == (
        "phone")
    assert page.get_attribute("#phone", "aria-invalid") == "true"


def test_csrf_rejects_a_forged_post(page, server, demo_db):
    """A form on another site posting here, without our token, files nothing."""
    with demo_db() as session:
        before = session.scalar(select(func.count()).select_from(Ticket))
    page.goto("about:blank")
    page.set_content(f"""<form method="post" action="{server}/pengaduan">
        <input name="csrf_token" value="forged"><input name="complaint_type" value="pengaduan">
        <input name="category" value="kesehatan"><input name="description" value="palsu">
        <input name="phone" value="081234500003"><button>kirim</button></form>""")
    with page.expect_navigation() as navigation:
        page.click("button")
    assert navigation.value.status == 400
    with demo_db() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == before


def test_track_box_answers_in_place_with_htmx(page, demo_db):
    """On the home page the track box is replaced by its answer; the page stays."""
    number = first(demo_db, select(Ticket.number).order_by(Ticket.id))
    page.goto("/")
    # Typed as the receipt shows it: in groups of three.
    page.fill("#nomor", grouped_ticket_number(number))
    page.locator("#track button[type=submit]").click()
    page.locator("#track .status").wait_for()
    assert page.url.endswith("/")
    assert grouped_ticket_number(number) in page.locator("#track").inner_text()
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    page.fill("#nomor", wrong)
    page.locator("#track button[type=submit]").click()
    page.locator("#nomor-error").wait_for()
    assert "salah ketik" in page.locator("#nomor-error").inner_text()

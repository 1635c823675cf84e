"""Every page issue 15 touched, on a 360 px phone: axe finds nothing, nothing scrolls sideways,
tables turn into labelled cards, and whatever a thumb aims at is at least 44 px tall.

Tap targets: WCAG 2.5.5 asks 44 x 44 CSS px and exempts links inside a sentence. We check
the height of every visible link, button, field and summary (for a radio or checkbox, the
height of its label, which is what a thumb hits). Exempt: a link shown inline whose block
holds other text too (a link in running text, which the criterion excepts). Width is not
checked: a short word ("Lacak") is narrower than 44 px but sits in a full-height row.
"""

import pytest
from sqlalchemy import select

from core.demo.loader import ADMIN_EMAIL, ADMIN_PASSWORD
from core.models import BestPractice, Service, Ticket, Unit
from tests.browser.helpers import first, first_ticket, sign_in_citizen, violations

PHONE = {"width": 360, "height": 740}

# Rule, help, and each offending element with its HTML, one a line: readable in a failure.
AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(result =>
    result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + '\\n' +
        v.nodes.map(n => '    ' + n.target.join(' ') + '  ' + n.html.slice(0, 160)).join('\\n')))"""

SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const text = el => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  const inSentence = el => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.closest('p, li, dd, td, small, span, label, h1, h2, h3') || el.parentElement;
    return text(block).length > text(el).length;
  };
  const target = el => {
    if (el.type === 'checkbox' || el.type === 'radio') {
      const byFor = el.id && document.querySelector(`label[for="${el.id}"]`);
      return el.closest('label') || byFor || el;
    }
    return el;
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = target(el).getBoundingClientRect();
    const shown = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
        && getComputedStyle(el).visibility !== 'hidden';
    if (!shown || inSentence(el)) continue;
    if (box.height < 43.5) {
      small.push(`${Math.round(box.height)}px ${el.outerHTML.slice(0, 120)}`);
    }
  }
  return small;
}"""

CARD_CELLS = """() => [...document.querySelectorAll('table.cards tbody td[data-label]')]
    .slice(0, 12).map(td => ({
        label: td.dataset.label,
        display: getComputedStyle(td).display,
        before: getComputedStyle(td, '::before').content}))"""


def readable(found: list[str]) -> str:
    """Findings joined for an assertion message."""
    return "\n" + "\n".join(found)


@pytest.fixture
def phone(page):
    """The page, 360 px wide."""
    page.set_viewport_size(PHONE)
    return page


PUBLIC = {
    "home": lambda db: "/",
    "catalogue": lambda db: "/katalog",
    "services": lambda db: "/katalog/kesehatan",
    "service": lambda db: f"/layanan/{first(db, select(Service.id).order_by(Service.id))}",
    "unit": lambda db: f"/unit/{first(db, select(Unit.id).order_by(Unit.id))}",
    "complaint": lambda db: "/pengaduan",
    "request": lambda db: f"/layanan/{first(db, select(Service.id).order_by(Service.id))}/ajukan",
    "survey": lambda db: "/survei",
    "track": lambda db: f"/lacak?nomor={first(db, select(Ticket.number).order_by(Ticket.id))}",
    "transparency": lambda db: "/transparansi",
    "practices": lambda db: "/praktik-baik",
    "practice": lambda db: f"/praktik-baik/{first(db, select(BestPractice.id))}",
    "staff-login": lambda db: "/staff/masuk",
    "offline": lambda db: "/offline",
    "ticket": lambda db: f"/tiket/{first(db, select(Ticket.number).order_by(Ticket.id))}",
    "practices-en": lambda db: "/bahasa/en?next=/praktik-baik",
    "queue": lambda db: "/antrean",
}


def sign_in_to_first_ticket(page, demo_db) -> str:
    """Sign in by SMS code as the citizen of the first ticket; its number."""
    number, phone_number = first_ticket(demo_db)
    page.goto(f"/masuk?next=/tiket/{number}")
    sign_in_citizen(page, demo_db, phone_number)
    # Signed in: the code page sends the citizen on to the ticket, as its owner.
    page.wait_for_url(f"**/tiket/{number}")
    return number


def sign_in_officer(page) -> None:
    """Sign in as the demo's administrator."""
    page.goto("/staff/masuk")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/", wait_until="domcontentloaded")


def staff_pages(demo_db) -> dict[str, str]:
    """The officer's queue, one ticket, and the best practices with their adoption forms."""
    ticket_id = first(demo_db, select(Ticket.id).order_by(Ticket.id))
    return {"queue": "/staff/", "staff-ticket": f"/staff/tiket/{ticket_id}",
            "staff-practices": "/staff/praktik-baik"}


def check_page(page, axe_source) -> list[str]:
    """Everything wrong with the open page: axe's findings, sideways scroll, small targets."""
    problems = [f"axe {finding}" for finding in violations(page, axe_source, AXE_RUN)]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"scrolls sideways: {width}px wide")
    problems += [f"tap target {small}" for small in page.evaluate(SMALL_TARGETS)]
    return problems


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_at_360_px(phone, demo_db, axe_source, name):
    """No axe violation, no sideways scroll, no tap target under 44 px."""
    phone.goto(PUBLIC[name](demo_db))
    problems = check_page(phone, axe_source)
    assert problems == [], f"{name} ({phone.url}):" + readable(problems)


def test_the_owners_ticket_page_and_my_tickets_at_360_px(phone, demo_db, axe_source):
    """Signed in by SMS code: the ticket page with its reply form, then "Tiket saya"."""
    number = sign_in_to_first_ticket(phone, demo_db)
    problems = {}
    for path in (f"/tiket/{number}", "/tiket-saya"):
        phone.goto(path)
        problems[path] = check_page(phone, axe_source)
    assert problems == {path: [] for path in problems}, readable(
        [f"{path}:{readable(found)}" for path, found in problems.items() if found])


def test_the_officers_pages_at_360_px(phone, demo_db, axe_source):
    """The queue, a ticket and the practices as the officer sees them on a phone."""
    sign_in_officer(phone)
    problems = {}
    for path in staff_pages(demo_db).values():
        phone.goto(path)
        problems[path] = check_page(phone, axe_source)
    assert problems == {path: [] for path in problems}, readable(
        [f"{path}:{readable(found)}" for path, found in problems.items() if found])


def assert_cards(page) -> None:
    """Every cell shows as a block with its column's name before it; the heads are hidden."""
    cells = page.evaluate(CARD_CELLS)
    assert cells, f"no table.cards with data-label cells on {page.url}"
    for cell in cells:
        assert cell["display"] == "block", cell
        assert cell["before"] == f'"{cell["label"]}"', cell
    heads = page.evaluate("""() => [...document.querySelectorAll('table.cards thead')]
        .map(head => head.getBoundingClientRect().height)""")
    assert all(height <= 1 for height in heads), heads
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_queue_and_transparency_tables_are_cards_at_360_px(phone, demo_db):
    """/transparansi and the staff queue: a card per row, each value under its label."""
    phone.goto("/transparansi")
    assert_cards(phone)
    sign_in_officer(phone)
    assert_cards(phone)
    # Wide enough, the same tables are tables again.
    phone.set_viewport_size({"width": 1024, "height": 768})
    display = phone.evaluate(
        "() => getComputedStyle(document.querySelector('table.cards tbody td')).display")
    assert display == "table-cell"

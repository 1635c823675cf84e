"""The confirmation after filing, in a real browser: the number grouped, copy, share, print."""

import pytest

from core.tickets.numbers import grouped_ticket_number
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_pwa_pages import violations

# Chromium on a desktop may or may not offer navigator.share: take it away, as on
# the phones that lack it; and count print() calls instead of opening a dialog.
NO_SHARE = """
delete Navigator.prototype.share;
delete Navigator.prototype.canShare;
window.print = function () { window.printed = (window.printed || 0) + 1; };
"""
# A phone that can share: remember what it was asked to share.
FAKE_SHARE = """
Navigator.prototype.share = function (data) { window.shared = data; return Promise.resolve(); };
"""


def file_complaint(page) -> str:
    """File a complaint on the form; the ticket number from the confirmation's address."""
    page.goto("/pengaduan")
    page.select_option("#category", "kesehatan")
    page.fill("#description", "Antrean obat di puskesmas terlalu lama.")
    page.click("button[type=submit]")
    page.wait_for_url("**/tiket/*?baru=1")
    return page.url.split("/tiket/")[1].split("?")[0]


@pytest.fixture
def no_share(context, server):
    """The profile without Web Share, with the clipboard allowed for the site."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    context.add_init_script(NO_SHARE)
    return context


def clipboard(page) -> str:
    """What the page put on the clipboard."""
    return page.evaluate("() => navigator.clipboard.readText()")


def test_the_number_is_grouped_and_large_with_its_tools(no_share, page, axe_source):
    """Filed: '306 169 650' in large type, copy, share and print shown, nothing for axe."""
    number = file_complaint(page)
    shown = page.locator(".confirmation .ticket-number")
    assert shown.inner_text() == grouped_ticket_number(number)
    assert float(shown.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    for name in ("Salin nomor", "Bagikan", "Cetak"):
        assert page.get_by_role("button", name=name).is_visible()
    assert violations(page, axe_source) == []


def test_share_without_web_share_copies_and_says_so(no_share, page):
    """No navigator.share: the number and the link are copied, and a message says so."""
    number = file_complaint(page)
    page.get_by_role("button", name="Bagikan").click()
    message = page.locator("[data-ticket-message]")
    message.wait_for()
    assert "sudah disalin" in message.inner_text()
    copied = clipboard(page)
    assert grouped_ticket_number(number) in copied and copied.endswith(f"/tiket/{number}")


def test_copy_puts_the_grouped_number_on_the_clipboard(no_share, page):
    """'Salin nomor' copies the number as shown, and says it did."""
    number = file_complaint(page)
    page.get_by_role("button", name="Salin nomor").click()
    page.get_by_text("Nomor tiket disalin.").wait_for()
    assert clipboard(page) == grouped_ticket_number(number)


def test_print_prints_the_number_without_menus_or_buttons(no_share, page):
    """'Cetak' calls print; on paper the number stays, the menus and buttons go."""
    number = file_complaint(page)
    page.get_by_role("button", name="Cetak").click()
    assert page.evaluate("() => window.printed") == 1
    page.emulate_media(media="print")
    assert page.locator(".confirmation .ticket-number").is_visible()
    assert grouped_ticket_number(number) in page.locator("main").inner_text()
    for hidden in (".tabs", ".bar", "[data-ticket-tools]", ".foot"):
        assert page.locator(hidden).first.is_hidden(), hidden


def test_share_uses_web_share_where_the_phone_has_it(context, page, server):
    """navigator.share gets the title, the text with the grouped number and the ticket's link."""
    context.add_init_script(FAKE_SHARE)
    number = file_complaint(page)
    page.get_by_role("button", name="Bagikan").click()
    page.wait_for_function("() => window.shared !== undefined")
    shared = page.evaluate("() => window.shared")
    assert grouped_ticket_number(number) in shared["text"]
    assert shared["url"] == f"{server}/tiket/{number}"
    assert page.locator("[data-ticket-message]").is_hidden()


def test_without_script_the_number_shows_and_no_button_is_dead(playwright_api, server, tmp_path):
    """No script: the grouped number, and no copy/share/print button that would do nothing."""
    context = playwright_api.chromium.launch_persistent_context(
        str(tmp_path / "nojs"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
        java_script_enabled=False, locale="id-ID", base_url=server)
    try:
        page = context.pages[0]
        number = file_complaint(page)
        assert page.locator(".ticket-number").inner_text() == grouped_ticket_number(number)
        assert page.get_by_role("button", name="Bagikan").count() == 0
        assert page.locator("[data-ticket-tools]").is_hidden()
    finally:
        context.close()

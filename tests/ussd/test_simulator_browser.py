"""The phone simulator in Debian's headless Chromium, against a real `layanan serve` in demo mode.

Skips (or fails with CI=true) like tests/browser when Chromium, Playwright or
axe-core is missing.
"""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS
from tests.needs import missing
from tests.servers import free_port
from tests.ussd.conftest import wait_until_serving

LAYANAN = Path(sys.executable).with_name("layanan")
PHONE = "+6281234500009"


@pytest.fixture
def browser_ready():
    """Chromium, Playwright and axe-core at hand (checked before any server starts)."""
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed")
    if not AXE.exists():
        missing("axe-core is not installed: run `npm ci` in tests/browser")


@pytest.fixture
def demo_server(browser_ready, demo, database_url, tmp_path):
    """`layanan serve` in demo mode (outbox worker included) on the test database."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": database_url, "LAYANAN_DEMO": "1",
                   "LAYANAN_CALLBACK_TOKEN": "sim-token"}
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen([str(LAYANAN), "serve", "--port", str(port), "--workers", "2"],
                                   env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _in_browser(base_url: str, scenario) -> None:
    """Run a scenario on a phone-sized Chromium page, in a thread of its own.

    Playwright's sync API will not start inside another running instance
    (tests/browser keeps one for the whole session), but a thread is free.
    """
    from playwright.sync_api import sync_playwright

    def run():
        with sync_playwright() as api:
            browser = api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                scenario(browser.new_page(base_url=base_url, locale="id-ID",
                                          viewport={"width": 412, "height": 915}))
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def _answer(page, typed: str, expected: str) -> str:
    page.fill("#sim-input", typed)
    page.press("#sim-input", "Enter")
    page.wait_for_function(
        "text => document.getElementById('sim-screen').textContent.includes(text)", arg=expected)
    return page.text_content("#sim-screen")


def _violations(page) -> list[str]:
    """axe-core's findings on the page as it stands."""
    # Evaluated by the driver: an inline <script> tag would be refused by the page's CSP.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate("""() => axe.run(document, {resultTypes: ['violations']}).then(r =>
        r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))""")


def test_trainer_walks_a_request_and_sees_the_sms(demo_server):
    """Dial, request a service, read the ticket on screen and in the SMS inbox; hang up, resume.

    The page stays accessible (axe-core) idle and mid-session.
    """
    _in_browser(demo_server, _walk_a_request)


def _walk_a_request(page) -> None:
    page.goto("/simulator")
    assert _violations(page) == []
    page.fill("#sim-number", PHONE)
    page.click("#sim-dial")
    page.wait_for_function("() => document.getElementById('sim-screen').textContent.includes('1 ')")
    assert "Layanan Paralel" in page.text_content("#sim-screen")
    _answer(page, "1", "Pilih kategori")
    assert _violations(page) == []
    _answer(page, "1", "Imunisasi anak")
    _answer(page, "2", "Syarat")
    _answer(page, "1", "Puskesmas Kalianget")
    final = _answer(page, "1", "Tiket")
    # Shown grouped ("306 169 650"), on the screen and in the receipt alike.
    ticket = final.split("Tiket: ")[1].split(".")[0]
    assert re.fullmatch(r"\d{3} \d{3} \d{3}", ticket), final
    assert page.is_disabled("#sim-input")
    page.locator("#sim-messages li", has_text=ticket).wait_for(timeout=10000)

    # A dropped journey: the simulator reports it Incomplete, as the gateway would.
    page.click("#sim-dial")
    page.wait_for_function("() => document.getElementById('sim-screen').textContent.includes('6 ')")
    _answer(page, "2", "Jenis laporan")
    _answer(page, "1", "Pilih kategori")
    page.click("#sim-hangup")
    page.click("#sim-dial")
    page.wait_for_function(
        "() => document.getElementById('sim-screen').textContent.includes('Lanjutkan')")

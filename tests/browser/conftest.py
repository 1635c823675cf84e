"""Browser tests: Debian's headless Chromium, driven by Playwright, against a real `layanan serve`.

Never downloads a browser. Without Chromium (or the playwright package, or
axe-core from `npm ci` in this folder) the tests skip with the reason; with
CI=true a missing piece fails the run instead, so CI cannot pass by skipping.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import delete

import core.models  # noqa: F401  (every table on the metadata)
from core.db import Base, make_engine, make_session_factory, unit_of_work
from tests.needs import missing
from tests.seeded import restore_seeded_rows
from tests.servers import free_port

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("LAYANAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
MOBILE = {"width": 412, "height": 915}


@pytest.fixture(scope="package")
def playwright_api():
    """Playwright with Debian's Chromium at hand; stopped after this package, since another
    sync Playwright (the USSD simulator's tests) cannot start while this one runs."""
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from npm by `npm ci` in tests/browser."""
    if not AXE.exists():
        missing(f"axe-core is not installed: run `npm ci` in {HERE}")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def demo_db(database_url):
    """The test database with the Sumenep demo data; emptied again after the browser tests.

    Package scope: the other test packages expect an empty database.
    """
    from core.demo.loader import load_demo
    from tests.fixtures import SMALL_CATALOGUE

    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    with sessions() as session, unit_of_work(session):
        load_demo(session, SMALL_CATALOGUE)
    yield sessions
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    restore_seeded_rows(engine)
    engine.dispose()


@contextmanager
def serving(database_url: str, log: Path, workers: int, env: dict[str, str]):
    """`layanan serve` (gunicorn, demo mode) on a free local port, on the test database, with
    these settings besides; its address, until the block ends."""
    port = free_port()
    command = shutil.which("layanan", path=str(Path(sys.executable).parent)) or "layanan"
    env = os.environ | {"LAYANAN_DEMO": "1", "DATABASE_URL": database_url,
                        "LAYANAN_SECRET_KEY": "browser-tests-only"} | env
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own command)
            [command, "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers)],
            env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_until_up(base: str, process, log: Path) -> None:
    """Wait (30 s at most) until the server answers /healthz; fail with its log if it does not."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 (local)
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"layanan serve did not start:\n{log.read_text()}")
            time.sleep(0.2)


@pytest.fixture(scope="package")
def server(playwright_api, demo_db, database_url, tmp_path_factory):
    """`layanan serve` (gunicorn, demo mode) on a free local port, on the test database."""
    log = tmp_path_factory.mktemp("server") / "serve.log"
    # Back-office edits show on USSD at once, not within a minute.
    with serving(database_url, log, 2, {"LAYANAN_USSD_CATALOGUE_SECONDS": "0"}) as base:
        yield base


@pytest.fixture
def context(playwright_api, server, tmp_path):
    """A fresh non-incognito profile (installability needs one), Indonesian, phone-sized."""
    context = playwright_api.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
        headless=True, locale="id-ID", viewport=MOBILE, base_url=server,
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A page of that profile."""
    return context.pages[0] if context.pages else context.new_page()


def controlled(page, path: str = "/") -> None:
    """Open a page and wait until the service worker controls it."""
    page.goto(path)
    # A function, not an expression string: the page's CSP refuses the eval of a string.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)

"""Screens of the product at 360 px, as a small Android phone shows them, for docs/screens/.

Run against the demo (`make demo` in another terminal):

    .venv/bin/python scripts/screens.py [--base http://127.0.0.1:8000]

It signs in as a demo citizen with the code the phone simulator received,
opens that citizen's followed-up complaint, a service page, and the back
office's queue as a puskesmas officer, and saves one PNG of each whole page.
Debian's Chromium is used; no browser is downloaded.
"""

import argparse
import json
import re
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screens"
PHONE_WIDTH = {"width": 360, "height": 780}
# The demo citizen whose complaint was verified and followed up (core/demo/loader.py).
CITIZEN = "+6285234500004"
OFFICER = ("petugas.pkm-talango@sumenep.demo", "demo-petugas")
SERVICE_NAME = "akta kelahiran"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    base = parser.parse_args().base.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as api:
        browser = api.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, shoot in (("ticket", ticket_page), ("service", service_page),
                            ("queue", queue_page)):
            context = browser.new_context(base_url=base, viewport=PHONE_WIDTH,
                                          locale="id-ID", device_scale_factor=1)
            page = context.new_page()
            shoot(page, base)
            path = OUT / f"{name}-360.png"
            page.screenshot(path=str(path), full_page=True)
            print(f"{path.relative_to(OUT.parent.parent)}: {page.url}")
            context.close()
        browser.close()


def ticket_page(page: Page, base: str) -> None:
    """The citizen's own followed-up complaint: its story, due date and reply choices."""
    page.goto("/masuk")
    page.fill("input[name=phone]", CITIZEN)
    page.click("form button[type=submit]")
    page.wait_for_url("**/masuk/kode")
    page.fill("input[name=code]", latest_code(base, CITIZEN))
    page.click("form button[type=submit]")
    page.wait_for_url("**/tiket-saya")
    page.click("main a[href^='/tiket/']")
    page.wait_for_load_state("networkidle")


def service_page(page: Page, _base: str) -> None:
    """A service's standard with its key facts, found as a citizen finds it: by search."""
    page.goto("/?q=" + urllib.request.quote(SERVICE_NAME))
    page.click("main a[href^='/layanan/']")
    page.wait_for_load_state("networkidle")


def queue_page(page: Page, _base: str) -> None:
    """The back office's queue of a puskesmas officer."""
    page.goto("/staff/masuk")
    page.fill("input[name=email]", OFFICER[0])
    page.fill("input[name=password]", OFFICER[1])
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def latest_code(base: str, phone: str) -> str:
    """The sign-in code in the newest SMS the simulator shows for the phone."""
    url = f"{base}/simulator/api/messages?phone={urllib.request.quote(phone)}"
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (the local demo)
        messages = json.load(answer)
    texts = [message["text"] for message in messages]
    codes = [found.group(1) for text in texts if (found := re.search(r"\b(\d{6})\b", text))]
    if not codes:
        raise SystemExit(f"no sign-in code for {phone} in the simulator")
    return codes[-1]


if __name__ == "__main__":
    main()

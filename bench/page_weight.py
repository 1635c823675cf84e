"""Print the bytes each main citizen page costs on its first load, everything included.

A real Chromium (Debian's, never a downloaded one) opens each page in a fresh
profile, so nothing is cached; it talks to the server through a small counting
proxy, so the figure is what crossed the wire: compressed bodies, headers, the
service worker and the files it precaches. Requests to any other host are listed
as third-party (there should be none). Each page is weighed twice: alone
(the service worker blocked), which is what the citizen waits for, and with
what the service worker then keeps for offline use. Budget: the home page
within 40 KB alone and 80 KB with its offline pages.

    .venv/bin/python bench/page_weight.py                 # own server, demo data
    .venv/bin/python bench/page_weight.py --base-url http://127.0.0.1:8000
"""

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("LAYANAN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOME_BUDGET = 40 * 1024
# The first visit in all, with the home, catalogue, complaint and survey pages
# kept for offline use: about 20 s on a 2G link of 4 KB/s, after the page shows.
FIRST_VISIT_BUDGET = 80 * 1024


class CountingProxy:
    """A TCP relay on a local port that counts the bytes flowing each way."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.down = self.up = 0
        self.last_activity = time.monotonic()
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> None:
        """Start counting from zero."""
        with self.lock:
            self.down = self.up = 0

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, "up"), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, "down"),
                             daemon=True).start()

    def _pipe(self, source, sink, direction) -> None:
        try:
            while data := source.recv(65536):
                with self.lock:
                    setattr(self, direction, getattr(self, direction) + len(data))
                    self.last_activity = time.monotonic()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def wait_quiet(self, seconds: float = 1.0, limit: float = 15.0) -> None:
        """Wait until nothing has moved for a while (the worker's precache included)."""
        start = time.monotonic()
        while time.monotonic() - self.last_activity < seconds and time.monotonic() - start < limit:
            time.sleep(0.1)


def start_server() -> tuple[subprocess.Popen, int, str]:
    """Migrate a scratch SQLite database, load the demo, serve it with `layanan serve`."""
    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    database_url = f"sqlite:///{folder / 'bench.db'}"
    env = os.environ | {"LAYANAN_DEMO": "1", "DATABASE_URL": database_url}
    layanan = str(Path(sys.executable).parent / "layanan")
    subprocess.run([layanan, "db", "upgrade"], env=env, check=True, capture_output=True)  # noqa: S603
    subprocess.run([layanan, "demo", "load"], env=env, check=True, capture_output=True)  # noqa: S603
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [layanan, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return server, port, database_url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("layanan serve did not start")


def main_pages(base: str, database_url: str | None) -> list[tuple[str, str]]:
    """The pages to weigh; the service and ticket pages are found by following links."""
    html = urllib.request.urlopen(base + "/").read().decode()  # noqa: S310 (local)
    service = html.split('href="/layanan/')[1].split('"')[0]
    pages = [("home", "/"), ("catalogue", "/katalog"), ("category", "/katalog/kesehatan"),
             ("service page", f"/layanan/{service}"),
             ("request form", f"/layanan/{service}/ajukan"),
             ("complaint form", "/pengaduan"), ("survey form", "/survei"),
             ("track", "/lacak"), ("sign in", "/masuk")]
    number = _a_ticket_number(database_url) if database_url else None
    if number:
        pages.append(("ticket page", f"/tiket/{number}"))
    return pages


def _a_ticket_number(url: str) -> str | None:
    """A demo ticket number, read from the database the server uses."""
    from sqlalchemy import select

    from core.db import make_engine, make_session_factory
    from core.models import Ticket

    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        number = session.scalars(select(Ticket.number).order_by(Ticket.id)).first()
    engine.dispose()
    return number


def weigh(base_url: str, database_url: str | None = None) -> int:
    """Print the table; return 1 when the home page is over budget or anything is third-party."""
    from playwright.sync_api import sync_playwright

    target_port = int(base_url.rsplit(":", 1)[1].strip("/"))
    proxy = CountingProxy(target_port)
    base = f"http://127.0.0.1:{proxy.port}"
    failed = 0
    print(f"{'page':<16}{'requests':>9}{'page KB':>9}{'+ offline':>11}{'up KB':>7}  third-party")
    with sync_playwright() as api:
        for name, path in main_pages(base, database_url):
            _, alone, _ = first_load(api, proxy, base + path, service_worker=False)
            requests, down, up = first_load(api, proxy, base + path, service_worker=True)
            foreign = [url for url in requests if not url.startswith(base)]
            print(f"{name:<16}{len(requests):>9}{alone / 1024:>9.1f}{down / 1024:>11.1f}"
                  f"{up / 1024:>7.1f}  {len(foreign) or 'none'}")
            if foreign or (name == "home" and (alone > HOME_BUDGET or down > FIRST_VISIT_BUDGET)):
                failed = 1
    print(f"budget: the home page {HOME_BUDGET // 1024} KB; with what the service worker keeps "
          f"for offline use {FIRST_VISIT_BUDGET // 1024} KB; no third-party request")
    return failed


def first_load(api, proxy: CountingProxy, url: str, *, service_worker: bool):
    """(requests, bytes down, bytes up) of one first visit in a fresh profile.

    Without the service worker, the figure is what the citizen waits for; with
    it, it adds the pages and files kept for offline use after the page loaded.
    """
    requests: list[str] = []
    with tempfile.TemporaryDirectory() as profile:
        context = api.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport={"width": 412, "height": 915}, locale="id-ID",
            service_workers="allow" if service_worker else "block")
        context.on("request", lambda request, seen=requests: seen.append(request.url))
        proxy.wait_quiet(0.5)
        proxy.reset()
        page = context.pages[0]
        page.goto(url, wait_until="load")
        if service_worker:
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        proxy.wait_quiet()
        down, up = proxy.down, proxy.up
        context.close()
    return requests, down, up


def main() -> int:
    """Weigh a running server, or start one on demo data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--database-url", help="its database, to weigh a ticket page too")
    args = parser.parse_args()
    if args.base_url:
        return weigh(args.base_url, args.database_url)
    server, port, database_url = start_server()
    try:
        return weigh(f"http://127.0.0.1:{port}", database_url)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())

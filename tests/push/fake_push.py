"""A local fake of a Web Push service (RFC 8030): records each push, answers as scripted.

A subscription's endpoint is http://127.0.0.1:<port>/push/<id>. Every POST is
recorded with its headers and body; the answer is 201 Created (as real push
services answer an accepted push) unless a test scripted another status for
that id (404 or 410 for a subscription the service no longer knows, 500 for
its own trouble, a redirect to /push/elsewhere).
"""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from tests.servers import BackgroundServer


@dataclass(frozen=True)
class Push:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


class FakePushService(BackgroundServer):
    """Start it, make endpoints, script answers, read what arrived, stop it.

    Its origin (scheme, host and port) is the audience (aud) of our VAPID token.
    """

    def __init__(self):
        self.received: list[Push] = []
        self._answers: dict[str, int] = {}
        self._lock = threading.Lock()
        super().__init__(_handler_for(self))

    def endpoint(self, name: str) -> str:
        """The endpoint URL of a subscription called `name`."""
        return f"{self.origin}/push/{name}"

    def answer(self, name: str, status: int) -> None:
        """Answer every push to `name` with this HTTP status from now on."""
        with self._lock:
            self._answers[f"/push/{name}"] = status

    def _record(self, push: Push) -> int:
        with self._lock:
            self.received.append(push)
            return self._answers.get(push.path, 201)


def _handler_for(fake: FakePushService):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the name http.server calls)
            length = int(self.headers.get("Content-Length") or 0)
            headers = {name.lower(): value for name, value in self.headers.items()}
            push = Push("POST", self.path, headers, self.rfile.read(length))
            status = fake._record(push)
            self.send_response(status)
            if status == 201:
                self.send_header("Location", f"{fake.origin}/message/{len(fake.received)}")
            elif status in (301, 302, 307, 308):
                self.send_header("Location", f"{fake.origin}/push/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args):
            """Quiet: the tests read what arrived instead."""

    return Handler

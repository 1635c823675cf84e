"""A local fake of the Africa's Talking SMS API, scriptable per test.

It answers `POST /version1/messaging` (the path the SDK posts to once its
`_baseUrl` points here) like the real gateway: form fields `username`, `to`,
`message`, `from`; a JSON reply with one entry per recipient. A test queues
what the next requests should meet (an HTTP 500, a per-recipient failure, a
stall past the client's timeout, a charset in the Content-Type, a body that is
not JSON); every other request succeeds. Every accepted message is recorded.
"""

import contextlib
import itertools
import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from tests.servers import BackgroundServer

MESSAGING_PATH = "/version1/messaging"

# The per-recipient status words the real gateway sends with each code.
STATUS_WORDS = {
    100: "Processed", 101: "Success", 102: "Queued", 401: "RiskHold", 402: "InvalidSenderId",
    403: "InvalidPhoneNumber", 404: "UnsupportedNumberType", 405: "InsufficientBalance",
    406: "UserInBlacklist", 407: "CouldNotRoute", 500: "InternalServerError",
    501: "GatewayError", 502: "RejectedByGateway",
}


@dataclass(frozen=True)
class Accepted:
    """A message the fake gateway took for delivery."""

    to: str
    text: str
    message_id: str
    sender_id: str | None


@dataclass(frozen=True)
class _Behaviour:
    kind: str  # "http", "recipient", "stall", "charset" or "garbage"
    value: int | float | str = 0


class FakeAfricasTalking(BackgroundServer):
    """The fake server: start it, script it, read what it accepted, stop it."""

    def __init__(self):
        self.accepted: list[Accepted] = []
        self.requests = 0
        self.api_keys: set[str] = set()
        self._script: deque[_Behaviour] = deque()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        # While set, every request gets this HTTP status (an outage of any length).
        self._down_status: int | None = None
        self._rendezvous: threading.Barrier | None = None
        self._rendezvous_left = 0
        super().__init__(_handler_for(self))

    @property
    def url(self) -> str:
        """The base URL to give the gateway (LAYANAN_AT_BASE_URL)."""
        return self.origin

    def fail_http(self, times: int = 1, status: int = 500) -> None:
        """The next `times` requests get this HTTP status and nothing is accepted."""
        self._queue(_Behaviour("http", status), times)

    def go_down(self, status: int = 500) -> None:
        """Every request from now on gets this HTTP status, until `recover()`."""
        self._down_status = status

    def recover(self) -> None:
        """End an outage begun by `go_down()`: requests follow the script again."""
        self._down_status = None

    def reject(self, code: int, times: int = 1) -> None:
        """The next `times` requests get HTTP 201 with this per-recipient statusCode."""
        self._queue(_Behaviour("recipient", code), times)

    def stall(self, seconds: float, times: int = 1) -> None:
        """The next `times` requests hang this long before any answer (nothing accepted)."""
        self._queue(_Behaviour("stall", seconds), times)

    def charset(self, times: int = 1) -> None:
        """The next `times` requests succeed with 'application/json; charset=utf-8'."""
        self._queue(_Behaviour("charset"), times)

    def garbage(self, content_type: str = "application/json", times: int = 1) -> None:
        """The next `times` requests get HTTP 201 with a body that is not JSON."""
        self._queue(_Behaviour("garbage", content_type), times)

    def rendezvous(self, parties: int, timeout: float) -> None:
        """Hold the first `parties` requests until all have arrived (or `timeout` passes).

        Clients that send one message at a time can then prove they were all
        sending at once.
        """
        self._rendezvous = threading.Barrier(parties, timeout=timeout)
        self._rendezvous_left = parties

    def texts(self) -> list[str]:
        """The texts accepted so far, in order."""
        with self._lock:
            return [message.text for message in self.accepted]

    def _queue(self, behaviour: _Behaviour, times: int) -> None:
        with self._lock:
            self._script.extend([behaviour] * times)

    def _next_behaviour(self) -> _Behaviour | None:
        with self._lock:
            self.requests += 1
            if self._down_status is not None:
                return _Behaviour("http", self._down_status)
            return self._script.popleft() if self._script else None

    def _wait_for_company(self) -> None:
        with self._lock:
            barrier = self._rendezvous
            if barrier is None or self._rendezvous_left <= 0:
                return
            self._rendezvous_left -= 1
        # A barrier broken by its timeout lets everyone through.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()

    def _answer(self, form: dict[str, str], api_key: str) -> tuple[int, str, bytes]:
        """Status, Content-Type and body for one request to the messaging endpoint."""
        self._wait_for_company()
        behaviour = self._next_behaviour()
        with self._lock:
            self.api_keys.add(api_key)
        if behaviour and behaviour.kind == "stall":
            # By now the client has given up; the gateway never took the message.
            time.sleep(behaviour.value)
            return 504, "text/plain", b"Gateway Timeout"
        if behaviour and behaviour.kind == "http":
            return int(behaviour.value), "text/plain", b"Internal Server Error"
        if behaviour and behaviour.kind == "garbage":
            return 201, str(behaviour.value), b"<html>upstream hiccup</html>"
        code = int(behaviour.value) if behaviour and behaviour.kind == "recipient" else 101
        recipients = [self._recipient(number, form, code) for number in form["to"].split(",")]
        sent = sum(1 for recipient in recipients if recipient["statusCode"] < 200)
        cost = f"IDR {300 * sent}" if sent else "0"
        summary = f"Sent to {sent}/{len(recipients)} Total Cost: {cost}"
        body = {"SMSMessageData": {"Message": summary, "Recipients": recipients}}
        content_type = "application/json"
        if behaviour and behaviour.kind == "charset":
            content_type = "application/json; charset=utf-8"
        return 201, content_type, json.dumps(body).encode()

    def _recipient(self, number: str, form: dict[str, str], code: int) -> dict:
        if code >= 200:
            return {"statusCode": code, "number": number, "status": STATUS_WORDS[code],
                    "cost": "0", "messageId": "None"}
        message_id = f"ATXid_{next(self._ids)}_{uuid.uuid4().hex[:12]}"
        with self._lock:
            self.accepted.append(Accepted(number, form["message"], message_id, form.get("from")))
        return {"statusCode": code, "number": number, "status": STATUS_WORDS[code],
                "cost": "IDR 300", "messageId": message_id}


def _handler_for(fake: FakeAfricasTalking) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            """Answer the messaging endpoint; anything else is 404."""
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length).decode()
            if self.path != MESSAGING_PATH:
                self._reply(404, "text/plain", b"Not Found")
                return
            form = {key: values[0] for key, values in parse_qs(raw).items()}
            self._reply(*fake._answer(form, self.headers.get("apiKey", "")))

        def _reply(self, status: int, content_type: str, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up waiting (a stall test): nobody to answer.
                pass

        def log_message(self, format, *args):
            """Keep test output quiet."""

    return Handler

"""The fake Africa's Talking SMS API of the tests, served on its own for bench/cluster.sh.

    python bench/cluster/fake_at.py PORT

It answers POST /version1/messaging as tests/sms/fake_gateway.py does, and
adds what a script outside the process needs:

    GET  /stats                  JSON: requests, refused (HTTP 500s), accepted
                                 messages in arrival order [to, text, messageId]
    POST /control/fail?seconds=N answer HTTP 500 to every send for N seconds
                                 (the gateway down), then accept again
    POST /control/latency?seconds=S  take S seconds to answer each accepted
                                 message (after accepting it), so that a
                                 worker killed mid-send has sent a message it
                                 never heard back about
"""

import json
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.sms.fake_gateway import FakeAfricasTalking, _Behaviour, _handler_for  # noqa: E402

DOWN = _Behaviour("http", 500)


class StandaloneFake(FakeAfricasTalking):
    """The tests' fake on a fixed port, with a time window of HTTP 500s."""

    def __init__(self, port: int):
        super().__init__()
        # The parent bound a free port; a script needs a known one.
        self._server.server_close()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _control_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self.down_until = 0.0
        self.refused = 0
        self.latency = 0.0

    def _next_behaviour(self):
        """HTTP 500 while the gateway is "down", else the scripted behaviour."""
        if time.monotonic() < self.down_until:
            with self._lock:
                self.requests += 1
                self.refused += 1
            return DOWN
        return super()._next_behaviour()

    def _answer(self, form, api_key):
        """The tests' fake's answer, given after `latency` seconds."""
        answer = super()._answer(form, api_key)
        if self.latency:
            time.sleep(self.latency)
        return answer

    def stats(self) -> dict:
        """What the gateway saw so far."""
        with self._lock:
            accepted = [[m.to, m.text, m.message_id] for m in self.accepted]
            return {"requests": self.requests, "refused": self.refused, "accepted": accepted}


def _control_handler(fake: StandaloneFake):
    base = _handler_for(fake)

    class Handler(base):
        def do_GET(self):
            """GET /stats."""
            if urlsplit(self.path).path != "/stats":
                self._reply(404, "text/plain", b"Not Found")
                return
            self._reply(200, "application/json", json.dumps(fake.stats()).encode())

        def do_POST(self):
            """POST /control/fail or /control/latency, or the messaging endpoint."""
            url = urlsplit(self.path)
            if not url.path.startswith("/control/"):
                super().do_POST()
                return
            seconds = float(parse_qs(url.query).get("seconds", ["0"])[0])
            if url.path == "/control/fail":
                fake.down_until = time.monotonic() + seconds
            else:
                fake.latency = seconds
            self._reply(200, "text/plain", b"ok\n")

    return Handler


def main() -> None:
    """Serve until killed."""
    fake = StandaloneFake(int(sys.argv[1])).start()
    print(f"fake Africa's Talking on {fake.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()

"""Running the app under gunicorn from the `layanan serve` command."""

import gc
import re
import subprocess
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from layanan.factory import create_app

# The gateways' shared secret travels in the callback URL (?token=...), which
# the access log would otherwise keep in clear for anyone who reads the logs.
_TOKEN = re.compile(r"(?i)(?<![\w%])(token=)[^&#\s\"]*")


def redact_token(text: str) -> str:
    """The text with the value of every token=... parameter replaced by [redacted]."""
    return _TOKEN.sub(r"\1[redacted]", text)


class RedactingLogger(Logger):
    """Gunicorn's logger, with the callback token taken out of every access-log field."""

    def atoms(self, resp, req, environ, request_time):
        """Gunicorn's fields (request line, query, headers), each redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact_token(value) if isinstance(value, str) else value
                for key, value in atoms.items()}


class _Server(BaseApplication):
    """Gunicorn with settings from arguments; each worker builds its own app."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        """Apply the options gunicorn knows."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        """Create the app inside the worker, so no database connection crosses a fork."""
        app = create_app()
        # Everything made so far (the app, its catalogues, SQLAlchemy's
        # metadata: about 95,000 objects) lives as long as the worker. Frozen,
        # it is left out of the garbage collector's full passes, which
        # otherwise cost over 100 ms each here and stall whichever request
        # triggers one.
        gc.collect()
        gc.freeze()
        return app


def run_gunicorn(*, host: str, port: int, workers: int) -> None:
    """Serve on host:port with the given number of sync workers."""
    _Server({
        "bind": f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "logger_class": RedactingLogger,
        "timeout": 30,
    }).run()


def start_outbox_worker() -> subprocess.Popen:
    """Start `layanan sms worker` as a child process, so demo replies show within a second."""
    # A separate process rather than a thread in the gunicorn master, which forks.
    command = [sys.executable, "-m", "layanan.cli", "sms", "worker", "--interval", "0.5"]
    return subprocess.Popen(command)  # noqa: S603 (our own interpreter and module)

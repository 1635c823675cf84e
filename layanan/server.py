"""Running the app under gunicorn from the `layanan serve` command."""

import gc
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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

    def setup(self, cfg):
        """Gunicorn's own lines (booting, a worker timed out) in the app's format, masked."""
        super().setup(cfg)
        ours = [handler for handler in logging.getLogger().handlers
                if getattr(handler, "layanan", False)]
        if ours:
            for handler in self.error_log.handlers:
                handler.setFormatter(ours[0].formatter)
                for check in ours[0].filters:
                    handler.addFilter(check)


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
    """Serve on host:port with the given number of sync workers, their metrics summed."""
    made = _prepare_metrics_dir()
    try:
        _Server({
            "bind": f"{host}:{port}",
            "workers": workers,
            # No access log: the app logs each request itself, with its id and
            # route (layanan/logs.py); gunicorn's would make it two lines.
            "accesslog": None,
            "logger_class": RedactingLogger,
            "child_exit": _child_exit,
            "timeout": 30,
        }).run()
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)


def _prepare_metrics_dir() -> str | None:
    """Give the workers an empty PROMETHEUS_MULTIPROC_DIR; the path when we made it ourselves.

    A directory the operator set is emptied: figures a previous run left there
    would otherwise be summed with this run's (prometheus_client's rule).
    """
    from layanan.metrics import MULTIPROCESS_DIR

    if chosen := os.environ.get(MULTIPROCESS_DIR):
        Path(chosen).mkdir(parents=True, exist_ok=True)
        for stale in Path(chosen).glob("*.db"):
            stale.unlink(missing_ok=True)
        return None
    made = tempfile.mkdtemp(prefix="layanan-metrics-")
    os.environ[MULTIPROCESS_DIR] = made
    return made


def _child_exit(_server, worker) -> None:
    """A worker is gone: its live gauges stop counting (its counters stay in the sums)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def start_outbox_worker() -> subprocess.Popen:
    """Start `layanan sms worker` as a child process, so demo replies show within a second."""
    # A separate process rather than a thread in the gunicorn master, which forks.
    command = [sys.executable, "-m", "layanan.cli", "sms", "worker", "--interval", "0.5"]
    return subprocess.Popen(command)  # noqa: S603 (our own interpreter and module)


def start_scheduler() -> subprocess.Popen:
    """Start `layanan jobs serve` as a child process: the demo's duties run beside the app."""
    command = [sys.executable, "-m", "layanan.cli", "jobs", "serve", "--interval", "30"]
    return subprocess.Popen(command)  # noqa: S603 (our own interpreter and module)

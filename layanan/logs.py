"""Logs: one JSON object a line (or plain text), phone numbers masked, a request id on each.

Every process (gunicorn's workers, `layanan sms worker`, `layanan jobs serve`,
any other command) configures the root logger through create_app, so that a
line looks the same wherever it comes from. Each request is logged once, by
the app (gunicorn's own access log is off, layanan/server.py), with the id
the request came with or one made for it; every line logged while it is
served carries that id, and the response sends it back (X-Request-ID).
"""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

# A phone number in any form it travels in: E.164 (+62...), percent-encoded in a
# URL (%2B62...), without the plus (62 8..., as some gateways write it) or
# national (08...). Kept: the country or trunk prefix, the next three digits
# (the operator) and the last three; the rest becomes ****.
_PHONE = re.compile(r"(?<![\w%])((?:\+|%2[Bb])62|62(?=8)|0(?=8))(\d{3})(\d{3,8})(\d{3})(?!\d)")
# A request id we accept from a client or a proxy: short, and harmless in a log line.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
REQUEST_ID_HEADER = "X-Request-ID"
# The attributes every LogRecord has: anything else on a record is an `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

request_log = logging.getLogger("layanan.requests")


def mask_phones(text: str) -> str:
    """The text with every Indonesian phone number masked: +6281234500001 -> +62812****001."""
    return _PHONE.sub(_mask, text)


def _mask(match: re.Match) -> str:
    prefix, operator, _middle, last = match.groups()
    return f"{prefix}{operator}****{last}"


class MaskPhones(logging.Filter):
    """Masks phone numbers in a record's message and in its string extras."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # Arguments that do not fit the message: the handler reports that
            # itself when it formats; a filter must not raise at the caller.
            message = None
        if message is not None:
            record.msg, record.args = mask_phones(message), None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, mask_phones(value))
        return True


class RequestId(logging.Filter):
    """Puts the current request's id on every record logged while the request is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add request_id when there is a request and the record has none."""
        if not hasattr(record, "request_id") and has_request_context():
            request_id = g.get("request_id")
            if request_id:
                record.request_id = request_id
        return True


def _extras(record: logging.LogRecord) -> dict:
    """The record's own fields: what the caller passed as `extra`."""
    return {key: value for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_")}


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, pid, the extras, any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a line of JSON, phone numbers masked (tracebacks included)."""
        entry = {"time": _timestamp(record), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage(), "pid": record.process}
        entry.update(_extras(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return mask_phones(json.dumps(entry, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    """A plain line for a person at a terminal: time, level, logger, message, key=value extras."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one readable line (plus its traceback), phone numbers masked."""
        fields = " ".join(f"{key}={value}" for key, value in _extras(record).items())
        line = f"{_timestamp(record)} {record.levelname} {record.name}: {record.getMessage()}"
        line = f"{line} {fields}" if fields else line
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return mask_phones(line)


def make_formatter(log_format: str) -> logging.Formatter:
    """The formatter LOG_FORMAT names: "json" (the default) or "text"."""
    return TextFormatter() if log_format == "text" else JsonFormatter()


def configure_logging(config) -> None:
    """Install our one handler on the root logger (again: replacing the one installed before)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "layanan", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.layanan = True
    handler.setFormatter(make_formatter(config.get("LOG_FORMAT", "json")))
    # On the handler, not a logger: a logger's filters skip records of its children.
    handler.addFilter(RequestId())
    handler.addFilter(MaskPhones())
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def request_id_from(header: str | None) -> str:
    """The id a client or proxy sent, when it is a sane token; else a new one."""
    if header and _REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def init_app(app: Flask) -> None:
    """Give each request of the app an id, and log it once when it is answered."""
    # First of all the app's hooks: one that answers early (a refused callback
    # token, a rate limit) must not leave the request without its id and start.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_request)


def _start_request() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))


def _finish_request(response):
    """Send the id back and write the request's one line."""
    # Imported here: server.py imports the app factory, which imports this module.
    from layanan.server import redact_token

    request_id = g.get("request_id") or request_id_from(None)
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    request_log.info(
        "%s %s %s", request.method, request_route(), response.status_code,
        extra={"request_id": request_id, "method": request.method, "route": request_route(),
               "path": redact_token(request.full_path.rstrip("?")),
               "status": response.status_code, "duration_ms": duration_ms,
               "remote_addr": request.remote_addr},
    )
    return response


def request_route() -> str:
    """The matched route's pattern (not the path: bounded, no ids), or "unmatched"."""
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"

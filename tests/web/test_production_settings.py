"""Production refuses unsafe settings; a proxy's client address; security headers; log redaction."""

import re
import secrets
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from flask import request
from gunicorn.config import Config

from layanan.cli import cli
from layanan.config import DEFAULT_SECRET_KEY, UnsafeSettings
from layanan.factory import create_app
from layanan.server import RedactingLogger, redact_token
from web.extensions import limiter
from web.headers import CSP

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
SAFE = {"SECRET_KEY": secrets.token_hex(32), "CALLBACK_TOKEN": secrets.token_urlsafe(24)}


@pytest.fixture
def production(monkeypatch, database_url):
    """Build an app as production would (no TESTING, no DEMO) from settings and a worker count."""
    monkeypatch.delenv("LAYANAN_DEMO", raising=False)
    apps = []

    def build(workers: int = 1, **settings):
        monkeypatch.setenv("WEB_CONCURRENCY", str(workers))
        app = create_app({"DATABASE_URL": database_url} | settings)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["layanan.engine"].dispose()


@pytest.mark.parametrize(("settings", "workers", "reason"), [
    ({"SECRET_KEY": DEFAULT_SECRET_KEY}, 1, "LAYANAN_SECRET_KEY is not set or is a published"),
    ({"SECRET_KEY": "x"}, 1, "LAYANAN_SECRET_KEY is not set or is a published"),
    ({"SECRET_KEY": "secret"}, 1, "LAYANAN_SECRET_KEY is not set or is a published"),
    ({"SECRET_KEY": "changeme"}, 1, "LAYANAN_SECRET_KEY is not set or is a published"),
    ({"SECRET_KEY": "dev"}, 1, "LAYANAN_SECRET_KEY is not set or is a published"),
    ({"SECRET_KEY": secrets.token_hex(15) + "a"}, 1, "LAYANAN_SECRET_KEY is too short"),
    ({"SECRET_KEY": "k" * 64}, 1, "LAYANAN_SECRET_KEY is too short or too plain"),
    ({"CALLBACK_TOKEN": ""}, 1, "LAYANAN_CALLBACK_TOKEN is not set"),
    ({"RATELIMIT_STORAGE_URI": "memory://"}, 2, "LAYANAN_RATELIMIT_STORAGE_URI is memory://"),
])
def test_production_refuses_each_unsafe_setting(production, settings, workers, reason):
    """Each unsafe setting alone stops the start, with a one-line reason naming it."""
    with pytest.raises(UnsafeSettings) as refused:
        production(workers, **(SAFE | settings))
    assert str(refused.value).startswith(reason)
    assert "\n" not in str(refused.value)


def test_a_safe_production_config_starts(production):
    """A long random key, a callback token, and shared counters for several workers."""
    assert production(1, **SAFE).config["DEMO"] is False
    app = production(4, **SAFE, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379")
    assert app.config["WORKERS"] == 4


def test_the_demo_starts_with_its_published_key(monkeypatch, database_url):
    """Demo mode keeps the default key, no token and per-process counters on two workers."""
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    app = create_app({"DEMO": True, "DATABASE_URL": database_url})
    assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY and not app.config["CALLBACK_TOKEN"]
    app.extensions["layanan.engine"].dispose()


@pytest.mark.parametrize(("args", "env", "reason"), [
    (["serve", "--workers", "2"], {}, "Error: LAYANAN_RATELIMIT_STORAGE_URI is memory://"),
    (["serve"], {"WEB_CONCURRENCY": "3"}, "Error: LAYANAN_RATELIMIT_STORAGE_URI"),
    (["units"], {"LAYANAN_SECRET_KEY": "x"}, "Error: LAYANAN_SECRET_KEY is not set"),
    (["units"], {"LAYANAN_CALLBACK_TOKEN": ""}, "Error: LAYANAN_CALLBACK_TOKEN is not set"),
])
def test_the_command_refuses_with_one_line(monkeypatch, database_url, args, env, reason):
    """`layanan serve --workers 2` on memory:// stops before gunicorn starts; no traceback."""
    for name in ("LAYANAN_DEMO", "WEB_CONCURRENCY", "LAYANAN_RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    base = {"DATABASE_URL": database_url, "LAYANAN_SECRET_KEY": SAFE["SECRET_KEY"],
            "LAYANAN_CALLBACK_TOKEN": SAFE["CALLBACK_TOKEN"]}
    result = CliRunner().invoke(cli, args, env=base | env)
    assert result.exit_code == 1
    assert result.output.startswith(reason)
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def _probe(app):
    """A rate-limited page of the app's own that answers with the address it sees."""
    def probe():
        return request.remote_addr

    app.add_url_rule("/probe-address", "probe", limiter.limit("1 per minute")(probe))
    return app.test_client()


def _statuses(client, forwarded_for):
    """Status of each request, one per client behind the proxy (which connects from 10.0.0.1)."""
    environ = {"REMOTE_ADDR": "10.0.0.1"}
    return [client.get("/probe-address", headers={"X-Forwarded-For": address},
                       environ_base=environ) for address in forwarded_for]


def test_behind_a_trusted_proxy_each_client_is_limited_apart(make_app):
    """TRUSTED_PROXIES=1: the limiter keys on X-Forwarded-For's client, not the proxy."""
    client = _probe(make_app(TRUSTED_PROXIES=1))
    first, second, again = _statuses(client, ["203.0.113.7", "203.0.113.8", "203.0.113.7"])
    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)
    assert first.get_data(as_text=True) == "203.0.113.7"


def test_without_trusted_proxies_the_header_is_ignored(make_app):
    """By default a client's own X-Forwarded-For changes nothing: one proxy is one address."""
    client = _probe(make_app())
    first, second = _statuses(client, ["203.0.113.7", "203.0.113.8"])
    assert (first.status_code, second.status_code) == (200, 429)
    assert first.get_data(as_text=True) == "10.0.0.1"


def test_only_the_last_proxy_hop_is_believed(make_app):
    """A client that writes its own X-Forwarded-For in front cannot pick its address."""
    client = _probe(make_app(TRUSTED_PROXIES=1))
    response = _statuses(client, ["1.2.3.4, 203.0.113.9"])[0]
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_the_access_log_sees_the_client_behind_the_proxy(make_app):
    """Gunicorn logs from the environ the app was given; ProxyFix corrects it in place."""
    from werkzeug.test import EnvironBuilder

    app = make_app(TRUSTED_PROXIES=1)
    environ = EnvironBuilder(path="/healthz", headers={"X-Forwarded-For": "203.0.113.7"},
                             environ_base={"REMOTE_ADDR": "10.0.0.1"}).get_environ()
    body = app.wsgi_app(environ, lambda status, headers: None)
    b"".join(body)
    assert environ["REMOTE_ADDR"] == "203.0.113.7"


EXPECTED_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize("path", ["/", "/pengaduan", "/staff/masuk", "/halaman-yang-tidak-ada"])
def test_every_page_carries_the_security_headers(client, path):
    """Pages, the staff login and error pages: CSP, nosniff, referrer, frame and permissions."""
    response = client.get(path)
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_policy_allows_no_inline_script_and_no_framing():
    """No 'unsafe-inline' or 'unsafe-eval' anywhere, scripts from this origin, framed by no one."""
    assert "unsafe-" not in CSP
    directives = dict(part.split(" ", 1) for part in CSP.split("; "))
    assert directives["script-src"] == "'self'" and directives["frame-ancestors"] == "'none'"


def test_static_files_carry_nosniff(app, client):
    """WhiteNoise serves static files before Flask; they carry the headers too."""
    with app.test_request_context():
        from flask import url_for

        url = url_for("static", filename="vendor/htmx-2.0.11.min.js")
    with client.get(url) as response:
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_demo_sends_no_hsts(make_app):
    """The demo on plain http://127.0.0.1 gets every header but HSTS."""
    response = make_app(DEMO=True).test_client().get("/")
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["Content-Security-Policy"] == CSP


INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")),
                         ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_templates_hold_nothing_the_policy_refuses(template):
    """No inline script, handler or style in any template: the CSP would block it silently."""
    # Jinja comments never reach the browser.
    text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
    found = [kind for kind, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(TEMPLATES)}: {found}"


@pytest.mark.parametrize(("line", "redacted"), [
    ("POST /sms/inbound?token=s3cret&from=x HTTP/1.1",
     "POST /sms/inbound?token=[redacted]&from=x HTTP/1.1"),
    ("token=s3cret", "token=[redacted]"),
    ("/ussd?text=1&TOKEN=a%20b", "/ussd?text=1&TOKEN=[redacted]"),
    ("/ussd?text=1&token=", "/ussd?text=1&token=[redacted]"),
    ("/lapor?q=a", "/lapor?q=a"),
])
def test_redact_token(line, redacted):
    """The value of token= goes, wherever it stands; other parameters stay."""
    assert redact_token(line) == redacted


def test_the_access_log_never_shows_the_callback_token(tmp_path):
    """Gunicorn's own access-log path, with the logger `layanan serve` configures."""
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = RedactingLogger(config)
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": "/sms/inbound?token=s3cret-value",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/sms/inbound",
               "QUERY_STRING": "token=s3cret-value", "REMOTE_ADDR": "203.0.113.7",
               "HTTP_REFERER": "https://gw.example/cb?token=s3cret-value"}
    response = SimpleNamespace(status="200 OK", headers=[], sent=2)
    fake_request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, fake_request, environ, timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert "/sms/inbound?token=[redacted]" in line and "203.0.113.7" in line
    assert "s3cret-value" not in line

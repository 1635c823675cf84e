"""No input makes the app fail: every route, fed odd path, query and form values, answers below 500.

The walk reads the rules from the apps themselves (the web app's URL map and
the gateways' app's), so a new route is walked without editing this file.
Values are drawn by hypothesis: unicode digits ("²", "٣"), numbers past what
a database column holds, negatives, empty, very long and odd characters.
Argument and field names are read from the code (what views and forms ask
for), so the values reach the code that parses them. One app and one demo
database serve the whole module; its own file, so other tests' cleanup does
not touch it.
"""

import base64
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from core.db import make_session_factory
from core.demo.loader import load_demo
from core.migrate import upgrade_database
from core.models import Officer, Ticket
from layanan.factory import create_app
from tests.fixtures import SMALL_CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "walk-token"  # noqa: S105 (the callbacks' token in this test's config)
PASSWORD = "sandi-walk-123"  # noqa: S105
WALKER = "walker@uji.go.id"
# Per rule; the gateways' five callbacks are cheap and parse many fields each.
EXAMPLES, GATEWAY_EXAMPLES = 25, 300
ODD = ["", "0", "1", "-1", "²", "٣", "１２", "9" * 19, "9" * 20, str(2**63), str(2**31),
       "1e9", "1.5", " 7", "7 ", "+1", "0x10", "NaN", "∞", "\x00", "%00", "%", "../..",
       "x" * 3000, "'", '"><script>', "٠١٢٣٤٥٦٧٨٩", "1" * 400, "ID-0000", "A" * 12]
VALUES = st.one_of(
    st.sampled_from(ODD),
    st.integers(min_value=2**31 - 2, max_value=10**30).map(str),
    st.integers(min_value=-10**25, max_value=10**25).map(str),
    st.integers(min_value=0, max_value=40).map(str),
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=25),
)


def _names(pattern: str, *folders: str) -> list[str]:
    """Every name a pattern captures in the Python files of some folders, sorted."""
    found = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            found.update(re.findall(pattern, path.read_text(encoding="utf-8"), re.MULTILINE))
    return sorted(found)


# What the views read from the query string, and what forms and gateways post.
QUERY_NAMES = _names(r'(?:args(?:\.get|\.getlist)?[(\[]|_arg\()"(\w+)"', "web")
GATEWAY_NAMES = _names(r'(?:_field\(form, |form\.get\()"(\w+)"', "ussd", "sms")
FORM_NAMES = sorted(set(_names(r"^\s+(\w+) = \w*Field\(", "web"))
                    | {f"u{number}" for number in range(1, 10)}
                    | {f"{action}-{name}" for action in ("verify", "forward", "reject")
                       for name in ("action", "note", "to_unit")})
# Any of the names may come, each with a drawn value.
QUERIES = st.fixed_dictionaries({}, optional=dict.fromkeys(QUERY_NAMES, VALUES))
FORMS = st.fixed_dictionaries({}, optional=dict.fromkeys(FORM_NAMES, VALUES))
GATEWAY_FORMS = st.fixed_dictionaries({}, optional=dict.fromkeys(GATEWAY_NAMES, VALUES))
# The demo's ticket numbers, filled in by the fixture: real ones reach the pages behind them.
NUMBERS: list[str] = []
PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


@pytest.fixture(scope="module")
def walk_app(tmp_path_factory):
    """The app in demo mode on a demo database of its own, CSRF and rate limits off."""
    url = f"sqlite:///{tmp_path_factory.mktemp('walk') / 'walk.db'}"
    upgrade_database(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "w" * 40, "DATABASE_URL": url,
                      "DEMO": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "CALLBACK_TOKEN": TOKEN})
    with make_session_factory(app.extensions["layanan.engine"])() as session:
        load_demo(session, SMALL_CATALOGUE)
        # A cheap hash: the walker signs in again whenever a walked route signed it out.
        session.add(Officer(email=WALKER, name="Walker", role="admin",
                            password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")))
        session.commit()
        NUMBERS[:] = session.scalars(select(Ticket.number)).all()
    yield app
    app.extensions["layanan.engine"].dispose()


class Walker:
    """A client signed in as an admin officer, signing in again when a route signed it out."""

    def __init__(self, app):
        self.client = app.test_client()
        self.signed_in = False
        self.error = ""

    def send(self, method: str, url: str, form: dict | None = None) -> int:
        """The status of one request; an exception escaping the app counts as a 500."""
        if url.startswith("/staff/") and not self.signed_in:
            self.client.post("/staff/masuk", data={"email": WALKER, "password": PASSWORD})
            self.signed_in = True
        try:
            response = self.client.open(url, method=method, data=form)
        except Exception as error:  # noqa: BLE001 (any escape is what the walk looks for)
            self.error = f"{type(error).__name__}: {error}"[:200]
            return 500
        if "/staff/masuk" in (response.location or "") or url.startswith("/staff/keluar"):
            self.signed_in = False
        return response.status_code


def _path_values(converter: str | None, arguments: str | None):
    """Values for one placeholder: odd ones, plus the choices of an `any` converter."""
    if converter == "any":
        choices = [choice.strip() for choice in arguments.split(",")]
        return st.one_of(st.sampled_from(choices), VALUES)
    if converter is None and NUMBERS:
        return st.one_of(st.sampled_from(NUMBERS), VALUES)
    return VALUES


def _url_of(rule: str, draw, query: dict) -> str:
    """The rule with every placeholder replaced by a drawn value, then the query."""
    def fill(match):
        converter, arguments, _name = match.groups()
        value = draw(_path_values(converter, arguments))
        return quote(value, safe="/" if converter == "path" else "")
    path = PLACEHOLDER.sub(fill, rule)
    if path.startswith(("/ussd", "/sms")):
        query = query | {"token": TOKEN}
    pairs = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query.items())
    return f"{path}?{pairs}" if pairs else path


def _checker(walker: Walker, rule, examples: int):
    """A hypothesis test of one rule: each drawn URL (and form, for a POST) answers below 500."""
    methods = sorted(rule.methods & {"GET", "POST"})

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data(), query=QUERIES,
           form=GATEWAY_FORMS if rule.rule.startswith(("/ussd", "/sms")) else FORMS)
    def check(data, query, form):
        url = _url_of(rule.rule, data.draw, query)
        for method in methods:
            status = walker.send(method, url, form if method == "POST" else None)
            assert status < 500, f"{method} {url[:160]} -> {status} {walker.error}"

    return check


def _walk(walker: Walker, rules, examples: int = EXAMPLES) -> list[str]:
    """Walk each rule with drawn values; what answered 5xx, shrunk, per rule."""
    failures = []
    for rule in rules:
        try:
            _checker(walker, rule, examples)()
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
        except ExceptionGroup as group:
            failures += [str(error).splitlines()[0] for error in group.exceptions]
    return failures


HUGE = "9" * 20
CURSOR = base64.urlsafe_b64encode(f"n|2026-01-01T00:00:00+00:00|{HUGE}".encode()).decode()
# The URLs that answered 500 before: each one a table row, replayed on every run.
KNOWN = [
    ("GET", "/transparansi?tahun=%C2%B2", None), ("GET", f"/unit/{HUGE}", 404),
    ("GET", f"/layanan/{HUGE}", 404), ("GET", f"/layanan/{HUGE}/ajukan", 404),
    ("GET", f"/praktik-baik/{HUGE}", 404), ("GET", f"/praktik-baik/{HUGE}/foto", 404),
    ("GET", f"/tiket/X/foto/{HUGE}", 404), ("GET", f"/staff/tiket/{HUGE}", 404),
    ("GET", f"/staff/tiket/1/lampiran/{HUGE}", 404),
    ("POST", f"/staff/akun/{HUGE}/nonaktifkan", 404),
    ("POST", f"/staff/praktik-baik/{HUGE}/adopsi", 404),
    ("POST", f"/staff/unit/{HUGE}/populasi", 404), ("GET", "/unit/%D9%A3", 404),
    ("GET", "/staff/?unit=%C2%B2", None), ("GET", f"/staff/?unit={HUGE}", None),
    ("GET", f"/staff/?after={CURSOR}", None), ("GET", "/staff/antrean.csv?unit=%C2%B2", None),
    ("GET", "/staff/antrean.csv?type=0", None), ("GET", "/staff/laporan?unit=%C2%B2", None),
    ("GET", f"/staff/laporan?service={HUGE}", None), ("GET", f"/staff/laporan?unit={HUGE}", None),
    ("GET", "/staff/laporan.csv?unit=%C2%B2", None), ("GET", "/staff/terlambat?unit=%C2%B2", None),
    ("GET", f"/staff/terlambat?unit={HUGE}", None), ("GET", "/staff/audit?sebelum=%C2%B2", None),
    ("GET", f"/staff/audit?sebelum={HUGE}", None), ("GET", "/api/v1/ikm?unit=%C2%B2", 400),
    ("GET", "/bahasa/en?next=/a%0D%0Ab", 302),
]
FORMS_KNOWN = [
    ("/staff/akun", {"email": "baru@uji.go.id", "name": "Baru", "role": "officer",
                     "unit": HUGE, "password": "sandi-baru-12345"}),
    ("/staff/praktik-baik/baru", {"unit": HUGE, "title": "T", "summary": "S", "body": "B"}),
    ("/staff/praktik-baik/baru", {"title": "T", "summary": "S", "body": "B"}),
    # WTForms' NumberRange turns a 400-digit number into a float, which overflows.
    ("/staff/unit/1/populasi", {"population": "1" * 400}), ("/survei", {"age": "1" * 400}),
    (f"/ussd/events?token={TOKEN}", {"sessionId": "s1", "durationInMillis": HUGE}),
    (f"/ussd/events?token={TOKEN}", {"sessionId": "s2", "hopsCount": HUGE}),
]


@pytest.mark.parametrize(("method", "url", "expected"), KNOWN)
def test_known_bad_urls(walk_app, method, url, expected):
    """The issue's malformed numbers: a 4xx (the one expected, when given), never a 500."""
    status = Walker(walk_app).send(method, url)
    assert status < 500 and (expected is None or status == expected), status


@pytest.mark.parametrize(("url", "form"), FORMS_KNOWN)
def test_known_bad_forms(walk_app, url, form):
    """Forms and callbacks with a number past any column: refused or ignored, never a 500."""
    assert Walker(walk_app).send("POST", url, form) < 500


def test_an_action_with_a_huge_unit_is_refused(walk_app):
    """Forwarding a ticket to unit 99999999999999999999 is a form error, not a 500."""
    with make_session_factory(walk_app.extensions["layanan.engine"])() as session:
        ticket_id = session.scalars(select(Ticket.id)).first()
    form = {"forward-action": "forward", "forward-note": "x", "forward-to_unit": HUGE}
    status = Walker(walk_app).send("POST", f"/staff/tiket/{ticket_id}/tindakan/forward", form)
    assert 400 <= status < 500 or status in (302, 303), status


def test_no_web_route_answers_5xx(walk_app):
    """Every page, form and API route of the web app, as an admin officer."""
    rules = [rule for rule in walk_app.url_map.iter_rules()]
    assert len(rules) > 40
    assert _walk(Walker(walk_app), rules) == []


def test_no_gateway_callback_answers_5xx(walk_app):
    """/ussd, /ussd/events and /sms/..., with the callback token, fed odd form values."""
    gateways = walk_app.extensions["layanan.gateways"]
    rules = list(gateways.url_map.iter_rules())
    assert {rule.rule for rule in rules} >= {"/ussd", "/ussd/events", "/sms/inbound"}
    assert _walk(Walker(walk_app), rules, GATEWAY_EXAMPLES) == []

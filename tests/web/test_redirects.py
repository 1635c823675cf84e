"""Redirect targets from a request stay on the site, however they are written.

The proof reads each accepted target as a browser would: ada (the WHATWG URL
parser browsers follow) resolves it against a page of the site, after
Werkzeug has written it into the Location header. Python's urljoin is not
enough on its own: it keeps `////evil.example` on the site, which a browser
does not.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from ada_url import URL
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.test import EnvironBuilder
from werkzeug.utils import redirect

from core.models import OutboundMessage
from web.redirects import safe_path

SITE = "https://site.example/katalog"
HOST = "site.example"
# The pieces attacks are made of: slashes either way, their encodings (once and
# twice), whitespace and control characters browsers drop or strip, schemes,
# hosts, userinfo, and look-alike unicode.
PIECES = ["/", "//", "\\", "%2F", "%2f", "%5C", "%5c", "%252F", "%09", "%0A", "%00", "\t",
          "\n", "\r", "\x00", "\x0b", "\x0c", "\x1f", "\x7f", " ", "\u00a0", "\u2028", "\u3000",
          "\ufeff", "\u200b", "／", "＼", "⁄", "∕", "http:", "https:", "javascript:", "data:",
          "HTTPS://", "evil.example", "@", ":", "?", "#", ".", "..", "site.example", "staff",
          "katalog", "é", "a"]
TARGETS = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=8).map("".join),
    st.text(max_size=20),
)
ATTACKS = [
    "////evil.example", "//evil.example", "///evil.example", "\\\\evil.example",
    "/\\evil.example", "\\/evil.example", "/\\/evil.example", "/\t/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "\t//evil.example",
    "\x00//evil.example", "\x01//evil.example", "\x1f/\\evil.example", "/\x00/evil.example",
    "https://evil.example", "HTTPS://evil.example", "http:evil.example", "//evil.example:443",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x",
    "//user@evil.example", "/\\user@evil.example", "https:/\\evil.example", "evil.example",
    "./evil", "../evil", "/\u3000/evil.example", "/\u2028/evil.example", "/\ufeff/evil.example",
    "\u00a0//evil.example", "/" + "a" * 2001, "", None,
]
KEPT = [("/", "/"), ("/katalog", "/katalog"), ("/tiket-saya", "/tiket-saya"),
        ("/layanan/3?baru=1", "/layanan/3?baru=1"), ("/?q=akta%20lahir", "/?q=akta%20lahir"),
        ("/?q=akta lahir", "/?q=akta%20lahir"), ("/katalog/é", "/katalog/%C3%A9"),
        ("/%2F/evil.example", "/%2F/evil.example"), ("/／evil.example", "/%EF%BC%8Fevil.example"),
        ("/a?next=//evil.example", "/a?next=//evil.example"),
        ("/a#//evil.example", "/a#//evil.example")]


def header_of(path: str) -> str:
    """The Location header Werkzeug writes for a redirect to the path."""
    return redirect(path).get_wsgi_headers(EnvironBuilder().get_environ())["Location"]


def stays_on_site(path: str) -> bool:
    """Whether a browser on a page of the site, sent to this header, stays on the site."""
    location = header_of(path)
    return (URL(location, base=SITE).host == HOST
            and urlsplit(urljoin(SITE, location)).hostname == HOST)


@settings(max_examples=1500, deadline=None)
@given(TARGETS)
@example("////evil.example")
@example("/\t/evil.example")
def test_an_accepted_target_stays_on_the_site(target):
    """Whatever the target, the result is None or a path a browser keeps on the site."""
    path = safe_path(target)
    if path is not None:
        assert header_of(path) == path  # what was checked is what the browser gets
        assert stays_on_site(path), path


@settings(max_examples=300, deadline=None)
@given(TARGETS)
def test_a_staff_target_stays_in_the_back_office(target):
    """The staff login's next is also kept under /staff/."""
    path = safe_path(target, under="/staff/")
    if path is not None:
        assert stays_on_site(path) and URL(path, base=SITE).pathname.startswith("/staff/")


@pytest.mark.parametrize("target", ATTACKS)
def test_known_attacks_are_refused(target):
    """Every known way off the site is no target at all."""
    assert safe_path(target) is None


@pytest.mark.parametrize(("target", "path"), KEPT)
def test_paths_of_the_site_are_kept(target, path):
    """A real page of the site, query and all, is where the visitor goes."""
    assert safe_path(target) == path
    assert stays_on_site(path)


@pytest.mark.parametrize("target", [
    "////evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example/",
    # These two made the old check or the header itself raise: a 500.
    "/a\r\nSet-Cookie: x=1", "//evil\u2100.example",
])
def test_the_language_switch_stays_on_the_site(web, target):
    """/bahasa/en?next=... goes home instead of off the site (or failing)."""
    response = web.get("/bahasa/en", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert web.get("/bahasa/id?next=/katalog").headers["Location"] == "/katalog"


def _sign_in(web, session, next_target):
    """Sign in by phone and code with a next= target; the response to the code."""
    web.get("/masuk", query_string={"next": next_target})
    web.post("/masuk", data={"phone": "0812 3456 7890"})
    message = session.scalars(select(OutboundMessage).where(OutboundMessage.purpose == "otp")
                              .order_by(OutboundMessage.id.desc())).first()
    code = re.search(r"\b(\d{6})\b", message.text).group(1)
    session.commit()
    return web.post("/masuk/kode", data={"code": code})


@pytest.mark.parametrize(("target", "landing"), [
    ("////evil.example", "/tiket-saya"), ("/\\evil.example", "/tiket-saya"),
    ("/\r\n/evil.example", "/tiket-saya"), ("/katalog", "/katalog"),
])
def test_the_one_time_code_sign_in_stays_on_the_site(web, session, target, landing):
    """After the code, the citizen lands on the site: next= if it is a path, else their tickets."""
    response = _sign_in(web, session, target)
    assert response.status_code == 303
    assert response.headers["Location"] == landing

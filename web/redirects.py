"""Where the site may send a visitor next (after a sign-in, a language switch): its own paths only.

A browser reads a Location header by the WHATWG URL rules, not by Python's
urlsplit: it drops tabs and newlines anywhere, strips leading control
characters and spaces, reads a backslash as a slash, and takes any target
that then starts with two slashes as another host. Werkzeug also rewrites
the header on the way out (`////evil.example` leaves as `//evil.example`).
So the target is first put in the very form the header will carry, then
accepted only when that form is plain printable ASCII beginning with one
slash: no browser reads such a string as anything but a path on this site.
"""

from urllib.parse import urlsplit

from werkzeug.urls import iri_to_uri

# Longer than any page's own address with its query; beyond it, not a real link.
MAX_LENGTH = 2000


def safe_path(target: str | None, *, under: str = "/") -> str | None:
    """The target as a same-site path under `under`, as the header will carry it; else None."""
    if (not target or len(target) > MAX_LENGTH or not target.isprintable()
            or "\\" in target or not target.startswith("/") or target.startswith("//")):
        return None
    try:
        # What Werkzeug writes into the header anyway: non-ASCII and spaces
        # percent-encoded, an empty host dropped. Idempotent, so it is kept as is.
        uri = iri_to_uri(target)
    except ValueError:
        return None
    parts = urlsplit(uri)
    if parts.scheme or parts.netloc or not _plain_path(uri) or not uri.startswith(under):
        return None
    return uri


def _plain_path(uri: str) -> bool:
    """One leading slash, then visible ASCII only, with no backslash anywhere."""
    return (uri.startswith("/") and uri[1:2] not in ("/", "\\") and "\\" not in uri
            and all("!" <= char <= "~" for char in uri))

"""Sign an officer in once through the back office's form; print the Cookie header to reuse.

    python bench/cluster/sign_in.py URL EMAIL PASSWORD

The session cookie is marked Secure outside demo mode, so a cookie jar would
not send it back over the bench's plain HTTP: the cookie is carried by hand.
Flask-Login's "strong" session protection ties the session to the client's
address and User-Agent: wrk must send the same USER_AGENT (bench/cluster/staff.lua).
"""

import re
import sys
import urllib.error
import urllib.parse
import urllib.request

USER_AGENT = "layanan-bench"

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        """Stop at the redirect: its Set-Cookie is what we came for."""
        return None


def _cookies(headers) -> dict[str, str]:
    """name -> value of every Set-Cookie header."""
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(url: str, email: str, password: str) -> str:
    """The Cookie header of a signed-in session."""
    opener = urllib.request.build_opener(_NoRedirect)
    opener.addheaders = [("User-Agent", USER_AGENT)]
    with opener.open(f"{url}/staff/masuk", timeout=10) as page:
        cookies = _cookies(page.headers)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    request = urllib.request.Request(  # noqa: S310 (the bench's own nginx)
        f"{url}/staff/masuk", data=form.encode(),
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                 "User-Agent": USER_AGENT})
    try:
        opener.open(request, timeout=10)
        raise SystemExit("sign-in did not redirect: refused?")
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise SystemExit(f"sign-in answered {answer.code}") from None
        cookies.update(_cookies(answer.headers))
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


if __name__ == "__main__":
    print(sign_in(*sys.argv[1:4]))

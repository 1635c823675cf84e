"""Redis down: the pages keep serving, limits count per process, a USSD hop ends politely.

Both settings that may name Redis point at a closed port. The rate limiter
falls back to counting in each process's memory (web/extensions.py); a USSD
session cannot be kept, so its hop gets the apology screen with a 200.
"""

import pytest

from core.i18n import translate
from tests.faults.conftest import DEAD_REDIS
from tests.ussd.conftest import Phone, check_screen
from ussd.views import TROUBLE
from web.extensions import limiter
from web.pwa.account import CODE_REQUESTS_PER_IP

ALLOWED = int(CODE_REQUESTS_PER_IP.split()[0])


@pytest.fixture
def without_redis(make_app):
    """The app with its rate limits and USSD sessions in a Redis that is not there."""
    app = make_app(RATELIMIT_STORAGE_URI=DEAD_REDIS, USSD_SESSION_STORE=DEAD_REDIS,
                   WTF_CSRF_ENABLED=False)
    yield app
    # The limiter is one object for every app of the process: the next test's
    # app must not start out believing its store is down.
    limiter._storage_dead = False


@pytest.mark.parametrize("path", ["/", "/katalog", "/masuk", "/pengaduan", "/lacak", "/offline"])
def test_pages_keep_serving(without_redis, path):
    """Pages without a limit never ask Redis; those with one are served from memory counts."""
    assert without_redis.test_client().get(path).status_code == 200


def test_sign_in_codes_are_still_limited_per_process(without_redis):
    """The per-address limit on code requests holds, counted in this process's memory."""
    client = without_redis.test_client()
    statuses = [client.post("/masuk", data={"phone": f"08123450{n:04d}"}).status_code
                for n in range(ALLOWED + 2)]
    assert statuses == [303] * ALLOWED + [429] * 2


def test_a_ussd_hop_ends_politely(without_redis):
    """The session cannot be kept: 200 and the apology, in plain GSM within 160 characters."""
    phone = Phone(without_redis.test_client())
    assert check_screen(phone.dial()) == "END " + translate("id", TROUBLE)
    assert check_screen(phone.send("1")) == "END " + translate("id", TROUBLE)


def test_staff_sign_in_is_answered(without_redis):
    """The back office's sign-in, limited per address and account, answers (no 500)."""
    client = without_redis.test_client()
    assert client.get("/staff/masuk").status_code == 200
    response = client.post("/staff/masuk", data={"email": "tak@ada.go.id", "password": "salah"})
    assert response.status_code < 500

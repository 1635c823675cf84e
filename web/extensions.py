"""Flask extensions shared by the web pages: CSRF protection and rate limits."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# A rate-limit store that does not answer within this many seconds counts as down.
STORAGE_TIMEOUT_SECONDS = 0.5
# Limits are declared on the views that need them (login, one-time codes);
# nothing is limited by default. Storage comes from RATELIMIT_STORAGE_URI.
# When that store (Redis) is down, the pages keep serving: each process counts
# in its own memory until the store answers again (Flask-Limiter checks it
# with a growing interval), so a limit is at worst multiplied by the number of
# processes, never dropped; any other failure of the limiter is logged, and
# the request served.
limiter = Limiter(
    key_func=get_remote_address, default_limits=[],
    in_memory_fallback_enabled=True, swallow_errors=True,
    storage_options={"socket_connect_timeout": STORAGE_TIMEOUT_SECONDS,
                     "socket_timeout": STORAGE_TIMEOUT_SECONDS},
)

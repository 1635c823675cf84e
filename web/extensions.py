"""Flask extensions shared by the web pages: CSRF protection and rate limits."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# Limits are declared on the views that need them (login, one-time codes);
# nothing is limited by default. Storage comes from RATELIMIT_STORAGE_URI.
limiter = Limiter(key_func=get_remote_address, default_limits=[])

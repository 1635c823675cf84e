"""Signing in by phone: a one-time code sent by SMS, stored hashed, short-lived, few tries."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.citizens.registry import citizen_for_phone
from core.clock import now_utc
from core.errors import DomainError
from core.i18n import N_, translate
from core.messaging.outbox import queue_message
from core.models import Citizen, LoginCode
from core.phones import normalise_phone

CODE_DIGITS = 6
CODE_LIFETIME_MINUTES = 5
CODE_LIFETIME = timedelta(minutes=CODE_LIFETIME_MINUTES)
MAX_ATTEMPTS = 5
# Each code costs an SMS and each one is another chance to guess: a phone
# gets at most this many codes per window, whoever asks for them.
MAX_CODES_PER_WINDOW = 3
CODE_WINDOW_MINUTES = 15
CODE_WINDOW = timedelta(minutes=CODE_WINDOW_MINUTES)

CODE_MESSAGE = N_(
    "Kode masuk Layanan Paralel: %(code)s. Berlaku %(minutes)s menit. "
    "Jangan berikan kode ini kepada siapa pun."
)


class TooManyCodes(DomainError):
    """The phone asked for too many codes lately."""

    message = N_("Terlalu banyak permintaan kode. Coba lagi dalam %(minutes)s menit.")
    params = {"minutes": CODE_WINDOW_MINUTES}


class LoginCodeExpired(DomainError):
    """No usable code: none was sent, it expired, was used, or ran out of tries."""

    message = N_("Kode sudah tidak berlaku. Minta kode baru.")


class WrongLoginCode(DomainError):
    """The code does not match."""

    message = N_("Kode salah. Periksa SMS Anda.")


def request_login_code(
    session: Session, *, phone: str, language: str | None = None, now: datetime | None = None
) -> LoginCode:
    """Queue an SMS with a fresh code for the phone (rate-limited per phone)."""
    e164 = normalise_phone(phone)
    moment = now or now_utc()
    recent = session.scalar(select(func.count()).where(
        LoginCode.phone == e164, LoginCode.created_at > moment - CODE_WINDOW
    )) or 0
    if recent >= MAX_CODES_PER_WINDOW:
        raise TooManyCodes(e164)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    login = LoginCode(phone=e164, code_hash=_hash_code(e164, code), attempts=0,
                      expires_at=moment + CODE_LIFETIME, created_at=moment)
    session.add(login)
    citizen = citizen_for_phone(session, e164, language)
    text = translate(citizen.language, CODE_MESSAGE, code=code, minutes=CODE_LIFETIME_MINUTES)
    queue_message(session, citizen=citizen, text=text, purpose="otp", now=moment)
    return login


@dataclass(frozen=True)
class LoginCheck:
    """What a typed code did: the citizen it signs in, or the refusal to show instead.

    A refusal is returned, not raised: a wrong try is counted in the caller's
    transaction, and the entry point commits it even though the sign-in fails.
    """

    citizen: Citizen | None = None
    refusal: DomainError | None = None


def verify_login_code(
    session: Session, *, phone: str, code: str, now: datetime | None = None
) -> LoginCheck:
    """Check a code against the phone's latest live code; each try is counted, right or wrong."""
    e164 = normalise_phone(phone)
    moment = now or now_utc()
    login = session.scalars(
        select(LoginCode)
        .where(LoginCode.phone == e164, LoginCode.used_at.is_(None),
               LoginCode.expires_at > moment)
        .order_by(LoginCode.created_at.desc(), LoginCode.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    if login is None or login.attempts >= MAX_ATTEMPTS:
        return LoginCheck(refusal=LoginCodeExpired(e164))
    login.attempts += 1
    typed = "".join(char for char in (code or "") if char.isascii() and char.isdigit())
    if not _matches(login.code_hash, e164, typed):
        # The counted try is kept with the refusal, so guessing runs out.
        return LoginCheck(refusal=WrongLoginCode(e164))
    login.used_at = moment
    return LoginCheck(citizen=citizen_for_phone(session, e164))


def _hash_code(phone: str, code: str, salt: str | None = None) -> str:
    """A salted hash of the code; the salt travels with it ('salt$hex')."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", f"{phone}:{code}".encode(), salt.encode(), 20_000)
    return f"{salt}${digest.hex()}"


def _matches(stored: str, phone: str, code: str) -> bool:
    """Whether the typed code hashes to the stored value, compared in constant time."""
    salt = stored.split("$", 1)[0]
    return hmac.compare_digest(stored, _hash_code(phone, code, salt))

"""Counter devices (kiosk mode): a unit head enrolls a browser at the counter, or revokes it.

Surveys given on an enrolled device count in the unit's official index as
channel "counter" (docs/domain.md §3.6, "One voice once"). The device keeps a
long random token in a cookie; the table keeps only its SHA-256, so a copy of
the table enrolls nothing, and a revoked token stops counting at once.
"""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import InvalidInput, NotFound
from core.models import CounterDevice, Unit
from core.staff.access import Principal, can_see_unit, require
from core.staff.audit import audited

MAX_DEVICE_NAME = 60
# 32 random bytes: guessing a live token is out of reach.
TOKEN_BYTES = 32
# A token is text of this length at most; anything longer is not ours, unread.
MAX_TOKEN_LENGTH = 100


def hash_device_token(token: str) -> str:
    """The stored form of a device token."""
    return hashlib.sha256(token.encode()).hexdigest()


def enroll_counter_device(
    session: Session, *, principal: Principal, unit_id: int, name: str,
    now: datetime | None = None,
) -> tuple[CounterDevice, str]:
    """Enroll a device for the unit, audited; returns it and the token for its cookie."""
    require(principal, "devices", unit_id)
    name = (name or "").strip()
    if not name or len(name) > MAX_DEVICE_NAME:
        raise InvalidInput("name")
    if session.get(Unit, unit_id) is None:
        raise NotFound("unit")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    device = CounterDevice(unit_id=unit_id, name=name, token_hash=hash_device_token(token),
                           enrolled_by=principal.officer_id, created_at=now or now_utc())
    with audited(session, officer_id=principal.officer_id, action="device_enroll",
                 target=f"unit:{unit_id}", detail=name):
        session.add(device)
        session.flush()
    return device, token


def list_counter_devices(session: Session, *, principal: Principal) -> list[CounterDevice]:
    """The devices of every unit the officer may manage, newest first, revoked ones included."""
    require(principal, "devices", any_unit=True)
    devices = session.scalars(
        select(CounterDevice).order_by(CounterDevice.created_at.desc(), CounterDevice.id.desc())
    ).all()
    return [device for device in devices if can_see_unit(principal, device.unit_id)]


def revoke_counter_device(
    session: Session, *, principal: Principal, device_id: int, now: datetime | None = None,
) -> CounterDevice:
    """Revoke a device, audited: its later surveys no longer count."""
    device = session.get(CounterDevice, device_id)
    if device is None:
        raise NotFound("device")
    require(principal, "devices", device.unit_id)
    if device.revoked_at is None:
        with audited(session, officer_id=principal.officer_id, action="device_revoke",
                     target=f"unit:{device.unit_id}", detail=device.name):
            device.revoked_at, device.revoked_by = now or now_utc(), principal.officer_id
    return device


def enrolled_device(session: Session, *, token: str | None, unit_id: int) -> CounterDevice | None:
    """The unit's device holding this token, unless revoked; None for anything else."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    device = session.scalars(
        select(CounterDevice).where(CounterDevice.token_hash == hash_device_token(token))
    ).one_or_none()
    if device is None or device.revoked_at is not None or device.unit_id != unit_id:
        return None
    return device

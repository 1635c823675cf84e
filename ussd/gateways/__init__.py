"""USSD gateways, one module each, so that adding one is adding a module and a line to GATEWAYS.

A gateway module decodes the gateway's two callbacks into channel-neutral values:

- `decode_hop(form)`: one hop, as ussd.engine.answer_hop takes it (session_id,
  phone, text, service_code, network_code), its session_id "" when unusable;
- `decode_session_end(form)`: the end-of-session report, as the session
  store's record_event takes it: the gateway's status word as received, and
  `dropped`, whether the citizen left before finishing (the journey then
  stays resumable), its session_id "" when missing.

The reply's "CON "/"END " is written by ussd/render.py alone.
"""

from importlib import import_module
from types import ModuleType

from layanan.numbers import whole_number

# LAYANAN_USSD_GATEWAY -> the module of that gateway.
GATEWAYS = {
    "africastalking": "ussd.gateways.africastalking",
}


def gateway_module(name: str) -> ModuleType:
    """The module of the gateway a setting names."""
    if name not in GATEWAYS:
        raise RuntimeError(
            f"Unknown LAYANAN_USSD_GATEWAY {name!r}: use {' or '.join(GATEWAYS)}.")
    return import_module(GATEWAYS[name])


def text_field(form, name: str, limit: int | None = None) -> str:
    """A form field as text, without NUL (PostgreSQL refuses it), optionally cut."""
    value = form.get(name, "").replace("\x00", "")
    return value[:limit] if limit else value


def number_field(form, name: str) -> int | None:
    """A form field as a whole number a column holds, or None when it is not one."""
    return whole_number(text_field(form, name, 20))

"""The server's VAPID key pair (RFC 8292): how Web Push services know our messages are ours.

Both keys travel as base64url text without padding, the forms browsers and
pywebpush use: the public key as the uncompressed P-256 point (65 bytes, the
`applicationServerKey` a browser subscribes with), the private key as the raw
32-byte scalar. Only `cryptography` here, so that checking the settings at
start-up costs no import of the HTTP side (core/messaging/push.py).
"""

import base64
import binascii
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
PUBLIC_KEY_BYTES = 65
PRIVATE_KEY_BYTES = 32


@dataclass(frozen=True)
class VapidKeys:
    """What the outbox worker signs pushes with; None of these means push is off."""

    public_key: str
    private_key: str
    # A mailto: or https: address the push service can reach the operator at.
    subject: str


def b64url_decode(text: str) -> bytes:
    """base64url text, padded or not, as bytes; ValueError when it is not base64url."""
    cleaned = text.strip().rstrip("=")
    # The standard decoder skips characters outside the alphabet; we refuse them.
    if not BASE64URL.fullmatch(cleaned):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("not base64url") from None


def b64url_encode(data: bytes) -> str:
    """Bytes as base64url text without padding."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def generate_vapid_keys() -> tuple[str, str]:
    """A new P-256 key pair: (public key, private key), both base64url."""
    private = ec.generate_private_key(ec.SECP256R1())
    scalar = private.private_numbers().private_value.to_bytes(PRIVATE_KEY_BYTES, "big")
    return public_key_of(private), b64url_encode(scalar)


def public_key_of(private: ec.EllipticCurvePrivateKey) -> str:
    """The applicationServerKey form of a private key's public half."""
    point = private.public_key().public_bytes(serialization.Encoding.X962,
                                              serialization.PublicFormat.UncompressedPoint)
    return b64url_encode(point)


def vapid_pair_problem(public_key: str, private_key: str) -> str | None:
    """Why the two keys are not one VAPID pair in our format; None when they are."""
    try:
        scalar = b64url_decode(private_key)
    except ValueError:
        return "the private key is not base64url"
    if len(scalar) != PRIVATE_KEY_BYTES:
        return f"the private key is not {PRIVATE_KEY_BYTES} bytes"
    try:
        private = ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())
    except ValueError:
        return "the private key is not a P-256 key"
    if public_key_of(private) != public_key.strip().rstrip("="):
        return "the public key is not the private key's own"
    return None

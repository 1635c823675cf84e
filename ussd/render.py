"""The edge of the protocol: the one place that writes "CON " and "END "."""

from dataclasses import dataclass

from core.gsm import shorten, to_gsm
from ussd.layout import BODY_LIMIT


@dataclass(frozen=True)
class Reply:
    """A screen to show, and whether it closes the session."""

    text: str
    end: bool = False


def render_reply(reply: Reply) -> str:
    """The body the gateway expects: "CON " to continue or "END " to close, then the screen."""
    # Screens are laid out to fit; this only guards against a translation
    # that grew past the limit, which a truncated screen survives and the
    # protocol would not.
    text = shorten(to_gsm(reply.text), BODY_LIMIT)
    return ("END " if reply.end else "CON ") + text

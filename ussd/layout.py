"""Fitting screens into 160 characters: translated text, shortened data, pages of options."""

from functools import lru_cache

from core.gsm import shorten, to_gsm
from core.i18n import translate

SCREEN_LIMIT = 160
# What is left once the renderer adds "CON " or "END ".
BODY_LIMIT = SCREEN_LIMIT - 4
# A list item longer than this is cut, so that every page holds a few.
MAX_LABEL = 36
# Options are one digit; 0, 00 and 98 are navigation.
MAX_PER_PAGE = 9


def fill(language: str, msgid: str, params: dict | None = None, *, elastic: str | None = None,
         room: int = BODY_LIMIT) -> str:
    """Translate a text and fill its parameters in GSM-7, shortening `elastic` to fit `room`."""
    values = {key: to_gsm(str(value)) for key, value in (params or {}).items()}
    text = translate(language, msgid, **values)
    if elastic and len(text) > room:
        base = len(translate(language, msgid, **{**values, elastic: ""}))
        values[elastic] = shorten(values[elastic], max(room - base, 3))
        text = translate(language, msgid, **values)
    return text


def lines(*parts: str) -> str:
    """Join the non-empty parts of a screen, one per line."""
    return "\n".join(part for part in parts if part)


# List items are names from the catalogue and the menus, a few hundred in all,
# laid out on almost every hop.
@lru_cache(maxsize=4096)
def label(text: str) -> str:
    """A list item's text in GSM-7, cut at a word to at most MAX_LABEL."""
    text = " ".join(to_gsm(text).split())
    if len(text) <= MAX_LABEL:
        return text
    cut = text[: MAX_LABEL - 3]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:(-.") + "..."


def paginate(labels: list[str], *, head: int, more: int, tail: int) -> list[range]:
    """Split numbered items into pages that fit between a head line and the navigation lines.

    `head`, `more` and `tail` are the lengths of the title line, of the "98 next"
    line (only on pages followed by another) and of the back/menu line.
    """
    pages = []
    start = 0
    while start < len(labels) or not pages:
        used, end = head + 1 + tail, start
        while end < len(labels) and end - start < MAX_PER_PAGE:
            line = len(f"{end - start + 1} {labels[end]}") + 1
            after = more + 1 if end + 1 < len(labels) else 0
            if used + line + after > BODY_LIMIT and end > start:
                break
            used, end = used + line, end + 1
        pages.append(range(start, end))
        start = end
    return pages


def page_count(texts: list[str]) -> int:
    """How many screens a list of these names takes (under the longest title and hint)."""
    labels = [label(text) for text in texts]
    return len(paginate(labels, head=MAX_LABEL, more=len("98 Lanjut"),
                        tail=len("0 Kembali 00 Menu")))

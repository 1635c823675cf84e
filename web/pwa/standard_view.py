"""How a service standard and a unit's contacts read on a phone: lists and key facts.

The standard stores each component as the officer typed it. Requirements and
procedure become list items (one a line, or one per ";" when written on one
line); a number or bullet the officer typed in front is dropped, since the
list draws its own, and everything else is kept word for word.
"""

import re

# Components shown as lists: requirements (a checklist) and procedure (steps in order).
LISTED = ("persyaratan", "prosedur")

# "1.", "2)", "-", "*", "•" at the start of a line: the list's own marker does that job.
_MARKER = re.compile(r"^(?:\d{1,2}\s*[.)]|[-*\u2022\u2013\u00b7])\s+")


def list_items(text: str) -> list[str]:
    """The items of a component written one a line (or on one line, separated by ";")."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) == 1 and ";" in lines[0]:
        lines = [part.strip() for part in lines[0].split(";") if part.strip()]
    return [_MARKER.sub("", line, count=1) or line for line in lines]


def whatsapp_number(number: str) -> str:
    """The digits wa.me expects: international, no "+" (a local 08... becomes 628...)."""
    digits = re.sub(r"\D", "", number or "")
    return "62" + digits[1:] if digits.startswith("0") else digits


def map_link(latitude: float | None, longitude: float | None) -> str | None:
    """An OpenStreetMap link with a marker on the place, or None without coordinates."""
    if latitude is None or longitude is None:
        return None
    return (f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}"
            f"#map=17/{latitude}/{longitude}")


def how_to_reach(unit) -> dict:
    """A unit's address, hours, phone, WhatsApp link and map link; empty ones are falsy."""
    whatsapp = whatsapp_number(unit.whatsapp) if unit and unit.whatsapp else ""
    return {
        "address": unit.address if unit else "",
        "hours": unit.opening_hours if unit else "",
        "phone": unit.phone if unit else "",
        "whatsapp": unit.whatsapp if whatsapp else "",
        "whatsapp_link": f"https://wa.me/{whatsapp}" if whatsapp else "",
        "map": map_link(unit.latitude, unit.longitude) if unit else None,
    }

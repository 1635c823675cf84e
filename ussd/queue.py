"""The queue journey's items, routes and actions: a unit with a queue, today or a booked slot.

Numbers are taken with the journey's client key, so a replayed hop or a
resumed session takes one number. Dates and times are kept as text in the
session (it is stored as JSON).
"""

from datetime import date, time

from core.citizens.registry import citizen_for_phone
from core.i18n import N_
from core.queueing import lookup
from core.queueing.numbers import QueueClosed, QueueFull, ahead_of, book_slot, take_number
from ussd import units
from ussd.layout import label
from ussd.screens import Visit

NO_QUEUE_UNITS = "que_none"


def _queue_units(visit: Visit):
    """The catalogue's units whose queue is on (looked up once per hop)."""
    if "queue_units" not in visit.cache:
        ids = {unit.id for unit in lookup.queue_units(visit.db)}
        visit.cache["queue_units"] = [unit for unit in visit.catalogue.units if unit.id in ids]
    return visit.cache["queue_units"]


def queue_unit(visit: Visit) -> str:
    """The units with a queue, or their kecamatan first when they are many."""
    found = _queue_units(visit)
    if not found:
        return NO_QUEUE_UNITS
    return units.narrow_units(visit, found, "que_unit", "que_unit_kec")


def queue_unit_groups(visit: Visit) -> list[tuple[str, str]]:
    """The kecamatan with a unit that has a queue."""
    return units.unit_groups(visit, _queue_units(visit))


def queue_unit_group(visit: Visit) -> str:
    """The kecamatan's units, or the choice of day when it has one."""
    return units.single_unit_or_list(visit, _queue_units(visit), "que_unit", "que_when")


def queue_units(visit: Visit) -> list[tuple[int, str]]:
    """The units with a queue (of the kecamatan picked)."""
    return units.listed_units(visit, _queue_units(visit))


def queue_units_all(visit: Visit) -> list[tuple[int, str]]:
    """Every unit with a queue: found by name from the kecamatan list."""
    return [(unit.id, unit.name) for unit in _queue_units(visit)]


def unit_named(visit: Visit) -> dict:
    """The unit chosen, for the choice between today and a booking."""
    return {"unit": visit.catalogue.unit_name(visit.values["unit_id"])}


def take_today(visit: Visit) -> str:
    """Take today's number; closed or full: offer the next free slot (or say there is none)."""
    try:
        row = take_number(visit.db, unit_id=visit.values["unit_id"], service_id=None,
                          citizen_id=_citizen_id(visit), channel="ussd",
                          client_key=visit.client_key)
    except (QueueClosed, QueueFull) as refusal:
        offer = getattr(refusal, "next_free", None) or lookup.first_free(
            visit.db, visit.values["unit_id"])
        if offer is None:
            return "que_no_slot"
        visit.values.update(book_day=offer[0].isoformat(), book_slot=offer[1].strftime("%H:%M"))
        return "que_offer"
    visit.values["number_id"] = row.id
    return "que_taken"


def _citizen_id(visit: Visit) -> int:
    return citizen_for_phone(visit.db, visit.state.phone).id


def offer_params(visit: Visit) -> dict:
    """The next free slot offered instead of today."""
    return {"day": _short_day(visit.values["book_day"]), "time": _slot_text(visit)}


def booking_days(visit: Visit) -> list[tuple[str, str]]:
    """The coming working days with a free slot."""
    return [(day.isoformat(), day.strftime("%d/%m/%Y"))
            for day in lookup.booking_days(visit.db, visit.values["unit_id"])]


def day_slots(visit: Visit) -> list[tuple[str, str]]:
    """The free slots of the day chosen."""
    day = date.fromisoformat(visit.values["book_day"])
    return [(slot.strftime("%H:%M"), slot.strftime("%H.%M"))
            for slot in lookup.free_slots(visit.db, visit.values["unit_id"], day)]


def taken(visit: Visit) -> dict:
    """Today's number and how many are ahead."""
    shown = lookup.number_view(visit.db, visit.values["number_id"])
    return {"unit": label(shown.unit_name), "number": shown.number, "ahead": shown.ahead}


def book(visit: Visit) -> dict:
    """Book the slot chosen (once per journey) and say its number."""
    values = visit.values
    row = book_slot(visit.db, unit_id=values["unit_id"], service_id=None,
                    citizen_id=_citizen_id(visit), day=date.fromisoformat(values["book_day"]),
                    slot=time.fromisoformat(values["book_slot"]), channel="ussd",
                    client_key=visit.client_key)
    return {"unit": label(row.unit.name), "number": row.number, "day": _short_day(row.day),
            "time": row.slot_start.strftime("%H.%M"), "ahead": ahead_of(visit.db, row)}


def _short_day(day) -> str:
    return (date.fromisoformat(day) if isinstance(day, str) else day).strftime("%d/%m")


def _slot_text(visit: Visit) -> str:
    return time.fromisoformat(visit.values["book_slot"]).strftime("%H.%M")


QUEUE = N_("Nomor antrean")

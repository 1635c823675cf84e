"""Every screen of the journey, in both languages, fits a feature phone.

The walk starts at the main menu of the demo data (the longest real names)
and takes every option each screen displays (and 98, 0, 00, a wrong choice,
the worst free texts), so that each distinct screen is laid out at least
once for every service, unit and complaint type that could appear on it.
"""

import itertools
import re
from copy import deepcopy
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from core.models import QueueSetting, Ticket, Unit
from core.sessions.store import ResumeOffer, UssdState
from core.tickets.actions import apply_ticket_action
from core.tickets.numbers import damm_check_digit
from tests.ussd.conftest import check_screen
from ussd.engine import show, start, take_input
from ussd.journey import JOURNEY, MENU
from ussd.layout import SCREEN_LIMIT
from ussd.render import render_reply
from ussd.screens import Visit

PHONE = "+6281234500003"  # has a completed request to rate
# 182 characters is the most one USSD input holds.
LONGEST_TEXT = ("Lampu*jalan mati, gelap sekali di depan Pustu Desa " * 4)[:182]
# What a later screen shows of the values: a screen is walked again for each.
SHOWN_LATER = ("complaint_type", "unit_id", "service_id", "use_ticket")
# Static screens leave a tenth of the room free in Indonesian, for the translation.
STATIC = {MENU, "cmp_description", "cmp_privacy", "chk_number", "lang",
          *(f"srv_q{n}" for n in range(1, 10))}
_branches = itertools.count()


def _options(body: str, screen: str, ticket_inputs: list[str]) -> list[str]:
    """The inputs to try on a screen: every number shown, navigation, nonsense, free texts."""
    if JOURNEY[screen].kind == "text":
        typed = [LONGEST_TEXT, "ab"] if screen == "cmp_description" else ticket_inputs
        return [*typed, "0", "00"]
    return [*re.findall(r"^(\d+) ", body[4:], re.MULTILINE), "00", "x"]


def walk(db, language: str, ticket_inputs: list[str]) -> dict[str, list[str]]:
    """Every screen reachable from the main menu, by screen key."""
    state = UssdState(session_id="walk", phone=PHONE, language=language, known=True)
    catalogue = {}
    visit = Visit(db, state, "*123#", catalogue_cache=catalogue)
    start(visit)
    first = render_reply(show(visit))
    seen, screens = set(), {MENU: [first]}
    queue = [(visit.state, first)]
    while queue:
        state, body = queue.pop()
        for typed in _options(body, state.screen, ticket_inputs):
            branch = deepcopy(state)
            branch.session_id = f"walk-{language}-{next(_branches)}"
            visit = Visit(db, branch, "*123#", catalogue_cache=catalogue)
            accepted = take_input(visit, typed)
            reply = render_reply(show(visit))
            screens.setdefault(branch.screen, []).append(reply)
            values = visit.values
            key = (branch.screen, branch.page, reply, *(values.get(k) for k in SHOWN_LATER))
            # Going back or home shows screens already walked (only stale values
            # differ); a language change would walk it all again, which the
            # other language's run does.
            forward = typed not in ("0", "00") and state.screen != "lang"
            if accepted and forward and branch.status == "active" and key not in seen:
                seen.add(key)
                queue.append((branch, reply))
    return screens


def _edge_screens(db, language: str) -> dict[str, list[str]]:
    """Screens the walk cannot reach from one session: resume offers and the goodbye."""
    screens = {}
    for journey_screen in ("req_confirm", "cmp_confirm", "srv_q9", "resume"):
        data = {"values": {"complaint_type": "pengaduan"}}
        if journey_screen == "resume":
            data = {"offer": {"session_id": "old", "screen": "cmp_confirm",
                              "journey": JOURNEY["cmp_confirm"].journey, "data": {}}}
        state = UssdState(session_id="edge", phone=PHONE, language=language,
                          resume_offer=ResumeOffer("old", journey_screen, 0, data))
        visit = Visit(db, state, "*123#")
        start(visit)
        screens.setdefault(state.screen, []).append(render_reply(show(visit)))
    state = UssdState(session_id="edge", phone=PHONE, language=language, strikes=2)
    visit = Visit(db, state, "*123#")
    start(visit)
    take_input(visit, "x")
    screens.setdefault(state.screen, []).append(render_reply(show(visit)))
    return screens


@pytest.fixture
def ticket_inputs(demo):
    """Every demo ticket (plus one postponed, the longest status), a typo, an unknown number."""
    request = demo.scalars(select(Ticket).where(Ticket.client_key == "demo-1")).one()
    apply_ticket_action(demo, ticket_id=request.id, action="postpone",
                        note="Lengkapi fotokopi KK.")
    numbers = list(demo.scalars(select(Ticket.number)))
    demo.commit()
    typo = numbers[0][:-1] + str((int(numbers[0][-1]) + 1) % 10)
    return [*numbers, typo, "10000000" + damm_check_digit("10000000")]


@pytest.fixture
def queues(demo, monkeypatch):
    """Queues on three demo units: open, closed for today, and full with no slot left."""
    first, second, third = demo.scalars(select(Unit).order_by(Unit.id).limit(3))
    demo.add_all([
        QueueSetting(unit_id=first.id, enabled=True, daily_capacity=40, slot_minutes=60,
                     opens_at=time(8), closes_at=time(10)),
        QueueSetting(unit_id=second.id, enabled=True, opens_at=time(7), closes_at=time(8),
                     slot_minutes=60),
        QueueSetting(unit_id=third.id, enabled=True, daily_capacity=0),
    ])
    demo.commit()
    # Monday 7 December 2026, 09:00 WIB.
    monkeypatch.setattr("core.queueing.numbers.now_utc",
                        lambda: datetime(2026, 12, 7, 2, tzinfo=UTC))


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_screen_fits_in_both_languages(demo, queues, ticket_inputs, language):
    """GSM 7-bit only, at most 160 characters with the prefix, every screen reached."""
    screens = walk(demo, language, ticket_inputs)
    for key, bodies in _edge_screens(demo, language).items():
        screens.setdefault(key, []).extend(bodies)
    for bodies in screens.values():
        for body in bodies:
            check_screen(body)
    shown = {key for key, screen in JOURNEY.items() if screen.kind != "route"}
    # The small catalogue offers each service at one unit: tests/ussd/test_reach.py
    # lays out (and checks) the unit choice of a request on a kabupaten's catalogue.
    # Likewise the kecamatan before the units with a queue (tests/ussd/test_queue_menu.py),
    # and the screen saying no unit has a queue.
    assert shown - set(screens) == {"req_unit", "req_unit_kec", "que_unit_kec", "que_none"}
    assert sum(map(len, screens.values())) > 500


def test_static_screens_leave_room_for_translation(demo, ticket_inputs):
    """An English text a tenth longer than the Indonesian still fits (hints aside)."""
    screens = walk(demo, "id", ticket_inputs)
    for key in STATIC:
        # Without data, the shortest rendering is the screen without a hint.
        assert min(map(len, screens[key])) * 1.1 <= SCREEN_LIMIT, key

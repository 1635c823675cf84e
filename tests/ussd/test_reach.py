"""Every unit of a kabupaten-size catalogue is at most six inputs from the main menu.

A breadth-first search over what a citizen can type on each screen: the
numbers it shows, 98 for the next page, and the first three or four letters
of the unit's name (the words before it like "Puskesmas" left out), and for
a request those of the services offered there; typed letters count as one
input, as they are one on the phone. The search runs
the journey's engine itself, so a screen that lists too much, or a list that
typed letters cannot narrow, shows up as a longer path.
"""

import json
import re
from copy import deepcopy

import pytest

from core.catalogue.directory import read_menu_catalogue
from core.demo.loader import load_demo
from core.sessions.store import UssdState
from tests.ussd.conftest import check_screen
from ussd.engine import show, start, take_input
from ussd.finder import distinctive
from ussd.render import render_reply
from ussd.screens import Visit

BOUND = 6
# Measured on the generated kabupaten (complaint: 7, survey: 6); a change that
# makes paging longer shows here.
DIGITS_ONLY = 7
# Screens the small demo never shows: units narrowed by kecamatan, where it happened.
KABUPATEN_SCREENS = {"req_unit_kec", "req_unit", "cmp_unit_kec", "cmp_unit", "srv_unit_kec",
                     "srv_unit"}
# A phone with no request to rate: the survey asks for the unit.
PHONE = "+6281299900001"
# The journeys that pick a unit, by the main menu's number.
JOURNEYS = {"request": "1", "complaint": "2", "survey": "4"}
# Values that change nothing about which units come next.
IRRELEVANT = ("complaint_type", "history", "use_ticket")


def _key(state: UssdState) -> str:
    data = {key: value for key, value in state.data.items() if key != "values"}
    values = {k: v for k, v in state.data.get("values", {}).items() if k not in IRRELEVANT}
    data.pop("history", None)
    return json.dumps([state.screen, state.page, data, values], sort_keys=True, default=str)


def _typed(body: str, letters: tuple[str, ...]) -> list[str]:
    """What a citizen may type here: the numbers shown, 98 when shown, the letters."""
    numbers = [n for n in re.findall(r"^(\d+) ", body[4:], re.MULTILINE) if n not in ("0", "00")]
    return [*numbers, *letters]


class Reach:
    """The search, with every transition remembered: targets share their first steps."""

    def __init__(self, db, language: str = "id"):
        self.db, self.language, self.catalogue, self.moves = db, language, {}, {}
        # Every screen laid out, by key: each must fit a feature phone.
        self.screens: set[str] = set()

    def first(self, journey: str) -> UssdState:
        state = UssdState(session_id="reach", phone=PHONE, language=self.language, known=True)
        visit = Visit(self.db, state, "*123#", catalogue_cache=self.catalogue)
        start(visit)
        take_input(visit, JOURNEYS[journey])
        return state

    def move(self, state: UssdState, typed: str):
        """The state after typing (None when refused or ended), and its screen."""
        memo = (_key(state), typed)
        if memo not in self.moves:
            branch = deepcopy(state)
            visit = Visit(self.db, branch, "*123#", catalogue_cache=self.catalogue)
            accepted = take_input(visit, typed)
            alive = accepted and branch.status == "active"
            body = check_screen(render_reply(show(visit)))
            self.screens.add(branch.screen)
            self.moves[memo] = (branch, body) if alive else (None, "")
        return self.moves[memo]

    def inputs_to(self, journey: str, unit_id: int, letters: tuple[str, ...], limit: int):
        """The fewest inputs from the main menu that pick the unit, or None beyond limit."""
        state = self.first(journey)
        frontier, seen = [(state, self._body(state))], {_key(state)}
        for depth in range(2, limit + 1):
            following = []
            for state, body in frontier:
                for typed in _typed(body, letters):
                    after, shown = self.move(state, typed)
                    if after is None:
                        continue
                    if after.data.get("values", {}).get("unit_id") == unit_id:
                        return depth
                    if _key(after) not in seen:
                        seen.add(_key(after))
                        following.append((after, shown))
            frontier = following
        return None

    def _body(self, state: UssdState) -> str:
        return render_reply(show(Visit(self.db, deepcopy(state), "*123#",
                                       catalogue_cache=self.catalogue)))


def prefixes(name: str) -> tuple[str, ...]:
    """The first three and four letters of the name a citizen would type."""
    word = distinctive(name)
    return (word[:3], word[:4])


def measure(reach: Reach, journey: str, *, letters: bool, limit: int) -> dict[str, int | None]:
    """Inputs to reach every unit the journey can pick, by unit name.

    A request starts from a service: its name's letters may be typed too.
    """
    db = reach.db
    catalogue = read_menu_catalogue(db)
    db.commit()
    services: dict[int, list[str]] = {}
    for service in catalogue.services:
        for unit_id in service.offered_at:
            services.setdefault(unit_id, []).append(service.short_name(reach.language))
    found = {}
    for unit in catalogue.units:
        if journey == "request" and unit.id not in services:
            continue
        typed = prefixes(unit.name) if letters else ()
        if letters and journey == "request":
            typed += tuple(p for name in services[unit.id] for p in prefixes(name))
        found[unit.name] = reach.inputs_to(journey, unit.id, tuple(dict.fromkeys(typed)), limit)
    return found


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_unit_within_six_inputs(kabupaten, language):
    """With typed letters, no unit is more than six inputs from the main menu."""
    reach = Reach(kabupaten, language)
    for journey in JOURNEYS:
        found = measure(reach, journey, letters=True, limit=BOUND)
        assert len(found) >= 30
        assert {name: n for name, n in found.items() if n is None} == {}, journey
        print(f"\n{journey}: worst {max(found.values())} inputs with letters")
    # The screens only a kabupaten's size shows were laid out (and fit: check_screen).
    assert reach.screens >= KABUPATEN_SCREENS


@pytest.mark.parametrize("journey", ["complaint", "survey"])
def test_worst_case_with_digits_only(kabupaten, journey):
    """Without letters every unit is still reachable; the worst case is reported."""
    found = measure(Reach(kabupaten), journey, letters=False, limit=12)
    assert None not in found.values()
    worst = max(found, key=found.get)
    print(f"\n{journey}: worst {found[worst]} inputs with digits only ({worst})")
    assert found[worst] <= DIGITS_ONLY


def test_the_real_size_demo_within_six_inputs(session, monkeypatch):
    """The demo catalogue, once it has a kabupaten's units, keeps the bound too."""
    monkeypatch.setattr("core.staff.officers.generate_password_hash", lambda password: "x")
    load_demo(session)
    session.commit()
    if len(read_menu_catalogue(session).units) < 40:
        pytest.skip("the demo catalogue is still the small one")
    reach = Reach(session)
    for journey in JOURNEYS:
        found = measure(reach, journey, letters=True, limit=BOUND)
        assert {name: n for name, n in found.items() if n is None} == {}, journey
        worst = max(found, key=found.get)
        print(f"\n{journey}: worst {found[worst]} inputs with letters (demo: {worst})")

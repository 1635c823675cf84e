"""The engine: takes a hop's input through the journey table and lays out the screen reached.

How the gateway's `text` becomes inputs, and free text containing '*'
--------------------------------------------------------------------
Africa's Talking sends on every hop all the inputs of the session joined with
'*', never escaped: after 2, 1, 1, 'Lampu*mati' the text is
'2*1*1*Lampu*mati', so splitting on '*' would cut that description in two.
Instead the session row keeps the text already handled (`consumed`), and
the new input is exactly what follows `consumed + '*'`:

- on a free-text screen that whole input is the answer ('Lampu*mati');
- on a choice screen it is split on '*' and the parts taken in turn, so a
  citizen who types '1*2' (or dials *123*1*2#) jumps ahead;
- the same text again (the gateway retrying a hop) gets the saved reply and
  nothing is done twice.

Only when we cannot follow the session (its first hop never reached us, or
the text does not continue what we saw) is the path replayed from the main
menu, split on every '*'; a free text with '*' is then cut at its first '*'.
MAX_REPLAY caps that work.
"""

from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from core.errors import DomainError, InvalidPhoneNumber
from core.i18n import DEFAULT_LANGUAGE, N_, translate
from core.sessions.store import UssdSessionStore
from ussd.finder import matches, typed_name
from ussd.journey import JOURNEY, MENU
from ussd.layout import BODY_LIMIT, fill, label, lines, paginate
from ussd.render import Reply
from ussd.screens import NOT_FOUND, Invalid, Screen, Visit

HOME, BACK, NEXT_PAGE = "00", "0", "98"
NEXT_LABEL, BACK_LABEL, HOME_LABEL = N_("Lanjut"), N_("Kembali"), N_("Menu")
# Nonsense this many times in a row ends the session politely.
MAX_STRIKES = 3
MAX_REPLAY = 40
# Where state.data keeps the names that typed letters found on the list shown.
FOUND = "found"
INCOMPLETE = N_("Maaf, permintaan tidak lengkap. Silakan tekan %(code)s lagi.")


class HopFailed(Exception):
    """A hop that could not be answered (its cause chained), and the language it was in."""

    def __init__(self, language: str):
        super().__init__(language)
        self.language = language


def answer_hop(
    db: Session, *, session_id: str, phone: str, text: str, ussd_code: str,
    store: UssdSessionStore, service_code: str = "", network_code: str = "",
    catalogue_cache: dict | None = None, now: datetime | None = None,
) -> Reply:
    """Answer one gateway hop: load the session, take the new input, lay out the screen, save.

    Past the loading, a failure (the database away in the middle of a
    filing) is raised as HopFailed, which says the citizen's language for
    the channel's apology; a failure to load raises as it is.
    """
    if not session_id:
        return Reply(translate(DEFAULT_LANGUAGE, INCOMPLETE, code=ussd_code), end=True)
    try:
        state = store.load(db, session_id=session_id, phone=phone, now=now)
    except InvalidPhoneNumber as error:
        return Reply(translate(DEFAULT_LANGUAGE, error.message, **error.params), end=True)
    if state.known and (state.status == "ended" or text == state.consumed):
        # The gateway retried the hop, or the session is closed: same reply again.
        ended = state.status == "ended"
        fallback = translate(state.language, INCOMPLETE, code=ussd_code) if ended else ""
        return Reply(state.last_reply or fallback, end=ended)
    try:
        return _advance(db, state, text, ussd_code, store, catalogue_cache,
                        save={"service_code": service_code, "network_code": network_code,
                              "now": now})
    except Exception as error:
        raise HopFailed(state.language) from error


def _advance(db: Session, state, text: str, ussd_code: str, store: UssdSessionStore,
             catalogue_cache: dict | None, save: dict) -> Reply:
    """Take the hop's new input from the loaded state, lay out the screen reached, save."""
    visit = Visit(db, state, ussd_code,
                  catalogue_cache={} if catalogue_cache is None else catalogue_cache,
                  read=partial(store.read_first, db))
    follows = _new_input(state.consumed, text) if state.known else None
    if not state.known and not text:
        start(visit)
    elif follows is not None:
        state.status = "active"
        _feed(visit, follows, whole_text=True)
    else:
        _replay(visit, text)
    state.consumed = text
    try:
        reply = show(visit)
    except DomainError as error:
        # The catalogue changed under the citizen (a service removed...).
        state.status = "ended"
        reply = Reply(visit.t(error.message, **error.params), end=True)
    state.last_reply = reply.text
    state.resumable = _resumable(visit)
    store.save(db, state=state, **save)
    return reply


def _new_input(consumed: str, text: str) -> str | None:
    """What this hop adds to the text already handled, or None when it does not follow it."""
    if not consumed:
        return text
    prefix = consumed + "*"
    return text[len(prefix):] if text.startswith(prefix) else None


def start(visit: Visit) -> None:
    """A new session: the main menu, or the offer to resume a dropped journey."""
    offer = _offer(visit)
    _go(visit, MENU)
    if offer is not None:
        visit.state.data = {"offer": offer}
        _go(visit, "resume")


def _offer(visit: Visit) -> dict | None:
    offer = visit.state.resume_offer
    if offer is None:
        return None
    if offer.screen == "resume":
        # Offered before and not answered: offer the same journey again.
        return offer.data.get("offer")
    screen = JOURNEY.get(offer.screen)
    if screen is None or not screen.journey:
        return None
    return {"session_id": offer.session_id, "screen": offer.screen, "journey": screen.journey,
            "data": offer.data}


def _replay(visit: Visit, text: str) -> None:
    """Start again from the main menu and take every '*'-separated input in turn."""
    visit.state.status, visit.state.strikes = "active", 0
    _go(visit, MENU)
    if text and text.count("*") < MAX_REPLAY:
        _feed(visit, text, whole_text=False)


def _feed(visit: Visit, text: str, *, whole_text: bool) -> None:
    """Take the inputs in text until one is wrong, the session ends, or none is left."""
    rest: str | None = text
    for _ in range(MAX_REPLAY):
        if JOURNEY[visit.state.screen].kind == "text" and whole_text:
            raw, rest = rest, None
        else:
            raw, star, rest = rest.partition("*")
            rest = rest if star else None
        if not take_input(visit, raw) or visit.state.status == "ended" or rest is None:
            return


def take_input(visit: Visit, raw: str) -> bool:
    """Apply one input to the current screen; False (and a hint) when it does not fit."""
    state = visit.state
    screen = JOURNEY[state.screen]
    choice = raw.strip()
    if choice == HOME:
        _go(visit, MENU)
    elif choice == BACK:
        _back(visit)
    elif choice == NEXT_PAGE and screen.kind == "list" and _has_next_page(visit, screen):
        state.page += 1
    else:
        try:
            picked = _accept(visit, screen, raw if screen.kind == "text" else choice)
        except Invalid as wrong:
            state.strikes += 1
            visit.hint = visit.t(wrong.hint, **wrong.params)
            if state.strikes >= MAX_STRIKES:
                _go(visit, "bye")
            return False
        if picked is not None:
            _pick(visit, screen, *picked)
    state.strikes = 0
    return True


def _pick(visit: Visit, screen: Screen, value, store: str | None, target: str) -> None:
    """Keep what was picked, remember the screen to come back to, and go on."""
    if store:
        visit.values[store] = value
    visit.history.append([screen.key, visit.state.page])
    _go(visit, target)


def _accept(visit: Visit, screen: Screen, raw: str):
    """What an input picks: (value, where it is stored, the next screen).

    None when typed letters narrowed a list to several names (shown next).
    """
    if screen.kind == "text":
        return screen.validate(visit, raw), screen.store, screen.next
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 2 else 0
    if screen.kind == "menu" and 1 <= number <= len(screen.options):
        option = screen.options[number - 1]
        return option.value, screen.store, option.next
    if screen.kind == "list":
        typed = typed_name(raw)
        if typed is not None:
            return _find(visit, screen, typed)
        page = _page(visit, screen)
        if 1 <= number <= len(page):
            return _chosen(screen, _items(visit, screen)[page[number - 1]])
    raise Invalid(screen.hint, **screen.hint_params)


def _chosen(screen: Screen, item: tuple):
    value, _, also = item
    if also:
        return value, screen.also_store, screen.also_next
    return value, screen.store, screen.next


def _find(visit: Visit, screen: Screen, typed: str):
    """The one item whose name starts with the letters typed, or None and the list narrowed."""
    everything = [(value, text, False) for value, text in screen.items(visit)]
    if screen.also:
        everything += [(value, text, True) for value, text in screen.also(visit)]
    found = [item for item in everything if matches(typed, item[1])]
    if not found:
        raise Invalid(NOT_FOUND)
    if len(found) == 1:
        return _chosen(screen, found[0])
    visit.state.data[FOUND] = {"screen": screen.key,
                               "items": [[also, value] for value, _, also in found],
                               "names": [text for _, text, _ in found]}
    visit.state.page = 0
    visit.cache.clear()
    return None


def _back(visit: Visit) -> None:
    state = visit.state
    if state.page > 0:
        state.page -= 1
    elif state.data.pop(FOUND, None) is not None:
        # Back from the names found: the whole list again.
        visit.cache.clear()
    elif visit.history:
        screen, page = visit.history.pop()
        if screen == MENU:
            _go(visit, MENU)
        else:
            state.screen, state.page = screen, page
            visit.cache.clear()


def _go(visit: Visit, key: str) -> None:
    """Show a screen; routes are followed at once, the main menu forgets the journey."""
    state = visit.state
    state.data.pop(FOUND, None)
    visit.cache.clear()
    while True:
        screen = JOURNEY[key]
        if key == MENU:
            state.data = {}
        state.screen, state.page = key, 0
        if screen.kind == "end":
            state.status = "ended"
        if screen.kind != "route":
            return
        key = screen.route(visit)


def _items(visit: Visit, screen: Screen) -> list[tuple]:
    """(value, label, found-by-letters-only) of the list shown: all, or the names found."""
    key = ("items", screen.key)
    if key not in visit.cache:
        found = visit.state.data.get(FOUND)
        if found and found["screen"] == screen.key:
            # Kept as found: a catalogue read again meanwhile does not shift the numbers.
            shown = [(value, text, also) for (also, value), text
                     in zip(found["items"], found["names"], strict=True)]
        else:
            shown = [(value, text, False) for value, text in screen.items(visit)]
        visit.cache[key] = [(value, label(text), also) for value, text, also in shown]
    return visit.cache[key]


def _pages(visit: Visit, screen: Screen) -> list[range]:
    key = ("pages", screen.key)
    if key not in visit.cache:
        # The hint replaces the title on a list, so a page leaves room for the longer.
        hints = (visit.t(screen.hint, **screen.hint_params), visit.t(NOT_FOUND))
        head = max(len(fill(visit.language, screen.title)), *map(len, hints))
        visit.cache[key] = paginate([text for _, text, _ in _items(visit, screen)], head=head,
                                    more=len(_more_line(visit)), tail=len(_nav_line(visit)))
    return visit.cache[key]


def _page(visit: Visit, screen: Screen) -> range:
    pages = _pages(visit, screen)
    return pages[min(visit.state.page, len(pages) - 1)]


def _has_next_page(visit: Visit, screen: Screen) -> bool:
    return visit.state.page + 1 < len(_pages(visit, screen))


def _more_line(visit: Visit) -> str:
    return f"{NEXT_PAGE} {visit.t(NEXT_LABEL)}"


def _nav_line(visit: Visit) -> str:
    return f"{BACK} {visit.t(BACK_LABEL)} {HOME} {visit.t(HOME_LABEL)}"


def show(visit: Visit) -> Reply:
    """Lay out the current screen (running its action if it is the last one)."""
    screen = JOURNEY[visit.state.screen]
    language = visit.language
    if screen.kind == "end":
        try:
            params = screen.action(visit)
        except DomainError as error:
            return Reply(visit.t(error.message, **error.params), end=True)
        return Reply(fill(language, screen.title, params), end=True)
    if screen.kind == "list":
        items, page = _items(visit, screen), _page(visit, screen)
        options = [f"{n} {items[index][1]}" for n, index in enumerate(page, start=1)]
        more = _more_line(visit) if page.stop < len(items) else ""
        head = visit.hint or fill(language, screen.title)
        return Reply(lines(head, *options, more, _nav_line(visit)))
    options = [f"{n} {visit.t(option.label)}" for n, option in enumerate(screen.options, start=1)]
    around = [part for part in (visit.hint, *options, _nav_line(visit) if screen.nav else "")
              if part]
    room = BODY_LIMIT - sum(len(part) + 1 for part in around)
    params = screen.params(visit) if screen.params else {}
    title = fill(language, screen.title, params, elastic=screen.elastic, room=room)
    body = lines(visit.hint, title, *around[1 if visit.hint else 0:])
    if len(body) > BODY_LIMIT and visit.hint:
        # No room for both: the hint and the options matter more than the title.
        body = lines(*around)
    return Reply(body)


def _resumable(visit: Visit) -> bool:
    """Whether a new dial should offer to continue from here."""
    state = visit.state
    if state.status != "active":
        return False
    return state.screen == "resume" or bool(JOURNEY[state.screen].journey and visit.values)

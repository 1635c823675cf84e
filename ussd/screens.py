"""What a screen is made of; the journey (ussd/journey.py) is a table of these.

Kinds of screen:
- "menu": fixed numbered options, each leading to a screen (and maybe storing a value);
- "list": numbered items from the catalogue, paginated, the chosen one stored;
  the first letters of a name may be typed instead of its number (ussd/finder.py);
- "text": one free-text answer, checked by `validate` and stored;
- "route": never shown, `route` picks the next screen (and may store values);
- "end": the last screen; `action` does the work (files the ticket...) and
  returns the parameters of its text.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from core.catalogue.directory import MenuCatalogue
from core.i18n import N_, translate
from core.sessions.store import UssdState
from ussd.catalogue import current_catalogue

WRONG_CHOICE = N_("Pilihan salah. Ketik nomornya:")
# No longer than WRONG_CHOICE: a page leaves room for the longer hint.
NOT_FOUND = N_("Nama tidak ditemukan. Ulangi:")


class Invalid(Exception):
    """The input does not fit the screen; `hint` is the one line shown above it."""

    def __init__(self, hint: str = WRONG_CHOICE, **params):
        super().__init__(hint)
        self.hint, self.params = hint, params


@dataclass
class Visit:
    """One hop: the database session, the state being changed, and the hint to show."""

    db: Session
    state: UssdState
    ussd_code: str
    hint: str = ""
    # The app's catalogue cache (ussd/catalogue.py), shared by its requests.
    catalogue_cache: dict = field(default_factory=dict)
    # How the session store runs a read the hop asks often (UssdSessionStore.read_first).
    read: Callable[[Any, dict], dict | None] | None = None
    # Lists laid out during this hop, so a screen builds each once.
    cache: dict = field(default_factory=dict)

    @property
    def catalogue(self) -> MenuCatalogue:
        """The service catalogue, as the menus list it."""
        return current_catalogue(self.catalogue_cache, self.db)

    @property
    def language(self) -> str:
        """The citizen's language for this session."""
        return self.state.language

    @property
    def values(self) -> dict:
        """What the citizen has chosen or typed in this journey."""
        return self.state.data.setdefault("values", {})

    @property
    def history(self) -> list:
        """The screens (and pages) to go back to, latest last."""
        return self.state.data.setdefault("history", [])

    @property
    def client_key(self) -> str:
        """The idempotency key of what this journey files: the session it started in."""
        return self.state.data.get("origin") or self.state.session_id

    def t(self, msgid: str, **params) -> str:
        """Translate into the citizen's language."""
        return translate(self.language, msgid, **params)


@dataclass(frozen=True)
class Option:
    """A fixed menu choice: its label (a message id), the next screen, the value stored."""

    label: str
    next: str
    value: Any = None


@dataclass(frozen=True)
class Screen:
    """One screen of the journey and what its input means."""

    key: str
    kind: str
    title: str = ""
    options: tuple[Option, ...] = ()
    items: Callable[[Visit], list[tuple[Any, str]]] | None = None
    # More (value, label) pairs a list finds by typed letters only, stored in
    # `also_store` and leading to `also_next`: the units behind a list of kecamatan.
    also: Callable[[Visit], list[tuple[Any, str]]] | None = None
    also_store: str | None = None
    also_next: str = ""
    # Where the chosen value or typed text goes in Visit.values.
    store: str | None = None
    next: str = ""
    validate: Callable[[Visit, str], Any] | None = None
    params: Callable[[Visit], dict] | None = None
    # The parameter that is shortened when the screen would not fit.
    elastic: str | None = None
    route: Callable[[Visit], str] | None = None
    action: Callable[[Visit], dict] | None = None
    hint: str = WRONG_CHOICE
    # Values of the hint's placeholders (a limit it states).
    hint_params: dict = field(default_factory=dict)
    # Show "0 back 00 menu" (lists always do).
    nav: bool = False
    # The journey this screen belongs to (a menu label), or "" when there is
    # nothing to resume here.
    journey: str = ""

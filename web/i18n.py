"""Language of the web pages: the visitor's choice, else Indonesian.

The browser's Accept-Language is not used: many phones in Indonesia run an
English system language while their owners read Indonesian first, so English
is one tap away (the switch sticks) rather than guessed.
"""

from flask import Flask, session
from flask_babel import Babel, get_locale

from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATIONS_DIR

babel = Babel()


def select_locale() -> str:
    """The language stored by the switch, else Indonesian."""
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to the catalogue every channel shares."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(lambda: {"lang": str(get_locale())})

"""Language of the web pages: the citizen's choice, else the browser's, else Indonesian."""

from flask import Flask, request, session
from flask_babel import Babel, get_locale

from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATIONS_DIR

babel = Babel()


def select_locale() -> str:
    """The language stored by the switch, or the best match for the browser."""
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to the catalogue every channel shares."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(lambda: {"lang": str(get_locale())})

"""One gettext catalogue for every channel, usable without Flask.

Message ids are written in Bahasa Indonesia, the default language, so the
product speaks Indonesian even before any catalogue is compiled; the `en`
catalogue translates them. Flask-Babel reads the same directory for the web.
"""

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, when rendered."""
    return message


def normalise_language(language: str | None) -> str:
    """Return a supported language code, falling back to Indonesian."""
    code = (language or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def in_language(language: str, indonesian: str, english: str) -> str:
    """Catalogue text kept in both languages: the English one for English, when there is one."""
    return (english if language == "en" else "") or indonesian


@lru_cache(maxsize=len(LANGUAGES))
def translations_for(language: str) -> NullTranslations:
    """Load the compiled catalogue of a language (cached per process)."""
    return Translations.load(str(TRANSLATIONS_DIR), [normalise_language(language)])


def translate(language: str, message: str, **params) -> str:
    """Translate a message id into the language and fill in its named parameters."""
    text = _translated(language, message)
    return text % params if params else text


# A few hundred message ids in two languages; a USSD screen looks up about ten.
@lru_cache(maxsize=4096)
def _translated(language: str, message: str) -> str:
    return translations_for(normalise_language(language)).gettext(message)

"""The catalogue the menus list, read from the database at most once a minute per app.

The catalogue is not session state (that lives in the database, so any worker
can serve any hop): it is the same for every citizen and changes rarely, and
reading it on every hop would cost more than the rest of the hop. An edit in
the back office shows on USSD within the cache's "seconds" (the setting
USSD_CATALOGUE_SECONDS), CATALOGUE_SECONDS when it has none.
"""

import time

from sqlalchemy.orm import Session

from core.catalogue.directory import MenuCatalogue, read_menu_catalogue

CATALOGUE_SECONDS = 60.0


def current_catalogue(cache: dict, db: Session) -> MenuCatalogue:
    """The cached catalogue, read again once it is older than the cache's lifetime."""
    moment = time.monotonic()
    if cache.get("until", 0.0) <= moment:
        cache["catalogue"] = read_menu_catalogue(db)
        cache["until"] = moment + cache.get("seconds", CATALOGUE_SECONDS)
    return cache["catalogue"]

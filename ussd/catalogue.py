"""The catalogue the menus list, read from the database at most once a minute per app.

The catalogue is not session state (that lives in the database, so any worker
can serve any hop): it is the same for every citizen and changes rarely, and
reading it on every hop would cost more than the rest of the hop. An edit in
the back office shows on USSD within CATALOGUE_SECONDS.
"""

import time

from sqlalchemy.orm import Session

from core.catalogue.directory import MenuCatalogue, read_menu_catalogue

CATALOGUE_SECONDS = 60.0


def current_catalogue(cache: dict, db: Session) -> MenuCatalogue:
    """The cached catalogue, read again once it is older than CATALOGUE_SECONDS."""
    moment = time.monotonic()
    if cache.get("until", 0.0) <= moment:
        cache["catalogue"] = read_menu_catalogue(db)
        cache["until"] = moment + CATALOGUE_SECONDS
    return cache["catalogue"]

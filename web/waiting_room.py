"""The waiting-room screen: a unit's numbers now called and those next, for a TV.

Public and without sign-in, so it shows numbers only: no name, phone or
channel. htmx fetches the board again every few seconds and swaps it in
(hx-trigger="every 5s"): the page itself is never reloaded, so a TV left on
all day does not flash.
"""

from flask import Blueprint, make_response, render_template, request

from core.catalogue.directory import get_unit
from core.queueing.counter import board
from layanan.database import db_session

bp = Blueprint("waiting_room", __name__)
# How many waiting numbers the screen shows after those called.
NEXT_SHOWN = 6
REFRESH_SECONDS = 5


@bp.get("/antrean/<int:unit_id>/layar")
def screen(unit_id: int):
    """The unit's numbers at the counter now, and the next few in calling order."""
    db = db_session()
    unit = get_unit(db, unit_id=unit_id)
    today = board(db, unit_id=unit.id)
    # htmx asks for the board alone; a browser for the whole page.
    template = "_waiting_board.html" if request.headers.get("HX-Request") else "waiting_room.html"
    response = make_response(render_template(
        template, unit=unit, called=[row.number for row in today.called],
        upcoming=[row.number for row in today.waiting[:NEXT_SHOWN]],
        waiting=len(today.waiting), refresh=REFRESH_SECONDS))
    # The screen must show the queue as it is now, never a stored copy.
    response.headers["Cache-Control"] = "no-store"
    return response

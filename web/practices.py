"""Best practices for everyone: /praktik-baik lists them, each has its page and photo."""

from flask import Blueprint, Response, render_template, request

from core.publishing.practices import get_practice, get_practice_image, list_practices
from layanan.database import db_session

bp = Blueprint("practices", __name__)


@bp.get("/praktik-baik")
def index():
    """Published practices, newest first, with how many units adopted each; filter by tag."""
    tag = request.args.get("tag", "").strip()[:30]
    found = list_practices(db_session(), limit=50, tag=tag or None)
    return render_template("practices/list.html", practices=found, tag=tag)


@bp.get("/praktik-baik/<int:practice_id>")
def detail(practice_id: int):
    """One practice: its text, photo, tags and the units that adopted it."""
    practice = get_practice(db_session(), practice_id=practice_id)
    return render_template("practices/detail.html", practice=practice)


@bp.get("/praktik-baik/<int:practice_id>/foto")
def image(practice_id: int):
    """A practice's photo, as the server re-encoded it."""
    data, content_type = get_practice_image(db_session(), practice_id=practice_id)
    response = Response(data, mimetype=content_type)
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

"""The queue of requests and complaints, its CSV export and the search by ticket number."""

import csv
import io

from flask import Response, redirect, render_template, request, stream_with_context, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from core.casework.cases import find_case_number, reporter_of
from core.casework.queue import (
    ORDERS,
    OVERDUE_COUNT_CAP,
    QueueFilter,
    count_overdue,
    is_overdue,
    iter_queue,
    list_queue,
)
from core.catalogue.categories import COMPLAINT_TYPE_LABELS, category_names
from core.catalogue.directory import list_units
from core.catalogue.regions import list_kecamatan
from core.clock import local_date, now_utc
from core.models.tickets import CHANNELS
from core.staff.access import can_see_unit, queue_scope
from core.staff.audit import record_audit
from core.tickets.lifecycle import STATUS_TABLE
from layanan.database import db_session, unit_of_work
from layanan.numbers import whole_number
from web.staff import bp
from web.staff.forms import ButtonForm

FILTER_ARGS = ("unit", "status", "type", "channel", "category", "kecamatan", "overdue", "order")
CSV_COLUMNS = ("nomor", "jenis", "status", "kanal", "kategori", "unit", "layanan", "diterima",
               "batas", "terlambat", "pelapor", "isi", "kecamatan", "desa")
# A cell starting with one of these runs as a formula in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def today():
    """The local date, by which due dates are judged."""
    return local_date(now_utc())


def queue_filter(args) -> QueueFilter:
    """The queue's filter from query arguments, within what the officer may see."""
    raw_unit = args.get("unit", "")
    unassigned = raw_unit == "none"
    unit_id = whole_number(raw_unit)
    unit_ids, unassigned = queue_scope(current_user.principal, unit_id, unassigned)
    return QueueFilter(
        unit_ids=unit_ids, unassigned=unassigned,
        status=args.get("status") or None, type=args.get("type") or None,
        channel=args.get("channel") or None, category=args.get("category") or None,
        kecamatan=args.get("kecamatan") or None,
        overdue=args.get("overdue") == "1",
        order=args.get("order") if args.get("order") in ORDERS else "newest",
    )


@bp.get("/")
@login_required
def queue():
    """The officer's queue: filters, newest or most urgent first, page by page."""
    db = db_session()
    filters = queue_filter(request.args)
    page = list_queue(db, filters=filters, today=today(), after=request.args.get("after"))
    chosen = {key: request.args[key] for key in FILTER_ARGS if request.args.get(key)}
    units = [u for u in list_units(db) if can_see_unit(current_user.principal, u.id)]
    return render_template(
        "staff/queue.html", page=page, chosen=chosen, today=today(), units=units,
        overdue_count=count_overdue(db, filters=filters, today=today()),
        overdue_cap=OVERDUE_COUNT_CAP,
        statuses=STATUS_TABLE, categories=category_names(db, str(get_locale())),
        complaint_types=COMPLAINT_TYPE_LABELS,
        channels=CHANNELS, kecamatan=list_kecamatan(db), is_overdue=is_overdue,
        all_units=current_user.principal.all_units,
        form=ButtonForm(),
    )


@bp.get("/antrean.csv")
@login_required
def export_queue():
    """The filtered queue as CSV; anonymous reporters stay 'Anonim'. Audited."""
    # Checked before the download starts: once streaming, a refusal is a broken 200.
    filters = queue_filter(request.args).checked()
    with unit_of_work() as db:
        record_audit(db, officer_id=current_user.id, action="export_queue",
                     target="queue", detail=request.query_string.decode()[:500])
    day = today()

    def rows():
        """The CSV line by line, as the queue is read page by page.

        The read is a unit of work of its own, so it ends with the download,
        even one the officer abandons halfway.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        with unit_of_work() as db:
            yield from _csv_lines(db, filters, day, writer, buffer)

    headers = {"Content-Disposition": "attachment; filename=antrean.csv"}
    return Response(stream_with_context(rows()), mimetype="text/csv", headers=headers)


def _csv_lines(db, filters, day, writer, buffer):
    """One CSV line per ticket of the queue, anonymous reporters as 'Anonim'."""
    for ticket in iter_queue(db, filters=filters, today=day, with_citizen=True):
        reporter = reporter_of(ticket)
        writer.writerow([_cell(value) for value in (
            ticket.number, ticket.complaint_type or ticket.kind, ticket.status,
            ticket.channel, ticket.category or "", ticket.unit.name if ticket.unit else "",
            ticket.service.name_id if ticket.service else "",
            ticket.created_at.isoformat(timespec="seconds"),
            ticket.due_on.isoformat() if ticket.due_on else "",
            "ya" if is_overdue(ticket, day) else "",
            "Anonim" if reporter.anonymous else reporter.phone,
            ticket.description, ticket.kecamatan or "", ticket.desa or "",
        )])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@bp.get("/cari")
@login_required
def search():
    """Open a ticket by its number; another unit's ticket is not found, as a missing one."""
    ticket_id = find_case_number(db_session(), principal=current_user.principal,
                                 number=request.args.get("nomor", "")[:40])
    return redirect(url_for("staff.ticket", ticket_id=ticket_id))


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text

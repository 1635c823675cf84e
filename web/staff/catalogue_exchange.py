"""Import and export of the whole catalogue in the back office (administrators only).

The export is the documented JSON document (docs/catalogue-format.md), as a
download. An import is checked whole first: the report lists every bad row
with its line, field and reason, and nothing is written unless the file is
clean and the officer asked for more than a dry run.
"""

from flask import Response, flash, render_template, request
from flask_babel import gettext
from flask_login import current_user, login_required

from core.catalogue.exchange.transfer import export_catalogue_text, import_catalogue_text
from core.staff.access import require
from core.staff.audit import record_audit
from layanan.database import unit_of_work
from web.staff import bp
from web.staff.catalogue_forms import ImportForm
from web.staff.queue import today

# A real-size kabupaten's catalogue is a few hundred kilobytes; a province's a few megabytes.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@bp.get("/katalog/ekspor")
@login_required
def catalogue_export():
    """The whole catalogue as a JSON download, audited."""
    require(current_user.principal, "catalogue_admin", any_unit=True)
    with unit_of_work() as db:
        body = export_catalogue_text(db)
        record_audit(db, officer_id=current_user.id, action="catalogue_export",
                     target="Katalog layanan", detail=f"JSON, {len(body.encode())} byte")
    name = f"katalog-{today().isoformat()}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/katalog/impor", methods=["GET", "POST"])
@login_required
def catalogue_import():
    """Upload a catalogue: check it (dry run), or import it when it is clean."""
    require(current_user.principal, "catalogue_admin", any_unit=True)
    form = ImportForm()
    report, status = None, 200
    if form.validate_on_submit():
        text = _uploaded_text(form)
        if text is not None:
            report = _run_import(text, dry_run=bool(form.dry_run.data))
        status = 200 if report is not None and not report.problems else 400
    elif request.method == "POST":
        status = 400
    return render_template("staff/catalogue/exchange.html", form=form, report=report), status


def _uploaded_text(form: ImportForm) -> str | None:
    """The uploaded file as text, or None with the reason next to the field."""
    upload = request.files.get(form.document.name)
    data = upload.read(MAX_IMPORT_BYTES + 1) if upload and upload.filename else b""
    reason = None
    if not data:
        reason = gettext("Pilih berkas katalog.")
    elif len(data) > MAX_IMPORT_BYTES:
        reason = gettext("Berkas terlalu besar (paling besar %(mb)s MB).",
                         mb=MAX_IMPORT_BYTES // (1024 * 1024))
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            reason = gettext("Berkas harus berupa teks UTF-8.")
    form.document.errors = [*form.document.errors, reason]
    return None


def _run_import(text: str, *, dry_run: bool):
    """Check (and unless a dry run, write) the catalogue in one unit of work, audited."""
    with unit_of_work() as db:
        report = import_catalogue_text(db, text, dry_run=dry_run)
        if not dry_run and not report.problems:
            record_audit(db, officer_id=current_user.id, action="catalogue_import",
                         target="Katalog layanan", detail=_counts_text(report))
    if not report.problems:
        flash(gettext("Berkas bersih: tidak ada yang disimpan (uji saja).") if dry_run
              else gettext("Katalog diimpor."), "ok")
    return report


def _counts_text(report) -> str:
    """The report's counts for the audit trail (in Indonesian, as the trail keeps them)."""
    return report.summary("id")[:2000]


@bp.app_template_global()
def import_problem_reason(problem) -> str:
    """A problem's reason in the officer's language."""
    return gettext(problem.reason, **problem.params)

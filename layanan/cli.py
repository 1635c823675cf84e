"""The `layanan` command: database, demo data, ticket duties, translations and the server."""

import os
from datetime import date

import click
from flask import current_app
from flask.cli import FlaskGroup

from core.calendar.holidays import add_holiday, list_holidays, load_holidays, parse_holiday_rows
from core.clock import LOCAL_TZ
from core.i18n import TRANSLATIONS_DIR
from core.migrate import downgrade_database, make_revision, upgrade_database
from core.staff.officers import MIN_PASSWORD
from layanan.config import UnsafeSettings, check_config, vapid_keys
from layanan.database import db_session, unit_of_work
from layanan.factory import create_app

ROOT = TRANSLATIONS_DIR.parent.parent
PACKAGES = ("core", "layanan", "web", "ussd", "sms")


def _create_app():
    """The app, or the one-line reason its settings are refused (no traceback)."""
    try:
        return create_app()
    except UnsafeSettings as error:
        raise click.ClickException(str(error)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def cli():
    """Layanan Paralel: one public-service desk on the web, USSD and SMS."""


@cli.group()
def db():
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision):
    """Apply migrations up to REVISION (default: the newest)."""
    upgrade_database(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")
    if revision == "head":
        from core.catalogue.search.services import reindex_missing

        with unit_of_work() as session:
            indexed = reindex_missing(session)
        if indexed:
            click.echo(f"Search index built for {indexed} services.")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision):
    """Revert migrations down to REVISION ('base' removes every table)."""
    downgrade_database(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@db.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message):
    """Write a new migration from the difference between models and database."""
    make_revision(current_app.config["DATABASE_URL"], message)


@cli.group()
def demo():
    """Demo data for Kabupaten Sumenep."""


@demo.command("load")
@click.option("--catalogue", "catalogue", type=click.Path(exists=True, dir_okay=False),
              help="Another catalogue document (default: the real-size Sumenep one).")
def demo_load(catalogue):
    """Load the demo catalogue, accounts, tickets and survey responses (idempotent)."""
    from pathlib import Path

    from core.demo.loader import CATALOGUE, load_demo

    if not current_app.config["DEMO"]:
        raise click.ClickException(
            "Demo data (with published passwords) loads only in demo mode: set LAYANAN_DEMO=1."
        )
    with unit_of_work() as session:
        counts = load_demo(session, Path(catalogue) if catalogue else CATALOGUE)
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))


@cli.group()
def catalogue():
    """The service catalogue as one JSON document (docs/catalogue-format.md)."""


@catalogue.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check and count, write nothing.")
def catalogue_import(file, dry_run):
    """Import FILE: every bad row is listed and nothing is written, or all of it is."""
    from core.catalogue.exchange.transfer import import_catalogue_text
    from core.staff.audit import add_audit_entry

    language = _console_language()
    with unit_of_work() as session:
        report = import_catalogue_text(session, file.read(), dry_run=dry_run)
        if report.ok and not dry_run:
            add_audit_entry(session, officer_id=None, action="catalogue_import",
                            target=f"file:{os.path.basename(file.name)}",
                            detail=report.summary("id"))
    for line in report.problem_lines(language):
        click.echo(line, err=True)
    if not report.ok:
        raise click.ClickException(f"{len(report.problems)} problem(s); nothing imported.")
    click.echo(("Dry run, nothing written. " if dry_run else "") + report.summary(language))


@catalogue.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
def catalogue_export(file):
    """Write the whole catalogue to FILE (default: standard output)."""
    from core.catalogue.exchange.transfer import export_catalogue_text
    from core.staff.audit import add_audit_entry

    with unit_of_work() as session:
        file.write(export_catalogue_text(session))
        add_audit_entry(session, officer_id=None, action="catalogue_export",
                        target=f"file:{os.path.basename(getattr(file, 'name', '-'))}")


@catalogue.command("reindex")
def catalogue_reindex():
    """Rebuild the search index of every service."""
    from core.catalogue.search.services import reindex_all

    with unit_of_work() as session:
        count = reindex_all(session)
    click.echo(f"Reindexed {count} services.")


def _console_language() -> str:
    """The language of messages on the console: LAYANAN_LANGUAGE, else Indonesian."""
    from core.i18n import normalise_language

    return normalise_language(os.environ.get("LAYANAN_LANGUAGE"))


@cli.group()
def users():
    """Back-office accounts."""


@users.command("create-admin")
@click.option("--email", prompt=True, help="The administrator's email (their login).")
@click.option("--name", default="Administrator", show_default=True)
@click.password_option(help=f"At least {MIN_PASSWORD} characters; asked twice when not given.")
def users_create_admin(email, name, password):
    """Create an administrator account (the first one, typically); audited."""
    from core.errors import DomainError
    from core.staff.accounts import AccountExists, create_account

    try:
        with unit_of_work() as session:
            create_account(session, principal=None, email=email, name=name, password=password,
                           role="admin", allow_demo=current_app.config["DEMO"])
    except AccountExists:
        raise click.ClickException("an account with this email already exists") from None
    except DomainError as error:
        hints = {"password": f"the password needs at least {MIN_PASSWORD} characters",
                 "email": "give a valid address (demo addresses only in demo mode)"}
        raise click.ClickException(hints.get(error.detail, f"refused: {error.detail}")) from None
    click.echo(f"Administrator {email.strip().lower()} created.")


@cli.group()
def holidays():
    """National holidays that time limits skip."""


@holidays.command("add")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("name")
def holidays_add(day, name):
    """Add a holiday: layanan holidays add 2026-12-25 "Hari Raya Natal"."""
    with unit_of_work() as session:
        add_holiday(session, day=day.date(), name=name)
    click.echo(f"{day.date()} {name}")


@holidays.command("load")
@click.argument("path", type=click.File(encoding="utf-8-sig"))
@click.option("--replace", is_flag=True,
              help="Also remove stored days of the file's years that the file does not list.")
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change.")
def holidays_load(path, replace, dry_run):
    """Load a year's decree from CSV (header day,name): layanan holidays load 2027.csv."""
    from core.errors import DomainError

    try:
        rows = parse_holiday_rows(path.read())
    except DomainError as error:
        raise click.ClickException(f"{path.name}: {error.detail}") from None
    if dry_run:
        session = db_session()
        removed = [(h.day, h.name) for h in load_holidays(session, rows=rows, replace=replace)]
        session.rollback()
    else:
        with unit_of_work() as session:
            removed = [(h.day, h.name) for h in load_holidays(session, rows=rows,
                                                               replace=replace)]
    for day, name in removed:
        click.echo(f"- {day} {name}")
    for day, name in rows:
        click.echo(f"+ {day} {name}")
    verb = "would be loaded" if dry_run else "loaded"
    click.echo(f"{len(rows)} days {verb}, {len(removed)} removed.")


@holidays.command("list")
@click.option("--year", type=int, default=lambda: date.today().year)
def holidays_list(year):
    """List the holidays of a year."""
    for holiday in list_holidays(db_session(), year=year):
        click.echo(f"{holiday.day} {holiday.name}")


@cli.group()
def tickets():
    """Duties on tickets that no one asks for, run one pass at a time."""


@tickets.command("auto-close")
@click.pass_context
def tickets_auto_close(ctx):
    """Close followed-up tickets whose citizen stayed silent past the limit; one pass.

    The same as `layanan jobs run --duty auto_close --force`: under the duty's
    lease, so never beside a scheduler's run, and the units' figures refreshed.
    """
    ctx.invoke(jobs_run, duty="auto_close", force=True)


@cli.group()
def jobs():
    """Scheduled duties (auto-close, overdue digest, survey expiry, retention, statistics)."""


def _duty_names():
    from core.duties.schedule import NAMES

    return NAMES


def _owner() -> str:
    """Who holds a lease: this host and process, as the duties table and logs show it."""
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


@jobs.command("run")
@click.option("--duty", type=click.Choice(_duty_names()), help="Only this duty.")
@click.option("--force", is_flag=True, help="Run even if not due (never while another runs it).")
def jobs_run(duty, force):
    """Run once what is due now (or --duty NAME), then stop."""
    from core.duties.runner import run_due

    sessions = current_app.extensions["layanan.sessions"]
    runs = run_due(sessions, owner=_owner(), config=current_app.config, only=duty, force=force)
    for run in runs:
        click.echo(f"{run.duty:<15} {run.outcome:<7} {run.duration_ms:>6} ms  {run.result}")
    if not runs:
        click.echo("Nothing due." if not force else "Held by another host: nothing run.")
    if any(run.outcome != "ok" for run in runs):
        raise SystemExit(1)


@jobs.command("serve")
@click.option("--interval", type=click.FloatRange(min=1), default=30.0, show_default=True,
              help="Seconds between passes.")
def jobs_serve(interval):
    """Run the duties as they fall due, forever; one per host is safe (a lease per duty)."""
    from core.duties.runner import serve_duties

    sessions = current_app.extensions["layanan.sessions"]
    serve_duties(sessions, owner=_owner(), config=current_app.config, interval=interval)


@jobs.command("list")
def jobs_list():
    """Each duty: last run, outcome, result and next run (local time)."""
    from core.duties.lease import list_duty_rows
    from core.duties.schedule import NAMES

    def local_time(moment) -> str:
        return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if moment else "-"

    rows = list_duty_rows(db_session(), NAMES)
    for name in NAMES:
        row = rows.get(name)
        if row is None:
            click.echo(f"{name:<15} never run; due at the first pass")
            continue
        click.echo(f"{name:<15} last {local_time(row.last_finished_at)}  "
                   f"{row.last_outcome or '-':<6} next {local_time(row.next_run_at)}  "
                   f"{row.last_result or ''}")


@cli.group()
def translate():
    """Translation catalogues (Indonesian message ids, English catalogue)."""


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", *args])


@translate.command("update")
def translate_update():
    """Extract messages from the code and merge them into the catalogues."""
    pot = str(TRANSLATIONS_DIR / "messages.pot")
    _pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "N_", "--no-location",
             "--omit-header", "-o", pot, *(str(ROOT / package) for package in PACKAGES))
    _pybabel("update", "-i", pot, "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching")


@translate.command("compile")
def translate_compile():
    """Compile the catalogues to .mo files (done by the setup step, never committed)."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--use-fuzzy")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, envvar="PORT", default=8000, show_default=True)
@click.option("--workers", type=int, envvar="WEB_CONCURRENCY", default=2, show_default=True)
def serve(host, port, workers):
    """Serve the app with gunicorn; in demo mode also run the outbox worker and the duties."""
    from layanan.server import run_gunicorn, start_outbox_worker, start_scheduler

    try:
        check_config(current_app.config | {"WORKERS": workers})
    except UnsafeSettings as error:
        raise click.ClickException(str(error)) from None
    # Each worker builds its own app, which checks its settings with this count too.
    os.environ["WEB_CONCURRENCY"] = str(workers)
    # In demo mode the SMS worker and the scheduler run as children; in production
    # they are services of their own (deploy/), one scheduler per host at most.
    children = [start_outbox_worker(), start_scheduler()] if current_app.config["DEMO"] else []
    try:
        run_gunicorn(host=host, port=port, workers=workers)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(timeout=10)


@cli.command("ikm")
@click.option("--unit", "unit_id", type=int, help="Unit id (see `layanan units`).")
@click.option("--service", "service_id", type=int, help="Service id instead of a unit.")
@click.option("--from", "start", required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--to", "end", required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
def ikm(unit_id, service_id, start, end):
    """Print the satisfaction index (IKM) of a unit or service for a period."""
    from core.surveys.ikm import compute_ikm
    from core.surveys.questionnaire import UNSUR

    report = compute_ikm(db_session(), unit_id=unit_id, service_id=service_id,
                         start=start.date(), end=end.date(),
                         weight=current_app.config["IKM_WEIGHT"])
    click.echo(f"Respondents: {report.n}")
    if not report.n:
        return
    for unsur, nrr in zip(UNSUR, report.nrr, strict=True):
        click.echo(f"  {unsur.code} {unsur.name:<38} NRR {nrr}")
    click.echo(f"IKM {report.ikm}  converted {report.ikm_converted}  "
               f"grade {report.grade} ({report.kinerja})")


@cli.command("units")
def units():
    """List units with their ids."""
    from core.catalogue.directory import list_units

    for unit in list_units(db_session()):
        click.echo(f"{unit.id:>4}  {unit.name}  ({unit.agency.name})")


@cli.group()
def sms():
    """The SMS outbox."""


@sms.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option("--interval", type=float, default=1.0, show_default=True,
              help="Seconds between rounds.")
@click.option("--batch", type=click.IntRange(min=1), default=10, show_default=True,
              help="Messages claimed at a time; workers share the queue batch by batch.")
def sms_worker(once, interval, batch):
    """Send queued messages through the configured gateway (safe to run several)."""
    from sms.gateways import make_gateway
    from sms.worker import drain_once, run_worker

    sessions = current_app.extensions["layanan.sessions"]
    gateway = make_gateway(current_app.config)
    # Ticket news goes by Web Push first when the VAPID keys are set (docs/architecture.md §14).
    push = vapid_keys(current_app.config)
    if once:
        click.echo(f"Attempted {drain_once(sessions, gateway, batch=batch, push=push)} message(s).")
    else:
        run_worker(sessions, gateway, interval=interval, batch=batch, push=push)


@sms.command("outbox")
@click.option("--phone", required=True, help="Phone number, any common format.")
def sms_outbox(phone):
    """Show the messages for a phone number, oldest first."""
    from core.messaging.outbox import list_phone_messages

    for message in list_phone_messages(db_session(), phone=phone):
        click.echo(f"{message.created_at:%Y-%m-%d %H:%M} {message.status:<10} {message.text}")


@cli.group()
def push():
    """Web Push: ticket news as notifications in the citizen's browser, SMS when it fails."""


@push.command("keys", with_appcontext=False)
def push_keys():
    """Make a VAPID key pair and print it as the two lines of the environment file."""
    from core.messaging.vapid import generate_vapid_keys

    public, private = generate_vapid_keys()
    click.echo(f"LAYANAN_VAPID_PUBLIC_KEY={public}")
    click.echo(f"LAYANAN_VAPID_PRIVATE_KEY={private}")
    # On standard error, so that `layanan push keys >> layanan.env` adds the pair alone.
    click.echo("Keep the private key secret; also set LAYANAN_VAPID_SUBJECT=mailto:<your "
               "address>. Replacing a pair in use: browsers subscribe again on their next "
               "visit to /tiket-saya; until then their news goes by SMS.", err=True)


if __name__ == "__main__":
    cli()

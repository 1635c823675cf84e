"""One unit of work per entry point: core services add and flush, and never commit.

The few places in core/ that end a transaction themselves are named in
EXCEPTIONS, each with its reason (docs/architecture.md §4); a scan of core/
fails on any other. The rest shows what the rule buys: services compose into
one transaction, committed once, or undone whole.
"""

import ast
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from core.casework.cases import act_on_case
from core.db import make_session_factory, unit_of_work
from core.errors import InvalidInput, TransitionNotAllowed
from core.messaging.inbox import Handled, receive_sms
from core.messaging.outbox import queue_message
from core.models import (
    Attachment,
    AuditEntry,
    Citizen,
    InboundMessage,
    Officer,
    OutboundMessage,
    Ticket,
    TicketEvent,
)
from core.staff.accounts import create_account, principal_of
from core.staff.officers import create_officer
from core.tickets.attachments import CleanImage, attach_ticket_photo
from core.tickets.filing import create_complaint
from tests.factories import make_complaint, make_unit

ROOT = Path(__file__).resolve().parents[2]
# Calls that end a transaction: commit and rollback, and begin, whose block commits.
ENDINGS = {"commit", "rollback", "begin"}
PHONE = "+6281234567890"
PHOTO = CleanImage(b"\xff\xd8jpeg\xff\xd9", "image/jpeg", 1, 1)

# (module, function) -> why it may end a transaction itself. Nothing else in core/ may.
EXCEPTIONS = {
    ("core/db.py", "unit_of_work"):
        "the entry point's one commit (or rollback): the rule's own mechanism",
    ("core/messaging/outbox.py", "claim_due_messages"):
        "the worker's claim and lease: other workers must see the rows taken before a send",
    ("core/messaging/outbox.py", "record_send_outcome"):
        "a message that went out keeps its outcome whatever happens to the rest of the batch",
    ("core/duties/lease.py", "take"):
        "a scheduled duty's lease: other hosts must see it taken before the duty runs",
    ("core/duties/lease.py", "finish"):
        "the end of a duty's run: its outcome kept and its lease released, whatever comes next",
    ("core/sessions/driver_sql.py", "writing_at_driver"):
        "the USSD session store's write on a connection of its own, only its own state",
    ("core/sessions/statements.py", "writing"):
        "the same write when the short path is off, on a pooled connection of the store's own",
}


def transaction_endings(source: str) -> list[tuple[str, str]]:
    """(enclosing function, method) of each commit, rollback and begin call ("Class.method")."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                visit(child, f"{scope}.{child.name}" if scope != "<module>" else child.name)
                continue
            func = child.func if isinstance(child, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr in ENDINGS:
                found.append((scope, func.attr))
            visit(child, scope)

    visit(ast.parse(source), "<module>")
    return found


@pytest.mark.parametrize(("source", "found"), [
    ("session.commit()", [("<module>", "commit")]),
    ("def save(s):\n    s.commit()", [("save", "commit")]),
    ("def outer(s):\n    def inner():\n        s.rollback()", [("outer.inner", "rollback")]),
    ("class Store:\n    def save(self):\n        self.db.commit()", [("Store.save", "commit")]),
    ("def load(e):\n    with e.begin() as c:\n        c.execute(q)", [("load", "begin")]),
    ("def f(s):\n    s.connection().commit()\n    s.rollback()",
     [("f", "commit"), ("f", "rollback")]),
    ("def add(s):\n    with s.begin_nested():\n        s.add(x)\n    s.flush()", []),
    ("commit()\nrecord.commit_message\nlog.begin_read(x)", []),
])
def test_scanner_finds_transaction_endings(source, found):
    """The scanner names each commit, rollback and begin by its function, and nothing else."""
    assert transaction_endings(source) == found


CORE_MODULES = sorted((ROOT / "core").rglob("*.py"))
SCANNED = [path for path in CORE_MODULES if "migrations" not in path.parts]


def test_the_scan_covers_core():
    """The scan below is not vacuous: every package of core/ is read."""
    packages = {path.relative_to(ROOT / "core").parts[0] for path in SCANNED}
    assert len(SCANNED) >= 40
    assert {"tickets", "messaging", "surveys", "staff", "sessions", "demo"} <= packages


@pytest.mark.parametrize("path", SCANNED, ids=lambda path: str(path.relative_to(ROOT)))
def test_core_services_never_end_a_transaction(path):
    """Only the named exceptions commit, roll back or begin a transaction of their own."""
    module = path.relative_to(ROOT).as_posix()
    endings = transaction_endings(path.read_text(encoding="utf-8"))
    assert [(module, scope, call) for scope, call in endings
            if (module, scope) not in EXCEPTIONS] == []


@pytest.mark.parametrize(("module", "function"), sorted(EXCEPTIONS))
def test_every_named_exception_still_exists(module, function):
    """A named exception that no longer ends a transaction leaves the list."""
    endings = transaction_endings((ROOT / module).read_text(encoding="utf-8"))
    assert function in {scope for scope, _call in endings}


def count(engine, model) -> int:
    """Rows of a table as another connection sees them: only what was committed."""
    with make_session_factory(engine)() as other:
        return other.scalar(select(func.count()).select_from(model))


@pytest.fixture
def endings(session):
    """The commits and rollbacks of the session's transaction, in order (savepoints aside)."""
    seen: list[str] = []

    def ended(name):
        return lambda ended_session: ended_session.in_nested_transaction() or seen.append(name)

    listeners = [("after_commit", ended("commit")), ("after_rollback", ended("rollback"))]
    for name, listener in listeners:
        event.listen(session, name, listener)
    yield seen
    for name, listener in listeners:
        event.remove(session, name, listener)


def file_complaint(session, unit_id):
    """A complaint as a citizen files it; its receipt SMS is queued with it."""
    return create_complaint(session, phone=PHONE, complaint_type="pengaduan", unit_id=unit_id,
                            description="Lampu jalan mati.", channel="web")


def test_two_services_commit_once_together(session, engine, endings):
    """A complaint, its photo and an SMS from three services: one commit, all visible."""
    unit_id = make_unit(session).id
    endings.clear()
    with unit_of_work(session):
        ticket = file_complaint(session, unit_id)
        attach_ticket_photo(session, ticket_id=ticket.id, image=PHOTO)
        queue_message(session, citizen=ticket.citizen, text="Terima kasih.", purpose="reply")
    assert endings == ["commit"]
    assert (count(engine, Ticket), count(engine, Attachment), count(engine, OutboundMessage)) == (
        1, 1, 2)


def test_a_failing_block_leaves_nothing_behind(session, engine, endings):
    """A ticket filed and an SMS queued vanish together when the block raises: one rollback."""
    unit_id = make_unit(session).id
    endings.clear()
    with pytest.raises(RuntimeError, match="after the services"), unit_of_work(session):
        ticket = file_complaint(session, unit_id)
        queue_message(session, citizen=ticket.citizen, text="Terima kasih.", purpose="reply")
        session.flush()
        raise RuntimeError("after the services")
    assert endings == ["rollback"]
    for model in (Ticket, TicketEvent, OutboundMessage, Citizen):
        assert count(engine, model) == 0


def test_a_complaint_whose_photo_fails_is_not_stored(session, engine):
    """The database refuses the photo at the commit: the complaint and its receipt go too."""
    unit_id = make_unit(session).id
    broken = CleanImage(None, "image/jpeg", 1, 1)
    with pytest.raises(IntegrityError), unit_of_work(session):
        ticket = file_complaint(session, unit_id)
        attach_ticket_photo(session, ticket_id=ticket.id, image=broken)
    for model in (Ticket, TicketEvent, Attachment, OutboundMessage):
        assert count(engine, model) == 0


def test_a_block_with_nothing_to_store_commits_nothing(session, endings):
    """A hop that kept its state elsewhere: no transaction was begun, none is committed."""
    with unit_of_work(session):
        pass
    assert endings == [] and not session.in_transaction()


def receive(session, handle, message_id="ATXid_1"):
    """An inbound SMS, received in a unit of work as the SMS callback receives it."""
    with unit_of_work(session):
        return receive_sms(session, gateway="africastalking", gateway_message_id=message_id,
                           phone=PHONE, text="LAPOR Jalan rusak", handle=handle)


def test_an_sms_whose_handler_fails_leaves_nothing_half_stored(session, engine):
    """The message, the complaint the handler filed and its receipt are all undone."""
    unit_id = make_unit(session).id

    def files_then_fails(work, _message, _citizen):
        file_complaint(work, unit_id)
        work.flush()
        raise RuntimeError("handler bug")

    with pytest.raises(RuntimeError, match="handler bug"):
        receive(session, files_then_fails)
    for model in (InboundMessage, Ticket, OutboundMessage, Citizen):
        assert count(engine, model) == 0
    # The retry stores the message once, with the stand-in handler's apology.
    receive(session, lambda *_args: Handled("error", "Maaf."))
    assert receive(session, lambda *_args: Handled("error", "Maaf.")) is None
    assert (count(engine, InboundMessage), count(engine, OutboundMessage)) == (1, 1)
    assert count(engine, Ticket) == 0


def test_audited_work_refused_half_way_leaves_no_entry_when_the_caller_commits(session, engine):
    """An account refused inside its audit block: neither the entry nor the account is kept."""
    with unit_of_work(session), pytest.raises(InvalidInput, match="password"):
        create_account(session, principal=None, email="kepala@sumenep.go.id",
                       name="Kepala", password="pendek", role="admin")
    assert (count(engine, AuditEntry), count(engine, Officer)) == (0, 0)


def test_privacy_flags_of_a_refused_action_are_undone_when_the_caller_commits(session, engine):
    """An admin hides the reporter while taking an action the lifecycle refuses: nothing kept."""
    ticket = make_complaint(session)
    ticket.status = "completed"
    with unit_of_work(session):
        admin = create_officer(session, email="admin@sumenep.go.id", name="Admin",
                               password="sandi-yang-panjang", role="admin")
    with unit_of_work(session), pytest.raises(TransitionNotAllowed):
        act_on_case(session, principal=principal_of(admin), ticket_id=ticket.id,
                    action="verify", anonymous=True)
    assert count(engine, AuditEntry) == 0
    session.expire_all()
    assert ticket.anonymous is False and ticket.status == "completed"

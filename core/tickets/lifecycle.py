"""The ticket lifecycle as tables: the statuses, and which action moves a ticket where.

It follows how SP4N-LAPOR! handles complaints (received, verified or
postponed, forwarded, rejected with a reason, followed up, answered by the
citizen, closed) and serves service requests too. Everything about a status
(its code, labels, whether it is open, its badge, the next step) lives in
STATUS_TABLE; everything about an action in ACTIONS. The codes themselves
are named beside the column (core/models/tickets.py); other modules use
those names, never a code as a literal (a test scans for them).
"""

from dataclasses import dataclass, field

from core.i18n import N_
from core.models.tickets import (
    COMPLETED,
    FOLLOWED_UP,
    IN_PROGRESS,
    POSTPONED,
    RECEIVED,
    REJECTED,
    VERIFIED,
)

# The CSS classes of a status's badge, by what the status means to the citizen:
# just arrived, waiting for them, being worked on, done, or refused.
BADGE_NEW = "badge badge-new"
BADGE_WAIT = "badge badge-wait"
BADGE_WORK = "badge badge-work"
BADGE_DONE = "badge badge-done"
BADGE_REJECTED = "badge badge-rejected"


@dataclass(frozen=True)
class Status:
    """A ticket status: code, labels for citizens and officers, open or closed, badge, next step."""

    code: str
    label: str
    officer_label: str
    is_open: bool
    badge: str
    # What the citizen can expect next.
    next_step: str


def _status(code: str, label: str, next_step: str, *, is_open: bool,
            badge: str, officer_label: str | None = None) -> Status:
    """A status whose officers' label is the citizens' one unless given."""
    return Status(code, label, officer_label or label, is_open, badge, next_step)


STATUS_TABLE: dict[str, Status] = {
    status.code: status
    for status in (
        _status(RECEIVED, N_("Diterima"), N_("Petugas akan memverifikasi."), is_open=True,
                badge=BADGE_NEW),
        _status(POSTPONED, N_("Ditunda, menunggu kelengkapan"),
                N_("Lengkapi data yang diminta petugas."), is_open=True, badge=BADGE_WAIT),
        _status(VERIFIED, N_("Terverifikasi"), N_("Petugas akan menindaklanjuti."), is_open=True,
                badge=BADGE_WORK),
        _status(IN_PROGRESS, N_("Sedang diproses"), N_("Tunggu hasil dari petugas."),
                is_open=True, badge=BADGE_WORK),
        _status(FOLLOWED_UP, N_("Ditindaklanjuti"),
                N_("Tanggapi tindak lanjut atau tunggu penutupan."), is_open=True,
                badge=BADGE_WAIT),
        _status(COMPLETED, N_("Selesai"), N_("Isi survei kepuasan (SKM)."), is_open=False,
                badge=BADGE_DONE),
        _status(REJECTED, N_("Ditolak"), N_("Lihat alasan penolakan."), is_open=False,
                badge=BADGE_REJECTED),
    )
}
STATUSES = tuple(STATUS_TABLE)
OPEN_STATUSES = tuple(code for code, status in STATUS_TABLE.items() if status.is_open)
CLOSED_STATUSES = tuple(code for code, status in STATUS_TABLE.items() if not status.is_open)
# Every ticket starts here, whichever channel filed it.
INITIAL_STATUS = RECEIVED

# Time limits in working days (docs/domain.md §4.5): verification within 3 days,
# the agency's follow-up within 5.
VERIFICATION_DAYS = 3
FOLLOW_UP_DAYS = 5
# LAPOR! closes a followed-up complaint when the reporter stays silent this long.
AUTO_CLOSE_DAYS = 10

# A question (permintaan informasi) or an aspiration is not solved but answered:
# completed, it reads "Selesai dijawab". It stays COMPLETED underneath, so the
# statistics count it resolved; "Ditolak" is left for what is refused.
ANSWERED_TYPES = ("informasi", "aspirasi")
ANSWERED_LABEL = N_("Selesai dijawab")


@dataclass(frozen=True)
class Action:
    """An action: allowed from-statuses mapped to the status it leads to."""

    name: str
    transitions: dict[str, str]
    # What the officers' button says; empty for actions no officer takes.
    label: str = ""
    actor: str = "officer"
    note_required: bool = False
    # What happens to the due date: "keep", "clear", or restart the
    # "verification" or "follow_up" time limit.
    due: str = "keep"
    notification: str = ""
    # Values the notification's placeholders take besides the ticket's own.
    notification_params: dict[str, int] = field(default_factory=dict)
    needs_unit: bool = False
    # The ticket types (a complaint type, or "request") the action is for; empty: all.
    ticket_types: tuple[str, ...] = ()

    def suits(self, ticket_type: str | None) -> bool:
        """Whether the action is offered for tickets of this type (None: any)."""
        return not self.ticket_types or ticket_type is None or ticket_type in self.ticket_types


def _from(statuses: tuple[str, ...], to: str) -> dict[str, str]:
    return {status: to for status in statuses}


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "verify",
            _from((RECEIVED, POSTPONED), VERIFIED),
            label=N_("Verifikasi"),
            due="follow_up",
            notification=N_(
                "Tiket %(ticket)s sudah diverifikasi. Batas tindak lanjut: %(due)s. %(note)s"
            ),
        ),
        Action(
            "postpone",
            _from((RECEIVED,), POSTPONED),
            label=N_("Tunda (minta kelengkapan)"),
            note_required=True,
            due="clear",
            notification=N_("Tiket %(ticket)s ditunda, mohon lengkapi: %(note)s"),
        ),
        Action(
            "forward",
            _from((RECEIVED, POSTPONED, VERIFIED, IN_PROGRESS), RECEIVED),
            label=N_("Teruskan ke unit lain"),
            note_required=True,
            needs_unit=True,
            due="verification",
            notification=N_("Tiket %(ticket)s diteruskan ke %(unit)s. %(note)s"),
        ),
        Action(
            "reject",
            _from((RECEIVED, POSTPONED, VERIFIED), REJECTED),
            label=N_("Tolak dengan alasan"),
            note_required=True,
            due="clear",
            notification=N_("Tiket %(ticket)s ditolak. Alasan: %(note)s"),
        ),
        Action(
            "start",
            _from((VERIFIED,), IN_PROGRESS),
            label=N_("Mulai proses"),
            notification=N_("Tiket %(ticket)s sedang diproses. Batas waktu: %(due)s. %(note)s"),
        ),
        Action(
            "follow_up",
            _from((VERIFIED, IN_PROGRESS, FOLLOWED_UP), FOLLOWED_UP),
            label=N_("Kirim tindak lanjut"),
            note_required=True,
            notification=N_("Tindak lanjut tiket %(ticket)s: %(note)s"),
        ),
        # The citizen's "Belum selesai": what is still wrong, and the work goes on.
        Action(
            "respond",
            {FOLLOWED_UP: IN_PROGRESS, POSTPONED: RECEIVED},
            actor="citizen",
            note_required=True,
        ),
        # The citizen's "Sudah selesai, tutup": the follow-up solved it.
        Action(
            "accept",
            _from((FOLLOWED_UP,), COMPLETED),
            actor="citizen",
            due="clear",
        ),
        Action(
            "answer",
            _from((VERIFIED, IN_PROGRESS, FOLLOWED_UP), COMPLETED),
            label=N_("Jawab dan selesaikan"),
            note_required=True,
            due="clear",
            notification=N_("Tiket %(ticket)s selesai dijawab: %(note)s"),
            ticket_types=ANSWERED_TYPES,
        ),
        Action(
            "complete",
            _from((VERIFIED, IN_PROGRESS, FOLLOWED_UP), COMPLETED),
            label=N_("Selesaikan"),
            due="clear",
            notification=N_("Tiket %(ticket)s selesai. %(note)s"),
        ),
        Action(
            "reopen",
            _from((COMPLETED, REJECTED), IN_PROGRESS),
            label=N_("Buka kembali"),
            note_required=True,
            due="follow_up",
            notification=N_("Tiket %(ticket)s dibuka kembali: %(note)s"),
        ),
        Action(
            "auto_close",
            _from((FOLLOWED_UP,), COMPLETED),
            actor="system",
            due="clear",
            notification=N_(
                "Tiket %(ticket)s ditutup karena tidak ada tanggapan %(days)s hari kerja."
            ),
            notification_params={"days": AUTO_CLOSE_DAYS},
        ),
    )
}
OFFICER_ACTIONS = tuple(name for name, action in ACTIONS.items() if action.actor == "officer")
# How the history names the steps no officer's button takes (filing is "create").
HISTORY_LABELS = {
    "create": N_("Tiket dibuat"),
    "respond": N_("Tanggapan warga"),
    "accept": N_("Warga menutup: sudah selesai"),
    "auto_close": N_("Ditutup otomatis (tidak ada tanggapan)"),
}


def action_label(name: str) -> str:
    """The label (a msgid) of an action as a ticket's history shows it; unknown: the code."""
    rule = ACTIONS.get(name)
    return rule.label if rule and rule.label else HISTORY_LABELS.get(name, name)


def ticket_type(ticket) -> str:
    """What kind of ticket it is for the actions: its complaint type, or "request"."""
    return ticket.complaint_type or ticket.kind


def allowed_actions(status: str, actor: str = "officer", of_type: str | None = None) -> list[str]:
    """Names of the actions this actor can take on a ticket in this status (and of this type)."""
    return [a.name for a in ACTIONS.values()
            if a.actor == actor and status in a.transitions and a.suits(of_type)]


def status_label(status: str, complaint_type: str | None = None, *,
                 officer: bool = False) -> str:
    """The label (a msgid) of a status as a ticket of this type wears it."""
    if status == COMPLETED and complaint_type in ANSWERED_TYPES:
        return ANSWERED_LABEL
    entry = STATUS_TABLE[status]
    return entry.officer_label if officer else entry.label


def ticket_status_label(ticket, *, officer: bool = False) -> str:
    """The label (a msgid) of the ticket's current status: "Selesai dijawab" for an answer."""
    return status_label(ticket.status, ticket.complaint_type, officer=officer)

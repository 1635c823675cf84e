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

# The CSS class of a status's badge; every status wears the same one today.
BADGE = "badge"


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
            officer_label: str | None = None, badge: str = BADGE) -> Status:
    """A status whose officers' label is the citizens' one unless given."""
    return Status(code, label, officer_label or label, is_open, badge, next_step)


STATUS_TABLE: dict[str, Status] = {
    status.code: status
    for status in (
        _status(RECEIVED, N_("Diterima"), N_("Petugas akan memverifikasi."), is_open=True),
        _status(POSTPONED, N_("Ditunda, menunggu kelengkapan"),
                N_("Lengkapi data yang diminta petugas."), is_open=True),
        _status(VERIFIED, N_("Terverifikasi"), N_("Petugas akan menindaklanjuti."), is_open=True),
        _status(IN_PROGRESS, N_("Sedang diproses"), N_("Tunggu hasil dari petugas."),
                is_open=True),
        _status(FOLLOWED_UP, N_("Ditindaklanjuti"),
                N_("Tanggapi tindak lanjut atau tunggu penutupan."), is_open=True),
        _status(COMPLETED, N_("Selesai"), N_("Isi survei kepuasan (SKM)."), is_open=False),
        _status(REJECTED, N_("Ditolak"), N_("Lihat alasan penolakan."), is_open=False),
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
            notification=N_("Tiket %(ticket)s sudah diverifikasi. Batas tindak lanjut: %(due)s."),
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
            notification=N_("Tiket %(ticket)s sedang diproses. Batas waktu: %(due)s."),
        ),
        Action(
            "follow_up",
            _from((VERIFIED, IN_PROGRESS, FOLLOWED_UP), FOLLOWED_UP),
            label=N_("Kirim tindak lanjut"),
            note_required=True,
            notification=N_("Tindak lanjut tiket %(ticket)s: %(note)s"),
        ),
        Action(
            "respond",
            {FOLLOWED_UP: IN_PROGRESS, POSTPONED: RECEIVED},
            actor="citizen",
            note_required=True,
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


def allowed_actions(status: str, actor: str = "officer") -> list[str]:
    """Names of the actions this actor can take on a ticket in this status."""
    return [a.name for a in ACTIONS.values() if a.actor == actor and status in a.transitions]

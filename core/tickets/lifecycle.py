"""The ticket lifecycle as a table: which action moves a ticket from which status to which.

It follows how SP4N-LAPOR! handles complaints (received, verified or
postponed, forwarded, rejected with a reason, followed up, answered by the
citizen, closed) and serves service requests too.
"""

from dataclasses import dataclass

from core.i18n import N_

STATUS_LABELS = {
    "received": N_("Diterima"),
    "postponed": N_("Ditunda, menunggu kelengkapan"),
    "verified": N_("Terverifikasi"),
    "in_progress": N_("Sedang diproses"),
    "followed_up": N_("Ditindaklanjuti"),
    "completed": N_("Selesai"),
    "rejected": N_("Ditolak"),
}
STATUSES = tuple(STATUS_LABELS)
OPEN_STATUSES = ("received", "postponed", "verified", "in_progress", "followed_up")

# What the citizen can expect next, per status.
NEXT_STEPS = {
    "received": N_("Petugas akan memverifikasi."),
    "postponed": N_("Lengkapi data yang diminta petugas."),
    "verified": N_("Petugas akan menindaklanjuti."),
    "in_progress": N_("Tunggu hasil dari petugas."),
    "followed_up": N_("Tanggapi tindak lanjut atau tunggu penutupan."),
    "completed": N_("Isi survei kepuasan (SKM)."),
    "rejected": N_("Lihat alasan penolakan."),
}

# Time limits in working days (DOMAIN section 4): verification within 3 days,
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
    actor: str = "officer"
    note_required: bool = False
    # What happens to the due date: "keep", "clear", or restart the
    # "verification" or "follow_up" time limit.
    due: str = "keep"
    notification: str = ""
    needs_unit: bool = False


def _from(statuses: str, to: str) -> dict[str, str]:
    return {status: to for status in statuses.split()}


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "verify",
            _from("received postponed", "verified"),
            due="follow_up",
            notification=N_("Tiket %(ticket)s sudah diverifikasi. Batas tindak lanjut: %(due)s."),
        ),
        Action(
            "postpone",
            _from("received", "postponed"),
            note_required=True,
            due="clear",
            notification=N_("Tiket %(ticket)s ditunda, mohon lengkapi: %(note)s"),
        ),
        Action(
            "forward",
            _from("received postponed verified in_progress", "received"),
            note_required=True,
            needs_unit=True,
            due="verification",
            notification=N_("Tiket %(ticket)s diteruskan ke %(unit)s. %(note)s"),
        ),
        Action(
            "reject",
            _from("received postponed verified", "rejected"),
            note_required=True,
            due="clear",
            notification=N_("Tiket %(ticket)s ditolak. Alasan: %(note)s"),
        ),
        Action(
            "start",
            _from("verified", "in_progress"),
            notification=N_("Tiket %(ticket)s sedang diproses. Batas waktu: %(due)s."),
        ),
        Action(
            "follow_up",
            _from("verified in_progress followed_up", "followed_up"),
            note_required=True,
            notification=N_("Tindak lanjut tiket %(ticket)s: %(note)s"),
        ),
        Action(
            "respond",
            {"followed_up": "in_progress", "postponed": "received"},
            actor="citizen",
            note_required=True,
        ),
        Action(
            "complete",
            _from("verified in_progress followed_up", "completed"),
            due="clear",
            notification=N_("Tiket %(ticket)s selesai. %(note)s"),
        ),
        Action(
            "reopen",
            _from("completed rejected", "in_progress"),
            note_required=True,
            due="follow_up",
            notification=N_("Tiket %(ticket)s dibuka kembali: %(note)s"),
        ),
        Action(
            "auto_close",
            _from("followed_up", "completed"),
            actor="system",
            due="clear",
            notification=N_("Tiket %(ticket)s ditutup karena tidak ada tanggapan 10 hari kerja."),
        ),
    )
}


def allowed_actions(status: str, actor: str = "officer") -> list[str]:
    """Names of the actions this actor can take on a ticket in this status."""
    return [a.name for a in ACTIONS.values() if a.actor == actor and status in a.transitions]

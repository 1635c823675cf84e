"""The audit trail: logins, exports, account changes and other officer actions."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.i18n import N_
from core.models import AuditEntry, Officer

MAX_DETAIL = 2000

# What the trail shows for each recorded action; the code stays in the database
# (and in a CSV) so that old entries keep their meaning when a label changes.
AUDIT_ACTION_LABELS = {
    "login": N_("Masuk"),
    "login_failed": N_("Gagal masuk"),
    "logout": N_("Keluar"),
    "account_create": N_("Akun dibuat"),
    "account_activate": N_("Akun diaktifkan"),
    "account_deactivate": N_("Akun dinonaktifkan"),
    "account_phone": N_("Nomor HP akun diubah"),
    "export_queue": N_("Antrean diunduh (CSV)"),
    "export_report": N_("Laporan diunduh"),
    "catalogue_export": N_("Katalog diekspor"),
    "catalogue_import": N_("Katalog diimpor"),
    "catalogue_agency": N_("Instansi diubah"),
    "catalogue_category": N_("Kategori diubah"),
    "catalogue_service": N_("Layanan diubah"),
    "catalogue_standard": N_("Standar pelayanan diubah"),
    "catalogue_unit": N_("Unit diubah"),
    "device_enroll": N_("Perangkat loket didaftarkan"),
    "device_revoke": N_("Perangkat loket dicabut"),
    "duty_run_now": N_("Tugas terjadwal dijalankan"),
    "follow_up_add": N_("Rencana tindak lanjut SKM ditambah"),
    "follow_up_state": N_("Status tindak lanjut SKM diubah"),
    "paper_surveys": N_("Lembar SKM kertas dimasukkan"),
    "practice_publish": N_("Praktik baik diterbitkan"),
    "queue_settings": N_("Pengaturan antrean diubah"),
    "practice_adopt": N_("Praktik baik diadopsi"),
    "ticket_privacy": N_("Perlindungan pelapor diubah"),
    "unit_population": N_("Jumlah pengguna layanan diubah"),
    "walk_in": N_("Kasus loket dicatat"),
}
# Roles as the back office names them, for entries whose detail names one.
ROLE_LABELS = {
    "admin": N_("Administrator"),
    "unit_head": N_("Kepala unit"),
    "officer": N_("Petugas"),
    "auditor": N_("Auditor"),
}
_ROLE_IN_DETAIL = re.compile(r"\brole=(\w+)")


def add_audit_entry(
    session: Session, *, officer_id: int | None, action: str, target: str = "",
    detail: str = "", now: datetime | None = None,
) -> AuditEntry:
    """Add an entry inside the caller's transaction (no commit)."""
    entry = AuditEntry(officer_id=officer_id, action=action[:40], target=target[:80],
                       detail=(detail or "")[:MAX_DETAIL], created_at=now or now_utc())
    session.add(entry)
    return entry


def record_audit(
    session: Session, *, officer_id: int | None, action: str, target: str = "",
    detail: str = "",
) -> AuditEntry:
    """Record one audited event on its own (an export, a logout)."""
    return add_audit_entry(session, officer_id=officer_id, action=action, target=target,
                           detail=detail)


@contextmanager
def audited(
    session: Session, *, officer_id: int | None, action: str, target: str = "", detail: str = "",
) -> Iterator[AuditEntry]:
    """Audit the work done inside the block: both land, or neither.

    A savepoint, so that work refused half-way leaves neither the entry nor
    its half behind, even when the caller goes on and commits.
    """
    with session.begin_nested():
        yield add_audit_entry(session, officer_id=officer_id, action=action, target=target,
                              detail=detail)


def list_audit_entries(
    session: Session, *, before_id: int | None = None, target: str | None = None,
    limit: int = 50,
) -> list[tuple[AuditEntry, str]]:
    """Entries newest first (keyset by id), each with the officer's name ('' for the system)."""
    query = (
        select(AuditEntry, Officer.name)
        .outerjoin(Officer, Officer.id == AuditEntry.officer_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if target is not None:
        query = query.where(AuditEntry.target == target)
    return [(entry, name or "") for entry, name in session.execute(query)]


def audit_action_label(action: str) -> str:
    """The label (a msgid) of an audited action; an unknown code is shown as it is."""
    return AUDIT_ACTION_LABELS.get(action, action)


def audit_detail_roles(detail: str) -> tuple[str, str | None, str]:
    """The detail split around the first role code it names: (before, role msgid, after).

    The channel translates the role's label and joins the three; a detail
    naming no role comes back whole, with None.
    """
    found = _ROLE_IN_DETAIL.search(detail or "")
    if found is None or found.group(1) not in ROLE_LABELS:
        return detail or "", None, ""
    return detail[:found.start()], ROLE_LABELS[found.group(1)], detail[found.end():]

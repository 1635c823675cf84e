"""Officers, their roles and units, and the audit trail of what they do."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models._types import created_at_column
from core.models.catalogue import Unit

ROLES = ("admin", "unit_head", "officer", "auditor")


class Officer(Base):
    """A staff account; every role but admin and auditor belongs to one unit."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped by sign-out, deactivation and a new password: every session
    # signed with an older value ends at its next request (web/staff/auth.py).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Where the daily digest of overdue tickets goes by SMS (E.164); none, no digest.
    phone: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = created_at_column()

    unit: Mapped[Unit | None] = relationship()


class AuditEntry(Base):
    """Who did what, to what, and when."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at_column()

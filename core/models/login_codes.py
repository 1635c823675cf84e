"""One-time codes sent by SMS so a citizen can sign in with their phone number."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import created_at_column, timestamp_column


class LoginCode(Base):
    """A hashed one-time code for a phone, valid for a few minutes and a few tries."""

    __tablename__ = "login_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = timestamp_column(nullable=False)
    used_at: Mapped[datetime | None] = timestamp_column()
    created_at: Mapped[datetime] = created_at_column()

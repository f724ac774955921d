"""The workspace's own table: questions an employer asks the hub about a candidate.

An employer sees candidates only as tokens; "ask the hub" stores the question with the
person it is about (resolved on the server, never shown to the employer), so a counselor
finds it as a task on the caseload page and answers it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models import ID, WHO, Base
from matcher.db.types import utcnow


class HubRequestRow(Base):
    __tablename__ = "hub_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    vacancy_id: Mapped[str] = mapped_column(ID)
    candidate: Mapped[str] = mapped_column(String(64))  # the token the employer saw
    question: Mapped[str] = mapped_column(Text)
    asked_by: Mapped[str] = mapped_column(WHO)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str | None] = mapped_column(WHO)
    answered_at: Mapped[datetime | None]

"""The partner directory table: every organisation in the hub's collaboration.

Programmes and vacancies keep their provider / employer as a name (see
:mod:`matcher.db.models`); a partner is linked to them by that name, compared without
case or spacing, so the directory adds no foreign key to tables other helpers own.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models import NAME, Base, VersionedMixin
from matcher.db.types import enum_column_type


class PartnerType(StrEnum):
    """Kinds of organisation; the values are what the database stores."""

    GOVERNMENT = "pemerintah"  # Sudinakertrans, PPKD, kelurahan, Jakpreneur
    NGO = "lsm"  # yayasan, LSM
    TRAINING_PROVIDER = "lembaga_pelatihan"  # LPK, LKP, BLK
    EMPLOYER = "pemberi_kerja"
    COMMUNITY = "komunitas"  # PKK, Karang Taruna, koperasi, RW groups
    UNIVERSITY = "universitas"


class PartnerRow(VersionedMixin, Base):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NAME, unique=True)
    # Lower-cased, single-spaced name: how programmes and vacancies find their partner.
    name_key: Mapped[str] = mapped_column(NAME, unique=True)
    partner_type: Mapped[PartnerType] = mapped_column(enum_column_type(PartnerType, "partner_type"))
    contact_person: Mapped[str] = mapped_column(NAME, default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    kelurahan: Mapped[str] = mapped_column(String(100), default="")
    offers: Mapped[str] = mapped_column(Text, default="")  # what it brings to the hub
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

"""Record ids ``PREFIX-NNNN``: the next free one, never one an erased record had.

An erasure renames the person's rows to a pseudonym, so the highest stored id can drop
and the next registration would get the erased id back, inheriting its exports, links
and open drafts. :func:`keep_floor` records the erased number per prefix
(``id_floors``); :func:`next_id` numbers above every stored id and that floor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import case, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from matcher.db.models import IdFloorRow

_ID = re.compile(r"^([A-Za-z]+)-(\d+)$")


def split_id(record_id: str) -> tuple[str, int] | None:
    """``("JS", 321)`` for ``"JS-0321"``; None for an id of another form."""
    m = _ID.match(record_id or "")
    return (m.group(1), int(m.group(2))) if m else None


def id_floor(session: Session, prefix: str) -> int:
    """The highest erased number of ``prefix`` (0 when none was erased)."""
    return session.scalar(select(IdFloorRow.last).where(IdFloorRow.prefix == prefix)) or 0


def keep_floor(session: Session, record_id: str) -> None:
    """Remember ``record_id``'s number before the record leaves (an erasure).

    One statement that keeps the larger number: two erasures at once cannot lower the
    floor or both insert the first row (a read, then a write, could on PostgreSQL).
    """
    parts = split_id(record_id)
    if parts is None:
        return
    prefix, number = parts
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(IdFloorRow).values(prefix=prefix, last=number)
    stmt = stmt.on_conflict_do_update(
        index_elements=[IdFloorRow.prefix],
        set_={
            "last": case(
                (stmt.excluded.last > IdFloorRow.last, stmt.excluded.last),
                else_=IdFloorRow.last,
            )
        },
    )
    session.execute(stmt)


def next_ids(existing: Iterable[str], prefix: str, n: int = 1, *, floor: int = 0,
             width: int = 4) -> list[str]:  # fmt: skip
    """``n`` ids ``PREFIX-NNNN`` after the highest of ``existing`` and ``floor``."""
    numbers = [p[1] for i in existing if (p := split_id(i)) and p[0] == prefix]
    start = max([floor, *numbers]) + 1
    return [f"{prefix}-{k:0{width}d}" for k in range(start, start + n)]

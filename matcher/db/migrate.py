"""Run the Alembic migrations from code, so the app upgrades its database on start.

The Alembic config is built in code from the package directory; ``alembic.ini`` next
to this file is only for the ``alembic`` command line (``alembic -c matcher/db/alembic.ini``).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None, *, script_location: Path | None = None) -> Config:
    """An Alembic config for our migrations; with ``engine``, bound to its URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    if engine is not None:
        # '%' must be doubled for configparser; passwords may contain it.
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision(*, script_location: Path | None = None) -> str:
    """The newest revision ("a,b" if two packages' migrations branched off)."""
    script = ScriptDirectory.from_config(alembic_config(script_location=script_location))
    return ",".join(sorted(script.get_heads()))


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, None for a database never migrated."""
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None


def upgrade_to_head(engine: Engine, *, script_location: Path | None = None) -> str:
    """Apply every pending migration to ``engine``'s database; return the head revision.

    Idempotent: on an up-to-date database it does nothing. Upgrades to all heads, so
    the app still starts if two packages' migrations branched (a test flags that).
    On SQLite, foreign keys are off while migrating: batch mode rebuilds a table by
    copy-and-drop, and dropping a referenced table with foreign keys on would delete
    or refuse rows; integrity is checked once the migration is done.

    Raises
    ------
    RuntimeError
        When, on SQLite, a migration left rows pointing at missing rows.
    """
    cfg = alembic_config(engine, script_location=script_location)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # Outside a transaction, or SQLite ignores it.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return head_revision(script_location=script_location)

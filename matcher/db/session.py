"""Engines and sessions: SQLite file by default, PostgreSQL when DATABASE_URL is set.

Resolution order for the database URL: the ``url`` argument, then ``DATABASE_URL``,
then an SQLite file at ``MATCHER_DB_PATH`` (default ``var/matcher.sqlite`` under the
project root), created with its folder on first use.

The SQLite file holds personal data, so its folder is created ``0700`` and the file
``0600`` (before SQLite first opens it; its ``-wal`` and ``-shm`` companions inherit
the file's mode), and existing ones are tightened on every start. Secrets (the audit
key, the session secret) and exports go to :func:`private_dir`, also ``0700``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from matcher import config

DEFAULT_DB_PATH = config.PROJ_ROOT / "var" / "matcher.sqlite"

_default_engine: Engine | None = None

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_directory(path: str | Path) -> Path:
    """Create ``path`` (and parents) if needed, and make it ``0700`` (owner only)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)
    return path


def private_dir() -> Path:
    """The folder for secrets and working files: beside the SQLite database, else var/."""
    resolved = make_url(database_url())
    if resolved.get_backend_name() == "sqlite" and resolved.database not in (None, "", ":memory:"):
        return private_directory(Path(resolved.database).parent)
    return private_directory(config.PROJ_ROOT / "var")


def private_file(name: str) -> Path:
    """A path in :func:`private_dir` (the caller creates the file with mode 0600)."""
    return private_dir() / name


def secret_file(name: str) -> bytes:
    """The secret kept in ``name`` in :func:`private_dir`, made (random, 0600) on first use.

    Written to a temporary name and linked into place, so another process never reads
    a half-written secret and the first writer wins.
    """
    path = private_file(name)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")  # mode 0600
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
        os.unlink(tmp)
    os.chmod(path, FILE_MODE)
    return path.read_text().strip().encode()


def _secure_sqlite_file(database: str) -> None:
    """The folder 0700 and the file 0600, created empty if missing (SQLite accepts that)."""
    path = Path(database)
    parent = path.parent
    if not parent.exists() or parent.resolve() != Path.cwd().resolve():
        # Never chmod someone's working directory; a folder of its own gets 0700.
        private_directory(parent)
    if not path.exists():
        # Only a missing file is created here. Opening and closing an existing database
        # file would drop every POSIX lock this process's SQLite connections hold on it
        # (fcntl locks belong to the process and file, not to the descriptor): another
        # process could then checkpoint and delete the WAL under them, and this process
        # would go on reading an old snapshot (or corrupt the file).
        with contextlib.suppress(FileExistsError):  # another process was first
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE))
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if companion.exists():
            os.chmod(companion, FILE_MODE)


def database_url(url: str | None = None) -> str:
    """The URL to connect to, following the resolution order above."""
    url = url or os.environ.get("DATABASE_URL")
    if url:
        # Hosting platforms hand out postgres:// URLs; we speak psycopg 3.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    path = Path(os.environ.get("MATCHER_DB_PATH") or DEFAULT_DB_PATH)
    return f"sqlite:///{path.expanduser().resolve()}"


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Write-ahead logging: readers (other Streamlit sessions) never block the writer.
    cursor.execute("PRAGMA journal_mode=WAL")
    # Deleted content is overwritten with zeros, not left in free pages: an erased
    # person's old row does not survive in the file (many builds default to it; this
    # does not depend on the build).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def get_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """Create an engine for ``url`` (see :func:`database_url`); makes the SQLite folder."""
    resolved = make_url(database_url(url))
    kwargs = {"echo": echo, "future": True}
    if resolved.get_backend_name() == "sqlite":
        if resolved.database and resolved.database != ":memory:":
            _secure_sqlite_file(resolved.database)
        # Streamlit serves each session from its own thread.
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(resolved, **kwargs)
    if resolved.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def default_engine() -> Engine:
    """One engine per process for the configured database, created on first use."""
    global _default_engine
    if _default_engine is None:
        _default_engine = get_engine()
    return _default_engine


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception.

    Objects stay readable after commit (``expire_on_commit=False``); repositories
    return frozen records anyway.
    """
    factory = sessionmaker(bind=engine or default_engine(), expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

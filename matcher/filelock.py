"""An exclusive lock on a file beside the data it guards.

The app's sessions (threads) and other processes (the CLI, a second app worker) share
files: the drafts, the phrase cache, an SQLite database starting up. ``fcntl.flock``
on a descriptor of one's own excludes them all, and the system releases it if the
process dies. POSIX only, like the rest of the deployment.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def locked(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created empty, mode 0600 whatever the umask)
    until the block ends. Each call opens its own descriptor, so two threads of one
    process exclude each other too."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock

"""Objects kept on disk with joblib: read when a valid file is there, else built and written.

The fitted TF-IDF of a catalogue (:mod:`matcher.text.encoders.fitted_cache`) and the
fitted ESCO skill normaliser (:mod:`matcher.text.skills.fitted`) are kept this way. What
decides the object is in the file's name (the caller's key), so a file is either right
or unreadable: an unreadable one, or one the caller's check refuses, is logged, removed
and built again, never trusted. Writes go to a temporary file renamed into place (a
reader never sees half a file; two writers of one key both leave a whole one), and a
read-only or full disk costs speed, not results. The least recently used files of the
caller's pattern beyond ``keep`` are removed, and temporary files of writes that died
once they are an hour old.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import joblib

log = logging.getLogger(__name__)
T = TypeVar("T")
STALE_PART_S = 3600  # a temporary file this old is a write that died


def load_or_build(
    path: Path,
    build: Callable[[], T],
    *,
    keep: int,
    pattern: str,
    valid: Callable[[object], bool] = lambda _: True,
    what: str = "kept object",
) -> T:
    """The object in ``path`` if readable and ``valid``, else ``build()`` written there.

    ``pattern`` (a glob in ``path``'s folder) names the files of this kind, of which the
    ``keep`` most recently used stay; ``what`` names them in the log."""
    found = _load(path, valid, what)
    if found is not None:
        return found
    built = build()
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(built, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not write the %s to %s: %s", what, path, exc)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # a dump that failed half-way
    _prune(path.parent, pattern, keep)
    return built


def _load(path: Path, valid: Callable[[object], bool], what: str):
    if not path.exists():
        return None
    try:
        found = joblib.load(path)
        if not valid(found):
            raise TypeError(f"holds {type(found).__name__}, not what its name says")
        os.utime(path)  # recently used: kept by the pruning
        return found
    except Exception as exc:  # any unreadable file is built again, never trusted
        log.warning("%s %s unreadable (%s); building it again", what, path, exc)
        with contextlib.suppress(OSError):  # a read-only folder: built, just not kept
            path.unlink(missing_ok=True)
        return None


def _prune(folder: Path, pattern: str, keep: int) -> None:
    try:
        files = sorted(folder.glob(pattern), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)
        stem = pattern.removesuffix(".joblib").removesuffix("*")
        for part in folder.glob(f"{stem}*.part"):
            if time.time() - part.stat().st_mtime > STALE_PART_S:
                part.unlink(missing_ok=True)
    except OSError as exc:  # another process pruned first, or a read-only folder
        log.debug("pruning %s: %s", folder, exc)

"""What the text caches forget when a person's data is erased.

Two caches on disk keep text that people wrote: the embedding cache (a vector for each
text encoded, under a hash of the text) and the skill phrase cache (each phrase as typed,
with its concepts). An erasure blanks a person's free text in the database; what the
caches hold of it has to go too.

An erasure cannot tell which cache entries were the person's: a profile edited five
times was encoded in five versions, and nothing records the old ones (the audit trail
keeps only a keyed hash). So people's texts are kept apart and an erasure clears them
all:

* texts encoded as *queries* (profiles, business texts, skill phrases on the semantic
  path) go under ``EMBEDDING_CACHE_DIR/queries/``; the candidates' names (vacancies,
  programmes, ESCO's labels: the costly part, minutes when cold) stay where they were;
* the phrase cache files (``MODELS_DIR/cache/skill_phrases_*.json``) are deleted whole.

Both are rebuilt by the next engine build, at a cost of seconds for the sample and
minutes at 20,000 people; erasures are rare.

A build that read people's data before the erasure, or a process that read a cache
before it, still holds their texts in memory (the app's other workers, a CLI run in
progress, an engine build that takes minutes). The *erasure epoch* (a file that each
erasure rewrites) stops them writing those back: reading people from the database marks
the epoch in the reading context (:func:`mark_read`, called by the loaders before they
query), and a phrase cache or a shard writer compares that epoch (or, outside such a
context, the one its own call started under) with the file's, under one lock, and writes
nothing from before an erasure (a mark stays until the next read in its context; a
write it refuses costs only a cache miss). Their memory itself is cleared only in the process that
erases (the reading memos below); another process keeps what it holds until it rebuilds
or restarts.
"""

from __future__ import annotations

import contextvars
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from matcher import config
from matcher.filelock import locked

log = logging.getLogger(__name__)

QUERIES = "queries"  # the embedding cache's folder of texts encoded as queries
# The epoch at the last read of people's data in this context (thread or task).
_READ_AT: contextvars.ContextVar[str | None] = contextvars.ContextVar("read_at", default=None)


def _folder() -> Path:
    return config.MODELS_DIR / "cache"


def epoch() -> str:
    """The current erasure epoch ("" before any erasure)."""
    try:
        return (_folder() / "erasure.epoch").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def mark_read() -> str:
    """Call just before reading people's data: what is cached from it later in this
    context is written only if no erasure came in between."""
    now = epoch()
    _READ_AT.set(now)
    return now


def read_at() -> str:
    """The epoch the texts about to be cached were read under: the last
    :func:`mark_read` of this context, else now (texts not read from the database)."""
    marked = _READ_AT.get()
    return epoch() if marked is None else marked


@contextmanager
def writing() -> Iterator[str]:
    """Hold the erasure lock while writing people's text to a cache; yields the epoch,
    which no erasure can change until the block ends."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / "erasure.lock"):
        yield epoch()


def forget_people_texts() -> list[Path]:
    """Clear what the disk caches hold of people's texts; returns what was removed.

    Under the erasure lock: a new epoch first, then the query embeddings and the phrase
    cache files, so that no writer that started before can put them back. The reading
    memos of this process are cleared too."""
    removed: list[Path] = []
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / "erasure.lock"):
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(8))
        os.replace(tmp, folder / "erasure.epoch")
        queries = config.EMBEDDING_CACHE_DIR / QUERIES
        if queries.exists():
            shutil.rmtree(queries)
            removed.append(queries)
        for path in sorted(folder.glob("skill_phrases_*.json")):
            with locked(path.with_suffix(".lock")):
                path.unlink(missing_ok=True)
            removed.append(path)
        for path in sorted(folder.glob("*.tmp")):  # a save that died half-way
            path.unlink(missing_ok=True)
            removed.append(path)
    _clear_memos()
    log.info("erasure: cleared %d cache paths of people's texts", len(removed))
    return removed


def _clear_memos() -> None:
    """This process's memos of how texts read (keyed by the text itself)."""
    from matcher.text import glossary, lexicon
    from matcher.text.skill_cache import PhraseCache
    from matcher.text.skills import informal

    for memo in (lexicon.render, glossary.translate, informal.standardise,
                 informal.undo_reduplication):  # fmt: skip
        memo.cache_clear()
    PhraseCache.forget_all()

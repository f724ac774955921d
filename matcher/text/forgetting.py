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

Both are rebuilt by the next engine build: 13 s more for the sample, about 3.5 minutes
at 20,000 people (docs/security.md); erasures are rare.

Work that read people's data before the erasure still holds their texts in memory: an
engine built from records loaded before it (a build takes minutes at scale, and the app
serves the old engine until the new one is ready), a request that read one person's
record, another app worker or a CLI run. The *erasure epoch* (a token in a file that
each erasure rewrites) stops them writing those texts back. Reading people marks the
epoch of the read:

* :meth:`DbSource.load <matcher.workspace.source.DbSource.load>` stamps its records
  (``Records.read_at``, taken before the query); an engine built from them keeps the
  stamp (:func:`bound` around its normaliser, ``TextMatcher.read_marks_``), so whatever
  it caches later, in any thread, was read under that epoch;
* a request that reads a person's record itself runs under :func:`reading`.

A phrase cache or a shard writer writes only if every mark in force is the current
epoch, checked under one lock (:func:`writing`); outside any mark, the epoch its own call
started under counts. A refused write costs only a cache miss. The memory itself is
cleared only in the process that erases (the reading memos below); another process keeps
what it holds until it rebuilds or restarts.
"""

from __future__ import annotations

import contextvars
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from matcher import config
from matcher.filelock import locked

log = logging.getLogger(__name__)

QUERIES = "queries"  # the embedding cache's folder of texts encoded as queries
# The epochs under which the texts now being worked on were read (see the module text).
_MARKS: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "read_marks", default=frozenset()
)


def _folder() -> Path:
    return config.MODELS_DIR / "cache"


def epoch() -> str:
    """The current erasure epoch ("" before any erasure)."""
    try:
        return (_folder() / "erasure.epoch").read_text(encoding="ascii").strip()
    except OSError:
        return ""


@contextmanager
def reading(
    at: str | Iterable[str] | None = None, *, alone: bool = False
) -> Iterator[frozenset[str]]:
    """Within the block, texts cached were read under epoch ``at`` (default: now), as
    well as under any enclosing block's (``alone``: only ``at``, for a build whose data
    were all read under it); yields the marks in force."""
    new = {epoch()} if at is None else {at} if isinstance(at, str) else set(at)
    token = _MARKS.set(frozenset(new) if alone else _MARKS.get() | new)
    try:
        yield _MARKS.get()
    finally:
        _MARKS.reset(token)


def read_marks() -> frozenset[str]:
    """The epochs the texts about to be cached were read under: the marks in force, else
    the epoch now (texts not read from the database)."""
    return _MARKS.get() or frozenset({epoch()})


class bound:  # noqa: N801 - used as a function: bound(normalise, marks)
    """A skill normaliser (``phrases -> concepts``, with ``near``) that runs under the
    given read marks, wherever it is called from: an engine's normaliser keeps the
    epoch its people were read under. A class, so it pickles wherever its normaliser
    does (Ray ships the engine with cloudpickle; joblib and pickle work too)."""

    def __init__(self, normalise, marks: Iterable[str]):
        self.normalise = normalise
        self.marks = frozenset(marks)

    def __call__(self, phrases):
        with reading(self.marks):
            return self.normalise(phrases)

    def load(self) -> None:
        """Load the normaliser's model now, if it has one to load."""
        if hasattr(self.normalise, "load"):
            self.normalise.load()

    @property
    def near(self):
        inner = self.normalise.near  # AttributeError for a normaliser without one

        def near(phrases):
            with reading(self.marks):
                return inner(phrases)

        return near


@contextmanager
def writing() -> Iterator[str | None]:
    """Hold the erasure lock while writing people's text to a cache; yields the epoch,
    which no erasure can change until the block ends, or ``None`` if the lock cannot be
    taken (a read-only models folder): then nothing is written, and nothing fails."""
    folder = _folder()
    stack = ExitStack()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stack.enter_context(locked(folder / "erasure.lock"))
        held = True
    except OSError as exc:
        log.warning("people's texts are not cached: no erasure lock in %s (%s)", folder, exc)
        held = False
    with stack:
        yield epoch() if held else None


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
    from matcher.needs import skillmap
    from matcher.text import glossary, lexicon
    from matcher.text.skill_cache import PhraseCache
    from matcher.text.skills import informal

    for memo in (lexicon.render, glossary.translate, informal.standardise,
                 informal.undo_reduplication, skillmap.default_normalise):  # fmt: skip
        memo.cache_clear()  # the needs map's holds every phrase it mapped
    PhraseCache.forget_all()

"""A disk cache of skill phrase -> concepts, so an unchanged catalog normalises nothing.

Normalising a phrase to ESCO costs milliseconds, and a catalog has thousands of phrases;
a rebuild on unchanged data should cost a file read. The cache is keyed by everything
that decides a phrase's concepts: the normaliser's parameters and method version
(``METHOD_VERSION``, bumped when its rules change), the ESCO skills file, the glossary and
the overrides, so a change to any of them starts a new cache file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from matcher import config
from matcher.filelock import locked
from matcher.text import forgetting

log = logging.getLogger(__name__)

Concepts = list[tuple[str, str]]  # (concept key, display label)


def _file_stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return f"{path.name}:missing"
    return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"


def fingerprint(normaliser: object) -> str:
    """What decides this normaliser's output, hashed."""
    from matcher.text.glossary import GLOSSARY_CSV
    from matcher.text.lexicon import LEXICON_CSV
    from matcher.text.skills.confidence import CONFIDENCE_JSON
    from matcher.text.skills.informal import INFORMAL_CSV
    from matcher.text.skills.normaliser import OVERRIDES_CSV

    params = getattr(normaliser, "get_params", dict)()
    parts = [
        type(normaliser).__qualname__,
        str(getattr(normaliser, "METHOD_VERSION", "")),
        repr(sorted((k, repr(v)) for k, v in params.items())),
        _file_stamp(config.ESCO_DIR / "skills_en.csv"),
        hashlib.sha256(GLOSSARY_CSV.read_bytes()).hexdigest(),
        hashlib.sha256(OVERRIDES_CSV.read_bytes()).hexdigest(),
        hashlib.sha256(INFORMAL_CSV.read_bytes()).hexdigest(),
        hashlib.sha256(LEXICON_CSV.read_bytes()).hexdigest(),
        hashlib.sha256(CONFIDENCE_JSON.read_bytes()).hexdigest()
        if CONFIDENCE_JSON.exists()
        else "",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


class PhraseCache:
    """Phrase -> concepts for one normaliser fingerprint, in memory and in one JSON file."""

    _shared: dict[str, PhraseCache] = {}
    _lock = threading.Lock()

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, Concepts] = {}
        self._dirty = False
        # The app's sessions share one cache: an add during a save would change the dict
        # the save is writing ("changed size during iteration"), or be marked saved
        # without being written.
        self._mutex = threading.Lock()
        self._epoch = forgetting.epoch()
        self.entries = self._read()

    def __getstate__(self) -> dict:
        # The engine pickles with its normaliser (Ray workers, joblib): a lock does not
        # pickle, and the copy gets its own.
        state = dict(self.__dict__)
        state.pop("_mutex", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._mutex = threading.Lock()

    def _read(self) -> dict[str, Concepts]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {k: [tuple(c) for c in v] for k, v in raw.items()}
        except (OSError, ValueError) as exc:  # a broken cache is rebuilt, never fatal
            log.warning("ignoring unreadable skill cache %s: %s", self.path, exc)
            return {}

    @classmethod
    def for_normaliser(cls, normaliser: object, directory: Path | None = None) -> PhraseCache:
        directory = directory or config.MODELS_DIR / "cache"
        path = Path(directory) / f"skill_phrases_{fingerprint(normaliser)}.json"
        with cls._lock:
            if str(path) not in cls._shared:
                cls._shared[str(path)] = cls(path)
            return cls._shared[str(path)]

    @classmethod
    def forget_all(cls) -> None:
        """Drop this process's shared caches (an erasure cleared their files)."""
        with cls._lock:
            cls._shared.clear()

    def missing(self, phrases: list[str]) -> list[str]:
        with self._mutex:
            now = forgetting.epoch()
            if now != self._epoch:
                # A person's data was erased since this cache was read: what it holds in
                # memory may be their phrases, so start again from the file.
                self._epoch, self.entries, self._dirty = now, self._read(), False
        return [p for p in dict.fromkeys(phrases) if p not in self.entries]

    def add(
        self, phrases: list[str], concepts: list[Concepts], read_at: frozenset[str] | None = None
    ) -> None:
        """Remember phrases read under the erasure epochs ``read_at`` (None: now); phrases
        read before an erasure are not kept (:mod:`matcher.text.forgetting`)."""
        with self._mutex:
            if read_at is not None and read_at != {self._epoch}:
                return
            for phrase, found in zip(phrases, concepts, strict=True):
                self.entries[phrase] = found
            self._dirty = self._dirty or bool(phrases)

    def get(self, phrase: str) -> Concepts | None:
        """The phrase's concepts, or ``None`` if the cache does not hold it."""
        return self.entries.get(phrase)

    def save(self, read_at: frozenset[str] | None = None) -> None:
        """Write what was added, unless an erasure came after ``read_at`` (None: after
        this cache was read)."""
        with self._mutex:
            self._save(read_at)

    def _save(self, read_at: frozenset[str] | None = None) -> None:
        if not self._dirty:
            return
        with forgetting.writing() as now:
            if now is None or now != self._epoch or (read_at is not None and read_at != {now}):
                # Read before an erasure: nothing from memory is written (the next
                # ``missing`` starts again from the file). None: no lock, no write.
                return
            try:
                self._write()
            except OSError as exc:  # a cache is never fatal: the phrases are answered
                log.warning("could not save the skill cache %s: %s", self.path, exc)
                return
        self._dirty = False

    def _write(self) -> None:
        # Under a lock file, what other processes saved since this one read the file is
        # merged in, not overwritten (a phrase's concepts are the same for one
        # fingerprint, so the union is right). Write then rename, so a crash or a second
        # process never leaves half a file.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.path.with_suffix(".lock")):
            self.entries = {**self._read(), **self.entries}
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.entries, fh, ensure_ascii=False)
            os.replace(tmp, self.path)

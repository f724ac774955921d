"""A disk cache of how the English-only encoders read each candidate name.

``TextMatcher.fit`` reads every distinct Indonesian candidate name in English (its
rendering: glossary, everyday words, lexicon) before TF-IDF and MiniLM see it. That is
about 0.3 ms a name: 13 s for the ~48,000 distinct names of 50,000 vacancies, on every
build, although the embedding cache serves the vectors of an unchanged catalog at once.
The workspace rebuilds the engine on every change to its data, so each upload, edit or
new profile paid it again for the whole catalog.

Here each name's reading (whether it is Indonesian, and its rendering) is kept in one
SQLite file per *fingerprint*: the rendering chosen, :data:`READING_VERSION`, and the
content of the files that decide a reading (the glossary, everyday-word and lexicon CSVs,
and the modules that detect the language and render), so a change to any of them starts
a new file. Names are keyed by a hash of their text. The cache never fails a build: a
file that cannot be read or written is logged and the names are read afresh.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from matcher import config

log = logging.getLogger(__name__)

READING_VERSION = 1  # bump when the way a name is read changes outside the hashed files
_CHUNK = 900  # SQLite's default limit on bound parameters is 999
_lock = threading.Lock()

Reading = tuple[bool, str]  # (Indonesian?, the text the English-only encoders read)


@lru_cache(maxsize=8)
def fingerprint(rendering: str) -> str:
    """What decides a name's reading under ``rendering`` ("render" or "translate"), hashed."""
    from matcher.text import glossary, language, lexicon

    files = [
        glossary.GLOSSARY_CSV, lexicon.WORDS_CSV, lexicon.LEXICON_CSV,
        Path(glossary.__file__), Path(language.__file__), Path(lexicon.__file__),
    ]  # fmt: skip
    digest = hashlib.sha256(f"{READING_VERSION}|{rendering}".encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def cache_path(rendering: str, directory: Path | None = None) -> Path:
    """The cache file; by default beside the embeddings (``config.EMBEDDING_CACHE_DIR``,
    ``readings/``), so that whatever moves the text caches moves it too."""
    directory = (
        Path(directory) if directory is not None else config.EMBEDDING_CACHE_DIR / "readings"
    )
    return directory / f"readings_{fingerprint(rendering)}.sqlite"


def read_names(
    names: Sequence[str],
    read: Callable[[str], Reading],
    rendering: str,
    directory: Path | None = None,
) -> list[Reading]:
    """Each name's reading: from the cache file where known, else ``read(name)`` (then
    stored). ``rendering`` names the way ``read`` renders, for the fingerprint."""
    names = list(names)
    keys = [_key(n) for n in names]
    path = cache_path(rendering, directory)
    known: dict[bytes, Reading] = {}
    try:
        known = _load(path, keys)
    except (OSError, sqlite3.Error) as exc:  # a broken or unreadable cache is never fatal
        log.warning("reading cache %s not used: %s", path, exc)
    out: list[Reading] = []
    fresh: dict[bytes, Reading] = {}
    for name, key in zip(names, keys, strict=True):
        got = known.get(key) or fresh.get(key)
        if got is None:
            got = fresh[key] = read(name)
        out.append(got)
    if fresh:
        try:
            _store(path, fresh)
        except (OSError, sqlite3.Error) as exc:
            log.warning("reading cache %s not written: %s", path, exc)
    return out


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    db.execute(
        "CREATE TABLE IF NOT EXISTS reading "
        "(key BLOB PRIMARY KEY, indonesian INTEGER NOT NULL, text TEXT NOT NULL)"
    )
    return db


def _load(path: Path, keys: list[bytes]) -> dict[bytes, Reading]:
    if not path.exists():
        return {}
    found: dict[bytes, Reading] = {}
    db = _connect(path)
    try:
        unique = list(dict.fromkeys(keys))
        for lo in range(0, len(unique), _CHUNK):
            part = unique[lo : lo + _CHUNK]
            marks = ",".join("?" * len(part))
            rows = db.execute(
                f"SELECT key, indonesian, text FROM reading WHERE key IN ({marks})", part
            )
            found.update((k, (bool(i), t)) for k, i, t in rows)
    finally:
        db.close()
    return found


def _store(path: Path, readings: dict[bytes, Reading]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        db = _connect(path)
        try:
            with db:  # one transaction; a second process waits for the file's lock
                db.executemany(
                    "INSERT OR IGNORE INTO reading VALUES (?, ?, ?)",
                    [(k, int(i), t) for k, (i, t) in readings.items()],
                )
        finally:
            db.close()

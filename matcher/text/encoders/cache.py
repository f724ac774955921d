"""On-disk embedding cache: a re-run on unchanged text encodes nothing.

Each text is keyed by ``sha256(fingerprint, text)``. Vectors are written in shards under
``EMBEDDING_CACHE_DIR/<fingerprint digest>/``: ``NNNNNN.keys.npy`` (fixed-width ASCII keys)
beside ``NNNNNN.vecs.npy`` (float32 rows), both read with ``allow_pickle=False``. One shard
per encode call keeps 100k short texts from becoming 100k tiny files.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from matcher import config
from matcher.text import forgetting
from matcher.text.encoders.base import Encoder, check_texts, text_key


class CachedEncoder(Encoder):
    """Wrap a dense encoder so vectors already computed are read from disk.

    Parameters
    ----------
    encoder : Encoder
        A dense encoder (its ``transform`` returns an ndarray).
    cache_dir : str or Path or None
        Root of the cache; ``None`` means ``matcher.config.EMBEDDING_CACHE_DIR``.
    min_write : int
        Fewer new texts than this are encoded but not written: a live app sending one query
        at a time would otherwise leave thousands of one-row shards.
    block_size : int
        New texts are encoded and written this many at a time.
    namespace : str
        A folder under the root for this kind of text: ``"queries"`` for texts encoded as
        queries (people's profiles, skill phrases), which an erasure clears
        (:mod:`matcher.text.forgetting`); ``""`` for candidates' names.
    """

    def __init__(
        self,
        encoder: Encoder,
        cache_dir: str | Path | None = None,
        min_write: int = 1,
        block_size: int = 8192,
        namespace: str = "",
    ):
        self.encoder = encoder
        self.cache_dir = cache_dir
        self.min_write = min_write
        self.block_size = block_size
        self.namespace = namespace

    def for_queries(self) -> CachedEncoder:
        """The same encoder, caching under the ``queries`` folder that an erasure clears
        (made once per instance, so its index of the folder is kept)."""
        if self.namespace == forgetting.QUERIES:
            return self
        sibling = self.__dict__.get("_queries")
        if sibling is None:
            sibling = CachedEncoder(
                self.encoder, self.cache_dir, self.min_write, self.block_size,
                namespace=forgetting.QUERIES,
            )  # fmt: skip
            sibling = self.__dict__.setdefault("_queries", sibling)
        return sibling

    def fit(self, texts: Sequence[str], y: object = None) -> CachedEncoder:
        self.encoder.fit(texts)
        self.__dict__.pop("_fingerprint", None)
        self.__dict__.pop("_queries", None)  # it would keep the old fingerprint
        return self

    def fingerprint(self) -> str:
        # Asked on every transform: read once (USE's asks importlib.metadata, MiniLM's
        # stats its weights file); ``fit`` forgets it.
        if getattr(self, "_fingerprint", None) is None:
            self._fingerprint = self.encoder.fingerprint()
        return self._fingerprint

    @property
    def dim(self) -> int:
        return self.encoder.dim

    @property
    def directory(self) -> Path:
        """The folder holding this encoder's shards."""
        root = Path(self.cache_dir) if self.cache_dir is not None else config.EMBEDDING_CACHE_DIR
        if getattr(self, "namespace", ""):
            root = root / self.namespace
        digest = hashlib.sha256(self.fingerprint().encode()).hexdigest()[:16]
        return root / digest

    # The key -> row index and the shard list are shared by the app's sessions (threads).
    # A rescan (another process added a shard) rebuilds the index, and shards sort by
    # name, so rows can move: a lookup and the reads of its rows happen under one lock,
    # as does a shard write. Encoding new texts happens outside it, so a long first
    # encode (a background engine build) does not hold up one-text lookups.
    _guard = threading.Lock()  # creates the per-encoder locks

    @property
    def _state_lock(self) -> threading.RLock:
        lock = self.__dict__.get("_state_lock_obj")
        if lock is None:
            with CachedEncoder._guard:
                lock = self.__dict__.setdefault("_state_lock_obj", threading.RLock())
        return lock

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_state_lock_obj", None)  # a lock does not pickle; made again on use
        return state

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``; only texts never seen under this fingerprint are encoded."""
        texts = check_texts(texts)
        fingerprint = self.fingerprint()
        keys = [text_key(t, fingerprint) for t in texts]
        # People's texts read before an erasure are not written after it; candidates'
        # names are nobody's and always are (matcher.text.forgetting).
        people = getattr(self, "namespace", "") == forgetting.QUERIES
        started = forgetting.read_marks() if people else None
        with self._state_lock:
            index = self._index(rescan=False)
            if any(key not in index for key in keys):
                index = self._index()  # another process may have written them meanwhile
            missing: dict[str, str] = {}
            for key, text in zip(keys, texts, strict=True):
                if key not in index and key not in missing:
                    missing[key] = text
        fresh: dict[str, np.ndarray] = {}
        todo = list(missing)
        # Blocks: an interrupted cold run keeps what it finished.
        for lo in range(0, len(todo), self.block_size):
            block = todo[lo : lo + self.block_size]
            vecs = np.asarray(self.encoder.transform([missing[k] for k in block]), np.float32)
            if len(missing) >= self.min_write:
                with self._state_lock, forgetting.writing() if people else nullcontext() as now:
                    if not people or started == {now}:
                        self._write_shard(block, vecs)
            fresh.update(zip(block, vecs, strict=True))
        out = np.empty((len(texts), self.dim if texts else 0), dtype=np.float32)
        for i, key in enumerate(keys):
            if key in fresh:
                out[i] = fresh[key]
        with self._state_lock:
            self._read_rows(texts, keys, fresh, out)
        return out

    def _read_rows(self, texts, keys, fresh, out) -> None:
        """The cached texts' rows into ``out``; looked up and read under one lock."""
        index = self._index(rescan=False)
        lost = [i for i, key in enumerate(keys) if key not in fresh and key not in index]
        if lost:  # its shard was found unreadable by another thread meanwhile
            out[lost] = np.asarray(self.encoder.transform([texts[i] for i in lost]), np.float32)
        cached = [
            (i, index[key]) for i, key in enumerate(keys) if key not in fresh and key in index
        ]
        if not cached:
            return
        rows = np.fromiter((r for _, r in cached), dtype=np.int64, count=len(cached))
        where = np.fromiter((i for i, _ in cached), dtype=np.int64, count=len(cached))
        shard = np.searchsorted(self._offsets, rows, side="right") - 1
        for s in np.unique(shard):  # one fancy read per memory-mapped shard
            sel = shard == s
            # Mapped for this read only: a mapping kept open holds every page read
            # through it in the process's resident memory (a 50,000-vacancy index
            # read ~100 MB of vectors it had already copied).
            try:
                vecs = np.load(self._vecs[s], mmap_mode="r", allow_pickle=False)
                if len(vecs) != self._sizes[s]:
                    raise ValueError("not the shard that was indexed")
            except (OSError, ValueError):
                # Removed, damaged or replaced since it was indexed (a cleared cache
                # folder): encode those texts again, and leave the shard out of the
                # index from now on, so that they are encoded and written anew.
                self._bad_shards = getattr(self, "_bad_shards", set()) | {self._names[s]}
                self._loaded_dir = None
                again = [texts[i] for i in where[sel]]
                out[where[sel]] = np.asarray(self.encoder.transform(again), np.float32)
                continue
            out[where[sel]] = vecs[rows[sel] - self._offsets[s]]
            del vecs

    def _index(self, rescan: bool = True) -> dict[str, int]:
        """Key -> global row over all shards. Reloaded when another process adds a shard
        (looked for only with ``rescan``: when a key is missing); rows stay on disk and
        are read (memory-mapped for the read) only when used."""
        if getattr(self, "_loaded_dir", None) == self.directory and not (
            rescan and self._new_shards()
        ):
            return self._cache
        self._cache: dict[str, int] = {}
        self._shards: set[str] = set()
        self._vecs: list[Path] = []  # each shard's vectors file
        self._sizes: list[int] = []
        self._names: list[str] = []
        bad = getattr(self, "_bad_shards", set())
        starts: list[int] = []
        total = 0
        for keys_file in sorted(self.directory.glob("*.keys.npy")):
            vecs_file = keys_file.with_name(keys_file.name.replace(".keys.", ".vecs."))
            if not vecs_file.exists() or keys_file.name in bad:
                continue  # a shard whose writer died half-way, or one found unreadable
            keys = np.load(keys_file, allow_pickle=False)
            self._add_shard(
                keys_file.name, [k.decode() for k in keys.tolist()], vecs_file, starts, total
            )
            total += len(keys)
        self._offsets = np.asarray(starts, dtype=np.int64)
        self._loaded_dir = self.directory
        return self._cache

    def _add_shard(self, name, keys, vecs_file, starts, total) -> None:
        starts.append(total)
        self._vecs.append(vecs_file)
        self._sizes.append(len(keys))
        self._names.append(name)
        self._cache.update(zip(keys, range(total, total + len(keys)), strict=True))
        self._shards.add(name)

    def _new_shards(self) -> bool:
        names = {p.name for p in self.directory.glob("*.keys.npy")}
        return names - getattr(self, "_bad_shards", set()) != self._shards

    def _write_shard(self, keys: list[str], vecs: np.ndarray) -> None:
        folder = self.directory
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{len(list(folder.glob('*.keys.npy'))):06d}-{os.getpid()}-{keys[0][:8]}"
        # Vectors first, keys last: a shard only counts once its keys file exists.
        tmp = folder / f".{stem}.tmp.npy"
        np.save(tmp, vecs.astype(np.float32), allow_pickle=False)
        tmp.replace(folder / f"{stem}.vecs.npy")
        np.save(tmp, np.array([k.encode() for k in keys], dtype="S64"), allow_pickle=False)
        tmp.replace(folder / f"{stem}.keys.npy")
        total = int(self._offsets[-1] + self._sizes[-1]) if self._vecs else 0
        starts = list(self._offsets)
        self._add_shard(f"{stem}.keys.npy", keys, folder / f"{stem}.vecs.npy", starts, total)
        self._offsets = np.asarray(starts, dtype=np.int64)


def for_queries(encoder: Encoder) -> Encoder:
    """The encoder to use for texts people wrote: a cached encoder (or a fusion of them)
    caching under the ``queries`` folder an erasure clears; any other encoder as is."""
    from matcher.text.encoders.fusion import FusionEncoder

    if isinstance(encoder, CachedEncoder):
        return encoder.for_queries()
    if isinstance(encoder, FusionEncoder) and any(
        isinstance(e, CachedEncoder) for e in encoder.encoders
    ):
        sibling = encoder.__dict__.get("_queries")
        if sibling is None:
            parts = [for_queries(e) for e in encoder.encoders]
            sibling = encoder.__dict__.setdefault("_queries", FusionEncoder(parts, encoder.weights))
        return sibling
    return encoder

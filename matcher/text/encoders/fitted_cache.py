"""Disk cache for encoders fitted on the candidates (character TF-IDF).

Pretrained encoders cache vectors per text (:class:`~matcher.text.encoders.CachedEncoder`).
TF-IDF instead learns its vocabulary and IDF weights from the candidate names, so its
vectors depend on the whole set: the fitted encoder and the matrix it produced are stored
together, keyed by the encoder's parameters, the scikit-learn version and every text it
was fitted on and applied to. An unchanged catalog then skips the fit and the transform
(most of a warm index build).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import sklearn

from matcher import config
from matcher.kept import load_or_build
from matcher.text.encoders.base import Encoder

# Files kept per encoder class: every edit to a catalog writes a new one, and a live
# workspace edits all day; the least recently used beyond this are deleted.
KEEP = 8
# Smaller name sets fit in a few tens of milliseconds: not worth a file.
MIN_TEXTS = 2000
# Bumped when what is stored changes (or TfidfEncoder's own code does).
FORMAT = 1


def _digest(encoder: Encoder, fit_texts: Sequence[str], texts: Sequence[str]) -> str:
    h = hashlib.sha256()
    h.update(f"{FORMAT}|{type(encoder).__qualname__}|{sklearn.__version__}|".encode())
    h.update(repr(sorted(encoder.get_params(deep=False).items())).encode())
    for group in (fit_texts, texts):
        h.update(f"|{len(group)}|".encode())
        h.update("\0".join(group).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def fit_transform_cached(
    encoder: Encoder,
    fit_texts: Sequence[str],
    texts: Sequence[str],
    cache_dir: str | Path | None = None,
) -> tuple[Encoder, object]:
    """``encoder.fit(fit_texts)`` and its ``transform(texts)``, or both read from disk.

    Returns ``(fitted encoder, matrix)``. Fewer than ``MIN_TEXTS`` fit texts are not
    cached. A cache file that cannot be read (corrupt, written by another library
    version) is logged, removed and rebuilt.
    """
    if len(fit_texts) < MIN_TEXTS:
        fitted = encoder.fit(fit_texts)
        return fitted, fitted.transform(texts)
    root = Path(cache_dir or config.FITTED_CACHE_DIR or config.EMBEDDING_CACHE_DIR / "fitted")
    path = root / f"{type(encoder).__name__}-{_digest(encoder, fit_texts, texts)}.joblib"

    def build() -> tuple[Encoder, object]:
        fitted = encoder.fit(fit_texts)
        return fitted, fitted.transform(texts)

    fitted, matrix = load_or_build(
        path, build, keep=KEEP, pattern=f"{type(encoder).__name__}-*.joblib",
        what="fitted-encoder cache",
    )  # fmt: skip
    return fitted, matrix

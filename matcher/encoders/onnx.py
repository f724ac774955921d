"""MiniLM through ONNX Runtime with int8 weights: the same sentence vectors, cheaper.

:func:`export_int8` turns the local sentence-transformers model (the bundled
all-MiniLM-L6-v2 by default) into an ONNX graph with ``torch.onnx.export`` and quantises
its weights to int8 with ``onnxruntime.quantization.quantize_dynamic``, all offline.
:class:`OnnxSbertEncoder` then tokenises with the model's own fast tokenizer, runs the
graph and mean-pools over the attention mask as sentence-transformers does.

Selected with ``MATCHER_SBERT_BACKEND=onnx-int8`` (see :func:`sbert_encoder`); requires
the ``onnxruntime`` and ``onnx`` packages.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from matcher import config
from matcher.encoders.base import Encoder
from matcher.encoders.sbert import SbertEncoder

ONNX_DIR = config.MODELS_DIR / "onnx"
BACKEND_ENV = "MATCHER_SBERT_BACKEND"
BACKENDS = ("torch", "onnx-int8")


def export_int8(model_dir: str | Path | None = None, out_dir: str | Path | None = None) -> Path:
    """Export the transformer of a sentence-transformers model to int8 ONNX; return its path.

    Writes ``<out_dir>/<model name>.onnx`` (float32, kept for reference) and
    ``<model name>-int8.onnx``. Idempotent: an existing int8 file is returned as is.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    src = SbertEncoder(model_path=str(model_dir) if model_dir else None).resolved_path()
    out = Path(out_dir) if out_dir else ONNX_DIR
    out.mkdir(parents=True, exist_ok=True)
    int8 = out / f"{src.name}-int8.onnx"
    if int8.exists():
        return int8
    fp32 = out / f"{src.name}.onnx"
    bert = AutoModel.from_pretrained(str(src)).eval()

    class Wrapped(torch.nn.Module):
        # Keyword arguments: the exporter's positional call does not fit forward()'s order.
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = Wrapped().eval()
    ids = torch.ones((2, 8), dtype=torch.long)
    inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            model, inputs, str(fp32), input_names=names, output_names=["last_hidden_state"],
            dynamic_axes=axes, opset_version=17, dynamo=False,
        )  # fmt: skip
    # Per-channel scales keep MiniLM within cosine ~0.99 of float32 (per-tensor: ~0.94).
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return int8


@lru_cache(maxsize=2)
def _session(path: str, threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=2)
def _tokenizer(model_dir: str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model_dir)


class OnnxSbertEncoder(Encoder):
    """Mean-pooled MiniLM sentence vectors from an int8 ONNX graph.

    Parameters
    ----------
    model_path : str or None
        The sentence-transformers model directory (tokenizer, max length); ``None`` is the
        one :class:`SbertEncoder` would use.
    onnx_path : str or None
        The int8 graph; ``None`` exports it under ``models/onnx/`` on first use.
    batch_size : int
    threads : int
        ONNX Runtime intra-op threads.
    """

    def __init__(
        self,
        model_path: str | None = None,
        onnx_path: str | None = None,
        batch_size: int = 64,
        threads: int = 2,
    ):
        self.model_path = model_path
        self.onnx_path = onnx_path
        self.batch_size = batch_size
        self.threads = threads

    def _paths(self) -> tuple[Path, Path]:
        src = SbertEncoder(model_path=self.model_path).resolved_path()
        graph = Path(self.onnx_path) if self.onnx_path else export_int8(src)
        return src, graph

    def _max_length(self, src: Path) -> int:
        cfg = src / "sentence_bert_config.json"
        if cfg.exists():
            return int(json.loads(cfg.read_text()).get("max_seq_length", 256))
        return 256

    def _encode(self, texts: list[str]) -> np.ndarray:
        src, graph = self._paths()
        session = _session(str(graph), int(self.threads))
        tokenizer = _tokenizer(str(src))
        wanted = {i.name for i in session.get_inputs()}
        max_len = self._max_length(src)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Sort by length so each batch pads little; write back in input order.
        order = np.argsort([len(t) for t in texts], kind="stable")
        for lo in range(0, len(texts), int(self.batch_size)):
            idx = order[lo : lo + int(self.batch_size)]
            enc = tokenizer(
                [texts[i] for i in idx], padding=True, truncation=True, max_length=max_len,
                return_tensors="np",
            )  # fmt: skip
            feed = {k: v.astype(np.int64) for k, v in enc.items() if k in wanted}
            if "token_type_ids" in wanted and "token_type_ids" not in feed:
                feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
            hidden = session.run(None, feed)[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            out[idx] = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return out

    def fingerprint(self) -> str:
        src, graph = self._paths()
        return f"onnx-int8-{src.name}-{graph.stat().st_size}"

    @property
    def dim(self) -> int:
        src = SbertEncoder(model_path=self.model_path).resolved_path()
        return int(json.loads((src / "config.json").read_text()).get("hidden_size", 384))


def sbert_encoder() -> Encoder:
    """The MiniLM encoder for the configured backend (``MATCHER_SBERT_BACKEND``).

    ``torch`` (default) is :class:`SbertEncoder`; ``onnx-int8`` is :class:`OnnxSbertEncoder`.
    """
    backend = os.environ.get(BACKEND_ENV, "torch").strip().lower() or "torch"
    if backend not in BACKENDS:
        from matcher.errors import OptionError

        raise OptionError(BACKEND_ENV, backend, list(BACKENDS))
    return OnnxSbertEncoder() if backend == "onnx-int8" else SbertEncoder()

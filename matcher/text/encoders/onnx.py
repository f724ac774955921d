"""MiniLM through ONNX Runtime: the same sentence vectors from an exported graph.

:func:`export_onnx` turns the local sentence-transformers model (the bundled
all-MiniLM-L6-v2 by default) into an ONNX graph with ``torch.onnx.export`` and, for the
int8 variants, quantises its weights with ``onnxruntime.quantization.quantize_dynamic``;
all offline, into ``models/onnx/``. :class:`OnnxSbertEncoder` tokenises with the model's
own fast tokenizer, runs the graph and mean-pools over the attention mask as
sentence-transformers does.

The backend the matcher uses is chosen with ``MATCHER_SBERT_BACKEND`` (see
:func:`sbert_encoder`): ``onnx-int8`` (default; torch when ``onnxruntime`` is missing),
``onnx-fp32`` or ``torch``. The ONNX backends need the ``onnxruntime`` and ``onnx``
packages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

from matcher import config
from matcher.errors import OptionEnum
from matcher.text.encoders.base import Encoder
from matcher.text.encoders.sbert import SbertEncoder

log = logging.getLogger(__name__)

ONNX_DIR = config.MODELS_DIR / "onnx"
BACKEND_ENV = "MATCHER_SBERT_BACKEND"
_LAYER = re.compile(r"/layer\.(\d+)/")


class OnnxVariant(OptionEnum):
    """Graphs :func:`export_onnx` can write.

    All quantise weights to int8 with per-channel scales. ``int8`` quantises the weight
    MatMuls (the ``onnx-int8`` backend); ``int8-all`` also the embedding tables (the first
    recipe: it cost up to 1.4% MRR on the default method); ``int8-ffn`` only the two
    feed-forward MatMuls of each layer; ``int8-inner`` the weight MatMuls except those of
    the first and last layer. The last two agree a little more with float32 but run ~25%
    slower than ``int8``; they are kept for the benchmark.
    """

    __option__ = "onnx variant"

    FP32 = "fp32"
    INT8 = "int8"
    INT8_ALL = "int8-all"
    INT8_FFN = "int8-ffn"
    INT8_INNER = "int8-inner"


class SbertBackend(OptionEnum):
    """Backends for the matcher's MiniLM, chosen with ``MATCHER_SBERT_BACKEND``."""

    __option__ = BACKEND_ENV

    TORCH = "torch"
    ONNX_FP32 = "onnx-fp32"
    ONNX_INT8 = "onnx-int8"


BACKENDS = tuple(b.value for b in SbertBackend)
# The int8 graph (weight MatMuls quantised per channel; AVX-512 VNNI on this machine): 2x
# the float32 graph's speed, and the default method's MRR within 0.01 of it on all ten
# dev tasks, held out (docs/evaluation.md, "MiniLM in int8"). MiniLM alone loses up to
# 0.017; onnx-fp32 gives torch's vectors to 1e-7 cosine for who needs them.
DEFAULT_BACKEND = SbertBackend.ONNX_INT8
_BACKEND_GRAPH = {SbertBackend.ONNX_FP32: "fp32", SbertBackend.ONNX_INT8: "int8"}


def require_onnxruntime() -> None:
    """Raise an ImportError naming what to install when ``onnxruntime``/``onnx`` is missing."""
    for package in ("onnxruntime", "onnx"):
        try:
            __import__(package)
        except ImportError as exc:
            raise ImportError(
                f"the ONNX MiniLM backend needs the '{package}' package: pip install "
                f"onnxruntime onnx, or set {BACKEND_ENV}=torch"
            ) from exc


def _weight_matmuls(path: Path) -> list[str]:
    """Names of the MatMul nodes whose second input is a stored weight, in graph order."""
    import onnx

    graph = onnx.load(str(path)).graph
    weights = {init.name for init in graph.initializer}
    return [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]


def nodes_to_quantise(variant: str | OnnxVariant, matmuls: list[str]) -> list[str] | None:
    """The weight MatMuls ``variant`` quantises; ``None`` means all that ONNX Runtime can.

    ``matmuls`` are node names as ``torch.onnx.export`` writes them for a BERT encoder,
    e.g. ``/bert/encoder/layer.3/intermediate/dense/MatMul``.
    """
    variant = OnnxVariant.parse(variant)
    if variant is OnnxVariant.FP32:
        return []
    if variant is OnnxVariant.INT8_ALL:
        return None  # embedding tables (Gather) included, as quantize_dynamic does by default
    if variant is OnnxVariant.INT8_FFN:
        return [n for n in matmuls if "/attention/" not in n and "/dense/" in n]
    if variant is OnnxVariant.INT8_INNER:
        layers = [int(m.group(1)) for n in matmuls if (m := _LAYER.search(n))]
        edge = {min(layers, default=0), max(layers, default=0)}
        return [n for n in matmuls if (m := _LAYER.search(n)) and int(m.group(1)) not in edge]
    return list(matmuls)


class _DropMessage(logging.Filter):
    """Drops log records whose message contains ``text``."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        return self.text not in record.getMessage()


def _part(path: Path) -> Path:
    # Write beside the target and rename: an interrupted export leaves no half file, and
    # two processes exporting at once never write into the same one.
    return path.with_name(f"{path.name}.{os.getpid()}.part")


def _export_fp32(src: Path, fp32: Path) -> None:
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    # The weights load in a blink; a progress bar on a user's first run says nothing.
    shown = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        bert = AutoModel.from_pretrained(str(src)).eval()
    finally:
        if shown:
            hf_logging.enable_progress_bar()

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
    tmp = _part(fp32)
    log.info("exporting %s to ONNX (once, a few seconds): %s", src.name, fp32)
    try:
        # The tracer's warnings are about control flow that the dynamic axes above cover
        # (the export was checked against torch with and without padding); a user running
        # the matcher for the first time should not see them.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model, inputs, str(tmp), input_names=names, output_names=["last_hidden_state"],
                dynamic_axes=axes, opset_version=17, dynamo=False,
            )  # fmt: skip
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(
            f"exporting {src} to ONNX failed ({exc}); set {BACKEND_ENV}=torch to use torch"
        ) from exc
    tmp.replace(fp32)


def export_onnx(
    variant: str | OnnxVariant = OnnxVariant.FP32,
    model_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
) -> Path:
    """Export the model's transformer as an ONNX graph of ``variant``; return its path.

    Writes ``<out_dir>/<model name>.onnx`` (float32) and, for int8 variants,
    ``<model name>-<variant>.onnx``. Idempotent: an existing file is returned as is.
    """
    variant = OnnxVariant.parse(variant)
    require_onnxruntime()
    src = SbertEncoder(model_path=str(model_dir) if model_dir else None).resolved_path()
    out = Path(out_dir) if out_dir else ONNX_DIR
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / f"{src.name}.onnx"
    if not fp32.exists():
        _export_fp32(src, fp32)
    if variant is OnnxVariant.FP32:
        return fp32
    target = out / f"{src.name}-{variant.value}.onnx"
    if target.exists():
        return target
    from onnxruntime.quantization import QuantType, quantize_dynamic

    chosen = nodes_to_quantise(variant, _weight_matmuls(fp32))
    tmp = _part(target)
    log.info("quantising %s to int8 (once, a few seconds): %s", fp32.name, target)
    # Per-channel scales keep MiniLM within cosine ~0.99 of float32 (per-tensor: ~0.94).
    # ONNX Runtime's advice to pre-process (shape inference for image models) is no use
    # here; a user running the matcher for the first time should not see it.
    quiet = _DropMessage("pre-processing before quantization")
    logging.getLogger().addFilter(quiet)
    try:
        quantize_dynamic(
            str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
            nodes_to_quantize=chosen, op_types_to_quantize=None if chosen is None else ["MatMul"],
        )  # fmt: skip
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        logging.getLogger().removeFilter(quiet)
    tmp.replace(target)
    return target


def export_int8(model_dir: str | Path | None = None, out_dir: str | Path | None = None) -> Path:
    """The ``int8`` graph: ``export_onnx("int8", model_dir, out_dir)``, for older callers."""
    return export_onnx(OnnxVariant.INT8, model_dir, out_dir)


@lru_cache(maxsize=8)
def _session(path: str, threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=2)
def _tokenizer(model_dir: str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model_dir)


@lru_cache(maxsize=16)
def _file_digest(path: str, size: int, mtime: float) -> str:
    # Size and mtime are in the key so a re-export is hashed again.
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


class OnnxSbertEncoder(Encoder):
    """Mean-pooled MiniLM sentence vectors from an ONNX graph.

    Parameters
    ----------
    model_path : str or None
        The sentence-transformers model directory (tokenizer, max length); ``None`` is the
        one :class:`SbertEncoder` would use.
    variant : {"fp32", "int8", "int8-all", "int8-ffn", "int8-inner"}
        Which graph to export and run (see :class:`OnnxVariant`).
    onnx_path : str or None
        A graph to run instead of the exported one.
    batch_size : int
    threads : int
        ONNX Runtime intra-op threads.
    """

    def __init__(
        self,
        model_path: str | None = None,
        variant: str | OnnxVariant = "fp32",
        onnx_path: str | None = None,
        batch_size: int = 64,
        threads: int = 2,
    ):
        self.model_path = model_path
        self.variant = variant
        self.onnx_path = onnx_path
        self.batch_size = batch_size
        self.threads = threads

    def _paths(self) -> tuple[Path, Path]:
        src = SbertEncoder(model_path=self.model_path).resolved_path()
        if self.onnx_path:
            return src, Path(self.onnx_path)
        return src, export_onnx(self.variant, src)

    def _max_length(self, src: Path) -> int:
        cfg = src / "sentence_bert_config.json"
        if cfg.exists():
            return int(json.loads(cfg.read_text()).get("max_seq_length", 256))
        return 256

    def _encode(self, texts: list[str]) -> np.ndarray:
        require_onnxruntime()
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
        # The graph's content, not its name or size: two graphs could share a size, and the
        # embedding cache must never serve one backend's vectors to another.
        src, graph = self._paths()
        stat = graph.stat()
        return f"onnx-{src.name}-{_file_digest(str(graph), stat.st_size, stat.st_mtime)}"

    @property
    def dim(self) -> int:
        src = SbertEncoder(model_path=self.model_path).resolved_path()
        return int(json.loads((src / "config.json").read_text()).get("hidden_size", 384))


def backend_in_use() -> SbertBackend:
    """The MiniLM backend :func:`sbert_encoder` uses when none is asked for:
    ``MATCHER_SBERT_BACKEND``, else the default, else torch when ``onnxruntime`` is missing.

    Evaluation output names it: the int8 graph's sums differ a little between CPUs, enough
    to move items that sit on a threshold (docs/evaluation.md, "The profiles on another
    machine").
    """
    chosen = os.environ.get(BACKEND_ENV, "").strip()
    if chosen:
        return SbertBackend.parse(chosen)
    try:
        require_onnxruntime()
    except ImportError as exc:
        log.info("%s; using the torch MiniLM backend", exc)
        return SbertBackend.TORCH
    return DEFAULT_BACKEND


def sbert_encoder(backend: str | SbertBackend | None = None) -> Encoder:
    """The MiniLM encoder for ``backend``, or for ``MATCHER_SBERT_BACKEND`` when ``None``.

    ``onnx-int8`` (the default) and ``onnx-fp32`` are :class:`OnnxSbertEncoder` with that
    graph; ``torch`` is :class:`SbertEncoder`. The fp32 graph gives torch's vectors (cosine
    >= 0.9999999 on the benchmark texts, identical MRR) about twice as fast as torch; the
    int8 graph is twice as fast again, at cosine ~0.99 to them (``DEFAULT_BACKEND``). When
    nothing was asked for and ``onnxruntime`` is missing, torch is used.

    Raises
    ------
    OptionError
        The backend is none of ``torch``, ``onnx-fp32``, ``onnx-int8``.
    ImportError
        An ONNX backend was asked for but ``onnxruntime`` or ``onnx`` is not installed.
    """
    backend = SbertBackend.parse(backend) if backend is not None else backend_in_use()
    if backend is SbertBackend.TORCH:
        return SbertEncoder()
    require_onnxruntime()
    return OnnxSbertEncoder(variant=_BACKEND_GRAPH[backend])

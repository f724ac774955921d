"""The MiniLM backend switch and the ONNX encoder (matcher.text.encoders.onnx)."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from matcher.errors import OptionError
from matcher.text.encoders import SbertEncoder
from matcher.text.encoders import onnx as onnx_backend
from matcher.text.encoders.onnx import (
    BACKEND_ENV,
    OnnxSbertEncoder,
    SbertBackend,
    backend_in_use,
    nodes_to_quantise,
    require_onnxruntime,
    sbert_encoder,
)

HAVE_ORT = all(importlib.util.find_spec(p) for p in ("onnxruntime", "onnx"))


@pytest.fixture
def no_dependency_check(monkeypatch):
    # The factory's choice should not depend on whether onnxruntime happens to be installed.
    monkeypatch.setattr(onnx_backend, "require_onnxruntime", lambda: None)


def _missing():
    raise ImportError("the ONNX MiniLM backend needs the 'onnxruntime' package")


def test_factory_defaults_to_the_int8_graph_when_the_variable_is_unset(
    monkeypatch, no_dependency_check
):
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    enc = sbert_encoder()
    assert isinstance(enc, OnnxSbertEncoder) and enc.variant == "int8"


def test_factory_treats_an_empty_variable_as_unset(monkeypatch, no_dependency_check):
    monkeypatch.setenv(BACKEND_ENV, "  ")
    assert isinstance(sbert_encoder(), OnnxSbertEncoder)


def test_factory_falls_back_to_torch_when_unset_and_onnxruntime_is_missing(monkeypatch):
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    monkeypatch.setattr(onnx_backend, "require_onnxruntime", _missing)
    assert type(sbert_encoder()) is SbertEncoder


def test_factory_picks_torch_when_asked(monkeypatch):
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert type(sbert_encoder()) is SbertEncoder


@pytest.mark.parametrize(("value", "variant"), [("onnx-fp32", "fp32"), (" ONNX-INT8 ", "int8")])
def test_factory_builds_the_onnx_graph_the_variable_names(
    monkeypatch, no_dependency_check, value, variant
):
    monkeypatch.setenv(BACKEND_ENV, value)
    enc = sbert_encoder()
    assert isinstance(enc, OnnxSbertEncoder)
    assert enc.variant == variant


def test_the_backend_in_use_is_the_one_the_factory_builds(monkeypatch, no_dependency_check):
    # Evaluation output names it (int8 sums differ between CPUs).
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert backend_in_use() is SbertBackend.ONNX_INT8
    monkeypatch.setenv(BACKEND_ENV, " onnx-fp32 ")
    assert backend_in_use() is SbertBackend.ONNX_FP32
    monkeypatch.delenv(BACKEND_ENV)
    monkeypatch.setattr(onnx_backend, "require_onnxruntime", _missing)
    assert backend_in_use() is SbertBackend.TORCH


def test_an_explicit_backend_wins_over_the_variable(monkeypatch):
    monkeypatch.setenv(BACKEND_ENV, "onnx-int8")
    assert type(sbert_encoder("torch")) is SbertEncoder


def test_unknown_backend_error_names_the_variable_and_lists_allowed_values(monkeypatch):
    monkeypatch.setenv(BACKEND_ENV, "onnx-fp16")
    with pytest.raises(OptionError) as err:
        sbert_encoder()
    message = str(err.value)
    assert BACKEND_ENV in message and "'onnx-fp16'" in message
    for allowed in ("torch", "onnx-fp32", "onnx-int8"):
        assert allowed in message


def test_missing_onnxruntime_error_names_the_package_and_the_way_back(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import now raises ImportError
    monkeypatch.setenv(BACKEND_ENV, "onnx-fp32")
    with pytest.raises(ImportError) as err:
        sbert_encoder()
    assert "onnxruntime" in str(err.value) and f"{BACKEND_ENV}=torch" in str(err.value)
    with pytest.raises(ImportError):
        require_onnxruntime()


MATMULS = [
    f"/bert/encoder/layer.{i}/{part}/MatMul"
    for i in range(3)
    for part in (
        "attention/self/query",
        "attention/output/dense",
        "intermediate/dense",
        "output/dense",
    )
]


def test_ffn_variant_quantises_only_the_feed_forward_matmuls():
    expected = [
        f"/bert/encoder/layer.{i}/{part}/MatMul"
        for i in range(3)
        for part in ("intermediate/dense", "output/dense")
    ]
    assert nodes_to_quantise("int8-ffn", MATMULS) == expected


def test_inner_variant_leaves_the_first_and_last_layer_in_float():
    chosen = nodes_to_quantise("int8-inner", MATMULS)
    assert chosen == [n for n in MATMULS if "/layer.1/" in n]


def test_int8_quantises_every_weight_matmul_and_int8_all_everything_else_too():
    assert nodes_to_quantise("fp32", MATMULS) == []
    assert nodes_to_quantise("int8", MATMULS) == MATMULS
    assert nodes_to_quantise("int8-all", MATMULS) is None


def test_fingerprint_follows_the_graph_content_not_its_size(tmp_path):
    a, b = tmp_path / "a.onnx", tmp_path / "b.onnx"
    a.write_bytes(b"\x00" * 64)
    b.write_bytes(b"\x01" * 64)
    fa = OnnxSbertEncoder(variant="fp32", onnx_path=str(a)).fingerprint()
    fb = OnnxSbertEncoder(variant="fp32", onnx_path=str(b)).fingerprint()
    assert fa != fb
    assert fa.startswith("onnx-model-")
    assert fa != SbertEncoder().fingerprint()


class _FakeSession:
    """Returns token ``j`` of sentence ``i`` as the vector ``input_id`` everywhere."""

    def get_inputs(self):
        return [type("I", (), {"name": n})() for n in ("input_ids", "attention_mask")]

    def run(self, _outputs, feed):
        ids = feed["input_ids"].astype(np.float32)
        return [np.repeat(ids[..., None], 384, axis=2)]


def _fake_tokenizer(texts, **_kw):
    # One token per word, id = word length; pad with id 99 that the mask must hide.
    width = max(len(t.split()) for t in texts)
    ids = np.full((len(texts), width), 99, dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, t in enumerate(texts):
        for j, w in enumerate(t.split()):
            ids[i, j], mask[i, j] = len(w), 1
    return {"input_ids": ids, "attention_mask": mask}


def test_mean_pools_over_real_tokens_and_keeps_input_order(monkeypatch, tmp_path):
    graph = tmp_path / "g.onnx"
    graph.write_bytes(b"fake")
    monkeypatch.setattr(onnx_backend, "require_onnxruntime", lambda: None)
    monkeypatch.setattr(onnx_backend, "_session", lambda *_: _FakeSession())
    monkeypatch.setattr(onnx_backend, "_tokenizer", lambda *_: _fake_tokenizer)
    enc = OnnxSbertEncoder(onnx_path=str(graph), batch_size=2)
    texts = ["aaaa bb cccccc dd", "a", "abc abcde"]
    raw = enc._encode(texts)
    # Means of word lengths; the padding id 99 would pull the short ones far up.
    np.testing.assert_allclose(raw[:, 0], [3.5, 1.0, 4.0])


@pytest.mark.integration
@pytest.mark.skipif(not HAVE_ORT, reason="onnxruntime/onnx not installed (optional backend)")
def test_exported_graphs_agree_with_torch_vectors(tmp_path, caplog, capfd):
    sentences = [
        "tailor",
        "Penjahit baju wanita, bisa obras dan membuat pola",
        "Warehouse helper: loading, unloading and stock counting at a distribution centre",
        "kasir minimarket",
    ]
    reference = SbertEncoder().transform(sentences)
    capfd.readouterr()
    fp32 = onnx_backend.export_onnx("fp32", out_dir=tmp_path)
    assert "Loading weights" not in capfd.readouterr().err  # no progress bar on a first run
    int8 = onnx_backend.export_onnx("int8", out_dir=tmp_path)
    stamp = int8.stat().st_mtime_ns
    assert onnx_backend.export_onnx("int8", out_dir=tmp_path) == int8  # idempotent
    assert int8.stat().st_mtime_ns == stamp
    cos_fp32 = np.sum(
        OnnxSbertEncoder(variant="fp32", onnx_path=str(fp32)).transform(sentences) * reference,
        axis=1,
    )
    cos_int8 = np.sum(
        OnnxSbertEncoder(variant="int8", onnx_path=str(int8)).transform(sentences) * reference,
        axis=1,
    )
    assert cos_fp32.min() >= 0.9999
    assert cos_int8.min() >= 0.95
    assert not list(tmp_path.glob("*.part"))
    # Quantising says nothing a first-time user would have to wonder about.
    assert not [r for r in caplog.records if "pre-processing" in r.getMessage()]

"""Encoders: one interface, normalised rows, a cache that encodes nothing twice, fusion."""

from __future__ import annotations

import subprocess
import sys
import zlib

import numpy as np
import pytest
from sklearn.metrics.pairwise import cosine_similarity

from matcher.errors import OptionError
from matcher.text.encoders import (
    CachedEncoder,
    Encoder,
    EncoderName,
    FusionEncoder,
    SbertEncoder,
    TfidfEncoder,
    UseEncoder,
    fuse_scores,
    get_encoder,
    standardise_rows,
)
from matcher.text.language import Language, detect_language


class CountingEncoder(Encoder):
    """Hashes words into 16 dims; counts how many texts it was asked to encode."""

    def __init__(self, tag: str = "v1"):
        self.tag = tag
        self.encoded = 0

    def _encode(self, texts):
        self.encoded += len(texts)
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % 16] += 1.0
        return out

    def fingerprint(self):
        return f"counting-{self.tag}"

    @property
    def dim(self):
        return 16


def test_tfidf_rows_are_unit_length_and_match_sklearn_cosine():
    texts = ["tailor", "dressmaker", "cashier", "shop assistant"]
    enc = TfidfEncoder().fit(texts)
    x = enc.transform(texts + ["tailors"])
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, 1.0, rtol=1e-5)
    np.testing.assert_allclose((x @ x.T).toarray(), cosine_similarity(x), atol=1e-6)
    assert (x[4] @ x[:4].T).toarray().argmax() == 0


def test_tfidf_fingerprint_changes_with_the_fitted_vocabulary():
    a = TfidfEncoder().fit(["tailor", "cashier"]).fingerprint()
    b = TfidfEncoder().fit(["tailor", "welder"]).fingerprint()
    assert a != b


def test_unknown_encoder_name_lists_the_allowed_ones():
    with pytest.raises(OptionError, match="tfidf, minilm, use, default"):
        EncoderName.parse("bert")
    with pytest.raises(OptionError):
        get_encoder("bert")


def test_factory_builds_each_named_encoder_without_loading_a_model(monkeypatch):
    from matcher.text.encoders.onnx import BACKEND_ENV, OnnxSbertEncoder

    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert isinstance(get_encoder("tfidf"), TfidfEncoder)
    # MiniLM runs on the configured backend: the ONNX graph unless torch is asked for.
    assert isinstance(get_encoder("MiniLM"), OnnxSbertEncoder)
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert isinstance(get_encoder("MiniLM"), SbertEncoder)
    assert isinstance(get_encoder("use"), UseEncoder)
    assert isinstance(get_encoder("default"), FusionEncoder)
    assert isinstance(get_encoder("use", cache=True), CachedEncoder)
    assert getattr(get_encoder("minilm"), "_model", None) is None


def test_importing_the_matcher_does_not_import_torch():
    code = (
        "import sys, matcher.text.encoders, matcher.text.retrieval; print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_transform_refuses_a_bare_string():
    with pytest.raises(TypeError, match="single string"):
        CountingEncoder().transform("tailor")


def test_cache_hit_encodes_nothing(tmp_path):
    texts = ["tailor shop", "cashier", "tailor shop", "welder"]
    first = CachedEncoder(CountingEncoder(), cache_dir=tmp_path)
    a = first.transform(texts)
    assert first.encoder.encoded == 3  # the repeated text is encoded once
    again = CachedEncoder(CountingEncoder(), cache_dir=tmp_path)  # a new process, same disk
    b = again.transform(texts)
    assert again.encoder.encoded == 0
    np.testing.assert_array_equal(a, b)
    again.transform(["cashier", "baker"])
    assert again.encoder.encoded == 1


def test_an_interrupted_cold_run_keeps_the_blocks_it_finished(tmp_path):
    class DiesOnSecondBlock(CountingEncoder):
        def _encode(self, texts):
            if self.encoded:
                raise KeyboardInterrupt
            return super()._encode(texts)

    texts = [f"title {i}" for i in range(6)]
    with pytest.raises(KeyboardInterrupt):
        CachedEncoder(DiesOnSecondBlock(), cache_dir=tmp_path, block_size=3).transform(texts)
    resumed = CachedEncoder(CountingEncoder(), cache_dir=tmp_path, block_size=3)
    resumed.transform(texts)
    assert resumed.encoder.encoded == 3


def test_cached_rows_are_not_held_mapped_and_a_cleared_cache_is_encoded_again(tmp_path):
    texts = ["tailor", "baker", "welder"]
    enc = CachedEncoder(CountingEncoder(), cache_dir=tmp_path)
    first = enc.transform(texts)
    read = enc.transform(texts)  # from disk, through a mapping opened for the read only
    np.testing.assert_array_equal(first, read)
    assert all(isinstance(v, type(tmp_path)) for v in enc._vecs)  # paths, no open mapping
    # The folder is cleared while the index still lists it: encoded again, no error.
    for f in tmp_path.rglob("*.npy"):
        f.unlink()
    before = enc.encoder.encoded
    np.testing.assert_array_equal(enc.transform(texts), first)
    assert enc.encoder.encoded == before + 3
    # The next call encodes and writes them anew; the one after reads them from disk.
    np.testing.assert_array_equal(enc.transform(texts), first)
    np.testing.assert_array_equal(enc.transform(texts), first)
    assert enc.encoder.encoded == before + 6
    # A vectors file replaced by another of a different length is not read as this one.
    (vecs,) = tmp_path.rglob("*.vecs.npy")
    np.save(vecs, np.zeros((1, 4), dtype=np.float32))
    np.testing.assert_array_equal(enc.transform(texts), first)


def test_cache_is_keyed_by_fingerprint(tmp_path):
    CachedEncoder(CountingEncoder("v1"), cache_dir=tmp_path).transform(["tailor"])
    other = CachedEncoder(CountingEncoder("v2"), cache_dir=tmp_path)
    other.transform(["tailor"])
    assert other.encoder.encoded == 1


def test_cache_files_load_without_pickle(tmp_path):
    CachedEncoder(CountingEncoder(), cache_dir=tmp_path).transform(["tailor", "baker"])
    files = sorted(tmp_path.rglob("*.npy"))
    assert len(files) == 2
    for f in files:
        np.load(f, allow_pickle=False)


def test_standardised_rows_have_zero_mean_unit_std_and_constant_rows_become_zero():
    z = standardise_rows(np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]))
    np.testing.assert_allclose(z[0].mean(), 0.0, atol=1e-6)
    np.testing.assert_allclose(z[0].std(), 1.0, atol=1e-6)
    np.testing.assert_array_equal(z[1], 0.0)


def test_fusion_ranks_right_where_each_component_fails_once():
    # Three queries, three candidates; the right answer is the diagonal. Encoder "a" is
    # wrong on query 1 by a hair and sure on the others; "b" is wrong on query 2 likewise.
    a = np.array([[0.9, 0.1, 0.1], [0.52, 0.50, 0.1], [0.1, 0.1, 0.9]])
    b = np.array([[0.9, 0.1, 0.1], [0.1, 0.9, 0.1], [0.1, 0.52, 0.50]])
    fused = fuse_scores({"a": a, "b": b}, {"a": 1.0, "b": 1.0})
    hits = lambda s: int((s.argmax(axis=1) == np.arange(3)).sum())  # noqa: E731
    assert hits(a) == 2 and hits(b) == 2
    assert hits(fused) == 3


def test_zero_weight_drops_an_encoder_and_no_weight_at_all_is_an_error():
    a = np.array([[0.1, 0.9]])
    b = np.array([[0.9, 0.1]])
    assert fuse_scores({"a": a, "b": b}, {"a": 1.0, "b": 0.0}).argmax() == 1
    with pytest.raises(ValueError, match="no positive weight"):
        fuse_scores({"a": a}, {"b": 1.0})


def test_fusion_encoder_cosine_is_weighted_mean_of_component_cosines():
    e1, e2 = CountingEncoder("x"), TfidfEncoder().fit(["tailor shop", "tailor", "cashier"])

    class Dense(Encoder):  # TF-IDF densified so it can be concatenated
        def _encode(self, texts):
            return e2.transform(texts).toarray()

        def fingerprint(self):
            return "dense"

        @property
        def dim(self):
            return e2.dim

    fused = FusionEncoder([e1, Dense()], weights=[3.0, 1.0])
    x = fused.transform(["tailor shop", "tailor"])
    c1 = cosine_similarity(e1.transform(["tailor shop", "tailor"]))[0, 1]
    c2 = cosine_similarity(e2.transform(["tailor shop", "tailor"]))[0, 1]
    np.testing.assert_allclose(x[0] @ x[1], 0.75 * c1 + 0.25 * c2, rtol=1e-5)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("penjahit", Language.ID),
        ("tukang las", Language.ID),
        ("bisa bikin kue", Language.ID),
        ("mengemudi motor", Language.ID),
        ("tailor", Language.EN),
        ("software engineer", Language.EN),
        ("mechanic", Language.EN),
        ("perform bookkeeping", Language.EN),
    ],
)
def test_detects_indonesian_work_phrases(text, lang):
    assert detect_language(text) is lang


def test_the_bundled_model_size_is_read_without_loading_the_weights():
    from matcher.text.encoders.sbert import SbertEncoder

    encoder = SbertEncoder()
    assert encoder.dim == 384
    assert getattr(encoder, "_model", None) is None


# ---------------------------------------------------------- fitted-encoder disk cache
@pytest.fixture
def small_sets_cached(monkeypatch):
    from matcher.text.encoders import fitted_cache

    monkeypatch.setattr(fitted_cache, "MIN_TEXTS", 0)


def test_a_tfidf_fitted_on_the_same_names_is_read_back_not_refitted(
    small_sets_cached, tmp_path, monkeypatch
):
    from matcher.text.encoders.fitted_cache import fit_transform_cached

    names, texts = ["tailor", "tailor", "cashier", "baker"], ["tailor", "cashier", "baker"]
    first, m1 = fit_transform_cached(TfidfEncoder(), names, texts, tmp_path)
    monkeypatch.setattr(TfidfEncoder, "fit", lambda *a, **k: pytest.fail("refitted"))
    again, m2 = fit_transform_cached(TfidfEncoder(), names, texts, tmp_path)
    assert (m1 != m2).nnz == 0 and again.fingerprint() == first.fingerprint()


def test_other_names_or_parameters_are_fitted_afresh(small_sets_cached, tmp_path):
    from matcher.text.encoders.fitted_cache import fit_transform_cached

    fit_transform_cached(TfidfEncoder(), ["tailor", "baker"], ["tailor"], tmp_path)
    _, other = fit_transform_cached(TfidfEncoder(), ["tailor", "cook"], ["tailor"], tmp_path)
    _, wider = fit_transform_cached(TfidfEncoder(ngram_range=(2, 5)), ["tailor", "baker"],
                                    ["tailor"], tmp_path)  # fmt: skip
    assert len(list(tmp_path.glob("*.joblib"))) == 3
    assert other.shape[1] != wider.shape[1]


def test_an_unreadable_cache_file_is_rebuilt(small_sets_cached, tmp_path, caplog):
    from matcher.text.encoders.fitted_cache import fit_transform_cached

    fit_transform_cached(TfidfEncoder(), ["tailor", "baker"], ["tailor"], tmp_path)
    (path,) = tmp_path.glob("*.joblib")
    path.write_bytes(b"not a joblib file")
    _, matrix = fit_transform_cached(TfidfEncoder(), ["tailor", "baker"], ["tailor"], tmp_path)
    assert matrix.shape[0] == 1 and "unreadable" in caplog.text


def test_only_the_most_recently_used_fitted_encoders_are_kept(
    small_sets_cached, tmp_path, monkeypatch
):
    from matcher.text.encoders import fitted_cache

    monkeypatch.setattr(fitted_cache, "KEEP", 2)
    for word in ("tailor", "baker", "cook"):
        fitted_cache.fit_transform_cached(TfidfEncoder(), [word, "staff"], [word], tmp_path)
    assert len(list(tmp_path.glob("*.joblib"))) == 2


def test_small_name_sets_are_fitted_without_a_cache_file(tmp_path):
    from matcher.text.encoders.fitted_cache import fit_transform_cached

    _, matrix = fit_transform_cached(TfidfEncoder(), ["tailor", "baker"], ["tailor"], tmp_path)
    assert matrix.shape[0] == 1 and not list(tmp_path.glob("*"))


def test_the_registry_builds_every_named_encoder_and_swaps_one_for_a_block():
    from matcher.text.encoders import EncoderName, TfidfEncoder, get_encoder, registry

    assert set(registry.ENCODERS) | {"default"} == {n.value for n in EncoderName}
    assert registry.english_only() == {"tfidf", "minilm"}
    assert registry.default_votes()["id"]["use"] == 2.0
    with registry.swapped(minilm=TfidfEncoder, use=TfidfEncoder):
        fused = get_encoder("default")
        assert all(isinstance(e, TfidfEncoder) for e in fused.encoders)
    assert registry.ENCODERS["minilm"].factory is not TfidfEncoder
    with pytest.raises(ValueError, match="allowed"), registry.swapped(bert=TfidfEncoder):
        pass


class _Counting(Encoder):
    """A stand-in model that counts the texts it encodes (all instances, by name)."""

    encoded: dict[str, int] = {}

    def __init__(self, name: str):
        self.name = name

    def _encode(self, texts):
        _Counting.encoded[self.name] = _Counting.encoded.get(self.name, 0) + len(texts)
        rows = [[zlib.crc32(f"{t}{k}".encode()) % 97 + 1.0 for k in range(8)] for t in texts]
        return np.asarray(rows, dtype=np.float32)

    def fingerprint(self) -> str:
        return f"counting-{self.name}"

    @property
    def dim(self) -> int:
        return 8


def test_load_models_loads_what_a_build_from_the_cache_never_touched(tmp_path, monkeypatch):
    from matcher import config
    from matcher.text.encoders import registry
    from matcher.text.retrieval import TextMatcher

    monkeypatch.setattr(config, "EMBEDDING_CACHE_DIR", tmp_path)
    monkeypatch.setattr(_Counting, "encoded", {})
    # More names than TextMatcher's CachedEncoder writes at least (min_write).
    names = ["tailor", *(f"cashier {i}" for i in range(40))]
    with registry.swapped(minilm=lambda: _Counting("minilm"), use=lambda: _Counting("use")):
        TextMatcher(encoder="default").fit(names)  # fills the cache
        first = dict(_Counting.encoded)
        assert first.get("minilm") and first.get("use")
        matcher = TextMatcher(encoder="default").fit(names)
        assert _Counting.encoded == first  # served from the cache: no model ran
        matcher.load_models()
        assert _Counting.encoded == {k: v + 1 for k, v in first.items()}  # one warm-up each
        again = TextMatcher(encoder="default").fit(names)
        assert _Counting.encoded == {k: v + 1 for k, v in first.items()}  # nothing cached
        assert again.n_candidates_ == len(names)
        # Without the cache the models are loaded too (the encoders are not wrapped).
        TextMatcher(encoder="default", cache=False).fit(names[:2]).load_models()
        assert _Counting.encoded == {k: v + 1 + 2 + 1 for k, v in first.items()}


def test_a_read_while_another_thread_rescans_the_shards_gets_its_own_vectors(tmp_path, monkeypatch):
    """A review's interleaving: thread B took the key -> row index; thread A, asked for a
    new text, rescanned after another process wrote a shard whose name sorts before one
    already indexed; B then read its rows through A's new offsets: other texts' vectors."""
    import threading

    from matcher.text.encoders.base import text_key

    enc = CachedEncoder(CountingEncoder(), cache_dir=tmp_path)
    enc.transform([f"penjahit garmen {i}" for i in range(4)])
    people = [f"profil pencari kerja {i}" for i in range(4)]
    enc.transform(people)
    truth = CountingEncoder().transform(people)
    other = ["teks lain A", "teks lain B", "teks lain C", "teks lain D"]  # another process
    stem = f"000001-1-{text_key(other[0], enc.fingerprint())[:8]}"
    np.save(enc.directory / f"{stem}.vecs.npy", CountingEncoder().transform(other))
    np.save(enc.directory / f"{stem}.keys.npy",
            np.array([text_key(t, enc.fingerprint()).encode() for t in other], dtype="S64"))  # fmt: skip
    took, rescanned = threading.Event(), threading.Event()
    real = CachedEncoder._index

    def index(self, rescan=True):
        out = real(self, rescan)
        if threading.current_thread().name == "B" and not rescan:
            took.set()
            rescanned.wait(2)
        return out

    monkeypatch.setattr(CachedEncoder, "_index", index)
    got = {}

    def read():
        got["B"] = enc.transform(people)

    def rescan():
        took.wait(2)
        enc.transform(["profil baru"])
        rescanned.set()

    threads = [threading.Thread(target=read, name="B"), threading.Thread(target=rescan)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    np.testing.assert_allclose(got["B"], truth, rtol=1e-5, atol=1e-6)


def test_a_lookup_does_not_wait_for_another_thread_s_long_encode(tmp_path):
    """One lock for every cached encoder, held while encoding, made a one-text lookup
    wait for a background build's whole first encode (4.8 s behind 5,000 texts)."""
    import threading

    class Blocking(CountingEncoder):
        def _encode(self, texts):
            started.set()
            release.wait(10)
            return super()._encode(texts)

    started, release = threading.Event(), threading.Event()
    slow = CachedEncoder(Blocking("slow"), cache_dir=tmp_path)
    fast = CachedEncoder(CountingEncoder(), cache_dir=tmp_path)
    fast.transform(["kasir minimarket"])
    build = threading.Thread(target=slow.transform, args=(["profil baru"] * 3,))
    build.start()
    try:
        assert started.wait(5)
        done = threading.Event()
        got = {}

        def lookup():
            got["fast"] = fast.transform(["kasir minimarket"])
            done.set()

        threading.Thread(target=lookup, daemon=True).start()
        assert done.wait(5), "the lookup waited for the other encoder's encode"
        np.testing.assert_allclose(got["fast"], CountingEncoder().transform(["kasir minimarket"]))
    finally:
        release.set()
        build.join(10)

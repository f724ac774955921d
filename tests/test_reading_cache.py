"""The disk cache of candidate names' readings (matcher.text.reading_cache)."""

from __future__ import annotations

import numpy as np

from matcher.text import reading_cache
from matcher.text.reading_cache import cache_path, read_names
from tests.conftest import WordHashEncoder

NAMES = ["Penjahit baju, bisa obras", "Warehouse helper", "Penjahit baju, bisa obras", "kasir"]


def _reader(calls: list[str]):
    def read(name: str) -> tuple[bool, str]:
        calls.append(name)
        return (name != "Warehouse helper", name.upper())

    return read


def test_names_are_read_once_then_served_from_the_file(tmp_path):
    calls: list[str] = []
    first = read_names(NAMES, _reader(calls), "render", tmp_path)
    assert calls == ["Penjahit baju, bisa obras", "Warehouse helper", "kasir"]  # once each
    assert first[0] == first[2] == (True, "PENJAHIT BAJU, BISA OBRAS")
    assert first[1] == (False, "WAREHOUSE HELPER")
    calls.clear()
    assert read_names(NAMES, _reader(calls), "render", tmp_path) == first
    assert calls == []
    # Another rendering is another file: nothing of the first is served for it.
    read_names(NAMES[:1], _reader(calls), "translate", tmp_path)
    assert calls == NAMES[:1]
    assert cache_path("render", tmp_path) != cache_path("translate", tmp_path)


def test_a_change_to_the_lexicon_starts_a_new_file(tmp_path, monkeypatch):
    from matcher.text import lexicon

    before = cache_path("render", tmp_path)
    edited = tmp_path / "lexicon.csv"
    edited.write_bytes(lexicon.LEXICON_CSV.read_bytes() + b"kata baru,new word\n")
    monkeypatch.setattr(lexicon, "LEXICON_CSV", edited)
    reading_cache.fingerprint.cache_clear()
    try:
        assert cache_path("render", tmp_path) != before
    finally:
        monkeypatch.undo()
        reading_cache.fingerprint.cache_clear()


def test_a_broken_file_is_logged_and_the_names_are_read_afresh(tmp_path, caplog):
    path = cache_path("render", tmp_path)
    path.write_bytes(b"this is not a database" * 100)
    calls: list[str] = []
    got = read_names(NAMES, _reader(calls), "render", tmp_path)
    assert got[1] == (False, "WAREHOUSE HELPER") and len(calls) == 3
    assert "reading cache" in caplog.text


def test_a_text_matcher_reads_an_unchanged_catalog_from_the_cache(tmp_path, monkeypatch):
    from matcher import config
    from matcher.text import lexicon
    from matcher.text.encoders import registry
    from matcher.text.retrieval import TextMatcher

    monkeypatch.setattr(config, "EMBEDDING_CACHE_DIR", tmp_path / "embeddings")
    rendered: list[str] = []
    real = lexicon.render.__wrapped__

    def counting(text: str) -> str:
        rendered.append(text)
        return real(text)

    counting.__name__ = "render"
    memoised = lambda text: real(text)  # noqa: E731 - queries: read as before, not counted
    memoised.__wrapped__ = counting
    monkeypatch.setattr(TextMatcher, "_rendering", lambda self: memoised)
    names = ["Penjahit baju rumahan, bisa obras dan permak", "Kasir minimarket shift pagi",
             "Warehouse helper, loading and unloading"]  # fmt: skip
    with registry.swapped(minilm=WordHashEncoder, use=WordHashEncoder):
        first = TextMatcher(encoder="default").fit(names)
        assert len(rendered) == 2  # the two Indonesian names
        second = TextMatcher(encoder="default").fit(names)
        assert len(rendered) == 2  # read from the cache
        assert list((tmp_path / "embeddings" / "readings").glob("readings_*.sqlite"))
        uncached = TextMatcher(encoder="default", cache=False).fit(names)
        assert len(rendered) == 4
    query = ["penjahit baju"]
    np.testing.assert_allclose(first.score(query), second.score(query), atol=1e-6)
    np.testing.assert_allclose(first.score(query), uncached.score(query), atol=1e-6)

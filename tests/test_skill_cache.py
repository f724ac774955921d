"""The phrase cache: an unchanged catalog normalises nothing the second time."""

from __future__ import annotations

import pytest
from sklearn.base import BaseEstimator

from matcher.engine.normalise import concept_normaliser
from matcher.text.skill_cache import PhraseCache, fingerprint
from matcher.text.skills import SkillMatch


class CountingNormaliser(BaseEstimator):
    """Maps every phrase to one made-up concept and counts what it was asked."""

    def __init__(self, prefix: str = "c"):
        self.prefix = prefix

    def transform(self, phrases):
        type(self).asked = getattr(type(self), "asked", []) + list(phrases)
        return [[SkillMatch(p, f"{self.prefix}:{p}", p.upper(), 1.0, "exact")] for p in phrases]


def test_a_second_build_reads_concepts_from_disk(tmp_path, monkeypatch):
    monkeypatch.setattr("matcher.config.MODELS_DIR", tmp_path)
    monkeypatch.setattr(PhraseCache, "_shared", {})
    CountingNormaliser.asked = []
    first = concept_normaliser(CountingNormaliser())(["menjahit", "kasir", "menjahit"])
    assert CountingNormaliser.asked == ["menjahit", "kasir"]
    assert first[0] == [("c:menjahit", "MENJAHIT")]

    PhraseCache._shared.clear()  # a new process: only the file is left
    CountingNormaliser.asked = []
    again = concept_normaliser(CountingNormaliser())(["kasir", "menjahit", "las"])
    assert CountingNormaliser.asked == ["las"]
    assert again[:2] == [[("c:kasir", "KASIR")], [("c:menjahit", "MENJAHIT")]]


def test_other_parameters_use_another_cache(tmp_path, monkeypatch):
    monkeypatch.setattr("matcher.config.MODELS_DIR", tmp_path)
    monkeypatch.setattr(PhraseCache, "_shared", {})
    CountingNormaliser.asked = []
    concept_normaliser(CountingNormaliser(prefix="a"))(["kasir"])
    out = concept_normaliser(CountingNormaliser(prefix="b"))(["kasir"])
    assert CountingNormaliser.asked == ["kasir", "kasir"]
    assert out == [[("b:kasir", "KASIR")]]


def test_a_new_method_version_uses_another_cache(monkeypatch):
    before = fingerprint(CountingNormaliser())
    monkeypatch.setattr(CountingNormaliser, "METHOD_VERSION", 2, raising=False)
    assert fingerprint(CountingNormaliser()) != before


def test_a_corrupt_cache_file_is_ignored_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setattr("matcher.config.MODELS_DIR", tmp_path)
    monkeypatch.setattr(PhraseCache, "_shared", {})
    cache = PhraseCache.for_normaliser(CountingNormaliser())
    cache.path.parent.mkdir(parents=True)
    cache.path.write_text("{not json")
    PhraseCache._shared.clear()
    assert PhraseCache.for_normaliser(CountingNormaliser()).entries == {}


def test_a_save_keeps_what_another_process_saved_meanwhile(tmp_path):
    """Each process saved its own copy over the file: phrases another process had added
    since this one read it were dropped (and normalised again later)."""
    import json
    import subprocess
    import sys

    path = tmp_path / "skill_phrases_x.json"
    app = PhraseCache(path)  # read at the app's first build
    other = (
        "import sys; from pathlib import Path; from matcher.text.skill_cache import PhraseCache;"
        "c = PhraseCache(Path(sys.argv[1])); c.add(['menjahit'], [[('esco:sew', 'sew')]]);"
        "c.save()"
    )
    subprocess.run([sys.executable, "-c", other, str(path)], check=True)
    app.add(["nyetir"], [[("esco:drive", "drive")]])
    app.save()
    assert sorted(json.loads(path.read_text())) == ["menjahit", "nyetir"]


def test_a_phrase_added_while_another_thread_saves_is_written_by_the_next_save(
    tmp_path, monkeypatch
):
    """The app's sessions share one cache: a phrase added while a save was writing the
    file was marked saved with it, though the file did not hold it."""
    import json
    import threading

    import matcher.text.skill_cache as sc

    cache = PhraseCache(tmp_path / "skill_phrases_x.json")
    cache.add(["menjahit"], [[("esco:sew", "sew")]])
    writing, added = threading.Event(), threading.Event()
    replace = sc.os.replace

    def slow_replace(src, dst):
        writing.set()
        added.wait(0.5)  # the add waits for this save instead, so this times out
        replace(src, dst)

    monkeypatch.setattr(sc.os, "replace", slow_replace)
    saver = threading.Thread(target=cache.save)
    saver.start()
    assert writing.wait(5)
    adder = threading.Thread(target=cache.add, args=(["nyetir"], [[("esco:drive", "drive")]]))
    adder.start()
    adder.join(0.2)
    added.set()
    saver.join(5)
    adder.join(5)
    cache.save()
    assert sorted(json.loads((tmp_path / "skill_phrases_x.json").read_text())) == [
        "menjahit",
        "nyetir",
    ]


def test_the_cache_pickles_with_the_engine_and_the_copy_still_saves(tmp_path):
    """Its lock did not pickle, so the nightly batch on Ray could not ship the engine."""
    import json
    import pickle

    cache = PhraseCache(tmp_path / "skill_phrases_x.json")
    cache.add(["menjahit"], [[("esco:sew", "sew")]])
    copy = pickle.loads(pickle.dumps(cache))
    copy.add(["nyetir"], [[("esco:drive", "drive")]])
    copy.save()
    assert sorted(json.loads((tmp_path / "skill_phrases_x.json").read_text())) == [
        "menjahit",
        "nyetir",
    ]


def test_a_lookup_answers_when_an_erasure_empties_the_cache_half_way(private_caches, monkeypatch):
    """Another session's lookup after an erasure starts the shared cache again from the
    file; a lookup already past ``missing`` read a phrase that was no longer there."""
    from matcher.text import forgetting

    monkeypatch.setattr(PhraseCache, "_shared", {})
    normalise = concept_normaliser(CountingNormaliser())
    normalise(["kasir"])
    cache = PhraseCache.for_normaliser(CountingNormaliser())

    class ErasedMeanwhile(CountingNormaliser):
        def transform(self, phrases):
            forgetting.forget_people_texts()
            cache.missing([])  # another session's lookup: starts again from the file
            return super().transform(phrases)

    monkeypatch.setattr(PhraseCache, "for_normaliser", classmethod(lambda cls, n: cache))
    out = concept_normaliser(ErasedMeanwhile())(["kasir", "las"])
    assert out == [[("c:kasir", "KASIR")], [("c:las", "LAS")]]
    # "las" was read before the erasure: answered, but neither kept nor written (the
    # other session's reset let it through before; a review found it).
    assert cache.get("las") is None
    assert not cache.path.exists() or "las" not in cache.path.read_text()


def test_an_engine_with_a_cached_normaliser_pickles_without_cloudpickle(
    world, private_caches, monkeypatch
):
    """The normaliser was a closure: joblib and plain pickle refused the engine."""
    import joblib

    from matcher.engine import MatchingEngine, MatchOptions
    from tests.conftest import TODAY, WordHashEncoder

    monkeypatch.setattr(PhraseCache, "_shared", {})
    people, programs, vacancies = world
    engine = MatchingEngine(encoder=WordHashEncoder(), normaliser=CountingNormaliser()).fit(
        people, programs, vacancies
    )
    path = private_caches / "engine.joblib"
    joblib.dump(engine, path)
    copy = joblib.load(path)
    options = MatchOptions(as_of=TODAY)
    for person in people:
        want = engine.recommend_for_jobseeker(person.id, options)
        got = copy.recommend_for_jobseeker(person.id, options)
        assert [r.item_id for r in got.vacancies + got.trainings] == [
            r.item_id for r in want.vacancies + want.trainings
        ]
        # Scores from products on arrays in other memory: equal to float32 rounding.
        assert [r.score for r in got.vacancies + got.trainings] == pytest.approx(
            [r.score for r in want.vacancies + want.trainings], rel=1e-6, abs=1e-7
        )
    # The copy's normaliser still reads through the phrase cache.
    assert copy.normalise_(["Menjahit"]) == [[("c:Menjahit", "MENJAHIT")]]


def test_a_copied_normaliser_opens_the_phrase_cache_of_where_it_is_loaded(tmp_path, monkeypatch):
    """A copy carried its phrase cache, path included: loaded under another models
    folder it wrote there, where an erasure of the new place never reached."""
    import pickle

    monkeypatch.setattr(PhraseCache, "_shared", {})
    monkeypatch.setattr("matcher.config.MODELS_DIR", tmp_path / "a")
    normalise = concept_normaliser(CountingNormaliser())
    normalise(["menjahit"])
    blob = pickle.dumps(normalise)
    monkeypatch.setattr("matcher.config.MODELS_DIR", tmp_path / "b")
    PhraseCache._shared.clear()  # another process
    copy = pickle.loads(blob)
    assert copy.cache.path.parent == tmp_path / "b" / "cache"
    assert copy.cache is PhraseCache.for_normaliser(CountingNormaliser())
    assert copy(["kasir"]) == [[("c:kasir", "KASIR")]]
    assert copy.cache.path.exists() and "menjahit" not in copy.cache.path.read_text()

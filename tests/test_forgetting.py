"""An erasure clears the disk caches of people's texts (matcher.text.forgetting).

Known answers: a counting stand-in encoder shows which texts were encoded again, and the
files on disk show what a cache still holds.
"""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from matcher import config
from matcher.text import forgetting
from matcher.text.encoders import CachedEncoder, registry
from matcher.text.retrieval import TextMatcher
from matcher.text.skill_cache import PhraseCache
from tests.db_fixtures import (  # noqa: F401 - fixtures
    cheap_password_hashing,
    db_engine,
    empty_engine,
    sqlite_template,
)
from tests.test_encoders import _Counting

PROFILE = "Siti, 23, bisa jahit gamis dan obras, pernah kerja di konveksi Pak Darto"


class Counting(_Counting):
    """The stand-in model of the encoder tests, remembering the texts it encoded."""

    def __init__(self, name: str = "minilm", during=None):
        super().__init__(name)
        self.during = during  # called once, in the middle of the first encode
        self.seen: list[str] = []

    def _encode(self, texts):
        self.seen += list(texts)
        if self.during is not None:
            self.during, during = None, self.during
            during()
        return super()._encode(texts)


@pytest.fixture(autouse=True)
def caches(private_caches):
    PhraseCache.forget_all()
    yield private_caches
    PhraseCache.forget_all()


def _keys_under(folder) -> int:
    if not folder.exists():
        return 0
    return sum(len(np.load(f)) for f in folder.rglob("*.keys.npy"))


def test_people_are_cached_apart_and_an_erasure_clears_only_them():
    model = Counting()
    names = CachedEncoder(model)
    names.transform(["tailor", "cashier"])
    names.for_queries().transform([PROFILE])
    root = config.EMBEDDING_CACHE_DIR
    assert _keys_under(root / forgetting.QUERIES) == 1
    assert _keys_under(root) == 3  # the query's shard lies under queries/

    removed = forgetting.forget_people_texts()

    assert root / forgetting.QUERIES in removed
    assert not (root / forgetting.QUERIES).exists()
    assert _keys_under(root) == 2  # the names stay
    model.seen.clear()
    names.transform(["tailor", "cashier"])
    names.for_queries().transform([PROFILE])
    assert model.seen == [PROFILE]  # only the person's text is encoded again


def test_the_text_matcher_writes_profiles_to_the_queries_folder():
    with registry.swapped(minilm=Counting, use=lambda: Counting("use")):
        matcher = TextMatcher(encoder="default").fit([f"Penjahit {i}" for i in range(40)])
        people = [f"{PROFILE} ({i})" for i in range(40)]  # above min_write: written
        matcher.remember(people)
    queries = config.EMBEDDING_CACHE_DIR / forgetting.QUERIES
    # MiniLM reads each profile's rendering; USE the profile and its rendering.
    assert _keys_under(queries) == 3 * 40
    names = _keys_under(config.EMBEDDING_CACHE_DIR) - 3 * 40
    assert names >= 2 * 40  # the candidates' names, outside queries/
    forgetting.forget_people_texts()
    assert _keys_under(config.EMBEDDING_CACHE_DIR) == names


def test_a_build_that_read_people_before_an_erasure_caches_none_of_them_after_it():
    """The epoch was taken when the cache was used, not when the people were read: a
    build that loaded its records before an erasure and reached the cache after it wrote
    the erased person's vectors back (a review found it)."""
    with forgetting.reading():  # DbSource.load stamps its records; the build runs under it
        forgetting.forget_people_texts()  # an erasure while the build runs
        with registry.swapped(minilm=Counting, use=lambda: Counting("use")):
            matcher = TextMatcher(encoder="default").fit([f"Penjahit {i}" for i in range(40)])
            matcher.remember([f"{PROFILE} ({i})" for i in range(40)])
    # Later, in any thread: the index still encodes under the epoch of its build.
    matcher.remember([f"{PROFILE} [{i}]" for i in range(40)])
    assert _keys_under(config.EMBEDDING_CACHE_DIR / forgetting.QUERIES) == 0
    assert _keys_under(config.EMBEDDING_CACHE_DIR) > 0  # the names are nobody's: kept
    with forgetting.reading():  # the next build reads the people again
        queries = CachedEncoder(Counting(), min_write=1).for_queries()
        queries.transform([PROFILE])
    assert _keys_under(config.EMBEDDING_CACHE_DIR / forgetting.QUERIES) == 1


def test_records_from_the_database_carry_the_epoch_taken_before_the_query(monkeypatch):
    from matcher.service import MatcherService, Records
    from matcher.workspace.source import DbSource
    from tests.conftest import fake_normalise, person, vacancy

    monkeypatch.setattr(forgetting, "epoch", lambda: "before")

    class Session:
        def __enter__(self):
            monkeypatch.setattr(forgetting, "epoch", lambda: "after")
            raise RuntimeError("the database is read here")

        def __exit__(self, *exc):
            return False

    with pytest.raises(RuntimeError):
        DbSource(Session).load()
    assert forgetting.epoch() == "after"  # read inside the session, so taken before it

    records = Records([person("JS-1", skills=("kasir",))], [], [vacancy("JV-1", "Kasir", ("kasir",))],
                      read_at="before")  # fmt: skip
    with forgetting.reading("a request's own read"):  # a rebuild inside a request
        service = MatcherService.from_records(records, encoder="tfidf",
                                              normaliser=fake_normalise, ranker=None)  # fmt: skip
    assert service.engine.normalise_.marks == {"before"}  # the records' epoch alone


def test_query_sides_of_encoders():
    from matcher.text.encoders.cache import for_queries
    from matcher.text.encoders.fusion import FusionEncoder

    cached = CachedEncoder(Counting())
    assert for_queries(cached).namespace == forgetting.QUERIES
    assert for_queries(cached) is for_queries(cached)  # one index of the folder
    fused = FusionEncoder([cached, CachedEncoder(Counting("use"))])
    assert [e.namespace for e in for_queries(fused).encoders] == [forgetting.QUERIES] * 2
    plain = Counting()
    assert for_queries(plain) is plain
    sibling = for_queries(cached)
    cached.fit(["a refit"])
    assert for_queries(cached) is not sibling  # made again, with the new fingerprint


def test_an_encode_that_began_before_an_erasure_writes_nothing_after_it():
    model = Counting(during=forgetting.forget_people_texts)
    queries = CachedEncoder(model, min_write=1).for_queries()
    out = queries.transform([PROFILE, "nyetir motor"])
    assert out.shape == (2, 8)  # the caller still gets its vectors
    assert _keys_under(config.EMBEDDING_CACHE_DIR) == 0
    queries.transform([PROFILE])  # after the erasure: written as usual
    assert _keys_under(config.EMBEDDING_CACHE_DIR) == 1


def _file_phrases(cache: PhraseCache) -> set[str]:
    return set(json.loads(cache.path.read_text())) if cache.path.exists() else set()


def test_a_phrase_cache_read_before_an_erasure_does_not_write_its_phrases_back(tmp_path):
    path = tmp_path / "skill_phrases_x.json"
    app = PhraseCache(path)  # another process: read, then kept in memory
    app.add(["jahit gamis konveksi Pak Darto"], [[("c:sew", "sew")]])
    app.save()
    cli = PhraseCache(path)
    assert "jahit gamis konveksi Pak Darto" in cli.entries

    forgetting.forget_people_texts()  # deletes the default folder's files, not this one
    path.unlink()  # as it would for a cache in the default folder

    app.add(["obras"], [[("c:overlock", "overlock")]])
    app.save()  # read before the erasure: writes nothing
    assert _file_phrases(app) == set()
    assert app.get("obras") == [("c:overlock", "overlock")]  # this lookup still answers
    assert cli.missing(["jahit gamis konveksi Pak Darto"]) == ["jahit gamis konveksi Pak Darto"]
    cli.add(["obras"], [[("c:overlock", "overlock")]])
    cli.save()  # started again from the file after the erasure: written
    assert _file_phrases(cli) == {"obras"}


def test_an_erasure_deletes_the_phrase_files_and_this_process_memos(caches):
    from matcher.text.lexicon import render

    cache = PhraseCache.for_normaliser(object(), directory=caches / "cache")
    cache.add(["ngasuh anak Bu Rina"], [[]])
    cache.save()
    render("ngasuh anak Bu Rina")
    assert cache.path.exists() and render.cache_info().currsize

    removed = forgetting.forget_people_texts()

    assert cache.path in removed and not cache.path.exists()
    assert render.cache_info().currsize == 0
    fresh = PhraseCache.for_normaliser(object(), directory=caches / "cache")
    assert fresh is not cache and fresh.entries == {}


def test_writers_wait_for_an_erasure_in_progress():
    order: list[str] = []
    with forgetting.writing() as before:
        worker = threading.Thread(
            target=lambda: (forgetting.forget_people_texts(), order.append("erased"))
        )
        worker.start()
        worker.join(0.2)
        order.append("written")
        assert forgetting.epoch() == before  # the erasure waits for the write
    worker.join()
    assert order == ["written", "erased"] and forgetting.epoch() != before


def test_a_profile_read_before_an_erasure_is_not_cached_by_the_view_built_after_it(
    db_engine,  # noqa: F811 - fixture
    cheap_password_hashing,  # noqa: F811 - fixture
    private_caches,
    monkeypatch,
):
    """person_view read the stored profile, the erasure landed, and the same request
    rebuilt the engine (new epoch) and normalised the stale profile: its phrases went
    back into the phrase cache (a review reproduced it)."""
    from matcher.db import Role, UserRepository, import_records, session_scope
    from matcher.workspace import EngineCache, Workspace
    from tests.conftest import person, training, vacancy
    from tests.test_skill_cache import CountingNormaliser

    secret = "kue lapis legit resep bu siti"
    with session_scope(db_engine) as s:
        import_records(
            s,
            jobseekers=[
                person("JS-1", skills=(secret, "kasir")),
                person("JS-2", skills=("kasir",)),
            ],
            programs=[training("PR-1", "Kursus Kasir", ("kasir",), seats=3)],
            vacancies=[vacancy("JV-1", "Kasir", ("kasir",))],
            sample=True,
        )
        UserRepository(s).add("k1", "kopi-susu-pagi", Role.COUNSELOR, who="test")
        UserRepository(s).add("a1", "kopi-susu-pagi", Role.ADMIN, who="test")
    factory = lambda: session_scope(db_engine)  # noqa: E731
    ws = Workspace(factory, EngineCache(factory, encoder="tfidf", normaliser=CountingNormaliser()))
    with session_scope(db_engine) as s:
        users = {u.username: u for u in UserRepository(s).list()}

    def phrases() -> set[str]:
        return {p for f in (private_caches / "cache").glob("skill_phrases_*.json")
                for p in json.loads(f.read_text())}  # fmt: skip

    ws.matcher()  # the engine built before: the phrase is cached
    assert secret in phrases()
    original, erased = EngineCache.get, []

    def get(self):  # the erasure commits just after person_view read the record
        if not erased:
            erased.append(ws.erase_subject(users["a1"], "JS-1", confirm="JS-1"))
            assert secret not in phrases()
        return original(self)  # rebuilt: the data changed

    monkeypatch.setattr(EngineCache, "get", get)
    view = ws.person_view(users["k1"], "JS-1")
    assert erased and view.record.id == "JS-1"  # the view read before the erasure
    assert secret not in phrases()


def test_a_read_only_models_folder_means_no_query_cache_not_an_error(tmp_path, monkeypatch):
    """A query-shard write opened the erasure lock in MODELS_DIR/cache: a deployment with
    a read-only models folder and a writable embedding cache raised on a request."""
    blocked = tmp_path / "models-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(config, "MODELS_DIR", blocked)
    queries = CachedEncoder(Counting(), min_write=1).for_queries()
    assert queries.transform([PROFILE]).shape == (1, 8)
    assert _keys_under(config.EMBEDDING_CACHE_DIR) == 0
    with forgetting.writing() as now:
        assert now is None


def test_an_engine_built_under_an_older_epoch_is_rebuilt(db_engine, cheap_password_hashing):  # noqa: F811
    """Built between an erasure's commit and its new epoch, an engine held the old mark
    and never cached again (a review found it): the epoch is part of its version."""
    from matcher.db import import_records, session_scope
    from matcher.workspace import EngineCache
    from tests.conftest import fake_normalise, person, vacancy

    with session_scope(db_engine) as s:
        import_records(s, jobseekers=[person("JS-1", skills=("kasir",))],
                       vacancies=[vacancy("JV-1", "Kasir", ("kasir",))], sample=True)  # fmt: skip
    cache = EngineCache(lambda: session_scope(db_engine), encoder="tfidf",
                        normaliser=fake_normalise)  # fmt: skip
    first = cache.get()
    assert cache.get() is first
    forgetting.forget_people_texts()
    assert cache.get() is not first and cache.builds == 2


def test_a_phrase_cache_in_a_read_only_models_folder_answers_without_saving(tmp_path, monkeypatch):
    from matcher.engine.normalise import concept_normaliser
    from tests.test_skill_cache import CountingNormaliser

    blocked = tmp_path / "models-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(config, "MODELS_DIR", blocked)
    PhraseCache.forget_all()
    assert concept_normaliser(CountingNormaliser())(["kasir"]) == [[("c:kasir", "KASIR")]]


def test_an_erasure_clears_the_needs_maps_memo_of_phrases(caches, monkeypatch):
    """The needs map kept every phrase it had mapped for the life of the process."""
    from matcher.needs import skillmap
    from matcher.text.skills import SkillMatch

    class Fake:
        def transform(self, phrases):
            return [[SkillMatch(p, "", "", 0.0, "none")] for p in phrases]

    monkeypatch.setattr(skillmap, "default_normaliser", Fake)
    skillmap.default_normalise.cache_clear()
    assert skillmap.default_normalise()(["ngasuh anak Bu Rina"]) == [
        [("raw:ngasuh anak bu rina", "ngasuh anak Bu Rina")]
    ]
    assert skillmap.default_normalise.cache_info().currsize == 1
    forgetting.forget_people_texts()
    assert skillmap.default_normalise.cache_info().currsize == 0

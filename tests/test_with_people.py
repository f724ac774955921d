"""A saved profile refits only the people (``MatchingEngine.with_people``): every result
equals a full fit on the same records, and the engine it came from is left as it was."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from matcher.engine import MatchingEngine, MatchOptions
from tests.conftest import TODAY, fake_normalise, person

OPTS = MatchOptions(as_of=TODAY, show_excluded=50, top_k=50)


def fitted(people, programs, vacancies) -> MatchingEngine:
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


def everything(engine: MatchingEngine) -> dict:
    """Every person's lists and every item's people, as ids, scores and card texts."""
    out = {}
    for pid in engine.people_.ids:
        r = engine.recommend_for_jobseeker(pid, OPTS)
        for name in ("vacancies", "trainings", "entrepreneurship", "excluded"):
            out[(pid, name)] = [(x.item_id, x.score, x.explanation.summary("en"))
                                for x in getattr(r, name)]  # fmt: skip
        out[(pid, "pathways")] = [p.to_dict() for p in r.pathways]
    for kind, cat in engine.catalogs_.items():
        for iid in cat.ids:
            found = engine.recommend_for_item(iid, OPTS, kind)
            for name in ("ranked", "excluded", "unlisted"):
                out[(iid, name)] = [(x.item_id, x.score, x.explanation.summary("en"))
                                    for x in getattr(found, name)]  # fmt: skip
    return out


def assert_same(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for key in want:
        if key[1] == "pathways":
            assert got[key] == want[key], key
            continue
        assert [(i, s) for i, _, s in got[key]] == [(i, s) for i, _, s in want[key]], key
        np.testing.assert_allclose([x[1] for x in got[key]], [x[1] for x in want[key]],
                                   atol=1e-5, err_msg=str(key))  # fmt: skip


@pytest.fixture
def edited(world):
    """The world after a counselor's day: one profile edited (new skills, one of them a
    phrase nobody had), one person added, one gone."""
    people, programs, vacancies = world
    tailor = next(p for p in people if p.id == "JS-TAILOR")
    tailor = replace(tailor, skills=("menjahit", "pola baju", "bordir"), max_travel_km=30.0)
    new = person("JS-NEW", skills=("kasir", "gudang"), interests="kerja di minimarket")
    after = [tailor if p.id == "JS-TAILOR" else p for p in people if p.id != "JS-CASHIER"]
    return people, [*after, new], programs, vacancies


def test_refit_people_equals_a_full_fit(edited):
    before, after, programs, vacancies = edited
    old = fitted(before, programs, vacancies)
    new = old.with_people(after)
    full = fitted(after, programs, vacancies)
    assert new.vocab_.index == full.vocab_.index  # the same columns, in the same order
    assert new.vocab_.labels == full.vocab_.labels
    assert_same(everything(new), everything(full))


def test_the_engine_it_came_from_is_left_as_it_was(edited):
    before, after, programs, vacancies = edited
    old = fitted(before, programs, vacancies)
    was = everything(old)
    width = len(old.vocab_)
    new = old.with_people(after)
    assert len(old.vocab_) == width
    assert old.catalogs_ is not new.catalogs_
    assert "JS-CASHIER" in old.person_index_ and "JS-NEW" not in old.person_index_
    assert_same(everything(old), was)
    # And a request the old one answers for a new phrase does not widen the new one.
    stranger = person("JS-X", skills=("las listrik",))
    old.recommend_for_jobseeker(stranger, OPTS)
    assert len(new.vocab_) == len(fitted(after, programs, vacancies).vocab_)


def _held(text) -> set[str]:
    """The query texts a TextMatcher holds: worked out (pinned or recent) or in its
    reference statistics."""
    memo = text._memo
    stats = {t for key, m in text._subset_cache.items() if key.startswith("stats:") for t in m}
    return set(memo._pinned) | set(memo._recent) | stats


def test_a_refit_lets_go_of_the_texts_of_edited_and_departed_profiles(edited):
    before, after, programs, vacancies = edited
    old = fitted(before, programs, vacancies)
    gone = set(old.people_.texts) - {p.profile_text() or p.id for p in after}
    assert len(gone) == 2  # the tailor's profile before her edit, and the cashier's
    for text in old.text_.values():
        assert gone <= _held(text)
    new = old.with_people(after)
    for kind, text in new.text_.items():
        assert not gone & _held(text), kind
        assert set(new.people_.texts) <= _held(text), kind
    assert_same(everything(new), everything(fitted(after, programs, vacancies)))


def test_a_refit_engine_takes_new_phrases_and_refits_again(edited):
    before, after, programs, vacancies = edited
    engine = fitted(before, programs, vacancies).with_people(after)
    stranger = person("JS-X", skills=("las listrik", "menjahit"))
    got = engine.recommend_for_jobseeker(stranger, OPTS)
    want = fitted(after, programs, vacancies).recommend_for_jobseeker(stranger, OPTS)
    assert [r.item_id for r in got.vacancies] == [r.item_id for r in want.vacancies]
    again = engine.with_people(before)
    assert_same(everything(again), everything(fitted(before, programs, vacancies)))


def test_person_values_are_carried_for_unchanged_people_and_read_for_the_rest(edited, monkeypatch):
    from matcher.engine.matching import PERSON_VALUES, person_values
    from matcher.scoring import business

    before, after, programs, vacancies = edited
    old = fitted(before, programs, vacancies)
    # The list names every value person_values computes, no more, no less.
    probe = fitted(after[:1], programs, vacancies).people_
    probe.__dict__["_derived"] = {}
    person_values(probe)
    assert set(probe.__dict__["_derived"]) == set(PERSON_VALUES)
    read = []
    real = business.needs
    monkeypatch.setattr(business, "needs", lambda r: read.append(r.id) or real(r))
    new = old.with_people(after)
    assert sorted(read) == ["JS-NEW", "JS-TAILOR"]  # the edited profile and the new one
    full = fitted(after, programs, vacancies)
    for name in PERSON_VALUES:
        np.testing.assert_array_equal(new.people_.__dict__["_derived"][name],
                                      full.people_.__dict__["_derived"][name], err_msg=name)  # fmt: skip


def test_a_refit_with_given_tfidf_encoders_reads_each_catalogue_with_its_own(edited):
    """Encoders passed as instances, shared by the three catalogues' indexes: one that
    learns from its candidates (TF-IDF) is each index's own copy, so the people read
    after the catalogues (a refit) are read with the right n-grams."""
    from matcher.text.encoders import TfidfEncoder

    before, after, programs, vacancies = edited

    def fused(people):
        encoders = {"chars_a": TfidfEncoder(), "chars_b": TfidfEncoder()}
        return MatchingEngine(encoder=encoders, normaliser=fake_normalise).fit(
            people, programs, vacancies
        )

    assert_same(everything(fused(before).with_people(after)), everything(fused(after)))

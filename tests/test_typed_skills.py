"""A skill as the person typed it still counts where ESCO mapped it to a concept.

The normaliser reads the same words typed two ways differently: "bersih2 rmh" maps to an
ESCO concept, a vacancy's "bersih-bersih rumah" does not. The person's typed phrase then
covers the vacancy's phrase when the two are the same words (they sound alike, the
concept equivalence's skeleton rule), never a merely similar one, and it is never shown
as a skill of its own.
"""

from __future__ import annotations

from matcher.engine.matching import MatchingEngine
from tests.conftest import normaliser_of, person, vacancy

# Typed phrases ESCO would map; the rest kept as words.
normalise = normaliser_of({"bersih2 rmh": "clean", "masak": "cook"})


def fitted(person_skills: tuple[str, ...], job_skills: tuple[str, ...]) -> MatchingEngine:
    people = [person("JS-1", skills=person_skills), person("JS-2", skills=("nyetir",))]
    jobs = [vacancy("V-1", "Asisten rumah tangga", job_skills),
            vacancy("V-2", "Sopir", ("nyetir mobil",))]  # fmt: skip
    return MatchingEngine(encoder="tfidf", normaliser=normalise).fit(people, [], jobs)


def card(engine: MatchingEngine, who):
    result = engine.recommend_for_jobseeker(who, engine_options(engine))
    (found,) = [r for r in result.vacancies + result.excluded if r.item_id == "V-1"]
    return found.explanation


def explain(person_skills: tuple[str, ...], job_skills: tuple[str, ...]):
    return card(fitted(person_skills, job_skills), "JS-1")


def engine_options(engine):
    from matcher.engine.options import MatchOptions

    return MatchOptions(weights=engine.weights, relevance_floor=0.0, own_trade=False)


def texts(labels) -> set[str]:
    return {label.text for label in labels}


def test_typed_words_cover_the_same_words_typed_otherwise():
    why = explain(("bersih2 rmh",), ("bersih-bersih rumah",))
    assert texts(why.skills_matched) == {"bersih-bersih rumah"}
    assert not why.skills_missing


def test_a_similar_but_longer_phrase_is_not_the_same_words():
    why = explain(("masak",), ("masak masakan rumahan",))
    assert texts(why.skills_missing) == {"masak masakan rumahan"}
    assert not why.skills_matched


def test_the_typed_phrase_is_not_a_skill_of_its_own():
    engine = fitted(("bersih2 rmh",), ("bersih-bersih rumah",))
    people, vocab = engine.people_, engine.vocab_
    row = people.ids.index("JS-1")
    held = {vocab.labels[c] for c in people.skills[row].indices}
    typed = {vocab.labels[c] for c in people.typed[row].indices}
    assert held == {"clean"} and typed == {"bersih2 rmh"}


def test_a_person_not_in_the_index_gets_the_same_reading():
    # A profile edited in the workspace is scored before the next index build.
    engine = fitted(("masak",), ("bersih-bersih rumah",))
    newcomer = person("JS-NEW", skills=("bersih2 rmh",))
    why = card(engine, newcomer)
    assert texts(why.skills_matched) == {"bersih-bersih rumah"}

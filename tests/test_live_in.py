"""The live-in rule (matcher.scoring.live_in, Rule.LIVE_IN) on data whose answer is known."""

from __future__ import annotations

import pytest

from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring.live_in import refuses, requires
from matcher.scoring.rules import Rule
from tests.conftest import TODAY, best_vacancy, fake_normalise, person, relaxing, training, vacancy


@pytest.mark.parametrize(
    ("availability", "expected"),
    [
        ("siang aja, ga nginep", True),
        ("bebas, gak bisa menginap", True),
        ("tidak mau tinggal di rumah majikan", True),
        ("pulang pergi aja", True),
        ("PP", True),
        ("nginep ga bisa", True),  # the negation after the word
        ("pulang pergi aja, nginep ga bisa", True),
        ("gamau nginep", True),
        ("bisa nginep", False),
        ("nginep gpp, pulang pergi juga bisa", False),  # offers both
        ("menginap gak masalah", False),  # "no problem" is no negation
        ("tidak bisa pulang pergi", False),  # going home denied: she would live in
        ("pagi aja", False),
        ("", False),
    ],
)
def test_a_person_says_whether_she_will_live_in(availability, expected):
    assert refuses(person("JS-1", availability=availability)) is expected


def test_experience_says_how_she_worked_not_what_she_will_take():
    assert not refuses(person("JS-1", experience="ART pulang pergi 3 th"))
    assert refuses(person("JS-2", interests="ART tapi ga nginep"))


def test_a_vacancy_is_live_in_when_it_says_the_worker_stays():
    assert requires(vacancy("V-1", "ART", ("masak",), schedule="menginap, libur 2x sebulan"))
    assert requires(vacancy("V-2", "ART", ("masak",), description="Tinggal di rumah majikan."))
    going_home = "Mengasuh balita. Pulang pergi, tidak menginap."
    assert not requires(vacancy("V-3", "Baby sitter", ("asuh",), description=going_home))
    for text in ("Tidak perlu menginap.", "Non-live in", "Membersihkan kamar tamu yang menginap"):
        assert not requires(vacancy("V-5", "Housekeeping", ("bersih",), description=text)), text
    assert not requires(vacancy("V-4", "Kasir", ("kasir",)))
    assert not requires(training("T-1", "Pelatihan ART menginap", ("masak",)))


@pytest.fixture(scope="module")
def live_in_engine():
    people = [
        person("JS-HOME", skills=("melayani pelanggan",), availability="bebas, ga nginep"),
        person("JS-STAY", skills=("melayani pelanggan",), availability="bebas"),
    ]
    vacancies = [
        vacancy("V-STAY", "ART menginap", ("melayani pelanggan",),
                schedule="menginap, libur 2x sebulan"),
        vacancy("V-HOME", "ART pulang pergi", ("melayani pelanggan", "kasir")),
    ]  # fmt: skip
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(people, [], vacancies)


OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.0)


def ids(recs):
    return [r.item_id for r in recs]


def test_live_in_work_is_excluded_for_a_person_who_will_not_live_in(live_in_engine):
    stay = live_in_engine.recommend_for_jobseeker("JS-STAY", OPTS)
    assert set(ids(stay.vacancies)) == {"V-STAY", "V-HOME"}
    home = live_in_engine.recommend_for_jobseeker("JS-HOME", OPTS)
    assert ids(home.vacancies) == ["V-HOME"]
    [excluded] = [r for r in home.excluded if r.item_id == "V-STAY"]
    assert excluded.explanation.failed_rules == (Rule.LIVE_IN,)
    assert "menginap" in excluded.explanation.summary("id")


def test_a_counselor_may_relax_the_live_in_rule(live_in_engine):
    relaxed = relaxing(Rule.LIVE_IN, pathways=0)
    home = live_in_engine.recommend_for_jobseeker("JS-HOME", relaxed)
    [stay] = [r for r in home.vacancies if r.item_id == "V-STAY"]
    assert stay.explanation.relaxed_rules == (Rule.LIVE_IN,)


@pytest.mark.parametrize("shortlist", [0, 1])
def test_the_batch_applies_the_live_in_rule_exact_and_shortlisted(live_in_engine, shortlist):
    def best(options):
        return best_vacancy(live_in_engine, "JS-HOME", options, shortlist)

    # Relaxed, the live-in job is her best (all its skills are hers); the rule alone keeps
    # it out, also from a shortlist of one (the prefilter's stand-in applies it).
    relaxed = relaxing(Rule.LIVE_IN)
    assert best(relaxed) == "V-STAY"
    assert best(OPTS) == "V-HOME"

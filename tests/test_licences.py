"""The licence rule (matcher.scoring.licences, Rule.LICENCE) on data whose answer is known."""

from __future__ import annotations

import pytest

from matcher.domain import OpportunityKind
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring.licences import Licence, held, required, stated
from matcher.scoring.rules import Rule
from tests.conftest import TODAY, best_vacancy, fake_normalise, person, relaxing, training, vacancy

A, C, BIKE = Licence.SIM_A, Licence.SIM_C, Licence.MOTORBIKE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SIM A", A),
        ("punya SIM C", C),
        ("SIM A & C aktif", A | C),
        ("sim a/c, motor sendiri", A | C | BIKE),
        ("SIM C dan D", C),  # the 'd' of 'dan' is no SIM D, the 'a' no SIM A
        ("SIM B1 umum", A),  # a heavier-vehicle licence covers cars
        ("SIM C1", C),
        ("ada motor", BIKE),
        ("kendaraan pribadi", BIKE),
        ("narik ojol 2 tahun", C | BIKE),  # the apps register riders with a SIM C
        ("belum punya SIM C", Licence(0)),
        ("ga ada motor", Licence(0)),
        ("SIM A udah mati", Licence(0)),
        ("simpan stok; sim card; kasir", Licence(0)),
        ("nyetir mobil manual", Licence(0)),  # driving is a skill; the licence is stated
        ("sertif gada pratama", Licence.GADA_PRATAMA),
        # A level includes the ones below it.
        ("Gada Madya", Licence.GADA_PRATAMA | Licence.GADA_MADYA),
        ("blm ada sertifikat Gada Pratama", Licence(0)),
        ("forklift (ada SIO)", Licence.SIO),
        ("siomay; gadai emas", Licence(0)),
    ],
)
def test_a_text_states_the_licences_and_vehicles_it_names(text, expected):
    assert stated(text) == expected


def test_a_person_is_read_from_skills_and_experience_a_vacancy_from_required_skills():
    rider = person("JS-1", skills=("antar paket",), experience="kurir 1 thn, motor sendiri")
    assert held(rider) == BIKE
    wish = person("JS-2", interests="pengen bikin SIM C")  # a wish is not a licence
    assert held(wish) == Licence(0)
    courier = vacancy("V-1", "Kurir", ("antar paket", "punya SIM C"), nice_skills=("SIM A",))
    assert required(courier) == C  # the nice-to-have SIM A asks for nothing
    assert required(training("T-1", "Kursus mengemudi", ("SIM A",))) == Licence(0)
    # A certificate a job asks for is a gap a course closes, not a reason to hide the job.
    guard_job = vacancy("V-2", "Satpam", ("patroli", "sertifikat Gada Pratama", "SIM C"))
    assert required(guard_job) == C


@pytest.fixture(scope="module")
def licence_engine():
    people = [
        person("JS-RIDER", skills=("antar paket", "SIM C", "motor sendiri")),
        person("JS-WALKER", skills=("antar paket",)),
    ]
    vacancies = [
        vacancy("V-COURIER", "Kurir paket", ("antar paket", "punya SIM C")),
        # Scores below the courier job for both: one of its three skills is theirs.
        vacancy(
            "V-SORT",
            "Staf sortir paket",
            ("antar paket", "sortir", "scan barcode"),
            nice_skills=("punya SIM C",),
        ),  # fmt: skip
    ]
    programs = [training("T-DRIVE", "Kursus mengemudi", ("SIM A",))]
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.0)


def ids(recs):
    return [r.item_id for r in recs]


def test_a_vacancy_requiring_a_licence_the_person_does_not_state_is_excluded(licence_engine):
    rider = licence_engine.recommend_for_jobseeker("JS-RIDER", OPTS)
    assert set(ids(rider.vacancies)) == {"V-COURIER", "V-SORT"}
    walker = licence_engine.recommend_for_jobseeker("JS-WALKER", OPTS)
    assert ids(walker.vacancies) == ["V-SORT"]  # a nice-to-have licence excludes nothing
    [excluded] = [r for r in walker.excluded if r.item_id == "V-COURIER"]
    assert excluded.explanation.failed_rules == (Rule.LICENCE,)
    assert "motor" in excluded.explanation.summary("id")
    # A course teaching a licence requires none.
    assert ids(walker.trainings) == ["T-DRIVE"]


def test_a_counselor_may_relax_the_licence_rule(licence_engine):
    relaxed = relaxing(Rule.LICENCE, pathways=0)
    walker = licence_engine.recommend_for_jobseeker("JS-WALKER", relaxed)
    [courier] = [r for r in walker.vacancies if r.item_id == "V-COURIER"]
    assert courier.explanation.relaxed_rules == (Rule.LICENCE,)


@pytest.mark.parametrize("shortlist", [0, 1])
def test_the_batch_applies_the_licence_rule_exact_and_shortlisted(licence_engine, shortlist):
    def best(options):
        return best_vacancy(licence_engine, "JS-WALKER", options, shortlist)

    # Relaxed, the courier job is the walker's best; the rule alone keeps it out, also
    # from a shortlist of one (the prefilter's stand-in applies it).
    assert best(relaxing(Rule.LICENCE)) == "V-COURIER"
    assert best(OPTS) == "V-SORT"


# --- a course for a licence the person already has (Rule.LICENCE_HELD) -----------------
def test_a_vocational_course_leads_to_the_licence_its_title_names():
    from matcher.domain import ProgramType
    from matcher.scoring.licences import granted

    assert granted(training("T-1", "Pelatihan Mengemudi dan Pembuatan SIM A", ("nyetir",))) == A
    assert granted(training("T-2", "Kursus SIM A & C", ())) == A | C
    # The title, not the skills: a course may list what its learners bring.
    assert granted(training("T-3", "Kursus kurir", ("punya SIM C",))) == Licence(0)
    assert granted(training("E-1", "Usaha ojek SIM C", (),
                            program_type=ProgramType.ENTREPRENEURSHIP)) == Licence(0)  # fmt: skip
    assert granted(vacancy("V-1", "Sopir SIM A", ("SIM A",))) == Licence(0)
    assert granted(training("T-4", "Pelatihan Satpam Gada Pratama", ())) == Licence.GADA_PRATAMA
    assert granted(training("T-5", "Kursus forklift dan SIO", ())) == Licence.SIO


@pytest.fixture(scope="module")
def course_engine():
    people = [
        person("JS-DRIVER", skills=("nyetir mobil manual", "SIM A"), experience="supir 2 th"),
        person("JS-RIDER", skills=("nyetir mobil manual", "SIM C"), experience="ojol 1 th"),
        person("JS-GUARD", skills=("patroli", "ada Gada Pratama"), experience="satpam 4 th"),
        person("JS-NEW-GUARD", skills=("patroli",), experience="jaga malam ruko"),
    ]
    programs = [
        training("T-SIM-A", "Pelatihan mengemudi dan pembuatan SIM A", ("nyetir mobil manual",)),
        training("T-SIM-AC", "Kursus SIM A dan SIM C", ("nyetir mobil manual",)),
        training("T-GADA", "Pelatihan Satpam Gada Pratama", ("patroli",)),
        training("T-MADYA", "Pelatihan Gada Madya", ("patroli",)),
    ]
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, [vacancy("V-1", "Sopir", ("nyetir mobil manual",))]
    )


def sims(items) -> list[str]:
    return [i for i in ids(items) if i.startswith("T-SIM")]


def guards(items) -> list[str]:
    return [i for i in ids(items) if i in ("T-GADA", "T-MADYA")]


def test_a_course_for_a_licence_the_person_holds_is_excluded_and_says_why(course_engine):
    driver = course_engine.recommend_for_jobseeker("JS-DRIVER", OPTS)
    assert sims(driver.trainings) == ["T-SIM-AC"]  # it leads to a SIM C she lacks too
    [held_course] = [r for r in driver.excluded if r.item_id == "T-SIM-A"]
    assert held_course.explanation.failed_rules == (Rule.LICENCE_HELD,)
    assert "Sudah punya SIM" in held_course.explanation.summary("id")
    rider = course_engine.recommend_for_jobseeker("JS-RIDER", OPTS)
    assert sorted(sims(rider.trainings)) == ["T-SIM-A", "T-SIM-AC"]
    relaxed = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.0,
                           relaxed_rules=frozenset({Rule.LICENCE_HELD}))  # fmt: skip
    again = course_engine.recommend_for_jobseeker("JS-DRIVER", relaxed)
    assert sorted(sims(again.trainings)) == ["T-SIM-A", "T-SIM-AC"]


def test_a_course_for_a_certificate_the_person_holds_is_excluded(course_engine):
    guard = course_engine.recommend_for_jobseeker("JS-GUARD", OPTS)
    assert guards(guard.trainings) == ["T-MADYA"]  # the next level up stays
    [held_course] = [r for r in guard.excluded if r.item_id == "T-GADA"]
    assert held_course.explanation.failed_rules == (Rule.LICENCE_HELD,)
    assert "sertifikat" in held_course.explanation.summary("id")
    newcomer = course_engine.recommend_for_jobseeker("JS-NEW-GUARD", OPTS)
    assert sorted(guards(newcomer.trainings)) == ["T-GADA", "T-MADYA"]


@pytest.mark.parametrize("shortlist", [0, 1])
def test_the_batch_applies_the_held_licence_rule_exact_and_shortlisted(course_engine, shortlist):
    cat = course_engine.catalog(OpportunityKind.TRAINING)
    top, _ = course_engine.rank_all(
        OpportunityKind.TRAINING, top_k=4, options=OPTS, shortlist=shortlist
    )
    listed = {pid: {cat.ids[j] for j in top[i] if j >= 0}
              for i, pid in enumerate(course_engine.people_.ids)}  # fmt: skip
    assert "T-SIM-A" not in listed["JS-DRIVER"] and "T-SIM-A" in listed["JS-RIDER"]
    assert "T-GADA" not in listed["JS-GUARD"] and "T-GADA" in listed["JS-NEW-GUARD"]

"""The home-only rule (matcher.scoring.home_only, Rule.HOME_ONLY) on data whose answer is
known."""

from __future__ import annotations

import pytest

from matcher.domain import WorkType
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring.home_only import home_only
from matcher.scoring.rules import Rule
from tests.conftest import TODAY, best_vacancy, fake_normalise, person, relaxing, training, vacancy


@pytest.mark.parametrize(
    ("availability", "expected"),
    [
        ("dr rumah aja", True),
        ("dari rumah saja, siang", True),
        ("pagi, di rumah aja krn ada bayi", True),
        ("hanya bisa kerja dari rumah", True),
        ("cuma bisa dr rmh", True),
        ("ga bisa keluar rumah", True),
        ("tidak bisa meninggalkan rumah", True),
        ("WFH only", True),
        ("only remote", True),
        ("dr rumah, fleksibel", False),  # home, not only home
        ("bisa dari rumah", False),
        ("dari rumah aja atau kantor dekat", False),  # an alternative in the clause
        ("dr rumah aja / kantor deket", False),
        ("rumah saya dekat, pagi aja", False),  # "aja" of the time, not of home
        ("cari kerja yg deket rumah aja", False),  # near home is a travel wish
        ("hanya bisa bekerja dari rumah", True),
        ("ga bisa keluar dari rumah", True),
        ("hanya bisa kerja dari rumah krn anak jg masih kecil", True),  # a reason follows
        ("hanya bisa dari rumah (senin/selasa)", True),
        ("dr rumah aja soalnya ada bayi", True),
        # A compound, not home: a hospital, a restaurant.
        ("cuma mau kerja di rumah sakit", False),
        ("hanya di rumah makan padang", False),
        # Near home, or out of home at some hours only: travel and schedule, not place.
        ("ga bisa jauh dari rumah", False),
        ("ga bisa keluar rumah malam", False),
        ("tidak bisa keluar rumah hari minggu", False),
        # A negated only.
        ("tidak hanya dari rumah", False),
        ("bukan cuma dr rumah", False),
        ("ga harus dari rumah aja", False),
        # Home mentioned on the way, not as the statement.
        ("selama ini di rumah aja, siap kerja", False),
        ("lagi nganggur di rumah aja", False),
        ("bawa bekal dari rumah aja", False),
        ("berangkat dari rumah aja jam 7", False),
        # A preference or a concession anywhere in the field.
        ("lebih suka dari rumah aja", False),
        ("dari rumah aja kalau bisa", False),
        ("kerja dari rumah aja, bisa ke kantor sesekali", False),
        ("pengen kerja dr rumah aja tp klo deket gpp", False),
        ("bebas", False),
        ("", False),
    ],
)
def test_a_person_says_whether_she_can_work_only_from_home(availability, expected):
    assert home_only(person("JS-1", availability=availability)) is expected


def test_interests_and_the_disability_note_count_and_the_experience_does_not():
    assert home_only(person("JS-1", interests="live selling; ga mau ninggalin rumah"))
    assert home_only(person("JS-2", disability="pengguna kursi roda, hanya bisa dari rumah"))
    assert not home_only(person("JS-3", disability="kursi roda, kerja dr rumah atau tempat "
                                                   "yg aksesibel"))  # fmt: skip
    assert not home_only(person("JS-4", experience="jualan dari rumah aja 3 th"))
    # A business at home is how she sells, not where she can go.
    assert not home_only(person("JS-5", interests="usaha catering dari rumah saja"))
    assert not home_only(person("JS-6", interests="jualan online dr rumah aja"))


@pytest.fixture(scope="module")
def home_engine():
    people = [
        person("JS-HOME", skills=("input data",), availability="dr rumah aja"),
        person("JS-OUT", skills=("input data",), availability="bebas"),
    ]
    vacancies = [
        vacancy("V-OFFICE", "Admin input data", ("input data",)),
        vacancy("V-HOME", "Admin input data dari rumah", ("input data", "balas chat"),
                work_type=WorkType.HOME_BASED),
    ]  # fmt: skip
    trainings = [
        training("T-ROOM", "Kursus input data", ("input data",)),
        training("T-ONLINE", "Kursus input data online", ("input data",), online=True,
                 kelurahan=""),
    ]  # fmt: skip
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, trainings, vacancies
    )


OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.0)


def ids(recs):
    return {r.item_id for r in recs}


def test_on_site_items_are_excluded_for_a_person_who_can_only_work_from_home(home_engine):
    out = home_engine.recommend_for_jobseeker("JS-OUT", OPTS)
    assert ids(out.vacancies) == {"V-OFFICE", "V-HOME"}
    assert ids(out.trainings) == {"T-ROOM", "T-ONLINE"}
    home = home_engine.recommend_for_jobseeker("JS-HOME", OPTS)
    assert ids(home.vacancies) == {"V-HOME"}
    assert ids(home.trainings) == {"T-ONLINE"}
    excluded = {r.item_id: r for r in home.excluded}
    for item in ("V-OFFICE", "T-ROOM"):
        assert excluded[item].explanation.failed_rules == (Rule.HOME_ONLY,)
        assert "hanya bisa dari rumah" in excluded[item].explanation.summary("id")


def test_a_counselor_may_relax_the_home_only_rule(home_engine):
    home = home_engine.recommend_for_jobseeker("JS-HOME", relaxing(Rule.HOME_ONLY, pathways=0))
    [office] = [r for r in home.vacancies if r.item_id == "V-OFFICE"]
    assert office.explanation.relaxed_rules == (Rule.HOME_ONLY,)


@pytest.mark.parametrize("shortlist", [0, 1])
def test_the_batch_applies_the_home_only_rule_exact_and_shortlisted(home_engine, shortlist):
    def best(options):
        return best_vacancy(home_engine, "JS-HOME", options, shortlist)

    # Relaxed, the office job is her best (all its skills are hers); the rule alone keeps
    # it out, also from a shortlist of one (the prefilter's stand-in applies it).
    assert best(relaxing(Rule.HOME_ONLY)) == "V-OFFICE"
    assert best(OPTS) == "V-HOME"

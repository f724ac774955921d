"""Own-trade evidence (matcher.scoring.evidence) on data whose right answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.domain import BusinessStage, OpportunityKind, ProgramType, Segment
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring.evidence import (
    BUSINESS_TEXT,
    ENTERPRISE_TEXT,
    TRADE_SKILLS,
    TRADE_TEXT,
    TRAINING_SKILLS,
    TRAINING_TEXT,
    Evidence,
    evidence_bits,
    explain,
    own_trade,
    programme_bits,
)
from matcher.scoring.weights import Weights
from tests.conftest import TODAY, fake_normalise, person, training, vacancy

VAC, TRAIN, BIZ = (
    OpportunityKind.VACANCY, OpportunityKind.TRAINING, OpportunityKind.ENTREPRENEURSHIP,
)  # fmt: skip
# A weak floor, so the relevance floor lets the neighbouring trade through and only the
# own-trade rule can keep it off the list.
OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.05)


def ids(recs):
    return [r.item_id for r in recs]


# --- the rule on arrays -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "bits", "said"),
    [
        (VAC, Evidence.SKILLS | Evidence.TEXT, {"own_trade_skills", "own_trade_text"}),
        # A business owner's vacancy: her trade on strong text only, never on skills.
        (VAC, Evidence.BUSINESS | Evidence.SKILLS | Evidence.TEXT, set()),
        (VAC, Evidence.BUSINESS | Evidence.SKILLS | Evidence.TEXT | Evidence.STRONG_TEXT,
         {"own_trade_text"}),
        (TRAIN, Evidence.SKILLS | Evidence.TEXT, {"own_trade_teaches", "own_trade_text"}),
        # A business owner's course: on skills from her own words only.
        (TRAIN, Evidence.BUSINESS | Evidence.TEXT | Evidence.STRONG_TEXT, set()),
        (TRAIN, Evidence.BUSINESS | Evidence.SKILLS | Evidence.TEXT, {"own_trade_teaches"}),
    ],
)  # fmt: skip
def test_a_card_calls_a_match_her_own_trade_only_on_evidence_that_counts(kind, bits, said):
    """The explanation said "bidangnya sendiri: keterampilannya cocok" for a vacancy the
    owner's bar keeps off a warung owner's list. What it names is what own_trade reads."""
    assert set(explain(kind, int(bits))) == said
    assert bool(said) == bool(own_trade(kind, np.array([int(bits)], dtype=np.uint8))[0])


def test_a_vacancy_needs_skill_evidence_or_text_strong_enough_alone():
    skills = np.array([[TRADE_SKILLS, 0.0, 0.0, TRADE_SKILLS - 0.1]], dtype=np.float32)
    text_z = np.array([[0.5, TRADE_TEXT, TRADE_TEXT - 0.5, TRADE_TEXT - 0.1]])
    bits = evidence_bits(skills, text_z, np.array([False]))
    assert own_trade(VAC, bits).tolist() == [[True, True, False, False]]


def test_an_item_listing_no_skills_has_no_skill_evidence():
    skills = np.array([[0.5, 0.5]], dtype=np.float32)  # 0.5: the skills part's neutral value
    bits = evidence_bits(skills, np.zeros((1, 2)), np.array([False]), np.array([[True, False]]))
    assert own_trade(VAC, bits).tolist() == [[True, False]]


def test_a_business_owner_gets_jobs_with_strong_text_and_courses_with_skill_evidence():
    skills = np.array([[1.0, 0.0, 1.0]], dtype=np.float32)
    text_z = np.array([[BUSINESS_TEXT, BUSINESS_TEXT, 0.0]])
    owner = evidence_bits(skills, text_z, np.array([True]))
    assert own_trade(VAC, owner).tolist() == [[True, True, False]]
    owner = evidence_bits(skills, text_z, np.array([True]), kind=TRAIN)
    # A course that only reads like her trade serves a job, not her business.
    assert own_trade(TRAIN, owner).tolist() == [[True, False, True]]
    youth = evidence_bits(skills, text_z, np.array([False]), kind=TRAIN)
    assert own_trade(TRAIN, youth).tolist() == [[True, True, True]]


def test_a_training_needs_to_teach_two_wanted_skills_or_read_like_the_profile():
    # Skills evidence of a training (SkillsPart.taught_wanted) is 0.5 when it teaches one
    # of the skills the person wants or their trade's jobs lack, 1.0 at two: one is not
    # evidence, two are.
    skills = np.array([[TRAINING_SKILLS, 0.5, 0.0, 0.0]], dtype=np.float32)
    text_z = np.array([[0.0, TRAINING_TEXT - 0.1, TRAINING_TEXT, TRAINING_TEXT - 0.1]])
    bits = evidence_bits(skills, text_z, np.array([False]), kind=TRAIN)
    assert own_trade(TRAIN, bits).tolist() == [[True, False, True, False]]
    # The same values judged with a vacancy's thresholds: 0.5 covers its skills enough.
    assert own_trade(VAC, evidence_bits(skills, text_z, np.array([False]))).tolist() == [
        [True, True, False, False]
    ]


def _programme_bits(needs, topics, general, business_z, intent, business, skills=0.0):
    """Bits of p people x o programmes: need and topic masks, z-scores of the business
    text, which people want to start a business and which run one."""
    business_z = np.asarray(business_z, dtype=np.float32)
    skills = np.full(business_z.shape, skills, dtype=np.float32)
    bits = evidence_bits(skills, np.zeros(business_z.shape), np.asarray(business))
    return bits | programme_bits(
        np.asarray(needs, dtype=np.int64), np.asarray(topics, dtype=np.int64)[None, :],
        np.asarray(general)[None, :], business_z, np.asarray(intent),
    )  # fmt: skip


def test_entrepreneurship_programmes_need_a_business_to_serve():
    # One general programme (topic bit 1) that both people ask for.
    bits = _programme_bits([1, 1], [1], [True], [[0.0], [0.0]], [False, False], [True, False])
    assert own_trade(BIZ, bits).ravel().tolist() == [True, False]
    assert Evidence.BUSINESS in Evidence(int(bits[0, 0]))


def test_a_general_programme_needs_a_topic_she_asks_for_or_her_business_text():
    # Programmes: [asked-for topic, other topic, other topic but her business reads like it]
    bits = _programme_bits(
        [0b01], [0b01, 0b10, 0b10], [True, True, True],
        [[0.0, ENTERPRISE_TEXT - 0.1, ENTERPRISE_TEXT]], [False], [True],
    )  # fmt: skip
    assert own_trade(BIZ, bits).tolist() == [[True, False, True]]


def test_a_trade_programme_needs_skill_or_business_text_evidence_not_a_topic():
    # A catering course that also teaches bookkeeping, for a tailor who asks for bookkeeping.
    asks = _programme_bits([1], [1], [False], [[0.0]], [False], [True])
    assert own_trade(BIZ, asks).tolist() == [[False]]
    reads_like = _programme_bits([1], [1], [False], [[ENTERPRISE_TEXT]], [False], [True])
    assert own_trade(BIZ, reads_like).tolist() == [[True]]
    does_it = _programme_bits([0], [1], [False], [[0.0]], [False], [True], skills=0.5)
    assert own_trade(BIZ, does_it).tolist() == [[True]]


def test_a_wish_to_start_a_business_counts_like_running_one_for_programmes_only():
    wish = _programme_bits([1], [1], [True], [[0.0]], [True], [False])
    assert own_trade(BIZ, wish).tolist() == [[True]]
    assert Evidence.BUSINESS not in Evidence(int(wish[0, 0]))
    # ...but jobs and courses are judged as for anyone without a business.
    no_wish = wish & ~np.uint8(Evidence.INTENT)
    for bits in (wish, wish | np.uint8(Evidence.SKILLS), wish | np.uint8(Evidence.TEXT)):
        no_wish = bits & ~np.uint8(Evidence.INTENT)
        assert own_trade(TRAIN, bits).tolist() == own_trade(TRAIN, no_wish).tolist()
    nobody = _programme_bits([1], [1], [True], [[5.0]], [False], [False])
    assert own_trade(BIZ, nobody).tolist() == [[False]]


def test_a_programme_for_starting_out_serves_only_people_starting_out():
    from matcher.scoring.business import START
    from matcher.scoring.evidence import topic_masks

    start, capital = topic_masks([{START}, {"modal"}])
    # One starter programme (starting out + capital), one capital programme; the owner of
    # a running business asks for capital, the idea-stage owner for starting out too.
    topics = [start | capital, capital]
    bits = _programme_bits(
        [capital, start | capital], topics, [True, True],
        [[ENTERPRISE_TEXT, 0.0], [0.0, 0.0]], [False, False], [True, True],
    )  # fmt: skip
    assert own_trade(BIZ, bits).tolist() == [[False, True], [True, True]]


# --- the rule in the engine ---------------------------------------------------------------
@pytest.fixture(scope="module")
def trade_engine():
    people = [
        person("JS-TAILOR", skills=("menjahit", "obras"), interests="penjahit garmen"),
        person(
            "JS-OWNER", skills=("membuat kue",), segment=Segment.WOMAN_ENTREPRENEUR,
            business_description="jualan kue kering di rumah", interests="butuh tambahan modal",
            business_stage=BusinessStage.STARTING, age=35,
        ),
        # No business yet, but she writes that she wants to start one.
        person("JS-WISH", interests="pengen buka usaha kue sendiri, jualan online di shopee"),
    ]  # fmt: skip
    vacancies = [
        # The tailor's own trade: her skills.
        vacancy("V-SEW", "Penjahit garmen konveksi", ("sewing", "overlock")),
        # A neighbouring trade in the same workshop: words in common, no skill in common.
        vacancy("V-IRON", "Staff setrika garmen konveksi", ("setrika", "lipat baju")),
        vacancy("V-DRIVE", "Kurir motor", ("driving",)),
    ]
    programs = [
        training("T-SEW", "Kursus menjahit garmen", ("sewing",)),
        training(
            "E-CAPITAL",
            "Kelas modal usaha dan pembukuan",
            ("pembukuan",),
            program_type=ProgramType.ENTREPRENEURSHIP,
        ),  # fmt: skip
        # General-purpose: online selling, which the young woman's wish names.
        training("E-ONLINE", "Kelas jualan online di marketplace", ("jualan online",),
                 program_type=ProgramType.ENTREPRENEURSHIP),
        # Trade-specific: the owner bakes; neither of them sews.
        training("E-CAKE", "Usaha kue rumahan", ("membuat kue", "hitung HPP"),
                 program_type=ProgramType.ENTREPRENEURSHIP),
        training("E-SEW", "Usaha jahit rumahan", ("jahit baju", "pembukuan"),
                 program_type=ProgramType.ENTREPRENEURSHIP),
    ]  # fmt: skip
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


def test_the_own_trade_vacancy_is_listed_and_the_neighbouring_one_is_not(trade_engine):
    without = trade_engine.recommend_for_jobseeker(
        "JS-TAILOR", MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.05,
                                  own_trade=False))  # fmt: skip
    assert ids(without.vacancies)[:2] == ["V-SEW", "V-IRON"]  # text carries the neighbour
    listed = trade_engine.recommend_for_jobseeker("JS-TAILOR", OPTS)
    assert ids(listed.vacancies) == ["V-SEW"]
    assert listed.below_floor["vacancy"] == len(without.vacancies) - 1


def test_the_explanation_says_why_an_item_counts_as_the_persons_trade(trade_engine):
    top = trade_engine.recommend_for_jobseeker("JS-TAILOR", OPTS).vacancies[0]
    assert "own_trade_skills" in top.explanation.facts
    assert "own trade" in top.explanation.summary("en")


def test_entrepreneurship_programmes_serve_the_business_she_runs_or_wants(trade_engine):
    # The owner: capital (she asks for it) and her own trade's programme (her skill); not
    # online selling, which she does not ask for, nor the sewing one, which is not her trade.
    owner = trade_engine.recommend_for_jobseeker("JS-OWNER", OPTS).entrepreneurship
    assert sorted(ids(owner)) == ["E-CAKE", "E-CAPITAL"]
    # The young woman who wants to start one: the online selling her wish names.
    assert ids(trade_engine.recommend_for_jobseeker("JS-WISH", OPTS).entrepreneurship) == [
        "E-ONLINE"
    ]
    assert trade_engine.recommend_for_jobseeker("JS-TAILOR", OPTS).entrepreneurship == []
    youth_all = trade_engine.recommend_for_jobseeker(
        "JS-TAILOR", MatchOptions(as_of=TODAY, pathways=0, relevance_floor=0.05, own_trade=False)
    )
    assert {"E-CAPITAL", "E-ONLINE", "E-CAKE", "E-SEW"} <= set(ids(youth_all.entrepreneurship))


def test_a_programmes_explanation_says_which_evidence_counted(trade_engine):
    owner = {r.item_id: r.explanation for r in
             trade_engine.recommend_for_jobseeker("JS-OWNER", OPTS).entrepreneurship}  # fmt: skip
    assert owner["E-CAPITAL"].facts["own_trade_need"] == {"topics": ["modal"]}
    assert "own_trade_business" in owner["E-CAPITAL"].facts
    assert "own_trade_skills" in owner["E-CAKE"].facts
    assert "own_trade_need" not in owner["E-CAKE"].facts  # a trade programme: skills counted
    assert "modal usaha" in owner["E-CAPITAL"].summary("id")
    [wish] = trade_engine.recommend_for_jobseeker("JS-WISH", OPTS).entrepreneurship
    assert "own_trade_intent" in wish.explanation.facts
    assert "own_trade_business" not in wish.explanation.facts
    assert "the business they want to start" in wish.explanation.summary("en")


def test_a_request_that_weighs_no_evidence_part_is_not_judged_by_it(trade_engine):
    # All weight on distance: the counselor asks for the nearest eligible jobs.
    nearest = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.05,
                           weights=Weights(0, 0, 1, 0, 0, 0))  # fmt: skip
    assert {"V-SEW", "V-IRON"} <= set(
        ids(trade_engine.recommend_for_jobseeker("JS-TAILOR", nearest).vacancies)
    )


def test_a_floor_of_zero_turns_the_own_trade_rule_off_too(trade_engine):
    everything = trade_engine.recommend_for_jobseeker(
        "JS-TAILOR", MatchOptions(as_of=TODAY, pathways=0, relevance_floor=0.0)
    )
    assert {"V-SEW", "V-IRON", "V-DRIVE"} <= set(ids(everything.vacancies))


@pytest.mark.parametrize("kind", [VAC, TRAIN, BIZ])
def test_with_own_trade_evidence_batch_results_equal_one_by_one_results(trade_engine, kind):
    batch_i, batch_s = trade_engine.rank_all(kind, top_k=5, options=OPTS, shortlist=0)
    name = {VAC: "vacancies", TRAIN: "trainings", BIZ: "entrepreneurship"}[kind]
    cat = trade_engine.catalog(kind)
    for row, pid in enumerate(trade_engine.people_.ids):
        one = getattr(trade_engine.recommend_for_jobseeker(pid, OPTS), name)
        batch = [cat.ids[j] for j in batch_i[row] if j >= 0]
        assert batch == ids(one)
        np.testing.assert_allclose(batch_s[row][: len(one)], [r.score for r in one], rtol=1e-5)


# --- vocational trainings: what the person asks for, or their own trade's jobs need ------
@pytest.fixture(scope="module")
def gap_engine():
    # A tailor near a shop: the shop job is eligible and near, so it is among her best
    # vacancies, but neither her skills nor her words are a shop assistant's.
    tailor = person("JS-TAILOR", skills=("menjahit", "obras"), interests="penjahit garmen")
    vacancies = [
        vacancy("V-SEW", "Penjahit garmen", ("menjahit", "obras", "membuat pola")),
        vacancy("V-SHOP", "Pramuniaga toko", ("kasir", "melayani pelanggan")),
    ]
    programs = [
        training("T-PATTERN", "Kursus membuat pola", ("membuat pola",)),
        training("T-SHOP", "Pelatihan kasir dan pelayanan", ("kasir", "melayani pelanggan")),
    ]
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        [tailor], programs, vacancies
    )


def test_a_course_closing_the_gap_of_a_job_in_another_trade_is_not_listed(gap_engine):
    listed = gap_engine.recommend_for_jobseeker("JS-TAILOR", OPTS)
    assert ids(listed.vacancies) == ["V-SEW"]
    assert ids(listed.trainings) == ["T-PATTERN"]  # what her own trade's job needs
    [course] = listed.trainings
    assert "own_trade_teaches" in course.explanation.facts
    assert "jobs in their trade need" in course.explanation.summary("en")
    # Without the own-trade rule the shop job's gap counts, and its course is listed.
    unjudged = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.05,
                            own_trade=False)  # fmt: skip
    everything = gap_engine.recommend_for_jobseeker("JS-TAILOR", unjudged)
    assert set(ids(everything.trainings)) == {"T-PATTERN", "T-SHOP"}
    shop = next(r for r in everything.trainings if r.item_id == "T-SHOP")
    assert shop.explanation.part("skills").value > 0  # what the shop job asks for


def test_the_skill_gap_counts_only_the_jobs_with_own_trade_evidence(gap_engine):
    people, pidx = gap_engine.people_, np.array([0])
    cat = gap_engine.catalog(VAC)
    shop_skills = set(cat.required[cat.ids.index("V-SHOP")].indices.tolist())
    judged = gap_engine.skill_gap(people, pidx, OPTS)
    unjudged = gap_engine.skill_gap(
        people, pidx, MatchOptions(as_of=TODAY, relevance_floor=0.05, own_trade=False)
    )
    assert shop_skills <= set(unjudged.indices.tolist())
    assert not shop_skills & set(judged.indices.tolist())
    # The batch gives the best vacancies ranked without evidence: the same gap.
    top = (np.array([[cat.ids.index("V-SHOP"), cat.ids.index("V-SEW")]]),
           np.array([[0.9, 0.8]], dtype=np.float32))  # fmt: skip
    batch = gap_engine.skill_gap(people, pidx, OPTS, top=top)
    assert set(batch.indices.tolist()) == set(judged.indices.tolist())


def test_with_the_trade_gap_batch_trainings_equal_one_by_one(gap_engine):
    top, _ = gap_engine.rank_all(TRAIN, top_k=5, options=OPTS, shortlist=0)
    cat = gap_engine.catalog(TRAIN)
    assert [cat.ids[j] for j in top[0] if j >= 0] == ids(
        gap_engine.recommend_for_jobseeker("JS-TAILOR", OPTS).trainings
    )


# --- pathways and programme needs ---------------------------------------------------------
def _fused_engine(people, programs, vacancies):
    """Two encoders fused, so the text part is a z-score (as with the default); both
    TF-IDF reading the texts as written (names the router does not render for), so
    that shared words decide."""
    from matcher.text.encoders import TfidfEncoder

    encoders = {"chars_a": TfidfEncoder(), "chars_b": TfidfEncoder()}
    return MatchingEngine(encoder=encoders, normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


FILLER = ("Kurir motor", "Tukang las", "Kasir minimarket", "Satpam malam", "Montir AC",
          "Barista kopi", "Staf gudang", "Admin data", "Sopir truk", "Tukang cat")  # fmt: skip


def test_a_pathway_leads_to_a_job_the_persons_words_point_to():
    tailor = person("JS-TAILOR", skills=("menjahit",), interests="penjahit garmen konveksi")
    vacancies = [
        vacancy("V-PATTERN", "Penjahit garmen konveksi", ("menjahit", "pola")),
        vacancy("V-BABY", "Pengasuh bayi", ("mengasuh anak",)),
    ] + [vacancy(f"V-{i}", title, (f"skill {i}",)) for i, title in enumerate(FILLER)]
    programs = [training("T-BOTH", "Kursus pola dan pengasuhan", ("pola", "mengasuh anak"))]
    engine = _fused_engine([tailor], programs, vacancies)
    judged = MatchOptions(as_of=TODAY, diversity=0.0, relevance_floor=0.05)
    plans = {
        p.vacancy.item_id for p in engine.recommend_for_jobseeker("JS-TAILOR", judged).pathways
    }
    assert plans == {"V-PATTERN"}
    anything = MatchOptions(as_of=TODAY, diversity=0.0, relevance_floor=0.05, own_trade=False)
    unjudged = engine.recommend_for_jobseeker("JS-TAILOR", anything).pathways
    assert {"V-PATTERN", "V-BABY"} <= {p.vacancy.item_id for p in unjudged}


def test_a_jobs_skill_gap_counts_for_trainings_but_not_for_business_programmes():
    owner = person(
        "JS-OWNER", skills=("kelola warung",), segment=Segment.WOMAN_ENTREPRENEUR, age=39,
        business_description="warung sembako", business_stage=BusinessStage.STARTING,
    )  # fmt: skip
    vacancies = [vacancy("V-BAKE", "Staf produksi roti", ("membuat roti",))]
    programs = [
        training("T-BAKE", "Kursus membuat roti", ("membuat roti",)),
        training("E-BAKE", "Usaha roti rumahan", ("membuat roti",),
                 program_type=ProgramType.ENTREPRENEURSHIP),
    ]  # fmt: skip
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        [owner], programs, vacancies
    )
    everything = MatchOptions(as_of=TODAY, pathways=0, relevance_floor=0.0)
    result = engine.recommend_for_jobseeker("JS-OWNER", everything)

    def skills_part(rec):
        return next(p.value for p in rec.explanation.parts if p.part.value == "skills")

    [course], [programme] = result.trainings, result.entrepreneurship
    assert skills_part(course) > 0  # what her nearest job asks for and she lacks
    assert skills_part(programme) == 0  # a bakery job's gap is not her warung's need
    assert not programme.explanation.skills_matched


def test_a_business_owner_gets_the_course_she_asks_for_not_the_one_her_jobs_lack():
    owner = person(
        "JS-OWNER", skills=("membuat kue",), segment=Segment.WOMAN_ENTREPRENEUR, age=36,
        business_description="jualan kue basah dari rumah", business_stage=BusinessStage.STARTING,
        interests="jualan online; melayani pelanggan",
    )  # fmt: skip
    # A bakery job reads like her business (text z-score >= BUSINESS_TEXT among thirty
    # other jobs), so it is in her trade; she lacks one of its skills.
    vacancies = [
        vacancy("V-BAKE", "Produksi kue basah rumahan", ("membuat kue", "membuat pola")),
    ] + [
        vacancy(f"V-{k}-{i}", f"{title} {k}", (f"skill {i}",))
        for k in range(3)
        for i, title in enumerate(FILLER)
    ]
    programs = [
        training("T-GAP", "Kursus kue dan pola", ("membuat pola", "membuat kue")),
        training("T-ASKED", "Pelatihan jualan online", ("jualan online", "melayani pelanggan")),
    ]
    engine = _fused_engine([owner], programs, vacancies)
    assert "V-BAKE" in ids(engine.recommend_for_jobseeker("JS-OWNER", OPTS).vacancies)
    assert engine.skill_gap(engine.people_, np.array([0]), OPTS).nnz == 0
    unjudged = MatchOptions(as_of=TODAY, relevance_floor=0.05, own_trade=False)
    assert engine.skill_gap(engine.people_, np.array([0]), unjudged).nnz > 0
    assert ids(engine.recommend_for_jobseeker("JS-OWNER", OPTS).trainings) == ["T-ASKED"]


def test_a_trade_programme_sharing_only_a_general_skill_is_not_her_trade():
    # Both owners can cost their goods (hitung HPP, a general business topic); only the
    # baker shares the cake course's trade skill, so only she is in its trade.
    shop, baker = (
        person(pid, skills=skills, segment=Segment.WOMAN_ENTREPRENEUR, age=40,
               business_description=text, business_stage=BusinessStage.STARTING)
        for pid, skills, text in (
            ("JS-SHOP", ("hitung HPP", "jaga toko"), "warung kelontong di gang"),
            ("JS-BAKER", ("hitung HPP", "membuat kue"), "jualan kue kering di rumah"),
        )
    )  # fmt: skip
    cake = training("E-CAKE", "Usaha kue rumahan", ("membuat kue", "hitung HPP"),
                    program_type=ProgramType.ENTREPRENEURSHIP)  # fmt: skip
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        [shop, baker], [cake], [vacancy("V-DRIVE", "Kurir motor", ("driving",))]
    )
    assert ids(engine.recommend_for_jobseeker("JS-BAKER", OPTS).entrepreneurship) == ["E-CAKE"]
    assert engine.recommend_for_jobseeker("JS-SHOP", OPTS).entrepreneurship == []
    without = MatchOptions(as_of=TODAY, pathways=0, relevance_floor=0.05, own_trade=False)
    assert ids(engine.recommend_for_jobseeker("JS-SHOP", without).entrepreneurship) == ["E-CAKE"]


def test_a_running_business_is_not_offered_the_class_for_starting_one():
    people = [
        person(
            "JS-GROWING", skills=("membuat kue",), segment=Segment.WOMAN_ENTREPRENEUR,
            business_description="jualan kue kering di rumah, sudah 3 tahun",
            interests="butuh tambahan modal", business_stage=BusinessStage.GROWING, age=35,
        ),
        person(
            "JS-IDEA", segment=Segment.WOMAN_ENTREPRENEUR, interests="butuh modal",
            business_description="mau jualan kue", business_stage=BusinessStage.IDEA, age=30,
        ),
    ]  # fmt: skip
    programs = [
        training("E-START", "Kelas wirausaha pemula: dari ide usaha ke usaha",
                 ("ide usaha", "hitung modal awal"), program_type=ProgramType.ENTREPRENEURSHIP),
        training("E-CAPITAL", "Klinik modal usaha", ("akses modal",),
                 program_type=ProgramType.ENTREPRENEURSHIP),
    ]  # fmt: skip
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(people, programs, [])
    growing = engine.recommend_for_jobseeker("JS-GROWING", OPTS).entrepreneurship
    idea = engine.recommend_for_jobseeker("JS-IDEA", OPTS).entrepreneurship
    assert ids(growing) == ["E-CAPITAL"]
    assert sorted(ids(idea)) == ["E-CAPITAL", "E-START"]


# --- a programme that names its sector ------------------------------------------------
def test_programme_bits_hold_a_sector_programme_to_businesses_of_its_sector():
    from matcher.scoring.evidence import sector_masks

    food, fashion, unknown = sector_masks([{"kuliner"}, {"fashion"}, set()])
    # Two owners who ask for the topic (bit 1) of four general programmes, of which the
    # first names the food sector, the second fashion, the third both, the fourth none.
    items = np.array([food, fashion, food | fashion, unknown], dtype=np.int64)[None, :]
    bits = programme_bits(
        np.array([1, 1, 1], np.int64), np.ones((1, 4), np.int64), np.ones((1, 4), bool),
        np.zeros((3, 4), np.float32), np.zeros(3, bool),
        np.array([food, fashion, unknown], np.int64), items,
    ) | np.uint8(Evidence.BUSINESS)  # fmt: skip
    assert own_trade(BIZ, bits).tolist() == [
        [True, False, True, True],  # a caterer: not the fashion programme
        [False, True, True, True],  # a tailor: not the food programme
        [True, True, True, True],  # a business whose sector her words do not say
    ]
    # Without sector masks nothing is held back (the rule before sectors were read).
    plain = programme_bits(
        np.array([1], np.int64), np.ones((1, 4), np.int64), np.ones((1, 4), bool),
        np.zeros((1, 4), np.float32), np.zeros(1, bool),
    ) | np.uint8(Evidence.BUSINESS)  # fmt: skip
    assert own_trade(BIZ, plain).tolist() == [[True, True, True, True]]


def owners_lists(businesses: dict[str, str], interests: str, skill: str,
                 titles: dict[str, str]) -> dict[str, list[str]]:  # fmt: skip
    """Each owner's (id -> business description, all asking ``interests``) listed
    entrepreneurship programmes (id -> title, each teaching ``skill``), sorted."""
    people = [person(pid, segment=Segment.WOMAN_ENTREPRENEUR, age=30,
                     business_description=text, interests=interests)
              for pid, text in businesses.items()]  # fmt: skip
    programs = [training(name, title, (skill,), program_type=ProgramType.ENTREPRENEURSHIP)
                for name, title in titles.items()]  # fmt: skip
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, [vacancy("V-1", "Kasir", ("kasir",))]
    )
    return {pid: sorted(ids(engine.recommend_for_jobseeker(pid, OPTS).entrepreneurship))
            for pid in businesses}  # fmt: skip


def test_a_culinary_programme_is_not_listed_for_a_laundry():
    lists = owners_lists(
        {"JS-LAUNDRY": "laundry kiloan di rumah", "JS-CAKE": "jualan kue kering"},
        "mau rapiin pembukuan",
        "pembukuan sederhana",
        {"E-FOOD": "Pendampingan UMKM Kuliner", "E-ANY": "Kelas pembukuan untuk UMKM"},
    )
    assert lists == {"JS-LAUNDRY": ["E-ANY"], "JS-CAKE": ["E-ANY", "E-FOOD"]}


# --- a programme about selling products, for a business that gives a service ------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("laundry kiloan di rumah, antar jemput", True),
        ("salon muslimah di rumah (potong, creambath)", True),
        ("jasa makeup panggilan wisuda", True),
        ("salon rumahan + jualan skincare", False),  # sells goods too
        ("bengkel motor, jual sparepart", False),
        ("rencana salon rumahan, belum mulai jualan", True),  # a denied sale sells nothing
        ("laundry kiloan, blm dagang apa2", True),
        ("salon rumahan, ga cuma jasa, jualan skincare juga", False),  # denies the other
        ("salon, gak cuma jualan skincare", False),  # "not only"
        ("jasa makeup, ga sekedar jualan kosmetik", False),
        ("laundry kiloan + tak lupa jual parfum laundry", False),  # "not forgetting"
        ("salon, harga tdk mahal, jual skincare juga", False),  # another clause
        ("laundry, belum. jualan deterjen", False),
        ("warung sembako", False),  # a trade sector, not a service
        ("usaha rumahan", False),  # no sector named: not judged
        ("", False),
    ],
)
def test_a_business_gives_services_only(text, expected):
    from matcher.scoring.business import gives_services_only

    assert gives_services_only(text) is expected


def test_a_programme_about_selling_products_is_read_from_its_title():
    from matcher.scoring.business import sells_goods

    def programme(title, skills=("promosi online",)):
        return training("E-1", title, skills, program_type=ProgramType.ENTREPRENEURSHIP)

    for title in ("Onboarding Marketplace & Katalog Online", "Foto Produk Pakai HP",
                  "Bazar UMKM Jagakarsa", "Kemasan Produk dan Sertifikasi Halal"):  # fmt: skip
        assert sells_goods(programme(title)), title
    for title in ("Pemasaran Online lewat Instagram", "Pembukuan Sederhana untuk UMKM",
                  "Pendampingan Usaha Jasa: Laundry & Salon"):  # fmt: skip
        assert not sells_goods(programme(title)), title
    # The title says the purpose: a service programme that also shows product photos.
    assert not sells_goods(programme("Pendampingan usaha jasa", ("foto produk", "promosi")))


def test_a_marketplace_programme_is_not_listed_for_a_laundry():
    lists = owners_lists(
        {"JS-LAUNDRY": "laundry kiloan di rumah", "JS-SHOP": "olshop hijab"},
        "promosi online", "promosi online",
        {"E-MARKET": "Jualan online di Shopee & Tokopedia",
         "E-SOCIAL": "Promosi online lewat Instagram"},
    )  # fmt: skip
    assert lists == {"JS-LAUNDRY": ["E-SOCIAL"], "JS-SHOP": ["E-MARKET", "E-SOCIAL"]}

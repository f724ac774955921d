"""The calibrated semantic path of the skill normaliser, on a taxonomy whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from matcher.evaluation.profiles import _list_figures
from matcher.evaluation.skill_phrases import candidate_figures, cross_validated, score_phrases
from matcher.text.glossary import Glossary
from matcher.text.skills import (
    EscoTaxonomy,
    MatchVia,
    OccupationConcept,
    SkillConcept,
    SkillNormaliser,
)
from matcher.text.skills.calibrate import (
    fit_confidence,
    local_demand,
    pseudo_queries,
    reverse_glossary,
    to_indonesian,
)
from matcher.text.skills.candidates import candidate_pool
from matcher.text.skills.confidence import FEATURES, SkillConfidence
from matcher.text.skills.phrases import label_key
from matcher.text.skills.rerank import SkillReranker

COOK = SkillConcept("s:cook", "use cooking techniques", ("cook food",), "skill/competence")
SEW = SkillConcept("s:sew", "sew pieces of fabric", ("sew fabric",), "skill/competence")
CASH = SkillConcept("s:cash", "operate cash register", ("use till",), "skill/competence")
FOOD = SkillConcept("s:food", "food science", ("cuisine theory",), "knowledge")
DRIVE = SkillConcept("s:drive", "drive vehicles", ("drive car",), "skill/competence")
SKILLS = (COOK, SEW, CASH, FOOD, DRIVE)
COOK_OCC = OccupationConcept("o:cook", "cook", (), "5120")
TAXONOMY = EscoTaxonomy(SKILLS, (COOK_OCC,), (("o:cook", "essential", "s:cook"),))


class ConceptEncoder:
    """Words -> one of six concept axes, so 'masak' and 'cooking' land together."""

    AXES = {"masak": 0, "cook": 0, "cooking": 0, "food": 0, "jahit": 1, "sew": 1, "fabric": 1,
            "kasir": 2, "till": 2, "cash": 2, "register": 2, "clean": 5, "cleaning": 5, "rooms": 5, "science": 3, "theory": 3,
            "cuisine": 3, "nyetir": 4, "drive": 4, "vehicles": 4, "car": 4}  # fmt: skip

    def transform(self, texts):
        out = np.full((len(texts), 7), 0.05, dtype=np.float32)
        for i, text in enumerate(texts):
            for word in label_key(text).split():
                if word in self.AXES:
                    out[i, self.AXES[word]] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def semantic_normaliser(confidence: SkillConfidence) -> SkillNormaliser:
    enc = ConceptEncoder()
    # No glossary and no lexicon: the toy encoder reads the phrase's own words.
    return SkillNormaliser(
        semantic={"use": enc, "minilm": enc}, confidence=confidence, glossary=Glossary([]),
        overrides={}, lexicon=False,
    ).fit(TAXONOMY)  # fmt: skip


def hand(bar: float = 0.6, extra_bar: float = 1.0, **weights: float) -> SkillConfidence:
    """A hand-set calibration: dense agreement and votes mean right, knowledge is held back."""
    base = {"lexical": 1.0, "use_written": 2.0, "use_rendered": 2.0, "minilm": 2.0,
            "votes": 2.0, "knowledge": -1.0, "knowledge_asked": 2.0, **weights}  # fmt: skip
    return SkillConfidence(tuple(base.get(f, 0.0) for f in FEATURES), -4.0, bar, "", extra_bar)


HAND = hand()


def test_an_indonesian_word_tfidf_cannot_read_maps_through_the_dense_vote():
    norm = semantic_normaliser(HAND)
    [m] = norm.normalise_one("masak")
    assert (m.uri, m.via) == ("s:cook", MatchVia.SEMANTIC)
    assert 0.6 <= m.score <= 1.0  # a calibrated probability above the bar


def test_below_the_bar_the_persons_words_are_kept():
    [m] = semantic_normaliser(hand(bar=0.999)).normalise_one("masak")
    assert m.uri is None and m.text == "masak" and m.via is MatchVia.UNMAPPED


# A knowledge concept whose names say exactly what a skill concept's names say: only the
# skill type and the phrase can decide between them.
CLEAN = SkillConcept("s:clean", "clean rooms", ("room cleaning",), "skill/competence")
CLEAN_K = SkillConcept("s:cleanK", "room cleaning", ("clean rooms",), "knowledge")


def test_a_skill_beats_a_knowledge_concept_with_the_same_names_unless_a_field_is_named():
    enc = ConceptEncoder()
    norm = SkillNormaliser(
        semantic={"use": enc, "minilm": enc}, confidence=HAND, glossary=Glossary([]),
        overrides={},
    ).fit(EscoTaxonomy([CLEAN_K, CLEAN, COOK]))  # fmt: skip
    [m] = norm.normalise_one("cleaning rooms")
    assert m.uri == "s:clean"
    [m] = norm.normalise_one("ilmu cleaning rooms")
    assert m.uri == "s:cleanK"


def test_a_phrase_naming_two_skills_claims_two_concepts_and_one_skill_only_one():
    norm = semantic_normaliser(hand(bar=0.6, extra_bar=0.6))
    got = {m.uri for m in norm.normalise_one("masak jahit")}  # no joiner to split on
    assert got == {"s:cook", "s:sew"}
    assert {m.uri for m in norm.normalise_one("masak")} == {"s:cook"}
    # With the default extra bar (1.0) one phrase claims one concept.
    assert len(semantic_normaliser(HAND).normalise_one("masak jahit")) == 1


def test_alternative_labels_are_matched_not_only_preferred_labels():
    norm = semantic_normaliser(HAND)
    cand, x = norm.candidate_features(["use till"])[0]
    row = [norm.skills_[c].uri for c in cand].index("s:cash")
    assert x[row, FEATURES.index("use_rendered")] == pytest.approx(1.0, abs=1e-5)
    assert x[row, FEATURES.index("label_best")] == 0.0  # best by its alternative label


def test_hidden_names_are_not_seen_so_a_pseudo_query_is_not_its_own_answer():
    norm = semantic_normaliser(HAND)
    till = norm.alias_texts_.index("use till")
    cand, x = norm.candidate_features(["use till"], exclude=[[till]])[0]
    row = [norm.skills_[c].uri for c in cand].index("s:cash")
    assert x[row, FEATURES.index("phrase_said")] < 1.0
    assert x[row, FEATURES.index("lexical")] < 0.5


def test_an_exact_name_shared_with_a_knowledge_concept_maps_to_the_skill_on_the_default_path():
    securities = SkillConcept("s:sec", "securities", ("security",), "knowledge")
    guard = SkillConcept("s:guard", "guard premises", ("security",), "skill/competence")
    norm = SkillNormaliser(overrides={}, glossary=Glossary([])).fit([securities, guard])
    assert [m.uri for m in norm.normalise_one("security")] == ["s:guard"]
    held = SkillNormaliser(overrides={}, glossary=Glossary([]), knowledge_discount=1.0)
    assert [m.uri for m in held.fit([securities, guard]).normalise_one("security")] == ["s:sec"]


def test_pseudo_queries_are_drawn_only_from_concepts_local_work_needs():
    norm = semantic_normaliser(HAND)
    phrases, _ = pseudo_queries(norm, n_english=20, n_indonesian=0, demand={"s:cash": 1.0})
    assert {next(iter(right)) for _, right in phrases} == {"s:cash"}
    occupations = (OccupationConcept("o:clerk", "clerk", (), "4110"),
                   OccupationConcept("o:doctor", "doctor", (), "2211"))  # fmt: skip
    tax = EscoTaxonomy(SKILLS, occupations, (("o:clerk", "essential", "s:cash"),
                                             ("o:clerk", "optional", "s:sew"),
                                             ("o:doctor", "essential", "s:food")))  # fmt: skip
    assert local_demand(tax) == {"s:cash": 1.0, "s:sew": 0.5}


def test_popularity_counts_the_occupations_that_need_a_skill():
    norm = semantic_normaliser(HAND)
    assert norm.popularity_[[s.uri for s in norm.skills_].index("s:cook")] == 1.0
    assert norm.popularity_[[s.uri for s in norm.skills_].index("s:sew")] == 0.0


def test_fitted_reranker_ranks_right_concepts_first_and_reaches_its_precision():
    placeholder = SkillConfidence(tuple(0.0 for _ in FEATURES), 0.0, 0.5)
    norm = semantic_normaliser(placeholder)
    phrases = [("masak", frozenset({"s:cook"})), ("jahit", frozenset({"s:sew"})),
               ("kasir", frozenset({"s:cash"})), ("nyetir", frozenset({"s:drive"})),
               ("cook food", frozenset({"s:cook"})), ("sew fabric", frozenset({"s:sew"})),
               ("use till", frozenset({"s:cash"})), ("drive car", frozenset({"s:drive"}))]  # fmt: skip
    conf, figures = fit_confidence(norm, phrases, target_precision=0.85)
    assert figures["top1_right"] == 1.0
    assert figures["claimed_precision"] >= 0.85
    assert conf.coef[FEATURES.index("use_rendered")] > 0  # dense agreement means right


def test_equal_scores_at_a_pools_boundary_go_to_the_lower_index():
    # 198 concepts tie at 0 below two clear leaders: the pool of 3 takes the lowest
    # index among the tied, whatever order the CPU's partition leaves them in (numpy's
    # argpartition picks another on most of these draws here).
    rng = np.random.default_rng(0)
    other = np.zeros(200)
    other[[197, 198, 199]] = 1.0
    for _ in range(20):
        order = rng.permutation(200)
        scores = np.zeros(200)
        scores[order[:2]] = [0.9, 0.8]
        lowest_tied = int(np.sort(order[2:])[0])
        got = candidate_pool([scores, other], 3)
        assert got.tolist() == sorted({*order[:2].tolist(), lowest_tied, 197, 198, 199})


def test_the_glossary_read_backwards_renders_esco_names_into_indonesian():
    reverse = reverse_glossary(Glossary([("jahit", "sewing"), ("menjahit", "sewing"),
                                         ("mesin jahit", "sewing machine")]))  # fmt: skip
    assert to_indonesian("operate sewing machine", reverse) == "operate mesin jahit"
    assert to_indonesian("hand sewing", reverse) == "hand jahit"


def test_pseudo_queries_are_esco_names_whose_right_concept_carries_them():
    norm = semantic_normaliser(HAND)
    phrases, hidden = pseudo_queries(norm, n_english=3, n_indonesian=0)
    for (query, right), names in zip(phrases, hidden, strict=True):
        owners = {norm.skills_[int(norm.alias_owner_[a])].uri for a in names}
        assert owners == set(right)
        assert set(query.split()) <= set(" ".join(norm.alias_texts_[a] for a in names).split())


@parametrize_with_checks([SkillReranker()])
def test_the_reranker_follows_the_scikit_learn_contract(estimator, check):
    check(estimator)


def test_the_reranker_folds_its_scaling_into_one_dot_product():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3)) * [1.0, 10.0, 0.1] + [0.0, 5.0, -1.0]
    y = (x[:, 0] + x[:, 2] * 10 + rng.normal(size=200) > -10).astype(int)
    model = SkillReranker().fit(x, y)
    conf = model.to_confidence(0.5)
    assert conf.probability(x) == pytest.approx(model.predict_proba(x)[:, 1])


def test_a_saved_confidence_reads_back_and_refuses_other_features(tmp_path):
    path = tmp_path / "c.json"
    hand(extra_bar=0.7).to_json(path)
    back = SkillConfidence.from_json(path)
    assert back.coef == pytest.approx(HAND.coef) and back.extra_bar == 0.7
    path.write_text(path.read_text().replace('"popularity"', '"other"'))
    with pytest.raises(ValueError, match="calibrate-skills"):
        SkillConfidence.from_json(path)


def test_the_cross_validated_bar_is_chosen_without_the_phrases_it_scores():
    # Right concepts come with 0.8, wrong ones with 0.3: any bar in (0.3, 0.8] is perfect.
    scored, groups = [], []
    for i in range(40):
        right = i % 4 != 0
        scored.append([[("s:right" if right else "s:wrong", 0.8 if right else 0.3)]])
        groups.append([frozenset({"s:right"})])
    figures, bars = cross_validated(scored, groups, folds=4, target_precision=0.9)
    assert all(0.3 < bar <= 0.8 for bar, _ in bars)
    assert figures["claimed_precision"] == 1.0
    assert figures["right_share"] == pytest.approx(30 / 40)


def test_candidate_figures_take_the_best_rank_of_a_right_concept():
    scored = [[[("x", 0.9), ("a", 0.5)]], [[("b", 0.7)]], [[("y", 0.2)]]]
    groups = [[frozenset({"a"})], [frozenset({"b"})], [frozenset({"c"})]]
    f = candidate_figures(scored, groups)
    assert f["in_candidates"] == pytest.approx(2 / 3)
    assert f["top1"] == pytest.approx(1 / 3)
    assert f["mrr"] == pytest.approx((1 / 2 + 1) / 3)


def test_phrase_scores_count_groups_alternatives_and_kept_words():
    groups = [
        [frozenset({"a", "a2"}), frozenset({"b"})],  # two skills named, a has an alternative
        [frozenset({"c"})],
        [],  # no ESCO concept: keeping the words is right
    ]
    claimed = [{"a2", "x"}, set(), set()]
    s = score_phrases(claimed, groups)
    assert s["right_share"] == 0.5  # phrase 1 has a right concept, phrase 2 none
    assert s["claimed_precision"] == 0.5  # a2 right, x wrong
    assert s["group_recall"] == pytest.approx(1 / 3)
    assert s["kept_words_share"] == 1.0


def test_profile_figures_follow_the_dev_sets_scoring_rules():
    judged = {("P1", "V1"): "accept", ("P1", "V2"): "maybe", ("P2", "V3"): "accept"}
    shown = {"P1": ["V1", "V2", "V9"], "P2": ["V8"], "P3": []}
    f = _list_figures(shown, judged, {"V1", "V2", "V3", "V8", "V9"})
    assert f["precision@5"] == pytest.approx((1 / 1 + 0 / 1) / 2)  # P1 1 of 1, P2 0 of 1
    assert f["reject_share@10"] == pytest.approx((1 / 3 + 1 / 1) / 2)  # maybe is no reject
    assert f["listed"] == pytest.approx(4 / 3)


def test_profiles_split_into_the_odd_and_even_halves_the_docs_report():
    from matcher.evaluation.profiles import _half

    assert [_half(p) for p in ("EP-001", "EP-002", "EP-065", "EP-066")] == [
        "odd", "even", "odd", "even",
    ]  # fmt: skip

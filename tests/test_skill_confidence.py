"""The calibrated semantic path of the skill normaliser, on a taxonomy whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.evaluation.profiles import _list_figures
from matcher.evaluation.skill_phrases import score_phrases
from matcher.text.glossary import Glossary
from matcher.text.skills import (
    EscoTaxonomy,
    MatchVia,
    OccupationConcept,
    SkillConcept,
    SkillNormaliser,
)
from matcher.text.skills.calibrate import fit_confidence
from matcher.text.skills.confidence import FEATURES, SkillConfidence
from matcher.text.skills.phrases import label_key

COOK = SkillConcept("s:cook", "use cooking techniques", ("cook food",), "skill/competence")
SEW = SkillConcept("s:sew", "sew pieces of fabric", ("sew fabric",), "skill/competence")
CASH = SkillConcept("s:cash", "operate cash register", ("use till",), "skill/competence")
FOOD = SkillConcept("s:food", "food science", ("cuisine theory",), "knowledge")
DRIVE = SkillConcept("s:drive", "drive vehicles", ("drive car",), "skill/competence")
SKILLS = (COOK, SEW, CASH, FOOD, DRIVE)
COOK_OCC = OccupationConcept("o:cook", "cook", (), "5120")
TAXONOMY = EscoTaxonomy(SKILLS, (COOK_OCC,), (("o:cook", "essential", "s:cook"),))


class ConceptEncoder:
    """Words -> one of five concept axes, so 'masak' and 'cooking' land together."""

    AXES = {"masak": 0, "cook": 0, "cooking": 0, "food": 0, "jahit": 1, "sew": 1, "fabric": 1,
            "kasir": 2, "till": 2, "cash": 2, "register": 2, "science": 3, "theory": 3,
            "cuisine": 3, "nyetir": 4, "drive": 4, "vehicles": 4, "car": 4}  # fmt: skip

    def transform(self, texts):
        out = np.full((len(texts), 6), 0.05, dtype=np.float32)
        for i, text in enumerate(texts):
            for word in label_key(text).split():
                if word in self.AXES:
                    out[i, self.AXES[word]] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def semantic_normaliser(confidence: SkillConfidence) -> SkillNormaliser:
    enc = ConceptEncoder()
    return SkillNormaliser(
        semantic={"use": enc, "minilm": enc}, confidence=confidence, glossary=Glossary([]),
        overrides={},
    ).fit(TAXONOMY)  # fmt: skip


# Dense evidence dominates, a knowledge concept is held back: a hand-set calibration.
HAND = SkillConfidence((1.0, 3.0, 3.0, 2.0, -1.0, 1.0, 0.5), -4.0, 0.6)


def test_an_indonesian_word_tfidf_cannot_read_maps_through_the_dense_vote():
    norm = semantic_normaliser(HAND)
    [m] = norm.normalise_one("masak")
    assert (m.uri, m.via) == ("s:cook", MatchVia.SEMANTIC)
    assert 0.6 <= m.score <= 1.0  # a calibrated probability above the bar


def test_below_the_bar_the_persons_words_are_kept():
    strict = SkillConfidence(HAND.coef, HAND.intercept, 0.999)
    [m] = semantic_normaliser(strict).normalise_one("masak")
    assert m.uri is None and m.text == "masak" and m.via is MatchVia.UNMAPPED


def test_a_skill_is_preferred_to_a_knowledge_concept_unless_the_phrase_asks_for_knowledge():
    norm = semantic_normaliser(HAND)
    cand, x = norm.candidate_features(["cooking food"])[0]
    uris = [norm.skills_[c].uri for c in cand]
    p = HAND.probability(x)
    assert uris[int(np.argmax(p))] == "s:cook"
    knowledge = FEATURES.index("knowledge_asked")
    [(cand2, x2)] = norm.candidate_features(["ilmu cuisine theory"])
    assert x2[[norm.skills_[c].uri for c in cand2].index("s:food"), knowledge] == 1.0


def test_popularity_counts_the_occupations_that_need_a_skill():
    norm = semantic_normaliser(HAND)
    assert norm.popularity_[[s.uri for s in norm.skills_].index("s:cook")] == 1.0
    assert norm.popularity_[[s.uri for s in norm.skills_].index("s:sew")] == 0.0


def test_fitted_confidence_ranks_right_concepts_first_and_reaches_its_precision():
    placeholder = SkillConfidence(tuple(0.0 for _ in FEATURES), 0.0, 0.5)
    norm = semantic_normaliser(placeholder)
    phrases = [("masak", frozenset({"s:cook"})), ("jahit", frozenset({"s:sew"})),
               ("kasir", frozenset({"s:cash"})), ("nyetir", frozenset({"s:drive"})),
               ("cook food", frozenset({"s:cook"})), ("sew fabric", frozenset({"s:sew"})),
               ("use till", frozenset({"s:cash"})), ("drive car", frozenset({"s:drive"}))]  # fmt: skip
    conf, figures = fit_confidence(norm, phrases, target_precision=0.85)
    assert figures["top1_right"] == 1.0
    assert figures["claimed_precision"] >= 0.85
    assert conf.coef[FEATURES.index("use")] > 0  # dense agreement means right


def test_a_saved_confidence_reads_back_and_refuses_other_features(tmp_path):
    path = tmp_path / "c.json"
    HAND.to_json(path)
    assert SkillConfidence.from_json(path).coef == pytest.approx(HAND.coef)
    path.write_text(path.read_text().replace('"popularity"', '"other"'))
    with pytest.raises(ValueError, match="calibrate-skills"):
        SkillConfidence.from_json(path)


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

"""Explanations: what each recommendation carries, built only for what is shown.

The parts and their weighted contributions, each part's facts (km, schedule fit, the two
wages), the skills matched, missing, nice-to-have and newly taught, the rules that
exclude the item or were relaxed, and the learned ranker's adjustment. Codes and values
only: the words are in ``app/i18n`` (:mod:`app.i18n.explain`).

Skills are :class:`~matcher.engine.results.SkillLabel` objects: the concept, ESCO's
English label and the project's Indonesian one (:mod:`matcher.text.concept_labels`;
an engine may carry its own table as ``engine.concept_labels``), each shown once per card.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import nullcontext
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.engine import results as ex
from matcher.scoring import evidence
from matcher.scoring.arrays import CatalogArrays, ConceptVocabulary
from matcher.scoring.parts import PARTS, PairView
from matcher.scoring.rule_facts import rule_facts
from matcher.scoring.rules import failed_rules, relax_mask
from matcher.scoring.weights import Part

if TYPE_CHECKING:
    from matcher.engine.matching import Block, MatchingEngine
    from matcher.engine.options import MatchOptions
    from matcher.scoring.arrays import PeopleArrays
    from matcher.text.concept_labels import ConceptLabels


def explain_pair(
    engine: MatchingEngine,
    kind: OpportunityKind,
    block: Block,
    row: int,
    col: int,
    *,
    people: PeopleArrays,
    person: int,
    options: MatchOptions,
    gap: sp.csr_matrix | None = None,
    item_col: int | None = None,
) -> ex.Explanation:
    """Explanation of pair (``row``, ``col``) of ``block``.

    ``person`` is the person's row in ``people``; ``item_col`` the item's row in the
    catalog when ``col`` is a column of a block of chosen items (default: ``col``);
    ``gap`` the people's skill gaps, which trainings are valued for.
    """
    pi = person
    cat = engine.catalogs_[kind]
    j = col if item_col is None else item_col
    w = options.weights.as_array()
    w = w / w.sum()
    km = float(block.km[row, col])
    values = block.parts[row, col]
    parts = tuple(
        ex.ScorePart(Part(p.name), float(values[k]), float(w[k]), float(values[k] * w[k]))
        for k, p in enumerate(PARTS)
    )
    facts: dict = {}
    for k, p in enumerate(PARTS):
        facts.update(p.explain(PairView(kind, people, pi, cat, j, float(values[k]), km)))
    if block.evidence is not None:  # why it counts as the person's own trade
        asked = ()
        if kind is OpportunityKind.ENTREPRENEURSHIP:  # the topics she asks for that it teaches
            from matcher.scoring import business

            asked = sorted(business.needs(people.records[pi])
                           & business.programme_topics(cat.records[j]))  # fmt: skip
        facts.update(evidence.explain(kind, block.evidence[row, col], asked))
    have = set(row_indices(people.effective, pi))
    near_only = have - set(row_indices(people.has_strict(), pi))
    req = list(row_indices(cat.required, j))
    label = skill_labeller(engine, people, pi)
    seen: set[str] = set()
    bonus: tuple[ex.SkillLabel, ...] = ()
    near: tuple[ex.SkillLabel, ...] = ()
    new: tuple[ex.SkillLabel, ...] = ()
    missing: tuple[ex.SkillLabel, ...] = ()
    if kind is OpportunityKind.VACANCY:
        matched = ex.distinct_labels((label(c) for c in req if c in have), seen)
        bonus = ex.distinct_labels((label(c) for c in row_indices(cat.nice, j) if c in have), seen)
        missing = ex.distinct_labels((label(c) for c in req if c not in have), seen)
        matched += bonus
        near_keys = {label(c).key for c in near_only}
        near = tuple(s for s in matched if s.key in near_keys)
    else:
        wanted = set(row_indices(people.interests, pi))
        if gap is not None:
            wanted |= set(row_indices(gap, 0 if gap.shape[0] == 1 else pi))
        matched = ex.distinct_labels(label(c) for c in req if c in wanted)
        # What it teaches that the person does not have for sure (a near skill counts).
        new = ex.distinct_labels(label(c) for c in req if c not in have - near_only)
    bits = int(block.bits[row, col])
    relaxed = relax_mask(options.relaxed_rules)
    schedule_fit = facts.pop("schedule_fit", None)
    compared = {
        r.value: rule_facts(r, kind, people, pi, cat, j, km=km, schedule_fit=schedule_fit)
        for r in failed_rules(bits)
    }  # fmt: skip
    adjustment = None
    if engine.ranker is not None:
        # The parts add up to the hand-weighted score; say how far the learned ranker
        # moved it, so the explanation still adds up to the score shown.
        adjustment = float(block.score[row, col]) - sum(p.contribution for p in parts)
    return ex.Explanation(
        parts=parts,
        skills_matched=matched,
        skills_missing=missing,
        skills_bonus=bonus,
        skills_near=near,
        skills_new=new,
        distance_km=facts.pop("distance_km", None),
        schedule_fit=schedule_fit,
        facts=facts,
        failed_rules=tuple(failed_rules(bits & ~relaxed)),
        relaxed_rules=tuple(failed_rules(bits & relaxed)),
        rule_facts=compared,
        learned_adjustment=None if adjustment is None else round(adjustment, 4),
    )


# Column -> concept key of each vocabulary, kept with it and extended as it grows.
_KEYS: WeakKeyDictionary[ConceptVocabulary, list[str]] = WeakKeyDictionary()
_KEYS_LOCK = threading.Lock()


def _vocab_keys(engine: MatchingEngine) -> list[str]:
    vocab = engine.vocab_
    keys = _KEYS.get(vocab)
    if keys is None or len(keys) < len(vocab):
        # The engine's read lock (first: a request with a new phrase may be widening the
        # vocabulary; re-entered by a request, which holds it already).
        lock = getattr(engine, "_lock", None)
        with lock.read_lock() if lock is not None else nullcontext(), _KEYS_LOCK:
            keys = list(vocab.index)
            _KEYS[vocab] = keys
    return keys


def concept_labels_of(engine: MatchingEngine) -> ConceptLabels:
    """The engine's Indonesian labels: ``engine.concept_labels`` if set, else the project's."""
    labels = getattr(engine, "concept_labels", None)
    if labels is None:
        from matcher.text.concept_labels import default_concept_labels

        labels = default_concept_labels()
    return labels


def skill_labeller(engine: MatchingEngine, people: PeopleArrays | None = None, person: int = 0):
    """column -> :class:`~matcher.engine.results.SkillLabel` for one person's card.

    A concept without an Indonesian label gets the words of ``person`` that map to it
    (if any), so the card can show them beside the English label."""
    keys, texts = _vocab_keys(engine), engine.vocab_.labels
    indonesian = concept_labels_of(engine).indonesian
    words: dict[str, str] | None = None

    def label(c: int) -> ex.SkillLabel:
        nonlocal words
        key, text = keys[c], texts[c]
        label_id = None if key.startswith(ex.RAW_PREFIX) else indonesian(key)
        own = None
        if label_id is None and people is not None and not key.startswith(ex.RAW_PREFIX):
            if words is None:
                words = _own_words(engine, people.records[person].skills)
            own = words.get(key)
        return ex.SkillLabel(key, text, label_id, own)

    return label


def _own_words(engine: MatchingEngine, phrases: Iterable[str]) -> dict[str, str]:
    """concept key -> the first of ``phrases`` that maps to it."""
    phrases = [p for p in phrases if p.strip()]
    out: dict[str, str] = {}
    try:
        mapped = engine.normalise_(phrases) if phrases else []
    except Exception:  # the words are a courtesy: a card never fails for want of them
        return out
    for phrase, pairs in zip(phrases, mapped, strict=False):
        for key, _ in pairs:
            out.setdefault(key, phrase.strip())
    return out


def item_signature(cat: CatalogArrays, j: int) -> frozenset:
    """What makes two items 'the same kind of job': title words and skill concepts."""
    words = {f"w:{w}" for w in cat.records[j].title.lower().split() if len(w) > 2}
    skills = {f"s:{c}" for c in row_indices(cat.required, j)}
    return frozenset(words | skills)


def row_indices(m: sp.spmatrix, i: int) -> np.ndarray:
    """Column indices of row ``i`` in stored order, as ``m[i].indices`` but without a
    scipy row copy (~0.1 ms each, and an explanation takes several)."""
    if m.format != "csr":
        return m.tocsr()[i].indices
    return m.indices[m.indptr[i] : m.indptr[i + 1]]

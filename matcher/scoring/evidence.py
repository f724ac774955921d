"""Own-trade evidence: is an item in the person's own trade, or in a neighbouring one?

The relevance floor (:class:`matcher.engine.options.MatchOptions`) keeps items with
nothing to do with the person off their lists, but an item in a *neighbouring* trade (a
salon job for a barber, a shop job for a warehouse checker) reads much like the person's
own and passes it. On the hand-judged profiles (docs/evaluation.md) these are most of the
rejects left in a top 10: text similarity carries them, with no skill in common.

So a person's list asks for evidence beyond the weighted mean, per pair:

- a vacancy needs skill evidence (its skills covered at least ``TRADE_SKILLS``) or text
  evidence strong enough alone (the text matcher's z-score at least ``TRADE_TEXT``);
- a person who runs a business (describes one) gets vacancies and vocational trainings
  only with strong text evidence (``BUSINESS_TEXT``): her trade is her business, and a
  job or course in it reads like it;
- an entrepreneurship programme serves a business: it is listed for a person who
  describes one.

Each pair's evidence is a set of :class:`Evidence` bits, computed with the block and
shown in the recommendation's explanation. The thresholds were chosen on the odd-numbered
profiles and reported on the even ones (docs/evaluation.md).
"""

from __future__ import annotations

from enum import IntFlag

import numpy as np

from matcher.domain import OpportunityKind

TRADE_SKILLS = 0.25  # skill coverage that counts as evidence of the person's own trade
TRADE_TEXT = 2.0  # text z-score (per person, over the catalog) that counts alone
BUSINESS_TEXT = 3.0  # text z-score a business owner's vacancies and trainings need


class Evidence(IntFlag):
    """Why a pair counts as the person's own trade (bits of one uint8 per pair)."""

    SKILLS = 1  # the person covers at least TRADE_SKILLS of the item's skills
    TEXT = 2  # the texts agree strongly: z-score at least TRADE_TEXT
    STRONG_TEXT = 4  # z-score at least BUSINESS_TEXT
    BUSINESS = 8  # the person runs a business (describes one)


def runs_business(records) -> np.ndarray:
    """(n,) bool: which people describe a business (a description or a business stage)."""
    return np.array(
        [bool((r.business_description or "").strip() or r.business_stage) for r in records],
        dtype=bool,
    )


def evidence_bits(
    skills: np.ndarray,
    text_z: np.ndarray,
    business: np.ndarray,
    lists_skills: np.ndarray | bool = True,
) -> np.ndarray:
    """(p, o) uint8 :class:`Evidence` bits from the skills part's values, the text
    matcher's z-scores (both (p, o)), which people run a business ((p,) bool) and which
    items list any skill (broadcast against the pairs: an item listing none has a neutral
    skills part, which is no evidence)."""
    covered = (skills >= np.float32(TRADE_SKILLS) - 1e-6) & lists_skills
    bits = np.where(covered, Evidence.SKILLS, 0)
    bits |= np.where(text_z >= TRADE_TEXT, Evidence.TEXT, 0)
    bits |= np.where(text_z >= BUSINESS_TEXT, Evidence.STRONG_TEXT, 0)
    bits |= np.where(np.asarray(business, dtype=bool)[:, None], Evidence.BUSINESS, 0)
    return bits.astype(np.uint8)


def own_trade(kind: OpportunityKind, bits: np.ndarray) -> np.ndarray:
    """Which pairs have the evidence their kind needs to enter a person's list."""
    bits = np.asarray(bits)
    business = (bits & Evidence.BUSINESS) != 0
    if kind is OpportunityKind.ENTREPRENEURSHIP:
        return business
    ok = ~business | ((bits & Evidence.STRONG_TEXT) != 0)
    if kind is OpportunityKind.VACANCY:
        ok &= (bits & (Evidence.SKILLS | Evidence.TEXT)) != 0
    return ok


def explain(kind: OpportunityKind, bits: int) -> dict[str, dict]:
    """The explanation's facts for one pair: ``own_trade_<basis>`` for each evidence
    that counts for ``kind`` (the words: ``fact.own_trade_*`` in ``app/i18n``)."""
    bits = Evidence(int(bits))
    if kind is OpportunityKind.ENTREPRENEURSHIP:
        return {"own_trade_business": {}} if Evidence.BUSINESS in bits else {}
    facts: dict[str, dict] = {}
    if kind is OpportunityKind.VACANCY and Evidence.SKILLS in bits:
        facts["own_trade_skills"] = {}
    if (kind is OpportunityKind.VACANCY or Evidence.BUSINESS in bits) and Evidence.TEXT in bits:
        facts["own_trade_text"] = {}
    return facts

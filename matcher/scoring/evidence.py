"""Own-trade evidence: is an item in the person's own trade, or in a neighbouring one?

The relevance floor (:class:`matcher.engine.options.MatchOptions`) keeps items with
nothing to do with the person off their lists, but an item in a *neighbouring* trade (a
salon job for a barber, a shop job for a warehouse checker) reads much like the person's
own and passes it. On the hand-judged profiles (docs/evaluation.md) these are most of the
rejects left in a top 10: text similarity carries them, with no skill in common.

So a person's list asks for evidence beyond the weighted mean, per pair:

- a vacancy needs skill evidence (its skills covered at least ``TRADE_SKILLS``) or text
  evidence strong enough alone (the text matcher's z-score at least ``TRADE_TEXT``);
- a vocational training needs skill evidence (it teaches two skills, or all it teaches,
  that the person asks for or that the jobs of their own trade ask for and they lack:
  ``SkillsPart.taught_wanted`` at least ``TRAINING_SKILLS``; the gap counts only jobs
  with own-trade evidence, see ``MatchingEngine.skill_gap``) or text evidence (z-score
  at least ``TRAINING_TEXT``). A course that only closes the gap of a job the person
  would not take is not listed;
- a person who runs a business (describes one) gets vacancies only with strong text
  evidence (``BUSINESS_TEXT``): her trade is her business, and a job in it reads like
  it. She gets vocational trainings only with skill evidence from her own words (her
  interests): a course that reads like her trade (a hotel laundry course for a laundry
  owner) serves a job, not her business, and a job's gap is not her business's need
  (``MatchingEngine.skill_gap`` gives her none);
- an entrepreneurship programme serves a business: it is listed for a person who
  describes one or writes that she wants to start one (:mod:`matcher.scoring.business`),
  and only with evidence that it serves *that* business. A general-purpose programme
  (bookkeeping, capital, permits, online selling...) needs a topic the person's words ask
  for, or business text evidence: her business description reads like the programme
  (z-score at least ``ENTERPRISE_TEXT``). A trade-specific one (cakes, sewing...) needs
  skill evidence or that business text evidence. A programme for starting a business
  (its topics include starting out: "ide usaha", "modal awal", "usaha pemula") counts
  neither for an owner whose business already runs, only for one starting out (an
  idea-stage business, or the wish to start one). A programme whose title names its sectors
  (a culinary mentoring programme) counts neither for a business whose text names only
  other sectors (a laundry): :func:`matcher.scoring.business.sectors`.

Each pair's evidence is a set of :class:`Evidence` bits, computed with the block and
shown in the recommendation's explanation. The thresholds were chosen on the odd-numbered
profiles and reported on the even ones (docs/evaluation.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntFlag
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.scoring import business

# Skill coverage that counts as evidence of the person's own trade: about one skill in
# six or seven in common (0.25 until 2026-11-30; docs/evaluation.md, "One skill in common").
TRADE_SKILLS = 0.15
TRADE_TEXT = 2.0  # text z-score (per person, over the catalog) that counts alone
# Text z-score a business owner's vacancies need: 3.0 until 2026-11-30, re-chosen on the
# odd profiles after Indonesian profiles began to be rendered word by word
# (docs/evaluation.md, "A business owner's vacancies after the rendering change").
BUSINESS_TEXT = 3.25
# Share of min(2, skills taught) that a vocational training teaches and the person wants
# or the jobs of their trade need (each counted whole): two such skills, or all it teaches.
TRAINING_SKILLS = 1.0
TRAINING_TEXT = 1.75  # text z-score that counts alone for a vocational training
# Text z-score of the person's business text (not the whole profile) against a programme
# that counts as evidence the programme serves that business.
# 1.5 until 2026-11-30; re-chosen on the odd profiles after the rendering change
# (docs/evaluation.md, "A business owner's vacancies after the rendering change").
ENTERPRISE_TEXT = 1.75


class Evidence(IntFlag):
    """Why a pair counts as the person's own trade (bits of one uint8 per pair)."""

    SKILLS = 1  # the person covers at least TRADE_SKILLS of the item's skills
    TEXT = 2  # the texts agree strongly: z-score at least TRADE_TEXT
    STRONG_TEXT = 4  # z-score at least BUSINESS_TEXT
    BUSINESS = 8  # the person runs a business (describes one)
    INTENT = 16  # no business, but the person writes that she wants to start one
    NEED = 32  # the programme teaches a general topic the person's words ask for
    BUSINESS_TEXT = 64  # her business text reads like the programme: z >= ENTERPRISE_TEXT
    GENERAL = 128  # the programme is general-purpose (teaches no trade)

    # Evidence that a programme serves the person's business, by programme scope.
    @classmethod
    def serves(cls, general: bool) -> Evidence:
        return (cls.NEED | cls.BUSINESS_TEXT) if general else (cls.SKILLS | cls.BUSINESS_TEXT)


def runs_business(records) -> np.ndarray:
    """(n,) bool: which people describe a business (a description or a business stage)."""
    return np.array([business.runs_business(r) for r in records], dtype=bool)


def wants_business(records) -> np.ndarray:
    """(n,) bool: which people without a business write that they want to start one."""
    return np.array([business.wants_business(r) for r in records], dtype=bool)


def topic_masks(topic_sets) -> np.ndarray:
    """(n,) int64 bit masks of topic sets, one bit per topic of the topic file."""
    order = {t: k for k, t in enumerate(business.topic_cues())}
    return np.array([sum(1 << order[t] for t in ts if t in order) for ts in topic_sets],
                    dtype=np.int64)  # fmt: skip


def person_arrays(people) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per indexed person, kept with the arrays: who runs a business, who wants to start
    one, and the business topics each one's words ask for (:func:`topic_masks`)."""
    records = people.records
    return (
        people.derived("business", lambda: runs_business(records)),
        people.derived("intent", lambda: wants_business(records)),
        people.derived("needs", lambda: topic_masks([business.needs(r) for r in records])),
    )


def programme_arrays(catalog) -> tuple[np.ndarray, np.ndarray]:
    """Per programme, kept with the arrays: the business topics it teaches and whether it
    is general-purpose (teaches no trade)."""
    records = catalog.records
    return (
        catalog.derived(
            "topics", lambda: topic_masks([business.programme_topics(r) for r in records])
        ),
        catalog.derived(
            "general", lambda: np.array([business.is_general(r) for r in records], dtype=bool)
        ),
    )


def sector_masks(sector_sets) -> np.ndarray:
    """(n,) int64 bit masks of sector sets, one bit per sector of the sector file."""
    order = {t: k for k, t in enumerate(business.sector_cues())}
    return np.array([sum(1 << order[t] for t in ts if t in order) for ts in sector_sets],
                    dtype=np.int64)  # fmt: skip


def person_sectors(people) -> np.ndarray:
    """(n,) int64: the sectors each indexed person's business text names, kept with the
    arrays (0: none named, or no business)."""
    records = people.records
    return people.derived(
        "sectors",
        lambda: sector_masks([business.sectors(business.business_text(r)) for r in records]),
    )


def person_services(people) -> np.ndarray:
    """(n,) bool: whose business only gives a service (names only service sectors and no
    goods it sells, :func:`matcher.scoring.business.gives_services_only`), kept."""
    records = people.records
    return people.derived("services", lambda: np.array(
        [business.gives_services_only(business.business_text(r)) for r in records], dtype=bool
    ))  # fmt: skip


def programme_goods(catalog) -> np.ndarray:
    """(n,) bool: which programmes are about selling products (their titles), kept."""
    records = catalog.records
    return catalog.derived(
        "goods", lambda: np.array([business.sells_goods(r) for r in records], dtype=bool)
    )


def programme_sectors(catalog) -> np.ndarray:
    """(n,) int64: the sectors each programme's title names, kept with the catalog."""
    records = catalog.records
    return catalog.derived(
        "sectors", lambda: sector_masks([business.programme_sectors(r) for r in records])
    )


def trade_taught(catalog, normalise, vocab) -> sp.csr_matrix:
    """(n, C) the concepts each programme teaches through a trade skill (a phrase naming
    no general business topic, :func:`matcher.scoring.business.trade_skills`), in the
    columns of ``catalog.required``; kept with the catalog. Phrases are normalised as at
    fit (the skill cache answers), and a concept the vocabulary lacks is left out."""

    def build() -> sp.csr_matrix:
        lists = [business.trade_skills(r.skills_taught) for r in catalog.records]
        unique = sorted({p for phrases in lists for p in phrases})
        mapped = dict(zip(unique, normalise(unique), strict=True)) if unique else {}
        rows, cols = [], []
        for i, phrases in enumerate(lists):
            found = {vocab.index[k] for p in phrases for k, _ in mapped.get(p, [])
                     if k in vocab.index}  # fmt: skip
            rows += [i] * len(found)
            cols += sorted(found)
        shape = catalog.required.shape
        return sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=shape)

    width = catalog.required.shape[1]  # grows when an edited profile adds concepts
    return catalog.derived(f"trade_taught:{width}", build)


def programme_bits(
    people_needs: np.ndarray,
    item_topics: np.ndarray,
    item_general: np.ndarray,
    business_z: np.ndarray,
    intent: np.ndarray,
    people_sectors: np.ndarray | None = None,
    item_sectors: np.ndarray | None = None,
    people_services: np.ndarray | None = None,
    item_goods: np.ndarray | None = None,
) -> np.ndarray:
    """(p, o) uint8 :class:`Evidence` bits of entrepreneurship programmes: the people's
    need-topic masks ((p,) int64) against the items' topic masks ((o,) or (p, o)), which
    items are general-purpose (same shape), the business text's z-scores (p, o), which
    people want to start a business ((p,) bool) and, optionally, the sector masks of the
    people's business texts ((p,) int64) and of the programmes' titles (as the topics),
    and whose business only gives a service ((p,) bool) against which programmes are
    about selling products (as the topics)."""
    start = _start_bit()
    # A programme for starting a business serves only people starting out (an idea-stage
    # business, or the wish to start one): not an owner whose business already runs.
    stage = ((item_topics & start) == 0) | ((people_needs & start) != 0)[:, None]
    if people_sectors is not None and item_sectors is not None:
        # A programme whose title names its sectors (a culinary mentoring programme)
        # serves a business of those sectors; a business whose sector is not known, and
        # a programme that names none, are not judged by sector.
        mine = np.asarray(people_sectors, dtype=np.int64)[:, None]
        stage = stage & ((item_sectors == 0) | (mine == 0) | ((mine & item_sectors) != 0))
    if people_services is not None and item_goods is not None:
        # A programme about selling products does not serve a business that only gives
        # a service (a marketplace onboarding for a laundry).
        stage = stage & ~(np.asarray(people_services, dtype=bool)[:, None] & item_goods)
    bits = np.where(((people_needs[:, None] & item_topics) != 0) & stage, Evidence.NEED, 0)
    bits |= np.where((business_z >= ENTERPRISE_TEXT) & stage, Evidence.BUSINESS_TEXT, 0)
    bits |= np.where(item_general, Evidence.GENERAL, 0)
    bits |= np.where(np.asarray(intent, dtype=bool)[:, None], Evidence.INTENT, 0)
    return bits.astype(np.uint8)


@lru_cache(maxsize=1)
def _start_bit() -> np.int64:
    """The topic-mask bit of starting a business (:data:`matcher.scoring.business.START`)."""
    return topic_masks([{business.START}])[0]


def thresholds(kind: OpportunityKind) -> tuple[float, float]:
    """The skills part and text z-score that count as ``SKILLS`` and ``TEXT`` evidence."""
    if kind is OpportunityKind.TRAINING:
        return TRAINING_SKILLS, TRAINING_TEXT
    return TRADE_SKILLS, TRADE_TEXT


def evidence_bits(
    skills: np.ndarray,
    text_z: np.ndarray,
    business: np.ndarray,
    lists_skills: np.ndarray | bool = True,
    kind: OpportunityKind = OpportunityKind.VACANCY,
    agree: np.ndarray | bool = True,
) -> np.ndarray:
    """(p, o) uint8 :class:`Evidence` bits from the skills part's values, the text
    matcher's z-scores (both (p, o)), which people run a business ((p,) bool) and which
    items list any skill (broadcast against the pairs: an item listing none has a neutral
    skills part, which is no evidence), with the thresholds of ``kind``. Text evidence
    also needs ``agree`` (broadcast likewise): the texts are similar in absolute terms,
    not only the most similar of the catalog (:mod:`matcher.scoring.agreement`)."""
    skill_floor, text_floor = thresholds(kind)
    covered = (skills >= np.float32(skill_floor) - 1e-6) & lists_skills
    bits = np.where(covered, Evidence.SKILLS, 0)
    bits |= np.where((text_z >= text_floor) & agree, Evidence.TEXT, 0)
    bits |= np.where((text_z >= BUSINESS_TEXT) & agree, Evidence.STRONG_TEXT, 0)
    bits |= np.where(np.asarray(business, dtype=bool)[:, None], Evidence.BUSINESS, 0)
    return bits.astype(np.uint8)


def own_trade(kind: OpportunityKind, bits: np.ndarray) -> np.ndarray:
    """Which pairs have the evidence their kind needs to enter a person's list."""
    bits = np.asarray(bits)
    business = (bits & Evidence.BUSINESS) != 0
    if kind is OpportunityKind.ENTREPRENEURSHIP:
        served = (bits & (Evidence.BUSINESS | Evidence.INTENT)) != 0
        general = (bits & Evidence.GENERAL) != 0
        linked = np.where(
            general, bits & Evidence.serves(True), bits & Evidence.serves(False)
        ) != 0  # fmt: skip
        return served & linked
    found = (bits & (Evidence.SKILLS | Evidence.TEXT)) != 0
    if kind is OpportunityKind.TRAINING:
        return np.where(business, (bits & Evidence.SKILLS) != 0, found)
    return found & (~business | ((bits & Evidence.STRONG_TEXT) != 0))


def explain(kind: OpportunityKind, bits: int, needs: Sequence[str] = ()) -> dict[str, dict]:
    """The explanation's facts for one pair: ``own_trade_<basis>`` for each evidence
    that counts for ``kind`` (the words: ``fact.own_trade_*`` in ``app/i18n``); ``needs``
    are the topics the person asks for that the programme teaches (topic codes of
    :mod:`matcher.scoring.business`), named by ``own_trade_need``."""
    bits = Evidence(int(bits))
    if kind is OpportunityKind.ENTREPRENEURSHIP:
        facts = {}
        if Evidence.BUSINESS in bits:
            facts["own_trade_business"] = {}
        elif Evidence.INTENT in bits:
            facts["own_trade_intent"] = {}
        counts = Evidence.serves(Evidence.GENERAL in bits)
        if Evidence.NEED in bits & counts:
            facts["own_trade_need"] = {"topics": list(needs)}
        if Evidence.SKILLS in bits & counts:
            facts["own_trade_skills"] = {}
        if Evidence.BUSINESS_TEXT in bits & counts:
            facts["own_trade_business_text"] = {}
        return facts
    # Only the evidence that counts for this person (as in :func:`own_trade`): a
    # business owner's vacancy is her trade on strong text alone, her course on skills
    # alone; a match that does not count is not called her own trade.
    course = kind is OpportunityKind.TRAINING
    if Evidence.BUSINESS in bits:
        skills_count, text_counts = course, not course and Evidence.STRONG_TEXT in bits
    else:
        skills_count, text_counts = True, Evidence.TEXT in bits
    facts: dict[str, dict] = {}
    if skills_count and Evidence.SKILLS in bits:
        facts["own_trade_teaches" if course else "own_trade_skills"] = {}
    if text_counts:
        facts["own_trade_text"] = {}
    return facts

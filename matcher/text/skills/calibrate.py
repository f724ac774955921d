"""Fit the normaliser's re-ranker and choose its confidence bar.

Two steps, on different data:

1. **The re-ranker** (:class:`~matcher.text.skills.rerank.SkillReranker`) is fitted on
   phrases that are *not* the informal evaluation set:

   * ESCO's own alternative labels as pseudo-queries: the query's own name is hidden
     from the index (or every answer would be an exact hit), and the right concepts are
     the ones that carry that name;
   * the same names rendered into Indonesian through the glossary read backwards
     ("sew fabric" -> "jahit fabric"): the multilingual evidence then has to work;
   * the project's Indonesian dev skills (``data/eval/indonesian_dev.csv``) and the
     public skill-span *validation* split (English job-ad spans with ESCO labels).

   Every candidate concept of every phrase is one row; its label is whether it is right.
2. **The bar** (and the bar for a second concept of one phrase) is the one thing the
   informal dev set (``data/eval/informal_skills.csv``) decides:
   :func:`matcher.evaluation.skill_phrases.choose_bars` at ``target_precision``.
   :func:`matcher.evaluation.skill_phrases.cross_validated` reports the same choice
   made on four fifths and scored on the fifth it did not see.
"""

from __future__ import annotations

import re

import numpy as np

from matcher.text.skills.confidence import CONFIDENCE_JSON, FEATURES, SkillConfidence
from matcher.text.skills.phrases import content_words, label_key
from matcher.text.skills.rerank import SkillReranker

Phrase = tuple[str, frozenset[str]]
# Weight of a real phrase (Indonesian dev skill, job-ad span) against a pseudo-query. On
# the real phrases held out five-fold, top-1 was 0.523 at weight 1, 0.547 at 5 and 0.551
# with no pseudo-queries at all (256 phrases: differences within noise).
REAL_WEIGHT = 5.0
# ISCO-08 major groups of the hub's trades: clerical, service and sales, craft, plant and
# machine operators, elementary occupations.
LOCAL_ISCO_MAJOR = "45789"


def calibration_phrases() -> list[Phrase]:
    """(phrase, right URIs) pairs from the project dev skills and public span validation."""
    from matcher.evaluation import datasets
    from matcher.text.skills.taxonomy import load_taxonomy

    out: list[Phrase] = []
    dev = datasets.indonesian_dev()
    for row in dev[dev["kind"] == "skill"].itertuples():
        out.append((str(row.text), frozenset(str(row.uris).split("|"))))
    by_label: dict[str, str] = {}
    for skill in load_taxonomy().skills:
        by_label.setdefault(skill.label.casefold(), skill.uri)
    spans = datasets.skill_spans("validation")
    seen: set[str] = set()
    for span, label in zip(spans["span"], spans["label"], strict=True):
        uri = by_label.get(str(label).casefold())
        key = str(span).casefold()
        if uri is None or key in seen or not str(span).strip():
            continue
        seen.add(key)
        out.append((str(span), frozenset({uri})))
    return out


def reverse_glossary(glossary) -> list[tuple[re.Pattern[str], str]]:
    """English term -> the shortest Indonesian term the glossary renders as it."""
    best: dict[str, str] = {}
    for e in glossary.entries:
        en = e.en.casefold()
        if len(en) >= 4 and e.id.islower() and (en not in best or len(e.id) < len(best[en])):
            best[en] = e.id
    ordered = sorted(best, key=lambda t: (-len(t), t))
    return [(re.compile(rf"(?<!\w){re.escape(t)}(?!\w)", re.IGNORECASE), best[t]) for t in ordered]


def to_indonesian(text: str, reverse: list[tuple[re.Pattern[str], str]]) -> str:
    """``text`` with every English term the glossary knows put back into Indonesian."""
    for pattern, term in reverse:
        text = pattern.sub(term, text)
    return text


def local_demand(taxonomy, isco_major: str = LOCAL_ISCO_MAJOR) -> dict[str, float]:
    """How often occupations of the hub's trades need each skill (essential 1, optional 0.5).

    The skills people list are the skills their work needs: clerical, service and sales,
    craft, machine operation and elementary work (ISCO major groups 4, 5, 7, 8, 9).
    """
    isco = {o.uri: o.isco_group for o in taxonomy.occupations}
    demand: dict[str, float] = {}
    for occ, relation, skill in taxonomy.relations():
        if isco.get(occ, "")[:1] in isco_major:
            demand[skill] = demand.get(skill, 0.0) + (1.0 if relation == "essential" else 0.5)
    return demand


def short_form(name: str) -> str:
    """A name as a person would type it: its content words, at most three.

    >>> short_form("perform hair cutting techniques on clients")
    'hair cutting clients'
    """
    words = content_words(name)
    return " ".join(words[:3]) if words else name


def pseudo_queries(
    norm, n_english: int = 1000, n_indonesian: int = 1000, seed: int = 0,
    demand: dict[str, float] | None = None,
) -> tuple[list[Phrase], list[list[int]]]:  # fmt: skip
    """ESCO names as queries, with the names to hide for each.

    Concepts are drawn in proportion to ``demand`` (uniformly without it), so the
    re-ranker learns which concepts people are likely to mean. English: one of the
    concept's alternative labels, half of them cut to their content words. Indonesian:
    one of its names that the glossary, read backwards, can render, cut the same way.
    """
    rng = np.random.default_rng(seed)
    by_key: dict[str, list[int]] = {}
    for a, text in enumerate(norm.alias_texts_):
        by_key.setdefault(label_key(text), []).append(a)
    uris = [s.uri for s in norm.skills_]
    weight = np.array([(demand or {}).get(u, 0.0) for u in uris]) if demand else np.ones(len(uris))
    reverse = reverse_glossary(norm.glossary_)

    def draw(n: int, names_of) -> tuple[list[Phrase], list[list[int]]]:
        options = [names_of(c) for c in range(len(uris))]
        w = weight * np.array([bool(o) for o in options])
        phrases: list[Phrase] = []
        hidden: list[list[int]] = []
        if n <= 0 or w.sum() == 0:
            return phrases, hidden
        for c in rng.choice(len(uris), size=n, p=w / w.sum()):
            a, query = options[int(c)][rng.integers(len(options[int(c)]))]
            if rng.random() < 0.5:
                query = short_form(query)
            names = by_key[label_key(norm.alias_texts_[a])]
            phrases.append((query, frozenset(uris[int(norm.alias_owner_[b])] for b in names)))
            hidden.append(names)
        return phrases, hidden

    def english(c: int) -> list[tuple[int, str]]:
        return [(a, norm.alias_texts_[a]) for a in norm.concept_aliases_[c][1:]]

    def indonesian(c: int) -> list[tuple[int, str]]:
        out = []
        for a in norm.concept_aliases_[c]:
            indo = to_indonesian(norm.alias_texts_[a], reverse)
            if indo.casefold() != norm.alias_texts_[a].casefold():
                out.append((a, indo))
        return out

    en_p, en_h = draw(n_english, english)
    id_p, id_h = draw(n_indonesian, indonesian)
    return en_p + id_p, en_h + id_h


def training_rows(
    norm, phrases: list[Phrase], hidden: list[list[int]] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate rows (features, right?, phrase number) for the given phrases."""
    uris = [s.uri for s in norm.skills_]
    feats = norm.candidate_features([p for p, _ in phrases], exclude=hidden)
    xs, ys, gs = [], [], []
    for g, ((cand, x), (_, right)) in enumerate(zip(feats, phrases, strict=True)):
        xs.append(x)
        ys.append(np.array([uris[c] in right for c in cand], dtype=np.int8))
        gs.append(np.full(len(cand), g))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(gs)


def top1_right(p: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    """Share of phrases whose most probable candidate is right."""
    hits = []
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        hits.append(bool(y[rows[np.argmax(p[rows])]]))
    return float(np.mean(hits)) if hits else 0.0


def fit_confidence(
    normaliser, phrases: list[Phrase], target_precision: float = 0.85,
    hidden: list[list[int]] | None = None, C: float = 1.0,
    weights: np.ndarray | None = None,
) -> tuple[SkillConfidence, dict[str, float]]:  # fmt: skip
    """Fit the re-ranker on ``phrases``; the bar is set for ``target_precision`` on them.

    :func:`calibrate` replaces that bar with one chosen on the informal dev set.
    """
    x, y, g = training_rows(normaliser, phrases, hidden)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)[g]
    model = SkillReranker(C=C).fit(x, y, sample_weight=w)
    p = model.predict_proba(x)[:, 1]
    tops = np.array([p[g == k].max() for k in np.unique(g)])
    right = np.array([bool(y[g == k][np.argmax(p[g == k])]) for k in np.unique(g)])
    bar = 0.5
    for candidate in np.sort(np.unique(np.round(tops, 3))):
        claimed = tops >= candidate
        if claimed.any() and right[claimed].mean() >= target_precision:
            bar = float(candidate)
            break
    claimed = tops >= bar
    figures = {
        "phrases": float(len(phrases)),
        "candidate_rows": float(len(y)),
        "in_candidates": float(np.mean([y[g == k].any() for k in np.unique(g)])),
        "top1_right": float(right.mean()),
        "bar": bar,
        "claimed_share": float(claimed.mean()),
        "claimed_precision": float(right[claimed].mean()) if claimed.any() else 0.0,
    }
    conf = model.to_confidence(bar, 1.0, f"{len(phrases)} phrases, target {target_precision}")
    return conf, figures


def calibrate(out=CONFIDENCE_JSON, target_precision: float = 0.85) -> dict[str, float]:
    """Rebuild ``resources/skill_confidence.json``; returns the calibration figures."""
    from matcher.evaluation.skill_phrases import choose_bars, read_informal_skills, scored_entries
    from matcher.text.skills.normaliser import SkillNormaliser

    placeholder = SkillConfidence(tuple(0.0 for _ in FEATURES), 0.0, 0.5)
    norm = SkillNormaliser(semantic="use+minilm", informal=True, confidence=placeholder).fit()
    from matcher.text.skills.taxonomy import load_taxonomy

    pseudo, hidden = pseudo_queries(norm, demand=local_demand(load_taxonomy()))
    real = calibration_phrases()
    phrases = pseudo + real
    weights = np.array([1.0] * len(pseudo) + [REAL_WEIGHT] * len(real))
    conf, figures = fit_confidence(
        norm, phrases, target_precision, hidden=hidden + [[] for _ in real], weights=weights
    )
    norm.confidence_ = conf
    dev = read_informal_skills()
    bar, extra = choose_bars(
        scored_entries(norm, list(dev["phrase"])), list(dev["groups"]), target_precision
    )
    fitted_on = (
        f"re-ranker: {len(pseudo)} ESCO-name pseudo-queries drawn by local occupational demand "
        f"(half rendered into Indonesian, half cut to content words) "
        f"+ {len(real)} project Indonesian dev skills and skill-span validation phrases "
        f"(weight {REAL_WEIGHT:g}); "
        f"bars: informal_skills.csv at target precision {target_precision}"
    )
    SkillConfidence(conf.coef, conf.intercept, bar, fitted_on, extra).to_json(out)
    return {**figures, "dev_bar": bar, "dev_extra_bar": extra}

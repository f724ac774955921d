"""Fit the normaliser's confidence (:mod:`matcher.text.skills.confidence`) on dev phrases.

The calibration phrases are the project's Indonesian dev skills
(``data/eval/indonesian_dev.csv``, kind ``skill``) and the *validation* split of the
public skill-span annotations (English job-ad spans with their ESCO labels). The
informal evaluation set (``data/eval/informal_skills.csv``) is never used here, so the
published figures on it are held out.

Every candidate concept of every phrase is one row; its label is whether the concept is
right. A logistic regression gives P(right); the bar is the smallest probability at
which the top candidates of the calibration phrases reach ``target_precision``.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from matcher.text.skills.confidence import CONFIDENCE_JSON, FEATURES, SkillConfidence


def calibration_phrases() -> list[tuple[str, frozenset[str]]]:
    """(phrase, right URIs) pairs from the project dev skills and public span validation."""
    from matcher.evaluation import datasets
    from matcher.text.skills.taxonomy import load_taxonomy

    out: list[tuple[str, frozenset[str]]] = []
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


def fit_confidence(
    normaliser, phrases: list[tuple[str, frozenset[str]]], target_precision: float = 0.85
) -> tuple[SkillConfidence, dict[str, float]]:
    """Fit the logistic model and choose the bar; also return calibration figures."""
    uris = [s.uri for s in normaliser.skills_]
    feats = normaliser.candidate_features([p for p, _ in phrases])
    xs, ys, groups = [], [], []
    for g, ((cand, x), (_, right)) in enumerate(zip(feats, phrases, strict=True)):
        xs.append(x)
        ys.append(np.array([uris[c] in right for c in cand], dtype=np.int8))
        groups.append(np.full(len(cand), g))
    x_all, y_all, g_all = np.vstack(xs), np.concatenate(ys), np.concatenate(groups)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x_all, y_all)
    conf = SkillConfidence(tuple(model.coef_[0]), float(model.intercept_[0]), 0.5)
    p = conf.probability(x_all)
    top_p, top_right = [], []
    for g in range(len(phrases)):
        rows = np.flatnonzero(g_all == g)
        best = rows[np.argmax(p[rows])]
        top_p.append(p[best])
        top_right.append(bool(y_all[best]))
    top_p_arr, top_right_arr = np.array(top_p), np.array(top_right)
    bar = 0.5
    for candidate in np.sort(np.unique(np.round(top_p_arr, 3))):
        claimed = top_p_arr >= candidate
        if claimed.any() and top_right_arr[claimed].mean() >= target_precision:
            bar = float(candidate)
            break
    claimed = top_p_arr >= bar
    figures = {
        "phrases": float(len(phrases)),
        "candidate_rows": float(len(y_all)),
        "top1_right": float(top_right_arr.mean()),
        "bar": bar,
        "claimed_share": float(claimed.mean()),
        "claimed_precision": float(top_right_arr[claimed].mean()) if claimed.any() else 0.0,
    }
    fitted_on = (
        f"{len(phrases)} phrases (project Indonesian dev skills + skill-span validation), "
        f"target precision {target_precision}"
    )
    return SkillConfidence(conf.coef, conf.intercept, bar, fitted_on), figures


def calibrate(out=CONFIDENCE_JSON, target_precision: float = 0.85) -> dict[str, float]:
    """Rebuild ``resources/skill_confidence.json``; returns the calibration figures."""
    from matcher.text.skills.normaliser import SkillNormaliser

    placeholder = SkillConfidence(tuple(0.0 for _ in FEATURES), 0.0, 0.5)
    normaliser = SkillNormaliser(confidence=placeholder).fit()
    conf, figures = fit_confidence(normaliser, calibration_phrases(), target_precision)
    conf.to_json(out)
    return figures

"""Text evidence needs texts that agree in absolute terms, not only the best of a list.

The text matcher scores a person against a catalog with per-person z-scores: how far an
item stands out among this person's items. That is what ranks well, but it cannot say
that nothing fits. A person whose trade the catalog lacks (a guitar teacher, where the
hub lists no music work) still has items that stand out: the largest of 200 unrelated
z-scores is about 2.7 (the expected largest of 200 normal draws), above the bar that counts as own-trade text evidence
(:data:`matcher.scoring.evidence.TRADE_TEXT`, 2.0). His list showed a housemaid's job as
"profilnya sangat mirip" (docs/evaluation.md, "Text evidence needs texts that agree").

So text evidence (``TEXT``, ``STRONG_TEXT``) also asks that a pretrained encoder read the
two texts as similar in absolute terms: its cosine between the person's text and the
item's best name at least a bar for that encoder and kind of catalog; a pair fails only
below the bars of all of them. The bars are fitted on the sample data, whose generator
knows every person's and every item's occupational family (``--truth``): the cosine that
all but :data:`SHARE` of the own-family pairs with text evidence reach. They are the only
numbers this module holds (``resources/text_agreement.json``, rebuilt by ``python -m
matcher fit-text-agreement``); the hand-judged profiles are not used to fit them.

Bars are keyed by encoder name, as the learned fusion's weights are: they fit the models
the registry ships (MiniLM, USE). An encoder without a bar does not vote, and a matcher
with none of them (TF-IDF alone, a test's fake encoder) gives no pair a bar to pass:
every pair agrees, and text evidence is the z-score alone, as before.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from matcher.domain import OpportunityKind

AGREEMENT_JSON = Path(__file__).resolve().parents[1] / "resources" / "text_agreement.json"
SHARE = 0.01  # own-family pairs with text evidence that a bar may give up
KINDS = (OpportunityKind.VACANCY, OpportunityKind.TRAINING)  # whose text evidence is gated


@lru_cache(maxsize=4)
def _read(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def bars(kind: OpportunityKind, path: str | Path = AGREEMENT_JSON) -> dict[str, float]:
    """Encoder name -> cosine bar for text evidence on catalogs of ``kind`` ({} when
    none is fitted: no bar applies)."""
    table = _read(str(path)).get("bars", {}).get(kind.value, {})
    return {str(k): float(v) for k, v in table.items()}


def family_pairs(
    people_ids: list[str], item_ids: list[str], families: Mapping[str, tuple[str, ...]]
) -> np.ndarray:
    """(p, o) bool: person and item share an occupational family (a person's first or
    second family, an item's family; ids missing from ``families`` share none)."""
    item_family = np.array([(families.get(i) or ("",))[0] for i in item_ids], dtype=object)
    out = np.zeros((len(people_ids), len(item_ids)), dtype=bool)
    for r, pid in enumerate(people_ids):
        mine = {f for f in families.get(pid, ()) if f}
        if mine:
            out[r] = np.isin(item_family, list(mine))
    return out


def fit_bars(
    cosines: Mapping[str, np.ndarray], z: np.ndarray, own: np.ndarray, z_bar: float,
    share: float = SHARE,
) -> tuple[dict[str, float], dict]:  # fmt: skip
    """Per encoder, the cosine that all but ``share`` of the own-family pairs with text
    evidence (``own`` and ``z >= z_bar``) reach; all arrays (p, o). Returns the bars and
    what they were fitted on (counts, and the share of those pairs that pass no bar)."""
    evidence = own & (z >= z_bar)
    n = int(evidence.sum())
    if n == 0:
        raise ValueError("no own-family pair has text evidence: nothing to fit the bars on")
    fitted = {key: float(np.quantile(c[evidence], share)) for key, c in cosines.items()}
    passes = np.zeros_like(evidence)
    for key, c in cosines.items():
        passes |= c >= np.float32(fitted[key])
    others = ~own & (z >= z_bar)
    report = {
        "own_pairs_with_text_evidence": n,
        "own_pairs_failing": int((evidence & ~passes).sum()),
        "other_pairs_with_text_evidence": int(others.sum()),
        "other_pairs_failing": int((others & ~passes).sum()),
    }
    return {k: round(v, 4) for k, v in fitted.items()}, report


def save(
    table: Mapping[str, Mapping[str, float]], reports: Mapping, how: str,
    share: float = SHARE, path: str | Path = AGREEMENT_JSON,
) -> None:  # fmt: skip
    """Write the bars per kind with what they were fitted on."""
    body = {"how": how, "share": share, "bars": dict(table), "fitted_on": dict(reports)}
    Path(path).write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _read.cache_clear()

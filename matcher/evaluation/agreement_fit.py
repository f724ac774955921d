"""Fit text evidence's absolute bars on the sample data and its generator's families.

``python -m matcher fit-text-agreement --truth truth.csv`` runs :func:`fit_agreement`
(see :mod:`matcher.scoring.agreement` for what the bars do). The truth file is what
``python data/generate_sample.py --truth truth.csv`` writes beside the sample: the
occupational family of every person (and a second one for some) and of every item.

For vacancies and vocational trainings, the default engine is built on the sample; each
person's profile text is scored against every item (the text matcher's z-scores, and
each pretrained encoder's best-name cosine); a bar per encoder is the cosine that all but
``share`` of the own-family pairs with text evidence reach. The hand-judged profiles are
not read.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import numpy as np

from matcher import config
from matcher.scoring import agreement, evidence
from matcher.text.encoders import registry

log = logging.getLogger(__name__)


def read_families(path: str | Path) -> dict[str, tuple[str, ...]]:
    """id -> (family, second family) from the generator's truth CSV."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or not {"id", "family"} <= set(rows[0]):
        raise ValueError(f"{path}: expected columns id, family (and second_family); "
                         f"found {sorted(rows[0]) if rows else 'no rows'}")  # fmt: skip
    return {r["id"]: (r["family"], r.get("second_family") or "") for r in rows}


def fit_agreement(
    truth: str | Path,
    sample_dir: str | Path = config.SAMPLE_DATA_DIR,
    share: float = agreement.SHARE,
    out: str | Path = agreement.AGREEMENT_JSON,
) -> dict:
    """Fit and save the bars; returns ``{kind: {"bars": ..., "fitted_on": ...}}``."""
    from matcher.service import CsvSource, MatcherService

    if not 0.0 < share < 0.5:
        raise ValueError(f"share={share!r}; allowed: a number between 0 and 0.5")
    families = read_families(truth)
    service = MatcherService.from_records(CsvSource(Path(sample_dir)).load(), ranker=None)
    engine = service.engine
    people = engine.people_
    table, reports = {}, {}
    for kind in agreement.KINDS:
        text = engine.text_matcher(kind)
        items = engine.catalog(kind).ids
        own = agreement.family_pairs(list(people.ids), list(items), families)
        if not own.any():
            raise ValueError(f"{truth}: no person shares a family with any {kind.value}")
        z = text.score(people.texts)
        cosines = {
            key: np.asarray(c, dtype=np.float32)
            for key, c in text.component_scores(people.texts).items()
            if registry.ENCODERS.get(key) is not None and registry.ENCODERS[key].pretrained
        }
        z_bar = evidence.thresholds(kind)[1]
        bars, report = agreement.fit_bars(cosines, z, own, z_bar, share)
        table[kind.value] = bars
        reports[kind.value] = {"z_bar": z_bar, **report}
        log.info("%s: bars %s (%s)", kind.value, bars, report)
    how = (
        "python -m matcher fit-text-agreement --truth <truth.csv>: per encoder, the cosine "
        f"that all but {share:g} of the sample's own-family pairs with text evidence reach"
    )
    agreement.save(table, reports, how, share, out)
    return {k: {"bars": table[k], "fitted_on": reports[k]} for k in table}

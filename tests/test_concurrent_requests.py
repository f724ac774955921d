"""Requests that run at once on one engine, as the workspace's Streamlit threads do.

A person the engine has not indexed (a draft profile, an edited one before the refit)
may bring phrases the vocabulary has never seen: reading them widens the vocabulary and
every skill matrix. Requests already scoring must not see those shapes change under them
(before the engine's readers-writer lock, every run of the first test failed with
"matmul: dimension mismatch"), and the memo of people's text rows, which they share, may
be cleared by one of them while another reads it (the second test, without threads).
"""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

from matcher.domain import OpportunityKind
from matcher.engine import matching
from matcher.engine.options import MatchOptions
from tests.conftest import TODAY, person

NEWCOMERS = 30
KNOWN = ["JS-TAILOR", "JS-CASHIER", "JS-BAKER", "JS-MINOR"]
ITEMS = ["V-SEW", "V-CASH", "P-PATTERN-NEAR", "P-BIZ"]


@pytest.fixture
def fast_switching(monkeypatch):
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads change hands as often as the interpreter lets them
    monkeypatch.setattr(matching, "SEMANTIC_MEMO_ROWS", 1)  # cleared on almost every read
    yield
    sys.setswitchinterval(before)


def _listed(result) -> list[tuple[str, float]]:
    if hasattr(result, "ranked"):
        return [(r.item_id, round(r.score, 5)) for r in result.ranked + result.excluded]
    return [(r.item_id, round(r.score, 5))
            for r in result.vacancies + result.trainings + result.entrepreneurship
            + result.excluded]  # fmt: skip


def test_requests_for_new_people_known_people_and_items_at_once_give_what_one_by_one_gives(
    engine, fast_switching
):
    options = MatchOptions(as_of=TODAY)
    newcomers = [person(f"JS-NEW-{i}", skills=("menjahit", f"frasa baru {i}", f"kata lain {i}"),
                        interests=f"minat baru {i}")
                 for i in range(NEWCOMERS)]  # fmt: skip

    def ask(who):
        if isinstance(who, str) and who in ITEMS:
            return engine.recommend_for_item(who, options)
        return engine.recommend_for_jobseeker(who, options)

    errors: list[BaseException] = []
    got: dict[str, list] = {}
    everyone = newcomers + KNOWN + ITEMS
    start = threading.Barrier(len(everyone))

    def run(who) -> None:
        key = who if isinstance(who, str) else who.id
        try:
            start.wait()
            for _ in range(1 if key.startswith("JS-NEW") else 4):
                got[key] = _listed(ask(who))
        except BaseException as exc:  # noqa: BLE001 - reported below, with the others
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in everyone]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "requests still waiting: a deadlock?"
    assert not errors, errors[:3]
    for who in newcomers[:5] + KNOWN + ITEMS:
        key = who if isinstance(who, str) else who.id
        assert got[key], key
        assert got[key] == _listed(ask(who)), key


def test_a_request_reads_the_semantic_rows_it_found_even_if_another_clears_the_memo(engine):
    """Deterministic: person 0's row is memoised, person 1's is worked out, and while it is,
    another request clears the shared memo (it was full). Reading person 0's row back
    from the memo then failed with KeyError."""
    kind = OpportunityKind.VACANCY
    text = engine.text_matcher(kind)
    want, _ = text.score_with_agreement(engine.people_.texts[:2], engine.agreement_bars(kind))
    engine._text_scores(kind, engine.people_, np.array([0]))
    worked_out = text.score_with_agreement

    def another_request_clears_the_memo(texts, bars):
        engine._semantic_rows[kind].clear()
        return worked_out(texts, bars)

    text.score_with_agreement = another_request_clears_the_memo
    try:
        z, _ = engine._text_scores(kind, engine.people_, np.array([0, 1]))
    finally:
        del text.score_with_agreement
    np.testing.assert_allclose(z, want, atol=1e-6)

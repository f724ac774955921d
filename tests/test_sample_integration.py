"""The whole engine with the real bundled encoders on the sample data, whose right
answers (each person's occupational family) are known from the generator."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from matcher import config

pytestmark = pytest.mark.integration

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def truth():
    sys.path.insert(0, str(config.DATA_DIR))
    try:
        from generate_sample import generate
    finally:
        sys.path.remove(str(config.DATA_DIR))
    return {t["id"]: t for t in generate(20261127).truth}


@pytest.fixture(scope="module")
def service():
    from matcher.service import CsvSource, MatcherService

    return MatcherService.from_source(CsvSource(), encoder="default", ranker=None)


def test_youth_get_a_vacancy_of_their_own_trade_first(service, truth):
    hits = n = 0
    for person in service.records.jobseekers:
        if person.segment.value != "pemuda":
            continue
        top = service.recommend_for_jobseeker(person.id, as_of=AS_OF, diversity=0.0).vacancies
        if not top:
            continue
        n += 1
        families = {truth[person.id]["family"], truth[person.id]["second_family"]}
        hits += truth[top[0].item_id]["family"] in families
    # Measured 0.92 with the TF-IDF encoder alone; the default must not be worse than 0.85.
    # Default encoder, 2026-11-30: 0.978 (182 of 186) both on the family phrases as drawn
    # (generate_sample.py --neat) and on the phone-typed text (data/sample_informal.py).
    assert n > 150
    assert hits / n >= 0.85


def test_a_vacancy_ranks_people_of_its_own_trade_and_keeps_the_others_apart(service, truth):
    """Employer shortlists under the person's rule: the people ranked for a vacancy are of
    its occupational family (the generator's truth), those left off mostly are not."""

    def own(pid: str, item: str) -> bool:
        return truth[item]["family"] in {truth[pid]["family"], truth[pid]["second_family"]}

    ranked, left_off = [], []
    for v in service.records.vacancies:
        found = service.recommend_for_vacancy(v.id, as_of=AS_OF)
        ranked += [own(r.item_id, v.id) for r in found.ranked]
        left_off += [own(r.item_id, v.id) for r in found.unlisted]
    # 2026-12-02: 0.943 of 1,200 ranked against 0.252 of 1,721 left off.
    assert len(ranked) > 600 and sum(ranked) / len(ranked) >= 0.85
    assert sum(left_off) / len(left_off) < 0.5


def test_an_indonesian_profile_gets_sensible_recommendations_from_the_cli(capsys):
    from matcher.cli import main

    code = main(["recommend", "--jobseeker", "JS-0004", "--as-of", "2026-11-27"])
    out = capsys.readouterr().out
    assert code == 0
    for heading in ("== Lowongan ==", "== Pelatihan ==", "== Program kewirausahaan =="):
        assert heading in out
    # JS-0004 runs a warung and writes "kelola warung sembako", "kasir" (a neat writer: her
    # skills are as drawn). A business owner is shown jobs only when her words ask for one
    # (matcher/scoring/evidence.py): hers do not, so no job, and programmes for her business.
    vacancies = out.split("== Lowongan ==")[1].split("==")[0].strip().splitlines()
    assert vacancies[0].strip() == "(tidak ada)"
    programmes = out.split("== Program kewirausahaan ==")[1].split("==")[0].strip().splitlines()
    assert programmes[0].strip() != "(tidak ada)"
    # Each row's reason is wrapped whole beneath it, indented (never cut off).
    reason = []
    for text in programmes[2:]:
        if not text.startswith("    "):
            break
        reason.append(text.strip())
    assert "untuk usahanya" in " ".join(reason)
    # No job plan either: a job's skill gap is not her business's need.
    pathways = out.split("== Jalur kerja lewat pelatihan ==")[1].split("==")[0]
    assert pathways.strip().splitlines()[0].strip() == "(tidak ada)"


def test_a_vacancy_s_people_from_the_cli_come_ranked_then_left_off_then_excluded(capsys, truth):
    import json

    from matcher.cli import main

    assert main(["recommend", "--vacancy", "JV-0013", "--as-of", "2026-11-27",
                 "--format", "json"]) == 0  # fmt: skip
    found = json.loads(capsys.readouterr().out)
    assert set(found) == {"id", "below_floor", "jobseekers", "unlisted", "excluded"}
    ranked = [r["id"] for r in found["jobseekers"]]
    assert ranked and truth[ranked[0]]["family"] == truth["JV-0013"]["family"]
    assert found["below_floor"] >= len(found["unlisted"]) > 0
    assert not set(ranked) & {r["id"] for r in found["unlisted"]}
    assert main(["recommend", "--vacancy", "JV-0013", "--as-of", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert (
        out.index("== JV-0013 ==")
        < out.index("== Tidak masuk daftar (")
        < out.index("== Dikecualikan (aturan) ==")
    )

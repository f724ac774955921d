"""The maintainer's list of catalogue skill phrases the normaliser leaves unmapped."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import pytest

from matcher.cli import main
from matcher.text.glossary import Glossary
from matcher.text.skills import SkillNormaliser
from matcher.text.skills.normaliser import read_overrides
from matcher.text.skills.review import catalogue_phrases, unmapped_phrases, write_review
from matcher.text.skills.taxonomy import SkillConcept

SEW = SkillConcept("s:sew", "sew pieces of fabric", ("sew fabric",))
ALTER = SkillConcept("s:alter", "alter wearing apparel", ("alter clothing",))
CASH = SkillConcept("s:cash", "operate cash register")


def _records():
    vac = SimpleNamespace
    return SimpleNamespace(
        vacancies=[
            # "clothes alteration" is listed twice by one vacancy: it counts once for it.
            vac(
                required_skills=("sew fabric", "clothes alteration"),
                nice_skills=("clothes alteration",),
            ),
            vac(required_skills=("clothes alteration", "xq zz"), nice_skills=()),
        ],
        programs=[SimpleNamespace(skills_taught=("sew fabric", " ", "clothes alteration"))],
    )


def _normaliser():
    return SkillNormaliser(overrides={}, glossary=Glossary([]), lexicon=False).fit(
        [SEW, ALTER, CASH]
    )


def test_unmapped_catalogue_phrases_come_with_the_candidates_below_the_bar():
    counts = catalogue_phrases(_records())
    assert counts == {"sew fabric": 2, "clothes alteration": 3, "xq zz": 1}
    norm = _normaliser()
    rows = unmapped_phrases(counts, norm, suggestions=2)
    # "sew fabric" is an exact name: mapped, not listed. The most listed phrase first.
    assert [r.phrase for r in rows] == ["clothes alteration", "xq zz"]
    alter = rows[0]
    assert alter.items == 3
    assert alter.candidates[0][:2] == ("s:alter", "alter wearing apparel")
    assert 0 < alter.candidates[0][2] < norm.threshold  # below the bar, hence unmapped
    assert len(alter.candidates) <= 2
    assert rows[1].candidates == ()  # nothing shares a letter sequence with "xq zz"
    # The normaliser asked is left as it was.
    assert (norm.threshold, norm.top_k) == (SkillNormaliser().threshold, 1)


def test_the_review_file_maps_nothing_until_a_maintainer_fills_it_in(tmp_path):
    rows = unmapped_phrases(catalogue_phrases(_records()), _normaliser())
    path = write_review(rows, tmp_path / "review.csv")
    with path.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert [r["phrase"] for r in table] == ["clothes alteration", "xq zz"]
    assert table[0]["items"] == "3"
    assert table[0]["suggestions"].startswith("alter wearing apparel <s:alter> 0.")
    assert table[1]["suggestions"] == ""  # no candidate
    # Unreviewed, no row points anywhere; a row the maintainer completes is an override.
    assert set(read_overrides(path).values()) == {""}
    table[0]["esco_uri"], table[0]["esco_label"] = "s:alter", "alter wearing apparel"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(table[0]))
        w.writeheader()
        w.writerows(table)
    norm = SkillNormaliser(overrides=str(path), glossary=Glossary([]), lexicon=False)
    norm.fit([SEW, ALTER, CASH])
    assert [m.uri for m in norm.normalise_one("clothes alteration")] == ["s:alter"]
    assert [m.uri for m in norm.normalise_one("xq zz")] == [None]


def test_suggestions_must_be_one_or_more(capsys):
    with pytest.raises(ValueError, match="suggestions=0"):
        unmapped_phrases(catalogue_phrases(_records()), _normaliser(), suggestions=0)
    assert main(["unmapped-skills", "--suggestions", "0"]) == 2
    err = capsys.readouterr().err
    assert "--suggestions 0" in err and "1 or more" in err and "Traceback" not in err


def test_the_command_reads_the_app_database(tmp_path, capsys):
    import re

    # A new database (set up with its starting catalogue) is read like the CSVs.
    url = f"sqlite:///{tmp_path / 'app.db'}"
    assert main(["unmapped-skills", "--from-db", url, "--out", str(tmp_path / "r.csv")]) == 0
    out = capsys.readouterr().out
    assert re.match(r"\d+ skill phrases in the catalogue; \d+ map to no ESCO concept", out)
    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == ["phrase", "esco_uri", "esco_label", "items", "suggestions"]

"""The benchmark suite runs end to end in its quick mode (a smoke test, not a timing test)."""

from __future__ import annotations

import json

import numpy as np

from benchmarks import synthetic
from benchmarks.run import main
from matcher.text.index import Filter, NumpyIndex


def test_quick_benchmark_writes_json_and_markdown_with_every_section(tmp_path):
    assert main(["--quick", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "quick.json").read_text())
    sections = {row["section"] for row in data["rows"]}
    assert sections >= {
        "machine",
        "encoders",
        "build",
        "serve",
        "batch",
        "shortlist",
        "upload",
        "scaling",
        "pgvector",
        "ray",
    }
    assert data["machine"]["cores"] >= 1
    assert all(row["value"] is None or np.isfinite(row["value"]) for row in data["rows"])
    assert "| section | measure |" in (tmp_path / "quick.md").read_text()


def test_synthetic_catalog_is_seeded_and_keeps_titles_with_their_skills():
    a = synthetic.make_vacancies(50, seed=4)
    assert a == synthetic.make_vacancies(50, seed=4)
    assert a != synthetic.make_vacancies(50, seed=5)
    sample = synthetic.load_sample().vacancies
    skills_of = {}
    for v in sample:
        skills_of.setdefault(v.title, set()).update(v.required_skills)
    assert all(set(v.required_skills) <= skills_of[v.title] for v in a)
    assert len({v.id for v in a}) == 50


def test_numpy_index_returns_nearest_rows_that_pass_the_filter():
    index = NumpyIndex(dim=2)
    vectors = np.array([[1, 0], [0.8, 0.6], [0, 1]], dtype=np.float32)
    index.add(["a", "b", "c"], vectors, {"min_education": [3, 1, 1]})
    query = np.array([[1, 0]], dtype=np.float32)
    assert index.search(query, 2).ids == [["a", "b"]]
    only_low = Filter.where(("min_education", "<=", 2))
    assert index.search(query, 2, only_low).ids == [["b", "c"]]
    index.remove(["b"])
    assert index.search(query, 2, only_low).ids == [["c", None]]


def test_the_encoders_section_runs_its_real_models_in_a_child_process():
    """Its models must not stay in the suite's process (they inflated the batch section's
    peak memory); its rows and figures still come back."""
    import dataclasses

    from benchmarks.run import QUICK, Results, section_encoders_apart
    from matcher.text.encoders.use import _load

    sizes = dataclasses.replace(QUICK, real_models=True, encoder_texts=4, repeats=1)
    res = Results(sizes={})
    before = _load.cache_info()
    section_encoders_apart(sizes, res)
    names = [r.name for r in res.rows]
    assert any(n.startswith("use: long texts") for n in names)
    assert any(n.startswith("minilm: short texts") for n in names)
    assert res.extra["enc_use_long"] > 0
    assert _load.cache_info() == before  # USE was neither loaded nor used in this process

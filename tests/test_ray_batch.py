"""The nightly batch on a local Ray instance gives the in-process batch's rows."""

from __future__ import annotations

import os

import numpy as np
import pytest

from benchmarks import synthetic as syn
from benchmarks.run import simple_normaliser
from matcher.domain import OpportunityKind
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scale.ray_batch import partitions_of, rank_all_ray
from matcher.service import MatcherService, Records
from tests.conftest import TODAY, assert_same_ranking

pytestmark = pytest.mark.integration

VAC = OpportunityKind.VACANCY


@pytest.fixture(scope="module")
def local_ray():
    """Two CPUs, no dashboard; shut down (all its processes) after the module."""
    import ray

    from matcher.scale.ray_batch import ray_session

    assert not ray.is_initialized()
    with ray_session(workers=2):
        yield ray
    assert not ray.is_initialized()


@pytest.fixture(scope="module")
def world_records() -> Records:
    return Records(
        jobseekers=syn.make_jobseekers(150, seed=3),
        programs=syn.make_programs(40, seed=3),
        vacancies=syn.make_vacancies(400, seed=3),
    )


@pytest.fixture(scope="module")
def small_engine(world_records):
    r = world_records
    return MatchingEngine(encoder="tfidf", normaliser=simple_normaliser).fit(
        r.jobseekers, r.programs, r.vacancies
    )


@pytest.mark.parametrize(
    ("kind", "shortlist"),
    [(VAC, 30), (VAC, 0), (OpportunityKind.TRAINING, None)],
    ids=["vacancies shortlisted", "vacancies exact", "trainings"],
)
def test_ray_partitions_rank_like_the_in_process_batch(local_ray, small_engine, kind, shortlist):
    options = MatchOptions(as_of=TODAY)
    want_i, want_s = small_engine.rank_all(kind, 10, options, shortlist=shortlist)
    got = rank_all_ray(small_engine, kind, 10, options, shortlist, workers=2, partitions=7)
    assert got.indices.shape == want_i.shape
    # Many people have a listed item (not all: an item needs own-trade evidence, and with
    # one encoder (TF-IDF cosines) text evidence never counts, so a training must teach
    # what the person asks for; see matcher.scoring.evidence). Trainings: 0.21 listed.
    assert np.isfinite(want_s[:, 0]).mean() > 0.15
    assert_same_ranking(got.indices, got.scores, want_i, want_s)
    # Every person ranked once, by a task of one of the Ray workers, not by the driver.
    assert sorted(p.index for p in got.partitions) == list(range(7))
    assert sum(p.people for p in got.partitions) == len(small_engine.people_)
    assert os.getpid() not in {p.worker_pid for p in got.partitions}
    # Two worker actors, each holding one unpickled engine, share the seven partitions.
    assert len({p.worker_pid for p in got.partitions}) <= 2
    assert all(p.seconds > 0 for p in got.partitions)
    assert got.wall_seconds >= got.put_seconds + got.ready_seconds + got.rank_seconds > 0


def test_a_partition_ranks_its_people_as_the_whole_batch_does(small_engine):
    options = MatchOptions(as_of=TODAY)
    all_i, all_s = small_engine.rank_all(VAC, 5, options, shortlist=30)
    rows = np.array([140, 3, 77, 12])
    part_i, part_s = small_engine.rank_all(VAC, 5, options, shortlist=30, people=rows)
    assert_same_ranking(part_i, part_s, all_i[rows], all_s[rows])
    with pytest.raises(ValueError, match="people must be indices"):
        small_engine.rank_all(VAC, 5, options, people=np.array([150]))


def test_service_batch_on_ray_has_the_same_rows(local_ray, small_engine, world_records):
    service = MatcherService(small_engine, world_records)
    local = service.rank_everyone("vacancy", top_k=5, shortlist=30, as_of=TODAY)
    on_ray = service.rank_everyone(
        "vacancy", top_k=5, shortlist=30, as_of=TODAY, backend="ray", workers=2
    )
    assert list(on_ray.columns) == list(local.columns)
    assert len(on_ray) == len(local)
    assert (on_ray["jobseeker_id"].to_numpy() == local["jobseeker_id"].to_numpy()).all()
    np.testing.assert_allclose(on_ray["score"], local["score"], atol=1e-4)
    with pytest.raises(ValueError, match="allowed: local, ray"):
        service.rank_everyone("vacancy", backend="spark")


def test_partitions_cover_everyone_once():
    parts = partitions_of(10, 4)
    assert [len(p) for p in parts] == [3, 3, 2, 2]
    assert np.array_equal(np.concatenate(parts), np.arange(10))
    assert len(partitions_of(3, 8)) == 3  # no empty partitions
    with pytest.raises(ValueError, match="partitions=0"):
        partitions_of(10, 0)


def test_cli_batch_on_ray_writes_the_in_process_csv(local_ray, tmp_path):
    import pandas as pd

    from matcher.cli import main

    common = ["batch", "--encoder", "tfidf", "--as-of", "2026-11-27", "--top-k", "5"]
    assert main([*common, "--out", str(tmp_path / "local.csv")]) == 0
    ray_out = tmp_path / "ray.csv"
    assert main([*common, "--engine", "ray", "--workers", "2", "--out", str(ray_out)]) == 0
    local, on_ray = pd.read_csv(tmp_path / "local.csv"), pd.read_csv(ray_out)
    # 320 sample jobseekers x up to 5 vacancies (fewer above the relevance floor)
    assert len(local) > 500
    assert list(on_ray.columns) == list(local.columns)
    assert (on_ray["jobseeker_id"] == local["jobseeker_id"]).all()
    np.testing.assert_allclose(on_ray["score"], local["score"], atol=1e-4)
    assert main([*common, "--engine", "ray", "--workers", "0", "--out", str(ray_out)]) == 2

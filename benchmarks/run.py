"""Benchmark suite: ``python -m benchmarks [--quick] [--only SECTION ...]``.

Prints a table and writes ``benchmarks/results/latest.json`` and ``latest.md``. Sections:

``machine``   CPU, cores, RAM, BLAS, versions; float32 sgemm rate (the yardstick).
``encoders``  sentences/s of TF-IDF, MiniLM and USE on short and long texts.
``build``     engine index build with the real default encoder, cold then warm (cache).
``run``       ``python -m matcher run`` on the bundled sample, twice: recommending against
              its own index build (target: at most 1.5x when warm).
``serve``     50,000 vacancies + 5,000 trainings: warm build, one-jobseeker latency
              (top-10 vacancies, trainings, pathways, explanations), then ``batch``:
              ``rank_all`` top-10 for 20,000 people (shortlisted), its agreement with
              exact scoring and the exact scorer's cost.
``shortlist`` agreement of shortlisted with exact top-10 when the encoders are the real
              MiniLM + USE + TF-IDF (5,000 vacancies, 300 people).
``upload``    1,000 vacancy rows validated, the engine rebuilt with them (as the workspace
              does after an upload), a person's list drawn from it.
``scaling``   1k, 10k, 50k, 200k items: build, latency and batch cost per item.
``pgvector``  PostgreSQL + pgvector HNSW at 100k and 1M vacancies: load, build, one
              person's latency and recall@10 against exact (:mod:`benchmarks.pgvector_bench`).
``ray``       the nightly batch as Ray tasks, 1 against 2 workers, per-partition figures
              (:mod:`benchmarks.ray_bench`).

Large catalogs use hash stand-ins for MiniLM and USE behind the real embedding cache
(see :mod:`benchmarks.standins`); their encoding cost is reported separately as measured
throughput x number of texts. ``--quick`` runs every section on tiny sizes without the
real models (for ``tests/test_benchmarks.py``); its figures mean nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from benchmarks import machine as mc
from benchmarks import synthetic as syn
from benchmarks.report import render_markdown, render_table
from benchmarks.standins import HashEncoder, embedding_cache, standin_encoders

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SECTIONS = (
    "machine", "encoders", "build", "run", "serve", "shortlist", "upload", "scaling", "pgvector",
    "ray",
)  # fmt: skip
# Targets of issue #14.
PERSON_P95_MS = 50.0
BATCH_SECONDS = 15.0
BATCH_PEAK_MB = 3072.0
RUN_OVER_BUILD = 1.5
AS_OF = date(2026, 11, 27)  # the sample's "today": closing dates are judged against it


@dataclass(frozen=True)
class Sizes:
    vacancies: int = 50_000
    trainings: int = 5_000
    people: int = 20_000  # the batch target; ``batch_sample`` of them are actually ranked
    batch_sample: int = 20_000
    agreement_people: int = 300
    agreement_vacancies: int = 5_000  # shortlist agreement with the real encoders
    latency_people: int = 100  # first requests timed: a p95 of 30 lies between the two slowest
    build_vacancies: int = 1_000  # real-encoder cold/warm build
    upload_rows: int = 1_000
    scaling: tuple[int, ...] = (1_000, 10_000, 50_000, 200_000)
    scaling_people: int = 100
    encoder_texts: int = 200
    repeats: int = 3
    pg_sizes: tuple[int, ...] = (100_000, 1_000_000)  # pgvector section: vacancies
    pg_queries: int = 200
    ray_people: int = 4_000  # ray section: people ranked against ``ray_vacancies``
    ray_vacancies: int = 50_000
    ray_partitions: int = 8
    real_models: bool = True
    esco_normaliser: bool = True


QUICK = Sizes(
    vacancies=300,
    trainings=40,
    people=2_000,
    batch_sample=60,
    agreement_people=30,
    agreement_vacancies=300,
    latency_people=4,
    build_vacancies=60,
    upload_rows=40,
    scaling=(100, 300),
    scaling_people=20,
    encoder_texts=20,
    repeats=2,
    pg_sizes=(2_000,),
    pg_queries=20,
    ray_people=200,
    ray_vacancies=300,
    ray_partitions=4,
    real_models=False,
    esco_normaliser=False,
)


@dataclass
class Row:
    section: str
    name: str
    value: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Results:
    sizes: dict
    machine: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    checkpoint: Callable[[], None] | None = None  # saves what is there; long sections call it

    def add(self, *args, **kw) -> Row:
        row = Row(*args, **kw)
        self.rows.append(row)
        print(render_table([row], header=False), flush=True)
        return row

    def to_dict(self) -> dict:
        return {
            "sizes": self.sizes,
            "machine": self.machine,
            "rows": [asdict(r) for r in self.rows],
            "extra": self.extra,
        }


# --------------------------------------------------------------------------- helpers
def simple_normaliser(phrases: list[str]) -> list[list[tuple[str, str]]]:
    """Each phrase is its own concept (the quick mode's stand-in for the ESCO normaliser)."""
    return [[("raw:" + p.strip().lower(), p.strip())] for p in phrases]


def make_normaliser(sizes: Sizes, res: Results):
    if not sizes.esco_normaliser:
        return simple_normaliser
    from matcher.text.skills import SkillNormaliser

    seconds, norm = mc.timed(lambda: SkillNormaliser().fit())
    res.add("build", "ESCO skill normaliser fit (once per process)", seconds, "s")
    return norm


@contextlib.contextmanager
def rss_sampler(interval: float = 0.05) -> Iterator[dict]:
    """Peak resident memory while the block runs, sampled from /proc."""
    out = {"peak_mb": mc.current_rss_mb()}
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            out["peak_mb"] = max(out["peak_mb"], mc.current_rss_mb())
            stop.wait(interval)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield out
    finally:
        stop.set()
        thread.join()


def build_engine(n_vac: int, n_trn: int, n_people: int, normaliser, seed: int = 0):
    from matcher.engine import MatchingEngine

    v = syn.make_vacancies(n_vac, seed)
    p = syn.make_programs(n_trn, seed)
    j = syn.make_jobseekers(n_people, seed)
    seconds, engine = mc.timed(lambda: MatchingEngine(normaliser=normaliser).fit(j, p, v))
    return engine, seconds


def n_names(engine) -> int:
    from matcher.domain import OpportunityKind

    return len(engine.text_[OpportunityKind.VACANCY].alias_texts_)


def unique_texts(engine) -> int:
    texts = {t for m in engine.text_.values() for t in m.alias_texts_}
    return len(texts | set(engine.people_.texts))


# --------------------------------------------------------------------------- sections
def section_machine(sizes: Sizes, res: Results) -> None:
    res.machine = mc.machine_info()
    m = 256 if sizes.real_models else 64
    n = 50_000 if sizes.real_models else 2_000
    for k in (384, 512):
        rate = mc.sgemm_gflops(m, k, n, repeats=sizes.repeats + 2)
        res.extra[f"sgemm_{k}"] = rate
        res.add("machine", f"numpy sgemm ({m}x{k}) @ ({k}x{n})", rate, "GFLOP/s")


def _encoder_texts(n: int) -> tuple[list[str], list[str]]:
    s = syn.load_sample()
    short = sorted({a for v in s.vacancies for a in (v.title, *v.title_aliases)})
    short += sorted({p.title for p in s.programs})
    long = [v.text() for v in s.vacancies] + [p.profile_text() for p in s.jobseekers]
    return short[:n], long[:n]


def section_encoders(sizes: Sizes, res: Results) -> None:
    from matcher.text.encoders import SbertEncoder, TfidfEncoder, UseEncoder, sbert_encoder

    short, long = _encoder_texts(sizes.encoder_texts)
    encoders = {"tfidf": TfidfEncoder().fit(short + long)}
    if sizes.real_models:
        encoders["minilm"] = sbert_encoder()  # the configured backend (ONNX fp32 by default)
        if not isinstance(encoders["minilm"], SbertEncoder):
            encoders["minilm via torch (for comparison)"] = SbertEncoder()
        encoders["use"] = UseEncoder()
    else:
        encoders["minilm (hash stand-in)"] = HashEncoder()
    for name, enc in encoders.items():
        load, _ = mc.timed(lambda e=enc: e.transform(["warm up"]))
        res.add("encoders", f"{name}: first call (model load)", load, "s")
        for label, texts in (("short", short), ("long", long)):
            seconds, _ = mc.median_time(lambda e=enc, t=texts: e.transform(t), sizes.repeats)
            rate = len(texts) / seconds
            res.extra[f"enc_{name}_{label}"] = rate
            words = np.mean([len(t.split()) for t in texts])
            res.add("encoders", f"{name}: {label} texts (~{words:.0f} words)", rate, "sent/s")


def _encoders_child() -> None:
    """Entry of the child process: ``Sizes`` as JSON in argv[1], results to the file argv[2]."""
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(sys.argv[1]).items()}
    sizes = Sizes(**fields)
    res = Results(sizes=asdict(sizes))
    section_encoders(sizes, res)  # prints its rows as it goes, to the inherited stdout
    Path(sys.argv[2]).write_text(json.dumps({"rows": [asdict(r) for r in res.rows],
                                             "extra": res.extra}))  # fmt: skip


def section_encoders_apart(sizes: Sizes, res: Results) -> None:
    """``section_encoders`` with the real models in a child interpreter.

    The models it loads (torch's MiniLM among them, for comparison) would stay in this
    process's memory for the sections after it: run as one process, the suite's batch
    section then peaked at 3,466-3,477 MB against 2,737-2,770 MB without this section,
    and freeing the models did not give the memory back. A fresh interpreter, not a
    multiprocessing child: spawn re-runs the parent's ``__main__``, which under a test
    runner or Streamlit may be any script.
    """
    if not sizes.real_models:
        section_encoders(sizes, res)
        return
    import subprocess

    code = "from benchmarks.run import _encoders_child; _encoders_child()"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "encoders.json"
        subprocess.run([sys.executable, "-c", code, json.dumps(asdict(sizes)), str(out)],
                       check=True, cwd=Path(__file__).resolve().parents[1])  # fmt: skip
        found = json.loads(out.read_text())
    res.rows.extend(Row(**row) for row in found["rows"])
    res.extra.update(found["extra"])


def section_build(sizes: Sizes, res: Results, normaliser) -> None:
    """Cold (empty cache) and warm (unchanged data) index build with the real encoder."""
    from matcher.engine import MatchingEngine

    n = sizes.build_vacancies
    v, p, j = (
        syn.make_vacancies(n, 7),
        syn.make_programs(n // 10, 7),
        syn.make_jobseekers(n // 5, 7),
    )
    with tempfile.TemporaryDirectory() as tmp, _fresh_cache(Path(tmp), sizes.real_models):
        cold, engine = mc.timed(lambda: MatchingEngine(normaliser=normaliser).fit(j, p, v))
        warm, _ = mc.median_time(
            lambda: MatchingEngine(normaliser=normaliser).fit(j, p, v), sizes.repeats
        )
        _, parts = _profile_build(lambda: MatchingEngine(normaliser=normaliser).fit(j, p, v))
    what = "default encoder" if sizes.real_models else "hash stand-ins"
    label = f"{n} vacancies, {n // 10} trainings, {n // 5} people, {what}"
    res.add("build", f"cold build ({label}; models already loaded)", cold, "s")
    res.add("build", "warm build (same data, cache served)", warm, "s")
    ratio = cold / warm
    res.add("build", "cold / warm", ratio, "x", ">= 50x", ratio >= 50)
    res.extra["build_unique_texts"] = unique_texts(engine)
    for name, seconds in parts.items():
        res.add("build", f"  warm build: {name} (cProfile)", seconds, "s")


def section_run(sizes: Sizes, res: Results) -> None:
    """``python -m matcher run`` on the bundled sample, as a user runs it: once to fill
    the embedding cache, then again; the second run's recommending time against its own
    index build (both as the command prints them)."""
    import re
    import subprocess

    if not sizes.real_models:
        return  # a subprocess with the real models: not for the quick check
    out = Path(tempfile.mkdtemp()) / "recommendations.csv"
    command = [sys.executable, "-m", "matcher", "run", "--out", str(out)]
    for label in ("first run", "warm run"):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - started
        text = done.stdout + done.stderr
        build = float(re.search(r"vacancies in ([\d.]+) s", text).group(1))
        match = re.search(r"recommended for (\d+) jobseekers in ([\d.]+) s", text)
        people, recommend = int(match.group(1)), float(match.group(2))
        res.add("run", f"{label}: index build (load, normalise, encode or read cache)", build, "s")
        res.add("run", f"{label}: recommend for all {people} jobseekers", recommend, "s")
        res.add("run", f"{label}: whole command", wall, "s")
    res.add("run", "warm run: recommending / index build", recommend / build, "x",
            f"<= {RUN_OVER_BUILD}", recommend / build <= RUN_OVER_BUILD)  # fmt: skip


def _profile_build(fn) -> tuple[object, dict[str, float]]:
    """Run ``fn`` under cProfile; cumulative seconds of the parts of a build."""
    prof = cProfile.Profile()
    out = prof.runcall(fn)
    stats = pstats.Stats(prof).stats
    parts = {
        "TF-IDF fitted on the names, read back (fitted_cache)": (
            "encoders/fitted_cache.py",
            "fit_transform_cached",
        ),
        "TF-IDF fit (only when the names changed)": ("encoders/tfidf.py", "fit"),
        "embedding cache reads": ("encoders/cache.py", "transform"),
        "skill phrases -> concepts (normaliser)": ("features.py", "concept_rows"),
        "schedules and arrays": ("features.py", "build"),
    }
    found = {}
    for label, (file, func) in parts.items():
        found[label] = sum(
            v[3] for (f, _, name), v in stats.items() if f.endswith(file) and name == func
        )
    return out, found


def section_serve(sizes: Sizes, res: Results, normaliser, cache_dir: Path) -> object:
    """The 50k/5k catalog: warm build, one-person latency, batch rank_all."""
    from matcher.domain import OpportunityKind
    from matcher.engine import MatchOptions

    nv, nt, npl = sizes.vacancies, sizes.trainings, sizes.batch_sample
    with standin_encoders(cache_dir):
        first, _ = mc.timed(lambda: build_engine(nv, nt, npl, normaliser))
        res.add("serve", "first build (fills the stand-in cache unless already filled)", first, "s")
        warm, (engine, _) = mc.timed(lambda: build_engine(nv, nt, npl, normaliser))
        res.add("serve", f"warm build, {nv} vacancies + {nt} trainings", warm, "s")
        # A counselor saves a profile: the workspace refits the people into the index.
        people = list(engine.people_.records)
        people[0] = replace(people[0], skills=people[1].skills, max_travel_km=12.5)
        refit, _ = mc.timed(lambda: engine.with_people(people))
        res.add("serve", f"a saved profile: {len(people)} people refitted into the index", refit,
                "s", note=f"MatchingEngine.with_people; a full build: {warm:.1f} s")  # fmt: skip
        texts = unique_texts(engine)
        minilm = res.extra.get("enc_minilm_long")
        use = res.extra.get("enc_use_long")
        if minilm and use:
            cost = texts / minilm + texts / use
            res.add("serve", f"encoding cost, {texts} unique texts (MiniLM + USE)", cost, "s",
                    note="throughput x count; paid once, then cached")  # fmt: skip
            res.add("serve", "cold / warm (estimated)", (cost + warm) / warm, "x", ">= 50x",
                    (cost + warm) / warm >= 50)  # fmt: skip
        opt = MatchOptions(as_of=AS_OF)
        first, again, shown = [], [], []
        for i in range(min(sizes.latency_people, len(engine.people_))):
            pid = engine.people_.ids[i]
            t, rec = mc.timed(lambda pid=pid: engine.recommend_for_jobseeker(pid, opt))
            first.append(t)
            again.append(mc.timed(lambda pid=pid: engine.recommend_for_jobseeker(pid, opt))[0])
            shown.append(len(rec.vacancies) + len(rec.trainings) + len(rec.pathways))
        for label, ts in (("first request", first), ("repeat (semantic row memoised)", again)):
            p50, p95 = mc.percentile(ts, 50) * 1e3, mc.percentile(ts, 95) * 1e3
            res.add("serve", f"one jobseeker, {label}: p50", p50, "ms")
            res.add("serve", f"one jobseeker, {label}: p95", p95, "ms",
                    f"<= {PERSON_P95_MS:.0f} ms", p95 <= PERSON_P95_MS)  # fmt: skip
        res.extra["latency_items_shown_mean"] = float(np.mean(shown))
        # Semantic part alone for one person, to attribute the latency.
        vac = engine.text_[OpportunityKind.VACANCY]
        sem, _ = mc.median_time(lambda: vac.score([engine.people_.texts[0]]), sizes.repeats)
        res.add("serve", "  of which semantic row, vacancies (TextMatcher.score, 1 query)",
                sem * 1e3, "ms", note=f"{n_names(engine)} names x (384+512) dims + TF-IDF")  # fmt: skip
        section_batch(sizes, res, engine, opt)
    return engine


def section_batch(sizes: Sizes, res: Results, engine, opt) -> None:
    """rank_all top-10 for every indexed person: shortlisted (the default above
    ``SHORTLIST_FROM`` vacancies), its agreement with exact scoring, and the exact scorer."""
    from matcher.domain import OpportunityKind
    from matcher.engine.batch import SHORTLIST_SIZE
    from matcher.engine.prefilter import default_precision, item_side, people_side

    vac = OpportunityKind.VACANCY
    n = len(engine.people_)
    nv = len(engine.catalogs_[vac])
    size = SHORTLIST_SIZE if nv > SHORTLIST_SIZE else 0  # the quick run shortlists too
    engine.last_batch_seconds_ = {}
    with rss_sampler() as rss:
        total, (_, top_s) = mc.timed(lambda: engine.rank_all(vac, 10, opt, shortlist=size))
    split = getattr(engine, "last_batch_seconds_", {})
    scale = sizes.people / n
    target = f"{sizes.people} people <= {BATCH_SECONDS:.0f} s"
    res.add("batch", f"rank_all top-10, {n} people x {nv} vacancies", total, "s")
    if scale != 1:
        res.add("batch", f"  extrapolated to {sizes.people} people", total * scale, "s", target,
                total * scale <= BATCH_SECONDS, note="linear in people")  # fmt: skip
    else:
        res.add("batch", f"  against the target ({sizes.people} people)", total, "s", target,
                total <= BATCH_SECONDS)  # fmt: skip
    for key, label in (("shortlist", "stage 1: stand-in products + top-100 per person"),
                       ("exact", "stage 2: exact scorer on the shortlists")):  # fmt: skip
        if key in split:
            res.add("batch", f"  {label}", split[key], "s")
    res.add("batch", "peak RSS during rank_all", rss["peak_mb"], "MB",
            f"<= {BATCH_PEAK_MB:.0f} MB", rss["peak_mb"] <= BATCH_PEAK_MB)  # fmt: skip
    # The dense product the batch is built on, alone, against this machine's sgemm.
    side = item_side(engine, vac, opt)
    rows = np.arange(min(n, 1024))
    person = people_side(engine, vac, side, rows, opt)
    sgemm = res.extra.get("sgemm_384") or mc.sgemm_gflops(256, 384, 50_000)
    for label, left, right, precision in (
        ("exact columns, float32", person.dense, side.dense, "float32"),
        ("semantic estimate, float32", person.approx, side.approx, "float32"),
        ("semantic estimate, bfloat16", person.approx, side.approx, "bfloat16"),
    ):
        if left is None:
            continue
        if precision == "bfloat16":
            if default_precision() != "bfloat16":
                continue
            import torch

            low = torch.from_numpy(left).to(torch.bfloat16)
            seconds, _ = mc.median_time(lambda low=low: low @ side.approx_bf16().T, sizes.repeats)
        else:
            seconds, _ = mc.median_time(lambda a=left, b=right: a @ b.T, sizes.repeats)
        gflops = 2.0 * left.shape[0] * left.shape[1] * right.shape[0] / seconds / 1e9
        res.add("batch", f"stand-in product, {label} ({len(rows)} x {left.shape[1]}) @ "
                f"({left.shape[1]} x {right.shape[0]})", gflops, "GFLOP/s",
                f">= {sgemm / 2:.0f} (sgemm / 2)", gflops >= sgemm / 2)  # fmt: skip
    # Agreement with exact scoring of every pair, on a sample of people.
    m = min(n, sizes.agreement_people)
    sample = np.sort(np.random.default_rng(0).choice(n, m, replace=False))
    seconds, exact_s = mc.timed(lambda: exact_top_scores(engine, sample, opt))
    add_agreement(res, "batch", f"{m} people sampled", exact_s, top_s[sample])
    res.add("batch", f"exact scorer on every pair, {m} people, extrapolated to {sizes.people}",
            seconds * sizes.people / m, "s", note="what shortlisting saves")  # fmt: skip


def add_agreement(res: Results, section: str, label: str, exact: np.ndarray, got: np.ndarray):
    """Rows saying how close shortlisted top-10 scores are to exact ones."""
    finite = np.isfinite(exact)
    same = np.where(finite, np.abs(exact - np.where(finite, got, 0)) < 1e-4, ~np.isfinite(got))
    # A 10th item the shortlist missed (fewer than 10 above the relevance floor) loses its
    # whole score.
    got_10 = np.where(np.isfinite(got[:, -1]), got[:, -1], 0)
    lost = np.where(finite[:, -1], exact[:, -1] - got_10, 0)
    res.add(section, f"  people whose top-10 scores equal exact ranking ({label})",
            100 * same.all(axis=1).mean(), "%")  # fmt: skip
    res.add(section, "  people whose top-1 score equals exact", 100 * same[:, 0].mean(), "%")
    res.add(section, "  mean score lost at rank 10 (scores in 0..1)", float(lost.mean()), "")


def section_shortlist(sizes: Sizes, res: Results, normaliser, cache_dir: Path) -> None:
    """Shortlist agreement with exact ranking when the encoders are the real ones."""
    from matcher.domain import OpportunityKind
    from matcher.engine import MatchOptions
    from matcher.engine.batch import SHORTLIST_SIZE

    nv, npl = sizes.agreement_vacancies, sizes.agreement_people
    opt = MatchOptions(as_of=AS_OF)
    real = sizes.real_models
    with contextlib.nullcontext() if real else standin_encoders(cache_dir):
        engine, seconds = build_engine(nv, nv // 10, npl, normaliser)
        size = min(SHORTLIST_SIZE, nv - 1)
        _, got = engine.rank_all(OpportunityKind.VACANCY, 10, opt, shortlist=size)
        exact = exact_top_scores(engine, np.arange(npl), opt)
    encoders = "MiniLM + USE + TF-IDF" if real else "stand-in encoders"
    res.add("shortlist", f"build, {nv} vacancies, {npl} people ({encoders})", seconds, "s",
            note="includes encoding unless cached")  # fmt: skip
    add_agreement(res, "shortlist", f"{encoders}, shortlist {size} of {nv}", exact, got)


def exact_top_scores(engine, pidx: np.ndarray, opt, k: int = 10, chunk: int = 64) -> np.ndarray:
    """Top-k listable scores of people ``pidx`` with every vacancy scored exactly: eligible,
    above the relevance floor and with own-trade evidence, as in a person's list and in
    ``rank_all`` (before 2026-11-30 only the hard rules were applied here, so people with
    fewer than ten listable items counted as disagreeing)."""
    from matcher.domain import OpportunityKind

    vac = OpportunityKind.VACANCY
    out = np.full((len(pidx), k), -np.inf, dtype=np.float32)
    for lo in range(0, len(pidx), chunk):
        rows = pidx[lo : lo + chunk]
        block = engine.score_block(vac, engine.people_, rows, None, opt)
        score = np.where(engine.listable(block, opt, vac), block.score, -np.inf)
        kk = min(k, score.shape[1])
        out[lo : lo + len(rows), :kk] = -np.sort(-score, axis=1)[:, :kk]
    return out


def _fresh_cache(folder: Path, real: bool) -> contextlib.AbstractContextManager:
    """The text caches in ``folder`` (empty): nothing an earlier run encoded is served.
    With ``real`` False, hash stand-ins too (``--quick``)."""
    return embedding_cache(folder) if real else standin_encoders(folder)


def upload_rows(n: int):
    """``n`` vacancy rows drawn from the sample (with replacement), each made distinct as
    real vacancies are, by a reference code of a few tokens ("Kode lowongan UP-00042."),
    not by a long number: the encoders' cost grows with a text's tokens."""
    import pandas as pd

    from matcher import config

    sample = pd.read_csv(config.SAMPLE_DATA_DIR / "vacancies.csv", dtype=str)
    rows = sample.sample(n, replace=True, random_state=11).reset_index(drop=True)
    rows["id"] = [f"UP-{i:05d}" for i in range(len(rows))]
    rows["description"] = [f"{d} Kode lowongan UP-{i:05d}." for i, d in
                           enumerate(rows["description"].fillna(""))]  # fmt: skip
    return rows


def section_upload(sizes: Sizes, res: Results) -> None:
    """An employer uploads a vacancy file, as the workspace handles it: the rows validated,
    the engine rebuilt with them (only their texts are new to the embedding cache), and a
    person's list drawn from the new catalog."""
    from matcher import config
    from matcher.loaders import load_vacancies
    from matcher.service import CsvSource, MatcherService, Records
    from matcher.text.skills import SkillNormaliser

    rows = upload_rows(sizes.upload_rows)
    catalog = CsvSource(config.SAMPLE_DATA_DIR).load()
    # As the workspace's EngineCache: one fitted normaliser for the process, the encoder
    # and ranker it uses.
    normaliser = SkillNormaliser()
    with tempfile.TemporaryDirectory() as tmp, _fresh_cache(Path(tmp) / "cache", sizes.real_models):
        # The catalog as it stood before the upload: its texts cached, the models loaded
        # (a running app has both; loading the models is not part of an upload).
        before = MatcherService.from_records(catalog, normaliser=normaliser)
        person = catalog.jobseekers[0].id
        before.recommend_for_jobseeker(person, as_of=AS_OF)
        path = Path(tmp) / "upload.csv"
        rows.to_csv(path, index=False)
        start = time.perf_counter()
        report = load_vacancies(path)
        t_load = time.perf_counter() - start
        records = Records(
            jobseekers=catalog.jobseekers,
            programs=catalog.programs,
            vacancies=[*catalog.vacancies, *report.records],
        )
        service = MatcherService.from_records(records, normaliser=normaliser)
        t_build = time.perf_counter() - start - t_load
        result = service.recommend_for_jobseeker(person, as_of=AS_OF)
        total = time.perf_counter() - start
    listed = [r.item_id for r in result.vacancies]
    new = sum(i.startswith("UP-") for i in listed)
    res.add("upload", f"{len(report.records)} of {len(rows)} rows validated (loaders)", t_load, "s")
    res.add("upload", f"  engine rebuilt with them ({'real encoders' if sizes.real_models else 'stand-ins'})",
            t_build, "s")  # fmt: skip
    res.add("upload", "upload -> in a person's list, total", total, "s", "<= 15 s", total <= 15,
            note=f"{person}: {len(listed)} vacancies listed, {new} of them uploaded")  # fmt: skip


def section_scaling(sizes: Sizes, res: Results, normaliser, cache_dir: Path) -> None:
    from matcher.domain import OpportunityKind
    from matcher.engine import MatchOptions

    opt = MatchOptions(as_of=AS_OF)
    table = []
    with standin_encoders(cache_dir):
        for n in sizes.scaling:
            build_engine(n, n // 10, sizes.scaling_people, normaliser)  # cold: fill the cache
            with rss_sampler() as rss:
                warm, (engine, _) = mc.timed(
                    lambda n=n: build_engine(n, n // 10, sizes.scaling_people, normaliser)
                )
            lat = [
                mc.timed(lambda pid=pid, e=engine: e.recommend_for_jobseeker(pid, opt))[0]
                for pid in engine.people_.ids[:5]
            ]
            batch, _ = mc.timed(lambda e=engine: e.rank_all(OpportunityKind.VACANCY, 10, opt, 256))
            row = {
                "items": n,
                "alias_names": n_names(engine),
                "warm_build_s": warm,
                "latency_p50_ms": mc.percentile(lat, 50) * 1e3,
                "batch_s_per_person": batch / len(engine.people_),
                "peak_rss_mb": rss["peak_mb"],
            }
            table.append(row)
            base = table[0]
            growth = n / base["items"]
            for key, unit in (("warm_build_s", "s"), ("latency_p50_ms", "ms"),
                              ("batch_s_per_person", "s")):  # fmt: skip
                ratio = row[key] / base[key] / growth if base[key] else float("nan")
                res.add("scaling", f"{n} items: {key}", row[key], unit,
                        "cost/item <= 1.5x the smallest", ratio <= 1.5,
                        note=f"cost per item vs {base['items']}: {ratio:.2f}x")  # fmt: skip
            engine = None  # free it before the next size
            res.extra["scaling"] = table
            if res.checkpoint:
                res.checkpoint()


def section_pgvector(sizes: Sizes, res: Results) -> None:
    from benchmarks.pgvector_bench import section_pgvector as run_section

    run_section(sizes, res, AS_OF)


def section_ray(sizes: Sizes, res: Results, normaliser, cache_dir: Path) -> None:
    from benchmarks.ray_bench import section_ray as run_section

    run_section(sizes, res, normaliser, cache_dir, AS_OF)


# --------------------------------------------------------------------------- main
def run(
    sizes: Sizes,
    sections: list[str],
    out_dir: Path,
    stem: str = "latest",
    cache_dir: Path | None = None,
) -> Results:
    """Run ``sections``; results are saved after each one, so a long run keeps what it has."""
    res = Results(sizes=asdict(sizes))
    res.machine = mc.machine_info()
    cache_dir = cache_dir or out_dir / "cache"
    res.checkpoint = lambda: save(res, out_dir, stem)
    started = time.perf_counter()
    normaliser = None
    if {"build", "serve", "shortlist", "scaling", "ray"} & set(sections):
        normaliser = make_normaliser(sizes, res)
    steps = {
        "machine": lambda: section_machine(sizes, res),
        "encoders": lambda: section_encoders_apart(sizes, res),
        "build": lambda: section_build(sizes, res, normaliser),
        "run": lambda: section_run(sizes, res),
        "serve": lambda: section_serve(sizes, res, normaliser, cache_dir),
        "shortlist": lambda: section_shortlist(sizes, res, normaliser, cache_dir),
        "upload": lambda: section_upload(sizes, res),
        "scaling": lambda: section_scaling(sizes, res, normaliser, cache_dir),
        "pgvector": lambda: section_pgvector(sizes, res),
        "ray": lambda: section_ray(sizes, res, normaliser, cache_dir),
    }
    for name in SECTIONS:
        if name in sections:
            steps[name]()
            res.extra["total_seconds"] = time.perf_counter() - started
            res.extra["load_average_at_end"] = list(os.getloadavg())
            res.extra["peak_rss_mb"] = mc.peak_rss_mb()
            save(res, out_dir, stem)
    return res


def save(res: Results, out_dir: Path, stem: str) -> None:
    (out_dir / f"{stem}.json").write_text(json.dumps(res.to_dict(), indent=2, default=str))
    (out_dir / f"{stem}.md").write_text(render_markdown(res))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, no real models")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder")
    parser.add_argument("--scaling", type=int, nargs="+", help="item counts for the scaling table")
    parser.add_argument("--cache", type=Path, help="stand-in embedding cache (default OUT/cache)")
    parser.add_argument(
        "--agreement-vacancies", type=int,
        help="catalog size of the real-encoder shortlist check (default 5,000; 50,000 "
        "encodes ~50k real texts once, about 8 minutes here)",
    )  # fmt: skip
    parser.add_argument(
        "--pg-sizes",
        type=int,
        nargs="+",
        help="vacancy counts of the pgvector section (default 100,000 1,000,000)",
    )
    parser.add_argument("--ray-people", type=int, help="people ranked in the ray section")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else Sizes()
    if args.pg_sizes:
        sizes = Sizes(**{**asdict(sizes), "pg_sizes": tuple(args.pg_sizes)})
    if args.ray_people:
        sizes = Sizes(**{**asdict(sizes), "ray_people": args.ray_people})
    if args.scaling:
        sizes = Sizes(**{**asdict(sizes), "scaling": tuple(args.scaling)})
    if args.agreement_vacancies:
        if args.agreement_vacancies < 20:
            parser.error(f"--agreement-vacancies {args.agreement_vacancies}; allowed: >= 20")
        sizes = Sizes(**{**asdict(sizes), "agreement_vacancies": args.agreement_vacancies})
    args.out.mkdir(parents=True, exist_ok=True)
    print(render_table([], header=True))
    stem = "quick" if args.quick else "latest"
    run(sizes, list(args.only or SECTIONS), args.out, stem, args.cache)
    print(f"\nwrote {args.out / (stem + '.json')} and {args.out / (stem + '.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

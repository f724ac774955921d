"""Commands on the matching engine: run, index, recommend, validate."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pandas as pd

from app.i18n import t as tr
from app.i18n.explain import export_skills, order_note_text, skills_text, summary
from matcher import config
from matcher.engine.options import DIVERSITY, RELEVANCE_FLOOR
from matcher.engine.results import Recommendation, RecommendationSet
from matcher.errors import MatcherError
from matcher.loaders import SCHEMAS, load_records
from matcher.parsing import parse_date


def register(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser(
        "run", help="validate the sample data, build the index and recommend for everyone"
    )
    _data_args(run)
    run.add_argument("--out", type=Path, default=config.PROCESSED_DATA_DIR / "recommendations.csv")
    run.add_argument("--example", default=None, help="jobseeker id to print in full")
    run.set_defaults(func=cmd_run)

    index = sub.add_parser("index", help="build the index (encodes and caches embeddings)")
    _data_args(index)
    index.set_defaults(func=cmd_index)

    rec = sub.add_parser("recommend", help="recommend for one jobseeker, programme or vacancy")
    target = rec.add_mutually_exclusive_group(required=True)
    target.add_argument("--jobseeker", help="jobseeker id, e.g. JS-0001")
    target.add_argument("--program", help="programme id, e.g. PR-001")
    target.add_argument("--vacancy", help="vacancy id, e.g. JV-0001")
    _data_args(rec)
    rec.add_argument("--top-k", type=int, default=10)
    rec.add_argument("--format", choices=["table", "json"], default="table")
    rec.add_argument(
        "--weights", default="",
        help="e.g. semantic=0.5,skills=0.3,distance=0.1,schedule=0.05,education=0.05",
    )  # fmt: skip
    rec.add_argument("--relax", default="", help="rules to relax, e.g. travel,age")
    rec.add_argument(
        "--diversity", type=float, default=DIVERSITY, help=f"0 (none) to 1; default {DIVERSITY}"
    )
    rec.add_argument(
        "--floor", type=float, default=RELEVANCE_FLOOR,
        help=f"relevance floor, 0 to 1 (default {RELEVANCE_FLOOR}; 0 lists every eligible item)",
    )  # fmt: skip
    rec.add_argument("--lang", choices=["id", "en"], default="id")
    rec.set_defaults(func=cmd_recommend)

    batch = sub.add_parser(
        "batch", help="top-k of one kind for every jobseeker to a CSV (the nightly batch)"
    )
    _data_args(batch)
    batch.add_argument("--kind", choices=["vacancy", "training", "entrepreneurship"],
                       default="vacancy")  # fmt: skip
    batch.add_argument("--top-k", type=int, default=10)
    batch.add_argument(
        "--shortlist", type=int, default=None,
        help="vacancies per person kept by the linear stand-in before exact scoring; "
        "0 scores every pair exactly (default: 100 above 5,000 vacancies, else exact)",
    )  # fmt: skip
    batch.add_argument(
        "--engine", choices=["local", "ray"], default="local",
        help="local: in this process (default); ray: partitions of people on Ray worker actors "
        "on a local Ray instance started for the run (needs the 'scale' extra)",
    )  # fmt: skip
    batch.add_argument(
        "--workers", type=int, default=2, help="Ray worker actors, one CPU each (--engine ray)"
    )
    batch.add_argument("--out", type=Path, default=config.PROCESSED_DATA_DIR / "batch.csv")
    batch.set_defaults(func=cmd_batch)

    val = sub.add_parser("validate", help="check a CSV/XLSX file and list every bad row")
    val.add_argument("file", type=Path)
    val.add_argument("--kind", choices=sorted(SCHEMAS), required=True)
    val.add_argument(
        "--sheet", help="the sheet of a workbook to read, by name (default: first visible)"
    )
    val.set_defaults(func=cmd_validate)


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=config.SAMPLE_DATA_DIR)
    p.add_argument(
        "--from-db", nargs="?", const="", default=None, metavar="URL",
        help="read the app database (or URL) instead of --data-dir: only people whose "
        "consent is on file are ranked",
    )  # fmt: skip
    p.add_argument(
        "--encoder", default="default", help="default | tfidf | minilm | use (semantic part)"
    )
    p.add_argument("--as-of", type=parse_date, default=None, help="judge dates as of this day")


def _service(args):
    from matcher.service import CsvSource, MatcherService

    started = time.perf_counter()
    if getattr(args, "from_db", None) is not None:
        from matcher.db import session_scope
        from matcher.workspace.source import DbSource
        from matcher.workspace.startup import init_app_db

        engine = init_app_db(args.from_db or None).engine
        source = DbSource(lambda: session_scope(engine))  # consenting people only
    else:
        source = CsvSource(args.data_dir)
    records = source.load()
    for report in records.reports:
        if report.problems or report.warnings:
            print(report.summary(), file=sys.stderr)
    service = MatcherService.from_records(records, encoder=args.encoder)
    print(
        f"index: {len(records.jobseekers)} jobseekers, {len(records.programs)} programmes, "
        f"{len(records.vacancies)} vacancies in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return service


def cmd_index(args) -> int:
    _service(args)
    return 0


def _parse_weights(text: str) -> dict[str, float]:
    out = {}
    for item in filter(None, (t.strip() for t in text.split(","))):
        if "=" not in item:
            raise ValueError(f"--weights item {item!r}; allowed form: name=number")
        key, value = item.split("=", 1)
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"--weights {key}={value!r}; allowed: a number >= 0") from None
    return out


def _request(args) -> dict:
    return {
        "weights": _parse_weights(args.weights),
        "relaxed_rules": [r for r in args.relax.split(",") if r.strip()],
        "top_k": args.top_k,
        "diversity": args.diversity,
        "as_of": args.as_of,
        "relevance_floor": args.floor,
    }


def rec_table(recs: list[Recommendation], lang: str = "id", width: int | None = None) -> str:
    """The list as a table, each row's reason wrapped whole beneath it (a cut reason
    loses its end, and an excluded item's rule is what a counselor needs). A rank marked
    * scores above the one before it, and a note under the table says why."""
    if not recs:
        return "  (tidak ada)" if lang == "id" else "  (none)"
    width = width or max(60, shutil.get_terminal_size((100, 24)).columns)
    heads = ["#", "id", "judul" if lang == "id" else "title", "oleh" if lang == "id" else "by",
             "skor" if lang == "id" else "score"]  # fmt: skip
    rows = [
        [f"{r.rank or '-'}{'*' if r.order_note else ''}", r.item_id, r.title[:38],
         r.subtitle[:30], f"{r.score:.2f}"]
        for r in recs
    ]  # fmt: skip
    widths = [max(len(row[k]) for row in [heads, *rows]) for k in range(len(heads))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(heads)]
    for r, row in zip(recs, rows, strict=True):
        out.append(line(row))
        out += textwrap.wrap(summary(r.explanation, lang), width=width,
                             initial_indent="    ", subsequent_indent="    ")  # fmt: skip
    out += [f"  * {r.item_id}: {order_note_text(r.order_note, lang)}" for r in recs if r.order_note]
    return "\n".join(out)


def print_set(result: RecommendationSet, lang: str, out=None) -> None:
    out = out or sys.stdout  # looked up per call, so redirection (and capsys) works
    heads = {
        "id": ("Lowongan", "Pelatihan", "Program kewirausahaan", "Jalur kerja lewat pelatihan",
               "Dikecualikan (aturan)"),
        "en": ("Vacancies", "Trainings", "Entrepreneurship programmes", "Job via training",
               "Excluded (rules)"),
    }[lang]  # fmt: skip
    lists = (("vacancy", result.vacancies), ("training", result.trainings),
             ("entrepreneurship", result.entrepreneurship))  # fmt: skip
    for head, (kind, recs) in zip(heads, lists, strict=False):
        print(f"\n== {head} ==\n{rec_table(recs, lang)}", file=out)
        if hidden := result.below_floor.get(kind, 0):
            note = (
                f"  Tidak ada lagi yang cukup cocok ({hidden} lainnya di bawah batas relevansi)."
                if lang == "id"
                else f"  No more good matches ({hidden} more below the relevance floor)."
            )
            print(note, file=out)
    print(f"\n== {heads[3]} ==", file=out)
    for p in result.pathways or []:
        steps = " + ".join(f"{t.item_id} {t.title}" for t in p.trainings)
        print(
            f"  {p.vacancy.item_id} {p.vacancy.title} ({p.vacancy.subtitle}) <- {steps}; "
            f"{'menutup' if lang == 'id' else 'closes'}: {skills_text(p.skills_closed, lang)}; "
            f"{p.score_now:.2f} -> {p.score_after:.2f}",
            file=out,
        )
    if not result.pathways:
        print("  (tidak ada)" if lang == "id" else "  (none)", file=out)
    # Each kind's best excluded items, under the kind's own head.
    print(f"\n== {heads[4]} ==", file=out)
    if not result.excluded:
        print("  (tidak ada)" if lang == "id" else "  (none)", file=out)
    for head, (kind, _) in zip(heads, lists, strict=False):
        if recs := [r for r in result.excluded if r.kind == kind]:
            print(f"-- {head} --\n{rec_table(recs, lang)}", file=out)


def cmd_recommend(args) -> int:
    service = _service(args)
    request = _request(args)
    if args.jobseeker:
        result = service.recommend_for_jobseeker(args.jobseeker, **request)
        if args.format == "json":
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            person = service.jobseeker(args.jobseeker)
            print(f"{person.id}: {person.age} th, {person.segment.value}, {person.kelurahan}, "
                  f"{person.education.label}; keterampilan: {', '.join(person.skills)}")  # fmt: skip
            print_set(result, args.lang)
        return 0
    target = args.program or args.vacancy
    fn = service.recommend_for_program if args.program else service.recommend_for_vacancy
    found = fn(target, **request)
    if args.format == "json":
        print(json.dumps({"id": target, **found.to_dict()}, ensure_ascii=False, indent=2))
    else:
        id_ = args.lang == "id"
        print(f"\n== {target} ==\n{rec_table(found.ranked, args.lang)}")
        if found.below_floor:
            print(
                f"\n== {'Tidak masuk daftar' if id_ else 'Left off the list'}"
                f" ({found.below_floor}) =="
            )
            print(tr("others_intro", args.lang))  # the employer's and trainer's wording
            print(rec_table(found.unlisted, args.lang))
        excluded_head = "Dikecualikan (aturan)" if id_ else "Excluded (rules)"
        print(f"\n== {excluded_head} ==\n{rec_table(found.excluded, args.lang)}")
    return 0


def cmd_validate(args) -> int:
    report = load_records(args.file, args.kind, sheet=args.sheet)
    print(report.summary())
    return 0 if report.ok else 1


def cmd_run(args) -> int:
    """The main job: every jobseeker's top recommendations to one CSV, and one example."""
    service = _service(args)
    started = time.perf_counter()
    rows = []
    as_of = args.as_of or date.today()
    for person in service.records.jobseekers:
        result = service.recommend_for_jobseeker(person.id, top_k=10, as_of=as_of)
        for group in (result.vacancies, result.trainings, result.entrepreneurship):
            for r in group:
                rows.append({"jobseeker_id": person.id, "kind": r.kind, "rank": r.rank,
                             "item_id": r.item_id, "title": r.title, "score": round(r.score, 4),
                             "why": summary(r.explanation),
                             "order_note": r.order_note.value if r.order_note else "",
                             **_skill_columns(near=r.explanation.skills_near,
                                              matched=r.explanation.skills_matched,
                                              missing=r.explanation.skills_missing,
                                              new=r.explanation.skills_new)})  # fmt: skip
        for i, p in enumerate(result.pathways, start=1):
            rows.append({"jobseeker_id": person.id, "kind": "pathway", "rank": i,
                         "item_id": p.vacancy.item_id + " <- " + "+".join(t.item_id for t in p.trainings),
                         "title": p.vacancy.title, "score": round(p.score_after, 4),
                         "why": "menutup: " + skills_text(p.skills_closed), "order_note": "",
                         **_skill_columns(matched=(), missing=p.skills_still_missing,
                                          new=p.skills_closed)})  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(args.out, index=False)
    n = len(service.records.jobseekers)
    elapsed = time.perf_counter() - started
    print(f"recommended for {n} jobseekers in {elapsed:.1f} s "
          f"({1000 * elapsed / max(n, 1):.0f} ms each); wrote {len(rows)} rows to {args.out}")  # fmt: skip
    example = args.example or _indonesian_example(service)
    if example:
        person = service.jobseeker(example)
        print(f"\nContoh / example: {person.id}, {person.age} th, {person.segment.value}, "
              f"{person.kelurahan}; keterampilan: {', '.join(person.skills)}")  # fmt: skip
        print_set(service.recommend_for_jobseeker(example, as_of=as_of), "id")
    return 0


def _skill_columns(near=(), **lists) -> dict[str, str]:
    """``skills_<name>`` (the Indonesian labels a person reads, a skill in ``near``
    marked as on the card) and ``skills_<name>_esco`` (ESCO's English labels) for each
    named list of skills."""
    out = {}
    for name, skills in lists.items():
        out[f"skills_{name}"], out[f"skills_{name}_esco"] = export_skills(skills, near)
    return out


def cmd_batch(args) -> int:
    if args.kind != "vacancy" and args.shortlist:
        print(f"note: --shortlist applies to vacancies; {args.kind} is scored exactly",
              file=sys.stderr)  # fmt: skip
    if args.workers < 1:
        raise MatcherError(f"--workers {args.workers}; allowed: an integer >= 1")
    service = _service(args)
    started = time.perf_counter()
    frame = service.rank_everyone(
        args.kind, top_k=args.top_k, shortlist=args.shortlist, as_of=args.as_of,
        backend=args.engine, workers=args.workers,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out, index=False)
    n = len(service.records.jobseekers)
    how = f" on Ray ({args.workers} workers)" if args.engine == "ray" else ""
    print(f"ranked {args.kind} for {n} jobseekers{how} in {elapsed:.1f} s; "
          f"wrote {len(frame)} rows to {args.out}")  # fmt: skip
    return 0


def _indonesian_example(service) -> str | None:
    for person in service.records.jobseekers:
        if person.segment.value == "perempuan_wirausaha" and person.skills:
            return person.id
    return service.records.jobseekers[0].id if service.records.jobseekers else None


__all__ = ["register", "MatcherError"]

"""Planning commands: skill gaps, importing field intake exports, outreach texts.

``gaps`` and ``outreach`` read the app database (migrated, and seeded with the sample
data when new), or the CSV folder given with ``--sample-dir``. ``intake-import`` shows
a preview and saves only with ``--commit --user NAME``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from matcher.parsing import parse_date


def register(sub: argparse._SubParsersAction) -> None:
    gaps = sub.add_parser("gaps", help="largest skill gaps and trainings to ask partners for")
    gaps.add_argument("--kelurahan", default=None, help="one kelurahan (default: whole area)")
    gaps.add_argument("--top", type=int, default=20)
    gaps.add_argument("--suggest", type=int, default=5, help="training suggestions to print")
    gaps.add_argument("--as-of", type=parse_date, default=None, help="date, default today")
    gaps.add_argument("--sample-dir", type=Path, default=None, help="read CSVs, not the DB")
    gaps.add_argument("--lang", choices=["id", "en"], default="id")
    gaps.set_defaults(func=cmd_gaps)

    imp = sub.add_parser("intake-import", help="import a KoboToolbox/ODK intake export")
    imp.add_argument("file", type=Path, help=".xlsx or .csv export ('XML values and headers')")
    imp.add_argument("--commit", action="store_true", help="save (default: preview only)")
    imp.add_argument("--user", default=None, help="username saving the import (with --commit)")
    imp.add_argument(
        "--decide", action="append", default=[], metavar="ROW=ACTION",
        help="for a possible duplicate: skip, merge or new (default skip); repeatable",
    )  # fmt: skip
    imp.set_defaults(func=cmd_intake)

    out = sub.add_parser("outreach", help="WhatsApp text and printable flyer for an item")
    target = out.add_mutually_exclusive_group(required=True)
    target.add_argument("--program", help="programme id, e.g. PR-001")
    target.add_argument("--vacancy", help="vacancy id, e.g. JV-0001")
    out.add_argument("--flyer", type=Path, default=None, help="write the flyer HTML here")
    out.add_argument("--paper", choices=["A5", "A4"], default="A5")
    out.set_defaults(func=cmd_outreach)


def _session_engine():
    """The app database, migrated, with a partner for every provider and employer."""
    from matcher.db import session_scope
    from matcher.needs.partners import ensure_partners
    from matcher.workspace.startup import init_app_db

    engine = init_app_db().engine
    with session_scope(engine) as session:
        ensure_partners(session)
    return engine


def cmd_gaps(args) -> int:
    from matcher.needs.supply_demand import SupplyDemand

    if args.sample_dir is not None:
        from matcher.service import CsvSource

        records = CsvSource(args.sample_dir).load()
        people, programs, vacancies = records.jobseekers, records.programs, records.vacancies
    else:
        from matcher.db import session_scope
        from matcher.needs.records import load_needs_records

        with session_scope(_session_engine()) as session:
            rec = load_needs_records(session)
        people, programs, vacancies = rec.jobseekers, rec.programs, rec.vacancies
    sd = SupplyDemand(people, programs, vacancies, as_of=args.as_of or date.today())
    if args.kelurahan and args.kelurahan not in sd.kelurahan_names():
        raise ValueError(
            f"kelurahan={args.kelurahan!r} has no jobseekers or vacancies; allowed: "
            + ", ".join(sd.kelurahan_names())
        )
    table = sd.gaps(args.kelurahan, args.top).drop(columns=["concept"])
    where = args.kelurahan or "seluruh wilayah"
    print(f"Kesenjangan keahlian terbesar - {where} (per {sd.as_of.isoformat()}):")
    print(table.to_string(index=False) if len(table) else "(tidak ada kesenjangan)")
    suggestions = sd.suggestions(args.kelurahan, args.suggest)
    if suggestions:
        print("\nUsulan pelatihan:" if args.lang == "id" else "\nSuggested trainings:")
    for i, s in enumerate(suggestions, 1):
        partners = ", ".join(s.partners) or "-"
        print(f"{i}. {s.reason(args.lang)}\n   Mitra: {partners}")
    return 0


def _decisions(items: list[str]) -> dict[int, str]:
    out = {}
    for item in items:
        row, _, action = item.partition("=")
        if not row.strip().isdigit() or action not in ("skip", "merge", "new"):
            raise ValueError(f"--decide {item!r}; allowed: ROW=skip, ROW=merge or ROW=new")
        out[int(row)] = action
    return out


def cmd_intake(args) -> int:
    from matcher.db import JobseekerRepository, UserRepository, session_scope
    from matcher.needs.intake import commit_intake, preview_intake

    decisions = _decisions(args.decide)
    with session_scope(_session_engine()) as session:
        existing = [r.jobseeker for r in JobseekerRepository(session).list()]
        preview = preview_intake(args.file, existing)
        print(f"{preview.file}: {len(preview.rows)} baris, {len(preview.accepted)} diterima, "
              f"{len(preview.rejected)} ditolak, {len(preview.duplicates)} kemungkinan duplikat")  # fmt: skip
        for w in preview.warnings:
            print(f"  peringatan: {w}")
        for r in preview.rows:
            if r.ok:
                dup = (
                    f"  kemungkinan duplikat {r.duplicate_of} ({r.duplicate_reason})"
                    if r.duplicate_of
                    else ""
                )
                notes = f"  [{'; '.join(r.notes)}]" if r.notes else ""
                print(f"  baris {r.row}: {r.person.name}, {r.person.age} th, {r.person.kelurahan}{dup}{notes}")  # fmt: skip
            elif r.duplicate_of:
                print(f"  baris {r.row}: dilewati, {'; '.join(r.notes)}")
            for p in r.problems:
                print(f"  {p}")
        if not args.commit:
            print("Pratinjau saja; tambahkan --commit --user NAMA untuk menyimpan.")
            return 0
        if not args.user:
            raise ValueError("--commit needs --user (the username doing the import)")
        user = UserRepository(session).get_by_username(args.user)
        if user is None:
            raise ValueError(f"--user {args.user!r} is not an account in this database")
        result = commit_intake(session, preview, user, decisions)
    print(f"Disimpan: {len(result.created)} baru ({', '.join(result.created) or '-'}), "
          f"{len(result.merged)} digabung, {len(result.skipped_rows)} dilewati, "
          f"{len(result.rejected_rows)} ditolak.")  # fmt: skip
    return 0


def cmd_outreach(args) -> int:
    from matcher.db import session_scope
    from matcher.needs.outreach import flyer_html, load_item, message

    with session_scope(_session_engine()) as session:
        item, contact = load_item(session, args.program or args.vacancy)
    text = message(item, contact=contact)
    print(text.text)
    print(f"\n({text.length}/{text.limit} karakter{', diringkas' if text.shortened else ''})")
    if args.flyer:
        args.flyer.write_text(flyer_html(item, contact=contact, paper=args.paper), encoding="utf-8")
        print(f"Flyer: {args.flyer}")
    return 0

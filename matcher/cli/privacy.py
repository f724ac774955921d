"""``python -m matcher subject-export`` and ``erase``: one person's data (UU PDP 27/2022).

Both act as an admin account (``--user``; by default the only active admin) through the
workspace service, which checks the permission and audits the action::

    python -m matcher subject-export --jobseeker JS-0250 --out exports/
    python -m matcher erase --jobseeker JS-0250            # shows what would change
    python -m matcher erase --jobseeker JS-0250 --yes      # erases

The export writes ``JS-0250.json`` and ``JS-0250.xlsx`` (mode 0600, folder 0700).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    exp = sub.add_parser(
        "subject-export", help="every record about one jobseeker, as JSON and Excel (admin)"
    )
    exp.add_argument("--jobseeker", required=True, help="jobseeker id, e.g. JS-0250")
    exp.add_argument("--out", type=Path, required=True, help="output folder (created 0700)")
    _common(exp)
    exp.set_defaults(func=cmd_export)

    era = sub.add_parser(
        "erase", help="erase one jobseeker's personal data (pseudonymise in place; admin)"
    )
    era.add_argument("--jobseeker", required=True, help="jobseeker id, e.g. JS-0250")
    era.add_argument("--yes", action="store_true", help="really erase (without: only show what)")
    _common(era)
    era.set_defaults(func=cmd_erase)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default=None, help="admin username (default: the only admin)")
    parser.add_argument("--db", default=None, help="database URL (default: the app database)")


def _workspace_and_user(args: argparse.Namespace):
    from matcher.db import Role, UserRepository, session_scope
    from matcher.workspace import Workspace
    from matcher.workspace.startup import init_app_db

    engine = init_app_db(args.db).engine
    with session_scope(engine) as session:
        users = UserRepository(session)
        if args.user:
            user = users.get_by_username(args.user)
            if user is None:
                raise ValueError(f"--user {args.user!r} is not an account in this database")
        else:
            admins = users.list(role=Role.ADMIN, active_only=True)
            if len(admins) != 1:
                names = ", ".join(a.username for a in admins) or "none"
                raise ValueError(f"--user is needed: name the admin doing this (admins: {names})")
            user = admins[0]
    return Workspace(lambda: session_scope(engine)), user


def cmd_export(args: argparse.Namespace) -> int:
    from matcher.workspace.privacy import write_export

    ws, user = _workspace_and_user(args)
    data = ws.export_subject(user, args.jobseeker)
    for path in write_export(data, args.out):
        print(path)
    rows = sum(len(v) for v in data.tables.values())
    print(f"{args.jobseeker}: profile, {rows} linked rows in {len(data.tables)} tables, "
          f"{len(data.audit)} audit entries (exported by {user.username})")  # fmt: skip
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    ws, user = _workspace_and_user(args)
    if not args.yes:
        data = ws.erasure_preview(user, args.jobseeker)
        print(f"Would erase {args.jobseeker}: name, phone and free text blanked, age to its "
              "band, id replaced by a random pseudonym, in:")  # fmt: skip
        for table, rows in sorted(data.tables.items()):
            print(f"  {table}: {len(rows)} rows")
        print(f"  audit_log: {len(data.audit)} entries")
        print("Nothing was changed; add --yes to erase (it cannot be undone).")
        return 1
    from matcher.workspace.drafts import DraftStore, default_directory

    # The drafts of the database named by --db, not of the app's default one.
    drafts = DraftStore(default_directory(args.db))
    result = ws.erase_subject(user, args.jobseeker, confirm=args.jobseeker, drafts=drafts)
    print(f"Erased {args.jobseeker}: pseudonym {result.pseudonym}, by {result.who} "
          f"at {result.at:%Y-%m-%d %H:%M} UTC")  # fmt: skip
    for table, n in sorted(result.rows_changed.items()):
        print(f"  {table}: {n}")
    if not result.log_flushed:
        print("Note: another connection was reading, so the SQLite write-ahead log (-wal) "
              "still holds old pages; the app empties it within the hour (docs/security.md).")  # fmt: skip
    if result.caches_cleared:
        print("The caches of people's texts (models/cache, models/embeddings/queries) were "
              "cleared; the next engine build encodes them again.")  # fmt: skip
    else:
        print("Warning: the caches of people's texts could not be cleared (the log says why); "
              "stop the app and delete models/cache and models/embeddings/queries "
              "(docs/security.md).")  # fmt: skip
        return 1
    return 0

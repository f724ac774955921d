"""``python -m matcher create-user``: accounts from the command line, e.g. the first admin.

A real deployment starts without demo accounts, so nobody could sign in to create the
first one; this command is how. The password is asked twice without echo, or read
from ``MATCHER_NEW_PASSWORD`` or one line of standard input (``--password-stdin``) for
scripts, and must pass the password policy (:mod:`matcher.db.passwords`).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

PASSWORD_ENV = "MATCHER_NEW_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:
    from matcher.db.enums import Role

    p = sub.add_parser(
        "create-user",
        help="create an account (the first admin of a real deployment, or any other)",
        description="Create an account in the app database. The password is prompted for "
        f"(twice), or read from ${PASSWORD_ENV}, or from one line of stdin with "
        "--password-stdin. Migrates the database first when needed.",
    )
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--display-name", default="", help="name shown in the app")
    p.add_argument("--provider", help="trainers: their training provider")
    p.add_argument("--employer", help="employers: their company")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")  # fmt: skip
    p.add_argument("--db-url", default=None, help="database URL (default: DATABASE_URL / sqlite)")
    p.set_defaults(func=cmd_create_user)


def read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if (value := os.environ.get(PASSWORD_ENV)) is not None:
        return value
    if not sys.stdin.isatty():
        raise ValueError(
            f"no password: set {PASSWORD_ENV} or pass --password-stdin when not run in a terminal"
        )
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise ValueError("the two passwords differ; nothing was created")
    return first


def cmd_create_user(args) -> int:
    from matcher.db import UserRepository, get_engine, session_scope, upgrade_to_head

    password = read_password(args)
    engine = get_engine(args.db_url)
    try:
        # Only the schema: a database whose first row is this account is a real
        # deployment, and the app's first start will not import the sample data into it.
        upgrade_to_head(engine)
        with session_scope(engine) as session:
            user = UserRepository(session).add(
                args.username.strip(), password, args.role, who="cli",
                display_name=args.display_name.strip(),
                provider=(args.provider or "").strip() or None,
                employer=(args.employer or "").strip() or None,
            )  # fmt: skip
    finally:
        engine.dispose()
    print(f"created {user.role.value} account {user.username!r} (id {user.id})")
    return 0

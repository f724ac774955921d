"""The records a catalogue command reads: ``--data-dir`` CSVs or ``--from-db``."""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher import config


def add_source_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=config.SAMPLE_DATA_DIR)
    p.add_argument(
        "--from-db", nargs="?", const="", default=None, metavar="URL",
        help="read the app database (or URL) instead of --data-dir",
    )  # fmt: skip


def catalogue_records(args):
    """The :class:`matcher.service.Records` of ``--from-db`` (the app database, or URL) or
    of the CSVs in ``--data-dir``."""
    if args.from_db is not None:
        from matcher.db import init_db, session_scope
        from matcher.workspace.source import DbSource

        engine = init_db(args.from_db or None).engine
        return DbSource(lambda: session_scope(engine)).load()
    from matcher.service import CsvSource

    return CsvSource(args.data_dir).load()

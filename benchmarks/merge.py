"""Merge result files of partial runs (``--only ...``) into one ``latest.json`` / ``.md``.

``python -m benchmarks.merge a.json b.json [--out benchmarks/results]``: rows are kept in
section order; a section measured again in a later file replaces the earlier rows, and the
machine description comes from the last file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.report import render_markdown
from benchmarks.run import RESULTS_DIR, SECTIONS, Results, Row

_AT = SECTIONS.index("serve") + 1  # the batch rows follow the serve rows they come from
ORDER = {name: i for i, name in enumerate([*SECTIONS[:_AT], "batch", *SECTIONS[_AT:]])}


def merge(paths: list[Path]) -> Results:
    parts = [json.loads(Path(p).read_text()) for p in paths]
    # A later file's sections replace the same sections of earlier files (a re-run
    # supersedes), and the machine description is the latest run's.
    res = Results(sizes=parts[-1]["sizes"], machine=parts[-1]["machine"])
    rows: list[Row] = []
    for part in parts:
        fresh = [Row(**r) for r in part["rows"]]
        redone = {r.section for r in fresh}
        rows = [r for r in rows if r.section not in redone] + fresh
    res.rows = sorted(rows, key=lambda r: ORDER.get(r.section, len(ORDER)))
    for part in parts:
        res.extra.update(part.get("extra", {}))
    res.extra["merged_from"] = [str(p) for p in paths]
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.merge")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    res = merge(args.files)
    (args.out / "latest.json").write_text(json.dumps(res.to_dict(), indent=2, default=str))
    (args.out / "latest.md").write_text(render_markdown(res))
    print(f"wrote {args.out / 'latest.json'} and {args.out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

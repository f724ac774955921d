"""Merge result files of partial runs (``--only ...``) into one ``latest.json`` / ``.md``.

``python -m benchmarks.merge a.json b.json [--out benchmarks/results]``: rows are kept in
section order, the machine description comes from the first file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.report import render_markdown
from benchmarks.run import RESULTS_DIR, SECTIONS, Results, Row

ORDER = {name: i for i, name in enumerate([*SECTIONS[:4], "batch", *SECTIONS[4:]])}


def merge(paths: list[Path]) -> Results:
    parts = [json.loads(Path(p).read_text()) for p in paths]
    res = Results(sizes=parts[0]["sizes"], machine=parts[0]["machine"])
    rows = [Row(**r) for part in parts for r in part["rows"]]
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

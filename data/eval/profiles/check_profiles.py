"""Check the hand-written evaluation profiles and their judgments.

Run from the repository root: ``python data/eval/profiles/check_profiles.py``.
Exits non-zero on any problem and prints counts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SAMPLE = REPO / "data" / "sample"

EDUCATION = {"TIDAK_SEKOLAH", "SD", "SMP", "SMA", "DIPLOMA", "S1", "S2"}
SEGMENTS = {"pemuda", "perempuan_wirausaha"}
STAGES = {"ide", "rintisan", "berkembang"}
KINDS = {"vacancy", "training"}
GRADES = {"accept", "maybe"}
PROFILE_COLUMNS = [
    "id", "name", "phone", "age", "gender", "kelurahan", "education", "segment", "skills",
    "experience", "interests", "availability", "max_travel_km", "languages", "disability",
    "business_description", "business_stage", "registered_on",
]  # fmt: skip
JUDGMENT_COLUMNS = ["profile_id", "kind", "item_id", "grade", "reason"]


def centroids_file() -> Path:
    base = os.environ.get("MATCHER_SHARED_DATA_DIR")
    root = Path(base) if base else REPO.parent / "shared" / "data"
    return root / "jakarta-wilayah" / "dki_jakarta_wilayah_centroids.csv"


def main() -> int:
    errors: list[str] = []
    profiles = pd.read_csv(HERE / "profiles.csv", dtype=str, keep_default_na=False)
    judgments = pd.read_csv(HERE / "judgments.csv", dtype=str, keep_default_na=False)
    notes_path = HERE / "notes.csv"
    notes = (
        pd.read_csv(notes_path, dtype=str, keep_default_na=False)
        if notes_path.exists()
        else pd.DataFrame(columns=["profile_id", "note"])
    )

    if list(profiles.columns) != PROFILE_COLUMNS:
        errors.append(f"profiles.csv columns {list(profiles.columns)} != {PROFILE_COLUMNS}")
    if list(judgments.columns) != JUDGMENT_COLUMNS:
        errors.append(f"judgments.csv columns {list(judgments.columns)} != {JUDGMENT_COLUMNS}")

    # profiles
    dup = profiles.id[profiles.id.duplicated()].tolist()
    if dup:
        errors.append(f"duplicate profile ids: {dup}")
    bad_id = profiles.id[~profiles.id.str.fullmatch(r"EP-\d{3}")].tolist()
    if bad_id:
        errors.append(f"ids not of the form EP-001: {bad_id}")
    cfile = centroids_file()
    if not cfile.exists():
        errors.append(f"centroids file not found: {cfile} (set MATCHER_SHARED_DATA_DIR)")
        kelurahan: set[str] = set()
    else:
        cent = pd.read_csv(cfile, dtype=str)
        kelurahan = set(cent.loc[cent.level == "4", "nama"])
    for row in profiles.itertuples(index=False):
        where = f"profile {row.id}"
        if kelurahan and row.kelurahan not in kelurahan:
            errors.append(f"{where}: kelurahan {row.kelurahan!r} is not a DKI Jakarta kelurahan")
        if row.education not in EDUCATION:
            errors.append(f"{where}: education {row.education!r} not in {sorted(EDUCATION)}")
        if row.segment not in SEGMENTS:
            errors.append(f"{where}: segment {row.segment!r} not in {sorted(SEGMENTS)}")
        if row.gender not in {"P", "L"}:
            errors.append(f"{where}: gender {row.gender!r} not P/L")
        if not row.age.isdigit() or not 14 <= int(row.age) <= 100:
            errors.append(f"{where}: age {row.age!r} not a whole number 14-100")
        try:
            if float(row.max_travel_km) < 0:
                raise ValueError
        except ValueError:
            errors.append(f"{where}: max_travel_km {row.max_travel_km!r} not a number >= 0")
        if not row.phone.startswith("08") or not row.phone.isdigit():
            errors.append(f"{where}: phone {row.phone!r} should be digits starting 08")
        if row.segment == "perempuan_wirausaha":
            if row.gender != "P":
                errors.append(f"{where}: perempuan_wirausaha must be P")
            if row.business_stage not in STAGES:
                errors.append(
                    f"{where}: business_stage {row.business_stage!r} not in {sorted(STAGES)}"
                )
            if not row.business_description.strip():
                errors.append(f"{where}: business_description empty for an entrepreneur")
        elif row.business_stage:
            errors.append(f"{where}: business_stage set for a non-entrepreneur")
        try:
            day = pd.Timestamp(row.registered_on)
            if day.year != 2026:
                errors.append(f"{where}: registered_on {row.registered_on} not in 2026")
        except ValueError:
            errors.append(f"{where}: registered_on {row.registered_on!r} is not a date")

    # judgments
    vacancies = set(pd.read_csv(SAMPLE / "vacancies.csv", dtype=str).id)
    programs = set(pd.read_csv(SAMPLE / "programs.csv", dtype=str).id)
    known = set(profiles.id)
    for i, row in enumerate(judgments.itertuples(index=False), start=2):
        where = f"judgments.csv line {i}"
        if row.profile_id not in known:
            errors.append(f"{where}: unknown profile {row.profile_id}")
        if row.kind not in KINDS:
            errors.append(f"{where}: kind {row.kind!r} not in {sorted(KINDS)}")
        elif row.kind == "vacancy" and row.item_id not in vacancies:
            errors.append(f"{where}: {row.item_id} is not in data/sample/vacancies.csv")
        elif row.kind == "training" and row.item_id not in programs:
            errors.append(f"{where}: {row.item_id} is not in data/sample/programs.csv")
        if row.grade not in GRADES:
            errors.append(f"{where}: grade {row.grade!r} not in {sorted(GRADES)}")
        if not row.reason.strip():
            errors.append(f"{where}: empty reason")
    dup_j = judgments[judgments.duplicated(["profile_id", "kind", "item_id"], keep=False)]
    if len(dup_j):
        errors.append(f"duplicate judgments: {dup_j[['profile_id', 'item_id']].values.tolist()}")
    covered = set(judgments.profile_id) | set(notes.profile_id)
    missing = sorted(known - covered)
    if missing:
        errors.append(f"profiles with neither judgments nor a note in notes.csv: {missing}")

    # counts
    print(
        f"profiles: {len(profiles)}  "
        + ", ".join(f"{k}={v}" for k, v in profiles.segment.value_counts().items())
    )
    print(f"judgment rows: {len(judgments)}")
    counts = judgments.groupby(["kind", "grade"]).size()
    for (kind, grade), n in counts.items():
        print(f"  {kind:8s} {grade:6s} {n}")
    acc = (
        judgments[judgments.grade == "accept"]
        .groupby(["profile_id", "kind"])
        .size()
        .unstack(fill_value=0)
    )
    acc = acc.reindex(index=sorted(known), columns=sorted(KINDS), fill_value=0)
    for kind in sorted(KINDS):
        col = acc[kind]
        print(
            f"  accepts per profile ({kind}): median {col.median():.0f}, max {col.max()}, "
            f"profiles with 0: {(col == 0).sum()}, with 3+: {(col >= 3).sum()}"
        )
    if len(notes):
        print(f"notes: {len(notes)}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

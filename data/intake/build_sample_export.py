"""Write a realistic, messy KoboToolbox export of the intake form (.xlsx and .csv).

Run from the repository root::

    .venv/bin/python data/intake/build_sample_export.py

Fictional people. What each row tests is in ``ROWS`` (``_notes``): typos in kelurahan,
"Rp 2 jt", day-first dates (3/4/2007), a duplicate of sample jobseeker JS-0002 (same
name and phone), a near-duplicate of JS-0003 (similar name, birth year, kelurahan), two
rows without consent (must be rejected), a bad date, an unknown kelurahan and a
submission sent twice. Kobo's CSV export is ';'-separated; so is this one.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from matcher.loaders import load_jobseekers  # noqa: E402
from matcher.needs.intake_form import CHOICES, SURVEY, slug  # noqa: E402

HERE = Path(__file__).resolve().parent
SAMPLE_DIR = ROOT / "data" / "sample"

# (consent, name, phone, birth_date, gender, kelurahan, kelurahan_other, education, segment,
#  expected_wage, skills, skills_other, experience, interests, availability,
#  availability_note, max_travel_km, languages, business_description, business_stage,
#  monthly_revenue, uuid suffix, note)
ROWS = [
    ("ya", "Bagus Setiadi", "0812-3456-7001", "2006-05-14", "L", "tanjung_barat", "",
     "smk", "pemuda", "4.500.000", "servis_motor listrik", "", "bantu bengkel paman 1 thn",
     "jadi montir motor", "pagi siang", "", "8", "indonesia betawi", "", "", "", "01",
     "clean youth row"),
    ("ya", "Nur Aisyah", "081234567002", "3/4/1990", "P", "lenteng_agung", "",
     "smp", "perempuan_wirausaha", "", "bikin_kue catering", "hitung HPP; kemasan produk",
     "jualan kue di sekolah anak", "urus PIRT, jualan online", "pagi", "antar anak sekolah",
     "3", "indonesia", "Kue basah titip warung dan pesanan arisan", "rintisan", "Rp 2 jt",
     "02", "day-first birth date, 'Rp 2 jt' revenue"),
    ("ya", "Fajar Nugroho", "0857 1111 7003", "3/4/2007", "L", "lainnya", "Tanjung Brat",
     "paket_c", "pemuda", "Rp 2 jt", "gudang nyetir", "", "", "kerja gudang", "malam",
     "", "10", "indonesia", "", "", "", "03", "kelurahan typo typed under 'lainnya'"),
    # Rows 5 and 6 are filled from the sample jobseekers JS-0002 and JS-0003 (see below).
    ("ya", "{JS-0002 name}", "{JS-0002 phone as +62}", "{JS-0002 birth}", "", "", "",
     "smk", "", "", "servis_motor", "", "", "", "sore malam",
     "", "12", "indonesia betawi", "", "", "", "04", "duplicate of sample JS-0002"),
    ("ya", "{JS-0003 name, one letter doubled}", "0813-0000-7005", "{JS-0003 birth}", "", "",
     "", "smp", "", "", "bikin_roti", "frozen food", "", "", "fleksibel", "", "4",
     "indonesia minang", "Jualan kue basah dan risol", "berkembang", "3,5 juta", "05",
     "near-duplicate of sample JS-0003 (similar name, birth year, kelurahan)"),
    ("tidak", "Dewi Lestari", "0812-9999-7006", "2001-01-01", "P", "jagakarsa", "", "sma",
     "pemuda", "", "kasir", "", "", "", "pagi", "", "5", "indonesia", "", "", "", "06",
     "consent refused: rejected"),
    ("", "Yogi Pratama", "0812-9999-7007", "2004-09-09", "L", "cipedak", "", "smp", "pemuda",
     "", "cleaning", "", "", "", "pagi", "", "5", "indonesia", "", "", "", "07",
     "consent missing: rejected"),
    ("ya", "Intan Permatasari", "0821-2222-7008", "31/02/2005", "P", "kebagusan", "", "sma",
     "pemuda", "", "admin_medsos desain", "", "", "", "siang", "", "6", "indonesia inggris",
     "", "", "", "08", "impossible birth date: rejected"),
    ("ya", "Ahmad Fauzi", "0822-3333-7009", "2003-11-20", "L", "lainnya", "Bojong Gede", "sma",
     "pemuda", "", "ojek", "", "", "", "fleksibel", "", "15", "indonesia", "", "", "", "09",
     "kelurahan outside Jakarta: rejected"),
    ("ya", "Bagus Setiadi", "0812-3456-7001", "2006-05-14", "L", "tanjung_barat", "",
     "smk", "pemuda", "4.500.000", "servis_motor listrik", "", "bantu bengkel paman 1 thn",
     "jadi montir motor", "pagi siang", "", "8", "indonesia betawi", "", "", "", "01",
     "same submission sent twice"),
    ("ya", "Sri Rahayu", "6285677770011", "12 Mei 1985", "P", "srengseng_sawah", "",
     "sd", "perempuan_wirausaha", "", "menjahit obras permak", "", "penjahit konveksi 5 thn",
     "terima jahitan seragam", "pagi siang", "", "3", "indonesia jawa",
     "Jahit seragam sekolah di rumah", "ide", "", "11", "62-prefixed phone, month name"),
    ("ya", "Rizky Maulana", "0896-1212-7012", "2008-07-30", "L", "Pasar Minggu", "", "smp",
     "pemuda", "", "barista melayani_pembeli", "latte art", "", "kerja kafe", "sore malam",
     "", "7", "indonesia", "", "", "", "12", "kelurahan written as a name, not a code"),
]  # fmt: skip

FIELDS = ["consent", "name", "phone", "birth_date", "gender", "kelurahan", "kelurahan_other",
          "education", "segment", "expected_wage", "skills", "skills_other", "experience",
          "interests", "availability", "availability_note", "max_travel_km", "languages",
          "business_description", "business_stage", "monthly_revenue"]  # fmt: skip
GROUP = {}
_group = ""
for _q in SURVEY:
    if _q.type == "begin_group":
        _group = _q.name
    elif _q.type == "end_group":
        _group = ""
    elif _q.name:
        GROUP[_q.name] = _group


def header() -> list[str]:
    cols = ["start", "end", "registered_on", "enumerator"]
    for f in FIELDS:
        cols.append(f"{GROUP[f]}/{f}")
        if f in ("skills", "availability", "languages"):
            cols += [f"{GROUP[f]}/{f}/{code}" for code, *_ in CHOICES[f]]
        if f == "birth_date":
            cols.append(f"{GROUP['age']}/age")
    return cols + ["_id", "_uuid", "_submission_time", "_validation_status", "_notes",
                   "_status", "_submitted_by", "__version__", "_tags", "_index"]  # fmt: skip


def _from_sample(values: dict, person, *, exact: bool) -> dict:
    """Make a row the same person as a sample jobseeker (exact) or nearly (typo in name)."""
    born = (person.registered_on or date(2026, 11, 1)).year - person.age
    name = person.name
    if not exact:
        i = len(name) // 2 + (name[len(name) // 2] == " ")
        name = name[:i] + name[i] + name[i:]  # "Lia Siregar" -> "Lia Sirregar"
    digits = "".join(ch for ch in person.phone if ch.isdigit())
    phone = "+62 " + digits[1:4] + "-" + digits[4:8] + "-" + digits[8:] if exact else None
    return dict(
        values, name=name, phone=phone or values["phone"], birth_date=f"{born}-07-01",
        gender=person.gender.value, kelurahan=slug(person.kelurahan),
        segment=person.segment.value,
    )  # fmt: skip


def sample_people(sample_dir: Path = SAMPLE_DIR) -> dict:
    report = load_jobseekers(sample_dir / "jobseekers.csv")
    return {p.id: p for p in report.records}


def rows(sample_dir: Path = SAMPLE_DIR) -> list[list[str]]:
    people = sample_people(sample_dir)
    out = []
    for i, r in enumerate(ROWS, start=1):
        values = dict(zip(FIELDS, r[: len(FIELDS)], strict=True))
        if "JS-0002" in values["name"]:
            values = _from_sample(values, people["JS-0002"], exact=True)
        elif "JS-0003" in values["name"]:
            values = _from_sample(values, people["JS-0003"], exact=False)
        uuid, note = r[-2], r[-1]
        day = 10 + (i % 15)
        line = [f"2026-11-{day:02d}T09:{i:02d}:00.000+07:00",
                f"2026-11-{day:02d}T09:{i + 8:02d}:00.000+07:00",
                f"2026-11-{day:02d}", "konselor"]  # fmt: skip
        for f in FIELDS:
            line.append(values[f])
            if f in ("skills", "availability", "languages"):
                chosen = values[f].split()
                line += ["1" if code in chosen else "0" for code, *_ in CHOICES[f]]
            if f == "birth_date":
                line.append("")  # Kobo computes age on the phone; resaved files lose it
        line += [str(3100 + i), f"6f1c2a9e-0000-4000-8000-0000000000{uuid}",
                 f"2026-11-{day:02d}T02:{i + 10:02d}:11", "", note, "submitted_via_web",
                 "konselor", "vXsTb2026", "", str(i)]  # fmt: skip
        out.append(line)
    return out


def build(out_dir: Path = HERE, sample_dir: Path = SAMPLE_DIR) -> list[Path]:
    """Write the export next to this script (or to ``out_dir``, e.g. in tests)."""
    cols, data = header(), rows(sample_dir)
    xlsx = Path(out_dir) / "sample_kobo_export.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Pendaftaran Pencari Kerja"
    ws.append(cols)
    for line in data:
        ws.append(line)
    wb.save(xlsx)
    path = Path(out_dir) / "sample_kobo_export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(cols)
        writer.writerows(data)
    return [xlsx, path]


if __name__ == "__main__":
    for p in build():
        print(f"wrote {p}")

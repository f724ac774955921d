"""The phone-typing rewrite of the sample jobseekers' free text (data/sample_informal.py)."""

from __future__ import annotations

import importlib.util
import random
import re
import sys

import pytest

from matcher import config

_spec = importlib.util.spec_from_file_location(
    "sample_informal", config.PROJ_ROOT / "data" / "sample_informal.py"
)
informal = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("sample_informal", informal)
_spec.loader.exec_module(informal)
Habits = informal.Habits

NEAT = Habits("rapi", short=0.0, slang=0.0, typo=0.0, lower=False, bare=False)
SHORT_ONLY = Habits("asal", short=1.0, slang=0.0, typo=0.0, lower=False, bare=False)
SLANG_ONLY = Habits("asal", short=0.0, slang=1.0, typo=0.0, lower=False, bare=False)


def _rewrite(text: str, habits: Habits, seed: int = 0) -> str:
    return informal.rewrite_text(text, random.Random(seed), habits, {})


def _person(**fields: str) -> dict[str, str]:
    row = {"id": "JS-9999", "kelurahan": "Tanjung Barat", "age": "23", "availability": "fleksibel"}
    return row | {c: "" for c in informal.FREE_TEXT} | fields


def test_a_neat_writer_keeps_every_word():
    text = "Sudah punya sekitar 8 pelanggan tetap, bersih-bersih rumah yang rapi."
    assert _rewrite(text, NEAT) == text


def test_a_chat_writer_shortens_the_common_words():
    out = _rewrite("yang sudah bisa untuk dengan saja banget", SHORT_ONLY)
    assert re.fullmatch(r"yg (udah|udh|sdh) bs (utk|buat|bwt) (dgn|dg) aja bgt", out), out


def test_reduplication_is_written_with_a_2():
    assert _rewrite("bersih-bersih kantor; kue-kue", SHORT_ONLY) == "bersih2 kantor; kue2"


@pytest.mark.parametrize(
    ("text", "said_as"),
    [
        ("driver ojol 2 thn", r"(narik Gojek|ngojek di Grab|driver Maxim|ojol Gojek/Grab) 2 thn"),
        ("desain grafis", r"desain.*Canva.*"),
        ("editing video CapCut", r"(edit video CapCut|ngedit video di capcut)"),
        ("memperbaiki pompa", r"(benerin|betulin) pompa"),
        ("antar paket", r"(anter|nganter|delivery) paket"),
        ("pakai Google Maps", r"(bisa|lancar) pake (Google Maps|gmaps|maps)"),
    ],
)
def test_a_slang_writer_says_the_same_trade_the_jakarta_way(text, said_as):
    assert re.fullmatch(said_as, _rewrite(text, SLANG_ONLY)), _rewrite(text, SLANG_ONLY)


def test_a_person_keeps_the_short_form_they_chose():
    rng, chosen = random.Random(3), {}
    first = informal.rewrite_text("tidak tidak tidak", rng, SHORT_ONLY, chosen)
    later = informal.rewrite_text("tidak", rng, SHORT_ONLY, chosen)
    assert len(set(first.split())) == 1 and later == first.split()[0]


def test_typos_change_one_letter_and_never_touch_names():
    careless = Habits("asal", short=0.0, slang=0.0, typo=1.0, lower=False, bare=False)
    out = _rewrite("Tanjung Barat Shopee pengalaman", careless)
    assert out.startswith("Tanjung Barat Shopee ")
    slipped = out.split()[-1]
    assert slipped != "pengalaman" and abs(len(slipped) - len("pengalaman")) <= 1
    assert sorted(slipped) == sorted("pengalaman") or len(slipped) != len("pengalaman")


def test_a_careless_writer_drops_capitals_full_stops_and_brackets():
    bare = Habits("asal", short=0.0, slang=0.0, typo=0.0, lower=True, bare=True)
    out = _rewrite("Laundry kiloan (2 mesin). Pelanggan anak kos.", bare)
    assert out == "laundry kiloan 2 mesin pelanggan anak kos"


def test_lists_keep_their_separator_and_plan_label():
    row = _person(
        skills="bersih-bersih rumah; jualan online; kasir",
        interests="belajar jualan online di Shopee",
        business_description="Rencana usaha: Warung kopi dan gorengan dekat stasiun.",
    )
    out = informal.rewrite_person(row, random.Random(1), SLANG_ONLY)
    assert len(out["skills"].split("; ")) == 3 and ";" not in out["skills"].replace("; ", "")
    assert out["business_description"].startswith("Rencana usaha: ")
    assert {c: out[c] for c in row if c not in informal.FREE_TEXT} == {
        c: row[c] for c in row if c not in informal.FREE_TEXT
    }


def test_the_same_seed_gives_the_same_text_and_habits():
    rows = [_person(id=f"JS-{i:04d}", skills="yang sudah bisa; antar paket") for i in range(30)]
    once = informal.informal_jobseekers(rows, 7)
    assert once == informal.informal_jobseekers(rows, 7)
    assert once != informal.informal_jobseekers(rows, 8)
    assert set(once[1]) <= set(informal.HABIT_SHARES)

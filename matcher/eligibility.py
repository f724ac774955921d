"""Hard eligibility rules, evaluated for many (person, opportunity) pairs at once.

Each rule is a bit in an integer mask, so a block of pairs carries every failed rule and a
counselor can see exactly why something was excluded and relax that rule for one person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.options import OptionEnum


class Rule(OptionEnum):
    __option__ = "rule"

    AGE = "age"
    GENDER = "gender"
    SEGMENT = "segment"
    EDUCATION = "education"
    CLOSING_DATE = "closing_date"
    SEATS = "seats"
    TRAVEL = "travel"
    MINOR_NIGHT_SHIFT = "minor_night_shift"

    @property
    def bit(self) -> int:
        return 1 << list(Rule).index(self)


# Indonesian first: counselors read these in the app; the English is for the CLI's --lang en.
RULE_TEXT = {
    Rule.AGE: ("Usia di luar batas yang disyaratkan", "Age outside the required range"),
    Rule.GENDER: ("Program khusus untuk jenis kelamin lain", "Programme targets another gender"),
    Rule.SEGMENT: ("Program untuk kelompok sasaran lain", "Programme targets another group"),
    Rule.EDUCATION: ("Pendidikan di bawah syarat minimum", "Education below the minimum"),
    Rule.CLOSING_DATE: ("Pendaftaran sudah ditutup", "Applications have closed"),
    Rule.SEATS: ("Kuota sudah penuh", "No seats or openings left"),
    Rule.TRAVEL: ("Lebih jauh dari jarak tempuh maksimum", "Farther than the travel limit"),
    Rule.MINOR_NIGHT_SHIFT: (
        "Shift malam tidak boleh untuk usia di bawah 18 tahun",
        "Night shifts are not allowed under 18",
    ),
}


def rule_text(rule: Rule, lang: str = "id") -> str:
    return RULE_TEXT[rule][0 if lang == "id" else 1]


def relax_mask(relaxed: frozenset[Rule] | set[Rule] | None) -> int:
    """Bits of the rules a counselor relaxed; these no longer exclude."""
    mask = 0
    for rule in relaxed or ():
        mask |= Rule.parse(rule).bit
    return mask


def failed_rules(bits: int) -> list[Rule]:
    return [r for r in Rule if bits & r.bit]


@dataclass(frozen=True)
class RuleCheck:
    rule: Rule
    passed: bool
    relaxed: bool = False
    detail: str = ""


def evaluate_rules(
    *,
    person_age: np.ndarray,  # (p,)
    person_gender: np.ndarray,  # (p,) str codes
    person_segment: np.ndarray,  # (p,) str codes
    person_education: np.ndarray,  # (p,) int
    person_max_km: np.ndarray,  # (p,)
    min_age: np.ndarray,  # (o,) float, NaN = no limit
    max_age: np.ndarray,
    target_gender: np.ndarray,  # (o,) "semua" | "P" | "L"
    target_segment: np.ndarray,  # (o,) "semua" | segment
    min_education: np.ndarray,  # (o,) int
    open_by_date: np.ndarray,  # (o,) bool: closing date not passed
    has_seats: np.ndarray,  # (o,) bool
    remote: np.ndarray,  # (o,) bool: online or home-based, travel does not apply
    only_night: np.ndarray,  # (o,) bool
    distance_km: np.ndarray,  # (p, o)
) -> np.ndarray:
    """Failed-rule bits for every (person, opportunity) pair, shape (p, o), int32."""
    p, o = distance_km.shape
    bits = np.zeros((p, o), dtype=np.int32)

    def flag(rule: Rule, failed: np.ndarray) -> None:
        # In place, one pass over the block; ``failed`` may be a row or a column.
        np.bitwise_or(bits, np.int32(rule.bit), out=bits, where=failed)

    age = person_age[:, None].astype(float)
    with np.errstate(invalid="ignore"):
        too_young = ~np.isnan(min_age)[None, :] & (age < min_age[None, :])
        too_old = ~np.isnan(max_age)[None, :] & (age > max_age[None, :])
    flag(Rule.AGE, too_young | too_old)
    # String codes compared as small integers, not as Python objects per pair.
    person_g, target_g = _codes(person_gender, target_gender)
    flag(
        Rule.GENDER, (target_gender != "semua")[None, :] & (target_g[None, :] != person_g[:, None])
    )
    person_s, target_s = _codes(person_segment, target_segment)
    flag(
        Rule.SEGMENT,
        (target_segment != "semua")[None, :] & (target_s[None, :] != person_s[:, None]),
    )
    flag(Rule.EDUCATION, person_education[:, None] < min_education[None, :])
    flag(Rule.CLOSING_DATE, ~np.asarray(open_by_date, dtype=bool)[None, :])
    flag(Rule.SEATS, ~np.asarray(has_seats, dtype=bool)[None, :])
    with np.errstate(invalid="ignore"):
        flag(Rule.TRAVEL, ~remote[None, :] & (distance_km > person_max_km[:, None]))
    flag(Rule.MINOR_NIGHT_SHIFT, (person_age[:, None] < 18) & only_night[None, :])
    return bits


def _codes(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of two arrays of values over their union: equal codes, equal values."""
    _, inverse = np.unique(np.concatenate([np.asarray(a), np.asarray(b)]), return_inverse=True)
    inverse = inverse.reshape(-1)
    return inverse[: len(a)], inverse[len(a) :]

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
    """Failed-rule bits for every (person, opportunity) pair, shape (p, o), int32.

    The item arrays are (o,) for items shared by all people, or (p, o) when each person
    has their own items (a shortlist).
    """
    p, o = distance_km.shape
    bits = np.zeros((p, o), dtype=np.int32)

    def flag(rule: Rule, failed: np.ndarray) -> None:
        # In place, one pass over the block; ``failed`` may be a row or a column.
        np.bitwise_or(bits, np.int32(rule.bit), out=bits, where=failed)

    def col(a: np.ndarray) -> np.ndarray:
        a = np.asarray(a)
        return a if a.ndim == 2 else a[None, :]

    age = person_age[:, None].astype(float)
    with np.errstate(invalid="ignore"):
        too_young = ~np.isnan(col(min_age)) & (age < col(min_age))
        too_old = ~np.isnan(col(max_age)) & (age > col(max_age))
    flag(Rule.AGE, too_young | too_old)
    # String codes compared as small integers, not as Python objects per pair.
    person_g, target_g = _codes(person_gender, target_gender)
    flag(Rule.GENDER, col(target_gender != "semua") & (col(target_g) != person_g[:, None]))
    person_s, target_s = _codes(person_segment, target_segment)
    flag(Rule.SEGMENT, col(target_segment != "semua") & (col(target_s) != person_s[:, None]))
    flag(Rule.EDUCATION, person_education[:, None] < col(min_education))
    flag(Rule.CLOSING_DATE, ~col(np.asarray(open_by_date, dtype=bool)))
    flag(Rule.SEATS, ~col(np.asarray(has_seats, dtype=bool)))
    with np.errstate(invalid="ignore"):
        flag(Rule.TRAVEL, ~col(remote) & (distance_km > person_max_km[:, None]))
    flag(Rule.MINOR_NIGHT_SHIFT, (person_age[:, None] < 18) & col(only_night))
    return bits


def _codes(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of two arrays of values over their union: equal codes, equal values."""
    a, b = np.asarray(a), np.asarray(b)
    _, inverse = np.unique(np.concatenate([a.ravel(), b.ravel()]), return_inverse=True)
    inverse = inverse.reshape(-1)
    return inverse[: a.size].reshape(a.shape), inverse[a.size :].reshape(b.shape)

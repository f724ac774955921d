"""Parse values as people in Jakarta write them into typed values.

Each parser raises ``ValueError`` with a message saying what is allowed; the loaders add
the file, row and column to it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from enum import Enum
from typing import TypeVar

from matcher.domain import Education
from matcher.errors import Message

E = TypeVar("E", bound=Enum)

_EMPTY = {"", "-", "nan", "none", "null", "n/a", "na", "tidak ada"}


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from pandas
        return True
    return str(value).strip().lower() in _EMPTY


def parse_int(value: object, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Integers in Indonesian style: "1.500.000", "Rp 3.200.000", "4,5 juta", "2 jt".

    >>> parse_int("Rp 1.500.000")
    1500000
    >>> parse_int("4,5 juta")
    4500000
    """
    if isinstance(value, bool):
        raise ValueError(_whole_number_help())
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise ValueError(_whole_number_help())
        number = int(value)
    else:
        number = _parse_text_number(str(value))
    if minimum is not None and maximum is not None and not minimum <= number <= maximum:
        raise ValueError(
            Message(
                f"a whole number from {minimum} to {maximum} is expected",
                "int_range",
                minimum=minimum,
                maximum=maximum,
            )
        )
    if minimum is not None and number < minimum:
        raise ValueError(
            Message(f"a whole number of at least {minimum} is expected", "int_min", minimum=minimum)
        )
    if maximum is not None and number > maximum:
        raise ValueError(
            Message(f"a whole number of at most {maximum} is expected", "int_max", maximum=maximum)
        )
    return number


_MULTIPLIERS = {"juta": 1_000_000, "jt": 1_000_000, "ribu": 1_000, "rb": 1_000, "k": 1_000}
_NUMBER_RE = re.compile(
    r"^(?P<sign>-)?\s*(?:rp\.?|idr)?\s*(?P<sign2>-)?\s*(?P<num>[\d.,]+)\s*"
    r"(?P<mult>juta|jt|ribu|rb|k)?\s*(?:/\s*(?:bulan|bln|month))?$"
)


# The smallest monthly wage in full rupiah that reads as meant: below it, "4500" is almost
# surely 4.5 million written in thousands (DKI's minimum wage is over Rp 5 million).
MIN_MONTHLY_WAGE = 100_000


def _parse_text_number(text: str) -> int:
    cleaned = text.strip().lower().replace("\u00a0", " ")
    # "Rp 4.500.000,-" and "Rp 4.500.000,00" are how job ads write round rupiah.
    cleaned = re.sub(r"(?<=\d)(,-|,00|\.-)$", "", cleaned)
    match = _NUMBER_RE.match(cleaned)
    if not match:
        raise ValueError(_whole_number_help())
    num, mult = match["num"], match["mult"]
    sign = -1 if (match["sign"] or match["sign2"]) else 1
    if mult:
        # With a multiplier the comma or dot is a decimal mark: "4,5 juta", "4.5 jt".
        value = float(num.replace(",", "."))
        return sign * int(round(value * _MULTIPLIERS[mult]))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", num) or re.fullmatch(r"\d{1,3}(,\d{3})+", num):
        return sign * int(re.sub(r"[.,]", "", num))
    if re.fullmatch(r"\d+", num):
        return sign * int(num)
    if re.fullmatch(r"\d+[.,]0+", num):
        return sign * int(re.split(r"[.,]", num)[0])
    raise ValueError(_whole_number_help())


_WHOLE_NUMBER_HELP = (
    'a whole number written in digits, e.g. 25, 1500000, "1.500.000" or "Rp 1,5 juta"'
)


def _whole_number_help() -> Message:
    return Message(_WHOLE_NUMBER_HELP, "whole_number")


_DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$")


def parse_float(
    value: object, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    """Decimals with either a comma or a dot as the decimal mark ("7,5" or "7.5 km").

    Only finite numbers: "inf" and "nan" are refused (they cannot be stored as JSON).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip().lower().removesuffix("km").strip().replace(",", ".")
        if not _DECIMAL_RE.match(text):
            raise ValueError(Message('a number is expected, e.g. 7.5 or "7,5"', "number"))
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(Message("a finite number is expected", "number_finite"))
    if minimum is not None and number < minimum:
        raise ValueError(
            Message(f"a number of at least {minimum} is expected", "number_min", minimum=minimum)
        )
    if maximum is not None and number > maximum:
        raise ValueError(
            Message(f"a number of at most {maximum} is expected", "number_max", maximum=maximum)
        )
    return number


_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "january": 1, "february": 2, "march": 3,
    "june": 6, "july": 7, "august": 8, "october": 10, "december": 12,
}  # fmt: skip
DATE_FORMATS_HELP = 'a date such as 2026-12-31, 31/12/2026, 31-12-2026 or "31 Desember 2026"'


def parse_date(value: object) -> date:
    """Dates as ISO, day-first Indonesian (31/12/2026) or with month names."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}( 00:00:00)?", text):
            return date.fromisoformat(_pad_iso(text.split(" ")[0]))
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))  # day first, as in Indonesia
        m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
        if m and m[2].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    except ValueError:
        raise ValueError(
            Message(
                f"a real calendar date (that day does not exist); {DATE_FORMATS_HELP}",
                "date_not_real",
            )
        ) from None
    raise ValueError(Message(DATE_FORMATS_HELP, "date"))


def _pad_iso(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"


_TRUE = {"ya", "y", "yes", "true", "1", "benar", "iya", "online", "daring"}
_FALSE = {"tidak", "tdk", "t", "no", "n", "false", "0", "salah", "offline", "luring"}


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(Message("ya or tidak (yes/no) is expected", "bool"))


def parse_list(value: object, separators: str = ";\n") -> tuple[str, ...]:
    """A list cell: items split on ``;`` or new lines (and ``,`` when no ``;`` is used)."""
    if is_empty(value):
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if not is_empty(v))
    text = str(value)
    seps = separators if any(s in text for s in separators) else ","
    parts = re.split("[" + re.escape(seps) + "]", text)
    return tuple(p.strip(" \t-•*") for p in parts if p.strip(" \t-•*"))


def parse_enum(value: object, enum: type[E], aliases: dict[str, E] | None = None) -> E:
    """An enum member by value or name, case-insensitive, with spaces or hyphens for the
    underscores ("penuh waktu" is ``penuh_waktu``); the error lists the allowed values as
    a person writes them ("penuh waktu, paruh waktu, ...")."""
    text = str(value).strip()
    low = text.lower()
    joined = re.sub(r"[\s-]+", "_", low)
    for member in enum:
        names = (str(member.value).lower(), member.name.lower())
        if low in names or joined in names:
            return member
    if aliases and low in aliases:
        return aliases[low]
    allowed = ", ".join(str(m.value).replace("_", " ") for m in enum)
    raise ValueError(Message(f"one of: {allowed}", "one_of", allowed=allowed))


_EDUCATION_ALIASES: dict[str, Education] = {
    "tidak sekolah": Education.TIDAK_SEKOLAH,
    "belum sekolah": Education.TIDAK_SEKOLAH,
    "tidak tamat sd": Education.TIDAK_SEKOLAH,
    "none": Education.TIDAK_SEKOLAH,
    "sd": Education.SD, "mi": Education.SD, "paket a": Education.SD,
    "primary": Education.SD, "primary school": Education.SD,
    "smp": Education.SMP, "mts": Education.SMP, "sltp": Education.SMP, "paket b": Education.SMP,
    "junior high school": Education.SMP,
    "sma": Education.SMA, "smk": Education.SMA, "ma": Education.SMA, "slta": Education.SMA,
    "stm": Education.SMA, "smea": Education.SMA, "paket c": Education.SMA,
    "sma/smk": Education.SMA, "sma/smk/sederajat": Education.SMA, "sederajat": Education.SMA,
    "high school": Education.SMA, "senior high school": Education.SMA,
    "d1": Education.DIPLOMA, "d2": Education.DIPLOMA, "d3": Education.DIPLOMA,
    "diploma": Education.DIPLOMA,
    "d4": Education.S1, "s1": Education.S1, "sarjana": Education.S1, "bachelor": Education.S1,
    "s2": Education.S2, "s3": Education.S2, "magister": Education.S2, "master": Education.S2,
}  # fmt: skip


def parse_education(value: object) -> Education:
    """Education level as written in Indonesia: "SMK", "Paket C", "D3", "S1"..."""
    if isinstance(value, Education):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return Education(value)
    low = re.sub(r"\s+", " ", str(value).strip().lower())
    if low in _EDUCATION_ALIASES:
        return _EDUCATION_ALIASES[low]
    for member in Education:
        if low == member.name.lower():
            return member
    raise ValueError(
        Message(
            "an education level: TIDAK_SEKOLAH, SD, SMP, SMA (also SMK, MA, Paket C), "
            "DIPLOMA (D1-D3), S1 (also D4), S2",
            "education",
        )
    )


# ------------------------------------------------------------------ text cells

# Invisible characters that are never meaningful in a cell (zero-width space, word
# joiner, byte-order mark); a pasted id like "JS-0001\u200b" must stay "JS-0001".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
# Zero-width (non-)joiners join emoji and scripts in free text, but never belong in a code.
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d"))
# Line breaks people paste: Word's soft line break (U+000B), form feed, Unicode line and
# paragraph separators, Windows and old Mac line ends.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Every other C0/C1 control character, lone surrogates and the two non-characters.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str, *, single_line: bool = False, code: bool = False) -> str:
    """A cell's text with invisible characters removed and line breaks normalised.

    Word's soft line break and the other pasted line breaks become ``\\n`` (or a space
    in a ``single_line`` field, where a tab also becomes a space); in a ``code`` (ids,
    phones) zero-width joiners are removed too. Any other control character is refused:
    ``ValueError`` names it and its position (databases refuse NUL; the rest are
    invisible garbage from binary files or broken exports).
    """
    if text.isprintable():  # no control, format (zero-width) or line-break characters
        return text
    text = text.translate(_INVISIBLE)
    if code:
        text = text.translate(_JOINERS)
    text = _LINE_BREAKS.sub("\n", text)
    if single_line:
        text = re.sub(r"[\t\n]+", " ", text)
    bad = _CONTROL.search(text)
    if bad:
        name, i = f"U+{ord(bad.group()):04X}", bad.start()
        raise ValueError(
            Message(
                f"text without control characters (found {name} at character {i + 1})",
                "control_char",
                char=name,
                position=i + 1,
            )
        )
    return text

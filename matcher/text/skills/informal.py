"""Informal Indonesian, as typed on a phone, brought to standard words before matching.

People write "bs nyetir, ngojol, kerja2 serabutan, edit pake capcut". The glossary and
ESCO know "menyetir", "ojek online" and "edit video", not the chat forms. Three steps,
each kept small and traceable:

1. **A table** (``resources/informal_id.csv``, columns ``informal,standard,kind``) of chat
   abbreviations (yg, dgn, utk), job slang (ngojol, nukang) and the brand and app names
   people use for a skill (Canva -> desain grafis, CapCut -> edit video). Multi-word
   entries win over single words; entries with a capital letter (``ART``, ``POS``) are
   abbreviations and match case-sensitively, so English "art" is left alone.
2. **Reduplication**: ``kerja2`` and ``kue-kue`` become ``kerja`` and ``kue``.
3. **Colloquial morphology**, only for words that neither the table nor the glossary
   knows: the nasal prefixes of spoken Jakarta Indonesian (ny-, ng-, nge-, m-, n-) and
   the ``-in`` suffix are undone to candidate roots (``nyuci`` -> cuci, ``ngelas`` -> las,
   ``benerin`` -> bener), and the first candidate that the glossary knows, as a root or in
   its formal me- form (``setir`` -> ``menyetir``), replaces the word. A word with no known
   candidate is kept as written, so the multilingual encoder still reads it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matcher.errors import FileFormatError
from matcher.text.glossary import lookup as glossary_lookup

INFORMAL_CSV = Path(__file__).resolve().parents[2] / "resources" / "informal_id.csv"

_WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
_REDUP_DIGIT = re.compile(r"^([a-z]{3,})2$")  # not "co2"
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class InformalTable:
    """Informal term -> standard Indonesian, case-folded and case-sensitive parts apart."""

    folded: dict[str, str]
    exact: dict[str, str]
    pattern: re.Pattern[str] | None

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str]]) -> InformalTable:
        folded: dict[str, str] = {}
        exact: dict[str, str] = {}
        for informal, standard in rows:
            informal, standard = " ".join(informal.split()), " ".join(standard.split())
            if not informal or not standard:
                continue
            if any(ch.isupper() for ch in informal):
                exact[informal] = standard
            else:
                folded[informal.casefold()] = standard
        terms = sorted([*folded, *exact], key=lambda t: (-len(t), t))
        parts = []
        for t in terms:
            body = r"\s+".join(re.escape(w) for w in t.split(" "))
            parts.append(body if t in exact else f"(?i:{body})")
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else None
        return cls(folded, exact, pattern)

    def lookup(self, term: str) -> str | None:
        key = " ".join(term.split())
        return self.exact.get(key) or self.folded.get(key.casefold())

    def rewrite(self, text: str, drop_said: bool = False) -> str:
        """``text`` with each term of the table in its standard form, spaces normalised;
        with ``drop_said``, a term whose standard form the text already says is dropped
        ("edit video pake capcut": the app name adds nothing)."""
        if self.pattern is None:
            return text
        original = text.casefold()

        def replace(m: re.Match[str]) -> str:
            standard = self.lookup(m.group(0)) or m.group(0)
            return "" if drop_said and standard.casefold() in original else standard

        return " ".join(self.pattern.sub(replace, text).split())


@lru_cache(maxsize=4)
def load_informal_table(
    path: str | None = None, kinds: frozenset[str] | None = None
) -> InformalTable:
    """The project's informal-Indonesian table, read once per process; ``kinds`` keeps
    only rows of those kinds ("abbrev", "slang", "brand", "phrase")."""
    path_ = Path(path) if path else INFORMAL_CSV
    with path_.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"informal", "standard"} <= set(reader.fieldnames):
            raise FileFormatError(str(path_), "needs columns informal,standard,kind")
        rows = [
            (r["informal"] or "", r["standard"] or "")
            for r in reader
            if kinds is None or (r.get("kind") or "").strip() in kinds
        ]
    return InformalTable.from_rows(rows)


def expand_abbreviations(text: str) -> str:
    """Only the table's chat abbreviations: "bs kerja sm tim" -> "bisa kerja sama tim".

    Unlike job slang and the morphology step, an abbreviation has one reading, so the
    default skill normaliser expands them even where it does not standardise the rest
    (on the 405 informal dev phrases the figures are unchanged; on the sample and profile
    skills five phrases move, all for the better: "pny sim c" -> drive two-wheeled
    vehicles, "bs kerja tim" -> work in teams, "bisa kerja sm tim" no longer reaches *work
    in textile manufacturing teams*).
    """
    return load_informal_table(kinds=frozenset({"abbrev"})).rewrite(text) if text else text


def _single(word: str) -> str:
    """``kerja2`` and ``kue-kue`` -> ``kerja`` and ``kue``; any other word as it is."""
    match = _REDUP_DIGIT.match(word.casefold())
    if match:
        return word[: len(match.group(1))]
    left, dash, right = word.partition("-")
    if dash and left.casefold() == right.casefold():
        return left
    return word


@lru_cache(maxsize=65536)
def undo_reduplication(text: str) -> str:
    """Repeated words as one: "potong2 sayur", "kue-kue kering" -> "potong sayur", "kue
    kering".

    Like a chat abbreviation, a reduplication has one reading (a plural or a "doing it
    repeatedly"), so the default skill normaliser undoes it even where it does not
    standardise the rest: "scan2 barcode" is nearest *use barcode scanning equipment* and
    "belajar foto2 produk" reads as *photography*, where the untranslated "scan2" and
    "foto2" left them unread. Three letters at least before the 2: "co2" is a gas.

    >>> undo_reduplication("potong2 sayur, kue-kue kering")
    'potong sayur, kue kering'
    """
    return _WORD.sub(lambda m: _single(m.group(0)), text) if text else text


def _formal_forms(root: str) -> list[str]:
    """The formal active-verb form(s) of a root: setir -> menyetir, cuci -> mencuci."""
    if not root:
        return []
    first = root[0]
    if first == "s":
        return ["meny" + root[1:], "men" + root]
    if first == "p":
        return ["mem" + root[1:]]
    if first == "t":
        return ["men" + root[1:]]
    if first == "k":
        return ["meng" + root[1:]]
    if first in _VOWELS or first in "gh":
        return ["meng" + root]
    if first in "bfv":
        return ["mem" + root]
    if first in "cdjz":
        return ["men" + root]
    return ["me" + root]


def root_candidates(word: str) -> list[str]:
    """Possible roots of a colloquial or formal Indonesian verb, most likely first.

    >>> root_candidates("nyuci")[:2]
    ['suci', 'cuci']
    >>> "las" in root_candidates("ngelas")
    True
    """
    w = word.casefold()
    stems = [w]
    if len(w) > 5 and w.endswith("in"):  # benerin, bersihin, jagain
        stems.append(w[:-2])
    if len(w) > 6 and w.endswith("kan"):
        stems.append(w[:-3])
    out: list[str] = []
    for s in stems:
        if s.startswith("nge") and len(s) > 4:
            out.append(s[3:])  # ngelas -> las, ngecat -> cat
        if s.startswith("ny") and len(s) > 3 and s[2] in _VOWELS:
            out += ["s" + s[2:], "c" + s[2:]]  # nyetir -> setir, nyuci -> cuci
        if s.startswith("ng") and len(s) > 3 and s[2] in _VOWELS:
            out += ["k" + s[2:], s[2:]]  # ngetik -> ketik, ngajar -> ajar
        if s.startswith("m") and len(s) > 3 and s[1] in _VOWELS and not s.startswith("me"):
            out.append("p" + s[1:])  # mijit -> pijit
        if s.startswith("n") and len(s) > 3 and s[1] in _VOWELS and not s.startswith("ng"):
            out.append("t" + s[1:])  # nulis -> tulis
        for prefix in ("meng", "meny", "mem", "men", "me", "ber", "be", "di"):
            if s.startswith(prefix) and len(s) - len(prefix) >= 3:
                rest = s[len(prefix) :]
                if prefix == "meny":
                    out += ["s" + rest, "c" + rest]
                elif prefix == "mem":
                    out += ["p" + rest, rest]
                elif prefix == "men":
                    out += ["t" + rest, rest]
                elif prefix == "meng":
                    out += ["k" + rest, rest]
                else:
                    out.append(rest)
                break
        if s != w:
            out.append(s)
    seen: set[str] = set()
    return [c for c in out if c != w and not (c in seen or seen.add(c))]


def _known(word: str) -> str | None:
    """The form of ``word`` the glossary knows (root or formal verb), or None."""
    if glossary_lookup(word) is not None:
        return word
    for form in _formal_forms(word):
        if glossary_lookup(form) is not None:
            return form
    return None


def _standard_word(word: str) -> str:
    word = _single(word)
    if glossary_lookup(word) is not None or not word.isalpha() or len(word) < 4:
        return word
    for candidate in root_candidates(word):
        if known := _known(candidate):
            return known
    return word


@lru_cache(maxsize=65536)
def standardise(text: str) -> str:
    """Informal Indonesian -> standard words; text with nothing informal comes back as is.

    >>> standardise("bs nyetir, kerja2 ngojol")
    'bisa menyetir, bekerja ojek online'
    """
    if not text:
        return text
    text = load_informal_table().rewrite(text, drop_said=True)
    return _WORD.sub(lambda m: _standard_word(m.group(0)), text)


def informal_share(text: str) -> float:
    """Share of the words in ``text`` that :func:`standardise` changed (0 to 1)."""
    before = _WORD.findall(text or "")
    if not before:
        return 0.0
    after = _WORD.findall(standardise(text))
    changed = sum(1 for a, b in zip(before, after, strict=False) if a != b)
    return min(1.0, (changed + abs(len(before) - len(after))) / len(before))

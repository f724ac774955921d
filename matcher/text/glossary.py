"""Indonesian -> English glossary of local work and skill terms.

People at the hub write skills as "bisa jahit & obras", "nyetir (SIM A)" or "jaga toko".
The English encoders and the ESCO taxonomy only understand English, so known Indonesian
terms are replaced by an English rendering before matching; words the glossary does not
know are kept as they are.

The glossary is a project-written CSV (``matcher/resources/glossary_id_en.csv``, columns
``id,en``). There is no stemmer: affixed forms (``menjahit``, ``jahitan``, ``mengelas``)
are separate rows, so every translation can be traced to one row a person wrote.

Entries whose Indonesian side has no lower-case letter (``ART``, ``SIM``, ``OB``, ``AC``)
are abbreviations and match case-sensitively, so the English word "art" or "sim" is left
alone. All other entries match case-insensitively.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matcher.errors import FileFormatError, RowProblem, ValidationError

GLOSSARY_CSV = Path(__file__).resolve().parents[1] / "resources" / "glossary_id_en.csv"

_SPACE = re.compile(r"\s+")
_ONE_WORD = re.compile(r"\w+")


def _norm(term: str) -> str:
    return _SPACE.sub(" ", term.strip())


@dataclass(frozen=True)
class GlossaryEntry:
    """One Indonesian term and its English rendering."""

    id: str
    en: str

    @property
    def case_sensitive(self) -> bool:
        # Abbreviations such as "ART" (asisten rumah tangga) must not eat English "art".
        return not any(ch.islower() for ch in self.id)


class Glossary:
    """A set of Indonesian -> English term replacements.

    Parameters
    ----------
    entries : iterable of (id, en) pairs or GlossaryEntry
        Indonesian term and English rendering. Multi-word terms are allowed.

    Examples
    --------
    >>> g = Glossary([("menjahit", "sewing"), ("obras", "overlock sewing")])
    >>> g.translate("Bisa menjahit dan obras")
    'Bisa sewing dan overlock sewing'
    >>> g.lookup("OBRAS")
    'overlock sewing'
    """

    def __init__(self, entries: Iterable[tuple[str, str] | GlossaryEntry]):
        self.entries: tuple[GlossaryEntry, ...] = tuple(
            e if isinstance(e, GlossaryEntry) else GlossaryEntry(_norm(e[0]), _norm(e[1]))
            for e in entries
        )
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        for e in self.entries:
            if e.case_sensitive:
                self._exact[e.id] = e.en
            else:
                self._folded[e.id.casefold()] = e.en
        self._pattern = self._compile()

    def _compile(self) -> re.Pattern[str] | None:
        if not self.entries:
            return None
        # Terms of several words (or with other characters) are alternatives, longest
        # first: the regex alternation takes the first alternative that matches, so
        # "tukang las" must be tried before "las". Any other word is matched as a word and
        # looked up (a single-word term is found that way): a regex of thousands of
        # alternatives is tried at every position, and a lexicon has thousands of words.
        ordered = sorted(self.entries, key=lambda e: (-len(e.id), e.id))
        parts = []
        for e in ordered:
            if not e.case_sensitive and _ONE_WORD.fullmatch(e.id):
                continue
            body = r"\s+".join(re.escape(w) for w in e.id.split(" "))
            parts.append(body if e.case_sensitive else f"(?i:{body})")
        return re.compile(r"(?<!\w)(?:" + "".join(p + "|" for p in parts) + r"\w+)(?!\w)")

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, term: str) -> str | None:
        """The English rendering of one whole term, or None when the term is unknown."""
        key = _norm(term)
        if key in self._exact:
            return self._exact[key]
        return self._folded.get(key.casefold())

    def translate(self, text: str, fallback: Glossary | None = None) -> str:
        """Replace every known Indonesian term in ``text`` by its English rendering.

        Matches respect word boundaries, prefer the longest term, and never re-translate
        English that was just inserted. Unknown words are kept unchanged, or, with a
        ``fallback`` glossary, the text between this glossary's terms is translated by
        that one (its renderings are not read again either).

        >>> g = Glossary([("tukang las", "welder")])
        >>> g.translate("tukang las kapal", fallback=Glossary([("kapal", "ship"), ("las", "x")]))
        'welder ship'
        """
        if not text:
            return text
        if self._pattern is None:
            return fallback.translate(text) if fallback is not None else text
        if fallback is None:
            return self._pattern.sub(lambda m: self.lookup(m.group(0)) or m.group(0), text)
        # Runs of words this glossary does not know go to the fallback whole, so its
        # terms of several words ("suku cadang") are found there.
        out, pos = [], 0
        for m in self._pattern.finditer(text):
            english = self.lookup(m.group(0))
            if english is not None:
                out += [fallback.translate(text[pos : m.start()]), english]
                pos = m.end()
        out.append(fallback.translate(text[pos:]))
        return "".join(out)

    @classmethod
    def from_csv(cls, path: str | Path) -> Glossary:
        """Read a glossary CSV with columns ``id,en``; bad rows raise ValidationError."""
        path = Path(path)
        entries: list[GlossaryEntry] = []
        problems: list[RowProblem] = []
        seen: dict[str, int] = {}
        for row_no, row in csv_rows(path, ("id", "en")):
            term, en = _norm(row["id"] or ""), _norm(row["en"] or "")
            if not term or not en:
                column = "id" if not term else "en"
                problems.append(
                    RowProblem(path.name, row_no, column, row[column], "a non-empty term")
                )
                continue
            entry = GlossaryEntry(term, en)
            key = term if entry.case_sensitive else term.casefold()
            if key in seen:
                problems.append(
                    RowProblem(
                        path.name, row_no, "id", term, f"a term not already on row {seen[key]}"
                    )
                )
                continue
            seen[key] = row_no
            entries.append(entry)
        if problems:
            raise ValidationError(problems)
        return cls(entries)


def csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """A project CSV's rows, numbered as a spreadsheet shows them (the header is row 1);
    a file without ``columns`` raises :class:`~matcher.errors.FileFormatError`."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not set(columns) <= set(reader.fieldnames):
            raise FileFormatError(
                str(path), f"needs columns {','.join(columns)}; found {reader.fieldnames or []}"
            )
        yield from enumerate(reader, start=2)


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    """The project glossary, read once per process."""
    return Glossary.from_csv(GLOSSARY_CSV)


@lru_cache(maxsize=65536)
def translate(text: str) -> str:
    """Translate known Indonesian work terms in ``text`` with the project glossary.

    Remembered per text: a batch run translates each person's text once per encoder.
    """
    return load_glossary().translate(text)


def lookup(term: str) -> str | None:
    """The English rendering of ``term`` in the project glossary, or None."""
    return load_glossary().lookup(term)

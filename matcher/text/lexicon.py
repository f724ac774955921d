"""Word-level Indonesian -> English lexicon of ESCO's work vocabulary, for skill phrases.

The glossary (:mod:`matcher.text.glossary`) renders the local terms the project wrote
down ("jaga toko", "obras", "nyetir"); a word it does not know stays Indonesian, and the
TF-IDF match against ESCO's English labels then has nothing to go on ("ngepel",
"bersihin", "kantor"). The lexicon fills in single words. It was written the other way
round, from ESCO: the 1,500 commonest content words in the preferred labels of the skills
that occupations of ISCO major groups 4, 5, 7, 8 and 9 need (the hub's trades), each with
the Indonesian forms people type for it (root, affixed and informal verb forms, common
phone spellings), by a helper who had not read the dev sets, the glossary or the sample
data (``resources/lexicon_en_id.md`` says how). So it covers ESCO's vocabulary, not the
phrases it is measured on.

It is applied after the glossary: the glossary's renderings of whole terms win, and the
lexicon translates the Indonesian words left over. An Indonesian form listed under
several English words is rendered by the first, the word ESCO's labels use most.

The text matcher renders whole Indonesian queries for its English-only encoders with
:func:`render`: the glossary, then a list of everyday words
(``resources/words_id_en.csv``: the verbs, nouns, adjectives and function words a
sentence is made of, written by helpers from a brief alone, see its ``.md``), then this
lexicon for the forms the list lacks. The skill normaliser reads the lexicon alone
(everyday words did not move its claims).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from matcher.errors import RowProblem, ValidationError
from matcher.text.glossary import Glossary, GlossaryEntry, csv_rows, load_glossary

LEXICON_CSV = Path(__file__).resolve().parents[1] / "resources" / "lexicon_en_id.csv"
# Everyday words (not ESCO's): what a sentence around the work words is made of. Only the
# text matcher's rendering reads them (``render``); see ``resources/words_id_en.md``.
WORDS_CSV = Path(__file__).resolve().parents[1] / "resources" / "words_id_en.csv"
WORD_KINDS = ("content", "function")


def read_lexicon(path: str | Path = LEXICON_CSV) -> Glossary:
    """Read ``en,id`` rows (ESCO's order) into an Indonesian -> English :class:`Glossary`.

    Bad rows raise :class:`~matcher.errors.ValidationError` naming the file, row, column
    and value. A form already listed under an earlier English word keeps that one.
    """
    path = Path(path)
    entries: dict[str, GlossaryEntry] = {}
    problems: list[RowProblem] = []
    for row_no, row in csv_rows(path, ("en", "id")):
        en, term = " ".join((row["en"] or "").split()), " ".join((row["id"] or "").split())
        for column, value in (("en", en), ("id", term)):
            if not value or value != value.lower():
                problems.append(
                    RowProblem(path.name, row_no, column, row[column], "a lower-case word")
                )
        if term and en and term == term.lower() and en == en.lower():
            entries.setdefault(term, GlossaryEntry(term, en))
    if problems:
        raise ValidationError(problems)
    return Glossary(entries.values())


@lru_cache(maxsize=1)
def load_lexicon() -> Glossary:
    """The project lexicon, read once per process."""
    return read_lexicon(LEXICON_CSV)


def read_words(path: str | Path = WORDS_CSV) -> Glossary:
    """Read ``id,en,kind`` rows (everyday words, ``kind`` content or function) into an
    Indonesian -> English :class:`Glossary`; bad rows raise
    :class:`~matcher.errors.ValidationError` naming the file, row, column and value."""
    path = Path(path)
    entries: dict[str, GlossaryEntry] = {}
    problems: list[RowProblem] = []
    for row_no, row in csv_rows(path, ("id", "en", "kind")):
        term, en = " ".join((row["id"] or "").split()), " ".join((row["en"] or "").split())
        kind = (row["kind"] or "").strip()
        bad = []
        if not term or " " in term or term != term.lower():
            bad.append(("id", "one lower-case word"))
        if not en or en != en.lower():
            bad.append(("en", "a lower-case English gloss"))
        if kind not in WORD_KINDS:
            bad.append(("kind", "content or function"))
        problems += [RowProblem(path.name, row_no, c, row[c], allowed) for c, allowed in bad]
        if not bad:
            entries.setdefault(term, GlossaryEntry(term, en))
    if problems:
        raise ValidationError(problems)
    return Glossary(entries.values())


@lru_cache(maxsize=1)
def load_words() -> Glossary:
    """The project's everyday words (``resources/words_id_en.csv``), read once per process."""
    return read_words(WORDS_CSV)


@lru_cache(maxsize=1)
def rendering_lexicon() -> Glossary:
    """The everyday words, then the lexicon's forms they lack: a sentence reads a word in
    its everyday sense ("cuci" wash, "isi" fill, "jadi" become), where the lexicon gives
    the sense ESCO's labels use most (clean, content, finished). Measured against the
    lexicon's senses first (docs/evaluation.md): held out, better on three of the four
    Indonesian tasks. The skill normaliser keeps the lexicon's senses (it matches ESCO's
    labels; the everyday senses did not help it)."""
    entries = {e.id: e for e in load_words().entries}
    for e in load_lexicon().entries:
        entries.setdefault(e.id, e)
    return Glossary(entries.values())


@lru_cache(maxsize=65536)
def render(text: str) -> str:
    """``text`` for the English-only encoders: the glossary's terms, then, between them,
    the everyday words and the lexicon's ("bisa nyetir dan bersihin kantor sebelum
    buka" -> "can driving and clean office before open"). Unknown words stay as written.
    Remembered per text, like :func:`matcher.text.glossary.translate`."""
    return load_glossary().translate(text, fallback=rendering_lexicon())

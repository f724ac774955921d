"""Phrase handling for skill matching: splitting free text, lookup keys, label coverage.

People list skills as "bisa jahit, obras & permak; - nyetir (SIM A)". These helpers cut
such an entry into phrases, build the case- and punctuation-free keys used for exact
label lookups, and measure how much of an ESCO label a phrase actually mentions.
"""

from __future__ import annotations

import re

# Joiners people type between two skills: "cuci dan setrika", "masak sama packing",
# "jahit + obras", "nyetir n bongkar muat".
_SPLIT = re.compile(
    r"[;,/|()\[\]\n\r\t•·+]+|(?:^|\s)[-*]\s+|\s+(?:dan|serta|sama|ama|plus|n|&)\s+"
    r"|(?:^|\s)\d+[.)]\s+",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^\w+#]+")
# Words that say how well or how long, not what; they only add noise to label matching.
# fmt: off
_FILLER = frozenset((
    "bisa", "mampu", "dapat", "jago", "mahir", "terampil", "lancar", "fasih", "sedikit",
    "cukup", "sangat", "baik", "pernah", "sudah", "punya", "memiliki", "menguasai",
    "pengalaman", "berpengalaman", "keahlian", "keterampilan", "kemampuan", "skill", "skills",
    "saya", "aku", "di", "ke", "untuk", "yang", "dengan", "dalam", "tahun", "bulan", "lebih",
    "able", "can", "good", "basic", "experience", "experienced", "in", "of", "knowledge",
    "dasar", "dikit", "paham", "mengerti", "ngerti", "pemula", "menengah", "lumayan", "agak",
))
# fmt: on
# ESCO phrasing that says nothing about which skill it is.
# fmt: off
_GENERIC = frozenset((
    "perform", "use", "apply", "carry", "out", "operate", "conduct", "undertake", "provide",
    "execute", "practise", "practice", "utilise", "employ", "do", "the", "of", "in", "on",
    "for", "and", "to", "a", "an", "with", "techniques", "principles", "methods",
))
# fmt: on


def split_phrases(text: str) -> list[str]:
    """Split a free-text skills entry into trimmed, non-empty phrases.

    >>> split_phrases("menjahit, obras dan permak; - nyetir (SIM A)")
    ['menjahit', 'obras', 'permak', 'nyetir', 'SIM A']
    """
    return [phrase for phrase, _ in split_joined(text)]


# Joiners that coordinate: "jait gamis dan seragam" may share one verb between its parts.
_CONJUNCTIONS = frozenset(("dan", "serta", "sama", "ama", "plus", "n", "&", "+"))


def split_joined(text: str) -> list[tuple[str, bool]]:
    """``split_phrases`` with, for each phrase, whether a conjunction ("dan", "&", "+"...)
    joins it to the phrase before (not a comma, a slash, a bracket or a new line).

    >>> split_joined("jait gamis dan seragam, obras")
    [('jait gamis', False), ('seragam', True), ('obras', False)]
    """
    out: list[tuple[str, bool]] = []
    joiner = ""
    pos = 0
    for m in [*_SPLIT.finditer(text or ""), None]:
        end = m.start() if m else len(text or "")
        phrase = (text or "")[pos:end].strip(" .:-*\t")
        if phrase:
            out.append((phrase, bool(out) and joiner.strip().lower() in _CONJUNCTIONS))
            joiner = ""
        if m:
            joiner += m.group(0)
            pos = m.end()
    return out


def label_key(text: str) -> str:
    """Case- and punctuation-insensitive key used for exact label lookups."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def content_key(text: str) -> str:
    """``label_key`` without filler words and bare numbers (kept if nothing else is left)."""
    words = label_key(text).split()
    kept = [w for w in words if w not in _FILLER and not w.isdigit()]
    return " ".join(kept or words)


def content_words(text: str) -> list[str]:
    return [w for w in label_key(text).split() if w not in _GENERIC and w not in _FILLER]


def _same_word(a: str, b: str) -> bool:
    # A shared 5-letter start stands in for a stemmer: embroider/embroidery, edit/editing.
    n = min(len(a), len(b), 5)
    return a == b or (n >= 4 and a[:n] == b[:n])


def coverage(label: str, phrase: str) -> float:
    """Share of the label's content words that the phrase mentions (1.0 if it has none).

    >>> coverage("plumbing tools", "plumbing")
    0.5
    >>> coverage("perform video editing", "video editing")
    1.0
    """
    words = content_words(label)
    if not words:
        return 1.0
    said = content_words(phrase)
    return sum(1 for w in words if any(_same_word(w, s) for s in said)) / len(words)

"""Consonant skeletons: one key for the many ways a word is spelled on a phone.

People write the same skill many ways: English loanwords as they sound ("mekap" for
makeup, "londri" for laundry, "smooting", "ketring"), informal vowels ("anter" for antar,
"deket", "temenin"), doubled or swapped letters ("platting", "kuurir", "nasatr"),
reduplication with a 2 ("bersih2"). Their consonants mostly survive. A word's skeleton
keeps them: English digraphs are read as Indonesian writes them (th -> t, ph -> f,
ck / c / q -> k, x -> ks, v -> f, z -> s), vowels (and y) are dropped, and repeated
letters collapse. "makeup wisuda" and "mekap wisuda" both become ``mkp wsd``.

A skeleton is a blunt key: short ones collide across words ("masak" and "musik" are both
``msk``), so callers compare skeletons together with the spelling itself
(:meth:`matcher.scoring.arrays.ConceptVocabulary.equivalence`).
"""

from __future__ import annotations

import re

# Applied in order: digraphs before the single letters they contain.
_SOUNDS = (
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("sh", "sy"),
    ("ch", "c"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("v", "f"),
    ("z", "s"),
)
_WORD = re.compile(r"[a-z]+")
_DROPPED = re.compile(r"[aeiouy]")
_REPEATED = re.compile(r"(.)\1+")


def word_skeleton(word: str) -> str:
    """The consonant skeleton of one lower-case word (letters a-z only)."""
    for spelled, said in _SOUNDS:
        word = word.replace(spelled, said)
    return _REPEATED.sub(r"\1", _DROPPED.sub("", word))


def skeleton(text: str) -> str:
    """The skeletons of a text's words, space-separated; digits and punctuation drop out
    ("bersih2" -> ``brsh``)."""
    return " ".join(s for s in map(word_skeleton, _WORD.findall(text.lower())) if s)

"""Consonant skeletons (matcher.text.skeleton) and the concept equivalence that uses them:
spellings of one skill join, different skills with the same few consonants do not."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.scoring.arrays import ConceptVocabulary
from matcher.text.skeleton import skeleton


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("mekap wisuda", "makeup wisuda"),  # a loanword as it sounds
        ("londri kiloan", "laundry kiloan"),
        ("smooting", "smoothing"),  # th read as t
        ("ketring nasi box", "catering nasi box"),  # c read as k
        ("anter paket", "antar paket"),  # informal vowel
        ("temenin anak belajar", "temani anak belajar"),
        ("platting", "plating"),  # doubled letter
        ("bersih2 rmh", "bersih rumah"),  # reduplication with a 2, vowels dropped
    ],
)
def test_spellings_of_one_word_share_a_skeleton(typed, standard):
    assert skeleton(typed) == skeleton(standard)


def test_a_skeleton_keeps_consonants_in_order_and_drops_digits_and_punctuation():
    assert skeleton("Make-Up & Hijab 2x") == "mk p hjb ks"
    assert skeleton("") == "" and skeleton("2 - 3") == ""


def joined(labels: list[str]) -> set[frozenset[str]]:
    vocab = ConceptVocabulary()
    for k, label in enumerate(labels):
        vocab.add(f"raw:{k}", label)
    eq = vocab.equivalence().toarray()
    n = len(labels)
    return {
        frozenset((labels[i], labels[j])) for i in range(n) for j in range(i + 1, n) if eq[i, j]
    }


def test_labels_that_sound_alike_count_as_one_skill():
    labels = ["mekap wisuda", "makeup wisuda", "londri kiloan", "laundry kiloan", "jahit baju"]
    got = joined(labels)
    assert frozenset(("mekap wisuda", "makeup wisuda")) in got
    assert frozenset(("londri kiloan", "laundry kiloan")) in got
    assert not any("jahit baju" in pair for pair in got)


def test_informal_verb_forms_sound_alike_in_standard_words():
    # "ngelayanin" is "melayani" in standard words; as written their skeletons differ.
    assert skeleton("ngelayanin komplen") != skeleton("melayani komplain")
    got = joined(["ngelayanin komplen", "melayani komplain", "jaga warung"])
    assert got == {frozenset(("ngelayanin komplen", "melayani komplain"))}


def test_different_skills_with_the_same_few_consonants_stay_apart():
    # masak/musik and kurir/KUR (Kredit Usaha Rakyat) share their skeletons; "bisa naik
    # motor" and "nyuci motor" nearly do. None of them is the same skill.
    labels = ["masak", "musik", "kurir", "KUR", "bisa naik motor", "nyuci motor"]
    assert joined(labels) == set()


def test_equivalence_is_symmetric_with_every_label_equal_to_itself():
    vocab = ConceptVocabulary()
    for k, label in enumerate(["mekap wisuda", "makeup wisuda", "ganti oli", "ganti oli motor"]):
        vocab.add(f"raw:{k}", label)
    eq = vocab.equivalence().toarray()
    np.testing.assert_array_equal(eq, eq.T)
    assert (np.diag(eq) == 1).all() and set(np.unique(eq)) <= {0.0, 1.0}

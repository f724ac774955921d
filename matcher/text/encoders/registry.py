"""The encoders the matcher knows by name: how to build each, and what it can read.

:class:`~matcher.text.retrieval.TextMatcher` (its encoders, votes and language routing),
:func:`~matcher.text.encoders.get_encoder`, the evaluation and the benchmarks all read
:data:`ENCODERS`. A benchmark that swaps an encoder (a stand-in, another backend) does it
with :func:`swapped`, not by patching module names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from matcher.text.encoders.base import Encoder
from matcher.text.encoders.onnx import sbert_encoder
from matcher.text.encoders.tfidf import TfidfEncoder
from matcher.text.encoders.use import UseEncoder
from matcher.text.language import Language


@dataclass(frozen=True)
class EncoderSpec:
    """One encoder: its factory and abilities.

    Attributes
    ----------
    factory : callable
        Builds a new (unfitted) encoder; a pretrained model loads on first use.
    languages : frozenset of str
        Query languages it reads as written. Another language reaches it through the
        glossary translation, and its vote is scaled by the share of words it knows.
    pretrained : bool
        Its vectors depend on the text alone, so they are cached on disk.
    votes : mapping of language to float
        Its weight in the default fusion for a query in that language.
    reads_translation_too : bool
        It reads an Indonesian query and its glossary translation together.
    """

    factory: Callable[[], Encoder]
    languages: frozenset[str]
    pretrained: bool
    votes: Mapping[str, float] = field(default_factory=dict)
    reads_translation_too: bool = False


EN, ID, OTHER = Language.EN.value, Language.ID.value, Language.OTHER.value

# In fusion order. Indonesian doubles USE, the one encoder that reads Indonesian without
# the glossary; a language the router cannot name goes to USE mostly (the English-only
# encoders read it as noise); English queries weight all three alike. These votes are the only tuned
# numbers in the default matcher (docs/evaluation.md).
ENCODERS: dict[str, EncoderSpec] = {
    "tfidf": EncoderSpec(TfidfEncoder, frozenset({EN}), False, {EN: 1.0, ID: 1.0, OTHER: 0.25}),
    "minilm": EncoderSpec(lambda: sbert_encoder(), frozenset({EN}), True,
                          {EN: 1.0, ID: 1.0, OTHER: 0.25}),
    "use": EncoderSpec(lambda: UseEncoder(), frozenset({EN, ID, OTHER}), True,
                       {EN: 1.0, ID: 2.0, OTHER: 2.0}, reads_translation_too=True),
}  # fmt: skip


def default_votes() -> dict[str, dict[str, float]]:
    """``{language: {encoder: vote}}`` of every registered encoder."""
    return {
        lang: {n: s.votes.get(lang, 1.0) for n, s in ENCODERS.items()} for lang in (EN, ID, OTHER)
    }


def english_only() -> frozenset[str]:
    """Encoders that cannot read Indonesian as written."""
    return frozenset(n for n, s in ENCODERS.items() if ID not in s.languages)


@contextlib.contextmanager
def swapped(**factories: Callable[[], Encoder]) -> Iterator[None]:
    """Inside the block, the named encoders are built by other factories.

    Examples
    --------
    >>> with swapped(minilm=TfidfEncoder):
    ...     ENCODERS["minilm"].factory is TfidfEncoder
    True
    """
    unknown = set(factories) - set(ENCODERS)
    if unknown:
        raise ValueError(f"unknown encoder(s) {sorted(unknown)}; allowed: {list(ENCODERS)}")
    saved = {name: ENCODERS[name] for name in factories}
    for name, factory in factories.items():
        ENCODERS[name] = replace(ENCODERS[name], factory=factory)
    try:
        yield
    finally:
        ENCODERS.update(saved)

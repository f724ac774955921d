"""Candidate concepts for a phrase, and the evidence the re-ranker reads for each.

Every ESCO name (preferred label and every alternative label) is embedded once by each
dense encoder (cached on disk). A phrase is compared with all of them:

* USE (multilingual) on the phrase as written and on its glossary rendering;
* MiniLM (English) and character TF-IDF on the rendering.

A concept's score under each kind of evidence is the best of its names, so "nyetir" can
meet "drive car" (an alternative label) even when the preferred label "drive vehicles"
is further away. Candidates are the union of the best ``shortlist`` concepts by each kind
of evidence; for each, :data:`matcher.text.skills.confidence.FEATURES` are computed:
the scores, each score's distance to the phrase's best concept under the same evidence,
how many kinds of evidence rank the concept near the top, how much of the phrase the
concept's names mention, whether the best name is the preferred label, skill type, reuse
level and how many ESCO occupations need the concept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.text.encoders.cache import for_queries
from matcher.text.skills.confidence import FEATURES, asks_for_knowledge
from matcher.text.skills.phrases import coverage
from matcher.text.topk import top_k_rows

CHUNK = 64


def _by_concept(scores: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Best name per concept: names of a concept are contiguous from ``starts[c]``."""
    return np.maximum.reduceat(scores, starts, axis=1)


def _ranks(all_scores: np.ndarray, cand_scores: np.ndarray) -> np.ndarray:
    """0-based rank of each candidate among all concepts (ties share the better rank)."""
    return np.sum(all_scores[None, :] > cand_scores[:, None], axis=1)


def candidate_features(
    norm,
    phrases: Sequence[str],
    shortlist: int = 30,
    exclude: Sequence[Sequence[int]] | None = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per phrase: candidate concept indices and their ``FEATURES`` rows.

    Parameters
    ----------
    norm : SkillNormaliser
        Fitted with semantic encoders (it holds the name embeddings).
    phrases : sequence of str
    shortlist : int
        Concepts taken from the top of each kind of evidence.
    exclude : sequence of sequences of int, optional
        Name (alias) indices to hide per phrase: training on ESCO's own alternative
        labels as queries hides the query's own name, or every answer would be exact.
    """
    starts = norm.alias_start_
    n_skills = len(norm.skills_)
    is_label = np.zeros(len(norm.alias_texts_), dtype=bool)
    is_label[starts] = True
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for begin in range(0, len(phrases), CHUNK):
        chunk = list(phrases[begin : begin + CHUNK])
        written = [norm._standard(p) for p in chunk]
        renders = [norm._rendering(p) for p in chunk]
        hidden = None if exclude is None else exclude[begin : begin + CHUNK]
        lexical = np.asarray(
            (norm.vectorizer_.transform(renders) @ norm.alias_matrix_t_).toarray(),
            dtype=np.float32,
        )
        name_scores: dict[str, np.ndarray] = {"lexical": lexical}
        encoders = norm.semantic_encoders_
        if "use" in encoders:
            names = norm.name_embeddings_["use"]
            name_scores["use_written"] = _embed(encoders["use"], written) @ names.T
            name_scores["use_rendered"] = _embed(encoders["use"], renders) @ names.T
        if "minilm" in encoders:
            names = norm.name_embeddings_["minilm"]
            name_scores["minilm"] = _embed(encoders["minilm"], renders) @ names.T
        if hidden is not None:
            for row, idx in enumerate(hidden):
                if len(idx):
                    for s in name_scores.values():
                        s[row, np.asarray(idx, dtype=np.int64)] = -1.0
        concept_scores = {k: _by_concept(v, starts) for k, v in name_scores.items()}
        for row, phrase in enumerate(chunk):
            out.append(
                _phrase_rows(norm, phrase, renders[row], row, name_scores, concept_scores,
                             is_label, shortlist, n_skills)
            )  # fmt: skip
    return out


def _embed(encoder, texts: list[str]) -> np.ndarray:
    # Phrases people typed are cached apart from ESCO's names: an erasure clears them.
    return np.asarray(for_queries(encoder).transform(texts), dtype=np.float32)


def candidate_pool(pools: Sequence[np.ndarray], k: int) -> np.ndarray:
    """Sorted union of each pool's ``k`` best concepts. Equal scores at a pool's boundary
    go to the lower index (:func:`~matcher.text.topk.top_k_rows`), never to
    ``argpartition``'s order, which depends on the CPU's sort kernels.

    >>> candidate_pool([np.array([0.9, 0.0, 0.0, 0.0]), np.array([0.0, 0.0, 0.5, 0.5])], 2)
    array([0, 1, 2, 3])
    """
    return np.unique(top_k_rows(np.stack(pools), k)[0])


def _phrase_rows(
    norm,
    phrase: str,
    render: str,
    row: int,
    name_scores: dict[str, np.ndarray],
    concept_scores: dict[str, np.ndarray],
    is_label: np.ndarray,
    shortlist: int,
    n_skills: int,
) -> tuple[np.ndarray, np.ndarray]:
    k = min(shortlist, n_skills)
    cand = candidate_pool([s[row] for s in concept_scores.values()], k)
    power = float(norm.coverage_power)
    lexical_names = name_scores["lexical"][row]
    lex = np.empty(len(cand))
    said = np.empty(len(cand))
    for j, c in enumerate(cand):
        # Hidden names score -1 (TF-IDF cosines are >= 0); a concept keeps at least one.
        aliases = [a for a in norm.concept_aliases_[c] if lexical_names[a] > -0.5]
        aliases = aliases or list(norm.concept_aliases_[c])
        lex[j] = max(
            float(lexical_names[a]) * coverage(norm.alias_texts_[a], render) ** power
            for a in aliases
        )
        # How much of what the person wrote the concept's names mention.
        said[j] = max(coverage(render, norm.alias_texts_[a]) for a in aliases)
    zeros = np.zeros(len(cand))
    dense = {}
    gaps = {}
    recip = []
    for key in ("use_written", "use_rendered", "minilm"):
        if key in concept_scores:
            allc = concept_scores[key][row]
            dense[key] = allc[cand].astype(np.float64)
            gaps[key] = dense[key] - float(allc.max())
            recip.append(1.0 / (1.0 + _ranks(allc, allc[cand])))
        else:
            dense[key], gaps[key] = zeros, zeros
    all_lex = concept_scores["lexical"][row]
    lex_gap = lex - float(all_lex.max())
    recip.append(1.0 / (1.0 + _ranks(all_lex, all_lex[cand])))
    votes = np.mean(recip, axis=0)
    # The best dense name is the preferred label, not an alternative label.
    label_best = np.zeros(len(cand))
    if "use_rendered" in name_scores:
        ns = name_scores["use_rendered"][row]
        for j, c in enumerate(cand):
            aliases = norm.concept_aliases_[c]
            label_best[j] = float(is_label[aliases[int(np.argmax(ns[list(aliases)]))]])
    n_words = max(len(render.split()), 1)
    label_words = np.array([len(norm.skills_[c].label.split()) for c in cand], dtype=float)
    length_ratio = np.log(label_words / n_words)
    knowledge = norm.is_knowledge_[cand]
    asked = float(asks_for_knowledge(phrase))
    reuse = norm.reuse_[cand]
    columns = {
        "lexical": lex,
        "use_written": dense["use_written"],
        "use_rendered": dense["use_rendered"],
        "minilm": dense["minilm"],
        "lexical_gap": lex_gap,
        "use_written_gap": gaps["use_written"],
        "use_rendered_gap": gaps["use_rendered"],
        "minilm_gap": gaps["minilm"],
        "votes": votes,
        "phrase_said": said,
        "label_best": label_best,
        "length_ratio": length_ratio,
        "knowledge": knowledge,
        "knowledge_asked": knowledge * asked,
        "transversal": reuse[:, 0],
        "cross_sector": reuse[:, 1],
        "occupation_specific": reuse[:, 2],
        "popularity": norm.popularity_[cand],
    }
    x = np.column_stack([columns[f] for f in FEATURES]).astype(np.float64)
    return cand, x

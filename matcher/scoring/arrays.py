"""Records turned into aligned arrays, so that scoring a block of pairs is vectorised.

A :class:`PeopleArrays` or :class:`CatalogArrays` holds, for n records, everything the
score parts and the eligibility rules need: coordinates, ages, education levels, weekly
schedule masks and a sparse record x skill-concept matrix. Skill concepts are ESCO URIs
(or, for a phrase ESCO does not cover, the phrase itself, so nothing typed is lost).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp

from matcher.domain import (
    JobPosting,
    Jobseeker,
    OpportunityKind,
    TrainingProgram,
    WorkType,
)
from matcher.scoring.geo import Gazetteer
from matcher.scoring.schedule import (
    JobMasks,
    Schedule,
    parse_job_schedule,
    parse_programme_schedule,
    parse_schedule,
    stack_availability,
    stack_jobs,
)
from matcher.text.skeleton import skeleton

# phrase -> list of (concept key, display label)
EQUIVALENCE_THRESHOLD = 0.6
# Labels that sound alike (consonant skeletons, matcher.text.skeleton) join when their
# skeletons' cosine reaches SKELETON_THRESHOLD, their spellings' SKELETON_SPELLING, and each
# skeleton has SKELETON_LETTERS letters.
SKELETON_THRESHOLD = 0.9
SKELETON_SPELLING = 0.3
SKELETON_LETTERS = 4
Normalise = Callable[[list[str]], list[list[tuple[str, str]]]]
RAW = "raw:"  # the key prefix of a phrase ESCO does not cover (matcher.engine.normalise)
# The key prefix of such a phrase's nearest concept below the normaliser's bar, in the
# phrase cache only (``Normalise.near``); never a column of the vocabulary.
NEAR = "near:"
# A skill ESCO does not cover counts this much for a person who has its nearest concept
# (and the other way round), in the skills part and on the card, never as own-trade
# evidence (matcher.scoring.evidence).
NEAR_WEIGHT = 0.5


class ConceptVocabulary:
    """Column index of every skill concept seen, with its display label."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.labels: list[str] = []
        self.alike_: sp.csr_matrix | None = None  # same_words() of the last equivalence()
        # A phrase's column (RAW key) -> the URIs of its nearest concepts (Normalise.near).
        self.near_of: dict[str, tuple[str, ...]] = {}

    def add(self, key: str, label: str) -> int:
        if key not in self.index:
            self.index[key] = len(self.labels)
            self.labels.append(label)
        return self.index[key]

    def __len__(self) -> int:
        return len(self.labels)

    def prefix(self, n: int) -> ConceptVocabulary:
        """A new vocabulary of the first ``n`` columns (the catalogue's, for an engine
        that reads new people after them); this one is left as it is."""
        out = ConceptVocabulary()
        out.index = {k: i for k, i in self.index.items() if i < n}
        out.labels = self.labels[:n]
        out.near_of = {k: v for k, v in self.near_map().items() if k in out.index}
        return out

    def equivalence(self, threshold: float = EQUIVALENCE_THRESHOLD) -> sp.csr_matrix:
        """(C, C) 0/1 matrix: concept j counts as concept i when their labels nearly agree.

        ESCO maps many phrases, but people also write "jaga kasir" or "benerin AC" that map
        to nothing or to a neighbour; character n-grams of the glossary-translated labels
        (the larger of the cosines before and after translation, >= ``threshold``) catch
        these variants. On the sample's 331 concept labels, 0.6 joined 78 pairs, nearly all
        variants ("bikin roti"/"baking roti", "input data"/"entry data", "ganti oli"/"ganti
        oli motor"), with a few slips ("hitung uang"/"hitung stok"); 0.5 joined 148 with
        many more slips; multilingual USE cosines also joined different trades ("tata
        boga"/"tata rias" at 0.92), so it is not used here.

        Spellings that sound alike but share few n-grams ("mekap wisuda"/"makeup wisuda"
        0.53, "londri"/"laundry kiloan", "anter"/"antar paket", "smooting"/"smoothing")
        join too when their consonant skeletons (:mod:`matcher.text.skeleton`, 2-4-grams)
        agree at least ``SKELETON_THRESHOLD`` and the spellings themselves at least
        ``SKELETON_SPELLING``, and each skeleton has at least ``SKELETON_LETTERS`` letters
        (short ones collide: "kurir"/"KUR" are both ``kr``). Skeletons are taken of the
        labels as written and in standard words (:func:`matcher.text.skills.informal.
        standardise`: "ngelayanin komplen" -> "melayani komplen"); the spelling counts as
        written or in standard words. On the sample's 738 labels the
        skeletons of the labels as written joined 34 more pairs, every one a variant on
        reading; in standard words, 28 more (one a neighbour: "smoothing"/"creambath",
        which the informal table both renders as hair care). Skeletons at 0.8 with
        spellings at 0.25 joined pairs of different skills ("bisa naik motor"/"nyuci
        motor", "picking"/"packing paket"), and standard words compared by their
        n-grams at 0.6 joined many ("pakai mesin kasir"/"pake mesin cuci").
        """
        from sklearn.feature_extraction.text import TfidfVectorizer

        from matcher.text.glossary import translate
        from matcher.text.skills.informal import standardise

        n = len(self.labels)
        if n < 2:
            return sp.identity(max(n, 1), dtype=np.float32, format="csr")
        raw = [label.lower() for label in self.labels]
        translated = [translate(label).lower() for label in self.labels]
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        vec.fit(raw + translated)
        # Either spelling may be closer: "bikin roti"/"baking roti" before translation,
        # "menjahit"/"sewing" after it.
        xr, xt = vec.transform(raw), vec.transform(translated)
        spelled = xr @ xr.T
        sim = spelled.maximum(xt @ xt.T).tocsr()
        sim.data = (sim.data >= threshold).astype(np.float32)
        sim.eliminate_zeros()
        # Sounding alike is judged on the labels as written and in standard words
        # ("ngelayanin komplen" -> "melayani komplen"; but "makeup" -> "tata rias").
        standard = [standardise(label).lower() for label in raw]
        xs = vec.transform(standard)
        either = spelled.maximum(xs @ xs.T).tocsr()
        alike = _sound_alike(raw, either) + _sound_alike(standard, either)
        one = sp.identity(n, dtype=np.float32, format="csr")
        self.alike_ = (alike + one).sign().tocsr()
        return (sim + alike + one).sign().tocsr()

    def same_words(self) -> sp.csr_matrix:
        """(C, C) 0/1: labels that are the same words as typed differently (sound alike,
        as in :meth:`equivalence`, or are equal), from the last :meth:`equivalence`; the
        identity when it has not run on this width."""
        n = max(len(self), 1)
        alike = getattr(self, "alike_", None)
        if alike is None or alike.shape[0] != n:
            return sp.identity(n, dtype=np.float32, format="csr")
        return alike

    def near_map(self) -> dict[str, tuple[str, ...]]:
        """``near_of``, made on first use by a vocabulary pickled before it existed."""
        if not hasattr(self, "near_of"):
            self.near_of = {}
        return self.near_of

    def near(self) -> sp.csr_matrix:
        """(C, C) 0/1: a phrase ESCO does not cover and its nearest concept, both ways,
        where that concept is a column too ("masak masakan rumahan" in a vacancy, *use
        cooking techniques* from a person's "masak"); the diagonal is empty. A pair the
        :meth:`equivalence` joins too counts as sure (:meth:`PeopleArrays.padded`)."""
        n = max(len(self), 1)
        rows, cols = [], []
        for key, uris in self.near_map().items():
            i = self.index.get(key)
            for uri in uris:
                j = self.index.get(uri)
                if i is not None and j is not None and i != j:
                    rows += [i, j]
                    cols += [j, i]
        ones = np.ones(len(rows), dtype=np.float32)
        return sp.csr_matrix((ones, (rows, cols)), shape=(n, n)).sign().tocsr()

    def matrix(self, rows: list[list[int]], n_cols: int | None = None) -> sp.csr_matrix:
        n_cols = n_cols or max(len(self), 1)
        indptr = np.cumsum([0] + [len(set(r)) for r in rows])
        indices = np.concatenate([sorted(set(r)) for r in rows]) if rows else np.array([])
        data = np.ones(len(indices), dtype=np.float32)
        return sp.csr_matrix((data, indices.astype(np.int64), indptr), shape=(len(rows), n_cols))


def _sound_alike(raw: list[str], spelled: sp.csr_matrix) -> sp.csr_matrix:
    """(C, C) 0/1: labels whose consonant skeletons agree (see ``equivalence``);
    ``spelled``: the labels' character n-gram cosines as written."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = [skeleton(label) for label in raw]
    usable = np.array([len(k.replace(" ", "")) >= SKELETON_LETTERS for k in keys])
    n = len(raw)
    if usable.sum() < 2:
        return sp.csr_matrix((n, n), dtype=np.float32)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    xs = vec.fit_transform([k if ok else "" for k, ok in zip(keys, usable, strict=True)])
    rows, cols = [], []
    # Skeletons' 2-grams are common, so their product is dense: thresholded by blocks
    # of labels, it never holds more than a block's row of it.
    for lo in range(0, n, 1024):
        sounds = (xs[lo : lo + 1024] @ xs.T).tocoo()
        keep = sounds.data >= SKELETON_THRESHOLD
        rows.append(sounds.row[keep] + lo)
        cols.append(sounds.col[keep])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    keep = usable[rows] & usable[cols]
    rows, cols = rows[keep], cols[keep]
    keep = np.asarray(spelled[rows, cols]).ravel() >= SKELETON_SPELLING
    ones = np.ones(int(keep.sum()), dtype=np.float32)
    return sp.csr_matrix((ones, (rows[keep], cols[keep])), shape=(n, n))


def concept_rows(
    phrase_lists: Sequence[Sequence[str]],
    normalise: Normalise,
    vocab: ConceptVocabulary,
    forms: list[list[int]] | None = None,
) -> list[list[int]]:
    """Map each record's skill phrases to concept columns, normalising each phrase once.

    ``forms``, when given, receives per record the columns of its phrases *as typed*
    (``raw:<phrase>``) that mapped to an ESCO concept: a person's words still count for
    an item whose own phrase ESCO does not cover (see :meth:`PeopleArrays.padded`).
    """
    unique = sorted({p for phrases in phrase_lists for p in phrases if p.strip()})
    mapped = dict(zip(unique, normalise(unique), strict=True)) if unique else {}
    near = getattr(normalise, "near", None)
    if near is not None and unique:
        for phrase, nearest in zip(unique, near(unique), strict=True):
            keys = mapped[phrase]
            if nearest and len(keys) == 1 and keys[0][0].startswith(RAW):
                vocab.near_map()[keys[0][0]] = tuple(uri for uri, _ in nearest)
    rows = []
    for phrases in phrase_lists:
        cols, typed = [], []
        for phrase in phrases:
            keys = mapped.get(phrase, [])
            for key, label in keys:
                cols.append(vocab.add(key, label))
            raw = RAW + " ".join(phrase.strip().lower().split())
            mapped_here = any(not k.startswith(RAW) for k, _ in keys)
            if forms is not None and mapped_here and all(k != raw for k, _ in keys):
                typed.append(vocab.add(raw, phrase.strip()))
        rows.append(cols)
        if forms is not None:
            forms.append(typed)
    return rows


class Derived:
    """Values computed once from a set of arrays and kept with them (masks, places,
    counts, the ranker's context): a refit builds new arrays, which start empty."""

    def derived(self, name: str, compute: Callable[[], object]):
        store = self.__dict__.setdefault("_derived", {})
        if name not in store:
            store[name] = compute()
        return store[name]


def _pad(m: sp.csr_matrix, n_cols: int) -> sp.csr_matrix:
    if m.shape[1] == n_cols:
        return m
    m = m.tocsr().copy()
    m.resize((m.shape[0], n_cols))
    return m


@dataclass
class PeopleArrays(Derived):
    ids: list[str]
    records: list[Jobseeker]
    texts: list[str]
    coords: np.ndarray  # (n, 2)
    age: np.ndarray
    gender: np.ndarray
    segment: np.ndarray
    education: np.ndarray
    max_km: np.ndarray
    schedules: list[Schedule]
    skills: sp.csr_matrix  # (n, C) what they can do
    interests: sp.csr_matrix  # (n, C) what they want to learn or do
    effective: sp.csr_matrix | None = None  # skills widened by concept equivalence
    # (n, C) their skill phrases as typed, where ESCO mapped them: they widen `effective`
    # only, so "bersih2 rmh" (mapped to a concept) still counts for a job that asks for
    # "bersih-bersih rumah" (which ESCO does not cover), and is never shown as a skill.
    typed: sp.csr_matrix | None = None
    # (n, C) what they have for sure (``effective`` before near concepts widen it at
    # NEAR_WEIGHT); None when no near concept widens anyone's. Own-trade evidence, skill
    # gaps, plans and what a course teaches read it (``has_strict``).
    strict: sp.csr_matrix | None = None

    @classmethod
    def build(
        cls,
        people: Sequence[Jobseeker],
        gazetteer: Gazetteer,
        normalise: Normalise,
        vocab: ConceptVocabulary,
    ) -> PeopleArrays:
        forms: list[list[int]] = []
        skill_lists, interest_lists = _phrase_lists(people)
        skills = concept_rows(skill_lists, normalise, vocab, forms)
        interests = concept_rows(interest_lists, normalise, vocab)
        return cls(
            ids=[p.id for p in people],
            records=list(people),
            texts=[p.profile_text() or p.id for p in people],
            coords=gazetteer.coords([p.kelurahan for p in people]),
            age=np.array([p.age for p in people], dtype=np.int32),
            gender=np.array([p.gender.value for p in people], dtype=object),
            segment=np.array([p.segment.value for p in people], dtype=object),
            education=np.array([int(p.education) for p in people], dtype=np.int32),
            max_km=np.array([p.max_travel_km for p in people], dtype=np.float32),
            schedules=[parse_schedule(p.availability) for p in people],
            skills=vocab.matrix(skills),
            interests=vocab.matrix(interests),
            typed=vocab.matrix(forms),
        )

    @staticmethod
    def read_phrases(people: Sequence[Jobseeker], normalise: Normalise) -> None:
        """Ask ``normalise`` about every phrase :meth:`build` will read for ``people``,
        adding nothing to a vocabulary: a caching normaliser then answers ``build`` at
        once (the engine asks before it locks every request out, :meth:`build` after)."""
        phrases = sorted({s for lists in _phrase_lists(people) for ps in lists for s in ps
                          if s.strip()})  # fmt: skip
        if phrases:
            normalise(phrases)
            near = getattr(normalise, "near", None)
            if near is not None:
                near(phrases)

    def __len__(self) -> int:
        return len(self.ids)

    def padded(
        self,
        n_cols: int,
        equivalence: sp.csr_matrix | None = None,
        same_words: sp.csr_matrix | None = None,
        near: sp.csr_matrix | None = None,
    ) -> PeopleArrays:
        """Widen the matrices to ``n_cols`` concepts; with ``equivalence``, also the skills
        they have: their concepts widened by it, and (with ``same_words``) the phrases
        they typed widened to the same words typed otherwise; with ``near``
        (:meth:`ConceptVocabulary.near`), a phrase ESCO does not cover whose nearest
        concept they have, or the nearest concept of such a phrase of theirs, at
        ``NEAR_WEIGHT`` (what they have for sure stays in ``strict``)."""
        self.skills = _pad(self.skills, n_cols)
        self.interests = _pad(self.interests, n_cols)
        if getattr(self, "typed", None) is not None:
            self.typed = _pad(self.typed, n_cols)
        if equivalence is not None:
            held = self.skills @ equivalence
            if same_words is not None and getattr(self, "typed", None) is not None:
                held = held + self.typed @ same_words
            sure = (held > 0).astype(np.float32).tocsr()
            widened = None
            if near is not None and near.shape[0] == n_cols and near.nnz:
                reach = ((sure @ near) > 0).astype(np.float32)
                only = (reach - reach.multiply(sure)).tocsr()
                only.eliminate_zeros()
                if only.nnz:
                    widened = (sure + NEAR_WEIGHT * only).tocsr()
            # Each is assigned whole, the sure part first (the engine's requests read
            # them under its lock, which widening waits for: MatchingEngine._serving).
            self.strict = sure if widened is not None else None
            self.effective = widened if widened is not None else sure
        return self

    def has_strict(self) -> sp.csr_matrix:
        """What they have for sure: ``effective`` without the near concepts."""
        return self.effective if self.strict is None else self.strict

    def schedule_masks(self) -> tuple[np.ndarray, np.ndarray]:
        """(n, 168) availability masks and which are known, stacked once and kept."""
        return self.derived("masks", lambda: stack_availability(self.schedules))


def _phrase_lists(people: Sequence[Jobseeker]) -> tuple[list, list]:
    """The phrase lists :meth:`PeopleArrays.build` reads: each person's skills, and each
    person's interests."""
    return [p.skills for p in people], [_interest_phrases(p) for p in people]


def _interest_phrases(p: Jobseeker) -> list[str]:
    # Interests are short phrases; the business description is prose and feeds only the
    # semantic part.
    return [s.strip() for s in p.interests.replace(",", ";").split(";") if s.strip()]


@dataclass
class CatalogArrays(Derived):
    kind: OpportunityKind
    ids: list[str]
    records: list[JobPosting] | list[TrainingProgram]
    texts: list[str]
    aliases: list[list[str]]
    coords: np.ndarray
    remote: np.ndarray  # online or home-based: travel does not apply
    min_age: np.ndarray  # float, NaN = none
    max_age: np.ndarray
    target_gender: np.ndarray
    target_segment: np.ndarray
    min_education: np.ndarray
    deadline: np.ndarray  # proleptic ordinal of the last day to apply, +inf = none
    has_seats: np.ndarray
    only_night: np.ndarray
    schedules: list[Schedule]
    required: sp.csr_matrix  # (n, C) skills required (vacancy) or taught (training)
    nice: sp.csr_matrix  # (n, C) nice-to-have skills (empty for trainings)
    wage: np.ndarray  # float, NaN = unknown or not a job

    @classmethod
    def build(
        cls,
        kind: OpportunityKind,
        items: Sequence[JobPosting] | Sequence[TrainingProgram],
        gazetteer: Gazetteer,
        normalise: Normalise,
        vocab: ConceptVocabulary,
    ) -> CatalogArrays:
        jobs = kind is OpportunityKind.VACANCY
        if jobs:
            schedules = [
                parse_job_schedule(v.schedule, v.work_type is WorkType.HOME_BASED) for v in items
            ]
            required = concept_rows([v.required_skills for v in items], normalise, vocab)
            nice = concept_rows([v.nice_skills for v in items], normalise, vocab)
            remote = [v.work_type is WorkType.HOME_BASED for v in items]
            deadline = [_ordinal(v.closing_date) for v in items]
            seats = [v.openings > 0 for v in items]
        else:
            schedules = [parse_programme_schedule(p.schedule, p.online) for p in items]
            required = concept_rows([p.skills_taught for p in items], normalise, vocab)
            nice = [[] for _ in items]
            remote = [p.online for p in items]
            # Registration closes when the course starts.
            deadline = [_ordinal(p.start_date) for p in items]
            seats = [p.seats_left > 0 for p in items]
        return cls(
            kind=kind,
            ids=[x.id for x in items],
            records=list(items),
            texts=[x.text() for x in items],
            aliases=[list(getattr(x, "title_aliases", ())) for x in items],
            coords=gazetteer.coords([x.kelurahan for x in items]),
            remote=np.array(remote, dtype=bool),
            min_age=_opt_float([x.min_age for x in items]),
            max_age=_opt_float([x.max_age for x in items]),
            target_gender=np.array(
                [getattr(x, "target_gender", None) and x.target_gender.value or "semua"
                 for x in items], dtype=object),
            target_segment=np.array(
                [getattr(x, "target_segment", None) and x.target_segment.value or "semua"
                 for x in items], dtype=object),
            min_education=np.array([int(x.min_education) for x in items], dtype=np.int32),
            deadline=np.array(deadline, dtype=np.float64),
            has_seats=np.array(seats, dtype=bool),
            only_night=np.array([s.only_night for s in schedules], dtype=bool),
            schedules=schedules,
            required=vocab.matrix(required),
            nice=vocab.matrix(nice),
            wage=_opt_float([getattr(x, "wage", None) for x in items]),
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.ids)

    def padded(self, n_cols: int) -> CatalogArrays:
        self.required = _pad(self.required, n_cols)
        self.nice = _pad(self.nice, n_cols)
        return self

    def narrowed(self, n_cols: int) -> CatalogArrays:
        """A copy ``n_cols`` concepts wide, for a vocabulary cut to its first ``n_cols``
        (:meth:`ConceptVocabulary.prefix`): the catalogue's own concepts all lie there.
        The arrays are shared, the derived values copied (those that depend on the
        width are kept by width)."""
        out = copy.copy(self)
        out.__dict__["_derived"] = dict(self.__dict__.get("_derived", {}))
        for name in ("required", "nice"):
            m = getattr(self, name)
            if m.shape[1] != n_cols:
                if m.shape[1] > n_cols and m.nnz and m.indices.max() >= n_cols:
                    raise ValueError(f"{name} has concepts beyond column {n_cols}")
                m = m.tocsr().copy()
                m.resize((m.shape[0], n_cols))
            setattr(out, name, m)
        return out

    def job_masks(self) -> JobMasks:
        """Schedules stacked once (not per request): (k, n, 168) alternatives."""
        return self.derived("masks", lambda: stack_jobs(self.schedules))

    def places(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct coordinates and each item's row in them (items share kelurahan)."""
        return self.derived("places", lambda: unique_places(self.coords))

    def skill_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """Required and nice-to-have concepts per item, counted once."""
        return self.derived("skill_counts", lambda: (
            np.asarray(self.required.sum(axis=1)).ravel(),
            np.asarray(self.nice.sum(axis=1)).ravel(),
        ))  # fmt: skip

    def open_on(self, as_of: date) -> np.ndarray:
        return self.deadline >= as_of.toordinal()


def unique_places(coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(places, inverse)`` with ``places[inverse] == coords`` (NaN rows stay NaN)."""
    places, inverse = np.unique(coords, axis=0, return_inverse=True)
    return places, inverse.reshape(-1)


def _ordinal(d: date | None) -> float:
    return float(d.toordinal()) if d else math.inf


def _opt_float(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)

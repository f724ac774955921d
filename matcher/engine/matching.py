"""MatchingEngine: score people against vacancies, trainings and entrepreneurship programmes.

Every direction (person -> opportunities, opportunity -> people) runs the same vectorised
block scorer: the five score parts and the eligibility bits for a block of pairs come from
matrix products and broadcasting, never from a Python loop over pairs. Explanations are
built only for what is shown.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import fasteners
import numpy as np
import scipy.sparse as sp

from matcher.domain import JobPosting, Jobseeker, OpportunityKind, ProgramType, TrainingProgram
from matcher.engine import results as ex
from matcher.engine.batch import SHORTLIST_SIZE, rank_exact, rank_shortlisted, shortlisted
from matcher.engine.diversity import jaccard_matrix, mmr
from matcher.engine.explaining import explain_pair, item_signature
from matcher.engine.normalise import concept_normaliser
from matcher.engine.options import FLOORED_KINDS, GAP_KINDS, MatchOptions
from matcher.engine.protocols import Ranker, SkillNormaliser, TextEncoder
from matcher.errors import UnknownRecordError
from matcher.scoring import agreement, evidence
from matcher.scoring.arrays import (
    CatalogArrays,
    ConceptVocabulary,
    Normalise,
    PeopleArrays,
    unique_places,
)
from matcher.scoring.geo import Gazetteer, default_gazetteer, pairwise_km
from matcher.scoring.parts import PARTS, BlockInputs, part_index
from matcher.scoring.rules import UNRELAXABLE_BITS, Rule, evaluate_rules, relax_mask
from matcher.scoring.weights import Weights, combine
from matcher.text import forgetting
from matcher.text.topk import top_k_rows

log = logging.getLogger(__name__)

KINDS = (OpportunityKind.VACANCY, OpportunityKind.TRAINING, OpportunityKind.ENTREPRENEURSHIP)
# Semantic rows kept per kind for people asked about again (64 x 50,000 floats = 12 MB).
SEMANTIC_MEMO_ROWS = 64
# Per-query z-scores are taken over this many items at most (a fixed seeded sample of a
# larger catalog), so any subset of items can be scored alone (see TextMatcher).
SCORE_REFERENCE_ITEMS = 2000


def _reading(method):
    """Run ``method`` under the engine's read lock (:meth:`MatchingEngine._serving`):
    a request's arrays keep their shapes while it scores."""

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        lock = getattr(self, "_lock", None)
        if lock is None:  # not fitted: the method says so
            return method(self, *args, **kwargs)
        with lock.read_lock():
            return method(self, *args, **kwargs)

    return locked


@dataclass
class Block:
    """Scores for a block of (person, item) pairs of one catalog."""

    parts: np.ndarray  # (p, o, parts) in registry order (matcher.scoring.parts.PARTS)
    bits: np.ndarray  # (p, o) failed-rule bits
    km: np.ndarray  # (p, o)
    score: np.ndarray  # (p, o)
    # (p, o) uint8 own-trade evidence bits (matcher.scoring.evidence.Evidence); None
    # for a block built without them, which no own-trade rule then filters.
    evidence: np.ndarray | None = None


def block_text_scores(
    text, texts: list[str], oidx, whole: bool, full_rows, bars: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The text matcher's z-scores of ``texts`` against a block's items, and where the
    texts agree under ``bars`` (``TextMatcher.score_with_agreement``): every item
    (``whole``), each text's own items (``oidx`` (p, m)), or shared items ``oidx``.
    ``full_rows()`` gives both over the whole catalog (the caller may memoise them)."""
    if whole:
        return full_rows()
    if oidx.ndim == 2:
        return text.score_pairs_with_agreement(texts, oidx, bars)
    if text.reference_ is not None:  # z-scores need no other item: score only these
        return text.score_with_agreement(texts, bars, oidx)
    z, agree = full_rows()
    return z[:, oidx], agree[:, oidx]


# What requests read per person, each a function of one person's record alone, computed
# at fit and kept with the people's arrays (their names there): a refit
# (MatchingEngine.with_people) carries the rows of people whose records did not change.
PERSON_VALUES = ("business", "intent", "needs", "sectors", "services", "licences",
                 "refuses_live_in", "home_only")  # fmt: skip


def person_values(people: PeopleArrays) -> None:
    """Compute (or find) the :data:`PERSON_VALUES` of ``people``."""
    from matcher.scoring.rules import home_only_people, licences_held, refuses_live_in

    evidence.person_arrays(people), licences_held(people), refuses_live_in(people)
    home_only_people(people)
    evidence.person_sectors(people), evidence.person_services(people)


def _query_texts(people: PeopleArrays, kind: OpportunityKind) -> set[str]:
    """The texts a kind's text index reads for ``people``: their profiles, and for
    programmes their businesses' texts too."""
    texts = set(people.texts)
    if kind is OpportunityKind.ENTREPRENEURSHIP:
        from matcher.scoring.business import business_text

        texts |= {business_text(r) for r in people.records} - {""}
    return texts


class MatchingEngine:
    """Rank in every direction, with explanations, eligibility and pathways.

    Parameters
    ----------
    encoder : str or object
        Text encoder for the semantic part, passed to :class:`matcher.text.retrieval.TextMatcher`
        (``"default"`` fuses TF-IDF, MiniLM and multilingual USE).
    normaliser : object with ``transform(list[str]) -> list[list[SkillMatch]]`` or None
        Skill normaliser; ``None`` loads the ESCO :class:`~matcher.text.skills.SkillNormaliser`.
    gazetteer : Gazetteer or None
    weights : Weights
        Default weights; a request may override them.
    gap_neighbours : int
        How many of a person's best vacancies define the skills worth training for.
    ranker : object with ``rescore(parts, kind, people, pidx, catalog, oidx, base) -> scores``
        A learned re-ranker (see :mod:`matcher.ranking.ranker`); ``base`` is the hand-weighted score.
    """

    def __init__(
        self,
        encoder: str | TextEncoder = "default",
        normaliser: SkillNormaliser | Normalise | None = None,
        gazetteer: Gazetteer | None = None,
        weights: Weights | None = None,
        gap_neighbours: int = 5,
        ranker: Ranker | None = None,
    ):
        self.encoder = encoder
        self.normaliser = normaliser
        self.gazetteer = gazetteer
        self.weights = weights or Weights()
        self.gap_neighbours = gap_neighbours
        self.ranker = ranker

    # ------------------------------------------------------------------ build
    def fit(
        self,
        jobseekers: Sequence[Jobseeker],
        programs: Sequence[TrainingProgram],
        vacancies: Sequence[JobPosting],
    ) -> MatchingEngine:
        from matcher.text.retrieval import TextMatcher  # loads scikit-learn: on first fit

        self.gazetteer_ = self.gazetteer or default_gazetteer()
        self.vocab_ = ConceptVocabulary()
        # The catalogue's phrases take the vocabulary's first columns, the people's come
        # after them (with_people keeps this prefix and reads new people after it).
        normalise = self._bound_normaliser()
        g, v = self.gazetteer_, self.vocab_
        trainings = [p for p in programs if p.program_type is ProgramType.VOCATIONAL]
        business = [p for p in programs if p.program_type is ProgramType.ENTREPRENEURSHIP]
        self.catalogs_: dict[OpportunityKind, CatalogArrays] = {
            OpportunityKind.VACANCY: CatalogArrays.build(
                OpportunityKind.VACANCY, vacancies, g, normalise, v),
            OpportunityKind.TRAINING: CatalogArrays.build(
                OpportunityKind.TRAINING, trainings, g, normalise, v),
            OpportunityKind.ENTREPRENEURSHIP: CatalogArrays.build(
                OpportunityKind.ENTREPRENEURSHIP, business, g, normalise, v),
        }  # fmt: skip
        self.catalog_width_ = len(self.vocab_)
        self.text_: dict[OpportunityKind, object] = {}
        for kind, cat in self.catalogs_.items():
            if len(cat):
                self.text_[kind] = TextMatcher(
                    encoder=self.encoder, reference_size=SCORE_REFERENCE_ITEMS
                ).fit(cat.texts, cat.aliases)
        # Text evidence's absolute bars per kind, for the encoders they were fitted on.
        self.agreement_bars_ = {
            kind: {k: v for k, v in agreement.bars(kind).items() if k in text.encoders_}
            for kind, text in self.text_.items()
        }
        self.item_index_ = {
            kind: {iid: i for i, iid in enumerate(cat.ids)} for kind, cat in self.catalogs_.items()
        }
        # What requests would otherwise compute on first use, computed now.
        from matcher.engine.pathways import teaching
        from matcher.scoring.rules import prepare

        for cat in self.catalogs_.values():
            cat.job_masks(), cat.skill_counts(), cat.places()
            prepare(cat)
        teaching(self.catalogs_[OpportunityKind.TRAINING])
        programmes = self.catalogs_[OpportunityKind.ENTREPRENEURSHIP]
        evidence.programme_arrays(programmes), evidence.programme_sectors(programmes)
        evidence.programme_goods(programmes)
        for kind, text in self.text_.items():
            text.prepare()
            if shortlisted(len(self.catalogs_[kind])):
                # The batch shortlists this catalog: its stand-in item matrix is part of
                # the index (0.5 s and 179 MB at 50,000 vacancies), and of its pickles: a
                # Ray task maps it from the object store instead of building it again.
                text.surrogate_items()
        return self._fit_people(jobseekers, normalise)

    def with_people(self, jobseekers: Sequence[Jobseeker]) -> MatchingEngine:
        """A new engine over this one's catalogue and ``jobseekers``: what a saved profile
        needs, without fitting the catalogue again (its text index, its skills, its
        rules' arrays). Every result equals a full :meth:`fit` on the same records: the
        vocabulary keeps the catalogue's columns and reads the people after them, as a fit
        does. This engine is left as it was and may go on serving requests meanwhile;
        the two share the catalogue's text index, whose memo of worked-out texts is
        locked. After an erasure the caller fits anew (the index remembers texts).
        """
        self._check_fitted()
        new = copy.copy(self)
        with self._lock.read_lock():  # a request may be widening this engine's vocabulary
            new.vocab_ = self.vocab_.prefix(self.catalog_width_)
            new.catalogs_ = {k: cat.narrowed(self.catalog_width_)
                             for k, cat in self.catalogs_.items()}  # fmt: skip
        new.text_ = dict(self.text_)
        return new._fit_people(jobseekers, new._bound_normaliser(), previous=self.people_)

    def _bound_normaliser(self):
        """The skill normaliser under the read marks of this build
        (:mod:`matcher.text.forgetting`): what the engine caches later about its people
        is refused after an erasure."""
        return forgetting.bound(concept_normaliser(self.normaliser), forgetting.read_marks())

    def _fit_people(
        self, jobseekers: Sequence[Jobseeker], normalise, previous: PeopleArrays | None = None
    ) -> MatchingEngine:
        """The people's side of :meth:`fit` (and all of :meth:`with_people`, which passes
        the ``previous`` people: their unchanged records' values are carried over)."""
        self._new_locks()
        self.normalise_ = normalise
        self.people_ = PeopleArrays.build(jobseekers, self.gazetteer_, normalise, self.vocab_)
        self._pad()
        for kind, text in self.text_.items():
            # The people's profiles are encoded now, once, for every later request; for
            # programmes, also the business texts their evidence reads.
            now = _query_texts(self.people_, kind)
            if previous is not None:  # edited profiles' old texts are no one's any more
                text.forget(_query_texts(previous, kind) - now)
            text.remember(self.people_.texts)
            if kind is OpportunityKind.ENTREPRENEURSHIP:
                text.remember(sorted(now - set(self.people_.texts)))
        self.person_index_ = {pid: i for i, pid in enumerate(self.people_.ids)}
        # Semantic rows of indexed people, per kind, computed when first asked for (a full
        # people x items matrix would be 4 GB at 20,000 x 50,000).
        self._semantic_rows: dict[OpportunityKind, dict[int, tuple]] = {k: {} for k in KINDS}
        if previous is not None:
            self._carry_person_values(previous)
        person_values(self.people_)
        programmes = self.catalogs_[OpportunityKind.ENTREPRENEURSHIP]
        evidence.trade_taught(programmes, normalise, self.vocab_)
        self.people_.schedule_masks()
        return self

    def _carry_person_values(self, previous: PeopleArrays) -> None:
        """Give the new people the :data:`PERSON_VALUES` of ``previous`` for every person
        whose record did not change, and compute them for the others only (reading a
        business's cues, licences and live-in wishes costs ~0.3 ms a person: 6 s at
        20,000 people, for one saved profile)."""
        people = self.people_
        old = previous.__dict__.get("_derived", {})
        if not all(isinstance(old.get(name), np.ndarray) for name in PERSON_VALUES):
            return
        at = {pid: i for i, pid in enumerate(previous.ids)}
        kept, kept_from, changed = [], [], []
        for i, record in enumerate(people.records):
            j = at.get(record.id)
            if j is not None and previous.records[j] == record:
                kept.append(i)
                kept_from.append(j)
            else:
                changed.append(i)
        fresh = {}
        if changed:
            # Their phrases are in the vocabulary already: this adds no column.
            few = PeopleArrays.build([people.records[i] for i in changed], self.gazetteer_,
                                     self.normalise_, self.vocab_)  # fmt: skip
            person_values(few)
            fresh = few.__dict__["_derived"]
        store = people.__dict__.setdefault("_derived", {})
        for name in PERSON_VALUES:
            was = old[name]
            out = np.empty((len(people), *was.shape[1:]), dtype=was.dtype)
            out[kept] = was[kept_from]
            if changed:
                out[changed] = fresh[name]
            store[name] = out

    def load_models(self) -> MatchingEngine:
        """Load the text encoders' models (see ``TextMatcher.load_models``) and the skill
        normaliser's now: a build served from the embedding and phrase caches does not,
        and the first new text would wait (the normaliser alone: 1.7 s on this machine,
        10.7 s with a cold disk cache)."""
        self._check_fitted()
        for text in self.text_.values():
            text.load_models()
        if hasattr(self.normalise_, "load"):
            self.normalise_.load()
        return self

    def _new_locks(self) -> None:
        """The engine's locks. Requests share one engine (the workspace's threads); a
        person it has not indexed may bring phrases its vocabulary has never seen, and
        reading them widens every skill matrix. So each request holds ``_lock`` for
        reading while it scores, and widening takes it for writing
        (:meth:`_serving`): no request sees a shape change under it. ``_normalising``
        serialises the skill normaliser's calls for new people, made before the write
        lock so that readers do not wait for a model."""
        self._lock = fasteners.ReaderWriterLock()
        self._normalising = threading.Lock()

    def __getstate__(self) -> dict:
        # A copy (a Ray worker, joblib) gets its own locks and an empty per-request memo.
        state = dict(self.__dict__)
        state.pop("_lock", None)
        state.pop("_normalising", None)
        if "_semantic_rows" in state:
            state["_semantic_rows"] = {k: {} for k in KINDS}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "catalogs_" in state:
            self._new_locks()

    def _pad(self) -> None:
        """Bring every matrix to the vocabulary's width and refresh concept equivalence."""
        cols = max(len(self.vocab_), 1)
        self.equivalence_ = self.vocab_.equivalence()
        if self.equivalence_.shape[0] != cols:
            self.equivalence_ = sp.identity(cols, dtype=np.float32, format="csr")
        self.near_ = self.vocab_.near()
        self.people_.padded(cols, self.equivalence_, self.vocab_.same_words(), self.near_)
        for cat in self.catalogs_.values():
            cat.padded(cols)

    def _check_fitted(self) -> None:
        if not hasattr(self, "catalogs_"):
            raise RuntimeError("MatchingEngine is not fitted; call fit(...) first")

    # ---------------------------------------------------------------- records
    def jobseeker(self, jobseeker_id: str) -> Jobseeker:
        self._check_fitted()
        if jobseeker_id not in self.person_index_:
            raise UnknownRecordError("jobseeker", jobseeker_id)
        return self.people_.records[self.person_index_[jobseeker_id]]

    def item(self, kind: OpportunityKind, item_id: str) -> JobPosting | TrainingProgram:
        self._check_fitted()
        index = self.item_index_[kind]
        if item_id not in index:
            raise UnknownRecordError(kind.value, item_id)
        return self.catalogs_[kind].records[index[item_id]]

    def find_item(self, item_id: str) -> tuple[OpportunityKind, JobPosting | TrainingProgram]:
        for kind in KINDS:
            if item_id in self.item_index_[kind]:
                return kind, self.item(kind, item_id)
        raise UnknownRecordError("vacancy or programme", item_id)

    @contextlib.contextmanager
    def _serving(self, person: Jobseeker | str):
        """Arrays for one person's request, ``(people, pidx)``: from the index when known
        and unchanged, else built now; the engine's read lock is held until the request
        is done. A person built now may widen the vocabulary: that takes the write lock,
        which waits for the requests scoring meanwhile, and hands over to a read lock
        with no writer in between, so the person's arrays keep the engine's width. Not
        for a thread that already holds the read lock (it cannot become a writer)."""
        lock = self._lock
        if isinstance(person, str):
            with lock.read_lock():
                yield self.people_, np.array([self.person_index_[self.jobseeker(person).id]])
            return
        i = self.person_index_.get(person.id)
        if i is not None and self.people_.records[i] == person:  # records never change
            with lock.read_lock():
                yield self.people_, np.array([i])
            return
        with self._normalising:  # the phrase cache then answers under the write lock
            PeopleArrays.read_phrases([person], self.normalise_)
        with lock.write_lock():
            width = self.people_.skills.shape[1]
            arrays = PeopleArrays.build([person], self.gazetteer_, self.normalise_, self.vocab_)
            if len(self.vocab_) > width:
                self._pad()
            arrays.padded(
                max(len(self.vocab_), 1), self.equivalence_, self.vocab_.same_words(),
                getattr(self, "near_", None),
            )  # fmt: skip
            lock.acquire_read_lock()  # a writer may read: held on once the write lock goes
        try:
            yield arrays, np.array([0])
        finally:
            lock.release_read_lock()

    # ---------------------------------------------------------------- scoring
    def _text_scores(
        self, kind: OpportunityKind, people: PeopleArrays, pidx: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The text matcher's per-query z-scores of ``pidx`` against the whole catalog,
        and where the texts agree under the kind's bars (:meth:`agreement_bars`)."""
        text, bars = self.text_[kind], self.agreement_bars(kind)
        if people is not self.people_ or len(pidx) > SEMANTIC_MEMO_ROWS:
            # A new person, or batch scoring, which visits each person once.
            return text.score_with_agreement([people.texts[i] for i in pidx], bars)
        memo = self._semantic_rows[kind]  # shared by the requests reading at once:
        got = {int(i): memo.get(int(i)) for i in pidx}  # another may clear it meanwhile
        todo = [i for i, row in got.items() if row is None]
        if todo:
            z, agree = text.score_with_agreement([people.texts[i] for i in todo], bars)
            fresh = dict(zip(todo, zip(z, agree, strict=True), strict=True))
            got.update(fresh)
            if len(memo) + len(todo) > SEMANTIC_MEMO_ROWS:
                memo.clear()
            memo.update(fresh)
        rows = [got[int(i)] for i in pidx]
        return np.stack([z for z, _ in rows]), np.stack([a for _, a in rows])

    def agreement_bars(self, kind: OpportunityKind) -> dict[str, float]:
        """Cosine bar per encoder that text evidence on ``kind`` also needs
        (:mod:`matcher.scoring.agreement`; {} for none), as read at fit."""
        return getattr(self, "agreement_bars_", {}).get(kind, {})

    def text_matcher(self, kind: OpportunityKind):
        """The fitted :class:`~matcher.text.retrieval.TextMatcher` of one catalog."""
        self._check_fitted()
        return self.text_[kind]

    def catalog(self, kind: OpportunityKind) -> CatalogArrays:
        """The aligned arrays of one catalog (vacancies, trainings or entrepreneurship)."""
        self._check_fitted()
        return self.catalogs_[kind]

    def score_block(
        self,
        kind: OpportunityKind,
        people: PeopleArrays,
        pidx: np.ndarray,
        oidx: np.ndarray | None = None,
        options: MatchOptions | None = None,
        gap: sp.csr_matrix | None = None,
    ) -> Block:
        """Score parts, eligibility bits and total score for ``pidx`` x ``oidx`` pairs.

        ``oidx`` is None (every item), item indices (o,) shared by all of ``pidx``, or
        (p, m) indices: each person's own items (a shortlist), scored pair by pair.
        """
        options = options or MatchOptions(weights=self.weights)
        cat = self.catalogs_[kind]
        whole = oidx is None  # the whole catalog: no copies of its arrays
        oidx = slice(None) if whole else np.asarray(oidx)
        text = self.text_[kind]
        texts = [people.texts[i] for i in pidx]

        @functools.cache  # the semantic part and the evidence share one product
        def text_rows() -> tuple[np.ndarray, np.ndarray]:
            return block_text_scores(
                text, texts, oidx, whole, lambda: self._text_scores(kind, people, pidx),
                self.agreement_bars(kind),
            )  # fmt: skip

        def text_scores() -> np.ndarray:
            return text_rows()[0]

        # People and items sit at a few hundred kelurahan centroids: distances are
        # computed per pair of places and gathered, not per pair of records.
        p_places, p_inv = unique_places(people.coords[pidx])
        c_places, c_inv = cat.places()
        inputs = BlockInputs(
            kind=kind, people=people, pidx=pidx, catalog=cat, oidx=oidx, gap=gap,
            km=np.empty(0), place_pairs=(np.empty(0), p_inv, np.empty(0)),
            text_scores=text_scores,
        )  # fmt: skip
        c_inv = inputs.items(c_inv)
        km_table = pairwise_km(p_places, c_places).astype(np.float32)
        km = np.where(inputs.items(cat.remote), 0.0, km_table[p_inv[:, None], c_inv])
        inputs.km = km.astype(np.float32, copy=False)
        inputs.place_pairs = (km_table, p_inv, c_inv)
        parts = np.stack([part.block(inputs) for part in PARTS], axis=-1).astype(np.float32)
        bits = evaluate_rules(inputs, options.today())
        business = evidence.person_arrays(people)[0]
        n_req, n_nice = cat.skill_counts()
        skills = parts[..., part_index("skills")]
        if kind is OpportunityKind.VACANCY and people.strict is not None:
            # A near concept scores at half weight but is no own-trade evidence.
            skills = PARTS[part_index("skills")].covered(inputs)
        if kind is OpportunityKind.TRAINING:  # every skill it teaches that is wanted, whole
            skills = PARTS[part_index("skills")].taught_wanted(inputs)
        elif kind is OpportunityKind.ENTREPRENEURSHIP:  # its trade's skills, not costing
            trade_taught = evidence.trade_taught(cat, self.normalise_, self.vocab_)
            skills = PARTS[part_index("skills")].teaches_trade(inputs, trade_taught)
        z, agree = text_rows()
        trade = evidence.evidence_bits(
            skills, z, business[pidx], inputs.items((n_req + n_nice) > 0), kind,
            agree if options.text_agreement else True,
        )  # fmt: skip
        if kind is OpportunityKind.ENTREPRENEURSHIP:
            trade |= self._programme_evidence(people, pidx, cat, inputs, whole, oidx)
        score = combine(parts, options.weights)
        if self.ranker is not None:
            items = np.arange(len(cat)) if whole else oidx
            # The learned ranker sees the parts and who/what the pair is (see matcher.ranking.ranker).
            score = np.asarray(
                self.ranker.rescore(parts, kind, people, pidx, cat, items, score),
                dtype=np.float32,
            )
        return Block(parts=parts, bits=bits, km=inputs.km, score=score, evidence=trade)

    def _programme_evidence(self, people, pidx, cat, inputs, whole, oidx) -> np.ndarray:
        """(p, o) :class:`~matcher.scoring.evidence.Evidence` bits that say whether an
        entrepreneurship programme serves the person's business (or the one she wants to
        start): her need topics against what it teaches, and her business text (not her
        whole profile) against its text (:mod:`matcher.scoring.business`)."""
        from matcher.scoring import business

        records = people.records
        _, intent, needs = evidence.person_arrays(people)
        topics, general = evidence.programme_arrays(cat)
        texts = [business.business_text(records[i]) for i in pidx]
        z = np.full((len(pidx), len(cat) if whole else oidx.shape[-1]), -np.inf, np.float32)
        rows = np.flatnonzero([bool(t) for t in texts])
        if len(rows):  # only people with a business text: the others are never served
            text = self.text_[OpportunityKind.ENTREPRENEURSHIP]
            asked = [texts[r] for r in rows]
            own = oidx[rows] if not whole and oidx.ndim == 2 else oidx
            z[rows] = block_text_scores(
                text, asked, own, whole, lambda: text.score_with_agreement(asked, {}), {}
            )[0]
        return evidence.programme_bits(
            needs[pidx], inputs.items(topics), inputs.items(general), z, intent[pidx],
            evidence.person_sectors(people)[pidx], inputs.items(evidence.programme_sectors(cat)),
            evidence.person_services(people)[pidx], inputs.items(evidence.programme_goods(cat)),
        )  # fmt: skip

    def skill_gap(
        self,
        people: PeopleArrays,
        pidx: np.ndarray,
        options: MatchOptions,
        block: Block | None = None,
        top: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> sp.csr_matrix:
        """How much each person needs each skill they lack, (p, C) weights in [0, 1].

        A skill required by the person's best eligible vacancy weighs 1; one required only
        by weaker vacancies weighs their score relative to the best (squared), so a
        training is valued for the jobs this person is most likely to get, not for any job
        in the list. ``block`` is these people's vacancy block when the caller has it;
        ``top`` their best eligible vacancies ``(indices, scores)`` when the batch has
        ranked them (-1 / -inf pad), so no block is needed.

        When the request judges own-trade evidence (:meth:`judges_trade`), only those of
        the best eligible vacancies that have it count: a course that closes the gap to a
        job in another trade (a cashier's course for a content creator, because nearby
        shop jobs score well on distance and schedule) is not one the person needs. A
        person who runs a business then has no gap: a job's gap is not her business's
        need (as for entrepreneurship programmes, ``GAP_KINDS``).
        """
        cat = self.catalogs_[OpportunityKind.VACANCY]
        n_cols = people.skills.shape[1]
        if not len(cat):
            return sp.csr_matrix((len(pidx), n_cols), dtype=np.float32)
        trade = None  # the own-trade evidence bits of the best vacancies, when judged
        if top is not None:
            top, top_s = top
            m = top.shape[1]
            top = np.where(top >= 0, top, 0)
            if m and self._judges_trade(options):
                # The batch ranked these without evidence: score these pairs for it.
                trade = self.score_block(
                    OpportunityKind.VACANCY, people, pidx, top, options
                ).evidence
        else:
            if block is None:
                block = self.score_block(OpportunityKind.VACANCY, people, pidx, None, options)
            score = np.where(self.excluded(block.bits, options), -np.inf, block.score)
            m = min(self.gap_neighbours, score.shape[1])
            top, top_s = top_k_rows(score, m)
            if self.judges_trade(block, options):
                trade = np.take_along_axis(block.evidence, top, axis=1)
        if trade is not None:
            owner = (trade & evidence.Evidence.BUSINESS) != 0
            counts = evidence.own_trade(OpportunityKind.VACANCY, trade) & ~owner
            top_s = np.where(counts, top_s, -np.inf)
        best = np.max(top_s, axis=1, keepdims=True)
        ok = np.isfinite(top_s) & (best > 0)
        weight = np.where(ok, top_s / np.where(best > 0, best, 1.0), 0.0) ** 2
        rows = np.repeat(np.arange(len(pidx)), m)[ok.ravel()]
        select = sp.csr_matrix(
            (weight.ravel()[ok.ravel()].astype(np.float32), (rows, top.ravel()[ok.ravel()])),
            shape=(len(pidx), len(cat)),
        )
        needed = (select @ cat.required).tocsr()
        needed.data = np.minimum(needed.data, 1.0)
        # A skill held only through its nearest concept is still one a course can teach.
        lacking = needed - needed.multiply(people.has_strict()[pidx] > 0)
        lacking = sp.csr_matrix(lacking, dtype=np.float32)
        lacking.eliminate_zeros()
        return lacking

    @staticmethod
    def excluded(bits: np.ndarray, options: MatchOptions) -> np.ndarray:
        """Which pairs a hard rule excludes (failed-rule ``bits`` of a block), after the
        rules the request relaxed."""
        return (bits & ~relax_mask(options.relaxed_rules)) != 0

    @staticmethod
    def exclusion_order(bits: np.ndarray, score: np.ndarray, mask: np.ndarray,
                        options: MatchOptions, k: int) -> np.ndarray:  # fmt: skip
        """The ``k`` best of the pairs in ``mask`` (1-D) for an "excluded" list: nearest to
        being offered first. Those a counselor cannot relax (``NOT_RELAXABLE``) last, then
        fewer failed rules before more, then the higher score: a café job excluded only by
        the person's age comes before one she is too young for and lives too far from."""
        rows = np.flatnonzero(mask)
        if not len(rows) or k <= 0:
            return rows[:0]
        failed = bits[rows] & ~relax_mask(options.relaxed_rules)
        fixed = (failed & UNRELAXABLE_BITS) != 0
        count = np.zeros(len(rows), dtype=np.int32)
        for rule in Rule:
            count += (failed & rule.bit) != 0
        # lexsort: last key first; equal keys keep row order (the lower index first).
        order = np.lexsort((rows, -score[rows].astype(np.float64), count, fixed))
        return rows[order[:k]]

    @staticmethod
    def relevance(block: Block, options: MatchOptions) -> np.ndarray:
        """Each pair's evidence that the item is about the person: the weighted mean of the
        evidence parts (text similarity, skills) with the request's weights; 1 where the
        request gives them no weight (the floor then has nothing to judge)."""
        weights = options.weights.as_array()
        mask = MatchingEngine._evidence_weighed(options)
        if not mask.any():
            return np.ones(block.score.shape, dtype=np.float32)
        w = weights[mask] / weights[mask].sum()
        return block.parts[..., mask] @ w.astype(np.float32)

    def listable(self, block: Block, options: MatchOptions, kind: OpportunityKind) -> np.ndarray:
        """Pairs that may enter a person's list: no hard rule excludes them and, when the
        request has a floor, for the kinds in ``FLOORED_KINDS`` their relevance reaches
        ``options.relevance_floor``, and with ``options.own_trade`` they have the
        own-trade evidence their kind needs (:mod:`matcher.scoring.evidence`) unless the
        request weighs no evidence part. A floor of 0 lists every eligible item."""
        return ~self.excluded(block.bits, options) & self.relevant(block, options, kind)

    def relevant(self, block: Block, options: MatchOptions, kind: OpportunityKind) -> np.ndarray:
        """Pairs whose evidence says the item is about the person, whatever the hard
        rules say: the relevance floor (kinds in ``FLOORED_KINDS``) and own-trade
        evidence of :meth:`listable`. An excluded pair that is relevant is one the person
        would be offered if its rule gave way: the only kind of excluded item worth a
        reader's time (the "excluded" lists show no other). All true under a floor of 0."""
        ok = np.ones(block.score.shape, dtype=bool)
        if options.relevance_floor <= 0:
            return ok
        if kind in FLOORED_KINDS:
            ok &= self.relevance(block, options) >= np.float32(options.relevance_floor)
        if self.judges_trade(block, options):
            ok &= evidence.own_trade(kind, block.evidence)
        return ok

    def judges_trade(self, block: Block, options: MatchOptions) -> bool:
        """Whether the own-trade rule applies to ``block`` under ``options``: asked for
        (``own_trade``, with a floor), the block has evidence bits, and the request weighs
        an evidence part."""
        return block.evidence is not None and self._judges_trade(options)

    @staticmethod
    def _judges_trade(options: MatchOptions) -> bool:
        """:meth:`judges_trade` for any block with evidence bits."""
        return bool(
            options.own_trade
            and options.relevance_floor > 0
            and MatchingEngine._weighs_evidence(options)
        )

    @staticmethod
    def _weighs_evidence(options: MatchOptions) -> bool:
        """Whether the request gives the evidence parts (text, skills) any weight: a
        counselor who puts all weight on distance asks for the nearest eligible items, and
        neither the floor nor the own-trade rule then has anything to judge."""
        return bool(MatchingEngine._evidence_weighed(options).any())

    @staticmethod
    def _evidence_weighed(options: MatchOptions) -> np.ndarray:
        """(n_parts,) bool: the evidence parts the request gives weight."""
        return np.array([p.evidence for p in PARTS]) & (options.weights.as_array() > 0)

    # --------------------------------------------------------- person -> items
    def recommend_for_jobseeker(
        self, person: Jobseeker | str, options: MatchOptions | None = None
    ) -> ex.RecommendationSet:
        """Top vacancies, trainings, entrepreneurship programmes and pathways for one person."""
        self._check_fitted()
        options = options or MatchOptions(weights=self.weights)
        with self._serving(person) as (people, pidx):
            return self._recommend_for(people, pidx, options)

    def _recommend_for(
        self, people: PeopleArrays, pidx: np.ndarray, options: MatchOptions
    ) -> ex.RecommendationSet:
        record = people.records[pidx[0]]
        result = ex.RecommendationSet(jobseeker_id=record.id)
        blocks: dict[OpportunityKind, Block] = {}
        if len(self.catalogs_[OpportunityKind.VACANCY]):
            # The gap does not enter the vacancy block, so one block serves both.
            blocks[OpportunityKind.VACANCY] = self.score_block(
                OpportunityKind.VACANCY, people, pidx, None, options
            )
        gap = self.skill_gap(people, pidx, options, blocks.get(OpportunityKind.VACANCY))
        for kind in KINDS:
            if not len(self.catalogs_[kind]):
                continue
            kind_gap = gap if kind in GAP_KINDS else None
            block = blocks.get(kind) or self.score_block(
                kind, people, pidx, None, options, kind_gap
            )
            blocks[kind] = block
            recs, excluded, below = self._rank_items(
                kind, block, people, pidx[0], options, kind_gap
            )
            result.below_floor[kind.value] = below
            {
                OpportunityKind.VACANCY: result.vacancies,
                OpportunityKind.TRAINING: result.trainings,
                OpportunityKind.ENTREPRENEURSHIP: result.entrepreneurship,
            }[kind].extend(recs)
            # Each kind's best few: a business owner's excluded capital programme is not
            # crowded out by vacancies, whose scores run higher.
            result.excluded.extend(excluded)
        if (
            options.pathways
            and OpportunityKind.TRAINING in blocks
            and OpportunityKind.VACANCY in blocks
        ):
            from matcher.engine.pathways import build_pathways

            result.pathways = build_pathways(self, people, pidx[0], blocks, options)
        return result

    def _rank_items(self, kind, block, people, pi, options, gap):
        cat = self.catalogs_[kind]
        score = block.score[0]
        excluded = self.excluded(block.bits, options)[0]
        relevant = self.relevant(block, options, kind)[0]
        listable = ~excluded & relevant
        below_floor = int((~excluded & ~relevant).sum())
        top, top_s = top_k_rows(np.where(listable, score, -np.inf)[None, :],
                                max(options.top_k * 4, 20))  # fmt: skip
        pool = top[0][np.isfinite(top_s[0])]
        # Score order needs no similarities (about 1 ms a request at 40 items a list).
        sim = jaccard_matrix([item_signature(cat, j) for j in pool]) if options.diversity else None
        order = [pool[i] for i in mmr(score[pool], sim, options.top_k, options.diversity)]
        recs = ex.note_order([
            self.recommendation(kind, block, 0, j, rank, people, pi, options, gap)
            for rank, j in enumerate(order, start=1)
        ])  # fmt: skip
        shown = self.exclusion_order(block.bits[0], score, excluded & relevant, options,
                                     max(int(options.show_excluded), 0))  # fmt: skip
        out = [self.recommendation(kind, block, 0, j, 0, people, pi, options, gap) for j in shown]
        return recs, out, below_floor

    def recommendation(
        self, kind, block, row, j, rank, people, pi, options, gap=None
    ) -> ex.Recommendation:
        """The recommendation of item ``j`` for row ``row`` of ``block`` (person ``pi`` of
        ``people``), with its explanation; ``rank`` 0 for an excluded item."""
        cat = self.catalogs_[kind]
        item = cat.records[j]
        expl = self.explain_pair(kind, block, row, j, people=people, person=pi, options=options,
                                 gap=gap)  # fmt: skip
        subtitle = getattr(item, "employer", None) or getattr(item, "provider", "")
        return ex.Recommendation(
            kind=kind.value, item_id=item.id, title=item.title, score=float(block.score[row, j]),
            rank=rank, explanation=expl, subtitle=subtitle,
        )  # fmt: skip

    def explain_pair(self, kind, block, row, col, **context) -> ex.Explanation:
        """Explanation of pair (row, col) of ``block``; ``context`` is ``people``,
        ``person``, ``options`` and optionally ``gap``, ``item_col`` (see
        :func:`matcher.engine.explaining.explain_pair`)."""
        return explain_pair(self, kind, block, row, col, **context)

    # --------------------------------------------------------- item -> people
    @_reading
    def recommend_for_item(
        self, item_id: str, options: MatchOptions | None = None, kind: OpportunityKind | None = None
    ) -> ex.PeopleForItem:
        """Ranked eligible jobseekers for a vacancy or programme, the best of those the
        relevance floor and own-trade evidence leave off, and the best excluded ones.

        The same rule as a person's lists (:meth:`listable`): a person is ranked for the
        item when the item could enter *their* list, so an employer's shortlist does not
        fill up with people of other trades who are merely near and free (a guitar
        teacher for a housemaid's job). The others are kept apart (``unlisted``, up to
        ``top_k``) for a reader who wants them; a floor of 0 ranks every eligible person.
        """
        self._check_fitted()
        options = options or MatchOptions(weights=self.weights)
        if kind is None:
            kind, _ = self.find_item(item_id)
        else:
            self.item(kind, item_id)
        j = self.item_index_[kind][item_id]
        people = self.people_
        pidx = np.arange(len(people))
        gap = self.skill_gap(people, pidx, options) if kind in GAP_KINDS else None
        block = self.score_block(kind, people, pidx, np.array([j]), options, gap)
        score = block.score[:, 0]
        excluded = self.excluded(block.bits, options)[:, 0]
        relevant = self.relevant(block, options, kind)[:, 0]
        listable = ~excluded & relevant

        def best(mask: np.ndarray, k: int) -> np.ndarray:
            rows = np.flatnonzero(mask)
            return rows[np.argsort(-score[rows], kind="stable")][: max(int(k), 0)]

        def rec(i: int, rank: int) -> ex.Recommendation:
            expl = self.explain_pair(kind, block, i, 0, people=people, person=i,
                                     options=options, gap=gap, item_col=j)  # fmt: skip
            person = people.records[i]
            return ex.Recommendation(
                kind="jobseeker", item_id=person.id, title=person.id, score=float(score[i]),
                rank=rank, explanation=expl,
                subtitle=f"{person.age} th, {person.education.label}, {person.kelurahan}",
            )  # fmt: skip

        left_off = ~excluded & ~listable
        shown = self.exclusion_order(block.bits[:, 0], score, excluded & relevant, options,
                                     max(int(options.show_excluded), 0))  # fmt: skip
        return ex.PeopleForItem(
            ranked=[rec(int(i), r) for r, i in enumerate(best(listable, options.top_k), 1)],
            excluded=[rec(int(i), 0) for i in shown],
            unlisted=[rec(int(i), 0) for i in best(left_off, options.top_k)],
            below_floor=int(left_off.sum()),
        )

    # ------------------------------------------------------------------ batch
    @_reading
    def rank_all(
        self,
        kind: OpportunityKind = OpportunityKind.VACANCY,
        top_k: int = 10,
        options: MatchOptions | None = None,
        chunk_size: int = 512,
        shortlist: int | None = None,
        people: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k eligible item indices and scores for every indexed person, chunked.

        Returns ``(indices, scores)`` of shape (n_people, top_k); -1 / -inf pad rows with
        fewer eligible items.

        ``people`` (indices into the indexed people; default all) ranks only those rows,
        in that order: one partition of the nightly batch (:mod:`matcher.scale.ray_batch`).
        A person's row is the same whichever partition ranks it (up to float32 rounding).

        ``shortlist`` is how many vacancies per person the linear stand-in of
        :mod:`matcher.engine.prefilter` keeps for exact scoring; 0 scores every pair exactly.
        ``None`` shortlists ``SHORTLIST_SIZE`` when the catalog has more than
        ``SHORTLIST_FROM`` items, of any kind. Vocational trainings need each person's skill gap,
        taken from their best vacancies as the vacancy batch ranks them
        (:func:`matcher.engine.batch.people_gaps`).
        """
        self._check_fitted()
        options = options or MatchOptions(weights=self.weights)
        n_items = len(self.catalogs_[kind])
        k = min(top_k, n_items)
        if shortlist is None:
            shortlist = SHORTLIST_SIZE if shortlisted(n_items) else 0
        if int(shortlist) < 0:
            raise ValueError(f"shortlist={shortlist}; allowed: 0 (exact) or a positive integer")
        rows = np.arange(len(self.people_)) if people is None else np.asarray(people, np.int64)
        if rows.ndim != 1 or (len(rows) and (rows.min() < 0 or rows.max() >= len(self.people_))):
            raise ValueError(
                f"people must be indices in 0..{len(self.people_) - 1}; got shape {rows.shape}"
            )
        if shortlist == 0 or int(shortlist) >= n_items:
            return rank_exact(self, kind, k, options, chunk_size, rows)
        return rank_shortlisted(self, kind, k, options, max(int(shortlist), k), rows)

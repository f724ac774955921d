"""Free-text skills in Indonesian or English -> ESCO skill concepts.

Pipeline for each entry a person typed:

1. split it into phrases (``;`` ``,`` ``/`` ``|`` brackets, new lines, bullets, " dan ",
   " serta ", " & ");
2. translate known Indonesian terms with the project glossary, then the words it left
   with the lexicon of ESCO's work vocabulary (:mod:`matcher.text.lexicon`), and drop
   filler words ("bisa", "lancar", "pengalaman"...);
3. look the phrase up in the project overrides (``resources/skill_overrides.csv``: common
   local skills that ESCO spells unusually, e.g. "cashier" -> "operate cash register"),
   then among ESCO preferred and alternative labels, ignoring case and punctuation;
4. otherwise take the nearest label by character n-gram TF-IDF (optionally blended with a
   semantic encoder), and keep it only above ``threshold``; or, with ``semantic=``, rank
   candidates from every ESCO label and alternative label by USE (on the phrase as
   written and its rendering), MiniLM and TF-IDF (on the rendering) with a learned
   re-ranker (:mod:`~matcher.text.skills.candidates`, :mod:`~matcher.text.skills.rerank`)
   and claim the best above a calibrated bar, and a further concept of the same phrase
   above a second bar.

The TF-IDF cosine is multiplied by the share of the label's content words that the phrase
mentions (``coverage_power``). Without it "plumbing" maps to "gas plumbing" and
"leadership" to "leadership in nursing": a label more specific than what the person wrote
is a wrong claim about their skills, and for skill gaps precision matters more than
recall. Generic verbs ("perform", "use", "apply"...) do not count as content words.

ESCO files many fields a person would list as skills under *knowledge* ("customer
service", "first aid", "graphic design", "office administration"), and puts loose
variants among their alternative labels ("security" for securities, "Canvas" for the LMS,
"packing" for packaging engineering). On the default path a knowledge concept therefore
counts through its preferred label, the field's own name, like any skill; through an
alternative label it is held back unless the phrase names a field ("ilmu", "teori",
"knowledge"...; :func:`~matcher.text.skills.confidence.asks_for_knowledge`). Measured on
the 405 informal dev phrases (docs/evaluation.md): claimed concepts right 0.563 -> 0.679,
phrases with a right concept 0.099 -> 0.094 (39 -> 37 of 393); the sample catalogue's
concepts 48 -> 38, of the 12 that went most were wrong and two skills came in their
place. It loses right answers that ESCO keeps only as alternative labels ("Python",
"haircut", "hair coloring", "CRM", "wiring diagram"), and "security" still reaches
"securities" by a near spelling of its preferred label (0.73). Holding back every fuzzy
knowledge hit, or all knowledge hits, was more precise on the informal set but dropped
right fields that the older dev list and the catalogue rely on.

A phrase that maps to nothing is still returned, as a ``SkillMatch`` with ``uri=None``,
so nothing a user entered is lost.

Cost: fitting the TF-IDF index over all 13,896 ESCO skills (~99k labels) takes about 3 s
and a phrase about 2-15 ms. The semantic path embeds all ~98k names once per encoder
(cold, on the shared 2-core machine: USE ~80 s, MiniLM ~11 min; cached on disk after
that, then a fit takes ~15 s) and costs ~25-40 ms per phrase.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from matcher.errors import FileFormatError
from matcher.text.encoders.cache import for_queries
from matcher.text.glossary import Glossary, load_glossary
from matcher.text.lexicon import load_lexicon
from matcher.text.skills.candidates import candidate_features
from matcher.text.skills.confidence import FEATURES, SkillConfidence, asks_for_knowledge
from matcher.text.skills.informal import expand_abbreviations, standardise, undo_reduplication
from matcher.text.skills.phrases import content_key, coverage, label_key, split_joined
from matcher.text.skills.taxonomy import EscoTaxonomy, SkillConcept, load_taxonomy
from matcher.text.topk import top_k_rows

OVERRIDES_CSV = Path(__file__).resolve().parents[2] / "resources" / "skill_overrides.csv"

# At most this many concepts for one phrase on the semantic path ("cuci setrika kiloan").
MAX_CONCEPTS = 3
# Threshold on the (coverage-weighted) similarity. 0.7 was chosen on the dev list in
# tests/test_skills.py (see the report there); with the lexicon on, 0.75 is the lowest
# that keeps the claims as precise as before on the informal dev phrases, chosen in
# 5-fold cross-validation (0.75 in three folds, 0.8 in two; docs/evaluation.md).
DEFAULT_THRESHOLD = 0.75
# Below the threshold, the best candidate from this similarity on is kept as the phrase's
# nearest concept (``SkillMatch.near``): never a claim, but evidence that a person who
# has that concept can do what the phrase says ("masak masakan rumahan" -> use cooking
# techniques, 0.50). On the 405 informal dev phrases such a candidate alone is right about
# one time in five at any bar from 0.25 to 0.6; the engine trusts it only where the other
# side of a pair has exactly that concept, and then at half weight (docs/evaluation.md,
# "A skill ESCO does not cover, reached through its nearest concept").
NEAR_BAR = 0.35


class MatchVia(StrEnum):
    """How a phrase was mapped."""

    EXACT = "exact"  # the phrase itself is an ESCO label or alternative label
    GLOSSARY = "glossary"  # an ESCO label once translated with the glossary
    OVERRIDE = "override"  # the project mapping in skill_overrides.csv
    FUZZY = "fuzzy"  # nearest label by character n-gram TF-IDF
    BLEND = "blend"  # nearest label by TF-IDF blended with the semantic encoder
    SEMANTIC = "semantic"  # TF-IDF, USE and MiniLM evidence, calibrated (``semantic=``)
    UNMAPPED = "unmapped"  # nothing above the threshold; kept with uri=None


@dataclass(frozen=True)
class SkillMatch:
    """One phrase a person wrote and the ESCO skill it maps to (``uri=None`` if none)."""

    text: str
    uri: str | None
    label: str | None
    score: float
    via: MatchVia
    # An unmapped phrase's nearest concept below the bar, as (uri, label, score); empty
    # when none reaches ``NEAR_BAR`` or the phrase is mapped.
    near: tuple[tuple[str, str, float], ...] = ()

    @property
    def mapped(self) -> bool:
        return self.uri is not None


def read_overrides(path: str | Path) -> dict[str, str]:
    """Read ``phrase,esco_uri`` rows into {label_key(phrase): uri}."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"phrase", "esco_uri"} <= set(reader.fieldnames):
            raise FileFormatError(str(path), "needs columns phrase,esco_uri")
        return {label_key(r["phrase"]): r["esco_uri"].strip() for r in reader if r["phrase"]}


# Verbs too general to share between two parts: "kerja di kafe: kasir + barista".
_NO_ACTION = frozenset(("work", "be", "have", "act", "take"))

# Verbs of using or operating, as typed in Indonesian and English. ESCO puts its own
# ("use", "operate") before many skills without saying which one (``_GENERIC``), so a
# phrase that begins with one names the skill of what follows: "menggunakan excel" is
# *use spreadsheets software*, "mengoperasikan mesin kasir" *operate cash register*.
# Not "make" (English "make" too) nor "jalankan" (also "run a business").
_USE_VERBS = frozenset((
    "pakai", "pake", "pakek", "memakai", "gunakan", "menggunakan", "operasikan",
    "mengoperasikan", "operasiin", "ngoperasiin", "mengoperasiin", "use", "using",
    "operate", "operating",
))  # fmt: skip


def _action_words(skills: Sequence[SkillConcept]) -> frozenset[str]:
    """Words that begin at least two skill/competence labels, and more of them than of
    knowledge labels: ESCO's verbs ("sew", "operate", "clean"...), read from the data."""
    from collections import Counter

    firsts = Counter((s.label.split()[0].lower(), s.skill_type == "knowledge")
                     for s in skills if s.label.strip())  # fmt: skip
    return frozenset(
        w for (w, field), n in firsts.items()
        if not field and n >= 2 and n > firsts[(w, True)] and w not in _NO_ACTION
    )  # fmt: skip


# The verbs ESCO puts before a field's name to make it a skill: *provide first aid*.
_PRACTISE = frozenset(("perform", "use", "apply", "carry", "out", "operate", "conduct",
                       "undertake", "provide", "execute", "practise", "utilise", "employ"))  # fmt: skip


_SPEAK = "interact verbally in "


def _practices(skills: Sequence[SkillConcept]) -> dict[int, int]:
    """Knowledge concept -> the skill/competence concept that practises it: the skill's
    preferred label is the knowledge's preferred label after one of ESCO's general
    verbs only (*first aid* -> *provide first aid*, *hair cutting techniques* -> *apply
    hair cutting techniques*, *soldering techniques*, *project management*, *CAD
    software*). 52 of ESCO's 3,059 knowledge concepts have one; a more specific verb
    ("sell cosmetics", "teach sociology") is another skill, not the field's practice.
    And a language's practice is speaking it (65 more). Read from the data, so it holds
    for any taxonomy passed to ``fit``."""
    skills_by_label: dict[str, int] = {}
    for i, s in enumerate(skills):
        if s.skill_type != "knowledge" and s.label.strip():
            skills_by_label.setdefault(s.label.strip().lower(), i)
    out: dict[str, int] = {}
    for label, i in skills_by_label.items():
        words = label.split()
        for cut in (1, 2):
            field = " ".join(words[cut:])
            if field and all(w in _PRACTISE for w in words[:cut]):
                out.setdefault(field, i)
        # A language a person lists is one she speaks: *Korean* -> *interact verbally in
        # Korean* (ESCO's skills of a language: understand spoken / written, write, this).
        if label.startswith(_SPEAK) and len(words) > len(_SPEAK.split()):
            out.setdefault(label[len(_SPEAK) :], i)
    return {
        i: out[s.label.strip().lower()]
        for i, s in enumerate(skills)
        if s.skill_type == "knowledge" and s.label.strip().lower() in out
    }


def plural_last(key: str) -> str | None:
    """``key`` with its last word in the English plural, or None when it ends in "s"
    already or holds fewer than two words (a single word is a name: "accounting").

    >>> [plural_last(k) for k in ("ride motorcycle", "wash dish", "iron clothes", "tax")]
    ['ride motorcycles', 'wash dishes', None, None]
    >>> plural_last("carry baby")
    'carry babies'
    """
    words = key.split()
    if len(words) < 2 or words[-1].endswith("s") or not words[-1].isalpha():
        return None
    last = words[-1]
    if last.endswith(("sh", "ch", "x", "z")):
        last += "es"
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def base_verb_first(key: str) -> list[str]:
    """``key`` with its first word, an -ing form, as the verbs it may come from: the
    stem, the stem with "e", and the stem without a doubled last consonant. Empty for a
    key of one word or one whose first word is no -ing form of six letters or more.

    >>> base_verb_first("packing goods")
    ['pack goods', 'packe goods']
    >>> base_verb_first("cutting hair")[-1], base_verb_first("making cakes")[1]
    ('cut hair', 'make cakes')
    >>> base_verb_first("ceiling"), base_verb_first("king size")
    ([], [])
    """
    words = key.split()
    first = words[0] if words else ""
    if len(words) < 2 or not first.endswith("ing") or len(first) < 6:
        return []
    stem = first[:-3]
    forms = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        forms.append(stem[:-1])
    rest = " ".join(words[1:])
    return [f"{form} {rest}" for form in forms]


def _exact_key(name: str) -> str:
    """Exact-lookup key; short acronyms keep their case ("PoS" is proof of stake, not POS)."""
    if len(name) <= 5 and name != name.lower() and " " not in name:
        return "case:" + name
    return label_key(name)


class SkillNormaliser(BaseEstimator):
    """Map free-text skills to ESCO skill concepts.

    Parameters
    ----------
    threshold : float
        Smallest similarity (0-1) a fuzzy match needs; below it the phrase is unmapped.
    top_k : int
        Matches kept per phrase.
    encoder : object or None
        Optional semantic encoder with ``transform(texts) -> L2-normalised array``. Its
        cosine is blended with the TF-IDF cosine.
    semantic_weight : float
        Weight of the encoder in the blend (ignored without an encoder).
    coverage_power : float
        Exponent on the label-word coverage that scales the TF-IDF cosine; 0 turns the
        penalty for labels more specific than the phrase off.
    glossary : Glossary or None
        Indonesian -> English glossary; None uses the project glossary.
    overrides : str, Path, dict or None
        Project phrase -> ESCO URI mapping; None uses ``resources/skill_overrides.csv``,
        ``{}`` disables it.
    semantic : str or dict
        Dense encoders that vote beside TF-IDF, ``+``-joined (``"use+minilm"``, ``"use"``),
        or ``""`` for TF-IDF alone (the default: on the informal dev set no semantic
        variant is clearly better at the claims, see docs/evaluation.md, and it costs
        embedding all ~98k ESCO names once and ~350 MB of vectors in memory). A dict
        ``{"use": encoder, "minilm": encoder}`` passes the encoders themselves. With
        encoders, every ESCO preferred and alternative label is embedded once (cached on
        disk), candidates are ranked by a learned, calibrated probability
        (:mod:`matcher.text.skills.confidence`) and ``threshold`` is ignored in favour of
        the calibrated bars.
    confidence : SkillConfidence, str, Path or None
        The calibration; None reads ``resources/skill_confidence.json``.
    knowledge_discount : float
        How far a knowledge concept is held back behind skill/competence concepts when
        the phrase does not name a field of knowledge ("ilmu", "teori"...): it ranks as if
        its probability were this many times what it is (1: no preference, 0: every
        skill candidate first). Also orders exact-label hits. On the default path it
        falls on knowledge concepts reached through an alternative label: an exact hit on
        one is dropped, and a fuzzy score counts at this share (0.5 never reaches the
        default threshold); below 1 their preferred labels still count in full.
    informal : bool
        Standardise informal Indonesian first (:mod:`matcher.text.skills.informal`) for
        the fuzzy match too; off by default (it claims more but less precisely there).
        The exact, override and glossary lookups always try the standardised phrase as
        well ("ngasuh anak" -> "mengasuh anak"): on the informal dev phrases that moved
        phrases with a right concept 0.135 -> 0.140 and precision 0.675 -> 0.683. Chat
        abbreviations ("bs", "sm", "pny", "CS") are expanded and repeated words read once
        ("foto2", "bersih-bersih") either way, since each has one reading
        (:func:`~matcher.text.skills.informal.expand_abbreviations`,
        :func:`~matcher.text.skills.informal.undo_reduplication`).
    lexicon : bool
        After the glossary, translate the Indonesian words it left with the word-level
        lexicon of ESCO's work vocabulary (:mod:`matcher.text.lexicon`). On by default:
        on the 405 informal dev phrases, with the threshold chosen in cross-validation,
        phrases with a right concept 0.094 -> 0.132 at the same precision (0.679 ->
        0.688).
    field_practice : bool
        Map a field's name to the skill that practises it ("P3K" / "first aid" ->
        *provide first aid*, "English" -> *interact verbally in English*; see
        ``_practices``) unless the phrase names the field ("ilmu first aid"). Off by
        default: the public English skill-span annotations map a field's name to the
        field (knowledge) concept, as the issue's rule does, and there it cost 14 of 883
        test spans their right concept (0.145 against 0.161; precision 0.727 against
        0.807), against 2 of 393 informal dev phrases gained (docs/evaluation.md, "A field's
        name is the field").

    Examples
    --------
    >>> sew = SkillConcept("s:sew", "sew pieces of fabric", ("sew fabric",))
    >>> cash = SkillConcept("s:cash", "operate cash register")
    >>> norm = SkillNormaliser(overrides={}).fit(EscoTaxonomy([sew, cash]))
    >>> [(m.label, m.via.value) for m in norm.normalise_one("Operate cash-register")]
    [('operate cash register', 'exact')]
    """

    # Bumped when the same parameters and resources map phrases differently, so the
    # phrase cache (matcher.text.skill_cache.fingerprint) recomputes what it holds.
    # 2: knowledge concepts reached through an alternative label are held back.
    # 3: proficiency words in Indonesian ("dasar", "dikit", "paham"...) are filler.
    # 4: the lexicon of ESCO's work vocabulary renders the words the glossary leaves.
    # 5: a lexicon form that is English too stays English beside a word typed in English.
    # 6: informal spellings are standardised for the exact lookups ("ngasuh anak").
    # 7: a part joined by "dan"/"&" that names no action takes the verb before it.
    # 8: chat abbreviations are expanded on the default path too ("bs", "sm", "pny").
    # 9: an unmapped phrase keeps its nearest concept below the bar (SkillMatch.near).
    # 10: a held-back knowledge concept is no phrase's nearest concept.
    # 11: a bare verb joined to a verb and its object shares the object ("cuci dan setrika baju").
    # 12: an unmapped phrase whose first word is a sure skill is nearest that skill.
    # 13: the shared object is the nearest one after the bare verb, not the run's last.
    # 14: repeated words are read once ("foto2", "bersih-bersih").
    # 15: a fuzzy tie between concepts sharing a name: preferred label, then the concept
    #     more occupations need, then the lower index (not the CPU's sort order).
    # 16: the fuzzy shortlist's last place, where names tie, goes to the lower index.
    # 17: a rendering is also looked up with its last word in the plural ("develop business
    #     plans").
    # 18: ... and with its first word, an -ing form, as a base verb ("bake bread").
    # 19: two or three actions typed side by side ("cuci setrika") read as if "dan" joined them.
    # 20: ... only when the whole phrase maps to nothing ("desain kemasan": *design package*).
    # 21: an exact name of a field whose practice is a skill is that skill ("first aid").
    # 22: ... a fuzzy claim too, and a language is spoken (*interact verbally in Korean*).
    # 23: ... and a fuzzy nearest concept below the bar.
    # 24: ... only with field_practice=True; by default a field's name is the field (the
    #     public skill-span annotations map "English", "project management" so).
    # 25: a phrase that begins with a verb of using names the skill of what follows
    #     ("menggunakan excel", "mengoperasikan mesin kasir").
    # 26: a word the glossary put in the rendering is English, also where it is an
    #     Indonesian word too: "AC" -> "air conditioning", not "water conditioning".
    METHOD_VERSION = 26

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        top_k: int = 1,
        encoder: object | None = None,
        semantic_weight: float = 0.5,
        coverage_power: float = 1.0,
        glossary: Glossary | None = None,
        overrides: str | Path | dict[str, str] | None = None,
        semantic: str | dict[str, object] = "",
        confidence: SkillConfidence | str | Path | None = None,
        informal: bool = False,
        knowledge_discount: float = 0.5,
        lexicon: bool = True,
        field_practice: bool = False,
    ):
        self.threshold = threshold
        self.top_k = top_k
        self.encoder = encoder
        self.semantic_weight = semantic_weight
        self.coverage_power = coverage_power
        self.glossary = glossary
        self.overrides = overrides
        self.semantic = semantic
        self.confidence = confidence
        self.informal = informal
        self.knowledge_discount = knowledge_discount
        self.lexicon = lexicon
        self.field_practice = field_practice

    def __setstate__(self, state: dict) -> None:
        # A normaliser pickled before ``field_practice`` existed reads as without it
        # (``get_params``, and so the phrase cache's fingerprint, need every parameter).
        state.setdefault("field_practice", False)
        super().__setstate__(state)

    def _check_params(self) -> None:
        if not 0.0 <= float(self.threshold) <= 1.0:
            raise ValueError(f"threshold={self.threshold!r} is not allowed; use 0 to 1")
        if int(self.top_k) < 1:
            raise ValueError(f"top_k={self.top_k!r} is not allowed; use 1 or more")
        if not 0.0 <= float(self.knowledge_discount) <= 1.0:
            raise ValueError(
                f"knowledge_discount={self.knowledge_discount!r} is not allowed; use 0 to 1"
            )
        if not 0.0 <= float(self.semantic_weight) <= 1.0:
            raise ValueError(f"semantic_weight={self.semantic_weight!r} is not allowed; use 0 to 1")
        if float(self.coverage_power) < 0.0:
            raise ValueError(
                f"coverage_power={self.coverage_power!r} is not allowed; use 0 or more"
            )

    def fit(
        self, taxonomy: EscoTaxonomy | Iterable[SkillConcept] | None = None, y: object = None
    ) -> SkillNormaliser:
        """Index the skills' preferred and alternative labels.

        Parameters
        ----------
        taxonomy : EscoTaxonomy, iterable of SkillConcept, or None
            The skills to map onto; None loads the full ESCO taxonomy. Pass
            ``taxonomy.subset(...)`` to index fewer skills.
        """
        self._check_params()
        if taxonomy is None:
            taxonomy = load_taxonomy()
        skills = taxonomy.skills if isinstance(taxonomy, EscoTaxonomy) else tuple(taxonomy)
        self.relations_ = taxonomy.relations() if isinstance(taxonomy, EscoTaxonomy) else []
        if not skills:
            raise ValueError("SkillNormaliser.fit needs at least one skill; got none")
        self.skills_: tuple[SkillConcept, ...] = tuple(skills)
        # How many occupations need each concept (essential or optional): which of two
        # concepts sharing a name is the likelier reading (:meth:`_tie_order`).
        position = {s.uri: i for i, s in enumerate(self.skills_)}
        self.needed_by_ = np.zeros(len(self.skills_), dtype=np.int64)
        for _occ, _relation, skill_uri in self.relations_:
            if skill_uri in position:
                self.needed_by_[position[skill_uri]] += 1
        self.glossary_ = self.glossary if self.glossary is not None else load_glossary()
        self.lexicon_ = load_lexicon() if self.lexicon else None

        texts: list[str] = []
        owners: list[int] = []
        exact: dict[str, list[int]] = {}
        for i, skill in enumerate(self.skills_):
            for name in skill.names:
                texts.append(name)
                owners.append(i)
                key = _exact_key(name)
                # A preferred label beats someone else's alternative label.
                bucket = exact.setdefault(key, [])
                if i in bucket:
                    continue
                if name == skill.label:
                    bucket.insert(0, i)
                else:
                    bucket.append(i)
        self.exact_index_ = {k: tuple(v) for k, v in exact.items()}
        self.is_knowledge_ = np.array([s.skill_type == "knowledge" for s in self.skills_])
        self.practice_of_ = _practices(self.skills_)
        self.action_words_ = _action_words(self.skills_)
        self.alias_texts_ = tuple(texts)
        # Words of ESCO's names that the lexicon also holds as Indonesian forms ("air",
        # "main", "model", "api") are read as English next to an English word.
        forms = {e.id for e in self.lexicon_.entries if " " not in e.id} if self.lexicon_ else set()
        names = {w for t in texts for w in label_key(t).split()} if forms else set()
        self.english_words_ = frozenset(names - forms)
        self.ambiguous_forms_ = frozenset(names & forms)
        self.alias_owner_ = np.asarray(owners, dtype=np.int64)
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 4),
            sublinear_tf=True,
            strip_accents="unicode",
            dtype=np.float32,
        )
        matrix = self.vectorizer_.fit_transform([label_key(t) for t in texts])
        # Stored transposed as CSR: ``query @ matrix.T`` would re-convert all ~100k label
        # rows on every call (0.5 s per phrase instead of 15 ms).
        self.alias_matrix_t_ = matrix.T.tocsr()
        self.alias_embeddings_ = (
            _dense(self.encoder.transform(texts)) if self.encoder is not None else None
        )
        self._fit_semantic()

        position = {s.uri: i for i, s in enumerate(self.skills_)}
        if isinstance(self.overrides, dict):
            table = {label_key(k): v for k, v in self.overrides.items()}
        else:
            table = read_overrides(self.overrides or OVERRIDES_CSV)
        # Overrides that point outside an indexed subset are skipped, not errors.
        self.overrides_ = {k: position[u] for k, u in table.items() if u in position}
        self.overrides_skipped_ = len(table) - len(self.overrides_)
        return self

    def _fit_semantic(self) -> None:
        given = dict(self.semantic) if isinstance(self.semantic, dict) else {}
        names = list(given) or [n for n in str(self.semantic or "").split("+") if n.strip()]
        self.semantic_encoders_: dict[str, object] = {}
        self.name_embeddings_: dict[str, np.ndarray] = {}
        aliases: list[list[int]] = [[] for _ in self.skills_]
        for a, owner in enumerate(self.alias_owner_):
            aliases[int(owner)].append(a)
        self.concept_aliases_ = tuple(tuple(a) for a in aliases)
        # A concept's names are contiguous, preferred label first (see fit).
        self.alias_start_ = np.array([a[0] for a in aliases], dtype=np.int64)
        if not names:
            self.confidence_ = None
            return
        from matcher.text.encoders import CachedEncoder, get_encoder

        for name in names:
            name = name.strip()
            if name not in ("use", "minilm"):
                raise ValueError(
                    f"semantic={self.semantic!r}: {name!r} is not allowed; use use, minilm"
                )
            encoder = given.get(name) or CachedEncoder(get_encoder(name))
            self.semantic_encoders_[name] = encoder
            # Every preferred and alternative label: embedded once, then read from disk.
            self.name_embeddings_[name] = _dense(encoder.transform(list(self.alias_texts_)))
        conf = self.confidence
        self.confidence_ = (
            conf if isinstance(conf, SkillConfidence) else SkillConfidence.from_json(conf)
            if conf is not None else SkillConfidence.from_json()
        )  # fmt: skip
        levels = ("transversal", "cross-sector", "occupation-specific")
        self.reuse_ = np.array(
            [[float(s.reuse_level == lv) for lv in levels] for s in self.skills_],
            dtype=np.float64,
        ).reshape(len(self.skills_), len(levels))
        uses = self.needed_by_.astype(np.float64)
        top = float(np.log1p(uses.max())) if len(uses) else 0.0
        self.popularity_ = np.log1p(uses) / top if top > 0 else np.zeros_like(uses)

    def transform(self, skills: Sequence[str]) -> list[list[SkillMatch]]:
        """Map each free-text entry to the matches of its phrases (one list per entry)."""
        check_is_fitted(self, "vectorizer_")
        if isinstance(skills, str):
            raise TypeError(f"expected a list of skill texts, got the single string {skills!r}")
        for i, text in enumerate(skills):
            if not isinstance(text, str):
                raise TypeError(f"skill text {i} is {type(text).__name__} {text!r}; use str")
        phrases_per_entry = [self.entry_phrases(s) for s in skills]
        flat = [p for ps in phrases_per_entry for p in ps]
        matches = self._match_phrases(flat)
        out: list[list[SkillMatch]] = []
        pos = 0
        for ps in phrases_per_entry:
            out.append([m for ms in matches[pos : pos + len(ps)] for m in ms])
            pos += len(ps)
        return out

    def entry_phrases(self, text: str) -> list[str]:
        """The phrases of one entry, each naming one skill.

        A part that a conjunction ("dan", "&", "+"...) joins to a verb and its object, and
        that names no action itself, takes that verb: "jait gamis dan seragam" is "jait
        gamis" and "jait seragam", while "cuci dan setrika" (two actions) and "jahit dan
        obras" (no object before the conjunction) stay as written. An action is a word
        whose rendering begins as ESCO's skill labels begin (``action_words_``). A bare verb
        before the conjunction may share the object after it (:meth:`_share_object`).
        """
        check_is_fitted(self, "action_words_")
        out: list[str] = []
        joins: list[bool] = []
        verb: str | None = None
        for phrase, joined in self._unjoined(split_joined(text)):
            words = content_key(phrase).split()
            if (
                joined
                and verb
                and words
                and words[0] != verb
                and not self._names_action(phrase)
                and self._lookup(phrase) is None  # a skill's own name ("barista") stays
            ):
                phrase = f"{verb} {phrase}"
            else:
                verb = words[0] if len(words) > 1 and self._names_action(words[0]) else None
            out.append(phrase)
            joins.append(joined)
        return self._share_object(out, joins)

    def _unjoined(self, phrases: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """Two actions typed side by side with no conjunction ("cuci setrika", "nyuci
        nyetrika") as if a conjunction joined them: see :meth:`_juxtaposed`."""
        out: list[tuple[str, bool]] = []
        for phrase, joined in phrases:
            parts = None if self._lookup(phrase) is not None else self._juxtaposed(phrase)
            if parts is not None and any(m.uri for m in self._match_phrases([phrase])[0]):
                parts = None  # the whole maps: "desain kemasan" is *design package*
            if parts is None:
                out.append((phrase, joined))
            else:
                out += [(part, joined if i == 0 else True) for i, part in enumerate(parts)]
        return out

    def _juxtaposed(self, phrase: str) -> list[str] | None:
        """The words of a phrase that lists two or three actions with no conjunction
        between them, or None. Indonesian typed on a phone drops the "dan": "cuci
        setrika" is washing and ironing, as "cuci dan setrika" is. Only a phrase whose
        every word names an action and is a skill the normaliser knows for sure (an
        override, an exact or glossary label), read from Indonesian: "cat rambut" (a
        verb and its object), "cuci setrika baju", "bantu mandi", "corel draw" (a name
        typed in English) and "bersih bersih" (a repeated word) stay whole. And only
        one it cannot map as a whole (:meth:`_unjoined` asks the fuzzy or semantic
        match too): "desain kemasan" is *design package*, not design and packing."""
        words = phrase.split()
        if not 2 <= len(words) <= 3 or len({w.casefold() for w in words}) < len(words):
            return None  # "bersih bersih" is one word said twice
        if all(
            self._rendering(w) != label_key(w) and self._acts(w) and self._lookup(w) is not None
            for w in words
        ):
            return words
        return None

    def _acts(self, word: str) -> bool:
        """Whether ``word`` names an action: it renders as one of ESCO's verbs, or as the
        verb (or its -ing form) of the skill it is known as, a verb with its object
        ("setrika" -> "ironing", *iron textiles*; not "rambut" -> *hair*)."""
        if self._names_action(word):
            return True
        first = (self._rendering(word).split() or [""])[0]
        stems = {first[:-3], first[:-3] + "e"} if first.endswith("ing") else {first}
        return any(
            m.uri and len(m.label.split()) > 1 and m.label.split()[0].lower() in stems
            for m in self._lookup(word) or []
        )  # fmt: skip

    def _share_object(self, phrases: list[str], joins: list[bool]) -> list[str]:
        """A bare verb that a conjunction joins to a later verb and its object takes that
        object: "cuci dan setrika baju" is "cuci baju" and "setrika baju", "potong & cat
        rambut" "potong rambut" and "cat rambut". Only where the verb with the object is a
        skill the normaliser knows for sure (an override, an exact or glossary label):
        "masak dan cuci piring" keeps "masak", "nyanyi dan main gitar" "nyanyi", as the
        person wrote them."""
        out = list(phrases)
        for i, phrase in enumerate(phrases):
            bare = content_key(phrase).split()
            if len(bare) != 1:
                continue
            # The object of the nearest later phrase the same run of conjunctions joins:
            # "cuci dan setrika baju serta potong rambut" -> "cuci baju".
            j = i + 1
            while j < len(phrases) and joins[j] and len(content_key(phrases[j]).split()) < 2:
                j += 1
            if j >= len(phrases) or not joins[j]:
                continue
            words = content_key(phrases[j]).split()
            obj = _after_word(phrases[j], words[0]) or " ".join(words[1:])
            if obj.split()[0] == bare[0]:
                continue
            shared = f"{phrase.strip()} {obj}"
            if self._lookup(shared) is not None:
                out[i] = shared
        return out

    def _names_action(self, phrase: str) -> bool:
        words = self._rendering(phrase).split()
        if not words:
            return False
        first = words[0]
        stems = (first, first[:-3], first[:-3] + "e") if first.endswith("ing") else (first,)
        return any(w in self.action_words_ for w in stems)

    def normalise_one(self, text: str) -> list[SkillMatch]:
        """Matches for one free-text entry; the same as ``transform([text])[0]``."""
        return self.transform([text])[0]

    def _hit(self, phrase: str, idx: int, score: float, via: MatchVia) -> SkillMatch:
        skill = self.skills_[idx]
        return SkillMatch(phrase, skill.uri, skill.label, round(float(score), 4), via)

    def _lookup(self, phrase: str, using: bool = True) -> list[SkillMatch] | None:
        """A sure reading of ``phrase``: an override, an exact or a glossary name; with
        ``using``, also of what a leading verb of using names (:meth:`_used`)."""
        if label_key(phrase) in self.overrides_:  # local meaning first: POS is a till here
            i = self._practised(self.overrides_[label_key(phrase)], phrase)
            return [self._hit(phrase, i, 1.0, MatchVia.OVERRIDE)]
        if _exact_key(phrase.strip()) in self.exact_index_:  # an acronym, case and all
            hits = self._exact_hits(_exact_key(phrase.strip()), phrase)
            if hits:
                return [self._hit(phrase, i, 1.0, MatchVia.EXACT) for i in hits]
        raw = label_key(phrase)
        standard = self._standard(phrase)
        english = content_key(self.glossary_.translate(standard))
        keys = [(raw, MatchVia.EXACT), (label_key(standard), MatchVia.EXACT)]
        keys += [
            (english, MatchVia.GLOSSARY),
            (self._rendered(standard, english), MatchVia.GLOSSARY),
        ]
        # The informal standardiser feeds the exact lookups even when it is off for the
        # fuzzy match: "ngasuh anak" -> "mengasuh anak" is an override, a near miss of a
        # rendering is not (informal 0.140 / 0.683 against 0.135 / 0.675 on the dev set).
        if not self.informal and (plain := standardise(phrase)) != phrase:
            keys += [(label_key(plain), MatchVia.EXACT)]
            keys += [(content_key(self.glossary_.translate(plain)), MatchVia.GLOSSARY)]
        # Indonesian marks no plural ("bikin business plan" renders "develop business
        # plan"), and ESCO's labels name their objects in the plural ("develop business
        # plans"): last, a rendering with its last word in the plural.
        keys += [(plural, MatchVia.GLOSSARY)
                 for key, via in keys if via is MatchVia.GLOSSARY
                 if (plural := plural_last(key)) is not None]  # fmt: skip
        # ESCO's skills begin with a verb's base form ("bake bread"), a rendering often
        # with its -ing form ("baking roti" renders "baking bread"): last, those
        # ("cleaning room": "clean room", then "clean rooms"). Not in a phrase that names
        # a field ("ilmu cleaning"): there the -ing form is the field's name, a noun.
        rendered = [key for key, via in keys if via is MatchVia.GLOSSARY]
        if asks_for_knowledge(phrase):
            rendered = []
        bases = [base for key in rendered for base in base_verb_first(key)]
        bases += [plural for base in bases if (plural := plural_last(base)) is not None]
        keys += [(base, MatchVia.GLOSSARY) for base in bases]
        for key, via in keys:
            if key in self.overrides_:
                i = self._practised(self.overrides_[key], phrase)
                return [self._hit(phrase, i, 1.0, MatchVia.OVERRIDE)]
            if key in self.exact_index_:
                hits = self._exact_hits(key, phrase)
                if hits:  # else only held-back knowledge names: the fuzzy path decides
                    return [self._hit(phrase, i, 1.0, via) for i in hits]
        return self._used(phrase) if using else None

    def _used(self, phrase: str) -> list[SkillMatch] | None:
        """A phrase that begins with a verb of using (``_USE_VERBS``) and maps to nothing
        as a whole: the sure lookup of what it uses, under the phrase as typed. On the
        project's 70 Indonesian skill phrases 0.400 -> 0.443 with a right concept (0.875
        -> 0.886 of the claims right); nothing lost on the informal set or the public
        English spans (docs/evaluation.md, "A verb of using")."""
        typed = expand_abbreviations(phrase)  # "pk excel"
        words = content_key(typed).split()  # "bisa pakai ..." begins with its verb too
        if len(words) < 2 or words[0] not in _USE_VERBS:
            return None
        rest = _after_word(typed, words[0])
        hits = self._lookup(rest, using=False) if rest else None  # one verb, no recursion
        return [replace(m, text=phrase) for m in hits] if hits else None

    def _exact_hits(self, key: str, phrase: str) -> list[int]:
        """Concepts with this exact name: skills before knowledge unless a field is named.

        On the default path, unless a field is named, a knowledge concept is held back
        when the name is one of its alternative labels ("security" for "securities"): the
        phrase goes on to the fuzzy match, which holds it back too. Its preferred label
        (the field's own name, "customer service") still counts. The semantic path keeps
        such hits: it was calibrated with them (and measured worse without).
        """
        bucket = self.exact_index_[key]
        if float(self.knowledge_discount) < 1.0 and not asks_for_knowledge(phrase):
            # A field its practice names as a skill is that skill: "first aid" is
            # *provide first aid* (see ``_practices``).
            bucket = list(dict.fromkeys(self._practised(i, phrase) for i in bucket))
            if not self.semantic_encoders_:
                bucket = [
                    i for i in bucket
                    if not self.is_knowledge_[i] or _exact_key(self.skills_[i].label) == key
                ]  # fmt: skip
            bucket = sorted(bucket, key=lambda i: bool(self.is_knowledge_[i]))
        return list(bucket[: int(self.top_k)])

    def _practised(self, i: int, phrase: str) -> int:
        """Concept ``i``, or the skill that practises it when ``i`` is a field the phrase
        does not name as a field ("P3K" -> *provide first aid*; see ``_practices``)."""
        if not getattr(self, "field_practice", False) or float(self.knowledge_discount) >= 1.0:
            return i
        if asks_for_knowledge(phrase):
            return i
        return getattr(self, "practice_of_", {}).get(i, i)

    def _standard(self, phrase: str) -> str:
        if self.informal:
            return standardise(phrase)
        return expand_abbreviations(undo_reduplication(phrase))

    def _match_phrases(self, phrases: list[str]) -> list[list[SkillMatch]]:
        results: list[list[SkillMatch] | None] = [self._lookup(p) for p in phrases]
        todo = [i for i, r in enumerate(results) if r is None]
        if self.semantic_encoders_:
            self._match_semantic(phrases, todo, results)
        else:
            self._match_fuzzy(phrases, todo, results)
        for i in todo:
            results[i] = self._head_near(phrases[i], results[i] or [])
        return [r or [] for r in results]

    def _head_near(self, phrase: str, matches: list[SkillMatch]) -> list[SkillMatch]:
        """An unmapped phrase whose first word is a skill the normaliser knows for sure
        (an override, an exact or a glossary label) is nearest that skill: "kasir toko"
        -> *operate cash register*, "packing barang" -> *pack goods* (not the fuzzy
        *design package*). The head of an Indonesian verb or noun phrase comes first;
        what follows narrows it ("jahit seragam sekolah" is still sewing)."""
        if len(matches) != 1 or matches[0].uri is not None:
            return matches
        words = content_key(phrase).split()
        head = self._lookup(words[0]) if len(words) > 1 else None
        if not head:
            return matches
        near = ((head[0].uri, head[0].label, NEAR_BAR),)  # a reading, not a similarity
        return [replace(matches[0], near=near)]

    def _match_fuzzy(
        self, phrases: list[str], todo: list[int], results: list[list[SkillMatch] | None]
    ) -> None:
        for start in range(0, len(todo), 64):  # chunks keep the dense score block small
            chunk = todo[start : start + 64]
            queries = [self._rendering(phrases[i]) for i in chunk]
            lexical = _dense(self.vectorizer_.transform(queries) @ self.alias_matrix_t_)
            semantic = None
            if self.alias_embeddings_ is not None:
                encoder = for_queries(self.encoder)  # phrases people typed: see forgetting
                semantic = _dense(encoder.transform(queries)) @ self.alias_embeddings_.T
            for row, i in enumerate(chunk):
                sem = None if semantic is None else semantic[row]
                results[i] = self._best(phrases[i], queries[row], lexical[row], sem)

    def _rendering(self, phrase: str) -> str:
        standard = self._standard(phrase)
        return self._rendered(standard, content_key(self.glossary_.translate(standard)))

    def _rendered(self, standard: str, english: str) -> str:
        """The glossary's rendering ``english`` of ``standard`` with the lexicon's words."""
        if getattr(self, "lexicon_", None) is None:
            return english
        # The words the glossary left, filler ("paham", "dikit") already dropped.
        return content_key(self._lexicon_rendering(english, label_key(standard)))

    def _lexicon_rendering(self, text: str, typed: str) -> str:
        """``text`` through the lexicon, except a word that is English too ("air", "main")
        beside a word typed in English ("air compressor" stays, "masak air" is water), or
        put there by the glossary: "AC" is "air conditioning", not water conditioning."""
        words = text.split()
        ambiguous = self.ambiguous_forms_
        if not ambiguous.intersection(words):
            return self.lexicon_.translate(text)
        typed_words = set(typed.split())
        english = self.english_words_.intersection(typed_words)  # not the glossary's

        def beside_english(i: int) -> bool:
            return any(0 <= j < len(words) and words[j] in english for j in (i - 1, i + 1))

        out, run = [], []
        for i, word in enumerate(words):
            if word in ambiguous and (word not in typed_words or beside_english(i)):
                out += [self.lexicon_.translate(" ".join(run)), word] if run else [word]
                run = []
            else:
                run.append(word)
        if run:
            out.append(self.lexicon_.translate(" ".join(run)))
        return " ".join(out)

    def candidate_features(
        self,
        phrases: list[str],
        shortlist: int = 30,
        exclude: Sequence[Sequence[int]] | None = None,
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per phrase: candidate concept indices and their evidence (``FEATURES`` columns).

        See :func:`matcher.text.skills.candidates.candidate_features`; the calibration
        (:mod:`matcher.text.skills.calibrate`) fits on these.
        """
        check_is_fitted(self, "vectorizer_")
        if not self.semantic_encoders_:
            raise ValueError("candidate_features needs semantic encoders (semantic='use+minilm')")
        return candidate_features(self, phrases, shortlist=shortlist, exclude=exclude)

    def ranked_candidates(self, phrases: list[str]) -> list[list[tuple[int, float]]]:
        """Per phrase: (concept index, P(right)) for every candidate, best first.

        Skill/competence concepts go before knowledge concepts unless the phrase names a
        field of knowledge: a knowledge concept is ranked as if its probability were
        ``knowledge_discount`` times what it is (the probability it reports is unchanged).
        """
        out = []
        knowledge = FEATURES.index("knowledge")
        asked = FEATURES.index("knowledge_asked")
        for cand, x in self.candidate_features(phrases):
            p = self.confidence_.probability(x)
            held_back = (x[:, knowledge] == 1.0) & (x[:, asked] == 0.0)
            key = np.where(held_back, p * float(self.knowledge_discount), p)
            order = np.argsort(-key, kind="stable")
            out.append([(int(cand[j]), float(p[j])) for j in order])
        return out

    def _match_semantic(
        self, phrases: list[str], todo: list[int], results: list[list[SkillMatch] | None]
    ) -> None:
        conf = self.confidence_
        ranked = self.ranked_candidates([phrases[i] for i in todo])
        for i, cands in zip(todo, ranked, strict=True):
            chosen, seen = [], set()
            for c, p in claimed(cands, conf.bar, conf.extra_bar, MAX_CONCEPTS):
                c = self._practised(c, phrases[i])
                if c not in seen:
                    seen.add(c)
                    chosen.append(self._hit(phrases[i], c, p, MatchVia.SEMANTIC))
            best = cands[0][1] if cands else 0.0
            # The nearest concept: the best calibrated candidate from NEAR_BAR on that is
            # not a knowledge concept held back (the phrase names no field).
            asked = asks_for_knowledge(phrases[i])
            first = next((c for c in cands
                          if c[1] >= NEAR_BAR and (asked or not self.is_knowledge_[c[0]])),
                         None)  # fmt: skip
            near = ()
            if first is not None:
                skill = self.skills_[first[0]]
                near = ((skill.uri, skill.label, round(float(first[1]), 4)),)
            results[i] = chosen or [
                SkillMatch(phrases[i], None, None, round(best, 4), MatchVia.UNMAPPED, near)
            ]

    def _best(
        self, phrase: str, query: str, lexical: np.ndarray, semantic: np.ndarray | None
    ) -> list[SkillMatch]:
        k = int(self.top_k)
        w = 0.0 if semantic is None else float(self.semantic_weight)
        raw = lexical if semantic is None else (1 - w) * lexical + w * np.clip(semantic, 0, 1)
        # Re-score a shortlist: coverage only ever lowers the lexical part.
        n = min(len(raw), max(100, 50 * k))
        short = top_k_rows(raw[None, :], n)[0][0]  # ties at the n-th: the lower index
        power = float(self.coverage_power)
        scores = np.empty(n, dtype=np.float64)
        for j, a in enumerate(short):
            cov = coverage(self.alias_texts_[a], query) ** power if power else 1.0
            sem = 0.0 if semantic is None else float(np.clip(semantic[a], 0, 1))
            scores[j] = (1 - w) * float(lexical[a]) * cov + w * sem
        key = self._knowledge_held_back(phrase, short, scores)
        order = self._tie_order(short, key)
        via = MatchVia.FUZZY if semantic is None else MatchVia.BLEND
        chosen: list[SkillMatch] = []
        seen: set[int] = set()
        for j in order:
            owner = int(self.alias_owner_[short[j]])
            if owner in seen:
                continue
            seen.add(owner)
            if key[j] < float(self.threshold):
                break
            practised = self._practised(owner, phrase)
            if practised != owner and practised in seen:
                continue
            seen.add(practised)
            chosen.append(self._hit(phrase, practised, scores[j], via))
            if len(chosen) == k:
                break
        if chosen:
            return chosen
        best = float(key[order[0]]) if n else 0.0  # as judged: held-back knowledge discounted
        # The nearest concept: the best one not held back (a knowledge concept through a
        # loose alternative label, "correspondence" for *communication*, is no nearer).
        near = ()
        first = next((j for j in order if key[j] >= NEAR_BAR and key[j] >= scores[j]), None)
        if first is not None:  # a field's practice, as a claim would be ("P3K dasar")
            skill = self.skills_[self._practised(int(self.alias_owner_[short[first]]), phrase)]
            near = ((skill.uri, skill.label, round(float(key[first]), 4)),)
        return [SkillMatch(phrase, None, None, round(best, 4), MatchVia.UNMAPPED, near)]

    def _tie_order(self, aliases: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Positions of ``aliases`` best first by ``key``. A name two concepts share
        ("respond to customers" is a name of *communicate with customers* and of
        *contact customers*) scores the same for both; the tie goes, as in the exact
        lookup, to the concept whose preferred label it is, then to the one more
        occupations need (217 against 22 there: the likelier reading, and the one more
        vacancies ask for), then to the lower index. Never to argpartition's order among
        equals, which depends on the CPU's sorting kernels."""
        owners = self.alias_owner_[aliases]
        preferred = (self.alias_start_[owners] == aliases).astype(np.int8)
        return np.lexsort((aliases, -self.needed_by_[owners], -preferred, -key))

    def _knowledge_held_back(
        self, phrase: str, aliases: np.ndarray, scores: np.ndarray
    ) -> np.ndarray:
        """The fuzzy scores that rank and meet the threshold, knowledge held back.

        Unless the phrase names a field, a knowledge concept reached through one of its
        alternative labels counts as if its score were ``knowledge_discount`` times what
        it is: loose variants live there ("security" for securities, "canvas" for an
        LMS). Through its preferred label, the field's own name, it counts in full.
        """
        if float(self.knowledge_discount) >= 1.0 or asks_for_knowledge(phrase):
            return scores
        owners = self.alias_owner_[aliases]
        held = self.is_knowledge_[owners] & (self.alias_start_[owners] != aliases)
        return np.where(held, scores * float(self.knowledge_discount), scores)


def claimed(
    ranked: Sequence[tuple[int, float]], bar: float, extra_bar: float, most: int = MAX_CONCEPTS
) -> list[tuple[int, float]]:
    """The candidates a phrase claims: the best above ``bar``, then others above ``extra_bar``.

    >>> claimed([(7, 0.9), (3, 0.6), (5, 0.2)], bar=0.5, extra_bar=0.55)
    [(7, 0.9), (3, 0.6)]
    >>> claimed([(7, 0.4), (3, 0.3)], bar=0.5, extra_bar=0.2)
    []
    """
    if not ranked or ranked[0][1] < bar:
        return []
    extra = [(c, p) for c, p in ranked[1:most] if p >= max(extra_bar, bar)]
    return [ranked[0], *extra]


def _dense(x: object) -> np.ndarray:
    if sp.issparse(x):
        return np.asarray(x.toarray(), dtype=np.float32)
    return np.asarray(x, dtype=np.float32)


def _after_word(phrase: str, word: str) -> str:
    """The words of ``phrase`` after its first word whose key is ``word``, as written."""
    written = phrase.split()
    at = next((i for i, w in enumerate(written) if label_key(w) == word), None)
    return " ".join(written[at + 1 :]) if at is not None else ""

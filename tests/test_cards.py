"""The cards a counselor reads: Indonesian concept labels (ESCO's English ones on hover and
in exports), no skill twice on a card, and a reason beside any card scored above the one
before it. Small worlds whose right answers are known by construction."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime

import pytest

from app.i18n.explain import esco_hover, export_row, order_note_text, summary
from matcher.db import Decision, DecisionAction
from matcher.domain import OpportunityKind
from matcher.engine import MatchingEngine, MatchOptions
from matcher.engine.results import (
    Explanation,
    OrderNote,
    Recommendation,
    SkillLabel,
    distinct_labels,
    note_order,
)
from matcher.errors import FileFormatError, ValidationError
from matcher.text.concept_labels import (
    CONCEPT_LABELS_CSV,
    ConceptLabel,
    ConceptLabels,
    catalogue_concepts,
)
from matcher.workspace import adjust
from tests.conftest import TODAY, person, training, vacancy

CASH = "http://data.europa.eu/esco/skill/cash"
IRON = "http://data.europa.eu/esco/skill/iron"
POS = "http://data.europa.eu/esco/skill/pos"
OPTS = MatchOptions(as_of=TODAY, diversity=0.0, relevance_floor=0.0)

# Phrase -> ESCO-like concepts. "kasir" and "mesin kasir" are one concept; "POS" is another
# concept whose Indonesian label is the same as the cash register's.
PHRASES = {
    "kasir": [(CASH, "operate cash register")],
    "mesin kasir": [(CASH, "operate cash register")],
    "pos": [(POS, "use point of sale system")],
    "setrika": [(IRON, "iron textiles")],
}
LABELS = ConceptLabels(
    [
        ConceptLabel(CASH, "operate cash register", "mengoperasikan mesin kasir", "reviewed"),
        ConceptLabel(POS, "use point of sale system", "mengoperasikan mesin kasir", "reviewed"),
    ]
)  # fmt: skip  (IRON has no Indonesian label: the fallback case)


def normalise(phrases: list[str]) -> list[list[tuple[str, str]]]:
    return [
        PHRASES.get(p.strip().lower(), [("raw:" + p.strip().lower(), p.strip())]) for p in phrases
    ]


def _engine(people, vacancies, programs=()) -> MatchingEngine:
    engine = MatchingEngine(encoder="tfidf", normaliser=normalise)
    engine.concept_labels = LABELS
    return engine.fit(people, list(programs), vacancies)


# ---------------------------------------------------------------- the resource
def test_the_shipped_labels_load_and_no_two_concepts_read_the_same():
    labels = ConceptLabels.from_csv()
    assert len(labels) >= 48
    by_label: dict[str, str] = {}
    for row in labels:
        assert row.label_id.casefold() not in by_label, (row.uri, by_label[row.label_id.casefold()])
        by_label[row.label_id.casefold()] = row.uri
    assert labels.indonesian(
        "http://data.europa.eu/esco/skill/0cb013af-6dd9-4fb2-b34e-63dda1a5cf82"
    ) == "mengoperasikan mesin kasir"  # fmt: skip


LIGHT_VERBS = {"mengerjakan", "melakukan", "melaksanakan", "menjalankan"}


def _content_words(label: str) -> frozenset[str]:
    """A label's words as a reader tells labels apart: a leading light verb dropped
    ("mengerjakan ..."), reduplication read once ("bersih-bersih"), ke-...-an taken off."""
    words = re.findall(r"[a-z]+", label.casefold().replace("-", " "))
    if len(words) > 1 and words[0] in LIGHT_VERBS:
        words = words[1:]
    return frozenset(w[2:-2] if w.startswith("ke") and w.endswith("an") and len(w) > 6 else w
                     for w in words)  # fmt: skip


def test_no_two_shipped_labels_differ_only_in_a_leading_verb_or_word_form():
    """ "mengerjakan tugas kebersihan" and "mengerjakan tugas bersih-bersih" (ESCO's
    *perform cleaning duties* and *conduct cleaning tasks*) read as one skill listed twice
    on one card, as do "operasional gudang" and "mengerjakan operasional gudang"; two
    concepts get labels a reader can tell apart."""
    assert _content_words("mengerjakan tugas kebersihan") == _content_words(
        "mengerjakan tugas bersih-bersih") == _content_words("tugas kebersihan")  # fmt: skip
    seen: dict[frozenset[str], str] = {}
    for row in ConceptLabels.from_csv():
        words = _content_words(row.label_id)
        assert words not in seen, (row.label_id, seen[words])
        seen[words] = row.label_id


def test_every_esco_concept_of_the_bundled_catalogue_has_an_indonesian_label():
    """Adding a vacancy, programme or sample person whose skills map to a new ESCO concept
    fails here until the concept has a row: run scripts/draft_concept_labels.py, review the
    draft, and set source. (A deployment's own uploads: python -m matcher concept-labels.)"""
    from matcher.engine.normalise import concept_normaliser
    from matcher.service import CsvSource

    concepts = catalogue_concepts(CsvSource().load(), concept_normaliser(None))
    # The sample's vacancies, programmes and people: 38 concepts (48 before knowledge
    # concepts reached by an alternative label were held back; most that went were wrong,
    # such as "securities" for "jaga keamanan", see docs/evaluation.md).
    assert len(concepts) >= 35
    missing = ConceptLabels.from_csv().missing(concepts)
    assert not missing, [(uri, concepts[uri]) for uri in missing]


def _write(tmp_path, rows, header="uri,esco_label,label_id,source"):
    path = tmp_path / "labels.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_malformed_row_names_the_file_row_field_value_and_what_is_allowed(tmp_path):
    path = _write(tmp_path, [
        f"{CASH},operate cash register,mengoperasikan mesin kasir,reviewed",
        f"{CASH},operate cash register,kasir,glossary",  # row 3: the same URI again
        "kasir,operate cash register,kasir,reviewed",  # row 4: not a URI
        f"{IRON},iron textiles,,reviewed",  # row 5: no label
        f"{POS},use point of sale system,pakai POS,ditulis",  # row 6: unknown source
        f"{POS},use point of sale system,pakai POS,reviewed,extra",  # row 7: a stray comma
    ])  # fmt: skip
    with pytest.raises(ValidationError) as err:
        ConceptLabels.from_csv(path)
    got = {(p.file, p.row, p.column, p.value) for p in err.value.problems}
    assert got == {
        ("labels.csv", 3, "uri", CASH),
        ("labels.csv", 4, "uri", "kasir"),
        ("labels.csv", 5, "label_id", ""),
        ("labels.csv", 6, "source", "ditulis"),
        ("labels.csv", 7, None, "extra"),
    }
    text = str(err.value)
    assert (
        "labels.csv, row 6, column 'source': bad value 'ditulis'; allowed: glossary or reviewed"
        in text
    )
    assert "a URI not already on row 2" in text


def test_a_file_with_other_columns_is_refused_whole(tmp_path):
    with pytest.raises(FileFormatError, match="needs columns uri,esco_label,label_id,source"):
        ConceptLabels.from_csv(_write(tmp_path, [], header="uri,label"))


def test_the_drafting_script_takes_the_glossary_term_of_the_esco_label():
    from scripts.draft_concept_labels import glossary_draft

    reverse = {"ironing": ["menyetrika"], "cash register": ["mesin kasir"]}
    assert glossary_draft("ironing", reverse) == "menyetrika"
    assert glossary_draft("operate cash register", reverse) == "mesin kasir"
    assert glossary_draft("load cargo", reverse) == ""


# ---------------------------------------------------------------- labels on a card
def test_a_card_reads_indonesian_labels_and_keeps_the_english_for_hover_and_exports():
    engine = _engine([person("JS-1", skills=("kasir",))], [vacancy("V-1", "Kasir", ("kasir",))])
    rec = engine.recommend_for_jobseeker("JS-1", OPTS).vacancies[0]
    expl = rec.explanation
    assert [s.shown("id") for s in expl.skills_matched] == ["mengoperasikan mesin kasir"]
    assert "keterampilan cocok: mengoperasikan mesin kasir" in summary(expl, "id")
    assert "operate cash register" not in summary(expl, "id")
    assert "skills matched: operate cash register" in summary(expl, "en")
    assert "operate cash register" in esco_hover(expl, "id")
    as_json = json.loads(json.dumps(rec.to_dict()))
    assert as_json["explanation"]["skills_matched"] == [
        {"uri": CASH, "label": "mengoperasikan mesin kasir", "esco_label": "operate cash register"}
    ]
    row = export_row(rec, "id")
    assert (row["skills_matched"], row["skills_matched_esco"]) == (
        "mengoperasikan mesin kasir", "operate cash register")  # fmt: skip


def test_without_an_indonesian_label_the_english_label_shows_with_the_persons_words():
    engine = _engine(
        [person("JS-1", skills=("setrika", "jaga toko"))],
        [vacancy("V-1", "Laundry", ("setrika", "jaga toko", "kasir"))],
    )
    expl = engine.recommend_for_jobseeker("JS-1", OPTS).vacancies[0].explanation
    shown = [s.shown("id") for s in expl.skills_matched]
    assert shown == ["iron textiles (setrika)", "jaga toko"]  # own unmapped words as written
    assert [s.shown("en") for s in expl.skills_matched] == ["iron textiles", "jaga toko"]
    assert [s.shown("id") for s in expl.skills_missing] == ["mengoperasikan mesin kasir"]
    assert (
        export_row(engine.recommend_for_jobseeker("JS-1", OPTS).vacancies[0])["skills_matched_esco"]
        == "iron textiles; "
    )  # own words have no ESCO label: a blank in their place


# ---------------------------------------------------------------- no duplicates
def test_a_skill_both_required_and_nice_to_have_is_listed_once():
    # The card: "operate cash register" twice, once required, once nice-to-have.
    engine = _engine(
        [person("JS-1", skills=("kasir",))],
        [vacancy("V-1", "Kasir", ("kasir",), nice_skills=("mesin kasir",))],
    )
    expl = engine.recommend_for_jobseeker("JS-1", OPTS).vacancies[0].explanation
    assert [s.key for s in expl.skills_matched] == [CASH]
    assert summary(expl, "id").count("mengoperasikan mesin kasir") == 1
    assert summary(expl, "en").count("operate cash register") == 1


def test_two_concepts_with_one_indonesian_label_are_listed_once():
    engine = _engine(
        [person("JS-1", skills=("kasir", "pos"))],
        [vacancy("V-1", "Kasir", ("kasir", "pos"))],
    )
    expl = engine.recommend_for_jobseeker("JS-1", OPTS).vacancies[0].explanation
    assert [s.shown("id") for s in expl.skills_matched] == ["mengoperasikan mesin kasir"]
    assert summary(expl, "id").count("mengoperasikan mesin kasir") == 1


def test_a_label_already_matched_is_not_also_listed_as_missing():
    engine = _engine(
        [person("JS-1", skills=("kasir",))],
        [vacancy("V-1", "Kasir", ("kasir", "pos"))],
    )
    expl = engine.recommend_for_jobseeker("JS-1", OPTS).vacancies[0].explanation
    assert [s.key for s in expl.skills_matched] == [CASH]
    assert expl.skills_missing == ()


def test_distinct_labels_drops_a_repeated_concept_or_label_in_either_language():
    a = SkillLabel(CASH, "operate cash register", "mengoperasikan mesin kasir")
    b = SkillLabel(POS, "use point of sale system", "Mengoperasikan mesin kasir")
    c = SkillLabel("raw:operate cash register", "operate cash register")
    d = SkillLabel(IRON, "iron textiles", "menyetrika pakaian")
    assert distinct_labels([a, a, b, c, d]) == (a, d)


# ---------------------------------------------------------------- order notes
def _rec(item_id: str, score: float, note: OrderNote | None = None) -> Recommendation:
    return Recommendation("vacancy", item_id, item_id, score, 0, Explanation(parts=()),
                          order_note=note)  # fmt: skip


def _decision(action: str, item_id: str, n: int) -> Decision:
    return Decision(
        id=n, jobseeker_id="JS-1", opportunity_kind=OpportunityKind.VACANCY,
        opportunity_id=item_id, action=DecisionAction(action), reason_code=None, note="",
        rank_before=None, rank_after=None, score_parts=None, details=None, who="k",
        at=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip


def test_the_engine_marks_exactly_the_cards_its_diversity_step_put_below_a_lower_score():
    assert [r.order_note for r in note_order([_rec("A", 0.9), _rec("C", 0.5), _rec("B", 0.8)])] == [
        None, None, OrderNote.DIVERSITY]  # fmt: skip
    # Two near-identical sewing jobs and a different one: full diversity puts the
    # different one second although the second sewing job scores higher.
    engine = _engine(
        [person("JS-1", skills=("kasir", "setrika"))],
        [vacancy("V-1", "Kasir toko baju", ("kasir", "setrika")),
         vacancy("V-2", "Kasir toko baju", ("kasir", "setrika")),
         vacancy("V-3", "Setrika laundry", ("setrika",))],
    )  # fmt: skip
    plain = engine.recommend_for_jobseeker("JS-1", OPTS).vacancies
    assert [r.order_note for r in plain] == [None, None, None]
    varied = engine.recommend_for_jobseeker(
        "JS-1", MatchOptions(as_of=TODAY, diversity=0.9, relevance_floor=0.0)
    ).vacancies
    assert [r.item_id for r in varied][1] == "V-3"
    for above, below in zip(varied, varied[1:], strict=False):
        assert (below.order_note is OrderNote.DIVERSITY) == (below.score > above.score)
    assert any(r.order_note for r in varied)


def test_a_counselor_list_says_why_a_higher_score_sits_lower():
    recs = [_rec("A", 0.9), _rec("B", 0.8), _rec("C", 0.7)]
    notes = lambda out: {i.rec.item_id: i.order_note for i in out.items}  # noqa: E731
    pinned = adjust("vacancy", recs, [_decision("pin", "C", 1)])
    assert pinned.ids() == ["C", "A", "B"]
    assert notes(pinned) == {"C": None, "A": OrderNote.PINNED_ABOVE, "B": None}
    both = adjust("vacancy", recs, [_decision("pin", "C", 1), _decision("pin", "B", 2)])
    assert both.ids() == ["C", "B", "A"]
    assert notes(both) == {"C": None, "B": OrderNote.PIN_ORDER, "A": OrderNote.PINNED_ABOVE}
    moved = adjust("vacancy", recs, [_decision("move_up", "C", 1)])
    assert moved.ids() == ["A", "C", "B"]
    assert notes(moved) == {"A": None, "C": None, "B": OrderNote.MOVED}
    engine_order = [_rec("A", 0.9), _rec("C", 0.7), _rec("B", 0.8, OrderNote.DIVERSITY)]
    assert notes(adjust("vacancy", engine_order, [])) == {
        "A": None, "C": None, "B": OrderNote.DIVERSITY}  # fmt: skip


def test_every_order_note_has_words_in_both_languages():
    for note in OrderNote:
        for lang in ("id", "en"):
            text = order_note_text(note, lang)
            assert text and not text.startswith("order."), (note, lang)
    assert "disematkan" in order_note_text(OrderNote.PINNED_ABOVE, "id")
    assert "beragam" in order_note_text(OrderNote.DIVERSITY, "id")


# ---------------------------------------------------------------- explain_pair's call
def test_explain_pair_takes_its_context_by_keyword():
    from matcher.engine.explaining import explain_pair

    engine = _engine([person("JS-1", skills=("kasir",))], [vacancy("V-1", "Kasir", ("kasir",))])
    people, kind = engine.people_, OpportunityKind.VACANCY
    block = engine.score_block(kind, people, [0], None, OPTS)
    with pytest.raises(TypeError):
        explain_pair(engine, kind, block, 0, 0, people, 0, OPTS)  # positional: refused
    expl = explain_pair(engine, kind, block, 0, 0, people=people, person=0, options=OPTS)
    assert [s.key for s in expl.skills_matched] == [CASH]


def test_the_cli_run_csv_carries_both_labels(tmp_path):
    from matcher.cli import main

    data = tmp_path / "data"
    data.mkdir()
    # The sample's own files, cut to a few rows: people whose skills have ESCO labels.
    from matcher import config

    for name, keep in (("jobseekers", 3), ("programs", 60), ("vacancies", 200)):
        with (config.SAMPLE_DATA_DIR / f"{name}.csv").open(encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
        (data / f"{name}.csv").write_text("".join(lines[: keep + 1]), encoding="utf-8")
    out = tmp_path / "recs.csv"
    code = main(["run", "--data-dir", str(data), "--encoder", "tfidf", "--out", str(out),
                 "--as-of", TODAY.isoformat()])  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {"skills_matched", "skills_matched_esco", "skills_missing_esco", "order_note"} <= set(
        rows[0]
    )
    labels = ConceptLabels.from_csv(CONCEPT_LABELS_CSV)
    english = {r.esco_label for r in labels}
    indonesian = {r.label_id for r in labels}
    for row in rows:
        shown = [s for s in row["skills_matched"].split("; ") if s]
        esco = [s for s in row["skills_matched_esco"].split("; ")]
        assert not set(shown) & (english - indonesian), row  # no English on the shown side
        assert len(set(shown)) == len(shown), row  # and nothing twice
        assert all(e in english for e in esco if e), row


def test_a_training_card_and_a_pathway_read_indonesian_too():
    engine = _engine(
        [person("JS-1", skills=("setrika",))],
        [vacancy("V-1", "Kasir laundry", ("setrika", "kasir"))],
        [training("P-1", "Kursus kasir", ("kasir",))],
    )
    result = engine.recommend_for_jobseeker("JS-1", OPTS)
    assert [s.shown("id") for s in result.trainings[0].explanation.skills_new] == [
        "mengoperasikan mesin kasir"]  # fmt: skip
    plan = result.pathways[0]
    assert [s.shown("id") for s in plan.skills_closed] == ["mengoperasikan mesin kasir"]
    assert plan.to_dict()["skills_closed"][0]["esco_label"] == "operate cash register"


def test_the_concept_labels_command_lists_a_concept_without_a_label_and_exits_1(
    capsys, monkeypatch
):
    from matcher.cli import main
    from matcher.text import concept_labels

    assert main(["concept-labels"]) == 0
    assert "0 do not" in capsys.readouterr().out
    full = ConceptLabels.from_csv()
    cash = "http://data.europa.eu/esco/skill/0cb013af-6dd9-4fb2-b34e-63dda1a5cf82"
    without = ConceptLabels(r for r in full if r.uri != cash)
    monkeypatch.setattr(concept_labels, "default_concept_labels", lambda: without)
    assert main(["concept-labels"]) == 1
    out = capsys.readouterr().out
    assert "1 do not" in out and cash in out and "'operate cash register'" in out


def test_the_cli_shows_a_reason_whole_and_an_exclusion_first():
    """A long reason is wrapped beneath its row, not cut; an excluded item leads with why."""
    from matcher.cli.recommend import rec_table
    from matcher.engine.results import Recommendation
    from matcher.scoring.rules import Rule

    expl = Explanation(
        parts=(), skills_matched=tuple(f"keterampilan nomor {i}" for i in range(4)),
        skills_missing=tuple(f"belum ada nomor {i}" for i in range(4)), distance_km=4.2,
        failed_rules=(Rule.TRAVEL,),
    )  # fmt: skip
    rec = Recommendation(
        kind="vacancy", item_id="JV-0001", title="Kasir", subtitle="Toko", score=0.7,
        rank=None, explanation=expl,
    )  # fmt: skip
    text = rec_table([rec], "id", width=60)
    lines = text.splitlines()
    assert lines[1].startswith("-  JV-0001  Kasir")
    reason = " ".join(line.strip() for line in lines[2:])
    assert all(line.startswith("    ") and len(line) <= 60 for line in lines[2:])
    assert reason.startswith("TIDAK MEMENUHI: ")
    assert "belum punya: belum ada nomor 0" in reason and reason.endswith("jarak 4.2 km")


def test_both_kinds_of_own_trade_evidence_read_as_one_phrase():
    expl = Explanation(parts=(), facts={"own_trade_skills": {}, "own_trade_text": {}})
    text = summary(expl, "id")
    assert text == "bidangnya sendiri: keterampilannya cocok dan profilnya sangat mirip"
    only_text = Explanation(parts=(), facts={"own_trade_text": {}})
    assert summary(only_text, "en") == "own trade: the profile reads very alike"

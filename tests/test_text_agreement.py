"""Text evidence needs texts that agree in absolute terms (matcher.scoring.agreement)."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest

from matcher.domain import OpportunityKind
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring import agreement
from matcher.scoring.evidence import TRADE_TEXT, Evidence, evidence_bits
from matcher.text.retrieval import TextMatcher
from tests.conftest import TODAY, WordHashEncoder, fake_normalise, person, vacancy
from tests.test_retrieval import LookupEncoder

VAC = OpportunityKind.VACANCY
OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.05)


class SaltedHashEncoder(WordHashEncoder):
    """A second bag-of-words encoder, hashed differently."""

    def _encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(b"salt:" + w.encode()) % 64] += 1.0
        return out

    def fingerprint(self):
        return "salted-hash-64"


# --- the text matcher ---------------------------------------------------------------------
@pytest.fixture
def matcher():
    # Three candidates; the query is close to the first under "use" only, and to the
    # second under "minilm" only.
    a = LookupEncoder({"q": [1, 0, 0], "one": [0.6, 0.8, 0], "two": [1, 0, 0],
                       "three": [0, 0, 1]})  # fmt: skip
    b = LookupEncoder({"q": [1, 0, 0], "one": [1, 0, 0], "two": [0, 1, 0], "three": [0, 0, 1]})
    return TextMatcher(encoder={"minilm": a, "use": b}, route_language=False).fit(
        ["one", "two", "three"]
    )


def test_a_pair_agrees_when_some_encoder_with_a_bar_reaches_it(matcher):
    z, agree = matcher.score_with_agreement(["q"], {"use": 0.9})
    assert agree.tolist() == [[True, False, False]]  # use: cosines 1, 0, 0
    z, agree = matcher.score_with_agreement(["q"], {"use": 0.9, "minilm": 0.9})
    assert agree.tolist() == [[True, True, False]]  # minilm: 0.6, 1, 0
    z, agree = matcher.score_with_agreement(["q"], {"minilm": 0.5})
    assert agree.tolist() == [[True, True, False]]
    np.testing.assert_array_equal(z, matcher.score(["q"]))  # the scores are untouched


def test_bars_for_encoders_the_matcher_lacks_leave_every_pair_agreeing(matcher):
    _, agree = matcher.score_with_agreement(["q", "two"], {"tfidf": 0.99})
    assert agree.all() and agree.shape == (2, 3)
    _, agree = matcher.score_with_agreement(["q"], {})
    assert agree.all()


def test_agreement_on_a_subset_and_on_pairs_equals_the_full_rows(matcher):
    bars = {"use": 0.9}
    z, agree = matcher.score_with_agreement(["q", "one"], bars)
    zs, sub = matcher.score_with_agreement(["q", "one"], bars, candidates=[2, 0])
    np.testing.assert_array_equal(sub, agree[:, [2, 0]])
    np.testing.assert_allclose(zs, z[:, [2, 0]], rtol=1e-6)
    cand = np.array([[1, 0], [2, 2]])
    zp, pairs = matcher.score_pairs_with_agreement(["q", "one"], cand, bars)
    np.testing.assert_array_equal(pairs, np.take_along_axis(agree, cand, axis=1))
    np.testing.assert_allclose(zp, np.take_along_axis(z, cand, axis=1), rtol=1e-6)


def test_bad_candidates_are_refused_with_what_is_allowed(matcher):
    with pytest.raises(ValueError, match="out of range; allowed: 0..2"):
        matcher.score_with_agreement(["q"], {"use": 0.5}, candidates=[3])
    with pytest.raises(ValueError, match=r"allowed: \(1, m\)"):
        matcher.score_pairs_with_agreement(["q"], np.array([0, 1]), {"use": 0.5})


# --- the evidence bits --------------------------------------------------------------------
def test_text_evidence_needs_the_texts_to_agree():
    z = np.array([[TRADE_TEXT + 1, TRADE_TEXT + 1, TRADE_TEXT - 1]])
    skills = np.array([[0.0, 0.0, 0.0]], dtype=np.float32)
    agree = np.array([[True, False, True]])
    bits = evidence_bits(skills, z, np.array([False]), agree=agree)
    assert [bool(b & Evidence.TEXT) for b in bits[0]] == [True, False, False]
    assert [bool(b & Evidence.STRONG_TEXT) for b in bits[0]] == [False, False, False]
    # Skill evidence does not depend on it.
    skills[0, 1] = 1.0
    bits = evidence_bits(skills, z, np.array([False]), agree=agree)
    assert bits[0, 1] & Evidence.SKILLS


# --- fitting the bars ---------------------------------------------------------------------
def test_fit_bars_takes_the_share_of_own_pairs_with_text_evidence():
    # 100 own pairs with evidence, cosines 0.00 .. 0.99; a bar at share 0.05 gives up 5.
    cos = np.arange(100, dtype=np.float32).reshape(1, 100) / 100
    own = np.ones((1, 100), dtype=bool)
    z = np.full((1, 100), 3.0)
    bars, report = agreement.fit_bars({"use": cos}, z, own, z_bar=2.0, share=0.05)
    assert bars["use"] == pytest.approx(0.0495, abs=1e-4)
    assert report["own_pairs_with_text_evidence"] == 100
    assert report["own_pairs_failing"] == 5
    # Pairs below the z bar, and pairs of other families, are not what the bar is fitted on.
    z[0, :50] = 0.0
    own[0, 50:60] = False
    bars, report = agreement.fit_bars({"use": cos}, z, own, z_bar=2.0, share=0.05)
    assert bars["use"] == pytest.approx(np.quantile(cos[0, 60:], 0.05), abs=1e-4)
    assert report["other_pairs_with_text_evidence"] == 10
    assert report["other_pairs_failing"] == 10  # 0.50-0.59: below the bar of the rest
    with pytest.raises(ValueError, match="nothing to fit"):
        agreement.fit_bars({"use": cos}, np.zeros((1, 100)), own, z_bar=2.0)


def test_family_pairs_reads_first_and_second_families():
    families = {"P1": ("dapur", "barista"), "P2": ("gudang", ""), "V1": ("barista", ""),
                "V2": ("gudang", ""), "V3": ("dapur", "")}  # fmt: skip
    own = agreement.family_pairs(["P1", "P2", "P3"], ["V1", "V2", "V3"], families)
    assert own.tolist() == [[True, False, True], [False, True, False], [False] * 3]


def test_saved_bars_are_read_per_kind(tmp_path):
    path = tmp_path / "bars.json"
    agreement.save({"vacancy": {"use": 0.4}}, {"vacancy": {}}, "test", 0.01, path)
    assert agreement.bars(VAC, path) == {"use": 0.4}
    assert agreement.bars(OpportunityKind.TRAINING, path) == {}
    assert json.loads(path.read_text())["share"] == 0.01
    assert agreement.bars(VAC, tmp_path / "missing.json") == {}


def test_the_shipped_bars_name_the_registrys_pretrained_encoders():
    from matcher.text.encoders import registry

    for kind in agreement.KINDS:
        shipped = agreement.bars(kind)
        assert shipped, f"no bars shipped for {kind.value}"
        for key, bar in shipped.items():
            assert registry.ENCODERS[key].pretrained and 0.0 < bar < 1.0


# --- in the engine: a person whose trade the catalog lacks --------------------------------
@pytest.fixture(scope="module")
def music_engine():
    people = [
        # A guitar teacher: no music work in the catalog. One vacancy shares a word.
        person("JS-MUSIC", interests="guitar music lessons teacher studio"),
        person("JS-NANNY", interests="nanny lessons homework children"),
    ]
    fillers = ["warehouse forklift loading", "cashier minimarket till", "courier motorbike parcel",
               "tailor sewing garment", "barista coffee espresso", "welder steel workshop",
               "cook kitchen restaurant", "cleaner office floor", "security guard patrol",
               "driver car passenger", "baker bread oven", "mechanic engine repair",
               "salon hair stylist", "laundry ironing clothes", "painter wall house",
               "gardener plants lawn", "packer boxes shipping", "waiter tables service",
               "receptionist hotel desk", "electrician wiring sockets"]  # fmt: skip
    vacancies = [vacancy(f"V-{i:02d}", t, ()) for i, t in enumerate(fillers)]
    vacancies.append(vacancy("V-NANNY", "nanny lessons teacher homework", ()))
    encoder = {"alpha": WordHashEncoder(), "beta": SaltedHashEncoder()}
    mp = pytest.MonkeyPatch()
    mp.setattr(agreement, "bars", lambda kind, path=None: {"alpha": 0.5} if kind is VAC else {})
    try:
        return MatchingEngine(encoder=encoder, normaliser=fake_normalise).fit(people, [], vacancies)
    finally:
        mp.undo()


def ids(recs):
    return [r.item_id for r in recs]


def test_an_item_that_only_stands_out_among_unrelated_ones_is_not_own_trade(music_engine):
    assert music_engine.agreement_bars(VAC) == {"alpha": 0.5}
    z = music_engine.text_matcher(VAC).score(["guitar music lessons teacher studio"])[0]
    assert z[-1] >= TRADE_TEXT  # the nanny's job stands out for the guitar teacher...
    off = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.05,
                       text_agreement=False)  # fmt: skip
    before = music_engine.recommend_for_jobseeker("JS-MUSIC", off)
    assert ids(before.vacancies) == ["V-NANNY"]
    # ...but the texts share one word of five: no list, and the count says so.
    listed = music_engine.recommend_for_jobseeker("JS-MUSIC", OPTS)
    assert listed.vacancies == []
    assert listed.below_floor["vacancy"] == before.below_floor["vacancy"] + 1
    # The nanny's own job agrees: listed, with the text as its evidence.
    [nanny] = music_engine.recommend_for_jobseeker("JS-NANNY", OPTS).vacancies
    assert nanny.item_id == "V-NANNY" and "own_trade_text" in nanny.explanation.facts


def test_with_agreement_batch_results_equal_one_by_one_results(music_engine):
    batch_i, batch_s = music_engine.rank_all(VAC, top_k=5, options=OPTS, shortlist=0)
    cat = music_engine.catalog(VAC)
    for row, pid in enumerate(music_engine.people_.ids):
        one = music_engine.recommend_for_jobseeker(pid, OPTS).vacancies
        assert [cat.ids[j] for j in batch_i[row] if j >= 0] == ids(one)
        np.testing.assert_allclose(batch_s[row][: len(one)], [r.score for r in one], rtol=1e-5)


# --- the shipped bars, refitted with the real models ---------------------------------------
@pytest.mark.integration
def test_fit_text_agreement_reproduces_the_shipped_bars(tmp_path, capsys):
    from matcher.cli import main
    from tests.test_sample_data import SEED, gen

    truth = tmp_path / "truth.csv"
    gen.write_sample(SEED, tmp_path / "sample", truth)  # the bundled sample and its families
    out = tmp_path / "bars.json"
    assert main(["fit-text-agreement", "--truth", str(truth), "--sample",
                 str(tmp_path / "sample"), "--out", str(out)]) == 0  # fmt: skip
    assert "own-family pairs with text evidence" in capsys.readouterr().out
    fitted = json.loads(out.read_text())
    for kind in agreement.KINDS:
        # MiniLM's int8 sums differ a little between CPUs: close, not equal.
        shipped, refit = agreement.bars(kind), agreement.bars(kind, out)
        assert refit.keys() == shipped.keys()
        for key in shipped:
            assert refit[key] == pytest.approx(shipped[key], abs=0.01)
        report = fitted["fitted_on"][kind.value]
        assert (
            report["own_pairs_failing"] <= agreement.SHARE * report["own_pairs_with_text_evidence"]
        )

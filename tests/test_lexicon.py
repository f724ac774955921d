"""The word-level lexicon of ESCO's work vocabulary (matcher.text.lexicon)."""

from __future__ import annotations

import pytest

from matcher.errors import ValidationError
from matcher.text.glossary import Glossary
from matcher.text.lexicon import LEXICON_CSV, load_lexicon, read_lexicon
from matcher.text.skills import SkillNormaliser
from matcher.text.skills.taxonomy import SkillConcept


def write(tmp_path, text: str):
    path = tmp_path / "lexicon.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_form_under_several_english_words_keeps_the_first(tmp_path):
    lex = read_lexicon(
        write(tmp_path, "en,id\nclean,bersih\nclean,ngepel\nwash,cuci\nclean,cuci\n")
    )
    assert lex.lookup("cuci") == "wash"  # listed under "wash" first: ESCO uses it more
    assert lex.translate("ngepel lantai") == "clean lantai"  # unknown words stay


def test_bad_rows_name_the_file_row_column_and_value(tmp_path):
    path = write(tmp_path, "en,id\nclean,bersih\nWash,cuci\ncook,\n")
    with pytest.raises(ValidationError) as err:
        read_lexicon(path)
    text = str(err.value)
    assert "lexicon.csv" in text and "row 3" in text and "'Wash'" in text
    assert "row 4" in text and "lower-case" in text


def test_the_project_lexicon_reads_and_covers_common_work_words():
    assert LEXICON_CSV.exists()
    lex = load_lexicon()
    assert len(lex) >= 1000
    for word in ("bersih", "masak", "jual"):
        assert lex.lookup(word), word


def test_the_normaliser_renders_words_the_glossary_left_with_the_lexicon():
    mop = SkillConcept("s:mop", "mop floors")
    cash = SkillConcept("s:cash", "operate cash register")
    glossary = Glossary([("kasir", "cashier")])
    plain = SkillNormaliser(overrides={}, glossary=glossary, lexicon=False).fit([mop, cash])
    assert plain.normalise_one("ngepel lantai")[0].uri is None
    lexicon = SkillNormaliser(overrides={}, glossary=glossary, lexicon=True).fit([mop, cash])
    lexicon.lexicon_ = Glossary([("ngepel", "mop"), ("lantai", "floors"), ("kasir", "till")])
    (hit,) = lexicon.normalise_one("ngepel lantai")
    assert hit.uri == "s:mop"
    # The glossary's rendering comes first: "kasir" is "cashier", not the lexicon's "till".
    assert lexicon._rendering("kasir") == "cashier"


def test_a_word_that_is_english_too_stays_english_beside_a_word_typed_in_english(monkeypatch):
    import matcher.text.skills.normaliser as module

    lexicon = Glossary([("air", "water"), ("isi", "fill"), ("masak", "cook")])
    monkeypatch.setattr(module, "load_lexicon", lambda: lexicon)
    skills = [
        SkillConcept("s:comp", "operate air compressor"),
        SkillConcept("s:water", "fill water gallon"),  # "gallon": an English name word
    ]
    norm = SkillNormaliser(overrides={}, glossary=Glossary([("galon", "gallon")])).fit(skills)
    assert "air" in norm.ambiguous_forms_  # an ESCO name's word and a lexicon form
    assert norm._rendering("air compressor") == "air compressor"
    # "gallon" is the glossary's, not typed in English: "air" is still Indonesian here.
    assert norm._rendering("isi air galon") == "fill water gallon"
    (hit,) = norm.normalise_one("air compressor")
    assert hit.uri == "s:comp"


def test_everyday_words_read_with_their_kind_and_bad_rows_are_named(tmp_path):
    from matcher.text.lexicon import read_words

    path = tmp_path / "words.csv"
    path.write_text("id,en,kind\nsebelum,before,function\nkulkas,refrigerator,content\n"
                    "Tetangga,neighbour,content\nrame,crowded,adjective\nmeja makan,table,content\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(ValidationError) as err:
        read_words(path)
    text = str(err.value)
    assert "words.csv" in text and "row 4" in text and "'Tetangga'" in text
    assert "row 5" in text and "'adjective'" in text and "content or function" in text
    assert "row 6" in text and "one lower-case word" in text
    path.write_text("id,en,kind\nsebelum,before,function\nkulkas,refrigerator,content\n")
    assert read_words(path).translate("kulkas sebelum") == "refrigerator before"


def test_render_reads_a_whole_indonesian_sentence_for_the_english_encoders():
    from matcher.text.glossary import load_glossary
    from matcher.text.lexicon import load_words, render

    assert len(load_words()) >= 4000
    text = "bisa nyetir dan bersihin kantor sebelum buka"
    # The glossary alone leaves most of the sentence Indonesian.
    assert "bersihin" in load_glossary().translate(text)
    rendered = render(text).split()
    assert {"clean", "office", "before"} <= set(rendered)
    assert not {"bersihin", "kantor", "sebelum"} & set(rendered)
    # Words already English stay as they are.
    assert render("packing barang dan delivery").split()[-1] == "delivery"


def test_the_text_matcher_reads_indonesian_queries_through_render_unless_told_not_to():
    from matcher.text.glossary import translate
    from matcher.text.lexicon import render
    from matcher.text.retrieval import TextMatcher

    query = ["bisa bersihin kantor sebelum buka"]
    with_lexicon, glossary_only = TextMatcher(), TextMatcher(lexicon=False)
    assert with_lexicon._translate(query, ["id"]) == [render(query[0])]
    assert glossary_only._translate(query, ["id"]) == [translate(query[0])]
    assert with_lexicon._translate(query, ["en"]) == query  # English is read as written


class _WordBag:
    """A stand-in for USE: bag of words hashed into 64 dims, fitted on nothing."""

    def fit(self, texts):
        return self

    def transform(self, texts):
        import zlib

        import numpy as np

        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


def test_indonesian_candidates_are_read_like_indonesian_queries():
    # English queries against an Indonesian catalog: TF-IDF on the names as written pairs
    # them by chance n-grams; on their renderings each finds its own trade.
    import numpy as np

    from matcher.text.encoders import TfidfEncoder
    from matcher.text.lexicon import render
    from matcher.text.retrieval import TextMatcher

    cands = ["tukang las pagar", "penjahit baju", "kasir minimarket", "masak masakan rumahan"]
    queries = ["welder", "tailor", "cashier", "cook"]

    def best(render_candidates: bool) -> tuple[list[int], TextMatcher]:
        encoders = {"tfidf": TfidfEncoder(), "minilm": TfidfEncoder(), "use": _WordBag()}
        m = TextMatcher(encoder=encoders, render_candidates=render_candidates, cache=False)
        m.fit(cands)
        return m.search(queries, top_k=1)[0][:, 0].tolist(), m

    found, rendered = best(True)
    assert found == [0, 1, 2, 3]
    as_written, plain = best(False)
    assert as_written != [0, 1, 2, 3]
    # The English-only encoders read the rendering; USE the original and the rendering
    # together (as for a query); the readability feature counts the rendering's words.
    use = _WordBag().transform
    both = use(["penjahit baju"]) + use([render("penjahit baju")])
    row = rendered.name_to_unique_[1]
    np.testing.assert_allclose(
        rendered.embeddings_["use"][row], both[0] / np.linalg.norm(both), atol=1e-6
    )
    np.testing.assert_allclose(plain.embeddings_["use"][row], use(["penjahit baju"])[0], atol=1e-6)
    assert rendered.name_coverage_ > plain.name_coverage_

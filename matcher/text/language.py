"""Tell Indonesian, English and other languages apart in short work texts, with no model.

Job titles are often one or two words ("penjahit", "tukang las"), so stop words alone are
not enough: the detector also counts a small lexicon of Indonesian work words, every term
the project glossary knows, and the Indonesian verb/noun affixes (me-, ber-, pe-...-an,
-kan, -nya). Text without Indonesian evidence is English when most of its words are
English (a word of MiniLM's English vocabulary, of the candidates' names, or an English
derivation such as -tion, -ist, -ing), and ``other`` when its words are neither
("Krankenpfleger", "camarero de piso"): letters outside ASCII, German, Spanish, French,
Dutch or Portuguese function words, and unknown words count for ``other``. The matcher
routes ``other`` to the multilingual encoder, since the English-only ones cannot read it.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache

from matcher.errors import OptionEnum
from matcher.text.glossary import lookup


class Language(OptionEnum):
    """Languages the matcher routes on."""

    __option__ = "language"

    ID = "id"
    EN = "en"
    OTHER = "other"  # neither: routed to the multilingual encoder


_ID_WORDS_TEXT = """
    yang dan di ke dari untuk dengan atau juga tidak bisa dapat saya kami ini itu ada pada
    sebagai akan sudah belum harus mampu mau sedang baru lama per oleh dalam luar atas
    bawah cara bikin buat jual beli kerja bekerja pekerjaan lowongan pengalaman tahun bulan
    hari jam gaji usaha toko warung rumah anak ibu bapak orang baju kue roti nasi masak
    masakan jahit menjahit tukang juru kasir sopir supir ojek kurir satpam buruh karyawan
    karyawati pegawai staf pelayan penjahit penjual pedagang petani nelayan guru perawat
    bidan montir bengkel las listrik bangunan kayu batu cat rias salon potong rambut cuci
    setrika gudang pabrik kantor sekolah pasar kebun sawah kapal mobil motor sepeda mesin
    jalan rapi bersih pramuniaga pramusaji pramugari asisten tata boga busana bayi lansia
    rawat merawat baik cepat teliti jujur ramah sederhana mandiri laki perempuan wanita
    pria lulusan sma smk smp tamat keuangan pembukuan akuntansi penjualan pemasaran
    pelanggan layanan kebersihan keamanan kesehatan pendidikan pertanian perikanan makanan
    minuman pakaian kecantikan
"""
_ID_WORDS = frozenset(_ID_WORDS_TEXT.split())
_EN_WORDS_TEXT = """
    the and of to in for with a an is are be on at by or from as that this it will you your
    we our they their have has can must should experience work working skills ability
    manage management develop knowledge team customer customers service services
"""
_EN_WORDS = frozenset(_EN_WORDS_TEXT.split())
# Affixes typical of Indonesian derivation. Stems must stay long enough that English words
# such as "mentor", "petrol" or "member" are not caught; bare me-/per- are left out because
# English has too many ("mechanic", "perform").
_ID_AFFIX = re.compile(
    r"^(?:meng|meny|mem|men|ber|peng|peny|pem|pen)[a-z]{4,}$"
    r"|^(?:pe|di)[a-z]{5,}$"
    r"|^(?:pe|per|ke|pen|pem|peng|peny)[a-z]{3,}an$"
    r"|^[a-z]{4,}(?:kan|nya|lah)$"
)
_EN_AFFIX = re.compile(
    r"^[a-z]{3,}(?:ing|tion|tions|ment|ments|ness|ity|ies|ers|ed|ly|ian|ist|ists|ance|ence"
    r"|ive|ous|ics|ure|ship|ism|able|ent|ant|er)$"
)
_TOKEN = re.compile(r"[a-z]+")
# Function words of other European languages that English job titles do not use (so not
# "die", "do", "van", "per", "met": English has them).
_OTHER_WORDS_TEXT = """
    und der das den dem des für fur mit von vom zur zum bei ein eine einer im am auf aus
    nach oder sowie als de del la el los las y para por con en les et pour avec du aux
    dos das na nas ao com ou della dei degli il lo gli voor het een naar bij
"""
_OTHER_WORDS = frozenset(_OTHER_WORDS_TEXT.split())
# English-only derivations: an unknown word with one of these is most likely English
# ("phlebotomist", "upholstery"); German and Spanish titles end in -er, -or, -ero, -ista.
_EN_ONLY_AFFIX = re.compile(
    r"^[a-z]{3,}(?:tion|tions|ment|ments|ness|ity|ities|ing|ings|ology|ologist|ician|ship"
    r"|ism|ous|ive|able|ible|ist|ists|ian|ians|ery|ance|ence|ics|ed|ly)$"
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _english_vocabulary() -> frozenset[str]:
    from matcher.text.encoders.sbert import english_words  # reads a word list, no model

    return english_words() | _EN_WORDS


def indonesian_score(text: str) -> float:
    """Evidence for Indonesian minus evidence for English, per token, in [-1, 1]."""
    tokens = _TOKEN.findall(text.lower())
    if not tokens:
        return 0.0
    score = 0.0
    for tok in tokens:
        if tok in _ID_WORDS or lookup(tok) is not None:
            score += 1.0
        elif tok in _EN_WORDS:
            score -= 1.0
        elif _EN_AFFIX.match(tok):
            score -= 0.5
        elif _ID_AFFIX.match(tok):
            score += 0.5
    return score / len(tokens)


def other_language_score(text: str, known: Container[str] | None = None) -> float:
    """Evidence for a language that is neither English nor Indonesian, minus evidence
    for English, per word, in [-1, 1].

    ``known`` adds words to the English vocabulary (a catalog's own names). Words of one
    letter are ignored; words of two or three letters count only as function words.
    """
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1]
    if not words:
        return 0.0
    vocabulary = _english_vocabulary()
    score = 0.0
    for word in words:
        if word in _OTHER_WORDS or not word.isascii():
            score += 1.0
        elif word in vocabulary or (known is not None and word in known):
            score -= 1.0
        elif len(word) <= 3:
            continue  # abbreviations (CNC, HVAC parts) say nothing
        elif _EN_ONLY_AFFIX.match(word):
            score -= 0.5
        elif word.endswith("er"):
            score += 0.5  # English agent nouns are mostly in the vocabulary; German ones not
        else:
            score += 1.0
    return score / len(words)


def detect_language(text: str, known: Container[str] | None = None) -> Language:
    """``ID`` when the text carries more Indonesian than English evidence; else ``OTHER``
    when most of its words are neither English nor known (``known``: extra English words,
    such as the candidates' names); else ``EN``.

    Examples
    --------
    >>> detect_language("tukang las"), detect_language("welder", known={"welder"})
    (<Language.ID: 'id'>, <Language.EN: 'en'>)
    >>> detect_language("Krankenpfleger"), detect_language("camarero de piso")
    (<Language.OTHER: 'other'>, <Language.OTHER: 'other'>)
    """
    if indonesian_score(text) > 0:
        return Language.ID
    return Language.OTHER if other_language_score(text, known) > 0 else Language.EN

"""Tell Indonesian from English in short work texts, with no model and no download.

Job titles are often one or two words ("penjahit", "tukang las"), so stop words alone are
not enough: the detector also counts a small lexicon of Indonesian work words, every term
the project glossary knows, and the Indonesian verb/noun affixes (me-, ber-, pe-...-an,
-kan, -nya). Anything without Indonesian
evidence is English, the safe default for the encoders.
"""

from __future__ import annotations

import re

from matcher.errors import OptionEnum
from matcher.text.glossary import lookup


class Language(OptionEnum):
    """Languages the matcher routes on."""

    __option__ = "language"

    ID = "id"
    EN = "en"


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


def detect_language(text: str) -> Language:
    """``Language.ID`` when the text carries more Indonesian than English evidence.

    Examples
    --------
    >>> detect_language("tukang las"), detect_language("welder")
    (<Language.ID: 'id'>, <Language.EN: 'en'>)
    """
    return Language.ID if indonesian_score(text) > 0 else Language.EN

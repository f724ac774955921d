"""How people type on a phone: a seeded rewrite of the jobseekers' own free text.

The generator draws every person's skills, experience, interests and business description
from the same phrases the vacancies and courses use. Real people do not write like that:
they type on a phone, shorten words the way chats do (``yang`` -> ``yg``), use Jakarta
verb forms (``memperbaiki`` -> ``benerin``), name the app instead of the skill (``narik
Gojek`` for driving an ojek), mix in English (``packing``, ``delivery``), slip on the
keyboard and skip capitals and full stops. This module rewrites those four fields the
way a person of a given *habit* would, and nothing else: ids, ages, kelurahan, education,
availability, travel distance and languages stay as they were, and so does what the
person does for a living (every rewrite says the same trade in other words).

Habits (drawn once per person): ``rapi`` (neat: writes like a form, 25%), ``santai``
(casual: some short forms and slang, 45%) and ``asal`` (careless: short forms almost
everywhere, low case, no full stops, the odd typo, 30%). A person keeps the short form
they chose for a word (someone who writes ``yg`` always writes ``yg``).

The word lists here were written for the sample from everyday Jakarta chat, not taken
from the engine's glossary or overrides, so the sample does not test the glossary
against itself.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

FREE_TEXT = ("skills", "experience", "interests", "business_description")
LIST_SEPARATOR = "; "  # skills and interests; the loader splits on it, so it stays
LIST_FIELDS = frozenset({"skills", "interests"})
PLAN_LABEL = "Rencana usaha: "  # the generator's marker for a business still at the idea stage


@dataclass(frozen=True)
class Habits:
    """How one person types.

    ``short``: chance a word with a chat short form is written short; ``slang``: chance
    a phrase is said the Jakarta way, by its app or brand name or in English; ``typo``:
    chance a longer word has one slip; ``lower``: everything in lower case; ``bare``: no
    full stops or brackets.
    """

    name: str
    short: float
    slang: float
    typo: float
    lower: bool
    bare: bool


HABIT_SHARES = {"rapi": 0.25, "santai": 0.45, "asal": 0.30}


def draw_habits(rng: random.Random) -> Habits:
    """One person's habits: mostly casual or careless, a quarter neat."""
    name = rng.choices(list(HABIT_SHARES), weights=list(HABIT_SHARES.values()))[0]
    if name == "rapi":
        return Habits(name, short=0.0, slang=0.05, typo=0.0, lower=False, bare=False)
    if name == "santai":
        return Habits(
            name,
            short=rng.uniform(0.3, 0.7),
            slang=rng.uniform(0.3, 0.6),
            typo=rng.uniform(0.0, 0.02),
            lower=rng.random() < 0.35,
            bare=rng.random() < 0.4,
        )
    return Habits(
        name,
        short=rng.uniform(0.7, 1.0),
        slang=rng.uniform(0.5, 0.8),
        typo=rng.uniform(0.02, 0.06),
        lower=rng.random() < 0.8,
        bare=rng.random() < 0.8,
    )


# Chat short forms, one word at a time. The first form is not more likely than the rest.
# fmt: off
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "yang": ("yg",), "dengan": ("dgn", "dg"), "untuk": ("utk", "buat", "bwt"),
    "tidak": ("gak", "ga", "tdk", "nggak"), "sudah": ("udah", "udh", "sdh"),
    "bisa": ("bs",), "saja": ("aja",), "sama": ("sm",), "banget": ("bgt",),
    "belum": ("blm", "belom"), "tahun": ("thn", "th", "taun"), "thn": ("th", "taun"),
    "bulan": ("bln",), "dari": ("dr",), "masih": ("msh", "masi"), "baru": ("br",),
    "jadi": ("jd",), "juga": ("jg",), "lagi": ("lg",), "tapi": ("tp",),
    "karena": ("krn", "karna"), "kalau": ("kalo", "klo"), "sekarang": ("skrg", "skrng"),
    "orang": ("org",), "dulu": ("dl", "dlu"), "punya": ("pny",), "rumah": ("rmh",),
    "sekolah": ("sklh",), "dan": ("&", "n"), "atau": ("ato", "/"), "mau": ("mo",),
    "ingin": ("pengen", "pgn", "pingin"), "tempat": ("tmpt",), "bagian": ("bgn",),
    "terima": ("trima",), "pernah": ("prnh",), "setahun": ("setaun",),
    "hanya": ("cuma", "cuman"), "sedikit": ("dikit", "sdkt"), "pakai": ("pake", "pk"),
    "sampai": ("sampe",), "ramai": ("rame",), "saudara": ("sodara",), "dekat": ("deket",),
    "cepat": ("cepet",), "malam": ("malem",), "sertifikat": ("sertif",),
    "pesanan": ("pesenan", "orderan"), "uang": ("duit",),
    "siapkan": ("siapin",), "tiap": ("tiap2",), "sekitar": ("sktr", "kurleb"),
    "minggu": ("mgg",), "kursus": ("les",), "pelatihan": ("training",),
}
# fmt: on

# Whole phrases said another way: Jakarta verb forms, app and brand names for a skill,
# English for Indonesian, nicknames. Applied in this order, each at the person's
# ``slang`` rate; later rules see earlier rewrites. ``\1`` in a form is the first group.
PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # selling online: the marketplace is the skill
    (r"jualan online di Shopee", ("jualan di Shopee", "buka toko di Shopee", "olshop di shopee")),
    (
        r"jualan online(?! di)",
        ("jualan di Shopee", "jualan di Tokopedia", "jualan di TikTok Shop", "olshop"),
    ),
    (
        r"kelola marketplace Tokopedia",
        ("ngurus toko Tokopedia", "admin tokped", "pegang toko di Tokopedia"),
    ),
    (r"dimsum lewat WhatsApp", ("dimsum lewat WA & GrabFood", "dimsum, order via WA/GoFood")),
    (r"jualan kue dari rumah", ("jualan kue dr rumah, ada di GoFood", "jualan kue lewat GrabFood")),
    (r"gorengan dekat stasiun", ("gorengan deket stasiun, masuk GoFood", "gorengan dkt stasiun")),
    (r"lewat WhatsApp", ("lewat WA", "via WA")),
    (r"Tokopedia", ("tokped",)),
    (r"Instagram", ("IG", "insta")),
    (r"Facebook", ("FB",)),
    (r"WhatsApp", ("WA",)),
    (r"Tanah Abang", ("Tenabang",)),
    (r"dropship", ("dropshipper", "dropshiper")),
    (r"reseller", ("resel", "resseller")),
    (r"digital marketing", ("digimar", "digital mkt")),
    (r"Meta Ads dasar", ("FB Ads", "iklan FB/IG", "pasang iklan di IG")),
    (r"Adobe Photoshop", ("photoshop", "PS")),
    (r"copywriting", ("bikin caption", "nulis caption jualan")),
    (r"desain grafis", ("desain pake Canva", "desain2 di Canva", "graphic design (Canva)")),
    (r"^Canva$", ("canva", "desain di Canva")),
    (r"editing video CapCut", ("edit video CapCut", "ngedit video di capcut")),
    (r"bikin konten Instagram", ("bikin konten IG & TikTok", "bikin konten reels")),
    (r"foto produk(?! pakai)", ("foto2 produk", "foto produk pake HP")),
    (r"kemasan produk", ("packaging produk", "packaging")),
    # driving and delivery: the app is the job
    (r"driver ojol", ("narik Gojek", "ngojek di Grab", "driver Maxim", "ojol Gojek/Grab")),
    (
        r"kurir paket ekspedisi",
        ("kurir J&T", "kurir paket JNE", "kurir Shopee Express", "kurir SiCepat"),
    ),
    (r"kurir paket", ("kurir paket J&T", "kurir SPX", "kurir paket (JNE)")),
    (r"antar paket", ("anter paket", "nganter paket", "delivery paket")),
    (r"delivery barang", ("delivery", "anter2 barang")),
    (r"pakai Google Maps", ("bisa pake gmaps", "lancar pake Google Maps")),
    (r"Google Maps", ("gmaps", "maps")),
    (
        r"hafal jalan Jakarta Selatan",
        ("hafal jalan jaksel", "apal jalan2 Jaksel", "tau jalan2 jaksel"),
    ),
    (r"Jakarta Selatan", ("Jaksel",)),
    (r"motor sendiri", ("ada motor sendiri", "punya motor")),
    (r"punya SIM C", ("ada SIM C", "SIM C ada")),
    (r"bisa naik motor", ("bisa bawa motor", "lancar bawa motor")),
    (r"nyetir mobil manual", ("bisa nyetir mobil manual", "nyetir manual")),
    (r"mengemudi|menyetir", ("nyetir",)),
    # office
    (r"bisa MS Office", ("bisa ms office", "bisa Word, Excel", "ngerti ms office")),
    (r"Excel dasar", ("bisa excel dikit2", "excel basic", "excel (rumus dasar)")),
    (r"Microsoft Word", ("Word", "ms word")),
    (r"Google Sheets", ("google sheet", "gsheet")),
    (r"input data", ("input2 data", "input data di Excel", "data entry")),
    (r"ketik cepat", ("ngetik cepet", "typing cepat")),
    (r"administrasi kantor", ("admin kantor", "admin")),
    (r"staff administrasi", ("staff admin", "admin")),
    (r"surat menyurat", ("bikin surat2", "surat2an")),
    (r"arsip dokumen", ("ngarsip dokumen", "filing dokumen")),
    (r"rekap laporan", ("bikin rekap laporan", "rekap2 laporan")),
    # shop and warehouse
    (r"minimarket", ("Indomaret", "Alfamart", "alfa/indomaret")),
    (r"^kasir$", ("cashier", "kasir toko", "jd kasir")),
    (r"^retail$", ("ritel", "retail (toko)")),
    (r"\bmall\b|\bmal\b", ("mall", "mol")),
    (r"mesin kasir \(POS\)", ("mesin kasir", "pake mesin kasir")),
    (r"hitung uang cepat", ("ngitung duit cepet", "cepet ngitung uang")),
    (r"melayani pembeli", ("ngelayanin pembeli", "layanin pembeli")),
    (r"display barang di rak", ("display barang", "rapiin barang di rak")),
    (r"cek stok barang", ("ngecek stok", "cek stock barang")),
    (r"stock opname", ("stok opname", "stock opnam")),
    (r"scan barcode", ("scan2 barcode", "nyecan barcode")),
    (r"toko sembako", ("toko kelontong", "warung sembako")),
    (r"warung sembako", ("warung kelontong", "warung")),
    (r"warung kopi", ("warkop",)),
    (r"belanja stok ke grosir", ("kulakan ke grosir", "belanja barang ke agen")),
    (r"pulsa dan token listrik", ("pulsa & token PLN", "pulsa, token listrik")),
    (r"packing barang", ("packing2 barang", "packing")),
    (r"bungkus paket", ("packing paket", "bungkus2 paket")),
    (r"picking dan packing", ("picking packing", "pick & pack")),
    (r"bongkar muat", ("bongkar muat barang", "loading unloading")),
    (r"angkat barang", ("ngangkat barang", "angkat2 barang")),
    (r"forklift dasar", ("bisa forklift dikit", "nyetir forklift")),
    (r"gudang ekspedisi", ("gudang J&T", "gudang Shopee Express", "gudang SiCepat")),
    # cafe and kitchen
    (r"kedai kopi", ("coffee shop", "kopi kekinian")),
    (r"crew outlet minuman boba", ("crew boba", "jaga booth boba")),
    (r"\bkafe\b", ("cafe", "caffe")),
    (r"es kopi susu", ("es kopsu", "kopi susu gula aren")),
    (r"latte art", ("latteart", "late art")),
    (r"coffee brewing", ("brewing kopi", "seduh2 kopi")),
    (r"milk steaming", ("steam susu", "milk steam")),
    (r"racik minuman", ("ngeracik minuman", "racik2 minuman")),
    (r"manual brew V60", ("manbrew V60", "V60")),
    (r"manual brew", ("manbrew", "manual brew pake V60")),
    (r"rumah makan Padang", ("RM Padang", "warung padang")),
    (r"catering nasi box", ("katering nasbox", "catering nasi kotak")),
    (r"nasi box", ("nasbox", "nasi kotak")),
    (r"\bcatering\b", ("katering", "ketring")),
    (r"risol mayo", ("rismay",)),
    (r"frozen food", ("frozen", "frozenfood")),
    (r"kue kering, nastar", ("kue kering (nastar)", "nastar, kue kering lebaran")),
    (r"kue basah", ("kue2 basah", "jajanan basah")),
    (r"bikin roti\b(?! manis)", ("bikin roti2", "baking")),
    (r"kue lebaran", ("kue2 lebaran", "kue lebaran (nastar dll)")),
    (r"^plating$", ("plating makanan", "platting")),
    (r"kebersihan bar", ("bersihin bar", "jaga kebersihan bar")),
    (r"masak masakan rumahan", ("masak rumahan", "masak2 rumahan")),
    (r"potong dan siapkan bahan", ("potong2 bahan", "nyiapin bahan masak")),
    (r"goreng dan tumis", ("goreng2 tumis2", "goreng, tumis")),
    (r"food hygiene", ("jaga kebersihan makanan", "food higiene")),
    # sewing
    (r"menjahit", ("jahit", "njahit", "jait")),
    (r"\bjahit\b", ("jait",)),
    (r"^obras$", ("ngobras", "bisa obras")),
    (r"konveksi", ("konpeksi",)),
    (r"resleting", ("sleting", "risleting")),
    (r"\bpermak\b", ("vermak",)),
    (r"potong pola", ("motong pola", "bikin pola")),
    (r"mesin jahit high speed", ("mesin hi speed", "jait pake mesin highspeed")),
    (r"QC jahitan", ("cek jahitan", "quality control jahitan")),
    (r"seragam sekolah", ("seragam anak sekolah", "baju seragam")),
    (r"\bhijab\b(?! styling)", ("jilbab", "kerudung")),
    # salon
    (r"makeup|make up", ("mekap", "make up", "makeup")),
    (r"smoothing dan rebonding", ("smoothing rebonding", "smooting & rebonding")),
    (r"creambath", ("creambat", "krimbat")),
    (r"potong rambut", ("motong rambut", "pangkas rambut")),
    (r"^henna$", ("hena", "henna tangan")),
    (r"manicure pedicure", ("menicure pedicure", "mani pedi")),
    (r"tata rias pengantin", ("rias pengantin", "make up manten")),
    (r"hair coloring", ("cat rambut", "coloring rambut")),
    (r"hijab styling", ("styling jilbab", "hijab do")),
    (r"\bfacial\b", ("facial wajah", "pesial")),
    (r"salon rumahan", ("salon di rumah",)),
    # cleaning and laundry
    (r"bersih-bersih (kantor|ruangan)", (r"cleaning \1", r"bersih2 \1")),
    (r"bersih-bersih rumah", ("beberes rumah", "beres2 rumah")),
    (r"cleaning service", ("cleaning servis", "cleaning")),
    (r"office boy", ("OB",)),
    (r"housekeeping", ("house keeping", "HK")),
    (r"laundry", ("loundry", "londri")),
    (r"cuci dan setrika", ("nyuci & nyetrika", "cuci gosok")),
    (r"setrika", ("nyetrika", "gosok")),
    (r"mencuci", ("nyuci",)),
    # repairs
    (r"service (AC|motor)", (r"servis \1", r"benerin \1")),
    (r"servis motor", ("benerin motor", "service motor")),
    (r"perbaiki korsleting", ("benerin korslet", "benerin konslet")),
    (r"memperbaiki|perbaiki", ("benerin", "betulin")),
    (r"isi freon", ("isi ulang freon", "tambah freon")),
    (r"instalasi listrik", ("pasang kabel listrik", "instalasi kabel")),
    (r"teknisi AC", ("tukang AC",)),
    (r"bengkel motor", ("bengkel AHASS", "bengkel")),
    (r"dealer motor", ("dealer Honda", "dealer Yamaha")),
    (r"\bmontir\b", ("mekanik",)),
    (r"las listrik \(SMAW\)", ("ngelas listrik", "las SMAW")),
    (r"\bwelding\b", ("ngelas",)),
    (r"tambal ban", ("nambal ban",)),
    (r"tune up motor injeksi", ("tune up injeksi", "tuneup motor injeksi")),
    (r"bongkar mesin", ("turun mesin", "bongkar pasang mesin")),
    (r"kelistrikan motor", ("listrik motor", "kelistrikan motor2")),
    (r"setel rem dan rantai", ("nyetel rem & rante", "setel rem rante")),
    (r"potong besi", ("motong besi",)),
    (r"gerinda", ("gurinda",)),
    (r"baca gambar teknik", ("baca gambar kerja", "ngerti gambar teknik")),
    (r"baca skema listrik", ("ngerti skema listrik", "baca skema")),
    (r"\bmatic\b", ("metik",)),
    # security
    (r"\bsatpam\b", ("security", "sekuriti")),
    (r"\bsecurity\b", ("sekuriti", "scurity")),
    (r"jaga malam", ("jaga malem",)),
    (r"CCTV monitoring", ("pantau CCTV", "monitor cctv")),
    (r"^SIM A$", ("punya SIM A", "SIM A ada")),
    (r"^teliti$", ("telitian", "detail")),
    (r"beladiri", ("bela diri", "bisa silat")),
    (r"atur parkir", ("ngatur parkir", "markirin motor")),
    # customer service
    (r"customer service", ("CS", "cust service")),
    (r"pelayanan pelanggan", ("pelayanan customer", "layanin customer")),
    (r"\bcustomer\b", ("cust", "costumer")),
    (r"komplain", ("komplen", "complain")),
    (r"telepon", ("telpon", "telfon", "tlp")),
    (r"komunikasi baik", ("komunikasi oke", "bisa komunikasi")),
    (r"komunikasi yang baik", ("komunikasi bagus", "pinter ngomong")),
    (r"Bahasa Inggris dasar", ("english basic", "bhs inggris dikit2", "b. inggris pasif")),
    (r"sabar dan ramah", ("sabar, ramah", "ramah & sabar")),
    (r"CRM dasar", ("CRM", "pake CRM dikit2")),
    (r"jujur dan rajin", ("jujur, rajin", "jujur & rajin")),
    (r"bisa kerja tim", ("bisa teamwork", "bisa kerja sama tim")),
    # care
    (r"mengasuh", ("ngasuh", "jagain")),
    (r"urus bayi", ("ngurus bayi", "ngurusin baby")),
    (r"mandikan", ("mandiin",)),
    (r"suapi", ("nyuapin", "suapin")),
    (r"temani", ("nemenin", "temenin")),
    (r"orang tua", ("ortu",)),
    (r"P3K dasar", ("P3K", "pertolongan pertama")),
    (r"bed making", ("beresin tempat tidur", "rapiin kasur")),
    (r"ibu rumah tangga", ("IRT", "irt")),
    (r"\bibu\b(?! rumah tangga)", ("mama", "nyokap")),
    (r"baby sitter", ("babysitter", "baby siter")),
    (r"daycare", ("day care", "penitipan anak")),
    # everyday verbs, Jakarta style
    (r"melayani|\blayani\b", ("ngelayanin", "layanin")),
    (r"\bmengantar(?:kan)?\b|\bantar\b", ("nganter", "anter")),
    (r"membersihkan|bersihkan", ("bersihin",)),
    (r"merapikan|\brapikan\b", ("rapiin", "beresin")),
    (r"menghitung|\bhitung\b", ("ngitung", "itung")),
    (r"mencatat|\bcatat\b", ("nyatet", "catet")),
    (r"membantu|\bbantu\b", ("bantuin",)),
    (r"membuat", ("bikin",)),
    (r"mengetik", ("ngetik",)),
    (r"memasang|\bpasang\b", ("masang",)),
    (r"menyusun|\bsusun\b", ("nyusun",)),
    (r"\b(?:menjaga|jaga) (anak|adik|toko|orang tua|ortu|nenek)", (r"jagain \1",)),
    (r"merawat|\brawat\b", ("ngerawat",)),
    (r"membalas|\bbalas\b", ("bales", "balesin")),
    (r"mencari|\bcari\b", ("nyari",)),
    (r"pelanggan tetap", ("langganan tetap", "langganan")),
    (r"\burus\b", ("ngurus",)),
    (r"\bjualan\b", ("dagang",)),
    (r"\bjual\b", ("jualan",)),
    (r"\bcek\b", ("ngecek",)),
    (r"siapkan", ("siapin", "nyiapin")),
    # ways of saying when and how much
    (r"kurang dari setahun", ("blm setaun", "bbrp bulan")),
    (r"sekitar (\d+)", (r"\1an", r"+- \1", r"kurleb \1")),
    (r"fresh graduate", ("fresh grad", "baru lulus")),
    (r"pengalaman jadi", ("pernah jadi", "exp jadi")),
    (r"operator jahit", ("operator jait", "opr jahit")),
    (r"kerja kantoran", ("ngantor",)),
    (r"sederhana", ("simpel",)),
    (r"anak kos\b", ("anak kost",)),
)
# fmt: on


def _compile(pattern: str) -> re.Pattern[str]:
    """Whole words only: a plain word at either end gets a word boundary there."""
    start = r"\b" if pattern[0].isalpha() else ""
    end = r"\b" if pattern[-1].isalpha() else ""
    return re.compile(rf"{start}(?:{pattern}){end}")


_COMPILED = tuple((_compile(p), forms) for p, forms in PHRASES)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_REDUPLICATED = re.compile(r"\b([A-Za-z]+)-\1\b")


def _match_case(original: str, new: str, text: str, start: int) -> str:
    """Keep the capital of a word that starts the text or a sentence ("Sudah" -> "Udah")."""
    sentence_start = start == 0 or text[:start].rstrip().endswith(".")
    if sentence_start and original[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


def _phrases(text: str, rng: random.Random, h: Habits) -> str:
    for pattern, forms in _COMPILED:

        def swap(m: re.Match[str], forms: Sequence[str] = forms) -> str:
            if rng.random() >= h.slang:
                return m.group(0)
            return _match_case(m.group(0), m.expand(rng.choice(forms)), m.string, m.start())

        text = pattern.sub(swap, text)
    return text


def _short(text: str, rng: random.Random, h: Habits, chosen: dict[str, str]) -> str:
    """Chat short forms; the form a person picks for a word is theirs from then on."""

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        forms = SHORT_FORMS.get(word.lower())
        if forms is None or rng.random() >= h.short:
            return word
        if word.lower() not in chosen:
            chosen[word.lower()] = rng.choice(forms)
        return _match_case(word, chosen[word.lower()], m.string, m.start())

    text = _REDUPLICATED.sub(
        lambda m: f"{m.group(1)}2" if rng.random() < h.short else m.group(0), text
    )
    return _WORD.sub(swap, text)


def _slip(word: str, rng: random.Random) -> str:
    """One keyboard slip inside a word: a letter dropped, doubled or swapped with the next."""
    i = rng.randrange(1, len(word) - 1)  # the first and last letters are seldom wrong
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _typos(text: str, rng: random.Random, h: Habits) -> str:
    """Slips only in lower-case words of five letters or more: names and brands stay."""
    if h.typo <= 0:
        return text

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        if len(word) < 5 or not word.isalpha() or not word.islower() or rng.random() >= h.typo:
            return word
        return _slip(word, rng)

    return _WORD.sub(swap, text)


def _bare(text: str) -> str:
    """No full stops or brackets, as in a chat message."""
    text = re.sub(r"\.\s+", " ", text).rstrip(". ")
    text = re.sub(r"\s*\(\s*", " ", text).replace(")", "")
    return re.sub(r"\s{2,}", " ", text).strip()


def rewrite_text(text: str, rng: random.Random, h: Habits, chosen: dict[str, str]) -> str:
    """One piece of a person's text as they would type it."""
    if not text:
        return text
    text = _typos(_short(_phrases(text, rng, h), rng, h, chosen), rng, h)
    if h.bare:
        text = _bare(text)
    return text.lower() if h.lower else text


def rewrite_person(row: dict[str, str], rng: random.Random, h: Habits) -> dict[str, str]:
    """The row with its free-text fields rewritten; every other column is kept as is."""
    out = dict(row)
    chosen: dict[str, str] = {}
    for field in FREE_TEXT:
        if field in LIST_FIELDS:
            items = [rewrite_text(t, rng, h, chosen) for t in row[field].split(LIST_SEPARATOR)]
            # two phrases may come out the same ("jualan di Shopee"): keep the first
            items = [t.replace(";", ",") for t in dict.fromkeys(items) if t]
            out[field] = LIST_SEPARATOR.join(items)
        else:
            # "Rencana usaha: " marks a business not started yet; it stays readable
            text, label = row[field], ""
            if text.startswith(PLAN_LABEL):
                text, label = text[len(PLAN_LABEL) :], PLAN_LABEL.lower() if h.lower else PLAN_LABEL
            out[field] = label + rewrite_text(text, rng, h, chosen).replace("\n", " ")
    return out


def informal_jobseekers(
    rows: Sequence[dict[str, str]], seed: int
) -> tuple[list[dict[str, str]], list[str]]:
    """Every jobseeker row rewritten the way its person types, and each person's habit.

    Random streams of its own (from ``seed``), so the other tables do not change: one
    draws everyone's habits, and each person's rewrite has a stream of its own (seed and
    id), so a rule added later changes only the text it applies to.
    """
    rng = random.Random(f"informal-{seed}")
    habits = [draw_habits(rng) for _ in rows]
    out = [
        rewrite_person(row, random.Random(f"informal-{seed}-{row['id']}"), h)
        for row, h in zip(rows, habits, strict=True)
    ]
    return out, [h.name for h in habits]

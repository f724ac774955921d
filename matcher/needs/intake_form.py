"""The jobseeker intake form for KoboToolbox / ODK Collect, as data.

``data/intake/build_xlsform.py`` writes these rows to an XLSForm (sheets survey,
choices, settings); :mod:`matcher.needs.intake` reads the form's exports with the same
definitions, so codes, group names and field names cannot drift apart. Field names are
those of :data:`matcher.loaders.JOBSEEKER_FIELDS` (except ``id``, given on import) plus
``consent``, ``birth_date``, ``expected_wage`` and ``monthly_revenue``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.scoring.geo import Gazetteer, default_gazetteer

FORM_ID = "tb_jobseeker_intake"
FORM_VERSION = "2026112701"
FORM_TITLE = "Pendaftaran Pencari Kerja - Pusat Layanan Terpadu Tanjung Barat"
LANGS = ("Bahasa Indonesia (id)", "English (en)")
YES = "ya"
PERSON_GROUPS = ("persetujuan", "identitas", "keahlian", "usaha")  # export column prefixes


@dataclass(frozen=True)
class Question:
    type: str
    name: str
    label_id: str
    label_en: str
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_msg: str = ""
    hint_id: str = ""
    appearance: str = ""
    calculation: str = ""


_AFTER_CONSENT = f"${{consent}} = '{YES}'"
_WOMAN_ENTREPRENEUR = "${segment} = 'perempuan_wirausaha'"

SURVEY: tuple[Question, ...] = (
    Question("start", "start", "", ""),
    Question("end", "end", "", ""),
    Question("today", "registered_on", "", ""),
    Question("username", "enumerator", "", ""),
    Question("begin_group", "persetujuan", "Persetujuan", "Consent"),
    Question("note", "consent_note",
             "Data ini disimpan oleh Pusat Layanan Terpadu Kelurahan Tanjung Barat hanya untuk "
             "mencarikan pelatihan dan pekerjaan. Nama dan nomor HP tidak diberikan ke pemberi "
             "kerja tanpa persetujuan. Data bisa dihapus kapan saja atas permintaan.",
             "The hub keeps this data only to find trainings and jobs. Name and phone are never "
             "given to employers without consent. The data can be deleted on request."),
    Question("select_one yes_no", "consent", "Apakah Anda setuju data Anda disimpan?",
             "Do you agree that your data is stored?", required=True),
    Question("end_group", "", "", ""),
    Question("begin_group", "identitas", "Identitas", "Identity", relevant=_AFTER_CONSENT),
    Question("text", "name", "Nama lengkap", "Full name", required=True),
    Question("text", "phone", "Nomor HP / WhatsApp", "Mobile / WhatsApp number",
             constraint=r"regex(., '^(\+62|62|0)8[0-9 -]{7,14}$')",
             constraint_msg="Nomor HP diawali 08 atau +628", appearance="numbers"),
    Question("date", "birth_date", "Tanggal lahir", "Date of birth", required=True,
             constraint=". < today()", constraint_msg="Tanggal lahir harus sebelum hari ini"),
    Question("calculate", "age", "", "",
             calculation="int((decimal-date-time(today()) - "
                         "decimal-date-time(${birth_date})) div 365.25)"),
    Question("select_one gender", "gender", "Jenis kelamin", "Gender", required=True),
    Question("select_one kelurahan", "kelurahan", "Kelurahan tempat tinggal",
             "Home kelurahan", required=True, appearance="minimal autocomplete"),
    Question("text", "kelurahan_other", "Kelurahan lain (tulis)", "Other kelurahan",
             required=True, relevant="${kelurahan} = 'lainnya'"),
    Question("select_one education", "education", "Pendidikan terakhir",
             "Highest education", required=True),
    Question("select_one segment", "segment", "Kelompok layanan", "Service group",
             required=True),
    Question("text", "expected_wage", "Gaji yang diharapkan per bulan (boleh kosong)",
             "Expected monthly wage (optional)", hint_id="contoh: 4.500.000 atau 4,5 jt"),
    Question("end_group", "", "", ""),
    Question("begin_group", "keahlian", "Keahlian dan minat", "Skills and interests",
             relevant=_AFTER_CONSENT),
    Question("select_multiple skills", "skills", "Keahlian yang dimiliki", "Skills",
             appearance="minimal"),
    Question("text", "skills_other", "Keahlian lain (pisahkan dengan ;)",
             "Other skills (separate with ;)"),
    Question("text", "experience", "Pengalaman kerja/usaha", "Work or business experience",
             appearance="multiline"),
    Question("text", "interests", "Ingin belajar / bekerja di bidang apa?",
             "What would you like to learn or work in?"),
    Question("select_multiple availability", "availability", "Waktu yang bisa",
             "When available"),
    Question("text", "availability_note", "Catatan waktu (mis. antar anak sekolah)",
             "Note on time (e.g. school run)"),
    Question("decimal", "max_travel_km", "Jarak maksimal mau pergi (km)",
             "Maximum travel distance (km)", constraint=". >= 0 and . <= 50",
             constraint_msg="0 sampai 50 km"),
    Question("select_multiple languages", "languages", "Bahasa yang dikuasai", "Languages"),
    Question("text", "disability", "Kebutuhan khusus / disabilitas (boleh kosong)",
             "Accessibility needs (optional)"),
    Question("end_group", "", "", ""),
    Question("begin_group", "usaha", "Usaha", "Business",
             relevant=f"{_AFTER_CONSENT} and {_WOMAN_ENTREPRENEUR}"),
    Question("text", "business_description", "Usaha apa yang dijalankan/direncanakan?",
             "What business do you run or plan?", appearance="multiline"),
    Question("select_one business_stage", "business_stage", "Tahap usaha", "Business stage"),
    Question("text", "monthly_revenue", "Omzet per bulan (perkiraan)",
             "Monthly revenue (estimate)", hint_id="contoh: Rp 2 jt"),
    Question("end_group", "", "", ""),
)  # fmt: skip

CHOICES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "yes_no": ((YES, "Ya, setuju", "Yes, I agree"), ("tidak", "Tidak", "No")),
    "gender": (("P", "Perempuan", "Female"), ("L", "Laki-laki", "Male")),
    "education": (
        ("tidak_sekolah", "Tidak sekolah / tidak tamat SD", "No schooling"),
        ("sd", "SD / Paket A", "Primary"), ("smp", "SMP / Paket B", "Junior high"),
        ("sma", "SMA / MA", "Senior high"), ("smk", "SMK", "Vocational high"),
        ("paket_c", "Paket C", "Paket C (equivalency)"), ("d3", "D1-D3", "Diploma"),
        ("s1", "S1 / D4", "Bachelor"), ("s2", "S2 / S3", "Master or doctorate"),
    ),
    "segment": (
        ("pemuda", "Pencari kerja muda (16-29)", "Young jobseeker (16-29)"),
        ("perempuan_wirausaha", "Perempuan wirausaha", "Woman entrepreneur"),
    ),
    "business_stage": (
        ("ide", "Masih ide", "Idea"), ("rintisan", "Baru mulai (< 1 tahun)", "Starting"),
        ("berkembang", "Sudah berjalan", "Growing"),
    ),
    "availability": (
        ("pagi", "Pagi", "Morning"), ("siang", "Siang", "Midday"), ("sore", "Sore", "Afternoon"),
        ("malam", "Malam", "Evening"), ("akhir_pekan", "Akhir pekan", "Weekends"),
        ("fleksibel", "Fleksibel / kapan saja", "Any time"),
    ),
    "languages": (
        ("indonesia", "Bahasa Indonesia", "Indonesian"), ("inggris", "Bahasa Inggris", "English"),
        ("betawi", "Betawi", "Betawi"), ("sunda", "Bahasa Sunda", "Sundanese"),
        ("jawa", "Bahasa Jawa", "Javanese"), ("minang", "Bahasa Minang", "Minangkabau"),
    ),
    "skills": (
        ("menjahit", "menjahit", "sewing"), ("obras", "obras", "overlocking"),
        ("permak", "permak pakaian", "clothing alterations"),
        ("bikin_kue", "bikin kue", "baking cakes"), ("bikin_roti", "bikin roti", "baking bread"),
        ("masak", "masak masakan rumahan", "home cooking"),
        ("catering", "catering nasi box", "boxed-meal catering"),
        ("kasir", "kasir", "cashier"), ("melayani_pembeli", "melayani pembeli", "serving customers"),
        ("jualan_online", "jualan online", "online selling"),
        ("admin_medsos", "admin media sosial", "social media admin"),
        ("ms_office", "bisa MS Office", "MS Office"), ("excel", "Excel dasar", "basic Excel"),
        ("pembukuan", "pembukuan sederhana", "basic bookkeeping"),
        ("servis_motor", "servis motor", "motorcycle repair"),
        ("servis_ac", "cuci AC", "air-conditioner cleaning"),
        ("listrik", "instalasi listrik rumah", "house wiring"),
        ("las", "las listrik", "welding"), ("nyetir", "nyetir mobil (SIM A)", "driving (car)"),
        ("ojek", "motor (SIM C)", "riding (motorcycle)"),
        ("cleaning", "cleaning service", "cleaning"), ("gudang", "angkat barang", "warehouse"),
        ("barista", "racik minuman / barista", "barista"),
        ("salon", "potong rambut", "hairdressing"), ("makeup", "makeup", "make-up"),
        ("desain", "desain grafis / Canva", "graphic design"),
    ),
}  # fmt: skip

# Fields the importer expects in every export (besides Kobo's own _uuid, _index...).
SELECT_MULTIPLE = {q.name: q.type.split()[1] for q in SURVEY if q.type.startswith("select_mult")}
SELECT_ONE = {q.name: q.type.split()[1] for q in SURVEY if q.type.startswith("select_one")}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def kelurahan_choices(gazetteer: Gazetteer | None = None) -> tuple[tuple[str, str, str], ...]:
    gaz = gazetteer or default_gazetteer()
    # Only the kelurahan the hub serves: South Jakarta and its two eastern neighbours.
    names = sorted({(r.name, r.kecamatan) for r in gaz.rows})
    rows = tuple((slug(n), f"{n} ({k})", f"{n} ({k})") for n, k in names)
    return rows + (("lainnya", "Lainnya (tulis)", "Other (type it)"),)


def choice_label(list_name: str, code: str, lang: int = 0) -> str | None:
    """The label of ``code`` in a choice list (``lang`` 0 Indonesian, 1 English)."""
    for row in CHOICES.get(list_name, ()):
        if row[0] == code:
            return row[1 + lang]
    return None

"""Strings added with the needs pages' services: suggestions in words, the map's reference
layer, feedback and Streamlit widget texts (``np_`` keys)."""

from __future__ import annotations


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS: dict[str, dict[str, str]] = {
    "np_suggest_reason": _s(
        "{openings} lowongan terbuka ({vacancies} iklan, {employers} pemberi kerja) di {where} "
        "butuh '{skill}'; {jobseekers} pencari kerja sudah punya, {interested} berminat; "
        "{seats} kursi pelatihan. Kekurangan {gap}: usulkan kelas {suggested} kursi.",
        "{openings} open positions ({vacancies} vacancies, {employers} employers) in {where} "
        "need '{skill}'; {jobseekers} jobseekers have it, {interested} are interested; "
        "{seats} training seats. Gap {gap}: suggest a class of {suggested} seats.",
    ),
    "np_map_reference": _s(
        "Titik abu-abu: pusat setiap kelurahan di sekitar; huruf besar: kecamatan; belah "
        "ketupat: Pusat Layanan Terpadu Tanjung Barat. Nama kelurahan hanya ditulis untuk "
        "{n} kelurahan dengan angka terbesar; arahkan kursor ke titik untuk yang lain. "
        "Tanpa latar peta karena peta daring tidak tersedia di server ini.",
        "Grey dots: the centre of every kelurahan around; capitals: kecamatan; diamond: "
        "the Tanjung Barat integrated services hub. Kelurahan names are written only for "
        "the {n} with the largest figures; hover a dot for the others. No map tiles, as "
        "online maps are not reachable from this server.",
    ),
    "np_hub": _s("Pusat Layanan Terpadu", "Integrated services hub"),
    "np_kecamatan": _s("Kecamatan", "Kecamatan"),
    "np_count": _s("Jumlah", "Count"),
    "np_people": _s("Orang / kursi / posisi", "People / seats / positions"),
    "np_layer": _s("Lapisan", "Layer"),
    "np_value": _s("Nilai", "Value"),
    "np_no_map": _s(
        "Tidak ada data untuk pilihan ini di peta.", "Nothing to draw for this choice."
    ),
    # widgets
    "np_upload_help": _s(
        "Seret berkas ke sini atau klik untuk memilih. XLSX atau CSV, paling besar 5 MB.",
        "Drag a file here or click to choose one. XLSX or CSV, at most 5 MB.",
    ),
    "np_choose": _s("Pilih…", "Choose…"),
    "np_search_help": _s(
        "Daftar menyaring sendiri saat Anda berhenti mengetik.",
        "The list filters itself when you pause typing.",
    ),
    "np_search_placeholder": _s("Ketik sebagian nama mitra", "Type part of a partner's name"),
    # field intake: form columns that are not jobseeker fields
    "np_kobo_consent": _s("Persetujuan", "Consent"),
    "np_kobo_birth_date": _s("Tanggal lahir", "Date of birth"),
    "np_kobo_kelurahan_other": _s("Kelurahan lain", "Other kelurahan"),
    "np_kobo_skills_other": _s("Keahlian lain", "Other skills"),
    "np_kobo_availability_note": _s("Catatan waktu luang", "Availability note"),
    "np_kobo_expected_wage": _s("Harapan gaji", "Expected wage"),
    "np_kobo_monthly_revenue": _s("Omzet per bulan", "Monthly revenue"),
    # partners
    "nd_col_code": _s("Kode", "Code"),
    "nd_online_place": _s("daring", "online"),
    # outreach feedback
    "np_flyer_ready": _s("Selebaran siap diunduh.", "Flyer ready to download."),
}

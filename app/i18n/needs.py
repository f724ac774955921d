"""Strings of the needs-map area: partners, needs map, field intake, outreach."""

from __future__ import annotations


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS: dict[str, dict[str, str]] = {
    # partners
    "nd_partners_title": _s("Direktori mitra", "Partner directory"),
    "nd_partners_intro": _s(
        "Semua lembaga dalam kolaborasi: jenis, kontak, apa yang ditawarkan, serta program "
        "dan lowongannya.",
        "Every organisation in the collaboration: type, contact, what it offers, and its "
        "programmes and vacancies.",
    ),
    "nd_ptype_pemerintah": _s("Pemerintah", "Government"),
    "nd_ptype_lsm": _s("LSM / yayasan", "NGO"),
    "nd_ptype_lembaga_pelatihan": _s("Lembaga pelatihan", "Training provider"),
    "nd_ptype_pemberi_kerja": _s("Pemberi kerja", "Employer"),
    "nd_ptype_komunitas": _s("Kelompok masyarakat", "Community group"),
    "nd_ptype_universitas": _s("Universitas", "University"),
    "nd_partner_type": _s("Jenis mitra", "Partner type"),
    "nd_search": _s("Cari nama", "Search name"),
    "nd_col_name": _s("Nama", "Name"),
    "nd_col_type": _s("Jenis", "Type"),
    "nd_col_contact": _s("Kontak", "Contact person"),
    "nd_col_phone": _s("Telepon", "Phone"),
    "nd_col_email": _s("Email", "Email"),
    "nd_col_kelurahan": _s("Kelurahan", "Kelurahan"),
    "nd_col_offers": _s("Yang ditawarkan", "What it offers"),
    "nd_col_notes": _s("Catatan", "Notes"),
    "nd_col_active": _s("Aktif", "Active"),
    "nd_col_programs": _s("Program", "Programmes"),
    "nd_col_vacancies": _s("Lowongan", "Vacancies"),
    "nd_partner_count": _s("{n} mitra", "{n} partners"),
    "nd_pick_partner": _s("Lihat detail mitra", "Partner details"),
    "nd_partner_programs": _s("Program pelatihan", "Training programmes"),
    "nd_partner_vacancies": _s("Lowongan", "Vacancies"),
    "nd_none": _s("Tidak ada.", "Nothing here."),
    "nd_edit_partner": _s("Ubah data mitra", "Edit partner"),
    "nd_add_partner": _s("Tambah mitra", "Add a partner"),
    "nd_save": _s("Simpan", "Save"),
    "nd_saved": _s("Data mitra tersimpan.", "Partner saved."),
    "nd_read_only": _s(
        "Hanya admin yang dapat mengubah data mitra.", "Only admins can edit partners."
    ),
    # needs map
    "nd_map_title": _s("Peta kebutuhan & sumber daya", "Needs and resources map"),
    "nd_map_intro": _s(
        "Keahlian yang dimiliki pencari kerja, yang dibutuhkan lowongan terbuka, dan kursi "
        "pelatihan yang tersedia, per kelurahan. Keahlian dinormalisasi ke konsep ESCO.",
        "Skills jobseekers have, skills open vacancies need, and training seats on offer, "
        "per kelurahan. Skills are normalised to ESCO concepts.",
    ),
    "nd_loading": _s("Menghitung keahlian…", "Counting skills…"),
    "nd_whole_area": _s("Seluruh wilayah", "Whole area"),
    "nd_kelurahan": _s("Kelurahan", "Kelurahan"),
    "nd_segment": _s("Kelompok", "Segment"),
    "nd_skill": _s("Keahlian", "Skill"),
    "nd_all_skills": _s("Semua keahlian", "All skills"),
    "nd_seg_pemuda": _s("Pemuda pencari kerja", "Young jobseekers"),
    "nd_seg_perempuan_wirausaha": _s("Perempuan wirausaha", "Women entrepreneurs"),
    "nd_gaps_title": _s("Kesenjangan terbesar", "Largest gaps"),
    "nd_gaps_help": _s(
        "Kekurangan = lowongan terbuka (orang dibutuhkan) - pencari kerja yang sudah punya "
        "keahlian - kursi pelatihan tersisa (lokal + online).",
        "Gap = open positions - jobseekers who have the skill - free training seats "
        "(local + online).",
    ),
    "nd_no_gaps": _s("Tidak ada kesenjangan di sini.", "No gaps here."),
    "nd_col_skill": _s("Keahlian", "Skill"),
    "nd_col_openings": _s("Lowongan (orang)", "Open positions"),
    "nd_col_vacancy_ads": _s("Iklan lowongan", "Vacancies"),
    "nd_col_employers": _s("Pemberi kerja", "Employers"),
    "nd_col_jobseekers": _s("Pencari kerja punya", "Jobseekers with it"),
    "nd_col_interested": _s("Berminat", "Interested"),
    "nd_col_seats": _s("Kursi pelatihan", "Training seats"),
    "nd_col_trainings": _s("Pelatihan", "Trainings"),
    "nd_col_gap": _s("Kekurangan", "Gap"),
    "nd_chart_title": _s("Permintaan vs pasokan", "Demand vs supply"),
    "nd_measure": _s("Ukuran", "Measure"),
    "nd_suggest_title": _s(
        "Pelatihan yang perlu diminta ke mitra", "Trainings to ask partners for"
    ),
    "nd_suggest_partners": _s(
        "Mitra yang bisa menjalankan: {names}", "Partners who could run it: {names}"
    ),
    "nd_suggest_no_partner": _s(
        "Belum ada mitra yang mengajar keahlian terkait.",
        "No partner teaches related skills yet.",
    ),
    "nd_map_section": _s("Peta (tanpa latar peta)", "Map (no map tiles)"),
    "nd_layer_pencari_kerja": _s("Pencari kerja", "Jobseekers"),
    "nd_layer_lowongan": _s("Lowongan", "Vacancies"),
    "nd_layer_pelatihan": _s("Tempat pelatihan", "Training sites"),
    "nd_map_privacy": _s(
        "Pencari kerja hanya ditampilkan sebagai jumlah per kelurahan, tidak per orang.",
        "Jobseekers are shown only as counts per kelurahan, never one by one.",
    ),
    "nd_online": _s(
        "{n} pelatihan online ({seats} kursi) tidak punya lokasi di peta.",
        "{n} online trainings ({seats} seats) have no place on the map.",
    ),
    "nd_unplaced": _s(
        "Tanpa titik karena kelurahan tidak dikenal: {detail}",
        "Not drawn because the kelurahan is unknown: {detail}",
    ),
    "nd_by_kelurahan": _s("Ringkasan per kelurahan", "Per-kelurahan summary"),
    # field intake
    "nd_intake_title": _s(
        "Pendataan lapangan (KoboToolbox / ODK)", "Field intake (KoboToolbox / ODK)"
    ),
    "nd_intake_intro": _s(
        "Konselor dan relawan mendaftarkan warga di HP dengan formulir ini, lalu mengunggah "
        "hasil ekspor di sini. Baris tanpa persetujuan tidak disimpan.",
        "Counselors and volunteers register people on a phone with this form, then upload "
        "the export here. Rows without consent are never saved.",
    ),
    "nd_download_form": _s("Unduh formulir XLSForm", "Download the XLSForm"),
    "nd_download_sample": _s("Unduh contoh ekspor", "Download a sample export"),
    "nd_upload": _s(
        "Unggah ekspor (.xlsx atau .csv, 'XML values and headers')",
        "Upload the export (.xlsx or .csv, 'XML values and headers')",
    ),
    "nd_try_sample": _s("Coba dengan contoh ekspor", "Try with the sample export"),
    "nd_m_rows": _s("Baris", "Rows"),
    "nd_m_accepted": _s("Diterima", "Accepted"),
    "nd_m_rejected": _s("Ditolak", "Rejected"),
    "nd_m_duplicates": _s("Kemungkinan duplikat", "Possible duplicates"),
    "nd_problems": _s("Kesalahan per baris", "Row errors"),
    "nd_preview": _s("Pratinjau (belum disimpan)", "Preview (not saved yet)"),
    "nd_dup_title": _s("Kemungkinan duplikat: pilih tindakan", "Possible duplicates: choose"),
    "nd_dup_row": _s(
        "Baris {row}: {name}, kemungkinan duplikat {other} ({why})",
        "Row {row}: {name}, possible duplicate of {other} ({why})",
    ),
    "nd_why_name_phone": _s("nama dan HP sama", "same name and phone"),
    "nd_why_phone": _s("nomor HP sama", "same phone"),
    "nd_why_similar_name": _s(
        "nama mirip, tahun lahir dan kelurahan sama",
        "similar name, same birth year and kelurahan",
    ),
    "nd_why_same_submission": _s("kiriman yang sama", "same submission"),
    "nd_act_skip": _s("Lewati", "Skip"),
    "nd_act_merge": _s("Gabungkan", "Merge"),
    "nd_act_new": _s("Simpan sebagai orang baru", "Import as new"),
    "nd_commit": _s("Simpan {n} baris", "Save {n} rows"),
    "nd_committed": _s(
        "Tersimpan: {created} baru, {merged} digabung, {skipped} dilewati, {rejected} ditolak.",
        "Saved: {created} new, {merged} merged, {skipped} skipped, {rejected} rejected.",
    ),
    "nd_col_row": _s("Baris", "Row"),
    "nd_col_status": _s("Status", "Status"),
    "nd_col_age": _s("Usia", "Age"),
    "nd_col_segment": _s("Kelompok", "Segment"),
    "nd_col_skills": _s("Keahlian", "Skills"),
    "nd_col_duplicate": _s("Duplikat dari", "Duplicate of"),
    "nd_col_notes_fix": _s("Perbaikan otomatis", "Automatic fixes"),
    "nd_col_file": _s("Berkas", "File"),
    "nd_col_column": _s("Kolom", "Column"),
    "nd_col_value": _s("Nilai", "Value"),
    "nd_col_allowed": _s("Yang diperbolehkan", "Allowed"),
    "nd_uuid": _s("ID kiriman", "Submission id"),
    # field intake: coded problems and notes of matcher.needs.kobo / matcher.needs.intake
    "msg_intake_consent": _s(
        "'{yes}': tanpa persetujuan, data tidak disimpan",
        "'{yes}': without consent no record is saved",
    ),
    "msg_intake_name": _s("nama (wajib diisi di formulir)", "a name (required in the form)"),
    "msg_intake_birth_date": _s(
        "tanggal lahir, mis. 2007-04-03 atau 3/4/2007",
        "a date of birth such as 2007-04-03 or 3/4/2007",
    ),
    "msg_intake_age_range": _s(
        "usia {minimum} sampai {maximum} tahun pada hari pendaftaran",
        "an age between {minimum} and {maximum} on the registration day",
    ),
    "msg_intake_required": _s(
        "wajib diisi (pilih salah satu jawaban di formulir)",
        "required (choose one of the form's answers)",
    ),
    "msg_intake_same_submission_problem": _s(
        "kiriman yang belum ada di file ini (kiriman yang sama dengan baris {row}, "
        "dihitung sekali)",
        "a submission not already in this file (the same submission as row {row}, counted once)",
    ),
    "msg_intake_same_submission": _s(
        "kiriman yang sama dengan baris {row}", "same submission as row {row}"
    ),
    "msg_intake_kelurahan_fixed": _s(
        "kelurahan '{typed}' dibaca sebagai '{kelurahan}'",
        "kelurahan '{typed}' read as '{kelurahan}'",
    ),
    "msg_intake_not_export": _s(
        "{file}: bukan ekspor formulir pendataan, kolom {missing} tidak ada; ekspor dari "
        "KoboToolbox dengan pilihan 'XML values and headers'",
        "{file}: is not an export of the intake form: missing column(s) {missing}; export "
        "from KoboToolbox with 'XML values and headers'",
    ),
    "msg_intake_merge_needs_stored": _s(
        "baris {row}: gabungkan hanya untuk duplikat yang sudah tersimpan; pilih lewati atau "
        "simpan sebagai orang baru",
        "row {row}: merge needs a stored duplicate; choose skip or import as new",
    ),
    # outreach
    "nd_outreach_title": _s("Penjangkauan: pesan & flyer", "Outreach: message & flyer"),
    "nd_outreach_intro": _s(
        "Pesan siap tempel untuk WhatsApp atau media sosial, dan flyer untuk dicetak.",
        "A message ready to paste into WhatsApp or social media, and a printable flyer.",
    ),
    "nd_kind": _s("Jenis", "Kind"),
    "nd_kind_program": _s("Program pelatihan", "Training programme"),
    "nd_kind_vacancy": _s("Lowongan", "Vacancy"),
    "nd_pick_item": _s("Pilih", "Choose"),
    "nd_no_items": _s("Belum ada data.", "Nothing here yet."),
    "nd_message": _s(
        "Pesan WhatsApp (salin dengan tombol di pojok)",
        "WhatsApp message (copy with the corner button)",
    ),
    "nd_length_ok": _s("{n}/{limit} karakter", "{n}/{limit} characters"),
    "nd_length_short": _s(
        "{n}/{limit} karakter; daftar keahlian/deskripsi diringkas agar muat.",
        "{n}/{limit} characters; skills/description shortened to fit.",
    ),
    "nd_length_over": _s(
        "Terlalu panjang: {n}/{limit} karakter.", "Too long: {n}/{limit} characters."
    ),
    "nd_paper": _s("Ukuran kertas", "Paper size"),
    "nd_download_flyer": _s(
        "Unduh flyer (HTML, cetak dari browser)", "Download flyer (HTML, print from the browser)"
    ),
    "nd_flyer_preview": _s("Pratinjau flyer", "Flyer preview"),
}

"""Strings about personal data (UU PDP): subject export and erasure, distance bands, page errors."""

from __future__ import annotations


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS: dict[str, dict[str, str]] = {
    # an employer sees distances in bands, never in km
    "distance_lt3": _s("jarak < 3 km", "distance < 3 km"),
    "distance_3-7": _s("jarak 3-7 km", "distance 3-7 km"),
    "distance_7-15": _s("jarak 7-15 km", "distance 7-15 km"),
    "distance_gt15": _s("jarak > 15 km", "distance > 15 km"),
    # a trainer sees ages in bands before enrolment with consent
    "age_lt18": _s("usia < 18", "age < 18"),
    "age_18-24": _s("usia 18-24", "age 18-24"),
    "age_25-29": _s("usia 25-29", "age 25-29"),
    "age_30-39": _s("usia 30-39", "age 30-39"),
    "age_ge40": _s("usia 40+", "age 40+"),
    "trainer_anonymous": _s(
        "Calon peserta tampil dengan kode acak, kelompok usia dan jarak. Nama dan kontak "
        "tampil di daftar peserta setelah orangnya diterima dan setuju kontaknya dibagikan.",
        "Candidates show as random codes with age and distance bands. Name and contact "
        "appear in the enrolment list once the person is enrolled and agreed to share them.",
    ),
    "col_candidate": _s("Kode calon", "Candidate code"),
    # admin: the audit trail's record types
    "audit_entity_id": _s("ID data", "Record id"),
    "audit_entity_jobseeker": _s("Pencari kerja", "Jobseeker"),
    "audit_entity_vacancy": _s("Lowongan", "Vacancy"),
    "audit_entity_program": _s("Program", "Programme"),
    "audit_entity_recommendation_decision": _s("Keputusan rekomendasi", "Recommendation decision"),
    "audit_entity_referral": _s("Rujukan", "Referral"),
    "audit_entity_person_settings": _s("Bobot & aturan orang", "Person's weights and rules"),
    "audit_entity_user": _s("Akun", "Account"),
    "audit_entity_enrolment_suggestion": _s("Saran peserta", "Enrolment suggestion"),
    "audit_entity_subject_export": _s("Ekspor data pribadi", "Personal data export"),
    "audit_entity_erasure": _s("Penghapusan data", "Erasure"),
    "audit_entity_ranker_model": _s("Model peringkat", "Ranker model"),
    "audit_entity_hub_request": _s("Pertanyaan pemberi kerja", "Employer question"),
    "audit_entity_intake_import": _s("Impor pendataan lapangan", "Field intake import"),
    "audit_entity_partner": _s("Mitra", "Partner"),
    # admin: what an audit entry did (record changes by code; a counselor's adjustments
    # read as action_<code>, outcomes as status_<code>)
    "audit_action_create": _s("Dibuat", "Created"),
    "audit_action_update": _s("Diubah", "Changed"),
    "audit_action_import": _s("Diimpor", "Imported"),
    "audit_action_login": _s("Masuk", "Signed in"),
    "audit_action_answer": _s("Dijawab", "Answered"),
    "audit_action_append": _s("Ditambahkan", "Added"),
    "audit_action_consent_given": _s("Persetujuan dicatat", "Consent recorded"),
    "audit_action_consent_withdrawn": _s("Persetujuan ditarik", "Consent withdrawn"),
    "audit_action_consent_to_share": _s("Setuju datanya dibagikan", "Agreed to share contact"),
    "audit_action_declined": _s("Saran ditolak", "Suggestion declined"),
    "audit_action_erase": _s("Data pribadi dihapus", "Personal data erased"),
    "audit_action_export": _s("Data pribadi diekspor", "Personal data exported"),
    "audit_action_password_changed": _s("Kata sandi diganti", "Password changed"),
    "audit_action_simulate": _s("Riwayat demo dibuat", "Demo history simulated"),
    "audit_action_train": _s("Model dilatih", "Model trained"),
    "audit_action_activate": _s("Model diaktifkan", "Model activated"),
    "audit_action_rollback": _s("Model dikembalikan", "Model rolled back"),
    "audit_action_status": _s("Hasil: {status}", "Outcome: {status}"),
    # admin: the fields an audit entry changed, beside the forms' own labels (f_<column>)
    "audit_col_active": _s("Aktif", "Active"),
    "audit_col_role": _s("Peran", "Role"),
    "audit_col_display_name": _s("Nama tampilan", "Display name"),
    "audit_col_status": _s("Status", "Status"),
    "audit_col_jobseeker_id": _s("ID pencari kerja", "Jobseeker id"),
    "audit_col_consent_recorded": _s("Persetujuan berbagi kontak", "Consent to share contact"),
    "audit_col_consent_given": _s("Persetujuan data", "Data consent"),
    "audit_col_consent_at": _s("Waktu persetujuan", "Consent time"),
    "audit_col_consent_by": _s("Persetujuan dicatat oleh", "Consent recorded by"),
    "audit_col_weights": _s("Bobot", "Weights"),
    "audit_col_relaxed_rules": _s("Aturan dilonggarkan", "Relaxed rules"),
    "audit_col_answered_at": _s("Waktu jawaban", "Answered at"),
    "audit_col_answered_by": _s("Dijawab oleh", "Answered by"),
    "audit_col_email": _s("Email", "Email"),
    "audit_col_contact_person": _s("Narahubung", "Contact person"),
    "audit_col_partner_type": _s("Jenis mitra", "Partner type"),
    "audit_col_notes": _s("Catatan", "Notes"),
    "col_age_band": _s("Kelompok usia", "Age band"),
    "col_distance_band": _s("Jarak", "Distance"),
    # any page that fails
    "page_error": _s(
        "Maaf, halaman ini mengalami kesalahan dan tidak dapat ditampilkan. Data yang sudah "
        "tersimpan aman. Coba muat ulang halaman; bila masih terjadi, sampaikan kode "
        "rujukan {ref} kepada admin.",
        "Sorry, this page ran into an error and cannot be shown. Saved data is safe. Try "
        "reloading the page; if it happens again, give the admin the reference code {ref}.",
    ),
    # counselor: withdrawing consent
    "withdraw_consent": _s("Tarik persetujuan", "Withdraw consent"),
    "withdraw_consent_help": _s(
        "Orang ini tidak lagi direkomendasikan ke pemberi kerja atau pelatih, dan nama serta "
        "no. HP-nya disembunyikan dari rujukan sebelumnya. Datanya tetap tersimpan sampai "
        "admin menghapusnya atas permintaannya.",
        "The person is no longer recommended to employers or trainers, and their name and "
        "phone are hidden from earlier referrals. Their data stays stored until an admin "
        "erases it at their request.",
    ),
    "withdraw_consent_confirm": _s("Ya, tarik persetujuan", "Yes, withdraw consent"),
    "done_consent_withdrawn": _s("Persetujuan ditarik.", "Consent withdrawn."),
    # admin: one person's data
    "pdp_title": _s("Data pribadi (UU PDP 27/2022)", "Personal data (UU PDP 27/2022)"),
    "pdp_intro": _s(
        "Ekspor semua data tentang satu pencari kerja (JSON dan Excel), atau hapus datanya: "
        "nama, no. HP dan teks bebas dihapus, umur menjadi kelompok umur, id diganti "
        "pseudonim acak; angka pemantauan tetap dihitung tanpa bisa dikaitkan ke orangnya.",
        "Export every record about one jobseeker (JSON and Excel), or erase their data: name, "
        "phone and free text are removed, the age becomes an age band, the id a random "
        "pseudonym; the monitoring figures still count them without leading back to them.",
    ),
    "pdp_jobseeker": _s("Id pencari kerja (mis. JS-0250)", "Jobseeker id (e.g. JS-0250)"),
    "pdp_export": _s("Siapkan ekspor", "Prepare the export"),
    "pdp_export_ready": _s(
        "Ekspor {id} siap diunduh: {n} tabel, {audit} catatan audit.",
        "Export of {id} ready: {n} tables, {audit} audit entries.",
    ),
    "pdp_download_json": _s("Unduh JSON", "Download JSON"),
    "pdp_download_xlsx": _s("Unduh Excel", "Download Excel"),
    "pdp_erase_title": _s("Hapus data (tidak bisa dibatalkan)", "Erase data (cannot be undone)"),
    "pdp_erase_confirm": _s("Ketik ulang id untuk konfirmasi", "Type the id again to confirm"),
    "pdp_erase_check": _s(
        "Saya sudah mengekspor data bila orangnya memintanya, dan memahami "
        "bahwa penghapusan tidak bisa dibatalkan.",
        "I exported the data if the person asked for it, and understand "
        "that erasure cannot be undone.",
    ),
    "pdp_erase_button": _s("Hapus data orang ini", "Erase this person's data"),
    "pdp_erased": _s(
        "Data {id} dihapus; pseudonim yang tersisa: {pseudonym}.",
        "Data of {id} erased; the pseudonym left: {pseudonym}.",
    ),
    "pdp_erased_log_pending": _s(
        " Salinan lama di berkas log database (-wal) belum bisa ditimpa karena ada bacaan "
        "lain yang masih berjalan; aplikasi mencobanya lagi tiap jam (docs/security.md).",
        " An old copy in the database's log file (-wal) could not be overwritten yet "
        "because another read is still running; the app tries again every hour "
        "(docs/security.md).",
    ),
    "pdp_erased_caches_left": _s(
        " Cache teks orang (models/cache, models/embeddings/queries) gagal dikosongkan: "
        "hentikan aplikasi dan hapus kedua folder itu (docs/security.md).",
        " The caches of people's texts (models/cache, models/embeddings/queries) could not "
        "be cleared: stop the app and delete both folders (docs/security.md).",
    ),
    "pdp_erase_needs_check": _s(
        "Centang pernyataan di atas dulu.", "Tick the statement above first."
    ),
    "pdp_erasures": _s("Penghapusan yang sudah dilakukan", "Erasures done"),
    "pdp_no_erasures": _s("Belum ada penghapusan.", "No erasures yet."),
    "col_pseudonym": _s("Pseudonim", "Pseudonym"),
    "col_rows_changed": _s("Baris diubah", "Rows changed"),
}

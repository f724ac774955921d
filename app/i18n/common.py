"""Strings shared by every page: menu, roles, statuses, generic words and messages."""

from __future__ import annotations

from matcher.db import DecisionAction, ReasonCode, ReferralStatus, Role, VacancyStatus
from matcher.domain import BusinessStage, Gender, OpportunityKind, Segment, WorkType


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS: dict[str, dict[str, str]] = {
    # menu
    "nav_signin": _s("Masuk", "Sign in"),
    "nav_home": _s("Beranda", "Home"),
    "nav_jobseekers": _s("Pencari kerja", "Jobseekers"),
    "nav_register": _s("Daftarkan pencari kerja", "Register a jobseeker"),
    "nav_field_intake": _s("Pendataan lapangan", "Field intake"),
    "nav_needs_map": _s("Peta kebutuhan", "Needs map"),
    "nav_outreach": _s("Penjangkauan", "Outreach"),
    "nav_trainer": _s("Program pelatihan saya", "My training programmes"),
    "nav_employer": _s("Lowongan saya", "My vacancies"),
    "nav_monitoring": _s("Pemantauan & evaluasi", "Monitoring & evaluation"),
    "nav_partners": _s("Mitra", "Partners"),
    "nav_ranker": _s("Model peringkat", "Ranking model"),
    "nav_users": _s("Pengguna & jejak audit", "Users & audit trail"),
    "language": _s("Bahasa", "Language"),
    "signed_in_as": _s("Masuk sebagai {name} ({role})", "Signed in as {name} ({role})"),
    "signout": _s("Keluar", "Sign out"),
    "db_starting": _s("Menyiapkan basis data…", "Preparing the database…"),
    # generic
    "choose": _s("Pilih…", "Choose…"),
    "optional": _s("(boleh dikosongkan)", "(optional)"),
    "all": _s("Semua", "All"),
    "score": _s("Skor", "Score"),
    "note": _s("Catatan", "Note"),
    "reason": _s("Alasan", "Reason"),
    "username": _s("Nama pengguna", "Username"),
    "password": _s("Kata sandi", "Password"),
    "loading_recs": _s("Menghitung rekomendasi…", "Computing recommendations…"),
    "help_list": _s("Pisahkan dengan titik koma (;) atau koma.", "Separate with ; or ,."),
    "field_invalid": _s("Belum sesuai. Yang diharapkan: {allowed}", "Not valid. Expected: {allowed}"),
    # messages
    "signin_required": _s("Silakan masuk terlebih dahulu.", "Please sign in first."),
    "role_denied": _s(
        "Halaman ini tidak tersedia untuk peran {role}.", "This page is not available to the {role} role."
    ),
    "denied": _s("Anda tidak berhak melakukan ini.", "You are not allowed to do this."),
    "conflict": _s(
        "Data ini baru saja diubah oleh {who} pada {when}. Perubahan Anda belum disimpan: "
        "muat ulang halaman, periksa, lalu coba lagi.",
        "This record was just changed by {who} at {when}. Your change was not saved: reload "
        "the page, check, and try again.",
    ),
    "conflict_kept": _s(
        "Data ini baru saja diubah oleh {who} pada {when}. Isian Anda belum disimpan dan "
        "masih ada di formulir. Yang tersimpan sekarang berbeda di bawah ini: periksa, lalu "
        "tekan Simpan lagi untuk menyimpan isian Anda, atau pakai data yang tersimpan.",
        "This record was just changed by {who} at {when}. Your change was not saved and is "
        "still in the form. Where the stored record now differs is listed below: check, then "
        "press Save again to keep your values, or use the stored data.",
    ),
    "conflict_field": _s(
        "• {field}: tersimpan \"{stored}\", isian Anda \"{mine}\"",
        "• {field}: stored \"{stored}\", yours \"{mine}\"",
    ),
    "use_stored": _s("Pakai data tersimpan", "Use the stored data"),
    "consent_required": _s(
        "Persetujuan pencari kerja belum dicatat. Tanyakan dan centang persetujuan dulu.",
        "The jobseeker's consent is not recorded. Ask them and tick consent first.",
    ),
    "validation_failed": _s("Ada isian yang belum sesuai:", "Some fields are not valid:"),
    "problem_line": _s("• {field}: \"{value}\" — {allowed}", "• {field}: \"{value}\" — {allowed}"),
    "error_generic": _s("Tidak dapat diproses:", "Could not be processed:"),
    "fix_fields": _s("Perbaiki isian: {fields}", "Please fix: {fields}"),
    # roles
    **{f"role_{r.value}": v for r, v in {
        Role.COUNSELOR: _s("konselor", "counselor"),
        Role.TRAINER: _s("pelatih", "trainer"),
        Role.EMPLOYER: _s("pemberi kerja", "employer"),
        Role.ADMIN: _s("admin", "admin"),
        Role.COUNSELOR_LEAD: _s("koordinator konselor", "counselor lead"),
    }.items()},
    # domain vocabularies
    **{f"gender_{g.value}": v for g, v in {
        Gender.FEMALE: _s("Perempuan", "Female"), Gender.MALE: _s("Laki-laki", "Male"),
    }.items()},
    **{f"segment_{s.value}": v for s, v in {
        Segment.YOUTH: _s("Pemuda pencari kerja", "Young jobseeker"),
        Segment.WOMAN_ENTREPRENEUR: _s("Perempuan wirausaha", "Woman entrepreneur"),
    }.items()},
    **{f"stage_{b.value}": v for b, v in {
        BusinessStage.IDEA: _s("Masih ide", "Idea"),
        BusinessStage.STARTING: _s("Rintisan", "Starting"),
        BusinessStage.GROWING: _s("Berkembang", "Growing"),
    }.items()},
    **{f"work_{w.value}": v for w, v in {
        WorkType.FULL_TIME: _s("Penuh waktu", "Full time"),
        WorkType.PART_TIME: _s("Paruh waktu", "Part time"),
        WorkType.SHIFT: _s("Shift", "Shift"),
        WorkType.HOME_BASED: _s("Dari rumah", "Home-based"),
    }.items()},
    **{f"kind_{k.value}": v for k, v in {
        OpportunityKind.VACANCY: _s("Lowongan", "Vacancy"),
        OpportunityKind.TRAINING: _s("Pelatihan", "Training"),
        OpportunityKind.ENTREPRENEURSHIP: _s("Program wirausaha", "Entrepreneurship"),
    }.items()},
    **{f"reason_{r.value}": v for r, v in {
        ReasonCode.TOO_FAR: _s("Terlalu jauh", "Too far"),
        ReasonCode.SCHEDULE: _s("Jadwal tidak cocok", "Schedule does not fit"),
        ReasonCode.NOT_INTERESTED: _s("Tidak berminat", "Not interested"),
        ReasonCode.NOT_QUALIFIED: _s("Belum memenuhi syarat", "Not qualified"),
        ReasonCode.OTHER: _s("Lainnya (tulis catatan)", "Other (write a note)"),
    }.items()},
    **{f"status_{s.value}": v for s, v in {
        ReferralStatus.REFERRED: _s("Dirujuk", "Referred"),
        ReferralStatus.APPLIED: _s("Melamar", "Applied"),
        ReferralStatus.INTERVIEWED: _s("Wawancara", "Interviewed"),
        ReferralStatus.HIRED: _s("Diterima kerja", "Hired"),
        ReferralStatus.ENROLLED: _s("Terdaftar pelatihan", "Enrolled"),
        ReferralStatus.COMPLETED: _s("Lulus/selesai", "Completed"),
        ReferralStatus.DROPPED_OUT: _s("Berhenti", "Dropped out"),
    }.items()},
    **{f"vstatus_{s.value}": v for s, v in {
        VacancyStatus.OPEN: _s("Dibuka", "Open"), VacancyStatus.CLOSED: _s("Ditutup", "Closed"),
    }.items()},
    # Open, but its closing date has passed: nobody is shown it any more.
    "vstatus_expired": _s("Lewat batas lamaran", "Past its closing date"),
    **{f"action_{a.value}": v for a, v in {
        DecisionAction.ACCEPT: _s("Diterima", "Accepted"),
        DecisionAction.RESTORE: _s("Penolakan dibatalkan", "Rejection undone"),
        DecisionAction.REJECT: _s("Ditolak", "Rejected"),
        DecisionAction.PIN: _s("Disematkan", "Pinned"),
        DecisionAction.UNPIN: _s("Sematan dilepas", "Unpinned"),
        DecisionAction.MOVE_UP: _s("Dinaikkan", "Moved up"),
        DecisionAction.MOVE_DOWN: _s("Diturunkan", "Moved down"),
        DecisionAction.NOTE: _s("Catatan", "Note"),
        DecisionAction.RELAX_RULE: _s("Aturan dilonggarkan", "Rule relaxed"),
        DecisionAction.SET_WEIGHTS: _s("Bobot diubah", "Weights changed"),
        DecisionAction.REORDER: _s("Urutan diubah", "Reordered"),
    }.items()},
}  # fmt: skip

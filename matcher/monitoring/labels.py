"""Words for indicator names, chart titles and the narrative, in Indonesian and English.

The printed report (no Streamlit) reads them here; the dashboard gets the same texts
through ``app/i18n/monitoring.py``, which re-exports them with a ``mon_`` prefix.
"""

from __future__ import annotations

__all__ = ["LABELS", "label", "labels_for"]

LABELS: dict[str, dict[str, str]] = {
    "registrations": {"id": "Pendaftaran", "en": "Registrations"},
    "recommendations_shown": {"id": "Rekomendasi ditampilkan", "en": "Recommendations shown"},
    "referrals": {"id": "Rujukan", "en": "Referrals"},
    "enrolments": {"id": "Mendaftar pelatihan", "en": "Enrolments"},
    "completions": {"id": "Lulus pelatihan", "en": "Completions"},
    "placements": {"id": "Penempatan kerja", "en": "Placements"},
    "dropouts": {"id": "Putus pelatihan", "en": "Dropouts"},
    "business_started_or_grew": {"id": "Usaha mulai/berkembang", "en": "Business started/grew"},
    "people": {"id": "Orang", "en": "People"},
    "month": {"id": "Bulan", "en": "Month"},
    "count": {"id": "Jumlah", "en": "Count"},
    "referral_rate": {"id": "Tingkat rujukan", "en": "Referral rate"},
    "enrolment_rate": {"id": "Tingkat pendaftaran pelatihan", "en": "Enrolment rate"},
    "completion_rate": {"id": "Tingkat kelulusan", "en": "Completion rate"},
    "placement_rate": {"id": "Tingkat penempatan", "en": "Placement rate"},
    "exposure_share": {"id": "Porsi paparan", "en": "Exposure share"},
    "override_rate": {"id": "Tingkat koreksi konselor", "en": "Counselor override rate"},
    "median_wage": {"id": "Median upah (Rp/bulan)", "en": "Median wage (Rp/month)"},
    "women_median_wage": {"id": "Perempuan", "en": "Women"},
    "men_median_wage": {"id": "Laki-laki", "en": "Men"},
    "flagged": {"id": "Selisih > ambang", "en": "Gap > threshold"},
    "ok": {"id": "Dalam ambang", "en": "Within threshold"},
    "all_vacancies": {"id": "Semua lowongan", "en": "All vacancies"},
    "high_wage_vacancies": {"id": "Lowongan upah tinggi", "en": "High-wage vacancies"},
    "night_shift_vacancies": {"id": "Lowongan shift malam", "en": "Night-shift vacancies"},
    "trainings": {"id": "Pelatihan vokasi", "en": "Vocational training"},
    "entrepreneurship": {"id": "Program kewirausahaan", "en": "Entrepreneurship programmes"},
    "counselor_view": {"id": "Daftar konselor", "en": "Counselor lists"},
    "employer_shortlist": {"id": "Shortlist pemberi kerja", "en": "Employer shortlists"},
    "trainer_suggestions": {"id": "Saran untuk pelatih", "en": "Trainer suggestions"},
    "reason_schedule": {"id": "Jadwal", "en": "Schedule"},
    "reason_too_far": {"id": "Terlalu jauh", "en": "Too far"},
    "reason_not_interested": {"id": "Tidak minat", "en": "Not interested"},
    "reason_not_qualified": {"id": "Belum memenuhi syarat", "en": "Not qualified"},
    "reason_other": {"id": "Lainnya", "en": "Other"},
    "reason_none": {"id": "Tanpa alasan", "en": "No reason"},
    "group": {"id": "Kelompok", "en": "Group"},
    "stage": {"id": "Tahap", "en": "Stage"},
    "measure": {"id": "Ukuran", "en": "Measure"},
    "reason": {"id": "Alasan", "en": "Reason"},
    "who": {"id": "Untuk", "en": "For"},
    "stratum": {"id": "Strata", "en": "Stratum"},
    "tier": {"id": "Jenis peluang", "en": "Opportunity tier"},
    "eligible_share": {"id": "Porsi memenuhi syarat", "en": "Eligible share"},
    "exposures": {"id": "Paparan", "en": "Exposures"},
    "gap": {"id": "Selisih", "en": "Gap"},
    "chart_funnel": {"id": "Alur layanan (orang)", "en": "Service funnel (people)"},
    "chart_trends": {"id": "Tren bulanan", "en": "Monthly trends"},
    "chart_parity": {
        "id": "Porsi paparan vs porsi yang memenuhi syarat (garis hitam)",
        "en": "Exposure share vs eligible share (black tick)",
    },
    "chart_steering": {
        "id": "Median upah lowongan yang direkomendasikan, profil serupa",
        "en": "Median wage of recommended vacancies, similar profiles",
    },
    "chart_overrides": {"id": "Koreksi konselor per alasan", "en": "Counselor overrides by reason"},
    "segment": {"id": "Segmen", "en": "Segment"},
    "gender": {"id": "Jenis kelamin", "en": "Gender"},
    "age_band": {"id": "Kelompok umur", "en": "Age band"},
    "kelurahan": {"id": "Kelurahan", "en": "Kelurahan"},
    "education": {"id": "Pendidikan", "en": "Education"},
    "disability": {"id": "Disabilitas", "en": "Disability"},
    "report_title": {
        "id": "Laporan Pemantauan dan Evaluasi - Layanan Terpadu Tanjung Barat",
        "en": "Monitoring and Evaluation Report - Tanjung Barat Integrated Services",
    },
    "demo_banner": {
        "id": "Data demo (simulasi): angka di bawah ini berasal dari riwayat simulasi, "
        "bukan dari orang sungguhan.",
        "en": "Demo data (simulated): the figures below come from a simulated history, "
        "not from real people.",
    },
    "period": {
        "id": "Periode {start} s.d. {end} (data per {as_of})",
        "en": "Period {start} to {end} (data as of {as_of})",
    },  # fmt: skip
    "n_funnel": {
        "id": "Dalam periode ini {registrations} orang terdaftar dan {shown} rekomendasi "
        "ditampilkan kepada konselor. Ada {referrals} rujukan, {enrolments} pendaftaran "
        "pelatihan, {completions} kelulusan dan {placements} penempatan kerja "
        "({people_placements} orang).",
        "en": "In this period {registrations} people registered and {shown} recommendations "
        "were shown to counselors. There were {referrals} referrals, {enrolments} "
        "enrolments, {completions} completions and {placements} placements "
        "({people_placements} people).",
    },
    "n_time": {
        "id": "Median waktu dari pendaftaran sampai penempatan atau pendaftaran pelatihan "
        "pertama adalah {median} hari; {share} dari yang terdaftar minimal 180 hari "
        "mencapainya dalam 180 hari.",
        "en": "The median time from registration to the first placement or enrolment was "
        "{median} days; {share} of those registered at least 180 days ago got there "
        "within 180 days.",
    },
    "n_program": {
        "id": "Program dengan tingkat kelulusan tertinggi (min. {min_n} peserta selesai): "
        "{title} ({provider}), {rate}.",
        "en": "Programme with the highest completion rate (at least {min_n} finished): "
        "{title} ({provider}), {rate}.",
    },
    "n_business": {
        "id": "Perempuan wirausaha yang lulus program kewirausahaan: {with_rate} usahanya "
        "mulai/berkembang, dibanding {without_rate} yang tidak ikut (perbandingan, bukan "
        "bukti sebab-akibat).",
        "en": "Women entrepreneurs who completed an entrepreneurship programme: {with_rate} "
        "started or grew their business, against {without_rate} of those who did not "
        "(a comparison, not proof of cause).",
    },
    "n_parity": {
        "id": "Keadilan paparan: {flagged} dari {total} irisan (konteks x jenis x kelompok) "
        "berselisih lebih dari {threshold} poin persen. Selisih terbesar: {group} pada "
        "{tier} ({context}), {share} paparan vs {eligible} yang memenuhi syarat.",
        "en": "Exposure fairness: {flagged} of {total} slices (context x tier x group) "
        "differ by more than {threshold} percentage points. Largest gap: {group} in "
        "{tier} ({context}), {share} of exposures vs {eligible} of eligible people.",
    },
    "n_steering": {
        "id": "Pengarahan upah: untuk profil serupa, median upah lowongan yang "
        "direkomendasikan ke perempuan {direction} Rp {gap} ({rel}) dibanding laki-laki "
        "(p = {p}, {strata} strata). {verdict}",
        "en": "Wage steering: for similar profiles, the median wage of vacancies recommended "
        "to women is Rp {gap} ({rel}) {direction} than to men (p = {p}, {strata} "
        "strata). {verdict}",
    },
    "lower": {"id": "lebih rendah", "en": "lower"},
    "higher": {"id": "lebih tinggi", "en": "higher"},
    "steering_flag": {"id": "Perlu ditinjau.", "en": "Needs review."},
    "steering_ok": {"id": "Tidak melewati ambang.", "en": "Within the threshold."},
    "n_override": {
        "id": "Konselor mengoreksi {rate_all} rekomendasi. Alasan terbanyak untuk "
        "perempuan: {reason_w} ({share_w}); untuk laki-laki: {reason_m} ({share_m}).",
        "en": "Counselors overrode {rate_all} of recommendations. Most common reason for "
        "women: {reason_w} ({share_w}); for men: {reason_m} ({share_m}).",
    },
    "n_none": {"id": "Belum ada data untuk bagian ini.", "en": "No data for this part yet."},
}


def label(key: str, lang: str = "id") -> str:
    texts = LABELS.get(key)
    return texts.get(lang, texts["id"]) if texts else key


def labels_for(lang: str = "id") -> dict[str, str]:
    """Every label in one language (what the chart functions take)."""
    return {key: label(key, lang) for key in LABELS}

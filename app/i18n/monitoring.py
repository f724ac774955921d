"""Strings of the monitoring & evaluation dashboard (app/pages/monitoring.py).

Indicator names, chart words and the demo banner come from matcher.monitoring.labels
(shared with the printed report) under a ``mon_`` prefix; page-only strings follow.
"""

from __future__ import annotations

from matcher.monitoring.labels import LABELS


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS: dict[str, dict[str, str]] = {f"mon_{key}": texts for key, texts in LABELS.items()}
STRINGS.update(
    {
        "mon_title": _s("Pemantauan & evaluasi", "Monitoring & evaluation"),
        "mon_intro": _s(
            "Apa yang terjadi pada orang yang kami layani: rujukan, pelatihan, kerja dan "
            "usaha, per kelompok, serta keadilan rekomendasi. Semua angka dihitung dari "
            "basis data; laporan unduhan memuat angka yang sama.",
            "What happens to the people we serve: referrals, training, jobs and "
            "businesses, by group, and the fairness of the recommendations. Every figure "
            "comes from the database; the downloadable report carries the same figures.",
        ),
        "mon_filters": _s("Filter", "Filters"),
        "mon_computing": _s("Menghitung angka…", "Computing the figures…"),
        "mon_period": _s("Periode", "Period"),
        "mon_threshold": _s(
            "Ambang selisih keadilan (poin persen)", "Fairness gap threshold (percentage points)"
        ),  # fmt: skip
        "mon_all": _s("Semua", "All"),
        "mon_tab_overview": _s("Ringkasan", "Overview"),
        "mon_tab_groups": _s("Per kelompok", "By group"),
        "mon_tab_programs": _s("Program & pemberi kerja", "Programmes & employers"),
        "mon_tab_business": _s("Usaha perempuan", "Women's businesses"),
        "mon_tab_fairness": _s("Keadilan", "Fairness"),
        "mon_tab_export": _s("Laporan & unduhan", "Report & downloads"),
        "mon_no_data": _s(
            "Belum ada riwayat layanan di basis data.", "No service history in the database yet."
        ),
        "mon_dimension": _s("Kelompok menurut", "Group by"),
        "mon_metric": _s("Ukuran", "Measure"),
        "mon_median_days": _s("Median hari ke hasil pertama", "Median days to first outcome"),
        "mon_within_180": _s("Mencapai hasil dalam 180 hari", "Outcome within 180 days"),
        "mon_programs": _s("Per program", "Per programme"),
        "mon_employers": _s("Per pemberi kerja", "Per employer"),
        "mon_rates_note": _s(
            "Tingkat penempatan 3/6 bulan hanya dihitung untuk yang sudah cukup lama "
            "(lulus/dirujuk minimal 90/180 hari sebelum tanggal data).",
            "3/6-month placement rates count only people far enough along (completed or "
            "referred at least 90/180 days before the data date).",
        ),
        "mon_parity": _s("Paparan vs kelayakan", "Exposure vs eligibility"),
        "mon_flagged_only": _s("Hanya yang melewati ambang", "Only gaps above the threshold"),
        "mon_steering": _s(
            "Pengarahan upah (perempuan vs laki-laki)", "Wage steering (women vs men)"
        ),  # fmt: skip
        "mon_steering_gap": _s("Selisih median upah", "Median wage gap"),
        "mon_steering_p": _s("Nilai p (permutasi)", "p-value (permutation)"),
        "mon_steering_flagged": _s(
            "Perempuan direkomendasikan lowongan berupah lebih rendah daripada laki-laki "
            "dengan profil serupa. Perlu ditinjau.",
            "Women are recommended lower-paid vacancies than men with similar profiles. "
            "Needs review.",
        ),
        "mon_steering_ok": _s(
            "Tidak ada pengarahan upah di atas ambang.", "No wage steering above the threshold."
        ),  # fmt: skip
        "mon_overrides": _s("Koreksi konselor dan alasannya", "Counselor overrides and reasons"),
        "mon_method": _s(
            "Porsi paparan dibandingkan dengan porsi orang yang memenuhi syarat di setiap "
            "kelompok. Selisih adalah tanda untuk ditinjau, bukan "
            "bukti diskriminasi; program yang memang untuk kelompok tertentu akan tampak "
            "berselisih.",
            "Each group's share of exposures is compared with its share of the people "
            "eligible. A gap is a prompt for review, not proof of "
            "discrimination; programmes aimed at one group will show gaps by design.",
        ),
        "mon_narrative": _s("Narasi untuk rapat mitra", "Narrative for the partners' meeting"),
        "mon_download_xlsx": _s("Unduh Excel", "Download Excel"),
        "mon_download_html": _s("Unduh laporan cetak (HTML)", "Download printable report (HTML)"),
        "mon_download_json": _s("Unduh JSON", "Download JSON"),
    }
)

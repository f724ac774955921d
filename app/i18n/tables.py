"""Column names and cell values of the monitoring and ranker tables (``tb_`` keys).

Indicator names that the printed report shares live in matcher.monitoring.labels
(``mon_`` keys); these are the rest, so no snake_case column name, code or "None"
reaches a page. Used by app/tables.py.
"""

from __future__ import annotations


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


COLUMNS = {
    "people_registrations": _s("Orang terdaftar", "People registered"),
    "people_recommendations_shown": _s("Orang diberi rekomendasi", "People shown recommendations"),
    "people_referrals": _s("Orang dirujuk", "People referred"),
    "people_enrolments": _s("Orang mendaftar pelatihan", "People enrolled"),
    "people_completions": _s("Orang lulus pelatihan", "People who completed"),
    "people_placements": _s("Orang ditempatkan", "People placed"),
    "people_dropouts": _s("Orang putus pelatihan", "People who dropped out"),
    "median_days_to_outcome": _s("Median hari ke hasil", "Median days to outcome"),
    "share_outcome_within_180": _s("Hasil dalam 180 hari", "Outcome within 180 days"),
    "program_id": _s("Kode program", "Programme code"),
    "title": _s("Judul", "Title"),
    "provider": _s("Penyelenggara", "Provider"),
    "program_type": _s("Jenis program", "Programme type"),
    "enrolled": _s("Terdaftar", "Enrolled"),
    "completed": _s("Lulus", "Completed"),
    "dropped_out": _s("Berhenti", "Dropped out"),
    "in_progress": _s("Sedang berjalan", "In progress"),
    "observable_3m": _s("Bisa diamati 3 bln", "Observable at 3 months"),
    "placement_rate_3m": _s("Penempatan 3 bln", "Placed within 3 months"),
    "observable_6m": _s("Bisa diamati 6 bln", "Observable at 6 months"),
    "placement_rate_6m": _s("Penempatan 6 bln", "Placed within 6 months"),
    "we_completers": _s("Perempuan wirausaha lulus", "Women entrepreneurs completed"),
    "business_rate_6m": _s("Usaha mulai/berkembang 6 bln", "Business started/grew in 6 months"),
    "employer": _s("Pemberi kerja", "Employer"),
    "vacancies": _s("Lowongan", "Vacancies"),
    "hired": _s("Diterima kerja", "Hired"),
    "completed_programme": _s("Ikut program kewirausahaan", "Completed a business programme"),
    "closed": _s("Usaha tutup", "Closed"),
    "grew": _s("Berkembang", "Grew"),
    "no_change": _s("Tetap", "No change"),
    "no_follow_up": _s("Belum ditindaklanjuti", "Not followed up"),
    "started": _s("Mulai usaha", "Started"),
    "started_or_grew_rate": _s("Mulai/berkembang", "Started or grew"),
    "context": _s("Tempat tampil", "Shown in"),
    "slice_exposures": _s("Paparan irisan", "Exposures in slice"),
    "ratio": _s("Rasio", "Ratio"),
    "shown": _s("Ditampilkan", "Shown"),
    "overrides": _s("Dikoreksi", "Overridden"),
    "stratum": _s("Strata (segmen | pendidikan | umur)", "Stratum (segment | education | age)"),
    "women": _s("Perempuan", "Women"),
    "men": _s("Laki-laki", "Men"),
    "wage_gap": _s("Selisih upah (Rp)", "Wage gap (Rp)"),
    "feature": _s("Fitur", "Feature"),
    "weight": _s("Bobot", "Weight"),
}

VALUES = {
    "yes": _s("Ya", "Yes"),
    "no": _s("Tidak", "No"),
    "missing": _s("–", "–"),
    "vokasi": _s("Vokasi", "Vocational"),
    "kewirausahaan": _s("Kewirausahaan", "Entrepreneurship"),
    # ranker features
    "semantic": _s("Kecocokan teks", "Text match"),
    "skills": _s("Keterampilan", "Skills"),
    "distance": _s("Jarak", "Distance"),
    "schedule": _s("Jadwal", "Schedule"),
    "education": _s("Pendidikan", "Education"),
    "hand_score": _s("Skor bobot tetap", "Fixed-weight score"),
    "km": _s("Jarak (km)", "Distance (km)"),
    "female": _s("Perempuan", "Woman"),
    "childcare": _s("Mengurus anak", "Childcare duties"),
    "minor": _s("Di bawah 18 tahun", "Under 18"),
    "night": _s("Ada jam malam", "Night hours"),
    "kind_vacancy": _s("Jenis: lowongan", "Kind: vacancy"),
    "kind_training": _s("Jenis: pelatihan", "Kind: training"),
    "kind_entrepreneurship": _s("Jenis: program wirausaha", "Kind: entrepreneurship"),
    "female_childcare_x_km": _s(
        "Perempuan mengurus anak × jarak", "Woman with childcare × distance"
    ),
    "minor_x_night": _s("Di bawah 18 × jam malam", "Under 18 × night hours"),
}

STRINGS: dict[str, dict[str, str]] = {f"tb_col_{k}": v for k, v in COLUMNS.items()}
STRINGS.update({f"tb_val_{k}": v for k, v in VALUES.items()})

"""Strings of the learned-ranker admin page."""

from __future__ import annotations


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS: dict[str, dict[str, str]] = {
    "rk_title": _s(
        "Model peringkat dari keputusan konselor", "Ranking model learned from counselors"
    ),
    "rk_intro": _s(
        "Setiap kali konselor menerima, menolak (dengan alasan), menyematkan atau memindahkan "
        "rekomendasi, keputusan itu disimpan. Model ini belajar dari keputusan tersebut "
        "untuk mengurutkan rekomendasi seperti konselor mengurutkannya. Tanpa model, mesin "
        "memakai bobot yang ditetapkan tangan.",
        "Every time a counselor accepts, rejects (with a reason), pins or moves a "
        "recommendation, the decision is stored. This model learns from those decisions to "
        "order recommendations the way counselors do. Without a model the engine uses the "
        "hand-set weights.",
    ),
    "rk_status": _s("Status", "Status"),
    "rk_state_active": _s("Model aktif", "Model active"),
    "rk_state_absent": _s(
        "Belum ada model: mesin memakai bobot tetap.",
        "No model yet: the engine uses fixed weights.",
    ),
    "rk_state_ignored": _s(
        "Model ada tetapi tidak dipakai: {reason}. Latih ulang.",
        "A model exists but is not used: {reason}. Retrain it.",
    ),
    "rk_last_trained": _s("Terakhir dilatih", "Last trained"),
    "rk_source": _s("Sumber data", "Data source"),
    "rk_source_db": _s("keputusan konselor (basis data)", "counselor decisions (database)"),
    "rk_source_sim": _s("keputusan simulasi", "simulated decisions"),
    "rk_n_decisions": _s("Keputusan dipakai", "Decisions used"),
    "rk_available": _s("Keputusan yang bisa dipakai", "Usable decisions now"),
    "rk_ndcg_learned": _s("nDCG@10 model (uji)", "nDCG@10 model (held out)"),
    "rk_ndcg_hand": _s("nDCG@10 bobot tetap (uji)", "nDCG@10 fixed weights (held out)"),
    "rk_metrics_help": _s(
        "Diukur pada pencari kerja yang tidak dipakai untuk melatih: seberapa baik urutan "
        "mengikuti keputusan konselor (1 = sempurna).",
        "Measured on jobseekers kept out of training: how well the order follows the "
        "counselors' decisions (1 = perfect).",
    ),
    "rk_weights": _s(
        "Apa yang dipelajari (bobot per fitur)", "What it learned (weight per feature)"
    ),
    "rk_feature": _s("Fitur", "Feature"),
    "rk_weight": _s("Bobot", "Weight"),
    "rk_manifest": _s("Manifest lengkap", "Full manifest"),
    "rk_retrain": _s("Latih ulang sekarang", "Retrain now"),
    "rk_retrain_help": _s(
        "Melatih dari semua keputusan di basis data dan menyimpan model baru. Model baru "
        "dipakai saat mesin rekomendasi dibangun ulang (data berubah atau aplikasi dimulai "
        "ulang).",
        "Trains on every decision in the database and saves a new model. The new model is "
        "used when the recommendation engine is rebuilt (data changes or the app restarts).",
    ),
    "rk_retrained": _s(
        "Model dilatih ulang dari {n} keputusan.", "Model retrained on {n} decisions."
    ),
    "rk_not_trained": _s("Model tidak dilatih: {reason}", "Model not trained: {reason}"),
    "rk_cli_hint": _s(
        "Dari baris perintah: python -m matcher retrain --from-db (atau --simulate 800 "
        "untuk mencoba dengan konselor simulasi).",
        "From the command line: python -m matcher retrain --from-db (or --simulate 800 to "
        "try it with simulated counselors).",
    ),
}

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
    "rk_state_active": _s("Model aktif", "Model active"),
    "rk_state_absent": _s(
        "Belum ada model: mesin memakai bobot tetap.",
        "No model yet: the engine uses fixed weights.",
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
    "rk_retrain": _s("Latih model kandidat", "Train a candidate model"),
    "rk_retrain_help": _s(
        "Melatih dari keputusan di basis data, tanpa sebagian pencari kerja yang disisihkan "
        "untuk menguji. Model baru belum dipakai siapa pun sampai Anda mengaktifkannya.",
        "Trains on the decisions in the database, keeping some jobseekers out for testing. "
        "Nobody uses the new model until you activate it.",
    ),
    "rk_training": _s("Melatih dan menguji…", "Training and testing…"),
    "rk_trained": _s(
        "Model kandidat siap: dilatih dari {n} keputusan. Bandingkan di bawah sebelum mengaktifkan.",
        "Candidate ready: trained on {n} decisions. Compare below before activating.",
    ),
    "rk_not_enough": _s(
        "Keputusan yang tersimpan belum cukup untuk melatih dan menguji model secara adil. "
        "Tidak ada yang disimpan.",
        "The stored decisions are not enough to train and fairly test a model. Nothing was saved.",
    ),
    "rk_state_ignored_plain": _s(
        "Model ada tetapi tidak dipakai (dibuat dengan versi perangkat lunak lain). Latih ulang.",
        "A model exists but is not used (made with another software version). Retrain it.",
    ),
    "rk_active_title": _s("Model yang dipakai sekarang", "The model in use now"),
    "rk_hand_weights": _s("bobot tetap (tanpa model)", "fixed weights (no model)"),
    "rk_candidate_title": _s("Model kandidat (belum dipakai)", "Candidate model (not in use)"),
    "rk_compare_help": _s(
        "Diukur pada {people} pencari kerja ({lists} daftar) yang tidak dipakai untuk melatih "
        "kandidat: seberapa baik urutan mengikuti keputusan konselor (1 = sempurna). Model "
        "yang sedang dipakai mungkin pernah melihat sebagian keputusan ini, jadi angkanya "
        "bisa sedikit terlalu baik.",
        "Measured on {people} jobseekers ({lists} lists) the candidate was not trained on: how "
        "well the order follows the counselors' decisions (1 = perfect). The model in use may "
        "have seen some of these decisions, so its figure can be slightly flattering.",
    ),
    "rk_few_heldout": _s(
        "Hanya {lists} daftar untuk menguji: angka ini kasar. Kumpulkan lebih banyak keputusan "
        "sebelum mengaktifkan.",
        "Only {lists} lists to test on: these figures are rough. Collect more decisions "
        "before activating.",
    ),
    "rk_col_model": _s("Model", "Model"),
    "rk_col_ndcg": _s("nDCG@10 (uji)", "nDCG@10 (held out)"),
    "rk_row_candidate": _s("Kandidat", "Candidate"),
    "rk_row_current": _s("Dipakai sekarang", "In use now"),
    "rk_row_hand": _s("Bobot tetap", "Fixed weights"),
    "rk_activate": _s("Aktifkan kandidat…", "Activate the candidate…"),
    "rk_confirm": _s(
        "Model kandidat akan mengurutkan rekomendasi untuk semua konselor mulai sekarang. "
        "Model yang dipakai sekarang disimpan dan bisa dikembalikan. Lanjutkan?",
        "The candidate will order recommendations for every counselor from now on. The "
        "model in use now is kept and can be brought back. Go ahead?",
    ),
    "rk_confirm_yes": _s("Ya, aktifkan", "Yes, activate"),
    "rk_confirm_no": _s("Batal", "Cancel"),
    "rk_activated": _s("Model kandidat sekarang dipakai.", "The candidate is now in use."),
    "rk_stale": _s(
        "Kandidat sudah berganti sejak halaman dimuat. Periksa angka yang baru.",
        "The candidate changed since the page was loaded. Check the new figures.",
    ),
    "rk_previous_title": _s("Model sebelumnya", "Previous model"),
    "rk_previous_model": _s("Dilatih {when}, {n} keputusan", "Trained {when}, {n} decisions"),
    "rk_rollback": _s("Kembalikan model sebelumnya", "Bring back the previous model"),
    "rk_rolled_back": _s("Model sebelumnya dipakai lagi.", "The previous model is in use again."),
    "rk_history": _s("Riwayat model", "Model history"),
    "rk_col_when": _s("Waktu", "When"),
    "rk_col_who": _s("Oleh", "By"),
    "rk_col_action": _s("Tindakan", "Action"),
    "rk_action_train": _s("Melatih kandidat", "Trained a candidate"),
    "rk_action_activate": _s("Mengaktifkan", "Activated"),
    "rk_action_rollback": _s("Mengembalikan", "Rolled back"),
}

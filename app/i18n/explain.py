"""Words of every explanation: part labels, rule texts and the one-line summary.

The engine returns codes and parameters (:class:`matcher.engine.results.Explanation`:
part names, :class:`~matcher.scoring.rules.Rule` members, skill concepts with their
Indonesian and English labels, km; a card's order note); this module turns them into a
sentence-list in Indonesian or English, for the app and the CLI alike. Indonesian shows
the project's Indonesian labels; ESCO's English ones are for English, tooltips and exports.
A new score part needs ``part.<name>``; a new rule needs ``rule.<code>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matcher.engine.results import Explanation


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS = {
    "part.semantic": _s("Kecocokan profil", "Profile similarity"),
    "part.skills": _s("Keterampilan", "Skills"),
    "part.distance": _s("Jarak", "Distance"),
    "part.schedule": _s("Jadwal", "Schedule"),
    "part.education": _s("Pendidikan", "Education"),
    "part.wage": _s("Gaji", "Wage"),
    "fact.wage": _s("gaji {offered}, harapan {expected}", "wage {offered}, expects {expected}"),
    "fact.wage_unknown": _s("gaji tidak disebut", "wage not stated"),
    "fact.own_trade_skills": _s(
        "bidangnya sendiri: keterampilannya cocok", "own trade: the skills match"
    ),
    "fact.own_trade_text": _s(
        "bidangnya sendiri: profilnya sangat mirip", "own trade: the profile reads very alike"
    ),
    "fact.own_trade_both": _s(
        "bidangnya sendiri: keterampilannya cocok dan profilnya sangat mirip",
        "own trade: the skills match and the profile reads very alike",
    ),
    "fact.own_trade_teaches": _s(
        "mengajarkan yang ia cari atau yang dibutuhkan kerja di bidangnya",
        "teaches what they ask for or what jobs in their trade need",
    ),
    "fact.own_trade_business": _s("untuk usahanya", "for the business they run"),
    "fact.own_trade_intent": _s(
        "untuk usaha yang ingin dirintisnya", "for the business they want to start"
    ),
    "fact.own_trade_need": _s("yang ia butuhkan: {topics}", "what they ask for: {topics}"),
    "fact.no_travel_online": _s("online, tanpa perjalanan", "online, no travel"),
    "fact.no_travel_home": _s("kerja dari rumah, tanpa perjalanan", "work from home, no travel"),
    "fact.online_hours": _s(
        "kelas online {hours}: {share}% jamnya di waktu luangnya, tanyakan dulu",
        "online class {hours}: {share}% of its hours in their free time; ask first",
    ),
    "fact.online_hours_none": _s(
        "kelas online {hours}: di luar waktu luangnya, tanyakan dulu",
        "online class {hours}: outside their free time; ask first",
    ),
    "fact.own_trade_business_text": _s(
        "sesuai jenis usahanya", "fits the kind of business they describe"
    ),
    "topic.keuangan": _s("pembukuan dan keuangan", "bookkeeping and finance"),
    "topic.modal": _s("modal usaha", "capital and loans"),
    "topic.izin": _s("izin dan sertifikasi", "permits and certification"),
    "topic.kemasan": _s("kemasan dan label", "packaging and labels"),
    "topic.online": _s("pemasaran dan jualan online", "marketing and online selling"),
    "topic.pasar": _s("akses pasar (bazar, toko)", "market access (bazaars, shops)"),
    "topic.layanan": _s("layanan pembeli", "customer service"),
    "topic.mulai": _s("memulai usaha", "starting a business"),
    "rule.age": _s("Usia di luar batas yang disyaratkan", "Age outside the required range"),
    "rule.gender": _s(
        "Program khusus untuk jenis kelamin lain", "Programme targets another gender"
    ),
    "rule.segment": _s("Program untuk kelompok sasaran lain", "Programme targets another group"),
    "rule.education": _s("Pendidikan di bawah syarat minimum", "Education below the minimum"),
    "rule.closing_date": _s("Pendaftaran sudah ditutup", "Applications have closed"),
    "rule.seats": _s("Kuota sudah penuh", "No seats or openings left"),
    "rule.travel": _s("Lebih jauh dari jarak tempuh maksimum", "Farther than the travel limit"),
    "rule.minor_night_shift": _s(
        "Shift malam tidak boleh untuk usia di bawah 18 tahun",
        "Night shifts are not allowed under 18",
    ),
    "rule.licence": _s(
        "Butuh SIM atau motor sendiri yang tidak disebut di profil",
        "Needs a driving licence or own motorbike the profile does not state",
    ),
    "rule.licence_held": _s(
        "Sudah punya SIM atau sertifikat yang menjadi tujuan kursus ini",
        "Already holds the licence or certificate this course leads to",
    ),
    "rule.live_in": _s(
        "Kerja menginap, padahal ia menulis tidak bisa menginap",
        "Live-in work, and the profile says no live-in",
    ),
    "rule.schedule": _s(
        "Jadwalnya (sebagian besar) di luar waktu yang ia bisa",
        "Its hours fall (mostly) outside the person's availability",
    ),
    "rule.home_only": _s(
        "Harus datang ke tempat, padahal ia menulis hanya bisa dari rumah",
        "On site, and the profile says from home only",
    ),
    # What a rule compared (Explanation.rule_facts), after the rule's words.
    "rulefact.age": _s("umur {age} th", "age {age}"),
    "rulefact.age_range": _s("syarat {min}-{max} th", "required {min}-{max}"),
    "rulefact.age_min": _s("syarat minimal {min} th", "required at least {min}"),
    "rulefact.age_max": _s("syarat maksimal {max} th", "required at most {max}"),
    "rulefact.target_P": _s("khusus perempuan", "for women only"),
    "rulefact.target_L": _s("khusus laki-laki", "for men only"),
    "rulefact.target_pemuda": _s("khusus pemuda", "for young people only"),
    "rulefact.target_perempuan_wirausaha": _s(
        "khusus perempuan wirausaha", "for women entrepreneurs only"
    ),
    "rulefact.education": _s("pendidikannya {has}", "their education {has}"),
    "rulefact.education_min": _s("minimal {min}", "at least {min}"),
    "rulefact.closed_on": _s("ditutup {day}", "closed {day}"),
    "rulefact.started_on": _s("sudah mulai {day}", "started {day}"),
    "rulefact.km": _s("{km} km", "{km} km"),
    "rulefact.max_km": _s("batas jarak tempuhnya {max_km} km", "their limit {max_km} km"),
    "rulefact.needs": _s("perlu: {what}", "needs: {what}"),
    "rulefact.held": _s("sudah punya: {what}", "already holds: {what}"),
    "rulefact.fit": _s(
        "ia bisa hadir pada {fit:.0%} jamnya", "they can keep {fit:.0%} of its hours"
    ),
    "rulefact.fit_min": _s("perlu minimal {min:.0%}", "needs at least {min:.0%}"),
    "licence.sim_a": _s("SIM A", "SIM A (car)"),
    "licence.sim_c": _s("SIM C", "SIM C (motorbike)"),
    "licence.motorbike": _s("motor sendiri", "own motorbike"),
    "licence.gada_pratama": _s("Gada Pratama", "Gada Pratama"),
    "licence.gada_madya": _s("Gada Madya", "Gada Madya"),
    "licence.gada_utama": _s("Gada Utama", "Gada Utama"),
    "licence.sio": _s("SIO (surat izin operator)", "SIO (operator's licence)"),
    "expl.strong_on": _s("Kuat di: {parts}", "Strong on: {parts}"),
    "expl.skills_matched": _s("keterampilan cocok: {skills}", "skills matched: {skills}"),
    "expl.near": _s("{skill} (mirip)", "{skill} (similar)"),
    "expl.near_nice": _s("{skill} (mirip, nilai tambah)", "{skill} (similar, nice to have)"),
    "expl.nice_to_have": _s("{skill} (nilai tambah)", "{skill} (nice to have)"),
    "expl.skills_missing": _s("belum punya: {skills}", "missing: {skills}"),
    "expl.distance": _s("jarak {km:.1f} km", "{km:.1f} km away"),
    # Distances run between kelurahan centres: 0 km is the same kelurahan, not the door.
    "expl.same_kelurahan": _s("di kelurahan yang sama", "in the same kelurahan"),
    "expl.excluded": _s("TIDAK MEMENUHI: {rule}", "EXCLUDED: {rule}"),
    "expl.and": _s(" dan ", " and "),
    "expl.relaxed": _s("dilonggarkan: {rule}", "relaxed: {rule}"),
    "expl.learned": _s(
        "penyesuaian dari keputusan konselor: {value:+.2f}", "learned from counselors: {value:+.2f}"
    ),
    "expl.teaches": _s("Mengajarkan: {skills}", "Teaches: {skills}"),
    "expl.esco_hover": _s("Label ESCO (Inggris): {labels}", "ESCO labels (English): {labels}"),
    "expl.own_words": _s("(kata-kata sendiri, tidak ada di ESCO)", "(own words, not in ESCO)"),
    # Why a card sits below one with a lower score (matcher.engine.results.OrderNote).
    "order.diversity": _s(
        "Skor lebih tinggi dari kartu di atasnya: diturunkan agar daftar beragam, "
        "tidak hanya berisi yang sejenis",
        "Scores higher than the card above: moved down so the list is varied, not all of one kind",
    ),
    "order.pinned_above": _s(
        "Skor lebih tinggi dari kartu di atasnya: kartu di atas dinaikkan karena disematkan "
        "konselor",
        "Scores higher than the card above: that card was pinned by a counselor",
    ),
    "order.pin_order": _s(
        "Skor lebih tinggi dari kartu di atasnya: kartu yang disematkan tampil sesuai urutan "
        "penyematan",
        "Scores higher than the card above: pinned cards keep the order they were pinned in",
    ),
    "expl.no_more_matches": _s(
        "Tidak ada lagi yang cukup cocok: {n} lainnya di bawah batas relevansi.",
        "No more good matches: {n} more below the relevance floor.",
    ),
    "expl.col_esco_label": _s("Label ESCO (Inggris)", "ESCO label (English)"),
    "expl.skill_col_help": _s(
        "Nama keterampilan dalam bahasa Indonesia; label ESCO (Inggris) ada di kolom berikutnya",
        "Skill name as read in the workspace; ESCO's English label is in the next column",
    ),
    "expl.download_csv": _s("Unduh daftar (CSV)", "Download the lists (CSV)"),
    "expl.download_xlsx": _s("Unduh daftar (Excel)", "Download the lists (Excel)"),
    "order.moved": _s(
        "Skor lebih tinggi dari kartu di atasnya: urutan diubah konselor",
        "Scores higher than the card above: a counselor changed the order",
    ),
}


# Columns of a recommendation export (CSV, Excel): both labels of every skill.
EXPORT_COLUMNS = {
    "kind": _s("jenis", "kind"),
    "rank": _s("peringkat", "rank"),
    "item_id": _s("id", "id"),
    "title": _s("judul", "title"),
    "subtitle": _s("oleh", "by"),
    "score": _s("skor", "score"),
    "order_note": _s("catatan urutan", "order note"),
    "skills_matched": _s("keterampilan cocok", "skills matched"),
    "skills_matched_esco": _s("keterampilan cocok (label ESCO)", "skills matched (ESCO label)"),
    "skills_missing": _s("belum punya", "skills missing"),
    "skills_missing_esco": _s("belum punya (label ESCO)", "skills missing (ESCO label)"),
    "skills_new": _s("diajarkan", "skills taught"),
    "skills_new_esco": _s("diajarkan (label ESCO)", "skills taught (ESCO label)"),
    "why": _s("alasan", "why"),
}


def _t(key: str, lang: str, **fmt: object) -> str:
    from app.i18n import t

    return t(key, lang, **fmt)


def part_label(name: str, lang: str = "id") -> str:
    """``"Jarak"`` for part ``"distance"`` in Indonesian."""
    return _t(f"part.{name}", lang)


def rule_text(rule: object, lang: str = "id") -> str:
    """Why a rule excludes an item, for a counselor."""
    return _t(f"rule.{getattr(rule, 'value', rule)}", lang)


def rule_reason(expl: Explanation, rule: object, lang: str = "id") -> str:
    """Why ``rule`` excludes (or would exclude) the item, with what it compared:
    "Usia di luar batas yang disyaratkan (umur 17 th; syarat 18-35 th)". A trainer's or
    employer's page gets explanations without the person's side
    (:func:`matcher.workspace.tokens.without_distance`), so only the item's is said."""
    code = getattr(rule, "value", rule)
    facts = (getattr(expl, "rule_facts", None) or {}).get(code) or {}
    detail = "; ".join(_rule_fact_bits(code, facts, lang))
    return rule_text(rule, lang) + (f" ({detail})" if detail else "")


def _rule_fact_bits(code: str, facts: dict, lang: str) -> list[str]:
    """The phrases of one rule's facts (see :mod:`matcher.scoring.rule_facts`)."""
    from datetime import date

    from matcher.domain import Education

    out = []
    if code in ("age", "minor_night_shift") and facts.get("age") is not None:
        out.append(_t("rulefact.age", lang, age=facts["age"]))
    if code == "age":
        lo, hi = facts.get("min"), facts.get("max")
        if lo is not None and hi is not None:
            out.append(_t("rulefact.age_range", lang, min=lo, max=hi))
        elif lo is not None:
            out.append(_t("rulefact.age_min", lang, min=lo))
        elif hi is not None:
            out.append(_t("rulefact.age_max", lang, max=hi))
    elif code in ("gender", "segment") and facts.get("target"):
        out.append(_t(f"rulefact.target_{facts['target']}", lang))
    elif code == "education":
        if facts.get("education") is not None:
            out.append(_t("rulefact.education", lang, has=Education(facts["education"]).label))
        if facts.get("min") is not None:
            out.append(_t("rulefact.education_min", lang, min=Education(facts["min"]).label))
    elif code == "closing_date" and facts.get("closed_on"):
        day = date.fromisoformat(facts["closed_on"]).strftime("%d-%m-%Y")
        key = "rulefact.started_on" if facts.get("started") else "rulefact.closed_on"
        out.append(_t(key, lang, day=day))
    elif code == "travel":
        km, limit = facts.get("km"), facts.get("max_km")
        # One decimal, as the card's distance; two where one would show the limit twice.
        digits = 2 if km is not None and limit is not None and f"{km:.1f}" == f"{limit:.1f}" else 1
        if km is not None:
            out.append(_t("rulefact.km", lang, km=f"{km:.{digits}f}"))
        if limit is not None:
            out.append(_t("rulefact.max_km", lang, max_km=f"{limit:.{digits}f}"))
    elif code in ("licence", "licence_held"):
        key = "needs" if code == "licence" else "held"
        if facts.get(key):
            what = ", ".join(_t(f"licence.{c}", lang) for c in facts[key])
            out.append(_t(f"rulefact.{key}", lang, what=what))
    elif code == "schedule":
        if facts.get("fit") is not None:
            out.append(_t("rulefact.fit", lang, fit=facts["fit"]))
        if (facts.get("min") or 0) >= 0.01:  # a course fails only at none of its hours
            out.append(_t("rulefact.fit_min", lang, min=facts["min"]))
    return out


def rupiah(value: float) -> str:
    """``Rp 3.500.000``: dots group thousands, as rupiah are written in Indonesia."""
    return "Rp " + f"{value:,.0f}".replace(",", ".")


def _fact(name: str, params: dict, lang: str) -> str:
    """A part's fact (``Explanation.facts``): ``fact.<name>`` with its parameters."""
    if name == "wage":
        if params.get("offered") is None:
            return _t("fact.wage_unknown", lang)
        return _t("fact.wage", lang, offered=rupiah(params["offered"]),
                  expected=rupiah(params["expected"]))  # fmt: skip
    if name == "no_travel":
        return _t("fact.no_travel_online" if params.get("online") else "fact.no_travel_home", lang)
    if name == "online_hours" and not params.get("share"):
        return _t("fact.online_hours_none", lang, hours=params["hours"])
    if name == "own_trade_need":
        named = ", ".join(_t(f"topic.{t}", lang) for t in params.get("topics", ()))
        return _t("fact.own_trade_need", lang, topics=named)
    return _t(f"fact.{name}", lang, **params)


def shown_labels(skills: Sequence[object], lang: str = "id") -> list[str]:
    """Each skill as read in ``lang``: a :class:`~matcher.engine.results.SkillLabel`'s
    ``shown(lang)``, anything else as it is (duck-typed: this module imports no engine)."""
    return [s.shown(lang) if hasattr(s, "shown") else str(s) for s in skills]


def skills_text(skills: Sequence[object], lang: str = "id", limit: int | None = None) -> str:
    """Skill labels as a person reads them in ``lang``, comma-separated: Indonesian labels
    in Indonesian, ESCO's English ones in English, a person's own words as written."""
    return ", ".join(shown_labels(list(skills)[:limit], lang))


def order_note_text(note: object, lang: str = "id") -> str:
    """Why a card sits below one with a lower score; "" when nothing needs saying."""
    code = getattr(note, "value", note)
    return _t(f"order.{code}", lang) if code else ""


def esco_hover(expl: Explanation, lang: str = "id") -> str:
    """ESCO's English labels of the skills on a card, for a tooltip; "" when none."""
    names: list[str] = []
    for group in (expl.skills_matched, expl.skills_missing, expl.skills_new):
        for s in group:
            esco = getattr(s, "esco_label", None)
            if esco and esco not in names:
                names.append(esco)
    return _t("expl.esco_hover", lang, labels="; ".join(names)) if names else ""


# A part counts as a strength of an item from this value (parts are in [0, 1]).
STRONG_PART = 0.6


def summary(expl: Explanation, lang: str = "id") -> str:
    """One readable sentence-list for a counselor; why an item is excluded comes first."""
    # Every failed rule after one head: "TIDAK MEMENUHI: A (...) dan B (...)".
    reasons = _t("expl.and", lang).join(rule_reason(expl, r, lang) for r in expl.failed_rules)
    bits = [_t("expl.excluded", lang, rule=reasons)] if expl.failed_rules else []
    # The two parts that add most, among those that are strong: a part at its neutral
    # value (skills 0.5 when a programme teaches nothing the person asked for) can add
    # most and still say nothing for the item. A part that weighs nothing (wage, by
    # default) is no strength, however high its value.
    strong = [p for p in expl.parts if p.value >= STRONG_PART and p.contribution > 0]
    top = sorted(strong, key=lambda p: p.contribution, reverse=True)[:2]
    if top:
        bits.append(_t("expl.strong_on", lang, parts=", ".join(
            part_label(p.part, lang).lower() for p in top)))  # fmt: skip
    if expl.skills_matched:
        # The nice-to-have ones come last (a label may be both, from two concepts).
        required = len(expl.skills_matched) - len(expl.skills_bonus)
        near = {s.key for s in expl.skills_near}
        first = expl.skills_matched[:4]
        shown = []
        for i, (skill, text) in enumerate(zip(first, shown_labels(first, lang), strict=True)):
            nice = i >= required
            if getattr(skill, "key", None) in near:  # matched through its nearest concept
                text = _t("expl.near_nice" if nice else "expl.near", lang, skill=text)
            elif nice:
                text = _t("expl.nice_to_have", lang, skill=text)
            shown.append(text)
        bits.append(_t("expl.skills_matched", lang, skills=", ".join(shown)))
    if expl.skills_missing:
        bits.append(
            _t("expl.skills_missing", lang, skills=skills_text(expl.skills_missing, lang, 4))
        )
    if expl.distance_km is not None:
        same = expl.distance_km == 0
        bits.append(_t("expl.same_kelurahan" if same else "expl.distance", lang,
                       km=expl.distance_km))  # fmt: skip
    bits += [_t("expl.relaxed", lang, rule=rule_reason(expl, r, lang)) for r in expl.relaxed_rules]
    if expl.learned_adjustment is not None:
        bits.append(_t("expl.learned", lang, value=expl.learned_adjustment))
    facts = dict(expl.facts)
    if "own_trade_skills" in facts and "own_trade_text" in facts:  # one phrase, not two
        facts = {("own_trade_both" if k == "own_trade_skills" else k): v
                 for k, v in facts.items() if k != "own_trade_text"}  # fmt: skip
    for name, params in facts.items():
        bits.append(_fact(name, params, lang))
    if expl.skills_new:
        bits.append(_t("expl.teaches", lang, skills=skills_text(expl.skills_new, lang, 5)))
    bits += list(expl.notes)
    return "; ".join(bits)


def export_skills(skills: Sequence[object], near: Sequence[object] = ()) -> tuple[str, str]:
    """A skill list for an export: the labels a person reads in Indonesian, and ESCO's
    English labels (a person's own words, which have none, leave a blank in their place).
    A skill in ``near`` (matched through its nearest concept) is marked as on the card."""
    marked = {getattr(s, "key", None) for s in near}
    shown = "; ".join(
        _t("expl.near", "id", skill=text) if getattr(skill, "key", None) in marked else text
        for skill, text in zip(skills, shown_labels(skills, "id"), strict=True)
    )
    esco = "; ".join(getattr(s, "esco_label", None) or "" for s in skills)
    return shown, esco if esco.strip("; ") else ""


def export_row(rec: object, lang: str = "id", order_note: object = None) -> dict[str, object]:
    """One recommendation as an export row, keyed by :data:`EXPORT_COLUMNS` (codes);
    ``order_note`` overrides the engine's (a counselor's adjusted list has its own)."""
    expl = rec.explanation
    row: dict[str, object] = {
        "kind": rec.kind, "rank": rec.rank, "item_id": rec.item_id, "title": rec.title,
        "subtitle": rec.subtitle, "score": round(rec.score, 4),
        "order_note": order_note_text(order_note or getattr(rec, "order_note", None), lang),
    }  # fmt: skip
    for name in ("skills_matched", "skills_missing", "skills_new"):
        near = expl.skills_near if name == "skills_matched" else ()
        row[name], row[f"{name}_esco"] = export_skills(getattr(expl, name), near)
    row["why"] = summary(expl, lang)
    return row


def export_headers(lang: str = "id") -> dict[str, str]:
    """Column code -> header in ``lang``, for :func:`export_row` rows."""
    return {code: texts[lang] for code, texts in EXPORT_COLUMNS.items()}

"""Personal data (UU PDP 27/2022): subject export and erasure, the redacted audit trail,
withdrawn consent, random candidate tokens, distance bands, file modes, draft expiry.

Small worlds with known answers, on SQLite here; tests/test_privacy_postgres.py runs the
erasure and token checks again on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from matcher.db import (
    DecisionAction,
    JobseekerRepository,
    PermissionDenied,
    ReferralRepository,
    Role,
    UserRepository,
    get_engine,
    import_records,
    session_scope,
)
from matcher.db.models import (
    AuditRow,
    DecisionRow,
    ErasureRow,
    JobseekerRow,
    PersonSettingsRow,
)
from matcher.errors import UnknownRecordError
from matcher.monitoring import indicators as ind
from matcher.monitoring import load_data
from matcher.monitoring.fairness import exposure_parity
from matcher.workspace import EngineCache, Workspace
from matcher.workspace.drafts import DraftStore
from matcher.workspace.models import HubRequestRow
from matcher.workspace.privacy import write_export
from matcher.workspace.tokens import distance_band
from tests.conftest import fake_normalise, person, training, vacancy
from tests.db_fixtures import (  # noqa: F401 - fixtures
    cheap_password_hashing,
    db_engine,
    empty_engine,
    sqlite_template,
)

EMPLOYER = "Toko Roti Makmur"
PROVIDER = "PPKD Jakarta Selatan"
SITI = {"name": "Siti Rahmawati", "phone": "0812-3456-7890"}
SITI_BUSINESS = "titip jual nastar di warung tetangga"
# Every free text about Siti (her profile and what others wrote about her).
SITI_FREE_TEXT = ("warung Bu Ani", "tuna rungu", "pengen kerja jadi kasir", SITI_BUSINESS, "Bu Ijah",
                  "Siti ingin kerja pagi")  # fmt: skip


@pytest.fixture
def ws(db_engine, cheap_password_hashing, tmp_path, private_caches):  # noqa: F811 - fixture
    siti = person("JS-1", **SITI, skills=("membuat kue", "kasir"), max_travel_km=20.0, age=23,
                  experience="kasir di warung Bu Ani", disability="tuna rungu",
                  interests="pengen kerja jadi kasir",
                  availability="Senin-Jumat 07:00-17:00, anak dititip ke Bu Ijah")  # fmt: skip
    budi = person("JS-2", name="Budi Santoso", phone="0813-2222-3333", skills=("kasir",),
                  max_travel_km=20.0)  # fmt: skip
    with session_scope(db_engine) as s:
        import_records(
            s,
            jobseekers=[siti, budi],
            programs=[training("PR-1", "Kursus Kasir", ("kasir",), seats=3, provider=PROVIDER)],
            vacancies=[
                vacancy("JV-1", "Kasir", ("kasir",), employer=EMPLOYER, kelurahan="Jagakarsa"),
                vacancy("JV-2", "Kasir Toko", ("kasir",), employer=EMPLOYER,
                        kelurahan="Tanjung Barat"),
            ],
            sample=True,
        )  # fmt: skip
        users = UserRepository(s)
        for name, role, extra in [
            ("k1", Role.COUNSELOR, {}), ("t1", Role.TRAINER, {"provider": PROVIDER}),
            ("e1", Role.EMPLOYER, {"employer": EMPLOYER}), ("a1", Role.ADMIN, {}),
        ]:  # fmt: skip
            users.add(name, "kopi-susu-pagi", role, who="test", **extra)
    factory = lambda: session_scope(db_engine)  # noqa: E731
    service = Workspace(factory, EngineCache(factory, encoder="tfidf", normaliser=fake_normalise))
    with session_scope(db_engine) as s:
        service.users = {u.username: u for u in UserRepository(s).list()}
    service.engine = db_engine
    service.drafts = DraftStore(tmp_path / "drafts")
    return service


def _history(ws) -> None:
    """Siti: edited, noted, adjusted, referred (with consent), hired; shown to an employer."""
    k1 = ws.users["k1"]
    with session_scope(ws.engine) as s:
        repo = JobseekerRepository(s)
        rec = repo.get("JS-1")
        repo.update(replace(rec.jobseeker, phone="0812-9999-0000"),
                    expected_version=rec.version_id, who="k1")  # fmt: skip
    view = ws.person_view(k1, "JS-1")
    ws.adjust_item(k1, view, DecisionAction.NOTE, "vacancy", "", note="Siti ingin kerja pagi")
    view = ws.person_view(k1, "JS-1")
    ws.adjust_item(k1, view, "pin", "vacancy", "JV-1")
    view = ws.person_view(k1, "JS-1")
    ws.save_settings(k1, view, weights=view.weights, relaxed_rules=["travel"])
    referral = ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    ws.record_outcome(k1, referral.id, "hired")
    ws.shortlist(ws.users["e1"], "JV-1")
    ws.record_shown(ws.users["e1"], ws.ranked_people("vacancy", "JV-1", 10).ranked,
                    "employer_shortlist", opportunity_kind="vacancy", opportunity_id="JV-1")  # fmt: skip
    # Last, as it makes her an owner whom the employer's shortlist would not rank.
    with session_scope(ws.engine) as s:
        repo = JobseekerRepository(s)
        rec = repo.get("JS-1")
        repo.update(replace(rec.jobseeker, business_description=SITI_BUSINESS),
                    expected_version=rec.version_id, who="k1")  # fmt: skip


def _audit_text(engine) -> str:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT entity_id, before, after FROM audit_log")).all()
    return json.dumps([[r[0], r[1], r[2]] for r in rows], ensure_ascii=False)


# ------------------------------------------------------------------ the audit trail
def test_the_audit_trail_stores_no_name_phone_or_free_text_only_a_keyed_hash(ws):
    _history(ws)
    stored = _audit_text(ws.engine)
    for secret in ("Siti Rahmawati", "0812-3456-7890", "0812-9999-0000", *SITI_FREE_TEXT,
                   "Budi Santoso"):  # fmt: skip
        assert secret not in stored, secret
    # An unkeyed hash of a phone would be found by trying every number; this one is keyed.
    assert hashlib.sha256(b"0812-3456-7890").hexdigest()[:12] not in stored
    business, phone = ws.audit_log(ws.users["a1"], entity="jobseeker", entity_id="JS-1")[:2]
    assert phone.action == "update" and "phone" in phone.changed and "name" not in phone.changed
    assert "business_description" in business.changed  # audited, but not in clear text


def test_counselors_see_personal_fields_of_the_audit_trail_hidden_and_admins_see_them(ws):
    _history(ws)
    counselor = ws.audit_log(ws.users["k1"], entity="jobseeker", entity_id="JS-1")
    admin = ws.audit_log(ws.users["a1"], entity="jobseeker", entity_id="JS-1")
    assert [e.id for e in counselor] == [e.id for e in admin]
    created_c, created_a = counselor[-1].after, admin[-1].after
    assert created_a["age"] == 23 and created_a["kelurahan"] == "Tanjung Barat"
    assert created_c["age"] == created_c["kelurahan"] == created_c["phone"] == "⟨hidden⟩"
    assert created_c["id"] == "JS-1"  # what the entry is about stays readable
    assert counselor[0].changed == admin[0].changed  # and what changed


# ------------------------------------------------------------------ export
def test_subject_export_holds_every_record_about_the_person_and_nothing_about_others(ws, tmp_path):
    _history(ws)
    data = ws.export_subject(ws.users["a1"], "JS-1")
    assert data.profile["name"] == "Siti Rahmawati" and data.profile["consent_given"] is True
    tables = data.tables
    assert {"recommendation_decisions", "referrals", "outcome_events", "person_settings",
            "recommendation_exposures", "candidate_tokens"} <= set(tables)  # fmt: skip
    assert [r["status"] for r in tables["outcome_events"]] == ["referred", "hired"]
    assert any(r["note"] == "Siti ingin kerja pagi" for r in tables["recommendation_decisions"])
    assert all(r["jobseeker_id"] == "JS-1" for r in tables["referrals"])
    assert {a["action"] for a in data.audit} >= {"create", "update", "note", "pin"}
    assert "JS-2" not in json.dumps(data.to_json())
    json_path, xlsx_path = write_export(data, tmp_path / "out")
    assert json.loads(json_path.read_text())["profile"]["phone"] == "0812-9999-0000"
    book = openpyxl.load_workbook(io.BytesIO(xlsx_path.read_bytes()))
    assert {"profile", "referrals", "outcome_events", "audit_log"} <= set(book.sheetnames)
    assert book["profile"]["B2"].value == "Siti Rahmawati"
    assert stat.S_IMODE(json_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(xlsx_path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
    exports = ws.audit_log(ws.users["a1"], entity="subject_export")
    assert [(e.who, e.entity_id) for e in exports] == [("a1", "JS-1")]


@pytest.mark.parametrize("username", ["k1", "t1", "e1"])
def test_only_an_admin_may_export_or_erase_a_persons_data(ws, username):
    user = ws.users[username]
    with pytest.raises(PermissionDenied):
        ws.export_subject(user, "JS-1")
    with pytest.raises(PermissionDenied):
        ws.erase_subject(user, "JS-1", confirm="JS-1")
    with pytest.raises(PermissionDenied):
        ws.erasure_log(user)


# ------------------------------------------------------------------ erasure
def test_erasure_pseudonymises_in_place_where_a_raw_delete_is_blocked(ws):
    _history(ws)
    # What the issue found: a raw delete is blocked by the foreign keys.
    with pytest.raises(IntegrityError, match="(?i)foreign key"), ws.engine.begin() as conn:
        conn.execute(text("DELETE FROM jobseekers WHERE id = 'JS-1'"))
    with pytest.raises(ValueError, match="confirmation"):
        ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-2")
    result = ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1", drafts=ws.drafts)
    x = result.pseudonym
    assert x.startswith("X-") and result.who == "a1"
    with session_scope(ws.engine) as s:
        assert s.get(JobseekerRow, "JS-1") is None
        row = s.get(JobseekerRow, x)
        assert (row.name, row.phone, row.experience, row.disability) == ("", "", "", "ya")
        assert (row.interests, row.availability, row.business_description) == ("", "", "")
        notes = s.scalars(select(DecisionRow.note).where(DecisionRow.jobseeker_id == x)).all()
        assert len(notes) >= 3 and set(notes) <= {"", None}  # "Siti ingin kerja pagi" gone
        assert row.age == 20 and row.consent_given is False  # 23 -> its band "20-24"
        assert (row.gender.value, row.kelurahan, row.segment.value) == ("P", "Tanjung Barat",
                                                                        "pemuda")  # fmt: skip
        referrals = ReferralRepository(s).list(jobseeker_id=x)
        assert [r.status.value for r in referrals] == ["hired"]
        erasure = s.scalars(select(ErasureRow)).one()
        assert (erasure.pseudonym, erasure.who) == (x, "a1")
        assert erasure.rows_changed["referrals"] == erasure.rows_changed["person_settings"] == 1
        assert s.get(PersonSettingsRow, x).relaxed_rules == ["travel"]
    stored = _audit_text(ws.engine)
    assert '"JS-1"' not in stored and "JS-1/" not in stored
    assert [e.entity_id for e in ws.audit_log(ws.users["a1"], entity="erasure")] == [x]
    assert [e.pseudonym for e in ws.erasure_log(ws.users["a1"])] == [x]
    # Nobody finds her any more, and a second erasure of the pseudonym is refused.
    assert not ws.find_jobseekers(ws.users["k1"], "Siti")
    assert [r.id for r in ws.find_jobseekers(ws.users["k1"])] == ["JS-2"]
    with pytest.raises(ValueError, match="already"):
        ws.erase_subject(ws.users["a1"], x, confirm=x)


def test_erasure_leaves_no_copy_of_the_person_in_any_audit_entry(ws):
    _history(ws)
    before = ws.audit_log(ws.users["a1"], limit=None)
    about_siti = [e for e in before if "JS-1" in json.dumps([e.entity_id, e.before, e.after])]
    assert len(about_siti) >= 5
    x = ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1").pseudonym
    after = {e.id: e for e in ws.audit_log(ws.users["a1"], limit=None)}
    for old in about_siti:
        entry = after[old.id]  # the entry stays (who did what, when), without her data
        assert "JS-1" not in json.dumps([entry.entity_id, entry.before, entry.after])
        for state in (entry.before, entry.after):
            for key in ("name", "phone", "age", "note", "experience"):
                assert (state or {}).get(key) in (None, "", "⟨erased⟩"), (key, state)
    assert any(x in json.dumps([e.entity_id, e.before, e.after]) for e in after.values())


def test_monitoring_indicators_count_an_erased_person_as_before(ws):
    _history(ws)
    with session_scope(ws.engine) as s:
        data = load_data(s)
    funnel = ind.funnel(data)
    groups = {d: ind.by_group(data, d) for d in ("gender", "age_band", "kelurahan", "disability")}
    ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1")
    with session_scope(ws.engine) as s:
        erased = load_data(s)
    assert ind.funnel(erased) == funnel
    assert ind.time_to_outcome(erased) == ind.time_to_outcome(data)
    for dimension, frame in groups.items():
        again = ind.by_group(erased, dimension)
        assert again.reset_index(drop=True).equals(frame.reset_index(drop=True)), dimension
    assert len(erased.exposures) == len(data.exposures) > 0
    exposure_parity(erased, "gender")  # still computes


def test_erasure_deletes_drafts_that_name_the_person_and_keeps_the_others(ws):
    ws.drafts.save("k1", "edit_JS-1", {"edit_JS-1_name": "Siti Rahmawati"})
    ws.drafts.save("k2", "register", {"reg_phone": "0812-3456-7890"})
    ws.drafts.save("k1", "register", {"reg_name": "Siti Aminah"})  # another Siti
    ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1", drafts=ws.drafts)
    assert ws.drafts.load("k1", "edit_JS-1") == {} and ws.drafts.load("k2", "register") == {}
    assert ws.drafts.load("k1", "register") == {"reg_name": "Siti Aminah"}


def test_erasure_finds_drafts_however_the_phone_or_name_was_typed(ws):
    """The purge matched the stored spelling only: "+62 812 3456 7890" or "siti
    rahmawati" with two spaces survived an erasure (a review found both)."""
    ws.drafts.save("k1", "register", {"reg_phone": "+62 812 3456 7890", "reg_name": "S."})
    ws.drafts.save("k2", "register", {"reg_name": "siti  RAHMAWATI", "reg_age": 23})
    ws.drafts.save("a1", "register", {"reg_name": "Siti", "reg_phone": "0813-0000-1111"})
    ws.drafts.save("k1", "note", {"text": "cari kerja dekat rumah"})
    ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1", drafts=ws.drafts)
    assert ws.drafts.load("k1", "register") == {} and ws.drafts.load("k2", "register") == {}
    assert ws.drafts.load("a1", "register") != {}  # another Siti, another phone
    assert ws.drafts.load("k1", "note") != {}


def test_erasure_clears_the_disk_caches_of_what_people_wrote(ws, private_caches):
    """The phrase cache kept each phrase as typed and the embedding cache each profile's
    vectors; an erasure left both (a review found them on 2026-12-01)."""
    from matcher import config
    from matcher.text import forgetting
    from matcher.text.skill_cache import PhraseCache

    phrases = private_caches / "cache" / "skill_phrases_test.json"
    cache = PhraseCache(phrases)
    cache.add(["kasir di warung Bu Ani"], [[]])
    cache.save()
    shard = config.EMBEDDING_CACHE_DIR / forgetting.QUERIES / "x" / "000000.keys.npy"
    shard.parent.mkdir(parents=True)
    shard.write_bytes(b"")
    names = config.EMBEDDING_CACHE_DIR / "y" / "000000.keys.npy"  # candidates' names
    names.parent.mkdir(parents=True)
    names.write_bytes(b"")
    result = ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1")
    assert result.caches_cleared
    assert not phrases.exists() and not shard.exists() and names.exists()


def test_an_erasure_that_cannot_clear_the_caches_says_so(ws, monkeypatch):
    from matcher.text import forgetting

    def fails():
        raise PermissionError(13, "Permission denied", "models/cache")

    monkeypatch.setattr(forgetting, "forget_people_texts", fails)
    result = ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1")
    assert not result.caches_cleared
    with session_scope(ws.engine) as s:  # the erasure itself is done
        assert not JobseekerRepository(s).exists("JS-1")


# ------------------------------------------------------------------ withdrawn consent
def _shown_for(ws, kind: str, item_id: str, top_k: int) -> set[str]:
    """Everyone a shortlist or the trainer's suggestions can show for the item: ranked,
    left off by the floor, or excluded by a rule."""
    found = ws.ranked_people(kind, item_id, top_k)
    return {r.item_id for r in found.ranked + found.unlisted + found.excluded}


def test_withdrawn_consent_takes_the_person_out_of_every_list_and_hides_earlier_referrals(ws):
    k1, e1, t1 = ws.users["k1"], ws.users["e1"], ws.users["t1"]
    ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    ws.refer(k1, "JS-1", "training", "PR-1", consent_recorded=True)
    shown = {e.name for e in ws.shortlist(e1, "JV-1")}
    assert "Siti Rahmawati" in shown
    assert "Siti Rahmawati" in {r["name"] for r in ws.enrolment_list(t1, "PR-1")}
    assert "JS-1" in _shown_for(ws, "vacancy", "JV-2", 10)
    rec = ws.get_jobseeker(k1, "JS-1")
    ws.set_consent(k1, "JS-1", False, expected_version=rec.version_id)

    entries = ws.shortlist(e1, "JV-1")
    assert all(e.name == "" and e.phone == "" for e in entries)
    assert [e.rank for e in entries if e.referred] == [0]  # still listed as referred, unranked
    assert all("Siti" not in json.dumps(e.__dict__, default=str) for e in entries)
    assert "JS-1" not in _shown_for(ws, "vacancy", "JV-2", 10)
    assert all(r["name"] == r["phone"] == "" for r in ws.enrolment_list(t1, "PR-1"))
    # Not ranked for the programme any more, so not among the trainer's suggestions.
    assert "JS-1" not in _shown_for(ws, "program", "PR-1", 70)
    view = ws.person_view(k1, "JS-1")
    assert all(not lst.items for lst in view.lists.values()) and not view.pathways
    with session_scope(ws.engine) as s:
        from matcher.workspace.source import DbSource

        assert "JS-1" not in {p.id for p in DbSource(lambda: session_scope(ws.engine)).load()
                              .jobseekers}  # fmt: skip
        assert JobseekerRepository(s).get("JS-1").consent_given is False


# ------------------------------------------------------------------ shortlist anonymity
def test_candidate_tokens_are_random_stored_and_not_derivable_from_ids(ws):
    e1 = ws.users["e1"]
    first = {e.candidate for e in ws.shortlist(e1, "JV-1")}
    assert len(first) == 2 and first == {e.candidate for e in ws.shortlist(e1, "JV-1")}
    assert first.isdisjoint({e.candidate for e in ws.shortlist(e1, "JV-2")})
    # The attack of the issue: hash every (vacancy, id) over sequential ids.
    guesses = {"K-" + hashlib.sha256(f"JV-1:JS-{n:04d}".encode()).hexdigest()[:6]
               for n in range(10000)} | {"K-" + hashlib.sha256(f"JV-1:JS-{n}".encode())
                                         .hexdigest()[:6] for n in range(10000)}  # fmt: skip
    assert first.isdisjoint(guesses)
    # Readable aloud: only unambiguous capitals and digits after the prefix, so no id fits
    # in it ("JS-0001" has a hyphen). The letters "JS" may come up by chance (about one
    # token in a hundred), so they are not asserted away (a fresh-clone run drew them).
    assert all(re.fullmatch(r"K-[2-9A-HJKMNP-Z]{10}", t) for t in first), first


def test_employers_see_distance_bands_never_kilometres_or_the_distance_part(ws):
    entries = ws.shortlist(ws.users["e1"], "JV-1")
    assert entries and all(e.distance_band in {"lt3", "3-7", "7-15", "gt15"} for e in entries)
    for e in entries:
        assert e.explanation.distance_km is None
        assert "distance" not in {p.part.value for p in e.explanation.parts}
        assert "km" not in e.explanation.summary("id") and "km" not in e.explanation.summary("en")
        assert e.score == round(e.score, 1)


@pytest.mark.parametrize(
    ("km", "band"),
    [(0.0, "lt3"), (2.99, "lt3"), (3.0, "3-7"), (6.99, "3-7"), (7.0, "7-15"), (15.0, "7-15"),
     (15.01, "gt15"), (None, None)],
)  # fmt: skip
def test_distance_bands_have_the_documented_edges(km, band):
    assert distance_band(km) == band


# ------------------------------------------------------------------ files
def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_sqlite_file_its_folder_and_companions_are_private(tmp_path):
    old = os.umask(0o022)  # a typical server umask: world-readable by default
    try:
        folder = tmp_path / "data"
        engine = get_engine(f"sqlite:///{folder / 'matcher.sqlite'}")
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        assert _mode(folder) == 0o700
        for path in folder.iterdir():  # the database, -wal and -shm
            assert _mode(path) == 0o600, path
        engine.dispose()
        # An existing world-readable file is tightened on the next start.
        os.chmod(folder / "matcher.sqlite", 0o644)
        get_engine(f"sqlite:///{folder / 'matcher.sqlite'}").dispose()
        assert _mode(folder / "matcher.sqlite") == 0o600
    finally:
        os.umask(old)


def test_the_audit_key_is_created_private(tmp_path, monkeypatch):
    # Sessions keep no secret file since they moved to the server (user_sessions).
    from matcher.db import audit

    old = os.umask(0o022)
    try:
        monkeypatch.setenv("MATCHER_DB_PATH", str(tmp_path / "var" / "m.sqlite"))
        monkeypatch.delenv("DATABASE_URL", raising=False)
        monkeypatch.delenv("MATCHER_AUDIT_KEY", raising=False)
        assert audit.audit_key() == audit.audit_key()
    finally:
        os.umask(old)
    assert _mode(tmp_path / "var") == 0o700
    assert _mode(tmp_path / "var" / "audit.key") == 0o600


# ------------------------------------------------------------------ drafts
def test_drafts_expire_after_seven_days_and_are_purged(tmp_path):
    now = [1_000_000.0]
    store = DraftStore(tmp_path, clock=lambda: now[0])
    store.save("k1", "register", {"reg_name": "Siti", "reg_phone": "0812"})
    store.save("k2", "register", {"reg_name": "Budi"})
    os.utime(tmp_path / "k1" / "register.json", (now[0], now[0]))
    os.utime(tmp_path / "k2" / "register.json", (now[0] - 3 * 86400, now[0] - 3 * 86400))
    now[0] += 6 * 86400
    assert store.load("k1", "register") == {"reg_name": "Siti", "reg_phone": "0812"}
    assert store.purge_expired() == 1  # k2's draft is 9 days old
    assert store.load("k2", "register") == {}
    now[0] += 2 * 86400
    assert store.load("k1", "register") == {}  # 8 days: never loaded again
    assert not (tmp_path / "k1" / "register.json").exists()
    assert _mode(tmp_path / "k1") == 0o700


def test_a_draft_saved_while_the_purge_checks_it_is_kept(tmp_path):
    """The purge's check and delete and a save do not interleave: a draft saved after the
    purge found the old one expired survives (before, the purge deleted it)."""
    import threading

    now = [1_000_000.0]
    store = DraftStore(tmp_path, clock=lambda: now[0])
    store.save("k1", "register", {"reg_name": "Siti"})
    old = now[0] - 9 * 86400
    os.utime(tmp_path / "k1" / "register.json", (old, old))
    checked, saved = threading.Event(), threading.Event()
    expired = DraftStore._expired

    def slow_check(self, path):
        result = expired(self, path)
        checked.set()
        saved.wait(0.5)  # the save below waits for the purge instead, so this times out
        return result

    store._expired = slow_check.__get__(store)
    purge = threading.Thread(target=store.purge_expired)
    purge.start()
    assert checked.wait(5)
    fresh = DraftStore(tmp_path, clock=lambda: now[0])  # another session
    writer = threading.Thread(target=fresh.save, args=("k1", "register", {"reg_name": "Sri"}))
    writer.start()
    writer.join(0.2)
    saved.set()
    purge.join(5)
    writer.join(5)
    assert fresh.load("k1", "register") == {"reg_name": "Sri"}


def test_erasure_deletes_the_persons_draft_and_not_the_next_one_in_that_form(tmp_path):
    store = DraftStore(tmp_path)
    store.save("k1", "register", {"reg_name": "Siti Aminah", "reg_phone": "0812 3456 7890"})
    assert store.purge_person("JS-0001", "Siti Aminah", "081234567890") == 1
    store.save("k1", "register", {"reg_name": "Budi"})
    assert store.purge_person("JS-0001", "Siti Aminah", "081234567890") == 0
    assert store.load("k1", "register") == {"reg_name": "Budi"}


def test_erasure_deletes_drafts_naming_the_id_and_not_a_longer_id(tmp_path):
    store = DraftStore(tmp_path)
    store.save("k1", "refer", {"jobseeker": "JS-1000", "note": "x"})
    store.save("k2", "refer", {"jobseeker": "JS-10000", "note": "y"})
    assert store.purge_person("JS-1000") == 1
    assert store.load("k2", "refer") == {"jobseeker": "JS-10000", "note": "y"}


def test_draft_lifetime_comes_from_the_environment_and_a_bad_value_is_named(monkeypatch):
    from matcher.workspace.drafts import configured_max_age_days

    monkeypatch.setenv("MATCHER_DRAFT_DAYS", "2")
    assert configured_max_age_days() == 2.0
    monkeypatch.setenv("MATCHER_DRAFT_DAYS", "seminggu")
    with pytest.raises(ValueError, match="MATCHER_DRAFT_DAYS='seminggu'.*positive number"):
        configured_max_age_days()


# ------------------------------------------------------------------ migration
def test_the_migration_redacts_names_and_phones_already_in_the_audit_trail(empty_engine):  # noqa: F811
    from alembic import command

    from matcher.db.migrate import alembic_config, upgrade_to_head

    command.upgrade(alembic_config(empty_engine), "needs_0001")
    old = {"id": "JS-9", "name": "Siti Rahmawati", "phone": "0812-3456-7890", "age": 23}
    vacancy_state = {"id": "JV-9", "title": "Kasir", "description": "Toko Siti"}
    with empty_engine.begin() as conn:
        for entity, state in (("jobseeker", old), ("vacancy", vacancy_state)):
            conn.execute(
                text("INSERT INTO audit_log (who, at, entity, entity_id, action, before, after) "
                     "VALUES ('k1', CURRENT_TIMESTAMP, :e, :i, 'create', NULL, :a)"),
                {"e": entity, "i": state["id"], "a": json.dumps(state)},
            )  # fmt: skip
    upgrade_to_head(empty_engine)
    stored = _audit_text(empty_engine)
    assert "Siti Rahmawati" not in stored and "0812-3456-7890" not in stored
    with session_scope(empty_engine) as s:
        after = {r.entity_id: r.after for r in s.scalars(select(AuditRow))}
    assert after["JS-9"]["name"].startswith("⟨redacted:") and after["JS-9"]["age"] == 23
    assert after["JV-9"] == vacancy_state  # a vacancy's text is not a person's data


def test_erasing_an_id_with_a_wildcard_character_leaves_look_alike_ids_alone(ws):
    with session_scope(ws.engine) as s:
        import_records(s, jobseekers=[person("A_1", name="Ani Lestari"),
                                      person("AB1", name="Abdul Karim")], sample=True)  # fmt: skip
    ws.erase_subject(ws.users["a1"], "A_1", confirm="A_1")
    kept = ws.audit_log(ws.users["a1"], entity="jobseeker", entity_id="AB1")
    assert [e.after["age"] for e in kept] == [22]  # not blanked as "⟨erased⟩"
    with session_scope(ws.engine) as s:
        assert s.get(JobseekerRow, "AB1").name == "Abdul Karim"


def test_erasure_blanks_the_employer_s_question_and_the_hub_s_answer_about_the_person(ws):
    """An employer's question and the hub's answer are free text about the candidate
    ("she needs a magnifier for low vision"): kept in full after an erasure, and shown
    to the employer, until a review found it."""
    e1, k1, a1 = ws.users["e1"], ws.users["k1"], ws.users["a1"]
    entries = ws.shortlist(e1, "JV-1")
    found = ws.ranked_people("vacancy", "JV-1", 10)
    token = next(e.candidate for e, r in zip(entries, found.ranked + found.unlisted, strict=False)
                 if r.item_id == "JS-1")  # fmt: skip
    asked = ws.ask_hub(e1, "JV-1", token, "Apakah Siti bisa shift malam?")
    ws.answer_hub_request(k1, asked.id, "Bisa, Siti perlu kaca pembesar (low vision)")
    assert [q.answer for q in ws.my_hub_requests(e1, "JV-1")] == [
        "Bisa, Siti perlu kaca pembesar (low vision)"
    ]
    x = ws.erase_subject(a1, "JS-1", confirm="JS-1").pseudonym
    with session_scope(ws.engine) as s:
        row = s.scalars(select(HubRequestRow)).one()
    assert (row.jobseeker_id, row.question, row.answer) == (x, "", "")
    assert ws.my_hub_requests(e1, "JV-1") == []  # nothing left to show the employer
    stored = _audit_text(ws.engine)
    assert "shift malam" not in stored and "kaca pembesar" not in stored
    # A counselor with the request still open cannot write about the person again.
    with pytest.raises(UnknownRecordError):
        ws.answer_hub_request(k1, asked.id, "Bisa, dia tinggal dekat")
    with session_scope(ws.engine) as s:
        assert s.scalars(select(HubRequestRow)).one().answer == ""


def test_every_free_text_column_about_a_person_is_blanked_by_an_erasure():
    """A table added later that points at the person and holds free text must say so."""
    import sqlalchemy as sa

    from matcher.db.models import JobseekerRow
    from matcher.workspace.subject import FREE_TEXT_COLUMNS, _referencing

    text_columns = {
        (table.name, c.name)
        for table, _ in _referencing(JobseekerRow.__table__)
        for c in table.columns
        if isinstance(c.type, sa.Text)
    }
    named = {(t, c) for t, columns in FREE_TEXT_COLUMNS.items() for c in columns}
    assert text_columns == named


def test_the_migration_redacts_employer_questions_already_in_the_audit_trail(empty_engine):  # noqa: F811
    from alembic import command

    from matcher.db.migrate import alembic_config, upgrade_to_head

    command.upgrade(alembic_config(empty_engine), "restore_0001")
    state = {"id": 1, "jobseeker_id": "JS-9", "question": "Apakah Siti bisa shift malam?",
             "answer": "Bisa, perlu kaca pembesar"}  # fmt: skip
    with empty_engine.begin() as conn:
        conn.execute(
            text("INSERT INTO audit_log (who, at, entity, entity_id, action, before, after) "
                 "VALUES ('e1', CURRENT_TIMESTAMP, 'hub_request', '1', 'answer', NULL, :a)"),
            {"a": json.dumps(state)},
        )  # fmt: skip
    upgrade_to_head(empty_engine)
    stored = _audit_text(empty_engine)
    assert "shift malam" not in stored and "kaca pembesar" not in stored
    assert "JS-9" in stored  # the id stays: an erasure still finds the entry


def test_an_erased_person_s_id_is_never_given_to_someone_registered_later(ws):
    """The next id was the highest stored one plus one: after erasing the newest person,
    the next registration got her id back, with her exports, links and open drafts."""
    from matcher.needs.intake import next_ids

    values = {"name": "Rina Wati", "phone": "0812-3456-7890", "age": 19, "gender": "P",
              "kelurahan": "Tanjung Barat", "education": "SMA", "segment": "pemuda"}  # fmt: skip
    k1, a1 = ws.users["k1"], ws.users["a1"]
    first = ws.register_jobseeker(k1, values, consent=True).id
    ws.erase_subject(a1, first, confirm=first)
    again = ws.register_jobseeker(k1, {**values, "name": "Dewi Lestari",
                                       "phone": "0813-1111-2222"}, consent=True).id  # fmt: skip
    assert again != first and again > first
    with session_scope(ws.engine) as s:  # the field-intake import numbers the same way
        from matcher.db.ids import id_floor

        stored = [r.id for r in JobseekerRepository(s).list()]
        assert next_ids(stored, 1, floor=id_floor(s, "JS")) > [again]


def test_an_erasure_between_a_registration_s_reads_does_not_hand_out_its_id(db_engine):  # noqa: F811
    """add_with_next_id read the floor, then the stored ids: an erasure committing between
    the two left neither the id nor a floor in view, and the erased id came back."""
    from matcher.db import JobseekerRepository
    from matcher.db.ids import id_floor
    from matcher.workspace import subject
    from matcher.workspace.forms import add_with_next_id
    from tests.db_fixtures import make_jobseeker

    with session_scope(db_engine) as s:
        import_records(s, jobseekers=[make_jobseeker("JS-0001"), make_jobseeker(
            "JS-0002", name="Budi Santoso", phone="0813-2222-3333")])  # fmt: skip
    erased = []

    def stored_ids(session):
        if not erased:  # another admin's erasure commits now
            with session_scope(db_engine) as other:
                erased.append(subject.erase(other, "JS-0002", who="a1"))
        return session.scalars(select(JobseekerRow.id))

    def add(session, new_id):
        return JobseekerRepository(session).add(
            make_jobseeker(new_id, name="Dewi"), who="k1", consent_given=True)  # fmt: skip

    new = add_with_next_id(lambda: session_scope(db_engine), "JS", stored_ids, add)
    assert new.id == "JS-0003"
    with session_scope(db_engine) as s:
        assert id_floor(s, "JS") == 2


def test_the_id_floor_keeps_the_highest_erased_number(db_engine):  # noqa: F811
    from matcher.db.ids import id_floor, keep_floor

    for record_id in ("JS-0009", "JS-0003", "PR-0002", "JS-0012", "odd id"):
        with session_scope(db_engine) as s:
            keep_floor(s, record_id)
    with session_scope(db_engine) as s:
        assert (id_floor(s, "JS"), id_floor(s, "PR"), id_floor(s, "VAC")) == (12, 2, 0)


def test_after_an_erasure_the_write_ahead_log_holds_no_copy_of_the_person(ws):
    """The main file was clean (secure_delete), but while the app's connections stay
    open the -wal file kept the pages with the old row: name, phone, free text."""
    from pathlib import Path

    with ws.engine.connect() as conn:  # an open connection, as in the running app
        conn.exec_driver_sql("SELECT 1").all()
        _history(ws)
        ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1")
        wal = Path(f"{ws.engine.url.database}-wal")
        data = wal.read_bytes() if wal.exists() else b""
    assert b"Siti" not in data and b"0812-9999-0000" not in data


def test_a_reader_holding_the_log_delays_its_flush_briefly_and_says_so(ws):
    """With an older read still open, the checkpoint waited the full 30 s busy timeout
    and its failure was dropped: the old pages stayed in the -wal, and nobody knew."""
    import sqlite3
    import time
    from pathlib import Path

    _history(ws)
    reader = sqlite3.connect(ws.engine.url.database)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM jobseekers").fetchall()  # an older snapshot, held
    try:
        started = time.monotonic()
        done = ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1")
        assert time.monotonic() - started < 10
        assert done.log_flushed is False
    finally:
        reader.rollback()
        reader.close()
    assert ws.flush_erased_pages() is True  # the app's hourly retry
    wal = Path(f"{ws.engine.url.database}-wal")
    data = wal.read_bytes() if wal.exists() else b""
    assert b"Siti" not in data and b"0812-9999-0000" not in data


def test_sqlite_overwrites_deleted_content(tmp_path):
    from matcher.db import get_engine

    engine = get_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    engine.dispose()


def test_the_needs_map_reads_no_one_who_withdrew_consent_or_was_erased(ws):
    from matcher.needs.records import load_needs_records

    with session_scope(ws.engine) as s:
        before = {p.id for p in load_needs_records(s).jobseekers}
        rec = JobseekerRepository(s).get("JS-2")
        JobseekerRepository(s).set_consent("JS-2", False, expected_version=rec.version_id,
                                           who="k1")  # fmt: skip
    ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1")
    with session_scope(ws.engine) as s:
        after = {p.id for p in load_needs_records(s).jobseekers}
    assert before == {"JS-1", "JS-2"} and after == set()

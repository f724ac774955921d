"""The counselor, registration, trainer and caseload pages as a person uses them
(Streamlit AppTest): the right referral, every error at once, Indonesian only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from matcher.db import ReferralRepository, ReferralStatus, VacancyRepository, session_scope
from matcher.db.models import ReferralRow
from tests.app.conftest import ROOT, TIMEOUT, texts

# English developer text a person must never read: snake_case identifiers, Python's
# None, the loader's rule texts, the import account.
FORBIDDEN = re.compile(
    r"\b[a-z]+_[a-z_]+\b|\bNone\b|a value:|expected|\bsystem\b|Traceback|opportunity_id"
)


def _page(name: str, user, lang: str = "id", **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app" / "pages" / f"{name}.py"), default_timeout=TIMEOUT)
    at.session_state["user"] = user
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _refer(db, jobseeker_id: str, vacancy_id: str, days_ago: int = 0) -> int:
    with session_scope(db) as s:
        ref = ReferralRepository(s).add(
            jobseeker_id, "vacancy", vacancy_id, who="konselor", consent_recorded=True
        )
        if days_ago:
            row = s.get(ReferralRow, ref.id)
            row.at -= timedelta(days=days_ago)
            row.updated_at -= timedelta(days=days_ago)
        return ref.id


def _title(db, vacancy_id: str) -> str:
    with session_scope(db) as s:
        return VacancyRepository(s).get(vacancy_id).posting.title


def _all_text(at: AppTest) -> str:
    """Visible text plus widget labels, options and table headers and cells."""
    parts = [texts(at)]
    for kind in ("button", "selectbox", "checkbox", "text_input", "number_input", "text_area",
                 "date_input", "tabs", "expander"):  # fmt: skip
        for w in at.get(kind):
            parts.append(str(getattr(w, "label", "") or ""))
            if kind == "selectbox":
                parts += [str(o) for o in w.options]
    for df in at.dataframe:
        parts += [str(c) for c in df.value.columns]
        parts += [str(v) for v in df.value.astype(str).to_numpy().ravel()]
    return "\n".join(parts)


def test_outcome_form_picks_no_referral_by_itself_and_saves_the_chosen_one(users, db):
    old = _refer(db, "JS-0001", "JV-0001", days_ago=30)
    new = _refer(db, "JS-0001", "JV-0009")
    at = _page("counselor", users["konselor"], selected_js="JS-0001")
    box = at.selectbox(key="outcome_ref_JS-0001")
    assert box.value is None  # two open referrals: nothing chosen silently
    assert box.options[0].startswith(_title(db, "JV-0009"))  # newest first, by title
    assert "dirujuk" in box.options[0] and box.options[1].startswith(_title(db, "JV-0001"))
    box.set_value(new)
    at.selectbox(key="outcome_status_JS-0001").set_value("interviewed")
    at.button[[b.label for b in at.button].index("Simpan hasil")].click().run()
    assert not at.exception
    with session_scope(db) as s:
        repo = ReferralRepository(s)
        assert repo.get(new).status is ReferralStatus.INTERVIEWED
        assert repo.get(old).status is ReferralStatus.REFERRED
    assert f"Hasil disimpan: {_title(db, 'JV-0009')} → Wawancara." in texts(at)


def test_outcome_without_a_referral_chosen_is_refused_next_to_the_form(users, db):
    old = _refer(db, "JS-0001", "JV-0001", days_ago=30)
    _refer(db, "JS-0001", "JV-0009")
    at = _page("counselor", users["konselor"], selected_js="JS-0001")
    at.selectbox(key="outcome_status_JS-0001").set_value("interviewed")
    at.button[[b.label for b in at.button].index("Simpan hasil")].click().run()
    assert "Pilih rujukan dan hasilnya dulu." in [e.value for e in at.error]
    with session_scope(db) as s:
        assert ReferralRepository(s).get(old).status is ReferralStatus.REFERRED


def test_the_only_open_referral_is_preselected_and_said_so(users, db):
    only = _refer(db, "JS-0001", "JV-0001")
    at = _page("counselor", users["konselor"], selected_js="JS-0001")
    assert at.selectbox(key="outcome_ref_JS-0001").value == only
    assert "Hanya satu rujukan yang masih berjalan" in texts(at)


def test_a_second_referral_to_the_same_vacancy_reads_in_indonesian(users, db):
    at = _page("counselor", users["konselor"], selected_js="JS-0001")
    key = next(b.key for b in at.button if b.key and b.key.startswith("ref_vacancy_"))
    item = key.removeprefix("ref_vacancy_")
    _refer(db, "JS-0001", item)  # referred meanwhile (another tab, another counselor)
    at.checkbox(key=f"consent_vacancy_{item}").check()
    at.button(key=key).click().run()
    errors = " ".join(e.value for e in at.error)
    assert "sudah dirujuk ke peluang ini" in errors and "opportunity_id" not in errors


def test_the_night_shift_rule_is_not_offered_for_relaxing(users):
    at = _page("counselor", users["konselor"], selected_js="JS-0001")
    rule_boxes = [c.key for c in at.checkbox if c.key and "_rule_" in c.key]
    assert any(k.endswith("_rule_travel") for k in rule_boxes)
    assert not any(k.endswith("_rule_minor_night_shift") for k in rule_boxes)
    assert "tidak bisa dilonggarkan" in texts(at)


def test_move_up_under_a_pinned_card_is_disabled_with_the_reason(users):
    at = _page("counselor", users["konselor"], selected_js="JS-0001")
    first = next(b for b in at.button if b.key and b.key.startswith("pin_vacancy_"))
    first.click().run()
    ups = [b for b in at.button if b.key and b.key.startswith("up_vacancy_")]
    assert ups[0].disabled and ups[1].disabled  # the pinned top card; the one below it
    assert "disematkan" in ups[1].help
    assert not ups[2].disabled
    assert "Disematkan di urutan teratas daftar." in texts(at)


def test_a_rejection_put_back_says_where_the_card_went_above_the_list(users):
    at = _page("counselor", users["konselor"], selected_js="JS-0001")
    first = next(b for b in at.button if b.key and b.key.startswith("rej_vacancy_"))
    item = first.key.removeprefix("rej_vacancy_")
    at.selectbox(key=f"reason_vacancy_{item}").select("too_far")
    first.click().run()
    assert "Penolakan disimpan." in texts(at)
    at.button(key=f"restore_vacancy_{item}").click().run()
    assert not at.exception
    assert "Penolakan dibatalkan: kembali ke daftar di urutan 1." in texts(at)
    # Put back, not accepted: the card's Accept button is live again.
    assert not at.button(key=f"acc_vacancy_{item}").disabled
    assert next(b for b in at.button if b.key and b.key.startswith("rej_vacancy_")).key == (
        f"rej_vacancy_{item}"
    )  # first again


def test_an_empty_registration_shows_every_problem_in_the_same_run(users):
    at = _page("register", users["konselor"])
    at.button(key="reg_submit").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) >= 6  # age, gender, kelurahan, education, segment, consent
    assert any("persetujuan" in e for e in errors)
    assert not FORBIDDEN.search(_all_text(at))


def test_a_phone_that_is_not_a_number_is_refused_under_its_field(users):
    at = _page("register", users["konselor"])
    at.text_input(key="reg_phone").input("abc")
    at.button(key="reg_submit").click().run()
    assert any("nomor HP Indonesia" in e.value for e in at.error)


def test_registering_the_same_name_and_phone_again_offers_the_stored_person(users, db):
    from matcher.db import JobseekerRepository

    with session_scope(db) as s:
        stored = JobseekerRepository(s).get("JS-0001").jobseeker
    at = _page("register", users["konselor"])
    at.text_input(key="reg_name").input(stored.name)
    at.text_input(key="reg_phone").input(stored.phone)
    at.number_input(key="reg_age").set_value(20)
    at.selectbox(key="reg_gender").set_value("P")
    at.selectbox(key="reg_kelurahan").set_value("Tanjung Barat")
    at.selectbox(key="reg_education").set_value("SMA")
    at.selectbox(key="reg_segment").set_value("pemuda")
    at.checkbox(key="reg_consent").check()
    at.button(key="reg_submit").click().run()
    assert "terdaftar dengan nama dan no. HP yang sama" in texts(at)
    assert "/counselor?js=JS-0001" in " ".join(m.value for m in at.markdown)
    assert any(b.key == "reg_anyway" for b in at.button)


def test_trainer_list_has_readable_headers_and_statuses(users, db):
    at = _page("trainer", users["pelatih"])
    enrol = next(b for b in at.button if b.key and b.key.startswith("enrol_"))
    enrol.click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert "Status" in table.columns and "program_id" not in table.columns
    assert "Terdaftar pelatihan" in set(table["Status"])
    assert "(menunggu persetujuan)" in set(table["Nama"])
    assert "Peserta diterima" in texts(at)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(
    ("name", "username"),
    [("counselor", "konselor"), ("register", "konselor"), ("trainer", "pelatih"),
     ("caseload", "konselor"), ("employer", "pemberi_kerja")],
)  # fmt: skip
def test_no_developer_text_on_the_main_pages(users, name, username, lang):
    at = _page(name, users[username], lang, selected_js="JS-0001")
    assert not at.exception
    found = FORBIDDEN.findall(_all_text(at))
    assert not found, found


def test_caseload_lists_a_referral_without_outcome_after_n_days(users, db):
    _refer(db, "JS-0001", "JV-0001", days_ago=20)
    at = _page("caseload", users["konselor"])
    assert not at.exception
    titles = [str(v) for df in at.dataframe for v in df.value.get("Judul", [])]
    assert _title(db, "JV-0001") in titles
    at.number_input(key="caseload_days").set_value(30).run()
    titles = [str(v) for df in at.dataframe for v in df.value.get("Judul", [])]
    assert _title(db, "JV-0001") not in titles
    # A count outside 1-365 is refused in Indonesian, naming the field, value and range;
    # the number typed stays in the field.
    at.number_input(key="caseload_days").set_value(0).run()
    assert not at.exception
    assert '• Rujukan tanpa hasil setelah (hari): "0" — jumlah hari, 1 sampai 365' in texts(at)
    assert at.number_input(key="caseload_days").value == 0


def test_every_domain_error_code_and_field_hint_has_both_languages():
    from app.i18n import STRINGS
    from app.state import problem_text
    from matcher.errors import RowProblem
    from matcher.scoring.rules import RuleNotRelaxableError
    from matcher.workspace import (
        AlreadyReferredError,
        ReferralMismatchError,
        UnknownCandidateError,
    )
    from matcher.workspace.caseload import FollowUp  # noqa: F401 - reasons below
    from matcher.workspace.recommend import NotRejectedError, ReferralConsentMissingError

    codes = [c.code for c in (AlreadyReferredError, RuleNotRelaxableError, ReferralMismatchError,
                              UnknownCandidateError, ReferralConsentMissingError,
                              NotRejectedError)]  # fmt: skip
    codes += [f"move_{b}" for b in ("edge", "pinned", "not_shown")]
    reasons = ["quiet_referral", "share_consent", "employer_question"]
    keys = [f"err_{c}" for c in codes] + [f"followup_{r}" for r in reasons]
    for key in keys:
        assert set(STRINGS[key]) == {"id", "en"}, key
    phone = RowProblem("formulir", None, "phone", "abc", "an Indonesian phone number")
    assert problem_text(phone).startswith("nomor HP Indonesia")
    empty = RowProblem("formulir", None, "age", "", "a value: the age")
    assert problem_text(empty) == "isian ini wajib diisi"
    assert "expected" not in problem_text(RowProblem("f", None, "x_y", "1", "1 is expected"))


def test_a_person_note_is_saved_once_and_an_empty_one_is_refused(users, db):
    from matcher.db import DecisionRepository

    at = _page("counselor", users["konselor"], selected_js="JS-0003")
    at.text_area(key="pnote_JS-0003").input("sudah ditelepon, datang Senin").run()
    at.button(key="pnote_save_JS-0003").click().run()
    assert not at.exception
    assert "Catatan disimpan." in texts(at)
    assert at.text_area(key="pnote_JS-0003").value == ""
    at.button(key="pnote_save_JS-0003").click().run()  # again, with the box empty
    with session_scope(db) as s:
        notes = [d.note for d in DecisionRepository(s).list(jobseeker_id="JS-0003")
                 if d.note == "sudah ditelepon, datang Senin"]  # fmt: skip
    assert len(notes) == 1
    assert '• Catatan: "" — isian ini wajib diisi' in texts(at)


def test_closing_a_vacancy_says_so_and_keeps_its_referred_people(users, db):
    at = _page("employer", users["pemberi_kerja"])
    vid = at.selectbox(key="employer_vacancy").value
    _refer(db, "JS-0002", vid)
    at.run()
    at.button(key=f"status_{vid}").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Status lowongan disimpan." in shown
    assert "tidak ditemukan" not in shown  # the engine drops a closed vacancy
    assert "Dirujuk" in shown  # the referred person, with the referral's status

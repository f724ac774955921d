"""Personal data in the app: no stack trace on any page, the admin's export and erasure,
distance bands on the employer's shortlist (Streamlit AppTest)."""

from __future__ import annotations

import logging
import re

from streamlit.testing.v1 import AppTest

from matcher.db import JobseekerRepository, session_scope
from tests.app.conftest import ROOT, texts


def test_a_page_that_fails_shows_a_message_with_a_reference_and_no_trace(
    app_db, db, users, monkeypatch, caplog
):
    import app.state
    from app.session_guard import TOKEN_KEY
    from matcher.db.user_sessions import start_session

    def broken(*args, **kwargs):
        raise RuntimeError("boom in /srv/matcher/secret.py with 0812-3456-7890")

    monkeypatch.setattr(app.state, "page_link", broken)  # the home page calls it
    at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=60)
    with session_scope(db) as session:  # main.py trusts a server-side session only
        at.session_state[TOKEN_KEY] = start_session(session, users["konselor"].id)
    with caplog.at_level(logging.ERROR, logger="matcher.app"):
        at.run()
    assert not at.exception  # nothing reaches Streamlit's own error box
    message = at.error[0].value
    assert message.startswith("Maaf, halaman ini mengalami kesalahan")
    ref = re.search(r"kode rujukan ([0-9A-F]{8})", message).group(1)
    shown = texts(at)
    assert "boom" not in shown and "secret.py" not in shown and "Traceback" not in shown
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and "boom" in str(logged[0].exc_info[1])  # the admin finds it in the log


def test_streamlit_is_configured_to_show_no_error_details():
    import tomllib

    import streamlit.config

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    value = config["client"]["showErrorDetails"]
    assert value == streamlit.config.ShowErrorDetailsConfigOptions.NONE.value


def test_admin_exports_then_erases_a_person_from_the_admin_page(open_page, db, private_caches):
    at = open_page("admin_users", "admin")
    at.text_input(key="pdp_js").input("JS-0250").run()
    at.button(key="pdp_export").click().run()
    assert not at.exception
    assert "Ekspor JS-0250 siap diunduh" in texts(at)
    at.text_input(key="pdp_confirm").input("JS-0250")
    at.button(key="pdp_erase").click().run()
    assert "Centang pernyataan" in texts(at)  # not without the statement ticked
    with session_scope(db) as s:
        assert JobseekerRepository(s).exists("JS-0250")
    at.checkbox(key="pdp_understood").check()
    at.button(key="pdp_erase").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Data JS-0250 dihapus; pseudonim yang tersisa: X-" in shown
    with session_scope(db) as s:
        assert not JobseekerRepository(s).exists("JS-0250")
    assert any("X-" in str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())


def test_the_employer_shortlist_shows_distance_bands_not_kilometres(open_page):
    at = open_page("employer", "pemberi_kerja")
    assert not at.exception
    shown = texts(at)
    assert re.search(r"jarak (< 3|3-7|7-15|> 15) km", shown)
    assert not re.search(r"\d\.\d km", shown)


def test_a_counselor_withdraws_consent_and_the_person_gets_no_more_recommendations(open_page, db):
    at = open_page("counselor", "konselor")
    at.text_input(key="js_query").input("JS-0001").run()
    assert any(b.key and b.key.startswith("rej_vacancy_") for b in at.button)
    at.button(key="withdraw_consent").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Persetujuan ditarik." in shown
    assert "Persetujuan pengolahan data ditarik oleh konselor pada" in shown  # not "belum"
    assert "Tanpa persetujuan, data orang ini tidak diolah: tidak ada rekomendasi." in shown
    assert not any(b.key and b.key.startswith("rej_vacancy_") for b in at.button)
    assert any(b.key == "set_consent" for b in at.button)  # and it can be recorded again
    with session_scope(db) as s:
        assert JobseekerRepository(s).get("JS-0001").consent_given is False

"""The app side of sessions: every rerun re-reads the account, sign-out ends the
server-side session, the lockout and the first-admin hint speak Indonesian, and demo mode
is announced on every page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from matcher.db import UserRepository, get_engine, session_scope, upgrade_to_head
from matcher.db.user_sessions import start_session
from tests.app.conftest import ROOT, TIMEOUT, texts

MAIN = str(ROOT / "app" / "main.py")
SIGNIN = str(ROOT / "app" / "pages" / "signin.py")


def _open_tab(db, username: str) -> AppTest:
    """A browser tab signed in as ``username``: its session state holds the user as read
    at sign-in and the session token. AppTest re-runs only the page after the first run,
    so every "next click" below is a fresh first run of main.py with that state."""
    with session_scope(db) as s:
        user = UserRepository(s).get_by_username(username)
        token = start_session(s, user.id)
    at = AppTest.from_file(MAIN, default_timeout=TIMEOUT)
    at.session_state["user"] = user
    at.session_state["_session_token"] = token
    return at


def test_an_open_tab_of_a_deactivated_employer_is_signed_out_on_its_next_click(app_db, db):
    tab = _open_tab(db, "pemberi_kerja")
    with session_scope(db) as s:
        users = UserRepository(s)
        users.update(users.get_by_username("pemberi_kerja").id, who="admin", active=False)
    tab.run()
    assert not tab.exception
    assert "user" not in tab.session_state
    assert "akun Anda dinonaktifkan" in texts(tab)


def test_a_role_change_takes_effect_on_the_next_click(app_db, db):
    tab = _open_tab(db, "konselor")
    with session_scope(db) as s:
        users = UserRepository(s)
        users.update(users.get_by_username("konselor").id, who="admin", role="counselor_lead")
    tab.run()
    assert tab.session_state["user"].role.value == "counselor_lead"


def test_a_tab_whose_password_was_reset_elsewhere_is_signed_out(app_db, db):
    tab = _open_tab(db, "konselor")
    with session_scope(db) as s:
        users = UserRepository(s)
        users.set_password(users.get_by_username("konselor").id, "kopi-susu-pagi", who="admin")
    tab.run()
    assert "user" not in tab.session_state
    assert "kata sandi akun ini diganti" in texts(tab)


def test_a_signed_in_tab_shows_the_menu_and_the_sign_out_button(app_db, db):
    tab = _open_tab(db, "konselor").run()
    assert not tab.exception
    assert tab.session_state["user"].username == "konselor"
    assert tab.button(key="signout")


def test_the_demo_banner_shows_in_demo_mode_only(app_db, monkeypatch):
    at = AppTest.from_file(MAIN, default_timeout=TIMEOUT).run()
    assert "MODE DEMO" in texts(at)
    monkeypatch.delenv("MATCHER_DEMO")
    at = AppTest.from_file(MAIN, default_timeout=TIMEOUT).run()
    assert "MODE DEMO" not in texts(at)


def test_repeated_wrong_passwords_lock_with_a_message_saying_when_to_retry(app_db):
    at = AppTest.from_file(SIGNIN, default_timeout=TIMEOUT).run()
    for _ in range(5):
        at.text_input(key="signin_username").input("konselor")
        at.text_input(key="signin_password").input("salah-terus")
        at.button[0].click().run()
    assert "Coba lagi dalam 15 menit" in at.error[0].value
    at.text_input(key="signin_password").input("konselor123")
    at.button[0].click().run()
    assert "user" not in at.session_state and "Coba lagi" in at.error[0].value


def test_without_accounts_the_sign_in_page_shows_how_to_create_the_first_admin(
    tmp_path, monkeypatch
):
    path = tmp_path / "empty.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    engine.dispose()
    monkeypatch.setenv("MATCHER_DB_PATH", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = AppTest.from_file(SIGNIN, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "python -m matcher create-user --username admin --role admin" in at.code[0].value
    assert not at.text_input


def test_the_admin_page_refuses_a_common_password_with_the_reasons_in_indonesian(open_page):
    at = open_page("admin_users", "admin")
    form_inputs = [w for w in at.text_input if not w.key]
    username, display, linked, password = form_inputs[:4]
    username.input("konselor2")
    display.input("Konselor Dua")
    password.input("12345678")
    at.button[0].click().run()
    assert not at.exception
    shown = texts(at)
    assert "Kata sandi ini tidak bisa dipakai" in shown
    assert "minimal 10 karakter" in shown and "kata sandi umum" in shown
    assert "Akun konselor2 dibuat." not in shown


def test_typing_carried_by_the_click_that_finds_the_session_over_is_kept_as_a_draft(app_db, db):
    """The click after a deactivation (or an hour idle) signed the tab out and dropped
    what that click carried: the skills just typed into the registration form."""
    from matcher.workspace.drafts import DraftStore

    tab = _open_tab(db, "konselor")
    # The registration form was shown (its keys known) and a name saved as a draft...
    tab.session_state["_draft_forms"] = {"register": (["reg_name", "reg_skills"], None)}
    tab.session_state["drafts"] = {"register": {"reg_name": "Rina"}}
    # ... then the skills were typed, and this click carries them.
    tab.session_state["reg_skills"] = "nyetir mobil, bs benerin motor"
    with session_scope(db) as s:
        users = UserRepository(s)
        users.update(users.get_by_username("konselor").id, who="admin", active=False)
    tab.run()
    assert not tab.exception and "user" not in tab.session_state
    kept = DraftStore().load("konselor", "register")
    assert kept == {"reg_name": "Rina", "reg_skills": "nyetir mobil, bs benerin motor"}

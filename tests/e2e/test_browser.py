"""End to end in a real headless browser: Debian's chromium driven by Playwright.

Starts ``streamlit run app/server.py`` on a free port with a fresh SQLite database, signs
in as the demo counselor, opens a jobseeker, rejects a recommendation with a reason,
reloads, and finds the rejection both on the page and in the database. It also saves
screenshots of the main pages (into docs/screenshots/ when MATCHER_UPDATE_SCREENSHOTS=1,
else var/screenshots/) and checks that the registration
form fits a 390 px wide phone.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``); no browser download.
``MATCHER_E2E_ENCODER`` / ``MATCHER_E2E_NORMALISER`` choose the engine (default the fast
``tfidf`` / ``raw``; set ``default`` / ``esco`` to run it on the real models).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The committed screenshots are refreshed only on request; a test run writes to var/.
SHOTS = ROOT / ("docs" if os.environ.get("MATCHER_UPDATE_SCREENSHOTS") else "var") / "screenshots"
CHROMIUM = "/usr/bin/chromium"
NOTE = "rumah terlalu jauh dari lokasi (uji e2e)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout}s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    db_path = tmp / "matcher.sqlite"
    port = _free_port()
    env = {
        **os.environ,
        "MATCHER_DB_PATH": str(db_path),
        "MATCHER_ENCODER": os.environ.get("MATCHER_E2E_ENCODER", "tfidf"),
        "MATCHER_NORMALISER": os.environ.get("MATCHER_E2E_NORMALISER", "raw"),
        "MATCHER_DEMO": "1",  # demo accounts with the README's passwords
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed in teardown
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app/server.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield {"url": url, "db_path": db_path, "log": tmp / "streamlit.log"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _settle(page, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')
             && !document.querySelector('[data-testid="stSkeleton"]')
             && !document.querySelector('[data-testid="stStatusWidget"] button')""",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


def _sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Selamat datang").wait_for(timeout=60_000)
    _settle(page)


def _stored_rejections(db_path: Path, note: str) -> list[tuple]:
    """Rejections carrying ``note`` (the demo history holds other, simulated ones)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT jobseeker_id, opportunity_id, reason_code, who FROM "
                 "recommendation_decisions WHERE action = 'reject' AND note = :note"),
            {"note": note},
        ).all()  # fmt: skip
    engine.dispose()
    return [tuple(r) for r in rows]


def test_counselor_rejection_survives_a_reload(server, chromium_browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium_browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(server["url"])
    page.get_by_label("Nama pengguna").wait_for(timeout=60_000)
    _settle(page)
    page.screenshot(path=str(SHOTS / "signin.png"))
    _sign_in(page, server["url"], "konselor", "konselor123")

    started = time.perf_counter()
    page.goto(server["url"] + "/counselor?js=JS-0001")
    page.get_by_role("tab", name="Lowongan").first.wait_for(timeout=120_000)
    _settle(page, timeout=120_000)
    load_seconds = time.perf_counter() - started
    page.screenshot(path=str(SHOTS / "counselor_jobseeker.png"), full_page=False)

    panel = page.locator("[role=tabpanel]").first
    title = panel.locator("strong").first.inner_text()  # "1. Baby Sitter"
    panel.get_by_role("button", name="Tolak").first.click()
    popover = page.locator("[data-testid='stPopoverBody']")
    popover.get_by_label("Catatan").fill(NOTE)
    popover.get_by_label("Alasan").click()
    page.get_by_role("option", name="Terlalu jauh").click()
    popover.get_by_role("button", name="Simpan penolakan").click()
    # The flash shows as a success box and a toast at once: either will do.
    page.get_by_text("Penolakan disimpan.").first.wait_for(timeout=60_000)
    _settle(page)

    page.reload()
    page.get_by_role("tab", name="Lowongan").first.wait_for(timeout=120_000)
    _settle(page, timeout=120_000)
    page.get_by_text(NOTE).first.wait_for(timeout=30_000)  # the note, in the rejected section
    # Drop the rank and any pin/accepted icon (material icons read as their names).
    title = re.sub(r"^(push_pin|check_circle|\s)+", "", title.split(". ", 1)[-1])
    assert page.locator("del", has_text=title).count() >= 1  # struck through under "Ditolak"
    stored = _stored_rejections(server["db_path"], NOTE)
    assert len(stored) == 1
    jobseeker_id, item_id, reason, who = stored[0]
    assert (jobseeker_id, reason, who) == ("JS-0001", "too_far", "konselor") and item_id
    print(f"counselor page load: {load_seconds:.1f}s")
    page.close()


def test_screenshots_of_trainer_and_employer_pages(server, chromium_browser):
    page = chromium_browser.new_page(viewport={"width": 1366, "height": 900})
    _sign_in(page, server["url"], "pelatih", "pelatih123")
    page.goto(server["url"] + "/trainer")
    page.get_by_role("tab", name="Saran peserta").wait_for(timeout=120_000)
    _settle(page)
    # The suggestions (tokens, age and distance bands) in view, not only the programmes.
    page.get_by_text("Pilih program").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    _settle(page)
    page.screenshot(path=str(SHOTS / "trainer.png"))
    page.close()

    page = chromium_browser.new_page(viewport={"width": 1366, "height": 900})
    _sign_in(page, server["url"], "pemberi_kerja", "kerja123")
    page.goto(server["url"] + "/employer")
    page.get_by_text("Kandidat teratas").wait_for(timeout=120_000)
    _settle(page)
    page.screenshot(path=str(SHOTS / "employer.png"))

    # An upload with a bad date, a negative wage and a stored id: previewed, not saved.
    page.get_by_role("tab", name="Unggah file").click()
    upload = (
        "id;employer;title;kelurahan;wage;closing_date\n"
        "JV-9001;Bakery Kawan;Kasir Roti;Tanjung Barat;4.200.000;31/12/2030\n"
        "JV-9002;Bakery Kawan;Kurir;Tanjung Barat;-100;31/02/2030\n"
        "JV-0119;Bakery Kawan;Staff Produksi Kue;Lebak Bulus;4000000;31/12/2030\n"
    ).encode("cp1252")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "lowongan.csv", "mimeType": "text/csv", "buffer": upload}]
    )
    page.get_by_text("Baris bermasalah", exact=True).wait_for(timeout=60_000)
    _settle(page)
    assert page.get_by_text("31/02/2030").count() >= 1
    page.screenshot(path=str(SHOTS / "employer_upload.png"), full_page=True)
    page.close()


def test_registration_form_fits_a_phone(server, chromium_browser):
    page = chromium_browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    _sign_in(page, server["url"], "konselor", "konselor123")
    page.goto(server["url"] + "/register")
    page.get_by_text("Daftarkan pencari kerja baru").wait_for(timeout=60_000)
    _settle(page)
    page.screenshot(path=str(SHOTS / "register_phone.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal overflow: scrollWidth {width} px on a 390 px screen"
    page.close()


def test_the_session_cookie_is_httponly_and_a_copy_taken_before_sign_out_is_dead(
    server, chromium_browser
):
    context = chromium_browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _sign_in(page, server["url"], "pelatih", "pelatih123")
    _settle(page)
    page.wait_for_timeout(1000)  # the page asks the server to set the cookie
    captured = [c for c in context.cookies() if c["name"] == "tb_session"]
    assert captured and captured[0]["sameSite"] == "Strict" and captured[0]["httpOnly"]
    assert "tb_session" not in page.evaluate("document.cookie")  # no script can read it
    page.get_by_role("button", name="Keluar").click()
    page.get_by_label("Nama pengguna").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    assert not [c for c in context.cookies() if c["name"] == "tb_session"]  # cleared
    context.close()

    thief = chromium_browser.new_context(viewport={"width": 1366, "height": 900})
    thief.add_cookies(captured)
    page = thief.new_page()
    page.goto(server["url"])
    page.get_by_label("Nama pengguna").wait_for(timeout=60_000)
    _settle(page)
    assert page.get_by_text("Selamat datang").count() == 0
    assert page.get_by_text("MODE DEMO").count() == 1  # the banner, on every page
    thief.close()

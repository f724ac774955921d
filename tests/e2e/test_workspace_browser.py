"""Each role's main job in a real browser (Debian chromium + Playwright): the referral ->
outcome flow updates the right referral, registration shows every error at once, no
English developer text on any role's main page, and axe-core finds no serious or
critical accessibility violation there (``axe-playwright-python`` ships axe.min.js;
nothing is fetched).

The server and browser fixtures are those of ``test_browser.py``.
"""

# ruff: noqa: F811 - the fixtures imported from test_browser.py are used by name

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.e2e.test_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    SHOTS,
    _settle,
    _sign_in,
    chromium_browser,
    server,
)

pytestmark = [pytest.mark.integration]

# Developer text nobody should read: snake_case identifiers, Python's None, the loader's
# rule texts, the import account's name, a traceback.
FORBIDDEN = re.compile(r"\b[a-z]+_[a-z_]+\b|\bNone\b|a value:|expected|\bsystem\b|Traceback")
# Parts of the page that are not the app's words: the address bar is not in innerText,
# but the sidebar's language names and user names are (and are fine).
MAIN_PAGES = [
    ("konselor", "konselor123", "/counselor?js=JS-0001", "Lowongan"),
    ("konselor", "konselor123", "/register", "Daftarkan pencari kerja baru"),
    ("konselor", "konselor123", "/caseload", "Kasus saya"),
    ("pelatih", "pelatih123", "/trainer", "Saran peserta"),
    ("pemberi_kerja", "kerja123", "/employer", "Kandidat teratas"),
]


def _words(page) -> str:
    """The main area's text as a person reads it: Material icons are drawn from their
    ligature names ("check_circle"), which are glyphs on screen, not words."""
    return page.evaluate(
        """() => {
            const main = document.querySelector("[data-testid='stMain']").cloneNode(true);
            document.body.appendChild(main);
            main.querySelectorAll("*").forEach(e => {
                if (getComputedStyle(e).fontFamily.includes("Material")) e.remove();
            });
            const text = main.innerText;
            main.remove();
            return text;
        }"""
    )


def _choose_from(page, label: str) -> None:
    """Open a selectbox's list (a click while the page is still busy can be lost)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    for _ in range(3):
        box.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=10_000)
            return
        except Exception:  # noqa: BLE001 - retried, then the caller's wait reports it
            page.keyboard.press("Escape")
            _settle(page)


def _db(server):
    from sqlalchemy import create_engine

    return create_engine(f"sqlite:///{server['db_path']}")


def _open(browser, server, user, password, path, marker, width=1400, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server["url"])
    page.get_by_label("Nama pengguna").wait_for(timeout=120_000)  # the server may be busy
    _sign_in(page, server["url"], user, password)
    page.goto(server["url"] + path)
    page.get_by_text(marker).first.wait_for(timeout=120_000)
    _settle(page, timeout=120_000)
    return page


def test_an_outcome_is_saved_on_the_referral_the_counselor_picked(server, chromium_browser):
    from matcher.db import ReferralRepository, ReferralStatus, session_scope
    from matcher.db.models import ReferralRow

    page = _open(chromium_browser, server, "konselor", "konselor123", "/caseload", "Kasus saya")
    engine = _db(server)  # migrated and seeded by now
    with session_scope(engine) as s:  # an old referral, as in the reported case
        old = ReferralRepository(s).add("JS-0002", "vacancy", "JV-0001", who="konselor",
                                        consent_recorded=True)  # fmt: skip
        row = s.get(ReferralRow, old.id)
        row.at -= timedelta(days=40)
        row.updated_at -= timedelta(days=40)
    page.goto(server["url"] + "/counselor?js=JS-0002")
    page.get_by_role("tab", name="Lowongan").first.wait_for(timeout=120_000)
    _settle(page, timeout=120_000)
    panel = page.locator("[role=tabpanel]").first
    title = panel.locator("strong").first.inner_text()
    title = re.sub(r"^(push_pin|check_circle|\s)+", "", title.split(". ", 1)[-1]).strip()
    panel.get_by_role("button", name="Rujuk").first.click()
    popover = page.locator("[data-testid='stPopoverBody']")
    popover.get_by_text("Pencari kerja setuju").click()
    popover.get_by_role("button", name="Buat rujukan").click()
    page.get_by_text("Rujukan dibuat.").first.wait_for(timeout=60_000)
    _settle(page)
    page.keyboard.press("Escape")  # close the popover

    page.get_by_role("tab", name=re.compile("^Rujukan")).click()
    _settle(page)
    _choose_from(page, "Rujukan")
    options = page.get_by_role("option")
    first = options.first.inner_text()
    assert first.startswith(title), (first, title)  # newest first, by its title
    options.first.click()
    _choose_from(page, "Status")
    page.get_by_role("option", name="Wawancara").click()
    page.get_by_role("button", name="Simpan hasil").click()
    page.get_by_text(f"Hasil disimpan: {title}").first.wait_for(timeout=60_000)
    _settle(page)
    with session_scope(engine) as s:
        refs = ReferralRepository(s).list(jobseeker_id="JS-0002")
    by_id = {r.id: r.status for r in refs}
    assert by_id[old.id] is ReferralStatus.REFERRED  # the old one is untouched
    assert by_id[max(by_id)] is ReferralStatus.INTERVIEWED
    # The message is next to the form: in view without scrolling back to the top.
    box = page.get_by_text(f"Hasil disimpan: {title}").first.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900
    engine.dispose()
    page.close()


def test_registration_shows_every_missing_field_at_once_and_refuses_abc(server, chromium_browser):
    page = _open(chromium_browser, server, "konselor", "konselor123", "/register",
                 "Daftarkan pencari kerja baru", width=390, height=844)  # fmt: skip
    page.get_by_role("button", name="Daftarkan", exact=True).click()
    page.get_by_text("Perbaiki isian").wait_for(timeout=60_000)
    _settle(page)
    shown = page.inner_text("body")
    for field in ("Usia (tahun)", "Jenis kelamin", "Kelurahan", "Pendidikan terakhir",
                  "Kelompok", "Persetujuan"):  # fmt: skip
        assert field in shown.split("Perbaiki isian:")[1], field
    assert shown.count("isian ini wajib diisi") >= 5
    page.get_by_label("No. HP/WhatsApp").fill("abc")
    page.get_by_label("No. HP/WhatsApp").press("Tab")
    page.get_by_role("button", name="Daftarkan", exact=True).click()
    page.get_by_text("nomor HP Indonesia").first.wait_for(timeout=60_000)
    page.close()


@pytest.mark.parametrize(("user", "password", "path", "marker"), MAIN_PAGES)
def test_main_pages_show_no_developer_text_and_pass_axe(
    server, chromium_browser, user, password, path, marker
):
    from axe_playwright_python.sync_playwright import Axe

    page = _open(chromium_browser, server, user, password, path, marker)
    body = _words(page)
    found = sorted(set(FORBIDDEN.findall(body)))
    assert not found, f"{path}: {found}"
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["failureSummary"] for n in v["nodes"]][:2])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{path}: {bad}"
    page.close()


def test_a_recommendation_card_is_compact_on_a_phone(server, chromium_browser):
    page = _open(chromium_browser, server, "konselor", "konselor123", "/counselor?js=JS-0001",
                 "Lowongan", width=390, height=844)  # fmt: skip
    panel = page.locator("[role=tabpanel]").first
    accept = panel.get_by_role("button", name="Terima").first
    card = accept.locator(
        "xpath=ancestor::div[@data-testid='stVerticalBlock'][.//strong][1]"
    )  # the bordered card: the nearest block that holds the title too
    height = card.bounding_box()["height"]
    buttons = card.get_by_role("button").all()
    boxes = [b.bounding_box() for b in buttons if b.is_visible()]
    rows = {round(b["y"]) for b in boxes}
    actions = max(b["y"] + b["height"] for b in boxes) - min(b["y"] for b in boxes)
    card.screenshot(path=str(SHOTS / "counselor_card_phone.png"))
    print(f"card on a 390 px phone: {height:.0f} px, actions {actions:.0f} px on {len(rows)} lines")
    assert len(rows) <= 2 and actions < 100, (rows, actions)  # were 7 stacked, ~330 px
    assert height < 450, height  # the whole card, title and explanation included
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal overflow: {width} px"
    page.close()


# An exact age ("25 th"), an exact distance ("jarak 0.0 km", "0.0 km away", "di kelurahan
# yang sama") or a jobseeker id on a trainer's or employer's candidates gives a person away.
IDENTIFYING = re.compile(r"\bJS-\d+|\b\d+ th\b|\d\.\d km|kelurahan yang sama|same kelurahan")


def test_trainer_and_employer_see_tokens_and_bands_not_ids_ages_or_km(server, chromium_browser):
    page = _open(chromium_browser, server, "pelatih", "pelatih123", "/trainer", "Saran peserta")
    panel = page.locator("[role=tabpanel]").first  # the suggestions
    # The ranked ones, then the others the relevance floor left off (unranked, in an
    # expander): every card is a token with bands.
    panel.get_by_text(re.compile(r"^Lihat \d+ orang lain yang memenuhi syarat")).click()
    _settle(page)
    cards = [c for c in panel.locator("strong").all_inner_texts()
             if re.match(r"(\d+\. )?K-", c)]  # fmt: skip
    text = panel.inner_text()
    assert len(cards) >= 5 and re.match(r"1\. K-", cards[0]), cards
    assert "usia " in text and "jarak " in text  # age and distance bands
    assert not IDENTIFYING.findall(text), IDENTIFYING.findall(text)[:5]
    page.close()

    page = _open(chromium_browser, server, "pemberi_kerja", "kerja123", "/employer",
                 "Kandidat teratas")  # fmt: skip
    text = _words(page)
    assert "K-" in text and "jarak " in text
    assert not IDENTIFYING.findall(text), IDENTIFYING.findall(text)[:5]
    page.close()


def test_a_left_off_item_pinned_and_unpinned_says_so_above_the_list(server, chromium_browser):
    """Pin one of the items a list left off, then unpin it from its card's *Lainnya*: the
    message shows above the list, not inside the closed expander the card went back to,
    and no popover stays open on the card that took its place."""
    page = _open(chromium_browser, server, "konselor", "konselor123", "/counselor?js=JS-0045",
                 "Lowongan")  # fmt: skip
    panel = page.locator("[role=tabpanel]").first
    panel.get_by_text(re.compile(r"^Lihat \d+ yang tidak masuk daftar")).click()
    _settle(page)
    panel.get_by_role("button", name="Sematkan ke daftar").first.click()
    page.get_by_text("Disematkan di urutan teratas daftar.").first.wait_for(timeout=60_000)
    _settle(page)
    first = panel.locator("strong").first.inner_text()
    assert first.startswith("1.") and "push_pin" in first, first
    panel.get_by_role("button", name="Lainnya").first.click()
    popover = page.locator("[data-testid='stPopoverBody']")
    popover.get_by_role("button", name="Lepas").click()
    _settle(page)
    page.get_by_text("Sematan dilepas.").first.wait_for(timeout=60_000)
    box = panel.locator("[data-testid='stAlert']", has_text="Sematan dilepas.")
    assert box.count() == 1 and box.first.is_visible()  # not only the toast, which fades
    assert page.locator("[data-testid='stPopoverBody']").filter(visible=True).count() == 0
    assert "push_pin" not in panel.locator("strong").first.inner_text()
    page.close()


def test_a_rejection_or_the_language_keeps_the_tab_the_counselor_is_on(server, chromium_browser):
    """Rejecting a training changes the tab's count ("Pelatihan (1)" -> "(0)"), and the
    language changes every label: the page stays on the counselor's tab either way."""
    page = _open(chromium_browser, server, "konselor", "konselor123", "/counselor?js=JS-0045",
                 "Lowongan")  # fmt: skip
    page.get_by_role("tab", name=re.compile("^Pelatihan")).click()
    _settle(page)
    selected = page.locator("[role=tab][aria-selected=true]")
    count = selected.inner_text()
    panel = page.locator("[role=tabpanel]:visible").first
    panel.get_by_role("button", name="Tolak").first.click()
    popover = page.locator("[data-testid='stPopoverBody']")
    popover.get_by_label("Alasan").click()
    page.get_by_role("option", name="Terlalu jauh").click()
    popover.get_by_role("button", name="Simpan penolakan").click()
    page.get_by_text("Penolakan disimpan.").first.wait_for(timeout=60_000)
    _settle(page)
    assert selected.inner_text().startswith("Pelatihan") and selected.inner_text() != count
    # Clicks in a row are each taken (none lost to the one before), and so is the next
    # rejection's count change on Lowongan.
    for name in ("Lowongan", "Wirausaha", "Lowongan"):
        page.get_by_role("tab", name=re.compile(f"^{name}")).click()
        _settle(page)
        assert selected.inner_text().startswith(name)
    panel = page.locator("[role=tabpanel]:visible").first
    panel.get_by_role("button", name="Tolak").first.click()
    popover.get_by_label("Alasan").click()
    page.get_by_role("option", name="Terlalu jauh").click()
    popover.get_by_role("button", name="Simpan penolakan").click()
    page.get_by_text("Penolakan disimpan.").first.wait_for(timeout=60_000)
    _settle(page)
    assert selected.inner_text().startswith("Lowongan")
    page.get_by_text("English", exact=True).click()
    page.get_by_role("tab", name=re.compile("^Vacancies")).first.wait_for(timeout=60_000)
    _settle(page)
    assert selected.inner_text().startswith("Vacancies")
    page.close()


def test_an_open_profile_form_stays_open_when_the_language_changes(server, chromium_browser):
    """The expander's label changes with the language; it collapsed, hiding the form."""
    page = _open(chromium_browser, server, "konselor", "konselor123", "/counselor?js=JS-0006",
                 "Lowongan")  # fmt: skip
    page.get_by_text("Ubah profil", exact=True).click()
    name = page.get_by_label("Nama lengkap", exact=True)
    name.wait_for(timeout=30_000)
    _settle(page)
    page.get_by_text("English", exact=True).click()
    page.get_by_role("tab", name=re.compile("^Vacancies")).first.wait_for(timeout=60_000)
    _settle(page)
    assert page.get_by_label("Full name", exact=True).is_visible()
    page.close()


def test_a_saved_person_note_leaves_the_box(server, chromium_browser):
    """The browser kept the text after *Simpan catatan*, so a second click saved it twice."""
    page = _open(chromium_browser, server, "konselor", "konselor123", "/counselor?js=JS-0005",
                 "Lowongan")  # fmt: skip
    page.get_by_role("tab", name=re.compile("^Bobot")).click()
    _settle(page)
    box = page.get_by_label("Catatan tentang orang ini")
    box.fill("sudah ditelepon (uji e2e)")
    box.press("Tab")  # commit the text as a person moving on does
    _settle(page)
    page.get_by_role("button", name="Simpan catatan").click()
    page.get_by_text("Catatan disimpan.").first.wait_for(timeout=60_000)
    _settle(page)
    assert box.input_value() == ""
    assert page.get_by_text("sudah ditelepon (uji e2e)").count() == 1  # the saved note
    page.close()


def test_a_person_link_on_the_caseload_opens_the_person_in_the_same_browser_tab(
    server, chromium_browser
):
    from matcher.db import ReferralRepository, session_scope
    from matcher.db.models import ReferralRow

    page = _open(chromium_browser, server, "konselor", "konselor123", "/caseload", "Kasus saya")
    engine = _db(server)
    with session_scope(engine) as s:  # a referral without an outcome for 40 days
        ref = ReferralRepository(s).add("JS-0007", "vacancy", "JV-0003", who="konselor",
                                        consent_recorded=True)  # fmt: skip
        row = s.get(ReferralRow, ref.id)
        row.at -= timedelta(days=40)
        row.updated_at -= timedelta(days=40)
    engine.dispose()
    page.reload()
    page.get_by_role("tab", name=re.compile("^Tanpa hasil")).click()
    _settle(page)
    # Ours, written by this (other) process while the app runs: the app must see it.
    # It did not while the app reopened the database file, dropping its SQLite locks.
    jid = "JS-0007"
    link = page.locator("[role=tabpanel]:visible").get_by_role("link", name=f"({jid})")
    link.first.click()
    page.wait_for_url(re.compile(rf"/counselor\?js={jid}"), timeout=60_000)
    page.get_by_role("tab", name=re.compile("^Lowongan")).first.wait_for(timeout=120_000)
    assert len(page.context.pages) == 1  # no new browser tab
    assert page.get_by_text(jid).count() >= 1
    page.close()

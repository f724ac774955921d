"""The field-intake import and the needs map in a real browser, on a phone-sized screen.

Reuses the server and browser fixtures of ``test_browser.py`` (a fresh SQLite database,
demo accounts, Debian's chromium). Saves screenshots where ``test_browser.SHOTS`` says.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    SHOTS,
    _settle,
    _sign_in,
    chromium_browser,
    server,
)

pytestmark = [pytest.mark.integration]


def _no_overflow(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"horizontal overflow: scrollWidth {scroll} px on a {width} px screen"


def test_intake_import_preview_fits_a_phone(server, chromium_browser):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium_browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    _sign_in(page, server["url"], "konselor", "konselor123")
    page.goto(server["url"] + "/field_intake")
    page.get_by_role("button", name="Coba dengan contoh ekspor").click(timeout=60_000)
    page.get_by_text("Kemungkinan duplikat: pilih tindakan").wait_for(timeout=60_000)
    _settle(page)
    page.screenshot(path=str(SHOTS / "field_intake_phone.png"), full_page=True)
    _no_overflow(page, 390)
    page.close()


def test_needs_map_fits_a_phone(server, chromium_browser):  # noqa: F811
    page = chromium_browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    _sign_in(page, server["url"], "konselor", "konselor123")
    page.goto(server["url"] + "/needs_map")
    page.get_by_text("Pelatihan yang perlu diminta ke mitra").wait_for(timeout=180_000)
    _settle(page, timeout=180_000)
    page.screenshot(path=str(SHOTS / "needs_map_phone.png"), full_page=True)
    _no_overflow(page, 390)
    page.close()


def test_needs_map_draws_the_map_without_tiles(server, chromium_browser):  # noqa: F811
    page = chromium_browser.new_page(viewport={"width": 1366, "height": 2600})
    _sign_in(page, server["url"], "koordinator", "koord123")
    page.goto(server["url"] + "/needs_map")
    page.get_by_text("Peta (tanpa latar peta)").wait_for(timeout=180_000)
    _settle(page, timeout=180_000)
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 2  # bars and map
    page.screenshot(path=str(SHOTS / "needs_map.png"))
    page.locator("[data-testid='stVegaLiteChart']").nth(1).screenshot(
        path=str(SHOTS / "needs_map_bubbles.png")
    )
    page.close()

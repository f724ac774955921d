"""The counselor's cards as read (Streamlit AppTest): Indonesian concept labels, the reason
beside a card scored above the one before it, 'no more good matches' and the items left
off a list, to read."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, TIMEOUT, texts


def _open(open_page, js: str, lang: str = "id"):
    at = open_page("counselor", "konselor", lang=lang)
    at.text_input(key="js_query").input(js).run()
    assert not at.exception
    return at


def test_the_card_below_a_pinned_one_says_the_pin_put_it_there(open_page):
    at = _open(open_page, "JS-0008")
    pins = [b for b in at.button if b.key and b.key.startswith("pin_vacancy_")]
    assert len(pins) >= 3
    pins[-1].click().run()  # the last card: its score is below the first card's
    assert not at.exception
    assert "Skor lebih tinggi dari kartu di atasnya: kartu di atas dinaikkan karena disematkan" in (
        texts(at)
    )


def test_a_list_that_shows_every_good_match_says_how_many_were_left_below_the_floor(
    open_page, users
):
    from app.state import get_service

    service = get_service()
    for n in range(1, 40):
        js = f"JS-{n:04d}"
        view = service.person_view(users["konselor"], js)
        if view.below_floor.get("vacancy"):
            break
    else:
        raise AssertionError("no sample person with a list cut by the relevance floor")
    hidden = view.below_floor["vacancy"]
    assert len(view.lists["vacancy"].items) < 10  # every good match is on the page
    # The best of those left off, for the counselor to read: eligible, not on the list.
    left_off = view.unlisted["vacancy"]
    assert 0 < len(left_off) <= min(10, hidden)
    listed = set(view.lists["vacancy"].ids())
    assert all(r.item_id not in listed and not r.explanation.failed_rules for r in left_off)
    assert [r.score for r in left_off] == sorted((r.score for r in left_off), reverse=True)
    at = _open(open_page, js)
    assert f"Tidak ada lagi yang cukup cocok: {hidden} lainnya di bawah batas relevansi." in (
        texts(at)
    )
    assert f"Lihat {len(left_off)} yang tidak masuk daftar" in [e.label for e in at.expander]
    assert f"**{left_off[0].title}**" in texts(at)
    at = AppTest.from_file(str(ROOT / "app" / "pages" / "counselor.py"), default_timeout=TIMEOUT)
    at.session_state["user"] = users["konselor"]
    at.session_state["lang"] = "en"
    at.session_state["selected_js"] = js
    at.run()
    assert not at.exception
    assert f"No more good matches: {hidden} more below the relevance floor." in texts(at)
    assert f"Show the {len(left_off)} left off the list" in [e.label for e in at.expander]


def test_pinning_an_item_left_off_the_list_shows_it_on_the_list_pinned(open_page, users):
    from app.state import get_service

    service = get_service()
    js, left_off = next(
        (js, view.unlisted["vacancy"])
        for js in (f"JS-{n:04d}" for n in range(1, 40))
        if (view := service.person_view(users["konselor"], js)).unlisted.get("vacancy")
    )
    item, other = left_off[0], left_off[1]
    at = _open(open_page, js)
    # Refer from there without the tick: the tick is what is missing, and it is said so.
    at.button(key=f"ref_off_vacancy_{other.item_id}").click().run()
    assert "Rujukan belum dibuat: centang dulu bahwa pencari kerja setuju" in texts(at)
    assert f"**1. :material/push_pin: {item.title}**" not in texts(at)
    at.button(key=f"pin_off_vacancy_{item.item_id}").click().run()
    assert not at.exception
    assert "Disematkan di urutan teratas daftar." in texts(at)
    assert any(line.startswith(f"**1. :material/push_pin: {item.title}**")
               for line in texts(at).splitlines())  # fmt: skip
    pinned = service.person_view(users["konselor"], js)
    assert pinned.lists["vacancy"].items[0].rec.item_id == item.item_id
    assert item.item_id not in {r.item_id for r in pinned.unlisted.get("vacancy", [])}
    # A note saved empty names its field in Indonesian, on the card.
    at.button(key=f"nsave_vacancy_{item.item_id}").click().run()
    assert not at.exception
    assert '• Catatan: "" — isian ini wajib diisi' in texts(at)

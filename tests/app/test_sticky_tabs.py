"""Tabs that stay where the reader put them (``app.state.sticky_tabs``) when a click
changes a tab's label (a count) or the language changes every label.

AppTest cannot click a tab, so a click is sent as the browser sends it: the tab
container's widget state with the chosen label (Streamlit's own protobuf; internals of
the pinned Streamlit, see pyproject.toml). The browser test in tests/e2e does it for real.
"""

from __future__ import annotations

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from app.state import sticky_tabs

    n = st.session_state.setdefault("n", 0)
    if st.button("count", key="count"):  # a click that changes a label's count
        st.session_state["n"] = n = n + 1
    lang = st.session_state.setdefault("page_lang", "id")
    if st.button("lang", key="lang"):  # every label changes
        st.session_state["page_lang"] = lang = "en" if lang == "id" else "id"
    labels = ["A", f"B ({n})", "C"] if lang == "id" else ["a", f"b ({n})", "c"]
    tabs = sticky_tabs(labels, remember="where")
    for i, tab in enumerate(tabs):
        with tab:
            st.write(f"body {i}")
    st.write("OPEN " + "".join(str(i) for i, tab in enumerate(tabs) if tab.open))


def _tabs(at: AppTest):
    def walk(node):
        if getattr(node, "type", None) == "tab_container":
            return node.proto.tab_container.id, [c.label for c in node.children.values()]
        for child in getattr(node, "children", {}).values():
            if found := walk(child):
                return found
        return None

    return walk(at._tree)


def _click_tab(at: AppTest, index: int) -> None:
    states = at._tree.get_widget_states()
    tab_id, labels = _tabs(at)
    states.widgets.append(WidgetState(id=tab_id, string_value=labels[index]))
    at._run(states)


def _open(at: AppTest) -> str:
    assert not at.exception, at.exception
    return next(m.value for m in at.markdown if m.value.startswith("OPEN"))[-1]


def test_each_click_and_each_label_change_keeps_the_chosen_tab():
    at = AppTest.from_function(_page).run()
    assert _open(at) == "0"
    assert {m.value for m in at.markdown} >= {"body 0", "body 1", "body 2"}  # all drawn
    steps = ["2", "0", "1", "0", "2", "1", "count", "2", "count", "lang", "0", "lang", "count"]
    seen = []
    for step in steps:
        if step.isdigit():
            _click_tab(at, int(step))
        else:
            at.button(key=step).click().run()
        seen.append(_open(at))
    # Every click is taken (none lost to the one before), and a changed label or
    # language stays on the tab chosen last.
    assert seen == ["2", "0", "1", "0", "2", "1", "1", "2", "2", "2", "0", "0", "0"]


def test_a_stale_remembered_value_falls_back_to_the_first_tab():
    at = AppTest.from_function(_page)
    at.session_state["where"] = "not a number"
    at.run()
    assert _open(at) == "0"
    at = AppTest.from_function(_page)
    at.session_state["where"] = 7  # more tabs than there are now
    at.run()
    assert _open(at) == "2"

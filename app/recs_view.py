"""Drawing one person's recommendation lists with the counselor's adjustment buttons.

Buttons call the workspace through callbacks (``on_click``), so the decision is stored
before the page reruns and the rerun shows the list as stored.
"""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, t
from app.i18n.explain import (
    esco_hover,
    export_headers,
    export_row,
    order_note_text,
    rule_reason,
    skills_text,
)
from app.jobseeker_form import LIVE
from app.state import get_service, plain, run_action, show_flash, who_text
from matcher.db import ReasonCode
from matcher.engine.results import Recommendation
from matcher.exports import to_csv_bytes, to_xlsx_bytes
from matcher.workspace import AdjustedList, ListItem, PersonView


def card_spot(view: PersonView, kind: str, item_id: str) -> str:
    """Where a card's messages appear (see ``app.state.show_flash``): one person's card,
    so a message never shows on the same vacancy for someone else."""
    return f"card_{view.jobseeker_id}_{kind}_{item_id}"


def _show_undrawn(view: PersonView, kind: str) -> None:
    """Messages for this person's cards of ``kind`` that no card drew (the card left the
    list, or another counselor's change moved it): shown at the list's end, not lost."""
    prefix = card_spot(view, kind, "")
    for store in ("_flashes", "_flash_errors"):
        for where in [w for w in st.session_state.get(store, {}) if str(w).startswith(prefix)]:
            show_flash(where)


def _act(view: PersonView, action: str, kind: str, item_id: str, key: str | None = None) -> None:
    """Button callback: store one adjustment (reason and note read from the widgets)."""
    reason = st.session_state.get(f"reason_{key}") if key else None
    note = st.session_state.get(f"note_{key}", "") if key else ""
    # A card that leaves the list (rejected, or unpinned back below the floor) or comes
    # back to it (restored): its message shows above the list; an error stays on the card.
    done = f"done_{action}"
    restore = action == "restore"
    if action == "pin" and any(i.pinned for i in view.lists[kind].items):
        done = "done_pin_below"  # pins keep the order they were pinned in
    leaves = action == "reject" or (action == "unpin" and item_id in view.on_by_pin.get(kind, ()))
    where = f"list_{kind}" if leaves or restore else card_spot(view, kind, item_id)
    stored = run_action(
        lambda: get_service().adjust_item(
            st.session_state["user"], view, action, kind, item_id, reason=reason, note=note
        ),
        success=None if restore else t(done),
        where=where,
        error_where=card_spot(view, kind, item_id),
    )
    if stored is not None and restore:  # where it went: back on the list, or below the floor
        message = (t("done_restore", n=stored.rank_after) if stored.rank_after
                   else t("done_restore_off"))  # fmt: skip
        st.session_state.setdefault("_flashes", {})[where] = message
    if stored is not None and key:
        st.session_state.pop(f"note_{key}", None)


def _refer(view: PersonView, kind: str, item_id: str, key: str) -> None:
    run_action(
        lambda: get_service().refer(
            st.session_state["user"], view.jobseeker_id, kind, item_id,
            consent_recorded=bool(st.session_state.get(f"consent_{key}")),
        ),
        success=t("done_refer"), where=card_spot(view, kind, item_id),
    )  # fmt: skip


def _move_button(view, kind, item, adjusted, label: str, action: str, step: int) -> None:
    """↑ or ↓; disabled, with the reason as its tooltip, when the move changes nothing."""
    block = adjusted.move_block(item.rec.item_id, step)
    st.button(
        label, key=f"{'up' if step < 0 else 'down'}_{kind}_{item.rec.item_id}",
        on_click=_act, args=(view, action, kind, item.rec.item_id),
        help=t(f"err_move_{block}") if block else t(action), disabled=block is not None,
    )  # fmt: skip


def parts_text(rec: Recommendation, lang: str) -> str:
    return " · ".join(f"{p.label(lang)} {p.value:.2f}" for p in rec.explanation.parts)


def render_item(view: PersonView, kind: str, item: ListItem, adjusted: AdjustedList) -> None:
    rec = item.rec
    key = f"{kind}_{rec.item_id}"
    lang = current_lang()
    with st.container(border=True):
        head, score = st.columns([6, 1])
        # Material icons ship with Streamlit; emoji need a font the server may lack.
        marks = (":material/push_pin: " if item.pinned else "") + (
            ":material/check_circle: " if item.accepted else ""
        )
        head.markdown(f"**{item.position}. {marks}{plain(rec.title)}**  \n{plain(rec.subtitle)}")
        score.markdown(f"{t('score')} **{rec.score:.2f}**")
        if item.order_note:
            st.caption("↕ " + plain(order_note_text(item.order_note, lang)))
        # Indonesian labels on the card, ESCO's English ones in the tooltip.
        st.caption(
            plain(rec.explanation.summary(lang)), help=esco_hover(rec.explanation, lang) or None
        )
        st.caption(plain(parts_text(rec, lang)))
        if item.note:
            st.text(t("note_prefix") + item.note)
        # One wrapping row (a phone shows it on two short lines, not seven stacked
        # buttons); pin and note are behind "more".
        with st.container(horizontal=True, gap="small"):
            st.button(t("accept"), key=f"acc_{key}", on_click=_act,
                      args=(view, "accept", kind, rec.item_id), disabled=item.accepted,
                      icon=":material/check:")  # fmt: skip
            _move_button(view, kind, item, adjusted, "↑", "move_up", -1)
            _move_button(view, kind, item, adjusted, "↓", "move_down", +1)
            # Keyed by item: after a click moves the cards, an open popover stays with its
            # own card instead of opening on the card that took its place.
            with st.popover(t("reject"), icon=":material/close:", key=f"pop_rej_{key}"):
                st.selectbox(t("reason"), [r.value for r in ReasonCode], key=f"reason_{key}",
                             format_func=lambda v: t(f"reason_{v}"))  # fmt: skip
                st.text_input(t("note"), key=f"note_{key}", max_chars=500, live=LIVE)
                st.button(t("reject_confirm"), key=f"rej_{key}", type="primary", on_click=_act,
                          args=(view, "reject", kind, rec.item_id, key))  # fmt: skip
            with st.popover(t("refer"), icon=":material/send:", key=f"pop_ref_{key}"):
                st.checkbox(t("refer_consent"), key=f"consent_{key}")
                st.button(t("refer_confirm"), key=f"ref_{key}", type="primary", on_click=_refer,
                          args=(view, kind, rec.item_id, key))  # fmt: skip
            with st.popover(t("more_actions"), icon=":material/more_horiz:",
                            key=f"pop_more_{key}"):  # fmt: skip
                pin = "unpin" if item.pinned else "pin"
                st.button(t(pin), key=f"pin_{key}", on_click=_act,
                          args=(view, pin, kind, rec.item_id), icon=":material/push_pin:")  # fmt: skip
                st.text_input(t("note"), key=f"note_{key}_n", max_chars=500, live=LIVE)
                st.button(t("save_note"), key=f"nsave_{key}", on_click=_act,
                          args=(view, "note", kind, rec.item_id, f"{key}_n"))  # fmt: skip
        show_flash(card_spot(view, kind, rec.item_id))


def render_left_off(view: PersonView, kind: str, rec: Recommendation) -> None:
    """An item the list left off: its explanation, and pin (puts it on the list) or refer."""
    key = f"off_{kind}_{rec.item_id}"
    st.markdown(f"**{plain(rec.title)}** · {plain(rec.subtitle)} · {t('score')} {rec.score:.2f}")
    st.caption(plain(rec.explanation.summary(current_lang())))
    with st.container(horizontal=True, gap="small"):
        st.button(t("pin_to_list"), key=f"pin_{key}", on_click=_act,
                  args=(view, "pin", kind, rec.item_id), icon=":material/push_pin:")  # fmt: skip
        with st.popover(t("refer"), icon=":material/send:", key=f"pop_ref_{key}"):
            st.checkbox(t("refer_consent"), key=f"consent_{key}")
            st.button(t("refer_confirm"), key=f"ref_{key}", type="primary", on_click=_refer,
                      args=(view, kind, rec.item_id, key))  # fmt: skip
    show_flash(card_spot(view, kind, rec.item_id))


def render_list(view: PersonView, kind: str) -> None:
    adjusted = view.lists[kind]
    show_flash(f"list_{kind}")
    if not adjusted.items:
        consent = view.record.consent_given
        st.info(t("no_recommendations" if consent else "no_recommendations_no_consent"))
    for item in adjusted.items:
        render_item(view, kind, item, adjusted)
    if hidden := view.below_floor.get(kind, 0):
        st.caption(t("expl.no_more_matches", n=hidden))
        if left_off := view.unlisted.get(kind):
            with st.expander(t("unlisted_open", n=len(left_off)), key=f"exp_unlisted_{kind}"):
                st.caption(t("unlisted_intro"))
                for r in left_off:
                    render_left_off(view, kind, r)
    if adjusted.rejected:
        st.markdown(f"**{t('rejected_section')}**")
        for r in adjusted.rejected:
            with st.container(border=True):
                st.markdown(
                    f"~~{plain(r.title)}~~" + (f" · {plain(r.subtitle)}" if r.subtitle else "")
                )
                reason = t(f"reason_{r.reason.value}") if r.reason else "-"
                st.caption(
                    plain(t("rejected_by", who=who_text(r.who),
                            when=r.at.strftime("%d-%m-%Y %H:%M"), reason=reason))
                )  # fmt: skip
                if r.note:
                    st.text(r.note)
                st.button(t("restore"), key=f"restore_{kind}_{r.item_id}", on_click=_act,
                          args=(view, "restore", kind, r.item_id),
                          icon=":material/undo:")  # fmt: skip
                show_flash(card_spot(view, kind, r.item_id))
    _show_undrawn(view, kind)


def render_pathways(view: PersonView) -> None:
    if not view.pathways:
        st.info(t("no_pathways"))
    for p in view.pathways:
        with st.container(border=True):
            st.markdown(f"**{plain(p.vacancy.title)}** — {plain(p.vacancy.subtitle)}")
            st.caption(t("pathway_scores", now=p.score_now, after=p.score_after))
            for tr in p.trainings:
                st.text(f"→ {tr.title} ({tr.subtitle})")
            lang = current_lang()
            for key, skills in (("skills_closed", p.skills_closed),
                                ("skills_missing", p.skills_still_missing)):  # fmt: skip
                if skills:
                    esco = "; ".join(s.esco_label for s in skills if s.esco_label)
                    st.caption(plain(t(key) + skills_text(skills, lang)),
                               help=t("expl.esco_hover", labels=esco) if esco else None)  # fmt: skip


def render_excluded(view: PersonView) -> None:
    if not view.excluded:
        st.info(t("no_excluded"))
    lang = current_lang()
    rows = [
        {t("col_kind"): t(f"kind_{r.kind}"), t("col_title"): r.title, t("col_where"): r.subtitle,
         t("col_score"): round(r.score, 2),
         t("col_why_excluded"): "; ".join(
             rule_reason(r.explanation, x, lang) for x in r.explanation.failed_rules)}
        for r in view.excluded
    ]  # fmt: skip
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")


def render_downloads(view: PersonView) -> None:
    """The person's lists as shown (counselor's order and notes), with both labels of
    every skill: Indonesian as read on the cards, and ESCO's English labels."""
    lang = current_lang()
    headers = export_headers(lang)
    rows = [
        {headers[k]: v for k, v in export_row(i.rec, lang, i.order_note).items()}
        | {headers["rank"]: i.position}
        for kind in ("vacancy", "training", "entrepreneurship")
        for i in view.lists[kind].items
    ]
    if not rows:
        return
    name = f"rekomendasi_{view.jobseeker_id}"
    c1, c2 = st.columns(2)
    c1.download_button(t("expl.download_csv"), to_csv_bytes(rows), f"{name}.csv", "text/csv",
                       key="recs_csv", icon=":material/download:")  # fmt: skip
    c2.download_button(
        t("expl.download_xlsx"), to_xlsx_bytes(rows, "rekomendasi"), f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="recs_xlsx",
        icon=":material/download:",
    )  # fmt: skip

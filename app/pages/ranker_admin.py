"""Admin: the ranker learned from counselor decisions — train a candidate, compare it with
the model in use on held-out people, activate it with a confirming click, roll back.

Everything goes through the ranker service (matcher.workspace.ranker_admin), which
checks the permission and writes the audit entries.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import t
from app.services import refused, services
from app.state import require_role
from app.tables import code_label, number
from matcher.db import PermissionDenied, Role
from matcher.workspace.ranker_admin import NoModelToActivate, NotEnoughDecisions, model_id

user = require_role(Role.ADMIN)
service = services().ranker
try:
    view = service.overview(user)
except PermissionDenied as exc:
    refused(exc)

st.title(t("rk_title"))
st.write(t("rk_intro"))
# (where, message) of the previous run's action: a toast, and a line beside its button.
done = st.session_state.pop("rk_done", None) or ("", "")
if done[1]:
    st.toast(done[1], icon=":material/check_circle:")


def feedback(where: str) -> None:
    if done[0] == where:
        st.success(done[1])


def when(manifest: dict) -> str:
    return str(manifest.get("trained_at", "–"))[:16].replace("T", " ")


def figure(value) -> str:
    return "–" if value is None else number(value, 3)


# --- the model in use ----------------------------------------------------------------------
st.subheader(t("rk_active_title"))
status, slots = view.status, view.slots
if status.state == "active":
    st.success(t("rk_state_active"))
elif status.state == "absent":
    st.info(t("rk_state_absent"))
else:
    st.warning(t("rk_state_ignored_plain"))
feedback("activate")
active = slots.active or {}
c1, c2, c3 = st.columns(3)
c1.metric(t("rk_available"), number(view.available))
if active:
    c2.metric(t("rk_n_decisions"), number(active.get("n_decisions", 0)))
    c3.metric(t("rk_last_trained"), when(active))
    source = str(active.get("source", ""))
    st.caption(f"{t('rk_source')}: " + t("rk_source_db" if source == "db" else "rk_source_sim"))
    metrics = active.get("metrics") or {}
    learned = metrics.get("heldout_ndcg_candidate", metrics.get("heldout_ndcg_learned"))
    hand = metrics.get("heldout_ndcg_hand")
    if learned is not None and hand is not None:
        d1, d2 = st.columns(2)
        d1.metric(t("rk_ndcg_learned"), figure(learned), delta=f"{learned - hand:+.3f}")
        d2.metric(t("rk_ndcg_hand"), figure(hand))
        st.caption(t("rk_metrics_help"))
if slots.can_rollback:
    previous = slots.previous
    st.caption(
        t("rk_previous_title") + ": "
        + (t("rk_previous_model", when=when(previous), n=previous.get("n_decisions", 0))
           if previous else t("rk_hand_weights"))
    )  # fmt: skip
    if st.button(t("rk_rollback"), key="rk_rollback"):
        try:
            service.rollback(user)
        except NoModelToActivate:
            st.error(t("rk_stale"))
        else:
            st.session_state["rk_done"] = ("rollback", t("rk_rolled_back"))
            st.rerun()
    feedback("rollback")

# --- train a candidate -----------------------------------------------------------------------
st.divider()
if st.button(t("rk_retrain"), type="primary", key="rk_train", help=t("rk_retrain_help")):
    try:
        with st.spinner(t("rk_training")):
            trained = service.train(user)
    except NotEnoughDecisions:
        st.error(t("rk_not_enough"))
    else:
        st.session_state["rk_done"] = ("train", t("rk_trained", n=trained.manifest["n_decisions"]))
        st.session_state.pop("rk_confirming", None)
        st.rerun()
feedback("train")
st.caption(t("rk_retrain_help"))

candidate = slots.candidate
if candidate:
    st.subheader(t("rk_candidate_title"))
    m = candidate.get("metrics") or {}
    st.caption(f"{t('rk_last_trained')}: {when(candidate)} · "
               f"{t('rk_n_decisions')}: {number(candidate.get('n_decisions', 0))}")  # fmt: skip
    rows = [(t("rk_row_candidate"), m.get("heldout_ndcg_candidate")),
            (t("rk_row_current"), m.get("heldout_ndcg_current") if active else None),
            (t("rk_row_hand"), m.get("heldout_ndcg_hand"))]  # fmt: skip
    st.dataframe(
        pd.DataFrame({t("rk_col_model"): [r[0] for r in rows],
                      t("rk_col_ndcg"): [figure(r[1]) for r in rows]}),
        hide_index=True,
    )  # fmt: skip
    lists = int(m.get("heldout_n_lists") or 0)
    st.caption(t("rk_compare_help", people=m.get("heldout_n_people", 0), lists=lists))
    if lists < 10:
        st.warning(t("rk_few_heldout", lists=lists))
    coef = dict(zip(candidate.get("feature_names", []), candidate.get("weights", []), strict=False))
    if coef:
        with st.expander(t("rk_weights"), key="exp_rk_weights"):
            st.dataframe(
                pd.DataFrame({t("rk_feature"): [code_label(k) for k in coef],
                              t("rk_weight"): [number(v, 3) for v in coef.values()]}),
                hide_index=True,
            )  # fmt: skip
    name = model_id(candidate)
    if st.session_state.get("rk_confirming") != name:
        if st.button(t("rk_activate"), key="rk_activate"):
            st.session_state["rk_confirming"] = name
            st.rerun()
    else:
        st.warning(t("rk_confirm"))
        yes, no = st.columns(2)
        if yes.button(t("rk_confirm_yes"), type="primary", key="rk_confirm_yes"):
            st.session_state.pop("rk_confirming", None)
            try:
                service.activate(user, name)
            except NoModelToActivate:
                st.error(t("rk_stale"))
            else:
                st.session_state["rk_done"] = ("activate", t("rk_activated"))
                st.rerun()
        if no.button(t("rk_confirm_no"), key="rk_confirm_no"):
            st.session_state.pop("rk_confirming", None)
            st.rerun()

history = service.history(user)
if history:
    with st.expander(t("rk_history"), key="exp_rk_history"):
        st.dataframe(
            pd.DataFrame({
                t("rk_col_when"): [e.at.strftime("%d-%m-%Y %H:%M") for e in history],
                t("rk_col_who"): [e.who for e in history],
                t("rk_col_action"): [t(f"rk_action_{e.action}") for e in history],
                t("rk_col_model"): [e.entity_id.split("/")[0][:16].replace("T", " ")
                                    if e.entity_id != "hand_weights" else t("rk_hand_weights")
                                    for e in history],
            }),
            hide_index=True,
        )  # fmt: skip

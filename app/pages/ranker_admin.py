"""Admin: the ranker learned from counselor decisions — status, metrics, retrain."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import t
from app.state import db_session, require_role, run_action, show_flash
from matcher.db import Role
from matcher.ranking.retrain import decision_count, ranker_status, retrain_from_db

user = require_role(Role.ADMIN)
st.title(t("rk_title"))
st.write(t("rk_intro"))
show_flash()

status = ranker_status()
with db_session() as session:
    available = decision_count(session)

st.subheader(t("rk_status"))
if status.state == "active":
    st.success(t("rk_state_active"))
elif status.state == "absent":
    st.info(t("rk_state_absent"))
else:
    st.warning(t("rk_state_ignored", reason=status.reason))

m = status.manifest or {}
metrics = m.get("metrics") or {}
c1, c2, c3 = st.columns(3)
c1.metric(t("rk_available"), f"{available:,}".replace(",", "."))
if m:
    source = str(m.get("source", ""))
    c2.metric(t("rk_n_decisions"), f"{m.get('n_decisions', 0):,}".replace(",", "."))
    c3.metric(t("rk_last_trained"), str(m.get("trained_at", "-"))[:16].replace("T", " "))
    st.caption(f"{t('rk_source')}: " + t("rk_source_db" if source == "db" else "rk_source_sim"))
    learned, hand = metrics.get("heldout_ndcg_learned"), metrics.get("heldout_ndcg_hand")
    if learned is not None and hand is not None:
        d1, d2 = st.columns(2)
        d1.metric(t("rk_ndcg_learned"), f"{learned:.3f}", delta=f"{learned - hand:+.3f}")
        d2.metric(t("rk_ndcg_hand"), f"{hand:.3f}")
        st.caption(t("rk_metrics_help"))
    coef = dict(zip(m.get("feature_names", []), m.get("weights", []), strict=False))
    if coef:
        st.subheader(t("rk_weights"))
        st.dataframe(
            pd.DataFrame({t("rk_feature"): list(coef), t("rk_weight"): list(coef.values())}),
            hide_index=True,
        )
    with st.expander(t("rk_manifest")):
        st.json(m)

st.divider()
if st.button(t("rk_retrain"), type="primary", help=t("rk_retrain_help")):

    def _retrain():
        with db_session() as session:
            return retrain_from_db(session, user=user)

    with st.spinner(t("rk_retrain")):
        report = run_action(_retrain)
    if report is not None and report.ok:
        st.session_state["_flash"] = t("rk_retrained", n=report.n_decisions)
    elif report is not None:
        st.session_state["_flash_error"] = ValueError(t("rk_not_trained", reason=report.message))
    st.rerun()
st.caption(t("rk_retrain_help"))
st.caption(t("rk_cli_hint"))

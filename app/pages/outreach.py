"""Outreach: a WhatsApp-ready message and a printable flyer for a programme or vacancy.

Trainers see their own provider's programmes; counselors and admins see everything.
The outreach service decides (and checks again for the chosen item).
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from app.i18n import t
from app.services import refused, services
from app.state import require_role
from matcher.db import PermissionDenied, Role
from matcher.needs.outreach import Paper

user = require_role(Role.ADMIN, Role.COUNSELOR, Role.TRAINER)
service = services().outreach

try:
    kinds = service.kinds(user)
except PermissionDenied as exc:
    refused(exc)

st.title(t("nd_outreach_title"))
st.caption(t("nd_outreach_intro"))

kind = st.radio(t("nd_kind"), kinds, horizontal=True, key="nd_out_kind",
                format_func=lambda k: t(f"nd_kind_{k}"))  # fmt: skip
items = service.items(user, kind)
if not items:
    st.info(t("nd_no_items"))
    st.stop()

labels = {x.id: f"{x.id} · {x.record.title} · {x.owner}" for x in items}
chosen_id = st.selectbox(t("nd_pick_item"), list(labels), format_func=labels.get,
                         key="nd_out_item", placeholder=t("np_choose"))  # fmt: skip
try:
    text = service.message(user, kind, chosen_id)
except PermissionDenied as exc:
    refused(exc)

st.markdown(f"**{t('nd_message')}**")
st.code(text.text, language=None, wrap_lines=True)
if not text.fits:
    st.warning(t("nd_length_over", n=text.length, limit=text.limit))
elif text.shortened:
    st.caption(t("nd_length_short", n=text.length, limit=text.limit))
else:
    st.caption(t("nd_length_ok", n=text.length, limit=text.limit))

paper = st.radio(t("nd_paper"), list(Paper), horizontal=True, key="nd_out_paper",
                 format_func=lambda p: p.value)  # fmt: skip
page = service.flyer(user, kind, chosen_id, paper=paper)
if st.download_button(t("nd_download_flyer"), page.encode("utf-8"), f"flyer_{chosen_id}.html",
                      "text/html", width="stretch", key="nd_out_download"):  # fmt: skip
    st.toast(t("np_flyer_ready"), icon=":material/download:")
with st.expander(t("nd_flyer_preview"), key="exp_flyer"):
    # Our own template; every user text in it is HTML-escaped (matcher.needs.outreach).
    components.html(page, height=720, scrolling=True)

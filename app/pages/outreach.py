"""Outreach: a WhatsApp-ready message and a printable flyer for a programme or vacancy.

Trainers see their own provider's programmes; counselors and admins see everything.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from app.i18n import t
from app.state import db_session, require_role
from matcher.db import ProgramRepository, Role, VacancyRepository
from matcher.db.enums import VacancyStatus
from matcher.needs.outreach import Paper, flyer_html, message
from matcher.needs.partners import PartnerRepository, contact_line, ensure_partners

user = require_role(Role.ADMIN, Role.COUNSELOR, Role.TRAINER)
trainer = user.role is Role.TRAINER

st.title(t("nd_outreach_title"))
st.caption(t("nd_outreach_intro"))

kinds = ["program"] if trainer else ["program", "vacancy"]
kind = st.radio(t("nd_kind"), kinds, horizontal=True, key="nd_out_kind",
                format_func=lambda k: t(f"nd_kind_{k}"))  # fmt: skip
with db_session() as session:
    ensure_partners(session)  # idempotent; contacts come from the directory
    if kind == "program":
        items = [r.program for r in ProgramRepository(session).list(
            provider=user.provider if trainer else None)]  # fmt: skip
    else:
        items = [r.posting for r in VacancyRepository(session).list(status=VacancyStatus.OPEN)]
    owners = {getattr(x, "provider", None) or getattr(x, "employer", "") for x in items}
    repo = PartnerRepository(session)
    contacts = {o: contact_line(repo.find(o)) for o in owners}

if not items:
    st.info(t("nd_no_items"))
    st.stop()

labels = {x.id: f"{x.id} · {x.title} · {getattr(x, 'provider', None) or x.employer}" for x in items}
chosen_id = st.selectbox(t("nd_pick_item"), list(labels), format_func=labels.get, key="nd_out_item")
item = next(x for x in items if x.id == chosen_id)
contact = contacts.get(getattr(item, "provider", None) or getattr(item, "employer", ""), "")

text = message(item, contact=contact)
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
page = flyer_html(item, contact=contact, paper=paper)
st.download_button(t("nd_download_flyer"), page.encode("utf-8"), f"flyer_{item.id}.html",
                   "text/html", width="stretch")  # fmt: skip
with st.expander(t("nd_flyer_preview")):
    # Our own template; every user text in it is HTML-escaped (matcher.needs.outreach).
    components.html(page, height=720, scrolling=True)

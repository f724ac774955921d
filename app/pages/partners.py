"""Partner directory: every organisation, its contact, offers, programmes and vacancies.

Admins edit; counselor leads read. Partners for every provider and employer are created
on first visit (``ensure_partners``), in case the bootstrap has not done it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import t
from app.state import db_session, plain, require_role, run_action, show_flash
from matcher.db import Role, database_url
from matcher.needs.models import PartnerType
from matcher.needs.partners import ensure_partners, partner_directory, save_partner

user = require_role(Role.ADMIN, Role.COUNSELOR_LEAD)
can_edit = user.role is Role.ADMIN


@st.cache_resource(show_spinner=False)
def _partners_ready(url: str) -> bool:
    with db_session() as session:
        ensure_partners(session)
    return True


_partners_ready(database_url())
st.title(t("nd_partners_title"))
st.caption(t("nd_partners_intro"))
show_flash()

types = [None, *PartnerType]
kind = st.selectbox(
    t("nd_partner_type"),
    types,
    format_func=lambda x: t("all") if x is None else t(f"nd_ptype_{x.value}"),
)
query = st.text_input(t("nd_search"), key="nd_partner_search").strip().casefold()
with db_session() as session:
    listing = partner_directory(session, partner_type=kind)
if query:
    listing = [x for x in listing if query in x.partner.name.casefold()]
st.caption(t("nd_partner_count", n=len(listing)))

table = pd.DataFrame(
    [
        {
            t("nd_col_name"): x.partner.name,
            t("nd_col_type"): t(f"nd_ptype_{x.partner.partner_type.value}"),
            t("nd_col_contact"): x.partner.contact_person,
            t("nd_col_phone"): x.partner.phone,
            t("nd_col_kelurahan"): x.partner.kelurahan,
            t("nd_col_programs"): len(x.programs),
            t("nd_col_vacancies"): len(x.vacancies),
            t("nd_col_offers"): x.partner.offers,
        }
        for x in listing
    ]
)
st.dataframe(table, width="stretch", hide_index=True)

if listing:
    names = [x.partner.name for x in listing]
    picked = st.selectbox(t("nd_pick_partner"), names, key="nd_partner_pick")
    chosen = listing[names.index(picked)]
    p = chosen.partner
    st.subheader(plain(p.name))
    st.text(f"{t('nd_col_type')}: {t(f'nd_ptype_{p.partner_type.value}')}")
    st.text(f"{t('nd_col_contact')}: {p.contact_person}  {p.phone}  {p.email}".rstrip())
    if p.offers:
        st.text(f"{t('nd_col_offers')}: {p.offers}")
    st.markdown(f"**{t('nd_partner_programs')}**")
    if chosen.programs:
        st.dataframe(
            pd.DataFrame([{"id": r.id, t("nd_col_name"): r.program.title,
                           t("nd_col_kelurahan"): r.program.kelurahan or "online",
                           t("nd_col_seats"): r.program.seats_left} for r in chosen.programs]),
            width="stretch", hide_index=True,
        )  # fmt: skip
    else:
        st.caption(t("nd_none"))
    st.markdown(f"**{t('nd_partner_vacancies')}**")
    if chosen.vacancies:
        st.dataframe(
            pd.DataFrame([{"id": r.id, t("nd_col_name"): r.posting.title,
                           t("nd_col_kelurahan"): r.posting.kelurahan,
                           t("nd_col_status"): r.status.value} for r in chosen.vacancies]),
            width="stretch", hide_index=True,
        )  # fmt: skip
    else:
        st.caption(t("nd_none"))

    if can_edit:
        with st.expander(t("nd_edit_partner")), st.form(f"nd_edit_{p.id}"):
            values = {
                "name": st.text_input(t("nd_col_name"), p.name),
                "partner_type": st.selectbox(
                    t("nd_col_type"), list(PartnerType), index=list(PartnerType).index(p.partner_type),
                    format_func=lambda x: t(f"nd_ptype_{x.value}"),
                ),
                "contact_person": st.text_input(t("nd_col_contact"), p.contact_person),
                "phone": st.text_input(t("nd_col_phone"), p.phone),
                "email": st.text_input(t("nd_col_email"), p.email),
                "kelurahan": st.text_input(t("nd_col_kelurahan"), p.kelurahan),
                "offers": st.text_area(t("nd_col_offers"), p.offers),
                "notes": st.text_area(t("nd_col_notes"), p.notes),
                "active": st.checkbox(t("nd_col_active"), p.active),
            }  # fmt: skip
            if st.form_submit_button(t("nd_save"), type="primary"):

                def _save(values=values, p=p):
                    with db_session() as session:
                        return save_partner(session, user, partner_id=p.id,
                                            expected_version=p.version_id, **values)  # fmt: skip

                run_action(_save, success=t("nd_saved"))
                st.rerun()

if can_edit:
    with st.expander(t("nd_add_partner")), st.form("nd_add_partner", clear_on_submit=True):
        new = {
            "name": st.text_input(t("nd_col_name")),
            "partner_type": st.selectbox(t("nd_col_type"), list(PartnerType),
                                         format_func=lambda x: t(f"nd_ptype_{x.value}")),
            "contact_person": st.text_input(t("nd_col_contact")),
            "phone": st.text_input(t("nd_col_phone")),
            "kelurahan": st.text_input(t("nd_col_kelurahan")),
            "offers": st.text_area(t("nd_col_offers")),
        }  # fmt: skip
        if st.form_submit_button(t("nd_save"), type="primary"):

            def _add(new=new):
                with db_session() as session:
                    return save_partner(session, user, **new)

            run_action(_add, success=t("nd_saved"))
            st.rerun()
else:
    st.caption(t("nd_read_only"))

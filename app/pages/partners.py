"""Partner directory: every organisation, its contact, offers, programmes and vacancies.

Admins edit; counselor leads read. The partner service checks both, creates partners for
every stored provider and employer on the way, and writes the audit trail.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import t
from app.services import refused, services
from app.state import plain, require_role, show_error
from matcher.db import PermissionDenied, Role
from matcher.errors import MatcherError
from matcher.needs.models import PartnerType

user = require_role(Role.ADMIN, Role.COUNSELOR_LEAD)
service = services().partners
can_edit = service.can_edit(user)
# (where, message) of the previous run's save: a toast, and a line beside the form.
done = st.session_state.pop("nd_partner_done", None) or ("", "")
if done[1]:
    st.toast(done[1], icon=":material/check_circle:")


def save(where: str, **kw) -> None:
    """Save through the service; the result shows beside the form that was submitted."""
    try:
        service.save(user, **kw)
    except (MatcherError, ValueError) as exc:
        show_error(exc)  # right here, under the form's button
    else:
        st.session_state["nd_partner_done"] = (where, t("nd_saved"))
        st.rerun()


st.title(t("nd_partners_title"))
st.caption(t("nd_partners_intro"))

types = [None, *PartnerType]
kind = st.selectbox(
    t("nd_partner_type"),
    types,
    format_func=lambda x: t("all") if x is None else t(f"nd_ptype_{x.value}"),
    filter_mode=None,
)
query = st.text_input(t("nd_search"), key="nd_partner_search", help=t("np_search_help"),
                      placeholder=t("np_search_placeholder"), live=True)  # fmt: skip
try:
    listing = service.directory(user, partner_type=kind, query=query)
except PermissionDenied as exc:
    refused(exc)
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
st.dataframe(table, width="stretch", hide_index=True, placeholder=t("tb_val_missing"))

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
            pd.DataFrame([{t("nd_col_code"): r.id, t("nd_col_name"): r.program.title,
                           t("nd_col_kelurahan"): r.program.kelurahan or t("nd_online_place"),
                           t("nd_col_seats"): r.program.seats_left} for r in chosen.programs]),
            width="stretch", hide_index=True,
        )  # fmt: skip
    else:
        st.caption(t("nd_none"))
    st.markdown(f"**{t('nd_partner_vacancies')}**")
    if chosen.vacancies:
        st.dataframe(
            pd.DataFrame([{t("nd_col_code"): r.id, t("nd_col_name"): r.posting.title,
                           t("nd_col_kelurahan"): r.posting.kelurahan,
                           t("nd_col_status"): t(f"vstatus_{r.status.value}")}
                          for r in chosen.vacancies]),
            width="stretch", hide_index=True,
        )  # fmt: skip
    else:
        st.caption(t("nd_none"))

    if can_edit:
        with st.expander(t("nd_edit_partner"), expanded=done[0] == "edit"):
            with st.form(f"nd_edit_{p.id}", enter_to_submit=False):
                values = {
                    "name": st.text_input(t("nd_col_name"), p.name),
                    "partner_type": st.selectbox(
                        t("nd_col_type"), list(PartnerType), index=list(PartnerType).index(p.partner_type),
                        format_func=lambda x: t(f"nd_ptype_{x.value}"), filter_mode=None,
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
                    save("edit", partner_id=p.id, expected_version=p.version_id, **values)
            if done[0] == "edit":
                st.success(done[1])

if can_edit:
    with st.expander(t("nd_add_partner"), expanded=done[0] == "add"):
        with st.form("nd_add_partner", clear_on_submit=True, enter_to_submit=False):
            new = {
                "name": st.text_input(t("nd_col_name")),
                "partner_type": st.selectbox(t("nd_col_type"), list(PartnerType),
                                             format_func=lambda x: t(f"nd_ptype_{x.value}"),
                                             filter_mode=None),
                "contact_person": st.text_input(t("nd_col_contact")),
                "phone": st.text_input(t("nd_col_phone")),
                "kelurahan": st.text_input(t("nd_col_kelurahan")),
                "offers": st.text_area(t("nd_col_offers")),
            }  # fmt: skip
            if st.form_submit_button(t("nd_save"), type="primary"):
                save("add", **new)
        if done[0] == "add":
            st.success(done[1])
else:
    st.caption(t("nd_read_only"))

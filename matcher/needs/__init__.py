"""Needs and resources map: partners, skill supply and demand, field intake, outreach.

Modules: ``models`` (partners table), ``partners`` (directory, ``ensure_partners``),
``skillmap`` (phrases -> ESCO concept sets), ``supply_demand`` (gaps and training
suggestions), ``mapdata`` (per-kelurahan map points), ``intake_form`` / ``intake``
(KoboToolbox/ODK form and its export import; ``kobo`` reads
one export row), ``outreach`` (WhatsApp text and flyer).
"""

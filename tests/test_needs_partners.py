"""Partner directory: first-run creation, links to programmes and vacancies, admin edits."""

from __future__ import annotations

import pytest

from matcher.auth import PermissionDenied
from matcher.db import (
    ConcurrentEditError,
    ProgramRepository,
    UserRepository,
    VacancyRepository,
    session_scope,
)
from matcher.needs.models import PartnerType
from matcher.needs.partners import (
    EXTRA_PARTNERS,
    PartnerRepository,
    ensure_partners,
    guess_type,
    partner_directory,
    save_partner,
    unlinked_names,
)
from tests.needs_fixtures import seeded_db_template, seeded_engine  # noqa: F401


def test_every_provider_and_employer_gets_a_partner(seeded_engine):  # noqa: F811
    with session_scope(seeded_engine) as s:
        assert unlinked_names(s) == {"providers": [], "employers": []}
        providers = {r.program.provider for r in ProgramRepository(s).list()}
        employers = {r.employer for r in VacancyRepository(s).list()}
        assert len(PartnerRepository(s).list()) == len(
            providers | employers | {p["name"] for p in EXTRA_PARTNERS}
        )


def test_ensure_partners_is_idempotent_and_keeps_edits(seeded_engine):  # noqa: F811
    with session_scope(seeded_engine) as s:
        repo = PartnerRepository(s)
        pkk = repo.find("pkk kelurahan  tanjung barat")  # case and spacing ignored
        repo.update(pkk.id, expected_version=pkk.version_id, who="admin", phone="0812-0")
        assert ensure_partners(s) == []
        assert repo.find("PKK Kelurahan Tanjung Barat").phone == "0812-0"


def test_directory_lists_a_providers_programmes_and_an_employers_vacancies(seeded_engine):  # noqa: F811
    with session_scope(seeded_engine) as s:
        listing = {x.partner.name: x for x in partner_directory(s)}
        ppkd = listing["PPKD Jakarta Selatan"]
        assert ppkd.partner.partner_type is PartnerType.GOVERNMENT
        assert {r.program.provider for r in ppkd.programs} == {"PPKD Jakarta Selatan"}
        assert len(ppkd.programs) == len(ProgramRepository(s).list(provider="PPKD Jakarta Selatan"))
        employer = next(iter(VacancyRepository(s).employer_counts()))
        assert len(listing[employer].vacancies) == VacancyRepository(s).employer_counts()[employer]
        assert (
            listing["Karang Taruna RW 05 Tanjung Barat"].partner.partner_type
            is PartnerType.COMMUNITY
        )
        assert any(x.partner.partner_type is PartnerType.UNIVERSITY for x in listing.values())


@pytest.mark.parametrize(
    "name, employer, expected",
    [
        ("PPKD Jakarta Selatan", False, PartnerType.GOVERNMENT),
        ("BLK Pasar Minggu", False, PartnerType.GOVERNMENT),
        ("Yayasan Cahaya Mandiri", False, PartnerType.NGO),
        ("PKK Kelurahan Tanjung Barat", False, PartnerType.COMMUNITY),
        ("LPK Mitra Terampil", False, PartnerType.TRAINING_PROVIDER),
        ("Koperasi Simpan Pinjam Jaya", True, PartnerType.EMPLOYER),
    ],
)
def test_guesses_the_partner_type_from_the_name(name, employer, expected):
    assert guess_type(name, employer=employer) is expected


def test_only_admin_edits_partners_and_stale_edits_are_refused(seeded_engine):  # noqa: F811
    with session_scope(seeded_engine) as s:
        users = UserRepository(s)
        admin, lead = users.get_by_username("admin"), users.get_by_username("koordinator")
        with pytest.raises(PermissionDenied):
            save_partner(s, lead, name="Posyandu Melati", partner_type="komunitas")
        new = save_partner(s, admin, name="Posyandu Melati", partner_type="komunitas",
                           offers="Ruang kelas\nAntar-jemput")  # fmt: skip
        assert new.partner_type is PartnerType.COMMUNITY and "\n" in new.offers
        edited = save_partner(s, admin, partner_id=new.id, expected_version=new.version_id,
                              contact_person="  Ibu   Ani ")  # fmt: skip
        assert edited.contact_person == "Ibu Ani"
        with pytest.raises(ConcurrentEditError):
            save_partner(s, admin, partner_id=new.id, expected_version=new.version_id, phone="1")


def test_bad_partner_values_name_what_is_allowed(seeded_engine):  # noqa: F811
    with session_scope(seeded_engine) as s:
        repo = PartnerRepository(s)
        with pytest.raises(ValueError, match="universitas"):
            repo.add("X", "kampus", who="admin")
        with pytest.raises(ValueError, match="allowed"):
            repo.add("X", "lsm", who="admin", website="x")
        with pytest.raises(ValueError, match="already exists"):
            repo.add("ppkd jakarta selatan", "pemerintah", who="admin")

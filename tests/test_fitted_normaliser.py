"""The fitted ESCO skill normaliser is fitted once and kept, in the process and on disk.

ESCO is replaced by a six-skill taxonomy (``load_taxonomy`` patched), so a fit takes
milliseconds; the real ESCO fit is exercised by the engine tests and the CI run.
"""

from __future__ import annotations

import logging

import pytest

from matcher.engine.normalise import concept_normaliser
from matcher.text.skills import SkillNormaliser, fitted
from matcher.text.skills import normaliser as normaliser_module
from matcher.text.skills.taxonomy import EscoTaxonomy, OccupationConcept, SkillConcept

SKILLS = (
    SkillConcept("s:sew", "sew pieces of fabric", ("sew fabric",)),
    SkillConcept("s:cash", "operate cash register", ("use cash register",)),
    SkillConcept("s:drive", "drive vehicles", ("drive car",)),
)
SMALL = EscoTaxonomy(SKILLS, (OccupationConcept("o:x", "tailor", (), "7531"),), ())


@pytest.fixture
def small_esco(private_caches, monkeypatch):
    """A small ESCO, a private models folder, no fitted instance in the process, and a
    count of the fits."""
    monkeypatch.setattr(normaliser_module, "load_taxonomy", lambda: SMALL)
    fitted.forget()
    fits = []
    real_fit = SkillNormaliser.fit

    def counting_fit(self, *args, **kwargs):
        fits.append(self)
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(SkillNormaliser, "fit", counting_fit)
    yield fits
    fitted.forget()


def kept_files(private_caches):
    return sorted((private_caches / "cache").glob(f"{fitted.PREFIX}*.joblib"))


def test_a_normaliser_is_fitted_once_and_read_from_disk_in_the_next_process(
    small_esco, private_caches
):
    first = fitted.fitted(SkillNormaliser())
    assert len(small_esco) == 1 and len(kept_files(private_caches)) == 1
    assert fitted.fitted(SkillNormaliser()) is first  # the process's instance
    fitted.forget()  # a new process: only the file is left
    again = fitted.fitted(SkillNormaliser())
    assert len(small_esco) == 1 and again is not first
    phrases = ["sew fabric", "operate till", "drive car"]
    assert [[m.uri for m in ms] for ms in again.transform(phrases)] == [
        [m.uri for m in ms] for ms in first.transform(phrases)
    ]


def test_an_unreadable_file_is_fitted_again_and_replaced(small_esco, private_caches, caplog):
    fitted.fitted(SkillNormaliser())
    (path,) = kept_files(private_caches)
    path.write_bytes(b"not a joblib file")
    fitted.forget()
    with caplog.at_level(logging.WARNING):
        fitted.fitted(SkillNormaliser())
    assert "unreadable" in caplog.text and len(small_esco) == 2
    assert path.stat().st_size > 1000  # written again


def test_other_parameters_are_kept_apart_and_the_old_file_goes(small_esco, private_caches):
    fitted.fitted(SkillNormaliser())
    (before,) = kept_files(private_caches)
    other = fitted.fitted(SkillNormaliser(threshold=0.9))
    assert other.threshold == 0.9 and len(small_esco) == 2
    (after,) = kept_files(private_caches)
    assert after != before


def test_a_normaliser_of_another_kind_is_fitted_itself_and_not_kept(small_esco, private_caches):
    own = SkillNormaliser(overrides={"jahit": "s:sew"})
    assert fitted.fitted(own) is own and own.overrides_
    assert not kept_files(private_caches)


def test_a_fitted_normaliser_is_returned_as_it_is(small_esco, private_caches):
    done = SkillNormaliser().fit()
    assert fitted.fitted(done) is done and len(small_esco) == 1
    assert not kept_files(private_caches)


def test_engines_built_one_after_another_fit_once(small_esco, private_caches):
    """Each build (an erasure empties the phrase cache) made a new normaliser and fitted
    it again: seconds over ESCO, while the page waited."""
    from matcher.text import forgetting

    first = concept_normaliser(None)(["sew fabric"])
    assert forgetting.forget_people_texts()  # the phrase cache file went
    second = concept_normaliser(None)(["sew fabric"])
    assert first == second == [[("s:sew", "sew pieces of fabric")]]
    assert len(small_esco) == 1

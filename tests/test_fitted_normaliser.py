"""The fitted ESCO skill normaliser is fitted once and kept, in the process and on disk.

ESCO is replaced by a six-skill taxonomy (``load_taxonomy`` patched), so a fit takes
milliseconds; the real ESCO fit is exercised by the engine tests and the CI run.
"""

from __future__ import annotations

import logging

import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

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


def is_fitted(estimator) -> bool:
    try:
        check_is_fitted(estimator)
    except NotFittedError:
        return False
    return True


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


def test_other_parameters_are_kept_apart_and_only_the_newest_files_stay(small_esco, private_caches):
    first = fitted.fitted(SkillNormaliser())
    (before,) = kept_files(private_caches)
    other = fitted.fitted(SkillNormaliser(threshold=0.9))
    assert other.threshold == 0.9 and other is not first and len(small_esco) == 2
    assert before in kept_files(private_caches)  # another code version may read it
    for threshold in (0.8, 0.85, 0.95):
        fitted.fitted(SkillNormaliser(threshold=threshold))
    assert len(kept_files(private_caches)) == fitted.KEEP_FILES
    assert before not in kept_files(private_caches)


def test_a_file_that_holds_something_else_is_fitted_again(small_esco, private_caches):
    import joblib

    path = fitted._path(fitted.key(SkillNormaliser()))
    path.parent.mkdir(parents=True)
    joblib.dump(SkillNormaliser(threshold=0.1), path)  # readable, but not this one
    got = fitted.fitted(SkillNormaliser())
    assert got.threshold == SkillNormaliser().threshold and len(small_esco) == 1


def test_an_unreadable_file_in_a_read_only_folder_does_not_stop_the_build(
    small_esco, private_caches, monkeypatch
):
    from pathlib import Path

    path = fitted._path(fitted.key(SkillNormaliser()))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a joblib file")

    def read_only(self, missing_ok=False):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(Path, "unlink", read_only)
    monkeypatch.setattr(fitted.joblib, "dump", lambda obj, where: read_only(where))
    assert fitted.fitted(SkillNormaliser()).transform(["sew fabric"])[0][0].uri == "s:sew"


def test_a_dead_writes_temporary_file_is_removed_later(small_esco, private_caches):
    import os

    folder = private_caches / "cache"
    folder.mkdir(parents=True)
    dead, live = folder / f"{fitted.PREFIX}x.1.2.part", folder / f"{fitted.PREFIX}y.3.4.part"
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    os.utime(dead, (1, 1))
    fitted.fitted(SkillNormaliser())
    assert not dead.exists() and live.exists()


def test_the_key_follows_the_resources_and_tolerates_missing_esco(
    small_esco, tmp_path, monkeypatch
):
    import os

    from matcher import config

    resources = tmp_path / "resources"
    resources.mkdir()
    (resources / "words.csv").write_text("id,en\n")
    monkeypatch.setattr(fitted, "_RESOURCES", resources)
    monkeypatch.setattr(config, "ESCO_DIR", tmp_path / "no-esco-here")
    before = fitted.key(SkillNormaliser())
    (resources / "words.csv").write_text("id,en\njahit,sew\n")
    os.utime(resources / "words.csv", (2, 2))
    assert fitted.key(SkillNormaliser()) != before


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


def test_an_engine_built_from_cached_phrases_loads_its_normaliser_when_asked(
    small_esco, private_caches
):
    """A build whose phrases are all cached never fits or reads the normaliser, so the
    first new phrase paid for it (1.7 s from disk, 10.7 s cold); ``load_models`` (the app's
    background build) reads it first, and the new phrase then fits nothing."""
    from matcher.text import forgetting

    concept_normaliser(None)(["sew fabric"])  # fitted and kept; the phrase cached
    fitted.forget()  # a new process: the file and the phrase cache are left
    engine_side = forgetting.bound(concept_normaliser(None), forgetting.read_marks())
    engine_side(["sew fabric"])
    assert not is_fitted(engine_side.normalise.normaliser)
    engine_side.load()
    assert is_fitted(engine_side.normalise.normaliser)
    assert engine_side(["drive car"]) == [[("s:drive", "drive vehicles")]]
    assert len(small_esco) == 1  # read from disk, never fitted again

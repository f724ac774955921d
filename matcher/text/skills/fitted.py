"""The fitted ESCO skill normaliser, fitted once and kept: in this process and on disk.

Fitting the default :class:`~matcher.text.skills.SkillNormaliser` indexes every ESCO
skill name (4.3-4.8 s in a new process on the 2-core machine). An engine fits it only
when a phrase is not in the phrase cache, and that is exactly when a page waits: the
first new skill a counselor types, the first needs map of a process, and a build after
an erasure (which empties the phrase cache). The fitted state is derived from ESCO and
the project's resources only, never from what people wrote (``transform`` keeps nothing
on the instance), so it is kept:

* in this process, one instance (the newest key's), shared by every engine built here;
* on disk, ``models/cache/skill_normaliser_<key>.joblib``, written right after the fit;
  the newest few files are kept (two code versions may run side by side).

The key is the phrase cache's fingerprint (the normaliser's class, parameters, method
version and resource CSVs; :func:`matcher.text.skill_cache.fingerprint`), the stamps of
every ESCO file the fit reads, every resource file and the source of ``matcher/text``
(a code change that alters the fitted state need not bump ``METHOD_VERSION``), and the
versions of the libraries whose objects are pickled. Before a fit, the process's copies
of the glossary, lexicon and taxonomy are read again, so what is fitted is what the key
says. A file that cannot be read, or holds something else than a fitted normaliser, is
logged, removed and fitted again (:mod:`matcher.kept`, as the fitted TF-IDF cache is).
Only the default kind of normaliser is kept: one with its own glossary, override table,
encoder or semantic path is fitted as before.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

import joblib

from matcher import config
from matcher.kept import load_or_build

PREFIX = "skill_normaliser_"
KEEP_FILES = 3  # the newest files kept: another code version may be reading its own
_TEXT_DIR = Path(__file__).resolve().parents[1]  # matcher/text
_RESOURCES = Path(__file__).resolve().parents[2] / "resources"
_FITTED: dict[str, object] = {}  # key -> the fitted instance of this process (one)
_LOCK = threading.Lock()  # one fit or load at a time: the app's sessions wait for it


def keepable(normaliser: object) -> bool:
    """Whether ``normaliser`` is the default kind, fitted on ESCO and the project's
    resources alone."""
    from matcher.text.skills import SkillNormaliser

    return (
        type(normaliser) is SkillNormaliser
        and normaliser.encoder is None
        and not normaliser.semantic
        and normaliser.glossary is None
        and normaliser.overrides is None
    )


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The source of ``matcher/text`` as this process runs it."""
    h = hashlib.sha256()
    for path in sorted(_TEXT_DIR.rglob("*.py")):
        h.update(str(path.relative_to(_TEXT_DIR)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def key(normaliser: object) -> str:
    """What decides the fitted state, hashed (see the module docstring)."""
    import numpy
    import scipy
    import sklearn

    from matcher.text.skill_cache import _file_stamp, fingerprint
    from matcher.text.skills.taxonomy import _SOURCES

    parts = [fingerprint(normaliser), _code_digest()]
    parts += [_file_stamp(config.ESCO_DIR / name) for name in _SOURCES]
    parts += [_file_stamp(path) for path in sorted(_RESOURCES.glob("*.csv"))]
    parts.append(f"sklearn {sklearn.__version__} numpy {numpy.__version__} "
                 f"scipy {scipy.__version__} joblib {joblib.__version__}")  # fmt: skip
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def fitted(normaliser):
    """``normaliser`` fitted: the process's instance, the one on disk, or a new fit
    (then saved). A normaliser already fitted, or not of the default kind, is fitted
    (if need be) and returned itself."""
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(normaliser)
        return normaliser
    except NotFittedError:
        pass
    if not keepable(normaliser):
        return normaliser.fit()
    name = key(normaliser)
    with _LOCK:
        found = _FITTED.get(name)
        if found is None:
            found = _load_or_fit(normaliser, _path(name))
            _FITTED.clear()  # an older key's instance: the engines holding it keep it
            _FITTED[name] = found
    return found


def _path(name: str) -> Path:
    return config.MODELS_DIR / "cache" / f"{PREFIX}{name}.joblib"


def _load_or_fit(normaliser, path: Path):
    from sklearn.utils.validation import check_is_fitted

    def same_kind(found: object) -> bool:  # this file holds a fitted normaliser like it
        if type(found) is not type(normaliser) or found.get_params() != normaliser.get_params():
            return False
        check_is_fitted(found)
        return True

    def fit():
        from matcher.text.glossary import load_glossary
        from matcher.text.lexicon import load_lexicon
        from matcher.text.skills.taxonomy import load_taxonomy

        for loader in (load_glossary, load_lexicon, load_taxonomy):
            loader.cache_clear()  # fit what the key was computed from, not an older copy
        return normaliser.fit()

    return load_or_build(
        path, fit, keep=KEEP_FILES, pattern=f"{PREFIX}*.joblib", valid=same_kind,
        what="fitted skill normaliser",
    )  # fmt: skip


def forget() -> None:
    """Drop this process's instance (tests; a models folder changed under it)."""
    with _LOCK:
        _FITTED.clear()

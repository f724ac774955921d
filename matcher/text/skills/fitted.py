"""The fitted ESCO skill normaliser, fitted once and kept: in this process and on disk.

Fitting the default :class:`~matcher.text.skills.SkillNormaliser` indexes every ESCO
skill name (about 5-7 s on the 2-core machine). An engine fits it only when a phrase is
not in the phrase cache, and that is exactly when a page waits: the first new skill a
counselor types, and every rebuild after an erasure (which empties the phrase cache).
The fitted state is derived from ESCO and the project's resources only, never from what
people wrote (``transform`` keeps nothing on the instance), so it is kept:

* in this process, one instance per fingerprint, shared by every engine built here;
* on disk, ``models/cache/skill_normaliser_<key>.joblib``, written right after the fit.

The key is the phrase cache's fingerprint (the normaliser's class, parameters, method
version and resources; :func:`matcher.text.skill_cache.fingerprint`), the stamps of every
ESCO file the fit reads, and the versions of the libraries whose objects are pickled. A
file that cannot be read is logged, removed and fitted again. Only the default kind of
normaliser is kept: one with a given glossary, override table, encoder or semantic path
is fitted as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path

import joblib

from matcher import config

log = logging.getLogger(__name__)

PREFIX = "skill_normaliser_"
_FITTED: dict[str, object] = {}  # key -> the fitted instance of this process
_LOCK = threading.Lock()  # one fit or load at a time: the app's sessions wait for it


def keepable(normaliser: object) -> bool:
    """Whether ``normaliser`` is the default kind, fitted on ESCO alone."""
    from matcher.text.skills import SkillNormaliser

    return (
        type(normaliser) is SkillNormaliser
        and normaliser.encoder is None
        and not normaliser.semantic
        and normaliser.glossary is None
        and not isinstance(normaliser.overrides, dict)
    )


def key(normaliser: object) -> str:
    """What decides the fitted state, hashed (see the module docstring)."""
    import numpy
    import scipy
    import sklearn

    from matcher.text.skill_cache import fingerprint
    from matcher.text.skills.taxonomy import _SOURCES

    stamps = {}
    for name in _SOURCES:
        st = (config.ESCO_DIR / name).stat()
        stamps[name] = [st.st_size, st.st_mtime_ns]
    parts = [
        fingerprint(normaliser),
        json.dumps(stamps, sort_keys=True),
        f"sklearn {sklearn.__version__} numpy {numpy.__version__} scipy {scipy.__version__}",
        f"joblib {joblib.__version__}",
    ]
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
            found = _FITTED[name] = _load_or_fit(normaliser, _path(name))
    return found


def _path(name: str) -> Path:
    return config.MODELS_DIR / "cache" / f"{PREFIX}{name}.joblib"


def _load_or_fit(normaliser, path: Path):
    if path.exists():
        try:
            return joblib.load(path)
        except Exception as exc:  # any unreadable file is fitted again, never trusted
            log.warning("fitted skill normaliser %s unreadable (%s); fitting again", path, exc)
            path.unlink(missing_ok=True)
    normaliser.fit()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
        joblib.dump(normaliser, tmp)
        os.replace(tmp, path)
        for old in path.parent.glob(f"{PREFIX}*"):
            if old != path and not old.name.endswith(".part"):  # another version's
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only models folder: fitted, just not kept
        log.warning("could not keep the fitted skill normaliser in %s: %s", path, exc)
    return normaliser


def forget() -> None:
    """Drop this process's instances (tests; a models folder changed under it)."""
    with _LOCK:
        _FITTED.clear()

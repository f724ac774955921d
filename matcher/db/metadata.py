"""Every table on :class:`~matcher.db.models.Base`, including other packages' tables.

Other parts of the matcher (monitoring, the partner directory...) declare their tables
on the same ``Base`` in a ``matcher/<package>/models.py`` and add their own Alembic
revision to ``matcher/db/migrations/versions``. Alembic's autogenerate and the
migration tests must see all of them, so this module imports every such file. Files
are found by path, so packages without tables are never imported (some load models).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from sqlalchemy import MetaData

import matcher
from matcher.db.models import Base


def model_modules() -> list[str]:
    """Dotted names of the ``models.py`` modules that declare tables."""
    names = ["matcher.db.models"]
    for root in matcher.__path__:
        for path in sorted(Path(root).glob("*/models.py")):
            name = f"matcher.{path.parent.name}.models"
            if name not in names:
                names.append(name)
    return names


def all_metadata() -> MetaData:
    """``Base.metadata`` after importing every module in :func:`model_modules`."""
    for name in model_modules():
        importlib.import_module(name)
    return Base.metadata

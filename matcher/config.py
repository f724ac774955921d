"""Project paths and runtime settings, each overridable from the environment.

Follows cookiecutter-data-science: one place that knows where data and models live.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(os.environ.get("MATCHER_PROJ_ROOT", Path(__file__).resolve().parents[1]))
DATA_DIR = Path(os.environ.get("MATCHER_DATA_DIR", PROJ_ROOT / "data"))
RAW_DATA_DIR = DATA_DIR / "raw"
EXTERNAL_DATA_DIR = DATA_DIR / "external"
INTERIM_DATA_DIR = DATA_DIR / "interim"
PROCESSED_DATA_DIR = DATA_DIR / "processed"
SAMPLE_DATA_DIR = Path(os.environ.get("MATCHER_SAMPLE_DIR", DATA_DIR / "sample"))
MODELS_DIR = Path(os.environ.get("MATCHER_MODELS_DIR", PROJ_ROOT / "models"))
EMBEDDING_CACHE_DIR = Path(os.environ.get("MATCHER_CACHE_DIR", MODELS_DIR / "embeddings"))
# Encoders fitted on a catalog's names (TF-IDF), kept for warm builds; None: <cache>/fitted.
FITTED_CACHE_DIR = os.environ.get("MATCHER_FITTED_CACHE_DIR") or None
# Public reference data (ESCO, O*NET, kelurahan centroids) shipped beside the repo.
SHARED_DATA_DIR = Path(
    os.environ.get("MATCHER_SHARED_DATA_DIR", PROJ_ROOT.parent / "shared" / "data")
)
ESCO_DIR = SHARED_DATA_DIR / "esco-1.1.1-en"
ONET_DIR = SHARED_DATA_DIR / "onet-27"
WILAYAH_CSV = SHARED_DATA_DIR / "jakarta-wilayah" / "dki_jakarta_wilayah_centroids.csv"
SKILL_SPANS_DIR = SHARED_DATA_DIR / "skill-spans"

# Sentence-transformers model: the bundled all-MiniLM-L6-v2 unless a deployment sets a
# local path (e.g. a downloaded multilingual model).
SBERT_MODEL = os.environ.get("MATCHER_SBERT_MODEL", "")

# Models must never be fetched from a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

"""All user-facing strings, Indonesian first, English a switch away.

Each module in this package defines ``STRINGS = {"key": {"id": "...", "en": "..."}}``;
they are merged here. ``t(key, **fmt)`` looks a key up in the language stored in
``st.session_state["lang"]`` ("id" by default). A key defined twice is recorded in
:data:`DUPLICATES` (a test keeps it empty); an unknown key shows as itself, so a
missing string is visible rather than a crash.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"

STRINGS: dict[str, dict[str, str]] = {}
DUPLICATES: list[tuple[str, str]] = []  # (key, module) for every key defined twice
SOURCES: dict[str, str] = {}


def _load() -> None:
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in STRINGS:
                DUPLICATES.append((key, info.name))
                continue
            STRINGS[key] = texts
            SOURCES[key] = info.name


_load()


def current_lang() -> str:
    """The session's language, or the default outside a Streamlit session."""
    try:
        import streamlit as st

        lang = st.session_state.get("lang", DEFAULT_LANG)
    except Exception:  # no script run context (plain Python, tests of helpers)
        lang = DEFAULT_LANG
    return lang if lang in LANGUAGES else DEFAULT_LANG


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (default: the session's), formatted with ``fmt``."""
    texts = STRINGS.get(key)
    if texts is None:
        return key
    text = texts.get(lang or current_lang()) or texts.get(DEFAULT_LANG, key)
    return text.format(**fmt) if fmt else text

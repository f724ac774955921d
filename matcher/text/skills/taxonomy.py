"""The ESCO v1.1.1 taxonomy: skills, occupations, and which skills an occupation needs.

ESCO, © European Union; free reuse with attribution under Commission Decision 2011/833/EU.

The CSVs live in ``matcher.config.ESCO_DIR`` (read-only). Parsing them takes well under a
second, but the compact tables are still cached as Feather files under
``MODELS_DIR / "esco"`` (keyed on the source files' sizes and mtimes) so that repeated
loads in the app and the CLI are cheap. If ``pyarrow`` is missing the cache is skipped.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from matcher import config
from matcher.errors import FileFormatError, UnknownRecordError

log = logging.getLogger(__name__)

SKILLS_CSV = "skills_en.csv"
OCCUPATIONS_CSV = "occupations_en.csv"
RELATIONS_CSV = "occupationSkillRelations.csv"
_SOURCES = (SKILLS_CSV, OCCUPATIONS_CSV, RELATIONS_CSV)
_CACHE_VERSION = 1

_SKILL_COLUMNS = {
    "conceptUri": "uri",
    "preferredLabel": "label",
    "altLabels": "alt_labels",
    "skillType": "skill_type",
    "reuseLevel": "reuse_level",
    "description": "description",
}
_OCCUPATION_COLUMNS = {
    "conceptUri": "uri",
    "preferredLabel": "label",
    "altLabels": "alt_labels",
    "iscoGroup": "isco_group",
    "description": "description",
}
_RELATION_COLUMNS = {
    "occupationUri": "occupation_uri",
    "relationType": "relation",
    "skillUri": "skill_uri",
}


@dataclass(frozen=True)
class SkillConcept:
    """One ESCO skill or knowledge concept."""

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    skill_type: str = ""  # "skill/competence" or "knowledge" (a handful are empty)
    reuse_level: str = ""  # transversal, cross-sector, sector-specific, occupation-specific
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Preferred label first, then the distinct alternative labels."""
        return (self.label, *(a for a in self.alt_labels if a != self.label))


@dataclass(frozen=True)
class OccupationConcept:
    """One ESCO occupation."""

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    isco_group: str = ""
    description: str = ""


class EscoTaxonomy:
    """Skills, occupations and occupation -> skill relations, looked up by URI.

    Parameters
    ----------
    skills : iterable of SkillConcept
    occupations : iterable of OccupationConcept
    relations : iterable of (occupation_uri, relation, skill_uri)
        ``relation`` is ``"essential"`` or ``"optional"``.

    Examples
    --------
    >>> sew = SkillConcept("s:sew", "sew pieces of fabric", ("sew fabric",))
    >>> tailor = OccupationConcept("o:tailor", "tailor")
    >>> tax = EscoTaxonomy([sew], [tailor], [("o:tailor", "essential", "s:sew")])
    >>> [s.label for s in tax.essential_skills("o:tailor")]
    ['sew pieces of fabric']
    """

    def __init__(
        self,
        skills: Iterable[SkillConcept],
        occupations: Iterable[OccupationConcept] = (),
        relations: Iterable[tuple[str, str, str]] = (),
    ):
        self._skills = {s.uri: s for s in skills}
        self._occupations = {o.uri: o for o in occupations}
        essential: dict[str, list[str]] = {}
        optional: dict[str, list[str]] = {}
        for occ_uri, relation, skill_uri in relations:
            if relation not in ("essential", "optional"):
                raise ValueError(
                    f"relation {relation!r} for {occ_uri} -> {skill_uri} is not allowed; "
                    "choose one of: essential, optional"
                )
            # Relations may point outside a subset; keep only what this taxonomy holds.
            if skill_uri in self._skills:
                target = essential if relation == "essential" else optional
                target.setdefault(occ_uri, []).append(skill_uri)
        self._essential = {k: tuple(v) for k, v in essential.items()}
        self._optional = {k: tuple(v) for k, v in optional.items()}

    @property
    def skills(self) -> tuple[SkillConcept, ...]:
        return tuple(self._skills.values())

    @property
    def occupations(self) -> tuple[OccupationConcept, ...]:
        return tuple(self._occupations.values())

    def __len__(self) -> int:
        return len(self._skills)

    def __contains__(self, uri: object) -> bool:
        return uri in self._skills or uri in self._occupations

    def skill(self, uri: str) -> SkillConcept:
        """The skill with this URI; UnknownRecordError if there is none."""
        try:
            return self._skills[uri]
        except KeyError:
            raise UnknownRecordError("ESCO skill", uri) from None

    def occupation(self, uri: str) -> OccupationConcept:
        """The occupation with this URI; UnknownRecordError if there is none."""
        try:
            return self._occupations[uri]
        except KeyError:
            raise UnknownRecordError("ESCO occupation", uri) from None

    def essential_skills(self, occ_uri: str) -> tuple[SkillConcept, ...]:
        """Skills ESCO marks essential for the occupation, in file order."""
        self.occupation(occ_uri)
        return tuple(self._skills[u] for u in self._essential.get(occ_uri, ()))

    def optional_skills(self, occ_uri: str) -> tuple[SkillConcept, ...]:
        """Skills ESCO marks optional for the occupation, in file order."""
        self.occupation(occ_uri)
        return tuple(self._skills[u] for u in self._optional.get(occ_uri, ()))

    def relations(self) -> list[tuple[str, str, str]]:
        """Every (occupation_uri, relation, skill_uri) this taxonomy holds."""
        out = [(o, "essential", s) for o, ss in self._essential.items() for s in ss]
        out += [(o, "optional", s) for o, ss in self._optional.items() for s in ss]
        return out

    def subset(self, skill_uris: Iterable[str]) -> EscoTaxonomy:
        """The same taxonomy restricted to some skills (occupations are all kept).

        Useful to index only the skills that matter for local jobs, so that fitting a
        normaliser with a slow semantic encoder stays quick.
        """
        wanted = set(skill_uris)
        unknown = sorted(wanted - self._skills.keys())
        if unknown:
            raise UnknownRecordError("ESCO skill", unknown[0])
        return EscoTaxonomy(
            (s for s in self._skills.values() if s.uri in wanted),
            self._occupations.values(),
            self.relations(),
        )

    def skills_for_occupations(self, occ_uris: Iterable[str]) -> EscoTaxonomy:
        """A subset holding the essential and optional skills of these occupations."""
        uris: set[str] = set()
        for occ in occ_uris:
            uris.update(s.uri for s in self.essential_skills(occ))
            uris.update(s.uri for s in self.optional_skills(occ))
        return self.subset(uris)


def _split_labels(cell: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in cell.split("\n"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


def _read_csv(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    if not path.exists():
        raise FileFormatError(str(path), "ESCO file not found; set MATCHER_SHARED_DATA_DIR")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = sorted(set(columns) - set(df.columns))
    if missing:
        raise FileFormatError(str(path), f"missing ESCO columns {missing}")
    return df[list(columns)].rename(columns=columns)


def _source_key(esco_dir: Path) -> dict[str, object]:
    key: dict[str, object] = {"version": _CACHE_VERSION}
    for name in _SOURCES:
        st = (esco_dir / name).stat()
        key[name] = [st.st_size, st.st_mtime_ns]
    return key


def _read_tables(esco_dir: Path, cache_dir: Path | None) -> dict[str, pd.DataFrame]:
    specs = {
        "skills": (SKILLS_CSV, _SKILL_COLUMNS),
        "occupations": (OCCUPATIONS_CSV, _OCCUPATION_COLUMNS),
        "relations": (RELATIONS_CSV, _RELATION_COLUMNS),
    }
    try:
        import pyarrow  # noqa: F401  (Feather needs it; without it we simply re-parse)
    except ImportError:
        cache_dir = None
    manifest = cache_dir / "manifest.json" if cache_dir else None
    if manifest is not None and manifest.exists():
        try:
            if json.loads(manifest.read_text()) == json.loads(json.dumps(_source_key(esco_dir))):
                return {n: pd.read_feather(cache_dir / f"{n}.feather") for n in specs}
        except (OSError, ValueError) as exc:  # a broken cache is rebuilt, never fatal
            log.warning("ignoring unreadable ESCO cache in %s: %s", cache_dir, exc)
    tables = {n: _read_csv(esco_dir / f, cols) for n, (f, cols) in specs.items()}
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            for name, df in tables.items():
                df.to_feather(cache_dir / f"{name}.feather")
            manifest.write_text(json.dumps(_source_key(esco_dir), indent=1))
        except OSError as exc:
            log.warning("could not write ESCO cache to %s: %s", cache_dir, exc)
    return tables


def read_taxonomy(esco_dir: str | Path, cache_dir: str | Path | None = None) -> EscoTaxonomy:
    """Parse the ESCO CSVs in ``esco_dir`` (using the Feather cache in ``cache_dir``)."""
    esco_dir = Path(esco_dir)
    tables = _read_tables(esco_dir, Path(cache_dir) if cache_dir else None)
    skills = [
        SkillConcept(
            uri=r.uri,
            label=r.label.strip(),
            alt_labels=_split_labels(r.alt_labels),
            skill_type=r.skill_type,
            reuse_level=r.reuse_level,
            description=r.description,
        )
        for r in tables["skills"].itertuples(index=False)
    ]
    occupations = [
        OccupationConcept(
            uri=r.uri,
            label=r.label.strip(),
            alt_labels=_split_labels(r.alt_labels),
            isco_group=r.isco_group,
            description=r.description,
        )
        for r in tables["occupations"].itertuples(index=False)
    ]
    rel = tables["relations"]
    relations = zip(rel["occupation_uri"], rel["relation"], rel["skill_uri"], strict=True)
    return EscoTaxonomy(skills, occupations, relations)


@lru_cache(maxsize=1)
def load_taxonomy() -> EscoTaxonomy:
    """The full ESCO taxonomy from ``config.ESCO_DIR``, parsed once per process."""
    return read_taxonomy(config.ESCO_DIR, config.MODELS_DIR / "esco")

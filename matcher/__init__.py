"""Tanjung Barat skills-training and job-matching recommender.

The public API: domain records, loaders, the service layer (the one entry point for the
CLI, the app and the tests), the engine and what its recommendations carry. Importing
``matcher`` loads no model; encoders load on first use.
"""

from matcher.domain import (
    BusinessStage,
    Education,
    Gender,
    JobPosting,
    Jobseeker,
    OpportunityKind,
    ProgramCategory,
    ProgramType,
    Segment,
    TargetGender,
    TargetSegment,
    TrainingProgram,
    WorkType,
)
from matcher.engine import MatchingEngine, MatchOptions
from matcher.engine.results import (
    Explanation,
    OrderNote,
    Pathway,
    Recommendation,
    RecommendationSet,
    SkillLabel,
)
from matcher.errors import (
    FileFormatError,
    LoadReport,
    MatcherError,
    OptionError,
    RowProblem,
    UnknownRecordError,
    ValidationError,
)
from matcher.loaders import load_jobseekers, load_programs, load_records, load_vacancies
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Part, Weights
from matcher.service import CsvSource, MatcherService, Records, RecordSource

__all__ = [
    "BusinessStage", "CsvSource", "Education", "Explanation", "FileFormatError", "Gender",
    "JobPosting", "Jobseeker", "LoadReport", "MatchOptions", "MatcherError", "MatcherService",
    "MatchingEngine", "OpportunityKind", "OptionError", "OrderNote", "Part", "Pathway", "ProgramCategory",
    "ProgramType", "Recommendation", "RecommendationSet", "RecordSource", "Records", "RowProblem",
    "Rule", "Segment", "SkillLabel", "TargetGender", "TargetSegment", "TrainingProgram", "UnknownRecordError",
    "ValidationError", "Weights", "WorkType", "load_jobseekers", "load_programs", "load_records",
    "load_vacancies",
]  # fmt: skip

"""The engine: Polars expressions only — no file is read here and no Chinese word is written.

What the product uses:

- :mod:`~taicang_analysis.engine.formulas`: growth, completion, time progress, pace, amount needed
  per month, required growth, last year's level implied from growth;
- :mod:`~taicang_analysis.engine.status`: the one status decision (evidence, qualifiers, bounds,
  pace) and the evidence a figure gives;
- :mod:`~taicang_analysis.engine.scenarios`: year-end projections under an assumption.

The analysts' extra formulas (a panel's last-year levels in one pass, multi-year paths, quarterly
required growth, ranges from past years) are in :mod:`~taicang_analysis.engine.toolkit`.
"""

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr
from taicang_analysis.engine.formulas import (
    completion_rate,
    growth_rate,
    implied_base,
    needed_per_month,
    pace_gap,
    required_growth,
    same_period_last_year,
    time_progress,
    yoy_growth,
)
from taicang_analysis.engine.scenarios import project_year_end, project_year_end_growth
from taicang_analysis.engine.status import ABOUT_TOLERANCE_PP, evidence, meets_target, target_status

__all__ = [
    "ABOUT_TOLERANCE_PP", "MONTHS_PER_YEAR", "IntoExpr", "completion_rate", "evidence", "growth_rate",
    "implied_base", "meets_target", "needed_per_month", "pace_gap", "project_year_end",
    "project_year_end_growth", "required_growth", "same_period_last_year", "target_status",
    "time_progress", "yoy_growth",
]

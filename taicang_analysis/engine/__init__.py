"""The engine: Polars expressions only — no file is read here and no Chinese word is written.

- :mod:`~taicang_analysis.engine.formulas`: growth, completion, time progress, pace, amount needed
  per month, required growth, last year's level implied from growth;
- :mod:`~taicang_analysis.engine.status`: qualifier rules and target status;
- :mod:`~taicang_analysis.engine.scenarios`: year-end projections and historical ranges.
"""

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr
from taicang_analysis.engine.formulas import (
    completion_rate,
    compound_growth,
    growth_rate,
    implied_base,
    last_year_full,
    needed_per_month,
    pace_gap,
    press_shortcut_required_growth,
    required_growth,
    required_growth_quarterly,
    same_period_last_year,
    seasonal_progress,
    time_progress,
    with_last_year,
    yoy_growth,
)
from taicang_analysis.engine.scenarios import (
    project_year_end,
    project_year_end_growth,
    remaining_period_growth,
    scenario_range,
)
from taicang_analysis.engine.status import (
    ABOUT_TOLERANCE_PP,
    meets_high_end,
    meets_target,
    path_status,
    seasonal_pace_status,
    target_status,
)

__all__ = [
    "ABOUT_TOLERANCE_PP", "MONTHS_PER_YEAR", "IntoExpr", "completion_rate", "compound_growth",
    "growth_rate", "implied_base", "last_year_full", "meets_high_end", "meets_target",
    "needed_per_month", "pace_gap", "path_status", "press_shortcut_required_growth",
    "project_year_end", "project_year_end_growth", "remaining_period_growth", "required_growth",
    "required_growth_quarterly", "same_period_last_year", "scenario_range", "seasonal_pace_status", "seasonal_progress",
    "target_status", "time_progress", "with_last_year", "yoy_growth",
]

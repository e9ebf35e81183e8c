"""taicang_analysis — where Taicang's work-report targets stand, and what it takes to meet them.

Layers depend one way: data (targets, figures, monthly) → indicators → status / scenarios →
panels → charts / widgets / views → report. ``import taicang_analysis as ta`` and find:

- data: :func:`load_targets`, :func:`load_figures`, :func:`load_published_figures`,
  :func:`load_monthly`, :func:`read_monthly_file`, :func:`load_indicators`,
  :class:`DataFileError`, :func:`extract_targets`
- indicators (Polars expressions): :func:`yoy_growth`, :func:`growth_rate`,
  :func:`same_period_last_year`, :func:`with_last_year`, :func:`compound_growth`,
  :func:`completion_rate`, :func:`time_progress`, :func:`pace_gap`, :func:`seasonal_progress`,
  :func:`needed_per_month`, :func:`required_growth`, :func:`required_growth_quarterly`,
  :func:`press_shortcut_required_growth`
- status and scenarios: :func:`target_status`, :func:`path_status`, :func:`meets_target`,
  :func:`project_year_end`, :func:`project_year_end_growth`, :func:`scenario_range`,
  :func:`scorecard`, :func:`scenario_start`, :func:`scenario_table`
- in notebooks: :func:`scenario` (ipywidgets in Lab, a Plotly slider in the report),
  :func:`show`, :func:`report_mode`; report: :func:`build_report`
"""

from taicang_analysis.errors import DataFileError
from taicang_analysis.extract import extract_targets
from taicang_analysis.figures import load_figures, load_published_figures
from taicang_analysis.indicators import (
    completion_rate,
    compound_growth,
    growth_rate,
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
from taicang_analysis.monthly import load_monthly, read_monthly_file
from taicang_analysis.panels import scenario_start, scenario_table, scorecard
from taicang_analysis.scenarios import (
    project_year_end,
    project_year_end_growth,
    remaining_period_growth,
    scenario_range,
)
from taicang_analysis.show import report_mode, show
from taicang_analysis.status import meets_high_end, meets_target, path_status, target_status
from taicang_analysis.targets import load_indicators, load_targets
from taicang_analysis.widgets import scenario


def build_report(*args, **kwargs):
    """Build the leadership report; see :func:`taicang_analysis.report.build_report`."""
    from taicang_analysis.report import build_report as _build

    return _build(*args, **kwargs)


__all__ = [
    "DataFileError",
    "build_report",
    "completion_rate",
    "compound_growth",
    "extract_targets",
    "growth_rate",
    "last_year_full",
    "load_figures",
    "load_indicators",
    "load_monthly",
    "load_published_figures",
    "load_targets",
    "meets_high_end",
    "meets_target",
    "needed_per_month",
    "pace_gap",
    "path_status",
    "press_shortcut_required_growth",
    "project_year_end",
    "project_year_end_growth",
    "read_monthly_file",
    "remaining_period_growth",
    "report_mode",
    "required_growth",
    "required_growth_quarterly",
    "same_period_last_year",
    "scenario",
    "scenario_range",
    "scenario_start",
    "scenario_table",
    "scorecard",
    "seasonal_progress",
    "show",
    "target_status",
    "time_progress",
    "with_last_year",
    "yoy_growth",
]
__version__ = "0.1.0"

"""taicang_analysis — where Taicang's work-report targets stand, and what it takes to meet them.

``import taicang_analysis as ta`` and find what an analyst calls (each name is imported on first
use, so a script that needs only the loaders never pays for Plotly or ipywidgets):

- the run: :func:`context` (year, data folder, report mode), :func:`where` (the folder actually
  read and the files found);
- data: :func:`load_targets`, :func:`load_figures`, :func:`load_indicators`, :func:`load_monthly`,
  :class:`DataFileError`, :func:`extract_targets`;
- assessment (all targets at once, as frames): :func:`scorecard`, :func:`scenario_starts`,
  :func:`scenario_table`;
- the engine's main formulas (Polars expressions): :func:`yoy_growth`, :func:`completion_rate`,
  :func:`time_progress`, :func:`pace_gap`, :func:`needed_per_month`, :func:`required_growth`,
  :func:`implied_base`, :func:`target_status`, :func:`project_year_end`
  (the rest are in :mod:`taicang_analysis.engine`);
- in notebooks: :func:`scenario` (the scenario panel), :func:`show` (a chart, in Lab or report);
- the report: :func:`build_report`.

Layers depend one way (``tests/test_house.py`` holds the order): ``vocabulary``, ``errors`` and
``context`` → ``engine`` → ``sources`` → ``derive``, ``consistency``, ``peers``, ``snapshot`` →
``assess`` → ``notebook`` → ``report``; no import circle anywhere.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "context": ("taicang_analysis.context", "current"),
    "where": ("taicang_analysis.sources.inventory", "where"),
    "DataFileError": ("taicang_analysis.errors", "DataFileError"),
    "load_targets": ("taicang_analysis.sources.targets", "load_targets"),
    "load_figures": ("taicang_analysis.sources.figures", "load_figures"),
    "load_indicators": ("taicang_analysis.sources.catalogue", "load_indicators"),
    "load_monthly": ("taicang_analysis.sources.monthly", "load_monthly"),
    "extract_targets": ("taicang_analysis.extract", "extract_targets"),
    "scorecard": ("taicang_analysis.assess", "scorecard"),
    "scenario_starts": ("taicang_analysis.assess", "scenario_starts"),
    "scenario_table": ("taicang_analysis.assess", "scenario_table"),
    "yoy_growth": ("taicang_analysis.engine.formulas", "yoy_growth"),
    "completion_rate": ("taicang_analysis.engine.formulas", "completion_rate"),
    "time_progress": ("taicang_analysis.engine.formulas", "time_progress"),
    "pace_gap": ("taicang_analysis.engine.formulas", "pace_gap"),
    "needed_per_month": ("taicang_analysis.engine.formulas", "needed_per_month"),
    "required_growth": ("taicang_analysis.engine.formulas", "required_growth"),
    "implied_base": ("taicang_analysis.engine.formulas", "implied_base"),
    "target_status": ("taicang_analysis.engine.status", "target_status"),
    "project_year_end": ("taicang_analysis.engine.scenarios", "project_year_end"),
    "scenario": ("taicang_analysis.notebook.panel", "scenario"),
    "show": ("taicang_analysis.notebook.display", "show"),
    "build_report": ("taicang_analysis.report.build", "build_report"),
}

__all__ = sorted(_WHERE)
__version__ = "0.2.0"


def __getattr__(name: str) -> Any:
    try:
        module, attr = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'taicang_analysis' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

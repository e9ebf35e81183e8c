"""The report: execute the notebooks into one self-contained page, and export PNGs and CSVs."""

from taicang_analysis.report.build import ReportBuildError, build_report

__all__ = ["ReportBuildError", "build_report"]

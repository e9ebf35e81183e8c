"""Draft a target registry — and last year's figures — from the text of a government work report.

The analyst pastes a report (or a press text about one) into a text file, as found: simplified or
traditional characters, with the pinyin some mirrors insert after characters, full-width or
half-width digits, the whole report or only its 目标任务 part. :func:`extract_targets` returns one
row per target of the year the report is for, in the layout of ``data/targets/<year>.csv`` plus two
columns for the reviewer (``part``, ``review``); :func:`extract_figures` returns last year's
outturns from the report's review part, in the layout of ``data/figures.csv``. Every row keeps the
report's own words (``phrase`` / ``quote``) so the draft can be checked line by line.

How the text is read, one module per step:

1. :mod:`~taicang_analysis.extract.normalise` — pinyin dropped, full-width made half-width,
   traditional made simplified, every character mapped back to the original.
2. :mod:`~taicang_analysis.extract.parts` — the report split into parts (review / targets / other)
   and sentence pieces, and the year the report is for.
3. :mod:`~taicang_analysis.extract.clauses` — sentences cut into clauses and read against the
   patterns that state a target; names and qualifier words.
4. :mod:`~taicang_analysis.extract.rows` — names matched to the catalogue, ids, the draft registry
   and draft figures as frames, and the files.

Things that look like numbers but are not targets are left out on purpose: years, ordinals
(``一、``, ``第五次``), anything in quotation or book-title marks, place and project names
(``七十二家村``, ``码头五期``), anniversaries (``30周年``), grades in a name (``3A级``, ``市级以上``),
sizes of things (``6平方公里产业园``), ``3+3`` and a bare ``一`` (``一批``).
"""

from __future__ import annotations

from taicang_analysis.extract.normalise import NormalisedText, normalise_report
from taicang_analysis.extract.parts import PARTS, report_parts
from taicang_analysis.extract.rows import (
    DRAFT_COLUMNS,
    MILESTONE_INDICATORS,
    NAME_SPELLINGS,
    PROSE_ALIASES,
    REGISTRY_COLUMNS,
    extract_figures,
    extract_file,
    extract_targets,
    extract_to_csv,
    figures_to_csv,
    write_registry,
)

__all__ = [
    "DRAFT_COLUMNS", "MILESTONE_INDICATORS", "NAME_SPELLINGS", "PARTS", "PROSE_ALIASES", "REGISTRY_COLUMNS",
    "NormalisedText", "extract_figures", "extract_file", "extract_targets", "extract_to_csv",
    "figures_to_csv", "normalise_report", "report_parts", "write_registry",
]

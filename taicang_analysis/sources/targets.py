"""The target registry: every numeric target of a year's government work report, one row each."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl

from taicang_analysis.context import data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once
from taicang_analysis.vocabulary import KINDS, QUALIFIERS

TARGET_SCHEMA = {
    "id": pl.String,
    "year": pl.Int64,
    "indicator": pl.String,
    "measure": pl.String,
    "indicator_zh": pl.String,
    "indicator_en": pl.String,
    "kind": pl.String,
    "value": pl.Float64,
    "value_high": pl.Float64,
    "unit": pl.String,
    "qualifier": pl.String,
    "qualifier_zh": pl.String,
    "strive": pl.Boolean,
    "section": pl.String,
    "phrase": pl.String,
}

def _read_registry(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, schema=TARGET_SCHEMA)
    _validate_targets(frame, path)
    return frame


def _read_meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_targets(year: int, data: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """The registry of one year's targets, with its source attached.

    Parameters
    ----------
    year
        Year of the work report's targets (the 2023 report sets the 2023 targets).
    data
        Data folder; default the shipped ``data/``.

    Returns
    -------
    polars.DataFrame
        Columns: id, year, indicator, measure, indicator_zh, indicator_en, kind, value, value_high,
        unit, qualifier, qualifier_zh, strive, section, phrase, source_title, source_url,
        source_date. Goals without a number (kind ``relative`` or ``qualitative``) have a null value.

    Raises
    ------
    DataFileError
        The file is missing, or a row has a kind or qualifier outside the documented sets, or a
        numeric target lacks its number.

    Examples
    --------
    >>> t = load_targets(2023)
    >>> t.filter(pl.col("id") == "fai_level").select("value", "unit", "qualifier").row(0)
    (520.0, '亿元', 'strive')
    >>> t.filter(pl.col("id") == "new_listings").select("value", "value_high").row(0)
    (2.0, 3.0)
    """
    folder = data_dir(data) / "targets"
    path = folder / f"{year}.csv"
    if not path.exists():
        available = sorted(p.stem for p in folder.glob("*.csv"))
        raise DataFileError(
            path, problem="没有该年的目标登记表 (no registry for this year)",
            expected=f"one of the years {', '.join(available) or '(none)'}",
        )
    frame = read_once(_read_registry, path)
    meta = read_once(_read_meta, folder / f"{year}.meta.json")
    return frame.with_columns(
        source_title=pl.lit(meta["title"]),
        source_url=pl.lit(meta.get("url", "")),
        source_date=pl.lit(meta["published"]),
    )


def _validate_targets(frame: pl.DataFrame, path: Path) -> None:
    for i, row in enumerate(frame.iter_rows(named=True), start=2):
        if row["kind"] not in KINDS:
            raise DataFileError(path, row=i, column="kind", value=row["kind"],
                                problem="未知类型 (unknown kind)", expected=" | ".join(KINDS))
        if row["qualifier"] not in QUALIFIERS:
            raise DataFileError(path, row=i, column="qualifier", value=row["qualifier"],
                                problem="未知限定词 (unknown qualifier)",
                                expected=" | ".join(QUALIFIERS))
        numeric = row["kind"] not in ("relative", "qualitative")
        if numeric and row["value"] is None:
            raise DataFileError(path, row=i, column="value", value=row["value"],
                                problem="数值目标缺少数值 (numeric target without a number)",
                                expected="the number the report states")
        if not row["phrase"]:
            raise DataFileError(path, row=i, column="phrase", value=row["phrase"],
                                problem="缺少原文 (no phrase)",
                                expected="the exact words of the report")

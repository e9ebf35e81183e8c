"""The indicator catalogue (``data/indicators.csv``): one row per indicator, the facts that belong
to it — Chinese and English names, the unit its levels are kept in, whether it is a flow or a count,
the other names a bureau table may use, the decimals a reader sees, and the price basis of its growth.

Adding an indicator is one row here (plus, at most, one notebook).
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from taicang_analysis.context import data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once
from taicang_analysis.sources.normalise import normalise_text
from taicang_analysis.vocabulary import FILLED_BY, KINDS

INDICATOR_SCHEMA = {
    "id": pl.String,
    "name_zh": pl.String,
    "name_en": pl.String,
    "unit": pl.String,
    "series_type": pl.String,
    "decimals": pl.Int64,
    "price_basis": pl.String,
    "target_kinds": pl.String,
    "count_measure": pl.String,
    "extract_pattern": pl.String,
    "aliases": pl.String,
    "filled_by": pl.String,
}
#: what each column means (the README's "adding an indicator" repeats it)
COLUMNS = {
    "id": "the indicator's code, used by targets and figures (ascii, e.g. port_teu)",
    "name_zh": "its Chinese name as the report writes it",
    "name_en": "an English name (for developers only; never shown to leadership)",
    "unit": "the unit its levels are kept in (亿元, 万标箱, 家 …)",
    "series_type": "flow (a sum over the months) or count (things newly counted)",
    "decimals": "decimals a reader sees for its levels",
    "price_basis": "comparable (GDP: growth at comparable prices), comparable_firms (规上工业: "
                   "growth on a comparable-firms basis), current, or empty for counts",
    "target_kinds": "the target kinds it takes, e.g. growth_rate|level",
    "count_measure": "count_new or count_total for counts",
    "extract_pattern": "regular expression the extractor recognises its name by",
    "aliases": "other names a bureau table may use, separated by |",
    "filled_by": "what would fill a gap in its data, |-separated vocabulary codes: bulletin (the year's "
                 "statistical bulletin), review (the next work report's review), monthly (the monthly "
                 "table's row), list (a published list)",
}
SERIES_TYPES = ("flow", "count")


def load_indicators(data: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """The indicator catalogue (``data/indicators.csv``): id, Chinese and English names, the unit
    levels are kept in and the other facts listed in :data:`COLUMNS`.

    Examples
    --------
    >>> ind = load_indicators()
    >>> ind.filter(pl.col("id") == "port_teu")["unit"].item()
    '万标箱'
    """
    path = data_dir(data) / "indicators.csv"
    return read_once(_read_indicators, path)


def _read_indicators(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, schema=INDICATOR_SCHEMA).with_columns(
        pl.col("aliases", "price_basis", "count_measure", "extract_pattern", "filled_by").fill_null(""),
        pl.col("decimals").fill_null(2),
    )
    for i, row in enumerate(frame.iter_rows(named=True), start=2):
        if row["series_type"] not in SERIES_TYPES:
            raise DataFileError(path, row=i, column="series_type", value=row["series_type"],
                                problem="未知的指标类型", expected=" 或 ".join(SERIES_TYPES))
        for k in (row["target_kinds"] or "").split("|"):
            if k and k not in KINDS:
                raise DataFileError(path, row=i, column="target_kinds", value=row["target_kinds"],
                                    problem="未知的目标类型", expected="、".join(KINDS))
        for k in (row["filled_by"] or "").split("|"):
            if k and k not in FILLED_BY:
                raise DataFileError(path, row=i, column="filled_by", value=row["filled_by"],
                                    problem="未知的数据来源类型", expected="、".join(FILLED_BY))
    if frame["id"].is_duplicated().any():
        dup = frame.filter(frame["id"].is_duplicated())["id"][0]
        raise DataFileError(path, column="id", value=dup, problem="指标代码重复", expected="每个指标一行")
    return frame


def indicator_lookup(indicators: pl.DataFrame) -> dict[str, dict[str, str]]:
    """Every spelling of every indicator (id, Chinese name, aliases), normalised, to its catalogue row.

    Examples
    --------
    >>> indicator_lookup(load_indicators())["GDP"]["id"]
    'gdp'
    """
    lookup: dict[str, dict[str, str]] = {}
    for row in indicators.iter_rows(named=True):
        names = [row["id"], row["name_zh"], *[a for a in (row["aliases"] or "").split("|") if a]]
        for name in names:
            lookup[normalise_text(name)] = row
    return lookup

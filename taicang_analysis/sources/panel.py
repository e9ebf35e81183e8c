"""The monthly panel: the one layout every input layout reads into, and the place a table is of
when it names none.

Each input layout (the analysts' template, the bureau's one-place and places × indicators tables)
reads its file into rows of :data:`PANEL_SCHEMA`; the monthly loader merges them, the plausibility
rules check them and the figures layer turns them into figures. Nothing here reads a file.

Examples
--------
>>> list(PANEL_SCHEMA)[:5]
['indicator', 'year', 'month', 'ytd_value', 'ytd_growth']
>>> DEFAULT_REGION
'太仓市'
"""

from __future__ import annotations

import polars as pl

#: the place the package is about: the region of a figure or panel row that names no other place
DEFAULT_REGION = "太仓市"

PANEL_SCHEMA = {
    "indicator": pl.String,
    "year": pl.Int64,
    "month": pl.Int64,
    "ytd_value": pl.Float64,
    "ytd_growth": pl.Float64,
    "unit": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
    "issuer": pl.String,
    "report": pl.String,
    "report_date": pl.String,
    # what a plausibility rule saw, for a value kept with a flag (or accepted); null: nothing seen
    "flag": pl.String,
    # the analyst's reason from an ``accept:`` line of the sidecar; null: not accepted
    "accepted": pl.String,
    # the place a row is of: 太仓市 in the template; a bureau's places × indicators table has Suzhou's
    "region": pl.String,
    # 本月: the month alone, where a bureau's table gives it (checked against the cumulative levels)
    "month_value": pl.Float64,
}


def as_panel(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame from any layout, in the panel's columns and order (missing columns null; a row
    without a region is :data:`DEFAULT_REGION`'s).

    Examples
    --------
    >>> as_panel(pl.DataFrame({"indicator": ["gdp"], "year": [2023], "month": [4]})).row(0, named=True)["region"]
    '太仓市'
    """
    missing = {c: pl.lit(None, dtype=t) for c, t in PANEL_SCHEMA.items() if c not in frame.columns}
    frame = frame.with_columns(**missing).select(list(PANEL_SCHEMA)).cast(PANEL_SCHEMA)
    return frame.with_columns(pl.col("region").fill_null(DEFAULT_REGION))

"""Scenarios: year-end outcomes under assumed growth, and ranges from past years.

* :func:`project_year_end` / :func:`project_year_end_growth` — the year-end level
  (and growth) if the remaining months grow at an assumed rate over the same
  months of last year, or bring an assumed amount each month.
* :func:`remaining_period_growth` — for past years, the growth actually achieved
  over the months after month *m* (the history behind a range).
* :func:`scenario_range` — low / central / high year-end outcomes from the spread
  of that history (by default min / median / max); with too little history the
  range is null, never an extrapolation from one or two years.

Conventions as in :mod:`taicang_analysis.engine.formulas` (long panel, ``by=`` group
keys, growth in percent, calendar-aligned comparisons).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr, as_float, group_keys
from taicang_analysis.engine.formulas import (
    growth_rate,
    same_period_last_year,
    with_last_year,
)

__all__ = [
    "project_year_end",
    "project_year_end_growth",
    "remaining_period_growth",
    "scenario_range",
]


def project_year_end(
    ytd: IntoExpr = "ytd_value",
    *,
    growth: IntoExpr = None,
    prev_ytd: IntoExpr = None,
    prev_full: IntoExpr = None,
    monthly_amount: IntoExpr = None,
    month: IntoExpr = "month",
    periods: int = MONTHS_PER_YEAR,
) -> pl.Expr:
    """Year-end level under an assumption for the remaining months.

    Two modes (give exactly one of ``growth`` and ``monthly_amount``):

    * assumed growth ``g`` (%) of the remaining months over the same months of
      last year (growth targets, or any series with last year's data):

      .. math:: E = Y + (P - P_m)(1 + g/100)

      with ``Y`` this year's ytd, ``P_m`` last year's ytd at the same month and
      ``P`` last year's full-year level.  Null if an input is missing or
      ``P < P_m``.
    * assumed amount ``a`` per remaining month (count/level targets without
      last year's data):

      .. math:: E = Y + a (12 - m)

    Parameters
    ----------
    ytd
        This year's year-to-date level.
    growth
        Assumed growth (%) for the remaining months.
    prev_ytd, prev_full
        Last year's ytd at the same month and full-year level (growth mode).
    monthly_amount
        Assumed amount per remaining month (amount mode).
    month
        Last month of the year-to-date period (amount mode).
    periods
        Months in a year.

    Returns
    -------
    pl.Expr
        Float64 year-end level.

    Examples
    --------
    Last year 100 in all, 40 by June; this year 42 by June; remaining months
    +5 %: 42 + 60 × 1.05 = 105.

    >>> import polars as pl
    >>> df = pl.DataFrame({"ytd": [42.0], "p_ytd": [40.0], "p_full": [100.0], "month": [6]})
    >>> round(df.select(project_year_end("ytd", growth=5.0, prev_ytd="p_ytd",
    ...                                  prev_full="p_full")).item(), 6)
    105.0

    Twenty new German firms by June, four a month from July: 20 + 4 × 6 = 44.

    >>> df.select(project_year_end(pl.lit(20.0), monthly_amount=4.0)).item()
    44.0
    """
    if (growth is None) == (monthly_amount is None):
        raise ValueError("give exactly one of growth= and monthly_amount=")
    y = as_float(ytd)
    if growth is not None:
        if prev_ytd is None or prev_full is None:
            raise ValueError("growth= needs prev_ytd= and prev_full=")
        rest = as_float(prev_full) - as_float(prev_ytd)
        out = pl.when(rest >= 0).then(y + rest * (1.0 + as_float(growth) / 100.0))
    else:
        left = (periods - as_float(month)).clip(lower_bound=0.0)
        out = y + as_float(monthly_amount) * left
    return out.alias("year_end")


def project_year_end_growth(
    ytd: IntoExpr = "ytd_value",
    *,
    growth: IntoExpr,
    prev_ytd: IntoExpr,
    prev_full: IntoExpr,
) -> pl.Expr:
    """Year-end growth (%) under an assumed growth for the remaining months.

    .. math:: G = \\left(\\frac{Y + (P - P_m)(1 + g/100)}{P} - 1\\right) \\times 100

    Parameters
    ----------
    ytd
        This year's year-to-date level ``Y``.
    growth
        Assumed growth ``g`` (%) of the remaining months.
    prev_ytd, prev_full
        Last year's ytd at the same month ``P_m`` and full-year level ``P``.

    Returns
    -------
    pl.Expr
        Float64 growth in percent (null if ``P`` ≤ 0 or an input is missing).

    Examples
    --------
    (42 + 60 × 1.05) / 100 − 1 = 5 %:

    >>> import polars as pl
    >>> df = pl.DataFrame({"ytd": [42.0], "p_ytd": [40.0], "p_full": [100.0]})
    >>> e = project_year_end_growth("ytd", growth=5.0, prev_ytd="p_ytd", prev_full="p_full")
    >>> round(df.select(e).item(), 6)
    5.0
    """
    end = project_year_end(ytd, growth=growth, prev_ytd=prev_ytd, prev_full=prev_full)
    return growth_rate(end, prev_full).alias("year_end_growth")


def _check_unique(df: pl.DataFrame, keys: list[str]) -> None:
    if df.select(keys).is_duplicated().any():
        raise ValueError(f"duplicate rows for {keys}: one row per series and period expected")


def remaining_period_growth(
    df: pl.DataFrame,
    *,
    value: str = "ytd_value",
    by: str | Sequence[str] | None = None,
    year: str = "year",
    period: str = "month",
    full_period: int = MONTHS_PER_YEAR,
) -> pl.DataFrame:
    """Growth achieved over the months after month *m*, per series, year and month.

    The rest-of-year level is ``R_{y,m} = X_{y,12} − X_{y,m}`` (full year minus
    year-to-date); its growth is

    .. math:: g^{rest}_{y,m} = (R_{y,m} / R_{y-1,m} - 1) \\times 100

    aligned by calendar period (year − 1, same month); null where a year or
    month is missing or the base is not positive.  Month 12 rows have no
    remaining months and are dropped.

    Parameters
    ----------
    df
        Long panel with ``by`` keys, ``year``, ``period`` and ``value`` (ytd levels).
    value, by, year, period, full_period
        Column names and the period that closes the year.

    Returns
    -------
    pl.DataFrame
        Columns ``by + [year, period, "remaining_growth"]`` (rows with a
        non-null growth only).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame(
    ...     {"year": [2022, 2022, 2023, 2023], "month": [6, 12, 6, 12],
    ...      "ytd_value": [40.0, 100.0, 45.0, 111.0]}
    ... )
    >>> remaining_period_growth(df)["remaining_growth"].to_list()  # 66 / 60 - 1
    [10.0]
    """
    keys = group_keys(by)
    _check_unique(df, [*keys, year, period])
    v = pl.col(value).cast(pl.Float64)
    full = pl.when(pl.col(period) == full_period).then(v).max().over([*keys, year])
    rest = (
        df.with_columns((full - v).alias("_rest"))
        .filter(pl.col(period) < full_period)
        .select([*keys, year, period, "_rest"])
    )
    prev = same_period_last_year("_rest", by=keys, year=year, period=period)
    return (
        rest.with_columns(growth_rate("_rest", prev).alias("remaining_growth"))
        .filter(pl.col("remaining_growth").is_not_null())
        .select([*keys, year, period, "remaining_growth"])
    )


def scenario_range(
    df: pl.DataFrame,
    *,
    value: str = "ytd_value",
    by: str | Sequence[str] | None = None,
    year: str = "year",
    period: str = "month",
    quantiles: tuple[float, float, float] = (0.0, 0.5, 1.0),
    min_history: int = 3,
    max_history: int | None = None,
    full_period: int = MONTHS_PER_YEAR,
) -> pl.DataFrame:
    """Low / central / high year-end outcomes from the historical spread of growth.

    For each series and (year ``Y``, month ``m``) the history is the growth of
    the remaining months ``g^{rest}_{h,m}`` (:func:`remaining_period_growth`)
    in past years ``h < Y`` (at most ``max_history`` years back).  Its
    ``quantiles`` (linear interpolation; default min / median / max) give three
    assumed growths ``g``, and

    .. math::

        E = Y_{ytd} + (P - P_m)(1 + g/100), \\qquad G = (E / P - 1) \\times 100

    as in :func:`project_year_end`.  With fewer than ``min_history`` past years
    (default 3) the range is **null**: too little history to say how the rest
    of the year usually goes.  At month 12 the year is complete and all three
    outcomes equal the actual level.

    Works for quarterly data (months 3, 6, 9, 12) as is.

    Parameters
    ----------
    df
        Long panel with ``by`` keys, ``year``, ``period``, ``value`` (ytd levels).
    value, by, year, period
        Column names.
    quantiles
        Three quantiles (fractions) for low, central and high.
    min_history
        Fewest past years needed for a range.
    max_history
        Use only the last ``max_history`` years (default: all).
    full_period
        Period that closes the year.

    Returns
    -------
    pl.DataFrame
        ``df`` (same rows and order) with ``n_history``, ``growth_low``,
        ``growth_central``, ``growth_high`` (assumed growth of the remaining
        months, %), ``year_end_low`` … and ``year_end_growth_low`` … added, and
        ``scenario_note``: null where a range was computed, otherwise why not
        ("too little history: 2 past year(s), 3 needed") or "year complete".

    Examples
    --------
    Rest-of-year (Jul–Dec) levels 50, 51, 53.55, 58.905 in 2019–2022: growth 2 %,
    5 %, 10 %.  In 2023, 60 by June, last year's Jul–Dec 58.905: high case
    60 + 58.905 × 1.10 = 124.7955.

    >>> import polars as pl
    >>> ytd = [30.0, 80.0, 31.0, 82.0, 32.0, 85.55, 33.0, 91.905, 60.0]
    >>> df = pl.DataFrame(
    ...     {"year": [2019, 2019, 2020, 2020, 2021, 2021, 2022, 2022, 2023],
    ...      "month": [6, 12] * 4 + [6], "ytd_value": ytd}
    ... )
    >>> out = scenario_range(df).filter(pl.col("year") == 2023)
    >>> [round(out[c].item(), 4) for c in ["growth_low", "growth_central", "growth_high"]]
    [2.0, 5.0, 10.0]
    >>> round(out["year_end_high"].item(), 4)
    124.7955
    >>> short = scenario_range(df, min_history=4).filter(pl.col("year") == 2023)
    >>> short["year_end_low"].item() is None  # only 3 past years: no range
    True
    >>> short["scenario_note"].item()
    'too little history: 3 past year(s), 4 needed'
    """
    keys = group_keys(by)
    if len(quantiles) != 3:
        raise ValueError("quantiles must be three fractions: low, central, high")
    cell = [*keys, year, period]
    _check_unique(df, cell)
    hist = remaining_period_growth(
        df, value=value, by=keys, year=year, period=period, full_period=full_period
    ).rename({year: "_hist_year"})
    cells = df.select(cell).unique()
    pairs = cells.join(hist, on=[*keys, period], how="inner", nulls_equal=True).filter(
        pl.col("_hist_year") < pl.col(year)
    )
    if max_history is not None:
        pairs = pairs.filter(pl.col("_hist_year") >= pl.col(year) - max_history)
    names = ("low", "central", "high")
    g = pl.col("remaining_growth")
    stats = pairs.group_by(cell).agg(
        pl.len().alias("n_history"),
        *[
            g.quantile(q, interpolation="linear").alias(f"growth_{n}")
            for n, q in zip(names, quantiles, strict=True)
        ],
    )
    base = with_last_year(
        df,
        value=value,
        by=keys,
        year=year,
        period=period,
        full_period=full_period,
        same_period="_prev_ytd",
        full_year="_prev_full",
    )
    out = base.join(
        stats, on=cell, how="left", maintain_order="left", nulls_equal=True
    ).with_columns(pl.col("n_history").fill_null(0).cast(pl.UInt32))
    enough = (pl.col("n_history") >= min_history) & (pl.col(period) < full_period)
    done = pl.col(period) >= full_period
    v = pl.col(value).cast(pl.Float64)
    exprs = []
    for n in names:
        gn = pl.col(f"growth_{n}")
        end = project_year_end(v, growth=gn, prev_ytd="_prev_ytd", prev_full="_prev_full")
        exprs.append(pl.when(enough).then(gn).otherwise(None).alias(f"growth_{n}"))
        exprs.append(
            pl.when(done).then(v).when(enough).then(end).otherwise(None).alias(f"year_end_{n}")
        )
    exprs.append(
        pl.when(done)
        .then(pl.lit("year complete: actual level"))
        .when(~enough)
        .then(
            pl.format(
                "too little history: {} past year(s), {} needed", pl.col("n_history"), min_history
            )
        )
        .otherwise(None)
        .alias("scenario_note")
    )
    out = out.with_columns(exprs)
    out = out.with_columns(
        growth_rate(f"year_end_{n}", "_prev_full").alias(f"year_end_growth_{n}") for n in names
    )
    return out.drop("_prev_ytd", "_prev_full")

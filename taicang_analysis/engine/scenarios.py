"""Scenarios: year-end outcomes under assumed growth, and ranges from past years.

* :func:`project_year_end` / :func:`project_year_end_growth` — the year-end level
  (and growth) if the remaining months grow at an assumed rate over the same
  months of last year, or bring an assumed amount each month.
Ranges of outcomes from past years (``remaining_period_growth``, ``scenario_range``) are in
:mod:`taicang_analysis.engine.toolkit`.

Conventions as in :mod:`taicang_analysis.engine.formulas` (long panel, ``by=`` group
keys, growth in percent, calendar-aligned comparisons).
"""

from __future__ import annotations

import polars as pl

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr, as_float
from taicang_analysis.engine.formulas import (
    growth_rate,
)

__all__ = [
    "project_year_end",
    "project_year_end_growth",
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



"""Indicator engine: growth, attainment, in-year pace and required growth.

Every public function but one returns a :class:`polars.Expr` (Polars style), so one
call runs over many series at once inside ``with_columns`` / ``group_by``.  Arguments
that name data accept a column name (``str``) or a ``pl.Expr``; plain numbers are
taken as literals.  Options are keyword-only.  More formulas of the same kind, which the product
itself does not use (a whole panel's last-year levels in one pass, multi-year paths, quarterly
required growth), are in :mod:`taicang_analysis.engine.toolkit`.

Conventions (see the package README):

* a monthly panel is long: optional group keys (``by=``, e.g. ``["region",
  "indicator"]``), ``year``, ``month`` (last month of the year-to-date period;
  quarterly data uses months 3, 6, 9, 12; month 12 is the full year),
  ``ytd_value`` (cumulative level 累计值) and ``ytd_growth`` (cumulative growth 累计增长, %);
* growth rates and shares are in percent (``5.0`` means 5 %), pace gaps in
  percentage points (pp);
* growth is aligned by **calendar period**, never by row position: a value is
  compared with the same month of year − 1 of the same series, and when that
  month is missing the growth is null (never a rate against the wrong month);
* a zero, negative or missing base gives null, never ``inf``.

Each (group keys, year, month) combination must occur at most once.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr, as_expr, as_float, group_keys

__all__ = [
    "IntoExpr",
    "completion_rate",
    "growth_rate",
    "implied_base",
    "needed_per_month",
    "pace_gap",
    "required_growth",
    "same_period_last_year",
    "time_progress",
    "yoy_growth",
]

# ---------------------------------------------------------------------------
# Growth
# ---------------------------------------------------------------------------


def growth_rate(value: IntoExpr, base: IntoExpr) -> pl.Expr:
    """Growth of ``value`` over ``base`` in percent.

    .. math:: g = (\\text{value} / \\text{base} - 1) \\times 100

    (computed as ``(value - base) / base * 100``, which avoids noise such as 5.000000000000004).

    A base that is missing, zero or negative gives null (a growth rate against a
    non-positive base is not meaningful and would otherwise give ``inf``).

    Parameters
    ----------
    value, base
        Column names, expressions or numbers.

    Returns
    -------
    pl.Expr
        Float64 growth in percent.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"v": [105.0, 10.0, 7.0], "b": [100.0, 0.0, None]})
    >>> df.select(growth_rate("v", "b")).to_series().to_list()
    [5.0, None, None]
    """
    v = as_float(value)
    b = as_float(base)
    return pl.when(b > 0).then((v - b) / b * 100.0).otherwise(None).alias("growth")


def implied_base(value: IntoExpr, growth: IntoExpr) -> pl.Expr:
    """Last year's level implied by this year's level and its growth over last year.

    .. math:: P = Y / (1 + g/100)

    Null when the growth is −100 % or less (no positive base) or an input is missing.  This
    assumes both years are on the same statistical scope (口径), as the bureau's 累计增长 does.

    Parameters
    ----------
    value
        This year's level ``Y`` (year-to-date or full year).
    growth
        Its growth ``g`` in percent over the same period of last year.

    Returns
    -------
    pl.Expr
        Float64 level in the unit of ``value``.

    Examples
    --------
    850 亿元 at +4.0 %: 850 / 1.04 = 817.3077; 590 亿元 at +6.6 %: 590 / 1.066 = 553.47:

    >>> import polars as pl
    >>> df = pl.DataFrame({"y": [850.0, 590.0, 10.0], "g": [4.0, 6.6, -100.0]})
    >>> [None if v is None else round(v, 4) for v in df.select(implied_base("y", "g")).to_series()]
    [817.3077, 553.4709, None]
    """
    g = as_float(growth)
    return pl.when(g > -100.0).then(as_float(value) / (1.0 + g / 100.0)).otherwise(None).alias(
        "implied_base")


def same_period_last_year(
    value: IntoExpr = "ytd_value",
    *,
    by: str | Sequence[str] | None = None,
    year: str = "year",
    period: str = "month",
) -> pl.Expr:
    """Value of the same series in the same period (month/quarter) of year − 1.

    Aligned by calendar period: within each ``by + [period]`` window, ordered by
    ``year``, the previous row is used only if its year is exactly ``year - 1``;
    otherwise (a missing month or a missing year) the result is null.

    For panels of millions of rows, :func:`with_last_year` (frame in, frame
    out) does the same alignment in one O(n) pass.

    Parameters
    ----------
    value
        Column name or expression (typically ``"ytd_value"``).
    by
        Group-key column(s) identifying a series, e.g. ``["region", "indicator"]``.
    year, period
        Names of the year and month columns.

    Returns
    -------
    pl.Expr
        Last year's value at the same period, or null.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame(
    ...     {"year": [2022, 2022, 2023, 2023], "month": [3, 6, 3, 9], "v": [1.0, 2.0, 3.0, 4.0]}
    ... )
    >>> df.select(same_period_last_year("v")).to_series().to_list()  # 2023-09 has no 2022-09
    [None, None, 1.0, None]
    """
    window = [*group_keys(by), period]
    prev = as_expr(value).shift(1).over(window, order_by=year)
    prev_year = pl.col(year).shift(1).over(window, order_by=year)
    return pl.when(prev_year == pl.col(year) - 1).then(prev).otherwise(None)




def yoy_growth(
    value: IntoExpr = "ytd_value",
    *,
    by: str | Sequence[str] | None = None,
    year: str = "year",
    period: str = "month",
) -> pl.Expr:
    """Year-on-year growth in percent, aligned by calendar period.

    .. math:: g_{y,m} = (x_{y,m} / x_{y-1,m} - 1) \\times 100

    Applied to cumulative levels (``ytd_value``) this is the cumulative
    (year-to-date) growth 累计增长.  The base is the same month of year − 1 of the
    same series (:func:`same_period_last_year`); a missing month, a missing year,
    or a zero/negative base gives null.

    For panels of millions of rows, :func:`with_last_year` (frame in, frame
    out) does the same alignment in one O(n) pass.

    Parameters
    ----------
    value
        Column name or expression (default ``"ytd_value"``).
    by
        Group-key column(s) identifying a series.
    year, period
        Names of the year and month columns.

    Returns
    -------
    pl.Expr
        Float64 growth in percent.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame(
    ...     {
    ...         "region": ["A", "A", "A", "B", "B"],
    ...         "year": [2022, 2023, 2023, 2022, 2023],
    ...         "month": [1, 1, 2, 2, 2],
    ...         "ytd_value": [100.0, 110.0, 230.0, 50.0, 60.0],
    ...     }
    ... )
    >>> out = df.with_columns(g=yoy_growth("ytd_value", by="region"))
    >>> [None if x is None else round(x, 6) for x in out["g"].to_list()]
    [None, 10.0, None, None, 20.0]
    """
    prev = same_period_last_year(value, by=by, year=year, period=period)
    return growth_rate(value, prev).alias("yoy_growth")


# ---------------------------------------------------------------------------
# Level and count targets: attainment and pace
# ---------------------------------------------------------------------------


def completion_rate(ytd: IntoExpr, target: IntoExpr) -> pl.Expr:
    """Completion rate 完成率 of a level/count target, in percent.

    .. math:: c = \\text{ytd} / \\text{target} \\times 100

    A missing, zero or negative target gives null.

    Parameters
    ----------
    ytd
        Year-to-date level or count.
    target
        Annual target in the same unit.

    Returns
    -------
    pl.Expr
        Float64 percent of the annual target achieved.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"ytd": [224.64, 5.0], "target": [520.0, 0.0]})
    >>> df.select(completion_rate("ytd", "target")).to_series().round(2).to_list()
    [43.2, None]
    """
    y, t = as_float(ytd), as_float(target)
    return pl.when(t > 0).then(y / t * 100.0).otherwise(None).alias("completion_rate")


def time_progress(month: IntoExpr = "month", *, periods: int = MONTHS_PER_YEAR) -> pl.Expr:
    """Time progress 序时进度: share of the year elapsed, in percent.

    .. math:: p = m / 12 \\times 100

    Parameters
    ----------
    month
        Last month of the year-to-date period (1–12; quarterly data 3, 6, 9, 12).
    periods
        Months in a year.

    Returns
    -------
    pl.Expr
        Float64 percent.

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(time_progress(pl.lit(6))).item()
    50.0
    """
    return (as_float(month) / periods * 100.0).alias("time_progress")


def pace_gap(
    completion: IntoExpr,
    month: IntoExpr = "month",
    *,
    benchmark: IntoExpr = None,
    periods: int = MONTHS_PER_YEAR,
) -> pl.Expr:
    """Pace gap: completion rate minus time progress, in percentage points.

    .. math:: \\text{gap} = c - m / 12 \\times 100

    Positive means ahead of 序时进度 ("超时序进度 x 个百分点").  With
    ``benchmark=`` (e.g. :func:`seasonal_progress`) the gap is measured against
    that benchmark instead of the straight-line time progress.

    Parameters
    ----------
    completion
        Completion rate in percent (e.g. :func:`completion_rate`).
    month
        Last month of the year-to-date period.
    benchmark
        Optional expected progress in percent; replaces ``m/12×100``.
    periods
        Months in a year.

    Returns
    -------
    pl.Expr
        Float64 gap in pp.

    Examples
    --------
    A report: January–April completion 43.2 %, "超时序进度9.9个百分点"
    (43.2 − 4/12×100 = 43.2 − 33.33 = 9.87 → 9.9):

    >>> import polars as pl
    >>> df = pl.DataFrame({"completion": [43.2], "month": [4]})
    >>> round(df.select(pace_gap("completion", "month")).item(), 1)
    9.9
    """
    expected = time_progress(month, periods=periods) if benchmark is None else as_float(benchmark)
    return (as_float(completion) - expected).alias("pace_gap")


def needed_per_month(
    ytd: IntoExpr,
    target: IntoExpr,
    month: IntoExpr = "month",
    *,
    periods: int = MONTHS_PER_YEAR,
) -> pl.Expr:
    """Amount needed in each remaining month to reach a level/count target.

    .. math:: n = \\max(\\text{target} - \\text{ytd},\\ 0) / (12 - m)

    Zero when the target is already reached; null at month 12 (no month left)
    or when an input is missing.

    Parameters
    ----------
    ytd
        Year-to-date level or count.
    target
        Annual target.
    month
        Last month of the year-to-date period.
    periods
        Months in a year.

    Returns
    -------
    pl.Expr
        Float64 amount per month, in the target's unit.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"ytd": [200.0], "target": [520.0], "month": [4]})
    >>> df.select(needed_per_month("ytd", "target", "month")).item()  # (520-200)/8
    40.0
    """
    rest = periods - as_float(month)
    gap = (as_float(target) - as_float(ytd)).clip(lower_bound=0.0)
    return pl.when(rest > 0).then(gap / rest).otherwise(None).alias("needed_per_month")


# ---------------------------------------------------------------------------
# Growth targets: required growth over the remaining months
# ---------------------------------------------------------------------------


def required_growth(
    ytd: IntoExpr,
    prev_ytd: IntoExpr,
    prev_full: IntoExpr,
    target_growth: IntoExpr,
) -> pl.Expr:
    """Growth needed over the remaining months to reach an annual growth target.

    .. math::

        r = \\left(\\frac{P(1 + G/100) - Y}{P - P_m} - 1\\right) \\times 100

    with ``Y`` this year's year-to-date level, ``P_m`` last year's level at the
    same month, ``P`` last year's full-year level and ``G`` the target (%).  The
    denominator ``P − P_m`` is last year's level over the remaining months; when
    it is zero or negative (e.g. at month 12) or an input is missing, the result
    is null.

    Parameters
    ----------
    ytd, prev_ytd, prev_full
        Levels; :func:`same_period_last_year` and
        :func:`taicang_analysis.engine.toolkit.last_year_full` build the last two from a panel.
    target_growth
        Annual growth target in percent.

    Returns
    -------
    pl.Expr
        Float64 growth in percent needed over the remaining months.

    Examples
    --------
    Last year 100 in total, 40 by June; this year 42 by June; target 6 %:
    (100 × 1.06 − 42) / (100 − 40) − 1 = 64 / 60 − 1 = 6.667 %.

    >>> import polars as pl
    >>> df = pl.DataFrame({"ytd": [42.0], "p_ytd": [40.0], "p_full": [100.0]})
    >>> round(df.select(required_growth("ytd", "p_ytd", "p_full", 6.0)).item(), 3)
    6.667

    From a panel:

    >>> from taicang_analysis.engine.toolkit import last_year_full
    >>> panel = pl.DataFrame(
    ...     {"year": [2022, 2022, 2023], "month": [6, 12, 6], "ytd_value": [40.0, 100.0, 42.0]}
    ... )
    >>> out = panel.with_columns(
    ...     r=required_growth(
    ...         "ytd_value", same_period_last_year(), last_year_full(), 6.0
    ...     )
    ... )
    >>> round(out["r"][2], 3)
    6.667
    """
    y, pm, p, g = as_float(ytd), as_float(prev_ytd), as_float(prev_full), as_float(target_growth)
    rest = p - pm
    r = ((p * (1.0 + g / 100.0) - y) / rest - 1.0) * 100.0
    return pl.when(rest > 0).then(r).otherwise(None).alias("required_growth")



"""Indicator engine: growth, attainment, in-year pace and required growth.

Every public function but one returns a :class:`polars.Expr` (Polars style), so one
call runs over many series at once inside ``with_columns`` / ``group_by``.  Arguments
that name data accept a column name (``str``) or a ``pl.Expr``; plain numbers are
taken as literals.  Options are keyword-only.  The exception is :func:`with_last_year`
(frame in, frame out): the same calendar alignment as :func:`same_period_last_year` and
:func:`last_year_full`, in one O(n) pass for panels of millions of rows.

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

import numpy as np
import polars as pl

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr, as_expr, as_float, group_keys

__all__ = [
    "IntoExpr",
    "completion_rate",
    "compound_growth",
    "growth_rate",
    "implied_base",
    "last_year_full",
    "needed_per_month",
    "pace_gap",
    "press_shortcut_required_growth",
    "required_growth",
    "required_growth_quarterly",
    "same_period_last_year",
    "seasonal_progress",
    "time_progress",
    "with_last_year",
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


def last_year_full(
    value: IntoExpr = "ytd_value",
    *,
    by: str | Sequence[str] | None = None,
    year: str = "year",
    period: str = "month",
    full_period: int = MONTHS_PER_YEAR,
) -> pl.Expr:
    """Last year's full-year value (the ``period == full_period`` row of year − 1).

    Broadcast to every row of the year.  Null when year − 1 has no full-year row
    (or its value is null); an older year is never used instead.

    Parameters
    ----------
    value
        Column name or expression of cumulative (year-to-date) levels.
    by
        Group-key column(s) identifying a series.
    year, period
        Names of the year and month columns.
    full_period
        Period that closes the year (12 for monthly and quarterly data).

    Returns
    -------
    pl.Expr
        Last year's full-year level, or null.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame(
    ...     {
    ...         "year": [2021, 2022, 2022, 2023, 2023],
    ...         "month": [12, 6, 12, 6, 12],
    ...         "v": [80.0, 45.0, 100.0, 50.0, 110.0],
    ...     }
    ... )
    >>> df.select(last_year_full("v")).to_series().to_list()
    [None, 80.0, 80.0, 100.0, 100.0]
    """
    v = as_float(value)
    is_full = (pl.col(period) == full_period) & v.is_not_null()
    order = [year, period]
    keys = group_keys(by)
    # shift(1) then forward-fill: the latest full-year row strictly before this row.
    full = pl.when(is_full).then(v).shift(1).forward_fill()
    full_year = pl.when(is_full).then(pl.col(year)).shift(1).forward_fill()
    if keys:
        full = full.over(keys, order_by=order)
        full_year = full_year.over(keys, order_by=order)
    else:
        full = full.over(pl.lit(0), order_by=order)
        full_year = full_year.over(pl.lit(0), order_by=order)
    return pl.when(full_year == pl.col(year) - 1).then(full).otherwise(None)


_DENSE_LIMIT = 50_000_000  # largest dense lookup table (cells) before falling back to a join


def with_last_year(
    df: pl.DataFrame,
    *,
    value: str = "ytd_value",
    by: str | Sequence[str] | None = None,
    year: str = "year",
    period: str = "month",
    full_period: int = MONTHS_PER_YEAR,
    same_period: str = "prev_ytd",
    full_year: str = "prev_full",
) -> pl.DataFrame:
    """Add last year's same-period value and last year's full-year value (frame in, frame out).

    The same alignment as :func:`same_period_last_year` and :func:`last_year_full`
    (calendar period of year − 1 of the same series; a missing month or year gives
    null, never another month), computed in one pass for large panels: each row
    gets a cell number ``(series, year, period)`` in a dense table, and last
    year's cells are looked up directly (O(n), no sort, no join).  Very sparse
    panels whose table would be huge fall back to a join.

    Parameters
    ----------
    df
        Long panel; ``period`` must be an integer in 1..``full_period`` (other
        values, or null keys, give null outputs).
    value
        Column with cumulative (year-to-date) levels.
    by
        Group-key column(s) identifying a series.
    year, period
        Names of the year and month columns.
    full_period
        Period that closes the year.
    same_period, full_year
        Names of the two new Float64 columns.

    Returns
    -------
    pl.DataFrame
        ``df`` with the two columns added (same rows, same order).

    Raises
    ------
    ValueError
        If a (series, year, period) combination occurs more than once.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame(
    ...     {
    ...         "region": ["A", "A", "A", "B"],
    ...         "year": [2022, 2022, 2023, 2023],
    ...         "month": [6, 12, 6, 6],
    ...         "ytd_value": [40.0, 100.0, 45.0, 7.0],
    ...     }
    ... )
    >>> out = with_last_year(df, by="region")
    >>> out["prev_ytd"].to_list(), out["prev_full"].to_list()
    ([None, None, 40.0, None], [None, None, 100.0, None])
    """
    keys = group_keys(by)
    n = df.height
    if n == 0:
        return df.with_columns(
            pl.lit(None, pl.Float64).alias(same_period), pl.lit(None, pl.Float64).alias(full_year)
        )
    sid = _series_ids(df, keys)
    yr_s = df[year].cast(pl.Int64)
    pr_s = df[period].cast(pl.Int64)
    valid_s = yr_s.is_not_null() & pr_s.is_not_null() & pr_s.is_between(1, full_period)
    ok_years = yr_s.filter(valid_s)
    ymin = int(ok_years.min()) if len(ok_years) else 0  # type: ignore[arg-type]
    ymax = int(ok_years.max()) if len(ok_years) else 0  # type: ignore[arg-type]
    n_years = ymax - ymin + 2  # one spare year so "year - 1" of the first year is empty
    n_cells = (int(sid.max()) + 1) * n_years * full_period
    if n_cells > _DENSE_LIMIT:
        return _with_last_year_join(
            df, value, keys, year, period, full_period, same_period, full_year
        )
    # Everything below is < n_cells <= _DENSE_LIMIT, so int32 arithmetic is safe.
    valid = valid_s.to_numpy()
    yr = (yr_s - (ymin - 1)).fill_null(0).cast(pl.Int32).to_numpy()  # year slot, >= 1 if valid
    pr = pr_s.fill_null(1).cast(pl.Int32).to_numpy()
    vals = df[value].cast(pl.Float64).fill_nan(None).to_numpy()  # null -> NaN

    # Cell number of each row; rows with invalid keys point at the first real slot of series 0,
    # whose "last year" (the spare year, index 0) is always empty, and are never written.
    cell = (sid * np.int32(n_years) + yr) * np.int32(full_period) + (pr - 1)
    all_valid = bool(valid.all())
    if not all_valid:
        cell = np.where(valid, cell, full_period)
        pr = np.where(valid, pr, 1)
    itype = np.int32 if n < 2**31 - 1 else np.int64
    table = np.full(n_cells, -1, dtype=itype)
    rows = np.arange(n, dtype=itype)
    cell_w, rows_w = (cell, rows) if all_valid else (cell[valid], rows[valid])
    table[cell_w] = rows_w
    if (table[cell_w] != rows_w).any():
        raise ValueError(f"duplicate rows for {[*keys, year, period]}: one row per period expected")
    # Rows of the same period last year and of last year's full-year period; -1 (none) picks
    # the NaN appended to the values.
    vals = np.append(vals, np.nan)
    prev_v = vals[table[cell - np.int32(full_period)]]
    full_v = vals[table[cell - pr]]  # (year - 1, full_period) = cell - (pr - 1) - 1
    return df.with_columns(
        pl.Series(same_period, prev_v, dtype=pl.Float64, nan_to_null=True),
        pl.Series(full_year, full_v, dtype=pl.Float64, nan_to_null=True),
    )


def _key_codes(s: pl.Series) -> tuple[np.ndarray, int] | None:
    """Small non-negative int32 codes for one key column (null gets its own code), and their
    count; None if the column cannot be coded cheaply."""
    if isinstance(s.dtype, pl.Enum):
        size = len(s.dtype.categories) + 1
        return s.to_physical().fill_null(size - 1).cast(pl.Int32).to_numpy(), size
    if s.dtype.is_integer():
        x = s.cast(pl.Int64)
        lo, hi = x.min(), x.max()
        if lo is None:
            return np.zeros(len(s), dtype=np.int32), 1
        size = int(hi) - int(lo) + 2  # type: ignore[arg-type]
        if size > min(4 * len(s) + 16, _DENSE_LIMIT):
            return None
        return (x - lo).fill_null(size - 1).cast(pl.Int32).to_numpy(), size
    if s.dtype == pl.String or s.dtype == pl.Categorical:
        cat = s if s.dtype == pl.Categorical else s.cast(pl.Categorical)
        phys = cat.to_physical().cast(pl.Int64)  # one code per distinct string
        top = phys.max()
        raw = phys.fill_null(-1).to_numpy()
        size = (int(top) + 1 if top is not None else 0) + 1  # type: ignore[arg-type]
        present = np.zeros(size, dtype=bool)
        present[raw] = True  # -1 marks the last slot: null
        dense = (np.cumsum(present) - 1).astype(np.int32)
        return dense[raw], int(present.sum())
    return None


def _series_ids(df: pl.DataFrame, keys: list[str]) -> np.ndarray:
    """Int32 id per row, equal for rows with equal group keys (not necessarily dense)."""
    if not keys:
        return np.zeros(df.height, dtype=np.int32)
    sid = np.zeros(df.height, dtype=np.int32)
    total = 1
    for k in keys:
        coded = _key_codes(df[k])
        if coded is None or total * coded[1] > _DENSE_LIMIT:
            ranks = df.select(pl.struct(keys).rank("dense")).to_series()
            return ranks.cast(pl.Int64).to_numpy() - 1
        codes, size = coded
        sid = sid * np.int32(size) + codes
        total *= size
    return sid


def _with_last_year_join(
    df: pl.DataFrame,
    value: str,
    keys: list[str],
    year: str,
    period: str,
    full_period: int,
    same_period: str,
    full_year: str,
) -> pl.DataFrame:
    """Join-based fallback of :func:`with_last_year` for very sparse panels."""
    cell = [*keys, year, period]
    ok = pl.col(year).is_not_null() & pl.col(period).is_between(1, full_period)
    good = df.filter(ok)
    if good.select(cell).is_duplicated().any():
        raise ValueError(f"duplicate rows for {cell}: one row per period expected")
    v = pl.col(value).cast(pl.Float64).fill_nan(None)
    nxt = (pl.col(year) + 1).cast(df.schema[year])
    last = good.select(*keys, nxt, period, v.alias(same_period))
    full = good.filter(pl.col(period) == full_period).select(*keys, nxt, v.alias(full_year))
    return (
        df.join(last, on=cell, how="left", maintain_order="left", nulls_equal=True)
        .join(full, on=[*keys, year], how="left", maintain_order="left", nulls_equal=True)
        .with_columns(
            pl.when(ok).then(pl.col(same_period)).alias(same_period),
            pl.when(ok).then(pl.col(full_year)).alias(full_year),
        )
    )


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


def compound_growth(start: IntoExpr, end: IntoExpr, years: IntoExpr) -> pl.Expr:
    """Average annual (compound) growth between two levels, in percent.

    .. math:: g = \\left((\\text{end}/\\text{start})^{1/n} - 1\\right) \\times 100

    Used for multi-year paths (see :func:`taicang_analysis.engine.status.path_status`):
    the actual rate from the base year to the latest year, and the required rate
    from the base year to the target year.  Null if ``start`` ≤ 0, ``end`` < 0 or
    ``years`` ≤ 0.

    Parameters
    ----------
    start, end
        Levels at the start and end of the period.
    years
        Number of years between them.

    Returns
    -------
    pl.Expr
        Float64 growth in percent per year.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"s": [100.0], "e": [121.0], "n": [2]})
    >>> round(df.select(compound_growth("s", "e", "n")).item(), 6)  # sqrt(1.21) - 1 = 10%
    10.0
    """
    s, e, n = as_float(start), as_float(end), as_float(years)
    ok = (s > 0) & (e >= 0) & (n > 0)
    return pl.when(ok).then(((e / s).pow(1.0 / n) - 1.0) * 100.0).otherwise(None).alias("cagr")


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


def seasonal_progress(
    value: IntoExpr = "ytd_value",
    *,
    by: str | Sequence[str] | None = None,
    year: str = "year",
    period: str = "month",
    full_period: int = MONTHS_PER_YEAR,
) -> pl.Expr:
    """Seasonal progress benchmark from last year's cumulative monthly shares, in percent.

    .. math:: s_{y,m} = x_{y-1,m} / x_{y-1,12} \\times 100

    i.e. the share of last year's annual total that had been reached by the
    same month.  Null where last year's month or full year is missing.  For GDP
    with quarterly data, ``s / 100`` at month 3q is the cumulative weight
    ``W_q`` used by :func:`required_growth_quarterly`.

    Parameters
    ----------
    value
        Cumulative (year-to-date) levels.
    by
        Group-key column(s) identifying a series.
    year, period
        Names of the year and month columns.
    full_period
        Period that closes the year.

    Returns
    -------
    pl.Expr
        Float64 percent.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame(
    ...     {"year": [2022, 2022, 2023], "month": [6, 12, 6], "v": [40.0, 100.0, 45.0]}
    ... )
    >>> df.select(seasonal_progress("v")).to_series().to_list()  # 40 / 100 * 100
    [None, None, 40.0]
    """
    prev = same_period_last_year(value, by=by, year=year, period=period)
    full = last_year_full(value, by=by, year=year, period=period, full_period=full_period)
    return completion_rate(prev, full).alias("seasonal_progress")


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
        Levels; use :func:`same_period_last_year` and :func:`last_year_full` to
        build the last two from a panel.
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


def required_growth_quarterly(
    target_growth: IntoExpr,
    cum_growth: IntoExpr,
    elapsed_share: IntoExpr,
) -> pl.Expr:
    """Growth needed in the remaining quarters, from cumulative quarterly growth (GDP).

    GDP is published as cumulative growth rates (e.g. 1–2 季度 +4.8 %), not
    levels.  With last year's quarterly weights ``w`` (shares of last year's
    annual level) and ``W_q = w_1 + … + w_q`` the share of the quarters elapsed:

    .. math::

        r = \\left(\\frac{(1 + G) - W_q (1 + g_{cum})}{1 - W_q} - 1\\right) \\times 100

    (``G`` and ``g_cum`` as fractions here, inputs and output in percent.)

    With ``W_q = 0.5`` (equal halves) after the first half this reduces to the
    press shortcut 2G − g₁ (:func:`press_shortcut_required_growth`):
    ``((1+G) − 0.5(1+g₁))/0.5 − 1 = 2 + 2G − 1 − g₁ − 1 = 2G − g₁``.  When the
    halves are unequal the shortcut is off: with ``W_2 = 0.48``, ``G = 5 %``,
    ``g₁ = 4 %``: r = (1.05 − 0.48 × 1.04)/0.52 − 1 = 0.5508/0.52 − 1 = 5.923 %,
    against the shortcut's 6.0 %.

    Parameters
    ----------
    target_growth
        Annual growth target ``G`` in percent.
    cum_growth
        Cumulative growth so far ``g_cum`` in percent.
    elapsed_share
        ``W_q`` in **percent** (50.0 for equal halves); equal to
        :func:`seasonal_progress` of last year's cumulative quarterly levels at
        month 3q.  Must be strictly between 0 and 100, else null.

    Returns
    -------
    pl.Expr
        Float64 growth in percent needed in the remaining quarters (vs the same
        quarters of last year).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"G": [5.0, 5.0], "g1": [4.0, 4.0], "W": [50.0, 48.0]})
    >>> out = df.select(required_growth_quarterly("G", "g1", "W"))
    >>> [round(x, 3) for x in out.to_series().to_list()]  # 2*5 - 4 = 6 when W = 50
    [6.0, 5.923]
    """
    g = as_float(target_growth) / 100.0
    gc = as_float(cum_growth) / 100.0
    w = as_float(elapsed_share) / 100.0
    r = (((1.0 + g) - w * (1.0 + gc)) / (1.0 - w) - 1.0) * 100.0
    return pl.when((w > 0) & (w < 1)).then(r).otherwise(None).alias("required_growth")


def press_shortcut_required_growth(target_growth: IntoExpr, h1_growth: IntoExpr) -> pl.Expr:
    """Press shortcut for the second-half growth needed: ``2G − g₁`` (percent).

    Exact only when the two halves of last year were equal (``W_2 = 50 %``);
    see :func:`required_growth_quarterly` for the weighted formula and the size
    of the difference.

    Parameters
    ----------
    target_growth
        Annual growth target ``G`` in percent.
    h1_growth
        First-half cumulative growth ``g₁`` in percent.

    Returns
    -------
    pl.Expr
        Float64 growth in percent.

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(press_shortcut_required_growth(5.0, 4.0)).item()
    6.0
    """
    return (2.0 * as_float(target_growth) - as_float(h1_growth)).alias("required_growth")

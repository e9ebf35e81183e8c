"""The analysts' toolkit: more formulas of the same kind as the engine's, which the product itself
does not call — for a notebook of one's own, a study, a benchmark.

The engine proper (:mod:`~taicang_analysis.engine.formulas`, :mod:`~taicang_analysis.engine.status`,
:mod:`~taicang_analysis.engine.scenarios`) holds what the scorecard, the scenarios and the report use;
these build on it and follow its conventions (a long panel, ``by=`` group keys, growth in percent,
comparisons aligned by calendar period, a missing base gives null):

- last year's levels of a whole panel in one pass (:func:`with_last_year`, :func:`last_year_full`),
  last year's share of the year by each month (:func:`seasonal_progress`);
- multi-year paths (:func:`compound_growth`, :func:`path_status`, Eurostat's SDG method);
- required growth from quarterly or half-year figures (:func:`required_growth_quarterly`,
  :func:`press_shortcut_required_growth`, the press's shortcut, for comparison);
- ranges of year-end outcomes from past years (:func:`remaining_period_growth`,
  :func:`scenario_range`); whether a range target's high end is reached (:func:`meets_high_end`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr, as_float, group_keys
from taicang_analysis.engine.formulas import completion_rate, growth_rate, same_period_last_year
from taicang_analysis.engine.scenarios import project_year_end

_DENSE_LIMIT = 50_000_000  # largest dense lookup table (cells) before falling back to a join

__all__ = [
    "compound_growth",
    "last_year_full",
    "meets_high_end",
    "path_status",
    "press_shortcut_required_growth",
    "remaining_period_growth",
    "required_growth_quarterly",
    "scenario_range",
    "seasonal_progress",
    "with_last_year",
]


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


def meets_high_end(value: IntoExpr, target_high: IntoExpr) -> pl.Expr:
    """Whether a figure reaches the high end of a range target (e.g. 3 of "2~3").

    .. math:: \\text{value} \\ge T_{high}

    Null where there is no high end (not a range) or the value is missing.

    Parameters
    ----------
    value
        The figure.
    target_high
        High end of the range (registry column ``value_high``).

    Returns
    -------
    pl.Expr
        Boolean.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"v": [2.0, 3.0, 2.0], "hi": [3.0, 3.0, None]})
    >>> df.select(meets_high_end("v", "hi")).to_series().to_list()
    [False, True, None]
    """
    v, hi = as_float(value), as_float(target_high)
    return pl.when(hi.is_not_null() & v.is_not_null()).then(v >= hi).alias("meets_high_end")


def path_status(
    actual_growth: IntoExpr,
    required_growth: IntoExpr,
    *,
    on_track: float = 0.95,
    at_risk: float = 0.60,
) -> pl.Expr:
    """Status of a multi-year path from the ratio of actual to required growth.

    Eurostat's SDG monitoring method (also used by Open SDG) for quantified
    targets: the ratio ``ρ = actual / required`` of the actual average annual
    growth since the base year to the growth required to reach the target by
    the target year (see
    :func:`~taicang_analysis.engine.formulas.compound_growth`):

    * ρ ≥ 95 % → ``on_track`` (Eurostat: significant progress);
    * 60 % ≤ ρ < 95 % → ``at_risk`` (moderate progress);
    * 0 ≤ ρ < 60 % → ``off_track`` (insufficient progress);
    * ρ < 0 → ``off_track`` (movement away from the target).

    Works for reduction targets too (both rates negative).  A missing input or
    a required growth of exactly zero (ratio undefined) gives ``no_data``.

    Parameters
    ----------
    actual_growth
        Actual average annual growth (%).
    required_growth
        Required average annual growth (%).
    on_track, at_risk
        Ratio thresholds (fractions).

    Returns
    -------
    pl.Expr
        String status.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"a": [5.0, 4.0, 2.0, -1.0, 1.0], "r": [5.0, 5.0, 5.0, 5.0, 0.0]})
    >>> df.select(path_status("a", "r")).to_series().to_list()  # ratios 1.0, 0.8, 0.4, -0.2
    ['on_track', 'at_risk', 'off_track', 'off_track', 'no_data']
    """
    a, r = as_float(actual_growth), as_float(required_growth)
    ratio = a / r
    return (
        pl.when(a.is_null() | r.is_null() | (r == 0))
        .then(pl.lit("no_data"))
        .when(ratio >= on_track)
        .then(pl.lit("on_track"))
        .when(ratio >= at_risk)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
        .alias("path_status")
    )

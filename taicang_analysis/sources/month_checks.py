"""Month arithmetic the statistics bureau's way, over a panel of cumulative (累计) figures.

January and February are published together (1-2月), so a cumulative series that starts at month 2
is normal; a cumulative level that falls from one month to the next is an error
(:func:`check_cumulative`); a 本月 value that differs from the difference of two cumulative levels
by more than rounding, a missing month, or last year's level implied by growth against last year's
table are warning rows (:func:`month_checks`). The tolerances are those of published numbers: half
a unit of the last decimal shown (:func:`rounding`).
"""

from __future__ import annotations

import math
import os

import polars as pl

from taicang_analysis.engine.formulas import implied_base
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.panel import DEFAULT_REGION


def decimals_shown(x: float) -> int:
    """Decimals a published number shows (540.8 -> 1, 12.0 -> 0), at most 6."""
    for d in range(7):
        if math.isclose(round(x, d), x, rel_tol=0, abs_tol=1e-9):
            return d
    return 6


def rounding(*xs: float) -> float:
    """Half a unit of the last decimal of the least precise number: how far rounding can move it."""
    return 0.5 * 10.0 ** -min(decimals_shown(x) for x in xs)


def _rounding_fine(*xs: float) -> float:
    """Half a unit of the last decimal of the most precise number (a float has lost the trailing
    zeros of "141.0", so the most precise of numbers published together tells their precision)."""
    return 0.5 * 10.0 ** -max(decimals_shown(x) for x in xs)


def check_cumulative(panel: pl.DataFrame, *, data: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """Fail on a cumulative level that falls from one month to the next; return ``panel`` unchanged.

    Within each place, indicator and year, each cumulative level (累计值) is compared with the
    previous month present (a missing month is skipped over; 1-2月 published together is simply
    month 2). A fall of more than rounding (half a unit of the last decimal shown) is an error
    naming the later file and row and both values. Counts of a running total (``count_total`` in
    the catalogue, e.g. key projects under way) may fall and are not checked.

    Examples
    --------
    SYNTHETIC levels: 401.2 (1-3月) then 390.0 (1-4月) falls.

    >>> p = pl.DataFrame({"region": ["太仓市"] * 2, "indicator": ["gdp"] * 2, "year": [2023] * 2,
    ...                   "month": [3, 4], "ytd_value": [401.2, 390.0], "source_file": ["a.xlsx", "b.xlsx"],
    ...                   "source_row": [5, 5]})
    >>> check_cumulative(p)
    Traceback (most recent call last):
    ...
    taicang_analysis.errors.DataFileError: b.xlsx 第5行 列「1-4月 累计值」 值 390.0: 累计值比上月下降...
    """
    cat = load_indicators(data).select("id", "name_zh", "count_measure")
    names = dict(zip(cat["id"], cat["name_zh"], strict=True))
    totals = set(cat.filter(pl.col("count_measure") == "count_total")["id"].to_list())
    region = "region" if "region" in panel.columns else None
    keys = [*([region] if region else []), "indicator", "year"]
    ordered = panel.filter(pl.col("ytd_value").is_not_null() & ~pl.col("indicator").is_in(list(totals))).sort(
        [*keys, "month"])
    prev: dict[str, object] | None = None
    for rec in ordered.iter_rows(named=True):
        if prev is not None and all(prev[k] == rec[k] for k in keys):
            a, b = float(prev["ytd_value"]), float(rec["ytd_value"])  # type: ignore[arg-type]
            if b < a - rounding(a, b) - 1e-9:
                place = f"{rec[region]} " if region else ""
                raise DataFileError(
                    rec.get("source_file") or "(panel)", row=rec.get("source_row"),
                    column=f"1-{rec['month']}月 累计值", value=b,
                    problem=f"累计值比上月下降 (cumulative level falls): {place}{names.get(rec['indicator'], '')}"
                            f"{rec['year']}年 1-{prev['month']}月 {a:g} ({prev.get('source_file')} "
                            f"第{prev.get('source_row')}行) → 1-{rec['month']}月 {b:g}",
                    expected="累计值逐月不减; 核对两个月的表 (是否填错月份, 或上月数据已修订)")
        prev = rec
    return panel


#: columns of :func:`month_checks`
CHECK_SCHEMA = {
    "region": pl.String,
    "indicator": pl.String,
    "year": pl.Int64,
    "month": pl.Int64,
    "check": pl.String,
    "message": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
}

#: the checks of :func:`month_checks`: code -> what it means (Chinese, as the edition shows it)
CHECKS = {
    "month_vs_ytd": "本月值与累计值之差不符",
    "gap": "缺月",
    "base": "上年同期基数与上年表不符",
}
_BASE_TOLERANCE = 0.5  # percent: implied last-year level vs last year's table


def month_checks(panel: pl.DataFrame, *, data: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """Warnings about a bureau panel's months, one row each, with a Chinese message.

    * ``month_vs_ytd``: 本月 (``month_value``) differs from the difference of this month's and
      last month's cumulative levels by more than rounding: 1.5 units of the last decimal shown
      (each of the three published numbers may be off by half a unit; the decimals are those of
      the most precise of the three, as a number read from a cell has lost its trailing zeros). Month 1 compares
      本月 with the cumulative level itself. Month 2 without a month 1 (1-2月 published together)
      is not checked: 本月 is then February alone and cannot be compared.
    * ``gap``: a month missing between the first and last months present (month 1 missing
      before month 2 is normal: 1-2月合并发布).
    * ``base``: last year's same-month level implied by this year's level and growth
      (:func:`taicang_analysis.engine.formulas.implied_base`) differs from last year's table in the
      panel by more than 0.5 % — usually a revision or a change of scope (口径调整); only for
      indicators at current prices (the growth of GDP and 规上工业 is at comparable prices or
      firms and is not meant to match).

    Parameters
    ----------
    panel
        A bureau panel (:data:`BUREAU_SCHEMA`; ``region`` and ``month_value`` optional).
    data
        Data folder (catalogue: Chinese names, price basis).

    Returns
    -------
    polars.DataFrame
        :data:`CHECK_SCHEMA`; empty when all is well.

    Examples
    --------
    SYNTHETIC: 1-3月 401.2, 1-4月 540.8, 本月 (April) 141.0; 540.8 − 401.2 = 139.6, off by 1.4 > 0.15.

    >>> p = pl.DataFrame({"indicator": ["gdp", "gdp"], "year": [2023, 2023], "month": [3, 4],
    ...                   "ytd_value": [401.2, 540.8], "month_value": [None, 141.0]})
    >>> month_checks(p)["message"].item()
    '地区生产总值 2023年4月: 本月值 141 与累计值之差 139.6 (540.8 − 401.2) 相差 1.4, 超出四舍五入误差 0.15'
    """
    cat = load_indicators(data)
    names = dict(zip(cat["id"], cat["name_zh"], strict=True))
    current = set(cat.filter(pl.col("price_basis") == "current")["id"].to_list())
    p = panel
    if "region" not in p.columns:
        p = p.with_columns(region=pl.lit(DEFAULT_REGION))
    for col, dtype in (("month_value", pl.Float64), ("ytd_growth", pl.Float64), ("source_file", pl.String),
                       ("source_row", pl.Int64)):
        if col not in p.columns:
            p = p.with_columns(pl.lit(None, dtype).alias(col))
    p = p.with_columns(implied=implied_base("ytd_value", "ytd_growth"))
    rows: list[dict[str, object]] = []

    def warn(rec, check, message):
        rows.append({"region": rec["region"], "indicator": rec["indicator"], "year": rec["year"],
                     "month": rec["month"], "check": check, "message": message,
                     "source_file": rec["source_file"], "source_row": rec["source_row"]})

    levels = {(r["region"], r["indicator"], r["year"], r["month"]): r["ytd_value"]
              for r in p.iter_rows(named=True) if r["ytd_value"] is not None}
    keys = ["region", "indicator", "year"]
    for (_, ind, year), series in p.sort([*keys, "month"]).group_by(keys, maintain_order=True):
        recs = series.to_dicts()
        months = [r["month"] for r in recs]
        name = names.get(str(ind), str(ind))
        present = set(months)
        missing = [m for m in range(min(months), max(months) + 1) if m not in present]
        if missing and not (missing == [1] and min(months) == 1):
            warn(recs[-1], "gap", f"{name} {year}年: 缺少{'、'.join(f'{m}月' for m in missing)}的数据")
        by_month = {r["month"]: r for r in recs}
        for rec in recs:
            m, mv, ytd = rec["month"], rec["month_value"], rec["ytd_value"]
            if mv is not None and ytd is not None:
                if m == 1:
                    diff, shown, tol = ytd, f"{ytd:g}", 2 * _rounding_fine(ytd, mv)
                elif (m - 1) in by_month and by_month[m - 1]["ytd_value"] is not None:
                    before = by_month[m - 1]["ytd_value"]
                    diff = ytd - before
                    shown = f"{ytd:g} − {before:g}"
                    tol = 3 * _rounding_fine(ytd, before, mv)
                else:
                    diff = None
                if diff is not None and abs(mv - diff) > tol + 1e-9:
                    warn(rec, "month_vs_ytd",
                         f"{name} {year}年{m}月: 本月值 {mv:g} 与累计值之差 {_fmt(diff)} ({shown}) "
                         f"相差 {_fmt(abs(mv - diff))}, 超出四舍五入误差 {_fmt(tol)}")
            base = levels.get((rec["region"], ind, year - 1, m))
            implied = rec["implied"]
            if ind in current and base and implied is not None and base > 0:
                gap = (implied / base - 1) * 100
                if abs(gap) > _BASE_TOLERANCE:
                    warn(rec, "base",
                         f"{name} {year}年1-{m}月: 按累计值 {ytd:g} 和增长 {rec['ytd_growth']:g}% 推算的上年同期 "
                         f"{implied:.2f}, 上年表中为 {base:g} (相差 {gap:+.1f}%); 可能是上年数据修订或口径调整")
    return pl.DataFrame(rows, schema=CHECK_SCHEMA, orient="row")


def _fmt(x: float) -> str:
    return f"{round(x, 6):g}"

"""Where a target stands now and what each assumption for the rest of the year gives.

This is the logic behind the scorecard, the ipywidgets panels in Lab and the kernel-free sliders
of the report; all three call the same functions, so they show the same numbers.

Starting point of a scenario (:func:`scenario_start`), in order of preference:

1. the analyst's monthly file for the target year (latest month), with last year's same-month
   level implied by her 累计值 and 累计增长% (P_m = Y / (1 + g/100));
2. a published year-to-date figure for the target year;
3. no figure yet this year: month 0, from the latest published full-year level of the year
   before (said so in the panel's text).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from taicang_analysis.engine.formulas import completion_rate, required_growth
from taicang_analysis.engine.scenarios import project_year_end, project_year_end_growth
from taicang_analysis.engine.status import target_status
from taicang_analysis.notebook.formats import STATUS_ZH, fmt_number, fmt_target, verdict_zh
from taicang_analysis.sources.figures import load_figures
from taicang_analysis.sources.targets import load_targets

NUMERIC_KINDS = ("growth_rate", "level", "count")

_PREFERENCE = pl.concat_str(
    pl.when(pl.col("origin") == "analyst").then(pl.lit("0")).otherwise(pl.lit("1")),
    pl.col("reliability").replace({"standard": "0", "secondary": "1", "low": "2"}),
    pl.col("status").replace({"final": "0", "preliminary": "1"}),
)


def preferred_figures(figures: pl.DataFrame) -> pl.DataFrame:
    """One figure per indicator, measure and period: the analyst's own, else the most reliable
    source, else the final over the preliminary figure.

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> f = preferred_figures(load_figures())
    >>> f.filter((pl.col("indicator") == "gdp") & (pl.col("period") == "2022")
    ...          & (pl.col("measure") == "growth_pct"))["value"].to_list()
    [2.2]
    """
    return (
        figures.filter(pl.col("status") != "target", pl.col("value").is_not_null())
        .with_columns(_rank=_PREFERENCE)
        .sort("_rank")
        .unique(["indicator", "measure", "period", "unit"], keep="first", maintain_order=True)
        .drop("_rank")
        .sort("indicator", "measure", "year", "month", nulls_last=True)
    )




@dataclass(frozen=True)
class ScenarioStart:
    """What a scenario starts from. ``month`` 0 means no figure for the target year yet."""

    target: dict
    mode: str  # "growth": assumed growth of the remaining months; "amount": per remaining month
    month: int
    ytd_value: float | None
    ytd_growth: float | None
    prev_ytd: float | None
    prev_full: float | None
    unit: str
    note: str


def _figure_measure(target: dict) -> tuple[str, str]:
    if target["kind"] == "growth_rate":
        return target["indicator"], "level"
    return target["indicator"], target["measure"]


def scenario_start(target: dict, figures: pl.DataFrame | None = None,
                   data: str | os.PathLike[str] | None = None) -> ScenarioStart:
    """The starting point of a target's scenario, and a sentence saying where it comes from.

    Examples
    --------
    >>> t = load_targets(2023).filter(pl.col("id") == "gdp_growth").row(0, named=True)
    >>> s = scenario_start(t)
    >>> s.month, s.prev_full, s.mode
    (0, 1653.57, 'growth')
    """
    figures = load_figures(data) if figures is None else figures
    year = int(target["year"])
    indicator, measure = _figure_measure(target)
    best = preferred_figures(figures.filter(pl.col("indicator") == indicator))
    level_unit = target["unit"] if target["kind"] != "growth_rate" else None
    levels = best.filter(pl.col("measure") == measure)
    if level_unit:
        levels = levels.filter(pl.col("unit") == level_unit)
    growth = best.filter(pl.col("measure") == "growth_pct")
    unit = levels["unit"][0] if levels.height else (level_unit or "")
    this_year = levels.filter(pl.col("year") == year, pl.col("month").is_not_null(),
                              pl.col("period_type").is_in(["ytd", "year"]))
    prev_full_row = levels.filter(pl.col("year") == year - 1, pl.col("period_type") == "year")
    prev_full = prev_full_row["value"][0] if prev_full_row.height else None
    mode = "growth" if target["kind"] == "growth_rate" or (
        prev_full is not None and target["kind"] == "level") else "amount"
    if this_year.height:
        last = this_year.sort("month")[-1]
        m = int(last["month"][0])
        ytd = float(last["value"][0])
        g_row = growth.filter(pl.col("year") == year, pl.col("month") == m)
        g = float(g_row["value"][0]) if g_row.height else None
        prev_ytd = ytd / (1 + g / 100) if g is not None and m < 12 else (
            prev_full if m == 12 else None)
        who = "分析员月报" if last["origin"][0] == "analyst" else "公开数据"
        grew = "" if g is None else ", 增长" + fmt_number(g, "%")
        note = (f"起点: {year}年1-{m}月累计 {fmt_number(ytd, unit)}{grew} ({who}: "
                f"{last['source_title'][0]})。")
        return ScenarioStart(target, mode, m, ytd, g, prev_ytd, prev_full, unit, note)
    if prev_full is not None:
        src = prev_full_row["source_title"][0]
        status = "最终数" if prev_full_row["status"][0] == "final" else "预计数"
        note = (f"尚无{year}年月度数据, 以{year - 1}年全年 {fmt_number(prev_full, unit)} "
                f"({status}, {src}) 为起点。放入月报后将从最新月份开始。")
    else:
        note = (f"尚无{year}年月度数据, 也没有{year - 1}年全年的公开数, 只能按假设增速测算; "
                "放入月报后将从最新月份开始。")
    return ScenarioStart(target, mode, 0, 0.0 if prev_full is not None or mode == "amount"
                         else None, None, 0.0 if prev_full is not None else None, prev_full,
                         unit, note)


def scenario_table(start: ScenarioStart, assumptions: Sequence[float]) -> pl.DataFrame:
    """Year-end outcome and status for each assumption, computed in one vectorised pass.

    ``assumption`` is the growth (%) of the remaining months over the same months of last year
    (mode ``growth``) or the amount per remaining month (mode ``amount``).

    Examples
    --------
    GDP from the 2022 bulletin level 1653.57 亿元 at 5% growth: 1653.57 × 1.05 = 1736.2485.

    >>> t = load_targets(2023).filter(pl.col("id") == "gdp_growth").row(0, named=True)
    >>> tab = scenario_table(scenario_start(t), [4.0, 5.0])
    >>> round(tab["year_end_value"][1], 4), tab["year_end_growth"][1], tab["status"].to_list()
    (1736.2485, 5.0, ['off_track', 'met'])
    """
    t = start.target
    frame = pl.DataFrame({"assumption": [float(a) for a in assumptions]}).with_columns(
        ytd=pl.lit(start.ytd_value, dtype=pl.Float64),
        prev_ytd=pl.lit(start.prev_ytd, dtype=pl.Float64),
        prev_full=pl.lit(start.prev_full, dtype=pl.Float64),
        month=pl.lit(start.month, dtype=pl.Int64),
        target=pl.lit(t["value"], dtype=pl.Float64),
    )
    if start.mode == "growth":
        frame = frame.with_columns(
            year_end_value=project_year_end("ytd", growth="assumption", prev_ytd="prev_ytd",
                                            prev_full="prev_full", month="month"),
            year_end_growth=project_year_end_growth("ytd", growth="assumption",
                                                    prev_ytd="prev_ytd", prev_full="prev_full"),
        )
        if start.prev_full is None and start.month == 0:
            frame = frame.with_columns(year_end_growth=pl.col("assumption"))
    else:
        frame = frame.with_columns(
            year_end_value=project_year_end("ytd", monthly_amount="assumption", month="month"),
            year_end_growth=pl.lit(None, dtype=pl.Float64),
        )
    # float noise (4.4999999999999885) must not flip a status at a threshold: 6 decimals
    frame = frame.with_columns(pl.col("year_end_value", "year_end_growth").round(6))
    figure = "year_end_growth" if t["kind"] == "growth_rate" else "year_end_value"
    frame = frame.with_columns(
        status=target_status(
            kind=pl.lit(t["kind"]), target="target", month=pl.lit(12),
            ytd_value="year_end_value" if figure == "year_end_value" else None,
            ytd_growth="year_end_growth" if figure == "year_end_growth" else None,
            qualifier=pl.lit(t["qualifier"]),
        ),
    )
    return frame.select("assumption", "year_end_value", "year_end_growth", "status")


def still_required(start: ScenarioStart) -> tuple[float | None, str]:
    """What the rest of the year must bring: growth (%) or amount per month, with its unit.

    Examples
    --------
    >>> t = load_targets(2023).filter(pl.col("id") == "port_teu").row(0, named=True)
    >>> still_required(scenario_start(t))   # 2023 is complete: nothing left to plan
    (None, '')
    """
    t = start.target
    if start.month >= 12:
        return None, ""
    if start.mode == "growth" and t["kind"] == "growth_rate":
        if start.prev_full is None:
            return (t["value"], "%") if start.month == 0 else (None, "%")
        df = pl.DataFrame({"y": [start.ytd_value], "pm": [start.prev_ytd],
                           "p": [start.prev_full]}, schema={"y": pl.Float64, "pm": pl.Float64,
                                                            "p": pl.Float64})
        return df.select(required_growth("y", "pm", "p", t["value"])).item(), "%"
    if start.mode == "growth":
        # level target with last year's level: growth of the remaining months that reaches it
        pm, p, y = start.prev_ytd or 0.0, start.prev_full, start.ytd_value or 0.0
        rest = p - pm
        return ((t["value"] - y) / rest - 1) * 100 if rest > 0 else None, "%"
    left = 12 - start.month
    return (t["value"] - (start.ytd_value or 0.0)) / left, start.unit


def describe(start: ScenarioStart, row: dict) -> str:
    """One sentence (Chinese) for a scenario row: assumption, year-end outcome, status.

    Examples
    --------
    >>> t = load_targets(2023).filter(pl.col("id") == "gdp_growth").row(0, named=True)
    >>> s = scenario_start(t)
    >>> describe(s, scenario_table(s, [5.0]).row(0, named=True))
    '若全年12个月同比增长5%, 预计全年1,736.25亿元, 增长5%; 目标5%左右: 已完成。'

    A complete year (port 2023: 803.9 万标箱 published; 803.9 / 802.6 − 1 = 0.16 %):

    >>> p = scenario_start(load_targets(2023).filter(pl.col("id") == "port_teu").row(0, named=True))
    >>> describe(p, scenario_table(p, [0.0]).row(0, named=True))
    '2023年全年已结束, 全年803.9万标箱, 增长0.2%; 目标突破900万标箱: 未完成。'
    """
    t = start.target
    left = 12 - start.month
    span = f"余下{left}个月" if start.month else "全年12个月"
    if left == 0:
        head = f"{t['year']}年全年已结束"  # nothing left to assume
    elif start.mode == "growth":
        head = f"若{span}同比增长{fmt_number(row['assumption'], '%')}"
    else:
        head = f"若{span}每月新增{fmt_number(row['assumption'], start.unit, decimals=1)}"
    parts = []
    if row["year_end_value"] is not None:
        parts.append(f"{'全年' if left == 0 else '预计全年'}{fmt_number(row['year_end_value'], start.unit)}")
    if row["year_end_growth"] is not None:
        parts.append(f"增长{fmt_number(row['year_end_growth'], '%')}")
    target = fmt_target(t["value"], t["value_high"], t["unit"], t["qualifier"])
    verdict = verdict_zh(row["status"])
    return f"{head}, {', '.join(parts) or '无法测算'}; 目标{target}: {verdict}。"


def scorecard(year: int = 2023, data: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """One row per numeric target: the target, the latest figure and its date, attainment,
    status and source.

    Status is decided only from figures for the target year (:func:`target_status`); a target
    with none is ``no_data``, and the latest earlier figure is shown for context only. For an
    in-year growth target the achieved growth is compared with the growth the remaining months
    need; where last year's levels are unpublished, with the target itself.

    Examples
    --------
    >>> sc = scorecard(2023)
    >>> sc.filter(pl.col("id") == "port_teu").select("latest", "attainment", "status").row(0)
    ('803.9万标箱 (2023年)', 89.32, 'off_track')
    """
    targets = load_targets(year, data).filter(pl.col("kind").is_in(NUMERIC_KINDS))
    figures = load_figures(data)
    best = preferred_figures(figures)
    rows = []
    for t in targets.iter_rows(named=True):
        measure = "growth_pct" if t["kind"] == "growth_rate" else t["measure"]
        series = best.filter(pl.col("indicator") == t["indicator"], pl.col("measure") == measure)
        if t["kind"] != "growth_rate":
            series = series.filter(pl.col("unit") == t["unit"])
        # figures after the target year say nothing about it: context is the latest up to it
        series = series.filter(pl.col("period_type") != "as_of_date",
                               pl.col("year") <= year).sort("year", "month")
        current = series.filter(pl.col("year") == year)
        latest_row = current[-1] if current.height else (series[-1] if series.height else None)
        latest = attainment = None
        status, complete = "no_data", False
        source = ""
        if latest_row is not None:
            r = latest_row.row(0, named=True)
            when = f"{r['year']}年" if r["period_type"] == "year" else f"{r['year']}年1-{r['month']}月"
            latest = f"{fmt_number(r['value'], r['unit'])} ({when})"
            source = r["source_title"]
        if current.height:
            r = current[-1].row(0, named=True)
            complete = r["month"] == 12
            start = scenario_start(t, figures)
            frame = pl.DataFrame({"v": [r["value"]], "m": [r["month"]]},
                                 schema={"v": pl.Float64, "m": pl.Int64})
            req = still_required(start)[0] if t["kind"] == "growth_rate" else None
            if req is None and t["kind"] == "growth_rate" and r["month"] < 12:
                # last year's levels unpublished: compare with the target itself, the pace that
                # lands on it if the rest of the year grows as the months so far did
                req = t["value"]
            status = frame.select(target_status(
                kind=pl.lit(t["kind"]), target=pl.lit(t["value"]), month="m",
                ytd_value="v" if t["kind"] != "growth_rate" else None,
                ytd_growth="v" if t["kind"] == "growth_rate" else None,
                required=pl.lit(req, dtype=pl.Float64), qualifier=pl.lit(t["qualifier"]),
                bound=pl.lit(r["bound"]),
            )).item()
            if t["kind"] != "growth_rate":
                attainment = round(frame.select(completion_rate("v", pl.lit(t["value"]))).item(),
                                   2)
        rows.append({
            "id": t["id"], "indicator_zh": t["indicator_zh"], "kind": t["kind"],
            "target": fmt_target(t["value"], t["value_high"], t["unit"], t["qualifier"]),
            "latest": latest, "attainment": attainment, "status": status,
            # a complete year reads 已完成 / 未完成; in the year, 进度正常 / 有风险 / 滞后
            "status_zh": verdict_zh(status) if complete else STATUS_ZH[status], "source": source,
        })
    return pl.DataFrame(rows, schema={
        "id": pl.String, "indicator_zh": pl.String, "kind": pl.String, "target": pl.String,
        "latest": pl.String, "attainment": pl.Float64, "status": pl.String,
        "status_zh": pl.String, "source": pl.String})


__all__ = ["ScenarioStart", "describe", "scenario_start", "scenario_table",
           "scorecard", "still_required"]

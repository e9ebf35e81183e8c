"""Plotly chart builders. Each returns a :class:`Chart`: the plot, its title, the exact numbers it
draws (a table with Chinese headers and units), the figures it draws from (for the source line and
the appendix) and a one-paragraph description for screen readers — or ``None`` when there is
nothing to draw (one figure is a sentence, not a chart).

Marks, one meaning each across the report:

==========================  =====================================================================
mark                        meaning
==========================  =====================================================================
filled navy circle          最终数 (a bulletin or other final figure)
open navy circle            预计数 (a work-report or other preliminary figure)
filled orange circle        分析员月报 (the analyst's monthly file)
up-triangle                 下限 ("超500": the true value is at least this)
open diamond                约数 ("近500": about this, at most)
grey ×                      存疑 (a doubtful source, or a figure in conflict with others)
open purple square          推算 (derived by a stated formula, not published)
red star, red band          目标; for 左右 the ±0.5-point band, for a range the range
==========================  =====================================================================

Red means the target (and, in badges, 滞后) only. Titles and source lines are HTML around the plot
(:mod:`taicang_analysis.notebook.display`), so they wrap on a phone instead of being clipped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
import polars as pl

from taicang_analysis.assess import preferred_figures
from taicang_analysis.engine import ABOUT_TOLERANCE_PP, MONTHS_PER_YEAR
from taicang_analysis.notebook.formats import fmt_figure, fmt_number, fmt_period, fmt_target, reliability_word
from taicang_analysis.vocabulary import zh

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
COLOURS = {"final": "#1f4e79", "preliminary": "#1f4e79", "analyst": "#b45f06", "doubtful": "#6e7781",
           "derived": "#6f42c1", "target": "#cf222e", "line": "#9fb7cc", "reference": "#8c959f"}
DOUBTFUL = ("doubtful",)


@dataclass
class Chart:
    """A chart with everything a reader needs besides the plot itself.

    ``table`` holds the plotted numbers keyed by codes (:data:`TABLE_COLUMNS`: period, value, kind,
    reliability, figure_id), the words already formatted; :func:`table_labelled` gives it its
    Chinese headers (``数值`` with the chart's ``unit``) at the edge, for the page and the CSV.
    """

    name: str
    title: str
    plot: go.Figure
    table: pl.DataFrame
    sources: pl.DataFrame
    description: str
    notes: list[str] = field(default_factory=list)
    #: the unit of the value column (several joined by 、 where a chart mixes counts)
    unit: str = ""


#: a chart's table: its columns (codes) and their headers on the page and in the CSV
TABLE_COLUMNS = {"period": "时期", "value": "数值", "kind": "性质", "reliability": "来源可靠性",
                 "figure_id": "数据编号"}


def table_labelled(table: pl.DataFrame, unit: str = "") -> pl.DataFrame:
    """A chart's table with its Chinese headers (the value column names its unit).

    Examples
    --------
    >>> t = pl.DataFrame({"period": ["2022年"], "value": ["2.2"], "figure_id": ["b1-r005"]})
    >>> table_labelled(t, "%").columns
    ['时期', '数值(%)', '数据编号']
    """
    labels = {code: (f"{label}({unit})" if code == "value" and unit else label) for code, label in TABLE_COLUMNS.items()}
    return table.rename({c: labels[c] for c in table.columns if c in labels})


#: units of things counted whole: their axes tick in whole numbers (no 0.4 firms)
WHOLE_UNITS = ("家", "个", "支", "项")


def whole_ticks(plot: go.Figure, values: list[float | None]) -> None:
    """Whole-number ticks for counts: a step of 1, 2 or 5 × 10ⁿ (never 2.5: counts read 0, 3, 5, 8
    otherwise), about five ticks over the values, and an axis from 0 (or the lowest value) up to
    the first tick above the highest value — a target among ``values`` sits inside the axis.

    Examples
    --------
    >>> p = go.Figure(); whole_ticks(p, [0.0, 3.0]); p.layout.yaxis.dtick, p.layout.yaxis.range
    (1, (0, 4))
    >>> p = go.Figure(); whole_ticks(p, [400.0, 560.0]); p.layout.yaxis.dtick
    50
    >>> p = go.Figure(); whole_ticks(p, [0.0, 12.0, 20.0]); p.layout.yaxis.dtick, p.layout.yaxis.range
    (5, (0, 25))
    """
    finite = [v for v in values if v is not None]
    span = (max(finite) - min(finite)) if finite else 1.0
    raw = max(1.0, span / 5)
    magnitude = 10 ** int(math.floor(math.log10(raw)))
    step = int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))
    low = min(finite, default=0.0)
    high = max(finite, default=1.0)
    bottom = 0 if low >= 0 else int(math.floor(low / step)) * step
    top = int(math.floor(high / step) + 1) * step  # the first tick above the highest value (a target)
    plot.update_yaxes(tick0=0, dtick=step, tickformat="d", range=[bottom, top])


def _layout(plot: go.Figure, *, unit: str, height: int = 380) -> None:
    percent = unit == "%"
    plot.update_layout(
        font={"family": FONT, "size": 14},
        height=height,
        margin={"l": 64, "r": 16, "t": 16, "b": 16},
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": {"size": 13}},
        plot_bgcolor="white",
        separators=".",
        hovermode="closest",
    )
    plot.update_yaxes(title={"text": unit}, tickformat=".1f" if percent else "~f",
                      ticksuffix="%" if percent else "", gridcolor="#e5e5e5", zeroline=True,
                      zerolinecolor="#bbbbbb", automargin=True)
    plot.update_xaxes(gridcolor="#f2f2f2", automargin=True)


def _category(row: dict) -> str:
    if row.get("reliability") in DOUBTFUL or row.get("flag"):
        return "doubtful"
    if row.get("release") == "derived":
        return "derived"
    if row.get("origin") == "analyst":
        return "analyst"
    return "final" if row.get("release") == "final" else "preliminary"


_CATEGORY_NAME = {"final": "最终数", "preliminary": "预计数", "analyst": "分析员月报", "doubtful": "存疑",
                  "derived": "推算"}


def _symbol(category: str, bound: str) -> str:
    if category == "doubtful":
        return "x"
    if category == "derived":
        return "square-open"
    base = "triangle-up" if bound == "lower" else "diamond" if bound == "approximate" else "circle"
    return base + ("-open" if category == "preliminary" or bound == "approximate" else "")


#: what a bound adds to a mark's name in the legend (the mark's symbol says it too: see :func:`_symbol`)
_BOUND_NAME = {"lower": "下限", "approximate": "约数"}


def mark_name(category: str, bound: str, series: str = "") -> str:
    """The legend entry of a mark, from the same codes that draw it (:func:`_symbol`): the series
    (德资企业 / 德资项目), the category (最终数 …) and the bound (下限 / 约数).

    Examples
    --------
    >>> mark_name("final", "lower", "德资企业"), mark_name("preliminary", "exact"), mark_name("final", "approximate")
    ('德资企业: 最终数(下限)', '预计数', '最终数(约数)')
    """
    name = _CATEGORY_NAME[category] + (f"({_BOUND_NAME[bound]})" if bound in _BOUND_NAME and category != "doubtful" else "")
    return f"{series}: {name}" if series else name


def _grade(row: dict) -> str:
    """A figure's release word and its source's reliability grade: ``最终数, 二手资料``."""
    grade = reliability_word(row.get("reliability"))
    return _CATEGORY_NAME[_category(row)] + (f", {grade}" if grade and _category(row) != "doubtful" else "")


def _figure_rows(rows: pl.DataFrame) -> list[dict]:
    if "flag" not in rows.columns:
        rows = rows.with_columns(flag=pl.lit(None, dtype=pl.String))
    if "origin" not in rows.columns:
        rows = rows.with_columns(origin=pl.lit("published"))
    return rows.to_dicts()


def _markers(plot: go.Figure, rows: list[dict], *, unit: str, x_of, series: str = "") -> list[str]:
    """One trace per kind of mark — category and bound, within a series — so that each legend entry
    says what its marks are (最终数(下限), 德资项目: 最终数); returns notes for the marks used."""
    used: list[str] = []
    for cat in ("final", "preliminary", "analyst", "derived", "doubtful"):
        for bound in ("exact", "lower", "approximate"):
            part = [r for r in rows if _category(r) == cat and (r["bound"] or "exact") == bound]
            if part:
                _mark_trace(plot, part, cat, bound, unit=unit, x_of=x_of, series=series)
                used.append(cat)
    bounds = {r["bound"] for r in rows}
    notes = []
    if "final" in used or "preliminary" in used:
        notes.append("实心圆点为最终数(统计公报等), 空心圆点为预计数(政府工作报告等)。")
    if "analyst" in used:
        notes.append("橙色圆点为分析员月报中的数据。")
    if "lower" in bounds:
        notes.append("向上的三角为下限(“超”“突破”“以上”): 实际数不低于此数。")
    if "approximate" in bounds:
        notes.append("空心菱形为约数(“近”): 实际数约为此数、不高于此数。")
    if "doubtful" in used:
        notes.append("灰色叉号为存疑数: 来源可靠性低或与其他数据矛盾, 不作为判断依据。")
    if "derived" in used:
        notes.append("紫色空心方块为推算数: 由公开数按公式推算, 公式见附录。")
    return notes


def _mark_trace(plot: go.Figure, part: list[dict], cat: str, bound: str, *, unit: str, x_of, series: str) -> None:
    colour = COLOURS["analyst" if cat == "analyst" else cat]
    plot.add_trace(go.Scatter(
        x=[x_of(r) for r in part], y=[r["value"] for r in part], mode="markers", name=mark_name(cat, bound, series),
        marker={"symbol": [_symbol(cat, bound) for _ in part], "size": 11, "color": colour,
                "line": {"width": 2, "color": colour}},
        text=[f"{fmt_period(r['year'], r['month'], r['period_type'], r['period'])}: "
              f"{fmt_figure(r['value'], unit, r['bound'])}, {mark_name(cat, bound, series)}" for r in part],
        hovertemplate="%{text}<extra></extra>",
    ))


def _table(rows: list[dict], *, target: dict | None = None) -> pl.DataFrame:
    out = [{"period": fmt_period(r["year"], r["month"], r["period_type"], r["period"]),
            "value": fmt_figure(r["value"], "", r["bound"]),
            "kind": mark_name(_category(r), r["bound"] or "exact"), "reliability": reliability_word(r.get("reliability")),
            "figure_id": r["figure_id"]} for r in rows]
    if target is not None:
        out.append({"period": f"{target['year']}年", "value": fmt_target(
            target["value"], target.get("value_high"), "", target["qualifier"]), "kind": "目标",
            "reliability": "政府工作报告", "figure_id": f"目标:{target['id']}"})
    return pl.DataFrame(out, schema=dict.fromkeys(TABLE_COLUMNS, pl.String))


def _sources(rows: list[dict]) -> pl.DataFrame:
    cols = ["figure_id", "source_title", "source_url", "reliability", "release"]
    return pl.DataFrame([{c: r.get(c) for c in cols} for r in rows],
                        schema={c: pl.String for c in cols})


def history_chart(figures: pl.DataFrame, indicator: str, measure: str, *, title: str, name: str,
                  unit: str | None = None, target: dict | None = None) -> Chart | None:
    """Annual history of one indicator with the target; ``None`` with fewer than two figures.

    The line joins exact, non-doubtful figures (the final one where a year has both); every figure
    is a mark (see the module); a year with no figure is a gap, never bridged.

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> from taicang_analysis.sources.targets import load_targets
    >>> t = load_targets(2023).filter(pl.col("id") == "gdp_growth").row(0, named=True)
    >>> c = history_chart(load_figures(), "gdp", "growth_pct", title="地区生产总值增速", name="g", target=t)
    >>> c.plot.data[0].name, c.plot.data[0].y[4]   # 2018: the final 6.8, not the preliminary 7.0
    ('历年数据', 6.8)
    >>> c.plot.data[0].y[1:4]   # 2015-2017 hold no figure: gaps, not zeros
    (None, None, None)
    """
    rows = figures.filter(pl.col("indicator") == indicator, pl.col("measure") == measure,
                          pl.col("period_type") == "year", pl.col("release") != "target",
                          pl.col("value").is_not_null())
    if "region" in rows.columns:
        rows = rows.filter(pl.col("region") == "太仓市")
    if unit is None:
        unit = rows["unit"].mode().sort().first() if rows.height else (target or {}).get("unit", "")
    rows = rows.filter(pl.col("unit") == unit).sort("year")
    if rows.height < 2:
        return None
    records = _figure_rows(rows)
    solid = [r for r in records if r["bound"] == "exact" and _category(r) not in ("doubtful", "derived")]
    line = {}
    for r in sorted(solid, key=lambda r: (r["year"], 0 if r["release"] == "final" else 1), reverse=True):
        line[r["year"]] = r["value"]  # the final figure of a year wins (written last)
    years = [r["year"] for r in records] + ([int(target["year"])] if target else [])
    axis = list(range(min(years), max(years) + 1))
    plot = go.Figure()
    joined = any(y in line and y + 1 in line for y in axis)  # a legend entry only for a line that is drawn
    plot.add_trace(go.Scatter(x=axis, y=[line.get(y) for y in axis], mode="lines", name="历年数据",
                              line={"color": COLOURS["line"], "width": 2}, connectgaps=False, hoverinfo="skip",
                              showlegend=joined))
    notes = _markers(plot, records, unit=unit, x_of=lambda r: r["year"])
    if target is not None and target.get("value") is not None:
        notes += _target_marks(plot, target, x=int(target["year"]), width=0.4)
    _layout(plot, unit=unit)
    if unit in WHOLE_UNITS:
        whole_ticks(plot, [r["value"] for r in records] + ([float(target["value"])] if target else []))
    plot.update_xaxes(tickmode="linear", dtick=1 if len(axis) <= 6 else 2, tickangle=0,
                      range=[axis[0] - 0.6, axis[-1] + 0.6])
    # the latest year's figure: the final one where the year has both (as the line), whatever the row order
    latest = max(records, key=lambda r: (r["year"], r["release"] == "final", _category(r) != "doubtful"))
    trend = ""
    ys = sorted(line)
    if len(ys) >= 2 and ys[-1] - ys[-2] == 1:  # a trend only between consecutive years
        a, b = line[ys[-2]], line[ys[-1]]
        trend = f"{ys[-1]}年比{ys[-2]}年{'上升' if b > a else '下降' if b < a else '持平'}。"
    goal = (f"{target['year']}年目标为{fmt_target(target['value'], target.get('value_high'), target['unit'], target['qualifier'])}。"
            if target else "")
    description = (f"{title}: {len(records)}个数据, 覆盖{records[0]['year']}年至{latest['year']}年, 空缺年份不连线。"
                   f"最新为{latest['year']}年{fmt_figure(latest['value'], unit, latest['bound'])}"
                   f"({_grade(latest)})。{trend}{goal}")
    return Chart(name=name, title=title, plot=plot, table=_table(records, target=target), unit=unit,
                 sources=_sources(records), description=description, notes=notes)


def _target_marks(plot: go.Figure, target: dict, *, x, width: float) -> list[str]:
    tv, th = float(target["value"]), target.get("value_high")
    label = fmt_target(tv, th, target["unit"], target["qualifier"])
    notes = []
    band = None
    if target["qualifier"] == "about" and target["unit"] == "%":
        band = (tv - ABOUT_TOLERANCE_PP, tv + ABOUT_TOLERANCE_PP)
        notes.append(f"红色区间为“左右”的判定范围: 目标±{fmt_number(ABOUT_TOLERANCE_PP, '')}个百分点。")
    elif th is not None:
        band = (tv, float(th))
        notes.append("红色区间为目标区间, 达到下限即完成。")
    if band is not None and isinstance(x, int | float):
        plot.add_shape(type="rect", x0=x - width, x1=x + width, y0=band[0], y1=band[1],
                       fillcolor="rgba(207,34,46,0.15)", line={"width": 0})
    plot.add_trace(go.Scatter(
        x=[x], y=[tv], mode="markers", name=f"目标 {label}",
        marker={"symbol": "star", "size": 16, "color": COLOURS["target"]},
        hovertemplate=f"目标: {label}<extra></extra>",
    ))
    return notes


def ytd_chart(figures: pl.DataFrame, indicator: str, measure: str, *, year: int, title: str, name: str,
              unit: str | None = None) -> Chart | None:
    """The target year's path by month (cumulative), with last year's same months as reference;
    ``None`` when the target year has no in-year figure.

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> c = ytd_chart(load_figures(), "fai", "level", year=2021, title="固定资产投资(年内累计)", name="f")
    >>> c.plot.data[0].name, c.plot.data[0].y[8]
    ('2021年', 395.3)
    >>> ytd_chart(load_figures(), "fai", "level", year=2023, title="t", name="f") is None
    True
    """
    rows = preferred_figures(figures.filter(
        pl.col("indicator") == indicator, pl.col("measure") == measure,
        pl.col("period_type").is_in(["ytd", "year"]), pl.col("month").is_not_null(),
        pl.col("year").is_in([year - 1, year])))
    rows = rows.filter(pl.col("region") == "太仓市")
    if unit is None:
        unit = rows["unit"].mode().sort().first() if rows.height else ""
    rows = rows.filter(pl.col("unit") == unit)
    this = rows.filter(pl.col("year") == year, pl.col("period_type") == "ytd")
    if this.is_empty():
        return None
    plot = go.Figure()
    records: list[dict] = []
    notes: list[str] = []
    for y, colour, dash in ((year, COLOURS["final"], "solid"), (year - 1, COLOURS["reference"], "dot")):
        part = rows.filter(pl.col("year") == y).sort("month")
        if part.is_empty():
            continue
        recs = _figure_rows(part)
        by_month = {r["month"]: r for r in recs}
        months = list(range(1, MONTHS_PER_YEAR + 1))
        # the line joins trusted figures; a doubtful or derived month is a mark of its own kind
        plot.add_trace(go.Scatter(
            x=months, y=[by_month[m]["value"] if m in by_month and _category(by_month[m]) not in ("doubtful", "derived")
                         else None for m in months],
            mode="lines+markers", connectgaps=False,
            name=f"{y}年" if y == year else f"{y}年(参照)", line={"color": colour, "dash": dash},
            marker={"size": 9, "color": colour},
            text=[fmt_period(y, m, "ytd") for m in months],
            hovertemplate="%{text}: %{y}" + unit + "<extra></extra>",
        ))
        odd = [r for r in recs if _category(r) in ("doubtful", "derived")]
        if odd:
            before = len(plot.data)
            notes += [n for n in _markers(plot, odd, unit=unit, x_of=lambda r: r["month"]) if n not in notes]
            label = f"{y}年" if y == year else f"{y}年(参照)"
            for trace in plot.data[before:]:
                trace.name = f"{label}·{trace.name}"
        records += recs
    _layout(plot, unit=unit)
    if unit in WHOLE_UNITS:
        whole_ticks(plot, [r["value"] for r in records])
    plot.update_xaxes(tickmode="array", tickvals=list(range(1, 13)),
                      ticktext=[f"{m}月" for m in range(1, 13)], range=[0.5, 12.5], title={"text": "截至月份"})
    last = this.sort("month")[-1].row(0, named=True)
    description = (f"{title}: {year}年已有{this.height}个月份的累计数, 最新为{fmt_period(year, last['month'], 'ytd')}"
                   f"{fmt_number(last['value'], unit)}。虚线为上年同期, 供参照。")
    return Chart(name=name, title=title, plot=plot, table=_table(records), unit=unit, sources=_sources(records),
                 description=description, notes=notes)


def cumulative_chart(figures: pl.DataFrame, indicators: Sequence[str], *, title: str, name: str,
                     names: dict[str, str]) -> Chart | None:
    """Running totals by date (e.g. German enterprises); bounds drawn as bounds; series with
    different units (家, 个) kept apart.

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> c = cumulative_chart(load_figures(), ["german_firms"], title="德资企业累计数", name="g",
    ...                      names={"german_firms": "德资企业"})
    >>> sorted({n for n in (t.name for t in c.plot.data)})[:2]
    ['德资企业(家)', '最终数']
    """
    rows = figures.filter(pl.col("indicator").is_in(list(indicators)), pl.col("measure") == "count_total",
                          pl.col("release") != "target", pl.col("region") == "太仓市").with_columns(
        date=pl.when(pl.col("period").str.len_chars() == 10).then(pl.col("period"))
        .when(pl.col("period").str.len_chars() == 7).then(pl.col("period") + "-15")
        .otherwise(pl.col("period").str.slice(0, 4) + "-07-01")).sort("date")
    if rows.height < 2:
        return None
    plot = go.Figure()
    notes: list[str] = []
    records: list[dict] = []
    units = []
    for ind in indicators:
        part = rows.filter(pl.col("indicator") == ind)
        if part.is_empty():
            continue
        unit = part["unit"][0]
        units.append(unit)
        recs = _figure_rows(part)
        plot.add_trace(go.Scatter(x=[r["date"] for r in recs], y=[r["value"] for r in recs], mode="lines",
                                  name=f"{names.get(ind, ind)}({unit})", line={"dash": "dot", "width": 1,
                                                                               "color": COLOURS["line"]},
                                  hoverinfo="skip"))
        series = names.get(ind, ind) if len(indicators) > 1 else ""
        notes += [n for n in _markers(plot, recs, unit=unit, x_of=lambda r: r["date"], series=series) if n not in notes]
        records += recs
    _layout(plot, unit="、".join(dict.fromkeys(units)))
    whole_ticks(plot, [r["value"] for r in records])
    plot.update_xaxes(type="date", tickformat="%Y年")
    last = max(records, key=lambda r: r["date"])  # the latest date, whichever series it belongs to
    when = fmt_period(last["year"], last["month"], last["period_type"], last["period"])
    description = (f"{title}: {len(records)}个时点的公开累计数, 最新为{when}"
                   f"{fmt_figure(last['value'], last['unit'], last['bound'])}。多数为下限或约数, 不能相减得出新增数。")
    unit_col = "、".join(dict.fromkeys(units))
    return Chart(name=name, title=title, plot=plot, table=_table(records), unit=unit_col, sources=_sources(records),
                 description=description, notes=notes)


def scenario_plot(values: Sequence[float | None], *, unit: str, target_value: float | None, target_label: str,
                  start_index: int, colour: str) -> go.Figure:
    """The scenario's plot: the projected year-end value as one mark against the target line.

    The mark moves with the slider (the report's ``<input type=range>`` restyles it; Lab redraws).

    Examples
    --------
    >>> p = scenario_plot([4.0, 5.0], unit="%", target_value=5.0, target_label="5%左右", start_index=1,
    ...                   colour="#1a7f37")
    >>> p.data[0].y, p.layout.yaxis.range[0] < 4.0
    ((5.0,), True)
    """
    plot = go.Figure()
    v = values[start_index]
    plot.add_trace(go.Scatter(x=["预计全年"], y=[v], mode="markers+text", name="预计全年",
                              marker={"size": 22, "symbol": "diamond", "color": colour},
                              text=[fmt_number(v, unit)], textposition="middle right",
                              hovertemplate="%{text}<extra></extra>"))
    if target_value is not None:
        plot.add_trace(go.Scatter(x=["预计全年"], y=[target_value], mode="markers", name=f"目标 {target_label}",
                                  marker={"symbol": "line-ew", "size": 60, "line": {"width": 3,
                                                                                   "color": COLOURS["target"]}},
                                  hovertemplate=f"目标 {target_label}<extra></extra>"))
    finite = [x for x in values if x is not None] + ([target_value] if target_value is not None else [])
    _layout(plot, unit=unit, height=300)
    if unit in WHOLE_UNITS:
        whole_ticks(plot, finite)
    if unit == "%":  # a narrow range must not show one tick label twice (5.1%, 5.1%)
        plot.update_yaxes(tickformat=".2~f")
    if finite:
        span = max(finite) - min(finite) or abs(max(finite)) or 1.0
        plot.update_yaxes(range=[min(finite) - 0.1 * span, max(finite) + 0.1 * span])
    plot.update_layout(legend={"y": -0.08})
    return plot


def measure_word(measure: str) -> str:
    """The Chinese word for a figure's measure (总量, 增速 …)."""
    return zh("measure", measure, measure)

"""Plotly chart builders: history with the target, preliminary vs final, bounds, gaps, sources.

Every chart carries a source line under the plot, Chinese labels and units, and number formats
with thousands separators (no "140k" ticks). Builders return ``go.Figure``; display is
:func:`taicang_analysis.notebook.display.show`.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from taicang_analysis.assess import preferred_figures
from taicang_analysis.notebook.formats import (
    BOUND_ZH,
    FIGURE_STATUS_ZH,
    fmt_number,
    fmt_target,
    short_title,
)

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
COLOURS = {"final": "#1f4e79", "preliminary": "#6fa8dc", "analyst": "#b45f06", "target": "#cf222e"}
#: ± band drawn for "about" (左右) growth targets, percentage points (status uses the same rule)
ABOUT_TOLERANCE_PP = 0.5

def source_line(rows: pl.DataFrame, *, limit: int = 3) -> str:
    """The "来源:" line under a chart, from the figures it draws.

    Examples
    --------
    >>> rows = pl.DataFrame({"source_title": ["2022年太仓市国民经济和社会发展统计公报 (mirror)"],
    ...                      "origin": ["published"]})
    >>> source_line(rows)
    '来源: 2022年太仓市国民经济和社会发展统计公报。完整出处见报告附录。'
    """
    titles: list[str] = []
    for t in rows["source_title"].to_list():
        s = short_title(t or "")
        if s and s not in titles:
            titles.append(s)
    if not titles:
        return "来源: 暂无公开数据。"
    more = f"等{len(titles)}个来源" if len(titles) > limit else ""
    return f"来源: {'; '.join(titles[:limit])}{more}。完整出处见报告附录。"


def wrap(text: str, width: int = 90) -> str:
    """Break a long source line for a chart (``<br>`` every ``width`` characters).

    Examples
    --------
    >>> wrap("来源" * 3, width=4)
    '来源来源<br>来源'
    """
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width))


def _base_layout(fig: go.Figure, *, title: str, unit: str, source: str, height: int = 420,
                 bottom: int = 130) -> None:
    percent = unit == "%"
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 70, "r": 20, "t": 60, "b": bottom},
        legend={"orientation": "h", "y": -0.16, "x": 0},
        plot_bgcolor="white",
        separators=".,",
        hovermode="closest",
    )
    fig.update_yaxes(
        title={"text": "%" if percent else unit},
        tickformat=".1f" if percent else ",~f",
        ticksuffix="%" if percent else "",
        gridcolor="#e5e5e5",
        zeroline=True,
        zerolinecolor="#bbbbbb",
    )
    fig.update_xaxes(gridcolor="#f2f2f2")
    fig.add_annotation(
        text=wrap(source), xref="paper", yref="paper", x=0, y=0, yshift=-(bottom - 34),
        showarrow=False, xanchor="left", yanchor="top", align="left",
        font={"size": 11, "color": "#555555"}, name="source",
    )


def history_chart(
    figures: pl.DataFrame,
    indicator: str,
    measure: str,
    *,
    title: str,
    unit: str | None = None,
    target: dict | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> go.Figure:
    """Annual history of one indicator with the target.

    Final figures are filled circles, preliminary (work-report) figures open circles, the
    analyst's figures orange; lower bounds ("over 500") are up-triangles labelled 以上; a year with
    no figure is a gap in the line, never bridged. The target is a red star at its year, with a
    band for "about" (左右, ±0.5 pp) or for a range (3~5).

    Parameters
    ----------
    figures
        Output of :func:`taicang_analysis.load_figures` (all rows; preferences applied here).
    indicator, measure
        Which series, e.g. ``"gdp", "growth_pct"``.
    title
        Chart title (Chinese).
    unit
        Unit to draw (default: the most common unit of the series).
    target
        A row of :func:`taicang_analysis.load_targets` as a dict.
    first_year, last_year
        Range of the x axis (default: the data, extended to the target's year).

    Examples
    --------
    >>> from taicang_analysis import load_figures, load_targets
    >>> t = load_targets(2023).filter(pl.col("id") == "gdp_growth").row(0, named=True)
    >>> fig = history_chart(load_figures(), "gdp", "growth_pct", title="GDP增长", target=t)
    >>> [tr.name for tr in fig.data]
    ['公布值', '最终数', '预计数(初步)', '目标 5%左右']
    >>> fig.data[0].y[:6]   # 2014, then 2015-2017 missing: gaps, not zeros
    (8.6, None, None, None, 7.0, 6.0)
    """
    rows = figures.filter(
        pl.col("indicator") == indicator, pl.col("measure") == measure,
        pl.col("period_type") == "year", pl.col("status") != "target",
    )
    if unit is None:
        unit = rows["unit"].mode().sort().first() if rows.height else (target or {}).get("unit", "")
    rows = rows.filter(pl.col("unit") == unit)
    best = preferred_figures(rows)
    years = rows["year"].to_list()
    if target is not None:
        years.append(int(target["year"]))
    lo = first_year or (min(years) if years else 2014)
    hi = last_year or (max(years) if years else 2023)
    axis = list(range(lo, hi + 1))
    # the line joins exact figures only: a bound ("over 1000") is a marker, not a point to join
    exact = best.filter(pl.col("bound") == "exact")
    by_year = dict(zip(exact["year"].to_list(), exact["value"].to_list(), strict=True))
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=axis, y=[by_year.get(y) for y in axis], mode="lines", name="公布值",
        line={"color": "#9fb7cc", "width": 2}, connectgaps=False, hoverinfo="skip",
    ))
    for status in ("final", "preliminary"):
        for origin in ("published", "analyst"):
            part = rows.filter(pl.col("status") == status, pl.col("origin") == origin)
            if part.is_empty():
                continue
            name = FIGURE_STATUS_ZH[status] if origin == "published" else "分析员月报"
            colour = COLOURS["analyst"] if origin == "analyst" else COLOURS[status]
            symbols = [
                ("triangle-up" if b == "lower" else "diamond" if b == "approximate" else "circle")
                + ("" if status == "final" else "-open")
                for b in part["bound"].to_list()
            ]
            labels = [
                f"{y}年: {BOUND_ZH['approximate'] if b == 'approximate' else ''}"
                f"{fmt_number(v, unit)}{BOUND_ZH[b] if b == 'lower' else ''}"
                f"<br>{FIGURE_STATUS_ZH[status]}<br>{short_title(s)}"
                for y, v, b, s in part.select("year", "value", "bound", "source_title").iter_rows()
            ]
            fig.add_trace(go.Scatter(
                x=part["year"].to_list(), y=part["value"].to_list(), mode="markers", name=name,
                marker={"symbol": symbols, "size": 10, "color": colour,
                        "line": {"width": 2, "color": colour}},
                text=labels, hovertemplate="%{text}<extra></extra>",
            ))
    sources = rows
    if target is not None and target.get("value") is not None:
        ty, tv, th = int(target["year"]), float(target["value"]), target.get("value_high")
        label = fmt_target(tv, th, target["unit"], target["qualifier"])
        if target["qualifier"] == "about" and target["unit"] == "%":
            lo_b, hi_b = tv - ABOUT_TOLERANCE_PP, tv + ABOUT_TOLERANCE_PP
        elif th is not None:
            lo_b, hi_b = tv, float(th)
        else:
            lo_b = hi_b = None
        if lo_b is not None:
            fig.add_shape(type="rect", x0=ty - 0.4, x1=ty + 0.4, y0=lo_b, y1=hi_b,
                          fillcolor="rgba(207,34,46,0.15)", line={"width": 0})
        fig.add_trace(go.Scatter(
            x=[ty], y=[tv], mode="markers+text", name=f"目标 {label}",
            marker={"symbol": "star", "size": 16, "color": COLOURS["target"]},
            text=[f"目标 {label}"], textposition="top center",
            hovertemplate=f"{ty}年目标: {label}<extra></extra>",
        ))
        sources = pl.concat([
            rows.select("source_title"),
            pl.DataFrame({"source_title": [target.get("source_title", "")]}),
        ])
    _base_layout(fig, title=title, unit=unit, source=source_line(sources))
    fig.update_xaxes(tickmode="linear", dtick=1, ticksuffix="年", range=[lo - 0.6, hi + 0.6])
    return fig


def cumulative_count_chart(
    figures: pl.DataFrame,
    indicators: Sequence[str],
    *,
    title: str,
    names: dict[str, str] | None = None,
) -> go.Figure:
    """Cumulative counts by date (e.g. German enterprises), lower bounds drawn as bounds.

    Exact counts are filled circles; "over N" is an up-triangle with a dotted arrow upward;
    "almost N" an open diamond. Series with different units (家 vs 个) are separate traces.

    Examples
    --------
    >>> from taicang_analysis import load_figures
    >>> fig = cumulative_count_chart(load_figures(), ["german_firms"], title="德资企业累计数")
    >>> sorted({s for tr in fig.data if tr.marker.symbol is not None
    ...         for s in ([tr.marker.symbol] if isinstance(tr.marker.symbol, str)
    ...                   else tr.marker.symbol)})
    ['circle', 'diamond-open', 'triangle-up']
    """
    names = names or {}
    rows = figures.filter(
        pl.col("indicator").is_in(list(indicators)), pl.col("measure") == "count_total"
    ).with_columns(
        date=pl.when(pl.col("period").str.len_chars() == 10).then(pl.col("period"))
        .when(pl.col("period").str.len_chars() == 7).then(pl.col("period") + "-15")
        .otherwise(pl.col("period") + "-07-01")
    ).sort("date")
    fig = go.Figure()
    for ind in indicators:
        part = rows.filter(pl.col("indicator") == ind)
        if part.is_empty():
            continue
        unit = part["unit"][0]
        symbols = ["triangle-up" if b == "lower" else "diamond-open" if b == "approximate"
                   else "circle" for b in part["bound"].to_list()]
        labels = [
            f"{p}: {BOUND_ZH['approximate'] if b == 'approximate' else ''}{fmt_number(v, unit)}"
            f"{BOUND_ZH[b] if b == 'lower' else ''}<br>{short_title(s)}"
            for p, v, b, s in part.select("period", "value", "bound", "source_title").iter_rows()
        ]
        fig.add_trace(go.Scatter(
            x=part["date"].to_list(), y=part["value"].to_list(), mode="lines+markers",
            name=names.get(ind, ind) + f"({unit})", line={"dash": "dot", "width": 1},
            marker={"symbol": symbols, "size": 11}, text=labels,
            hovertemplate="%{text}<extra></extra>",
        ))
        for d, v, b in part.select("date", "value", "bound").iter_rows():
            if b == "lower":
                fig.add_annotation(x=d, y=v, ax=0, ay=-28, showarrow=True, arrowhead=2,
                                   arrowcolor="#888888", text="")
    _base_layout(fig, title=title, unit=rows["unit"][0] if rows.height else "家",
                 source=source_line(rows))
    fig.update_xaxes(type="date", tickformat="%Y年")
    return fig


def scenario_chart(
    table: pl.DataFrame,
    texts: Sequence[str],
    *,
    title: str,
    unit: str,
    target_value: float | None,
    target_label: str,
    start_index: int,
    assumption_label: str,
    note: str,
) -> go.Figure:
    """A kernel-free scenario: a Plotly slider over precomputed assumptions.

    Each slider step moves the projected year-end marker and rewrites the sentence under the
    title, so the exported report answers "what if" without Python. ``table`` comes from
    :func:`taicang_analysis.assess.scenario_table`; ``texts`` from
    :func:`taicang_analysis.assess.describe`, one per row.

    Examples
    --------
    >>> tab = pl.DataFrame({"assumption": [4.0, 5.0], "year_end_value": [None, None],
    ...                     "year_end_growth": [4.0, 5.0], "status": ["off_track", "met"]})
    >>> fig = scenario_chart(tab, ["a", "b"], title="t", unit="%", target_value=5.0,
    ...                      target_label="5%左右", start_index=1, assumption_label="增速",
    ...                      note="n")
    >>> [s.label for s in fig.layout.sliders[0].steps], fig.data[0].y
    (['4%', '5%'], (5.0,))
    """
    growth_mode = unit == "%"
    column = "year_end_growth" if growth_mode else "year_end_value"
    values = table[column].to_list()
    statuses = table["status"].to_list()
    from taicang_analysis.notebook.formats import STATUS_COLOUR

    def marker(i: int) -> dict:
        return {"size": 22, "symbol": "diamond", "color": STATUS_COLOUR.get(statuses[i], "#888")}

    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=["预计全年"], y=[values[start_index]], mode="markers+text", name="预计全年",
        marker=marker(start_index), text=[fmt_number(values[start_index], unit)],
        textposition="middle right", hovertemplate="%{text}<extra></extra>",
    ))
    if target_value is not None:
        fig.add_hline(y=target_value, line={"color": COLOURS["target"], "dash": "dash"},
                      annotation_text=f"目标 {target_label}", annotation_position="top left")
    finite = [v for v in values if v is not None] + ([target_value] if target_value else [])
    if finite:
        span = max(finite) - min(finite) or abs(max(finite)) or 1.0
        fig.update_yaxes(range=[min(finite) - 0.15 * span, max(finite) + 0.15 * span])
    steps = []
    for i, a in enumerate(table["assumption"].to_list()):
        steps.append({
            "label": fmt_number(a, "%" if growth_mode or unit == "" else "", decimals=1),
            "method": "update",
            "args": [
                {"y": [[values[i]]], "text": [[fmt_number(values[i], unit)]],
                 "marker": [marker(i)]},
                {"title.text": f"{title}<br><sup>{texts[i]}</sup>"},
            ],
        })
    if len(steps) > 1:  # a complete year has nothing left to vary: no slider
        fig.update_layout(sliders=[{
            "active": start_index, "steps": steps, "pad": {"t": 40},
            "currentvalue": {"prefix": f"{assumption_label}: "},
        }])
    _base_layout(fig, title=f"{title}<br><sup>{texts[start_index]}</sup>", unit=unit,
                 source=f"来源: {note} 测算: 本报告按附录公式计算。", height=520, bottom=200)
    fig.update_layout(showlegend=False)
    return fig


def ytd_chart(
    figures: pl.DataFrame,
    indicator: str,
    measure: str,
    *,
    title: str,
    unit: str | None = None,
) -> go.Figure:
    """Year-to-date figures by month, one line per year; a month without a figure is a gap.

    Examples
    --------
    >>> from taicang_analysis import load_figures
    >>> fig = ytd_chart(load_figures(), "port_teu", "level", title="港口吞吐量(年内累计)")
    >>> [tr.name for tr in fig.data][:2]
    ['2016年', '2017年']
    """
    rows = preferred_figures(figures.filter(
        pl.col("indicator") == indicator, pl.col("measure") == measure,
        pl.col("period_type").is_in(["ytd", "year"]), pl.col("month").is_not_null(),
    ))
    if unit is None:
        unit = rows["unit"].mode().sort().first() if rows.height else ""
    rows = rows.filter(pl.col("unit") == unit)
    fig = go.Figure()
    for (year,), part in rows.sort("year", "month").group_by("year", maintain_order=True):
        by_month = dict(zip(part["month"].to_list(), part["value"].to_list(), strict=True))
        fig.add_trace(go.Scatter(
            x=list(range(1, 13)), y=[by_month.get(m) for m in range(1, 13)], mode="lines+markers",
            name=f"{year}年", connectgaps=False,
            hovertemplate=f"{year}年1-%{{x}}月: %{{y:,.2f}}{unit}<extra></extra>",
        ))
    _base_layout(fig, title=title, unit=unit, source=source_line(rows))
    fig.update_xaxes(tickmode="array", tickvals=list(range(1, 13)),
                     ticktext=[f"1-{m}月" for m in range(1, 13)], range=[0.5, 12.5])
    return fig

"""Ready-made pieces for the notebooks: a target's heading, charts, the scorecard, empty states
and the sources appendix. Each is one call in a notebook; the same call serves Lab and report.
All text that comes from data is escaped before it becomes HTML.
"""

from __future__ import annotations

import polars as pl

from taicang_analysis.assess import scorecard
from taicang_analysis.context import current
from taicang_analysis.notebook.charts import cumulative_count_chart, history_chart, ytd_chart
from taicang_analysis.notebook.display import show, show_html
from taicang_analysis.notebook.formats import (
    BOUND_ZH,
    FIGURE_STATUS_ZH,
    STATUS_COLOUR,
    esc,
    fmt_number,
    fmt_target,
)
from taicang_analysis.sources.figures import load_figures
from taicang_analysis.sources.targets import load_targets

MEASURE_ZH = {"level": "总量", "growth_pct": "增速", "count_new": "新增数", "count_total": "累计数"}


def _year(year: int | None) -> int:
    return current(year=year).year


def target_row(target_id: str, year: int | None = None) -> dict:
    """The registry row of one target, as a dict.

    Examples
    --------
    >>> target_row("port_teu")["value"]
    900.0
    """
    t = load_targets(_year(year)).filter(pl.col("id") == target_id)
    if t.is_empty():
        raise KeyError(f"no target {target_id!r} in the {_year(year)} registry")
    return t.row(0, named=True)


def status_badge(status: str, text: str) -> str:
    """A coloured status label (HTML)."""
    return (f"<span class='status' style='background:{STATUS_COLOUR.get(status, '#888')};"
            f"color:white;padding:1px 8px;border-radius:10px'>{esc(text)}</span>")


def scorecard_html(year: int | None = None) -> str:
    """The scorecard table: target, latest figure and date, attainment, status, source.

    Examples
    --------
    >>> "突破900万标箱" in scorecard_html(2023)
    True
    """
    sc = scorecard(_year(year))
    rows = []
    for r in sc.iter_rows(named=True):
        att = "—" if r["attainment"] is None else f"{r['attainment']:.1f}%"
        rows.append(
            f"<tr><td>{esc(r['indicator_zh'])}</td><td>{esc(r['target'])}</td>"
            f"<td>{esc(r['latest'] or '暂无公开数据')}</td><td class='num'>{esc(att)}</td>"
            f"<td>{status_badge(r['status'], r['status_zh'])}</td>"
            f"<td class='note'>{esc(r['source'])}</td></tr>"
        )
    counts = sc.group_by("status_zh").len().sort("len", descending=True)
    summary = ", ".join(f"{esc(s)} {n}项" for s, n in counts.iter_rows())
    return (
        f"<p>共{sc.height}项数值目标: {summary}。状态只依据目标年度({_year(year)}年)的数据判断; "
        "没有当年数据的目标标为“无数据”, 表中给出此前最新的公开数仅供参考。</p>"
        "<table class='scorecard'><thead><tr><th>指标</th><th>目标</th><th>最新数据(时期)</th>"
        "<th>完成率</th><th>状态</th><th>来源</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )


def show_scorecard(year: int | None = None) -> pl.DataFrame:
    """Show the scorecard and return it as a DataFrame (for checks in the notebook)."""
    show_html(scorecard_html(year))
    return scorecard(_year(year))


def show_target(target_id: str, year: int | None = None) -> dict:
    """Show a target as the report words it, with its phrase and qualifier, and return it."""
    t = target_row(target_id, year)
    goal = fmt_target(t["value"], t["value_high"], t["unit"], t["qualifier"])
    strive = " (力争)" if t["strive"] and t["qualifier"] != "strive" else ""
    show_html(
        f"<p><b>{t['year']}年目标: {esc(t['indicator_zh'])} "
        f"{'增长' if t['kind'] == 'growth_rate' else ''}{esc(goal)}{esc(strive)}</b><br>"
        f"<span class='note'>政府工作报告原文: “{esc(t['phrase'])}” ({esc(t['section'])})</span></p>"
    )
    return t


def show_history(indicator: str, measure: str, *, title: str, target_id: str | None = None,
                 name: str, unit: str | None = None) -> None:
    """Chart the annual history of an indicator with (optionally) a target."""
    target = target_row(target_id) if target_id else None
    fig = history_chart(load_figures(), indicator, measure, title=title, target=target, unit=unit)
    show(fig, name)


def show_ytd(indicator: str, measure: str, *, title: str, name: str, unit: str | None = None) -> None:
    """Chart year-to-date figures by month, a line per year (the analyst's monthly files)."""
    show(ytd_chart(load_figures(), indicator, measure, title=title, unit=unit), name)


def show_cumulative(indicators: list[str], *, title: str, names: dict[str, str], name: str) -> None:
    """Chart cumulative counts by date (German enterprises), lower bounds as bounds."""
    show(cumulative_count_chart(load_figures(), indicators, title=title, names=names), name)


def has_figures(indicator: str) -> bool:
    """Whether any figure (published or the analyst's) exists for an indicator.

    Examples
    --------
    >>> has_figures("foreign_investment"), has_figures("gdp")
    (False, True)
    """
    figures = load_figures()
    return figures.filter(pl.col("indicator") == indicator, pl.col("status") != "target").height > 0


def show_empty_state(indicator: str, name_zh: str, unit: str) -> None:
    """Tell the analyst which file to add, and how, when an indicator has no figures."""
    show_html(
        f"<div class='panel-text'><b>{esc(name_zh)}: 暂无数据。</b> 公开资料中没有找到可核实的数字, "
        "图表暂不绘制(不估算、不补数)。<br>添加方法: 把统计局月报按 <code>data/templates/"
        "monthly_template.csv</code> 的格式保存到 <code>data/monthly/</code> (CSV 或 XLSX), "
        f"其中一行的指标名称写“{esc(name_zh)}”, 单位写“{esc(unit)}”, 每月两列: "
        "“YYYY-MM 累计值”和“YYYY-MM 累计增长%”; 同名加 <code>.source.txt</code> 写明 issuer / "
        "report / date。重新运行本笔记本即可。</div>"
    )


def figures_table(indicator: str, *, measures: tuple[str, ...] | None = None) -> str:
    """All figures of an indicator with status, bound and source (HTML)."""
    f = load_figures().filter(pl.col("indicator") == indicator, pl.col("status") != "target")
    if measures:
        f = f.filter(pl.col("measure").is_in(list(measures)))
    rows = []
    for r in f.sort("year", "month", nulls_last=True).iter_rows(named=True):
        value = fmt_number(r["value"], r["unit"])
        if r["bound"] == "lower":
            value += BOUND_ZH["lower"]
        elif r["bound"] == "approximate":
            value = BOUND_ZH["approximate"] + value
        rows.append(
            f"<tr><td>{esc(r['period'])}</td><td>{esc(MEASURE_ZH.get(r['measure'], r['measure']))}</td>"
            f"<td class='num'>{esc(value)}</td><td>{esc(FIGURE_STATUS_ZH.get(r['status'], ''))}</td>"
            f"<td class='note'>{esc(r['source_title'])}</td></tr>"
        )
    return ("<table><thead><tr><th>时期</th><th>口径</th><th>数值</th><th>性质</th><th>来源</th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def show_figures(indicator: str, *, measures: tuple[str, ...] | None = None) -> None:
    """Show the figures table of an indicator."""
    show_html(figures_table(indicator, measures=measures))



def sources_html() -> str:
    """The sources appendix: every figure with its source title, link and the exact quote.

    Examples
    --------
    >>> "1653.57" in sources_html()
    True
    """
    f = load_figures().sort("indicator", "year", "month", nulls_last=True)
    rows = []
    for r in f.iter_rows(named=True):
        url = r["source_url"] or ""
        link = (f"<a href='{esc(url)}' rel='noreferrer noopener'>{esc(url)}</a>"
                if url.startswith("http") else esc(url))
        value = "—" if r["value"] is None else fmt_number(r["value"], r["unit"], decimals=2)
        rows.append(
            f"<tr><td>{esc(r['indicator_zh'])}</td><td>{esc(r['period'])}</td>"
            f"<td>{esc(MEASURE_ZH.get(r['measure'], r['measure']))}</td>"
            f"<td class='num'>{esc(value)}</td>"
            f"<td>{esc(FIGURE_STATUS_ZH.get(r['status'], r['status']))}"
            f"{esc(BOUND_ZH.get(r['bound'], ''))}</td>"
            f"<td>{esc(r['source_title'])}<br>{link}<br><span class='note'>“{esc(r['quote'])}”"
            "</span></td></tr>"
        )
    return ("<table class='sources'><thead><tr><th>指标</th><th>时期</th><th>口径</th><th>数值</th>"
            "<th>性质</th><th>来源与原文</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def show_sources() -> None:
    """Show the sources appendix."""
    show_html(sources_html())

"""Show a chart or a piece of HTML — in JupyterLab, or in the report — from the same notebook call.

In Lab a chart is drawn by Plotly's own renderer under its title and source line. While the report
builder executes the notebooks (the run's ``report``), a chart
goes out as an HTML ``<figure>``: title, the plot (an empty div and the figure as JSON beside it,
drawn by the page's script when it nears the screen, or before printing; plotly.js is embedded once
per page by the builder), a one-paragraph description, the marks explained, the
source line with numbered notes that link to the appendix, and a collapsible 数据表 with exactly the
plotted numbers and a CSV download (a ``data:`` link: the numbers travel inside the single file).
Plotly's mode bar is off: no control can reach an outside host.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl
from IPython.display import HTML, display

from taicang_analysis.notebook.charts import Chart, table_labelled
from taicang_analysis.notebook.formats import clip, esc, source_label, status_colour
from taicang_analysis.run import Citations

if TYPE_CHECKING:
    from taicang_analysis.run import Run

#: no mode bar (its "Share" button talks to Plotly's cloud), no logo, no link, no server
PLOT_CONFIG = {"displayModeBar": False, "displaylogo": False, "showSendToCloud": False,
               "plotlyServerURL": "", "responsive": True, "scrollZoom": False, "doubleClick": "reset"}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"

#: a what-if's badge: a neutral style, never a status colour (status colours belong to the scorecard)
WHATIF_COLOUR = "#24292f"
WHATIF_STYLE = f"background:#fff;color:{WHATIF_COLOUR};border:1px solid #57606a;padding:1px 8px;border-radius:10px"


def whatif_badge(text: str) -> str:
    """A what-if's (or a scenario box's) badge: neutral style, its words only.

    Examples
    --------
    >>> html = whatif_badge("若5.3%则可完成")
    >>> html.startswith("<span class='badge whatif' style='background:#fff;color:#24292f;"), html.endswith(">若5.3%则可完成</span>")
    (True, True)
    """
    return f"<span class='badge whatif' style='{WHATIF_STYLE}'>{esc(text)}</span>"


def badge(status: str | None, text: str) -> str:
    """A status badge: its colour and its words (never colour alone); white text, contrast ≥ 4.5:1.

    Examples
    --------
    >>> print(badge("at_risk", "有风险"))
    <span class='badge' style='background:#8a5a00;color:#fff;padding:1px 8px;border-radius:10px'>有风险</span>
    """
    return (f"<span class='badge' style='background:{status_colour(status)};color:#fff;padding:1px 8px;"
            f"border-radius:10px'>{esc(text)}</span>")


def note_mark(number: int) -> str:
    """①…㊿, then [51] and on.

    Examples
    --------
    >>> note_mark(1), note_mark(51)
    ('①', '[51]')
    """
    return CIRCLED[number - 1] if 1 <= number <= len(CIRCLED) else f"[{number}]"


def source_line_html(sources: pl.DataFrame, *, citations: Citations | None = None, limit: int = 4) -> str:
    """The source line under a chart: short Chinese titles with note numbers (from the run's
    ``citations``; a register of its own when none is given) linking to the appendix."""
    cite = Citations() if citations is None else citations
    titles = [t for t in dict.fromkeys(sources["source_title"].to_list()) if t]
    if not titles:
        return "<p class='source'>来源: 本报告数据中尚无。</p>"
    parts = []
    for t in titles[:limit]:
        n = cite(t)
        label = clip(source_label(t) or "网上资料", 60)
        parts.append(f"<a href='#src-{n}' class='cite'>{note_mark(n)}</a>{esc(label)}")
    more = f"等{len(titles)}个来源" if len(titles) > limit else ""
    for t in titles[limit:]:
        cite(t)
    return f"<p class='source'>来源: {'; '.join(parts)}{more}。完整出处见附录。</p>"


def table_html(table: pl.DataFrame, *, caption: str, css: str = "data") -> str:
    """A table with a caption and column headers scoped for screen readers. Text is escaped."""
    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(
            (f"<th scope='row'>{esc(v)}</th>" if i == 0 else f"<td>{esc('' if v is None else v)}</td>")
            for i, v in enumerate(row)) + "</tr>"
        for row in table.iter_rows())
    return (f"<div class='table-wrap'><table class='{css}'><caption>{esc(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


#: the first characters that make Excel (or LibreOffice) read a cell as a formula (OWASP CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_safe(value: object) -> object:
    """A CSV cell that Excel cannot run: text beginning with ``= + - @`` (or a tab, a carriage
    return, their full-width forms) gets a leading ``'``; numbers — ``-1.3`` too — stay as they are.

    Examples
    --------
    >>> csv_safe("=1+2"), csv_safe("-1.3"), csv_safe(-1.3), csv_safe("@SUM(A1)"), csv_safe("公报")
    ("'=1+2", '-1.3', -1.3, "'@SUM(A1)", '公报')
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value.replace(",", ""))
        return value
    except ValueError:
        return "'" + value


def chart_csv(chart: Chart) -> str:
    """The chart's numbers as CSV: its table plus the source's title and address (UTF-8, BOM added on write).

    Examples
    --------
    >>> from taicang_analysis.notebook.charts import Chart
    >>> c = Chart("n", "t", go.Figure(), pl.DataFrame({"period": ["2022年"], "value": ["2.2"], "figure_id": ["b1-r005"]}),
    ...           pl.DataFrame({"figure_id": ["b1-r005"], "source_title": ["公报"], "source_url": ["http://x"]}), "d",
    ...           unit="%")
    >>> chart_csv(c).splitlines()[0]
    '时期,数值(%),数据编号,来源,网址'
    """
    src = {r["figure_id"]: r for r in chart.sources.iter_rows(named=True)} if chart.sources.height else {}
    table = table_labelled(chart.table, chart.unit)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_safe(c) for c in (*table.columns, "来源", "网址")])
    for row, coded in zip(table.iter_rows(named=True), chart.table.iter_rows(named=True), strict=True):
        s = src.get(coded.get("figure_id") or "", {})
        cells = [*row.values(), source_label(s.get("source_title")) or s.get("source_title") or "",
                 s.get("source_url") or ""]
        writer.writerow([csv_safe(c) for c in cells])  # a sidecar's text may begin with =
    return out.getvalue()


def plot_div(plot: go.Figure, div_id: str, *, height: int) -> str:
    """The report's plot: an empty ``div`` of the screen height and the figure (data, layout, the
    mode-bar-free config) as JSON in a ``<script type="application/json">`` beside it. The page draws
    it when it nears the screen (and every plot before printing or exporting), so the first screen
    is drawn before any chart work; without scripts the page still reads. ``<``, ``>`` and ``&`` are
    written as JSON escapes, so no text in a figure can close the script.

    Examples
    --------
    >>> html = plot_div(go.Figure(go.Bar(x=[1], y=[2], name="</script>")), "chart-x", height=300)
    >>> html.count("</script>"), 'data-for="chart-x"' in html, "height:300px" in html
    (1, True, True)
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", div_id):
        raise ValueError(f"plot id {div_id!r}: use letters, digits, '-' and '_' only")
    import plotly.io as pio

    spec = json.loads(pio.to_json(plot, validate=False))
    spec["config"] = dict(PLOT_CONFIG)
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<div class="plotly-graph-div" id="{div_id}" style="height:{height}px;width:100%"></div>'
            f'<script type="application/json" class="plot-spec" data-for="{div_id}">{text}</script>')


def chart_html(chart: Chart, *, citations: Citations | None = None) -> str:
    """The chart as the report's HTML ``<figure>`` (see the module).

    Examples
    --------
    >>> c = Chart("demo", "示例", go.Figure(go.Bar(x=[1], y=[2])), pl.DataFrame({"period": ["2022年"]}),
    ...           pl.DataFrame(schema={"figure_id": pl.String, "source_title": pl.String, "source_url": pl.String}),
    ...           "一个示例。")
    >>> html = chart_html(c)
    >>> 'id="chart-demo"' in html, "cdn.plot.ly" in html, "displayModeBar" in html, "数据表" in html
    (True, False, True, True)
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", chart.name):
        raise ValueError(f"chart name {chart.name!r}: use letters, digits, '-' and '_' only")
    div = plot_div(chart.plot, f"chart-{chart.name}", height=int(chart.plot.layout.height or 380))
    data = base64.b64encode(("\ufeff" + chart_csv(chart)).encode("utf-8")).decode("ascii")
    notes = "".join(f"<li>{esc(n)}</li>" for n in chart.notes)
    return (
        f"<figure class='chart' id='fig-{chart.name}' aria-labelledby='title-{chart.name}'>"
        f"<figcaption class='chart-title' id='title-{chart.name}'>{esc(chart.title)}</figcaption>"
        f"<div class='plot' role='img' aria-label='{esc(chart.title)}' aria-describedby='desc-{chart.name}'>"
        f"{div}</div>"
        f"<p class='chart-desc' id='desc-{chart.name}'>{esc(chart.description)}</p>"
        + (f"<ul class='chart-notes'>{notes}</ul>" if notes else "")
        + source_line_html(chart.sources, citations=citations)
        + f"<details class='data-table'><summary>数据表: {esc(chart.title)}</summary>"
        + table_html(table_labelled(chart.table, chart.unit), caption=f"{chart.title}(图中数字)")
        + f"<a class='download' download='{chart.name}.csv' href='data:text/csv;charset=utf-8;base64,{data}'>"
          "下载数据(CSV)</a></details></figure>"
    )


def show(chart: Chart | None, *, empty: str | None = None, run: Run | None = None) -> None:
    """Show a chart in Lab or in the report; ``None`` shows ``empty`` (a sentence) instead.

    In the report (``run.report``) the chart's JSON (for the PNG) and its CSV are also written to
    the run's assets folder; without a run, or in Lab, the chart is drawn by Plotly.
    """
    if chart is None:
        if empty:
            show_html(f"<p class='empty'>{esc(empty)}</p>")
        return
    if run is None or not run.report:
        show_html(f"<p class='chart-title'><b>{esc(chart.title)}</b></p>")
        chart.plot.show(config=dict(PLOT_CONFIG))
        line = source_line_html(chart.sources, citations=None if run is None else run.citations)
        show_html(line + "".join(f"<p class='note'>{esc(n)}</p>" for n in chart.notes))
        return
    fragment = chart_html(chart, citations=run.citations)  # checks the name before any file is written
    write_assets(run.assets_dir, chart.name, chart.plot, title=chart.title, csv_text=chart_csv(chart))
    show_html(fragment)


def write_assets(folder: Path | None, name: str, plot: go.Figure, *, title: str, csv_text: str) -> None:
    """In the report, a chart's JSON (drawn as a 2× PNG for slides, title inside) and its CSV (UTF-8
    with BOM) go to the run's assets ``folder``; without a folder nothing is written."""
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    plot = go.Figure(plot)
    plot.update_layout(title={"text": title, "x": 0.01, "font": {"size": 22}}, margin={"t": 80},
                       font={"size": 18})
    # written whole, then renamed: the PNG renderer watching the folder never reads half a file
    (folder / f"{name}.json.part").write_text(plot.to_json(), encoding="utf-8")
    os.replace(folder / f"{name}.json.part", folder / f"{name}.json")
    (folder / f"{name}.csv").write_text("\ufeff" + csv_text, encoding="utf-8")


def show_html(html: str) -> None:
    """Show an HTML fragment (tables, status text). Text from data must already be escaped."""
    display(HTML(html))

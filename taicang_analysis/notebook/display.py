"""Display in JupyterLab and in the exported report, from the same notebook call.

In Lab, charts use Plotly's own renderer. When the report builder executes a notebook it sets
``TAICANG_REPORT=1``: charts then go out as plain HTML that calls ``Plotly.newPlot`` on a div with a
stable id (plotly.js itself is embedded once per report by the builder, not once per chart), and
each chart's JSON and data (CSV) are written to ``TAICANG_ASSETS`` for the PNG/CSV export.
"""

from __future__ import annotations

import csv
import os
import re

import plotly.graph_objects as go
from IPython.display import HTML, display

from taicang_analysis.context import current

PLOT_CONFIG = {"displaylogo": False, "responsive": True,
               "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart_html(fig: go.Figure, name: str) -> str:
    """The chart as an HTML fragment with a stable div id and no plotly.js (the page has it).

    Examples
    --------
    >>> html = chart_html(go.Figure(go.Bar(x=[1], y=[2])), "demo")
    >>> 'id="chart-demo"' in html, "cdn.plot.ly" in html
    (True, False)
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ValueError(f"chart name {name!r}: use letters, digits, '-' and '_' only")
    return fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                       div_id=f"chart-{name}", config=PLOT_CONFIG,
                       default_height=f"{fig.layout.height or 420}px")


def chart_rows(fig: go.Figure) -> list[dict[str, object]]:
    """The data a chart draws, trace by trace, for the CSV beside the report.

    Examples
    --------
    >>> chart_rows(go.Figure(go.Scatter(x=[2022], y=[1.5], name="增长")))
    [{'series': '增长', 'x': 2022, 'y': 1.5}]
    """
    rows: list[dict[str, object]] = []
    for trace in fig.data:
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None or ys is None:
            continue
        for x, y in zip(xs, ys, strict=False):
            rows.append({"series": trace.name or "", "x": x, "y": y})
    return rows


def show(fig: go.Figure, name: str) -> None:
    """Show a chart: Plotly's renderer in Lab; a static, self-contained fragment in the report.

    Parameters
    ----------
    fig
        The figure.
    name
        Stable name (file names of the PNG/CSV export and the div id), e.g. ``"gdp-history"``.
    """
    ctx = current()
    if not ctx.report:
        fig.show(config=PLOT_CONFIG)
        return
    fragment = chart_html(fig, name)  # checks the name before any file is written
    if ctx.assets_dir is not None:
        folder = ctx.assets_dir
        folder.mkdir(parents=True, exist_ok=True)
        # written whole, then renamed: the PNG renderer watching the folder never reads half a file
        (folder / f"{name}.json.part").write_text(fig.to_json(), encoding="utf-8")
        os.replace(folder / f"{name}.json.part", folder / f"{name}.json")
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(handle, fieldnames=["series", "x", "y"])
            writer.writeheader()
            writer.writerows(chart_rows(fig))
    display(HTML(fragment))


def show_html(html: str) -> None:
    """Show an HTML fragment (tables, status text). Text from data must already be escaped."""
    display(HTML(html))

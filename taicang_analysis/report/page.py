"""The report page around the exported notebooks: head, title block, table of contents, styles,
the script of the scenario sliders, and plotly.js embedded once. Nothing on the page can reach an
outside host: no link to a font, a script or a stylesheet, and no Plotly mode bar.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import plotly

from taicang_analysis.notebook.formats import esc

VENDORED_PLOTLY = "4.1.1"
#: records when the first chart is drawn (ms since navigation), read by the browser test/benchmark
FIRST_CHART_PROBE = (
    "new MutationObserver(function(m, o) { if (document.querySelector('.plotly-graph-div .main-svg'))"
    " { window.taicangFirstChartMs = performance.now(); o.disconnect(); } })"
    ".observe(document.documentElement, {childList: true, subtree: true});"
)
TITLE = "太仓市{year}年政府工作报告主要目标进展"


def plotly_bundle() -> Path:
    """plotly.js to embed: the vendored basic bundle (1.2 MB: scatter, bar, pie and all layout
    components) when plotly.py draws for the same plotly.js version, else plotly.py's full one.

    Examples
    --------
    >>> plotly_bundle().name
    'plotly-basic-4.1.1.min.js'
    """
    from plotly.offline import get_plotlyjs_version

    if get_plotlyjs_version() == VENDORED_PLOTLY:
        return Path(str(resources.files("taicang_analysis.report").joinpath(
            f"vendor/plotly-basic-{VENDORED_PLOTLY}.min.js")))
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _asset(name: str) -> str:
    return resources.files("taicang_analysis.report").joinpath(f"templates/{name}").read_text("utf-8")


_H2 = re.compile(r"<h2[^>]*?(?<![\w-])id=[\"']([^\"']+)[\"'][^>]*>(.*?)</h2>", re.S)


def table_of_contents(body: str) -> str:
    """A numbered table of contents from the page's section headings (``<h2 id=…>``).

    Examples
    --------
    >>> toc = table_of_contents("<h2 id='overview'>目标总览</h2><h2 class='x' id='t-gdp'>地区生产总值</h2>")
    >>> for item in toc.split("<li>")[1:]:
    ...     print(item)
    <a href='#overview'>目标总览</a></li>
    <a href='#t-gdp'>地区生产总值</a></li></ol></nav>
    """
    items = "".join(f"<li><a href='#{a}'>{re.sub(r'<[^>]+>', '', t)}</a></li>" for a, t in _H2.findall(body))
    return f"<nav class='toc' aria-label='目录'><h2 class='toc-title'>目录</h2><ol>{items}</ol></nav>"


def page(body: str, *, year: int, edition: str, vintage: str, changes: str = "") -> str:
    """The whole self-contained page: title block, what changed, the brief (the body's first
    section), the table of contents, then the rest of the body."""
    title = TITLE.format(year=year)
    # the brief is the body up to the first section after the overview
    heads = [m for m in _H2.finditer(body) if m[1] != "overview"]
    first_end = heads[0].start() if heads else len(body)
    brief, rest = body[:first_end], body[first_end:]
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{_asset('report.css')}</style>\n"
        f"<script>{FIRST_CHART_PROBE}</script>\n"
        f"<script>{plotly_bundle().read_text(encoding='utf-8')}</script>\n</head>\n<body>\n"
        "<a class='skip' href='#main'>跳到正文</a>\n"
        f"<header class='report' role='banner'><h1>{esc(title)}</h1>"
        f"<p>编印日期: {esc(edition)}</p><p>数据截至: {esc(vintage)}</p></header>\n"
        "<main id='main'>\n" + changes + brief + table_of_contents(body) + rest + "\n</main>\n"
        f"<footer class='report'>太仓市{year}年政府工作报告主要目标进展 · 编印日期 {esc(edition)}</footer>\n"
        f"<script>{_asset('report.js')}</script>\n</body>\n</html>\n"
    )

"""The report page around the exported notebooks, from the Jinja2 template ``templates/page.html.j2``
(autoescaped: every text put into it is escaped unless it is HTML built and escaped upstream): head,
title block, 本期变化, the brief, the table of contents, the sections, footer; the styles
(``report.css``), the script (``report.js``) and plotly.js embedded once, as text that the script
loads when the first chart nears the screen.

Nothing on the page can reach an outside host: no link to a font, a script or a stylesheet, and no
Plotly mode bar. The head carries the Chinese web's conventions (``renderer: webkit``,
``X-UA-Compatible: IE=edge``) so that 360 and QQ browsers open it with their Chromium core; where
charts cannot be drawn one line says they need the browser's 极速模式, and everything else reads.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

import plotly
from markupsafe import Markup

VENDORED_PLOTLY = "4.1.1"
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


@functools.cache
def templates():
    """The Jinja2 environment of the report's templates (autoescape on)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("taicang_analysis.report", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       keep_trailing_newline=True)


_H2 = re.compile(r"<h2[^>]*?(?<![\w-])id=[\"']([^\"']+)[\"'][^>]*>(.*?)</h2>", re.S)


def toc_entries(body: str) -> list[dict[str, str]]:
    """The table of contents from the page's section headings (``<h2 id=…>``): anchor and text.

    Examples
    --------
    >>> toc_entries("<h2 id='overview'>目标总览</h2><h2 class='x' id='t-gdp'>地区<b>生产</b>总值</h2>")
    [{'anchor': 'overview', 'text': '目标总览'}, {'anchor': 't-gdp', 'text': '地区生产总值'}]
    """
    import html

    return [{"anchor": html.unescape(a), "text": html.unescape(re.sub(r"<[^>]+>", "", t))} for a, t in _H2.findall(body)]


def split_brief(body: str) -> tuple[str, str]:
    """The body's brief (up to the first section after the overview) and the rest.

    Examples
    --------
    >>> split_brief("<h2 id='overview'>目标总览</h2><p>B</p><h2 class='target' id='t-x'>甲</h2><p>X</p>")
    ("<h2 id='overview'>目标总览</h2><p>B</p>", "<h2 class='target' id='t-x'>甲</h2><p>X</p>")
    """
    heads = [m for m in _H2.finditer(body) if m[1] != "overview"]
    first_end = heads[0].start() if heads else len(body)
    return body[:first_end], body[first_end:]


def page(body: str, *, year: int, edition: str, vintage: str, changes: str = "") -> str:
    """The whole self-contained page: title block, what changed, the brief (the body's first
    section), the table of contents, then the rest of the body. ``body`` and ``changes`` are HTML
    (escaped where they were built); ``edition`` and ``vintage`` are text."""
    brief, rest = split_brief(body)
    return templates().get_template("page.html.j2").render(
        title=TITLE.format(year=year), edition=edition, vintage=vintage,
        css=Markup(_asset("report.css")), script=Markup(_asset("report.js")),
        plotly=Markup(plotly_bundle().read_text(encoding="utf-8")),
        changes=Markup(changes), brief=Markup(brief), rest=Markup(rest),
        toc=toc_entries(body))

"""HTML fragments from templates that escape by default (Jinja2, autoescape on).

The templates live in ``notebook/templates/``; every value put into them is escaped unless it is
HTML built (and escaped) by another template or function, passed on as :class:`markupsafe.Markup`
(:func:`built`). Styles belong to the report's CSS file, not to the templates.

Examples
--------
>>> html = render("table.html.j2", css="data", caption="<标题>", columns=["时期"], rows=[["<x>"], [None]])
>>> html[html.index("<caption>"):html.index("</caption>") + 10]
'<caption>&lt;标题&gt;</caption>'
>>> html[html.index("<tbody>"):html.index("</tbody>") + 8]
"<tbody><tr><th scope='row'>&lt;x&gt;</th></tr><tr><th scope='row'></th></tr></tbody>"
"""

from __future__ import annotations

import functools

from markupsafe import Markup

__all__ = ["built", "render"]


@functools.cache
def _templates():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("taicang_analysis.notebook", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined)


def render(template: str, /, **context: object) -> str:
    """The ``template`` filled with ``context`` (escaped, except :func:`built` HTML)."""
    return str(_templates().get_template(template).render(**context))


def built(html: str) -> Markup:
    """HTML already built and escaped by a template or an ``esc`` call: put in as it is."""
    return Markup(html)

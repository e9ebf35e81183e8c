"""The editable brief ``brief.docx``: what the 办公室 edits before a brief goes up, as Word/WPS
documents circulate in government offices.

It holds the title block and 本期变化, the summary, the scorecard as a real Word table with the
status words in the scorecard's order, the 数据缺口 list, and the PNGs of the targets that need
attention (有风险, 滞后, 未完成), each with its title and source line. It is built from the page's
own brief — the HTML that ``sections.overview()`` wrote from ``assess.scorecard()`` and the functions
of :mod:`taicang_analysis.notebook.tables` — so a change of the scorecard's order, words or lists
reaches the docx with no edit here.

Laid out for A4, with styles that name 黑体 for headings and 仿宋 for the body (``w:eastAsia``):
office machines have those fonts; LibreOffice on Debian substitutes Noto CJK.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from taicang_analysis.report.page import TITLE

HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
#: statuses whose charts go into the brief: the targets that need attention
ATTENTION = ("at_risk", "off_track")
_H2 = re.compile(r"<h2[^>]*?(?<![\w-])id=[\"']([^\"']+)[\"'][^>]*>", re.S)


def _fragment(html: str):
    import lxml.html

    return lxml.html.fragment_fromstring(html or "<div></div>", create_parent="div")


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def brief_parts(brief_html: str) -> dict:
    """The parts of the page's brief: ``summary`` (its sentences), ``columns`` and ``rows`` of the
    scorecard (each row: ``id`` from its link to the section, and the cells' text), and ``gaps``
    (the items of the 数据缺口 list: any list with the class ``gaps``; empty until the brief has one).

    Examples
    --------
    >>> from taicang_analysis.notebook.display import badge
    >>> parts = brief_parts("<p class='summary'>2项数值目标中: 已完成1项。</p><table class='scorecard'>"
    ...     "<thead><tr><th>指标</th><th>状态</th></tr></thead><tbody><tr><th><a href='#t-gdp_growth'>地区生产总值</a></th>"
    ...     f"<td>{badge('no_data', '无数据')}</td></tr></tbody></table><ul class='gaps'><li>甲</li></ul>")
    >>> parts["summary"], parts["columns"], parts["rows"], parts["gaps"]
    (['2项数值目标中: 已完成1项。'], ['指标', '状态'], [{'id': 'gdp_growth', 'cells': ['地区生产总值', '无数据']}], ['甲'])
    """
    root = _fragment(brief_html)
    summary = [_text(p) for p in root.xpath(".//p[contains(concat(' ', @class, ' '), ' summary ')]")]
    columns: list[str] = []
    rows: list[dict] = []
    for table in root.xpath(".//table[contains(concat(' ', @class, ' '), ' scorecard ')]")[:1]:
        columns = [_text(th) for th in table.xpath("./thead/tr/th")]
        for tr in table.xpath("./tbody/tr"):
            link = tr.xpath(".//a[starts-with(@href, '#t-')]/@href")
            rows.append({"id": link[0][3:] if link else "", "cells": [_text(c) for c in tr.xpath("./th|./td")]})
    gaps = [_text(li) for li in root.xpath(".//*[contains(concat(' ', @class, ' '), ' gaps ')]//li")]
    return {"summary": summary, "columns": columns, "rows": rows, "gaps": gaps}


def section_charts(body_html: str, target_id: str) -> list[dict]:
    """The charts of a target's section of the page, in order: ``name`` (its PNG's name), ``title``
    and ``source`` (the line under it).

    Examples
    --------
    >>> body = ("<h2 id='t-a'>甲</h2><figure class='chart'><figcaption>甲图</figcaption>"
    ...         "<div class='plotly-graph-div' id='chart-a-level'></div><p class='source'>来源: 公报。</p></figure>"
    ...         "<h2 id='t-b'>乙</h2><figure class='chart'><div class='plotly-graph-div' id='chart-b'></div></figure>")
    >>> section_charts(body, "a")
    [{'name': 'a-level', 'title': '甲图', 'source': '来源: 公报。'}]
    """
    heads = list(_H2.finditer(body_html))
    start = next((m for m in heads if m[1] == f"t-{target_id}"), None)
    if start is None:
        return []
    end = next((m.start() for m in heads if m.start() > start.start()), len(body_html))
    root = _fragment(body_html[start.start():end])
    out = []
    for div in root.xpath(".//div[contains(concat(' ', @class, ' '), ' plotly-graph-div ') and starts-with(@id, 'chart-')]"):
        holder = div.xpath("ancestor::figure[1] | ancestor::section[1]")
        holder = holder[-1] if holder else div
        title = holder.xpath(".//figcaption | .//h3")
        source = holder.xpath(".//p[contains(concat(' ', @class, ' '), ' source ')]")
        out.append({"name": div.get("id")[len("chart-"):], "title": _text(title[0]) if title else "",
                    "source": _text(source[0]) if source else ""})
    return out


def target_bookmark(target_id: str) -> str:
    """The Word bookmark name of a target's scorecard row: ``t_`` and the id, in the letters, digits
    and ``_`` Word allows, at most 40 characters.

    Examples
    --------
    >>> target_bookmark("gdp_growth"), target_bookmark("port-teu")
    ('t_gdp_growth', 't_port_teu')
    """
    return ("t_" + re.sub(r"[^A-Za-z0-9_]", "_", target_id))[:40]


def _bookmark(paragraph, number: int, name: str) -> None:
    from docx.oxml.ns import qn

    start = paragraph._p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): str(number), qn("w:name"): name})
    end = paragraph._p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): str(number)})
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _fonts(style, east_asia: str, *, size_pt: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = east_asia
    if size_pt:
        style.font.size = Pt(size_pt)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _document():
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(22), Mm(22)
    _fonts(doc.styles["Normal"], BODY_FONT, size_pt=12)
    _fonts(doc.styles["Title"], HEADING_FONT, size_pt=18, bold=False)
    for name, size in (("Heading 1", 15), ("Heading 2", 13)):
        _fonts(doc.styles[name], HEADING_FONT, size_pt=size, bold=False)
    _fonts(doc.styles["Caption"], BODY_FONT, size_pt=10)
    return doc


def write_brief(out: Path, *, brief_html: str, body_html: str, card: pl.DataFrame, year: int, edition: str,
                vintage: str, changes: Sequence[str] | None, charts: Path, edition_date: str | None = None) -> Path:
    """Write ``brief.docx`` (see the module). ``brief_html`` is the page's brief, ``body_html`` the
    page's sections (for the charts of the targets that need attention), ``card`` the scorecard frame
    (its ``status`` says which), ``changes`` the 本期变化 lines (None: the year's first edition),
    ``charts`` the folder of the PNGs (a chart without its PNG is named, not drawn)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm, Pt

    parts = brief_parts(brief_html)
    doc = _document()
    title = TITLE.format(year=year)
    doc.core_properties.title = title
    doc.core_properties.author = "太仓市政府工作报告目标进展分析"
    if edition_date:  # the same edition gives the same document properties
        stamp = dt.datetime.fromisoformat(edition_date)
        doc.core_properties.created = doc.core_properties.modified = stamp
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph(f"编印日期: {edition}")
    doc.add_paragraph(f"数据截至: {vintage}")

    doc.add_heading("本期变化", level=1)
    if changes is None:
        doc.add_paragraph("这是本年度的第一期报告, 没有可比较的上一期。")
    elif not changes:
        doc.add_paragraph("与上一期相比, 数据和判断没有变化。")
    for line in changes or []:
        doc.add_paragraph(line, style="List Bullet")

    doc.add_heading("目标总览", level=1)
    for sentence in parts["summary"]:
        doc.add_paragraph(sentence)
    if parts["rows"]:
        table = doc.add_table(rows=1, cols=len(parts["columns"]))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, name in zip(table.rows[0].cells, parts["columns"], strict=True):
            cell.text = name
            for run in cell.paragraphs[0].runs:
                run.bold = True
        sources = dict(zip(card["id"].to_list(), card["latest_title"].to_list(), strict=True)) \
            if "latest_title" in card.columns else {}
        for number, row in enumerate(parts["rows"], start=1):
            cells = table.add_row().cells
            for cell, text in zip(cells, row["cells"], strict=False):
                cell.text = text
            if row["id"]:  # the row's target, as a Word bookmark on its name (what the tests read back)
                _bookmark(cells[0].paragraphs[0], number, target_bookmark(row["id"]))
            if parts["columns"] and parts["columns"][-1] == "来源":  # the note number points to the web page's appendix
                from taicang_analysis.notebook.formats import source_label

                title_ = sources.get(row["id"])
                cells[-1].text = (source_label(title_) or title_ or "") if title_ else ""
        # widths by what a column holds (the latest figure is the longest text), on the A4 text width
        share = {"指标": 17, "目标": 12, "最新数据": 32, "进度": 12, "状态": 12, "来源": 15}
        weights = [share.get(name, 12) for name in parts["columns"]]
        text_width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
        table.autofit = False
        for column, weight in zip(table.columns, weights, strict=True):  # the grid LibreOffice and WPS read
            column.width = int(text_width * weight / sum(weights))
        for row in table.rows:
            for cell, weight in zip(row.cells, weights, strict=True):
                cell.width = int(text_width * weight / sum(weights))
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)

    if parts["gaps"]:
        doc.add_heading("数据缺口", level=1)
        for line in parts["gaps"]:
            doc.add_paragraph(line, style="List Bullet")

    attention = card.filter(pl.col("status").is_in(list(ATTENTION)))
    if attention.height:
        doc.add_heading("需要关注的目标", level=1)
        names = {r["id"]: r["cells"][0] for r in parts["rows"] if r["cells"]}
        for target_id in attention["id"].to_list():
            doc.add_heading(names.get(target_id, target_id), level=2)
            for chart in section_charts(body_html, target_id):
                png = charts / f"{chart['name']}.png"
                if png.exists():
                    doc.add_picture(str(png), width=Mm(150))
                else:
                    doc.add_paragraph(f"(图“{chart['title']}”见网页版和 PDF。)")
                doc.add_paragraph(" ".join(x for x in (chart["title"], chart["source"]) if x), style="Caption")
    doc.add_paragraph("本简报由报告程序生成, 可编辑; 图表的数据、来源原文和方法说明见同期网页版和 PDF 报告的附录。",
                      style="Caption")
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out

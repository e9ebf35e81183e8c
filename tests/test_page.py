"""The self-contained report page (taicang_analysis.report.page)."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl
import pytest

from taicang_analysis.notebook.charts import Chart
from taicang_analysis.notebook.display import chart_html
from taicang_analysis.report.editions import changes_html
from taicang_analysis.report.page import TITLE, page, plotly_bundle, toc_entries

BRIEF = "<section class='brief'><h2 id='overview'>目标总览</h2><p class='summary'>BRIEF-TEXT</p></section>"


def _chart_fragment() -> str:
    c = Chart("gdp-history", "地区生产总值增速", go.Figure(go.Scatter(x=[2022, 2023], y=[2.2, 5.0])),
              pl.DataFrame({"时期": ["2022年"], "数值(%)": ["2.2"], "数据编号": ["b1-r010"]}),
              pl.DataFrame({"figure_id": ["b1-r010"], "source_title": ["2022年太仓市国民经济和社会发展统计公报 (mirror)"],
                            "source_url": ["http://example.org/SYNTHETIC"]}), "SYNTHETIC 描述。")
    return chart_html(c)


BODY = (BRIEF + "<h2 id='t-gdp_growth' class='target'>地区生产总值: 增长5%左右</h2>" + _chart_fragment()
        + "<h2 id='t-port_teu' class='target'>太仓港<b>集装箱</b>吞吐量</h2><p>PORT</p>"
        + "<h2 id='appendix'>附录</h2><p>APPENDIX</p>")


@pytest.fixture(scope="module")
def bundle() -> str:
    return plotly_bundle().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(bundle) -> str:
    return page(BODY, year=2023, edition="2023年11月30日", vintage="2023年1-10月", changes=changes_html(None))


# --- table of contents -------------------------------------------------------------------------------------


def _toc(html: str) -> list[tuple[str, str]]:
    nav = re.search(r"<nav class='toc' aria-label='目录'>.*?</nav>", html, re.S).group(0)
    item = r"<li><a href='#([^']+)'><span class='toc-text'>(.*?)</span><span class='pg' aria-hidden='true'></span></a></li>"
    return re.findall(item, nav)


def test_table_of_contents_from_h2_ids(report):
    # one item per <h2 id=…> in order; tags inside a heading dropped from its text; an empty page-number
    # slot that the PDF export fills in
    assert _toc(report) == [
        ("overview", "目标总览"), ("t-gdp_growth", "地区生产总值: 增长5%左右"), ("t-port_teu", "太仓港集装箱吞吐量"),
        ("appendix", "附录")]


def test_table_of_contents_any_attribute_order_and_quotes():
    assert toc_entries("<h2 class='target' id='t-a'>甲</h2><h2 id=\"t-b\" class=\"x\">乙</h2>") == [
        {"anchor": "t-a", "text": "甲"}, {"anchor": "t-b", "text": "乙"}]


def test_table_of_contents_ignores_other_attributes_ending_in_id():
    assert [e["anchor"] for e in toc_entries("<h2 id='a'>甲</h2><h2 data-id='no'>丙</h2>")] == ["a"]


def test_table_of_contents_skips_headings_without_id():
    assert toc_entries("<h2>无编号</h2><h3 id='x'>小标题</h3><h2 id='a'>甲</h2>") == [{"anchor": "a", "text": "甲"}]
    assert toc_entries("") == []


def test_table_of_contents_escapes_heading_text():
    html = page(BRIEF + "<h2 id='t-a'>甲 &lt;b&gt; &amp; 乙</h2>", year=2023, edition="e", vintage="v")
    # the heading's text is unescaped once and escaped again by the template: no tag appears
    assert ("t-a", "甲 &lt;b&gt; &amp; 乙") in _toc(html)


# --- page ------------------------------------------------------------------------------------------------


def test_page_head(report):
    assert report.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in report
    # 360 and QQ browsers switch to their Chromium core; IE-based engines to their newest mode
    assert '<meta name="renderer" content="webkit">' in report
    assert '<meta http-equiv="X-UA-Compatible" content="IE=edge">' in report
    assert report.index('name="renderer"') < report.index("<title>")
    assert TITLE.format(year=2023) == "太仓市2023年政府工作报告主要目标进展"
    assert "<title>太仓市2023年政府工作报告主要目标进展</title>" in report
    assert report.endswith("</body>\n</html>\n")


def test_plotly_embedded_once(report, bundle):
    head = bundle[:200]
    assert head.lstrip().startswith("/**")
    assert report.count(head) == 1
    # the chart in the body brings no second copy and draws with the page's
    assert report.count("Plotly.newPlot") == 1
    assert plotly_bundle().name in ("plotly-basic-4.1.1.min.js", "plotly.min.js")
    assert plotly_bundle().is_file()


def test_nothing_reaches_an_outside_host(report, bundle):
    assert "<link" not in report
    assert not re.search(r"src\s*=\s*[\"']?https?:", report)
    assert '"displayModeBar":false' in report
    # outside plotly.js (whose config schema names a topojson CDN that only geo traces, absent from the
    # basic bundle, would use) nothing mentions a CDN, and no address appears outside the chart's table text
    page_only = report.replace(bundle, "").replace("http-equiv", "")
    assert "cdn" not in page_only.lower()
    assert "http" not in page_only


def test_title_block(report):
    header = re.search(r"<header class='report' role='banner'>.*?</header>", report).group(0)
    assert header == ("<header class='report' role='banner'><h1>太仓市2023年政府工作报告主要目标进展</h1>"
                      "<p>编印日期: 2023年11月30日</p><p>数据截至: 2023年1-10月</p></header>")
    assert "<a class='skip' href='#main'>跳到正文</a>" in report
    assert "<footer class='report'>太仓市2023年政府工作报告主要目标进展 · 编印日期 2023年11月30日</footer>" in report


def test_order_title_changes_brief_toc_sections(report):
    at = {name: report.index(marker) for name, marker in (
        ("header", "<header class='report'"), ("main", "<main id='main'>"), ("changes", "<h2 id='changes'>本期变化</h2>"),
        ("brief", "BRIEF-TEXT"), ("toc", "<nav class='toc'"), ("first", "<h2 id='t-gdp_growth'"),
        ("appendix", "APPENDIX"), ("script", "querySelectorAll(\"section.scenario[data-steps]\")"))}
    # title block, then 本期变化, then the brief, then the contents, then the targets
    assert list(sorted(at, key=at.get)) == ["header", "main", "changes", "brief", "toc", "first", "appendix", "script"]
    assert "这是本年度的第一期报告, 没有可比较的上一期。" in report


def test_body_without_target_sections(bundle):
    # no <h2 id='t-…>: the whole body is the brief, the contents after it
    html = page(BRIEF, year=2021, edition="2021年10月31日", vintage="2021年1-9月")
    assert html.index("BRIEF-TEXT") < html.index("<nav class='toc'")
    assert "<h1>太仓市2021年政府工作报告主要目标进展</h1>" in html
    assert "本期变化" not in html  # no block given, none shown


def test_brief_ends_at_the_first_target_heading_whatever_its_attribute_order(bundle):
    body = BRIEF + "<h2 class='target' id='t-x'>甲</h2><p>X</p>"
    html = page(body, year=2023, edition="e", vintage="v")
    assert html.index("BRIEF-TEXT") < html.index("<nav class='toc'") < html.index("<h2 class='target' id='t-x'>")


def test_page_escapes_title_block_text(bundle):
    html = page(BRIEF, year=2023, edition="<b>x</b>", vintage="a & b")
    assert "<p>编印日期: &lt;b&gt;x&lt;/b&gt;</p><p>数据截至: a &amp; b</p>" in html

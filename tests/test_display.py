"""Showing charts and HTML in Lab and in the report (taicang_analysis.notebook.display)."""

from __future__ import annotations

import base64
import csv
import importlib
import io
import json
import re

import plotly.graph_objects as go
import polars as pl
import pytest

from taicang_analysis.notebook.charts import Chart, history_chart
from taicang_analysis.notebook.formats import source_label
from taicang_analysis.run import Citations, open_run
from taicang_analysis.sources.targets import load_targets

display_mod = importlib.import_module("taicang_analysis.notebook.display")


@pytest.fixture
def cite() -> Citations:
    """A run's source numbering, fresh for each test."""
    return Citations()


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """The HTML passed to IPython's display, in order."""
    out: list[str] = []
    monkeypatch.setattr(display_mod, "display", lambda *objs, **kw: out.extend(o.data for o in objs))
    return out


@pytest.fixture(scope="module")
def figs() -> pl.DataFrame:
    return open_run().figures


@pytest.fixture(scope="module")
def port(figs) -> Chart:
    t = load_targets(2023).filter(pl.col("id") == "port_teu").row(0, named=True)
    return history_chart(figs, "port_teu", "level", title="太仓港集装箱吞吐量", name="port-teu", target=t)


def _csv_from_html(html: str) -> bytes:
    m = re.search(r"href='data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)'", html)
    assert m, "no CSV data link"
    return base64.b64decode(m.group(1))


# --- chart_html ---------------------------------------------------------------------------------------


def test_chart_html_structure(port):
    html = display_mod.chart_html(port)
    assert html.startswith("<figure class='chart' id='fig-port-teu'") and html.endswith("</figure>")
    assert html.count("<figure") == 1
    assert "<figcaption class='chart-title' id='title-port-teu'>太仓港集装箱吞吐量</figcaption>" in html
    assert "role='img'" in html
    assert "aria-label='太仓港集装箱吞吐量'" in html
    assert "aria-describedby='desc-port-teu'" in html
    assert f"<p class='chart-desc' id='desc-port-teu'>{port.description}</p>" in html
    # an empty div and its figure as JSON beside it, drawn by the page when it nears the screen
    assert 'id="chart-port-teu"' in html and '<script type="application/json" class="plot-spec" data-for="chart-port-teu">' in html
    # the notes (marks) are listed under the plot
    for note in port.notes:
        assert f"<li>{note}</li>" in html


def test_chart_html_no_mode_bar_no_outside_host(port):
    html = display_mod.chart_html(port)
    assert '"displayModeBar":false' in html
    assert '"displaylogo":false' in html
    assert "cdn" not in html.lower()
    # "http" only inside the data table's text — and this table names no address at all
    table = re.search(r"<table class='data'>.*?</table>", html, re.S).group(0)
    assert "http" not in html.replace(table, "")
    # no plotly.js in the fragment: the page embeds it once
    assert "plotly.js v" not in html and "<script src" not in html


def test_chart_html_data_table(port):
    html = display_mod.chart_html(port)
    details = re.search(r"<details class='data-table'>.*?</details>", html, re.S).group(0)
    assert "<summary>数据表: 太仓港集装箱吞吐量</summary>" in details
    assert "<caption>太仓港集装箱吞吐量(图中数字)</caption>" in details
    # one column header per table column, each scoped
    assert details.count("<th scope='col'>") == len(port.table.columns) == 5
    # the Chinese headers, put on the code-keyed table at the edge
    for col in ("时期", "数值(万标箱)", "性质", "来源可靠性", "数据编号"):
        assert f"<th scope='col'>{col}</th>" in details
    # one body row per table row, its first cell a row header
    assert details.count("<tr><th scope='row'>") == port.table.height
    assert "<td>1000以上</td><td>存疑</td>" in details


def test_chart_csv_download(port, figs):
    raw = _csv_from_html(display_mod.chart_html(port))
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Chinese headers right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["时期", "数值(万标箱)", "性质", "来源可靠性", "数据编号", "来源", "网址"]
    assert len(rows) == port.table.height + 1
    by_id = {r[4]: r for r in rows[1:]}
    # b1-r091: the doubtful 2024 port figure, with its source and address from data/figures.csv
    fig = figs.filter(pl.col("figure_id") == "b1-r091").row(0, named=True)
    assert by_id["b1-r091"][:4] == ["2024年", "1000以上", "存疑", "存疑"]
    assert by_id["b1-r091"][5] == source_label(fig["source_title"]) == "网络报道(2025年6月28日)"
    assert by_id["b1-r091"][6] == fig["source_url"]
    # every plotted figure's row has its address
    assert all(r[6].startswith("http") for r in rows[1:] if not r[4].startswith("目标:"))
    # the download link names the file after the chart
    assert "download='port-teu.csv'" in display_mod.chart_html(port)


def test_chart_csv_target_row_names_no_invented_source(port):
    rows = list(csv.reader(io.StringIO(display_mod.chart_csv(port))))
    (target,) = [r for r in rows if r[4] == "目标:port_teu"]
    assert target[5] != "网络报道"


def test_chart_csv_doctest_shape():
    c = Chart("n", "t", go.Figure(), pl.DataFrame({"period": ["2022年"], "value": ["2.2"], "figure_id": ["b1-r005"]}),
              pl.DataFrame({"figure_id": ["b1-r005"], "source_title": ["2022年太仓市国民经济和社会发展统计公报 (mirror)"],
                            "source_url": ["http://example.org/SYNTHETIC"]}), "d", unit="%")
    assert display_mod.chart_csv(c) == ("时期,数值(%),数据编号,来源,网址\n"
                                       "2022年,2.2,b1-r005,2022年太仓市国民经济和社会发展统计公报,http://example.org/SYNTHETIC\n")


@pytest.mark.parametrize("name", ["has space", "quote'", "a<b", "", "点"])
def test_chart_name_must_be_an_html_id(name, port):
    bad = Chart(name, port.title, port.plot, port.table, port.sources, port.description)
    with pytest.raises(ValueError, match="chart name"):
        display_mod.chart_html(bad)


def test_chart_html_escapes_text_from_data():
    c = Chart("x", "<b>标题</b>", go.Figure(), pl.DataFrame({"时期": ["<script>"]}),
              pl.DataFrame(schema={"figure_id": pl.String, "source_title": pl.String, "source_url": pl.String}),
              "描述 & <i>")
    html = display_mod.chart_html(c)
    # the only <script> is the plot's own; the cell text is escaped
    assert html.count("<script") == 1
    assert "<th scope='row'>&lt;script&gt;</th>" in html
    assert "&lt;b&gt;标题&lt;/b&gt;" in html and "描述 &amp; &lt;i&gt;" in html and "&lt;script&gt;" in html
    assert "来源: 本报告数据中尚无。" in html


# --- show(): Lab and report ---------------------------------------------------------------------------


def _run(*, report: bool, assets):
    """The shipped data's run, as the report builder (report=True, a chart folder) or Lab opens it."""
    return open_run(report=report, assets=assets)


def test_show_in_report_mode_writes_json_and_csv(port, shown, tmp_path):
    assets = tmp_path / "assets"
    display_mod.show(port, run=_run(report=True, assets=assets))
    assert sorted(p.name for p in assets.iterdir()) == ["port-teu.csv", "port-teu.json"]
    raw = (assets / "port-teu.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == display_mod.chart_csv(port)
    plot = json.loads((assets / "port-teu.json").read_text(encoding="utf-8"))
    # the PNG carries its title inside the image
    assert plot["layout"]["title"]["text"] == "太仓港集装箱吞吐量"
    assert len(plot["data"]) == len(port.plot.data)
    # the chart itself is not changed by writing the PNG's version
    assert port.plot.layout.title.text is None
    # and the page gets the <figure>
    assert shown == [display_mod.chart_html(port)]


def test_show_in_report_mode_without_assets_folder(port, shown, tmp_path):
    display_mod.show(port, run=_run(report=True, assets=None))
    assert len(shown) == 1 and shown[0].startswith("<figure")


def test_show_bad_name_writes_nothing(port, shown, tmp_path):
    bad = Chart("bad name", port.title, port.plot, port.table, port.sources, port.description)
    with pytest.raises(ValueError):
        display_mod.show(bad, run=_run(report=True, assets=tmp_path / "assets"))
    assert not (tmp_path / "assets").exists()
    assert shown == []


def test_show_in_lab(port, shown, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **kw: calls.append(kw))
    display_mod.show(port, run=_run(report=False, assets=tmp_path / "assets"))
    # Plotly's own renderer with the same no-mode-bar config, title and source line as HTML around it
    assert calls == [{"config": display_mod.PLOT_CONFIG}]
    assert shown[0] == "<p class='chart-title'><b>太仓港集装箱吞吐量</b></p>"
    assert shown[1].startswith("<p class='source'>来源: ")
    # nothing written in Lab
    assert not (tmp_path / "assets").exists()


def test_show_none(shown):
    display_mod.show(None, empty="暂无2023年的月度数据<。")
    display_mod.show(None)
    assert shown == ["<p class='empty'>暂无2023年的月度数据&lt;。</p>"]


def test_plot_config_reaches_no_outside_host():
    cfg = display_mod.PLOT_CONFIG
    assert (cfg["displayModeBar"], cfg["displaylogo"], cfg["showSendToCloud"]) == (False, False, False)
    assert not cfg.get("plotlyServerURL")


def test_chart_html_leaves_the_plot_config_alone(port, monkeypatch):
    # as the module defines it (an earlier call in this session may already have changed it)
    monkeypatch.setattr(display_mod, "PLOT_CONFIG", {
        "displayModeBar": False, "displaylogo": False, "showSendToCloud": False, "plotlyServerURL": "",
        "responsive": True, "scrollZoom": False, "doubleClick": "reset"})
    before = dict(display_mod.PLOT_CONFIG)
    display_mod.chart_html(port)
    assert display_mod.PLOT_CONFIG == before


# --- source numbering -----------------------------------------------------------------------------------


def test_cite_numbers_are_stable(cite):
    assert cite("甲公报") == 1
    assert cite("乙报道") == 2
    assert cite("甲公报") == 1  # the same title keeps its number
    assert cite("丙") == 3
    got = cite.numbers()
    assert got == {"甲公报": 1, "乙报道": 2, "丙": 3}
    got["丁"] = 9  # a copy: changing it changes nothing
    assert cite("丁") == 4
    # another run numbers on its own: no register is shared through the module
    assert Citations()("丙") == 1 and not hasattr(display_mod, "_CITED")


def test_note_mark():
    assert [display_mod.note_mark(n) for n in (1, 2, 10, 50, 51, 0)] == ["①", "②", "⑩", "㊿", "[51]", "[0]"]
    assert len(display_mod.CIRCLED) == 50


def test_source_line_numbers_and_limit(cite):
    titles = [f"测试来源{i} (SYNTHETIC, 2023-0{i}-01)" for i in range(1, 7)]
    sources = pl.DataFrame({"figure_id": [f"f{i}" for i in range(6)], "source_title": titles,
                            "source_url": ["https://example.org"] * 6})
    line = display_mod.source_line_html(sources, citations=cite)
    # four shown with links to the appendix, then 等6个来源; all six are numbered in order
    assert line.count("<a href='#src-") == 4
    # the label: the title before its remark, the remark's date in Chinese
    assert "<a href='#src-1' class='cite'>①</a>测试来源1(2023年1月1日); " in line
    assert "等6个来源" in line and line.endswith("。完整出处见附录。</p>")
    assert cite.numbers() == {t: i for i, t in enumerate(titles, start=1)}
    # the same sources again: the same numbers
    assert display_mod.source_line_html(sources, citations=cite) == line


def test_source_line_without_sources():
    empty = pl.DataFrame({"figure_id": ["f"], "source_title": [None]}, schema={"figure_id": pl.String,
                                                                           "source_title": pl.String})
    assert display_mod.source_line_html(empty) == "<p class='source'>来源: 本报告数据中尚无。</p>"


def test_table_html():
    html = display_mod.table_html(pl.DataFrame({"时期": ["2023年", "<x>"], "数值": ["5", None]}), caption="标题&")
    assert html == (
        "<div class='table-wrap'><table class='data'><caption>标题&amp;</caption>"
        "<thead><tr><th scope='col'>时期</th><th scope='col'>数值</th></tr></thead><tbody>"
        "<tr><th scope='row'>2023年</th><td>5</td></tr><tr><th scope='row'>&lt;x&gt;</th><td></td></tr>"
        "</tbody></table></div>")


def test_badge_words_and_colour():
    # white text on the status colour (contrast checked in tests/test_vocabulary.py), never colour alone
    assert display_mod.badge("at_risk", "有风险") == (
        "<span class='badge' style='background:#8a5a00;color:#fff;padding:1px 8px;border-radius:10px'>有风险</span>")
    assert "background:#57606a" in display_mod.badge(None, "无数据")
    assert ">&lt;b&gt;<" in display_mod.badge("met", "<b>")

"""Display in Lab and in the report (taicang_analysis.notebook.display)."""

from __future__ import annotations

import csv
import importlib
import json

import plotly.graph_objects as go
import polars as pl
import pytest

from taicang_analysis.context import report_mode
from taicang_analysis.notebook.charts import history_chart
from taicang_analysis.notebook.display import PLOT_CONFIG, chart_html, chart_rows, show, show_html
from taicang_analysis.sources.figures import load_figures
from taicang_analysis.sources.targets import load_targets

# the package re-exports the function ``show``, which hides the module attribute of the same name
show_mod = importlib.import_module("taicang_analysis.notebook.display")


@pytest.fixture(autouse=True)
def _lab(monkeypatch):
    monkeypatch.delenv("TAICANG_REPORT", raising=False)
    monkeypatch.delenv("TAICANG_ASSETS", raising=False)


@pytest.fixture
def displayed(monkeypatch) -> list:
    out: list = []
    monkeypatch.setattr(show_mod, "display", lambda *objs, **kw: out.extend(objs))
    return out


def _gdp_chart() -> go.Figure:
    t = load_targets(2023).filter(pl.col("id") == "gdp_growth").row(0, named=True)
    return history_chart(load_figures(), "gdp", "growth_pct", title="地区生产总值增速", target=t)


# --- report_mode ----------------------------------------------------------------------------------------


def test_report_mode_off_by_default():
    assert report_mode() is False


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("0", False), ("true", False), ("", False)])
def test_report_mode_only_for_1(monkeypatch, value, expected):
    monkeypatch.setenv("TAICANG_REPORT", value)
    assert report_mode() is expected


# --- chart_html ---------------------------------------------------------------------------------------


def test_chart_html_stable_id_and_no_plotly_js():
    html = chart_html(_gdp_chart(), "gdp-growth")
    assert '<div id="chart-gdp-growth"' in html
    assert 'Plotly.newPlot(' in html and '"chart-gdp-growth"' in html
    assert "cdn" not in html.lower()
    assert "<script src" not in html
    assert "mathjax" not in html.lower()
    # the chart's own height (420 px, set by the builder), the config without the logo
    assert "height:420px" in html
    assert '"displaylogo": false' in html or '"displaylogo":false' in html
    # Chinese text is in the page (as text or JSON escapes) and the source line is there
    assert "来源" in html or "\\u6765\\u6e90" in html


def test_chart_html_is_deterministic():
    fig = _gdp_chart()
    first = chart_html(fig, "gdp-growth")
    assert chart_html(fig, "gdp-growth") == first
    # a rebuilt figure from the same data gives the same fragment (no random ids)
    assert chart_html(_gdp_chart(), "gdp-growth") == first


def test_chart_html_default_height():
    html = chart_html(go.Figure(go.Bar(x=[1], y=[2])), "demo_1")
    assert 'id="chart-demo_1"' in html and "height:420px" in html
    tall = go.Figure(go.Bar(x=[1], y=[2]), layout={"height": 520})
    assert "height:520px" in chart_html(tall, "tall")


@pytest.mark.parametrize("name", ["", "a b", "../x", "x/y", "gdp.growth", "图表", "a\nb", "x;alert(1)"])
def test_chart_html_rejects_invalid_names(name):
    with pytest.raises(ValueError, match="chart name"):
        chart_html(go.Figure(), name)


# --- chart_rows ---------------------------------------------------------------------------------------


def test_chart_rows_gaps_and_series():
    rows = chart_rows(_gdp_chart())
    line = [r for r in rows if r["series"] == "公布值"]
    assert [r["x"] for r in line] == list(range(2014, 2025))
    assert line[0]["y"] == 8.6 and line[1]["y"] is None
    assert {"series": "最终数", "x": 2022, "y": 2.2} in rows
    assert {"series": "预计数(初步)", "x": 2014, "y": 8.6} in rows
    assert {"series": "目标 5%左右", "x": 2023, "y": 5.0} in rows


def test_chart_rows_skips_traces_without_xy():
    fig = go.Figure([go.Pie(values=[1, 2]), go.Scatter(x=["a", "b"], y=[1, 2])])
    assert chart_rows(fig) == [{"series": "", "x": "a", "y": 1}, {"series": "", "x": "b", "y": 2}]


# --- show --------------------------------------------------------------------------------------------


def test_show_in_report_mode_writes_json_and_csv(monkeypatch, tmp_path, displayed):
    assets = tmp_path / "assets"  # created by show
    monkeypatch.setenv("TAICANG_REPORT", "1")
    monkeypatch.setenv("TAICANG_ASSETS", str(assets))
    fig = _gdp_chart()
    show(fig, "gdp-growth")
    saved = json.loads((assets / "gdp-growth.json").read_text("utf-8"))
    assert saved == json.loads(fig.to_json())
    with open(assets / "gdp-growth.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["series", "x", "y"]
    assert rows[1] == ["公布值", "2014", "8.6"]
    assert rows[2] == ["公布值", "2015", ""]  # a gap stays empty, never 0
    assert ["最终数", "2022", "2.2"] in rows
    assert len(rows) == 1 + len(chart_rows(fig))
    (html,) = displayed
    assert html.data == chart_html(fig, "gdp-growth")


def test_show_in_report_mode_without_assets(monkeypatch, tmp_path, displayed):
    monkeypatch.setenv("TAICANG_REPORT", "1")
    monkeypatch.chdir(tmp_path)
    show(go.Figure(go.Bar(x=[1], y=[2])), "demo")
    assert list(tmp_path.iterdir()) == []
    assert 'id="chart-demo"' in displayed[0].data


def test_show_in_report_mode_rejects_a_bad_name(monkeypatch, tmp_path, displayed):
    monkeypatch.setenv("TAICANG_REPORT", "1")
    monkeypatch.setenv("TAICANG_ASSETS", str(tmp_path / "assets"))
    with pytest.raises(ValueError, match="chart name"):
        show(go.Figure(), "bad name")
    assert not displayed


def test_show_writes_nothing_for_an_invalid_name(monkeypatch, tmp_path, displayed):
    monkeypatch.setenv("TAICANG_REPORT", "1")
    monkeypatch.setenv("TAICANG_ASSETS", str(tmp_path / "assets"))
    with pytest.raises(ValueError):
        show(go.Figure(), "../escape")
    assert not (tmp_path / "escape.json").exists()
    assert not (tmp_path / "escape.csv").exists()


def test_show_in_lab_uses_plotly_renderer(monkeypatch, tmp_path, displayed):
    monkeypatch.setenv("TAICANG_ASSETS", str(tmp_path))  # ignored outside the report
    calls = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **kw: calls.append(kw))
    show(go.Figure(go.Bar(x=[1], y=[2])), "demo")
    assert calls == [{"config": PLOT_CONFIG}]
    assert list(tmp_path.iterdir()) == []
    assert not displayed


def test_show_html(displayed):
    show_html("<p>x</p>")
    (obj,) = displayed
    assert obj.data == "<p>x</p>"

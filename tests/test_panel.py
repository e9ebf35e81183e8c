"""Scenario panels: the ipywidgets panel (Lab) and the kernel-free figure (report)
(taicang_analysis.notebook.panel).

Values marked SYNTHETIC are invented for the tests; the others are published figures.
"""

from __future__ import annotations

import dataclasses
import importlib
import json

import ipywidgets as W
import pytest
from conftest import pick_target as _target

from taicang_analysis.assess import scenario_start, scenario_table, still_required
from taicang_analysis.notebook.panel import ScenarioPanel, assumption_grid, scenario, static_scenario_figure


@pytest.fixture(autouse=True)
def _no_chart_output(monkeypatch):
    # outside a kernel the panel must not display the chart in its Output
    monkeypatch.setenv("TAICANG_PANEL_CHART", "0")
    monkeypatch.delenv("TAICANG_REPORT", raising=False)


# --- assumption_grid ----------------------------------------------------------------------------------


def test_grid_growth(targets, figures):
    g = assumption_grid(scenario_start(_target(targets, "gdp_growth"), figures))
    # −5 … 15 by 0.5: 20 / 0.5 + 1 = 41 steps
    assert len(g) == 41
    assert g[0] == -5.0 and g[-1] == 15.0
    assert g[20] == 5.0
    assert all(b - a == pytest.approx(0.5) for a, b in zip(g, g[1:], strict=False))


def test_grid_amount(targets, figures):
    g = assumption_grid(scenario_start(_target(targets, "german_firms"), figures))
    # needed 50 / 12 = 4.1667 per month; 0 … 2 × 4.1667 = 8.3333 in 20 intervals (21 steps),
    # rounded to 2 decimals
    assert len(g) == 21
    assert g[0] == 0.0
    assert g[-1] == 8.33
    assert g[10] == 4.17
    assert g[1] == 0.42  # 8.3333 / 20 = 0.41667


def test_grid_amount_when_nothing_is_needed(targets, figures):
    # SYNTHETIC: 60 German firms by June already exceed 50 → need is negative; the grid still
    # spans 0 … 1 (never an empty or reversed slider)
    s = scenario_start(_target(targets, "german_firms"), figures)
    g = assumption_grid(dataclasses.replace(s, month=6, ytd_value=60.0))
    assert len(g) == 21 and g[0] == 0.0 and g[-1] == 1.0


# --- ScenarioPanel ----------------------------------------------------------------------------------


@pytest.fixture
def gdp_panel(targets, figures) -> ScenarioPanel:
    return ScenarioPanel(_target(targets, "gdp_growth"), figures, title="地区生产总值: 情景测算")


def test_panel_defaults_to_the_target(gdp_panel):
    p = gdp_panel
    assert isinstance(p.widget, W.VBox)
    assert p.assumption.value == 5.0
    assert (p.assumption.min, p.assumption.max, p.assumption.step) == (-5.0, 15.0, 0.5)
    assert p.month.value == 0
    # 1653.57 × 1.05 = 1736.2485 → 1,736.25亿元
    assert p.result["year_end_value"] == pytest.approx(1736.2485)
    assert p.result["status"] == "met"
    assert p.result["month"] == 0
    assert p.result["required"] == pytest.approx(5.0)
    assert "1,736.25亿元" in p.text.value
    assert "已完成" in p.text.value
    assert "要完成目标, 余下12个月需同比增长5%。" in p.text.value


def test_panel_slider_updates_result_and_text(gdp_panel):
    p = gdp_panel
    p.assumption.value = 5.5
    # 1653.57 × 1.055 = 1653.57 + 90.94635 = 1744.51635 → 1,744.52亿元
    assert p.result["assumption"] == 5.5
    assert p.result["year_end_value"] == pytest.approx(1744.51635)
    assert "1,744.52亿元" in p.text.value
    assert "1,736.25亿元" not in p.text.value
    p.assumption.value = 4.0
    # 1653.57 × 1.04 = 1719.7128 → below 4.5 %: off_track, shown as 滞后 / 未完成
    assert p.result["status"] == "off_track"
    # a projected year-end outcome reads 未完成 in the sentence and on the badge alike
    assert "1,719.71亿元" in p.text.value and p.text.value.count("未完成") == 2


def test_panel_chart_follows_the_slider(gdp_panel):
    p = gdp_panel
    p.assumption.value = 6.0
    fig = p._figure_for(p.current_start())
    assert list(fig.data[0].y) == [6.0]
    assert list(fig.data[0].text) == ["6%"]
    assert fig.data[0].marker.color == "#1a7f37"  # met
    assert "增长6%" in fig.layout.title.text
    # built once per starting point: moving the slider reuses the same figure
    p.assumption.value = 6.5
    assert p._figure_for(p.current_start()) is fig
    assert list(fig.data[0].y) == [6.5]


def test_panel_chart_has_no_plotly_slider(gdp_panel):
    fig = gdp_panel._figure_for(gdp_panel.current_start())
    assert not fig.layout.sliders


def test_panel_analyst_input_changes_the_start(gdp_panel, targets, figures):
    p = gdp_panel
    # SYNTHETIC input: Jan-Jun 2023 850 亿元, +4 %
    p.month.value = 6
    p.ytd.value = 850.0
    p.ytd_growth.value = 4.0
    start = p.current_start()
    assert (start.month, start.ytd_value, start.ytd_growth) == (6, 850.0, 4.0)
    assert start.prev_ytd == pytest.approx(850 / 1.04)
    expected = still_required(dataclasses.replace(
        scenario_start(_target(targets, "gdp_growth"), figures),
        month=6, ytd_value=850.0, ytd_growth=4.0, prev_ytd=850 / 1.04))[0]
    # ((1653.57 × 1.05 − 850) / (1653.57 − 817.3077) − 1) × 100 = 5.9773 %
    assert p.result["required"] == pytest.approx(expected)
    assert p.result["required"] == pytest.approx(5.97733, abs=1e-5)
    assert p.result["month"] == 6
    assert "余下6个月需同比增长6%" in p.text.value  # 5.977 with 1 decimal → 6.0 → 6%
    assert "分析员输入的年内累计数" in start.note
    # back to "no figure yet": the published start again
    p.month.value = 0
    assert p.result["month"] == 0 and p.result["required"] == pytest.approx(5.0)


def test_panel_escapes_its_text(gdp_panel):
    assert "<script" not in gdp_panel.text.value
    assert gdp_panel.text.value.startswith("<div class='panel-text'><b>若全年12个月同比增长5%")


def test_panel_amount_mode(targets, figures):
    p = ScenarioPanel(_target(targets, "german_firms"), figures, title="德企")
    # default: the needed 4.17 per month → 12 × 4.17 = 50.04 → met
    assert p.assumption.value == 4.17
    assert p.result["year_end_value"] == pytest.approx(50.04)
    assert p.result["status"] == "met"
    assert p.result["required"] == pytest.approx(50 / 12)
    assert "每月新增4.2家" in p.text.value
    # amount mode has no 累计增长% input
    assert p.ytd_growth not in p.widget.children[1].children
    p.assumption.value = 3.75
    assert p.result["year_end_value"] == pytest.approx(45.0)  # 12 × 3.75
    assert p.result["status"] == "off_track"


# --- static figure and panel agree --------------------------------------------------------------------


@pytest.mark.parametrize("target_id", ["gdp_growth", "german_firms"])
def test_static_figure_and_panel_agree(target_id, targets, figures):
    t = _target(targets, target_id)
    start = scenario_start(t, figures)
    fig = static_scenario_figure(start, title="t")
    panel = ScenarioPanel(t, figures, title="t")
    steps = fig.layout.sliders[0].steps
    grid = assumption_grid(start)
    assert len(steps) == len(grid)
    col = "year_end_growth" if t["kind"] == "growth_rate" else "year_end_value"
    # the slider starts where the panel starts, with the same year-end figure
    active = fig.layout.sliders[0].active
    assert grid[active] == panel.assumption.value
    assert fig.data[0].y[0] == pytest.approx(panel.result[col])
    # and every step equals the panel at that assumption
    for i in (0, 7, len(grid) - 1):
        panel.assumption.value = grid[i]
        assert steps[i].args[0]["y"][0][0] == pytest.approx(panel.result[col])


def test_static_figure_gdp(targets, figures):
    start = scenario_start(_target(targets, "gdp_growth"), figures)
    fig = static_scenario_figure(start, title="GDP")
    table = scenario_table(start, assumption_grid(start))
    steps = fig.layout.sliders[0].steps
    assert [s.args[0]["y"][0][0] for s in steps] == table["year_end_growth"].to_list()
    assert fig.layout.sliders[0].active == 20  # 5.0 %
    assert fig.layout.sliders[0].currentvalue.prefix == "余下月份同比增速(%): "
    assert "目标 5%左右" in [a.text for a in fig.layout.annotations]


def test_static_figure_and_panel_agree_for_a_complete_year(targets, figures):
    t = _target(targets, "port_teu")
    start = scenario_start(t, figures)
    fig = static_scenario_figure(start, title="t")
    panel = ScenarioPanel(t, figures, title="t")
    assert fig.data[0].y[0] == 803.9
    assert panel.result["month"] == 12
    assert panel.result["year_end_value"] == 803.9
    assert panel.result["status"] == "off_track"


# --- scenario() -----------------------------------------------------------------------------------------


def test_scenario_in_lab_returns_the_panel(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
    panel = scenario("gdp_growth")
    assert isinstance(panel, ScenarioPanel)
    assert shown == [panel.widget]
    assert panel.title == "地区生产总值: 情景测算"
    assert panel.result["year_end_value"] == pytest.approx(1736.2485)


def test_scenario_in_report_writes_the_figure(monkeypatch, tmp_path):
    monkeypatch.setenv("TAICANG_REPORT", "1")
    monkeypatch.setenv("TAICANG_ASSETS", str(tmp_path))
    shown = []
    # the package re-exports a function named show, so patch the module object itself
    monkeypatch.setattr(importlib.import_module("taicang_analysis.notebook.display"), "display",
                        lambda *objs, **kw: shown.extend(objs))
    fig = scenario("german_firms", title="德企情景")
    assert not isinstance(fig, ScenarioPanel)
    assert len(fig.layout.sliders[0].steps) == 21
    saved = json.loads((tmp_path / "german_firms-scenario.json").read_text("utf-8"))
    assert len(saved["layout"]["sliders"][0]["steps"]) == 21
    assert (tmp_path / "german_firms-scenario.csv").exists()
    assert 'id="chart-german_firms-scenario"' in shown[0].data


def test_unknown_target_names_the_known_ones():
    from taicang_analysis.notebook.panel import scenario

    with pytest.raises(KeyError, match="no target 'gdp' in the 2023 registry; one of: gdp_growth"):
        scenario("gdp")

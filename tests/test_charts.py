"""Plotly chart builders (taicang_analysis.notebook.charts): preferences, gaps, bounds, targets, sources."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import pytest
from conftest import pick_target as _target

from taicang_analysis.assess import describe, scenario_start, scenario_table
from taicang_analysis.notebook.charts import (
    ABOUT_TOLERANCE_PP,
    cumulative_count_chart,
    history_chart,
    preferred_figures,
    scenario_chart,
    source_line,
    wrap,
)


def _trace(fig: go.Figure, name: str):
    found = [tr for tr in fig.data if tr.name == name]
    assert len(found) == 1, [tr.name for tr in fig.data]
    return found[0]


def _points(trace) -> dict:
    return dict(zip(trace.x, trace.y, strict=True))


def _symbols(trace) -> dict:
    symbols = trace.marker.symbol
    if isinstance(symbols, str):
        symbols = [symbols] * len(trace.x)
    return dict(zip(trace.x, symbols, strict=True))


def _source_annotations(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == "source"]


# --- preferred_figures ------------------------------------------------------------------------------


def test_preferred_figures_bulletin_over_forecast(figures):
    # published: 2022 GDP growth 2.2% (statistical bulletin, final) and 2% (Dec-2022 party-congress
    # report, preliminary); the final figure of the same reliability wins
    both = figures.filter(pl.col("indicator") == "gdp", pl.col("measure") == "growth_pct",
                          pl.col("period") == "2022")
    assert sorted(both["value"].to_list()) == [2.0, 2.2]
    best = preferred_figures(figures).filter(pl.col("indicator") == "gdp",
                                             pl.col("measure") == "growth_pct",
                                             pl.col("period") == "2022")
    assert best.select("value", "status").rows() == [(2.2, "final")]


def test_preferred_figures_reliability_before_status(figures):
    # 2018 GDP growth: work report 7.0 (preliminary, standard) vs blog 6.8 (final, secondary);
    # "else the most reliable source" comes before "final over preliminary"
    best = preferred_figures(figures).filter(pl.col("indicator") == "gdp",
                                             pl.col("measure") == "growth_pct",
                                             pl.col("period") == "2018")
    assert best["value"].to_list() == [7.0]


def _frame(rows: list[tuple]) -> pl.DataFrame:
    cols = ["indicator", "measure", "period", "year", "month", "unit", "value", "status",
            "reliability", "origin", "source_title"]
    return pl.DataFrame(rows, schema=cols, orient="row")


def test_preferred_figures_analyst_over_published():
    # SYNTHETIC values: the analyst's June figure 850 beats a published 900 for the same period,
    # even though the published one is final and standard
    frame = _frame([
        ("gdp", "level", "2023-06", 2023, 6, "亿元", 900.0, "final", "standard", "published", "p"),
        ("gdp", "level", "2023-06", 2023, 6, "亿元", 850.0, "final", "standard", "analyst", "a"),
        ("gdp", "level", "2023-03", 2023, 3, "亿元", 400.0, "preliminary", "low", "published", "q"),
        ("gdp", "level", "2023", 2023, 12, "亿元", 1736.0, "target", "standard", "published", "t"),
        ("gdp", "level", "2022", 2022, 12, "亿元", None, "final", "standard", "published", "n"),
    ])
    best = preferred_figures(frame)
    # targets and null values are dropped; one row per period; sorted by year and month
    assert best.select("period", "value", "origin").rows() == [
        ("2023-03", 400.0, "published"),
        ("2023-06", 850.0, "analyst"),
    ]


def test_preferred_figures_keeps_units_apart():
    # SYNTHETIC: the same period in two units (亿元 and 亿美元) are two figures, not duplicates
    frame = _frame([
        ("trade", "level", "2023-06", 2023, 6, "亿元", 700.0, "final", "standard", "published", "x"),
        ("trade", "level", "2023-06", 2023, 6, "亿美元", 100.0, "final", "standard", "published", "y"),
    ])
    assert sorted(preferred_figures(frame)["unit"].to_list()) == ["亿元", "亿美元"]


# --- source_line and wrap -----------------------------------------------------------------------------


def test_source_line_dedups_and_shortens():
    rows = pl.DataFrame({"source_title": [
        "2022年太仓市国民经济和社会发展统计公报 (mirror of Taicang govt page)",
        "2022年太仓市国民经济和社会发展统计公报 (second mirror)",
        "太仓市2019年政府工作报告 — 2019-01-08",
    ]})
    assert source_line(rows) == ("来源: 2022年太仓市国民经济和社会发展统计公报; 太仓市2019年政府工作报告。"
                                 "完整出处见报告附录。")


def test_source_line_more_than_limit_and_empty():
    rows = pl.DataFrame({"source_title": ["A", "B", "C", "D", None, ""]})
    assert source_line(rows) == "来源: A; B; C等4个来源。完整出处见报告附录。"
    assert source_line(pl.DataFrame({"source_title": [None]}, schema={"source_title": pl.String})) == (
        "来源: 暂无公开数据。")


def test_wrap():
    assert wrap("abcdefghij", width=4) == "abcd<br>efgh<br>ij"
    assert wrap("abc", width=90) == "abc"
    assert wrap("", width=5) == ""


# --- history_chart: GDP growth --------------------------------------------------------------------


@pytest.fixture(scope="module")
def gdp_chart(figures, targets) -> go.Figure:
    return history_chart(figures, "gdp", "growth_pct", title="地区生产总值增速",
                         target=_target(targets, "gdp_growth"))


def test_history_trace_names(gdp_chart):
    assert [tr.name for tr in gdp_chart.data] == ["公布值", "最终数", "预计数(初步)", "目标 5%左右"]


def test_history_line_has_gaps_not_zeros(gdp_chart):
    line = _trace(gdp_chart, "公布值")
    pts = _points(line)
    assert list(line.x) == list(range(2014, 2025))  # data 2014-2024, target 2023 inside
    for year in (2015, 2016, 2017, 2020, 2021, 2023):
        assert pts[year] is None, year
    # published values, the preferred one per year (2018: 7.0, see the preference test above)
    assert pts[2014] == 8.6
    assert pts[2018] == 7.0
    assert pts[2019] == 6.0
    assert pts[2022] == 2.2
    assert pts[2024] == 7.0
    assert line.connectgaps is False


def test_history_final_and_preliminary_markers(gdp_chart):
    final = _trace(gdp_chart, "最终数")
    prelim = _trace(gdp_chart, "预计数(初步)")
    assert _points(final)[2022] == 2.2
    assert _points(prelim)[2014] == 8.6
    # the Dec-2022 forecast 2.0 is drawn too, as preliminary (open marker)
    assert _points(prelim)[2022] == 2.0
    assert set(_symbols(final).values()) == {"circle"}
    assert set(_symbols(prelim).values()) == {"circle-open"}


def test_history_target_star_and_about_band(gdp_chart):
    star = _trace(gdp_chart, "目标 5%左右")
    assert list(star.x) == [2023] and list(star.y) == [5.0]
    assert star.marker.symbol == "star"
    rects = [s for s in gdp_chart.layout.shapes if s.type == "rect"]
    assert len(rects) == 1
    # 5%左右 ± 0.5 pp → 4.5 .. 5.5, drawn around the target year
    assert ABOUT_TOLERANCE_PP == 0.5
    assert rects[0].y0 == pytest.approx(4.5) and rects[0].y1 == pytest.approx(5.5)
    assert rects[0].x0 == pytest.approx(2022.6) and rects[0].x1 == pytest.approx(2023.4)


def test_history_axes_and_source(gdp_chart):
    y = gdp_chart.layout.yaxis
    assert "s" not in y.tickformat  # no SI suffix (140k) ever
    assert y.ticksuffix == "%"
    assert gdp_chart.layout.xaxis.ticksuffix == "年"
    assert gdp_chart.layout.xaxis.range == (2013.4, 2024.6)
    sources = _source_annotations(gdp_chart)
    assert len(sources) == 1
    assert sources[0].startswith("来源:")
    # the first three distinct short titles, in the order of the rows
    assert sources[0].replace("<br>", "").startswith(
        "来源: 太仓市政府工作报告 2015-02-10; 太仓市2019年政府工作报告; Third-party blog")
    assert sources[0].replace("<br>", "").endswith("个来源。完整出处见报告附录。")


def test_history_source_line_counts_every_source(gdp_chart):
    # distinct sources: GWR 2015, GWR 2019, blog, GWR 2020, bulletin 2022, 市委 report, GWR 2025
    # (review of 2024) and the 2023 work report (target) = 8
    assert "等8个来源" in _source_annotations(gdp_chart)[0].replace("<br>", "")


def test_history_exact_target_has_no_band(figures, targets):
    # 规上工业产值增长8% (exact, no range): star only
    fig = history_chart(figures, "industrial_output", "growth_pct", title="规上工业产值增速",
                        target=_target(targets, "industrial_output_growth"))
    assert not [s for s in fig.layout.shapes if s.type == "rect"]
    assert list(_trace(fig, "目标 8%").y) == [8.0]


def test_history_range_target_band(figures, targets):
    # 力争新增上市企业2~3家: no published figure; the band spans the range 2..3
    fig = history_chart(figures, "new_listings", "count_new", title="新增上市企业",
                        target=_target(targets, "new_listings"))
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 1
    assert (rects[0].y0, rects[0].y1) == (2.0, 3.0)
    assert list(_trace(fig, "目标 力争2~3家").y) == [2.0]
    # no data: the line has one (empty) point at the target year, no marker traces
    assert [tr.name for tr in fig.data] == ["公布值", "目标 力争2~3家"]
    assert list(fig.data[0].y) == [None]
    assert "s" not in fig.layout.yaxis.tickformat
    assert _source_annotations(fig)[0].startswith("来源: 太仓市2023年政府工作报告")


def test_history_port_lower_bound_is_a_triangle(figures, targets):
    fig = history_chart(figures, "port_teu", "level", title="集装箱吞吐量",
                        target=_target(targets, "port_teu"))
    final = _trace(fig, "最终数")
    symbols = _symbols(final)
    # 2024: 突破1000万标箱 (bound lower) → up-triangle; 2023: 803.9 exact → circle
    assert symbols[2024] == "triangle-up"
    assert symbols[2023] == "circle"
    assert _points(final)[2023] == 803.9
    label = dict(zip(final.x, final.text, strict=True))[2024]
    assert label.startswith("2024年: 1,000万标箱以上(下限)")
    assert fig.layout.yaxis.tickformat == ",~f"
    assert "s" not in fig.layout.yaxis.tickformat
    assert fig.layout.yaxis.title.text == "万标箱"
    # 突破900万标箱: no band (neither 左右 nor a range)
    assert not [s for s in fig.layout.shapes if s.type == "rect"]
    assert _source_annotations(fig)[0].startswith("来源:")


def test_history_year_range_and_no_target(figures):
    fig = history_chart(figures, "gdp", "level", title="地区生产总值", first_year=2018, last_year=2022)
    line = fig.data[0]
    assert list(line.x) == [2018, 2019, 2020, 2021, 2022]
    # 2018: the work report's 1330 (standard) over the blog's 1330.72 (secondary)
    assert list(line.y) == [1330.0, 1410.0, None, None, 1653.57]
    assert not [tr for tr in fig.data if tr.name and tr.name.startswith("目标")]
    assert not fig.layout.shapes
    assert fig.layout.yaxis.title.text == "亿元"


def test_history_analyst_figure_is_its_own_trace():
    # SYNTHETIC: an analyst's full-year 2023 figure next to a published 2022 figure
    frame = _frame([
        ("gdp", "level", "2022", 2022, 12, "亿元", 1653.57, "final", "standard", "published", "公报"),
        ("gdp", "level", "2023", 2023, 12, "亿元", 1700.0, "final", "standard", "analyst", "月报"),
    ]).with_columns(period_type=pl.lit("year"), bound=pl.lit("exact"))
    fig = history_chart(frame, "gdp", "level", title="t")
    assert [tr.name for tr in fig.data] == ["公布值", "最终数", "分析员月报"]
    assert list(_trace(fig, "分析员月报").y) == [1700.0]
    assert list(fig.data[0].y) == [1653.57, 1700.0]


# --- cumulative_count_chart -----------------------------------------------------------------------


def test_cumulative_keeps_firms_and_projects_apart(figures):
    fig = cumulative_count_chart(figures, ["german_firms", "german_projects"], title="德资",
                                 names={"german_firms": "德资企业", "german_projects": "德资项目"})
    assert [tr.name for tr in fig.data] == ["德资企业(家)", "德资项目(个)"]
    firms, projects = fig.data
    # 2023-08-07: 489 German-funded *projects* (个), not 489 enterprises
    assert list(projects.x) == ["2023-08-07"] and list(projects.y) == [489.0]
    assert 489.0 not in firms.y
    # period to date: a year → 1 July, a month → the 15th, a day unchanged
    pts = dict(zip(firms.x, firms.y, strict=True))
    assert pts["2016-07-01"] == 230.0
    assert pts["2012-04-15"] == 160.0
    assert pts["2023-03-28"] == 478.0
    assert list(firms.x) == sorted(firms.x)


def test_cumulative_bounds_and_arrows(figures):
    fig = cumulative_count_chart(figures, ["german_firms"], title="德资企业累计数")
    (firms,) = fig.data
    symbols = dict(zip(firms.x, firms.marker.symbol, strict=True))
    assert symbols["2025-02-14"] == "triangle-up"  # 超550家
    assert symbols["2023-10-19"] == "diamond-open"  # 近500家
    assert symbols["2021-10-28"] == "circle"  # 第400家
    lower = sum(1 for s in firms.marker.symbol if s == "triangle-up")
    # lower bounds: 2012-04, 2016, 2017-10, 2024-09-11, 2024-11, 2025-02-14, 2026-02-25
    assert lower == 7
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == lower
    assert _source_annotations(fig)[0].startswith("来源:")
    assert fig.layout.xaxis.type == "date"
    assert "s" not in fig.layout.yaxis.tickformat


def test_cumulative_unknown_indicator_is_skipped(figures):
    fig = cumulative_count_chart(figures, ["german_firms", "no_such"], title="t")
    assert [tr.name for tr in fig.data] == ["german_firms(家)"]


# --- scenario_chart ---------------------------------------------------------------------------------


def _static(targets: pl.DataFrame, target_id: str, grid: list[float]):
    start = scenario_start(_target(targets, target_id))
    table = scenario_table(start, grid)
    texts = [describe(start, r) for r in table.iter_rows(named=True)]
    return start, table, texts


def test_scenario_chart_growth_steps(targets):
    grid = [4.0, 4.5, 5.0, 5.5]
    start, table, texts = _static(targets, "gdp_growth", grid)
    fig = scenario_chart(table, texts, title="GDP", unit="%", target_value=5.0,
                         target_label="5%左右", start_index=2, assumption_label="增速",
                         note=start.note)
    steps = fig.layout.sliders[0].steps
    assert len(steps) == table.height == 4
    assert [s.label for s in steps] == ["4%", "4.5%", "5%", "5.5%"]
    for i, step in enumerate(steps):
        # growth mode: each step sets the marker's y to the table's year-end growth
        assert step.args[0]["y"] == [[table["year_end_growth"][i]]]
        assert step.args[1]["title.text"] == f"GDP<br><sup>{texts[i]}</sup>"
    assert [s.args[0]["y"][0][0] for s in steps] == [4.0, 4.5, 5.0, 5.5]
    assert fig.layout.sliders[0].active == 2
    assert list(fig.data[0].y) == [5.0]
    assert list(fig.data[0].text) == ["5%"]
    # the 5.0 step is met (green), 4.0 is off_track (red)
    assert steps[2].args[0]["marker"][0]["color"] == "#1a7f37"
    assert steps[0].args[0]["marker"][0]["color"] == "#cf222e"
    assert fig.layout.title.text == f"GDP<br><sup>{texts[2]}</sup>"


def test_scenario_chart_amount_steps(targets):
    # german_firms from month 0: year-end = 12 × amount; 4.2 → 50.4 (met), 4.1 → 49.2
    grid = [4.1, 4.2]
    start, table, texts = _static(targets, "german_firms", grid)
    fig = scenario_chart(table, texts, title="德企", unit="家", target_value=50.0,
                         target_label="50家以上", start_index=0, assumption_label="每月新增",
                         note=start.note)
    steps = fig.layout.sliders[0].steps
    assert len(steps) == 2
    assert [s.args[0]["y"] for s in steps] == [[[pytest.approx(49.2)]], [[pytest.approx(50.4)]]]
    assert [s.label for s in steps] == ["4.1", "4.2"]
    assert steps[1].args[0]["text"] == [["50家"]]  # 50.4 with 0 decimals for 家
    assert fig.data[0].y[0] == pytest.approx(49.2)
    assert "s" not in fig.layout.yaxis.tickformat
    # y range: 15 % of the span around min/max of values and target (49.2 .. 50.4)
    lo, hi = fig.layout.yaxis.range
    assert lo == pytest.approx(49.2 - 0.15 * 1.2) and hi == pytest.approx(50.4 + 0.15 * 1.2)


def test_scenario_chart_has_a_source_line(targets):
    start, table, texts = _static(targets, "german_firms", [4.1, 4.2])
    fig = scenario_chart(table, texts, title="德企", unit="家", target_value=50.0,
                         target_label="50家以上", start_index=0, assumption_label="每月新增",
                         note=start.note)
    assert any(t.startswith("来源:") for t in _source_annotations(fig))

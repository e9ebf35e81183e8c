"""Chart builders (taicang_analysis.notebook.charts): the line, the marks, the target, the plotted-number table.

The figures are the run's figures (:func:`taicang_analysis.run.open_run`): published
figures with conflicts flagged and derived values added. Published values quoted in comments are
from data/figures.csv (figure ids given); frames built here are SYNTHETIC and say so.
"""

from __future__ import annotations

import re
from collections import Counter

import plotly.graph_objects as go
import polars as pl
import pytest

from taicang_analysis.notebook.charts import (
    COLOURS,
    Chart,
    cumulative_chart,
    history_chart,
    measure_word,
    scenario_plot,
    table_labelled,
    ytd_chart,
)
from taicang_analysis.run import open_run
from taicang_analysis.sources.targets import load_targets

MARK_NAMES = {"最终数", "预计数", "分析员月报", "推算", "存疑"}


@pytest.fixture(scope="module")
def figs() -> pl.DataFrame:
    return open_run().figures


@pytest.fixture(scope="module")
def targets() -> pl.DataFrame:
    return load_targets(2023)


def _target(targets: pl.DataFrame, target_id: str) -> dict:
    return targets.filter(pl.col("id") == target_id).row(0, named=True)


@pytest.fixture(scope="module")
def gdp(figs, targets) -> Chart:
    return history_chart(figs, "gdp", "growth_pct", title="地区生产总值增速", name="gdp",
                         target=_target(targets, "gdp_growth"))


@pytest.fixture(scope="module")
def port(figs, targets) -> Chart:
    return history_chart(figs, "port_teu", "level", title="太仓港集装箱吞吐量", name="port",
                         target=_target(targets, "port_teu"))


def _trace(chart: Chart, name: str):
    found = [t for t in chart.plot.data if t.name == name]
    assert len(found) == 1, [t.name for t in chart.plot.data]
    return found[0]


def _marker_traces(chart: Chart) -> list:
    """The traces that draw figures (not the line, not the target)."""
    return [t for t in chart.plot.data if t.mode == "markers" and not (t.name or "").startswith("目标")]


def _symbols(trace) -> list[str]:
    s = trace.marker.symbol
    return list(s) if isinstance(s, tuple | list) else [s] * len(trace.x)


def _number(text: str) -> float:
    """The number in a table cell such as '800以上', '约500', '突破900', '5左右'."""
    return float(re.search(r"-?\d+(?:\.\d+)?", text).group(0))


def _value_column(chart: Chart) -> str:
    """The value column's header on the page (its unit named)."""
    (col,) = [c for c in table_labelled(chart.table, chart.unit).columns if c.startswith("数值(")]
    return col


# --- history_chart: the line ------------------------------------------------------------------------


def test_history_line_prefers_the_final_figure(gdp):
    line = _trace(gdp, "历年数据")
    assert line.mode == "lines"
    by_year = dict(zip(line.x, line.y, strict=True))
    # GDP growth 2018: preliminary 7.0 (work report, b1-r004) and final 6.8 (b1-r005): the line uses 6.8;
    # 2022: preliminary 2.0 (b1-r011), final 2.2 (b1-r010): 2.2
    assert by_year[2018] == 6.8
    assert by_year[2022] == 2.2
    # both figures are still drawn as marks, each in its own category
    assert dict(zip(_trace(gdp, "最终数").x, _trace(gdp, "最终数").y, strict=True))[2018] == 6.8
    assert (2018, 7.0) in set(zip(_trace(gdp, "预计数").x, _trace(gdp, "预计数").y, strict=True))


def test_history_line_does_not_bridge_gaps(gdp):
    line = _trace(gdp, "历年数据")
    by_year = dict(zip(line.x, line.y, strict=True))
    # the axis runs every year from the first figure (2014) to the last (2024) ...
    assert list(line.x) == list(range(2014, 2025))
    # ... and years without a Taicang GDP growth figure are gaps (None), never zeros, never joined
    assert [y for y, v in by_year.items() if v is None] == [2015, 2016, 2017, 2020, 2021, 2023]
    assert line.connectgaps is False


def test_history_line_skips_doubtful_derived_and_bounds(port):
    by_year = dict(zip(_trace(port, "历年数据").x, _trace(port, "历年数据").y, strict=True))
    # 2024 "突破1000万标箱" (b1-r091) is doubtful and a lower bound: not on the line;
    # 2020 521.3 is derived (d-b1-r083+b1-r082): a mark, not the line;
    # 2023: 803.9 exact (b1-r090) is on the line, not the "800万标箱以上" lower bound (b2-r016)
    assert by_year[2024] is None
    assert by_year[2020] is None
    assert by_year[2023] == 803.9
    assert by_year[2022] == 802.6


# --- history_chart: the marks -----------------------------------------------------------------------


def test_every_mark_category_is_explained(gdp, port):
    for chart in (gdp, port):
        names = {t.name for t in _marker_traces(chart)}
        # every figure trace is named by its category (and its bound): the legend explains each mark
        assert {re.sub(r"\((下限|约数)\)$", "", n) for n in names} <= MARK_NAMES, names
        assert all(t.showlegend is not False for t in _marker_traces(chart))
        assert chart.plot.layout.showlegend is not False
        symbols = {s for t in _marker_traces(chart) for s in _symbols(t)}
        # the marks that are not a plain category are explained in the notes under the chart
        if "triangle-up" in symbols or "triangle-up-open" in symbols:
            assert any("下限" in n for n in chart.notes), chart.notes
        if "diamond-open" in symbols:
            assert any("约数" in n for n in chart.notes), chart.notes
        if "存疑" in names:
            assert any("存疑" in n for n in chart.notes), chart.notes
        if "推算" in names:
            assert any("推算" in n for n in chart.notes), chart.notes
    # the port chart uses all three special marks; GDP growth none of them
    assert {"最终数", "推算", "存疑"} <= {t.name for t in _marker_traces(port)}
    assert len([n for n in port.notes if "下限" in n or "存疑" in n or "推算" in n]) == 3
    assert not [n for n in gdp.notes if "存疑" in n or "推算" in n or "下限" in n]


def test_notes_explain_final_and_preliminary_circles(gdp):
    assert any("最终数" in n for n in gdp.notes) and any("预计数" in n for n in gdp.notes)


def test_final_filled_preliminary_open(gdp):
    assert set(_symbols(_trace(gdp, "最终数"))) == {"circle"}
    assert set(_symbols(_trace(gdp, "预计数"))) == {"circle-open"}


def test_doubtful_figure_is_a_grey_x_and_never_final(port):
    doubtful = _trace(port, "存疑")
    # b1-r091: 2024 "突破1000万标箱", flagged against 1-8月 567.5 (needs 1.52× the monthly pace)
    assert list(doubtful.x) == [2024] and list(doubtful.y) == [1000.0]
    assert _symbols(doubtful) == ["x"]
    assert doubtful.marker.color == COLOURS["doubtful"] == "#6e7781"
    assert "最终数" not in doubtful.text[0] and "存疑" in doubtful.text[0]
    assert "1000万标箱以上" in doubtful.text[0]
    # not among the final figures, though its release is "final"
    final = _trace(port, "最终数")
    assert (2024, 1000.0) not in set(zip(final.x, final.y, strict=True))
    row = port.table.filter(pl.col("figure_id") == "b1-r091").row(0, named=True)
    assert row["kind"] == "存疑" and row["reliability"] == "存疑"
    assert row["value"] == "1000以上"


def test_derived_figure_is_an_open_square(port):
    derived = _trace(port, "推算")
    # 2020 port throughput derived from 2021 703.8 and its growth (d-b1-r083+b1-r082): 521.3
    assert list(derived.x) == [2020] and list(derived.y) == [521.3]
    assert _symbols(derived) == ["square-open"]
    assert port.table.filter(pl.col("figure_id") == "d-b1-r083+b1-r082")["kind"].to_list() == ["推算"]


def test_lower_bound_is_an_up_triangle(port):
    marks = {(x, y): s for name in ("最终数", "最终数(下限)") for t in [_trace(port, name)]
             for x, y, s in zip(t.x, t.y, _symbols(t), strict=True)}
    # 2023 "800万标箱以上" (b2-r016) is a lower bound, its legend entry says so; 803.9 (b1-r090) exact
    assert marks[(2023, 800.0)] == "triangle-up"
    assert marks[(2023, 803.9)] == "circle"


def test_target_star_and_about_band(gdp):
    star = _trace(gdp, "目标 5%左右")
    assert (list(star.x), list(star.y), star.marker.symbol) == ([2023], [5.0], "star")
    assert star.marker.color == COLOURS["target"]
    # 5%左右: the band is 5 ± 0.5 → 4.5 to 5.5, 0.4 either side of 2023
    (band,) = gdp.plot.layout.shapes
    assert (band.y0, band.y1) == (4.5, 5.5)
    assert (band.x0, band.x1) == pytest.approx((2022.6, 2023.4))
    assert any("±0.5个百分点" in n for n in gdp.notes)


def test_target_without_band_for_a_plain_qualifier(port):
    star = _trace(port, "目标 突破900万标箱")
    assert (list(star.x), list(star.y)) == ([2023], [900.0])
    assert port.plot.layout.shapes == ()


# SYNTHETIC: two annual figures of an invented indicator, for the cases the shipped data lack
def _synthetic(values: dict[int, float], *, unit: str = "个", bound: str = "exact") -> pl.DataFrame:
    return pl.DataFrame([
        {"figure_id": f"syn-{y}", "region": "太仓市", "indicator": "synthetic", "indicator_zh": "SYNTHETIC指标",
         "period": str(y), "period_type": "year", "year": y, "month": 12, "measure": "count_new", "value": v,
         "unit": unit, "bound": bound, "release": "final", "reliability": "official",
         "source_url": "https://example.org/SYNTHETIC", "source_title": "SYNTHETIC 测试来源", "quote": "SYNTHETIC"}
        for y, v in values.items()])


def test_target_range_band():
    target = {"id": "syn", "year": 2023, "value": 3.0, "value_high": 5.0, "unit": "个", "qualifier": "exact"}
    chart = history_chart(_synthetic({2021: 2.0, 2022: 4.0}), "synthetic", "count_new", title="SYNTHETIC",
                          name="syn", target=target)
    (band,) = chart.plot.layout.shapes
    # a range 3~5个: the band is the range itself
    assert (band.y0, band.y1) == (3.0, 5.0)
    assert _trace(chart, "目标 3~5个").y == (3.0,)
    assert any("目标区间" in n for n in chart.notes)


def test_fewer_than_two_figures_is_no_chart(figs):
    assert history_chart(_synthetic({2022: 4.0}), "synthetic", "count_new", title="t", name="t") is None
    # no figure at all (an empty frame with the same columns)
    assert history_chart(_synthetic({2022: 4.0}).clear(), "synthetic", "count_new", title="t", name="t") is None
    # two figures, but one is a target: one figure to draw
    two = _synthetic({2021: 2.0, 2022: 4.0}).with_columns(
        release=pl.when(pl.col("year") == 2022).then(pl.lit("target")).otherwise(pl.col("release")))
    assert history_chart(two, "synthetic", "count_new", title="t", name="t") is None
    # smart factories: no annual figure is published
    assert history_chart(figs, "smart_factories", "count_new", title="t", name="t") is None


def test_history_description(gdp, port):
    # GDP growth: 8 figures 2014-2024 (2014, 2018×2, 2019, 2022×2, 2024×2), latest 2024: the final 6.8%
    # (batch 3, published after the 2025 work report's 7%左右 预计数); the line's last two years 2022 (2.2)
    # and 2024 (6.8) are not consecutive: no trend is stated
    assert gdp.description == ("地区生产总值增速: 8个数据, 覆盖2014年至2024年, 空缺年份不连线。最新为2024年6.8%(最终数, 二手资料)。"
                               "2023年目标为5%左右。")
    # port: the line's last two years 2022 (802.6) and 2023 (803.9) are consecutive: 803.9 > 802.6, 上升
    assert port.description == ("太仓港集装箱吞吐量: 7个数据, 覆盖2014年至2024年, 空缺年份不连线。"
                                "最新为2024年1000万标箱以上(存疑)。2023年比2022年上升。2023年目标为突破900万标箱。")


# --- the table holds exactly the plotted numbers --------------------------------------------------------


@pytest.mark.parametrize("which", ["gdp", "port"])
def test_history_table_is_the_plotted_numbers(which, request):
    chart: Chart = request.getfixturevalue(which)
    plotted = Counter((int(x), float(y)) for t in _marker_traces(chart) for x, y in zip(t.x, t.y, strict=True))
    rows = chart.table.filter(pl.col("kind") != "目标")
    tabled = Counter((int(r["period"][:4]), _number(r["value"])) for r in rows.iter_rows(named=True))
    assert plotted == tabled
    # each mark's category is the table's 性质 (same order of figures within a category)
    for t in _marker_traces(chart):
        assert Counter(chart.table["kind"].to_list())[t.name] == len(t.x)
    # the target row is the star
    target_rows = chart.table.filter(pl.col("kind") == "目标")
    stars = [t for t in chart.plot.data if (t.name or "").startswith("目标")]
    assert target_rows.height == len(stars) == 1
    assert _number(target_rows["value"][0]) == stars[0].y[0]
    # and sources: one per plotted figure, by id
    assert sorted(chart.sources["figure_id"].to_list()) == sorted(rows["figure_id"].to_list())


def test_history_table_headers(port):
    # codes in the table, the Chinese headers at the edge (page and CSV)
    assert port.table.columns == ["period", "value", "kind", "reliability", "figure_id"]
    assert table_labelled(port.table, port.unit).columns == ["时期", "数值(万标箱)", "性质", "来源可靠性", "数据编号"]
    assert port.table.filter(pl.col("kind") == "目标").row(0) == (
        "2023年", "突破900", "目标", "政府工作报告", "目标:port_teu")


# --- ytd_chart -----------------------------------------------------------------------------------------


def _ytd_points(chart: Chart) -> Counter:
    out = Counter()
    for t in chart.plot.data:
        year = int(t.name[:4])
        out.update((year, int(m), float(v)) for m, v in zip(t.x, t.y, strict=True) if v is not None)
    return out


def _ytd_rows(chart: Chart) -> Counter:
    out = Counter()
    for r in chart.table.iter_rows(named=True):
        m = re.fullmatch(r"(\d{4})年(?:(?:1-)?(\d{1,2})月)?", r["period"])
        out[(int(m[1]), int(m[2] or 12), _number(r["value"]))] += 1
    return out


def test_ytd_chart_fai_2021(figs):
    c = ytd_chart(figs, "fai", "level", year=2021, title="全社会固定资产投资(年内累计)", name="fai")
    this, ref = [t for t in c.plot.data if "·" not in t.name]
    # 2021年1-9月 395.3亿元 (b2-r009); 2020年1-9月 348.59 derived from 395.3 / 1.134
    assert (this.name, ref.name) == ("2021年", "2020年(参照)")
    assert list(this.x) == list(range(1, 13))
    # the derived reference month is a mark of its own kind (推算), not a point of the line
    derived = [t for t in c.plot.data if t.name == "2020年(参照)·推算"][0]
    assert this.y[8] == 395.3 and ref.y[8] is None and (list(derived.x), list(derived.y)) == ([9], [348.59])
    assert [i for i, v in enumerate(this.y) if v is not None] == [8]
    assert ref.line.dash == "dot" and this.line.dash == "solid"
    assert this.connectgaps is False
    assert list(c.plot.layout.xaxis.ticktext) == [f"{m}月" for m in range(1, 13)]
    assert c.description == "全社会固定资产投资(年内累计): 2021年已有1个月份的累计数, 最新为2021年1-9月395.3亿元。虚线为上年同期, 供参照。"


def test_ytd_chart_table_is_the_plotted_numbers(figs):
    for indicator, year in (("fai", 2021), ("port_teu", 2022), ("port_teu", 2018), ("port_teu", 2025)):
        c = ytd_chart(figs, indicator, "level", year=year, title="t", name="t")
        assert _ytd_points(c) == _ytd_rows(c), (indicator, year)
    # port 2022: 1-2月 118.6 (b1-r089) and the year 802.6 drawn at 12月
    c = ytd_chart(figs, "port_teu", "level", year=2022, title="t", name="t")
    assert _ytd_points(c)[(2022, 12, 802.6)] == 1 and _ytd_points(c)[(2022, 2, 118.6)] == 1


def test_ytd_chart_none_without_an_in_year_figure(figs):
    # fixed-asset investment 2023: only a full-year derived level, no month of the year
    assert ytd_chart(figs, "fai", "level", year=2023, title="t", name="t") is None


def test_ytd_chart_marks_doubtful_and_derived(figs):
    c = ytd_chart(figs, "port_teu", "level", year=2025, title="t", name="t")
    for t in c.plot.data:
        symbols = _symbols(t) if t.marker.symbol is not None else [None] * len(t.x)
        for y, s in zip(t.y, symbols, strict=True):
            if y == 1000.0:
                assert s == "x"
            if y == 567.5:
                assert s == "square-open"
    assert any("存疑" in n for n in c.notes) and any("推算" in n for n in c.notes)


# --- cumulative_chart ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def german(figs) -> Chart:
    return cumulative_chart(figs, ["german_firms"], title="德资企业累计数", name="german",
                            names={"german_firms": "德资企业"})


def test_cumulative_bounds_drawn_as_bounds(german):
    line = _trace(german, "德资企业(家)")
    assert line.mode == "lines" and line.line.dash == "dot"
    by_x = {x: (y, s) for t in _marker_traces(german) if t.name.startswith("最终数")
            for x, y, s in zip(t.x, t.y, _symbols(t), strict=True)}
    # b1-r060 "160多家" (lower, 2012-04 → drawn mid-month), b2-r007 "近500家" (approximate),
    # b1-r063 400家 exact (2021-10-28)
    assert by_x["2012-04-15"] == (160.0, "triangle-up")
    assert by_x["2023-08-18"] == (500.0, "diamond-open")
    assert by_x["2021-10-28"] == (400.0, "circle")
    # a year-only date is drawn mid-year: b1-r061 2016 "230多家"
    assert by_x["2016-07-01"] == (230.0, "triangle-up")
    assert any("下限" in n for n in german.notes) and any("约数" in n for n in german.notes)
    assert german.plot.layout.xaxis.type == "date"


def test_cumulative_table_is_the_plotted_numbers(german, figs):
    col = _value_column(german)
    assert col == "数值(家)"
    plotted = Counter(float(y) for t in _marker_traces(german) for y in t.y)
    assert plotted == Counter(_number(v) for v in german.table["value"].to_list())
    # 15 published running totals of German firms (count_total), none dropped
    expected = figs.filter(pl.col("indicator") == "german_firms", pl.col("measure") == "count_total",
                           pl.col("release") != "target").height
    assert german.table.height == expected == 16  # the 16th: 超560家 of 2025-12-10 (batch 3)


def test_legend_says_what_each_mark_is(figs):
    # German firms (家) and German-funded projects (个) in one chart: each legend entry names its series,
    # its category and its bound, and holds only marks of that series drawn with that bound's symbol
    c = cumulative_chart(figs, ["german_firms", "german_projects"], title="德资", name="g",
                         names={"german_firms": "德资企业", "german_projects": "德资项目"})
    rows = figs.filter(pl.col("indicator").is_in(["german_firms", "german_projects"]),
                       pl.col("measure") == "count_total", pl.col("release") != "target")
    for t in _marker_traces(c):
        series, kind = t.name.split(": ")
        symbols = set(_symbols(t))
        assert ("下限" in kind) == (symbols == {"triangle-up"}) or kind.startswith("存疑"), (t.name, symbols)
        assert ("约数" in kind) == (symbols == {"diamond-open"}), (t.name, symbols)
        # the marks of an entry are of its series: 个 for 德资项目, 家 for 德资企业
        indicator = {"德资企业": "german_firms", "德资项目": "german_projects"}[series]
        values = set(rows.filter(pl.col("indicator") == indicator)["value"].to_list())
        assert set(t.y) <= values, t.name
    names = {t.name for t in _marker_traces(c)}
    # a legend entry exists only for marks drawn: 德资企业's lower bounds are drawn, so is its entry
    assert "德资企业: 最终数(下限)" in names and all(t.x for t in _marker_traces(c))
    assert "德资项目: 最终数" in names or "德资项目: 最终数(下限)" in names


def test_cumulative_keeps_units_apart(figs):
    c = cumulative_chart(figs, ["german_firms", "german_projects"], title="德资", name="g",
                         names={"german_firms": "德资企业", "german_projects": "德资项目"})
    lines = [t.name for t in c.plot.data if t.mode == "lines"]
    assert lines == ["德资企业(家)", "德资项目(个)"]
    assert _value_column(c) == "数值(家、个)"
    assert c.plot.layout.yaxis.title.text == "家、个"


def test_cumulative_description_names_the_latest_date(figs):
    c = cumulative_chart(figs, ["german_firms", "german_projects"], title="德资", name="g",
                         names={"german_firms": "德资企业", "german_projects": "德资项目"})
    assert "最新为2026年2月25日560家以上" in c.description


def test_cumulative_none_with_fewer_than_two(figs):
    assert cumulative_chart(figs, ["smart_factories"], title="t", name="t", names={}) is None


# --- scenario_plot -----------------------------------------------------------------------------------------


def test_scenario_plot_mark_and_target():
    p = scenario_plot([4.0, 5.0, 6.0], unit="%", target_value=5.0, target_label="5%左右", start_index=1,
                      colour="#1a7f37")
    mark, target = p.data
    assert (mark.y, mark.text, mark.marker.color) == ((5.0,), ("5%",), "#1a7f37")
    assert target.name == "目标 5%左右" and target.y == (5.0,)
    # the axis spans every step and the target with 10% room: 4..6 → span 2 → 3.8..6.2
    assert tuple(p.layout.yaxis.range) == pytest.approx((3.8, 6.2))


def test_scenario_plot_without_target_and_with_gaps():
    p = scenario_plot([None, 519.6, 520.8], unit="亿元", target_value=None, target_label="", start_index=1,
                      colour="#b42318")
    assert len(p.data) == 1
    assert p.data[0].text == ("519.6亿元",)
    # 519.6..520.8: span 1.2 → 519.48..520.92
    assert tuple(p.layout.yaxis.range) == pytest.approx((519.48, 520.92))


def test_measure_word():
    assert (measure_word("growth_pct"), measure_word("level"), measure_word("odd")) == ("增速", "总量", "odd")


def test_charts_are_plotly_figures(gdp, german):
    assert isinstance(gdp.plot, go.Figure) and isinstance(german.plot, go.Figure)
    assert (gdp.name, gdp.title) == ("gdp", "地区生产总值增速")


def test_no_legend_entry_for_a_line_that_is_not_drawn(figs):
    # retail growth is published for 2014 and 2019 only: no two consecutive years, so no line is drawn
    c = history_chart(figs, "retail_sales", "growth_pct", title="社会消费品零售总额增速", name="r")
    assert c.plot.data[0].name == "历年数据" and c.plot.data[0].showlegend is False
    # GDP growth 2018–2019 are consecutive: the line is drawn and named
    g = history_chart(figs, "gdp", "growth_pct", title="地区生产总值增速", name="g")
    assert g.plot.data[0].showlegend is True


def test_counts_tick_in_whole_units(figs):
    c = cumulative_chart(figs, ["german_firms"], title="德资企业累计数", name="c", names={"german_firms": "德资企业"})
    assert c.plot.layout.yaxis.tickformat == "d" and float(c.plot.layout.yaxis.dtick).is_integer()


@pytest.mark.parametrize("values", [[0.0, 13.0], [0.0, 12.0, 20.0], [3.0, 57.0], [0.0, 130.0], [400.0, 560.0], [0.0, 2.0]])
def test_count_axes_step_1_2_5_and_hold_the_target(values):
    """Issue 20: no 2.5 × 10ⁿ step (0, 3, 5, 8, 10, 13 …); the highest value (a target) inside the axis."""
    import math

    import plotly.graph_objects as go

    from taicang_analysis.notebook.charts import whole_ticks

    p = go.Figure()
    whole_ticks(p, values)
    step = p.layout.yaxis.dtick
    lead = step / 10 ** math.floor(math.log10(step))
    assert isinstance(step, int) and lead in (1, 2, 5)
    bottom, top = p.layout.yaxis.range
    assert bottom <= min(values) and top > max(values) and top % step == 0

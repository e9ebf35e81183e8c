"""The leadership report: self-contained, offline, code hidden, kernel-free scenarios that agree with
the Python engine, atomic and reproducible builds, escaped data, PNG and CSV beside it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from browser import offline_page

from taicang_analysis import cli
from taicang_analysis.assess import scenario_start, scenario_table
from taicang_analysis.context import NOTEBOOK_DIR, SHIPPED_DATA_DIR
from taicang_analysis.notebook.sections import target_row
from taicang_analysis.report.build import ReportBuildError, build_report

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("report")]
EDITION = "2023-12-31"
FIVE_MB = 5_000_000  # "at most 5 MB": decimal megabytes, the stricter reading


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "reports"
    build_report(2023, out=out, edition=EDITION, progress=False, png=True)
    return out


@pytest.fixture(scope="module")
def html(built) -> str:
    return (built / "index.html").read_text(encoding="utf-8")


def test_self_contained(html, built):
    assert not re.search(r"<script[^>]+src=", html), "no external or relative script"
    assert not re.search(r"<link[^>]+href=", html), "no stylesheet or font link"
    assert not re.search(r"(?i)mathjax|require\.js|jquery", html.split("plotly.js (basic")[0])
    assert html.count("* plotly.js (") == 1, "plotly.js embedded once, not once per chart"
    assert (built / "index.html").stat().st_size <= FIVE_MB


def test_code_hidden_and_chinese_front_matter(html):
    assert "import taicang_analysis" not in html and "ta.scenario(" not in html
    assert "<title>太仓市2023年政府工作报告主要目标进展</title>" in html
    assert f"编印日期 Edition: {EDITION}" in html
    # data vintage: the latest published period in data/figures.csv is 2026-02-25 (over 560 German firms)
    assert "公开数据最新至 2026-02-25" in html


def test_scorecard_first_then_targets_then_sources(html):
    headings = ("一、目标总览", "二、地区生产总值", "八、太仓港集装箱吞吐量", "附录: 方法说明与数据来源")
    order = [html.index(h) for h in headings]
    assert order == sorted(order)
    # every published quote is in the appendix, escaped like any text from data
    import html as htmllib

    quotes = pl.read_csv(SHIPPED_DATA_DIR / "figures.csv")["quote"].to_list()
    assert all(htmllib.escape(q, quote=True) in html for q in quotes)


def test_every_chart_draws_offline_without_errors(built, html):
    ids = re.findall(r'<div class="plotly-graph-div" id="(chart-[\w-]+)"', html)
    assert len(ids) >= 20
    with offline_page() as (page, log):
        page.goto((built / "index.html").as_uri())
        page.wait_for_load_state("load")
        drawn = page.evaluate(
            "ids => ids.filter(i => document.getElementById(i).querySelector('.main-svg')).length", ids)
        assert drawn == len(ids)
        assert page.evaluate("typeof window.taicangFirstChartMs") == "number"
    assert log == {"outside": [], "failed": [], "console_errors": [], "dialogs": []}


@pytest.mark.parametrize("steps", [[0, 20, 40]])
def test_slider_in_the_file_matches_the_python_engine(built, steps):
    # drag the GDP scenario slider in the static page (no kernel) and read what it shows
    start = scenario_start(target_row("gdp_growth"))
    with offline_page() as (page, _log):
        page.goto((built / "index.html").as_uri())
        chart = page.locator("#chart-gdp_growth-scenario")
        chart.scroll_into_view_if_needed()
        rail = chart.locator(".slider-rail-rect").bounding_box()
        grid = page.evaluate("() => document.getElementById('chart-gdp_growth-scenario')"
                             ".layout.sliders[0].steps.map(s => s.label)")
        n = len(grid)
        for i in steps:
            x = rail["x"] + 6 + (rail["width"] - 12) * i / (n - 1)
            page.mouse.click(x, rail["y"] + rail["height"] / 2)
            page.wait_for_timeout(150)
            shown = page.evaluate("() => { const g = document.getElementById('chart-gdp_growth-scenario');"
                                  " return [g.layout.sliders[0].active, g.data[0].y[0], g.layout.title.text]; }")
            active, y, title = shown
            assumption = float(grid[active].rstrip("%"))
            row = scenario_table(start, [assumption]).row(0, named=True)
            assert active == i
            assert y == pytest.approx(row["year_end_growth"], abs=1e-9)
            # the sentence shows the year-end level: 1653.57 × (1 + g/100) with 2 decimals
            level = f"{row['year_end_value']:,.2f}".rstrip("0").rstrip(".")
            assert f"预计全年{level}亿元" in title
    # hand check of one step: step 0 is −5%: 1653.57 × 0.95 = 1570.8915 → "1,570.89亿元"
    assert scenario_table(start, [-5.0])["year_end_value"][0] == pytest.approx(1570.8915)


def test_png_and_csv_beside_the_report(built, html):
    ids = sorted(i.removeprefix("chart-") for i in re.findall(r'class="plotly-graph-div" id="(chart-[\w-]+)"', html))
    charts = built / "charts"
    assert sorted(p.stem for p in charts.glob("*.png")) == ids
    assert sorted(p.stem for p in charts.glob("*.csv")) == ids
    png = (charts / "gdp-growth.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1000, 500)
    data = pl.read_csv(charts / "gdp-growth.csv")
    # the bulletin's 2022 GDP growth, 2.2%, is among the chart's data
    assert data.filter(pl.col("x") == 2022, pl.col("series") == "最终数")["y"].to_list() == [2.2]


def _notebooks(tmp_path: Path, names: list[str]) -> list[Path]:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for n in names:
        shutil.copy2(NOTEBOOK_DIR / n, folder / n)
    return [folder / n for n in names]


def test_two_builds_are_byte_identical(tmp_path):
    nbs = _notebooks(tmp_path, ["00_overview.ipynb", "10_gdp.ipynb", "13_german_enterprises.ipynb"])
    a = build_report(2023, out=tmp_path / "a", edition=EDITION, notebooks=nbs, png=False, progress=False)
    b = build_report(2023, out=tmp_path / "b", edition=EDITION, notebooks=nbs, png=False, progress=False)
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "a/charts/gdp-growth.csv").read_bytes() == (tmp_path / "b/charts/gdp-growth.csv").read_bytes()


def test_failing_notebook_stops_the_build_and_keeps_the_previous_report(tmp_path, capsys):
    import nbformat

    nbs = _notebooks(tmp_path, ["00_overview.ipynb", "10_gdp.ipynb"])
    out = tmp_path / "reports"
    build_report(2023, out=out, edition=EDITION, notebooks=nbs, png=False, progress=False)
    before = (out / "index.html").read_bytes()
    book = nbformat.read(nbs[1], as_version=4)
    book.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('坏数据 boom')"))
    nbformat.write(book, nbs[1])
    with pytest.raises(ReportBuildError) as err:
        build_report(2023, out=out, edition="2024-01-31", notebooks=nbs, png=False, progress=False)
    # the inserted cell is the 4th of 10_gdp.ipynb
    assert "10_gdp.ipynb" in str(err.value) and "第4个单元格" in str(err.value) and "boom" in str(err.value)
    assert (out / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".report-*")), "staging folder cleaned up"


def test_command_line_failure_exit_code(tmp_path, monkeypatch, capsys):
    import nbformat

    nbs = _notebooks(tmp_path, ["00_overview.ipynb"])
    book = nbformat.read(nbs[0], as_version=4)
    book.cells.append(nbformat.v4.new_code_cell("1/0"))
    nbformat.write(book, nbs[0])
    monkeypatch.setattr("taicang_analysis.context.NOTEBOOK_DIR", nbs[0].parent)
    monkeypatch.setattr("taicang_analysis.report.build.NOTEBOOK_DIR", nbs[0].parent)
    code = cli.main(["build", "--out", str(tmp_path / "r"), "--quiet", "--no-png"])
    assert code == 1
    err = capsys.readouterr().err
    assert "00_overview.ipynb" in err and "ZeroDivisionError" in err
    assert not (tmp_path / "r" / "index.html").exists()


def test_text_from_data_is_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA_DIR, data, ignore=shutil.ignore_patterns("monthly"))
    (data / "monthly").mkdir()
    figures = pl.read_csv(data / "figures.csv", infer_schema=False)
    evil = "<script>alert('x')</script>公报"
    figures = figures.with_columns(
        pl.when(pl.int_range(pl.len()) == 8).then(pl.lit(evil)).otherwise(pl.col("source_title")).alias("source_title"))
    figures.write_csv(data / "figures.csv")
    nbs = _notebooks(tmp_path, ["00_overview.ipynb", "99_sources.ipynb"])
    page_html = build_report(2023, data=data, out=tmp_path / "r", edition=EDITION, notebooks=nbs, png=False,
                             progress=False).read_text(encoding="utf-8")
    assert "<script>alert(" not in page_html
    # shown as text in the scorecard and the appendix (nbconvert may write ' for &#x27;)
    assert page_html.count("&lt;script&gt;alert(") >= 2
    with offline_page() as (page, log):
        page.goto((tmp_path / "r" / "index.html").as_uri())
        page.wait_for_load_state("load")
    assert log["dialogs"] == []

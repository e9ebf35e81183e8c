"""HTML pieces for the notebooks (taicang_analysis.notebook.sections): scorecard, sources, figures tables,
empty states. Text from data must be escaped.

Values marked SYNTHETIC are invented for the tests; the others are published figures.
"""

from __future__ import annotations

import polars as pl
import pytest
from conftest import write_monthly

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.notebook import sections as views
from taicang_analysis.notebook.formats import esc
from taicang_analysis.notebook.sections import (
    figures_table,
    has_figures,
    scorecard_html,
    show_empty_state,
    sources_html,
    target_row,
)
from taicang_analysis.sources.figures import FIGURE_SCHEMA, load_published_figures
from taicang_analysis.sources.targets import load_targets

JUNE = {"issuer": "太仓市统计局", "report": "2023年6月统计月报", "date": "2023-07-20"}


@pytest.fixture(autouse=True)
def _shipped(monkeypatch):
    monkeypatch.delenv("TAICANG_DATA", raising=False)
    monkeypatch.delenv("TAICANG_YEAR", raising=False)
    monkeypatch.delenv("TAICANG_REPORT", raising=False)


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """Capture what views show through show_html."""
    out: list[str] = []
    monkeypatch.setattr(views, "show_html", out.append)
    return out


# --- target_row ---------------------------------------------------------------------------------------


def test_target_row():
    t = target_row("new_listings", 2023)
    assert (t["value"], t["value_high"], t["unit"], t["qualifier"]) == (2.0, 3.0, "家", "strive")
    assert t["phrase"] == "力争新增上市企业2~3家"


def test_target_row_unknown():
    with pytest.raises(KeyError, match="no_such"):
        target_row("no_such", 2023)


def test_target_row_year_from_env(monkeypatch):
    from taicang_analysis.errors import DataFileError

    monkeypatch.setenv("TAICANG_YEAR", "2031")
    with pytest.raises(DataFileError):
        target_row("gdp_growth")


# --- scorecard_html ------------------------------------------------------------------------------------


def test_scorecard_html_names_every_target():
    html = scorecard_html(2023)
    numeric = load_targets(2023).filter(pl.col("kind").is_in(["growth_rate", "level", "count"]))
    for name in numeric["indicator_zh"].to_list():
        assert f"<td>{esc(name)}</td>" in html, name
    # one body row per numeric target
    assert html.count("<tr><td>") == 17
    assert html.startswith("<p>共17项数值目标: 无数据 16项, 未完成 1项。")
    # port: 803.9 / 900 = 89.3 %, off_track (未完成: the year is complete), the published figure and its date
    assert "<td>803.9万标箱 (2023年)</td><td class='num'>89.3%</td>" in html
    assert "突破900万标箱" in html
    # a target without any figure says so
    assert "<td>暂无公开数据</td>" in html


def test_scorecard_html_escapes_source_titles(tmp_data, monkeypatch):
    # SYNTHETIC: the source title of the published port figure for 2023 replaced with markup
    figures = load_published_figures(tmp_data).with_columns(
        source_title=pl.when((pl.col("indicator") == "port_teu") & (pl.col("period") == "2023"))
        .then(pl.lit("<b>x</b>")).otherwise(pl.col("source_title")))
    assert figures.schema == pl.Schema(FIGURE_SCHEMA)
    figures.write_csv(tmp_data / "figures.csv")
    monkeypatch.setenv("TAICANG_DATA", str(tmp_data))
    html = scorecard_html(2023)
    assert "<td class='note'>&lt;b&gt;x&lt;/b&gt;</td>" in html
    assert "<b>x</b>" not in html


def test_scorecard_html_year_from_env(monkeypatch):
    monkeypatch.setenv("TAICANG_YEAR", "2023")
    assert scorecard_html() == scorecard_html(2023)


# --- has_figures and the empty state ------------------------------------------------------------------


def test_has_figures_shipped():
    assert has_figures("foreign_investment") is False
    assert has_figures("gdp") is True
    # only a target, no figure: disposable_income has a 2023 target row but no figure
    assert has_figures("disposable_income") is False


def test_has_figures_with_an_analyst_file(tmp_data, monkeypatch):
    monkeypatch.setenv("TAICANG_DATA", str(tmp_data))
    assert has_figures("foreign_investment") is False
    # SYNTHETIC: 实际使用外资 Jan-Jun 2023 3.5 亿美元, +12 %
    write_monthly(tmp_data / "monthly", "fdi_2023_06.csv",
                  [["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"],
                   ["实际使用外资", "亿美元", 3.5, 12]], provenance=JUNE)
    assert has_figures("foreign_investment") is True
    table = figures_table("foreign_investment")
    assert "<td class='num'>3.5亿美元</td>" in table
    assert "2023年6月统计月报 (太仓市统计局, 2023-07-20)" in table


def test_show_empty_state(shown):
    show_empty_state("foreign_investment", "实际<使用>外资", "亿美元")
    (html,) = shown
    assert "实际&lt;使用&gt;外资: 暂无数据。" in html
    assert "实际<使用>外资" not in html
    assert "data/templates/" in html and "data/monthly/" in html
    assert "单位写“亿美元”" in html
    assert "“YYYY-MM 累计值”和“YYYY-MM 累计增长%”" in html


# --- figures_table ------------------------------------------------------------------------------------


def test_figures_table_bounds_and_status():
    table = figures_table("port_teu")
    # 2024: 突破1000万标箱 → lower bound; 2023: 803.9 exact, final
    assert "<td>2024</td><td>总量</td><td class='num'>1,000万标箱以上(下限)</td><td>最终数</td>" in table
    assert "<td>2023</td><td>总量</td><td class='num'>803.9万标箱</td><td>最终数</td>" in table
    # 2016-07 comes first (sorted by year and month); the 2023 target row is not a figure
    assert table.index("<td>2016-07</td>") < table.index("<td>2023</td>")
    assert "target" not in table and "目标" not in table


def test_figures_table_approximate_and_measures():
    table = figures_table("german_firms", measures=("count_total",))
    assert "<td class='num'>约500家</td>" in table  # 近500家 (2023-10-19)
    assert "<td class='num'>550家以上(下限)</td>" in table
    assert "累计数" in table
    gdp = figures_table("gdp", measures=("level",))
    assert "增速" not in gdp
    assert "<td>2022</td><td>总量</td><td class='num'>1,653.57亿元</td><td>最终数</td>" in gdp
    assert "<td>2014</td><td>总量</td><td class='num'>1,065.3亿元</td><td>预计数(初步)</td>" in gdp


# --- sources_html -----------------------------------------------------------------------------------------


def test_sources_html_lists_every_quote():
    html = sources_html()
    figures = pl.read_csv(SHIPPED_DATA_DIR / "figures.csv", infer_schema=False)
    assert figures.height == 92
    for quote in figures["quote"].to_list():
        assert f"“{esc(quote)}”" in html, quote
    # one row per figure (92) plus the header
    assert html.count("<tr>") == figures.height + 1


def test_sources_html_links_and_values():
    html = sources_html()
    # values with 2 decimals at most, trailing zeros trimmed
    assert "<td class='num'>1,653.57亿元</td>" in html
    assert "<td class='num'>46,377元</td>" in html
    # a target without a value is a dash; its status reads 目标
    assert "<td class='num'>—</td><td>目标</td>" in html
    # only http(s) URLs become links, and they open without a referrer
    assert "rel='noreferrer noopener'" in html
    assert "<a href='javascript" not in html


def test_sources_html_escapes(tmp_data, monkeypatch):
    # SYNTHETIC: a quote with markup and a javascript: URL must not become live HTML
    figures = load_published_figures(tmp_data).with_columns(
        quote=pl.when(pl.col("period") == "2014").then(pl.lit("<img src=x onerror=alert(1)>"))
        .otherwise(pl.col("quote")),
        source_url=pl.when(pl.col("period") == "2014").then(pl.lit("javascript:alert(1)"))
        .otherwise(pl.col("source_url")),
    )
    figures.write_csv(tmp_data / "figures.csv")
    monkeypatch.setenv("TAICANG_DATA", str(tmp_data))
    html = sources_html()
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<a href='javascript" not in html
    assert "javascript:alert(1)" in html  # shown as text, not a link


def test_show_wrappers_display_escaped_html(shown, monkeypatch):
    views.show_sources()
    views.show_figures("port_teu", measures=("level",))
    t = views.show_target("port_teu", 2023)
    assert t["id"] == "port_teu"
    assert len(shown) == 3
    assert shown[0] == sources_html()
    assert shown[1] == figures_table("port_teu", measures=("level",))
    assert "2023年目标: 太仓港集装箱吞吐量 突破900万标箱" in shown[2]
    assert "政府工作报告原文: “推动集装箱吞吐量突破900万标箱”" in shown[2]


def test_show_history_and_cumulative_use_show(monkeypatch):
    calls = []
    monkeypatch.setattr(views, "show", lambda fig, name: calls.append((fig, name)))
    views.show_history("gdp", "growth_pct", title="GDP增速", target_id="gdp_growth", name="gdp-growth")
    views.show_cumulative(["german_firms", "german_projects"], title="德资",
                          names={"german_firms": "德资企业", "german_projects": "德资项目"},
                          name="german")
    assert [n for _, n in calls] == ["gdp-growth", "german"]
    assert [tr.name for tr in calls[0][0].data][-1] == "目标 5%左右"
    assert [tr.name for tr in calls[1][0].data] == ["德资企业(家)", "德资项目(个)"]

"""Issue 20's two SYNTHETIC April tables reach the panel, Lab and the report, each value listing
both files where the tables agree.

- ``SYNTHETIC_太仓市2023年1-4月主要经济指标.csv``: Taicang's own table — retail sales 本月 45.2 and
  累计 180.6 (6.1%), fixed-asset investment 210.4, industrial investment 95.7, the port 256.7 (本月 70.1);
- ``SYNTHETIC_2023年1-4月苏州各市区主要经济指标.csv``: five places, the unit in the sub-header
  (「1-4月(亿元) | 增长(%)」); its Taicang retail level equals the own table's (180.6) and it adds
  the budget-revenue level (66.3).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from badfiles import OWN, PLACES_SUBUNIT, H, bureau_side, csv_bytes

from taicang_analysis.sources.inventory import inventory
from taicang_analysis.sources.monthly import load_monthly

OWN_FILE = "SYNTHETIC_太仓市2023年1-4月主要经济指标.csv"
PLACES_FILE = "SYNTHETIC_2023年1-4月苏州各市区主要经济指标.csv"
TODAY = dt.date(2023, 6, 15)


def write_april(data: Path) -> None:
    monthly = data / "monthly"
    (monthly / OWN_FILE).write_bytes(csv_bytes(OWN))
    (monthly / (OWN_FILE + ".source.txt")).write_bytes(bureau_side("太仓市统计局", date="2023-05-20"))
    (monthly / PLACES_FILE).write_bytes(csv_bytes(PLACES_SUBUNIT))
    (monthly / (PLACES_FILE + ".source.txt")).write_bytes(
        bureau_side("苏州市统计局", date="2023-05-25", report="SYNTHETIC 2023年1-4月苏州各市、区主要经济指标"))


@pytest.fixture
def april(tmp_data: Path) -> Path:
    write_april(tmp_data)
    return tmp_data


def test_the_panel_keeps_every_number_of_both_tables(april):
    panel = load_monthly(april, today=TODAY)
    taicang = {r["indicator"]: r for r in panel.filter(pl.col("region") == "太仓市").iter_rows(named=True)}
    retail = taicang["retail_sales"]
    # the own table's 累计 180.6 and 本月 45.2 survive the places table's 180.6 (one value, two files)
    assert (retail["ytd_value"], retail["month_value"], retail["ytd_growth"]) == (180.6, 45.2, 6.1)
    assert sorted(retail["sources"].split("；")) == sorted([OWN_FILE, PLACES_FILE])
    assert retail["conflict"] is None
    # the places table adds Taicang's budget-revenue level
    assert (taicang["budget_revenue"]["ytd_value"], taicang["budget_revenue"]["source_file"]) == (66.3, PLACES_FILE)
    assert (taicang["fai"]["ytd_value"], taicang["industrial_investment"]["ytd_value"]) == (210.4, 95.7)
    assert (taicang["port_teu"]["ytd_value"], taicang["port_teu"]["month_value"]) == (256.7, 70.1)
    # 5 places × (retail, budget) from the places table: every level and growth kept
    others = panel.filter(pl.col("region") != "太仓市")
    assert others.height == 8 and others["ytd_value"].null_count() == 0
    assert set(inventory(april, today=TODAY)["action"]) == {"read"}


def test_lab_shows_both_files_and_the_month(april):
    from taicang_analysis.notebook import sections

    shown: list[str] = []
    from taicang_analysis.run import open_run

    sections_show = sections.show_html
    sections.show_html = shown.append
    try:
        sections.data_notes(open_run(2023, april))
    finally:
        sections.show_html = sections_show
    html = "".join(shown)
    cells = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    retail = next(c for c in cells if "太仓市" in c and "社会消费品零售总额" in c)
    assert "180.6亿元" in retail and "45.2亿元" in retail and OWN_FILE in retail and PLACES_FILE in retail
    budget = next(c for c in cells if "太仓市" in c and "一般公共预算收入" in c)
    assert "66.3亿元" in budget


@pytest.mark.slow
def test_the_report_shows_them(april, tmp_path):
    from taicang_analysis.report.build import build_report

    out = tmp_path / "r"
    build_report(2023, data=april, out=out, edition="2023-06-15", progress=False, png=False, pdf=False)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "45.2亿元" in html and "180.6亿元" in html and "66.3亿元" in html
    assert OWN_FILE in html and PLACES_FILE in html


def _places_with(kunshan_growth: float, tmp_data: Path) -> pl.DataFrame:
    from taicang_analysis.sources.figures import load_figures

    rows = [r[:] for r in PLACES_SUBUNIT]
    rows[6][2] = kunshan_growth  # 昆山市's retail growth
    rows.append(["SYNTHETIC开发区", 40.0, 3.0, 10.0, 1.0])  # not a place: listed as unused, never ranked
    (tmp_data / "monthly" / PLACES_FILE).write_bytes(csv_bytes(rows))
    (tmp_data / "monthly" / (PLACES_FILE + ".source.txt")).write_bytes(bureau_side("苏州市统计局"))
    return load_figures(tmp_data, today=TODAY)


def test_a_flagged_value_of_any_place_never_ranks_and_says_why(tmp_data):
    from taicang_analysis.peers import peer_table

    # SYNTHETIC: 昆山市 retail growth 150% — the growth_unusual rule flags it (flows above 100%)
    figures = _places_with(150.0, tmp_data)
    kunshan = figures.filter(pl.col("region") == "昆山市", pl.col("indicator") == "retail_sales",
                             pl.col("measure") == "growth_pct").row(0, named=True)
    assert kunshan["reliability"] == "doubtful" and "150%" in kunshan["flag"]
    table = peer_table(figures, indicator="retail_sales", measure="growth_pct", year=2023, period_type="ytd")
    by = {r["region"]: r for r in table.iter_rows(named=True)}
    assert by["昆山市"]["rank"] is None and by["昆山市"]["rank_note"].startswith("存疑, 不排名")
    # the other four (6.1 太仓 > 5.5 常熟 > 5.0 张家港 > 4.4 吴江) are 5 of Suzhou's 10 county-level
    # places with 昆山: a rank comes only from the complete set (issue 19), so none is ranked, and each
    # says why
    assert [by[r]["rank"] for r in ("太仓市", "常熟市", "张家港市", "吴江区")] == [None] * 4
    assert all("位次不全" in by[r]["rank_note"] for r in ("太仓市", "常熟市", "张家港市", "吴江区"))
    assert "SYNTHETIC开发区" not in by


def test_values_no_rule_flags_stay_official(tmp_data):
    figures = _places_with(7.0, tmp_data)
    assert set(figures.filter(pl.col("origin") == "analyst")["reliability"]) == {"official"}


def test_one_pass_opens_each_file_at_most_twice(april):
    """read_monthly parses each file once and opens it at most twice (its .source.txt apart);
    Python's audit hook sees the opens of openpyxl, zipfile and csv (SYNTHETIC files)."""
    import sys

    from badfiles import GDP, PORT, openpyxl_bytes

    from taicang_analysis.sources.monthly import read_monthly

    book = april / "monthly" / "SYNTHETIC_模板.xlsx"
    book.write_bytes(openpyxl_bytes({"4月": [H, GDP, PORT]}))
    (april / "monthly" / "SYNTHETIC_模板.xlsx.source.txt").write_bytes(bureau_side("太仓市统计局"))
    opens: dict[str, int] = {}
    watching = [True]

    def hook(event, args):
        if watching[0] and event == "open" and isinstance(args[0], str | Path):
            name = Path(args[0]).name
            opens[name] = opens.get(name, 0) + 1

    sys.addaudithook(hook)
    try:
        read = read_monthly(april, today=TODAY)
    finally:
        watching[0] = False
    assert read.error is None and read.panel.height
    for name in (OWN_FILE, PLACES_FILE, book.name):
        assert 1 <= opens.get(name, 0) <= 2, (name, opens)


def test_a_scenario_starts_from_the_month_not_a_derived_year(april):
    """Shipped data derive fai 2023 = 553.5 (a full year, 推算); the April table observes 210.4:
    the scenario starts from April (issue 20: a month beats a derived annual value)."""
    from taicang_analysis.assess import scenario_starts

    shipped = scenario_starts(2023).filter(pl.col("id") == "fai_level").row(0, named=True)
    assert (shipped["month"], shipped["start_release"]) == (12, "derived")  # no observed month shipped
    start = scenario_starts(2023, april).filter(pl.col("id") == "fai_level").row(0, named=True)
    assert (start["month"], start["ytd_value"], start["start_origin"]) == (4, 210.4, "analyst")


def test_a_converted_unit_and_unused_rows_are_said(tmp_data):
    """SYNTHETIC: retail sales in 万元 (1806000万元 = 180.6亿元) and a row the catalogue does not know."""
    rows = [["太仓市2023年1-4月主要经济指标 (SYNTHETIC)"], ["指标名称", "计量单位", "1-4月", "增长%"],
            ["社会消费品零售总额", "万元", 1806000, 6.1], ["SYNTHETIC 工业用电量", "亿千瓦时", 30.2, 2.0]]
    (tmp_data / "monthly" / "SYNTHETIC_wan.csv").write_bytes(csv_bytes(rows))
    (tmp_data / "monthly" / "SYNTHETIC_wan.csv.source.txt").write_bytes(bureau_side("太仓市统计局"))
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.select("ytd_value", "unit").rows() == [(180.6, "亿元")]
    reason = inventory(tmp_data, today=TODAY).filter(pl.col("file") == "SYNTHETIC_wan.csv")["reason"][0]
    assert "万元换算为亿元" in reason and "未使用: 第4行 SYNTHETIC工业用电量" in reason


def test_the_inventory_counts_each_files_own_values(april):
    listed = {r["file"]: r["reason"] for r in inventory(april, today=TODAY).iter_rows(named=True)}
    # own table: retail 45.2/180.6/6.1, fai 210.4/5.3, industrial 95.7/8.2, port 70.1/256.7/0.8 = 10
    assert listed[OWN_FILE].startswith("10个数值, 4个指标")
    # places table: 5 places × 2 indicators × (level, growth) = 20 (Taicang's 本月 is the own table's)
    assert listed[PLACES_FILE].startswith("20个数值, 2个指标")

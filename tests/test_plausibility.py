"""Plausibility rules (taicang_analysis.sources.plausibility, data/plausibility.csv).

Every monthly value here is a SYNTHETIC test value. The published figures they are compared with
come from the shipped data/figures.csv (each with its source there): GDP 2022 1653.57亿元 and 2023
1734.94亿元; port 2022 802.6万标箱; German firms' running total (存量) 478家 on 2023-03-28 and 487家
in 2023-06.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from conftest import raises_one, write_monthly

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.monthly import load_monthly
from taicang_analysis.sources.panel import PANEL_SCHEMA
from taicang_analysis.sources.plausibility import (
    CHECKS,
    check_panel,
    check_report_dates,
    findings,
    load_rules,
    read_accepts,
)

TODAY = dt.date(2024, 2, 1)


def panel(*rows, report_date="2023-05-20") -> pl.DataFrame:
    """(indicator, year, month, ytd_value, ytd_growth) rows of one file m.csv, one row each."""
    recs = [{"indicator": i, "year": y, "month": m, "ytd_value": v, "ytd_growth": g, "unit": "",
             "source_file": "m.csv", "source_row": n, "issuer": "SYNTHETIC", "report": "SYNTHETIC",
             "report_date": report_date, "flag": None, "accepted": None}
            for n, (i, y, m, v, g) in enumerate(rows, start=2)]
    return pl.DataFrame(recs, schema=PANEL_SCHEMA, orient="row")


def seen(frame: pl.DataFrame) -> list[tuple[str, str, int]]:
    return [(f.rule.id, f.indicator, f.month) for f in findings(frame, today=TODAY)]


# --- the rules file -----------------------------------------------------------------------------

def test_every_rule_is_documented_as_data_and_every_row_has_code():
    rules = load_rules()
    assert [r.id for r in rules] == list(CHECKS)
    for rule in rules:
        assert rule.action in ("stop", "flag")
        assert rule.description and rule.check  # each says, in Chinese, what it saw and what to check


@pytest.mark.parametrize(
    ("line", "column"),
    [("nonsense,stop,,说明,核对", "id"), ("unit_scale,maybe,,说明,核对", "action"),
     ("unit_scale,stop,factor=many,说明,核对", "params"), ("unit_scale,stop,factor,说明,核对", "params")],
)
def test_bad_rules_file(tmp_data, line, column):
    (tmp_data / "plausibility.csv").write_text("id,action,params,description,check\n" + line + "\n",
                                              encoding="utf-8")
    err = raises_one(lambda: load_rules(tmp_data))
    assert (err.row, err.column) == (2, column)


def test_the_data_folder_s_rules_win(tmp_data):
    # an analyst turns growth_range into a flag and switches unit_scale off in her own copy
    text = (SHIPPED_DATA_DIR / "plausibility.csv").read_text(encoding="utf-8")
    text = text.replace("growth_range,stop", "growth_range,flag").replace("unit_scale,stop", "unit_scale,off")
    (tmp_data / "plausibility.csv").write_text(text, encoding="utf-8")
    write_monthly(tmp_data / "monthly", "m.csv", [["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"],
                                                  ["地区生产总值", "亿元", "5408000", "9999"]])
    got = load_monthly(tmp_data, today=TODAY)
    assert got.select("ytd_value", "ytd_growth").row(0) == (5408000.0, 9999.0)
    assert "9999" in got["flag"][0] and "单位" not in got["flag"][0]


# --- each rule ----------------------------------------------------------------------------------

def test_unit_scale_against_the_published_level():
    # 2023-04 GDP 5408000 → full year 5408000 × 12 / 4 = 16224000; published 2023: 1734.94;
    # 16224000 / 1734.94 = 9351 ≥ 1000 and log10(9351) = 3.97 ≈ 4: 单位可能是万元
    got = findings(panel(("gdp", 2023, 4, 5408000.0, None)), today=TODAY)
    assert [f.rule.id for f in got] == ["unit_scale"]
    assert "9351 倍" in got[0].saw and "单位可能是万元" in got[0].saw
    # 540.8 → 1622.4, 0.94 of the published level: nothing seen
    assert seen(panel(("gdp", 2023, 4, 540.8, 4.2))) == []


def test_unit_scale_against_the_other_months():
    # foreign investment has no published level: the median of the other months decides
    # (Jan 1.2 → 14.4 a year, Feb 2.5 → 15, Mar 3.6 → 14.4; April 38000 → 114000: ×7917)
    rows = [("foreign_investment", 2023, m, v, None) for m, v in ((1, 1.2), (2, 2.5), (3, 3.6), (4, 38000.0))]
    assert seen(panel(*rows)) == [("unit_scale", "foreign_investment", 4)]


def test_cumulative_falls():
    rows = [("gdp", 2023, 3, 540.8, None), ("gdp", 2023, 4, 401.2, None), ("gdp", 2024, 1, 130.0, None)]
    # April < March is seen; January of the next year starts again and is not
    assert seen(panel(*rows)) == [("cumulative_falls", "gdp", 4)]
    # equal within rounding (2 decimals for GDP: 0.005) is not a fall
    assert seen(panel(("gdp", 2023, 3, 540.8, None), ("gdp", 2023, 4, 540.8, None))) == []


def test_cumulative_falls_skips_land_cleared():
    # 腾地 can be negative in a month (the rule's skip parameter)
    assert seen(panel(("land_cleared", 2023, 3, 20.0, None), ("land_cleared", 2023, 4, 12.5, None))) == []


@pytest.mark.parametrize(
    ("indicator", "growth", "rules"),
    [("gdp", 9999.0, ["growth_range", "growth_unusual"]), ("gdp", -150.0, ["growth_range", "growth_unusual"]),
     ("gdp", -100.0, ["growth_unusual"]), ("gdp", 150.0, ["growth_unusual"]), ("gdp", 100.0, []),
     ("german_firms", 150.0, []), ("german_firms", -100.0, [])],
)
def test_growth_ranges(indicator, growth, rules):
    assert [r for r, _, _ in seen(panel((indicator, 2023, 4, None, growth)))] == rules


def test_fraction_in_count():
    assert seen(panel(("german_firms", 2023, 4, 12.5, None))) == [("fraction_in_count", "german_firms", 4)]
    assert seen(panel(("german_firms", 2023, 4, 12.0, None))) == []


def test_count_equal_to_the_running_total():
    # 487 = the published 存量 of 2023-06 (and far above 30% of 478, the 存量 before April)
    got = findings(panel(("german_firms", 2023, 4, 487.0, None)), today=TODAY)
    assert {f.rule.id for f in got} == {"count_equals_stock", "count_above_stock_share"}
    # a small count equal to nothing known: nothing seen
    assert seen(panel(("german_firms", 2023, 4, 17.0, None))) == []


def test_count_above_the_share_of_the_running_total():
    # 30% of 478 (the 存量 of 2023-03-28, the latest before April) is 143.4: 144 is seen, 143 not
    assert seen(panel(("german_firms", 2023, 4, 144.0, None))) == [("count_above_stock_share", "german_firms", 4)]
    assert seen(panel(("german_firms", 2023, 4, 143.0, None))) == []


def test_december_against_last_year():
    # port 2023-12: 804.0 and 5.0% → 2022 = 804.0 / 1.05 = 765.71; published 2022: 802.6, 4.6% apart.
    # Tolerance: growth rounding 804.0 × 0.05 / 100 / 1.05² = 0.36, level rounding 0.05 / 1.05 = 0.05,
    # base rounding 0.05, slack 802.6 × 0.3% = 2.41: 2.87 in all — 36.89 is beyond it.
    got = findings(panel(("port_teu", 2023, 12, 804.0, 5.0)), today=TODAY)
    assert [f.rule.id for f in got] == ["december_vs_last_year"]
    assert "765.71" in got[0].saw and "802.6" in got[0].saw
    # 804.0 and 0.2% → 802.40, 0.20 from 802.6: within the tolerance
    assert seen(panel(("port_teu", 2023, 12, 804.0, 0.2))) == []


def test_december_at_comparable_prices_has_a_wider_slack():
    # GDP growth is real, the level nominal: 1734.94 / 1.05 = 1652.32 against 1653.57 (0.08%) — fine;
    # 1734.94 / 1.25 = 1387.95, 16% below 1653.57: beyond the 8% slack
    assert seen(panel(("gdp", 2023, 12, 1734.94, 5.0))) == []
    assert seen(panel(("gdp", 2023, 12, 1734.94, 25.0))) == [("december_vs_last_year", "gdp", 12)]


def test_report_date_in_the_future(tmp_path):
    frame = panel(("gdp", 2023, 4, 540.8, 4.2), report_date="2032-05-20")
    err = raises_one(lambda: check_report_dates(frame, files={"m.csv": tmp_path / "m.csv"}, today=TODAY))
    assert (err.file, err.column, err.value) == (str(tmp_path / "m.csv.source.txt"), "date", "2032-05-20")
    check_report_dates(panel(("gdp", 2023, 4, 540.8, 4.2), report_date="2024-02-01"), files={}, today=TODAY)


# --- accept lines and the panel's flag / accepted -----------------------------------------------

def _sidecar(tmp_path, *lines):
    (tmp_path / "m.csv.source.txt").write_text("date: 2023-05-20\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "m.csv"


def test_accept_spellings(tmp_path):
    path = _sidecar(tmp_path, "accept: 2023-04 地区生产总值 累计值 | 口径调整, 已与统计局核实",
                    "接受：2023年4月 GDP 累计增长% ｜ SYNTHETIC 原因二", "Accept: 2023.03 port_teu | 两项都接受")
    assert read_accepts(path) == {
        ("gdp", 2023, 4, "value"): "口径调整, 已与统计局核实",
        ("gdp", 2023, 4, "growth"): "SYNTHETIC 原因二",
        ("port_teu", 2023, 3, "value"): "两项都接受",
        ("port_teu", 2023, 3, "growth"): "两项都接受",
    }


@pytest.mark.parametrize(
    ("line", "words"),
    [("accept: 2023-04 地区生产总值 累计值", "原因"), ("accept: 2023-04 地区生产总值 累计值 |  ", "原因"),
     ("accept: 地区生产总值 | 没有期别", "无法识别"), ("accept: 2023-04 工业用电量 | x", "未知指标")],
)
def test_bad_accept_lines(tmp_path, line, words):
    err = raises_one(lambda: read_accepts(_sidecar(tmp_path, line)))
    assert (err.file, err.row, err.column) == (str(tmp_path / "m.csv.source.txt"), 2, "accept")
    assert words in err.problem


def test_stop_raises_with_the_accept_hint(tmp_path):
    path = _sidecar(tmp_path)
    err = raises_one(lambda: check_panel(panel(("gdp", 2023, 4, 5408000.0, 4.2)), files={"m.csv": path},
                                         today=TODAY))
    assert (err.file, err.row, err.column, err.value) == (str(path), 2, "2023-04 累计值", 5408000.0)
    assert "[规则 unit_scale]" in err.problem
    assert "accept: 2023-04 地区生产总值 累计值 | 原因" in err.expected


def test_accepted_stop_passes_with_flag_and_reason(tmp_path):
    path = _sidecar(tmp_path, "accept: 2023-04 地区生产总值 累计值 | SYNTHETIC 已核实")
    got = check_panel(panel(("gdp", 2023, 4, 5408000.0, 4.2), ("port_teu", 2023, 4, 256.7, 0.8)),
                      files={"m.csv": path}, today=TODAY)
    assert got.columns == list(PANEL_SCHEMA)
    gdp, port = got.sort("indicator").iter_rows(named=True)
    assert gdp["accepted"] == "SYNTHETIC 已核实"
    assert gdp["flag"].startswith("累计值: ") and "单位可能是万元" in gdp["flag"] and "请核对" in gdp["flag"]
    assert (port["flag"], port["accepted"]) == (None, None)


def test_an_accept_for_the_growth_does_not_accept_the_level(tmp_path):
    path = _sidecar(tmp_path, "accept: 2023-04 地区生产总值 累计增长% | SYNTHETIC")
    with pytest.raises(DataFileError, match="unit_scale"):
        check_panel(panel(("gdp", 2023, 4, 5408000.0, 4.2)), files={"m.csv": path}, today=TODAY)


def test_flag_keeps_the_value(tmp_path):
    got = check_panel(panel(("gdp", 2023, 4, 540.8, 150.0)), files={"m.csv": _sidecar(tmp_path)}, today=TODAY)
    assert got.select("ytd_growth", "accepted").row(0) == (150.0, None)
    assert got["flag"][0].startswith("累计增长%: ") and "150%" in got["flag"][0]


def test_an_accept_in_another_file_s_sidecar_does_not_count(tmp_data):
    # a.csv holds the jump; the accept line is beside b.csv: it does not accept a.csv's value
    folder = tmp_data / "monthly"
    write_monthly(folder, "a.csv", [["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", "5408000"]])
    b = write_monthly(folder, "b.csv", [["指标名称", "单位", "2023-03 累计值"], ["地区生产总值", "亿元", "401.2"]])
    with b.with_name("b.csv.source.txt").open("a", encoding="utf-8") as fh:
        fh.write("accept: 2023-04 地区生产总值 累计值 | SYNTHETIC\n")
    err = raises_one(lambda: load_monthly(tmp_data, today=TODAY))
    assert err.file.endswith("a.csv")


def test_falls_across_files_are_seen_after_revisions(tmp_data):
    # March 540.8 (report of 2023-05-20) and April 401.2 (another file): the panel of both falls
    folder = tmp_data / "monthly"
    write_monthly(folder, "a.csv", [["指标名称", "单位", "2023-03 累计值"], ["地区生产总值", "亿元", "540.8"]])
    write_monthly(folder, "b.csv", [["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", "401.2"]])
    err = raises_one(lambda: load_monthly(tmp_data, today=TODAY))
    assert (err.file.endswith("b.csv"), err.row, err.value) == (True, 2, 401.2)
    assert "a.csv 第2行" in err.problem
    # a later report revises March to 301.2: now the months rise and nothing stops
    write_monthly(folder, "c.csv", [["指标名称", "单位", "2023-03 累计值"], ["地区生产总值", "亿元", "301.2"]],
                  provenance={"issuer": "SYNTHETIC", "report": "SYNTHETIC 修订", "date": "2023-06-01"})
    got = load_monthly(tmp_data, today=TODAY)
    assert got.select("month", "ytd_value", "source_file").rows() == [(3, 301.2, "c.csv"), (4, 401.2, "b.csv")]


"""Scenario starting points, tables, required growth, sentences and the scorecard
(taicang_analysis.assess).

Figures marked SYNTHETIC are invented for the tests (written into a private copy of data/ through
``write_monthly``); every other number is a published figure from data/figures.csv.
"""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from conftest import pick_target as _target
from conftest import write_monthly

from taicang_analysis.assess import (
    NUMERIC_KINDS,
    describe,
    scenario_start,
    scenario_table,
    scorecard,
    still_required,
)
from taicang_analysis.sources.figures import load_figures
from taicang_analysis.sources.targets import load_targets

#: provenance of the SYNTHETIC June file (a made-up report)
JUNE = {"issuer": "太仓市统计局", "report": "2023年6月统计月报", "date": "2023-07-20"}
HEADER = ["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"]


@pytest.fixture
def june_gdp(tmp_data, monkeypatch):
    """tmp_data with a SYNTHETIC analyst file: GDP Jan-Jun 2023 850 亿元, +4.0 %."""
    monkeypatch.setenv("TAICANG_DATA", str(tmp_data))
    write_monthly(tmp_data / "monthly", "gdp_2023_06.csv",
                  [HEADER, ["地区生产总值", "亿元", 850, 4.0]], provenance=JUNE)
    return tmp_data


# --- scenario_start ---------------------------------------------------------------------------------


def test_start_gdp_from_the_2022_bulletin(targets):
    s = scenario_start(_target(targets, "gdp_growth"))
    # no 2023 figure: month 0 from the 2022 bulletin's 1653.57 亿元 (final)
    assert (s.month, s.mode, s.unit) == (0, "growth", "亿元")
    assert s.prev_full == 1653.57
    assert s.ytd_value == 0.0 and s.prev_ytd == 0.0 and s.ytd_growth is None
    assert "以2022年全年 1,653.57亿元 (最终数, 2022年太仓市国民经济和社会发展统计公报" in s.note


def test_start_analyst_june_file(june_gdp, targets):
    s = scenario_start(_target(targets, "gdp_growth"), data=june_gdp)
    assert (s.month, s.ytd_value, s.ytd_growth, s.prev_full) == (6, 850.0, 4.0, 1653.57)
    # last year's Jan-Jun implied by 累计值 and 累计增长%: 850 / 1.04 = 817.307692…
    assert s.prev_ytd == pytest.approx(817.3077, abs=1e-4)
    assert s.note.startswith("起点: 2023年1-6月累计 850亿元, 增长4% (分析员月报: 2023年6月统计月报")


def test_start_count_without_history_is_amount_mode(targets):
    s = scenario_start(_target(targets, "german_firms"))
    assert (s.mode, s.month, s.ytd_value, s.prev_full, s.unit) == ("amount", 0, 0.0, None, "家")
    assert "也没有2022年全年的公开数" in s.note


def test_start_port_2023_is_complete(targets):
    # port_teu: the published 2023 full year 803.9 万标箱 is the start, month 12
    s = scenario_start(_target(targets, "port_teu"))
    assert (s.mode, s.month, s.ytd_value, s.prev_full) == ("growth", 12, 803.9, 802.6)
    assert s.prev_ytd == 802.6  # at month 12 last year's same period is last year's full year


# --- still_required ---------------------------------------------------------------------------------


def test_still_required_from_month_0_is_the_target(targets):
    # from the 2022 level at month 0 the whole year must grow by the target: 5 %
    need, unit = still_required(scenario_start(_target(targets, "gdp_growth")))
    assert unit == "%"
    assert need == pytest.approx(5.0)


def test_still_required_after_june(june_gdp, targets):
    s = scenario_start(_target(targets, "gdp_growth"), data=june_gdp)
    need, unit = still_required(s)
    # by hand: P(1+G) = 1653.57 × 1.05 = 1736.2485; minus Y: 1736.2485 − 850 = 886.2485
    # P − P_m = 1653.57 − 817.307692 = 836.262308
    # 886.2485 / 836.262308 = 1.0597733 → required 5.97733 % over the remaining 6 months
    assert unit == "%"
    assert need == pytest.approx(((1653.57 * 1.05 - 850) / (1653.57 - 850 / 1.04) - 1) * 100)
    assert need == pytest.approx(5.97733, abs=1e-5)


def test_still_required_amount_per_month(targets):
    # 50 German firms over 12 months: 50 / 12 = 4.1667 per month
    s = scenario_start(_target(targets, "german_firms"))
    need, unit = still_required(s)
    assert unit == "家" and need == pytest.approx(4.1667, abs=1e-4)
    # SYNTHETIC: 30 by June leaves 20 for 6 months = 3.3333 per month
    need, _ = still_required(dataclasses.replace(s, month=6, ytd_value=30.0))
    assert need == pytest.approx(20 / 6)


def test_still_required_nothing_left_after_december(targets):
    assert still_required(scenario_start(_target(targets, "port_teu"))) == (None, "")


def test_still_required_level_target_in_growth_mode(targets):
    # SYNTHETIC: port Jan-Jun 2023 420 万标箱, last year's Jan-Jun 400, last year 802.6:
    # remaining months must bring 900 − 420 = 480 against 802.6 − 400 = 402.6 last year
    # → (480 / 402.6 − 1) × 100 = 19.2250 %
    s = scenario_start(_target(targets, "port_teu"))
    s6 = dataclasses.replace(s, month=6, ytd_value=420.0, prev_ytd=400.0)
    need, unit = still_required(s6)
    assert unit == "%" and need == pytest.approx(19.2250, abs=1e-4)


# --- scenario_table ---------------------------------------------------------------------------------


def test_table_growth_mode(targets):
    s = scenario_start(_target(targets, "gdp_growth"))
    tab = scenario_table(s, [-5.0, 0.0, 5.0, 10.0])
    assert tab.columns == ["assumption", "year_end_value", "year_end_growth", "status"]
    # 1653.57 × 0.95 = 1570.8915; × 1.00 = 1653.57; × 1.05 = 1736.2485; × 1.10 = 1818.927
    assert tab["year_end_value"].to_list() == pytest.approx([1570.8915, 1653.57, 1736.2485, 1818.927])
    assert tab["year_end_growth"].to_list() == pytest.approx([-5.0, 0.0, 5.0, 10.0])
    # 5%左右: 10 % is far above but still "met" (about = at least 4.5 %)
    assert tab["status"].to_list() == ["off_track", "off_track", "met", "met"]


def test_table_about_threshold_is_not_flipped_by_float_noise(targets):
    s = scenario_start(_target(targets, "gdp_growth"))
    # 1653.57 × 1.045 / 1653.57 − 1 is 4.4999999999… in floats; rounded it is 4.5 → met
    tab = scenario_table(s, [4.4, 4.5])
    assert tab["year_end_growth"].to_list() == [4.4, 4.5]
    assert tab["status"].to_list() == ["off_track", "met"]


def test_table_amount_mode(targets):
    s = scenario_start(_target(targets, "german_firms"))
    tab = scenario_table(s, [4.2, 4.1, 0.0])
    # 12 × 4.2 = 50.4 ≥ 50 → met; 12 × 4.1 = 49.2 < 50 → off_track (year complete)
    assert tab["year_end_value"].to_list() == pytest.approx([50.4, 49.2, 0.0])
    assert tab["year_end_growth"].to_list() == [None, None, None]
    assert tab["status"].to_list() == ["met", "off_track", "off_track"]


def test_table_after_june(june_gdp, targets):
    s = scenario_start(_target(targets, "gdp_growth"), data=june_gdp)
    tab = scenario_table(s, [5.5])
    # 850 + 836.262308 × 1.055 = 850 + 882.256735 = 1732.256735; / 1653.57 − 1 = 4.7586 %
    assert tab["year_end_value"][0] == pytest.approx(1732.256735, abs=1e-6)
    assert tab["year_end_growth"][0] == pytest.approx(4.758597, abs=1e-6)
    assert tab["status"][0] == "met"  # 4.7586 ≥ 4.5 (5%左右)
    # the required growth itself reaches exactly 5 % for the year
    need, _ = still_required(s)
    assert scenario_table(s, [need])["year_end_growth"][0] == pytest.approx(5.0, abs=1e-6)


# --- describe -----------------------------------------------------------------------------------------


def test_describe_month_0(targets):
    s = scenario_start(_target(targets, "gdp_growth"))
    row = scenario_table(s, [4.0]).row(0, named=True)
    # 1653.57 × 1.04 = 1719.7128 → 1,719.71亿元
    assert describe(s, row) == "若全年12个月同比增长4%, 预计全年1,719.71亿元, 增长4%; 目标5%左右: 未完成。"


def test_describe_after_june(june_gdp, targets):
    s = scenario_start(_target(targets, "gdp_growth"), data=june_gdp)
    row = scenario_table(s, [5.5]).row(0, named=True)
    assert describe(s, row) == "若余下6个月同比增长5.5%, 预计全年1,732.26亿元, 增长4.8%; 目标5%左右: 已完成。"


def test_describe_amount_mode(targets):
    s = scenario_start(_target(targets, "german_firms"))
    row = scenario_table(s, [4.2]).row(0, named=True)
    assert describe(s, row) == "若全年12个月每月新增4.2家, 预计全年50家; 目标50家以上: 已完成。"


def test_describe_without_outcome(targets):
    s = scenario_start(_target(targets, "gdp_growth"))
    row = {"assumption": 5.0, "year_end_value": None, "year_end_growth": None, "status": "no_data"}
    assert describe(s, row) == "若全年12个月同比增长5%, 无法测算; 目标5%左右: 无数据。"


# --- scorecard ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def card() -> pl.DataFrame:
    return scorecard(2023)


def _row(card: pl.DataFrame, target_id: str) -> dict:
    return card.filter(pl.col("id") == target_id).row(0, named=True)


def test_scorecard_one_row_per_numeric_target(card, targets):
    numeric = targets.filter(pl.col("kind").is_in(NUMERIC_KINDS))
    assert card.height == numeric.height == 17
    assert card["id"].to_list() == numeric["id"].to_list()
    assert "disposable_income_growth" not in card["id"].to_list()  # relative
    assert "trade_quality" not in card["id"].to_list()  # qualitative
    assert card.columns == ["id", "indicator_zh", "kind", "target", "latest", "attainment",
                            "status", "status_zh", "source"]


def test_scorecard_port(card):
    r = _row(card, "port_teu")
    # 803.9 / 900 × 100 = 89.3222 → 89.32; a full year below 突破900 → off_track
    assert r["latest"] == "803.9万标箱 (2023年)"
    assert r["attainment"] == 89.32
    assert (r["status"], r["status_zh"]) == ("off_track", "未完成")  # the year is complete: 未完成, not 滞后
    assert r["target"] == "突破900万标箱"
    assert r["source"].startswith("A new benchmark for port integration")


def test_scorecard_gdp_no_data_with_context(card):
    r = _row(card, "gdp_growth")
    # the latest figure up to 2023 is the 2022 bulletin's 2.2 %; the 2024 work report's 7.0 %
    # is after the target year and not used
    assert r["latest"] == "2.2% (2022年)"
    assert (r["status"], r["status_zh"]) == ("no_data", "无数据")
    assert r["attainment"] is None
    assert r["source"].startswith("2022年太仓市国民经济和社会发展统计公报")


def test_scorecard_ignores_figures_after_the_target_year(card):
    # fai: 2019 (+8.5 %) is the latest up to 2023; 2024's +6.6 % must not show
    assert _row(card, "fai_growth")["latest"] == "8.5% (2019年)"
    # german_firms target is count_new; no count_new figure for German firms: nothing shown
    assert _row(card, "german_firms")["latest"] is None


def test_scorecard_no_foreign_investment(card, targets):
    assert "foreign_investment" not in targets["indicator"].to_list()
    assert not card.filter(pl.col("id").str.contains("foreign")).height
    assert not card.filter(pl.col("indicator_zh").str.contains("外资")).height


def test_scorecard_status_counts(card):
    assert card["status"].value_counts().sort("status").rows() == [("no_data", 16), ("off_track", 1)]


def test_scorecard_with_june_gdp(june_gdp):
    card = scorecard(2023, data=june_gdp)
    r = _row(card, "gdp_growth")
    assert r["latest"] == "4% (2023年1-6月)"
    # SYNTHETIC June: required 5.9773 % − achieved 4.0 % = 1.977 pp shortfall:
    # more than 0.5 pp (on_track), at most 2 pp → at_risk
    assert r["status"] == "at_risk"
    assert r["source"] == "2023年6月统计月报 (太仓市统计局, 2023-07-20)"


def test_scorecard_port_mid_year_analyst_figure_is_not_later(tmp_data, monkeypatch):
    # SYNTHETIC: the analyst's port throughput for Jan-Jun 2023, 500 万标箱 (+10 %)
    monkeypatch.setenv("TAICANG_DATA", str(tmp_data))
    write_monthly(tmp_data / "monthly", "port_2023_06.csv",
                  [HEADER, ["太仓港集装箱吞吐量", "万标箱", 500, 10]], provenance=JUNE)
    figures = load_figures(tmp_data)
    assert figures.filter(pl.col("indicator") == "port_teu", pl.col("origin") == "analyst",
                          pl.col("measure") == "level")["value"].to_list() == [500.0]
    card = scorecard(2023, data=tmp_data)
    r = _row(card, "port_teu")
    # the published full year 2023 (month 12) is later than her June figure (month 6):
    # the scorecard keeps 803.9 and its attainment 89.32, off_track
    assert r["latest"] == "803.9万标箱 (2023年)"
    assert r["attainment"] == 89.32
    assert r["status"] == "off_track"
    # the scenario starts from the full year too
    s = scenario_start(_target(load_targets(2023, tmp_data), "port_teu"), figures)
    assert (s.month, s.ytd_value) == (12, 803.9)


def test_scorecard_growth_target_without_last_years_level(tmp_data, monkeypatch):
    # SYNTHETIC June figures; 2022 retail and FAI levels are unpublished, so the remaining months'
    # required growth cannot be computed: the achieved growth is compared with the target itself.
    monkeypatch.setenv("TAICANG_DATA", str(tmp_data))
    write_monthly(tmp_data / "monthly", "synthetic_2023_06.csv",
                  [HEADER, ["社会消费品零售总额", "亿元", 198, 6.3], ["全社会固定资产投资", "亿元", 250, 4.0]],
                  provenance=JUNE)
    card = scorecard(2023, data=tmp_data)
    # retail: shortfall 6 − 6.3 = −0.3 pp ≤ 0.5 → on track
    assert _row(card, "retail_sales_growth")["status"] == "on_track"
    # FAI growth (6%左右): shortfall 6 − 4.0 = 2.0 pp, within the 2 pp at-risk band → at risk
    assert _row(card, "fai_growth")["status"] == "at_risk"
    # FAI level 520: pace 250 / 6 = 41.67 a month vs (520 − 250) / 6 = 45 needed → 0.926 < 0.95 → at risk
    fai = _row(card, "fai_level")
    assert (fai["status"], fai["attainment"]) == ("at_risk", 48.08)  # 250 / 520 = 48.08 %

"""The assessment of all targets at once (taicang_analysis.assess): scorecard, scenario starts,
scenario tables; the 2021 edition; a new indicator added as one catalogue row.

Figures marked SYNTHETIC are invented for the tests (written into a private copy of data/); every
other number is a published figure from data/figures.csv or a derived one (推算) with its formula.
"""

from __future__ import annotations

import json
import shutil

import polars as pl
import pytest
from conftest import write_monthly

from taicang_analysis.assess import assumption_grid, restart, scenario_starts, scenario_table, scorecard

HEADER_2025_06 = ["指标名称", "单位", "2025-06 累计值", "2025-06 累计增长%"]
SYNTHETIC = {"issuer": "测试(合成数据)", "report": "SYNTHETIC 2025年6月月报", "date": "2025-07-20"}


def _row(frame: pl.DataFrame, target_id: str) -> dict:
    rows = frame.filter(pl.col("id") == target_id).to_dicts()
    assert len(rows) == 1, target_id
    return rows[0]


@pytest.fixture(scope="module")
def card_2023() -> pl.DataFrame:
    return scorecard(2023)


@pytest.fixture
def year_2025(tmp_data):
    """tmp_data with a SYNTHETIC 2025 registry: the 2023 targets re-dated to 2025 (a test registry,
    not the 2025 report), so that in-year cases can be tried on a year with no published outturn."""
    src = (tmp_data / "targets" / "2023.csv").read_text(encoding="utf-8").splitlines()
    head, rows = src[0], [r.replace(",2023,", ",2025,", 1) for r in src[1:]]
    (tmp_data / "targets" / "2025.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    meta = json.loads((tmp_data / "targets" / "2023.meta.json").read_text(encoding="utf-8"))
    meta["title"] = "SYNTHETIC 2025 test registry (the 2023 targets re-dated)"
    (tmp_data / "targets" / "2025.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return tmp_data


# --- the 2021 edition: a second year from the second batch --------------------------------------


def test_2021_scorecard_at_month_nine():
    card = scorecard(2021)
    assert card["id"].to_list() == ["fai_level", "industrial_investment_level"]
    fai = _row(card, "fai_level")
    # 395.3 / 540 × 100 = 73.2037 → 73.2; 序时进度 9/12 = 75 %; gap 73.2 − 75 = −1.8 points
    assert (fai["month"], fai["completion"], fai["time_progress"], fai["pace_gap"]) == (9, 73.2, 75.0, -1.8)
    # pace 395.3 / 9 = 43.92 a month against (540 − 395.3) / 3 = 48.23 needed: ratio 0.911 → at risk
    assert fai["required"] == pytest.approx(48.2333, abs=1e-4)
    assert fai["status"] == "at_risk"
    ind = _row(card, "industrial_investment_level")
    # 149.9 / 200 = 74.95 %; gap 74.95 − 75 = −0.05; pace 16.66 vs (200 − 149.9) / 3 = 16.70 → 0.997 → on track
    assert (ind["completion"], ind["pace_gap"], ind["status"]) == (74.95, -0.05, "on_track")
    # each with its source: the 2021 news report (a preliminary 预期 figure)
    assert {fai["latest_release"], ind["latest_release"]} == {"preliminary"}
    assert all("重點項目" in r["latest_title"] for r in (fai, ind))
    assert {fai["latest_figure_id"], ind["latest_figure_id"]} == {"b2-r009", "b2-r011"}


# --- 2023 on the shipped data ---------------------------------------------------------------------


def test_2023_port_is_complete_and_off_track(card_2023):
    port = _row(card_2023, "port_teu")
    # 803.9 / 900 = 89.32 %; 突破900 needs more than 900: the year is over, not met
    assert (port["latest_value"], port["completion"], port["complete"], port["status"]) == (803.9, 89.32, True, "off_track")


def test_2023_key_projects_183_is_a_plan(card_2023):
    kp = _row(card_2023, "key_projects")
    # 今年,太仓共安排重点项目183个 (苏州日报, 2023-04-06): projects arranged in the year's plan, not
    # completed — release plan gives no verdict (183 > 180 would otherwise read 已完成)
    assert (kp["latest_value"], kp["latest_release"], kp["latest_figure_id"]) == (183.0, "plan", "b2-r003")
    assert (kp["status"], kp["evidence"]) == ("no_data", "context")


def test_2023_investment_targets_read_a_derived_value_labelled_as_such(card_2023):
    fai = _row(card_2023, "fai_level")
    # 590 ÷ 1.066 = 553.47 → 553.5 (推算, from the 2025 report's 2024 figures); 553.5 ≥ 520 → met
    assert (fai["latest_value"], fai["latest_release"], fai["status"]) == (553.5, "derived", "met")
    ind = _row(card_2023, "industrial_investment_level")
    assert (ind["latest_value"], ind["latest_release"]) == (212.6, "derived")  # 257 ÷ 1.209 = 212.57


def test_2023_gdp_growth_stays_unknown_beside_a_current_price_level(card_2023):
    gdp = _row(card_2023, "gdp_growth")
    # the 2023 level 1734.94亿元 is at current prices: no real growth follows from it; the latest growth
    # figure is 2022's 2.2 % (older, for context only)
    assert (gdp["status"], gdp["latest_value"], gdp["latest_year"], gdp["latest_is_current"]) == (
        "no_data", 2.2, 2022, False)
    # the level is kept for context, labelled by its basis (the page says 现价), not judged
    assert (gdp["year_level"], gdp["chains"]) == (1734.94, False)
    start = _row(scenario_starts(2023), "gdp_growth")
    assert (start["mode"], start["ytd_value"], start["ytd_growth"], start["chains"]) == ("done", 1734.94, None, False)


def test_scorecard_ignores_figures_after_the_target_year(card_2023):
    fai = _row(card_2023, "fai_growth")
    # the 2025 report's +6.6 % is 2024's growth: not a 2023 figure and not shown for 2023
    assert fai["latest_year"] <= 2023 and fai["latest_value"] != 6.6


# --- scenarios --------------------------------------------------------------------------------------


def test_already_reached_needs_zero_not_a_negative_pace():
    # SYNTHETIC: 60 German firms by June against 50以上 — the old panel said −1.7 a month
    german = _row(scenario_starts(2023), "german_firms")
    start = restart(german, month=6, ytd_value=60.0, ytd_growth=None)
    assert (start["mode"], start["required"]) == ("count", 0.0)
    table = scenario_table(pl.DataFrame([start]), [0.0])
    assert table["status"].to_list() == ["met"]  # 60 + 0 ≥ 50


def test_a_steady_pace_is_judged_as_shown():
    fai = restart(_row(scenario_starts(2023), "fai_level"), month=0, ytd_value=None, ytd_growth=None)
    # 520 / 12 = 43.33 a month: shown as 43.3, 43.3 × 12 = 519.6 < 520 → not met; 43.4 × 12 = 520.8 → met
    table = scenario_table(pl.DataFrame([fai]), [43.3, 43.4])
    assert table.select("year_end_value", "status").rows() == [(519.6, "off_track"), (520.8, "met")]
    grid = assumption_grid(fai)
    assert 43.4 in grid and 43.3 in grid  # fine steps around the value that meets the target


def test_counts_step_in_whole_units():
    german = _row(scenario_starts(2023), "german_firms")
    grid = assumption_grid(german)
    assert all(float(x).is_integer() for x in grid) and 50.0 in grid


def test_comparable_price_growth_returns_no_level():
    gdp = restart(_row(scenario_starts(2023), "gdp_growth"), month=0, ytd_value=None, ytd_growth=None)
    table = scenario_table(pl.DataFrame([gdp]), [5.0])
    # GDP growth is at comparable prices: the year-end growth only, never 1653.57 × 1.05 as "the level"
    assert table.select("year_end_value", "year_end_growth", "status").row(0) == (None, 5.0, "met")


def test_about_target_states_both_thresholds():
    rev = _row(scenario_starts(2023), "budget_revenue_growth")
    # 6%左右 with no in-year figure: 6 % reaches the target itself, 5.5 % its tolerance's low end
    assert (rev["required"], rev["required_floor"]) == (6.0, 5.5)
    table = scenario_table(pl.DataFrame([rev]), [5.4, 5.5])
    assert table["status"].to_list() == ["off_track", "met"]


# --- a SYNTHETIC year in progress -------------------------------------------------------------------


def test_in_year_growth_target_from_the_analysts_june(year_2025, monkeypatch):
    # SYNTHETIC June 2025: budget revenue 105亿元 +4.0 %; FAI 300亿元 +7.0 %
    write_monthly(year_2025 / "monthly", "synthetic_2025_06.csv", [
        HEADER_2025_06, ["一般公共预算收入", "亿元", 105, 4.0], ["全社会固定资产投资", "亿元", 300, 7.0],
    ], provenance=SYNTHETIC)
    card = scorecard(2025, data=year_2025)
    rev = _row(card, "budget_revenue_growth")
    # last year's level 191.68亿元 (2024, published); Jan-Jun 2024 implied: 105 / 1.04 = 100.961538;
    # required growth of Jul-Dec: (191.68 × 1.06 − 105) / (191.68 − 100.961538) − 1
    #   = 98.1808 / 90.718462 − 1 = 8.2258 %; achieved 4.0: shortfall 4.23 points > 2 → off track
    assert rev["month"] == 6
    assert rev["required"] == pytest.approx(8.2258, abs=1e-3)
    assert rev["status"] == "off_track"
    fai = _row(card, "fai_growth")
    # last year's level 590亿元 (2024); Jan-Jun 2024 implied 300 / 1.07 = 280.373832;
    # (590 × 1.06 − 300) / (590 − 280.373832) − 1 = 325.4 / 309.626168 − 1 = 5.0945 %; achieved 7.0 → on track
    assert fai["required"] == pytest.approx(5.0945, abs=1e-3)
    assert fai["status"] == "on_track"
    fai_level = _row(card, "fai_level")
    # 300 / 520 = 57.69 %; 序时进度 50 %; gap +7.69
    assert (fai_level["completion"], fai_level["pace_gap"]) == (57.69, 7.69)


def test_in_year_level_target_uses_last_years_months_when_known(year_2025, monkeypatch):
    # SYNTHETIC: FAI Jan-Jun 2024 320亿元 (last year's June) and Jan-Jun 2025 290亿元, in one analyst file
    write_monthly(year_2025 / "monthly", "synthetic_fai.csv", [
        ["指标名称", "单位", "2024-06 累计值", "2024-06 累计增长%", "2025-06 累计值", "2025-06 累计增长%"],
        ["全社会固定资产投资", "亿元", 320, "", 290, ""]], provenance=SYNTHETIC)
    fai = _row(scorecard(2025, data=year_2025), "fai_level")
    # last year's share by June: 320 / 590 (2024, published) = 54.24 %; completion 290 / 520 = 55.77 %;
    # gap 55.77 − 54.24 = 1.53 points; 55.77 ≥ 0.95 × 54.24 = 51.53 → on track (by the straight line,
    # 50 %, the gap would be 5.77)
    assert (fai["seasonal"], fai["completion"], fai["pace_gap"], fai["pace_basis"], fai["status"]) == (
        54.24, 55.77, 1.53, "seasonal", "on_track")


# --- adding an indicator: one catalogue row (+ a registry row for the year) --------------------------


def test_a_new_indicator_is_one_catalogue_row(year_2025, monkeypatch):
    with open(year_2025 / "indicators.csv", "a", encoding="utf-8") as f:
        f.write("ev_output,新能源汽车产值,New-energy vehicle output (SYNTHETIC test indicator),亿元,flow,1,current,"
                "level,,新能源汽车产值,新能源车产值,bulletin|review\n")
    with open(year_2025 / "targets" / "2025.csv", "a", encoding="utf-8") as f:
        f.write("ev_output,2025,ev_output,level,新能源汽车产值,New-energy vehicle output,level,100,,亿元,exact,,"
                "false,SYNTHETIC,新能源汽车产值100亿元\n")
    write_monthly(year_2025 / "monthly", "synthetic_ev_2025_06.csv",
                  [HEADER_2025_06, ["新能源车产值", "亿元", 50, ""]], provenance=SYNTHETIC)
    card = scorecard(2025, data=year_2025)
    ev = _row(card, "ev_output")
    # 50 / 100 = 50 %; 序时进度 6/12 = 50 %; pace 50/6 = 8.33 a month = (100 − 50)/6 needed → on track
    assert (ev["completion"], ev["pace_gap"], ev["status"]) == (50.0, 0.0, "on_track")


def test_the_shipped_notebooks_need_no_change_for_a_new_data_folder(year_2025):
    # the data folder is a parameter: the catalogue and registries of another folder are read as they are
    shutil.rmtree(year_2025 / "monthly")
    card = scorecard(2025, data=year_2025)
    assert card.height == scorecard(2023).height

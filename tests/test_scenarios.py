"""Tests for taicang_analysis.engine.scenarios: projections and ranges from past years."""

from __future__ import annotations

import polars as pl
import pytest

from taicang_analysis.engine.formulas import required_growth
from taicang_analysis.engine.scenarios import project_year_end, project_year_end_growth
from taicang_analysis.engine.toolkit import remaining_period_growth, scenario_range

# --------------------------------------------------------------------------- project_year_end


def test_project_year_end_growth_mode():
    # Last year 1000 (450 by June), this year 470 by June, remaining months +4 %:
    # 470 + 550 * 1.04 = 470 + 572 = 1042; growth 1042/1000 - 1 = 4.2 %.
    df = pl.DataFrame({"y": [470.0], "pm": [450.0], "p": [1000.0]})
    end = df.select(project_year_end("y", growth=4.0, prev_ytd="pm", prev_full="p")).item()
    g = df.select(project_year_end_growth("y", growth=4.0, prev_ytd="pm", prev_full="p")).item()
    assert end == pytest.approx(1042.0)
    assert g == pytest.approx(4.2)


def test_project_with_required_growth_lands_on_target():
    # Round trip: assuming exactly the required growth gives the target growth at year end.
    df = pl.DataFrame({"y": [470.0, 210.0], "pm": [450.0, 200.0], "p": [1000.0, 1000.0]})
    out = df.with_columns(r=required_growth("y", "pm", "p", 6.0)).select(
        project_year_end_growth("y", growth="r", prev_ytd="pm", prev_full="p")
    )
    assert out.to_series().to_list() == pytest.approx([6.0, 6.0])


def test_project_year_end_amount_mode():
    # 20 German firms by June, 4 a month for the 6 months left: 20 + 24 = 44.
    # At month 12 nothing is added: 55 stays 55.
    df = pl.DataFrame({"y": [20.0, 55.0], "month": [6, 12], "a": [4.0, 4.0]})
    out = df.select(project_year_end("y", monthly_amount="a")).to_series().to_list()
    assert out == [44.0, 55.0]


def test_project_year_end_missing_inputs_give_null():
    df = pl.DataFrame(
        {"y": [470.0, None], "pm": [None, 450.0], "p": [1000.0, 1000.0]},
        schema={"y": pl.Float64, "pm": pl.Float64, "p": pl.Float64},
    )
    out = df.select(project_year_end("y", growth=4.0, prev_ytd="pm", prev_full="p"))
    assert out.to_series().to_list() == [None, None]


def test_project_year_end_needs_exactly_one_assumption():
    with pytest.raises(ValueError, match="exactly one"):
        project_year_end("y")
    with pytest.raises(ValueError, match="exactly one"):
        project_year_end("y", growth=1.0, monthly_amount=2.0, prev_ytd="a", prev_full="b")
    with pytest.raises(ValueError, match="prev_ytd"):
        project_year_end("y", growth=1.0)


# --------------------------------------------------------------------------- history


def _history_panel() -> pl.DataFrame:
    # Jul-Dec (full - June ytd) levels: 2019 50, 2020 51 (+2 %), 2021 53.55 (+5 %),
    # 2022 58.905 (+10 %), 2023 only June (60).
    return pl.DataFrame(
        {
            "year": [2019, 2019, 2020, 2020, 2021, 2021, 2022, 2022, 2023],
            "month": [6, 12, 6, 12, 6, 12, 6, 12, 6],
            "ytd_value": [30.0, 80.0, 31.0, 82.0, 32.0, 85.55, 33.0, 91.905, 60.0],
        }
    )


def test_remaining_period_growth_hand_worked():
    out = remaining_period_growth(_history_panel()).sort("year")
    assert out["year"].to_list() == [2020, 2021, 2022]
    # 51/50 - 1 = 2 %; 53.55/51 - 1 = 5 %; 58.905/53.55 - 1 = 10 %
    assert out["remaining_growth"].to_list() == pytest.approx([2.0, 5.0, 10.0])


def test_remaining_period_growth_missing_month_is_not_compared_with_another():
    # 2021 has no June: 2021 and 2022 June rest-of-year growth are both undefined; the
    # 2022 value must not be compared with 2020's June.
    df = _history_panel().filter(~((pl.col("year") == 2021) & (pl.col("month") == 6)))
    out = remaining_period_growth(df)
    assert out["year"].to_list() == [2020]


def test_scenario_range_min_median_max():
    out = scenario_range(_history_panel()).filter(pl.col("year") == 2023)
    assert out["n_history"].item() == 3
    # growth history 2, 5, 10 -> min 2, median 5, max 10
    assert out["growth_low"].item() == pytest.approx(2.0)
    assert out["growth_central"].item() == pytest.approx(5.0)
    assert out["growth_high"].item() == pytest.approx(10.0)
    # last year's Jul-Dec 58.905: 60 + 58.905 * 1.02 = 120.0831; * 1.05 -> 121.85025;
    # * 1.10 -> 124.7955.  Year-end growth vs 91.905: 120.0831/91.905 - 1 = 30.660 %.
    assert out["year_end_low"].item() == pytest.approx(120.0831)
    assert out["year_end_central"].item() == pytest.approx(121.85025)
    assert out["year_end_high"].item() == pytest.approx(124.7955)
    assert out["year_end_growth_low"].item() == pytest.approx((120.0831 / 91.905 - 1) * 100)


def test_scenario_range_custom_quantiles():
    # quartiles of [2, 5, 10] with linear interpolation: 25 % -> 2 + 0.5*(5-2) = 3.5;
    # 75 % -> 5 + 0.5*(10-5) = 7.5.
    out = scenario_range(_history_panel(), quantiles=(0.25, 0.5, 0.75)).filter(
        pl.col("year") == 2023
    )
    assert out["growth_low"].item() == pytest.approx(3.5)
    assert out["growth_high"].item() == pytest.approx(7.5)
    assert out["year_end_low"].item() == pytest.approx(60 + 58.905 * 1.035)


def test_scenario_range_too_little_history_gives_nulls():
    out = scenario_range(_history_panel(), min_history=4).filter(pl.col("year") == 2023)
    assert out["n_history"].item() == 3
    for c in ("growth_low", "year_end_low", "year_end_central", "year_end_high"):
        assert out[c].item() is None
    assert out["scenario_note"].item() == "too little history: 3 past year(s), 4 needed"
    ok = scenario_range(_history_panel()).filter(pl.col("year") == 2023)
    assert ok["scenario_note"].item() is None
    # Earlier years: 2021 June has only 2020 behind it -> null with the default (3).
    early = scenario_range(_history_panel()).filter(
        (pl.col("year") == 2021) & (pl.col("month") == 6)
    )
    assert early["n_history"].item() == 1
    assert early["year_end_central"].item() is None


def test_scenario_range_max_history():
    # Last 2 years only: 2021 (5 %) and 2022 (10 %) -> min 5, median 7.5, max 10.
    out = scenario_range(_history_panel(), max_history=2, min_history=2).filter(
        pl.col("year") == 2023
    )
    assert out["n_history"].item() == 2
    assert out["growth_low"].item() == pytest.approx(5.0)
    assert out["growth_central"].item() == pytest.approx(7.5)


def test_scenario_range_month_12_is_the_actual_level():
    out = scenario_range(_history_panel()).filter(
        (pl.col("year") == 2022) & (pl.col("month") == 12)
    )
    assert out["year_end_low"].item() == out["year_end_high"].item() == 91.905
    assert out["scenario_note"].item() == "year complete: actual level"
    # 91.905 / 85.55 - 1 = 7.428 %
    assert out["year_end_growth_central"].item() == pytest.approx((91.905 / 85.55 - 1) * 100)


def test_scenario_range_keeps_rows_and_order():
    df = _history_panel().sample(fraction=1.0, shuffle=True, seed=3)
    out = scenario_range(df)
    assert out.select("year", "month", "ytd_value").equals(df)


def test_scenario_range_rejects_duplicate_periods():
    df = pl.concat([_history_panel(), _history_panel().tail(1)])
    with pytest.raises(ValueError, match="duplicate"):
        scenario_range(df)


def test_scenario_range_quarterly_data():
    # Quarterly GDP-like levels; Q3 ytd vs full: rest-of-year (Q4) 30, 31.5 (+5 %), 33.075 (+5 %),
    # 34.72875 (+5 %).  2024 Q3 ytd 80, last year's Q4 34.72875 -> all cases 80 + 34.72875*1.05.
    rows = []
    for y, (q3, full) in zip(
        range(2020, 2024),
        [(70.0, 100.0), (73.0, 104.5), (75.0, 108.075), (77.0, 111.72875)],
        strict=True,
    ):
        rows += [(y, 9, q3), (y, 12, full)]
    rows.append((2024, 9, 80.0))
    df = pl.DataFrame(rows, schema=["year", "month", "ytd_value"], orient="row")
    out = scenario_range(df).filter(pl.col("year") == 2024)
    assert out["n_history"].item() == 3
    assert out["year_end_low"].item() == pytest.approx(80 + 34.72875 * 1.05)
    assert out["year_end_high"].item() == pytest.approx(80 + 34.72875 * 1.05)


def test_scenario_range_many_series_do_not_leak():
    a = _history_panel().with_columns(region=pl.lit("A"), indicator=pl.lit("fai"))
    # Region B: levels doubled but 2020 missing, so 2020 vs 2019 and 2021 vs 2020 are gone;
    # only 2022 vs 2021 (+10 %) is left: n_history = 1.  Region A's years must not fill in.
    b = (
        _history_panel()
        .with_columns(pl.col("ytd_value") * 2, region=pl.lit("B"), indicator=pl.lit("fai"))
        .filter(pl.col("year") != 2020)
    )
    c = _history_panel().with_columns(region=pl.lit("A"), indicator=pl.lit("retail"))
    df = pl.concat([a, b, c]).sample(fraction=1.0, shuffle=True, seed=11)
    out = scenario_range(df, by=["region", "indicator"], min_history=1).filter(
        pl.col("year") == 2023
    )
    got = {(r["region"], r["indicator"]): r for r in out.iter_rows(named=True)}
    assert got[("A", "fai")]["n_history"] == 3
    assert got[("A", "retail")]["n_history"] == 3
    assert got[("A", "fai")]["year_end_high"] == pytest.approx(124.7955)
    # B: only 2022 vs 2021 (+10 %): low = central = high = 120 + 117.81 * 1.10 = 249.591.
    assert got[("B", "fai")]["n_history"] == 1
    assert got[("B", "fai")]["year_end_low"] == pytest.approx(120 + 117.81 * 1.10)
    assert got[("B", "fai")]["year_end_high"] == pytest.approx(120 + 117.81 * 1.10)


def test_scenario_range_null_group_key_is_its_own_series():
    a = _history_panel().with_columns(region=pl.lit(None, dtype=pl.String))
    b = _history_panel().with_columns(region=pl.lit("B"), ytd_value=pl.col("ytd_value") * 3)
    out = scenario_range(pl.concat([a, b]), by="region").filter(pl.col("year") == 2023)
    got = dict(zip(out["region"].to_list(), out["year_end_high"].to_list(), strict=True))
    assert got[None] == pytest.approx(124.7955)  # 60 + 58.905 * 1.10
    assert got["B"] == pytest.approx(3 * 124.7955)  # same growth history, levels tripled

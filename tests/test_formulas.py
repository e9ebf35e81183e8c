"""Tests for taicang_analysis.engine.formulas: every expected value is worked by hand."""

from __future__ import annotations

import polars as pl
import pytest

from taicang_analysis.engine.formulas import (
    completion_rate,
    growth_rate,
    needed_per_month,
    pace_gap,
    required_growth,
    same_period_last_year,
    time_progress,
    yoy_growth,
)
from taicang_analysis.engine.toolkit import (
    compound_growth,
    last_year_full,
    press_shortcut_required_growth,
    required_growth_quarterly,
    seasonal_progress,
    with_last_year,
)


def _col(df: pl.DataFrame, expr: pl.Expr) -> list:
    return df.select(expr.alias("out"))["out"].to_list()


# --------------------------------------------------------------------------- growth


def test_growth_rate_basic_zero_negative_and_missing_base():
    df = pl.DataFrame(
        {
            "v": [110.0, 90.0, 5.0, 5.0, 5.0, None],
            "b": [100.0, 120.0, 0.0, -2.0, None, 100.0],
        }
    )
    out = _col(df, growth_rate("v", "b"))
    assert out[0] == pytest.approx(10.0)  # 110/100 - 1 = 10 %
    assert out[1] == pytest.approx(-25.0)  # 90/120 - 1 = -25 %
    assert out[2:] == [None, None, None, None]  # zero, negative, missing base; missing value


def test_yoy_growth_missing_month_gives_null_not_a_wrong_month():
    # 2023 has no February.  A row-position shift would compare 2023-03 with 2022-02.
    df = pl.DataFrame(
        {
            "year": [2022, 2022, 2022, 2023, 2023],
            "month": [1, 2, 3, 1, 3],
            "ytd_value": [100.0, 200.0, 300.0, 105.0, 330.0],
        }
    )
    out = _col(df, yoy_growth("ytd_value"))
    assert out[:3] == [None, None, None]  # no 2021
    assert out[3] == pytest.approx(5.0)  # 105/100 - 1
    assert out[4] == pytest.approx(10.0)  # 330/300 - 1 (not 330/200 - 1 = 65 %)


def test_yoy_growth_last_year_missing_month_is_null():
    # 2022 lacks March: 2023-03 must be null, not 2023-03 vs 2022-02 or vs 2021-03.
    df = pl.DataFrame(
        {
            "year": [2021, 2022, 2022, 2023, 2023],
            "month": [3, 1, 2, 2, 3],
            "ytd_value": [250.0, 100.0, 200.0, 210.0, 330.0],
        }
    )
    out = _col(df, yoy_growth("ytd_value"))
    assert out[3] == pytest.approx(5.0)  # 210/200 - 1
    assert out[4] is None  # 2022-03 missing; 2021-03 is two years back


def test_yoy_growth_independent_of_row_order_and_int32_year():
    df = pl.DataFrame(
        {
            "year": pl.Series([2023, 2022, 2023, 2022], dtype=pl.Int32),
            "month": [6, 12, 12, 6],
            "ytd_value": [48.0, 100.0, 104.0, 40.0],
        }
    )
    out = df.with_columns(g=yoy_growth()).sort("year", "month")
    assert out["g"].to_list()[:2] == [None, None]
    assert out["g"][2] == pytest.approx(20.0)  # 48/40 - 1
    assert out["g"][3] == pytest.approx(4.0)  # 104/100 - 1


def test_yoy_growth_zero_base_is_null_not_inf():
    df = pl.DataFrame({"year": [2022, 2023], "month": [1, 1], "ytd_value": [0.0, 3.0]})
    assert _col(df, yoy_growth())[1] is None


def test_same_period_last_year_and_last_year_full_never_use_an_older_year():
    df = pl.DataFrame(
        {
            "year": [2020, 2020, 2022, 2022, 2023],
            "month": [6, 12, 6, 12, 6],
            "ytd_value": [30.0, 70.0, 40.0, 100.0, 45.0],
        }
    )
    prev = _col(df, same_period_last_year())
    full = _col(df, last_year_full())
    assert prev == [None, None, None, None, 40.0]  # 2021 is missing: 2022 rows get null
    assert full == [None, None, None, None, 100.0]


def test_last_year_full_null_when_december_value_missing():
    df = pl.DataFrame(
        {
            "year": [2021, 2022, 2022, 2023],
            "month": [12, 6, 12, 6],
            "ytd_value": [90.0, 40.0, None, 45.0],
        }
    )
    # 2022-12 is null: 2023 must not fall back to 2021's 90.
    assert _col(df, last_year_full()) == [None, 90.0, 90.0, None]


def test_compound_growth():
    df = pl.DataFrame({"s": [100.0, 100.0, 0.0], "e": [133.1, 81.0, 5.0], "n": [3, 2, 2]})
    out = _col(df, compound_growth("s", "e", "n"))
    assert out[0] == pytest.approx(10.0)  # 1.331^(1/3) = 1.1
    assert out[1] == pytest.approx(-10.0)  # 0.81^(1/2) = 0.9
    assert out[2] is None  # zero start


# --------------------------------------------------------------------------- level targets


def test_completion_rate_and_zero_target():
    df = pl.DataFrame({"ytd": [224.64, 10.0, 10.0], "target": [520.0, 0.0, None]})
    out = _col(df, completion_rate("ytd", "target"))
    assert out[0] == pytest.approx(43.2)  # 224.64 / 520 = 0.432
    assert out[1:] == [None, None]


def test_time_progress_monthly_and_quarterly():
    df = pl.DataFrame({"month": [4, 9, 12]})
    out = _col(df, time_progress("month"))
    assert out == pytest.approx([100 / 3, 75.0, 100.0])  # 4/12, 9/12, 12/12


def test_pace_gap_reproduces_published_report():
    # 1-4月完成年度目标的43.2%, "超时序进度9.9个百分点":
    # 43.2 - 4/12*100 = 43.2 - 33.333 = 9.867 -> 9.9 at one decimal, as the report does.
    df = pl.DataFrame({"completion": [43.2], "month": [4]})
    gap = df.select(pace_gap("completion", "month")).item()
    assert gap == pytest.approx(9.8667, abs=1e-4)
    assert round(gap, 1) == 9.9


def test_pace_gap_from_levels_and_behind_schedule():
    # 224.64 of 520 by April -> 43.2 % -> +9.87 pp; 130 of 520 by June -> 25 % - 50 % = -25 pp.
    df = pl.DataFrame({"ytd": [224.64, 130.0], "target": [520.0, 520.0], "month": [4, 6]})
    out = _col(df, pace_gap(completion_rate("ytd", "target"), "month"))
    assert out[0] == pytest.approx(43.2 - 400 / 12)
    assert out[1] == pytest.approx(-25.0)


def test_pace_gap_against_seasonal_benchmark():
    # completion 43.2 % vs last year's share 38 % by April -> +5.2 pp.
    df = pl.DataFrame({"c": [43.2], "m": [4], "s": [38.0]})
    assert df.select(pace_gap("c", "m", benchmark="s")).item() == pytest.approx(5.2)


def test_seasonal_progress_from_last_year_shares_and_missing_month():
    df = pl.DataFrame(
        {
            "year": [2022, 2022, 2022, 2023, 2023, 2023],
            "month": [3, 6, 12, 3, 6, 9],
            "ytd_value": [20.0, 45.0, 120.0, 25.0, 50.0, 80.0],
        }
    )
    out = _col(df, seasonal_progress())
    assert out[:3] == [None, None, None]
    assert out[3] == pytest.approx(20 / 120 * 100)  # 16.667 %
    assert out[4] == pytest.approx(45 / 120 * 100)  # 37.5 %
    assert out[5] is None  # no 2022-09


def test_needed_per_month():
    df = pl.DataFrame(
        {
            "ytd": [200.0, 600.0, 500.0, None],
            "target": [520.0, 520.0, 520.0, 520.0],
            "month": [4, 6, 12, 6],
        }
    )
    out = _col(df, needed_per_month("ytd", "target", "month"))
    assert out[0] == pytest.approx(40.0)  # (520 - 200) / (12 - 4) = 320 / 8
    assert out[1] == 0.0  # already above target
    assert out[2:] == [None, None]  # no month left; missing ytd


# --------------------------------------------------------------------------- growth targets


def test_required_growth_hand_worked():
    # Last year 1000 in all, 450 by June; this year 470 by June; target 6 %.
    # (1000*1.06 - 470) / (1000 - 450) - 1 = 590 / 550 - 1 = 7.2727 %
    df = pl.DataFrame({"y": [470.0], "pm": [450.0], "p": [1000.0], "g": [6.0]})
    assert df.select(required_growth("y", "pm", "p", "g")).item() == pytest.approx(
        (590 / 550 - 1) * 100
    )


def test_required_growth_zero_or_missing_base_is_null():
    # month 12: P - P_m = 0 -> null; missing last-year value -> null.
    df = pl.DataFrame({"y": [1050.0, 470.0], "pm": [1000.0, None], "p": [1000.0, 1000.0]})
    assert _col(df, required_growth("y", "pm", "p", 5.0)) == [None, None]


def test_required_growth_from_panel_with_gap_month():
    df = pl.DataFrame(
        {
            "year": [2022, 2022, 2022, 2023, 2023],
            "month": [3, 6, 12, 3, 6],
            "ytd_value": [200.0, 450.0, 1000.0, 210.0, 470.0],
        }
    )
    out = _col(df, required_growth("ytd_value", same_period_last_year(), last_year_full(), 6.0))
    # March: (1060 - 210) / (1000 - 200) - 1 = 850/800 - 1 = 6.25 %; June as above.
    assert out[3] == pytest.approx(6.25)
    assert out[4] == pytest.approx((590 / 550 - 1) * 100)
    assert out[:3] == [None, None, None]  # 2021 missing


def test_quarterly_required_growth_equals_shortcut_with_equal_halves():
    # W_2 = 50 %: ((1.05) - 0.5*1.04) / 0.5 - 1 = 0.53/0.5 - 1 = 6 % = 2*5 - 4.
    df = pl.DataFrame({"G": [5.0], "g1": [4.0], "W": [50.0]})
    exact = df.select(required_growth_quarterly("G", "g1", "W")).item()
    short = df.select(press_shortcut_required_growth("G", "g1")).item()
    assert exact == pytest.approx(6.0)
    assert short == pytest.approx(6.0)


def test_quarterly_required_growth_differs_with_unequal_halves():
    # Last year H1 was 48 % of the year: (1.05 - 0.48*1.04)/0.52 - 1 = 0.5508/0.52 - 1
    # = 5.9231 %; the shortcut 2*5 - 4 = 6 % overstates it by 0.0769 pp.
    df = pl.DataFrame({"G": [5.0], "g1": [4.0], "W": [48.0]})
    exact = df.select(required_growth_quarterly("G", "g1", "W")).item()
    short = df.select(press_shortcut_required_growth("G", "g1")).item()
    assert exact == pytest.approx((0.5508 / 0.52 - 1) * 100)
    assert short - exact == pytest.approx(6.0 - (0.5508 / 0.52 - 1) * 100)
    assert short - exact == pytest.approx(0.0769, abs=1e-4)
    # Bigger gap with a weaker first half: g1 = 2 %: (1.05 - 0.48*1.02)/0.52 - 1 = 7.7692 %
    # vs shortcut 8 %.
    df2 = pl.DataFrame({"G": [5.0], "g1": [2.0], "W": [48.0]})
    assert df2.select(required_growth_quarterly("G", "g1", "W")).item() == pytest.approx(
        ((1.05 - 0.48 * 1.02) / 0.52 - 1) * 100
    )


def test_quarterly_formula_matches_level_formula():
    # Last year's cumulative quarterly GDP 22, 48, 73, 100 -> W_2 = 48 %.
    # This year H1 +4 % -> 49.92.  Level formula: (105 - 49.92) / (100 - 48) - 1 = 5.9231 %.
    df = pl.DataFrame({"y": [49.92], "pm": [48.0], "p": [100.0]})
    by_level = df.select(required_growth("y", "pm", "p", 5.0)).item()
    by_rate = pl.select(required_growth_quarterly(5.0, 4.0, 48.0)).item()
    assert by_level == pytest.approx(by_rate)


def test_quarterly_required_growth_first_quarter_and_invalid_share():
    # Q1 share 22 %, Q1 growth 4.5 %: (1.05 - 0.22*1.045)/0.78 - 1 = 0.8201/0.78 - 1 = 5.141 %.
    df = pl.DataFrame({"W": [22.0, 0.0, 100.0, None]})
    out = _col(df, required_growth_quarterly(5.0, 4.5, "W"))
    assert out[0] == pytest.approx((0.8201 / 0.78 - 1) * 100)
    assert out[1:] == [None, None, None]


# --------------------------------------------------------------------------- many series


def _multi_panel() -> pl.DataFrame:
    rows = []
    # (region, indicator): (2022 Jun, 2022 Dec, 2023 Jun); region B / retail misses 2022-06.
    data = {
        ("A", "fai"): (40.0, 100.0, 44.0),
        ("A", "retail"): (300.0, 700.0, 330.0),
        ("B", "fai"): (10.0, 25.0, 12.0),
        ("B", "retail"): (None, 80.0, 45.0),
    }
    for (region, ind), (jun, dec, jun23) in data.items():
        if jun is not None:
            rows.append((region, ind, 2022, 6, jun))
        rows.append((region, ind, 2022, 12, dec))
        rows.append((region, ind, 2023, 6, jun23))
    return pl.DataFrame(
        rows, schema=["region", "indicator", "year", "month", "ytd_value"], orient="row"
    )


def test_many_series_group_keys_do_not_leak():
    df = _multi_panel().sample(fraction=1.0, shuffle=True, seed=7)
    by = ["region", "indicator"]
    out = df.with_columns(
        g=yoy_growth(by=by),
        s=seasonal_progress(by=by),
        r=required_growth("ytd_value", same_period_last_year(by=by), last_year_full(by=by), 5.0),
    ).filter(pl.col("year") == 2023)
    got = {(r["region"], r["indicator"]): r for r in out.iter_rows(named=True)}
    # A/fai: 44/40 - 1 = 10 %; share 40/100 = 40 %; (105 - 44)/60 - 1 = 1.6667 %
    assert got[("A", "fai")]["g"] == pytest.approx(10.0)
    assert got[("A", "fai")]["s"] == pytest.approx(40.0)
    assert got[("A", "fai")]["r"] == pytest.approx((61 / 60 - 1) * 100)
    # A/retail: 330/300 - 1 = 10 %; 300/700 = 42.857 %; (735 - 330)/400 - 1 = 1.25 %
    assert got[("A", "retail")]["g"] == pytest.approx(10.0)
    assert got[("A", "retail")]["s"] == pytest.approx(300 / 7)
    assert got[("A", "retail")]["r"] == pytest.approx(1.25)
    # B/fai: 12/10 - 1 = 20 %; 10/25 = 40 %; (26.25 - 12)/15 - 1 = -5 %
    assert got[("B", "fai")]["g"] == pytest.approx(20.0)
    assert got[("B", "fai")]["r"] == pytest.approx(-5.0)
    # B/retail has no 2022-06: everything that needs it is null, nothing borrowed from others.
    assert got[("B", "retail")]["g"] is None
    assert got[("B", "retail")]["s"] is None
    assert got[("B", "retail")]["r"] is None


def test_many_series_match_one_series_at_a_time():
    df = _multi_panel()
    by = ["region", "indicator"]
    together = df.with_columns(g=yoy_growth(by=by)).sort(by + ["year", "month"])
    for (region, ind), part in df.group_by(by):
        alone = part.with_columns(g=yoy_growth()).sort("year", "month")
        sub = together.filter((pl.col("region") == region) & (pl.col("indicator") == ind))
        assert sub["g"].to_list() == alone["g"].to_list()


# --------------------------------------------------------------------------- with_last_year


def _random_panel(seed: int = 5) -> pl.DataFrame:
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = [
        (r, ind, y, m, float(rng.integers(1, 1000)))
        for r in ("A", "B", None)
        for ind in (1, 2)
        for y in (2020, 2021, 2022)
        for m in range(1, 13)
        if rng.random() > 0.15  # drop some months
    ]
    df = pl.DataFrame(rows, schema=["region", "code", "year", "month", "ytd_value"], orient="row")
    return df.sample(fraction=1.0, shuffle=True, seed=seed)


def test_with_last_year_matches_the_expressions():
    df = _random_panel()
    by = ["region", "code"]
    fast = with_last_year(df, by=by)
    slow = df.with_columns(prev_ytd=same_period_last_year(by=by), prev_full=last_year_full(by=by))
    assert fast["prev_ytd"].to_list() == slow["prev_ytd"].to_list()
    assert fast["prev_full"].to_list() == slow["prev_full"].to_list()
    assert fast["prev_ytd"].null_count() < df.height  # some values found


def test_with_last_year_join_fallback_gives_the_same(monkeypatch):
    import taicang_analysis.engine.toolkit as ind

    df = _random_panel(seed=9)
    by = ["region", "code"]
    dense = with_last_year(df, by=by)
    monkeypatch.setattr(ind, "_DENSE_LIMIT", 10)
    joined = with_last_year(df, by=by)
    assert joined.equals(dense)


def test_with_last_year_hand_worked_with_gaps_and_bad_months():
    df = pl.DataFrame(
        {
            "region": ["A", "A", "A", "A", "B", "A"],
            "year": [2022, 2022, 2023, 2023, 2023, 2023],
            "month": [3, 12, 3, 6, 3, 13],
            "ytd_value": [20.0, 100.0, 25.0, 50.0, 9.0, 1.0],
        }
    )
    out = with_last_year(df, by="region", same_period="ly", full_year="lyf")
    assert out["ly"].to_list() == [None, None, 20.0, None, None, None]  # no 2022-06; B has no 2022
    assert out["lyf"].to_list() == [None, None, 100.0, 100.0, None, None]  # month 13 invalid
    assert out.columns == ["region", "year", "month", "ytd_value", "ly", "lyf"]


def test_with_last_year_rejects_duplicates():
    df = pl.DataFrame({"year": [2022, 2022], "month": [1, 1], "ytd_value": [1.0, 2.0]})
    with pytest.raises(ValueError, match="duplicate"):
        with_last_year(df)


def test_with_last_year_float_keys_fall_back_to_ranks():
    df = pl.DataFrame(
        {
            "k": [0.5, 0.5, 1.5, 1.5],
            "year": [2022, 2023, 2022, 2023],
            "month": [4, 4, 4, 4],
            "ytd_value": [10.0, 11.0, 20.0, 30.0],
        }
    )
    assert with_last_year(df, by="k")["prev_ytd"].to_list() == [None, 10.0, None, 20.0]


def test_with_last_year_null_year_rows_match_nothing(monkeypatch):
    import taicang_analysis.engine.toolkit as ind

    df = pl.DataFrame(
        {
            "year": [None, None, 2022, 2023],
            "month": [5, 5, 5, 5],
            "ytd_value": [1.0, 2.0, 10.0, 12.0],
        },
        schema_overrides={"year": pl.Int32},
    )
    expected = [None, None, None, 10.0]
    assert with_last_year(df)["prev_ytd"].to_list() == expected
    monkeypatch.setattr(ind, "_DENSE_LIMIT", 1)
    assert with_last_year(df)["prev_ytd"].to_list() == expected

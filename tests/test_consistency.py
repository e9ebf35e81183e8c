"""Conflicts among figures (taicang_analysis.consistency): the shipped port figure and SYNTHETIC series.

Figures built with ``_fig`` are SYNTHETIC (source title "SYNTHETIC"): invented for the tests.
"""

from __future__ import annotations

import polars as pl
import pytest
from conftest import figure_frame, synthetic_figure

from taicang_analysis.consistency import FACTOR, apply_flags, conflicts, rounding_tolerance


def _fig(figure_id: str, indicator: str, period: str, measure: str, value: float, **kw) -> dict:
    """One SYNTHETIC figure of a port-like series (levels in 万标箱, a news source)."""
    kw = {"reliability": "news", "source_url": "https://example.com/SYNTHETIC", **kw}
    return synthetic_figure(figure_id, indicator, period, measure, value, level_unit="万标箱", **kw)

def _frame(*rows: dict) -> pl.DataFrame:
    return figure_frame(*rows)

def _history(indicator: str = "port_teu") -> list[dict]:
    """SYNTHETIC: two years where Jan–Sep is 90 and the full year 120: the last 3 months run at
    (120 − 90) / 3 = 10 a month, the first 9 at 90 / 9 = 10: ratio 1.0 in both years."""
    return [_fig(f"h{y}{m}", indicator, f"{y}-09" if m == 9 else str(y), "level", v)
            for y in (2020, 2021) for m, v in ((9, 90.0), (12, 120.0))]




@pytest.fixture(scope="module")
def found(shipped) -> pl.DataFrame:
    return conflicts(shipped)


# --- the shipped data ------------------------------------------------------------------------------

def test_port_2024_over_1000_is_flagged(found):
    row = found.filter(pl.col("figure_id") == "b1-r091").row(0, named=True)
    assert row["rule"] == "ytd_pace"
    # Jan–Aug 2024 ≈ 580 ÷ 1.022 = 567.5 (from Jan–Aug 2025: 580万标箱, +2.2%);
    # the rest of 2024 must run at (1000 − 567.5) / 4 = 108.1 a month, against 567.5 / 8 = 70.9 so far:
    # 108.125 / 70.9375 = 1.52 times. Other years (Jan–Sep, the nearest month): 2021 (703.8 − 507.5)/3
    # ÷ (507.5/9) = 1.16; 2020 (derived: 521.3, 378.7) 1.13 — so at most 1.16 × 1.25 = 1.45 < 1.52.
    assert row["other_ids"] == "b1-r093+b1-r092"
    for text in ("1000万标箱以上", "567.5万标箱", "2025年1-8月580万标箱", "增长2.2%", "108.1", "70.9", "1.52倍",
                 "1.13至1.16"):
        assert text in row["reason"], text


def test_all_shipped_conflicts(found):
    # the port figure and Changshu's preliminary 2023 GDP (2870 against the yearbook's 2800.16)
    assert found.select("figure_id", "rule", "other_ids").rows() == [
        ("b1-r091", "ytd_pace", "b1-r093+b1-r092"),
        ("b2-r035", "preliminary_vs_final", "b2-r021"),
    ]
    row = found.filter(pl.col("figure_id") == "b2-r035").row(0, named=True)
    # |2870 − 2800.16| = 69.84 > ±5 (2870 is rounded to tens)
    assert "69.84" in row["reason"] and "±5" in row["reason"] and "预计数" in row["reason"]


def test_within_rounding_is_no_conflict(found):
    # GDP 2018: preliminary 1330 vs 1330.72 (|0.72| ≤ 5) and +7% vs +6.8% (|0.2| ≤ 0.5)
    assert not {"b1-r004", "b1-r006"} & set(found["figure_id"].to_list())


def test_apply_flags(shipped):
    flagged = apply_flags(shipped)
    assert flagged.columns == shipped.columns and flagged.height == shipped.height
    assert flagged["figure_id"].to_list() == shipped["figure_id"].to_list()
    port = flagged.filter(pl.col("figure_id") == "b1-r091").row(0, named=True)
    assert port["reliability"] == "doubtful" and port["flag"].startswith("2024年全年1000万标箱以上")
    changed = flagged.filter(pl.col("flag").is_not_null())["figure_id"].to_list()
    assert sorted(changed) == ["b1-r091", "b2-r035"]
    # nothing else touched
    same = pl.col("figure_id").is_in(changed).not_()
    assert flagged.filter(same).equals(shipped.filter(same))
    # applying it twice changes nothing more
    assert apply_flags(flagged).equals(flagged)


def test_apply_flags_keeps_an_earlier_flag_and_adds_the_column():
    rows = [*_history(), _fig("x8", "port_teu", "2022-09", "level", 90.0),
            _fig("x", "port_teu", "2022", "level", 200.0, flag="分析员已确认：SYNTHETIC")]
    out = apply_flags(_frame(*rows))
    flag = out.filter(pl.col("figure_id") == "x")["flag"].item()
    assert flag.startswith("分析员已确认：SYNTHETIC；2022年全年200万标箱")
    bare = apply_flags(_frame(*_history()).drop("flag", "origin", "source_date"))
    assert bare["flag"].null_count() == bare.height and "flag" in bare.columns


# --- ytd_pace on SYNTHETIC series -----------------------------------------------------------------

@pytest.mark.parametrize(("full", "bound", "flagged"), [
    # (F − 90) / 3 ÷ 10 against [1.0, 1.0] × / ÷ 1.25:
    (200.0, "exact", True),    # (200 − 90)/3 = 36.7 → 3.67 > 1.25
    (127.0, "exact", False),   # (127 − 90)/3 = 12.3 → 1.23 ≤ 1.25
    (128.0, "exact", True),    # 12.67 → 1.27 > 1.25
    (112.0, "exact", True),    # 7.33 → 0.73 < 1 / 1.25 = 0.8: too slow for an exact figure
    (112.0, "lower", False),   # … but a lower bound may be low: the truth is at least 112
    (200.0, "lower", True),    # even the bound is too high
])
def test_pace_against_the_same_ratio_in_other_years(full, bound, flagged):
    f = _frame(*_history(), _fig("y9", "port_teu", "2022-09", "level", 90.0),
               _fig("F", "port_teu", "2022", "level", full, bound=bound))
    got = conflicts(f)
    assert (got["figure_id"].to_list() == ["F"]) is flagged
    if flagged:
        assert got["rule"].item() == "ytd_pace" and got["other_ids"].item() == "y9"


def test_pace_uses_a_neighbouring_period_from_growth():
    # Jan–Sep 2022 is not published, but Jan–Sep 2023 = 99 at +10% gives 99 ÷ 1.1 = 90 for it
    f = _frame(*_history(), _fig("n", "port_teu", "2023-09", "level", 99.0),
               _fig("g", "port_teu", "2023-09", "growth_pct", 10.0),
               _fig("F", "port_teu", "2022", "level", 200.0, bound="lower"))
    got = conflicts(f)
    assert got.select("figure_id", "other_ids").rows() == [("F", "n+g")]
    assert "由2023年1-9月99万标箱、增长10%推算" in got["reason"].item()


def test_pace_without_ratio_history_uses_monthly_rates():
    # SYNTHETIC: no other year has both a full year and a year-to-date level; the monthly rates seen
    # are 120/12 = 10 and 130/12 = 10.8; the rest of 2022 must run at (300 − 90)/3 = 70 > 10.8 × 1.25
    f = _frame(_fig("a", "port_teu", "2020", "level", 120.0), _fig("b", "port_teu", "2021", "level", 130.0),
               _fig("y9", "port_teu", "2022-09", "level", 90.0), _fig("F", "port_teu", "2022", "level", 300.0))
    got = conflicts(f)
    assert got["figure_id"].to_list() == ["F"] and "其他年份月均在10.0至10.8万标箱之间" in got["reason"].item()
    # (125 − 90)/3 = 11.7 ≤ 13.5: no conflict
    assert conflicts(f.with_columns(value=pl.when(pl.col("figure_id") == "F").then(125.0)
                                    .otherwise(pl.col("value")))).is_empty()


def test_no_history_no_judgement():
    f = _frame(_fig("y9", "port_teu", "2022-09", "level", 90.0), _fig("F", "port_teu", "2022", "level", 900.0))
    assert conflicts(f).is_empty()


def test_full_year_below_year_to_date():
    f = _frame(_fig("y9", "port_teu", "2022-09", "level", 90.0), _fig("F", "port_teu", "2022", "level", 80.0))
    got = conflicts(f)
    assert got.select("figure_id", "rule").rows() == [("F", "ytd_exceeds_year")]


def test_factor_is_a_parameter():
    f = _frame(*_history(), _fig("y9", "port_teu", "2022-09", "level", 90.0),
               _fig("F", "port_teu", "2022", "level", 128.0))
    assert FACTOR == 1.25
    assert conflicts(f, factor=1.3).is_empty()  # 1.27 ≤ 1.3


def test_no_chaining_of_comparable_price_growth():
    # GDP's growth is at comparable prices: 99 at +10% does NOT give a Jan–Sep 2022 level, so the
    # 2022 full year is not judged against it (with fai, a current-price indicator, it would be)
    rows = [_fig("n", "gdp", "2023-09", "level", 99.0, unit="亿元"),
            _fig("g", "gdp", "2023-09", "growth_pct", 10.0),
            _fig("F", "gdp", "2022", "level", 500.0, unit="亿元"),
            *[_fig(r["figure_id"], "gdp", r["period"], "level", r["value"], unit="亿元") for r in _history()]]
    assert conflicts(_frame(*rows)).is_empty()
    as_fai = [{**r, "indicator": "fai"} for r in rows]
    assert conflicts(_frame(*as_fai))["figure_id"].to_list() == ["F"]


# --- bounds and releases ---------------------------------------------------------------------------

def test_lower_bound_contradicted_by_an_exact_figure():
    f = _frame(
        # a flow: "over 100" for Jan–Jun, then exactly 95 for Jan–Sep of the same year
        _fig("L", "port_teu", "2022-06", "level", 100.0, bound="lower"),
        _fig("E", "port_teu", "2022-09", "level", 95.0),
        # a running total: "over 450" in 2022-10, exactly 440 in 2023-03
        _fig("L2", "german_firms", "2022-10-01", "count_total", 450.0, bound="lower", unit="家"),
        _fig("E2", "german_firms", "2023-03-28", "count_total", 440.0, unit="家"),
        # an exact total before the bound does not contradict it
        _fig("E0", "german_firms", "2021-10-28", "count_total", 400.0, unit="家"),
    )
    got = conflicts(f)
    assert got.select("figure_id", "rule", "other_ids").rows() == [
        ("L", "bound_contradicted", "E"), ("L2", "bound_contradicted", "E2")]
    assert "450家以上为下限" in got.filter(pl.col("figure_id") == "L2")["reason"].item()


def test_annual_lists_are_not_running_totals():
    # key projects: 180+ in 2023 and exactly 170 in 2024 are two different lists
    f = _frame(_fig("L", "key_projects", "2023", "count_total", 180.0, bound="lower", unit="个"),
               _fig("E", "key_projects", "2024", "count_total", 170.0, unit="个"))
    assert conflicts(f).is_empty()
    # … but the same year's list contradicts its own bound
    f2 = _frame(_fig("L", "key_projects", "2023", "count_total", 180.0, bound="lower", unit="个"),
                _fig("E", "key_projects", "2023", "count_total", 170.0, unit="个"))
    assert conflicts(f2)["figure_id"].to_list() == ["L"]


@pytest.mark.parametrize(("preliminary", "final", "flagged"), [
    (590.0, 594.0, False),   # 590 is rounded to tens: ±5
    (590.0, 596.0, True),
    (6.6, 6.64, False),      # ±0.05
    (6.6, 6.7, True),
])
def test_preliminary_against_final(preliminary, final, flagged):
    f = _frame(_fig("p", "fai", "2023", "level", preliminary, release="preliminary"),
               _fig("f", "fai", "2023", "level", final))
    assert (conflicts(f)["figure_id"].to_list() == ["p"]) is flagged


def test_rounding_tolerance():
    assert rounding_tolerance(2870.0) == 5.0
    assert rounding_tolerance(400.0) == 50.0
    assert rounding_tolerance(2800.16) == pytest.approx(0.005)
    assert rounding_tolerance(0.0) == 0.5

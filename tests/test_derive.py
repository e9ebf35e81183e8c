"""Derived values (taicang_analysis.derive): formulas worked by hand, refusals with their reasons.

Figures built with ``_fig`` are SYNTHETIC (source title "SYNTHETIC", example.* hosts): invented for the
tests, not published figures.
"""

from __future__ import annotations

import polars as pl
import pytest
from conftest import figure_frame, synthetic_figure

from taicang_analysis.derive import (
    DERIVED_SCHEMA,
    derive_figures,
    derive_refusals,
)
from taicang_analysis.sources.figures import FIGURE_SCHEMA, MERGED_EXTRA, load_figures


def _fig(figure_id: str, indicator: str, period: str, measure: str, value: float, **kw) -> dict:
    """One SYNTHETIC figure (see conftest.synthetic_figure)."""
    return synthetic_figure(figure_id, indicator, period, measure, value, **kw)

def _frame(*rows: dict) -> pl.DataFrame:
    return figure_frame(*rows)



@pytest.fixture(scope="module")
def derived(shipped) -> pl.DataFrame:
    return derive_figures(shipped)


def _one(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(**where).to_dicts()
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows[0]


# --- the first rule on the shipped data: last year's level from this year's level and growth ----

def test_2023_fai_from_the_2025_report(shipped, derived):
    # the inputs: the 2025 work report's 2024 figures "完成固定资产投资590亿元 … 分别增长6.6%、20.9%"
    level, growth = _one(shipped, figure_id="b1-r031"), _one(shipped, figure_id="b1-r030")
    assert (level["period"], level["measure"], level["value"]) == ("2024", "level", 590.0)
    assert (growth["period"], growth["measure"], growth["value"]) == ("2024", "growth_pct", 6.6)
    assert level["source_url"] == growth["source_url"]
    # 590 ÷ 1.066 = 553.4709… → 553.5 (590 has no decimal: one more, not the catalogue's two)
    row = _one(derived, region="太仓市", indicator="fai", period="2023")
    assert row["value"] == 553.5
    assert row["formula"] == "590 ÷ (1 + 6.6%) = 553.5"
    assert row["inputs"] == "b1-r031+b1-r030"
    assert (row["release"], row["origin"], row["measure"], row["unit"]) == ("derived", "derived", "level", "亿元")
    assert (row["year"], row["month"], row["period_type"]) == (2023, 12, "year")
    assert "口径不变" in row["notes"]
    assert row["reliability"] == "official_repost"  # as its inputs (the report on a mirror)


def test_2023_industrial_investment(derived):
    # 257 ÷ 1.209 = 212.5724… → 212.6
    row = _one(derived, region="太仓市", indicator="industrial_investment", period="2023")
    assert (row["value"], row["formula"], row["inputs"]) == (
        212.6, "257 ÷ (1 + 20.9%) = 212.6", "b1-r036+b1-r035")


def test_port_jan_aug_2024_from_2025(derived):
    # 580 ÷ 1.022 = 567.514… → 567.5 (catalogue: 1 decimal)
    row = _one(derived, indicator="port_teu", period="2024-08")
    assert (row["value"], row["period_type"], row["inputs"]) == (567.5, "ytd", "b1-r093+b1-r092")


def test_layout_is_the_figures_layout_plus_formula_and_inputs(derived):
    assert derived.columns == [*FIGURE_SCHEMA, *MERGED_EXTRA, "formula", "inputs"]
    assert derived.schema == pl.Schema(DERIVED_SCHEMA)
    assert set(derived["release"].to_list()) == {"derived"}
    assert derived["figure_id"].is_unique().all()
    # every input is a figure of the data, with a source
    ids = set(load_figures()["figure_id"].to_list())
    for inputs in derived["inputs"].to_list():
        assert set(inputs.split("+")) <= ids, inputs


def test_nothing_derived_where_last_year_is_published(derived):
    # port 2022: 802.6 at +14% would give 704.0 for 2021, but 2021's 703.8 is published
    assert derived.filter(pl.col("indicator") == "port_teu", pl.col("period") == "2021").is_empty()


# --- never a real growth from current-price levels -----------------------------------------------

def test_no_growth_is_ever_derived(derived):
    assert derived.filter(pl.col("measure") == "growth_pct").is_empty()


def test_no_level_from_a_comparable_price_growth(shipped, derived):
    # GDP (comparable prices) and 规上工业产值 (comparable firms) never chain with levels
    assert derived.filter(pl.col("indicator").is_in(["gdp", "industrial_output"])).is_empty()
    refused = derive_refusals(shipped).filter(pl.col("rule") == "base_from_real_growth")
    row = _one(refused, inputs="b1-r012+b1-r010")  # 2022 bulletin: 1653.57亿元, +2.2% at comparable prices
    assert row["period"] == "2021" and "可比价" in row["reason"]
    assert set(refused["indicator"].to_list()) == {"gdp", "industrial_output"}


def test_taicang_2023_gdp_growth_is_refused_with_the_reason(shipped):
    # 1653.57 (2022) and 1734.94 (2023) are current-price levels; the real growth is not published
    row = _one(derive_refusals(shipped), rule="real_growth_from_levels")
    assert (row["region"], row["indicator"], row["measure"], row["period"]) == ("太仓市", "gdp", "growth_pct", "2023")
    assert row["inputs"] == "b1-r012+b2-r002"
    assert "可比价" in row["reason"] and "不能" in row["reason"]
    assert "4.9" not in row["reason"]  # the nominal ratio is not offered as a growth rate


# --- counts from running totals --------------------------------------------------------------------

def test_german_firm_counts_between_exact_totals(derived):
    counts = derived.filter(pl.col("indicator") == "german_firms").sort("year", "month")
    # exact totals: 400 (2021-10-28), 478 (2023-03-28), 487 (2023-06), 500 (2024-01-22)
    # 478 − 400 = 78; 487 − 478 = 9; 500 − 487 = 13
    assert counts.select("period", "value", "formula", "inputs").rows() == [
        ("2021-10-28/2023-03-28", 78.0, "478 − 400 = 78", "b1-r063+b1-r064"),
        ("2023-03-28/2023-06", 9.0, "487 − 478 = 9", "b1-r064+b1-r065"),
        ("2023-06/2024-01-22", 13.0, "500 − 487 = 13", "b1-r065+b1-r069"),
    ]
    assert set(counts["period_type"].to_list()) == {"range"}
    assert set(counts["measure"].to_list()) == {"count_new"}


def test_no_count_across_a_bound(shipped, derived):
    # 突破450 (2022-10, a lower bound) then 478: no count, and the reason says why
    refusals = derive_refusals(shipped).filter(pl.col("rule") == "count_bound")
    row = _one(refusals, inputs="b2-r005+b1-r064")
    assert "450家为下限" in row["reason"] and "不是新增数" in row["reason"]
    # 近500 (approximate) pairs are refused too
    assert any("500家为约数" in r for r in refusals["reason"].to_list())
    assert derived.filter(pl.col("inputs").str.contains("b2-r005")).is_empty()
    assert derived.filter(pl.col("inputs").str.contains("b2-r007")).is_empty()


# --- the rules on SYNTHETIC figures ----------------------------------------------------------------

def test_synthetic_prior_level_and_negative_growth():
    f = _frame(_fig("s1", "fai", "2023", "level", 95.0), _fig("s2", "fai", "2023", "growth_pct", -5.0))
    row = derive_figures(f).row(0, named=True)
    # 95 ÷ (1 − 5%) = 95 ÷ 0.95 = 100.0
    assert (row["period"], row["value"], row["formula"]) == ("2022", 100.0, "95 ÷ (1 − 5%) = 100.0")


def test_synthetic_level_and_growth_must_come_from_one_source():
    f = _frame(_fig("s1", "fai", "2023", "level", 110.0),
               _fig("s2", "fai", "2023", "growth_pct", 10.0, source_url="https://other.example/SYNTHETIC"))
    assert derive_figures(f).is_empty()


def test_synthetic_bounds_and_releases_do_not_pair():
    f = _frame(_fig("s1", "fai", "2023", "level", 110.0, bound="lower"),
               _fig("s2", "fai", "2023", "growth_pct", 10.0),
               _fig("s3", "retail_sales", "2023", "level", 110.0, release="preliminary"),
               _fig("s4", "retail_sales", "2023", "growth_pct", 10.0))
    assert derive_figures(f).is_empty()


def test_synthetic_final_pair_preferred_and_worst_reliability():
    f = _frame(
        _fig("p1", "fai", "2023", "level", 111.0, release="preliminary", source_url="https://a.example/S"),
        _fig("p2", "fai", "2023", "growth_pct", 11.0, release="preliminary", source_url="https://a.example/S"),
        _fig("f1", "fai", "2023", "level", 110.0, reliability="news"),
        _fig("f2", "fai", "2023", "growth_pct", 10.0, reliability="secondary"),
    )
    d = derive_figures(f)
    # one value for 2022: from the final pair, 110 ÷ 1.1 = 100.0, as reliable as its worse input
    assert d.select("inputs", "value", "reliability").rows() == [("f1+f2", 100.0, "secondary")]


def test_synthetic_like_for_like_growth_is_refused():
    f = _frame(_fig("s1", "budget_revenue", "2023", "level", 110.0, quote="SYNTHETIC 同口径增长10%"),
               _fig("s2", "budget_revenue", "2023", "growth_pct", 10.0, quote="SYNTHETIC 同口径增长10%"))
    assert derive_figures(f).is_empty()
    assert derive_refusals(f)["rule"].to_list() == ["like_for_like_growth"]


def test_synthetic_flagged_input_makes_a_flagged_derived_value():
    f = _frame(_fig("s1", "fai", "2023", "level", 110.0, reliability="doubtful", flag="SYNTHETIC 存疑"),
               _fig("s2", "fai", "2023", "growth_pct", 10.0))
    row = derive_figures(f).row(0, named=True)
    assert row["reliability"] == "doubtful"
    assert row["flag"] == "s1: SYNTHETIC 存疑"


def test_synthetic_year_to_date_and_decimals():
    # 123.45 (2 decimals) at +3% → 123.45 ÷ 1.03 = 119.8544… → 119.85 (catalogue 2 decimals)
    f = _frame(_fig("s1", "fai", "2023-04", "level", 123.45), _fig("s2", "fai", "2023-04", "growth_pct", 3.0))
    row = derive_figures(f).row(0, named=True)
    assert (row["period"], row["period_type"], row["month"], row["value"]) == ("2022-04", "ytd", 4, 119.85)


def test_synthetic_counts():
    f = _frame(
        _fig("a", "german_firms", "2022-12-31", "count_total", 400.0, unit="家"),
        _fig("b", "german_firms", "2023-12-31", "count_total", 430.0, unit="家"),
        _fig("c", "german_firms", "2024-06-30", "count_total", 450.0, unit="家", bound="lower"),
        _fig("d", "german_firms", "2024-12-31", "count_total", 420.0, unit="家"),
    )
    d = derive_figures(f)
    # 430 − 400 = 30 over exactly the calendar year 2023: a year figure
    assert d.select("period", "period_type", "value").rows() == [("2023", "year", 30.0)]
    rules = derive_refusals(f).sort("period")["rule"].to_list()
    # b→c and c→d touch the bound; b→d (the next exact) falls from 430 to 420
    assert rules == ["count_bound", "count_decrease", "count_bound"]


def test_synthetic_annual_lists_are_not_differenced():
    # key projects: each year's list (count_measure count_total), not a running total
    f = _frame(_fig("a", "key_projects", "2023", "count_total", 183.0, unit="个"),
               _fig("b", "key_projects", "2024", "count_total", 190.0, unit="个"))
    assert derive_figures(f).is_empty()
    assert derive_refusals(f).is_empty()


def test_derived_rows_are_not_inputs(derived, shipped):
    again = derive_figures(pl.concat([shipped, derived.drop("formula", "inputs")]))
    assert again["figure_id"].to_list() == derived["figure_id"].to_list()


def test_frame_without_merged_columns(shipped):
    # a frame read straight from data/figures.csv (no origin/source_date/flag) works too
    bare = shipped.drop("origin", "source_date", "flag")
    assert derive_figures(bare)["figure_id"].to_list() == derive_figures(shipped)["figure_id"].to_list()

"""Taicang among its peers (taicang_analysis.peers): the shipped 2023 GDP table and SYNTHETIC cases.

Figures built with ``_fig`` are SYNTHETIC (source title "SYNTHETIC"; invented values).
"""

from __future__ import annotations

import polars as pl
from conftest import figure_frame, synthetic_figure

from taicang_analysis.consistency import apply_flags
from taicang_analysis.derive import derive_figures
from taicang_analysis.peers import PEER_SCHEMA, peer_sections, peer_table


def _fig(figure_id: str, region: str, value: float, *, measure: str = "level", period: str = "2023", **kw) -> dict:
    """One SYNTHETIC GDP figure of a place."""
    return synthetic_figure(figure_id, "gdp", period, measure, value, region=region, **kw)

def _frame(*rows: dict) -> pl.DataFrame:
    return figure_frame(*rows)


def _places(*regions: str) -> pl.DataFrame:
    """A SYNTHETIC places table: 苏州市 and the given places under it (the complete comparison set)."""
    rows = [("苏州市", "地级市", "江苏省")] + [(r, "区" if r.endswith("区") else "县级市", "苏州市") for r in regions]
    return pl.DataFrame([{"region": r, "level": lv, "parent": pa, "aliases": "", "source_url": "SYNTHETIC",
                          "source_title": "SYNTHETIC", "quote": "SYNTHETIC"} for r, lv, pa in rows])


THREE = _places("太仓市", "昆山市", "常熟市")



# --- the shipped data ------------------------------------------------------------------------------

def test_2023_gdp_levels_partial_set_quotes_the_source_rank(shipped):
    table = peer_table(shipped, indicator="gdp", measure="level", year=2023)
    # the six places of the second batch (苏州统计年鉴2024 via the same blog), highest first:
    # 昆山 5140.60 > 张家港 3365.80 > 常熟 2800.16 > 吴江 2377.28 > 虎丘 1826.75 > 太仓 1734.94 — six of the ten
    # county-level places of 苏州市 in data/places.csv: a partial list, so no rank is computed (it would
    # say 6th); the source's own rank among all of them, 7th, is quoted
    assert table.select("region", "value", "rank").rows() == [
        ("昆山市", 5140.6, None), ("张家港市", 3365.8, None), ("常熟市", 2800.16, None),
        ("吴江区", 2377.28, None), ("虎丘区", 1826.75, None), ("太仓市", 1734.94, None)]
    taicang = table.filter(pl.col("is_taicang")).row(0, named=True)
    assert (taicang["rank"], taicang["source_rank"], taicang["figure_id"]) == (None, 7, "b2-r002")
    assert taicang["rank_note"] == (
        "本表只有苏州市10个县级市、区和县级单位中的6个: 县级市4个中的4个、区5个中的2个、县级单位1个中的0个,"
        "位次不全,不排名;来源原文:第7位")
    # Changshu: the final (yearbook) 2800.16, not its preliminary 2870 — all six are final
    assert set(table["release"].to_list()) == {"final"}
    assert table.filter(pl.col("region") == "常熟市")["figure_id"].item() == "b2-r021"
    # every row names its source
    assert table["source_url"].str.starts_with("http").all() and table["quote"].str.len_chars().min() > 0
    assert table.schema == pl.Schema(PEER_SCHEMA)


def test_2023_gdp_levels_ranked_after_flags_and_derivations(shipped):
    flagged = apply_flags(shipped)
    figures = pl.concat([flagged, derive_figures(flagged)], how="diagonal")
    table = peer_table(figures, indicator="gdp", measure="level", year=2023)
    taicang = table.filter(pl.col("is_taicang")).row(0, named=True)
    assert (taicang["rank"], taicang["source_rank"]) == (None, 7)


def test_taicang_2023_gdp_growth_not_ranked(shipped):
    table = peer_table(shipped, indicator="gdp", measure="growth_pct", year=2023)
    taicang = table.filter(pl.col("is_taicang")).row(0, named=True)
    assert taicang["value"] is None and taicang["rank"] is None
    assert "未见" in taicang["rank_note"]
    # the peers' figures mix final (昆山 5.0, 张家港 3.7) and preliminary (常熟 4.0): nobody is ranked
    assert table["rank"].null_count() == table.height
    peers = table.filter(~pl.col("is_taicang"))
    assert sorted(peers.select("region", "release").rows()) == [
        ("常熟市", "preliminary"), ("张家港市", "final"), ("昆山市", "final")]
    assert all("混杂" in n for n in peers["rank_note"].to_list())


def test_peer_sections_2023(shipped):
    assert peer_sections(shipped, 2023) == [
        ("gdp", "level", 2023), ("gdp", "growth_pct", 2023), ("budget_revenue", "level", 2023),
        ("budget_revenue", "growth_pct", 2023), ("industrial_output", "level", 2023)]


def test_city_wide_figures_are_not_peers(shipped):
    # 苏州市 2023 per-capita income is context, not a peer: no section, no row
    assert not [s for s in peer_sections(shipped, 2023) if s[0] == "disposable_income"]
    table = peer_table(shipped, indicator="disposable_income", measure="level", year=2023)
    assert table.select("region", "value").rows() == [("太仓市", None)]


# --- SYNTHETIC cases -------------------------------------------------------------------------------

def test_three_final_places_are_ranked_and_ties_share_a_rank():
    f = _frame(_fig("a", "太仓市", 100.0), _fig("b", "昆山市", 300.0), _fig("c", "常熟市", 100.0))
    table = peer_table(f, indicator="gdp", measure="level", year=2023, places=THREE)
    assert table.select("region", "rank", "rank_of").rows() == [
        ("昆山市", 1, 3), ("太仓市", 2, 3), ("常熟市", 2, 3)]


def test_two_places_are_not_ranked():
    f = _frame(_fig("a", "太仓市", 100.0), _fig("b", "昆山市", 300.0))
    table = peer_table(f, indicator="gdp", measure="level", year=2023, places=_places("太仓市", "昆山市"))
    assert table["rank"].null_count() == 2
    assert table["rank_note"][0] == "仅2地有2023年数据,不足3地,不排名"


def test_mixed_releases_bases_and_bounds_are_not_ranked():
    base = [_fig("a", "太仓市", 5.0, measure="growth_pct"), _fig("b", "昆山市", 6.0, measure="growth_pct")]
    mixed = peer_table(_frame(*base, _fig("c", "常熟市", 4.0, measure="growth_pct", release="preliminary")),
                       indicator="gdp", measure="growth_pct", year=2023)
    assert mixed["rank"].null_count() == 3 and "最终数、预计数混杂" in mixed["rank_note"][0]
    basis = peer_table(_frame(*base, _fig("c", "常熟市", 4.0, measure="growth_pct", quote="SYNTHETIC 同口径增长4%")),
                       indicator="gdp", measure="growth_pct", year=2023)
    assert basis["rank"].null_count() == 3 and "口径不同" in basis["rank_note"][0]
    bound = peer_table(_frame(*base, _fig("c", "常熟市", 4.0, measure="growth_pct", bound="lower")),
                       indicator="gdp", measure="growth_pct", year=2023)
    assert bound["rank"].null_count() == 3 and "常熟市为下限或约数" in bound["rank_note"][0]


def test_a_partial_set_is_not_ranked():
    # SYNTHETIC: three places with figures, but the places table holds a fourth (张家港市) without one
    f = _frame(_fig("a", "太仓市", 100.0), _fig("b", "昆山市", 300.0), _fig("c", "常熟市", 200.0))
    table = peer_table(f, indicator="gdp", measure="level", year=2023, places=_places("太仓市", "昆山市", "常熟市", "张家港市"))
    assert table["rank"].null_count() == 3
    taicang = table.filter(pl.col("is_taicang")).row(0, named=True)
    assert taicang["rank_note"] == "本表只有苏州市4个县级市中的3个: 县级市4个中的3个,位次不全,不排名"
    assert taicang["source_rank"] is None  # the SYNTHETIC source states no rank


def test_final_preferred_over_preliminary_and_same_period_only():
    f = _frame(_fig("a", "太仓市", 100.0), _fig("b", "昆山市", 300.0),
               _fig("c1", "常熟市", 210.0, release="preliminary", reliability="official"),
               _fig("c2", "常熟市", 200.0, reliability="secondary"),
               _fig("d", "张家港市", 250.0, period="2022"))  # another year: not in the 2023 table
    table = peer_table(f, indicator="gdp", measure="level", year=2023, places=THREE)
    assert table.select("region", "figure_id", "rank").rows() == [
        ("昆山市", "b", 1), ("常熟市", "c2", 2), ("太仓市", "a", 3)]


def test_year_to_date_uses_taicangs_latest_month():
    f = _frame(_fig("a4", "太仓市", 40.0, period="2023-04"), _fig("b4", "昆山市", 90.0, period="2023-04"),
               _fig("b5", "昆山市", 110.0, period="2023-05"), _fig("c4", "常熟市", 50.0, period="2023-04"))
    table = peer_table(f, indicator="gdp", measure="level", year=2023, period_type="ytd", places=THREE)
    # Taicang's latest month is April: Kunshan's May figure is left out
    assert table.select("region", "period", "rank").rows() == [
        ("昆山市", "2023-04", 1), ("常熟市", "2023-04", 2), ("太仓市", "2023-04", 3)]
    assert table["rank_note"][2] == "本表3地中第3(同期最终数)"

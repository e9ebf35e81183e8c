"""The 2023 target registry (data/targets/2023.csv) against the words of the work report."""

from __future__ import annotations

import hashlib
import json
import re

import polars as pl
import pytest
from conftest import raises_one

from taicang_analysis.context import PROJECT_DIR, SHIPPED_DATA_DIR
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.targets import load_targets
from taicang_analysis.vocabulary import KINDS, QUALIFIERS

EXCERPT = SHIPPED_DATA_DIR / "raw" / "gwr_2023_excerpt.txt"

# Every numeric target of the excerpt, worked out by hand from the report's words:
# id: (value, value_high, unit, qualifier, strive, the report's words)
NUMERIC_TARGETS = {
    "gdp_growth": (5, None, "%", "about", False, "地区生产总值增长5%左右"),
    "budget_revenue_growth": (6, None, "%", "about", False, "一般公共预算收入增长6%左右"),
    "fai_growth": (6, None, "%", "about", False, "全社会固定资产投资增长6%左右"),
    "industrial_output_growth": (8, None, "%", "exact", False, "规上工业产值增长8%"),
    "retail_sales_growth": (6, None, "%", "exact", False, "社会消费品零售总额增长6%"),
    "smart_factories": (30, None, "家", "exact", False, "智能工厂、车间30家"),
    "digital_benchmark_projects": (3, 5, "个", "exact", False, "打造3~5个数字化转型标杆项目"),
    "key_projects": (180, None, "个", "more_than", False, "180余个市级重点项目"),
    "fai_level": (520, None, "亿元", "strive", True, "力争完成全社会固定资产投资520亿元"),
    # 力争 governs both halves of 力争完成全社会固定资产投资520亿元、工业投资200亿元
    "industrial_investment_level": (200, None, "亿元", "strive", True,
                                    "520亿元、工业投资200亿元"),
    "land_cleared": (5000, None, "亩", "more_than", True, "力争腾地超5000亩"),
    "industrial_funds": (5, None, "支", "exact", False, "新增产业基金5支"),
    "new_listings": (2, 3, "家", "strive", True, "力争新增上市企业2~3家"),
    "port_teu": (900, None, "万标箱", "exceed", False, "集装箱吞吐量突破900万标箱"),
    "logistics_3a": (4, None, "家", "exact", False, "新增3A级及以上物流企业4家"),
    "german_firms": (50, None, "家", "at_least", False, "新引进德企50家以上"),
    "regional_hq": (2, None, "家", "strive", True, "力争新增省级跨国公司地区总部和功能性机构2家"),
    # a milestone: at least one project of 100亿元 or more (met when it happens)
    "projects_100yi": (1, None, "个", "milestone", True, "力争实现百亿项目突破"),
}
NON_NUMERIC = {"disposable_income_growth": "relative", "trade_quality": "qualitative"}


@pytest.fixture(scope="module")
def targets() -> pl.DataFrame:
    return load_targets(2023)


@pytest.fixture(scope="module")
def excerpt() -> str:
    return EXCERPT.read_text(encoding="utf-8")


def _row(targets: pl.DataFrame, target_id: str) -> dict:
    rows = targets.filter(pl.col("id") == target_id).to_dicts()
    assert len(rows) == 1, f"{target_id}: {len(rows)} rows"
    return rows[0]


def test_columns(targets):
    for column in ("id", "kind", "value", "value_high", "unit", "qualifier", "phrase"):
        assert column in targets.columns
    assert targets.schema["value"] == pl.Float64
    assert targets.schema["value_high"] == pl.Float64
    assert targets.schema["strive"] == pl.Boolean
    assert targets["id"].is_unique().all()
    assert set(targets["year"].to_list()) == {2023}


def test_exactly_the_registered_targets(targets):
    assert sorted(targets["id"].to_list()) == sorted([*NUMERIC_TARGETS, *NON_NUMERIC])
    numeric = targets.filter(pl.col("value").is_not_null())
    assert sorted(numeric["id"].to_list()) == sorted(NUMERIC_TARGETS)


def test_report_words_are_in_the_excerpt(excerpt):
    # guard for the table above: it must quote the report, not paraphrase it
    for target_id, (*_, words) in NUMERIC_TARGETS.items():
        assert words in excerpt, target_id


@pytest.mark.parametrize("target_id", list(NUMERIC_TARGETS))
def test_numeric_target(targets, target_id):
    value, value_high, unit, qualifier, strive, words = NUMERIC_TARGETS[target_id]
    row = _row(targets, target_id)
    assert row["value"] == value
    assert row["value_high"] == value_high
    assert row["unit"] == unit
    assert row["qualifier"] == qualifier
    assert row["strive"] is strive
    assert row["kind"] in ("growth_rate", "level", "count")
    # the number stated in the phrase is the registered one (as written, e.g. 5000 or 3~5)
    number = f"{value}~{value_high}" if value_high is not None else str(value)
    if qualifier != "milestone":  # a milestone states no number: its target is "it happens" (1)
        assert number in row["phrase"]
        assert number in words


def test_ranges(targets):
    ranged = targets.filter(pl.col("value_high").is_not_null())
    assert sorted(ranged.select("id", "value", "value_high").rows()) == [
        ("digital_benchmark_projects", 3.0, 5.0),
        ("new_listings", 2.0, 3.0),
    ]
    assert (ranged["value"] < ranged["value_high"]).all()


def test_growth_targets_are_percent(targets):
    growth = targets.filter(pl.col("kind") == "growth_rate")
    assert sorted(growth["id"].to_list()) == sorted(
        ["gdp_growth", "budget_revenue_growth", "fai_growth", "industrial_output_growth",
         "retail_sales_growth"])
    assert set(growth["unit"].to_list()) == {"%"}
    assert set(growth["measure"].to_list()) == {"growth_pct"}


def test_qualifier_words_are_in_the_phrase(targets):
    words = {"about": "左右", "at_least": "以上", "exceed": "突破"}
    for row in targets.iter_rows(named=True):
        if row["qualifier"] in words:
            assert words[row["qualifier"]] in row["phrase"], row["id"]
        if row["strive"] and row["id"] != "industrial_investment_level":
            assert "力争" in row["phrase"], row["id"]
    assert "余" in _row(targets, "key_projects")["phrase"]
    assert "超" in _row(targets, "land_cleared")["phrase"]


def test_kinds_and_qualifiers_are_documented(targets):
    assert set(targets["kind"].to_list()) <= set(KINDS)
    assert set(targets["qualifier"].to_list()) <= set(QUALIFIERS)


def test_every_phrase_is_in_the_report(targets, excerpt):
    for row in targets.iter_rows(named=True):
        assert row["phrase"], row["id"]
        assert row["phrase"] in excerpt, row["id"]


def test_sections_are_headings_of_the_report(targets, excerpt):
    for section in set(targets["section"].to_list()):
        assert section in excerpt, section


@pytest.mark.parametrize(
    "fragment",
    ["周年", "平方公里", "七十二家村", "码头五期", "二十大", "十四五", "3+3", "第五次",
     "生物港四期"],
)
def test_non_targets_are_absent(targets, fragment):
    # numbers in the report that are not targets: 6平方公里 (a park's size), 七十二家村 (a
    # place), 对德合作30周年 (an anniversary), 码头五期, 二十大, 十四五, "3+3", 第五次普查 …
    for phrase in targets["phrase"].to_list():
        assert fragment not in phrase


def test_no_area_and_no_place_name_numbers(targets):
    assert targets.filter((pl.col("value") == 6) & (pl.col("unit") == "平方公里")).is_empty()
    assert targets.filter(pl.col("value") == 72).is_empty()
    assert targets.filter(pl.col("unit").str.contains("周年")).is_empty()
    # the only target of 30 is the smart factories (30家), not the 30th anniversary
    thirty = targets.filter(pl.col("value") == 30)
    assert thirty.select("id", "unit").rows() == [("smart_factories", "家")]


def test_goals_without_a_number_have_null_value(targets):
    for target_id, kind in NON_NUMERIC.items():
        row = _row(targets, target_id)
        assert row["kind"] == kind
        assert row["qualifier"] == kind
        assert row["value"] is None
        assert row["value_high"] is None
    assert _row(targets, "disposable_income_growth")["phrase"] == (
        "居民人均可支配收入与经济增长基本同步")
    assert _row(targets, "trade_quality")["phrase"] == "实现进出口总额稳中提质"


def test_indicators_are_in_the_catalogue(targets):
    catalogue = set(load_indicators()["id"].to_list())
    assert set(targets["indicator"].to_list()) <= catalogue


def test_level_units_agree_with_the_catalogue(targets):
    units = dict(load_indicators().select("id", "unit").iter_rows())
    for row in targets.filter(pl.col("kind").is_in(["level", "count"])).iter_rows(named=True):
        assert row["unit"] == units[row["indicator"]], row["id"]


def test_source_is_attached(targets):
    assert set(targets["source_date"].to_list()) == {"2023-01-03"}
    assert all("2023年政府工作报告" in t for t in targets["source_title"].to_list())
    assert all(u.startswith("http") for u in targets["source_url"].to_list())


def test_meta_hash_matches_the_report_text():
    meta = json.loads((SHIPPED_DATA_DIR / "targets" / "2023.meta.json").read_text("utf-8"))
    text_file = PROJECT_DIR / meta["text_file"]
    assert text_file.resolve() == EXCERPT.resolve()
    assert hashlib.sha256(text_file.read_bytes()).hexdigest() == meta["text_sha256"]
    assert meta["published"] == "2023-01-03"


def test_phrase_numbers_are_all_registered(targets):
    # each number written in a registered phrase is the value or value_high of that row,
    # except the "3A" grade in 3A级及以上物流企业
    for row in targets.iter_rows(named=True):
        numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", row["phrase"].replace("3A", ""))}
        assert numbers <= {row["value"], row["value_high"]}, row["id"]


def test_unknown_year_names_the_available_years(tmp_data):
    err = raises_one(lambda: load_targets(1999, data=tmp_data))
    assert err.file == str(tmp_data / "targets" / "1999.csv")
    assert "2023" in err.expected
    assert "1999" not in err.expected


def test_unknown_year_in_shipped_data():
    err = raises_one(lambda: load_targets(2031))
    assert err.file.endswith("2031.csv")
    assert "2023" in err.expected


def test_loads_from_a_data_folder(tmp_data, targets):
    from polars.testing import assert_frame_equal

    assert_frame_equal(load_targets(2023, data=tmp_data), targets)


def _rewrite(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_bad_qualifier_names_row_and_column(tmp_data):
    registry = tmp_data / "targets" / "2023.csv"
    # port_teu is on line 16 of the file (header = row 1)
    _rewrite(registry, "900,,万标箱,exceed,突破", "900,,万标箱,breakthrough,突破")
    err = raises_one(lambda: load_targets(2023, data=tmp_data))
    assert err.file == str(registry)
    assert (err.row, err.column, err.value) == (16, "qualifier", "breakthrough")
    assert "exceed" in err.expected and "at_least" in err.expected
    assert "第16行" in str(err) and "qualifier" in str(err)


def test_bad_kind_names_row_and_column(tmp_data):
    registry = tmp_data / "targets" / "2023.csv"
    # gdp_growth is the first target: row 2
    _rewrite(registry, "growth_rate,5,,%,about", "growth,5,,%,about")
    err = raises_one(lambda: load_targets(2023, data=tmp_data))
    assert (err.row, err.column, err.value) == (2, "kind", "growth")
    assert "growth_rate" in err.expected


def test_numeric_target_without_value(tmp_data):
    registry = tmp_data / "targets" / "2023.csv"
    # industrial_funds is on line 14 of the file (header = row 1)
    _rewrite(registry, "count,5,,支", "count,,,支")
    err = raises_one(lambda: load_targets(2023, data=tmp_data))
    assert (err.row, err.column, err.value) == (14, "value", None)


def test_missing_phrase(tmp_data):
    registry = tmp_data / "targets" / "2023.csv"
    _rewrite(registry, ",新增产业基金5支\n", ",\n")
    err = raises_one(lambda: load_targets(2023, data=tmp_data))
    assert (err.row, err.column) == (14, "phrase")


def test_catalogue_names_are_unambiguous():
    # a name or alias a bureau file may use must point at exactly one indicator
    from taicang_analysis.sources.normalise import normalise_text

    owner: dict[str, str] = {}
    for row in load_indicators().iter_rows(named=True):
        for name in [row["id"], row["name_zh"], *filter(None, row["aliases"].split("|"))]:
            key = normalise_text(name)
            assert owner.setdefault(key, row["id"]) == row["id"], key
    assert owner["新引进德资企业"] == "german_firms"
    assert owner["新设德资项目"] == "german_projects"

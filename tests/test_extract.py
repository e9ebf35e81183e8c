"""Issue #6: draft a target registry from the text of a work report."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.sources.extract import (
    REGISTRY_COLUMNS,
    extract_file,
    extract_targets,
    extract_to_csv,
    write_registry,
)

SEED_TEXT = SHIPPED_DATA_DIR / "raw" / "gwr_2023_excerpt.txt"
SEED_REGISTRY = SHIPPED_DATA_DIR / "targets" / "2023.csv"


# --------------------------------------------------------------------------------------------
# The seed round-trips
# --------------------------------------------------------------------------------------------
def test_seed_text_gives_the_2023_registry_row_for_row():
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert_frame_equal(extract_targets(text, year=2023), pl.read_csv(SEED_REGISTRY))


def test_seed_year_is_read_from_the_text():
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert_frame_equal(extract_targets(text), pl.read_csv(SEED_REGISTRY))


def test_registry_rows_follow_the_order_of_the_text():
    text = SEED_TEXT.read_text(encoding="utf-8")
    registry = pl.read_csv(SEED_REGISTRY)
    positions = [text.index(p) for p in registry["phrase"]]
    assert positions == sorted(positions)


def test_seed_csv_round_trips_through_write(tmp_path):
    out = extract_to_csv(SEED_TEXT, tmp_path / "2023.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert_frame_equal(pl.read_csv(out), pl.read_csv(SEED_REGISTRY))


def test_extract_file_reads_bom_and_year_from_file_name(tmp_path):
    src = tmp_path / "gwr_2031.txt"
    src.write_text("新增产业基金5支。", encoding="utf-8-sig")
    df = extract_file(src)
    assert df.select("id", "year", "value").row(0) == ("industrial_funds", 2031, 5)


def test_default_output_sits_beside_the_input(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text("2024年是关键之年。地区生产总值增长5%左右。", encoding="utf-8")
    out = extract_to_csv(src)
    assert out == tmp_path / "report.targets.csv"
    assert pl.read_csv(out)["year"].to_list() == [2024]


def test_write_registry_creates_folders(tmp_path):
    out = write_registry(extract_targets("新增产业基金5支"), tmp_path / "a" / "b.csv")
    assert out.exists()


def test_columns_and_dtypes_match_the_registry_file():
    df = extract_targets("地区生产总值增长5%左右,新增产业基金5支。", year=2023)
    assert df.columns == list(REGISTRY_COLUMNS)
    assert df.schema == pl.read_csv(SEED_REGISTRY).schema


def test_empty_text_gives_an_empty_registry_with_the_columns():
    df = extract_targets("")
    assert df.height == 0
    assert df.columns == list(REGISTRY_COLUMNS)


def test_decimal_values_make_the_value_column_float():
    df = extract_targets("规上工业增加值增长5.5%,新增产业基金5支")
    assert df.schema["value"] == pl.Float64
    assert df["value"].to_list() == [5.5, 5.0]


# --------------------------------------------------------------------------------------------
# Patterns that state a target: (pattern, sentence, expected fields)
# --------------------------------------------------------------------------------------------
FOUND = [
    ("growth about", "地区生产总值增长5%左右",
     {"id": "gdp_growth", "kind": "growth_rate", "value": 5, "unit": "%", "qualifier": "about",
      "qualifier_zh": "左右"}),
    ("growth exact", "规上工业产值增长8%",
     {"id": "industrial_output_growth", "value": 8, "qualifier": "exact", "qualifier_zh": None}),
    ("growth full-width digits", "地区生产总值增长５％左右",
     {"id": "gdp_growth", "value": 5, "unit": "%", "qualifier": "about",
      "phrase": "地区生产总值增长５％左右"}),
    ("growth at least", "一般公共预算收入增长6%以上",
     {"id": "budget_revenue_growth", "value": 6, "qualifier": "at_least"}),
    ("growth range", "研发投入增长5%~6%",
     {"id": "target_01", "indicator_zh": "研发投入", "value": 5, "value_high": 6, "unit": "%"}),
    ("growth decimal", "规上工业增加值增长5.5%", {"value": 5.5, "measure": "growth_pct"}),
    ("decline", "单位GDP能耗下降3%",
     {"id": "target_01", "measure": "decline_pct", "indicator_zh": "单位GDP能耗", "value": 3}),
    ("level strive", "力争完成全社会固定资产投资520亿元",
     {"id": "fai_level", "kind": "level", "value": 520, "unit": "亿元", "qualifier": "strive",
      "qualifier_zh": "力争", "strive": True}),
    ("level unknown", "实际使用外资达到10亿美元",
     {"id": "target_01", "indicator_zh": "实际使用外资", "indicator_en": None, "value": 10,
      "unit": "亿美元", "qualifier": "exact"}),
    ("threshold exceed", "推动集装箱吞吐量突破900万标箱",
     {"id": "port_teu", "value": 900, "unit": "万标箱", "qualifier": "exceed",
      "qualifier_zh": "突破"}),
    ("threshold 超 with 力争", "力争腾地超5000亩",
     {"id": "land_cleared", "value": 5000, "unit": "亩", "qualifier": "more_than",
      "qualifier_zh": "力争;超", "strive": True}),
    ("threshold 余", "加快建设博马科技、联电新能源等180余个市级重点项目",
     {"id": "key_projects", "value": 180, "unit": "个", "qualifier": "more_than",
      "qualifier_zh": "余", "measure": "count_total"}),
    ("threshold 多", "建设180多个重点项目",
     {"value": 180, "qualifier": "more_than", "qualifier_zh": "多", "indicator_zh": "重点项目"}),
    ("count after noun", "新增产业基金5支",
     {"id": "industrial_funds", "kind": "count", "value": 5, "unit": "支"}),
    ("count Chinese numeral at least", "新引进德企五十家以上",
     {"id": "german_firms", "value": 50, "unit": "家", "qualifier": "at_least",
      "qualifier_zh": "以上"}),
    ("count 力争 and 以上", "力争新引进德企50家以上",
     {"value": 50, "qualifier": "at_least", "qualifier_zh": "力争;以上", "strive": True}),
    ("count before noun", "打造3~5个数字化转型标杆项目",
     {"id": "digital_benchmark_projects", "value": 3, "value_high": 5, "unit": "个"}),
    ("range Chinese 三至五", "打造三至五个示范项目",
     {"id": "target_01", "indicator_zh": "示范项目", "value": 3, "value_high": 5, "unit": "个",
      "measure": "count_new"}),
    ("range hyphen", "新增高新技术企业3-5家", {"value": 3, "value_high": 5, "unit": "家"}),
    ("range with 力争", "力争新增上市企业2~3家",
     {"id": "new_listings", "value": 2, "value_high": 3, "qualifier": "strive"}),
    ("count 两", "打造两个国家级平台", {"value": 2, "unit": "个", "indicator_zh": "国家级平台"}),
    ("count full-width digits", "新增３０家专精特新企业", {"value": 30, "unit": "家"}),
    ("grade in name 3A级", "新增3A级及以上物流企业4家",
     {"id": "logistics_3a", "value": 4, "unit": "家", "qualifier": "exact"}),
    ("grade in name 市级以上", "创建苏州市级以上智能工厂、车间30家",
     {"id": "smart_factories", "value": 30, "qualifier": "exact", "qualifier_zh": None}),
    ("count 项 before 目标", "实施十项目标任务",
     {"value": 10, "unit": "项", "indicator_zh": "目标任务", "measure": "count_total"}),
    ("letter in noun 5G", "建成5G基站2000个", {"value": 2000, "indicator_zh": "5G基站"}),
    ("relative", "居民人均可支配收入与经济增长基本同步",
     {"id": "disposable_income_growth", "kind": "relative", "value": None, "unit": None,
      "qualifier": "relative", "qualifier_zh": "基本同步"}),
    ("qualitative", "实现进出口总额稳中提质",
     {"id": "trade_quality", "kind": "qualitative", "value": None, "qualifier": "qualitative",
      "qualifier_zh": "稳中提质"}),
]


@pytest.mark.parametrize(("pattern", "sentence", "expected"), FOUND, ids=[c[0] for c in FOUND])
def test_pattern_is_read(pattern, sentence, expected):
    df = extract_targets(sentence, year=2023)
    assert df.height == 1, f"{pattern}: {df.rows()}"
    row = df.row(0, named=True)
    assert {k: row[k] for k in expected} == expected


def test_phrase_is_the_clause_in_the_reports_own_characters():
    df = extract_targets("深化国土空间全域整治,力争腾地超5000亩,推进新型产业社区建设。")
    assert df["phrase"].to_list() == ["力争腾地超5000亩"]


# --------------------------------------------------------------------------------------------
# Two figures in one clause
# --------------------------------------------------------------------------------------------
def test_second_level_shares_the_first_verb_and_strive():
    df = extract_targets("力争完成全社会固定资产投资520亿元、工业投资200亿元。")
    assert df.select("id", "value", "qualifier", "strive", "phrase").rows() == [
        ("fai_level", 520, "strive", True, "力争完成全社会固定资产投资520亿元"),
        ("industrial_investment_level", 200, "strive", True, "工业投资200亿元"),
    ]


def test_two_counts_number_first_share_the_verb():
    df = extract_targets("打造3个示范园区、5个标杆项目")
    assert df.select("value", "indicator_zh", "phrase").rows() == [
        (3, "示范园区", "打造3个示范园区"),
        (5, "标杆项目", "5个标杆项目"),
    ]


def test_two_counts_number_last():
    df = extract_targets("新增高新技术企业100家、专精特新企业50家")
    assert df.select("value", "indicator_zh").rows() == [
        (100, "新增高新技术企业"), (50, "专精特新企业")]


def test_enumeration_comma_inside_a_noun_does_not_split():
    df = extract_targets("创建苏州市级以上智能工厂、车间30家")
    assert df["phrase"].to_list() == ["创建苏州市级以上智能工厂、车间30家"]


# --------------------------------------------------------------------------------------------
# Sections and ids
# --------------------------------------------------------------------------------------------
def test_sections_follow_headings_and_the_main_targets_sentence():
    text = (
        "今年的主要预期目标是:地区生产总值增长5%左右。\n"
        "一、突出经济提质,增强产业发展硬实力。\n"
        "做强产业标识。新增产业基金5支。\n"
        "二、突出开放提级,增强对外合作影响力。\n"
        "推动集装箱吞吐量突破900万标箱。\n"
    )
    df = extract_targets(text)
    assert df["section"].to_list() == ["主要预期目标", "一、突出经济提质", "二、突出开放提级"]


def test_unknown_indicators_get_numbered_ids():
    df = extract_targets("新增就业2万人,地区生产总值增长5%,打造两个国家级平台")
    assert df["id"].to_list() == ["target_01", "gdp_growth", "target_03"]
    assert df["indicator"].to_list() == ["target_01", "gdp", "target_03"]


def test_a_known_indicator_stated_twice_gets_distinct_ids():
    df = extract_targets("新增产业基金5支。新增产业基金3支。")
    assert df["id"].to_list() == ["industrial_funds", "industrial_funds_2"]


# --------------------------------------------------------------------------------------------
# Traps: numbers that are not targets
# --------------------------------------------------------------------------------------------
NOT_TARGETS = [
    ("year", "2023年是全面贯彻落实党的二十大精神的开局之年"),
    ("ordinal heading", "一、突出经济提质,增强产业发展硬实力。"),
    ("ordinal 第", "高质量开展第五次全国经济普查"),
    ("plan name 十四五", "是“十四五”规划承上启下的关键之年"),
    ("plan name in book marks", "落实《十四五规划》"),
    ("party congress 二十大", "全面贯彻党的二十大精神"),
    ("slogan in quotes", "紧扣“两个高于”,拼出“太仓速度”"),
    ("slogan unquoted", "紧扣两个高于"),
    ("eight areas", "重点做好以下八个方面"),
    ("place name 七十二家村", "加快建设七十二家村"),
    ("place name in a list", "系统整合七十二家村、长江林场、勤力生态园等文旅资源"),
    ("project phase 码头五期", "加快推进太仓港码头五期、沪宜高速东延"),
    ("project phase 生物港四期", "加快生物港四期等载体建设"),
    ("anniversary", "举办对德合作30周年活动"),
    ("anniversary in list", "高质量办好对德合作30周年、德国“太仓日”等系列活动"),
    ("size of a park", "建设6平方公里产业园"),
    ("size of a park, seed", "加快建设6平方公里生物医药产业园"),
    ("百亿项目", "力争实现百亿项目突破"),
    ("百亿项目 with verb", "打造百亿项目"),
    ("3+3 direction", "围绕“3+3”产业发展方向"),
    ("3+3 unquoted", "围绕3+3产业发展方向"),
    ("binding targets without a number", "完成上级下达的约束性指标任务"),
    ("一 as article", "打造一批示范项目"),
    ("一件事 slogan", "推进“一件事”改革"),
    ("ceiling not modelled", "城镇登记失业率控制在3%以内"),
    ("count word inside a word", "落实三支持政策"),
]


@pytest.mark.parametrize(("trap", "sentence"), NOT_TARGETS, ids=[c[0] for c in NOT_TARGETS])
def test_trap_is_not_a_target(trap, sentence):
    df = extract_targets(sentence, year=2023)
    assert df.height == 0, f"{trap}: {df.rows()}"


def test_seed_text_has_no_extra_rows_from_its_traps():
    text = SEED_TEXT.read_text(encoding="utf-8")
    phrases = extract_targets(text)["phrase"].to_list()
    for word in ("七十二家村", "五期", "四期", "30周年", "平方公里", "百亿", "第五次", "八个方面"):
        assert not any(word in p for p in phrases), word

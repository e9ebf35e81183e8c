"""Chinese words and the one number format (taicang_analysis.notebook.formats)."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.notebook.formats import (
    clip,
    esc,
    fmt_date,
    fmt_figure,
    fmt_number,
    fmt_period,
    fmt_target,
    reliability_word,
    source_label,
    status_colour,
    status_word,
    unit_decimals,
)
from taicang_analysis.vocabulary import BOUNDS, QUALIFIERS, RELIABILITIES, STATUSES, word

# --- the one number format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "decimals"),
    [
        # the catalogue's decimals (data/indicators.csv): GDP 亿元 2, port 万标箱 1, income 元 0,
        # firms 家 0, land 亩 0; growth and points one decimal; a unit the catalogue lacks two
        ("亿元", 2), ("亿美元", 2), ("万标箱", 1), ("元", 0), ("家", 0), ("个", 0), ("亩", 0), ("支", 0),
        ("%", 1), ("个百分点", 1), ("吨", 2),
    ],
)
def test_unit_decimals_come_from_the_catalogue(unit, decimals):
    assert unit_decimals(unit) == decimals


def test_unit_decimals_is_the_catalogues_largest():
    catalogue = pl.read_csv(SHIPPED_DATA_DIR / "indicators.csv", infer_schema_length=0)
    for unit, group in catalogue.group_by("unit"):
        assert unit_decimals(unit[0]) == max(int(d) for d in group["decimals"]), unit


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        # published figures as the bulletins write them: GDP 2022, fixed-asset investment scenario,
        # port 2022, a growth target, the 2021 pace gap
        (1653.57, "亿元", "1653.57亿元"),
        (519.6, "亿元", "519.6亿元"),
        (802.6, "万标箱", "802.6万标箱"),
        (5, "%", "5%"),
        (-1.8, "个百分点", "-1.8个百分点"),
        # no thousands separator, at most the unit's decimals: 12345.678 → 12345.68
        (12345.678, "亿元", "12345.68亿元"),
        (46377, "元", "46377元"),
        # trailing zeros dropped, never a dangling point
        (5.0, "%", "5%"),
        (520.0, "亿元", "520亿元"),
        (1000.0, "万标箱", "1000万标箱"),
        (1736.20, "亿元", "1736.2亿元"),
        # rounded to the unit's decimals: 元 0 → 46377.6 is 46378; % 1 → 2.26 is 2.3; 万标箱 1 → 803.94 is 803.9
        (46377.6, "元", "46378元"),
        (2.26, "%", "2.3%"),
        (803.94, "万标箱", "803.9万标箱"),
        # zero, and a negative that rounds to zero is 0, not -0
        (0, "家", "0家"),
        (-0.04, "%", "0%"),
        # no unit
        (7.0, "", "7"),
    ],
)
def test_fmt_number(value, unit, expected):
    assert fmt_number(value, unit) == expected


def test_fmt_number_missing_and_explicit_decimals():
    assert fmt_number(None, "亿元") == "—"
    # decimals= overrides the unit's: 43.333 a month at one decimal is 43.3家, at none 43家
    assert fmt_number(43.333, "家", decimals=1) == "43.3家"
    assert fmt_number(43.333, "亿元", decimals=0) == "43亿元"


def test_no_thousands_separator_anywhere():
    for value in (1234.5, 12345678.9, 1e6):
        for unit in ("亿元", "元", "万标箱", "%"):
            assert "," not in fmt_number(value, unit) and "，" not in fmt_number(value, unit)


# --- targets: every qualifier of the vocabulary ---------------------------------------------------------

TARGET_CASES = {
    # qualifier: (value, value_high, unit, expected) — the 2023 registry's own targets where there is one
    "about": (5, None, "%", "5%左右"),
    "at_least": (50, None, "家", "50家以上"),
    "more_than": (180, None, "个", "超180个"),
    "exceed": (900, None, "万标箱", "突破900万标箱"),
    "strive": (520, None, "亿元", "力争520亿元"),
    "exact": (30, None, "家", "30家"),
    "relative": (1.5, None, "%", "1.5%"),
    "qualitative": (3, None, "%", "3%"),
    "at_most": (3, None, "%", "3%以内"),
    "milestone": (1, None, "个", "实现突破"),
}


def test_target_cases_cover_every_qualifier():
    assert set(TARGET_CASES) == set(QUALIFIERS)


@pytest.mark.parametrize("qualifier", sorted(TARGET_CASES))
def test_fmt_target_every_qualifier(qualifier):
    value, high, unit, expected = TARGET_CASES[qualifier]
    assert fmt_target(value, high, unit, qualifier) == expected


@pytest.mark.parametrize(
    ("value", "high", "unit", "qualifier", "expected"),
    [
        # ranges: the unit once, after the upper end (registry: 3~5个 benchmark projects, 力争2~3家 listings)
        (3, 5, "个", "exact", "3~5个"),
        (2, 3, "家", "strive", "力争2~3家"),
        (5.5, 6, "%", "about", "5.5~6%左右"),
        # the number format holds inside targets: 520.0 → 520, 1653.57 kept
        (520.0, None, "亿元", "strive", "力争520亿元"),
        (1653.57, None, "亿元", "exact", "1653.57亿元"),
        # no qualifier at all
        (6, None, "%", "", "6%"),
        # no value: a dash
        (None, None, "%", "about", "—"),
    ],
)
def test_fmt_target_ranges_and_edges(value, high, unit, qualifier, expected):
    assert fmt_target(value, high, unit, qualifier) == expected


def test_fmt_target_unknown_qualifier_is_an_error():
    with pytest.raises(KeyError, match="qualifier"):
        fmt_target(5, None, "%", "roughly")


# --- published figures with their bound ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "bound", "expected"),
    [
        # German enterprises: 超500 (lower), 近500 (approximate), port 2023 803.9 exact
        (500, "家", "lower", "500家以上"),
        (500, "家", "approximate", "约500家"),
        (803.9, "万标箱", "exact", "803.9万标箱"),
        (803.9, "万标箱", None, "803.9万标箱"),
        (1000.0, "万标箱", "lower", "1000万标箱以上"),
    ],
)
def test_fmt_figure_bounds(value, unit, bound, expected):
    assert fmt_figure(value, unit, bound) == expected


def test_fmt_figure_covers_every_bound():
    assert {fmt_figure(1, "家", b) for b in BOUNDS} == {"1家", "1家以上", "约1家"}


# --- periods and dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2023,), "2023年"),
        ((2023, 12, "year"), "2023年"),
        ((2023, None, "year"), "2023年"),
        ((2023, None, "target"), "2023年"),
        # year to date: 1-9月; January alone is 1月, never 1-1月; December of a ytd series 1-12月
        ((2023, 9, "ytd"), "2023年1-9月"),
        ((2023, 1, "ytd"), "2023年1月"),
        ((2023, 2, "ytd"), "2023年1-2月"),
        ((2023, 12, "ytd"), "2023年1-12月"),
        ((2023, None, "ytd"), "2023年"),
        # a date
        ((2023, 8, "as_of_date", "2023-08-18"), "2023年8月18日"),
        ((2016, None, "as_of_date", "2016"), "2016年"),
        # ranges between months or dates (the day of a date is not shown in a range)
        ((2023, 8, "range", "2022-01/2023-08"), "2022年1月至2023年8月"),
        ((2023, 3, "range", "2021-10-28/2023-03-28"), "2021年10月至2023年3月"),
        ((2024, 1, "range", "2023-06/2024-01-22"), "2023年6月至2024年1月"),
        # no year at all
        ((None,), "—"),
    ],
)
def test_fmt_period(args, expected):
    assert fmt_period(*args) == expected


def test_fmt_period_as_of_a_month_is_that_month():
    # 德资企业 487家 "as of June 2023" (b1-r065) is a stock at a date, not a Jan-June flow
    assert fmt_period(2023, 6, "as_of_date", "2023-06") == "2023年6月"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-11-30", "2026年11月30日"), ("2023-01-03", "2023年1月3日"), (dt.date(2023, 1, 3), "2023年1月3日"),
     (dt.date(2024, 12, 31), "2024年12月31日")],
)
def test_fmt_date(value, expected):
    assert fmt_date(value) == expected


def test_fmt_date_rejects_a_non_date():
    with pytest.raises(ValueError):
        fmt_date("2023-13-01")


# --- status words -----------------------------------------------------------------------------------

STATUS_WORDS = {
    # status: (in the year, finished year, what-if)
    "met": ("已完成", "已完成", "可完成"),
    "on_track": ("进度正常", "已完成", "可完成"),
    "at_risk": ("有风险", "未完成", "难以完成"),
    "off_track": ("滞后", "未完成", "难以完成"),
    "no_data": ("无数据", "无数据", "无法测算"),
}


@pytest.mark.parametrize("status", STATUSES)
def test_status_word_in_year_complete_and_whatif(status):
    in_year, complete, whatif = STATUS_WORDS[status]
    assert status_word(status) == in_year
    assert status_word(status, complete=True) == complete
    assert status_word(status, whatif=True) == whatif
    # whatif wins over complete: a hypothetical is never reported as done
    assert status_word(status, complete=True, whatif=True) == whatif


def test_status_word_missing_status():
    assert (status_word(None), status_word(None, complete=True), status_word(None, whatif=True)) == (
        "无数据", "无数据", "无法测算")


def test_a_hypothetical_never_says_done():
    assert "已完成" not in {status_word(s, whatif=True) for s in [*STATUSES, None]}


def test_status_colour_is_the_vocabularys():
    for s in STATUSES:
        assert status_colour(s) == word("status", s, "colour")
    assert status_colour(None) == word("status", "no_data", "colour") == "#57606a"


# --- reliability -------------------------------------------------------------------------------------


def test_reliability_word():
    expected = {"official": "官方发布", "official_repost": "官方转载", "news": "媒体报道", "secondary": "二手资料",
                "doubtful": "存疑"}
    assert set(expected) == set(RELIABILITIES)
    for code, text in expected.items():
        assert reliability_word(code) == text
    # the old research codes "standard" and "low" are gone (issue 18): they are no longer words
    assert (reliability_word("standard"), reliability_word("low")) == ("", "")
    assert reliability_word(None) == ""
    assert reliability_word("unknown") == ""


# --- source labels: Chinese only, for leadership ----------------------------------------------------------

#: an all-caps acronym (GDP, NO) may stay; two Latin words in a row may not
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
_LATIN_RUN = re.compile(r"[A-Za-z]+[\s,.;:'’&/()\-]+[A-Za-z]+")


def _latin_run(text: str) -> str | None:
    m = _LATIN_RUN.search(_ACRONYM.sub("#", text))
    return m.group(0) if m else None


def test_latin_run_check_itself():
    assert _latin_run("Container throughput at Taicang") == "Container throughput"
    assert _latin_run("太仓港 global ranking") == "global ranking"
    assert _latin_run("苏州各区市GDP概览") is None
    assert _latin_run("全球NO.22!") is None
    assert _latin_run("太仓港 report") is None  # one word alone is not a run


SOURCE_TITLES = sorted(pl.read_csv(SHIPPED_DATA_DIR / "figures.csv", infer_schema_length=0)["source_title"]
                       .drop_nulls().unique().to_list())


def test_there_are_source_titles_to_check():
    # 59 distinct titles in data/figures.csv when this test was written; at least the English ones
    assert len(SOURCE_TITLES) >= 50
    assert any(t.startswith("Container") for t in SOURCE_TITLES)


@pytest.mark.parametrize("title", SOURCE_TITLES)
def test_source_label_of_every_shipped_title(title):
    label = source_label(title)
    assert label.strip(), title
    assert _latin_run(label) is None, (title, label)
    # some Chinese in every label (网络报道 for an English-only title)
    assert re.search(r"[\u4e00-\u9fff]", label), label
    # no ISO date survives: dates read in Chinese
    assert not re.search(r"\d{4}-\d{2}", label), label


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("太仓市政府工作报告 2015-02-10 (代市长 沈觅), review of 2014 (copy of Taicang govt page)",
         "太仓市政府工作报告 2015年2月10日"),
        ("(江苏省)太仓市人民政府工作报告(2025年1月7日) — 2025 GWR, 市长 徐华东 (third-party full-text copy)",
         "(江苏省)太仓市人民政府工作报告(2025年1月7日)"),
        ("Container, cargo throughput at Taicang Port in China's Jiangsu sees year-on-year increase "
         "(Xinhua, 2025-09-17)", "网络报道(2025年9月17日)"),
        ("About Taicang (Xi'an Jiaotong-Liverpool University)", "网络报道"),
        ("计划总投资1643.2亿元 太仓今年安排重点项目183个 (苏州日报 2023-04-06 A01)",
         "计划总投资1643.2亿元 太仓今年安排重点项目183个(2023年4月6日)"),
        ("苏州各区市GDP概览 (blog; states it uses 《苏州统计年鉴2024》 for 2023)", "苏州各区市GDP概览"),
        ("太仓港 global ranking news (本报讯 记者 吴金柱, repost; traditional chars)", "太仓港"),
        ("常熟市十六届人大二次会议 (苏报讯, 2023-01)", "常熟市十六届人大二次会议(2023年1月)"),
    ],
)
def test_source_label_examples(title, expected):
    assert source_label(title) == expected


@pytest.mark.parametrize("title", [None, ""])
def test_source_label_of_no_title_is_empty(title):
    assert source_label(title) == ""


# --- text helpers -----------------------------------------------------------------------------------------


def test_clip():
    assert clip("甲" * 5, 3) == "甲甲…"
    assert clip("甲" * 3, 3) == "甲" * 3
    assert len(clip("乙" * 500)) == 200
    assert clip("乙" * 500).endswith("…")


def test_esc():
    assert esc("<script>alert('x')</script>") == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert esc('a "b" & c') == "a &quot;b&quot; &amp; c"
    assert esc(None) == ""
    assert esc(5.5) == "5.5"

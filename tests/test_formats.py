"""Chinese number formats and labels (taicang_analysis.notebook.formats)."""

from __future__ import annotations

import pytest

from taicang_analysis.notebook.formats import (
    FIGURE_STATUS_ZH,
    QUALIFIER_TEXT,
    STATUS_COLOUR,
    STATUS_ZH,
    esc,
    fmt_number,
    fmt_target,
    short_title,
)

# --- fmt_number -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        # published figures: GDP 2022 (bulletin), urban income 2014, port 2022
        (1653.57, "亿元", "1,653.57亿元"),
        (46377, "元", "46,377元"),
        (802.6, "万标箱", "802.6万标箱"),
        # trailing zeros trimmed, never a dangling point
        (5, "%", "5%"),
        (5.0, "%", "5%"),
        (1736.2, "亿元", "1,736.2亿元"),
        (1000.0, "万标箱", "1,000万标箱"),
        (520, "亿元", "520亿元"),
        # a unit with 0 decimals rounds (46377.6 → 46,378), no decimal point
        (46377.6, "元", "46,378元"),
        # % has 1 decimal: 2.25 → 2.2 or 2.3 depending on binary float; 2.26 → 2.3
        (2.26, "%", "2.3%"),
        # 亿元 has 2 decimals: 1744.51635 → 1,744.52
        (1744.51635, "亿元", "1,744.52亿元"),
        (0, "家", "0家"),
        (0.0, "", "0"),
    ],
)
def test_fmt_number(value, unit, expected):
    assert fmt_number(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(140000, "140,000"), (1500, "1,500"), (1_234_567.891, "1,234,567.89"), (999, "999")],
)
def test_fmt_number_never_abbreviates(value, expected):
    text = fmt_number(value)
    assert text == expected
    assert "k" not in text.lower() and "m" not in text.lower() and "万" not in text


def test_fmt_number_none_is_a_dash():
    assert fmt_number(None, "亿元") == "—"
    assert fmt_number(None) == "—"


def test_fmt_number_explicit_decimals():
    # decimals overrides the unit's default (元 → 0): 4.166… with 1 decimal → 4.2
    assert fmt_number(50 / 12, "家", decimals=1) == "4.2家"
    assert fmt_number(4.0, "家", decimals=1) == "4家"
    assert fmt_number(1653.57, "亿元", decimals=0) == "1,654亿元"


def test_fmt_number_negative():
    assert fmt_number(-5, "%") == "-5%"
    assert fmt_number(-1234.5, "亿元") == "-1,234.5亿元"


# --- fmt_target ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "high", "unit", "qualifier", "expected"),
    [
        (5, None, "%", "about", "5%左右"),  # 地区生产总值增长5%左右
        (50, None, "家", "at_least", "50家以上"),  # 新引进德企50家以上
        (180, None, "个", "more_than", "超180个"),  # 180余个市级重点项目
        (5000, None, "亩", "more_than", "超5,000亩"),  # 腾地超5000亩
        (900, None, "万标箱", "exceed", "突破900万标箱"),  # 吞吐量突破900万标箱
        (520, None, "亿元", "strive", "力争520亿元"),  # 力争完成固定资产投资520亿元
        (8, None, "%", "exact", "8%"),  # 规上工业产值增长8%
        (30, None, "家", "exact", "30家"),
    ],
)
def test_fmt_target_every_qualifier(value, high, unit, qualifier, expected):
    assert fmt_target(value, high, unit, qualifier) == expected


def test_every_qualifier_has_a_wording():
    assert set(QUALIFIER_TEXT) == {"about", "at_least", "more_than", "exceed", "strive", "exact"}


@pytest.mark.parametrize(
    ("value", "high", "unit", "qualifier", "expected"),
    [
        (2, 3, "家", "strive", "力争2~3家"),  # 力争新增上市企业2~3家
        (3, 5, "个", "exact", "3~5个"),  # 打造3~5个数字化转型标杆项目
        (4.5, 5.5, "%", "about", "4.5~5.5%左右"),
    ],
)
def test_fmt_target_range_puts_the_unit_once(value, high, unit, qualifier, expected):
    assert fmt_target(value, high, unit, qualifier) == expected


def test_fmt_target_without_value_and_unknown_qualifier():
    assert fmt_target(None, None, "%", "about") == "—"
    # a qualifier outside the table is shown as the bare number
    assert fmt_target(7, None, "%", "relative") == "7%"


# --- esc, short_title, tables ----------------------------------------------------------------------


def test_esc_script():
    assert esc("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_esc_quotes_ampersand_none_and_numbers():
    assert esc("a & b \"c\" 'd'") == "a &amp; b &quot;c&quot; &#x27;d&#x27;"
    assert esc(None) == ""
    assert esc(803.9) == "803.9"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("太仓市政府工作报告 2015-02-10 (代市长 沈觅), review of 2014", "太仓市政府工作报告 2015-02-10"),
        ("太仓市2019年政府工作报告 — 2019-01-08, 市长 王建国", "太仓市2019年政府工作报告"),
        # a bracket without a space before it belongs to the title and stays
        ("2020年太仓市人民政府工作报告(全文) — 2020-01-04", "2020年太仓市人民政府工作报告(全文)"),
        ("  2022年太仓市国民经济和社会发展统计公报  ", "2022年太仓市国民经济和社会发展统计公报"),
        ("", ""),
    ],
)
def test_short_title_cuts_at_the_first_aside(title, expected):
    assert short_title(title) == expected


@pytest.mark.parametrize(
    ("title", "must_contain"),
    [
        ("(江苏省)太仓市人民政府工作报告(2025年1月7日) — 2025 GWR, 市长 徐华东", "太仓市人民政府工作报告"),
        ("2024江苏—德国经贸合作交流会在太仓举行 (太仓日报)", "德国经贸合作交流会"),
        ("2025年太仓(上海)招商会 report (上观/shobserver)", "招商会"),
    ],
)
def test_short_title_keeps_brackets_and_dashes_inside_the_title(title, must_contain):
    assert must_contain in short_title(title)


def test_short_title_limit():
    # 45 characters, limit 40: 39 characters and an ellipsis
    title = "A" * 45
    assert short_title(title) == "A" * 39 + "…"
    assert len(short_title(title)) == 40
    assert short_title("A" * 40) == "A" * 40
    assert short_title("ABCDEFGHIJ", limit=5) == "ABCD…"


def test_status_tables():
    assert STATUS_ZH == {"met": "已完成", "on_track": "进度正常", "at_risk": "有风险",
                         "off_track": "滞后", "no_data": "无数据"}
    assert set(STATUS_COLOUR) == set(STATUS_ZH)
    assert FIGURE_STATUS_ZH["final"] == "最终数"

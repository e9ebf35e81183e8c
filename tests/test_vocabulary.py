"""The one vocabulary (taicang_analysis.vocabulary): every domain's codes, words, rules and badge colours.

Expected words are written out here by hand from the report's conventions (the government work
reports' own qualifier words, the bulletins' 预计数/最终数), so a silent change of a word fails.
"""

from __future__ import annotations

import pytest

from taicang_analysis import vocabulary as v

# --- codes of each domain, in table order -----------------------------------------------------------

EXPECTED_CODES = {
    "kind": ("growth_rate", "level", "count", "relative", "qualitative"),
    "qualifier": ("about", "at_least", "more_than", "exceed", "strive", "exact", "relative", "qualitative",
                  "at_most", "milestone"),
    "bound": ("exact", "lower", "approximate"),
    "status": ("met", "on_track", "at_risk", "off_track", "no_data"),
    "measure": ("level", "growth_pct", "count_new", "count_total"),
    "release": ("final", "preliminary", "target", "derived", "plan", "expectation"),
    "evidence": ("observed", "derived", "context", "flagged", "none"),
    "reliability": ("official", "official_repost", "news", "secondary", "doubtful"),
    "price_basis": ("comparable", "current", "comparable_firms"),
    "filled_by": ("bulletin", "review", "monthly", "list"),
}


@pytest.mark.parametrize("domain", sorted(EXPECTED_CODES))
def test_codes_of_every_domain_in_table_order(domain):
    assert v.codes(domain) == EXPECTED_CODES[domain]


def test_no_other_domain_and_no_duplicate_key():
    assert {t.domain for t in v.TERMS} == set(EXPECTED_CODES)
    keys = [(t.domain, t.code) for t in v.TERMS]
    assert len(keys) == len(set(keys))


def test_module_constants_are_the_domains():
    assert v.KINDS == EXPECTED_CODES["kind"]
    assert v.QUALIFIERS == EXPECTED_CODES["qualifier"]
    assert v.BOUNDS == EXPECTED_CODES["bound"]
    assert v.STATUSES == EXPECTED_CODES["status"]
    assert v.MEASURES == EXPECTED_CODES["measure"]
    assert v.RELEASES == EXPECTED_CODES["release"]
    assert v.EVIDENCE == EXPECTED_CODES["evidence"]
    assert v.RELIABILITIES == EXPECTED_CODES["reliability"]
    # the numeric kinds are kinds, and the two non-numeric ones are not among them
    assert v.NUMERIC_KINDS == ("growth_rate", "level", "count")
    assert set(v.NUMERIC_KINDS) < set(v.KINDS)


def test_unknown_domain_and_code():
    with pytest.raises(KeyError, match="no vocabulary domain 'colour'"):
        v.codes("colour")
    with pytest.raises(KeyError) as info:
        v.term("status", "done")
    # the message names the bad code and every known one
    message = str(info.value)
    assert "'done'" in message
    for code in EXPECTED_CODES["status"]:
        assert code in message


# --- Chinese words ------------------------------------------------------------------------------

EXPECTED_ZH = {
    ("kind", "growth_rate"): "增速目标",
    ("kind", "level"): "总量目标",
    ("kind", "count"): "数量目标",
    ("kind", "relative"): "相对目标",
    ("kind", "qualitative"): "定性目标",
    ("qualifier", "about"): "左右",
    ("qualifier", "at_least"): "以上",
    ("qualifier", "more_than"): "超",
    ("qualifier", "exceed"): "突破",
    ("qualifier", "strive"): "力争",
    ("qualifier", "exact"): "",
    ("qualifier", "relative"): "",
    ("qualifier", "qualitative"): "",
    ("qualifier", "at_most"): "以内",
    ("qualifier", "milestone"): "突破",
    ("bound", "exact"): "",
    ("bound", "lower"): "以上",
    ("bound", "approximate"): "约",
    ("status", "met"): "已完成",
    ("status", "on_track"): "进度正常",
    ("status", "at_risk"): "有风险",
    ("status", "off_track"): "滞后",
    ("status", "no_data"): "无数据",
    ("measure", "level"): "总量",
    ("measure", "growth_pct"): "增速",
    ("measure", "count_new"): "新增数",
    ("measure", "count_total"): "累计数",
    ("release", "final"): "最终数",
    ("release", "preliminary"): "预计数",
    ("release", "target"): "目标",
    ("release", "derived"): "推算",
    ("release", "plan"): "计划数",
    ("release", "expectation"): "预期数",
    ("evidence", "observed"): "",
    ("evidence", "derived"): "推算",
    ("evidence", "context"): "不作判断",
    ("evidence", "flagged"): "存疑, 不作判断",
    ("evidence", "none"): "",
    ("filled_by", "bulletin"): "统计公报",
    ("filled_by", "review"): "次年政府工作报告",
    ("filled_by", "monthly"): "统计月报",
    ("filled_by", "list"): "公布的名单",
    ("reliability", "official"): "官方发布",
    ("reliability", "official_repost"): "官方转载",
    ("reliability", "news"): "媒体报道",
    ("reliability", "secondary"): "二手资料",
    ("reliability", "doubtful"): "存疑",
    ("price_basis", "comparable"): "可比价",
    ("price_basis", "current"): "现价",
    ("price_basis", "comparable_firms"): "可比口径",
}


def test_every_term_has_its_expected_word():
    # the table above covers every term: a new code needs a word written here too
    assert set(EXPECTED_ZH) == {(t.domain, t.code) for t in v.TERMS}
    for (domain, code), expected in EXPECTED_ZH.items():
        assert v.zh(domain, code) == expected, (domain, code)
        assert v.term(domain, code).zh == expected


def test_what_each_release_can_prove():
    # an outturn gives a verdict, a derived value one marked 推算, a plan / expectation / target none
    assert {r: v.rule("release", r) for r in v.RELEASES} == {
        "final": "verdict", "preliminary": "verdict", "derived": "marked", "target": "none", "plan": "none",
        "expectation": "none"}
    assert v.word("release", "plan", "template").format(v="183个") == "计划安排183个"


def test_zh_default_for_unknown_or_missing_code():
    assert v.zh("release", None, "—") == "—"
    assert v.zh("release", "", "—") == "—"
    assert v.zh("release", "guess", "?") == "?"
    assert v.zh("release", "guess") == ""


# --- statuses: in-year word, outcome of a finished year, verdict of a what-if ------------------------

EXPECTED_STATUS = {
    # code: (zh, outcome, whatif)
    "met": ("已完成", "已完成", "可完成"),
    "on_track": ("进度正常", "已完成", "可完成"),
    "at_risk": ("有风险", "未完成", "难以完成"),
    "off_track": ("滞后", "未完成", "难以完成"),
    "no_data": ("无数据", "无数据", "无法测算"),
}


@pytest.mark.parametrize("status", sorted(EXPECTED_STATUS))
def test_status_outcome_and_whatif_words(status):
    zh, outcome, whatif = EXPECTED_STATUS[status]
    assert v.zh("status", status) == zh
    assert v.word("status", status, "outcome") == outcome
    assert v.word("status", status, "whatif") == whatif


def test_a_whatif_never_reads_as_done():
    # a hypothetical can be 可完成 at best; 已完成 is for a year that is over
    assert all(v.word("status", s, "whatif") != "已完成" for s in v.STATUSES)
    # and a finished year never reads as a what-if or as an in-year status
    assert {v.word("status", s, "outcome") for s in v.STATUSES} == {"已完成", "未完成", "无数据"}


def test_only_statuses_carry_outcome_whatif_and_colour():
    for t in v.TERMS:
        if t.domain != "status":
            assert (t.outcome, t.whatif, t.colour) == ("", "", ""), t


# --- qualifier rules and templates ----------------------------------------------------------------

EXPECTED_QUALIFIER = {
    # code: (rule, template)
    "about": ("about", "{v}左右"),
    "at_least": ("ge", "{v}以上"),
    "more_than": ("gt", "超{v}"),
    "exceed": ("gt", "突破{v}"),
    "strive": ("ge", "力争{v}"),
    "exact": ("ge", "{v}"),
    "relative": ("none", "{v}"),
    "qualitative": ("none", "{v}"),
    "at_most": ("le", "{v}以内"),
    "milestone": ("milestone", "实现突破"),
}


@pytest.mark.parametrize("code", sorted(EXPECTED_QUALIFIER))
def test_qualifier_rule_and_template(code):
    rule, template = EXPECTED_QUALIFIER[code]
    assert v.rule("qualifier", code) == rule
    assert v.word("qualifier", code, "template") == template


def test_qualifier_rules_are_the_documented_six():
    assert {v.rule("qualifier", c) for c in v.QUALIFIERS} == {"about", "ge", "gt", "le", "milestone", "none"}


def test_codes_with_rule():
    assert v.codes_with_rule("qualifier", "gt") == ("more_than", "exceed")
    assert v.codes_with_rule("qualifier", "ge") == ("at_least", "strive", "exact")
    assert v.codes_with_rule("qualifier", "none") == ("relative", "qualitative")
    assert v.codes_with_rule("qualifier", "gt", "le") == ("more_than", "exceed", "at_most")
    assert v.codes_with_rule("qualifier", "nonsense") == ()


@pytest.mark.parametrize(("code", "expected"), [("exact", "{v}"), ("lower", "{v}以上"), ("approximate", "约{v}")])
def test_bound_templates(code, expected):
    assert v.word("bound", code, "template") == expected


# --- badge colours: WCAG 2 contrast of white text ----------------------------------------------------


def _channel(c8: int) -> float:
    """sRGB channel (0-255) to linear light, WCAG 2.x: c/12.92 up to 0.04045, else ((c+0.055)/1.055)^2.4."""
    c = c8 / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(hex_colour: str) -> float:
    """Relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B (linear channels)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def _contrast_with_white(hex_colour: str) -> float:
    """(L_white + 0.05) / (L + 0.05) with L_white = 1."""
    return 1.05 / (_luminance(hex_colour) + 0.05)


def test_contrast_formula_on_known_colours():
    # black on white is the maximum 21:1, white on white 1:1, and #767676 the well-known 4.54:1
    assert _contrast_with_white("#000000") == pytest.approx(21.0)
    assert _contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert _contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)


# worked by hand (linear channels to 4 places):
#   #1a7f37: R 26→0.0103, G 127→0.2122, B 55→0.0382; L = 0.2126·0.0103 + 0.7152·0.2122 + 0.0722·0.0382
#            = 0.0022 + 0.1518 + 0.0028 = 0.1567 → 1.05 / 0.2067 = 5.08
#   #0b5cad: 0.0033, 0.1070, 0.4179 → L = 0.1074 → 1.05 / 0.1574 = 6.67
#   #8a5a00: 0.2542, 0.1022, 0      → L = 0.1272 → 1.05 / 0.1772 = 5.93
#   #b42318: 0.4564, 0.0168, 0.0091 → L = 0.1097 → 1.05 / 0.1597 = 6.57
#   #57606a: 0.0953, 0.1170, 0.1441 → L = 0.1143 → 1.05 / 0.1643 = 6.39
EXPECTED_COLOUR = {"met": ("#1a7f37", 5.08), "on_track": ("#0b5cad", 6.67), "at_risk": ("#8a5a00", 5.93),
                   "off_track": ("#b42318", 6.57), "no_data": ("#57606a", 6.39)}


@pytest.mark.parametrize("status", sorted(EXPECTED_COLOUR))
def test_badge_colour_has_contrast_of_at_least_4_5_with_white(status):
    colour, ratio = EXPECTED_COLOUR[status]
    assert v.word("status", status, "colour") == colour
    assert _contrast_with_white(colour) == pytest.approx(ratio, abs=0.01)
    assert _contrast_with_white(v.word("status", status, "colour")) >= 4.5


def test_badge_colours_are_distinct():
    colours = [v.word("status", s, "colour") for s in v.STATUSES]
    assert len(set(colours)) == len(colours)

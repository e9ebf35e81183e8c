"""Scenarios in words and as a kernel-free slider (taicang_analysis.notebook.scenario).

Start rows come from :func:`taicang_analysis.assess.scenario_starts` on the shipped data; where a
test types in its own year-to-date figure (:func:`taicang_analysis.assess.restart`) the number is
SYNTHETIC and the comment says so.
"""

from __future__ import annotations

import html as htmllib
import json
import re

import polars as pl
import pytest

from taicang_analysis.assess import assumption_grid, restart, scenario_starts, scenario_table
from taicang_analysis.notebook.display import WHATIF_STYLE  # noqa: E402
from taicang_analysis.notebook.formats import status_colour, status_word  # noqa: E402
from taicang_analysis.notebook.scenario import (
    assumption_label,
    assumption_value,
    central_assumption,
    describe,
    outcome_text,
    required_text,
    scenario_html,
    start_note,
    target_text,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def starts_2023() -> pl.DataFrame:
    return scenario_starts(2023)


@pytest.fixture(scope="module")
def starts_2021() -> pl.DataFrame:
    return scenario_starts(2021)


def _start(starts: pl.DataFrame, target_id: str) -> dict:
    return starts.filter(pl.col("id") == target_id).row(0, named=True)


def _steps(html: str) -> list[dict]:
    m = re.search(r"data-steps='([^']*)'", html)
    assert m, "no data-steps"
    return json.loads(htmllib.unescape(m.group(1)))


def _attr(html: str, tag_id: str, name: str) -> str:
    tag = re.search(rf"<input [^>]*id='{tag_id}'[^>]*>", html).group(0)
    return htmllib.unescape(re.search(rf"{name}='([^']*)'", tag).group(1))


# --- the case: 力争520亿元 at a steady pace --------------------------------------------------------


@pytest.fixture(scope="module")
def fai_fresh(starts_2023) -> dict:
    """Fixed-asset investment 2023 planned from January: no month of the year typed in."""
    return restart(_start(starts_2023, "fai_level"), month=0, ytd_value=None, ytd_growth=None)


def test_steady_pace_short_of_the_target_is_hard(fai_fresh):
    # 43.3亿元 a month × 12 = 519.6 < 520: 难以完成
    (row,) = scenario_table(pl.DataFrame([fai_fresh]), [43.3]).to_dicts()
    assert (row["year_end_value"], row["status"]) == (519.6, "off_track")
    assert describe(fai_fresh, row, year=2023) == "若全年每月完成43.3亿元, 则全年预计519.6亿元, 难以完成目标(力争520亿元)。"


def test_steady_pace_that_meets_the_target_can_be_done(fai_fresh):
    # 43.4亿元 a month × 12 = 520.8 ≥ 520 (力争 is ≥): 可完成 — never 已完成 for a what-if
    (row,) = scenario_table(pl.DataFrame([fai_fresh]), [43.4]).to_dicts()
    assert (row["year_end_value"], row["status"]) == (520.8, "met")
    assert describe(fai_fresh, row, year=2023) == "若全年每月完成43.4亿元, 则全年预计520.8亿元, 可完成目标(力争520亿元)。"


def test_required_amount_is_rounded_up(fai_fresh):
    # 520 / 12 = 43.333…: shown as 43.4 (43.3 would fall short, see above)
    assert fai_fresh["required"] == pytest.approx(520 / 12)
    assert required_text(fai_fresh) == "达到目标需全年每月完成43.4亿元。"
    grid = assumption_grid(fai_fresh)
    assert grid[central_assumption(fai_fresh, grid)] == 43.4


def test_required_amount_rounded_up_on_published_data(starts_2021):
    # 2021: 1-9月 395.3亿元 (published), target 540: (540 − 395.3) / 3 = 48.233… → 48.3 (rounded up);
    # check: 395.3 + 3 × 48.3 = 540.2 ≥ 540, but 395.3 + 3 × 48.2 = 539.9 < 540
    s = _start(starts_2021, "fai_level")
    assert (s["month"], s["ytd_value"], s["target"]) == (9, 395.3, 540.0)
    assert required_text(s) == "达到目标需余下3个月每月完成48.3亿元。"
    rows = scenario_table(pl.DataFrame([s]), [48.2, 48.3]).to_dicts()
    assert [(r["year_end_value"], r["status"]) for r in rows] == [(539.9, "off_track"), (540.2, "met")]
    assert describe(s, rows[0], year=2021) == "若余下3个月每月完成48.2亿元, 则全年预计539.9亿元, 难以完成目标(540亿元)。"
    assert describe(s, rows[1], year=2021) == "若余下3个月每月完成48.3亿元, 则全年预计540.2亿元, 可完成目标(540亿元)。"


def test_required_amount_in_a_unit_without_decimals_is_rounded_up(starts_2023):
    # SYNTHETIC: 腾地 1-6月 2525.6亩 typed in; 超5000亩 needs (5000 − 2525.6) / 6 = 412.4 a month
    s = restart(_start(starts_2023, "land_cleared"), month=6, ytd_value=2525.6, ytd_growth=None)
    assert s["required"] == pytest.approx(412.4)
    shown = float(re.search(r"每月完成([\d.]+)亩", required_text(s)).group(1))
    assert 2525.6 + 6 * shown > 5000


# --- growth: required rounded up ------------------------------------------------------------------------


def _growth_start(**extra) -> dict:
    """A hand-made start row (SYNTHETIC): GDP growth after March, 5%左右, the rest of the year needs 5.23%."""
    return {"id": "gdp_growth", "mode": "growth", "month": 3, "kind": "growth_rate", "qualifier": "about",
            "target": 5.0, "value_high": None, "unit": "%", "required": 5.23, "required_floor": 4.61,
            "series_unit": "亿元", **extra}


def test_required_growth_rounded_up():
    # 5.23 → 5.3 (5.2 would not reach 5); the 左右 floor 4.61 → 4.7
    assert required_text(_growth_start()) == (
        "达到5%需余下9个月同比增长5.3%; 按“左右”±0.5个百分点的容差, 余下9个月增长4.7%即可视为基本完成。")
    # an exact multiple stays: 5.2 → 5.2, and without 左右 no tolerance sentence
    assert required_text(_growth_start(required=5.2, qualifier="exact")) == "达到5%需余下9个月同比增长5.2%。"
    # a value that is a hair above 5.2 only because of binary floats is not pushed up: 5.2000000001 → 5.2
    assert required_text(_growth_start(required=5.2000000001, qualifier="exact")) == "达到5%需余下9个月同比增长5.2%。"


def test_central_assumption_is_the_rounded_up_requirement():
    s = _growth_start()
    grid = assumption_grid(s)
    assert grid[central_assumption(s, grid)] == 5.3
    assert central_assumption({"mode": "growth", "required": None}, grid) == 0
    assert central_assumption(s, []) == 0


def test_required_growth_on_published_data(starts_2023):
    # budget revenue 2023: no monthly figure, no 2022 level: the whole year must grow 6%; 5.5% reaches 6%左右's low end
    s = _start(starts_2023, "budget_revenue_growth")
    assert required_text(s) == "达到6%需全年同比增长6%; 按“左右”±0.5个百分点的容差, 全年增长5.5%即可视为基本完成。"
    assert start_note(s, year=2023) == "本报告数据中尚无2023年的月度数据, 也没有2022年全年的总量, 只能按全年增速测算。"


# --- counts step in whole units ----------------------------------------------------------------------


def test_counts_step_in_whole_units(starts_2023):
    # SYNTHETIC: 46 German firms by September against 50家以上: 4 more in the last 3 months
    s = restart(_start(starts_2023, "german_firms"), month=9, ytd_value=46.0, ytd_growth=None)
    assert (s["mode"], s["required"]) == ("count", 4.0)
    assert required_text(s) == "达到目标还需余下3个月新增4家。"
    grid = assumption_grid(s)
    assert all(float(a).is_integer() for a in grid)
    assert grid[:5] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert assumption_label(s, 4.0) == "余下3个月再新增4家"
    assert assumption_value(s, 4.0) == "4家"
    assert grid[central_assumption(s, grid)] == 4.0


def test_count_requirement_in_whole_things_and_strict_rules(starts_2023):
    # SYNTHETIC: 27 smart factories by September against 30 (≥): 30 − 27 = 3 more
    s = restart(_start(starts_2023, "smart_factories"), month=9, ytd_value=27.0, ytd_growth=None)
    assert required_text(s) == "达到目标还需余下3个月新增3家。"
    # SYNTHETIC: 178 key projects against 180余个 (strictly more): 180 − 178 = 2 reaches 180, which is not
    # more than 180 — the smallest number that meets the target is 3
    k = restart(_start(starts_2023, "key_projects"), month=9, ytd_value=178.0, ytd_growth=None)
    assert required_text(k) == "达到目标还需余下3个月新增3个。"


def test_assumption_words():
    assert assumption_label({"mode": "growth", "month": 0, "series_unit": "亿元"}, 5.0) == "全年同比增长5%"
    assert assumption_label({"mode": "growth", "month": 9, "series_unit": "亿元"}, 5.25) == "余下3个月同比增长5.2%"
    assert assumption_label({"mode": "amount", "month": 6, "series_unit": "亿元"}, 45.0) == "余下6个月每月完成45亿元"
    assert assumption_value({"mode": "growth", "series_unit": "亿元"}, 5.3) == "5.3%"
    assert assumption_value({"mode": "amount", "series_unit": "亿元"}, 43.4) == "43.4亿元"
    # amounts keep one decimal even in a unit without decimals
    assert assumption_value({"mode": "amount", "series_unit": "亩"}, 412.4) == "412.4亩"


def test_outcome_text():
    s = {"series_unit": "亿元"}
    assert outcome_text(s, {"year_end_value": 519.6, "year_end_growth": None}) == "全年预计519.6亿元"
    assert outcome_text(s, {"year_end_value": 519.6, "year_end_growth": 5.0}) == "全年预计519.6亿元, 增长5%"
    assert outcome_text(s, {"year_end_value": None, "year_end_growth": 5.0}) == "全年预计增长5%"
    assert outcome_text(s, {"year_end_value": None, "year_end_growth": None}) == "无法测算"


def test_target_text():
    assert target_text({"target": 5.0, "value_high": None, "unit": "%", "qualifier": "about",
                        "kind": "growth_rate"}) == "增长5%左右"
    assert target_text({"target": 520.0, "value_high": None, "unit": "亿元", "qualifier": "strive",
                        "kind": "level"}) == "力争520亿元"


# --- a finished year: 已完成 / 未完成, no slider ----------------------------------------------------------


@pytest.mark.parametrize(
    ("target_id", "sentence", "word"),
    [
        # port 2023: 803.9 < 突破900 → 未完成; key projects: 183 arranged (安排) in the plan → no verdict;
        # fixed-asset investment: the derived 553.5 ≥ 力争520 → 已完成, marked 推算 on value and verdict
        ("port_teu", "2023年全年已结束, 全年803.9万标箱; 目标突破900万标箱: 未完成。", "未完成"),
        ("key_projects", "2023年: 计划安排183个, 计划数不作判断; 目标超180个。", "不作判断"),
        ("fai_level", "2023年全年已结束, 全年553.5亿元(推算); 目标力争520亿元: 已完成(推算)。", "已完成(推算)"),
        ("fai_growth", "2023年全年已结束, 全年553.5亿元(推算); 目标增长6%左右: 无数据。", "无数据"),
    ],
)
def test_finished_year(starts_2023, target_id, sentence, word):
    s = _start(starts_2023, target_id)
    assert s["mode"] == "done"
    html, table = scenario_html(s, title="测试", name="done", year=2023)
    assert "<input" not in html and "data-steps" not in html
    # one sentence, no badge: status colours belong to the scenario's scorecard only
    assert f"<p class='verdict'>{sentence}</p>" in html and "class='badge" not in html and word in sentence
    assert table.height == 1
    assert describe(s, table.row(0, named=True), year=2023) == sentence
    assert required_text(s) == ""
    # a finished year never reads as a what-if
    assert "可完成" not in html and "难以完成" not in html


def test_finished_year_without_a_comparable_number(starts_2023):
    # GDP 2023: a level only (1734.94亿元 at current prices), no growth: the verdict is 无数据, not a guess
    s = _start(starts_2023, "gdp_growth")
    html, _ = scenario_html(s, title="t", name="g", year=2023)
    assert "2023年全年已结束, 全年数据不全; 目标增长5%左右: 无数据。" in html
    assert "<input" not in html


def test_no_outcome_no_slider():
    # SYNTHETIC start: the engine could not compute what the year needs (required is null)
    start = {"id": "x", "mode": "growth", "month": 0, "kind": "growth_rate", "required": None,
             "start_origin": "none", "indicator_zh": "社会消费品零售总额", "target": 6.0, "value_high": None,
             "unit": "%", "qualifier": "exact", "series_unit": "亿元", "required_floor": None}
    html, table = scenario_html(start, title="t", name="x", year=2023)
    assert "<input" not in html and "data-steps" not in html and "class='badge" not in html
    assert html.count("<p") == 1 and "本报告数据中尚无社会消费品零售总额2023年的月度累计数, 也没有2022年全年的总量" in html
    assert table.height == 0


# --- hypotheticals never say 已完成 ----------------------------------------------------------------------


def test_hypotheticals_never_say_done(starts_2023, starts_2021):
    seen = 0
    for starts, year in ((starts_2023, 2023), (starts_2021, 2021)):
        for s in starts.filter(pl.col("mode") != "done").iter_rows(named=True):
            html, table = scenario_html(s, title="t", name="n", year=year)
            for step in _steps(html):
                assert "已完成" not in step["s"] and re.fullmatch("若.+则(可完成|难以完成|无法测算)", step["w"]), step
                assert step["s"].startswith("若") and ", 则" in step["s"], step
                assert "c" not in step  # no status colour travels with a what-if step
                seen += 1
            assert "已完成" not in html
    assert seen > 100


# --- the −1.7 case: already past the target ------------------------------------------------------------


@pytest.fixture(scope="module")
def german_past(starts_2023) -> dict:
    # SYNTHETIC: 60 German firms by June against 50家以上: (50 − 60) / 6 = −1.7 a month → nothing more needed
    return restart(_start(starts_2023, "german_firms"), month=6, ytd_value=60.0, ytd_growth=None)


def test_past_the_target_needs_nothing(german_past):
    assert german_past["required"] == 0
    assert required_text(german_past) == "已达到目标, 余下月份不再需要新增。"
    assert "-" not in required_text(german_past) and "−" not in required_text(german_past)


def test_past_the_target_slider(german_past):
    html, table = scenario_html(german_past, title="新引进德资企业", name="german", year=2023)
    steps = _steps(html)
    # every step can be done, starting at 0 more (60家 already ≥ 50)
    assert set(table["status"].to_list()) == {"met"}
    assert steps[0]["s"] == "若余下6个月再新增0家, 则全年预计60家, 可完成目标(50家以上)。"
    assert _attr(html, "rng-german", "value") == "0"
    assert "已达到目标, 余下月份不再需要新增。" in html


# --- the slider -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["fai_fresh", "german_past", "fai_2021", "budget_2023"])
def test_range_input_and_steps(case, request, starts_2021, starts_2023):
    if case == "fai_2021":
        s = _start(starts_2021, "fai_level")  # amount mode, published 1-9月
    elif case == "budget_2023":
        s = _start(starts_2023, "budget_revenue_growth")  # growth mode from month 0
    else:
        s = request.getfixturevalue(case)
    year = 2021 if case == "fai_2021" else 2023
    html, table = scenario_html(s, title="测试", name="case", year=year)
    steps = _steps(html)
    grid = assumption_grid(s)
    # one step per assumption; the range runs 0 .. steps − 1 in whole steps
    assert len(steps) == len(grid) == table.height
    assert (_attr(html, "rng-case", "min"), _attr(html, "rng-case", "max")) == ("0", str(len(steps) - 1))
    assert _attr(html, "rng-case", "step") == "1"
    index = int(_attr(html, "rng-case", "value"))
    assert index == central_assumption(s, grid)
    # the value is read out in Chinese: the assumption of the step shown
    text = _attr(html, "rng-case", "aria-valuetext")
    assert text == steps[index]["a"] and CJK.search(text)
    # each step's sentence is describe() of the same row, and its words and colour are the row's
    for step, row in zip(steps, table.iter_rows(named=True), strict=True):
        assert step["s"] == describe(s, row, year=year)
        assert step["a"] == assumption_label(s, row["assumption"])
        assert step["w"] == f"若{assumption_value(s, row['assumption'])}则{status_word(row['status'], whatif=True)}"
    # the page shows the step it starts on, its badge in the neutral what-if style (never a status colour)
    assert f"<span class='badge whatif' style='{WHATIF_STYLE}'>{htmllib.escape(steps[index]['w'])}</span>" in html
    assert not any(f"background:{status_colour(c)}" in html for c in ("met", "on_track", "at_risk", "off_track", "no_data"))
    assert f"<span class='sentence'>{htmllib.escape(steps[index]['s'], quote=True)}</span>" in html
    assert "<label for='rng-case'>" in html and "aria-live='polite'" in html
    assert "data-plot='chart-case'" in html and 'id="chart-case"' in html
    assert '"displayModeBar":false' in html


def test_the_step_shown_meets_the_target(fai_fresh):
    html, _ = scenario_html(fai_fresh, title="t", name="f", year=2023)
    steps = _steps(html)
    i = int(_attr(html, "rng-f", "value"))
    # 43.4 a month: the smallest step that meets 力争520
    assert steps[i]["a"] == "全年每月完成43.4亿元" and steps[i]["w"] == "若43.4亿元则可完成"
    assert steps[i - 1]["a"] == "全年每月完成43.3亿元" and steps[i - 1]["w"] == "若43.3亿元则难以完成"
    assert steps[i]["t"] == "520.8亿元" and steps[i]["v"] == 520.8


def test_start_notes(starts_2021, starts_2023):
    assert start_note(_start(starts_2021, "fai_level"), year=2021) == (
        "起点: 2021年1-9月累计395.3亿元, 增长13.4%(公开数据: 蘇州太倉全力抓好172個重點項目建設(2021年10月9日))。")
    assert start_note(_start(starts_2023, "smart_factories"), year=2023) == "本报告数据中尚无2023年的月度数据, 按余下月份的新增数测算。"
    assert start_note(_start(starts_2023, "land_cleared"), year=2023) == "本报告数据中尚无2023年的月度数据, 按每月完成量测算。"


def test_a_panel_at_the_end_of_a_cell_prints_no_repr():
    """Issue 20: notebook 18 printed <…ScenarioPanel at 0x…> under each panel."""
    from IPython.core.formatters import DisplayFormatter

    from taicang_analysis.notebook.panel import ScenarioPanel

    assert hasattr(ScenarioPanel, "_ipython_display_")
    panel = ScenarioPanel.__new__(ScenarioPanel)  # no widget needed: only how a cell shows it
    assert panel._ipython_display_() is None
    # IPython calls _ipython_display_ instead of formatting; the repr is never what a cell shows
    assert DisplayFormatter().ipython_display_formatter(panel) is True

"""The Lab scenario panel (taicang_analysis.notebook.panel), without a kernel: the panel is built
from start rows of ``scenario_starts(2023)``, its widgets are set as the analyst would set them,
and ``panel.result``, ``panel.text.value``, ``panel.assumption.options`` and the chart's output
are read back.

Figures marked SYNTHETIC are invented for the tests; the others are published figures
(2022 port throughput 802.6万标箱, the 2023 targets). Where a test depends on what the shipped
data lack (no 2022 level of a figure), it says so by setting that field of the start row.
"""

from __future__ import annotations

import asyncio

import ipywidgets as W
import polars as pl
import pytest

from taicang_analysis.assess import restart, scenario_starts, scenario_table
from taicang_analysis.notebook import panel as panel_module
from taicang_analysis.notebook.formats import status_colour
from taicang_analysis.notebook.panel import HINT, PLOTLY_MIME, ScenarioPanel
from taicang_analysis.run import open_run
from taicang_analysis.vocabulary import STATUSES


@pytest.fixture(scope="module")
def starts() -> pl.DataFrame:
    return scenario_starts(2023)


def start_of(starts: pl.DataFrame, target_id: str, **fields) -> dict:
    return {**starts.filter(pl.col("id") == target_id).row(0, named=True), **fields}


def make(start: dict, title: str = "情景测算") -> ScenarioPanel:
    return ScenarioPanel(start, title=title, year=2023)


def chart(p: ScenarioPanel) -> dict:
    """The chart's projected mark: its x label, y value and text; and the target line's y."""
    assert len(p.chart.outputs) == 1, p.chart.outputs
    traces = p.chart.outputs[0]["data"][PLOTLY_MIME]["data"]
    mark = traces[0]
    return {"x": mark["x"][0], "y": mark["y"][0], "text": mark["text"][0],
            "target": traces[1]["y"][0] if len(traces) > 1 else None}


def type_in(p: ScenarioPanel, month: int, ytd: str = "", growth: str = "") -> None:
    p.month.value = month
    p.ytd.value = ytd
    p.ytd_growth.value = growth


def step(p: ScenarioPanel, n: int) -> None:
    """Move the slider ``n`` steps to the right (negative: left), one change at a time."""
    values = [v for _, v in p.assumption.options]
    i = values.index(p.assumption.value)
    for k in range(1, abs(n) + 1):
        p.assumption.value = values[i + (k if n > 0 else -k)]


# --- a level target judged against last year: the required growth and the verdict agree -------------------


def test_port_half_year_typed_required_growth_and_verdict_agree(starts):
    # SYNTHETIC: 1-6月 400万标箱, +3.0%. Target 突破900万标箱 (strictly more than 900); 2022: 802.6.
    # Last year's first half implied: 400 / 1.03 = 388.3495; its second half 802.6 − 388.3495 = 414.2505.
    # Needed: (900 − 400) / 414.2505 − 1 = 1.2069992 − 1 = 20.70 %.
    # Shown rounded up and checked: 20.7 gives 400 + 414.2505 × 1.207 = 900.0003 → 900.0, not 突破900;
    # 20.8 gives 400 + 414.2505 × 1.208 = 900.4146 → 900.4 (growth 900.4146 / 802.6 − 1 = 12.19 % → 12.2%).
    p = make(start_of(starts, "port_teu"), "太仓港集装箱吞吐量: 情景测算")
    type_in(p, 6, "400", "3.0")
    assert p.start["required"] == pytest.approx(20.69992, abs=1e-4)
    assert p.assumption.value == 20.8 and not p.assumption.disabled
    assert "达到突破900万标箱需余下6个月同比增长20.8%。" in p.text.value
    r = p.result
    assert (r["value"], r["year_end_growth"], r["verdict"]) == (pytest.approx(900.4), 12.2, "可完成")
    assert "若余下6个月同比增长20.8%, 则全年预计900.4万标箱, 增长12.2%, 可完成目标(突破900万标箱)。" in p.text.value
    # a what-if in Lab: a neutral badge that reads 若…则…, no status colour
    assert ">若20.8%则可完成</span>" in p.text.value and "class='badge whatif'" in p.text.value
    assert not any(f"background:{status_colour(c)}" in p.text.value for c in STATUSES)
    # the chart shows the same number, labelled with the slider's assumption (its readout 20.8%)
    assert p.assumption.label == "20.8%"
    assert chart(p) == {"x": "余下6个月同比增长20.8%", "y": r["value"], "text": "900.4万标箱", "target": 900.0}
    # one step left is the last one that does not meet the target: same rule, opposite verdict
    step(p, -1)
    assert p.assumption.value == 20.7
    assert (p.result["value"], p.result["verdict"]) == (pytest.approx(900.0), "难以完成")
    assert chart(p)["y"] == pytest.approx(900.0) and chart(p)["x"] == "余下6个月同比增长20.7%"


def test_every_step_shows_the_engines_number(starts):
    # readout, sentence and chart agree at every step with the engine's table for the same start
    p = make(start_of(starts, "port_teu"))
    type_in(p, 6, "400", "3.0")
    grid = [v for _, v in p.assumption.options]
    table = scenario_table(pl.DataFrame([p.start]), grid).to_dicts()
    for label, a in p.assumption.options[::7]:
        p.assumption.value = a
        row = next(t for t in table if t["assumption"] == a)
        assert p.result["value"] == row["year_end_value"] == chart(p)["y"]
        assert chart(p)["x"].endswith(label) and chart(p)["text"] in p.result["sentence"]


# --- 左右: the verdict uses the tolerance, and the required text says so ---------------------------------


def test_about_target_states_its_tolerance_and_judges_by_it(starts):
    # Budget revenue 6%左右 at month 0 without a 2022 level (prev_full None): the year's growth is the
    # assumption itself. 左右 = ±0.5 points: 5.5 % is met (low end), 5.4 % is not.
    p = make(start_of(starts, "budget_revenue_growth", prev_full=None, month=0, mode="growth", required=6.0,
                      required_floor=5.5))
    assert p.assumption.value == 6.0  # centred on the target itself
    assert "达到6%需全年同比增长6%; 按“左右”±0.5个百分点的容差" in p.text.value
    assert "5.5%即可视为基本完成" in p.text.value
    verdicts = {}
    for _, a in p.assumption.options:
        p.assumption.value = a
        verdicts[a] = p.result["verdict"]
    # the smallest assumption the panel calls 可完成 is the tolerance's low end the text states
    assert min(a for a, v in verdicts.items() if v == "可完成") == 5.5
    assert verdicts[5.4] == "难以完成" and verdicts[6.0] == "可完成"
    assert set(verdicts.values()) == {"可完成", "难以完成"}  # what-if words, never 已完成


# --- a full year: the result, no slider --------------------------------------------------------------------


def test_full_year_typed_shows_the_result_and_disables_the_slider(starts):
    # SYNTHETIC full-year GDP growth: 5.2 % against 5%左右 → met; 4.5 % is the low end → met; 4.4 % not.
    p = make(start_of(starts, "gdp_growth"), "地区生产总值增速: 情景测算")
    type_in(p, 12, growth="5.2")
    assert p.assumption.disabled and p.assumption.description == "全年已结束"
    assert (p.result["value"], p.result["verdict"], p.result["mode"]) == (5.2, "已完成", "done")
    assert "2023年全年已结束, 增长5.2%; 目标增长5%左右: 已完成。" in p.text.value
    assert chart(p) == {"x": "2023年全年", "y": 5.2, "text": "5.2%", "target": 5.0}
    p.ytd_growth.value = "4.5"
    assert p.result["verdict"] == "已完成"
    p.ytd_growth.value = "4.4%"
    assert p.result["verdict"] == "未完成" and chart(p)["y"] == 4.4
    assert "起点: 输入的2023年全年增长4.4%" in p.note.value


def test_a_finished_year_with_only_a_current_price_level_gives_no_verdict(starts):
    # GDP 2023 published as a level only (1734.94亿元, current prices): comparable-price growth cannot
    # be read from it, so no verdict and no chart — the panel asks for the bureau's growth.
    start = restart(start_of(starts, "gdp_growth"), month=12, ytd_value=1734.94, ytd_growth=None)
    p = make(start)
    assert p.result["verdict"] is None and p.chart.outputs == ()
    assert "还没有可以判断的全年增速" in p.text.value and "1734.94亿元按现价计算" in p.text.value
    assert p.assumption.disabled


def test_gdp_in_year_growth_is_not_chained_with_levels(starts):
    # SYNTHETIC GDP 1-6月 850亿元, +4.0%. Last year's first half would be 850 / 1.04 = 817.3077 at
    # current prices, but GDP growth is at comparable prices: the engine does not chain it with
    # levels, so no level is judged and no rest-of-year growth is computed. The panel shows only
    # the growth input (no level box) and says why there is no verdict, instead of a wrong one.
    p = make(start_of(starts, "gdp_growth"))
    assert p.ytd not in p.widget.children[3].children and p.ytd_growth in p.widget.children[3].children
    type_in(p, 6, growth="4.0")
    assert p.start["month"] == 6 and p.start["ytd_growth"] == 4.0 and p.start["required"] is None
    assert p.result["verdict"] is None and p.chart.outputs == ()
    assert "可比价" in p.text.value and p.assumption.disabled and p.assumption.description == "无法测算"


# --- counts: whole things, and the slider reaches what is needed ----------------------------------------------


def test_counts_step_in_whole_firms_and_reach_what_is_needed(starts):
    # SYNTHETIC: 20 German firms by June against 50家以上: 30 more needed; 10 steps right = 40 more → 60家.
    p = make(start_of(starts, "german_firms"), "新引进德资企业: 情景测算")
    type_in(p, 6, "20")
    labels = [label for label, _ in p.assumption.options]
    assert all(v == int(v) for _, v in p.assumption.options) and labels[:3] == ["0家", "1家", "2家"]
    assert p.assumption.value == 30.0 and "达到目标还需余下6个月新增30家。" in p.text.value
    assert (p.result["value"], p.result["verdict"]) == (50.0, "可完成")
    step(p, -1)  # 29 more: 49家 < 50 → 难以完成
    assert (p.result["value"], p.result["verdict"]) == (49.0, "难以完成")
    step(p, 11)
    assert p.assumption.value == 40.0 and chart(p) == {"x": "余下6个月再新增40家", "y": 60.0, "text": "60家",
                                                        "target": 50.0}
    # the case: 1-10月 10家 → 40 more in 2 months (20 a month); the slider reaches it and beyond
    type_in(p, 10, "10")
    assert p.assumption.value == 40.0 and max(v for _, v in p.assumption.options) >= 80.0
    assert "达到目标还需余下2个月新增40家。" in p.text.value


def test_amount_mode_per_month(starts):
    # SYNTHETIC: fixed-asset investment 1-6月 250亿元 against 力争520亿元, no 2022 level (prev_full None):
    # (520 − 250) / 6 = 45亿元 a month; at 45: 250 + 6 × 45 = 520 → met; at 44.9: 519.4 → not.
    p = make(start_of(starts, "fai_level", prev_full=None))
    type_in(p, 6, "250")
    assert p.start["mode"] == "amount" and p.assumption.value == 45.0
    assert "达到目标需余下6个月每月完成45亿元。" in p.text.value
    assert (p.result["value"], p.result["verdict"]) == (520.0, "可完成")
    step(p, -1)
    assert (p.assumption.value, p.result["value"], p.result["verdict"]) == (44.9, 519.4, "难以完成")


# --- inputs: ask instead of a verdict; the note follows what she types --------------------------------------


def test_empty_or_invalid_inputs_ask_instead_of_a_verdict(starts):
    p = make(start_of(starts, "german_firms"))
    type_in(p, 6)
    assert "请输入2023年1-6月的累计数(家)。" in p.note.value
    assert p.result == {} and p.text.value == "" and p.chart.outputs == () and p.assumption.disabled
    p.ytd.value = "abc"
    assert "“abc”不是数字" in p.note.value and p.result == {}
    p.ytd.value = "２０"  # full-width digits, as pasted from a bureau's PDF
    assert p.result["value"] == 50.0
    port = make(start_of(starts, "port_teu"))
    type_in(port, 6, "400")
    assert "请输入2023年1-6月的累计增长(%)。" in port.note.value and port.result == {}


def test_the_note_follows_what_she_types(starts):
    p = make(start_of(starts, "german_firms", month=0, ytd_value=0.0, start_origin="none"))
    assert "尚无2023年的月度数据, 按余下月份的新增数测算。" in p.note.value  # not 按假设增速
    assert p.ytd.disabled  # month 0: nothing to type
    type_in(p, 6, "20")
    assert "起点: 输入的2023年1-6月累计20家(手动输入" in p.note.value and not p.ytd.disabled
    p.month.value = 0
    assert "尚无2023年的月度数据" in p.note.value and p.assumption.value == 50.0


def test_month_choices_say_1月_not_1_1月():
    labels = [label for label, _ in panel_module.MONTH_CHOICES]
    assert labels[:3] == ["尚无本年数据", "1月", "1-2月"] and labels[-1] == "全年" and len(labels) == 13


# --- smooth: a drag is one redraw --------------------------------------------------------------------------


def test_slider_reports_on_release_and_steps_settle_into_one_redraw(starts):
    p = make(start_of(starts, "german_firms"))
    type_in(p, 6, "20")
    assert p.assumption.continuous_update is False
    assert p.ytd.continuous_update is False and p.ytd_growth.continuous_update is False
    before = p.redraws

    async def ten_quick_steps() -> None:  # as arrow keys arrive in a kernel: an event loop is running
        step(p, 10)
        assert p.redraws == before  # nothing drawn while steps keep coming
        await asyncio.sleep(p.settle + 0.2)

    asyncio.run(ten_quick_steps())
    assert p.redraws == before + 1
    assert p.assumption.value == 40.0 and p.result["value"] == 60.0 == chart(p)["y"]


# --- a notebook reopened without a kernel -------------------------------------------------------------------


def test_scenario_shows_a_static_hint_that_the_live_panel_hides(monkeypatch):
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    p = panel_module.scenario(open_run(2023), "german_firms", title="新引进德资企业: 情景测算")
    hint, widget = shown
    assert widget is p.widget and isinstance(widget, W.VBox)
    html = hint.data
    hint_id = html.split("id='", 1)[1].split("'", 1)[0]
    assert HINT in html and "新引进德资企业: 情景测算" in html
    assert p.result["sentence"] in html  # the run's sentence, readable without a kernel
    # the live panel hides the hint; the hint hides the dead widget's text ("model not found")
    assert p.style.value == f"<style>#{hint_id}{{display:none}}</style>"
    assert f".jp-OutputArea-child:has(#{hint_id}) + .jp-OutputArea-child" in html


def test_scenario_names_the_targets_of_the_year():
    with pytest.raises(KeyError, match="german_firms"):
        panel_module.scenario(open_run(2023), "no_such_target")

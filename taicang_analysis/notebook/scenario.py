"""A target's scenario in words and, for the report, as a kernel-free slider.

The numbers come from :func:`taicang_analysis.assess.scenario_starts` and
:func:`~taicang_analysis.assess.scenario_table`; this module only words them, the same way in Lab
(:mod:`taicang_analysis.notebook.panel`) and in the report. A what-if is a question: its sentence
reads 若…, 则… and its badge (若5.3%则可完成) has a neutral style, never a status colour. A finished
year reads 已完成 / 未完成 (with 推算 for a derived figure; a plan or an expectation gives no verdict)
and has no slider. Where the engine has no outcome (it could not compute what the rest of the year
needs) there is no slider either: one sentence says which data are missing. What is still required is rounded *up* to
the shown precision, so that the assumption shown as "needed" always meets the target.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl

from taicang_analysis.assess import GROWTH_DECIMALS, assumption_grid, scenario_table
from taicang_analysis.engine import ABOUT_TOLERANCE_PP, MONTHS_PER_YEAR
from taicang_analysis.notebook.charts import scenario_plot
from taicang_analysis.notebook.display import WHATIF_COLOUR, plot_div, whatif_badge, write_assets
from taicang_analysis.notebook.formats import (
    ceil_to,
    esc,
    fmt_number,
    fmt_period,
    fmt_target,
    source_label,
    status_word,
)
from taicang_analysis.vocabulary import rule, word, zh

AMOUNT_DECIMALS = 1



def target_text(start: dict) -> str:
    """The target as words, e.g. ``增长5%左右`` or ``力争520亿元``."""
    text = fmt_target(start["target"], start["value_high"], start["unit"], start["qualifier"])
    return f"增长{text}" if start["kind"] == "growth_rate" else text


def start_note(start: dict, *, year: int) -> str:
    """Where the scenario starts from, in one sentence.

    Examples
    --------
    >>> s = {"start_origin": "none", "month": 0, "mode": "growth", "kind": "growth_rate", "prev_full": None,
    ...      "series_unit": "亿元", "start_title": None, "start_release": None, "ytd_value": None, "ytd_growth": None}
    >>> start_note(s, year=2023)
    '尚无2023年的月度数据, 也没有2022年全年的总量, 只能按全年增速测算。'
    """
    origin = start["start_origin"]
    if origin in ("analyst", "published", "derived"):
        who = {"analyst": "分析员月报", "published": "公开数据", "derived": "推算数"}[origin]
        grew = "" if start.get("ytd_growth") is None else f", 增长{fmt_number(start['ytd_growth'], '%')}"
        level = "" if start.get("ytd_value") is None else fmt_number(start["ytd_value"], start["series_unit"])
        src = source_label(start.get("start_title")) or "来源见附录"
        return f"起点: {fmt_period(year, start['month'], 'ytd')}累计{level}{grew}({who}: {src})。"
    if origin == "last_year":
        release = zh("release", start.get("start_release"), "公开数")
        return (f"尚无{year}年的月度数据, 以{year - 1}年全年{fmt_number(start['prev_full'], start['series_unit'])}"
                f"({release})为起点。")
    tail = "只能按全年增速测算" if start["mode"] == "growth" else "按每月完成量测算" if start["mode"] == "amount" \
        else "按余下月份的新增数测算"
    base = f", 也没有{year - 1}年全年的总量" if start["kind"] == "growth_rate" else ""
    return f"尚无{year}年的月度数据{base}, {tail}。"


def _left(start: dict) -> int:
    return MONTHS_PER_YEAR - int(start["month"])


def _span(start: dict) -> str:
    return "全年" if start["month"] == 0 else f"余下{_left(start)}个月"


def assumption_value(start: dict, assumption: float) -> str:
    """The assumed number alone, as a slider shows it: ``5.3%``, ``43.4亿元``, ``4家``.

    Examples
    --------
    >>> assumption_value({"mode": "count", "series_unit": "家"}, 4.0)
    '4家'
    """
    mode = start["mode"]
    if mode == "growth":
        return fmt_number(assumption, "%")
    return fmt_number(assumption, start["series_unit"], decimals=AMOUNT_DECIMALS if mode == "amount" else 0)


def assumption_label(start: dict, assumption: float) -> str:
    """The assumption in words, e.g. ``余下9个月同比增长5.3%``, ``余下3个月再新增4家``.

    Examples
    --------
    >>> assumption_label({"mode": "count", "month": 9, "series_unit": "家"}, 4.0)
    '余下3个月再新增4家'
    >>> assumption_label({"mode": "growth", "month": 0, "series_unit": "亿元"}, 5.0)
    '全年同比增长5%'
    """
    mode = start["mode"]
    if mode == "growth":
        return f"{_span(start)}同比增长{fmt_number(assumption, '%')}"
    if mode == "amount":
        return f"{_span(start)}每月完成{fmt_number(assumption, start['series_unit'], decimals=AMOUNT_DECIMALS)}"
    again = "再" if start["month"] else ""  # "再" only on top of what the year has brought so far
    return f"{_span(start)}{again}新增{fmt_number(assumption, start['series_unit'], decimals=0)}"


def outcome_text(start: dict, row: dict) -> str:
    """The year-end outcome of one assumption: ``预计全年519.6亿元`` / ``全年预计增长5%``."""
    parts = []
    if row.get("year_end_value") is not None:
        parts.append(f"全年预计{fmt_number(row['year_end_value'], start['series_unit'])}")
    if row.get("year_end_growth") is not None:
        parts.append(f"{'增长' if parts else '全年预计增长'}{fmt_number(row['year_end_growth'], '%')}")
    return ", ".join(parts) or "无法测算"


def describe(start: dict, row: dict, *, year: int) -> str:
    """One sentence for a scenario row: assumption, outcome, target and verdict.

    Examples
    --------
    >>> s = {"mode": "amount", "month": 0, "series_unit": "亿元", "kind": "level", "target": 520.0,
    ...      "value_high": None, "unit": "亿元", "qualifier": "strive"}
    >>> describe(s, {"assumption": 43.3, "year_end_value": 519.6, "year_end_growth": None,
    ...              "status": "off_track"}, year=2023)
    '若全年每月完成43.3亿元, 则全年预计519.6亿元, 难以完成目标(力争520亿元)。'
    >>> done = {**s, "mode": "done", "start_release": "derived"}
    >>> describe(done, {"year_end_value": 553.5, "year_end_growth": None, "status": "met"}, year=2023)
    '2023年全年已结束, 全年553.5亿元(推算); 目标力争520亿元: 已完成(推算)。'
    >>> describe({**done, "start_release": "plan", "kind": "count", "series_unit": "个", "unit": "个",
    ...           "target": 180.0, "qualifier": "more_than"}, {"year_end_value": 183.0, "status": "met"}, year=2023)
    '2023年: 计划安排183个, 计划数不作判断; 目标超180个。'
    """
    goal = f"目标{target_text(start)}"
    if start["mode"] == "done":
        release = start.get("start_release") or "final"
        if rule("release", release) == "none":  # a plan or an expectation: context, no verdict
            value = fmt_number(row.get("year_end_value"), start["series_unit"])
            return f"{year}年: {word('release', release, 'template').format(v=value)}, {zh('release', release)}不作判断; {goal}。"
        mark = f"({zh('release', release)})" if rule("release", release) == "marked" else ""
        got = []
        if row.get("year_end_value") is not None:
            got.append(f"全年{fmt_number(row['year_end_value'], start['series_unit'])}{mark}")
        if row.get("year_end_growth") is not None:
            got.append(f"增长{fmt_number(row['year_end_growth'], '%')}{mark}")
        verdict = status_word(row["status"], complete=True) + (mark if row["status"] != "no_data" else "")
        return f"{year}年全年已结束, {', '.join(got) or '全年数据不全'}; {goal}: {verdict}。"
    verdict = status_word(row["status"], whatif=True)
    if row["status"] == "no_data":
        return f"若{assumption_label(start, row['assumption'])}, 则{outcome_text(start, row)}; {goal}。"
    return f"若{assumption_label(start, row['assumption'])}, 则{outcome_text(start, row)}, {verdict}目标({target_text(start)})。"


def whatif_words(start: dict, row: dict) -> str:
    """A what-if badge's words: 若 the assumed number, 则 the what-if verdict (``若43.4亿元则可完成``).

    Examples
    --------
    >>> whatif_words({"mode": "count", "series_unit": "家"}, {"assumption": 4.0, "status": "off_track"})
    '若4家则难以完成'
    """
    return f"若{assumption_value(start, row['assumption'])}则{status_word(row['status'], whatif=True)}"


def no_outcome(start: dict) -> bool:
    """The engine has no outcome to show: it could not compute what the rest of the year needs (a
    slider would have nothing to centre on)."""
    return start["mode"] != "done" and start.get("required") is None


def missing_text(start: dict, *, year: int, name: str = "") -> str:
    """The one sentence shown instead of a slider where the engine has no outcome: which data are missing.

    Examples
    --------
    >>> missing_text({"kind": "growth_rate", "mode": "growth"}, year=2023, name="社会消费品零售总额")
    '本报告数据中尚无社会消费品零售总额2023年的月度累计数, 也没有2022年全年的总量, 无法测算全年结果; 有了其中一项, 这里即显示情景测算。'
    """
    prev = f", 也没有{year - 1}年全年的总量" if start["kind"] == "growth_rate" else ""
    return f"本报告数据中尚无{name}{year}年的月度累计数{prev}, 无法测算全年结果; 有了其中一项, 这里即显示情景测算。"


def shown_required(start: dict) -> float | None:
    """What the rest of the year still needs, as shown: rounded up to the shown decimals, and one
    step more where the target's rule is strict (超5000亩 is not met at exactly 5000) — the smallest
    shown value whose outcome the engine judges met.

    Examples
    --------
    >>> shown_required({"mode": "count", "required": 2.2})
    3.0
    """
    need = start.get("required")
    if need is None or start["mode"] == "done":
        return None
    decimals = {"growth": GROWTH_DECIMALS, "amount": AMOUNT_DECIMALS, "count": 0}[start["mode"]]
    value = ceil_to(max(need, 0.0), decimals)
    if "chains" not in start or need <= 0:  # a partial start (words only): no engine check
        return value
    step = 10.0 ** -decimals
    for _ in range(3):
        row = scenario_table(pl.DataFrame([start]), [value]).row(0, named=True)
        if row["status"] == "met":
            break
        value = round(value + step, decimals)
    return value


def required_text(start: dict) -> str:
    """What the rest of the year still needs, by the same rule the verdict uses.

    Examples
    --------
    >>> s = {"mode": "growth", "month": 3, "kind": "growth_rate", "qualifier": "about", "target": 5.0,
    ...      "value_high": None, "unit": "%", "required": 5.23, "required_floor": 4.61, "series_unit": "亿元"}
    >>> required_text(s)
    '达到5%需余下9个月同比增长5.3%; 按“左右”±0.5个百分点的容差, 余下9个月增长4.7%即可视为基本完成。'
    """
    need = start.get("required")
    mode = start["mode"]
    if mode == "done" or need is None:
        return ""
    span = _span(start)
    if mode == "growth":
        goal = fmt_number(start["target"], start["unit"]) if start["kind"] == "growth_rate" else target_text(start)
        text = f"达到{goal}需{span}同比增长{fmt_number(shown_required(start), '%')}。"
        floor = start.get("required_floor")
        if floor is not None and start["qualifier"] == "about":
            text = (text[:-1] + f"; 按“左右”±{fmt_number(ABOUT_TOLERANCE_PP, '')}个百分点的容差, "
                    f"{span}增长{fmt_number(ceil_to(floor, GROWTH_DECIMALS), '%')}即可视为基本完成。")
        return text
    if need <= 0:
        return "已达到目标, 余下月份不再需要新增。"
    if mode == "amount":
        amount = fmt_number(shown_required(start), start["series_unit"], decimals=AMOUNT_DECIMALS)
        return f"达到目标需{span}每月完成{amount}。"
    return f"达到目标还需{span}新增{fmt_number(shown_required(start), start['series_unit'], decimals=0)}。"


def central_assumption(start: dict, grid: list[float]) -> int:
    """Index of the step a printed report shows: the smallest assumption that meets the target."""
    want = shown_required(start) if grid else None
    if want is None:
        return 0
    return min(range(len(grid)), key=lambda i: (abs(grid[i] - want), grid[i] < want))


def scenario_html(start: dict, *, title: str, name: str, year: int, assets: Path | None = None) -> tuple[str, pl.DataFrame]:
    """The report's scenario: words, a real ``<input type="range">`` and the plot, no kernel needed.

    Returns the HTML and the table of steps (for tests and the CSV export); the plot and its CSV
    go to ``assets`` (the report's chart folder) when given.
    """
    starts = pl.DataFrame([start])
    if no_outcome(start):
        sentence = missing_text(start, year=year, name=start.get("indicator_zh") or "")
        html = (f"<section class='scenario missing' id='scn-{name}'><h3>{esc(title)}</h3>"
                f"<p class='missing'>{esc(sentence)}</p></section>")
        return html, pl.DataFrame(schema={"id": pl.String, "assumption": pl.Float64, "year_end_value": pl.Float64,
                                          "year_end_growth": pl.Float64, "status": pl.String})
    grid = assumption_grid(start)
    if start["mode"] == "done":
        row = scenario_table(starts, [0.0]).row(0, named=True)
        sentence = describe(start, row, year=year)
        html = (f"<section class='scenario done' id='scn-{name}'><h3>{esc(title)}</h3>"
                f"<p class='verdict'>{esc(sentence)}</p></section>")
        return html, scenario_table(starts, [0.0])
    table = scenario_table(starts, grid)
    rows = table.to_dicts()
    growth_kind = start["kind"] == "growth_rate"
    unit = "%" if growth_kind else start["series_unit"]
    values = [r["year_end_growth"] if growth_kind else r["year_end_value"] for r in rows]
    if not growth_kind and all(v is None for v in values):  # level without a current-price path
        values = [r["year_end_growth"] for r in rows]
        unit = "%"
    index = central_assumption(start, grid)
    steps = [{"a": assumption_label(start, r["assumption"]), "v": values[i],
              "t": fmt_number(values[i], unit), "s": describe(start, r, year=year),
              "w": whatif_words(start, r)}
             for i, r in enumerate(rows)]
    plot = scenario_plot(values, unit=unit, target_value=start["target"] if unit != "%" or growth_kind else None,
                         target_label=target_text(start), start_index=index, colour=WHATIF_COLOUR)
    div = plot_div(plot, f"chart-{name}", height=300)
    label = {"growth": "余下月份同比增速", "amount": f"余下月份每月完成量({start['series_unit']})",
             "count": f"余下月份新增数({start['series_unit']})"}[start["mode"]]
    s = steps[index]
    # for slides: the central case with its verdict; the CSV holds every step
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["假设", f"全年预计({unit})", "判断", "说明"])
    writer.writerows([[st["a"], st["t"], st["w"], st["s"]] for st in steps])
    write_assets(assets, name, plot, title=f"{title}<br><sup>{s['s']}</sup>", csv_text=out.getvalue())
    html = (
        f"<section class='scenario' id='scn-{name}' data-steps='{esc(json.dumps(steps, ensure_ascii=False))}'"
        f" data-plot='chart-{name}'>"
        f"<h3>{esc(title)}</h3>"
        f"<p class='note'>{esc(start_note(start, year=year))}</p>"
        f"<p class='required'>{esc(required_text(start))}</p>"
        f"<div class='control'><label for='rng-{name}'>{esc(label)}: <span class='value'>{esc(s['a'])}</span></label>"
        f"<input type='range' class='scenario-range' id='rng-{name}' min='0' max='{len(steps) - 1}' step='1'"
        f" value='{index}' aria-valuetext='{esc(s['a'])}' aria-describedby='out-{name}'></div>"
        f"<p class='verdict' id='out-{name}' aria-live='polite'>{whatif_badge(s['w'])} "
        f"<span class='sentence'>{esc(s['s'])}</span></p>"
        f"<div class='plot' role='img' aria-label='{esc(title)}: 预计全年与目标' aria-describedby='out-{name}'>{div}</div>"
        "<p class='source'>测算: 本报告按附录“方法说明”的公式计算, 起点数据来源见上。</p></section>"
    )
    return html, table

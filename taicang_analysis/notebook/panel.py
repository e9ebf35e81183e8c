"""The scenario panel in JupyterLab (ipywidgets; imported only when a notebook asks for it).

``s.scenario("gdp_growth")`` (:mod:`taicang_analysis.notebook.sections`) shows, for one target:

- where the scenario starts (the note; it changes to the analyst's own figures as soon as she types);
- inputs: the month her year-to-date figure is for (尚无本年数据, 1月, 1-2月 … 全年), the cumulative
  figure and its growth — typed as the bureau prints them (``850``, ``１，２３４．５``, ``4.0%``),
  read with :func:`~taicang_analysis.sources.normalise.parse_number` when she presses Enter or
  leaves the box; a box the scenario needs but she left empty asks for it ("请输入…") instead of
  giving a verdict;
- a slider over the assumptions of :func:`~taicang_analysis.assess.assumption_grid`, centred on the
  smallest one that meets the target (whole things for counts), with the verdict (可完成 / 难以完成)
  and what is still required, both by the engine's rule (for 左右 the tolerance is stated);
- the chart: the projected year-end value against the target, labelled with the slider's
  assumption, so the readout, the sentence and the chart always show the same numbers.

A full year (截至 = 全年) shows the result (已完成 / 未完成) and disables the slider. Every number
comes from :mod:`taicang_analysis.assess` (:func:`~taicang_analysis.assess.restart`,
:func:`~taicang_analysis.assess.scenario_table`); this module has no formula.

Smoothness: the slider reports only when released (``continuous_update=False``); steps that come
quickly one after another (arrow keys) are redrawn once, :attr:`ScenarioPanel.settle` seconds after
the last one, and the chart is replaced as one output (no flicker of a cleared area).
:attr:`ScenarioPanel.redraws` counts the redraws.

A notebook saved with its outputs and opened again without a running kernel cannot show a widget
(JupyterLab says "Error displaying widget: model not found"). :func:`scenario` therefore shows a
static Chinese hint (运行本单元格以显示情景测算, with the sentence of the run) just above the panel;
the live panel hides the hint, and the hint hides the dead widget's English error.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import ipywidgets as W
import plotly.io as pio
import polars as pl

from taicang_analysis.assess import assumption_grid, restart, scenario_starts, scenario_table
from taicang_analysis.engine import MONTHS_PER_YEAR
from taicang_analysis.notebook.charts import scenario_plot
from taicang_analysis.notebook.display import PLOT_CONFIG, WHATIF_COLOUR, whatif_badge
from taicang_analysis.notebook.formats import esc, fmt_number, fmt_period, status_word
from taicang_analysis.notebook.scenario import (
    assumption_label,
    assumption_value,
    central_assumption,
    describe,
    missing_text,
    no_outcome,
    required_text,
    start_note,
    target_text,
    whatif_words,
)
from taicang_analysis.run import Run
from taicang_analysis.sources.normalise import parse_number

MONTH_CHOICES = [("尚无本年数据", 0), ("1月", 1)] + [(f"1-{m}月", m) for m in range(2, MONTHS_PER_YEAR)] + [
    ("全年", MONTHS_PER_YEAR)]
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SLIDER_WORDS = {"growth": "余下月份同比增长", "amount": "余下每月完成", "count": "余下月份新增"}
HINT = "运行本单元格以显示情景测算"


class ScenarioPanel:
    """The Lab panel for one target, built from one row of :func:`~taicang_analysis.assess.scenario_starts`.

    Attributes
    ----------
    start
        The start row in use (the shipped one, or :func:`~taicang_analysis.assess.restart` with her
        typed figures); ``None`` while an input is missing or not a number.
    result
        The row shown: ``assumption, year_end_value, year_end_growth, status`` (the engine's), and
        ``value`` / ``unit`` (the charted number), ``verdict`` (the word, ``None`` when no verdict),
        ``label`` (the assumption in words), ``required``, ``month``, ``mode``. Empty while an input
        is missing.
    redraws
        How many times the chart was drawn.
    settle
        Seconds of quiet after a slider step before the chart is redrawn (inside a running event
        loop, i.e. a kernel; without one every step is drawn at once).

    Examples
    --------
    SYNTHETIC start: 20 German firms by June against 50家以上 — 30 more needed, in whole firms:

    >>> start = {"id": "german_firms", "kind": "count", "qualifier": "at_least", "target": 50.0,
    ...          "value_high": None, "unit": "家", "series_unit": "家", "decimals": 0, "chains": True,
    ...          "mode": "count", "month": 6, "ytd_value": 20.0, "ytd_growth": None, "prev_ytd": None,
    ...          "prev_full": None, "start_origin": "analyst", "start_title": "SYNTHETIC", "required": 30.0,
    ...          "required_floor": None}
    >>> p = ScenarioPanel(start, title="新引进德资企业: 情景测算", year=2023)
    >>> p.assumption.value, p.result["value"], p.result["verdict"]
    (30.0, 50.0, '可完成')
    """

    def _ipython_display_(self) -> None:
        """Shown once, when made (its widget is displayed then): a cell that ends with the panel
        prints nothing more — never ``<…ScenarioPanel at 0x…>`` (issue 20)."""
        return None

    def __init__(self, start: dict, *, title: str, year: int, settle: float = 0.25) -> None:
        self.base, self.title, self.year, self.settle = dict(start), title, int(year), settle
        self.redraws = 0
        self.result: dict = {}
        self.start: dict | None = self.base
        self._rows: dict[float, dict] = {}
        self._pending: asyncio.TimerHandle | None = None
        self._busy = False
        month = int(start["month"])
        unit = start["series_unit"]
        self._defaults = (month, _text(start["ytd_value"] if month else None),
                          _text(start["ytd_growth"] if month else None))
        growth_kind = start["kind"] == "growth_rate"
        #: the level is needed unless growth at comparable prices (it does not chain with levels)
        self.needs_level = not growth_kind or bool(start["chains"])
        #: the growth is needed for growth targets and for level targets judged against last year
        self.needs_growth = growth_kind or (start["kind"] != "count" and start.get("prev_full") is not None)
        style = {"description_width": "initial"}
        self.month = W.Dropdown(options=MONTH_CHOICES, value=month, description="截至", style=style,
                                layout=W.Layout(width="210px"))
        self.ytd = W.Text(value=self._defaults[1], description=f"年内累计({unit})", placeholder="例如 850, 回车确认",
                          continuous_update=False, style=style, layout=W.Layout(width="280px"))
        self.ytd_growth = W.Text(value=self._defaults[2], description="累计增长(%)", placeholder="例如 4.0, 回车确认",
                                 continuous_update=False, style=style, layout=W.Layout(width="260px"))
        self.assumption = W.SelectionSlider(options=[("—", 0.0)], description="假设", continuous_update=False,
                                            style=style, layout=W.Layout(width="560px"))
        self.note = W.HTML()
        self.text = W.HTML()
        self.chart = W.Output()
        self.style = W.HTML()  # a <style> that hides the static hint once the live panel shows
        for w in (self.month, self.ytd, self.ytd_growth):
            w.observe(lambda _c: self._restart(), names="value")
        self.assumption.observe(lambda _c: self._stepped(), names="value")
        inputs = [self.month] + ([self.ytd] if self.needs_level else []) + (
            [self.ytd_growth] if self.needs_growth else [])
        self.widget = W.VBox([self.style, W.HTML(f"<b>{esc(title)}</b>"), self.note, W.HBox(inputs),
                              self.assumption, self.text, self.chart])
        self.widget.add_class("taicang-scenario")
        self._restart()

    # -- inputs -----------------------------------------------------------------------------------
    def _read(self) -> tuple[float | None, float | None, str | None]:
        """Her typed figures, or the sentence asking for what is missing."""
        m = int(self.month.value)
        try:
            ytd = parse_number(self.ytd.value) if self.needs_level else None
        except ValueError:
            return None, None, f"“{self.ytd.value}”不是数字: 请输入年内累计数, 例如 850。"
        try:
            growth = parse_number(self.ytd_growth.value, percent=True) if self.needs_growth else None
        except ValueError:
            return None, None, f"“{self.ytd_growth.value}”不是数字: 请输入累计增长(%), 例如 4.0。"
        when = fmt_period(self.year, m, "ytd")
        if self.needs_level and ytd is None:
            return None, growth, f"请输入{when}的累计数({self.base['series_unit']})。"
        if self.needs_growth and growth is None:
            return ytd, None, f"请输入{when}的累计增长(%)。"
        return ytd, growth, None

    def _restart(self) -> None:
        """Inputs changed: a new start, a new slider range, a new note, then one redraw."""
        self._cancel_pending()
        m = int(self.month.value)
        self.ytd.disabled = self.ytd_growth.disabled = m == 0
        base = self.base
        if (m, self.ytd.value, self.ytd_growth.value) == self._defaults or m == 0 == base["month"]:
            self.start = base
            note = start_note(base, year=self.year)
        elif m == 0:  # she sets this year's figures aside: the year from last year's total
            fresh = restart(base, month=0, ytd_value=None, ytd_growth=None)
            self.start = {**fresh, "start_origin": "last_year" if base["prev_full"] is not None else "none",
                          "start_release": base.get("prev_release")}
            note = "不用本年数据: " + start_note(self.start, year=self.year)
        else:
            ytd, growth, ask = self._read()
            if ask:
                self.start = None
                self.note.value = f"<p class='note ask'>{esc(ask)}</p>"
                self._slider([])
                self.update()
                return
            self.start = restart(base, month=m, ytd_value=ytd, ytd_growth=growth)
            note = self._typed_note(m, ytd, growth)
        self.note.value = f"<p class='note'>{esc(note)}</p>"
        start = self.start
        grid = assumption_grid(start)
        rows = scenario_table(pl.DataFrame([start]), grid or [0.0]).to_dicts()
        self._rows = {r["assumption"]: r for r in rows}
        # where the engine has no outcome (it cannot compute what the year needs) there is no slider
        usable = start["mode"] != "done" and not no_outcome(start) and any(self._value(r) is not None for r in rows)
        self._slider(grid if usable else [], central_assumption(start, grid) if usable else 0)
        self.update()

    def _typed_note(self, month: int, ytd: float | None, growth: float | None) -> str:
        parts = [] if ytd is None else [fmt_number(ytd, self.base["series_unit"])]
        if growth is not None:
            parts.append(f"增长{fmt_number(growth, '%')}")
        when = f"{self.year}年全年" if month == MONTHS_PER_YEAR else fmt_period(self.year, month, "ytd")
        return (f"起点: 输入的{when}{'' if month == MONTHS_PER_YEAR else '累计'}{', '.join(parts)}"
                "(手动输入, 只用于本次测算, 不写入数据文件)。")

    def _slider(self, grid: list[float], index: int = 0) -> None:
        self._busy = True
        try:
            if grid:
                self.assumption.options = [(assumption_value(self.start, a), a) for a in grid]
                self.assumption.value = grid[index]
                self.assumption.disabled = False
                self.assumption.description = SLIDER_WORDS[self.start["mode"]]
            else:
                self.assumption.options = [("—", 0.0)]
                self.assumption.disabled = True
                done = self.start is not None and self.start["mode"] == "done"
                self.assumption.description = "全年已结束" if done else "无法测算"
        finally:
            self._busy = False

    def _stepped(self) -> None:
        """The slider moved: redraw now, or — in a kernel — once the steps settle."""
        if self._busy:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.settle <= 0:
            self.update()
            return
        self._cancel_pending()
        self._pending = loop.call_later(self.settle, self._settled)

    def _settled(self) -> None:
        self._pending = None
        try:
            self.update()
        except Exception as exc:  # a callback's error would otherwise go only to the kernel's log
            self.text.value = f"<p class='note'>测算出错: {esc(exc)}</p>"

    def _cancel_pending(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    # -- outputs ----------------------------------------------------------------------------------
    def _growth_chart(self) -> bool:
        return self.start["kind"] == "growth_rate" or not self.start["chains"]

    def _value(self, row: dict) -> float | None:
        return row["year_end_growth"] if self._growth_chart() else row["year_end_value"]

    def update(self) -> dict:
        """Words and chart for the slider's assumption; returns :attr:`result`."""
        self._cancel_pending()
        start = self.start
        if start is None:
            self.text.value = ""
            self.result = {}
            self._draw(None)
            return self.result
        done = start["mode"] == "done"
        if no_outcome(start) and not start["month"]:  # one sentence naming the data missing; no slider, no chart
            sentence = missing_text(start, year=self.year, name=start.get("indicator_zh") or "")
            self.text.value = f"<div class='panel-text'><p>{esc(sentence)}</p></div>"
            self.result = {"verdict": None, "sentence": sentence, "mode": start["mode"], "month": start["month"]}
            self._draw(None)
            return self.result
        a = 0.0 if self.assumption.disabled else float(self.assumption.value)
        row = self._rows.get(a) or scenario_table(pl.DataFrame([start]), [a]).row(0, named=True)
        value = self._value(row)
        unit = "%" if self._growth_chart() else start["series_unit"]
        label = f"{self.year}年全年" if done else assumption_label(start, a)
        if value is None or row["status"] == "no_data":
            verdict, sentence = None, self._cannot(start)
            self.text.value = f"<div class='panel-text'><p>{esc(sentence)}</p></div>"
        else:
            verdict = status_word(row["status"], complete=done, whatif=not done)
            sentence = describe(start, row, year=self.year)
            # a what-if is a question: a neutral badge that reads 若…则…, never a status colour
            words = verdict if done else whatif_words(start, row)
            self.text.value = (
                f"<div class='panel-text'><p><b>{esc(sentence)}</b> {whatif_badge(words)}"
                f"</p><p class='required'>{esc(required_text(start))}</p></div>")
        self.result = {**row, "value": value, "unit": unit, "verdict": verdict, "label": label,
                       "sentence": sentence, "required": start.get("required"), "month": start["month"],
                       "mode": start["mode"]}
        self._draw(None if verdict is None else (value, unit, label, row["status"]))
        return self.result

    def _cannot(self, start: dict) -> str:
        """Why there is no verdict, and what would give one."""
        growth_kind = start["kind"] == "growth_rate"
        if start["mode"] == "done":
            what = "增速" if growth_kind else "数"
            level = ""
            if growth_kind and not start["chains"] and start.get("ytd_value"):
                level = (f"现有的全年总量{fmt_number(start['ytd_value'], start['series_unit'])}按现价计算, "
                         "不能换算为可比价增速; ")
            return (f"{self.year}年全年已结束, 但还没有可以判断的全年{what}: {level}"
                    f"请在“累计增长(%)”中输入统计局公布的全年增速。目标{target_text(start)}。")
        if growth_kind and not start["chains"]:
            return ("该指标的增速按可比价计算, 不能由现价累计数推算余下月份需要的增速, 因此年内不作测算; "
                    "全年增速公布后, 选“全年”并输入增速即可判断。")
        return "缺少上年的全年数或同期累计数, 无法测算全年结果; 请选择“尚无本年数据”按全年假设测算。"

    def _draw(self, what: tuple[float, str, str, str] | None) -> None:
        """Replace the chart (one output, one message); ``None`` leaves no empty axis behind."""
        if what is None:
            if self.chart.outputs:
                self.chart.outputs = ()
            return
        value, unit, label, status = what
        start = self.start
        on_growth = unit == "%"
        target = start["target"] if on_growth == (start["kind"] == "growth_rate") else None
        plot = scenario_plot([value], unit=unit, target_value=target, target_label=target_text(start),
                             start_index=0, colour=WHATIF_COLOUR)
        plot.update_traces(x=[label])
        figure = json.loads(pio.to_json(plot, validate=False))
        figure["config"] = PLOT_CONFIG
        self.chart.outputs = ({"output_type": "display_data", "metadata": {},
                               "data": {PLOTLY_MIME: figure, "text/plain": f"{label}: {fmt_number(value, unit)}"}},)
        self.redraws += 1

    # -- a notebook reopened without a kernel --------------------------------------------------------
    def hint_html(self, hint_id: str) -> str:
        """The static hint shown above the panel (see the module): the sentence of this run and how
        to get the live panel back. Its ``<style>`` hides the dead widget's error text below it."""
        said = self.result.get("sentence") or ""
        return (
            f"<div id='{hint_id}' class='taicang-panel-hint' style='border:1px dashed #8c959f;"
            "padding:6px 12px;margin:4px 0;color:#24292f'>"
            f"<style>.jp-OutputArea-child:has(#{hint_id}) + .jp-OutputArea-child "
            ".jp-OutputArea-output:not(:has(*)){display:none}</style>"
            f"<b>{esc(self.title)}</b>: {HINT}(滑块需要运行中的内核)。"
            + (f"<br><span class='note'>上次运行时: {esc(said)}</span>" if said else "")
            + "</div>")

    def hide_hint(self, hint_id: str) -> None:
        """While the live panel shows, the static hint is hidden."""
        self.style.value = f"<style>#{hint_id}{{display:none}}</style>"


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def scenario(run: Run, target_id: str, *, title: str | None = None) -> ScenarioPanel:
    """Show the scenario panel of a target in Lab (after its static hint) and return it.

    Raises
    ------
    KeyError
        The year's registry has no such target; the message lists the ones it has.
    """
    from IPython.display import HTML, display

    year = run.year
    starts = scenario_starts(year, run.data_dir, targets=run.targets, figures=run.figures)
    found = starts.filter(pl.col("id") == target_id)
    if found.is_empty():
        raise KeyError(f"{year}年的目标登记表中没有 {target_id!r}; 现有: " + ", ".join(starts["id"].to_list()))
    start = found.row(0, named=True)
    panel = ScenarioPanel(start, title=title or f"{start['indicator']}: 情景测算", year=year)
    hint_id = f"taicang-hint-{uuid.uuid4().hex[:12]}"
    display(HTML(panel.hint_html(hint_id)))
    panel.hide_hint(hint_id)
    display(panel.widget)
    return panel

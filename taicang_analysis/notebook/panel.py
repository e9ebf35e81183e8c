"""The scenario panel in JupyterLab (ipywidgets; imported only when a notebook asks for it).

``ta.scenario("gdp_growth")`` shows: where the scenario starts (updated as the analyst types), what
the rest of the year still needs (by the same rule as the verdict), inputs for this year's
cumulative figure and its growth, and a slider over assumptions that always reaches the value that
meets the target, with fine steps near it (whole things for counts). A full year shows its result
and disables the slider; empty inputs ask for a number instead of giving a verdict. The slider
reports only when released (``continuous_update=False``), so a drag redraws the chart once.
"""

from __future__ import annotations

import ipywidgets as W
import polars as pl

from taicang_analysis.assess import assumption_grid, restart, scenario_starts, scenario_table
from taicang_analysis.context import current
from taicang_analysis.engine import MONTHS_PER_YEAR
from taicang_analysis.notebook.charts import scenario_plot
from taicang_analysis.notebook.display import PLOT_CONFIG
from taicang_analysis.notebook.formats import esc, status_colour, status_word
from taicang_analysis.notebook.scenario import (
    assumption_value,
    central_assumption,
    describe,
    required_text,
    start_note,
    target_text,
)
from taicang_analysis.sources.normalise import parse_number

MONTH_CHOICES = [("尚无本年数据", 0), ("1月", 1)] + [(f"1-{m}月", m) for m in range(2, MONTHS_PER_YEAR)] + [
    ("全年", MONTHS_PER_YEAR)]


class ScenarioPanel:
    """The Lab panel for one target; :meth:`update` is the whole Python-side cost of a change."""

    def __init__(self, start: dict, *, title: str, year: int) -> None:
        self.base, self.title, self.year = start, title, year
        self.redraws = 0
        self.month = W.Dropdown(options=MONTH_CHOICES, value=int(start["month"]), description="截至")
        unit = start["series_unit"]
        self.ytd = W.Text(value=_text(start["ytd_value"] if start["month"] else None),
                          description=f"年内累计({unit})", style={"description_width": "initial"},
                          placeholder="例如 850")
        self.ytd_growth = W.Text(value=_text(start["ytd_growth"] if start["month"] else None),
                                 description="累计增长%", style={"description_width": "initial"},
                                 placeholder="例如 4.0")
        self.assumption = W.SelectionSlider(options=[("—", 0.0)], description="假设",
                                            continuous_update=False, layout=W.Layout(width="520px"),
                                            style={"description_width": "initial"})
        self.note = W.HTML()
        self.text = W.HTML()
        self.chart = W.Output()
        for w in (self.month, self.ytd, self.ytd_growth):
            w.observe(lambda _c: self._restart(), names="value")
        self._busy = False
        self.assumption.observe(lambda _c: None if self._busy else self.update(), names="value")
        inputs = [self.month, self.ytd] + ([self.ytd_growth] if start["kind"] == "growth_rate"
                                            or start["mode"] == "growth" else [])
        self.widget = W.VBox([self.note, W.HBox(inputs), self.assumption, self.text, self.chart])
        self.result: dict = {}
        self.start: dict = start
        self._restart()

    # -- inputs -----------------------------------------------------------------------------------
    def _typed(self) -> tuple[int, float | None, float | None, str | None]:
        m = int(self.month.value)
        try:
            ytd = parse_number(self.ytd.value)
            growth = parse_number(self.ytd_growth.value, percent=True)
        except ValueError:
            return m, None, None, "请输入数字(例如 850 或 4.0)。"
        if m == 0:
            return m, None, None, None
        needs_level = self.base["kind"] != "growth_rate" or self.base["chains"]
        if ytd is None and needs_level:
            return m, None, growth, f"请输入{self.year}年1-{m}月的累计数。"
        if self.base["kind"] == "growth_rate" and growth is None:
            return m, ytd, None, "请输入累计增长(%)。"
        return m, ytd, growth, None

    def _restart(self) -> None:
        m, ytd, growth, problem = self._typed()
        base = self.base
        same = (m, ytd, growth) == (base["month"], base["ytd_value"] if base["month"] else None,
                                    base["ytd_growth"] if base["month"] else None)
        if problem:
            self.start = {**base, "mode": "input"}
            self.note.value = f"<p class='note'>{esc(problem)}</p>"
        else:
            self.start = base if same else restart(base, month=m, ytd_value=ytd, ytd_growth=growth)
            note = start_note(self.start, year=self.year) if same else (
                "起点: 分析员输入的年内累计数。" if m else start_note(self.start, year=self.year))
            self.note.value = f"<p class='note'>{esc(note)}</p>"
        grid = assumption_grid(self.start) if self.start["mode"] not in ("input",) else []
        self._busy = True
        try:
            if grid:
                options = [(assumption_value(self.start, a), a) for a in grid]
                self.assumption.options = options
                self.assumption.value = grid[central_assumption(self.start, grid)]
                self.assumption.disabled = False
                self.assumption.description = {"growth": "余下月份同比增长", "amount": "余下每月完成",
                                               "count": "余下月份新增"}[self.start["mode"]]
            else:
                self.assumption.options = [("—", 0.0)]
                self.assumption.disabled = True
                self.assumption.description = "全年已结束" if self.start["mode"] == "done" else "假设"
        finally:
            self._busy = False
        self.update()

    # -- outputs ----------------------------------------------------------------------------------
    def update(self) -> dict:
        start = self.start
        if start["mode"] == "input":
            self.text.value = ""
            self.result = {}
            return self.result
        a = 0.0 if start["mode"] == "done" else float(self.assumption.value)
        row = scenario_table(pl.DataFrame([start]), [a]).row(0, named=True)
        done = start["mode"] == "done"
        word = status_word(row["status"], complete=done, whatif=not done)
        self.text.value = (
            f"<div class='panel-text'><p><b>{esc(describe(start, row, year=self.year))}</b> "
            f"<span style='background:{status_colour(row['status'])};color:white;padding:1px 8px;"
            f"border-radius:10px'>{esc(word)}</span></p><p>{esc(required_text(start))}</p></div>")
        self.result = {**row, "required": start["required"], "month": start["month"], "mode": start["mode"]}
        growth_kind = start["kind"] == "growth_rate" or not start["chains"]
        value = row["year_end_growth"] if growth_kind else row["year_end_value"]
        plot = scenario_plot([value], unit="%" if growth_kind else start["series_unit"],
                             target_value=start["target"], target_label=target_text(start), start_index=0,
                             colour=status_colour(row["status"]))
        self.chart.clear_output(wait=True)
        with self.chart:
            plot.show(config=PLOT_CONFIG)
        self.redraws += 1
        return self.result


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def scenario(target_id: str, *, title: str | None = None, year: int | None = None) -> ScenarioPanel:
    """Show the scenario panel of a target in Lab and return it (for checks).

    Raises
    ------
    KeyError
        The year's registry has no such target; the message lists the ones it has.
    """
    year = current(year=year).year
    starts = scenario_starts(year)
    found = starts.filter(pl.col("id") == target_id)
    if found.is_empty():
        raise KeyError(f"{year}年的目标登记表中没有 {target_id!r}; 现有: " + ", ".join(starts["id"].to_list()))
    start = found.row(0, named=True)
    panel = ScenarioPanel(start, title=title or f"{start['indicator']}: 情景测算", year=year)
    from IPython.display import display

    display(panel.widget)
    return panel

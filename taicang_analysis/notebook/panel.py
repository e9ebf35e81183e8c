"""Scenario panels: ipywidgets in JupyterLab, a Plotly slider in the exported report.

``ta.scenario("gdp_growth")`` in a notebook shows, in Lab, a panel where the analyst enters the
latest year-to-date figure and its month and moves a slider for the assumed growth (or monthly
amount) of the remaining months; the projected year-end value, the growth still required and the
status update at once, in a chart and in words. In the report (no kernel) the same numbers are
precomputed for each slider step.
"""

from __future__ import annotations

import dataclasses
import os

import ipywidgets as W
import numpy as np
import polars as pl

from taicang_analysis.assess import (
    ScenarioStart,
    describe,
    scenario_start,
    scenario_table,
    still_required,
)
from taicang_analysis.context import current, report_mode
from taicang_analysis.notebook.charts import scenario_chart
from taicang_analysis.notebook.display import show
from taicang_analysis.notebook.formats import STATUS_COLOUR, esc, fmt_number, fmt_target, verdict_zh
from taicang_analysis.sources.figures import load_figures
from taicang_analysis.sources.targets import load_targets


def assumption_grid(start: ScenarioStart) -> list[float]:
    """Slider steps: growth −5 %…15 % by 0.5, or 0…2× the needed monthly amount in 20 steps.

    Examples
    --------
    >>> t = load_targets(2023).filter(pl.col("id") == "gdp_growth").row(0, named=True)
    >>> g = assumption_grid(scenario_start(t))
    >>> g[0], g[-1], len(g)
    (-5.0, 15.0, 41)
    """
    if start.month >= 12:
        return [0.0]  # the year is complete: no assumption left to vary
    if start.mode == "growth":
        return [round(float(x), 1) for x in np.arange(-5.0, 15.01, 0.5)]
    need, _ = still_required(start)
    top = max(2 * (need or 0.0), 1.0)
    return [round(float(x), 2) for x in np.linspace(0.0, top, 21)]


def _default_index(grid: list[float], start: ScenarioStart) -> int:
    want = start.target["value"] if start.mode == "growth" else (still_required(start)[0] or 0)
    if start.mode == "growth" and start.target["kind"] != "growth_rate":
        want = still_required(start)[0] or 0
    return int(np.argmin([abs(g - want) for g in grid]))


def static_scenario_figure(start: ScenarioStart, *, title: str):
    """The report's kernel-free scenario chart for a starting point."""
    grid = assumption_grid(start)
    table = scenario_table(start, grid)
    texts = [describe(start, r) for r in table.iter_rows(named=True)]
    t = start.target
    growth = t["kind"] == "growth_rate"
    return scenario_chart(
        table, texts, title=title, unit="%" if growth else start.unit,
        target_value=t["value"], target_label=fmt_target(t["value"], t["value_high"], t["unit"],
                                                         t["qualifier"]),
        start_index=_default_index(grid, start),
        assumption_label="余下月份同比增速(%)" if start.mode == "growth" else
        f"余下每月新增({start.unit})",
        note=start.note,
    )


class ScenarioPanel:
    """The Lab panel for one target. ``update()`` is the whole Python-side cost of a change."""

    def __init__(self, target: dict, figures: pl.DataFrame, *, title: str) -> None:
        self.title = title
        self.start = scenario_start(target, figures)
        grid = assumption_grid(self.start)
        self.ytd = W.FloatText(value=self.start.ytd_value or 0.0,
                               description=f"年内累计({self.start.unit})",
                               style={"description_width": "initial"})
        self.ytd_growth = W.FloatText(value=self.start.ytd_growth or 0.0,
                                      description="累计增长%", style={"description_width": "initial"})
        self.month = W.Dropdown(options=[("尚无本年数据", 0)] + [(f"1-{m}月", m) for m in range(1, 12)]
                                + [("全年", 12)], value=self.start.month, description="截至")
        growth_mode = self.start.mode == "growth"
        self.assumption = W.FloatSlider(
            value=grid[_default_index(grid, self.start)], min=grid[0], max=max(grid[-1], grid[0] + 1),
            step=grid[1] - grid[0] if len(grid) > 1 else 0.5, readout_format=".1f",
            disabled=len(grid) == 1,  # a complete year: nothing left to assume
            description="余下月份增速%" if growth_mode else f"每月新增({self.start.unit})",
            style={"description_width": "initial"}, layout=W.Layout(width="460px"),
            continuous_update=True,
        )
        self.text = W.HTML()
        self.chart = W.Output()
        for w in (self.ytd, self.ytd_growth, self.month, self.assumption):
            w.observe(lambda _change: self.update(), names="value")
        note = W.HTML(f"<p class='note'>{esc(self.start.note)}</p>")
        inputs = W.HBox([self.month, self.ytd] + ([self.ytd_growth] if growth_mode else []))
        self.widget = W.VBox([note, inputs, self.assumption, self.text, self.chart])
        self.result: dict = {}
        self.update()

    def current_start(self) -> ScenarioStart:
        m = int(self.month.value)
        unchanged = (m, self.ytd.value, self.ytd_growth.value) == (
            self.start.month, self.start.ytd_value or 0.0, self.start.ytd_growth or 0.0)
        if m == 0 or unchanged:
            return self.start
        ytd, g = float(self.ytd.value), float(self.ytd_growth.value)
        prev_ytd = ytd / (1 + g / 100) if self.start.mode == "growth" and g > -100 else None
        return dataclasses.replace(self.start, month=m, ytd_value=ytd, ytd_growth=g,
                                   prev_ytd=prev_ytd, note="分析员输入的年内累计数。")

    def _figure_for(self, start: ScenarioStart):
        """Built once per starting point; an update only moves the marker and the words."""
        key = (start.month, start.ytd_value, start.ytd_growth)
        if getattr(self, "_figure_key", None) != key:
            grid = assumption_grid(start)
            fig = static_scenario_figure(start, title=self.title)
            fig.layout.sliders = []  # update_layout(sliders=[]) leaves them in plotly 7.1
            fig.update_layout(margin={"b": 110})
            lo, hi = fig.layout.yaxis.range or (None, None)
            if lo is not None:
                ends = scenario_table(start, [grid[0], grid[-1]])
                col = "year_end_growth" if start.target["kind"] == "growth_rate" else (
                    "year_end_value")
                vals = [v for v in ends[col].to_list() if v is not None] + [lo, hi]
                fig.update_yaxes(range=[min(vals), max(vals)])
            self._figure, self._figure_key = fig, key
        return self._figure

    def update(self) -> dict:
        start = self.current_start()
        row = scenario_table(start, [float(self.assumption.value)]).row(0, named=True)
        need, need_unit = still_required(start)
        colour = STATUS_COLOUR.get(row["status"], "#888")
        need_text = "" if need is None else (
            f"要完成目标, 余下{12 - start.month}个月需"
            + (f"同比增长{fmt_number(need, '%')}" if need_unit == "%" else
               f"每月新增{fmt_number(need, need_unit, decimals=1)}") + "。")
        self.text.value = (
            f"<div class='panel-text'><b>{esc(describe(start, row))}</b> "
            f"<span class='status' style='background:{colour};color:white;padding:1px 8px;border-radius:10px'>"
            f"{esc(verdict_zh(row['status']))}</span>"
            f"<br>{esc(need_text)}</div>"
        )
        self.result = {**row, "required": need, "month": start.month}
        fig = self._figure_for(start)
        growth = start.target["kind"] == "growth_rate"
        value = row["year_end_growth"] if growth else row["year_end_value"]
        with fig.batch_update():
            fig.data[0].y = [value]
            fig.data[0].text = [fmt_number(value, "%" if growth else start.unit)]
            fig.data[0].marker.color = colour
            fig.layout.title.text = f"{self.title}<br><sup>{esc(describe(start, row))}</sup>"
        if os.environ.get("TAICANG_PANEL_CHART", "1") == "1":
            self.chart.clear_output(wait=True)
            with self.chart:
                fig.show()
        return self.result


def scenario(target_id: str, *, year: int | None = None, title: str | None = None,
             data=None):
    """Show the scenario for a target: ipywidgets in Lab, a Plotly slider in the report.

    Returns the :class:`ScenarioPanel` in Lab (so a notebook can check its numbers) and the
    static figure in the report.
    """
    year = current(year=year).year
    registry = load_targets(year, data)
    found = registry.filter(pl.col("id") == target_id)
    if found.is_empty():
        raise KeyError(f"no target {target_id!r} in the {year} registry; one of: "
                       + ", ".join(registry["id"].to_list()))
    target = found.row(0, named=True)
    title = title or f"{target['indicator_zh']}: 情景测算"
    figures = load_figures(data)
    if report_mode():
        fig = static_scenario_figure(scenario_start(target, figures), title=title)
        show(fig, f"{target_id}-scenario")
        return fig
    from IPython.display import display

    panel = ScenarioPanel(target, figures, title=title)
    display(panel.widget)
    return panel

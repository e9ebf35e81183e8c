"""Python-side cost of one scenario-panel update, measured in a real kernel (nbclient, no frontend).

Each target's panel is built once; then the assumption slider is moved N times. One update is
everything Python does for a slider move: the observer, the scenario row (Polars), the status,
the sentence, the marker and title of the chart, and the chart re-sent into the Output widget.
Aim: 50 ms or less. Prints one line per target and the ratio to the 50 ms budget.

    python benchmarks/widgets.py
"""

from __future__ import annotations

import json
import sys
import time

import nbformat
from nbclient import NotebookClient

TARGETS = ["budget_revenue_growth", "retail_sales_growth", "land_cleared", "german_firms", "new_listings"]
MOVES = 40
BUDGET_MS = 50.0

CELL = f"""
import json, time, statistics
import polars as pl
import taicang_analysis as ta
from taicang_analysis.notebook.panel import ScenarioPanel
starts = ta.scenario_starts(2023)
out = {{}}
for target_id in {TARGETS!r}:
    start = starts.filter(pl.col("id") == target_id).row(0, named=True)
    panel = ScenarioPanel(start, title=target_id, year=2023)
    slider = panel.assumption
    options = [v for _, v in slider.options]
    values = [options[(i * 7) % len(options)] for i in range({MOVES})]
    times = []
    for v in values:
        if v == slider.value:
            v = options[(options.index(v) + 1) % len(options)]
        t = time.perf_counter()
        slider.value = v           # in a kernel the move only schedules a redraw (steps settle into one) ...
        panel.update()             # ... so time the settled update too: words, verdict and the chart
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out[target_id] = {{"median": statistics.median(times), "p95": times[int(0.95 * len(times)) - 1]}}
print("RESULT" + json.dumps(out))
"""


def main() -> int:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CELL)]
    t = time.perf_counter()
    # timeout=None: with a finite timeout nbclient waits it out when an Output widget gets big output
    NotebookClient(nb, kernel_name="python3", timeout=None).execute()
    wall = time.perf_counter() - t
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("name") == "stdout")
    result = json.loads(text.split("RESULT", 1)[1])
    print(f"scenario panel update, {MOVES} slider moves per target, in a kernel (run {wall:.1f} s)")
    print(f"{'target':24} {'median ms':>10} {'p95 ms':>8} {'budget/median':>14}")
    worst = 0.0
    for target_id, r in result.items():
        worst = max(worst, r["median"])
        print(f"{target_id:24} {r['median']:10.1f} {r['p95']:8.1f} {BUDGET_MS / r['median']:13.1f}x")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"worst median {worst:.1f} ms: {verdict} the {BUDGET_MS:.0f} ms budget")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())

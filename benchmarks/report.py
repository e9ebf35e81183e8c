"""Size and speed of the leadership report, measured in one run.

Prints:
- the size of ``index.html`` (limit 5 MB);
- when the first chart is drawn in headless Chromium, offline (limit 1 s; median of 5 loads, read
  from the page's own probe ``window.taicangFirstChartMs``: ms since navigation start);
- the build's cost against the bare execution and export of the same notebooks (limit 1.5x):
  bare = the same joined notebook executed by nbclient in one kernel and exported by nbconvert's
  default HTML exporter, nothing else; build = ``build_report`` as ``make report`` runs it
  (execution, export, page, CSVs, a PNG of every chart, atomic write); best of 3 each,
  interleaved. The build without PNGs is printed beside.

    python benchmarks/report.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import offline_page  # noqa: E402

from taicang_analysis.context import SHIPPED_DATA_DIR  # noqa: E402
from taicang_analysis.report.build import (  # noqa: E402
    build_report,
    combine_notebooks,
    execute_notebook,
    report_notebooks,
    with_parameters,
)
from taicang_analysis.run import open_run, write_snapshot  # noqa: E402

LIMIT_MB, LIMIT_FIRST_MS, LIMIT_RATIO = 5.0, 1000.0, 1.5


def bare(tmp: Path) -> float:
    from nbconvert import HTMLExporter

    t = time.perf_counter()
    write_snapshot(open_run(2023, SHIPPED_DATA_DIR, report=True), tmp / "snap")
    nb = with_parameters(combine_notebooks(report_notebooks()), year=2023, data=str(SHIPPED_DATA_DIR), report=True,
                         snapshot=str(tmp / "snap"))
    execute_notebook(nb, cwd=ROOT / "notebooks", progress=False)
    body, _ = HTMLExporter().from_notebook_node(nb)
    (tmp / "bare.html").write_text(body, encoding="utf-8")
    return time.perf_counter() - t


def build(tmp: Path, *, png: bool, pdf: bool = False) -> float:
    t = time.perf_counter()
    build_report(2023, out=tmp / "reports", edition="2023-12-31", png=png, pdf=pdf, progress=False, replace=True)
    return time.perf_counter() - t


def first_chart_ms(html: Path, loads: int = 5) -> list[float]:
    times = []
    with offline_page() as (page, log):
        for _ in range(loads):
            page.goto(html.as_uri())
            page.wait_for_function("typeof window.taicangFirstChartMs === 'number'", timeout=30_000)
            times.append(page.evaluate("window.taicangFirstChartMs"))
    assert not log["outside"] and not log["console_errors"], log
    return times


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bare_t, build_t, html_only_t, pdf_t = [], [], [], []
        for _ in range(3):  # interleaved, best of 3: the machine's other load hits all alike
            bare_t.append(bare(tmp))
            build_t.append(build(tmp, png=True))
            html_only_t.append(build(tmp, png=False))
            pdf_t.append(build(tmp, png=True, pdf=True))
        html = tmp / "reports" / "index.html"
        pngs = sorted((tmp / "reports" / "charts").glob("*.png"))
        size_mb = html.stat().st_size / 1e6
        first = first_chart_ms(html)
    ratio = min(build_t) / min(bare_t)
    med = statistics.median(first)
    print(f"report size         {size_mb:6.2f} MB  limit {LIMIT_MB} MB  ({LIMIT_MB / size_mb:.1f}x under)")
    print(f"first chart drawn   {med:6.0f} ms  limit {LIMIT_FIRST_MS:.0f} ms (median of {len(first)} loads: "
          f"{', '.join(f'{x:.0f}' for x in first)})")
    print(f"bare execute+export {min(bare_t):6.2f} s")
    print(f"build, with {len(pngs)} PNGs {min(build_t):6.2f} s   ratio {ratio:.2f}x  limit {LIMIT_RATIO}x")
    print(f"build, no PNGs      {min(html_only_t):6.2f} s   ratio {min(html_only_t) / min(bare_t):.2f}x")
    print(f"build, PNGs and PDF {min(pdf_t):6.2f} s   ratio {min(pdf_t) / min(bare_t):.2f}x (the PDF is extra work)")
    ok = size_mb <= LIMIT_MB and med <= LIMIT_FIRST_MS and ratio <= LIMIT_RATIO
    print("all within limits" if ok else "OVER a limit")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

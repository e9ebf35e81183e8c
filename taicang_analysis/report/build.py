"""Build the leadership report: execute the notebooks, export one self-contained HTML file.

The notebooks in ``notebooks/`` named ``NN_*.ipynb`` are joined in order (overview first, sources
appendix last) and executed in one kernel with ``TAICANG_REPORT=1``; the result is exported with
nbconvert's bare ``basic`` template (code hidden) inside our own page: Chinese title, edition
date, data vintage, plotly.js embedded once, no request to any outside host. Beside
``index.html`` go a PNG (plotly.js's ``toImage`` in Debian's chromium, see :class:`PngRenderer`)
and a CSV of each chart's data.

Reliability: a failing cell stops the build with the notebook's name and the cell's number; the
previous report stays untouched (everything is written to a temporary folder and moved into
place at the end). Two builds from the same inputs and edition date give the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import queue
import re
import shutil
import tempfile
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import nbformat
import plotly

from taicang_analysis.context import NOTEBOOK_DIR, data_dir
from taicang_analysis.notebook.formats import esc

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: records when the first chart is drawn (ms since navigation), read by the browser test/benchmark
FIRST_CHART_PROBE = (
    "new MutationObserver(function(m, o) { if (document.querySelector('.plotly-graph-div .main-svg'))"
    " { window.taicangFirstChartMs = performance.now(); o.disconnect(); } })"
    ".observe(document.documentElement, {childList: true, subtree: true});"
)
REPORT_TITLE = "太仓市{year}年政府工作报告主要目标进展"


class ReportBuildError(RuntimeError):
    """The build stopped: names the notebook and the cell that failed."""


def report_notebooks(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """The notebooks that make the report, in order (``00_overview`` … ``99_sources``).

    Examples
    --------
    >>> [p.name for p in report_notebooks()][:1]
    ['00_overview.ipynb']
    """
    folder = Path(folder or NOTEBOOK_DIR)
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def combine_notebooks(paths: Sequence[Path]) -> nbformat.NotebookNode:
    """One notebook from many; each cell remembers where it came from (for error messages)."""
    combined = nbformat.v4.new_notebook()
    combined.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells, start=1):
            cell = nbformat.from_dict(dict(cell))
            cell.metadata["taicang"] = {"notebook": path.name, "cell": i}
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
            combined.cells.append(cell)
    return combined


@contextmanager
def _environment(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def execute_notebook(
    nb: nbformat.NotebookNode,
    *,
    cwd: Path,
    env: dict[str, str],
    progress: bool = True,
    timeout: int = 600,
) -> nbformat.NotebookNode:
    """Execute in one kernel; on error raise :class:`ReportBuildError` naming notebook and cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=code_cells, desc="执行笔记本 executing", unit="cell")
    current: dict[str, object] = {}

    def on_cell_start(cell, cell_index, **_):
        current["cell"] = cell

    def on_cell_executed(**_):
        if bar is not None:
            bar.update(1)

    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
        on_cell_start=on_cell_start, on_cell_executed=on_cell_executed,
        store_widget_state=False,
        # the kernel's start-up warnings (e.g. "running over TCP") are noise on the build's screen
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    try:
        with _environment(**env):
            client.execute()
    except CellExecutionError as exc:
        cell = current.get("cell")
        where = cell.metadata.get("taicang", {}) if cell is not None else {}
        first = str(exc).strip().splitlines()
        last = _ANSI.sub("", next((ln for ln in reversed(first) if ln.strip()), ""))
        raise ReportBuildError(
            f"笔记本 {where.get('notebook', '?')} 第{where.get('cell', '?')}个单元格出错 "
            f"(notebook {where.get('notebook', '?')}, cell {where.get('cell', '?')}): "
            f"{last}"
        ) from None
    except (RuntimeError, OSError, TimeoutError) as exc:  # the kernel itself failed to start or died
        raise ReportBuildError(f"内核出错 (kernel failed): {type(exc).__name__}: {exc}") from exc
    finally:
        if bar is not None:
            bar.close()
    return nb


def export_body(nb: nbformat.NotebookNode) -> str:
    """The notebook's outputs and prose as HTML, code hidden, with nbconvert's bare template."""
    from nbconvert import HTMLExporter

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            # streams (prints, warnings) are for the analyst, not for leadership
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "stream"]
    exporter = HTMLExporter(template_name="basic", exclude_input=True, anchor_link_text="",
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


VENDORED_PLOTLY = "4.1.1"


def plotly_bundle() -> Path:
    """plotly.js to embed: the vendored basic bundle (1.2 MB: scatter, bar, pie and all layout
    components) when plotly.py draws for the same plotly.js version, else plotly.py's full one.

    Examples
    --------
    >>> plotly_bundle().name
    'plotly-basic-4.1.1.min.js'
    """
    from plotly.offline import get_plotlyjs_version

    if get_plotlyjs_version() == VENDORED_PLOTLY:
        return Path(str(resources.files("taicang_analysis.report").joinpath(
            f"vendor/plotly-basic-{VENDORED_PLOTLY}.min.js")))
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def page(body: str, *, title: str, edition: str, vintage: str) -> str:
    """The whole self-contained page around the exported body."""
    css = resources.files("taicang_analysis.report").joinpath("templates/report.css").read_text("utf-8")
    plotly_js = plotly_bundle().read_text(encoding="utf-8")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{css}</style>\n"
        f"<script type=\"text/javascript\">{FIRST_CHART_PROBE}</script>\n"
        f"<script type=\"text/javascript\">{plotly_js}</script>\n</head>\n<body>\n"
        f"<header class=\"report\"><h1>{esc(title)}</h1>"
        f"<p>编印日期 Edition: {esc(edition)}</p><p>数据截至 Data vintage: {esc(vintage)}</p>"
        "</header>\n<main>\n" + body + "\n</main>\n</body>\n</html>\n"
    )


def data_vintage(data: str | os.PathLike[str] | None = None) -> str:
    """Latest period among the figures in use, and the latest monthly report if any.

    Examples
    --------
    >>> data_vintage().startswith("公开数据最新至")
    True
    """
    from taicang_analysis.sources.figures import load_figures

    figures = load_figures(data)
    actual = figures.filter(figures["status"] != "target")
    latest = actual.sort("year", "month", nulls_last=False)["period"].to_list()[-1]
    text = f"公开数据最新至 {latest}"
    mine = figures.filter(figures["origin"] == "analyst")
    if mine.height:
        text += f"; 分析员月报 {max(mine['source_date'].to_list())}"
    return text


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class PngRenderer:
    """PNG of each chart with plotly.js's own ``Plotly.toImage`` in headless Debian chromium.

    This is what kaleido does, minus its per-figure page set-up: Chromium is started (through
    Playwright, never ``playwright install``) in a background thread *while the notebooks
    execute*, loads the embedded plotly.js once, draws a Chinese warm-up chart so the CJK fonts
    are loaded, then turns each chart's JSON into a PNG. No request leaves the page.
    """

    def __init__(self, watch: Path, *, width: int = 1000, height: int = 500) -> None:
        self.watch = watch
        self.width, self.height = width, height
        self.error: BaseException | None = None
        self.written: list[Path] = []
        self._queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="png-renderer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from playwright.sync_api import sync_playwright

            if not Path(CHROMIUM).exists():
                raise FileNotFoundError(f"{CHROMIUM} (Debian chromium) not installed: run `make setup`, "
                                        "or build with --no-png")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page()
                    page.route("**/*", lambda route: route.abort())
                    page.set_content("<html><head><meta charset='utf-8'></head><body></body></html>")
                    page.add_script_tag(content=plotly_bundle().read_text(encoding="utf-8"))
                    self._to_png(page, {"data": [{"y": [1, 2]}], "layout": {"title": {"text": "预热 中文"}}},
                                 None)
                    done: set[Path] = set()
                    while True:
                        try:
                            last = self._queue.get(timeout=0.1) == "finish"
                        except queue.Empty:
                            last = False
                        # charts appear while the notebooks execute: render them as they come
                        for path in sorted(self.watch.glob("*.json")) if self.watch.exists() else []:
                            if path not in done:
                                done.add(path)
                                fig = json.loads(path.read_text(encoding="utf-8"))
                                self._to_png(page, fig, path.with_suffix(".png"))
                        if last or self._stop.is_set():
                            break
                finally:
                    browser.close()
        except BaseException as exc:  # reported by finish()
            self.error = exc

    def _to_png(self, page, fig: dict, out: Path | None) -> None:
        url = page.evaluate(
            "([fig, w, h]) => Plotly.toImage({data: fig.data, layout: fig.layout},"
            " {format: 'png', width: w, height: h})",
            [fig, self.width, self.height],
        )
        if out is not None:
            out.write_bytes(base64.b64decode(url.split(",", 1)[1]))
            self.written.append(out)

    def finish(self) -> list[Path]:
        """Render the charts not yet rendered, stop Chromium, return the PNG paths."""
        self._queue.put("finish")
        self._thread.join(timeout=600)
        if self.error is not None:
            raise ReportBuildError(f"PNG 导出失败 (PNG export failed): {self.error}") from self.error
        return self.written

    def cancel(self) -> None:
        """Stop without rendering the rest (the build failed)."""
        self._stop.set()
        self._queue.put("finish")
        self._thread.join(timeout=60)


def build_report(
    year: int = 2023,
    *,
    data: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] = "reports",
    edition: str | None = None,
    notebooks: Sequence[Path] | None = None,
    png: bool = True,
    progress: bool = True,
) -> Path:
    """Execute the notebooks on ``data`` and write ``out/index.html`` with charts beside it.

    Returns the path of ``index.html``. On failure raises :class:`ReportBuildError` and leaves
    ``out`` as it was.
    """
    out = Path(out)
    data_path = data_dir(data).resolve()
    edition = edition or dt.date.today().isoformat()
    paths = list(notebooks) if notebooks is not None else report_notebooks()
    if not paths:
        raise ReportBuildError("没有找到笔记本 (no notebooks NN_*.ipynb found)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out.parent)).resolve()
    assets = staging / "charts"
    renderer = PngRenderer(assets) if png else None  # Chromium renders while the notebooks execute
    try:
        nb = combine_notebooks(paths)
        execute_notebook(
            nb, cwd=paths[0].parent, progress=progress,
            env={"TAICANG_REPORT": "1", "TAICANG_DATA": str(data_path),
                 "TAICANG_YEAR": str(year), "TAICANG_ASSETS": str(assets),
                 "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        )
        html = page(export_body(nb), title=REPORT_TITLE.format(year=year), edition=edition,
                    vintage=data_vintage(data_path))
        (staging / "index.html").write_text(html, encoding="utf-8")
        if renderer is not None:
            renderer.finish()
            renderer = None
        for stale in assets.glob("*.json") if assets.exists() else []:
            stale.unlink()
        out.mkdir(parents=True, exist_ok=True)
        for item in sorted(staging.rglob("*")):
            if item.is_file():
                target = out / item.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(item, target)
    finally:
        if renderer is not None:
            renderer.cancel()
        shutil.rmtree(staging, ignore_errors=True)
    return out / "index.html"

"""Build the leadership report: one data snapshot, the notebooks executed in one kernel, one
self-contained HTML page, its PDF, a PNG and a CSV of each chart, and the edition's facts.

Order of work (each step stops the build with one clear Chinese message, and the previous report
stays as it was — everything is written into a staging folder beside ``--out`` and swapped into
place whole at the end):

1. the output folder is checked (not a file, writable, enough space);
2. the run is built once (:func:`taicang_analysis.run.open_run`: every input file parsed once) and
   written as a snapshot; a file that fails validation stops the build naming the file, row,
   column and value;
3. the notebooks whose targets the year's registry holds (and those marked ``always``) are joined
   in order, given their parameters in one injected cell (papermill's ``injected-parameters``,
   recorded in ``metadata.papermill.parameters``) and executed in one kernel that reads only the
   snapshot; the executed notebook is kept as ``run/report.ipynb``;
4. the page is assembled (:mod:`taicang_analysis.report.page`), with 「本期变化」 against the last
   edition (:mod:`taicang_analysis.report.editions`);
5. one headless browser (found by :func:`taicang_analysis.report.export.find_browser`, started while
   the notebooks execute) is handed the page and the chart JSONs the kernel wrote into the run's
   assets folder: it draws the PNGs (2×) and the PDF (:mod:`taicang_analysis.report.export`); without
   a browser the HTML is still built and a note says how to get the rest;
6. the editable brief ``brief.docx`` (:mod:`taicang_analysis.report.brief`) from the same frames.

The builder never changes its own environment: the kernel learns the run from the injected cell.

Two builds from the same inputs and edition date give the same HTML bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import nbformat

from taicang_analysis.context import NOTEBOOK_DIR, current
from taicang_analysis.errors import DataFileError
from taicang_analysis.notebook.formats import clip, fmt_date, fmt_period
from taicang_analysis.report import editions
from taicang_analysis.report.page import page, split_brief

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: free space the build needs beside the output folder (the report, PNGs and PDF are ~10 MB)
MIN_FREE_BYTES = 50 * 1024 * 1024
#: papermill's tag of a notebook's parameters cell
PARAMETERS_TAG = "parameters"


class ReportBuildError(RuntimeError):
    """The build stopped; the message says why in Chinese (notebook and cell, or data file and row)."""


class OutputFolderError(ReportBuildError):
    """The output folder cannot take the report (checked before anything runs; exit code 2)."""


def report_notebooks(folder: str | os.PathLike[str] | None = None, *, target_ids: Sequence[str] | None = None
                     ) -> list[Path]:
    """The notebooks that make the report, in order (``00_overview`` … ``99_sources``): with
    ``target_ids``, only those about a target of the year (or marked ``always`` in their metadata).

    Examples
    --------
    >>> [p.name for p in report_notebooks()][:1]
    ['00_overview.ipynb']
    >>> [p.name for p in report_notebooks(target_ids=["fai_level"])]
    ['00_overview.ipynb', '12_foreign_investment.ipynb', '14_fixed_asset_investment.ipynb', '20_peers.ipynb', '99_sources.ipynb']
    """
    folder = Path(folder or NOTEBOOK_DIR)
    found = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if target_ids is None:
        return found
    keep = []
    for path in found:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("taicang", {})
        if meta.get("always") or set(meta.get("targets", [])) & set(target_ids):
            keep.append(path)
    return keep


def combine_notebooks(paths: Sequence[Path]) -> nbformat.NotebookNode:
    """One notebook from many; each cell remembers where it came from (for error messages).

    The first cell tagged ``parameters`` is kept, the others are left out: the combined notebook
    has one parameters cell, and the injected values reach every part.
    """
    combined = nbformat.v4.new_notebook()
    combined.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    has_parameters = False
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells, start=1):
            cell = nbformat.from_dict(dict(cell))
            if PARAMETERS_TAG in cell.metadata.get("tags", []):
                if has_parameters:
                    continue
                has_parameters = True
            cell.metadata["taicang"] = {"notebook": path.name, "cell": i}
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
            combined.cells.append(cell)
    return combined


def with_parameters(nb: nbformat.NotebookNode, **parameters: object) -> nbformat.NotebookNode:
    """The notebook with ``parameters`` in a cell tagged ``injected-parameters`` after its cell
    tagged ``parameters``, and recorded in ``metadata.papermill.parameters`` (papermill's own
    :func:`~papermill.parameterize.parameterize_notebook`).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
    ...                                                       "language": "python"}})
    >>> nb.cells = [nbformat.v4.new_code_cell("year = None", metadata={"tags": ["parameters"]}),
    ...             nbformat.v4.new_code_cell("print(year)")]
    >>> done = with_parameters(nb, year=2021)
    >>> done.cells[1].metadata.tags, done.cells[1].source.splitlines()[-1], done.metadata.papermill.parameters
    (['injected-parameters'], 'year = 2021', {'year': 2021})
    """
    from papermill.parameterize import parameterize_notebook

    for cell in nb.cells:  # papermill reads every cell's tags and its own metadata (its loader adds them)
        cell.metadata.setdefault("tags", [])
    nb.metadata.setdefault("papermill", nbformat.NotebookNode())
    done = parameterize_notebook(nb, parameters, kernel_name="python3", language="python",
                                 comment="注入的参数 (报告生成程序或 make lab 填写)")
    for i, cell in enumerate(done.cells):
        if "injected-parameters" in cell.metadata.tags:
            cell.id = "injected-parameters"  # papermill's is random: two builds must give the same bytes
            if i and "taicang" in done.cells[i - 1].metadata:  # it belongs to the parameters cell's notebook
                cell.metadata["taicang"] = dict(done.cells[i - 1].metadata["taicang"])
    return done


def prepare_notebooks(out: str | os.PathLike[str], *, year: int | None = None,
                      data: str | os.PathLike[str] | None = None,
                      folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Copies of the notebooks with ``year`` and ``data`` injected (papermill's prepare-only), in
    ``out``: what ``make lab YEAR=2021 DATA=…`` opens. Each copy records its parameters.

    Examples
    --------
    >>> import tempfile
    >>> made = prepare_notebooks(tempfile.mkdtemp(), year=2021)
    >>> book = nbformat.read(made[0], as_version=4)
    >>> book.metadata.papermill.parameters, "year = 2021" in book.cells[[
    ...     "injected-parameters" in c.metadata.get("tags", []) for c in book.cells].index(True)].source
    ({'year': 2021}, True)
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    parameters: dict[str, object] = {}
    if year is not None:
        parameters["year"] = int(year)
    if data is not None:
        parameters["data"] = str(Path(data).resolve())
    made = []
    for path in report_notebooks(folder):
        book = with_parameters(nbformat.read(path, as_version=4), **parameters)
        nbformat.write(book, out / path.name)
        made.append(out / path.name)
    return made


def execute_notebook(
    nb: nbformat.NotebookNode,
    *,
    cwd: Path,
    progress: bool = True,
    timeout: int = 600,
    after_cell: Callable[[], None] | None = None,
) -> nbformat.NotebookNode:
    """Execute in one kernel; on error raise :class:`ReportBuildError` naming notebook and cell.

    The kernel's environment is the builder's, unchanged (plus a switch that quiets the debugger's
    start-up warning); what the run is comes from the notebook's parameters cell.

    ``after_cell`` is called after each code cell (the builder hands the charts it wrote on).
    """
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
        if after_cell is not None:
            after_cell()

    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
        on_cell_start=on_cell_start, on_cell_executed=on_cell_executed,
        store_widget_state=False,
        # the kernel's start-up warnings (e.g. "running over TCP") are noise on the build's screen
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    try:
        client.execute(env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
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
            # only what a cell displays on purpose: no prints, no warnings, no value reprs
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "display_data"]
    # a cell that shows nothing leaves no empty box (which would come between a heading and its
    # content on paper)
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.outputs]
    exporter = HTMLExporter(template_name="basic", exclude_input=True, anchor_link_text="",
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    body = re.sub(r"<a class=\"anchor-link\"[^>]*>.*?</a>", "", body, flags=re.S)
    # nbconvert gives markdown headings ids of their own; keep the page's anchors ours
    return body


def check_out_folder(out: Path) -> None:
    """Stop before any work when ``out`` cannot take the report.

    Raises
    ------
    OutputFolderError
        ``out`` is a file, its folder is not writable, or there is not enough free space.
    """
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"输出位置 {out} 是一个文件, 不是文件夹; 请换一个 --out 或删除该文件。")
    parent = out.resolve().parent
    if not parent.exists():
        raise OutputFolderError(f"输出位置的上级文件夹 {parent} 不存在; 请先建立它, 或换一个 --out。")
    for folder in (parent, out) if out.exists() else (parent,):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputFolderError(f"没有写入 {folder} 的权限; 请换一个 --out, 或请管理员开放权限。")
    free = shutil.disk_usage(parent).free
    if free < MIN_FREE_BYTES:
        raise OutputFolderError(f"{parent} 所在磁盘只剩 {free // (1024 * 1024)} MB, 生成报告至少需要 "
                                f"{MIN_FREE_BYTES // (1024 * 1024)} MB; 请清理磁盘或换一个 --out。")


def data_vintage(figures, *, year: int) -> str:
    """The edition's data vintage in words: the latest period among the figures up to the report's
    year, and the date of the latest monthly report used.

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"release": ["final"], "year": [2023], "month": [4], "period_type": ["ytd"],
    ...                   "origin": ["analyst"], "source_date": ["2023-05-20"]})
    >>> data_vintage(f, year=2023)
    '公开数据最新至2023年1-4月; 分析员月报2023年5月20日'
    >>> data_vintage(f.with_columns(source_date=pl.lit(None, pl.String)), year=2023)  # no sidecar: no crash
    '公开数据最新至2023年1-4月; 部分月报来源说明缺失 (无发布日期)'
    """
    import polars as pl

    actual = figures.filter(pl.col("release") != "target", pl.col("year") <= year,
                            pl.col("period_type").is_in(["year", "ytd"]))
    if actual.is_empty():
        return "暂无数据"
    last = actual.sort("year", "month", nulls_last=False).row(-1, named=True)
    text = f"公开数据最新至{fmt_period(last['year'], last['month'], last['period_type'])}"
    mine = figures.filter(pl.col("origin") == "analyst")
    dates = [d for d in mine["source_date"].to_list() if d] if mine.height else []
    if dates:
        text += f"; 分析员月报{fmt_date(max(dates))}"
    if mine.height and mine["source_date"].null_count():  # a bureau table read without its .source.txt
        text += "; 部分月报来源说明缺失 (无发布日期)"
    return text


def taicang_ranks(figures, *, year: int) -> list[dict]:
    """Taicang's rank among Suzhou's places in the year's latest month, per indicator and measure
    (from the bureau's places × indicators tables), for 「本期变化」's rank changes."""
    from taicang_analysis.peers import peer_sections, peer_table
    from taicang_analysis.vocabulary import zh

    out = []
    for indicator, measure, y in peer_sections(figures, year, period_type="ytd"):
        if y != year:
            continue
        table = peer_table(figures, indicator=indicator, measure=measure, year=y, period_type="ytd")
        mine = table.filter(table["is_taicang"] & table["rank"].is_not_null())
        if mine.height:
            r = mine.row(0, named=True)
            out.append({"indicator": indicator, "measure": measure, "rank": r["rank"], "rank_of": r["rank_of"],
                        "label": f"{r['indicator_zh']}{zh('measure', measure)}"})
    return out


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` as a whole (the old folder is moved aside, then removed)."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=".report-old-", dir=out.resolve().parent))
        old.rmdir()
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        if old is not None:
            os.replace(old, out)  # put the previous report back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


#: a staging folder's mark: the id of the build process writing it
STAGING_PID = ".build-pid"


def remove_stale_staging(parent: Path) -> list[Path]:
    """Remove the staging folders (``.report-*``) a killed build left in ``parent``: those whose
    build process is gone. A folder of a build still running is left alone.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); left = d / ".report-x"; left.mkdir()
    >>> _ = (left / STAGING_PID).write_text("999999999", encoding="ascii")
    >>> [p.name for p in remove_stale_staging(d)], left.exists()
    (['.report-x'], False)
    """
    removed = []
    for folder in sorted(parent.glob(".report-*")) if parent.is_dir() else []:
        mark = folder / STAGING_PID
        try:
            pid = int(mark.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not a staging folder this code marked: not ours to remove
        try:
            os.kill(pid, 0)
            continue  # still building
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def early_edition(panel, edition: str) -> str | None:
    """The monthly file whose ``date:`` is after the edition's date, in words; None if none is.

    Examples
    --------
    >>> import polars as pl
    >>> p = pl.DataFrame({"source_file": ["m.csv"], "report_date": ["2023-05-20"]})
    >>> early_edition(p, "2023-05-01"), early_edition(p, "2023-05-20")
    ('月报 m.csv 的日期 2023-05-20', None)
    """
    dated = [r for r in panel.select("source_file", "report_date").iter_rows(named=True) if r["report_date"]]
    late = max(dated, key=lambda r: r["report_date"], default=None)
    if late is None or late["report_date"] <= edition:
        return None
    return f"月报 {late['source_file']} 的日期 {late['report_date']}"


def build_report(
    year: int | None = None,
    *,
    data: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] = "reports",
    edition: str | None = None,
    notebooks: Sequence[Path] | None = None,
    png: bool = True,
    pdf: bool = True,
    progress: bool = True,
    replace: bool = False,
    docx: bool = True,
    browser: str | os.PathLike[str] | None = None,
    notes: list[str] | None = None,
    allow_early_edition: bool = False,
) -> Path:
    """Build the report of ``year`` from ``data`` into ``out`` (see the module); return ``index.html``.

    ``browser`` names the browser program for the PNGs and the PDF (else :func:`find_browser` looks);
    when none is found the rest is built and a sentence saying how to get them is appended to
    ``notes``.

    Raises
    ------
    OutputFolderError
        ``out`` cannot take the report (nothing was run).
    ReportBuildError
        A data file failed validation, a notebook cell failed, Chromium failed, the edition exists
        with other inputs, or the edition's date is earlier than a monthly file's ``date:`` (unless
        ``allow_early_edition``: then the page says so); ``out`` is as it was.
    """
    from taicang_analysis.assess import scorecard
    from taicang_analysis.report.export import BrowserNotFound, ExportError, ExportSession, find_browser
    from taicang_analysis.run import open_run, write_snapshot

    out = Path(out)
    check_out_folder(out)
    ctx = current(year=year, data=data)
    data_path = ctx.data_dir.resolve()
    edition = edition or dt.date.today().isoformat()
    remove_stale_staging(out.resolve().parent)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out.resolve().parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the report folder is for readers
    (staging / STAGING_PID).write_text(str(os.getpid()), encoding="ascii")
    session = None
    try:
        snap = staging / ".snapshot"
        try:
            run = open_run(ctx.year, data_path, report=True)
            write_snapshot(run, snap)
        except DataFileError as exc:
            raise ReportBuildError(f"数据文件未通过校验, 报告未生成: {clip(str(exc), 600)}") from None
        except (OSError, ValueError) as exc:
            raise ReportBuildError(f"读取数据时出错, 报告未生成: {clip(str(exc), 600)}") from None
        import polars as pl

        targets, figures = run.targets, run.figures
        early = early_edition(run.panel, edition)
        if early and not allow_early_edition:
            raise ReportBuildError(f"版次日期 {edition} 早于{early}: 一份报告不能早于它所用的数据。"
                                   "请改正 --edition, 或确认后加 --allow-early-edition (页面会注明)")
        paths = list(notebooks) if notebooks is not None else report_notebooks(target_ids=targets["id"].to_list())
        if not paths:
            raise ReportBuildError("没有找到笔记本 notebooks/NN_*.ipynb")
        if png or pdf:
            try:  # the browser starts while the notebooks execute
                session = ExportSession(find_browser(browser))
            except BrowserNotFound as exc:
                if browser:  # named on purpose: a wrong name stops the build
                    raise ReportBuildError(str(exc)) from None
                (notes if notes is not None else []).append(str(exc))
        nb = with_parameters(combine_notebooks(paths), year=run.year, data=str(data_path), report=True,
                             assets=str(staging / "charts"), snapshot=str(snap))
        charts_dir = staging / "charts"
        # each chart the kernel wrote goes to the browser as soon as its cell has run: PNGs are drawn
        # while the next cells execute
        hand_over = ((lambda: session.add_charts(sorted(charts_dir.glob("*.json")) if charts_dir.exists() else []))
                     if session is not None and png else None)
        execute_notebook(nb, cwd=paths[0].parent, progress=progress, after_cell=hand_over)
        (staging / "run").mkdir()
        nbformat.write(nb, staging / "run" / "report.ipynb")
        card = scorecard(ctx.year, data_path, targets=targets, figures=figures).join(
            targets.select("id", pl.col("indicator_zh").alias("name")), on="id", how="left")
        facts = editions.edition_facts(figures, card, year=ctx.year, edition=edition,
                                       digest=editions.inputs_hash(figures, targets),
                                       ranks=taicang_ranks(figures, year=ctx.year))
        book = staging / "editions"
        if (out / "editions").is_dir():
            shutil.copytree(out / "editions", book)
        try:
            editions.write_edition(book, facts, replace=replace)
        except editions.EditionError as exc:
            raise ReportBuildError(str(exc)) from None
        before = editions.previous_edition(book, edition, year=ctx.year)
        names = dict(zip(targets["id"].to_list(), targets["indicator_zh"].to_list(), strict=True))
        changed = editions.changes_html(None if before is None else editions.changes(before, facts), names)
        body = export_body(nb)
        html = page(body, year=ctx.year, edition=fmt_date(edition),
                    vintage=data_vintage(figures, year=ctx.year)
                    + (f"; 注意: 版次日期早于{early} (按 --allow-early-edition 生成)" if early else ""),
                    changes=changed)
        (staging / STAGING_PID).unlink(missing_ok=True)
        (staging / "index.html").write_text(html, encoding="utf-8")
        charts = sorted((staging / "charts").glob("*.json")) if (staging / "charts").exists() else []
        printing = None
        if session is not None:
            try:  # the charts the kernel wrote, handed over: every PNG; then the PDF prints in the
                # browser while the Word brief is written here
                session.export(staging / "index.html", charts=charts if png else [])
                if pdf:
                    printing = session.start_pdf(
                        staging / "index.html", staging / "index.pdf",
                        footer=f"太仓市{ctx.year}年政府工作报告主要目标进展 · 编印日期 {fmt_date(edition)}")
            except ExportError as exc:
                raise ReportBuildError(str(exc)) from None
        if docx:
            from taicang_analysis.report.brief import write_brief

            brief, _ = split_brief(body)
            write_brief(staging / "brief.docx", brief_html=brief, body_html=body, card=card, year=ctx.year,
                        edition=fmt_date(edition), vintage=data_vintage(figures, year=ctx.year),
                        changes=None if before is None else editions.change_lines(editions.changes(before, facts), names),
                        charts=staging / "charts", edition_date=edition)
        if printing is not None:
            try:
                printing.result(timeout=900)
            except Exception as exc:  # noqa: BLE001 - any failure of the browser's print job
                why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ReportBuildError(f"PDF 导出失败 (浏览器 {session.browser}): {why}") from None
        if session is not None:
            session.close()
            session = None
        for stale in charts:
            stale.unlink()
        shutil.rmtree(snap, ignore_errors=True)
        _swap_into_place(staging, out)
    finally:
        if session is not None:
            session.close()
        shutil.rmtree(staging, ignore_errors=True)
    return out / "index.html"

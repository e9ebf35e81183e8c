"""One data snapshot per build: the data are read and validated once, and everything reads that.

The report builder loads the figures (published and the analysts' monthly files), the target
registry and the catalogue once, validates them, and writes them as Parquet files into the build's
staging folder; the kernel that executes the notebooks gets the folder as ``TAICANG_SNAPSHOT``
(:mod:`taicang_analysis.context`). A file dropped into ``data/`` during the build is then in no
part of that edition. In Lab (no snapshot) the same calls read the data folder, once per call.

Examples
--------
>>> import tempfile
>>> from taicang_analysis.context import use
>>> with tempfile.TemporaryDirectory() as d:
...     _ = write_snapshot(Path(d), year=2023)
...     with use(snapshot=Path(d)):
...         int(figures().filter(pl.col("figure_id") == "b1-r002")["value"].item() * 10)
86
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from taicang_analysis.context import current

FILES = {"figures": "figures.parquet", "targets": "targets.parquet", "monthly": "monthly_files.parquet",
         "refusals": "refusals.parquet", "conflicts": "conflicts.parquet", "checks": "month_checks.parquet",
         "panel": "monthly_panel.parquet"}
#: the bureau's month checks that speak of the data themselves (a missing month in a hand-kept file is not one)
CHECK_KINDS = ("month_vs_ytd", "base")


def enrich(figures: pl.DataFrame) -> pl.DataFrame:
    """The run's figures: conflicts flagged (:func:`taicang_analysis.consistency.apply_flags`:
    reliability ``doubtful`` and a ``flag`` reason), then the derived values added
    (:func:`taicang_analysis.derive.derive_figures`, release ``derived`` with formula and inputs).

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> f = enrich(load_figures())
    >>> f.filter(pl.col("release") == "derived", pl.col("indicator") == "fai", pl.col("period") == "2023")["value"].item()
    553.5
    """
    from taicang_analysis.consistency import apply_flags
    from taicang_analysis.derive import derive_figures

    flagged = apply_flags(figures)
    return pl.concat([flagged, derive_figures(flagged)], how="diagonal_relaxed")


def load_run_figures(data: Path | None = None) -> pl.DataFrame:
    """Read the figures of a data folder and :func:`enrich` them."""
    from taicang_analysis.sources.figures import load_figures

    return enrich(load_figures(current(data=data).data_dir))


def write_snapshot(folder: Path, *, year: int, data: Path | None = None) -> dict[str, object]:
    """Read and validate the data once and write them to ``folder``; return a summary.

    Raises
    ------
    DataFileError
        A file failed validation (the build stops before any notebook runs).
    """
    from taicang_analysis.consistency import conflicts
    from taicang_analysis.derive import derive_refusals
    from taicang_analysis.sources.figures import load_figures
    from taicang_analysis.sources.month_checks import month_checks
    from taicang_analysis.sources.monthly import read_monthly
    from taicang_analysis.sources.targets import load_targets

    ctx = current(year=year, data=data)
    folder.mkdir(parents=True, exist_ok=True)
    read = read_monthly(ctx.data_dir)  # one pass over the monthly folder: panel and inventory
    panel = read.checked()
    panel.write_parquet(folder / FILES["panel"])
    checks = month_checks(panel, data=ctx.data_dir) if panel.height else None
    if checks is not None:
        checks.filter(pl.col("check").is_in(CHECK_KINDS)).write_parquet(folder / FILES["checks"])
    raw = load_figures(ctx.data_dir, panel=panel)
    figs = enrich(raw)
    derive_refusals(figs).write_parquet(folder / FILES["refusals"])
    conflicts(raw).write_parquet(folder / FILES["conflicts"])
    targets = load_targets(ctx.year, ctx.data_dir)
    figs.write_parquet(folder / FILES["figures"])
    targets.write_parquet(folder / FILES["targets"])
    files = read.inventory
    files.write_parquet(folder / FILES["monthly"])
    summary = {"year": ctx.year, "data_dir": str(ctx.data_dir), "figures": figs.height,
               "targets": targets.height, "files": files.height}
    (folder / "snapshot.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return summary


def figures() -> pl.DataFrame:
    """The figures of this run: the build's snapshot, or the data folder read now."""
    ctx = current()
    if ctx.snapshot is not None:
        return pl.read_parquet(ctx.snapshot / FILES["figures"])
    return load_run_figures(ctx.data_dir)


def month_check_warnings() -> pl.DataFrame | None:
    """The bureau's month checks of this run's files (本月 against cumulative levels; last year's
    level implied by growth against last year's table), or None when there is nothing to check."""
    ctx = current()
    if ctx.snapshot is not None:
        path = ctx.snapshot / FILES["checks"]
        return pl.read_parquet(path) if path.exists() else None
    from taicang_analysis.sources.month_checks import month_checks
    from taicang_analysis.sources.monthly import load_monthly

    panel = load_monthly(ctx.data_dir)
    return month_checks(panel, data=ctx.data_dir).filter(pl.col("check").is_in(CHECK_KINDS)) if panel.height else None


def refusals() -> pl.DataFrame:
    """What was not derived, and why (the methods appendix)."""
    ctx = current()
    if ctx.snapshot is not None:
        return pl.read_parquet(ctx.snapshot / FILES["refusals"])
    from taicang_analysis.derive import derive_refusals

    return derive_refusals(figures())


def conflicts() -> pl.DataFrame:
    """Every conflict flag, with its rule and reason (the methods appendix)."""
    ctx = current()
    if ctx.snapshot is not None:
        return pl.read_parquet(ctx.snapshot / FILES["conflicts"])
    from taicang_analysis.consistency import conflicts as find
    from taicang_analysis.sources.figures import load_figures

    return find(load_figures(ctx.data_dir))


def targets() -> pl.DataFrame:
    """The target registry of this run's year (snapshot or data folder)."""
    ctx = current()
    if ctx.snapshot is not None:
        return pl.read_parquet(ctx.snapshot / FILES["targets"])
    from taicang_analysis.sources.targets import load_targets

    return load_targets(ctx.year, ctx.data_dir)


def monthly_panel() -> pl.DataFrame:
    """The merged monthly panel of this run: every cell with its sources, conflict, flag and
    accepted reason (snapshot or data folder). In Lab a folder with a failing file gives an empty
    panel here: the failure is the inventory's (未通过校验) and the notebook's first message."""
    ctx = current()
    if ctx.snapshot is not None and (ctx.snapshot / FILES["panel"]).exists():
        return pl.read_parquet(ctx.snapshot / FILES["panel"])
    from taicang_analysis.sources.monthly import read_monthly

    return read_monthly(ctx.data_dir).panel


def monthly_files() -> pl.DataFrame:
    """Every monthly file read or skipped, with the reason (snapshot or data folder)."""
    ctx = current()
    if ctx.snapshot is not None:
        return pl.read_parquet(ctx.snapshot / FILES["monthly"])
    from taicang_analysis.sources.inventory import inventory

    return inventory(ctx.data_dir)

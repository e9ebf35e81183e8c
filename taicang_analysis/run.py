"""The run: every table a notebook or the report reads, built once per state of the data.

A :class:`Run` holds the year, the data folder and everything read from it — the figures
(published and the analysts' monthly files, conflicts flagged, derived values added), the target
registry, the indicator catalogue, the monthly panel, the inventory of the monthly folder, the
bureau's month checks, the derivations refused and the conflicts — and is handed explicitly to
every section call (``s.target(run, "gdp_growth")``).

:func:`open_run` builds it once per *data state*: the key is what ``stat`` says about every file
of the data folder (path, size, ``st_mtime_ns``, inode), so nothing is opened to find out that
nothing changed, and a file saved again in Lab gives a new run on the next Run All.

The report builder builds the run once, writes it into the build's staging folder
(:func:`write_snapshot`) and hands the folder to the kernel as the notebooks' ``snapshot``
parameter: the kernel reads only that (a file dropped into ``data/`` during the build is in no
part of the edition).

Examples
--------
>>> run = open_run(year=2023)
>>> run.year, run.figures.filter(pl.col("figure_id") == "b1-r002")["value"].item()
(2023, 8.6)
>>> open_run(year=2023).figures is run.figures  # the same data state: nothing read again
True
"""

from __future__ import annotations

import dataclasses
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from taicang_analysis.context import current
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import file_key

if TYPE_CHECKING:
    from taicang_analysis.sources.monthly import MonthlyRead

__all__ = ["Citations", "Run", "enrich", "open_run", "write_snapshot", "data_key", "CHECK_KINDS"]

#: the tables of a run, as the snapshot's Parquet files
TABLES = ("figures", "targets", "catalogue", "panel", "inventory", "checks", "refusals", "conflicts")
#: the bureau's month checks that speak of the data themselves (a missing month in a hand-kept file is not one)
CHECK_KINDS = ("month_vs_ytd", "base")
#: folders of the data folder that no run reads (the raw research tables become figures.csv by ``make data``)
NOT_READ = ("raw",)


class Citations:
    """The sources in the order a run first cites them: title → note number (①, ②, …).

    One register per run, handed on with it: the report's combined notebook shares one (its
    snapshot's), so the notes under the charts and the appendix agree.

    Examples
    --------
    >>> cite = Citations()
    >>> cite("甲公报"), cite("乙报道"), cite("甲公报"), cite.numbers()
    (1, 2, 1, {'甲公报': 1, '乙报道': 2})
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def __call__(self, title: str) -> int:
        """The note number of ``title`` (a new one the first time it is cited)."""
        return self._numbers.setdefault(title, len(self._numbers) + 1)

    def numbers(self) -> dict[str, int]:
        """Every source cited so far, with its number."""
        return dict(self._numbers)


@dataclasses.dataclass(frozen=True)
class Run:
    """One run's parameters and data (see the module). Build it with :func:`open_run`."""

    year: int
    data_dir: Path
    figures: pl.DataFrame
    targets: pl.DataFrame
    catalogue: pl.DataFrame
    panel: pl.DataFrame
    inventory: pl.DataFrame
    checks: pl.DataFrame
    refusals: pl.DataFrame
    conflicts: pl.DataFrame
    #: True while the report builder executes the notebooks
    report: bool = False
    #: where the report's chart files go (none in Lab)
    assets_dir: Path | None = None
    #: Lab only: the data file that failed validation; the run then holds the published figures alone
    failure: DataFileError | None = None
    #: messages already shown in this run (a failure is announced once per Run All)
    shown: set[str] = dataclasses.field(default_factory=set, compare=False, repr=False)
    #: the run's source notes (:class:`Citations`)
    citations: Citations = dataclasses.field(default_factory=Citations, compare=False, repr=False)

    @property
    def monthly_dir(self) -> Path:
        """Where the analysts put the bureau's monthly files: ``<data>/monthly``."""
        return self.data_dir / "monthly"


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


def data_key(data_dir: Path) -> tuple:
    """The state of a data folder: (path, size, st_mtime_ns, inode) of every file it holds, from
    ``stat`` alone (the research tables under ``raw/`` are not read by a run and do not count).

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> key = data_key(SHIPPED_DATA_DIR)
    >>> any(k[0].endswith("figures.csv") for k in key), any("/raw/" in k[0] for k in key)
    (True, False)
    """
    keys = []
    for root, dirs, files in os.walk(data_dir):
        if Path(root) == data_dir:
            dirs[:] = [d for d in dirs if d not in NOT_READ]
        for name in files:
            try:
                keys.append(file_key(os.path.join(root, name)))
            except OSError:  # gone between the listing and the stat: the next key sees it
                continue
    return tuple(sorted(keys))


def _tables(data_dir: Path, year: int, read: MonthlyRead, *, monthly: bool) -> dict[str, pl.DataFrame]:
    """Every table of a run from the monthly folder's one pass ``read`` (panel and inventory from the
    same reads). ``monthly=False``: the published figures alone (Lab, after a monthly file failed)."""
    from taicang_analysis.consistency import conflicts
    from taicang_analysis.derive import derive_refusals
    from taicang_analysis.sources.catalogue import load_indicators
    from taicang_analysis.sources.figures import load_figures
    from taicang_analysis.sources.month_checks import CHECK_SCHEMA, month_checks
    from taicang_analysis.sources.panel import PANEL_SCHEMA
    from taicang_analysis.sources.targets import load_targets

    panel = read.checked() if monthly else pl.DataFrame(schema=PANEL_SCHEMA)
    checks = (month_checks(panel, data=data_dir).filter(pl.col("check").is_in(CHECK_KINDS)) if panel.height
              else pl.DataFrame(schema=CHECK_SCHEMA))
    raw = load_figures(data_dir, panel=panel)
    figures = enrich(raw)
    return {"figures": figures, "targets": load_targets(year, data_dir), "catalogue": load_indicators(data_dir),
            "panel": panel, "inventory": read.inventory, "checks": checks,
            "refusals": derive_refusals(figures), "conflicts": conflicts(raw)}


@lru_cache(maxsize=8)
def _state(data_dir: Path, year: int, strict: bool, _key: tuple) -> tuple[dict[str, pl.DataFrame], DataFileError | None]:
    from taicang_analysis.sources.monthly import read_monthly

    read = read_monthly(data_dir)  # once: the fallback's inventory lists the failed file from the same pass
    try:
        return _tables(data_dir, year, read, monthly=True), None
    except DataFileError as exc:
        if strict:
            raise
        failure = exc
    return _tables(data_dir, year, read, monthly=False), failure  # a bad published file raises here too


@lru_cache(maxsize=8)
def _snapshot(folder: Path, _key: tuple) -> tuple[dict[str, pl.DataFrame], dict]:
    about = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    return {name: pl.read_parquet(folder / f"{name}.parquet") for name in TABLES}, about


@lru_cache(maxsize=8)
def _snapshot_citations(folder: Path, _key: tuple) -> Citations:
    # every notebook of the report opens the run again: one register for the whole page
    return Citations()


def open_run(
    year: int | None = None,
    data: str | os.PathLike[str] | None = None,
    *,
    report: bool = False,
    assets: str | os.PathLike[str] | None = None,
    snapshot: str | os.PathLike[str] | None = None,
) -> Run:
    """The run of ``year`` (default: the latest registry) over ``data`` (default: the shipped ``data/``).

    Parameters
    ----------
    year, data
        What to read. These are a notebook's parameters (its cell tagged ``parameters``).
    report
        Executed by the report builder: a bad file has stopped the build before, so nothing
        falls back.
    assets
        Where the report's chart files go.
    snapshot
        A folder written by :func:`write_snapshot`: read that instead of the data folder.

    Raises
    ------
    DataFileError
        A published file (the registry, the figures, the catalogue) fails validation; in the
        report (``report=True``) a monthly file too. In Lab a bad monthly file does not raise:
        the run holds the published figures alone and ``failure`` says which file failed.
    """
    if snapshot is not None:
        folder = Path(snapshot).resolve()
        key = data_key(folder)
        tables, about = _snapshot(folder, key)
        failure, citations = None, _snapshot_citations(folder, key)
        year, data_dir = int(about["year"]), Path(about["data_dir"])
    else:
        ctx = current(year=year or None, data=data)
        data_dir = ctx.data_dir.resolve()
        tables, failure = _state(data_dir, ctx.year, report, data_key(data_dir))
        year, citations = ctx.year, Citations()
    return Run(year=year, data_dir=data_dir, report=report, assets_dir=Path(assets) if assets else None,
               failure=failure, citations=citations, **tables)


def write_snapshot(run: Run, folder: Path) -> dict[str, object]:
    """Write the run's tables to ``folder`` (Parquet, and ``snapshot.json``); return a summary.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = write_snapshot(open_run(year=2023), Path(d))
    ...     again = open_run(snapshot=d)
    ...     again.year, again.figures.height == open_run(year=2023).figures.height
    (2023, True)
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        getattr(run, name).write_parquet(folder / f"{name}.parquet")
    summary = {"year": run.year, "data_dir": str(run.data_dir), "figures": run.figures.height,
               "targets": run.targets.height, "files": run.inventory.height}
    (folder / "snapshot.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return summary

"""Shared fixtures and helpers for the data-layer tests.

Every number written by these helpers into a monthly file is a SYNTHETIC test value, invented
for the tests; none of them is a published figure for Taicang.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.errors import DataFileError

#: a date after every period the fixtures use, so the future-period check never interferes
TODAY = dt.date(2023, 6, 15)

#: default provenance of a fixture monthly file (a made-up report of the statistics bureau)
PROVENANCE = {"issuer": "太仓市统计局", "report": "2023年4月统计月报", "date": "2023-05-20"}


@pytest.fixture
def tmp_data(tmp_path: Path) -> Path:
    """A private copy of the shipped ``data/`` (indicators, targets, figures, raw) with an empty
    ``monthly/`` folder, so a test can drop monthly files into ``tmp_data / "monthly"``."""
    dest = tmp_path / "data"
    dest.mkdir()
    for name in ("indicators.csv", "figures.csv", "places.csv"):
        shutil.copy2(SHIPPED_DATA_DIR / name, dest / name)
    for name in ("targets", "raw"):
        shutil.copytree(SHIPPED_DATA_DIR / name, dest / name)
    (dest / "monthly").mkdir()
    return dest


def write_provenance(
    path: Path,
    provenance: dict[str, str] | None = None,
    *,
    encoding: str = "utf-8",
) -> Path:
    """Write ``<path>.source.txt`` with one ``key: value`` line per item of ``provenance``."""
    items = PROVENANCE if provenance is None else provenance
    side = path.with_name(path.name + ".source.txt")
    side.write_text("".join(f"{k}: {v}\n" for k, v in items.items()), encoding=encoding)
    return side


def write_monthly(
    folder: Path,
    name: str,
    rows: Sequence[Sequence[object]],
    *,
    provenance: dict[str, str] | None = None,
    encoding: str = "utf-8",
    sidecar: bool = True,
) -> Path:
    """Write a monthly file (header row first) and, unless ``sidecar`` is false, its provenance.

    ``name`` ending in ``.xlsx`` writes a workbook with openpyxl (cells keep their Python type);
    otherwise a CSV in ``encoding`` (``"utf-8-sig"`` gives a BOM, ``"gbk"`` the bureau's
    encoding). A string ``rows`` is written verbatim, for files that are not a clean table.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if name.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(list(row))
        book.save(path)
    elif isinstance(rows, str):
        path.write_text(rows, encoding=encoding)
    else:
        lines = [",".join("" if c is None else str(c) for c in row) for row in rows]
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    if sidecar:
        write_provenance(path, provenance)
    return path


def raises_one(call: Callable[[], object]) -> DataFileError:
    """Run ``call`` and return the DataFileError it raises (fail if it raises nothing)."""
    with pytest.raises(DataFileError) as info:
        call()
    return info.value


@pytest.fixture(scope="module")
def figures():
    """The shipped figures (published only: the shipped data/monthly/ is empty)."""
    from taicang_analysis.sources.figures import load_figures

    return load_figures()


@pytest.fixture(scope="module")
def targets():
    """The 2023 registry."""
    from taicang_analysis.sources.targets import load_targets

    return load_targets(2023)


def pick_target(targets, target_id: str) -> dict:
    """One registry row as a dict."""
    import polars as pl

    return targets.filter(pl.col("id") == target_id).row(0, named=True)


def synthetic_figure(figure_id: str, indicator: str, period: str, measure: str, value: float, *,
                     level_unit: str = "亿元", **kw) -> dict:
    """One SYNTHETIC figure row in the layout of ``load_figures()``: ``period`` is YYYY (full year),
    YYYY-MM (year to date) or a date; ``kw`` overrides any column."""
    parts = period.split("-")
    period_type = kw.pop("period_type", "year" if len(parts) == 1 else "ytd" if len(parts) == 2 else "as_of_date")
    row = {
        "figure_id": figure_id, "region": "太仓市", "indicator": indicator, "indicator_zh": "",
        "period": period, "period_type": period_type, "year": int(parts[0]),
        "month": 12 if len(parts) == 1 else int(parts[1]), "measure": measure, "value": value,
        "unit": "%" if measure == "growth_pct" else level_unit, "bound": "exact", "release": "final",
        "reliability": "official", "source_url": "https://example.gov.cn/SYNTHETIC",
        "source_title": "SYNTHETIC", "quote": "SYNTHETIC", "notes": "", "origin": "published",
        "source_date": None, "flag": None,
    }
    row.update(kw)
    return row


def figure_frame(*rows: dict):
    """SYNTHETIC figure rows as a frame with the columns of ``load_figures()``."""
    import polars as pl

    from taicang_analysis.sources.figures import MERGED_EXTRA
    from taicang_analysis.sources.published import FIGURE_SCHEMA

    return pl.DataFrame(list(rows), schema={**FIGURE_SCHEMA, **MERGED_EXTRA}, orient="row")


@pytest.fixture(scope="module")
def shipped():
    """The shipped figures, published only."""
    from taicang_analysis.sources.figures import load_figures

    return load_figures()

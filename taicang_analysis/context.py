"""Where a run reads from when nothing says otherwise: the shipped data and the latest year.

``year`` defaults to the latest ``data/targets/<year>.csv`` of the data folder, ``data_dir`` to
the shipped ``data/`` beside the package. A run is given its year and folder explicitly — as a
notebook's parameters (its cell tagged ``parameters``; the report builder and ``make lab YEAR=…
DATA=…`` fill them in, papermill-style), as :func:`taicang_analysis.run.open_run`'s arguments, or
for a block of a script or test by :func:`use`. Nothing is read from the environment:
:func:`taicang_analysis.where` shows the folder actually read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHIPPED_DATA_DIR = PROJECT_DIR / "data"
NOTEBOOK_DIR = PROJECT_DIR / "notebooks"



@dataclasses.dataclass(frozen=True)
class RunContext:
    """Everything a run needs to know about where it is. Build it with :func:`current`."""

    year: int
    data_dir: Path

    @property
    def monthly_dir(self) -> Path:
        """Where the analysts put the bureau's monthly files: ``<data>/monthly``."""
        return self.data_dir / "monthly"


_override: list[RunContext] = []


def latest_registry_year(data_dir: Path) -> int:
    """The latest year that has a target registry in ``data_dir/targets``.

    Examples
    --------
    >>> latest_registry_year(SHIPPED_DATA_DIR) >= 2023
    True
    """
    years = [int(p.stem) for p in (data_dir / "targets").glob("[0-9][0-9][0-9][0-9].csv")]
    if not years:
        raise FileNotFoundError(f"{data_dir / 'targets'}: 没有目标登记表 <year>.csv")
    return max(years)


def current(*, year: int | None = None, data: str | os.PathLike[str] | None = None) -> RunContext:
    """The context in force, with ``year`` or ``data`` replaced where given.

    Examples
    --------
    >>> current().data_dir.name
    'data'
    >>> current(year=2021).year
    2021
    """
    ctx = _override[-1] if _override else RunContext(year=0, data_dir=SHIPPED_DATA_DIR)
    if data is not None:
        ctx = dataclasses.replace(ctx, data_dir=Path(data))
    if year is not None:
        ctx = dataclasses.replace(ctx, year=int(year))
    if not ctx.year:
        ctx = dataclasses.replace(ctx, year=latest_registry_year(ctx.data_dir))
    return ctx


@contextlib.contextmanager
def use(**fields: object) -> Iterator[RunContext]:
    """Run a block under another context (``year=``, ``data_dir=``).

    Examples
    --------
    >>> with use(year=2021) as ctx:
    ...     current().year
    2021
    """
    base = current()
    if "data_dir" in fields:
        fields["data_dir"] = Path(fields["data_dir"])  # type: ignore[arg-type]
    ctx = dataclasses.replace(base, **fields)  # type: ignore[arg-type]
    _override.append(ctx)
    try:
        yield ctx
    finally:
        _override.pop()


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder in use (``override`` wins).

    Examples
    --------
    >>> data_dir().name
    'data'
    """
    return Path(override) if override is not None else current().data_dir

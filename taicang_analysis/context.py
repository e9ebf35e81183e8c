"""The run context: which year, which data folder, Lab or report, where chart assets go.

Resolved once, in this module, and read from here by everything else. The values come from, in
order: an explicit :func:`use` (a script or a test), the environment the report builder sets for
the kernel, and the defaults — the shipped ``data/`` beside the package and the latest year that
has a target registry in it.

=====================  ===================  ==============================================
field                  environment          default
=====================  ===================  ==============================================
``year``               ``TAICANG_YEAR``     latest ``data/targets/<year>.csv``
``data_dir``           ``TAICANG_DATA``     the shipped ``data/`` (computed from the package)
``report``             ``TAICANG_REPORT``   ``False`` (Lab); the builder sets ``1``
``assets_dir``         ``TAICANG_ASSETS``   none: charts are not written out
``snapshot``           ``TAICANG_SNAPSHOT`` none: data are read from ``data_dir``
=====================  ===================  ==============================================

To point the notebooks and the report at another data folder, set ``TAICANG_DATA`` before
starting Lab (``make lab DATA=/path``) or pass ``--data`` to ``taicang-report build``;
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

ENV = {"year": "TAICANG_YEAR", "data_dir": "TAICANG_DATA", "report": "TAICANG_REPORT",
       "assets_dir": "TAICANG_ASSETS", "snapshot": "TAICANG_SNAPSHOT"}


@dataclasses.dataclass(frozen=True)
class RunContext:
    """Everything a run needs to know about where it is. Build it with :func:`current`."""

    year: int
    data_dir: Path
    report: bool = False
    assets_dir: Path | None = None
    snapshot: Path | None = None

    @property
    def monthly_dir(self) -> Path:
        """Where the analysts put the bureau's monthly files: ``<data>/monthly``."""
        return self.data_dir / "monthly"

    def to_env(self) -> dict[str, str]:
        """The environment that gives a kernel this same context (the report builder's use).

        Examples
        --------
        >>> ctx = RunContext(year=2021, data_dir=Path("/d"), report=True)
        >>> ctx.to_env()["TAICANG_YEAR"], ctx.to_env()["TAICANG_REPORT"]
        ('2021', '1')
        """
        env = {ENV["year"]: str(self.year), ENV["data_dir"]: str(self.data_dir),
               ENV["report"]: "1" if self.report else "0"}
        if self.assets_dir is not None:
            env[ENV["assets_dir"]] = str(self.assets_dir)
        if self.snapshot is not None:
            env[ENV["snapshot"]] = str(self.snapshot)
        return env


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
    if _override:
        ctx = _override[-1]
    else:
        env = os.environ
        data_dir = Path(env[ENV["data_dir"]]) if env.get(ENV["data_dir"]) else SHIPPED_DATA_DIR
        assets = env.get(ENV["assets_dir"])
        snapshot = env.get(ENV["snapshot"])
        env_year = env.get(ENV["year"])
        ctx = RunContext(
            year=int(env_year) if env_year else 0,
            data_dir=data_dir,
            report=env.get(ENV["report"]) == "1",
            assets_dir=Path(assets) if assets else None,
            snapshot=Path(snapshot) if snapshot else None,
        )
    if data is not None:
        ctx = dataclasses.replace(ctx, data_dir=Path(data), snapshot=None)
    if year is not None:
        ctx = dataclasses.replace(ctx, year=int(year))
    if not ctx.year:
        ctx = dataclasses.replace(ctx, year=latest_registry_year(ctx.data_dir))
    return ctx


@contextlib.contextmanager
def use(**fields: object) -> Iterator[RunContext]:
    """Run a block under another context (``year=``, ``data_dir=``, ``report=`` …).

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


def report_mode() -> bool:
    """True while the report builder executes the notebooks."""
    return current().report

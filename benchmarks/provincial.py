"""Benchmark: a provincial-scale run of the indicator engine, streamed year by year, under a memory ceiling.

The data are SYNTHETIC — a made-up monthly panel of every county-level unit of Jiangsu
(95: 55 districts 市辖区, 21 county-level cities 县级市 and 19 counties 县, the division of
2020–2023; the per-prefecture counts are in :data:`JIANGSU`) × 40 indicators × 10 years ×
12 months. No real statistics are involved; only the number of units per prefecture is real.
As in the bureau's tables, January is never published on its own (1-2月 together), so every
series of a year starts at month 2, and a few months are dropped at random.

The run is what a provincial office would do each month over its archive:

1. the archive: one Parquet file per year (written first; timed apart);
2. year by year, only years y − 1 and y are read (``pl.scan_parquet``), last year's levels are
   aligned by :func:`~taicang_analysis.engine.formulas.with_last_year`, the year's growth,
   completion, pace gap, required growth and target status are computed with the engine's
   expressions, plus each unit's rank (位次) among its prefecture's units, and the year's result
   is streamed to its own Parquet file (``sink_parquet``);
3. a summary (status counts per year) is read back lazily with the streaming engine.

At no point is more than two years of the panel in memory. The script prints the time of each
step and the process's peak resident memory (``VmHWM`` of ``/proc/self/status``, else
``resource.getrusage``; Polars allocates outside Python's heap, so ``tracemalloc`` would not
see it), and exits with status 1 if the peak exceeds the ceiling (``--ceiling-mb``, default :data:`CEILING_MB`).

Run:  .venv/bin/python benchmarks/provincial.py [--ceiling-mb N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from taicang_analysis.engine.formulas import (  # noqa: E402
    completion_rate,
    growth_rate,
    pace_gap,
    required_growth,
)
from taicang_analysis.engine.status import KINDS, QUALIFIERS, target_status  # noqa: E402
from taicang_analysis.engine.toolkit import with_last_year  # noqa: E402

#: county-level units per prefecture-level city of Jiangsu (districts + county-level cities +
#: counties), as divided in 2020–2023: 95 in all
JIANGSU = {
    "南京市": 11, "无锡市": 7, "徐州市": 10, "常州市": 6, "苏州市": 9, "南通市": 7, "连云港市": 6,
    "淮安市": 7, "盐城市": 9, "扬州市": 6, "镇江市": 6, "泰州市": 6, "宿迁市": 5,
}
N_UNITS = sum(JIANGSU.values())
N_IND = 40
YEARS = list(range(2014, 2024))
SEED = 20230520
DROP_SHARE = 0.003
#: peak resident memory allowed for the whole process (Python, Polars, NumPy and the data)
CEILING_MB = 256


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Linux: ``VmHWM`` of ``/proc/self/status`` (``getrusage``'s ``ru_maxrss`` survives ``exec``, so a
    process started by a large one would report its parent's peak); elsewhere ``ru_maxrss``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def write_archive(folder: Path, seed: int = SEED) -> tuple[list[Path], pl.DataFrame, int]:
    """SYNTHETIC panel, one Parquet file per year; the target registry; the number of rows."""
    rng = np.random.default_rng(seed)
    prefecture = np.repeat(np.arange(len(JIANGSU)), list(JIANGSU.values())).astype(np.int8)
    names = [f"ind{k:02d}" for k in range(N_IND)]
    ind_type = pl.Enum(names)
    pref_type = pl.Enum(list(JIANGSU))
    level = rng.lognormal(3.0, 1.0, size=(N_UNITS, N_IND))  # first year's annual level
    season = rng.dirichlet(np.full(12, 20.0), size=N_IND)  # (I, 12)
    months = np.arange(2, 13)  # 1-2月 published together: no January row
    u, i, m = np.meshgrid(np.arange(N_UNITS), np.arange(N_IND), months, indexing="ij")
    paths, rows = [], 0
    for year in YEARS:
        level = level * (1 + rng.normal(6.0, 3.0, size=level.shape) / 100)
        flows = level[..., None] * season[None] * rng.normal(1.0, 0.05, size=(N_UNITS, N_IND, 12)).clip(0.5, 1.5)
        ytd = np.cumsum(flows, axis=2)[:, :, 1:]  # months 2..12 (month 2 = 1-2月)
        keep = rng.random(ytd.size) >= DROP_SHARE
        frame = pl.DataFrame({
            "unit": u.ravel()[keep].astype(np.int16),
            "prefecture": pl.Series(np.array(list(JIANGSU))[prefecture[u.ravel()[keep]]], dtype=pref_type),
            "indicator": pl.Series(np.array(names)[i.ravel()[keep]], dtype=ind_type),
            "year": np.full(keep.sum(), year, dtype=np.int16),
            "month": m.ravel()[keep].astype(np.int8),
            "ytd_value": ytd.ravel()[keep],
        })
        path = folder / f"panel_{year}.parquet"
        frame.write_parquet(path)
        paths.append(path)
        rows += frame.height
    ti, ty = np.meshgrid(np.arange(N_IND), YEARS, indexing="ij")
    is_growth = ti.ravel() < N_IND // 2
    targets = pl.DataFrame({
        "indicator": pl.Series(np.array(names)[ti.ravel()], dtype=ind_type),
        "year": ty.ravel().astype(np.int16),
        "kind": pl.Series(np.where(is_growth, "growth_rate", "level"), dtype=pl.Enum(KINDS)),
        "qualifier": pl.Series(np.where(is_growth, "about", "at_least"), dtype=pl.Enum(QUALIFIERS)),
        "target_growth": np.round(rng.normal(6.0, 1.5, size=ti.size), 1),
    })
    return paths, targets, rows


def year_result(two_years: pl.DataFrame, year: int, targets: pl.DataFrame) -> pl.LazyFrame:
    """One year's indicators from years y − 1 and y (the engine's functions only)."""
    aligned = with_last_year(two_years, value="ytd_value", by=["unit", "indicator"])
    return (
        aligned.lazy()
        .filter(pl.col("year") == year)
        .join(targets.lazy(), on=["indicator", "year"], how="left")
        .with_columns(target_level=pl.col("prev_full") * (1 + pl.col("target_growth") / 100))
        .with_columns(
            yoy=growth_rate("ytd_value", "prev_ytd"),
            completion=completion_rate("ytd_value", "target_level"),
            required=required_growth("ytd_value", "prev_ytd", "prev_full", "target_growth"),
        )
        .with_columns(
            pace_gap=pace_gap("completion", "month"),
            status=target_status(
                kind="kind",
                target=pl.when(pl.col("kind") == "growth_rate")
                .then(pl.col("target_growth"))
                .otherwise(pl.col("target_level")),
                ytd_value="ytd_value",
                ytd_growth="yoy",
                required="required",
                qualifier="qualifier",
            ),
            # 位次 among the prefecture's units (1 = fastest growth); null growth has no rank
            rank=pl.col("yoy").rank("min", descending=True).over(["prefecture", "indicator", "month"]),
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ceiling-mb", type=float, default=CEILING_MB, help="peak RSS allowed (MB)")
    ap.add_argument("--keep", type=Path, default=None, help="write the archive and results here")
    args = ap.parse_args()
    base_mb = peak_mb()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        paths, targets, rows = write_archive(folder)
        t_write = time.perf_counter() - t0
        cells = N_UNITS * N_IND * len(YEARS) * 12
        print(f"SYNTHETIC Jiangsu panel: {N_UNITS} county-level units x {N_IND} indicators x {len(YEARS)} years "
              f"x 12 months = {cells:,} cells; no January (1-2月 together), {DROP_SHARE:.1%} of months dropped "
              f"-> {rows:,} rows in {len(paths)} yearly Parquet files (written in {t_write:.2f} s)")

        t0 = time.perf_counter()
        results = []
        for k, year in enumerate(YEARS):
            two = pl.scan_parquet(paths[max(k - 1, 0):k + 1]).collect()
            out = folder / f"result_{year}.parquet"
            year_result(two, year, targets).sink_parquet(out)
            results.append(out)
        t_run = time.perf_counter() - t0

        t0 = time.perf_counter()
        summary = (
            pl.scan_parquet(results)
            .group_by("year", "status")
            .agg(pl.len().alias("rows"), pl.col("yoy").is_not_null().sum().alias("with_growth"))
            .sort("year", "status")
            .collect(engine="streaming")
        )
        t_sum = time.perf_counter() - t0
        last = summary.filter(pl.col("year") == YEARS[-1])
        print(f"engine, year by year (years y-1 and y in memory, result streamed to Parquet): {t_run:.2f} s; "
              f"summary read back with the streaming engine: {t_sum:.2f} s")
        print(f"{YEARS[-1]} status counts: {dict(zip(last['status'].cast(pl.String), last['rows'], strict=True))}")
    peak = peak_mb()
    ok = peak <= args.ceiling_mb
    print(f"peak resident memory {peak:.0f} MB (after imports {base_mb:.0f} MB) "
          f"{'<=' if ok else '>'} ceiling {args.ceiling_mb:.0f} MB: {'ok' if ok else 'OVER'}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

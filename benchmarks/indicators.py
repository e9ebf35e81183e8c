"""Benchmark: the indicator engine (Polars expressions) vs plain pandas groupby-apply.

The data are SYNTHETIC — a made-up panel of 2,844 county-level units × 12 indicators ×
10 years × 12 months (≈ 4.1 million rows, seeded RNG, a few months randomly dropped).
No real statistics are involved.  Targets come from a registry per indicator × year (like
``data/targets/*.csv``): six indicators have growth targets ("about g %"), six have level
targets ("at least"), set for each unit as last year's full-year level × (1 + g/100).
On the Polars side the code columns (indicator, kind, qualifier) are ``pl.Enum``; the pandas
side keeps plain strings, as an analyst would.

Both sides compute the same things:

* year-on-year growth of the ytd level, aligned by calendar month (same month of year − 1;
  a dropped month gives NaN/null, never a rate against another month);
* completion rate and pace gap (completion − month/12×100) against a level target;
* growth needed over the remaining months for a growth target;
* target status by the documented rule of :func:`taicang_analysis.engine.status.target_status`
  (growth targets: shortfall of ytd growth vs required growth; level targets: monthly pace
  ratio; month 12: met / off track; missing data: no_data).

The Polars side uses the library's functions; the pandas side is written the way an
analyst would write it: ``groupby([...]).apply(per_series)`` with a reindex on
(year − 1, month) inside.  Then a sample of rows is compared.

Run:  .venv/bin/python benchmarks/indicators.py [--units N] [--pandas-units N]

``--pandas-units N`` runs pandas on the first N units only and scales its time linearly to
all units (the output says so); by default pandas runs on the full panel.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from taicang_analysis.engine.formulas import (  # noqa: E402
    completion_rate,
    growth_rate,
    pace_gap,
    required_growth,
    with_last_year,
)
from taicang_analysis.engine.status import KINDS, QUALIFIERS, target_status  # noqa: E402

N_UNITS = 2_844  # county-level units (synthetic)
N_IND = 12
YEARS = np.arange(2014, 2024)
MONTHS = np.arange(1, 13)
DROP_SHARE = 0.003  # share of monthly rows randomly dropped
SEED = 20230103


# --------------------------------------------------------------------------- synthetic data


def make_synthetic_panel(n_units: int = N_UNITS, seed: int = SEED) -> tuple[pl.DataFrame, ...]:
    """SYNTHETIC long panel and target table (seeded; nothing here is real data)."""
    rng = np.random.default_rng(seed)
    n_y, n_m = len(YEARS), len(MONTHS)
    base = rng.lognormal(mean=4.0, sigma=1.0, size=(n_units, N_IND, 1))
    growth = rng.normal(6.0, 3.0, size=(n_units, N_IND, n_y)) / 100.0
    annual = base * np.cumprod(1.0 + growth, axis=2)  # (U, I, Y)
    season = rng.dirichlet(np.full(n_m, 20.0), size=N_IND)  # (I, M)
    noise = rng.normal(1.0, 0.05, size=(n_units, N_IND, n_y, n_m)).clip(0.5, 1.5)
    flows = annual[..., None] * season[None, :, None, :] * noise
    ytd = np.cumsum(flows, axis=3)  # (U, I, Y, M)

    u, i, y, m = np.meshgrid(np.arange(n_units), np.arange(N_IND), YEARS, MONTHS, indexing="ij")
    keep = rng.random(ytd.size) >= DROP_SHARE
    names = np.array([f"ind{k:02d}" for k in range(N_IND)])
    indicator_dtype = pl.Enum(names.tolist())  # a fixed list of indicator ids, as in a registry
    panel = pl.DataFrame(
        {
            "unit": u.ravel()[keep].astype(np.int32),
            "indicator": pl.Series(names[i.ravel()[keep]], dtype=indicator_dtype),
            "year": y.ravel()[keep].astype(np.int32),
            "month": m.ravel()[keep].astype(np.int8),
            "ytd_value": ytd.ravel()[keep],
        }
    )

    # Target registry per indicator x year (like data/targets/*.csv): the first six indicators
    # have growth targets ("about g%"), the others level targets ("at least"), set for every
    # unit as last year's full-year level x (1 + g/100).
    ti, ty = np.meshgrid(np.arange(N_IND), YEARS, indexing="ij")
    is_growth = ti.ravel() < N_IND // 2
    targets = pl.DataFrame(
        {
            "indicator": pl.Series(names[ti.ravel()], dtype=indicator_dtype),
            "year": ty.ravel().astype(np.int32),
            "kind": pl.Series(np.where(is_growth, "growth_rate", "level"), dtype=pl.Enum(KINDS)),
            "qualifier": pl.Series(
                np.where(is_growth, "about", "at_least"), dtype=pl.Enum(QUALIFIERS)
            ),
            "target_growth": np.round(rng.normal(6.0, 1.5, size=ti.size), 1),
        }
    )
    return panel, targets


# --------------------------------------------------------------------------- polars (library)


def run_polars(panel: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    by = ["unit", "indicator"]
    return (
        with_last_year(panel, value="ytd_value", by=by)  # prev_ytd, prev_full (calendar aligned)
        .lazy()
        .join(targets.lazy(), on=["indicator", "year"], how="left")  # row order not needed
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
        )
        .collect()
    )


# --------------------------------------------------------------------------- pandas (plain)


def _per_series(g: pd.DataFrame) -> pd.DataFrame:
    """One (unit, indicator) series, the way an analyst writes it in pandas."""
    g = g.sort_values(["year", "month"]).copy()
    s = g.set_index(["year", "month"])["ytd_value"]
    # same month of last year, by calendar label (not by position)
    prev_ytd = s.reindex(pd.MultiIndex.from_arrays([g["year"] - 1, g["month"]])).to_numpy()
    dec = s[s.index.get_level_values("month") == 12].droplevel("month")
    prev_full = dec.reindex(g["year"] - 1).to_numpy()
    ytd = g["ytd_value"].to_numpy()
    month = g["month"].to_numpy().astype(float)

    with np.errstate(divide="ignore", invalid="ignore"):
        yoy = np.where(prev_ytd > 0, (ytd - prev_ytd) / prev_ytd * 100, np.nan)
        tl = prev_full * (1 + g["target_growth"].to_numpy() / 100)
        completion = np.where(tl > 0, ytd / tl * 100, np.nan)
        rest = prev_full - prev_ytd
        tg = g["target_growth"].to_numpy()
        req = np.where(rest > 0, ((prev_full * (1 + tg / 100) - ytd) / rest - 1) * 100, np.nan)

        # status (same rule as target_status, exact figures)
        growth_kind = (g["kind"] == "growth_rate").to_numpy()
        about = (g["qualifier"] == "about").to_numpy()
        target = np.where(growth_kind, tg, tl)
        met_g = np.where(about, yoy >= target - 0.5, yoy >= target)
        shortfall = req - yoy
        st_g = np.select(
            [
                np.isnan(yoy) | np.isnan(target),
                month >= 12,
                np.isnan(req),
                shortfall <= 0.5,
                shortfall <= 2.0,
            ],
            ["no_data", np.where(met_g, "met", "off_track"), "no_data", "on_track", "at_risk"],
            "off_track",
        )
        met_l = np.where(about, ytd >= target - target * 0.01, ytd >= target)
        pace = ytd / month
        need = (target - ytd) / (12 - month)
        st_l = np.select(
            [
                np.isnan(ytd) | np.isnan(target),
                met_l,
                month >= 12,
                need <= 0,
                pace >= 0.95 * need,
                pace >= 0.60 * need,
            ],
            ["no_data", "met", "off_track", "on_track", "on_track", "at_risk"],
            "off_track",
        )
    g["yoy"] = yoy
    g["completion"] = completion
    g["pace_gap"] = completion - month / 12 * 100
    g["required"] = req
    g["status"] = np.where(growth_kind, st_g, st_l)
    return g


def run_pandas(panel: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    df = panel.merge(targets, on=["indicator", "year"], how="left")
    return df.groupby(["unit", "indicator"], group_keys=False)[df.columns.tolist()].apply(
        _per_series
    )


# --------------------------------------------------------------------------- comparison


def _to_pandas(df: pl.DataFrame) -> pd.DataFrame:
    """Column by column through NumPy (no pyarrow needed)."""
    return pd.DataFrame({c: df[c].to_numpy() for c in df.columns})


def compare(pl_out: pl.DataFrame, pd_out: pd.DataFrame, n: int = 200_000, seed: int = 1) -> str:
    cols = ["yoy", "completion", "pace_gap", "required"]
    keys = ["unit", "indicator", "year", "month"]
    sample = (
        pl_out.sample(n=min(n, pl_out.height), seed=seed)
        .select(*keys, *cols, "status")
        .with_columns(pl.col("indicator").cast(pl.String))
    )
    other = pl.DataFrame({c: pd_out[c].to_numpy() for c in [*keys, *cols, "status"]}).with_columns(
        pl.col("unit").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        pl.col("month").cast(pl.Int8),
        pl.col("indicator").cast(pl.String),
        pl.col("status").cast(pl.String),
        *[pl.col(c).cast(pl.Float64).fill_nan(None) for c in cols],
    )
    j = sample.join(other, on=keys, how="left", suffix="_pd")
    if j.height != sample.height or j["status_pd"].null_count():
        raise AssertionError("rows missing on the pandas side")
    for c in cols:
        a, b = j[c], j[f"{c}_pd"]
        if not (a.is_null() == b.is_null()).all():
            raise AssertionError(f"{c}: null pattern differs")
        diff = (a - b).abs().max()
        if diff is not None and diff > 1e-9 * max(1.0, a.abs().max()):
            raise AssertionError(f"{c}: max abs difference {diff}")
    bad = (j["status"] != j["status_pd"]).sum()
    if bad:
        raise AssertionError(f"status differs on {bad} rows")
    nulls = j["yoy"].null_count()
    counts = dict(j.group_by("status").len().sort("status").iter_rows())
    return (
        f"checked {j.height:,} sampled rows: yoy/completion/pace_gap/required equal "
        f"(null where no base: {nulls:,} yoy nulls), status equal {counts}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=N_UNITS, help="synthetic units (default 2844)")
    ap.add_argument("--repeat", type=int, default=3, help="polars timing repeats (best of)")
    ap.add_argument(
        "--pandas-units", type=int, default=None, help="run pandas on the first N units, scale"
    )
    args = ap.parse_args()

    panel, targets = make_synthetic_panel(args.units)
    full_rows = args.units * N_IND * len(YEARS) * len(MONTHS)
    print(
        f"SYNTHETIC panel: {args.units:,} units x {N_IND} indicators x {len(YEARS)} years x "
        f"12 months = {full_rows:,} cells, {full_rows - panel.height:,} months dropped at random "
        f"-> {panel.height:,} rows (seed {SEED})"
    )

    run_polars(panel.head(1000), targets)  # warm-up
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        pl_out = run_polars(panel, targets)
        times.append(time.perf_counter() - t0)
    t_pl = min(times)

    pd_units = args.units if args.pandas_units is None else min(args.pandas_units, args.units)
    part = panel if pd_units == args.units else panel.filter(pl.col("unit") < pd_units)
    panel_pd, targets_pd = _to_pandas(part), _to_pandas(targets)
    t0 = time.perf_counter()
    pd_out = run_pandas(panel_pd, targets_pd)
    t_pd = time.perf_counter() - t0
    scale = args.units / pd_units
    note = ""
    if scale != 1:
        note = f" (pandas ran on {pd_units:,} of {args.units:,} units: {t_pd:.1f} s x {scale:.2f})"
        t_pd *= scale

    print(f"polars {t_pl:.2f} s  pandas {t_pd:.1f} s  ratio {t_pd / t_pl:.1f}x{note}")
    print(
        f"(polars: best of {args.repeat} runs {', '.join(f'{t:.2f}' for t in times)} s; "
        f"pandas: one run, groupby-apply over "
        f"{pd_units * N_IND:,} series; {pl.thread_pool_size()} polars threads)"
    )
    print(compare(pl_out.filter(pl.col("unit") < pd_units), pd_out))


if __name__ == "__main__":
    main()

"""Benchmark: the indicator engine (Polars) vs DuckDB SQL, vectorised pandas and pandas group-apply.

The data are SYNTHETIC — a made-up panel of 2,844 county-level units × 12 indicators ×
10 years × 12 months (≈ 4.1 million rows, seeded RNG, a few months randomly dropped).
No real statistics are involved.  Targets come from a registry per indicator × year (like
``data/targets/*.csv``): six indicators have growth targets ("about g %"), six have level
targets ("at least"), set for each unit as last year's full-year level × (1 + g/100).
Code columns (indicator, kind, qualifier) are ``pl.Enum`` on the Polars side, ``category``
for vectorised pandas and ``ENUM`` in DuckDB; the group-apply keeps plain strings, as an
analyst would.

Every contender computes the same things:

* year-on-year growth of the ytd level, aligned by calendar month (same month of year − 1;
  a dropped month gives NaN/null, never a rate against another month);
* completion rate and pace gap (completion − month/12×100) against a level target;
* growth needed over the remaining months for a growth target;
* target status by the documented rule of :func:`taicang_analysis.engine.status.target_status`
  (growth targets: shortfall of ytd growth vs required growth; level targets: monthly pace
  ratio; month 12: met / off track; missing data: no_data).

The contenders, in the same run on the same panel:

* **the engine**: the library's functions (:func:`~taicang_analysis.engine.formulas.with_last_year`
  and the expressions);
* **DuckDB SQL**, two ways: a self-join on (unit, indicator, year − 1, month) and on
  (year − 1, December); and ``LAG`` over a window partitioned by unit, indicator, month (with a
  join for December). Tables are loaded once, untimed; each query is timed as
  ``CREATE TEMP TABLE result AS …`` (materialised inside DuckDB, no export to Python), with as
  many threads as Polars;
* **vectorised pandas**: two ``merge`` on year − 1, then whole-column NumPy;
* **pandas group-apply**, the way an analyst first writes it: ``groupby([...]).apply(per_series)``
  with a reindex on (year − 1, month) inside.

Each contender runs ``--repeat`` times in interleaved rounds (engine, DuckDB ×2, pandas merge,
then again), so that the noise of a shared machine falls on all alike; the best and the median
are printed, with ratios to the engine's (the group-apply: one run). A sample of 200,000 rows
of the engine's result is compared with each contender (equal to 1e-9 relative, same nulls,
same status). Then the provincial run (:mod:`benchmarks.provincial`) starts in its own
process, so that its peak memory is its own.

Run:  .venv/bin/python benchmarks/indicators.py [--units N] [--pandas-units N] [--repeat N]
[--no-provincial]

``--pandas-units N`` runs the group-apply on the first N units only and scales its time
linearly to all units (the output says so); by default it runs on the full panel.
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
)
from taicang_analysis.engine.status import KINDS, QUALIFIERS, target_status  # noqa: E402
from taicang_analysis.engine.toolkit import with_last_year  # noqa: E402

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


def _indicators_np(
    ytd: np.ndarray,
    prev_ytd: np.ndarray,
    prev_full: np.ndarray,
    month: np.ndarray,
    tg: np.ndarray,
    growth_kind: np.ndarray,
    about: np.ndarray,
) -> dict[str, np.ndarray]:
    """yoy, completion, pace gap, required growth and status from aligned NumPy columns (both
    pandas sides; the same rule as target_status, exact figures)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        yoy = np.where(prev_ytd > 0, (ytd - prev_ytd) / prev_ytd * 100, np.nan)
        tl = prev_full * (1 + tg / 100)
        completion = np.where(tl > 0, ytd / tl * 100, np.nan)
        rest = prev_full - prev_ytd
        req = np.where(rest > 0, ((prev_full * (1 + tg / 100) - ytd) / rest - 1) * 100, np.nan)

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
    return {
        "yoy": yoy,
        "completion": completion,
        "pace_gap": completion - month / 12 * 100,
        "required": req,
        "status": np.where(growth_kind, st_g, st_l),
    }


def _per_series(g: pd.DataFrame) -> pd.DataFrame:
    """One (unit, indicator) series, the way an analyst writes it in pandas."""
    g = g.sort_values(["year", "month"]).copy()
    s = g.set_index(["year", "month"])["ytd_value"]
    # same month of last year, by calendar label (not by position)
    prev_ytd = s.reindex(pd.MultiIndex.from_arrays([g["year"] - 1, g["month"]])).to_numpy()
    dec = s[s.index.get_level_values("month") == 12].droplevel("month")
    prev_full = dec.reindex(g["year"] - 1).to_numpy()
    out = _indicators_np(
        g["ytd_value"].to_numpy(),
        prev_ytd,
        prev_full,
        g["month"].to_numpy().astype(float),
        g["target_growth"].to_numpy(),
        (g["kind"] == "growth_rate").to_numpy(),
        (g["qualifier"] == "about").to_numpy(),
    )
    for name, values in out.items():
        g[name] = values
    return g


def run_pandas(panel: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    df = panel.merge(targets, on=["indicator", "year"], how="left")
    return df.groupby(["unit", "indicator"], group_keys=False)[df.columns.tolist()].apply(
        _per_series
    )


# --------------------------------------------------------------------------- pandas (vectorised)


def run_pandas_vectorised(panel: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The strongest pandas: no per-series Python, two merges on year − 1 (same month; December)
    and whole-column NumPy. Code columns are ``category`` (as Enum on the Polars side)."""
    keys = ["unit", "indicator"]
    last = panel[[*keys, "year", "month", "ytd_value"]].rename(columns={"ytd_value": "prev_ytd"})
    last["year"] = last["year"] + 1
    full = panel.loc[panel["month"] == 12, [*keys, "year", "ytd_value"]].rename(
        columns={"ytd_value": "prev_full"}
    )
    full["year"] = full["year"] + 1
    df = (
        panel.merge(last, on=[*keys, "year", "month"], how="left")
        .merge(full, on=[*keys, "year"], how="left")
        .merge(targets, on=["indicator", "year"], how="left")
    )
    out = _indicators_np(
        df["ytd_value"].to_numpy(),
        df["prev_ytd"].to_numpy(dtype=float, na_value=np.nan),
        df["prev_full"].to_numpy(dtype=float, na_value=np.nan),
        df["month"].to_numpy().astype(float),
        df["target_growth"].to_numpy(dtype=float, na_value=np.nan),
        (df["kind"] == "growth_rate").to_numpy(),
        (df["qualifier"] == "about").to_numpy(),
    )
    return df.assign(**out)


def _categorical(df: pl.DataFrame) -> pd.DataFrame:
    """Through NumPy; Enum columns become pandas categoricals with the same categories."""
    cols = {}
    for c in df.columns:
        s = df[c]
        if isinstance(s.dtype, pl.Enum):
            cols[c] = pd.Categorical.from_codes(
                s.to_physical().to_numpy(), categories=list(s.dtype.categories)
            )
        else:
            cols[c] = s.to_numpy()
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------- DuckDB SQL

_SQL_CALC = """
calc AS (
  SELECT *,
    prev_full * (1 + target_growth / 100) AS target_level,
    CASE WHEN prev_ytd > 0 THEN (ytd_value - prev_ytd) / prev_ytd * 100 END AS yoy,
    CASE WHEN prev_full - prev_ytd > 0
         THEN ((prev_full * (1 + target_growth / 100) - ytd_value) / (prev_full - prev_ytd) - 1) * 100
    END AS required
  FROM base
), calc2 AS (
  SELECT *,
    CASE WHEN target_level > 0 THEN ytd_value / target_level * 100 END AS completion,
    CASE WHEN kind = 'growth_rate' THEN target_growth ELSE target_level END AS target
  FROM calc
)
SELECT unit, indicator, year, month, ytd_value, prev_ytd, prev_full, kind, qualifier,
  target_growth, target_level, yoy, completion, completion - month / 12 * 100 AS pace_gap, required,
  CASE WHEN kind = 'growth_rate' THEN
    CASE WHEN yoy IS NULL OR target IS NULL THEN 'no_data'
         WHEN month >= 12 THEN
           CASE WHEN (CASE WHEN qualifier = 'about' THEN yoy >= target - 0.5 ELSE yoy >= target END)
                THEN 'met' ELSE 'off_track' END
         WHEN required IS NULL THEN 'no_data'
         WHEN required - yoy <= 0.5 THEN 'on_track'
         WHEN required - yoy <= 2.0 THEN 'at_risk'
         ELSE 'off_track' END
  ELSE
    CASE WHEN ytd_value IS NULL OR target IS NULL THEN 'no_data'
         WHEN (CASE WHEN qualifier = 'about' THEN ytd_value >= target - target * 0.01
                    ELSE ytd_value >= target END) THEN 'met'
         WHEN month >= 12 THEN 'off_track'
         WHEN (target - ytd_value) / (12 - month) <= 0 THEN 'on_track'
         WHEN ytd_value / month >= 0.95 * ((target - ytd_value) / (12 - month)) THEN 'on_track'
         WHEN ytd_value / month >= 0.60 * ((target - ytd_value) / (12 - month)) THEN 'at_risk'
         ELSE 'off_track' END
  END AS status
FROM calc2
"""

#: self-join on year − 1 (same month) and on year − 1, month 12
SQL_JOIN = """
CREATE OR REPLACE TEMP TABLE result AS
WITH base AS (
  SELECT p.*, l.ytd_value AS prev_ytd, f.ytd_value AS prev_full, t.kind, t.qualifier, t.target_growth
  FROM panel p
  LEFT JOIN panel l ON l.unit = p.unit AND l.indicator = p.indicator AND l.month = p.month
                   AND l.year = p.year - 1
  LEFT JOIN panel f ON f.unit = p.unit AND f.indicator = p.indicator AND f.month = 12
                   AND f.year = p.year - 1
  LEFT JOIN targets t ON t.indicator = p.indicator AND t.year = p.year
), """ + _SQL_CALC

#: window function (LAG over the same month's years) for the same period; a join for December
SQL_WINDOW = """
CREATE OR REPLACE TEMP TABLE result AS
WITH lagged AS (
  SELECT *,
    LAG(ytd_value) OVER w AS lag_value,
    LAG(year) OVER w AS lag_year
  FROM panel
  WINDOW w AS (PARTITION BY unit, indicator, month ORDER BY year)
), dec AS (
  SELECT unit, indicator, year + 1 AS year, ytd_value AS prev_full FROM panel WHERE month = 12
), base AS (
  SELECT l.unit, l.indicator, l.year, l.month, l.ytd_value,
    CASE WHEN l.lag_year = l.year - 1 THEN l.lag_value END AS prev_ytd,
    d.prev_full, t.kind, t.qualifier, t.target_growth
  FROM lagged l
  LEFT JOIN dec d ON d.unit = l.unit AND d.indicator = l.indicator AND d.year = l.year
  LEFT JOIN targets t ON t.indicator = l.indicator AND t.year = l.year
), """ + _SQL_CALC


def duckdb_connect(panel: pd.DataFrame, targets: pd.DataFrame, threads: int):
    """An in-memory DuckDB with the panel and targets loaded as tables (categoricals -> ENUM)."""
    import duckdb

    con = duckdb.connect(config={"threads": threads})
    con.register("panel_df", panel)
    con.register("targets_df", targets)
    con.execute("CREATE TABLE panel AS SELECT * FROM panel_df")
    con.execute("CREATE TABLE targets AS SELECT * FROM targets_df")
    con.unregister("panel_df")
    con.unregister("targets_df")
    return con


def duckdb_rows(con, keys: pd.DataFrame) -> pl.DataFrame:
    """The result rows of the given keys (for the comparison; not timed)."""
    con.register("sample_keys", keys)
    got = con.execute(
        "SELECT r.unit, CAST(r.indicator AS VARCHAR) AS indicator, r.year, r.month, r.yoy, "
        "r.completion, r.pace_gap, r.required, r.status FROM result r "
        "JOIN sample_keys k USING (unit, indicator, year, month)"
    ).fetchnumpy()
    con.unregister("sample_keys")
    # NULL comes back masked: NaN for the numbers (compare() reads NaN as null)
    return pl.DataFrame(
        {c: v.astype(float).filled(np.nan) if np.ma.isMaskedArray(v) else np.asarray(v) for c, v in got.items()}
    )


# --------------------------------------------------------------------------- comparison


def _to_pandas(df: pl.DataFrame) -> pd.DataFrame:
    """Column by column through NumPy (no pyarrow needed)."""
    return pd.DataFrame({c: df[c].to_numpy() for c in df.columns})


def _other(out: pd.DataFrame | pl.DataFrame) -> pl.DataFrame:
    cols = ["unit", "indicator", "year", "month", "yoy", "completion", "pace_gap", "required", "status"]
    if isinstance(out, pd.DataFrame):
        out = pl.DataFrame({c: np.asarray(out[c].astype(str) if c == "indicator" else out[c]) for c in cols})
    return out.select(cols).with_columns(
        pl.col("unit").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        pl.col("month").cast(pl.Int8),
        pl.col("indicator").cast(pl.String),
        pl.col("status").cast(pl.String),
        *[pl.col(c).cast(pl.Float64).fill_nan(None) for c in cols[4:8]],
    )


def sample_keys(pl_out: pl.DataFrame, n: int = 200_000, seed: int = 1) -> pl.DataFrame:
    return pl_out.sample(n=min(n, pl_out.height), seed=seed)


def compare(sample: pl.DataFrame, other: pd.DataFrame | pl.DataFrame, name: str) -> str:
    """Equal yoy/completion/pace gap/required (1e-9 relative) and status on the sampled rows."""
    cols = ["yoy", "completion", "pace_gap", "required"]
    keys = ["unit", "indicator", "year", "month"]
    sample = sample.select(*keys, *cols, "status").with_columns(pl.col("indicator").cast(pl.String))
    j = sample.join(_other(other), on=keys, how="left", suffix="_o")
    if j.height != sample.height or j["status_o"].null_count():
        raise AssertionError(f"{name}: rows missing")
    for c in cols:
        a, b = j[c], j[f"{c}_o"]
        if not (a.is_null() == b.is_null()).all():
            raise AssertionError(f"{name}: {c}: null pattern differs")
        diff = (a - b).abs().max()
        if diff is not None and diff > 1e-9 * max(1.0, a.abs().max()):
            raise AssertionError(f"{name}: {c}: max abs difference {diff}")
    bad = (j["status"] != j["status_o"]).sum()
    if bad:
        raise AssertionError(f"{name}: status differs on {bad} rows")
    nulls = j["yoy"].null_count()
    counts = dict(j.group_by("status").len().sort("status").iter_rows())
    return (
        f"{name}: {j.height:,} sampled rows equal (yoy/completion/pace_gap/required; "
        f"{nulls:,} yoy nulls where no base), status equal {counts}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=N_UNITS, help="synthetic units (default 2844)")
    ap.add_argument("--repeat", type=int, default=5, help="timing repeats, best of (not group-apply)")
    ap.add_argument(
        "--pandas-units", type=int, default=None,
        help="run the pandas group-apply on the first N units and scale (default: all)",
    )
    ap.add_argument("--no-provincial", action="store_true", help="skip the provincial-scale run")
    args = ap.parse_args()
    threads = pl.thread_pool_size()

    panel, targets = make_synthetic_panel(args.units)
    full_rows = args.units * N_IND * len(YEARS) * len(MONTHS)
    print(
        f"SYNTHETIC panel: {args.units:,} units x {N_IND} indicators x {len(YEARS)} years x "
        f"12 months = {full_rows:,} cells, {full_rows - panel.height:,} months dropped at random "
        f"-> {panel.height:,} rows (seed {SEED}); {threads} threads for Polars and DuckDB"
    )

    # DuckDB: tables loaded once (not timed); each query materialises its result as a table
    panel_cat, targets_cat = _categorical(panel), _categorical(targets)
    con = duckdb_connect(panel_cat, targets_cat, threads)
    queries = {"DuckDB SQL, self-join": SQL_JOIN, "DuckDB SQL, window": SQL_WINDOW}
    contenders = {
        "engine (Polars)": lambda: run_polars(panel, targets),
        **{name: (lambda sql=sql: con.execute(sql)) for name, sql in queries.items()},
        "pandas, merge on year-1": lambda: run_pandas_vectorised(panel_cat, targets_cat),
    }
    run_polars(panel.head(1000), targets)  # warm-ups
    for sql in queries.values():
        con.execute(sql.replace("FROM panel", "FROM (SELECT * FROM panel LIMIT 1000)"))
    # interleaved rounds, so that the noise of a shared machine falls on every contender alike
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.repeat):
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)

    # equal results on a sample (untimed reruns)
    pl_out = run_polars(panel, targets)
    sample = sample_keys(pl_out)
    del pl_out
    keys_pd = _categorical(sample.select("unit", "indicator", "year", "month"))
    checks = []
    for name, sql in queries.items():
        con.execute(sql)
        checks.append(compare(sample, duckdb_rows(con, keys_pd), name))
    con.close()
    checks.append(compare(sample, run_pandas_vectorised(panel_cat, targets_cat), "pandas merge"))

    # pandas, group-apply (one run; optionally on part of the units, scaled)
    pd_units = args.units if args.pandas_units is None else min(args.pandas_units, args.units)
    part = panel if pd_units == args.units else panel.filter(pl.col("unit") < pd_units)
    t0 = time.perf_counter()
    pd_out = run_pandas(_to_pandas(part), _to_pandas(targets))
    t_ga = time.perf_counter() - t0
    scale = args.units / pd_units
    note = ""
    if scale != 1:
        note = f" (ran on {pd_units:,} of {args.units:,} units: {t_ga:.1f} s x {scale:.2f})"
        t_ga *= scale
    checks.append(compare(sample.filter(pl.col("unit") < pd_units), pd_out, "pandas group-apply"))

    best = {name: min(ts) for name, ts in times.items()}
    median = {name: float(np.median(ts)) for name, ts in times.items()}
    engine = "engine (Polars)"
    print(f"{'':26} {'best':>7} {'median':>7}   x engine (best, median)")
    for name in sorted(times, key=best.get):
        ratio = "" if name == engine else f"   {best[name] / best[engine]:4.1f}x, {median[name] / median[engine]:4.1f}x"
        print(f"{name:<26} {best[name]:6.2f}s {median[name]:6.2f}s{ratio}")
    print(f"{'pandas, group-apply':<26} {t_ga:6.1f}s {'':7}   {t_ga / best[engine]:4.0f}x (one run){note}")
    print(f"({args.repeat} interleaved rounds; engine runs {', '.join(f'{t:.2f}' for t in times[engine])} s)")
    for line in checks:
        print(line)
    others = [n for n in times if n != engine]
    ahead = all(best[engine] < best[n] and median[engine] < median[n] for n in others)
    print(f"engine ahead of DuckDB SQL and vectorised pandas (best and median): {'yes' if ahead else 'NO'}")

    if not args.no_provincial:
        import subprocess

        script = Path(__file__).with_name("provincial.py")
        print("\n--- provincial run (separate process, so its peak memory is its own) ---", flush=True)
        subprocess.run([sys.executable, str(script)], check=True)


if __name__ == "__main__":
    main()

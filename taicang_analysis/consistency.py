"""Figures that do not fit the other figures of their series: found by general rules, flagged 存疑.

:func:`conflicts` checks every figure against the others of its series (same region, indicator and
unit) and returns one row per conflict: ``figure_id`` (the figure in doubt), ``rule``, ``reason``
(short, in Chinese, with the numbers) and ``other_ids`` (the figures it conflicts with, joined by
``+``; for a derived neighbour, the published figures it was derived from). :func:`apply_flags` sets
the flagged figures' ``reliability`` to ``doubtful`` and their ``flag`` to the reason.

The rules (a flow is a catalogue ``series_type`` ``flow``: its year-to-date level only grows within
a year):

``ytd_pace`` — a full-year level against the year-to-date levels of the same year
    For a full-year level ``F`` and a year-to-date level ``Yₘ`` (month ``m``; published, or derived
    from the next year's year-to-date level and growth by :func:`taicang_analysis.derive.derive_figures`),
    the rest of the year must run at ``(F − Yₘ) / (12 − m)`` a month, ``q`` times the pace so far
    ``Yₘ / m``. The same ratio is computed for the other years of the series that have an exact
    full-year and year-to-date level, at the month nearest to ``m`` that has one (the months of a
    year do not run at one pace); ``F`` is flagged when ``q`` is above the largest ratio seen times
    :data:`FACTOR` or (for an exact ``F``) below the smallest divided by it. With no such year,
    the monthly rate ``(F − Yₘ) / (12 − m)`` is compared in the same way with the range of monthly
    rates (level ÷ months) of the series' other years. A lower bound (突破1000) is flagged only when
    even the bound is too high. An exact ``F`` below ``Yₘ`` is always flagged (``ytd_exceeds_year``).
``bound_contradicted`` — a lower bound against an exact figure
    A lower bound (超 / 突破 L) with an exact figure below L for the same period, or later in the same
    accumulation (a later month of the same year for a flow; a later date for a running total of
    an indicator that counts new things): the bound is flagged.
``preliminary_vs_final`` — a preliminary figure (预计数) against the final one
    Same region, indicator, measure, unit and period, both exact, differing by more than the
    rounding of the coarser one (half a unit of its last significant digit: 1330 → ±5, 6.8 → ±0.05):
    the preliminary figure is flagged.

No rule chains a comparable-price (real) growth with a current-price level: the only growth used
is through :func:`~taicang_analysis.derive.derive_figures`, which refuses those indicators.

Examples
--------
>>> from taicang_analysis.sources.figures import load_figures
>>> c = conflicts(load_figures())
>>> c.filter(pl.col("figure_id") == "b1-r091").select("rule", "other_ids").row(0)
('ytd_pace', 'b1-r093+b1-r092')
"""

from __future__ import annotations

import polars as pl

from taicang_analysis.derive import complete_layout, date_key, derive_figures, fmt_input, when_zh
from taicang_analysis.engine import MONTHS_PER_YEAR
from taicang_analysis.engine.formulas import needed_per_month
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.vocabulary import word, zh

__all__ = ["CONFLICT_SCHEMA", "FACTOR", "apply_flags", "conflicts", "rounding_tolerance"]

#: how far outside the range seen in a series' history an implied pace may lie before it is flagged
FACTOR = 1.25
CONFLICT_SCHEMA = {"figure_id": pl.String, "rule": pl.String, "reason": pl.String, "other_ids": pl.String}
_NOT_OBSERVED = ("target", "derived")


def rounding_tolerance(value: float) -> float:
    """Half a unit of the last significant digit of a published number: how far the true value may
    lie from it through rounding alone (trailing zeros of a whole number count as rounding).

    Examples
    --------
    >>> rounding_tolerance(1330.0), rounding_tolerance(6.8), rounding_tolerance(1330.72), rounding_tolerance(7.0)
    (5.0, 0.05, 0.005, 0.5)
    """
    text = fmt_input(abs(value))
    if "." in text:
        return 0.5 * 10.0 ** -len(text.split(".")[1])
    zeros = len(text) - len(text.rstrip("0")) if text != "0" else 0
    return 0.5 * 10.0**zeros


def _text(row: dict) -> str:
    """A figure as the reader sees it: 803.9万标箱, 1000万标箱以上, 约500家."""
    template = word("bound", row["bound"], "template") or "{v}"
    return template.format(v=fmt_input(row["value"]) + (row["unit"] or ""))


_when = when_zh


def _ids(row: dict) -> list[str]:
    return row["inputs"].split("+") if row.get("inputs") else [row["figure_id"]]


def _source_note(row: dict, by_id: dict[str, dict]) -> str:
    """For a derived neighbour: what it was derived from, e.g. (由2025年1-8月580万标箱、增长2.2%推算)."""
    if not row.get("formula"):
        return ""
    inputs = [by_id[i] for i in _ids(row) if i in by_id]
    level = [r for r in inputs if r["measure"] == "level"]
    growth = [r for r in inputs if r["measure"] == "growth_pct"]
    if level and growth:
        return f"(由{_when(level[0])}{_text(level[0])}、增长{fmt_input(growth[0]['value'])}%推算)"
    return f"(推算:{row['formula']})"


def _observed(figures: pl.DataFrame) -> pl.DataFrame:
    return figures.filter(~pl.col("release").is_in(_NOT_OBSERVED), pl.col("value").is_not_null())


def _pace_conflicts(levels: list[dict], factor: float, by_id: dict[str, dict]) -> list[dict]:
    """Rule ``ytd_pace`` / ``ytd_exceeds_year`` on one series' levels (observed and derived)."""
    full = [r for r in levels if r["month"] == MONTHS_PER_YEAR and r["period_type"] == "year"]
    ytd = [r for r in levels if r["period_type"] == "ytd" and r["month"] and r["month"] < MONTHS_PER_YEAR
           and r["bound"] == "exact" and r["value"] > 0]

    def monthly_rest(f: dict, y: dict) -> float:
        # what each remaining month must bring to reach the full year: the engine's one formula
        return pl.select(needed_per_month(pl.lit(y["value"]), pl.lit(f["value"]), pl.lit(y["month"]))).item()

    def ratio(f: dict, y: dict) -> float:
        return monthly_rest(f, y) / (y["value"] / y["month"])

    trusted_full = [f for f in full if f["bound"] == "exact" and f["reliability"] != "doubtful"]
    out = []
    for f in full:
        if f.get("formula") or f["bound"] not in ("exact", "lower"):
            continue  # derived levels are neighbours, never the figure in doubt
        for y in (y for y in ytd if y["year"] == f["year"]):
            m, others = y["month"], "+".join(_ids(y))
            if f["value"] < y["value"]:
                if f["bound"] == "exact":
                    out.append({"figure_id": f["figure_id"], "rule": "ytd_exceeds_year", "other_ids": others,
                                "reason": f"{_when(f)}全年{_text(f)}小于{_when(y)}累计{_text(y)}"
                                          f"{_source_note(y, by_id)}"})
                continue
            q = ratio(f, y)
            rest = monthly_rest(f, y)
            # the same ratio in other years, at the month nearest to m that has one (seasonality)
            hist = [(abs(z["month"] - m), z["month"], ratio(g, z)) for g in trusted_full for z in ytd
                    if z["year"] == g["year"] != f["year"] and g["value"] >= z["value"]]
            unit = f["unit"] or ""
            lead = (f"{_when(f)}全年{_text(f)}与{_when(y)}累计{_text(y)}{_source_note(y, by_id)}不符:"
                    f"其余{MONTHS_PER_YEAR - m}个月须月均{fmt_input(round(rest, 1))}{unit}")
            if hist:
                nearest = min(d for d, _, _ in hist)
                months = sorted({mm for d, mm, _ in hist if d == nearest})
                seen = [r for d, _, r in hist if d == nearest]
                lo, hi = min(seen), max(seen)
                if q > hi * factor or (f["bound"] == "exact" and q < lo / factor):
                    span = "、".join(f"1-{mm}月" for mm in months)
                    out.append({"figure_id": f["figure_id"], "rule": "ytd_pace", "other_ids": others,
                                "reason": f"{lead},为1-{m}月月均{fmt_input(round(y['value'] / m, 1))}{unit}的"
                                          f"{q:.2f}倍；其他年份按{span}计此倍数在{lo:.2f}至{hi:.2f}之间"})
                continue
            rates = [r["value"] / r["month"] for r in levels
                     if r["year"] != f["year"] and r["bound"] == "exact" and r["month"]
                     and r["reliability"] != "doubtful" and r["period_type"] in ("year", "ytd")]
            if len(rates) >= 2:
                lo, hi = min(rates), max(rates)
                if rest > hi * factor or (f["bound"] == "exact" and rest < lo / factor):
                    out.append({"figure_id": f["figure_id"], "rule": "ytd_pace", "other_ids": others,
                                "reason": f"{lead}；其他年份月均在{lo:.1f}至{hi:.1f}{unit}之间"})
    return out


def _bound_conflicts(rows: list[dict], cumulative_over_time: bool) -> list[dict]:
    """Rule ``bound_contradicted`` on one series (one region, indicator, measure and unit)."""
    out = []
    for b in (r for r in rows if r["bound"] == "lower"):
        for e in (r for r in rows if r["bound"] == "exact" and r["value"] < b["value"]):
            same = e["period"] == b["period"]
            later_in_year = (b["period_type"] in ("year", "ytd") and e["period_type"] in ("year", "ytd")
                             and e["year"] == b["year"] and (e["month"] or 0) >= (b["month"] or 0))
            later = cumulative_over_time and date_key(e["period"]) >= date_key(b["period"])
            if same or later_in_year or later:
                out.append({"figure_id": b["figure_id"], "rule": "bound_contradicted", "other_ids": e["figure_id"],
                            "reason": f"{_when(b)}{_text(b)}为下限,但{_when(e)}确数仅{_text(e)}"})
    return out


def _release_conflicts(rows: list[dict]) -> list[dict]:
    """Rule ``preliminary_vs_final`` on one series (one region, indicator, measure and unit)."""
    out = []
    exact = [r for r in rows if r["bound"] == "exact"]
    for p in (r for r in exact if r["release"] == "preliminary"):
        for f in (r for r in exact if r["release"] == "final" and r["period"] == p["period"]):
            tol = max(rounding_tolerance(p["value"]), rounding_tolerance(f["value"]))
            diff = abs(p["value"] - f["value"])
            if diff > tol + 1e-9:
                unit = p["unit"] or ""
                out.append({"figure_id": p["figure_id"], "rule": "preliminary_vs_final", "other_ids": f["figure_id"],
                            "reason": f"{_when(p)}{zh('release', 'preliminary')}{_text(p)}与"
                                      f"{zh('release', 'final')}{_text(f)}相差{fmt_input(round(diff, 6))}{unit},"
                                      f"超出四舍五入误差(±{fmt_input(tol)})"})
    return out


def conflicts(figures: pl.DataFrame, *, catalogue: pl.DataFrame | None = None,
              factor: float = FACTOR) -> pl.DataFrame:
    """Every conflict among ``figures`` by the rules of this module.

    Parameters
    ----------
    figures
        Figures as :func:`~taicang_analysis.sources.figures.load_figures` gives them; targets and
        derived rows are not judged (derived levels are computed here as neighbours).
    catalogue
        The indicator catalogue (default: the data folder's).
    factor
        How far outside the range seen in the series' history an implied pace may lie.

    Returns
    -------
    polars.DataFrame
        ``figure_id, rule, reason, other_ids``, one row per conflict, sorted by figure id and rule.

    Examples
    --------
    SYNTHETIC series: Jan–Sep is 90 and the full year 120 in two years (the last 3 months run at
    10 a month, the first 9 at 10: ratio 1.0); a third year says 200 after 90 by September:
    (200 − 90) / 3 = 36.7 a month, 3.67 times the pace so far — far outside 1.0 × 1.25.

    >>> rows = [(y, m, v) for y in (2020, 2021) for m, v in ((9, 90.0), (12, 120.0))] + [
    ...     (2022, 9, 90.0), (2022, 12, 200.0)]
    >>> f = pl.DataFrame({"figure_id": [f"s{i}" for i in range(6)], "region": "太仓市", "indicator": "port_teu",
    ...     "indicator_zh": "", "period": [f"{y}-{m:02d}" if m < 12 else str(y) for y, m, _ in rows],
    ...     "period_type": ["ytd" if m < 12 else "year" for _, m, _ in rows], "year": [y for y, _, _ in rows],
    ...     "month": [m for _, m, _ in rows], "measure": "level", "value": [v for *_, v in rows],
    ...     "unit": "万标箱", "bound": "exact", "release": "final", "reliability": "news",
    ...     "source_url": "https://example.com/SYNTHETIC", "source_title": "SYNTHETIC", "quote": "SYNTHETIC",
    ...     "notes": ""})
    >>> conflicts(f).select("figure_id", "rule", "other_ids").rows()
    [('s5', 'ytd_pace', 's4')]
    """
    cat = load_indicators() if catalogue is None else catalogue
    flows = set(cat.filter(pl.col("series_type") == "flow")["id"].to_list())
    running = set(cat.filter(pl.col("count_measure") == "count_new")["id"].to_list())
    figures = complete_layout(figures)
    obs = _observed(figures)
    derived = derive_figures(figures, catalogue=cat).filter(pl.col("measure") == "level")
    out: list[dict] = []
    by_id = {r["figure_id"]: r for r in obs.iter_rows(named=True)}
    levels = pl.concat([obs.filter(pl.col("measure") == "level", pl.col("period_type").is_in(["year", "ytd"]))
                        .with_columns(formula=pl.lit(None, pl.String), inputs=pl.lit(None, pl.String))
                        .select(*derived.columns), derived.select(*derived.columns)], how="vertical_relaxed")
    for (_, ind, _), group in levels.group_by(["region", "indicator", "unit"], maintain_order=True):
        if ind in flows:
            out += _pace_conflicts(group.to_dicts(), factor, by_id)
    for (_, ind, measure, _), group in obs.group_by(["region", "indicator", "measure", "unit"], maintain_order=True):
        rows = group.to_dicts()
        if measure in ("level", "count_total", "count_new"):
            out += _bound_conflicts(rows, cumulative_over_time=measure == "count_total" and ind in running)
        out += _release_conflicts(rows)
    frame = pl.DataFrame(out, schema=CONFLICT_SCHEMA, orient="row")
    return frame.unique(maintain_order=True).sort("figure_id", "rule", "other_ids")


def apply_flags(figures: pl.DataFrame, *, catalogue: pl.DataFrame | None = None,
                factor: float = FACTOR) -> pl.DataFrame:
    """``figures`` with every figure found by :func:`conflicts` graded ``doubtful`` (存疑) and its
    reasons in ``flag`` (joined by ``；`` after any flag it already had, e.g. an analyst's
    accepted-with-reason note). Adds ``flag`` (String) when missing; rows and order unchanged;
    applying it twice changes nothing more.

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> f = apply_flags(load_figures())
    >>> row = f.filter(pl.col("figure_id") == "b1-r091").row(0, named=True)
    >>> row["reliability"], row["flag"][:36]
    ('doubtful', '2024年全年1000万标箱以上与2024年1-8月累计567.5万标箱')
    """
    found = conflicts(figures, catalogue=catalogue, factor=factor)
    if "flag" not in figures.columns:
        figures = figures.with_columns(flag=pl.lit(None, dtype=pl.String))
    if found.is_empty():
        return figures
    reasons = found.group_by("figure_id", maintain_order=True).agg(
        _reason=pl.col("reason").unique(maintain_order=True).str.join("；"))
    columns = figures.columns
    out = figures.join(reasons, on="figure_id", how="left", maintain_order="left")
    flagged = pl.col("_reason").is_not_null()
    known = pl.col("flag").fill_null("").str.contains(pl.col("_reason"), literal=True)  # applied twice
    return out.with_columns(
        reliability=pl.when(flagged).then(pl.lit("doubtful")).otherwise(pl.col("reliability")),
        flag=pl.when(flagged & ~known).then(pl.concat_str([pl.col("flag"), pl.col("_reason")], separator="；",
                                                          ignore_nulls=True)).otherwise(pl.col("flag")),
    ).select(columns)

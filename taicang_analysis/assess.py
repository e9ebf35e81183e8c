"""Where every target stands and what each assumption gives — all targets at once, as frames.

The scorecard, the scenario panel in Lab and the report's kernel-free scenarios all read these
frames; every number in them comes from the engine's expressions (:mod:`taicang_analysis.engine`),
so no formula is written twice. Words are the notebook layer's business: this module returns codes.

The starting point of a target's scenario (:func:`scenario_starts`), in order of preference:

1. the latest month of the target year (the analyst's monthly file before a published figure),
   with last year's same-month level observed, or else implied by 累计值 and 累计增长%
   (:func:`~taicang_analysis.engine.formulas.implied_base`);
2. no figure of the target year: month 0, from last year's full-year level.

Scenario modes (column ``mode``):

=============  =================================================================================
``growth``     an assumed growth (%) of the remaining months over the same months of last year;
               for growth targets, and level targets whose last-year level is known
``amount``     an assumed amount per remaining month (level targets without last year's level)
``count``      a whole number of things over the rest of the year (count targets: 家, 个, 支)
``done``       the year is complete: the result, no assumption
=============  =================================================================================

Growth at comparable prices (GDP) and on a comparable-firms basis (规上工业产值) does not chain with
current-price levels: for those indicators a scenario returns the year-end *growth* only; its
``year_end_value`` is null (the levels shown beside them are labelled 现价 by the notebook layer).

A scenario is judged on the value as displayed: year-end values are rounded to the catalogue's
decimals for the indicator and growth to one decimal **before** the qualifier rule is applied, so
a sentence never shows a number that passes while the verdict says it fails.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import polars as pl

from taicang_analysis.context import current
from taicang_analysis.engine import (
    ABOUT_TOLERANCE_PP,
    MONTHS_PER_YEAR,
    completion_rate,
    evidence,
    growth_rate,
    implied_base,
    needed_per_month,
    pace_gap,
    project_year_end,
    project_year_end_growth,
    required_growth,
    target_status,
    time_progress,
)
from taicang_analysis.run import open_run
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.panel import DEFAULT_REGION
from taicang_analysis.vocabulary import NUMERIC_KINDS, RELIABILITIES

__all__ = [
    "GROWTH_DECIMALS",
    "NUMERIC_KINDS",
    "assumption_grid",
    "preferred_figures",
    "scenario_starts",
    "scenario_table",
    "scorecard",
]

#: decimals of a growth rate as the report shows it (and as the verdict judges it)
GROWTH_DECIMALS = 1

#: the analyst's own figure first, then the vocabulary's order of reliability (official … doubtful),
#: then of release (final, preliminary, …, derived)
_PREFERENCE = pl.concat_str(
    pl.when(pl.col("origin") == "analyst").then(pl.lit("0")).otherwise(pl.lit("1")),
    pl.col("reliability").replace_strict({c: str(i) for i, c in enumerate(RELIABILITIES)}, default="9", return_dtype=pl.String),
    pl.col("release").replace_strict({"final": "0", "preliminary": "1", "derived": "2"}, default="3", return_dtype=pl.String),
)


def _flagged(reliability: str) -> pl.Expr:
    """A figure flagged 存疑 (by a consistency rule, or a plausibility rule the analyst has not accepted)."""
    return pl.col(reliability) == "doubtful"


def preferred_figures(figures: pl.DataFrame) -> pl.DataFrame:
    """One figure per region, indicator, measure, period and unit: the analyst's own, else the most
    reliable source, else the final over the preliminary figure, and an observed over a derived one.

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> f = preferred_figures(load_figures())
    >>> f.filter((pl.col("indicator") == "gdp") & (pl.col("period") == "2018")
    ...          & (pl.col("measure") == "growth_pct"))["value"].to_list()
    [7.0]
    """
    return (
        figures.filter(pl.col("release") != "target", pl.col("value").is_not_null())
        .with_columns(_rank=_PREFERENCE)
        .sort("_rank")
        .unique(["region", "indicator", "measure", "period", "unit"], keep="first", maintain_order=True)
        .drop("_rank")
        .sort("region", "indicator", "measure", "year", "month", nulls_last=True)
    )


def _inputs(year: int | None, data: str | os.PathLike[str] | None, targets: pl.DataFrame | None,
            figures: pl.DataFrame | None) -> tuple[int, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The year, registry, figures and catalogue: those given, the rest from the run of ``year``
    over ``data`` (:func:`taicang_analysis.run.open_run`, read once per data state)."""
    ctx = current(year=year, data=data)
    if targets is None or figures is None:
        run = open_run(ctx.year, ctx.data_dir)
        targets = run.targets if targets is None else targets
        figures = run.figures if figures is None else figures
    return ctx.year, targets, figures, load_indicators(ctx.data_dir)


def _numeric_targets(targets: pl.DataFrame, catalogue: pl.DataFrame) -> pl.DataFrame:
    facts = catalogue.select(
        pl.col("id").alias("indicator"), pl.col("unit").alias("catalogue_unit"), "series_type",
        "decimals", "price_basis")
    growth = pl.col("kind") == "growth_rate"
    return (
        targets.filter(pl.col("kind").is_in(NUMERIC_KINDS))
        .rename({"value": "target"})
        .with_row_index("order")
        .join(facts, on="indicator", how="left", maintain_order="left")
        .with_columns(
            level_measure=pl.when(growth).then(pl.lit("level")).otherwise(pl.col("measure")),
            level_unit=pl.when(growth).then(pl.col("catalogue_unit")).otherwise(pl.col("unit")),
            decimals=pl.col("decimals").fill_null(2),
            price_basis=pl.col("price_basis").fill_null(""),
            chains=~pl.col("price_basis").fill_null("").is_in(["comparable", "comparable_firms"]),
        )
    )


def _in_year(best: pl.DataFrame) -> pl.DataFrame:
    return best.filter(pl.col("region") == DEFAULT_REGION, pl.col("period_type").is_in(["ytd", "year"]),
                       pl.col("month").is_not_null())


def _start_candidates(best: pl.DataFrame) -> pl.DataFrame:
    """The figures a scenario may start from: never one flagged 存疑, and a derived figure only
    where the year has no observed one of that series (a month beats a derived annual value).

    Examples
    --------
    SYNTHETIC: April observed, the full year derived from it, and a doubtful May.

    >>> f = pl.DataFrame({"indicator": ["fai"] * 3, "measure": ["level"] * 3, "year": [2023] * 3,
    ...                   "month": [4, 12, 5], "release": ["final", "derived", "final"],
    ...                   "reliability": ["official", "official", "doubtful"]})
    >>> _start_candidates(f)["month"].to_list()
    [4]
    """
    if "reliability" in best.columns:
        best = best.filter(pl.col("reliability").fill_null("") != "doubtful")
    observed = (pl.col("release") != "derived").any().over(["indicator", "measure", "year"])
    return best.filter((pl.col("release") != "derived") | ~observed)


def scenario_starts(year: int | None = None, data: str | os.PathLike[str] | None = None, *,
                    targets: pl.DataFrame | None = None, figures: pl.DataFrame | None = None) -> pl.DataFrame:
    """The starting point of every numeric target's scenario, one row per target.

    Returns
    -------
    polars.DataFrame
        ``id, indicator, kind, measure, qualifier, target, value_high, unit`` (the registry's),
        ``series_unit, decimals, price_basis, chains`` (the catalogue's; ``chains`` is false for
        growth at comparable prices), ``mode`` (see the module), ``month`` (0 = no figure of the
        year yet), ``ytd_value, ytd_growth, prev_ytd, prev_full``, the provenance of the start
        (``start_origin``: analyst / published / last_year / none; ``start_title``,
        ``start_release``, ``start_figure_id``; ``prev_title``, ``prev_release``), and what the
        rest of the year still needs: ``required`` (growth % to reach the target itself, or the
        amount per month, or the count over the rest of the year; 0 once reached) and
        ``required_floor`` (for 左右 targets, the growth that reaches the tolerance's low end).

    Examples
    --------
    Budget revenue growth 2023 has no in-year figure and no 2022 level: month 0, and the growth
    still required is the target itself, 6 % (5.5 % reaches the low end of 6%左右):

    >>> s = scenario_starts(2023).filter(pl.col("id") == "budget_revenue_growth")
    >>> s.select("mode", "month", "prev_full", "required", "required_floor", "chains").row(0)
    ('growth', 0, None, 6.0, 5.5, True)

    GDP 2023 is complete with a level only (1734.94 亿元, at current prices): no growth can be read
    from it, so the year's growth is unknown rather than 1734.94 / 1653.57 − 1:

    >>> scenario_starts(2023).filter(pl.col("id") == "gdp_growth").select("mode", "ytd_growth").row(0)
    ('done', None)
    """
    year, targets, figures, catalogue = _inputs(year, data, targets, figures)
    t = _numeric_targets(targets, catalogue)
    best = _start_candidates(_in_year(preferred_figures(figures)))
    levels = best.filter(pl.col("measure") != "growth_pct").select(
        "indicator", pl.col("measure").alias("level_measure"), pl.col("unit").alias("level_unit"),
        "year", "month", "period_type", pl.col("value").alias("level"), pl.col("origin").alias("l_origin"),
        pl.col("source_title").alias("l_title"), pl.col("release").alias("l_release"),
        pl.col("figure_id").alias("l_id"))
    growths = best.filter(pl.col("measure") == "growth_pct").select(
        "indicator", "year", "month", pl.col("value").alias("growth"), pl.col("origin").alias("g_origin"),
        pl.col("source_title").alias("g_title"), pl.col("release").alias("g_release"),
        pl.col("figure_id").alias("g_id"))
    keys = ["indicator", "level_measure", "level_unit"]
    # months of the target year with a level or (growth targets) a growth figure
    months = pl.concat([
        t.join(levels.filter(pl.col("year") == year), on=keys).select("id", "month"),
        t.filter(pl.col("kind") == "growth_rate").join(growths.filter(pl.col("year") == year),
                                                        on="indicator").select("id", "month"),
    ]).group_by("id").agg(pl.col("month").max())
    this = (t.join(months, on="id", how="left")
            .join(levels.filter(pl.col("year") == year).drop("year", "period_type"),
                  on=[*keys, "month"], how="left")
            .join(growths.filter(pl.col("year") == year).drop("year"), on=["indicator", "month"], how="left"))
    prev = levels.filter(pl.col("year") == year - 1)
    prev_full = prev.filter(pl.col("period_type") == "year").select(
        *keys, pl.col("level").alias("prev_full"), pl.col("l_title").alias("prev_title"),
        pl.col("l_release").alias("prev_release"))
    # observed same months of last year only: a derived one is this year's level ÷ (1 + growth), which
    # the start computes itself at full precision (implied_base), not rounded as a derived figure is
    prev_same = prev.filter(pl.col("period_type") == "ytd", pl.col("l_release") != "derived").select(
        *keys, "month", pl.col("level").alias("prev_observed"))
    out = (this.join(prev_full, on=keys, how="left")
           .join(prev_same, on=[*keys, "month"], how="left")
           .with_columns(month=pl.col("month").fill_null(0)))
    out = _derive_start(out.with_columns(
        start_origin=pl.when(pl.col("month") > 0).then(pl.coalesce("l_origin", "g_origin"))
        .when(pl.col("prev_full").is_not_null()).then(pl.lit("last_year")).otherwise(pl.lit("none")),
        start_title=pl.when(pl.col("month") > 0).then(pl.coalesce("l_title", "g_title")).otherwise(pl.col("prev_title")),
        start_release=pl.when(pl.col("month") > 0).then(pl.coalesce("l_release", "g_release"))
        .otherwise(pl.col("prev_release")),
        start_figure_id=pl.coalesce("l_id", "g_id"),
    ))
    return out.sort("order").select(
        "id", "indicator", "kind", "measure", "qualifier", "target", "value_high", "unit",
        pl.col("level_unit").alias("series_unit"), "series_type", "decimals", "price_basis", "chains",
        "mode", "month", "ytd_value", "ytd_growth", "prev_ytd", "prev_full", "start_origin",
        "start_title", "start_release", "start_figure_id", "prev_title", "prev_release", "required",
        "required_floor", "prev_observed",
    )


def _derive_start(out: pl.DataFrame) -> pl.DataFrame:
    """From month, level, growth and last year's levels: last year's same-month level, the mode and
    what the rest of the year still needs (columns of :func:`scenario_starts`)."""
    started = pl.col("month") > 0
    done = pl.col("month") >= MONTHS_PER_YEAR
    growth_kind = pl.col("kind") == "growth_rate"
    out = out.with_columns(
        ytd_value=pl.when(started).then(pl.col("level")).when(pl.col("prev_full").is_not_null() | ~growth_kind)
        .then(pl.lit(0.0)),
        ytd_growth=pl.col("growth"),
        # last year's same months: observed, else implied from this year's level and growth — but
        # never for growth at comparable prices, which does not chain with current-price levels
        prev_ytd=pl.when(done).then(pl.col("prev_full")).when(started & pl.col("chains"))
        .then(pl.coalesce("prev_observed", implied_base("level", "growth")))
        .when(started).then(pl.col("prev_observed"))
        .when(pl.col("prev_full").is_not_null()).then(pl.lit(0.0)),
        mode=pl.when(done).then(pl.lit("done"))
        .when(pl.col("kind") == "count").then(pl.lit("count"))
        .when(growth_kind | pl.col("prev_full").is_not_null()).then(pl.lit("growth"))
        .otherwise(pl.lit("amount")),
    )
    # what the rest of the year still needs, by the engine's formulas
    tol = pl.when(pl.col("qualifier") == "about").then(pl.lit(ABOUT_TOLERANCE_PP)).otherwise(0.0)
    level_goal_growth = growth_rate("target", "prev_full")  # a level target as growth over last year

    def growth_needed(goal: pl.Expr) -> pl.Expr:
        return pl.when(pl.col("prev_full").is_null() & ~started).then(goal).otherwise(
            required_growth("ytd_value", "prev_ytd", "prev_full", goal))

    left = MONTHS_PER_YEAR - pl.col("month")
    out = out.with_columns(
        required=pl.when(done).then(None)
        .when(pl.col("mode") == "growth").then(
            growth_needed(pl.when(growth_kind).then(pl.col("target")).otherwise(level_goal_growth)))
        .when(pl.col("mode") == "amount").then(needed_per_month("ytd_value", "target", "month"))
        .when(pl.col("mode") == "count").then(needed_per_month("ytd_value", "target", "month") * left),
        required_floor=pl.when(~done & growth_kind & (pl.col("qualifier") == "about"))
        .then(growth_needed(pl.col("target") - tol)),
    )
    return out


def restart(start: dict, *, month: int, ytd_value: float | None, ytd_growth: float | None) -> dict:
    """A start row with the analyst's own year-to-date figures typed in (the Lab panel's inputs).

    Last year's same-month level is implied from her level and growth; everything the rest of the
    year needs is recomputed by the same expressions as :func:`scenario_starts`.

    Examples
    --------
    SYNTHETIC: fixed-asset investment 1-6月 250 亿元 against 力争520: (520 − 250) / 6 = 45 a month.

    >>> s = scenario_starts(2023).filter(pl.col("id") == "fai_level").row(0, named=True)
    >>> r = restart(s, month=6, ytd_value=250.0, ytd_growth=None)
    >>> r["mode"], r["required"], r["start_origin"]
    ('amount', 45.0, 'typed')
    """
    row = {**start, "month": int(month), "level": ytd_value, "growth": ytd_growth, "prev_observed": None,
           "start_origin": "typed" if month else start["start_origin"]}
    if month == 0:
        row.update(level=None, growth=None)
    frame = pl.DataFrame([row]).with_columns(
        pl.col("level", "growth", "prev_observed", "prev_full", "target").cast(pl.Float64))
    return _derive_start(frame.drop("ytd_value", "ytd_growth", "prev_ytd", "mode", "required",
                                    "required_floor")).row(0, named=True)


def assumption_grid(start: dict) -> list[float]:
    """The assumptions a slider offers for one start row, centred on the one that just meets the
    target, with fine steps near it.

    - ``growth``: 0.1-point steps within ±1 point of the growth required, 0.5-point steps out to
      ±5 points (also the low end of a 左右 tolerance);
    - ``amount``: steps of one displayed decimal near the amount needed per month, 0 to twice it;
    - ``count``: whole things over the rest of the year, 0 to twice the number needed (at least 10);
    - ``done``: none.

    Examples
    --------
    >>> g = assumption_grid({"mode": "growth", "required": 5.0, "required_floor": 4.5})
    >>> g[0], g[-1], 4.9 in g, 5.0 in g, 5.1 in g, 4.5 in g
    (0.0, 10.0, True, True, True, True)
    >>> assumption_grid({"mode": "count", "required": 3.0})[:5]
    [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> assumption_grid({"mode": "amount", "required": 43.333333})[:3], 43.4 in assumption_grid(
    ...     {"mode": "amount", "required": 43.333333})
    ([0.0, 2.9, 5.8], True)
    """
    need = start.get("required")
    mode = start["mode"]
    if mode == "done":
        return []
    if need is None:
        need = 0.0
    if mode == "growth":
        centre = round(need, 1)
        coarse = np.arange(centre - 5.0, centre + 5.0001, 0.5)
        fine = np.arange(centre - 1.0, centre + 1.0001, 0.1)
        extra = [start["required_floor"]] if start.get("required_floor") is not None else []
        values = {round(float(x), 1) for x in [*coarse, *fine, *extra, float(np.ceil(need * 10) / 10)]}
        return sorted(values)
    if mode == "count":
        top = max(2 * int(np.ceil(need)), int(np.ceil(need)) + 10, 10)
        return [float(x) for x in range(0, top + 1)]
    top = max(2 * need, 1.0)
    coarse = np.linspace(0.0, top, 31)
    fine = np.arange(max(need - 1.0, 0.0), need + 1.0001, 0.1)
    values = {round(float(x), 1) for x in [*coarse, *fine, float(np.ceil(need * 10) / 10)]}
    return sorted(values)


def scenario_table(starts: pl.DataFrame, assumptions: Sequence[float] | pl.DataFrame) -> pl.DataFrame:
    """Year-end outcome and verdict for each start row × assumption, in one vectorised pass.

    Parameters
    ----------
    starts
        Rows of :func:`scenario_starts` (one or many targets).
    assumptions
        The same assumptions for every row (a list), or a frame ``id, assumption``.

    Returns
    -------
    polars.DataFrame
        ``id, assumption, year_end_value, year_end_growth, status`` — values rounded as displayed
        (catalogue decimals; growth to one decimal) and judged as displayed. ``status`` is
        ``met`` or ``off_track`` (the year as it would end; ``no_data`` when it cannot be told).

    Examples
    --------
    力争520亿元 of fixed-asset investment planned from month 0 at a steady 43.3 亿元 a month:
    43.3 × 12 = 519.6 < 520, not met; at 43.4: 43.4 × 12 = 520.8, met:

    >>> s = scenario_starts(2023).filter(pl.col("id") == "fai_level").row(0, named=True)
    >>> fresh = pl.DataFrame([restart(s, month=0, ytd_value=None, ytd_growth=None)])
    >>> scenario_table(fresh, [43.3, 43.4]).select("assumption", "year_end_value", "status").rows()
    [(43.3, 519.6, 'off_track'), (43.4, 520.8, 'met')]

    Growth targets are judged on growth: 6%左右 at 5.4 % fails, at 5.5 % it is met (the low end):

    >>> g = scenario_starts(2023).filter(pl.col("id") == "budget_revenue_growth")
    >>> scenario_table(g, [5.4, 5.5]).select("year_end_growth", "status").rows()
    [(5.4, 'off_track'), (5.5, 'met')]
    """
    if isinstance(assumptions, pl.DataFrame):
        grid = starts.join(assumptions.select("id", pl.col("assumption").cast(pl.Float64)), on="id")
    else:
        grid = starts.join(pl.DataFrame({"assumption": [float(a) for a in assumptions]}), how="cross")
    a, mode = pl.col("assumption"), pl.col("mode")
    no_base = pl.col("prev_full").is_null()
    value = (
        pl.when(mode == "done").then(pl.col("ytd_value"))
        .when(mode == "growth").then(project_year_end("ytd_value", growth=a, prev_ytd="prev_ytd",
                                                      prev_full="prev_full", month="month"))
        .when(mode == "amount").then(project_year_end("ytd_value", monthly_amount=a, month="month"))
        .when(mode == "count").then(pl.col("ytd_value") + a)
    )
    growth = (
        pl.when(mode == "done").then(pl.col("ytd_growth"))
        .when((mode == "growth") & no_base & (pl.col("month") == 0)).then(a)
        .when(mode == "growth").then(project_year_end_growth("ytd_value", growth=a, prev_ytd="prev_ytd",
                                                             prev_full="prev_full"))
    )
    scale = pl.lit(10.0).pow(pl.col("decimals"))  # decimals differ per indicator: each row its own
    out = grid.with_columns(
        year_end_value=pl.when(pl.col("chains")).then((value * scale).round(0) / scale),
        year_end_growth=growth.round(GROWTH_DECIMALS),
    )
    growth_kind = pl.col("kind") == "growth_rate"
    out = out.with_columns(status=target_status(
        kind="kind", target="target", month=pl.lit(MONTHS_PER_YEAR),
        ytd_value=pl.when(~growth_kind).then(pl.col("year_end_value")),
        ytd_growth=pl.when(growth_kind).then(pl.col("year_end_growth")),
        qualifier="qualifier",
    ))
    return out.select("id", "assumption", "year_end_value", "year_end_growth", "status")


def scorecard(year: int | None = None, data: str | os.PathLike[str] | None = None, *,
              targets: pl.DataFrame | None = None, figures: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per numeric target, in the report's order: the target, the latest figure and its
    period, completion, time progress and pace gap, what is still required, and the status.

    Status is decided only from figures of the target year (:func:`~taicang_analysis.engine.target_status`);
    a target with none is ``no_data``, and the latest earlier figure is given for context only
    (``latest_is_current`` false). An in-year growth target is judged by the growth the remaining
    months need against the growth achieved; where last year's levels are unpublished, against the
    target itself (the pace that lands on it if the rest of the year grows as the months so far did).

    Returns
    -------
    polars.DataFrame
        ``id, indicator, kind, measure, qualifier, target, value_high, unit, month`` and the latest
        figure (``latest_value, latest_unit, latest_year, latest_month, latest_period_type,
        latest_bound, latest_release, latest_reliability, latest_origin, latest_title, latest_url,
        latest_figure_id, latest_name`` (the figure's own name, as its source words it), ``latest_is_current``),
        ``completion`` (%; level and count targets),
        ``time_progress`` (%), ``pace_gap`` (points), ``required``, ``required_computed`` (the engine
        computed the required pace; false where ``required`` only repeats the target), ``required_floor``, ``mode``,
        ``complete`` (the year is over), ``seasonal`` (last year's share of the year by this month,
        where last year's months are known), ``pace_basis`` (``seasonal`` or ``linear``: which
        benchmark the pace gap and the in-year status of a level or count target used), ``status`` (the one
        decision, :func:`~taicang_analysis.engine.status.target_status`), ``evidence`` (what the figure
        judged can say: observed / derived / context / flagged; ``none`` without a figure of the year), and
        for a growth target whose year has a level but no growth figure ``year_level`` (with
        ``start_month``, ``series_unit``, ``year_level_release`` (``derived`` for a 推算 level) and
        ``chains``: false where growth is at comparable prices).

    Examples
    --------
    Port 2023: 803.9 万标箱 against 突破900 — 803.9 / 900 = 89.32 %, the year is complete: off track.

    >>> sc = scorecard(2023)
    >>> sc.filter(pl.col("id") == "port_teu").select("latest_value", "completion", "status").row(0)
    (803.9, 89.32, 'off_track')
    """
    year, targets, figures, catalogue = _inputs(year, data, targets, figures)
    starts = scenario_starts(year, targets=targets, figures=figures)
    t = _numeric_targets(targets, catalogue)
    best = preferred_figures(figures).filter(
        pl.col("region") == DEFAULT_REGION, pl.col("period_type") != "as_of_date",
        pl.col("period_type") != "range", pl.col("year") <= year)
    # the figure a target is read against: growth for growth targets, else its own measure and unit
    series_measure = pl.when(pl.col("kind") == "growth_rate").then(pl.lit("growth_pct")).otherwise(pl.col("measure"))
    series_unit = pl.when(pl.col("kind") == "growth_rate").then(pl.lit("%")).otherwise(pl.col("unit"))
    wanted = t.select("id", "order", "indicator", series_measure.alias("measure"), series_unit.alias("unit"))
    latest = (
        wanted.join(best, on=["indicator", "measure", "unit"])
        .sort("year", "month", nulls_last=False)
        .group_by("id").last()
        .select("id", *[pl.col(c).alias(f"latest_{c}") for c in (
            "value", "unit", "year", "month", "period_type", "bound", "release", "reliability", "origin",
            "source_title", "source_url", "figure_id", "indicator_zh")])
        .rename({"latest_source_title": "latest_title", "latest_source_url": "latest_url",
                 "latest_indicator_zh": "latest_name"})
    )
    card = (t.select("id", "order", "indicator", "kind", "measure", "qualifier", "target", "value_high", "unit")
            .join(latest, on="id", how="left")
            .join(starts.select("id", "mode", "required", "required_floor", "prev_full", "prev_observed",
                                pl.col("month").alias("start_month"), "chains", "series_unit",
                                pl.col("ytd_value").alias("year_level"),
                                pl.col("start_release").alias("year_level_release")), on="id", how="left"))
    current_fig = (pl.col("latest_year") == year).fill_null(False)
    month = pl.when(current_fig).then(pl.col("latest_month"))
    growth_kind = pl.col("kind") == "growth_rate"
    required = pl.when(growth_kind & current_fig & (pl.col("latest_month") < MONTHS_PER_YEAR)).then(
        pl.coalesce("required", "target"))
    card = card.with_columns(
        # what the engine computed (the starts' required pace), apart from the target it falls back on
        required_computed=(current_fig & pl.col("required").is_not_null()).fill_null(False),
        latest_is_current=current_fig,
        month=month,
        complete=(month >= MONTHS_PER_YEAR).fill_null(False),
        completion=pl.when(current_fig & ~growth_kind).then(completion_rate("latest_value", "target").round(2)),
        time_progress=time_progress(month).round(2),
        required=required.otherwise(pl.when(current_fig & ~growth_kind).then(pl.col("required"))),
    ).with_columns(
        # last year's share of the year by this month, where last year's months are known
        seasonal=pl.when(current_fig & ~growth_kind & (pl.col("start_month") == pl.col("month")))
        .then(completion_rate("prev_observed", "prev_full").round(2)),
    ).with_columns(
        pace_basis=pl.when(pl.col("seasonal").is_not_null()).then(pl.lit("seasonal"))
        .when(pl.col("completion").is_not_null()).then(pl.lit("linear")),
        pace_gap=pace_gap("completion", month, benchmark=pl.coalesce("seasonal", time_progress(month))).round(2),
        status=target_status(
            kind="kind", target="target", month=month,
            ytd_value=pl.when(current_fig & ~growth_kind).then(pl.col("latest_value")),
            ytd_growth=pl.when(current_fig & growth_kind).then(pl.col("latest_value")),
            required=pl.col("required"), qualifier="qualifier", bound=pl.col("latest_bound").fill_null("exact"),
            release="latest_release", flagged=_flagged("latest_reliability"), seasonal="seasonal",
        ),
        evidence=pl.when(current_fig).then(
            evidence(release="latest_release", flagged=_flagged("latest_reliability"))).otherwise(pl.lit("none")),
    )
    # a growth target whose year has a level but no growth figure: the level, kept for context (現价 where
    # growth is at comparable prices) — never judged against the growth target
    card = card.with_columns(year_level=pl.when(
        (pl.col("kind") == "growth_rate") & ~pl.col("latest_is_current") & (pl.col("start_month") > 0))
        .then(pl.col("year_level")))
    return card.sort("order").drop("order", "prev_full", "prev_observed")

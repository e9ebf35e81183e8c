"""The run's figures: the published figures merged with the analysts' monthly files.

:func:`load_figures` is what the rest of the package reads: every published figure
(:mod:`taicang_analysis.sources.published`) and every value of the monthly panel
(:mod:`taicang_analysis.sources.monthly`) as a figure with its own provenance — ``origin``
``analyst``, the report, issuer and date of her file, its file and row as the quote.
"""

from __future__ import annotations

import os

import polars as pl

from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.monthly import load_monthly
from taicang_analysis.sources.panel import DEFAULT_REGION
from taicang_analysis.sources.published import FIGURE_SCHEMA, load_published_figures
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

#: columns added by :func:`load_figures` for the merged view: where a figure comes from
#: (``published`` / ``analyst``) and ``flag`` — a reason in Chinese
#: why the figure is in doubt or was accepted despite a check (an analyst's accepted value carries
#: her reason; :func:`taicang_analysis.consistency.apply_flags` adds the conflicts it finds)
MERGED_EXTRA = {"origin": pl.String, "flag": pl.String}

#: the grade of an analyst's figure: she copies it from the statistics bureau's own report
ANALYST_RELIABILITY = "official"


def _panel_flag(panel: pl.DataFrame) -> pl.Expr:
    """The monthly panel's ``flag`` (a check's reason) and ``accepted`` (the analyst's reason for
    keeping the value, or True) as one nullable String; null when the panel has neither column."""
    parts = []
    if "flag" in panel.columns:
        parts.append(pl.col("flag").cast(pl.String))
    if "accepted" in panel.columns:
        accepted = pl.col("accepted")
        if panel.schema["accepted"] == pl.Boolean:
            parts.append(pl.when(accepted).then(pl.lit("分析员已确认")))
        else:
            text = accepted.cast(pl.String).str.strip_chars()
            parts.append(pl.when(text.is_not_null() & (text != "") & (text.str.to_lowercase() != "false"))
                         .then(pl.format("分析员已确认：{}", text)))
    if not parts:
        return pl.lit(None, dtype=pl.String)
    cleaned = [pl.when(p.str.strip_chars() != "").then(p) for p in parts]
    joined = pl.concat_str(cleaned, separator="；", ignore_nulls=True)
    return pl.when(joined != "").then(joined)


def _unaccepted_flag(panel: pl.DataFrame) -> pl.Expr:
    """True where a plausibility rule flagged the panel row and no ``accept:`` line accepted it."""
    if "flag" not in panel.columns:
        return pl.lit(False)
    flagged = pl.col("flag").is_not_null() & (pl.col("flag").cast(pl.String).str.strip_chars() != "")
    if "accepted" in panel.columns and panel.schema["accepted"] == pl.String:
        flagged = flagged & (pl.col("accepted").is_null() | (pl.col("accepted").str.strip_chars() == ""))
    return flagged


def _monthly_as_figures(panel: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    kinds = indicators.select(pl.col("id").alias("indicator"), "series_type", pl.col("name_zh"))
    region = (pl.col("region").cast(pl.String).fill_null(DEFAULT_REGION) if "region" in panel.columns
              else pl.lit(DEFAULT_REGION))
    base = panel.join(kinds, on="indicator", how="left").with_columns(
        period=pl.format("{}-{}", "year", pl.col("month").cast(pl.String).str.zfill(2)),
        period_type=pl.when(pl.col("month") == MONTHS_PER_YEAR).then(pl.lit("year")).otherwise(pl.lit("ytd")),
        bound=pl.lit("exact"), release=pl.lit("final"),
        # a value a plausibility rule flags, not accepted by the analyst, is 存疑: it never sets a
        # status or a rank (engine/status.evidence, peers), for every place
        reliability=pl.when(_unaccepted_flag(panel)).then(pl.lit("doubtful")).otherwise(pl.lit(ANALYST_RELIABILITY)),
        region=region, figure_id=pl.format("m-{}-{}", "source_file", "source_row"),
        source_url=pl.lit(""),
        source_title=pl.format("{} ({}, {})", "report", "issuer", "report_date"),
        quote=pl.format("{} 第{}行", "source_file", "source_row"),
        notes=pl.lit("analyst's monthly file"), origin=pl.lit("analyst"),
        source_date=pl.col("report_date"), flag=_panel_flag(panel),
    ).with_columns(
        pl.when(pl.col("month") == MONTHS_PER_YEAR).then(pl.col("year").cast(pl.String))
        .otherwise(pl.col("period")).alias("period")
    )
    level_measure = pl.when(pl.col("series_type") == "count").then(pl.lit("count_new")).otherwise(
        pl.lit("level"))
    levels = base.filter(pl.col("ytd_value").is_not_null()).with_columns(
        measure=level_measure, value=pl.col("ytd_value"))
    growth = base.filter(pl.col("ytd_growth").is_not_null()).with_columns(
        measure=pl.lit("growth_pct"), value=pl.col("ytd_growth"), unit=pl.lit("%"))
    cols = [*FIGURE_SCHEMA, *MERGED_EXTRA]
    return pl.concat([
        levels.rename({"name_zh": "indicator_zh"}).select(cols),
        growth.rename({"name_zh": "indicator_zh"}).select(cols),
    ]).cast({**FIGURE_SCHEMA, **MERGED_EXTRA})


def load_figures(
    data: str | os.PathLike[str] | None = None, *, monthly: bool = True, today=None,
    panel: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Published figures merged with the analysts' monthly files.

    An analyst's figure takes precedence over a published one for the same indicator, measure
    and period (year and month; a December year-to-date figure is the full year), and keeps its
    own provenance: ``origin`` is ``analyst``, ``source_title`` names her report, issuer and
    date, ``quote`` names her file and row, ``region`` is the panel's region (default 太仓市) and
    ``flag`` carries the panel's ``flag`` / ``accepted`` reasons (null where there are none; the
    columns may be absent from the panel).

    Parameters
    ----------
    data
        Data folder (default the shipped ``data/``).
    monthly
        Include the files in ``data/monthly/``.
    today
        Reference date for the future-period check of monthly files.
    panel
        The monthly panel already read (:func:`~taicang_analysis.sources.monthly.load_monthly`), so
        that a build reads the files once; default: read it now.

    Examples
    --------
    >>> fig = load_figures()
    >>> sorted(fig["origin"].unique().to_list()), fig["flag"].null_count() == fig.height
    (['published'], True)
    """
    published = load_published_figures(data).with_columns(
        origin=pl.lit("published"),
        flag=pl.lit(None, dtype=pl.String),
    )
    if not monthly:
        return published
    panel = load_monthly(data, today=today) if panel is None else panel
    if panel.is_empty():
        return published
    mine = _monthly_as_figures(panel, load_indicators(data))
    keys = ["region", "indicator", "measure", "year", "month"]
    actual = published.filter(pl.col("release") != "target")
    kept = actual.join(mine.select(keys), on=keys, how="anti", nulls_equal=False)
    merged = pl.concat([kept, published.filter(pl.col("release") == "target"), mine])
    return merged.sort("region", "indicator", "measure", "year", "month", nulls_last=True)

"""Values that follow from published figures by plain arithmetic — each marked 推算, never disguised.

:func:`derive_figures` returns rows in the figures layout (the columns of
:func:`~taicang_analysis.sources.figures.load_figures`) with ``release="derived"``, ``origin="derived"``,
a ``formula`` (``"590 ÷ (1 + 6.6%) = 553.5"``), its ``inputs`` (figure ids joined by ``+``) and a
``notes`` text that states the assumption. :func:`derive_refusals` lists what was *not* derived and
why, for the report's methods appendix. The rules:

``prior_level`` — last year's level from this year's level and its growth
    ``P = Y ÷ (1 + g/100)`` (:func:`taicang_analysis.engine.implied_base`), for the same period
    (full year or year to date) of year − 1. Both inputs exact, of the same region, period, release
    and source (a level and a growth stated together), and the period of year − 1 not already
    published. Assumes the statistical scope (口径) did not change between the two years. Refused for
    indicators whose growth is at comparable prices or on a comparable-firms basis (catalogue
    ``price_basis`` ``comparable`` / ``comparable_firms``: a real growth does not chain with a
    current-price level) and for a like-for-like growth (同口径: its base was restated).
``count_between`` — new things counted between two running totals
    ``N = T₂ − T₁``, for an indicator whose target counts new things (catalogue ``count_measure`` =
    ``count_new``), from two *exact* running totals (``count_total``), each paired with the next
    exact total in time. Where either of two neighbouring totals is a bound (突破450 → 近500), no
    count follows: that pair is a refusal, with the reason.
``no real growth from levels``
    Never a growth rate at comparable prices from current-price levels: where two consecutive
    full-year levels of such an indicator are held and its growth is not, a refusal says why.

Derived values are rounded to the catalogue's decimals, and to at most one decimal more than the
level they come from (590 亿元 gives 553.5, not 553.47: the inputs do not carry the second decimal).

Examples
--------
>>> from taicang_analysis.sources.figures import load_figures
>>> d = derive_figures(load_figures())
>>> d.filter(pl.col("region") == "太仓市", pl.col("period") == "2023").select(
...     "indicator", "value", "formula", "inputs").rows()  # doctest: +NORMALIZE_WHITESPACE
[('fai', 553.5, '590 ÷ (1 + 6.6%) = 553.5', 'b1-r031+b1-r030'),
 ('industrial_investment', 212.6, '257 ÷ (1 + 20.9%) = 212.6', 'b1-r036+b1-r035')]
"""

from __future__ import annotations

import re

import polars as pl

from taicang_analysis.engine import implied_base
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.figures import MERGED_EXTRA
from taicang_analysis.sources.published import FIGURE_SCHEMA
from taicang_analysis.sources.reliability import RANK, worst
from taicang_analysis.vocabulary import zh

__all__ = ["DERIVED_EXTRA", "DERIVED_SCHEMA", "REFUSAL_SCHEMA", "complete_layout", "date_key", "derive_figures",
           "derive_refusals", "fmt_input", "when_zh"]

#: the two columns a derived row adds to the figures layout
DERIVED_EXTRA = {"formula": pl.String, "inputs": pl.String}
DERIVED_SCHEMA = {**FIGURE_SCHEMA, **MERGED_EXTRA, **DERIVED_EXTRA}
REFUSAL_SCHEMA = {
    "region": pl.String, "indicator": pl.String, "indicator_zh": pl.String, "measure": pl.String,
    "period": pl.String, "rule": pl.String, "reason": pl.String, "inputs": pl.String,
}
#: price bases whose growth does not chain with current-price levels
REAL_BASES = ("comparable", "comparable_firms")
_LIKE_FOR_LIKE = ("同口径", "可比口径")
_NOT_OBSERVED = ("target", "derived")


def fmt_input(value: float) -> str:
    """A number as published: no trailing zeros (``590.0`` → ``590``, ``6.60`` → ``6.6``).

    Examples
    --------
    >>> fmt_input(590.0), fmt_input(1734.94), fmt_input(74076.0)
    ('590', '1734.94', '74076')
    """
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _decimals(value: float) -> int:
    text = fmt_input(value)
    return len(text.split(".")[1]) if "." in text else 0


def _catalogue(catalogue: pl.DataFrame | None) -> dict[str, dict]:
    cat = load_indicators() if catalogue is None else catalogue
    return {r["id"]: r for r in cat.iter_rows(named=True)}


def _observed(figures: pl.DataFrame) -> pl.DataFrame:
    return figures.filter(~pl.col("release").is_in(_NOT_OBSERVED), pl.col("value").is_not_null())


def _source_key(row: dict) -> str:
    return row["source_url"] or f"{row['source_title']}|{row['quote']}"


def date_key(period: str) -> tuple[int, int, int]:
    """Order of a point in time given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a range by its end).

    Examples
    --------
    >>> date_key("2023-08-18"), date_key("2016"), date_key("2022-01/2023-08")
    ((2023, 8, 18), (2016, 0, 0), (2023, 8, 0))
    """
    parts = [int(p) for p in re.findall(r"\d+", period.split("/")[-1])[:3]] + [0, 0, 0]
    return parts[0], parts[1], parts[2]


def when_zh(row: dict) -> str:
    """The period of a figure as a reader says it: 2023年, 2025年1-8月, or the period as given.

    Examples
    --------
    >>> when_zh({"period_type": "ytd", "year": 2025, "month": 8, "period": "2025-08"})
    '2025年1-8月'
    """
    if row["period_type"] == "year":
        return f"{row['year']}年"
    if row["period_type"] == "ytd" and row["month"]:
        return f"{row['year']}年1-{row['month']}月"
    return row["period"]


def _prior_period(row: dict) -> str:
    year = row["year"] - 1
    return str(year) if row["period_type"] == "year" else f"{year}-{row['month']:02d}"


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=DERIVED_SCHEMA)


def _refusal(row: dict, zh_name: str, measure: str, period: str, rule: str, reason: str,
             inputs: list[str]) -> dict:
    return {"region": row["region"], "indicator": row["indicator"], "indicator_zh": zh_name,
            "measure": measure, "period": period, "rule": rule, "reason": reason, "inputs": "+".join(inputs)}


def _joined_flags(rows: list[dict]) -> str | None:
    flags = [f"{r['figure_id']}: {r['flag']}" for r in rows if r.get("flag")]
    return "；".join(flags) if flags else None


def _level_growth_pairs(obs: pl.DataFrame) -> list[tuple[dict, dict]]:
    periodic = obs.filter(pl.col("bound") == "exact", pl.col("period_type").is_in(["year", "ytd"]))
    levels = periodic.filter(pl.col("measure") == "level").to_dicts()
    growth: dict[tuple, list[dict]] = {}
    for g in periodic.filter(pl.col("measure") == "growth_pct").to_dicts():
        key = (g["region"], g["indicator"], g["year"], g["month"], g["release"], _source_key(g))
        growth.setdefault(key, []).append(g)
    pairs = []
    for lv in levels:
        key = (lv["region"], lv["indicator"], lv["year"], lv["month"], lv["release"], _source_key(lv))
        pairs += [(lv, g) for g in growth.get(key, [])]
    return pairs


def _prior_levels(figures: pl.DataFrame, cat: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    obs = _observed(figures)
    held = {(r["region"], r["indicator"], r["unit"], r["year"], r["month"])
            for r in obs.filter(pl.col("measure") == "level").iter_rows(named=True)}
    rows: list[dict] = []
    refusals: list[dict] = []
    for lv, g in _level_growth_pairs(obs):
        facts = cat.get(lv["indicator"], {})
        name = lv["indicator_zh"] or facts.get("name_zh")  # the source's own name (固定资产投资), not the target's
        period = _prior_period(lv)
        inputs = [lv["figure_id"], g["figure_id"]]
        if (lv["region"], lv["indicator"], lv["unit"], lv["year"] - 1, lv["month"]) in held:
            continue  # last year's level is published: nothing to derive, nothing missing
        basis = facts.get("price_basis") or ""
        if basis in REAL_BASES:
            refusals.append(_refusal(
                lv, name, "level", period, "base_from_real_growth",
                f"{name}增速按{zh('price_basis', basis)}计算,不能与现价总量相除倒推{period}年总量", inputs))
            continue
        if any(w in (g["quote"] or "") for w in _LIKE_FOR_LIKE):
            refusals.append(_refusal(
                lv, name, "level", period, "like_for_like_growth",
                f"{name}增速为同口径增速,上年基数已按新口径调整,倒推值不是{period}年公布数", inputs))
            continue
        value = pl.select(implied_base(pl.lit(lv["value"]), pl.lit(g["value"]))).item()
        if value is None:
            continue
        decimals = min(int(facts.get("decimals") if facts.get("decimals") is not None else 2),
                       _decimals(lv["value"]) + 1)
        value = round(value, decimals)
        sign = "+" if g["value"] >= 0 else "−"
        formula = (f"{fmt_input(lv['value'])} ÷ (1 {sign} {fmt_input(abs(g['value']))}%) = "
                   f"{value:.{decimals}f}")
        rows.append({
            "figure_id": "d-" + "+".join(inputs), "region": lv["region"], "indicator": lv["indicator"],
            "indicator_zh": name, "period": period, "period_type": lv["period_type"],
            "year": lv["year"] - 1, "month": lv["month"], "measure": "level", "value": value,
            "unit": lv["unit"], "bound": "exact", "release": "derived",
            "reliability": worst([lv["reliability"], g["reliability"]]),
            "source_url": lv["source_url"], "source_title": lv["source_title"],
            "quote": " / ".join(dict.fromkeys([lv["quote"], g["quote"]])),
            "notes": (f"推算:由{when_zh(lv)}{name}{fmt_input(lv['value'])}{lv['unit']}、增长"
                      f"{fmt_input(g['value'])}%倒推上年同期,假定两年统计口径不变"),
            "origin": "derived", "source_date": None, "flag": _joined_flags([lv, g]),
            "formula": formula, "inputs": "+".join(inputs),
            "_rank": (lv["release"] != "final", RANK.get(worst([lv["reliability"], g["reliability"]]), 9)),
        })
    # one derived value per period: the best pair (final before preliminary, then the better source)
    best: dict[tuple, dict] = {}
    for r in sorted(rows, key=lambda r: r["_rank"]):
        best.setdefault((r["region"], r["indicator"], r["unit"], r["year"], r["month"]), r)
    out = [{k: v for k, v in r.items() if k != "_rank"} for r in best.values()]
    return out, refusals


def _counts(figures: pl.DataFrame, cat: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    counted = [k for k, v in cat.items() if v.get("count_measure") == "count_new"]
    totals = _observed(figures).filter(pl.col("measure") == "count_total", pl.col("indicator").is_in(counted))
    rows: list[dict] = []
    refusals: list[dict] = []
    for _, group in totals.group_by(["region", "indicator", "unit"], maintain_order=True):
        series = sorted(group.to_dicts(), key=lambda r: (date_key(r["period"]), r["figure_id"]))
        name = cat[series[0]["indicator"]]["name_zh"]
        for a, b in zip(series, series[1:], strict=False):
            if date_key(a["period"]) == date_key(b["period"]) or (a["bound"] == b["bound"] == "exact"):
                continue
            why = "；".join(
                f"{r['period']}的{fmt_input(r['value'])}{r['unit']}为{'下限' if r['bound'] == 'lower' else '约数'}"
                for r in (a, b) if r["bound"] != "exact")
            refusals.append(_refusal(
                b, name, "count_new", f"{a['period']}/{b['period']}", "count_bound",
                f"{why},两者之差不是新增数", [a["figure_id"], b["figure_id"]]))
        exact = [r for r in series if r["bound"] == "exact"]
        for a, b in zip(exact, exact[1:], strict=False):
            if date_key(a["period"]) == date_key(b["period"]):
                continue
            inputs = [a["figure_id"], b["figure_id"]]
            period = f"{a['period']}/{b['period']}"
            if b["value"] < a["value"]:
                refusals.append(_refusal(
                    b, name, "count_new", period, "count_decrease",
                    f"后一累计数{fmt_input(b['value'])}小于前一累计数{fmt_input(a['value'])},不能得出新增数", inputs))
                continue
            value = float(round(b["value"] - a["value"]))
            year, month = date_key(b["period"])[:2]
            calendar_year = a["period"] == f"{year - 1}-12-31" and b["period"] == f"{year}-12-31"
            rows.append({
                "figure_id": "d-" + "+".join(inputs), "region": b["region"], "indicator": b["indicator"],
                "indicator_zh": name, "period": str(year) if calendar_year else period,
                "period_type": "year" if calendar_year else "range", "year": year, "month": month or None,
                "measure": "count_new", "value": value, "unit": b["unit"], "bound": "exact",
                "release": "derived", "reliability": worst([a["reliability"], b["reliability"]]),
                "source_url": b["source_url"], "source_title": b["source_title"],
                "quote": " / ".join(dict.fromkeys([a["quote"], b["quote"]])),
                "notes": (f"推算:{b['period']}累计{fmt_input(b['value'])}{b['unit']}减{a['period']}累计"
                          f"{fmt_input(a['value'])}{a['unit']},即其间新增数,假定两数统计范围相同"),
                "origin": "derived", "source_date": None, "flag": _joined_flags([a, b]),
                "formula": f"{fmt_input(b['value'])} − {fmt_input(a['value'])} = {value:.0f}",
                "inputs": "+".join(inputs),
            })
    return rows, refusals


def _real_growth_refusals(figures: pl.DataFrame, cat: dict[str, dict]) -> list[dict]:
    obs = _observed(figures)
    growth_held = {(r["region"], r["indicator"], r["year"])
                   for r in obs.filter(pl.col("measure") == "growth_pct", pl.col("period_type") == "year")
                   .iter_rows(named=True)}
    levels = obs.filter(pl.col("measure") == "level", pl.col("period_type") == "year", pl.col("bound") == "exact",
                        pl.col("indicator").is_in([k for k, v in cat.items() if v.get("price_basis") in REAL_BASES]))
    by_year: dict[tuple, list[dict]] = {}
    for r in levels.iter_rows(named=True):
        by_year.setdefault((r["region"], r["indicator"], r["unit"], r["year"]), []).append(r)
    out = []
    for (region, ind, unit, year), rows in sorted(by_year.items()):
        before = by_year.get((region, ind, unit, year - 1))
        if not before or (region, ind, year) in growth_held:
            continue
        name = cat[ind]["name_zh"]
        basis = zh("price_basis", cat[ind]["price_basis"])
        out.append(_refusal(
            rows[0], name, "growth_pct", str(year), "real_growth_from_levels",
            f"{name}增速按{basis}计算,不能由{year - 1}年、{year}年现价总量相除得出；{year}年增速未见公布",
            [before[0]["figure_id"], rows[0]["figure_id"]]))
    return out


def derive_figures(figures: pl.DataFrame, *, catalogue: pl.DataFrame | None = None) -> pl.DataFrame:
    """The values that follow from ``figures`` by the rules of this module, in the figures layout plus
    ``formula`` and ``inputs``; ``release`` and ``origin`` are ``derived``.

    Parameters
    ----------
    figures
        Figures as :func:`~taicang_analysis.sources.figures.load_figures` gives them (flagged by
        :func:`~taicang_analysis.consistency.apply_flags` or not; a derived value is as reliable as
        its least reliable input and carries its inputs' flags). Rows already derived are ignored.
    catalogue
        The indicator catalogue (default: the data folder's).

    Returns
    -------
    polars.DataFrame
        Columns of :data:`DERIVED_SCHEMA`, one row per derived value.

    Examples
    --------
    SYNTHETIC figures: 110 at +10 % gives 100 for last year; running totals 40 → 55 give 15 new.

    >>> f = pl.DataFrame({
    ...     "figure_id": ["s1", "s2", "s3", "s4"], "region": "太仓市",
    ...     "indicator": ["fai", "fai", "german_firms", "german_firms"], "indicator_zh": "",
    ...     "period": ["2023", "2023", "2023-03-01", "2023-09-01"],
    ...     "period_type": ["year", "year", "as_of_date", "as_of_date"], "year": 2023,
    ...     "month": [12, 12, 3, 9], "measure": ["level", "growth_pct", "count_total", "count_total"],
    ...     "value": [110.0, 10.0, 40.0, 55.0], "unit": ["亿元", "%", "家", "家"], "bound": "exact",
    ...     "release": "final", "reliability": "official", "source_url": "https://example.gov.cn/s",
    ...     "source_title": "SYNTHETIC", "quote": "SYNTHETIC", "notes": "", "flag": None})
    >>> derive_figures(f).select("indicator", "period", "value", "formula").rows()
    [('fai', '2022', 100.0, '110 ÷ (1 + 10%) = 100.0'), ('german_firms', '2023-03-01/2023-09-01', 15.0, '55 − 40 = 15')]
    """
    cat = _catalogue(catalogue)
    figures = complete_layout(figures)
    levels, _ = _prior_levels(figures, cat)
    counts, _ = _counts(figures, cat)
    rows = levels + counts
    if not rows:
        return _empty()
    return pl.DataFrame(rows, schema=DERIVED_SCHEMA, orient="row").sort(
        "region", "indicator", "measure", "year", "month", nulls_last=True)


def derive_refusals(figures: pl.DataFrame, *, catalogue: pl.DataFrame | None = None) -> pl.DataFrame:
    """What the rules did not derive, and why (in Chinese, for the methods appendix).

    ``rule`` is one of ``base_from_real_growth`` (a comparable-price growth with a current-price
    level), ``like_for_like_growth`` (同口径), ``count_bound`` (a bound among two neighbouring running
    totals), ``count_decrease`` (a later total below an earlier one) and ``real_growth_from_levels``
    (two levels of a comparable-price indicator, its growth unpublished).

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> r = derive_refusals(load_figures())
    >>> r.filter(pl.col("rule") == "real_growth_from_levels").select("region", "period", "inputs").rows()
    [('太仓市', '2023', 'b1-r012+b2-r002')]
    >>> r.filter(pl.col("inputs") == "b2-r005+b1-r064")["reason"].item()
    '2022-10的450家为下限,两者之差不是新增数'
    """
    cat = _catalogue(catalogue)
    figures = complete_layout(figures)
    refusals = _prior_levels(figures, cat)[1] + _counts(figures, cat)[1] + _real_growth_refusals(figures, cat)
    return pl.DataFrame(refusals, schema=REFUSAL_SCHEMA, orient="row")


def complete_layout(figures: pl.DataFrame) -> pl.DataFrame:
    """``figures`` with any missing column of the figures layout added (``origin`` ``published``,
    the others null), so that a frame read from ``data/figures.csv`` or built by hand works too.

    Examples
    --------
    >>> complete_layout(pl.DataFrame({"figure_id": ["x"]})).select("origin", "flag").row(0)
    ('published', None)
    """
    missing = [pl.lit("published" if name == "origin" else None, dtype=dtype).alias(name)
               for name, dtype in {**FIGURE_SCHEMA, **MERGED_EXTRA}.items() if name not in figures.columns]
    return figures.with_columns(missing) if missing else figures

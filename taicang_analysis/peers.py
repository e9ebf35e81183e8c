"""Taicang among its peers: the same indicator, the same period, side by side — ranked only when fair.

:func:`peer_table` puts the latest comparable figure of Taicang and of each peer place (Kunshan,
Zhangjiagang, Changshu, and other Suzhou districts where present) for *one* period side by side, each
with its release (final / preliminary / derived) and source. It ranks them (1 = highest) only when

- at least three places have a figure of that period, and
- all of them share one release class (final, preliminary or derived), one basis (growth at
  comparable prices, current prices, or like-for-like 同口径) and one unit, and every one is exact
  (no 超 / 近 bounds).

- the table holds the complete comparison set: every place of ``data/places.csv`` under Taicang's
  parent (苏州市: its 县级市, 区 and 县级单位), not a hand-picked part of it.

Otherwise ``rank`` is null and ``rank_note`` says why. A source's own rank of Taicang (found in the
quote or the research note of a figure from the same source: "第7位", "太仓市 7th") is quoted as
``source_rank`` (第7位(来源原文)), never recomputed from a partial list. The city as a whole (苏州市)
is context, not a peer, and is left out. :func:`comparison_set` names the set a table holds exactly.

For each place the figure shown is the final one where there is one, else the preliminary, else a
derived one; among equals the better source (reliability), then an analyst's own figure.

Examples
--------
>>> from taicang_analysis.sources.figures import load_figures
>>> t = peer_table(load_figures(), indicator="gdp", measure="level", year=2023)
>>> t.select("region", "value", "rank", "source_rank").rows()[-1]
('太仓市', 1734.94, None, 7)
"""

from __future__ import annotations

import re

import polars as pl

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.derive import complete_layout, fmt_input, when_zh
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.panel import DEFAULT_REGION
from taicang_analysis.sources.places import LEVELS, load_places
from taicang_analysis.sources.reliability import RANK
from taicang_analysis.vocabulary import MONTHS_PER_YEAR, zh

__all__ = ["MIN_RANKED", "NOT_PEERS", "PEER_SCHEMA", "comparison_set", "describe", "peer_sections", "peer_table",
           "source_rank"]

#: places needed for a rank
MIN_RANKED = 3
#: regions in the data that are not peers of a county-level city (the whole of Suzhou)
NOT_PEERS = ("苏州市",)
PEER_SCHEMA = {
    "region": pl.String, "is_taicang": pl.Boolean, "indicator": pl.String, "indicator_zh": pl.String,
    "measure": pl.String, "period": pl.String, "period_type": pl.String, "year": pl.Int64, "month": pl.Int64,
    "value": pl.Float64, "unit": pl.String, "bound": pl.String, "release": pl.String, "reliability": pl.String,
    "basis": pl.String, "figure_id": pl.String, "source_title": pl.String, "source_url": pl.String,
    "quote": pl.String, "flag": pl.String, "rank": pl.Int64, "rank_of": pl.Int64, "rank_note": pl.String,
    "source_rank": pl.Int64,
}
_RELEASE_ORDER = {"final": 0, "preliminary": 1, "derived": 2}
_LIKE_FOR_LIKE = ("同口径",)
_BASIS_ZH = {"like_for_like": "同口径"}


def _basis(row: dict, price_basis: str) -> str:
    """The basis a figure is comparable on: a growth's price basis (or 同口径), ``current`` for levels."""
    if row["measure"] != "growth_pct":
        return "current" if price_basis else ""
    if any(w in (row["quote"] or "") for w in _LIKE_FOR_LIKE):
        return "like_for_like"
    return price_basis or "current"


def _basis_zh(code: str) -> str:
    return _BASIS_ZH.get(code) or zh("price_basis", code, code)


def _places() -> pl.DataFrame:
    """The run's places (``data/places.csv`` of the data folder); a data folder without one uses the
    shipped list — the administrative divisions are reference facts, not the analyst's data."""
    try:
        return load_places()
    except FileNotFoundError:
        return load_places(SHIPPED_DATA_DIR)


def _members(places: pl.DataFrame) -> pl.DataFrame:
    """The complete comparison set: the places under Taicang's parent that are not the parent's level."""
    mine = places.filter(pl.col("region") == DEFAULT_REGION)
    if mine.is_empty():
        return places.clear()
    parent = mine["parent"].item()
    return places.filter(pl.col("parent") == parent, pl.col("region") != parent)


def comparison_set(regions: list[str], places: pl.DataFrame | None = None) -> str:
    """The set a peer table holds, named exactly: which of the parent's places, by level.

    Examples
    --------
    >>> comparison_set(["昆山市", "张家港市", "常熟市", "吴江区", "虎丘区", "太仓市"])
    '苏州市10个县级市、区和县级单位中的6个: 县级市4个中的4个、区5个中的2个、县级单位1个中的0个'
    """
    members = _members(_places() if places is None else places)
    if members.is_empty():
        return f"本表{len(regions)}地"
    parent = members["parent"][0]
    levels = [lv for lv in LEVELS if lv in members["level"].to_list()]
    have = members.filter(pl.col("region").is_in(regions))
    parts = [f"{lv}{members.filter(pl.col('level') == lv).height}个中的{have.filter(pl.col('level') == lv).height}个"
             for lv in levels]
    if have.height == members.height:
        return f"{parent}全部{members.height}个" + "、".join(levels[:-1]) + ("和" if len(levels) > 1 else "") + levels[-1]
    names = "、".join(levels[:-1]) + ("和" if len(levels) > 1 else "") + levels[-1]
    return f"{parent}{members.height}个{names}中的{have.height}个: " + "、".join(parts)


_SOURCE_RANK = (r"{r}\s*(\d+)(?:st|nd|rd|th)\b", r"{r}[^,，。;；]*?第(\d+)(?:位|名)")


def source_rank(figures: pl.DataFrame, row: dict, region: str = DEFAULT_REGION) -> int | None:
    """The rank of ``region`` that the source of ``row`` itself states, read from the quote or research
    note of any figure from the same source address (``太仓市 7th``, ``太仓…第7位``); None otherwise.

    Examples
    --------
    >>> f = pl.DataFrame({"source_url": ["u"], "quote": ["x"], "notes": ["ranks 虎丘区 6th and 太仓市 7th"]})
    >>> source_rank(f, {"source_url": "u"}), source_rank(f, {"source_url": "v"})
    (7, None)
    """
    url = row.get("source_url")
    if not url:
        return None
    same = figures.filter(pl.col("source_url") == url)
    texts = [t for c in ("quote", "notes") if c in same.columns for t in same[c].drop_nulls().to_list()]
    for pattern in _SOURCE_RANK:
        for text in texts:
            found = re.search(pattern.format(r=re.escape(region)), text)
            if found:
                return int(found[1])
    return None


def _candidates(figures: pl.DataFrame, indicator: str, measure: str, year: int, period_type: str,
                unit: str | None) -> pl.DataFrame:
    f = complete_layout(figures).filter(
        pl.col("indicator") == indicator, pl.col("measure") == measure, pl.col("year") == year,
        pl.col("period_type") == period_type, pl.col("release") != "target", pl.col("value").is_not_null(),
        ~pl.col("region").is_in(NOT_PEERS))
    if unit:
        f = f.filter(pl.col("unit") == unit)
    # only the places data/places.csv lists beside Taicang (same parent) are peers: a row that is
    # not a place (开发区, 全市) never ranks among them
    places = load_places()
    parent = places.filter(pl.col("region") == DEFAULT_REGION)["parent"]
    if parent.len():
        f = f.filter(pl.col("region").is_in(places.filter(pl.col("parent") == parent[0])["region"].implode()))
    return f


def peer_table(figures: pl.DataFrame, *, indicator: str, measure: str, year: int, period_type: str = "year",
               catalogue: pl.DataFrame | None = None, places: pl.DataFrame | None = None) -> pl.DataFrame:
    """Taicang and its peers for one indicator, measure and period, with a rank where one is fair.

    Parameters
    ----------
    figures
        Figures as :func:`~taicang_analysis.sources.figures.load_figures` gives them (flagged and with
        derived rows appended, or not).
    indicator, measure
        E.g. ``"gdp"``, ``"level"`` or ``"growth_pct"``.
    year
        The year of the period.
    period_type
        ``"year"`` (the full year) or ``"ytd"``: then the latest month of ``year`` for which Taicang
        has a figure (else the latest month any place has), and that month only.
    catalogue
        The indicator catalogue (default: the data folder's).
    places
        The places (``data/places.csv``, default: the data folder's): the complete comparison set.

    Returns
    -------
    polars.DataFrame
        :data:`PEER_SCHEMA`: one row per place with a figure (and a row for Taicang with a null value
        when it has none), highest value first; ``rank`` / ``rank_of`` / ``rank_note`` (Chinese);
        ``source_rank`` on Taicang's row where its source states one.

    Examples
    --------
    Taicang's 2023 GDP growth is not published in what we hold, and the peers' figures mix final and
    preliminary ones: no rank.

    >>> from taicang_analysis.sources.figures import load_figures
    >>> t = peer_table(load_figures(), indicator="gdp", measure="growth_pct", year=2023)
    >>> t.select("region", "value", "release", "rank").rows()  # doctest: +NORMALIZE_WHITESPACE
    [('昆山市', 5.0, 'final', None), ('常熟市', 4.0, 'preliminary', None),
     ('张家港市', 3.7, 'final', None), ('太仓市', None, None, None)]
    >>> t["rank_note"][-1]
    '太仓市未见2023年地区生产总值增速数据,不排名'
    """
    cat = load_indicators() if catalogue is None else catalogue
    facts = {r["id"]: r for r in cat.iter_rows(named=True)}.get(indicator, {})
    name = facts.get("name_zh") or indicator
    unit = "%" if measure == "growth_pct" else (facts.get("unit") or None)
    if measure in ("count_new", "count_total"):
        unit = None
    cand = _candidates(figures, indicator, measure, year, period_type, unit)
    if period_type == "ytd" and not cand.is_empty():
        mine = cand.filter(pl.col("region") == DEFAULT_REGION)
        month = (mine if not mine.is_empty() else cand)["month"].max()
        cand = cand.filter(pl.col("month") == month)
    elif period_type == "year":
        cand = cand.filter(pl.col("month") == MONTHS_PER_YEAR)
    price_basis = facts.get("price_basis") or ""
    best: dict[str, dict] = {}
    for r in cand.to_dicts():
        key = (_RELEASE_ORDER.get(r["release"], 9), RANK.get(r["reliability"], 9), r["origin"] != "analyst")
        if r["region"] not in best or key < best[r["region"]]["_key"]:
            best[r["region"]] = {**r, "_key": key, "basis": _basis(r, price_basis)}
    every = sorted(best.values(), key=lambda r: -r["value"])
    # a figure flagged 存疑 is shown, marked, and never ranks (nor counts among the ranked)
    doubtful = [r for r in every if r.get("reliability") == "doubtful"]
    rows = [r for r in every if r.get("reliability") != "doubtful"]
    what = f"{name}{zh('measure', measure)}"
    when = when_zh(rows[0]) if rows else f"{year}年"
    classes = {(r["release"], r["basis"], r["unit"]) for r in rows}
    problems = []
    if len(rows) < MIN_RANKED:
        problems.append(f"仅{len(rows)}地有{when}数据,不足{MIN_RANKED}地")
    if len({r['release'] for r in rows}) > 1:
        problems.append("、".join(zh("release", c) for c in sorted({r["release"] for r in rows},
                                                                     key=_RELEASE_ORDER.get)) + "混杂")
    if len({r["basis"] for r in rows}) > 1:
        problems.append("口径不同(" + "、".join(sorted(_basis_zh(r["basis"]) for r in rows)) + ")")
    if len({r["unit"] for r in rows}) > 1:
        problems.append("单位不同")
    bounded = [r["region"] for r in rows if r["bound"] != "exact"]
    if bounded:
        problems.append("、".join(bounded) + "为下限或约数")
    members = _members(_places() if places is None else places)
    missing = [m for m in members["region"].to_list() if m not in best]
    if rows and missing:
        problems.append(f"本表只有{comparison_set(list(best), places)},位次不全")
    ranked = not problems and len(classes) == 1
    out = []
    for r in rows:
        rank = 1 + sum(o["value"] > r["value"] for o in rows) if ranked else None
        quoted = source_rank(figures, r) if r["region"] == DEFAULT_REGION and not ranked else None
        note = (f"本表{len(rows)}地中第{rank}(同期{zh('release', r['release'])})" if ranked
                else ",".join(problems) + ",不排名" + (f";来源原文:第{quoted}位" if quoted else ""))
        out.append({k: r.get(k) for k in PEER_SCHEMA if k not in ("is_taicang", "rank", "rank_of", "rank_note",
                                                                  "indicator_zh")}
                   | {"indicator_zh": name, "is_taicang": r["region"] == DEFAULT_REGION, "rank": rank,
                      "rank_of": len(rows) if ranked else None, "rank_note": note, "source_rank": quoted})
    for r in doubtful:
        out.append({k: r.get(k) for k in PEER_SCHEMA if k not in ("is_taicang", "rank", "rank_of", "rank_note",
                                                                  "indicator_zh")}
                   | {"indicator_zh": name, "is_taicang": r["region"] == DEFAULT_REGION,
                      "rank_note": f"存疑, 不排名: {r.get('flag') or '数值未通过核对'}"})
    if DEFAULT_REGION not in best:
        out.append({"region": DEFAULT_REGION, "is_taicang": True, "indicator": indicator, "indicator_zh": name,
                    "measure": measure, "period": rows[0]["period"] if rows else str(year),
                    "period_type": period_type, "year": year, "month": rows[0]["month"] if rows else None,
                    "unit": unit, "rank_note": f"太仓市未见{when}{what}数据,不排名"})
    return pl.DataFrame(out, schema=PEER_SCHEMA, orient="row") if out else pl.DataFrame(schema=PEER_SCHEMA)


def peer_sections(figures: pl.DataFrame, year: int, *, period_type: str = "year",
                  catalogue: pl.DataFrame | None = None) -> list[tuple[str, str, int]]:
    """The (indicator, measure, year) triples worth a peer table: for each indicator of the catalogue
    and each measure (level, growth), the latest year up to ``year`` in which at least one peer and at
    least two places in all have a figure of that kind, in catalogue order.

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> peer_sections(load_figures(), 2023)[:3]
    [('gdp', 'level', 2023), ('gdp', 'growth_pct', 2023), ('budget_revenue', 'level', 2023)]
    """
    cat = load_indicators() if catalogue is None else catalogue
    f = complete_layout(figures).filter(
        pl.col("release") != "target", pl.col("value").is_not_null(), pl.col("period_type") == period_type,
        pl.col("year") <= year, ~pl.col("region").is_in(NOT_PEERS))
    if period_type == "year":
        f = f.filter(pl.col("month") == MONTHS_PER_YEAR)
    out = []
    for ind in cat["id"].to_list():
        for measure in ("level", "growth_pct", "count_new"):
            g = f.filter(pl.col("indicator") == ind, pl.col("measure") == measure)
            years = (g.group_by("year").agg(
                places=pl.col("region").n_unique(), peers=(pl.col("region") != DEFAULT_REGION).sum())
                .filter(pl.col("places") >= 2, pl.col("peers") >= 1))
            if not years.is_empty():
                out.append((ind, measure, int(years["year"].max())))
    return out


def describe(table: pl.DataFrame) -> str:
    """One line in Chinese for a peer table: the places in order with their values (for a caption).

    Examples
    --------
    >>> from taicang_analysis.sources.figures import load_figures
    >>> describe(peer_table(load_figures(), indicator="gdp", measure="level", year=2023))
    '2023年地区生产总值总量:昆山市5140.6亿元、张家港市3365.8亿元、常熟市2800.16亿元、吴江区2377.28亿元、虎丘区1826.75亿元、太仓市1734.94亿元'
    """
    have = table.filter(pl.col("value").is_not_null())
    if have.is_empty():
        return ""
    first = have.row(0, named=True)
    parts = "、".join(f"{r['region']}{fmt_input(r['value'])}{r['unit'] or ''}" for r in have.iter_rows(named=True))
    return f"{when_zh(first)}{first['indicator_zh']}{zh('measure', first['measure'])}:{parts}"

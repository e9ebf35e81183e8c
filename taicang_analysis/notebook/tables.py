"""HTML tables and summaries for the notebooks and the report: the brief, the scorecard, a figures
table, the sources appendix. All text from data is escaped; all words for codes come from the
vocabulary; numbers use the one format of :mod:`taicang_analysis.notebook.formats`.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import polars as pl

from taicang_analysis.notebook.display import badge, cite, note_mark, table_html
from taicang_analysis.notebook.formats import (
    ceil_to,
    clip,
    esc,
    fmt_figure,
    fmt_number,
    fmt_period,
    fmt_target,
    reliability_word,
    source_label,
    status_word,
)
from taicang_analysis.vocabulary import MONTHS_PER_YEAR, zh


def target_name(row: dict, shared: set[str]) -> str:
    """The target's name, with its measure where two targets share an indicator (增速 / 总量).

    Examples
    --------
    >>> target_name({"indicator_zh": "全社会固定资产投资", "indicator": "fai", "kind": "level"}, {"fai"})
    '全社会固定资产投资(总量)'
    """
    name = row["indicator_zh"]
    if row["indicator"] in shared:
        name += "(增速)" if row["kind"] == "growth_rate" else "(总量)"
    return name


def card_status_text(row: dict) -> str:
    """The scorecard's status words: 已完成 / 未完成 for a finished year, (推算) for a derived figure."""
    text = status_word(row["status"], complete=bool(row["complete"]))
    if row.get("latest_release") == "derived" and row["latest_is_current"]:
        text += "(推算)"
    return text


def summary_html(card: pl.DataFrame, *, year: int) -> str:
    """The brief's opening sentences: how many targets stand where, and why some cannot be told.

    Examples
    --------
    >>> card = pl.DataFrame({"status": ["met", "no_data"], "complete": [True, False],
    ...                      "latest_is_current": [True, False], "latest_year": [2023, 2022]})
    >>> print(summary_html(card, year=2023))
    <p class='summary'>2项数值目标中: 已完成1项; 无当年数据1项(公开渠道尚无2023年的数据, 表中所列为往年数据, 仅供参考)。</p>
    """
    counts: dict[str, int] = {}
    for r in card.iter_rows(named=True):
        if r["status"] == "no_data":
            continue
        word = status_word(r["status"], complete=bool(r["complete"]))
        counts[word] = counts.get(word, 0) + 1
    parts = [f"{w}{n}项" for w, n in counts.items()]
    missing = card.filter(pl.col("status") == "no_data")
    text = f"{card.height}项数值目标中: " + (", ".join(parts) or "尚无可判断的目标")
    if missing.height:
        older = missing.filter(pl.col("latest_year").is_not_null()).height
        why = f"公开渠道尚无{year}年的数据"
        if older:
            why += ", 表中所列为往年数据, 仅供参考"
        text += f"; 无当年数据{missing.height}项({why})"
    return f"<p class='summary'>{esc(text)}。</p>"


def scorecard_html(card: pl.DataFrame, targets: pl.DataFrame, *, year: int) -> str:
    """The scorecard: one row per target in the report's order; on a phone each row is a card.

    Columns: 指标 (linked to its section), 目标, 最新数据(时期), 进度, 状态, 注 (numbered source).
    """
    meta = {r["id"]: r for r in targets.iter_rows(named=True)}
    indicators = [meta[i]["indicator"] for i in card["id"].to_list()]
    shared = {i for i in indicators if indicators.count(i) > 1}
    rows = []
    for r in card.iter_rows(named=True):
        t = meta[r["id"]]
        name = target_name(t, shared)
        goal = ("增长" if t["kind"] == "growth_rate" else "") + fmt_target(
            t["value"], t["value_high"], t["unit"], t["qualifier"])
        if r["latest_value"] is None:
            latest = "暂无公开数据"
        else:
            period = fmt_period(r["latest_year"], r["latest_month"], r["latest_period_type"] or "year")
            value = fmt_figure(r["latest_value"], r["latest_unit"], r["latest_bound"])
            latest = f"{period}: {value}"
            if not r["latest_is_current"]:
                latest += "(往年数据)"
            elif r["latest_release"] == "derived":
                latest += "(推算)"
        if r.get("year_level") is not None and not r["latest_is_current"]:
            basis = "现价" if not r["chains"] else "总量"
            level = fmt_number(r["year_level"], r["series_unit"])
            when = fmt_period(year, r["start_month"], "year" if r["start_month"] == MONTHS_PER_YEAR else "ytd")
            latest += (f"; {when}{basis}{level}"
                       + (", 可比价增速未公布, 不据此判断" if not r["chains"] else ", 当年增速未公布"))
        progress = _progress(r, t)
        note = ""
        if r["latest_title"]:
            n = cite(r["latest_title"])
            note = f"<a href='#src-{n}' class='cite' aria-label='来源{n}'>{note_mark(n)}</a>"
        rows.append(
            f"<tr><th scope='row' data-label='指标'><a href='#t-{esc(r['id'])}'>{esc(name)}</a></th>"
            f"<td data-label='目标'>{esc(goal)}</td><td data-label='最新数据'>{esc(latest)}</td>"
            f"<td data-label='进度'>{esc(progress)}</td>"
            f"<td data-label='状态'>{badge(r['status'], card_status_text(r))}</td>"
            f"<td data-label='来源'>{note}</td></tr>"
        )
    return (
        "<div class='table-wrap'><table class='scorecard'><caption>目标进展一览(点击指标名称查看详情)</caption>"
        "<thead><tr><th scope='col'>指标</th><th scope='col'>目标</th><th scope='col'>最新数据</th>"
        "<th scope='col'>进度</th><th scope='col'>状态</th><th scope='col'>来源</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table></div>"
    )


def _progress(r: dict, t: dict) -> str:
    if not r["latest_is_current"]:
        return "—"
    if t["kind"] == "growth_rate":
        if r["complete"] or r["required"] is None:
            return "—"
        return f"余下月份需增长{fmt_number(ceil_to(r['required'], 1), '%')}"
    # completion and its gap to time progress to two decimals: 74.95% against 75% is 0.05 points behind
    parts = [f"完成{fmt_number(r['completion'], '%', decimals=2)}"]
    if not r["complete"] and r["pace_gap"] is not None:
        benchmark = ("上年同期进度", r["seasonal"]) if r.get("pace_basis") == "seasonal" else ("序时进度", r["time_progress"])
        parts.append(f"{benchmark[0]}{fmt_number(benchmark[1], '%', decimals=2)}, "
                     f"{'超' if r['pace_gap'] >= 0 else '落后'}{fmt_number(abs(r['pace_gap']), '个百分点', decimals=2)}")
    return "; ".join(parts)


def figures_table_html(figures: pl.DataFrame, indicator: str, *, title: str,
                       measures: tuple[str, ...] | None = None) -> str:
    """Every figure of an indicator (Taicang), with period, measure, value, release and source."""
    f = figures.filter(pl.col("indicator") == indicator, pl.col("release") != "target",
                       pl.col("region") == "太仓市")
    if measures:
        f = f.filter(pl.col("measure").is_in(list(measures)))
    if f.is_empty():
        return ""
    rows = []
    for r in f.sort("year", "month", nulls_last=True).iter_rows(named=True):
        n = cite(r["source_title"]) if r["source_title"] else None
        flag = r.get("flag")
        rows.append({
            "时期": fmt_period(r["year"], r["month"], r["period_type"], r["period"]),
            "口径": zh("measure", r["measure"], r["measure"]),
            "数值": fmt_figure(r["value"], r["unit"], r["bound"]),
            "性质": _nature(r, flag),
            "来源": (note_mark(n) if n else "") + clip(source_label(r["source_title"]) or "网上资料", 60),
        })
    table = pl.DataFrame(rows)
    return table_html(table, caption=f"{title}: 全部数据")


def _nature(r: dict, flag: str | None) -> str:
    """A figure's 性质 in a table: 存疑 with the reason a check gave; an accepted value's release with
    the analyst's reason beside it (issue 20: the reason stands next to the value).

    Examples
    --------
    >>> _nature({"reliability": "doubtful", "release": "final"}, "累计增长%: 150%")
    '存疑: 累计增长%: 150%'
    >>> _nature({"reliability": "official", "release": "final"}, "分析员已确认：口径调整")
    '最终数 (分析员已确认：口径调整)'
    """
    if r.get("reliability") == "doubtful":
        return f"存疑: {clip(flag, 80)}" if flag else "存疑"
    release = zh("release", r["release"], "")
    return f"{release} ({clip(flag, 80)})" if flag else release


def _host(url: str | None) -> str:
    return urlparse(url or "").netloc


def _quote(text: str | None) -> str:
    """The source's exact words, marked as a quotation (and as English where they have no Chinese:
    a foreign-language source is quoted as it is, never translated)."""
    lang = "" if re.search(r"[\u4e00-\u9fff]", text or "") else " lang='en'"
    return f"<q class='quote'{lang}>{esc(text)}</q>"


def sources_html(figures: pl.DataFrame) -> str:
    """The appendix of sources: every source, numbered as cited, with its title, reliability, address
    and the exact words of each figure taken from it (long text is kept whole here)."""
    f = figures.filter(pl.col("value").is_not_null() | (pl.col("release") == "target"))
    by_title: dict[str, list[dict]] = {}
    for r in f.sort("region", "indicator", "year", "month", nulls_last=True).iter_rows(named=True):
        by_title.setdefault(r["source_title"] or "", []).append(r)
    for title in by_title:
        cite(title)
    numbers = {t: cite(t) for t in by_title}
    items = []
    for title, rows in sorted(by_title.items(), key=lambda kv: numbers[kv[0]]):
        n = numbers[title]
        first = rows[0]
        label = source_label(title) or f"网上资料({_host(first['source_url']) or '无地址'})"
        rel = reliability_word(first.get("reliability")) or "公开资料"
        url = first["source_url"] or ""
        address = (f"<span class='url'>{esc(url)}</span>" if url.startswith("http") else "无网址")
        quotes = "".join(
            f"<li>{esc(r['region'] if r['region'] != '太仓市' else '')}{esc(r['indicator_zh'])} "
            f"{esc(fmt_period(r['year'], r['month'], r['period_type'], r['period']))}: "
            f"{esc(fmt_figure(r['value'], r['unit'], r['bound']) if r['value'] is not None else '—')}"
            f"({esc(zh('release', r['release'], ''))}, 编号{esc(r['figure_id'])}) 原文: {_quote(r['quote'])}</li>"
            for r in rows)
        items.append(f"<li id='src-{n}' value='{n}'><b>{esc(label)}</b> <span class='rel'>[{esc(rel)}]</span>"
                     f"<br>网址: {address}<ul>{quotes}</ul></li>")
    return "<ol class='sources'>" + "".join(items) + "</ol>"

"""HTML tables and summaries for the notebooks and the report: the brief, the scorecard, a figures
table, the sources appendix. All text from data is escaped; all words for codes come from the
vocabulary; numbers use the one format of :mod:`taicang_analysis.notebook.formats`.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import polars as pl

from taicang_analysis.notebook.display import badge, note_mark, table_html
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
from taicang_analysis.run import Citations
from taicang_analysis.vocabulary import MONTHS_PER_YEAR, word, zh


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
    """The scorecard's status words: 已完成 / 未完成 for a finished year, (推算) for a derived figure;
    empty where the figure behind it gives no verdict (a plan or an expectation: context only).

    Examples
    --------
    >>> card_status_text({"status": "met", "complete": True, "evidence": "derived"})
    '已完成(推算)'
    >>> card_status_text({"status": "no_data", "complete": False, "evidence": "context"})
    ''
    """
    evidence = row.get("evidence") or "none"
    if evidence == "context":
        return ""
    text = status_word(row["status"], complete=bool(row["complete"]))
    if word("evidence", evidence, "rule") == "marked":
        text += f"({zh('evidence', evidence)})"
    return text


def status_html(row: dict) -> str:
    """The status cell: a badge in the status colour, or, where the figure can give no verdict (a plan,
    an expectation), the words of its evidence in plain text — never a colour."""
    text = card_status_text(row)
    if not text:
        return f"<span class='no-verdict'>{esc(zh('evidence', row.get('evidence') or 'none') or '—')}</span>"
    return badge(row["status"], text)


def latest_text(row: dict, *, year: int) -> str:
    """The latest figure as the scorecard writes it: period and value, (推算) for a derived one,
    (往年数据) for an earlier year's; a plan or expectation in its release's words (计划安排183个);
    without any figure, what the report holds (本报告数据中尚无…).

    Examples
    --------
    >>> latest_text({"latest_value": 183.0, "latest_unit": "个", "latest_bound": "exact", "latest_year": 2023,
    ...              "latest_month": 12, "latest_period_type": "year", "latest_release": "plan",
    ...              "latest_is_current": True}, year=2023)
    '2023年: 计划安排183个'
    >>> latest_text({"latest_value": None}, year=2023)
    '本报告数据中尚无2023年全年数'
    """
    if row["latest_value"] is None:
        return f"本报告数据中尚无{year}年全年数"
    period = fmt_period(row["latest_year"], row["latest_month"], row["latest_period_type"] or "year")
    value = fmt_figure(row["latest_value"], row["latest_unit"], row["latest_bound"])
    release = row.get("latest_release") or "final"
    template = word("release", release, "template")
    if template:
        value = template.format(v=value)
    text = f"{period}: {value}"
    if not row["latest_is_current"]:
        text += "(往年数据)"
    elif word("release", release, "rule") == "marked":
        text += f"({zh('release', release)})"
    return text


#: the scorecard's groups, in order: what needs attention, what is done or on track, what has no verdict
CARD_GROUPS = (("attention", ("off_track", "at_risk"), "需关注"),
               ("done", ("met", "on_track"), "已完成或进度正常"),
               ("none", ("no_data",), "无数据"))


def card_order(card: pl.DataFrame) -> pl.DataFrame:
    """The scorecard for a reader who acts: 未完成 / 滞后 / 有风险 first, then 已完成 / 进度正常, then
    无数据, each group in the report's order, with its ``group`` code.

    Examples
    --------
    >>> card = pl.DataFrame({"id": ["a", "b", "c", "d"], "status": ["no_data", "met", "off_track", "at_risk"]})
    >>> card_order(card).select("id", "group").rows()
    [('c', 'attention'), ('d', 'attention'), ('b', 'done'), ('a', 'none')]
    """
    group = pl.col("status").replace_strict(
        {s: g for g, statuses, _ in CARD_GROUPS for s in statuses}, default="none", return_dtype=pl.String)
    rank = pl.col("group").replace_strict({g: i for i, (g, _, _) in enumerate(CARD_GROUPS)}, return_dtype=pl.Int64)
    return (card.with_row_index("_order").with_columns(group=group).with_columns(_rank=rank)
            .sort("_rank", "_order").drop("_rank", "_order"))


def _names(card: pl.DataFrame, targets: pl.DataFrame | None) -> dict[str, str]:
    if targets is None:
        return {r["id"]: r.get("indicator_zh") or r["id"] for r in card.iter_rows(named=True)}
    meta = {r["id"]: r for r in targets.iter_rows(named=True)}
    indicators = [meta[i]["indicator"] for i in card["id"].to_list() if i in meta]
    shared = {i for i in indicators if indicators.count(i) > 1}
    return {i: target_name(meta[i], shared) if i in meta else i for i in card["id"].to_list()}


def summary_html(card: pl.DataFrame, *, year: int, targets: pl.DataFrame | None = None) -> str:
    """The brief's opening sentences: how many targets stand where, which need attention (by name),
    and what the report's data do not hold — never a claim about what was published.

    Examples
    --------
    >>> card = pl.DataFrame({"id": ["a", "b", "c"], "status": ["met", "no_data", "off_track"],
    ...                      "complete": [True, False, True], "evidence": ["derived", "none", "observed"],
    ...                      "latest_is_current": [True, False, True], "latest_year": [2023, 2022, 2023]})
    >>> text = summary_html(card, year=2023)
    >>> text[:63]
    "<p class='summary'>3项数值目标中: 需关注1项(c: 未完成); 已完成1项(其中推算1项); 无数据1项"
    >>> text[63:]
    '(本报告数据中尚无2023年的数据, 表中所列为往年数据, 仅供参考)。</p>'
    """
    names = _names(card, targets)
    ordered = card_order(card)
    parts = []
    attention = ordered.filter(pl.col("group") == "attention")
    if attention.height:
        listed = "、".join(f"{names[r['id']]}: {card_status_text(r)}" for r in attention.iter_rows(named=True))
        parts.append(f"需关注{attention.height}项({listed})")
    done = ordered.filter(pl.col("group") == "done")
    counts: dict[str, int] = {}
    for r in done.iter_rows(named=True):
        w = status_word(r["status"], complete=bool(r["complete"]))
        counts[w] = counts.get(w, 0) + 1
    for w, n in counts.items():
        marked = done.filter(pl.col("evidence") == "derived", pl.col("status").is_in(
            [s for s in ("met", "on_track") if status_word(s, complete=w in ("已完成", "未完成")) == w]))
        parts.append(f"{w}{n}项" + (f"(其中推算{marked.height}项)" if marked.height else ""))
    missing = ordered.filter(pl.col("group") == "none")
    if missing.height:
        why = f"本报告数据中尚无{year}年的数据"
        if missing.filter(pl.col("latest_year").is_not_null(), ~pl.col("latest_is_current")).height:
            why += ", 表中所列为往年数据, 仅供参考"
        context = missing.filter(pl.col("evidence") == "context")
        if context.height:
            why += "; " + "、".join(f"{names[r['id']]}只有{zh('release', r.get('latest_release'), '计划数')}"
                                    for r in context.iter_rows(named=True)) + ", 不作判断"
        parts.append(f"无数据{missing.height}项({why})")
    text = f"{card.height}项数值目标中: " + ("; ".join(parts) or "尚无可判断的目标")
    return f"<p class='summary'>{esc(text)}。</p>"


def scorecard_html(card: pl.DataFrame, targets: pl.DataFrame, *, year: int, citations: Citations | None = None) -> str:
    """The scorecard: targets that need attention first, then those done or on track, then those
    without a verdict (:func:`card_order`), each group under a one-line heading; on a phone each row
    is a card. Columns: 指标 (linked to its section), 目标, 最新数据(时期), 进度, 状态, 注 (numbered source,
    from the run's ``citations``).
    """
    cite = Citations() if citations is None else citations
    meta = {r["id"]: r for r in targets.iter_rows(named=True)}
    names = _names(card, targets)
    rows = []
    ordered = card_order(card)
    for group, _, heading in CARD_GROUPS:
        part = ordered.filter(pl.col("group") == group)
        if part.is_empty():
            continue
        rows.append(f"<tr class='card-group'><th scope='rowgroup' colspan='6'>{esc(heading)}({part.height}项)</th></tr>")
        for r in part.iter_rows(named=True):
            rows.append(_card_row(r, meta[r["id"]], names[r["id"]], year=year, cite=cite))
    return (
        "<div class='table-wrap'><table class='scorecard'>"
        "<caption>目标进展一览<span class='screen-only'>(点击指标名称查看详情)</span></caption>"
        "<thead><tr><th scope='col'>指标</th><th scope='col'>目标</th><th scope='col'>最新数据</th>"
        "<th scope='col'>进度</th><th scope='col'>状态</th><th scope='col'>来源</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table></div>"
    )


def _card_row(r: dict, t: dict, name: str, *, year: int, cite: Citations) -> str:
    goal = ("增长" if t["kind"] == "growth_rate" else "") + fmt_target(
        t["value"], t["value_high"], t["unit"], t["qualifier"])
    latest = latest_text(r, year=year)
    if r.get("year_level") is not None and not r["latest_is_current"]:
        basis = "现价" if not r["chains"] else "总量"
        level = fmt_number(r["year_level"], r["series_unit"])
        when = fmt_period(year, r["start_month"], "year" if r["start_month"] == MONTHS_PER_YEAR else "ytd")
        derived = f"({zh('release', 'derived')})" if r.get("year_level_release") == "derived" else ""
        latest += (f"; {when}{basis}{level}{derived}"
                   + (", 本报告数据中尚无可比价增速, 不据此判断" if not r["chains"] else ", 本报告数据中尚无当年增速"))
    own = re.sub(r"[(（][^()（）]*[)）]$", "", r.get("latest_name") or "")  # less the research note's remark
    if r["latest_value"] is not None and own and own != t["indicator_zh"]:
        latest += f"; 口径: 来源称“{own}”"  # the source's own name where it differs from the target's
    progress = _progress(r, t)
    note = ""
    if r["latest_title"]:
        n = cite(r["latest_title"])
        note = f"<a href='#src-{n}' class='cite' aria-label='来源{n}'>{note_mark(n)}</a>"
    return (
        f"<tr><th scope='row' data-label='指标'><a href='#t-{esc(r['id'])}'>{esc(name)}</a></th>"
        f"<td data-label='目标'>{esc(goal)}</td><td data-label='最新数据'>{esc(latest)}</td>"
        f"<td data-label='进度'>{esc(progress)}</td>"
        f"<td data-label='状态'>{status_html(r)}</td>"
        f"<td data-label='来源'>{note}</td></tr>"
    )


def gaps_html(card: pl.DataFrame, targets: pl.DataFrame, catalogue: pl.DataFrame, *, year: int) -> str:
    """The 数据缺口 list after the scorecard: for each target without a verdict, what would fill it
    (the catalogue's ``filled_by``, worded by the vocabulary). Names no department.

    Examples
    --------
    >>> card = pl.DataFrame({"id": ["a"], "status": ["no_data"], "evidence": ["none"]})
    >>> targets = pl.DataFrame({"id": ["a"], "indicator": ["port_teu"], "indicator_zh": ["太仓港集装箱吞吐量"],
    ...                         "kind": ["level"]})
    >>> cat = pl.DataFrame({"id": ["port_teu"], "name_zh": ["太仓港集装箱吞吐量"], "filled_by": ["bulletin|review"]})
    >>> html = gaps_html(card, targets, cat, year=2023)
    >>> html.startswith("<section class='gaps'><h3>数据缺口</h3><ul><li>太仓港集装箱吞吐量: 可由2023年统计公报的全年数")
    True
    >>> "2024年政府工作报告对2023年的回顾补上" in html
    True
    """
    names = _names(card, targets)
    facts = {r["id"]: r for r in catalogue.iter_rows(named=True)}
    meta = {r["id"]: r for r in targets.iter_rows(named=True)}
    items = []
    for r in card_order(card).filter(pl.col("group") == "none").iter_rows(named=True):
        fact = facts.get(meta[r["id"]]["indicator"], {})
        ways = [word("filled_by", code, "template").format(year=year, next=year + 1, name=fact.get("name_zh", ""))
                for code in (fact.get("filled_by") or "").split("|") if code]
        what = "、".join(ways) if ways else "新的数据文件"
        have = ""
        if r.get("evidence") == "context" and r.get("latest_value") is not None:
            have = f"现有的是{zh('release', r['latest_release'])}({latest_text(r, year=year).split(': ', 1)[-1]}), 不作判断; "
        items.append(f"<li>{esc(names[r['id']])}: {esc(have)}可由{esc(what)}补上。</li>")
    if not items:
        return ""
    return f"<section class='gaps'><h3>数据缺口</h3><ul>{''.join(items)}</ul></section>"


def _progress(r: dict, t: dict) -> str:
    """Progress as the engine computed it: nothing for a plan or expectation, (推算) on a derived figure's
    completion, 余下月份需… only where the engine computed the pace (never the target repeated)."""
    if not r["latest_is_current"] or r.get("evidence") == "context":
        return "—"
    if t["kind"] == "growth_rate":
        if r["complete"] or r["required"] is None or not r.get("required_computed", True):
            return "—"
        return f"余下月份需增长{fmt_number(ceil_to(r['required'], 1), '%')}"
    if r["completion"] is None:
        return "—"
    # completion and its gap to time progress to two decimals: 74.95% against 75% is 0.05 points behind
    marked = f"({zh('evidence', 'derived')})" if r.get("evidence") == "derived" else ""
    parts = [f"完成{fmt_number(r['completion'], '%', decimals=2)}{marked}"]
    if not r["complete"] and r["pace_gap"] is not None:
        benchmark = ("上年同期进度", r["seasonal"]) if r.get("pace_basis") == "seasonal" else ("序时进度", r["time_progress"])
        parts.append(f"{benchmark[0]}{fmt_number(benchmark[1], '%', decimals=2)}, "
                     f"{'超' if r['pace_gap'] >= 0 else '落后'}{fmt_number(abs(r['pace_gap']), '个百分点', decimals=2)}")
    return "; ".join(parts)


def figures_table_html(figures: pl.DataFrame, indicator: str, *, title: str,
                       measures: tuple[str, ...] | None = None, citations: Citations | None = None) -> str:
    """Every figure of an indicator (Taicang), with period, measure, value, release and source (its
    number from the run's ``citations``)."""
    cite = Citations() if citations is None else citations
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


def sources_html(figures: pl.DataFrame, *, only_cited: bool = False, citations: Citations | None = None) -> str:
    """The appendix of sources, numbered as cited, with its title, reliability, address and the exact
    words of each figure taken from it (long text is kept whole here). ``only_cited``: only the
    sources cited so far in this run (the report: its appendix lists only what it cites); otherwise
    every source of ``figures``, numbered after the cited ones (``citations``: the run's register)."""
    cite = Citations() if citations is None else citations
    f = figures.filter(pl.col("value").is_not_null() | (pl.col("release") == "target"))
    cited_now = cite.numbers()
    by_title: dict[str, list[dict]] = {}
    for r in f.sort("region", "indicator", "year", "month", nulls_last=True).iter_rows(named=True):
        if only_cited and (r["source_title"] or "") not in cited_now:
            continue
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

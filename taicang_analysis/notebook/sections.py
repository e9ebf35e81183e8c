"""One call per notebook step; the same call serves Lab and the report.

A notebook holds prose and these calls, nothing else. Each call takes the run
(:func:`taicang_analysis.run.open_run`: the year, the data folder and every table read from it,
once per data state) as its first argument: ``s.target(run, "gdp_growth")``. A call about a target that the year's registry does
not hold shows nothing in the report (and says so in Lab), so that the same notebooks make the
2021 and the 2023 editions.
"""

from __future__ import annotations

import functools

import polars as pl

from taicang_analysis.assess import scenario_starts, scorecard
from taicang_analysis.notebook import charts, tables
from taicang_analysis.notebook.display import show, show_html
from taicang_analysis.notebook.formats import esc, fmt_figure, fmt_period, fmt_target, source_label
from taicang_analysis.notebook.scenario import scenario_html, target_text
from taicang_analysis.run import Citations, Run
from taicang_analysis.vocabulary import zh

# --- Lab: a data file that fails validation ------------------------------------------------------
# In Lab (never in the report: its build stops on a bad file before any notebook runs) the run holds
# the published figures alone when a monthly file fails validation (run.failure). The first section
# call of the run shows one Chinese message naming file, row, column and value, without a traceback;
# the calls that use the monthly figures say so under their output.


def _announce(run: Run) -> None:
    failure = run.failure
    if failure is None or str(failure) in run.shown:
        return
    run.shown.add(str(failure))
    show_html("<div class='data-error' role='alert' style='border-left:4px solid #b42318;background:#fff5f5;"
              "padding:8px 12px;margin:4px 0'><b>有一个数据文件未通过校验, 本次没有使用:</b><br>"
              f"{esc(failure)}<br>下面的图表和测算只用公开数据, 不含月报文件夹 <code>{esc(run.monthly_dir)}</code> "
              "中的文件。改好这个文件(或把它移出该文件夹)后, 重新运行本笔记本; 运行 "
              "<code>import taicang_analysis as ta; ta.where()</code> 可查看读取了哪些文件。</div>")


def _section(fn=None, *, depends: bool = False):
    """Decorate a section call ``fn(run, ...)``: in Lab a bad data file is one message per run, and
    the call still draws what the published figures allow (``depends``: the call uses the monthly
    figures, and says so)."""
    if fn is None:
        return functools.partial(_section, depends=depends)

    @functools.wraps(fn)
    def call(run: Run, *args, **kwargs):
        _announce(run)
        result = fn(run, *args, **kwargs)
        if depends and run.failure is not None:
            show_html("<p class='note'>(本节未包含月报文件中的数字: 有文件未通过校验, 见本笔记本开头的提示。)</p>")
        return result

    return call


def _edition_figures(run: Run) -> pl.DataFrame:
    """The run's figures of periods up to the edition's year: the edition for year Y keeps to Y."""
    return run.figures.filter(pl.col("year") <= run.year)


def _later_line(run: Run, indicator: str, measure: str | None, *, unit: str | None = None) -> str:
    """One labelled line for the latest figure published for a period after the edition's year
    (此后公布: …), or ``""``: a later figure never joins the edition's sections or charts."""
    year = run.year
    later = run.figures.filter(
        pl.col("indicator") == indicator, pl.col("year") > year, pl.col("release") != "target",
        pl.col("value").is_not_null(), pl.col("region") == "太仓市", pl.col("reliability") != "doubtful")
    if "flag" in later.columns:  # a figure in doubt is never named as what came after
        later = later.filter(pl.col("flag").is_null())
    if measure:
        later = later.filter(pl.col("measure") == measure)
    if unit:
        later = later.filter(pl.col("unit") == unit)
    if later.is_empty():
        return ""
    last = later.sort("year", "month", pl.col("release") == "final", nulls_last=False)[-1].row(0, named=True)
    when = fmt_period(last["year"], last["month"], last["period_type"], last["period"])
    return (f"<p class='later'>此后公布: {esc(when)}{esc(fmt_figure(last['value'], last['unit'], last['bound']))}"
            f"({esc(zh('release', last['release'], ''))}, 不属于本期{year}年的范围)。</p>")


def _target(run: Run, target_id: str) -> dict | None:
    found = run.targets.filter(pl.col("id") == target_id)
    return found.row(0, named=True) if found.height else None


def _missing(run: Run, target_id: str) -> None:
    if not run.report:
        show_html(f"<p class='note'>{run.year}年的目标登记表中没有这项目标({esc(target_id)}), 本节跳过。</p>")


@_section(depends=True)
def overview(run: Run) -> None:
    """The brief: the summary sentences and the scorecard."""
    card = scorecard(run.year, run.data_dir, targets=run.targets, figures=run.figures)
    targets = run.targets
    show_html(tables.summary_html(card, year=run.year, targets=targets)
              + tables.scorecard_html(card, targets, year=run.year, citations=run.citations)
              + tables.gaps_html(card, targets, run.catalogue, year=run.year))


@_section
def target(run: Run, target_id: str) -> None:
    """A target's heading (linked from the scorecard), its words in the report and its status."""
    t = _target(run, target_id)
    if t is None:
        _missing(run, target_id)
        return
    card = scorecard(run.year, run.data_dir, targets=run.targets, figures=run.figures).filter(pl.col("id") == target_id).row(0, named=True)
    status = tables.status_html(card)
    show_html(
        f"<h2 id='t-{esc(target_id)}' class='target'>{esc(t['indicator_zh'])}: {esc(target_text({**t, 'target': t['value']}))}</h2>"
        f"<p class='target-line'>{status} {t['year']}年目标: {esc(target_text({**t, 'target': t['value']}))}。"
        f"原文: “{esc(t['phrase'])}”</p>"
    )


@_section
def history(run: Run, indicator: str, measure: str, *, title: str, name: str, target_id: str | None = None,
            unit: str | None = None, context: str = "") -> None:
    """The annual history of an indicator (with the target, if given and in this year's registry).

    With a single figure, a sentence with the number and its source instead of a chart.
    """
    t = _target(run, target_id) if target_id else None
    if target_id and t is None:
        return
    figures = _edition_figures(run)
    chart = charts.history_chart(figures, indicator, measure, title=title, name=name, unit=unit, target=t)
    later = _later_line(run, indicator, measure, unit=unit)
    if chart is None:
        show_html(_single_figure(figures, indicator, measure, title=title, unit=unit, context=context,
                                 cite=run.citations) + later)
        return
    show(chart, run=run)
    if later:
        show_html(later)


def _single_figure(figures: pl.DataFrame, indicator: str, measure: str, *, title: str, unit: str | None,
                   context: str, cite: Citations) -> str:
    rows = figures.filter(pl.col("indicator") == indicator, pl.col("measure") == measure,
                          pl.col("release") != "target", pl.col("region") == "太仓市",
                          pl.col("value").is_not_null())
    if unit:
        rows = rows.filter(pl.col("unit") == unit)
    if rows.is_empty():
        return f"<p class='empty'>{esc(title)}: 本报告数据中尚无这项数字, 不作图、不估算。</p>"
    r = rows.sort("year", "month", nulls_last=False)[-1].row(0, named=True)
    label = source_label(r["source_title"]) or "网上资料"
    from taicang_analysis.notebook.display import note_mark

    n = cite(r["source_title"])
    return (f"<p class='single'>{esc(title)}: 仅有一个公开数字 — "
            f"{esc(fmt_period(r['year'], r['month'], r['period_type'], r['period']))}"
            f"{esc(fmt_figure(r['value'], r['unit'], r['bound']))}"
            f"({esc(context)}来源: <a href='#src-{n}' class='cite'>{note_mark(n)}</a>{esc(label)}), 不作图。</p>")


@_section(depends=True)
def in_year(run: Run, indicator: str, measure: str, *, title: str, name: str, unit: str | None = None) -> None:
    """The target year's path by month, with last year's months as reference (when there are any)."""
    year = run.year
    chart = charts.ytd_chart(run.figures, indicator, measure, year=year, title=title, name=name, unit=unit)
    show(chart, run=run, empty=f"{title}: {year}年尚无月度数据; 统计局月报到位后, 这里显示逐月累计。")


@_section
def cumulative(run: Run, indicators: list[str], *, title: str, name: str, names: dict[str, str]) -> None:
    """Running totals by date (German enterprises), bounds as bounds."""
    show(charts.cumulative_chart(_edition_figures(run), indicators, title=title, name=name, names=names), run=run,
         empty=f"{title}: 本报告数据中不足两个时点, 不作图。")
    later = "".join(_later_line(run, i, "count_total") for i in indicators)
    if later:
        show_html(later)


@_section(depends=True)
def scenario(run: Run, target_id: str, *, title: str | None = None):
    """The target's scenario: the ipywidgets panel in Lab, a kernel-free slider in the report.

    Returns the Lab panel (or, in the report, the table of slider steps).
    """
    t = _target(run, target_id)
    if t is None:
        _missing(run, target_id)
        return None
    title = title or f"{t['indicator_zh']}: 情景测算"
    if not run.report:
        from taicang_analysis.notebook.panel import scenario as panel

        return panel(run, target_id, title=title)
    starts = scenario_starts(run.year, run.data_dir, targets=run.targets, figures=run.figures)
    start = {**starts.filter(pl.col("id") == target_id).row(0, named=True), "indicator_zh": t["indicator_zh"]}
    html, table = scenario_html(start, title=title, name=f"{target_id.replace('_', '-')}-scenario", year=run.year,
                                assets=run.assets_dir)
    show_html(html)
    return table


@_section
def figures(run: Run, indicator: str, *, title: str, measures: tuple[str, ...] | None = None) -> None:
    """Every figure of an indicator, with its release and numbered source."""
    html = tables.figures_table_html(_edition_figures(run), indicator, title=title, measures=measures,
                                     citations=run.citations)
    if html:
        show_html(f"<details class='figures'><summary>{esc(title)}: 全部数据</summary>{html}</details>")


@_section(depends=True)
def empty_state(run: Run, indicator: str, *, name_zh: str, unit: str) -> bool:
    """When an indicator has no figure: say so (in Lab, with the absolute folder to put a file in).

    Returns True when the indicator has figures (the notebook then draws them).
    """
    f = _edition_figures(run).filter(pl.col("indicator") == indicator, pl.col("release") != "target")
    if f.height:
        return True
    if run.report:
        show_html(f"<p class='empty'>{esc(name_zh)}: 本报告数据中尚无这项数字, 不作图、不估算。</p>")
    else:
        show_html(
            f"<div class='panel-text'><b>{esc(name_zh)}: 暂无数据。</b> 本报告数据中尚无这项数字, 不作图、不估算。"
            f"<br>添加方法: 把统计局月报(或按 <code>data/templates/monthly_template.xlsx</code> 的格式)放进文件夹 "
            f"<code>{esc(run.monthly_dir)}</code>, 指标名称写“{esc(name_zh)}”, 单位写“{esc(unit)}”, "
            "同名加 <code>.source.txt</code> 写明 issuer / report / date, 再重新运行本笔记本。</div>")
    return False


@_section
def sources(run: Run) -> None:
    """The appendix: the sources, numbered as cited, with reliability, address and exact words. In the
    report only the sources the report cites, and only their figures of the edition's years; in Lab
    (one notebook alone) every source of those years."""
    show_html(tables.sources_html(_edition_figures(run), only_cited=run.report, citations=run.citations))


@_section
def data_notes(run: Run) -> None:
    """Which monthly files this edition read or skipped, and why."""
    # the folder's own guide (data/monthly/README.md) is not a file of the edition
    files = run.inventory.filter(pl.col("file") != "README.md")
    if files.is_empty():
        show_html("<p class='note'>本期没有使用分析员月报文件, 全部数据来自公开资料。</p>")
        return
    words = {"read": "已读取", "skipped": "已跳过", "failed": "未通过校验"}
    rows = pl.DataFrame([{"文件": r["file"], "处理": words.get(r["action"], r["action"]), "说明": r["reason"] or ""}
                         for r in files.iter_rows(named=True)])
    from taicang_analysis.notebook.display import table_html

    show_html(table_html(rows, caption="本期读取的月报文件"))
    cells = monthly_cells(run.panel, run.catalogue)
    if cells.height:
        show_html(table_html(cells, caption="月报中的数值 (同一数值见于几份文件时, 列出每份文件)"))
    warnings = run.checks
    if warnings.height:
        rows = pl.DataFrame({"地区": warnings["region"].to_list(), "文件": warnings["source_file"].to_list(),
                             "提示": warnings["message"].to_list()})
        show_html(table_html(rows, caption="月报核对提示(不影响判断, 请与统计局核实)"))


def monthly_cells(panel: pl.DataFrame, catalogue: pl.DataFrame) -> pl.DataFrame:
    """The monthly panel as 本期数据 shows it: each place, indicator and month with its 累计值,
    本月值 and 累计增长, every file that gives it, and what is to be said about it — a conflict
    between files (both values, both files), 存疑 with the check's reason, an accepted value's reason.

    Examples
    --------
    SYNTHETIC: one cell given by two files that agree.

    >>> from taicang_analysis.sources.panel import as_panel
    >>> p = as_panel(pl.DataFrame({"indicator": ["retail_sales"], "year": [2023], "month": [4],
    ...     "ytd_value": [180.6], "month_value": [45.2], "ytd_growth": [6.1], "unit": ["亿元"],
    ...     "source_file": ["own.csv"], "sources": ["own.csv；places.csv"]}))
    >>> from taicang_analysis.sources.catalogue import load_indicators
    >>> monthly_cells(p, load_indicators()).row(0)
    ('太仓市', '社会消费品零售总额', '2023年1-4月', '180.6亿元', '45.2亿元', '6.1%', 'own.csv、places.csv', '')
    """
    names = dict(catalogue.select("id", "name_zh").iter_rows())
    rows = []
    for r in panel.iter_rows(named=True):
        unit = r["unit"] or ""
        said = []
        if r.get("conflict"):
            said.append(f"各文件数值不同: {r['conflict']}")
        if r.get("flag"):
            said.append(f"存疑: {r['flag']}")
        if r.get("accepted"):
            said.append(f"分析员已接受: {r['accepted']}")
        rows.append({
            "地区": r["region"], "指标": names.get(r["indicator"], r["indicator"]),
            "期别": fmt_period(r["year"], r["month"], "ytd", f"{r['year']}-{r['month']:02d}"),
            "累计值": "—" if r["ytd_value"] is None else fmt_figure(r["ytd_value"], unit, "exact"),
            "本月值": "—" if r.get("month_value") is None else fmt_figure(r["month_value"], unit, "exact"),
            "累计增长": "—" if r["ytd_growth"] is None else fmt_figure(r["ytd_growth"], "%", "exact"),
            "来源文件": "、".join((r.get("sources") or r["source_file"] or "").split("；")),
            "说明": "; ".join(said),
        })
    return pl.DataFrame(rows, schema=dict.fromkeys(
        ["地区", "指标", "期别", "累计值", "本月值", "累计增长", "来源文件", "说明"], pl.String), orient="row")


@_section
def heading(run: Run, text: str, *, anchor: str) -> None:
    """A section heading with a stable anchor (for the table of contents)."""
    show_html(f"<h2 id='{esc(anchor)}'>{esc(text)}</h2>")


@_section
def target_goal(run: Run, target_id: str) -> str:
    """The target in words (``增长5%左右``), or an empty string when the year has no such target."""
    t = _target(run, target_id)
    return "" if t is None else fmt_target(t["value"], t["value_high"], t["unit"], t["qualifier"])


@_section
def peers(run: Run) -> None:
    """Taicang beside the other places of Suzhou (县级市 and 区): for each indicator with peer data, the
    latest comparable figure of each place, same period only, release marked; the caption names the set
    the table holds exactly, the note under it describes Taicang's row (a rank only from the complete
    set, else the source's own rank quoted)."""
    from taicang_analysis.notebook.display import note_mark, table_html
    from taicang_analysis.peers import comparison_set, peer_sections, peer_table

    year = run.year
    figures_ = run.figures
    shown = 0
    sections_ = [(*k, "ytd") for k in peer_sections(figures_, year, period_type="ytd") if k[2] == year]
    sections_ += [(*k, "year") for k in peer_sections(figures_, year)]
    for indicator, measure, y, kind in sections_:
        table = peer_table(figures_, indicator=indicator, measure=measure, year=y, period_type=kind)
        have = table.filter(pl.col("value").is_not_null())
        if have.height < 2:
            continue
        rows = []
        for r in table.iter_rows(named=True):
            n = run.citations(r["source_title"]) if r.get("source_title") else None
            rows.append({
                "地区": r["region"],
                "数值": "—" if r["value"] is None else fmt_figure(r["value"], r["unit"] or "", r["bound"]),
                "性质": zh("release", r["release"], "") if r["value"] is not None else "本报告数据中尚无",
                "位次": (f"第{r['rank']}位(共{r['rank_of']}个)" if r["rank"] is not None
                         else f"第{r['source_rank']}位(来源原文)" if r.get("source_rank") else ""),
                "来源": (note_mark(n) if n else "") + (source_label(r.get("source_title")) or ""),
            })
        name = have["indicator_zh"][0] if "indicator_zh" in have.columns else indicator
        measure_zh = zh("measure", measure, measure)
        # the note describes Taicang's row (never the first row's)
        note = table.filter(pl.col("is_taicang"))["rank_note"].drop_nulls()
        month = have["month"].max() if kind == "ytd" else None
        caption = f"{fmt_period(y, month, kind)}{name}{measure_zh}: {comparison_set(have['region'].to_list())}"
        show_html(f"<h3>{esc(caption)}</h3>" + table_html(pl.DataFrame(rows), caption=caption)
                  + (f"<p class='note'>太仓市: {esc(note[0])}</p>" if note.len() else ""))
        shown += 1
    if not shown:
        show_html("<p class='empty'>本报告数据中尚无可与周边县市同期比较的数据。</p>")


@_section
def data_checks(run: Run) -> None:
    """The methods appendix's lists: figures flagged 存疑 (with the rule's reason) and values that
    were deliberately not derived (with why)."""
    from taicang_analysis.notebook.display import table_html

    used = set(_edition_figures(run)["figure_id"].to_list())
    flags = run.conflicts
    flags = flags.filter(pl.col("figure_id").is_in(list(used)))  # only the rows this edition uses
    if flags.height:
        rows = pl.DataFrame({"数据编号": flags["figure_id"].to_list(), "原因": flags["reason"].to_list()})
        show_html(table_html(rows, caption="标为“存疑”的数据及原因"))
    else:
        show_html("<p class='note'>本期没有相互矛盾的数据。</p>")
    refused = run.refusals
    refused = refused.filter(pl.col("period").str.slice(0, 4).cast(pl.Int64, strict=False) <= run.year)
    if refused.height:
        rows = pl.DataFrame({"指标": refused["indicator_zh"].to_list(), "时期": refused["period"].to_list(),
                             "未推算的原因": refused["reason"].to_list()})
        show_html(table_html(rows, caption="可以想到但没有推算的数(及原因)"))

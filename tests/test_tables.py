"""HTML tables of the brief and the appendix (taicang_analysis.notebook.tables)."""

from __future__ import annotations

import html as htmllib
import importlib
import re

import polars as pl
import pytest

from taicang_analysis.assess import scorecard
from taicang_analysis.notebook.formats import source_label
from taicang_analysis.notebook.tables import (
    card_status_text,
    figures_table_html,
    latest_text,
    scorecard_html,
    sources_html,
    status_html,
    summary_html,
    target_name,
)
from taicang_analysis.run import Citations, open_run
from taicang_analysis.sources.targets import load_targets

display_mod = importlib.import_module("taicang_analysis.notebook.display")


@pytest.fixture
def cite() -> Citations:
    """A run's source numbering, fresh for each test."""
    return Citations()


@pytest.fixture(scope="module")
def figs() -> pl.DataFrame:
    return open_run().figures


@pytest.fixture(scope="module")
def targets() -> pl.DataFrame:
    return load_targets(2023)


@pytest.fixture(scope="module")
def card(targets, figs) -> pl.DataFrame:
    return scorecard(2023, targets=targets, figures=figs)


def _rows(html: str) -> dict[str, str]:
    """Scorecard body rows by target id (from the row's #t-<id> link)."""
    return {re.search(r"href='#t-([^']+)'", r).group(1): r
            for r in re.findall(r"<tr><th scope='row'.*?</tr>", html)}


def _cells(row: str) -> dict[str, str]:
    """A row's cells by their data-label, as text."""
    return {label: re.sub(r"<[^>]+>", "", text)
            for label, text in re.findall(r"data-label='([^']+)'>(.*?)</t[dh]>", row)}


# --- summary_html -----------------------------------------------------------------------------------------


def test_summary_counts_2023(card, targets):
    # 2023 (shipped data): met — fixed-asset investment 553.5 ≥ 520 and industrial investment 212.6 ≥ 200
    # (both derived); off track — port 803.9 < 900; the other 15 have no verdict (市级重点项目 183 is a
    # plan: 安排) (2 + 1 + 15 = 18 numeric targets)
    assert card.height == 18
    assert summary_html(card, year=2023, targets=targets) == (
        "<p class='summary'>18项数值目标中: 需关注1项(太仓港集装箱吞吐量: 未完成); 已完成2项(其中推算2项); 无数据15项"
        "(本报告数据中尚无2023年的数据, 表中所列为往年数据, 仅供参考; 市级重点项目只有计划数, 不作判断)。</p>")
    # the sentence says what the report holds, never what was (not) published
    assert not re.search("(未|尚未|没有|暂无)(公布|公开)|公开渠道", summary_html(card, year=2023, targets=targets))


def test_summary_counts_in_year():
    # SYNTHETIC card in the middle of a year: 2 进度正常, 1 有风险, 1 滞后, 1 without any figure
    card = pl.DataFrame({"id": ["a", "b", "c", "d", "e"],
                         "status": ["on_track", "at_risk", "on_track", "off_track", "no_data"],
                         "complete": [False] * 5, "latest_is_current": [True] * 4 + [False],
                         "evidence": ["observed"] * 4 + ["none"], "latest_year": [2023] * 4 + [None]})
    # the two that need attention named first (in the report's order); no earlier figure for the
    # missing one: no "往年数据" clause
    assert summary_html(card, year=2023) == (
        "<p class='summary'>5项数值目标中: 需关注2项(b: 有风险、d: 滞后); 进度正常2项; 无数据1项(本报告数据中尚无2023年的数据)。</p>")


def test_summary_nothing_to_judge():
    card = pl.DataFrame({"id": ["a"], "status": ["no_data"], "complete": [False], "latest_is_current": [False],
                         "evidence": ["none"], "latest_year": [2022]})
    assert summary_html(card, year=2023).startswith("<p class='summary'>1项数值目标中: 无数据1项(本报告数据中尚无2023年")


# --- scorecard_html ---------------------------------------------------------------------------------------


def test_scorecard_rows_link_to_their_sections(card, targets):
    html = scorecard_html(card, targets, year=2023)
    rows = _rows(html)
    # one row per target, each linking to #t-<id>: the ones with a verdict first — 未完成 (port), then
    # 已完成 (fai_level, industrial_investment, both 推算), then the 15 without a verdict, in the card's order
    verdict = ["port_teu", "fai_level", "industrial_investment_level"]
    assert list(rows)[:3] == verdict
    assert list(rows)[3:] == [i for i in card["id"].to_list() if i not in verdict]
    assert html.count("<tr><th scope='row'") == 18
    # one heading line per group, with its count
    groups = re.findall(r"<tr class='card-group'><th scope='rowgroup' colspan='6'>([^<]+)</th></tr>", html)
    assert groups == ["需关注(1项)", "已完成或进度正常(2项)", "无数据(15项)"]
    assert "<caption>" in html and html.count("<th scope='col'>") == 6


def test_scorecard_shared_indicator_names(card, targets):
    cells = {i: _cells(r) for i, r in _rows(scorecard_html(card, targets, year=2023)).items()}
    # fixed-asset investment has a growth and a level target: each says which
    assert cells["fai_growth"]["指标"] == "全社会固定资产投资(增速)"
    assert cells["fai_level"]["指标"] == "全社会固定资产投资(总量)"
    # an indicator with one target keeps its plain name
    assert cells["gdp_growth"]["指标"] == "地区生产总值"
    assert cells["port_teu"]["指标"] == "太仓港集装箱吞吐量"


def test_scorecard_cells_2023(card, targets):
    cells = {i: _cells(r) for i, r in _rows(scorecard_html(card, targets, year=2023)).items()}
    # GDP: no 2023 growth figure; the latest is 2022's 2.2% (b1-r010), given for context only
    assert cells["gdp_growth"]["目标"] == "增长5%左右"
    assert cells["gdp_growth"]["最新数据"] == "2022年: 2.2%(往年数据); 2023年现价1734.94亿元, 本报告数据中尚无可比价增速, 不据此判断"
    # FAI growth: the derived 553.5亿元 carries its 推算 on the growth row too
    assert cells["fai_growth"]["最新数据"].endswith("2023年总量553.5亿元(推算), 本报告数据中尚无当年增速")
    assert (cells["gdp_growth"]["进度"], cells["gdp_growth"]["状态"]) == ("—", "无数据")
    # fixed-asset investment 2023: 553.5亿元 derived; 553.5 / 520 = 106.44% (completion to two decimals)
    assert cells["fai_level"]["最新数据"] == "2023年: 553.5亿元(推算)"
    assert cells["fai_level"]["进度"] == "完成106.44%(推算)"
    assert cells["fai_level"]["状态"] == "已完成(推算)"
    # port 2023: 803.9 / 900 = 89.32%, the year is over: 未完成
    assert cells["port_teu"]["最新数据"] == "2023年: 803.9万标箱"
    assert (cells["port_teu"]["进度"], cells["port_teu"]["状态"]) == ("完成89.32%", "未完成")
    # a target with no figure at all
    assert cells["smart_factories"]["最新数据"] == "本报告数据中尚无2023年全年数"
    # 市级重点项目: 183 arranged (安排) in the plan — context in the release's words, no status at all
    assert cells["key_projects"]["最新数据"] == "2023年: 计划安排183个"
    assert (cells["key_projects"]["进度"], cells["key_projects"]["状态"]) == ("—", "不作判断")
    assert "class='badge'" not in _rows(scorecard_html(card, targets, year=2023))["key_projects"]
    assert cells["smart_factories"]["来源"] == ""
    # every figure that is not this year's says so
    for i, c in cells.items():
        current = card.filter(pl.col("id") == i)["latest_is_current"].item()
        value = card.filter(pl.col("id") == i)["latest_value"].item()
        assert c["最新数据"].split("; ")[0].endswith("(往年数据)") == (value is not None and not current), i


def test_scorecard_source_notes_link_to_the_appendix(card, targets, cite):
    html = scorecard_html(card, targets, year=2023, citations=cite)
    numbers = cite.numbers()
    for i, row in _rows(html).items():
        title = card.filter(pl.col("id") == i)["latest_title"].item()
        if title:
            n = numbers[title]
            assert f"<a href='#src-{n}' class='cite' aria-label='来源{n}'>{display_mod.note_mark(n)}</a>" in row
        else:
            assert "class='cite'" not in row


def test_scorecard_badges(card, targets):
    rows = _rows(scorecard_html(card, targets, year=2023))
    assert "style='background:#b42318;color:#fff;padding:1px 8px;border-radius:10px'>未完成</span>" in rows["port_teu"]
    assert "style='background:#1a7f37;color:#fff;padding:1px 8px;border-radius:10px'>已完成(推算)</span>" in rows["fai_level"]
    assert "style='background:#57606a;color:#fff;padding:1px 8px;border-radius:10px'>无数据</span>" in rows["gdp_growth"]


def _in_year_card(card: pl.DataFrame) -> pl.DataFrame:
    """SYNTHETIC mid-year rows: fixed-asset investment 1-6月 208亿元 and GDP growth 1-3月 4.8%."""
    fai = card.filter(pl.col("id") == "fai_level").with_columns(
        latest_value=pl.lit(208.0), latest_year=pl.lit(2023, pl.Int64), latest_month=pl.lit(6, pl.Int64),
        latest_period_type=pl.lit("ytd"), latest_release=pl.lit("preliminary"), latest_is_current=pl.lit(True),
        latest_bound=pl.lit("exact"), latest_title=pl.lit("太仓市统计局 2023年6月统计月报 (SYNTHETIC)"),
        month=pl.lit(6, pl.Int64), complete=pl.lit(False), evidence=pl.lit("observed"),
        # 208 / 520 = 40%; half the year gone: 50%; 40 − 50 = −10 points
        completion=pl.lit(40.0), time_progress=pl.lit(50.0), pace_gap=pl.lit(-10.0), status=pl.lit("at_risk"))
    gdp = card.filter(pl.col("id") == "gdp_growth").with_columns(
        latest_value=pl.lit(4.8), latest_year=pl.lit(2023, pl.Int64), latest_month=pl.lit(3, pl.Int64),
        latest_period_type=pl.lit("ytd"), latest_is_current=pl.lit(True), latest_release=pl.lit("final"),
        month=pl.lit(3, pl.Int64), complete=pl.lit(False), required=pl.lit(5.2), required_computed=pl.lit(True),
        evidence=pl.lit("observed"), status=pl.lit("on_track"))
    return pl.concat([gdp, fai], how="vertical_relaxed")


def test_scorecard_progress_in_year(card, targets):
    cells = {i: _cells(r) for i, r in _rows(scorecard_html(_in_year_card(card), targets, year=2023)).items()}
    assert cells["fai_level"]["最新数据"] == "2023年1-6月: 208亿元"
    assert cells["fai_level"]["进度"] == "完成40%; 序时进度50%, 落后10个百分点"
    assert cells["fai_level"]["状态"] == "有风险"
    assert cells["gdp_growth"]["最新数据"] == "2023年1-3月: 4.8%"
    assert cells["gdp_growth"]["进度"] == "余下月份需增长5.2%"
    assert cells["gdp_growth"]["状态"] == "进度正常"
    # alone (not shared in this card): the plain names
    assert cells["fai_level"]["指标"] == "全社会固定资产投资"


def test_scorecard_required_growth_rounded_up(card, targets):
    rows = _in_year_card(card).with_columns(required=pl.when(pl.col("id") == "gdp_growth").then(5.23)
                                            .otherwise(pl.col("required")))
    cells = {i: _cells(r) for i, r in _rows(scorecard_html(rows, targets, year=2023)).items()}
    assert cells["gdp_growth"]["进度"] == "余下月份需增长5.3%"


def test_target_name():
    row = {"indicator_zh": "全社会固定资产投资", "indicator": "fai", "kind": "growth_rate"}
    assert target_name(row, {"fai"}) == "全社会固定资产投资(增速)"
    assert target_name({**row, "kind": "level"}, {"fai"}) == "全社会固定资产投资(总量)"
    assert target_name({**row, "kind": "count"}, {"fai"}) == "全社会固定资产投资(总量)"
    assert target_name(row, set()) == "全社会固定资产投资"


def _words_of_release(release: str) -> tuple[str, str, str]:
    """SYNTHETIC: 183个 of 2023 against 超180个 under one release code, through the one status decision
    (engine.status.target_status / evidence) to the scorecard's words: (status, latest, status cell)."""
    from taicang_analysis.engine.status import evidence, target_status

    row = pl.DataFrame({"release": [release]}).select(
        status=target_status(kind=pl.lit("count"), target=pl.lit(180.0), month=pl.lit(12), ytd_value=pl.lit(183.0),
                             ytd_growth=pl.lit(None, dtype=pl.Float64), qualifier=pl.lit("more_than"),
                             release="release", flagged=pl.lit(False)),
        evidence=evidence(release="release", flagged=pl.lit(False))).row(0, named=True)
    card = {**row, "complete": True, "latest_value": 183.0, "latest_unit": "个", "latest_bound": "exact",
            "latest_year": 2023, "latest_month": 12, "latest_period_type": "year", "latest_release": release,
            "latest_is_current": True}
    return row["status"], latest_text(card, year=2023), re.sub(r"<[^>]+>", "", status_html(card))


@pytest.mark.parametrize(("release", "status", "latest", "cell"), [
    # outturns give a plain verdict: 183 > 180
    ("final", "met", "2023年: 183个", "已完成"),
    ("preliminary", "met", "2023年: 183个", "已完成"),
    # a derived value carries 推算 on the value and on the verdict
    ("derived", "met", "2023年: 183个(推算)", "已完成(推算)"),
    # a plan or an expectation gives no verdict: context in its own words, no status
    ("plan", "no_data", "2023年: 计划安排183个", "不作判断"),
    ("expectation", "no_data", "2023年: 预期183个", "不作判断"),
    # a target is not evidence of anything
    ("target", "no_data", "2023年: 183个", "不作判断"),
])
def test_each_release_code_and_its_verdict_words(release, status, latest, cell):
    assert _words_of_release(release) == (status, latest, cell)


def test_card_status_text():
    base = {"status": "met", "complete": True, "evidence": "observed"}
    assert card_status_text(base) == "已完成"
    assert card_status_text({**base, "evidence": "derived"}) == "已完成(推算)"
    # an older derived figure is context, not the basis of the status: evidence none
    assert card_status_text({**base, "status": "no_data", "complete": False, "evidence": "none"}) == "无数据"
    assert card_status_text({**base, "status": "at_risk", "complete": False}) == "有风险"
    assert card_status_text({**base, "status": "off_track", "complete": True}) == "未完成"
    # a plan: no status words at all
    assert card_status_text({**base, "status": "no_data", "evidence": "context"}) == ""


# --- figures_table_html ---------------------------------------------------------------------------------


def test_figures_table(figs):
    html = figures_table_html(figs, "port_teu", title="太仓港集装箱吞吐量")
    assert "<caption>太仓港集装箱吞吐量: 全部数据</caption>" in html
    body = re.findall(r"<tr><th scope='row'>.*?</tr>", html)
    # every Taicang port figure that is not a target: 27 rows in the run's figures
    expected = figs.filter(pl.col("indicator") == "port_teu", pl.col("release") != "target",
                           pl.col("region") == "太仓市").height
    assert len(body) == expected
    text = [re.sub(r"<[^>]+>", "|", r) for r in body]
    # the doubtful 2024 figure (b1-r091) is marked 存疑; a lower bound is written as one
    assert any("2024年||总量||1000万标箱以上||" in t and "存疑" in t for t in text)
    assert any("2023年||总量||800万标箱以上||最终数" in t for t in text)
    # a measure filter
    growth_only = figures_table_html(figs, "port_teu", title="t", measures=("growth_pct",))
    assert "总量" not in re.sub(r"<caption>.*?</caption>", "", growth_only)
    # nothing to show: empty string
    assert figures_table_html(figs, "smart_factories", title="t") == ""


def test_figures_table_doubtful_not_called_final(figs):
    html = figures_table_html(figs, "port_teu", title="t")
    (row,) = [r for r in re.findall(r"<tr>.*?</tr>", html) if "1000万标箱以上" in r]
    assert "最终数" not in row


# --- sources_html ----------------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    """How the appendix marks a source's exact words: an HTML quotation, in English where it has no Chinese."""
    lang = "" if re.search(r"[\u4e00-\u9fff]", text) else " lang='en'"
    return f"<q class='quote'{lang}>{text}</q>"


def test_sources_lists_every_source_with_an_anchor(figs, cite):
    html = sources_html(figs, citations=cite)
    titles = figs.filter(pl.col("value").is_not_null() | (pl.col("release") == "target"))["source_title"]
    distinct = titles.fill_null("").unique().to_list()
    ids = re.findall(r"<li id='src-(\d+)' value='(\d+)'>", html)
    # one numbered item per source, numbered 1..N in order, matching the citation numbers
    assert len(ids) == len(distinct) == 63  # 59 + batch 3's 4 new titles (招商会, 无忧百科, 中国新闻网, 常熟2025)
    assert [int(a) for a, _ in ids] == list(range(1, len(distinct) + 1))
    assert all(a == b for a, b in ids)
    assert set(cite.numbers()) == set(distinct)
    # each source's label is its Chinese label
    for t in distinct:
        n = cite.numbers()[t]
        item = re.search(rf"<li id='src-{n}' value='{n}'><b>(.*?)</b>", html).group(1)
        assert htmllib.unescape(item) == source_label(t)


def test_sources_addresses_are_text_not_links(figs):
    html = sources_html(figs)
    assert "<a href='http" not in html and '<a href="http' not in html and "<a " not in html
    for url in figs["source_url"].drop_nulls().unique().to_list():
        assert f"<span class='url'>{htmllib.escape(url, quote=True)}</span>" in html


def test_sources_keep_whole_quotes(figs):
    html = sources_html(figs)
    quotes = figs.filter(pl.col("value").is_not_null() | (pl.col("release") == "target"))["quote"].drop_nulls()
    # the longest quote (208 characters, the derived 德资企业 range) is longer than the 200 a clip keeps
    assert quotes.str.len_chars().max() > 200
    for q in quotes.unique().to_list():
        assert _quoted(htmllib.escape(q, quote=True)) in html, q[:30]
    assert "…”" not in html and "…</q>" not in html
    # b1-r061 is quoted in English as published, never translated, and marked as English for screen readers
    assert ("<q class='quote' lang='en'>Taicang had over 230 German enterprises generating nearly RMB 30 billion "
            "output value as of 2016</q>") in html


def test_sources_numbers_follow_earlier_citations(figs, cite):
    # a source already cited by a chart keeps its number in the appendix
    title = figs.filter(pl.col("figure_id") == "b1-r091")["source_title"].item()
    assert cite(title) == 1
    html = sources_html(figs, citations=cite)
    assert re.search(r"<li id='src-1' value='1'><b>网络报道\(2025年6月28日\)</b> <span class='rel'>\[存疑\]</span>", html)


def test_sources_synthetic_without_address():
    f = pl.DataFrame([{
        "figure_id": "syn-1", "region": "常熟市", "indicator": "gdp", "indicator_zh": "地区生产总值",
        "period": "2023", "period_type": "year", "year": 2023, "month": 12, "measure": "level", "value": 2800.16,
        "unit": "亿元", "bound": "exact", "release": "final", "reliability": "news", "source_url": None,
        "source_title": "测试来源 (SYNTHETIC)", "quote": "SYNTHETIC <原文>"}])
    html = sources_html(f)
    assert "<li id='src-1' value='1'><b>测试来源</b> <span class='rel'>[媒体报道]</span><br>网址: 无网址<ul>" in html
    # another region is named; the value in the one number format; the quote escaped
    assert ("<li>常熟市地区生产总值 2023年: 2800.16亿元(最终数, 编号syn-1) 原文: "
            + _quoted("SYNTHETIC &lt;原文&gt;") + "</li>") in html

"""The report build: self-contained and reproducible pages, one snapshot per build, a safe output
folder, editions with 「本期变化」, the 2021 edition, the PDF, PNGs and CSVs.

Numbers marked SYNTHETIC are invented for the tests; the others are published figures.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import struct
import unicodedata
from pathlib import Path

import nbformat
import pytest
from conftest import write_monthly

from taicang_analysis import cli
from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.report import build as build_module
from taicang_analysis.report.build import OutputFolderError, ReportBuildError, build_report

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("report")]
EDITION = "2026-11-30"
FIVE_MB = 5_000_000
PAGE_BUDGET = 40  # A4 pages for the 2023 edition


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "reports"
    build_report(2023, out=out, edition=EDITION, progress=False, png=True, pdf=True)
    return out


@pytest.fixture(scope="module")
def html(built) -> str:
    return (built / "index.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


# --- the page -------------------------------------------------------------------------------------


def test_self_contained(html, built):
    assert not re.search(r"<script[^>]+src=", html), "no external or relative script"
    assert not re.search(r"<link[^>]+href=", html), "no stylesheet or font link"
    assert html.count("* plotly.js (") == 1, "plotly.js embedded once"
    assert (built / "index.html").stat().st_size <= FIVE_MB
    # plotly.js rides as text in one <script type="text/plain" id="plotly-src"> that the page loads itself
    page_only = re.sub(r'<script type="text/plain" id="plotly-src">.*?</script>', "", html, flags=re.S)
    assert html.count('id="plotly-src"') == 1 and "* plotly.js (" not in page_only
    assert '"displayModeBar":false' in html and "sendChartToCloud" not in page_only


def test_front_matter_in_chinese(html):
    assert "<title>太仓市2023年政府工作报告主要目标进展</title>" in html
    assert "编印日期: 2026年11月30日" in html
    assert "Edition" not in html and "vintage" not in html
    order = [html.index(x) for x in ("本期变化", "目标总览", "class='toc'", 'id="t-gdp_growth"', 'id="sources"')]
    assert order == sorted(order)


def test_no_code_and_no_python_values_on_the_page(html):
    text = _text(html)
    for bad in ("{'", "Traceback", "import taicang", "mirror of", "third-party", "NOTE:"):
        assert bad not in text, bad
    assert not re.findall(r"\b(?:nan|None|True|False|null)\b", text)


def test_scorecard_names_measures_and_links_sections(html):
    assert "全社会固定资产投资(增速)" in html and "全社会固定资产投资(总量)" in html
    for target_id in ("gdp_growth", "port_teu", "german_firms"):
        assert f'href="#t-{target_id}"' in html and f'id="t-{target_id}"' in html
    # key projects: 183个 (2023) against 180余个 → 已完成; FAI 553.5 (推算, 590 ÷ 1.066) → 已完成(推算)
    assert "2023年: 183个" in html and "已完成(推算)" in html and "553.5亿元(推算)" in html
    # GDP: the 2023 level at current prices, its growth unpublished: 无数据 with the reason
    assert "2023年现价1734.94亿元, 本报告数据中尚无可比价增速, 不据此判断" in html


def test_the_2024_port_figure_is_doubtful_with_its_reason(html):
    # "突破1000万标箱" (a Q&A site) does not fit Jan-Aug 2025 = 580 at +2.2 %: 存疑, never 最终数
    # it is a 2024 figure: the 2023 edition keeps to 2023 and does not show it at all (not even as 此后公布,
    # which names only figures that are not in doubt); the 2025 edition lists it as 存疑 with its reason
    assert "1000以上" not in html and "1000万标箱以上" not in html
    from taicang_analysis.notebook import sections
    from taicang_analysis.run import open_run

    shown: list[str] = []
    real = sections.show_html
    sections.show_html = shown.append
    try:
        sections.data_checks(dataclasses.replace(open_run(2023, report=True), year=2025))  # a 2025 edition
    finally:
        sections.show_html = real
    assert "b1-r091" in "".join(shown) and "存疑" in "".join(shown)


def test_every_plotted_number_traces_to_a_figure_id(html):
    from taicang_analysis.run import open_run

    ids = set(open_run(2023).figures["figure_id"].to_list())
    cells = re.findall(r"<td>((?:b\d|m-)[^<]*|目标:[^<]*)</td>", html)
    assert cells, "the data tables carry figure ids"
    unknown = [c for c in cells if not c.startswith("目标:") and c not in ids]
    assert not unknown, unknown


def test_reproducible(built, tmp_path):
    again = tmp_path / "again"
    build_report(2023, out=again, edition=EDITION, progress=False, png=False, pdf=False)
    assert (again / "index.html").read_bytes() == (built / "index.html").read_bytes()


# --- exports ----------------------------------------------------------------------------------------


def test_pngs_are_twice_the_size_for_slides(built):
    pngs = sorted((built / "charts").glob("*.png"))
    assert len(pngs) >= 10
    width, height = struct.unpack(">II", pngs[0].read_bytes()[16:24])
    assert (width, height) == (2000, 1000)
    # a scenario for slides: the central case with its verdict; its CSV holds every step
    assert (built / "charts" / "german-firms-scenario.png").exists()
    rows = list(csv.reader(io.StringIO((built / "charts" / "german-firms-scenario.csv").read_text("utf-8-sig"))))
    # a what-if's words: 若…则…, never a status
    assert rows[0] == ["假设", "全年预计(家)", "判断", "说明"]
    assert {re.sub(r"^若\d+家则", "", r[2]) for r in rows[1:]} == {"可完成", "难以完成"}


def test_chart_csvs_have_chinese_headers_units_and_sources(built):
    path = built / "charts" / "port-level.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["时期", "数值(万标箱)", "性质", "来源可靠性", "数据编号", "来源", "网址"]
    assert ["2023年", "803.9"] == rows[[r[0] for r in rows].index("2023年")][:2]


def test_pdf_pages_have_text_headings_and_a_budget(built):
    from pypdf import PdfReader

    reader = PdfReader(str(built / "index.pdf"))
    # NFKC: the PDF's text layer writes some characters as Kangxi radicals (⼯ for 工)
    pages = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]
    assert 3 <= len(pages) <= PAGE_BUDGET
    assert all(t.strip() for t in pages), "every page has text"
    everything = "\n".join(pages)
    for heading in ("太仓市2023年政府工作报告主要目标进展", "目标总览", "地区生产总值", "方法说明", "数据来源"):
        assert heading.replace(" ", "") in everything.replace(" ", ""), heading
    assert re.search(r"第\s*1\s*[页⻚]\s*共", pages[0]), "page numbers in the footer"


# --- issue 19: the report never says more than its data --------------------------------------------

#: a claim about what was (not) published: the report only knows what its data folder holds
PUBLICATION_CLAIM = re.compile("(未|尚未|没有|暂无)(公布|公开)|公开渠道")


def _units(html: str) -> list[str]:
    """The page's reading units (a table row, a paragraph, a list item, a heading), as text."""
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    found = re.findall(r"<(tr|p|li|h[1-4]|figcaption)\b[^>]*>(.*?)</\1>", body, flags=re.S)
    return [re.sub(r"<[^>]+>", " ", inner) for _, inner in found]


def test_no_whatif_badge_in_a_status_colour(html):
    from taicang_analysis.notebook.formats import status_colour
    from taicang_analysis.vocabulary import STATUSES

    # (the page is re-serialised: attributes in double quotes)
    sections = re.findall(r"<section class=[\"']scenario[^>]*>.*?</section>", html, flags=re.S)
    assert len(sections) >= 15
    colours = [f"background:{status_colour(c)}" for c in STATUSES]
    for section in sections:
        assert not any(c in section for c in colours), section[:200]
        # every badge in a scenario box is the neutral what-if badge and reads 若…则…
        for words in re.findall(r"<span class=[\"']badge[^>]*>([^<]*)</span>", section):
            assert re.fullmatch("若.+则(可完成|难以完成|无法测算)", words), words
        assert "&quot;c&quot;:" not in section  # no colour travels with a slider step
    sliders = [s for s in sections if "data-steps" in s]
    assert sliders and all(re.search(r"class=[\"']badge whatif", s) for s in sliders)


def test_every_derived_value_carries_tuisuan(built, html):
    # the 2023 figures derived by formula (推算): fixed-asset investment 553.5 and industrial investment 212.6
    for number in ("553.5", "212.6"):
        units = [u for u in _units(html) if re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", u)]
        assert len(units) >= 3, number
        for u in units:
            assert "推算" in u, (number, u)
    for path in (built / "charts").glob("*.csv"):
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            if re.search(r"(?<![\d.])(553\.5|212\.6)(?!\d)", line):
                assert "推算" in line, (path.name, line)


def test_no_claim_about_publication(built, html):
    from pypdf import PdfReader

    assert not PUBLICATION_CLAIM.search(_text(html))
    for path in (built / "charts").glob("*.csv"):
        assert not PUBLICATION_CLAIM.search(path.read_text(encoding="utf-8-sig")), path.name
    pdf = "".join(unicodedata.normalize("NFKC", p.extract_text() or "") for p in PdfReader(str(built / "index.pdf")).pages)
    assert "目标总览" in pdf and not PUBLICATION_CLAIM.search(pdf.replace("\n", ""))
    assert "本报告数据中尚无2023年" in _text(html)


def test_key_projects_is_a_plan_without_status(html):
    row = re.search(r"<tr><th[^>]*><a href=[\"']#t-key_projects[\"']>.*?</tr>", html).group(0)
    assert "计划安排183个" in row and "badge" not in row and "已完成" not in row
    assert "2023年: 计划安排183个, 计划数不作判断; 目标超180个。" in html


def test_scorecard_opens_with_the_verdicts(html):
    card = re.search(r"<table class=[\"']scorecard[\"']>.*?</table>", html, flags=re.S).group(0)
    rows = re.findall(r"<tr class=[\"']card-group[\"']>.*?</tr>|<tr><th data-label.*?</tr>", card, flags=re.S)
    statuses = [re.sub(r"<[^>]+>", "", re.search(r"data-label=[\"']状态[\"']>(.*?)</td>", r).group(1))
                for r in rows if "card-group" not in r]
    # 未完成 (port) first, then the two 已完成(推算), then the rows without a verdict
    assert statuses[:3] == ["未完成", "已完成(推算)", "已完成(推算)"]
    assert set(statuses[3:]) <= {"无数据", "不作判断"}
    assert "card-group" in rows[0] and "需关注" in rows[0]
    assert re.search(r"<section class=[\"']gaps[\"']><h3>数据缺口</h3>", html)


def test_second_edition_lists_a_revision_and_a_new_figure_on_an_existing_key(tmp_data, tmp_path, capsys):
    import polars as pl

    from taicang_analysis.sources.published import FIGURE_SCHEMA

    out = tmp_path / "r"
    build_report(2023, data=tmp_data, out=out, edition="2026-11-30", progress=False, png=False, pdf=False)
    # SYNTHETIC second edition: b1-r090 (port 2023, 803.9万标箱) revised to 805.1, and a new figure b9-r002
    # on the key of b1-r012 (GDP 2022 level 1653.57亿元): 1660.2亿元, from a SYNTHETIC bulletin
    path = tmp_data / "figures.csv"
    figs = pl.read_csv(path, schema=FIGURE_SCHEMA)
    figs = figs.with_columns(value=pl.when(pl.col("figure_id") == "b1-r090").then(805.1).otherwise(pl.col("value")))
    extra = figs.filter(pl.col("figure_id") == "b1-r012").with_columns(
        figure_id=pl.lit("b9-r002"), value=pl.lit(1660.2), source_title=pl.lit("SYNTHETIC 2022年统计公报(修订)"),
        quote=pl.lit("SYNTHETIC 地区生产总值1660.2亿元"))
    pl.concat([figs, extra]).write_csv(path)
    build_report(2023, data=tmp_data, out=out, edition="2026-12-31", progress=False, png=False, pdf=False)
    html = (out / "index.html").read_text(encoding="utf-8")
    changed = re.search(r"<section class=[\"']changes.*?</section>", html, flags=re.S).group(0)
    revision = "修订: 太仓港集装箱吞吐量 2023年 803.9万标箱 → 805.1万标箱"
    new = "新增: 地区生产总值 2022年 1660.2亿元(最终数; 来源: SYNTHETIC 2022年统计公报(修订)), 取代上一期的1653.57亿元(最终数)。"
    assert revision in changed and new in changed, changed
    # the figure the new one supersedes is still there: nothing silently overwritten or removed
    assert "删除" not in changed
    capsys.readouterr()
    assert cli.main(["diff", str(out / "editions" / "2026-11-30.json"), str(out / "editions" / "2026-12-31.json")]) == 0
    printed = capsys.readouterr().out
    assert revision in printed and new in printed


# --- the 2021 edition: the year is a parameter ---------------------------------------------------


def test_the_2021_edition(tmp_path):
    out = tmp_path / "r2021"
    build_report(2021, out=out, edition=EDITION, progress=False, png=False, pdf=False)
    html = (out / "index.html").read_text(encoding="utf-8")
    text = _text(html)
    assert "太仓市2021年政府工作报告主要目标进展" in html
    # 395.3 / 540 = 73.2 %; 序时进度 75 %; 73.2 − 75 = −1.8; 149.9 / 200 = 74.95 %, −0.05
    assert "完成73.2%; 序时进度75%, 落后1.8个百分点" in text
    assert "完成74.95%; 序时进度75%, 落后0.05个百分点" in text
    assert "有风险" in text and "进度正常" in text and "重點項目建設" in text
    # no 2023 words in prose or titles (tables of past figures keep their own years)
    titles = re.findall(r"<(?:title|h1|h2|h3|figcaption|p)[^>]*>(.*?)</(?:title|h1|h2|h3|figcaption|p)>", html, flags=re.S)
    prose = [re.sub(r"<[^>]+>", "", t) for t in titles]
    assert not [t for t in prose if "2023年" in t and "来源" not in t and "原文" not in t], prose
    assert 'id="t-gdp_growth"' not in html  # no GDP target in 2021: that notebook is left out
    # the edition keeps to 2021: no later figure is called the latest, a later one is one labelled line
    latest = re.findall(r"最新为(\d{4})年", text)
    assert latest and all(int(y) <= 2021 for y in latest), latest
    assert "此后公布: 2024年590亿元(预计数, 官方转载, 不属于本期2021年的范围)" in text
    # its appendix lists only the sources it cites (each one is linked from the page), none of later years
    appendix = re.search(r"<ol class=[\"']sources[\"']>.*?</ol>", html, flags=re.S).group(0)
    listed = set(re.findall(r"<li id=[\"']src-(\d+)[\"']", appendix))
    linked = set(re.findall(r"href=[\"']#src-(\d+)[\"']", html.replace(appendix, "")))
    assert listed and listed <= linked, sorted(listed - linked, key=int)
    assert "扬子晚报" not in appendix and "2025年12月10日" not in appendix  # batch 3's 2025 sources


# --- one snapshot per build, a safe output folder ----------------------------------------------------


def test_a_file_dropped_during_the_build_is_not_in_it(tmp_data, tmp_path, monkeypatch):
    real = build_module.execute_notebook

    def drop_then_run(nb, **kw):
        # SYNTHETIC: a file arrives while the notebooks run
        write_monthly(tmp_data / "monthly", "late_2023_06.csv",
                      [["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"], ["地区生产总值", "亿元", 850, 4.0]],
                      provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 迟到的月报", "date": "2023-07-20"})
        return real(nb, **kw)

    monkeypatch.setattr(build_module, "execute_notebook", drop_then_run)
    out = tmp_path / "r"
    build_report(2023, data=tmp_data, out=out, edition=EDITION, progress=False, png=False, pdf=False)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "SYNTHETIC 迟到的月报" not in html and "850亿元" not in html
    facts = json.loads((out / "editions" / f"{EDITION}.json").read_text(encoding="utf-8"))
    assert not [f for f in facts["figures"] if f["id"].startswith("m-")]


def test_the_build_never_changes_its_environment(tmp_path, monkeypatch):
    # the run reaches the kernel as the notebook's parameters: os.environ is the same before, while
    # the notebooks run, and after
    before = dict(os.environ)
    seen = []
    real = build_module.execute_notebook

    def watch(nb, **kw):
        seen.append(dict(os.environ))
        return real(nb, **kw)

    monkeypatch.setattr(build_module, "execute_notebook", watch)
    build_report(2021, out=tmp_path / "r", edition=EDITION, progress=False, png=False, pdf=False)
    assert seen == [before] and dict(os.environ) == before


def test_the_executed_notebook_carries_its_parameters(built):
    book = nbformat.read(built / "run" / "report.ipynb", as_version=4)
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    injected = [c for c in book.cells if "injected-parameters" in c.metadata.get("tags", [])]
    # one parameters cell in the combined notebook, the injected one right after it
    assert len(tagged) == 1 and len(injected) == 1
    assert book.cells.index(injected[0]) == book.cells.index(tagged[0]) + 1
    params = book.metadata["papermill"]["parameters"]
    assert (params["year"], params["report"], params["data"]) == (2023, True, str(SHIPPED_DATA_DIR.resolve()))
    assert "year = 2023" in injected[0].source and "report = True" in injected[0].source
    # it was executed: the scorecard's output is in it
    assert any(o for c in book.cells if c.cell_type == "code" for o in c.outputs)


def test_a_failed_build_leaves_the_previous_report_whole(built, tmp_path):
    out = tmp_path / "keep"
    out.mkdir()
    for item in built.iterdir():
        if item.is_file():
            (out / item.name).write_bytes(item.read_bytes())
    (out / "charts").mkdir()
    kept = out / "charts" / "port-level.csv"
    kept.write_bytes((built / "charts" / "port-level.csv").read_bytes())
    kept.chmod(0o444)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "nb"
    bad.mkdir()
    (bad / "00_bad.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "id": "bad-00", "metadata": {}, "outputs": [], "execution_count": None,
                   "source": "1 / 0"}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    with pytest.raises(ReportBuildError, match="00_bad.ipynb 第1个单元格"):
        build_report(2023, out=out, edition=EDITION, notebooks=[bad / "00_bad.ipynb"], progress=False,
                     png=False, pdf=False)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report-")], "no staging left behind"


def test_output_folder_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "reports"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="是一个文件"):
        build_report(2023, out=target, progress=False, png=False, pdf=False)
    assert cli.main(["build", "--out", str(target), "--no-png", "--no-pdf", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "报告未生成" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere: permissions do not stop root")
def test_output_folder_not_writable(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    with pytest.raises(OutputFolderError, match="没有写入"):
        build_report(2023, out=parent / "reports", progress=False, png=False, pdf=False)


def test_a_bad_data_file_stops_the_build_naming_it(tmp_data, tmp_path):
    write_monthly(tmp_data / "monthly", "bad_2023_04.csv",
                  [["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"], ["地区生产总值", "亿元", "abc", "4.0"]])
    with pytest.raises(ReportBuildError, match="bad_2023_04.csv.*第2行"):
        build_report(2023, data=tmp_data, out=tmp_path / "r", edition=EDITION, progress=False, png=False, pdf=False)
    assert not (tmp_path / "r").exists()


# --- editions and what changed ---------------------------------------------------------------------


def _places_table(folder: Path, month: int, levels: dict[str, float]) -> Path:
    """A SYNTHETIC 「各市、区主要经济指标」 CSV (places × indicators) for 1-``month`` 2025."""
    rows = [f"2025年1-{month}月各市、区主要经济指标,,", "地区,规模以上工业总产值(亿元),规模以上工业总产值(亿元)",
            f"地区,1-{month}月,增长%"] + [f"{place},{value},5.0" for place, value in levels.items()]
    path = folder / f"SYNTHETIC_2025年1-{month}月各市区.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    path.with_name(path.name + ".source.txt").write_text(
        f"issuer: 测试(合成数据)\nreport: SYNTHETIC 各市区{month}月\ndate: 2025-0{month + 1}-20\n", encoding="utf-8")
    return path


@pytest.fixture
def year_2025(tmp_data):
    """A SYNTHETIC 2025 registry (the 2023 targets re-dated) in a private data folder."""
    src = (tmp_data / "targets" / "2023.csv").read_text(encoding="utf-8").splitlines()
    rows = [r.replace(",2023,", ",2025,", 1) for r in src[1:]]
    (tmp_data / "targets" / "2025.csv").write_text("\n".join([src[0], *rows]) + "\n", encoding="utf-8")
    meta = json.loads((tmp_data / "targets" / "2023.meta.json").read_text(encoding="utf-8"))
    meta["title"] = "SYNTHETIC 2025 test registry"
    (tmp_data / "targets" / "2025.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return tmp_data


#: SYNTHETIC levels of the six other places of Suzhou, all below Taicang's
OTHERS_APRIL = {"吴江区": 600.0, "吴中区": 500.0, "相城区": 400.0, "姑苏区": 100.0, "虎丘区": 550.0, "苏州工业园区": 620.0}
OTHERS_MAY = {"吴江区": 800.0, "吴中区": 700.0, "相城区": 500.0, "姑苏区": 150.0, "虎丘区": 750.0, "苏州工业园区": 850.0}


def test_two_editions_show_what_changed(year_2025, tmp_path, capsys):
    head = ["指标名称", "单位", "2025-04 累计值", "2025-04 累计增长%"]
    # SYNTHETIC April: budget revenue 70亿元 +3.0 %; FAI 180亿元 +6.0 %
    write_monthly(year_2025 / "monthly", "SYNTHETIC_2025_04.csv",
                  [head, ["一般公共预算收入", "亿元", 70, 3.0], ["全社会固定资产投资", "亿元", 180, 6.0]],
                  provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 2025年4月月报", "date": "2025-05-20"})
    # SYNTHETIC places × indicators tables (Suzhou's 各市、区 layout) with all ten places of data/places.csv
    # (a complete set: a rank is fair): in April 1500 > 900 > 700 > 650 > the six others puts Taicang 4th of
    # 10; in May 1900 > 1100 > 880 > 860 > the six others puts it 3rd
    _places_table(year_2025 / "monthly", 4, {"张家港市": 900.0, "常熟市": 700.0, "太仓市": 650.0, "昆山市": 1500.0,
                                              **OTHERS_APRIL})
    out = tmp_path / "reports"
    build_report(2025, data=year_2025, out=out, edition="2025-05-25", progress=False, png=False, pdf=False)
    first = (out / "index.html").read_text(encoding="utf-8")
    assert "2025年1-4月规上工业总产值总量: 苏州市全部10个县级市、区和县级单位" in first and "第4位(共10个)" in first
    assert "这是本年度的第一期报告" in first
    # SYNTHETIC May, with April's FAI revised 180 → 185: budget revenue 88亿元 +8.0 %
    write_monthly(year_2025 / "monthly", "SYNTHETIC_2025_05.csv", [
        ["指标名称", "单位", "2025-04 累计值", "2025-04 累计增长%", "2025-05 累计值", "2025-05 累计增长%"],
        ["一般公共预算收入", "亿元", 70, 3.0, 88, 8.0], ["全社会固定资产投资", "亿元", 185, 6.0, 232, 6.4],
    ], provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 2025年5月月报", "date": "2025-06-20"})
    _places_table(year_2025 / "monthly", 5, {"张家港市": 1100.0, "常熟市": 860.0, "太仓市": 880.0, "昆山市": 1900.0,
                                              **OTHERS_MAY})
    build_report(2025, data=year_2025, out=out, edition="2025-06-25", progress=False, png=False, pdf=False)
    html = (out / "index.html").read_text(encoding="utf-8")
    changes = re.search(r"<section class=.changes.*?</section>", html, flags=re.S)[0]
    # new: the May figures — the template's 2 levels + 2 growths, the places table's 10 places × (level, growth)
    # = 4 + 20 = 24 — and what follows from them (推算)
    assert "新增数据24项" in changes and "新增推算数" in changes
    assert "修订: 全社会固定资产投资 2025年1-4月 180亿元 → 185亿元" in changes
    # budget revenue: April, prev 2024 = 191.68; required (191.68 × 1.06 − 70) / (191.68 − 70/1.03) − 1 = 7.65 %
    # vs 3.0 → 滞后; May: (203.1808 − 88) / (191.68 − 88/1.08) − 1 = 4.52 % vs 8.0 → 进度正常
    assert "状态变化: 一般公共预算收入 滞后 → 进度正常" in changes
    assert "位次变化: 规上工业总产值总量 第4位 → 第3位" in changes
    # the terminal says the same
    assert cli.main(["diff", str(out / "editions" / "2025-05-25.json"), str(out / "editions" / "2025-06-25.json")]) == 0
    printed = capsys.readouterr().out
    for line in re.findall(r"<li>(.*?)</li>", changes):
        assert line in printed
    # editions are immutable: the same edition date with other inputs is refused
    write_monthly(year_2025 / "monthly", "SYNTHETIC_2025_05b.csv", [head, ["工业投资", "亿元", 60, 5.0]],
                  provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 补充", "date": "2025-06-21"})
    with pytest.raises(ReportBuildError, match="--replace"):
        build_report(2025, data=year_2025, out=out, edition="2025-06-25", progress=False, png=False, pdf=False)
    assert (out / "index.html").read_text(encoding="utf-8") == html

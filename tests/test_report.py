"""The report build: self-contained and reproducible pages, one snapshot per build, a safe output
folder, editions with 「本期变化」, the 2021 edition, the PDF, PNGs and CSVs.

Numbers marked SYNTHETIC are invented for the tests; the others are published figures.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import struct
import unicodedata
from pathlib import Path

import pytest
from conftest import write_monthly

from taicang_analysis import cli
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
    assert "2023年现价1734.94亿元, 可比价增速未公布, 不据此判断" in html


def test_the_2024_port_figure_is_doubtful_with_its_reason(html):
    # "突破1000万标箱" (a Q&A site) does not fit Jan-Aug 2025 = 580 at +2.2 %: 存疑, never 最终数
    assert "存疑" in html
    tables = re.findall(r"<table class=.data.>.*?</table>", html, flags=re.S)
    port = [t for t in tables if "太仓港集装箱吞吐量(万标箱)" in t][0]
    row = [r for r in re.findall(r"<tr>.*?</tr>", port, flags=re.S) if "1000以上" in r][0]
    assert "存疑" in row and "最终数" not in row


def test_every_plotted_number_traces_to_a_figure_id(html):
    from taicang_analysis.snapshot import load_run_figures

    ids = set(load_run_figures()["figure_id"].to_list())
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
    assert rows[0] == ["假设", "全年预计(家)", "判断", "说明"] and {r[2] for r in rows[1:]} == {"可完成", "难以完成"}


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


def test_two_editions_show_what_changed(year_2025, tmp_path, capsys):
    head = ["指标名称", "单位", "2025-04 累计值", "2025-04 累计增长%"]
    # SYNTHETIC April: budget revenue 70亿元 +3.0 %; FAI 180亿元 +6.0 %
    write_monthly(year_2025 / "monthly", "SYNTHETIC_2025_04.csv",
                  [head, ["一般公共预算收入", "亿元", 70, 3.0], ["全社会固定资产投资", "亿元", 180, 6.0]],
                  provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 2025年4月月报", "date": "2025-05-20"})
    # SYNTHETIC places × indicators tables (Suzhou's 各市、区 layout): in April 1500 > 900 > 700 > 650 puts
    # Taicang 4th of 4; in May 1900 > 1100 > 880 > 860 puts it 3rd
    _places_table(year_2025 / "monthly", 4, {"张家港市": 900.0, "常熟市": 700.0, "太仓市": 650.0, "昆山市": 1500.0})
    out = tmp_path / "reports"
    build_report(2025, data=year_2025, out=out, edition="2025-05-25", progress=False, png=False, pdf=False)
    first = (out / "index.html").read_text(encoding="utf-8")
    assert "2025年1-4月规上工业总产值总量: 各地比较" in first and "第4位(共4个)" in first
    assert "这是本年度的第一期报告" in first
    # SYNTHETIC May, with April's FAI revised 180 → 185: budget revenue 88亿元 +8.0 %
    write_monthly(year_2025 / "monthly", "SYNTHETIC_2025_05.csv", [
        ["指标名称", "单位", "2025-04 累计值", "2025-04 累计增长%", "2025-05 累计值", "2025-05 累计增长%"],
        ["一般公共预算收入", "亿元", 70, 3.0, 88, 8.0], ["全社会固定资产投资", "亿元", 185, 6.0, 232, 6.4],
    ], provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 2025年5月月报", "date": "2025-06-20"})
    _places_table(year_2025 / "monthly", 5, {"张家港市": 1100.0, "常熟市": 860.0, "太仓市": 880.0, "昆山市": 1900.0})
    build_report(2025, data=year_2025, out=out, edition="2025-06-25", progress=False, png=False, pdf=False)
    html = (out / "index.html").read_text(encoding="utf-8")
    changes = re.search(r"<section class=.changes.*?</section>", html, flags=re.S)[0]
    # new: the May figures — the template's 2 levels + 2 growths, the places table's 4 places × (level, growth)
    # = 4 + 8 = 12 — and what follows from them (推算)
    assert "新增数据12项" in changes and "新增推算数" in changes
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

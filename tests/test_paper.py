"""The paper edition a leader is handed (index.pdf) and the editable brief (brief.docx) of the 2023
report, read back as a reader and an office would: pypdf for the PDF's text, positions and
bookmarks, pdftoppm for how blank each page is, python-docx and Debian's LibreOffice for the docx.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from paper import blank_fractions, lines_below_heading, outline, page_lines

from taicang_analysis.assess import scorecard
from taicang_analysis.notebook.tables import card_status_text
from taicang_analysis.report.brief import BODY_FONT, HEADING_FONT, target_bookmark
from taicang_analysis.report.build import build_report

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITION = "2026-11-30"
#: words that only make sense on a screen (issue 21)
SCREEN_WORDS = ("拖动", "点击", "滑块", "鼠标", "下载", "JupyterLab")
#: the headings the print styles start on a new page: the contents (after the brief) and the
#: appendices (方法说明); the page before each may be short
FORCED_BREAKS = ("目录", "方法说明")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("paper") / "reports"
    build_report(2023, out=out, edition=EDITION, progress=False, png=True, pdf=True, docx=True)
    return out


@pytest.fixture(scope="module")
def reader(built):
    from pypdf import PdfReader

    return PdfReader(str(built / "index.pdf"))


@pytest.fixture(scope="module")
def text(reader) -> str:
    return "".join(p.extract_text() for p in reader.pages)


@pytest.fixture(scope="module")
def marks(reader) -> list[tuple[int, str, int]]:
    return outline(reader)


def _norm(title: str) -> str:
    """A bookmark's title; Chromium sometimes writes a heading's text twice ("甲乙甲乙")."""
    t = "".join(title.split())
    half = len(t) // 2
    return t[:half] if len(t) % 2 == 0 and t[:half] == t[half:] else t


def _page_of(marks, title: str) -> int:
    return next(page for _level, t, page in marks if _norm(t) == title)


# --- the PDF ------------------------------------------------------------------------------------


def test_page_budget(reader, marks):
    # the brief (title block, 本期变化, summary, scorecard, 数据缺口) ends where the contents begin
    # (a forced break): on at most 2 pages; the whole PDF on at most 24
    assert _page_of(marks, "目录") <= 2
    assert len(reader.pages) <= 24


def test_a_bookmark_for_every_section(built, marks):
    html = (built / "index.html").read_text(encoding="utf-8")
    toc = re.search(r"<nav class='toc'.*?</nav>", html, re.S).group(0)
    sections = [re.sub(r"&amp;", "&", t) for t in re.findall(r"<span class='toc-text'>(.*?)</span>", toc)]
    assert len(sections) >= 20
    level2 = [_norm(t) for level, t, _p in marks if level == 2]
    for title in sections:
        assert "".join(title.split()) in level2, title
    # the document's own title is the top bookmark
    assert marks[0][:2] == (1, "太仓市2023年政府工作报告主要目标进展")


def test_the_contents_give_page_numbers(reader, marks):
    at = _page_of(marks, "目录")
    # the contents' lines (two columns: a line may hold two entries); each entry is "n.title page"
    listed = "".join(t for _y, _s, t in page_lines(reader, at) if re.match(r"\d+\.\D", t))
    # the contents list the body's sections: not 本期变化 (above the brief) nor themselves
    sections = [(_norm(t), page + 1) for level, t, page in marks if level == 2 and _norm(t) not in ("本期变化", "目录")]
    assert len(sections) >= 20
    rest = listed
    for n, (title, page) in enumerate(sections, start=1):
        entry = f"{n}.{title}{page}"
        assert entry in rest, (entry, rest[:200])
        rest = rest.replace(entry, "", 1)
    assert rest == ""  # nothing else numbered: every entry has its page


def test_text_extracts_as_written(text):
    radicals = [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]
    assert radicals == []
    # the characters Noto Sans CJK shares with a radical come out as the ideographs
    assert "生产总值" in text and "第1页" in text


def test_no_heading_stranded_at_a_page_foot(reader, marks):
    stranded = []
    for i, (level, title, page) in enumerate(marks):
        if level == 1:
            continue
        below = lines_below_heading(reader, title, page)
        assert below is not None, (title, page + 1)
        if below >= 2:
            continue
        # one line or none below: allowed only when the section ends there, i.e. the next page
        # opens with the next heading
        nxt = next((t for _lv, t, p in marks[i + 1:] if p == page + 1), None)
        first = page_lines(reader, page + 1)[0][2] if page + 1 < len(reader.pages) else ""
        if below == 0 or nxt is None or not _norm(nxt).startswith(first[:6]):
            stranded.append((title, page + 1, below))
    assert stranded == []


def test_no_screen_words_on_paper(text):
    assert [w for w in SCREEN_WORDS if w in text] == []


def test_pages_are_not_left_blank(built, marks):
    blank = blank_fractions(built / "index.pdf")
    before_break = {_page_of(marks, title) - 1 for title in FORCED_BREAKS}
    loose = [(i + 1, round(b, 2)) for i, b in enumerate(blank[:-1]) if i not in before_break and b >= 0.25]
    assert loose == []
    # the measure sees a blank page: the last page (the appendix's end) is mostly blank here
    assert max(blank) > 0.25


# --- the Word brief -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx(built):
    from docx import Document

    return Document(str(built / "brief.docx"))


def test_the_docx_scorecard_is_the_scorecard(docx):
    import html as html_lib

    from docx.oxml.ns import qn

    from taicang_analysis.notebook.tables import card_order, status_html

    card = card_order(scorecard(2023))  # the page's order: 需关注, 已完成或进度正常, 无数据
    table = docx.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "指标" and "状态" in header
    # a group's heading row carries no bookmark; every target row carries its target's
    rows = [r for r in table.rows[1:] if r.cells[0]._tc.findall(".//" + qn("w:bookmarkStart"))]
    assert len(rows) == card.height == 18
    ids = [row.cells[0]._tc.findall(".//" + qn("w:bookmarkStart"))[0].get(qn("w:name")) for row in rows]
    assert ids == [target_bookmark(i) for i in card["id"].to_list()]
    words = [row.cells[header.index("状态")].text for row in rows]
    # the words of the page's 状态 cell (a plan or an expectation: no verdict, said in words)
    assert words == [html_lib.unescape(re.sub(r"<[^>]+>", "", status_html(r))) for r in card.iter_rows(named=True)]
    # 2023: the port target is 未完成 (803.9 < 900 万标箱); the key projects' 183 is a plan (安排): no verdict
    assert "未完成" in words and words[[*card["id"]].index("key_projects")] == "不作判断"


def test_the_docx_holds_the_brief(docx, built):
    paragraphs = [p.text for p in docx.paragraphs]
    assert paragraphs[0] == "太仓市2023年政府工作报告主要目标进展"
    assert "本期变化" in paragraphs and "目标总览" in paragraphs
    assert any(p.startswith("18项数值目标中") for p in paragraphs)
    # the target that needs attention (2023: the port, 未完成) comes with its charts as pictures
    assert "需要关注的目标" in paragraphs and "太仓港集装箱吞吐量" in paragraphs
    assert len(docx.inline_shapes) >= 1
    # A4, 黑体 headings and 仿宋 body named for East Asian text
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    from docx.oxml.ns import qn

    def east_asia(style):
        return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert east_asia(docx.styles["Normal"]) == BODY_FONT == "仿宋"
    assert east_asia(docx.styles["Heading 1"]) == HEADING_FONT == "黑体"
    assert [w for w in SCREEN_WORDS if any(w in p for p in paragraphs)] == []


def test_libreoffice_converts_the_docx(built, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice missing under CI: scripts/install-system.sh should install libreoffice-writer-nogui")
        pytest.skip("LibreOffice not installed (make setup installs libreoffice-writer-nogui)")
    profile = tmp_path / "lo-profile"  # its own profile: parallel runs do not share a lock
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(built / "brief.docx")], check=True, capture_output=True, timeout=180)
    from pypdf import PdfReader

    pdf = PdfReader(str(tmp_path / "brief.pdf"))
    text = "".join("".join(p.extract_text().split()) for p in pdf.pages)
    card = scorecard(2023)
    assert "太仓市2023年政府工作报告主要目标进展" in text and "本期变化" in text
    for word in {card_status_text(r) for r in card.iter_rows(named=True)}:
        assert word in text
    assert 1 <= len(pdf.pages) <= 6
    assert [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF] == []


@pytest.mark.xfail(reason="to be completed with issue 19: the brief gets its 数据缺口 list (a list with the class "
                          "'gaps'); brief.docx reads it through brief_parts()['gaps'] (the hook) with no edit here",
                   strict=False)
def test_the_docx_holds_the_gaps_list(docx, built):
    from taicang_analysis.report.brief import brief_parts
    from taicang_analysis.report.page import split_brief

    html = (built / "index.html").read_text(encoding="utf-8")
    main = html.split("<main id='main'>", 1)[1]
    gaps = brief_parts(split_brief(main)[0])["gaps"]
    assert gaps, "the brief has no 数据缺口 list yet"
    paragraphs = [p.text for p in docx.paragraphs]
    at = paragraphs.index("数据缺口")
    assert paragraphs[at + 1:at + 1 + len(gaps)] == gaps

"""The parts of a report — last year's review, this year's targets, the rest — and its year.

A short heading line (one that starts with an ordinal or names a year, without a colon inside) sets
the part — ``review`` (…回顾, …执行情况, 过去一年), ``targets`` (目标任务, 主要目标, 预期目标, 计划草案,
总体要求, 工作安排 …) or ``other`` (政府自身建设). Where no heading has said, or inside the target
part, each sentence piece (cut at ``;``) is judged by its own words: a year at its start earlier
than the report's year (``2020年,昆山预计…`` in a 2021 text) or a review word (预计, 同比, 比上年,
去年, 今年以来, 过去一年, 五年来) makes it ``review``; 今年, 主要预期目标, 目标为, 计划, 力争, 确保 make
it ``targets``; otherwise it continues the piece before it in the same paragraph; a paragraph
without any of these is ``targets``. Targets come only from the ``targets`` part, figures only from
``review``. Sentences end at ``。!?``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from taicang_analysis.extract.normalise import NormalisedText, blank_notes, normalise_report

__all__ = ["PARTS", "Piece", "pieces", "report_parts", "spans", "target_year"]

#: the parts of a report: last year's review, this year's targets and tasks, the rest
PARTS = ("review", "targets", "other")

_SENTENCE_END = re.compile(r"[。!?！？]")
_SEGMENT_SEP = re.compile(r"[;；]")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、[^,，。;；:：]*)")
_PART_HEADINGS = (
    ("other", re.compile(r"自身建设")),
    ("review", re.compile(r"回顾|执行情况|过去一年|过去的一年|过去五年|工作总结")),
    ("targets", re.compile(r"目标任务|主要目标|预期目标|目标和|工作安排|计划草案|总体要求|主要任务"
                           r"|今年政府工作|今年工作|工作建议")),
)
# a heading starts with an ordinal or names a year (or is 过去…, 今年…, …自身建设)
_HEADING_LOOK = re.compile(r"^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分"
                           r"|过去|今年)|(?:19|20)\d{2}年|自身建设")
_REVIEW_CUE = re.compile(r"预计|过去一年|过去的一年|过去这一年|去年|上年|同比|今年以来|五年来|过去五年"
                         r"|(?<!力争)(?<!确保)(?<!争取)全年实现|获评|蝉联|荣获|首次突破|居全[省国市]首位")
_TARGET_CUE = re.compile(r"今年|明年|预期目标|目标[是为]|目标设为|计划|力争|确保|争取|将(?!近)")
_LEAD_YEAR = re.compile(r"^[^。;]{0,12}?(?<!\d)((?:19|20)\d{2})年(?!\d{1,2}月)(?!度)")

_TARGET_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年(?:是|的?目标任务|(?:经济社会发展的?)?主要(?:预期)?目标"
    r"|[^。;,，:：\n]{0,12}?(?:预期)?目标(?:是|为|设为|定为)|国民经济和社会发展计划(?:草案)?(?!执行)"
    r"|工作安排|[,，]?[^。,，;\n]{0,6}将)")
_REVIEW_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年[^。\n]{0,12}(?:回顾|执行情况)")
_DATE_LINE = re.compile(r"(?<!\d)((?:19|20)\d{2})年\d{1,2}月\d{1,2}日在")


def _heading_part(line: str) -> str | None:
    """The part a short heading line starts, or None (not a heading, or a heading of no part)."""
    s = line.strip()
    if not s or len(s) > 40 or s[0] in "—-─" or "%" in s or "亿" in s:
        return None
    if "。" in s[:-1] or s.count(",") + s.count("，") > 1 or re.search(r"[:：].", s):
        return None
    if not _HEADING_LOOK.search(s):
        return None  # a short sentence (实施十项目标任务), not a heading
    for part, pattern in _PART_HEADINGS:
        if pattern.search(s):
            return part
    return None


def target_year(norm: str) -> int | None:
    """The year the report's targets are for, read from its words (None when it does not say)."""
    m = _TARGET_YEAR.search(norm)
    if m:
        return int(m.group(1))
    m = _REVIEW_YEAR.search(norm)
    if m:
        return int(m.group(1)) + 1
    m = _DATE_LINE.search(norm)
    return int(m.group(1)) if m else None


@dataclass
class Piece:
    """A sentence piece (cut at ;) with its part, section and year."""

    start: int
    end: int
    part: str
    section: str | None
    main: bool  # in or after the main-targets sentence (主要预期目标) of its paragraph
    year: int | None  # an explicit year at its start
    sentence: int  # number of the sentence it belongs to


def pieces(norm: NormalisedText, parse: str, year: int | None):
    """Walk lines → sentences → pieces, deciding each piece's part and section."""
    heading_part: str | None = None
    section: str | None = None
    pos, sentence_no = 0, 0
    carried = "targets"  # without part headings, a paragraph continues the one before
    for line in parse.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        part_here = _heading_part(line)
        if part_here is not None:
            heading_part, section = part_here, None
        heading = _HEADING.match(line)
        if heading:
            section = norm.source(start + heading.start(1), start + heading.end(1)).strip()
        if part_here is not None:
            continue  # a part's heading states nothing itself
        fixed = heading_part in ("review", "other")
        current = heading_part or carried
        main_seen = False
        for s_start, s_end in spans(parse, _SENTENCE_END, start, end):
            sentence_no += 1
            sentence = parse[s_start:s_end]
            main = "主要预期目标" in sentence
            sentence_section = "主要预期目标" if main else section
            main_seen = main_seen or main
            for p_start, p_end in spans(parse, _SEGMENT_SEP, s_start, s_end):
                text = parse[p_start:p_end]
                lead = _LEAD_YEAR.search(text)
                piece_year = int(lead.group(1)) if lead else None
                if not fixed:
                    if piece_year is not None and year is not None:
                        current = "review" if piece_year < year else "targets"
                    elif _REVIEW_CUE.search(text):
                        current = "review"
                    elif _TARGET_CUE.search(text):
                        current = "targets"
                main_seen = main_seen or "预期目标" in text
                yield Piece(p_start, p_end, current, sentence_section, main_seen, piece_year,
                             sentence_no)
        if heading_part is None and line.strip():
            carried = current


def spans(text: str, sep: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` at the separators; spans without the separators, blank ones dropped."""
    spans, pos = [], start
    for m in sep.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def report_parts(text: str, *, year: int | None = None) -> pl.DataFrame:
    """The report cut into sentence pieces, each with the part it belongs to.

    Parameters
    ----------
    text
        The report as pasted.
    year
        The year of its targets; read from the text when omitted.

    Returns
    -------
    polars.DataFrame
        ``part`` (one of :data:`PARTS`), ``section`` and ``text`` (the original words), in order.

    Examples
    --------
    >>> text = "2022年工作回顾\\n全年实现地区生产总值1410亿元。\\n2023年目标任务\\n地区生产总值增长5%左右。"
    >>> report_parts(text).select("part", "text").rows()
    [('review', '全年实现地区生产总值1410亿元'), ('targets', '地区生产总值增长5%左右')]
    """
    norm = normalise_report(text)
    parse = blank_notes(norm.text)
    year = year if year is not None else target_year(parse)
    rows = [(p.part, p.section, norm.source(p.start, p.end).strip())
            for p in pieces(norm, parse, year)]
    return pl.DataFrame(rows, schema={"part": pl.String, "section": pl.String, "text": pl.String},
                        orient="row")

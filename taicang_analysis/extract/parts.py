"""The parts of a report — last year's review, this year's targets, plans, the rest.

A short heading line (one that starts with an ordinal, names a year or a plan period, without a
colon inside) sets the part — ``other`` (政府自身建设); a plan period named at its start
(``“十五五”时期主要目标`` → ``plan``, see :mod:`~taicang_analysis.extract.periods`); ``review``
(…回顾, …执行情况, 过去一年, 成绩单); ``targets`` (目标任务, 主要目标, 预期目标, 计划草案, 总体要求,
工作安排 …); or else the year it names (``2024年——`` in a 2025 text → ``review``, the target year
→ ``targets``). Under a ``review``, ``plan`` or ``other`` heading every piece keeps that part.

Elsewhere each sentence piece (cut at ``;``) is judged by its own words, in this order:

1. a period at its start (``2020年,昆山预计…`` in a 2021 text → ``review``; ``到2027年…``,
   ``“十四五”期间…`` → ``plan`` or ``review``);
2. a word of last year's review (预计, 去年, 过去一年, 今年以来, 五年来 …) → ``review``;
3. a word of this year's targets (今年, 主要预期目标, 目标为, 计划, 力争, 确保 …) → ``targets``;
4. a comparison with last year (同比, 比上年, 与去年持平) → ``review``, but only in a piece that
   states a figure of its own — it says how a figure compares, not which year a paragraph is about;
5. otherwise it continues the piece before it (a paragraph continues the paragraph before; the
   first is ``targets``).

A figure in the target part that spans several years or is a budget arrangement is ``plan``
(:func:`~taicang_analysis.extract.periods.figure_part`). Targets come only from the ``targets``
part, figures only from ``review``. Sentences end at ``。!?``.

The **main-targets list** (``主要预期目标是:…``, ``努力目标为:…``, or the lines under a heading
``2025年主要预期目标``) runs on over the following lines until the next heading — a line naming the
year's tasks (``重点抓好十个方面工作``) is one: qualitative goals without a number
(``国际收支保持基本平衡``) are read only there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from taicang_analysis.extract.normalise import NormalisedText, blank_notes, normalise_report
from taicang_analysis.extract.periods import lead_period, target_year

__all__ = ["PARTS", "Piece", "pieces", "report_parts", "spans"]

#: the parts of a report: last year's review, this year's targets and tasks, plans over several
#: years and budget arrangements, the rest
PARTS = ("review", "targets", "plan", "other")

_SENTENCE_END = re.compile(r"[。!?！？]")
_SEGMENT_SEP = re.compile(r"[;；]")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、[^,，。;；:：]*)")
_PART_HEADINGS = (
    ("review", re.compile(r"回顾|执行情况|过去一年|过去的一年|过去(?:五|5)年|工作总结|成绩单")),
    ("targets", re.compile(r"目标任务|主要目标|预期目标|目标和|工作安排|计划草案|总体要求|主要任务"
                           r"|今年政府工作|今年工作|工作建议|重点工作|方面工作$")),
)
_OTHER_HEADING = re.compile(r"自身建设")
# a heading starts with an ordinal or names a year or a plan period (or is 过去…, 今年…, …自身建设),
# or names the year's tasks (重点抓好十个方面工作): the main-targets list ends there
_HEADING_LOOK = re.compile(r"^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分"
                           r"|过去|今年)|(?:19|20)\d{2}\s*年|十[一二三四五六七八九]五|自身建设"
                           r"|(?:重点|主要)(?:工作|任务)$|方面(?:的)?工作$")
_REVIEW_CUE = re.compile(r"预计(?!今年)|过去一年|过去的一年|过去这一年|(?<![与比较同于])(?:去年|上年)|今年以来"
                         r"|五年来|过去(?:五|5)年|(?<!力争)(?<!确保)(?<!争取)全年实现|获评|蝉联|荣获|首次突破"
                         r"|居全[省国市]首位")
_TARGET_CUE = re.compile(r"今年|明年|预期目标|目标[是为]|目标设为|努力目标|计划|力争|确保|争取|将(?!近)")
_COMPARISON_CUE = re.compile(r"同比|[与比较同](?:去年|上年)")
_HAS_FIGURE = re.compile(r"\d")
_TITLE = re.compile(r"政府工作报告")  # the report's own title names its year, not a part
_YEARS = re.compile(r"\d+\s*年")  # a year or a span of years in a heading (2025年, 过去5年)
_FIGURE = re.compile(r"\d")
_MAIN_LIST = re.compile(r"(?:主要|预期|努力|奋斗)目标")


def _heading_part(line: str, year: int | None) -> str | None:
    """The part a short heading line starts, or None (not a heading, or a heading of no part)."""
    s = line.strip()
    if not s or len(s) > 40 or s[0] in "—-─" or "%" in s or "亿" in s:
        return None
    if "。" in s[:-1] or s.count(",") + s.count("，") > 1 or re.search(r"[:：].", s):
        return None
    if not _HEADING_LOOK.search(s) or _TITLE.search(s) or _FIGURE.search(_YEARS.sub("", s)):
        return None  # a short sentence (实施十项目标任务, 到2035年…达到15万元) or the title, not a heading
    if _OTHER_HEADING.search(s):
        return "other"
    period, named = lead_period(re.sub(r"^\W*(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))?\W*", "", s),
                                year)
    if period is not None and named is None:
        return period  # a plan period: 十五五时期…, 今后五年…, 五年来…
    for part, pattern in _PART_HEADINGS:
        if pattern.search(s):
            return part
    return period  # a heading that names only a year: before the target year, the review


def _is_title(line: str) -> bool:
    """A short line naming the report itself, without a figure of its own."""
    s = line.strip()
    return (len(s) <= 40 and bool(_TITLE.search(s)) and "。" not in s[:-1]
            and not _FIGURE.search(_YEARS.sub("", re.sub(r"\d{1,2}\s*[月日]", "", s))))


@dataclass
class Piece:
    """A sentence piece (cut at ;) with its part, section and year."""

    start: int
    end: int
    part: str
    section: str | None
    main: bool  # in the main-targets list (主要预期目标), which runs on until the next heading
    year: int | None  # an explicit year at its start
    sentence: int  # number of the sentence it belongs to


def _piece_part(text: str, year: int | None, current: str) -> tuple[str, int | None]:
    """The part of one piece by its own words (see the module's rules), and the year it names."""
    period, named = lead_period(text, year)
    if period is not None:
        return period, named
    if _REVIEW_CUE.search(text):
        return "review", named
    if _TARGET_CUE.search(text):
        return "targets", named
    if _COMPARISON_CUE.search(text) and _HAS_FIGURE.search(text):
        return "review", named
    return current, named


def pieces(norm: NormalisedText, parse: str, year: int | None):
    """Walk lines → sentences → pieces, deciding each piece's part and section."""
    heading_part: str | None = None
    section: str | None = None
    pos, sentence_no = 0, 0
    carried = "targets"  # without part headings, a paragraph continues the one before
    main_list = False  # the main-targets list runs on over lines until the next heading
    for line in parse.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if _is_title(line):
            continue  # the report's title (某县2031年政府工作报告) sets no part and states nothing
        part_here = _heading_part(line, year)
        heading = _HEADING.match(line)
        if part_here is not None or heading:
            main_list = part_here == "targets" and bool(_MAIN_LIST.search(line))
        if part_here is not None:
            heading_part, section = part_here, None
        if heading:
            section = norm.source(start + heading.start(1), start + heading.end(1)).strip()
        if part_here is not None:
            continue  # a part's heading states nothing itself
        fixed = heading_part in ("review", "plan", "other")
        current = heading_part or carried
        for s_start, s_end in spans(parse, _SENTENCE_END, start, end):
            sentence_no += 1
            sentence = parse[s_start:s_end]
            main = "主要预期目标" in sentence
            sentence_section = "主要预期目标" if main else section
            for p_start, p_end in spans(parse, _SEGMENT_SEP, s_start, s_end):
                text = parse[p_start:p_end]
                piece_year = None
                if not fixed:
                    current, piece_year = _piece_part(text, year, current)
                main_list = (main_list or bool(_MAIN_LIST.search(text))) and current == "targets"
                yield Piece(p_start, p_end, current, sentence_section, main_list, piece_year,
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
    year = year if year is not None else target_year(norm.text)
    rows = [(p.part, p.section, norm.source(p.start, p.end).strip())
            for p in pieces(norm, parse, year)]
    return pl.DataFrame(rows, schema={"part": pl.String, "section": pl.String, "text": pl.String},
                        orient="row")

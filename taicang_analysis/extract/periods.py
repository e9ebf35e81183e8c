"""The text's own year, and the period each heading, sentence piece and figure is about.

**The year** the targets are for is read from the text itself, in this order (the first rule
that finds one wins; an explicit ``year=`` to the extractor wins over all):

1. the text says it: ``今年(2024年)``, ``2024年主要预期目标``, a title ``2024年某市经济社会发展预期目标``,
   ``2024年目标任务``, ``…2024年国民经济和社会发展计划``; a press text's ``报告回顾了2023年工作`` (the
   year after it, ahead of a ``2023年是…`` that may belong to that review); ``2024年是…``; a title
   ``2024年政府工作报告``;
2. a heading of last year's review: ``2023年工作回顾`` (the year after it);
3. a date line: the report's ``——2024年1月3日在…`` or a press page's own date line
   (``2024-01-23 09:36 来源:…``, ``长江日报 2024年01月17日``);
4. the weakest: the first year of a five-year plan that opens (``奋力实现“十五五”良好开局`` → 2026)
   or the last of one that closes (``“十四五”规划收官之年`` → 2025).

Digits, ``年``, ``月`` and ``日`` may have spaces between them (``2025 年 3 月 5 日``). When none
of these is found the year is unknown and every row is marked for a person to check.

**Periods** (:data:`PERIOD_RULES`, :func:`lead_period`, :func:`figure_part`): a heading or a piece
that *starts* with a period word is about that period —

- a year: before the target year ``review``, the target year ``targets``, later ``plan``
  (``到2027年…``);
- a five-year plan (``“十四五”期间``, ``十五五时期``): ``review`` when it ended before the target
  year, else ``plan``;
- five years (``五年来``, ``过去5年`` → ``review``; ``今后五年``, ``未来五年`` → ``plan``).

A figure inside the target part is ``plan`` when it spans several years (``年均增长``,
``累计降低``) or is a budget arrangement rather than a development target (``拟发行``,
``拟安排``, ``赤字率``, ``国债``, ``预算支出``): :data:`ARRANGEMENT`.
"""

from __future__ import annotations

import re

__all__ = ["ARRANGEMENT", "MULTI_YEAR", "PERIOD_RULES", "figure_part", "five_year_plan",
           "lead_period", "target_year"]

_Y = r"(?<!\d)((?:19|20)\d{2})\s*年"  # a year, spaces allowed before 年

#: how the text states the year of its targets, strongest first (group 1 is the year; ``+1``
#: marks a rule that names last year)
YEAR_RULES: tuple[tuple[re.Pattern[str], int | str], ...] = (
    (re.compile(r"今年\s*\(\s*((?:19|20)\d{2})\s*年\s*\)"), 0),
    (re.compile(_Y + r"(?:的?目标任务|(?:经济社会发展的?)?主要(?:预期)?目标(?!完成|执行)"
                r"|[^。;,:\n]{0,12}?(?:预期)?目标(?:是|为|设为|定为)|国民经济和社会发展计划(?:草案)?(?!执行)"
                r"|[^。;,:\n]{0,12}?预期目标(?!完成|执行)|工作安排|,?[^。,;\n]{0,6}将)"), 0),
    # a press text: 报告回顾了2023年工作 (the year before the one a 2023年是… of the review might name)
    (re.compile(r"回顾了?\s*((?:19|20)\d{2})\s*年"), 1),
    (re.compile(_Y + r"是"), 0),
    (re.compile(_Y + r"[^。,;:\n]{0,4}政府工作报告"), 0),
    (re.compile(_Y + r"[^。\n]{0,12}(?:回顾|执行情况)"), 1),
    (re.compile(_Y + r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在"), 0),
    # a press page's date line: the date, maybe a time and a source, nothing that reads as prose
    (re.compile(r"(?m)^[^。,;:\n\d]{0,12}(?<!\d)((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)"
                r"\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[^。,;\n]{0,30}$"), 0),
    # the weakest: the first or last year of a five-year plan (“十五五”良好开局, “十四五”收官之年)
    (re.compile(r"(十[一二三四五六七八九]五)\W{0,2}(?:规划)?[^。,;\n]{0,4}?(?:开局|起步)"), "first"),
    (re.compile(r"(十[一二三四五六七八九]五)\W{0,2}(?:规划)?[^。,;\n]{0,4}?收官"), "last"),
)


def target_year(text: str) -> int | None:
    """The year the text's targets are for, read from its words (None when it does not say).

    Parameters
    ----------
    text
        The normalised text (simplified, half-width; notes not blanked).

    Returns
    -------
    int or None

    Examples
    --------
    >>> target_year("今年(2031年)全省发展的有利条件强于不利因素")
    2031
    >>> target_year("2030年工作回顾\\n完成投资100亿元。")
    2031
    >>> target_year("2031-01-28 04:26:44 来源:某报\\n今年地区生产总值增长5%左右。")
    2031
    >>> target_year("——2031 年 3 月 5 日在第一次会议上")
    2031
    >>> target_year("报告回顾了2030年的工作。2030年是极不平凡的一年。")
    2031
    >>> target_year("20日,市政府工作报告提出,今年要奋力实现“十六五”良好开局。")
    2031
    >>> target_year("今年地区生产总值增长5%左右。") is None
    True
    """
    for pattern, offset in YEAR_RULES:
        m = pattern.search(text)
        if m is None:
            continue
        if isinstance(offset, str):  # a five-year plan's first or last year
            years = five_year_plan(m.group(1))
            return years[0] if offset == "first" else years[1]
        return int(m.group(1)) + offset
    return None


# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------
_FYP = re.compile(r"十([一二三四五六七八九])五")
_CN = "一二三四五六七八九"


def five_year_plan(text: str) -> tuple[int, int] | None:
    """The years of the five-year plan a text names (``十四五`` → 2021–2025), or None.

    The third plan began in 1966 and each one since has run five years.

    Examples
    --------
    >>> five_year_plan("“十四五”期间"), five_year_plan("十五五时期"), five_year_plan("今年")
    ((2021, 2025), (2026, 2030), None)
    """
    m = _FYP.search(text)
    if not m:
        return None
    number = 10 + _CN.index(m.group(1)) + 1
    start = 1966 + 5 * (number - 3)
    return start, start + 4


#: period words at the start of a heading or piece, and the part they give (``plan_or_review``:
#: a five-year plan, ``review`` if it ended before the target year)
PERIOD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\W{0,3}十[一二三四五六七八九]五\W{0,2}(?:规划)?(?:期间|时期|以来|$)"), "plan_or_review"),
    (re.compile(r"^[^。;]{0,8}?(?:五年来|过去(?:的)?(?:五|5)年|近(?:五|5)年)"), "review"),
    (re.compile(r"^[^。;]{0,8}?(?:今后|未来)(?:五|5)年"), "plan"),
    (re.compile(r"^[^。;]{0,8}?到\s*((?:19|20)\d{2})\s*年"), "year"),
    (re.compile(r"^[^。;]{0,12}?(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)(?!度)"), "year"),
)


def lead_period(text: str, year: int | None) -> tuple[str | None, int | None]:
    """The part the period named at the start of ``text`` gives, and the year it names.

    Parameters
    ----------
    text
        A heading or a sentence piece (parse text).
    year
        The target year (None: unknown; a year then decides nothing).

    Returns
    -------
    tuple
        (``review`` / ``targets`` / ``plan`` or None, the year named at the start or None).

    Examples
    --------
    >>> lead_period("2030年,全市地区生产总值增长5%", 2031)
    ('review', 2030)
    >>> lead_period("到2035年,人均地区生产总值达到12万元", 2031)
    ('plan', 2035)
    >>> lead_period("“十四五”期间,地区生产总值年均增长6.6%", 2026)
    ('review', None)
    >>> lead_period("“十五五”时期主要目标", 2026)
    ('plan', None)
    >>> lead_period("今年地区生产总值增长5%", 2031)
    (None, None)
    """
    for pattern, part in PERIOD_RULES:
        m = pattern.search(text)
        if not m:
            continue
        if part == "plan_or_review":
            years = five_year_plan(m.group())
            return ("review" if years and year is not None and years[1] < year else "plan"), None
        if part != "year":
            return part, None
        named = int(m.group(1))
        if year is None:
            return None, named
        if named < year:
            return "review", named
        return ("plan" if named > year else "targets"), named
    return None, None


#: figures over several years: never one year's target or outturn
MULTI_YEAR = re.compile(r"年均|累计|五年|十年|翻番|倍")
#: budget arrangements, not development targets: proposed issues and allocations, deficits, bonds,
#: budget spending
ARRANGEMENT = re.compile(r"拟(?:发行|安排|按)|安排\S{0,12}?\d|赤字|国债|专项债|预算内投资|(?:预算|财政)支出")
_MULTI_YEAR_FIGURE = re.compile(r"年均|累计")


def figure_part(text: str, part: str) -> str:
    """The part of one figure's clause: ``plan`` for a multi-year figure or an arrangement in the
    target part, else the piece's own part.

    Examples
    --------
    >>> figure_part("全社会研发经费投入年均增长7%以上", "targets")
    'plan'
    >>> figure_part("拟发行超长期特别国债1.3万亿元", "targets")
    'plan'
    >>> figure_part("地区生产总值增长5%左右", "targets")
    'targets'
    >>> figure_part("国内生产总值年均增长5.4%", "review")
    'review'
    """
    if part == "targets" and (_MULTI_YEAR_FIGURE.search(text) or ARRANGEMENT.search(text)):
        return "plan"
    return part

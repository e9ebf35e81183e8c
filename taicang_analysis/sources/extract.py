"""Draft a target registry — and last year's figures — from the text of a government work report.

The analyst pastes a report (or a press text about one) into a text file, as found: simplified or
traditional characters, with the pinyin some mirrors insert after characters, full-width or
half-width digits, the whole report or only its 目标任务 part. :func:`extract_targets` returns one
row per target of the year the report is for, in the layout of ``data/targets/<year>.csv`` plus two
columns for the reviewer (``part``, ``review``); :func:`extract_figures` returns last year's
outturns from the report's review part, in the layout of ``data/figures.csv``. Every row keeps the
report's own words (``phrase`` / ``quote``) so the draft can be checked line by line.

How the text is read
--------------------
1. **Normalised** (:func:`normalise_report`): inserted pinyin in brackets after a character is
   dropped (``經(jīng)濟`` → ``經濟``), full-width forms become half-width (``５％`` → ``5%``) and
   traditional characters become simplified with OpenCC (``t2s``). Each character of the
   normalised text remembers where it came from, so ``phrase`` and ``quote`` are the *original*
   text. Parenthesised notes (``(预计数,下同)``, ``(GDP)``) and list marks at a line's start
   (``——``, ``(一)``) are blanked for parsing only.
2. **Split into parts** (:func:`report_parts`): a short heading line (one that starts with an
   ordinal or names a year, without a colon inside) sets the part —
   ``review`` (…回顾, …执行情况, 过去一年), ``targets`` (目标任务, 主要目标, 预期目标, 计划草案,
   总体要求, 工作安排 …) or ``other`` (政府自身建设). Where no heading has said, or inside the
   target part, each sentence piece (cut at ``;``) is judged by its own words: a year at its start
   earlier than the report's year (``2020年,昆山预计…`` in a 2021 text) or a review word (预计,
   同比, 比上年, 去年, 今年以来, 过去一年, 五年来) makes it ``review``; 今年, 主要预期目标, 目标为,
   计划, 力争, 确保 make it ``targets``; otherwise it continues the piece before it in the same
   paragraph; a paragraph without any of these is ``targets``. Targets come only from the
   ``targets`` part, figures only from ``review``.
3. **Sentences, clauses, parts**: sentences end at ``。!?``; clauses are cut at ``,;:``; a clause is
   cut further at ``、`` only where a figure has just ended (``投资520亿元、工业投资200亿元``) or a
   count begins (``打造3个A、5个B``).
4. **Patterns**, whole-part matches only, in this order: ``分别`` pairs (``城乡居民人均可支配收入分别增长
   6.1%以上和6.5%以上`` → 城镇…, 农村…), relative goals (``与/和经济增长基本同步``), ``保持正增长``
   (growth above 0), qualitative goals (``实现进出口总额稳中提质``; in the main-targets sentence also
   ``国际收支保持基本平衡``), milestones (``力争实现百亿项目突破``: a count target of one, qualifier
   ``milestone``), growth rates (``增长5%左右``, ``涨幅控制在3%左右``, ``经济增长目标设为6%以上``,
   ``下降/降低`` → ``decline_pct``), levels (``投资520亿元``, ``失业率5.5%左右``), counts with the
   number after the noun (``新增产业基金5支``) or before it (``打造3~5个标杆项目``).
5. **Names** stop at the clause's copula or verb: ``主要预期目标是地区生产总值`` → 地区生产总值,
   ``一般公共预算收入计划`` → 一般公共预算收入, ``昆山将经济增长目标设为`` → 经济; leading words
   (力争, 完成, 其中, 今年, 全市, a year …) and trailing ones (目标, 增长, 按可比价, 比上年 …) are
   dropped. A part without a name of its own takes the name of the figure before it in the same
   sentence (``规上工业产值2300亿元、增长10%以上``); ``分别`` gives the names of the figures before
   it in order (``投资590亿元、其中工业投资257亿元,分别增长6.6%、20.9%``).
6. **Catalogue**: a name is matched to ``data/indicators.csv`` (:func:`~taicang_analysis.sources.
   catalogue.load_indicators`) — equal to its ``name_zh`` or one of its ``aliases``, else the
   longest match of an ``extract_pattern`` — then to the report-prose names in
   :data:`PROSE_ALIASES` (经济 → gdp, 居民收入 → disposable_income, 进出口 → trade), which are words
   of reports, not of bureau tables. **Ids** (documented rule): an indicator that takes a single
   target kind keeps its id (``port_teu``, ``german_firms``); otherwise the kind is added —
   ``_growth`` (growth rate and relative goals), ``_level``, ``_count``, ``_quality`` (qualitative)
   — so ``gdp_growth``, ``fai_level``, ``trade_quality``. The one goal outside the catalogue that
   the 2023 registry tracks, 百亿项目, has the small table :data:`MILESTONE_INDICATORS`. Unknown
   names come out as they are (simplified), with id ``target_NN`` (NN = row number) and a note in
   ``review``; so does a name whose catalogue row does not take that kind of target or whose unit
   differs.
7. **Qualifiers** from the words around the number: 左右 ``about``; 以上, 不低于, 不少于, 至少
   ``at_least``; 超, 超过, 余, 多 ``more_than``; 突破 ``exceed``; 以内, 不超过, 不高于, 控制在
   ``at_most`` (an upper limit wins over 左右); else 力争 ``strive``, else ``exact``.
   ``qualifier_zh`` keeps the words (``力争;超``).
8. A target stated twice with the same name, kind, value, unit and qualifier (a report's own
   restatement, ``经济增长预期目标为5%左右``) is kept once.

Things that look like numbers but are not targets are left out on purpose: years, ordinals
(``一、``, ``第五次``), anything in quotation or book-title marks, place and project names
(``七十二家村``, ``码头五期``), anniversaries (``30周年``), grades in a name (``3A级``, ``市级以上``),
sizes of things (``6平方公里产业园``), ``3+3`` and a bare ``一`` (``一批``).

Output dtypes are those ``polars.read_csv`` gives for a registry file: strings, ``year`` Int64,
``strive`` Boolean, ``value`` / ``value_high`` Int64 when every number is whole, Float64 otherwise.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polars as pl

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

__all__ = [
    "DRAFT_COLUMNS", "MILESTONE_INDICATORS", "PARTS", "PROSE_ALIASES", "REGISTRY_COLUMNS",
    "NormalisedText", "extract_figures", "extract_file", "extract_targets", "extract_to_csv",
    "figures_to_csv", "normalise_report", "report_parts", "write_registry",
]

REGISTRY_COLUMNS = (
    "id", "year", "indicator", "measure", "indicator_zh", "indicator_en", "kind", "value",
    "value_high", "unit", "qualifier", "qualifier_zh", "strive", "section", "phrase",
)
#: the draft adds where each row came from and what the reviewer should look at
DRAFT_COLUMNS = (*REGISTRY_COLUMNS, "part", "review")
#: the parts of a report: last year's review, this year's targets and tasks, the rest
PARTS = ("review", "targets", "other")

#: report-prose names of catalogue indicators (fullmatch on the cleaned name): words reports use
#: that a bureau table does not, so they live here rather than in the catalogue's ``aliases``
PROSE_ALIASES: tuple[tuple[str, str], ...] = (
    ("gdp", r"经济|国内生产总值|全市生产总值"),
    ("disposable_income", r"(?:城乡)?居民收入"),
    ("trade", r"(?:外贸)?进出口|外贸"),
)
#: milestone goals the catalogue has no row for: (pattern on the name, id, Chinese, English)
MILESTONE_INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    (r"(?:百|100)亿(?:元)?级?(?:以上)?\S*项目", "projects_100yi", "百亿项目",
     "Projects of 10 billion yuan or more (百亿项目)"),
)

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（](?=[^)）]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜê])[{_PINYIN_LETTERS}]{{1,7}}[)）]"
)


@dataclass(frozen=True)
class NormalisedText:
    """A report's text made simple for parsing, with the way back to the original.

    ``origin[i]`` is the position in ``original`` of ``text[i]``.
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def source(self, start: int, end: int) -> str:
        """The original characters behind ``text[start:end]`` (inserted pinyin included)."""
        if end <= start:
            return ""
        return self.original[self.origin[start]:self.origin[end - 1] + 1]


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """Traditional → simplified, one character for one (per character where a phrase is not)."""
    convert = _converter().convert
    out = convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        conv = convert(line)
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := convert(ch)) == 1 else ch for ch in line)
        lines.append(conv)
    return "\n".join(lines)


def _half_width(ch: str) -> str:
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 else ch


def normalise_report(text: str) -> NormalisedText:
    """Drop inserted pinyin, make full-width forms half-width and traditional characters simplified.

    Parameters
    ----------
    text
        A report's text as pasted.

    Returns
    -------
    NormalisedText
        ``text`` for parsing and :meth:`NormalisedText.source` for the original words.

    Examples
    --------
    >>> n = normalise_report("經(jīng)濟增長５％左右")
    >>> n.text
    '经济增长5%左右'
    >>> n.source(2, 8)
    '增長５％左右'
    >>> n.source(0, 2)
    '經(jīng)濟'
    """
    kept: list[int] = []
    pos = 0
    for m in _PINYIN.finditer(text):
        kept.extend(range(pos, m.start()))
        pos = m.end()
    kept.extend(range(pos, len(text)))
    plain = "".join(_half_width(text[i]) for i in kept)
    return NormalisedText(text, _simplified(plain), (*kept, len(text)))


# Parenthesised notes and list marks are blanked (same length) for parsing.
_NOTE = re.compile(r"\([^()\n]{1,40}\)")
_LIST_MARK = re.compile(r"(?m)^[ \t]*(?:——|—|─+|--|·|•|●|○|◆|■|□|☆|★|▲|\([一二三四五六七八九十\d]+\)|\d+\.(?!\d))")


def _blank(text: str) -> str:
    chars = list(text)
    for pattern in (_NOTE, _LIST_MARK):
        for m in pattern.finditer(text):
            chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


# --------------------------------------------------------------------------------------------
# Numbers, units and qualifier words
# --------------------------------------------------------------------------------------------
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# One number: Arabic (not glued to a letter, a digit or "+", as in 5G, 3+3) or Chinese (not
# after 第, which makes an ordinal). 万 and 亿 are left to the units (900万标箱, 520亿元).
_ARABIC = r"(?<![A-Za-z\d.+])\d+(?:\.\d+)?(?![A-Za-z+])"
_CHINESE = r"(?<![第零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]+"
_NUM = rf"(?<!第)(?:{_ARABIC}|{_CHINESE})"
_RANGE_SEP = r"\s*(?:~|-|—|–|至|到)\s*"
_NUMBER = rf"(?P<lo>{_NUM})(?:%?{_RANGE_SEP}(?P<hi>{_NUM}))?"

#: words that bound a number, and the qualifier each gives
_BOUNDS = {
    "突破": "exceed", "超过": "more_than", "超": "more_than", "余": "more_than", "多": "more_than",
    "不低于": "at_least", "不少于": "at_least", "至少": "at_least", "以上": "at_least",
    "左右": "about", "以内": "at_most", "不超过": "at_most", "不高于": "at_most",
    "控制在": "at_most",
}
_PRE = r"(?P<pre>突破|超过|超|不低于|不少于|至少|不超过|不高于|控制在|稳定在|保持在|达到|达)?"
_YU = r"(?P<yu>余|多)?"
_POST = r"(?P<post>左右|以上|以内)?"

_LEVEL_UNITS = ("万亿美元", "亿美元", "万美元", "万亿元", "万亿斤", "亿斤", "万人次", "万平方米",
                "平方公里", "万标箱", "亿元", "万元", "万吨", "万亩", "万人", "平方米", "公里", "标箱",
                "元", "吨", "亩", "%")
_COUNT_UNITS = ("家", "个", "支", "项", "所", "座", "条", "名", "户", "场", "处", "款", "件",
                "台", "套", "位", "人")
_LEVEL_UNIT = "(?P<unit>" + "|".join(re.escape(u) for u in _LEVEL_UNITS) + ")"
_COUNT_UNIT = "(?P<unit>" + "|".join(_COUNT_UNITS) + ")"

# A count word followed by one of these characters is part of another word (支持, 家庭, ...).
_NOT_A_COUNT = ("支持", "支撑", "支付", "家庭", "家居", "家园", "家乡", "条件", "名单",
                "名片", "名牌", "件事", "场景", "场所", "处理", "户籍", "台账", "套餐", "位置")
# A count word followed by one of these makes a place name (七十二家村), unless 级 follows.
_PLACE_SUFFIX = "村镇路街巷弄桥湾"

# Verbs that introduce a count written number-first (打造3~5个…, 加快建设…等180余个…).
_COUNT_VERBS = ("新引进", "新培育", "新认定", "新开工", "新增", "新建", "引进", "招引", "引育",
                "建成", "建设", "创建", "打造", "培育", "争创", "认定", "实施", "推进", "开工",
                "落地", "组建", "设立", "改造", "完成")
# Counts of things being built or carried out are stocks (count_total); others are new.
_STOCK_VERBS = ("建设", "推进", "实施")

_GROWTH_VERBS = {"增长": "growth_pct", "增速": "growth_pct", "增幅": "growth_pct",
                 "涨幅": "growth_pct", "下降": "decline_pct", "降低": "decline_pct"}
_QUALITATIVE_WORDS = ("稳中提质", "稳中有进", "稳中有升", "稳中向好", "量质齐升", "稳步增长",
                      "稳定增长", "平稳增长", "持续增长", "稳步提升", "保稳提质", "促稳提质",
                      "量稳质升", "基本平衡", "持续改善", "回稳向好", "稳定改善", "进一步改善",
                      "继续下降", "继续减少")
_QUALITATIVE = "(?P<word>" + "|".join(_QUALITATIVE_WORDS) + ")"

# --------------------------------------------------------------------------------------------
# Patterns, each matched against a whole part of a clause
# --------------------------------------------------------------------------------------------
_PATTERNS = {
    # 城乡居民人均可支配收入分别增长6.1%以上和6.5%以上
    "respectively": re.compile(
        r"(?P<head>.+?)分别(?P<verb>增长|达到|达|为|提高到|提高至)?"
        rf"(?P<lo>{_NUM})(?P<u1>%|亿元|万元|元|亿美元)?(?P<p1>左右|以上|以内)?(?:和|与|、)"
        rf"(?P<lo2>{_NUM})(?P<unit>%|亿元|万元|元|亿美元)(?P<post>左右|以上|以内)?"),
    # 居民人均可支配收入与经济增长基本同步 / 居民收入增长和经济增长同步
    "relative": re.compile(r"(?P<noun>.+?)(?:与|和|同)(?P<other>.+?)(?P<word>基本同步|保持同步|同步)"),
    # 一般公共预算收入保持正增长
    "positive": re.compile(r"(?P<noun>.+?)(?:保持|实现)(?P<word>正增长)"),
    # 实现进出口总额稳中提质
    "qualitative": re.compile(r"(?P<head>.*?(?:实现|保持|确保))(?P<noun>.+?)" + _QUALITATIVE),
    # (main-targets sentence only) 国际收支保持基本平衡 / 全社会固定资产投资稳中有进
    "qualitative_noun": re.compile(r"(?P<noun>[^\d%]+?)(?:保持|实现)?" + _QUALITATIVE),
    # 力争实现百亿项目突破 / 争取在百亿级重大项目上实现突破
    "milestone": re.compile(
        r"(?P<head>.*?)(?P<noun>(?:[百千]|[一二三四五六七八九十]+|\d+)亿(?:元)?级?(?:以上)?"
        r"[\u4e00-\u9fff]{0,6}?(?:项目|企业))上?(?:招引上)?(?:实现|取得)?了?(?:新的?|历史性|重大)?"
        r"(?P<word>突破)"),
    # 地区生产总值增长5%左右 / 涨幅控制在3%左右 / 经济增长目标设为6%以上 / 能耗降低2.5%左右
    "growth": re.compile(
        r"(?P<head>.*?)(?P<verb>" + "|".join(_GROWTH_VERBS) + r")"
        r"(?P<mid>(?:预期)?目标(?:设定为|设为|定为|为|是)(?:增长)?|为|是)?"
        + _PRE + _NUMBER + r"(?P<unit>%)" + _POST),
    # 力争完成全社会固定资产投资520亿元 / 推动集装箱吞吐量突破900万标箱 / 失业率5.5%左右
    "level": re.compile(r"(?P<head>.*?)" + _PRE + _NUMBER + _YU + _LEVEL_UNIT + _POST),
    # 新增产业基金5支 / 新引进德企50家以上 / 力争新增上市企业2~3家
    "count_after": re.compile(r"(?P<head>.*?)" + _PRE + _NUMBER + _YU + _COUNT_UNIT + _POST),
    # 打造3~5个数字化转型标杆项目 / 加快建设博马科技、联电新能源等180余个市级重点项目
    "count_before": re.compile(
        r"(?P<head>.*?)(?P<verb>" + "|".join(_COUNT_VERBS) + r")(?P<mid>[^,，;；。]*?等)?"
        + _PRE + _NUMBER + _YU + _COUNT_UNIT + _POST + r"(?P<noun>.{2,})"),
    # the second of two counts sharing a verb: 打造3个A、5个B (only after a 、 cut)
    "count_listed": re.compile(_PRE + _NUMBER + _YU + _COUNT_UNIT + _POST + r"(?P<noun>.{2,})"),
}
_ALL_UNITS = "|".join(re.escape(u) for u in _LEVEL_UNITS + _COUNT_UNITS)
_ENDS_WITH_FIGURE = re.compile(_NUMBER + _YU + "(?:" + _ALL_UNITS + ")" + _POST + r"\s*$")
_STARTS_WITH_COUNT = re.compile(r"^\s*" + _PRE + _NUMBER + _YU + _COUNT_UNIT)
# a part may end in "等年度目标任务" after its figure (工业投资200亿元等年度目标任务)
_TRAILER = re.compile(r"等(?:年度)?(?:主要)?(?:目标任务|目标|任务)\s*$")

_SENTENCE_END = re.compile(r"[。!?！？]")
_SEGMENT_SEP = re.compile(r"[;；]")
_CLAUSE_SEP = re.compile(r"[,，;；:：]")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、[^,，。;；:：]*)")

# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------
_COPULA = re.compile(r"(?:预期)?目标(?:是|为)|设定为|设为|定为|确定为|调整为|计划|力争|确保|争取|努力|预计"
                     r"|实现|完成|全年")
_LEAD = re.compile(
    r"^(?:(?:19|20)\d{2}年(?:年初|年底|度)?|今年|全年|全市|全区|全县|其中|并|建议|力争|确保|争取|努力|全力"
    r"|加快|推动|推进|实现|完成|达到|创建|打造|建设|建成|培育|引进|保持|进一步|解决|实施|围绕|持续"
    r"|预计|[^将,]{1,4}将)")
_TAIL = re.compile(
    r"(?:的?(?:主要)?(?:预期)?(?:增长|增速)?目标|增长|增速|增幅|涨幅|按可比价格?(?:计算)?|比上年|较上年"
    r"|比去年|同比|同口径|稳定在|保持在|控制在|达到|达|为|分别|实现)$")


def _clean_name(text: str) -> str:
    """The indicator's name in a clause's head: cut at the copula, drop leading and trailing words."""
    name = re.sub(r"\s+", "", text)
    marks = list(_COPULA.finditer(name))
    if marks:
        after = name[marks[-1].end():]
        name = after if after else name[:marks[-1].start()]
    for pattern in (_LEAD, _TAIL, _LEAD, _TAIL):
        while m := pattern.search(name):
            name = name[:m.start()] + name[m.end():]
    return name


# --------------------------------------------------------------------------------------------
# Parts of a report
# --------------------------------------------------------------------------------------------
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
# multi-year wording: not last year's figure
_MULTI_YEAR = re.compile(r"年均|累计|五年|十年|翻番|倍")

_TARGET_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年(?:是|的?目标任务|(?:经济社会发展的?)?主要(?:预期)?目标"
    r"|[^。;,，:：\n]{0,12}?(?:预期)?目标(?:是|为|设为|定为)|国民经济和社会发展计划(?:草案)?(?!执行)"
    r"|工作安排|[,，]?[^。,，;\n]{0,6}将)")
_REVIEW_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年[^。\n]{0,12}(?:回顾|执行情况)")
_DATE_LINE = re.compile(r"(?<!\d)((?:19|20)\d{2})年\d{1,2}月\d{1,2}日在")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


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


def _target_year(norm: str) -> int | None:
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
class _Piece:
    """A sentence piece (cut at ;) with its part, section and year."""

    start: int
    end: int
    part: str
    section: str | None
    main: bool  # in or after the main-targets sentence (主要预期目标) of its paragraph
    year: int | None  # an explicit year at its start
    sentence: int  # number of the sentence it belongs to


def _pieces(norm: NormalisedText, parse: str, year: int | None):
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
        for s_start, s_end in _spans(parse, _SENTENCE_END, start, end):
            sentence_no += 1
            sentence = parse[s_start:s_end]
            main = "主要预期目标" in sentence
            sentence_section = "主要预期目标" if main else section
            main_seen = main_seen or main
            for p_start, p_end in _spans(parse, _SEGMENT_SEP, s_start, s_end):
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
                yield _Piece(p_start, p_end, current, sentence_section, main_seen, piece_year,
                             sentence_no)
        if heading_part is None and line.strip():
            carried = current


def _spans(text: str, sep: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
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
    parse = _blank(norm.text)
    year = year if year is not None else _target_year(parse)
    rows = [(p.part, p.section, norm.source(p.start, p.end).strip())
            for p in _pieces(norm, parse, year)]
    return pl.DataFrame(rows, schema={"part": pl.String, "section": pl.String, "text": pl.String},
                        orient="row")


# --------------------------------------------------------------------------------------------
# Reading clauses
# --------------------------------------------------------------------------------------------
@dataclass
class _Found:
    """One target or figure read from one part of a clause."""

    kind: str
    name: str
    verb: str
    value: float | int | None
    value_high: float | int | None
    unit: str | None
    qualifier: str  # relative / qualitative / milestone / more_than (正增长), "" for a number
    words: list[str]
    strive: bool
    start: int  # the part's span in the text
    end: int
    piece: _Piece
    respectively: bool = False  # the part starts with 分别
    respectively_head: bool = False  # a name, then 分别 (城乡居民人均可支配收入分别达到7.95万元、…)
    bare: bool = False  # a number with nothing before it (20.9%)
    name_from: int | None = None  # start of the part the name came from
    notes: list[str] = field(default_factory=list)


def _read(norm: NormalisedText, parse: str, year: int | None) -> list[_Found]:
    """Every target-like statement of the text, in order, with its part."""
    found: list[_Found] = []
    quoted = _quoted_positions(parse)
    sentence_rows: list[_Found] = []
    sentence_no = -1
    for piece in _pieces(norm, parse, year):
        if piece.sentence != sentence_no:
            sentence_rows, sentence_no = [], piece.sentence
        for c_start, c_end in _spans(parse, _CLAUSE_SEP, piece.start, piece.end):
            clause_rows = list(_read_clause(parse, c_start, c_end, quoted, piece))
            _give_names(clause_rows, sentence_rows)
            for row in clause_rows:
                if row.name:
                    sentence_rows.append(row)
                    found.append(row)
    return found


def _quoted_positions(text: str) -> set[int]:
    """Positions inside “…”, 「…」 or 《…》 (slogans, names, plan titles)."""
    inside: set[int] = set()
    for m in re.finditer(r"“[^”\n]*”|「[^」\n]*」|《[^》\n]*》|\"[^\"\n]*\"", text):
        inside.update(range(m.start(), m.end()))
    return inside


def _read_clause(parse: str, start: int, end: int, quoted: set[int], piece: _Piece):
    """Cut a clause at the 、 that separate figures, then read each part."""
    parts, pos = [], start
    for m in re.finditer("、", parse[start:end]):
        cut = start + m.start()
        before, after = parse[pos:cut], parse[cut + 1:end]
        if _ENDS_WITH_FIGURE.search(before) or _STARTS_WITH_COUNT.match(after):
            parts.append((pos, cut))
            pos = cut + 1
    parts.append((pos, end))

    shared_verb, shared_strive, previous = "", False, None
    for a, b in parts:
        while a < b and parse[a].isspace():
            a += 1
        while b > a and parse[b - 1].isspace():
            b -= 1
        text = parse[a:b]
        shared_strive = shared_strive or "力争" in text
        for f in _read_part(text, a, quoted, piece, listed=bool(shared_verb)):
            if f.bare and previous is not None and previous.kind == "growth_rate" and f.unit == "%":
                f.kind, f.verb = "growth_rate", previous.verb  # 分别增长6.6%、20.9%
            if previous is not None and previous.respectively and f.bare:
                f.respectively = True
            shared_verb = f.verb or shared_verb
            f.verb = f.verb or shared_verb
            f.strive = f.strive or shared_strive
            previous = f
            yield f


def _give_names(rows: list[_Found], before: list[_Found]) -> None:
    """Names for parts that have none: 分别 pairs, listed names, or the figure just before."""
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.respectively and not row.name:
            run = [r for r in rows[i:] if r.respectively and not r.name]
            named = [r for r in before if r.name][-len(run):]
            if len(named) == len(run):
                for r, source in zip(run, named, strict=True):
                    r.name, r.name_from = source.name, source.start
            i += len(run)
            continue
        if row.respectively_head:
            run = [r for r in rows[i + 1:] if r.bare and not r.name]
            names = _split_respectively(row.name, len(run) + 1) if run else None
            if names:
                for r, name in zip([row, *run], names, strict=True):
                    r.name, r.name_from = name, row.start
                i += len(run) + 1
                continue
        if "、" in row.name and row.kind in ("level", "growth_rate"):
            items = row.name.split("、")
            run = [r for r in rows[i + 1:i + len(items)] if not r.name and r.bare]
            if len(run) == len(items) - 1:
                for r, name in zip([row, *run], items, strict=True):
                    r.name = name
                i += len(items)
                continue
        if not row.name:
            source = next((r for r in reversed(rows[:i]) if r.name), None) or (
                before[-1] if before else None)
            if source is not None:
                row.name, row.name_from = source.name, source.name_from or source.start
        i += 1


def _read_part(text: str, offset: int, quoted: set[int], piece: _Piece, *,
               listed: bool = False) -> list[_Found]:
    """Read one part of a clause against the patterns; [] when it states nothing."""
    strive = "力争" in text
    trailer = _TRAILER.search(text)
    body = text[:trailer.start()] if trailer else text

    def found(kind, name, *, verb="", value=None, value_high=None, unit=None, qualifier="",
              words=(), **extra) -> _Found:
        return _Found(kind, name, verb, value, value_high, unit, qualifier, list(words), strive,
                      offset, offset + len(text), piece, **extra)

    m = _PATTERNS["respectively"].fullmatch(body)
    if m and offset + m.start("lo") not in quoted:
        lo, lo2 = _number(m.group("lo")), _number(m.group("lo2"))
        if lo is not None and lo2 is not None:
            head = _clean_name(m.group("head"))
            if head.startswith("城乡"):
                names = ["城镇" + head[2:], "农村" + head[2:]]
            elif "、" in head:
                names = head.split("、", 1)
            else:
                names = [head, head]
            unit = m.group("unit")
            growth = unit == "%" and (m.group("verb") or "") == "增长"
            kind = "growth_rate" if growth else "level"
            verb = "增长" if growth else ""
            words1 = [w for w in (m.group("p1"),) if w]
            words2 = [w for w in (m.group("post"),) if w]
            return [found(kind, names[0], verb=verb, value=lo, unit=unit, words=words1),
                    found(kind, names[1], verb=verb, value=lo2, unit=unit, words=words2)]

    m = _PATTERNS["relative"].fullmatch(body)
    if m and re.search(r"增长|增幅|增速|经济|GDP|生产总值", m.group("other")):
        return [found("relative", _clean_name(m.group("noun")), qualifier="relative",
                      words=[m.group("word")])]

    m = _PATTERNS["positive"].fullmatch(body)
    if m:
        return [found("growth_rate", _clean_name(m.group("noun")), verb="增长", value=0, unit="%",
                      qualifier="more_than", words=[m.group("word")])]

    m = _PATTERNS["qualitative"].fullmatch(body)
    if m is None and piece.main:
        m = _PATTERNS["qualitative_noun"].fullmatch(body)
    if m:
        name = _clean_name(m.group("noun"))
        if name and len(name) <= 15:
            return [found("qualitative", name, qualifier="qualitative", words=[m.group("word")])]

    m = _PATTERNS["milestone"].fullmatch(body)
    if m and offset + m.start("noun") not in quoted:
        return [found("count", m.group("noun"), value=1, unit="个", qualifier="milestone",
                      words=["突破"])]

    names = ["growth", "level", "count_after", "count_before"]
    if listed:
        names.append("count_listed")
    for pattern in names:
        m = _PATTERNS[pattern].fullmatch(body)
        if m is None or offset + m.start("lo") in quoted:
            continue
        lo, hi = _number(m.group("lo")), _number(m.group("hi")) if m.group("hi") else None
        if lo is None or (m.group("hi") and hi is None):
            continue  # not a well-formed number (十四五, 二〇二三)
        if m.group("lo") == "一" and not m.group("hi"):
            continue  # 一个, 一批: an article, not a count
        if pattern in ("count_before", "count_listed") and not _is_count_noun(
                m.group("unit"), m.group("noun")):
            continue
        kind = {"growth": "growth_rate", "level": "level"}.get(pattern, "count")
        groups = m.groupdict()
        verb = groups.get("verb") or ""
        head = groups.get("head") or ""
        if pattern in ("count_before", "count_listed"):
            name = _clean_name(m.group("noun").rstrip("等"))
        else:
            name = _clean_name(head)
            if pattern != "growth":
                verb = verb or _leading_verb(head)
        respectively = "分别" in head
        bare = not name
        if respectively and name:
            respectively, extra_flags = False, {"respectively_head": True}
        else:
            extra_flags = {}
        words = [w for w in (groups.get("pre"), groups.get("yu"), groups.get("post")) if w]
        if (groups.get("mid") or "").startswith("控制在"):
            words.insert(0, "控制在")
        if pattern == "level" and m.group("unit") == "%" and _GROWTH_HEAD.search(head):
            kind, verb = "growth_rate", "增长"  # 经济增长预期目标6.5%-7%: a growth rate
        return [found(kind, name, verb=verb, value=lo, value_high=hi, unit=m.group("unit"),
                      words=words, respectively=respectively, bare=bare, **extra_flags)]
    return []


_GROWTH_HEAD = re.compile(r"(?:增长|增速|增幅|涨幅)(?:预期)?(?:目标)?(?:为|是|设为|定为)?\s*$")


def _split_respectively(name: str, count: int) -> list[str] | None:
    """The names a 分别 stands for: 城乡… → 城镇…, 农村…; A、B → A, B."""
    if count == 2 and "城乡" in name:
        return [name.replace("城乡", "城镇", 1), name.replace("城乡", "农村", 1)]
    items = name.split("、")
    return items if len(items) == count else None


def _is_count_noun(unit: str, noun: str) -> bool:
    """False when the count word and what follows are really a word (项目) or a place name."""
    if len(noun) < 2 or unit + noun[0] in _NOT_A_COUNT:
        return False
    return not (noun[0] in _PLACE_SUFFIX and noun[1:2] != "级")


def _number(text: str) -> int | float | None:
    """An Arabic or Chinese number; None when the Chinese is not a number (十四五)."""
    if text[0].isdigit():
        return float(text) if "." in text else int(text)
    total, digit, last_was_digit = 0, None, False
    for ch in text:
        if ch in _CN_DIGITS:
            if last_was_digit:
                return None  # two digits in a row: a sequence (二〇二三, 十四五), not a number
            digit, last_was_digit = _CN_DIGITS[ch], True
        else:
            total += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit, last_was_digit = None, False
    return total + (digit or 0)


def _leading_verb(head: str) -> str:
    for verb in _COUNT_VERBS:
        if verb in head:
            return verb
    return ""


def _qualify(f: _Found) -> tuple[str, str | None]:
    """The qualifier and its Chinese words (';'-joined): an upper limit first, then the first
    bound word, then 力争."""
    words = ["力争"] if f.strive else []
    if f.qualifier:  # relative, qualitative, milestone, 正增长
        return f.qualifier, ";".join(words + f.words) if f.qualifier == "milestone" else (
            ";".join(f.words) or None)
    bounds = [w for w in f.words if w in _BOUNDS]
    words += bounds
    codes = [_BOUNDS[w] for w in bounds]
    if "at_most" in codes:
        qualifier = "at_most"
    elif codes:
        qualifier = codes[0]
    else:
        qualifier = "strive" if f.strive else "exact"
    return qualifier, ";".join(words) or None


# --------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Indicator:
    id: str
    name_zh: str
    name_en: str | None
    unit: str | None
    kinds: tuple[str, ...]
    count_measure: str
    names: frozenset[str]
    pattern: re.Pattern[str] | None


def _catalogue(data: str | os.PathLike[str] | None) -> list[_Indicator]:
    out = []
    for row in load_indicators(data).iter_rows(named=True):
        names = {row["name_zh"], *(a for a in (row["aliases"] or "").split("|") if a)}
        out.append(_Indicator(
            row["id"], row["name_zh"], row["name_en"], row["unit"],
            tuple(k for k in (row["target_kinds"] or "").split("|") if k),
            row["count_measure"] or "", frozenset(names),
            re.compile(row["extract_pattern"]) if row["extract_pattern"] else None))
    return out


def _match(name: str, catalogue: list[_Indicator]) -> _Indicator | None:
    """The catalogue indicator a name stands for (see the module's notes), or None."""
    found = _match_name(name, catalogue)
    place = _PLACE.match(name)
    if found is None and place and place.end() < len(name):
        found = _match_name(name[place.end():], catalogue)  # 通辽市地区生产总值, 苏州城乡…
    return found


# a place name before an indicator's name: 苏州, 通辽市, 吴中区
_PLACE = re.compile(r"^(?:苏州|昆山|太仓|常熟|张家港|吴中|吴江|相城|[\u4e00-\u9fff]{1,4}?[市区县])(?!生产)")


def _match_name(name: str, catalogue: list[_Indicator]) -> _Indicator | None:
    for ind in catalogue:
        if name in ind.names:
            return ind
    best, best_len = None, 0
    for ind in catalogue:
        m = ind.pattern.search(name) if ind.pattern else None
        if m and len(m.group()) > best_len:
            best, best_len = ind, len(m.group())
    if best is not None:
        return best
    by_id = {ind.id: ind for ind in catalogue}
    for ind_id, pattern in PROSE_ALIASES:
        if ind_id in by_id and re.fullmatch(pattern, name):
            return by_id[ind_id]
    return None


_ID_SUFFIX = {"growth_rate": "_growth", "relative": "_growth", "level": "_level", "count": "_count",
              "qualitative": "_quality"}


# --------------------------------------------------------------------------------------------
# Rows and frames
# --------------------------------------------------------------------------------------------
def _target_row(f: _Found, number: int, year: int | None, catalogue: list[_Indicator],
                norm: NormalisedText) -> dict[str, object]:
    review: list[str] = []
    ind = _match(f.name, catalogue)
    milestone = next(((i, zh, en) for pattern, i, zh, en in MILESTONE_INDICATORS
                      if f.qualifier == "milestone" and re.fullmatch(pattern, f.name)), None)
    if milestone is not None:
        target_id = indicator = milestone[0]
        name_zh, name_en, measure = milestone[1], milestone[2], "count_new"
    elif ind is not None:
        indicator = ind.id
        target_id = ind.id if len(ind.kinds) <= 1 else ind.id + _ID_SUFFIX[f.kind]
        name_zh, name_en = ind.name_zh, ind.name_en
        measure = _measure(f, ind.count_measure)
        if ind.kinds and f.kind not in ind.kinds:
            review.append(f"目录中该指标没有此类目标({f.kind})")
        if f.kind == "level" and ind.unit and f.unit != ind.unit:
            review.append(f"单位与目录不同(目录为{ind.unit})")
    else:
        target_id = indicator = f"target_{number:02d}"
        name_zh, name_en = f.name, None
        measure = _measure(f, "")
        review.append("指标不在目录中,请核对名称")
    qualifier, qualifier_zh = _qualify(f)
    return {
        "id": target_id, "year": year, "indicator": indicator, "measure": measure,
        "indicator_zh": name_zh, "indicator_en": name_en, "kind": f.kind,
        "value": f.value, "value_high": f.value_high, "unit": f.unit,
        "qualifier": qualifier, "qualifier_zh": qualifier_zh, "strive": f.strive,
        "section": f.piece.section, "phrase": norm.source(f.start, f.end),
        "part": f.piece.part, "review": ";".join(review) or None,
    }


def _measure(f: _Found, count_measure: str) -> str:
    if f.kind == "growth_rate":
        return _GROWTH_VERBS.get(f.verb, "growth_pct")
    if f.kind == "relative":
        return "growth_pct"
    if f.kind == "count":
        return count_measure or ("count_total" if f.verb in _STOCK_VERBS else "count_new")
    return f.kind  # level, qualitative


def _number_dtype(values: list[object]) -> type[pl.DataType]:
    """Int64 when every number is whole (as read_csv would infer), else Float64."""
    return pl.Float64 if any(isinstance(v, float) for v in values) else pl.Int64


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    schema: dict[str, type[pl.DataType]] = {c: pl.String for c in DRAFT_COLUMNS}
    schema["year"] = pl.Int64
    schema["strive"] = pl.Boolean
    for col in ("value", "value_high"):
        schema[col] = _number_dtype([r[col] for r in rows])
        if schema[col] is pl.Float64:
            for r in rows:
                r[col] = None if r[col] is None else float(r[col])  # type: ignore[arg-type]
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _parse(text: str, year: int | None) -> tuple[NormalisedText, str, int | None, list[_Found]]:
    norm = normalise_report(text)
    parse = _blank(norm.text)
    if year is None:
        year = _target_year(parse)
    return norm, parse, year, _read(norm, parse, year)


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------
def extract_targets(
    text: str,
    *,
    year: int | None = None,
    parts: tuple[str, ...] = ("targets",),
    data: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Read the targets of a work report into a draft registry.

    Parameters
    ----------
    text
        The report, its target part or a press text about it, as pasted (see the module's notes).
    year
        The year the targets are for. When omitted it is read from the text (``2023年是…``,
        ``2023年目标任务…``, ``…2022年国民经济和社会发展计划草案``; else the year of a review heading
        plus one); if the text does not say, it is null.
    parts
        The parts to read targets from (:data:`PARTS`); by default only the target part.
    data
        Data folder whose ``indicators.csv`` names the indicators (default: the shipped one).

    Returns
    -------
    polars.DataFrame
        The columns of ``data/targets/<year>.csv`` plus ``part`` and ``review``
        (:data:`DRAFT_COLUMNS`), one row per target in the order the report states them.

    Examples
    --------
    >>> text = "一、突出经济提质。力争完成全社会固定资产投资520亿元、工业投资200亿元。"
    >>> df = extract_targets(text, year=2023)
    >>> df.select("id", "value", "qualifier", "strive").rows()
    [('fai_level', 520, 'strive', True), ('industrial_investment_level', 200, 'strive', True)]
    >>> df["phrase"].to_list()
    ['力争完成全社会固定资产投资520亿元', '工业投资200亿元']
    >>> extract_targets("昆山將經濟增長目標設為6%以上").select("id", "value", "qualifier").row(0)
    ('gdp_growth', 6, 'at_least')
    >>> extract_targets("城镇调查失业率控制在5.5%以内").select("kind", "unit", "qualifier", "review").row(0)
    ('level', '%', 'at_most', '指标不在目录中,请核对名称')
    >>> extract_targets("加快建设七十二家村,举办对德合作30周年活动。").height
    0
    """
    norm, _parse_text, year, found = _parse(text, year)
    catalogue = _catalogue(data)
    chosen = [f for f in found if f.piece.part in parts]
    rows: list[dict[str, object]] = []
    seen: set[tuple[object, ...]] = set()
    for f in chosen:
        row = _target_row(f, len(rows) + 1, year, catalogue, norm)
        key = (row["indicator"] if not str(row["indicator"]).startswith("target_")
               else row["indicator_zh"], row["kind"], row["value"], row["value_high"], row["unit"],
               row["qualifier"])
        if key in seen:
            continue  # the report restating a target
        seen.add(key)
        rows.append(row)
    _unique_ids(rows)
    return _frame(rows)


def _unique_ids(rows: list[dict[str, object]]) -> None:
    """Unknown indicators are numbered by row; a known one stated twice gets ``_2``, ``_3`` …"""
    seen: dict[object, int] = {}
    for number, row in enumerate(rows, start=1):
        if str(row["id"]).startswith("target_"):
            row["id"] = row["indicator"] = f"target_{number:02d}"
            continue
        seen[row["id"]] = seen.get(row["id"], 0) + 1
        if seen[row["id"]] > 1:
            row["id"] = f"{row['id']}_{seen[row['id']]}"
            note = "同一指标在文中出现多次,请核对"
            row["review"] = f"{row['review']};{note}" if row["review"] else note


def extract_figures(
    text: str,
    *,
    year: int | None = None,
    source_url: str | None = None,
    source_title: str | None = None,
    region: str | None = None,
    data: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Draft last year's figures from the review part of a work report.

    Only indicators of the catalogue are drafted (counts only under the catalogue's own names), only
    statements of one year (not 年均, 累计, 五年 …) and not last year's *targets* (a piece that says
    目标). Every row is ``preliminary`` (a work report gives 预计数) and keeps its quote.

    Parameters
    ----------
    text
        The report (or press text) as pasted.
    year
        The year the report's *targets* are for (the figures are for the year before, unless a
        sentence names its year). Read from the text when omitted.
    source_url, source_title
        The report's address and title, copied into every row (fill them in before saving).
    region
        The place the figures are of; default the package's home region (太仓市).
    data
        Data folder whose ``indicators.csv`` names the indicators.

    Returns
    -------
    polars.DataFrame
        The layout of ``data/figures.csv`` (:data:`~taicang_analysis.sources.published.FIGURE_SCHEMA`):
        indicator, period (the year), measure ``level`` / ``growth_pct`` / a count measure, value,
        unit, bound (``approximate`` for 左右, ``lower`` for 以上 / 超 / 突破), release
        ``preliminary``, the quote.

    Examples
    --------
    >>> text = "2022年政府工作回顾\\n全年实现地区生产总值1410亿元(预计数,下同),增长6%。"
    >>> extract_figures(text, year=2023).select("indicator", "period", "measure", "value", "unit").rows()
    [('gdp', '2022', 'level', 1410.0, '亿元'), ('gdp', '2022', 'growth_pct', 6.0, '%')]
    >>> extract_figures(text, year=2023)["quote"].to_list()[1]
    '全年实现地区生产总值1410亿元(预计数,下同),增长6%'
    """
    from taicang_analysis.sources import published as fig

    norm, parse, year, found = _parse(text, year)
    catalogue = _catalogue(data)
    release = "release" if "release" in fig.FIGURE_SCHEMA else "status"
    rows: list[dict[str, object]] = []
    seen: set[tuple[object, ...]] = set()
    for f in found:
        if f.piece.part != "review" or f.kind not in ("growth_rate", "level", "count"):
            continue
        if f.qualifier == "milestone":
            continue
        quote_start = f.name_from if f.name_from is not None else f.start
        quote = norm.source(quote_start, f.end)
        if _MULTI_YEAR.search(parse[f.start:f.end]) or "目标" in parse[f.piece.start:f.piece.end]:
            continue  # several years, or last year's target rather than its outturn
        ind = _match(f.name, catalogue)
        if ind is None or (f.kind == "count" and f.name not in ind.names):
            continue  # counts only under the catalogue's own names (省级示范智能车间 is not all)
        figure_year = f.piece.year if f.piece.year is not None and (
            year is None or f.piece.year < year) else (year - 1 if year is not None else None)
        value = float(f.value) if f.value is not None else None
        measure = _measure(f, ind.count_measure)
        if measure == "decline_pct" and value is not None:
            measure, value = "growth_pct", -value
        notes = ["工作报告回顾部分草稿,待核 (draft from the report's review part)"]
        if f.kind == "level" and ind.unit and f.unit != ind.unit:
            notes.append(f"单位与目录不同(目录为{ind.unit})")
        key = (ind.id, measure, figure_year, value)
        if key in seen:
            continue
        seen.add(key)
        row = {
            "figure_id": f"draft-{len(rows) + 1:02d}",
            "region": region if region is not None else getattr(fig, "DEFAULT_REGION", None),
            "indicator": ind.id, "indicator_zh": ind.name_zh,
            "period": str(figure_year) if figure_year is not None else None,
            "period_type": "year", "year": figure_year,
            "month": MONTHS_PER_YEAR if figure_year is not None else None,
            "measure": measure, "value": value, "unit": f.unit, "bound": _bound(f.words),
            release: "preliminary", "reliability": "standard",
            "source_url": source_url, "source_title": source_title,
            "quote": quote, "notes": "; ".join(notes),
        }
        rows.append({c: row.get(c) for c in fig.FIGURE_SCHEMA})
    return pl.DataFrame(rows, schema=fig.FIGURE_SCHEMA, orient="row") if rows else pl.DataFrame(
        schema=fig.FIGURE_SCHEMA)


def _bound(words: list[str]) -> str:
    """A figure's bound from the words around it: 左右 / 约 / 近 approximate, 以上 / 超 / 突破 lower."""
    if any(w in ("左右", "约", "近") for w in words):
        return "approximate"
    if any(w in ("以上", "超", "超过", "突破", "余", "多") for w in words):
        return "lower"
    return "exact"


def _read_text(path: Path) -> str:
    """A report's text file (UTF-8, a byte-order mark allowed); a clear error otherwise."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(path, problem="文件不是UTF-8编码的文本 (not a UTF-8 text file)",
                            expected="the report's text saved as UTF-8 (另存为 UTF-8)",
                            value=f"byte {exc.start}") from None


def _year_of_file(path: Path, text: str) -> int | None:
    if _target_year(_blank(normalise_report(text).text)) is not None:
        return None  # the text says
    match = _YEAR_IN_NAME.search(path.name)
    return int(match.group(1)) if match else None


def extract_file(path: str | os.PathLike[str], *, year: int | None = None) -> pl.DataFrame:
    """:func:`extract_targets` on a UTF-8 text file (a byte-order mark is allowed).

    Parameters
    ----------
    path
        The report text.
    year
        The targets' year; by default read from the text, else from a year in the file name
        (``gwr_2023_excerpt.txt``).

    Returns
    -------
    polars.DataFrame
        The draft registry.

    Raises
    ------
    DataFileError
        The file is not UTF-8 text.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> df = extract_file(SHIPPED_DATA_DIR / "raw" / "gwr_2023_excerpt.txt")
    >>> df.height, df["year"].unique().to_list()
    (20, [2023])
    """
    path = Path(path)
    text = _read_text(path)
    return extract_targets(text, year=year if year is not None else _year_of_file(path, text))


def write_registry(frame: pl.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a registry (or draft figures) as CSV, UTF-8 with a byte-order mark for Excel.

    Parameters
    ----------
    frame
        A registry, e.g. from :func:`extract_targets`.
    path
        Where to write; parent folders are created.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "draft.csv"
    >>> _ = write_registry(extract_targets("新增产业基金5支。", year=2023), out)
    >>> out.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    >>> pl.read_csv(out)["id"].to_list()
    ['industrial_funds']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path, include_bom=True)
    return path


def extract_to_csv(
    path_in: str | os.PathLike[str],
    path_out: str | os.PathLike[str] | None = None,
    *,
    year: int | None = None,
) -> Path:
    """Read a report text file and write its draft registry as CSV (UTF-8 with BOM).

    Parameters
    ----------
    path_in
        The report text (UTF-8).
    path_out
        Where to write. Default: beside the input, ``<name>.targets.csv``.
    year
        The targets' year; by default read as in :func:`extract_file`.

    Returns
    -------
    pathlib.Path
        The CSV written.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> src = folder / "gwr_2024.txt"
    >>> _ = src.write_text("主要预期目标是:地区生产总值增长５％左右。", encoding="utf-8")
    >>> out = extract_to_csv(src)
    >>> out.name
    'gwr_2024.targets.csv'
    >>> pl.read_csv(out).select("id", "year", "value", "unit", "qualifier").row(0)
    ('gdp_growth', 2024, 5, '%', 'about')
    """
    path_in = Path(path_in)
    frame = extract_file(path_in, year=year)
    out = Path(path_out) if path_out is not None else path_in.with_suffix(".targets.csv")
    return write_registry(frame, out)


def figures_to_csv(
    path_in: str | os.PathLike[str],
    path_out: str | os.PathLike[str] | None = None,
    *,
    year: int | None = None,
    source_url: str | None = None,
    source_title: str | None = None,
) -> Path:
    """Read a report text file and write last year's draft figures as CSV (UTF-8 with BOM).

    Parameters
    ----------
    path_in
        The report text (UTF-8).
    path_out
        Where to write. Default: beside the input, ``<name>.figures.csv``.
    year
        The year of the report's targets (figures are for the year before); by default read as
        in :func:`extract_file`.
    source_url, source_title
        Copied into every row.

    Returns
    -------
    pathlib.Path
        The CSV written.

    Examples
    --------
    >>> import tempfile
    >>> src = Path(tempfile.mkdtemp()) / "gwr_2024.txt"
    >>> _ = src.write_text("2023年工作回顾\\n完成一般公共预算收入180亿元。", encoding="utf-8")
    >>> pl.read_csv(figures_to_csv(src)).select("indicator", "period", "value").row(0)
    ('budget_revenue', 2023, 180.0)
    """
    path_in = Path(path_in)
    text = _read_text(path_in)
    frame = extract_figures(text, year=year if year is not None else _year_of_file(path_in, text),
                            source_url=source_url, source_title=source_title)
    out = Path(path_out) if path_out is not None else path_in.with_suffix(".figures.csv")
    return write_registry(frame, out)

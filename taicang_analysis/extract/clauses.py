"""Sentences, clauses and the patterns that state a target; names and qualifier words.

Clauses are cut at ``,;:``; a clause is cut further at ``、`` only where a figure has just ended
(``投资520亿元、工业投资200亿元``) or a count begins (``打造3个A、5个B``).

**Patterns**, whole-part matches only, in this order: ``分别`` pairs (``城乡居民人均可支配收入分别增长
6.1%以上和6.5%以上`` → 城镇…, 农村…), relative goals (``与/和经济增长基本同步``), ``保持正增长``
(growth above 0), qualitative goals (``实现进出口总额稳中提质``; in the main-targets sentence also
``国际收支保持基本平衡``), milestones (``力争实现百亿项目突破``: a count target of one, qualifier
``milestone``), growth rates (``增长5%左右``, ``涨幅控制在3%左右``, ``经济增长目标设为6%以上``,
``下降/降低`` → ``decline_pct``), levels (``投资520亿元``, ``失业率5.5%左右``), counts with the number
after the noun (``新增产业基金5支``) or before it (``打造3~5个标杆项目``).

**Names** stop at the clause's copula or verb: ``主要预期目标是地区生产总值`` (or ``目标——地区…``) → 地区生产总值,
``一般公共预算收入计划`` → 一般公共预算收入, ``昆山将经济增长目标设为`` → 经济; leading words (力争,
完成, 其中, 今年, 全市, a year …) and trailing ones (目标, 增长, 实际, 按可比价, 比上年 …) are dropped. A part
without a name of its own takes the name of the figure before it in the same sentence
(``规上工业产值2300亿元、增长10%以上``); ``分别`` gives the names of the figures before it in order
(``投资590亿元、其中工业投资257亿元,分别增长6.6%、20.9%``). A name in a list ``A、B`` may leave out
the words it shares with the last (``城镇居民、农村居民人均可支配收入`` → 城镇居民人均可支配收入, …).

**Qualifiers** from the words around the number: 左右 ``about``; 以上, 不低于, 不少于, 至少
``at_least``; 超, 超过, 余, 多 ``more_than``; 突破 ``exceed``; 以内, 不超过, 不高于, 控制在 ``at_most``
(an upper limit wins over 左右); else 力争 ``strive``, else ``exact``. ``qualifier_zh`` keeps the
words (``力争;超``). 力争 is a word of its own: the 力争 inside 努力争取 (``在实际工作中努力争取更好结果``)
governs nothing.

**Shared figures**: two names joined by 和/及/与/、 that end in the same words before one figure
(``城镇调查失业率和登记失业率稳定在4.3%左右``) give a target each; names with nothing in common at
the end (``单位生产总值能耗、主要污染物排放量进一步下降``) stay one goal. A clause is cut at a 、 after
a goal word too (``进出口实现正增长、实际使用外资稳中提质``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from taicang_analysis.extract.normalise import NormalisedText
from taicang_analysis.extract.parts import Piece, pieces, spans
from taicang_analysis.extract.periods import figure_part

__all__ = ["Found", "abbreviations", "bound", "measure_of", "qualify", "read_clauses"]

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
# Numbers, units and qualifier words are read with any spaces between them (增长 5% 以上, 120 万人)
_PRE = r"(?:(?P<pre>突破|超过|超|不低于|不少于|至少|不超过|不高于|控制在|稳定在|保持在|达到|达|迈上|跨上|站上)\s*)?"
_YU = r"\s*(?P<yu>余|多)?"
_POST = r"\s*(?P<post>左右|以上|以内)?"

_LEVEL_UNITS = ("万亿美元", "亿美元", "万美元", "万亿元", "万亿斤", "亿斤", "万人次", "万平方米",
                "平方公里", "万标箱", "亿元", "万元", "万吨", "万亩", "万人", "平方米", "公里", "标箱",
                "元", "吨", "亩", "%")
_COUNT_UNITS = ("家", "个", "支", "项", "所", "座", "条", "名", "户", "场", "处", "款", "件",
                "台", "套", "位", "人")
_LEVEL_UNIT = r"\s*(?P<unit>" + "|".join(re.escape(u) for u in _LEVEL_UNITS) + ")"
_COUNT_UNIT = r"\s*(?P<unit>" + "|".join(_COUNT_UNITS) + ")"
# a level reached, after a verb of reaching: 迈上400亿元台阶, 突破1000亿元大关
_LANDMARK = r"(?(pre)(?:新?台阶|大关|关口)?)"

# A count word followed by one of these characters is part of another word (支持, 家庭, ...).
_NOT_A_COUNT = ("支持", "支撑", "支付", "家庭", "家居", "家园", "家乡", "条件", "名单",
                "名片", "名牌", "件事", "场景", "场所", "处理", "户籍", "台账", "套餐", "位置")
# A count word followed by one of these makes a place name (七十二家村), unless 级 follows.
_PLACE_SUFFIX = "村镇路街巷弄桥湾"

# Verbs that introduce a count written number-first (打造3~5个…, 加快建设…等180余个…).
_COUNT_VERBS = ("新引进", "新培育", "新认定", "新开工", "新增", "新建", "引进", "招引", "引育",
                "建成", "建设", "创建", "打造", "培育", "争创", "认定", "实施", "推进", "开工",
                "落地", "组建", "设立", "改造", "完成", "创造")
# Counts of things being built or carried out are stocks (count_total); others are new.
_STOCK_VERBS = ("建设", "推进", "实施")

_GROWTH_VERBS = {"增长": "growth_pct", "增速": "growth_pct", "增幅": "growth_pct",
                 "涨幅": "growth_pct", "上涨": "growth_pct", "下降": "decline_pct", "降低": "decline_pct"}
#: names whose percentages are always growth rates, whatever the verb (a price index: 居民消费价格
#: 3%左右 is a rise of 3%, never a level of 3%)
_GROWTH_NAMES = re.compile(r"价格|CPI")
#: a direction without a number: continuing (继续, 进一步, 持续) and a verb (下降, 改善 …)
_GOING_ON = tuple(a + v for a in ("继续", "进一步", "持续")
                  for v in ("下降", "降低", "减少", "改善", "提高", "提升", "增长"))
_QUALITATIVE_WORDS = ("稳中提质", "稳中有进", "稳中有升", "稳中向好", "量质齐升", "稳步增长",
                      "稳定增长", "平稳增长", "稳步提升", "保稳提质", "促稳提质", "量稳质升",
                      "基本平衡", "回稳向好", "稳定改善", "保持稳定", "基本稳定", "相对稳定",
                      *_GOING_ON)
_QUALITATIVE = "(?P<word>" + "|".join(_QUALITATIVE_WORDS) + ")"
#: the effort word 力争, not the 力争 inside 努力争取 (努力 + 争取: 努力争取更好结果)
_STRIVE = re.compile(r"(?<!努)力争")

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
    # a growth faster than another: GDP增速高于全市平均水平 / 农村居民收入增速快于城镇居民
    "relative_faster": re.compile(r"(?P<noun>.+?(?:增速|增长|增幅))(?P<word>高于|快于)(?P<other>.+)"),
    # 一般公共预算收入保持正增长
    "positive": re.compile(r"(?P<noun>.+?)(?:保持|实现)(?P<word>正增长)"),
    # 实现进出口总额稳中提质
    "qualitative": re.compile(r"(?P<head>.*?(?:实现|保持|确保))(?P<noun>.+?)" + _QUALITATIVE),
    # (main-targets list only) 国际收支保持基本平衡 / 全社会固定资产投资稳中有进 / 能耗继续下降且…
    "qualitative_noun": re.compile(r"(?P<noun>[^\d%]+?)(?:保持|实现)?" + _QUALITATIVE + r"(?:[且并].*)?"),
    # 力争实现百亿项目突破 / 争取在百亿级重大项目上实现突破
    "milestone": re.compile(
        r"(?P<head>.*?)(?P<noun>(?:[百千]|[一二三四五六七八九十]+|\d+)亿(?:元)?级?(?:以上)?"
        r"[\u4e00-\u9fff]{0,6}?(?:项目|企业))上?(?:招引上)?(?:实现|取得)?了?(?:新的?|历史性|重大)?"
        r"(?P<word>突破)"),
    # 地区生产总值增长5%左右 / 涨幅控制在3%左右 / 经济增长目标设为6%以上 / 能耗降低2.5%左右
    "growth": re.compile(
        r"(?P<head>.*?)(?P<verb>" + "|".join(_GROWTH_VERBS) + r")\s*"
        r"(?P<mid>(?:预期)?目标(?:设定为|设为|定为|为|是)(?:增长)?|为|是)?\s*"
        + _PRE + _NUMBER + r"\s*(?P<unit>%)" + _POST),
    # 力争完成全社会固定资产投资520亿元 / 推动集装箱吞吐量突破900万标箱 / 失业率5.5%左右
    "level": re.compile(r"(?P<head>.*?)" + _PRE + _NUMBER + _YU + _LEVEL_UNIT + _POST + _LANDMARK),
    # 新增产业基金5支 / 新引进德企50家以上 / 力争新增上市企业2~3家
    "count_after": re.compile(r"(?P<head>.*?)" + _PRE + _NUMBER + _YU + _COUNT_UNIT + _POST),
    # 打造3~5个数字化转型标杆项目 / 加快建设博马科技、联电新能源等180余个市级重点项目
    "count_before": re.compile(
        r"(?P<head>.*?)(?P<verb>" + "|".join(_COUNT_VERBS) + r")(?P<mid>[^,，;；。]*?等)?\s*"
        + _PRE + _NUMBER + _YU + _COUNT_UNIT + _POST + r"\s*(?P<noun>.{2,})"),
    # the second of two counts sharing a verb: 打造3个A、5个B (only after a 、 cut)
    "count_listed": re.compile(_PRE + _NUMBER + _YU + _COUNT_UNIT + _POST + r"\s*(?P<noun>.{2,})"),
}
_ALL_UNITS = "|".join(re.escape(u) for u in _LEVEL_UNITS + _COUNT_UNITS)
_ENDS_WITH_FIGURE = re.compile(_NUMBER + _YU + "(?:" + _ALL_UNITS + ")" + _POST + r"\s*$")
_ENDS_WITH_GOAL = re.compile("(?:正增长|" + "|".join(_QUALITATIVE_WORDS) + r")\s*$")
_STARTS_WITH_COUNT = re.compile(r"^\s*" + _PRE + _NUMBER + _YU + _COUNT_UNIT)
# a part may end in "等年度目标任务" after its figure (工业投资200亿元等年度目标任务)
_TRAILER = re.compile(r"等(?:年度)?(?:主要)?(?:目标任务|目标|任务)\s*$")

_CLAUSE_SEP = re.compile(r"[,，;；:：]")
# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------
_COPULA = re.compile(r"(?:预期)?目标(?:是|为|——|—)|设定为|设为|定为|确定为|调整为|计划|力争|确保|争取|努力|预计"
                     r"|实现|完成|全年")
_LEAD = re.compile(
    r"^(?:(?:19|20)\d{2}年(?:年初|年底|度)?|今年|全年|全市|全区|全县|全省|全国|其中|并|建议|力争|确保|争取"
    r"|努力|全力|加快|推动|推进|实现|完成|达到|创建|打造|建设|建成|培育|引进|引育|招引|争创|组建|设立|创造"
    r"|保持|进一步|解决|实施|围绕|持续|继续|预计|预期|比上年|较上年|比去年|较去年|同比|[^将,]{1,4}将)")
_TAIL = re.compile(
    r"(?:的?(?:主要)?(?:预期)?(?:增长|增速)?目标|增长|增速|增幅|涨幅|按可比价格?(?:计算)?|比上年|较上年"
    r"|比去年|同比|同口径|实际|名义|稳定在|(?:继续)?保持(?:在)?|控制在|达到|达|为|分别|实现|预期|增加|减少)$")


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


_ABBREVIATION = re.compile(r"([\u4e00-\u9fff]{2,24})\(([A-Z]{2,6})\)")


def abbreviations(text: str) -> dict[str, str]:
    """The abbreviations a text defines for itself: ``居民消费价格(CPI)`` makes a later ``CPI`` mean
    居民消费价格 (the first definition wins).

    Examples
    --------
    >>> abbreviations("主要预期目标是:国内生产总值(GDP)增长5%左右、居民消费价格(CPI)涨幅2%左右")
    {'GDP': '国内生产总值', 'CPI': '居民消费价格'}
    """
    out: dict[str, str] = {}
    for m in _ABBREVIATION.finditer(text):
        name = _clean_name(m.group(1))
        if name:
            out.setdefault(m.group(2), name)
    return out


# --------------------------------------------------------------------------------------------
# Reading clauses
# --------------------------------------------------------------------------------------------
@dataclass
class Found:
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
    piece: Piece
    respectively: bool = False  # the part starts with 分别
    respectively_head: bool = False  # a name, then 分别 (城乡居民人均可支配收入分别达到7.95万元、…)
    bare: bool = False  # a number with nothing before it (20.9%)
    name_from: int | None = None  # start of the part the name came from
    notes: list[str] = field(default_factory=list)
    part: str = ""  # the figure's own part: its piece's, or plan (several years, an arrangement)


def read_clauses(norm: NormalisedText, parse: str, year: int | None) -> list[Found]:
    """Every target-like statement of the text, in order, with its part.

    力争 governs the figures after it in the same sentence (力争实现A突破1600亿元;B达到750亿元),
    except where a clause says 确保 (a floor, not an effort).
    """
    found: list[Found] = []
    quoted = _quoted_positions(parse)
    defined = abbreviations(norm.text)
    sentence_rows: list[Found] = []
    sentence_no, strive = -1, False
    for piece in pieces(norm, parse, year):
        if piece.sentence != sentence_no:
            sentence_rows, sentence_no, strive = [], piece.sentence, False
        for c_start, c_end in spans(parse, _CLAUSE_SEP, piece.start, piece.end):
            clause = parse[c_start:c_end]
            clause_rows = list(_read_clause(parse, c_start, c_end, quoted, piece))
            _give_names(clause_rows, sentence_rows)
            clause_rows = _split_shared(clause_rows)
            for row in clause_rows:
                row.name = defined.get(row.name, row.name)
                row.strive = row.strive or (strive and "确保" not in clause)
                # a figure that takes its name from the one before shares its clause's period
                since = row.start if row.name_from is None else min(row.start, row.name_from)
                row.part = figure_part(parse[since:row.end], piece.part)
                if row.name:
                    sentence_rows.append(row)
                    found.append(row)
            strive = strive or bool(_STRIVE.search(clause))
    return found


def _quoted_positions(text: str) -> set[int]:
    """Positions inside “…”, 「…」 or 《…》 (slogans, names, plan titles)."""
    inside: set[int] = set()
    for m in re.finditer(r"“[^”\n]*”|「[^」\n]*」|《[^》\n]*》|\"[^\"\n]*\"", text):
        inside.update(range(m.start(), m.end()))
    return inside


def _read_clause(parse: str, start: int, end: int, quoted: set[int], piece: Piece):
    """Cut a clause at the 、 that separate figures, then read each part."""
    parts, pos = [], start
    for m in re.finditer("、", parse[start:end]):
        cut = start + m.start()
        before, after = parse[pos:cut], parse[cut + 1:end]
        if (_ENDS_WITH_FIGURE.search(before) or _ENDS_WITH_GOAL.search(before)
                or _STARTS_WITH_COUNT.match(after)):
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
        shared_strive = shared_strive or bool(_STRIVE.search(text))
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


def _give_names(rows: list[Found], before: list[Found]) -> None:
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
                    # a word after the last figure only bounds them all: 分别增长7%、8%左右
                    r.words = r.words or list(run[-1].words)
                i += len(run) + 1
                continue
        if "、" in row.name and row.kind in ("level", "growth_rate"):
            items = _listed_names(row.name)
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


#: the words that join two names sharing one figure (城镇调查失业率和登记失业率稳定在4.3%左右)
_JOINED = re.compile(r"和|及|与|、")


def _split_shared(rows: list[Found]) -> list[Found]:
    """A figure of two names joined by 和/及/与/、 that end in the same words (the same measure:
    ``城镇调查失业率和登记失业率稳定在4.3%左右``) is a figure of each; names that share nothing at
    the end (``单位生产总值能耗、主要污染物排放``) stay one goal."""
    out = []
    for row in rows:
        names = _JOINED.split(row.name)
        if row.kind in ("level", "growth_rate") and len(names) == 2 and _shared_end(*names) >= 2:
            out += [replace(row, name=names[0]), replace(row, name=names[1], words=list(row.words))]
        else:
            out.append(row)
    return out


def _shared_end(a: str, b: str) -> int:
    """How many characters two names share at their end, when each keeps a word of its own."""
    n = 0
    while n < min(len(a), len(b)) - 1 and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _read_part(text: str, offset: int, quoted: set[int], piece: Piece, *,
               listed: bool = False) -> list[Found]:
    """Read one part of a clause against the patterns; [] when it states nothing."""
    strive = bool(_STRIVE.search(text))
    trailer = _TRAILER.search(text)
    body = text[:trailer.start()] if trailer else text

    def found(kind, name, *, verb="", value=None, value_high=None, unit=None, qualifier="",
              words=(), **extra) -> Found:
        return Found(kind, name, verb, value, value_high, unit, qualifier, list(words), strive,
                      offset, offset + len(text), piece, **extra)

    m = _PATTERNS["respectively"].fullmatch(body)
    if m and offset + m.start("lo") not in quoted:
        lo, lo2 = _number(m.group("lo")), _number(m.group("lo2"))
        if lo is not None and lo2 is not None:
            head = _clean_name(m.group("head"))
            if head.startswith("城乡"):
                names = ["城镇" + head[2:], "农村" + head[2:]]
            elif "、" in head:
                names = _listed_names(head)[:2] if head.count("、") == 1 else head.split("、", 1)
            else:
                names = [head, head]
            unit = m.group("unit")
            growth = unit == "%" and (m.group("verb") or "") == "增长"
            kind = "growth_rate" if growth else "level"
            verb = "增长" if growth else ""
            words2 = [w for w in (m.group("post"),) if w]
            # a word after the last figure only bounds them all: 分别增长7%、8%左右
            words1 = [w for w in (m.group("p1"),) if w] or words2
            return [found(kind, names[0], verb=verb, value=lo, unit=unit, words=words1),
                    found(kind, names[1], verb=verb, value=lo2, unit=unit, words=words2)]

    m = _PATTERNS["relative"].fullmatch(body)
    if m and re.search(r"增长|增幅|增速|经济|GDP|生产总值", m.group("other")):
        return [found("relative", _clean_name(m.group("noun")), qualifier="relative",
                      words=[m.group("word")])]

    m = _PATTERNS["relative_faster"].fullmatch(body)
    if m and not re.search(r"\d", m.group("other")) and _clean_name(m.group("noun")):
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
        if name and len(name) <= 20:
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
            name = _clean_name(_BUILDING.sub("", m.group("noun").rstrip("等")))
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
        if pattern == "level" and m.group("unit") == "%" and (
                _GROWTH_HEAD.search(head) or _GROWTH_NAMES.search(name)):
            kind, verb = "growth_rate", "增长"  # 经济增长预期目标6.5%-7%, CPI 3%: a growth rate
        return [found(kind, name, verb=verb, value=lo, value_high=hi, unit=m.group("unit"),
                      words=words, respectively=respectively, bare=bare, **extra_flags)]
    return []


#: 推进66个产业园区建设: the 建设 after a count's noun closes the verb (推进…建设), the parks are counted
_BUILDING = re.compile(r"(?<=..)建设$")
_GROWTH_HEAD = re.compile(r"(?:增长|增速|增幅|涨幅)(?:预期)?(?:目标)?(?:为|是|设为|定为)?\s*$")


def _split_respectively(name: str, count: int) -> list[str] | None:
    """The names a 分别 stands for: 城乡… → 城镇…, 农村…; A、B → A, B."""
    if count == 2 and "城乡" in name:
        return [name.replace("城乡", "城镇", 1), name.replace("城乡", "农村", 1)]
    items = _listed_names(name)
    return items if len(items) == count else None


def _listed_names(name: str) -> list[str]:
    """The names of a list ``A、B``, where an earlier one may leave out the words it shares with the
    last: ``城镇居民、农村居民人均可支配收入`` → 城镇居民人均可支配收入, 农村居民人均可支配收入;
    ``高技术制造业、装备制造业增加值`` → 高技术制造业增加值, 装备制造业增加值.

    An earlier name that ends in two characters the last one holds before its own end takes the
    last one's words after them; other names stay as written.

    Examples
    --------
    >>> _listed_names("城镇居民、农村居民人均可支配收入")
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> _listed_names("固定资产投资、工业投资")
    ['固定资产投资', '工业投资']
    """
    items = name.split("、")
    last = items[-1]
    out = []
    for item in items[:-1]:
        at = last.find(item[-2:]) if len(item) >= 2 else -1
        out.append(item + last[at + 2:] if 0 <= at and at + 2 < len(last) else item)
    return [*out, last]


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


def qualify(f: Found) -> tuple[str, str | None]:
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


def measure_of(f: Found, count_measure: str) -> str:
    """The registry's measure of a found target (a count's from the catalogue when it has one)."""
    if f.kind == "growth_rate":
        return _GROWTH_VERBS.get(f.verb, "growth_pct")
    if f.kind == "relative":
        return "growth_pct"
    if f.kind == "count":
        return count_measure or ("count_total" if f.verb in _STOCK_VERBS else "count_new")
    return f.kind  # level, qualitative


def bound(words: list[str]) -> str:
    """A figure's bound from the words around it: 左右 / 约 / 近 approximate, 以上 / 超 / 突破 lower."""
    if any(w in ("左右", "约", "近") for w in words):
        return "approximate"
    if any(w in ("以上", "超", "超过", "突破", "余", "多") for w in words):
        return "lower"
    return "exact"

"""Draft a target registry from the text of a government work report (政府工作报告).

The analyst pastes the report's "目标任务" part into a text file; :func:`extract_targets` reads it
and returns one row per target in the layout of ``data/targets/<year>.csv``, each row carrying the
exact words (``phrase``) it came from, so the draft can be reviewed line by line and saved.

How the text is read
--------------------
1. The text is cut into lines; a line such as ``一、突出经济提质,增强产业发展硬实力。`` sets the
   current ``section`` (``一、突出经济提质``). A sentence that names ``主要预期目标`` has section
   ``主要预期目标``.
2. Each sentence (``。!?``) is cut into clauses at ``,,;;::``. A clause is cut further at ``、``
   only where a figure has just ended (``投资520亿元、工业投资200亿元``) or a new one begins
   (``打造3个A、5个B``); the later parts share the first part's verb and ``力争``.
3. Each part is tried against a few named patterns, whole-part matches only: relative goal
   (``与经济增长基本同步``), qualitative goal (``实现进出口总额稳中提质``), growth rate
   (``增长5%左右``), level (``投资520亿元``), count with the number after the noun
   (``新增产业基金5支``) and count with the number before the noun (``打造3~5个标杆项目``).

Numbers are Arabic (full-width digits are read as half-width) or Chinese (``五十``, ``两``,
``三至五``), single or ranges (``3~5``, ``2-3``, ``三至五``). Things that look like numbers but
are not targets are left out on purpose: years (``2023年``), ordinals (``一、``, ``第五次``),
anything in quotation marks or book-title marks (``“两个高于”``, ``《十四五规划》``), names of
places and projects (``七十二家村``, ``码头五期``), anniversaries (``30周年``), grades in a name
(``3A级``, ``市级以上`` — these never become the number's qualifier), sizes of things
(``6平方公里产业园``: a measurement followed by a noun is an attribute, not a goal), ``百亿项目``,
``3+3`` and a bare ``一`` (``一个``, ``一批`` are articles, not counts).

Output dtypes are those ``polars.read_csv`` gives for a registry file: strings, ``year`` Int64,
``strive`` Boolean, and ``value`` / ``value_high`` Int64 when every number is whole, Float64
otherwise (a column with no number at all is Int64). The ``unit`` of a percentage is written
``%`` even when the report uses the full-width ``%``; ``phrase`` keeps the report's own characters.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

__all__ = [
    "KNOWN_INDICATORS", "REGISTRY_COLUMNS", "extract_file", "extract_targets", "extract_to_csv",
    "write_registry",
]

REGISTRY_COLUMNS = (
    "id", "year", "indicator", "measure", "indicator_zh", "indicator_en", "kind", "value",
    "value_high", "unit", "qualifier", "qualifier_zh", "strive", "section", "phrase",
)

# --------------------------------------------------------------------------------------------
# Known indicators: (kinds the row applies to, regex searched in the noun phrase,
# id, indicator, measure, indicator_zh, indicator_en). First match wins, so the more specific
# patterns come first. Ids follow data/targets/2023.csv.
# --------------------------------------------------------------------------------------------
_GROWTH = ("growth_rate",)
_LEVEL = ("level",)
_COUNT = ("count",)
KNOWN_INDICATORS: tuple[tuple[tuple[str, ...], str, str, str, str, str, str], ...] = (
    (_GROWTH, r"^(?:全市|全年)?(?:地区生产总值|GDP)$", "gdp_growth", "gdp", "growth_pct",
     "地区生产总值", "Gross domestic product (GDP)"),
    (_GROWTH, r"一般公共预算收入", "budget_revenue_growth", "budget_revenue", "growth_pct",
     "一般公共预算收入", "General public budget revenue"),
    (_GROWTH, r"固定资产投资", "fai_growth", "fai", "growth_pct", "全社会固定资产投资",
     "Fixed-asset investment (whole society)"),
    (_GROWTH, r"规上工业产值|规模以上工业(?:总)?产值", "industrial_output_growth",
     "industrial_output", "growth_pct", "规上工业产值",
     "Output of industrial enterprises above designated size"),
    (_GROWTH, r"社会消费品零售总额", "retail_sales_growth", "retail_sales", "growth_pct",
     "社会消费品零售总额", "Retail sales of consumer goods"),
    (("growth_rate", "relative"), r"(?:居民)?人均可支配收入", "disposable_income_growth",
     "disposable_income", "growth_pct", "居民人均可支配收入",
     "Per-capita disposable income of residents"),
    (_GROWTH, r"进出口总额", "trade_growth", "trade", "growth_pct", "进出口总额",
     "Total imports and exports"),
    (("qualitative",), r"进出口总额", "trade_quality", "trade", "qualitative", "进出口总额",
     "Total imports and exports"),
    (_LEVEL, r"固定资产投资", "fai_level", "fai", "level", "全社会固定资产投资",
     "Fixed-asset investment (whole society)"),
    (_LEVEL, r"工业投资", "industrial_investment_level", "industrial_investment", "level",
     "工业投资", "Industrial investment"),
    (_LEVEL, r"腾地", "land_cleared", "land_cleared", "level", "腾地",
     "Land freed for new uses (腾地)"),
    (_LEVEL, r"集装箱吞吐量", "port_teu", "port_teu", "level", "太仓港集装箱吞吐量",
     "Taicang Port container throughput"),
    (_COUNT, r"智能工厂|智能车间", "smart_factories", "smart_factories", "count_new",
     "苏州市级以上智能工厂、车间", "Smart factories and workshops (Suzhou level or above)"),
    (_COUNT, r"数字化转型标杆项目", "digital_benchmark_projects", "digital_benchmark_projects",
     "count_new", "数字化转型标杆项目", "Digital-transformation benchmark projects"),
    (_COUNT, r"市级重点项目", "key_projects", "key_projects", "count_total", "市级重点项目",
     "City-level key projects under construction"),
    (_COUNT, r"产业基金", "industrial_funds", "industrial_funds", "count_new", "新增产业基金",
     "New industrial funds"),
    (_COUNT, r"上市企业|上市公司", "new_listings", "new_listings", "count_new", "新增上市企业",
     "Newly listed companies"),
    (_COUNT, r"3A级.*物流企业", "logistics_3a", "logistics_3a", "count_new",
     "3A级及以上物流企业", "Logistics firms graded 3A or above"),
    (_COUNT, r"德企|德资企业|德国企业", "german_firms", "german_firms", "count_new",
     "新引进德资企业", "Newly attracted German enterprises"),
    (_COUNT, r"地区总部", "regional_hq", "regional_hq", "count_new",
     "省级跨国公司地区总部和功能性机构",
     "Provincial-level regional headquarters and functional institutions of multinationals"),
)

# --------------------------------------------------------------------------------------------
# Building blocks of the patterns
# --------------------------------------------------------------------------------------------
# Full-width digits, letters and signs become half-width, one character for one, so that
# positions found in the normalised text are positions in the original text too.
_HALF_WIDTH = str.maketrans(
    "０１２３４５６７８９％～．＋－　"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789%~.+- ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# One number: Arabic (not glued to a letter, a digit or "+", as in 5G, 3+3) or Chinese (not
# after 第, which makes an ordinal). 万 and 亿 are left to the units (900万标箱, 520亿元).
_ARABIC = r"(?<![A-Za-z\d.+])\d+(?:\.\d+)?(?![A-Za-z+])"
_CHINESE = r"(?<![第零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]+"
_NUM = rf"(?<!第)(?:{_ARABIC}|{_CHINESE})"
_RANGE_SEP = r"\s*(?:~|-|—|–|至|到)\s*"
# A single number or a range; a percentage range may repeat the sign (5%~6%).
_NUMBER = rf"(?P<lo>{_NUM})(?:%?{_RANGE_SEP}(?P<hi>{_NUM}))?"

# Words before the number that bound it; words after it.
_BOUND_BEFORE = {"突破": "exceed", "超过": "more_than", "超": "more_than", "不低于": "at_least",
                 "不少于": "at_least", "至少": "at_least"}
_PRE = r"(?P<pre>突破|超过|超|不低于|不少于|至少|达到|达)?"
_AFTER_NUM = {"余": "more_than", "多": "more_than"}
_YU = r"(?P<yu>余|多)?"
_AFTER_UNIT = {"左右": "about", "以上": "at_least"}
_POST = r"(?P<post>左右|以上)?"

_LEVEL_UNITS = ("亿美元", "万美元", "万人次", "万平方米", "平方公里", "万标箱", "亿元", "万元",
                "万吨", "万亩", "万人", "平方米", "公里", "标箱", "元", "吨", "亩", "%")
_COUNT_UNITS = ("家", "个", "支", "项", "所", "座", "条", "名", "户", "场", "处", "款", "件",
                "台", "套", "位", "人")
_LEVEL_UNIT = "(?P<unit>" + "|".join(re.escape(u) for u in _LEVEL_UNITS) + ")"
_COUNT_UNIT = "(?P<unit>" + "|".join(_COUNT_UNITS) + ")"

# A count word followed by one of these characters is part of another word (支持, 家庭, ...).
# 项目 is not listed: 十项目标任务 is ten tasks (and 百亿项目 fails on 亿, which is no unit).
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
# Leading words dropped from a noun phrase of an unknown indicator (新增, 新引进 are kept:
# they are part of what is counted).
_LEAD_WORDS = ("力争", "确保", "争取", "努力", "全力", "加快", "推动", "推进", "实现", "完成",
               "达到", "创建", "打造", "建设", "建成", "培育", "引进", "保持", "进一步")

_GROWTH_VERBS = {"增长": "growth_pct", "增速": "growth_pct", "下降": "decline_pct"}
_QUALITATIVE_WORDS = ("稳中提质", "稳中有进", "稳中有升", "稳中向好", "量质齐升", "稳步增长",
                      "稳定增长", "平稳增长", "持续增长", "稳步提升")

_PATTERNS = {
    # 居民人均可支配收入与经济增长基本同步
    "relative": re.compile(r"(?P<noun>.+?)与(?P<other>.+?)(?P<word>基本同步|保持同步|同步)"),
    # 实现进出口总额稳中提质
    "qualitative": re.compile(
        r"(?P<head>.*?(?:实现|保持|确保))(?P<noun>.+?)(?P<word>" + "|".join(_QUALITATIVE_WORDS)
        + ")"),
    # 地区生产总值增长5%左右 / 增长5%~6%
    "growth": re.compile(
        r"(?P<head>.*?)(?P<verb>" + "|".join(_GROWTH_VERBS) + r")" + _PRE + _NUMBER
        + r"(?P<unit>%)" + _POST),
    # 力争完成全社会固定资产投资520亿元 / 推动集装箱吞吐量突破900万标箱 / 腾地超5000亩
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

# Where a clause may be cut at 、: right after a figure, or right before one.
_ENDS_WITH_FIGURE = re.compile(
    _NUMBER + _YU + "(?:" + "|".join(re.escape(u) for u in _LEVEL_UNITS + _COUNT_UNITS) + ")"
    + _POST + r"$")
_STARTS_WITH_COUNT = re.compile(r"^" + _PRE + _NUMBER + _YU + _COUNT_UNIT)

_SENTENCE_END = re.compile(r"[。!?！？]")
_CLAUSE_SEP = re.compile(r"[,，;；:：]")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、[^,，。;；:：]*)")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?:是|目标任务|主要目标|经济社会发展|工作)")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass
class _Found:
    """One target read from one part of a clause."""

    kind: str
    noun: str
    verb: str
    value: float | int | None
    value_high: float | int | None
    unit: str | None
    qualifier: str  # relative / qualitative, or "" for a number (decided by _qualify)
    words: list[str]  # Chinese words: bound words of a number, or 基本同步 / 稳中提质
    strive: bool
    section: str | None
    phrase: str


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------
def extract_targets(text: str, *, year: int | None = None) -> pl.DataFrame:
    """Read the numeric and stated targets of a work report into a draft registry.

    Parameters
    ----------
    text
        The report (or its 目标任务 part) as plain text, one paragraph a line.
    year
        The year the targets are for. When omitted it is read from the text
        (``2023年是…``, ``2023年目标任务…``); if the text does not say, it is null.

    Returns
    -------
    polars.DataFrame
        The columns of ``data/targets/<year>.csv`` (:data:`REGISTRY_COLUMNS`), one row per
        target in the order the report states them. Known indicators get the registry's ids and
        names; others get ``target_NN`` (NN = row number) and their noun phrase as
        ``indicator_zh``, with ``indicator_en`` empty.

    Examples
    --------
    >>> text = "一、突出经济提质。力争完成全社会固定资产投资520亿元、工业投资200亿元。"
    >>> df = extract_targets(text, year=2023)
    >>> df.select("id", "value", "qualifier", "strive").rows()
    [('fai_level', 520, 'strive', True), ('industrial_investment_level', 200, 'strive', True)]
    >>> df["phrase"].to_list()
    ['力争完成全社会固定资产投资520亿元', '工业投资200亿元']
    >>> extract_targets("打造三至五个示范项目").select("id", "value", "value_high", "unit").row(0)
    ('target_01', 3, 5, '个')
    >>> extract_targets("加快建设七十二家村,举办对德合作30周年活动。").height
    0
    """
    if year is None:
        year = _year_from_text(text)
    found = list(_read_report(text))
    rows = [_to_row(f, i, year) for i, f in enumerate(found, start=1)]
    _unique_ids(rows)
    return _frame(rows)


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

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> df = extract_file(SHIPPED_DATA_DIR / "raw" / "gwr_2023_excerpt.txt")
    >>> df.height, df["year"].unique().to_list()
    (19, [2023])
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if year is None and _year_from_text(text) is None:
        match = _YEAR_IN_NAME.search(path.name)
        year = int(match.group(1)) if match else None
    return extract_targets(text, year=year)


def write_registry(frame: pl.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a registry as CSV, UTF-8 with a byte-order mark so Excel shows the Chinese right.

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


# --------------------------------------------------------------------------------------------
# Reading the text
# --------------------------------------------------------------------------------------------
def _year_from_text(text: str) -> int | None:
    match = _YEAR_IN_TEXT.search(text.translate(_HALF_WIDTH))
    return int(match.group(1)) if match else None


def _read_report(text: str):
    """Yield the targets of the text in order, walking lines → sentences → clauses → parts."""
    section: str | None = None
    for line in text.splitlines():
        norm = line.translate(_HALF_WIDTH)
        heading = _HEADING.match(norm)
        if heading:
            section = line[heading.start(1):heading.end(1)].strip()
        for s_start, s_end in _spans(norm, _SENTENCE_END, 0, len(norm)):
            sentence_section = "主要预期目标" if "主要预期目标" in norm[s_start:s_end] else section
            quoted = _quoted_positions(norm, s_start, s_end)
            for c_start, c_end in _spans(norm, _CLAUSE_SEP, s_start, s_end):
                yield from _read_clause(line, norm, c_start, c_end, quoted, sentence_section)


def _spans(norm: str, sep: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``norm[start:end]`` at the separators; spans without the separators."""
    spans, pos = [], start
    for m in sep.finditer(norm, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [(a, b) for a, b in spans if norm[a:b].strip()]


def _quoted_positions(norm: str, start: int, end: int) -> set[int]:
    """Positions inside “…”, 「…」 or 《…》 (slogans, names, plan titles)."""
    inside: set[int] = set()
    for m in re.finditer(r"“[^”]*”|「[^」]*」|《[^》]*》|\"[^\"]*\"", norm[start:end]):
        inside.update(range(start + m.start(), start + m.end()))
    return inside


def _read_clause(line: str, norm: str, start: int, end: int, quoted: set[int],
                 section: str | None):
    """Cut a clause at the 、 that separate figures, then read each part."""
    parts, pos = [], start
    for m in re.finditer("、", norm[start:end]):
        cut = start + m.start()
        before, after = norm[pos:cut], norm[cut + 1:end]
        if _ENDS_WITH_FIGURE.search(before) or _STARTS_WITH_COUNT.match(after):
            parts.append((pos, cut))
            pos = cut + 1
    parts.append((pos, end))

    shared_verb, shared_strive = "", False
    for a, b in parts:
        # Trim white space so the phrase is the report's words only.
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        shared_strive = shared_strive or "力争" in norm[a:b]
        found = _read_part(norm[a:b], a, quoted, listed=bool(shared_verb))
        if found is None:
            continue
        shared_verb = found.verb or shared_verb
        found.verb = found.verb or shared_verb
        found.strive = found.strive or shared_strive
        found.section = section
        found.phrase = line[a:b]
        yield found


def _read_part(part: str, offset: int, quoted: set[int], *, listed: bool = False) -> _Found | None:
    """Read one part of a clause against the named patterns; None when it states no target.

    ``listed``: the part follows a 、 after a target with a verb, so a count may come without
    its own verb (``打造3个A、5个B``).
    """
    strive = "力争" in part

    m = _PATTERNS["relative"].fullmatch(part)
    if m and "增长" in m.group("other"):
        return _Found("relative", _strip_lead(m.group("noun")), "", None, None, None, "relative",
                      [m.group("word")], strive, None, part)

    m = _PATTERNS["qualitative"].fullmatch(part)
    if m:
        return _Found("qualitative", _strip_lead(m.group("noun")), "", None, None, None,
                      "qualitative", [m.group("word")], strive, None, part)

    names = ["growth", "level", "count_after", "count_before"]
    if listed:
        names.append("count_listed")
    for name in names:
        m = _PATTERNS[name].fullmatch(part)
        if m is None or offset + m.start("lo") in quoted:
            continue
        lo, hi = _number(m.group("lo")), _number(m.group("hi")) if m.group("hi") else None
        if lo is None or (m.group("hi") and hi is None):
            continue  # not a well-formed number (十四五, 二〇二三)
        if m.group("lo") == "一" and not m.group("hi"):
            continue  # 一个, 一批: an article, not a count
        if name in ("count_before", "count_listed") and not _is_count_noun(
                m.group("unit"), m.group("noun")):
            continue
        kind = {"growth": "growth_rate", "level": "level"}.get(name, "count")
        groups = m.groupdict()
        verb = groups.get("verb") or ""
        if name == "growth":
            noun, verb = _strip_lead(m.group("head")), m.group("verb")
        elif name in ("count_before", "count_listed"):
            noun = m.group("noun").rstrip("等")
        else:
            noun = _strip_lead(m.group("head"))
            verb = verb or _leading_verb(m.group("head"))
        if not noun:
            continue
        words = [w for w in (groups.get("pre"), groups.get("yu"), groups.get("post")) if w]
        return _Found(kind, noun, verb, lo, hi, m.group("unit"), "", words, strive, None, part)
    return None


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


def _qualify(found: _Found) -> tuple[str, str | None]:
    """The qualifier and its Chinese words (';'-joined); a bound word wins over 力争."""
    if found.qualifier:  # relative, qualitative
        return found.qualifier, ";".join(found.words) or None
    bounds = {**_BOUND_BEFORE, **_AFTER_NUM, **_AFTER_UNIT}
    words = ["力争"] if found.strive else []
    qualifier = "strive" if found.strive else "exact"
    for word in found.words:
        if word in bounds:  # 达到 / 达 state the number plainly: no qualifier
            words.append(word)
            if qualifier in ("strive", "exact"):
                qualifier = bounds[word]
    return qualifier, ";".join(words) or None


def _strip_lead(text: str) -> str:
    """The noun phrase: drop 力争, 完成, 推动 … from its start."""
    text = text.strip()
    changed = True
    while changed:
        changed = False
        for word in _LEAD_WORDS:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
    return text


def _leading_verb(head: str) -> str:
    for verb in _COUNT_VERBS:
        if verb in head:
            return verb
    return ""


# --------------------------------------------------------------------------------------------
# Rows and frame
# --------------------------------------------------------------------------------------------
def _to_row(found: _Found, number: int, year: int | None) -> dict[str, object]:
    known = _known_indicator(found)
    if known is not None:
        target_id, indicator, measure, name_zh, name_en = known
    else:
        target_id = indicator = f"target_{number:02d}"
        measure = _generic_measure(found)
        name_zh, name_en = found.noun, None
    qualifier, qualifier_zh = _qualify(found)
    return {
        "id": target_id, "year": year, "indicator": indicator, "measure": measure,
        "indicator_zh": name_zh, "indicator_en": name_en, "kind": found.kind,
        "value": found.value, "value_high": found.value_high, "unit": found.unit,
        "qualifier": qualifier, "qualifier_zh": qualifier_zh,
        "strive": found.strive, "section": found.section, "phrase": found.phrase,
    }


def _known_indicator(found: _Found) -> tuple[str, str, str, str, str] | None:
    kind, noun = found.kind, found.noun
    if found.verb == "下降":
        return None  # the table knows growth, not declines
    for kinds, pattern, *rest in KNOWN_INDICATORS:
        if kind in kinds and re.search(pattern, noun):
            target_id, indicator, measure, name_zh, name_en = rest
            return target_id, indicator, measure, name_zh, name_en
    return None


def _generic_measure(found: _Found) -> str:
    if found.kind == "growth_rate":
        return _GROWTH_VERBS.get(found.verb, "growth_pct")
    if found.kind == "relative":
        return "growth_pct"
    if found.kind == "count":
        return "count_total" if found.verb in _STOCK_VERBS else "count_new"
    return found.kind  # level, qualitative


def _unique_ids(rows: list[dict[str, object]]) -> None:
    """A known indicator stated twice gets ``_2``, ``_3`` … on its later ids."""
    seen: dict[object, int] = {}
    for row in rows:
        seen[row["id"]] = seen.get(row["id"], 0) + 1
        if seen[row["id"]] > 1:
            row["id"] = f"{row['id']}_{seen[row['id']]}"


def _number_dtype(values: list[object]) -> type[pl.DataType]:
    """Int64 when every number is whole (as read_csv would infer), else Float64."""
    return pl.Float64 if any(isinstance(v, float) for v in values) else pl.Int64


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    schema: dict[str, type[pl.DataType]] = {c: pl.String for c in REGISTRY_COLUMNS}
    schema["year"] = pl.Int64
    schema["strive"] = pl.Boolean
    for col in ("value", "value_high"):
        values = [r[col] for r in rows]
        schema[col] = _number_dtype(values)
        if schema[col] is pl.Float64:
            for r in rows:
                r[col] = None if r[col] is None else float(r[col])  # type: ignore[arg-type]
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(
        schema=schema)

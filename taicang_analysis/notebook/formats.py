"""Chinese words and the one number format of the notebooks and the report.

**The number format** (as the statistical bulletins write it): at most the indicator's decimals
(the catalogue's ``decimals``; a growth rate one decimal), trailing zeros dropped, no thousands
separator, the unit written straight after the number — ``1653.57亿元``, ``803.9万标箱``, ``5%``,
``50家``, ``-1.8个百分点``. A missing number is ``—``. Dates are written ``2026年11月30日``.

Words for codes (statuses, qualifiers, measures, releases, reliability) come from
:mod:`taicang_analysis.vocabulary`; nothing here re-types them.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from functools import cache

from taicang_analysis.vocabulary import MONTHS_PER_YEAR, term, word, zh

#: decimals of units that are not an indicator's (growth, points, percent of a target)
_FIXED_DECIMALS = {"%": 1, "个百分点": 1}


@cache
def _unit_decimals() -> dict[str, int]:
    from taicang_analysis.context import current
    from taicang_analysis.sources.catalogue import load_indicators

    found: dict[str, int] = {}
    for unit, decimals in load_indicators(current().data_dir).select("unit", "decimals").iter_rows():
        found[unit] = max(found.get(unit, 0), int(decimals))
    return found


def unit_decimals(unit: str) -> int:
    """Decimals shown for a unit: the catalogue's largest for that unit; % one; else two.

    Examples
    --------
    >>> unit_decimals("亿元"), unit_decimals("万标箱"), unit_decimals("家"), unit_decimals("%")
    (2, 1, 0, 1)
    """
    if unit in _FIXED_DECIMALS:
        return _FIXED_DECIMALS[unit]
    return _unit_decimals().get(unit, 2)


def fmt_number(value: float | None, unit: str = "", *, decimals: int | None = None) -> str:
    """A number as the report writes it, with its unit.

    Examples
    --------
    >>> fmt_number(1653.57, "亿元"), fmt_number(5, "%"), fmt_number(802.6, "万标箱")
    ('1653.57亿元', '5%', '802.6万标箱')
    >>> fmt_number(519.6, "亿元"), fmt_number(None, "亿元"), fmt_number(-1.8, "个百分点")
    ('519.6亿元', '—', '-1.8个百分点')
    >>> fmt_number(12345.678, "亿元")   # no thousands separator
    '12345.68亿元'
    """
    if value is None:
        return "—"
    d = unit_decimals(unit) if decimals is None else decimals
    text = f"{value:.{d}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return f"{text}{unit}"


def fmt_target(value: float | None, value_high: float | None, unit: str, qualifier: str) -> str:
    """The target as the report words it.

    Examples
    --------
    >>> fmt_target(5, None, "%", "about"), fmt_target(3, 5, "个", "exact"), fmt_target(900, None, "万标箱", "exceed")
    ('5%左右', '3~5个', '突破900万标箱')
    """
    if value is None:
        return "—"
    v = fmt_number(value, "" if value_high is not None else unit)
    if value_high is not None:
        v = f"{v}~{fmt_number(value_high, unit)}"
    template = word("qualifier", qualifier, "template") if qualifier else "{v}"
    return template.format(v=v)


def fmt_figure(value: float | None, unit: str, bound: str | None = "exact") -> str:
    """A published figure with its bound: ``500家以上`` for "over 500", ``约500家`` for "almost 500".

    Examples
    --------
    >>> fmt_figure(500, "家", "lower"), fmt_figure(500, "家", "approximate"), fmt_figure(803.9, "万标箱")
    ('500家以上', '约500家', '803.9万标箱')
    """
    return word("bound", bound or "exact", "template").format(v=fmt_number(value, unit))


def fmt_period(year: int | None, month: int | None = None, period_type: str = "year",
               period: str | None = None) -> str:
    """A period in words: ``2023年``, ``2023年1-9月``, ``2023年1月``, ``2023年8月18日``.

    Examples
    --------
    >>> fmt_period(2023), fmt_period(2023, 9, "ytd"), fmt_period(2023, 1, "ytd")
    ('2023年', '2023年1-9月', '2023年1月')
    >>> fmt_period(2023, 8, "as_of_date", "2023-08-18"), fmt_period(2023, 8, "range", "2022-01/2023-08")
    ('2023年8月18日', '2022年1月至2023年8月')
    """
    if year is None:
        return "—"
    if period_type == "as_of_date" and period and len(period) == 10:
        return fmt_date(period)
    if period_type == "as_of_date" and period and len(period) == 7:  # a running total at a month
        return _ym(period)
    if period_type == "range" and period and "/" in period:
        a, b = period.split("/")
        return f"{_ym(a)}至{_ym(b)}"
    if period_type in ("year", "target") or month is None or (month == MONTHS_PER_YEAR and period_type != "ytd"):
        return f"{year}年"
    return f"{year}年1月" if month == 1 else f"{year}年1-{month}月"


def _ym(text: str) -> str:
    parts = text.split("-")
    return f"{int(parts[0])}年{int(parts[1])}月" if len(parts) > 1 else f"{int(parts[0])}年"


def fmt_date(value: str | dt.date) -> str:
    """A date in Chinese.

    Examples
    --------
    >>> fmt_date("2026-11-30"), fmt_date(dt.date(2023, 1, 3))
    ('2026年11月30日', '2023年1月3日')
    """
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.year}年{d.month}月{d.day}日"


def status_word(status: str | None, *, complete: bool = False, whatif: bool = False) -> str:
    """The word for a target's status: in the year (进度正常 …), for a finished year
    (已完成 / 未完成), or for a what-if (可完成 / 难以完成).

    Examples
    --------
    >>> status_word("at_risk"), status_word("off_track", complete=True), status_word("met", whatif=True)
    ('有风险', '未完成', '可完成')
    """
    status = status or "no_data"
    if whatif:
        return word("status", status, "whatif")
    if complete:
        return word("status", status, "outcome")
    return zh("status", status, "无数据")


def status_colour(status: str | None) -> str:
    """The badge colour of a status (white text on it has a contrast of at least 4.5:1)."""
    return term("status", status or "no_data").colour


def reliability_word(code: str | None) -> str:
    """The reliability label of a figure's source, in Chinese.

    Examples
    --------
    >>> reliability_word("official_repost"), reliability_word("doubtful")
    ('官方转载', '存疑')
    """
    return zh("reliability", code, "")


_CJK = re.compile(r"[\u4e00-\u9fff]")
_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
#: Latin words that are not allowed in what leadership reads (all-caps acronyms such as GDP are kept)
#: a Latin word dropped from a source title; all-caps acronyms (GDP) and the SYNTHETIC marker of
#: made-up test data stay (a reader must always see that a figure is not real)
_LATIN_WORD = re.compile(r"\b(?![A-Z]{2,4}\b)(?!SYNTHETIC\b)[A-Za-z][A-Za-z'’.&/-]*")


def _zh_date(m: re.Match[str]) -> str:
    y, mo, d = m[1], int(m[2]), m[3]
    return f"{y}年{mo}月{int(d)}日" if d else f"{y}年{mo}月"


def source_label(title: str | None) -> str:
    """A source title as leadership reads it: Chinese only, the research notes' remarks left out,
    the date in Chinese.

    The rule: the main part of the title is what comes before its first remark (`` (`` or
    `` — ``; a leading ``(江苏省)`` belongs to the main part); Latin words are dropped from it
    (all-caps acronyms such as GDP stay); the first date found anywhere in the title is added in
    Chinese when the main part has none. A title with no Chinese left is named 网络报道 with its date.

    Examples
    --------
    >>> source_label("太仓市政府工作报告 2015-02-10 (代市长 沈觅), review of 2014 (copy of Taicang govt page)")
    '太仓市政府工作报告 2015年2月10日'
    >>> source_label("(江苏省)太仓市人民政府工作报告(2025年1月7日) — 2025 GWR, 市长 徐华东 (third-party full-text copy)")
    '(江苏省)太仓市人民政府工作报告(2025年1月7日)'
    >>> source_label("Container throughput at Taicang Port sees increase (Xinhua, 2025-09-17)")
    '网络报道(2025年9月17日)'
    >>> source_label("计划总投资1643.2亿元 太仓今年安排重点项目183个 (苏州日报 2023-04-06 A01)")
    '计划总投资1643.2亿元 太仓今年安排重点项目183个(2023年4月6日)'

    Made-up test data keep their SYNTHETIC marker, readable, with no stray comma:

    >>> source_label("SYNTHETIC, 太仓市统计月报 (太仓市统计局, 2023-05-20)")
    'SYNTHETIC, 太仓市统计月报(2023年5月20日)'
    >>> source_label("测试(合成数据 SYNTHETIC)月报 (测试, 2023-05-20)")
    '测试(合成数据 SYNTHETIC)月报(2023年5月20日)'
    """
    text = (title or "").strip()
    if not text:
        return ""
    lead = re.match(r"^[(（][^()（）]*[)）]", text)
    start = lead.end() if lead else 0
    cut = [i for i in (text.find(" (", start), text.find("(", start) if not _CJK.search(
        text[text.find("(", start):text.find(")", start)] if text.find("(", start) >= 0 else "") else -1,
        text.find(" — ", start), text.find(" report", start), text.find(" interview", start)) if i > 0]
    main = text[: min(cut)] if cut else text
    main = _DATE.sub(_zh_date, main)
    main = _LATIN_WORD.sub("", main)
    main = re.sub(r"[(（]\s*[,;，；]?\s*[)）]", "", main)  # brackets emptied by the words dropped
    main = re.sub(r"\s*([,;，；])\s*([)）])", r"\2", main)  # no comma left before a bracket closes
    main = re.sub(r"\s+([)）])", r"\1", main)
    main = re.sub(r"\s{2,}", " ", main).strip(" ,;:—-·'\"")
    date = _DATE.search(text)
    when = _zh_date(date) if date else ""
    if not _CJK.search(re.sub(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?", "", main)):
        return f"网络报道({when})" if when else "网络报道"
    if when and when not in main and not re.search(r"\d{4}年\d{1,2}月", main):
        main += f"({when})"
    return main


def ceil_to(value: float, decimals: int) -> float:
    """A required figure rounded *up* to the shown decimals, so that doing what it says is enough.

    Examples
    --------
    >>> ceil_to(5.23, 1), ceil_to(412.35, 0), ceil_to(43.3333, 1), ceil_to(5.3, 1)
    (5.3, 413.0, 43.4, 5.3)
    """
    scale = 10 ** decimals
    return math.ceil(round(value * scale, 6)) / scale


def clip(text: str, limit: int = 200) -> str:
    """Text from data cut to ``limit`` characters with an ellipsis (the appendix keeps it whole).

    Examples
    --------
    >>> clip("甲" * 5, 3)
    '甲甲…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def esc(text: object) -> str:
    """Escape text that comes from data before it goes into HTML.

    Examples
    --------
    >>> esc("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)

"""Chinese labels and number formats for charts, tables and prose: 亿元, 万标箱, %, 家."""

from __future__ import annotations

import html

STATUS_ZH = {
    "met": "已完成",
    "on_track": "进度正常",
    "at_risk": "有风险",
    "off_track": "滞后",
    "no_data": "无数据",
}
STATUS_COLOUR = {
    "met": "#1a7f37",
    "on_track": "#2f81f7",
    "at_risk": "#d29922",
    "off_track": "#cf222e",
    "no_data": "#8c959f",
}
FIGURE_STATUS_ZH = {"final": "最终数", "preliminary": "预计数(初步)", "target": "目标"}
BOUND_ZH = {"exact": "", "lower": "以上(下限)", "approximate": "约"}
#: a projected or complete year: the target is reached or not
YEAR_END_ZH = {"met": "已完成", "off_track": "未完成"}


def verdict_zh(status: str) -> str:
    """Chinese word for a status; a year-end outcome reads 已完成 / 未完成.

    Examples
    --------
    >>> verdict_zh("off_track"), verdict_zh("at_risk")
    ('未完成', '有风险')
    """
    return YEAR_END_ZH.get(status) or STATUS_ZH.get(status, "无数据")


QUALIFIER_TEXT = {
    "about": "{v}左右",
    "at_least": "{v}以上",
    "more_than": "超{v}",
    "exceed": "突破{v}",
    "strive": "力争{v}",
    "exact": "{v}",
}

#: decimals shown per unit
_DECIMALS = {"%": 1, "亿元": 2, "亿美元": 2, "万标箱": 1, "元": 0,
             "家": 0, "个": 0, "支": 0, "亩": 0}


def fmt_number(value: float | None, unit: str = "", *, decimals: int | None = None) -> str:
    """Format a number the way the work report writes it, with its unit.

    Thousands are separated by commas; no "140k"-style abbreviations; trailing zeros trimmed.

    Examples
    --------
    >>> fmt_number(1653.57, "亿元")
    '1,653.57亿元'
    >>> fmt_number(5, "%")
    '5%'
    >>> fmt_number(802.6, "万标箱")
    '802.6万标箱'
    >>> fmt_number(None, "亿元")
    '—'
    """
    if value is None:
        return "—"
    d = _DECIMALS.get(unit, 2) if decimals is None else decimals
    text = f"{value:,.{d}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


def fmt_target(value: float | None, value_high: float | None, unit: str, qualifier: str) -> str:
    """The target as the report words it.

    Examples
    --------
    >>> fmt_target(5, None, "%", "about")
    '5%左右'
    >>> fmt_target(3, 5, "个", "exact")
    '3~5个'
    >>> fmt_target(900, None, "万标箱", "exceed")
    '突破900万标箱'
    """
    if value is None:
        return "—"
    v = fmt_number(value, "" if value_high is not None else unit)
    if value_high is not None:
        v = f"{v}~{fmt_number(value_high, unit)}"
    return QUALIFIER_TEXT.get(qualifier, "{v}").format(v=v)


def esc(text: object) -> str:
    """Escape text that comes from data before it goes into HTML.

    Examples
    --------
    >>> esc("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)


def short_title(title: str, limit: int = 40) -> str:
    """A source title shortened for a chart's source line.

    Examples
    --------
    >>> short_title("太仓市政府工作报告 2015-02-10 (代市长 沈觅), review of 2014")
    '太仓市政府工作报告 2015-02-10'
    >>> short_title("(江苏省)太仓市人民政府工作报告(2025年1月7日) — 2025 GWR")
    '(江苏省)太仓市人民政府工作报告(2025年1月7日)'
    """
    for cut in (" (", " — "):
        at = title.find(cut)
        if at > 0:
            title = title[:at]
    title = title.strip()
    return title if len(title) <= limit else title[: limit - 1] + "…"

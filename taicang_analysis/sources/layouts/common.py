"""What the bureau's layouts share: a cell as text, header labels, the catalogue's names, the
period and the unit of a table, the parsed table.

Nothing here knows a layout: :mod:`~taicang_analysis.sources.layouts.one_place` and
:mod:`~taicang_analysis.sources.layouts.places` each say how their header and cells look, and
:mod:`taicang_analysis.sources.layouts` runs them (detect → header → cells).

**Header labels** (:func:`classify`): a cumulative column (``1-4月``, ``累计``), a single month
(``4月``, ``本月``), a growth rate (``比上年同期增长(%)``, ``同比±%``; its scope: year to date, the
month, or — when it does not say — the value column on its left), a plain value (``绝对数``) or
something not kept (``上年同期``, ``位次``, ``比重``).

**Period**: the title (``太仓市2023年1-4月主要经济指标``), the file name (``2023-04….xlsx``) and
the header labels (``1-4月``) must agree (:func:`agree`).

**Unit**: the unit column, brackets in a label (``地区生产总值(亿元)``) or a unit row
(``单位: 亿元、%``), and it must be the catalogue's (:func:`check_unit`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.normalise import normalise_text, parse_number
from taicang_analysis.sources.panel import PANEL_SCHEMA
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

#: issuer of a table read without a ``.source.txt`` sidecar
UNSTATED_ISSUER = "来源说明缺失 (没有 .source.txt)"

#: the monthly panel plus the sheet the row was read from
BUREAU_SCHEMA = {
    **PANEL_SCHEMA,
    "region": pl.String,
    "month_value": pl.Float64,
    "source_sheet": pl.String,
}

HEAD_SCAN = 30  # rows searched for the header

NAME_LABELS = frozenset({"指标名称", "指标", "项目", "指标名", "主要指标", "项目名称"})
UNIT_LABELS = frozenset({"计量单位", "单位", "计算单位", "计量单位名称"})
#: the documented unit conversions: (unit as the table writes it, the catalogue's unit) → factor.
#: A value in another unit is converted and the table's notes say so; any other unit is an error.
UNIT_FACTORS = {
    ("万元", "亿元"): 1e-4, ("千元", "亿元"): 1e-5, ("元", "亿元"): 1e-8,
    ("万美元", "亿美元"): 1e-4, ("美元", "亿美元"): 1e-8,
    ("标箱", "万标箱"): 1e-4, ("TEU", "万标箱"): 1e-4,
}
PLACE_LABELS = frozenset({
    "地区", "地区名称", "区域", "板块", "各板块", "市区", "市、区", "各市、区", "各市区", "市(区)",
    "各市(区)", "县(市、区)", "各县(市、区)", "市(县、区)", "县市区", "市县区", "县(市)区",
})
PLACE_VALUE = re.compile(r"^(?:.{1,7}(?:市|区|县)|全市|全省|合计|总计|市区|全市合计)$")
NOTE = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*\d*\s*[:：.、]?")
_DASHES = str.maketrans({"～": "-", "~": "-", "—": "-", "–": "-", "－": "-", "至": "-", "到": "-",
                         "：": ":", "（": "(", "）": ")", "【": "(", "】": ")", "［": "(", "］": ")"})
_SPACE = re.compile(r"\s+")
TITLE_PERIOD = re.compile(r"(?P<year>\d{4})年(?:度)?(?:1-)?(?P<month>\d{1,2})月")
_TITLE_WORD_PERIOD = re.compile(r"(?P<year>\d{4})年(?:度)?(?P<word>前三季度|1-3季度|上半年|1-2季度|第一季度|一季度)")
_YEAR_ONLY = re.compile(r"(?P<year>(?:19|20)\d{2})年")
_FILE_PERIODS = (
    re.compile(r"(?P<year>(?:19|20)\d{2})(?:年|[-_.])?(?:1-)?(?P<month>\d{1,2})月"),
    re.compile(r"(?P<year>(?:19|20)\d{2})[-_.](?P<month>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>0[1-9]|1[0-2])(?!\d)"),
)
_YTD_LABEL = re.compile(r"^(?:(?P<year>\d{4})年)?1-(?P<month>\d{1,2})月?份?(?:累计(?:值|数)?)?(?:数|值)?$")
_MONTH_LABEL = re.compile(r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月份?(?:数|值|当月)?$")
_YTD_WORDS = frozenset({"累计", "累计值", "累计数", "本年累计", "今年累计", "自年初累计", "年初至今",
                        "年初累计", "本年", "本期累计", "1-本月", "1-本月累计", "年初-本月", "年初至本月"})
_MONTH_WORDS = frozenset({"本月", "当月", "本月数", "当月数", "本月值", "当月值", "本期"})
_VALUE_WORDS = frozenset({"绝对值", "绝对数", "总量", "数值", "金额", "总额", "实绩", "完成数", "完成值",
                          "数量", "值", "产值"})
GROWTH = re.compile(r"增长|增速|增幅|±|同比|增减|%|比上年")
#: a share or ratio, never growth: 结构(%), 占比, 比重, 产销率, 百分点 …
_SHARE = re.compile(r"结构|构成|占比|比重|占全|占GDP|产销率|利润率|百分点|完成率|进度")
#: a unit in a label's brackets: 1-4月(亿元), 总量(亿元) — no %, digits or months inside
_LABEL_UNIT = re.compile(r"^(?P<label>.+?)\((?P<unit>[^()%\d月]{1,6})\)$")
#: cumulative periods named by a word: (pattern, last month)
_WORD_PERIODS = (("前三季度", 9), ("1-3季度", 9), ("上半年", 6), ("1-2季度", 6), ("第一季度", 3), ("一季度", 3))
_NOT_GROWTH = re.compile(r"增减额|增量|增加额|绝对额|增减量")
_IGNORE = re.compile(r"上年|去年|位次|排名|名次|比重|占|备注|序号|计划|目标|进度|完成率|百分点")
_ITEM_PREFIX = re.compile(
    r"^(?:其中|内|含|包括|#|＃|\*|[一二三四五六七八九十]+、|\d+[.、]|\([一二三四五六七八九十\d]+\))[:、]?")
_ITEM_SUFFIX = re.compile(r"(?:[*＊①②③④⑤⑥⑦⑧⑨⑩]|\(注\d*\)|注\d+)+$")
_BRACKET = re.compile(r"^(?P<name>.+?)\((?P<inner>[^()]*)\)$")
#: the analysts' template header (read by :mod:`~taicang_analysis.sources.layouts.template`)
TEMPLATE_LABEL = re.compile(r"^\d{4}[-./年]\d{1,2}月?(?:累计值|累计增长)")
_UNIT_ROW = re.compile(r"^(?:计量)?单位[:]?(?P<units>.+)$")


def text(cell: object) -> str:
    """A cell as text: full-width to ASCII, brackets and dashes unified, all spaces removed.

    Examples
    --------
    >>> text("１～４月"), text(" 姑 苏 区 "), text(12.0), text(None)
    ('1-4月', '姑苏区', '12', '')
    """
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return _SPACE.sub("", normalise_text(str(cell)).translate(_DASHES))


def blank(row: Sequence[object]) -> bool:
    """True when every cell of a row is empty."""
    return all(text(c) == "" for c in row)


def cell(row: Sequence[object], j: int) -> object:
    """The ``j``-th cell of a row, ``None`` beyond its end."""
    return row[j] if j < len(row) else None


def is_number(value: str) -> bool:
    """True when a cell's text reads as a number (a percent included).

    Examples
    --------
    >>> is_number("4.2%"), is_number("—"), is_number("亿元")
    (True, False, False)
    """
    try:
        return parse_number(value, percent=True) is not None
    except ValueError:
        return False


def number(file: str, row_no: int, label: str, value: object, *, percent: bool) -> float | None:
    """A number cell, or a DataFileError naming the file, row, column and value."""
    try:
        return parse_number(value, percent=percent)
    except ValueError:
        raise DataFileError(file, row=row_no, column=label, value=value, problem="不是数字 (not a number)",
                            expected="数字, 或 —、-、空白 表示无数据") from None


# --------------------------------------------------------------------------- header labels


@dataclass
class Label:
    """What a header label says."""

    kind: str | None  # ytd | month | growth | value | ignore | None (unknown)
    scope: str | None = None  # for growth: ytd | month | None (belongs to the column on its left)
    month: int | None = None
    year: int | None = None
    unit: str | None = None  # a unit the label names in brackets: 1-4月(亿元)


def classify(label: str) -> Label:
    """What a header label says: a cumulative or single-month value, a growth rate, or nothing.

    Examples
    --------
    >>> classify("1-4月").kind, classify("1-4月").month, classify("4月").kind
    ('ytd', 4, 'month')
    >>> g = classify("比上年同期增长(%)"); (g.kind, g.scope)
    ('growth', 'ytd')
    >>> classify("增长%").scope is None, classify("比上年同月增长%").scope
    (True, 'month')

    A unit in brackets is kept; a share is never growth; ``1-本月`` is the year to date:

    >>> l = classify("1-4月(亿元)"); (l.kind, l.month, l.unit), classify("总量(亿元)").unit
    (('ytd', 4, '亿元'), '亿元')
    >>> classify("结构(%)").kind, classify("产销率(%)").kind, classify("1-本月").kind
    ('ignore', 'ignore', 'ytd')
    """
    if not label:
        return Label(None)
    m = _LABEL_UNIT.match(label)
    if m and not GROWTH.search(m["unit"]):
        inner = classify(m["label"])
        if inner.kind in ("ytd", "month", "value"):
            inner.unit = m["unit"]
            return inner
    if _SHARE.search(label) or _NOT_GROWTH.search(label):
        return Label("ignore")
    if GROWTH.search(label):
        m = re.search(r"1-(\d{1,2})月", label)
        if m:
            return Label("growth", "ytd", int(m.group(1)))
        if re.search(r"同期|累计", label):
            return Label("growth", "ytd")
        m = re.search(r"(?<![-\d])(\d{1,2})月", label)
        if m:
            return Label("growth", "month", int(m.group(1)))
        if re.search(r"同月|本月|当月", label):
            return Label("growth", "month")
        return Label("growth")
    m = _YTD_LABEL.match(label)
    if m:
        return Label("ytd", month=int(m["month"]), year=int(m["year"]) if m["year"] else None)
    m = _MONTH_LABEL.match(label)
    if m:
        return Label("month", month=int(m["month"]), year=int(m["year"]) if m["year"] else None)
    if label in _YTD_WORDS:
        return Label("ytd")
    if label in _MONTH_WORDS:
        return Label("month")
    if label in _VALUE_WORDS:
        return Label("value")
    if _IGNORE.search(label):
        return Label("ignore")
    return Label(None)


def combine(top: Label, sub: Label) -> Label:
    """A two-row header: the lower label refines the upper one (period on top, 绝对数/增长% below).

    Examples
    --------
    >>> c = combine(classify("1-4月"), classify("绝对数")); (c.kind, c.month)
    ('ytd', 4)
    """
    unit = sub.unit or top.unit
    out = _combine(top, sub)
    out.unit = unit if out.kind in ("ytd", "month", "value") else None
    return out


def _combine(top: Label, sub: Label) -> Label:
    if sub.kind is None:
        return top
    if sub.kind == "ignore":
        return sub
    if sub.kind == "growth":
        scope = sub.scope or (top.kind if top.kind in ("ytd", "month") else top.scope)
        return Label("growth", scope, sub.month or top.month, sub.year or top.year)
    if sub.kind == "value":
        kind = top.kind if top.kind in ("ytd", "month") else "value"
        return Label(kind, None, top.month, top.year)
    return Label(sub.kind, None, sub.month or top.month, sub.year or top.year)


def resolve(labels: list[tuple[int, Label, str]]) -> list[tuple[int, str, Label, str]]:
    """Roles of labelled columns: ytd / month / growth / month_growth (growth without a period
    takes the period of the value column on its left; a value without a period is cumulative).

    Examples
    --------
    >>> [r[1] for r in resolve([(1, classify("4月"), "4月"), (2, classify("增长%"), "增长%"),
    ...                         (3, classify("1-4月"), "1-4月"), (4, classify("增长%"), "增长%")])]
    ['month', 'month_growth', 'ytd', 'growth']
    """
    out = []
    left: str | None = None
    for j, lab, label_text in labels:
        if lab.kind in ("ytd", "month"):
            role = lab.kind
        elif lab.kind == "value":
            role = "ytd"
        elif lab.kind == "growth":
            scope = lab.scope or left or "ytd"
            role = "growth" if scope == "ytd" else "month_growth"
        else:
            continue
        if role in ("ytd", "month"):
            left = role
        out.append((j, role, lab, label_text))
    return out


ROLE_ZH = {"ytd": "累计值", "month": "本月值", "growth": "累计增长"}
COLUMN_ZH = {"ytd_value": "累计值", "month_value": "本月值", "ytd_growth": "累计增长%"}


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Catalogue:
    """The catalogue's names (``name_zh``, ``id``, aliases) as :func:`text` writes them."""

    by_name: dict[str, dict[str, object]]

    @classmethod
    def load(cls, data: str | os.PathLike[str] | None) -> Catalogue:
        lookup: dict[str, dict[str, object]] = {}
        for row in load_indicators(data).iter_rows(named=True):
            for name in (row["id"], row["name_zh"], *[a for a in row["aliases"].split("|") if a]):
                lookup.setdefault(text(name), row)
        return cls(lookup)

    def find(self, label: str) -> tuple[dict[str, object] | None, str | None, str]:
        """(catalogue row or None, unit in brackets or None, the name as cleaned).

        Examples
        --------
        >>> info, unit, name = Catalogue.load(None).find("其中:工业投资(亿元)")
        >>> info["id"], unit, name
        ('industrial_investment', '亿元', '工业投资')
        """
        name = _ITEM_SUFFIX.sub("", _ITEM_PREFIX.sub("", label))
        name = _ITEM_PREFIX.sub("", name)  # "其中: 1、…"
        unit = None
        info = self.by_name.get(name)
        m = _BRACKET.match(name)
        if m:
            inner = m["inner"]
            if info is None:
                info = self.by_name.get(m["name"])
                name = m["name"] if info is not None else name
            if inner and not GROWTH.search(inner) and len(inner) <= 6:
                unit = inner
        return info, unit, name


# --------------------------------------------------------------------------- header position


@dataclass
class Header:
    """Where a layout found its header in a sheet's rows."""

    layout: str
    row: int  # index of the (first) header row
    rows: int  # 1 or 2 header rows
    key_col: int  # name column (one_place) or place column (places)
    guess: bool = False  # found by the shape of the rows, not by a label: a labelled header wins


def header_depth(rows: Sequence[Sequence[object]], i: int, key: int) -> int:
    """2 if the row below the header is a second header row (periods/growth labels, no numbers)."""
    if i + 1 >= len(rows):
        return 1
    below = [text(c) for c in rows[i + 1]]
    top = text(rows[i][key]) if key < len(rows[i]) else ""
    if key < len(below) and below[key] not in ("", top):
        return 1
    labels = [t for j, t in enumerate(below) if j != key and t]
    if not labels:
        return 1
    known = [t for t in labels if classify(t).kind is not None]
    numbers = [t for t in labels if is_number(t)]
    return 2 if known and not numbers else 1


def labelled_header(rows: Sequence[Sequence[object]], labels: frozenset[str], layout: str) -> Header | None:
    """The first cell (row by row) whose text is one of ``labels``, as a header; ``None`` when a
    row above it is the analysts' template header."""
    for i, row in enumerate(rows[:HEAD_SCAN]):
        texts = [text(c) for c in row]
        if any(TEMPLATE_LABEL.match(t) for t in texts):
            return None
        for j, t in enumerate(texts):
            if t in labels:
                return Header(layout, i, header_depth(rows, i, j), j)
    return None


# --------------------------------------------------------------------------- period and unit


@dataclass
class Period:
    """A period as one source (标题 / 文件名 / 表头) gives it."""

    where: str
    text: str
    year: int | None
    month: int | None


def title_rows(rows: Sequence[Sequence[object]], head: Header) -> list[str]:
    """Distinct texts of the rows above the header, in order (a merged title repeats its text)."""
    out: list[str] = []
    for row in rows[:head.row]:
        for c in row:
            t = text(c)
            if t and t not in out:
                out.append(t)
    return out


def period_from(title: str, where: str) -> Period | None:
    """The year and month a title names (``2023年1-4月`` → 2023, 4).

    Examples
    --------
    >>> p = period_from("太仓市2023年1-4月主要经济指标", "标题"); (p.year, p.month)
    (2023, 4)
    >>> [period_from(f"2023年{w}主要指标", "标题").month for w in ("一季度", "上半年", "前三季度")]
    [3, 6, 9]
    """
    m = TITLE_PERIOD.search(title)
    if m:
        return Period(where, title, int(m["year"]), int(m["month"]))
    m = _TITLE_WORD_PERIOD.search(title)
    if m:
        return Period(where, title, int(m["year"]), dict(_WORD_PERIODS)[m["word"]])
    m = _YEAR_ONLY.search(title)
    if m:
        return Period(where, title, int(m["year"]), None)
    return None


def period_from_file(name: str) -> Period | None:
    """The year and month a file name names (``2023-04…``, ``202304…``, ``2023年1-4月…``).

    Examples
    --------
    >>> p = period_from_file("SYNTHETIC_202304.csv"); (p.year, p.month)
    (2023, 4)
    """
    stem = text(Path(name).stem)
    for pattern in _FILE_PERIODS:
        m = pattern.search(stem)
        if m and 1 <= int(m["month"]) <= MONTHS_PER_YEAR:
            return Period("文件名", name, int(m["year"]), int(m["month"]))
    m = _YEAR_ONLY.search(stem)
    if m:
        return Period("文件名", name, int(m["year"]), None)
    return None


def agree(file: str, periods: list[Period]) -> tuple[int, int]:
    """The one (year, month) all sources give; a DataFileError naming both sides of a conflict."""
    for what, pick in (("年份", lambda p: p.year), ("月份", lambda p: p.month)):
        given = [p for p in periods if pick(p) is not None]
        for p in given[1:]:
            if pick(p) != pick(given[0]):
                a, b = given[0], p
                raise DataFileError(
                    file, value=f"{a.where}「{a.text}」{_ym(a)} ≠ {b.where}「{b.text}」{_ym(b)}",
                    problem=f"{what}不一致: {a.where}说{_ym(a)}, {b.where}说{_ym(b)} "
                            "(title, file name and header disagree on the period)",
                    expected="标题、文件名和表头的年份、月份一致 (改正写错的一处)")
    year = next((p.year for p in periods if p.year is not None), None)
    month = next((p.month for p in periods if p.month is not None), None)
    if year is None or month is None:
        seen = "; ".join(f"{p.where}「{p.text}」" for p in periods) or "无"
        raise DataFileError(
            file, value=seen, problem="找不到年份或月份 (no year or month found)",
            expected="标题如「太仓市2023年1-4月主要经济指标」, 或文件名如「2023年1-4月….xlsx」/「2023-04….xlsx」")
    if not 1 <= month <= MONTHS_PER_YEAR:
        raise DataFileError(file, value=month, problem="月份不对 (no such month)", expected="1-12月")
    return year, month


def _ym(p: Period) -> str:
    parts = []
    if p.year is not None:
        parts.append(f"{p.year}年")
    if p.month is not None:
        parts.append(f"{p.month}月")
    return "".join(parts)


def unit_row(rows: Sequence[Sequence[object]], head: Header) -> tuple[list[str], str] | None:
    """Level units from a row such as ``单位: 亿元、%`` above the header (``%`` dropped)."""
    for row in rows[:head.row]:
        for c in row:
            m = _UNIT_ROW.match(text(c))
            if m:
                units = [u for u in re.split(r"[、,;/]", m["units"]) if u and u not in ("%", "(%)", "百分比")]
                return units, text(c)
    return None


def check_unit(file: str, row_no: int, unit: str, units: tuple[list[str], str] | None,
               info: dict[str, object], *, needed: bool, column: str | None) -> tuple[str, float]:
    """The unit of a row and the factor to the catalogue's unit: its own (unit column or
    brackets), else the unit row's; the catalogue's (factor 1) or one :data:`UNIT_FACTORS` converts.

    Examples
    --------
    >>> check_unit("f.csv", 3, "万元", None, {"unit": "亿元", "name_zh": "x"}, needed=True, column=None)
    ('亿元', 0.0001)
    """
    expected = str(info["unit"])
    where = column
    if not unit and units is not None:
        found, row_text = units
        if len(found) == 1:
            unit = found[0]
            where = f"单位行「{row_text}」"
        elif expected in found:
            unit = expected
        elif len([u for u in found if (u, expected) in UNIT_FACTORS]) == 1:
            unit = next(u for u in found if (u, expected) in UNIT_FACTORS)
    if not unit:
        if not needed:
            return expected, 1.0
        raise DataFileError(file, row=row_no, column=column, value=info["name_zh"],
                            problem="找不到计量单位 (no unit)",
                            expected=f"计量单位列, 指标名后的括号如「{info['name_zh']}({expected})」, "
                                     f"或单位行如「单位: {expected}、%」")
    if unit != expected:
        if (unit, expected) in UNIT_FACTORS:
            return expected, UNIT_FACTORS[(unit, expected)]
        known = "、".join(a for a, b in UNIT_FACTORS if b == expected)
        raise DataFileError(file, row=row_no, column=where, value=unit,
                            problem=f"单位「{unit}」与指标目录不符, 也无法换算 ({info['name_zh']})",
                            expected=f"{expected} (data/indicators.csv)" + (f", 或可换算的{known}" if known else ""))
    return unit, 1.0


# --------------------------------------------------------------------------- the parsed table


@dataclass
class Column:
    """A value column of a header: its position, role (ytd | month | growth), header text, and —
    in a places table — its indicator and the unit in its label."""

    index: int
    role: str
    label: str
    indicator: dict[str, object] | None = None
    unit: str | None = None


@dataclass
class Columns:
    """What a layout's ``header`` found: the value columns, the unit column (if any), the periods
    the labels name and the columns whose indicator the catalogue does not know."""

    columns: list[Column]
    unit_col: int | None = None
    periods: list[Period] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Context:
    """What a layout's ``cells`` needs besides the rows: the file, sheet, period, provenance,
    catalogue, unit row and the place a title names."""

    file: str
    sheet: str | None
    year: int
    month: int
    provenance: dict[str, str | None]
    catalogue: Catalogue
    units: tuple[list[str], str] | None
    titles: list[str]
    data: str | os.PathLike[str] | None = None
    notes: list[str] = field(default_factory=list)  # what the reading did: unit conversions


@dataclass(frozen=True)
class BureauTable:
    """One sheet of a bureau file, read.

    Attributes
    ----------
    layout
        The layout's name (``"one_place"`` or ``"places"``; :data:`taicang_analysis.sources.layouts.LAYOUTS`).
    sheet
        The sheet's name (``None`` for a CSV).
    year, month
        The period: the cumulative months 1..``month`` of ``year``.
    panel
        One row per place and indicator (:data:`BUREAU_SCHEMA`).
    skipped
        ``(where, name)`` of rows or columns whose indicator is not in the catalogue.
    notes
        The footnotes (``注: 1-2月合并发布`` …) as written.
    provenance
        ``"sidecar"`` (``<file>.source.txt``) or ``"title"`` (derived from the table).
    """

    layout: str
    sheet: str | None
    year: int
    month: int
    panel: pl.DataFrame
    skipped: tuple[tuple[str, str], ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    provenance: str = "sidecar"


class NoLayout(Exception):  # noqa: N818 - a signal to the registry, never shown
    """A sheet a layout cannot read: the registry turns it into a DataFileError that shows the
    rows seen and every accepted layout."""

    def __init__(self, file: str, rows: Sequence[Sequence[object]], what: str) -> None:
        super().__init__(what)
        self.file, self.rows, self.what = file, rows, what


def rows_seen(rows: Sequence[Sequence[object]]) -> str:
    """Where the sheet's content starts, as an error shows it: the first non-empty cell only — a
    message never quotes more of a file than one cell.

    Examples
    --------
    >>> rows_seen([[], [None, "企业名称", "注册资本"], ["甲", 500]])
    '第2行第2列「企业名称」'
    >>> rows_seen([])
    '(空表)'
    """
    for i, r in enumerate(rows[:HEAD_SCAN]):
        for j, c in enumerate(r):
            if text(c):
                return f"第{i + 1}行第{j + 1}列「{text(c)[:40]}」"
    return "(空表)"


def record(ctx: Context, indicator: dict[str, object], region: str, row_no: int, unit: str) -> dict[str, object]:
    """An empty panel record of one place and indicator of a row (values filled by the caller)."""
    return {
        "indicator": indicator["id"], "year": ctx.year, "month": ctx.month, "ytd_value": None, "ytd_growth": None,
        "unit": None, "source_file": ctx.file, "source_row": row_no, "issuer": ctx.provenance["issuer"],
        "report": ctx.provenance["report"], "report_date": ctx.provenance["date"], "region": region,
        "month_value": None, "source_sheet": ctx.sheet, "_info": indicator, "_unit": unit,
    }


def fill(rec: dict[str, object], role: str, value: float | None) -> None:
    """Put a cell's number into its record by the column's role."""
    rec[{"ytd": "ytd_value", "month": "month_value", "growth": "ytd_growth"}[role]] = value


def finish(ctx: Context, records: list[dict[str, object]], row_no: int, unit_column: str | None) -> list[dict[str, object]]:
    """The records of one row that hold a number, each with its unit checked."""
    out = []
    for rec in records:
        if rec["ytd_value"] is None and rec["ytd_growth"] is None and rec["month_value"] is None:
            continue
        info = rec.pop("_info")
        unit = str(rec.pop("_unit") or "")
        rec["unit"], factor = check_unit(ctx.file, row_no, unit, ctx.units, info,  # type: ignore[arg-type]
                                         needed=rec["ytd_value"] is not None or rec["month_value"] is not None,
                                         column=unit_column)
        if factor != 1.0:
            written = unit or next((u for u in (ctx.units or ([], ""))[0] if (u, rec["unit"]) in UNIT_FACTORS), "")
            for col in ("ytd_value", "month_value"):
                if rec[col] is not None:
                    rec[col] = round(rec[col] * factor, 10)  # type: ignore[operator]
            ctx.notes.append(f"第{row_no}行 {info['name_zh']}: {written}换算为{rec['unit']} (×{factor:g})")
        out.append(rec)
    return out


def duplicate(file: str, row_no: int, column: str, label: str, first: int) -> DataFileError:
    """An indicator (or a place) on two rows."""
    return DataFileError(file, row=row_no, column=column, value=label,
                         problem=f"重复, 已在第{first}行 (duplicated)", expected="每个指标 (或每个地区) 一行")


def is_note(row: Sequence[object], columns: list[Column]) -> bool:
    """A footnote row (``注: …``) without numbers in the value columns."""
    lead = next((text(c) for c in row if text(c)), "")
    return bool(NOTE.match(lead)) and not any(is_number(text(cell(row, c.index))) for c in columns)


def data_rows(rows: Sequence[Sequence[object]], head: Header, cols: Columns, notes: list[str]):
    """The rows below the header as (row number as Excel shows it, cells, key cell as text):
    blank rows and rows without a key left out, footnotes appended to ``notes``."""
    for i in range(head.row + head.rows, len(rows)):
        row = rows[i]
        if blank(row):
            continue
        if is_note(row, cols.columns):
            notes.append(" ".join(dict.fromkeys(normalise_text(str(x)) for x in row if text(x))))
            continue
        key = text(cell(row, head.key_col))
        if key:
            yield i + 1, row, key

"""The statistics bureau's own monthly tables, read as they come (no retyping into the template).

Two layouts are recognised (see the README, "每月更新"):

``one_place`` — one place, one month (统计月报「主要经济指标」)::

    太仓市2023年1-4月主要经济指标                       <- title: place, year, months
    单位: 亿元、%                                        <- optional unit row
    指标名称 | 计量单位 | 4月 | 1-4月 | 比上年同期增长(%)  <- header (one or two rows)
    地区生产总值 | 亿元 | … | 540.8 | 4.2
      其中: 工业投资 | 亿元 | … | … | …                  <- indented sub-items
    注: 1-2月合并发布                                     <- footnotes

  Header variants: ``本月 | 累计 | 增长%``, ``1-4月累计 | 同比±%``, a two-row header with the
  period on top and ``绝对数 | 增长%`` under it. A growth column that does not say which period it
  belongs to (``增长%``, ``同比±%``) belongs to the value column on its left; growth of the single
  month (``比上年同月增长``) is not kept.

``places`` — places × indicators (苏州「各市、区主要经济指标」)::

    2023年1-4月各市、区主要经济指标
    地区   | 地区生产总值(亿元) |       | 一般公共预算收入(亿元) |       <- indicator, merged over 2 cols
           | 1-4月             | 增长%  | 1-4月                 | 增长%
    张家港市 | …               | …     | …                     | …
    太仓市  | …                | …     | …                     | …
    全市    | …                | …     | …                     | …

  Places are kept as written (less the spaces that pad short names: ``吴 江 区`` is ``吴江区``).

Indicator names are looked up in the catalogue (``data/indicators.csv``: ``name_zh``, ``id`` and the
``|``-separated ``aliases``) after dropping indentation, ``其中:`` and a unit in brackets; names
that are not in the catalogue are skipped and listed (:attr:`BureauTable.skipped`), never guessed.

The **year and month** come from the title, the file name and the header labels (``1-4月``);
every one that gives them must agree, else :class:`~taicang_analysis.errors.DataFileError`
names both. The **unit** comes from the unit column (``计量单位``), from the brackets of an indicator
header (``地区生产总值(亿元)``) or from the unit row (``单位: 亿元、%``), in that order, and must be
the catalogue's unit (no conversion).

**Provenance**: the same ``<file>.source.txt`` sidecar as the analysts' template
(:func:`taicang_analysis.sources.sidecar.read_provenance`). When it is absent, it is derived from
the table itself: ``report`` is the title (``太仓市2023年1-4月主要经济指标``; the file name if the
table has no title), ``issuer`` is :data:`UNSTATED_ISSUER` (a title names the place the figures
are of, not who published them) and ``report_date`` is null (unknown, so any dated sidecar file
wins a revision).

Month arithmetic the bureau's way (:mod:`taicang_analysis.sources.month_checks`): January and
February are published together (1-2月), so a cumulative series that starts at month 2 is normal;
a cumulative level that falls from one month to the next is an error; a 本月 value that differs
from the difference of two cumulative levels by more than rounding is a warning row.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.month_checks import check_cumulative, rounding
from taicang_analysis.sources.normalise import normalise_text, parse_number
from taicang_analysis.sources.panel import DEFAULT_REGION, PANEL_SCHEMA
from taicang_analysis.sources.sidecar import read_provenance
from taicang_analysis.sources.spreadsheet import read_sheets
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

__all__ = [
    "BUREAU_SCHEMA",
    "LAYOUTS",
    "UNSTATED_ISSUER",
    "BureauTable",
    "detect_layout",
    "load_bureau",
    "parse_bureau_rows",
    "read_bureau_file",
    "read_bureau_tables",
]

#: issuer of a table read without a ``.source.txt`` sidecar
UNSTATED_ISSUER = "未注明发布单位 (no .source.txt)"

#: the monthly panel of :mod:`~taicang_analysis.sources.monthly` plus the place, the single
#: month's value (本月, nullable) and the sheet the row was read from
BUREAU_SCHEMA = {
    **PANEL_SCHEMA,
    "region": pl.String,
    "month_value": pl.Float64,
    "source_sheet": pl.String,
}

#: the layouts accepted, as an error message lists them
LAYOUTS = {
    "one_place": "一地一月 (统计月报「主要经济指标」): 标题「太仓市2023年1-4月主要经济指标」, "
                 "表头「指标名称 | 计量单位 | 4月 | 1-4月 | 比上年同期增长(%)」或「本月 | 累计 | 增长%」",
    "places": "地区×指标 (「各市、区主要经济指标」): 表头第一行「地区 | 地区生产总值 | … 」, "
              "第二行「1-4月 | 增长%」, 每个市、区一行",
}
TEMPLATE_LAYOUT = "分析员模板: 指标名称 | 单位 | YYYY-MM 累计值 | YYYY-MM 累计增长%"

_HEAD_SCAN = 30  # rows searched for the header

NAME_LABELS = frozenset({"指标名称", "指标", "项目", "指标名", "主要指标", "项目名称"})
UNIT_LABELS = frozenset({"计量单位", "单位"})
PLACE_LABELS = frozenset({
    "地区", "地区名称", "区域", "板块", "各板块", "市区", "市、区", "各市、区", "各市区", "市(区)",
    "各市(区)", "县(市、区)", "各县(市、区)", "市(县、区)", "县市区", "市县区", "县(市)区",
})
_PLACE_VALUE = re.compile(r"^(?:.{1,7}(?:市|区|县)|全市|全省|合计|总计|市区|全市合计)$")
_NOTE = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*\d*\s*[:：.、]?")
_DASHES = str.maketrans({"～": "-", "~": "-", "—": "-", "–": "-", "－": "-", "至": "-", "到": "-",
                         "：": ":", "（": "(", "）": ")", "【": "(", "】": ")", "［": "(", "］": ")"})
_SPACE = re.compile(r"\s+")
_TITLE_PERIOD = re.compile(r"(?P<year>\d{4})年(?:度)?(?:1-)?(?P<month>\d{1,2})月")
_YEAR_ONLY = re.compile(r"(?P<year>(?:19|20)\d{2})年")
_FILE_PERIODS = (
    re.compile(r"(?P<year>(?:19|20)\d{2})(?:年|[-_.])?(?:1-)?(?P<month>\d{1,2})月"),
    re.compile(r"(?P<year>(?:19|20)\d{2})[-_.](?P<month>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>0[1-9]|1[0-2])(?!\d)"),
)
_YTD_LABEL = re.compile(r"^(?:(?P<year>\d{4})年)?1-(?P<month>\d{1,2})月?份?(?:累计(?:值|数)?)?(?:数|值)?$")
_MONTH_LABEL = re.compile(r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月份?(?:数|值|当月)?$")
_YTD_WORDS = frozenset({"累计", "累计值", "累计数", "本年累计", "今年累计", "自年初累计", "年初至今",
                        "年初累计", "本年", "本期累计"})
_MONTH_WORDS = frozenset({"本月", "当月", "本月数", "当月数", "本月值", "当月值", "本期"})
_VALUE_WORDS = frozenset({"绝对值", "绝对数", "总量", "数值", "金额", "总额", "实绩", "完成数", "完成值",
                          "数量", "值", "产值"})
_GROWTH = re.compile(r"增长|增速|增幅|±|同比|增减|%|比上年")
_NOT_GROWTH = re.compile(r"增减额|增量|增加额|绝对额|增减量")
_IGNORE = re.compile(r"上年|去年|位次|排名|名次|比重|占|备注|序号|计划|目标|进度|完成率|百分点")
_ITEM_PREFIX = re.compile(
    r"^(?:其中|内|含|包括|#|＃|\*|[一二三四五六七八九十]+、|\d+[.、]|\([一二三四五六七八九十\d]+\))[:、]?")
_ITEM_SUFFIX = re.compile(r"(?:[*＊①②③④⑤⑥⑦⑧⑨⑩]|\(注\d*\)|注\d+)+$")
_BRACKET = re.compile(r"^(?P<name>.+?)\((?P<inner>[^()]*)\)$")
#: the place a one-place title names: 太仓市2023年1-4月…, 太仓市统计月报, 2023年1-4月太仓市主要经济指标
_PLACE_BEFORE = re.compile(r"^(?P<place>[^\d]{1,8}?(?:市|区|县))(?:\d{4}年|统计)")
_PLACE_AFTER = re.compile(r"\d{4}年(?:1-)?\d{1,2}月份?(?P<place>[^\d各]{1,8}?(?:市|区|县))(?:主要|经济|统计)")
_TEMPLATE = re.compile(r"^\d{4}[-./年]\d{1,2}月?(?:累计值|累计增长)")  # the analysts' template header
_UNIT_ROW = re.compile(r"^(?:计量)?单位[:]?(?P<units>.+)$")


def _text(cell: object) -> str:
    """A cell as text: full-width to ASCII, brackets and dashes unified, all spaces removed."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return _SPACE.sub("", normalise_text(str(cell)).translate(_DASHES))


def _blank(row: Sequence[object]) -> bool:
    return all(_text(c) == "" for c in row)


# --------------------------------------------------------------------------- header labels


@dataclass
class _Label:
    kind: str | None  # ytd | month | growth | value | ignore | None (unknown)
    scope: str | None = None  # for growth: ytd | month | None (belongs to the column on its left)
    month: int | None = None
    year: int | None = None


def _classify(label: str) -> _Label:
    """What a header label says: a cumulative or single-month value, a growth rate, or nothing.

    Examples
    --------
    >>> _classify("1-4月").kind, _classify("1-4月").month, _classify("4月").kind
    ('ytd', 4, 'month')
    >>> g = _classify("比上年同期增长(%)"); (g.kind, g.scope)
    ('growth', 'ytd')
    >>> _classify("增长%").scope is None, _classify("比上年同月增长%").scope
    (True, 'month')
    """
    if not label:
        return _Label(None)
    if _NOT_GROWTH.search(label):
        return _Label("ignore")
    if _GROWTH.search(label):
        m = re.search(r"1-(\d{1,2})月", label)
        if m:
            return _Label("growth", "ytd", int(m.group(1)))
        if re.search(r"同期|累计", label):
            return _Label("growth", "ytd")
        m = re.search(r"(?<![-\d])(\d{1,2})月", label)
        if m:
            return _Label("growth", "month", int(m.group(1)))
        if re.search(r"同月|本月|当月", label):
            return _Label("growth", "month")
        return _Label("growth")
    m = _YTD_LABEL.match(label)
    if m:
        return _Label("ytd", month=int(m["month"]), year=int(m["year"]) if m["year"] else None)
    m = _MONTH_LABEL.match(label)
    if m:
        return _Label("month", month=int(m["month"]), year=int(m["year"]) if m["year"] else None)
    if label in _YTD_WORDS:
        return _Label("ytd")
    if label in _MONTH_WORDS:
        return _Label("month")
    if label in _VALUE_WORDS:
        return _Label("value")
    if _IGNORE.search(label):
        return _Label("ignore")
    return _Label(None)


def _combine(top: _Label, sub: _Label) -> _Label:
    """A two-row header: the lower label refines the upper one (period on top, 绝对数/增长% below)."""
    if sub.kind is None:
        return top
    if sub.kind == "ignore":
        return sub
    if sub.kind == "growth":
        scope = sub.scope or (top.kind if top.kind in ("ytd", "month") else top.scope)
        return _Label("growth", scope, sub.month or top.month, sub.year or top.year)
    if sub.kind == "value":
        kind = top.kind if top.kind in ("ytd", "month") else "value"
        return _Label(kind, None, top.month, top.year)
    return _Label(sub.kind, None, sub.month or top.month, sub.year or top.year)


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class _Catalogue:
    by_name: dict[str, dict[str, object]]

    @classmethod
    def load(cls, data: str | os.PathLike[str] | None) -> _Catalogue:
        lookup: dict[str, dict[str, object]] = {}
        for row in load_indicators(data).iter_rows(named=True):
            for name in (row["id"], row["name_zh"], *[a for a in row["aliases"].split("|") if a]):
                lookup.setdefault(_text(name), row)
        return cls(lookup)

    def find(self, label: str) -> tuple[dict[str, object] | None, str | None, str]:
        """(catalogue row or None, unit in brackets or None, the name as cleaned)."""
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
            if inner and not _GROWTH.search(inner) and len(inner) <= 6:
                unit = inner
        return info, unit, name


# --------------------------------------------------------------------------- layout detection


@dataclass
class _Header:
    layout: str
    row: int  # index of the (first) header row
    rows: int  # 1 or 2 header rows
    key_col: int  # name column (one_place) or place column (places)


def _find_header(rows: Sequence[Sequence[object]]) -> _Header | None:
    for i, row in enumerate(rows[:_HEAD_SCAN]):
        texts = [_text(c) for c in row]
        if any(_TEMPLATE.match(t) for t in texts):
            return None  # the analysts' template (monthly.read_monthly_file reads it)
        for j, t in enumerate(texts):
            if t in NAME_LABELS:
                return _Header("one_place", i, _header_depth(rows, i, j), j)
            if t in PLACE_LABELS:
                return _Header("places", i, _header_depth(rows, i, j), j)
    # places with an empty top-left header cell: a first column of place names under a row of
    # labels
    for i, row in enumerate(rows[:_HEAD_SCAN]):
        texts = [_text(c) for c in row]
        if len(texts) < 2 or texts[0] or not any(texts[1:]):
            continue
        below = [_text(r[0]) if r else "" for r in rows[i + 1:i + 12]]
        places = [t for t in below if _PLACE_VALUE.match(t)]
        if len(places) >= 2:
            return _Header("places", i, _header_depth(rows, i, 0), 0)
    return None


def _header_depth(rows: Sequence[Sequence[object]], i: int, key: int) -> int:
    """2 if the row below the header is a second header row (periods/growth labels, no numbers)."""
    if i + 1 >= len(rows):
        return 1
    below = [_text(c) for c in rows[i + 1]]
    top = _text(rows[i][key]) if key < len(rows[i]) else ""
    if key < len(below) and below[key] not in ("", top):
        return 1
    labels = [t for j, t in enumerate(below) if j != key and t]
    if not labels:
        return 1
    known = [t for t in labels if _classify(t).kind is not None]
    numbers = [t for t in labels if _is_number(t)]
    return 2 if known and not numbers else 1


def _is_number(text: str) -> bool:
    try:
        return parse_number(text, percent=True) is not None
    except ValueError:
        return False


def detect_layout(rows: Sequence[Sequence[object]]) -> str | None:
    """Which bureau layout a sheet's rows have: ``"one_place"``, ``"places"`` or ``None``.

    ``None`` for anything else, including the analysts' template (its header is
    ``指标名称 | 单位 | YYYY-MM 累计值 …`` and has no bureau period labels) — the monthly loader
    reads that one itself.

    Examples
    --------
    >>> detect_layout([["太仓市2023年1-4月主要经济指标"], ["指标名称", "计量单位", "1-4月", "增长%"]])
    'one_place'
    >>> detect_layout([["地区", "地区生产总值", "地区生产总值"], ["地区", "1-4月", "增长%"]])
    'places'
    >>> detect_layout([["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"]]) is None
    True
    """
    head = _find_header(rows)
    if head is None:
        return None
    if head.layout == "one_place":
        labels = _one_place_labels(rows, head)
        if not any(lab.kind in ("ytd", "month", "value", "growth") for _, lab, _ in labels):
            return None
    return head.layout


# --------------------------------------------------------------------------- period and unit


@dataclass
class _Period:
    where: str  # 标题 / 文件名 / 表头
    text: str
    year: int | None
    month: int | None


def _title_rows(rows: Sequence[Sequence[object]], head: _Header) -> list[str]:
    """Distinct texts of the rows above the header, in order (a merged title repeats its text)."""
    out: list[str] = []
    for row in rows[:head.row]:
        for c in row:
            t = _text(c)
            if t and t not in out:
                out.append(t)
    return out


def _period_from(text: str, where: str) -> _Period | None:
    m = _TITLE_PERIOD.search(text)
    if m:
        return _Period(where, text, int(m["year"]), int(m["month"]))
    m = _YEAR_ONLY.search(text)
    if m:
        return _Period(where, text, int(m["year"]), None)
    return None


def _period_from_file(name: str) -> _Period | None:
    stem = _text(Path(name).stem)
    for pattern in _FILE_PERIODS:
        m = pattern.search(stem)
        if m and 1 <= int(m["month"]) <= MONTHS_PER_YEAR:
            return _Period("文件名", name, int(m["year"]), int(m["month"]))
    m = _YEAR_ONLY.search(stem)
    if m:
        return _Period("文件名", name, int(m["year"]), None)
    return None


def _agree(file: str, periods: list[_Period]) -> tuple[int, int]:
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


def _ym(p: _Period) -> str:
    parts = []
    if p.year is not None:
        parts.append(f"{p.year}年")
    if p.month is not None:
        parts.append(f"{p.month}月")
    return "".join(parts)


def _unit_row(rows: Sequence[Sequence[object]], head: _Header) -> tuple[list[str], str] | None:
    """Level units from a row such as ``单位: 亿元、%`` above the header (``%`` dropped)."""
    for row in rows[:head.row]:
        for c in row:
            m = _UNIT_ROW.match(_text(c))
            if m:
                units = [u for u in re.split(r"[、,;/]", m["units"]) if u and u not in ("%", "(%)", "百分比")]
                return units, _text(c)
    return None


# --------------------------------------------------------------------------- the parsed table


@dataclass(frozen=True)
class BureauTable:
    """One sheet of a bureau file, read.

    Attributes
    ----------
    layout
        ``"one_place"`` or ``"places"`` (see :data:`LAYOUTS`).
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
        ``"sidecar"`` (``<file>.source.txt``) or ``"title"`` (derived, see the module docstring).
    """

    layout: str
    sheet: str | None
    year: int
    month: int
    panel: pl.DataFrame
    skipped: tuple[tuple[str, str], ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    provenance: str = "sidecar"


@dataclass
class _Column:
    index: int
    role: str  # ytd | month | growth | month_growth
    label: str  # header text for error messages
    indicator: dict[str, object] | None = None
    unit: str | None = None


def _one_place_labels(rows: Sequence[Sequence[object]], head: _Header) -> list[tuple[int, _Label, str]]:
    top = list(rows[head.row])
    sub = list(rows[head.row + 1]) if head.rows == 2 else []
    width = max(len(top), len(sub))
    top_texts = [_text(c) for c in top] + [""] * (width - len(top))
    sub_texts = [_text(c) for c in sub] + [""] * (width - len(sub))
    if head.rows == 2:  # a CSV has no merged cells: the period on top spans the blanks on its right
        for j in range(1, width):
            if not top_texts[j] and sub_texts[j] and j != head.key_col:
                top_texts[j] = top_texts[j - 1]
    out = []
    for j in range(width):
        if j == head.key_col or top_texts[j] in UNIT_LABELS:
            continue
        lab = _combine(_classify(top_texts[j]), _classify(sub_texts[j])) if head.rows == 2 else _classify(
            top_texts[j])
        text = "/".join(t for t in dict.fromkeys((top_texts[j], sub_texts[j])) if t)
        out.append((j, lab, text))
    return out


def _resolve(labels: list[tuple[int, _Label, str]]) -> list[tuple[int, str, _Label, str]]:
    """Roles of labelled columns: ytd / month / growth / month_growth (growth without a period
    takes the period of the value column on its left; a value without a period is cumulative)."""
    out = []
    left: str | None = None
    for j, lab, text in labels:
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
        out.append((j, role, lab, text))
    return out


def _cell(row: Sequence[object], j: int) -> object:
    return row[j] if j < len(row) else None


def _number(file: str, row_no: int, label: str, cell: object, *, percent: bool) -> float | None:
    try:
        return parse_number(cell, percent=percent)
    except ValueError:
        raise DataFileError(file, row=row_no, column=label, value=cell, problem="不是数字 (not a number)",
                            expected="数字, 或 —、-、空白 表示无数据") from None


def _unrecognised(file: str, rows: Sequence[Sequence[object]], what: str) -> DataFileError:
    seen = [" | ".join(_text(c) for c in r if _text(c)) for r in rows[:_HEAD_SCAN] if not _blank(r)][:6]
    shown = " / ".join(f"「{s[:80]}」" for s in seen) or "(空表 empty)"
    return DataFileError(
        file, value=shown,
        problem=f"{what}, 看到的前几行 (rows seen): {shown}",
        expected="可接受的样式 (accepted layouts): (a) " + LAYOUTS["one_place"] + "; (b) " + LAYOUTS["places"]
                 + "; 或 (or) " + TEMPLATE_LAYOUT)


def parse_bureau_rows(
    rows: Sequence[Sequence[object]],
    *,
    file: str | os.PathLike[str],
    sheet: str | None = None,
    data: str | os.PathLike[str] | None = None,
    provenance: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> BureauTable:
    """Read one sheet's rows (a list of lists, as a spreadsheet shows them) in either bureau layout.

    Parameters
    ----------
    rows
        The sheet's cells, row 1 first (merged cells may repeat their value or be blank).
    file
        The file the rows come from: named in errors, read for its period (file name) and kept as
        ``source_file``.
    sheet
        The sheet's name, kept as ``source_sheet``.
    data
        Data folder whose ``indicators.csv`` names the indicators.
    provenance
        ``issuer``, ``report``, ``date``; ``None`` derives them from the title (see the module
        docstring).
    today
        A period whose month has not ended by ``today`` is an error (default: no check).

    Raises
    ------
    DataFileError
        A sheet that fits neither layout (the message shows the rows seen and the accepted
        layouts); periods that disagree; no period; a unit that is missing or not the catalogue's;
        a number cell that is not a number; an indicator or place twice; no known indicator.

    Examples
    --------
    Made-up (SYNTHETIC) numbers:

    >>> rows = [["太仓市2023年1-4月主要经济指标"], ["单位: 亿元、%"],
    ...         ["指标名称", "4月", "1-4月", "比上年同期增长(%)"],
    ...         ["地区生产总值", "", "540.8", "4.2%"], ["  其中: 工业投资", "31.5", "120.0", "-3.5"]]
    >>> t = parse_bureau_rows(rows, file="SYNTHETIC.csv")
    >>> t.layout, t.year, t.month, t.provenance
    ('one_place', 2023, 4, 'title')
    >>> t.panel.select("region", "indicator", "month", "ytd_value", "ytd_growth", "month_value", "unit").rows()
    [('太仓市', 'gdp', 4, 540.8, 4.2, None, '亿元'), ('太仓市', 'industrial_investment', 4, 120.0, -3.5, 31.5, '亿元')]
    """
    file = Path(file)
    fname = file.name
    head = _find_header(rows)
    if head is None:
        raise _unrecognised(fname, rows, "无法识别的表格样式: 找不到表头 (no header row found)")
    cat = _Catalogue.load(data)
    titles = _title_rows(rows, head)
    periods = [p for p in (_period_from(t, "标题") for t in titles) if p is not None]
    file_period = _period_from_file(fname)
    if file_period is not None:
        periods.append(file_period)
    unit_row = _unit_row(rows, head)
    if head.layout == "one_place":
        columns, key_cols, header_periods = _one_place_columns(fname, rows, head)
    else:
        columns, key_cols, header_periods, skipped_cols = _places_columns(fname, rows, head, cat)
    periods.extend(header_periods)
    year, month = _agree(fname, periods)
    if today is not None and (year, month) >= (today.year, today.month):
        raise DataFileError(fname, value=f"{year}年{month}月", problem="期别在未来 (period in the future)",
                            expected=f"{today.year}年{today.month}月以前已结束的月份")

    if provenance is None:
        side = file.with_name(file.name + ".source.txt")
        if side.exists():
            provenance = read_provenance(file)
            source = "sidecar"
        else:
            title = next((t for t in titles if _TITLE_PERIOD.search(t)), titles[0] if titles else fname)
            provenance = {"issuer": UNSTATED_ISSUER, "report": title, "date": None}  # type: ignore[dict-item]
            source = "title"
    else:
        source = "sidecar"

    place = DEFAULT_REGION
    if head.layout == "one_place":
        for t in titles:
            m = _PLACE_BEFORE.match(t) or _PLACE_AFTER.search(t)
            if m:
                place = m["place"]
                break
    records: list[dict[str, object]] = []
    skipped: list[tuple[str, str]] = [] if head.layout == "one_place" else skipped_cols
    notes: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    first = head.row + head.rows
    unit_col = key_cols.get("unit")
    for i in range(first, len(rows)):
        row = rows[i]
        row_no = i + 1
        if _blank(row):
            continue
        key = _text(_cell(row, head.key_col))
        lead = next((_text(c) for c in row if _text(c)), "")
        if _NOTE.match(lead) and not any(_is_number(_text(_cell(row, c.index))) for c in columns):
            notes.append(" ".join(dict.fromkeys(normalise_text(str(c)) for c in row if _text(c))))
            continue
        if not key:
            continue
        values = {c.index: _cell(row, c.index) for c in columns}
        if head.layout == "one_place":
            info, bracket_unit, name = cat.find(key)
            if info is None:
                if any(_text(v) for v in values.values()):
                    skipped.append((f"第{row_no}行", name))
                continue
            region = place
            row_unit = _text(_cell(row, unit_col)) if unit_col is not None else ""
            row_unit = row_unit or bracket_unit or ""
            dup_key = (region, str(info["id"]))
            label = key
        else:
            region = key
            dup_key = (region, "")
            label = key
            info = None
            row_unit = ""
        if dup_key in seen:
            raise DataFileError(fname, row=row_no, column=_text(rows[head.row][head.key_col]), value=label,
                                problem=f"重复, 已在第{seen[dup_key]}行 (duplicated)",
                                expected="每个指标 (或每个地区) 一行")
        seen[dup_key] = row_no
        by_ind: dict[str, dict[str, object]] = {}
        for col in columns:
            ind = info if head.layout == "one_place" else col.indicator
            assert ind is not None
            number = _number(fname, row_no, col.label, values[col.index],
                             percent=col.role in ("growth", "month_growth"))
            rec = by_ind.setdefault(str(ind["id"]), {
                "indicator": ind["id"], "year": year, "month": month, "ytd_value": None, "ytd_growth": None,
                "unit": None, "source_file": fname, "source_row": row_no, "issuer": provenance["issuer"],
                "report": provenance["report"], "report_date": provenance["date"], "region": region,
                "month_value": None, "source_sheet": sheet, "_info": ind,
                "_unit": row_unit if head.layout == "one_place" else (col.unit or ""),
            })
            if head.layout == "places" and col.unit and not rec["_unit"]:
                rec["_unit"] = col.unit
            if col.role == "ytd":
                rec["ytd_value"] = number
            elif col.role == "month":
                rec["month_value"] = number
            elif col.role == "growth":
                rec["ytd_growth"] = number
        for rec in by_ind.values():
            if rec["ytd_value"] is None and rec["ytd_growth"] is None and rec["month_value"] is None:
                continue
            ind = rec.pop("_info")
            unit = str(rec.pop("_unit") or "")
            rec["unit"] = _check_unit(fname, row_no, unit, unit_row, ind,
                                      needed=rec["ytd_value"] is not None or rec["month_value"] is not None,
                                      column=_text(rows[head.row][unit_col]) if unit_col is not None else None)
            records.append(rec)
    if not records:
        names = "、".join(n for _, n in skipped[:12]) or "无"
        raise DataFileError(fname, value=names, problem="表中没有指标目录里的指标 (no known indicator)",
                            expected="data/indicators.csv 里的指标名称或别名 (name_zh / aliases)")
    panel = pl.DataFrame(records, schema=BUREAU_SCHEMA, orient="row")
    return BureauTable(head.layout, sheet, year, month, panel.sort("region", "indicator"),
                       tuple(skipped), tuple(notes), source)


def _check_unit(file: str, row_no: int, unit: str, unit_row: tuple[list[str], str] | None,
                info: dict[str, object], *, needed: bool, column: str | None) -> str:
    expected = str(info["unit"])
    where = column
    if not unit and unit_row is not None:
        units, text = unit_row
        if len(units) == 1:
            unit = units[0]
            where = f"单位行「{text}」"
        elif expected in units:
            unit = expected
    if not unit:
        if not needed:
            return expected
        raise DataFileError(file, row=row_no, column=column, value=info["name_zh"],
                            problem="找不到计量单位 (no unit)",
                            expected=f"计量单位列, 指标名后的括号如「{info['name_zh']}({expected})」, "
                                     f"或单位行如「单位: {expected}、%」")
    if unit != expected:
        raise DataFileError(file, row=row_no, column=where, value=unit,
                            problem=f"单位与指标目录不符 ({info['name_zh']}) (unit differs from the catalogue)",
                            expected=f"{expected} (data/indicators.csv)")
    return unit


def _one_place_columns(file: str, rows: Sequence[Sequence[object]], head: _Header):
    labels = _one_place_labels(rows, head)
    top = [_text(c) for c in rows[head.row]]
    key_cols: dict[str, int] = {}
    for j, t in enumerate(top):
        if t in UNIT_LABELS and j != head.key_col:
            key_cols["unit"] = j
    periods = []
    columns: list[_Column] = []
    taken: dict[str, str] = {}
    for j, role, lab, text in _resolve(labels):
        if lab.month is not None or lab.year is not None:
            if role in ("ytd", "growth") or lab.kind == "ytd":
                periods.append(_Period("表头", text, lab.year, lab.month))
        if role == "month_growth":
            continue  # growth of the single month: not kept
        if role in taken:
            raise DataFileError(file, row=head.row + 1, column=text, value=text,
                                problem=f"两列都是{_ROLE_ZH[role]}: 「{taken[role]}」和「{text}」 "
                                        "(two columns with the same meaning)",
                                expected="每种数 (本月、累计、累计增长) 一列")
        taken[role] = text
        columns.append(_Column(j, role, text))
    if not columns:
        raise _unrecognised(file, rows, "表头里找不到本月/累计/增长列 (no value columns in the header)")
    # a single-month label (4月) also names the period; keep it when nothing else does
    for _j, role, lab, text in _resolve(labels):
        if role == "month" and lab.month is not None and not any(p.month for p in periods):
            periods.append(_Period("表头", text, lab.year, lab.month))
    return columns, key_cols, periods


_ROLE_ZH = {"ytd": "累计值", "month": "本月值", "growth": "累计增长"}
_COLUMN_ZH = {"ytd_value": "累计值", "month_value": "本月值", "ytd_growth": "累计增长%"}


def _places_columns(file: str, rows: Sequence[Sequence[object]], head: _Header, cat: _Catalogue):
    top = list(rows[head.row])
    sub = list(rows[head.row + 1]) if head.rows == 2 else []
    width = max(len(top), len(sub))
    top_texts = [_text(c) for c in top] + [""] * (width - len(top))
    sub_texts = [_text(c) for c in sub] + [""] * (width - len(sub))
    for j in range(1, width):  # merged indicator header: blank on the right in a CSV
        if not top_texts[j] and j != head.key_col and j - 1 != head.key_col:
            top_texts[j] = top_texts[j - 1]
    periods: list[_Period] = []
    columns: list[_Column] = []
    skipped: list[tuple[str, str]] = []
    current: tuple[dict[str, object] | None, str | None, str] | None = None
    current_text = ""
    groups: dict[str, list[tuple[int, _Label, str]]] = {}
    for j in range(width):
        if j == head.key_col or not top_texts[j]:
            continue
        t = top_texts[j]
        lab_top = _classify(t)
        if head.rows == 1 and lab_top.kind == "growth" and current is not None:
            lab = lab_top  # "增长%" after an indicator column
        else:
            if t != current_text:
                current = cat.find(t)
                current_text = t
                if current[0] is None and (current[2], t) not in skipped:
                    skipped.append((f"列「{t}」", current[2]))
            lab = _classify(sub_texts[j]) if head.rows == 2 else _Label("value")
            if head.rows == 2 and lab.kind is None and not sub_texts[j]:
                lab = _Label("value")
        assert current is not None
        info, unit, _ = current
        if info is None:
            continue
        text = "/".join(x for x in dict.fromkeys((t, sub_texts[j])) if x)
        groups.setdefault(str(info["id"]), []).append((j, lab, text))
        columns.append(_Column(j, "", text, info, unit))
    by_index = {c.index: c for c in columns}
    out: list[_Column] = []
    for ind_id, labels in groups.items():
        taken: dict[str, str] = {}
        for j, role, lab, text in _resolve(labels):
            if lab.month is not None or lab.year is not None:
                periods.append(_Period("表头", text, lab.year, lab.month))
            if role == "month_growth":
                continue
            if role in taken:
                raise DataFileError(file, row=head.row + 1, column=text, value=text,
                                    problem=f"{ind_id} 两列都是{_ROLE_ZH[role]}: 「{taken[role]}」和「{text}」",
                                    expected="每个指标的本月、累计、累计增长各一列")
            taken[role] = text
            col = by_index[j]
            col.role = role
            out.append(col)
    if not out and not skipped:
        raise _unrecognised(file, rows, "表头里找不到指标列 (no indicator columns in the header)")
    return out, {}, periods, skipped


# --------------------------------------------------------------------------- files


def read_bureau_tables(
    path: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    data: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> list[BureauTable]:
    """Read a bureau file (.xlsx, .xls, .csv) into one :class:`BureauTable` per sheet read.

    Parameters
    ----------
    path
        The file.
    sheet
        A sheet's name or 0-based position; ``None`` reads every visible sheet that has a bureau
        layout (and fails, showing each sheet's first rows, if none has).
    data
        Data folder (catalogue).
    today
        Reject periods whose month has not ended (default: no check).

    Examples
    --------
    >>> read_bureau_tables("no_such_file.xlsx")
    Traceback (most recent call last):
    ...
    taicang_analysis.errors.DataFileError: no_such_file.xlsx: 文件不存在 (file not found); 应为 expected: ...
    """
    path = Path(path)
    if not path.exists():
        raise DataFileError(path.name, problem="文件不存在 (file not found)", expected="an existing file")
    sheets = read_sheets(path)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise DataFileError(path.name, value=sheet, problem="没有这个工作表 (no such sheet)",
                                expected=f"0-{len(sheets) - 1}: " + "、".join(s.name for s in sheets))
        chosen = [sheets[sheet]]
    elif isinstance(sheet, str):
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            raise DataFileError(path.name, value=sheet, problem="没有这个工作表 (no such sheet)",
                                expected="、".join(s.name for s in sheets))
    else:
        chosen = [s for s in sheets if not s.hidden]
    one_file = path.suffix.lower() == ".csv"
    tables = []
    for s in chosen:
        if sheet is None and len(chosen) > 1 and detect_layout(s.rows) is None:
            continue
        name = None if one_file else s.name
        try:
            tables.append(parse_bureau_rows(s.rows, file=path, sheet=name, data=data, today=today))
        except DataFileError as exc:
            if name is None or exc.sheet is not None:
                raise
            raise DataFileError(exc.file, problem=exc.problem, expected=exc.expected, row=exc.row,
                                column=exc.column, value=exc.value, sheet=name) from None
    if not tables:
        seen = [(s.name, s.rows) for s in chosen]
        rows = [[f"[{name}]", *r] for name, rs in seen for r in rs[:4]]
        raise _unrecognised(path.name, rows, "没有一个工作表是统计局的表格样式 (no sheet has a bureau layout)")
    return tables


def read_bureau_file(
    path: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    data: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> pl.DataFrame:
    """Read a bureau file into the monthly panel (:data:`BUREAU_SCHEMA`): the columns of
    ``monthly.PANEL_SCHEMA`` plus ``region``, ``month_value`` (本月) and ``source_sheet``.

    Provenance comes from ``<file>.source.txt`` when it exists, else from the title (``report``
    = the title, ``issuer`` = :data:`UNSTATED_ISSUER`, ``report_date`` null). Where two sheets of
    the file give the same place, indicator and month (the county's own table and Suzhou's table
    of places), the values must agree to the rounding of the less precise one; the first sheet's
    row is kept.

    Parameters
    ----------
    path, sheet, data, today
        As :func:`read_bureau_tables`.

    Raises
    ------
    DataFileError
        See :func:`parse_bureau_rows`; also two sheets that disagree.

    Examples
    --------
    >>> read_bureau_file("no_such_file.csv")
    Traceback (most recent call last):
    ...
    taicang_analysis.errors.DataFileError: no_such_file.csv: 文件不存在 (file not found); 应为 expected: ...
    """
    tables = read_bureau_tables(path, sheet, data=data, today=today)
    return _merge_sheets(Path(path).name, [t.panel for t in tables])


def _merge_sheets(file: str, panels: list[pl.DataFrame]) -> pl.DataFrame:
    keys = ["region", "indicator", "year", "month"]
    kept: dict[tuple, dict[str, object]] = {}
    for panel in panels:
        for rec in panel.iter_rows(named=True):
            k = tuple(rec[c] for c in keys)
            old = kept.get(k)
            if old is None:
                kept[k] = rec
                continue
            for col in ("ytd_value", "ytd_growth", "month_value"):
                a, b = old[col], rec[col]
                if a is not None and b is not None and abs(a - b) > rounding(a, b) + 1e-9:
                    raise DataFileError(
                        file, sheet=rec["source_sheet"], row=rec["source_row"], column=_COLUMN_ZH[col], value=b,
                        problem=f"与工作表「{old['source_sheet']}」第{old['source_row']}行的 {a} 不一致 "
                                f"({rec['region']} {rec['indicator']}) (two sheets disagree)",
                        expected="同一地区、指标、月份在各工作表中数值相同 (四舍五入以内)")
                if a is None and b is not None:
                    old[col] = b
    return pl.DataFrame(list(kept.values()), schema=BUREAU_SCHEMA, orient="row").sort(
        "region", "indicator", "year", "month")


# --------------------------------------------------------------------------- month arithmetic


def load_bureau(
    paths: Iterable[str | os.PathLike[str]],
    *,
    data: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> pl.DataFrame:
    """Read several bureau files (e.g. one per month) into one panel and check its months.

    Where two files give the same place, indicator and month, the later report date wins (a
    revision; equal or unknown dates: the later file name), as in
    :func:`~taicang_analysis.sources.monthly.load_monthly`. Then :func:`check_cumulative`.

    Examples
    --------
    >>> load_bureau([]).columns == list(BUREAU_SCHEMA)
    True
    """
    frames = [read_bureau_file(p, data=data, today=today) for p in sorted(Path(p) for p in paths)]
    if not frames:
        return pl.DataFrame(schema=BUREAU_SCHEMA)
    panel = (
        pl.concat(frames)
        .sort("report_date", "source_file", nulls_last=False)
        .unique(["region", "indicator", "year", "month"], keep="last", maintain_order=True)
        .sort("region", "indicator", "year", "month")
    )
    return check_cumulative(panel, data=data)

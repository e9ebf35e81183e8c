"""The analysts' template (``data/templates/monthly_template.*``): one row per indicator, columns
``指标名称`` (or ``指标代码``), ``单位``, and for each month a pair ``YYYY-MM 累计值`` (cumulative
level) and ``YYYY-MM 累计增长%`` (cumulative growth). ``2023年4月累计值`` is read like
``2023-04 累计值``.

Which sheet of a workbook: the visible sheet whose first row is the template's header; hidden
sheets (an old month kept in the workbook) are never read; two visible template sheets are an
error naming both (:func:`choose_sheet`).

Examples
--------
>>> detect([["指标名称", "单位", "2023-04 累计值"]]).layout
'template'
>>> detect([["太仓市2023年1-4月主要经济指标"]]) is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.catalogue import indicator_lookup, load_indicators
from taicang_analysis.sources.layouts.common import Header
from taicang_analysis.sources.normalise import normalise_text, parse_number
from taicang_analysis.sources.panel import DEFAULT_REGION, PANEL_SCHEMA
from taicang_analysis.sources.sidecar import read_provenance
from taicang_analysis.sources.spreadsheet import Sheet
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

NAME = "template"
DESCRIPTION = "分析员模板: 指标名称 | 单位 | YYYY-MM 累计值 | YYYY-MM 累计增长%"

NAME_COLUMNS = ("指标名称", "指标")
CODE_COLUMN = "指标代码"
UNIT_COLUMN = "单位"
VALUE_WORD = "累计值"
GROWTH_WORD = "累计增长%"
_PERIOD_HEADER = re.compile(
    r"^(?P<year>\d{4})\s*(?:[-./年])\s*(?P<month>\d{1,2})\s*月?\s*"
    r"(?P<what>累计值|累计增长\s*(?:%|\(%\))?)$"
)
TEMPLATE_HEADER = "指标名称, 单位, YYYY-MM 累计值, YYYY-MM 累计增长%"


def _first_row(rows: Sequence[Sequence[object]]) -> list[str]:
    return [normalise_text(str(x)) if x is not None else "" for x in (rows[0] if rows else [])]


def is_template_header(sheet: Sheet) -> bool:
    """True when a sheet's first row has the template's indicator and unit columns.

    Examples
    --------
    >>> is_template_header(Sheet("m", [["指标名称", "单位", "2023-04 累计值"]], True, False))
    True
    >>> is_template_header(Sheet("m", [["太仓市2023年1-4月主要经济指标"]], True, False))
    False
    """
    return detect(sheet.rows) is not None


def detect(rows: Sequence[Sequence[object]]) -> Header | None:
    """The template's header: the first row, with an indicator column and a 单位 column."""
    first = _first_row(rows)
    has_name = any(h in NAME_COLUMNS or h == CODE_COLUMN for h in first)
    return Header(NAME, 0, 1, 0) if has_name and UNIT_COLUMN in first else None


def meant_as_template(rows: Sequence[Sequence[object]]) -> bool:
    """An empty sheet, or a first row with a template period column (``2023-04 累计值``): the
    template's own errors say best what is wrong with it."""
    first = _first_row(rows)
    if not any(first):
        return True
    return any(_PERIOD_HEADER.match(h) for h in first)


def choose_sheet(path: Path, sheets: list[Sheet]) -> Sheet | None:
    """The one visible sheet with the template's header; None when no visible sheet has it."""
    matching = [s for s in sheets if not s.hidden and is_template_header(s)]
    if len(matching) > 1:
        raise DataFileError(path, value="、".join(s.name for s in matching),
                            problem="工作簿中有多个表头符合模板的可见工作表: "
                                    + "、".join(f"「{s.name}」" for s in matching)
                                    + " (several template sheets)",
                            expected="每个文件只留一个要读取的工作表; 把旧月份的工作表删除或隐藏, "
                                     "或另存为单独的文件")
    return matching[0] if matching else None


@dataclass
class Columns:
    """The template's header: the name, code and unit columns and each period column's
    (year, month, value | growth)."""

    names: list[str]
    name_col: int | None
    code_col: int | None
    unit_col: int
    periods: dict[int, tuple[int, int, str]]


def header(path: Path, sheet: Sheet, *, today: dt.date, where: dict[str, str]) -> Columns:
    """Check the first row and read its period columns.

    Raises
    ------
    DataFileError
        Empty file; no indicator or unit column; an unrecognised, duplicated or future period
        column; no data rows.
    """
    rows = sheet.rows
    if not rows or all(x is None or str(x).strip() == "" for x in rows[0]):
        raise DataFileError(path, row=1, problem="文件是空的 (empty file)",
                            expected=f"a header row {TEMPLATE_HEADER}", **where)
    names = _first_row(rows)
    name_col = next((i for i, h in enumerate(names) if h in NAME_COLUMNS), None)
    code_col = names.index(CODE_COLUMN) if CODE_COLUMN in names else None
    if name_col is None and code_col is None:
        raise DataFileError(path, row=1, column=names[0] if names else None,
                            problem="缺少指标名称列 (no indicator column)",
                            expected="a column headed 指标名称 (or 指标代码)", **where)
    if UNIT_COLUMN not in names:
        raise DataFileError(path, row=1, problem="缺少单位列 (no unit column)",
                            expected="a column headed 单位", **where)
    unit_col = names.index(UNIT_COLUMN)
    periods: dict[int, tuple[int, int, str]] = {}
    seen: dict[tuple[int, int, str], str] = {}
    last_closed = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, MONTHS_PER_YEAR)
    for j, h in enumerate(names):
        if j in (name_col, code_col, unit_col):
            continue
        m = _PERIOD_HEADER.match(h)
        if not m:
            raise DataFileError(path, row=1, column=h or f"(第{j + 1}列, empty header)", value=h,
                                problem="无法识别的列标题 (unrecognised column header)",
                                expected="'YYYY-MM 累计值' or 'YYYY-MM 累计增长%'", **where)
        year, month = int(m["year"]), int(m["month"])
        what = "value" if m["what"] == VALUE_WORD else "growth"
        if not 1 <= month <= MONTHS_PER_YEAR:
            raise DataFileError(path, row=1, column=h, value=month,
                                problem="月份不对 (no such month)", expected="a month 1-12", **where)
        if (year, month) > last_closed:
            raise DataFileError(path, row=1, column=h, value=f"{year}-{month:02d}",
                                problem="期别在未来 (period in the future)",
                                expected=f"a month up to {last_closed[0]}-{last_closed[1]:02d}", **where)
        key = (year, month, what)
        if key in seen:
            raise DataFileError(path, row=1, column=h, value=h,
                                problem=f"期别重复, 与「{seen[key]}」相同 (duplicated period)",
                                expected="each month's 累计值 and 累计增长% once", **where)
        seen[key] = h
        periods[j] = key
    if len(rows) < 2:
        raise DataFileError(path, row=2, problem="没有数据行 (no data rows)",
                            expected="one row per indicator below the header", **where)
    return Columns(names, name_col, code_col, unit_col, periods)


def _number(path: Path, r: int, column: str, value: object, what: str, unit: str, where: dict[str, str]) -> float | None:
    try:
        return parse_number(value, percent=what == "growth")
    except ValueError:
        if isinstance(value, dt.date):
            raise DataFileError(
                path, row=r, column=column, value=str(value), **where,
                problem="是日期, 不是数字: 单元格可能设成了日期格式 (a date in a number cell)",
                expected="a number; 在Excel中把该单元格格式改为「常规」或「数值」, 再输入数字") from None
        shown = normalise_text(str(value))
        if what == "value" and shown.endswith("%"):
            raise DataFileError(
                path, row=r, column=column, value=value, **where,
                problem="累计值列中是百分数, 单元格可能设成了百分比格式 (a percent in a level column)",
                expected=f"the level in {unit}; 在Excel中把该单元格格式改为「常规」或「数值」") from None
        raise DataFileError(path, row=r, column=column, value=value,
                            problem="不是数字 (not a number)",
                            expected="a number, or — / - / empty for no figure", **where) from None


def cells(path: Path, sheet: Sheet, cols: Columns, *, data, where: dict[str, str]) -> pl.DataFrame:
    """One panel row per indicator and month with a number.

    Raises
    ------
    DataFileError
        Unknown or duplicated indicator; a unit other than the catalogue's; a cell that is not a
        number (a date, a percent in a level column, text); a negative count; no provenance.
    """
    provenance = read_provenance(path)
    lookup = indicator_lookup(load_indicators(data))
    records: dict[tuple[str, int, int], dict[str, object]] = {}
    seen_rows: dict[str, int] = {}
    width = len(cols.names)
    for r, row in enumerate(sheet.rows[1:], start=2):
        row = list(row) + [None] * (width - len(row))
        if all(x is None or str(x).strip() == "" for x in row):
            continue
        key_col = cols.code_col if cols.code_col is not None and row[cols.code_col] else cols.name_col
        if key_col is None:
            key_col = cols.code_col
        name = normalise_text(str(row[key_col] or ""))
        info = lookup.get(name)
        if info is None:
            raise DataFileError(path, row=r, column=cols.names[key_col], value=name,
                                problem="未知指标 (unknown indicator)",
                                expected="a name or code listed in data/indicators.csv", **where)
        if info["id"] in seen_rows:
            raise DataFileError(path, row=r, column=cols.names[key_col], value=name,
                                problem=f"指标重复, 已在第{seen_rows[info['id']]}行 "
                                        "(indicator duplicated)",
                                expected="each indicator on one row", **where)
        seen_rows[info["id"]] = r
        unit = normalise_text(str(row[cols.unit_col] or ""))
        if unit != info["unit"]:
            raise DataFileError(path, row=r, column=UNIT_COLUMN, value=unit,
                                problem=f"单位与指标目录不符 ({info['name_zh']})",
                                expected=f"{info['unit']} (data/indicators.csv)", **where)
        for j, (year, month, what) in cols.periods.items():
            number = _number(path, r, cols.names[j], row[j], what, info["unit"], where)
            if number is not None and what == "value" and info["series_type"] == "count" and number < 0:
                raise DataFileError(path, row=r, column=cols.names[j], value=row[j],
                                    problem="个数不能为负 (negative count)",
                                    expected="a count of 0 or more", **where)
            rec = records.setdefault(
                (info["id"], year, month),
                {"indicator": info["id"], "year": year, "month": month, "ytd_value": None,
                 "ytd_growth": None, "unit": info["unit"], "source_file": path.name,
                 "source_row": r, "issuer": provenance["issuer"],
                 "report": provenance["report"], "report_date": provenance["date"],
                 "flag": None, "accepted": None},
            )
            rec["ytd_value" if what == "value" else "ytd_growth"] = number
    return pl.DataFrame(list(records.values()), schema=PANEL_SCHEMA, orient="row").filter(
        pl.col("ytd_value").is_not_null() | pl.col("ytd_growth").is_not_null()
    ).with_columns(region=pl.lit(DEFAULT_REGION)).sort("indicator", "year", "month")


def read(path: Path, sheet: Sheet, *, today: dt.date, data, many: bool) -> pl.DataFrame:
    """Read one template sheet into the monthly panel (header, then cells)."""
    where = {"sheet": sheet.name} if many else {}
    return cells(path, sheet, header(path, sheet, today=today, where=where), data=data, where=where)

"""The analysts' own monthly files, read as they come from the statistics bureau.

Layout (see ``data/templates/``): one row per indicator; columns ``指标名称`` (or ``指标代码``),
``单位``, and for each month a pair ``YYYY-MM 累计值`` (cumulative level, 累计值) and
``YYYY-MM 累计增长%`` (cumulative growth, 累计增长%). ``2023年4月累计值`` is read like
``2023-04 累计值``. Files are .csv (UTF-8 with or without BOM, or GBK) or .xlsx (first sheet).

Each file has its provenance beside it in ``<file name>.source.txt``::

    issuer: 太仓市统计局
    report: 2023年4月统计月报
    date: 2023-05-20

Every problem raises :class:`~taicang_analysis.errors.DataFileError` naming the file, row,
column, value and what was expected; the cell normalisations are in :mod:`taicang_analysis.sources.normalise`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from pathlib import Path

import polars as pl

from taicang_analysis.context import data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.sources.normalise import normalise_text, parse_number

NAME_COLUMNS = ("指标名称", "指标")
CODE_COLUMN = "指标代码"
UNIT_COLUMN = "单位"
VALUE_WORD = "累计值"
GROWTH_WORD = "累计增长%"
_PERIOD_HEADER = re.compile(
    r"^(?P<year>\d{4})\s*(?:[-./年])\s*(?P<month>\d{1,2})\s*月?\s*"
    r"(?P<what>累计值|累计增长\s*(?:%|\(%\))?)$"
)
PROVENANCE_KEYS = {"issuer": ("issuer", "发布单位"), "report": ("report", "报告"),
                   "date": ("date", "日期")}

PANEL_SCHEMA = {
    "indicator": pl.String,
    "year": pl.Int64,
    "month": pl.Int64,
    "ytd_value": pl.Float64,
    "ytd_growth": pl.Float64,
    "unit": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
    "issuer": pl.String,
    "report": pl.String,
    "report_date": pl.String,
}


def _decode(path: Path, raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataFileError(path, problem="无法识别的文字编码 (unreadable encoding)",
                        expected="UTF-8 (with or without BOM) or GBK")


def _read_rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    elif path.suffix.lower() == ".csv":
        text = _decode(path, path.read_bytes())
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
    else:
        raise DataFileError(path, problem="不支持的文件类型 (unsupported file type)",
                            expected=".csv or .xlsx")
    # drop fully empty rows at the end (Excel leaves them)
    while rows and all(c is None or str(c).strip() == "" for c in rows[-1]):
        rows.pop()
    return rows


def read_provenance(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read ``<file>.source.txt``: issuer, report and date (YYYY-MM-DD) of a monthly file.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> read_provenance(SHIPPED_DATA_DIR / "templates" / "monthly_template.csv")["issuer"]
    '太仓市统计局'
    """
    path = Path(path)
    side = path.with_name(path.name + ".source.txt")
    if not side.exists():
        raise DataFileError(path, problem=f"缺少来源说明文件 {side.name} (provenance file missing)",
                            expected="a text file with lines 'issuer: …', 'report: …', "
                                     "'date: YYYY-MM-DD'")
    found: dict[str, str] = {}
    text = _decode(side, side.read_bytes())
    for line in text.splitlines():
        key, sep, value = normalise_text(line).replace("：", ":").partition(":")
        if not sep:
            continue
        for name, spellings in PROVENANCE_KEYS.items():
            if key.strip().lower() in spellings:
                found[name] = value.strip()
    for name, spellings in PROVENANCE_KEYS.items():
        if not found.get(name):
            raise DataFileError(side, column=name, problem="来源说明缺项 (provenance incomplete)",
                                expected=f"a line '{spellings[0]}: …' ({spellings[1]})")
    try:
        found["date"] = dt.date.fromisoformat(found["date"]).isoformat()
    except ValueError:
        raise DataFileError(side, column="date", value=found["date"],
                            problem="日期格式不对 (bad date)", expected="YYYY-MM-DD") from None
    return found


def _indicator_lookup(indicators: pl.DataFrame) -> dict[str, dict[str, str]]:
    lookup: dict[str, dict[str, str]] = {}
    for row in indicators.iter_rows(named=True):
        names = [row["id"], row["name_zh"], *[a for a in row["aliases"].split("|") if a]]
        for name in names:
            lookup[normalise_text(name)] = row
    return lookup


def read_monthly_file(
    path: str | os.PathLike[str],
    *,
    today: dt.date | None = None,
    data: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Read and validate one analyst's monthly file into the monthly panel layout.

    Parameters
    ----------
    path
        The .csv or .xlsx file.
    today
        Reference date for the "period in the future" check (default: today). A period is
        accepted only once its month has ended.
    data
        Data folder whose ``indicators.csv`` gives the known indicators and their units.

    Returns
    -------
    polars.DataFrame
        One row per indicator and month: indicator, year, month, ytd_value, ytd_growth, unit,
        source_file, source_row, issuer, report, report_date.

    Raises
    ------
    DataFileError
        Empty file; wrong or missing header; unknown indicator; a unit that disagrees with the
        catalogue; text in a number cell; a duplicated indicator or period; a period in the
        future; a negative count; missing or incomplete provenance.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> panel = read_monthly_file(SHIPPED_DATA_DIR / "templates" / "monthly_template.csv")
    >>> panel.columns[:5]
    ['indicator', 'year', 'month', 'ytd_value', 'ytd_growth']
    """
    path = Path(path)
    today = today or dt.date.today()
    if not path.exists():
        raise DataFileError(path, problem="文件不存在 (file not found)", expected="an existing file")
    rows = _read_rows(path)
    if not rows or all(c is None or str(c).strip() == "" for c in rows[0]):
        raise DataFileError(path, row=1, problem="文件是空的 (empty file)",
                            expected="a header row 指标名称, 单位, YYYY-MM 累计值, YYYY-MM 累计增长%")
    header = [normalise_text(str(c)) if c is not None else "" for c in rows[0]]
    name_col = next((i for i, h in enumerate(header) if h in NAME_COLUMNS), None)
    code_col = header.index(CODE_COLUMN) if CODE_COLUMN in header else None
    if name_col is None and code_col is None:
        raise DataFileError(path, row=1, column=header[0] if header else None,
                            problem="缺少指标名称列 (no indicator column)",
                            expected="a column headed 指标名称 (or 指标代码)")
    if UNIT_COLUMN not in header:
        raise DataFileError(path, row=1, problem="缺少单位列 (no unit column)",
                            expected="a column headed 单位")
    unit_col = header.index(UNIT_COLUMN)
    periods: dict[int, tuple[int, int, str]] = {}
    seen: dict[tuple[int, int, str], str] = {}
    last_closed = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    for j, h in enumerate(header):
        if j in (name_col, code_col, unit_col):
            continue
        m = _PERIOD_HEADER.match(h)
        if not m:
            raise DataFileError(path, row=1, column=h or f"(第{j + 1}列, empty header)", value=h,
                                problem="无法识别的列标题 (unrecognised column header)",
                                expected="'YYYY-MM 累计值' or 'YYYY-MM 累计增长%'")
        year, month = int(m["year"]), int(m["month"])
        what = "value" if m["what"] == VALUE_WORD else "growth"
        if not 1 <= month <= 12:
            raise DataFileError(path, row=1, column=h, value=month,
                                problem="月份不对 (no such month)", expected="a month 1-12")
        if (year, month) > last_closed:
            raise DataFileError(path, row=1, column=h, value=f"{year}-{month:02d}",
                                problem="期别在未来 (period in the future)",
                                expected=f"a month up to {last_closed[0]}-{last_closed[1]:02d}")
        key = (year, month, what)
        if key in seen:
            raise DataFileError(path, row=1, column=h, value=h,
                                problem=f"期别重复, 与「{seen[key]}」相同 (duplicated period)",
                                expected="each month's 累计值 and 累计增长% once")
        seen[key] = h
        periods[j] = key
    if len(rows) < 2:
        raise DataFileError(path, row=2, problem="没有数据行 (no data rows)",
                            expected="one row per indicator below the header")
    provenance = read_provenance(path)
    lookup = _indicator_lookup(load_indicators(data))
    records: dict[tuple[str, int, int], dict[str, object]] = {}
    seen_rows: dict[str, int] = {}
    for r, cells in enumerate(rows[1:], start=2):
        cells = list(cells) + [None] * (len(header) - len(cells))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        key_col = code_col if code_col is not None and cells[code_col] else name_col
        if key_col is None:
            key_col = code_col
        name = normalise_text(str(cells[key_col] or ""))
        info = lookup.get(name)
        if info is None:
            raise DataFileError(path, row=r, column=header[key_col], value=name,
                                problem="未知指标 (unknown indicator)",
                                expected="a name or code listed in data/indicators.csv")
        if info["id"] in seen_rows:
            raise DataFileError(path, row=r, column=header[key_col], value=name,
                                problem=f"指标重复, 已在第{seen_rows[info['id']]}行 "
                                        "(indicator duplicated)",
                                expected="each indicator on one row")
        seen_rows[info["id"]] = r
        unit = normalise_text(str(cells[unit_col] or ""))
        if unit != info["unit"]:
            raise DataFileError(path, row=r, column=UNIT_COLUMN, value=unit,
                                problem=f"单位与指标目录不符 ({info['name_zh']})",
                                expected=f"{info['unit']} (data/indicators.csv)")
        for j, (year, month, what) in periods.items():
            try:
                number = parse_number(cells[j], percent=what == "growth")
            except ValueError:
                raise DataFileError(path, row=r, column=header[j], value=cells[j],
                                    problem="不是数字 (not a number)",
                                    expected="a number, or — / - / empty for no figure") from None
            if number is not None and what == "value" and info["series_type"] == "count" and number < 0:
                raise DataFileError(path, row=r, column=header[j], value=cells[j],
                                    problem="个数不能为负 (negative count)",
                                    expected="a count of 0 or more")
            rec = records.setdefault(
                (info["id"], year, month),
                {"indicator": info["id"], "year": year, "month": month, "ytd_value": None,
                 "ytd_growth": None, "unit": info["unit"], "source_file": path.name,
                 "source_row": r, "issuer": provenance["issuer"],
                 "report": provenance["report"], "report_date": provenance["date"]},
            )
            rec["ytd_value" if what == "value" else "ytd_growth"] = number
    return pl.DataFrame(list(records.values()), schema=PANEL_SCHEMA, orient="row").filter(
        pl.col("ytd_value").is_not_null() | pl.col("ytd_growth").is_not_null()
    ).sort("indicator", "year", "month")


def load_monthly(
    data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None
) -> pl.DataFrame:
    """Read every .csv and .xlsx in the monthly folder (``data/monthly/``) into one panel.

    Where two files give the same indicator and month, the one with the later report date wins
    (a revision); on equal dates the later file name wins.

    Examples
    --------
    >>> load_monthly().columns == list(PANEL_SCHEMA)
    True
    """
    folder = data_dir(data) / "monthly"
    files = sorted(
        p for p in folder.glob("*") if p.suffix.lower() in (".csv", ".xlsx")
        and not p.name.startswith(("~$", "."))
    ) if folder.exists() else []
    frames = [read_monthly_file(p, today=today, data=data) for p in files]
    if not frames:
        return pl.DataFrame(schema=PANEL_SCHEMA)
    return (
        pl.concat(frames)
        .sort("report_date", "source_file")
        .unique(["indicator", "year", "month"], keep="last", maintain_order=True)
        .sort("indicator", "year", "month")
    )

"""The analysts' own monthly files, read as they come from the statistics bureau.

Layout (see ``data/templates/``): one row per indicator; columns ``指标名称`` (or ``指标代码``),
``单位``, and for each month a pair ``YYYY-MM 累计值`` (cumulative level, 累计值) and
``YYYY-MM 累计增长%`` (cumulative growth, 累计增长%). ``2023年4月累计值`` is read like
``2023-04 累计值``. Files are ``.xlsx``, ``.xlsm``, ``.xls``, ``.csv`` (UTF-8 with or without BOM,
or GBK) or Excel's "Unicode text" ``.txt``, read as Excel shows them
(:mod:`taicang_analysis.sources.spreadsheet`: a percent-formatted ``0.042`` is ``4.2%``).

Which sheet of a workbook: the visible sheet whose first row is the template's header; hidden
sheets (an old month kept in the workbook) are never read; two visible template sheets are an
error naming both. A file whose header is not the template's is handed to the statistics
bureau's layouts (:func:`taicang_analysis.sources.bureau.read_bureau_file`) when that module is
installed; otherwise it is the template's header error.

Each file has its provenance beside it in ``<file name>.source.txt``::

    issuer: 太仓市统计局
    report: 2023年4月统计月报
    date: 2023-05-20
    accept: 2023-04 地区生产总值 累计值 | 口径调整, 已与统计局核实

``accept:`` lines (any number) accept a value that a plausibility rule flags or stops, with the
analyst's reason (:mod:`taicang_analysis.sources.plausibility`).

The folder ``data/monthly/`` is walked with its subfolders. Only lock and temporary files are
skipped by name (``~$*``, ``.~lock*``, macOS ``._*``), plus anything that is not a regular file
(a named pipe, a device) and files of other types; :func:`scan_monthly` says why for each, and
:func:`taicang_analysis.sources.inventory.inventory` lists them all.

Every problem raises :class:`~taicang_analysis.errors.DataFileError` naming the file, row,
column, value and what was expected; the cell normalisations are in
:mod:`taicang_analysis.sources.normalise`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import polars as pl

from taicang_analysis.context import data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.bureau import read_bureau_file
from taicang_analysis.sources.catalogue import indicator_lookup, load_indicators
from taicang_analysis.sources.month_checks import check_cumulative
from taicang_analysis.sources.normalise import normalise_text, parse_number
from taicang_analysis.sources.panel import DEFAULT_REGION, PANEL_SCHEMA, as_panel
from taicang_analysis.sources.plausibility import check_panel, check_report_dates
from taicang_analysis.sources.sidecar import SIDECAR_SUFFIX, read_provenance
from taicang_analysis.sources.spreadsheet import (
    READ_TYPES,
    UNREAD_SPREADSHEETS,
    Sheet,
    check_regular,
    pick_table,
    read_sheets,
)
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

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



def _header(sheet: Sheet) -> list[str]:
    return [normalise_text(str(c)) if c is not None else "" for c in (sheet.rows[0] if sheet.rows else [])]


def is_template_header(sheet: Sheet) -> bool:
    """True when a sheet's first row has the template's indicator and unit columns.

    Examples
    --------
    >>> is_template_header(Sheet("m", [["指标名称", "单位", "2023-04 累计值"]], True, False))
    True
    >>> is_template_header(Sheet("m", [["太仓市2023年1-4月主要经济指标"]], True, False))
    False
    """
    header = _header(sheet)
    has_name = any(h in NAME_COLUMNS or h == CODE_COLUMN for h in header)
    return has_name and UNIT_COLUMN in header


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


def _meant_as_template(sheet: Sheet) -> bool:
    """An empty sheet, or a first row with a template period column (``2023-04 累计值``): the
    template's own errors say best what is wrong with it."""
    header = _header(sheet)
    if not any(header):
        return True
    return any(_PERIOD_HEADER.match(h) for h in header)


def read_monthly_file(
    path: str | os.PathLike[str],
    *,
    today: dt.date | None = None,
    data: str | os.PathLike[str] | None = None,
    check: bool = True,
) -> pl.DataFrame:
    """Read and validate one analyst's monthly file into the monthly panel layout.

    Parameters
    ----------
    path
        The .xlsx, .xlsm, .xls, .csv or .txt (Unicode text) file.
    today
        Reference date for the "period in the future" check (default: today). A period is
        accepted only once its month has ended.
    data
        Data folder whose ``indicators.csv`` gives the known indicators and their units.
    check
        Apply the plausibility rules (:mod:`~taicang_analysis.sources.plausibility`) against the
        published figures and this file. :func:`load_monthly` checks all files together instead.

    Returns
    -------
    polars.DataFrame
        One row per indicator and month: indicator, year, month, ytd_value, ytd_growth, unit,
        source_file, source_row, issuer, report, report_date, flag, accepted.

    Raises
    ------
    DataFileError
        Anything :func:`~taicang_analysis.sources.spreadsheet.read_sheets` refuses; empty file;
        wrong or missing header; several template sheets; unknown indicator; a unit that
        disagrees with the catalogue; text in a number cell; a percent in a level column; a
        duplicated indicator or period; a period in the future; a negative count; missing or
        incomplete provenance; a plausibility rule whose action is ``stop``.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> panel = read_monthly_file(SHIPPED_DATA_DIR / "templates" / "monthly_template.csv")
    >>> panel.columns[:5]
    ['indicator', 'year', 'month', 'ytd_value', 'ytd_growth']
    """
    path = check_regular(path)
    today = today or dt.date.today()
    sheets = read_sheets(path)
    sheet = choose_sheet(path, sheets)
    if sheet is None:
        table = pick_table(path, sheets)
        if not _meant_as_template(table):
            try:
                panel = as_panel(read_bureau_file(path, data=data, today=today))
            except DataFileError as exc:
                if Path(exc.file) != Path(path.name):
                    raise
                raise DataFileError(path, problem=exc.problem, expected=exc.expected, row=exc.row,
                                    column=exc.column, value=exc.value, sheet=exc.sheet) from None
        else:
            panel = _read_template(path, table, today=today, data=data, many=len(sheets) > 1)
    else:
        panel = _read_template(path, sheet, today=today, data=data, many=len(sheets) > 1)
    if check:
        panel = check_panel(panel, files={path.name: path}, data=data, today=today)
    return panel


def _read_template(path: Path, sheet: Sheet, *, today: dt.date, data, many: bool) -> pl.DataFrame:
    rows = sheet.rows
    where = {"sheet": sheet.name} if many else {}
    if not rows or all(c is None or str(c).strip() == "" for c in rows[0]):
        raise DataFileError(path, row=1, problem="文件是空的 (empty file)",
                            expected=f"a header row {TEMPLATE_HEADER}", **where)
    header = _header(sheet)
    name_col = next((i for i, h in enumerate(header) if h in NAME_COLUMNS), None)
    code_col = header.index(CODE_COLUMN) if CODE_COLUMN in header else None
    if name_col is None and code_col is None:
        raise DataFileError(path, row=1, column=header[0] if header else None,
                            problem="缺少指标名称列 (no indicator column)",
                            expected="a column headed 指标名称 (or 指标代码)", **where)
    if UNIT_COLUMN not in header:
        raise DataFileError(path, row=1, problem="缺少单位列 (no unit column)",
                            expected="a column headed 单位", **where)
    unit_col = header.index(UNIT_COLUMN)
    periods: dict[int, tuple[int, int, str]] = {}
    seen: dict[tuple[int, int, str], str] = {}
    last_closed = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, MONTHS_PER_YEAR)
    for j, h in enumerate(header):
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
    provenance = read_provenance(path)
    lookup = indicator_lookup(load_indicators(data))
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
                                expected="a name or code listed in data/indicators.csv", **where)
        if info["id"] in seen_rows:
            raise DataFileError(path, row=r, column=header[key_col], value=name,
                                problem=f"指标重复, 已在第{seen_rows[info['id']]}行 "
                                        "(indicator duplicated)",
                                expected="each indicator on one row", **where)
        seen_rows[info["id"]] = r
        unit = normalise_text(str(cells[unit_col] or ""))
        if unit != info["unit"]:
            raise DataFileError(path, row=r, column=UNIT_COLUMN, value=unit,
                                problem=f"单位与指标目录不符 ({info['name_zh']})",
                                expected=f"{info['unit']} (data/indicators.csv)", **where)
        for j, (year, month, what) in periods.items():
            cell = cells[j]
            try:
                number = parse_number(cell, percent=what == "growth")
            except ValueError:
                if isinstance(cell, dt.date):
                    raise DataFileError(
                        path, row=r, column=header[j], value=str(cell), **where,
                        problem="是日期, 不是数字: 单元格可能设成了日期格式 (a date in a number cell)",
                        expected="a number; 在Excel中把该单元格格式改为「常规」或「数值」, 再输入数字") from None
                text = normalise_text(str(cell))
                if what == "value" and text.endswith("%"):
                    raise DataFileError(
                        path, row=r, column=header[j], value=cell, **where,
                        problem="累计值列中是百分数, 单元格可能设成了百分比格式 (a percent in a level column)",
                        expected=f"the level in {info['unit']}; "
                                 "在Excel中把该单元格格式改为「常规」或「数值」") from None
                raise DataFileError(path, row=r, column=header[j], value=cell,
                                    problem="不是数字 (not a number)",
                                    expected="a number, or — / - / empty for no figure", **where) from None
            if number is not None and what == "value" and info["series_type"] == "count" and number < 0:
                raise DataFileError(path, row=r, column=header[j], value=cell,
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


# --- the folder ---------------------------------------------------------------------------------

#: lock and temporary files, skipped by name: (prefix, reason)
SKIP_PREFIXES = (
    ("~$", "Excel/WPS锁文件 (lock file of an open workbook)"),
    (".~lock", "LibreOffice锁文件 (lock file)"),
    ("._", "macOS元数据文件 (AppleDouble metadata)"),
)


def _txt_is_table(path: Path) -> bool:
    """A .txt is a table when it is UTF-16 with BOM (Excel's Unicode text) or its first line has a tab."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    first = head.split(b"\n", 1)[0]
    return b"\t" in first


def scan_monthly(folder: str | os.PathLike[str]) -> list[tuple[Path, str | None]]:
    """Every file under ``folder`` (subfolders too), sorted, with why it is skipped (None: read it).

    Read: ``.xlsx .xlsm .xls .csv`` and ``.txt`` tables; spreadsheets of types that cannot be read
    (``.xlsb``, ``.ods``, WPS ``.et`` …) are *not* skipped, so that reading them names the file.
    A ``<file>.source.txt`` is the provenance of ``<file>``, read with it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("m.csv", "~$m.xlsx", "notes.md"):
    ...     _ = (d / name).write_text("x", encoding="utf-8")
    >>> [(p.name, reason is None) for p, reason in scan_monthly(d)]
    [('m.csv', True), ('notes.md', False), ('~$m.xlsx', False)]
    """
    folder = Path(folder)
    found: list[tuple[Path, str | None]] = []
    if not folder.is_dir():
        return found
    def unreadable(exc: OSError) -> None:  # a subfolder that cannot be listed is named, not passed over
        if exc.filename and Path(exc.filename) != folder:
            found.append((Path(exc.filename), f"无法读取文件夹 (cannot list folder: {exc.strerror})"))

    for root, dirs, files in os.walk(folder, followlinks=False, onerror=unreadable):
        base = Path(root)
        for d in list(dirs):
            if (base / d).is_symlink():
                found.append((base / d, "链接的文件夹不读取 (linked folder not followed)"))
                dirs.remove(d)
        dirs.sort()
        for name in files:
            path = base / name
            found.append((path, _skip_reason(path)))
    return sorted(found, key=lambda item: str(item[0].relative_to(folder)))


def _skip_reason(path: Path) -> str | None:
    name = path.name
    for prefix, reason in SKIP_PREFIXES:
        if name.startswith(prefix):
            return reason
    try:
        check_regular(path)
    except DataFileError as exc:
        return exc.problem
    if name.lower().endswith(SIDECAR_SUFFIX):
        data_file = path.with_name(name[: -len(SIDECAR_SUFFIX)])
        if data_file.exists():
            return f"来源说明, 随 {data_file.name} 读取 (provenance)"
        return f"来源说明, 但没有数据文件 {data_file.name} (provenance without its data file)"
    ext = path.suffix.lower()
    if ext in UNREAD_SPREADSHEETS:
        return None
    if ext not in READ_TYPES:
        return f"不是数据文件类型 ({ext or '无扩展名'}) (not a data file type)"
    if ext == ".txt":
        try:
            if not _txt_is_table(path):
                return "文本文件, 不是制表符分隔的表格 (a text file, not a tab-separated table)"
        except OSError as exc:
            return f"无法读取 ({exc.strerror})"
    return None


def monthly_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The files :func:`load_monthly` reads under ``folder``, sorted by their path in it.

    Examples
    --------
    >>> monthly_files("/no/such/folder")
    []
    """
    return [p for p, reason in scan_monthly(folder) if reason is None]


def relative_name(path: Path, folder: Path) -> str:
    """A file's name as the panel shows it: its path inside the monthly folder, with ``/``.

    Examples
    --------
    >>> relative_name(Path("/d/monthly/2023/m.csv"), Path("/d/monthly"))
    '2023/m.csv'
    """
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def merge_revisions(frame: pl.DataFrame) -> pl.DataFrame:
    """Keep one row per indicator and month: the later report date wins (a revision); on equal
    dates the later file name. A file without a date loses to any dated one.

    Examples
    --------
    >>> f = pl.DataFrame({"indicator": ["gdp", "gdp"], "year": [2023, 2023], "month": [4, 4],
    ...                   "report_date": ["2023-06-10", "2023-05-20"], "source_file": ["a", "b"]})
    >>> merge_revisions(f)["source_file"].to_list()
    ['a']
    """
    return (
        frame.sort("report_date", "source_file", nulls_last=False)
        .unique([*(["region"] if "region" in frame.columns else []), "indicator", "year", "month"],
                keep="last", maintain_order=True)
        .sort("indicator", "year", "month")
    )


def load_monthly(
    data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None
) -> pl.DataFrame:
    """Read every monthly file under ``data/monthly/`` (subfolders too) into one checked panel.

    Where two files give the same indicator and month, the one with the later report date wins
    (a revision); on equal dates the later file name wins. A file in a subfolder is named by its
    path inside the monthly folder (``2023/m.csv``). The plausibility rules then run on the whole
    panel against the published figures (:func:`~taicang_analysis.sources.plausibility.check_panel`):
    a ``stop`` rule raises, a ``flag`` rule fills ``flag``, an accepted value carries its reason.

    Examples
    --------
    >>> load_monthly().columns == list(PANEL_SCHEMA)
    True
    """
    today = today or dt.date.today()
    folder = data_dir(data) / "monthly"
    files = monthly_files(folder)
    frames = []
    names: dict[str, Path] = {}
    for path in files:
        name = relative_name(path, folder)
        names[name] = path
        frame = read_monthly_file(path, today=today, data=data, check=False)
        frames.append(frame.with_columns(source_file=pl.lit(name, dtype=pl.String)))
    if not frames:
        return pl.DataFrame(schema=PANEL_SCHEMA)
    panel = merge_revisions(pl.concat(frames))
    check_report_dates(panel, files=names, today=today)
    # the plausibility rules know Taicang's history; other places (a bureau's county table) are
    # checked by the bureau's own rules: a cumulative level never falls
    own = check_panel(panel.filter(pl.col("region") == DEFAULT_REGION), files=names, data=data, today=today)
    others = panel.filter(pl.col("region") != DEFAULT_REGION)
    check_cumulative(pl.concat([own, others]), data=data)
    return pl.concat([own, others]).sort("region", "indicator", "year", "month")

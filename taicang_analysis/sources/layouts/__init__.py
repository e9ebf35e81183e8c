"""Input layouts as plug-ins: one module per layout, each ``detect`` → ``header`` → ``cells``.

======================  ==============================================================================
module                  layout
======================  ==============================================================================
``template``            the analysts' template: 指标名称 | 单位 | YYYY-MM 累计值 | YYYY-MM 累计增长%
``one_place``           一地一月: the county's 统计月报「主要经济指标」 (one place, one month)
``places``              地区×指标: Suzhou's「各市、区主要经济指标」 (places × indicators)
======================  ==============================================================================

:data:`LAYOUTS` is the registry, in order: for each sheet every layout's ``detect`` says where its
header is, and the layout whose header is found by a label (not guessed from the shape of the
rows) and nearest the top wins; on a tie, the earlier in :data:`LAYOUTS`. A new layout is a new
module with ``NAME``, ``DESCRIPTION``, ``detect``, ``header`` and ``cells``, and one line here.

The bureau's layouts share one pipeline (:func:`parse_bureau_rows`): the header, the title's
period and place, the file name's period, the unit row, the provenance, then the cells. The
template has its own (:func:`taicang_analysis.sources.layouts.template.read`): every period is a
column of its own.

**Provenance** of a bureau table: the same ``<file>.source.txt`` sidecar as the template
(:func:`taicang_analysis.sources.sidecar.read_provenance`). When it is absent, it is derived from
the table itself: ``report`` is the title (the file name if the table has no title), ``issuer`` is
:data:`~taicang_analysis.sources.layouts.common.UNSTATED_ISSUER` and ``report_date`` is null.

Examples
--------
>>> [layout.NAME for layout in LAYOUTS]
['template', 'one_place', 'places']
>>> detect_layout([["太仓市2023年1-4月主要经济指标"], ["指标名称", "计量单位", "1-4月", "增长%"]])
'one_place'
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.layouts import common, one_place, places, template
from taicang_analysis.sources.layouts.common import (
    BUREAU_SCHEMA,
    UNSTATED_ISSUER,
    BureauTable,
    Catalogue,
    Context,
    Header,
    NoLayout,
)
from taicang_analysis.sources.month_checks import check_cumulative, rounding
from taicang_analysis.sources.panel import as_panel
from taicang_analysis.sources.sidecar import read_provenance
from taicang_analysis.sources.spreadsheet import Sheet, check_regular, pick_table, read_sheets

__all__ = [
    "BUREAU_SCHEMA",
    "LAYOUTS",
    "UNSTATED_ISSUER",
    "BureauTable",
    "FileRead",
    "detect_layout",
    "load_bureau",
    "parse_bureau_rows",
    "read_bureau_file",
    "read_bureau_tables",
    "read_file",
    "read_file_details",
]

#: the registry: every input layout, in the order a tie between two headers is settled
LAYOUTS = (template, one_place, places)
#: the layouts of the statistics bureau's own tables (one period per table)
BUREAU_LAYOUTS = tuple(layout for layout in LAYOUTS if layout is not template)
_BY_NAME = {layout.NAME: layout for layout in LAYOUTS}


def accepted_layouts() -> str:
    """Every accepted layout, as an error message lists them.

    Examples
    --------
    >>> accepted_layouts().startswith("可接受的样式 (accepted layouts): (a) 一地一月")
    True
    """
    bureau = "; ".join(f"({chr(97 + i)}) {layout.DESCRIPTION}" for i, layout in enumerate(BUREAU_LAYOUTS))
    return f"可接受的样式 (accepted layouts): {bureau}; 或 (or) {template.DESCRIPTION}"


def _unrecognised(file: str, rows: Sequence[Sequence[object]], what: str) -> DataFileError:
    shown = common.rows_seen(rows)
    return DataFileError(file, value=shown, problem=f"{what}; 表格从{shown}开始",
                         expected=accepted_layouts())


def find_header(rows: Sequence[Sequence[object]], layouts: Iterable = LAYOUTS) -> Header | None:
    """The header of a sheet's rows among ``layouts``: found by a label before a guess, nearest
    the top, then leftmost, then in registry order."""
    found = [(h.guess, h.row, h.key_col, k, h) for k, layout in enumerate(layouts)
             if (h := layout.detect(rows)) is not None]
    return min(found, key=lambda f: f[:4])[4] if found else None


def detect_layout(rows: Sequence[Sequence[object]]) -> str | None:
    """Which bureau layout a sheet's rows have: ``"one_place"``, ``"places"`` or ``None``.

    ``None`` for anything else, including the analysts' template (its header is
    ``指标名称 | 单位 | YYYY-MM 累计值 …`` and has no bureau period labels) — the monthly loader
    reads that one with :mod:`~taicang_analysis.sources.layouts.template`.

    Examples
    --------
    >>> detect_layout([["地区", "地区生产总值", "地区生产总值"], ["地区", "1-4月", "增长%"]])
    'places'
    >>> detect_layout([["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"]]) is None
    True
    """
    head = find_header(rows, BUREAU_LAYOUTS)
    if head is None:
        return None
    try:
        _BY_NAME[head.layout].header("", rows, head, _NO_CATALOGUE)
    except NoLayout:
        return None
    except DataFileError:
        pass  # a table of this layout, with an error its reading names
    return head.layout


class _NoCatalogue(Catalogue):
    def find(self, label: str):  # every indicator column looks known to detection
        return {"id": label, "unit": ""}, None, label


_NO_CATALOGUE = _NoCatalogue({})


def parse_bureau_rows(
    rows: Sequence[Sequence[object]],
    *,
    file: str | os.PathLike[str],
    sheet: str | None = None,
    data: str | os.PathLike[str] | None = None,
    provenance: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> BureauTable:
    """Read one sheet's rows (a list of lists, as a spreadsheet shows them) in a bureau layout.

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
        A sheet that fits no layout (the message shows where its content starts — one cell — and
        the accepted layouts);
        periods that disagree; no period; a unit that is missing or not the catalogue's; a number
        cell that is not a number; an indicator or place twice; no known indicator.

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
    path = Path(file)
    fname = path.name
    head = find_header(rows, BUREAU_LAYOUTS)
    if head is None:
        raise _unrecognised(fname, rows, "无法识别的表格样式: 找不到表头 (no header row found)")
    layout = _BY_NAME[head.layout]
    starts = _section_starts(rows, head)
    if len(starts) > 1:
        return _sections(rows, head, starts, file=file, sheet=sheet, data=data, provenance=provenance, today=today)
    catalogue = Catalogue.load(data)
    titles = common.title_rows(rows, head)
    periods = [p for p in (common.period_from(t, "标题") for t in titles) if p is not None]
    file_period = common.period_from_file(fname)
    if file_period is not None:
        periods.append(file_period)
    try:
        cols = layout.header(fname, rows, head, catalogue)
    except NoLayout as exc:
        raise _unrecognised(fname, rows, exc.what) from None
    periods.extend(cols.periods)
    year, month = common.agree(fname, periods)
    if today is not None and (year, month) >= (today.year, today.month):
        raise DataFileError(fname, value=f"{year}年{month}月", problem="期别在未来 (period in the future)",
                            expected=f"{today.year}年{today.month}月以前已结束的月份")
    if provenance is None:
        if path.with_name(path.name + ".source.txt").exists():
            provenance = read_provenance(path)
            source = "sidecar"
        else:
            title = next((t for t in titles if common.TITLE_PERIOD.search(t)), titles[0] if titles else fname)
            provenance = {"issuer": UNSTATED_ISSUER, "report": title, "date": None}  # type: ignore[dict-item]
            source = "title"
    else:
        source = "sidecar"
    ctx = Context(fname, sheet, year, month, provenance, catalogue, common.unit_row(rows, head), titles, data)
    records, skipped, notes = layout.cells(rows, head, cols, ctx)
    notes = [*notes, *ctx.notes]
    skipped = [*cols.skipped, *skipped]
    if not records:
        names = "、".join(n for _, n in skipped[:12]) or "无"
        raise DataFileError(fname, value=names, problem="表中没有指标目录里的指标 (no known indicator)",
                            expected="data/indicators.csv 里的指标名称或别名 (name_zh / aliases)")
    panel = pl.DataFrame(records, schema=BUREAU_SCHEMA, orient="row")
    return BureauTable(head.layout, sheet, year, month, panel.sort("region", "indicator"),
                       tuple(skipped), tuple(notes), source)


def _section_starts(rows: Sequence[Sequence[object]], head: Header) -> list[int]:
    """Where each section of a sheet starts: the header row, and every later row whose key cell
    repeats the header's label (``指标名称`` again: several tables stacked in one sheet)."""
    label = common.text(common.cell(rows[head.row], head.key_col))
    later = [i for i in range(head.row + head.rows, len(rows))
             if label and common.text(common.cell(rows[i], head.key_col)) == label]
    return [head.row, *later]


def _sections(rows, head: Header, starts: list[int], **kw) -> BureauTable:
    """Several tables stacked in one sheet, each with its own header: each read on its own (the
    other sections blanked, so row numbers stay as Excel shows them), an indicator in two
    sections is an error."""
    tables = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rows)
        label = common.text(common.cell(rows[head.row], head.key_col))

        def kept(i: int, k: int = k, start: int = start, end: int = end, label: str = label) -> bool:
            if i < head.row or start <= i < end:  # the sheet's titles and this section
                return True
            # between the section above and this header: its name (二、投资), not the rows above
            return (k > 0 and starts[k - 1] < i < start and not _in_data(rows, i)
                    and common.text(common.cell(rows[i], head.key_col)) != label)

        masked = [list(r) if kept(i) else [] for i, r in enumerate(rows)]
        tables.append(parse_bureau_rows(masked, **kw))
    seen: dict[tuple, int] = {}
    key_label = common.text(common.cell(rows[head.row], head.key_col))
    for t in tables:
        for rec in t.panel.iter_rows(named=True):
            k = (rec["region"], rec["indicator"])
            if k in seen:
                raise common.duplicate(Path(kw["file"]).name, rec["source_row"], key_label,
                                       common.text(common.cell(rows[rec["source_row"] - 1], head.key_col)), seen[k])
            seen[k] = rec["source_row"]
    first = tables[0]
    panel = pl.concat([t.panel for t in tables]).sort("region", "indicator")
    return BureauTable(first.layout, first.sheet, first.year, first.month, panel,
                       tuple(x for t in tables for x in t.skipped), tuple(x for t in tables for x in t.notes),
                       first.provenance)


def _in_data(rows, i: int) -> bool:
    """True when row ``i`` holds a number: a data row of a section, not a section's name."""
    return any(common.is_number(common.text(c)) for c in rows[i])


# --------------------------------------------------------------------------- files


def read_bureau_tables(
    path: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    data: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
    sheets: list[Sheet] | None = None,
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
    sheets
        The file's sheets already read (:func:`~taicang_analysis.sources.spreadsheet.read_sheets`).

    Examples
    --------
    >>> read_bureau_tables("no_such_file.xlsx")
    Traceback (most recent call last):
    ...
    taicang_analysis.errors.DataFileError: no_such_file.xlsx: 文件不存在; 应为: ...
    """
    path = Path(path)
    if sheets is None:
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
        names = "、".join(f"「{s.name}」" for s in chosen)
        raise DataFileError(path.name, value=names, expected=accepted_layouts(),
                            problem=f"没有一个工作表是统计局的表格样式 (no sheet has a bureau layout): {names}")
    return tables


def read_bureau_file(
    path: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    data: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
    sheets: list[Sheet] | None = None,
) -> pl.DataFrame:
    """Read a bureau file into the monthly panel (:data:`BUREAU_SCHEMA`): the panel's columns plus
    ``source_sheet``.

    Where two sheets of the file give the same place, indicator and month (the county's own
    table and Suzhou's table of places), the values must agree to the rounding of the less
    precise one; the first sheet's row is kept.

    Examples
    --------
    >>> read_bureau_file("no_such_file.csv")
    Traceback (most recent call last):
    ...
    taicang_analysis.errors.DataFileError: no_such_file.csv: 文件不存在; 应为: ...
    """
    tables = read_bureau_tables(path, sheet, data=data, today=today, sheets=sheets)
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
                        file, sheet=rec["source_sheet"], row=rec["source_row"], column=common.COLUMN_ZH[col], value=b,
                        problem=f"与工作表「{old['source_sheet']}」第{old['source_row']}行的 {a} 不一致 "
                                f"({rec['region']} {rec['indicator']}) (two sheets disagree)",
                        expected="同一地区、指标、月份在各工作表中数值相同 (四舍五入以内)")
                if a is None and b is not None:
                    old[col] = b
    return pl.DataFrame(list(kept.values()), schema=BUREAU_SCHEMA, orient="row").sort(
        "region", "indicator", "year", "month")


@dataclass(frozen=True)
class FileRead:
    """One monthly file, read once: its panel and what the inventory says about it.

    Attributes
    ----------
    panel
        The file's rows in the monthly panel.
    layout
        ``"template"`` or the bureau layouts of its sheets (``"one_place"``, ``"places"``).
    sheets
        The visible sheets read (a workbook), and ``hidden`` the hidden ones not read.
    unused
        Rows and columns the catalogue (or data/places.csv) does not know: ``第9行 工业用电量``.
    notes
        The tables' footnotes and what the reading did (a unit converted).
    """

    panel: pl.DataFrame
    layout: str
    sheets: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def read_file_details(
    path: str | os.PathLike[str], *, today: dt.date, data: str | os.PathLike[str] | None = None,
) -> FileRead:
    """Read one monthly file in whichever layout its sheets have (see :func:`read_file`), with
    what the inventory lists about it: sheets read and hidden, unused rows and columns, notes."""
    path = check_regular(path)
    sheets = read_sheets(path)
    workbook = path.suffix.lower() not in (".csv", ".txt")
    hidden = tuple(s.name for s in sheets if s.hidden)
    sheet = template.choose_sheet(path, sheets)
    many = len(sheets) > 1
    if sheet is None:
        table = pick_table(path, sheets)
        if template.meant_as_template(table.rows):
            sheet = table
    if sheet is not None:
        panel = template.read(path, sheet, today=today, data=data, many=many)
        return FileRead(panel, "template", (sheet.name,) if workbook else (), hidden)
    try:
        tables = read_bureau_tables(path, data=data, today=today, sheets=sheets)
        panel = as_panel(_merge_sheets(path.name, [t.panel for t in tables]))
    except DataFileError as exc:
        if Path(exc.file) != Path(path.name):
            raise
        raise DataFileError(path, problem=exc.problem, expected=exc.expected, row=exc.row,
                            column=exc.column, value=exc.value, sheet=exc.sheet) from None
    unused = tuple(dict.fromkeys(
        (f"「{t.sheet}」" if workbook and t.sheet else "") + f"{where} {name}"
        for t in tables for where, name in t.skipped))
    notes = tuple(dict.fromkeys(n for t in tables for n in t.notes))
    return FileRead(panel, "、".join(dict.fromkeys(t.layout for t in tables)),
                    tuple(t.sheet for t in tables if t.sheet) if workbook else (), hidden, unused, notes)


def read_file(
    path: str | os.PathLike[str], *, today: dt.date, data: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Read one monthly file in whichever layout its sheets have, into the monthly panel.

    The visible sheet with the template's header is read as the template (two such sheets are an
    error); else every visible sheet in a bureau layout is read (:func:`read_bureau_file`). A
    sheet meant as a template (empty, or with a template period column) gets the template's own
    error.
    """
    return read_file_details(path, today=today, data=data).panel


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

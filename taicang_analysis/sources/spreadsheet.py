"""Spreadsheets as Excel shows them: every sheet of a workbook or text table, as rows of cells.

One entry point per question: :func:`read_sheets` (every sheet, in workbook order) and
:func:`read_table` (the one sheet an analyst means: the active, visible sheet). The cells are
the values a person sees in Excel, not the raw stored numbers:

- a number with a percent format (Excel stores a typed ``4.2%`` as ``0.042``) becomes the text
  ``"4.2%"`` (the stored value × 100, to full precision, not rounded to the format's decimals);
- a number stored as text stays text (``"540.8"``); other numbers stay numbers (the value, not
  the format's rounding); dates are ``datetime``; ``TRUE``/``FALSE`` are ``bool``; an error cell
  is its text (``"#DIV/0!"``);
- a formula gives its cached result (what Excel last computed). A formula without a cached
  result, or a sheet whose formulas all hold 0 or nothing and whose workbook Excel never
  computed (no calculation chain: written by a program, not saved by Excel), is refused:
  "公式无缓存值, 请在Excel中打开并保存" naming the cell. An ``.xls`` is read through its cached
  results (the old format does not say which cells are formulas);
- a merged range shows its top-left value in every cell of the range;
- trailing empty rows and columns are dropped, and a sheet is read only up to its last row with
  content (50,000 formatted empty rows cost nothing).

Formats: ``.xlsx`` / ``.xlsm`` (openpyxl), ``.xls`` (xlrd, which also reads the number formats),
``.csv`` (UTF-8, UTF-8 with BOM, GBK/GB18030; comma-separated; a UTF-16 file with a BOM is read
as Excel's "Unicode text", tab-separated) and ``.txt`` (Excel's "Unicode text": UTF-16 with BOM,
tab-separated; or tab-separated in the encodings above).

Text tables must be whole: the first row with two or more filled cells is the header, and every
later row must have the header's number of cells (extra *empty* cells at the end are fine); a
last line without a line break is a cut-off copy. Old Mac line ends (CR only) are read as line
ends; a lone carriage return inside a CRLF or LF file is an error.

Every failure is a :class:`~taicang_analysis.errors.DataFileError` naming the file, in Chinese,
with what to do: an empty, damaged, half-copied or password-protected file, a CSV renamed
``.xlsx`` (or the reverse), an unknown encoding. Files that are not regular files (a named pipe,
a device) are never opened.

Examples
--------
>>> from taicang_analysis.context import SHIPPED_DATA_DIR
>>> sheet = read_table(SHIPPED_DATA_DIR / "templates" / "monthly_template.csv")
>>> sheet.rows[0][:2], sheet.active, sheet.hidden
(['指标名称', '单位'], True, False)
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import warnings
import zipfile
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once

#: the file types read, by (lower-case) extension
WORKBOOK_TYPES = (".xlsx", ".xlsm")
OLD_WORKBOOK_TYPES = (".xls",)
TEXT_TYPES = (".csv", ".txt")
READ_TYPES = WORKBOOK_TYPES + OLD_WORKBOOK_TYPES + TEXT_TYPES
#: spreadsheet types we cannot read: the analyst saves them again as .xlsx
UNREAD_SPREADSHEETS = (".xlsb", ".ods", ".et", ".ett", ".numbers", ".xltx", ".xltm", ".xlt", ".wps")
#: largest uncompressed sheet (or text file) read, in bytes: a monthly file is a few kB
MAX_BYTES = 200 * 1024 * 1024

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: an old .xls, or an encrypted .xlsx
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
SAVE_AGAIN = "在Excel中打开该文件, 另存为 .xlsx 或 CSV UTF-8, 然后重新放入数据文件夹"
NO_CACHE = "公式无缓存值, 请在Excel中打开并保存 (formula without a cached result)"


@dataclass(frozen=True)
class Sheet:
    """One sheet as Excel shows it.

    ``rows`` hold the cells as displayed (see the module notes), ``None`` for an empty cell;
    trailing empty rows and columns are dropped. A text file is one sheet named after the file.
    """

    name: str
    rows: list[list[object]]
    active: bool
    hidden: bool


def _fail(path: Path, problem: str, expected: str, **where: object) -> DataFileError:
    return DataFileError(path, problem=problem, expected=expected, **where)  # type: ignore[arg-type]


def check_regular(path: str | os.PathLike[str]) -> Path:
    """The path, if it names an existing regular file (or a link to one); never opens it.

    Raises
    ------
    DataFileError
        Missing, a folder, a named pipe, a device or a socket.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> os.mkfifo(os.path.join(folder, "pipe.csv"))
    >>> check_regular(os.path.join(folder, "pipe.csv"))
    Traceback (most recent call last):
    ...
    taicang_analysis.errors.DataFileError: .../pipe.csv: 不是普通文件 (命名管道), 不会读取...
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise _fail(path, "文件不存在 (file not found)", "an existing file") from None
    except OSError as exc:
        raise _fail(path, f"无法访问文件 (cannot access: {exc.strerror})",
                    "a file the current user may read") from None
    if stat.S_ISREG(mode):
        return path
    kind = ("文件夹" if stat.S_ISDIR(mode) else "命名管道" if stat.S_ISFIFO(mode)
            else "设备" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "套接字" if stat.S_ISSOCK(mode)
            else "特殊文件")
    raise _fail(path, f"不是普通文件 ({kind}), 不会读取 (not a regular file)",
                "an ordinary .xlsx/.xls/.csv file; 请把它移出数据文件夹")


# --- display values -----------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def is_percent_format(fmt: str | None) -> bool:
    """True when a number format shows the value × 100 with a percent sign.

    Examples
    --------
    >>> is_percent_format("0.0%"), is_percent_format('0.0"%"'), is_percent_format("General")
    (True, False, False)
    """
    if not fmt:
        return False
    return "%" in _QUOTED.sub("", fmt)


def percent_text(value: float) -> str:
    """A stored fraction as the percent text Excel shows, to full precision.

    Examples
    --------
    >>> percent_text(0.042), percent_text(-0.013), percent_text(0.05), percent_text(0.035)
    ('4.2%', '-1.3%', '5%', '3.5%')
    """
    shown = round(value * 100, 10)
    if shown == 0:
        shown = 0.0  # no "-0%"
    return f"{shown:.15g}%"


def _display(value: object, fmt: str | None) -> object:
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, int | float) and not isinstance(value, bool) and is_percent_format(fmt):
        return percent_text(float(value))
    return value


def _trim(rows: list[list[object]]) -> list[list[object]]:
    def filled(c: object) -> bool:
        return c is not None and not (isinstance(c, str) and c.strip() == "")

    while rows and not any(filled(c) for c in rows[-1]):
        rows.pop()
    width = max((max((j + 1 for j, c in enumerate(r) if filled(c)), default=0) for r in rows), default=0)
    return [list(r[:width]) + [None] * (width - len(r[:width])) for r in rows]


@cache
def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _split_ref(ref: str) -> tuple[int, int]:
    m = _REF.match(ref)
    if not m:
        raise ValueError(ref)
    return int(m[2]), _col_number(m[1])


def _fill_merged(rows: list[list[object]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Repeat each range's top-left value over the range (1-based, inclusive, clipped to the rows)."""
    for r1, c1, r2, c2 in ranges:
        if r1 > len(rows):
            continue
        top = rows[r1 - 1][c1 - 1] if c1 - 1 < len(rows[r1 - 1]) else None
        for r in range(r1, min(r2, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                row[c - 1] = top


# --- .xlsx / .xlsm ------------------------------------------------------------------------------

_CONTENT = re.compile(rb"<(?:\w+:)?(?:v|is|f)[\s>/]")
_ROW_START = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3}\d+)\"[^>]*>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c[\s>]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]{1,3}\d+)(?::([A-Z]{1,3}\d+))?\"")


def _last_match(pattern: re.Pattern[bytes], xml: bytes, start: int, end: int) -> re.Match[bytes] | None:
    """The last match of ``pattern`` in ``xml[start:end]``, searched backwards in windows (a
    sheet's last content is near its end: a million rows are not walked from the top)."""
    window, overlap = 1 << 16, 512  # a match (a tag) is far shorter than the overlap
    hi = end
    while hi > start:
        lo = max(start, hi - window)
        found = deque(pattern.finditer(xml, lo, min(end, hi + overlap)), maxlen=1)
        if found:
            return found[0]
        hi = lo
        window *= 2
    return None


def _formula_cells(xml: bytes) -> list[tuple[str, bytes | None]]:
    """(cell reference, cached value or None) of every formula cell in a sheet's XML."""
    if not any(tag in xml for tag in (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")):
        return []  # no formula anywhere (a plain find, far faster than the pattern on a long sheet)
    found = []
    for m in _FORMULA.finditer(xml):
        start = _last_match(_CELL_START, xml, max(0, m.start() - 2000), m.start())
        if start is None:
            continue
        end = _CELL_END.search(xml, m.end())
        body = xml[m.end(): end.start() if end else len(xml)]
        value = _VALUE.search(body)
        found.append((start[1].decode("ascii"), value[1] if value else None))
    return found


def _check_formulas(path: Path, sheet: str, cells: list[tuple[str, bytes | None]], computed_by_excel: bool) -> None:
    for ref, cached in cells:
        if cached is None or cached.strip() == b"":
            raise _fail(path, NO_CACHE, "在Excel中打开文件, 按F9重算后保存 (open in Excel and save)",
                        sheet=sheet, column=f"单元格 {ref}")
    if cells and not computed_by_excel and all(_is_zero(c) for _, c in cells):
        raise _fail(path, NO_CACHE + ": 所有公式的缓存值都是0, 文件由程序生成, 未经Excel计算",
                    "在Excel中打开文件, 按F9重算后保存 (open in Excel and save)",
                    sheet=sheet, column=f"单元格 {cells[0][0]}")


def _is_zero(cached: bytes | None) -> bool:
    try:
        return cached is None or float(cached) == 0
    except ValueError:
        return False


def _sniff(path: Path, head: bytes, size: int) -> None:
    """Refuse a file whose content is not what its extension says (or is nothing at all)."""
    ext = path.suffix.lower()
    if size == 0:
        raise _fail(path, "文件是空的 (0字节, empty file)",
                    "the saved workbook or table; 若文件正在复制, 请等复制完成后再运行")
    if ext in WORKBOOK_TYPES:
        if head.startswith(_ZIP_MAGIC):
            return
        if head.startswith(_CFB_MAGIC):
            return  # encrypted, or an old .xls renamed: decided by the caller
        if _looks_like_text(head):
            raise _fail(path, f"扩展名是{ext}, 内容却是文本 (CSV) (a text file renamed {ext})",
                        "把扩展名改为 .csv; 或在Excel中打开后另存为 .xlsx")
        raise _fail(path, f"不是Excel工作簿, 文件已损坏 (not a {ext} workbook)", SAVE_AGAIN)
    if ext in OLD_WORKBOOK_TYPES:
        if head.startswith(_CFB_MAGIC):
            return
        if head.startswith(_ZIP_MAGIC):
            raise _fail(path, "扩展名是.xls, 内容却是 .xlsx 工作簿 (an .xlsx renamed .xls)",
                        "把扩展名改为 .xlsx")
        if _looks_like_text(head):
            # Some systems export HTML or tab-separated text named .xls.
            raise _fail(path, "扩展名是.xls, 内容却是文本或网页 (a text/HTML file renamed .xls)",
                        SAVE_AGAIN)
        raise _fail(path, "不是Excel工作簿, 文件已损坏 (not an .xls workbook)", SAVE_AGAIN)
    if ext in TEXT_TYPES and (head.startswith(_ZIP_MAGIC) or head.startswith(_CFB_MAGIC)):
        raise _fail(path, f"扩展名是{ext}, 内容却是Excel工作簿 (a workbook renamed {ext})",
                    "把扩展名改为 .xlsx (或 .xls)")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:2048]
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):  # the sample may end inside a character
            try:
                text = sample[: len(sample) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return bool(text) and all(c.isprintable() or c.isspace() for c in text)
    return False


def _encrypted(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    return _ENCRYPTION_STREAM in head


def _read_xlsx(path: Path) -> list[Sheet]:
    # openpyxl warns about features it does not keep (data validation, extensions, a missing
    # default style…): none of them changes a value, and a warning must not stop a build
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_xlsx_quietly(path)


@dataclass
class _SheetPart:
    """One worksheet part, cut after its last row with content."""

    xml: bytes  # the part to hand to openpyxl
    last_row: int | None  # 0: no content; None: unknown (rows without numbers), read it all
    formulas: list[tuple[str, bytes | None]]
    merges: list[tuple[int, int, int, int]]


_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_ROOT = re.compile(rb"<((?:\w+:)?)worksheet\b")


def _cut_sheet(xml: bytes) -> _SheetPart:
    """Cut a worksheet's XML after its last row with a value, inline text or formula, so that
    openpyxl never walks thousands of formatted empty rows (nor sizes the sheet by them)."""
    opening = _SHEET_DATA.search(xml)
    root = _ROOT.search(xml)
    if opening is None or root is None:
        return _SheetPart(xml, None, [], [])
    prefix = opening[1]
    tail_start = xml.find(b"</" + prefix + b"sheetData>", opening.end())
    tail = xml[tail_start:] if tail_start >= 0 else b""
    merges = []
    for m in _MERGE.finditer(tail):
        try:
            r1, c1 = _split_ref(m[1].decode("ascii"))
            r2, c2 = _split_ref(m[2].decode("ascii")) if m[2] else (r1, c1)
        except ValueError:
            continue
        merges.append((r1, c1, r2, c2))
    if opening[2] == b"/" or tail_start < 0:
        return _SheetPart(xml, 0 if opening[2] == b"/" else None, [], merges)
    body = xml[opening.end(): tail_start]
    last = _last_match(_CONTENT, body, 0, len(body))
    if last is None:
        return _SheetPart(xml[: opening.end()] + _close(prefix, root[1]), 0, [], merges)
    row = _last_match(_ROW_START, body, 0, last.start())
    row_end = body.find(b"</" + prefix + b"row>", last.end())
    if row is None or row_end < 0:
        return _SheetPart(xml, None, _formula_cells(body), merges)
    body = body[: row_end + len(prefix) + 6]
    cut = xml[: opening.end()] + body + _close(prefix, root[1])
    return _SheetPart(cut, int(row[1]), _formula_cells(body), merges)


#: a sheet longer than this (rows up to its last row with content) is read by calamine (fastexcel),
#: its number formats from its XML: openpyxl takes ~44 µs a row, calamine ~2 µs
BIG_SHEET_ROWS = 20_000
#: the hard limit: a sheet with more rows than this (up to its last row with content) is refused
MAX_ROWS = 2_000_000
_STYLE_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*?\bnumFmtId=\"(\d+)\"")
_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*?\bnumFmtId=\"(\d+)\"[^>]*?\bformatCode=\"([^\"]*)\"")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_NOT_PLAIN = (b't="e"', b't="b"', b't="d"')  # error, boolean or date cells: openpyxl reads those
_FIRST_ROW = re.compile(rb"<((?:\w+:)?)row\b[^>]*?\br=\"(\d+)\"[^>]*?(/?)>")
_ANCHOR = "\u2063SYNTHETIC-anchor"


def _cell_formats(styles: bytes) -> list[str]:
    """The number format of each cell style (``s="N"``) of a workbook's ``styles.xml``."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    custom = {int(i): c.decode("utf-8", "replace").replace("&quot;", '"') for i, c in _NUM_FMT.findall(styles)}
    xfs = _CELL_XFS.search(styles)
    ids = [int(i) for i in _STYLE_XF.findall(xfs[0])] if xfs else []
    formats = [custom.get(i) or BUILTIN_FORMATS.get(i) or "General" for i in ids]
    return [("date" if is_date_format(f) else f) for f in formats]


def _anchored(part: _SheetPart, formats: list[str]) -> tuple[bytes, bool] | None:
    """A long sheet's XML for calamine, with an anchor in A1 where A1 is empty (calamine starts a
    sheet at its first cell with content: the anchor keeps Excel's rows and columns), and whether
    the anchor was added; None when the sheet has cells only openpyxl reads faithfully (errors,
    booleans, dates) or an empty first row."""
    dates = [str(i).encode() for i, f in enumerate(formats) if f == "date"]
    if any(t in part.xml for t in _NOT_PLAIN) or dates and re.search(rb'\bs="(?:' + b"|".join(dates) + rb')"', part.xml):
        return None
    first = _FIRST_ROW.search(part.xml)
    if first is None:
        return None
    anchor = f'<c r="A1" t="inlineStr"><is><t>{_ANCHOR}</t></is></c>'.encode()
    if first[2] != b"1":
        return (part.xml[: first.start()] + b"<" + first[1] + b'row r="1">' + anchor + b"</" + first[1] + b"row>"
                + part.xml[first.start():], True)
    if first[3] == b"/":
        return None
    a1 = re.match(rb'\s*<(?:\w+:)?c\b[^>]*?\br="A1"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)', part.xml[first.end():], re.S)
    if a1 is None:
        return part.xml[: first.end()] + anchor + part.xml[first.end():], True
    if _CONTENT.search(a1[0]):
        return part.xml, False  # A1 holds a value: calamine starts there already
    return part.xml[: first.end()] + anchor + part.xml[first.end() + a1.end():], True


def _fast_rows(book: bytes, name: str, xml: bytes, anchored: bool, formats: list[str]) -> list | None:
    """A long sheet's rows read by calamine (every cell as text, as :func:`_display` gives text),
    percent formats applied from the sheet's XML, trailing empty rows and columns trimmed."""
    import fastexcel
    import polars as pl

    frame = fastexcel.read_excel(book).load_sheet(name, header_row=None, dtypes="string").to_polars()
    if anchored:
        if frame.is_empty() or frame[0, 0] != _ANCHOR:
            return None
        frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(None)
                                   .otherwise(pl.col(frame.columns[0])).alias(frame.columns[0]))
    frame = frame.with_columns(pl.all().replace("", None))
    percent = [str(i) for i, f in enumerate(formats) if is_percent_format(f)]
    if percent:  # the cells in a percent style, found by polars' (Rust) regex over the whole part
        found = (pl.Series([xml.decode("utf-8", "replace")])
                 .str.extract_all(r'<(?:\w+:)?c\b[^>]*?\br="[A-Z]{1,3}\d+"[^>]*?\bs="(?:' + "|".join(percent) + r')"')
                 .explode().drop_nulls().str.extract_groups(r'\br="(?P<col>[A-Z]{1,3})(?P<row>\d+)"')
                 .struct.unnest())
        if found.height:
            for letters, group in found.group_by("col"):
                j = _col_number(str(letters[0])) - 1
                if j >= frame.width:
                    continue
                col = frame.columns[j]
                rows_ = group["row"].cast(pl.Int64) - 1
                rows_ = rows_.filter(rows_ < frame.height)
                mask = pl.Series(col, [False] * frame.height).scatter(rows_, True)
                shown: dict[str, str] = {}
                for v in frame[col].filter(mask).drop_nulls().unique().to_list():
                    try:
                        shown[v] = percent_text(float(v))
                    except ValueError:
                        shown[v] = v
                frame = frame.with_columns(pl.when(mask).then(pl.col(col).replace_strict(shown, default=pl.col(col)))
                                           .otherwise(pl.col(col)).alias(col))
    # trailing empty rows and columns off (as _trim does, without walking every row in Python)
    filled = frame.select(pl.any_horizontal(pl.all().is_not_null() & (pl.all().str.strip_chars() != "")))
    last = filled.to_series().arg_true()
    frame = frame.head(int(last[-1]) + 1 if last.len() else 0)
    keep = [c for c in frame.columns if (frame[c].is_not_null() & (frame[c].str.strip_chars() != "")).any()]
    width = frame.columns.index(keep[-1]) + 1 if keep else 0
    return frame.select(frame.columns[:width]).rows()  # tuples: lists only where merged cells are filled


def _close(prefix: bytes, root_prefix: bytes) -> bytes:
    return b"</" + prefix + b"sheetData></" + root_prefix + b"worksheet>"


def _read_xlsx_quietly(path: Path) -> list[Sheet]:
    import openpyxl

    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _fail(path, "文件不完整或已损坏 (damaged or half-copied workbook)",
                    "重新复制或重新保存该文件; 若在复制中, 请等复制完成后再运行") from None
    parts: dict[str, _SheetPart] = {}
    with archive:
        names = set(archive.namelist())
        try:
            bad = archive.testzip() if len(names) < 500 else None
        except Exception:  # zlib.error, EOFError … on a damaged member
            bad = "?"
        if bad is not None:
            raise _fail(path, f"文件已损坏, 部件 {bad} 校验失败 (damaged workbook, bad CRC)",
                        "重新复制或重新保存该文件")
        if "xl/workbook.xml" not in names:
            raise _fail(path, "压缩包里没有工作簿, 不是Excel文件 (a zip file, not a workbook)", SAVE_AGAIN)
        computed_by_excel = "xl/calcChain.xml" in names
        formats = _cell_formats(archive.read("xl/styles.xml")) if "xl/styles.xml" in names else []
        big: dict[str, tuple[bytes, bool]] = {}  # long sheets, read by calamine
        fast_book = io.BytesIO()
        # a copy of the package with every worksheet cut after its last row with content
        copy = io.BytesIO()
        try:
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
                for info in archive.infolist():
                    if info.file_size > MAX_BYTES:
                        raise _fail(path, f"工作簿的部件 {info.filename} 太大 ({info.file_size // 2**20} MB)",
                                    "a monthly table of a few hundred rows")
                    data = archive.read(info)
                    if info.filename.startswith("xl/") and info.filename.endswith(".xml") and b"sheetData" in data:
                        part = _cut_sheet(data)
                        parts[info.filename] = part
                        data = part.xml
                        if part.last_row is not None and part.last_row > MAX_ROWS:
                            raise _fail(path, f"工作表有内容的行多达{part.last_row:,}行, 超过上限{MAX_ROWS:,}行",
                                        "一个月报表格只有几十到几百行; 把该表另存为只含它的文件")
                        fast = (_anchored(part, formats)
                                if part.last_row is not None and part.last_row > BIG_SHEET_ROWS else None)
                        if fast is not None:  # openpyxl gets the sheet without rows; calamine reads them
                            big[info.filename] = fast
                            data = part.xml[: _SHEET_DATA.search(part.xml).end()] + _close(
                                _SHEET_DATA.search(part.xml)[1], _ROOT.search(part.xml)[1])
                    out.writestr(info.filename, data)
            if big:
                with zipfile.ZipFile(fast_book, "w", zipfile.ZIP_STORED) as out:
                    for info in archive.infolist():
                        out.writestr(info.filename, big[info.filename][0] if info.filename in big
                                     else archive.read(info))
        except DataFileError:
            raise
        except Exception as exc:
            raise _fail(path, f"工作簿无法读取, 可能已损坏 ({type(exc).__name__}: {exc})", SAVE_AGAIN) from None
    try:
        book = openpyxl.load_workbook(copy, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise _fail(path, f"工作簿无法读取, 可能已损坏 ({type(exc).__name__}: {exc})", SAVE_AGAIN) from None
    try:
        sheets = []
        active = book.active
        for ws in book.worksheets:
            part = parts.get(getattr(ws, "_worksheet_path", ""), _SheetPart(b"", None, [], []))
            _check_formulas(path, ws.title, part.formulas, computed_by_excel)
            rows: list[list[object]] = []
            sheet_path = getattr(ws, "_worksheet_path", "")
            fast = (_fast_rows(fast_book.getvalue(), ws.title, *big[sheet_path], formats)
                    if sheet_path in big else None)
            if sheet_path in big and fast is None:
                raise _fail(path, f"工作表「{ws.title}」无法快速读取", SAVE_AGAIN)
            if fast is not None:
                if part.merges:
                    fast = [list(r) for r in fast]
                    _fill_merged(fast, part.merges)
                sheets.append(Sheet(name=ws.title, rows=fast, active=ws is active,
                                    hidden=ws.sheet_state != "visible"))
                continue
            if part.last_row != 0:
                for cells in ws.iter_rows(max_row=part.last_row):
                    rows.append([_display(getattr(c, "value", None), getattr(c, "number_format", None))
                                 for c in cells])
            _fill_merged(rows, part.merges)
            sheets.append(Sheet(name=ws.title, rows=_trim(rows), active=ws is active,
                                hidden=ws.sheet_state != "visible"))
    except DataFileError:
        raise
    except Exception as exc:
        raise _fail(path, f"工作簿无法读取, 可能已损坏 ({type(exc).__name__}: {exc})", SAVE_AGAIN) from None
    finally:
        book.close()
    return sheets


# --- .xls ----------------------------------------------------------------------------------------

def _read_xls(path: Path) -> list[Sheet]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_xls_quietly(path)


def _read_xls_quietly(path: Path) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd.XLRDError, struct errors, … on a damaged file
        text = str(exc)
        if "encrypt" in text.lower():
            raise _fail(path, "工作簿有密码保护, 无法读取 (password-protected workbook)",
                        "在Excel中打开, 去掉密码 (文件→信息→保护工作簿) 后另存") from None
        raise _fail(path, f"旧版.xls工作簿无法读取, 可能已损坏或未复制完 ({type(exc).__name__}: {text})",
                    SAVE_AGAIN) from None
    try:
        sheets = []
        names = book.sheet_names()
        flags = []
        for index, name in enumerate(names):
            ws = book.sheet_by_index(index)
            rows: list[list[object]] = []
            for r in range(ws.nrows):
                rows.append([_xls_cell(book, ws, r, c) for c in range(ws.ncols)])
            ranges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in ws.merged_cells]
            _fill_merged(rows, ranges)
            flags.append((bool(ws.sheet_visible), bool(ws.sheet_selected)))
            sheets.append(Sheet(name=name, rows=_trim(rows), active=False, hidden=ws.visibility != 0))
            book.unload_sheet(index)
    except Exception as exc:
        raise _fail(path, f"旧版.xls工作簿无法读取, 可能已损坏 ({type(exc).__name__}: {exc})",
                    SAVE_AGAIN) from None
    finally:
        book.release_resources()
    # the active sheet is the one shown in the window (else the selected one)
    active = next((i for i, f in enumerate(flags) if f[0]), None)
    if active is None:
        active = next((i for i, f in enumerate(flags) if f[1]), None)
    if active is not None:
        s = sheets[active]
        sheets[active] = Sheet(name=s.name, rows=s.rows, active=True, hidden=s.hidden)
    return sheets


def _xls_cell(book, ws, r: int, c: int) -> object:
    import xlrd

    cell = ws.cell(r, c)
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value if cell.value != "" else None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except Exception:
            return cell.value
    xf = book.xf_list[ws.cell_xf_index(r, c)]
    fmt = book.format_map.get(xf.format_key)
    return _display(cell.value, fmt.format_str if fmt is not None else None)


# --- text tables --------------------------------------------------------------------------------

def _decode(path: Path, raw: bytes) -> tuple[str, bool]:
    """The text and whether it is UTF-16 (Excel's "Unicode text")."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), True
        except UnicodeDecodeError as exc:
            truncated = exc.start >= len(raw) - 2
            raise _fail(path, "UTF-16文件不完整 (truncated)" if truncated else
                        "UTF-16文件中有无法识别的字符 (bad UTF-16)",
                        "重新复制该文件; 或在Excel中另存为「Unicode文本」或「CSV UTF-8」",
                        row=raw[: exc.start].decode("utf-16", "replace").count("\n") + 1) from None
    if b"\x00" in raw[:4096]:
        raise _fail(path, "文件含有NUL字符: 可能是没有BOM的UTF-16文件或二进制文件 (NUL byte)",
                    "在Excel中另存为「CSV UTF-8」或「Unicode文本」",
                    row=raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        return raw.decode("utf-8-sig"), False
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(raw) - 3:
        # the last character was cut in half: a half-copied UTF-8 file
        raise _fail(path, "文件在最后一个字符中间被截断, 可能复制不完整 (truncated file)",
                    "重新复制完整的文件", row=raw.count(b"\n") + 1) from None
    try:
        return raw.decode("gb18030"), False
    except UnicodeDecodeError:
        row = raw[: utf8_error.start].count(b"\n") + 1
        raise _fail(path, f"无法识别的文字编码, 第{row}行有无法解码的字节 (unreadable encoding)",
                    "UTF-8 (可带BOM) 或 GBK; 在Excel中另存为「CSV UTF-8」", row=row,
                    value=raw[utf8_error.start: utf8_error.start + 4]) from None


def _split_lines(path: Path, text: str) -> str:
    """Line ends as LF: CRLF → LF; a file with CR only (old Mac) → LF; a lone CR elsewhere stays."""
    if "\r" not in text:
        return text
    if "\n" not in text:
        return text.replace("\r", "\n")
    return text.replace("\r\n", "\n")


def _read_text(path: Path) -> list[Sheet]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _fail(path, f"文件太大 ({size // 2**20} MB)", "a monthly table of a few hundred rows")
    raw = path.read_bytes()
    text, unicode_text = _decode(path, raw)
    if text.strip("\ufeff \t\r\n") == "":
        raise _fail(path, "文件是空的 (empty file)", "a header row and one row per indicator", row=1)
    delimiter = "\t" if unicode_text or path.suffix.lower() == ".txt" else ","
    text = _split_lines(path, text)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            rows.append([c if c.strip() != "" else None for c in record])
    except csv.Error as exc:
        row = len(rows) + 1
        message = str(exc)
        if "new-line" in message:
            problem = "单元格中有单独的回车符 (a lone carriage return in an unquoted cell)"
            expected = "在Excel中打开并另存为「CSV UTF-8」; 或删除该行中多余的回车符"
        elif "NUL" in message:
            problem = "文件含有NUL字符: 可能是没有BOM的UTF-16文件或二进制文件 (NUL byte)"
            expected = "在Excel中另存为「CSV UTF-8」或「Unicode文本」"
        elif "end of data" in message or "EOF" in message:
            problem = "引号没有闭合, 文件可能不完整 (unclosed quote)"
            expected = "每个以引号开始的单元格都以引号结束; 重新复制或另存该文件"
        else:
            problem = f"CSV格式错误 ({message})"
            expected = "在Excel中打开并另存为「CSV UTF-8」"
        raise _fail(path, problem, expected, row=row) from None
    if rows and text and not text.endswith("\n") and any(c is not None for c in rows[-1]):
        raise _fail(path, "最后一行没有换行符, 文件可能复制不完整 (last line cut off?)",
                    "重新复制完整的文件; 若文件确实完整, 在最后一行末尾按回车后保存",
                    row=len(rows), value=delimiter.join(c or "" for c in rows[-1]))  # type: ignore[misc]
    _check_widths(path, rows, delimiter)
    return [Sheet(name=path.stem, rows=_trim(rows), active=True, hidden=False)]


def _check_widths(path: Path, rows: list[list[object]], delimiter: str) -> None:
    """Every row after the header (the first row with two filled cells) has the header's width."""
    header_at = next((i for i, r in enumerate(rows) if sum(c is not None for c in r) >= 2), None)
    if header_at is None:
        return
    width = len(rows[header_at])
    sep = "逗号" if delimiter == "," else "制表符"
    for i in range(header_at + 1, len(rows)):
        row = rows[i]
        if all(c is None for c in row):
            continue
        filled = max(j + 1 for j, c in enumerate(row) if c is not None)
        if filled > width:
            extra = [c for c in row[width:] if c is not None]
            raise _fail(path, f"本行有{filled}个单元格, 比表头多{filled - width}个: 多出 "
                              + ", ".join(repr(c) for c in extra)
                              + " (row wider than the header)",
                        f"每行{width}个单元格, 与表头相同; 数字中的千位分隔{sep}会把单元格拆开: "
                        "写成 1234.5, 或在Excel中另存为CSV (Excel会加引号)",
                        row=i + 1, column=f"第{width + 1}列 (表头之外)", value=extra[0])
        if len(row) < width:
            raise _fail(path, f"本行只有{len(row)}个单元格, 表头有{width}个 (row narrower than the header)",
                        f"每行{width}个单元格, 空单元格也要写{sep}", row=i + 1,
                        value=delimiter.join("" if c is None else str(c) for c in row))


# --- entry points -------------------------------------------------------------------------------

def read_sheets(path: str | os.PathLike[str]) -> list[Sheet]:
    """Every sheet of a workbook (or the one sheet of a text table), in workbook order.

    Parameters
    ----------
    path
        An ``.xlsx``, ``.xlsm``, ``.xls``, ``.csv`` or ``.txt`` file.

    Raises
    ------
    DataFileError
        Not a regular file; unsupported type; empty, damaged, half-copied, encrypted or
        mis-named file; unknown encoding; a text row that does not fit the header; a formula
        without a trustworthy cached result. The message names the file and says what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("指标名称,单位,2023-04 累计值\\n地区生产总值,亿元,540.8\\n", encoding="utf-8")
    >>> [s.rows for s in read_sheets(p)]
    [[['指标名称', '单位', '2023-04 累计值'], ['地区生产总值', '亿元', '540.8']]]
    """
    # shared, not copied: a copy of a million-row sheet costs a second. The readers never change a
    # row in place (they build new lists; tests/test_read_once.py checks a whole run leaves them as parsed)
    return read_once(_read_sheets, check_regular(path), copy_out=_shared)


def _shared(sheets: list[Sheet]) -> list[Sheet]:
    return sheets


def _read_sheets(path: Path) -> list[Sheet]:
    ext = path.suffix.lower()
    if ext in UNREAD_SPREADSHEETS:
        raise _fail(path, f"不支持的表格类型 {ext} (unsupported spreadsheet type)", SAVE_AGAIN)
    if ext not in READ_TYPES:
        raise _fail(path, f"不支持的文件类型 {ext or '(无扩展名)'} (unsupported file type)",
                    ".xlsx, .xlsm, .xls, .csv or .txt (Unicode text)")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise _fail(path, f"无法读取文件 ({exc.strerror})", "a file the current user may read") from None
    _sniff(path, head, size)
    if ext in WORKBOOK_TYPES:
        if head.startswith(_CFB_MAGIC):
            if _encrypted(path):
                raise _fail(path, "工作簿有密码保护 (加密), 无法读取 (password-protected workbook)",
                            "在Excel中打开, 去掉密码 (文件→信息→保护工作簿→用密码进行加密, 清空) 后保存")
            raise _fail(path, f"扩展名是{ext}, 内容却是旧版 .xls 工作簿 (an .xls renamed {ext})",
                        "把扩展名改为 .xls; 或在Excel中另存为 .xlsx")
        return _read_xlsx(path)
    if ext in OLD_WORKBOOK_TYPES:
        return _read_xls(path)
    try:
        return _read_text(path)
    except OSError as exc:
        raise _fail(path, f"无法读取文件 ({exc.strerror})", "a file the current user may read") from None


def pick_table(path: str | os.PathLike[str], sheets: list[Sheet]) -> Sheet:
    """The sheet an analyst means among ``sheets``: the active one if visible, else the first visible.

    Examples
    --------
    >>> pick_table("b.xlsx", [Sheet("旧", [], active=True, hidden=True), Sheet("新", [], False, False)]).name
    '新'
    """
    visible = [s for s in sheets if not s.hidden]
    if not visible:
        raise _fail(Path(path), "工作簿中没有可见的工作表 (no visible sheet)",
                    "在Excel中取消隐藏要读取的工作表 (右键工作表标签→取消隐藏)")
    return next((s for s in visible if s.active), visible[0])


def read_table(path: str | os.PathLike[str]) -> Sheet:
    """The one sheet to read: the active, visible sheet (else the first visible one).

    A hidden sheet (an old month kept in the workbook) is never chosen.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> read_table(SHIPPED_DATA_DIR / "templates" / "monthly_template.xlsx").hidden
    False
    """
    return pick_table(path, read_sheets(path))


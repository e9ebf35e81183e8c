"""The monthly folder (``data/monthly/``): every file read, in whichever input layout it has, into
one checked panel.

The layouts are plug-ins (:mod:`taicang_analysis.sources.layouts`): the analysts' template
(``指标名称 | 单位 | YYYY-MM 累计值 | YYYY-MM 累计增长%``) and the statistics bureau's own tables
(one place × one month; places × indicators). Files are ``.xlsx``, ``.xlsm``, ``.xls``, ``.csv``
(UTF-8 with or without BOM, or GBK) or Excel's "Unicode text" ``.txt``, read as Excel shows them
(:mod:`taicang_analysis.sources.spreadsheet`: a percent-formatted ``0.042`` is ``4.2%``).

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
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from taicang_analysis.context import data_dir
from taicang_analysis.errors import DataFileError, chinese
from taicang_analysis.sources.layouts import FileRead, read_file, read_file_details
from taicang_analysis.sources.panel import DEFAULT_REGION, PANEL_SCHEMA, merge_cells
from taicang_analysis.sources.plausibility import check_panel, check_report_dates, read_accepts
from taicang_analysis.sources.sidecar import SIDECAR_SUFFIX
from taicang_analysis.sources.spreadsheet import READ_TYPES, UNREAD_SPREADSHEETS, check_regular


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
    panel = read_file(path, today=today, data=data)
    if check:
        panel = check_panel(panel, files={path.name: path}, data=data, today=today)
    return panel


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

    data_root = folder.resolve().parent  # the data folder: a link may not lead out of it
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=unreadable):
        base = Path(root)
        for d in list(dirs):
            if (base / d).is_symlink():
                found.append((base / d, "链接的文件夹不读取 (linked folder not followed)"))
                dirs.remove(d)
        dirs.sort()
        for name in files:
            path = base / name
            found.append((path, _skip_reason(path, root=data_root)))
    return sorted(found, key=lambda item: str(item[0].relative_to(folder)))


def _skip_reason(path: Path, *, root: Path | None = None) -> str | None:
    name = path.name
    for prefix, reason in SKIP_PREFIXES:
        if name.startswith(prefix):
            return reason
    try:
        check_regular(path)
    except DataFileError as exc:
        return exc.problem
    if root is not None and path.is_symlink() and not path.resolve().is_relative_to(root):
        # nothing of the target is shown: not its path, not its content
        return "链接到数据文件夹之外的文件, 不读取 (把文件本身复制进 monthly 文件夹)"
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


INVENTORY_SCHEMA = {"file": pl.String, "action": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class MonthlyRead:
    """One pass over the monthly folder: everything about it, each file parsed once.

    Attributes
    ----------
    panel
        The merged, checked panel (empty when ``error`` stops the read).
    inventory
        Every file: ``file`` (its path in the folder), ``action`` (read, skipped, failed) and
        ``reason`` (what was read, unused rows and columns, notes; or why skipped or failed).
    error
        The first problem that stops a build (a file that cannot be read, two files that disagree
        on one date, a plausibility ``stop``), else None.
    files
        Each file's name in the panel → its path.
    """

    panel: pl.DataFrame
    inventory: pl.DataFrame
    error: DataFileError | None
    files: dict[str, Path]

    def checked(self) -> pl.DataFrame:
        """The panel, or the first error raised."""
        if self.error is not None:
            raise self.error
        return self.panel


def _blamed(err: DataFileError, names: dict[str, Path]) -> str | None:
    """The file (its name in the folder) an error is about: the data file or its sidecar."""
    for name, path in names.items():
        if str(err.file) in (str(path), str(path) + SIDECAR_SUFFIX, path.name):
            return name
    return None


def _cap(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_path(text: str, folder: Path) -> str:
    """A message with the data folder's absolute path taken out: paths as the analyst sees them
    in her data folder (``monthly/m.csv``), nothing of her machine's layout.

    Examples
    --------
    >>> shown_path("/home/li/数据/monthly/m.csv 第2行", Path("/home/li/数据"))
    'monthly/m.csv 第2行'
    """
    for root in dict.fromkeys((str(folder), str(folder.resolve()))):
        text = text.replace(root.rstrip("/") + "/", "")
    return text


def _reason(read: FileRead, panel: pl.DataFrame) -> str:
    """What the inventory says of a read file: its own values (as it gives them), places, layout,
    sheets, and — from the merged panel — the cells it shares that are flagged or accepted."""
    own = read.panel
    values = own.select(pl.col("ytd_value").is_not_null().sum() + pl.col("ytd_growth").is_not_null().sum()
                        + pl.col("month_value").is_not_null().sum()).item()
    parts = [f"{values}个数值, {own['indicator'].n_unique()}个指标"]
    regions = own["region"].unique().sort().to_list()
    if regions != [DEFAULT_REGION]:
        parts.append("地区: " + "、".join(regions))
    if read.layout != "template":
        parts.append("统计局表格样式")
    if read.sheets:
        parts.append("工作表" + "".join(f"「{n}」" for n in read.sheets))
    if read.hidden:
        parts.append("未读隐藏工作表" + "".join(f"「{h}」" for h in read.hidden))
    flagged = panel.filter(pl.col("flag").is_not_null())
    if flagged.height:
        accepted = flagged.filter(pl.col("accepted").is_not_null()).height
        parts.append(f"{flagged.height}行存疑" + (f" (其中{accepted}行已由分析员接受)" if accepted else ""))
    if read.unused:
        parts.append("未使用: " + "、".join(read.unused))
    if read.notes:
        parts.append("表注: " + "; ".join(read.notes))
    return "; ".join(parts)


def read_monthly(data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None) -> MonthlyRead:
    """Read the monthly folder once: the panel, the inventory, the first stopping error.

    Files are merged cell by cell (:func:`~taicang_analysis.sources.panel.merge_cells`), then every
    place is checked by itself (:func:`~taicang_analysis.sources.plausibility.check_panel`). A file
    that cannot be read, or that a merge or check stops on, is listed as failed with its message.

    Examples
    --------
    >>> read = read_monthly()
    >>> read.error is None and set(read.inventory.columns) == {"file", "action", "reason"}
    True
    """
    today = today or dt.date.today()
    folder = data_dir(data) / "monthly"
    rows: list[dict[str, str]] = []
    names: dict[str, Path] = {}
    reads: dict[str, FileRead] = {}
    errors: list[DataFileError] = []
    for path, skip in scan_monthly(folder):
        name = relative_name(path, folder)
        if skip is not None:
            is_sidecar = path.name.lower().endswith(SIDECAR_SUFFIX)
            has_data = is_sidecar and path.with_name(path.name[: -len(SIDECAR_SUFFIX)]).exists()
            rows.append({"file": name, "action": "read" if has_data else "skipped", "reason": chinese(skip)})
            continue
        try:
            read = read_file_details(path, today=today, data=data)
        except DataFileError as exc:
            errors.append(exc)
            rows.append({"file": name, "action": "failed", "reason": _cap(shown_path(str(exc), folder.parent))})
            continue
        names[name] = path
        reads[name] = FileRead(read.panel.with_columns(source_file=pl.lit(name, dtype=pl.String)), read.layout,
                               read.sheets, read.hidden, read.unused, read.notes)
        rows.append({"file": name, "action": "read", "reason": ""})
    panel = pl.DataFrame(schema=PANEL_SCHEMA)
    if reads:
        frames = pl.concat([r.panel for r in reads.values()])
        try:
            check_report_dates(frames, files=names, today=today, data=data)  # before merging: a date decides
            accepts = {name: read_accepts(path, data=data) for name, path in names.items()}

            def accepted(file: str, rec: dict, measure: str) -> str | None:
                return accepts.get(file, {}).get((rec["indicator"], rec["year"], rec["month"], measure))

            merged = merge_cells(frames, accepted=accepted, path=lambda name: names.get(name, name))
            panel = check_panel(merged, files=names, data=data, today=today).sort(
                "region", "indicator", "year", "month")
        except DataFileError as exc:
            errors.append(exc)
            blamed = _blamed(exc, names)
            for row in rows:
                if row["file"] == blamed:
                    row.update(action="failed", reason=_cap(shown_path(str(exc), folder.parent)))
    for row in rows:
        if row["action"] == "read" and row["file"] in reads:
            mine = panel.filter(pl.col("sources").fill_null(pl.col("source_file")).str.split("；").list.contains(
                row["file"])) if not panel.is_empty() else reads[row["file"]].panel
            row["reason"] = _reason(reads[row["file"]], mine if not mine.is_empty() else reads[row["file"]].panel)
    inventory = pl.DataFrame(rows, schema=INVENTORY_SCHEMA, orient="row")
    return MonthlyRead(panel if not errors else pl.DataFrame(schema=PANEL_SCHEMA), inventory,
                       errors[0] if errors else None, names)


def load_monthly(
    data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None
) -> pl.DataFrame:
    """Read every monthly file under ``data/monthly/`` (subfolders too) into one checked panel
    (:func:`read_monthly`), raising its first error.

    Files are merged cell by cell (:func:`~taicang_analysis.sources.panel.merge_cells`): values
    that agree are one value with every file in ``sources``; the later report date wins a
    disagreement, which ``conflict`` lists; equal dates stop. A file in a subfolder is named by its
    path inside the monthly folder (``2023/m.csv``). The plausibility rules then run on every
    place (:func:`~taicang_analysis.sources.plausibility.check_panel`): a ``stop`` rule raises, a
    ``flag`` rule fills ``flag``, an accepted value carries its reason.

    Examples
    --------
    >>> load_monthly().columns == list(PANEL_SCHEMA)
    True
    """
    return read_monthly(data, today=today).checked()

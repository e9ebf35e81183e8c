"""What was read: every file of the monthly folder, read, skipped or failed, and why.

:func:`inventory` is the table the edition's notes list; :func:`where` is the short Chinese text
an analyst calls (``ta.where()``) to see which data folder is actually read and what is in it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl

from taicang_analysis.context import data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.layouts.template import choose_sheet
from taicang_analysis.sources.monthly import read_monthly_file, relative_name, scan_monthly
from taicang_analysis.sources.sidecar import SIDECAR_SUFFIX
from taicang_analysis.sources.spreadsheet import read_sheets

INVENTORY_SCHEMA = {"file": pl.String, "action": pl.String, "reason": pl.String}
ACTION_ZH = {"read": "读取", "skipped": "跳过", "failed": "出错"}
#: longest reason kept in the table (an error message can be long)
MAX_REASON = 300


def _cap(text: str) -> str:
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def _read_reason(path: Path, panel: pl.DataFrame) -> str:
    parts = []
    try:
        sheets = read_sheets(path)
        sheet = choose_sheet(path, sheets)
        workbook = path.suffix.lower() not in (".csv", ".txt")
        if sheet is None:
            visible = [s.name for s in sheets if not s.hidden] if workbook else []
            parts.append("统计局表格样式 (bureau layout)"
                         + ("; 可见工作表" + "".join(f"「{n}」" for n in visible) if visible else ""))
        elif workbook:
            parts.append(f"工作表「{sheet.name}」")
        hidden = [s.name for s in sheets if s.hidden]
        if hidden:
            parts.append("未读隐藏工作表" + "、".join(f"「{h}」" for h in hidden))
    except DataFileError:  # pragma: no cover - the file was just read without error
        pass
    values = panel.select(pl.col("ytd_value").is_not_null().sum() + pl.col("ytd_growth").is_not_null().sum()).item()
    parts.insert(0, f"{values}个数值, {panel['indicator'].n_unique()}个指标")
    flagged = panel.filter(pl.col("flag").is_not_null())
    if flagged.height:
        accepted = flagged.filter(pl.col("accepted").is_not_null()).height
        parts.append(f"{flagged.height}行存疑" + (f" (其中{accepted}行已由分析员接受)" if accepted else ""))
    return "; ".join(parts)


def inventory(
    data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None
) -> pl.DataFrame:
    """Every file under the monthly folder: ``file`` (its path in the folder), ``action``
    (``read``, ``skipped`` or ``failed``) and ``reason``.

    Each data file is read on its own (checked against the published figures); a failure is
    listed with its message instead of stopping, so that one call shows every bad file.

    Examples
    --------
    >>> inventory().columns
    ['file', 'action', 'reason']
    """
    folder = data_dir(data) / "monthly"
    rows = []
    for path, skip in scan_monthly(folder):
        name = relative_name(path, folder)
        if skip is not None:
            is_sidecar = path.name.lower().endswith(SIDECAR_SUFFIX)
            has_data = is_sidecar and path.with_name(path.name[: -len(SIDECAR_SUFFIX)]).exists()
            rows.append({"file": name, "action": "read" if has_data else "skipped", "reason": skip})
            continue
        try:
            panel = read_monthly_file(path, today=today, data=data)
        except DataFileError as exc:
            rows.append({"file": name, "action": "failed", "reason": _cap(str(exc))})
            continue
        rows.append({"file": name, "action": "read", "reason": _read_reason(path, panel)})
    return pl.DataFrame(rows, schema=INVENTORY_SCHEMA, orient="row")


class WhereText(str):
    """The text :func:`where` returns: shown once in a notebook (it is printed already)."""

    def _ipython_display_(self) -> None:
        pass


def where(data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None) -> str:
    """Print and return, in Chinese, the data folder actually read, its monthly folder and the files found.

    Examples
    --------
    >>> text = where()
    数据文件夹 (data folder): ...
    >>> "月度文件夹" in text
    True
    """
    folder = data_dir(data).resolve()
    monthly = folder / "monthly"
    lines = [f"数据文件夹 (data folder): {folder}"]
    if not folder.is_dir():
        lines.append("  该文件夹不存在 (folder not found): 请检查 TAICANG_DATA 或 --data")
    elif not monthly.is_dir():
        lines.append(f"月度文件夹 (monthly folder): {monthly} — 不存在, 只使用公开数据 (figures.csv)")
    else:
        table = inventory(folder, today=today)
        counts = {a: table.filter(pl.col("action") == a).height for a in ACTION_ZH}
        summary = ", ".join(f"{ACTION_ZH[a]}{n}个" for a, n in counts.items())
        lines.append(f"月度文件夹 (monthly folder): {monthly} — {summary}")
        if table.is_empty():
            lines.append("  (没有文件 / no files)")
        for rec in table.iter_rows(named=True):
            lines.append(f"  {ACTION_ZH[rec['action']]}  {rec['file']} — {rec['reason']}")
    text = WhereText("\n".join(lines))
    print(text)
    return text

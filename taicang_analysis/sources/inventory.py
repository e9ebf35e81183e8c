"""What was read: every file of the monthly folder, read, skipped or failed, and why.

:func:`inventory` is the table the edition's notes list; :func:`where` is the short Chinese text
an analyst calls (``ta.where()``) to see which data folder is actually read and what is in it.
"""

from __future__ import annotations

import datetime as dt
import os

import polars as pl

from taicang_analysis.context import data_dir
from taicang_analysis.errors import chinese
from taicang_analysis.sources.monthly import INVENTORY_SCHEMA, read_monthly

__all__ = ["ACTION_ZH", "INVENTORY_SCHEMA", "inventory", "where"]

ACTION_ZH = {"read": "读取", "skipped": "跳过", "failed": "出错"}


def inventory(
    data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None
) -> pl.DataFrame:
    """Every file under the monthly folder: ``file`` (its path in the folder), ``action``
    (``read``, ``skipped`` or ``failed``) and ``reason`` — from the one pass
    :func:`~taicang_analysis.sources.monthly.read_monthly` makes (each file parsed once). A
    failure is listed with its message instead of stopping, so that one call shows every bad file;
    a read file's reason lists its values, sheets, flags and the rows and columns not used.

    Examples
    --------
    >>> inventory().columns
    ['file', 'action', 'reason']
    """
    return read_monthly(data, today=today).inventory


class WhereText(str):
    """The text :func:`where` returns: shown once in a notebook (it is printed already)."""

    def _ipython_display_(self) -> None:
        pass


def where(data: str | os.PathLike[str] | None = None, *, today: dt.date | None = None) -> str:
    """Print and return, in Chinese, the data folder actually read, its monthly folder and the files found.

    Examples
    --------
    >>> text = where()
    数据文件夹: ...
    >>> "月度文件夹" in text
    True
    """
    folder = data_dir(data).resolve()
    monthly = folder / "monthly"
    lines = [f"数据文件夹 (data folder): {folder}"]
    if not folder.is_dir():
        lines.append("  该文件夹不存在 (folder not found): 请检查笔记本参数 data 或 --data")
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
    text = WhereText("\n".join(chinese(line) for line in lines))  # Chinese only: no English glosses
    print(text)
    return text

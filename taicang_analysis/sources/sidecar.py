"""A monthly file's provenance: the ``<file name>.source.txt`` beside it.

::

    issuer: 太仓市统计局
    report: 2023年4月统计月报
    date: 2023-05-20
    accept: 2023-04 地区生产总值 累计值 | 口径调整, 已与统计局核实

``issuer``, ``report`` and ``date`` say who published the figures, in which report and when;
``accept:`` lines (any number) accept a value that a plausibility rule flags or stops, with the
analyst's reason (:mod:`taicang_analysis.sources.plausibility`). Keys may be written in Chinese
(发布单位, 报告, 日期, 接受); full-width colons and digits are read as half-width.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once
from taicang_analysis.sources.normalise import normalise_text
from taicang_analysis.sources.spreadsheet import check_regular

PROVENANCE_KEYS = {"issuer": ("issuer", "发布单位"), "report": ("report", "报告"),
                   "date": ("date", "日期")}
#: the key of an acceptance line in the sidecar (``accept: 2023-04 地区生产总值 累计值 | reason``)
ACCEPT_KEYS = ("accept", "接受")
SIDECAR_SUFFIX = ".source.txt"
#: largest sidecar read (a few lines of text)
_MAX_SIDECAR = 1 << 20


def _decode_sidecar(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataFileError(path, problem="无法识别的文字编码 (unreadable encoding)",
                        expected="UTF-8 (with or without BOM) or GBK; 用记事本另存为UTF-8")


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """The provenance file of a monthly file: ``<file name>.source.txt`` beside it.

    Examples
    --------
    >>> sidecar_path("data/monthly/m.csv").name
    'm.csv.source.txt'
    """
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar_lines(path: str | os.PathLike[str]) -> list[tuple[int, str, str]]:
    """The ``key: value`` lines of ``<file>.source.txt`` as (line number, lower-case key, value).

    Full-width colons and digits are normalised. A missing sidecar gives an empty list.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> read_sidecar_lines(SHIPPED_DATA_DIR / "templates" / "monthly_template.csv")[0]
    (1, 'issuer', '太仓市统计局')
    """
    side = sidecar_path(path)
    if not side.exists():
        return []
    return read_once(_read_lines, check_regular(side))


def _read_lines(side: Path) -> list[tuple[int, str, str]]:
    if side.stat().st_size > _MAX_SIDECAR:
        raise DataFileError(side, problem="来源说明文件太大 (provenance file too large)",
                            expected="a few lines: issuer, report, date, accept")
    text = _decode_sidecar(side, side.read_bytes())
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        key, sep, value = normalise_text(line).replace("：", ":").partition(":")
        if sep:
            lines.append((number, key.strip().lower(), value.strip()))
    return lines


def read_provenance(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read ``<file>.source.txt``: issuer, report and date (YYYY-MM-DD) of a monthly file.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> read_provenance(SHIPPED_DATA_DIR / "templates" / "monthly_template.csv")["issuer"]
    '太仓市统计局'
    """
    path = Path(path)
    side = sidecar_path(path)
    if not side.exists():
        raise DataFileError(path, problem=f"缺少来源说明文件 {side.name} (provenance file missing)",
                            expected="a text file with lines 'issuer: …', 'report: …', "
                                     "'date: YYYY-MM-DD'")
    found: dict[str, str] = {}
    for _, key, value in read_sidecar_lines(path):
        for name, spellings in PROVENANCE_KEYS.items():
            if key in spellings:
                found[name] = value
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

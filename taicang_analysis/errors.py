"""The one error raised for bad input: it names the file, row, column, value and what was expected."""

from __future__ import annotations

import re
from pathlib import Path


class DataFileError(ValueError):
    """A data file failed validation.

    The message is in Chinese (English glosses in brackets are left out of it and kept in
    :attr:`glosses` for a log) and names everything an analyst needs to find and fix the cell:
    the file, the row as a spreadsheet shows it (header = row 1), the column header, the value
    found and what was expected.

    Examples
    --------
    >>> err = DataFileError("m.csv", row=3, column="2023-04 累计值", value="abc",
    ...                     problem="不是数字 (not a number)", expected="a number such as 123.4")
    >>> print(err)
    m.csv 第3行 列「2023-04 累计值」 值 'abc': 不是数字; 应为: a number such as 123.4
    >>> err.glosses
    ['not a number']
    >>> err.row, err.column
    (3, '2023-04 累计值')

    A workbook's sheet is named when it matters; a huge value is shortened in the message (the
    attribute keeps it whole):

    >>> err = DataFileError("b.xlsx", sheet="4月", row=2, column="单位", value="万" * 500,
    ...                     problem="单位不符", expected="亿元")
    >>> len(str(err)) < 200, len(err.value)
    (True, 500)
    """

    def __init__(
        self,
        file: str | Path,
        *,
        problem: str,
        expected: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        sheet: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.value = value
        self.problem = problem
        self.expected = expected
        self.sheet = sheet
        where = [self.file]
        if sheet is not None:
            where.append(f"工作表「{_cap(sheet)}」")
        if row is not None:
            where.append(f"第{row}行")
        if column is not None:
            where.append(f"列「{_cap(column)}」")
        if value is not None:
            where.append(f"值 {_cap(repr(value))}")
        super().__init__(f"{' '.join(where)}: {_cap(chinese(problem), 600)}; 应为: {_cap(chinese(expected), 600)}")

    @property
    def glosses(self) -> list[str]:
        """The English glosses the message leaves out (for a log, never shown to an analyst)."""
        return [m.group(1) for text in (self.problem, self.expected) for m in _GLOSS.finditer(text)]


#: an English gloss in brackets after Chinese text: " (no header row found)"
_GLOSS = re.compile(r"\s*[(（]([A-Za-z][A-Za-z0-9 ,.'/_:;=+\-]*)[)）]")


def chinese(text: str) -> str:
    """A message part without its English glosses in brackets; text with no Chinese at all is kept.

    Examples
    --------
    >>> chinese("找不到表头 (no header row found), 看到的前几行"), chinese("文件不存在 (file not found)")
    ('找不到表头, 看到的前几行', '文件不存在')
    >>> chinese("an existing file"), chinese("1-12月 (1-12)")
    ('an existing file', '1-12月 (1-12)')
    """
    text = str(text)
    if not re.search(r"[\u4e00-\u9fff]", text):
        return text
    return _GLOSS.sub("", text)


#: longest text of one part (value, column, sheet) shown in a message; the attributes keep it all
MAX_PART = 120


def _cap(text: str, limit: int = MAX_PART) -> str:
    """Shorten ``text`` to ``limit`` characters with an ellipsis, so one huge cell cannot flood a message.

    Examples
    --------
    >>> _cap("x" * 200, 10)
    'xxxxxxxxx…'
    >>> _cap("short")
    'short'
    """
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The one error raised for bad input: it names the file, row, column, value and what was expected."""

from __future__ import annotations

from pathlib import Path


class DataFileError(ValueError):
    """A data file failed validation.

    The message is bilingual and names everything an analyst needs to find and fix the cell:
    the file, the row as a spreadsheet shows it (header = row 1), the column header, the value
    found and what was expected.

    Examples
    --------
    >>> err = DataFileError("m.csv", row=3, column="2023-04 累计值", value="abc",
    ...                     problem="不是数字 (not a number)", expected="a number such as 123.4")
    >>> print(err)
    m.csv 第3行 列「2023-04 累计值」 值 'abc': 不是数字 (not a number); 应为 expected: a number such as 123.4
    >>> err.row, err.column
    (3, '2023-04 累计值')
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
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.value = value
        self.problem = problem
        self.expected = expected
        where = [self.file]
        if row is not None:
            where.append(f"第{row}行")
        if column is not None:
            where.append(f"列「{column}」")
        if value is not None:
            where.append(f"值 {value!r}")
        super().__init__(f"{' '.join(where)}: {problem}; 应为 expected: {expected}")

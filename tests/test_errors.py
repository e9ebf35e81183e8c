"""DataFileError: the message names file, row, column, value and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from taicang_analysis.errors import DataFileError


def test_message_names_everything():
    err = DataFileError(
        Path("data/monthly/2023-04.csv"), row=3, column="2023-04 累计值", value="abc",
        problem="不是数字 (not a number)", expected="a number such as 123.4",
    )
    text = str(err)
    assert text.startswith(str(Path("data/monthly/2023-04.csv")))
    assert "第3行" in text
    assert "列「2023-04 累计值」" in text
    assert "'abc'" in text
    assert "不是数字" in text and "not a number" not in text  # no English gloss in what an analyst reads
    assert "应为: a number such as 123.4" in text and "expected" not in text
    assert err.glosses == ["not a number"]  # kept for a log
    # the pieces come in the order file, row, column, value, problem, expected
    order = [text.index(part) for part in
             ("2023-04.csv", "第3行", "列「", "'abc'", "不是数字", "应为")]
    assert order == sorted(order)


def test_attributes():
    err = DataFileError("m.csv", row=7, column="单位", value="万元",
                        problem="单位不符", expected="亿元")
    assert (err.file, err.row, err.column, err.value, err.problem, err.expected) == (
        "m.csv", 7, "单位", "万元", "单位不符", "亿元")


def test_file_is_a_string_even_from_a_path():
    err = DataFileError(Path("a") / "b.csv", problem="p", expected="e")
    assert err.file == str(Path("a") / "b.csv")
    assert isinstance(err.file, str)


def test_optional_parts_are_left_out():
    err = DataFileError("m.csv", problem="文件是空的 (empty file)", expected="a header row")
    assert str(err) == "m.csv: 文件是空的; 应为: a header row"
    assert err.row is None and err.column is None and err.value is None


def test_numeric_value_is_shown():
    err = DataFileError("m.csv", row=2, column="2023-04 累计值", value=-3,
                        problem="negative", expected="0 or more")
    assert "值 -3" in str(err)


def test_is_a_value_error():
    # callers that catch ValueError also catch bad data files
    with pytest.raises(ValueError):
        raise DataFileError("m.csv", problem="p", expected="e")


def test_keyword_only():
    with pytest.raises(TypeError):
        DataFileError("m.csv", "problem", "expected")  # type: ignore[misc]

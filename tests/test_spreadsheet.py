"""Spreadsheets as Excel shows them (taicang_analysis.sources.spreadsheet).

Every number is a SYNTHETIC test value; the workbooks are written by the builders of
tests/badfiles.py (openpyxl, xlwt, or by hand as Excel or another program would).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from badfiles import F, S, csv_bytes, fake_encrypted, openpyxl_bytes, raw_xlsx, xls_bytes
from conftest import raises_one

from taicang_analysis.sources.spreadsheet import (
    NO_CACHE,
    Sheet,
    check_regular,
    is_percent_format,
    percent_text,
    pick_table,
    read_sheets,
    read_table,
)

HEAD = ["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- values as Excel shows them -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("fmt", "stored", "shown"),
    [
        ("0.0%", 0.042, "4.2%"),
        ("0%", 0.042, "4.2%"),  # the format would show 4%: the stored value is kept whole
        ("0.00%", -0.013, "-1.3%"),
        ("#,##0.0%", 1.25, "125%"),
        ("0.0", 0.042, 0.042),  # not a percent format: the number itself
        ('0.0"%"', 4.2, 4.2),  # a quoted % is literal text in the format, the value is not × 100
        ("General", 540.8, 540.8),
    ],
)
def test_number_formats(tmp_path, fmt, stored, shown):
    book = openpyxl_bytes({"4月": [HEAD, ["地区生产总值", "亿元", 540.8, stored]]}, formats={("4月", "D2"): fmt})
    sheet = read_table(_write(tmp_path, "m.xlsx", book))
    assert sheet.rows[1] == ["地区生产总值", "亿元", 540.8, shown]


def test_percent_text_arithmetic():
    # 0.035 * 100 is 3.5000000000000004 in binary floating point: shown as Excel shows it, 3.5
    assert 0.035 * 100 != 3.5
    assert percent_text(0.035) == "3.5%"
    assert percent_text(-0.0) == "0%"
    assert is_percent_format("0.0%;[Red]-0.0%")
    assert not is_percent_format('[$%-804]0.0')  # a locale code in brackets, not a percent


def test_text_stored_numbers_stay_text(tmp_path):
    book = openpyxl_bytes({"4月": [HEAD, ["地区生产总值", "亿元", "540.8", "4.2"]]})
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows[1][2:] == ["540.8", "4.2"]


def test_dates_booleans_and_error_cells(tmp_path):
    book = raw_xlsx({"s": [["a", "b", "c"], [True, "#N/A", 1]]})
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows[1] == [True, "#N/A", 1]
    book = openpyxl_bytes({"s": [["a"], [dt.datetime(2023, 4, 30)]]})
    assert read_table(_write(tmp_path, "d.xlsx", book)).rows[1] == [dt.datetime(2023, 4, 30)]


def test_merged_range_repeats_its_top_left_value(tmp_path):
    book = openpyxl_bytes({"s": [HEAD, ["地区生产总值", "亿元", 1, 2], ["一般公共预算收入", None, 3, 4]]},
                          merges=[("s", "B2:B3")])
    rows = read_table(_write(tmp_path, "m.xlsx", book)).rows
    assert [r[1] for r in rows] == ["单位", "亿元", "亿元"]


def test_merged_range_in_a_hand_written_workbook(tmp_path):
    book = raw_xlsx({"s": [["a", "b", "c"], ["x", None, None]]}, merges=[("s", "A2:C2")])
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows[1] == ["x", "x", "x"]


def test_trailing_empty_rows_and_columns_are_dropped(tmp_path):
    book = openpyxl_bytes({"s": [["a", "b", None, None], [1, None, None, None], [None, None, None, ""]]})
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows == [["a", "b"], [1, None]]


def test_formatted_empty_rows_are_not_read(tmp_path):
    path = _write(tmp_path, "m.xlsx", raw_xlsx({"s": [HEAD, ["x", "亿元", 1, 2]]}, empty_rows=20_000))
    assert read_table(path).rows == [HEAD, ["x", "亿元", 1, 2]]


# --- formulas -----------------------------------------------------------------------------------

def test_formula_cached_by_excel_is_its_result(tmp_path):
    book = raw_xlsx({"s": [["a", "b"], [401.2, F("A2+139.6", 540.8)]]}, calc_chain=True)
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows[1] == [401.2, 540.8]


def test_formula_zero_computed_by_excel_is_zero(tmp_path):
    book = raw_xlsx({"s": [["a", "b"], [0, F("A2*2", 0)]]}, calc_chain=True)
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows[1] == [0, 0]


def test_formula_without_a_cached_result(tmp_path):
    path = _write(tmp_path, "m.xlsx", openpyxl_bytes({"4月": [["a", "b"], [1, "=A2+1"]]}))
    err = raises_one(lambda: read_sheets(path))
    assert (err.file, err.sheet, err.column) == (str(path), "4月", "单元格 B2")
    assert err.problem.startswith(NO_CACHE)
    assert "公式无缓存值, 请在Excel中打开并保存" in str(err)


def test_formulas_all_zero_from_a_program(tmp_path):
    # no calcChain (Excel never computed it) and every cached result 0: not trusted
    book = raw_xlsx({"s": [["a", "b", "c"], [1, F("A2+1", 0), F("A2+2", 0)]]})
    err = raises_one(lambda: read_sheets(_write(tmp_path, "m.xlsx", book)))
    assert err.column == "单元格 B2"
    assert "0" in err.problem


def test_one_zero_among_real_caches_is_trusted(tmp_path):
    # a program that does compute (LibreOffice writes no calcChain): a 0 among real results is a 0
    book = raw_xlsx({"s": [["a", "b", "c"], [1, F("A2+1", 2), F("A2-1", 0)]]})
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows[1] == [1, 2, 0]


# --- sheets -------------------------------------------------------------------------------------

def test_every_sheet_in_order_with_active_and_hidden(tmp_path):
    book = openpyxl_bytes({"旧": [["a"]], "4月": [["b"]], "说明": [["c"]]}, active=1, hidden=("旧",))
    sheets = read_sheets(_write(tmp_path, "m.xlsx", book))
    assert [(s.name, s.active, s.hidden) for s in sheets] == [
        ("旧", False, True), ("4月", True, False), ("说明", False, False)]
    assert read_table(tmp_path / "m.xlsx").name == "4月"


def test_hidden_active_sheet_is_not_taken():
    sheets = [Sheet("旧", [["a"]], active=True, hidden=True), Sheet("新", [["b"]], active=False, hidden=False)]
    assert pick_table("m.xlsx", sheets).name == "新"


def test_no_visible_sheet():
    err = raises_one(lambda: pick_table("m.xlsx", [Sheet("旧", [], active=True, hidden=True)]))
    assert "取消隐藏" in err.expected


def test_xls_formats_hidden_and_active(tmp_path):
    book = xls_bytes({"旧": [["a"]], "4月": [HEAD, ["地区生产总值", "亿元", 540.8, 0.042]]}, active=1,
                     hidden=("旧",), formats={("4月", 1, 3): "0.0%"})
    sheets = read_sheets(_write(tmp_path, "m.xls", book))
    assert [(s.name, s.active, s.hidden) for s in sheets] == [("旧", False, True), ("4月", True, False)]
    assert sheets[1].rows[1] == ["地区生产总值", "亿元", 540.8, "4.2%"]


# --- text tables --------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    path = _write(tmp_path, "m.csv", csv_bytes([HEAD, ["地区生产总值", "亿元", "540.8", "4.2%"]], encoding=encoding))
    sheet = read_table(path)
    assert (sheet.name, sheet.active, sheet.hidden) == ("m", True, False)
    assert sheet.rows == [HEAD, ["地区生产总值", "亿元", "540.8", "4.2%"]]


def test_unicode_text(tmp_path):
    data = b"\xff\xfe" + csv_bytes([HEAD, ["地区生产总值", "亿元", "540.8", "4.2%"]], encoding="utf-16-le",
                                   sep="\t", end="\r\n")
    assert read_table(_write(tmp_path, "m.txt", data)).rows[1] == ["地区生产总值", "亿元", "540.8", "4.2%"]


def test_a_title_row_before_the_header_is_allowed(tmp_path):
    # the width check starts at the first row with two filled cells (a bureau table has a title)
    data = csv_bytes([["太仓市2023年1-4月主要经济指标"], HEAD, ["地区生产总值", "亿元", "540.8", "4.2"]])
    assert len(read_table(_write(tmp_path, "m.csv", data)).rows) == 3


def test_row_wider_than_the_header(tmp_path):
    path = _write(tmp_path, "m.csv", csv_bytes([HEAD, ["地区生产总值", "亿元", "1", "540.8", "4.2"]]))
    err = raises_one(lambda: read_sheets(path))
    assert (err.row, err.column, err.value) == (2, "第5列 (表头之外)", "4.2")
    assert "'4.2'" in err.problem and "1234.5" in err.expected


def test_row_narrower_than_the_header(tmp_path):
    err = raises_one(lambda: read_sheets(_write(tmp_path, "m.csv", csv_bytes([HEAD, ["地区生产总值", "亿元"]]))))
    assert err.row == 2
    assert "只有2个" in err.problem


def test_last_line_without_a_line_break(tmp_path):
    err = raises_one(lambda: read_sheets(_write(tmp_path, "m.csv", csv_bytes([HEAD, ["x", "亿元", "540.", ""]])[:-1])))
    assert (err.row, err.value) == (2, "x,亿元,540.,")


@pytest.mark.parametrize(
    ("data", "row", "words"),
    [
        (b"a,b\n1\r,2\n", 2, "回车"),
        (b"a,b\n\"1,2\n", 2, "引号"),
        (b"a\x00,b\n", 1, "NUL"),
        (b"a,b\n1,2\n\x80\xff,3\n", 3, "编码"),
    ],
)
def test_broken_text(tmp_path, data, row, words):
    err = raises_one(lambda: read_sheets(_write(tmp_path, "m.csv", data)))
    assert err.row == row and words in err.problem


def test_old_mac_line_ends(tmp_path):
    assert read_table(_write(tmp_path, "m.csv", b"a,b\r1,2\r")).rows == [["a", "b"], ["1", "2"]]


# --- files that are not what they say -----------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("m.xlsx", b"", "空"),
        ("m.xlsx", b"a,b\n1,2\n", "内容却是文本"),
        ("m.xlsx", fake_encrypted(), "密码"),
        ("m.xlsx", b"PK\x03\x04" + b"\x00" * 100, "不完整"),
        ("m.xls", b"a\tb\n", "文本"),
        ("m.csv", b"PK\x03\x04", "工作簿"),
        ("m.xlsb", b"PK\x03\x04", "另存为"),
        ("m.pdf", b"%PDF", "不支持"),
    ],
)
def test_files_that_are_not_what_they_say(tmp_path, name, data, words):
    path = _write(tmp_path, name, data)
    err = raises_one(lambda: read_sheets(path))
    assert err.file == str(path)
    assert words in str(err)


def test_missing_file_and_folder(tmp_path):
    assert "不存在" in raises_one(lambda: read_sheets(tmp_path / "none.csv")).problem
    (tmp_path / "d.csv").mkdir()
    assert "文件夹" in raises_one(lambda: read_sheets(tmp_path / "d.csv")).problem


def test_a_named_pipe_is_never_opened(tmp_path):
    # check_regular only stats the path: opening a pipe with no writer would block forever
    pipe = tmp_path / "m.csv"
    os.mkfifo(pipe)
    err = raises_one(lambda: check_regular(pipe))
    assert "命名管道" in err.problem
    assert "命名管道" in raises_one(lambda: read_table(pipe)).problem


def test_styled_cells_keep_their_values(tmp_path):
    # a cell formatted as text (@) holding a number stays a number; a 0.0% style shows a percent
    book = raw_xlsx({"s": [["a", "b"], [S(540.8, 3), S(0.042, 1)]]})
    assert read_table(_write(tmp_path, "m.xlsx", book)).rows[1] == [540.8, "4.2%"]


def test_a_long_sheet_reads_as_a_short_one_does(tmp_path, monkeypatch):
    """A sheet over BIG_SHEET_ROWS is read by calamine; it must show what openpyxl shows (SYNTHETIC)."""
    from taicang_analysis.sources import spreadsheet
    from taicang_analysis.sources.files import forget

    rows = [[None, None, None], [None, "指标名称", "SYNTHETIC 标题"]]  # A1 empty, a leading empty row
    rows += [[None, f"SYNTHETIC{i}", i * 0.25, S(0.042 + i / 1000, 1), S(0.5, 2)] for i in range(300)]
    path = tmp_path / "SYNTHETIC_long.xlsx"
    path.write_bytes(raw_xlsx({"长表": rows}, merges=[("长表", "B2:C2")]))
    monkeypatch.setattr(spreadsheet, "BIG_SHEET_ROWS", 10**9)
    slow = spreadsheet.read_sheets(path)[0].rows
    monkeypatch.setattr(spreadsheet, "BIG_SHEET_ROWS", 100)
    forget()  # the same file, the same state: read again under the other setting
    fast = spreadsheet.read_sheets(path)[0].rows
    assert len(fast) == len(slow) == 302

    def same(a, b):
        if isinstance(a, float | int) and not isinstance(a, bool):
            return b is not None and abs(float(b) - a) < 1e-9
        return a == b

    for r, (a, b) in enumerate(zip(slow, fast, strict=True)):
        assert len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True)), (r, a, b)
    assert tuple(fast[2]) == (None, "SYNTHETIC0", "0", "4.2%", "50%")  # percent cells as Excel shows them


def test_more_rows_than_the_hard_limit_are_refused(tmp_path, monkeypatch):
    from taicang_analysis.errors import DataFileError
    from taicang_analysis.sources import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 50)  # the limit is 2,000,000; 50 keeps the test small
    path = tmp_path / "SYNTHETIC_over.xlsx"
    path.write_bytes(raw_xlsx({"s": [[i] for i in range(51)]}))
    with pytest.raises(DataFileError, match="超过上限50行"):
        spreadsheet.read_sheets(path)

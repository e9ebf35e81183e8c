"""Analysts' monthly files (taicang_analysis.sources.monthly): reading, normalising and every error.

All figures in these files are SYNTHETIC test values, invented for the tests.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from conftest import PROVENANCE, TODAY, raises_one, write_monthly, write_provenance
from polars.testing import assert_frame_equal

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.sources.monthly import load_monthly, read_monthly_file
from taicang_analysis.sources.panel import PANEL_SCHEMA
from taicang_analysis.sources.sidecar import read_provenance

HEADER = ["指标名称", "单位", "2023-03 累计值", "2023-03 累计增长%", "2023-04 累计值",
          "2023-04 累计增长%"]
# SYNTHETIC test values
ROWS = [
    HEADER,
    ["地区生产总值", "亿元", "401.2", "3.5", "540.8", "4.2"],
    ["太仓港集装箱吞吐量", "万标箱", "190.5", "-1.3", "256.7", "0.8"],
    ["新引进德资企业", "家", "12", "—", "17", ""],
]
EXPECTED = [
    # indicator, year, month, ytd_value, ytd_growth, unit, source_row
    ("gdp", 2023, 3, 401.2, 3.5, "亿元", 2),
    ("gdp", 2023, 4, 540.8, 4.2, "亿元", 2),
    ("german_firms", 2023, 3, 12.0, None, "家", 4),
    ("german_firms", 2023, 4, 17.0, None, "家", 4),
    ("port_teu", 2023, 3, 190.5, -1.3, "万标箱", 3),
    ("port_teu", 2023, 4, 256.7, 0.8, "万标箱", 3),
]
COLS = ["indicator", "year", "month", "ytd_value", "ytd_growth", "unit", "source_row"]


def _read(path, today=TODAY):
    return read_monthly_file(path, today=today, data=path.parent.parent)


def _panel_rows(panel: pl.DataFrame) -> list[tuple]:
    return panel.select(COLS).rows()


# --- happy paths --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "encoding"),
    [("utf8.csv", "utf-8"), ("bom.csv", "utf-8-sig"), ("gbk.csv", "gbk"), ("book.xlsx", None)],
)
def test_encodings_and_formats_give_the_same_panel(tmp_data, name, encoding):
    rows = ROWS
    if name.endswith(".xlsx"):
        # a workbook holds numbers as numbers; '—' and blanks as typed
        rows = [HEADER, ["地区生产总值", "亿元", 401.2, 3.5, 540.8, 4.2],
                ["太仓港集装箱吞吐量", "万标箱", 190.5, -1.3, 256.7, 0.8],
                ["新引进德资企业", "家", 12, "—", 17, None]]
    path = write_monthly(tmp_data / "monthly", name, rows, encoding=encoding or "utf-8")
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    panel = _read(path)
    assert panel.columns == list(PANEL_SCHEMA)
    assert _panel_rows(panel) == EXPECTED
    assert set(panel["source_file"].to_list()) == {name}
    assert set(panel.select("issuer", "report", "report_date").rows()) == {
        (PROVENANCE["issuer"], PROVENANCE["report"], PROVENANCE["date"])}


def test_all_formats_equal_each_other(tmp_data):
    panels = []
    for name, encoding in [("a.csv", "utf-8"), ("b.csv", "utf-8-sig"), ("c.csv", "gbk")]:
        path = write_monthly(tmp_data / "monthly", name, ROWS, encoding=encoding)
        panels.append(_read(path).drop("source_file"))
    for other in panels[1:]:
        assert_frame_equal(panels[0], other)


def test_gbk_provenance(tmp_data):
    path = write_monthly(tmp_data / "monthly", "gbk.csv", ROWS, encoding="gbk", sidecar=False)
    write_provenance(path, encoding="gbk")
    assert _read(path)["issuer"].unique().to_list() == ["太仓市统计局"]


@pytest.mark.parametrize(
    "headers",
    [("2023-04 累计值", "2023-04 累计增长%"), ("2023年4月累计值", "2023年4月累计增长%"),
     ("2023年04月 累计值", "2023-4 累计增长(%)"), ("２０２３－０４ 累计值", "2023.04 累计增长％")],
)
def test_period_header_spellings(tmp_data, headers):
    # SYNTHETIC test values
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标名称", "单位", *headers], ["地区生产总值", "亿元", "540.8", "4.2"]])
    assert _panel_rows(_read(path)) == [("gdp", 2023, 4, 540.8, 4.2, "亿元", 2)]


def test_no_figure_gives_null_not_zero(tmp_data):
    # SYNTHETIC test values
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"],
        ["地区生产总值", "亿元", "—", "4.2"],
        ["一般公共预算收入", "亿元", "88.1", "-"],
        ["实际使用外资", "亿美元", "--", ""],  # no figure at all: no row in the panel
    ])
    panel = _read(path)
    assert panel.select("indicator", "ytd_value", "ytd_growth").rows() == [
        ("budget_revenue", 88.1, None), ("gdp", None, 4.2)]


def test_full_width_and_thousands_are_normalised(tmp_data):
    # SYNTHETIC test values: １，２３４．５ → 1234.5; "12,345" → 12345; ４．２％ → 4.2
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"],
        ["地区生产总值", "亿元", "１，２３４．５", "４．２％"],
        ["居民人均可支配收入", "元", '"12,345"', "－０．５"],
        ["\u3000太仓港集装箱吞吐量 ", "\u3000万标箱", "256.7", "0.8 %"],
    ])
    panel = _read(path)
    assert panel.select("indicator", "ytd_value", "ytd_growth").rows() == [
        ("disposable_income", 12345.0, -0.5), ("gdp", 1234.5, 4.2), ("port_teu", 256.7, 0.8)]


def test_aliases_and_codes(tmp_data):
    # SYNTHETIC test values
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标代码", "指标名称", "单位", "2023-04 累计值"],
        ["", "GDP", "亿元", "540.8"],
        ["retail_sales", "whatever the bureau calls it", "亿元", "101.5"],
        ["", "规模以上工业总产值", "亿元", "1500"],
    ])
    panel = _read(path)
    assert panel.select("indicator", "ytd_value").rows() == [
        ("gdp", 540.8), ("industrial_output", 1500.0), ("retail_sales", 101.5)]


def test_later_report_date_wins(tmp_data):
    folder = tmp_data / "monthly"
    # SYNTHETIC test values: first report 540.8, revised to 541.9 in a later report.
    # The file names sort the other way round, so the report date (not the name) decides.
    write_monthly(folder, "b_first.csv", [
        ["指标名称", "单位", "2023-04 累计值", "2023-03 累计值"],
        ["地区生产总值", "亿元", "540.8", "401.2"]],
        provenance={"issuer": "太仓市统计局", "report": "2023年4月统计月报", "date": "2023-05-20"})
    write_monthly(folder, "a_revised.csv", [
        ["指标名称", "单位", "2023-04 累计值"],
        ["地区生产总值", "亿元", "541.9"]],
        provenance={"issuer": "太仓市统计局", "report": "2023年5月统计月报", "date": "2023-06-10"})
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.select("indicator", "year", "month", "ytd_value", "source_file",
                        "report").rows() == [
        ("gdp", 2023, 3, 401.2, "b_first.csv", "2023年4月统计月报"),
        ("gdp", 2023, 4, 541.9, "a_revised.csv", "2023年5月统计月报"),
    ]


def test_equal_dates_and_different_values_stop(tmp_data):
    """Issue 20: no file name settles two reports of one date; the error names both files and values."""
    folder = tmp_data / "monthly"
    # SYNTHETIC test values
    for name, value in (("m1.csv", "540.8"), ("m2.csv", "541.9")):
        write_monthly(folder, name, [["指标名称", "单位", "2023-04 累计值"],
                                     ["地区生产总值", "亿元", value]])
    err = raises_one(lambda: load_monthly(tmp_data, today=TODAY))
    assert err.file.endswith("m2.csv") and err.value == 541.9
    assert "m1.csv" in err.problem and "540.8" in err.problem and "日期相同" in err.problem
    # the same value in both: one value, both files its sources
    write_monthly(folder, "m2.csv", [["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", "540.8"]])
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.select("ytd_value", "sources").rows() == [(540.8, "m2.csv；m1.csv")]


def test_load_monthly_ignores_other_files(tmp_data):
    folder = tmp_data / "monthly"
    write_monthly(folder, "m.csv", [["指标名称", "单位", "2023-04 累计值"],
                                    ["地区生产总值", "亿元", "540.8"]])  # SYNTHETIC
    (folder / "notes.txt").write_text("not data", encoding="utf-8")
    (folder / "~$m.xlsx").write_bytes(b"lock file")
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.select("indicator", "ytd_value").rows() == [("gdp", 540.8)]


def test_empty_monthly_folder(tmp_data):
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.is_empty()
    assert panel.columns == list(PANEL_SCHEMA)


def test_blank_rows_and_trailing_excel_rows_are_skipped(tmp_data):
    # SYNTHETIC test values
    path = write_monthly(tmp_data / "monthly", "m.xlsx", [
        ["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", 540.8],
        [None, None, None], ["太仓港集装箱吞吐量", "万标箱", 256.7], ["", None, ""]])
    assert _panel_rows(_read(path)) == [("gdp", 2023, 4, 540.8, None, "亿元", 2),
                                        ("port_teu", 2023, 4, 256.7, None, "万标箱", 4)]


def test_shipped_template_reads():
    template = SHIPPED_DATA_DIR / "templates" / "monthly_template.csv"
    panel = read_monthly_file(template, today=TODAY)
    assert panel.columns == list(PANEL_SCHEMA)
    assert panel.is_empty()  # the template holds no figures
    assert read_provenance(template)["date"] == "2023-04-20"


def test_shipped_xlsx_template_reads():
    template = SHIPPED_DATA_DIR / "templates" / "monthly_template.xlsx"
    if not template.exists():
        pytest.skip("no .xlsx template shipped")
    panel = read_monthly_file(template, today=TODAY)
    assert panel.columns == list(PANEL_SCHEMA)


# --- errors: each names file, row, column, value and what was expected --------------------------

def _write_and_fail(tmp_data, rows, *, name="m.csv", today=TODAY, **kw):
    path = write_monthly(tmp_data / "monthly", name, rows, **kw)
    return path, raises_one(lambda: _read(path, today=today))


def test_unrecognised_column(tmp_data):
    path, err = _write_and_fail(tmp_data, [["指标名称", "单位", "2023-04 累计值", "April"],
                                           ["地区生产总值", "亿元", "540.8", "1"]])
    assert (err.file, err.row, err.column, err.value) == (str(path), 1, "April", "April")
    assert "YYYY-MM 累计值" in err.expected


def test_no_indicator_column(tmp_data):
    path, err = _write_and_fail(tmp_data, [["名称", "单位", "2023-04 累计值"],
                                           ["地区生产总值", "亿元", "540.8"]])
    assert (err.file, err.row, err.column, err.value) == (str(path), 1, "名称", None)
    assert "指标名称" in err.expected


def test_no_unit_column(tmp_data):
    path, err = _write_and_fail(tmp_data, [["指标名称", "2023-04 累计值"],
                                           ["地区生产总值", "540.8"]])
    assert (err.file, err.row, err.value) == (str(path), 1, None)
    assert err.column is None
    assert "单位" in err.expected


def test_text_in_a_number_cell(tmp_data):
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-03 累计值", "2023-04 累计值"],
        ["地区生产总值", "亿元", "401.2", "540.8"],
        ["太仓港集装箱吞吐量", "万标箱", "190.5", "abc"],
    ])
    assert (err.file, err.row, err.column, err.value) == (str(path), 3, "2023-04 累计值", "abc")
    assert "number" in err.expected
    assert "第3行" in str(err) and "列「2023-04 累计值」" in str(err)


def test_percent_in_a_value_column(tmp_data):
    path, err = _write_and_fail(tmp_data, [["指标名称", "单位", "2023-04 累计值"],
                                           ["地区生产总值", "亿元", "4.2%"]])
    assert (err.row, err.column, err.value) == (2, "2023-04 累计值", "4.2%")


def test_text_in_an_xlsx_cell(tmp_data):
    path, err = _write_and_fail(tmp_data, [["指标名称", "单位", "2023-04 累计值"],
                                           ["地区生产总值", "亿元", "n/a?"]], name="m.xlsx")
    assert (err.file, err.row, err.column, err.value) == (str(path), 2, "2023-04 累计值", "n/a?")


def test_duplicated_period(tmp_data):
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%", "2023-04 累计值"],
        ["地区生产总值", "亿元", "540.8", "4.2", "541.0"]])
    assert (err.file, err.row, err.column, err.value) == (
        str(path), 1, "2023-04 累计值", "2023-04 累计值")
    assert "once" in err.expected


def test_duplicated_period_in_two_spellings(tmp_data):
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-04 累计值", "2023年4月累计值"],
        ["地区生产总值", "亿元", "540.8", "541.0"]])
    assert (err.row, err.column, err.value) == (1, "2023年4月累计值", "2023年4月累计值")
    assert "2023-04 累计值" in err.problem


def test_duplicated_indicator(tmp_data):
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-04 累计值"],
        ["地区生产总值", "亿元", "540.8"],
        ["太仓港集装箱吞吐量", "万标箱", "256.7"],
        ["GDP", "亿元", "541.0"],  # an alias of 地区生产总值
    ])
    assert (err.file, err.row, err.column, err.value) == (str(path), 4, "指标名称", "GDP")
    assert "第2行" in err.problem
    assert "one row" in err.expected


def test_unit_disagrees_with_catalogue(tmp_data):
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-04 累计值"],
        ["太仓港集装箱吞吐量", "万标箱", "256.7"],
        ["地区生产总值", "万元", "5408000"],
    ])
    assert (err.file, err.row, err.column, err.value) == (str(path), 3, "单位", "万元")
    assert "亿元" in err.expected


def test_period_in_the_future(tmp_data):
    today = dt.date(2023, 5, 10)
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-04 累计值", "2023-05 累计值"],
        ["地区生产总值", "亿元", "540.8", "680.1"]], today=today)
    assert (err.file, err.row, err.column, err.value) == (
        str(path), 1, "2023-05 累计值", "2023-05")
    assert "2023-04" in err.expected


def test_last_closed_month_is_accepted(tmp_data):
    # the provenance is dated before "today" (a later date is stopped by report_date_future)
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", "540.8"]],
        provenance={**PROVENANCE, "date": "2023-05-08"})
    panel = _read(path, today=dt.date(2023, 5, 10))
    assert panel.select("month", "ytd_value").rows() == [(4, 540.8)]


def test_december_is_closed_in_january(tmp_data):
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标名称", "单位", "2022-12 累计值"], ["地区生产总值", "亿元", "1653.57"]],
        provenance={**PROVENANCE, "date": "2023-01-04"})  # a report after the month's end (issue 20)
    assert _read(path, today=dt.date(2023, 1, 5))["month"].to_list() == [12]
    err = raises_one(lambda: _read(path, today=dt.date(2022, 12, 31)))
    assert (err.column, err.value) == ("2022-12 累计值", "2022-12")
    assert "2022-11" in err.expected


def test_no_such_month(tmp_data):
    path, err = _write_and_fail(tmp_data, [["指标名称", "单位", "2023-13 累计值"],
                                           ["地区生产总值", "亿元", "1"]])
    assert (err.row, err.column, err.value) == (1, "2023-13 累计值", 13)


def test_negative_count(tmp_data):
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"],
        ["新引进德资企业", "家", "-3", "-10"]])
    assert (err.file, err.row, err.column, err.value) == (str(path), 2, "2023-04 累计值", "-3")
    assert "0 or more" in err.expected


def test_negative_growth_and_flow_are_allowed(tmp_data):
    # SYNTHETIC: a negative growth of a count, and a negative flow figure, are both possible
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"],
        ["新引进德资企业", "家", "0", "-100"], ["腾地", "亩", "-12.5", ""]])
    assert _read(path).select("indicator", "ytd_value", "ytd_growth").rows() == [
        ("german_firms", 0.0, -100.0), ("land_cleared", -12.5, None)]


def test_empty_file(tmp_data):
    path = tmp_data / "monthly" / "empty.csv"
    path.write_bytes(b"")
    write_provenance(path)
    err = raises_one(lambda: _read(path))
    # a 0-byte file is refused by the spreadsheet reader before any row is read
    assert (err.file, err.row, err.column, err.value) == (str(path), None, None, None)
    assert "复制" in err.expected
    assert "empty" in err.problem and "空" in err.problem


def test_header_only_file(tmp_data):
    path, err = _write_and_fail(tmp_data, [["指标名称", "单位", "2023-04 累计值"]])
    assert (err.file, err.row, err.column, err.value) == (str(path), 2, None, None)
    assert "one row per indicator" in err.expected


def test_unknown_indicator(tmp_data):
    path, err = _write_and_fail(tmp_data, [
        ["指标名称", "单位", "2023-04 累计值"],
        ["地区生产总值", "亿元", "540.8"],
        ["工业用电量", "亿千瓦时", "30.1"]])
    assert (err.file, err.row, err.column, err.value) == (str(path), 3, "指标名称", "工业用电量")
    assert "indicators.csv" in err.expected


def test_missing_provenance(tmp_data):
    path, err = _write_and_fail(tmp_data, [["指标名称", "单位", "2023-04 累计值"],
                                           ["地区生产总值", "亿元", "540.8"]], sidecar=False)
    assert (err.file, err.row, err.column, err.value) == (str(path), None, None, None)
    assert "m.csv.source.txt" in err.problem
    assert "date: YYYY-MM-DD" in err.expected


def test_provenance_without_date(tmp_data):
    path, err = _write_and_fail(
        tmp_data, [["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", "540.8"]],
        provenance={"issuer": "太仓市统计局", "report": "2023年4月统计月报"})
    side = path.with_name("m.csv.source.txt")
    assert (err.file, err.row, err.column, err.value) == (str(side), None, "date", None)
    assert "date" in err.expected


def test_provenance_with_a_bad_date(tmp_data):
    path, err = _write_and_fail(
        tmp_data, [["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", "540.8"]],
        provenance={"issuer": "太仓市统计局", "report": "2023年4月统计月报", "date": "5月20日"})
    assert (err.file, err.column, err.value) == (
        str(path.with_name("m.csv.source.txt")), "date", "5月20日")
    assert err.expected == "YYYY-MM-DD"


def test_provenance_in_chinese_keys(tmp_data):
    path = write_monthly(tmp_data / "monthly", "m.csv", [
        ["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", "540.8"]], sidecar=False)
    path.with_name("m.csv.source.txt").write_text(
        "发布单位：太仓市统计局\n报告：2023年4月统计月报\n日期：２０２３－０５－２０\n",
        encoding="utf-8")
    assert read_provenance(path) == PROVENANCE


def test_unsupported_file_type(tmp_data):
    path = tmp_data / "monthly" / "m.pdf"
    path.write_bytes(b"%PDF")
    err = raises_one(lambda: _read(path))
    assert (err.file, err.row, err.column) == (str(path), None, None)
    assert ".xlsx" in err.expected


def test_damaged_xls(tmp_data):
    # .xls is read now; four bytes of an OLE2 header are not a workbook
    path = tmp_data / "monthly" / "m.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    err = raises_one(lambda: _read(path))
    assert (err.file, err.row, err.column) == (str(path), None, None)
    assert "损坏" in err.problem and ".xlsx" in err.expected


def test_load_monthly_reports_the_bad_file(tmp_data):
    folder = tmp_data / "monthly"
    write_monthly(folder, "good.csv", [["指标名称", "单位", "2023-04 累计值"],
                                       ["地区生产总值", "亿元", "540.8"]])
    bad = write_monthly(folder, "bad.csv", [["指标名称", "单位", "2023-04 累计值"],
                                            ["地区生产总值", "亿元", "x"]])
    err = raises_one(lambda: load_monthly(tmp_data, today=TODAY))
    assert (err.file, err.row, err.column, err.value) == (str(bad), 2, "2023-04 累计值", "x")


def test_compact_provenance_date_sorts_as_a_date(tmp_data):
    # Python 3.11's date.fromisoformat also accepts the compact form 20230520. The report date
    # is compared as text when files are merged, so it must be kept as YYYY-MM-DD: otherwise
    # "20230520" sorts after "2023-06-10" and the older report would win.
    folder = tmp_data / "monthly"
    # SYNTHETIC test values: 540.8 (May report), revised to 541.9 (June report)
    write_monthly(folder, "a_may.csv", [["指标名称", "单位", "2023-04 累计值"],
                                        ["地区生产总值", "亿元", "540.8"]],
                  provenance={"issuer": "太仓市统计局", "report": "5月", "date": "20230520"})
    write_monthly(folder, "b_june.csv", [["指标名称", "单位", "2023-04 累计值"],
                                         ["地区生产总值", "亿元", "541.9"]],
                  provenance={"issuer": "太仓市统计局", "report": "6月", "date": "2023-06-10"})
    assert read_provenance(folder / "a_may.csv")["date"] == "2023-05-20"
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.select("ytd_value", "report", "report_date").rows() == [
        (541.9, "6月", "2023-06-10")]


# --- files of other layouts, sheets and folders -------------------------------------------------

def test_bureau_table_is_handed_to_the_bureau_reader(tmp_data):
    # a SYNTHETIC table in the statistics bureau's layout (tests/bureau_fixtures.py), with the
    # places table beside it: only Taicang's rows enter the panel, named by the file's path
    from bureau_fixtures import one_place_table, places_table, write_sidecar, write_xlsx

    path = write_xlsx(tmp_data / "monthly" / "2023" / "SYNTHETIC_2023年4月.xlsx",
                      [one_place_table(4), places_table(4)])
    write_sidecar(path, report="SYNTHETIC", date="2023-05-20")
    panel = load_monthly(tmp_data, today=TODAY)
    assert not panel.is_empty()
    assert set(panel["source_file"].to_list()) == {"2023/SYNTHETIC_2023年4月.xlsx"}
    assert set(panel["month"].to_list()) == {4}
    assert panel.columns == list(PANEL_SCHEMA)


def test_an_error_of_the_bureau_reader_names_the_whole_path(tmp_data):
    path, err = _write_and_fail(tmp_data, [["不是任何表格"], ["SYNTHETIC", "x"]])
    assert err.file == str(path)


def test_subfolders_are_read_and_named_by_their_path(tmp_data):
    folder = tmp_data / "monthly"
    write_monthly(folder / "2023" / "04", "m.csv", [["指标名称", "单位", "2023-04 累计值"],
                                                    ["地区生产总值", "亿元", "540.8"]])  # SYNTHETIC
    write_monthly(folder, ".m.csv", [["指标名称", "单位", "2023-03 累计值"],
                                     ["地区生产总值", "亿元", "401.2"]])  # SYNTHETIC, a hidden name
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.select("month", "ytd_value", "source_file").rows() == [
        (3, 401.2, ".m.csv"), (4, 540.8, "2023/04/m.csv")]


def test_one_visible_template_sheet_is_read(tmp_data):
    from badfiles import openpyxl_bytes

    path = tmp_data / "monthly" / "m.xlsx"
    path.write_bytes(openpyxl_bytes({
        "3月": [["指标名称", "单位", "2023-03 累计值"], ["地区生产总值", "亿元", 1.0]],  # hidden, old
        "说明": [["SYNTHETIC 说明"]],
        "4月": [["指标名称", "单位", "2023-04 累计值"], ["地区生产总值", "亿元", 540.8]]},
        active=1, hidden=("3月",)))
    write_provenance(path)
    assert _read(path).select("month", "ytd_value").rows() == [(4, 540.8)]


def test_scan_says_why_each_file_is_skipped(tmp_data):
    from taicang_analysis.sources.monthly import scan_monthly

    folder = tmp_data / "monthly"
    for name in ("~$m.xlsx", ".~lock.m.csv#", "._m.csv", "notes.txt", "a.pdf", "m.ods"):
        (folder / name).write_bytes(b"SYNTHETIC")
    (folder / "t.txt").write_bytes("指标名称\t单位\n".encode())
    reasons = {p.name: r for p, r in scan_monthly(folder)}
    assert reasons["m.ods"] is None  # not skipped: reading it says "save as .xlsx"
    assert reasons["t.txt"] is None  # a tab-separated table
    assert all(reasons[n] for n in ("~$m.xlsx", ".~lock.m.csv#", "._m.csv", "notes.txt", "a.pdf"))

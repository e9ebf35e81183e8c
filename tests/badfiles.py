"""A corpus of SYNTHETIC bad or awkward monthly files, as analysts really produce them.

Every figure here is invented for the tests (file names start with ``SYNTHETIC_``, the issuer is
``SYNTHETIC 测试数据``); none is a published figure for Taicang. Nothing is committed as a binary:
each case writes its files when the test runs (``write_case``), and ``python tests/badfiles.py
OUT`` writes the whole corpus into ``OUT/<case>/monthly/`` to try it by hand.

Each :class:`Case` says what must happen to it when :func:`taicang_analysis.sources.monthly.load_monthly`
reads the folder: an ``error`` (a DataFileError naming file, row, column, value and what was
expected), a documented ``normalised`` reading, a ``read`` of exactly the expected numbers, a
``flagged`` value (kept, with the rule's text) or a ``skipped`` file (listed by the inventory).
The classes follow issue 14: ``excel`` (Excel as saved), ``fit`` (rows that do not fit),
``impossible`` (impossible or contradictory values), ``bounded`` (slow and blocking inputs),
``named`` (errors that name the file), ``folder`` (what is read and skipped).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

#: "today" for every case unless a case says otherwise: every period used has ended
TODAY = dt.date(2023, 6, 15)
ISSUER = "SYNTHETIC 测试数据"
SIDECAR = f"issuer: {ISSUER}\nreport: SYNTHETIC 2023年4月月报\ndate: 2023-05-20\n"
H = ["指标名称", "单位", "2023-03 累计值", "2023-03 累计增长%", "2023-04 累计值", "2023-04 累计增长%"]
# SYNTHETIC values: GDP 401.2 / 3.5% (March), 540.8 / 4.2% (April); port 190.5 / -1.3%, 256.7 / 0.8%
GDP = ["地区生产总值", "亿元", 401.2, 3.5, 540.8, 4.2]
PORT = ["太仓港集装箱吞吐量", "万标箱", 190.5, -1.3, 256.7, 0.8]
#: the panel rows (indicator, year, month, ytd_value, ytd_growth) of GDP and PORT
GOOD = [("gdp", 2023, 3, 401.2, 3.5), ("gdp", 2023, 4, 540.8, 4.2),
        ("port_teu", 2023, 3, 190.5, -1.3), ("port_teu", 2023, 4, 256.7, 0.8)]


@dataclass
class Case:
    """One corpus file (or a few), and what must come of it.

    ``expect`` for ``error``: any of ``file`` (end of the error's file path), ``row``,
    ``column``, ``value``, ``text`` (substrings of the message); for ``read``/``normalised``/
    ``flagged``: ``rows`` (the exact panel rows), ``flag`` ({(indicator, year, month): substring}),
    ``accepted`` (same, for the reason); for ``skipped``: ``file`` and ``text`` (in the reason).
    """

    name: str
    klass: str
    outcome: str
    files: Callable[[], dict[str, bytes]]
    expect: dict = field(default_factory=dict)
    today: dt.date = TODAY
    note: str = ""


# --- file builders ------------------------------------------------------------------------------

def csv_bytes(rows, *, encoding="utf-8", sep=",", end="\n") -> bytes:
    lines = [sep.join("" if c is None else str(c) for c in r) for r in rows]
    return (end.join(lines) + end).encode(encoding)


def sidecar(extra: str = "", *, date: str = "2023-05-20", encoding: str = "utf-8") -> bytes:
    text = SIDECAR.replace("2023-05-20", date) + extra
    return text.encode(encoding)


def with_sidecar(name: str, data: bytes, extra: str = "", **kw) -> dict[str, bytes]:
    return {name: data, name + ".source.txt": sidecar(extra, **kw)}


def openpyxl_bytes(sheets, *, active=0, formats=None, merges=None, hidden=()) -> bytes:
    """A workbook written by openpyxl: ``sheets`` = {name: rows}; ``formats`` = {(sheet, cell): fmt}."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in hidden:
            ws.sheet_state = "hidden"
    for (sheet, cell), fmt in (formats or {}).items():
        book[sheet][cell].number_format = fmt
    for sheet, ref in (merges or []):
        book[sheet].merge_cells(ref)
    book.active = active
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class F:
    """A formula cell for :func:`raw_xlsx`: its text and cached result (None: no cache)."""

    def __init__(self, formula: str, cached: float | None):
        self.formula, self.cached = formula, cached


class S:
    """A styled cell for :func:`raw_xlsx`: value and style index (1: 0.0%, 2: 0%, 3: text @, 4: fill)."""

    def __init__(self, value, style: int):
        self.value, self.style = value, style


ERROR_VALUES = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")


def _col(j: int) -> str:
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _cell_xml(ref: str, value) -> str:
    style = ""
    if isinstance(value, S):
        style, value = f' s="{value.style}"', value.value
    if value is None:
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, F):
        cached = "" if value.cached is None else f"<v>{value.cached}</v>"
        return f'<c r="{ref}"{style}><f>{escape(value.formula)}</f>{cached}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if str(value) in ERROR_VALUES:
        return f'<c r="{ref}"{style} t="e"><v>{value}</v></c>'
    return f'<c r="{ref}"{style} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def raw_xlsx(sheets, *, active=0, hidden=(), calc_chain=False, empty_rows=0, merges=()) -> bytes:
    """A workbook written by hand (as Excel or another program would): formulas with or without
    cached results, a calculation chain (Excel's mark of having computed the workbook), styles,
    hidden sheets, merged cells and ``empty_rows`` formatted empty rows after the data."""
    names = list(sheets)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
        if calc_chain:
            overrides += ('<Override PartName="/xl/calcChain.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>')
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        sheet_xml = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"'
            + (' state="hidden"' if n in hidden else "") + "/>" for i, n in enumerate(names))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships"><bookViews><workbookView activeTab="{active}"/></bookViews><sheets>{sheet_xml}'
            '</sheets></workbook>'))
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
        rels += (f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/styles" Target="styles.xml"/>')
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>'))
        z.writestr("xl/styles.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/>'
            '</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill '
            'patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/>'
            '</patternFill></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
            '</cellXfs></styleSheet>'))
        chain = []
        for i, n in enumerate(names):
            rows = sheets[n]
            body = []
            for r, row in enumerate(rows, start=1):
                cells = "".join(_cell_xml(f"{_col(j)}{r}", v) for j, v in enumerate(row))
                body.append(f'<row r="{r}">{cells}</row>')
                chain += [f'<c r="{_col(j)}{r}" i="{i + 1}"/>' for j, v in enumerate(row) if isinstance(v, F)]
            width = max((len(r) for r in rows), default=1)
            start = len(rows) + 1
            for r in range(start, start + (empty_rows if i == active else 0)):
                cells = "".join(f'<c r="{_col(j)}{r}" s="4"/>' for j in range(width))
                body.append(f'<row r="{r}" s="4" customFormat="1">{cells}</row>')
            merge = [m for s, m in merges if s == n]
            merge_xml = (f'<mergeCells count="{len(merge)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merge)
                         + "</mergeCells>") if merge else ""
            view = '<sheetViews><sheetView workbookViewId="0"' + (' tabSelected="1"' if i == active else "") + "/>"
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", (
                '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                f'spreadsheetml/2006/main">{view}</sheetViews><sheetData>{"".join(body)}</sheetData>{merge_xml}'
                '</worksheet>'))
        if calc_chain:
            z.writestr("xl/calcChain.xml", (
                '<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="http://schemas.openxmlformats.org/'
                f'spreadsheetml/2006/main">{"".join(chain)}</calcChain>'))
    return out.getvalue()


def xls_bytes(sheets, *, active=0, formats=None, hidden=()) -> bytes:
    """An old-format .xls written with xlwt: ``formats`` = {(sheet, row, col): number format}."""
    import xlwt

    book = xlwt.Workbook()
    styles = {}
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                fmt = (formats or {}).get((name, r, c))
                if fmt and fmt not in styles:
                    styles[fmt] = xlwt.easyxf(num_format_str=fmt)
                if v is None:
                    continue
                ws.write(r, c, v, styles[fmt]) if fmt else ws.write(r, c, v)
        if name in hidden:
            ws.visibility = 1
    book.active_sheet = active
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fake_encrypted() -> bytes:
    """The start of an encrypted Office file: an OLE2 container with an EncryptionInfo stream
    (Excel saves a password-protected .xlsx this way). Only the parts the reader looks at."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    return head + entry + b"\x00" * 1024


M = "SYNTHETIC_m"  # file stem


def _template(rows, name=f"{M}.csv", **kw):
    return lambda: with_sidecar(name, csv_bytes(rows, **kw))


def _gdp_only(value, growth=None, *, month=4, name=f"{M}.csv", extra=""):
    head = ["指标名称", "单位", f"2023-{month:02d} 累计值", f"2023-{month:02d} 累计增长%"]
    rows = [head, ["地区生产总值", "亿元", value, "" if growth is None else growth]]
    return lambda: with_sidecar(name, csv_bytes(rows), extra)


def _firms(value, growth="", month=4, extra=""):
    head = ["指标名称", "单位", f"2023-{month:02d} 累计值", f"2023-{month:02d} 累计增长%"]
    rows = [head, ["新引进德资企业", "家", value, growth]]
    date = f"2023-{month + 1:02d}-10"  # a report after the month it covers (issue 20)
    return lambda: with_sidecar(f"{M}.csv", csv_bytes(rows), extra, date=date)


def _xlsx(book: Callable[[], bytes], name=f"{M}.xlsx", extra=""):
    return lambda: with_sidecar(name, book(), extra)


PCT = {("4月", f"{c}{r}"): "0.0%" for c in "DF" for r in (2, 3)}
XLSX_PCT_ROWS = [H, ["地区生产总值", "亿元", 401.2, 0.035, 540.8, 0.042],
                 ["太仓港集装箱吞吐量", "万标箱", 190.5, -0.013, 256.7, 0.008]]


# --- the corpus ---------------------------------------------------------------------------------

CASES: list[Case] = [
    # ---- excel: Excel as saved ----
    Case("xlsx_percent_format", "excel", "normalised",
         _xlsx(lambda: openpyxl_bytes({"4月": XLSX_PCT_ROWS}, formats=PCT)),
         {"rows": GOOD}, note="0.042 in a 0.0% cell is read as Excel shows it: 4.2"),
    Case("xlsx_percent_format_no_decimals", "excel", "normalised",
         _xlsx(lambda: openpyxl_bytes({"4月": XLSX_PCT_ROWS},
                                      formats={k: "0%" for k in PCT})),
         {"rows": GOOD}, note="a 0% format shows 4%, the stored 0.042 is kept to full precision: 4.2"),
    Case("xlsx_text_stored_numbers", "excel", "read",
         _xlsx(lambda: openpyxl_bytes({"4月": [H, [str(c) for c in GDP], [str(c) for c in PORT]]})),
         {"rows": GOOD}),
    Case("xlsx_text_format_cells", "excel", "read",
         _xlsx(lambda: raw_xlsx({"4月": [H, GDP[:2] + [S(v, 3) for v in GDP[2:]], PORT]}, calc_chain=True)),
         {"rows": GOOD}),
    Case("xlsx_formula_cached_by_excel", "excel", "read",
         _xlsx(lambda: raw_xlsx({"4月": [H, GDP[:4] + [F("C2+139.6", 540.8), 4.2], PORT]}, calc_chain=True)),
         {"rows": GOOD}, note="a formula's cached result, computed by Excel (calcChain present)"),
    Case("xlsx_formula_zero_is_real", "excel", "read",
         _xlsx(lambda: raw_xlsx({"4月": [H, GDP, PORT[:5] + [F("0*1", 0)]]}, calc_chain=True)),
         {"rows": GOOD[:3] + [("port_teu", 2023, 4, 256.7, 0.0)]}),
    Case("xlsx_formula_without_cache", "excel", "error",
         _xlsx(lambda: openpyxl_bytes({"4月": [H, GDP[:4] + ["=C2+139.6", 4.2], PORT]})),
         {"column": "单元格 E2", "text": ["公式无缓存值", "Excel"]},
         note="openpyxl writes formulas without cached results"),
    Case("xlsx_formula_zero_caches_by_a_library", "excel", "error",
         _xlsx(lambda: raw_xlsx({"4月": [H, GDP[:4] + [F("C2+139.6", 0), 4.2], PORT[:4] + [F("C3+66.2", 0), 0.8]]})),
         {"column": "单元格 E2", "text": ["公式无缓存值", "0"]},
         note="a program that writes 0 as every formula's cached result, no calcChain"),
    Case("xlsx_hidden_first_sheet_old_month", "excel", "read",
         _xlsx(lambda: openpyxl_bytes({
             "3月 (旧)": [["指标名称", "单位", "2023-03 累计值"], ["地区生产总值", "亿元", 399.9]],
             "4月": [H, GDP, PORT]}, active=1, hidden=("3月 (旧)",))),
         {"rows": GOOD}, note="the hidden sheet's 399.9 is never read"),
    Case("xlsx_two_visible_template_sheets", "excel", "error",
         _xlsx(lambda: openpyxl_bytes({"3月": [H, GDP], "4月": [H, GDP, PORT]}, active=1)),
         {"value": "3月、4月", "text": ["「3月」", "「4月」"]}),
    Case("xlsx_active_sheet_is_notes", "excel", "read",
         _xlsx(lambda: openpyxl_bytes({"4月": [H, GDP, PORT], "说明": [["本表为SYNTHETIC测试数据"]]}, active=1)),
         {"rows": GOOD}, note="the one visible template sheet is read, the active notes sheet is not data"),
    Case("xlsx_merged_unit_cells", "excel", "normalised",
         _xlsx(lambda: openpyxl_bytes({"4月": [
             H, GDP, ["一般公共预算收入", None, 50.1, 2.0, 66.3, 2.5]]}, merges=[("4月", "B2:B3")])),
         {"rows": [("budget_revenue", 2023, 3, 50.1, 2.0), ("budget_revenue", 2023, 4, 66.3, 2.5), *GOOD[:2]]},
         note="a merged range shows its top-left value (亿元) in every cell"),
    Case("xlsx_date_in_a_value_cell", "excel", "error",
         _xlsx(lambda: openpyxl_bytes({"4月": [H, GDP[:4] + [dt.datetime(2023, 4, 30), 4.2]]})),
         {"row": 2, "column": "2023-04 累计值", "value": "2023-04-30 00:00:00", "text": ["日期格式"]}),
    Case("xlsx_error_cell", "excel", "error",
         _xlsx(lambda: raw_xlsx({"4月": [H, GDP[:5] + ["#DIV/0!"]]}, calc_chain=True)),
         {"row": 2, "column": "2023-04 累计增长%", "value": "#DIV/0!"}),
    Case("xlsx_boolean_cell", "excel", "error",
         _xlsx(lambda: raw_xlsx({"4月": [H, GDP[:4] + [True, 4.2]]})),
         {"row": 2, "column": "2023-04 累计值", "value": True}),
    Case("xlsx_percent_format_on_a_level", "excel", "error",
         _xlsx(lambda: openpyxl_bytes({"4月": [H, GDP]}, formats={("4月", "E2"): "0%"})),
         {"row": 2, "column": "2023-04 累计值", "value": "54080%", "text": ["百分"]}),
    Case("xls_old_format", "excel", "normalised",
         lambda: with_sidecar(f"{M}.xls", xls_bytes({"4月": XLSX_PCT_ROWS},
                                                    formats={("4月", r, c): "0.0%" for r in (1, 2) for c in (3, 5)})),
         {"rows": GOOD}, note=".xls with a percent format"),
    Case("xls_hidden_old_sheet", "excel", "read",
         lambda: with_sidecar(f"{M}.xls", xls_bytes({"旧": [H, ["地区生产总值", "亿元", 1, 1, 1, 1]],
                                                     "4月": [H, GDP, PORT]}, active=1, hidden=("旧",))),
         {"rows": GOOD}),
    Case("xlsm_macro_workbook", "excel", "read",
         _xlsx(lambda: openpyxl_bytes({"4月": [H, GDP, PORT]}), name=f"{M}.xlsm"), {"rows": GOOD}),
    Case("unicode_text_txt", "excel", "read",
         lambda: with_sidecar(f"{M}.txt", b"\xff\xfe" + csv_bytes([H, GDP, PORT], encoding="utf-16-le",
                                                                  sep="\t", end="\r\n")),
         {"rows": GOOD}, note="Excel's Save as Unicode text: UTF-16 LE with BOM, tab-separated"),
    Case("unicode_text_with_percent_shown", "excel", "normalised",
         lambda: with_sidecar(f"{M}.txt", b"\xff\xfe" + csv_bytes(
             [H, ["地区生产总值", "亿元", "401.2", "3.5%", "540.8", "4.2%"]], encoding="utf-16-le", sep="\t",
             end="\r\n")),
         {"rows": GOOD[:2]}),
    Case("tab_separated_gbk_txt", "excel", "read",
         lambda: with_sidecar(f"{M}.txt", csv_bytes([H, GDP, PORT], encoding="gbk", sep="\t", end="\r\n")),
         {"rows": GOOD}, note="Excel's Text (tab delimited) on a Chinese Windows: GBK"),

    # ---- named: every failure names the file ----
    Case("csv_renamed_xlsx", "named", "error",
         lambda: with_sidecar(f"{M}.xlsx", csv_bytes([H, GDP])),
         {"file": f"{M}.xlsx", "text": ["内容却是文本", ".csv"]}),
    Case("password_protected_xlsx", "named", "error",
         lambda: with_sidecar(f"{M}.xlsx", fake_encrypted()), {"file": f"{M}.xlsx", "text": ["密码"]}),
    Case("half_copied_xlsx", "named", "error",
         lambda: with_sidecar(f"{M}.xlsx", _half(openpyxl_bytes({"4月": [H, GDP]}))),
         {"file": f"{M}.xlsx", "text": ["不完整"]}),
    Case("empty_xlsx", "named", "error", lambda: with_sidecar(f"{M}.xlsx", b""),
         {"file": f"{M}.xlsx", "text": ["空"]}),
    Case("zip_that_is_not_a_workbook", "named", "error",
         lambda: with_sidecar(f"{M}.xlsx", _zip_of({"readme.txt": b"SYNTHETIC"})),
         {"file": f"{M}.xlsx", "text": ["不是Excel"]}),
    Case("damaged_zip_member", "named", "error",
         lambda: with_sidecar(f"{M}.xlsx", _corrupt(openpyxl_bytes({"4月": [H, GDP]}))),
         {"file": f"{M}.xlsx", "text": ["损坏"]}),
    Case("xls_renamed_xlsx", "named", "error",
         lambda: with_sidecar(f"{M}.xlsx", xls_bytes({"4月": [H, GDP]})), {"file": f"{M}.xlsx", "text": [".xls"]}),
    Case("xlsx_renamed_xls", "named", "error",
         lambda: with_sidecar(f"{M}.xls", openpyxl_bytes({"4月": [H, GDP]})), {"file": f"{M}.xls", "text": [".xlsx"]}),
    Case("damaged_xls", "named", "error",
         lambda: with_sidecar(f"{M}.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 700),
         {"file": f"{M}.xls", "text": ["损坏"]}),
    Case("workbook_renamed_csv", "named", "error",
         lambda: with_sidecar(f"{M}.csv", openpyxl_bytes({"4月": [H, GDP]})), {"file": f"{M}.csv", "text": [".xlsx"]}),
    Case("undecodable_bytes", "named", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP]) + b"\x80\x80,\xff\n"),
         {"file": f"{M}.csv", "row": 3, "text": ["编码"]}),
    Case("utf8_cut_mid_character", "named", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP]) + "地区".encode()[:4]),
         {"file": f"{M}.csv", "text": ["截断"]}),
    Case("lone_carriage_return", "named", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H]) + b"\xe5\x9c\xb0\xe5\x8c\xba\xe7\x94\x9f\xe4\xba\xa7"
                              b"\xe6\x80\xbb\xe5\x80\xbc,\xe4\xba\xbf\xe5\x85\x83,401.2\r,3.5,540.8,4.2\n"),
         {"file": f"{M}.csv", "row": 2, "text": ["回车"]}),
    Case("nul_bytes_utf16_without_bom", "named", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP], encoding="utf-16-le")),
         {"file": f"{M}.csv", "text": ["NUL"]}),
    Case("unclosed_quote", "named", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H]) + '地区生产总值,亿元,"401.2,3.5,540.8,4.2\n'.encode()),
         {"file": f"{M}.csv", "text": ["引号"]}),
    Case("unsupported_ods", "named", "error", lambda: with_sidecar(f"{M}.ods", b"PK\x03\x04SYNTHETIC"),
         {"file": f"{M}.ods", "text": ["另存为"]}),
    Case("missing_sidecar", "named", "error", lambda: {f"{M}.csv": csv_bytes([H, GDP])},
         {"file": f"{M}.csv", "text": ["source.txt"]}),
    Case("semicolon_separated", "named", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP], sep=";")), {"file": f"{M}.csv"}),

    # ---- fit: rows must fit the header ----
    Case("unquoted_thousands_separator", "fit", "error",
         _template([H, ["地区生产总值", "亿元", "1,401.2", "3.5", "1,540.8", "4.2"]]),
         {"row": 2, "column": "第7列 (表头之外)", "value": "540.8", "text": ["多", "'4.2'"]},
         note="'1,540.8' unquoted shifts every later cell: GDP would read 1.0 and growth 401.2"),
    Case("row_narrower_than_header", "fit", "error",
         _template([H, ["地区生产总值", "亿元", "401.2", "3.5", "540.8"]]), {"row": 2, "text": ["只有5个"]}),
    Case("csv_cut_off_mid_copy", "fit", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT])[:-5]), {"row": 3, "text": ["换行"]},
         note="the copy stopped inside '256.7,0.8': it would read 256.0 silently"),
    Case("quoted_thousands_separator", "fit", "normalised",
         _template([H, ["地区生产总值", "亿元", '"1,401.2"', "3.5", '"1,540.8"', "4.2"]]),
         {"rows": [("gdp", 2023, 3, 1401.2, 3.5), ("gdp", 2023, 4, 1540.8, 4.2)]}),
    Case("trailing_empty_columns", "fit", "read",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H + ["", ""], GDP + ["", ""], PORT + ["", ""]])),
         {"rows": GOOD}),
    Case("old_mac_line_ends", "fit", "normalised",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT], end="\r")), {"rows": GOOD}),
    Case("crlf_line_ends", "fit", "read", lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT], end="\r\n")),
         {"rows": GOOD}),
    Case("utf8_bom", "fit", "read", lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT], encoding="utf-8-sig")),
         {"rows": GOOD}),
    Case("gbk", "fit", "read", lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT], encoding="gbk")),
         {"rows": GOOD}),
    Case("full_width_digits", "fit", "normalised",
         _template([H, ["地区生产总值", "亿元", "４０１．２", "３．５％", "５４０．８", "４．２"]]),
         {"rows": GOOD[:2]}),
    Case("unicode_minus_sign", "fit", "normalised",
         _template([H, PORT[:3] + ["\u22121.3"] + PORT[4:]]), {"rows": GOOD[2:]},
         note="U+2212 MINUS SIGN (from Word or a web page) is a minus"),
    Case("dashes_mean_no_figure", "fit", "read",
         _template([H, ["地区生产总值", "亿元", "—", "3.5", "540.8", "-"]]),
         {"rows": [("gdp", 2023, 3, None, 3.5), ("gdp", 2023, 4, 540.8, None)]}),
    Case("text_in_a_number_cell", "fit", "error",
         _template([H, ["地区生产总值", "亿元", "401.2", "3.5", "约540", "4.2"]]),
         {"row": 2, "column": "2023-04 累计值", "value": "约540"}),
    Case("sidecar_in_utf16", "fit", "read",
         lambda: {f"{M}.csv": csv_bytes([H, GDP, PORT]), f"{M}.csv.source.txt": sidecar(encoding="utf-16")},
         {"rows": GOOD}),
    Case("sidecar_in_gbk", "fit", "read",
         lambda: {f"{M}.csv": csv_bytes([H, GDP, PORT]), f"{M}.csv.source.txt": sidecar(encoding="gbk")},
         {"rows": GOOD}),

    # ---- impossible: values that cannot be right ----
    Case("ten_thousand_yuan_under_yi", "impossible", "error", _gdp_only(5408000, 4.2),
         {"row": 2, "column": "2023-04 累计值", "value": 5408000.0, "text": ["单位可能是万元", "unit_scale"]}),
    Case("yuan_under_yi", "impossible", "error", _gdp_only(54080000000, 4.2),
         {"row": 2, "text": ["单位可能是元"]}),
    Case("far_too_small", "impossible", "error", _gdp_only(0.0541, 4.2), {"row": 2, "text": ["unit_scale"]}),
    Case("cumulative_level_falls", "impossible", "error",
         _template([H, ["地区生产总值", "亿元", "540.8", "3.5", "401.2", "4.2"]]),
         {"row": 2, "column": "2023-04 累计值", "value": 401.2, "text": ["降到", "cumulative_falls"]}),
    Case("growth_9999", "impossible", "error", _gdp_only(540.8, 9999),
         {"row": 2, "column": "2023-04 累计增长%", "value": 9999.0, "text": ["growth_range"]}),
    Case("growth_below_minus_100", "impossible", "error", _gdp_only(540.8, -150),
         {"column": "2023-04 累计增长%", "value": -150.0}),
    Case("growth_minus_100_is_possible", "impossible", "read", _firms("0", "-100"),
         {"rows": [("german_firms", 2023, 4, 0.0, -100.0)]}, note="a count that fell to 0"),
    Case("growth_unusual_is_flagged", "impossible", "flagged", _gdp_only(540.8, 150),
         {"rows": [("gdp", 2023, 4, 540.8, 150.0)], "flag": {("gdp", 2023, 4): "累计增长 150%"}},
         note="150% is possible in principle (below the stop at 500%) but unusual for a flow (above 100%)"),
    Case("fraction_of_a_firm", "impossible", "error", _firms("12.5"),
         {"row": 2, "value": 12.5, "text": ["不是整数"]}),
    Case("running_total_as_new_count", "impossible", "error", _firms("487", month=5),
         {"row": 2, "value": 487.0, "text": ["存量", "487"]}, note="487 = the published 存量 of 2023-06"),
    Case("implausibly_many_new_firms", "impossible", "flagged", _firms("200"),
         {"rows": [("german_firms", 2023, 4, 200.0, None)], "flag": {("german_firms", 2023, 4): "存量"}}),
    Case("negative_count", "impossible", "error", _firms("-3"), {"row": 2, "value": "-3"}),
    Case("provenance_date_in_the_future", "impossible", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT]), date="2032-05-20"),
         {"file": f"{M}.csv.source.txt", "column": "date", "value": "2032-05-20", "text": ["今天"]}),
    Case("period_in_the_future", "impossible", "error",
         _template([["指标名称", "单位", "2023-06 累计值"], ["地区生产总值", "亿元", "800"]]),
         {"row": 1, "column": "2023-06 累计值"}),
    Case("december_contradicts_last_year", "impossible", "flagged",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([["指标名称", "单位", "2023-12 累计值", "2023-12 累计增长%"],
                                                     ["太仓港集装箱吞吐量", "万标箱", "804.0", "5.0"]]),
                              date="2024-01-20"),
         {"rows": [("port_teu", 2023, 12, 804.0, 5.0)], "flag": {("port_teu", 2023, 12): "802.6"}},
         today=dt.date(2024, 2, 1), note="804.0 / 1.05 = 765.71, but 2022 was published as 802.6 (4.6% apart)"),
    Case("december_agrees_with_last_year", "impossible", "read",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([["指标名称", "单位", "2023-12 累计值", "2023-12 累计增长%"],
                                                     ["太仓港集装箱吞吐量", "万标箱", "804.0", "0.2"]]),
                              date="2024-01-20"),
         {"rows": [("port_teu", 2023, 12, 804.0, 0.2)]}, today=dt.date(2024, 2, 1),
         note="804.0 / 1.002 = 802.40, 0.2 from 802.6: within rounding (0.40) + 0.3% (2.41)"),
    Case("accepted_unit_jump", "impossible", "flagged",
         _gdp_only(5408000, 4.2, extra="accept: 2023-04 地区生产总值 累计值 | SYNTHETIC 已与统计局核实\n"),
         {"rows": [("gdp", 2023, 4, 5408000.0, 4.2)], "flag": {("gdp", 2023, 4): "单位可能是万元"},
          "accepted": {("gdp", 2023, 4): "已与统计局核实"}}),
    Case("accept_without_reason", "impossible", "error",
         _gdp_only(5408000, 4.2, extra="accept: 2023-04 地区生产总值 累计值\n"),
         {"file": f"{M}.csv.source.txt", "column": "accept", "text": ["原因"]}),
    Case("accept_unknown_indicator", "impossible", "error",
         _gdp_only(540.8, 4.2, extra="accept: 2023-04 工业用电量 累计值 | SYNTHETIC\n"),
         {"file": f"{M}.csv.source.txt", "value": "工业用电量"}),

    # ---- bounded: slow and blocking inputs ----
    Case("fifty_thousand_formatted_empty_rows", "bounded", "read",
         _xlsx(lambda: raw_xlsx({"4月": [H, GDP, PORT]}, empty_rows=50_000)), {"rows": GOOD}),
    Case("huge_indicator_name", "bounded", "error",
         _template([H, ["地" * 100_000, "亿元", "401.2", "3.5", "540.8", "4.2"]]),
         {"row": 2, "text": ["未知指标"], "max_message": 1500}),
    Case("device_named_csv", "bounded", "skipped",
         lambda: {f"{M}.csv": "symlink:/dev/null"}, {"file": f"{M}.csv", "text": ["设备"]}),
    Case("fifo_named_csv", "bounded", "skipped", lambda: {f"{M}.csv": "fifo:"},
         {"file": f"{M}.csv", "text": ["命名管道"]}),

    # ---- folder: what is read and what is skipped ----
    Case("file_in_a_subfolder", "folder", "read",
         lambda: with_sidecar(f"2023/{M}.csv", csv_bytes([H, GDP, PORT])), {"rows": GOOD, "file": f"2023/{M}.csv"}),
    Case("name_starting_with_a_dot", "folder", "read",
         lambda: with_sidecar(f".{M}.csv", csv_bytes([H, GDP, PORT])), {"rows": GOOD}),
    Case("excel_lock_file", "folder", "skipped", lambda: {f"~${M}.xlsx": b"SYNTHETIC lock"},
         {"file": f"~${M}.xlsx", "text": ["锁文件"]}),
    Case("libreoffice_lock_file", "folder", "skipped", lambda: {f".~lock.{M}.xlsx#": b"SYNTHETIC lock"},
         {"file": f".~lock.{M}.xlsx#", "text": ["锁文件"]}),
    Case("macos_metadata_file", "folder", "skipped", lambda: {f"._{M}.csv": b"\x00\x05\x16\x07SYNTHETIC"},
         {"file": f"._{M}.csv", "text": ["macOS"]}),
    Case("notes_in_word", "folder", "skipped", lambda: {"SYNTHETIC_说明.docx": b"PK\x03\x04"},
         {"file": "SYNTHETIC_说明.docx", "text": [".docx"]}),
    Case("plain_text_notes", "folder", "skipped", lambda: {"SYNTHETIC_notes.txt": "SYNTHETIC 备注\n".encode()},
         {"file": "SYNTHETIC_notes.txt", "text": ["制表符"]}),
    Case("sidecar_without_data", "folder", "skipped",
         lambda: {f"{M}.csv.source.txt": sidecar()}, {"file": f"{M}.csv.source.txt", "text": ["没有数据文件"]}),
]


# --- issue 20: every number the bureau sends is kept ---------------------------------------------
# SYNTHETIC bureau tables (values invented). Taicang's own April table and a places table for five
# places; their Taicang retail level (180.6) and growth (6.1) agree.

def bureau_side(issuer: str = "太仓市统计局", *, date: str = "2023-05-20", extra: str = "",
                report: str = "SYNTHETIC 2023年1-4月主要经济指标") -> bytes:
    return f"issuer: {issuer}\nreport: {report}\ndate: {date}\n{extra}".encode()


def _bureau(rows, name=f"{M}.csv", *, issuer="太仓市统计局", date="2023-05-20", extra="", side=True):
    def files():
        out = {name: csv_bytes(rows)}
        if side:
            out[name + ".source.txt"] = bureau_side(issuer, date=date, extra=extra)
        return out
    return files


def _many(*builders):
    def files():
        out = {}
        for b in builders:
            out.update(b())
        return out
    return files


OWN_TITLE = ["太仓市2023年1-4月主要经济指标 (SYNTHETIC)"]
OWN_HEAD = ["指标名称", "计量单位", "4月", "1-4月", "比上年同期增长(%)"]
OWN_ROWS = [["社会消费品零售总额", "亿元", 45.2, 180.6, 6.1], ["全社会固定资产投资", "亿元", "", 210.4, 5.3],
            ["工业投资", "亿元", "", 95.7, 8.2], ["太仓港集装箱吞吐量", "万标箱", 70.1, 256.7, 0.8]]
OWN = [OWN_TITLE, OWN_HEAD, *OWN_ROWS]
#: (region, indicator, year, month, ytd_value, ytd_growth, month_value) of OWN
OWN_READ = [("太仓市", "fai", 2023, 4, 210.4, 5.3, None),
            ("太仓市", "industrial_investment", 2023, 4, 95.7, 8.2, None),
            ("太仓市", "port_teu", 2023, 4, 256.7, 0.8, 70.1),
            ("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, 45.2)]
RCOLS = ["region", "indicator", "year", "month", "ytd_value", "ytd_growth", "month_value"]
RKEY = ["region", "indicator", "year", "month"]
PLACES_TITLE = ["2023年1-4月苏州各市、区主要经济指标 (SYNTHETIC)"]
PLACES_SUBUNIT = [PLACES_TITLE, ["地区", "社会消费品零售总额", "", "一般公共预算收入", ""],
                  ["", "1-4月(亿元)", "增长(%)", "1-4月(亿元)", "增长(%)"],
                  ["张家港市", 310.2, 5.0, 95.3, 3.1], ["常熟市", 290.4, 5.5, 80.2, 2.2],
                  ["太仓市", 180.6, 6.1, 66.3, 2.5], ["昆山市", 520.8, 7.0, 150.6, 4.0],
                  ["吴江区", 260.0, 4.4, 88.8, 1.9]]
PLACES_READ = sorted([
    (r[0], ind, 2023, 4, r[k], r[k + 1], None) for r in PLACES_SUBUNIT[3:]
    for ind, k in (("retail_sales", 1), ("budget_revenue", 3))])


def _one(rows, title="太仓市2023年1-4月主要经济指标 (SYNTHETIC)", **kw):
    return _bureau([[title], *rows], **kw)


def _r(*rows, cols=RCOLS, **more):
    return {"rows": list(rows), "cols": cols, "key": RKEY, **more}


ISSUE20: list[Case] = [
    # ---- columns: every column a layout holds ----
    Case("places_unit_in_subheader", "columns", "read", _bureau(PLACES_SUBUNIT, issuer="苏州市统计局"),
         _r(*PLACES_READ), note="「1-4月(亿元) | 增长(%)」 under the indicator: levels and growth both kept"),
    Case("places_unit_in_top_header", "columns", "read",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", "", "一般公共预算收入(亿元)", ""],
                  ["", "1-4月", "增长(%)", "1-4月", "增长(%)"], *PLACES_SUBUNIT[3:]], issuer="苏州市统计局"),
         _r(*PLACES_READ)),
    Case("one_place_1_benyue", "columns", "read",
         _one([["指标", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"],
               ["社会消费品零售总额(亿元)", 45.2, 3.0, 180.6, 6.1]], title="太仓市2023年4月社会消费品零售总额 (SYNTHETIC)"),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, 45.2)), note="1-本月 is the year to date (Shanghai's layout)"),
    Case("one_place_zongliang_with_unit", "columns", "read",
         _one([["指标名称", "总量(亿元)", "增长(%)"], ["社会消费品零售总额", 180.6, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None))),
    Case("one_place_jisuan_danwei", "columns", "read",
         _one([["指标名称", "计算单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", 180.6, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None)), note="计算单位 is the unit column"),
    Case("share_column_jiegou", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "增长%", "结构(%)"], ["社会消费品零售总额", "亿元", 180.6, 6.1, 100]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None)), note="a share is never growth"),
    Case("share_column_chanxiaolv", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "产销率(%)", "增长%"], ["社会消费品零售总额", "亿元", 180.6, 98.1, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None))),
    Case("share_column_zhanbi", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "占全市比重(%)", "增长%"],
               ["社会消费品零售总额", "亿元", 180.6, 12.0, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None))),
    Case("percentage_points_column", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "增长%", "比1-3月提高百分点"],
               ["社会消费品零售总额", "亿元", 180.6, 6.1, 0.4]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None))),
    Case("period_first_half", "columns", "read",
         _one([["指标名称", "计量单位", "累计", "增长%"], ["社会消费品零售总额", "亿元", 270.9, 6.0]],
              title="太仓市2023年上半年主要经济指标 (SYNTHETIC)", date="2023-07-20"),
         _r(("太仓市", "retail_sales", 2023, 6, 270.9, 6.0, None)), today=dt.date(2023, 8, 1)),
    Case("period_first_quarter", "columns", "read",
         _one([["指标名称", "计量单位", "累计", "增长%"], ["社会消费品零售总额", "亿元", 135.4, 5.8]],
              title="太仓市2023年一季度主要经济指标 (SYNTHETIC)", date="2023-04-20"),
         _r(("太仓市", "retail_sales", 2023, 3, 135.4, 5.8, None))),
    Case("period_three_quarters", "columns", "read",
         _one([["指标名称", "计量单位", "累计", "增长%"], ["社会消费品零售总额", "亿元", 405.0, 6.2]],
              title="太仓市2023年前三季度主要经济指标 (SYNTHETIC)", date="2023-10-20"),
         _r(("太仓市", "retail_sales", 2023, 9, 405.0, 6.2, None)), today=dt.date(2023, 11, 1)),
    Case("stacked_sections", "columns", "read",
         _bureau([OWN_TITLE, ["一、消费", "", "", "", ""], OWN_HEAD, OWN_ROWS[0], [""] * 5, ["二、投资", "", "", "", ""],
                  OWN_HEAD, *OWN_ROWS[1:3]]),
         _r(*OWN_READ[:2], OWN_READ[3]), note="each section has its own header; all are read"),
    Case("stacked_sections_same_indicator_twice", "columns", "error",
         _bureau([OWN_TITLE, OWN_HEAD, OWN_ROWS[0], ["二、其他", "", "", "", ""], OWN_HEAD,
                  ["社会消费品零售总额", "亿元", 45.0, 181.0, 6.0]]),
         {"row": 6, "value": "社会消费品零售总额", "text": ["重复"]}),
    Case("wan_yuan_unit_column_converted", "columns", "normalised",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "万元", 1806000, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None)), note="1806000万元 / 10000 = 180.6亿元"),
    Case("wan_yuan_in_brackets_converted", "columns", "normalised",
         _one([["指标名称", "1-4月", "增长%"], ["社会消费品零售总额(万元)", 1806000, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None))),
    Case("wan_yuan_unit_row_converted", "columns", "normalised",
         _bureau([OWN_TITLE, ["单位: 万元、%"], ["指标名称", "1-4月", "增长%"], ["社会消费品零售总额", 1806000, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None))),
    Case("teu_unit_converted", "columns", "normalised",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["太仓港集装箱吞吐量", "标箱", 2567000, 0.8]]),
         _r(("太仓市", "port_teu", 2023, 4, 256.7, 0.8, None)), note="2567000标箱 / 10000 = 256.7万标箱"),
    Case("unknown_unit_named", "columns", "error",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "千美元", 1806000, 6.1]]),
         {"row": 3, "value": "千美元", "text": ["千美元", "亿元"]}),
    Case("no_place_in_table_or_issuer", "columns", "error",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", 180.6, 6.1]],
              title="社会消费品零售总额 2023年1-4月 (SYNTHETIC)", issuer="SYNTHETIC 测试数据"),
         {"text": ["地区"]}, note="never filed under Taicang: the error asks for the place"),
    Case("place_from_issuer", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", 520.8, 7.0]],
              title="社会消费品零售总额 2023年1-4月 (SYNTHETIC)", issuer="昆山市统计局"),
         _r(("昆山市", "retail_sales", 2023, 4, 520.8, 7.0, None))),
    Case("place_from_title_after_period", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", 520.8, 7.0]],
              title="2023年1-4月昆山市主要经济指标 (SYNTHETIC)", issuer="太仓市统计局"),
         _r(("昆山市", "retail_sales", 2023, 4, 520.8, 7.0, None)), note="the table's own place beats the issuer's"),
    Case("no_place_and_no_sidecar", "columns", "error",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", 180.6, 6.1]],
              title="社会消费品零售总额 2023年1-4月 (SYNTHETIC)", side=False),
         {"text": ["地区"]}),
    Case("places_alias_high_tech_zone", "columns", "read",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                  ["高新区", 150.0, 4.0], ["太仓市", 180.6, 6.1]], issuer="苏州市统计局"),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None), ("虎丘区", "retail_sales", 2023, 4, 150.0, 4.0, None))),
    Case("places_padded_names", "columns", "read",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                  ["吴 江 区", 260.0, 4.4], ["太 仓 市", 180.6, 6.1]], issuer="苏州市统计局"),
         _r(("吴江区", "retail_sales", 2023, 4, 260.0, 4.4, None), ("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None))),
    Case("places_row_not_a_place", "columns", "read",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                  ["太仓市", 180.6, 6.1], ["SYNTHETIC开发区", 40.0, 3.0]], issuer="苏州市统计局"),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None), unused=["第5行"]),
         note="a row is a place only if data/places.csv lists it; the other row is listed as unused"),
    Case("unknown_row_listed_unused", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", 180.6, 6.1],
               ["SYNTHETIC 工业用电量", "亿千瓦时", 30.2, 2.0], ["注: SYNTHETIC 脚注", "", "", ""]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None), unused=["第4行"])),
    Case("unknown_column_listed_unused", "columns", "read",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", "", "SYNTHETIC 用电量"], ["", "1-4月", "增长(%)", "1-4月"],
                  ["太仓市", 180.6, 6.1, 30.2]], issuer="苏州市统计局"),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None), unused=["SYNTHETIC用电量"])),
    Case("one_place_cumulative_word_and_month", "columns", "read",
         _one([["指标名称", "计量单位", "本月", "累计", "增长%"], ["社会消费品零售总额", "亿元", 45.2, 180.6, 6.1]]),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, 45.2))),
    Case("bureau_table_without_sidecar", "columns", "read",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", 180.6, 6.1]], side=False),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None), issuer="来源说明缺失")),

    # ---- merge: cell by cell, every contributing file kept ----
    Case(
         "own_and_places_tables_agree", "merge", "read",
         _many(_bureau(OWN, name=f"{M}_own.csv"), _bureau(PLACES_SUBUNIT, name=f"{M}_places.csv", issuer="苏州市统计局",
                                                           date="2023-05-25")),
         _r(*sorted(OWN_READ + [r for r in PLACES_READ if r[:2] != ("太仓市", "retail_sales")]),
            sources={("太仓市", "retail_sales", 2023, 4): [f"{M}_own.csv", f"{M}_places.csv"]}),
         note="Taicang's 本月 45.2 and level 180.6 are kept; both files are its sources"),
    Case("templates_disagree_later_date_wins", "merge", "read",
         _many(lambda: with_sidecar(f"{M}_a.csv", csv_bytes([H, GDP])),
               lambda: with_sidecar(f"{M}_b.csv", csv_bytes([H, GDP[:4] + [541.0, 4.2]]), date="2023-05-25")),
         {"rows": [GOOD[0], ("gdp", 2023, 4, 541.0, 4.2)], "conflict": {("gdp", 2023, 4): f"540.8 ({M}_a.csv"}},
         note="the later report wins, the conflict (both values, both files) is listed"),
    Case("templates_disagree_same_date_stop", "merge", "error",
         _many(lambda: with_sidecar(f"{M}_a.csv", csv_bytes([H, GDP])),
               lambda: with_sidecar(f"{M}_b.csv", csv_bytes([H, GDP[:4] + [541.0, 4.2]]))),
         {"file": f"{M}_b.csv", "text": [f"{M}_a.csv", "540.8", "541"]}),
    Case("old_copy_in_subfolder_same_values", "merge", "read",
         _many(lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT])),
               lambda: with_sidecar(f"旧/{M}.csv", csv_bytes([H, GDP, PORT]))),
         {"rows": GOOD, "sources": {("gdp", 2023, 4): [f"{M}.csv", f"旧/{M}.csv"]}}),
    Case("old_copy_in_subfolder_differs_same_date", "merge", "error",
         _many(lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT])),
               lambda: with_sidecar(f"旧/{M}.csv", csv_bytes([H, GDP[:4] + [539.0, 4.2], PORT]))),
         {"file": f"{M}.csv", "text": [f"旧/{M}.csv", "539", "540.8"]}),
    Case("agree_within_rounding", "merge", "read",
         _many(lambda: with_sidecar(f"{M}_a.csv", csv_bytes([H, GDP])),
               lambda: with_sidecar(f"{M}_b.csv", csv_bytes([H, GDP[:4] + [540.83, 4.2]]), date="2023-05-25")),
         {"rows": [GOOD[0], ("gdp", 2023, 4, 540.83, 4.2)],
          "sources": {("gdp", 2023, 4): [f"{M}_a.csv", f"{M}_b.csv"]}},
         note="540.8 and 540.83 differ by 0.03 < 0.05 (half the last digit of 540.8): one value"),
    Case("growth_agrees_level_differs", "merge", "read",
         _many(lambda: with_sidecar(f"{M}_a.csv", csv_bytes([H, GDP])),
               lambda: with_sidecar(f"{M}_b.csv", csv_bytes([H, GDP[:4] + [545.0, 4.2]]), date="2023-05-25")),
         {"rows": [GOOD[0], ("gdp", 2023, 4, 545.0, 4.2)], "conflict": {("gdp", 2023, 4): "540.8"}}),
    Case("undated_file_conflict_listed", "merge", "read",
         _many(_bureau(OWN, name=f"{M}_own.csv"),
               _bureau([OWN_TITLE, OWN_HEAD, ["社会消费品零售总额", "亿元", 45.2, 181.9, 6.1]], name=f"{M}_nodate.csv",
                       side=False)),
         _r(*OWN_READ, conflict={("太仓市", "retail_sales", 2023, 4): "181.9"}),
         note="the dated file wins; the undated one's 181.9 is listed as a conflict"),
    Case("accept_picks_one_files_value", "merge", "read",
         _many(lambda: with_sidecar(f"{M}_a.csv", csv_bytes([H, GDP])),
               lambda: with_sidecar(f"{M}_b.csv", csv_bytes([H, GDP[:4] + [541.0, 4.2]]),
                                    "accept: 2023-04 地区生产总值 累计值 | SYNTHETIC 修订后的数\n")),
         {"rows": [GOOD[0], ("gdp", 2023, 4, 541.0, 4.2)], "accepted": {("gdp", 2023, 4): "修订后的数"}}),
    Case("two_accepts_contradict", "merge", "error",
         _many(lambda: with_sidecar(f"{M}_a.csv", csv_bytes([H, GDP]), "accept: 2023-04 地区生产总值 累计值 | SYNTHETIC 甲\n"),
               lambda: with_sidecar(f"{M}_b.csv", csv_bytes([H, GDP[:4] + [541.0, 4.2]]),
                                    "accept: 2023-04 地区生产总值 累计值 | SYNTHETIC 乙\n")),
         {"file": f"{M}_b.csv", "text": ["accept", f"{M}_a.csv"]}),
    Case("places_table_adds_budget_level", "merge", "read",
         _many(_bureau(OWN, name=f"{M}_own.csv"),
               _bureau([PLACES_TITLE, ["地区", "一般公共预算收入(亿元)", ""], ["", "1-4月", "增长(%)"], ["太仓市", 66.3, 2.5]],
                       name=f"{M}_places.csv", issuer="苏州市统计局")),
         _r(("太仓市", "budget_revenue", 2023, 4, 66.3, 2.5, None), *OWN_READ)),

    # ---- plausible: every place checked, a place only with itself ----
    Case("other_place_negative_level", "plausible", "error",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                  ["太仓市", 180.6, 6.1], ["昆山市", -10.0, 7.0]], issuer="苏州市统计局"),
         {"row": 5, "value": -10.0, "text": ["昆山市", "负"]}),
    Case("other_place_growth_1000", "plausible", "error",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                  ["太仓市", 180.6, 6.1], ["昆山市", 520.8, 1000]], issuer="苏州市统计局"),
         {"row": 5, "value": 1000.0, "text": ["昆山市", "growth_range"]}),
    Case("other_place_growth_unusual_flagged", "plausible", "flagged",
         _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                  ["太仓市", 180.6, 6.1], ["昆山市", 520.8, 150]], issuer="苏州市统计局"),
         _r(("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None), ("昆山市", "retail_sales", 2023, 4, 520.8, 150.0, None),
            flag={("昆山市", "retail_sales", 2023, 4): "150%"})),
    Case("places_compared_only_with_themselves", "plausible", "read",
         _many(_bureau([["2023年1-3月苏州各市、区主要经济指标 (SYNTHETIC)"], ["地区", "社会消费品零售总额(亿元)", ""],
                        ["", "1-3月", "增长(%)"], ["昆山市", 390.0, 7.0], ["太仓市", 135.4, 5.8]],
                       name=f"{M}_03.csv", issuer="苏州市统计局", date="2023-04-20"),
               _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                        ["昆山市", 520.8, 7.0], ["太仓市", 180.6, 6.1]], name=f"{M}_04.csv", issuer="苏州市统计局")),
         _r(("太仓市", "retail_sales", 2023, 3, 135.4, 5.8, None), ("太仓市", "retail_sales", 2023, 4, 180.6, 6.1, None),
            ("昆山市", "retail_sales", 2023, 3, 390.0, 7.0, None), ("昆山市", "retail_sales", 2023, 4, 520.8, 7.0, None)),
         note="昆山 390 in March is above 太仓 180.6 in April: no fall, two places"),
    Case("other_place_cumulative_falls", "plausible", "error",
         _many(_bureau([["2023年1-3月苏州各市、区主要经济指标 (SYNTHETIC)"], ["地区", "社会消费品零售总额(亿元)", ""],
                        ["", "1-3月", "增长(%)"], ["昆山市", 600.0, 7.0]],
                       name=f"{M}_03.csv", issuer="苏州市统计局", date="2023-04-20"),
               _bureau([PLACES_TITLE, ["地区", "社会消费品零售总额(亿元)", ""], ["", "1-4月", "增长(%)"],
                        ["昆山市", 520.8, 7.0]], name=f"{M}_04.csv", issuer="苏州市统计局")),
         {"file": f"{M}_04.csv", "value": 520.8, "text": ["昆山市"]}),
    Case("own_negative_level", "plausible", "error",
         _one([["指标名称", "计量单位", "1-4月", "增长%"], ["社会消费品零售总额", "亿元", -180.6, 6.1]]),
         {"row": 3, "value": -180.6, "text": ["负"]}),
    Case("template_negative_level", "plausible", "error", _gdp_only(-540.8, 4.2),
         {"row": 2, "value": -540.8, "text": ["负"]}),

    # ---- dates ----
    Case("report_date_on_month_end", "dates", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT]), date="2023-04-30"),
         {"file": f"{M}.csv.source.txt", "column": "date", "value": "2023-04-30", "text": ["2023年4月"]}),
    Case("report_date_before_month_end", "dates", "error",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT]), date="2023-04-15"),
         {"file": f"{M}.csv.source.txt", "column": "date", "value": "2023-04-15"}),
    Case("report_date_day_after_month_end", "dates", "read",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT]), date="2023-05-01"), {"rows": GOOD}),
    Case("bureau_report_date_before_month_end", "dates", "error",
         _bureau(OWN, date="2023-04-28"), {"file": f"{M}.csv.source.txt", "column": "date", "value": "2023-04-28"}),

    # ---- accept: every stop rule ----
    Case("accept_clears_cumulative_fall", "accept", "flagged",
         (lambda: with_sidecar(f"{M}.csv", csv_bytes([H, ["地区生产总值", "亿元", "540.8", "3.5", "401.2", "4.2"]]),
                               "accept: 2023-04 地区生产总值 累计值 | SYNTHETIC 统计局口径调整\n")),
         {"rows": [("gdp", 2023, 3, 540.8, 3.5), ("gdp", 2023, 4, 401.2, 4.2)],
          "flag": {("gdp", 2023, 4): "降到"}, "accepted": {("gdp", 2023, 4): "口径调整"}}),
    Case("accept_clears_growth_range", "accept", "flagged",
         _gdp_only(540.8, 9999, extra="accept: 2023-04 地区生产总值 累计增长 | SYNTHETIC 基数极低\n"),
         {"rows": [("gdp", 2023, 4, 540.8, 9999.0)], "flag": {("gdp", 2023, 4): "9999"},
          "accepted": {("gdp", 2023, 4): "基数极低"}}),
    Case("accept_clears_negative_level", "accept", "flagged",
         _gdp_only(-540.8, 4.2, extra="accept: 2023-04 地区生产总值 累计值 | SYNTHETIC 核销\n"),
         {"rows": [("gdp", 2023, 4, -540.8, 4.2)], "flag": {("gdp", 2023, 4): "负"},
          "accepted": {("gdp", 2023, 4): "核销"}}),

    # ---- safe: links, missing provenance, long cells ----
    Case("symlink_out_of_data_folder", "safe", "skipped",
         lambda: {f"{M}.csv": "symlink:/etc/hostname"}, {"file": f"{M}.csv", "text": ["数据文件夹之外"]}),
    Case("symlink_inside_data_folder", "safe", "read",
         lambda: {f"SYNTHETIC_real/{M}_x.csv": csv_bytes([H, GDP, PORT]),
                  f"SYNTHETIC_real/{M}_x.csv.source.txt": sidecar(),
                  f"{M}.csv": "symlink:SYNTHETIC_real/" + f"{M}_x.csv",
                  f"{M}.csv.source.txt": sidecar()},
         {"rows": GOOD, "sources": {("gdp", 2023, 4): [f"{M}.csv", f"SYNTHETIC_real/{M}_x.csv"]}}),
    Case("error_quotes_one_cell_only", "safe", "error",
         _template([H, ["地区生产总值", "亿元", "401.2", "3.5", "秘密" * 50 + "约540", "4.2"]]),
         {"row": 2, "column": "2023-04 累计值", "max_message": 600}),
    Case("sidecar_formula_field_kept_as_text", "safe", "read",
         lambda: {f"{M}.csv": csv_bytes([H, GDP, PORT]),
                  f"{M}.csv.source.txt": b"issuer: =HYPERLINK(\"http://x\") SYNTHETIC\nreport: SYNTHETIC\ndate: 2023-05-20\n"},
         {"rows": GOOD}, note="kept as the analyst wrote it; every CSV written neutralises it (tests/test_display.py)"),
    Case("million_blank_csv_lines", "safe", "read",
         lambda: with_sidecar(f"{M}.csv", csv_bytes([H, GDP, PORT]) + b",,,,,\n" * 200_000), {"rows": GOOD}),
]
CASES.extend(ISSUE20)

#: issue 20 cases the code already met when they were written (kept as checks)
MET_BEFORE = {"percentage_points_column", "unknown_unit_named", "place_from_title_after_period",
              "one_place_cumulative_word_and_month", "places_table_adds_budget_level",
              "places_compared_only_with_themselves", "report_date_day_after_month_end",
              "accept_clears_growth_range", "error_quotes_one_cell_only", "sidecar_formula_field_kept_as_text",
              "million_blank_csv_lines"}
#: met by the fixes so far (header labels, periods, units, places): no longer pending
FIXED = {"one_place_zongliang_with_unit", "one_place_jisuan_danwei", "bureau_table_without_sidecar",
         "share_column_jiegou", "share_column_chanxiaolv", "share_column_zhanbi", "period_first_half",
         "period_first_quarter", "period_three_quarters", "wan_yuan_unit_column_converted",
         "wan_yuan_in_brackets_converted", "wan_yuan_unit_row_converted", "teu_unit_converted",
         "no_place_in_table_or_issuer", "place_from_issuer", "no_place_and_no_sidecar", "one_place_1_benyue"}
#: met by the cell merge, the per-place checks and the date rules
FIXED |= {"agree_within_rounding", "other_place_growth_1000", "other_place_negative_level",
          "own_negative_level", "places_padded_names", "places_unit_in_subheader",
          "places_unit_in_top_header", "report_date_on_month_end", "symlink_inside_data_folder",
          "template_negative_level"}
FIXED |= {"places_alias_high_tech_zone", "own_and_places_tables_agree", "templates_disagree_later_date_wins",
          "old_copy_in_subfolder_same_values", "other_place_growth_unusual_flagged",
          "growth_agrees_level_differs", "undated_file_conflict_listed", "report_date_before_month_end",
          "bureau_report_date_before_month_end", "accept_clears_cumulative_fall",
          "accept_clears_negative_level"}
#: met by the one pass over the folder (inventory from the merged, checked read) and accepted cells
FIXED |= {"places_row_not_a_place", "unknown_row_listed_unused", "unknown_column_listed_unused",
          "templates_disagree_same_date_stop", "old_copy_in_subfolder_differs_same_date", "two_accepts_contradict",
          "other_place_cumulative_falls", "accept_picks_one_files_value"}
FIXED |= {"stacked_sections", "stacked_sections_same_indicator_twice", "symlink_out_of_data_folder"}
#: issue 20 cases written before their fix (strict xfail: each must still fail until it is fixed)
PENDING: set[str] = {c.name for c in ISSUE20} - MET_BEFORE - FIXED


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _corrupt(data: bytes) -> bytes:
    """Flip bytes inside the sheet's compressed data (the zip's directory stays whole)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 8]) + data[middle + 8:]


def write_case(case: Case, monthly: Path) -> list[Path]:
    """Write a case's files into ``monthly`` (special values: ``"fifo:"`` a named pipe,
    ``"symlink:<target>"`` a link)."""
    written = []
    for rel, data in case.files().items():
        path = monthly / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data == "fifo:":
            os.mkfifo(path)
        elif isinstance(data, str) and data.startswith("symlink:"):
            os.symlink(data.removeprefix("symlink:"), path)
        else:
            path.write_bytes(data)
        written.append(path)
    return written


def main(out: str) -> None:
    """Write every case into ``OUT/<case name>/monthly/``."""
    for case in CASES:
        write_case(case, Path(out) / case.name / "monthly")
    print(f"{len(CASES)} SYNTHETIC cases in {out}")


if __name__ == "__main__":
    main(sys.argv[1])

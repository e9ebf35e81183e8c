"""Benchmark: reading a SYNTHETIC workbook of a million rows (issue 20: "≤ 5 s"), and the refusal
above the hard limits (:data:`taicang_analysis.sources.spreadsheet.MAX_ROWS`, 2,000,000 rows, and
``MAX_BYTES``, a 200 MB part: for rows like these the part limit comes first).

The workbook is made up: a title row, then 1,000,000 rows of three cells (a whole number, a
number, a fraction in a ``0.0%`` cell, shown as ``4.2%``), written as raw SpreadsheetML.
Every row has content, so nothing is cut: the reader must take them all. A long sheet (over
``BIG_SHEET_ROWS``) is read by calamine (fastexcel) with its percent formats taken from the XML;
the same sheet through openpyxl (the reader of short sheets) is timed for the ratio. Wall time
depends on what else the machine runs: the CPU time of the process is printed beside it.

Run: ``.venv/bin/python benchmarks/million_rows.py`` (prints the times and ratios of one run).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from badfiles import raw_xlsx  # noqa: E402

from taicang_analysis.errors import DataFileError  # noqa: E402
from taicang_analysis.sources import spreadsheet  # noqa: E402
from taicang_analysis.sources.files import forget  # noqa: E402

LIMIT_S = 5.0


def synthetic_workbook(path: Path, rows: int) -> Path:
    """A SYNTHETIC .xlsx of ``rows`` rows (see the module), streamed into the zip."""
    base = zipfile.ZipFile(io.BytesIO(raw_xlsx({"SYNTHETIC": [["x"]]})))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            data = base.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, data)
                continue
            text = data.decode()
            i, j = text.index("<sheetData>") + len("<sheetData>"), text.index("</sheetData>")
            with z.open(info.filename, "w", force_zip64=True) as f:
                f.write(text[:i].encode())
                f.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>SYNTHETIC</t></is></c></row>')
                for start in range(2, rows + 1, 10_000):
                    f.write("".join(
                        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r * 0.5}</v></c>'
                        f'<c r="C{r}" s="1"><v>0.042</v></c></row>' for r in range(start, min(rows, start + 9_999) + 1)
                    ).encode())
                f.write(text[j:].encode())
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        book = synthetic_workbook(Path(d) / "SYNTHETIC_million.xlsx", 1_000_000)
        size = book.stat().st_size / 2**20
        t, cpu = time.perf_counter(), time.process_time()
        sheets = spreadsheet.read_sheets(book)
        fast, fast_cpu = time.perf_counter() - t, time.process_time() - cpu
        rows = sheets[0].rows
        assert len(rows) == 1_000_000 and tuple(rows[1]) == ("2", "1", "4.2%"), rows[1]
        print(f"1,000,000 rows ({size:.1f} MB .xlsx): read in {fast:.2f} s wall, {fast_cpu:.2f} s CPU — "
              f"{fast / LIMIT_S:.2f} (wall) and {fast_cpu / LIMIT_S:.2f} (CPU) of the {LIMIT_S:.0f} s limit; "
              f"machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        old = spreadsheet.BIG_SHEET_ROWS
        spreadsheet.BIG_SHEET_ROWS = 10**9  # the same sheet through openpyxl, for the ratio
        forget()  # the same file and state: parse it again, do not take the first read from memory
        try:
            t = time.perf_counter()
            slow_rows = spreadsheet.read_sheets(book)[0].rows
            slow = time.perf_counter() - t
        finally:
            spreadsheet.BIG_SHEET_ROWS = old
        assert len(slow_rows) == len(rows)
        print(f"the same sheet through openpyxl: {slow:.2f} s — calamine is {slow / fast:.1f}× faster")
        over = synthetic_workbook(Path(d) / "SYNTHETIC_over.xlsx", spreadsheet.MAX_ROWS + 1)
        t = time.perf_counter()
        try:
            spreadsheet.read_sheets(over)
            print("NOT REFUSED")
        except DataFileError as exc:
            print(f"{spreadsheet.MAX_ROWS + 1:,} rows refused in {time.perf_counter() - t:.2f} s: {exc.problem}")


if __name__ == "__main__":
    main()

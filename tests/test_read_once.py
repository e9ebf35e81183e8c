"""Read once: each input file is parsed once per build and per data state in Lab, and opened at most
twice (a workbook's first bytes are sniffed, then it is read; its ``.source.txt`` counts apart).

The opens are counted with ``strace -f -e trace=openat`` over the build's process and its kernel,
and over one notebook's Run All, on a copy of the shipped data with four SYNTHETIC bureau
workbooks (``tests/bureau_fixtures.py``: three 一地一月 tables and one 地区×指标 table).
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bureau_fixtures import one_place_table, places_table, write_sidecar, write_xlsx

from taicang_analysis.context import NOTEBOOK_DIR, SHIPPED_DATA_DIR
from taicang_analysis.report.build import prepare_notebooks
from taicang_analysis.run import open_run
from taicang_analysis.sources import spreadsheet

#: opens of one input file allowed in one build or one Run All (the issue's limit)
MOST_OPENS = 2


def synthetic_bureau_data(dest: Path) -> Path:
    """The shipped data (without the analysts' own monthly files) and four SYNTHETIC bureau workbooks."""
    shutil.copytree(SHIPPED_DATA_DIR, dest, ignore=shutil.ignore_patterns("monthly"))
    (dest / "monthly").mkdir()
    for month in (2, 3, 4):
        book = write_xlsx(dest / "monthly" / f"SYNTHETIC_统计月报_2023年1-{month}月.xlsx", [one_place_table(month)])
        write_sidecar(book, report=f"SYNTHETIC 2023年{month}月统计月报", date=f"2023-0{month + 1}-20")
    book = write_xlsx(dest / "monthly" / "SYNTHETIC_各市区_2023年1-4月.xlsx", [places_table(4)])
    write_sidecar(book, report="SYNTHETIC 2023年4月各市区", date="2023-05-22")
    return dest


def opens_under(command: list[str], root: Path, log: Path, **kw) -> collections.Counter:
    """How often ``command`` (and every process it starts) opened each file under ``root``."""
    if shutil.which("strace") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("strace is missing: scripts/install-system.sh installs it")
        pytest.skip("strace not installed")
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", str(log), *command], check=True,
                   timeout=600, **kw)
    counts: collections.Counter = collections.Counter()
    prefix = str(root.resolve()) + os.sep
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        found = re.search(r'openat\([^"]*"((?:[^"\\]|\\.)*)"', line)
        if found and "O_DIRECTORY" not in line and "= -1" not in line:
            path = found.group(1).encode("latin-1", "backslashreplace").decode("unicode_escape").encode(
                "latin-1").decode("utf-8", "replace")
            if path.startswith(prefix):
                counts[path[len(prefix):]] += 1
    return counts


def _inputs(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file() and p.parts[len(data.parts)] != "raw")


def _check(counts: collections.Counter, data: Path) -> None:
    workbooks = [n for n in _inputs(data) if n.startswith("monthly/") and n.endswith(".xlsx")]
    assert len(workbooks) == 4 and all(counts[w] >= 1 for w in workbooks), counts  # each read …
    too_many = {name: n for name, n in counts.items() if n > MOST_OPENS}
    assert not too_many, too_many  # … and none opened more than twice
    assert counts["figures.csv"] <= MOST_OPENS and counts[workbooks[0]] <= MOST_OPENS


@pytest.mark.slow
def test_a_build_opens_each_input_file_at_most_twice(tmp_path):
    data = synthetic_bureau_data(tmp_path / "data")
    counts = opens_under([sys.executable, "-m", "taicang_analysis.cli", "build", "--year", "2023", "--data", str(data),
                          "--out", str(tmp_path / "out"), "--no-png", "--no-pdf", "--quiet"],
                         data, tmp_path / "build.strace", capture_output=True)
    assert (tmp_path / "out" / "index.html").exists()
    # measured before this change: each workbook 6 times, figures.csv 6, plausibility.csv 10
    _check(counts, data)


@pytest.mark.slow
def test_one_notebooks_run_all_opens_each_input_file_at_most_twice(tmp_path):
    data = synthetic_bureau_data(tmp_path / "data")
    book = prepare_notebooks(tmp_path / "nb", data=data)[5]  # 14_fixed_asset_investment: 4 sections, 2 scenarios
    assert book.name.startswith("14_")
    script = ("import sys, nbformat; from nbclient import NotebookClient; nb = nbformat.read(sys.argv[1], 4); "
              "NotebookClient(nb, kernel_name='python3', timeout=300).execute(); nbformat.write(nb, sys.argv[1])")
    counts = opens_under([sys.executable, "-c", script, str(book)], data, tmp_path / "lab.strace",
                         capture_output=True, cwd=NOTEBOOK_DIR)
    # measured before this change: each workbook 28 times, figures.csv 14 (every call went to disk)
    _check(counts, data)
    ran = nbformat.read(book, 4)
    # the bureau's months are in it: the in-year chart is drawn (without them it is a sentence)
    drawn = [o for c in ran.cells if "s.in_year(" in c.source for o in c.outputs
             if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert drawn


def test_each_workbook_is_parsed_once_per_data_state(tmp_path, monkeypatch):
    data = synthetic_bureau_data(tmp_path / "data")
    parsed: list[str] = []
    real = spreadsheet._read_sheets

    def counting(path):
        parsed.append(path.name)
        return real(path)

    monkeypatch.setattr(spreadsheet, "_read_sheets", counting)
    first = open_run(2023, data)
    # the run reads the folder (panel), lists it (inventory) and checks it: each workbook parsed once
    assert sorted(parsed) == sorted(p.name for p in (data / "monthly").glob("*.xlsx"))
    again = open_run(2023, data)
    assert again.figures is first.figures and len(parsed) == 4  # the same state: nothing parsed again
    book = data / "monthly" / "SYNTHETIC_各市区_2023年1-4月.xlsx"
    st = book.stat()
    os.utime(book, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # saved again
    open_run(2023, data)
    assert parsed[4:] == [book.name]  # only the changed file is parsed again


@pytest.mark.slow
def test_make_lab_year_2021_shows_2021(tmp_path):
    # what `make lab YEAR=2021` opens: the notebooks with year = 2021 injected; Run All shows 2021's targets
    made = prepare_notebooks(tmp_path, year=2021)
    overview = nbformat.read(made[0], 4)
    assert overview.metadata["papermill"]["parameters"] == {"year": 2021}
    from nbclient import NotebookClient

    NotebookClient(overview, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
    text = str([o.get("data", {}).get("text/html", "") for c in overview.cells if c.cell_type == "code" for o in c.outputs])
    assert "2021年" in text and "2023年目标" not in text


def test_a_run_leaves_the_parsed_sheets_as_they_were(tmp_path):
    # the parsed sheets are shared between readers, not copied: no reader may change a row in place
    from taicang_analysis.sources.files import forget

    data = synthetic_bureau_data(tmp_path / "data")
    books = sorted((data / "monthly").glob("*.xlsx"))
    forget()
    shared = {b: spreadsheet.read_sheets(b) for b in books}
    open_run(2023, data)  # panel, inventory, checks and figures from these very objects
    for book, sheets in shared.items():
        fresh = spreadsheet._read_sheets(book)
        assert [(s.name, s.rows) for s in sheets] == [(s.name, s.rows) for s in fresh], book.name

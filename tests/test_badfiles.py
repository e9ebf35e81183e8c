"""The corpus of SYNTHETIC bad files (tests/badfiles.py): zero silent-wrong numbers, zero tracebacks
other than DataFileError, zero hangs.

Each case is written into a fresh copy of the data folder and read with ``load_monthly``:

- ``error``: a DataFileError (any other exception fails the test) whose file, row, column and
  value are the expected ones and whose message says what to do;
- ``read`` / ``normalised`` / ``flagged``: exactly the expected panel rows (a wrong number fails),
  with ``flag`` set on exactly the expected rows (a number kept silently with a problem fails);
- ``skipped``: no panel rows, and the inventory lists the file as skipped with its reason.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polars as pl
import pytest
from badfiles import CASES, GDP, PENDING, PORT, TODAY, Case, H, csv_bytes, raw_xlsx, with_sidecar, write_case

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.inventory import inventory
from taicang_analysis.sources.monthly import load_monthly
from taicang_analysis.sources.spreadsheet import read_sheets

ROW_COLS = ["indicator", "year", "month", "ytd_value", "ytd_growth"]
SECONDS = 30  # far above any case (the slowest, 50,000 formatted rows, takes well under a second)


@contextlib.contextmanager
def deadline(seconds: int = SECONDS):
    """Fail (instead of hanging) when the block runs longer than ``seconds``."""
    def on_alarm(signum, frame):
        raise TimeoutError(f"hung for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _check_error(case: Case, err: DataFileError, monthly: Path) -> None:
    exp = case.expect
    message = str(err)
    assert Path(err.file).is_absolute() or err.file.startswith(str(monthly)), err.file
    if "file" in exp:
        assert err.file.endswith(exp["file"]), (err.file, exp["file"])
    else:
        assert "SYNTHETIC_m" in err.file, err.file
    for key in ("row", "column", "value"):
        if key in exp:
            assert getattr(err, key) == exp[key], (key, getattr(err, key), exp[key], message)
    for text in exp.get("text", []):
        assert text in message, (text, message)
    assert err.expected, "every error says what was expected"
    assert len(message) <= exp.get("max_message", 2000), len(message)


def _params():
    # a case of issue 20 written before its fix is a strict xfail: it must fail until fixed
    return [pytest.param(c, id=c.name, marks=pytest.mark.xfail(strict=True, reason="issue 20: not fixed yet"))
            if c.name in PENDING else pytest.param(c, id=c.name) for c in CASES]


def _sources(rec: dict) -> list[str]:
    return sorted(s for s in (rec.get("sources") or rec["source_file"] or "").split("；") if s)


@pytest.mark.parametrize("case", _params())
def test_case(case: Case, tmp_data: Path):
    monthly = tmp_data / "monthly"
    write_case(case, monthly)
    with deadline():
        if case.outcome == "error":
            with pytest.raises(DataFileError) as info:
                load_monthly(tmp_data, today=case.today)
            _check_error(case, info.value, monthly)
            listed = inventory(tmp_data, today=case.today)
            assert "failed" in listed["action"].to_list(), listed
            return
        panel = load_monthly(tmp_data, today=case.today)
        listed = inventory(tmp_data, today=case.today)
    assert set(listed["action"].to_list()) <= {"read", "skipped"}, listed
    if case.outcome == "skipped":
        assert panel.is_empty()
        row = listed.filter(pl.col("file") == case.expect["file"])
        assert row.height == 1, listed
        assert row["action"][0] == "skipped"
        for text in case.expect.get("text", []):
            assert text in row["reason"][0], row["reason"][0]
        return
    cols = case.expect.get("cols", ROW_COLS)
    assert panel.select(cols).rows() == case.expect["rows"]
    flags = case.expect.get("flag", {})
    accepted = case.expect.get("accepted", {})
    conflicts = case.expect.get("conflict", {})
    sources = case.expect.get("sources", {})
    for rec in panel.iter_rows(named=True):
        key = tuple(rec[c] for c in case.expect.get("key", ["indicator", "year", "month"]))
        if key in conflicts:
            assert rec.get("conflict") and conflicts[key] in rec["conflict"], (key, rec.get("conflict"))
        else:
            assert rec.get("conflict") is None, (key, rec.get("conflict"))
        if key in sources:
            assert _sources(rec) == sorted(sources[key]), (key, rec.get("sources"))
        if "issuer" in case.expect:
            assert case.expect["issuer"] in rec["issuer"], rec["issuer"]
        if key in flags:
            assert rec["flag"] is not None and flags[key] in rec["flag"], (key, rec["flag"])
        else:
            assert rec["flag"] is None, (key, rec["flag"])
        if key in accepted:
            assert rec["accepted"] is not None and accepted[key] in rec["accepted"], rec["accepted"]
        else:
            assert rec["accepted"] is None
    if "file" in case.expect:
        assert set(panel["source_file"].to_list()) == {case.expect["file"]}
    reasons = " ".join(listed.filter(pl.col("action") == "read")["reason"].to_list())
    for text in case.expect.get("unused", []):
        assert "未使用" in reasons and text in reasons, reasons
    assert (case.outcome == "flagged") == any(r is not None for r in panel["flag"].to_list())


def test_the_corpus_covers_every_class_and_outcome():
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)
    classes = collections.Counter(c.klass for c in CASES)
    assert set(classes) == {"excel", "named", "fit", "impossible", "bounded", "folder",
                            "columns", "merge", "plausible", "dates", "accept", "safe"}
    outcomes = collections.Counter(c.outcome for c in CASES)
    assert set(outcomes) == {"error", "read", "normalised", "flagged", "skipped"}
    # every file the corpus writes is SYNTHETIC by name
    for case in CASES:
        assert all("SYNTHETIC" in name for name in case.files()), case.name


def test_the_checks_can_fail(tmp_data: Path):
    # the same GDP file with one digit changed must not pass as the expected rows: 540.9 ≠ 540.8
    case = next(c for c in CASES if c.name == "gbk")
    rows = [H, GDP[:4] + [540.9, 4.2], PORT]
    changed = Case("changed", "fit", "read", lambda: with_sidecar("SYNTHETIC_m.csv", csv_bytes(rows)))
    write_case(changed, tmp_data / "monthly")
    panel = load_monthly(tmp_data, today=TODAY)
    assert panel.select(ROW_COLS).rows() != case.expect["rows"]


def test_a_fifo_never_blocks(tmp_path: Path):
    # In a child process with a timeout: a blocked open() of a pipe cannot hang the test run.
    data = tmp_path / "data"
    (data / "monthly").mkdir(parents=True)
    for name in ("indicators.csv", "figures.csv"):
        (data / name).write_bytes((Path(__file__).parent.parent / "data" / name).read_bytes())
    pipe = data / "monthly" / "SYNTHETIC_m.csv"
    os.mkfifo(pipe)
    script = textwrap.dedent(f"""
        import datetime as dt
        from taicang_analysis.errors import DataFileError
        from taicang_analysis.sources.monthly import load_monthly, read_monthly_file
        from taicang_analysis.sources.inventory import inventory
        assert load_monthly({str(data)!r}, today=dt.date(2023, 6, 15)).is_empty()
        print(inventory({str(data)!r}).rows())
        try:
            read_monthly_file({str(pipe)!r})
        except DataFileError as exc:
            print("ERROR", exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "('SYNTHETIC_m.csv', 'skipped'" in done.stdout
    assert "ERROR" in done.stdout and "命名管道" in done.stdout


def test_fifty_thousand_formatted_rows_are_fast(tmp_path: Path):
    path = tmp_path / "SYNTHETIC_big.xlsx"
    path.write_bytes(raw_xlsx({"4月": [H, GDP, PORT]}, empty_rows=50_000))
    start = time.perf_counter()
    sheets = read_sheets(path)
    took = time.perf_counter() - start
    assert [len(s.rows) for s in sheets] == [3]
    assert took < 1.5, took  # the issue measured 3.8 s per read before

"""Issue 20, safe outputs and dates: CSV cells Excel would run, staging folders of a killed build,
paths relative to the data folder, a bureau table without its sidecar, an edition dated before its
data (all SYNTHETIC)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest
from badfiles import OWN, H, csv_bytes

from taicang_analysis.notebook.charts import Chart
from taicang_analysis.notebook.display import chart_csv, chart_html
from taicang_analysis.report.build import STAGING_PID, ReportBuildError, build_report, remove_stale_staging
from taicang_analysis.sources.inventory import inventory


def _chart(title: str) -> Chart:
    return Chart("n", "t", go.Figure(), pl.DataFrame({"period": ["2023年1-4月"], "value": ["-1.3"],
                                                      "figure_id": ["m-1"]}),
                 pl.DataFrame({"figure_id": ["m-1"], "source_title": [title], "source_url": ["@x"]}), "d", unit="亿元")


def test_csv_cells_that_excel_would_run_are_neutralised_everywhere():
    evil = '=HYPERLINK("http://example.invalid","点击") SYNTHETIC'
    text = chart_csv(_chart(evil))
    row = next(csv.reader(io.StringIO(text.splitlines()[1])))
    assert row[3].startswith("'=") and row[4] == "'@x" and row[1] == "-1.3"  # a negative number stays a number
    # the in-page download (a data: link) carries the same neutralised CSV
    html = chart_html(_chart(evil))
    link = re.search(r"data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)", html)
    assert link is not None
    decoded = base64.b64decode(link.group(1)).decode("utf-8-sig")
    cells = [c for r in csv.reader(io.StringIO(decoded)) for c in r]
    assert not [c for c in cells if c[:1] in "=+@" or (c[:1] == "-" and c != "-1.3")], cells


def test_staging_of_a_killed_build_is_removed_a_running_one_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / ".report-killed"
    killed.mkdir()
    (killed / STAGING_PID).write_text(dead.stdout.strip(), encoding="ascii")
    running = tmp_path / ".report-running"
    running.mkdir()
    (running / STAGING_PID).write_text(str(os.getpid()), encoding="ascii")
    other = tmp_path / ".report-not-ours"  # no mark: never removed
    other.mkdir()
    assert remove_stale_staging(tmp_path) == [killed]
    assert running.exists() and other.exists() and not killed.exists()


def test_inventory_shows_paths_inside_the_data_folder(tmp_data):
    (tmp_data / "monthly" / "SYNTHETIC_m.csv").write_bytes(csv_bytes([H, ["地区生产总值", "亿元", 1, 1, "约540", 1]]))
    (tmp_data / "monthly" / "SYNTHETIC_m.csv.source.txt").write_text(
        "issuer: SYNTHETIC\nreport: SYNTHETIC\ndate: 2023-05-20\n", encoding="utf-8")
    listed = inventory(tmp_data, today=dt.date(2023, 6, 15))
    reason = listed.filter(pl.col("action") == "failed")["reason"][0]
    assert "monthly/SYNTHETIC_m.csv" in reason and str(tmp_data) not in reason


@pytest.mark.slow
def test_an_early_edition_stops_unless_allowed_and_a_missing_sidecar_builds(tmp_data, tmp_path):
    monthly = tmp_data / "monthly"
    # Taicang's own table, dated 2023-05-20; a Kunshan table without any .source.txt
    (monthly / "SYNTHETIC_own.csv").write_bytes(csv_bytes(OWN))
    (monthly / "SYNTHETIC_own.csv.source.txt").write_text(
        "issuer: 太仓市统计局\nreport: SYNTHETIC 月报\ndate: 2023-05-20\n", encoding="utf-8")
    (monthly / "SYNTHETIC_kunshan.csv").write_bytes(csv_bytes(
        [["2023年1-4月昆山市主要经济指标 (SYNTHETIC)"], ["指标名称", "计量单位", "1-4月", "增长%"],
         ["社会消费品零售总额", "亿元", 520.8, 7.0]]))
    out = tmp_path / "r"
    with pytest.raises(ReportBuildError, match="早于月报 SYNTHETIC_own.csv 的日期 2023-05-20"):
        build_report(2023, data=tmp_data, out=out, edition="2023-05-10", progress=False, png=False, pdf=False)
    assert not out.exists()
    build_report(2023, data=tmp_data, out=out, edition="2023-05-10", progress=False, png=False, pdf=False,
                 allow_early_edition=True)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "版次日期早于月报 SYNTHETIC_own.csv" in html
    assert "来源说明缺失" in html  # the table without a sidecar is read and says so
    assert str(tmp_data) not in html and str(Path.home()) + "/" not in html

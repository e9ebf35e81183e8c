"""The run (taicang_analysis.run): built once per data state, flags and derived values added, a
snapshot for the build's kernel, and a bad monthly file in Lab as a failure beside the published figures."""

from __future__ import annotations

import os

import polars as pl
import pytest
from conftest import PROVENANCE, write_monthly

from taicang_analysis.errors import DataFileError
from taicang_analysis.run import data_key, open_run, write_snapshot

#: reported after June ended (an earlier date stops: rule report_date_early)
LATE_SOURCE = {**PROVENANCE, "date": "2023-07-20"}
LATE = [["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"], ["地区生产总值", "亿元", 850, 4.0]]


def test_enrich_flags_and_derives():
    figures = open_run(2023).figures
    # the 2024 port figure "突破1000万标箱" (b1-r091, a Q&A site) is flagged doubtful with a reason
    port = figures.filter(pl.col("figure_id") == "b1-r091").row(0, named=True)
    assert port["reliability"] == "doubtful" and port["flag"]
    # 2023 FAI: 590 ÷ (1 + 6.6 %) = 553.47 → 553.5, labelled derived with its formula and inputs
    fai = figures.filter(pl.col("release") == "derived", pl.col("indicator") == "fai", pl.col("period") == "2023").row(0, named=True)
    assert (fai["value"], fai["formula"], fai["inputs"]) == (553.5, "590 ÷ (1 + 6.6%) = 553.5", "b1-r031+b1-r030")


def test_one_run_per_data_state(tmp_data):
    first = open_run(2023, tmp_data)
    again = open_run(2023, tmp_data)
    # the same state: the same tables (nothing read again), but each open is its own run (its messages)
    assert again.figures is first.figures and again is not first
    # SYNTHETIC: a file saved into the folder is a new state, and the next open reads it
    write_monthly(tmp_data / "monthly", "late.csv", LATE, provenance=LATE_SOURCE)
    later = open_run(2023, tmp_data)
    assert later.figures is not first.figures
    assert later.figures.filter(pl.col("origin") == "analyst").height == 2  # level and growth
    assert "late.csv" in later.inventory["file"].to_list()


def test_the_key_is_stat_alone(tmp_data):
    path = tmp_data / "figures.csv"
    before = data_key(tmp_data)
    st = path.stat()
    # the same bytes, a new modification time: a new state (st_mtime_ns is part of the key)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert data_key(tmp_data) != before
    # the research tables under raw/ are not read by a run: they are not in the key
    assert not [k for k in before if "/raw/" in k[0]]


def test_the_snapshot_is_what_the_run_reads(tmp_data, tmp_path):
    folder = tmp_path / "snap"
    summary = write_snapshot(open_run(2023, tmp_data, report=True), folder)
    assert summary["year"] == 2023 and summary["figures"] == open_run(2023, tmp_data).figures.height
    # SYNTHETIC: a file that arrives after the snapshot is not in the run's figures
    write_monthly(tmp_data / "monthly", "late.csv", LATE, provenance=LATE_SOURCE)
    run = open_run(snapshot=folder)
    assert run.figures.filter(pl.col("origin") == "analyst").is_empty()
    assert run.targets["year"].unique().to_list() == [2023] and run.year == 2023
    assert open_run(2023, tmp_data).figures.filter(pl.col("origin") == "analyst").height == 2  # read now


def test_refusals_and_conflicts_for_the_methods_appendix(tmp_path):
    folder = tmp_path / "snap"
    write_snapshot(open_run(2023), folder)
    run = open_run(snapshot=folder)
    assert "b1-r091" in run.conflicts["figure_id"].to_list()
    assert run.refusals.filter(pl.col("rule") == "count_bound").height >= 1


def test_a_bad_monthly_file_in_lab_and_in_the_report(tmp_data):
    # SYNTHETIC: text in a number cell
    write_monthly(tmp_data / "monthly", "bad.csv", [["指标名称", "单位", "2023-06 累计值"], ["地区生产总值", "亿元", "八百"]])
    lab = open_run(2023, tmp_data)
    # Lab: the run holds the published figures alone, says which file failed, and lists it as failed
    assert isinstance(lab.failure, DataFileError) and "bad.csv" in str(lab.failure)
    assert lab.figures.filter(pl.col("origin") == "analyst").is_empty() and lab.figures.height > 100
    assert lab.inventory.filter(pl.col("file") == "bad.csv")["action"].to_list() == ["failed"]
    # the report: the build stops on it
    with pytest.raises(DataFileError, match="bad.csv"):
        open_run(2023, tmp_data, report=True)


def test_month_checks_reach_the_edition_notes(tmp_data, tmp_path):
    # SYNTHETIC 统计月报 tables: 1-3月 1010.55亿元, 1-4月 1350.20亿元 with 本月 (April alone) 300.00 —
    # but 1350.20 − 1010.55 = 339.65: the 本月 figure disagrees by 39.65, far beyond rounding
    for month, alone, ytd, growth, date in ((3, "390.15", "1010.55", "4.0", "2023-04-20"),
                                            (4, "300.00", "1350.20", "4.6", "2023-05-20")):
        path = tmp_data / "monthly" / f"SYNTHETIC_2023年1-{month}月主要经济指标.csv"
        path.write_text(f"太仓市2023年1-{month}月主要经济指标,,,,\n指标名称,计量单位,{month}月,1-{month}月,比上年同期增长(%)\n"
                        f"规模以上工业总产值,亿元,{alone},{ytd},{growth}\n", encoding="utf-8-sig")
        path.with_name(path.name + ".source.txt").write_text(
            f"issuer: 测试(合成数据)\nreport: SYNTHETIC {month}月\ndate: {date}\n", encoding="utf-8")
    folder = tmp_path / "snap"
    write_snapshot(open_run(2023, tmp_data, report=True), folder)
    warnings = open_run(snapshot=folder).checks
    april = warnings.filter(pl.col("check") == "month_vs_ytd")
    assert april.height == 1 and "39.65" in april["message"][0]

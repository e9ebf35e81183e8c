"""One data snapshot per run (taicang_analysis.snapshot): read once, flags and derived values added."""

from __future__ import annotations

import polars as pl
from conftest import PROVENANCE, write_monthly

from taicang_analysis import snapshot
from taicang_analysis.context import use


def test_enrich_flags_and_derives():
    figures = snapshot.load_run_figures()
    # the 2024 port figure "突破1000万标箱" (b1-r091, a Q&A site) is flagged doubtful with a reason
    port = figures.filter(pl.col("figure_id") == "b1-r091").row(0, named=True)
    assert port["reliability"] == "doubtful" and port["flag"]
    # 2023 FAI: 590 ÷ (1 + 6.6 %) = 553.47 → 553.5, labelled derived with its formula and inputs
    fai = figures.filter(pl.col("release") == "derived", pl.col("indicator") == "fai", pl.col("period") == "2023").row(0, named=True)
    assert (fai["value"], fai["formula"], fai["inputs"]) == (553.5, "590 ÷ (1 + 6.6%) = 553.5", "b1-r031+b1-r030")


def test_the_snapshot_is_what_the_run_reads(tmp_data, tmp_path):
    folder = tmp_path / "snap"
    summary = snapshot.write_snapshot(folder, year=2023, data=tmp_data)
    assert summary["year"] == 2023 and summary["figures"] == snapshot.load_run_figures(tmp_data).height
    # SYNTHETIC: a file that arrives after the snapshot is not in the run's figures
    write_monthly(tmp_data / "monthly", "late.csv",
                  [["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"], ["地区生产总值", "亿元", 850, 4.0]],
                  provenance={**PROVENANCE, "date": "2023-07-20"})  # reported after June ended
    with use(snapshot=folder, data_dir=tmp_data):
        assert snapshot.figures().filter(pl.col("origin") == "analyst").is_empty()
        assert snapshot.targets()["year"].unique().to_list() == [2023]
    with use(snapshot=None, data_dir=tmp_data):
        assert snapshot.figures().filter(pl.col("origin") == "analyst").height == 2  # read now: level and growth


def test_refusals_and_conflicts_for_the_methods_appendix(tmp_path):
    folder = tmp_path / "snap"
    snapshot.write_snapshot(folder, year=2023)
    with use(snapshot=folder):
        assert "b1-r091" in snapshot.conflicts()["figure_id"].to_list()
        assert snapshot.refusals().filter(pl.col("rule") == "count_bound").height >= 1


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
    snapshot.write_snapshot(folder, year=2023, data=tmp_data)
    with use(snapshot=folder, data_dir=tmp_data):
        warnings = snapshot.month_check_warnings()
    assert warnings is not None
    april = warnings.filter(pl.col("check") == "month_vs_ytd")
    assert april.height == 1 and "39.65" in april["message"][0]

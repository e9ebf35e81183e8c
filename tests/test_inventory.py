"""What was read (taicang_analysis.sources.inventory): every file read, skipped or failed, and where().

Every monthly figure here is a SYNTHETIC test value.
"""

from __future__ import annotations

import os

import polars as pl
from badfiles import openpyxl_bytes
from conftest import TODAY, write_monthly, write_provenance

import taicang_analysis as ta
from taicang_analysis.sources.inventory import INVENTORY_SCHEMA, inventory, where

HEAD = ["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"]


def _folder(tmp_data):
    folder = tmp_data / "monthly"
    write_monthly(folder, "a.csv", [HEAD, ["地区生产总值", "亿元", "540.8", "4.2"]])
    write_monthly(folder / "2023", "b.csv", [HEAD, ["太仓港集装箱吞吐量", "万标箱", "256.7", "150"]])
    book = folder / "c.xlsx"
    book.write_bytes(openpyxl_bytes({"3月": [HEAD], "4月": [HEAD, ["一般公共预算收入", "亿元", 66.3, 0.025]]},
                                    active=1, hidden=("3月",), formats={("4月", "D2"): "0.0%"}))
    write_provenance(book)
    write_monthly(folder, "bad.csv", [HEAD, ["地区生产总值", "亿元", "x", ""]])
    (folder / "~$c.xlsx").write_bytes(b"lock")
    (folder / "readme.md").write_text("SYNTHETIC", encoding="utf-8")
    os.mkfifo(folder / "pipe.csv")
    return folder


def test_every_file_is_listed_with_its_action_and_reason(tmp_data):
    _folder(tmp_data)
    table = inventory(tmp_data, today=TODAY)
    assert table.schema == pl.Schema(INVENTORY_SCHEMA)
    actions = dict(table.select("file", "action").rows())
    assert actions == {
        "2023/b.csv": "read", "2023/b.csv.source.txt": "read", "a.csv": "read", "a.csv.source.txt": "read",
        "bad.csv": "failed", "bad.csv.source.txt": "read", "c.xlsx": "read", "c.xlsx.source.txt": "read",
        "pipe.csv": "skipped", "readme.md": "skipped", "~$c.xlsx": "skipped",
    }
    reasons = dict(table.select("file", "reason").rows())
    assert reasons["a.csv"] == "2个数值, 1个指标"
    # b.csv: 150% growth of a flow is kept with a flag (growth_unusual)
    assert reasons["2023/b.csv"] == "2个数值, 1个指标; 1行存疑"
    assert reasons["c.xlsx"] == "2个数值, 1个指标; 工作表「4月」; 未读隐藏工作表「3月」"
    assert "第2行" in reasons["bad.csv"] and "'x'" in reasons["bad.csv"]
    assert "命名管道" in reasons["pipe.csv"]
    assert "锁文件" in reasons["~$c.xlsx"]
    assert "随 a.csv 读取" in reasons["a.csv.source.txt"]


def test_where_names_the_folder_and_the_files(tmp_data, capsys):
    _folder(tmp_data)
    text = where(tmp_data, today=TODAY)
    printed = capsys.readouterr().out
    assert printed.strip() == text
    # read: a.csv, 2023/b.csv, c.xlsx and the 4 sidecars (bad.csv's too) = 7; skipped: pipe, lock, readme
    lines = text.splitlines()
    assert lines[0] == f"数据文件夹: {tmp_data.resolve()}"  # no English gloss (issue 20)
    assert lines[1] == f"月度文件夹: {tmp_data.resolve() / 'monthly'} — 读取7个, 跳过3个, 出错1个"
    assert "  出错  bad.csv — " in text
    assert "  跳过  readme.md — 不是数据文件类型 (.md)" in text


def test_where_without_a_monthly_folder(tmp_path, capsys):
    text = where(tmp_path)
    assert "不存在" in text and str(tmp_path.resolve()) in text
    assert where(tmp_path / "nope").splitlines()[1].startswith("  该文件夹不存在")


def test_the_package_exposes_where():
    assert ta.where is where

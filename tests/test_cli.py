"""The command line ``taicang-report`` (taicang_analysis.cli).

``extract`` runs end to end on the shipped work-report excerpt; ``build`` is only parsed here (the
full build is tested elsewhere and is slow).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from taicang_analysis.cli import main
from taicang_analysis.context import SHIPPED_DATA_DIR

EXCERPT = SHIPPED_DATA_DIR / "raw" / "gwr_2023_excerpt.txt"
REGISTRY = SHIPPED_DATA_DIR / "targets" / "2023.csv"


def _read(path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


# --- extract --------------------------------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "extract_golden_2023.csv"
REVIEW_TEXT = Path(__file__).parent / "data" / "reports" / "taicang_2020_report_review.txt"
#: the registry fields the extractor owns (names may be corrected by hand in the registry)
OWNED = ["id", "year", "indicator", "measure", "kind", "value", "value_high", "unit", "qualifier",
         "qualifier_zh", "strive", "section", "phrase"]


def test_extract_gives_the_golden_draft_and_the_2023_registry(tmp_path, capsys):
    out = tmp_path / "draft.csv"
    assert main(["extract", str(EXCERPT), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,year,")  # UTF-8 with BOM for Excel
    assert_frame_equal(_read(out), _read(GOLDEN))  # the extractor's own golden output
    # the reviewed registry: same rows on the fields the extractor owns (any order)
    assert set(_read(out).select(OWNED).rows()) == set(_read(REGISTRY).select(OWNED).rows())
    captured = capsys.readouterr()
    assert str(out) in captured.out
    assert "草稿目标登记表" in captured.out
    assert captured.err == ""


def test_extract_default_out_is_beside_the_input(tmp_path, capsys):
    src = tmp_path / "gwr_2023.txt"
    shutil.copy(EXCERPT, src)
    assert main(["extract", str(src)]) == 0
    out = tmp_path / "gwr_2023.targets.csv"
    assert_frame_equal(_read(out), _read(GOLDEN))
    assert str(out) in capsys.readouterr().out


def test_extract_year_option(tmp_path):
    out = tmp_path / "draft.csv"
    assert main(["extract", str(EXCERPT), "--out", str(out), "--year", "2024"]) == 0
    draft = _read(out)
    assert draft["year"].unique().to_list() == ["2024"]
    assert draft.select("id", "value", "unit").rows() == _read(GOLDEN).select("id", "value", "unit").rows()


def test_extract_figures_of_last_year(tmp_path, capsys):
    out = tmp_path / "figures.csv"
    argv = ["extract", str(REVIEW_TEXT), "--figures", "--out", str(out),
            "--source-url", "http://mp.123yiche.com/j5b187262k1.html", "--source-title", "太仓市2020年政府工作报告"]
    assert main(argv) == 0
    figures = _read(out)
    gdp = figures.filter(pl.col("indicator") == "gdp", pl.col("measure") == "level").row(0, named=True)
    # 全年实现地区生产总值1410亿元(预计数,下同): the 2019 outturn, preliminary
    assert (gdp["period"], gdp["value"], gdp["unit"]) == ("2019", "1410.0", "亿元")
    release = "release" if "release" in figures.columns else "status"
    assert set(figures[release]) == {"preliminary"}
    assert set(figures["source_url"]) == {"http://mp.123yiche.com/j5b187262k1.html"}
    assert "上年数据草稿" in capsys.readouterr().out


def test_extract_figures_default_out(tmp_path):
    src = tmp_path / "gwr_2020.txt"
    shutil.copy(REVIEW_TEXT, src)
    assert main(["extract", str(src), "--figures"]) == 0
    assert (tmp_path / "gwr_2020.figures.csv").exists()


def test_extract_missing_file(tmp_path, capsys):
    missing = tmp_path / "no_such_report.txt"
    assert main(["extract", str(missing), "--out", str(tmp_path / "out.csv")]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("无法读取 (cannot read): ")
    assert "no_such_report.txt" in captured.err
    assert captured.out == ""
    assert not (tmp_path / "out.csv").exists()


def test_extract_a_file_that_is_not_utf8(tmp_path, capsys):
    src = tmp_path / "gwr_gbk.txt"
    src.write_bytes("地区生产总值增长5%左右".encode("gbk"))
    assert main(["extract", str(src)]) == 1
    err = capsys.readouterr().err
    assert "gwr_gbk.txt" in err and "UTF-8" in err
    assert "Traceback" not in err


def test_extract_requires_a_file(capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract"])
    assert info.value.code == 2
    assert "file" in capsys.readouterr().err


# --- build: argument parsing only ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--bogus"],
        ["build", "--year", "abc"],
        ["build", "--year"],
        ["build", "extra-positional"],
        ["deploy"],
        [],
    ],
)
def test_build_argument_errors_exit_2(argv, capsys, monkeypatch):
    def no_build(*args, **kwargs):  # pragma: no cover - must never run
        raise AssertionError("build_report must not run on a parsing error")

    monkeypatch.setattr("taicang_analysis.report.build.build_report", no_build)
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: taicang-report")


def test_help_exits_0(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--year", "--data", "--out", "--edition", "--no-png", "--quiet"):
        assert option in out


# --- check ----------------------------------------------------------------------------------------------


def test_check_names_a_missing_browser_and_how_to_get_one(capsys, tmp_path):
    assert main(["check", "--browser", str(tmp_path / "没有的浏览器.exe")]) == 1
    out = capsys.readouterr().out
    assert "缺  浏览器: --browser 指定的浏览器程序不存在" in out and "没有的浏览器.exe" in out
    assert "请按上面的提示补齐后再运行 taicang-report build。" in out


def test_build_takes_a_browser_and_no_docx(monkeypatch, capsys):
    import taicang_analysis.report.build as build_module

    seen = {}

    def fake(year, **kw):
        seen.update(kw)
        kw["notes"].append("没有找到可用的浏览器 (SYNTHETIC)")
        return Path("reports/index.html")

    monkeypatch.setattr(build_module, "build_report", fake)
    assert main(["build", "--browser", r"D:\浏览器\msedge.exe", "--no-docx", "--quiet"]) == 0
    assert seen["browser"] == r"D:\浏览器\msedge.exe" and seen["docx"] is False and seen["pdf"] is True
    # what the build could not do is said after it
    assert capsys.readouterr().out.splitlines()[-1] == "注意: 没有找到可用的浏览器 (SYNTHETIC)"

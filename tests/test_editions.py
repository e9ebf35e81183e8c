"""Editions of the report and what changed between them (taicang_analysis.report.editions).

Every frame and edition here is SYNTHETIC (made-up figures of an invented monthly series), built to
show one change each.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from taicang_analysis.report.editions import (
    KEY,
    EditionError,
    change_lines,
    changes,
    changes_html,
    edition_facts,
    inputs_hash,
    previous_edition,
    read_edition,
    write_edition,
)

SOURCE = "太仓市统计局 2023年9月统计月报 (SYNTHETIC)"


def _figures(**changed: float) -> pl.DataFrame:
    """SYNTHETIC figures: fixed-asset investment 1-8月 and 1-9月, a target row and a figure without a value."""
    rows = [
        {"figure_id": "syn-09", "period": "2023-09", "month": 9, "value": 380.0},
        {"figure_id": "syn-08", "period": "2023-08", "month": 8, "value": 340.0},
        {"figure_id": "syn-t", "period": "2023", "month": None, "value": 520.0, "release": "target",
         "period_type": "target"},
        {"figure_id": "syn-null", "period": "2023-07", "month": 7, "value": None},
    ]
    out = []
    for r in rows:
        out.append({"region": "太仓市", "indicator": "fai", "indicator_zh": "全社会固定资产投资", "measure": "level",
                    "unit": "亿元", "bound": "exact", "release": "preliminary", "year": 2023, "period_type": "ytd",
                    "source_title": SOURCE, **r, "value": changed.get(r["figure_id"].replace("-", "_"), r["value"])})
    return pl.DataFrame(out, schema_overrides={"value": pl.Float64, "month": pl.Int64})


def _card(status: str = "on_track") -> pl.DataFrame:
    return pl.DataFrame({"id": ["fai_level"], "status": [status], "complete": [False], "latest_value": [380.0],
                         "month": [9]})


def _targets(value: float = 520.0) -> pl.DataFrame:
    return pl.DataFrame({"id": ["fai_level"], "value": [value], "qualifier": ["strive"]})


def _facts(edition: str = "2023-10-31", *, year: int = 2023, figures: pl.DataFrame | None = None,
           card: pl.DataFrame | None = None, targets: pl.DataFrame | None = None) -> dict:
    figures = _figures() if figures is None else figures
    targets = _targets() if targets is None else targets
    return edition_facts(figures, _card() if card is None else card, year=year, edition=edition,
                         digest=inputs_hash(figures, targets))


# --- inputs_hash --------------------------------------------------------------------------------------


def test_inputs_hash_is_stable_and_sensitive():
    h = inputs_hash(_figures(), _targets())
    assert len(h) == 64 and int(h, 16) >= 0  # a SHA-256 hex digest
    assert inputs_hash(_figures(), _targets()) == h
    # one figure revised, or one target changed: another hash
    assert inputs_hash(_figures(syn_09=381.2), _targets()) != h
    assert inputs_hash(_figures(), _targets(540.0)) != h
    # figures and targets are not interchangeable
    assert inputs_hash(_targets(), _figures()) != h


# --- edition_facts ----------------------------------------------------------------------------------------


def test_edition_facts():
    facts = _facts()
    assert (facts["year"], facts["edition"], facts["ranks"]) == (2023, "2023-10-31", [])
    assert facts["inputs"] == inputs_hash(_figures(), _targets())
    # the target row and the figure without a value are not facts of the edition; sorted by id
    assert [f["id"] for f in facts["figures"]] == ["syn-08", "syn-09"]
    assert facts["figures"][1] == {
        "id": "syn-09", "key": ["太仓市", "fai", "level", "2023-09", "亿元"], "value": 380.0, "bound": "exact",
        "release": "preliminary", "year": 2023, "month": 9, "period_type": "ytd", "indicator_zh": "全社会固定资产投资",
        "source": SOURCE}
    assert KEY == ("region", "indicator", "measure", "period", "unit")
    (target,) = facts["targets"]
    assert {k: target[k] for k in ("id", "status", "complete", "latest", "month")} == {
        "id": "fai_level", "status": "on_track", "complete": False, "latest": 380.0, "month": 9}


# --- write_edition: immutable -------------------------------------------------------------------------


def test_write_edition_same_inputs_same_bytes(tmp_path):
    path = write_edition(tmp_path / "editions", _facts())
    assert path == tmp_path / "editions" / "2023-10-31.json"
    first = path.read_bytes()
    # built again from the same inputs: no error, the same bytes
    write_edition(tmp_path / "editions", _facts())
    assert path.read_bytes() == first
    # readable JSON with Chinese as Chinese, ending in a newline
    text = first.decode("utf-8")
    assert "全社会固定资产投资" in text and text.endswith("}\n")
    assert read_edition(path) == json.loads(text) == _facts()


def test_write_edition_refuses_other_inputs(tmp_path):
    folder = tmp_path / "editions"
    path = write_edition(folder, _facts())
    before = path.read_bytes()
    other = _facts(figures=_figures(syn_09=381.2))
    with pytest.raises(EditionError, match="--replace") as info:
        write_edition(folder, other)
    assert "2023-10-31" in str(info.value) and "--edition" in str(info.value)
    assert path.read_bytes() == before  # untouched
    # with replace=True the new facts win
    write_edition(folder, other, replace=True)
    assert read_edition(path)["inputs"] == other["inputs"] != _facts()["inputs"]


def test_read_edition_errors(tmp_path):
    with pytest.raises(EditionError, match="无法读取期次文件"):
        read_edition(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(EditionError, match="broken.json"):
        read_edition(broken)


# --- previous_edition -----------------------------------------------------------------------------------


def test_previous_edition_is_the_latest_earlier_one_of_the_same_year(tmp_path):
    folder = tmp_path / "editions"
    for edition, year in (("2023-09-30", 2023), ("2023-10-31", 2023), ("2023-11-20", 2022),
                          ("2023-12-31", 2023)):
        write_edition(folder, _facts(edition, year=year))
    # before 2023-11-30: 2023-11-20 is another year's report, 2023-12-31 is later → 2023-10-31
    assert previous_edition(folder, "2023-11-30", year=2023)["edition"] == "2023-10-31"
    # the edition itself is not its own previous one
    assert previous_edition(folder, "2023-10-31", year=2023)["edition"] == "2023-09-30"
    assert previous_edition(folder, "2023-09-30", year=2023) is None
    assert previous_edition(folder, "2024-01-31", year=2022)["edition"] == "2023-11-20"
    assert previous_edition(tmp_path / "nowhere", "2023-11-30", year=2023) is None


# --- changes ---------------------------------------------------------------------------------------------


@pytest.fixture
def old_new() -> tuple[dict, dict]:
    old = _facts("2023-10-31", figures=_figures().filter(pl.col("figure_id") != "syn-08"))
    old["ranks"] = [{"indicator": "gdp", "measure": "growth_pct", "rank": 3, "label": "地区生产总值增速"},
                    {"indicator": "fai", "measure": "level", "rank": 2, "label": "全社会固定资产投资"}]
    # the new edition: 1-9月 revised 380 → 381.2 under a new id, 1-8月 added, the target at risk,
    # GDP growth now 2nd of the peers (fixed-asset investment still 2nd)
    new = _facts("2023-11-30", figures=_figures(syn_09=381.2).with_columns(
        figure_id=pl.col("figure_id").replace({"syn-09": "syn-09b"}),
        source_title=pl.when(pl.col("figure_id") == "syn-09").then(pl.lit("太仓市统计局 2023年10月统计月报 (SYNTHETIC)"))
        .otherwise(pl.col("source_title"))), card=_card("at_risk"))
    new["ranks"] = [{"indicator": "gdp", "measure": "growth_pct", "rank": 2, "label": "地区生产总值增速"},
                    {"indicator": "fai", "measure": "level", "rank": 2, "label": "全社会固定资产投资"}]
    return old, new


def test_changes(old_new):
    old, new = old_new
    ch = changes(old, new)
    assert [f["id"] for f in ch["new"]] == ["syn-08"]
    # revised: analyst cells are matched by (region, indicator, measure, period), not by figure id
    assert [(r["old"]["id"], r["old"]["value"], r["new"]["id"], r["new"]["value"]) for r in ch["revised"]] == [
        ("syn-09", 380.0, "syn-09b", 381.2)]
    (status,) = ch["status"]
    assert {k: status[k] for k in ("id", "old", "new", "complete", "old_complete")} == {
        "id": "fai_level", "old": "on_track", "new": "at_risk", "complete": False, "old_complete": False}
    assert [(r["indicator"], r["old_rank"], r["rank"]) for r in ch["ranks"]] == [("gdp", 3, 2)]
    assert (ch["old_edition"], ch["new_edition"]) == ("2023-10-31", "2023-11-30")


def test_no_changes_between_equal_editions():
    ch = changes(_facts(), _facts("2023-11-30"))
    assert (ch["new"], ch["revised"], ch["status"], ch["ranks"]) == ([], [], [], [])
    assert change_lines(ch) == []


def test_change_lines(old_new):
    lines = change_lines(changes(*old_new), {"fai_level": "全社会固定资产投资(总量)"})
    assert lines == [
        "新增数据1项(最新期: 2023年1-8月)。",
        "新增: 全社会固定资产投资 2023年1-8月 340亿元(预计数; 来源: 太仓市统计局 2023年9月统计月报)。",
        "修订: 全社会固定资产投资 2023年1-9月 380亿元 → 381.2亿元"
        "(原来源: 太仓市统计局 2023年9月统计月报; 新来源: 太仓市统计局 2023年10月统计月报)。",
        "状态变化: 全社会固定资产投资(总量) 进度正常 → 有风险。",
        "位次变化: 地区生产总值增速 第3位 → 第2位。",
    ]
    # without names the target's id is used
    assert "状态变化: fai_level 进度正常 → 有风险。" in change_lines(changes(*old_new))


def test_change_lines_new_figures_name_the_latest_three_periods():
    new = {"figures": [{"id": f"m{m}", "key": ["太仓市", "fai", "level", f"2023-{m:02d}", "亿元"], "value": float(m),
                        "year": 2023, "month": m} for m in (3, 4, 5, 6, 7)], "targets": [], "ranks": []}
    line, *named = change_lines(changes({"figures": [], "targets": [], "ranks": []}, new))
    assert line == "新增数据5项(最新期: 2023年1-5月、2023年1-6月、2023年1-7月)。"
    # and each new figure by name
    assert named[0] == "新增: fai 2023年1-3月 3亿元(来源: 见附录)。" and len(named) == 5


def test_change_lines_count_derived_figures_apart():
    # two observed months and one derived value (release "derived") new in this edition
    new = {"figures": [{"id": f"m{m}", "key": ["太仓市", "fai", "level", f"2023-{m:02d}", "亿元"], "value": float(m),
                        "year": 2023, "month": m, "release": "preliminary"} for m in (8, 9)]
           + [{"id": "d-m9", "key": ["太仓市", "fai", "level", "2022-09", "亿元"], "value": 1.0, "year": 2022,
               "month": 9, "release": "derived"}], "targets": [], "ranks": []}
    lines = change_lines(changes({"figures": [], "targets": [], "ranks": []}, new))
    # the latest periods are those of observed figures only
    assert lines[:2] == ["新增数据2项(最新期: 2023年1-8月、2023年1-9月)。", "新增推算数1项(公式见附录)。"]
    assert lines[-1] == "新增推算: fai 2022年1-9月 1亿元(推算; 来源: 见附录)。"


def test_change_lines_finished_year_words():
    old = {"figures": [], "ranks": [], "targets": [{"id": "port_teu", "status": "at_risk", "complete": False}]}
    new = {"figures": [], "ranks": [], "targets": [{"id": "port_teu", "status": "off_track", "complete": True}]}
    assert change_lines(changes(old, new), {"port_teu": "太仓港集装箱吞吐量"}) == [
        "状态变化: 太仓港集装箱吞吐量 有风险 → 未完成。"]


# --- changes_html -------------------------------------------------------------------------------------


def test_changes_html_first_edition():
    assert changes_html(None) == (
        "<section class='changes' aria-labelledby='changes'><h2 id='changes'>本期变化</h2>"
        "<p>这是本年度的第一期报告, 没有可比较的上一期。</p></section>")


def test_changes_html_lists_lines(old_new):
    html = changes_html(changes(*old_new), {"fai_level": "全社会固定资产投资(总量)"})
    assert html.startswith("<section class='changes' aria-labelledby='changes'><h2 id='changes'>本期变化</h2>")
    assert "<p>与上一期(2023年10月31日)相比:</p><ul>" in html
    assert html.count("<li>") == 5  # count, the new figure by name, revision, status, rank
    assert "<li>状态变化: 全社会固定资产投资(总量) 进度正常 → 有风险。</li>" in html


def test_changes_html_nothing_changed():
    html = changes_html(changes(_facts(), _facts("2023-11-30")))
    assert "<p>与上一期(2023年10月31日)相比, 数据和判断没有变化。</p>" in html and "<ul>" not in html


def test_changes_html_escapes(old_new):
    old, new = old_new
    html = changes_html(changes(old, new), {"fai_level": "<b>名</b>"})
    assert "&lt;b&gt;名&lt;/b&gt;" in html and "<b>名</b>" not in html


def test_changes_html_previous_edition_date_in_chinese(old_new):
    assert "与上一期(2023年10月31日)相比" in changes_html(changes(*old_new))

"""Published figures (data/figures.csv, derived from the two research files in data/raw/ and
data/publishers.csv) and the merge with the analysts' monthly files."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json

import polars as pl
import pytest
from conftest import PROVENANCE, TODAY, raises_one, write_monthly
from polars.testing import assert_frame_equal

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.sources.figures import MERGED_EXTRA, load_figures
from taicang_analysis.sources.published import (
    FIGURE_SCHEMA,
    build_published_figures,
    clean_quote,
    load_published_figures,
)
from taicang_analysis.vocabulary import RELIABILITIES

RAW_DIR = SHIPPED_DATA_DIR / "raw"
RAW_FILES = ("taicang_sourced.csv", "taicang_sourced_2.csv", "taicang_sourced_3.csv")


def _raw_all() -> list[dict[str, str]]:
    rows = []
    for name in RAW_FILES:
        with (RAW_DIR / name).open(encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


@pytest.fixture(scope="module")
def raw_rows() -> list[dict[str, str]]:
    return _raw_all()


@pytest.fixture(scope="module")
def published() -> pl.DataFrame:
    return load_published_figures()


def _one(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(**where).to_dicts()
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows[0]


# --- derived file: no drift, nothing lost -------------------------------------------------------

def test_figures_csv_is_the_build_of_the_raw_file(published):
    assert_frame_equal(published, build_published_figures())


def test_figures_csv_columns():
    header = (SHIPPED_DATA_DIR / "figures.csv").read_text("utf-8").splitlines()[0]
    assert header.split(",") == list(FIGURE_SCHEMA)


@pytest.mark.parametrize("name", RAW_FILES)
def test_raw_meta_hash_matches(name):
    meta = json.loads((RAW_DIR / name.replace(".csv", ".meta.json")).read_text("utf-8"))
    assert meta["file"] == f"data/raw/{name}"
    assert hashlib.sha256((RAW_DIR / name).read_bytes()).hexdigest() == meta["sha256"]


def test_raw_files_are_the_shared_research_files():
    shared = SHIPPED_DATA_DIR.parent.parent / "shared" / "data-sources"
    if not shared.is_dir():
        pytest.skip("shared/data-sources is not beside this checkout")
    for name in RAW_FILES:
        assert (RAW_DIR / name).read_bytes() == (shared / name).read_bytes(), name
    # every research file in shared/ is folded in
    assert {p.name for p in shared.glob("taicang_sourced*.csv")} == set(RAW_FILES)


def test_every_raw_row_appears(published, raw_rows):
    # every row of every raw batch becomes exactly one figure (whatever the batches hold)
    assert published.height == len(raw_rows)
    pairs = {(q, v) for q, v in published.select("quote", "value").iter_rows()}
    for r in raw_rows:
        value = float(r["value"]) if r["value"] else None
        assert (clean_quote(r["quote"]), value) in pairs, r["quote"]


def test_values_are_copied_not_computed(published, raw_rows):
    # row i of the derived table is row i of the research files, same period, measure and value
    # (the quote less the pinyin some mirrors insert: clean_quote)
    for r, d in zip(raw_rows, published.iter_rows(named=True), strict=True):
        assert d["period"] == r["period"]
        assert d["measure"] == r["measure"]
        assert d["quote"] == clean_quote(r["quote"])
        assert d["value"] == (float(r["value"]) if r["value"] else None)
        assert d["region"] == (r.get("region") or "太仓市")


def test_figure_ids_name_batch_and_row(published):
    ids = published["figure_id"].to_list()
    assert ids[0] == "b1-r002" and ids[91] == "b1-r093" and ids[92] == "b2-r002" and ids[142] == "b2-r052"
    # batch 3: 18 data lines (2..19) of taicang_sourced_3.csv
    assert ids[143] == "b3-r002" and ids[-1] == "b3-r019" and len(ids) == 92 + 51 + 18
    assert len(set(ids)) == len(ids)
    row = _one(published, figure_id="b2-r002")
    assert (row["region"], row["indicator"], row["period"], row["value"]) == ("太仓市", "gdp", "2023", 1734.94)


# --- every value has its source -----------------------------------------------------------------

def test_every_value_has_url_title_and_quote(published):
    for i, row in enumerate(published.iter_rows(named=True), start=2):
        for column in ("source_url", "source_title", "quote"):
            assert row[column] and row[column].strip(), (i, column)
        assert row["source_url"].startswith(("http://", "https://")), i


def test_quote_carries_the_number(published):
    # where the value is written as digits in the quote, it is there as published
    row = _one(published, region="太仓市", indicator="gdp", period="2022", measure="level")
    assert "1653.57" in row["quote"]
    row = _one(published, indicator="port_teu", period="2022", measure="level")
    assert "802.6" in row["quote"]


def test_target_rows_get_the_mirror_url(published):
    targets = published.filter(pl.col("release") == "target", pl.col("year") == 2023, pl.col("region") == "太仓市")
    assert targets.height > 0
    assert set(targets["source_url"].to_list()) == {
        "http://m.5121177.com/taicang/zfgzbg/202301/21e4fb9cf8fe40b9b18ff15c635e81b9.shtml"}
    assert set(targets["period_type"].to_list()) == {"target"}
    # the second batch's target rows (the 2021 targets FAI 540, industrial investment 200) are targets too
    t2021 = published.filter(pl.col("release") == "target", pl.col("year") == 2021)
    assert sorted(t2021["value"].to_list()) == [200.0, 540.0]


def _blank_cell(path, row_index: int, column: str) -> None:
    frame = pl.read_csv(path, schema=FIGURE_SCHEMA)
    assert frame[row_index, column]
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row_index).then(pl.lit(None))
        .otherwise(pl.col(column)).alias(column))
    frame.write_csv(path)


@pytest.mark.parametrize(("index", "column"), [(4, "source_url"), (20, "source_title"),
                                               (0, "quote")])
def test_missing_source_is_an_error(tmp_data, index, column):
    path = tmp_data / "figures.csv"
    _blank_cell(path, index, column)
    err = raises_one(lambda: load_published_figures(tmp_data))
    assert err.file == str(path)
    assert err.row == index + 2  # header is row 1, first figure row 2
    assert err.column == column
    assert not err.value
    assert "URL" in err.expected


def test_missing_value_is_an_error(tmp_data):
    path = tmp_data / "figures.csv"
    _blank_cell(path, 9, "value")
    err = raises_one(lambda: load_published_figures(tmp_data))
    assert (err.row, err.column, err.value) == (11, "value", None)


# --- classification -----------------------------------------------------------------------------

def test_over_550_is_a_lower_bound(published):
    row = _one(published, indicator="german_firms", period="2025-02-14")
    assert row["quote"].endswith("德企总数超550家")
    assert (row["value"], row["unit"], row["bound"]) == (550.0, "家", "lower")
    assert row["measure"] == "count_total"


def test_almost_500_is_approximate(published):
    row = _one(published, indicator="german_firms", period="2023-10-19")
    assert "almost 500" in row["quote"]
    assert (row["value"], row["bound"]) == (500.0, "approximate")
    row = _one(published, indicator="german_firms", period="2024-01-10")
    assert "fast 500" in row["quote"]
    assert row["bound"] == "approximate"


def test_exact_counts_stay_exact(published):
    row = _one(published, indicator="german_firms", period="2024-01-22")
    assert (row["value"], row["bound"]) == (500.0, "exact")


def test_bound_words_match_the_quotes(published):
    # every lower bound's quote says 超 / 多 / over / more than / 突破
    lower = published.filter(pl.col("bound") == "lower")
    assert lower.height >= 8
    for quote in lower["quote"].to_list():
        assert any(w in quote.lower() for w in ("超", "多", "over", "more than", "突破")), quote
    assert set(published["bound"].unique().to_list()) == {"exact", "lower", "approximate"}


def test_units_are_clean(published):
    for unit in published["unit"].to_list():
        assert "(" not in unit and "/" not in unit, unit


def test_work_report_rows_are_preliminary(published):
    report_rows = published.filter(
        pl.col("source_title").str.contains("政府工作报告") & (pl.col("release") != "target"))
    assert report_rows.height >= 15
    assert set(report_rows["release"].to_list()) == {"preliminary"}
    row = _one(published, region="太仓市", indicator="gdp", period="2019", measure="level")
    assert (row["value"], row["release"]) == (1410.0, "preliminary")


def test_dec_2022_forecast_is_preliminary(published):
    row = _one(published, indicator="gdp", period="2022", measure="growth_pct",
               value=2.0)
    assert row["release"] == "preliminary"


def test_expected_wording_is_preliminary(published):
    # 預期實現固定資產投資395.3億元 (Jan–Sep 2021): "expected" → preliminary
    row = _one(published, figure_id="b2-r009")
    assert "預期" in row["quote"] and row["release"] == "preliminary"


def test_bulletin_is_final(published):
    row = _one(published, region="太仓市", indicator="gdp", period="2022", measure="level")
    assert (row["value"], row["unit"], row["release"]) == (1653.57, "亿元", "final")
    assert "统计公报" in row["source_title"]
    row = _one(published, indicator="gdp", period="2022", measure="growth_pct", value=2.2)
    assert row["release"] == "final"


# --- release from the quote (data/releases.csv), source_date, a header pasted twice -------------

def test_plan_and_expectation_from_the_quote(published):
    # the rule changes exactly three rows of the research files, each for the word in its figure's clause
    plan = published.filter(pl.col("release") == "plan")["figure_id"].to_list()
    assert plan == ["b2-r003", "b2-r004"]  # 共安排重点项目183个; 其中本年度计划投资343.5亿元
    row = _one(published, figure_id="b2-r003")
    assert (row["indicator"], row["value"], row["unit"]) == ("key_projects", 183.0, "个")
    expected = published.filter(pl.col("release") == "expectation")
    # 今年GDP将突破2000亿元, said by 太仓市委书记 (the research note names the post)
    assert expected.select("figure_id", "indicator", "value", "bound").rows() == [
        ("b3-r003", "gdp_expectation", 2000.0, "lower")]


def test_release_words_need_their_condition(tmp_path):
    from taicang_analysis.sources.published import _release, figure_clause, load_release_words

    words = load_release_words()
    # SYNTHETIC quotes: 将 without a named official stays an outturn; 将近 is a bound, not an expectation
    assert _release(False, "某报道", "", "全年将达到500亿元", "全年将达到500亿元", words) == "final"
    assert _release(False, "市长 某某 讲话", "", "将近500家", "将近500家", words) == "final"
    assert _release(False, "某报道", "", "签约项目12个", "签约项目12个", words) == "plan"
    # the word must be in the figure's own clause: 计划 elsewhere in the quote does not make a plan
    quote = "全年完成投资320亿元,完成年度计划的105%"
    assert _release(False, "某报道", "", quote, figure_clause(quote, "320"), words) == "final"
    # a note can only move a figure down: "Preliminary" in the notes never lifts a plan
    assert _release(False, "某报道", "Preliminary", "安排项目9个", "安排项目9个", words) == "plan"


def test_release_words_file_is_validated(tmp_path):
    from taicang_analysis.errors import DataFileError
    from taicang_analysis.sources.published import load_release_words

    (tmp_path / "releases.csv").write_text("pattern,release,condition,note\n安排,outturn,,x\n", "utf-8")
    with pytest.raises(DataFileError) as err:
        load_release_words(tmp_path)
    assert "outturn" in str(err.value) and "release" in str(err.value)


def test_source_date_only_where_the_title_states_it(published):
    from taicang_analysis.sources.published import source_date

    assert _one(published, figure_id="b2-r003")["source_date"] == "2023-04-06"  # (苏州日报 2023-04-06 A01)
    assert _one(published, figure_id="b3-r005")["source_date"] == "2025-12-10"  # (…, 2025-12-10)
    # an event's date is not the publication date; no date → empty
    assert _one(published, figure_id="b3-r002")["source_date"] is None  # (event 2025-02-14; repost …)
    assert source_date("Third-party blog on Taicang 2018/2019 GDP") == ""
    assert source_date("(mirror of 苏州都市网, ~2022-12-15)") == ""  # approximate
    assert source_date("常熟市十六届人大二次会议 (苏报讯, 2023-01)") == ""  # no day


def test_a_repeated_header_line_is_skipped(tmp_path):
    from taicang_analysis.sources.published import header_repeats, read_research_file

    # SYNTHETIC research file whose header is pasted twice (line 2 = line 1)
    src = (RAW_DIR / "taicang_sourced_3.csv").read_text("utf-8").splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([src[0], src[0], *src[1:4]]) + "\n", "utf-8")
    assert header_repeats(path) == [2]
    rows = read_research_file(path)
    assert [line for line, _ in rows] == [3, 4, 5]  # line numbers as a spreadsheet shows them
    assert rows[0][1]["value"] == "6.8"


def test_no_status_column():
    # "status" names a target's status only; a figure's finality is its release
    assert "status" not in FIGURE_SCHEMA and "release" in FIGURE_SCHEMA


def test_reliability_is_graded_from_the_source(published):
    # every grade is a vocabulary code; the old standard/secondary/low values are gone
    assert set(published["reliability"].to_list()) <= set(RELIABILITIES)
    assert not published.filter(pl.col("reliability").is_in(["standard", "low"])).height
    doubtful = published.filter(pl.col("reliability") == "doubtful")
    assert doubtful.select("indicator", "period").rows() == [("port_teu", "2024")]  # the Q&A site
    assert _one(published, figure_id="b2-r048")["reliability"] == "official"  # www.js.gov.cn
    # the 2022 bulletin on a mirror; the 2023 work report on a mirror
    assert _one(published, figure_id="b1-r012")["reliability"] == "official_repost"
    assert _one(published, figure_id="b1-r014")["reliability"] == "official_repost"
    assert _one(published, figure_id="b1-r092")["reliability"] == "news"  # Xinhua on people.cn
    assert _one(published, figure_id="b2-r002")["reliability"] == "secondary"  # blog citing the yearbook
    assert _one(published, figure_id="b2-r024")["reliability"] == "secondary"  # a forum copy of a bulletin
    # the research notes' SECONDARY markers are honoured
    for row in published.filter(pl.col("notes").str.contains("SECONDARY")).iter_rows(named=True):
        assert row["reliability"] in ("secondary", "doubtful"), row["figure_id"]


def test_reliability_matches_the_rule(published):
    # the stored column is exactly what the rule gives today (never typed per row)
    from taicang_analysis.sources.reliability import grade_sources

    raw_notes = [r["notes"] for r in _raw_all()]
    frame = published.with_columns(notes=pl.Series(raw_notes))
    assert grade_sources(frame)["reliability"].to_list() == published["reliability"].to_list()


def test_german_projects_apart_from_enterprises(published):
    projects = published.filter(pl.col("indicator") == "german_projects")
    firms = published.filter(pl.col("indicator") == "german_firms")
    assert sorted(projects.select("period", "value").rows()) == [
        ("2023-08-07", 489.0), ("2024-09", 29.0)]
    assert set(projects["unit"].to_list()) == {"个"}
    assert set(firms["unit"].to_list()) == {"家"}
    # the second batch's 突破450 (2022-10) and 近500 (2023-08-18) are enterprises, not projects
    assert {"2022-10", "2023-08-18"} <= set(firms["period"].to_list())
    for quote in projects["quote"].to_list():
        assert "项目" in quote or "projects" in quote
    # the 489 projects of 2023-08 must not be read as 489 enterprises
    assert firms.filter(pl.col("value") == 489).is_empty()


def test_year_and_month(published):
    row = _one(published, indicator="port_teu", period="2022", measure="level")
    assert (row["year"], row["month"], row["period_type"]) == (2022, 12, "year")
    row = _one(published, indicator="port_teu", period="2017-09", measure="level")
    assert (row["year"], row["month"], row["period_type"]) == (2017, 9, "ytd")


# --- merge with the analysts' monthly files -----------------------------------------------------

def test_no_monthly_files_gives_the_published_figures(tmp_data, published):
    merged = load_figures(tmp_data, today=TODAY)
    assert set(merged["origin"].to_list()) == {"published"}
    assert merged.height == published.height
    assert merged.columns == [*FIGURE_SCHEMA, *MERGED_EXTRA]


def test_monthly_false_skips_the_folder(tmp_data, published):
    # a broken monthly file is not read when monthly=False
    (tmp_data / "monthly" / "broken.csv").write_text("April\n", encoding="utf-8")
    merged = load_figures(tmp_data, monthly=False)
    assert merged.height == published.height


@pytest.fixture
def analyst_port(tmp_data):
    # SYNTHETIC test value: 812.3 is invented, not a published figure
    write_monthly(
        tmp_data / "monthly", "port_2022.csv",
        [["指标名称", "单位", "2022-12 累计值"], ["太仓港集装箱吞吐量", "万标箱", "812.3"]],
        provenance={"issuer": "太仓市统计局", "report": "2022年12月统计月报",
                    "date": "2023-01-18"},
    )
    return load_figures(tmp_data, today=TODAY)


def test_analyst_figure_takes_precedence(analyst_port, published):
    level_2022 = analyst_port.filter(
        (pl.col("indicator") == "port_teu") & (pl.col("measure") == "level")
        & (pl.col("year") == 2022) & (pl.col("month") == 12))
    row = _one(level_2022)
    assert (row["origin"], row["value"], row["period"]) == ("analyst", 812.3, "2022")
    assert row["period_type"] == "year"
    assert row["unit"] == "万标箱"
    # the published 802.6 is gone …
    assert analyst_port.filter(pl.col("value") == 802.6).is_empty()
    # … and every other published row stays (92 - 1 replaced + 1 analyst row)
    assert analyst_port.height == published.height
    others = analyst_port.filter(pl.col("origin") == "published")
    assert others.height == published.height - 1
    # the published 2022 growth (14%) for the same period is not replaced by a level
    growth = _one(analyst_port, indicator="port_teu", period="2022", measure="growth_pct")
    assert (growth["value"], growth["origin"]) == (14.0, "published")
    # other years of the same series stay published
    row = _one(analyst_port, indicator="port_teu", period="2021", measure="level")
    assert (row["value"], row["origin"]) == (703.8, "published")
    gdp = _one(analyst_port, region="太仓市", indicator="gdp", period="2022", measure="level")
    assert (gdp["value"], gdp["origin"]) == (1653.57, "published")


def test_analyst_rows_keep_their_provenance(analyst_port):
    row = _one(analyst_port, origin="analyst")
    assert "2022年12月统计月报" in row["source_title"]
    assert "太仓市统计局" in row["source_title"]
    assert "2023-01-18" in row["source_title"]
    assert row["source_date"] == "2023-01-18"
    assert row["quote"] == "port_2022.csv 第2行"
    assert row["indicator_zh"] == "太仓港集装箱吞吐量"
    assert (row["release"], row["reliability"], row["region"]) == ("final", "official", "太仓市")
    assert row["flag"] is None
    published_rows = analyst_port.filter(pl.col("origin") == "published")
    # a published figure keeps the date its source title states (sources.published.source_date)
    assert published_rows["source_date"].null_count() < published_rows.height


def test_analyst_growth_and_ytd_rows(tmp_data):
    # SYNTHETIC test values: 4.1 (growth, %) and 17 (count) are invented
    write_monthly(
        tmp_data / "monthly", "m.csv",
        [["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"],
         ["地区生产总值", "亿元", "—", "4.1"],
         ["新引进德资企业", "家", "17", ""]],
        provenance=PROVENANCE,
    )
    merged = load_figures(tmp_data, today=dt.date(2023, 5, 25))  # after the report date 2023-05-20
    mine = merged.filter(pl.col("origin") == "analyst").sort("indicator")
    assert mine.select("indicator", "period", "period_type", "measure", "value", "unit").rows() == [
        ("gdp", "2023-04", "ytd", "growth_pct", 4.1, "%"),
        ("german_firms", "2023-04", "ytd", "count_new", 17.0, "家"),
    ]


def test_analyst_december_actual_does_not_replace_the_target(tmp_data):
    # SYNTHETIC test value: 5.5% GDP growth for 2023 is invented
    write_monthly(
        tmp_data / "monthly", "gdp_2023.csv",
        [["指标名称", "单位", "2023-12 累计增长%"], ["地区生产总值", "亿元", "5.5"]],
        provenance={"issuer": "太仓市统计局", "report": "2023年12月统计月报",
                    "date": "2024-01-20"},
    )
    merged = load_figures(tmp_data, today=dt.date(2024, 2, 1))
    gdp_2023 = merged.filter((pl.col("indicator") == "gdp") & (pl.col("year") == 2023)
                             & (pl.col("region") == "太仓市"))
    # the actual comes in …
    actual = _one(gdp_2023, origin="analyst")
    assert (actual["value"], actual["measure"]) == (5.5, "growth_pct")
    # … and the target of the 2023 work report (增长5%左右) is still there beside it
    target = _one(gdp_2023, release="target")
    assert (target["value"], target["measure"], target["origin"]) == (5.0, "growth_pct",
                                                                      "published")


# --- the panel's flag / accepted columns and region ---------------------------------------------

def _panel(**extra) -> pl.DataFrame:
    # SYNTHETIC panel rows: 812.3 and 4.1 are invented values
    base = {"indicator": ["port_teu", "gdp"], "year": [2023, 2023], "month": [4, 4],
            "ytd_value": [812.3, None], "ytd_growth": [None, 4.1], "unit": ["万标箱", "亿元"],
            "source_file": ["m.csv", "m.csv"], "source_row": [2, 3], "issuer": ["太仓市统计局"] * 2,
            "report": ["SYNTHETIC 月报"] * 2, "report_date": ["2023-05-20"] * 2}
    return pl.DataFrame({**base, **extra})


def test_panel_flag_and_accepted_become_the_figure_flag():
    from taicang_analysis.sources.catalogue import load_indicators
    from taicang_analysis.sources.figures import _monthly_as_figures

    panel = _panel(flag=["单位疑似放大1万倍", None], accepted=["已与统计局核对", None])
    figs = _monthly_as_figures(panel, load_indicators()).sort("indicator")
    assert figs["flag"].to_list() == [None, "单位疑似放大1万倍；分析员已确认：已与统计局核对"]
    accepted_only = _monthly_as_figures(_panel(flag=[None, None], accepted=["", "核对无误"]), load_indicators())
    assert sorted(accepted_only["flag"].to_list(), key=str) == [None, "分析员已确认：核对无误"]


def test_panel_without_flag_columns_and_with_a_region():
    from taicang_analysis.sources.catalogue import load_indicators
    from taicang_analysis.sources.figures import _monthly_as_figures

    figs = _monthly_as_figures(_panel(), load_indicators())
    assert figs["flag"].null_count() == figs.height
    assert set(figs["region"].to_list()) == {"太仓市"}
    assert set(figs["reliability"].to_list()) == {"official"}
    peers = _monthly_as_figures(_panel(region=["昆山市", None]), load_indicators()).sort("indicator")
    assert peers["region"].to_list() == ["太仓市", "昆山市"]
    assert peers.columns == [*FIGURE_SCHEMA, *MERGED_EXTRA]

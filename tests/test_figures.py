"""Published figures (data/figures.csv, derived from data/raw/taicang_sourced.csv) and the merge
with the analysts' monthly files."""

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
from taicang_analysis.sources.figures import (
    FIGURE_SCHEMA,
    MERGED_EXTRA,
    build_published_figures,
    load_figures,
    load_published_figures,
)

RAW = SHIPPED_DATA_DIR / "raw" / "taicang_sourced.csv"


@pytest.fixture(scope="module")
def raw_rows() -> list[dict[str, str]]:
    with RAW.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


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
    header = RAW.parent.parent.joinpath("figures.csv").read_text("utf-8").splitlines()[0]
    assert header.split(",") == list(FIGURE_SCHEMA)


def test_raw_meta_hash_matches():
    meta = json.loads((SHIPPED_DATA_DIR / "raw" / "taicang_sourced.meta.json").read_text("utf-8"))
    assert hashlib.sha256(RAW.read_bytes()).hexdigest() == meta["sha256"]


def test_every_raw_row_appears(published, raw_rows):
    assert published.height == len(raw_rows) == 92
    pairs = {(q, v) for q, v in published.select("quote", "value").iter_rows()}
    for r in raw_rows:
        value = float(r["value"]) if r["value"] else None
        assert (r["quote"], value) in pairs, r["quote"]


def test_values_are_copied_not_computed(published, raw_rows):
    # row i of the derived table is row i of the research file, same period, measure and value
    for r, d in zip(raw_rows, published.iter_rows(named=True), strict=True):
        assert d["period"] == r["period"]
        assert d["measure"] == r["measure"]
        assert d["quote"] == r["quote"]
        assert d["value"] == (float(r["value"]) if r["value"] else None)


# --- every value has its source -----------------------------------------------------------------

def test_every_value_has_url_title_and_quote(published):
    for i, row in enumerate(published.iter_rows(named=True), start=2):
        for column in ("source_url", "source_title", "quote"):
            assert row[column] and row[column].strip(), (i, column)
        assert row["source_url"].startswith(("http://", "https://")), i


def test_quote_carries_the_number(published):
    # where the value is written as digits in the quote, it is there as published
    row = _one(published, indicator="gdp", period="2022", measure="level")
    assert "1653.57" in row["quote"]
    row = _one(published, indicator="port_teu", period="2022", measure="level")
    assert "802.6" in row["quote"]


def test_target_rows_get_the_mirror_url(published):
    targets = published.filter(pl.col("status") == "target")
    assert targets.height == 6
    assert set(targets["source_url"].to_list()) == {
        "http://m.5121177.com/taicang/zfgzbg/202301/21e4fb9cf8fe40b9b18ff15c635e81b9.shtml"}
    assert set(targets["period_type"].to_list()) == {"target"}


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
        pl.col("source_title").str.contains("政府工作报告") & (pl.col("status") != "target"))
    assert report_rows.height >= 15
    assert set(report_rows["status"].to_list()) == {"preliminary"}
    row = _one(published, indicator="gdp", period="2019", measure="level")
    assert (row["value"], row["status"]) == (1410.0, "preliminary")


def test_dec_2022_forecast_is_preliminary(published):
    row = _one(published, indicator="gdp", period="2022", measure="growth_pct",
               value=2.0)
    assert row["status"] == "preliminary"


def test_bulletin_is_final(published):
    row = _one(published, indicator="gdp", period="2022", measure="level")
    assert (row["value"], row["unit"], row["status"]) == (1653.57, "亿元", "final")
    assert "统计公报" in row["source_title"]
    row = _one(published, indicator="gdp", period="2022", measure="growth_pct", value=2.2)
    assert row["status"] == "final"


def test_reliability(published):
    low = published.filter(pl.col("reliability") == "low")
    assert low.select("indicator", "period").rows() == [("port_teu", "2024")]
    secondary = published.filter(pl.col("reliability") == "secondary")
    assert sorted(secondary["value"].to_list()) == [6.8, 1330.72]


def test_german_projects_apart_from_enterprises(published):
    projects = published.filter(pl.col("indicator") == "german_projects")
    firms = published.filter(pl.col("indicator") == "german_firms")
    assert sorted(projects.select("period", "value").rows()) == [
        ("2023-08-07", 489.0), ("2024-09", 29.0)]
    assert set(projects["unit"].to_list()) == {"个"}
    assert set(firms["unit"].to_list()) == {"家"}
    assert firms.height == 13
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
    gdp = _one(analyst_port, indicator="gdp", period="2022", measure="level")
    assert (gdp["value"], gdp["origin"]) == (1653.57, "published")


def test_analyst_rows_keep_their_provenance(analyst_port):
    row = _one(analyst_port, origin="analyst")
    assert "2022年12月统计月报" in row["source_title"]
    assert "太仓市统计局" in row["source_title"]
    assert "2023-01-18" in row["source_title"]
    assert row["source_date"] == "2023-01-18"
    assert row["quote"] == "port_2022.csv 第2行"
    assert row["indicator_zh"] == "太仓港集装箱吞吐量"
    assert row["status"] == "final"
    published_rows = analyst_port.filter(pl.col("origin") == "published")
    assert published_rows["source_date"].null_count() == published_rows.height


def test_analyst_growth_and_ytd_rows(tmp_data):
    # SYNTHETIC test values: 4.1 (growth, %) and 17 (count) are invented
    write_monthly(
        tmp_data / "monthly", "m.csv",
        [["指标名称", "单位", "2023-04 累计值", "2023-04 累计增长%"],
         ["地区生产总值", "亿元", "—", "4.1"],
         ["新引进德资企业", "家", "17", ""]],
        provenance=PROVENANCE,
    )
    merged = load_figures(tmp_data, today=dt.date(2023, 5, 10))
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
    gdp_2023 = merged.filter((pl.col("indicator") == "gdp") & (pl.col("year") == 2023))
    # the actual comes in …
    actual = _one(gdp_2023, origin="analyst")
    assert (actual["value"], actual["measure"]) == (5.5, "growth_pct")
    # … and the target of the 2023 work report (增长5%左右) is still there beside it
    target = _one(gdp_2023, status="target")
    assert (target["value"], target["measure"], target["origin"]) == (5.0, "growth_pct",
                                                                      "published")

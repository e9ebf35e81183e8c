"""The indicator catalogue (data/indicators.csv, taicang_analysis.sources.catalogue)."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import raises_one

from taicang_analysis.sources.catalogue import COLUMNS, load_indicators
from taicang_analysis.vocabulary import KINDS


def test_every_column_is_documented_and_read():
    cat = load_indicators()
    assert list(cat.columns) == list(COLUMNS)
    assert cat["id"].is_unique().all()


def test_facts_of_known_indicators():
    cat = {r["id"]: r for r in load_indicators().iter_rows(named=True)}
    # GDP growth is at comparable prices; 规上工业产值 growth on comparable firms; the port's levels one decimal
    assert cat["gdp"]["price_basis"] == "comparable" and cat["industrial_output"]["price_basis"] == "comparable_firms"
    assert (cat["port_teu"]["unit"], cat["port_teu"]["decimals"]) == ("万标箱", 1)
    assert cat["key_projects"]["count_measure"] == "count_total"
    assert cat["german_firms"]["series_type"] == "count"
    for row in cat.values():
        assert set(filter(None, row["target_kinds"].split("|"))) <= set(KINDS), row["id"]


@pytest.mark.parametrize(("column", "value", "problem"), [
    ("series_type", "stock", "未知的指标类型"),
    ("target_kinds", "growth_rate|speed", "未知的目标类型"),
])
def test_a_bad_value_names_the_row_and_column(tmp_data, column, value, problem):
    path = tmp_data / "indicators.csv"
    frame = pl.read_csv(path, infer_schema=False)
    frame = frame.with_columns(pl.when(pl.col("id") == "gdp").then(pl.lit(value)).otherwise(pl.col(column)).alias(column))
    frame.write_csv(path)
    err = raises_one(lambda: load_indicators(tmp_data))
    assert (err.row, err.column, err.value) == (2, column, value) and problem in err.problem


def test_a_duplicated_id_is_an_error(tmp_data):
    path = tmp_data / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    err = raises_one(lambda: load_indicators(tmp_data))
    assert err.value == "gdp" and "重复" in err.problem

"""The places a figure can be of (``data/places.csv``): Suzhou's county-level cities, districts and
the industrial park, each with its level, the place above it and the other names tables use.

A bureau table's row is a place only when its name (or an alias) is listed here; a comparison of
places is complete only when it holds every place of one parent and levels the source defines.
The whole city (苏州市, 地级市) is context beside its places, never one of them.

Examples
--------
>>> places = load_places()
>>> place_name("高新区"), place_name("吴 江 区"), place_name("全市合计") is None
('虎丘区', '吴江区', True)
>>> sorted(places.filter(pl.col("level") == "县级市")["region"].to_list())
['太仓市', '常熟市', '张家港市', '昆山市']
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl

from taicang_analysis.context import SHIPPED_DATA_DIR, data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once
from taicang_analysis.sources.normalise import normalise_text

PLACES_SCHEMA = {
    "region": pl.String,
    "level": pl.String,
    "parent": pl.String,
    "aliases": pl.String,
    "source_url": pl.String,
    "source_title": pl.String,
    "quote": pl.String,
}
#: the levels a place can have, as the sources name them
LEVELS = ("地级市", "县级市", "区", "县", "县级单位")
_SPACE = re.compile(r"\s+")


def load_places(data: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """The places table, validated (known level, each name once, every row with its source).

    Raises
    ------
    DataFileError
        An unknown level, a name or alias listed twice, a row without its source.
    """
    path = data_dir(data) / "places.csv"
    if not path.exists():  # a data folder without its own list uses the shipped one
        path = SHIPPED_DATA_DIR / "places.csv"
    return read_once(_read_places, path)


def _read_places(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, schema=PLACES_SCHEMA).with_columns(pl.col("aliases").fill_null(""))
    seen: dict[str, int] = {}
    for i, row in enumerate(frame.iter_rows(named=True), start=2):
        if row["level"] not in LEVELS:
            raise DataFileError(path, row=i, column="level", value=row["level"], problem="未知的地区级别",
                                expected="、".join(LEVELS))
        for column in ("source_url", "source_title", "quote"):
            if not row[column]:
                raise DataFileError(path, row=i, column=column, value=row[column], problem="缺少来源",
                                    expected="说明行政区划的来源网址、标题和原文")
        for name in (row["region"], *[a for a in row["aliases"].split("|") if a]):
            key = _key(name)
            if key in seen:
                raise DataFileError(path, row=i, column="aliases", value=name,
                                    problem=f"地名重复, 已在第{seen[key]}行", expected="每个地名只对应一个地区")
            seen[key] = i
    return frame


def _key(name: str) -> str:
    return _SPACE.sub("", normalise_text(name))


def place_names(data: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Every name and alias of every place, normalised (full-width, spaces removed), to its region."""
    out: dict[str, str] = {}
    for row in load_places(data).iter_rows(named=True):
        for name in (row["region"], *[a for a in row["aliases"].split("|") if a]):
            out[_key(name)] = row["region"]
    return out


def place_name(text: str, data: str | os.PathLike[str] | None = None) -> str | None:
    """The region a name stands for (``高新区`` → ``虎丘区``), or None when it is not a listed place."""
    return place_names(data).get(_key(text))

"""The published figures, each with its source: ``data/figures.csv``, built from the research files.

``data/figures.csv`` is derived, never edited by hand: ``python -m taicang_analysis.sources.published``
rebuilds it from the immutable research files ``data/raw/taicang_sourced.csv`` and
``data/raw/taicang_sourced_2.csv`` (each beside its ``.meta.json`` with its SHA-256) and the known
publishers of ``data/publishers.csv``; a test fails if they drift apart. The build only reshapes and
classifies; it never computes a figure (values that follow by arithmetic are made, marked 推算, by
:mod:`taicang_analysis.derive`).

Classification rules (documented here and in the README):

- ``release``: ``target`` for rows that state a target; ``preliminary`` for work-report figures
  (the source title names a 政府工作报告), rows whose research note says "Preliminary" (at its start or
  after ``;`` / ``→``) and rows whose quote says 预计 / 预期; otherwise ``final`` (a figure reported after the
  period closed, e.g. a bulletin).
- ``region``: the place the figure is of (``太仓市`` unless the research file names a peer).
- ``figure_id``: ``b<batch>-r<row>`` — the raw file and its row (as a spreadsheet numbers it), so that
  every value traces back to one line of ``data/raw/``; an analyst's figure is ``m-<file>-<row>``.
- ``quote``: the source's exact words, less the pinyin some mirrors insert after characters.
- ``bound``: ``lower`` where the source says more than / over / 超 / 多 / 突破 ("over 500" is a
  lower bound, not 500); ``approximate`` for almost / nearly / 近; otherwise ``exact``.
- ``reliability``: who published the figure, graded by the rule of
  :mod:`taicang_analysis.sources.reliability` from its URL, title and notes and the known publishers
  of ``data/publishers.csv`` (official / official_repost / news / secondary / doubtful); never typed
  per row. An analyst's figure (the statistics bureau's own report) is ``official``.
- German-funded *projects* (德资项目, unit 个) are kept apart from German *enterprises*
  (德资企业, unit 家): indicator ``german_projects``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl

from taicang_analysis.context import SHIPPED_DATA_DIR, data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once
from taicang_analysis.sources.panel import DEFAULT_REGION
from taicang_analysis.sources.reliability import classify, load_publishers
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

FIGURE_SCHEMA = {
    "figure_id": pl.String,
    "region": pl.String,
    "indicator": pl.String,
    "indicator_zh": pl.String,
    "period": pl.String,
    "period_type": pl.String,
    "year": pl.Int64,
    "month": pl.Int64,
    "measure": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "bound": pl.String,
    "release": pl.String,
    "reliability": pl.String,
    "source_url": pl.String,
    "source_title": pl.String,
    "quote": pl.String,
    "notes": pl.String,
}
_LOWER = ("超", "多", "over", "more than", "突破")
_APPROX = ("近", "almost", "nearly")


def _unit_and_bound(raw_unit: str) -> tuple[str, str, str]:
    """Split '家(超/more than)' into ('家', 'lower', '') and '个(项目)' into ('个', 'exact', '项目')."""
    m = re.match(r"^([^()]*)(?:\((.*)\))?$", raw_unit or "")
    unit, note = (m[1].strip(), (m[2] or "").strip()) if m else (raw_unit, "")
    if unit == "qualitative":
        unit = ""
    low = note.lower()
    if any(w in low for w in _LOWER):
        return unit, "lower", ""
    if any(w in low for w in _APPROX):
        return unit, "approximate", ""
    return unit, "exact", note


#: the immutable research files, in order; a figure's id names its file and row (``b2-r009``)
RAW_BATCHES = (("b1", "taicang_sourced.csv"), ("b2", "taicang_sourced_2.csv"))
_PRELIMINARY_NOTE = re.compile(r"(^|[;→]\s*)preliminary", re.IGNORECASE)
_PRELIMINARY_QUOTE = ("预计", "預計", "预期", "預期")
#: pinyin that some mirrors insert after characters: 實現(xiàn) → 實現
_INSERTED_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\s?)+\)")


def clean_quote(quote: str) -> str:
    """A quote without the pinyin some mirrors insert after characters (a documented normalisation).

    Examples
    --------
    >>> clean_quote("全年實現(xiàn)地區(qū)生產(chǎn)總值1330.72億元")
    '全年實現地區生產總值1330.72億元'
    """
    return _INSERTED_PINYIN.sub("", quote or "")


def _release(is_target: bool, title: str, notes: str, quote: str) -> str:
    if is_target:
        return "target"
    if "政府工作报告" in title or _PRELIMINARY_NOTE.search(notes) or any(w in quote for w in _PRELIMINARY_QUOTE):
        return "preliminary"
    return "final"


def _period(period: str, period_type: str) -> tuple[int, int | None]:
    end = period.split("/")[-1]  # a range "2022-01/2023-08" is dated by its end
    parts = end.split("-")
    month = int(parts[1]) if len(parts) > 1 else (MONTHS_PER_YEAR if period_type == "year" else None)
    return int(parts[0]), month


def build_published_figures(raw_dir: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """Reshape the research files (``data/raw/taicang_sourced*.csv``) into the tidy figures table.

    Parameters
    ----------
    raw_dir
        Folder of the raw files; default the shipped ``data/raw/``.

    Examples
    --------
    >>> fig = build_published_figures()
    >>> row = fig.filter((pl.col("indicator") == "german_firms") & (pl.col("period") == "2025-02-14"))
    >>> row.select("value", "unit", "bound", "region").row(0)
    (550.0, '家', 'lower', '太仓市')
    >>> fig.filter(pl.col("figure_id") == "b2-r009").select("region", "indicator", "period", "value").row(0)
    ('太仓市', 'fai', '2021-09', 395.3)
    """
    folder = Path(raw_dir or SHIPPED_DATA_DIR / "raw")
    publishers = load_publishers(folder.parent)
    out = []
    for tag, name in RAW_BATCHES:
        raw = pl.read_csv(folder / name, infer_schema=False)
        for row_no, r in enumerate(raw.iter_rows(named=True), start=2):
            unit, bound, unit_note = _unit_and_bound(r["unit"])
            ind = r["indicator_id"]
            is_target = ind.endswith("_target")
            ind = ind.removesuffix("_target")
            if ind.startswith("german_firms") and unit == "个":
                ind = "german_projects"
            elif ind.startswith("german_firms"):
                ind = "german_firms"
            notes = r["notes"] or ""
            title = r["source_title"] or ""
            quote = clean_quote(r["quote"] or "")
            year, month = _period(r["period"], r["period_type"])
            url = r["source_url"] or ""
            if not url and is_target:
                # the research notes name the mirrors of the work report in the title
                found = re.search(r"http://m\.5121177\.com\S+?\.shtml", title)
                url = found[0] if found else ""
            reliability = classify(url, title, notes, publishers)[0]
            out.append({
                "figure_id": f"{tag}-r{row_no:03d}", "region": r.get("region") or DEFAULT_REGION,
                "indicator": ind, "indicator_zh": r["indicator_zh"], "period": r["period"],
                "period_type": "target" if is_target else r["period_type"], "year": year,
                "month": month, "measure": r["measure"],
                "value": float(r["value"]) if r["value"] else None, "unit": unit, "bound": bound,
                "release": _release(is_target, title, notes, quote), "reliability": reliability,
                "source_url": url, "source_title": title, "quote": quote,
                "notes": "; ".join(x for x in (notes, unit_note and f"unit: {r['unit']}") if x),
            })
    return pl.DataFrame(out, schema=FIGURE_SCHEMA, orient="row")


def _validate_figures(frame: pl.DataFrame, path: Path) -> None:
    for i, row in enumerate(frame.iter_rows(named=True), start=2):
        for column in ("source_url", "source_title", "quote"):
            if not row[column]:
                raise DataFileError(path, row=i, column=column, value=row[column],
                                    problem="缺少来源 (figure without its source)",
                                    expected="the source's URL, title and the exact quote")
        if row["value"] is None and row["release"] != "target":
            raise DataFileError(path, row=i, column="value", value=row["value"],
                                problem="缺少数值 (no value)", expected="a published number")


def load_published_figures(data: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """The published figures (``data/figures.csv``), validated: every value has a source and quote.

    Examples
    --------
    >>> fig = load_published_figures()
    >>> fig.filter((pl.col("indicator") == "gdp") & (pl.col("period") == "2022")
    ...            & (pl.col("measure") == "level")).select("region", "value").rows()
    [('太仓市', 1653.57), ('常熟市', 2780.0)]
    """
    return read_once(_read_figures, data_dir(data) / "figures.csv")


def _read_figures(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, schema=FIGURE_SCHEMA)
    _validate_figures(frame, path)
    return frame


def main() -> None:
    """Rebuild ``data/figures.csv`` from the research files in ``data/raw/`` and ``data/publishers.csv``."""
    out = SHIPPED_DATA_DIR / "figures.csv"
    build_published_figures().write_csv(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

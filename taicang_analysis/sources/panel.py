"""The monthly panel: the one layout every input layout reads into, and the place a table is of
when it names none.

Each input layout (the analysts' template, the bureau's one-place and places × indicators tables)
reads its file into rows of :data:`PANEL_SCHEMA`; the monthly loader merges them, the plausibility
rules check them and the figures layer turns them into figures. Nothing here reads a file.

Examples
--------
>>> list(PANEL_SCHEMA)[:5]
['indicator', 'year', 'month', 'ytd_value', 'ytd_growth']
>>> DEFAULT_REGION
'太仓市'
"""

from __future__ import annotations

import math
from collections.abc import Callable

import polars as pl

from taicang_analysis.errors import DataFileError

#: the place the package is about: the region of a figure or panel row that names no other place
DEFAULT_REGION = "太仓市"

PANEL_SCHEMA = {
    "indicator": pl.String,
    "year": pl.Int64,
    "month": pl.Int64,
    "ytd_value": pl.Float64,
    "ytd_growth": pl.Float64,
    "unit": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
    "issuer": pl.String,
    "report": pl.String,
    "report_date": pl.String,
    # what a plausibility rule saw, for a value kept with a flag (or accepted); null: nothing seen
    "flag": pl.String,
    # the analyst's reason from an ``accept:`` line of the sidecar; null: not accepted
    "accepted": pl.String,
    # the place a row is of: 太仓市 in the template; a bureau's places × indicators table has Suzhou's
    "region": pl.String,
    # 本月: the month alone, where a bureau's table gives it (checked against the cumulative levels)
    "month_value": pl.Float64,
    # every file that gives this cell's values ("；"-separated, the one kept first); null: source_file alone
    "sources": pl.String,
    # values other files give that differ from the one kept (both values, both files); null: none
    "conflict": pl.String,
}

#: the cell a panel row is: one place, indicator and period
CELL_KEY = ("region", "indicator", "year", "month")
#: the measures of a cell, as an ``accept:`` line names them
MEASURES = {"ytd_value": "value", "ytd_growth": "growth", "month_value": "month"}
MEASURE_ZH = {"ytd_value": "累计值", "ytd_growth": "累计增长%", "month_value": "本月值"}


def as_panel(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame from any layout, in the panel's columns and order (missing columns null; a row
    without a region is :data:`DEFAULT_REGION`'s).

    Examples
    --------
    >>> as_panel(pl.DataFrame({"indicator": ["gdp"], "year": [2023], "month": [4]})).row(0, named=True)["region"]
    '太仓市'
    """
    missing = {c: pl.lit(None, dtype=t) for c, t in PANEL_SCHEMA.items() if c not in frame.columns}
    frame = frame.with_columns(**missing).select(list(PANEL_SCHEMA)).cast(PANEL_SCHEMA)
    return frame.with_columns(pl.col("region").fill_null(DEFAULT_REGION))


def _half_unit(*xs: float) -> float:
    """Half a unit of the last decimal shown by the least precise of ``xs`` (540.8 → 0.05). A
    whole number read as a float may have been written ``4.0``: it sets the precision only when
    every number is whole.

    Examples
    --------
    >>> _half_unit(540.8, 540.83), _half_unit(4.0, 4.2), _half_unit(17641.0, 17640.0)
    (0.05, 0.05, 0.5)
    """
    def shown(x: float) -> int:
        for d in range(7):
            if math.isclose(round(x, d), x, rel_tol=0, abs_tol=1e-9):
                return d
        return 7
    places = [shown(x) for x in xs]
    return 0.5 * 10.0 ** -min([d for d in places if d] or [0])


def _where(rec: dict) -> str:
    return f"{rec['source_file']} 第{rec['source_row']}行, {rec['report_date'] or '未注明日期'}"


def merge_cells(
    frame: pl.DataFrame,
    *,
    accepted: Callable[[str, dict, str], str | None] = lambda file, rec, measure: None,
    path: Callable[[str], object] = str,
) -> pl.DataFrame:
    """Merge the rows of several files cell by cell: one row per (region, indicator, year, month),
    each measure (累计值, 累计增长, 本月) decided on its own, every contributing file kept.

    - Values that agree (within half a unit of the coarser figure's last digit) are one value; the
      later report's is kept and ``sources`` lists every file.
    - Values that differ: the later report date wins and ``conflict`` says both values and both
      files; an undated file loses to a dated one, never silently (its value is in ``conflict``).
    - Values that differ on the same report date (or both undated): a :class:`DataFileError`
      naming both files and both values — unless one file's ``accept:`` line names the cell
      (``accepted(file, row, measure)`` gives its reason): then that file's value wins. Two files
      that each accept a different value stop too.

    Parameters
    ----------
    frame
        Rows of the panel schema from every file (``source_file`` names each).
    accepted
        The reason of an ``accept:`` line of ``file`` for that row's measure (``"value"``,
        ``"growth"``, ``"month"``), else None.
    path
        The path a file name is shown with in an error.

    Examples
    --------
    SYNTHETIC: two files agree on 540.8 / 540.83 and differ on growth (4.2, later; 4.0).

    >>> f = as_panel(pl.DataFrame({"indicator": ["gdp", "gdp"], "year": [2023, 2023], "month": [4, 4],
    ...     "ytd_value": [540.8, 540.83], "ytd_growth": [4.0, 4.2], "source_file": ["a.csv", "b.csv"],
    ...     "source_row": [2, 2], "report_date": ["2023-05-20", "2023-05-25"]}))
    >>> r = merge_cells(f).row(0, named=True)
    >>> r["ytd_value"], r["ytd_growth"], r["sources"]
    (540.83, 4.2, 'b.csv；a.csv')
    >>> r["conflict"]
    '累计增长% 4.0 (a.csv 第2行, 2023-05-20) 与采用的 4.2 (b.csv 第2行, 2023-05-25) 不同'
    """
    frame = as_panel(frame) if "sources" not in frame.columns else frame
    frame = frame.sort("report_date", "source_file", "source_row", nulls_last=False)
    groups: dict[tuple, list[dict]] = {}
    for rec in frame.iter_rows(named=True):
        groups.setdefault(tuple(rec[k] for k in CELL_KEY), []).append(rec)
    out = []
    for recs in groups.values():
        if len(recs) == 1:
            out.append(recs[0])
            continue
        kept = dict(recs[-1])
        conflicts: list[str] = []
        reasons: list[str] = []
        for col, measure in MEASURES.items():
            given = [r for r in recs if r[col] is not None]
            if not given:
                continue
            accepting = [(r, why) for r in given if (why := accepted(r["source_file"], r, measure))]
            values = {r[col] for r, _ in accepting}
            if len(values) > 1:
                (a, _), (b, _) = accepting[0], accepting[-1]
                raise DataFileError(
                    path(b["source_file"]), row=b["source_row"], column=MEASURE_ZH[col], value=b[col],
                    problem=f"两份文件的 accept: 行都接受了这一格, 但数值不同: {a[col]} ({_where(a)}) 与 {b[col]}",
                    expected="只在一份文件的来源说明中用 accept: 接受这一格")
            chosen = accepting[-1][0] if accepting else given[-1]
            if accepting:
                reasons.append(accepting[-1][1])
            for other in given:
                if other is chosen or abs(other[col] - chosen[col]) <= _half_unit(other[col], chosen[col]) + 1e-9:
                    continue
                if not accepting and other["report_date"] == chosen["report_date"]:
                    raise DataFileError(
                        path(chosen["source_file"]), row=chosen["source_row"], column=MEASURE_ZH[col],
                        value=chosen[col],
                        problem=f"{kept['region']} {kept['indicator']} {kept['year']}-{kept['month']:02d} "
                                f"{MEASURE_ZH[col]}: {chosen[col]} 与 {other[col]} ({_where(other)}) 不一致, "
                                "两份文件日期相同, 无法判断哪份是修订",
                        expected="删去或改正其中一份; 或在正确那份的来源说明中加一行 accept: 期别 指标 累计值 | 原因")
                if not accepting:  # an accepted value carries the analyst's reason instead
                    conflicts.append(f"{MEASURE_ZH[col]} {other[col]} ({_where(other)}) 与采用的 {chosen[col]} "
                                     f"({_where(chosen)}) 不同")
            kept[col] = chosen[col]
        kept["sources"] = "；".join(dict.fromkeys(r["source_file"] for r in reversed(recs)))
        kept["conflict"] = "；".join(conflicts) or None
        if reasons:
            kept["accepted"] = "；".join(dict.fromkeys(reasons))
        out.append(kept)
    return pl.DataFrame(out, schema=frame.schema, orient="row").sort(*CELL_KEY)

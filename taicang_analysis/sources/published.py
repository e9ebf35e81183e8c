"""The published figures, each with its source: ``data/figures.csv``, built from the research files.

``data/figures.csv`` is derived, never edited by hand: ``python -m taicang_analysis.sources.published``
rebuilds it from the immutable research files ``data/raw/taicang_sourced.csv``,
``data/raw/taicang_sourced_2.csv`` and ``data/raw/taicang_sourced_3.csv`` (each beside its ``.meta.json``
with its SHA-256), the known publishers of ``data/publishers.csv`` and the release words of
``data/releases.csv``; a test fails if they drift apart. A line of a research file equal to its header
(a header pasted twice) is skipped, and the build says so; any other line is a figure. The build only reshapes and
classifies; it never computes a figure (values that follow by arithmetic are made, marked 推算, by
:mod:`taicang_analysis.derive`).

Classification rules (documented here and in the README):

- ``release``: ``target`` for rows that state a target. Otherwise the words of the quote's clause that
  holds the figure (the clause between ``,`` ``;`` ``。`` marks; the whole quote where the number is not
  written as in the file) are matched against ``data/releases.csv`` (``pattern, release, condition``),
  first matching row wins: 安排 / 计划 / 签约 / 拟 → ``plan``; 将 / 预计将 → ``expectation`` when the
  condition ``named_official`` holds (the title or the research note names an official's post:
  书记, 市长 …). Failing that, ``preliminary`` for work-report figures (the source title names a
  政府工作报告), rows whose research note says "Preliminary" (at its start or after ``;`` / ``→``) and
  rows whose quote says 预计 / 预期; otherwise ``final`` (a figure reported after the period closed,
  e.g. a bulletin). Research notes can only move a figure down the order final > preliminary > plan
  = expectation, never up.
- ``source_date``: the date the source was published, where its title states it: the first full date
  (``2023-04-06`` or ``2025年1月7日``) in the title that is not marked as another date (``event``,
  ``URL dated``, ``~``, ``embeds``); empty where the title gives none.
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

import csv
import os
import re
from pathlib import Path

import polars as pl

from taicang_analysis.context import SHIPPED_DATA_DIR, data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once
from taicang_analysis.sources.panel import DEFAULT_REGION
from taicang_analysis.sources.reliability import classify, load_publishers
from taicang_analysis.vocabulary import MONTHS_PER_YEAR, RELEASES

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
    "source_date": pl.String,
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
RAW_BATCHES = (("b1", "taicang_sourced.csv"), ("b2", "taicang_sourced_2.csv"), ("b3", "taicang_sourced_3.csv"))
#: an official's post named in a title or note: the condition ``named_official`` of ``data/releases.csv``
_OFFICIAL = re.compile(r"书记|書記|市长|市長|区长|區長|县长|縣長|省长|省長|主任|局长|局長|部长|部長|主席")
_CONDITIONS = ("", "named_official")
_CLAUSE = re.compile(r"[,，;；。!！?？]")
_TITLE_DATE = re.compile(r"(event\s*|URL dated\s*|~\s*|embeds\s*)?(\d{4})(?:-(\d{2})-(\d{2})|年(\d{1,2})月(\d{1,2})日)")
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


def load_release_words(data: str | os.PathLike[str] | None = None) -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """The release words (``data/releases.csv``: ``pattern, release, condition, note``), validated.

    Raises
    ------
    DataFileError
        A row whose release is not a vocabulary code, whose condition is unknown or whose pattern is
        not a valid regular expression (file, row, column, value, expected).

    Examples
    --------
    >>> [(p.pattern, r, c) for p, r, c in load_release_words()][:2]
    [('安排', 'plan', ''), ('计划|計劃', 'plan', '')]
    """
    path = Path(data or SHIPPED_DATA_DIR) / "releases.csv"
    frame = pl.read_csv(path, infer_schema=False).with_columns(pl.col("condition").fill_null(""))
    out = []
    for i, r in enumerate(frame.iter_rows(named=True), start=2):
        if r["release"] not in RELEASES or r["release"] in ("target", "derived"):
            raise DataFileError(path, row=i, column="release", value=r["release"],
                                problem="未知的发布性质 (unknown release)", expected="plan / expectation / preliminary / final")
        if r["condition"] not in _CONDITIONS:
            raise DataFileError(path, row=i, column="condition", value=r["condition"],
                                problem="未知的条件 (unknown condition)", expected="empty / named_official")
        try:
            out.append((re.compile(r["pattern"] or ""), r["release"], r["condition"]))
        except re.error as exc:
            raise DataFileError(path, row=i, column="pattern", value=r["pattern"],
                                problem=f"无效的正则表达式 ({exc})", expected="a regular expression") from None
        if not r["pattern"]:
            raise DataFileError(path, row=i, column="pattern", value=r["pattern"],
                                problem="空的匹配词 (empty pattern)", expected="a word or regular expression")
    return tuple(out)


def figure_clause(quote: str, value: str) -> str:
    """The clause of a quote that holds the figure (the whole quote where the number is not in it).

    Examples
    --------
    >>> figure_clause("今年,太仓共安排重点项目183个,计划总投资1643.2亿元", "183")
    '太仓共安排重点项目183个'
    >>> figure_clause("全年实现地区生产总值1065.3亿元", "9")
    '全年实现地区生产总值1065.3亿元'
    """
    for clause in _CLAUSE.split(quote):
        if value and re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", clause):
            return clause
    return quote


def source_date(title: str) -> str:
    """The publication date a source title states (ISO), or ``""`` (see the module's rule).

    Examples
    --------
    >>> source_date("计划总投资1643.2亿元 太仓今年安排重点项目183个 (苏州日报 2023-04-06 A01)")
    '2023-04-06'
    >>> source_date("(江苏省)太仓市人民政府工作报告(2025年1月7日) — 2025 GWR")
    '2025-01-07'
    >>> source_date("2025年太仓(上海)招商会 report (event 2025-02-14; repost)"), source_date("(forum copy)")
    ('', '')
    """
    for m in _TITLE_DATE.finditer(title or ""):
        if m[1]:
            continue
        month, day = (m[3], m[4]) if m[3] else (m[5], m[6])
        return f"{int(m[2]):04d}-{int(month):02d}-{int(day):02d}"
    return ""


def _release(is_target: bool, title: str, notes: str, quote: str, clause: str = "",
             words: tuple[tuple[re.Pattern[str], str, str], ...] = ()) -> str:
    """The release of a figure by the module's rule (see the module docstring).

    Examples
    --------
    >>> words = load_release_words()
    >>> _release(False, "苏州日报", "", "今年,太仓共安排重点项目183个", "太仓共安排重点项目183个", words)
    'plan'
    >>> _release(False, "招商会", "stated by 太仓市委书记", "今年GDP将突破2000亿元", "今年GDP将突破2000亿元", words)
    'expectation'
    >>> _release(False, "招商会", "", "今年GDP将突破2000亿元", "今年GDP将突破2000亿元", words)
    'final'
    """
    if is_target:
        return "target"
    for pattern, release, condition in words:
        if not pattern.search(clause or quote):
            continue
        if condition == "named_official" and not _OFFICIAL.search(f"{title} {notes}"):
            continue
        return release
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
    words = load_release_words(folder.parent)
    out = []
    for tag, name in RAW_BATCHES:
        for row_no, r in read_research_file(folder / name):
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
                "release": _release(is_target, title, notes, quote, figure_clause(quote, r["value"] or ""), words),
                "reliability": reliability,
                "source_url": url, "source_title": title, "quote": quote,
                "notes": "; ".join(x for x in (notes, unit_note and f"unit: {r['unit']}") if x),
                "source_date": source_date(title) or None,
            })
    return pl.DataFrame(out, schema=FIGURE_SCHEMA, orient="row")


def header_repeats(path: str | os.PathLike[str]) -> list[int]:
    """Line numbers of a research file whose cells all equal the header's (a header pasted twice).

    Examples
    --------
    >>> header_repeats(SHIPPED_DATA_DIR / "raw" / "taicang_sourced_3.csv")
    []
    """
    with Path(path).open(encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    return [i for i, cells in enumerate(lines[1:], start=2) if lines and cells == lines[0]]


def read_research_file(path: str | os.PathLike[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a research file with their line numbers (as a spreadsheet numbers them); a line
    equal to the header is skipped (:func:`header_repeats`), an empty cell is ``""``."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        rows = []
        for r in reader:
            line = reader.line_num
            if [r.get(c) for c in header] == list(header):
                continue
            rows.append((line, {k: (v or "") for k, v in r.items()}))
    return rows


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
    for _, name in RAW_BATCHES:
        for line in header_repeats(SHIPPED_DATA_DIR / "raw" / name):
            print(f"跳过 {name} 第{line}行: 与表头相同 (a repeated header line, skipped)")
    build_published_figures().write_csv(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

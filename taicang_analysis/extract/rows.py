"""Rows of the draft: catalogue matching, ids, the output frames, files.

**Catalogue**: a name is matched to ``data/indicators.csv`` (:func:`~taicang_analysis.sources.
catalogue.load_indicators`) — equal to its ``name_zh`` or one of its ``aliases``, else the longest
match of an ``extract_pattern`` — then to the report-prose names in :data:`PROSE_ALIASES` (经济 →
gdp, 居民收入 → disposable_income, 进出口 → trade), which are words of reports, not of bureau tables.
**Ids** (documented rule): an indicator that takes a single target kind keeps its id (``port_teu``,
``german_firms``); otherwise the kind is added — ``_growth`` (growth rate and relative goals),
``_level``, ``_count``, ``_quality`` (qualitative) — so ``gdp_growth``, ``fai_level``,
``trade_quality``. The one goal outside the catalogue that the 2023 registry tracks, 百亿项目, has
the small table :data:`MILESTONE_INDICATORS`. Unknown names come out as they are (simplified), with
id ``target_NN`` (NN = row number) and a note in ``review``; so does a name whose catalogue row does
not take that kind of target or whose unit differs.

A target stated twice with the same name, kind, value, unit and qualifier (a report's own
restatement, ``经济增长预期目标为5%左右``) is kept once.

Output dtypes are those ``polars.read_csv`` gives for a registry file: strings, ``year`` Int64,
``strive`` Boolean, ``value`` / ``value_high`` Int64 when every number is whole, Float64 otherwise.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from taicang_analysis.errors import DataFileError
from taicang_analysis.extract.clauses import Found, bound, measure_of, qualify, read_clauses
from taicang_analysis.extract.normalise import NormalisedText, blank_notes, normalise_report
from taicang_analysis.extract.periods import MULTI_YEAR, target_year
from taicang_analysis.sources.catalogue import load_indicators
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

__all__ = [
    "DRAFT_COLUMNS", "MILESTONE_INDICATORS", "NAME_SPELLINGS", "PROSE_ALIASES", "REGISTRY_COLUMNS",
    "extract_figures", "extract_file", "extract_targets", "extract_to_csv", "figures_to_csv",
    "write_registry",
]

REGISTRY_COLUMNS = (
    "id", "year", "indicator", "measure", "indicator_zh", "indicator_en", "kind", "value",
    "value_high", "unit", "qualifier", "qualifier_zh", "strive", "section", "phrase",
)
#: the draft adds where each row came from and what the reviewer should look at
DRAFT_COLUMNS = (*REGISTRY_COLUMNS, "part", "review")

#: report-prose names of catalogue indicators (fullmatch on the cleaned name): words reports use
#: that a bureau table does not, so they live here rather than in the catalogue's ``aliases``
PROSE_ALIASES: tuple[tuple[str, str], ...] = (
    ("gdp", r"经济|国内生产总值|全市生产总值"),
    ("disposable_income", r"(?:城乡)?居民(?:人均)?(?:可支配)?收入"),
    ("disposable_income_urban", r"城镇居民(?:人均)?可支配收入"),
    ("disposable_income_rural", r"农村居民(?:人均)?可支配收入"),
    ("trade", r"(?:外贸)?进出口|外贸"),
)
#: other spellings of the words at the start of a name, put in before the name is matched to the
#: catalogue: 城镇、农村居民… is 城乡居民… (both, not the 农村 one), 规模工业 is 规模以上工业
NAME_SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"^城镇[、和及与]农村", "城乡"),
    (r"^规模工业", "规模以上工业"),
)
#: milestone goals the catalogue has no row for: (pattern on the name, id, Chinese, English)
MILESTONE_INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    (r"(?:百|100)亿(?:元)?级?(?:以上)?\S*项目", "projects_100yi", "百亿项目",
     "Projects of 10 billion yuan or more (百亿项目)"),
)

_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

# --------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Indicator:
    id: str
    name_zh: str
    name_en: str | None
    unit: str | None
    kinds: tuple[str, ...]
    count_measure: str
    names: frozenset[str]
    pattern: re.Pattern[str] | None


def _catalogue(data: str | os.PathLike[str] | None) -> list[_Indicator]:
    out = []
    for row in load_indicators(data).iter_rows(named=True):
        names = {row["name_zh"], *(a for a in (row["aliases"] or "").split("|") if a)}
        out.append(_Indicator(
            row["id"], row["name_zh"], row["name_en"], row["unit"],
            tuple(k for k in (row["target_kinds"] or "").split("|") if k),
            row["count_measure"] or "", frozenset(names),
            re.compile(row["extract_pattern"]) if row["extract_pattern"] else None))
    return out


def _match(name: str, catalogue: list[_Indicator]) -> _Indicator | None:
    """The catalogue indicator a name stands for (see the module's notes), or None."""
    for pattern, spelling in NAME_SPELLINGS:
        name = re.sub(pattern, spelling, name)
    found = _match_name(name, catalogue)
    place = _PLACE.match(name)
    if found is None and place and place.end() < len(name):
        found = _match_name(name[place.end():], catalogue)  # 通辽市地区生产总值, 苏州城乡…
    return found


# a place name before an indicator's name: 苏州, 通辽市, 吴中区
_PLACE = re.compile(r"^(?:中国|全国|全省|苏州|昆山|太仓|常熟|张家港|吴中|吴江|相城"
                    r"|[\u4e00-\u9fff]{1,4}?[市区县]|[\u4e00-\u9fff]{1,6}?省)(?!生产)")


def _match_name(name: str, catalogue: list[_Indicator]) -> _Indicator | None:
    for ind in catalogue:
        if name in ind.names:
            return ind
    best, best_len = None, 0
    for ind in catalogue:
        m = ind.pattern.search(name) if ind.pattern else None
        if m and len(m.group()) > best_len:
            best, best_len = ind, len(m.group())
    if best is not None:
        return best
    by_id = {ind.id: ind for ind in catalogue}
    for ind_id, pattern in PROSE_ALIASES:
        if ind_id in by_id and re.fullmatch(pattern, name):
            return by_id[ind_id]
    return None


_ID_SUFFIX = {"growth_rate": "_growth", "relative": "_growth", "level": "_level", "count": "_count",
              "qualitative": "_quality"}


# --------------------------------------------------------------------------------------------
# Rows and frames
# --------------------------------------------------------------------------------------------
def _target_row(f: Found, number: int, year: int | None, catalogue: list[_Indicator],
                norm: NormalisedText) -> dict[str, object]:
    review: list[str] = []
    ind = _match(f.name, catalogue)
    milestone = next(((i, zh, en) for pattern, i, zh, en in MILESTONE_INDICATORS
                      if f.qualifier == "milestone" and re.fullmatch(pattern, f.name)), None)
    if milestone is not None:
        target_id = indicator = milestone[0]
        name_zh, name_en, measure = milestone[1], milestone[2], "count_new"
    elif ind is not None:
        indicator = ind.id
        target_id = ind.id if len(ind.kinds) <= 1 else ind.id + _ID_SUFFIX[f.kind]
        name_zh, name_en = ind.name_zh, ind.name_en
        measure = measure_of(f, ind.count_measure)
        if ind.kinds and f.kind not in ind.kinds:
            review.append(f"目录中该指标没有此类目标({f.kind})")
        if f.kind == "level" and ind.unit and f.unit != ind.unit:
            review.append(f"单位与目录不同(目录为{ind.unit})")
    else:
        target_id = indicator = f"target_{number:02d}"
        name_zh, name_en = f.name, None
        measure = measure_of(f, "")
        review.append("指标不在目录中,请核对名称")
    if year is None:
        review.append("文中未写明目标年份,请核对年份")
    qualifier, qualifier_zh = qualify(f)
    return {
        "id": target_id, "year": year, "indicator": indicator, "measure": measure,
        "indicator_zh": name_zh, "indicator_en": name_en, "kind": f.kind,
        "value": f.value, "value_high": f.value_high, "unit": f.unit,
        "qualifier": qualifier, "qualifier_zh": qualifier_zh, "strive": f.strive,
        "section": f.piece.section, "phrase": norm.source(f.start, f.end),
        "part": f.part, "review": ";".join(review) or None,
    }


def _number_dtype(values: list[object]) -> type[pl.DataType]:
    """Int64 when every number is whole (as read_csv would infer), else Float64."""
    return pl.Float64 if any(isinstance(v, float) for v in values) else pl.Int64


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    schema: dict[str, type[pl.DataType]] = {c: pl.String for c in DRAFT_COLUMNS}
    schema["year"] = pl.Int64
    schema["strive"] = pl.Boolean
    for col in ("value", "value_high"):
        schema[col] = _number_dtype([r[col] for r in rows])
        if schema[col] is pl.Float64:
            for r in rows:
                r[col] = None if r[col] is None else float(r[col])  # type: ignore[arg-type]
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _parse(text: str, year: int | None) -> tuple[NormalisedText, str, int | None, list[Found]]:
    norm = normalise_report(text)
    parse = blank_notes(norm.text)
    if year is None:
        year = target_year(norm.text)
    return norm, parse, year, read_clauses(norm, parse, year)


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------
def extract_targets(
    text: str,
    *,
    year: int | None = None,
    parts: tuple[str, ...] = ("targets",),
    data: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Read the targets of a work report into a draft registry.

    Parameters
    ----------
    text
        The report, its target part or a press text about it, as pasted (see the module's notes).
    year
        The year the targets are for. When omitted it is read from the text (``2023年是…``,
        ``2023年目标任务…``, ``…2022年国民经济和社会发展计划草案``; else the year of a review heading
        plus one); if the text does not say, it is null.
    parts
        The parts to read targets from (:data:`PARTS`); by default only the target part.
    data
        Data folder whose ``indicators.csv`` names the indicators (default: the shipped one).

    Returns
    -------
    polars.DataFrame
        The columns of ``data/targets/<year>.csv`` plus ``part`` and ``review``
        (:data:`DRAFT_COLUMNS`), one row per target in the order the report states them.

    Examples
    --------
    >>> text = "一、突出经济提质。力争完成全社会固定资产投资520亿元、工业投资200亿元。"
    >>> df = extract_targets(text, year=2023)
    >>> df.select("id", "value", "qualifier", "strive").rows()
    [('fai_level', 520, 'strive', True), ('industrial_investment_level', 200, 'strive', True)]
    >>> df["phrase"].to_list()
    ['力争完成全社会固定资产投资520亿元', '工业投资200亿元']
    >>> extract_targets("昆山將經濟增長目標設為6%以上").select("id", "value", "qualifier").row(0)
    ('gdp_growth', 6, 'at_least')
    >>> extract_targets("城镇调查失业率控制在5.5%以内", year=2023).select("kind", "unit", "qualifier", "review").row(0)
    ('level', '%', 'at_most', '指标不在目录中,请核对名称')
    >>> extract_targets("加快建设七十二家村,举办对德合作30周年活动。").height
    0
    """
    norm, _parse_text, year, found = _parse(text, year)
    catalogue = _catalogue(data)
    chosen = [f for f in found if f.part in parts]
    rows: list[dict[str, object]] = []
    seen: set[tuple[object, ...]] = set()
    for f in chosen:
        row = _target_row(f, len(rows) + 1, year, catalogue, norm)
        key = (row["part"], row["indicator"] if not str(row["indicator"]).startswith("target_")
               else row["indicator_zh"], row["kind"], row["value"], row["value_high"], row["unit"],
               row["qualifier"])
        if key in seen:
            continue  # the report restating a target
        seen.add(key)
        rows.append(row)
    _unique_ids(rows)
    return _frame(rows)


def _unique_ids(rows: list[dict[str, object]]) -> None:
    """Unknown indicators are numbered by row. A catalogue id goes to the row judged a target; a
    row of another part takes the part as a suffix (``gdp_growth_review``), so last year's figure
    never holds the id meant for this year's target; a known one stated twice gets ``_2``, ``_3`` …"""
    seen: dict[object, int] = {}
    for number, row in enumerate(rows, start=1):
        if str(row["id"]).startswith("target_"):
            row["id"] = row["indicator"] = f"target_{number:02d}"
            continue
        if row["part"] != "targets":
            row["id"] = f"{row['id']}_{row['part']}"
        seen[row["id"]] = seen.get(row["id"], 0) + 1
        if seen[row["id"]] > 1:
            row["id"] = f"{row['id']}_{seen[row['id']]}"
            note = "同一指标在文中出现多次,请核对"
            row["review"] = f"{row['review']};{note}" if row["review"] else note


def extract_figures(
    text: str,
    *,
    year: int | None = None,
    source_url: str | None = None,
    source_title: str | None = None,
    region: str | None = None,
    data: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Draft last year's figures from the review part of a work report.

    Only indicators of the catalogue are drafted (counts only under the catalogue's own names), only
    statements of one year (not 年均, 累计, 五年 …) and not last year's *targets* (a piece that says
    目标). Every row is ``preliminary`` (a work report gives 预计数) and keeps its quote.

    Parameters
    ----------
    text
        The report (or press text) as pasted.
    year
        The year the report's *targets* are for (the figures are for the year before, unless a
        sentence names its year). Read from the text when omitted.
    source_url, source_title
        The report's address and title, copied into every row (fill them in before saving). The
        rows' ``reliability`` is graded from them by the one rule of
        :mod:`taicang_analysis.sources.reliability` (``secondary`` while neither names a publisher).
    region
        The place the figures are of; default the package's home region (太仓市).
    data
        Data folder whose ``indicators.csv`` names the indicators.

    Returns
    -------
    polars.DataFrame
        The layout of ``data/figures.csv`` (:data:`~taicang_analysis.sources.published.FIGURE_SCHEMA`):
        indicator, period (the year), measure ``level`` / ``growth_pct`` / a count measure, value,
        unit, bound (``approximate`` for 左右, ``lower`` for 以上 / 超 / 突破), release
        ``preliminary``, the quote.

    Examples
    --------
    >>> text = "2022年政府工作回顾\\n全年实现地区生产总值1410亿元(预计数,下同),增长6%。"
    >>> extract_figures(text, year=2023).select("indicator", "period", "measure", "value", "unit").rows()
    [('gdp', '2022', 'level', 1410.0, '亿元'), ('gdp', '2022', 'growth_pct', 6.0, '%')]
    >>> extract_figures(text, year=2023)["quote"].to_list()[1]
    '全年实现地区生产总值1410亿元(预计数,下同),增长6%'
    """
    from taicang_analysis.sources import published as fig
    from taicang_analysis.sources.reliability import grade, load_publishers

    norm, parse, year, found = _parse(text, year)
    catalogue = _catalogue(data)
    release = "release" if "release" in fig.FIGURE_SCHEMA else "status"
    rows: list[dict[str, object]] = []
    seen: set[tuple[object, ...]] = set()
    reliability = grade(source_url, source_title, publishers=load_publishers(data))
    for f in found:
        if f.part != "review" or f.kind not in ("growth_rate", "level", "count"):
            continue
        if f.qualifier == "milestone":
            continue
        quote_start = f.name_from if f.name_from is not None else f.start
        quote = norm.source(quote_start, f.end)
        if MULTI_YEAR.search(parse[f.start:f.end]) or "目标" in parse[f.piece.start:f.piece.end]:
            continue  # several years, or last year's target rather than its outturn
        ind = _match(f.name, catalogue)
        if ind is None or (f.kind == "count" and f.name not in ind.names):
            continue  # counts only under the catalogue's own names (省级示范智能车间 is not all)
        figure_year = f.piece.year if f.piece.year is not None and (
            year is None or f.piece.year < year) else (year - 1 if year is not None else None)
        value = float(f.value) if f.value is not None else None
        measure = measure_of(f, ind.count_measure)
        if measure == "decline_pct" and value is not None:
            measure, value = "growth_pct", -value
        notes = ["工作报告回顾部分草稿,待核 (draft from the report's review part)"]
        if f.kind == "level" and ind.unit and f.unit != ind.unit:
            notes.append(f"单位与目录不同(目录为{ind.unit})")
        key = (ind.id, measure, figure_year, value)
        if key in seen:
            continue
        seen.add(key)
        row = {
            "figure_id": f"draft-{len(rows) + 1:02d}",
            "region": region if region is not None else getattr(fig, "DEFAULT_REGION", None),
            "indicator": ind.id, "indicator_zh": ind.name_zh,
            "period": str(figure_year) if figure_year is not None else None,
            "period_type": "year", "year": figure_year,
            "month": MONTHS_PER_YEAR if figure_year is not None else None,
            "measure": measure, "value": value, "unit": f.unit, "bound": bound(f.words),
            release: "preliminary", "reliability": reliability,
            "source_url": source_url, "source_title": source_title,
            "quote": quote, "notes": "; ".join(notes),
        }
        rows.append({c: row.get(c) for c in fig.FIGURE_SCHEMA})
    return pl.DataFrame(rows, schema=fig.FIGURE_SCHEMA, orient="row") if rows else pl.DataFrame(
        schema=fig.FIGURE_SCHEMA)



def _read_text(path: Path) -> str:
    """A report's text file (UTF-8, a byte-order mark allowed); a clear error otherwise."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(path, problem="文件不是UTF-8编码的文本 (not a UTF-8 text file)",
                            expected="the report's text saved as UTF-8 (另存为 UTF-8)",
                            value=f"byte {exc.start}") from None


def _year_of_file(path: Path, text: str) -> int | None:
    if target_year(normalise_report(text).text) is not None:
        return None  # the text says
    match = _YEAR_IN_NAME.search(path.name)
    return int(match.group(1)) if match else None


def extract_file(path: str | os.PathLike[str], *, year: int | None = None) -> pl.DataFrame:
    """:func:`extract_targets` on a UTF-8 text file (a byte-order mark is allowed).

    Parameters
    ----------
    path
        The report text.
    year
        The targets' year; by default read from the text, else from a year in the file name
        (``gwr_2023_excerpt.txt``).

    Returns
    -------
    polars.DataFrame
        The draft registry.

    Raises
    ------
    DataFileError
        The file is not UTF-8 text.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> df = extract_file(SHIPPED_DATA_DIR / "raw" / "gwr_2023_excerpt.txt")
    >>> df.height, df["year"].unique().to_list()
    (20, [2023])
    """
    path = Path(path)
    text = _read_text(path)
    return extract_targets(text, year=year if year is not None else _year_of_file(path, text))


def write_registry(frame: pl.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a registry (or draft figures) as CSV, UTF-8 with a byte-order mark for Excel.

    Parameters
    ----------
    frame
        A registry, e.g. from :func:`extract_targets`.
    path
        Where to write; parent folders are created.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "draft.csv"
    >>> _ = write_registry(extract_targets("新增产业基金5支。", year=2023), out)
    >>> out.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    >>> pl.read_csv(out)["id"].to_list()
    ['industrial_funds']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path, include_bom=True)
    return path


def extract_to_csv(
    path_in: str | os.PathLike[str],
    path_out: str | os.PathLike[str] | None = None,
    *,
    year: int | None = None,
) -> Path:
    """Read a report text file and write its draft registry as CSV (UTF-8 with BOM).

    Parameters
    ----------
    path_in
        The report text (UTF-8).
    path_out
        Where to write. Default: beside the input, ``<name>.targets.csv``.
    year
        The targets' year; by default read as in :func:`extract_file`.

    Returns
    -------
    pathlib.Path
        The CSV written.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> src = folder / "gwr_2024.txt"
    >>> _ = src.write_text("主要预期目标是:地区生产总值增长５％左右。", encoding="utf-8")
    >>> out = extract_to_csv(src)
    >>> out.name
    'gwr_2024.targets.csv'
    >>> pl.read_csv(out).select("id", "year", "value", "unit", "qualifier").row(0)
    ('gdp_growth', 2024, 5, '%', 'about')
    """
    path_in = Path(path_in)
    frame = extract_file(path_in, year=year)
    out = Path(path_out) if path_out is not None else path_in.with_suffix(".targets.csv")
    return write_registry(frame, out)


def figures_to_csv(
    path_in: str | os.PathLike[str],
    path_out: str | os.PathLike[str] | None = None,
    *,
    year: int | None = None,
    source_url: str | None = None,
    source_title: str | None = None,
) -> Path:
    """Read a report text file and write last year's draft figures as CSV (UTF-8 with BOM).

    Parameters
    ----------
    path_in
        The report text (UTF-8).
    path_out
        Where to write. Default: beside the input, ``<name>.figures.csv``.
    year
        The year of the report's targets (figures are for the year before); by default read as
        in :func:`extract_file`.
    source_url, source_title
        Copied into every row.

    Returns
    -------
    pathlib.Path
        The CSV written.

    Examples
    --------
    >>> import tempfile
    >>> src = Path(tempfile.mkdtemp()) / "gwr_2024.txt"
    >>> _ = src.write_text("2023年工作回顾\\n完成一般公共预算收入180亿元。", encoding="utf-8")
    >>> pl.read_csv(figures_to_csv(src)).select("indicator", "period", "value").row(0)
    ('budget_revenue', 2023, 180.0)
    """
    path_in = Path(path_in)
    text = _read_text(path_in)
    frame = extract_figures(text, year=year if year is not None else _year_of_file(path_in, text),
                            source_url=source_url, source_title=source_title)
    out = Path(path_out) if path_out is not None else path_in.with_suffix(".figures.csv")
    return write_registry(frame, out)

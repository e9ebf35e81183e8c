"""Who published a figure: a reliability grade derived from its source by one documented rule.

The grade is never typed per row. It follows from the figure's ``source_url``, ``source_title`` and
``notes`` and a small table of known publishers, ``data/publishers.csv``
(``match, pattern, grade, note``):

1. **host** rows: the URL's host is the pattern or ends with ``.pattern`` (``gov.cn`` covers
   ``www.js.gov.cn``); the longest matching pattern wins. A known host decides the grade, whatever
   the title says (a bulletin copied on a forum is a forum copy: 二手资料).
2. **title** rows, for a host the table does not know (a mirror): the first row, in file order,
   whose regular expression is found in the title (case-insensitive). An official text (work
   report, statistical bulletin, a government page) on a mirror is ``official_repost``; a named
   news outlet or a reporter's byline is ``news``.
3. Neither: ``secondary`` — a page whose publisher we cannot name is a copy of unknown origin.
4. **notes** rows (case-sensitive, the research file's upper-case markers such as
   ``LOW RELIABILITY``) cap the grade: the figure gets the worse of step 1–3 and the note's grade.

Grades, best first, are the vocabulary's ``reliability`` codes: ``official`` (官方发布),
``official_repost`` (官方转载), ``news`` (媒体报道), ``secondary`` (二手资料), ``doubtful`` (存疑).
A figure flagged by a consistency check becomes ``doubtful`` later
(:func:`taicang_analysis.consistency.apply_flags`); an analyst's figure, copied from the statistics
bureau's own report, is ``official``.

Examples
--------
>>> grade("https://www.js.gov.cn/art/2024/1/22/x.html", "江苏省政府网")
'official'
>>> grade("http://mirror.example/x.shtml", "2022年太仓市国民经济和社会发展统计公报 (mirror)")
'official_repost'
>>> grade("http://mirror.example/x.html", "太仓港 (本报讯 记者 某某, repost)")
'news'
>>> grade("https://www.chaxiaohao.com/read-1.html", "Q&A page")
'doubtful'
>>> grade("http://unknown.example/1.html", "(2015-01-19 news)")
'secondary'
>>> grade("https://wanbiaoku.com/new/1", "苏州各区市GDP概览", "LOW RELIABILITY")
'doubtful'
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

import polars as pl

from taicang_analysis.context import SHIPPED_DATA_DIR, data_dir
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.files import read_once
from taicang_analysis.vocabulary import RELIABILITIES

PUBLISHERS_FILE = "publishers.csv"
MATCHES = ("host", "title", "notes")
#: the grade of a source whose publisher is neither in the table nor named in its title
DEFAULT_GRADE = "secondary"
#: rank of each grade, best first (the vocabulary's order)
RANK = {code: i for i, code in enumerate(RELIABILITIES)}
PUBLISHER_SCHEMA = {"match": pl.String, "pattern": pl.String, "grade": pl.String, "note": pl.String}


class Publisher(NamedTuple):
    """One row of ``data/publishers.csv``, its pattern compiled."""

    match: str
    pattern: str
    grade: str
    note: str
    regex: re.Pattern[str] | None
    row: int


def publishers_path(data: str | os.PathLike[str] | None = None) -> Path:
    """``publishers.csv`` of a data folder, or the shipped one when the folder has none."""
    path = data_dir(data) / PUBLISHERS_FILE
    return path if path.exists() else SHIPPED_DATA_DIR / PUBLISHERS_FILE


def load_publishers(data: str | os.PathLike[str] | None = None) -> tuple[Publisher, ...]:
    """The known publishers (``data/publishers.csv``), validated.

    Raises
    ------
    DataFileError
        A row whose ``match`` is not host/title/notes, whose ``grade`` is not a reliability code,
        or whose pattern is not a valid regular expression (file, row, column, value, expected).

    Examples
    --------
    >>> rows = load_publishers()
    >>> [(p.match, p.pattern, p.grade) for p in rows if p.pattern == "gov.cn"]
    [('host', 'gov.cn', 'official')]
    """
    path = publishers_path(data)
    return read_once(_read_publishers, path)


def _read_publishers(path: Path) -> tuple[Publisher, ...]:
    frame = pl.read_csv(path, schema=PUBLISHER_SCHEMA).with_columns(pl.col("note").fill_null(""))
    out = []
    for i, r in enumerate(frame.iter_rows(named=True), start=2):
        if r["match"] not in MATCHES:
            raise DataFileError(path, row=i, column="match", value=r["match"],
                                problem="未知的匹配方式 (unknown match)", expected=" / ".join(MATCHES))
        if r["grade"] not in RELIABILITIES:
            raise DataFileError(path, row=i, column="grade", value=r["grade"],
                                problem="未知的可靠性等级 (unknown grade)", expected=" / ".join(RELIABILITIES))
        if not r["pattern"]:
            raise DataFileError(path, row=i, column="pattern", value=r["pattern"],
                                problem="缺少匹配内容 (empty pattern)", expected="a host or a regular expression")
        regex = None
        if r["match"] != "host":
            try:
                regex = re.compile(r["pattern"], re.IGNORECASE if r["match"] == "title" else 0)
            except re.error as exc:
                raise DataFileError(path, row=i, column="pattern", value=r["pattern"],
                                    problem=f"正则表达式无效 (invalid regular expression: {exc})",
                                    expected="a Python regular expression") from None
        out.append(Publisher(r["match"], r["pattern"].strip().lower() if r["match"] == "host" else r["pattern"],
                             r["grade"], r["note"], regex, i))
    return tuple(out)


def _host(url: str) -> str:
    m = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", (url or "").strip(), re.IGNORECASE)
    return m[1].lower() if m else ""


def classify(url: str | None, title: str | None, notes: str | None = None,
             publishers: tuple[Publisher, ...] | None = None) -> tuple[str, str]:
    """The grade of one source and the rule that gave it (``"host gov.cn"``, ``"title row 21"``,
    ``"default"``; ``" + notes row 23"`` when a note capped it).

    Examples
    --------
    >>> classify("http://m.example/x", "太仓市2019年政府工作报告 (third-party copy)")
    ('official_repost', 'title row 21')
    >>> classify("http://www.techcraziers.com/n1.htm", "blog", "SECONDARY; conflicts")
    ('secondary', 'host techcraziers.com + notes row 24')
    """
    table = load_publishers() if publishers is None else publishers
    host = _host(url or "")
    grade, why = None, "default"
    hosts = [p for p in table if p.match == "host" and host and (host == p.pattern or host.endswith("." + p.pattern))]
    if hosts:
        best = max(hosts, key=lambda p: len(p.pattern))
        grade, why = best.grade, f"host {best.pattern}"
    else:
        for p in table:
            if p.match == "title" and p.regex is not None and p.regex.search(title or ""):
                grade, why = p.grade, f"title row {p.row}"
                break
    grade = grade or DEFAULT_GRADE
    for p in table:
        if p.match == "notes" and p.regex is not None and p.regex.search(notes or ""):
            grade = worst([grade, p.grade])
            why += f" + notes row {p.row}"
    return grade, why


def grade(url: str | None, title: str | None, notes: str | None = None,
          publishers: tuple[Publisher, ...] | None = None) -> str:
    """The reliability grade of one source (see the module's rule)."""
    return classify(url, title, notes, publishers)[0]


def grade_sources(frame: pl.DataFrame, publishers: tuple[Publisher, ...] | None = None) -> pl.DataFrame:
    """``frame`` with ``reliability`` (the grade) and ``reliability_rule`` (which rule gave it), from its
    ``source_url``, ``source_title`` and ``notes`` columns — for the methods appendix.

    Examples
    --------
    >>> f = pl.DataFrame({"source_url": ["https://www.js.gov.cn/a"], "source_title": ["江苏省政府网"],
    ...                   "notes": [None]})
    >>> grade_sources(f).select("reliability", "reliability_rule").row(0)
    ('official', 'host gov.cn')
    """
    table = load_publishers() if publishers is None else publishers
    cols = [c if c in frame.columns else None for c in ("source_url", "source_title", "notes")]
    rows = zip(*[frame[c].to_list() if c else [None] * frame.height for c in cols], strict=True)
    graded = [classify(u, t, n, table) for u, t, n in rows]
    return frame.with_columns(
        reliability=pl.Series([g for g, _ in graded], dtype=pl.String),
        reliability_rule=pl.Series([w for _, w in graded], dtype=pl.String),
    )


def worst(grades: list[str | None]) -> str:
    """The worst of several grades (a value derived from several figures is as reliable as its
    least reliable input).

    Examples
    --------
    >>> worst(["official", "news", "official_repost"])
    'news'
    """
    known = [g for g in grades if g in RANK]
    return max(known, key=RANK.__getitem__) if known else DEFAULT_GRADE

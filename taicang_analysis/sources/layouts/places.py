"""地区×指标: places × indicators — Suzhou's「各市、区主要经济指标」::

    2023年1-4月各市、区主要经济指标
    地区   | 地区生产总值(亿元) |       | 一般公共预算收入(亿元) |       <- indicator, merged over 2 cols
           | 1-4月             | 增长%  | 1-4月                 | 增长%
    张家港市 | …               | …     | …                     | …
    太仓市  | …                | …     | …                     | …
    全市    | …                | …     | …                     | …

A row is a place only if ``data/places.csv`` lists it (by name or alias: ``高新区`` is ``虎丘区``,
``吴 江 区`` is ``吴江区``); any other row (a total, a development zone) is listed as unused.

Examples
--------
>>> h = detect([["地区", "地区生产总值", "地区生产总值"], ["地区", "1-4月", "增长%"]])
>>> h.layout, h.rows
('places', 2)
"""

from __future__ import annotations

from collections.abc import Sequence

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.layouts import common as c
from taicang_analysis.sources.places import place_name

NAME = "places"
DESCRIPTION = ("地区×指标 (「各市、区主要经济指标」): 表头第一行「地区 | 地区生产总值 | … 」, "
               "第二行「1-4月 | 增长%」, 每个市、区一行")


def detect(rows: Sequence[Sequence[object]]) -> c.Header | None:
    """The header: the first cell labelled as the place column (``地区``, ``各市、区`` …); else a
    row of labels over a first column of place names (an empty top-left cell), as a guess."""
    head = c.labelled_header(rows, c.PLACE_LABELS, NAME)
    if head is not None or any(c.TEMPLATE_LABEL.match(c.text(x)) for r in rows[:c.HEAD_SCAN] for x in r):
        return head
    for i, row in enumerate(rows[:c.HEAD_SCAN]):
        texts = [c.text(x) for x in row]
        if len(texts) < 2 or texts[0] or not any(texts[1:]):
            continue
        below = [c.text(r[0]) if r else "" for r in rows[i + 1:i + 12]]
        if len([t for t in below if c.PLACE_VALUE.match(t)]) >= 2:
            return c.Header(NAME, i, c.header_depth(rows, i, 0), 0, guess=True)
    return None


def header(file: str, rows: Sequence[Sequence[object]], head: c.Header, catalogue: c.Catalogue) -> c.Columns:
    """The indicator of each column (the label above, merged over its columns), its role from the
    label below (``1-4月``, ``增长%``), and the unit in the label's brackets.

    Raises
    ------
    NoLayout
        No indicator column at all.
    DataFileError
        Two columns of one indicator with the same meaning.
    """
    top = list(rows[head.row])
    sub = list(rows[head.row + 1]) if head.rows == 2 else []
    width = max(len(top), len(sub))
    top_texts = [c.text(x) for x in top] + [""] * (width - len(top))
    sub_texts = [c.text(x) for x in sub] + [""] * (width - len(sub))
    for j in range(1, width):  # merged indicator header: blank on the right in a CSV
        if not top_texts[j] and j != head.key_col and j - 1 != head.key_col:
            top_texts[j] = top_texts[j - 1]
    periods: list[c.Period] = []
    columns: list[c.Column] = []
    skipped: list[tuple[str, str]] = []
    current: tuple[dict[str, object] | None, str | None, str] | None = None
    current_text = ""
    groups: dict[str, list[tuple[int, c.Label, str]]] = {}
    for j in range(width):
        if j == head.key_col or not top_texts[j]:
            continue
        t = top_texts[j]
        lab_top = c.classify(t)
        if head.rows == 1 and lab_top.kind == "growth" and current is not None:
            lab = lab_top  # "增长%" after an indicator column
        else:
            if t != current_text:
                current = catalogue.find(t)
                current_text = t
                if current[0] is None and (current[2], t) not in skipped:
                    skipped.append((f"列「{t}」", current[2]))
            lab = c.classify(sub_texts[j]) if head.rows == 2 else c.Label("value")
            if head.rows == 2 and lab.kind is None and not sub_texts[j]:
                lab = c.Label("value")
        assert current is not None
        info, unit, _ = current
        if info is None:
            continue
        label_text = "/".join(x for x in dict.fromkeys((t, sub_texts[j])) if x)
        groups.setdefault(str(info["id"]), []).append((j, lab, label_text))
        columns.append(c.Column(j, "", label_text, info, unit or lab.unit))
    by_index = {col.index: col for col in columns}
    out: list[c.Column] = []
    for ind_id, labels in groups.items():
        taken: dict[str, str] = {}
        for j, role, lab, label_text in c.resolve(labels):
            if lab.month is not None or lab.year is not None:
                periods.append(c.Period("表头", label_text, lab.year, lab.month))
            if role == "month_growth":
                continue
            if role in taken:
                raise DataFileError(file, row=head.row + 1, column=label_text, value=label_text,
                                    problem=f"{ind_id} 两列都是{c.ROLE_ZH[role]}: 「{taken[role]}」和「{label_text}」",
                                    expected="每个指标的本月、累计、累计增长各一列")
            taken[role] = label_text
            col = by_index[j]
            col.role = role
            out.append(col)
    if not out and not skipped:
        raise c.NoLayout(file, rows, "表头里找不到指标列 (no indicator columns in the header)")
    return c.Columns(out, None, periods, skipped)


def cells(rows: Sequence[Sequence[object]], head: c.Header, cols: c.Columns, ctx: c.Context):
    """Each row below the header is a place (as written, padding spaces removed); each column
    group an indicator. Returns (records, skipped, notes)."""
    records: list[dict[str, object]] = []
    notes: list[str] = []
    seen: dict[str, int] = {}
    key_column = c.text(rows[head.row][head.key_col])
    skipped: list[tuple[str, str]] = []
    for row_no, row, written in c.data_rows(rows, head, cols, notes):
        region = place_name(written, ctx.data)
        if region is None:  # a row is a place only if data/places.csv lists it
            skipped.append((f"第{row_no}行", written))
            continue
        if region in seen:
            raise c.duplicate(ctx.file, row_no, key_column, region, seen[region])
        seen[region] = row_no
        by_ind: dict[str, dict[str, object]] = {}
        for col in cols.columns:
            assert col.indicator is not None
            rec = by_ind.setdefault(str(col.indicator["id"]),
                                    c.record(ctx, col.indicator, region, row_no, col.unit or ""))
            if col.unit and not rec["_unit"]:
                rec["_unit"] = col.unit
            c.fill(rec, col.role, c.number(ctx.file, row_no, col.label, c.cell(row, col.index),
                                           percent=col.role == "growth"))
        records.extend(c.finish(ctx, list(by_ind.values()), row_no, None))
    return records, skipped, notes

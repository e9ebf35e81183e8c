"""一地一月: one place, one month — the county's 统计月报「主要经济指标」::

    太仓市2023年1-4月主要经济指标                       <- title: place, year, months
    单位: 亿元、%                                        <- optional unit row
    指标名称 | 计量单位 | 4月 | 1-4月 | 比上年同期增长(%)  <- header (one or two rows)
    地区生产总值 | 亿元 | … | 540.8 | 4.2
      其中: 工业投资 | 亿元 | … | … | …                  <- indented sub-items
    注: 1-2月合并发布                                     <- footnotes

Header variants: ``本月 | 累计 | 增长%``, ``1-4月累计 | 同比±%``, a two-row header with the period
on top and ``绝对数 | 增长%`` under it. A growth column that does not say which period it belongs
to (``增长%``, ``同比±%``) belongs to the value column on its left; growth of the single month
(``比上年同月增长``) is not kept. The place is the title's (``太仓市2023年…``, ``…年1-4月昆山市主要
经济指标``), else the issuer's (``issuer: 上海市统计局``); a table that names none is an error
that asks for the place (never filed under :data:`~taicang_analysis.sources.panel.DEFAULT_REGION`).

Examples
--------
>>> h = detect([["太仓市2023年1-4月主要经济指标"], ["指标名称", "计量单位", "1-4月", "增长%"]])
>>> h.layout, h.row, h.key_col
('one_place', 1, 0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.layouts import common as c
from taicang_analysis.sources.panel import DEFAULT_REGION

NAME = "one_place"
DESCRIPTION = ("一地一月 (统计月报「主要经济指标」): 标题「太仓市2023年1-4月主要经济指标」, "
               "表头「指标名称 | 计量单位 | 4月 | 1-4月 | 比上年同期增长(%)」或「本月 | 累计 | 增长%」")

#: the place a title names: 太仓市2023年1-4月…, 太仓市统计月报, 2023年1-4月太仓市主要经济指标
_PLACE_BEFORE = re.compile(r"^(?P<place>[^\d]{1,8}?(?:市|区|县))(?:\d{4}年|统计)")
#: the place an issuer is of: 昆山市统计局, 上海市统计局, 青海省人民政府
_ISSUER_PLACE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,8}?(?:省|市|区|县))(?:统计局|人民政府|政府|调查队|统计)")
#: issuers whose place is not in their name
ISSUER_REGIONS = {"国家统计局": "全国"}
_PLACE_AFTER = re.compile(r"\d{4}年(?:1-)?\d{1,2}月份?(?P<place>[^\d各]{1,8}?(?:市|区|县))(?:主要|经济|统计)")


def detect(rows: Sequence[Sequence[object]]) -> c.Header | None:
    """The header: the first cell labelled as the indicator column (``指标名称``, ``指标``, ``项目`` …)."""
    return c.labelled_header(rows, c.NAME_LABELS, NAME)


def _labels(rows: Sequence[Sequence[object]], head: c.Header) -> list[tuple[int, c.Label, str]]:
    top = list(rows[head.row])
    sub = list(rows[head.row + 1]) if head.rows == 2 else []
    width = max(len(top), len(sub))
    top_texts = [c.text(x) for x in top] + [""] * (width - len(top))
    sub_texts = [c.text(x) for x in sub] + [""] * (width - len(sub))
    if head.rows == 2:  # a CSV has no merged cells: the period on top spans the blanks on its right
        for j in range(1, width):
            if not top_texts[j] and sub_texts[j] and j != head.key_col:
                top_texts[j] = top_texts[j - 1]
    out = []
    for j in range(width):
        if j == head.key_col or top_texts[j] in c.UNIT_LABELS:
            continue
        lab = c.combine(c.classify(top_texts[j]), c.classify(sub_texts[j])) if head.rows == 2 else c.classify(
            top_texts[j])
        label_text = "/".join(t for t in dict.fromkeys((top_texts[j], sub_texts[j])) if t)
        out.append((j, lab, label_text))
    return out


def header(file: str, rows: Sequence[Sequence[object]], head: c.Header, catalogue: c.Catalogue) -> c.Columns:
    """The value columns (本月, 累计, 累计增长), the unit column and the periods the labels name.

    Raises
    ------
    NoLayout
        No value column in the header.
    DataFileError
        Two columns with the same meaning.
    """
    labels = _labels(rows, head)
    top = [c.text(x) for x in rows[head.row]]
    unit_col = None
    for j, t in enumerate(top):
        if t in c.UNIT_LABELS and j != head.key_col:
            unit_col = j
    periods = []
    columns: list[c.Column] = []
    taken: dict[str, str] = {}
    for j, role, lab, label_text in c.resolve(labels):
        if lab.month is not None or lab.year is not None:
            if role in ("ytd", "growth") or lab.kind == "ytd":
                periods.append(c.Period("表头", label_text, lab.year, lab.month))
        if role == "month_growth":
            continue  # growth of the single month: not kept
        if role in taken:
            raise DataFileError(file, row=head.row + 1, column=label_text, value=label_text,
                                problem=f"两列都是{c.ROLE_ZH[role]}: 「{taken[role]}」和「{label_text}」 "
                                        "(two columns with the same meaning)",
                                expected="每种数 (本月、累计、累计增长) 一列")
        taken[role] = label_text
        columns.append(c.Column(j, role, label_text, unit=lab.unit))
    if not columns:
        raise c.NoLayout(file, rows, "表头里找不到本月/累计/增长列 (no value columns in the header)")
    # a single-month label (4月) also names the period; keep it when nothing else does
    for _j, role, lab, label_text in c.resolve(labels):
        if role == "month" and lab.month is not None and not any(p.month for p in periods):
            periods.append(c.Period("表头", label_text, lab.year, lab.month))
    return c.Columns(columns, unit_col, periods, [])


def place(titles: list[str], issuer: str | None = None) -> str | None:
    """The place the title names, else the place of the issuer (sidecar's ``issuer:``), else
    ``None``: a table that names no place is never filed under a default place.

    Examples
    --------
    >>> place(["2023年1-4月昆山市主要经济指标"]), place(["社会消费品零售总额", "2022年8月"], "上海市统计局")
    ('昆山市', '上海市')
    >>> place(["SYNTHETIC 统计月报"], "SYNTHETIC 测试数据") is None
    True
    """
    for t in titles:
        m = _PLACE_BEFORE.match(t) or _PLACE_AFTER.search(t)
        if m:
            return m["place"]
    for name in (issuer or "").split():
        name = c.text(name)
        if name in ISSUER_REGIONS:
            return ISSUER_REGIONS[name]
        m = _ISSUER_PLACE.match(name)
        if m:
            return m["place"]
    return None


def cells(rows: Sequence[Sequence[object]], head: c.Header, cols: c.Columns, ctx: c.Context):
    """Each row below the header: an indicator of the catalogue (else listed as skipped), its
    unit and its numbers; footnotes apart. Returns (records, skipped, notes)."""
    region = place(ctx.titles, ctx.provenance.get("issuer"))
    if region is None:
        raise DataFileError(
            ctx.file, value=ctx.titles[0] if ctx.titles else ctx.file,
            problem="表格没有写明地区: 标题里没有, 来源说明的发布单位里也没有 (不会默认为太仓市)",
            expected=f"标题写明地区, 如「{DEFAULT_REGION}2023年1-4月主要经济指标」, "
                     f"或在来源说明 (.source.txt) 写 issuer: {DEFAULT_REGION}统计局")
    records: list[dict[str, object]] = []
    skipped: list[tuple[str, str]] = []
    notes: list[str] = []
    seen: dict[str, int] = {}
    key_column = c.text(rows[head.row][head.key_col])
    unit_column = c.text(rows[head.row][cols.unit_col]) if cols.unit_col is not None else None
    for row_no, row, key in c.data_rows(rows, head, cols, notes):
        info, bracket_unit, name = ctx.catalogue.find(key)
        if info is None:
            if any(c.text(c.cell(row, col.index)) for col in cols.columns):
                skipped.append((f"第{row_no}行", name))
            continue
        if str(info["id"]) in seen:
            raise c.duplicate(ctx.file, row_no, key_column, key, seen[str(info["id"])])
        seen[str(info["id"])] = row_no
        row_unit = c.text(c.cell(row, cols.unit_col)) if cols.unit_col is not None else ""
        column_unit = next((col.unit for col in cols.columns if col.unit), None)
        rec = c.record(ctx, info, region, row_no, row_unit or bracket_unit or column_unit or "")
        for col in cols.columns:
            c.fill(rec, col.role, c.number(ctx.file, row_no, col.label, c.cell(row, col.index),
                                           percent=col.role == "growth"))
        records.extend(c.finish(ctx, [rec], row_no, unit_column))
    return records, skipped, notes

"""Generator of SYNTHETIC statistics-bureau tables (both layouts) as .xlsx, .xls and .csv files.

Every number here is SYNTHETIC: invented for the tests, shaped like the bureau's 统计月报 tables
(「主要经济指标」 of one place, 苏州「各市、区主要经济指标」 of places × indicators), and none is a
published figure. File names start with ``SYNTHETIC_``, the sidecar's issuer says SYNTHETIC and
every table carries the footnote :data:`SYNTHETIC_NOTE`.

A :class:`Table` holds the cells as Excel would *show* them (numbers as numbers, text as text),
plus what a workbook stores differently: merged ranges, cells whose number is stored as text and
growth cells with a percent format (stored as a fraction, shown as ``4.2%``). The writers put
each of these into the file the way Excel does:

* :func:`write_xlsx` (openpyxl) and :func:`write_xls` (xlwt): merged ranges merged (value in the
  top-left cell only), percent cells as fractions with the format ``0.0%``, text numbers as text;
* :func:`write_csv`: what Excel's "save as CSV" writes — the top-left value of a merged range and
  blanks for the rest, percent cells as ``4.2%``, every row padded to the table's width; in
  ``utf-8-sig`` (CSV UTF-8, with BOM) or ``gbk`` (the bureau's own machines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SYNTHETIC_NOTE = "注: 本表为SYNTHETIC测试数据, 非真实统计; 1-2月合并发布。"
SYNTHETIC_ISSUER = "SYNTHETIC 测试 (太仓市统计局的表格样式)"

#: Taicang's SYNTHETIC 2023 cumulative levels (累计值) and growth (累计增长 %), by month; 1-2月 is
#: published together as month 2. Label as the table writes it -> (catalogue id, unit, {month:
#: (ytd level, ytd growth)}). ``None`` ids are rows the catalogue does not know (skipped).
TAICANG_2023: dict[str, tuple[str | None, str, dict[int, tuple[float | None, float | None]]]] = {
    "一、工业": (None, "", {}),  # a section row: no numbers
    "规模以上工业总产值": ("industrial_output", "亿元", {
        2: (620.40, 3.1), 3: (1010.55, 4.0), 4: (1350.20, 4.6), 5: (1712.85, 5.0)}),
    "规上工业增加值": (None, "%", {2: (None, 5.5), 3: (None, 5.9), 4: (None, 6.2), 5: (None, 6.0)}),
    "二、投资": (None, "", {}),
    "全社会固定资产投资": ("fai", "亿元", {
        2: (88.60, 6.2), 3: (140.30, 5.8), 4: (190.00, 5.1), 5: (241.20, 4.9)}),
    "  其中: 工业投资": ("industrial_investment", "亿元", {
        2: (40.10, 10.5), 3: (62.40, 9.8), 4: (88.50, 9.0), 5: (115.00, 8.7)}),
    "三、消费、财政与外贸": (None, "", {}),
    "社会消费品零售总额": ("retail_sales", "亿元", {
        2: (95.30, 7.7), 3: (142.80, 8.1), 4: (188.90, 8.5), 5: (236.40, 8.8)}),
    "一般公共预算收入": ("budget_revenue", "亿元", {
        2: (40.25, 2.0), 3: (58.10, 2.5), 4: (81.44, 3.3), 5: (99.90, 3.0)}),
    "进出口总额": ("trade", "亿元", {
        2: (180.60, -4.2), 3: (290.10, -3.1), 4: (385.75, -2.6), 5: (480.30, -1.9)}),
    "集装箱吞吐量": ("port_teu", "万标箱", {
        2: (120.5, 1.2), 3: (190.5, -1.3), 4: (256.7, 0.8), 5: (325.0, 1.5)}),
    "全社会用电量": (None, "亿千瓦时", {2: (30.2, 1.1), 3: (47.9, 2.0), 4: (63.3, 2.4), 5: (79.1, 2.2)}),
}
#: SYNTHETIC 本月 of February alone in the 1-2月 table (not 1-2月: cannot be checked)
FEBRUARY_ALONE = {"规模以上工业总产值": 301.10, "全社会固定资产投资": 47.30}

#: Suzhou's places (as the bureau writes them) and SYNTHETIC multipliers of Taicang's levels and
#: growth offsets (percentage points) that make up their values
PLACES: dict[str, tuple[float, float]] = {
    "张家港市": (1.62, 0.8),
    "常熟市": (1.48, -0.6),
    "太仓市": (1.00, 0.0),
    "昆山市": (2.35, 1.4),
    "吴江区": (1.31, -1.1),
    "吴中区": (0.92, 0.5),
    "相城区": (0.71, 2.3),
    "姑 苏 区": (0.38, -2.0),  # padded the way bureau tables pad short names
    "苏州工业园区": (2.05, 1.9),
    "苏州高新区": (0.95, 0.2),
}
TOTAL = "全市"
#: the indicators of the places table: header label -> Taicang's label in :data:`TAICANG_2023`
PLACES_INDICATORS = {
    "一般公共预算收入": "一般公共预算收入",
    "规模以上工业总产值": "规模以上工业总产值",
    "全社会固定资产投资": "全社会固定资产投资",
    "社会消费品零售总额": "社会消费品零售总额",
    "规上工业增加值": "规上工业增加值",  # not in the catalogue: skipped
}


@dataclass
class Table:
    """One sheet: cells as Excel shows them, plus how a workbook stores some of them."""

    name: str
    rows: list[list[object]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (0-based, incl.)
    percent: set[tuple[int, int]] = field(default_factory=set)  # growth cells with a percent format
    as_text: set[tuple[int, int]] = field(default_factory=set)  # numbers stored as text

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)


# --------------------------------------------------------------------------- values


def taicang_value(label: str, month: int) -> tuple[float | None, float | None]:
    """Taicang's SYNTHETIC (ytd level, ytd growth) of one table row and month."""
    return TAICANG_2023[label][2].get(month, (None, None))


def month_value(label: str, month: int) -> float | None:
    """SYNTHETIC 本月: the difference of the cumulative levels (February alone at month 2)."""
    if month == 2:
        return FEBRUARY_ALONE.get(label)
    now, before = taicang_value(label, month)[0], taicang_value(label, month - 1)[0]
    return None if now is None or before is None else round(now - before, 2)


def place_value(place: str, label: str, month: int) -> tuple[float | None, float | None]:
    """A place's SYNTHETIC (ytd level, ytd growth): Taicang's × the place's multiplier; growth
    + the place's offset. ``全市`` is the sum of the places' rounded levels (growth: Taicang's)."""
    level, growth = taicang_value(PLACES_INDICATORS[label], month)
    if place == TOTAL:
        total = None if level is None else round(sum(place_value(p, label, month)[0] for p in PLACES), 2)
        return total, growth
    factor, offset = PLACES[place]
    return (None if level is None else round(level * factor, 2),
            None if growth is None else round(growth + offset, 1))


# --------------------------------------------------------------------------- tables


def one_place_table(
    month: int,
    *,
    year: int = 2023,
    variant: str = "plain",
    place: str = "太仓市",
    title_month: int | None = None,
    overrides: dict[tuple[str, str], object] | None = None,
    name: str = "主要指标",
) -> Table:
    """The county's 统计月报「主要经济指标」 for ``1..month`` of ``year`` (SYNTHETIC values).

    ``variant``:

    * ``plain`` — ``指标名称 | 计量单位 | 4月 | 1-4月 | 比上年同期增长(%)``;
    * ``words`` — ``指标 | 单位 | 本月 | 累计 | 增长%`` and a unit row ``单位: 亿元、%``;
    * ``two_row`` — ``指标名称 | 计量单位 | 4月 | 1-4月 (merged) |`` over ``| | | 绝对数 | 比上年同期±%``,
      the name, unit and 4月 cells merged down over both header rows.

    ``title_month`` puts another month in the title (for conflicts); ``overrides`` replaces
    cells: ``{(row label, "ytd" | "growth" | "month"): value}``.
    """
    overrides = overrides or {}
    months = f"1-{month}月" if month > 1 else "1月"
    tm = title_month or month
    title = f"{place}{year}年{'1-' if tm > 1 else ''}{tm}月主要经济指标"
    single = f"{month}月"
    if variant == "plain":
        head = [["指标名称", "计量单位", single, months, "比上年同期增长(%)"]]
    elif variant == "words":
        head = [["指标", "单位", "本月", "累计", "增长%"]]
    elif variant == "two_row":
        head = [["指标名称", "计量单位", single, months, months],
                ["指标名称", "计量单位", single, "绝对数", "比上年同期±%"]]
    else:
        raise ValueError(variant)
    rows: list[list[object]] = [[title] * 5, ["SYNTHETIC 测试数据 (非真实统计)"] + [None] * 4]
    merges = [(0, 0, 0, 4), (1, 0, 1, 4)]
    if variant == "words":
        rows.append([None, None, None, "单位: 亿元、%", None])
    top = len(rows)
    rows.extend(head)
    if variant == "two_row":
        merges += [(top, 0, top + 1, 0), (top, 1, top + 1, 1), (top, 2, top + 1, 2), (top, 3, top, 4)]
    percent: set[tuple[int, int]] = set()
    as_text: set[tuple[int, int]] = set()
    for label, (ind, unit, _) in TAICANG_2023.items():
        level, growth = taicang_value(label, month)
        mv = month_value(label, month)
        level = overrides.get((label, "ytd"), level)
        growth = overrides.get((label, "growth"), growth)
        mv = overrides.get((label, "month"), mv)
        r = len(rows)
        if not unit:
            rows.append([label, None, None, None, None])
            continue
        rows.append([label, unit, "—" if mv is None else mv, "—" if level is None else level,
                     "—" if growth is None else growth])
        if growth is not None and ind != "port_teu":
            percent.add((r, 4))  # growth typed as 4.2% (stored 0.042)
        if ind in ("fai", "budget_revenue"):
            as_text.update({(r, 2), (r, 3)})  # numbers stored as text
    rows.append([SYNTHETIC_NOTE, None, None, None, None])
    rows.append(["注: 本月指单月数; 比上年同期增长按可比口径计算。", None, None, None, None])
    merges += [(len(rows) - 2, 0, len(rows) - 2, 4), (len(rows) - 1, 0, len(rows) - 1, 4)]
    return Table(name, rows, merges, percent, as_text)


def places_table(
    month: int,
    *,
    year: int = 2023,
    variant: str = "unit_row",
    name: str = "各市区",
) -> Table:
    """Suzhou's「各市、区主要经济指标」 for ``1..month`` of ``year`` (SYNTHETIC values).

    Two header rows: the indicator merged over two columns on the first, ``1-4月 | 增长%`` under
    it; the place column ``地区`` merged down over both. ``variant``: ``unit_row`` (a row
    ``单位: 亿元、%`` above the header) or ``brackets`` (``一般公共预算收入(亿元)`` in the header).
    """
    months = f"1-{month}月" if month > 1 else "1月"
    width = 1 + 2 * len(PLACES_INDICATORS)
    rows: list[list[object]] = [[f"{year}年{months}各市、区主要经济指标"] * width]
    merges = [(0, 0, 0, width - 1)]
    if variant == "unit_row":
        rows.append([None] * (width - 1) + ["单位: 亿元、%"])
    top, sub = ["地区"], ["地区"]
    for label in PLACES_INDICATORS:
        shown = label if variant == "unit_row" or label == "规上工业增加值" else f"{label}(亿元)"
        top += [shown, shown]
        sub += [months, "增长%"]
    h = len(rows)
    rows += [top, sub]
    merges.append((h, 0, h + 1, 0))
    merges += [(h, 1 + 2 * k, h, 2 + 2 * k) for k in range(len(PLACES_INDICATORS))]
    percent: set[tuple[int, int]] = set()
    as_text: set[tuple[int, int]] = set()
    for place in [*PLACES, TOTAL]:
        r = len(rows)
        row: list[object] = [place]
        for k, label in enumerate(PLACES_INDICATORS):
            level, growth = place_value(place, label, month)
            row += ["—" if level is None else level, "—" if growth is None else growth]
            if growth is not None:
                percent.add((r, 2 + 2 * k))
            if place in ("昆山市", "吴江区") and level is not None:
                as_text.add((r, 1 + 2 * k))
        rows.append(row)
    rows.append([SYNTHETIC_NOTE] + [None] * (width - 1))
    merges.append((len(rows) - 1, 0, len(rows) - 1, width - 1))
    return Table(name, rows, merges, percent, as_text)


def notes_table(name: str = "说明") -> Table:
    """A sheet of explanations that fits neither layout (skipped when every sheet is read)."""
    return Table(name, [["说明"], ["SYNTHETIC 测试工作簿: 第一个表为本市主要指标, 第二个表为各市、区。"]])


# --------------------------------------------------------------------------- writers


def _covered(table: Table) -> set[tuple[int, int]]:
    """Cells inside a merged range other than its top-left one."""
    out = set()
    for r1, c1, r2, c2 in table.merges:
        out.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1))
    return out


def write_xlsx(path: Path, tables: list[Table], *, active: int = 0, hidden: tuple[str, ...] = ()) -> Path:
    """An .xlsx workbook, one sheet per table (merged ranges, text numbers, percent formats)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for t in tables:
        ws = book.create_sheet(t.name)
        covered = _covered(t)
        for r, row in enumerate(t.rows):
            for c, v in enumerate(row):
                if v is None or (r, c) in covered:
                    continue
                cell = ws.cell(row=r + 1, column=c + 1)
                if (r, c) in t.percent and isinstance(v, int | float):
                    cell.value = v / 100
                    cell.number_format = "0.0%"
                elif (r, c) in t.as_text and isinstance(v, int | float):
                    cell.value = f"{v:.2f}"
                    cell.data_type = "s"
                else:
                    cell.value = v
        for r1, c1, r2, c2 in t.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        if t.name in hidden:
            ws.sheet_state = "hidden"
    book.active = active
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_xls(path: Path, tables: list[Table], *, hidden: tuple[str, ...] = ()) -> Path:
    """An old .xls workbook (xlwt), one sheet per table: merged ranges, text numbers, percent formats."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    pct = xlwt.easyxf(num_format_str="0.0%")
    for t in tables:
        ws = book.add_sheet(t.name)
        covered = _covered(t)
        starts = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in t.merges}
        for r, row in enumerate(t.rows):
            for c, v in enumerate(row):
                if (r, c) in covered:
                    continue
                value: object = v
                style = None
                if (r, c) in t.percent and isinstance(v, int | float):
                    value, style = v / 100, pct
                elif (r, c) in t.as_text and isinstance(v, int | float):
                    value = f"{v:.2f}"
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    ws.write_merge(r, r2, c, c2, value, style) if style else ws.write_merge(r, r2, c, c2, value)
                elif value is not None:
                    ws.write(r, c, value, style) if style else ws.write(r, c, value)
        if t.name in hidden:
            ws.visibility = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


def csv_text(table: Table) -> str:
    """The table as Excel's "save as CSV" writes it (merged: top-left only; percent as 4.2%)."""
    import csv
    import io

    covered = _covered(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for r, row in enumerate(table.rows):
        cells = []
        for c in range(table.width):
            v = row[c] if c < len(row) else None
            if v is None or (r, c) in covered:
                cells.append("")
            elif (r, c) in table.percent and isinstance(v, int | float):
                cells.append(f"{v:.12g}%")
            elif isinstance(v, float):
                cells.append(f"{v:.2f}" if (r, c) in table.as_text else f"{v:.12g}")
            else:
                cells.append(str(v))
        writer.writerow(cells)
    return out.getvalue()


def write_csv(path: Path, table: Table, *, encoding: str = "utf-8-sig") -> Path:
    """A CSV of one table in ``encoding`` (``utf-8-sig``: with BOM; ``gbk``; ``utf-8``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_text(table).encode(encoding))
    return path


def write_sidecar(path: Path, *, report: str, date: str) -> Path:
    """``<file>.source.txt`` naming the SYNTHETIC issuer, the report and its date."""
    side = path.with_name(path.name + ".source.txt")
    side.write_text(f"issuer: {SYNTHETIC_ISSUER}\nreport: {report}\ndate: {date}\n", encoding="utf-8")
    return side

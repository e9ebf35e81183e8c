"""Plausibility of the analysts' monthly figures, by documented rules kept as data.

The rules are rows of ``data/plausibility.csv`` (id, action, params, description, check); the
data folder's own copy wins over the shipped one. ``action`` is ``stop`` (the build stops with a
:class:`~taicang_analysis.errors.DataFileError` naming the file, row, column and value), ``flag``
(the value is kept, its ``flag`` column says what the rule saw; the report marks it 存疑) or
``off``. Each rule is checked against the series' own history: the published figures
(``data/figures.csv``, Taicang only, targets excluded) and the other monthly values.

=========================  =======  ==============================================================
rule                       default  what it sees
=========================  =======  ==============================================================
``unit_scale``             stop     a value ``factor``× (1000) larger or smaller than the series'
                                    history, both as full-year equivalents (×10⁴: 单位可能是万元)
``cumulative_falls``       stop     a 累计值 lower than the same year's earlier month
``growth_range``           stop     growth below ``min`` (−100%) or above ``max`` (500%)
``growth_unusual``         flag     growth of a flow (金额) outside ``min``…``max`` (−50%…100%)
``fraction_in_count``      stop     a count (家, 个) that is not a whole number
``count_equals_stock``     stop     a new count (≥ ``min_value``) equal to a known running total (存量)
``count_above_stock_share`` flag    a new count above ``share`` (30%) of the known running total
``report_date_future``     stop     a provenance date after today
``report_date_early``      stop     a provenance date on or before the last day of the month it covers
``negative_level``         stop     a cumulative or monthly amount below zero
``december_vs_last_year``  flag     a December level and growth that imply a previous-year level
                                    other than the published one beyond rounding (+ ``slack_pct``;
                                    ``slack_comparable_pct`` where growth is at comparable prices)
=========================  =======  ==============================================================

Every place of a table is checked by itself (a places table's 昆山市 only against 昆山市): Taicang's
values by every rule, other places' by those that need no published history (:data:`ANY_PLACE`).

An analyst accepts a flagged or stopped value deliberately with a line in the file's
``<file>.source.txt``::

    accept: 2023-04 地区生产总值 累计值 | 口径调整, 已与统计局核实

(period, indicator name/alias/id, ``累计值`` or ``累计增长%`` — leave it out to accept both —
then ``|`` and the reason, which is required). An accepted value passes with ``flag`` (what was
seen) and ``accepted`` (the reason) filled. A provenance date in the future cannot be accepted:
the date is corrected instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from taicang_analysis.context import SHIPPED_DATA_DIR, data_dir
from taicang_analysis.engine.formulas import implied_base
from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.catalogue import indicator_lookup, load_indicators
from taicang_analysis.sources.files import read_once
from taicang_analysis.sources.normalise import normalise_text
from taicang_analysis.sources.panel import DEFAULT_REGION, PANEL_SCHEMA
from taicang_analysis.sources.published import load_published_figures
from taicang_analysis.sources.sidecar import ACCEPT_KEYS, read_sidecar_lines, sidecar_path
from taicang_analysis.vocabulary import MONTHS_PER_YEAR

RULES_FILE = "plausibility.csv"
ACTIONS = ("stop", "flag", "off")
WHAT_ZH = {"value": "累计值", "growth": "累计增长%"}
#: rules on a file's dates, applied before files are merged (:func:`check_report_dates`) only
BEFORE_MERGING = frozenset({"report_date_early"})
#: the rules that need no published history: every place's values are checked by them
ANY_PLACE = frozenset({"cumulative_falls", "growth_range", "growth_unusual", "fraction_in_count", "negative_level"})
_ACCEPT = re.compile(
    r"^(?P<year>\d{4})\s*[-./年]\s*(?P<month>\d{1,2})\s*月?\s*(?P<name>.+?)\s*"
    r"(?P<what>累计值|累计增长\s*(?:%|\(%\))?)?$"
)


@dataclass(frozen=True)
class Rule:
    """One row of ``data/plausibility.csv``."""

    id: str
    action: str
    params: dict[str, str] = field(default_factory=dict)
    description: str = ""
    check: str = ""

    def number(self, key: str, default: float) -> float:
        """A numeric parameter.

        Examples
        --------
        >>> Rule("growth_range", "stop", {"max": "500"}).number("max", 0)
        500.0
        """
        return float(self.params[key]) if key in self.params else default


@dataclass(frozen=True)
class Finding:
    """What a rule saw in one value of the panel (``what``: value or growth; None: the file)."""

    rule: Rule
    source_file: str
    source_row: int | None
    indicator: str | None
    year: int | None
    month: int | None
    what: str | None
    value: object
    saw: str
    region: str = DEFAULT_REGION

    @property
    def text(self) -> str:
        """The Chinese text a reader sees: what was seen, then what to check."""
        return f"{self.saw} — 请核对: {self.rule.check}"


def _parse_params(text: str, path: Path, row: int) -> dict[str, str]:
    params: dict[str, str] = {}
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise DataFileError(path, row=row, column="params", value=text,
                                problem="参数格式不对 (bad parameter)", expected="key=value; key=value")
        params[key.strip()] = value.strip()
    return params


def rules_path(data: str | os.PathLike[str] | None = None) -> Path:
    """The rules file in use: the data folder's ``plausibility.csv``, else the shipped one.

    Examples
    --------
    >>> rules_path().name
    'plausibility.csv'
    """
    own = data_dir(data) / RULES_FILE
    return own if own.exists() else SHIPPED_DATA_DIR / RULES_FILE


def load_rules(data: str | os.PathLike[str] | None = None) -> list[Rule]:
    """The plausibility rules, validated (known id, action stop/flag/off, numeric parameters).

    Examples
    --------
    >>> [r.id for r in load_rules()][:3]
    ['unit_scale', 'cumulative_falls', 'growth_range']
    >>> next(r for r in load_rules() if r.id == "unit_scale").action
    'stop'
    """
    return read_once(_read_rules, rules_path(data))


def _read_rules(path: Path) -> list[Rule]:
    rules = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            rid = (row.get("id") or "").strip()
            if rid not in CHECKS:
                raise DataFileError(path, row=row_no, column="id", value=rid,
                                    problem="未知的规则 (unknown rule)", expected=", ".join(CHECKS))
            action = (row.get("action") or "").strip()
            if action not in ACTIONS:
                raise DataFileError(path, row=row_no, column="action", value=action,
                                    problem="未知的动作 (unknown action)", expected="stop, flag or off")
            params = _parse_params(row.get("params") or "", path, row_no)
            for key, value in params.items():
                if key in NUMERIC_PARAMS:
                    try:
                        float(value)
                    except ValueError:
                        raise DataFileError(path, row=row_no, column="params", value=f"{key}={value}",
                                            problem="参数不是数字 (not a number)",
                                            expected=f"{key}=<number>") from None
            rules.append(Rule(rid, action, params, (row.get("description") or "").strip(),
                              (row.get("check") or "").strip()))
    return rules


NUMERIC_PARAMS = {"factor", "min", "max", "min_value", "share", "slack_pct", "slack_comparable_pct"}


# --- accept lines -------------------------------------------------------------------------------

def read_accepts(
    path: str | os.PathLike[str], *, data: str | os.PathLike[str] | None = None
) -> dict[tuple[str, int, int, str], str]:
    """The ``accept:`` lines of a monthly file's sidecar: (indicator, year, month, what) → reason.

    Raises
    ------
    DataFileError
        A line that names no period, an unknown indicator, or gives no reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
    >>> _ = (p.parent / "m.csv.source.txt").write_text(
    ...     "date: 2023-05-20\\naccept: 2023-04 GDP 累计值 | 口径调整, 已与统计局核实\\n", encoding="utf-8")
    >>> read_accepts(p)
    {('gdp', 2023, 4, 'value'): '口径调整, 已与统计局核实'}
    """
    side = sidecar_path(path)
    lookup = None
    found: dict[tuple[str, int, int, str], str] = {}
    for line_no, key, value in read_sidecar_lines(path):
        if key not in ACCEPT_KEYS:
            continue
        target, sep, reason = value.replace("｜", "|").partition("|")
        reason = reason.strip()
        example = "accept: 2023-04 地区生产总值 累计值 | 口径调整, 已与统计局核实"
        if not sep or not reason:
            raise DataFileError(side, row=line_no, column="accept", value=value,
                                problem="接受某个数值时必须写明原因 (accept without a reason)", expected=example)
        m = _ACCEPT.match(normalise_text(target))
        if not m:
            raise DataFileError(side, row=line_no, column="accept", value=value,
                                problem="无法识别要接受的数值 (unrecognised accept line)", expected=example)
        if lookup is None:
            lookup = indicator_lookup(load_indicators(data))
        info = lookup.get(normalise_text(m["name"]))
        if info is None:
            raise DataFileError(side, row=line_no, column="accept", value=m["name"],
                                problem="未知指标 (unknown indicator)",
                                expected="a name or code listed in data/indicators.csv")
        whats = ["value", "growth"] if not m["what"] else ["value" if m["what"] == "累计值" else "growth"]
        for what in whats:
            found[(info["id"], int(m["year"]), int(m["month"]), what)] = reason
    return found


# --- history ------------------------------------------------------------------------------------

def _measure(info: dict) -> str:
    if info["series_type"] == "count":
        return info.get("count_measure") or "count_new"
    return "level"


def _annual(value: float, month: int | None, measure: str) -> float:
    """A year-to-date value as a full-year equivalent (a running total is already a level)."""
    if measure == "count_total" or not month:
        return value
    return value * MONTHS_PER_YEAR / month


def _history(data) -> pl.DataFrame:
    pub = load_published_figures(data)
    return pub.filter((pl.col("region") == DEFAULT_REGION) & (pl.col("release") != "target")
                      & pl.col("value").is_not_null())


def _period_key(period: str) -> tuple[int, int]:
    parts = period.split("/")[-1].split("-")
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else MONTHS_PER_YEAR


def _fmt(x: float) -> str:
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:.0f}"


def _scale_hint(ratio: float, unit: str) -> str:
    power = round(math.log10(ratio))
    if abs(math.log10(ratio) - power) > 0.5:
        return "数量级不对"
    big = {4: "万", 8: "亿"}
    if power > 0:
        if unit.startswith("亿") and power in (4, 8):
            return f"单位可能是{'万' + unit[1:] if power == 4 else unit[1:]}"
        if unit.startswith("万") and power == 4:
            return f"单位可能是{unit[1:]}"
        return "数量级偏大"
    if unit.startswith("万") and power == -4:
        return f"单位可能是亿{unit[1:]}"
    if not unit.startswith(("万", "亿")) and -power in big:
        return f"单位可能是{big[-power]}{unit}"
    return "数量级偏小"


# --- the checks ---------------------------------------------------------------------------------

def _unit_scale(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    factor = rule.number("factor", 1000)
    out = []
    for rec in panel.filter(pl.col("ytd_value").is_not_null()).iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        v = rec["ytd_value"]
        if info is None or not v:
            continue
        measure = _measure(info)
        mine = _annual(abs(v), rec["month"], measure)
        ref = ctx.reference(rec, measure)
        if ref is None:
            continue
        ref_value, ref_desc = ref
        ratio = mine / ref_value
        if ratio >= factor or ratio <= 1 / factor:
            hint = _scale_hint(ratio, info["unit"])
            times = f"{ratio:.0f} 倍" if ratio >= 1 else f"1/{1 / ratio:.0f}"
            out.append(ctx.finding(rule, rec, "value", v,
                                   f"{info['name_zh']} {rec['year']}-{rec['month']:02d} 累计值 {_fmt(v)}{info['unit']} "
                                   f"(折合全年 {_fmt(mine)}) 约为{ref_desc}的 {times}: {hint}"))
    return out


def _cumulative_falls(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    skip = set(filter(None, rule.params.get("skip", "").split("|")))
    out = []
    values = panel.filter(pl.col("ytd_value").is_not_null()).sort("indicator", "year", "month")
    prev = None
    for rec in values.iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        if info is None or rec["indicator"] in skip or _measure(info) == "count_total":
            prev = None
            continue
        if prev is not None and (prev["indicator"], prev["year"]) == (rec["indicator"], rec["year"]):
            tol = 0.5 * 10.0 ** -int(info["decimals"] or 0) + 1e-9
            if rec["ytd_value"] < prev["ytd_value"] - tol:
                where = f"{prev['source_file']} 第{prev['source_row']}行"
                out.append(ctx.finding(
                    rule, rec, "value", rec["ytd_value"],
                    f"{info['name_zh']} 累计值从 {prev['year']}-{prev['month']:02d} 的 {_fmt(prev['ytd_value'])} "
                    f"({where}) 降到 {rec['year']}-{rec['month']:02d} 的 {_fmt(rec['ytd_value'])}{info['unit']}"))
        prev = rec
    return out


def _negative_level(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    skip = set(filter(None, rule.params.get("skip", "").split("|")))
    if "month_value" not in panel.columns:
        panel = panel.with_columns(month_value=pl.lit(None, pl.Float64))
    out = []
    for rec in panel.filter((pl.col("ytd_value") < 0) | (pl.col("month_value") < 0)).iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        if info is None or rec["indicator"] in skip:
            continue
        v = rec["ytd_value"] if rec["ytd_value"] is not None and rec["ytd_value"] < 0 else rec["month_value"]
        out.append(ctx.finding(rule, rec, "value", v,
                               f"{info['name_zh']} {rec['year']}-{rec['month']:02d} 累计值为负 ({_fmt(v)}{info['unit']})"))
    return out


def _report_date_early(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    out = []
    seen = set()
    for rec in panel.filter(pl.col("report_date").is_not_null()).iter_rows(named=True):
        if rec["source_file"] in seen or rec["year"] is None or rec["month"] is None:
            continue
        end = dt.date(rec["year"] + rec["month"] // MONTHS_PER_YEAR, rec["month"] % MONTHS_PER_YEAR + 1, 1)
        if rec["report_date"] < end.isoformat():
            seen.add(rec["source_file"])
            out.append(Finding(rule, rec["source_file"], None, None, None, None, None, rec["report_date"],
                               f"来源说明的日期 {rec['report_date']} 不晚于它所报的 {rec['year']}年{rec['month']}月"
                               "的最后一天: 那时这个月还没有结束"))
    return out


def _growth_range(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    low, high = rule.number("min", -100), rule.number("max", 500)
    only = rule.params.get("series_type")
    out = []
    for rec in panel.filter(pl.col("ytd_growth").is_not_null()).iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        g = rec["ytd_growth"]
        if info is None or (only and info["series_type"] != only):
            continue
        if g < low or g > high:
            out.append(ctx.finding(rule, rec, "growth", g,
                                   f"{info['name_zh']} {rec['year']}-{rec['month']:02d} 累计增长 {_fmt(g)}%, "
                                   f"超出 {_fmt(low)}% 至 {_fmt(high)}%"))
    return out


def _fraction_in_count(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    out = []
    for rec in panel.filter(pl.col("ytd_value").is_not_null()).iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        v = rec["ytd_value"]
        if info is None or info["series_type"] != "count":
            continue
        if abs(v - round(v)) > 1e-9:
            out.append(ctx.finding(rule, rec, "value", v,
                                   f"{info['name_zh']} {rec['year']}-{rec['month']:02d} 是 {_fmt(v)}{info['unit']}: "
                                   "个数不是整数"))
    return out


def _stocks(ctx: _Context, indicator: str) -> list[tuple[tuple[int, int], float, str]]:
    rows = ctx.history.filter((pl.col("indicator") == indicator) & (pl.col("measure") == "count_total"))
    return [(_period_key(r["period"]), r["value"], r["period"]) for r in rows.iter_rows(named=True)]


def _count_equals_stock(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    least = rule.number("min_value", 20)
    out = []
    for rec in panel.filter(pl.col("ytd_value").is_not_null()).iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        v = rec["ytd_value"]
        if info is None or _measure(info) != "count_new" or v < least:
            continue
        for (year, _), stock, period in _stocks(ctx, rec["indicator"]):
            if abs(year - rec["year"]) <= 2 and abs(stock - v) < 1e-9:
                out.append(ctx.finding(rule, rec, "value", v,
                                       f"{info['name_zh']} {rec['year']}-{rec['month']:02d} "
                                       f"新增数 {_fmt(v)}{info['unit']} 与已知的累计数 (存量) "
                                       f"{_fmt(stock)}{info['unit']} ({period} 公布数) 相同"))
                break
    return out


def _count_above_stock_share(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    share = rule.number("share", 0.3)
    out = []
    for rec in panel.filter(pl.col("ytd_value").is_not_null()).iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        v = rec["ytd_value"]
        if info is None or _measure(info) != "count_new":
            continue
        before = [s for s in _stocks(ctx, rec["indicator"]) if s[0] <= (rec["year"], rec["month"])]
        if not before:
            continue
        _, stock, period = max(before)
        if stock > 0 and v > share * stock:
            out.append(ctx.finding(rule, rec, "value", v,
                                   f"{info['name_zh']} {rec['year']}-{rec['month']:02d} 新增 {_fmt(v)}{info['unit']}, "
                                   f"是已知累计数 (存量, {period}) {_fmt(stock)}{info['unit']} 的 "
                                   f"{v / stock:.0%}, 超过 {share:.0%}"))
    return out


def _report_date_future(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    today = ctx.today.isoformat()
    out = []
    seen = set()
    for rec in panel.filter(pl.col("report_date").is_not_null()).iter_rows(named=True):
        if rec["report_date"] > today and rec["source_file"] not in seen:
            seen.add(rec["source_file"])
            out.append(Finding(rule, rec["source_file"], None, None, None, None, None, rec["report_date"],
                               f"来源说明的日期 {rec['report_date']} 在今天 ({today}) 之后"))
    return out


def _december_vs_last_year(rule: Rule, panel: pl.DataFrame, ctx: _Context) -> list[Finding]:
    slack = rule.number("slack_pct", 0.3)
    slack_real = rule.number("slack_comparable_pct", 8)
    out = []
    dec = panel.filter((pl.col("month") == MONTHS_PER_YEAR) & pl.col("ytd_value").is_not_null()
                       & pl.col("ytd_growth").is_not_null())
    for rec in dec.iter_rows(named=True):
        info = ctx.info(rec["indicator"])
        if info is None or _measure(info) == "count_total":
            continue
        v, g, y = rec["ytd_value"], rec["ytd_growth"], rec["year"]
        if g <= -100:
            continue
        bases = ctx.last_year(rec["indicator"], _measure(info), y - 1)
        if not bases:
            continue
        implied = pl.select(implied_base(pl.lit(v), pl.lit(g))).item()
        real = (info.get("price_basis") or "").startswith("comparable")
        worst = None
        for base, desc in bases:
            if base <= 0:
                continue
            # rounding: growth to its last decimal (at least 0.1), level and base to theirs
            # d(implied)/dg = implied / (100 + g); d(implied)/dv = implied / v
            tol = (implied * _half_unit(g, 1) / (100 + g) + _half_unit(v, 0) * implied / v
                   + _half_unit(base, 0) + base * (slack_real if real else slack) / 100)
            gap = abs(implied - base)
            if gap <= tol:
                worst = None
                break
            if worst is None or gap < worst[0]:
                worst = (gap, base, desc)
        if worst is not None:
            gap, base, desc = worst
            out.append(ctx.finding(rule, rec, "value", v,
                                   f"{info['name_zh']} {y}年12月累计值 {_fmt(v)}{info['unit']}、增长 {_fmt(g)}%, "
                                   f"推算{y - 1}年为 {implied:.2f}{info['unit']}; 而{y - 1}年{desc}为 "
                                   f"{_fmt(base)}{info['unit']}, 相差 {gap / base:.1%}"))
    return out


def _half_unit(x: float, least: int) -> float:
    for d in range(7):
        if math.isclose(round(x, d), x, rel_tol=0, abs_tol=1e-9):
            return 0.5 * 10.0 ** -max(d, least)
    return 0.5e-6


CHECKS = {
    "unit_scale": _unit_scale,
    "cumulative_falls": _cumulative_falls,
    "growth_range": _growth_range,
    "growth_unusual": _growth_range,
    "fraction_in_count": _fraction_in_count,
    "count_equals_stock": _count_equals_stock,
    "count_above_stock_share": _count_above_stock_share,
    "report_date_future": _report_date_future,
    "december_vs_last_year": _december_vs_last_year,
    "report_date_early": _report_date_early,
    "negative_level": _negative_level,
}


class _Context:
    """What the checks share: the catalogue, the published history, the panel, today."""

    def __init__(self, panel: pl.DataFrame, data, today: dt.date):
        self.panel = panel
        self.today = today
        self.catalogue = {r["id"]: r for r in load_indicators(data).iter_rows(named=True)}
        self.history = _history(data)

    def info(self, indicator: str) -> dict | None:
        return self.catalogue.get(indicator)

    def finding(self, rule: Rule, rec: dict, what: str, value: object, saw: str) -> Finding:
        region = rec.get("region")
        if region and region != DEFAULT_REGION:  # another place's value says whose it is
            saw = f"{region} {saw}"
        return Finding(rule, rec["source_file"], rec["source_row"], rec["indicator"], rec["year"],
                       rec["month"], what, value, saw, region or DEFAULT_REGION)

    def reference(self, rec: dict, measure: str) -> tuple[float, str] | None:
        """The nearest-in-time full-year equivalent of the series: published first, else the panel."""
        pub = self.history.filter((pl.col("indicator") == rec["indicator"]) & (pl.col("measure") == measure)
                                  & pl.col("period_type").is_in(["year", "ytd", "as_of_date"]))
        best = None
        for r in pub.iter_rows(named=True):
            if not r["value"]:
                continue
            month = r["month"] if r["period_type"] == "ytd" else None
            distance = abs(r["year"] - rec["year"])
            candidate = (distance, _annual(abs(r["value"]), month, measure),
                         f"{r['period']} 公布数 {_fmt(r['value'])}{r['unit']}")
            if best is None or candidate[0] < best[0]:
                best = candidate
        if best is not None:
            return best[1], best[2]
        # no published figure: the median of the other months (one wrong month cannot move it)
        others = self.panel.filter((pl.col("indicator") == rec["indicator"]) & pl.col("ytd_value").is_not_null()
                                   & ((pl.col("year") != rec["year"]) | (pl.col("month") != rec["month"])))
        annual = sorted(_annual(abs(r["ytd_value"]), r["month"], measure)
                        for r in others.iter_rows(named=True) if r["ytd_value"])
        if not annual:
            return None
        mid = len(annual) // 2
        median = annual[mid] if len(annual) % 2 else (annual[mid - 1] + annual[mid]) / 2
        return median, f"其他{len(annual)}个月份累计值 (折合全年) 的中位数 {_fmt(median)}"

    def last_year(self, indicator: str, measure: str, year: int) -> list[tuple[float, str]]:
        pub = self.history.filter((pl.col("indicator") == indicator) & (pl.col("measure") == measure)
                                  & (pl.col("period_type") == "year") & (pl.col("year") == year))
        found = [(r["value"], f"公布数 ({r['release']})") for r in pub.iter_rows(named=True)]
        mine = self.panel.filter((pl.col("indicator") == indicator) & (pl.col("year") == year)
                                 & (pl.col("month") == MONTHS_PER_YEAR) & pl.col("ytd_value").is_not_null())
        found += [(r["ytd_value"], f"月度文件 {r['source_file']} 的12月累计值") for r in mine.iter_rows(named=True)]
        return found


# --- applying them ------------------------------------------------------------------------------

def _raise(finding: Finding, files: dict[str, Path], data) -> None:
    path = files.get(finding.source_file, Path(finding.source_file))
    rule = finding.rule
    if finding.what is None:  # a file-level rule: the sidecar's date
        raise DataFileError(sidecar_path(path), column="date", value=finding.value,
                            problem=f"{finding.saw} [规则 {rule.id}]", expected=rule.check)
    info = load_indicators(data).filter(pl.col("id") == finding.indicator)
    name = info["name_zh"][0] if info.height else finding.indicator
    period = f"{finding.year}-{finding.month:02d}"
    raise DataFileError(
        path, row=finding.source_row, column=f"{period} {WHAT_ZH[finding.what]}", value=finding.value,
        problem=f"{finding.saw} [规则 {rule.id}]",
        expected=f"{rule.check}; 若核实无误, 在 {sidecar_path(path).name} 中加一行 "
                 f"accept: {period} {name} {WHAT_ZH[finding.what]} | 原因")


def findings(
    panel: pl.DataFrame, *, data: str | os.PathLike[str] | None = None, today: dt.date | None = None,
    rules: list[Rule] | None = None,
) -> list[Finding]:
    """Everything the rules (not ``off``) see in a (merged) monthly panel, before acceptance.

    Examples
    --------
    >>> panel = pl.DataFrame([{"indicator": "german_firms", "year": 2023, "month": 4, "ytd_value": 12.5,
    ...                        "source_file": "m.csv", "source_row": 2}], schema_overrides={"ytd_value": pl.Float64})
    >>> panel = panel.with_columns(ytd_growth=pl.lit(None, pl.Float64), report_date=pl.lit("2023-05-20"))
    >>> [f.rule.id for f in findings(panel, today=dt.date(2023, 6, 1))]
    ['fraction_in_count']
    """
    today = today or dt.date.today()
    rules = load_rules(data) if rules is None else rules
    ctx = _Context(panel, data, today)
    out: list[Finding] = []
    for rule in rules:
        if rule.action != "off" and rule.id not in BEFORE_MERGING:
            out.extend(CHECKS[rule.id](rule, panel, ctx))
    return out


def check_report_dates(
    panel: pl.DataFrame, *, files: dict[str, Path], today: dt.date | None = None,
    data: str | os.PathLike[str] | None = None,
) -> None:
    """Stop on a provenance date after today (before revisions are merged: a future date would win).

    Examples
    --------
    >>> p = pl.DataFrame({"source_file": ["m.csv"], "report_date": ["2032-05-20"]})
    >>> check_report_dates(p, files={}, today=dt.date(2023, 6, 1))
    Traceback (most recent call last):
    ...
    taicang_analysis.errors.DataFileError: m.csv.source.txt 列「date」 值 '2032-05-20': 来源说明的日期 ...
    """
    ctx_today = today or dt.date.today()
    for rule in load_rules(data):
        if rule.id in ("report_date_future", "report_date_early") and rule.action == "stop":
            for f in CHECKS[rule.id](rule, panel, _Dates(ctx_today)):  # type: ignore[arg-type]
                _raise(f, files, data)


@dataclass
class _Dates:
    today: dt.date


def check_panel(
    panel: pl.DataFrame,
    *,
    files: dict[str, Path],
    data: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> pl.DataFrame:
    """Apply the rules to a (merged) monthly panel: raise on ``stop``, fill ``flag`` and ``accepted``.

    Parameters
    ----------
    panel
        The monthly panel (:data:`~taicang_analysis.sources.monthly.PANEL_SCHEMA`).
    files
        ``source_file`` → the file's path (for its sidecar's ``accept:`` lines and the messages).
    data, today
        Data folder (catalogue, published figures, rules) and the reference date.

    Returns
    -------
    polars.DataFrame
        The panel, ``flag`` holding what the rules saw (``；``-separated) and ``accepted`` the
        analyst's reasons, for the values concerned.

    Raises
    ------
    DataFileError
        The first (by file and row) value a ``stop`` rule sees that no ``accept:`` line accepts.

    Examples
    --------
    >>> from taicang_analysis.sources.panel import PANEL_SCHEMA
    >>> empty = pl.DataFrame(schema=PANEL_SCHEMA)
    >>> check_panel(empty, files={}).columns == list(PANEL_SCHEMA)
    True
    """
    if panel.is_empty():
        return panel
    today = today or dt.date.today()
    check_report_dates(panel, files=files, today=today, data=data)
    # every file's accept: lines are read (and so validated) even when nothing needs accepting
    accepts: dict[str, dict] = {name: read_accepts(path, data=data) for name, path in files.items()}
    flags: dict[tuple[str, str, int, int], list[str]] = {}
    reasons: dict[tuple[str, str, int, int], list[str]] = {}
    stops = []
    region_given = "region" in panel.columns
    panel = panel.with_columns(region=pl.col("region").fill_null(DEFAULT_REGION) if region_given
                               else pl.lit(DEFAULT_REGION))
    seen: list[Finding] = []
    rules = load_rules(data)
    for (region,), part in panel.group_by("region", maintain_order=True):
        # every place is checked by itself; only Taicang's series have a published history
        mine = rules if region == DEFAULT_REGION else [r for r in rules if r.id in ANY_PLACE]
        seen.extend(findings(part, data=data, today=today, rules=mine))
    for f in seen:
        if f.what is None:
            continue
        key = (f.region, f.indicator, f.year, f.month)
        reason = accepts.get(f.source_file, {}).get((f.indicator, f.year, f.month, f.what))
        if reason is not None:
            flags.setdefault(key, []).append(f"{WHAT_ZH[f.what]}: {f.text}")
            reasons.setdefault(key, []).append(reason)
        elif f.rule.action == "stop":
            stops.append(f)
        else:
            flags.setdefault(key, []).append(f"{WHAT_ZH[f.what]}: {f.text}")
    if stops:
        first = min(stops, key=lambda f: (f.source_file, f.source_row or 0, f.year or 0, f.month or 0))
        _raise(first, files, data)
    if not flags:
        return panel.cast(PANEL_SCHEMA)
    keys = pl.DataFrame(
        [{"region": k[0], "indicator": k[1], "year": k[2], "month": k[3], "_flag": "；".join(dict.fromkeys(v)),
          "_accepted": "；".join(dict.fromkeys(reasons.get(k, []))) or None} for k, v in flags.items()],
        schema={"region": pl.String, "indicator": pl.String, "year": pl.Int64, "month": pl.Int64,
                "_flag": pl.String, "_accepted": pl.String},
    )
    return (
        panel.join(keys, on=["region", "indicator", "year", "month"], how="left")
        .with_columns(flag=pl.coalesce("_flag", "flag"), accepted=pl.coalesce("_accepted", "accepted"))
        .drop("_flag", "_accepted")
        .select(list(PANEL_SCHEMA))
        .cast(PANEL_SCHEMA)
    )

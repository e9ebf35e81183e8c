"""Editions: the facts of each report, kept beside it, and what changed since the last one.

Every build writes ``<out>/editions/<edition>.json``: the year, the edition date, a hash of the
inputs, every figure the edition used (id, key, value, release, source) and every target's status.
An edition is immutable: rebuilding the same edition from the same inputs gives the same bytes;
different inputs under the same edition name is an error unless ``--replace``.

When an earlier edition exists, the report opens with 「本期变化」: revised figures (old → new, each
with its source), new figures by name (one on an existing key says which figure it supersedes:
7%左右 预计数 → 6.8%), removed figures, targets whose status changed, and rank changes.
``taicang-report diff OLD NEW`` prints the same in the terminal.

A figure's identity (:func:`identity`): a published figure is its ``figure_id`` (``b2-r009``: one line
of the research files, whatever its value); an analyst's or a bureau cell, or a value derived from them,
is its (region, indicator, measure, period), whichever file it came from. A revision is the same
identity with a new value or bound; two published figures on one (region, indicator, measure, period,
unit) key are two figures, never one silently overwriting the other.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import polars as pl

from taicang_analysis.notebook.formats import esc, fmt_date, fmt_figure, fmt_period, source_label, status_word
from taicang_analysis.vocabulary import MONTHS_PER_YEAR, zh

KEY = ("region", "indicator", "measure", "period", "unit")
#: a published figure's id: batch and line of the research files
_PUBLISHED_ID = re.compile(r"^b\d+-r\d+$")


def identity(f: dict) -> tuple:
    """A figure's identity across editions (see the module).

    Examples
    --------
    >>> identity({"id": "b1-r013", "key": ["太仓市", "gdp", "growth_pct", "2024", "%"]})
    ('figure', 'b1-r013')
    >>> identity({"id": "m-port_2023.csv-2", "key": ["太仓市", "port_teu", "level", "2023-06", "万标箱"]})
    ('cell', '太仓市', 'port_teu', 'level', '2023-06')
    """
    if _PUBLISHED_ID.match(f.get("id") or ""):
        return ("figure", f["id"])
    return ("cell", *f["key"][:4])


class EditionError(RuntimeError):
    """An edition exists with other inputs, or an edition file cannot be read."""


def inputs_hash(figures: pl.DataFrame, targets: pl.DataFrame) -> str:
    """A hash of the inputs of a build (figures and targets, as CSV text).

    Examples
    --------
    >>> f = pl.DataFrame({"a": [1]}); inputs_hash(f, f) == inputs_hash(f, f)
    True
    """
    digest = hashlib.sha256()
    for frame in (figures, targets):
        digest.update(frame.write_csv().encode("utf-8"))
    return digest.hexdigest()


def edition_facts(figures: pl.DataFrame, card: pl.DataFrame, *, year: int, edition: str, digest: str,
                  ranks: list[dict] | None = None) -> dict:
    """The facts of one edition (JSON-ready)."""
    used = figures.filter(pl.col("release") != "target", pl.col("value").is_not_null())
    figs = [
        {"id": r["figure_id"], "key": [r[k] for k in KEY], "value": r["value"], "bound": r["bound"],
         "release": r["release"], "year": r["year"], "month": r["month"], "period_type": r["period_type"],
         "indicator_zh": r["indicator_zh"], "source": r["source_title"]}
        for r in used.sort("figure_id").iter_rows(named=True)
    ]
    targets = [{"id": r["id"], "name": r.get("name") or r["id"], "status": r["status"],
                "complete": bool(r["complete"]), "latest": r["latest_value"], "month": r["month"]}
               for r in card.iter_rows(named=True)]
    return {"year": year, "edition": edition, "inputs": digest, "figures": figs, "targets": targets,
            "ranks": ranks or []}


def write_edition(folder: Path, facts: dict, *, replace: bool = False) -> Path:
    """Write the edition file; refuse other inputs under an existing edition name unless ``replace``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{facts['edition']}.json"
    text = json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if path.exists() and not replace:
        old = json.loads(path.read_text(encoding="utf-8"))
        if old.get("inputs") != facts["inputs"]:
            raise EditionError(f"编印日期 {facts['edition']} 的报告已用另一组数据生成过; "
                               "如确需覆盖, 请加 --replace (make report REPLACE=1); "
                               "否则请换一个编印日期(--edition)。")
    path.write_text(text, encoding="utf-8")
    return path


def read_edition(path: Path) -> dict:
    """Read an edition file (a clear error for a missing or broken one)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EditionError(f"无法读取期次文件 {path}: {exc}") from None


def previous_edition(folder: Path, edition: str, *, year: int) -> dict | None:
    """The latest edition of the same year before ``edition`` in ``folder``."""
    if not folder.exists():
        return None
    earlier = sorted(p for p in folder.glob("*.json") if p.stem < edition)
    for path in reversed(earlier):
        facts = read_edition(path)
        if facts.get("year") == year:
            return facts
    return None


def changes(old: dict, new: dict) -> dict:
    """What changed between two editions, figure by identity (:func:`identity`): revised figures (same
    identity, new value or bound), new ones (each with the figures of the previous edition it
    supersedes: same key, another identity), removed ones, status and rank changes.

    Examples
    --------
    >>> a = {"figures": [{"id": "x", "key": ["太仓市", "gdp", "level", "2023-04", "亿元"], "value": 1.0}],
    ...      "targets": [{"id": "t", "status": "on_track", "complete": False}], "ranks": []}
    >>> b = {"figures": [{"id": "y", "key": ["太仓市", "gdp", "level", "2023-04", "亿元"], "value": 2.0},
    ...                  {"id": "z", "key": ["太仓市", "gdp", "level", "2023-05", "亿元"], "value": 3.0}],
    ...      "targets": [{"id": "t", "status": "at_risk", "complete": False}], "ranks": []}
    >>> c = changes(a, b)   # x and y are analyst cells: one identity (region, indicator, measure, period)
    >>> len(c["new"]), [(r["old"]["value"], r["new"]["value"]) for r in c["revised"]], c["status"][0]["new"]
    (1, [(1.0, 2.0)], 'at_risk')
    >>> p = {"figures": [{"id": "b1-r013", "key": ["太仓市", "gdp", "growth_pct", "2024", "%"], "value": 7.0}]}
    >>> q = {"figures": [*p["figures"], {"id": "b3-r002", "key": ["太仓市", "gdp", "growth_pct", "2024", "%"],
    ...                                  "value": 6.8}]}
    >>> c = changes(p, q)   # two published figures on one key: a new figure that supersedes, no revision
    >>> [(f["id"], [o["id"] for o in f["supersedes"]]) for f in c["new"]], c["revised"], c["removed"]
    ([('b3-r002', ['b1-r013'])], [], [])
    """
    before = {identity(f): f for f in old.get("figures", [])}
    after = {identity(f): f for f in new.get("figures", [])}
    by_key: dict[tuple, list[dict]] = {}
    for f in old.get("figures", []):
        by_key.setdefault(tuple(f["key"]), []).append(f)
    added = [{**f, "supersedes": [o for o in by_key.get(tuple(f["key"]), []) if identity(o) != k]}
             for k, f in after.items() if k not in before]
    revised = [{"old": before[k], "new": f} for k, f in after.items()
               if k in before and (before[k]["value"], before[k].get("bound")) != (f["value"], f.get("bound"))]
    removed = [f for k, f in before.items() if k not in after]
    old_t = {t["id"]: t for t in old.get("targets", [])}
    status = [{"id": t["id"], "name": t.get("name", t["id"]), "old": old_t[t["id"]]["status"], "new": t["status"],
               "complete": t["complete"], "old_complete": old_t[t["id"]]["complete"]}
              for t in new.get("targets", []) if t["id"] in old_t and old_t[t["id"]]["status"] != t["status"]]
    old_r = {(r["indicator"], r["measure"]): r for r in old.get("ranks", [])}
    ranks = [{**r, "old_rank": old_r[(r["indicator"], r["measure"])]["rank"]} for r in new.get("ranks", [])
             if (r["indicator"], r["measure"]) in old_r and old_r[(r["indicator"], r["measure"])]["rank"] != r["rank"]]
    return {"new": added, "revised": revised, "removed": removed, "status": status, "ranks": ranks,
            "old_edition": old.get("edition"), "new_edition": new.get("edition")}


def _fig(f: dict) -> str:
    unit = f["key"][4]
    when = fmt_period(f.get("year"), f.get("month"), f.get("period_type") or "ytd", f["key"][3])
    place = "" if f["key"][0] == "太仓市" else f["key"][0]
    return f"{place}{f.get('indicator_zh') or f['key'][1]} {when} {fmt_figure(f['value'], unit, f.get('bound'))}"


def _value(f: dict) -> str:
    """A figure's value as published, with its release word: ``7%(预计数)``."""
    release = zh("release", f.get("release"), "")
    return fmt_figure(f["value"], f["key"][4], f.get("bound")) + (f"({release})" if release else "")


def change_lines(ch: dict, names: dict[str, str] | None = None) -> list[str]:
    """The changes as Chinese sentences (the report's 「本期变化」 and the terminal's diff)."""
    names = names or {}
    lines = []
    observed = [f for f in ch["new"] if f.get("release") != "derived"]
    if observed:
        months = sorted({(f.get("year"), f.get("month")) for f in observed}, key=lambda x: (x[0] or 0, x[1] or 0))
        when = "、".join(fmt_period(y, m, "ytd" if m and m < MONTHS_PER_YEAR else "year") for y, m in months[-3:])
        lines.append(f"新增数据{len(observed)}项(最新期: {when})。")
    if len(observed) < len(ch["new"]):
        lines.append(f"新增推算数{len(ch['new']) - len(observed)}项(公式见附录)。")
    for f in ch["new"]:
        what = "新增推算" if f.get("release") == "derived" else "新增"
        release = zh("release", f.get("release"), "")
        line = f"{what}: {_fig(f)}({release + '; ' if release else ''}来源: {source_label(f.get('source')) or '见附录'})"
        if f.get("supersedes"):
            line += ", 取代上一期的" + "、".join(_value(o) for o in f["supersedes"])
        lines.append(line + "。")
    for r in ch["revised"]:
        o, n = r["old"], r["new"]
        lines.append(f"修订: {_fig(o)} → {fmt_figure(n['value'], n['key'][4], n.get('bound'))}"
                     f"(原来源: {source_label(o.get('source')) or '见附录'}; 新来源: {source_label(n.get('source')) or '见附录'})。")
    for f in ch.get("removed", []):
        lines.append(f"删除: {_fig(f)}(来源: {source_label(f.get('source')) or '见附录'}), 本期数据中已没有。")
    for s in ch["status"]:
        lines.append(f"状态变化: {names.get(s['id'], s.get('name', s['id']))} {status_word(s['old'], complete=s['old_complete'])}"
                     f" → {status_word(s['new'], complete=s['complete'])}。")
    for r in ch["ranks"]:
        lines.append(f"位次变化: {r.get('label', r['indicator'])} 第{r['old_rank']}位 → 第{r['rank']}位。")
    return lines


def changes_html(ch: dict | None, names: dict[str, str] | None = None) -> str:
    """The report's 「本期变化」 section (the first edition says there is nothing to compare)."""
    if ch is None:
        body = "<p>这是本年度的第一期报告, 没有可比较的上一期。</p>"
    else:
        lines = change_lines(ch, names)
        body = (f"<p>与上一期({esc(fmt_date(ch['old_edition']))})相比:</p><ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines)
                + "</ul>") if lines else f"<p>与上一期({esc(fmt_date(ch['old_edition']))})相比, 数据和判断没有变化。</p>"
    return f"<section class='changes' aria-labelledby='changes'><h2 id='changes'>本期变化</h2>{body}</section>"

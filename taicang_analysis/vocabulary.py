"""The one vocabulary: every code the package uses, with its Chinese words and its rule.

One table, read by everything that needs a code or a word: the registry validator
(:mod:`taicang_analysis.sources.targets`), the status rules (:mod:`taicang_analysis.engine.status`,
codes and rules only — the engine holds no Chinese), the wording of the notebooks and the report
(:mod:`taicang_analysis.notebook.formats`) and the extractor (:mod:`taicang_analysis.extract`).

Each term has a ``domain`` (what it classifies), a ``code`` (what the data files and frames hold),
``zh`` (how a reader sees it) and, where one applies, a ``rule`` or a ``template``:

=================  ============================================================================
domain             what it classifies
=================  ============================================================================
``kind``           a target: growth rate, level, count, relative goal, qualitative goal
``qualifier``      the word that qualifies a target (左右, 以上, 突破 …) and its rule:
                   ``about`` (≥ T − tolerance), ``ge`` (≥ T), ``gt`` (> T), ``le`` (≤ T),
                   ``milestone`` (happened: a count ≥ 1), ``none`` (cannot be judged)
``bound``          a published figure: exact, lower bound ("超500"), approximate ("近500")
``status``         where a target stands (``zh``), how a finished year reads (``outcome``) and
                   how a what-if reads (``whatif``); ``colour`` is the badge colour, chosen for
                   a text contrast of at least 4.5:1 against white text
``measure``        what a figure measures: level, growth, new count, running total
``release``        how final a figure is: final (bulletin), preliminary (预计数), target, derived (推算),
                   plan (计划安排), expectation (an official's 预计/将); ``rule`` says what it can prove
``evidence``       what the figure behind a status can say: observed, derived (a verdict marked 推算),
                   context (a plan or expectation: no verdict), flagged (存疑: no verdict), none
``filled_by``      what would fill a gap in the data (the catalogue's ``filled_by``): the year's
                   statistical bulletin, the next work report's review, the monthly table's row,
                   a published list; ``template`` words it (``{year}``, ``{next}``, ``{name}``)
``reliability``    who published a figure (see :mod:`taicang_analysis.sources.reliability`)
``price_basis``    the price basis of an indicator's growth (可比价 / 现价)
=================  ============================================================================

Examples
--------
>>> zh("status", "at_risk"), word("status", "off_track", "outcome"), word("status", "met", "whatif")
('有风险', '未完成', '可完成')
>>> codes("qualifier")[:3]
('about', 'at_least', 'more_than')
>>> rule("qualifier", "exceed")
'gt'
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """One code of one domain, with its Chinese word and its rule or template."""

    domain: str
    code: str
    zh: str
    rule: str = ""
    template: str = ""
    outcome: str = ""
    whatif: str = ""
    colour: str = ""


TERMS: tuple[Term, ...] = (
    # target kinds
    Term("kind", "growth_rate", "增速目标"),
    Term("kind", "level", "总量目标"),
    Term("kind", "count", "数量目标"),
    Term("kind", "relative", "相对目标"),
    Term("kind", "qualitative", "定性目标"),
    # qualifiers: the order matters only for the engine's integer codes
    Term("qualifier", "about", "左右", rule="about", template="{v}左右"),
    Term("qualifier", "at_least", "以上", rule="ge", template="{v}以上"),
    Term("qualifier", "more_than", "超", rule="gt", template="超{v}"),
    Term("qualifier", "exceed", "突破", rule="gt", template="突破{v}"),
    Term("qualifier", "strive", "力争", rule="ge", template="力争{v}"),
    Term("qualifier", "exact", "", rule="ge", template="{v}"),
    Term("qualifier", "relative", "", rule="none", template="{v}"),
    Term("qualifier", "qualitative", "", rule="none", template="{v}"),
    Term("qualifier", "at_most", "以内", rule="le", template="{v}以内"),
    Term("qualifier", "milestone", "突破", rule="milestone", template="实现突破"),
    # bounds of a published figure
    Term("bound", "exact", "", template="{v}"),
    Term("bound", "lower", "以上", template="{v}以上"),
    Term("bound", "approximate", "约", template="约{v}"),
    # statuses (badge colours: white text on them has a contrast of at least 4.5:1)
    Term("status", "met", "已完成", outcome="已完成", whatif="可完成", colour="#1a7f37"),
    Term("status", "on_track", "进度正常", outcome="已完成", whatif="可完成", colour="#0b5cad"),
    Term("status", "at_risk", "有风险", outcome="未完成", whatif="难以完成", colour="#8a5a00"),
    Term("status", "off_track", "滞后", outcome="未完成", whatif="难以完成", colour="#b42318"),
    Term("status", "no_data", "无数据", outcome="无数据", whatif="无法测算", colour="#57606a"),
    # measures of a figure
    Term("measure", "level", "总量"),
    Term("measure", "growth_pct", "增速"),
    Term("measure", "count_new", "新增数"),
    Term("measure", "count_total", "累计数"),
    # releases of a figure; ``rule`` is the evidence it gives a target (see ``evidence`` below):
    # ``verdict`` a plain 已完成/未完成, ``marked`` a verdict that carries the release's word (已完成(推算)),
    # ``none`` no verdict at all (shown as context with its ``template``)
    Term("release", "final", "最终数", rule="verdict"),
    Term("release", "preliminary", "预计数", rule="verdict"),
    Term("release", "target", "目标", rule="none"),
    Term("release", "derived", "推算", rule="marked"),
    Term("release", "plan", "计划数", rule="none", template="计划安排{v}"),
    Term("release", "expectation", "预期数", rule="none", template="预期{v}"),
    # the evidence behind a status (engine.status.evidence): what the figure judged can say
    Term("evidence", "observed", "", rule="verdict"),
    Term("evidence", "derived", "推算", rule="marked"),
    Term("evidence", "context", "不作判断", rule="none"),
    Term("evidence", "flagged", "存疑, 不作判断", rule="none"),
    Term("evidence", "none", "", rule="none"),
    # what would fill a gap (data/indicators.csv column filled_by); no department is named
    Term("filled_by", "bulletin", "统计公报", template="{year}年统计公报的全年数"),
    Term("filled_by", "review", "次年政府工作报告", template="{next}年政府工作报告对{year}年的回顾"),
    Term("filled_by", "monthly", "统计月报", template="统计月报中“{name}”一行的12月累计数"),
    Term("filled_by", "list", "公布的名单", template="{year}年公布的{name}名单"),
    # reliability of a figure's source
    Term("reliability", "official", "官方发布"),
    Term("reliability", "official_repost", "官方转载"),
    Term("reliability", "news", "媒体报道"),
    Term("reliability", "secondary", "二手资料"),
    Term("reliability", "doubtful", "存疑"),
    # price basis of growth
    Term("price_basis", "comparable", "可比价"),
    Term("price_basis", "current", "现价"),
    Term("price_basis", "comparable_firms", "可比口径"),
)

_BY_KEY = {(t.domain, t.code): t for t in TERMS}


def codes(domain: str) -> tuple[str, ...]:
    """Every code of a domain, in table order.

    Examples
    --------
    >>> codes("bound")
    ('exact', 'lower', 'approximate')
    """
    found = tuple(t.code for t in TERMS if t.domain == domain)
    if not found:
        raise KeyError(f"no vocabulary domain {domain!r}")
    return found


def term(domain: str, code: str) -> Term:
    """The term of a code; a ``KeyError`` that names the known codes otherwise."""
    try:
        return _BY_KEY[(domain, code)]
    except KeyError:
        raise KeyError(f"{code!r} is not a {domain} code; known: {', '.join(codes(domain))}") from None


def zh(domain: str, code: str | None, default: str = "") -> str:
    """The Chinese word of a code (``default`` for an unknown or missing code).

    Examples
    --------
    >>> zh("measure", "growth_pct"), zh("release", "derived"), zh("release", None, "—")
    ('增速', '推算', '—')
    """
    t = _BY_KEY.get((domain, code or ""))
    return t.zh if t is not None else default


def word(domain: str, code: str, field: str) -> str:
    """Another field of a term (``outcome``, ``whatif``, ``colour``, ``template``, ``rule``)."""
    return getattr(term(domain, code), field)


def rule(domain: str, code: str) -> str:
    """The rule of a code (qualifiers)."""
    return term(domain, code).rule


def codes_with_rule(domain: str, *rules: str) -> tuple[str, ...]:
    """Codes of a domain whose rule is one of ``rules``.

    Examples
    --------
    >>> codes_with_rule("qualifier", "gt")
    ('more_than', 'exceed')
    """
    return tuple(t.code for t in TERMS if t.domain == domain and t.rule in rules)


KINDS = codes("kind")
QUALIFIERS = codes("qualifier")
BOUNDS = codes("bound")
STATUSES = codes("status")
MEASURES = codes("measure")
RELEASES = codes("release")
EVIDENCE = codes("evidence")
RELIABILITIES = codes("reliability")
FILLED_BY = codes("filled_by")
NUMERIC_KINDS = ("growth_rate", "level", "count")
MONTHS_PER_YEAR = 12
"""Months in a year: the period that closes a year-to-date series (the one place this number is written)."""

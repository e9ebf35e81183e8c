"""Target qualifiers and status: met, on track, at risk, off track, no data.

Qualifiers (registry column ``qualifier``) and how a value is judged against a
target ``T`` (:func:`meets_target`):

===============  ====================  ==============================================
qualifier        report wording        met when
===============  ====================  ==============================================
``about``        左右 (about)          value ≥ T − tolerance (default 0.5 pp)
``at_least``     以上 (at least)       value ≥ T
``exact``        plain figure          value ≥ T
``strive``       力争 (strive for)     value ≥ T
``more_than``    超 / 余 (more than)   value > T
``exceed``       突破 (break through)  value > T — "突破900万标箱" is **not** met at
                                       exactly 900; it needs more than 900
``relative``     基本同步 etc.         not decidable numerically → null
``at_most``      以内 / 控制在         value ≤ T (an upper limit)
``milestone``    实现…突破             it happened: a count ≥ 1
``relative``     基本同步 etc.         not decidable numerically → null
``qualitative``  稳中提质 etc.         not decidable numerically → null
===============  ====================  ==============================================

The codes and their rules are the vocabulary's (:mod:`taicang_analysis.vocabulary`).

Ranges (``value_high`` not null, e.g. 2~3 listings, 3~5 projects) are met at
the low end; :func:`meets_high_end` reports whether the high end is reached.

Figures may be bounds (column ``bound``): ``"lower"`` ("over 500", 超500): the true
value is at least the figure, so a target is met only when the bound itself
meets it; otherwise the outcome **cannot be decided** (null / ``"no_data"``),
never guessed.  ``"approximate"`` ("almost 500", 近500): the true value is at
most about the figure; a shortfall is decided, a success is not.  ``"exact"``:
used as is.

Unknown qualifiers or bounds give null (undecided), not a guess.
"""

from __future__ import annotations

import polars as pl

from taicang_analysis import vocabulary
from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr, as_expr, as_float
from taicang_analysis.engine.formulas import needed_per_month
from taicang_analysis.vocabulary import BOUNDS, KINDS, QUALIFIERS, STATUSES, codes_with_rule

__all__ = [
    "ABOUT_TOLERANCE_PP",
    "evidence",
    "BOUNDS",
    "KINDS",
    "QUALIFIERS",
    "STATUSES",
    "meets_target",
    "target_status",
]

ABOUT_TOLERANCE_PP = 0.5
"""Tolerance of a 左右 (``about``) growth target, in percentage points: 5%左右 is met from 4.5%."""

def _coded(x: IntoExpr, domain: str) -> pl.Expr:
    """A code of the vocabulary as an ``Enum`` expression: a known code is a literal, any other string
    a column name (String, Categorical or Enum); an unknown code is null. Comparing ``Enum`` values
    with named codes reads as the rule is written and costs what small integers cost."""
    codes = vocabulary.codes(domain)
    if isinstance(x, str) and x in codes:
        return pl.lit(x, dtype=pl.Enum(codes))
    return as_expr(x).cast(pl.Enum(codes), strict=False)


def _having(code: pl.Expr, domain: str, *rules: str) -> pl.Expr:
    """True where ``code`` is a code of ``domain`` whose vocabulary rule is one of ``rules``."""
    return code.is_in(codes_with_rule(domain, *rules)).fill_null(False)


_STATUS = pl.Enum(STATUSES)
MET, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = (pl.lit(c, dtype=_STATUS) for c in (
    "met", "on_track", "at_risk", "off_track", "no_data"))


_RULES = ("about", "ge", "gt", "le", "milestone")


def _rule_of(qualifier: pl.Expr) -> pl.Expr:
    """The vocabulary's rule of a qualifier code (``about``, ``ge``, ``gt``, ``le``, ``milestone``; null
    for a qualifier that cannot be judged or an unknown one), as an ``Enum``."""
    chain = None
    for r in _RULES:
        when = qualifier.is_in(codes_with_rule("qualifier", r))
        chain = (pl.when(when) if chain is None else chain.when(when)).then(pl.lit(r, dtype=pl.Enum(_RULES)))
    return chain.otherwise(None)


def _meets_point(v: pl.Expr, t: pl.Expr, rule: pl.Expr, tol: pl.Expr) -> pl.Expr:
    """Boolean met / not met for one figure taken at face value (null if undecidable), under a
    qualifier's rule (:func:`_rule_of`)."""
    return (
        pl.when(rule == "about").then(v >= t - tol)
        .when(rule == "ge").then(v >= t)
        .when(rule == "gt").then(v > t)
        .when(rule == "le").then(v <= t)
        .when(rule == "milestone").then(v >= 1)  # it happened: at least one
        .otherwise(None)
    )


def meets_target(
    value: IntoExpr,
    target: IntoExpr,
    *,
    qualifier: IntoExpr = "exact",
    bound: IntoExpr = "exact",
    tolerance: IntoExpr = ABOUT_TOLERANCE_PP,
) -> pl.Expr:
    """Whether a figure meets a target under the registry's qualifier (Boolean, null = undecided).

    Rule (``T`` = target, low end of a range):

    * ``about``: value ≥ T − tolerance; ``at_least`` / ``exact`` / ``strive``:
      value ≥ T; ``more_than`` / ``exceed``: value > T (strictly; 突破900 is not
      met at 900);
    * ``relative`` / ``qualitative`` / unknown qualifier / missing value or
      target: null;
    * ``bound="lower"`` ("over X"): True if X itself meets the target, else null
      (cannot be decided from a lower bound);
    * ``bound="approximate"`` ("almost X"): False if X fails, else null.

    Parameters
    ----------
    value
        The figure (achieved growth in % or a level/count).
    target
        Target value (low end of a range).
    qualifier
        A qualifier code (literal, e.g. ``"exceed"``) or a column name such as
        ``"qualifier"``.
    bound
        ``"exact"``, ``"lower"``, ``"approximate"`` or a column name such as
        ``"bound"``.
    tolerance
        Tolerance of ``about`` targets in the target's unit; the default 0.5 is
        meant for growth rates (percentage points).

    Returns
    -------
    pl.Expr
        Boolean (null where undecidable or missing).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame(
    ...     {
    ...         "v": [900.0, 900.1, 4.6, 4.4, 480.0, 520.0, 60.0],
    ...         "t": [900.0, 900.0, 5.0, 5.0, 500.0, 500.0, 50.0],
    ...         "q": ["exceed", "exceed", "about", "about", "at_least", "at_least", "at_least"],
    ...         "b": ["exact", "exact", "exact", "exact", "lower", "lower", "approximate"],
    ...     }
    ... )
    >>> df.select(meets_target("v", "t", qualifier="q", bound="b")).to_series().to_list()
    [False, True, True, False, None, True, None]
    """
    v, t, tol = as_float(value), as_float(target), as_float(tolerance)
    b = _coded(bound, "bound")
    point = _meets_point(v, t, _rule_of(_coded(qualifier, "qualifier")), tol)
    return (
        pl.when(b == "exact").then(point)
        .when(b == "lower").then(pl.when(point).then(True).otherwise(None))  # only a success is decided
        .when(b == "approximate").then(pl.when(point.not_()).then(False).otherwise(None))  # only a shortfall
        .otherwise(None)
        .alias("meets_target")
    )


def evidence(*, release: IntoExpr = "final", flagged: IntoExpr = False) -> pl.Expr:
    """What the figure behind a status can say (an ``evidence`` code of the vocabulary).

    * ``flagged`` — the figure is flagged 存疑 (a plausibility or consistency rule saw something):
      it never sets a status;
    * ``context`` — a plan (计划安排), an official's expectation or a target: shown beside the target,
      never a verdict (release rule ``none``);
    * ``derived`` — a value derived by arithmetic (推算): a verdict, which says 推算 wherever it is shown
      (release rule ``marked``);
    * ``observed`` — an outturn or a monthly figure: a plain verdict.

    Examples
    --------
    >>> df = pl.DataFrame({"r": ["final", "derived", "plan", "final", None], "f": [False, False, False, True, None]})
    >>> df.select(evidence(release="r", flagged="f")).to_series().to_list()
    ['observed', 'derived', 'context', 'flagged', 'observed']
    """
    r = _coded(release, "release")
    flag = as_expr(flagged).cast(pl.Boolean).fill_null(False)
    return (
        pl.when(flag).then(pl.lit("flagged"))
        .when(_having(r, "release", "none")).then(pl.lit("context"))
        .when(_having(r, "release", "marked")).then(pl.lit("derived"))
        .otherwise(pl.lit("observed"))
        .alias("evidence")
    )


def _pace(ratio: pl.Expr, on_track_ratio: float, at_risk_ratio: float) -> pl.Expr:
    """In-year pace: the achieved pace as a share of the pace the target needs."""
    return pl.when(ratio >= on_track_ratio).then(ON_TRACK).when(ratio >= at_risk_ratio).then(AT_RISK).otherwise(OFF_TRACK)


def target_status(
    *,
    kind: IntoExpr,
    target: IntoExpr,
    month: IntoExpr = "month",
    ytd_value: IntoExpr = "ytd_value",
    ytd_growth: IntoExpr = "ytd_growth",
    required: IntoExpr = None,
    qualifier: IntoExpr = "exact",
    bound: IntoExpr = "exact",
    release: IntoExpr = "final",
    flagged: IntoExpr = False,
    seasonal: IntoExpr = None,
    tolerance: float = ABOUT_TOLERANCE_PP,
    at_risk_gap: float = 2.0,
    on_track_ratio: float = 0.95,
    at_risk_ratio: float = 0.60,
    level_tolerance: float = 1.0,
    periods: int = MONTHS_PER_YEAR,
) -> pl.Expr:
    """Status of a target: ``met``, ``on_track``, ``at_risk``, ``off_track`` or ``no_data`` — the one
    status decision of the package (the scorecard, the editions and the scenarios all use it).

    The rule, in order:

    1. **Evidence** (:func:`evidence`). A figure flagged 存疑 (``flagged``) never sets a status; a plan,
       an expectation or a target (``release`` whose vocabulary rule is ``none``) is context, not an
       outcome: both give ``no_data``. A derived value (推算) is judged like an observed one; its
       words carry 推算 (the notebook layer adds them from :func:`evidence`).
    2. **No data** — kind ``relative`` / ``qualitative`` (or unknown), a missing target, month or
       figure, an unknown qualifier, or (in-year growth targets) a missing required growth.
    3. **Growth targets** (``kind == "growth_rate"``, figure = ``ytd_growth``):

       - month 12 (year complete): :func:`meets_target` → ``met``, else ``off_track``;
       - in year: shortfall = ``required`` − ``ytd_growth`` (pp), where ``required`` is the growth
         the remaining months need (:func:`~taicang_analysis.engine.formulas.required_growth`):
         ``on_track`` if ≤ ``tolerance`` (0.5 pp), ``at_risk`` if ≤ ``at_risk_gap`` (2 pp), else
         ``off_track``. A growth target is never ``met`` before the year is complete;
       - a ceiling (``at_most``) in year: ``on_track`` while ytd growth ≤ T, else ``at_risk``.
    4. **Level and count targets** (figure = ``ytd_value``):

       - a milestone (实现…突破) is ``met`` once the count is ≥ 1, ``off_track`` at month 12 without;
       - a ceiling (以内 / 不超过 / 控制在) is judged when already exceeded (``off_track``) or at month
         12 (``met`` when within it); in year and within it: ``no_data`` (not judged yet);
       - ytd already meets the target → ``met`` (any month); month 12 and not met → ``off_track``;
       - in year, the pace: where last year's months are known (``seasonal``: last year's cumulative
         share of the year by this month, %), completion ÷ that share; otherwise the achieved
         monthly pace ``ytd / m`` ÷ the pace needed ``(T − ytd) / (12 − m)``. A ratio ≥
         ``on_track_ratio`` (0.95) is ``on_track``, ≥ ``at_risk_ratio`` (0.60) ``at_risk``, else
         ``off_track``.
    5. **Qualifiers** as in :func:`meets_target`; ``about`` uses ``tolerance`` (pp) for growth targets
       and ``level_tolerance`` (percent of the target, default 1 %) for level and count targets.
       Ranges: pass the low end as ``target``.
    6. **Bounds** — ``lower`` ("over X"): the truth is at least as good as X, so only the best status
       X can give is kept (``met``; ``on_track`` for an in-year growth target, which cannot yet be
       ``met``), anything else is ``no_data``. ``approximate`` ("almost X"): only ``off_track`` is
       kept. An unknown bound: ``no_data``.

    Parameters
    ----------
    kind
        A kind code (``"growth_rate"``, ``"level"``, ``"count"``, ...) or a column name.
    target
        Target (percent for growth targets; level or count otherwise).
    month
        Last month of the year-to-date period.
    ytd_value, ytd_growth
        Year-to-date level and cumulative growth (%).
    required
        Growth needed over the remaining months (%) for in-year growth targets.
    qualifier, bound, release
        Codes or column names (see :func:`meets_target`, :func:`evidence`).
    flagged
        True where the figure is flagged 存疑 (a column name or an expression).
    seasonal
        Last year's cumulative share of the year by this month (%), where known.
    tolerance
        ``about`` tolerance and on-track margin for growth targets (pp).
    at_risk_gap
        Largest shortfall (pp) still counted ``at_risk`` for growth targets.
    on_track_ratio, at_risk_ratio
        Pace-ratio thresholds for level and count targets.
    level_tolerance
        ``about`` tolerance for level and count targets, in percent of the target.
    periods
        Months in a year.

    Returns
    -------
    pl.Expr
        String status.

    Examples
    --------
    >>> df = pl.DataFrame(
    ...     {
    ...         "kind": ["growth_rate", "growth_rate", "level", "level", "count", "qualitative"],
    ...         "target": [5.0, 6.0, 520.0, 900.0, 50.0, None],
    ...         "qualifier": ["about", "exact", "strive", "exceed", "at_least", "qualitative"],
    ...         "month": [6, 12, 6, 12, 6, 6],
    ...         "ytd_value": [None, None, 260.0, 900.0, 20.0, None],
    ...         "ytd_growth": [4.8, 6.2, None, None, None, None],
    ...         "required": [5.2, None, None, None, None, None],
    ...     }
    ... )
    >>> st = target_status(kind="kind", target="target", qualifier="qualifier", required="required")
    >>> df.select(st).to_series().to_list()
    ['on_track', 'met', 'on_track', 'off_track', 'at_risk', 'no_data']

    Row by row: shortfall 5.2 − 4.8 = 0.4 ≤ 0.5; 6.2 ≥ 6 at month 12; pace
    260/6 = 43.3 a month vs (520 − 260)/6 = 43.3 needed (ratio 1.0); 突破900
    needs more than 900; pace 20/6 = 3.33 vs 30/6 = 5 needed (ratio 0.67);
    qualitative.

    The same 183 projects against 超180: an outturn is met, a plan (计划安排) and a flagged figure
    decide nothing:

    >>> ev = pl.DataFrame({"r": ["final", "plan", "final"], "f": [False, False, True]})
    >>> ev.select(target_status(kind="count", target=180.0, month=12, ytd_value=183.0, ytd_growth=None,
    ...                         qualifier="more_than", release="r", flagged="f")).to_series().to_list()
    ['met', 'no_data', 'no_data']
    """
    # every input once, as fields of one struct (so that each is evaluated once, eager mode too)
    f = pl.field
    inputs = pl.struct(
        k=_coded(kind, "kind"), rule=_rule_of(_coded(qualifier, "qualifier")), b=_coded(bound, "bound"),
        m=as_float(month), t=as_float(target), vl=as_float(ytd_value), vg=as_float(ytd_growth),
        req=as_float(required), share=as_float(seasonal),
        speaks=evidence(release=release, flagged=flagged).is_in(["observed", "derived"]),
    )
    m, t, rule = f("m"), f("t"), f("rule")
    v_level, v_growth, req, share = f("vl"), f("vg"), f("req"), f("share")
    year_done = (m >= periods).fill_null(False)
    at_most = (rule == "le").fill_null(False)
    milestone = (rule == "milestone").fill_null(False)
    met = inputs.struct.with_fields(
        g_met=_meets_point(v_growth, t, rule, pl.lit(float(tolerance))),
        l_met=_meets_point(v_level, t, rule, t * (float(level_tolerance) / 100.0)),
    )
    g_met, l_met = f("g_met"), f("l_met")

    # growth targets, the figure at face value
    shortfall = req - v_growth
    growth = (
        pl.when(v_growth.is_null() | t.is_null() | m.is_null()).then(NO_DATA)
        .when(year_done).then(pl.when(g_met).then(MET).when(g_met.not_()).then(OFF_TRACK).otherwise(NO_DATA))
        .when(at_most & (m >= 1)).then(pl.when(v_growth <= t).then(ON_TRACK).otherwise(AT_RISK))
        .when((m < 1) | req.is_null() | g_met.is_null()).then(NO_DATA)
        .when(shortfall <= tolerance).then(ON_TRACK)
        .when(shortfall <= at_risk_gap).then(AT_RISK)
        .otherwise(OFF_TRACK)
    )

    # level and count targets, the figure at face value
    required_pace = needed_per_month(v_level, t, m, periods=periods)
    seasonal_known = share.is_not_null() & (share > 0)
    level = (
        pl.when(v_level.is_null() | t.is_null() | m.is_null() | (m < 1)).then(NO_DATA)
        .when(milestone).then(pl.when(l_met).then(MET).when(year_done).then(OFF_TRACK).otherwise(NO_DATA))
        .when(at_most).then(pl.when(l_met.not_()).then(OFF_TRACK).when(year_done).then(MET).otherwise(NO_DATA))
        .when(l_met).then(MET)
        .when(l_met.is_null()).then(NO_DATA)
        .when(year_done).then(OFF_TRACK)
        .when(seasonal_known).then(_pace(v_level / t * 100.0 / share, on_track_ratio, at_risk_ratio))
        .when(required_pace <= 0).then(ON_TRACK)  # e.g. "exceed" with ytd exactly at target
        .otherwise(_pace((v_level / m) / required_pace, on_track_ratio, at_risk_ratio))
    )
    growth_kind = (f("k") == "growth_rate").fill_null(False)
    faced = met.struct.with_fields(
        face=pl.when(growth_kind).then(growth).when(f("k").is_in(["level", "count"]).fill_null(False)).then(level)
        .otherwise(NO_DATA),
        best=pl.when(growth_kind & ~year_done).then(ON_TRACK).otherwise(MET),
    )
    face, b = f("face"), f("b")

    # what a bound lets the figure decide, and what the evidence lets it decide
    decided = (
        pl.when(~f("speaks")).then(NO_DATA)
        .when(b == "exact").then(face)
        .when(b == "lower").then(pl.when(face == f("best")).then(face).otherwise(NO_DATA))
        .when(b == "approximate").then(pl.when(face == OFF_TRACK).then(face).otherwise(NO_DATA))
        .otherwise(NO_DATA)
    )
    status = faced.struct.with_fields(status=decided).struct.field("status")
    # the code as text: a lookup of the Enum's index (cheaper than a cast over millions of rows)
    return pl.lit(pl.Series(STATUSES, dtype=pl.String)).gather(status.to_physical()).alias("status")



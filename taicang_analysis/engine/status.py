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

from taicang_analysis.engine._common import MONTHS_PER_YEAR, IntoExpr, as_expr, as_float
from taicang_analysis.engine.formulas import needed_per_month
from taicang_analysis.vocabulary import BOUNDS, KINDS, QUALIFIERS, STATUSES, codes_with_rule

__all__ = [
    "BOUNDS",
    "KINDS",
    "QUALIFIERS",
    "STATUSES",
    "meets_high_end",
    "meets_target",
    "path_status",
    "seasonal_pace_status",
    "target_status",
]

ABOUT_TOLERANCE_PP = 0.5
"""Tolerance of a 左右 (``about``) growth target, in percentage points: 5%左右 is met from 4.5%."""

_UNKNOWN = 99


def _code(x: IntoExpr, codes: tuple[str, ...]) -> pl.Expr:
    """Integer code (index in ``codes``; 99 = unknown) of a code literal or a code column.

    A known code string is a literal; any other string is a column name (String, Categorical
    or Enum; an ``Enum`` column with exactly these codes is mapped at no cost).  Working on
    small integers keeps the status rule cheap over millions of rows.
    """
    if isinstance(x, str) and x in codes:
        return pl.lit(codes.index(x), dtype=pl.UInt8)
    return (
        as_expr(x)
        .cast(pl.Enum(list(codes)), strict=False)  # by name; unknown codes -> null
        .to_physical()
        .fill_null(_UNKNOWN)
        .cast(pl.UInt8)
    )


_Q = {q: i for i, q in enumerate(QUALIFIERS)}
_ABOUT = [_Q[q] for q in codes_with_rule("qualifier", "about")]
_INCLUSIVE = [_Q[q] for q in codes_with_rule("qualifier", "ge")]
_STRICT = [_Q[q] for q in codes_with_rule("qualifier", "gt")]
_AT_MOST = [_Q[q] for q in codes_with_rule("qualifier", "le")]
_MILESTONE = [_Q[q] for q in codes_with_rule("qualifier", "milestone")]


def _meets_point(v: pl.Expr, t: pl.Expr, q: pl.Expr, tol: pl.Expr) -> pl.Expr:
    """Boolean met / not met for one figure taken at face value (null if undecidable).

    ``q`` is an integer qualifier code from :func:`_code`.
    """
    return (
        pl.when(q.is_in(_ABOUT))
        .then(v >= t - tol)
        .when(q.is_in(_INCLUSIVE))
        .then(v >= t)
        .when(q.is_in(_STRICT))
        .then(v > t)
        .when(q.is_in(_AT_MOST))
        .then(v <= t)
        .when(q.is_in(_MILESTONE))  # it happened: at least one (the target value is 1)
        .then(v >= 1)
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
    q = _code(qualifier, QUALIFIERS)
    b = _code(bound, BOUNDS)
    point = _meets_point(v, t, q, tol)
    return (
        pl.when(b == 0)  # exact
        .then(point)
        .when(b == 1)  # lower bound: only a success is decided
        .then(pl.when(point).then(True).otherwise(None))
        .when(b == 2)  # approximate ("almost X"): only a shortfall is decided
        .then(pl.when(point.not_()).then(False).otherwise(None))
        .otherwise(None)
        .alias("meets_target")
    )


def meets_high_end(value: IntoExpr, target_high: IntoExpr) -> pl.Expr:
    """Whether a figure reaches the high end of a range target (e.g. 3 of "2~3").

    .. math:: \\text{value} \\ge T_{high}

    Null where there is no high end (not a range) or the value is missing.

    Parameters
    ----------
    value
        The figure.
    target_high
        High end of the range (registry column ``value_high``).

    Returns
    -------
    pl.Expr
        Boolean.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"v": [2.0, 3.0, 2.0], "hi": [3.0, 3.0, None]})
    >>> df.select(meets_high_end("v", "hi")).to_series().to_list()
    [False, True, None]
    """
    v, hi = as_float(value), as_float(target_high)
    return pl.when(hi.is_not_null() & v.is_not_null()).then(v >= hi).alias("meets_high_end")


_MET, _ON_TRACK, _AT_RISK, _OFF_TRACK, _NO_DATA = range(5)


def _status_code(
    *,
    tolerance: float,
    at_risk_gap: float,
    on_track_ratio: float,
    at_risk_ratio: float,
    periods: int,
) -> pl.Expr:
    """Status code (index in STATUSES) of figures taken at face value.

    Written over the fields of the struct built in :func:`target_status` (``k``, ``q``,
    ``m``, ``t``, ``vl``, ``vg``, ``req``, ``g_met``, ``l_met``), so that every input is
    evaluated once even in eager mode.
    """
    f = pl.field
    k, m, t, req = f("k"), f("m"), f("t"), f("req")
    v_level, v_growth, g_met, l_met = f("vl"), f("vg"), f("g_met"), f("l_met")
    year_done = m >= periods
    at_most = f("q").is_in(_AT_MOST)
    milestone = f("q").is_in(_MILESTONE)

    # Growth targets.
    shortfall = req - v_growth
    growth = (
        pl.when(v_growth.is_null() | t.is_null() | m.is_null())
        .then(_NO_DATA)
        .when(year_done)
        .then(pl.when(g_met).then(_MET).when(g_met.not_()).then(_OFF_TRACK).otherwise(_NO_DATA))
        .when(at_most & (m >= 1))  # a ceiling on growth: fine while the ytd growth is within it
        .then(pl.when(v_growth <= t).then(_ON_TRACK).otherwise(_AT_RISK))
        .when((m < 1) | req.is_null() | g_met.is_null())  # g_met null: unusable qualifier
        .then(_NO_DATA)
        .when(shortfall <= tolerance)
        .then(_ON_TRACK)
        .when(shortfall <= at_risk_gap)
        .then(_AT_RISK)
        .otherwise(_OFF_TRACK)
    )

    # Level and count targets.
    achieved_pace = v_level / m
    required_pace = needed_per_month(v_level, t, m, periods=periods)
    level = (
        pl.when(v_level.is_null() | t.is_null() | m.is_null() | (m < 1))
        .then(_NO_DATA)
        .when(milestone)  # it happened (a count >= 1), or the year ended without it
        .then(pl.when(l_met).then(_MET).when(year_done).then(_OFF_TRACK).otherwise(_NO_DATA))
        .when(at_most)  # a ceiling: judged when already exceeded, or at year end
        .then(pl.when(l_met.not_()).then(_OFF_TRACK).when(year_done).then(_MET).otherwise(_NO_DATA))
        .when(l_met)
        .then(_MET)
        .when(l_met.is_null())
        .then(_NO_DATA)
        .when(year_done)
        .then(_OFF_TRACK)
        .when(required_pace <= 0)  # e.g. "exceed" with ytd exactly at target
        .then(_ON_TRACK)
        .when(achieved_pace >= on_track_ratio * required_pace)
        .then(_ON_TRACK)
        .when(achieved_pace >= at_risk_ratio * required_pace)
        .then(_AT_RISK)
        .otherwise(_OFF_TRACK)
    )
    growth_kind = KINDS.index("growth_rate")
    level_kinds = [KINDS.index("level"), KINDS.index("count")]
    return (
        pl.when(k == growth_kind)
        .then(growth)
        .when(k.is_in(level_kinds))
        .then(level)
        .otherwise(_NO_DATA)
        .cast(pl.Int32)
    )


def _bound_table() -> tuple[list[int], list[str]]:
    """Final status for every (face-value status, bound, in-year growth target) combination.

    key = status + 5 * bound + 20 * in_year_growth; bound 0 exact, 1 lower, 2 approximate,
    3 unknown.
    """
    keys, values = [], []
    for in_year_growth in (0, 1):
        best = _ON_TRACK if in_year_growth else _MET
        for bound in range(4):
            for st in range(5):
                if bound == 0:
                    final = st
                elif bound == 1:  # lower bound: truth is at least as good
                    final = st if st == best else _NO_DATA
                elif bound == 2:  # approximate ("almost X"): truth is at most as good
                    final = st if st == _OFF_TRACK else _NO_DATA
                else:
                    final = _NO_DATA
                keys.append(st + 5 * bound + 20 * in_year_growth)
                values.append(STATUSES[final])
    return keys, values


_BOUND_KEYS, _BOUND_VALUES = _bound_table()
_BOUND_LOOKUP = pl.Series(
    "status", [v for _, v in sorted(zip(_BOUND_KEYS, _BOUND_VALUES, strict=True))], pl.String
)


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
    tolerance: float = ABOUT_TOLERANCE_PP,
    at_risk_gap: float = 2.0,
    on_track_ratio: float = 0.95,
    at_risk_ratio: float = 0.60,
    level_tolerance: float = 1.0,
    periods: int = MONTHS_PER_YEAR,
) -> pl.Expr:
    """Status of a target: ``met``, ``on_track``, ``at_risk``, ``off_track`` or ``no_data``.

    The rule:

    * **No data** — kind ``relative`` / ``qualitative`` (or unknown), a missing
      target, month, figure, or (in-year growth targets) a missing required
      growth, an unknown qualifier: ``"no_data"``.  Never a guess.
    * **Growth targets** (``kind == "growth_rate"``, figure = ``ytd_growth``):

      - month 12 (year complete): :func:`meets_target` → ``met``, else ``off_track``;
      - in year: shortfall = ``required`` − ``ytd_growth`` (pp), where
        ``required`` is the growth needed over the remaining months
        (:func:`~taicang_analysis.engine.formulas.required_growth`):
        ``on_track`` if shortfall ≤ ``tolerance`` (0.5 pp), ``at_risk`` if
        ≤ ``at_risk_gap`` (2 pp), else ``off_track``.  A growth target is
        never ``met`` before the year is complete.
    * **Level / count targets** (``kind`` in ``level``, ``count``, figure =
      ``ytd_value``):

      - ytd already meets the target (qualifier rule) → ``met`` (any month);
      - month 12 and not met → ``off_track``;
      - in year: achieved monthly pace ``ytd / m`` against the required pace
        ``(target − ytd) / (12 − m)``: ratio ≥ ``on_track_ratio`` (0.95) →
        ``on_track``; ≥ ``at_risk_ratio`` (0.60) → ``at_risk``; else
        ``off_track``.
    * **Upper limits** (qualifier ``at_most``, 以内 / 不超过 / 控制在): a level or
      count target is judged only when the year-to-date figure already exceeds
      it (``off_track``) or at month 12 (``met`` when ≤ T, else ``off_track``);
      in year and still within it: ``no_data`` (not judged yet).  A growth
      target in year: ``on_track`` while ytd growth ≤ T, else ``at_risk`` (a
      growth rate can still come down); at month 12 as any growth target.
    * **Milestones** (qualifier ``milestone``, 实现…突破): ``met`` as soon as
      the count figure is ≥ 1; otherwise ``no_data`` in year and ``off_track``
      at month 12.
    * **Qualifiers** as in :func:`meets_target`; ``about`` uses ``tolerance``
      (pp) for growth targets and ``level_tolerance`` (percent of the target,
      default 1 %) for level/count targets.  Ranges: pass the low end as
      ``target``.
    * **Bounds** — ``"lower"`` ("over X"): the true status is at least as good
      as the status of X, so it is decided only when X gives the best status
      possible (``met``; or ``on_track`` for an in-year growth target, which
      cannot yet be ``met``); otherwise ``"no_data"`` (cannot be decided from a
      lower bound).  ``"approximate"`` ("almost X"): decided only when X gives
      ``off_track``; otherwise ``"no_data"``.

    Parameters
    ----------
    kind
        A kind code (``"growth_rate"``, ``"level"``, ``"count"``, ...) or a column name.
    target
        Target (percent for growth targets; level or count otherwise).
    month
        Last month of the year-to-date period.
    ytd_value, ytd_growth
        Year-to-date level and cumulative growth (%); pass ``None`` for a frame
        that has only one of them.
    required
        Growth needed over the remaining months (%) for in-year growth targets.
    qualifier, bound
        Codes or column names (see :func:`meets_target`).
    tolerance
        ``about`` tolerance and on-track margin for growth targets (pp).
    at_risk_gap
        Largest shortfall (pp) still counted ``at_risk`` for growth targets.
    on_track_ratio, at_risk_ratio
        Pace-ratio thresholds for level/count targets.
    level_tolerance
        ``about`` tolerance for level/count targets, in percent of the target.
    periods
        Months in a year.

    Returns
    -------
    pl.Expr
        String status.

    Examples
    --------
    >>> import polars as pl
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
    """
    f = pl.field
    inputs = pl.struct(
        k=_code(kind, KINDS),
        q=_code(qualifier, QUALIFIERS),
        b=_code(bound, BOUNDS).clip(upper_bound=3),
        m=as_float(month),
        t=as_float(target),
        vl=as_float(ytd_value),
        vg=as_float(ytd_growth),
        req=as_float(required),
    )
    met = inputs.struct.with_fields(
        g_met=_meets_point(f("vg"), f("t"), f("q"), pl.lit(float(tolerance))),
        l_met=_meets_point(f("vl"), f("t"), f("q"), f("t") * (float(level_tolerance) / 100.0)),
    )
    code = met.struct.with_fields(
        st=_status_code(
            tolerance=float(tolerance),
            at_risk_gap=float(at_risk_gap),
            on_track_ratio=float(on_track_ratio),
            at_risk_ratio=float(at_risk_ratio),
            periods=periods,
        ),
        in_year_growth=((f("k") == KINDS.index("growth_rate")) & (f("m") < periods))
        .fill_null(False)
        .cast(pl.Int32),
    )
    key = code.struct.with_fields(
        key=f("st") + 5 * f("b").cast(pl.Int32) + 20 * f("in_year_growth")
    ).struct.field("key")
    return pl.lit(_BOUND_LOOKUP).gather(key).alias("status")


def seasonal_pace_status(
    completion: IntoExpr,
    benchmark: IntoExpr,
    *,
    on_track_ratio: float = 0.95,
    at_risk_ratio: float = 0.60,
) -> pl.Expr:
    """In-year status of a level or count target against a seasonal benchmark.

    Where last year's months are known, the share of the year a target "should" have reached by
    month *m* is last year's share (:func:`~taicang_analysis.engine.formulas.seasonal_progress`),
    not m/12. The rule has the thresholds of :func:`target_status`'s pace rule:

    * completion ≥ ``on_track_ratio`` × benchmark → ``on_track``;
    * ≥ ``at_risk_ratio`` × benchmark → ``at_risk``; else ``off_track``;
    * a missing or non-positive benchmark, or missing completion → ``no_data``.

    Parameters
    ----------
    completion
        Completion rate (%) of the target.
    benchmark
        Expected progress (%) at this month, e.g. last year's cumulative share.

    Returns
    -------
    pl.Expr
        String status.

    Examples
    --------
    Completion 30 % by April against last year's April share 40 %: 30 / 40 = 0.75 → at risk; against
    31 %: 0.97 → on track:

    >>> import polars as pl
    >>> df = pl.DataFrame({"c": [30.0, 30.0, 10.0, 30.0], "b": [40.0, 31.0, 40.0, None]})
    >>> df.select(seasonal_pace_status("c", "b")).to_series().to_list()
    ['at_risk', 'on_track', 'off_track', 'no_data']
    """
    c, b = as_float(completion), as_float(benchmark)
    return (
        pl.when(c.is_null() | b.is_null() | (b <= 0))
        .then(pl.lit("no_data"))
        .when(c >= on_track_ratio * b)
        .then(pl.lit("on_track"))
        .when(c >= at_risk_ratio * b)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
        .alias("status")
    )


def path_status(
    actual_growth: IntoExpr,
    required_growth: IntoExpr,
    *,
    on_track: float = 0.95,
    at_risk: float = 0.60,
) -> pl.Expr:
    """Status of a multi-year path from the ratio of actual to required growth.

    Eurostat's SDG monitoring method (also used by Open SDG) for quantified
    targets: the ratio ``ρ = actual / required`` of the actual average annual
    growth since the base year to the growth required to reach the target by
    the target year (see
    :func:`~taicang_analysis.engine.formulas.compound_growth`):

    * ρ ≥ 95 % → ``on_track`` (Eurostat: significant progress);
    * 60 % ≤ ρ < 95 % → ``at_risk`` (moderate progress);
    * 0 ≤ ρ < 60 % → ``off_track`` (insufficient progress);
    * ρ < 0 → ``off_track`` (movement away from the target).

    Works for reduction targets too (both rates negative).  A missing input or
    a required growth of exactly zero (ratio undefined) gives ``no_data``.

    Parameters
    ----------
    actual_growth
        Actual average annual growth (%).
    required_growth
        Required average annual growth (%).
    on_track, at_risk
        Ratio thresholds (fractions).

    Returns
    -------
    pl.Expr
        String status.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"a": [5.0, 4.0, 2.0, -1.0, 1.0], "r": [5.0, 5.0, 5.0, 5.0, 0.0]})
    >>> df.select(path_status("a", "r")).to_series().to_list()  # ratios 1.0, 0.8, 0.4, -0.2
    ['on_track', 'at_risk', 'off_track', 'off_track', 'no_data']
    """
    a, r = as_float(actual_growth), as_float(required_growth)
    ratio = a / r
    return (
        pl.when(a.is_null() | r.is_null() | (r == 0))
        .then(pl.lit("no_data"))
        .when(ratio >= on_track)
        .then(pl.lit("on_track"))
        .when(ratio >= at_risk)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
        .alias("path_status")
    )

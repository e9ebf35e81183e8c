"""Tests for taicang_analysis.engine.status: qualifiers, bounds, ranges and the status rule."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from taicang_analysis.engine.formulas import required_growth, same_period_last_year, yoy_growth
from taicang_analysis.engine.status import STATUSES, evidence, meets_target, target_status
from taicang_analysis.engine.toolkit import last_year_full, meets_high_end, path_status

REGISTRY = Path(__file__).resolve().parents[1] / "data" / "targets" / "2023.csv"


def _meets(values, targets, **kw) -> list:
    df = pl.DataFrame({"v": values, "t": targets}, schema={"v": pl.Float64, "t": pl.Float64})
    return df.select(meets_target("v", "t", **kw).alias("m"))["m"].to_list()


# --------------------------------------------------------------------------- qualifiers


def test_about_uses_half_point_tolerance_by_default():
    # 5%左右: met from 5 - 0.5 = 4.5 upward.
    assert _meets([4.5, 4.49, 5.0, 6.3], [5.0] * 4, qualifier="about") == [
        True,
        False,
        True,
        True,
    ]


def test_about_tolerance_is_adjustable():
    # tolerance 1.0 pp: 4.2 >= 5 - 1 = 4.0 -> met; 3.9 < 4.0 -> not.
    assert _meets([4.2, 3.9], [5.0, 5.0], qualifier="about", tolerance=1.0) == [True, False]


def test_at_least_exact_strive_are_inclusive():
    for q in ("at_least", "exact", "strive"):
        assert _meets([50.0, 49.0, 51.0], [50.0] * 3, qualifier=q) == [True, False, True], q


def test_exceed_and_more_than_are_strict():
    # 突破900万标箱: exactly 900 is not a breakthrough.
    assert _meets([900.0, 900.5, 899.0], [900.0] * 3, qualifier="exceed") == [False, True, False]
    assert _meets([180.0, 181.0], [180.0] * 2, qualifier="more_than") == [False, True]


def test_relative_qualitative_unknown_and_missing_are_undecided():
    assert _meets([5.0], [5.0], qualifier="relative") == [None]
    assert _meets([5.0], [5.0], qualifier="qualitative") == [None]
    df = pl.DataFrame({"v": [5.0], "t": [5.0], "q": ["roughly"]})
    assert df.select(meets_target("v", "t", qualifier="q")).item() is None
    assert _meets([None, 5.0], [5.0, None], qualifier="at_least") == [None, None]


def test_qualifier_and_bound_as_columns():
    df = pl.DataFrame(
        {
            "v": [900.0, 4.6, 52.0],
            "t": [900.0, 5.0, 50.0],
            "qualifier": ["exceed", "about", "at_least"],
            "bound": ["exact", "exact", "lower"],
        }
    )
    out = df.select(meets_target("v", "t", qualifier="qualifier", bound="bound"))
    assert out.to_series().to_list() == [False, True, True]


# --------------------------------------------------------------------------- ranges


def test_range_met_at_low_end_and_high_end_reported():
    # 力争新增上市企业2~3家: 1 -> not met; 2 -> met, high end not reached; 3 -> both.
    df = pl.DataFrame({"v": [1.0, 2.0, 3.0], "lo": [2.0] * 3, "hi": [3.0] * 3})
    met = df.select(meets_target("v", "lo", qualifier="strive")).to_series().to_list()
    high = df.select(meets_high_end("v", "hi")).to_series().to_list()
    assert met == [False, True, True]
    assert high == [False, False, True]


def test_high_end_null_when_not_a_range():
    df = pl.DataFrame({"v": [5.0], "hi": [None]}, schema={"v": pl.Float64, "hi": pl.Float64})
    assert df.select(meets_high_end("v", "hi")).item() is None


# --------------------------------------------------------------------------- bounds


def test_lower_bound_meets_only_when_the_bound_meets():
    # "over 500" vs at least 500: 500 itself meets -> met.
    # "over 480" vs at least 500: truth could be 490 or 510 -> undecided (null), not False.
    assert _meets([500.0, 480.0], [500.0, 500.0], qualifier="at_least", bound="lower") == [
        True,
        None,
    ]
    # "over 900" vs 突破900: the bound 900 itself does not exceed 900 -> undecided.
    assert _meets([900.0, 905.0], [900.0, 900.0], qualifier="exceed", bound="lower") == [
        None,
        True,
    ]


def test_approximate_figure_decides_only_a_shortfall():
    # "almost 450" vs 500 -> clearly not met; "almost 500" vs 500 -> cannot tell.
    assert _meets([450.0, 500.0], [500.0, 500.0], qualifier="at_least", bound="approximate") == [
        False,
        None,
    ]


# --------------------------------------------------------------------------- target_status


def _status(rows: dict, **kw) -> list[str]:
    df = pl.DataFrame(rows)
    kw.setdefault("kind", "kind")
    kw.setdefault("target", "target")
    return df.select(target_status(**kw))["status"].to_list()


def test_growth_in_year_thresholds():
    # shortfall = required - achieved: 0.5 -> on_track (<= 0.5); 0.6 -> at_risk;
    # 2.0 -> at_risk (<= 2); 2.1 -> off_track; achieved above required -> on_track.
    rows = {
        "kind": ["growth_rate"] * 5,
        "target": [5.0] * 5,
        "month": [6] * 5,
        "ytd_growth": [4.5, 4.4, 3.0, 2.9, 6.0],
        "required": [5.0] * 5,
    }
    assert _status(rows, ytd_value=None, required="required", qualifier="about") == [
        "on_track",
        "at_risk",
        "at_risk",
        "off_track",
        "on_track",
    ]


def test_growth_in_year_keyword_thresholds():
    rows = {
        "kind": ["growth_rate"] * 2,
        "target": [5.0] * 2,
        "month": [6] * 2,
        "ytd_growth": [4.0, 2.5],
        "required": [5.0] * 2,
    }
    # tolerance 1.0: shortfall 1.0 -> on_track; at_risk_gap 3.0: shortfall 2.5 -> at_risk.
    out = _status(rows, ytd_value=None, required="required", tolerance=1.0, at_risk_gap=3.0)
    assert out == ["on_track", "at_risk"]
    out = _status(rows, ytd_value=None, required="required")
    assert out == ["at_risk", "off_track"]


def test_growth_full_year_met_or_off_track():
    # 5%左右 at month 12: 4.6 >= 4.5 met; 4.4 < 4.5 off_track. 6% plain: 5.9 off_track.
    rows = {
        "kind": ["growth_rate"] * 3,
        "target": [5.0, 5.0, 6.0],
        "q": ["about", "about", "exact"],
        "month": [12] * 3,
        "ytd_growth": [4.6, 4.4, 5.9],
    }
    assert _status(rows, ytd_value=None, qualifier="q") == ["met", "off_track", "off_track"]


def test_growth_in_year_from_panel():
    # Last year 1000 (450 by June); this year 470 by June, ytd growth 470/450 - 1 = 4.444 %.
    # Required (1060 - 470)/550 - 1 = 7.273 %; shortfall 2.828 pp > 2 -> off_track.
    # Target 5 %: required (1050 - 470)/550 - 1 = 5.455 %; shortfall 1.010 -> at_risk.
    # Target 4 %: required (1040 - 470)/550 - 1 = 3.636 %; shortfall < 0 -> on_track.
    panel = pl.DataFrame(
        {
            "year": [2022, 2022, 2023] * 3,
            "month": [6, 12, 6] * 3,
            "ytd_value": [450.0, 1000.0, 470.0] * 3,
            "target": [6.0] * 3 + [5.0] * 3 + [4.0] * 3,
            "series": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
        }
    )
    by = "series"
    df = panel.with_columns(
        ytd_growth=yoy_growth(by=by),
        required=required_growth(
            "ytd_value", same_period_last_year(by=by), last_year_full(by=by), "target"
        ),
    ).filter(pl.col("year") == 2023)
    out = df.select(
        target_status(kind="growth_rate", target="target", required="required", qualifier="about")
    )["status"].to_list()
    assert out == ["off_track", "at_risk", "on_track"]


def test_level_in_year_pace_ratio():
    # target 520 亿元, April (8 months left):
    # ytd 200: pace 50/month vs (520-200)/8 = 40 needed -> ratio 1.25 -> on_track
    # ytd 160: pace 40 vs 360/8 = 45 -> 0.889 -> at_risk
    # ytd 100: pace 25 vs 420/8 = 52.5 -> 0.476 -> off_track
    # June, target 1950: ytd 951 -> 158.5 vs 999/6 = 166.5 -> 0.952 on_track;
    #                    ytd 949 -> 158.17 vs 1001/6 = 166.83 -> 0.948 at_risk
    rows = {
        "kind": ["level"] * 5,
        "target": [520.0, 520.0, 520.0, 1950.0, 1950.0],
        "month": [4, 4, 4, 6, 6],
        "ytd_value": [200.0, 160.0, 100.0, 951.0, 949.0],
    }
    assert _status(rows, ytd_growth=None, qualifier="strive") == [
        "on_track",
        "at_risk",
        "off_track",
        "on_track",
        "at_risk",
    ]


def test_level_ratio_thresholds_are_keywords():
    # ratio 0.889 (ytd 160 of 520 in April): on_track with on_track_ratio 0.85.
    rows = {"kind": ["level"], "target": [520.0], "month": [4], "ytd_value": [160.0]}
    assert _status(rows, ytd_growth=None, on_track_ratio=0.85) == ["on_track"]
    # ratio 0.476: at_risk with at_risk_ratio 0.4.
    rows["ytd_value"] = [100.0]
    assert _status(rows, ytd_growth=None, at_risk_ratio=0.4) == ["at_risk"]


def test_count_met_in_year_and_exceed_at_target():
    # 50家以上 German firms: 52 by October -> met already.
    # 突破900: exactly 900 in November -> not met, nothing more needed -> on_track;
    # exactly 900 at month 12 -> off_track; 901 at month 12 -> met.
    rows = {
        "kind": ["count", "level", "level", "level"],
        "target": [50.0, 900.0, 900.0, 900.0],
        "q": ["at_least", "exceed", "exceed", "exceed"],
        "month": [10, 11, 12, 12],
        "ytd_value": [52.0, 900.0, 900.0, 901.0],
    }
    assert _status(rows, ytd_growth=None, qualifier="q") == [
        "met",
        "on_track",
        "off_track",
        "met",
    ]


def test_about_level_target_uses_level_tolerance():
    # about 100 with level_tolerance 1 % -> met from 99; 98.9 at month 12 -> off_track.
    rows = {
        "kind": ["level"] * 2,
        "target": [100.0] * 2,
        "month": [12] * 2,
        "ytd_value": [99.0, 98.9],
    }
    assert _status(rows, ytd_growth=None, qualifier="about") == ["met", "off_track"]


def test_no_data_is_a_status_never_a_guess():
    rows = {
        "kind": ["level", "level", "growth_rate", "growth_rate", "qualitative", "relative"]
        + ["level", "growth_rate", "growth_rate"],
        "target": [520.0, None, 5.0, 5.0, None, None, 520.0, 5.0, 5.0],
        "q": ["strive", "strive", "about", "about", "qualitative", "relative", "bogus"]
        + ["bogus", "relative"],
        "month": [6, 6, 6, None, 6, 6, 6, 6, 6],
        "ytd_value": [None, 300.0, None, None, 1.0, 1.0, 300.0, None, None],
        "ytd_growth": [None, None, 4.0, 4.0, 1.0, 1.0, None, 5.0, 5.0],
        "required": [None, None, None, 5.0, None, None, None, 5.0, 5.0],
    }
    out = _status(rows, qualifier="q", required="required")
    # missing ytd; missing target; missing required; missing month; qualitative; relative;
    # unknown qualifier (level); unknown and relative qualifier on an in-year growth target
    assert out == ["no_data"] * 9


def test_status_values_are_from_the_documented_set():
    rows = {
        "kind": ["level", "growth_rate", "count"],
        "target": [10.0, 5.0, 3.0],
        "month": [3, 12, 6],
        "ytd_value": [1.0, None, 3.0],
        "ytd_growth": [None, 5.0, None],
    }
    assert set(_status(rows)) <= set(STATUSES)


def test_lower_bound_status():
    # "over 52" German firms vs 50 以上 -> met; "over 40" in June -> cannot be decided.
    # Growth "over 6 %" in June vs required 5 % -> on_track (truth is at least as good and an
    # in-year growth target cannot be met yet); "over 3 %" vs required 5 % -> no_data.
    rows = {
        "kind": ["count", "count", "growth_rate", "growth_rate"],
        "target": [50.0, 50.0, 5.0, 5.0],
        "month": [6, 6, 6, 6],
        "ytd_value": [52.0, 40.0, None, None],
        "ytd_growth": [None, None, 6.0, 3.0],
        "required": [None, None, 5.0, 5.0],
    }
    out = _status(rows, qualifier="at_least", bound="lower", required="required")
    assert out == ["met", "no_data", "on_track", "no_data"]


def test_approximate_figure_status():
    # "almost 450" at year end vs 500 -> off_track; "almost 500" -> cannot be decided.
    rows = {
        "kind": ["level"] * 2,
        "target": [500.0] * 2,
        "month": [12] * 2,
        "ytd_value": [450.0, 500.0],
    }
    assert _status(rows, ytd_growth=None, bound="approximate") == ["off_track", "no_data"]


def test_statuses_with_registry_qualifiers():
    reg = pl.read_csv(REGISTRY).filter(
        pl.col("id").is_in(
            ["port_teu", "german_firms", "new_listings", "fai_level", "trade_quality"]
        )
    )
    figures = pl.DataFrame(
        {
            "id": ["port_teu", "german_firms", "new_listings", "fai_level", "trade_quality"],
            "month": [12, 12, 12, 12, 12],
            "ytd_value": [900.0, 50.0, 2.0, 519.0, None],
            "bound": ["exact", "exact", "exact", "exact", "exact"],
        }
    )
    df = reg.join(figures, on="id").sort("id")
    out = df.with_columns(
        status=target_status(
            kind="kind", target="value", qualifier="qualifier", bound="bound", ytd_growth=None
        ),
        high=meets_high_end("ytd_value", "value_high"),
    )
    got = dict(zip(out["id"].to_list(), out["status"].to_list(), strict=True))
    assert got == {
        "fai_level": "off_track",  # 力争520: 519 < 520
        "german_firms": "met",  # 50家以上: 50 >= 50
        "new_listings": "met",  # 力争2~3: 2 meets the low end
        "port_teu": "off_track",  # 突破900: 900 is not > 900
        "trade_quality": "no_data",  # qualitative
    }
    high = dict(zip(out["id"].to_list(), out["high"].to_list(), strict=True))
    assert high["new_listings"] is False  # 2 < 3: high end not reached
    assert high["port_teu"] is None  # not a range


# --------------------------------------------------------------------------- path_status


def test_path_status_thresholds():
    # ratios: 9.5/10 = 0.95 on_track; 9.4/10 at_risk; 6/10 = 0.6 at_risk; 5.9/10 off_track;
    # 0/10 off_track; -1/10 < 0 off_track (moving away).
    df = pl.DataFrame({"a": [9.5, 9.4, 6.0, 5.9, 0.0, -1.0], "r": [10.0] * 6})
    assert df.select(path_status("a", "r")).to_series().to_list() == [
        "on_track",
        "at_risk",
        "at_risk",
        "off_track",
        "off_track",
        "off_track",
    ]


def test_path_status_reduction_targets_and_no_data():
    # Energy intensity must fall 3 %/yr: -2 % -> ratio 0.667 at_risk; +1 % -> -0.333 off_track.
    df = pl.DataFrame(
        {"a": [-2.0, 1.0, None, 2.0], "r": [-3.0, -3.0, 5.0, 0.0]},
        schema={"a": pl.Float64, "r": pl.Float64},
    )
    assert df.select(path_status("a", "r")).to_series().to_list() == [
        "at_risk",
        "off_track",
        "no_data",
        "no_data",
    ]


def test_path_status_custom_thresholds():
    df = pl.DataFrame({"a": [8.0], "r": [10.0]})  # ratio 0.8
    assert df.select(path_status("a", "r", on_track=0.8)).item() == "on_track"
    assert df.select(path_status("a", "r")).item() == "at_risk"


def test_code_columns_may_be_categorical_or_enum():
    # Codes are matched by name, whatever the column's own category order.
    df = pl.DataFrame(
        {"v": [900.0, 4.6, 3.0], "t": [900.0, 5.0, 3.0], "q": ["exceed", "about", "x"]}
    )
    expected = [False, True, None]  # 900 is not > 900; 4.6 >= 4.5; unknown qualifier
    for dtype in (pl.String, pl.Categorical, pl.Enum(["x", "about", "exceed"])):
        d = df.with_columns(pl.col("q").cast(dtype))
        assert d.select(meets_target("v", "t", qualifier="q")).to_series().to_list() == expected


# --------------------------------------------------------------------------- at_most and milestone


def test_at_most_level_is_judged_only_when_exceeded_or_at_year_end():
    # 城镇调查失业率5.5%以内 as a level (ceiling T = 3 here):
    # June 2.0 <= 3: not judged yet -> no_data; June 3.5 > 3: already exceeded -> off_track;
    # December 3.0 <= 3 -> met; December 3.1 > 3 -> off_track.
    rows = {
        "kind": ["level"] * 4,
        "target": [3.0] * 4,
        "month": [6, 6, 12, 12],
        "ytd_value": [2.0, 3.5, 3.0, 3.1],
    }
    assert _status(rows, ytd_growth=None, qualifier="at_most") == [
        "no_data",
        "off_track",
        "met",
        "off_track",
    ]


def test_at_most_growth_in_year_and_at_year_end():
    # 居民消费价格涨幅控制在3%: June 2.8 <= 3 -> on_track (no required growth needed);
    # June 3.2 > 3 -> at_risk (a rate can come down); December 3.0 -> met, 3.2 -> off_track.
    rows = {
        "kind": ["growth_rate"] * 4,
        "target": [3.0] * 4,
        "month": [6, 6, 12, 12],
        "ytd_growth": [2.8, 3.2, 3.0, 3.2],
    }
    assert _status(rows, ytd_value=None, qualifier="at_most") == [
        "on_track",
        "at_risk",
        "met",
        "off_track",
    ]


def test_milestone_is_met_by_a_count_of_one():
    # 力争实现百亿项目突破 (target value 1): June 0 -> no_data (may still happen); June 1 -> met;
    # December 0 -> off_track; December with no figure -> no_data; December 2 -> met.
    rows = {
        "kind": ["count"] * 5,
        "target": [1.0] * 5,
        "month": [6, 6, 12, 12, 12],
        "ytd_value": [0.0, 1.0, 0.0, None, 2.0],
    }
    assert _status(rows, ytd_growth=None, qualifier="milestone") == [
        "no_data",
        "met",
        "off_track",
        "no_data",
        "met",
    ]


def test_milestone_row_of_the_2023_registry():
    reg = pl.read_csv(REGISTRY).filter(pl.col("id") == "projects_100yi")
    df = reg.with_columns(month=pl.lit(9), ytd_value=pl.lit(1.0))
    out = df.select(
        target_status(kind="kind", target="value", qualifier="qualifier", ytd_growth=None)
    ).item()
    assert out == "met"  # one 百亿 project by September: the milestone happened


# --------------------------------------------------------------------------- the one decision: evidence


def _one(**kw) -> str:
    return pl.select(target_status(**kw)).item()


def test_each_release_code_and_its_verdict():
    # 183 projects against 超180 (strict: 183 > 180 is met) at month 12, one release code at a time:
    # outturns give a plain verdict, a derived value a verdict marked 推算, a plan / an expectation /
    # a target none at all
    base = dict(kind="count", target=180.0, month=12, ytd_value=183.0, ytd_growth=None, qualifier="more_than")
    verdicts = {r: _one(**base, release=r) for r in ("final", "preliminary", "derived", "plan", "expectation", "target")}
    assert verdicts == {"final": "met", "preliminary": "met", "derived": "met", "plan": "no_data",
                        "expectation": "no_data", "target": "no_data"}
    ev = pl.DataFrame({"r": list(verdicts)}).select(evidence(release="r")).to_series().to_list()
    assert ev == ["observed", "observed", "derived", "context", "context", "context"]


def test_a_flagged_figure_never_sets_a_status():
    # growth 400 % (flagged 存疑) against 6%左右 at month 12 would be met at face value; flagged, it decides nothing
    kw = dict(kind="growth_rate", target=6.0, month=12, ytd_value=None, ytd_growth=400.0, qualifier="about")
    assert _one(**kw) == "met"
    assert _one(**kw, flagged=True) == "no_data"
    assert pl.select(evidence(flagged=True)).item() == "flagged"


def test_the_seasonal_pace_is_part_of_the_decision():
    # SYNTHETIC: 1-6月 290 against 力争520 → completion 290/520 = 55.77 %. Last year's June share 54.24 %:
    # 55.77/54.24 = 1.03 ≥ 0.95 → on track. A share of 70 %: 55.77/70 = 0.80 → at risk. Without a share, the
    # linear pace: 290/6 = 48.33 a month against (520 − 290)/6 = 38.33 needed → on track.
    kw = dict(kind="level", target=520.0, month=6, ytd_value=290.0, ytd_growth=None, qualifier="strive")
    assert _one(**kw, seasonal=54.24) == "on_track"
    assert _one(**kw, seasonal=70.0) == "at_risk"
    assert _one(**kw) == "on_track"


def test_a_seasonal_share_never_turns_an_exceeded_ceiling_on_track():
    # SYNTHETIC ceiling 100以内 already exceeded by June (105): off track whatever last year's share says
    kw = dict(kind="level", target=100.0, month=6, ytd_value=105.0, ytd_growth=None, qualifier="at_most")
    assert _one(**kw) == "off_track"
    assert _one(**kw, seasonal=50.0) == "off_track"  # completion 105 % against a 50 % share: still off track

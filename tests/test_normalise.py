"""Cell normalisation (taicang_analysis.sources.normalise): what analysts type becomes a float or None."""

from __future__ import annotations

import pytest

from taicang_analysis.sources.normalise import NO_FIGURE, normalise_text, parse_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("１２３．４", 123.4),  # full-width digits and point
        ("－３", -3.0),  # full-width minus
        ("＋２．５", 2.5),  # full-width plus
        ("\u22121.3", -1.3),  # U+2212 MINUS SIGN (Word, web pages)
        ("\ufe632", -2.0),  # U+FE63 SMALL HYPHEN-MINUS
        ("１，２３４．５", 1234.5),  # full-width thousands separator
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("-1,234", -1234.0),
        ("  42  ", 42.0),
        ("\u300042\u3000", 42.0),  # full-width spaces around
        ("0", 0.0),
        ("0.0", 0.0),
        (".5", 0.5),
        ("7.", 7.0),
        (12, 12.0),
        (3.25, 3.25),
        (0, 0.0),
    ],
)
def test_numbers_are_normalised(cell, expected):
    value = parse_number(cell)
    assert isinstance(value, float)
    assert value == pytest.approx(expected)


@pytest.mark.parametrize("cell", ["", "   ", "—", "——", "–", "-", "--", "/", "…", "无数据", None])
def test_no_figure_is_none_not_zero(cell):
    assert parse_number(cell) is None
    assert parse_number(cell, percent=True) is None


def test_full_width_dash_is_no_figure():
    # a full-width hyphen typed alone becomes '-' and means "no figure"
    assert parse_number("－") is None


def test_zero_stays_zero():
    assert parse_number("0") == 0.0
    assert parse_number("0") is not None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("5.2%", 5.2), ("５．２％", 5.2), ("-3.1 %", -3.1), ("12", 12.0), ("1,234.5%", 1234.5)],
)
def test_percent_is_dropped_in_growth_columns(cell, expected):
    assert parse_number(cell, percent=True) == pytest.approx(expected)


@pytest.mark.parametrize("cell", ["5.2%", "５．２％", "12%"])
def test_percent_is_rejected_outside_growth_columns(cell):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "12a",
        "abc",
        "1,23",  # not a thousands grouping
        "12,34,567",  # Indian-style grouping is not accepted
        "1.2.3",
        "1 234",
        "%",
        "+",
        ".",
        "1e5",
        "十二",
        "--5",
    ],
)
def test_text_is_rejected(cell):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(cell)


@pytest.mark.parametrize("cell", [True, False])
def test_booleans_are_rejected(cell):
    # a spreadsheet TRUE/FALSE is not a figure, although bool is a subclass of int
    with pytest.raises(ValueError):
        parse_number(cell)


def test_normalise_text():
    assert normalise_text(" １２３．５％ ") == "123.5%"
    assert normalise_text("（亿元）") == "(亿元)"
    assert normalise_text("\u3000万标箱\u3000") == "万标箱"


def test_no_figure_set_has_no_number():
    # every no-figure marker must be something that would otherwise fail to parse
    for marker in NO_FIGURE:
        assert not any(ch.isdigit() for ch in marker)

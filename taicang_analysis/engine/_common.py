"""What the engine's modules share: argument coercion, group keys and the calendar.

Private to :mod:`taicang_analysis.engine`; its names carry no underscore so that the engine's
modules import them by their own names.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from taicang_analysis.vocabulary import MONTHS_PER_YEAR

__all__ = ["MONTHS_PER_YEAR", "IntoExpr", "as_expr", "as_float", "group_keys"]

IntoExpr = str | pl.Expr | float | int | None
"""A column name, an expression, or a literal number (``None`` is a null literal)."""


def as_expr(x: IntoExpr) -> pl.Expr:
    """Column name -> ``pl.col``; expression unchanged; anything else -> literal.

    Examples
    --------
    >>> pl.select(as_expr(2.5)).item(), pl.DataFrame({"a": [1]}).select(as_expr("a")).item()
    (2.5, 1)
    """
    if isinstance(x, pl.Expr):
        return x
    if isinstance(x, str):
        return pl.col(x)
    if x is None:
        return pl.lit(None, dtype=pl.Float64)
    return pl.lit(x)


def as_float(x: IntoExpr) -> pl.Expr:
    """:func:`as_expr` cast to Float64."""
    return as_expr(x).cast(pl.Float64)


def group_keys(by: str | Sequence[str] | None) -> list[str]:
    """Group keys as a list (``None`` -> no keys).

    Examples
    --------
    >>> group_keys(None), group_keys("region"), group_keys(("region", "indicator"))
    ([], ['region'], ['region', 'indicator'])
    """
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)

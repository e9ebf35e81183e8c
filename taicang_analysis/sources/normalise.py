"""Normalisation of the cells analysts type or receive, before validation.

The rules (also listed in the README):

- full-width digits, signs, point, comma and percent (``１２３．４``, ``－``, ``，``, ``％``) become
  their ASCII forms, and so do the minus sign ``−`` (U+2212, from Word or a web page) and the
  small hyphen-minus ``﹣``;
- thousands separators (``1,234.5``) are removed;
- surrounding spaces (also the full-width space) are dropped;
- an empty cell, ``—``, ``–``, ``-``, ``--``, ``/``, ``…`` or ``无数据`` means "no figure" and becomes
  a missing value, never zero;
- a trailing ``%`` is dropped in growth columns (the column already says 累计增长%).

Anything else that is not a number is an error.
"""

from __future__ import annotations

import re

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％　（）\u2212\ufe63",
    "0123456789.,-+% ()--",
)
NO_FIGURE = frozenset({"", "—", "——", "–", "-", "--", "/", "…", "……", "无数据", "NA", "N/A"})
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def normalise_text(text: str) -> str:
    """Full-width to ASCII and trimmed.

    Examples
    --------
    >>> normalise_text(" １２３．５％ ")
    '123.5%'
    """
    return text.translate(_FULL_WIDTH).strip()


def parse_number(cell: object, *, percent: bool = False) -> float | None:
    """Parse one cell into a float, ``None`` for "no figure".

    Parameters
    ----------
    cell
        The raw cell: a number from a spreadsheet or text from a CSV.
    percent
        Accept and drop a trailing ``%`` (growth columns).

    Raises
    ------
    ValueError
        The cell is not a number after normalisation (the caller adds file, row and column).

    Examples
    --------
    >>> parse_number("１，２３４．５")
    1234.5
    >>> parse_number("—") is None
    True
    >>> parse_number("5.2%", percent=True)
    5.2
    >>> parse_number(12)
    12.0
    """
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError("not a number")
    if isinstance(cell, int | float):
        return float(cell)
    text = normalise_text(str(cell))
    if text in NO_FIGURE:
        return None
    if percent and text.endswith("%"):
        text = text[:-1].strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError("not a number")
    return float(text)

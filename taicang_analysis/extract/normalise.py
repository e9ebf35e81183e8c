"""A report's text made simple for parsing, with the way back to its own words.

Inserted pinyin in brackets after a character is dropped (``經(jīng)濟`` → ``經濟``), full-width
forms become half-width (``５％`` → ``5%``), the thousands separators of a number are dropped
(``200,000`` → ``200000``) and traditional characters become simplified with OpenCC (``t2s``).
Each character of the normalised text remembers where it came from, so ``phrase`` and ``quote``
are the *original* text. Parenthesised notes (``(预计数,下同)``, ``(GDP)``) and list marks
at a line's start (``——``, ``(一)``) are blanked for parsing only (:func:`blank_notes`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

__all__ = ["NormalisedText", "blank_notes", "normalise_report"]

_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（](?=[^)）]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜê])[{_PINYIN_LETTERS}]{{1,7}}[)）]"
)


# a number written with thousands separators (200,000): the separators (half-width commas in the
# original; a full-width comma always ends a clause) are formatting, not a list
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.]|,\d)")


@dataclass(frozen=True)
class NormalisedText:
    """A report's text made simple for parsing, with the way back to the original.

    ``origin[i]`` is the position in ``original`` of ``text[i]``.
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def source(self, start: int, end: int) -> str:
        """The original characters behind ``text[start:end]`` (inserted pinyin included)."""
        if end <= start:
            return ""
        return self.original[self.origin[start]:self.origin[end - 1] + 1]


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """Traditional → simplified, one character for one (per character where a phrase is not)."""
    convert = _converter().convert
    out = convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        conv = convert(line)
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := convert(ch)) == 1 else ch for ch in line)
        lines.append(conv)
    return "\n".join(lines)


def _half_width(ch: str) -> str:
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 else ch


def normalise_report(text: str) -> NormalisedText:
    """Drop inserted pinyin, make full-width forms half-width and traditional characters simplified.

    Parameters
    ----------
    text
        A report's text as pasted.

    Returns
    -------
    NormalisedText
        ``text`` for parsing and :meth:`NormalisedText.source` for the original words.

    Examples
    --------
    >>> n = normalise_report("經(jīng)濟增長５％左右")
    >>> n.text
    '经济增长5%左右'
    >>> n.source(2, 8)
    '增長５％左右'
    >>> n.source(0, 2)
    '經(jīng)濟'
    >>> normalise_report("创造 200,000 个新岗位").text  # a thousands separator is dropped
    '创造 200000 个新岗位'
    """
    kept: list[int] = []
    pos = 0
    for m in _PINYIN.finditer(text):
        kept.extend(range(pos, m.start()))
        pos = m.end()
    kept.extend(range(pos, len(text)))
    plain = "".join(_half_width(text[i]) for i in kept)
    separators = {kept[m.start() + i] for m in _THOUSANDS.finditer(plain)
                  for i, ch in enumerate(m.group()) if ch == "," and text[kept[m.start() + i]] == ","}
    if separators:
        kept = [i for i in kept if i not in separators]
        plain = "".join(_half_width(text[i]) for i in kept)
    return NormalisedText(text, _simplified(plain), (*kept, len(text)))


# Parenthesised notes and list marks are blanked (same length) for parsing.
_NOTE = re.compile(r"\([^()\n]{1,40}\)")
_LIST_MARK = re.compile(r"(?m)^[ \t]*(?:——|—|─+|--|·|•|●|○|◆|■|□|☆|★|▲|\([一二三四五六七八九十\d]+\)|\d+\.(?!\d))")


def blank_notes(text: str) -> str:
    """``text`` with parenthesised notes and list marks blanked, same length."""
    chars = list(text)
    for pattern in (_NOTE, _LIST_MARK):
        for m in pattern.finditer(text):
            chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)

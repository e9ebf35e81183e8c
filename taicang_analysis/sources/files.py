"""Each input file is parsed once per data state.

A file's *key* is what ``stat`` says about it — path, size, ``st_mtime_ns`` and inode — so a file
saved again (or replaced by another with the same name) is read again, and an unchanged one is
not even opened: the loaders of every layout, the sidecars and the data folder's CSV files go
through :func:`read_once`, and one build, or one Run All in Lab, opens each input file once.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "n.txt"
>>> _ = p.write_text("1", encoding="utf-8")
>>> calls = []
>>> def reader(path):
...     calls.append(path.name)
...     return [path.read_text(encoding="utf-8")]
>>> read_once(reader, p), read_once(reader, p), len(calls)
(['1'], ['1'], 1)
>>> _ = p.write_text("22", encoding="utf-8")  # another size: another state of the file
>>> read_once(reader, p), len(calls)
(['22'], 2)
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: parsed files kept (a month's folder holds a few dozen; an old state drops out first)
KEPT = 512


def file_key(path: str | os.PathLike[str]) -> tuple[str, int, int, int]:
    """(path, size, st_mtime_ns, inode) of a file: its state, from ``stat`` alone.

    Examples
    --------
    >>> from taicang_analysis.context import SHIPPED_DATA_DIR
    >>> key = file_key(SHIPPED_DATA_DIR / "indicators.csv")
    >>> key[0].endswith("indicators.csv"), key[1] > 0
    (True, True)
    """
    st = os.stat(path)
    return (str(Path(path).resolve()), st.st_size, st.st_mtime_ns, st.st_ino)


@lru_cache(maxsize=KEPT)
def _parsed(reader: Callable[[Path], object], key: tuple[str, int, int, int]) -> object:
    return reader(Path(key[0]))


def read_once(reader: Callable[[Path], T], path: str | os.PathLike[str], *,
              copy_out: Callable[[T], T] | None = None) -> T:
    """``reader(path)``, parsed once per state of the file (:func:`file_key`).

    The caller gets its own copy (``copy_out``, default a deep copy; none for a frame or a string),
    so what it changes never reaches the next caller. A reader that raises is not remembered: the
    file is read again next time (and raises again, or has been fixed).
    """
    found = _parsed(reader, file_key(path))
    if _immutable(found):
        return found  # type: ignore[return-value]
    return (copy.deepcopy if copy_out is None else copy_out)(found)  # type: ignore[arg-type, return-value]


def _immutable(value: object) -> bool:
    # Polars frames are never changed in place by this package (every operation returns a new one)
    return type(value).__module__.startswith("polars") or isinstance(value, (str, bytes, int, float, tuple))


def forget() -> None:
    """Forget every parsed file (a test that reads one file under two settings of a reader)."""
    _parsed.cache_clear()

"""Reading a printed PDF back as a reader sees it, for the paper-edition tests: its lines with their
height on the page and size (pypdf text positions, STACK_NOTES), its bookmarks, and how much of each
page's printable area is left blank (measured on the rendered page image, poppler's pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

#: A4 in PDF points and the export's margins (report/export.py: top 14 mm, bottom 16 mm)
MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 14 * MM, 16 * MM


def page_lines(reader, index: int) -> list[tuple[float, float, str]]:
    """The page's text as lines (y from the page's foot in points, largest font size, text), top
    first. Fragments at one height (±1.5 pt) make one line."""
    frags: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            frags.append((cm[5] + cm[3] * tm[5], size * abs(cm[3]), text))

    reader.pages[index].extract_text(visitor_text=visit)
    lines: list[list] = []
    for y, size, text in sorted(frags, key=lambda f: -f[0]):
        if lines and abs(lines[-1][0] - y) <= 1.5:
            lines[-1][1] = max(lines[-1][1], size)
            lines[-1][2] += text
        else:
            lines.append([y, size, text])
    return [(y, s, "".join(t.split())) for y, s, t in lines]


def outline(reader) -> list[tuple[int, str, int]]:
    """Bookmarks as (level from 1, title, page index from 0), in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return out


def lines_below_heading(reader, title: str, index: int) -> int | None:
    """How many lines of content follow the heading ``title`` on page ``index`` (the running
    footer not counted); None when the heading's line is not found there."""
    want = "".join(title.split())
    lines = page_lines(reader, index)
    body = [ln for ln in lines if ln[0] > BOTTOM_MARGIN]  # the footer sits in the bottom margin
    at = next((i for i, ln in enumerate(body) if ln[2] and (want.startswith(ln[2]) or ln[2].startswith(want))
               and len(ln[2]) >= min(len(want), 2)), None)
    return None if at is None else len(body) - at - 1


def blank_fractions(pdf: Path, dpi: int = 30) -> list[float]:
    """For each page, the share of its printable area (inside the margins) below the last ink:
    rendered by pdftoppm in grey, a row is ink when a pixel is darker than 200 of 255."""
    if not shutil.which("pdftoppm"):
        raise RuntimeError("pdftoppm (poppler-utils) missing: scripts/install-system.sh installs it")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"], check=True)
        for image in sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
            data = image.read_bytes()
            magic, size, _maxval, pixels = data.split(b"\n", 3)
            width, height = map(int, size.split())
            top = round(TOP_MARGIN / 842 * height)
            bottom = round((842 - BOTTOM_MARGIN) / 842 * height)
            ink = [y for y in range(top, bottom) if min(pixels[y * width:(y + 1) * width]) <= 200]
            last = ink[-1] if ink else top
            out.append((bottom - last) / (bottom - top))
    return out

"""The PDF after Chromium: a text layer that searches, and the page of each bookmark.

- :func:`repair_text_layer`: Chromium (Skia) writes each glyph's text from the font's own character
  map, taking the lowest code point that maps to the glyph. CJK fonts such as Noto Sans CJK draw 生
  and the Kangxi radical ⽣ (U+2F63) with one glyph, so the PDF says ⽣ where the page says 生, and
  search and copy-paste fail. The repair rewrites each font's ``/ToUnicode`` map: a CJK radical
  (U+2E80–U+2FDF) becomes its equivalent unified ideograph, from Unicode's own table
  (``EquivalentUnifiedIdeograph.txt``, the lines for that range shipped as ``radicals.txt``).
- :func:`bookmarks`: the PDF's outline (Chromium writes one from the headings with
  ``page.pdf(outline=True)``) as (level, title, page number) — what the table of contents needs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from pathlib import Path

RADICALS = range(0x2E80, 0x2FE0)
_LINE = re.compile(r"^([0-9A-F]{4,5})(?:\.\.([0-9A-F]{4,5}))?\s*;\s*([0-9A-F]{4,5})", re.M)
_SECTION = re.compile(r"(\d+\s+begin(bfchar|bfrange)\s*\n)(.*?)(\nend\2)", re.S)
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


@functools.cache
def radical_equivalents() -> dict[int, int]:
    """Each CJK radical (U+2E80–U+2FDF) with its equivalent unified ideograph.

    Unicode's table first; a Kangxi radical that it leaves out falls back to its compatibility
    decomposition (NFKC).

    Examples
    --------
    >>> table = radical_equivalents()
    >>> chr(table[0x2F63]), chr(table[0x2EDA]), chr(table[0x2F2F])   # ⽣ ⻚ ⼯
    ('生', '页', '工')
    """
    text = resources.files("taicang_analysis.report").joinpath("radicals.txt").read_text("utf-8")
    table: dict[int, int] = {}
    for first, last, target in _LINE.findall(text):
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[code] = int(target, 16)
    for code in RADICALS:
        folded = unicodedata.normalize("NFKC", chr(code))
        if code not in table and len(folded) == 1 and ord(folded) not in RADICALS:
            table[code] = ord(folded)
    return table


def _utf16(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _decode(hexes: str) -> str:
    return bytes.fromhex(hexes).decode("utf-16-be", errors="surrogatepass")


def repair_cmap(cmap: str) -> tuple[str, int]:
    """A ``/ToUnicode`` CMap with every radical replaced by its ideograph; the count replaced.

    A ``bfrange`` that covers a radical is written out as single ``bfchar`` entries.

    Examples
    --------
    >>> cmap = "2 beginbfchar\\n<09> <2F63>\\n<0D> <7522>\\nendbfchar\\n1 beginbfrange\\n<10> <11> <2EDA>\\nendbfrange"
    >>> fixed, n = repair_cmap(cmap)
    >>> n, "<09> <751F>" in fixed, "<10> <9875>" in fixed, "<11> <98CE>" in fixed   # 生 页 风
    (3, True, True, True)
    """
    table = radical_equivalents()
    count = 0
    extra: list[tuple[str, str]] = []

    def fix_chars(body: str) -> str:
        nonlocal count
        out = []
        for line in body.splitlines():
            parts = _HEX.findall(line)
            if len(parts) == 2:
                text = _decode(parts[1])
                new = "".join(chr(table.get(ord(c), ord(c))) for c in text)
                if new != text:
                    count += 1
                    line = f"<{parts[0]}> <{new.encode('utf-16-be').hex().upper()}>"
            out.append(line)
        return "\n".join(out)

    def fix_ranges(body: str) -> str:
        nonlocal count
        kept = []
        for line in body.splitlines():
            parts = _HEX.findall(line)
            if len(parts) == 3 and len(parts[2]) == 4:
                lo, hi, start = (int(p, 16) for p in parts)
                if any(start + i in table for i in range(hi - lo + 1)):
                    width = len(parts[0])
                    for i in range(hi - lo + 1):
                        code = start + i
                        if code in table:
                            count += 1
                        extra.append((f"{lo + i:0{width}X}", _utf16(table.get(code, code))))
                    continue
            kept.append(line)
        return "\n".join(kept)

    def section(m: re.Match) -> str:
        body = fix_chars(m[3]) if m[2] == "bfchar" else fix_ranges(m[3])
        lines = [ln for ln in body.splitlines() if ln.strip()]
        if not lines:
            return ""
        return f"{len(lines)} begin{m[2]}\n" + "\n".join(lines) + f"\nend{m[2]}"

    fixed = _SECTION.sub(section, cmap)
    if extra:  # ranges written out as single entries (at most 100 per block)
        blocks = "".join(f"\n{len(chunk)} beginbfchar\n" + "\n".join(f"<{a}> <{b}>" for a, b in chunk) + "\nendbfchar"
                         for chunk in (extra[i:i + 100] for i in range(0, len(extra), 100)))
        fixed = fixed.replace("endcmap", blocks.lstrip("\n") + "\nendcmap", 1) if "endcmap" in fixed else fixed + blocks
    return fixed, count


def _fonts(resources_: object, seen: set[int]):
    """Every font dictionary under a resources dictionary (forms and Type3 glyph resources too)."""
    from pypdf.generic import DictionaryObject

    res = resources_.get_object() if resources_ is not None else None
    if not isinstance(res, DictionaryObject) or id(res) in seen:
        return
    seen.add(id(res))
    for font in (res.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            yield font
            yield from _fonts(font.get("/Resources"), seen)
    for xobject in (res.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        yield from _fonts(xobject.get("/Resources"), seen)


def repair_text_layer(path: Path) -> int:
    """Rewrite the ``/ToUnicode`` maps of the PDF at ``path`` in place (see the module); return how
    many glyph mappings were repaired. Bookmarks, tags and pages are kept as they are: the new maps
    are appended as an incremental update (the file's bytes stay, a new cross-reference section
    points to the new maps), so only the fonts are read, not the whole document."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, StreamObject

    reader = PdfReader(str(path))
    repaired = 0
    done: set[tuple[int, int]] = set()
    seen: set[int] = set()
    updates: list[tuple[int, int, bytes]] = []
    for page in reader.pages:
        for font in _fonts(page.get("/Resources"), seen):
            ref = font.raw_get("/ToUnicode") if "/ToUnicode" in font else None
            if not isinstance(ref, IndirectObject) or (ref.idnum, ref.generation) in done:
                continue
            done.add((ref.idnum, ref.generation))
            stream = ref.get_object()
            if not isinstance(stream, StreamObject):
                continue
            fixed, n = repair_cmap(stream.get_data().decode("latin-1"))
            if n:
                updates.append((ref.idnum, ref.generation, fixed.encode("latin-1")))
                repaired += n
    if updates:
        _append_objects(path, reader, updates)
    return repaired


def _append_objects(path: Path, reader, updates: list[tuple[int, int, bytes]]) -> None:
    """Append new versions of stream objects (number, generation, data) as an incremental update."""
    import zlib

    original = path.read_bytes()
    startxref = int(re.findall(rb"startxref\s+(\d+)", original[-2048:])[-1])
    out = bytearray(original if original.endswith(b"\n") else original + b"\n")
    offsets = []
    for number, generation, data in sorted(updates):
        body = zlib.compress(data)
        offsets.append((number, generation, len(out)))
        out += (f"{number} {generation} obj\n<</Filter /FlateDecode /Length {len(body)}>>\nstream\n".encode()
                + body + b"\nendstream\nendobj\n")
    xref = len(out)
    out += b"xref\n"
    for number, generation, offset in offsets:
        out += f"{number} 1\n{offset:010d} {generation:05d} n\r\n".encode()
    trailer = reader.trailer
    size = max(int(trailer["/Size"]), max(n for n, _g, _o in offsets) + 1)
    extra = "".join(f" /{key} {trailer.raw_get('/' + key).idnum} {trailer.raw_get('/' + key).generation} R"
                    for key in ("Root", "Info") if "/" + key in trailer)
    out += f"trailer\n<</Size {size}{extra} /Prev {startxref}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(bytes(out))
    tmp.replace(path)


def bookmarks(path: Path) -> list[tuple[int, str, int]]:
    """The PDF's outline as (level, title, page number from 1), in order."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    out: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return out

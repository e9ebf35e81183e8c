"""PNGs and the PDF, drawn by a headless Chromium-family browser (through Playwright; never
``playwright install``, which downloads a browser). No request leaves the page.

- :func:`find_browser`: which browser, the way Playwright's channels look: ``--browser PATH`` or the
  setting ``TAICANG_BROWSER`` first, then Debian's ``chromium``, then Chrome or Edge where their
  installers put them on Linux, Windows and macOS.
- :class:`ExportSession`: one browser for the whole build. It starts while the notebooks execute,
  and the builder hands it each chart (the JSON file the kernel wrote into the run's assets folder)
  as soon as the cell that wrote it has run: a page holding only plotly.js turns it into a 2× PNG
  for slides with plotly.js's own ``Plotly.toImage`` while the next cells execute. Then it is handed
  the page: it opens it once, draws every chart and prints it to an A4 PDF.
- The PDF: printed twice — the first time to read the page of each heading from the PDF's bookmarks
  (``outline=True``), then again with those page numbers in the table of contents — tagged, with
  bookmarks, and with its text layer repaired (:func:`taicang_analysis.report.pdf.repair_text_layer`).
"""

from __future__ import annotations

import base64
import concurrent.futures
import os
import posixpath
import queue
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from taicang_analysis.report import pdf as pdf_tools


class ExportError(RuntimeError):
    """The browser could not draw the PNGs or the PDF."""


class BrowserNotFound(ExportError):
    """No Chromium, Chrome or Edge on this machine (the HTML is still built)."""


#: the setting that names the browser program (as ``--browser`` does)
BROWSER_SETTING = "TAICANG_BROWSER"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
#: where each system's installers put Chromium, Chrome and Edge — Playwright's channels
#: ``chromium``, ``chrome``, ``msedge`` look in the same places. ``%VAR%`` is a Windows folder setting.
BROWSER_PATHS: dict[str, list[str]] = {
    "linux": ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium",
              "/opt/google/chrome/chrome", "/usr/bin/google-chrome-stable", "/usr/bin/google-chrome",
              "/opt/microsoft/msedge/msedge", "/usr/bin/microsoft-edge-stable", "/usr/bin/microsoft-edge"],
    "win32": [r"%PROGRAMFILES%\Google\Chrome\Application\chrome.exe",
              r"%PROGRAMFILES(X86)%\Google\Chrome\Application\chrome.exe",
              r"%LOCALAPPDATA%\Google\Chrome\Application\chrome.exe",
              r"%PROGRAMFILES(X86)%\Microsoft\Edge\Application\msedge.exe",
              r"%PROGRAMFILES%\Microsoft\Edge\Application\msedge.exe",
              r"%LOCALAPPDATA%\Microsoft\Edge\Application\msedge.exe"],
    "darwin": ["/Applications/Chromium.app/Contents/MacOS/Chromium",
               "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
               "~/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
               "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
               "~/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"],
}
#: program names looked up on PATH (Linux and macOS), after the fixed places
BROWSER_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "microsoft-edge-stable"]


def _platform(system: str) -> str:
    return "win32" if system.startswith("win") else "darwin" if system == "darwin" else "linux"


def _expand(template: str, system: str, env: Mapping[str, str]) -> PurePath | None:
    """A browser place with the system's folder settings filled in; None where one is not set.

    Examples
    --------
    >>> str(_expand(r"%LOCALAPPDATA%\\Google\\Chrome\\Application\\chrome.exe", "win32",
    ...             {"LOCALAPPDATA": r"C:\\Users\\张伟\\AppData\\Local"}))
    'C:\\\\Users\\\\张伟\\\\AppData\\\\Local\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe'
    >>> _expand(r"%PROGRAMFILES(X86)%\\x.exe", "win32", {}) is None
    True
    """
    if system == "win32":
        text = template
        for name in ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA"):
            token = f"%{name}%"
            if token in text:
                # Windows settings are case-insensitive: ProgramFiles, PROGRAMFILES
                value = next((v for k, v in env.items() if k.upper() == name), None)
                if not value:
                    return None
                text = text.replace(token, value.rstrip("\\/"))
        return PureWindowsPath(text)
    if template.startswith("~"):
        home = env.get("HOME")
        if not home:
            return None
        return PurePosixPath(posixpath.join(home, template[2:]))
    return PurePosixPath(template)


def browser_candidates(system: str | None = None, env: Mapping[str, str] | None = None) -> list[PurePath]:
    """Every place a browser is looked for on ``system`` (``sys.platform``), in order."""
    system = _platform(system or sys.platform)
    env = os.environ if env is None else env
    return [p for p in (_expand(t, system, env) for t in BROWSER_PATHS[system]) if p is not None]


def find_browser(explicit: str | os.PathLike[str] | None = None, *, system: str | None = None,
                 env: Mapping[str, str] | None = None, exists: Callable[[str], bool] = os.path.isfile,
                 which: Callable[[str], str | None] = shutil.which) -> str:
    """The browser program to draw PNGs and the PDF with (see the module for the order).

    ``system``, ``env``, ``exists`` and ``which`` are the machine's by default; tests pass others to
    try Windows and macOS on Linux.

    Raises
    ------
    BrowserNotFound
        ``explicit`` (or the setting) names no program, or none is found; the message says how to
        get the PNGs and the PDF.
    """
    env = os.environ if env is None else env
    plat = _platform(system or sys.platform)
    given = str(explicit) if explicit else env.get(BROWSER_SETTING)
    if given:
        if exists(given):
            return given
        source = "--browser" if explicit else f"设置 {BROWSER_SETTING}"
        raise BrowserNotFound(f"{source} 指定的浏览器程序不存在: {given}。请写浏览器程序的完整路径, 例如 "
                              + ("C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" if plat == "win32"
                                 else "/usr/bin/chromium") + "。")
    for place in browser_candidates(plat, env):
        if exists(str(place)):
            return str(place)
    if plat != "win32":
        for name in BROWSER_NAMES:
            found = which(name)
            if found:
                return found
    raise BrowserNotFound(no_browser_message(plat))


def no_browser_message(system: str | None = None) -> str:
    """What to do when no browser is found (the HTML report is built all the same).

    Examples
    --------
    >>> "--browser" in no_browser_message("win32") and "msedge.exe" in no_browser_message("win32")
    True
    """
    plat = _platform(system or sys.platform)
    how = {"win32": "安装 Microsoft Edge 或 Google Chrome (Windows 10/11 通常已带 Edge); 若装在别处, 用 "
                    "--browser \"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" 指定",
           "darwin": "安装 Google Chrome 或 Microsoft Edge; 若装在别处, 用 --browser 指定其程序路径",
           "linux": "安装 chromium (Debian: sudo apt-get install chromium, 或 make setup); 或用 --browser 指定 "
                    "Chrome、Edge 的程序路径"}[plat]
    return (f"没有找到可用的浏览器 (Chromium、Chrome 或 Edge), 网页版 index.html 已生成, 但没有生成图表图片 (PNG)、"
            f"PDF 和 Word 简报中的图。请{how}, 或设置 {BROWSER_SETTING}, 然后重新运行 taicang-report build。")


def file_uri(path: str | os.PathLike[str]) -> str:
    """A local file as a ``file:`` address the browser opens: absolute, with Chinese names (and any
    folder name that was typed in GBK on a Chinese Windows) percent-encoded as UTF-8.

    Examples
    --------
    >>> file_uri(PureWindowsPath(r"D:\\报告\\太仓 2023\\index.html"))
    'file:///D:/%E6%8A%A5%E5%91%8A/%E5%A4%AA%E4%BB%93%202023/index.html'
    >>> file_uri(PureWindowsPath(r"\\\\fileserver\\共享\\index.html"))
    'file://fileserver/%E5%85%B1%E4%BA%AB/index.html'
    >>> file_uri(PurePosixPath("/tmp/月报/index.html"))
    'file:///tmp/%E6%9C%88%E6%8A%A5/index.html'
    """
    pure = path if isinstance(path, PurePath) else Path(path).resolve()
    if isinstance(pure, Path):
        return pure.as_uri()
    if isinstance(pure, PureWindowsPath) and not pure.is_absolute():
        raise ValueError(f"{pure}: 需要完整路径")
    return pure.as_uri()


# --- the export session --------------------------------------------------------------------------

#: a page that lets nothing but the file itself (and the data: and blob: addresses it makes) load
_LOCAL = ("file:", "data:", "blob:")


class ExportSession:
    """One headless browser for the whole build, started in its own thread at once (so that it is
    ready when the notebooks have run) and given its work explicitly: :meth:`export`.

    Use as a context manager; :meth:`close` stops the browser (also after a failed build).
    """

    def __init__(self, browser: str, *, width: int = 1000, height: int = 500, scale: int = 2) -> None:
        self.browser = browser
        self.width, self.height, self.scale = width, height, scale
        self._jobs: queue.Queue = queue.Queue()
        self._ready: concurrent.futures.Future = concurrent.futures.Future()
        self._pngs: dict[Path, concurrent.futures.Future] = {}
        self._png_page = None
        self._thread = threading.Thread(target=self._run, name="report-export", daemon=True)
        self._thread.start()

    def __enter__(self) -> ExportSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self) -> None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=self.browser, args=BROWSER_ARGS)
                try:
                    context = browser.new_context(viewport={"width": 1100, "height": 900})
                    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(_LOCAL) else r.abort())
                    self._ready.set_result(True)
                    while True:
                        job = self._jobs.get()
                        if job is None:
                            break
                        fn, args, future = job
                        if future.set_running_or_notify_cancel():
                            try:
                                future.set_result(fn(context, *args))
                            except BaseException as exc:  # handed to the caller
                                future.set_exception(exc)
                finally:
                    browser.close()
        except BaseException as exc:
            if not self._ready.done():
                self._ready.set_exception(exc)
            while True:  # fail whatever was asked
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    job[2].set_exception(exc)

    def _submit(self, fn, *args) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        if self._ready.done() and self._ready.exception() is not None:
            future.set_exception(self._ready.exception())
        elif not self._thread.is_alive():
            future.set_exception(ExportError("浏览器已关闭"))
        else:
            self._jobs.put((fn, args, future))
        return future

    def _call(self, fn, *args):
        self._ready.result(timeout=120)
        return self._submit(fn, *args).result(timeout=900)

    def add_charts(self, charts: Sequence[Path]) -> None:
        """Hand over chart JSONs (those already handed over are skipped): each becomes a PNG beside
        it, drawn in the browser's thread while the caller goes on. :meth:`export` waits for them."""
        for path in charts:
            if path not in self._pngs:
                self._pngs[path] = self._submit(self._png, path)

    def _png(self, context, path: Path) -> Path:
        if self._png_page is None:
            from taicang_analysis.report.page import plotly_bundle

            self._png_page = context.new_page()
            self._png_page.add_script_tag(content=plotly_bundle().read_text(encoding="utf-8"))
        url = self._png_page.evaluate(
            "([fig, w, h, s]) => { const f = JSON.parse(fig); return Plotly.toImage("
            "{data: f.data, layout: f.layout}, {format: 'png', width: w, height: h, scale: s}); }",
            [path.read_text(encoding="utf-8"), self.width, self.height, self.scale])
        out = path.with_suffix(".png")
        out.write_bytes(base64.b64decode(url.split(",", 1)[1]))
        return out

    def export(self, html: Path, *, charts: Sequence[Path] = (), pdf: Path | None = None,
               footer: str = "") -> dict:
        """Write a PNG beside each chart JSON in ``charts`` (and those handed over before by
        :meth:`add_charts`) and, with ``pdf``, open ``html`` once, draw its charts and print it there.
        Returns ``{"pngs": [...], "pages": n}``.

        Raises
        ------
        ExportError
            The browser could not start, or a chart or the PDF could not be drawn.
        """
        from playwright.sync_api import Error as PlaywrightError

        try:
            self._ready.result(timeout=120)
            self.add_charts(charts)
            pngs = [future.result(timeout=900) for future in self._pngs.values()]
            pages = self._call(self._export, html, pdf, footer) if pdf is not None else 0
            return {"pngs": pngs, "pages": pages}
        except (PlaywrightError, OSError, concurrent.futures.TimeoutError) as exc:
            why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ExportError(f"图片或 PDF 导出失败 (浏览器 {self.browser}): {why}") from None

    def start_pdf(self, html: Path, pdf: Path, *, footer: str = "") -> concurrent.futures.Future:
        """Start printing ``html`` to ``pdf`` in the browser's thread and return at once (the builder
        writes the Word brief meanwhile); the future's result is the number of pages. Call after
        :meth:`export` has drawn the PNGs."""
        return self._submit(self._export, html, pdf, footer)

    def _export(self, context, html: Path, pdf: Path, footer: str) -> int:
        page = context.new_page()
        try:
            page.emulate_media(media="print")  # laid out and charts drawn at the paper's size from the start
            page.goto(file_uri(html), wait_until="load")
            return _print(page, pdf, footer)
        finally:
            page.close()

    def close(self) -> None:
        """Stop the browser (waits for the work in hand)."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=120)


FOOTER_FONTS = "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"
#: fills the table of contents' page numbers (anchor → page) before the second printing
_FILL_PAGES = """(pages) => { document.querySelectorAll("nav.toc a[href^='#']").forEach(a => {
  const n = pages[a.getAttribute('href').slice(1)];
  const pg = a.querySelector('.pg'); if (pg) pg.textContent = n ? String(n) : ''; }); }"""
#: each contents entry's anchor (as written in its link) and its heading's text. nbconvert writes a
#: Chinese heading's id percent-encoded, so the element is looked up as written, then decoded.
_TOC_TARGETS = """() => [...document.querySelectorAll("nav.toc a[href^='#']")].map(a => {
  const raw = a.getAttribute('href').slice(1);
  let h = document.getElementById(raw);
  if (!h) { try { h = document.getElementById(decodeURIComponent(raw)); } catch (e) { h = null; } }
  return [raw, h ? h.textContent.replace(/\\s+/g, ' ').trim() : '']; })"""


#: starts drawing every chart without waiting for it; ``_DRAWN`` waits
_DRAW = "() => { window.taicangDrawn = window.taicangDrawAll ? window.taicangDrawAll() : Promise.resolve(0); }"
_DRAWN = "() => window.taicangDrawn"


def _print(page, out: Path, footer: str) -> int:
    """Print twice (page numbers into the contents), repair the text layer; return the page count.

    On paper every plot has a fixed height (report.css), so the charts move no page break: the first
    printing, which only finds each heading's page, is made before they are drawn, and the browser
    draws them while Python reads that printing's bookmarks."""
    import html as html_lib

    template = (f"<div style=\"font-size:8px;width:100%;text-align:center;color:#444;font-family:{FOOTER_FONTS}\">"
                f"{html_lib.escape(footer)} · 第<span class='pageNumber'></span>页 共<span class='totalPages'></span>页</div>")
    options = dict(format="A4", print_background=True, display_header_footer=True, outline=True, tagged=True,
                   header_template="<span></span>", footer_template=template,
                   margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
    targets = page.evaluate(_TOC_TARGETS)
    with tempfile.TemporaryDirectory(prefix="taicang-pdf-") as tmp:
        first = Path(tmp) / "first.pdf"
        # the first printing only finds each heading's page (Chromium's bookmarks need the tags); no
        # footer: the margins are fixed, so it moves no break
        page.pdf(path=str(first), **{**options, "display_header_footer": False})
        page.evaluate(_DRAW)
        pages = heading_pages(pdf_tools.bookmarks(first), targets)
    page.evaluate(_FILL_PAGES, pages)
    page.evaluate(_DRAWN)
    page.pdf(path=str(out), **options)
    pdf_tools.repair_text_layer(out)
    from pypdf import PdfReader

    return len(PdfReader(str(out)).pages)


def heading_pages(marks: Sequence[tuple[int, str, int]], targets: Sequence[Sequence[str]]) -> dict[str, int]:
    """The page of each table-of-contents target (anchor, heading text), from the PDF's bookmarks
    (level, title, page) in order: each target takes the next bookmark with its text. Chromium
    sometimes writes a heading's text twice in its bookmark ("甲: 乙甲: 乙"); that counts as its text.

    Examples
    --------
    >>> marks = [(1, "太仓市2023年…", 1), (2, "目标总览", 1), (2, "地区生产总值: 增长5%左右", 3), (3, "情景测算", 3),
    ...          (2, "数据来源", 20)]
    >>> heading_pages(marks, [("overview", "目标总览"), ("t-gdp", "地区生产总值: 增长5%左右"), ("sources", "数据来源")])
    {'overview': 1, 't-gdp': 3, 'sources': 20}
    >>> heading_pages([(2, "其他目标其他目标", 9)], [("x", "其他目标")])
    {'x': 9}
    """
    def norm(text: str) -> str:
        return "".join(text.split())

    out: dict[str, int] = {}
    at = 0
    for anchor, text in targets:
        want = norm(text)
        for i in range(at, len(marks)):
            got = norm(marks[i][1])
            if want and got and len(got) % len(want) == 0 and got == want * (len(got) // len(want)):
                out[anchor] = marks[i][2]
                at = i + 1
                break
    return out


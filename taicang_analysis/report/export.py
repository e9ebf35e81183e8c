"""PNG and PDF from the report, drawn by Debian's headless Chromium (through Playwright; never
``playwright install``, which downloads a browser). No request leaves the page.

- :class:`PngRenderer`: each chart as a PNG for slides, at 2× (2000 × 1000 pixels) with its title,
  drawn by plotly.js's own ``Plotly.toImage`` while the notebooks execute.
- :func:`write_pdf`: the whole page printed to A4 by Chromium, with page numbers and the edition
  date in the footer.
"""

from __future__ import annotations

import base64
import json
import queue
import threading
from pathlib import Path

from taicang_analysis.report.page import plotly_bundle


class ExportError(RuntimeError):
    """Chromium could not draw the PNGs or the PDF."""


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class PngRenderer:
    """PNG of each chart with plotly.js's own ``Plotly.toImage`` in headless Debian chromium.

    This is what kaleido does, minus its per-figure page set-up: Chromium is started (through
    Playwright, never ``playwright install``) in a background thread *while the notebooks
    execute*, loads the embedded plotly.js once, draws a Chinese warm-up chart so the CJK fonts
    are loaded, then turns each chart's JSON into a PNG. No request leaves the page.
    """

    def __init__(self, watch: Path, *, width: int = 1000, height: int = 500, scale: int = 2) -> None:
        self.watch = watch
        self.width, self.height, self.scale = width, height, scale
        self.error: BaseException | None = None
        self.written: list[Path] = []
        self._queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="png-renderer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from playwright.sync_api import sync_playwright

            if not Path(CHROMIUM).exists():
                raise FileNotFoundError(f"没有找到 {CHROMIUM}: 请运行 make setup 安装 chromium, 或加 --no-png 跳过图片")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page()
                    page.route("**/*", lambda route: route.abort())
                    page.set_content("<html><head><meta charset='utf-8'></head><body></body></html>")
                    page.add_script_tag(content=plotly_bundle().read_text(encoding="utf-8"))
                    self._to_png(page, {"data": [{"y": [1, 2]}], "layout": {"title": {"text": "预热 中文"}}},
                                 None)
                    done: set[Path] = set()
                    while True:
                        try:
                            last = self._queue.get(timeout=0.1) == "finish"
                        except queue.Empty:
                            last = False
                        # charts appear while the notebooks execute: render them as they come
                        for path in sorted(self.watch.glob("*.json")) if self.watch.exists() else []:
                            if path not in done:
                                done.add(path)
                                fig = json.loads(path.read_text(encoding="utf-8"))
                                self._to_png(page, fig, path.with_suffix(".png"))
                        if last or self._stop.is_set():
                            break
                finally:
                    browser.close()
        except BaseException as exc:  # reported by finish()
            self.error = exc

    def _to_png(self, page, fig: dict, out: Path | None) -> None:
        url = page.evaluate(
            "([fig, w, h, s]) => Plotly.toImage({data: fig.data, layout: fig.layout},"
            " {format: 'png', width: w, height: h, scale: s})",
            [fig, self.width, self.height, self.scale],
        )
        if out is not None:
            out.write_bytes(base64.b64decode(url.split(",", 1)[1]))
            self.written.append(out)

    def finish(self) -> list[Path]:
        """Render the charts not yet rendered, stop Chromium, return the PNG paths."""
        self._queue.put("finish")
        self._thread.join(timeout=600)
        if self.error is not None:
            raise ExportError(f"图片导出失败: {self.error}") from self.error
        return self.written

    def cancel(self) -> None:
        """Stop without rendering the rest (the build failed)."""
        self._stop.set()
        self._queue.put("finish")
        self._thread.join(timeout=60)


def write_pdf(html: Path, out: Path, *, footer: str) -> int:
    """Print the report page to an A4 PDF with Chromium; return the number of pages.

    The page's print stylesheet hides the sliders, shows each scenario at its central case and
    keeps charts and table rows whole; the footer carries the page number and ``footer``.
    """
    from playwright.sync_api import Error as PlaywrightError

    if not Path(CHROMIUM).exists():
        raise ExportError(f"没有找到 {CHROMIUM}: 请运行 make setup 安装 chromium, 或加 --no-pdf 跳过 PDF")
    try:
        return _print(html, out, footer)
    except PlaywrightError as exc:
        raise ExportError(f"PDF 导出失败: {str(exc).splitlines()[0]}") from None


def _print(html: Path, out: Path, footer: str) -> int:
    from playwright.sync_api import sync_playwright

    template = ("<div style='font-size:9px;width:100%;text-align:center;color:#444;"
                "font-family:Noto Sans CJK SC,sans-serif'>"
                f"{footer} · 第<span class='pageNumber'></span>页 共<span class='totalPages'></span>页</div>")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_function("[...document.querySelectorAll('.plotly-graph-div')]"
                                   ".every(d => d.querySelector('.main-svg'))", timeout=60000)
            page.emulate_media(media="print")
            page.pdf(path=str(out), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=template,
                     margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()
    from pypdf import PdfReader

    return len(PdfReader(str(out)).pages)

"""The report read as leadership reads it, in headless Debian chromium: on a laptop (1440×900) and a
phone (390×844), with the keyboard, with a screen reader's audit (axe-core), and printed.

Every request to anything but the file itself is refused and recorded, also after every control on
the page has been pressed.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from browser import offline_page

from taicang_analysis.assess import scenario_starts, scenario_table
from taicang_analysis.notebook.scenario import describe
from taicang_analysis.report.build import build_report

pytestmark = [pytest.mark.slow, pytest.mark.browser]
VIEWPORTS = {"laptop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
#: a run of three or more Latin words (a URL or a quoted foreign source is exempt, see below)
LATIN_RUN = re.compile(r"[A-Za-z]+(?:[\s'-][A-Za-z]+){2,}")

VISIBLE_TEXT = """() => {
  const skip = el => el.closest('q.quote, .url, script, style');
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) { const n = walk.currentNode; if (!skip(n.parentElement)) out.push(n.textContent); }
  return out.join(' ');
}"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "reports"
    build_report(2023, out=out, edition="2026-11-30", progress=False, png=False, pdf=False)
    return out / "index.html"


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_reads_cleanly(report, device):
    with offline_page(VIEWPORTS[device]) as (page, log):
        page.goto(report.as_uri())
        # charts are drawn as they near the screen; taicangDrawAll (printing, export) draws them all
        assert page.evaluate("window.taicangDrawAll()") == page.locator(".plotly-graph-div").count()
        page.wait_for_function("[...document.querySelectorAll('.plotly-graph-div')].every(d => d.querySelector('.main-svg'))")
        width = VIEWPORTS[device]["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
        text = page.evaluate(VISIBLE_TEXT)
        assert not re.findall(r"\{'|\b(?:None|True|False|nan|null)\b|Traceback", text)
        assert not LATIN_RUN.findall(text), LATIN_RUN.findall(text)[:5]
        clipped = page.evaluate("""() => { const out = [];
          document.querySelectorAll('figure.chart, section.scenario').forEach(f => {
            const b = f.getBoundingClientRect();
            f.querySelectorAll('text, p, li, figcaption, label, summary, .badge').forEach(t => {
              const r = t.getBoundingClientRect();
              if (r.width > 0 && (r.left < b.left - 1 || r.right > b.right + 1)) out.push((t.textContent || '').slice(0, 30));
            }); });
          return out; }""")
        assert clipped == [], clipped
        # badges keep their words on one line (no 无/数/据 a character a line)
        tall = page.evaluate("""() => [...document.querySelectorAll('.badge')]
          .filter(b => b.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(b).fontSize)).length""")
        assert tall == 0
    assert log["outside"] == [] and log["console_errors"] == [] and log["failed"] == []


def test_charts_are_drawn_as_they_near_the_screen(report):
    """The first screen (title, 本期变化, brief, scorecard) is drawn before any chart work: plotly.js
    is not even parsed until a chart nears the screen; scrolling to a chart draws it."""
    drawn = "document.querySelectorAll('.plotly-graph-div .main-svg').length"
    with offline_page(VIEWPORTS["laptop"]) as (page, log):
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.Plotly") == "undefined"
        assert page.evaluate(drawn) == 0
        last = page.locator(".plotly-graph-div").last
        last.scroll_into_view_if_needed()
        page.wait_for_function("(id) => !!document.querySelector('#' + id + ' .main-svg')",
                               arg=last.get_attribute("id"))
        # only the charts near the screen: far fewer than all
        assert 0 < page.evaluate(drawn) < page.locator(".plotly-graph-div").count() / 2
        assert page.evaluate("typeof window.taicangFirstChartMs") == "number"
    assert log["console_errors"] == [] and log["outside"] == []


def test_pressing_every_control_reaches_no_one(report):
    with offline_page(VIEWPORTS["laptop"]) as (page, log):
        attempted: list[str] = []
        page.on("request", lambda r: attempted.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        assert page.locator(".modebar, .modebar-btn").count() == 0, "no Plotly toolbar"
        for summary in page.locator("summary").all():
            summary.click()
        for slider in page.locator("input.scenario-range").all():
            slider.focus()
            for key in ("ArrowRight", "ArrowRight", "End", "Home", "PageUp"):
                slider.press(key)
        for plot in page.locator(".plotly-graph-div").all():
            plot.scroll_into_view_if_needed()
            box = plot.bounding_box()
            if box:
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.locator("a.skip").focus()
        page.keyboard.press("Enter")  # the skip link, visible on focus
        for link in page.locator("a[href^='#']:not(.skip)").all()[:40]:
            link.click()
        with page.expect_download() as download:
            page.locator("a.download").first.click()
        assert download.value.suggested_filename.endswith(".csv")
        assert page.locator("a[href^='http']").count() == 0, "addresses are text, not links"
    assert attempted == [] and log["outside"] == [] and log["console_errors"] == []


def test_accessibility_audit(report):
    from axe_playwright_python.sync_playwright import Axe

    for device in VIEWPORTS:
        with offline_page(VIEWPORTS[device]) as (page, _log):
            page.goto(report.as_uri())
            page.wait_for_load_state("load")
            results = Axe().run(page)
            bad = [(v["id"], v["impact"], v["nodes"][0]["html"][:100]) for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
            assert bad == [], (device, bad)


def test_every_chart_has_a_name_a_description_and_a_table(report):
    with offline_page() as (page, _log):
        page.goto(report.as_uri())
        charts = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(f => ({
            name: f.querySelector('.plot').getAttribute('aria-label'),
            desc: (document.getElementById(f.querySelector('.plot').getAttribute('aria-describedby')) || {}).textContent,
            table: !!f.querySelector('details table caption'),
            scopes: f.querySelectorAll('th[scope=col]').length }))""")
    assert len(charts) >= 10
    for c in charts:
        assert c["name"] and len(c["desc"]) > 20 and c["table"] and c["scopes"] >= 3, c


def test_the_slider_works_with_the_keyboard_and_agrees_with_the_engine(report):
    start = scenario_starts(2023).filter(pl.col("id") == "german_firms").row(0, named=True)
    with offline_page() as (page, _log):
        page.goto(report.as_uri())
        slider = page.locator("#rng-german-firms-scenario")
        slider.focus()
        before = int(slider.input_value())
        slider.press("ArrowRight")
        after = int(slider.input_value())
        sentence = page.locator("#out-german-firms-scenario .sentence").inner_text()
        valuetext = slider.get_attribute("aria-valuetext")
        badge = page.locator("#out-german-firms-scenario .badge").inner_text()
    assert after == before + 1
    from taicang_analysis.assess import assumption_grid

    grid = assumption_grid(start)
    # counts step in whole firms: the next step is one more firm over the rest of the year
    assert grid[after] == grid[before] + 1 and valuetext == f"全年新增{int(grid[after])}家"
    row = scenario_table(pl.DataFrame([start]), [grid[after]]).row(0, named=True)
    assert sentence == describe(start, row, year=2023)
    # a what-if badge reads 若…则… in a neutral style
    assert re.fullmatch(f"若{int(grid[after])}家则(可完成|难以完成)", badge), badge


def test_print_keeps_charts_whole_and_hides_controls(report):
    with offline_page() as (page, _log):
        page.goto(report.as_uri())
        page.emulate_media(media="print")
        styles = page.evaluate("""() => ({
            chart: getComputedStyle(document.querySelector('figure.chart')).breakInside,
            scenario: getComputedStyle(document.querySelector('section.scenario')).breakInside,
            control: getComputedStyle(document.querySelector('.control')).display,
            badge: getComputedStyle(document.querySelector('.badge')).printColorAdjust })""")
    assert styles == {"chart": "avoid", "scenario": "avoid", "control": "none", "badge": "exact"}


# --- old engines and scripts off (issue 21) -------------------------------------------------------


def test_with_scripts_off_the_page_still_reads(report):
    """IE "compatibility mode" of 360 and QQ browsers, or scripts blocked: no chart, but the brief,
    the scorecard and every section's words and data tables, and one line naming 极速模式."""
    from browser import ARGS, CHROMIUM, require_chromium
    from playwright.sync_api import sync_playwright

    require_chromium()
    html = report.read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    assert '<meta name="renderer" content="webkit">' in head and 'content="IE=edge"' in head
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["laptop"]).new_page()
            page.goto(report.as_uri())
            seen = page.evaluate("""() => {
              const shown = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
              return {
                need: [...document.querySelectorAll('p.charts-need')].filter(shown).map(e => e.textContent),
                summary: shown(document.querySelector('p.summary')),
                rows: [...document.querySelectorAll('table.scorecard tbody tr:not(.card-group)')].filter(shown).length,
                sections: [...document.querySelectorAll('main h2[id]')].filter(h => !shown(h)).map(h => h.id),
                lines: [...document.querySelectorAll('p.target-line')].filter(shown).length,
                targets: document.querySelectorAll('main h2.target').length,
                tables: document.querySelectorAll('figure.chart details table').length,
                figures: document.querySelectorAll('figure.chart').length,
                svg: document.querySelectorAll('.main-svg').length }; }""")
        finally:
            browser.close()
    assert len(seen["need"]) == 1 and "极速模式" in seen["need"][0]
    assert seen["summary"] and seen["rows"] == 18  # 2023: 18 numeric targets
    assert seen["sections"] == []  # every section heading is there to read
    # each target section's status line, each chart's data table
    assert seen["lines"] == seen["targets"] >= 15 and seen["tables"] == seen["figures"] >= 10
    assert seen["svg"] == 0


def test_with_scripts_on_the_charts_need_line_is_hidden(report):
    with offline_page(VIEWPORTS["phone"]) as (page, log):
        page.goto(report.as_uri())
        assert page.locator("p.charts-need").is_hidden()
    assert log["console_errors"] == []


def test_firefox_esr_draws_the_page(report, tmp_path):
    """A second engine: Debian's firefox-esr, headless, screenshots the page (charts included)."""
    import os
    import shutil
    import subprocess

    firefox = shutil.which("firefox-esr")
    if not firefox:
        if os.environ.get("CI") == "true":
            pytest.fail("firefox-esr missing under CI: scripts/install-system.sh should install it")
        pytest.skip("firefox-esr not installed (make setup installs it)")
    shot = tmp_path / "firefox.png"
    env = {**os.environ, "HOME": str(tmp_path), "MOZ_HEADLESS": "1"}
    subprocess.run([firefox, "--headless", "--window-size=1440,900", "--screenshot", str(shot), report.as_uri()],
                   check=True, capture_output=True, timeout=120, env=env, cwd=tmp_path)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    import struct

    assert struct.unpack(">II", data[16:24]) == (1440, 900)
    # a drawn page (title block, coloured boxes, the scorecard) compresses to far more than a blank one
    assert len(data) > 50_000

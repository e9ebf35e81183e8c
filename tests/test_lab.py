"""End-to-end: the GDP scenario panel works in a real JupyterLab, driven by headless Chromium.

The test starts ``jupyter lab`` on 127.0.0.1 (a free port, a random token, private config /
runtime / data / settings directories, no network checks) in a temporary copy of ``notebooks/``,
opens ``10_gdp.ipynb`` in Debian's Chromium through Playwright, runs every cell, then moves the
scenario slider with the keyboard and checks that the projected year-end value in the panel text
and in the Plotly chart changes. A widget that fails to render ("Error displaying widget") or a
Plotly chart that does not render fails the test.

Expected numbers (2022 bulletin base 1653.57亿元; no 2023 figure yet, so the slider is the growth
of all 12 months):

* after "Run All" the slider stands at its default, the 5% target (the notebook's checking cell
  moves it and puts it back): 1653.57 × 1.05 = 1653.57 + 82.6785 = 1736.2485 -> "1,736.25亿元"
* one step (0.5) right, 5.5:    1653.57 × 1.055 = 1653.57 + 90.94635 = 1744.51635 -> "1,744.52亿元"
* two steps, 6.0:               1653.57 × 1.06  = 1653.57 + 99.2142  = 1752.7842  -> "1,752.78亿元"
* three steps, 6.5:             1653.57 × 1.065 = 1653.57 + 107.48205 = 1761.05205 -> "1,761.05亿元"
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NOTEBOOK = "10_gdp.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path("/tmp/lab_gdp.png")

SERVER_START_S = 60  # jupyter lab answering /api/status
KERNEL_READY_MS = 60_000  # notebook opened, kernel started and idle
RUN_ALL_MS = 120_000  # every cell of the notebook executed
STEP_MS = 20_000  # one slider step: comm round trip, new text, chart re-rendered

# Lab plugins that would reach the network or pop up toasts/dialogs: news, update check, the
# extension manager's PyPI listing.
DISABLED_PLUGINS = {
    "@jupyterlab/apputils-extension:announcements": True,
    "@jupyterlab/extensionmanager-extension": True,
}

#: the panel text for each slider position the test visits (see the module docstring)
EXPECTED = {
    5.0: ("同比增长5%", "预计全年1,736.25亿元"),
    5.5: ("同比增长5.5%", "预计全年1,744.52亿元"),
    6.0: ("同比增长6%", "预计全年1,752.78亿元"),
    6.5: ("同比增长6.5%", "预计全年1,761.05亿元"),
}

PANEL_TEXT = ".widget-html .panel-text"
SLIDER = ".widget-slider:has-text('余下月份增速%')"
ALL_CHARTS = ".jp-OutputArea-output.js-plotly-plot, .jp-OutputArea-output .js-plotly-plot"
PANEL_CHART = ".jupyter-widgets-output-area .js-plotly-plot, .widget-output .js-plotly-plot"


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-n:]
        except OSError:
            return "(no server log)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found (Debian's chromium package is needed for the JupyterLab test)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + "; CI installs it, so this is an error there")
    pytest.skip(reason)


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    """A private JupyterLab serving a copy of notebooks/; terminated at teardown."""
    _chromium_or_skip()
    root = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    home = tmp_path / "jupyter"
    dirs = {name: home / name for name in ("config", "runtime", "data", "settings", "workspaces", "ipython")}
    for d in dirs.values():
        d.mkdir(parents=True)
    (dirs["config"] / "labconfig").mkdir()
    (dirs["config"] / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": DISABLED_PLUGINS}), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TAICANG_", "JUPYTER", "IPYTHON"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        IPYTHONDIR=str(dirs["ipython"]),
        JUPYTER_PLATFORM_DIRS="0",
        PYTHONWARNINGS="ignore",  # the server's own warnings go to its log, not into pytest
    )
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        "--ServerApp.allow_root=True",  # containers and some CI runners run as root
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run all cells reliably
        "--LabApp.workspaces_dir=" + str(dirs["workspaces"]),
        "--LabApp.user_settings_dir=" + str(dirs["settings"]),
    ]
    log = tmp_path / "jupyter-lab.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
    server = Lab(url=url, token=token, root=root, log=log)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                req = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(req, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer within {SERVER_START_S} s:\n{server.log_tail()}")
            time.sleep(0.25)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _accept_dialogs(page: Page) -> None:
    """Accept a kernel-selection (or any other) modal dialog if one is showing."""
    dialog = page.locator(".jp-Dialog")
    for _ in range(3):
        if dialog.count() == 0:
            return
        page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=5_000)
        page.wait_for_timeout(300)


KERNEL_IDLE_JS = """() => {
    const app = window.jupyterapp;
    const nb = app && app.shell.currentWidget;
    if (!nb || !nb.sessionContext || !nb.context || !nb.context.isReady) return false;
    const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""

RUN_ALL_JS = """async (timeoutMs) => {
    const app = window.jupyterapp;
    const timeout = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('run-all-cells timed out')), timeoutMs));
    const ok = await Promise.race([app.commands.execute('notebook:run-all-cells'), timeout]);
    const model = app.shell.currentWidget.content.model;
    const cells = [];
    for (let i = 0; i < model.cells.length; i++) {
        const cell = model.cells.get(i).toJSON();
        if (cell.cell_type !== 'code') continue;
        cells.push({index: i, count: cell.execution_count,
                    errors: cell.outputs.filter(o => o.output_type === 'error')
                                        .map(o => o.ename + ': ' + o.evalue)});
    }
    return {ok, cells};
}"""


def _panel_shows(page: Page, assumption: float) -> None:
    """The panel text and the chart title both show the projection for ``assumption``."""
    growth, projected = EXPECTED[assumption]
    text = page.locator(PANEL_TEXT)
    expect(text).to_have_count(1, timeout=STEP_MS)
    expect(text).to_contain_text(growth + ",", timeout=STEP_MS)
    expect(text).to_contain_text(projected, timeout=STEP_MS)
    expect(page.locator(SLIDER).locator(".widget-readout")).to_have_text(f"{assumption:.1f}", timeout=STEP_MS)
    # the chart in the panel's Output widget was redrawn: its title carries the same sentence
    chart = page.locator(PANEL_CHART)
    expect(chart).to_have_count(1, timeout=STEP_MS)
    expect(chart.locator(".gtitle")).to_contain_text(projected, timeout=STEP_MS)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_gdp_scenario_slider_in_lab(lab: Lab) -> None:
    console: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            try:
                _run(page, lab)
            except BaseException:
                try:
                    page.screenshot(path=str(SCREENSHOT), full_page=True)
                except Exception:  # best effort; the real failure is re-raised below
                    pass
                print("browser console errors:\n" + "\n".join(console[-40:]))
                print("server log tail:\n" + lab.log_tail())
                raise
        finally:
            browser.close()


def _run(page: Page, lab: Lab) -> None:
    page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}?token={lab.token}", timeout=KERNEL_READY_MS)
    page.wait_for_function("() => !!window.jupyterapp", timeout=KERNEL_READY_MS)
    expect(page.locator(".jp-NotebookPanel")).to_be_visible(timeout=KERNEL_READY_MS)
    _accept_dialogs(page)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=KERNEL_READY_MS)

    result = page.evaluate(RUN_ALL_JS, RUN_ALL_MS)
    not_run = [c["index"] for c in result["cells"] if c["count"] is None]
    errors = [f"cell {c['index']}: {e}" for c in result["cells"] for e in c["errors"]]
    assert not errors, errors
    assert result["ok"] and not not_run, result
    page.wait_for_function(KERNEL_IDLE_JS, timeout=KERNEL_READY_MS)

    slider = page.locator(SLIDER)
    expect(slider).to_be_visible(timeout=STEP_MS)
    slider.scroll_into_view_if_needed()
    # Run All leaves the slider at its default 5.0 (the checking cell restores it).
    _panel_shows(page, 5.0)
    before = page.locator(PANEL_TEXT).inner_text()

    # Move the slider with the keyboard (noUiSlider handle: ArrowRight = one step of 0.5).
    handle = slider.locator(".noUi-handle")
    for assumption in (5.5, 6.0, 6.5):
        handle.focus()
        handle.press("ArrowRight")
        _panel_shows(page, assumption)
    after = page.locator(PANEL_TEXT).inner_text()
    assert after != before
    assert "预计全年1,736.25亿元" in before and "预计全年1,761.05亿元" in after, (before, after)

    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # every widget rendered; every Plotly chart on the page (history charts too) was drawn
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    # (Lab's Plotly renderer makes the output element itself the ``.js-plotly-plot``): the two
    # history charts and the panel's chart
    charts = page.locator(ALL_CHARTS)
    assert charts.count() >= 3, charts.count()
    for i in range(charts.count()):
        expect(charts.nth(i).locator(".main-svg").first).to_be_attached(timeout=STEP_MS)

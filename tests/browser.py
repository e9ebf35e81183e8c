"""Headless Debian chromium for the browser tests (Playwright drives it; never `playwright install`)."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    """Skip without chromium on a developer's machine; under CI it must be there (CI installs it)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Debian chromium missing under CI: scripts/install-system.sh should install it")
        pytest.skip("Debian chromium not installed (make setup installs it)")


@contextmanager
def offline_page(viewport: dict | None = None):
    """A page on which every request to anything but a local file is refused and recorded.

    Yields ``(page, log)`` where ``log`` has lists ``outside``, ``failed`` and ``console_errors``.
    """
    from playwright.sync_api import sync_playwright

    require_chromium()
    log: dict[str, list[str]] = {"outside": [], "failed": [], "console_errors": [], "dialogs": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport=viewport or {"width": 1200, "height": 900})

            def route(r):
                if r.request.url.startswith(("file://", "data:", "blob:")):
                    r.continue_()
                else:
                    log["outside"].append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("requestfailed", lambda r: log["failed"].append(r.url))
            page.on("console", lambda m: log["console_errors"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: log["console_errors"].append(str(e)))
            page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
            yield page, log
        finally:
            browser.close()

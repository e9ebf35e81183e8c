"""Lab speaks Chinese and stays on the intranet (issue 20): ``make lab`` installs the project's
lab/overrides.json (locale zh_CN from jupyterlab-language-pack-zh-cn; no news, no update check)
as the environment's default settings, and starts the server without a news feed."""

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
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def test_the_overrides_say_chinese_no_news_no_update_check():
    overrides = json.loads((REPO / "lab" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"] == {"locale": "zh_CN"}
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false",
                                                                        "checkForUpdates": False}


def test_make_lab_installs_them_and_starts_without_news(monkeypatch, tmp_path):
    # make lab runs `taicang-report lab`, which installs the overrides into the environment's Lab
    # settings and starts the server without a news feed or an update check
    from taicang_analysis import cli

    started = []
    monkeypatch.setattr(cli.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(subprocess, "call", lambda cmd, **kw: started.append(cmd) or 0)
    assert cli.run_lab() == 0
    installed = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_bytes() == (REPO / "lab" / "overrides.json").read_bytes()
    (command,) = started
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert "--LabApp.news_url=None" in command and any("NeverCheckForUpdate" in c for c in command)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> dict:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def test_a_lab_with_them_is_chinese_and_fetches_no_news(tmp_path):
    settings = tmp_path / "app-settings"
    settings.mkdir()
    shutil.copy(REPO / "lab" / "overrides.json", settings / "overrides.json")  # what make lab installs
    dirs = {n: tmp_path / n for n in ("config", "runtime", "data", "user", "workspaces")}
    for d in dirs.values():
        d.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TAICANG_", "JUPYTER"))}
    env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
               JUPYTER_DATA_DIR=str(dirs["data"]), JUPYTER_PLATFORM_DIRS="0", PYTHONWARNINGS="ignore")
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
           "--ServerApp.allow_root=True", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.app_settings_dir={settings}", f"--LabApp.user_settings_dir={dirs['user']}",
           f"--LabApp.workspaces_dir={dirs['workspaces']}"]
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "lab.log").open("wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "lab.log").read_text(errors="replace")[-2000:]
            try:
                _get(f"{url}/api/status", token)
                break
            except (urllib.error.URLError, OSError):
                assert time.monotonic() < deadline, "jupyter lab did not answer"
                time.sleep(0.5)
        locale = _get(f"{url}/lab/api/settings/@jupyterlab/translation-extension:plugin", token)
        # overrides are the defaults every user starts from (the schema's defaults; no user setting)
        assert locale["schema"]["properties"]["locale"]["default"] == "zh_CN"
        notes = _get(f"{url}/lab/api/settings/@jupyterlab/apputils-extension:notification", token)
        props = notes["schema"]["properties"]
        assert props["fetchNews"]["default"] == "false" and props["checkForUpdates"]["default"] is False
        # the language pack is installed and its catalogue served
        zh = _get(f"{url}/lab/api/translations/zh_CN", token)
        assert zh["data"] and "jupyterlab" in zh["data"]
        assert _get(f"{url}/lab/api/news", token)["news"] == []
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

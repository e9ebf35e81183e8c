"""Finding a browser for the PNGs and the PDF, and local paths as browser addresses, on Linux,
Windows and macOS (CI runs Linux only: the platform, its settings and its files are faked here)."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest

from taicang_analysis.report.export import (
    BROWSER_SETTING,
    BrowserNotFound,
    browser_candidates,
    file_uri,
    find_browser,
    heading_pages,
    no_browser_message,
)

WIN_ENV = {"ProgramFiles": r"C:\Program Files", "PROGRAMFILES(X86)": r"C:\Program Files (x86)",
           "LOCALAPPDATA": r"C:\Users\张伟\AppData\Local"}
EDGE = r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"
CHROME = r"C:\Program Files\Google\Chrome\Application\chrome.exe"
USER_CHROME = r"C:\Users\张伟\AppData\Local\Google\Chrome\Application\chrome.exe"


def machine(*files: str):
    """``exists`` and ``which`` of a machine that holds exactly ``files``."""
    held = set(files)
    return {"exists": held.__contains__, "which": lambda name: next((f for f in held if f.endswith("/" + name)), None)}


def test_windows_edge_is_found_where_windows_installs_it():
    assert find_browser(system="win32", env=WIN_ENV, **machine(EDGE)) == EDGE


def test_windows_chrome_before_edge_and_per_user_chrome():
    assert find_browser(system="win32", env=WIN_ENV, **machine(EDGE, CHROME)) == CHROME
    # installed for one user only, under a Chinese user name
    assert find_browser(system="win32", env=WIN_ENV, **machine(EDGE, USER_CHROME)) == USER_CHROME


def test_windows_settings_are_case_insensitive_and_may_be_missing():
    places = [str(p) for p in browser_candidates("win32", {"programfiles": r"D:\Apps"})]
    # only the places whose folder setting is known; no "%LOCALAPPDATA%" left in a path
    assert places == [r"D:\Apps\Google\Chrome\Application\chrome.exe", r"D:\Apps\Microsoft\Edge\Application\msedge.exe"]


def test_debian_chromium_first_on_linux():
    found = find_browser(system="linux", env={}, **machine("/usr/bin/chromium", "/opt/google/chrome/chrome"))
    assert found == "/usr/bin/chromium"


def test_linux_chrome_then_path():
    assert find_browser(system="linux", env={}, **machine("/opt/google/chrome/chrome")) == "/opt/google/chrome/chrome"
    # a browser only on PATH (e.g. in a conda environment)
    assert find_browser(system="linux", env={}, **machine("/home/a/miniconda3/bin/chromium")) == "/home/a/miniconda3/bin/chromium"


def test_macos_applications_and_home():
    chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
    assert find_browser(system="darwin", env={"HOME": "/Users/li"}, **machine(chrome)) == chrome
    edge = "/Users/li/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"
    assert find_browser(system="darwin", env={"HOME": "/Users/li"}, **machine(edge)) == edge


def test_explicit_browser_and_setting_come_first():
    mine = r"D:\便携\chrome\chrome.exe"
    assert find_browser(mine, system="win32", env=WIN_ENV, **machine(EDGE, mine)) == mine
    env = {**WIN_ENV, BROWSER_SETTING: mine}
    assert find_browser(system="win32", env=env, **machine(EDGE, mine)) == mine
    # the argument wins over the setting
    assert find_browser(EDGE, system="win32", env=env, **machine(EDGE, mine)) == EDGE


def test_a_named_browser_that_is_not_there_is_an_error_not_a_fallback():
    with pytest.raises(BrowserNotFound, match=r"--browser 指定的浏览器程序不存在: D:\\无\\chrome.exe"):
        find_browser(r"D:\无\chrome.exe", system="win32", env=WIN_ENV, **machine(EDGE))
    with pytest.raises(BrowserNotFound, match=f"设置 {BROWSER_SETTING}"):
        find_browser(system="linux", env={BROWSER_SETTING: "/nope"}, **machine("/usr/bin/chromium"))


@pytest.mark.parametrize("system", ["win32", "linux", "darwin"])
def test_no_browser_says_how_to_get_the_pngs_and_pdf(system):
    with pytest.raises(BrowserNotFound) as info:
        find_browser(system=system, env=WIN_ENV if system == "win32" else {"HOME": "/h"}, **machine())
    message = str(info.value)
    assert message == no_browser_message(system)
    assert "index.html 已生成" in message and "PDF" in message and "--browser" in message
    assert "taicang-report build" in message and "make" not in message.replace("make setup", "")


def test_file_uri_chinese_and_unc_paths_on_windows():
    assert file_uri(PureWindowsPath(r"C:\Users\张伟\桌面\太仓 报告\index.html")) == (
        "file:///C:/Users/%E5%BC%A0%E4%BC%9F/%E6%A1%8C%E9%9D%A2/%E5%A4%AA%E4%BB%93%20%E6%8A%A5%E5%91%8A/index.html")
    # a folder named in GBK on a Chinese Windows reaches Python as text: the address is UTF-8
    gbk_name = "月报".encode("gbk").decode("gbk")
    assert file_uri(PureWindowsPath(rf"D:\{gbk_name}\index.html")) == "file:///D:/%E6%9C%88%E6%8A%A5/index.html"
    with pytest.raises(ValueError, match="需要完整路径"):
        file_uri(PureWindowsPath(r"报告\index.html"))


def test_file_uri_posix():
    assert file_uri(PurePosixPath("/home/李/报告#1/index.html")) == "file:///home/%E6%9D%8E/%E6%8A%A5%E5%91%8A%231/index.html"


def test_heading_pages_in_order_and_missing():
    marks = [(2, "目标总览", 1), (2, "甲", 2), (2, "甲", 5)]
    # two sections with one title take the bookmarks in order; a heading without one gets no page
    assert heading_pages(marks, [("a", "甲"), ("b", "甲"), ("c", "乙")]) == {"a": 2, "b": 5}

"""Reliability grades from a figure's source (taicang_analysis.sources.reliability, data/publishers.csv).

Every URL and title below that is not from data/figures.csv is SYNTHETIC (example.* hosts).
"""

from __future__ import annotations

import shutil

import polars as pl
import pytest
from conftest import raises_one

from taicang_analysis.context import SHIPPED_DATA_DIR
from taicang_analysis.sources.published import build_published_figures, load_published_figures
from taicang_analysis.sources.reliability import (
    DEFAULT_GRADE,
    classify,
    grade,
    grade_sources,
    load_publishers,
    worst,
)
from taicang_analysis.vocabulary import RELIABILITIES


@pytest.mark.parametrize(("url", "title", "expected"), [
    # a government host is official, whatever the title says
    ("https://www.js.gov.cn/art/2024/1/22/x.html", "江苏省政府网 (2024-01-22)", "official"),
    ("http://tjj.suzhou.gov.cn/a.html", "SYNTHETIC blog-like title", "official"),
    # an official text on an unknown host is a repost
    ("http://mirror.example/1.shtml", "太仓市2019年政府工作报告 (third-party copy)", "official_repost"),
    ("http://mirror.example/2.shtml", "(江蘇省)2024年常熟市人民政府工作報告 (mirror)", "official_repost"),
    ("http://mirror.example/3.shtml", "昆山市2024年国民经济和社会发展统计公报 (mirror)", "official_repost"),
    ("http://mirror.example/4.html", "调研 (来源:太仓市人民政府, 2023-08-07)", "official_repost"),
    ("http://mirror.example/5.html", "Overview (copy of Taicang govt overview page)", "official_repost"),
    # a named outlet or a byline is news, on its own host or reposted
    ("http://en.people.cn/n3/x.html", "Container throughput (Xinhua)", "news"),
    ("http://mirror.example/6.html", "太仓港 (本报讯 记者 某某, repost)", "news"),
    ("http://mirror.example/7.html", "Taicang port record (repost of China Daily Taicang)", "news"),
    ("http://mirror.example/8.html", "投资 (来源:太仓日报, 2017-11-01)", "news"),
    # blogs, forums and compilations are secondary; a known forum host wins over the bulletin title
    ("https://quyushuju.com/forum.php?x=1", "张家港市2023年国民经济和社会发展统计公报 (forum copy)", "secondary"),
    ("http://mirror.example/9.html", "Third-party blog on GDP", "secondary"),
    # an anonymous Q&A page is doubtful
    ("https://www.chaxiaohao.com/read-1.html", "Q&A page on Taicang Port", "doubtful"),
    ("http://mirror.example/10.html", "某问答页面", "doubtful"),
    # no known host and no publisher named: a copy of unknown origin
    ("http://unknown.example/11.html", "(2015-01-19 news)", DEFAULT_GRADE),
    ("", "", DEFAULT_GRADE),
])
def test_grade_by_host_then_title_then_default(url, title, expected):
    assert grade(url, title) == expected


def test_longest_host_pattern_wins(tmp_path):
    path = tmp_path / "publishers.csv"
    path.write_text("match,pattern,grade,note\nhost,example.cn,secondary,SYNTHETIC\n"
                    "host,news.example.cn,news,SYNTHETIC\n", encoding="utf-8")
    table = load_publishers(tmp_path)
    assert grade("https://news.example.cn/a", "", publishers=table) == "news"
    assert grade("https://blog.example.cn/a", "", publishers=table) == "secondary"
    # a host that merely ends with the same letters is not a subdomain
    assert grade("https://badexample.cn/a", "", publishers=table) == DEFAULT_GRADE


def test_notes_cap_the_grade_but_never_raise_it():
    # LOW RELIABILITY makes an official repost doubtful …
    assert grade("http://m.example/x", "2022年统计公报 (mirror)", "LOW RELIABILITY") == "doubtful"
    # … SECONDARY caps a news text at secondary …
    assert classify("http://m.example/x", "苏报 report", "SECONDARY; conflicts") == (
        "secondary", "title row 22 + notes row 24")
    # … but never lifts a doubtful Q&A page
    assert grade("https://www.chaxiaohao.com/1", "Q&A page", "SECONDARY") == "doubtful"
    # markers are upper case: prose that mentions another row's "secondary source" does not cap
    assert grade("http://m.example/x", "太仓市2019年政府工作报告", "See conflict with 6.8% (secondary source).") == (
        "official_repost")


def test_worst():
    assert worst(["official", "doubtful", "news"]) == "doubtful"
    assert worst(["official_repost", "official"]) == "official_repost"
    assert worst([None]) == DEFAULT_GRADE


def test_grade_sources_gives_the_rule():
    frame = pl.DataFrame({"source_url": ["https://www.js.gov.cn/a", "http://unknown.example/b"],
                          "source_title": ["江苏省政府网", "(news)"], "notes": [None, None]})
    graded = grade_sources(frame)
    assert graded.select("reliability", "reliability_rule").rows() == [
        ("official", "host gov.cn"), ("secondary", "default")]


def test_shipped_grades():
    published = load_published_figures()
    counts = dict(published.group_by("reliability").len().rows())
    assert set(counts) <= set(RELIABILITIES)
    # one doubtful figure (the Q&A site), two on a government host (js.gov.cn), and all of the
    # work-report figures are official texts on mirrors
    assert counts["doubtful"] == 1 and counts["official"] == 2
    gwr = published.filter(pl.col("source_title").str.contains("政府工作报告"))
    assert gwr.height >= 20 and set(gwr["reliability"].to_list()) == {"official_repost"}


def test_changing_the_table_changes_the_build(tmp_path):
    # the grade comes from data/publishers.csv: mark people.cn doubtful and rebuild
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA_DIR / "raw", data / "raw")
    shutil.copy(SHIPPED_DATA_DIR / "releases.csv", data / "releases.csv")
    text = (SHIPPED_DATA_DIR / "publishers.csv").read_text("utf-8").replace(
        "host,people.cn,news,", "host,people.cn,doubtful,")
    (data / "publishers.csv").write_text(text, encoding="utf-8")
    rebuilt = build_published_figures(data / "raw")
    port = rebuilt.filter(pl.col("figure_id") == "b1-r093")
    assert port["reliability"].item() == "doubtful"
    assert build_published_figures()["reliability"].to_list() != rebuilt["reliability"].to_list()


@pytest.mark.parametrize(("line", "column", "value"), [
    ("host,example.cn,excellent,SYNTHETIC", "grade", "excellent"),
    ("url,example.cn,news,SYNTHETIC", "match", "url"),
    ("title,[unclosed,news,SYNTHETIC", "pattern", "[unclosed"),
])
def test_bad_publisher_rows_are_clear_errors(tmp_path, line, column, value):
    path = tmp_path / "publishers.csv"
    path.write_text("match,pattern,grade,note\nhost,gov.cn,official,ok\n" + line + "\n", encoding="utf-8")
    err = raises_one(lambda: load_publishers(tmp_path))
    assert (err.file, err.row, err.column, err.value) == (str(path), 3, column, value)
    assert err.expected

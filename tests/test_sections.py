"""One call per notebook step (taicang_analysis.notebook.sections): the same call in Lab and in the
report; a target the year's registry does not hold shows nothing in the report."""

from __future__ import annotations

import dataclasses
import re

import pytest

from taicang_analysis.notebook import sections as s
from taicang_analysis.run import open_run


@pytest.fixture
def shown(monkeypatch):
    out: list[str] = []
    monkeypatch.setattr(s, "show_html", out.append)
    monkeypatch.setattr("taicang_analysis.notebook.display.show_html", out.append)
    return out


def test_target_heading_with_anchor_status_and_words(shown):
    run = open_run(2023, report=True)
    s.target(run, "port_teu")
    html = "".join(shown)
    assert "id='t-port_teu'" in html and "突破900万标箱" in html and "未完成" in html
    assert "原文: “推动集装箱吞吐量突破900万标箱”" in html


def test_a_target_missing_from_the_years_registry(shown):
    run = open_run(2021, report=True)
    s.target(run, "gdp_growth")
    s.scenario(run, "gdp_growth")
    s.history(run, "gdp", "growth_pct", title="地区生产总值增速", name="g", target_id="gdp_growth")
    assert shown == []  # nothing in the 2021 report
    run = open_run(2021, report=False)
    s.target(run, "gdp_growth")
    assert "2021年的目标登记表中没有这项目标" in shown[0]


def test_a_single_figure_is_a_sentence_not_a_chart(shown):
    # foreign direct investment has no published figure; retail levels: only 2014 and 2019 (two figures: a chart)
    run = open_run(2023, report=True)
    s.history(run, "foreign_investment", "level", title="实际使用外资(亿美元)", name="fdi")
    assert "本报告数据中尚无这项数字, 不作图、不估算" in shown[0]


def test_in_year_without_monthly_data_says_so(shown):
    run = open_run(2023, report=True)
    s.in_year(run, "gdp", "growth_pct", title="地区生产总值年内累计增速", name="x")
    assert "2023年尚无月度数据" in shown[0]


def test_the_report_scenario_is_a_range_input(shown):
    run = open_run(2023, report=True)
    table = s.scenario(run, "german_firms")
    html = "".join(shown)
    assert "<input type='range'" in html and table.height > 10


def test_peers_note_describes_taicangs_row(shown):
    run = open_run(2023, report=True)
    s.peers(run)
    html = "".join(shown)
    # 2023 GDP levels: 昆山 5140.6 > 张家港 3365.8 > 常熟 2800.16 > 吴江 2377.28 > 虎丘 1826.75 > 太仓 1734.94 —
    # six of Suzhou's ten county-level places: the heading names the set, no rank is computed from it
    # (never "第6位"), the source's own rank is quoted on Taicang's row, and the note describes Taicang's row
    level = html.split("<h3>2023年地区生产总值总量: ")[1].split("<h3>")[0]
    assert level.startswith("苏州市10个县级市、区和县级单位中的6个: 县级市4个中的4个、区5个中的2个、县级单位1个中的0个</h3>")
    assert "第6位" not in level and "第7位(来源原文)" in level
    taicang_row = re.search(r"<tr><th scope='row'>太仓市</th>.*?</tr>", level).group(0)
    assert "第7位(来源原文)" in taicang_row
    assert re.search(r"<p class='note'>太仓市: [^<]*来源原文:第7位</p>", level)
    # Taicang's 2023 GDP growth is not published in what we hold: not ranked
    growth = html.split("<h3>2023年地区生产总值增速: ")[1].split("<h3>")[0]
    assert "太仓市" in growth and "本报告数据中尚无" in growth


def test_methods_lists_flags_and_refusals(shown):
    run = open_run(2023, report=True)
    s.data_checks(run)
    html = "".join(shown)
    # the 2023 edition's 存疑 table holds only the rows it uses: Changshu's 2023 预计数 (b2-r035), not the
    # doubtful 2024 port figure (b1-r091), which belongs to later editions
    assert "b2-r035" in html and "b1-r091" not in html and "可以想到但没有推算的数" in html
    shown.clear()
    s.data_checks(dataclasses.replace(open_run(2023, report=True), year=2025))  # a 2025 edition
    assert "b1-r091" in "".join(shown)

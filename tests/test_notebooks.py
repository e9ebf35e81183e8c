"""The notebooks on other data: the foreign-investment empty state, and panels that start from the
analyst's own monthly file. (nbval runs every notebook on the shipped data in `make test`; key
numbers are checked by assert cells inside them.)"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from conftest import write_monthly
from nbclient import NotebookClient

from taicang_analysis.context import NOTEBOOK_DIR

pytestmark = pytest.mark.slow


def run(notebook: nbformat.NotebookNode, monkeypatch, data: Path) -> list[dict]:
    monkeypatch.setenv("TAICANG_DATA", str(data))
    monkeypatch.delenv("TAICANG_REPORT", raising=False)
    NotebookClient(notebook, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]


def text_of(outputs: list[dict]) -> str:
    return json.dumps([o.get("data", o.get("text", "")) for o in outputs], ensure_ascii=False)


def test_foreign_investment_shows_an_empty_state_without_figures(tmp_data, monkeypatch):
    outputs = run(nbformat.read(NOTEBOOK_DIR / "12_foreign_investment.ipynb", 4), monkeypatch, tmp_data)
    shown = text_of(outputs)
    assert "实际使用外资: 暂无数据" in shown and "data/monthly/" in shown and "monthly_template.csv" in shown
    assert not any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs), "no chart without data"


def test_foreign_investment_works_once_a_file_is_added(tmp_data, monkeypatch):
    # SYNTHETIC test values, not Taicang's figures: 1-3月 5.1 亿美元 (+3.2%), 1-6月 9.8 亿美元 (+2.5%)
    write_monthly(tmp_data / "monthly", "synthetic_fdi_2023.csv", [
        ["指标名称", "单位", "2023-03 累计值", "2023-03 累计增长%", "2023-06 累计值", "2023-06 累计增长%"],
        ["实际使用外资", "亿美元", "5.1", "3.2", "9.8", "2.5"],
    ], provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 2023年6月月报", "date": "2023-07-20"})
    outputs = run(nbformat.read(NOTEBOOK_DIR / "12_foreign_investment.ipynb", 4), monkeypatch, tmp_data)
    charts = [o["data"]["application/vnd.plotly.v1+json"] for o in outputs
              if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert charts, "a chart once the analyst's file is there"
    ytd = charts[0]
    assert ytd["data"][0]["name"] == "2023年"
    # months 1-12 on the x axis; March and June carry her numbers, the other months are gaps
    assert ytd["data"][0]["y"] == [None, None, 5.1, None, None, 9.8, None, None, None, None, None, None]
    shown = text_of(outputs)
    assert "暂无数据" not in shown and "SYNTHETIC 2023年6月月报" in shown


def test_panel_starts_from_the_analysts_file(tmp_data, monkeypatch):
    # SYNTHETIC: GDP 1-6月 850 亿元, +4.0%
    write_monthly(tmp_data / "monthly", "synthetic_gdp_2023.csv", [
        ["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"], ["地区生产总值", "亿元", "850", "4.0"],
    ], provenance={"issuer": "测试(合成数据)", "report": "SYNTHETIC 2023年二季度", "date": "2023-07-20"})
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(
        "import taicang_analysis as ta\npanel = ta.scenario('gdp_growth')\n"
        "print(panel.start.month, panel.start.ytd_value, round(panel.result['required'], 4))\n"
        "print(panel.start.note)")]
    out = text_of(run(book, monkeypatch, tmp_data))
    # last year's first half implied by her figures: 850 / 1.04 = 817.3077; the rest of 2022:
    # 1653.57 − 817.3077 = 836.2623; needed: 1653.57 × 1.05 = 1736.2485; (1736.2485 − 850) / 836.2623
    # = 1.0597733 (836.26231 × 1.0597 = 886.1872; 0.0613 / 836.26 = 0.0000733) → 5.9773 % over the
    # remaining six months
    assert "6 850.0 5.9773" in out
    assert "分析员月报" in out and "SYNTHETIC 2023年二季度" in out


def test_notebooks_are_committed_without_outputs():
    # outputs in git make noisy diffs and stale numbers; nbval checks run the cells instead
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        book = nbformat.read(path, 4)
        stored = [i for i, c in enumerate(book.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
        assert not stored, f"{path.name}: cells {stored} have stored outputs"

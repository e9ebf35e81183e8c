"""Run All never breaks: every notebook, executed as in Lab (not report mode) on four data folders.

(a) no monthly data, (b) a SYNTHETIC month, (c) a SYNTHETIC full year, (d) a SYNTHETIC file that
fails validation. Each case copies the shipped ``data/`` to a temporary folder, adds its monthly
file, gives the notebooks its path as their ``data`` parameter (an injected cell, as the report
builder and ``make lab DATA=…`` do) and executes all notebooks in ONE kernel
(their cells concatenated, as the report builder does). No cell may raise; the checks of numbers
live here, not in the analyst's notebooks. (``make test`` also runs nbval on the shipped data.)

Every number in the monthly files written here is SYNTHETIC (file names, issuer and report say so).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import write_monthly
from nbclient import NotebookClient

from taicang_analysis.context import NOTEBOOK_DIR, SHIPPED_DATA_DIR
from taicang_analysis.report.build import combine_notebooks, with_parameters

pytestmark = pytest.mark.slow

PLOTLY = "application/vnd.plotly.v1+json"
PROVENANCE = {"issuer": "测试(合成数据 SYNTHETIC)", "report": "SYNTHETIC 2023年6月月报", "date": "2023-07-20"}

#: SYNTHETIC 1-6月 2023 for every indicator a target notebook draws by month:
#: (name as the bureau writes it, unit, 累计值, 累计增长%), and where its in-year chart is
MONTH = [
    ("地区生产总值", "亿元", "850", "4.0"),
    ("社会消费品零售总额", "亿元", "330", "5.0"),
    ("实际使用外资", "亿美元", "9.8", "2.5"),
    ("德资企业", "家", "20", ""),
    ("全社会固定资产投资", "亿元", "280", "6.0"),
    ("工业投资", "亿元", "110", "8.0"),
    ("一般公共预算收入", "亿元", "95", "5.5"),
    ("规上工业总产值", "亿元", "1650", "7.0"),
    ("太仓港集装箱吞吐量", "万标箱", "400", "3.0"),
]
#: notebook -> the in-year charts it must show with MONTH: (chart name in the call, June value drawn)
IN_YEAR = {
    "10_gdp.ipynb": [("gdp-ytd", 4.0)],  # growth at comparable prices: the growth is drawn
    "11_retail_sales.ipynb": [("retail-ytd", 330.0)],
    "12_foreign_investment.ipynb": [("fdi-ytd", 9.8)],
    "13_german_enterprises.ipynb": [("german-ytd", 20.0)],
    "14_fixed_asset_investment.ipynb": [("fai-ytd", 280.0), ("industrial-investment-ytd", 110.0)],
    "15_budget_revenue.ipynb": [("revenue-ytd", 95.0)],
    "16_industrial_output.ipynb": [("output-ytd", 7.0)],
    "17_port_teu.ipynb": [("port-ytd", 400.0)],
}


def copy_data(dest: Path) -> Path:
    """The shipped data folder with an empty ``monthly/`` (as conftest's ``tmp_data``)."""
    dest.mkdir(parents=True)
    for name in ("indicators.csv", "figures.csv"):
        shutil.copy2(SHIPPED_DATA_DIR / name, dest / name)
    for name in ("targets", "raw"):
        shutil.copytree(SHIPPED_DATA_DIR / name, dest / name)
    (dest / "monthly").mkdir()
    return dest


def run_all(data: Path) -> list[nbformat.NotebookNode]:
    """Execute every notebook in one kernel on ``data``; return the code cells (with their outputs)."""
    book = with_parameters(combine_notebooks(sorted(NOTEBOOK_DIR.glob("*.ipynb"))), data=str(data))
    NotebookClient(book, kernel_name="python3", timeout=300, allow_errors=True,
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
    return [c for c in book.cells if c.cell_type == "code"]


def outputs_of(cells, notebook: str | None = None) -> list[dict]:
    return [o for c in cells if notebook in (None, c.metadata["taicang"]["notebook"]) for o in c.outputs]


def text_of(outputs: list[dict]) -> str:
    return json.dumps([o.get("data", o.get("text", "")) for o in outputs], ensure_ascii=False)


def in_year_chart(cells, notebook: str, name: str) -> dict | None:
    """The plotly figure drawn by the notebook's ``s.in_year(..., name=<name>)`` call."""
    for c in cells:
        if c.metadata["taicang"]["notebook"] == notebook and f"name='{name}'" in c.source and "s.in_year(" in c.source:
            figures = [o["data"][PLOTLY] for o in c.outputs if PLOTLY in o.get("data", {})]
            return figures[0] if figures else None
    raise AssertionError(f"{notebook} has no s.in_year(..., name='{name}') cell")


def hint_sentences(cells, notebook: str) -> list[str]:
    """The static hints of the scenario panels (their text is the run's sentence)."""
    return [o["data"]["text/html"] for o in outputs_of(cells, notebook)
            if "taicang-panel-hint" in o.get("data", {}).get("text/html", "")]


def assert_ran_cleanly(cells) -> None:
    not_run = [(c.metadata["taicang"], c.source[:60]) for c in cells if c.execution_count is None]
    errors = [(c.metadata["taicang"], o.get("ename"), o.get("evalue", "")[:300]) for c in cells for o in c.outputs
              if o.output_type == "error"]
    stderr = [(c.metadata["taicang"], o.text[:300]) for c in cells for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert not errors, errors
    assert not not_run, not_run
    assert not stderr, stderr


# --- (a) no monthly data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def case_none(tmp_path_factory):
    data = copy_data(tmp_path_factory.mktemp("none") / "data")
    return data, run_all(data)


def test_no_monthly_data_runs_and_says_where_a_file_goes(case_none):
    data, cells = case_none
    assert_ran_cleanly(cells)
    fdi = text_of(outputs_of(cells, "12_foreign_investment.ipynb"))
    # the empty state names the absolute folder actually read
    assert "实际使用外资: 暂无数据" in fdi and str((data / "monthly").resolve()) in fdi
    assert not any(PLOTLY in o.get("data", {}) for o in outputs_of(cells, "12_foreign_investment.ipynb"))
    # no in-year figure: a sentence, never an empty axis
    assert in_year_chart(cells, "10_gdp.ipynb", "gdp-ytd") is None
    assert "地区生产总值年内累计增速(可比价, %): 2023年尚无月度数据" in text_of(outputs_of(cells, "10_gdp.ipynb"))


# --- (b) a SYNTHETIC month ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def case_month(tmp_path_factory):
    data = copy_data(tmp_path_factory.mktemp("month") / "data")
    write_monthly(data / "monthly", "SYNTHETIC_2023-06.csv",
                  [["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"], *[list(r) for r in MONTH]],
                  provenance=PROVENANCE)
    return data, run_all(data)


def test_a_month_runs_cleanly(case_month):
    assert_ran_cleanly(case_month[1])


@pytest.mark.parametrize("notebook", sorted(IN_YEAR))
def test_each_target_notebook_draws_her_month(case_month, notebook):
    _, cells = case_month
    for name, june in IN_YEAR[notebook]:
        figure = in_year_chart(cells, notebook, name)
        assert figure is not None, f"{notebook}: no in-year chart {name}"
        this = next(t for t in figure["data"] if t["name"] == "2023年")
        # months 1-12 on the x axis; June carries her number, January to May are gaps (a published
        # full year, e.g. the port's 803.9万标箱, stands at December)
        assert this["y"][5] == june and this["y"][:5] == [None] * 5, (name, this["y"])
    # the source line names her report (leadership's label drops the Latin word SYNTHETIC)
    assert "2023年6月月报" in text_of(outputs_of(cells, notebook))


def test_last_year_is_drawn_as_reference_where_known(case_month):
    # port throughput 2022-02: 118.6万标箱 (published), the dotted reference line
    figure = in_year_chart(case_month[1], "17_port_teu.ipynb", "port-ytd")
    ref = next(t for t in figure["data"] if t["name"] == "2022年(参照)")
    assert ref["y"][1] == 118.6


def test_the_german_panel_starts_from_her_month(case_month):
    # SYNTHETIC 20 firms by June against 50家以上: 30 more needed in the remaining six months
    (hint,) = hint_sentences(case_month[1], "13_german_enterprises.ipynb")
    assert "若余下6个月再新增30家, 则全年预计50家, 可完成目标(50家以上)。" in hint


# --- (c) a SYNTHETIC full year --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def case_year(tmp_path_factory):
    data = copy_data(tmp_path_factory.mktemp("year") / "data")
    write_monthly(data / "monthly", "SYNTHETIC_2023-12.csv", [
        ["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%", "2023-12 累计值", "2023-12 累计增长%"],
        ["地区生产总值", "亿元", "850", "4.0", "1740", "5.2"],
        ["德资企业", "家", "20", "", "55", ""],
        ["太仓港集装箱吞吐量", "万标箱", "400", "3.0", "810", "0.9"],
    ], provenance={**PROVENANCE, "report": "SYNTHETIC 2023年12月月报", "date": "2024-01-20"})
    return data, run_all(data)


def test_a_full_year_runs_cleanly_and_shows_results(case_year):
    _, cells = case_year
    assert_ran_cleanly(cells)
    # the year is over: results (已完成 / 未完成), no what-if
    (gdp,) = hint_sentences(cells, "10_gdp.ipynb")
    assert "2023年全年已结束, 增长5.2%; 目标增长5%左右: 已完成。" in gdp
    (german,) = hint_sentences(cells, "13_german_enterprises.ipynb")
    assert "2023年全年已结束, 全年55家; 目标50家以上: 已完成。" in german
    # 810 ≤ 900: 突破900 not reached
    (port,) = hint_sentences(cells, "17_port_teu.ipynb")
    assert "2023年全年已结束, 全年810万标箱" in port and "未完成" in port
    figure = in_year_chart(cells, "13_german_enterprises.ipynb", "german-ytd")
    this = next(t for t in figure["data"] if t["name"] == "2023年")
    assert (this["y"][5], this["y"][11]) == (20.0, 55.0)


# --- (d) a SYNTHETIC file that fails validation -----------------------------------------------------------


BAD = "SYNTHETIC_bad_2023-06.csv"


@pytest.fixture(scope="module")
def case_bad(tmp_path_factory):
    data = copy_data(tmp_path_factory.mktemp("bad") / "data")
    write_monthly(data / "monthly", BAD, [
        ["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"],
        ["地区生产总值", "亿元", "850", "4.0"],
        ["德资企业", "家", "abc", ""],  # row 3 (header = row 1): not a number
    ], provenance=PROVENANCE)
    return data, run_all(data)


def test_a_bad_file_is_one_message_first_and_the_rest_still_draws(case_bad):
    _, cells = case_bad
    assert_ran_cleanly(cells)
    first = outputs_of(cells)[0]["data"]["text/html"]
    assert BAD in first and "第3行" in first and "列「2023-06 累计值」" in first and "&#x27;abc&#x27;" in first
    assert "Traceback" not in text_of(outputs_of(cells))
    for notebook in sorted({c.metadata["taicang"]["notebook"] for c in cells}):
        outs = outputs_of(cells, notebook)
        if not outs:
            continue
        messages = [o for o in outs if "data-error" in o.get("data", {}).get("text/html", "")]
        # once per notebook run, as its first output (each notebook starts a run with its import cell)
        assert len(messages) == 1 and outs[0] is messages[0], notebook
    # charts that do not depend on the file still draw (the published annual history)
    gdp = outputs_of(cells, "10_gdp.ipynb")
    assert sum(PLOTLY in o.get("data", {}) for o in gdp) >= 2
    # those that do, say so
    assert "本节未包含月报文件中的数字" in text_of(gdp)
    # the data notes list the failed file
    assert "未通过校验" in text_of(outputs_of(cells, "99_sources.ipynb"))


# --- the notebooks themselves ---------------------------------------------------------------------------


def test_notebooks_hold_no_checks_and_no_outputs():
    # checks of numbers live in tests/; outputs in git make noisy diffs and stale numbers
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        book = nbformat.read(path, 4)
        code = [c for c in book.cells if c.cell_type == "code"]
        assert not [c.source for c in code if "assert" in c.source], path.name
        stored = [i for i, c in enumerate(book.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
        assert not stored, f"{path.name}: cells {stored} have stored outputs"


# --- the same, call by call, without a kernel -------------------------------------------------------------


def test_a_fixed_file_is_read_at_the_next_run_all(tmp_path, monkeypatch):
    """In Lab, a bad file is one message per run; once it is fixed, the next Run All (the cell that
    opens the run) reads it: the key of the data state changed."""
    import plotly.graph_objects as go

    from taicang_analysis.notebook import display as shown_by
    from taicang_analysis.notebook import sections as s
    from taicang_analysis.run import open_run

    shown: list[str] = []
    monkeypatch.setattr(shown_by, "display", lambda obj: shown.append(obj.data))
    monkeypatch.setattr(go.Figure, "show", lambda fig, **_: shown.append(fig))
    data = copy_data(tmp_path / "data")
    rows = [["指标名称", "单位", "2023-06 累计值", "2023-06 累计增长%"], ["德资企业", "家", "abc", ""]]
    write_monthly(data / "monthly", BAD, rows, provenance=PROVENANCE)

    run = open_run(2023, data)
    s.in_year(run, "german_firms", "count_new", title="新引进德资企业年内累计(家)", name="german-ytd")
    assert BAD in shown[0] and "data-error" in shown[0]
    assert "2023年尚无月度数据" in shown[1] and "本节未包含月报文件中的数字" in shown[2]
    shown.clear()
    s.heading(run, "德资企业", anchor="german")  # same run, same file: no second message
    assert len(shown) == 1 and "data-error" not in shown[0]
    shown.clear()
    run = open_run(2023, data)  # Run All again, file unchanged: the message once more, nothing read again
    s.heading(run, "德资企业", anchor="german")
    assert "data-error" in shown[0]

    rows[1][2] = "20"  # she fixes the cell (SYNTHETIC 20家 by June) and runs the notebook again
    write_monthly(data / "monthly", BAD, rows, provenance=PROVENANCE)
    shown.clear()
    run = open_run(2023, data)
    s.in_year(run, "german_firms", "count_new", title="新引进德资企业年内累计(家)", name="german-ytd")
    plots = [x for x in shown if isinstance(x, go.Figure)]
    assert not any("data-error" in x for x in shown if isinstance(x, str)) and len(plots) == 1
    assert plots[0].data[0].y[5] == 20.0

"""Real published bureau tables (tests/data/bureau/, each reproduced as received with its URL in
``<file>.source.txt``): each is read right or refused with the true reason, and none is filed under
a place it does not name.

The files were found in stored copies of the bureaus' pages; the two Shanghai tables were checked
again against tjj.sh.gov.cn's and shanghai.gov.cn's pages (same rows, numbers and footnotes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taicang_analysis.errors import DataFileError
from taicang_analysis.sources.layouts import read_bureau_file

HERE = Path(__file__).parent / "data" / "bureau"

#: file -> rows (region, indicator, year, month, ytd_value, ytd_growth, month_value) as published
READ = {
    # 社会消费品零售总额(亿元) | 本月 1414.39 | 1-本月 10386.09 | 比去年同期增长 -12.0
    "上海_2022年8月社会消费品零售总额.csv": [("上海市", "retail_sales", 2022, 8, 10386.09, -12.0, 1414.39)],
    # 1475.21 | 4.3 | 12289.78 | 18.3
    "上海_2023年8月社会消费品零售总额.csv": [("上海市", "retail_sales", 2023, 8, 12289.78, 18.3, 1475.21)],
}
#: file -> what the refusal must say (its true reason)
REFUSED = {
    # sections stacked, each headed by its own name (1、本地生产总值 | 3月 | 1-3月累计); none is a
    # catalogued indicator's table with a name column
    "中山_2018年1-4月主要指标进度数据.csv": "找不到表头",
    # an annual bulletin (2024年分镇街): no month
    "中山_2024年分镇街主要指标.csv": "找不到年份或月份",
    # traditional characters (指標, 絕對量) and month labels without 月 (3 | 1-3)
    "国家统计局_2013年1-3月份社会消费品零售总额主要数据.csv": "找不到表头",
    # a two-level indicator table of rates and shares (一级指标 | 二级指标 | 计量单位 | 1-3月)
    "青海_2018年1-3月高质量发展指标.csv": "找不到表头",
}
COLS = ["region", "indicator", "year", "month", "ytd_value", "ytd_growth", "month_value"]


def test_every_real_table_has_its_url():
    files = sorted(p.name for p in HERE.glob("*.csv"))
    assert files == sorted([*READ, *REFUSED])
    for name in files:
        side = (HERE / (name + ".source.txt")).read_text(encoding="utf-8")
        assert "url: http" in side and "issuer:" in side and "date:" in side, name


@pytest.mark.parametrize("name", sorted(READ))
def test_real_table_read_right(name):
    panel = read_bureau_file(HERE / name)
    assert panel.select(COLS).rows() == READ[name]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_real_table_refused_with_its_reason(name):
    with pytest.raises(DataFileError) as info:
        read_bureau_file(HERE / name)
    assert REFUSED[name] in str(info.value)

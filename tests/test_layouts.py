"""The input layouts as plug-ins (taicang_analysis.sources.layouts): one module per layout, each with
detect → header → cells, and a registry the monthly loader dispatches over in order."""

from __future__ import annotations

import types

from taicang_analysis.sources import layouts
from taicang_analysis.sources.layouts import common


def test_every_layout_is_one_module_with_detect_header_cells():
    assert [m.__name__.rsplit(".", 1)[1] for m in layouts.LAYOUTS] == ["template", "one_place", "places"]
    for module in layouts.LAYOUTS:
        for name in ("NAME", "DESCRIPTION", "detect", "header", "cells"):
            assert hasattr(module, name), (module.__name__, name)
        assert module.DESCRIPTION in layouts.accepted_layouts()


def test_a_labelled_header_nearest_the_top_wins():
    # SYNTHETIC: a place label on row 2 and an indicator label on row 3: the places layout
    rows = [["SYNTHETIC"], ["地区", "一般公共预算收入", "一般公共预算收入"], ["指标", "1-4月", "增长%"]]
    assert layouts.find_header(rows).layout == "places"
    # the template's header (row 1) beats the one-place header found in the same cell
    assert layouts.find_header([["指标名称", "单位", "2023-04 累计值"]]).layout == "template"


def test_a_new_layout_is_a_new_module_in_the_registry():
    # a SYNTHETIC plug-in whose header is a row starting with "科目": it wins where it is found first
    def detect(rows):
        for i, row in enumerate(rows):
            if row and row[0] == "科目":
                return common.Header("ledger", i, 1, 0)
        return None

    ledger = types.SimpleNamespace(NAME="ledger", DESCRIPTION="SYNTHETIC", detect=detect)
    rows = [["科目", "1-4月"], ["指标名称", "1-4月"]]
    assert layouts.find_header(rows, (*layouts.LAYOUTS, ledger)).layout == "ledger"
    assert layouts.find_header(rows).layout == "one_place"

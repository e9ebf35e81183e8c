"""The run context (taicang_analysis.context): environment, use(), current(year=, data=), defaults, to_env()."""

from __future__ import annotations

from pathlib import Path

import pytest

from taicang_analysis import context
from taicang_analysis.context import (
    ENV,
    SHIPPED_DATA_DIR,
    RunContext,
    current,
    data_dir,
    latest_registry_year,
    report_mode,
    use,
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """No TAICANG_* variable from the shell or another test, and no context left on the stack."""
    for name in ENV.values():
        monkeypatch.delenv(name, raising=False)
    assert context._override == []
    yield
    assert context._override == []


def _registries(folder: Path, *names: str) -> Path:
    """A SYNTHETIC data folder with empty files of these names in targets/."""
    (folder / "targets").mkdir(parents=True)
    for name in names:
        (folder / "targets" / name).write_text("SYNTHETIC\n", encoding="utf-8")
    return folder


def test_env_names():
    assert ENV == {"year": "TAICANG_YEAR", "data_dir": "TAICANG_DATA", "report": "TAICANG_REPORT",
                   "assets_dir": "TAICANG_ASSETS", "snapshot": "TAICANG_SNAPSHOT"}


def test_defaults_without_environment():
    ctx = current()
    assert ctx.data_dir == SHIPPED_DATA_DIR
    assert SHIPPED_DATA_DIR == Path(context.__file__).resolve().parent.parent / "data"
    # the shipped registries are 2021.csv and 2023.csv: the latest is 2023
    assert ctx.year == 2023 == latest_registry_year(SHIPPED_DATA_DIR)
    assert (ctx.report, ctx.assets_dir, ctx.snapshot) == (False, None, None)
    assert ctx.monthly_dir == SHIPPED_DATA_DIR / "monthly"
    assert data_dir() == SHIPPED_DATA_DIR
    assert report_mode() is False


def test_default_year_is_the_latest_registry_of_the_data_folder(tmp_path):
    # 2019 and 2022 are registries; the meta file, a draft, a five-digit name and a file outside
    # targets/ are not: the latest registry is 2022
    data = _registries(tmp_path / "data", "2019.csv", "2022.csv", "2024.meta.json", "draft.csv", "20245.csv")
    (data / "2030.csv").write_text("SYNTHETIC\n", encoding="utf-8")
    assert latest_registry_year(data) == 2022
    assert current(data=data).year == 2022
    assert current(data=str(data)).data_dir == data


def test_no_registry_is_a_clear_error(tmp_path):
    data = _registries(tmp_path / "data", "notes.csv")
    with pytest.raises(FileNotFoundError, match="没有目标登记表") as info:
        latest_registry_year(data)
    assert str(data / "targets") in str(info.value)
    with pytest.raises(FileNotFoundError):
        current(data=data)


def test_environment_variables(monkeypatch, tmp_path):
    data = _registries(tmp_path / "data", "2020.csv")
    monkeypatch.setenv("TAICANG_YEAR", "2021")
    monkeypatch.setenv("TAICANG_DATA", str(data))
    monkeypatch.setenv("TAICANG_REPORT", "1")
    monkeypatch.setenv("TAICANG_ASSETS", str(tmp_path / "assets"))
    monkeypatch.setenv("TAICANG_SNAPSHOT", str(tmp_path / "snap"))
    ctx = current()
    assert ctx == RunContext(year=2021, data_dir=data, report=True, assets_dir=tmp_path / "assets",
                             snapshot=tmp_path / "snap")
    assert data_dir() == data
    assert report_mode() is True


def test_year_from_the_environment_data_folder(monkeypatch, tmp_path):
    # no TAICANG_YEAR: the year is the latest registry of TAICANG_DATA (2020), not of the shipped data
    monkeypatch.setenv("TAICANG_DATA", str(_registries(tmp_path / "data", "2018.csv", "2020.csv")))
    assert current().year == 2020


@pytest.mark.parametrize("value", ["0", "", "true", "yes", "2"])
def test_report_mode_only_for_1(monkeypatch, value):
    monkeypatch.setenv("TAICANG_REPORT", value)
    assert current().report is False


def test_empty_variables_mean_unset(monkeypatch):
    for name in ("TAICANG_YEAR", "TAICANG_DATA", "TAICANG_ASSETS", "TAICANG_SNAPSHOT"):
        monkeypatch.setenv(name, "")
    ctx = current()
    assert (ctx.year, ctx.data_dir, ctx.assets_dir, ctx.snapshot) == (2023, SHIPPED_DATA_DIR, None, None)


def test_current_replaces_year_and_data(tmp_path):
    data = _registries(tmp_path / "data", "2019.csv")
    assert current(year=2021).year == 2021
    assert current(year="2021").year == 2021  # type: ignore[arg-type]  # an int is made of it
    # another data folder drops the build's snapshot (it belongs to the other folder)
    with use(snapshot=tmp_path / "snap", year=2023):
        ctx = current(data=data)
        assert (ctx.data_dir, ctx.snapshot, ctx.year) == (data, None, 2023)
        assert current().snapshot == tmp_path / "snap"
    assert current(data=data, year=2030).year == 2030


def test_use_overrides_and_restores(monkeypatch, tmp_path):
    monkeypatch.setenv("TAICANG_YEAR", "2021")
    with use(year=2023, report=True, data_dir=str(tmp_path)) as ctx:
        # a string folder becomes a Path
        assert ctx.data_dir == tmp_path and isinstance(ctx.data_dir, Path)
        assert current() == ctx
        assert (current().year, report_mode(), data_dir()) == (2023, True, tmp_path)
        # an explicit override wins over the environment
        monkeypatch.setenv("TAICANG_YEAR", "2019")
        assert current().year == 2023
        with use(assets_dir=tmp_path / "a") as inner:
            # nested: the inner context starts from the outer one
            assert (inner.year, inner.report, inner.assets_dir) == (2023, True, tmp_path / "a")
        assert current().assets_dir is None
    assert current().year == 2019
    assert report_mode() is False


def test_use_restores_after_an_error():
    with pytest.raises(RuntimeError), use(year=2001):
        assert current().year == 2001
        raise RuntimeError("boom")
    assert current().year == 2023


def test_use_rejects_an_unknown_field():
    with pytest.raises(TypeError), use(month=3):
        pass


def test_to_env_round_trip(monkeypatch, tmp_path):
    full = RunContext(year=2021, data_dir=tmp_path / "d", report=True, assets_dir=tmp_path / "a",
                      snapshot=tmp_path / "s")
    assert full.to_env() == {"TAICANG_YEAR": "2021", "TAICANG_DATA": str(tmp_path / "d"), "TAICANG_REPORT": "1",
                             "TAICANG_ASSETS": str(tmp_path / "a"), "TAICANG_SNAPSHOT": str(tmp_path / "s")}
    lab = RunContext(year=2023, data_dir=SHIPPED_DATA_DIR)
    # a Lab context says report 0 and names no assets or snapshot folder
    assert lab.to_env() == {"TAICANG_YEAR": "2023", "TAICANG_DATA": str(SHIPPED_DATA_DIR), "TAICANG_REPORT": "0"}
    for ctx in (full, lab):
        with monkeypatch.context() as m:
            for name, value in ctx.to_env().items():
                m.setenv(name, value)
            assert current() == ctx


def test_run_context_is_frozen(tmp_path):
    ctx = RunContext(year=2023, data_dir=tmp_path)
    with pytest.raises(AttributeError):
        ctx.year = 2024  # type: ignore[misc]


def test_data_dir_override_wins(tmp_path):
    assert data_dir(tmp_path) == tmp_path
    assert data_dir(str(tmp_path)) == tmp_path
    with use(data_dir=tmp_path / "x"):
        assert data_dir() == tmp_path / "x"
        assert data_dir(tmp_path / "y") == tmp_path / "y"

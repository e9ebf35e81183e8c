"""The run context (taicang_analysis.context): defaults, use(), current(year=, data=); nothing from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from taicang_analysis import context
from taicang_analysis.context import (
    SHIPPED_DATA_DIR,
    RunContext,
    current,
    data_dir,
    latest_registry_year,
    use,
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """No context left on the stack."""
    assert context._override == []
    yield
    assert context._override == []


def _registries(folder: Path, *names: str) -> Path:
    """A SYNTHETIC data folder with empty files of these names in targets/."""
    (folder / "targets").mkdir(parents=True)
    for name in names:
        (folder / "targets" / name).write_text("SYNTHETIC\n", encoding="utf-8")
    return folder


def test_defaults_without_environment():
    ctx = current()
    assert ctx.data_dir == SHIPPED_DATA_DIR
    assert SHIPPED_DATA_DIR == Path(context.__file__).resolve().parent.parent / "data"
    # the shipped registries are 2021.csv and 2023.csv: the latest is 2023
    assert ctx.year == 2023 == latest_registry_year(SHIPPED_DATA_DIR)
    assert ctx.monthly_dir == SHIPPED_DATA_DIR / "monthly"
    assert data_dir() == SHIPPED_DATA_DIR


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


def test_the_environment_says_nothing(monkeypatch, tmp_path):
    # the old variables, set as a shell or an old builder would: the context does not read them
    data = _registries(tmp_path / "data", "2020.csv")
    for name, value in {"TAICANG_YEAR": "2021", "TAICANG_DATA": str(data), "TAICANG_REPORT": "1",
                        "TAICANG_SNAPSHOT": str(tmp_path / "snap")}.items():
        monkeypatch.setenv(name, value)
    assert current() == RunContext(year=2023, data_dir=SHIPPED_DATA_DIR)
    assert data_dir() == SHIPPED_DATA_DIR


def test_no_module_reads_the_environment():
    # the run reaches a kernel as the notebook's parameters, never through os.environ/getenv
    package = Path(context.__file__).resolve().parent
    readers = [str(p.relative_to(package)) for p in package.rglob("*.py") if "vendor" not in p.parts
               and any(w in p.read_text(encoding="utf-8") for w in ("os.environ.get(", "os.getenv(", "environ["))]
    assert readers == [], readers


def test_current_replaces_year_and_data(tmp_path):
    data = _registries(tmp_path / "data", "2019.csv")
    assert current(year=2021).year == 2021
    assert current(year="2021").year == 2021  # type: ignore[arg-type]  # an int is made of it
    with use(year=2023):
        ctx = current(data=data)
        assert (ctx.data_dir, ctx.year) == (data, 2023)
    # another folder without a year given: that folder's latest registry
    assert current(data=data).year == 2019
    assert current(data=data, year=2030).year == 2030


def test_use_overrides_and_restores(tmp_path):
    with use(year=2021, data_dir=str(tmp_path)) as ctx:
        # a string folder becomes a Path
        assert ctx.data_dir == tmp_path and isinstance(ctx.data_dir, Path)
        assert current() == ctx
        assert (current().year, data_dir()) == (2021, tmp_path)
        with use(year=2019) as inner:
            # nested: the inner context starts from the outer one
            assert (inner.year, inner.data_dir) == (2019, tmp_path)
        assert current().year == 2021
    assert current() == RunContext(year=2023, data_dir=SHIPPED_DATA_DIR)


def test_use_restores_after_an_error():
    with pytest.raises(RuntimeError), use(year=2001):
        assert current().year == 2001
        raise RuntimeError("boom")
    assert current().year == 2023


def test_use_rejects_an_unknown_field():
    with pytest.raises(TypeError), use(month=3):
        pass


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

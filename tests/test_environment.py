"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies, same minimums."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# conda-forge spells a few packages differently from PyPI
CONDA_TO_PYPI: dict[str, str] = {}  # e.g. {"python-kaleido": "kaleido"} if one is added
NOT_PACKAGES = {"python", "pip"}


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", spec)
    assert m, spec
    name = re.sub(r"\[.*\]", "", m[1]).lower().replace("_", "-")
    return name, m[2].replace(" ", "")


def pyproject_deps() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(s) for s in specs)


def conda_deps() -> dict[str, str]:
    deps: dict[str, str] = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        # top-level items, and the pip: block's packages (those not on conda-forge); not "-e ."
        m = re.match(r"^  - (\S.*)$", line) or re.match(r"^      - ([A-Za-z]\S*)$", line)
        if in_deps and m and not m[1].startswith("pip:"):
            name, version = _split(m[1].replace("=", "==", 1) if "=" in m[1] and ">" not in m[1]
                                   else m[1])
            name = CONDA_TO_PYPI.get(name, name)
            if name not in NOT_PACKAGES:
                deps[name] = version
    return deps


def test_same_packages_and_minimums():
    assert conda_deps() == pyproject_deps()


def test_parser_sees_a_drift(tmp_path, monkeypatch):
    # the check above must be able to fail: drop one package from a copy of environment.yml
    text = (ROOT / "environment.yml").read_text().replace("  - tqdm>=4.66\n", "")
    assert "tqdm" not in text
    (tmp_path / "environment.yml").write_text(text)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert conda_deps() != pyproject_deps()
    assert "tqdm" in set(pyproject_deps()) - set(conda_deps())


def test_the_version_is_written_once():
    # pyproject.toml takes it from the package (dynamic), so the two cannot disagree
    import importlib.metadata

    import taicang_analysis

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text and 'attr = "taicang_analysis.__version__"' in text
    assert importlib.metadata.version("taicang_analysis") == taicang_analysis.__version__

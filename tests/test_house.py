"""The house rules of the package: layers depend one way, each formula is written once, the public
face is small and cheap to import. These read the source as text (comments and docstrings left out)."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "taicang_analysis"
#: layer of each module or package; a module may import only from its own layer or lower ones
#: (the engine sits below the sources: it reads nothing, and a check in a loader may use its formulas)
LAYERS = {
    "vocabulary": 0, "errors": 0, "context": 0,
    "engine": 1,
    "sources": 2,
    "derive": 3, "consistency": 3, "peers": 3, "run": 3,
    "extract": 3,  # a drafting tool: reads the catalogue, used only by the command line and ``ta``
    "assess": 4,
    "notebook": 5,
    "report": 6, "cli": 6, "__init__": 6,
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _layer(path: Path) -> int:
    rel = path.relative_to(PACKAGE).parts
    return LAYERS[rel[0].removesuffix(".py")]


def _code(path: Path) -> list[tuple[int, str]]:
    """(line number, code) with strings and comments removed."""
    out: dict[int, list[str]] = {}
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for tok in tokens:
        if tok.type in (tokenize.STRING, tokenize.COMMENT) or tok.type >= tokenize.NL and tok.type != tokenize.OP:
            if tok.type not in (tokenize.NAME, tokenize.NUMBER, tokenize.OP):
                continue
        out.setdefault(tok.start[0], []).append(tok.string)
    return [(n, " ".join(parts)) for n, parts in sorted(out.items())]


def _find(pattern: str) -> list[str]:
    rx = re.compile(pattern)
    return [f"{p.relative_to(PACKAGE)}:{n}: {line}" for p in _modules() for n, line in _code(p) if rx.search(line)]


def test_every_module_has_a_layer():
    for path in _modules():
        assert path.relative_to(PACKAGE).parts[0].removesuffix(".py") in LAYERS, path


def _imports(path: Path) -> list[str]:
    """The taicang_analysis modules a file imports (``from a import b`` gives ``a`` and ``a.b``)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("taicang_analysis"):
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.startswith("taicang_analysis")]
    return names


def test_layers_depend_one_way():
    wrong = []
    for path in _modules():
        for name in _imports(path):
            parts = name.split(".")
            if len(parts) < 2 or parts[1] not in LAYERS:
                continue
            if LAYERS[parts[1]] > _layer(path):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def _module_name(path: Path) -> str:
    parts = ["taicang_analysis", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every module of the package and the modules it imports: at the top, inside functions, and by
    name through ``importlib`` (a string naming a module of the package, in a module that calls
    ``import_module``, ``find_spec`` or ``__import__``)."""
    modules = {_module_name(p): p for p in _modules()}

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        dynamic = any(isinstance(n, (ast.Name, ast.Attribute)) and getattr(n, "id", getattr(n, "attr", ""))
                      in ("import_module", "find_spec", "__import__") for n in ast.walk(tree))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif dynamic and isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.startswith("taicang_analysis.") and " " not in node.value:
                    targets.add(node.value)
        graph[name] = {r for t in targets if (r := resolve(t)) and r != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted.

    Examples
    --------
    >>> import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    [['a', 'b', 'c']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_import_cycle():
    # any cycle, through imports inside functions or importlib included
    cycles = import_cycles(import_graph())
    assert not cycles, "\n".join(" ↔ ".join(c) for c in cycles)


def test_the_cycle_finder_sees_imports_inside_functions_and_importlib(tmp_path, monkeypatch):
    # a SYNTHETIC package: a imports b at the top, b imports c inside a function, c reaches a by name
    pkg = tmp_path / "taicang_analysis"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from taicang_analysis.b import f\n")
    (pkg / "b.py").write_text("def f():\n    from taicang_analysis import c\n    return c\n")
    (pkg / "c.py").write_text("import importlib\nA = importlib.import_module('taicang_analysis.a')\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", pkg)
    assert import_cycles(import_graph()) == [["taicang_analysis.a", "taicang_analysis.b", "taicang_analysis.c"]]
def test_only_the_command_line_and_the_package_face_use_the_extractor():
    users = {str(path.relative_to(PACKAGE)) for path in _modules()
             if path.relative_to(PACKAGE).parts[0] != "extract"
             and any(n.split(".")[:2] == ["taicang_analysis", "extract"] for n in _imports(path))}
    assert users <= {"cli.py", "__init__.py"}, users


def test_the_extractor_reads_only_errors_vocabulary_and_the_sources():
    wrong = [f"{path.relative_to(PACKAGE)} imports {n}" for path in (PACKAGE / "extract").glob("*.py")
             for n in _imports(path) if n.split(".")[1:2] not in (["extract"], ["errors"], ["vocabulary"], ["sources"])]
    assert not wrong, wrong


def test_no_import_across_modules_by_underscore_name():
    wrong = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("taicang_analysis"):
                wrong += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert not wrong, wrong


def test_the_engine_reads_no_file_and_writes_no_chinese():
    for path in (PACKAGE / "engine").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        code = " ".join(line for _, line in _code(path))
        assert not re.search(r"\b(open|read_csv|read_parquet|Path)\b", code), path
        strings = [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.STRING
                   and not t.string.startswith(('"""', "r\"\"\""))]
        assert not [s for s in strings if re.search(r"[\u4e00-\u9fff]", s)], path


# --- each formula is written once ---------------------------------------------------------------


def test_months_per_year_is_written_once():
    # a 12 that stands for the months of a year (other 12s — a slice, a tick rule — are not months)
    found = [f for f in _find(r"(?<![\w.])12(?![\w.])") if re.search(r"month|periods|月", f, re.I)]
    assert len(found) == 1 and found[0].startswith("vocabulary.py") and "MONTHS_PER_YEAR = 12" in found[0], found


def test_the_about_tolerance_is_written_once():
    found = _find(r"(?<![\w.])0\.5(?![\w.])")
    about = [f for f in found if re.search(r"ABOUT|about|左右", f.split(": ", 1)[1])]
    assert len(about) == 1 and "ABOUT_TOLERANCE_PP = 0.5" in about[0], found


def test_last_years_level_implied_from_growth_is_written_once():
    found = _find(r"/\s*\(\s*1(\.0)?\s*\+")
    assert len(found) == 1 and found[0].startswith("engine/formulas.py"), found


def test_amount_needed_per_month_is_written_once():
    # the one division of what is left of a target by the months left
    found = _find(r"gap\s*/\s*rest|\)\s*/\s*\(\s*(periods|MONTHS_PER_YEAR)\s*-")
    assert len(found) == 1 and found[0].startswith("engine/formulas.py"), found


def test_the_status_badge_is_written_once():
    found = [p for p in _modules() if "class='badge'" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(PACKAGE).as_posix() for p in found] == ["notebook/display.py"]


# --- the public face ----------------------------------------------------------------------------


def test_public_face_is_small_and_documented():
    import taicang_analysis as ta

    assert 18 <= len(ta.__all__) <= 26
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    missing = [n for n in ta.__all__ if not re.search(rf"`(ta\.)?{n}\b", readme)]
    assert not missing, f"not in the README: {missing}"
    for name in ta.__all__:
        assert getattr(ta, name) is not None


def test_importing_the_package_does_not_load_the_ui():
    code = ("import sys, taicang_analysis as ta; ta.load_targets(2023); "
            "print(sorted(m for m in ('ipywidgets', 'plotly', 'nbformat', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", ["scenario", "show", "build_report"])
def test_ui_names_load_on_first_use(name):
    import taicang_analysis as ta

    assert callable(getattr(ta, name))

"""The package's layout is its pipeline: every import goes to the module's own stage or an
earlier one (penjelas.STAGES), and no modules import each other, not even through others.

Imports are read with ast, so those inside functions (and under TYPE_CHECKING) count too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import penjelas

from .conftest import REPO

PACKAGE = REPO / "penjelas"


def module_name(path: Path) -> str:
    """Return the dotted name of a module file of the package."""
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, modules: dict[str, Path]) -> list[tuple[int, str]]:
    """Return (line, module of the package) for every import in a module file, wherever it is."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "penjelas"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "penjelas":
                continue
            for alias in node.names:  # `from . import routes` imports the module routes
                child = f"{target}.{alias.name}"
                found.append((node.lineno, child if child in modules else target))
    return [(line, target) for line, target in found if target != name]


def stage_of(name: str) -> str:
    """Return the stage of a module: its folder, or for a module beside them, its name."""
    return name.split(".")[1] if "." in name else ""


def import_graph() -> dict[str, list[tuple[int, str]]]:
    modules = package_modules()
    return {name: imports_of(path, modules) for name, path in modules.items()}


def upward_imports(graph: dict[str, list[tuple[int, str]]], stages: tuple[str, ...]) -> list[str]:
    """Return a message for every import of a later stage, or of a module in no stage."""
    rank = {stage: index for index, stage in enumerate(stages)}
    files = package_modules()
    wrong = []
    for name, targets in sorted(graph.items()):
        where = files[name].relative_to(REPO).as_posix()
        if stage_of(name) and stage_of(name) not in rank:
            wrong.append(f"{where}: stage '{stage_of(name)}' is not in penjelas.STAGES: add it where it belongs")
            continue
        for line, target in targets:
            mine, theirs = rank.get(stage_of(name), -1), rank.get(stage_of(target), len(stages))
            if stage_of(target) and theirs > mine:
                wrong.append(f"{where}:{line}: {name} ({stage_of(name) or 'package'}) imports {target} "
                             f"of the later stage '{stage_of(target)}'")
    return wrong


def cycles(graph: dict[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Return each import cycle found (a module that reaches itself through its imports)."""
    state: dict[str, int] = {}  # 1 while its imports are followed, 2 when done
    found: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for _, target in graph.get(name, []):
            if state.get(target) == 1:
                found.append(path[path.index(target):] + [name, target] if target in path else [name, target])
            elif target in graph and not state.get(target):
                visit(target, path + [name])
        state[name] = 2

    for name in sorted(graph):
        if not state.get(name):
            visit(name, [])
    return found


def test_every_stage_of_the_package_is_in_the_declared_order():
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}
    beside = {path.stem for path in PACKAGE.glob("*.py") if path.name != "__init__.py"}
    assert folders | beside == set(penjelas.STAGES)
    assert len(set(penjelas.STAGES)) == len(penjelas.STAGES)
    for folder in folders:
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) > 20, f"penjelas/{folder}/__init__.py says what the stage takes and gives"


def test_every_import_goes_to_the_same_or_an_earlier_stage():
    assert upward_imports(import_graph(), penjelas.STAGES) == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_checks_see_imports_inside_functions_and_report_them():
    graph = import_graph()
    assert ("penjelas.build.pipeline" in {target for _, target in graph["penjelas.commands.cli"]}), \
        "cli imports the pipeline inside run_build"
    late = {**graph, "penjelas.check.fields": graph["penjelas.check.fields"] + [(99, "penjelas.build.pipeline")]}
    assert upward_imports(late, penjelas.STAGES) == [
        "penjelas/check/fields.py:99: penjelas.check.fields (check) imports penjelas.build.pipeline "
        "of the later stage 'build'"]
    looped = {**graph, "penjelas.model": graph["penjelas.model"] + [(1, "penjelas.routes")]}
    assert ["penjelas.model", "penjelas.routes", "penjelas.model"] in cycles(looped)

"""The house's layout holds: floors import no wing, no cycle between packages, rooms of a size."""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import compliance_check

PACKAGE = Path(compliance_check.__file__).parent
FLOORS = {"files", "model", "pages"}
WINGS = {"assess", "gap_report", "questionnaire", "progress", "cohort", "briefing"}
# `python -m compliance_check` starts the command line, the package that may reach every wing.
FACE = {"__main__"}
MAX_LINES = 1000
MAX_TOP_MODULES = 8


@cache
def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts): path
        for path in sorted(PACKAGE.rglob("*.py"))
    }


@cache
def _known() -> set[str]:
    return set(_modules()) | {path.parent.name for path in PACKAGE.glob("*/__init__.py")}


def _imported(path: Path) -> set[str]:
    """Every compliance_check module ``path`` imports, lazily or for type checking too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(
            name.removeprefix("compliance_check.")
            for name in names
            if name.startswith("compliance_check.")
        )
    # "from compliance_check.visible import visible" names a function, not a module.
    return found & _known()


def _package_of(module: str) -> str:
    """The sub-package a module belongs to, or "" for a module at the top."""
    head, dot, _ = module.partition(".")
    return head if dot else ""


def _package_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, path in _modules().items():
        source = _package_of(module)
        for target in map(_package_of, _imported(path)):
            if source and target and target != source:
                edges[source].add(target)
    return edges


def test_the_floors_import_no_wing() -> None:
    reaching_up = {
        module: sorted(target for target in _imported(path) if _package_of(target) in WINGS)
        for module, path in _modules().items()
        if _package_of(module) in FLOORS
    }
    assert {module: up for module, up in reaching_up.items() if up} == {}


def test_the_top_modules_other_than_the_face_import_no_package() -> None:
    reaching_in = {
        module: sorted(target for target in _imported(path) if _package_of(target))
        for module, path in _modules().items()
        if not _package_of(module) and module not in FACE
    }
    assert {module: down for module, down in reaching_in.items() if down} == {}


def test_no_cycle_between_packages() -> None:
    edges = _package_edges()
    cycles: list[list[str]] = []

    def visit(package: str, trail: list[str]) -> None:
        for target in sorted(edges.get(package, ())):
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            else:
                visit(target, [*trail, target])

    for start in sorted(edges):
        visit(start, [start])
    assert cycles == []


def test_each_product_has_its_wing_and_each_package_says_what_it_is_for() -> None:
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages >= FLOORS | WINGS
    for package in packages:
        docstring = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
        assert docstring and "\n" not in docstring, package


def test_few_modules_at_the_top_and_none_too_long() -> None:
    top = [path.name for path in PACKAGE.glob("*.py")]
    assert len(top) <= MAX_TOP_MODULES, top
    long = {
        module: lines
        for module, path in _modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}

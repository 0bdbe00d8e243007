"""Test the shape of the package: dependencies run one way, no import cycles, small units."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "policykit"

# Each unit and the policykit units it may import (the tree in README's Architecture section).
ALLOWED = {
    "errors": set(),
    "outputs": {"errors"},
    "content": {"errors"},
    "word": {"errors"},
    "office": {"errors"},
    "render": {"errors", "content", "word"},
    "redline": {"errors", "outputs", "word", "office"},
    "importer": {"errors", "content", "word"},
    "check": {"errors", "content", "word"},
    "publish": {"errors", "outputs", "content", "word", "render", "office"},
    "versions": {"errors", "outputs", "content", "word", "render", "redline", "importer",
                 "publish", "check", "office"},
    "reviews": {"errors", "outputs", "content", "word", "versions"},
    "api": {"errors", "outputs", "content", "word", "render", "redline", "importer", "publish",
            "check", "versions", "reviews", "office"},
    "cli": {"errors", "outputs", "api", "web"},
    "web": {"errors", "api"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """Return every policykit module ``path`` imports, at any depth (type-only included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return {n for n in names if n.split(".")[0] == "policykit"}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else "policykit"


def test_dependencies_run_one_way() -> None:
    wrong = []
    for module, path in _modules().items():
        unit = _unit(module)
        if unit in ("policykit", "__main__", "worker"):
            continue
        for imported in _imports(path):
            other = _unit(imported)
            if other not in (unit, "policykit") and other not in ALLOWED[unit]:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_no_import_cycles_between_modules() -> None:
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        for imported in _imports(path):
            target = imported if imported in modules else imported.rpartition(".")[0]
            if target in modules and target != module and not module.startswith(target + "."):
                graph[module].add(target)
    # Tarjan's strongly connected components: any component of two or more is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    assert cycles == []


def test_only_one_module_imports_gitpython_and_only_office_starts_libreoffice() -> None:
    git_users, office_users = [], []
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""])
                if any(n == "git" or n.startswith("git.") for n in names):
                    git_users.append(module)
        if "soffice" in path.read_text(encoding="utf-8") and _unit(module) != "office":
            office_users.append(module)
    assert sorted(set(git_users)) == ["policykit.versions.repository"]
    assert office_users == []


def test_no_module_over_500_lines() -> None:
    long = {m: n for m, p in _modules().items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}

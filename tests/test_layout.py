"""The package layout: imports run one way, with no cycle; only the command line uses typer."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "subtitler"

#: Each top-level part of the package and its layer: a module may import only from its own
#: part or from lower layers. The three jobs sit side by side and import nothing of each other.
LAYERS = {
    "model": 0, "timecode": 0, "smpte": 0, "errors": 0, "rules": 0, "profiles": 0,
    "formats": 1,
    "fileio": 2, "interop": 2,
    "pipeline": 3, "checks": 3, "retime": 3,
    "preview": 4, "batch": 4,
    "cli": 5, "__main__": 6,
    "__init__": 6,
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module, dotted
    line: int
    lazy: bool  # inside a function, or only for type checking


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module ``name`` names, or its package's when ``name`` is an attribute of a module."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports() -> Iterator[Import]:
    modules = _modules()
    for source, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lazy_nodes: set[int] = set()
        for node in ast.walk(tree):
            is_type_checking = isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or is_type_checking:
                lazy_nodes.update(id(inner) for inner in ast.walk(node) if inner is not node)
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                if name == "subtitler" or name.startswith("subtitler."):
                    target = _resolve(name, modules)
                    if target and target != source:
                        yield Import(source, target, node.lineno, id(node) in lazy_nodes)
                elif name.split(".")[0] == "typer":
                    yield Import(source, "typer", node.lineno, id(node) in lazy_nodes)


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(name) for name in _modules()}
    assert parts - set(LAYERS) == set()


def test_imports_run_one_way_from_the_command_line_down_to_the_leaves() -> None:
    wrong = []
    for found in _imports():
        if found.target == "typer":
            continue
        here, there = _part(found.source), _part(found.target)
        if found.target == "subtitler" and found.source != "subtitler":
            wrong.append(f"{found.source}:{found.line} imports the public API")
        elif here != there and LAYERS[there] >= LAYERS[here] and not (LAYERS[here] == LAYERS[there] == 0):
            wrong.append(f"{found.source}:{found.line} imports {found.target}")
    assert wrong == []


def test_formats_import_nothing_of_the_jobs_the_preview_or_the_command_line() -> None:
    jobs = ("subtitler.pipeline", "subtitler.checks", "subtitler.retime", "subtitler.preview", "subtitler.cli")
    assert [f for f in _imports() if f.source.startswith("subtitler.formats") and f.target.startswith(jobs)] == []


def test_only_the_command_line_imports_typer() -> None:
    users = {f.source for f in _imports() if f.target == "typer"}
    assert users and all(user.startswith("subtitler.cli") for user in users)


def test_module_level_imports_have_no_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for found in _imports():
        if not found.lazy and found.target != "typer":
            graph.setdefault(found.source, set()).add(found.target)
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return None
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        assert visit(start) is None, " -> ".join(visit(start) or [])


def test_a_lazy_import_inside_the_package_never_closes_a_cycle_across_parts() -> None:
    """A function may import a module of its own part lazily (to load it only when used), never an upper one."""
    across = [f for f in _imports() if f.lazy and f.target != "typer" and _part(f.source) != _part(f.target)
              and f.target != "subtitler" and LAYERS[_part(f.target)] > LAYERS[_part(f.source)]]
    assert across == []


"""The package's import graph: data flows one way, so no module of ``src/netopt`` imports itself
back through others, and none imports another module's private names (issue 16).

Every import counts (module level, inside functions, under ``TYPE_CHECKING``), as it would for a
reader following the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "netopt"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in (SRC / PACKAGE).rglob("*.py")}


def imported(module: str, path: Path, known: dict[str, Path]) -> list[tuple[str, str | None]]:
    """(module imported, name imported from it or None) for every import in ``path``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.append((full, None) if full in known else (base, alias.name))
    return out


def graph() -> tuple[nx.DiGraph, list[str]]:
    """The import graph of the package's modules, and the private names imported across them."""
    known = modules()
    g = nx.DiGraph()
    g.add_nodes_from(known)
    private = []
    for module, path in known.items():
        for target, name in imported(module, path, known):
            while target and target not in known:
                target = target.rpartition(".")[0]
            if not target.startswith(PACKAGE) or target == module:
                continue
            if known[target].name == "__init__.py" and module.startswith(target + "."):
                continue  # a package re-exporting its own modules
            g.add_edge(module, target)
            if name and name.startswith("_") and not name.startswith("__"):
                private.append(f"{module} imports {target}.{name}")
    return g, private


def test_the_import_graph_has_no_cycle() -> None:
    g, _ = graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert cycles == []


def test_no_module_imports_another_modules_private_names() -> None:
    _, private = graph()
    assert private == []


def test_the_checker_sees_a_cycle_and_a_private_import(tmp_path: Path) -> None:
    """The checker itself: two modules importing each other, one a private name."""
    g = nx.DiGraph([("netopt.a", "netopt.b"), ("netopt.b", "netopt.a")])
    assert [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1] == [
        ["netopt.a", "netopt.b"]
    ]
    source = tmp_path / "m.py"
    source.write_text("from netopt.models.capital.data import _hidden\n", encoding="utf-8")
    found = imported("netopt.x", source, modules())
    assert ("netopt.models.capital.data", "_hidden") in found

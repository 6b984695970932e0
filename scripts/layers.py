"""The layer rules of docs/architecture.md, checked on the code; also draws the package graph.

usage: python scripts/layers.py check     # exit 1 and name each broken rule
       python scripts/layers.py graph     # Mermaid graph of package imports (for docs/architecture.md)
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["app.py", "serve.py", "pages", "werkstatt", "db"]


def files() -> Iterator[Path]:
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "versions" not in p.parts)


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in ("werkstatt", "db"):  # `from werkstatt import audit` imports werkstatt.audit
                for alias in node.names:
                    yield node.lineno, f"{node.module}.{alias.name}"
            else:
                yield node.lineno, node.module


def _is(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def broken_rules(module: str, imported: str) -> list[str]:
    """Each rule: who may not import what (and the one door that may)."""
    problems = []
    screen = _is(module, "app", "serve", "pages", "werkstatt.ui")
    domain = _is(module, "werkstatt") and not _is(module, "werkstatt.ui")
    if (domain or _is(module, "db")) and _is(imported, "streamlit"):
        problems.append("no streamlit outside app.py, pages/ and werkstatt/ui/")
    if _is(module, "db") and _is(imported, "werkstatt", "pages"):
        problems.append("db/ is the bottom layer: it imports nothing of werkstatt/ or pages/")
    if domain and _is(imported, "werkstatt.ui", "pages", "app"):
        problems.append("the domain never imports a screen")
    if screen and module != "werkstatt.ui.db" and _is(imported, "db") and not _is(imported, "db.vocabulary"):
        problems.append("screens reach the database only through werkstatt/ui/db.py and the services")
    return problems


def check() -> int:
    failures = []
    for path in files():
        module = module_of(path)
        for line, imported in imports(path):
            for problem in broken_rules(module, imported):
                failures.append(f"{path.relative_to(ROOT)}:{line}: imports {imported}: {problem}")
    print("\n".join(failures) or "Layer rules: all kept.")
    return 1 if failures else 0


def package(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "werkstatt" and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0] if parts[0] in ("pages", "db") else ".".join(parts[:2]) if parts[0] == "werkstatt" else parts[0]


# Used by nearly everything; left out of the picture so that the capabilities stay readable.
FOUNDATION = ("werkstatt.errors", "werkstatt.clock", "werkstatt.text", "werkstatt.settings", "werkstatt.__main__", "db")


def graph() -> str:
    edges: set[tuple[str, str]] = set()
    for path in files():
        source = package(module_of(path))
        for _, imported in imports(path):
            if _is(imported, "werkstatt", "db", "pages") and not _is(imported, *FOUNDATION):
                target = package(imported)
                if target != source and not _is(source, *FOUNDATION):
                    edges.add((source, target))
    ids = {name: name.replace(".", "_") for edge in edges for name in edge}
    lines = ["graph LR"] + [f"  {ids[a]}[{a}] --> {ids[b]}[{b}]" for a, b in sorted(edges)]
    return "\n".join(lines)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "graph":
        print(graph())
    else:
        sys.exit(check())

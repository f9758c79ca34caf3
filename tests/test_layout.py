"""The package's shape: no import cycle, parts of a readable size, data keys named only as declared."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dan_van.language.schema import BY_NAME, Shape

PACKAGE = Path(__file__).parents[1] / "dan_van"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The package modules a module imports, at module level or inside functions."""
    name = _name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("dan_van")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("dan_van"):
                found.add(target)
                found |= {f"{target}.{alias.name}" for alias in node.names}
    known = {_name(p) for p in MODULES}
    return {m for m in found if m in known and m != name}


def test_no_import_cycle():
    graph = {_name(p): _imports(p) for p in MODULES}
    # A package's __init__ that re-exports its modules is imported by them only through the package name
    # of a relative import; an edge module -> own package is no cycle of code, so leave those out.
    for name, targets in graph.items():
        graph[name] = {t for t in targets if not name.startswith(t + ".")}
    seen: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycle = path[path.index(nxt) :] + [nxt] if nxt in path else [node, nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for start in sorted(graph):
        if start not in seen:
            visit(start, [start])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_and_functions_are_of_a_readable_size(path):
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{node.name}() has {length} lines"


_ACCESS = re.compile(r"\.(words|word|mapping|numbers|names|table)\(\s*[\"']([a-z_]+)[\"']")
_SHAPES = {
    "words": Shape.WORDS,
    "word": Shape.WORD,
    "mapping": Shape.WORD_MAP,
    "numbers": Shape.NUMBER_MAP,
    "names": Shape.NAMES,
    "table": Shape.TABLE,
}


def test_every_data_key_named_in_code_is_declared_with_that_shape():
    named = 0
    for path in MODULES:
        for accessor, key in _ACCESS.findall(path.read_text(encoding="utf-8")):
            assert key in BY_NAME, f"{path.name} reads undeclared data key {key!r}"
            assert BY_NAME[key].shape is _SHAPES[accessor], f"{path.name} reads {key!r} as {accessor}"
            named += 1
    assert named > 10


def test_only_the_engine_imports_underthesea():
    importers = [
        p.relative_to(PACKAGE).as_posix()
        for p in MODULES
        if re.search(r"^\s*(import|from)\s+underthesea", p.read_text(encoding="utf-8"), re.M)
    ]
    assert importers == ["nlp/engine.py"]

"""No two of our apps import each other, directly or through a third one.

Every module of the apps is read with `ast` (imports at module level and inside functions alike,
relative imports resolved), which gives a graph of which app imports which; any cycle in it fails
with the import lines that close it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("statements", "signatories", "dedup", "api", "public")

# The one allowed import against the layering (dedup imports statements to merge signatures):
# an import hands its new organisations to the duplicate suggester inside its own transaction,
# so the review queue never misses them. Each module says so where it imports.
ALLOWED = {
    ("statements.importing", "dedup"),
    ("statements.csv_import", "dedup"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """(absolute module name, line) of every import in the file."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from public import links` imports a module of `public`: the app is what counts.
            found.append((target, node.lineno))
    return found


def app_graph() -> dict[str, dict[str, list[str]]]:
    """app -> imported app -> ["module:line", …] (imports within one app left out)."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in APPS}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            source = module_name(path)
            for target, line in imported_modules(path):
                other = target.split(".")[0]
                if other in APPS and other != app and (source, other) not in ALLOWED:
                    graph[app].setdefault(other, []).append(f"{source}:{line}")
    return graph


def cycles(graph) -> list[list[str]]:
    """Every elementary cycle's apps, found by depth-first search from each app in turn."""
    found = []

    def visit(start, app, path):
        for other in graph[app]:
            if other == start:
                found.append([*path, start])
            elif other not in path and other > start:  # each cycle once, from its smallest app
                visit(start, other, [*path, other])

    for start in sorted(graph):
        visit(start, start, [start])
    return found


def test_the_reader_sees_imports_at_every_level_and_relative_ones(tmp_path):
    # A check that can fail: the graph of a known circle through a function-level import.
    assert cycles({"a": {"b": []}, "b": {"a": []}}) == [["a", "b", "a"]]
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b": []}, "b": {}}) == []
    merging = dict(imported_modules(ROOT / "dedup" / "merging.py"))
    assert "statements.models" in merging and "dedup.suggesting" in merging  # inside functions
    assert "dedup.models" in merging  # relative, resolved


def test_no_app_imports_another_in_a_circle():
    graph = app_graph()
    assert graph["public"], "the reader found no import at all"
    found = cycles(graph)
    report = [
        " -> ".join(cycle)
        + ": "
        + "; ".join(
            f"{a} imports {b} at {', '.join(graph[a][b])}"
            for a, b in zip(cycle, cycle[1:], strict=False)
        )
        for cycle in found
    ]
    assert not found, "\n".join(report)


def test_the_allowed_exception_is_still_needed_and_documented():
    for source, app in ALLOWED:
        path = ROOT / (source.replace(".", "/") + ".py")
        lines = path.read_text(encoding="utf-8").splitlines()
        imports = [line for target, line in imported_modules(path) if target.startswith(app)]
        assert imports, f"{source} no longer imports {app}: remove it from ALLOWED"
        context = "\n".join(lines[max(0, imports[0] - 3) : imports[0]])
        assert "#" in context, f"{source} imports {app} without a comment saying why"

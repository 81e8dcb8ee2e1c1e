"""The package's shape, read statically from its source: imports point one way, with no circles."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "newsearch"



def module_name(path: Path) -> str:
    parts = ["newsearch", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_names(name: str, path: Path, modules) -> set[str]:
    """Every module `name` imports, anywhere in its text (imports inside functions count): a
    package's own modules by their names, others by their top-level name (`typer`, `whoosh`).
    `from .pkg import mod` imports the module `pkg.mod`, not `pkg`'s `__init__`."""
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(_longest_known(alias.name, modules))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else _longest_known(base, modules))
    found.discard(name)
    return found


def _longest_known(dotted: str, modules) -> str:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return parts[0]


def import_graph() -> dict[str, set[str]]:
    modules = source_modules()
    return {name: imported_names(name, path, modules) & modules.keys() for name, path in modules.items()}


def external_imports() -> dict[str, set[str]]:
    modules = source_modules()
    return {name: imported_names(name, path, modules) - modules.keys() for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_circle_finder_finds_a_three_module_loop_and_ignores_a_chain():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [{"a", "b", "c"}]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_a_from_import_of_a_submodule_is_an_import_of_that_submodule(tmp_path):
    path = tmp_path / "cli.py"
    path.write_text("from .render import hit_list\nfrom .render.common import plural\nfrom . import models\n")
    modules = {"newsearch", "newsearch.render", "newsearch.render.hit_list", "newsearch.render.common", "newsearch.models"}
    assert imported_names("newsearch.cli", path, modules) == {
        "newsearch.render.hit_list", "newsearch.render.common", "newsearch.models"}


def test_no_module_of_the_package_is_in_an_import_circle():
    assert circles(import_graph()) == []


def test_the_command_line_and_the_printers_are_in_no_circle_at_all():
    for circle in circles(import_graph()):
        assert not any(m.startswith(("newsearch.cli", "newsearch.render")) for m in circle), circle


def test_render_never_imports_the_command_line():
    for name, targets in import_graph().items():
        if name.startswith("newsearch.render"):
            assert not any(t.startswith("newsearch.cli") for t in targets), name


def test_the_library_imports_neither_the_command_line_nor_the_printers():
    for name, targets in import_graph().items():
        if not name.startswith(("newsearch.cli", "newsearch.render", "newsearch.__main__")):
            assert not any(t.startswith(("newsearch.cli", "newsearch.render")) for t in targets), name


def test_only_the_command_line_imports_typer():
    users = {name for name, targets in external_imports().items() if "typer" in targets}
    assert users and all(name.startswith("newsearch.cli") for name in users), users


def test_every_module_stays_under_400_lines():
    long = {name: n for name, path in source_modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) >= 400}
    assert not long, long


def test_every_printer_name_the_render_package_lists_resolves_to_a_function():
    from newsearch import render

    for name in render._HOMES:
        assert callable(getattr(render, name)), name


ENGINES = "newsearch.engines"


def _in_engines(name: str) -> bool:
    return name == ENGINES or name.startswith(ENGINES + ".")


def test_only_the_engine_packages_import_whoosh_or_a_database_client():
    clients = {"whoosh", "pymysql", "MySQLdb", "mysql"}
    users = {name for name, targets in external_imports().items() if targets & clients}
    assert users and all(name.startswith(ENGINES + ".") for name in users), sorted(users)


def test_above_the_engines_only_the_command_line_opens_one_and_none_reaches_inside():
    """Everything above `engines/` goes through `newsearch.engine` and `engines.open_engine`."""
    for name, targets in import_graph().items():
        if _in_engines(name):
            continue
        inside = {t for t in targets if t.startswith(ENGINES + ".")}
        assert not inside, (name, sorted(inside))
        if ENGINES in targets:
            assert name.startswith("newsearch.cli"), name


def test_parsing_the_query_language_and_the_interface_import_no_engine():
    for name, targets in import_graph().items():
        if name.startswith(("newsearch.parsing", "newsearch.query", "newsearch.research")) or name == "newsearch.engine":
            assert not any(_in_engines(t) for t in targets), name


def test_one_engine_never_imports_another():
    for name, targets in import_graph().items():
        if name.startswith(ENGINES + "."):
            own = ".".join(name.split(".")[:3])
            others = {t for t in targets if t.startswith(ENGINES + ".") and not t.startswith(own)}
            assert not others, (name, sorted(others))


def test_every_newsearch_name_the_bench_scripts_import_exists():
    """A module move must carry `bench/` along: each `from newsearch... import x` there resolves."""
    import importlib

    missing = []
    for script in sorted((PACKAGE.parent / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsearch"):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    if not hasattr(module, alias.name):
                        try:
                            importlib.import_module(f"{node.module}.{alias.name}")
                        except ModuleNotFoundError:
                            missing.append((script.name, node.module, alias.name))
    assert not missing, missing

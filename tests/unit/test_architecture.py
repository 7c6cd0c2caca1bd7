"""The layout's rules, checked on the source (DESIGN.md, "Rules of the house"): the library
never imports Streamlit, no benchmark code lives in it, and no two of the project's modules
import each other, directly or round a longer loop (a cycle hid a wrong cache once: issue 13).
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("actlib", "ui", "bench", "deploy")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def imports(path: Path) -> set[str]:
    """Every module named by an absolute import in the file (`from a import b` names a and,
    where b is a module, a.b)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {m: {n for n in imports(p) if n in modules and n != m} for m, p in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    state, path = {}, []

    def visit(m):
        state[m] = "open"
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == "open":
                return path[path.index(n):] + [n]
            if n not in state and (loop := visit(n)):
                return loop
        path.pop()
        state[m] = "done"
        return []

    for m in sorted(graph):
        if m not in state and (loop := visit(m)):
            return loop
    return []


def test_the_cycle_finder_finds_a_planted_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_the_projects_modules():
    graph = import_graph()
    assert "actlib.nets.playground.net" in graph and "ui.controls" in graph
    assert find_cycle(graph) == []


def test_the_library_never_imports_streamlit_or_the_benchmarks():
    offenders = [(m, n) for m, p in project_modules().items() if m.startswith("actlib")
                 for n in imports(p) if n.split(".")[0] in ("streamlit", "bench")]
    assert offenders == []

"""The layout shows the pipeline, and imports point one way.

sources → project → analysis → facts → rules → config → findings → checker → reporting → fixing →
probe → cli. A stage may import only the stages before it (any import: module level, inside a
function, or under TYPE_CHECKING), no two modules import each other, even indirectly, and the static
stages never import the probe or the runtime layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["sources", "project", "analysis", "facts", "rules", "config", "findings", "checker", "reporting",
         "fixing", "probe", "runtime", "cli"]
ANYWHERE = {"lossguard"}  # the package itself (its __version__)
TOP = {"__main__", "testing"}  # entry points: may import any stage
DYNAMIC_LAYERS = {"probe", "runtime"}  # never imported by the static path


def _modules() -> dict[str, Path]:
    out = {}
    for base, package in ((ROOT / "lossguard", "lossguard"), (ROOT / "rules", "lossguard.rules")):
        for path in base.rglob("*.py"):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([package] + parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = name.split(".")
                if not is_package:
                    parts = parts[:-1]
                parts = parts[:len(parts) - node.level + 1]
                module = ".".join(parts + ([module] if module else []))
            for alias in node.names:
                full = f"{module}.{alias.name}"
                found.add(full if full in MODULES else module)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_module_belongs_to_a_stage():
    unknown = sorted(m for m in MODULES if stage(m) not in set(ORDER) | ANYWHERE | TOP)
    assert not unknown, f"modules outside the pipeline's stages: {unknown}"


def test_stages_import_only_earlier_stages():
    wrong = []
    for module, imported in GRAPH.items():
        here = stage(module)
        if here in TOP or here in ANYWHERE:
            continue
        for other in imported:
            there = stage(other)
            if there == here or there in ANYWHERE:
                continue
            if there in TOP or ORDER.index(there) > ORDER.index(here):
                wrong.append(f"{module} imports {other} ({here} must not depend on {there})")
    assert not wrong, "\n".join(sorted(wrong))


def test_static_stages_never_import_the_probe_or_the_runtime():
    static = set(ORDER) - DYNAMIC_LAYERS - {"cli"}
    wrong = [f"{m} imports {o}" for m, imported in GRAPH.items() for o in imported
             if stage(m) in static and stage(o) in DYNAMIC_LAYERS]
    assert not wrong, "\n".join(wrong)


def test_the_cli_loads_the_probe_only_when_asked():
    """`lossguard check` must not import lossguard.probe: the cli may name it only inside functions."""
    tree = ast.parse(MODULES["lossguard.cli.commands"].read_text())
    for node in tree.body:  # module-level statements only
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
            assert not any(n.startswith("lossguard.probe") or n.startswith("lossguard.runtime") for n in names)


def test_no_import_cycles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"


def test_every_package_is_installed():
    """A stage folder missing from pyproject's package list works in an editable checkout and breaks
    every real install (CI's clean clone, pre-commit's own environment)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"lossguard." + ".".join(p.parent.relative_to(ROOT / "lossguard").parts) if p.parent != ROOT / "lossguard"
             else "lossguard" for p in (ROOT / "lossguard").rglob("__init__.py")}
    assert found | {"lossguard.rules"} == listed

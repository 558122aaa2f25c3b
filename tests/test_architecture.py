"""The package reads as the pipeline: each stage imports only the foundations and the stages
before it, and nothing imports in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import paperfeed

PACKAGE = Path(paperfeed.__file__).parent
# The stages in pipeline order; fetch stands beside analysis (it uses formats and store).
RANK = {"formats": 1, "store": 2, "fetch": 3, "analysis": 3, "site": 4, "plugin": 5}
COMMANDS = {"cli", "checks", "__main__"}  # they wire the stages together: they may use any


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The package's modules (or packages) a module imports when it runs (imports for type
    checking only, under `if TYPE_CHECKING:`, are not run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # a module of a package, else a name of the module
                whole = f"{node.module}.{alias.name}"
                found.add(whole if _exists(whole) else node.module)
    return {name for name in found if name.split(".")[0] == "paperfeed" and _exists(name)}


def _exists(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def stage(module: str) -> tuple[str, int]:
    """(the stage, its rank): a foundation is rank 0, a command 9."""
    top = module.split(".")[1] if "." in module else ""
    if top in RANK:
        return top, RANK[top]
    return top, 9 if top in COMMANDS else 0


def test_every_import_runs_down_the_pipeline() -> None:
    against = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        where, rank = stage(source)
        for target in imports(path):
            into, other = stage(target)
            if into == where or rank == 9:
                continue
            if other > rank or (other == rank and other > 0):
                against.append(f"{source} -> {target}")
    assert against == []


def test_the_foundations_import_no_stage() -> None:
    foundations = [p for p in PACKAGE.glob("*.py") if stage(module_name(p))[1] == 0]
    assert {p.stem for p in foundations} >= {"model", "errors", "text", "urls", "slugs", "schema", "rules"}
    for path in foundations:
        assert all(stage(target)[1] == 0 for target in imports(path)), path.name


def test_no_module_imports_in_a_cycle() -> None:
    graph = {module_name(p): {t for t in imports(p) if t != module_name(p)} for p in PACKAGE.rglob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph.get(start, ()):
            if step == goal or (step not in seen and (seen.add(step) or reaches(step, goal, seen))):
                return True
        return False

    assert [m for m in graph if reaches(m, m, set())] == []

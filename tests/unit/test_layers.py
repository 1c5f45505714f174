"""Imports flow one way: the front ends (bot, cli) → deployment, evaluation → storage; exports
read through storage. Tests and benchmarks share support/, which nothing shipped imports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONT_ENDS = {"aiogram", "bot", "cli"}
NOT_SHIPPED = {"support", "tests", "bench"}  # what shipped code never imports
FORBIDDEN = {
    "bot": NOT_SHIPPED,
    "cli": NOT_SHIPPED,
    "evaluation": {*FRONT_ENDS, "deployment", "exports", "openpyxl", "fake_telegram", *NOT_SHIPPED},
    "storage": {*FRONT_ENDS, "deployment", "evaluation", "exports", "fake_telegram", *NOT_SHIPPED},
    "exports": {*FRONT_ENDS, "deployment", "fake_telegram", *NOT_SHIPPED},
    # What both front ends share about a deployment knows neither.
    "deployment": {*FRONT_ENDS, "fake_telegram", *NOT_SHIPPED},
    # The Bot API fake stands in for Telegram: it knows nothing of the project.
    "fake_telegram": {*FRONT_ENDS, "deployment", "evaluation", "exports", "storage", *NOT_SHIPPED},
    # What tests and benchmarks share imports neither; a benchmark imports no test.
    "support": {"tests", "bench"},
    "bench": {"tests"},
}
# The fake's in-process face is an aiogram session: the one file of it that knows aiogram.
EXCEPTIONS = {"fake_telegram/session.py": {"aiogram"}}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_against_the_flow(package):
    offenders = {
        name: sorted(imported_packages(path) & FORBIDDEN[package] - EXCEPTIONS.get(name, set()))
        for path in (ROOT / package).rglob("*.py")
        if (name := str(path.relative_to(ROOT)))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_demos_default_folder_is_ignored_by_git():
    from datetime import datetime
    from fnmatch import fnmatch

    from bot.demo import default_folder

    folder = default_folder(datetime(2026, 11, 29, 15, 0)).name
    patterns = (ROOT / ".gitignore").read_text().split()
    assert any(fnmatch(f"{folder}/", pattern) for pattern in patterns), folder


def _module_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules ``path`` imports at its top level (``from evaluation import x`` as
    ``evaluation.x``), those for type checking included; imports inside functions (on first
    use) are not."""
    found = set()
    body = ast.parse(path.read_text()).body
    for node in [*body, *(n for top in body if isinstance(top, ast.If) for n in top.body)]:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found & modules


def test_no_import_circle():
    """No module reaches itself through the modules it imports (ballots → reach → ballots
    was the last one)."""
    paths = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for package in (
            "bot",
            "cli",
            "deployment",
            "evaluation",
            "storage",
            "exports",
            "fake_telegram",
            "support",
        )
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }
    graph = {name: _module_imports(path, set(paths)) - {name} for name, path in paths.items()}
    circles = []
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            name, trail = stack.pop()
            for following in graph[name]:
                if following == start:
                    circles.append(trail)
                elif following not in seen:
                    seen.add(following)
                    stack.append((following, (*trail, following)))
    assert circles == []

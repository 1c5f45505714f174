"""Imports flow one way: bot → evaluation → storage; exports read through storage."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "evaluation": {"aiogram", "bot", "exports", "openpyxl", "fake_telegram"},
    "storage": {"aiogram", "bot", "evaluation", "exports", "fake_telegram"},
    "exports": {"aiogram", "bot", "fake_telegram"},
    # The Bot API fake stands in for Telegram: it knows nothing of the project.
    "fake_telegram": {"aiogram", "bot", "evaluation", "exports", "storage"},
}


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
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_demos_default_folder_is_ignored_by_git():
    from datetime import datetime
    from fnmatch import fnmatch

    from bot.demo import default_folder

    folder = default_folder(datetime(2026, 11, 29, 15, 0)).name
    patterns = (ROOT / ".gitignore").read_text().split()
    assert any(fnmatch(f"{folder}/", pattern) for pattern in patterns), folder

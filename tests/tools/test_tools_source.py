"""Rules about the source of tools/ itself: no code execution, no floats, LangChain in lc.py only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"
SOURCES = sorted(TOOLS.glob("*.py"))


def test_sources_found():
    assert {path.name for path in SOURCES} >= {
        "__init__.py",
        "amounts.py",
        "dates.py",
        "calculator.py",
        "finance.py",
        "lc.py",
    }


@pytest.mark.parametrize("path", SOURCES, ids=[path.name for path in SOURCES])
@pytest.mark.parametrize("forbidden", ["eval(", "exec(", "float("])
def test_forbidden_text(path, forbidden):
    assert forbidden not in path.read_text(encoding="utf-8")


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", SOURCES, ids=[path.name for path in SOURCES])
def test_only_lc_imports_langchain(path):
    langchain = {
        module
        for module in _imported_modules(path)
        if module.split(".")[0].startswith("langchain")
    }
    if path.name == "lc.py":
        assert langchain
    else:
        assert not langchain, f"{path.name} imports {langchain}"


def test_importing_tools_does_not_load_langchain():
    """In a fresh interpreter, the package and its modules load without LangChain."""
    probe = (
        "import sys, tools, tools.amounts, tools.calculator, tools.dates, tools.finance;"
        "print(sorted(m for m in sys.modules if m.startswith('langchain')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=TOOLS.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"

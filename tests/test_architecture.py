"""The package's shape is a contract: layers, declared dependencies, lint and format.

``catalog/`` is split into layers (README, "Layers"): ``core`` → ``images`` → ``site`` →
``build`` → ``mkdocs`` → ``intake`` and ``cli``; each imports only from the layers before
it, only ``catalog.mkdocs`` imports MkDocs or Material, only the build layer reaches
Pagefind, and no two modules of a package import each other in a circle. import-linter
checks the contracts written in pyproject.toml; deptry that every imported package is
declared and every declared one used; ruff the lint rules and the formatting.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(
    name: str, *args: str, cwd: Path = REPO, env: dict | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / name), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_the_layer_contracts_hold():
    run = tool("lint-imports")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
    for contract in (
        "Layers",
        "Only the MkDocs adapter imports MkDocs or Material",
        "Only the build layer knows Pagefind",
        "No import cycles",
    ):
        assert any(
            contract in line and line.endswith("KEPT") for line in run.stdout.splitlines()
        ), (contract, run.stdout)


@pytest.mark.parametrize(
    "module, line, broken",
    [
        ("core/vocab.py", "from ..site import model  # noqa", "Layers"),
        ("site/views.py", "import mkdocs  # noqa", "Only the MkDocs adapter"),
        ("core/diagnostics.py", "from . import codes  # noqa", "No import cycles"),
    ],
)
def test_a_broken_contract_is_caught(tmp_path, module, line, broken):
    """The checks can fail: the same contracts on a copy with one forbidden import."""
    shutil.copytree(
        REPO / "catalog",
        tmp_path / "catalog",
        ignore=shutil.ignore_patterns("__pycache__", "data", "templates"),
    )
    shutil.copyfile(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "catalog" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    run = tool("lint-imports", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
    assert run.returncode != 0
    assert any(broken in row and row.endswith("BROKEN") for row in run.stdout.splitlines()), (
        run.stdout
    )


def test_declared_dependencies_are_the_imported_ones():
    run = tool("deptry", ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_lint():
    run = tool("ruff", "check", ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format():
    run = tool("ruff", "format", "--check", ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_each_rule_code_is_emitted_from_one_module():
    """A code's wording and its conditions live in one place (codes.py holds the texts)."""
    import re

    emitted: dict[str, set[str]] = {}
    for path in (REPO / "catalog").rglob("*.py"):
        for code in re.findall(r'make\(\s*"([YSRIB]\d{3})"', path.read_text(encoding="utf-8")):
            emitted.setdefault(code, set()).add(path.relative_to(REPO).as_posix())
    assert emitted, "no diagnostics found: the pattern no longer matches the code"
    assert {code: mods for code, mods in emitted.items() if len(mods) > 1} == {}

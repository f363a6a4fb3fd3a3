"""Shared fixtures: a private copy of the example supplier to mutate.

``catalogue`` copies ``products/kopindo-tanggulangin`` (its supplier.yaml, the
example product and the photos it uses) into a temporary ``products/`` folder
and changes into the temporary directory, so diagnostics carry the same
relative paths a user sees (``products/kopindo-tanggulangin/...``). A test
applies one text edit and loads the catalogue with a pinned date.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from catalog.catalogue import Catalog, load_catalog
from catalog.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parent.parent
SUPPLIER_ID = "kopindo-tanggulangin"
EXAMPLE = REPO / "products" / SUPPLIER_ID
PRODUCT = "tas-jinjing-kulit-sapi.yaml"
SUPPLIER = "supplier.yaml"
TODAY = dt.date(2026, 11, 22)


def copy_example(root: Path, supplier_id: str = SUPPLIER_ID) -> Path:
    """Copy supplier.yaml, the example product and its photos to ``root/supplier_id``."""
    folder = root / supplier_id
    folder.mkdir(parents=True)
    for name in (SUPPLIER, PRODUCT):
        shutil.copyfile(EXAMPLE / name, folder / name)
    for image in yaml.safe_load((EXAMPLE / PRODUCT).read_text(encoding="utf-8"))["images"]:
        target = folder / image["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE / image["file"], target)
    return folder


@dataclass
class Catalogue:
    """A temporary ``products/`` tree holding a copy of the example supplier."""

    root: Path
    folder: Path

    def path(self, name: str) -> Path:
        return self.folder / name

    def shown(self, name: str) -> str:
        """The path diagnostics show for a file of the example supplier."""
        return f"products/{self.folder.name}/{name}"

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> str:
        self.path(name).parent.mkdir(parents=True, exist_ok=True)
        self.path(name).write_text(text, encoding="utf-8")
        return text

    def edit(self, name: str, old: str, new: str) -> str:
        """Replace the one occurrence of ``old`` in file ``name``; return the new text."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {name}"
        return self.write(name, text.replace(old, new))

    def position(self, name: str, line_has: str, column_at: str | None = None) -> tuple[int, int]:
        """(line, column), 1-based, of ``column_at`` on the one line containing ``line_has``."""
        lines = [(i, line) for i, line in enumerate(self.text(name).splitlines(), 1)
                 if line_has in line]
        assert len(lines) == 1, f"{line_has!r} must be on exactly one line of {name}"
        number, line = lines[0]
        column = line.index(column_at if column_at is not None else line_has) + 1
        return number, column

    def load(self, **kwargs) -> Catalog:
        return load_catalog(self.root, today=TODAY, **kwargs)


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "products"
    return Catalogue(root, copy_example(root))


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the defaults, not the developer's or CI's settings."""
    for name in ("CATALOG_LANG", "GITHUB_STEP_SUMMARY", "CATALOG_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def errors(catalog: Catalog) -> list[Diagnostic]:
    return [d for d in catalog.diagnostics if d.is_error]


def warnings(catalog: Catalog) -> list[Diagnostic]:
    return [d for d in catalog.diagnostics if not d.is_error]


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    """(code, path, line, column) of each diagnostic: what a user reads first."""
    return [(d.code, d.path, d.line, d.column) for d in diagnostics]


def hardlink_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)

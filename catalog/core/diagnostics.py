"""Diagnostics: every problem found on the way from YAML to site.

A :class:`Diagnostic` carries where (path, line, column), how bad (severity),
what (a stable ``code`` from :mod:`catalog.core.codes`) and the message and hint in
Indonesian and English; :func:`catalog.core.codes.make` builds one from the code's
message. Nothing here prints; :mod:`catalog.core.reporter` renders them as text,
GitHub annotations or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Text:
    """A short piece of interface text in both languages."""

    id: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.id


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column in a source file."""

    line: int = 1
    column: int = 1


START = Position(1, 1)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: Text = field(compare=False)
    hint: Text | None = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CatalogError(Exception):
    """A user-facing failure carrying diagnostics (never shown as a traceback)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("; ".join(f"{d.path}:{d.line}: {d.code}" for d in self.diagnostics))


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings

"""Diagnostics: every problem found on the way from YAML to site.

A :class:`Diagnostic` carries where (path, line, column), how bad (severity),
what (a stable ``code`` from :mod:`catalog.codes`) and the message and hint in
Indonesian and English. Nothing here prints; :mod:`catalog.report_diagnostics`
renders them as text, GitHub annotations or JSON.
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


def make(code: str, path: str, pos: Position | None = None, /, **params: object) -> Diagnostic:
    """Build a diagnostic from the message catalogue in :mod:`catalog.codes`.

    ``params`` fill the ``{placeholders}`` of the code's message and hint
    templates (both languages share the placeholders).
    """
    from .codes import CODES  # local import: codes imports Text from here

    spec = CODES[code]
    pos = pos or START
    message = Text(spec.message.id.format(**params), spec.message.en.format(**params))
    hint = None
    if spec.hint is not None:
        hint = Text(spec.hint.id.format(**params), spec.hint.en.format(**params))
    return Diagnostic(path, pos.line, pos.column, code, spec.severity, message, hint)


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

"""One reporter for diagnostics: ``text``, ``github`` (workflow commands) or ``json``.

text:   ``path:line:col: error[CODE] message`` then an indented hint, then a summary.
github: ``::error file=…,line=…,col=…,title=CODE::message`` annotations, capped at
        GitHub's per-step display limits (10 errors and 10 warnings are shown per
        step) with a notice for the rest, plus a Markdown table appended to
        ``$GITHUB_STEP_SUMMARY`` when set (which is capped at 1 MiB by GitHub).
json:   one object with ``diagnostics`` and ``summary``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, TextIO

from .diagnostics import Diagnostic, Lang, count

FORMATS = ("text", "github", "json")
GITHUB_ANNOTATION_CAP = 10
"""GitHub shows at most 10 error and 10 warning annotations per step."""
GITHUB_SUMMARY_LIMIT = 1024 * 1024
"""Bytes GitHub accepts in one step summary."""


def summary_line(diagnostics: list[Diagnostic], files: int, lang: Lang) -> str:
    errors, warnings = count(diagnostics)
    if lang == "en":
        return (
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {files} file{'s' * (files != 1)}"
        )
    return f"{errors} kesalahan, {warnings} peringatan dalam {files} berkas"


def _one_line(text: str) -> str:
    """A value quoted in a message may hold a line break; one diagnostic stays one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def render_text(diagnostics: list[Diagnostic], files: int, lang: Lang, out: TextIO) -> None:
    hint_word = "saran" if lang == "id" else "hint"
    for d in diagnostics:
        out.write(
            f"{_one_line(d.path)}:{d.line}:{d.column}: {d.severity.value}[{d.code}] "
            f"{_one_line(d.message.get(lang))}\n"
        )
        if d.hint is not None:
            out.write(f"    {hint_word}: {_one_line(d.hint.get(lang))}\n")
    out.write(summary_line(diagnostics, files, lang) + "\n")


def as_dict(d: Diagnostic, lang: Lang) -> dict:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message.get(lang),
        "hint": d.hint.get(lang) if d.hint else None,
    }


def render_json(diagnostics: list[Diagnostic], files: int, lang: Lang, out: TextIO) -> None:
    errors, warnings = count(diagnostics)
    json.dump(
        {
            "diagnostics": [as_dict(d, lang) for d in diagnostics],
            "summary": {"errors": errors, "warnings": warnings, "files": files},
        },
        out,
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    )
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(d: Diagnostic, lang: Lang) -> str:
    level = "error" if d.is_error else "warning"
    body = d.message.get(lang)
    if d.hint is not None:
        body += "\n" + d.hint.get(lang)
    props = (
        f"file={_escape_property(d.path)},line={d.line},col={d.column},"
        f"title={_escape_property(d.code)}"
    )
    return f"::{level} {props}::{_escape_data(body)}"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def github_summary(diagnostics: list[Diagnostic], files: int, lang: Lang) -> str:
    head = "Hasil validasi katalog" if lang == "id" else "Catalogue validation"
    cols = (
        ("Berkas", "Baris", "Kode", "Pesan")
        if lang == "id"
        else ("File", "Line", "Code", "Message")
    )
    lines = [f"### {head}", "", summary_line(diagnostics, files, lang), ""]
    if diagnostics:
        lines += ["| " + " | ".join(cols) + " |", "|---|---:|---|---|"]
    size = sum(len(x) + 1 for x in lines)
    for i, d in enumerate(diagnostics):
        icon = "❌" if d.is_error else "⚠️"
        row = (
            f"| `{_md_cell(d.path)}` | {d.line} | {icon} {d.code} | "
            f"{_md_cell(d.message.get(lang))} |"
        )
        if size + len(row.encode()) > GITHUB_SUMMARY_LIMIT - 200:
            more = len(diagnostics) - i
            lines.append(f"| … | | | +{more} |")
            break
        lines.append(row)
        size += len(row.encode()) + 1
    return "\n".join(lines) + "\n"


def render_github(diagnostics: list[Diagnostic], files: int, lang: Lang, out: TextIO) -> None:
    shown = {True: 0, False: 0}
    hidden = {True: 0, False: 0}
    for d in diagnostics:
        if shown[d.is_error] < GITHUB_ANNOTATION_CAP:
            out.write(github_annotation(d, lang) + "\n")
            shown[d.is_error] += 1
        else:
            hidden[d.is_error] += 1
    if hidden[True] or hidden[False]:
        msg = (
            f"{hidden[True]} kesalahan dan {hidden[False]} peringatan lain tidak ditandai; "
            "lihat ringkasan langkah"
            if lang == "id"
            else f"{hidden[True]} more errors and {hidden[False]} more warnings not annotated; "
            "see the step summary"
        )
        out.write(f"::notice title=catalog validate::{_escape_data(msg)}\n")
    out.write(summary_line(diagnostics, files, lang) + "\n")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as fh:
            fh.write(github_summary(diagnostics, files, lang))


def render(
    diagnostics: Iterable[Diagnostic], files: int, fmt: str, lang: Lang, out: TextIO
) -> None:
    items = sorted(diagnostics)
    {"text": render_text, "json": render_json, "github": render_github}[fmt](
        items, files, lang, out
    )

"""What intake says: the issue comment, the pull request's title and body, text and JSON.

Comments and pull-request bodies are Markdown that GitHub renders, and half of what
they quote was typed by a stranger: every such string passes
:func:`catalog.core.markdown_text.md_text`. Our own words (labels, messages) are the only
Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core import issue_form
from ..core.diagnostics import Lang
from ..core.markdown_text import md_text
from . import Result, shown_path

COMMENT_MARKER = "<!-- catalog-intake -->"
LABELS = [issue_form.LABEL]
"""The labels of a product's pull request (a service's: :data:`issue_form.SERVICE_LABEL`)."""
NEW_SUPPLIER_LABEL = "pemasok-baru"


def _fields(result: Result) -> dict[str, issue_form.Field]:
    return issue_form.by_id(result.draft.kind)  # type: ignore[arg-type]


def _is_service(result: Result) -> bool:
    return result.draft.kind == "service"


def _label(field_id: str | None, lang: Lang, result: Result) -> str:
    if field_id is None:
        return "Isu ini" if lang == "id" else "This issue"
    label = _fields(result)[field_id].label  # without the "(new supplier)" note
    id_part, _, en_part = label.partition(" / ")
    return label if not en_part else (id_part if lang == "id" else en_part)


def _problem_lines(result: Result, lang: Lang) -> list[str]:
    order = {f.id: i for i, f in enumerate(issue_form.fields(result.draft.kind))}  # type: ignore[arg-type]
    problems = sorted(result.problems, key=lambda p: order.get(p.field or "", -1))
    return [
        f"- **{md_text(_label(p.field, lang, result))}**: {md_text(p.text.get(lang), 600)}"
        for p in problems
    ]


def comment(result: Result) -> str:
    """The one issue comment for a submission with problems (updated on every edit)."""
    n = len(result.problems)
    return (
        "\n".join(
            [
                COMMENT_MARKER,
                f"### ⚠️ Ada {n} hal yang perlu diperbaiki",
                "",
                f"Terima kasih sudah mengajukan {'jasa' if _is_service(result) else 'produk'}! "
                "Pemeriksaan otomatis menemukan hal berikut. "
                "Nama kolom sama dengan di formulir:",
                "",
                *_problem_lines(result, "id"),
                "",
                "**Cara memperbaiki:** buka menu ⋯ di kanan atas isu ini → *Edit*, perbaiki kolom di "
                "atas, lalu simpan. Pemeriksaan berjalan lagi dengan sendirinya dan komentar ini "
                "diperbarui. Tidak perlu membuat isu baru.",
                "",
                "---",
                "",
                f"### ⚠️ {n} thing{'s' * (n != 1)} to fix",
                "",
                f"Thank you for submitting a {'service' if _is_service(result) else 'product'}! "
                "The automatic check found the following; the "
                "field names are those of the form:",
                "",
                *_problem_lines(result, "en"),
                "",
                "**To fix them:** open the ⋯ menu at the top right of this issue → *Edit*, correct the "
                "fields above and save. The check runs again by itself and updates this comment; no "
                "need to open a new issue.",
            ]
        )
        + "\n"
    )


def title(result: Result) -> str:
    what = "Jasa baru" if _is_service(result) else "Produk baru"
    return f"{what}: {result.product_name} ({result.supplier_name})"[:200]


def pr_body(result: Result, products: Path) -> str:
    d = result.draft
    issue = result.issue
    files = [shown_path(p, products) for p in result.files]
    new = d.supplier is not None
    rows = [
        (
            "Pemasok / Supplier",
            f"{md_text(result.supplier_name)} (`{d.supplier_id}`, "
            + ("baru / new" if new else "sudah ada / already listed")
            + ")",
        ),
        *(
            [
                ("Jasa / Service", f"{md_text(result.product_name)} (`{d.product_id}`)"),
                ("Jenis jasa / Kind of service", f"`{d.product.get('service')}`"),
                ("Wilayah / Areas", ", ".join(f"`{a}`" for a in d.product.get("areas", []))),
            ]
            if _is_service(result)
            else [
                ("Produk / Product", f"{md_text(result.product_name)} (`{d.product_id}`)"),
                ("Kategori / Category", f"`{d.product.get('category')}`"),
            ]
        ),
        ("Foto / Photos", f"{len(result.photos)}: tegak, tanpa EXIF/GPS / upright, no EXIF/GPS"),
    ]
    warnings = [f"- {md_text(w.message.id)} / {md_text(w.message.en)}" for w in result.warnings]
    notes = [f"- {md_text(n.id)} / {md_text(n.en)}" for n in d.notes]
    lines = [
        f"Closes #{issue}" if issue is not None else "",
        "",
        f"Dibuat otomatis dari formulir isu #{issue} oleh `catalog intake`. / Made automatically "
        f"from issue form #{issue} by `catalog intake`.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in rows),
        "",
        f"**Validasi / Validation:** ✅ 0 kesalahan, {len(result.warnings)} peringatan / "
        f"0 errors, {len(result.warnings)} warnings (`catalog validate`).",
        *([""] + warnings if warnings else []),
        *(["", "**Dibaca dari formulir / Read from the form:**", *notes] if notes else []),
        "",
        "**Berkas / Files:**",
        *(f"- `{f}`" for f in files),
        "",
    ]
    if not new and d.existing is not None:
        lines += [
            "> [!WARNING]",
            f"> Produk untuk pemasok yang sudah ada (`{d.existing.id}`), dikenali dari NIB. "
            "Konfirmasikan ke kontak yang terdaftar di supplier.yaml sebelum menggabungkan. / "
            "A product for an existing supplier, matched by NIB: confirm with the contact "
            "on file in supplier.yaml before merging.",
            "",
        ]
    lines += [
        "Periksa sebelum menggabungkan / Before merging:",
        "- [ ] Foto asli, produk terlihat jelas, tanpa tanda air / Original photos, no watermark",
        "- [ ] NIB dan sertifikat cocok dengan OSS dan BPJPH / NIB and certificates match "
        "OSS and BPJPH",
        "- [ ] Teks bahasa Inggris / English text",
    ]
    return "\n".join(lines).lstrip("\n") + "\n"


def as_json(result: Result, products: Path) -> dict[str, Any]:
    d = result.draft
    files = [shown_path(p, products) for p in result.files]
    out: dict[str, Any] = {
        "ok": result.ok,
        "issue": result.issue,
        "supplier": d.supplier_id if result.ok else d.supplier_id,
        "product": d.product_id,
        "kind": d.kind,
        "new_supplier": d.supplier is not None,
        "files": files,
        "branch": f"intake/issue-{result.issue}" if result.issue is not None else None,
        "pr_title": title(result) if result.ok else None,
        "pr_body": pr_body(result, products) if result.ok else None,
        "labels": [issue_form.LABELS[d.kind]]
        + ([NEW_SUPPLIER_LABEL] if d.supplier is not None else []),
        "comment": None if result.ok else comment(result),
        "problems": [
            {
                "field": p.field,
                "label": issue_form.shown_label(_fields(result)[p.field]) if p.field else None,
                "message": {"id": p.text.id, "en": p.text.en},
            }
            for p in result.problems
        ],
        "warnings": [
            {"code": w.code, "message": {"id": w.message.id, "en": w.message.en}}
            for w in result.warnings
        ],
    }
    return out


def as_text(result: Result, products: Path, lang: Lang) -> str:
    if result.ok:
        head = (
            "Ditulis (lolos catalog validate):"
            if lang == "id"
            else "Written (passes catalog validate):"
        )
        files = [shown_path(p, products) for p in result.files]
        return "\n".join([head, *(f"  {f}" for f in files)]) + "\n"
    head = (
        f"{len(result.problems)} hal perlu diperbaiki; tidak ada berkas yang ditulis:"
        if lang == "id"
        else f"{len(result.problems)} thing(s) to fix; nothing was written:"
    )
    lines = [head]
    for p in result.problems:
        label = (
            issue_form.shown_label(_fields(result)[p.field])
            if p.field
            else ("(isu)" if lang == "id" else "(issue)")
        )
        lines.append(f"  {label}: {p.text.get(lang)}")
    return "\n".join(lines) + "\n"

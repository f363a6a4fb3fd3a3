"""``catalog report``: the staff release report as text, Markdown or JSON.

    catalog report [--products PATH] [--previous PATH | --no-previous]
                   [--format text|markdown|json] [--lang id|en] [--today YYYY-MM-DD]

``--previous`` is the previous release's ``catalog-manifest.json``, or a site
folder holding one; by default ``site/catalog-manifest.json`` when it exists
(so run the report *before* ``catalog build`` overwrites it, or pass
``--previous``), otherwise every product is reported as added. Exit 0, or 2
for a usage error (bilingual message, no traceback). The logic is in
:mod:`catalog.build.report`; this module parses arguments and renders.

text:     aligned plain text for a terminal.
markdown: headings and tables for release notes and ``$GITHUB_STEP_SUMMARY``.
json:     the same content, structured (codes in English, messages in ``--lang``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from ..core.markdown_text import md_text
from ..core import i18n, vocab
from ..core.diagnostics import Lang
from ..site.manifest import MANIFEST_NAME, ManifestError, read_manifest
from ..core.models import Quantity

FORMATS = ("text", "markdown", "json")
DEFAULT_PREVIOUS = Path("site") / MANIFEST_NAME
REPORT_FORMAT_VERSION = 1
"""Version of the JSON output's structure."""


# -- words -------------------------------------------------------------------------------
def _t(key: str, lang: Lang, **params: Any) -> str:
    return i18n.t(key, lang, **params)


def status_label(status: str, lang: Lang) -> str:
    key = f"report_status_{status}"
    return _t(key, lang) if key in i18n.table() else status


def _quantity(q: Quantity, lang: Lang) -> str:
    return f"{i18n.number(q.quantity, lang)} {vocab.units()[q.unit].label.get(lang)}"


def gap_text(gap, lang: Lang) -> str:
    """One gap as a short phrase (``report_gap_<code>`` of ui.yaml)."""
    p = dict(gap.params)
    if gap.code == "english":
        p["fields"] = ", ".join(p.get("fields") or ["name", "description"])
    elif gap.code == "container":
        p.update(
            capacity=_quantity(p["capacity"], lang),
            threshold=_quantity(p["threshold"], lang),
            container=p["container"].get(lang),
        )
    elif gap.code == "photo_blurry":
        p["photos"] = ", ".join(
            f"{x['file']} ({i18n.number(x['sharpness'], lang)} < {i18n.number(p['min'], lang)})"
            for x in p["photos"]
        )
    elif gap.code == "photo_unreadable":
        p["files"] = ", ".join(p["files"])
    key = f"report_gap_{gap.code}"
    return _t(key, lang, **p) if key in i18n.table() else gap.code


def curation_last(due, lang: Lang) -> str:
    """When a supplier due for assessment was last assessed, or "never"."""
    if due.assessed_on is None:
        return _t("report_curation_never", lang)
    result = vocab.curation_results()[due.result].get(lang)
    return _t(
        "report_curation_last",
        lang,
        date=due.assessed_on.isoformat(),
        result=result,
        days=i18n.number(due.days, lang),
    )


def curation_todo(due, lang: Lang) -> list[str]:
    """The clinic's to-do list for one supplier: product gaps, then service gaps."""
    items = [gap_text(g, lang) for g in due.product_gaps]
    for code in due.service_gaps:
        certs = ", ".join(vocab.cert_types()[c].label.get(lang) for c in due.missing_certificates)
        items.append(_t(f"report_local_gap_{code}", lang, certs=certs))
    return items


def contact_text(contact) -> str:
    parts = [contact.supplier_name]
    if contact.whatsapp:
        parts.append(f"WA {contact.whatsapp}")
    if contact.email:
        parts.append(contact.email)
    return ", ".join(parts)


def _when_cert(alert, lang: Lang) -> str:
    return (
        _t("report_expired_ago", lang, days=-alert.days)
        if alert.expired
        else _t("report_expires_in", lang, days=alert.days)
    )


def _fields_text(change, lang: Lang) -> str:
    words = []
    for f in change.fields:
        if f == "status" and change.status_before:
            words.append(
                f"status ({status_label(change.status_before, lang)} → "
                f"{status_label(change.status, lang)})"
            )
        elif f == "photos":
            words.append(f"{_t('report_photos_changed', lang)}: {', '.join(change.photos)}")
        else:
            words.append(f)
    return ", ".join(words)


def _header_lines(report, lang: Lang) -> list[str]:
    c = report.counts
    lines = []
    if report.previous is None:
        lines.append(_t("report_no_previous", lang))
    else:
        prev = report.previous
        lines.append(
            _t(
                "report_previous",
                lang,
                source=prev.source,
                version=prev.catalog_version or "?",
                products=prev.products,
            )
        )
    lines.append(
        _t(
            "report_current",
            lang,
            products=c["products"],
            active=c["active"],
            draft=c["draft"],
            discontinued=c["discontinued"],
            suppliers=c["suppliers"],
        )
    )
    if report.errors or report.warnings:
        lines.append(_t("report_validation", lang, errors=report.errors, warnings=report.warnings))
    return lines


def _active_complete(report) -> tuple[int, int]:
    rows = [p for s in report.readiness for p in s.products if p.status == "active"]
    return sum(p.complete for p in rows), len(rows)


def _to_fix(product, lang: Lang, blocks: bool | None = None) -> list[str]:
    return [
        ("! " if g.blocks_badge and blocks is None else "") + gap_text(g, lang)
        for g in product.gaps
        if blocks is None or g.blocks_badge == blocks
    ]


def _badge(product, lang: Lang) -> str:
    if product.status == "discontinued":
        return "—"
    return _t("yes" if product.export_ready else "no", lang)


# -- text --------------------------------------------------------------------------------
def _table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        (indent + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)) + "  " + r[-1]).rstrip()
        for r in rows
    ]


def render_text(report, lang: Lang, out: TextIO) -> None:
    w = out.write
    w(
        f"{_t('report_title', lang)} · {report.today.isoformat()} · catalog "
        f"{report.catalog_version}\n"
    )
    for line in _header_lines(report, lang):
        w(line + "\n")

    def section(title: str, items, row: Callable[[Any], list[str]]) -> None:
        w(f"\n{title} ({len(items)})\n")
        if not items:
            w(f"  {_t('report_none', lang)}\n")
            return
        for line in _table([row(i) for i in items]):
            w(line + "\n")

    section(
        _t("report_added", lang),
        report.added,
        lambda c: ["+", c.key, f"{c.name} ({status_label(c.status, lang)})"],
    )
    section(
        _t("report_changed", lang),
        report.changed,
        lambda c: ["~", c.key, f"{c.name}: {_fields_text(c, lang)}"],
    )
    section(
        _t("report_removed", lang),
        report.removed,
        lambda c: [
            "-",
            c.key,
            c.name + (f" ({_t('report_file_invalid', lang)})" if c.file_left_invalid else ""),
        ],
    )
    section(
        _t("report_unpublished", lang),
        report.unpublished,
        lambda c: [
            "↓",
            c.key,
            f"{c.name}: {status_label(c.status_before or '', lang)} → "
            f"{status_label(c.status, lang)}",
        ],
    )
    section(
        _t("report_suppliers_added", lang), report.suppliers_added, lambda s: ["+", s.id, s.name]
    )
    section(
        _t("report_suppliers_changed", lang),
        report.suppliers_changed,
        lambda s: ["~", s.id, f"{s.name}: {', '.join(s.fields)}"],
    )
    section(
        _t("report_suppliers_removed", lang),
        report.suppliers_removed,
        lambda s: ["-", s.id, s.name],
    )
    section(
        _t("report_certificates", lang, days=report.expiry_days),
        report.certificates,
        lambda a: [
            "!" if a.expired else "·",
            a.key,
            f"{a.type.upper()} {a.number}",
            a.valid_until.isoformat(),
            _when_cert(a, lang),
            contact_text(a.contact),
        ],
    )
    section(
        _t("report_prices", lang),
        report.prices,
        lambda a: [
            "!",
            a.key,
            a.valid_until.isoformat(),
            _t("report_overdue", lang, days=a.days_overdue),
            contact_text(a.contact),
        ],
    )

    section(
        _t("report_curation", lang),
        report.curation,
        lambda d: [
            "?",
            d.id,
            curation_last(d, lang),
            _t("report_curation_todo", lang, todo="; ".join(curation_todo(d, lang)))
            if d.product_gaps or d.service_gaps
            else _t("report_nothing", lang),
        ],
    )

    ready, total = _active_complete(report)
    w(
        f"\n{_t('report_readiness', lang)}\n{_t('report_readiness_legend', lang)}\n"
        f"{_t('report_ready_count', lang, ready=ready, total=total)}\n"
    )
    for s in report.readiness:
        contact = ", ".join(x for x in (s.whatsapp and f"WA {s.whatsapp}", s.email) if x)
        w(f"\n{s.id} · {s.name}" + (f" · {contact}" if contact else "") + "\n")
        if not s.products:
            w(f"  {_t('report_none', lang)}\n")
            continue
        rows = [
            [
                _t("report_col_product", lang).lower(),
                _t("report_col_status", lang).lower(),
                _t("report_col_ready", lang).lower(),
                _t("report_col_to_fix", lang).lower(),
            ]
        ]
        for p in s.products:
            if p.status == "discontinued":
                fix = _t("report_not_offered", lang)
            else:
                fix = "; ".join(_to_fix(p, lang)) or _t("report_nothing", lang)
            rows.append([p.id, status_label(p.status, lang), _badge(p, lang).lower(), fix])
        for line in _table(rows):
            w(line + "\n")


# -- markdown ----------------------------------------------------------------------------
def _md(text: str) -> str:
    """Our own words in a table cell (supplier text goes through :func:`md_text`)."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines) + "\n"


def render_markdown(report, lang: Lang, out: TextIO) -> None:
    w = out.write
    col = lambda key: _t(f"report_col_{key}", lang)  # noqa: E731
    w(f"## {_t('report_title', lang)} · {report.today.isoformat()}\n\n")
    w("  \n".join(_md(line) for line in _header_lines(report, lang)) + "\n")

    def section(title: str, items, head: list[str], row: Callable[[Any], list[str]]) -> None:
        w(f"\n### {_md(title)} ({len(items)})\n\n")
        if not items:
            w(f"_{_t('report_none', lang)}_\n")
            return
        w(_md_table(head, [row(i) for i in items]))  # each row escapes its own cells

    code = lambda text: f"`{text}`"  # noqa: E731
    section(
        _t("report_added", lang),
        report.added,
        [col("product"), col("name"), col("status")],
        lambda c: [code(c.key), md_text(c.name), _md(status_label(c.status, lang))],
    )
    section(
        _t("report_changed", lang),
        report.changed,
        [col("product"), col("name"), col("fields")],
        lambda c: [code(c.key), md_text(c.name), _md(_fields_text(c, lang))],
    )
    section(
        _t("report_removed", lang),
        report.removed,
        [col("product"), col("name")],
        lambda c: [
            code(c.key),
            md_text(c.name)
            + (f" ({_md(_t('report_file_invalid', lang))})" if c.file_left_invalid else ""),
        ],
    )
    section(
        _t("report_unpublished", lang),
        report.unpublished,
        [col("product"), col("name"), col("status")],
        lambda c: [
            code(c.key),
            md_text(c.name),
            _md(f"{status_label(c.status_before or '', lang)} → {status_label(c.status, lang)}"),
        ],
    )
    section(
        _t("report_suppliers_added", lang),
        report.suppliers_added,
        [col("supplier"), col("name")],
        lambda s: [code(s.id), md_text(s.name)],
    )
    section(
        _t("report_suppliers_changed", lang),
        report.suppliers_changed,
        [col("supplier"), col("name"), col("fields")],
        lambda s: [code(s.id), md_text(s.name), _md(", ".join(s.fields))],
    )
    section(
        _t("report_suppliers_removed", lang),
        report.suppliers_removed,
        [col("supplier"), col("name")],
        lambda s: [code(s.id), md_text(s.name)],
    )
    section(
        _t("report_certificates", lang, days=report.expiry_days),
        report.certificates,
        [col("product"), col("certificate"), col("valid_until"), col("when"), col("contact")],
        lambda a: [
            code(a.key),
            md_text(f"{a.type.upper()} {a.number}"),
            a.valid_until.isoformat(),
            ("**" + _md(_when_cert(a, lang)) + "**") if a.expired else _md(_when_cert(a, lang)),
            md_text(contact_text(a.contact)),
        ],
    )
    section(
        _t("report_prices", lang),
        report.prices,
        [col("product"), col("valid_until"), col("when"), col("contact")],
        lambda a: [
            code(a.key),
            a.valid_until.isoformat(),
            _md(_t("report_overdue", lang, days=a.days_overdue)),
            md_text(contact_text(a.contact)),
        ],
    )

    section(
        _t("report_curation", lang),
        report.curation,
        [
            _t("report_curation_col_supplier", lang),
            _t("report_curation_col_last", lang),
            _t("report_curation_col_todo", lang),
        ],
        lambda d: [
            f"{md_text(d.name)} (`{d.id}`)",
            _md(curation_last(d, lang)),
            _md("; ".join(curation_todo(d, lang)) or _t("report_nothing", lang)),
        ],
    )

    ready, total = _active_complete(report)
    w(
        f"\n### {_t('report_readiness', lang)}\n\n{_md(_t('report_readiness_legend', lang))}  \n"
        f"{_t('report_ready_count', lang, ready=ready, total=total)}\n"
    )
    for s in report.readiness:
        contact = ", ".join(x for x in (s.whatsapp and f"WA {s.whatsapp}", s.email) if x)
        w(f"\n#### {md_text(s.name)} (`{s.id}`)\n\n")
        if contact:
            w(f"{md_text(contact)}\n\n")
        if not s.products:
            w(f"_{_t('report_none', lang)}_\n")
            continue
        rows = []
        for p in s.products:
            if p.status == "discontinued":
                must, should = _t("report_not_offered", lang), ""
            else:
                must = "; ".join(_to_fix(p, lang, True)) or "—"
                should = "; ".join(_to_fix(p, lang, False)) or "—"
            rows.append(
                [
                    code(p.id),
                    _md(status_label(p.status, lang)),
                    _badge(p, lang),
                    _md(must),
                    _md(should),
                ]
            )
        w(
            _md_table(
                [col("product"), col("status"), col("ready"), col("must"), col("should")], rows
            )
        )


# -- json --------------------------------------------------------------------------------
def _jsonable(value: Any) -> Any:
    if isinstance(value, Quantity):
        return {"quantity": value.quantity, "unit": value.unit}
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "id") and hasattr(value, "en") and not isinstance(value, dict):
        return {"id": value.id, "en": value.en}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def as_data(report, lang: Lang) -> dict[str, Any]:
    def product_change(c) -> dict[str, Any]:
        out = {"id": c.key, "name": c.name, "supplier": c.supplier, "status": c.status}
        if c.fields:
            out["fields"] = list(c.fields)
        if c.status_before is not None:
            out["status_before"] = c.status_before
        if c.photos:
            out["photos"] = list(c.photos)
        if c.file_left_invalid:
            out["file_left_invalid"] = True
        return out

    def contact(x) -> dict[str, Any]:
        return {
            "supplier": x.supplier,
            "supplier_name": x.supplier_name,
            "whatsapp": x.whatsapp,
            "email": x.email,
        }

    prev = report.previous
    ready, total = _active_complete(report)
    return {
        "report_format": REPORT_FORMAT_VERSION,
        "today": report.today.isoformat(),
        "catalog_version": report.catalog_version,
        "previous": None
        if prev is None
        else {
            "source": prev.source,
            "catalog_version": prev.catalog_version,
            "products": prev.products,
        },
        "counts": dict(report.counts),
        "validation": {"errors": report.errors, "warnings": report.warnings},
        "products": {
            k: [product_change(c) for c in getattr(report, k)]
            for k in ("added", "changed", "removed", "unpublished")
        },
        "suppliers": {
            "added": [{"id": s.id, "name": s.name} for s in report.suppliers_added],
            "changed": [
                {"id": s.id, "name": s.name, "fields": list(s.fields)}
                for s in report.suppliers_changed
            ],
            "removed": [{"id": s.id, "name": s.name} for s in report.suppliers_removed],
        },
        "certificates": {
            "within_days": report.expiry_days,
            "alerts": [
                {
                    "product": a.key,
                    "product_name": a.name,
                    "status": a.status,
                    "type": a.type,
                    "number": a.number,
                    "valid_until": a.valid_until.isoformat(),
                    "days_left": a.days,
                    "state": "expired" if a.expired else "expiring",
                    "message": _when_cert(a, lang),
                    **contact(a.contact),
                }
                for a in report.certificates
            ],
        },
        "prices": [
            {
                "product": a.key,
                "product_name": a.name,
                "status": a.status,
                "valid_until": a.valid_until.isoformat(),
                "days_overdue": a.days_overdue,
                **contact(a.contact),
            }
            for a in report.prices
        ],
        "curation": [
            {
                "supplier": d.id,
                "name": d.name,
                "whatsapp": d.whatsapp,
                "email": d.email,
                "assessed_on": d.assessed_on.isoformat() if d.assessed_on else None,
                "result": d.result,
                "assessor": d.assessor,
                "days_since": d.days,
                "product_gaps": [g.code for g in d.product_gaps],
                "service_gaps": list(d.service_gaps),
                "missing_certificates": list(d.missing_certificates),
                "last": curation_last(d, lang),
                "todo": curation_todo(d, lang),
            }
            for d in report.curation
        ],
        "readiness": {
            "active_complete": ready,
            "active_total": total,
            "suppliers": [
                {
                    "id": s.id,
                    "name": s.name,
                    "whatsapp": s.whatsapp,
                    "email": s.email,
                    "products": [
                        {
                            "id": p.key,
                            "name": p.name,
                            "status": p.status,
                            "export_ready": p.export_ready,
                            "complete": p.complete,
                            "gaps": [
                                {
                                    "code": g.code,
                                    "blocks_badge": g.blocks_badge,
                                    "params": _jsonable(g.params),
                                    "message": gap_text(g, lang),
                                }
                                for g in p.gaps
                            ],
                        }
                        for p in s.products
                    ],
                }
                for s in report.readiness
            ],
        },
    }


def render_json(report, lang: Lang, out: TextIO) -> None:
    json.dump(as_data(report, lang), out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}


# -- command -----------------------------------------------------------------------------
def _today(value: str | None) -> dt.date:
    from . import UsageError

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--today `{value}` bukan tanggal YYYY-MM-DD",
            f"--today `{value}` is not a YYYY-MM-DD date",
        ) from None


def _previous(args: argparse.Namespace) -> tuple[dict | None, str | None]:
    from . import UsageError

    if args.previous is not None and args.no_previous:
        raise UsageError(
            "pilih salah satu: --previous atau --no-previous",
            "choose one of --previous and --no-previous",
        )
    if args.no_previous:
        return None, None
    path = args.previous
    if path is None:
        if not DEFAULT_PREVIOUS.is_file():
            return None, None
        path = DEFAULT_PREVIOUS
    try:
        return read_manifest(path), path.as_posix()
    except ManifestError as exc:
        hint = (
            {
                "id": " (pakai --previous PATH atau --no-previous)",
                "en": " (pass --previous PATH or --no-previous)",
            }
            if args.previous is None
            else {"id": "", "en": ""}
        )
        raise UsageError(exc.text["id"] + hint["id"], exc.text["en"] + hint["en"]) from None


def cmd_report(args: argparse.Namespace) -> int:
    from ..core.catalogue import load_catalog
    from . import EXIT_OK, UsageError
    from ..build.report import SHARPNESS_CACHE, SharpnessStore, build_report
    from .publish import report_with_size

    today = _today(args.today)
    root: Path = args.products
    if not root.is_dir():
        raise UsageError(
            f"folder produk `{root}` tidak ditemukan", f"products folder `{root}` does not exist"
        )
    previous, source = _previous(args)
    catalog = load_catalog(root, today=today, keep_invalid=True)
    sharpness = SharpnessStore(root.absolute().parent / SHARPNESS_CACHE)
    report = build_report(catalog, previous, previous_source=source, sharpness=sharpness)
    sharpness.save()
    try:
        report_with_size(RENDERERS[args.format], report, args, sys.stdout)  # + site size
        sys.stdout.flush()
    except BrokenPipeError:  # `catalog report | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def register(sub: argparse._SubParsersAction, lang_arg) -> None:
    p = sub.add_parser(
        "report",
        help="laporan rilis / release report",
        description="Perubahan sejak rilis sebelumnya, sertifikat dan harga yang "
        "berakhir, kesiapan ekspor per pemasok / Changes since the "
        "previous release, expiring certificates and prices, export "
        "readiness per supplier",
    )
    p.add_argument(
        "--products",
        type=Path,
        default=Path("products"),
        metavar="PATH",
        help="folder of supplier folders (default: products/)",
    )
    p.add_argument(
        "--previous",
        type=Path,
        metavar="PATH",
        help=f"previous release's {MANIFEST_NAME} or its site/ folder "
        f"(default: {DEFAULT_PREVIOUS.as_posix()} when it exists)",
    )
    p.add_argument(
        "--no-previous",
        action="store_true",
        help="compare with nothing: every product is reported as added",
    )
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument(
        "--today", metavar="YYYY-MM-DD", help="date expiry is measured against (default: today)"
    )
    lang_arg(p)
    p.set_defaults(func=cmd_report)

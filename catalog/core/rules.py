"""Rules beyond single-field types: across fields, files, the clock.

Each rule is a small function yielding diagnostics; :func:`check_supplier` and
:func:`check_product` run them. ``today`` is passed in so tests and reports can
pin the date.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator, Literal

from . import vocab
from .diagnostics import START, Diagnostic, Text
from .codes import make
from .loader import Document
from .photo_privacy import has_location
from .schema_errors import missing_field, wrong_format
from .models import (
    CURATION_FIELDS,
    PRODUCT_ONLY_FIELDS,
    SERVICE_ONLY_FIELDS,
    SLUG,
    Certification,
    Curation,
    Product,
    Quantity,
    Service,
    Supplier,
)

EXPIRY_WARNING_DAYS = 90

PAGE_SEGMENT = "page"
"""The URL segment of a listing's further pages: page N of ``products/`` is at
``products/page/N/`` (:func:`catalog.site.generate.paged_path`). The catalogue lists
supplier folders at that same level (``products/<supplier>/``), so no supplier may be
called ``page`` (:data:`RESERVED_IDS`). Defined here, with the ids it reserves, so the
core needs nothing from the site."""

IdKind = Literal["supplier", "product"]

RESERVED_IDS: dict[IdKind, dict[str, Text]] = {
    "supplier": {
        PAGE_SEGMENT: Text(
            f"`products/{PAGE_SEGMENT}/2/` adalah halaman ke-2 katalog",
            f"`products/{PAGE_SEGMENT}/2/` is page 2 of the catalogue",
        ),
        "index": Text(
            "`suppliers/index.md` tampil di `suppliers/`, bukan di `suppliers/index/`",
            "`suppliers/index.md` is served at `suppliers/`, not `suppliers/index/`",
        ),
    },
    "product": {
        "index": Text(
            "`products/<pemasok>/index.md` tampil di `products/<pemasok>/`, bukan di "
            "`products/<pemasok>/index/`",
            "`products/<supplier>/index.md` is served at `products/<supplier>/`, not "
            "`products/<supplier>/index/`",
        ),
    },
}
"""Ids the site's URLs already use at the level where the id goes, with the reason (R323).

Supplier ids name folders under ``products/`` (English: ``en/products/``), beside the
catalogue's further pages (``products/page/N/``), and pages under ``suppliers/``;
product ids name pages under ``products/<supplier>/``. MkDocs serves an ``index.md`` at
its folder's URL. Every other fixed URL segment (``en``, ``media``, ``pagefind``,
``assets``, the feeds) lies at the site root, where no id goes."""

_ID_HOLDERS: dict[IdKind, tuple[Text, str]] = {
    "supplier": (Text("folder pemasok", "supplier folder"), "ud-contoh-jaya"),
    "product": (Text("berkas produk", "product file"), "tas-kulit-sapi.yaml"),
}


def certificate_valid(cert: Certification, today: dt.date) -> bool:
    return cert.valid_until is None or cert.valid_until >= today


def _cert_label(cert: Certification) -> str:
    return f"{cert.type.upper()} {cert.number}"


def normalized_cert_number(number: str) -> str:
    return number.replace(" ", "").replace(".", "").replace("-", "") if number else number


def compare_quantities(a: Quantity, b: Quantity) -> float | None:
    """a - b in a's dimension's base unit, or None when the units don't compare."""
    ua, ub = vocab.units()[a.unit], vocab.units()[b.unit]
    if ua.dimension != ub.dimension:
        return None
    return a.quantity * ua.factor - b.quantity * ub.factor


def resolve_inside(
    folder: Path, relative: str, real_folder: str | None = None
) -> tuple[Path | None, str | None]:
    """Resolve a photo path given in YAML; (path, None) or (None, error code).

    Rejects absolute paths, ``..`` and symlinks whose target leaves ``folder``.
    ``real_folder``: ``os.path.realpath(folder)`` when the caller knows it already.
    """
    rel = Path(relative)
    if (
        rel.is_absolute()
        or relative.startswith(("/", "\\"))
        or ".." in rel.parts
        or (len(relative) > 1 and relative[1] == ":")
    ):
        return None, "R304"
    candidate = folder / rel
    try:
        if not candidate.is_file():
            return None, "R303"
    except OSError:  # a name too long for the file system, say
        return None, "R303"
    base = real_folder if real_folder is not None else os.path.realpath(folder)
    real = real_below(base, rel.parts)
    if real is None:
        real = os.path.realpath(candidate)
    if os.path.commonpath([real, base]) != base:
        return None, "R304"
    return candidate, None


def real_below(real_folder: str, parts: tuple[str, ...]) -> str | None:
    """``os.path.realpath`` of ``parts`` below an already resolved folder, when no part
    is a symbolic link (None otherwise): a couple of ``lstat`` calls instead of one per
    component of the whole absolute path."""
    path = real_folder
    for part in parts:
        path = os.path.join(path, part)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return None
        except OSError:
            return None
    return path


def check_id(name: str, kind: IdKind, path: str) -> Diagnostic | None:
    """What is wrong with ``name`` as a supplier or product id (a folder or file name,
    reported at the start of ``path``): R301 when it is not a lowercase slug, R323 when
    the site's URLs reserve it (:data:`RESERVED_IDS`); None when it can be used."""
    if not SLUG.fullmatch(name):
        return make("R301", path, START, name=name)
    reason = RESERVED_IDS[kind].get(name)
    if reason is None:
        return None
    holder, example = _ID_HOLDERS[kind]
    return make(
        "R323",
        path,
        START,
        name=name,
        reason_id=reason.id,
        reason_en=reason.en,
        holder_id=holder.id,
        holder_en=holder.en,
        example=example,
    )


def _english(doc: Document, fields: Iterable[tuple[str, object]]) -> Iterator[Diagnostic]:
    for name, text in fields:
        if text is not None and not text.en:  # type: ignore[attr-defined]
            yield make("S210", doc.path, doc.pos((name,)), field=name)


def check_supplier(
    doc: Document, supplier: Supplier, folder: Path, real_folder: str | None = None
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if not (supplier.contact.whatsapp or supplier.contact.email):
        out.append(make("R320", doc.path, doc.pos(("contact",))))
    if supplier.logo:
        _, problem = resolve_inside(folder, supplier.logo, real_folder)
        if problem:
            out.append(make(problem, doc.path, doc.pos(("logo",)), file=supplier.logo))
    out.extend(_english(doc, [("description", supplier.description)]))
    return out


def check_product(
    doc: Document, product: Product, folder: Path, today: dt.date, real_folder: str | None = None
) -> list[Diagnostic]:
    """``real_folder``: ``os.path.realpath(folder)`` when the caller knows it already."""
    out: list[Diagnostic] = []
    out += _images(doc, product, folder, real_folder)
    out += _quantities(doc, product)
    out += _price(doc, product, today)
    out += _certificates(doc, product, today)
    out += _food(doc, product, today)
    out += _hs(doc, product)
    out += _port(doc, product)
    out += _english(doc, [("name", product.name), ("description", product.description)])
    lt = product.lead_time_days
    if lt.min > lt.max:
        out.append(make("R317", doc.path, doc.pos(("lead_time_days",)), min=lt.min, max=lt.max))
    return out


def _images(
    doc: Document, product: Product, folder: Path, real_folder: str | None
) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    if real_folder is None:
        real_folder = os.path.realpath(folder)
    for i, image in enumerate(product.images):
        same = os.path.normpath(image.file)  # `photos//a.jpg` and `./photos/a.jpg` are one file
        if same in seen:
            yield make("R321", doc.path, doc.pos(("images", i, "file")), file=image.file)
            continue
        seen.add(same)
        path, problem = resolve_inside(folder, image.file, real_folder)
        if problem:
            yield make(problem, doc.path, doc.pos(("images", i, "file")), file=image.file)
        elif path is not None and has_location(path):
            shown = os.path.join(os.path.dirname(doc.path), image.file)
            yield make(
                "I406", doc.path, doc.pos(("images", i, "file")), file=image.file, path=shown
            )


def _fmt_qty(q: Quantity) -> str:
    return f"{q.quantity} {q.unit}"


def _quantities(doc: Document, product: Product) -> Iterator[Diagnostic]:
    cap = product.capacity_per_month
    if cap is None:
        return
    diff = compare_quantities(cap, product.moq)
    if diff is None:
        yield make(
            "R314",
            doc.path,
            doc.pos(("capacity_per_month",)),
            unit_a=product.moq.unit,
            unit_b=cap.unit,
        )
    elif diff < 0:
        yield make(
            "R310",
            doc.path,
            doc.pos(("capacity_per_month",)),
            capacity=_fmt_qty(cap),
            moq=_fmt_qty(product.moq),
        )


def _price(doc: Document, product: Product, today: dt.date) -> Iterator[Diagnostic]:
    price = product.price
    if price.place and not price.basis:
        yield make("R328", doc.path, doc.pos(("price", "place")), place=price.place)
    if price.on_request:
        if price.tiers or price.currency:
            yield make("R322", doc.path, doc.pos(("price",)))
        return
    for field, example in (
        ("currency", "`currency: IDR`"),
        ("basis", "`basis: EXW`"),
        ("tiers", "`tiers: [{min_qty: 100, amount: 185000}]`"),
        ("valid_until", "`valid_until: 2027-06-30`"),
    ):
        if not getattr(price, field):
            yield missing_field(doc, ("price",), f"price.{field}", example)
    if price.tiers:
        first = price.tiers[0].min_qty
        if first < product.moq.quantity:
            yield make(
                "R309",
                doc.path,
                doc.pos(("price", "tiers", 0, "min_qty")),
                qty=first,
                moq=product.moq.quantity,
            )
        for i in range(1, len(price.tiers)):
            prev, cur = price.tiers[i - 1].min_qty, price.tiers[i].min_qty
            if cur <= prev:
                yield make(
                    "R308", doc.path, doc.pos(("price", "tiers", i, "min_qty")), qty=cur, prev=prev
                )
    if price.valid_until and price.valid_until < today:
        yield make(
            "R311", doc.path, doc.pos(("price", "valid_until")), date=price.valid_until.isoformat()
        )


def _certificates(
    doc: Document, product: Product | Service, today: dt.date
) -> Iterator[Diagnostic]:
    types = vocab.cert_types()
    for i, cert in enumerate(product.certifications):
        spec = types[cert.type]
        number = normalized_cert_number(cert.number)
        if spec.pattern and not spec.pattern.fullmatch(number):
            yield wrong_format(
                doc,
                ("certifications", i, "number"),
                f"certifications[{i}].number",
                cert.number,
                f'nomor {spec.label.id}, contoh: "{spec.example}"',
                f'a {spec.label.en} number, e.g. "{spec.example}"',
            )
        if cert.scheme and cert.type != "halal":
            yield wrong_format(
                doc,
                ("certifications", i, "scheme"),
                f"certifications[{i}].scheme",
                cert.scheme,
                "`scheme` hanya untuk sertifikat halal",
                "`scheme` only applies to halal certificates",
            )
        spot = f"certifications[{i}]"
        if spec.percentage and cert.percentage is None:
            yield make("R345", doc.path, doc.pos(("certifications", i)), field=spot)
        elif cert.percentage is not None and not spec.percentage:
            yield make(
                "R346",
                doc.path,
                doc.key_pos(("certifications", i, "percentage")),
                field=spot,
                cert=spec.label.id,
            )
        if cert.valid_until is None:
            continue
        days = (cert.valid_until - today).days
        if days < 0:
            yield make(
                "R313",
                doc.path,
                doc.pos(("certifications", i, "valid_until")),
                cert=_cert_label(cert),
                date=cert.valid_until.isoformat(),
            )
        elif days <= EXPIRY_WARNING_DAYS:
            yield make(
                "R312",
                doc.path,
                doc.pos(("certifications", i, "valid_until")),
                cert=_cert_label(cert),
                days=days,
                date=cert.valid_until.isoformat(),
            )


def valid_cert_types(product: Product | Service, today: dt.date) -> set[str]:
    return {c.type for c in product.certifications if certificate_valid(c, today)}


def _food(doc: Document, product: Product, today: dt.date) -> Iterator[Diagnostic]:
    category = vocab.categories()[product.category]
    if not category.is_food:
        for field in ("shelf_life_days", "storage"):
            if getattr(product, field) is not None:
                yield make("R315", doc.path, doc.key_pos((field,)), field=field)
        return
    if category.food != "processed":
        return
    valid = valid_cert_types(product, today)
    if valid >= {"halal", "pirt"} or valid >= {"halal", "bpom"}:
        return
    pos = doc.pos(("certifications",)) if "certifications" in doc.data else doc.pos(("category",))
    if not valid & {"pirt", "bpom"}:
        yield make("R306", doc.path, pos)
    if "halal" not in valid:
        yield make("R307", doc.path, pos)


def _hs(doc: Document, product: Product) -> Iterator[Diagnostic]:
    if not product.hs_code:
        return
    if vocab.hs_description(product.hs_code) is None:
        yield _unknown_hs(doc, product.hs_code)
        return
    category = vocab.categories()[product.category]
    if product.hs_code[:4] not in category.hs:
        yield make(
            "R316",
            doc.path,
            doc.pos(("hs_code",)),
            hs=product.hs_code,
            category=product.category,
            headings=", ".join(category.hs),
        )


def _unknown_hs(doc: Document, hs_code: str) -> Diagnostic:
    """R330: a subheading HS 2022 does not have, with the nearest ones that exist."""
    nearest = [
        f"{vocab.hs_dotted(c)} “{_shorten(vocab.hs2022().subheadings[c])}”"
        for c in vocab.hs_nearest(hs_code)
    ]
    return make("R330", doc.path, doc.pos(("hs_code",)), hs=hs_code, nearest=", ".join(nearest))


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;") + "…"


def _port(doc: Document, product: Product) -> Iterator[Diagnostic]:
    """R331: a port of loading that is not in the UN/LOCODE list of Indonesian ports."""
    code = product.port_of_loading
    if not code or vocab.port_name(code):
        return
    close = vocab.similar_ports(code, n=5) or ["IDSUB", "IDJKT", "IDMAK"]
    yield make(
        "R331",
        doc.path,
        doc.pos(("port_of_loading",)),
        port=code,
        close=", ".join(vocab.port_label(c) for c in close),
    )


# -- the catalogue's shape: files and folders ------------------------------------------------
def misplaced_file(shown: str) -> Diagnostic:
    """R319: a YAML file too deep, or a link to a file outside the catalogue."""
    return make("R319", shown, START, file=shown)


def linked_entry_file(shown: str) -> Diagnostic:
    """R324: an entry file that is a symbolic link (one folder would speak for another)."""
    return make("R324", shown, START, file=shown)


def same_product_id(name: str, shown: str, other: str) -> Diagnostic:
    """R325: ``tas.yaml`` beside ``tas.yml``: one product id, two files."""
    return make("R325", shown, START, name=name, file=shown, other=other)


def missing_supplier_file(shown: str, supplier_id: str) -> Diagnostic:
    """R302: a supplier folder whose files have no supplier.yaml beside them."""
    return make("R302", shown, START, supplier=supplier_id)


def same_product_name(doc: Document, name: str, other: str) -> Diagnostic:
    """R305: two products of one supplier with the same Indonesian name."""
    return make("R305", doc.path, doc.pos(("name",)), name=name, other=other)


def shared_identities(suppliers: Iterable[tuple[str, Document, Supplier]]) -> list[Diagnostic]:
    """One business, one folder: a NIB used by two suppliers is an error (R326) on the
    later folder; a shared WhatsApp number only a warning naming both (R327), since
    cooperatives sometimes share one admin. ``suppliers`` in folder-name order."""
    out: list[Diagnostic] = []
    nibs: dict[str, str] = {}
    phones: dict[str, str] = {}
    for supplier_id, doc, model in suppliers:
        first = nibs.setdefault(model.nib, supplier_id)
        if first != supplier_id:
            out.append(make("R326", doc.path, doc.pos(("nib",)), nib=model.nib, other=first))
        number = model.contact.whatsapp
        if number:
            first = phones.setdefault(number, supplier_id)
            if first != supplier_id:
                out.append(
                    make(
                        "R327",
                        doc.path,
                        doc.pos(("contact", "whatsapp")),
                        number=number,
                        other=first,
                    )
                )
    return out


# -- export-ready: computed, never declared ----------------------------------------------------
EXPORT_INCOTERMS = ("FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP")
"""Incoterms under which a seller delivers for export: every Incoterms 2020 rule but EXW
(ex works: the buyer clears the goods for export, which a foreign buyer usually cannot do
in Indonesia). DAP, DPU and DDP count: a product offered only on them in rupiah is still
not export-ready, by the price rule."""

EXPORT_GAPS = (
    "english",
    "hs_code",
    "capacity",
    "photos",
    "food_licence",
    "halal",
    "incoterm",
    "price_currency",
    "export_packing",
    "nib",
    "contact",
)
"""Every gap :func:`export_ready_gaps` can name, in the order it names them (the staff
report words each as ``report_gap_<code>`` in ui.yaml)."""


def export_ready_gaps(m: Product, supplier: Supplier | None, today: dt.date) -> list[str]:
    """What stands between a product and "export-ready" (empty list: ready).

    Computed, never declared (documented for suppliers on the join page):

    * English name and description;
    * an HS code (its format and HS 2022 subheading are checked by validation);
    * monthly capacity;
    * a photo;
    * the certificates its category requires, valid today: processed food
      (``food: processed`` in categories.yaml) needs P-IRT or BPOM, and halal;
    * an export Incoterm (:data:`EXPORT_INCOTERMS`: not EXW alone), in ``incoterms`` or
      as the price basis;
    * a price a foreign buyer can use: in a foreign currency (not IDR) or on request;
    * export packing (units, carton size, gross weight: what fits a container);
    * a supplier with NIB and a contact.
    """
    gaps: list[str] = []
    if not (m.name.en and m.description.en):
        gaps.append("english")
    if not m.hs_code:
        gaps.append("hs_code")
    if m.capacity_per_month is None:
        gaps.append("capacity")
    if not m.images:
        gaps.append("photos")
    if vocab.categories()[m.category].food == "processed":
        valid = valid_cert_types(m, today)
        if not valid & {"pirt", "bpom"}:
            gaps.append("food_licence")
        if "halal" not in valid:
            gaps.append("halal")
    terms = set(m.incoterms) | ({m.price.basis} if m.price.basis else set())
    if not terms & set(EXPORT_INCOTERMS):
        gaps.append("incoterm")
    if not m.price.on_request and m.price.currency == "IDR":
        gaps.append("price_currency")
    if m.export_packing is None:
        gaps.append("export_packing")
    if supplier is None or not supplier.nib:
        gaps.append("nib")
    if supplier is None or not (supplier.contact.whatsapp or supplier.contact.email):
        gaps.append("contact")
    return gaps


# -- services, government buyers, staff curation (issue 21) -------------------------------------
def entry_kind(data: object) -> str:
    """``"service"`` for a file that says ``kind: service``, else ``"product"`` (whatever
    else ``kind`` holds, the product model reports it)."""
    return "service" if isinstance(data, dict) and data.get("kind") == "service" else "product"


def misfiled_fields(doc: Document, supplier_id: str, kind: str | None) -> list[Diagnostic]:
    """Keys of a supplier's own file that belong elsewhere, each at its line: curation
    (R343, any file), service fields in a product (R341), product fields in a service
    (R342). ``kind``: None for supplier.yaml. The schema's "unknown field" (S201) for the
    same keys is dropped by :func:`without_misfiled`."""
    out: list[Diagnostic] = []
    if not isinstance(doc.data, dict):
        return out
    for key in doc.data:
        if key in CURATION_FIELDS:
            out.append(make("R343", doc.path, doc.key_pos((key,)), field=key, supplier=supplier_id))
        elif kind == "product" and key in SERVICE_ONLY_FIELDS:
            out.append(make("R341", doc.path, doc.key_pos((key,)), field=key))
        elif kind == "service" and key in PRODUCT_ONLY_FIELDS:
            out.append(
                make(
                    "R342",
                    doc.path,
                    doc.key_pos((key,)),
                    field=key,
                    instead=_SERVICE_INSTEAD.get(key, "`service`, `areas`, `capacity`"),
                )
            )
    return out


_SERVICE_INSTEAD = {
    "category": "`service` (laundry, catering, …)",
    "moq": "`min_order`",
    "capacity_per_month": "`capacity: {quantity, unit, per: day|week|month}`",
    "lead_time_days": "`turnaround: {min, max, unit: hour|day}`",
}


def without_misfiled(diagnostics: list[Diagnostic], misfiled: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` less the S201 "unknown field" errors at a key :func:`misfiled_fields`
    explained better."""
    spots = {(d.line, d.column) for d in misfiled}
    return [d for d in diagnostics if not (d.code == "S201" and (d.line, d.column) in spots)]


def check_service(
    doc: Document, service: Service, folder: Path, today: dt.date, real_folder: str | None = None
) -> list[Diagnostic]:
    """The rules of one service file (photos and certificates as for products)."""
    out: list[Diagnostic] = []
    out += _images(doc, service, folder, real_folder)  # type: ignore[arg-type]
    out += _certificates(doc, service, today)
    spec = vocab.services()[service.service]
    units = [
        (("capacity", "unit"), service.capacity.unit),
        (("min_order", "unit"), service.min_order.unit if service.min_order else None),
        (("price", "unit"), service.price.unit),
    ]
    for loc, unit in units:
        if unit is not None and unit not in spec.units:
            out.append(
                make(
                    "R340",
                    doc.path,
                    doc.pos(loc),
                    field=".".join(loc),
                    unit=unit,
                    service=spec.label.id,
                    allowed=", ".join(spec.units),
                )
            )
    price = service.price
    if price.on_request:
        if price.amount is not None or price.currency:
            out.append(make("R347", doc.path, doc.pos(("price",))))
    else:
        for field, example in (
            ("currency", "`currency: IDR`"),
            ("amount", "`amount: 9000`"),
            ("unit", f"`unit: {spec.units[0]}`"),
            ("valid_until", "`valid_until: 2027-06-30`"),
        ):
            if getattr(price, field) is None:
                out.append(missing_field(doc, ("price",), f"price.{field}", example))
        if price.valid_until and price.valid_until < today:
            out.append(
                make(
                    "R311",
                    doc.path,
                    doc.pos(("price", "valid_until")),
                    date=price.valid_until.isoformat(),
                )
            )
    ta = service.turnaround
    if ta.min > ta.max:
        out.append(make("R348", doc.path, doc.pos(("turnaround",)), min=ta.min, max=ta.max))
    out += _english(doc, [("name", service.name), ("description", service.description)])
    return out


LOCAL_GAPS = ("english", "photos", "certificates", "price", "nib", "contact")
"""Every gap :func:`local_ready_gaps` can name, in order (``report_local_gap_<code>`` in
ui.yaml words each for the staff report)."""


def missing_certificates(service: Service, today: dt.date) -> list[str]:
    """Certificate types the service's kind requires (``services.yaml``) that it has no
    valid one of, in the vocabulary's order."""
    valid = valid_cert_types(service, today)
    return [c for c in vocab.services()[service.service].requires if c not in valid]


def local_ready_gaps(m: Service, supplier: Supplier | None, today: dt.date) -> list[str]:
    """What stands between a service and "ready for local buyers" (empty: ready): English
    name and description, a photo, the certificates its kind requires, valid today
    (:func:`missing_certificates`: halal and SLHS for catering), a price or price on request
    that is still valid, a supplier with NIB and a contact. Computed, never declared."""
    gaps: list[str] = []
    if not (m.name.en and m.description.en):
        gaps.append("english")
    if not m.images:
        gaps.append("photos")
    if missing_certificates(m, today):
        gaps.append("certificates")
    if not m.price.on_request and (m.price.valid_until is None or m.price.valid_until < today):
        gaps.append("price")
    if supplier is None or not supplier.nib:
        gaps.append("nib")
    if supplier is None or not (supplier.contact.whatsapp or supplier.contact.email):
        gaps.append("contact")
    return gaps


def check_curation(
    doc: Document, curation: Curation, supplier_id: str, known: bool | None, today: dt.date
) -> list[Diagnostic]:
    """curation/<supplier-id>.yaml: the supplier must exist (R344; ``known`` None: not
    judged, as when one folder is validated) and no assessment may lie in the future
    (R349)."""
    out: list[Diagnostic] = []
    if known is False:
        example = supplier_id if SLUG.fullmatch(supplier_id) else "kopwan-mitra-surabaya"
        out.append(make("R344", doc.path, START, supplier=supplier_id, example=example))
    for i, a in enumerate(curation.assessments):
        if a.assessed_on > today:
            out.append(
                make(
                    "R349",
                    doc.path,
                    doc.pos(("assessments", i, "assessed_on")),
                    field=f"assessments[{i}].assessed_on",
                    date=a.assessed_on.isoformat(),
                )
            )
    return out

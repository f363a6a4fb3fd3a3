"""Load a whole catalogue folder: discover, parse, validate, apply rules.

``products/<supplier-id>/supplier.yaml`` and ``products/<supplier-id>/<product-id>.yaml``;
photos anywhere inside the supplier's folder. The result is a :class:`Catalog`
holding typed entries (with their source documents, for positions) and every
diagnostic found. Entries with errors are left out of the catalogue.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import vocab
from .diagnostics import CatalogError, Diagnostic, START, make
from .loader import Document, load_file
from .models import SLUG, Product, Supplier
from .rules import check_product, check_supplier, valid_cert_types
from .schema_errors import validate_model

SUPPLIER_FILE = "supplier.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SupplierEntry:
    id: str
    folder: Path
    doc: Document
    model: Supplier

    @property
    def region(self) -> vocab.Region:
        return vocab.regions()[self.model.region]

    @property
    def province(self) -> vocab.Region:
        return vocab.province_of(self.model.region)


@dataclass(frozen=True)
class ProductEntry:
    id: str
    supplier_id: str
    file: Path
    doc: Document
    model: Product

    @property
    def key(self) -> str:
        return f"{self.supplier_id}/{self.id}"

    @property
    def folder(self) -> Path:
        return self.file.parent


@dataclass
class Catalog:
    root: Path
    today: dt.date
    suppliers: dict[str, SupplierEntry] = field(default_factory=dict)
    products: dict[str, ProductEntry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    def published(self) -> list[ProductEntry]:
        """Active products of known suppliers, in a stable order."""
        return [p for k, p in sorted(self.products.items())
                if p.model.status == "active" and p.supplier_id in self.suppliers]

    def supplier_of(self, product: ProductEntry) -> SupplierEntry:
        return self.suppliers[product.supplier_id]

    def export_ready_gaps(self, product: ProductEntry) -> list[str]:
        return export_ready_gaps(product, self.suppliers.get(product.supplier_id), self.today)


def export_ready_gaps(product: ProductEntry, supplier: SupplierEntry | None,
                      today: dt.date) -> list[str]:
    """What stands between a product and "export-ready" (empty list: ready).

    Computed, never declared: English name and description, HS code, capacity,
    MOQ, a photo, the certificates its category requires (valid), and a
    supplier with NIB and a contact.
    """
    m = product.model
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
    if supplier is None or not supplier.model.nib:
        gaps.append("nib")
    if supplier is None or not (supplier.model.contact.whatsapp or supplier.model.contact.email):
        gaps.append("contact")
    return gaps


def display_path(path: Path) -> str:
    """Path as users see it: relative to the working directory when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return path.as_posix()


def _load(path: Path, model, diagnostics: list[Diagnostic]):
    shown = display_path(path)
    try:
        doc = load_file(path, shown)
    except CatalogError as exc:
        diagnostics.extend(exc.diagnostics)
        return None, None
    except OSError as exc:
        diagnostics.append(make("Y101", shown, START, problem=exc.strerror or str(exc)))
        return None, None
    instance, problems = validate_model(doc, model)
    diagnostics.extend(problems)
    return doc, instance


def _inside(path: Path, real_root: str) -> bool:
    real = os.path.realpath(path)
    return os.path.commonpath([real, real_root]) == real_root


def discover(root: Path, suppliers: Iterable[str] | None = None
             ) -> tuple[dict[str, list[Path]], list[Diagnostic]]:
    """Supplier folder name -> its YAML files (supplier.yaml first), plus misplaced files.

    ``suppliers``: look only into these supplier folders (None: the whole catalogue).
    """
    found: dict[str, list[Path]] = {}
    problems: list[Diagnostic] = []
    chosen = None if suppliers is None else set(suppliers)
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        depth = len(here.relative_to(root).parts)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and (depth or chosen is None or d in chosen))
        if depth == 0 and chosen is not None:
            filenames = []  # files beside the supplier folders are not part of the request
        for name in sorted(filenames):
            if not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            if depth != 1 or not _inside(here / name, real_root):
                # too deep, or a link to a file elsewhere on the machine: never read it
                problems.append(make("R319", display_path(here / name), START,
                                     file=display_path(here / name)))
                continue
            found.setdefault(here.name, []).append(here / name)
        if depth == 0:
            for d in dirnames:
                found.setdefault(d, [])
    for files in found.values():
        files.sort(key=lambda p: (p.name != SUPPLIER_FILE, p.name))
    return found, problems


def load_catalog(root: Path, *, today: dt.date | None = None,
                 only: Iterable[Path] | None = None, keep_invalid: bool = False) -> Catalog:
    """Load and check every supplier folder under ``root``.

    ``only``: validate just these files or supplier folders (their supplier.yaml
    is always read, since product rules depend on it).
    ``keep_invalid``: also keep entries whose file parses into a typed model but
    breaks a rule (an expired price, an expired food licence): the staff report
    lists what to fix in them. Builds never set it.
    """
    today = today or dt.date.today()
    catalog = Catalog(root=root, today=today)
    wanted = _wanted(root, only)
    found, problems = discover(root, None if wanted is None else wanted.keys())
    catalog.diagnostics += problems
    names: dict[tuple[str, str], str] = {}
    for supplier_id, files in sorted(found.items()):
        folder = root / supplier_id
        if wanted is not None and supplier_id not in wanted:
            continue
        if not files:
            continue
        if files[0].name != SUPPLIER_FILE:
            catalog.diagnostics.append(make("R302", display_path(files[0]), START,
                                            supplier=supplier_id))
        if not SLUG.fullmatch(supplier_id):
            catalog.diagnostics.append(make("R301", display_path(files[0]), START,
                                            name=supplier_id))
        supplier_ok = False
        for file in files:
            if wanted is not None and wanted[supplier_id] and file.name != SUPPLIER_FILE \
                    and file not in wanted[supplier_id]:
                continue
            catalog.files += 1
            if file.name == SUPPLIER_FILE:
                doc, model = _load(file, Supplier, catalog.diagnostics)
                if model is None:
                    continue
                problems = check_supplier(doc, model, folder)
                catalog.diagnostics += problems
                if (keep_invalid or not any(p.is_error for p in problems)) \
                        and SLUG.fullmatch(supplier_id):
                    catalog.suppliers[supplier_id] = SupplierEntry(supplier_id, folder, doc, model)
                    supplier_ok = True
                continue
            product_id = file.stem
            if not SLUG.fullmatch(product_id):
                catalog.diagnostics.append(make("R301", display_path(file), START, name=product_id))
            doc, model = _load(file, Product, catalog.diagnostics)
            if model is None:
                continue
            problems = check_product(doc, model, folder, today)
            name_key = (supplier_id, model.name.id.casefold())
            if name_key in names:
                problems.append(make("R305", doc.path, doc.pos(("name",)), name=model.name.id,
                                     other=names[name_key]))
            else:
                names[name_key] = doc.path
            catalog.diagnostics += problems
            if supplier_ok and (keep_invalid or not any(p.is_error for p in problems)) \
                    and SLUG.fullmatch(product_id):
                entry = ProductEntry(product_id, supplier_id, file, doc, model)
                catalog.products[entry.key] = entry
    catalog.diagnostics.sort()
    return catalog


def _wanted(root: Path, only: Iterable[Path] | None) -> dict[str, set[Path]] | None:
    """Supplier id -> chosen files (empty set: the whole folder); None: everything."""
    if not only:
        return None
    wanted: dict[str, set[Path]] = {}
    base = root.resolve()
    for path in only:
        resolved = path.resolve()
        if resolved == base:
            return None
        rel = resolved.relative_to(base)
        supplier = rel.parts[0]
        if len(rel.parts) == 1:
            wanted[supplier] = set()
        elif supplier not in wanted or wanted[supplier]:
            wanted.setdefault(supplier, set()).add(root / rel)
    return wanted

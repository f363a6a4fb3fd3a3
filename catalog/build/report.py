"""The staff release report, as data: what changed, what expires, what to fix.

Pure logic over a loaded :class:`~catalog.core.catalogue.Catalog` (loaded with
``keep_invalid=True``, so entries with an expired price still count) and the
previous release's manifest (:mod:`catalog.site.manifest`); rendering lives in
:mod:`catalog.cli.report`.

* changes since the previous release: products added / changed (which fields) /
  removed / unpublished (active -> draft or discontinued); suppliers added /
  changed / removed;
* certificates expired or expiring within :data:`~catalog.core.rules.EXPIRY_WARNING_DAYS`
  days and prices past ``valid_until``, with the supplier's name and WhatsApp so
  staff can call;
* export readiness per supplier ("business clinic"): for every product what is
  missing before it can be offered for export. Two kinds of gap:

  - ``blocks_badge``: the site's export-ready definition
    (:func:`catalog.core.rules.export_ready_gaps`): English text, HS
    code, capacity, a photo, valid P-IRT/BPOM and halal for processed food, an
    export Incoterm (not EXW alone), a price in a foreign currency or on request,
    export packing, a supplier with NIB and contact;
  - advice before exporting: monthly capacity of at least one 20-ft container
    (``catalog/data/containers.yaml``, approximations), at least
    :data:`MIN_PHOTOS` photos, each sharp enough (:func:`photo_sharpness`), and
    named export markets.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .. import __version__

from ..core import vocab
from ..core.catalogue import Catalog, ProductEntry, SupplierEntry
from ..core.diagnostics import Text, count
from ..site.manifest import build_manifest, file_sha256
from ..core.models import Product, Quantity, Supplier
from ..core.rules import EXPIRY_WARNING_DAYS, missing_certificates

MIN_PHOTOS = 3
"""Photos a buyer expects before ordering abroad: front, detail, packaging/scale."""

SHARPNESS_SIZE = 512
"""Long side (px) the photo is reduced to before measuring, so every photo is
judged at the same scale, whatever the camera's resolution."""

SHARPNESS_MIN = 100.0
"""Least variance of the Laplacian (4-neighbour, 8-bit greyscale at
:data:`SHARPNESS_SIZE` px) of a sharp photo. Calibrated on the sample and test
photos: in-focus shots score 218-1,100; the same photos blurred by a Gaussian of
~4 px radius per 1,600 px (clearly out of focus or shaken) score 24-132. A
heuristic: it catches clearly blurred photos, not slightly soft ones, and a
plain, low-texture subject on a plain background can score low while sharp."""


# -- data -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Container:
    """Capacity threshold of one container per unit dimension (base units)."""

    label: Text
    thresholds: dict[str, float]
    shown: dict[str, Quantity]


@cache
def container() -> Container:
    raw = yaml.safe_load(
        resources.files("catalog.data").joinpath("containers.yaml").read_text(encoding="utf-8")
    )
    units = vocab.units()
    thresholds, shown = {}, {}
    for dimension, spec in raw["dimensions"].items():
        unit = units[spec["unit"]]
        if unit.dimension != dimension:
            raise ValueError(f"containers.yaml: `{spec['unit']}` is not a {dimension} unit")
        thresholds[dimension] = spec["quantity"] * unit.factor
        shown[dimension] = Quantity(quantity=spec["quantity"], unit=spec["unit"])
    return Container(Text(raw["container"]["id"], raw["container"]["en"]), thresholds, shown)


# -- photos ---------------------------------------------------------------------------
def photo_sharpness(path: Path) -> float | None:
    """Variance of the Laplacian of the photo reduced to :data:`SHARPNESS_SIZE` px, greyscale.

    None when the file cannot be read or decoded. JPEGs are decoded at a
    reduced scale (``draft``): ~20-50 ms a photo, which is why
    :class:`SharpnessStore` keeps the scores between runs.
    """
    from PIL import Image, ImageFilter, ImageStat

    from ..images.verify import register_plugins

    register_plugins()
    laplacian = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)
    try:
        with Image.open(path) as im:
            im.draft("L", (SHARPNESS_SIZE, SHARPNESS_SIZE))
            grey = im.convert("L")
            grey.thumbnail((SHARPNESS_SIZE, SHARPNESS_SIZE), Image.Resampling.LANCZOS)
            return round(ImageStat.Stat(grey.filter(laplacian)).var[0], 1)
    except Exception:  # noqa: BLE001 - any undecodable photo is "unreadable"
        return None


SHARPNESS_CACHE = Path(".cache") / "report" / "sharpness.json"
"""Where :class:`SharpnessStore` keeps scores, relative to the project (products/'s parent)."""


class SharpnessStore:
    """Sharpness scores by the photo's source SHA-256, kept in a small JSON file.

    A release report of a large catalogue decodes every photo once, ever: the
    next run (and CI, which restores ``.cache/`` with the image cache) reads the
    scores. The file is dropped when the measuring method or Pillow changes.
    Without a ``path`` it only remembers within the process.
    """

    def __init__(self, path: Path | None = None):
        from PIL import __version__ as pillow

        self.path = path
        self.method = f"laplacian-var/{SHARPNESS_SIZE}px/pillow-{pillow}"
        self.scores: dict[str, float | None] = {}
        self.dirty = False
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("method") == self.method and isinstance(data.get("scores"), dict):
                    self.scores = data["scores"]
            except (OSError, ValueError, AttributeError):
                pass  # no cache yet, or an unreadable one: measure again

    def get(self, photo: Path) -> float | None:
        digest = file_sha256(photo)
        if digest is None:
            return None
        if digest not in self.scores:
            self.scores[digest] = photo_sharpness(photo)
            self.dirty = True
        return self.scores[digest]

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            tmp.write_text(
                json.dumps({"method": self.method, "scores": self.scores}, sort_keys=True, indent=0)
                + "\n",
                encoding="utf-8",
            )
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            pass  # a read-only checkout: the report still works, just slower next time


# -- results --------------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    """One thing to fix; ``params`` fill the message (``report_gap_<code>`` in ui.yaml)."""

    code: str
    blocks_badge: bool
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductReadiness:
    key: str
    id: str
    name: str
    status: str
    export_ready: bool
    """The site's badge (no ``blocks_badge`` gap)."""
    gaps: tuple[Gap, ...]

    @property
    def complete(self) -> bool:
        return self.status != "discontinued" and not self.gaps


@dataclass(frozen=True)
class SupplierReadiness:
    id: str
    name: str
    whatsapp: str | None
    email: str | None
    products: tuple[ProductReadiness, ...]


@dataclass(frozen=True)
class ProductChange:
    key: str
    name: str
    supplier: str
    status: str
    fields: tuple[str, ...] = ()
    status_before: str | None = None
    photos: tuple[str, ...] = ()
    """Photo files whose bytes changed (same file name, new picture)."""
    file_left_invalid: bool = False
    """Removed from the catalogue but its YAML file is still there: it has errors."""


@dataclass(frozen=True)
class SupplierChange:
    id: str
    name: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    supplier: str
    supplier_name: str
    whatsapp: str | None
    email: str | None


@dataclass(frozen=True)
class CertificateAlert:
    key: str
    name: str
    status: str
    contact: Contact
    type: str
    number: str
    valid_until: dt.date
    days: int
    """Days from ``today`` to ``valid_until``: negative once expired."""

    @property
    def expired(self) -> bool:
        return self.days < 0


@dataclass(frozen=True)
class PriceAlert:
    key: str
    name: str
    status: str
    contact: Contact
    valid_until: dt.date
    days_overdue: int


@dataclass(frozen=True)
class PreviousRelease:
    source: str
    catalog_version: str | None
    products: int


@dataclass(frozen=True)
class Report:
    today: dt.date
    catalog_version: str
    previous: PreviousRelease | None
    counts: dict[str, int]
    errors: int
    warnings: int
    added: tuple[ProductChange, ...]
    changed: tuple[ProductChange, ...]
    removed: tuple[ProductChange, ...]
    unpublished: tuple[ProductChange, ...]
    suppliers_added: tuple[SupplierChange, ...]
    suppliers_changed: tuple[SupplierChange, ...]
    suppliers_removed: tuple[SupplierChange, ...]
    certificates: tuple[CertificateAlert, ...]
    prices: tuple[PriceAlert, ...]
    readiness: tuple[SupplierReadiness, ...]
    expiry_days: int = EXPIRY_WARNING_DAYS
    curation: tuple[CurationDue, ...] = ()
    """Suppliers due for a staff assessment (issue 21), by supplier id."""


@dataclass(frozen=True)
class CurationDue:
    """A supplier never assessed, or last assessed more than a year before the report's
    ``today``, with its to-do list for the clinic: the gaps of its products (export
    readiness, :func:`readiness`) and services (:meth:`Catalog.local_ready_gaps`)."""

    id: str
    name: str
    whatsapp: str | None
    email: str | None
    assessed_on: dt.date | None
    """The latest assessment's date; None: never assessed."""
    result: str | None
    assessor: str | None
    days: int | None
    """Days from ``assessed_on`` to the report's ``today``."""
    product_gaps: tuple[Gap, ...]
    """The gaps of its active and draft products, each code once, in the order first met."""
    service_gaps: tuple[str, ...]
    """The codes of :data:`catalog.core.rules.LOCAL_GAPS` its services still have."""
    missing_certificates: tuple[str, ...] = ()
    """Certificate types its services' kinds require and it lacks (halal for catering)."""


# -- comparison -----------------------------------------------------------------------
def _field_order(model: type[Product] | type[Supplier]):
    order = {name: i for i, name in enumerate(model.model_fields)}

    def key(name: str) -> tuple[int, str]:
        return order.get(name.split(".")[0], len(order)), name

    return key


def changed_fields(before: dict[str, str], after: dict[str, str], model) -> tuple[str, ...]:
    names = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return tuple(sorted(names, key=_field_order(model)))


def _changed_photos(before: list[dict], after: list[dict]) -> tuple[str, ...]:
    old = {p["file"]: p.get("sha256") for p in before}
    return tuple(
        sorted(p["file"] for p in after if p["file"] in old and old[p["file"]] != p.get("sha256"))
    )


def compare(catalog: Catalog, previous: dict[str, Any] | None) -> dict[str, tuple]:
    """Added/changed/removed/unpublished products and suppliers, current vs previous."""
    now = build_manifest(catalog)
    before_p = (previous or {}).get("products", {})
    before_s = (previous or {}).get("suppliers", {})
    added, changed, removed, unpublished = [], [], [], []
    for key, cur in now["products"].items():
        old = before_p.get(key)
        if old is None:
            added.append(ProductChange(key, cur["name"], cur["supplier"], cur["status"]))
            continue
        fields = changed_fields(old.get("fields", {}), cur["fields"], Product)
        photos = _changed_photos(old.get("photos", []), cur["photos"])
        if photos:
            fields = (*fields, "photos")
        if not fields and old.get("hash") == cur["hash"]:
            continue
        change = ProductChange(
            key, cur["name"], cur["supplier"], cur["status"], fields, old.get("status"), photos
        )
        if old.get("status") == "active" and cur["status"] != "active":
            unpublished.append(change)
            if set(fields) <= {"status"}:
                continue
        changed.append(change)
    for key, old in before_p.items():
        if key not in now["products"]:
            supplier, _, product = key.partition("/")
            file_there = any(
                (catalog.root / supplier / f"{product}{suffix}").is_file()
                for suffix in (".yaml", ".yml")
            )
            removed.append(
                ProductChange(
                    key,
                    old.get("name", key),
                    old.get("supplier", supplier),
                    old.get("status", ""),
                    file_left_invalid=file_there,
                )
            )
    s_added, s_changed, s_removed = [], [], []
    for sid, cur in now["suppliers"].items():
        old = before_s.get(sid)
        if old is None:
            s_added.append(SupplierChange(sid, cur["name"]))
            continue
        fields = changed_fields(old.get("fields", {}), cur["fields"], Supplier)
        if old.get("logo") != cur["logo"] and "logo" not in fields:
            fields = (*fields, "logo")
        if fields or old.get("hash") != cur["hash"]:
            s_changed.append(SupplierChange(sid, cur["name"], fields))
    for sid, old in before_s.items():
        if sid not in now["suppliers"]:
            s_removed.append(SupplierChange(sid, old.get("name", sid)))
    return {
        "added": tuple(added),
        "changed": tuple(changed),
        "removed": tuple(removed),
        "unpublished": tuple(unpublished),
        "suppliers_added": tuple(s_added),
        "suppliers_changed": tuple(s_changed),
        "suppliers_removed": tuple(s_removed),
    }


# -- alerts ---------------------------------------------------------------------------
def contact_of(supplier: SupplierEntry) -> Contact:
    c = supplier.model.contact
    return Contact(supplier.id, supplier.model.name, c.whatsapp, c.email)


def _entries(catalog: Catalog) -> list[tuple[ProductEntry, SupplierEntry]]:
    return [
        (p, catalog.suppliers[p.supplier_id])
        for _, p in sorted(catalog.products.items())
        if p.supplier_id in catalog.suppliers
    ]


def certificate_alerts(
    catalog: Catalog, today: dt.date, days: int = EXPIRY_WARNING_DAYS
) -> tuple[CertificateAlert, ...]:
    """Certificates expired or expiring within ``days`` (discontinued products left out)."""
    out = []
    for entry, supplier in _entries(catalog):
        m = entry.model
        if m.status == "discontinued":
            continue
        for cert in m.certifications:
            if cert.valid_until is None:
                continue
            left = (cert.valid_until - today).days
            if left <= days:
                out.append(
                    CertificateAlert(
                        entry.key,
                        m.name.id,
                        m.status,
                        contact_of(supplier),
                        cert.type,
                        cert.number,
                        cert.valid_until,
                        left,
                    )
                )
    return tuple(sorted(out, key=lambda a: (a.valid_until, a.key, a.type)))


def price_alerts(catalog: Catalog, today: dt.date) -> tuple[PriceAlert, ...]:
    """Prices past ``valid_until`` (every status: an expired price stops the build)."""
    out = []
    for entry, supplier in _entries(catalog):
        price = entry.model.price
        if not price.on_request and price.valid_until and price.valid_until < today:
            out.append(
                PriceAlert(
                    entry.key,
                    entry.model.name.id,
                    entry.model.status,
                    contact_of(supplier),
                    price.valid_until,
                    (today - price.valid_until).days,
                )
            )
    return tuple(sorted(out, key=lambda a: (a.valid_until, a.key)))


# -- readiness ------------------------------------------------------------------------
def _capacity_gap(m: Product) -> Gap | None:
    cap = m.capacity_per_month
    if cap is None:
        return None
    unit = vocab.units()[cap.unit]
    box = container()
    need = box.thresholds.get(unit.dimension)
    if need is None or cap.quantity * unit.factor >= need:
        return None
    return Gap(
        "container",
        False,
        {"capacity": cap, "threshold": box.shown[unit.dimension], "container": box.label},
    )


def readiness_gaps(
    entry: ProductEntry,
    supplier: SupplierEntry,
    catalog: Catalog,
    sharpness: SharpnessStore | None = None,
) -> list[Gap]:
    """Everything to fix before ``entry`` can be offered for export (empty: nothing)."""
    sharpness = sharpness or SharpnessStore()
    m = entry.model
    gaps: list[Gap] = []
    for code in catalog.export_ready_gaps(entry):
        params: dict[str, Any] = {}
        if code == "english":
            params["fields"] = [f for f in ("name", "description") if not getattr(m, f).en]
        gaps.append(Gap(code, True, params))
    capacity = _capacity_gap(m)
    if capacity:
        gaps.append(capacity)
    if 0 < len(m.images) < MIN_PHOTOS:
        gaps.append(Gap("photo_count", False, {"count": len(m.images), "min": MIN_PHOTOS}))
    blurry, unreadable = [], []
    for image in m.images:
        score = sharpness.get(entry.folder / image.file)
        if score is None:
            unreadable.append(image.file)
        elif score < SHARPNESS_MIN:
            blurry.append({"file": image.file, "sharpness": score})
    if blurry:
        gaps.append(Gap("photo_blurry", False, {"photos": blurry, "min": SHARPNESS_MIN}))
    if unreadable:
        gaps.append(Gap("photo_unreadable", False, {"files": unreadable}))
    if not (m.export_markets or supplier.model.export_markets):
        gaps.append(Gap("export_markets", False))
    return gaps


def readiness(
    catalog: Catalog, sharpness: SharpnessStore | None = None
) -> tuple[SupplierReadiness, ...]:
    """Per supplier (by id), every product (by id) and what it lacks.

    Discontinued products are listed with their status and no gaps: nothing to fix.
    """
    sharpness = sharpness or SharpnessStore()
    rows: dict[str, list[ProductReadiness]] = {sid: [] for sid in catalog.suppliers}
    for entry, supplier in _entries(catalog):
        m = entry.model
        gaps = (
            ()
            if m.status == "discontinued"
            else tuple(readiness_gaps(entry, supplier, catalog, sharpness))
        )
        rows[supplier.id].append(
            ProductReadiness(
                entry.key, entry.id, m.name.id, m.status, not catalog.export_ready_gaps(entry), gaps
            )
        )
    return tuple(
        SupplierReadiness(
            sid, s.model.name, s.model.contact.whatsapp, s.model.contact.email, tuple(rows[sid])
        )
        for sid, s in sorted(catalog.suppliers.items())
    )


def curation_due(catalog: Catalog, rows: tuple[SupplierReadiness, ...]) -> tuple[CurationDue, ...]:
    """Suppliers whose staff assessment is due (:meth:`Catalog.assessment_due`: never, or
    more than :data:`catalog.core.catalogue.CURATION_MAX_AGE_DAYS` before ``catalog.today``),
    by id, each with what it still needs."""
    readiness_by_id = {r.id: r for r in rows}
    out: list[CurationDue] = []
    for sid, supplier in sorted(catalog.suppliers.items()):
        if not catalog.assessment_due(sid):
            continue
        latest = catalog.assessment(sid)
        gaps: dict[str, Gap] = {}
        row = readiness_by_id.get(sid)
        for product in row.products if row else ():
            for gap in product.gaps:
                gaps.setdefault(gap.code, gap)
        service_gaps: list[str] = []
        missing: list[str] = []
        for service in (s for s in catalog.services.values() if s.supplier_id == sid):
            if service.model.status == "discontinued":
                continue
            for code in catalog.local_ready_gaps(service):
                if code not in service_gaps:
                    service_gaps.append(code)
            for cert in missing_certificates(service.model, catalog.today):
                if cert not in missing:
                    missing.append(cert)
        out.append(
            CurationDue(
                sid,
                supplier.model.name,
                supplier.model.contact.whatsapp,
                supplier.model.contact.email,
                latest.assessed_on if latest else None,
                latest.result if latest else None,
                latest.assessor if latest else None,
                (catalog.today - latest.assessed_on).days if latest else None,
                tuple(gaps.values()),
                tuple(service_gaps),
                tuple(missing),
            )
        )
    return tuple(out)


# -- everything -----------------------------------------------------------------------
def build_report(
    catalog: Catalog,
    previous: dict[str, Any] | None,
    *,
    previous_source: str | None = None,
    sharpness: SharpnessStore | None = None,
) -> Report:
    """The whole report. ``sharpness``: where photo scores are kept between runs."""
    today = catalog.today
    statuses = [p.model.status for p, _ in _entries(catalog)]
    counts = {
        "products": len(statuses),
        "suppliers": len(catalog.suppliers),
        **{s: statuses.count(s) for s in ("active", "draft", "discontinued")},
    }
    errors, warnings = count(catalog.diagnostics)
    rows = readiness(catalog, sharpness)
    prev = (
        None
        if previous is None
        else PreviousRelease(
            previous_source or "",
            previous.get("catalog_version"),
            len(previous.get("products", {})),
        )
    )
    return Report(
        today=today,
        catalog_version=__version__,
        previous=prev,
        counts=counts,
        errors=errors,
        warnings=warnings,
        **compare(catalog, previous),
        certificates=certificate_alerts(catalog, today),
        prices=price_alerts(catalog, today),
        readiness=rows,
        curation=curation_due(catalog, rows),
    )

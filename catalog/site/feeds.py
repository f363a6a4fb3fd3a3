"""Machine-readable feeds: ``products.json``, ``products.csv``, ``robots.txt``.

Every published (active) product, with its page and image URLs, supplier,
region, category, MOQ, prices and valid certificates. Sorted, no timestamps:
identical input gives identical bytes. Beside each supplier's page,
``suppliers/<id>/products.json`` lists that supplier's products with their
names and URLs only, for the quote list.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any, Iterator

from ..core import vocab
from .manifest import manifest_asset
from ..core.rules import certificate_valid
from .model import Asset, page_url
from .views import amount

if TYPE_CHECKING:
    from .generate import Generator


QUOTE_FIELDS = ("id", "name", "url", "url_en")
"""What ``suppliers/<id>/products.json`` keeps of each product record (the quote list's needs)."""


def product_record(gen: "Generator", entry) -> dict[str, Any]:
    m = entry.model
    supplier = gen.catalog.supplier_of(entry)
    images = []
    for i in range(len(m.images)):
        image = gen.image_for(entry, i)
        if image is not None:
            images.append(gen.media_absolute(image.largest("jpeg").url))
    price = m.price
    return {
        "id": entry.key,
        "name": {"id": m.name.id, "en": m.name.en},
        "url": gen.absolute(page_url(gen.product_path(entry, "id"))),
        "url_en": gen.absolute(page_url(gen.product_path(entry, "en"))),
        "images": images,
        "category": m.category,
        "hs_code": m.hs_code,
        "supplier": {
            "id": supplier.id,
            "name": supplier.model.name,
            "nib": supplier.model.nib,
            "url": gen.absolute(page_url(gen.supplier_path(supplier.id, "id"))),
        },
        "region": {
            "code": supplier.model.region,
            "name": supplier.region.name,
            "province": supplier.province.name,
        },
        "moq": {
            "quantity": m.moq.quantity,
            "unit": m.moq.unit,
            "unit_code": vocab.units()[m.moq.unit].uncefact,
        },
        "capacity_per_month": (
            {"quantity": m.capacity_per_month.quantity, "unit": m.capacity_per_month.unit}
            if m.capacity_per_month
            else None
        ),
        "price": (
            {"on_request": True}
            if price.on_request
            else {
                "on_request": False,
                "currency": price.currency,
                "basis": price.basis,
                "valid_until": price.valid_until.isoformat() if price.valid_until else None,
                "tiers": [{"min_qty": t.min_qty, "amount": amount(t.amount)} for t in price.tiers],
            }
        ),
        "incoterms": list(m.incoterms),
        "certifications": [
            {
                "type": c.type,
                "number": c.number,
                "valid_until": c.valid_until.isoformat() if c.valid_until else None,
            }
            for c in m.certifications
            if certificate_valid(c, gen.catalog.today)
        ],
        "export_ready": not gen.catalog.export_ready_gaps(entry),
    }


CSV_COLUMNS = (
    "id",
    "name_id",
    "name_en",
    "url",
    "category",
    "hs_code",
    "supplier",
    "nib",
    "province",
    "regency",
    "moq",
    "moq_unit",
    "price_on_request",
    "currency",
    "price_min",
    "price_max",
    "price_valid_until",
    "certifications",
    "export_ready",
    "image",
)


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    price = record["price"]
    amounts = [t["amount"] for t in price.get("tiers", [])]
    return {
        "id": record["id"],
        "name_id": record["name"]["id"],
        "name_en": record["name"]["en"] or "",
        "url": record["url"],
        "category": record["category"],
        "hs_code": record["hs_code"] or "",
        "supplier": record["supplier"]["name"],
        "nib": record["supplier"]["nib"],
        "province": record["region"]["province"],
        "regency": record["region"]["name"],
        "moq": record["moq"]["quantity"],
        "moq_unit": record["moq"]["unit"],
        "price_on_request": "yes" if price["on_request"] else "no",
        "currency": price.get("currency") or "",
        "price_min": min(amounts) if amounts else "",
        "price_max": max(amounts) if amounts else "",
        "price_valid_until": price.get("valid_until") or "",
        "certifications": " ".join(f"{c['type']}:{c['number']}" for c in record["certifications"]),
        "export_ready": "yes" if record["export_ready"] else "no",
        "image": record["images"][0] if record["images"] else "",
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def feeds(gen: "Generator") -> Iterator[Asset]:
    records = [product_record(gen, p) for p in gen.products]
    data = {"site": gen.settings.site_url, "count": len(records), "products": records}
    # Compact: buyers' browsers fetch it (the quote list), and only without indent
    # does the json module use its C encoder (10k products: 14.0 MB, 2 s profiled).
    yield Asset(
        "products.json",
        (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode(
            "utf-8"
        ),
    )
    # The quote list (/inquiry/) refreshes the names and links of the products in a
    # buyer's list from their suppliers' own small files, not from the whole feed
    # (10.9 MB at 10,000 products).
    by_supplier: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_supplier.setdefault(record["supplier"]["id"], []).append(
            {key: record[key] for key in QUOTE_FIELDS}
        )
    # services (issue 21) go in the quote list too: the same four keys, beside the products
    for service in gen.services:
        m = service.model
        by_supplier.setdefault(service.supplier_id, []).append(
            {
                "id": service.key,
                "name": {"id": m.name.id, "en": m.name.en},
                "url": gen.absolute(page_url(gen.product_path(service, "id"))),
                "url_en": gen.absolute(page_url(gen.product_path(service, "en"))),
            }
        )
    for supplier_id, items in sorted(by_supplier.items()):
        shard = {"supplier": supplier_id, "products": items}
        yield Asset(
            f"suppliers/{supplier_id}/products.json",
            (
                json.dumps(shard, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            ).encode("utf-8"),
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(v) for k, v in _csv_row(record).items()})
    yield Asset("products.csv", buffer.getvalue().encode("utf-8"))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {gen.absolute('sitemap.xml')}\n"
    yield Asset("robots.txt", robots.encode("utf-8"))
    yield manifest_asset(
        gen.catalog, {image.source: image.sha256 for image in gen.images.values() if image.sha256}
    )  # catalog-manifest.json for `catalog report`

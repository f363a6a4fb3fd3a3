"""schema.org JSON-LD for product pages.

No fake prices: a product with price on request has no ``offers`` at all. With
tiers, an ``AggregateOffer`` holds one ``Offer`` per tier whose
``eligibleQuantity`` says from which quantity the price applies.
"""

from __future__ import annotations

import json
from typing import Any

from ..core import vocab
from ..core.catalogue import ProductEntry, SupplierEntry
from .model import SiteSettings
from .views import amount


def organization(settings: SiteSettings) -> dict[str, Any]:
    house = settings.house
    org: dict[str, Any] = {"@type": "Organization", "name": house.name, "url": settings.site_url}
    if house.email:
        org["email"] = house.email
    if house.whatsapp:
        org["telephone"] = house.whatsapp
    return org


def product_jsonld(
    entry: ProductEntry,
    supplier: SupplierEntry,
    *,
    lang: str,
    url: str,
    supplier_url: str,
    images: list[str],
    settings: SiteSettings,
) -> dict[str, Any]:
    m = entry.model
    s = supplier.model
    units = vocab.units()
    manufacturer: dict[str, Any] = {
        "@type": "Organization",
        "name": s.name,
        "url": supplier_url,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": supplier.region.name,
            "addressRegion": supplier.province.name,
            "addressCountry": "ID",
        },
        "identifier": {"@type": "PropertyValue", "propertyID": "NIB", "value": s.nib},
    }
    props = [
        {
            "@type": "PropertyValue",
            "name": "MOQ",
            "value": m.moq.quantity,
            "unitCode": units[m.moq.unit].uncefact,
        }
    ]
    if m.hs_code:
        props.insert(
            0, {"@type": "PropertyValue", "propertyID": "HS", "name": "HS code", "value": m.hs_code}
        )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": m.name.get(lang),
        "description": m.description.get(lang),
        "sku": entry.key,
        "url": url,
        "image": images,
        "category": vocab.categories()[m.category].label.get(lang),
        "manufacturer": manufacturer,
        "brand": {"@type": "Brand", "name": s.name},
        "additionalProperty": props,
    }
    price = m.price
    if not price.on_request and price.tiers and price.currency:
        unit_code = units[m.moq.unit].uncefact
        offers = [
            {
                "@type": "Offer",
                "price": amount(tier.amount),
                "priceCurrency": price.currency,
                "eligibleQuantity": {
                    "@type": "QuantitativeValue",
                    "minValue": tier.min_qty,
                    "unitCode": unit_code,
                },
                "priceValidUntil": price.valid_until.isoformat() if price.valid_until else None,
                "availability": "https://schema.org/InStock",
                "seller": organization(settings),
            }
            for tier in price.tiers
        ]
        for offer in offers:
            if offer["priceValidUntil"] is None:
                del offer["priceValidUntil"]
        amounts = [amount(t.amount) for t in price.tiers]
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": price.currency,
            "lowPrice": min(amounts),
            "highPrice": max(amounts),
            "offerCount": len(offers),
            "offers": offers,
            "seller": organization(settings),
        }
    return data


def script_safe(data: Any) -> str:
    """JSON for a ``<script>`` element: no way to close the element from inside."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

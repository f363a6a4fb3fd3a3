"""The release manifest, produced as data, in two parts.

Every build writes both (``catalog build`` and ``mkdocs build`` alike, through
:func:`catalog.site.feeds.feeds`); ``catalog report`` compares the current
catalogue with the full manifest of the previous release.

* The **full** manifest: every product (every status: active, draft and
  discontinued, so a later report can tell an unpublished product from a removed
  one) and every supplier. It names drafts and discontinued products with their
  certificate numbers, which the site never shows, so it is never published: the
  build keeps it *beside* the site folder (:func:`full_manifest_path`,
  ``site.catalog-manifest.json`` for ``site/``), and the release workflow keeps it
  as an asset of the tag's GitHub release.
* The **public** one, ``site/catalog-manifest.json``: only what the site shows (the
  active products and the suppliers, records as below), ``"scope": "public"``, and
  the sha256 of the full manifest it was built with (``"full"``), so the full one
  that belongs to a published site can be told from any other (:func:`read_manifest`
  reads it in its place).

What a record holds, per product and per supplier:

* ``hash``: SHA-256 of the entry's *canonical JSON* (below);
* ``fields``: a short hash per field, so a report says *which* fields changed;
  a field holding a mapping (``name``, ``price``, ``moq``, …) is split one
  level down (``price.tiers``, ``name.en``); lists stay whole;
* ``photos``: each referenced photo file with the SHA-256 of its *source bytes*
  (a re-shot photo under the same file name is a change);
* values staff act on without the sources: ``name``, ``status``,
  ``price_valid_until`` and ``certificates`` (type, number, valid_until).

Canonical JSON, and why (rather than the raw YAML bytes): the validated pydantic
model dumped in JSON mode with defaults left out, keys sorted, no insignificant
whitespace, UTF-8. So comments, indentation, key order, quoting style, flow
versus block style, trailing spaces (the model strips them) and spelling out a
default (``status: active``) do not count as changes; only what the model - and
so the site - sees does. A release that adds an optional field with a default to
the model does not change every hash either. The price of this choice: a change
of the model's own normalization (a new default, say) can change hashes, which
is why the manifest records the catalog version and its own format version.

Deterministic: sorted keys, no timestamps, no absolute paths; identical input
gives identical bytes. Written compact, one line per product and supplier
(~1.5 KB per product: a 2,000-product catalogue gives a ~3 MB manifest).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from pydantic import BaseModel

from .. import __version__
from ..core.catalogue import Catalog, ProductEntry, SupplierEntry
from .model import Asset

MANIFEST_NAME = "catalog-manifest.json"
"""File name of the public manifest at the site root (and of the full one as a release
asset)."""

PUBLIC_SCOPE = "public"
"""``scope`` of the public manifest (the full one has no ``scope``, as before the split)."""

FORMAT_VERSION = 1
"""Bump when the manifest's structure or the canonical form changes meaning."""

CANONICAL = "sha256 of JSON(model_dump(mode=json, exclude_defaults), sort_keys, compact, utf-8)"
FIELD_HASH_CHARS = 10
"""Hex characters kept of a per-field hash: 40 bits, plenty to notice a change of
one field (the entry's full hash backs it up), and short: fields are most of
the manifest's bytes."""


_CANONICAL_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)
"""One encoder for every canonical value: ``json.dumps`` with options builds a new one per
call, and a 10,000-product manifest encodes 380,000 values."""


def canonical_json(value: Any) -> bytes:
    return _CANONICAL_ENCODER.encode(value).encode("utf-8")


def canonical(model: BaseModel) -> dict[str, Any]:
    """The validated model as plain JSON data, defaults left out."""
    return model.model_dump(mode="json", exclude_defaults=True)


def digest(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def field_hashes(data: dict[str, Any]) -> dict[str, str]:
    """``field`` (or ``field.sub`` for mappings) -> short hash of its value."""
    out: dict[str, str] = {}
    for name, value in data.items():
        if isinstance(value, dict) and value:
            for sub, inner in value.items():
                out[f"{name}.{sub}"] = digest(inner)[:FIELD_HASH_CHARS]
        else:
            out[name] = digest(value)[:FIELD_HASH_CHARS]
    return out


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes (None when unreadable), read once per process and version.

    Memoized on (path, size, mtime): suppliers share photos, and the report hashes
    the same photos for the manifest and for its sharpness cache.
    """
    try:
        key = path.resolve()
        stat = key.stat()
    except OSError:
        return None
    return _sha256(str(key), stat.st_size, stat.st_mtime_ns)


@cache
def _sha256(path: str, size: int, mtime_ns: int) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:  # reported by validation; the manifest just says so
        return None


NO_HASHES: Mapping[Path, str] = MappingProxyType({})


def _photo_sha256(path: Path, known: Mapping[Path, str]) -> str | None:
    """``path``: resolved."""
    return known.get(path) or file_sha256(path)


def product_record(entry: ProductEntry, known: Mapping[Path, str] = NO_HASHES) -> dict[str, Any]:
    m = entry.model
    data = canonical(m)
    return {
        "supplier": entry.supplier_id,
        "name": m.name.id,
        "status": m.status,
        "hash": digest(data),
        "fields": field_hashes(data),
        "photos": [
            {"file": image.file, "sha256": _photo_sha256(path, known)}
            for image, path in zip(m.images, entry.photos)
        ],
        "price_valid_until": m.price.valid_until.isoformat() if m.price.valid_until else None,
        "certificates": [
            {
                "type": c.type,
                "number": c.number,
                "valid_until": c.valid_until.isoformat() if c.valid_until else None,
            }
            for c in m.certifications
        ],
    }


def supplier_record(entry: SupplierEntry) -> dict[str, Any]:
    data = canonical(entry.model)
    return {
        "name": entry.model.name,
        "hash": digest(data),
        "fields": field_hashes(data),
        "logo": file_sha256(entry.folder / entry.model.logo) if entry.model.logo else None,
    }


def build_manifest(catalog: Catalog, known: Mapping[Path, str] = NO_HASHES) -> dict[str, Any]:
    """The manifest of a loaded catalogue, as JSON-ready data.

    ``known``: photo hashes already computed (resolved path -> sha256), such as the
    image pipeline's during a build, so photos are not read a second time.
    """
    products = {
        key: product_record(entry, known)
        for key, entry in sorted(catalog.products.items())
        if entry.supplier_id in catalog.suppliers
    }
    suppliers = {sid: supplier_record(entry) for sid, entry in sorted(catalog.suppliers.items())}
    return {
        "format": FORMAT_VERSION,
        "catalog_version": __version__,
        "hash": CANONICAL,
        "counts": {"products": len(products), "suppliers": len(suppliers)},
        "products": products,
        "suppliers": suppliers,
    }


def dumps(manifest: dict[str, Any]) -> str:
    """Compact JSON with one line per product and supplier: small, and diffable."""
    one = _CANONICAL_ENCODER.encode
    parts = []
    for key in sorted(manifest):
        value = manifest[key]
        if key in ("products", "suppliers"):
            body = ",\n".join(f"{one(k)}:{one(v)}" for k, v in sorted(value.items()))
            parts.append(f"{one(key)}:{{\n{body}\n}}" if body else f"{one(key)}:{{}}")
        else:
            parts.append(f"{one(key)}:{one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def manifest_bytes(catalog: Catalog, known: Mapping[Path, str] = NO_HASHES) -> bytes:
    return dumps(build_manifest(catalog, known)).encode("utf-8")


def public_manifest(full: dict[str, Any], full_bytes: bytes) -> dict[str, Any]:
    """What of the full manifest the site may carry: the products it shows (active) and
    the suppliers (each has a page), with the sha256 of the full manifest's bytes.

    Drafts and discontinued products stay out whole (a discontinued product's page shows
    its name only, never its certificates): a report against the public manifest alone
    lists them as added, which is why :func:`read_manifest` prefers the full one."""
    products = {
        key: record for key, record in full["products"].items() if record["status"] == "active"
    }
    return {
        **{key: value for key, value in full.items() if key not in ("products", "suppliers")},
        "scope": PUBLIC_SCOPE,
        "full": hashlib.sha256(full_bytes).hexdigest(),
        "counts": {"products": len(products), "suppliers": len(full["suppliers"])},
        "products": products,
        "suppliers": full["suppliers"],
    }


@dataclass(frozen=True)
class ManifestAsset(Asset):
    """The public manifest as a site file, carrying the full manifest's bytes for the
    build to keep beside the site (never in it)."""

    full: bytes = b""


def manifest_asset(catalog: Catalog, known: Mapping[Path, str] = NO_HASHES) -> ManifestAsset:
    """The public manifest as a site :class:`~catalog.site.model.Asset` (for the feeds),
    with the full one in ``full``: one computation gives both."""
    full = build_manifest(catalog, known)
    full_bytes = dumps(full).encode("utf-8")
    public = dumps(public_manifest(full, full_bytes)).encode("utf-8")
    return ManifestAsset(MANIFEST_NAME, public, full=full_bytes)


def full_manifest_path(site_dir: Path) -> Path:
    """Where a build keeps the full manifest of the site folder ``site_dir``: beside it
    (``site.catalog-manifest.json`` for ``site/``), so copying or syncing the site folder
    never publishes it, and the staff see it there to keep a copy."""
    site_dir = Path(site_dir)
    return site_dir.parent / f"{site_dir.name}.{MANIFEST_NAME}"


def write_full_manifest(site_dir: Path, data: bytes) -> Path:
    """Write the full manifest beside ``site_dir`` in one step (a reader sees the old
    file or the new one, never half of one)."""
    target = full_manifest_path(site_dir)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


class ManifestError(Exception):
    """A previous manifest that cannot be used: bilingual text for the CLI."""

    def __init__(self, id_text: str, en_text: str):
        super().__init__(en_text)
        self.text = {"id": id_text, "en": en_text}


def read_manifest(path: Path) -> dict[str, Any]:
    """Load a previous release's manifest: a file, or a site folder holding one.

    A site's own manifest is the public one; when the full manifest it names (by sha256)
    lies beside the site folder (:func:`full_manifest_path`), as ``catalog build`` leaves
    it, that one is returned instead: the report then knows the drafts and discontinued
    products too. A full manifest given as a file is read as it is."""
    target = path / MANIFEST_NAME if path.is_dir() else path
    data = _read(path, target)
    if data.get("scope") == PUBLIC_SCOPE:
        full = full_manifest_path(target.parent)
        try:
            raw = full.read_bytes()
        except OSError:
            return data
        if hashlib.sha256(raw).hexdigest() == data.get("full"):
            return _read(full, full)
    return data


def _read(path: Path, target: Path) -> dict[str, Any]:
    if not target.is_file():
        if path.is_dir():
            raise ManifestError(
                f"folder `{path}` tidak berisi {MANIFEST_NAME}",
                f"folder `{path}` holds no {MANIFEST_NAME}",
            )
        raise ManifestError(
            f"manifest `{path}` tidak ditemukan", f"manifest `{path}` does not exist"
        )
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(
            f"`{target}` bukan manifest JSON yang bisa dibaca ({exc})",
            f"`{target}` is not a readable JSON manifest ({exc})",
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("products"), dict)
        or not isinstance(data.get("suppliers"), dict)
        or "format" not in data
    ):
        raise ManifestError(
            f"`{target}` bukan {MANIFEST_NAME}", f"`{target}` is not a {MANIFEST_NAME}"
        )
    if data["format"] != FORMAT_VERSION:
        raise ManifestError(
            f"`{target}` memakai format manifest {data['format']}; versi ini membaca format "
            f"{FORMAT_VERSION}",
            f"`{target}` uses manifest format {data['format']}; this "
            f"version reads format {FORMAT_VERSION}",
        )
    return data

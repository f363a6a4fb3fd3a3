"""Controlled vocabularies, loaded once from the YAML/CSV files in ``catalog/data``.

They are data, not code: adding a category or a unit is an edit to a data file.
Region codes are Kemendagri's (see ``data/README-regions.md`` for the source and
licence).
"""

from __future__ import annotations

import bisect
import csv
import difflib
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from .diagnostics import Text

FoodKind = Literal["none", "fresh", "processed"]


def _read(name: str) -> str:
    return resources.files("catalog.data").joinpath(name).read_text(encoding="utf-8")


def _yaml(name: str) -> dict:
    return yaml.safe_load(_read(name))


def _text(raw: dict) -> Text:
    return Text(raw["id"], raw["en"])


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: Text
    food: FoodKind
    hs: tuple[str, ...]

    @property
    def is_food(self) -> bool:
        return self.food != "none"


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    label: Text
    per: Text
    uncefact: str
    dimension: str
    factor: float


@dataclass(frozen=True, slots=True)
class CertType:
    id: str
    label: Text
    pattern: re.Pattern[str] | None
    example: str
    schemes: tuple[str, ...]
    percentage: bool = False
    """The certificate states a percentage (TKDN's domestic content), required then."""


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: Literal["province", "regency"]

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def slug(self) -> str:
        """URL slug of the name: 'Sulawesi Tenggara' -> 'sulawesi-tenggara'."""
        name = re.sub(r"^(Kabupaten|Kota)\s+", lambda m: m.group(1) + " ", self.name)
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@cache
def categories() -> dict[str, Category]:
    return {
        k: Category(k, _text(v["label"]), v["food"], tuple(v["hs"]))
        for k, v in _yaml("categories.yaml").items()
    }


@cache
def units() -> dict[str, Unit]:
    return {
        k: Unit(
            k, _text(v["label"]), _text(v["per"]), v["uncefact"], v["dimension"], float(v["factor"])
        )
        for k, v in _yaml("units.yaml").items()
    }


@cache
def cert_types() -> dict[str, CertType]:
    return {
        k: CertType(
            k,
            _text(v["label"]),
            re.compile(v["pattern"]) if v["pattern"] else None,
            v["example"],
            tuple(v.get("schemes") or ()),
            v.get("percentage") == "required",
        )
        for k, v in _yaml("certifications.yaml").items()
    }


@cache
def incoterms() -> dict[str, str]:
    return {k: v["label"] for k, v in _yaml("incoterms.yaml").items()}


@cache
def segments() -> dict[str, Text]:
    return {k: _text(v) for k, v in _yaml("segments.yaml").items()}


@cache
def regions() -> dict[str, Region]:
    rows = csv.DictReader(io.StringIO(_read("regions-id.csv")))
    return {r["code"]: Region(r["code"], r["name"], r["level"]) for r in rows}


def province_of(code: str) -> Region:
    return regions()[code.split(".")[0]]


@cache
def provinces_by_slug() -> dict[str, Region]:
    return {r.slug: r for r in regions().values() if r.level == "province"}


def suggest(value: str, choices: list[str] | tuple[str, ...], n: int = 1) -> list[str]:
    """'Did you mean' candidates for a misspelt key or vocabulary value."""
    lowered = {c.lower(): c for c in choices}
    hits = difflib.get_close_matches(str(value).lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[h] for h in hits]


# -- export packing and payment (issue 18) --------------------------------------------------
@cache
def payment_terms() -> dict[str, Text]:
    """Payment terms a product may offer (``payment_terms.yaml``), labels by id, in order."""
    return {k: _text(v) for k, v in _yaml("payment_terms.yaml").items()}


@dataclass(frozen=True, slots=True)
class ContainerType:
    """One dry container as the site computes loads for it (``containers.yaml``)."""

    id: str
    label: Text
    short: Text
    """The label in a table whose column says "container"."""
    internal_m3: float
    payload_kg: float


@dataclass(frozen=True, slots=True)
class Shipping:
    loading_factor: float
    """Share of the internal volume cartons can fill."""
    containers: tuple[ContainerType, ...]


@cache
def shipping() -> Shipping:
    """Container figures and the loading factor of ``containers.yaml`` (``shipping``)."""
    raw = _yaml("containers.yaml")
    return Shipping(
        float(raw["loading_factor"]),
        tuple(
            ContainerType(
                k,
                _text(v["label"]),
                _text(v["short"]),
                float(v["internal_m3"]),
                float(v["payload_kg"]),
            )
            for k, v in raw["shipping"].items()
        ),
    )


# -- HS 2022 subheadings and ports by name (issue 18) -----------------------------------------
@dataclass(frozen=True, slots=True)
class HsNomenclature:
    """HS 2022 (``hs2022.csv``; source and licence in ``data/README-hs.md``)."""

    subheadings: dict[str, str]
    """Official English description by six-digit code: ``"420221"`` -> ``"Cases and…"``."""
    headings: dict[str, tuple[str, ...]]
    """The six-digit codes of each four-digit heading, in order."""
    ordered: tuple[str, ...]
    """Every six-digit code, in order (for :func:`bisect`)."""


@cache
def hs2022() -> HsNomenclature:
    subheadings: dict[str, str] = {}
    headings: dict[str, list[str]] = {}
    rows = csv.reader(io.StringIO(_read("hs2022.csv")))
    if next(rows) != ["code", "level", "parent", "section", "description"]:
        raise ValueError("hs2022.csv: unexpected columns")
    for code, level, _parent, section, description in rows:
        if level == "6" and section != "TOTAL":  # chapter 99: UN Comtrade's, not HS
            subheadings[code] = description
            headings.setdefault(code[:4], []).append(code)
    return HsNomenclature(
        subheadings,
        {k: tuple(sorted(v)) for k, v in headings.items()},
        tuple(sorted(subheadings)),
    )


_HS_WRITTEN = re.compile(r"\d{6}(?:\d{2}){0,2}")


def hs_subheading(code: str) -> str | None:
    """The six-digit subheading a code is written for, whether it exists or not:
    ``"4202.21"``, ``"420221"``, ``"4202 21"`` and the national ``"4202.21.10"`` all
    give ``"420221"``; None when it is not written as an HS code."""
    digits = re.sub(r"[\s.]", "", code or "")
    return digits[:6] if _HS_WRITTEN.fullmatch(digits) else None


def hs_dotted(subheading: str) -> str:
    """``"420221"`` -> ``"4202.21"``, as products write it."""
    return f"{subheading[:4]}.{subheading[4:6]}"


def hs_description(code: str) -> str | None:
    """The official (English) description of the HS 2022 subheading ``code`` is written
    for (any form :func:`hs_subheading` reads); None when no such subheading exists."""
    subheading = hs_subheading(code)
    return hs2022().subheadings.get(subheading) if subheading else None


def hs_nearest(code: str, n: int = 3) -> list[str]:
    """Up to ``n`` existing subheadings nearest to ``code`` (six digits each, in order):
    those of its heading when the heading exists, else the nearest by number."""
    subheading = hs_subheading(code)
    if subheading is None:
        return []
    hs = hs2022()
    pool = hs.headings.get(subheading[:4]) or hs.ordered
    i = bisect.bisect_left(pool, subheading)
    window = pool[max(0, i - n) : i + n]
    target = int(subheading)
    return sorted(sorted(window, key=lambda c: (abs(int(c) - target), c))[:n])


@cache
def ports() -> dict[str, str]:
    """Indonesian ports by UN/LOCODE: ``{"IDKDI": "Kendari, Sulawesi", …}``
    (``ports-id.csv``; source, date and licence in ``data/README-ports.md``)."""
    rows = csv.DictReader(io.StringIO(_read("ports-id.csv")))
    return {r["code"]: r["name"] for r in rows}


def port_name(code: str) -> str | None:
    """The UN/LOCODE name of an Indonesian port (``"IDKDI"`` -> ``"Kendari"``), None when
    the code is not in the list. The list's older edition qualifies names with the island
    or an abbreviation (``"Kendari, Sulawesi"``, ``"Bontang, Kl"``); the current edition
    keeps that in its subdivision column, so pages show the place name alone."""
    name = ports().get(code.strip().upper()) if code else None
    return name.split(",", 1)[0].strip() if name else None


def port_label(code: str) -> str:
    """How pages show a port: ``"Kendari (IDKDI)"``; the bare code when the
    list does not know it."""
    name = port_name(code)
    return f"{name} ({code})" if name else code


def similar_ports(code: str, n: int = 3) -> list[str]:
    """Listed port codes that look like ``code`` (a typo's likely intent), best first;
    equally close codes in code order (``get_close_matches`` alone would keep the last)."""
    code = code.strip().upper()
    hits = difflib.get_close_matches(code, list(ports()), n=len(ports()), cutoff=0.6)
    ratio = {hit: difflib.SequenceMatcher(None, code, hit).ratio() for hit in hits}
    return sorted(hits, key=lambda hit: (-ratio[hit], hit))[:n]


# -- services and staff curation (issue 21) ---------------------------------------------------
@dataclass(frozen=True, slots=True)
class ServiceType:
    """One service of ``services.yaml``."""

    id: str
    label: Text
    units: tuple[str, ...]
    """Units (of ``units.yaml``) its capacity, minimum order and price are counted in."""
    requires: tuple[str, ...]
    """Certificate types a buyer expects (a missing one is a readiness gap)."""


@cache
def services() -> dict[str, ServiceType]:
    return {
        k: ServiceType(k, _text(v["label"]), tuple(v["units"]), tuple(v.get("requires") or ()))
        for k, v in _yaml("services.yaml").items()
    }


@cache
def curation_results() -> dict[str, Text]:
    """Results of a staff assessment (``curation.yaml``), labels by id, best first."""
    return {k: _text(v["label"]) for k, v in _yaml("curation.yaml").items()}


def regency_label(code: str) -> str:
    """``"35.78"`` -> ``"Kota Surabaya"`` (the code itself when unknown)."""
    region = regions().get(code)
    return region.name if region else code

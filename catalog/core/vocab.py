"""Controlled vocabularies, loaded once from the YAML/CSV files in ``catalog/data``.

They are data, not code: adding a category or a unit is an edit to a data file.
Region codes are Kemendagri's (see ``data/README-regions.md`` for the source and
licence).
"""

from __future__ import annotations

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

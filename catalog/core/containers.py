"""What fits one container: cartons and units from a product's export packing.

Pure arithmetic over :class:`~catalog.core.models.ExportPacking` and the container
figures of ``catalog/data/containers.yaml`` (:func:`catalog.core.vocab.shipping`)::

    carton volume     = length × width × height (cm) / 1,000,000           (m³)
    cartons by volume = floor(internal volume × loading factor / carton volume)
    cartons by weight = floor(payload / carton gross weight)
    cartons           = the smaller of the two; ``binding`` says which limit it is
    units             = cartons × units per carton

Estimates for a buyer's planning, not a stowage plan (see the data file's notes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from . import vocab
from .models import ExportPacking
from .vocab import ContainerType

CARTON_M3_DECIMALS = 4
"""Carton volume as the quote list gets it (m³, 4 decimals: 0.0001 m³ = 100 cm³)."""


def carton_m3(packing: ExportPacking) -> float:
    """One carton's outside volume in m³, unrounded."""
    c = packing.carton_cm
    return c.length * c.width * c.height / 1_000_000


@dataclass(frozen=True, slots=True)
class Load:
    """What one container takes of one product."""

    container: ContainerType
    by_volume: int
    """Cartons that fit the loadable volume (internal volume × loading factor)."""
    by_weight: int
    """Cartons within the payload."""
    cartons: int
    """The smaller of the two."""
    binding: Literal["volume", "weight"]
    """The limit that binds (volume when both give the same count)."""
    units: float
    """``cartons`` × units per carton, in the product's MOQ unit."""


def load(packing: ExportPacking, container: ContainerType, factor: float) -> Load:
    # A tiny epsilon keeps 33.2 × 0.85 / 0.0282 = 1000.7… and exact quotients such as
    # 25000 / 25 = 1000 from losing a carton to binary rounding (999.9999…).
    by_volume = math.floor(container.internal_m3 * factor / carton_m3(packing) + 1e-9)
    by_weight = math.floor(container.payload_kg / packing.gross_kg + 1e-9)
    cartons = min(by_volume, by_weight)
    binding: Literal["volume", "weight"] = "volume" if by_volume <= by_weight else "weight"
    units = cartons * packing.units_per_carton
    return Load(container, by_volume, by_weight, cartons, binding, units)


def loads(packing: ExportPacking) -> list[Load]:
    """One :class:`Load` per container of ``containers.yaml`` (20 ft, then 40 ft)."""
    spec = vocab.shipping()
    return [load(packing, c, spec.loading_factor) for c in spec.containers]


def _number(value: float) -> int | float:
    """JSON wants 24, not 24.0."""
    return int(value) if float(value).is_integer() else value


def quote_packing(packing: ExportPacking | None) -> dict[str, float | int] | None:
    """The ``packing`` of a product's quote JSON (the quote list totals volume, weight and
    the share of a container): None without export packing."""
    if packing is None:
        return None
    return {
        "units_per_carton": _number(packing.units_per_carton),
        "carton_m3": round(carton_m3(packing), CARTON_M3_DECIMALS),
        "carton_kg": _number(packing.gross_kg),
    }


def page_figures() -> dict[str, dict[str, float]]:
    """The container figures once per page (``cfg.containers`` of theme/main.html): the
    loadable volume (internal × loading factor, m³) and the payload (kg) of each."""
    spec = vocab.shipping()
    return {
        c.id: {
            "volume_m3": round(c.internal_m3 * spec.loading_factor, 3),
            "payload_kg": _number(c.payload_kg),
        }
        for c in spec.containers
    }

"""The trading house buyers' quote requests go to (``extra.trading_house`` in mkdocs.yml).

The sample mkdocs.yml names a placeholder house; a build that still carries any of its
values would send real buyers' requests to nobody. :func:`placeholder_warning` finds
them: a warning (C501), never an error, so the sample and the tests still build, also
in strict mode (the adapter logs catalog warnings where strict mode does not count them).
"""

from __future__ import annotations

from typing import Mapping

import yaml

from .codes import make
from .diagnostics import START, Diagnostic, Position

SAMPLE_HOUSE: dict[str, str] = {
    "name": "Rumah Dagang Koperasi CONTOH (ganti di mkdocs.yml)",
    "whatsapp": "+6281200000000",
    "email": "contoh@rumahdagang.example",
}
"""The placeholder values of the sample mkdocs.yml (a test keeps the two in step)."""

FIELDS = ("name", "whatsapp", "email")


def _normal(field: str, value: object) -> str:
    text = str(value or "").strip()
    if field == "whatsapp":
        return "".join(ch for ch in text if ch.isdigit())
    return text.casefold()


def sample_fields(house: Mapping[str, object] | None) -> list[str]:
    """Which of name, whatsapp and email still hold the sample's values (spaces, ``+`` and
    letter case aside)."""
    house = house or {}
    return [
        f
        for f in FIELDS
        if house.get(f) and _normal(f, house.get(f)) == _normal(f, SAMPLE_HOUSE[f])
    ]


def _position(text: str | None) -> Position:
    """Where ``trading_house:`` stands under ``extra:`` in the config text (1:1 when the
    text cannot be read; unknown tags such as ``!ENV`` do not matter to the node tree)."""
    if not text:
        return START
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return START
    for section in (root,) if isinstance(root, yaml.MappingNode) else ():
        for key, value in section.value:
            if key.value != "extra" or not isinstance(value, yaml.MappingNode):
                continue
            for inner, _ in value.value:
                if inner.value == "trading_house":
                    mark = inner.start_mark
                    return Position(mark.line + 1, mark.column + 1)
    return START


def placeholder_warning(
    path: str, house: Mapping[str, object] | None, text: str | None = None
) -> Diagnostic | None:
    """C501 at ``extra.trading_house`` of the config file ``path`` (its ``text`` gives the
    line) when the house still holds a sample value; None once they are all replaced."""
    fields = sample_fields(house)
    if not fields:
        return None
    return make("C501", path, _position(text), fields=", ".join(fields), file=path)

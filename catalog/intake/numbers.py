"""Numbers as Indonesians write them: ``50.000``, ``50rb``, ``Rp 50.000``, ``1,5 jt``.

The dot groups thousands and the comma marks decimals (Babel's ``id`` locale reads
the digits, strictly: groups of three). On top of that people write a multiplier
word (``rb``/``ribu`` thousand, ``jt``/``juta`` million, ``M``/``miliar`` billion) and
a currency (``Rp``, ``IDR``, ``USD``, ``US$``, ``$``). What could be read two ways is
refused, never guessed: ``50,000`` is fifty thousand to an English reader and fifty to
an Indonesian one; ``12.50`` is not Indonesian grouping. The accepted and refused
forms are one table, ``tests/fixtures/indonesian_numbers.json``, which the /join/
page's JavaScript passes too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from ..core.diagnostics import Text

_CURRENCIES = (
    ("US$", "USD"),
    ("USD", "USD"),
    ("$", "USD"),
    ("IDR", "IDR"),
    ("Rp.", "IDR"),
    ("Rp", "IDR"),
)
_MULTIPLIERS = {
    "rb": 1_000,
    "ribu": 1_000,
    "k": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "m": 1_000_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
}
_SHAPE = re.compile(r"(?P<digits>\d[\d.,]*)\s*(?P<word>[a-z]+)?")
MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Reading:
    value: Decimal
    currency: str | None  # "IDR" / "USD" when the text names one


class Unreadable(ValueError):
    """Not a number we can read without guessing; ``text`` says why and what to write."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


def _refuse(id_text: str, en_text: str) -> Unreadable:
    return Unreadable(Text(id_text, en_text))


def read_number(text: str) -> Reading:
    """The number in ``text``; :class:`Unreadable` when it is not one or could be two."""
    rest = " ".join(text.split())
    currency = None
    for mark, code in _CURRENCIES:
        if rest[: len(mark)].casefold() == mark.casefold():
            currency, rest = code, rest[len(mark) :].strip()
            break
    rest = re.sub(r",-$", "", rest).strip()  # "Rp 50.000,-": no cents
    match = _SHAPE.fullmatch(rest.casefold())
    if not match:
        raise _refuse(
            f"`{text.strip()}` bukan angka; tulis angkanya saja, contoh: 50.000",
            f"`{text.strip()}` is not a number; write the figure only, e.g. 50.000",
        )
    digits, word = match.group("digits"), match.group("word")
    factor = 1
    if word is not None:
        if word not in _MULTIPLIERS:
            raise _refuse(
                f"`{word}` tidak dikenal; tulis rb, ribu, jt atau juta",
                f"`{word}` is not known; write rb, ribu, jt or juta",
            )
        factor = _MULTIPLIERS[word]
        if "." in digits:
            raise _refuse(
                f"`{text.strip()}` membingungkan: dengan rb/jt tulis koma untuk desimal, "
                "contoh: 1,5 jt",
                f"`{text.strip()}` is ambiguous: with rb/jt write a decimal comma, e.g. 1,5 jt",
            )
    if "," in digits and "." not in digits and re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
        raise _refuse(
            f"`{text.strip()}` membingungkan: tulis 50.000 untuk lima puluh ribu, atau "
            "50,5 untuk desimal",
            f"`{text.strip()}` is ambiguous: write 50.000 for "
            "fifty thousand, or 50,5 for a decimal",
        )
    if digits.count(",") > 1 or ("," in digits and "." in digits[digits.index(",") :]):
        raise _refuse(
            f"`{text.strip()}` bukan cara menulis angka Indonesia; contoh: 1.250.000 atau 12,50",
            f"`{text.strip()}` is not how Indonesian numbers are written; e.g. 1.250.000 or 12,50",
        )
    try:
        value = parse_decimal(digits, locale="id", strict=True)
    except NumberFormatError:
        raise _refuse(
            f"`{text.strip()}` membingungkan: titik memisahkan ribuan (50.000), koma "
            "untuk desimal (12,50)",
            f"`{text.strip()}` is ambiguous: a dot groups "
            "thousands (50.000), a comma marks decimals (12,50)",
        ) from None
    if len(digits.replace(".", "").replace(",", "")) > MAX_DIGITS:
        raise _refuse(f"`{text.strip()}` terlalu besar", f"`{text.strip()}` is too large")
    return Reading(value * factor, currency)


def as_plain(value: Decimal) -> int | float:
    """The YAML-friendly number: an int when whole."""
    return int(value) if value == value.to_integral_value() else float(value)

"""The one translation table for interface text, and locale-aware formatting.

Templates and generators never carry literal interface text: they ask
:func:`t` (or the ``t`` template global) for a key. Numbers, money and dates
are formatted with Babel for ``id_ID`` and ``en_US`` so that Indonesian pages
show ``Rp 1.250.000`` and English pages ``IDR 1,250,000``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal
from importlib import resources

from .diagnostics import Lang, LANGS

LOCALES: dict[str, str] = {"id": "id_ID", "en": "en_US"}
OG_LOCALES: dict[str, str] = {"id": "id_ID", "en": "en_US"}
LANG_PREFIX: dict[str, str] = {"id": "", "en": "en/"}
"""Where each language's pages live: Indonesian at the root, English under /en/."""


@cache
def table() -> dict[str, dict[str, str]]:
    raw = resources.files("catalog.data").joinpath("ui.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    for key, value in data.items():
        missing = [lang for lang in LANGS if not value.get(lang)]
        if missing:
            raise ValueError(f"ui.yaml: `{key}` lacks {missing}")
    return data


def t(key: str, lang: Lang, **params: object) -> str:
    text = table()[key][lang]
    return text.format(**params) if params else text


@lru_cache(maxsize=1 << 16)
def number(value: float, lang: Lang, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping and ``decimals`` decimals.

    Memoized: Babel parses the pattern and the locale on every call, and a big
    catalogue formats the same few quantities and prices hundreds of thousands of
    times (equal numbers, such as 5 and 5.0, format alike)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def money(amount: float, currency: str, lang: Lang) -> str:
    decimals = 0 if currency == "IDR" or float(amount).is_integer() else 2
    figure = number(amount, lang, decimals)
    if currency == "IDR" and lang == "id":
        return f"Rp {figure}"
    if currency == "USD" and lang == "en":
        return f"USD {figure}"
    return f"{currency} {figure}"


@lru_cache(maxsize=1 << 12)
def date(value: dt.date, lang: Lang) -> str:
    """``value`` spelled out (``31 Desember 2028``); memoized like :func:`number`."""
    return format_date(value, format="long", locale=LOCALES[lang])


def prefix(lang: Lang) -> str:
    return LANG_PREFIX[lang]

"""What a buyer reads about a product, computed once per language.

Pure functions from typed entries to display values (already localized and
formatted); templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import markdown
import nh3

from ..core import containers, i18n, vocab
from ..core.catalogue import Catalog, ProductEntry, SupplierEntry
from ..core.diagnostics import Lang
from ..core.models import LocalizedText, Product, Quantity
from ..core.rules import certificate_valid

# Description subset: paragraphs, emphasis, lists, line breaks. No links, images or HTML.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br"}


@dataclass(frozen=True)
class Localized:
    """A piece of product text in the page's language, or marked as untranslated."""

    text: str
    untranslated: bool = False
    """True on an English page showing Indonesian text (no English given)."""


UNSEARCHABLE_BASE = 0x2800
"""Braille pattern blank: byte ``b`` is spelled ``chr(UNSEARCHABLE_BASE + b)``."""


def unsearchable(value: object) -> str:
    """``value`` as JSON, each UTF-8 byte spelled as a Braille pattern (U+2800-U+28FF).

    What a search result shows besides text (its photo's srcsets and size, its quote-list
    data) travels in Pagefind's metadata, one fragment per result. Pagefind (1.5) also
    indexes every metadata field as searchable words; photo URLs, hashes and JSON made
    "avif" or "jpg" match every product, and at 10,000 products they doubled the
    words indexed (23,000 to 56,000) and the indexer's memory (0.68 to 1.34 GB per
    language). Pagefind's words are runs of letters and digits; Braille patterns are
    neither, so this spelling adds nothing to the index. catalog.js (``unsearchable``)
    reads it back."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(chr(UNSEARCHABLE_BASE + b) for b in data.encode("utf-8"))


def pick(text: LocalizedText | None, lang: Lang) -> Localized | None:
    if text is None:
        return None
    if lang == "en" and not text.en:
        return Localized(text.id, untranslated=True)
    return Localized(text.get(lang))


def plain(text: LocalizedText | None, lang: Lang) -> str:
    return text.get(lang) if text else ""


@cache
def _markdown() -> markdown.Markdown:
    """One converter, reset between texts (building one costs ~0.4 ms: 40,000 per 10k build)."""
    return markdown.Markdown(output_format="html")


_PROSE = re.compile(r"(?:[^\W_]|[ .,;:!?'\"()%/+\-])+")
"""A line of plain prose: letters, digits, spaces and punctuation with no meaning in
Markdown or HTML."""
_BLOCK_START = re.compile(r"[\d+\-]")
"""What may start a Markdown block (an ordered or unordered list item)."""


def _plain_paragraphs(text: str) -> str | None:
    """The HTML of ``text`` when it is plain prose in paragraphs, else None.

    What Markdown makes of such text, without running it (a 10,000-product catalogue
    converts 22,000 descriptions: 9 s): each paragraph (lines separated by a blank line)
    in ``<p>``, its line breaks kept. Lines with any other character, with leading or
    trailing spaces, or starting with what may start a list, take the full path.
    """
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if (
            not _PROSE.fullmatch(line)
            or line[0] == " "
            or line[-1] == " "
            or _BLOCK_START.match(line)
        ):
            return None
        paragraphs[-1].append(line)
    return "\n".join("<p>" + "\n".join(lines) + "</p>" for lines in paragraphs if lines)


def description_html(text: str) -> str:
    """A small Markdown subset to HTML; any raw HTML in the source is escaped, never passed."""
    plain = _plain_paragraphs(text)
    if plain is not None:
        return plain
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = _markdown().reset().convert(escaped)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, strip_comments=True)


def unit_label(unit: str, lang: Lang) -> str:
    return vocab.units()[unit].label.get(lang)


def per_unit(unit: str, lang: Lang) -> str:
    return vocab.units()[unit].per.get(lang)


def quantity(q: Quantity | None, lang: Lang) -> str:
    if q is None:
        return ""
    return f"{i18n.number(q.quantity, lang)} {unit_label(q.unit, lang)}"


def price_summary(product: Product, lang: Lang) -> str:
    price = product.price
    if price.on_request or not price.tiers or not price.currency:
        return i18n.t("price_on_request", lang)
    low = min(t.amount for t in price.tiers)
    unit = per_unit(product.moq.unit, lang)
    amount = i18n.money(low, price.currency, lang)
    if len(price.tiers) > 1:
        return i18n.t("price_from", lang, amount=amount, unit=unit)
    return f"{amount} / {unit}"


@dataclass(frozen=True)
class TierRow:
    min_qty: str
    amount: str


def price_tiers(product: Product, lang: Lang) -> list[TierRow]:
    price = product.price
    if price.on_request or not price.currency:
        return []
    unit = unit_label(product.moq.unit, lang)
    per = per_unit(product.moq.unit, lang)
    return [
        TierRow(
            f"≥ {i18n.number(t.min_qty, lang)} {unit}",
            f"{i18n.money(t.amount, price.currency, lang)} / {per}",
        )
        for t in price.tiers
    ]


@dataclass(frozen=True)
class CertRow:
    type: str
    label: str
    number: str
    scheme: str
    issuer: str
    valid: bool
    validity: str


def certificates(product: Product, today: dt.date, lang: Lang) -> list[CertRow]:
    rows = []
    types = vocab.cert_types()
    for c in product.certifications:
        valid = certificate_valid(c, today)
        if c.valid_until is None:
            validity = i18n.t("cert_no_expiry", lang)
        elif valid:
            validity = i18n.t("cert_valid_until", lang, date=i18n.date(c.valid_until, lang))
        else:
            validity = i18n.t("cert_expired", lang, date=i18n.date(c.valid_until, lang))
        rows.append(
            CertRow(
                c.type,
                types[c.type].label.get(lang),
                c.number,
                i18n.t(f"scheme_{c.scheme}", lang) if c.scheme else "",
                c.issuer or "",
                valid,
                validity,
            )
        )
    return rows


def valid_cert_types(product: Product, today: dt.date) -> list[str]:
    return sorted({c.type for c in product.certifications if certificate_valid(c, today)})


# -- export facts (issue 18): price basis and its place, payment, packing, containers ------
SEA_DEPARTURE = ("FOB", "FAS")
"""Sea Incoterms whose named place is the port of loading (CFR and CIF name the port of
destination, which the buyer chooses: ``port_of_loading`` is not their place)."""


def _port(code: str) -> str:
    """A port by name where the vocabulary knows it (``vocab.port_name``), else its code."""
    named = getattr(vocab, "port_name", None)
    return (named(code) if named else None) or code


def price_basis(product: Product, lang: Lang) -> str:
    """``FOB Tanjung Perak, Surabaya (Incoterms® 2020)``: the price's Incoterm with its
    named place (``price.place``; for FOB/FAS without one, the port of loading); empty
    without a basis."""
    price = product.price
    if not price.basis:
        return ""
    place = price.place
    if not place and price.basis in SEA_DEPARTURE and product.port_of_loading:
        place = _port(product.port_of_loading)
    if not place and price.basis in ("CFR", "CIF"):
        place = i18n.t("basis_destination_on_request", lang)
    named = f"{price.basis} {place}" if place else price.basis
    return f"{named} (Incoterms® 2020)"


def payment_terms(product: Product, lang: Lang) -> str:
    labels = vocab.payment_terms()
    return "; ".join(labels[term].get(lang) for term in product.payment_terms)


def _cm(value: float, lang: Lang) -> str:
    return i18n.number(value, lang, 0 if float(value).is_integer() else 1)


def _figure(value: float, lang: Lang) -> str:
    """A quantity as written: ``24``, ``22,68`` (two decimals at most)."""
    if float(value).is_integer():
        return i18n.number(value, lang)
    return i18n.number(value, lang, 1 if float(value * 10).is_integer() else 2)


def export_packing(product: Product, lang: Lang) -> str:
    """``24 buah per karton · 60 × 40 × 40 cm · 18,5 kg bruto``; empty without packing."""
    packing = product.export_packing
    if packing is None:
        return ""
    c = packing.carton_cm
    return i18n.t(
        "export_packing_value",
        lang,
        units=_figure(packing.units_per_carton, lang),
        unit=unit_label(product.moq.unit, lang),
        size=" × ".join(_cm(d, lang) for d in (c.length, c.width, c.height)),
        gross=_figure(packing.gross_kg, lang),
    )


@dataclass(frozen=True)
class LoadRow:
    """One container's row of the product page's export table."""

    container: str
    cartons: str
    units: str
    binding: str
    """``volume`` or ``weight``: which limit binds (a ``data-binding`` for tests)."""
    limit: str


def container_loads(product: Product, lang: Lang) -> list[LoadRow]:
    """Cartons and units per 20-ft and 40-ft container (:mod:`catalog.core.containers`);
    empty without export packing."""
    if product.export_packing is None:
        return []
    unit = unit_label(product.moq.unit, lang)
    return [
        LoadRow(
            load.container.short.get(lang),
            i18n.number(load.cartons, lang),
            f"{_figure(load.units, lang)}\u00a0{unit}",  # the figure and its unit stay together
            load.binding,
            i18n.t(f"export_limit_{load.binding}", lang),
        )
        for load in containers.loads(product.export_packing)
    ]


def quote_packing(product: Product) -> dict[str, float | int] | None:
    """``packing`` of the product's quote JSON: ``units_per_carton``, ``carton_m3`` (4
    decimals), ``carton_kg``; None without export packing. The container figures come once
    per page (``containers`` of theme/main.html's cat-i18n JSON)."""
    return containers.quote_packing(product.export_packing)


def container_note(lang: Lang) -> str:
    """How the table was computed: loading factor and payloads (containers.yaml)."""
    spec = vocab.shipping()
    return i18n.t(
        "export_note",
        lang,
        factor=i18n.number(spec.loading_factor, lang, 2),
        figures="; ".join(
            f"{c.label.get(lang)}: {i18n.number(c.internal_m3, lang, 1)} m³, "
            f"{i18n.number(c.payload_kg, lang)} kg"
            for c in spec.containers
        ),
    )


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: str
    untranslated: bool = False
    note: str = ""
    """Shown after the value: the HS subheading's official description."""
    note_lang: str | None = None
    """``lang`` of the note when it differs from the page's (``en`` on Indonesian pages)."""


def facts(entry: ProductEntry, lang: Lang) -> list[Fact]:
    m = entry.model
    rows: list[Fact] = []

    def add(key: str, value: str | Localized | None) -> None:
        if not value:
            return
        if isinstance(value, Localized):
            rows.append(Fact(key, i18n.t(f"fact_{key}", lang), value.text, value.untranslated))
        else:
            rows.append(Fact(key, i18n.t(f"fact_{key}", lang), value))

    add("moq", quantity(m.moq, lang))
    add("capacity", quantity(m.capacity_per_month, lang))
    lt = m.lead_time_days
    add(
        "lead_time",
        i18n.t("days_range", lang, min=lt.min, max=lt.max)
        if lt.min != lt.max
        else i18n.t("days", lang, n=lt.min),
    )
    add("price", price_summary(m, lang))
    add("price_basis", price_basis(m, lang))
    add("payment_terms", payment_terms(m, lang))
    add("incoterms", ", ".join(m.incoterms))
    if m.port_of_loading:
        add("port_of_loading", vocab.port_label(m.port_of_loading))
    if m.hs_code:
        # HS 2022's official text is English only: `lang="en"` on Indonesian pages
        rows.append(
            Fact(
                "hs_code",
                i18n.t("fact_hs_code", lang),
                m.hs_code,
                note=vocab.hs_description(m.hs_code) or "",
                note_lang=None if lang == "en" else "en",
            )
        )
    add("material", pick(m.material, lang))
    add("packaging", pick(m.packaging, lang))
    add("export_packing", export_packing(m, lang))
    if m.size_cm:
        dims = [m.size_cm.length, m.size_cm.width] + (
            [m.size_cm.height] if m.size_cm.height else []
        )
        add(
            "size",
            " × ".join(i18n.number(d, lang, 0 if float(d).is_integer() else 1) for d in dims)
            + " cm",
        )
    if m.net_weight_g:
        w = m.net_weight_g
        add(
            "weight",
            f"{i18n.number(w / 1000, lang, 2)} kg" if w >= 1000 else f"{i18n.number(w, lang)} g",
        )
    if m.shelf_life_days:
        add("shelf_life", i18n.t("days", lang, n=m.shelf_life_days))
    add("storage", pick(m.storage, lang))
    if m.samples is not None:
        text = (
            i18n.t("samples_free" if m.samples.free else "samples_paid", lang)
            if m.samples.available
            else i18n.t("samples_none", lang)
        )
        note = pick(m.samples.note, lang)
        add("samples", f"{text}. {note.text}" if note else text)
    if m.customization is not None:
        text = i18n.t("yes" if m.customization.oem else "no", lang)
        note = pick(m.customization.note, lang)
        add("oem", f"{text}. {note.text}" if note else text)
    return rows


def amount(value: float) -> int | float:
    """A price as JSON wants it: 32000, not 32000.0."""
    return int(value) if float(value).is_integer() else value


def whatsapp_link(number: str, message: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"https://wa.me/{digits}?text={quote(message, safe='')}"


def mailto_href(address: str) -> str:
    """``mailto:`` for an address, every character but ``@`` percent-encoded: an address
    may legally hold ``?``, ``&``, ``=`` or ``%`` (``a?bcc=x%40evil.example@host``), which
    would otherwise add headers such as a hidden ``bcc`` to the buyer's message."""
    return "mailto:" + quote(address, safe="@")


def mailto_link(address: str, subject: str, body: str) -> str:
    return f"{mailto_href(address)}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as inline SVG for the printed product page (segno).

    One ``<path>``, no XML declaration, no size (CSS sizes it): about 2.4 KB for a product
    URL. Segno picks the smallest version that holds the URL (error correction L, raised
    while the version stays) and always the same mask, so the same URL gives the same SVG."""
    import segno

    return segno.make_qr(url).svg_inline(border=4, omitsize=True, svgclass=None, lineclass=None)


def segments(product: Product, lang: Lang) -> list[str]:
    labels = vocab.segments()
    return [labels[s].get(lang) for s in product.buyer_segments]


def countries(codes: list[str], lang: Lang) -> list[str]:
    names = _territories(lang)
    return [names.get(code, code) for code in codes]


@cache
def _territories(lang: Lang) -> dict[str, str]:
    """Country names in ``lang`` by ISO code (Babel parses the locale on every ask)."""
    from babel import Locale

    return dict(Locale.parse(i18n.LOCALES[lang]).territories)


def moq_band(product: Product) -> str:
    """Filter bucket for the minimum order, in the MOQ's own unit."""
    q = product.moq.quantity
    for limit, band in ((10, "1-10"), (100, "11-100"), (1000, "101-1000")):
        if q <= limit:
            return band
    return "1000+"


def supplier_of(catalog: Catalog, entry: ProductEntry) -> SupplierEntry:
    return catalog.suppliers[entry.supplier_id]


# -- services (issue 21): what a hotel or office buyer reads about a service --------------
def service_price(service, lang: Lang) -> str:
    """``Rp 9.500 / kg`` or "price on request" (a service has one price per unit)."""
    price = service.price
    if price.on_request or not price.currency or price.amount is None:
        return i18n.t("price_on_request", lang)
    unit = per_unit(price.unit or service.capacity.unit, lang)
    return f"{i18n.money(price.amount, price.currency, lang)} / {unit}"


def service_capacity(service, lang: Lang) -> str:
    """``300 kg per hari`` / ``300 kg per day``."""
    c = service.capacity
    return i18n.t(
        f"svc_capacity_{c.per}",
        lang,
        qty=i18n.number(c.quantity, lang),
        unit=unit_label(c.unit, lang),
    )


def service_turnaround(service, lang: Lang) -> str:
    ta = service.turnaround
    if ta.min == ta.max:
        return i18n.t(f"svc_{ta.unit}s", lang, n=ta.min)
    return i18n.t(f"svc_{ta.unit}s_range", lang, min=ta.min, max=ta.max)


def service_areas(entry) -> str:
    """``Kota Surabaya, Kabupaten Sidoarjo``: the regencies/cities served, as written."""
    return ", ".join(area.name for area in entry.areas)


def cert_percentage(cert, lang: Lang) -> str:
    """TKDN's domestic content, ``43,27 %`` / ``43.27%``; empty for other certificates."""
    value = getattr(cert, "percentage", None)
    if value is None:
        return ""
    decimals = 0 if float(value).is_integer() else 2
    return i18n.t("svc_tkdn_percent", lang, value=i18n.number(value, lang, decimals))


def entry_certificates(model, today: dt.date, lang: Lang) -> list[dict]:
    """:func:`certificates` with each certificate's percentage (TKDN), for any entry."""
    by_number = {(c.type, c.number): c for c in model.certifications}
    return [
        {"row": row, "percentage": cert_percentage(by_number[(row.type, row.number)], lang)}
        for row in certificates(model, today, lang)
    ]

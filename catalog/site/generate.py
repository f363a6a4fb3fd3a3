"""The page generator: Catalog + processed images -> pages and feeds, as data.

Pure and engine-independent: nothing here imports MkDocs or writes files. The
same input gives the same pages in the same order (everything is sorted).
"""

from __future__ import annotations

import hashlib
import re
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import chain, islice
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..core import i18n, vocab
from ..core.catalogue import Catalog, ProductEntry, ServiceEntry, SupplierEntry
from ..core.diagnostics import Lang
from ..images import ProcessedImage, picture_html
from . import feeds, views
from .jsonld import product_jsonld, script_safe
from .model import PAGE_SEGMENT, Page, SiteContent, SiteSettings, page_url, relative

CARD_SIZES = "(max-width: 480px) 92vw, (max-width: 960px) 45vw, 280px"
GALLERY_SIZES = "(max-width: 760px) 100vw, 640px"
RELATED = 4
"""Related products on a product page: same supplier first, then same category."""
PAGE_SIZE = 48
"""Product cards per listing page: the catalogue, a category, a region and a supplier's
products are split into pages of this many cards, as Material's blog plugin paginates
its archives. Page 1 keeps the listing's URL (``products/``, ``categories/<id>/``),
page N is at ``<listing>/page/N/`` (Markdown path ``products/page/2.md``). 48 fills
whole rows of 2, 3 and 4 columns; at 10,000 products it turns an 18 MB catalogue page
into 209 pages of about 100 KB."""
_ROOT_MARK = "\x00"
"""Stands for the way back to the site root while a card is rendered once for every page
showing it (:meth:`Generator.card_html`)."""
PAGER_AROUND = 2
"""Page numbers the pager links either side of the current page (besides the first and
the last); the numbers in between are left out and shown as a gap."""


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("catalog", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["mailto"] = views.mailto_href
    env.filters["unsearchable"] = views.unsearchable
    return env


def _compact(html: str) -> str:
    """One HTML block without blank or indented lines, so Markdown passes it through."""
    return "\n".join(filter(None, map(str.strip, html.splitlines())))


BLOCKS = ("featured", "categories", "provinces", "stats", "join_form")
"""The generated blocks hand-written pages may show (:meth:`Generator.blocks`)."""
BLOCK_MARKER = re.compile(r"<!--\s*catalog:([a-z_]+)\s*-->")
"""Where a hand-written page shows a block: ``<!-- catalog:NAME -->``."""


def page_count(items: int) -> int:
    """Pages a listing of ``items`` products takes (at least one, even when empty)."""
    return max(1, -(-items // PAGE_SIZE))


def paged_path(path: str, number: int) -> str:
    """Docs-relative path of page ``number`` of the listing whose first page is ``path``:
    ``products/index.md`` -> ``products/page/2.md``, ``categories/kopi.md`` ->
    ``categories/kopi/page/2.md``."""
    if number == 1:
        return path
    if path == "index.md" or path.endswith("/index.md"):
        base = path[: -len("index.md")]
    else:
        base = path[: -len(".md")] + "/"
    return f"{base}{PAGE_SEGMENT}/{number}.md"


def pager_numbers(number: int, pages: int, around: int = PAGER_AROUND) -> list[int | None]:
    """The page numbers a pager shows, in order, ``None`` for a gap: the first and last
    page and ``around`` pages either side of ``number``; a gap of a single page shows
    that page instead (``1 2 3`` rather than ``1 … 3``)."""
    wanted = sorted({1, pages, *range(max(1, number - around), min(pages, number + around) + 1)})
    shown: list[int | None] = []
    previous = 0
    for n in wanted:
        if n - previous == 2:
            shown.append(n - 1)
        elif n - previous > 2:
            shown.append(None)
        shown.append(n)
        previous = n
    return shown


@dataclass(frozen=True)
class Pager:
    """The page links of one page of a paginated listing (``_pager.html`` lays them out),
    each URL relative to the page showing them."""

    number: int
    pages: int
    links: tuple[tuple[int | None, str], ...]
    """(page number, URL) in order; ``(None, "")`` for a gap."""
    previous: str | None
    next: str | None


class Generator:
    """Builds every page for every language from one catalogue."""

    def __init__(
        self, catalog: Catalog, images: dict[Path, ProcessedImage], settings: SiteSettings
    ):
        self.catalog = catalog
        self.images = images
        self.settings = settings
        self._image_of: dict[tuple[str, int], ProcessedImage | None] = {}
        self._cards: dict[tuple[str, str], dict[str, Any]] = {}
        self._card_parts: dict[tuple[str, str, bool], list[str] | None] = {}
        self._fingerprints: dict[tuple[str, str], bytes] = {}
        self._filter_regencies: dict[str, str] | None = None
        self.qr: dict[str, str] = {}
        """QR code SVG by product page URL, made earlier (:mod:`catalog.build.qr`, issue
        20); a URL it lacks gets its code made here."""
        self.products = catalog.published()
        self.by_supplier: dict[str, list[ProductEntry]] = defaultdict(list)
        self.by_category: dict[str, list[ProductEntry]] = defaultdict(list)
        self.by_province: dict[str, list[ProductEntry]] = defaultdict(list)
        for p in self.products:
            self.by_supplier[p.supplier_id].append(p)
            self.by_category[p.model.category].append(p)
            self.by_province[catalog.supplier_of(p).province.code].append(p)
        # services (issue 21): pages beside the products' (same folder, same id space),
        # listed on their supplier's page and on the region pages of the province they
        # are in and of every province whose regencies they serve
        self.services = catalog.published_services()
        self.services_by_supplier: dict[str, list[ServiceEntry]] = defaultdict(list)
        self.services_by_province: dict[str, list[ServiceEntry]] = defaultdict(list)
        for s in self.services:
            self.services_by_supplier[s.supplier_id].append(s)
            provinces = {catalog.supplier_of(s).province.code}
            provinces.update(area.province_code for area in s.areas)
            for code in sorted(provinces):
                self.services_by_province[code].append(s)

    # -- URLs ---------------------------------------------------------------
    @staticmethod
    def product_path(entry: ProductEntry, lang: Lang) -> str:
        return f"{i18n.prefix(lang)}products/{entry.supplier_id}/{entry.id}.md"

    @staticmethod
    def supplier_path(supplier_id: str, lang: Lang) -> str:
        return f"{i18n.prefix(lang)}suppliers/{supplier_id}.md"

    @staticmethod
    def category_path(category: str, lang: Lang) -> str:
        return f"{i18n.prefix(lang)}categories/{category}.md"

    @staticmethod
    def region_path(province: vocab.Region, lang: Lang) -> str:
        return f"{i18n.prefix(lang)}regions/{province.slug}.md"

    @staticmethod
    def directory_path(name: str, lang: Lang) -> str:
        """The index page of ``suppliers/``, ``categories/`` or ``regions/``: at the
        folder's own URL, so no id may be ``index`` there (R323; categories and province
        slugs are vocabulary, checked by tests/test_directories.py)."""
        return f"{i18n.prefix(lang)}{name}/index.md"

    @staticmethod
    def reserved_ids() -> dict[str, list[str]]:
        """Supplier and product ids the site's URLs reserve (rule R323), for the join form."""
        from ..core.rules import RESERVED_IDS

        return {kind: sorted(names) for kind, names in RESERVED_IDS.items()}

    @staticmethod
    def issue_form() -> dict[str, Any]:
        """The GitHub issue form, for the join page's script (prefill link, shared text).

        ``fields`` in the form's order, each with its id (the prefill parameter), kind, the
        ``### Label`` GitHub writes, its options' texts (what the body carries) and model
        values (what the page's own selects hold), and whether several may be chosen. The
        script renders a body byte-identical to :func:`catalog.core.issue_form.render_body`."""
        from ..core import issue_form

        return {
            "template": issue_form.TEMPLATE,
            "title_prefix": issue_form.TITLE_PREFIX,
            "no_response": issue_form.NO_RESPONSE,
            "fields": [
                {
                    "id": f.id,
                    "kind": f.kind,
                    "label": issue_form.shown_label(f),
                    "options": [o.text for o in f.options],
                    "values": [o.value for o in f.options],
                    "multiple": f.multiple,
                }
                for f in issue_form.fields()
                if f.kind != "markdown"
            ],
        }

    @staticmethod
    def text_limits() -> dict[str, int]:
        """Most characters per language of buyer-facing texts, for the join form's maxlength."""
        from ..core.models import TEXT_LIMITS

        return dict(TEXT_LIMITS)

    @staticmethod
    def issue_form_label(field_id: str) -> str:
        """The ``### Label`` of one issue-form field (what the submitter sees on GitHub)."""
        from ..core import issue_form

        return issue_form.shown_label(issue_form.by_id()[field_id])

    def join_suppliers(self) -> list[list[str]]:
        """[NIB, id, name] of every supplier: the join page recognises a business already in
        the catalogue by its NIB (as ``catalog intake`` does) and asks nothing more about it.
        NIBs are public: supplier pages show them."""
        return [
            [s.model.nib, sid, s.model.name] for sid, s in sorted(self.catalog.suppliers.items())
        ]

    def qr_urls(self) -> list[str]:
        """The absolute URL of every product page: what their QR codes encode."""
        return [
            self.absolute(page_url(self.product_path(entry, lang)))
            for entry in self.products
            for lang in self.settings.langs
        ]

    def absolute(self, url: str) -> str:
        return self.settings.site_url.rstrip("/") + "/" + url

    def media_root(self, root: str) -> str:
        """What goes before a photo's ``media/…`` URL on a page whose way to the site root
        is ``root``: ``media_url`` when photos live at their own base URL, else ``root``."""
        return self.settings.media_url or root

    def result_data(
        self, entry: ProductEntry | ServiceEntry, lang: Lang, quote: dict[str, Any]
    ) -> dict[str, Any]:
        """What a search result's card shows besides its text (carried in the page's
        search metadata, :func:`views.unsearchable`), compact - a result page fetches one
        per result: the quote-list data without what other metadata already says
        (supplier, province) or ``photo`` gives; the first photo's URL stem (site-relative,
        or under ``media_url``), each format's ``[rest of the URL, width]`` and its size and
        alt text. catalog.js puts the card back together."""
        supplier = self.catalog.supplier_of(entry)
        given = {"supplier": supplier.model.name, "province": supplier.province.name}
        data: dict[str, Any] = {}
        image = self.image_for(entry, 0) if entry.model.images else None
        if image is not None:
            urls = [v.url for variants in image.formats.values() for v in variants]
            common = os.path.commonprefix(urls)
            data["photo"] = self.media_root("") + common
            for fmt, variants in image.formats.items():
                if variants:
                    data[fmt] = [[v.url[len(common) :], v.width] for v in variants]
            if data.get("jpeg"):
                given["photo"] = data["photo"] + data["jpeg"][0][0]
            widest = image.widest()
            data["size"] = f"{widest.width}x{widest.height}"
            data["alt"] = entry.model.images[0].alt.get(lang)
        data["quote"] = {k: v for k, v in quote.items() if k not in given or given[k] != v}
        return data

    def media_absolute(self, url: str) -> str:
        """The absolute URL of a photo (Open Graph, JSON-LD, feeds)."""
        media = self.settings.media_url
        return media + url if media else self.absolute(url)

    def image_for(self, entry: ProductEntry, index: int) -> ProcessedImage | None:
        key = (entry.key, index)
        if key not in self._image_of:
            self._image_of[key] = self.images.get(entry.photos[index])
        return self._image_of[key]

    # -- rendering helpers -----------------------------------------------------
    def _render_with_root(self, template: str, lang: Lang, root: str, **context: Any) -> str:
        """Render a fragment whose links all start from ``root`` (no page-relative URLs)."""

        def t(key: str, **params: Any) -> str:
            return i18n.t(key, lang, **params)

        return _compact(
            environment()
            .get_template(template)
            .render(lang=lang, t=t, root=root, gen=self, **context)
        )

    def _render(self, template: str, lang: Lang, current: str, **context: Any) -> str:
        root = relative("", current)

        def url(target_path: str) -> str:
            return relative(page_url(target_path), current)

        def t(key: str, **params: Any) -> str:
            return i18n.t(key, lang, **params)

        def card(c: dict[str, Any], eager: bool = False) -> Markup:
            # A function rather than a Jinja macro: a macro call costs ~15 us, and a
            # 10,000-product catalogue shows 160,000 cards.
            return self.card_html(c["entry"], lang, root, eager)

        html = (
            environment()
            .get_template(template)
            .render(
                lang=lang,
                t=t,
                url=url,
                root=root,
                card=card,
                gen=self,
                views=views,
                vocab=vocab,
                i18n=i18n,
                current_url=lambda: current,
                gallery_sizes=GALLERY_SIZES,
                **context,
            )
        )
        return _compact(html)

    def picture(
        self,
        entry: ProductEntry,
        index: int,
        lang: Lang,
        current: str,
        *,
        eager: bool = False,
        sizes: str = CARD_SIZES,
    ) -> Markup:
        return self.picture_at(entry, index, lang, relative("", current), eager=eager, sizes=sizes)

    def picture_at(
        self,
        entry: ProductEntry,
        index: int,
        lang: Lang,
        root: str,
        *,
        eager: bool = False,
        sizes: str = CARD_SIZES,
    ) -> Markup:
        """``<picture>`` with URLs relative to a page whose way to the root is ``root``."""
        image = self.image_for(entry, index)
        if image is None:
            return Markup("")
        alt = entry.model.images[index].alt.get(lang)
        return Markup(
            picture_html(image, alt, sizes=sizes, eager=eager, url_prefix=self.media_root(root))
        )

    def card_html(self, entry: ProductEntry, lang: Lang, root: str, eager: bool = False) -> Markup:
        """A rendered card for a page whose way back to the site root is ``root``.

        Listings and related products repeat the same cards thousands of times on big
        catalogues, on pages at different depths. A card's HTML depends on its page only
        through ``root`` (the start of its links and photo URLs), so it is rendered once
        per (product, language, eager) with :data:`_ROOT_MARK` in its place, and each
        page joins the pieces with its own ``root``. A card whose text holds the mark
        itself is rendered for every page instead."""
        key = (entry.key, lang, eager)
        if key in self._card_parts:
            parts = self._card_parts[key]
        else:
            c = self.card(entry, lang)
            parts = None
            if not self._mentions_root_mark(c, entry, lang):
                parts = self._render_with_root(
                    "card.html", lang, _ROOT_MARK, c=c, eager=eager
                ).split(_ROOT_MARK)
            self._card_parts[key] = parts
        if parts is None or str(escape(root)) != root:
            return Markup(
                self._render_with_root(
                    "card.html", lang, root, c=self.card(entry, lang), eager=eager
                )
            )
        return Markup(root.join(parts))

    @staticmethod
    def _mentions_root_mark(c: dict[str, Any], entry: ProductEntry, lang: Lang) -> bool:
        texts = [c["name"], c["supplier"], c["province"], c["moq"], c["price"], c["quote"]["unit"]]
        if entry.model.images:
            texts.append(entry.model.images[0].alt.get(lang))
        return any(_ROOT_MARK in text for text in texts)

    def card(self, entry: ProductEntry, lang: Lang) -> dict[str, Any]:
        """Everything a product card shows (shared by listings and the quote list)."""
        hit = self._cards.get((entry.key, lang))
        if hit is None:
            hit = self._cards[(entry.key, lang)] = self._card(entry, lang)
        return hit

    def _card(self, entry: ProductEntry, lang: Lang) -> dict[str, Any]:
        if isinstance(entry, ServiceEntry):
            return self._service_card(entry, lang)
        m = entry.model
        supplier = self.catalog.supplier_of(entry)
        return {
            "entry": entry,
            "key": entry.key,
            "kind": "product",
            "name": m.name.get(lang),
            "supplier": supplier.model.name,
            "province": supplier.province.name,
            "moq": views.quantity(m.moq, lang),
            "price": views.price_summary(m, lang),
            "on_request": m.price.on_request,
            "export_ready": not self.catalog.export_ready_gaps(entry),
            "path": self.product_path(entry, lang),
            "url": page_url(self.product_path(entry, lang)),
            "quote": {
                "id": entry.key,
                "name": m.name.get(lang),
                "supplier": supplier.model.name,
                "moq": m.moq.quantity,
                "unit": views.unit_label(m.moq.unit, lang),
                "url": self.absolute(page_url(self.product_path(entry, lang))),
                "packing": views.quote_packing(m),
                **self._quote_extras(entry, lang),
            },
        }

    def _quote_extras(self, entry: ProductEntry, lang: Lang) -> dict[str, Any]:
        """What the quote list (the tier price that applies to a quantity) and the compare
        page (theme/assets/catalog.js) read from a product's quote JSON besides its name
        and MOQ. Short keys and a site-relative photo: every card carries it."""
        m = entry.model
        price = m.price
        image = self.image_for(entry, 0) if m.images else None
        cert_types = vocab.cert_types()
        return {
            "price": None
            if price.on_request or not price.currency
            else {
                "currency": price.currency,
                "basis": price.basis,
                "per": views.per_unit(m.moq.unit, lang),
                "tiers": [[t.min_qty, views.amount(t.amount)] for t in price.tiers],
            },
            "province": self.catalog.supplier_of(entry).province.name,
            "photo": self.media_root("") + image.formats["jpeg"][0].url
            if image and image.formats.get("jpeg")
            else None,
            "lead": [m.lead_time_days.min, m.lead_time_days.max],
            "incoterms": list(m.incoterms),
            "certs": [
                cert_types[c].label.get(lang) for c in views.valid_cert_types(m, self.catalog.today)
            ],
        }

    # -- services (issue 21) ---------------------------------------------------------------
    def _service_card(self, entry: ServiceEntry, lang: Lang) -> dict[str, Any]:
        """A service's card: the keys of a product's (the card template and the quote list
        read them) plus ``kind``, the service type, the areas served and the capacity."""
        m = entry.model
        supplier = self.catalog.supplier_of(entry)
        path = self.product_path(entry, lang)
        return {
            "entry": entry,
            "key": entry.key,
            "kind": "service",
            "name": m.name.get(lang),
            "supplier": supplier.model.name,
            "province": supplier.province.name,
            "moq": views.quantity(m.min_order, lang),
            "price": views.service_price(m, lang),
            "on_request": m.price.on_request,
            "export_ready": False,
            "service": vocab.services()[m.service].label.get(lang),
            "areas": views.service_areas(entry),
            "capacity": views.service_capacity(m, lang),
            "path": path,
            "url": page_url(path),
            "quote": self._service_quote(entry, lang),
        }

    def _service_quote(self, entry: ServiceEntry, lang: Lang) -> dict[str, Any]:
        """The quote-list item of a service (theme/assets/catalog.js): counted in the
        service's unit (its minimum order's, else its price's, else its capacity's), the
        minimum order as ``moq`` (1 without one) and its one price as a single tier from
        that minimum; ``kind`` and ``areas`` tell the list it has no container load."""
        m = entry.model
        supplier = self.catalog.supplier_of(entry)
        unit = (m.min_order.unit if m.min_order else None) or m.price.unit or m.capacity.unit
        moq = m.min_order.quantity if m.min_order and m.min_order.unit == unit else 1
        price = m.price
        priced = (
            not price.on_request
            and price.currency
            and price.amount is not None
            and (price.unit or m.capacity.unit) == unit
        )
        image = self.image_for(entry, 0) if m.images else None
        cert_types = vocab.cert_types()
        return {
            "id": entry.key,
            "name": m.name.get(lang),
            "supplier": supplier.model.name,
            "moq": moq,
            "unit": views.unit_label(unit, lang),
            "url": self.absolute(page_url(self.product_path(entry, lang))),
            "packing": None,
            "kind": "service",
            "areas": views.service_areas(entry),
            "price": {
                "currency": price.currency,
                "basis": None,
                "per": views.per_unit(unit, lang),
                "tiers": [[moq, views.amount(price.amount)]],
            }
            if priced
            else None,
            "province": supplier.province.name,
            "photo": self.media_root("") + image.formats["jpeg"][0].url
            if image and image.formats.get("jpeg")
            else None,
            "incoterms": [],
            "certs": [
                cert_types[c].label.get(lang) for c in views.valid_cert_types(m, self.catalog.today)
            ],
        }

    def checked_mark(self, supplier_id: str, lang: Lang) -> dict[str, str] | None:
        """ "Checked by the trading house on <date>": the supplier's latest staff assessment
        (result label and date in ``lang``), None when never assessed."""
        latest = self.catalog.assessment(supplier_id)
        if latest is None:
            return None
        return {
            "date": i18n.date(latest.assessed_on, lang),
            "iso": latest.assessed_on.isoformat(),
            "result": latest.result,
            "label": vocab.curation_results()[latest.result].get(lang),
        }

    def entry_regencies(self, entry: ProductEntry | ServiceEntry) -> list[str]:
        """The regency/city filter values of an entry: where a product's supplier is, every
        regency/city a service serves."""
        if isinstance(entry, ServiceEntry):
            return sorted({area.name for area in entry.areas})
        return [self.catalog.regency_of(entry).name]

    def filter_regencies(self) -> dict[str, str]:
        """Regency/city filter ids (Kemendagri codes) and names: those of the suppliers of
        published products and of the areas published services serve."""
        if self._filter_regencies is None:
            codes = {self.catalog.supplier_of(p).model.region for p in self.products}
            for s in self.services:
                codes.update(s.model.areas)
            self._filter_regencies = {code: vocab.regency_label(code) for code in sorted(codes)}
        return dict(self._filter_regencies)

    def service_page(self, entry: ServiceEntry, lang: Lang) -> Page:
        m = entry.model
        supplier = self.catalog.supplier_of(entry)
        path = self.product_path(entry, lang)
        current = page_url(path)
        paths = {lg: self.product_path(entry, lg) for lg in self.settings.langs}
        og: dict[str, Any] = {}
        image = self.image_for(entry, 0) if m.images else None
        if image is not None:
            og = {
                "og_image": self.media_absolute(image.og.url),
                "og_image_width": image.og.width,
                "og_image_height": image.og.height,
                "og_image_alt": m.images[0].alt.get(lang),
            }
        page_url_abs = self.absolute(current)
        wa_message = i18n.t(
            "wa_product_message",
            lang,
            name=m.name.get(lang),
            supplier=supplier.model.name,
            url=page_url_abs,
        )
        house = self.settings.house
        wa_number = house.whatsapp or supplier.model.contact.whatsapp
        email = house.email or supplier.model.contact.email
        service_type = vocab.services()[m.service]
        related = self._service_related(entry)
        body = self._render(
            "service.html",
            lang,
            current,
            entry=entry,
            m=m,
            supplier=supplier,
            name=views.pick(m.name, lang),
            description=views.pick(m.description, lang),
            description_html=Markup(views.description_html(m.description.get(lang))),
            service_type=service_type,
            this=self.card(entry, lang),
            areas=views.service_areas(entry),
            capacity=views.service_capacity(m, lang),
            turnaround=views.service_turnaround(m, lang),
            price=views.service_price(m, lang),
            min_order=views.quantity(m.min_order, lang),
            payment=views.payment_terms(m, lang),
            certs=views.entry_certificates(m, self.catalog.today, lang),
            valid_certs=views.valid_cert_types(m, self.catalog.today),
            segments=views.segments(m, lang),
            regencies=self.entry_regencies(entry),
            checked=self.checked_mark(supplier.id, lang),
            related=[self.card(e, lang) for e in related],
            wa_link=views.whatsapp_link(wa_number, wa_message) if wa_number else None,
            mail_link=views.mailto_link(
                email, i18n.t("mail_subject", lang, name=m.name.get(lang)), wa_message
            )
            if email
            else None,
            page_url_abs=page_url_abs,
            house=house,
        )
        meta = self._meta(
            lang, m.name.get(lang), m.description.get(lang), paths, og_type="website", **og
        )
        return Page(path, meta, body)

    def alternates(self, path_for: dict[Lang, str], current: str) -> list[dict[str, str]]:
        """hreflang pairs of the page at path ``current``: absolute ``href`` (link tags,
        sitemap) and ``link`` relative to that page (the language selector)."""
        here = page_url(current)
        alts = [
            {
                "lang": lang,
                "href": self.absolute(page_url(path)),
                "link": relative(page_url(path), here),
            }
            for lang, path in path_for.items()
        ]
        if "id" in path_for:
            alts.append(
                {
                    "lang": "x-default",
                    "href": self.absolute(page_url(path_for["id"])),
                    "link": relative(page_url(path_for["id"]), here),
                }
            )
        return alts

    def _meta(
        self, lang: Lang, title: str, description: str, paths: dict[Lang, str], **extra: Any
    ) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "title": title,
            "description": " ".join(description.split())[:300],
            "lang": lang,
            "alternates": self.alternates(paths, paths[lang]),
            "og_locale": i18n.OG_LOCALES[lang],
            "hide": ["navigation", "toc"],
        }
        meta.update(extra)
        return meta

    # -- pages --------------------------------------------------------------
    def product_page(self, entry: ProductEntry, lang: Lang) -> Page:
        m = entry.model
        supplier = self.catalog.supplier_of(entry)
        path = self.product_path(entry, lang)
        current = page_url(path)
        paths = {lg: self.product_path(entry, lg) for lg in self.settings.langs}
        image_urls = []
        og: dict[str, Any] = {}
        for i in range(len(m.images)):
            image = self.image_for(entry, i)
            if image is not None:
                image_urls.append(self.media_absolute(image.largest("jpeg").url))
                if not og:
                    og = {
                        "og_image": self.media_absolute(image.og.url),
                        "og_image_width": image.og.width,
                        "og_image_height": image.og.height,
                        "og_image_alt": m.images[i].alt.get(lang),
                    }
        url = self.absolute(current)
        ld = product_jsonld(
            entry,
            supplier,
            lang=lang,
            url=url,
            supplier_url=self.absolute(page_url(self.supplier_path(supplier.id, lang))),
            images=image_urls,
            settings=self.settings,
        )
        related = self._related(entry)
        page_url_abs = url
        wa_message = i18n.t(
            "wa_product_message",
            lang,
            name=m.name.get(lang),
            supplier=supplier.model.name,
            url=page_url_abs,
        )
        contact = supplier.model.contact
        house = self.settings.house
        wa_number = house.whatsapp or contact.whatsapp
        email = house.email or contact.email
        body = self._render(
            "product.html",
            lang,
            current,
            entry=entry,
            m=m,
            supplier=supplier,
            name=views.pick(m.name, lang),
            description=views.pick(m.description, lang),
            description_html=Markup(views.description_html(m.description.get(lang))),
            facts=views.facts(entry, lang),
            tiers=views.price_tiers(m, lang),
            certs=views.certificates(m, self.catalog.today, lang),
            segments=views.segments(m, lang),
            markets=views.countries(m.export_markets, lang),
            category=vocab.categories()[m.category],
            this=self.card(entry, lang),
            related=[self.card(p, lang) for p in related],
            gaps=self.catalog.export_ready_gaps(entry),
            wa_link=views.whatsapp_link(wa_number, wa_message) if wa_number else None,
            mail_link=views.mailto_link(
                email, i18n.t("mail_subject", lang, name=m.name.get(lang)), wa_message
            )
            if email
            else None,
            valid_certs=views.valid_cert_types(m, self.catalog.today),
            moq_band=views.moq_band(m),
            path=path,
            checked=self.checked_mark(supplier.id, lang),
            regencies=self.entry_regencies(entry),
            cert_rows=views.entry_certificates(m, self.catalog.today, lang),
            page_url_abs=page_url_abs,
            qr_svg=Markup(self.qr.get(page_url_abs) or views.qr_svg(page_url_abs)),
            house=house,
        )
        meta = self._meta(
            lang,
            m.name.get(lang),
            m.description.get(lang),
            paths,
            og_type="product",
            jsonld=script_safe(ld),
            **og,
        )
        return Page(path, meta, body)

    def discontinued_page(self, entry: ProductEntry, lang: Lang) -> Page:
        path = self.product_path(entry, lang)
        supplier = self.catalog.suppliers[entry.supplier_id]
        paths = {lg: self.product_path(entry, lg) for lg in self.settings.langs}
        body = self._render(
            "discontinued.html",
            lang,
            page_url(path),
            entry=entry,
            supplier=supplier,
            name=entry.model.name.get(lang),
        )
        meta = self._meta(
            lang,
            entry.model.name.get(lang),
            i18n.t("discontinued_text", lang, supplier=supplier.model.name),
            paths,
            robots="noindex",
        )
        return Page(path, meta, body)

    def supplier_page(self, supplier: SupplierEntry, lang: Lang, number: int = 1) -> Page:
        base = {lg: self.supplier_path(supplier.id, lg) for lg in self.settings.langs}
        s = supplier.model
        entries = self.by_supplier[supplier.id]
        paths, shown, pager = self._paginate(base, lang, entries, number)
        body = self._render(
            "supplier.html",
            lang,
            page_url(paths[lang]),
            supplier=supplier,
            s=s,
            description=views.pick(s.description, lang),
            description_html=Markup(views.description_html(s.description.get(lang)))
            if number == 1
            else "",
            markets=views.countries(s.export_markets, lang),
            cards=[self.card(p, lang) for p in shown],
            total=len(entries),
            number=number,
            pager=pager,
            province_path=self.region_path(supplier.province, lang),
            services=[self.card(e, lang) for e in self.services_by_supplier[supplier.id]]
            if number == 1
            else [],
            checked=self.checked_mark(supplier.id, lang),
        )
        meta = self._meta(
            lang,
            self._paged_title(s.name, lang, number),
            s.description.get(lang),
            paths,
            og_type="website",
        )
        return Page(paths[lang], meta, body)

    def _paginate(
        self, base: dict[Lang, str], lang: Lang, entries: list[ProductEntry], number: int
    ) -> tuple[dict[Lang, str], list[ProductEntry], Pager | None]:
        """Paths of page ``number`` of a listing (first pages at ``base``) in every
        language, the products it shows, and its pager (None for a one-page listing)."""
        pages = page_count(len(entries))
        if not 1 <= number <= pages:
            raise ValueError(f"{base[lang]}: no page {number} (1 to {pages})")
        paths = {lg: paged_path(path, number) for lg, path in base.items()}
        shown = entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        if pages == 1:
            return paths, shown, None
        here = page_url(paths[lang])

        def link(n: int) -> str:
            return relative(page_url(paged_path(base[lang], n)), here)

        pager = Pager(
            number,
            pages,
            tuple((n, link(n)) if n else (None, "") for n in pager_numbers(number, pages)),
            link(number - 1) if number > 1 else None,
            link(number + 1) if number < pages else None,
        )
        return paths, shown, pager

    @staticmethod
    def _paged_title(title: str, lang: Lang, number: int) -> str:
        """The title of page ``number`` (``<title>``, Open Graph): the page from 2 on."""
        return title if number == 1 else i18n.t("page_title", lang, title=title, number=number)

    def listing_page(
        self,
        path_for: dict[Lang, str],
        lang: Lang,
        title: str,
        intro: str,
        entries: list[ProductEntry],
        *,
        kind: str,
        number: int = 1,
        extra: dict | None = None,
    ) -> Page:
        """Page ``number`` of a listing whose first page is at ``path_for``."""
        paths, shown, pager = self._paginate(path_for, lang, entries, number)
        body = self._render(
            "listing.html",
            lang,
            page_url(paths[lang]),
            title=title,
            intro=intro,
            cards=[self.card(p, lang) for p in shown],
            total=len(entries),
            number=number,
            pager=pager,
            kind=kind,
            **(extra or {}),
        )
        meta = self._meta(
            lang, self._paged_title(title, lang, number), intro, paths, og_type="website"
        )
        return Page(paths[lang], meta, body)

    def catalogue_path(self, lang: Lang) -> str:
        return f"{i18n.prefix(lang)}products/index.md"

    def catalogue_page(self, lang: Lang, number: int = 1) -> Page:
        paths = {lg: self.catalogue_path(lg) for lg in self.settings.langs}
        return self.listing_page(
            paths,
            lang,
            i18n.t("catalogue_title", lang),
            i18n.t("catalogue_intro", lang, count=i18n.number(len(self.products), lang)),
            self.products,
            kind="catalogue",
            number=number,
        )

    def category_page(self, category: vocab.Category, lang: Lang, number: int = 1) -> Page:
        paths = {lg: self.category_path(category.id, lg) for lg in self.settings.langs}
        entries = self.by_category[category.id]
        return self.listing_page(
            paths,
            lang,
            category.label.get(lang),
            i18n.t(
                "category_intro",
                lang,
                count=i18n.number(len(entries), lang),
                category=category.label.get(lang),
            ),
            entries,
            kind="category",
            number=number,
        )

    def region_page(self, province: vocab.Region, lang: Lang, number: int = 1) -> Page:
        paths = {lg: self.region_path(province, lg) for lg in self.settings.langs}
        entries = self.by_province[province.code]
        extra: dict[str, Any] = {}
        if number == 1:
            suppliers = sorted(
                {self.catalog.supplier_of(p).id for p in entries}
                | {
                    s.supplier_id
                    for s in self.services_by_province[province.code]
                    if self.catalog.supplier_of(s).province.code == province.code
                }
            )
            regencies: dict[str, int] = defaultdict(int)
            for p in entries:
                regencies[self.catalog.supplier_of(p).region.name] += 1
            extra = {
                "regencies": sorted(regencies.items()),
                "suppliers": [self.catalog.suppliers[s] for s in suppliers],
                "services": [self.card(s, lang) for s in self.services_by_province[province.code]],
            }
        return self.listing_page(
            paths,
            lang,
            province.name,
            i18n.t(
                "region_intro", lang, count=i18n.number(len(entries), lang), province=province.name
            ),
            entries,
            kind="region",
            number=number,
            extra=extra,
        )

    # -- directories (issue 18): the index pages of suppliers/, categories/, regions/ --
    DIRECTORIES = ("suppliers", "categories", "regions")
    """Folders of generated pages that get an index page (:meth:`directory_page`)."""
    THUMB_SIZES = "(max-width: 480px) 28vw, 160px"

    @staticmethod
    def counted(noun: str, count: int, lang: Lang) -> str:
        """``8 pemasok`` / ``8 suppliers``, ``1 supplier``: ui key ``dir_n_<noun>``
        (``dir_n_<noun>_one`` for one)."""
        key = f"dir_n_{noun}_one" if count == 1 else f"dir_n_{noun}"
        return i18n.t(key, lang, count=i18n.number(count, lang))

    @staticmethod
    def _by_name(name: str, key: str) -> tuple[str, str]:
        """Sort key: the name as a reader looks it up (case-blind), then the id."""
        return (name.casefold(), key)

    def directory_page(self, name: str, lang: Lang) -> Page:
        """``suppliers/``, ``categories/`` or ``regions/``: what there is to browse, with
        counts, in a fixed order (only suppliers, categories and provinces with
        published products: their own pages exist)."""
        if name not in self.DIRECTORIES:
            raise ValueError(f"unknown directory {name!r}")
        paths = {lg: self.directory_path(name, lg) for lg in self.settings.langs}
        current = page_url(paths[lang])
        context = getattr(self, f"_directory_{name}")(lang, relative("", current))
        counts = {noun: self.counted(noun, n, lang) for noun, n in context.pop("counts").items()}
        title = i18n.t(f"dir_{name}_title", lang)
        intro = i18n.t(f"dir_{name}_intro", lang, **counts)
        body = self._render(
            f"directory_{name}.html",
            lang,
            current,
            title=title,
            intro=intro,
            counted=lambda noun, n: self.counted(noun, n, lang),
            **context,
        )
        meta = self._meta(lang, title, intro, paths, og_type="website")
        return Page(paths[lang], meta, body)

    def _directory_suppliers(self, lang: Lang, root: str) -> dict[str, Any]:
        suppliers = [
            self.catalog.suppliers[sid]
            for sid, entries in self.by_supplier.items()
            if entries and sid in self.catalog.suppliers
        ]
        groups: dict[str, list[SupplierEntry]] = defaultdict(list)
        for s in suppliers:
            groups[s.province.code].append(s)
        provinces = sorted(
            (vocab.regions()[code] for code in groups), key=lambda p: self._by_name(p.name, p.code)
        )
        types: dict[str, int] = defaultdict(int)
        for s in suppliers:
            types[s.model.type] += 1
        return {
            "groups": [
                {
                    "province": p,
                    "path": self.region_path(p, lang),
                    "suppliers": [
                        {
                            "entry": s,
                            "path": self.supplier_path(s.id, lang),
                            "products": len(self.by_supplier[s.id]),
                        }
                        for s in sorted(
                            groups[p.code], key=lambda s: self._by_name(s.model.name, s.id)
                        )
                    ],
                }
                for p in provinces
            ],
            "types": sorted(
                ((t, i18n.t(f"type_{t}", lang), n) for t, n in types.items()),
                key=lambda x: self._by_name(x[1], x[0]),
            ),
            "total": len(suppliers),
            "counts": {"suppliers": len(suppliers), "provinces": len(provinces)},
        }

    def _directory_categories(self, lang: Lang, root: str) -> dict[str, Any]:
        categories = sorted(
            (c for c in vocab.categories().values() if self.by_category.get(c.id)),
            key=lambda c: self._by_name(c.label.get(lang), c.id),
        )
        items = []
        for c in categories:
            entries = self.by_category[c.id]
            thumb = next(
                (
                    image
                    for image in (self.image_for(p, 0) for p in entries if p.model.images)
                    if image is not None
                ),
                None,
            )
            items.append(
                {
                    "category": c,
                    "label": c.label.get(lang),
                    "count": len(entries),
                    "path": self.category_path(c.id, lang),
                    # decorative: the link's text names the category
                    "thumb": Markup(
                        picture_html(
                            thumb, "", sizes=self.THUMB_SIZES, url_prefix=self.media_root(root)
                        )
                    )
                    if thumb is not None
                    else "",
                }
            )
        return {
            "items": items,
            "counts": {"products": sum(i["count"] for i in items), "categories": len(items)},
        }

    def _directory_regions(self, lang: Lang, root: str) -> dict[str, Any]:
        provinces = []
        for code, entries in self.by_province.items():
            if not entries:
                continue
            suppliers: set[str] = set()
            regencies: dict[str, tuple[set[str], list[ProductEntry]]] = {}
            for p in entries:
                s = self.catalog.supplier_of(p)
                suppliers.add(s.id)
                held = regencies.setdefault(s.region.code, (set(), []))
                held[0].add(s.id)
                held[1].append(p)
            province = vocab.regions()[code]
            provinces.append(
                {
                    "province": province,
                    "path": self.region_path(province, lang),
                    "suppliers": len(suppliers),
                    "products": len(entries),
                    "regencies": sorted(
                        (
                            {
                                "name": vocab.regions()[r].name,
                                "code": r,
                                "suppliers": len(held[0]),
                                "products": len(held[1]),
                            }
                            for r, held in regencies.items()
                        ),
                        key=lambda x: self._by_name(x["name"], x["code"]),
                    ),
                }
            )
        provinces.sort(key=lambda x: self._by_name(x["province"].name, x["province"].code))
        return {
            "provinces": provinces,
            "counts": {
                "suppliers": sum(p["suppliers"] for p in provinces),
                "provinces": len(provinces),
                "products": sum(p["products"] for p in provinces),
            },
        }

    # -- blocks for hand-written pages -------------------------------------------
    def blocks(self, lang: Lang, current: str, names: Iterable[str] = BLOCKS) -> dict[str, str]:
        """The blocks a hand-written page shows at its ``<!-- catalog:NAME -->`` markers
        (:data:`BLOCK_MARKER`), rendered for the page at ``current``; ``names``: only these."""
        names = [name for name in BLOCKS if name in set(names)]
        featured = (
            sorted(
                self.products,
                key=lambda p: (
                    p.model.added is None,
                    -(p.model.added.toordinal() if p.model.added else 0),
                    p.key,
                ),
            )
            if "featured" in names
            else []
        )
        categories = [  # .get: reading must not add empty categories (jobs() lists them)
            (c, len(self.by_category[c.id]))
            for c in vocab.categories().values()
            if self.by_category.get(c.id)
        ]
        provinces = sorted(
            ((vocab.regions()[code], len(entries)) for code, entries in self.by_province.items()),
            key=lambda x: x[0].name,
        )
        ctx = {
            "featured": [self.card(p, lang) for p in featured[: self.settings.featured]],
            "categories": categories,
            "provinces": provinces,
            "total": len(self.products),
            "supplier_count": len(self.by_supplier),
        }
        return {name: self._render(f"block_{name}.html", lang, current, **ctx) for name in names}

    # -- everything -----------------------------------------------------------------
    def jobs(self) -> list[PageJob]:
        """Every generated page, in a fixed order, as a small picklable description.

        :meth:`page` renders one; adapters may render them lazily or in worker
        processes (each job depends only on this generator's input). A listing
        longer than :data:`PAGE_SIZE` gives one job per page."""

        def listing(
            kind: str, keys: list[str], entries: dict[str, list[ProductEntry]], lang: Lang
        ) -> list[PageJob]:
            return [
                PageJob(kind, key, lang, n)
                for key in keys
                for n in range(1, page_count(len(entries[key])) + 1)
            ]

        jobs: list[PageJob] = []
        for lang in self.settings.langs:
            jobs.extend(listing("catalogue", [""], {"": self.products}, lang))
            jobs.extend(PageJob("product", entry.key, lang) for entry in self.products)
            jobs.extend(PageJob("service", entry.key, lang) for entry in self.services)
            jobs.extend(
                PageJob("discontinued", key, lang)
                for key, entry in sorted(self.catalog.products.items())
                if entry.model.status == "discontinued"
                and entry.supplier_id in self.catalog.suppliers
            )
            jobs.extend(listing("supplier", sorted(self.catalog.suppliers), self.by_supplier, lang))
            jobs.extend(listing("category", sorted(self.by_category), self.by_category, lang))
            jobs.extend(listing("region", sorted(self.by_province), self.by_province, lang))
            jobs.extend(PageJob("directory", name, lang) for name in self.DIRECTORIES)
        return jobs

    def path(self, job: PageJob) -> str:
        """The docs-relative path of a job's page, without rendering it."""
        lang = job.lang
        if job.kind in ("product", "discontinued"):
            return self.product_path(self.catalog.products[job.key], lang)
        if job.kind == "service":
            return self.product_path(self.catalog.services[job.key], lang)
        if job.kind == "supplier":
            first = self.supplier_path(job.key, lang)
        elif job.kind == "category":
            first = self.category_path(job.key, lang)
        elif job.kind == "region":
            first = self.region_path(vocab.regions()[job.key], lang)
        elif job.kind == "catalogue":
            first = self.catalogue_path(lang)
        elif job.kind == "directory":
            first = self.directory_path(job.key, lang)
        else:
            raise ValueError(f"unknown page kind {job.kind!r}")
        return paged_path(first, job.number)

    def page(self, job: PageJob) -> Page:
        """Render the page of one job (its path is :meth:`path`)."""
        if job.kind == "product":
            return self.product_page(self.catalog.products[job.key], job.lang)
        if job.kind == "discontinued":
            return self.discontinued_page(self.catalog.products[job.key], job.lang)
        if job.kind == "service":
            return self.service_page(self.catalog.services[job.key], job.lang)
        if job.kind == "supplier":
            return self.supplier_page(self.catalog.suppliers[job.key], job.lang, job.number)
        if job.kind == "category":
            return self.category_page(vocab.categories()[job.key], job.lang, job.number)
        if job.kind == "region":
            return self.region_page(vocab.regions()[job.key], job.lang, job.number)
        if job.kind == "catalogue":
            return self.catalogue_page(job.lang, job.number)
        if job.kind == "directory":
            return self.directory_page(job.key, job.lang)
        raise ValueError(f"unknown page kind {job.kind!r}")

    # -- what each page is made from (issue 20) ----------------------------------------
    def page_key(self, job: PageJob) -> str:
        """A digest of everything from the catalogue that the page of ``job`` shows.

        Two builds that give a job the same key render its page the same, provided what
        lies outside the catalogue is the same too: the code and its templates and
        vocabularies, mkdocs.yml, the theme, the hand-written pages, today's date, the
        settings (the adapter adds those: :mod:`catalog.mkdocs.plugin`). Per kind, the
        entries a page shows, each by its :meth:`_fingerprint` (its file's data, its
        processed photos, its supplier's file and curation), and the figures it prints.
        Where a page shows figures over the whole catalogue (directories, the
        catalogue's filters, a region's first page), its key covers those. Add to this
        whenever a template starts showing something new: ``CATALOG_CHECK_PAGES=1``
        renders every page a build would keep and fails on any difference
        (tests/test_incremental.py runs with it)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{job.kind}\0{job.key}\0{job.lang}\0{job.number}\n".encode())
        fp = self._fingerprint
        if job.kind in ("product", "discontinued", "service"):
            entry = (
                self.catalog.services[job.key]
                if job.kind == "service"
                else self.catalog.products[job.key]
            )
            h.update(fp(entry))
            if job.kind == "product":
                for other in self._related(entry):
                    h.update(fp(other))
            elif job.kind == "service":
                for other in self._service_related(entry):
                    h.update(fp(other))
            return h.hexdigest()
        if job.kind == "directory":
            h.update(self._directory_key(job.key))
            return h.hexdigest()
        if job.kind == "supplier":
            entries = self.by_supplier[job.key]
            h.update(self._supplier_fingerprint(job.key))
            if job.number == 1:
                for s in self.services_by_supplier[job.key]:
                    h.update(fp(s))
        elif job.kind == "category":
            entries = self.by_category[job.key]
        elif job.kind == "region":
            entries = self.by_province[job.key]
            if job.number == 1:  # counts by regency, its suppliers and services
                for p in entries:
                    h.update(fp(p))
                for s in self.services_by_province[job.key]:
                    h.update(fp(s))
        elif job.kind == "catalogue":
            entries = self.products
            h.update(json.dumps(self.filter_regencies(), sort_keys=True).encode())
        else:
            raise ValueError(f"unknown page kind {job.kind!r}")
        h.update(f"{len(entries)}\n".encode())
        for p in entries[(job.number - 1) * PAGE_SIZE : job.number * PAGE_SIZE]:
            h.update(fp(p))
        return h.hexdigest()

    def _related(self, entry: ProductEntry) -> list[ProductEntry]:
        """A product page's related products: same supplier first, then same category."""
        m = entry.model
        return list(
            islice(
                chain(
                    (p for p in self.by_supplier[entry.supplier_id] if p is not entry),
                    (p for p in self.by_category[m.category] if p.supplier_id != entry.supplier_id),
                ),
                RELATED,
            )
        )

    def _service_related(self, entry: ServiceEntry) -> list[ProductEntry | ServiceEntry]:
        """A service page's related entries: the supplier's other services, then its products."""
        related: list[ProductEntry | ServiceEntry] = [
            s for s in self.services_by_supplier[entry.supplier_id] if s is not entry
        ]
        related += self.by_supplier[entry.supplier_id]
        return related[:RELATED]

    def _supplier_fingerprint(self, supplier_id: str) -> bytes:
        """The supplier's file (as data), folder and the staff's curation of it."""
        hit = self._fingerprints.get(("supplier", supplier_id))
        if hit is None:
            h = hashlib.blake2b(digest_size=16)
            supplier = self.catalog.suppliers.get(supplier_id)
            if supplier is not None:
                h.update(f"{supplier.folder}\n".encode())
                h.update(_data_bytes(supplier.doc.data))
            curation = self.catalog.curation.get(supplier_id)
            if curation is not None:
                h.update(b"\0curation\0" + _data_bytes(curation.doc.data))
            hit = self._fingerprints[("supplier", supplier_id)] = h.digest()
        return hit

    def _fingerprint(self, entry: ProductEntry | ServiceEntry) -> bytes:
        """An entry as pages show it: its file (as data), its processed photos and its
        supplier (:meth:`_supplier_fingerprint`)."""
        hit = self._fingerprints.get((type(entry).__name__, entry.key))
        if hit is None:
            h = hashlib.blake2b(digest_size=16)
            h.update(f"{type(entry).__name__}\0{entry.key}\0{entry.file}\n".encode())
            h.update(_data_bytes(entry.doc.data))
            for i in range(len(entry.model.images)):
                h.update(repr(self.image_for(entry, i)).encode())
            h.update(self._supplier_fingerprint(entry.supplier_id))
            hit = self._fingerprints[(type(entry).__name__, entry.key)] = h.digest()
        return hit

    def _directory_key(self, name: str) -> bytes:
        """What a directory page shows of the catalogue (:meth:`directory_page`): the
        suppliers with products, each by its file and product count; the categories, each
        by its count and thumbnail; the provinces, each by which supplier each of its
        products comes from (their regencies and counts), with those suppliers' files."""
        hit = self._fingerprints.get(("directory", name))
        if hit is not None:
            return hit
        h = hashlib.blake2b(digest_size=16)
        supplier_fp = self._supplier_fingerprint
        if name == "suppliers":
            for sid, entries in sorted(self.by_supplier.items()):
                if entries and sid in self.catalog.suppliers:
                    h.update(f"{sid}\0{len(entries)}\n".encode() + supplier_fp(sid))
        elif name == "categories":
            for cid, entries in sorted(self.by_category.items()):
                if entries:
                    thumb = next(
                        (
                            image
                            for image in (self.image_for(p, 0) for p in entries if p.model.images)
                            if image is not None
                        ),
                        None,
                    )
                    h.update(f"{cid}\0{len(entries)}\0{thumb!r}\n".encode())
        elif name == "regions":
            shown: set[str] = set()
            for code, entries in sorted(self.by_province.items()):
                h.update(f"{code}\0".encode())
                for p in entries:
                    h.update(f"{p.supplier_id}\0".encode())
                    shown.add(p.supplier_id)
            for sid in sorted(shown):
                h.update(supplier_fp(sid))
        else:
            raise ValueError(f"unknown directory {name!r}")
        hit = self._fingerprints[("directory", name)] = h.digest()
        return hit

    def published_images(self) -> list[ProcessedImage]:
        """The processed photos the pages show, once each, in source order."""
        images: dict[Path, ProcessedImage] = {}
        for entry in [*self.products, *self.services]:
            for i in range(len(entry.model.images)):
                image = self.image_for(entry, i)
                if image is not None:
                    images[image.source] = image
        return [images[k] for k in sorted(images)]

    def generate(self, *, pages: bool = True) -> SiteContent:
        """Feeds, images and (unless ``pages`` is false) every page, rendered."""
        content = SiteContent()
        if pages:
            content.pages.extend(self.page(job) for job in self.jobs())
        content.assets.extend(feeds.feeds(self))
        content.images = self.published_images()
        return content


def _data_bytes(data: Any) -> bytes:
    """A loaded YAML file's data as bytes, the same for the same file (keys in the
    order written; ``repr`` is 3x quicker than ``json.dumps`` and tells dates, numbers
    and text apart)."""
    return repr(data).encode()


@dataclass(frozen=True)
class PageJob:
    """One generated page to render: its kind, the key of what it shows, its language
    and, for listings split into pages (:data:`PAGE_SIZE`), which page."""

    kind: str
    key: str
    lang: Lang
    number: int = 1

"""The built site, read back and compared with the YAML it came from.

Real builds, no mocks: ``built_site`` (tests/conftest.py) builds the sample
catalogue once per session with ``python -m catalog build``; a few tests build
their own copy of the project (``mkdocs build --strict``, hostile product text,
an invalid entry). Pages are parsed with BeautifulSoup and every fact is checked
against ``load_catalog(products/)``: names, MOQ, HS code, prices, certificates,
listings, JSON-LD, Open Graph, feeds, sitemap, and what must not be there
(drafts, third-party requests, injected markup).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml
from PIL import Image

from catalog.core import vocab
from catalog.core.catalogue import Catalog, ProductEntry, load_catalog
from catalog.core.models import EKATALOG_HOSTS
from catalog.site.manifest import MANIFEST_NAME
from catalog.site.model import page_url

from conftest import SITE_PROJECT, BuiltSite, copy_site_project, run_build, site_url_of

pytestmark = pytest.mark.slow

ON_REQUEST_ID = "Harga berdasarkan permintaan"
ON_REQUEST_EN = "Price on request"
OFFSITE_LINKS = ("https://wa.me/", "mailto:", "tel:") + tuple(
    f"https://{host}/" for host in EKATALOG_HOSTS
)
"""Off-site ``<a href>`` targets a page may carry besides its own site (no request is made):
WhatsApp, e-mail, telephone and a listing in LKPP's e-Katalog (issue 21)."""
URL_ATTRS = ("src", "href", "srcset", "action", "formaction", "poster", "data", "cite")


# -- helpers -----------------------------------------------------------------------------


def product_url(entry: ProductEntry, lang: str = "id") -> str:
    return f"{'en/' if lang == 'en' else ''}products/{entry.supplier_id}/{entry.id}/"


def text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def meta(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag.get("content") if tag else None


def jsonld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def number(value: str, lang: str = "id") -> float:
    """A number as a page shows it: ``1.250.000`` / ``8,90`` (id), ``1,250,000.5`` (en)."""
    match = re.search(r"\d[\d.,]*", value)
    assert match, f"no number in {value!r}"
    digits = match.group(0).rstrip(".,")
    if lang == "id":
        return float(digits.replace(".", "").replace(",", "."))
    return float(digits.replace(",", ""))


def cards(soup, scope=None) -> list[str]:
    """Product keys of the cards in ``scope`` (default: the whole page), in order."""
    root = scope if scope is not None else soup
    return [li["data-product"] for li in root.select("li.cat-card[data-product]")]


def card_targets(site: BuiltSite, url: str, scope) -> dict[str, str | None]:
    """Product key -> where the card's link leads (site-relative)."""
    return {
        li["data-product"]: site.local(li.select_one("a.cat-card__link")["href"], url)
        for li in scope.select("li.cat-card[data-product]")
    }


def listing_grid(soup):
    grid = soup.select_one("#cat-static-grid")
    assert grid is not None, "listing page without its product grid"
    return grid


def fact(soup, key: str) -> str:
    return text(soup.select_one(f'tr[data-fact="{key}"] td'))


def urls_in(tag, attr: str) -> list[str]:
    value = tag.get(attr)
    if not value:
        return []
    if attr == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value]


def check(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


def differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    """What differs between two sites' ``hashes()``: missing, extra and changed files."""
    return (
        [f"only in the first: {p}" for p in sorted(first.keys() - second.keys())]
        + [f"only in the second: {p}" for p in sorted(second.keys() - first.keys())]
        + [
            f"bytes differ: {p}"
            for p in sorted(first.keys() & second.keys())
            if first[p] != second[p]
        ]
    )


def published_keys(catalog: Catalog) -> list[str]:
    return [p.key for p in catalog.published()]


def by_status(catalog: Catalog, status: str) -> list[ProductEntry]:
    found = [p for _, p in sorted(catalog.products.items()) if p.model.status == status]
    assert found, f"the sample catalogue has no {status} product to test with"
    return found


# -- the build itself --------------------------------------------------------------------------


def test_sample_catalogue_is_valid_and_has_what_the_tests_need(site_catalog):
    assert site_catalog.ok, [str(d) for d in site_catalog.diagnostics if d.is_error]
    assert len(site_catalog.suppliers) >= 2
    published = site_catalog.published()
    assert any(p.model.price.on_request for p in published)
    assert any(not p.model.price.on_request for p in published)
    assert any(p.model.certifications for p in published)
    assert any(len(p.model.images) > 1 for p in published)
    by_status(site_catalog, "draft")
    by_status(site_catalog, "discontinued")


def test_build_swaps_in_the_site_and_leaves_no_temporary_folders(built_site):
    assert built_site.exists("") and built_site.exists("products/")
    leftovers = [p.name for p in built_site.root.parent.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []
    assert "Traceback" not in built_site.run.output


# -- product pages -----------------------------------------------------------------------------


def test_every_published_product_page_shows_its_facts(built_site, site_catalog):
    problems = []
    units = vocab.units()
    for entry in site_catalog.published():
        m, url = entry.model, product_url(entry)
        if not built_site.exists(url):
            problems.append(f"{entry.key}: no page at /{url}")
            continue
        soup = built_site.html(url)
        where = f"/{url}"
        h1 = soup.select_one("article.cat-product h1")
        if text(h1) != m.name.id:
            problems.append(f"{where}: h1 {text(h1)!r} != name {m.name.id!r}")
        moq = fact(soup, "moq")
        if (
            not moq
            or number(moq) != m.moq.quantity
            or not moq.endswith(units[m.moq.unit].label.get("id"))
        ):
            problems.append(f"{where}: MOQ {moq!r} != {m.moq.quantity} {m.moq.unit}")
        if (
            m.hs_code
            and fact(soup, "hs_code") != f"{m.hs_code} — {vocab.hs_description(m.hs_code)}"
        ):
            problems.append(f"{where}: HS code {fact(soup, 'hs_code')!r} != {m.hs_code!r}")
        tiers = soup.select("table.cat-tiers tbody tr")
        if m.price.on_request:
            if fact(soup, "price") != ON_REQUEST_ID:
                problems.append(f"{where}: price {fact(soup, 'price')!r} for price on request")
            if tiers:
                problems.append(f"{where}: price tiers shown for a price on request")
        else:
            symbol = {"IDR": "Rp", "USD": "USD"}[m.price.currency]
            if len(tiers) != len(m.price.tiers):
                problems.append(f"{where}: {len(tiers)} tier rows, YAML has {len(m.price.tiers)}")
            for row, tier in zip(tiers, m.price.tiers):
                qty, amount = (text(td) for td in row.find_all("td"))
                if (
                    number(qty) != tier.min_qty
                    or abs(number(amount) - tier.amount) > 1e-9
                    or not amount.startswith(symbol + " ")
                ):
                    problems.append(
                        f"{where}: tier row {qty!r} {amount!r} != "
                        f"{tier.min_qty} {m.price.currency} {tier.amount}"
                    )
        shown = soup.select("ul.cat-certs li.cat-cert")
        if len(shown) != len(m.certifications):
            problems.append(f"{where}: {len(shown)} certificates, YAML has {len(m.certifications)}")
        for cert in m.certifications:
            items = [text(li) for li in soup.select(f'li.cat-cert[data-cert="{cert.type}"]')]
            if not any(cert.number in item for item in items):
                problems.append(f"{where}: certificate {cert.type} {cert.number} not shown")
        supplier_link = soup.select_one("p.cat-product__supplier a")
        if (
            supplier_link is None
            or built_site.local(supplier_link["href"], url) != f"suppliers/{entry.supplier_id}/"
        ):
            problems.append(f"{where}: no link to its supplier page")
    check(problems)


def test_product_gallery_first_image_eager_then_lazy(built_site, site_catalog):
    problems = []
    for entry in site_catalog.published():
        images = built_site.html(product_url(entry)).select(".cat-gallery img")
        loading = [img.get("loading") for img in images]
        expected = ["eager"] + ["lazy"] * (len(entry.model.images) - 1)
        if loading != expected:
            problems.append(f"{entry.key}: gallery loading {loading}, expected {expected}")
        for img, ref in zip(images, entry.model.images):
            if img.get("alt") != ref.alt.id:
                problems.append(f"{entry.key}: alt {img.get('alt')!r} != {ref.alt.id!r}")
    check(problems)


def test_product_jsonld_matches_the_yaml(built_site, site_catalog):
    problems = []
    for entry in site_catalog.published():
        m, url = entry.model, product_url(entry)
        blocks = jsonld(built_site.html(url))
        products = [b for b in blocks if b.get("@type") == "Product"]
        if len(products) != 1:
            problems.append(f"/{url}: {len(products)} Product JSON-LD blocks")
            continue
        ld = products[0]
        supplier = site_catalog.supplier_of(entry).model
        hs = [
            p.get("value") for p in ld.get("additionalProperty", []) if p.get("propertyID") == "HS"
        ]
        expected = {
            "name": m.name.id,
            "sku": entry.key,
            "url": built_site.site_url + url,
            "manufacturer": supplier.name,
            "hs": [m.hs_code] if m.hs_code else [],
        }
        actual = {
            "name": ld.get("name"),
            "sku": ld.get("sku"),
            "url": ld.get("url"),
            "manufacturer": ld.get("manufacturer", {}).get("name"),
            "hs": hs,
        }
        if actual != expected:
            problems.append(f"/{url}: JSON-LD {actual} != {expected}")
        if m.price.on_request:
            if "offers" in ld:
                problems.append(f"/{url}: price on request but JSON-LD has offers")
            continue
        offers = ld.get("offers") or {}
        if offers.get("@type") != "AggregateOffer":
            problems.append(f"/{url}: offers is {offers.get('@type')!r}, not AggregateOffer")
            continue
        got = [
            (o["eligibleQuantity"]["minValue"], o["price"], o["priceCurrency"])
            for o in offers.get("offers", [])
        ]
        want = [(t.min_qty, t.amount, m.price.currency) for t in m.price.tiers]
        if got != want:
            problems.append(f"/{url}: offers {got} != tiers {want}")
        if (offers.get("lowPrice"), offers.get("highPrice")) != (
            min(t.amount for t in m.price.tiers),
            max(t.amount for t in m.price.tiers),
        ):
            problems.append(
                f"/{url}: low/high price {offers.get('lowPrice')}/{offers.get('highPrice')}"
            )
    check(problems)


def test_product_open_graph_and_canonical(built_site, site_catalog):
    problems = []
    site_url = built_site.site_url
    for entry in site_catalog.published():
        for lang, locale in (("id", "id_ID"), ("en", "en_US")):
            url = product_url(entry, lang)
            soup = built_site.html(url)
            where = f"/{url}"
            canonical = soup.find("link", rel="canonical")
            if canonical is None or canonical.get("href") != site_url + url:
                problems.append(f"{where}: canonical {canonical and canonical.get('href')!r}")
            name = entry.model.name.get(lang)
            if meta(soup, "og:title") != name:
                problems.append(f"{where}: og:title {meta(soup, 'og:title')!r} != {name!r}")
            if meta(soup, "og:locale") != locale:
                problems.append(f"{where}: og:locale {meta(soup, 'og:locale')!r}")
            if meta(soup, "og:url") != site_url + url:
                problems.append(f"{where}: og:url {meta(soup, 'og:url')!r}")
            image = meta(soup, "og:image") or ""
            if not image.startswith(site_url) or not image.endswith(".jpg"):
                problems.append(f"{where}: og:image {image!r} is not an absolute JPEG URL")
                continue
            path = built_site.file(image[len(site_url) :])
            if not path.is_file():
                problems.append(f"{where}: og:image {image} is not in the site")
                continue
            with Image.open(path) as im:
                size, fmt = im.size, im.format
            declared = (
                int(meta(soup, "og:image:width") or 0),
                int(meta(soup, "og:image:height") or 0),
            )
            # the 800 px JPEG fallback itself (issue 19): wide enough for a large link
            # preview (600 px), small enough for WhatsApp's (~300 KB)
            weight = path.stat().st_size
            if fmt != "JPEG" or size[0] != 800 or size != declared or weight > 300_000:
                problems.append(
                    f"{where}: og:image is {fmt} {size}, {weight} bytes, declared {declared}; "
                    "expected an 800 px wide JPEG under 300 KB"
                )
            if not meta(soup, "og:image:alt"):
                problems.append(f"{where}: og:image without alt text")
    check(problems)


def test_english_twin_of_every_product(built_site, site_catalog):
    problems = []
    for entry in site_catalog.published():
        url = product_url(entry, "en")
        if not built_site.exists(url):
            problems.append(f"{entry.key}: no English page at /{url}")
            continue
        soup = built_site.html(url)
        if soup.html.get("lang") != "en":
            problems.append(f"/{url}: <html lang={soup.html.get('lang')!r}>")
        name = entry.model.name.en or entry.model.name.id
        if not text(soup.select_one("article.cat-product h1")).startswith(name):
            problems.append(f"/{url}: h1 does not show {name!r}")
        if entry.model.price.on_request and fact(soup, "price") != ON_REQUEST_EN:
            problems.append(f"/{url}: price {fact(soup, 'price')!r}")
        ld = jsonld(soup)
        if not ld or ld[0].get("name") != entry.model.name.get("en"):
            problems.append(f"/{url}: JSON-LD name is not the English name")
        twins = {
            link.get("hreflang"): link.get("href")
            for link in built_site.html(product_url(entry)).find_all("link", rel="alternate")
            if link.get("hreflang")
        }
        if twins.get("en") != built_site.site_url + url:
            problems.append(f"{entry.key}: Indonesian page's hreflang=en is {twins.get('en')!r}")
        if built_site.html(product_url(entry)).html.get("lang") != "id":
            problems.append(f'{entry.key}: Indonesian page is not <html lang="id">')
    check(problems)


# -- suppliers, categories, regions, catalogue -----------------------------------------------------


def test_every_supplier_page_shows_nib_and_links_its_products(built_site, site_catalog):
    problems = []
    # products and services (issue 21: a supplier page lists its services too)
    published = [*site_catalog.published(), *site_catalog.published_services()]
    for supplier_id, supplier in sorted(site_catalog.suppliers.items()):
        url = f"suppliers/{supplier_id}/"
        if not built_site.exists(url):
            problems.append(f"{supplier_id}: no page at /{url}")
            continue
        soup = built_site.html(url)
        if text(soup.select_one("article.cat-supplier h1")) != supplier.model.name:
            problems.append(f"/{url}: h1 is not {supplier.model.name!r}")
        if supplier.model.nib not in text(soup.select_one("article.cat-supplier table")):
            problems.append(f"/{url}: NIB {supplier.model.nib} not shown")
        expected = {p.key: product_url(p) for p in published if p.supplier_id == supplier_id}
        linked = card_targets(built_site, url, soup.select_one("article.cat-supplier"))
        if linked != expected:
            problems.append(f"/{url}: product links {linked} != {expected}")
    check(problems)


def test_category_pages_list_exactly_their_products(built_site, site_catalog):
    problems = []
    expected: dict[str, list[str]] = {}
    for entry in site_catalog.published():
        expected.setdefault(entry.model.category, []).append(entry.key)
    for category in vocab.categories():
        url = f"categories/{category}/"
        if category not in expected:
            if built_site.exists(url):
                problems.append(f"/{url}: page for a category without products")
            continue
        if not built_site.exists(url):
            problems.append(f"{category}: no page at /{url}")
            continue
        soup = built_site.html(url)
        listed = cards(soup, listing_grid(soup))
        if sorted(listed) != sorted(expected[category]) or len(listed) != len(set(listed)):
            problems.append(f"/{url}: lists {listed}, expected {sorted(expected[category])}")
        for key, target in card_targets(built_site, url, listing_grid(soup)).items():
            if target != "products/" + key + "/":
                problems.append(f"/{url}: card {key} links to {target!r}")
    check(problems)


def test_region_pages_list_exactly_their_products(built_site, site_catalog):
    problems = []
    expected: dict[str, list[str]] = {}
    for entry in site_catalog.published():
        province = site_catalog.supplier_of(entry).province
        slug = "-".join(re.findall(r"[a-z0-9]+", province.name.lower()))
        assert province.slug == slug, (province.name, province.slug)
        expected.setdefault(slug, []).append(entry.key)
    built = sorted(p.name for p in (built_site.root / "regions").iterdir() if p.is_dir())
    if built != sorted(expected):
        problems.append(f"region pages {built} != provinces with products {sorted(expected)}")
    for slug, keys in sorted(expected.items()):
        url = f"regions/{slug}/"
        if not built_site.exists(url):
            problems.append(f"{slug}: no page at /{url}")
            continue
        soup = built_site.html(url)
        listed = cards(soup, listing_grid(soup))
        if sorted(listed) != sorted(keys) or len(listed) != len(set(listed)):
            problems.append(f"/{url}: lists {listed}, expected {sorted(keys)}")
    check(problems)


def test_catalogue_lists_every_active_product_once_with_the_count(built_site, site_catalog):
    soup = built_site.html("products/")
    listed = cards(soup, listing_grid(soup))
    keys = published_keys(site_catalog)
    assert Counter(listed) == Counter(keys)
    count = text(soup.select_one("h2#products"))
    assert number(count) == len(keys), count
    assert str(len(keys)) in text(soup.select_one(".cat-listing__intro"))
    targets = card_targets(built_site, "products/", listing_grid(soup))
    assert targets == {k: f"products/{k}/" for k in keys}
    en = built_site.html("en/products/")
    assert Counter(cards(en, listing_grid(en))) == Counter(keys)


def test_draft_products_have_no_page_and_no_mention(built_site, site_catalog):
    drafts = by_status(site_catalog, "draft")
    for entry in drafts:
        for lang in ("id", "en"):
            assert not built_site.file(product_url(entry, lang)).exists(), entry.key
    draft_urls = {product_url(e, lang) for e in drafts for lang in ("id", "en")}
    problems = []
    for page in built_site.pages():
        url = built_site.url_of(page)
        soup = built_site.html(url)
        for entry in drafts:
            if entry.key in cards(soup):
                problems.append(f"/{page} shows a card of draft {entry.key}")
        for a in soup.find_all("a", href=True):
            if built_site.local(a["href"], url) in draft_urls:
                problems.append(f"/{page} links draft page {a['href']}")
    check(problems)


def test_discontinued_product_page_points_to_its_supplier_and_is_noindex(built_site, site_catalog):
    for entry in by_status(site_catalog, "discontinued"):
        for lang in ("id", "en"):
            url = product_url(entry, lang)
            assert built_site.exists(url), f"discontinued {entry.key}: /{url} would be a 404"
            soup = built_site.html(url)
            assert meta(soup, "robots") == "noindex"
            supplier_url = f"{'en/' if lang == 'en' else ''}suppliers/{entry.supplier_id}/"
            targets = [
                built_site.local(a["href"], url)
                for a in soup.select("article.cat-discontinued a[href]")
            ]
            assert supplier_url in targets, targets
            assert built_site.exists(supplier_url)
            assert not jsonld(soup), "a discontinued product is not offered"
        supplier = built_site.html(f"suppliers/{entry.supplier_id}/")
        assert entry.key not in cards(supplier)
        catalogue = built_site.html("products/")
        assert entry.key not in cards(catalogue)


# -- feeds, sitemap, robots ------------------------------------------------------------------------


def test_each_supplier_has_its_products_names_and_links_for_the_quote_list(
    built_site, site_catalog
):
    feed = json.loads((built_site.root / "products.json").read_text(encoding="utf-8"))
    expected: dict[str, list] = {}
    for record in feed["products"]:
        expected.setdefault(record["supplier"]["id"], []).append(
            {k: record[k] for k in ("id", "name", "url", "url_en")}
        )
    # services (issue 21) go in the quote list too, after the supplier's products
    site_url = built_site.site_url
    for s in site_catalog.published_services():
        expected.setdefault(s.supplier_id, []).append(
            {
                "id": s.key,
                "name": {"id": s.model.name.id, "en": s.model.name.en},
                "url": site_url + product_url(s),
                "url_en": site_url + product_url(s, "en"),
            }
        )
    shards = {
        p.parent.name: json.loads(p.read_text(encoding="utf-8"))
        for p in (built_site.root / "suppliers").glob("*/products.json")
    }
    assert {sid: shard["products"] for sid, shard in shards.items()} == expected
    assert all(shard["supplier"] == sid for sid, shard in shards.items())


def test_json_feed_lists_exactly_the_published_products(built_site, site_catalog):
    data = json.loads((built_site.root / "products.json").read_text(encoding="utf-8"))
    keys = published_keys(site_catalog)
    ids = [p["id"] for p in data["products"]]
    assert ids == keys and data["count"] == len(keys)
    site_url = built_site.site_url
    problems = []
    for record, entry in zip(data["products"], site_catalog.published()):
        for field, url in (("url", product_url(entry)), ("url_en", product_url(entry, "en"))):
            if record[field] != site_url + url:
                problems.append(f"{entry.key}: {field} {record[field]!r} != {site_url + url!r}")
        if record["supplier"]["url"] != site_url + f"suppliers/{entry.supplier_id}/":
            problems.append(f"{entry.key}: supplier url {record['supplier']['url']!r}")
        if len(record["images"]) != len(entry.model.images):
            problems.append(f"{entry.key}: {len(record['images'])} image URLs")
        for image in record["images"]:
            if (
                not image.startswith(site_url)
                or not built_site.file(image[len(site_url) :]).is_file()
            ):
                problems.append(f"{entry.key}: image {image!r} is not in the site")
        if (
            record["hs_code"] != entry.model.hs_code
            or record["moq"]["quantity"] != entry.model.moq.quantity
            or record["price"]["on_request"] != entry.model.price.on_request
        ):
            problems.append(f"{entry.key}: facts differ from the YAML")
    check(problems)


def test_csv_feed_lists_exactly_the_published_products(built_site, site_catalog):
    rows = list(
        csv.DictReader(io.StringIO((built_site.root / "products.csv").read_text(encoding="utf-8")))
    )
    assert [r["id"] for r in rows] == published_keys(site_catalog)
    for row, entry in zip(rows, site_catalog.published()):
        assert row["url"] == built_site.site_url + product_url(entry)
        assert built_site.exists(product_url(entry))
        assert row["price_on_request"] == ("yes" if entry.model.price.on_request else "no")
        assert row["nib"] == site_catalog.supplier_of(entry).model.nib
        assert row["image"].startswith(built_site.site_url)


def test_sitemap_lists_product_pages_but_not_discontinued_or_draft(built_site, site_catalog):
    tree = ET.parse(built_site.root / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    site_url = built_site.site_url
    for entry in site_catalog.published():
        for lang in ("id", "en"):
            assert site_url + product_url(entry, lang) in locs, entry.key
    for status in ("discontinued", "draft"):
        for entry in by_status(site_catalog, status):
            assert not any(f"/{entry.id}/" in loc for loc in locs), entry.key
    for loc in locs:
        assert loc.startswith(site_url) and built_site.exists(loc[len(site_url) :]), loc
        assert meta(built_site.html(loc[len(site_url) :]), "robots") != "noindex", loc


def test_robots_txt_points_to_the_sitemap(built_site):
    robots = (built_site.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {built_site.site_url}sitemap.xml" in robots.splitlines()
    assert (built_site.root / "sitemap.xml").is_file()


# -- every page -----------------------------------------------------------------------------------


def hand_written_urls() -> set[str]:
    """URLs of the pages written by staff in docs/ (not generated from the data)."""
    docs = SITE_PROJECT / "docs"
    return {page_url(md.relative_to(docs).as_posix()) for md in docs.rglob("*.md")}


def test_no_request_to_a_third_party_host(built_site, site_catalog):
    """Nothing a page loads comes from another host; generated pages link off-site only
    to WhatsApp, e-mail and the suppliers' own websites. Staff's hand-written pages
    (docs/) may link anywhere: a link is no request until a visitor follows it."""
    site_url = built_site.site_url
    websites = {
        s.model.contact.website for s in site_catalog.suppliers.values() if s.model.contact.website
    }
    hand_written = hand_written_urls()
    assert "" in hand_written  # the home page
    problems = []
    for page in built_site.pages():
        outbound_ok = built_site.url_of(page) in hand_written
        raw = (built_site.root / page).read_text(encoding="utf-8")
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "api.github.com"):
            if host in raw:
                problems.append(f"/{page}: mentions {host}")
        soup = built_site.html(built_site.url_of(page))
        for tag in soup.find_all(True):
            for attr in URL_ATTRS:
                for value in urls_in(tag, attr):
                    value = value.strip()
                    if not re.match(r"^([a-z][a-z0-9+.-]*:|//)", value, re.I) or value.startswith(
                        ("data:", site_url)
                    ):
                        continue
                    if (
                        tag.name == "a"
                        and attr == "href"
                        and (outbound_ok or value.startswith(OFFSITE_LINKS) or value in websites)
                    ):
                        continue
                    problems.append(f"/{page}: <{tag.name} {attr}={value!r}>")
            style = tag.get("style") or ""
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", style):
                if not url.startswith(("data:", site_url)) and re.match(r"^([a-z]+:|//)", url):
                    problems.append(f"/{page}: style url({url})")
    for css in (built_site.root / "assets").rglob("*.css"):
        for host in ("fonts.googleapis.com", "fonts.gstatic.com"):
            if host in css.read_text(encoding="utf-8"):
                problems.append(f"{css.relative_to(built_site.root)}: mentions {host}")
    check(sorted(set(problems)))


def test_every_img_has_alt_width_and_height(built_site):
    problems = []
    for page in built_site.pages():
        for img in built_site.html(built_site.url_of(page)).find_all("img"):
            missing = [a for a in ("alt", "width", "height") if img.get(a) is None]
            sizes_ok = all(
                str(img.get(a, "")).isdigit() and int(img[a]) > 0
                for a in ("width", "height")
                if a not in missing
            )
            if missing or not sizes_ok:
                problems.append(f"/{page}: {str(img)[:120]} (missing {missing})")
    check(sorted(set(problems)))


# Internal links (every URL attribute, #fragments, stylesheet url()s) are checked by
# tests/test_quality.py::test_every_internal_link_and_fragment_resolves.


# -- builds of other inputs --------------------------------------------------------------------


@pytest.fixture(scope="module")
def strict_site(tmp_path_factory) -> BuiltSite:
    """The sample catalogue built by plain ``mkdocs build --strict``."""
    site_dir = tmp_path_factory.mktemp("strict") / "site"
    run = run_build(SITE_PROJECT, site_dir, tool="mkdocs", extra=("--strict",))
    return BuiltSite(site_dir, site_url_of(SITE_PROJECT), run)


def test_mkdocs_build_strict_works(strict_site, site_catalog):
    assert strict_site.run.returncode == 0, str(strict_site.run)
    for entry in site_catalog.published():
        assert strict_site.exists(product_url(entry))
    assert not [p for p in strict_site.root.parent.iterdir() if p.name.startswith(".site.")]


def test_identical_input_gives_identical_bytes(built_site, strict_site):
    """Two builds (``catalog build`` and ``mkdocs build``) into different folders."""
    assert strict_site.run.returncode == 0, str(strict_site.run)
    check(differences(built_site.hashes(), strict_site.hashes()))


HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(1)> 5" &lt;/title&gt;'
HOSTILE_DESCRIPTION = f'Warna: {HOSTILE} " onmouseover="alert(3)'
HOSTILE_MARKDOWN = "[tautan](javascript:alert(6)) ![foto](x)"
HOSTILE_SUPPLIER = "Koperasi <script>alert(5)</script> Tanggulangin"
HOSTILE_ALT = '"><img src=x onerror=alert(4)>'


def _poison(path: Path, change) -> None:
    """Rewrite a YAML file with ``change(data)`` applied (comments are not kept)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, site_catalog) -> tuple[BuiltSite, ProductEntry]:
    """A copy of the project whose product and supplier text try to inject markup."""
    project = copy_site_project(tmp_path_factory.mktemp("hostile") / "project")
    entry = next(p for p in site_catalog.published() if p.model.images)
    folder = project / "products" / entry.supplier_id

    def product(data: dict) -> None:
        data["name"] = {"id": "Tas " + HOSTILE, "en": "Tote " + HOSTILE}
        data["description"]["id"] = "\n\n".join(
            (HOSTILE_DESCRIPTION, HOSTILE_MARKDOWN, data["description"]["id"])
        )
        data["images"][0]["alt"]["id"] = HOSTILE_ALT

    def supplier(data: dict) -> None:
        data["name"] = HOSTILE_SUPPLIER

    _poison(folder / entry.file.name, product)
    _poison(folder / "supplier.yaml", supplier)
    run = run_build(project, project / "site")
    assert run.returncode == 0, str(run)
    return BuiltSite(project / "site", site_url_of(project), run), entry


def test_product_text_cannot_inject_markup(hostile_site):
    hostile_site, _ = hostile_site
    problems = []
    for page in hostile_site.pages():
        soup = hostile_site.html(hostile_site.url_of(page))
        for script in soup.find_all("script"):
            if "alert(" in (script.string or "") + (script.get("src") or ""):
                kind = script.get("type") or "script"
                if kind != "application/ld+json":
                    problems.append(f"/{page}: injected <script> in <{script.parent.name}>")
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            if handlers:
                problems.append(f"/{page}: <{tag.name}> with {handlers}")
            if tag.name == "img" and tag.get("src") == "x":
                problems.append(f"/{page}: injected <img src=x>")
            if (tag.get("href") or "").strip().lower().startswith("javascript:"):
                problems.append(f"/{page}: javascript: link")
    check(sorted(set(problems)))


def test_hostile_text_is_shown_as_text(hostile_site):
    hostile_site, entry = hostile_site
    url = product_url(entry)
    soup = hostile_site.html(url)
    name = "Tas " + HOSTILE
    assert text(soup.select_one("article.cat-product h1")) == " ".join(name.split())
    assert soup.title.get_text().startswith(name)
    assert meta(soup, "og:title") == name
    assert HOSTILE in meta(soup, "description")
    assert " ".join(HOSTILE_DESCRIPTION.split()) in text(soup.select_one(".cat-description"))
    assert jsonld(soup)[0]["name"] == name
    assert soup.select(".cat-gallery img")[0]["alt"] == HOSTILE_ALT
    assert text(soup.select_one("p.cat-product__supplier a")) == HOSTILE_SUPPLIER
    supplier = hostile_site.html(f"suppliers/{entry.supplier_id}/")
    assert text(supplier.select_one("article.cat-supplier h1")) == HOSTILE_SUPPLIER
    en = hostile_site.html("en/" + url)
    assert text(en.select_one("article.cat-product h1")) == " ".join(("Tote " + HOSTILE).split())
    feed = json.loads((hostile_site.root / "products.json").read_text(encoding="utf-8"))
    assert {p["id"]: p["name"]["id"] for p in feed["products"]}[entry.key] == name


def test_invalid_data_leaves_the_previous_site_untouched(tmp_path, site_catalog, built_site):
    project = copy_site_project(tmp_path / "project")
    site_dir = tmp_path / "out" / "site"
    first = run_build(project, site_dir)
    assert first.returncode == 0, str(first)
    site = BuiltSite(site_dir, site_url_of(project))
    before = site.hashes()
    full_manifest = site_dir.parent / f"site.{MANIFEST_NAME}"
    kept = full_manifest.read_bytes()
    size_report = site_dir.parent / "site.catalog-size.json"
    kept_size = size_report.read_bytes()
    kept_record = (site_dir.parent / "site.catalog-build.json").read_bytes()
    # Where the project lives does not show in the output either.
    check(differences(built_site.hashes(), before))

    entry = site_catalog.published()[0]
    shown = f"products/{entry.supplier_id}/{entry.file.name}"
    product = project / shown
    lines = product.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if line.startswith("category:")]
    lines[index] = "category: tas-kulit-palsu\n"
    product.write_text("".join(lines), encoding="utf-8")
    column = len("category: ") + 1

    second = run_build(project, site_dir)
    assert second.returncode == 1, str(second)
    where = f"{shown}:{index + 1}:{column}"
    assert f"{where}: error[S204]" in second.output, str(second)
    assert "Traceback" not in second.output, str(second)
    check(differences(before, site.hashes()))  # the failed build changed nothing
    # beside the site: only the full manifest, the size report and the build record
    # (issue 20) the first build keeps out of it, unchanged
    assert full_manifest.read_bytes() == kept
    assert size_report.read_bytes() == kept_size
    record = site_dir.parent / "site.catalog-build.json"
    assert record.read_bytes() == kept_record
    leftovers = sorted(
        p.name
        for p in site_dir.parent.iterdir()
        if p.name not in ("site", full_manifest.name, size_report.name, record.name)
    )
    assert leftovers == [], f"temporary folders left behind: {leftovers}"


def test_fixture_loads_its_own_copy(tmp_path):
    """The copy the hostile and atomic tests build is a faithful, valid project."""
    project = copy_site_project(tmp_path / "project")
    catalog = load_catalog(project / "products")
    assert catalog.ok
    assert published_keys(catalog) == published_keys(load_catalog(SITE_PROJECT / "products"))
    assert str(SITE_PROJECT / ".cache" / "images") in (project / "mkdocs.yml").read_text()

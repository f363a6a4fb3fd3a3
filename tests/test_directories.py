"""The directory pages: suppliers/, categories/ and regions/ (and their en/ twins).

Checked on the built sample site (tests/conftest.py ``built_site``) against the sample
catalogue's own data, never against numbers written here; the supplier directory's
filters in Chromium at 360 and 1280 px in both languages.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

import pytest

from catalog.core import i18n, vocab
from catalog.core.catalogue import Catalog
from catalog.core.rules import RESERVED_IDS
from catalog.site.generate import Generator
from catalog.site.model import SiteSettings, page_url

from conftest import where

LANGS = ("id", "en")
DIRECTORIES = ("suppliers", "categories", "regions")
DOCS_PATHS = [
    "suppliers/index.md",
    "categories/index.md",
    "regions/index.md",
    "en/suppliers/index.md",
    "en/categories/index.md",
    "en/regions/index.md",
]


def prefix(lang: str) -> str:
    return "en/" if lang == "en" else ""


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def counted(noun: str, n: int, lang: str) -> str:
    """What the page says for ``n`` suppliers/products ("1 supplier", "3 produk")."""
    key = f"dir_n_{noun}_one" if n == 1 else f"dir_n_{noun}"
    return i18n.t(key, lang, count=i18n.number(n, lang))


def suppliers_shown(catalog: Catalog) -> dict[str, int]:
    """Published products per supplier, for every supplier that has any."""
    return dict(Counter(p.supplier_id for p in catalog.published()))


def target(built_site, href: str, page: str) -> str:
    local = built_site.local(href, page)
    assert local is not None and built_site.exists(local), f"{page}: {href} leads nowhere"
    return local


# -- the pages and what they list ------------------------------------------------------------


def test_the_six_pages_are_generated_at_exactly_these_paths(site_catalog):
    gen = Generator(site_catalog, {}, SiteSettings())
    paths = [gen.path(job) for job in gen.jobs()]
    assert len(paths) == len(set(paths)), "two generated pages share a path"
    assert [p for p in paths if p.endswith("/index.md") and "/page/" not in p] == [
        "products/index.md",
        *DOCS_PATHS[:3],
        "en/products/index.md",
        *DOCS_PATHS[3:],
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_supplier_directory_lists_every_supplier_with_products(built_site, site_catalog, lang):
    url = prefix(lang) + "suppliers/"
    soup = built_site.html(url)
    shown = suppliers_shown(site_catalog)
    assert soup.h1 and text(soup.h1) == i18n.t("dir_suppliers_title", lang)
    assert soup.select_one("#cat-dir-status").get_text() == counted("suppliers", len(shown), lang)
    rows = soup.select("[data-dir-row]")
    assert len(rows) == len(shown)
    listed = {}
    for row in rows:
        link = row.select_one(".cat-dir__name a")
        supplier_url = target(built_site, link["href"], url)
        sid = supplier_url.rstrip("/").rsplit("/", 1)[1]
        s = site_catalog.suppliers[sid]
        listed[sid] = row
        assert text(link) == s.model.name
        assert row["data-type"] == s.model.type and row["data-province"] == s.province.slug
        assert text(row.select_one(".cat-dir__count")) == counted("products", shown[sid], lang)
        kind = text(row.select_one(".cat-dir__kind"))
        assert kind == f"{i18n.t('type_' + s.model.type, lang)} · " + i18n.t(
            "scale_" + s.model.scale, lang
        )
        assert text(row.select_one(".cat-dir__place")) == f"{s.region.name}, {s.province.name}"
    assert set(listed) == set(shown)
    # grouped by province, provinces and suppliers in alphabetical order
    groups = soup.select("[data-dir-group]")
    names = [text(g.h2) for g in groups]
    assert names == sorted(
        {site_catalog.suppliers[s].province.name for s in shown}, key=str.casefold
    )
    for group in groups:
        in_group = [text(a) for a in group.select(".cat-dir__name a")]
        assert in_group == sorted(in_group, key=str.casefold)
        slugs = {r["data-province"] for r in group.select("[data-dir-row]")}
        assert len(slugs) == 1 and vocab.provinces_by_slug()[slugs.pop()].name == text(group.h2)
    # the filters: every province and type present once, with its count; hidden without JS
    form = soup.select_one("#cat-dir-filters")
    assert form.has_attr("hidden")
    provinces = Counter(site_catalog.suppliers[s].province.slug for s in shown)
    options = {o["value"]: text(o) for o in form.select("#cat-dir-province option") if o["value"]}
    assert options == {
        slug: f"{vocab.provinces_by_slug()[slug].name} ({n})" for slug, n in provinces.items()
    }
    types = Counter(site_catalog.suppliers[s].model.type for s in shown)
    options = {o["value"]: text(o) for o in form.select("#cat-dir-type option") if o["value"]}
    assert options == {t: f"{i18n.t('type_' + t, lang)} ({n})" for t, n in types.items()}
    assert soup.select_one('script[src$="assets/directory.js"]') is not None


@pytest.mark.parametrize("lang", LANGS)
def test_category_index_lists_every_category_with_products(built_site, site_catalog, lang):
    url = prefix(lang) + "categories/"
    soup = built_site.html(url)
    counts = Counter(p.model.category for p in site_catalog.published())
    tiles = soup.select(".cat-dir-tile")
    assert [t["data-category"] for t in tiles] == sorted(
        counts, key=lambda c: vocab.categories()[c].label.get(lang).casefold()
    )
    for tile in tiles:
        category = vocab.categories()[tile["data-category"]]
        assert text(tile.select_one(".cat-dir-tile__label")) == category.label.get(lang)
        n = counts[category.id]
        assert text(tile.select_one(".cat-dir-tile__count")) == counted("products", n, lang)
        link = target(built_site, tile.a["href"], url)
        assert link == prefix(lang) + f"categories/{category.id}/"
        # the category page says the same number
        assert i18n.number(n, lang) in text(built_site.html(link).select_one(".cat-listing__intro"))
        image = tile.select_one("img")
        assert image is not None and image["alt"] == ""  # decorative: the label names it
        assert built_site.exists(built_site.local(image["src"], url))
    products = sum(counts.values())
    assert text(soup.select_one(".cat-listing__intro")) == i18n.t(
        "dir_categories_intro",
        lang,
        products=counted("products", products, lang),
        categories=counted("categories", len(counts), lang),
    )


@pytest.mark.parametrize("lang", LANGS)
def test_region_index_counts_suppliers_and_products_per_province_and_regency(
    built_site, site_catalog, lang
):
    url = prefix(lang) + "regions/"
    soup = built_site.html(url)
    products: Counter = Counter()
    suppliers: dict[str, set] = defaultdict(set)
    for p in site_catalog.published():
        s = site_catalog.supplier_of(p)
        for code in (s.province.code, s.region.code):
            products[code] += 1
            suppliers[code].add(s.id)
    sections = soup.select(".cat-dir__group")
    provinces = [vocab.provinces_by_slug()[s["data-province"]] for s in sections]
    assert [p.name for p in provinces] == sorted(
        {site_catalog.suppliers[s].province.name for s in suppliers_shown(site_catalog)},
        key=str.casefold,
    )
    for section, province in zip(sections, provinces):
        assert text(section.h2) == province.name
        assert target(built_site, section.h2.a["href"], url) == prefix(lang) + (
            f"regions/{province.slug}/"
        )
        code = province.code
        assert text(section.select_one("p.cat-dir__figures")) == (
            f"{counted('suppliers', len(suppliers[code]), lang)} · "
            f"{counted('products', products[code], lang)}"
        )
        regencies = section.select(".cat-dir__regencies li")
        assert {r["data-regency"] for r in regencies} == {
            c for c in suppliers if c.startswith(code + ".")
        }
        for r in regencies:
            c = r["data-regency"]
            assert text(r.select_one(".cat-dir__regency")) == vocab.regions()[c].name
            assert text(r.select_one(".cat-dir__figures")) == (
                f"{counted('suppliers', len(suppliers[c]), lang)} · "
                f"{counted('products', products[c], lang)}"
            )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", DIRECTORIES)
def test_each_directory_has_title_description_breadcrumbs_and_its_twin(built_site, name, lang):
    url = prefix(lang) + f"{name}/"
    soup = built_site.html(url)
    title = i18n.t(f"dir_{name}_title", lang)
    assert soup.html["lang"] == lang
    assert soup.title.get_text().startswith(title)
    description = soup.select_one('meta[name="description"]')["content"]
    assert description == text(soup.select_one(".cat-listing__intro"))
    crumbs = soup.select("nav.cat-crumbs li")
    assert [text(c) for c in crumbs] == [i18n.t("home", lang), title]
    assert target(built_site, crumbs[0].a["href"], url) == prefix(lang)
    links = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
    assert links == {
        "id": built_site.site_url + f"{name}/",
        "en": built_site.site_url + f"en/{name}/",
        "x-default": built_site.site_url + f"{name}/",
    }
    # every link on the page leads to a page of the site
    for a in soup.select("article a[href], .md-content a[href]"):
        href = a["href"]
        if built_site.local(href, url) is not None and not href.startswith("#"):
            target(built_site, href, url)


def test_sitemap_lists_the_six_pages_with_their_hreflang_twins(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built_site.root / "sitemap.xml").getroot()
    entries = {
        u.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)
        }
        for u in root.findall("s:url", ns)
    }
    site = built_site.site_url
    for path in DOCS_PATHS:
        loc = site + page_url(path)
        assert loc in entries, f"{loc} not in the sitemap"
        name = path.removeprefix("en/")
        assert entries[loc] == {
            "id": site + page_url(name),
            "en": site + page_url("en/" + name),
            "x-default": site + page_url(name),
        }


# -- ids that would take a directory's URL --------------------------------------------------


@pytest.mark.parametrize("name", ["index", "page"])
def test_a_supplier_called_index_or_page_is_refused(catalogue, name):
    shutil.move(catalogue.folder, catalogue.root / name)
    catalog = catalogue.load()
    assert where(catalog.diagnostics) == [("R323", f"products/{name}/supplier.yaml", 1, 1)]
    assert catalog.suppliers == {} and catalog.products == {}
    # so no supplier page can be written over the directory
    gen = Generator(catalog, {}, SiteSettings())
    paths = [gen.path(job) for job in gen.jobs()]
    assert paths.count("suppliers/index.md") == 1


def test_no_category_or_province_takes_a_directory_url():
    """Categories and provinces are vocabulary, not user data: none may be called like
    the directory page (``index``) or a listing's further pages (``page``)."""
    taken = set(RESERVED_IDS["supplier"])
    assert {"index", "page"} <= taken
    assert not taken & set(vocab.categories())
    assert not taken & set(vocab.provinces_by_slug())


# -- the supplier directory's filters in Chromium -------------------------------------------


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-dir-row]:not([hidden]) .cat-dir__name a", "els => els.map(e => e.textContent)"
    )


def wait_status(page, expected: str) -> None:
    page.wait_for_function(
        "t => document.getElementById('cat-dir-status').textContent === t", arg=expected
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", LANGS)
def test_supplier_directory_filters_by_province_and_type(web, site_catalog, lang, width):
    shown = suppliers_shown(site_catalog)
    suppliers = [site_catalog.suppliers[s] for s in shown]
    by_province = Counter(s.province.slug for s in suppliers)
    # the province with most suppliers, and within it the commonest type that is not all
    province = max(sorted(by_province), key=lambda p: by_province[p])
    in_province = [s for s in suppliers if s.province.slug == province]
    types = Counter(s.model.type for s in in_province)
    kind = max(sorted(types), key=lambda t: types[t])
    both = [s for s in in_province if s.model.type == kind]
    assert len(suppliers) > len(in_province) > len(both) > 0, "sample data too uniform"

    def names(chosen) -> list[str]:
        return sorted((s.model.name for s in chosen), key=str.casefold)

    page = web.page()
    page.set_viewport_size({"width": width, "height": 800})
    base = web.site.url(prefix(lang) + "suppliers/")
    page.goto(base)
    form = page.locator("#cat-dir-filters")
    form.wait_for(state="visible")
    wait_status(page, counted("suppliers", len(suppliers), lang))
    assert len(visible_names(page)) == len(suppliers)

    page.select_option("#cat-dir-province", province)
    wait_status(page, counted("suppliers", len(in_province), lang))
    assert sorted(visible_names(page), key=str.casefold) == names(in_province)
    other = next(s for s in suppliers if s.province.slug != province)
    hidden_row = page.locator(f'[data-dir-row][data-province="{other.province.slug}"]').first
    assert hidden_row.is_hidden()
    assert page.locator(
        f'[data-dir-group]:has([data-province="{other.province.slug}"])'
    ).is_hidden()
    assert page.url == f"{base}?province={province}"

    page.select_option("#cat-dir-type", kind)
    wait_status(page, counted("suppliers", len(both), lang))
    assert sorted(visible_names(page), key=str.casefold) == names(both)
    assert page.url == f"{base}?province={province}&type={kind}"
    reset = page.locator(".cat-dir__reset")
    assert reset.is_visible()
    # the whole row of filters fits the screen
    box = reset.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width

    page.reload()
    wait_status(page, counted("suppliers", len(both), lang))
    assert page.locator("#cat-dir-province").input_value() == province
    assert page.locator("#cat-dir-type").input_value() == kind
    assert sorted(visible_names(page), key=str.casefold) == names(both)

    page.go_back()
    wait_status(page, counted("suppliers", len(in_province), lang))
    assert page.locator("#cat-dir-type").input_value() == ""
    page.go_back()
    wait_status(page, counted("suppliers", len(suppliers), lang))
    assert page.url == base

    # a shared link with a type only, and "show all" clears it
    page.goto(f"{base}?type={kind}")
    wait_status(page, counted("suppliers", sum(s.model.type == kind for s in suppliers), lang))
    page.locator(".cat-dir__reset").click()
    wait_status(page, counted("suppliers", len(suppliers), lang))
    assert page.url == base
    assert page.evaluate("document.documentElement.scrollWidth") == width


@pytest.mark.browser
def test_supplier_directory_ignores_a_query_it_does_not_know(web, site_catalog):
    page = web.page("suppliers/?province=atlantis&type=koperasi-gelap")
    page.locator("#cat-dir-filters").wait_for(state="visible")
    wait_status(page, counted("suppliers", len(suppliers_shown(site_catalog)), "id"))
    assert page.locator("#cat-dir-province").input_value() == ""
    assert page.locator(".cat-dir__none").is_hidden()


@pytest.mark.browser
def test_supplier_directory_without_javascript_lists_everyone(chromium, served_site, site_catalog):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 800}
    )
    try:
        page = context.new_page()
        page.goto(served_site.url("en/suppliers/?province=jawa-timur"))
        assert page.locator("#cat-dir-filters").is_hidden()
        assert page.locator("[data-dir-row]:visible").count() == len(suppliers_shown(site_catalog))
        assert page.locator("[data-dir-group] h2:visible").count() == len(
            {site_catalog.suppliers[s].province.code for s in suppliers_shown(site_catalog)}
        )
    finally:
        context.close()

"""Listings longer than one page: ``generate.PAGE_SIZE`` cards a page, page 1 at the
listing's own URL, page N at ``<listing>/page/N/``.

``paged_site`` builds a synthetic catalogue of 120 products (scripts/make_catalog.py,
one pooled photo, so the image cache stays warm after the first run) once per module
with ``python -m catalog build``: its catalogue takes three pages in each language.
Categories, regions and suppliers of that catalogue fit on one page; their pagination
is checked on the generator itself with a smaller page size (no build needed). The
sample catalogue (``built_site``) fits on one page everywhere and shows no pager.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from catalog.core import i18n
from catalog.core.catalogue import Catalog, load_catalog
from catalog.site import generate
from catalog.site.generate import Generator, PageJob, pager_numbers, paged_path
from catalog.site.model import SiteSettings, page_url

from conftest import (
    SITE_PROJECT,
    BuiltSite,
    ServedSite,
    copy_site_project,
    run_build,
    serve_directory,
    site_url_of,
    wait_for_results,
    web_session,
)

SIZE = 120
PAGES = 3  # ceil(120 / 48)
LANGS = ("id", "en")


def prefix(lang: str) -> str:
    return "en/" if lang == "en" else ""


def catalogue_url(lang: str, number: int) -> str:
    return prefix(lang) + ("products/" if number == 1 else f"products/page/{number}/")


def cards(soup) -> list[str]:
    grid = soup.select_one("#cat-static-grid")
    assert grid is not None, "listing page without its product grid"
    return [li["data-product"] for li in grid.select("li.cat-card[data-product]")]


def text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


@pytest.fixture(scope="module")
def paged_project(tmp_path_factory) -> Path:
    project = copy_site_project(tmp_path_factory.mktemp("paged") / "project")
    shutil.rmtree(project / "products")
    shutil.rmtree(project / "curation")  # the sample's assessments name the sample's suppliers
    subprocess.run(
        [
            sys.executable,
            str(SITE_PROJECT / "scripts" / "make_catalog.py"),
            str(SIZE),
            str(project / "products"),
            "--photos-per-supplier",
            "1",
            "--photo-size",
            "1000x750",
            "--photo-pool",
            "1",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return project


@pytest.fixture(scope="module")
def paged_catalog(paged_project: Path) -> Catalog:
    catalog = load_catalog(paged_project / "products")
    assert catalog.ok and len(catalog.published()) == SIZE
    return catalog


@pytest.fixture(scope="module")
def paged_site(paged_project: Path) -> BuiltSite:
    run = run_build(paged_project, paged_project / "site")
    assert run.returncode == 0, str(run)
    return BuiltSite(paged_project / "site", site_url_of(paged_project), run)


# -- the built catalogue of 120 products ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_pages_list_every_product_exactly_once(paged_site, paged_catalog, lang):
    listed: list[str] = []
    for number in range(1, PAGES + 1):
        soup = paged_site.html(catalogue_url(lang, number))
        shown = cards(soup)
        assert 0 < len(shown) <= generate.PAGE_SIZE, (number, len(shown))
        listed += shown
        # the count heading gives the whole catalogue, not this page
        assert text(soup.select_one("h2#products")) == i18n.t("product_count", lang, count=SIZE)
    assert not paged_site.exists(catalogue_url(lang, PAGES + 1))
    assert not paged_site.exists(prefix(lang) + "products/page/1/")
    assert Counter(listed) == Counter(p.key for p in paged_catalog.published())
    assert listed == [p.key for p in paged_catalog.published()], "same order as one long page"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_pager_links_lead_to_the_neighbouring_pages(paged_site, lang):
    for number in range(1, PAGES + 1):
        url = catalogue_url(lang, number)
        soup = paged_site.html(url)
        pager = soup.select_one("nav#cat-pager")
        assert pager is not None, f"/{url}: no pager"
        assert pager["aria-label"] == i18n.t("pager_label", lang)
        numbered = {
            int(a.get_text()): paged_site.local(a["href"], url)
            for a in pager.select("a.cat-pager__page")
        }
        assert numbered == {n: catalogue_url(lang, n) for n in range(1, PAGES + 1)}, url
        for a in pager.select("a.cat-pager__page"):
            assert a["aria-label"] == i18n.t("pager_page", lang, number=int(a.get_text()))
        current = pager.select('a[aria-current="page"]')
        assert [a.get_text() for a in current] == [str(number)], url
        previous = pager.select_one('a[rel="prev"]')
        following = pager.select_one('a[rel="next"]')
        if number == 1:
            assert previous is None
        else:
            assert paged_site.local(previous["href"], url) == catalogue_url(lang, number - 1)
            assert i18n.t("pager_previous", lang) in text(previous)
        if number == PAGES:
            assert following is None
        else:
            assert paged_site.local(following["href"], url) == catalogue_url(lang, number + 1)
            assert i18n.t("pager_next", lang) in text(following)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_further_pages_have_their_own_title_canonical_and_language_twin(paged_site, lang):
    site = paged_site.site_url
    for number in range(1, PAGES + 1):
        url = catalogue_url(lang, number)
        soup = paged_site.html(url)
        title = i18n.t("catalogue_title", lang)
        if number > 1:
            title = i18n.t("page_title", lang, title=title, number=number)
        assert soup.title.get_text().startswith(title + " - "), soup.title
        if number > 1:  # (page 1 is in the navigation: Open Graph takes the nav title)
            assert soup.select_one('meta[property="og:title"]')["content"] == title
        assert text(soup.select_one("h1")) == i18n.t("catalogue_title", lang)
        assert soup.select_one('link[rel="canonical"]')["href"] == site + url
        links = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
        assert links == {
            "id": site + catalogue_url("id", number),
            "en": site + catalogue_url("en", number),
            "x-default": site + catalogue_url("id", number),
        }
        twin = {
            a["hreflang"]: paged_site.local(a["href"], url)
            for a in soup.select("a.md-select__link")
        }
        assert twin == {"id": catalogue_url("id", number), "en": catalogue_url("en", number)}


def test_page_titles_read_well_in_both_languages():
    assert (
        i18n.t("page_title", "id", title="Katalog produk", number=2) == "Katalog produk — halaman 2"
    )
    assert (
        i18n.t("page_title", "en", title="Product catalogue", number=2)
        == "Product catalogue — page 2"
    )


@pytest.mark.slow
def test_only_the_first_page_loads_its_first_photos_eagerly(paged_site):
    for lang in LANGS:
        first = paged_site.html(catalogue_url(lang, 1))
        loading = [img["loading"] for img in first.select("#cat-static-grid img")]
        assert loading[:2] == ["eager", "eager"] and set(loading[2:]) == {"lazy"}
        for number in range(2, PAGES + 1):
            soup = paged_site.html(catalogue_url(lang, number))
            assert {img["loading"] for img in soup.select("#cat-static-grid img")} == {"lazy"}
            assert not soup.select("#cat-static-grid img[fetchpriority]")


@pytest.mark.slow
def test_every_page_of_the_catalogue_carries_the_search_box_and_is_in_the_sitemap(paged_site):
    sitemap = (paged_site.root / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGS:
        for number in range(1, PAGES + 1):
            url = catalogue_url(lang, number)
            box = paged_site.html(url).select_one("#cat-search")
            assert box is not None and box["data-lang"] == lang, url
            assert f"<loc>{paged_site.site_url}{url}</loc>" in sitemap, url


@pytest.mark.slow
def test_listings_that_fit_on_one_page_have_no_pager(paged_site, built_site):
    for url in ("categories/kopi/", "en/categories/kopi/", "suppliers/pemasok-00000/"):
        soup = paged_site.html(url)
        assert soup.select(".cat-pager") == [], url
        assert not paged_site.exists(url + "page/2/")
    for page in built_site.pages():
        html = built_site.file(built_site.url_of(page)).read_text(encoding="utf-8")
        assert "cat-pager" not in html and "/page/2/" not in html, page


# -- the generator with a small page size: every kind of listing ----------------------------

SMALL = 1


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch, site_catalog: Catalog) -> Generator:
    monkeypatch.setattr(generate, "PAGE_SIZE", SMALL)
    return Generator(site_catalog, {}, SiteSettings())


def test_paged_paths_follow_the_first_page():
    assert paged_path("products/index.md", 1) == "products/index.md"
    assert paged_path("products/index.md", 2) == "products/page/2.md"
    assert paged_path("en/products/index.md", 12) == "en/products/page/12.md"
    assert paged_path("categories/kopi.md", 3) == "categories/kopi/page/3.md"
    assert paged_path("en/regions/jawa-timur.md", 2) == "en/regions/jawa-timur/page/2.md"
    assert page_url(paged_path("suppliers/ud-mete-raha.md", 2)) == "suppliers/ud-mete-raha/page/2/"


@pytest.mark.parametrize(
    "number, pages, expected",
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 3, [1, 2, 3]),
        (1, 9, [1, 2, 3, None, 9]),
        (4, 9, [1, 2, 3, 4, 5, 6, None, 9]),
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
        (12, 12, [1, None, 10, 11, 12]),
        (105, 209, [1, None, 103, 104, 105, 106, 107, None, 209]),
    ],
)
def test_pager_shows_the_ends_and_the_neighbourhood(number, pages, expected):
    assert pager_numbers(number, pages) == expected


def test_every_kind_of_listing_is_split_into_pages(small_pages: Generator):
    gen = small_pages
    listings = {
        "catalogue": {"": gen.products},
        "category": gen.by_category,
        "region": gen.by_province,
        "supplier": gen.by_supplier,
    }
    jobs = gen.jobs()
    paths = [gen.path(job) for job in jobs]
    assert len(paths) == len(set(paths))
    for kind, groups in listings.items():
        paged = [key for key, entries in groups.items() if len(entries) > SMALL]
        assert paged, f"no {kind} with more than {SMALL} products in the sample catalogue"
        for key, entries in groups.items():
            for lang in LANGS:
                numbers = [j.number for j in jobs if (j.kind, j.key, j.lang) == (kind, key, lang)]
                # a supplier offering services only still has its page 1
                pages = max(1, -(-len(entries) // SMALL))
                assert numbers == list(range(1, pages + 1)), (kind, key)
                listed = []
                for number in numbers:
                    page = gen.page(PageJob(kind, key, lang, number))
                    listed += re.findall(r'<li class="cat-card" data-product="([^"]+)"', page.body)
                    assert ("cat-pager" in page.body) == (len(numbers) > 1), (kind, key, number)
                assert listed == [p.key for p in entries], (kind, key, lang)


def test_further_pages_keep_only_what_belongs_to_every_page(small_pages: Generator):
    gen = small_pages
    supplier = next(s for s, entries in gen.by_supplier.items() if len(entries) > SMALL)
    first = gen.page(PageJob("supplier", supplier, "id")).body
    second = gen.page(PageJob("supplier", supplier, "id", 2)).body
    assert "data-pagefind-body" in first and "data-pagefind-body" not in second
    assert 'class="cat-description"' in first and 'class="cat-description"' not in second
    region = next(r for r, entries in gen.by_province.items() if len(entries) > SMALL)
    first = gen.page(PageJob("region", region, "en")).body
    second = gen.page(PageJob("region", region, "en", 2)).body
    assert 'id="regencies"' in first and 'id="regencies"' not in second
    category = next(c for c, entries in gen.by_category.items() if len(entries) > SMALL)
    assert "data-pagefind-body" in gen.page(PageJob("category", category, "id")).body
    assert "data-pagefind-body" not in gen.page(PageJob("category", category, "id", 2)).body
    with pytest.raises(ValueError, match="no page"):
        gen.page(PageJob("category", category, "id", 99))


def test_pages_do_not_depend_on_the_order_they_are_rendered_in(
    small_pages: Generator, site_catalog: Catalog
):
    """Worker processes render jobs in any order: each page depends on its job only."""
    jobs = small_pages.jobs()
    forward = {job: small_pages.page(job) for job in jobs}
    fresh = Generator(site_catalog, {}, SiteSettings())
    backward = {job: fresh.page(job) for job in reversed(jobs)}
    for job in jobs:
        assert forward[job].path == backward[job].path == small_pages.path(job)
        assert forward[job].body == backward[job].body, job
        assert forward[job].meta == backward[job].meta, job


# -- in the browser: the search takes the pager's place ---------------------------------------


@pytest.fixture(scope="module")
def paged_served(paged_site: BuiltSite):
    with serve_directory(paged_site.root) as site:
        yield site


@pytest.fixture
def paged_web(chromium, paged_served: ServedSite):
    with web_session(chromium, paged_served) as session:
        yield session


@pytest.mark.slow
@pytest.mark.browser
def test_search_from_page_two_covers_the_catalogue_and_hides_the_pager(paged_web, paged_catalog):
    page = paged_web.page(catalogue_url("id", 2))
    wait_for_results(page)
    pager = page.locator("#cat-pager")
    on_this_page = set(page.locator("#cat-static-grid .cat-card__name").all_text_contents())
    assert pager.is_visible() and len(on_this_page) == generate.PAGE_SIZE

    # Product names are "<category label> <word> <number>": search one category's label.
    first = paged_catalog.published()[0]
    label = first.model.name.id.rsplit(" ", 2)[0]
    expected = {
        p.model.name.id
        for p in paged_catalog.published()
        if p.model.category == first.model.category
    }
    assert expected - on_this_page and len(expected) < 24, "matches beyond page 2, one batch"
    page.fill("#cat-q", label)
    page.press("#cat-q", "Enter")
    wait_for_results(page)
    found = set(page.locator("#cat-results .cat-card__name").all_text_contents())
    assert expected <= found, "a search from page 2 covers the whole catalogue"
    assert pager.is_hidden()
    assert page.locator("#cat-static-grid").is_hidden()
    assert page.locator("h2#products").is_hidden()
    assert re.search(r"/products/page/2/\?q=", page.url)

    page.click(".cat-search__clear")
    wait_for_results(page)
    assert pager.is_visible() and page.locator("#cat-static-grid").is_visible()
    assert page.locator("#cat-results").is_hidden()
    page.go_back()  # back to the search: the pager hides again
    wait_for_results(page)
    assert pager.is_hidden() and page.locator("#cat-results").is_visible()
    page.go_back()
    wait_for_results(page)
    assert pager.is_visible()

    # The header search on a further page searches in place too.
    page.fill("#cat-hsearch-q", label)
    page.press("#cat-hsearch-q", "Enter")
    wait_for_results(page)
    assert re.search(r"/products/page/2/\?q=", page.url) and pager.is_hidden()
    assert expected <= set(page.locator("#cat-results .cat-card__name").all_text_contents())

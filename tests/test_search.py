"""Search and filters: the Pagefind index the build writes, and the catalogue page in Chromium.

The index half reads ``built_site`` (tests/conftest.py: the sample catalogue built
once per session with ``python -m catalog build``) and runs :mod:`catalog.build.search`
directly. The browser half serves that site on 127.0.0.1 and drives Debian's
Chromium through Playwright (``web`` fails a test on any console error); expected
results come from the YAML in ``products/`` (``site_catalog``), not from the page.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.build import search
from catalog.core.catalogue import Catalog

from conftest import BuiltSite, wait_for_results

LEATHER = {"tas-kulit", "sepatu-kulit", "aksesori-kulit"}
SULTRA = "Sulawesi Tenggara"
IMG = "i => [i.getAttribute('width'), i.getAttribute('height'), i.alt, i.src]"


# -- helpers ------------------------------------------------------------------------------


def names(catalog: Catalog, lang: str = "id", where=lambda p: True) -> set[str]:
    return {p.model.name.get(lang) for p in catalog.published() if where(p)}


def in_province(catalog: Catalog, province: str) -> set[str]:
    """Names of the products and services (issue 21) of suppliers in ``province``."""
    services = {
        s.model.name.id
        for s in catalog.published_services()
        if catalog.supplier_of(s).province.name == province
    }
    return services | names(
        catalog, where=lambda p: catalog.supplier_of(p).province.name == province
    )


def settle(page) -> None:
    """Wait until the results on screen answer the current URL."""
    wait_for_results(page)


def shown(page) -> list[str]:
    """Names of the result cards, in order ([] when the static grid is shown)."""
    if page.locator("#cat-results").is_hidden():
        return []
    return page.locator("#cat-results .cat-card__name").all_text_contents()


def count_shown(page) -> int:
    return int(page.locator(".cat-search__status").get_attribute("data-count"))


def search_for(page, query: str) -> None:
    page.fill("#cat-q", query)
    page.press("#cat-q", "Enter")
    settle(page)


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# -- the index ----------------------------------------------------------------------------


def test_index_has_one_part_per_language_with_only_marked_content(built_site: BuiltSite):
    entry = json.loads((built_site.root / "pagefind" / "pagefind-entry.json").read_text())
    marked: dict[str, int] = {"id": 0, "en": 0}
    for page in built_site.pages():
        html = built_site.file(built_site.url_of(page)).read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([^"]+)"', html).group(1)
        if "data-pagefind-body" in html:
            marked[lang] += 1
            assert re.search(r"^(en/)?(products|suppliers|categories)/.+/index\.html$", page), (
                f"{page} is indexed but is not a product, supplier or category page"
            )
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == marked
    assert marked["id"] and marked["id"] == marked["en"]


def test_pages_do_not_load_materials_lunr_search(built_site: BuiltSite):
    for page in built_site.pages():
        html = built_site.file(built_site.url_of(page)).read_text(encoding="utf-8")
        assert "workers/search" not in html, f"{page} references Material's lunr worker"
        assert 'name="search"' not in html and 'id="search"' not in html, page
    home = built_site.html("")
    form = home.find("form", class_="cat-hsearch")
    assert form is not None and form["action"] == "products/" and form.find("input")["name"] == "q"
    assert form.find("label", attrs={"for": form.find("input")["id"]}) is not None
    en = built_site.html("en/products/")
    assert en.find("form", class_="cat-hsearch")["action"] == "./"


def test_index_bytes_are_identical_for_identical_input(built_site: BuiltSite, tmp_path: Path):
    copies = []
    for name in ("a", "b"):
        site = tmp_path / name
        shutil.copytree(built_site.root, site, ignore=shutil.ignore_patterns("media"))
        search.build_index(site)
        copies.append(BuiltSite(site / "pagefind", built_site.site_url).hashes())
    assert copies[0] == copies[1]
    # The build indexes only the searchable part of each page, from a folder the file
    # system may list in another order: the same index, pages possibly numbered apart.
    from test_shells import _index

    whole = _index(BuiltSite(tmp_path / "a", built_site.site_url))
    for lang in whole:
        whole[lang].pop("sorts")
    built = _index(built_site)
    for lang in built:
        built[lang].pop("sorts")
    assert built == whole


def test_a_run_per_language_gives_the_index_of_one_run(built_site: BuiltSite, tmp_path: Path):
    """Builds index each language by its own Pagefind run (half the memory) and merge
    the bundles: the same files as one run over every page, byte for byte."""
    one, split = tmp_path / "one", tmp_path / "split"
    for site in (one, split):
        shutil.copytree(built_site.root, site, ignore=shutil.ignore_patterns("media", "pagefind"))
    search.build_index(one)
    id_pages, en_pages = tmp_path / "src-id", tmp_path / "src-en"
    shutil.copytree(split, id_pages, ignore=lambda d, names: ["en"] if Path(d) == split else [])
    shutil.copytree(split / "en", en_pages / "en")
    result = search.build_index(split, source_dirs=[id_pages, en_pages], discard_sources=True)
    assert result.pages == {
        "en": built_site_pages(built_site, "en"),
        "id": built_site_pages(built_site, "id"),
    }
    assert not id_pages.exists() and not en_pages.exists()  # read, then deleted
    assert sorted(p.name for p in split.iterdir() if p.name.startswith(".")) == []
    assert (
        BuiltSite(split / "pagefind", built_site.site_url).hashes()
        == BuiltSite(one / "pagefind", built_site.site_url).hashes()
    )


def built_site_pages(site: BuiltSite, lang: str) -> int:
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    return entry["languages"][lang]["page_count"]


def test_indexing_failures_are_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(search.SearchIndexError, match="does not exist"):
        search.build_index(tmp_path / "missing")
    (tmp_path / "index.html").write_text("<html lang='id'><body><p>no body mark</p></body></html>")
    with pytest.raises(search.SearchIndexError, match="indexed no page marked"):
        search.build_index(tmp_path)
    monkeypatch.setattr(search, "executable", lambda: Path(shutil.which("false")))
    with pytest.raises(search.SearchIndexError, match=r"Pagefind failed \(exit 1\)"):
        search.build_index(tmp_path)


# -- the catalogue page in a browser ---------------------------------------------------------


@pytest.mark.browser
def test_kulit_finds_the_leather_products_and_no_cashews(web, site_catalog: Catalog):
    page = web.page("products/?q=kulit")
    settle(page)
    leather = names(site_catalog, where=lambda p: p.model.category in LEATHER)
    found = shown(page)
    assert leather <= set(found)
    assert set(found) == leather, "only leather products match `kulit`"
    assert count_shown(page) == len(found)
    cashews = names(site_catalog, where=lambda p: p.model.category == "kacang-mete")
    assert cashews and not cashews & set(found)
    search_for(page, "tas kulit")
    assert shown(page) == ["Tas Jinjing Kulit Sapi"]
    assert not any("mete" in n.lower() for n in shown(page))


@pytest.mark.browser
def test_indonesian_inflected_query_matches_the_stem(web, site_catalog: Catalog):
    page = web.page("products/?q=kulitnya")  # -nya (its): the Indonesian stemmer drops it
    settle(page)
    assert names(site_catalog, where=lambda p: p.model.category in LEATHER) <= set(shown(page))


@pytest.mark.browser
def test_province_filter_counts_match_results_and_data(web, site_catalog: Catalog):
    page = web.page("products/")
    settle(page)
    assert page.locator("#cat-static-grid").is_visible()
    assert shown(page) == []
    expected = in_province(site_catalog, SULTRA)
    box = page.get_by_role("group", name="Provinsi").get_by_role(
        "checkbox", name=re.compile(SULTRA)
    )
    badge = page.locator(
        ".cat-filters__option", has=page.locator('input[value="sulawesi-tenggara"]')
    )
    assert badge.locator(".cat-count").text_content() == str(len(expected))
    box.check()
    settle(page)
    # filters by id in the URL: the same in both languages (tests/test_filters_sheet.py)
    assert query_of(page) == {"province": ["sulawesi-tenggara"]}
    assert "province=sulawesi-tenggara" in page.url
    assert set(shown(page)) == expected and len(shown(page)) == len(expected)
    assert count_shown(page) == len(expected)
    assert page.locator(".cat-search__status").text_content() == f"{len(expected)} produk ditemukan"
    suppliers = page.locator("#cat-results .cat-card__supplier").all_text_contents()
    assert all(s.endswith(f"· {SULTRA}") for s in suppliers)
    assert page.locator("#cat-static-grid").is_hidden()
    # Other provinces keep their own counts (values of one group are ORed).
    jatim = in_province(site_catalog, "Jawa Timur")
    other = page.locator(".cat-filters__option", has=page.locator('input[value="jawa-timur"]'))
    assert other.locator(".cat-count").text_content() == str(len(jatim))


@pytest.mark.browser
def test_url_state_round_trips_and_back_button_restores_it(web, site_catalog: Catalog):
    page = web.page("products/")
    settle(page)
    search_for(page, "kulit")
    first = shown(page)
    assert query_of(page) == {"q": ["kulit"]}
    page.get_by_role("checkbox", name=re.compile("Sepatu dan sandal kulit")).check()
    settle(page)
    second = shown(page)
    assert set(second) == names(site_catalog, where=lambda p: p.model.category == "sepatu-kulit")
    assert query_of(page) == {"q": ["kulit"], "category": ["sepatu-kulit"]}
    url = page.url

    page.go_back()
    settle(page)
    assert shown(page) == first and page.input_value("#cat-q") == "kulit"
    assert not page.get_by_role("checkbox", name=re.compile("Sepatu dan sandal kulit")).is_checked()
    page.go_back()
    settle(page)
    assert shown(page) == [] and page.locator("#cat-static-grid").is_visible()
    assert page.input_value("#cat-q") == ""
    page.go_forward()
    page.go_forward()
    settle(page)
    assert shown(page) == second

    direct = web.page()
    direct.goto(url)
    settle(direct)
    assert shown(direct) == second
    assert direct.input_value("#cat-q") == "kulit"
    assert direct.get_by_role("checkbox", name=re.compile("Sepatu dan sandal kulit")).is_checked()


@pytest.mark.browser
def test_overlapping_searches_never_mix_their_results(web):
    """A search still loading its cards when the next one starts must not add them."""
    page = web.page("products/")
    settle(page)
    held: list = []
    web.context.route("**/pagefind/fragment/**", lambda route: held.append(route))

    def submit(word: str, wait_for: int) -> None:
        page.evaluate(
            "(w) => { document.getElementById('cat-q').value = w;"
            " document.querySelector('.cat-search__form').requestSubmit(); }",
            word,
        )
        while len(held) < wait_for:
            page.wait_for_timeout(20)

    submit("sepatu", 2)  # its two cards wait for their fragments
    first = list(held)
    submit("tas kulit", 3)  # the next search starts meanwhile
    for route in first:  # the first search's data arrives late
        route.continue_()
    page.wait_for_timeout(200)
    web.context.unroute("**/pagefind/fragment/**")
    for route in held[len(first) :]:
        route.continue_()
    settle(page)
    assert shown(page) == ["Tas Jinjing Kulit Sapi"]
    assert count_shown(page) == 1


@pytest.mark.browser
def test_english_catalogue_searches_english_text(web, site_catalog: Catalog):
    page = web.page("en/products/?q=cashew")
    settle(page)
    cashews = names(site_catalog, "en", where=lambda p: p.model.category == "kacang-mete")
    assert set(shown(page)) == cashews and cashews
    assert page.locator(".cat-search__status").text_content() == f"{len(cashews)} products found"
    links = page.locator("#cat-results .cat-card__link")
    assert all("/en/products/" in links.nth(i).get_attribute("href") for i in range(links.count()))
    search_for(page, "leather bag")
    assert shown(page) == ["Cowhide Tote Bag"]


@pytest.mark.browser
def test_result_cards_match_the_static_cards(web):
    static = web.page("products/")
    settle(static)
    card = static.locator('#cat-static-grid .cat-card[data-product="ud-mete-raha/mete-kupas-w320"]')
    expected = {
        "name": card.locator(".cat-card__name").text_content(),
        "supplier": card.locator(".cat-card__supplier").text_content(),
        "facts": card.locator(".cat-card__facts").inner_text(),
        "badge": card.locator(".cat-badge").count(),
        "href": card.locator("a.cat-card__link").evaluate("a => a.href"),
        "img": card.locator("img").evaluate(IMG),
        "quote": json.loads(card.locator(".cat-quote-add").get_attribute("data-quote")),
    }
    search_for(static, "W320")
    found = static.locator('#cat-results .cat-card[data-product="ud-mete-raha/mete-kupas-w320"]')
    assert found.locator(".cat-card__name").text_content() == expected["name"]
    assert found.locator(".cat-card__supplier").text_content() == expected["supplier"]
    assert found.locator(".cat-card__facts").inner_text() == expected["facts"]
    assert found.locator(".cat-badge").count() == expected["badge"]
    assert found.locator("a.cat-card__link").evaluate("a => a.href") == expected["href"]
    assert found.locator("img").evaluate(IMG) == expected["img"]
    quote = found.locator(".cat-quote-add").get_attribute("data-quote")
    assert json.loads(quote) == expected["quote"]
    assert found.locator(".cat-quote-add").is_visible()
    static.wait_for_function(
        "() => [...document.querySelectorAll('#cat-results img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )


@pytest.mark.browser
@pytest.mark.parametrize("word", ["avif", "jpg", "incoterms"])
def test_photo_files_and_card_data_are_not_searchable(web, word):
    """What a result's card carries besides text (photo srcsets, quote-list data) is not
    searchable: while it was, "avif" or "jpg" found every product with a photo."""
    page = web.page(f"products/?q={word}")
    settle(page)
    assert count_shown(page) == 0, shown(page)
    search_for(page, "kulit")  # the same search still finds words of the pages
    assert count_shown(page) > 0


@pytest.mark.browser
def test_search_works_with_the_keyboard_alone(web):
    page = web.page("products/")
    settle(page)
    assert page.locator('label[for="cat-q"]').text_content() == "Cari produk"
    groups = page.locator("#cat-search fieldset")
    assert groups.count() == 9  # with kind and regency/city (issue 21)
    assert all(groups.nth(i).locator("legend").text_content() for i in range(9))
    assert page.get_by_role("status").count() >= 1
    page.focus("#cat-q")
    page.keyboard.type("mete")
    page.keyboard.press("Enter")
    settle(page)
    assert len(shown(page)) == 2
    box = page.locator('#cat-search input[value="kacang-mete"]')
    assert (
        page.locator('label[for="%s"]' % box.get_attribute("id"))
        .inner_text()
        .startswith("Kacang mete")
    )
    box.focus()
    page.keyboard.press("Space")
    settle(page)
    assert box.is_checked() and query_of(page)["category"] == ["kacang-mete"]
    assert page.evaluate("document.activeElement.value") == "kacang-mete", "focus was lost"
    page.focus("#cat-sort")
    page.select_option("#cat-sort", "moq")
    settle(page)
    assert shown(page) == ["Kacang Mete Panggang Asin", "Mete Kupas Mentah W320"]
    assert query_of(page)["sort"] == ["moq"]


@pytest.mark.browser
def test_header_search_goes_to_the_catalogue(web):
    page = web.page("")
    page.fill("#cat-hsearch-q", "mete")
    page.press("#cat-hsearch-q", "Enter")
    page.wait_for_url(re.compile(r"/products/\?q=mete$"))
    settle(page)
    assert set(shown(page)) == {"Mete Kupas Mentah W320", "Kacang Mete Panggang Asin"}
    # On the catalogue itself the header searches in place.
    page.fill("#cat-hsearch-q", "arabika")
    page.press("#cat-hsearch-q", "Enter")
    settle(page)
    assert query_of(page) == {"q": ["arabika"]} and len(shown(page)) == 2


@pytest.mark.browser
def test_without_javascript_the_static_grid_stays(chromium, served_site, site_catalog: Catalog):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site.url("products/?q=kulit"))
        assert page.locator("#cat-static-grid .cat-card").count() == len(site_catalog.published())
        assert page.locator("#cat-static-grid").is_visible()
        assert page.locator(".cat-quote-add").first.is_hidden()
        page.fill("#cat-hsearch-q", "mete")
        page.press("#cat-hsearch-q", "Enter")
        page.wait_for_url(re.compile(r"/products/\?q=mete$"))
    finally:
        context.close()


@pytest.mark.browser
def test_bytes_fetched_for_one_query(web, record_property):
    """Report what one search costs on a phone (Pagefind requests only, bodies as served)."""
    page = web.page("products/")
    settle(page)
    before = len(web.responses)
    search_for(page, "kulit")
    query = [r for r in web.responses[before:] if "/pagefind/" in r.url]
    everything = [r for r in web.responses if "/pagefind/" in r.url]
    per_query = sum(len(r.body()) for r in query)
    first_visit = sum(len(r.body()) for r in everything)
    record_property("pagefind_bytes_first_visit_and_query", first_visit)
    record_property("pagefind_bytes_per_further_query", per_query)
    print(f"\npagefind bytes: page load + first query {first_visit}, further query {per_query}")
    assert first_visit < 400_000


@pytest.mark.parametrize(
    "command, option, last_run, expected",
    [
        ("build", None, None, True),
        ("build", False, 30.0, True),  # search_on_serve is about serve only
        ("serve", None, None, True),  # first serve build: index, and time it
        ("serve", None, 0.4, True),  # quick (the sample: 0.3 s)
        ("serve", None, 8.0, True),  # slow: made in the background (issue 20: ServeIndex)
        ("serve", True, 8.0, True),
        ("serve", False, None, False),
    ],
)
def test_serve_indexes_only_while_it_stays_quick(command, option, last_run, expected):
    from catalog.mkdocs.plugin import CatalogPlugin

    plugin = CatalogPlugin()
    errors, warnings = plugin.load_config({} if option is None else {"search_on_serve": option})
    assert not errors and not warnings
    plugin.on_startup(command=command, dirty=False)
    plugin.index_seconds = last_run
    assert plugin._index_now() is expected

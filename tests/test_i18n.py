"""Bilingual site: Indonesian at /, English under /en/, checked on the built sample site."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from catalog.core import i18n

SKIP = ("404.html", "assets/", "media/", "pagefind/")


def _pages(built_site) -> list[str]:
    return [p for p in built_site.pages() if not p.startswith(SKIP)]


def _twin(page: str) -> str:
    return page[3:] if page.startswith("en/") else "en/" + page


def test_every_page_has_its_twin_with_hreflang_pairs(built_site):
    pages = _pages(built_site)
    assert len(pages) > 40
    for page in pages:
        url = built_site.url_of(page)
        lang = "en" if page.startswith("en/") else "id"
        soup = built_site.html(url)
        assert soup.html["lang"] == lang, page
        assert built_site.file(built_site.url_of(_twin(page))).is_file(), f"{page} has no twin"
        links = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
        id_url = url[3:] if lang == "en" else url
        assert links == {
            "id": built_site.site_url + id_url,
            "en": built_site.site_url + "en/" + id_url,
            "x-default": built_site.site_url + id_url,
        }, page
        locale = soup.select_one('meta[property="og:locale"]')["content"]
        assert locale == ("en_US" if lang == "en" else "id_ID"), page


def test_language_selector_links_to_the_same_page(built_site):
    soup = built_site.html("en/products/ud-mete-raha/mete-kupas-w320/")
    links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
    assert links["id"] == "../../../../products/ud-mete-raha/mete-kupas-w320/"
    assert links["en"] == "./"


def _literal_parts(text: str) -> list[str]:
    """The fixed parts of a template string: 'mulai {amount} / {unit}' -> ['mulai']."""
    return [part.strip(" .,:;/()·") for part in re.split(r"\{[^}]*\}", text)]


def _indonesian_only_strings() -> dict[str, str]:
    """Interface strings whose Indonesian wording would stand out on an English page."""
    out = {}
    for key, value in i18n.table().items():
        for part in _literal_parts(value["id"]):
            if len(part) >= 6 and part.lower() not in value["en"].lower() and " " in part:
                out[part] = key
    return out


def test_no_indonesian_interface_text_on_english_pages(built_site):
    strings = _indonesian_only_strings()
    assert len(strings) > 50  # the check has teeth
    for page in _pages(built_site):
        if not page.startswith("en/"):
            continue
        # a fresh parse: the cached soup is shared with other tests
        soup = BeautifulSoup(
            built_site.file(built_site.url_of(page)).read_text("utf-8"), "html.parser"
        )
        for element in soup.select('[lang="id"], script, style, template'):
            element.decompose()  # untranslated product text is marked and allowed
        text = " ".join(soup.get_text(" ").split())
        found = [f"{s!r} ({key})" for s, key in strings.items() if s in text]
        assert not found, f"{page}: Indonesian interface text: {', '.join(found)}"


def test_english_pages_use_english_formats(built_site):
    soup = built_site.html("en/products/kopindo-tanggulangin/tas-jinjing-kulit-sapi/")
    tiers = soup.select_one("table.cat-tiers").get_text(" ")
    assert "IDR 385,000 / piece" in tiers
    soup_id = built_site.html("products/kopindo-tanggulangin/tas-jinjing-kulit-sapi/")
    assert "Rp 385.000 / buah" in soup_id.select_one("table.cat-tiers").get_text(" ")


def test_untranslated_text_is_marked(built_site, site_catalog):
    missing = [p for p in site_catalog.published() if not p.model.description.en]
    assert missing, "the sample catalogue keeps one product without English on purpose"
    for entry in missing:
        soup = built_site.html(f"en/products/{entry.supplier_id}/{entry.id}/")
        block = soup.select_one(".cat-description")
        assert block["lang"] == "id"
        label = block.select_one(".cat-untranslated")
        assert label is not None and label.get_text(strip=True) == i18n.t("untranslated", "en")
        assert entry.model.description.id.split()[0] in block.get_text(" ")
        # the Indonesian page of the same product carries no such label
        soup_id = built_site.html(f"products/{entry.supplier_id}/{entry.id}/")
        assert soup_id.select(".cat-untranslated") == []


def test_validate_warns_about_missing_english(site_catalog):
    warned = {(d.path, d.code) for d in site_catalog.diagnostics}
    for entry in site_catalog.published():
        if not entry.model.description.en:
            assert (entry.doc.path, "S210") in warned


@pytest.mark.browser
def test_english_search_finds_english_text(web):
    page = web.page("en/products/?q=cashew")
    page.wait_for_selector("#cat-search [data-result], #cat-search .cat-card", timeout=15000)
    names = page.locator("#cat-search .cat-card__name").all_inner_texts()
    assert names and all("ashew" in n for n in names), names


def test_breadcrumbs_stay_in_the_page_language(built_site):
    """An English page's breadcrumbs lead to English pages (Home was the Indonesian home)."""
    pages = [p for p in _pages(built_site) if p.startswith("en/")]
    checked = 0
    for page in pages:
        url = built_site.url_of(page)
        soup = built_site.html(url)
        for a in soup.select("nav.cat-crumbs a[href]"):
            href = a["href"]
            target = built_site.local(href, url)
            assert target is not None and target.startswith("en/"), (page, href, target)
            checked += 1
    assert checked > 0

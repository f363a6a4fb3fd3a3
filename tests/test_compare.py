"""The compare page in Chromium: up to 4 products side by side, chosen on cards and product
pages, kept on the device and in a shareable URL; on a phone the table scrolls sideways
inside its box with the row names in view, never the page.

Expected facts come from the products' YAML files and ``catalog/data/ui.yaml``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import SITE_PROJECT

pytestmark = pytest.mark.browser

UI = yaml.safe_load((SITE_PROJECT / "catalog" / "data" / "ui.yaml").read_text(encoding="utf-8"))
SIZES = [(360, 740), (1280, 900)]
CASHEW = "ud-mete-raha/mete-kupas-w320"
BAG = "kopindo-tanggulangin/tas-jinjing-kulit-sapi"
COCOA = "koperasi-kakao-wundulako/biji-kakao-fermentasi"  # price on request
BATIK = "cv-etam-sangatta/kain-batik-cap-kutai"  # no export packing
COFFEE = "kopi-bambapuang-enrekang/kopi-arabika-kalosi-sangrai"
FOUR = [CASHEW, BAG, COCOA, BATIK]


def ui(key: str, lang: str, **params) -> str:
    text = UI[key][lang]
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def prefix(lang: str) -> str:
    return "en/" if lang == "en" else ""


def product_yaml(product: str) -> dict:
    supplier, name = product.split("/")
    return yaml.safe_load(
        (SITE_PROJECT / "products" / supplier / f"{name}.yaml").read_text(encoding="utf-8")
    )


def compare_on_card(page, product: str):
    card = page.locator(f'#cat-static-grid .cat-card[data-product="{product}"]')
    toggle = card.locator(".cat-compare-toggle")
    toggle.click()
    return toggle


def columns(page) -> list[str]:
    return page.locator(".cat-compare__table thead th").evaluate_all(
        "ths => ths.map(th => th.getAttribute('data-id'))"
    )


def row(page, key: str) -> list[str]:
    return page.locator(f'.cat-compare__table tr[data-row="{key}"] td').evaluate_all(
        "tds => tds.map(td => td.innerText.trim())"
    )


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["360", "1280"])
def test_four_products_side_by_side_a_fifth_refused_and_the_link_shared(web, lang, size):
    page = web.page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(web.site.url(f"{prefix(lang)}products/"))
    for n, product in enumerate(FOUR, 1):
        toggle = compare_on_card(page, product)
        assert toggle.get_attribute("aria-pressed") == "true"
        status = page.locator(".cat-toast")
        assert f"({n} " in status.text_content()
    # A fifth is refused, with a message saying why and the way to the comparison.
    fifth = compare_on_card(page, COFFEE)
    assert fifth.get_attribute("aria-pressed") == "false"
    name = json.loads(
        page.locator(f'#cat-static-grid [data-product="{COFFEE}"] .cat-quote-add').get_attribute(
            "data-quote"
        )
    )["name"]
    status = page.locator(".cat-toast")
    assert ui("compare_full", lang, max=4, name=name) in status.text_content()
    status.get_by_role("link", name=ui("compare_view", lang, count=4)).click()
    page.wait_for_url(re.compile(rf"/{prefix(lang)}compare/\?p="))
    page.wait_for_selector(".cat-compare__table")
    assert columns(page) == FOUR
    assert parse_qs(urlsplit(page.url).query)["p"] == [",".join(FOUR)]

    # The facts, from each product's own data.
    data = [product_yaml(p) for p in FOUR]
    moq = row(page, "moq")
    for cell, d in zip(moq, data):
        assert re.sub(r"\D", "", cell) == str(d["moq"]["quantity"])
    lead = row(page, "lead")
    for cell, d in zip(lead, data):
        assert f"{d['lead_time_days']['min']}–{d['lead_time_days']['max']}" in cell
    prices = row(page, "price")
    assert prices[2] == ui("compare_price_request", lang)  # the cocoa: price on request
    assert len(prices[0].splitlines()) >= len(data[0]["price"]["tiers"])
    assert row(page, "incoterms")[0] == ", ".join(data[0]["incoterms"])
    packing = row(page, "packing")
    assert packing[3] == ui("compare_packing_none", lang)  # the batik has none
    units = data[0]["export_packing"]["units_per_carton"]
    assert str(units).replace(".", "," if lang == "id" else ".") in packing[0]
    heads = page.locator(".cat-compare__table thead th")
    assert heads.nth(0).locator("img").count() == 1
    assert (
        heads.nth(0)
        .locator("a")
        .get_attribute("href")
        .endswith(f"/{prefix(lang)}products/{CASHEW}/")
    )

    # The link opens the same comparison on another device (a fresh browser context).
    shared = page.url
    other = web.context.browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        other.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
        elsewhere = other.new_page()
        elsewhere.goto(shared)
        elsewhere.wait_for_selector(".cat-compare__table")
        assert columns(elsewhere) == FOUR
    finally:
        other.close()

    # Removing one updates the table, the URL and the saved set.
    page.get_by_role("button", name=re.compile(re.escape(ui("quote_remove", lang)))).nth(1).click()
    page.wait_for_function("document.querySelectorAll('.cat-compare__table thead th').length === 3")
    assert columns(page) == [CASHEW, COCOA, BATIK]
    assert parse_qs(urlsplit(page.url).query)["p"] == [f"{CASHEW},{COCOA},{BATIK}"]
    assert page.evaluate("JSON.parse(localStorage.getItem('/catalog.compare'))") == [
        CASHEW,
        COCOA,
        BATIK,
    ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_phone_table_scrolls_inside_its_box_with_row_names_in_view(web, lang):
    page = web.page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(web.site.url(f"{prefix(lang)}compare/?p={','.join(FOUR)}"))
    page.wait_for_selector(".cat-compare__table")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    scroller = page.locator(".cat-compare__scroll")
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth + 100")
    label = page.locator('.cat-compare__table tr[data-row="moq"] th')
    before = label.bounding_box()["x"]
    cell = page.locator('.cat-compare__table tr[data-row="moq"] td').nth(3)
    assert cell.bounding_box()["x"] > 360  # the fourth product is off to the right
    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    page.wait_for_timeout(100)
    assert label.bounding_box()["x"] == pytest.approx(before, abs=1)  # sticky first column
    assert 0 <= cell.bounding_box()["x"] < 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("window.scrollX") == 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_compare_toggle_on_a_product_page_and_an_empty_comparison(web, lang):
    page = web.page(f"{prefix(lang)}compare/")
    empty = page.locator(".cat-compare__empty")
    empty.wait_for()
    assert ui("compare_empty", lang) in empty.text_content()
    page.goto(web.site.url(f"{prefix(lang)}products/{BAG}/"))
    toggle = page.locator(".cat-actions .cat-compare-toggle")
    assert toggle.text_content() == ui("compare_toggle", lang)
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(web.site.url(f"{prefix(lang)}compare/"))
    page.wait_for_selector(".cat-compare__table")
    assert columns(page) == [BAG]
    assert parse_qs(urlsplit(page.url).query)["p"] == [BAG]
    assert ui("compare_one_more", lang) in page.locator(".cat-compare__more").text_content()
    # pressing it again takes the product out
    page.goto(web.site.url(f"{prefix(lang)}products/{BAG}/"))
    toggle = page.locator(".cat-actions .cat-compare-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.evaluate("JSON.parse(localStorage.getItem('/catalog.compare'))") == []

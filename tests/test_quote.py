"""The quote list in Chromium: add products, keep them, ask the trading house for a quote.

Serves ``built_site`` (tests/conftest.py) on 127.0.0.1 and drives Debian's Chromium
through Playwright; ``web`` refuses requests to other hosts and fails a test on any
console error. ``window.open`` (WhatsApp) and clicks on ``mailto:`` links are
recorded instead of leaving the page. Expected numbers, names and URLs come from
mkdocs.yml and the products' own ``data-quote`` data.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from conftest import SITE_PROJECT

pytestmark = pytest.mark.browser

STORE = "/catalog.quote"
CAPTURE = """
window.__opened = [];
window.open = (url) => { window.__opened.push(String(url)); return {}; };
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  if (this.href.startsWith("mailto:")) { window.__mailto = this.href; return; }
  return click.call(this);
};
"""
CASHEW = "ud-mete-raha/mete-kupas-w320"
BAG = "kopindo-tanggulangin/tas-jinjing-kulit-sapi"


def house() -> dict:
    text = (SITE_PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    extra = yaml.safe_load(re.search(r"^extra:\n(?:[ \t].*\n|\n)+", text, re.M).group(0))
    return extra["extra"]["trading_house"]


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def quote_of(page, product: str) -> dict:
    button = page.locator(f'.cat-card[data-product="{product}"] .cat-quote-add').first
    return json.loads(button.get_attribute("data-quote"))


def saved(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}') || 'null')")


def item(page, product: str):
    return page.locator(f'.cat-quote__item[data-id="{product}"]')


def id_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@pytest.fixture
def quoting(web):
    web.context.add_init_script(CAPTURE)
    return web


def add_two_products(web) -> tuple[dict, dict]:
    catalogue = web.page("products/")
    cashew = quote_of(catalogue, CASHEW)
    button = catalogue.locator(f'#cat-static-grid [data-product="{CASHEW}"] .cat-quote-add')
    assert button.is_visible() and button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert catalogue.get_by_role("status").filter(has_text=cashew["name"]).count() == 1
    product = web.page(f"products/{BAG}/")
    own = product.locator(".cat-actions .cat-quote-add")
    bag = json.loads(own.get_attribute("data-quote"))
    own.click()
    assert [i["id"] for i in saved(product)["items"]] == [CASHEW, BAG]
    return cashew, bag


def test_quote_list_survives_reloads_and_sends_by_whatsapp(quoting):
    cashew, bag = add_two_products(quoting)
    page = quoting.page(f"products/{BAG}/")
    page.reload()
    assert page.locator(".cat-actions .cat-quote-add").get_attribute("aria-pressed") == "true"

    page.goto(quoting.site.url("inquiry/"))
    page.wait_for_selector(".cat-quote__item")
    assert page.locator(".cat-quote__item").count() == 2
    qty = item(page, CASHEW).get_by_label(f"Jumlah ({cashew['unit']})")
    assert qty.get_attribute("min") == qty.input_value() == str(cashew["moq"])

    # Below the minimum order: refused, with a message saying why.
    qty.fill(str(cashew["moq"] - 1))
    assert qty.evaluate("i => i.validity.valid") is False
    assert qty.get_attribute("aria-invalid") == "true"
    hint = item(page, CASHEW).locator(".cat-quote__hint")
    assert id_number(cashew["moq"]) in hint.text_content()
    assert "cat-quote__hint--error" in hint.get_attribute("class")
    assert str(cashew["moq"]) in qty.evaluate("i => i.validationMessage").replace(".", "")
    page.get_by_label("Nama").fill("Budi Santoso")
    page.get_by_role("button", name="Kirim lewat WhatsApp").click()
    assert page.evaluate("window.__opened") == []
    assert page.get_by_role("alert").is_visible()

    qty.fill("1500")
    item(page, BAG).get_by_label(f"Jumlah ({bag['unit']})").fill(str(bag["moq"] + 10))
    page.get_by_label("Perusahaan atau instansi").fill("PT Sinar Niaga")
    page.get_by_label("Negara").fill("Malaysia")
    page.get_by_role("button", name="Kirim lewat WhatsApp").click()
    opened = page.evaluate("window.__opened")
    assert len(opened) == 1
    url = urlsplit(opened[0])
    number = digits(house()["whatsapp"])
    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/" + number)
    text = parse_qs(url.query)["text"][0]
    for product, amount in ((cashew, "1.500"), (bag, id_number(bag["moq"] + 10))):
        assert product["name"] in text and product["url"] in text
        assert f"{product['name']} ({product['supplier']}): {amount} {product['unit']}" in text
    assert house()["name"] in text and "Budi Santoso" in text and "PT Sinar Niaga" in text

    # Everything typed is kept.
    page.reload()
    page.wait_for_selector(".cat-quote__item")
    assert item(page, CASHEW).locator("input").input_value() == "1500"
    assert page.get_by_label("Nama").input_value() == "Budi Santoso"


def test_send_by_email_composes_one_message(quoting):
    cashew, bag = add_two_products(quoting)
    page = quoting.page("inquiry/")
    page.wait_for_selector(".cat-quote__item")
    page.get_by_label("Nama").fill("Siti")
    page.get_by_role("button", name="Kirim lewat e-mail").click()
    mailto = page.evaluate("window.__mailto")
    assert mailto.startswith(f"mailto:{house()['email']}?")
    fields = parse_qs(urlsplit(mailto).query)
    assert fields["subject"] == ["Permintaan penawaran: 2 produk"]
    body = fields["body"][0]
    assert cashew["url"] in body and bag["url"] in body
    amount = id_number(cashew["moq"])
    assert f"{cashew['name']} ({cashew['supplier']}): {amount} {cashew['unit']}" in body
    assert page.evaluate("window.__opened") == []


def test_unknown_product_is_shown_unavailable_and_not_sent(quoting):
    page = quoting.page("inquiry/")
    gone = {
        "id": "ud-mete-raha/mete-lama",
        "name": "Mete Lama Tidak Dijual",
        "supplier": "UD Mete Raha Lestari",
        "moq": 10,
        "unit": "kg",
        "url": "https://katalog.rumahdagang.example/products/ud-mete-raha/mete-lama/",
    }
    catalogue = quoting.page("products/")
    cashew = quote_of(catalogue, CASHEW)
    data = {"items": [gone, cashew], "buyer": {"name": "Ana"}}
    page.evaluate("([key, data]) => localStorage.setItem(key, JSON.stringify(data))", [STORE, data])
    page.reload()
    page.wait_for_selector(".cat-quote__item--unavailable")
    old = item(page, gone["id"])
    assert "tidak tersedia lagi" in old.text_content()
    assert old.locator("input").count() == 0
    assert item(page, CASHEW).locator("input").is_enabled()
    page.get_by_role("button", name="Kirim lewat WhatsApp").click()
    text = unquote(page.evaluate("window.__opened")[0])
    assert cashew["name"] in text and gone["name"] not in text
    old.get_by_role("button", name=f"Hapus {gone['name']} dari daftar").click()
    assert [i["id"] for i in saved(page)["items"]] == [CASHEW]


def test_quote_list_fetches_only_its_suppliers_files(quoting):
    """Not the whole feed (10.9 MB at 10,000 products): one small file per supplier."""
    add_two_products(quoting)
    before = len(quoting.responses)
    page = quoting.page("inquiry/")
    page.wait_for_selector(".cat-quote__item")
    page.wait_for_load_state("networkidle")
    fetched = {urlsplit(r.url).path for r in quoting.responses[before:] if r.url.endswith(".json")}
    suppliers = {i["id"].split("/")[0] for i in saved(page)["items"]}
    assert fetched == {f"/suppliers/{s}/products.json" for s in suppliers}
    assert len(suppliers) == 2


def test_product_of_a_supplier_that_is_gone_is_shown_unavailable(quoting):
    quoting.allow(r"404|products\.json")
    page = quoting.page("inquiry/")
    gone = {
        "id": "ud-sudah-tutup/tas-lama",
        "name": "Tas Lama",
        "supplier": "UD Sudah Tutup",
        "moq": 5,
        "unit": "buah",
        "url": "https://katalog.rumahdagang.example/products/ud-sudah-tutup/tas-lama/",
    }
    cashew = quote_of(quoting.page("products/"), CASHEW)
    page.evaluate(
        "([key, data]) => localStorage.setItem(key, JSON.stringify(data))",
        [STORE, {"items": [gone, cashew], "buyer": {}}],
    )
    page.reload()
    page.wait_for_selector(".cat-quote__item--unavailable")
    assert "tidak tersedia lagi" in item(page, gone["id"]).text_content()
    assert item(page, CASHEW).locator("input").is_enabled()


def test_items_are_shown_when_the_product_list_cannot_be_fetched(quoting):
    quoting.allow(r"products\.json")
    quoting.context.route("**/products.json", lambda route: route.abort())
    page = quoting.page("products/")
    page.locator(f'#cat-static-grid .cat-card[data-product="{CASHEW}"] .cat-quote-add').click()
    page.goto(quoting.site.url("inquiry/"))
    page.wait_for_selector(".cat-quote__item")
    page.wait_for_timeout(300)
    assert page.locator(".cat-quote__item--unavailable").count() == 0
    assert item(page, CASHEW).locator("input").is_visible()


def test_works_offline_once_loaded(quoting):
    add_two_products(quoting)
    page = quoting.page("inquiry/")
    page.wait_for_selector(".cat-quote__item")
    page.wait_for_load_state("networkidle")
    quoting.context.set_offline(True)
    page.get_by_label("Nama").fill("Wayan")
    page.get_by_role("button", name="Kirim lewat WhatsApp").click()
    assert len(page.evaluate("window.__opened")) == 1
    quoting.context.set_offline(False)


def test_empty_list_points_to_the_catalogue(quoting):
    page = quoting.page("inquiry/")
    empty = page.locator(".cat-quote__empty")
    empty.wait_for()
    assert "masih kosong" in empty.text_content()
    assert empty.locator("a").get_attribute("href").endswith("/products/")


def test_result_cards_have_working_quote_buttons(quoting):
    page = quoting.page("products/?q=W320")
    page.wait_for_function(
        "document.getElementById('cat-search').getAttribute('data-shown') === location.search"
    )
    button = page.locator(f'#cat-results .cat-card[data-product="{CASHEW}"] .cat-quote-add')
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert [i["id"] for i in saved(page)["items"]] == [CASHEW]
    button.click()
    assert saved(page)["items"] == []


def test_english_quote_list_speaks_english(quoting):
    product = quoting.page(f"en/products/{CASHEW}/")
    own = product.locator(".cat-actions .cat-quote-add")
    assert own.text_content().strip() == "Add to quote list"
    cashew = json.loads(own.get_attribute("data-quote"))
    own.click()
    product.get_by_role("status").get_by_role("link").click()
    product.wait_for_url(re.compile(r"/en/inquiry/$"))
    product.wait_for_selector(".cat-quote__item")
    qty = product.get_by_label(f"Quantity ({cashew['unit']})")
    qty.fill("2500")
    product.get_by_label("Name").fill("Jane Buyer")
    product.get_by_role("button", name="Send by WhatsApp").click()
    text = parse_qs(urlsplit(product.evaluate("window.__opened")[0]).query)["text"][0]
    assert text.startswith("Hello ") and "Raw Cashew Kernels W320" in text
    assert (
        f"2,500 {cashew['unit']}" in text and "/en/products/ud-mete-raha/mete-kupas-w320/" in text
    )

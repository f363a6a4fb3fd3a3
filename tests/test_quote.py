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
    assert button.is_visible() and button.get_attribute("data-added") == "false"
    button.click()
    assert button.get_attribute("data-added") == "true"
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
    assert page.locator(".cat-actions .cat-quote-add").get_attribute("data-added") == "true"

    page.goto(quoting.site.url("inquiry/"))
    page.wait_for_selector(".cat-quote__item")
    assert page.locator(".cat-quote__item").count() == 2
    qty = item(page, CASHEW).get_by_label(f"Jumlah ({cashew['unit']})")
    assert qty.get_attribute("data-min") == qty.input_value() == str(cashew["moq"])

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
    card = page.locator(f'#cat-results .cat-card[data-product="{CASHEW}"]')
    button = card.locator(".cat-quote-add")
    button.click()
    assert button.text_content() == "✓ Ada di daftar penawaran"
    assert [i["id"] for i in saved(page)["items"]] == [CASHEW]
    button.click()  # a second tap keeps it; removing is its own button
    assert [i["id"] for i in saved(page)["items"]] == [CASHEW]
    card.get_by_role("button", name=re.compile("^Hapus .* dari daftar penawaran$")).click()
    assert saved(page)["items"] == []
    assert button.text_content() == "Tambah ke daftar penawaran"


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


# -- issue 18 (D2): button states, the refused field in view, the message a supplier acts on,
#    container totals. At 360 and 1280 px, in both languages.

UI = yaml.safe_load((SITE_PROJECT / "catalog" / "data" / "ui.yaml").read_text(encoding="utf-8"))
SIZES = [(360, 740), (1280, 900)]
BATIK = "cv-etam-sangatta/kain-batik-cap-kutai"  # no export packing


def ui(key: str, lang: str, **params) -> str:
    text = UI[key][lang]
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def prefix(lang: str) -> str:
    return "en/" if lang == "en" else ""


def product_yaml(product: str) -> dict:
    supplier, name = product.split("/")
    path = SITE_PROJECT / "products" / supplier / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def number(n: float, lang: str, decimals: int = 0) -> str:
    """n as Intl.NumberFormat writes it (id-ID: 1.234,5; en-US: 1,234.5), at most
    ``decimals`` decimals."""
    text = f"{round(n, decimals):,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def load_of(product: str, qty: int) -> tuple[int, float, float] | None:
    """(cartons, m³, kg) for ``qty`` of a product, from its YAML's export packing."""
    packing = product_yaml(product).get("export_packing")
    if not packing:
        return None
    size = packing["carton_cm"]
    m3 = round(size["length"] * size["width"] * size["height"] / 1_000_000, 4)
    cartons = (
        -(-qty // packing["units_per_carton"])
        if isinstance(packing["units_per_carton"], int)
        else int(-(-qty // packing["units_per_carton"]))
    )
    return int(cartons), cartons * m3, cartons * packing["gross_kg"]


def container20() -> tuple[float, float]:
    """(usable m³, payload kg) of a 20-ft container: catalog/data/containers.yaml."""
    data = yaml.safe_load(
        (SITE_PROJECT / "catalog" / "data" / "containers.yaml").read_text(encoding="utf-8")
    )
    box = data["shipping"]["container20"]
    return box["internal_m3"] * data["loading_factor"], box["payload_kg"]


def header_bottom(page) -> float:
    return (
        page.locator(".md-header").bounding_box()["y"]
        + page.locator(".md-header").bounding_box()["height"]
    )


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["360", "1280"])
def test_add_button_says_added_and_removes_only_on_request(quoting, lang, size):
    page = quoting.page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(quoting.site.url(f"{prefix(lang)}products/{CASHEW}/"))
    add = page.locator(".cat-actions .cat-quote-add")
    name = json.loads(add.get_attribute("data-quote"))["name"]
    assert add.text_content() == ui("quote_add", lang)
    add.click()
    assert add.text_content() == ui("quote_added", lang)
    assert add.text_content().startswith("✓ ")
    status = page.get_by_role("status")
    assert ui("quote_added_status", lang, name=name, count=1) in status.text_content()
    assert status.get_attribute("aria-live") == "polite"

    # A second tap does not remove it: it says it is there already.
    add.click()
    assert [i["id"] for i in saved(page)["items"]] == [CASHEW]
    assert add.text_content() == ui("quote_added", lang)
    assert ui("quote_already_status", lang, name=name) in status.text_content()

    # Beside it: the way to the list, and an explicit remove.
    tools = page.locator(".cat-actions .cat-quote-tools")
    open_list = tools.get_by_role("link", name=ui("quote_view", lang, count=1))
    assert open_list.is_visible()
    drop = tools.get_by_role("button", name=ui("quote_drop_label", lang, name=name))
    assert drop.is_visible()
    drop.click()
    assert saved(page)["items"] == []
    assert add.text_content() == ui("quote_add", lang)
    assert not drop.is_visible() and not open_list.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('cat-quote-add')")
    assert ui("quote_removed_status", lang, name=name) in status.text_content()

    add.click()
    tools.get_by_role("link", name=ui("quote_view", lang, count=1)).click()
    page.wait_for_url(re.compile(rf"/{prefix(lang)}inquiry/$"))
    page.wait_for_selector(f'.cat-quote__item[data-id="{CASHEW}"]')


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["360", "1280"])
def test_refused_quantity_is_shown_below_the_sticky_header(quoting, lang, size):
    page = quoting.page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    add_two_products(quoting)
    page.goto(quoting.site.url(f"{prefix(lang)}inquiry/"))
    page.wait_for_selector(".cat-quote__item")
    page.locator("#cat-buyer-name").fill("Budi")
    qty = item(page, CASHEW).locator("input")
    qty.fill("1")
    send = page.locator(".cat-quote__wa")
    send.scroll_into_view_if_needed()
    assert qty.bounding_box()["y"] < 0  # the field is far above when the buyer sends
    send.click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__opened") == []
    box = qty.bounding_box()
    hint = item(page, CASHEW).locator(".cat-quote__hint").bounding_box()
    assert box["y"] > header_bottom(page), (box, header_bottom(page))
    assert hint["y"] + hint["height"] <= size[1]
    assert page.evaluate("document.activeElement.name") == "qty"


def fill_buyer(page, lang: str, when: str) -> dict:
    values = {
        "name": "Budi Santoso",
        "company": "PT Sinar Niaga",
        "country": "Malaysia",
        "phone": "+60 12-345 6789",
        "email": "budi@sinar.example",
        "place": "Port Klang, Selangor",
    }
    for name, value in values.items():
        page.locator(f"#cat-buyer-{name}").fill(value)
    page.locator("#cat-buyer-incoterm").select_option("CIF")
    page.locator("#cat-buyer-needed_by").fill(when)
    return values | {"incoterm": "CIF", "needed_by": when}


MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
    "Desember".split(),
    "en": "January February March April May June July August September October November "
    "December".split(),
}


def long_date(iso: str, lang: str) -> str:
    import datetime as dt

    d = dt.date.fromisoformat(iso)
    month = MONTHS[lang][d.month - 1]
    return f"{d.day} {month} {d.year}" if lang == "id" else f"{month} {d.day}, {d.year}"


def money(amount: float, currency: str, lang: str) -> str:
    """As the quote list writes prices: whole amounts without decimals, others with two."""
    decimals = 0 if float(amount).is_integer() else 2
    text = f"{amount:,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return {"USD": "US$", "IDR": "Rp "}[currency] + text
    return {"USD": "$", "IDR": "IDR "}[currency] + text


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["360", "1280"])
def test_message_carries_delivery_tier_prices_and_container_totals(quoting, lang, size):
    import datetime as dt

    page = quoting.page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    quotes = {}
    for product in (CASHEW, BAG, BATIK):
        page.goto(quoting.site.url(f"{prefix(lang)}products/{product}/"))
        button = page.locator(".cat-actions .cat-quote-add")
        quotes[product] = json.loads(button.get_attribute("data-quote"))
        button.click()
    page.goto(quoting.site.url(f"{prefix(lang)}inquiry/"))
    page.wait_for_selector(".cat-quote__item")
    amounts = {CASHEW: 1500, BAG: 230, BATIK: 120}
    for product, qty in amounts.items():
        item(page, product).locator("input").fill(str(qty))
    when = (dt.date.today() + dt.timedelta(days=75)).isoformat()
    buyer = fill_buyer(page, lang, when)

    # On the page: each item's tier price and load, and the totals.
    cashew_tier = [t for t in product_yaml(CASHEW)["price"]["tiers"] if t["min_qty"] <= 1500][-1]
    assert cashew_tier["min_qty"] == 1000  # 1,500 kg: the 1,000 kg tier, not the first
    cashew_price = money(cashew_tier["amount"], "USD", lang)
    assert cashew_price in item(page, CASHEW).locator(".cat-quote__price").text_content()
    batik_load = item(page, BATIK).locator(".cat-quote__load").text_content()
    assert batik_load == ui("quote_load_none", lang)

    loads = [load_of(p, amounts[p]) for p in (CASHEW, BAG)]
    assert None not in loads and load_of(BATIK, 120) is None
    cartons = sum(x[0] for x in loads)
    m3 = sum(x[1] for x in loads)
    kg = sum(x[2] for x in loads)
    volume, payload = container20()
    share = max(m3 / volume, kg / payload)
    limit = ui("quote_limit_volume" if m3 / volume >= kg / payload else "quote_limit_weight", lang)
    total_line = ui(
        "quote_totals_all",
        lang,
        cartons=number(cartons, lang),
        m3=number(m3, lang, 2),
        kg=number(kg, lang, 1),
    )
    share_line = ui(
        "quote_totals_share",
        lang,
        percent=number(share * 100, lang, 1 if share < 0.1 else 0) + "%",
        limit=limit,
    )
    excluded = ui("quote_totals_excluded", lang, names=quotes[BATIK]["name"])
    totals = page.locator(".cat-quote__totals")
    assert totals.is_visible()
    assert [li.text_content() for li in totals.locator("li").all()] == [
        total_line,
        share_line,
        excluded,
    ]

    page.locator(".cat-quote__wa").click()
    opened = page.evaluate("window.__opened")
    assert len(opened) == 1
    text = parse_qs(urlsplit(opened[0]).query)["text"][0]
    for key in ("phone", "email", "place", "company", "country", "name"):
        assert f"{ui('quote_' + key, lang)}: {buyer[key]}" in text
    assert f"{ui('quote_incoterm', lang)}: CIF" in text
    assert f"{ui('quote_needed_by', lang)}: {long_date(when, lang)}" in text
    per = "kg"
    assert f"{cashew_price} / {per} FOB" in text and number(1000, lang) in text, text
    cashew_value = money(round(1500 * cashew_tier["amount"], 2), "USD", lang)
    assert f"≈ {cashew_value}" in text
    bag_tier = [t for t in product_yaml(BAG)["price"]["tiers"] if t["min_qty"] <= 230][-1]
    assert money(bag_tier["amount"], "IDR", lang) in text
    assert total_line in text and share_line in text and excluded in text
    for product in (CASHEW, BAG, BATIK):
        assert f"{quotes[product]['name']} ({quotes[product]['supplier']}): " in text

    # The buyer's details are kept for next time.
    page.reload()
    page.wait_for_selector(".cat-quote__item")
    for key in ("name", "company", "country", "phone", "email", "place"):
        assert page.locator(f"#cat-buyer-{key}").input_value() == buyer[key]
    assert page.locator("#cat-buyer-incoterm").input_value() == "CIF"


def test_quote_list_compares_its_products(quoting):
    add_two_products(quoting)
    page = quoting.page("inquiry/")
    page.wait_for_selector(".cat-quote__item")
    page.get_by_role("button", name="Bandingkan produk ini").click()
    page.wait_for_url(re.compile(r"/compare/\?p="))
    page.wait_for_selector(".cat-compare__table")
    assert page.locator(".cat-compare__table thead th").count() == 2
    assert parse_qs(urlsplit(page.url).query)["p"] == [f"{CASHEW},{BAG}"]


@pytest.mark.parametrize(
    "typed, amount", [("1.000", "1.000"), ("1000", "1.000"), ("2 500", "2.500")]
)
def test_a_quantity_typed_the_indonesian_way_is_read_whole(quoting, typed, amount):
    """On a phone, 1.000 is a thousand pieces, never one (a number input reads it as 1)."""
    cashew, bag = add_two_products(quoting)
    page = quoting.page("inquiry/")
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_selector(".cat-quote__item")
    qty = item(page, BAG).get_by_label(f"Jumlah ({bag['unit']})")
    qty.fill(typed)
    assert qty.evaluate("i => i.validity.valid") is True
    item(page, CASHEW).get_by_label(f"Jumlah ({cashew['unit']})").fill("1,5")
    assert item(page, CASHEW).locator("input").evaluate("i => i.validity.valid") is False
    item(page, CASHEW).get_by_label(f"Jumlah ({cashew['unit']})").fill(str(cashew["moq"]))
    page.get_by_label("Nama").fill("Budi Santoso")
    page.get_by_role("button", name="Kirim lewat WhatsApp").click()
    opened = page.evaluate("window.__opened")
    assert len(opened) == 1
    text = parse_qs(urlsplit(opened[0]).query)["text"][0]
    assert f"{bag['name']} ({bag['supplier']}): {amount} {bag['unit']}" in text

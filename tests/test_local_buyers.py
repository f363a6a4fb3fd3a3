"""Local buyers in Chromium (issue 21): a hotel in Kota Surabaya finds the UMKM and services
around it and asks for a quote; a government office finds TKDN-certified suppliers.

Browser tests on ``served_site`` (the sample catalogue built once per session,
tests/conftest.py) at 360 px (phone) and 1280 px (desk), in both languages. Expected
entries come from the YAML in ``products/`` (``site_catalog``), not from the page.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.core import vocab
from catalog.core.catalogue import Catalog
from catalog.core.rules import certificate_valid

from conftest import wait_for_results

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}
SURABAYA = "35.78"
LAUNDRY = "laundri-rungkut-bersih/laundri-linen-hotel"
TAILOR = "konveksi-seragam-gedangan/jahit-seragam-sekolah"
CAPTURE = """
window.__opened = [];
window.open = (url) => { window.__opened.push(String(url)); return {}; };
"""
TEXT = {
    "id": {
        "open": "Saring",
        "regency": "Kabupaten/kota",
        "send": "Kirim lewat WhatsApp",
        "name": "Nama",
        "qty": "Jumlah (kg)",
        "serves": "Melayani: Kota Surabaya, Kabupaten Sidoarjo",
        "tkdn": "TKDN 43,27%",
        "ekatalog": "Lihat di e-Katalog",
        "gov_link": "katalog dengan saringan TKDN",
        "checked": "Diperiksa rumah dagang pada 10 November 2026",
        "result": "Siap pasok lokal",
    },
    "en": {
        "open": "Filter",
        "regency": "Regency/city",
        "send": "Send by WhatsApp",
        "name": "Name",
        "qty": "Quantity (kg)",
        "serves": "Serves: Kota Surabaya, Kabupaten Sidoarjo",
        "tkdn": "TKDN 43.27%",
        "ekatalog": "View in the e-Katalog",
        "gov_link": "catalogue filtered by TKDN",
        "checked": "Checked by the trading house on November 10, 2026",
        "result": "Ready for local supply",
    },
}


def prefix(lang: str) -> str:
    return "en/" if lang == "en" else ""


def shown_keys(page) -> set[str]:
    return set(
        page.evaluate(
            "() => [...document.querySelectorAll('#cat-results .cat-card')]"
            ".map(c => c.getAttribute('data-product'))"
        )
    )


def in_surabaya(catalog: Catalog) -> set[str]:
    """Products of suppliers in Kota Surabaya, and services serving it."""
    products = {p.key for p in catalog.published() if catalog.regency_of(p).code == SURABAYA}
    return products | {s.key for s in catalog.services_serving(SURABAYA)}


def with_tkdn(catalog: Catalog) -> set[str]:
    entries = [*catalog.published(), *catalog.published_services()]
    return {
        e.key
        for e in entries
        if any(
            c.type == "tkdn" and certificate_valid(c, catalog.today) for c in e.model.certifications
        )
    }


@pytest.mark.parametrize("lang", ["id", "en"])
def test_hotel_in_surabaya_finds_laundry_and_snacks_and_asks_for_a_quote(
    web, site_catalog: Catalog, lang: str
):
    text = TEXT[lang]
    web.context.add_init_script(CAPTURE)
    page = web.page()
    page.set_viewport_size(PHONE)
    page.goto(web.site.url(prefix(lang) + "products/"))
    wait_for_results(page)

    page.locator(".cat-filters__open").click()
    sheet = page.get_by_role("dialog")
    group = sheet.get_by_role("group", name=text["regency"])
    group.get_by_role("checkbox", name=re.compile("^Kota Surabaya")).check()
    wait_for_results(page)
    page.locator(".cat-filters__show").click()
    assert parse_qs(urlsplit(page.url).query) == {"regency": [SURABAYA]}

    expected = in_surabaya(site_catalog)
    assert shown_keys(page) == expected
    # the laundry service and the snack suppliers of Kota Surabaya (not only services)
    assert LAUNDRY in expected
    snacks = {
        p.key
        for p in site_catalog.published()
        if site_catalog.regency_of(p).code == SURABAYA and p.model.category == "makanan-ringan"
    }
    assert snacks and snacks <= shown_keys(page)
    assert not any(k.startswith("ud-mete-raha/") for k in shown_keys(page))  # Sulawesi

    laundry = page.locator(f'#cat-results .cat-card[data-product="{LAUNDRY}"]')
    assert text["serves"] in laundry.text_content()
    button = laundry.locator(".cat-quote-add")
    quote = json.loads(button.get_attribute("data-quote"))
    assert quote["kind"] == "service" and quote["unit"] == "kg" and quote["moq"] == 20
    button.click()
    assert button.get_attribute("data-added") == "true"

    page.goto(web.site.url(prefix(lang) + "inquiry/"))
    row = page.locator(f'.cat-quote__item[data-id="{LAUNDRY}"]')
    row.wait_for()
    assert "unavailable" not in (row.get_attribute("class") or "")
    qty = row.get_by_label(text["qty"])
    assert qty.input_value() == "20" and qty.get_attribute("data-min") == "20"
    qty.fill("150")
    page.get_by_label(text["name"]).first.fill("Hotel Rungkut Indah")
    page.get_by_role("button", name=text["send"]).click()
    opened = page.evaluate("window.__opened")
    assert len(opened) == 1 and urlsplit(opened[0]).netloc == "wa.me"
    message = parse_qs(urlsplit(opened[0]).query)["text"][0]
    assert f"{quote['name']} ({quote['supplier']}): 150 kg" in message
    assert quote["url"] in message
    # a service has a price per kg and no container load
    money = "Rp 9.500" if lang == "id" else "IDR 9,500"
    assert money in message
    assert "Kota Surabaya" in message


@pytest.mark.parametrize("lang", ["id", "en"])
def test_government_buyer_filters_by_tkdn_and_finds_the_uniform_tailor(
    web, site_catalog: Catalog, lang: str
):
    text = TEXT[lang]
    page = web.page()
    page.set_viewport_size(DESK)
    page.goto(web.site.url(prefix(lang) + "government/"))
    page.get_by_role("link", name=text["gov_link"]).click()
    wait_for_results(page)
    assert parse_qs(urlsplit(page.url).query) == {"certification": ["tkdn"]}
    tkdn = vocab.cert_types()["tkdn"].label.get(lang)
    assert page.get_by_role("checkbox", name=re.compile(re.escape(tkdn))).is_checked()
    assert shown_keys(page) == with_tkdn(site_catalog)
    assert TAILOR in shown_keys(page)

    page.locator(f'#cat-results .cat-card[data-product="{TAILOR}"] .cat-card__link').click()
    page.wait_for_url(re.compile(re.escape(f"/products/{TAILOR}/") + "$"))
    cert = page.locator('.cat-cert[data-cert="tkdn"]')
    assert text["tkdn"] in cert.text_content()
    assert "1234/SJ-IND.8/TKDN/5/2026" in cert.text_content()
    link = page.get_by_role("link", name=text["ekatalog"])
    service = site_catalog.services[TAILOR].model
    assert link.get_attribute("href") == service.ekatalog_url
    # never assessed: no "checked by the trading house" mark
    assert page.locator(".cat-checked").count() == 0


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_service_page_shows_facts_and_checked_mark(web, lang: str, width: int):
    text = TEXT[lang]
    page = web.page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(web.site.url(prefix(lang) + f"products/{LAUNDRY}/"))
    facts = page.locator(".cat-facts")
    assert (
        "Kota Surabaya, Kabupaten Sidoarjo" in facts.locator('[data-fact="areas"]').text_content()
    )
    capacity = facts.locator('[data-fact="capacity"] td').text_content()
    assert capacity == ("300 kg per hari" if lang == "id" else "300 kg per day")
    checked = page.locator(".cat-checked")
    assert checked.is_visible()
    assert text["checked"] in checked.text_content() and text["result"] in checked.text_content()
    # the same mark on the supplier page, which lists the service
    page.goto(web.site.url(prefix(lang) + "suppliers/laundri-rungkut-bersih/"))
    assert text["checked"] in page.locator(".cat-checked").text_content()
    assert page.locator(f'.cat-card[data-product="{LAUNDRY}"]').is_visible()
    # a page wider than the screen would make a phone scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_region_page_lists_services_serving_its_regencies(web, site_catalog: Catalog):
    page = web.page("regions/jawa-timur/")
    shown = set(
        page.locator("#services ~ ul.cat-grid")
        .first.locator(".cat-card")
        .evaluate_all("cards => cards.map(c => c.getAttribute('data-product'))")
    )
    expected = {
        s.key
        for s in site_catalog.published_services()
        if any(a.province_code == "35" for a in s.areas)
        or site_catalog.supplier_of(s).province.code == "35"
    }
    assert shown == expected and LAUNDRY in shown and TAILOR in shown

"""The /join/ form in Debian's Chromium: the YAML it writes is a valid catalogue entry.

A user fills the form on the built site (the shared ``built_site`` / ``web``
fixtures of conftest.py: 127.0.0.1 only, any console error fails the test);
the YAML shown on the page is written into a temporary catalogue beside a real
supplier.yaml and a real photo, and ``load_catalog`` must find nothing wrong.
The "create on GitHub" link must carry exactly that YAML, the download too.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog import i18n, vocab
from catalog.catalogue import load_catalog

from conftest import EXAMPLE, SITE_PROJECT

pytestmark = pytest.mark.browser

PHOTO = Path(__file__).parent / "fixtures" / "photos" / "coffee-1800x1200.jpg"
REPO_URL = "https://github.com/rumahdagang/katalog"  # mkdocs.yml repo_url
NEXT_YEAR = (dt.date.today() + dt.timedelta(days=365)).isoformat()


def fill(page, values: dict[str, str]) -> None:
    """Type into inputs/textareas and choose in selects, by element id."""
    for key, value in values.items():
        selector = f"#{key}"
        tag = page.eval_on_selector(selector, "el => el.tagName")
        if tag == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def shown_yaml(page, which: str = "jf-yaml") -> str:
    return page.eval_on_selector(f"#{which}", "el => el.textContent")


def github_link(page, link: str, path: str) -> str:
    """Check the link is GitHub's new-file page for ``path``; return its `value`."""
    href = page.get_attribute(f"#{link}", "href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com",
                                                        "/rumahdagang/katalog/new/main")
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query["filename"] == [path]
    assert len(href) <= 8000
    return query["value"][0]


def write_catalogue(root: Path, supplier: str, files: dict[str, str], photos: list[str],
                    supplier_yaml: str | None = None) -> Path:
    folder = root / supplier
    folder.mkdir(parents=True)
    if supplier_yaml is None:
        shutil.copyfile(EXAMPLE / "supplier.yaml", folder / "supplier.yaml")
    else:
        (folder / "supplier.yaml").write_text(supplier_yaml, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    for photo in photos:
        (folder / photo).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PHOTO, folder / photo)
    return folder


def test_form_writes_a_valid_product_for_an_existing_supplier(web, tmp_path):
    page = web.page("join/")
    assert page.get_attribute("html", "lang") == "id"
    fill(page, {
        "jf-supplier": "kopindo-tanggulangin",
        "jf-name-id": "Tas Ransel Kulit Sapi",
        "jf-name-en": "Cowhide Leather Backpack",
        "jf-category": "tas-kulit",
        "jf-desc-id": "Tas ransel dari kulit sapi samak nabati.\n\nDua kantong depan: \"kecil\" # dan besar.",
        "jf-desc-en": "Backpack of vegetable-tanned cowhide.\n\nTwo front pockets.",
        "jf-hs": "4202.91",
        "jf-moq-qty": "50", "jf-moq-unit": "piece",
        "jf-cap-qty": "1200", "jf-cap-unit": "piece",
        "jf-lead-min": "14", "jf-lead-max": "30",
        "jf-photo-1": "photos/ransel-1.jpg",
        "jf-photo-1-alt-id": "Tas ransel cokelat tampak depan",
        "jf-photo-1-alt-en": "Brown backpack, front view",
        "jf-photo-2": "ransel-2.jpg",  # no folder: the form puts it in photos/
        "jf-photo-2-alt-id": "Tas ransel: tampak belakang",
    })
    page.check("#jf-price-tier")
    fill(page, {"jf-currency": "IDR", "jf-basis": "EXW", "jf-tier-qty": "50",
                "jf-tier-amount": "475000.5", "jf-valid-until": NEXT_YEAR})
    # the product id was derived from the name
    assert page.input_value("#jf-product") == "tas-ransel-kulit-sapi"
    assert page.inner_text("#jf-filename") == \
        "products/kopindo-tanggulangin/tas-ransel-kulit-sapi.yaml"
    assert page.is_hidden("#jf-supplier-output")

    text = shown_yaml(page)
    assert text.startswith("# yaml-language-server: $schema=../../schema/product.schema.json\n")
    path = "products/kopindo-tanggulangin/tas-ransel-kulit-sapi.yaml"
    assert github_link(page, "jf-github", path) == text

    with page.expect_download() as download:
        page.click("#jf-download")
    assert download.value.suggested_filename == "tas-ransel-kulit-sapi.yaml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    assert page.is_hidden("#jf-summary")

    root = tmp_path / "products"
    write_catalogue(root, "kopindo-tanggulangin", {"tas-ransel-kulit-sapi.yaml": text},
                    ["photos/ransel-1.jpg", "photos/ransel-2.jpg"])
    catalog = load_catalog(root)
    assert [str(d) for d in catalog.diagnostics] == []
    product = catalog.products["kopindo-tanggulangin/tas-ransel-kulit-sapi"].model
    assert product.description.id == ("Tas ransel dari kulit sapi samak nabati.\n\n"
                                      "Dua kantong depan: \"kecil\" # dan besar.")
    assert product.price.tiers[0].amount == 475000.5
    assert [i.file for i in product.images] == ["photos/ransel-1.jpg", "photos/ransel-2.jpg"]
    assert not catalog.export_ready_gaps(catalog.products[
        "kopindo-tanggulangin/tas-ransel-kulit-sapi"])


def test_english_form_writes_a_new_supplier_and_a_processed_food(web, tmp_path):
    page = web.page("en/join/")
    assert page.get_attribute("html", "lang") == "en"
    page.check("#jf-new-supplier")
    assert page.is_visible("#jf-s-name")
    fill(page, {
        "jf-supplier": "kube-tempe-sidoarjo",
        "jf-s-name": "KUBE Tempe Sidoarjo",
        "jf-s-type": "umkm", "jf-s-scale": "mikro",
        "jf-s-nib": "9120 3012 34567",
        "jf-s-region": "35.15",
        "jf-s-whatsapp": "+62 812-3456-7890",
        "jf-s-desc-id": "Kelompok usaha perajin keripik tempe.",
        "jf-s-desc-en": "A group of tempeh chip makers.",
        "jf-name-id": "Keripik Tempe Original",
        "jf-name-en": "Original Tempeh Chips",
        "jf-category": "makanan-ringan",
        "jf-desc-id": "Keripik tempe tipis dan renyah.",
        "jf-desc-en": "Thin, crispy tempeh chips.",
        "jf-hs": "1905.90",
        "jf-moq-qty": "200", "jf-moq-unit": "kg",
        "jf-cap-qty": "2", "jf-cap-unit": "tonne",
        "jf-lead-min": "3", "jf-lead-max": "7",
        "jf-halal": "ID35110012345670824", "jf-halal-scheme": "self_declare",
        "jf-pirt": "2063 5150 1234 567",
        "jf-photo-1": "photos/keripik-1.jpg",
        "jf-photo-1-alt-id": "Keripik tempe dalam kemasan",
        "jf-photo-1-alt-en": "Tempeh chips in their pouch",
    })
    product_text = shown_yaml(page)
    supplier_text = shown_yaml(page, "jf-supplier-yaml")
    assert github_link(page, "jf-github",
                       "products/kube-tempe-sidoarjo/keripik-tempe-original.yaml") == product_text
    assert github_link(page, "jf-supplier-github",
                       "products/kube-tempe-sidoarjo/supplier.yaml") == supplier_text
    assert page.get_attribute("#jf-upload", "href") == \
        f"{REPO_URL}/upload/main/products/kube-tempe-sidoarjo/photos"
    assert page.inner_text("#jf-status") == i18n.t("join_valid", "en")

    root = tmp_path / "products"
    write_catalogue(root, "kube-tempe-sidoarjo", {"keripik-tempe-original.yaml": product_text},
                    ["photos/keripik-1.jpg"], supplier_yaml=supplier_text)
    catalog = load_catalog(root)
    assert [str(d) for d in catalog.diagnostics] == []
    supplier = catalog.suppliers["kube-tempe-sidoarjo"].model
    assert (supplier.nib, supplier.region, supplier.contact.whatsapp) == \
        ("9120301234567", "35.15", "+6281234567890")
    product = catalog.products["kube-tempe-sidoarjo/keripik-tempe-original"].model
    assert {c.type for c in product.certifications} == {"halal", "pirt"}
    assert product.price.on_request


def test_browser_checks_speak_through_accessible_messages(web):
    page = web.page("join/")
    page.check("#jf-new-supplier")
    fill(page, {
        "jf-supplier": "Kop Baru", "jf-s-nib": "12345", "jf-s-whatsapp": "0812345",
        "jf-name-id": "Sepatu", "jf-product": "Sepatu_1", "jf-hs": "6403",
        "jf-moq-qty": "500", "jf-moq-unit": "pair", "jf-cap-qty": "100", "jf-cap-unit": "pair",
        "jf-lead-min": "10", "jf-lead-max": "5", "jf-photo-1": "../luar.jpg",
        "jf-category": "kopi",
    })
    page.click("#jf-download")  # refused: the summary takes the focus instead
    summary = page.locator("#jf-summary")
    assert summary.get_attribute("role") == "alert" and summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "jf-summary"

    expected = {
        "jf-supplier": "join_err_slug", "jf-product": "join_err_slug", "jf-s-nib": "join_err_nib",
        "jf-s-whatsapp": "join_err_whatsapp", "jf-hs": "join_err_hs",
        "jf-lead-max": "join_err_lead", "jf-photo-1": "join_err_photo_file",
        "jf-halal": "join_err_food_halal", "jf-pirt": "join_err_food_licence",
        "jf-desc-id": "join_err_required",
    }
    for field, key in expected.items():
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true", field
        described = page.get_attribute(f"#{field}", "aria-describedby").split()
        assert f"{field}-error" in described
        assert page.inner_text(f"#{field}-error") == i18n.t(key, "id"), field
    capacity = page.inner_text("#jf-cap-qty-error")
    assert "lebih kecil dari pesanan minimum (500 pasang)" in capacity
    links = summary.locator("a")
    assert links.count() >= len(expected)
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "jf-supplier"

    # fixing a field clears its message as the user types
    page.fill("#jf-hs", "6403.99")
    assert page.get_attribute("#jf-hs", "aria-invalid") is None
    assert page.is_hidden("#jf-hs-error")


def test_ids_the_site_reserves_are_refused_in_the_form_too(web):
    """`page` as a supplier id would take the catalogue's page 2 URL (rule R323)."""
    page = web.page("join/")
    fill(page, {"jf-supplier": "page", "jf-name-id": "Tas", "jf-product": "index"})
    page.click("#jf-download")
    assert page.inner_text("#jf-supplier-error") == \
        i18n.t("join_err_reserved", "id").replace("{name}", "page")
    assert page.inner_text("#jf-product-error") == \
        i18n.t("join_err_reserved", "id").replace("{name}", "index")
    page.fill("#jf-supplier", "pages")
    assert page.get_attribute("#jf-supplier", "aria-invalid") is None


def test_a_file_too_long_for_a_link_falls_back_to_download(web):
    page = web.page("en/join/")
    fill(page, {"jf-supplier": "kopindo-tanggulangin", "jf-name-id": "Tas Besar",
                "jf-desc-id": "Kulit sapi. " * 800})
    href = page.get_attribute("#jf-github", "href")
    query = parse_qs(urlsplit(href).query)
    assert "value" not in query and query["filename"] == [
        "products/kopindo-tanggulangin/tas-besar.yaml"]
    assert page.inner_text("#jf-github") == i18n.t("join_github_empty", "en")
    note = page.locator("#jf-github-note")
    assert note.is_visible() and "Upload files" in note.inner_text()


def test_form_offers_the_vocabularies_and_interface_text_of_the_catalogue(built_site):
    for lang, url in (("id", "join/"), ("en", "en/join/")):
        html = built_site.html(url)
        form = html.find("form", id="join-form")
        categories = [o["value"] for o in form.find("select", id="jf-category").find_all("option")
                      if o["value"]]
        assert categories == list(vocab.categories())
        labels = {o["value"]: o.get_text() for o in form.select("#jf-category option")}
        assert labels["tas-kulit"] == vocab.categories()["tas-kulit"].label.get(lang)
        units = [o["value"] for o in form.select("#jf-moq-unit option") if o["value"]]
        assert units == list(vocab.units())
        regions = {o["value"] for o in form.select("#jf-s-region option") if o["value"]}
        assert regions == {c for c, r in vocab.regions().items() if r.level == "regency"}
        label = form.find("label", attrs={"for": "jf-name-id"}).get_text()
        assert label.startswith(i18n.t("join_name_id", lang))
        script = html.find("script", src=lambda s: s and s.endswith("assets/join.js"))
        assert script["data-repo"] == REPO_URL and script["data-branch"] == "main"
        assert all(not (s.get("src") or "").startswith(("http:", "https:", "//"))
                   for s in html.find_all("script"))
    # only the join pages load the form's script
    assert built_site.html("").find("script", src=lambda s: s and "join.js" in s) is None
    assert (built_site.root / "assets" / "join.js").read_bytes() == \
        (SITE_PROJECT / "theme" / "assets" / "join.js").read_bytes()

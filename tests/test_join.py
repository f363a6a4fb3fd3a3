"""The /join/ form in Debian's Chromium, walked as a business owner on a 360 px phone.

A user fills the four steps on the built site (the shared ``built_site`` / ``web``
fixtures of conftest.py: 127.0.0.1 only, any console error fails the test). What the
page sends is checked against its contracts:

- numbers are read the Indonesian way (tests/fixtures/indonesian_numbers.json, the
  table the Python intake passes too) and echoed; what could be read two ways is refused;
- the GitHub issue link prefills the issue form by field id with what was typed;
- without GitHub, the text shared, downloaded, mailed or sent on WhatsApp is byte for
  byte ``catalog.core.issue_form.render_body`` of the same answers;
- for git users the YAML shown is written into a temporary catalogue beside a real
  supplier.yaml and real photos, and ``load_catalog`` must find nothing wrong;
- a reload keeps the draft; "clear draft" empties it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from catalog.core import i18n, issue_form, vocab
from catalog.core.catalogue import load_catalog
from catalog.intake import intake

from conftest import EXAMPLE, SITE_PROJECT, copy_example

pytestmark = pytest.mark.browser

PHOTO = Path(__file__).parent / "fixtures" / "photos" / "coffee-1800x1200.jpg"
NUMBERS = Path(__file__).parent / "fixtures" / "indonesian_numbers.json"
REPO_URL = "https://github.com/rumahdagang/katalog"  # mkdocs.yml repo_url
HOUSE = yaml.safe_load(
    re.search(
        r"^extra:\n(?:[ \t].*\n|\n)+",
        (SITE_PROJECT / "mkdocs.yml").read_text(encoding="utf-8"),
        re.M,
    ).group(0)
)["extra"]["trading_house"]
NEXT_YEAR = dt.date.today() + dt.timedelta(days=365)
PHONE = {"width": 360, "height": 740}
KOPINDO_NIB = "9120301234501"  # products/kopindo-tanggulangin/supplier.yaml
KOPINDO_NAME = "Koperasi Perajin Kulit Tanggulangin"


def opened(web, path: str = "join/", viewport: dict | None = None):
    """A page at ``path`` on a phone-sized viewport (unless told otherwise)."""
    page = web.page()
    page.set_viewport_size(viewport or PHONE)
    page.goto(web.site.url(path))
    return page


def fill(page, values: dict[str, str]) -> None:
    """Type into inputs/textareas and choose in selects, by element id."""
    for key, value in values.items():
        selector = f"#{key}"
        tag = page.eval_on_selector(selector, "el => el.tagName")
        if tag == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def heading(page) -> str:
    """The visible step's heading ("Langkah 2 dari 4: Produk Anda")."""
    return " ".join(page.locator(".jf-step:not([hidden]) .jf-step__title").inner_text().split())


def next_step(page, number: int) -> None:
    page.click("#jf-next")
    assert page.is_visible(f"#jf-step-{number}"), heading(page)


def option(field_id: str, value: str) -> str:
    """The issue form's text for the option whose model value is ``value``."""
    (text,) = [o.text for o in issue_form.by_id()[field_id].options if o.value == value]
    return text


CONFIRMED = [o.text for o in issue_form.by_id()["confirm"].options]

# A leather-wallet owner new to the catalogue, as typed on the page (element id -> text) ...
NEW_SUPPLIER = {
    "jf-s-name": "UD Kulit Jaya Sidoarjo",
    "jf-s-nib": "9120 3012 34999",
    "jf-s-whatsapp": "0812 3456 7890",
    "jf-s-email": "kulitjaya@contoh.co.id",
    "jf-s-person": "Ibu Sri",
    "jf-s-type": "ud",
    "jf-s-scale": "mikro",
    "jf-s-region": "35.15",
    "jf-s-desc-id": "Perajin dompet kulit sejak 2009.",
    "jf-s-desc-en": "Wallet makers since 2009.",
}
WALLET = {
    "jf-name-id": "Dompet Kulit Sapi",
    "jf-name-en": "Cowhide Leather Wallet",
    "jf-category": "aksesori-kulit",
    "jf-desc-id": "Dompet lipat dari kulit sapi samak nabati.\n\nEnam slot kartu.",
    "jf-desc-en": "Bifold wallet of vegetable-tanned cowhide.",
    "jf-material": "Kulit sapi / Cowhide",
    "jf-size": "11 x 9,5 x 2",
    "jf-weight": "0,12 kg",
    "jf-packaging": "Kotak karton isi 12",
}
SELLING = {
    "jf-moq-qty": "100",
    "jf-unit": "piece",
    "jf-cap-qty": "2.000",
    "jf-lead-min": "14",
    "jf-lead-max": "30",
}
PRICE = {
    "jf-price-amount": "50.000",
    "jf-tier-qty": "200",
    "jf-basis": "FOB",
    "jf-place": "Tanjung Perak, Surabaya",
    "jf-valid-until": NEXT_YEAR.isoformat(),
}
DETAILS = {
    "jf-samples": "free",
    "jf-customization": "Logo emboss, warna sesuai pesanan",
    "jf-hs": "4202.31",
}
# the export facts, typed the Indonesian way
PACKING = {"jf-pack-units": "24", "jf-pack-size": "60 × 40 × 40 cm", "jf-pack-gross": "18,5 kg"}
TERMS = ["tt_deposit_balance", "lc_sight"]
CAPTIONS = "Dompet cokelat tampak depan / Brown wallet, front view\nDompet terbuka"

# ... and what the issue form must carry for it (field id -> text), as GitHub would write it.
WALLET_VALUES = {
    "supplier_name": "UD Kulit Jaya Sidoarjo",
    "supplier_nib": "9120 3012 34999",
    "supplier_whatsapp": "0812 3456 7890",
    "supplier_email": "kulitjaya@contoh.co.id",
    "supplier_person": "Ibu Sri",
    "supplier_type": option("supplier_type", "ud"),
    "supplier_scale": option("supplier_scale", "mikro"),
    "supplier_province": "Jawa Timur",
    "supplier_regency": "Kabupaten Sidoarjo",
    "supplier_description_id": "Perajin dompet kulit sejak 2009.",
    "supplier_description_en": "Wallet makers since 2009.",
    "name_id": "Dompet Kulit Sapi",
    "name_en": "Cowhide Leather Wallet",
    "category": option("category", "aksesori-kulit"),
    "description_id": "Dompet lipat dari kulit sapi samak nabati.\n\nEnam slot kartu.",
    "description_en": "Bifold wallet of vegetable-tanned cowhide.",
    "photo_captions": CAPTIONS,
    "moq": "100",
    "unit": option("unit", "piece"),
    "capacity": "2.000",
    "lead_time": "14-30",
    "price": "50.000",
    "price_min_qty": "200",
    "price_basis": option("price_basis", "FOB"),
    "price_place": "Tanjung Perak, Surabaya",
    "price_valid_until": NEXT_YEAR.strftime("%d-%m-%Y"),
    "payment_terms": [option("payment_terms", term) for term in TERMS],
    "packing_units": "24",
    "packing_size": "60 × 40 × 40 cm",
    "packing_gross": "18,5 kg",
    "hs_code": "4202.31",
    "material": "Kulit sapi / Cowhide",
    "size": "11 x 9,5 x 2",
    "net_weight": "0,12 kg",
    "packaging": "Kotak karton isi 12",
    "samples": option("samples", "free"),
    "oem": option("oem", issue_form.YES),
    "customization": "Logo emboss, warna sesuai pesanan",
}


def photo_files(*names: str) -> list[dict]:
    return [{"name": n, "mimeType": "image/jpeg", "buffer": PHOTO.read_bytes()} for n in names]


def fill_wallet(
    page, supplier: dict[str, str] = NEW_SUPPLIER, *, photos: bool = True, confirm: bool = True
) -> None:
    """Walk the four steps with the wallet (a new supplier unless told otherwise)."""
    fill(page, supplier)
    next_step(page, 2)
    fill(page, WALLET)
    next_step(page, 3)
    fill(page, SELLING)
    page.check("#jf-price-tier")
    fill(page, PRICE)
    page.check("#jf-oem")
    fill(page, DETAILS)
    for term in TERMS:
        page.check(f"#jf-pay-{term}")
    fill(page, PACKING)
    next_step(page, 4)
    page.fill("#jf-captions", CAPTIONS)
    if photos:
        page.set_input_files("#jf-photos", photo_files("IMG_2031.JPG", "foto tas (2).jpeg"))
        page.wait_for_function("document.querySelectorAll('#jf-photos-list li').length === 2")
    if confirm:
        page.check("#jf-confirm-photos")
        page.check("#jf-confirm-true")


def shown_yaml(page, which: str = "jf-yaml") -> str:
    return page.eval_on_selector(f"#{which}", "el => el.textContent")


def github_new_file(page, link: str, path: str) -> str:
    """Check the link is GitHub's new-file page for ``path``; return its `value`."""
    href = page.get_attribute(f"#{link}", "href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "github.com",
        "/rumahdagang/katalog/new/main",
    )
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query["filename"] == [path]
    assert len(href) <= 8000
    return query["value"][0]


def write_catalogue(
    root: Path,
    supplier: str,
    files: dict[str, str],
    photos: list[str],
    supplier_yaml: str | None = None,
) -> Path:
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


# -- numbers ---------------------------------------------------------------------------------
def test_every_case_of_the_number_table_through_the_pages_parser(web):
    cases = json.loads(NUMBERS.read_text(encoding="utf-8"))["cases"]
    page = opened(web)
    got = page.evaluate(
        "texts => texts.map(t => window.catalogJoin.parseNumber(t))", [c["text"] for c in cases]
    )
    wrong = [
        f"{c['text']!r}: expected {c['value']!r} {c['currency']!r}, got {g!r}"
        for c, g in zip(cases, got)
        if (g is None) != (c["value"] is None)
        or (g is not None and (g["value"] != c["value"] or g["currency"] != c["currency"]))
    ]
    assert not wrong, "\n".join(wrong)
    assert len(cases) > 30


@pytest.mark.parametrize("typed", ["50.000", "50rb", "Rp 50.000", "50 ribu"])
def test_a_price_written_the_indonesian_way_is_read_and_echoed(web, typed):
    page = opened(web)
    fill_wallet(page)
    page.goto(web.site.url("join/"))  # the draft brings the walk back; now change the price
    page.click("#jf-back")
    page.fill("#jf-price-amount", typed)
    assert page.inner_text("#jf-price-amount-echo") == "Dibaca: Rp 50.000"
    assert "#jf-price-amount-echo" in "#" + page.get_attribute(
        "#jf-price-amount", "aria-describedby"
    ).replace(" ", " #")
    data = yaml.safe_load(shown_yaml(page))
    assert data["price"]["tiers"] == [{"min_qty": 200, "amount": 50000}]
    assert data["price"]["currency"] == "IDR"
    page.wait_for_timeout(800)  # past the typing pause: nothing to complain about
    assert page.is_hidden("#jf-price-amount-error")


def test_an_ambiguous_price_is_refused_at_the_field_and_never_becomes_an_amount(web):
    page = opened(web)
    fill_wallet(page)
    page.click("#jf-back")
    page.fill("#jf-price-amount", "50,000")
    # said once the typing pauses, at the field and linked to it
    error = page.locator("#jf-price-amount-error")
    error.wait_for(state="visible")
    message = error.inner_text()
    assert "50,000" in message and "50.000 (lima puluh ribu)" in message
    assert "jf-price-amount-error" in page.get_attribute("#jf-price-amount", "aria-describedby")
    assert page.get_attribute("#jf-price-amount", "aria-invalid") == "true"
    assert page.is_hidden("#jf-price-amount-echo")
    tier = yaml.safe_load(shown_yaml(page))["price"]["tiers"][0]
    assert "amount" not in tier
    # "next" is refused, and sending names the field in the summary
    page.click("#jf-next")
    assert page.is_visible("#jf-step-3")
    assert page.evaluate("document.activeElement.id") == "jf-price-amount"
    page.click("#jf-download")
    summary = page.inner_text("#jf-summary")
    assert f"{i18n.t('join_tier_amount', 'id')}: “50,000”" in summary


def test_the_english_page_reads_the_same_numbers_and_says_so_in_english(web):
    page = opened(web, "en/join/")
    fill_wallet(page)
    page.click("#jf-back")
    page.fill("#jf-price-amount", "1,5 jt")
    assert page.inner_text("#jf-price-amount-echo") == "Read as: IDR 1,500,000"
    page.fill("#jf-price-amount", "USD 12,50")
    assert page.inner_text("#jf-price-amount-echo") == "Read as: USD 12.50"
    assert page.input_value("#jf-currency") == "USD"
    data = yaml.safe_load(shown_yaml(page))
    assert (data["price"]["currency"], data["price"]["tiers"][0]["amount"]) == ("USD", 12.5)
    page.fill("#jf-moq-qty", "1.000")
    assert page.inner_text("#jf-moq-qty-echo") == "Read as: 1,000"
    page.fill("#jf-cap-qty", "Rp 5.000")
    page.locator("#jf-cap-qty-error").wait_for(state="visible")
    assert page.inner_text("#jf-cap-qty-error") == i18n.t("join_err_no_currency", "en")


# -- the export facts -----------------------------------------------------------------------
def to_selling(page) -> None:
    fill(page, NEW_SUPPLIER)
    next_step(page, 2)
    fill(page, WALLET)
    next_step(page, 3)
    fill(page, SELLING)


@pytest.mark.parametrize(
    "path, units, read",
    [
        ("join/", "24", ("Dibaca: 24 buah", "Dibaca: 60 × 40 × 40 cm", "Dibaca: 18,5 kg")),
        (
            "en/join/",
            "24 buah",
            ("Read as: 24 pieces", "Read as: 60 × 40 × 40 cm", "Read as: 18.5 kg"),
        ),
    ],
    ids=["id", "en"],
)
def test_export_packing_is_read_the_indonesian_way_and_echoed(web, path, units, read):
    page = opened(web, path)
    to_selling(page)
    fill(page, {"jf-pack-units": units, "jf-pack-size": "60x40x40", "jf-pack-gross": "18,5"})
    echoes = tuple(
        page.inner_text(f"#{i}-echo") for i in ("jf-pack-units", "jf-pack-size", "jf-pack-gross")
    )
    assert echoes == read
    for field in ("jf-pack-units", "jf-pack-size", "jf-pack-gross"):  # typed with a keypad
        assert page.get_attribute(f"#{field}", "type") == "text"
        assert f"{field}-echo" in page.get_attribute(f"#{field}", "aria-describedby")
    packing = yaml.safe_load(shown_yaml(page))["export_packing"]
    assert packing == {
        "units_per_carton": 24,
        "carton_cm": {"length": 60, "width": 40, "height": 40},
        "gross_kg": 18.5,
    }
    # the fields are on the phone's screen width: nothing sticks out sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_partial_export_packing_or_a_place_without_incoterm_stops_next(web):
    page = opened(web)
    to_selling(page)
    fill(page, {"jf-pack-size": "60 x 40 x 40", "jf-pack-gross": "18,5 kg"})
    page.click("#jf-next")
    assert page.is_visible("#jf-step-3")
    assert page.evaluate("document.activeElement.id") == "jf-pack-units"
    assert page.inner_text("#jf-pack-units-error") == i18n.t("join_err_pack_missing", "id")
    assert page.get_attribute("#jf-pack-units", "aria-invalid") == "true"
    assert page.is_hidden("#jf-pack-gross-error")
    assert "export_packing" not in yaml.safe_load(shown_yaml(page))
    # a price on request: an empty Incoterm is none, and a named place needs one
    page.fill("#jf-pack-units", "24")
    assert page.inner_text("#jf-basis option[value='']") == i18n.t("join_basis_none", "id")
    page.fill("#jf-place", "Bungkutoko, Kendari")
    page.click("#jf-next")
    assert page.evaluate("document.activeElement.id") == "jf-basis"
    assert page.inner_text("#jf-basis-error") == i18n.t("join_err_place_basis", "id")
    page.select_option("#jf-basis", "FOB")
    next_step(page, 4)
    price = yaml.safe_load(shown_yaml(page))["price"]
    assert price == {"on_request": True, "basis": "FOB", "place": "Bungkutoko, Kendari"}
    page.click("#jf-back")
    page.check("#jf-price-tier")  # a listed price: an empty Incoterm is EXW
    assert page.inner_text("#jf-basis option[value='']") == i18n.t("join_basis_default", "id")


def test_the_page_text_with_export_facts_becomes_an_export_ready_entry_by_intake(web, tmp_path):
    """Join page text (WhatsApp/e-mail) -> `catalog intake` -> a file with the export facts."""
    page = opened(web)
    fill_wallet(page)
    page.click("#jf-back")
    page.fill("#jf-price-amount", "USD 12,50")  # a price a buyer abroad can use
    next_step(page, 4)
    with page.expect_download() as download:
        page.click("#jf-text-download")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    products, photos = tmp_path / "products", tmp_path / "photos"
    copy_example(products)
    photos.mkdir()
    for name in ("dompet-kulit-sapi-1.jpg", "dompet-kulit-sapi-2.jpg"):
        shutil.copyfile(PHOTO, photos / name)
    result = intake(text, products, photos, issue=None)
    assert result.ok, result.problems
    written = products / "ud-kulit-jaya-sidoarjo" / "dompet-kulit-sapi.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["export_packing"] == {
        "units_per_carton": 24,
        "carton_cm": {"length": 60, "width": 40, "height": 40},
        "gross_kg": 18.5,
    }
    assert data["payment_terms"] == TERMS
    assert (data["price"]["currency"], data["price"]["basis"], data["price"]["place"]) == (
        "USD",
        "FOB",
        "Tanjung Perak, Surabaya",
    )
    assert data["price"]["tiers"] == [{"min_qty": 200, "amount": 12.5}]
    catalog = load_catalog(products)
    assert [str(d) for d in catalog.diagnostics if d.is_error] == []
    entry = catalog.products["ud-kulit-jaya-sidoarjo/dompet-kulit-sapi"]
    assert catalog.export_ready_gaps(entry) == []


# -- steps and draft -------------------------------------------------------------------------
def test_steps_show_progress_and_a_missing_field_stops_next_at_the_field(web):
    page = opened(web)
    assert heading(page) == "Langkah 1 dari 4: Usaha Anda"
    assert page.get_attribute(".jf-progress__item[data-step='1']", "aria-current") == "step"
    assert page.is_hidden("#jf-back") and page.is_hidden("#jf-step-2")
    assert page.inner_text("#jf-next") == "Lanjut: Produk"

    page.fill("#jf-s-name", "UD Kulit Jaya")
    page.click("#jf-next")
    assert heading(page).startswith("Langkah 1 dari 4")
    # the first missing field has the focus, its message is shown and linked, and both
    # it and its label are in view below the sticky header
    assert page.evaluate("document.activeElement.id") == "jf-s-nib"
    assert page.inner_text("#jf-s-nib-error") == i18n.t("join_err_required", "id")
    assert "jf-s-nib-error" in page.get_attribute("#jf-s-nib", "aria-describedby")
    boxes = page.evaluate("""() => {
        const r = s => document.querySelector(s).getBoundingClientRect();
        return {header: r('.md-header').bottom, label: r('label[for=jf-s-nib]').top,
                error: r('#jf-s-nib-error').bottom, height: innerHeight}; }""")
    assert boxes["header"] <= boxes["label"] and boxes["error"] <= boxes["height"], boxes
    assert page.is_visible("#jf-s-desc-id-error")  # every missing field of the step says so

    fill(page, NEW_SUPPLIER)
    next_step(page, 2)
    assert heading(page) == "Langkah 2 dari 4: Produk Anda"
    assert page.evaluate("document.activeElement.id") == "jf-step-2-title"
    assert page.get_attribute(".jf-progress__item[data-step='2']", "aria-current") == "step"
    assert page.get_attribute(".jf-progress__item[data-step='1']", "aria-current") is None
    assert page.is_hidden("#jf-step-1") and page.is_visible("#jf-back")
    assert page.is_hidden("#jf-name-id-error")  # a new step starts without complaints
    page.click("#jf-back")
    assert heading(page) == "Langkah 1 dari 4: Usaha Anda"
    assert page.input_value("#jf-s-name") == NEW_SUPPLIER["jf-s-name"]


def test_a_reload_restores_the_draft_and_clear_draft_empties_it(web):
    page = opened(web)
    fill(page, NEW_SUPPLIER)
    next_step(page, 2)
    fill(page, {"jf-name-id": "Dompet Kulit Sapi", "jf-size": "11 x 9,5 x 2"})
    page.reload()  # a phone switching apps
    assert heading(page).startswith("Langkah 2 dari 4")
    assert page.input_value("#jf-name-id") == "Dompet Kulit Sapi"
    assert page.inner_text("#jf-size-echo") == "Dibaca: 11 × 9,5 × 2 cm"
    page.click("#jf-back")
    assert page.input_value("#jf-s-nib") == NEW_SUPPLIER["jf-s-nib"]
    assert page.input_value("#jf-s-region") == "35.15"
    assert page.inner_text("#jf-draft-status") == i18n.t("join_draft_restored", "id")
    stored = page.evaluate("localStorage.getItem('catalog-join-draft')")
    assert "jf-photos" not in json.loads(stored)["fields"]  # photos are never stored

    page.click("#jf-draft-clear")
    assert page.input_value("#jf-s-nib") == "" and page.input_value("#jf-s-region") == ""
    assert heading(page).startswith("Langkah 1 dari 4")
    assert page.inner_text("#jf-draft-status") == i18n.t("join_draft_cleared", "id")
    assert page.evaluate("localStorage.getItem('catalog-join-draft')") is None
    page.reload()
    assert page.input_value("#jf-name-id") == ""


def test_a_business_already_listed_is_recognised_by_its_nib(web):
    page = opened(web)
    fill(page, {"jf-s-name": KOPINDO_NAME, "jf-s-nib": KOPINDO_NIB})
    assert page.is_hidden("#jf-supplier-fields")
    assert KOPINDO_NAME in page.inner_text("#jf-known")
    next_step(page, 2)  # nothing more to ask about the business
    page.click("#jf-back")
    page.fill("#jf-s-name", "Koperasi Lain")
    page.click("#jf-next")
    assert page.inner_text("#jf-s-nib-error") == i18n.t("join_err_nib_name", "id").replace(
        "{name}", KOPINDO_NAME
    )


# -- sending ---------------------------------------------------------------------------------
def test_the_github_issue_link_prefills_the_form_with_what_was_typed(web):
    page = opened(web)
    fill_wallet(page)
    href = page.get_attribute("#jf-issue", "href")
    assert len(href) <= 8000
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "github.com",
        "/rumahdagang/katalog/issues/new",
    )
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query.pop("template") == [issue_form.TEMPLATE]
    assert query.pop("title") == ["[Produk] Dompet Kulit Sapi"]
    typed = {f.id for f in issue_form.fields() if f.kind in ("input", "textarea")}
    assert set(query) <= typed
    assert all(len(v) == 1 for v in query.values())
    expected = {k: v for k, v in WALLET_VALUES.items() if k in typed}
    assert {k: v[0] for k, v in query.items()} == expected
    # GitHub chooses its drop-down options itself: the page lists what to choose there
    choose = page.inner_text("#jf-then-choose-list")
    assert (
        f"{issue_form.shown_label(issue_form.by_id()['category'])}: {WALLET_VALUES['category']}"
        in choose
    )
    photos_label = issue_form.shown_label(issue_form.by_id()["photos"])
    assert photos_label in page.inner_text("#jf-then")
    assert page.is_visible("#jf-then")
    # following the link (kept on this page: the test's network reaches no other host)
    page.evaluate("""document.addEventListener('click', e => {
        const a = e.target.closest('a'); if (a) { window.__followed = a.href; e.preventDefault(); } })""")
    page.click("#jf-issue")
    assert page.evaluate("window.__followed") == href
    assert i18n.t("join_github_opened", "id") in page.inner_text("#jf-issue-note")


def test_a_description_too_long_for_the_link_is_left_for_pasting(web):
    page = opened(web)
    fill_wallet(page)
    page.click("#jf-back")
    page.click("#jf-back")
    long_text = ("Kulit sapi samak nabati, dijahit tangan. " * 60)[:1990]  # under the cap
    fill(page, {"jf-desc-id": long_text, "jf-desc-en": long_text})
    page.click("#jf-back")
    page.fill("#jf-s-desc-id", long_text)
    for number in (2, 3, 4):
        next_step(page, number)
    href = page.get_attribute("#jf-issue", "href")
    assert len(href) <= 8000
    query = parse_qs(urlsplit(href).query)
    assert query["name_id"] == ["Dompet Kulit Sapi"]
    left = [
        f for f in ("supplier_description_id", "description_id", "description_en") if f not in query
    ]
    assert left  # what is left out is named, for pasting on GitHub
    note = page.inner_text("#jf-issue-note")
    for field in left:
        assert issue_form.shown_label(issue_form.by_id()[field]) in note


def test_without_github_the_text_sent_is_the_issue_body_github_would_write(web):
    page = opened(web)
    fill_wallet(page)
    values = {
        **WALLET_VALUES,
        "photos": "dompet-kulit-sapi-1.jpg\ndompet-kulit-sapi-2.jpg",
        "confirm": set(CONFIRMED),
    }
    body = issue_form.render_body(values)
    # the trading house's contact is on the page
    contact = page.inner_text("#jf-route-share .jf-contact")
    assert HOUSE["name"] in contact and HOUSE["email"] in contact and HOUSE["whatsapp"] in contact

    with page.expect_download() as download:
        page.click("#jf-text-download")
    assert download.value.suggested_filename == "dompet-kulit-sapi.md"
    assert Path(download.value.path()).read_bytes() == body.encode("utf-8")

    mail = urlsplit(page.get_attribute("#jf-mail", "href"))
    assert (mail.scheme, unquote(mail.path)) == ("mailto", HOUSE["email"])
    query = parse_qs(mail.query, strict_parsing=True)
    assert query == {"subject": ["[Produk] Dompet Kulit Sapi"], "body": [body]}
    wa = urlsplit(page.get_attribute("#jf-wa", "href"))
    assert (wa.scheme, wa.netloc, wa.path) == (
        "https",
        "wa.me",
        "/" + HOUSE["whatsapp"].lstrip("+"),
    )
    assert parse_qs(wa.query, strict_parsing=True) == {"text": [body]}
    assert page.is_hidden("#jf-share-actions")  # this browser cannot share files


def test_without_github_a_missing_confirmation_or_photo_stops_the_sending(web):
    page = opened(web)
    fill_wallet(page, photos=False, confirm=False)
    page.click("#jf-text-download")
    assert page.evaluate("document.activeElement.id") == "jf-summary"
    assert page.inner_text("#jf-photos-error") == i18n.t("join_err_photo_count", "id")
    assert page.inner_text("#jf-confirm-error") == i18n.t("join_err_confirm", "id")
    assert "jf-confirm-error" in page.get_attribute("#jf-confirm", "aria-describedby")
    page.set_input_files(
        "#jf-photos",
        [
            {
                "name": "kecil.png",
                "mimeType": "image/png",
                "buffer": (
                    SITE_PROJECT / "tests" / "fixtures" / "photos" / "too-small-600x400.png"
                ).read_bytes(),
            }
        ],
    )
    page.wait_for_function(
        "document.querySelector('#jf-photos-list li').textContent.includes('600')"
    )
    assert "600 × 400" in page.inner_text("#jf-photos-error")


SHARE_STUB = """
window.__shared = [];
Object.defineProperty(navigator, 'canShare', {configurable: true,
  value: data => !!data && Array.isArray(data.files)});
Object.defineProperty(navigator, 'share', {configurable: true, value: data => {
  window.__shared.push({title: data.title, text: data.text,
                        files: data.files.map(f => ({name: f.name, type: f.type, size: f.size}))});
  return Promise.resolve();
}});
"""


def test_web_share_hands_over_the_text_and_the_photos(web):
    web.context.add_init_script(SHARE_STUB)
    page = opened(web)
    fill_wallet(page)
    assert page.is_visible("#jf-share")
    page.click("#jf-share")
    page.wait_for_function("window.__shared.length === 1")
    (shared,) = page.evaluate("window.__shared")
    values = {
        **WALLET_VALUES,
        "photos": "dompet-kulit-sapi-1.jpg\ndompet-kulit-sapi-2.jpg",
        "confirm": set(CONFIRMED),
    }
    assert shared["title"] == "[Produk] Dompet Kulit Sapi"
    assert shared["text"] == issue_form.render_body(values)
    size = PHOTO.stat().st_size
    assert shared["files"] == [
        {"name": "dompet-kulit-sapi-1.jpg", "type": "image/jpeg", "size": size},
        {"name": "dompet-kulit-sapi-2.jpg", "type": "image/jpeg", "size": size},
    ]
    assert page.inner_text("#jf-share-status") == i18n.t("join_share_done", "id")


# -- for git users: the YAML -----------------------------------------------------------------
def test_the_yaml_for_an_existing_supplier_is_a_valid_entry_with_every_detail(web, tmp_path):
    page = opened(web)
    fill_wallet(page, {"jf-s-name": KOPINDO_NAME, "jf-s-nib": KOPINDO_NIB})
    page.click("#jf-git-details summary")
    assert page.input_value("#jf-supplier") == "kopindo-tanggulangin"
    assert page.input_value("#jf-product") == "dompet-kulit-sapi"
    path = "products/kopindo-tanggulangin/dompet-kulit-sapi.yaml"
    assert page.inner_text("#jf-filename") == path
    assert page.is_hidden("#jf-supplier-output")

    text = shown_yaml(page)
    assert text.startswith("# yaml-language-server: $schema=../../schema/product.schema.json\n")
    assert github_new_file(page, "jf-github", path) == text
    with page.expect_download() as download:
        page.click("#jf-download")
    assert download.value.suggested_filename == "dompet-kulit-sapi.yaml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    assert page.is_hidden("#jf-summary")

    root = tmp_path / "products"
    write_catalogue(
        root,
        "kopindo-tanggulangin",
        {"dompet-kulit-sapi.yaml": text},
        ["photos/dompet-kulit-sapi-1.jpg", "photos/dompet-kulit-sapi-2.jpg"],
    )
    catalog = load_catalog(root)
    assert [str(d) for d in catalog.diagnostics] == []
    entry = catalog.products["kopindo-tanggulangin/dompet-kulit-sapi"]
    product = entry.model
    assert (
        product.description.id == "Dompet lipat dari kulit sapi samak nabati.\n\nEnam slot kartu."
    )
    assert (product.moq.quantity, product.capacity_per_month.quantity) == (100, 2000)
    assert (product.lead_time_days.min, product.lead_time_days.max) == (14, 30)
    assert (product.price.currency, product.price.basis, product.incoterms) == (
        "IDR",
        "FOB",
        ["FOB"],
    )
    assert [(t.min_qty, t.amount) for t in product.price.tiers] == [(200, 50000)]
    assert product.price.valid_until == NEXT_YEAR
    assert [i.file for i in product.images] == [
        "photos/dompet-kulit-sapi-1.jpg",
        "photos/dompet-kulit-sapi-2.jpg",
    ]
    assert (product.images[0].alt.id, product.images[0].alt.en) == (
        "Dompet cokelat tampak depan",
        "Brown wallet, front view",
    )
    assert (product.images[1].alt.id, product.images[1].alt.en) == ("Dompet terbuka", None)
    # the details the product page shows
    assert (product.material.id, product.material.en) == ("Kulit sapi", "Cowhide")
    assert (product.size_cm.length, product.size_cm.width, product.size_cm.height) == (11, 9.5, 2)
    assert product.net_weight_g == 120
    assert product.packaging.id == "Kotak karton isi 12"
    assert (product.samples.available, product.samples.free) == (True, True)
    assert product.customization.oem is True
    assert product.customization.note.id == "Logo emboss, warna sesuai pesanan"
    assert product.hs_code == "4202.31"
    # the export facts
    assert product.price.place == "Tanjung Perak, Surabaya"
    assert product.payment_terms == TERMS
    packing = product.export_packing
    assert (packing.units_per_carton, packing.gross_kg) == (24, 18.5)
    assert (packing.carton_cm.length, packing.carton_cm.width, packing.carton_cm.height) == (
        60,
        40,
        40,
    )
    # a rupiah price: still not export-ready, and that is the only gap
    assert catalog.export_ready_gaps(entry) == ["price_currency"]


def test_the_english_page_writes_a_new_supplier_and_a_processed_food(web, tmp_path):
    page = opened(web, "en/join/", {"width": 1280, "height": 900})
    assert page.get_attribute("html", "lang") == "en"
    fill(
        page,
        {
            **NEW_SUPPLIER,
            "jf-s-whatsapp": "+62 812-3456-7890",
            "jf-s-email": "",
            "jf-s-name": "KUBE Tempe Sidoarjo",
        },
    )
    next_step(page, 2)
    fill(
        page,
        {
            "jf-name-id": "Keripik Tempe Original",
            "jf-name-en": "Original Tempeh Chips",
            "jf-category": "makanan-ringan",
            "jf-desc-id": "Keripik tempe tipis dan renyah.",
            "jf-desc-en": "Thin, crispy tempeh chips.",
        },
    )
    assert page.is_visible("#jf-certs")
    page.click("#jf-next")
    assert page.inner_text("#jf-halal-error") == i18n.t("join_err_food_halal", "en")
    fill(
        page,
        {
            "jf-halal": "ID35110012345670824",
            "jf-halal-scheme": "self_declare",
            "jf-pirt": "2063 5150 1234 567",
        },
    )
    next_step(page, 3)
    fill(
        page,
        {
            "jf-moq-qty": "200",
            "jf-unit": "kg",
            "jf-cap-qty": "2 rb",
            "jf-lead-min": "3",
            "jf-lead-max": "7",
            "jf-hs": "190590",
        },
    )
    next_step(page, 4)
    page.set_input_files("#jf-photos", photo_files("keripik.jpg"))
    page.wait_for_function("document.querySelectorAll('#jf-photos-list li').length === 1")
    page.click("#jf-git-details summary")
    assert page.input_value("#jf-supplier") == "kube-tempe-sidoarjo"
    product_text = shown_yaml(page)
    supplier_text = shown_yaml(page, "jf-supplier-yaml")
    assert (
        github_new_file(
            page, "jf-github", "products/kube-tempe-sidoarjo/keripik-tempe-original.yaml"
        )
        == product_text
    )
    assert (
        github_new_file(page, "jf-supplier-github", "products/kube-tempe-sidoarjo/supplier.yaml")
        == supplier_text
    )
    assert (
        page.get_attribute("#jf-upload", "href")
        == f"{REPO_URL}/upload/main/products/kube-tempe-sidoarjo/photos"
    )
    assert page.inner_text("#jf-status") == i18n.t("join_valid", "en")

    root = tmp_path / "products"
    write_catalogue(
        root,
        "kube-tempe-sidoarjo",
        {"keripik-tempe-original.yaml": product_text},
        ["photos/keripik-tempe-original-1.jpg"],
        supplier_yaml=supplier_text,
    )
    catalog = load_catalog(root)
    assert [str(d) for d in catalog.diagnostics] == []
    supplier = catalog.suppliers["kube-tempe-sidoarjo"].model
    assert (supplier.nib, supplier.region, supplier.contact.whatsapp, supplier.scale) == (
        "9120301234999",
        "35.15",
        "+6281234567890",
        "mikro",
    )
    product = catalog.products["kube-tempe-sidoarjo/keripik-tempe-original"].model
    assert {c.type for c in product.certifications} == {"halal", "pirt"}
    assert product.price.on_request and product.hs_code == "1905.90"
    assert product.capacity_per_month.quantity == 2000
    assert product.images[0].alt.en == "Original Tempeh Chips, photo 1"


def test_browser_checks_speak_through_accessible_messages(web):
    page = opened(web)
    fill(page, {"jf-s-nib": "12345", "jf-s-whatsapp": "0812"})
    page.click("#jf-download")  # refused: the summary takes the focus instead
    summary = page.locator("#jf-summary")
    assert summary.get_attribute("role") == "alert" and summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "jf-summary"
    expected = {
        "jf-s-name": "join_err_required",
        "jf-s-nib": "join_err_nib",
        "jf-s-whatsapp": "join_err_whatsapp",
        "jf-s-type": "join_err_required",
    }
    for field, key in expected.items():
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true", field
        described = page.get_attribute(f"#{field}", "aria-describedby").split()
        assert f"{field}-error" in described
        assert page.inner_text(f"#{field}-error") == i18n.t(key, "id"), field
    text = summary.inner_text()
    for label in ("join_name_id", "join_moq_qty", "join_photos"):  # on later steps
        assert i18n.t(label, "id") in text, label
    # a link to a field on another step goes there
    summary.get_by_role("link", name=i18n.t("join_moq_qty", "id"), exact=False).click()
    assert heading(page).startswith("Langkah 3 dari 4")
    assert page.evaluate("document.activeElement.id") == "jf-moq-qty"
    # fixing a field clears its message as the user types
    page.click("#jf-back")
    page.click("#jf-back")
    page.fill("#jf-s-nib", "9120301234999")
    assert page.get_attribute("#jf-s-nib", "aria-invalid") is None
    assert page.is_hidden("#jf-s-nib-error")


def test_ids_the_site_reserves_are_refused_in_the_form_too(web):
    """`page` as a supplier id would take the catalogue's page 2 URL (rule R323)."""
    page = opened(web)
    page.click("#jf-git-details summary")
    fill(page, {"jf-supplier": "page", "jf-product": "index"})
    page.click("#jf-download")
    assert page.inner_text("#jf-supplier-error") == i18n.t("join_err_reserved", "id").replace(
        "{name}", "page"
    )
    assert page.inner_text("#jf-product-error") == i18n.t("join_err_reserved", "id").replace(
        "{name}", "index"
    )
    page.fill("#jf-supplier", "Kop Baru")
    assert page.inner_text("#jf-supplier-error") == i18n.t("join_err_slug", "id")
    page.fill("#jf-supplier", "pages")
    assert page.get_attribute("#jf-supplier", "aria-invalid") is None


def test_a_file_too_long_for_a_link_falls_back_to_download(web):
    page = opened(web, "en/join/")
    fill(page, {"jf-s-name": KOPINDO_NAME, "jf-s-nib": KOPINDO_NIB})
    next_step(page, 2)
    long_text = ("Kulit sapi “asli” — dijahit tangan. " * 60)[:1990]  # under the cap of 2,000
    fill(
        page,
        {
            "jf-name-id": "Tas Besar",
            "jf-desc-id": long_text,
            "jf-desc-en": long_text,
            "jf-material": long_text[:290],
        },
    )
    href = page.get_attribute("#jf-github", "href")
    query = parse_qs(urlsplit(href).query)
    assert "value" not in query and query["filename"] == [
        "products/kopindo-tanggulangin/tas-besar.yaml"
    ]
    assert page.inner_text("#jf-github") == i18n.t("join_github_empty", "en")
    note = page.locator("#jf-github-note")
    assert note.is_visible() and "Upload files" in note.inner_text()


def test_form_offers_the_vocabularies_the_issue_form_and_interface_text(built_site):
    for lang, url in (("id", "join/"), ("en", "en/join/")):
        html = built_site.html(url)
        form = html.find("form", id="join-form")
        categories = [
            o["value"]
            for o in form.find("select", id="jf-category").find_all("option")
            if o["value"]
        ]
        assert categories == list(vocab.categories())
        labels = {o["value"]: o.get_text() for o in form.select("#jf-category option")}
        assert labels["tas-kulit"] == vocab.categories()["tas-kulit"].label.get(lang)
        units = [o["value"] for o in form.select("#jf-unit option") if o["value"]]
        assert units == list(vocab.units())
        regions = {o["value"] for o in form.select("#jf-s-region option") if o["value"]}
        assert regions == {c for c, r in vocab.regions().items() if r.level == "regency"}
        label = form.find("label", attrs={"for": "jf-name-id"}).get_text()
        assert label.startswith(i18n.t("join_name_id", lang))
        # the issue form's definition, for the prefill link and the shared text
        definition = json.loads(form.find("script", id="join-issue-form").string)
        assert definition["template"] == issue_form.TEMPLATE
        assert [(f["id"], f["label"]) for f in definition["fields"]] == [
            (f.id, issue_form.shown_label(f)) for f in issue_form.fields() if f.kind != "markdown"
        ]
        # number fields take Indonesian writing: text with a keypad, never type=number
        for field in ("jf-price-amount", "jf-moq-qty", "jf-cap-qty", "jf-lead-min"):
            tag = form.find("input", id=field)
            assert tag["type"] == "text" and tag["inputmode"] in ("numeric", "decimal"), field
        photos = form.find("input", id="jf-photos")
        assert (photos["type"], photos["accept"], photos.has_attr("multiple")) == (
            "file",
            "image/*",
            True,
        )
        script = html.find("script", src=lambda s: s and s.endswith("assets/join.js"))
        assert script["data-repo"] == REPO_URL and script["data-branch"] == "main"
        assert all(
            not (s.get("src") or "").startswith(("http:", "https:", "//"))
            for s in html.find_all("script")
        )
    # only the join pages load the form's script
    assert built_site.html("").find("script", src=lambda s: s and "join.js" in s) is None
    assert (built_site.root / "assets" / "join.js").read_bytes() == (
        SITE_PROJECT / "theme" / "assets" / "join.js"
    ).read_bytes()

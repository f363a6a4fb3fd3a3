"""HS 2022 codes checked and explained, ports by name (issue 18, part C1).

A product's ``hs_code`` must be an existing HS 2022 six-digit subheading (R330, with the
nearest existing codes as hints); its page shows the official (English) description
beside the code. ``port_of_loading`` is shown by its UN/LOCODE name; a code not in the
list of Indonesian ports is a warning (R331) with similar codes as hints.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalog import cli
from catalog.core import vocab
from catalog.core.catalogue import load_catalog
from catalog.core.models import hs_as_written
from catalog.site.generate import Generator
from catalog.site.model import SiteSettings
from conftest import PRODUCT, REPO, SUPPLIER_ID, TODAY, errors, warnings, where

HANDBAGS = (
    "Cases and containers; handbags (whether or not with shoulder strap and including those "
    "without handle), with outer surface of leather or of composition leather"
)
SHOTS = Path("/tmp/shots-C1")


# -- the data ------------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["4202.21", "420221", "4202 21", "4202.21.10", "42022110"])
def test_a_known_code_is_found_in_each_written_form(written):
    """The YAML form, what people type (6 digits, a space) and Indonesia's 8-digit national
    code (BTKI): the first six digits are the HS subheading."""
    assert vocab.hs_subheading(written) == "420221"
    assert vocab.hs_description(written) == HANDBAGS


@pytest.mark.parametrize("typed", ["420221", "4202 21", "4202.21"])
def test_a_code_typed_in_catalog_new_or_intake_validates(catalogue, typed):
    catalogue.edit(PRODUCT, 'hs_code: "4202.21"', f'hs_code: "{hs_as_written(typed)}"')
    assert catalogue.load().diagnostics == []


def test_every_sample_product_has_an_existing_subheading():
    catalog = load_catalog(REPO / "products", today=TODAY)
    codes = {key: e.model.hs_code for key, e in catalog.products.items()}
    assert codes and all(codes.values())
    assert {k: c for k, c in codes.items() if vocab.hs_description(c) is None} == {}
    assert codes["ud-mete-raha/mete-kupas-w320"] == "0801.32"  # cashew kernels, shelled
    assert codes["koperasi-kakao-wundulako/biji-kakao-fermentasi"] == "1801.00"


def test_hs_data_is_hs_2022_without_comtrade_bucket():
    hs = vocab.hs2022()
    assert len(hs.subheadings) == 5612  # 5,613 rows less UN Comtrade's 999999
    assert vocab.hs_description("9999.99") is None
    # HS 2022 novelties exist, codes HS 2022 deleted do not
    assert vocab.hs_description("8524.11") is not None  # flat panel display modules (new)
    assert vocab.hs_description("8517.11") is not None
    assert vocab.hs_description("8517.12") is None  # mobile phones: 8517.13/14 since 2022


def test_ports_list_holds_indonesian_ports_by_code():
    text = resources.files("catalog.data").joinpath("ports-id.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    codes = [r["code"] for r in rows]
    assert codes == sorted(set(codes)) and all(re.fullmatch(r"ID[A-Z2-9]{3}", c) for c in codes)
    assert all(r["name"] == r["name"].strip() and r["name"] for r in rows)
    assert vocab.port_name("IDKDI") == "Kendari"
    assert vocab.port_name("IDSUB") == "Surabaya"
    assert vocab.port_name("IDMAK") == "Makassar"
    assert vocab.port_name("IDXXX") is None
    assert vocab.port_label("IDKDI") == "Kendari (IDKDI)"
    readme = resources.files("catalog.data").joinpath("README-ports.md").read_text("utf-8")
    assert "datasets/un-locode" in readme and "ODC-PDDL-1.0" in readme
    readme = resources.files("catalog.data").joinpath("README-hs.md").read_text("utf-8")
    assert "datasets/harmonized-system" in readme and "ODC-PDDL-1.0" in readme


# -- validation ------------------------------------------------------------------------------
def test_an_unknown_subheading_is_an_error_at_the_line_with_the_nearest_codes(catalogue):
    catalogue.edit(PRODUCT, 'hs_code: "4202.21"', 'hs_code: "4202.20"')
    catalog = catalogue.load()
    line, column = catalogue.position(PRODUCT, "hs_code:", '"4202.20"')
    assert where(catalog.diagnostics) == [("R330", catalogue.shown(PRODUCT), line, column)]
    assert not catalog.ok
    (d,) = catalog.diagnostics
    assert d.message.id == "kode HS 4202.20 tidak ada dalam HS 2022 (subpos 6 digit)"
    assert d.message.en == "HS code 4202.20 does not exist in HS 2022 (six-digit subheadings)"
    # the same heading's subheadings around 4202.20, each with its official text
    for hint in (d.hint.id, d.hint.en):
        assert re.findall(r"\d{4}\.\d{2}", hint) == ["4202.19", "4202.21", "4202.22"]
        assert "4202.21 “Cases and containers; handbags" in hint
    assert d.hint.id.startswith("kode terdekat yang ada: ")
    assert d.hint.en.startswith("nearest existing codes: ")


def test_an_unknown_heading_hints_the_numerically_nearest_codes(catalogue):
    catalogue.edit(PRODUCT, 'hs_code: "4202.21"', 'hs_code: "4207.10"')
    (d,) = catalogue.load().diagnostics
    assert d.code == "R330"  # and not also R316 (heading unusual for the category)
    nearest = re.findall(r"\d{4}\.\d{2}", d.hint.en)
    assert nearest == ["4203.40", "4205.00", "4206.00"]  # no heading 4207; 4301.10 is far


@pytest.mark.parametrize(
    "lang, first, hint",
    [
        ("id", "error[R330] kode HS 4202.20 tidak ada", "    saran: kode terdekat yang ada: 4202.19"),
        ("en", "error[R330] HS code 4202.20 does not exist", "    hint: nearest existing codes: 4202.19"),
    ],
)  # fmt: skip
def test_validate_prints_file_line_and_nearest_codes(catalogue, capsys, lang, first, hint):
    catalogue.edit(PRODUCT, 'hs_code: "4202.21"', 'hs_code: "4202.20"')
    line, column = catalogue.position(PRODUCT, "hs_code:", '"4202.20"')
    assert cli.main(["validate", "products", "--lang", lang]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{catalogue.shown(PRODUCT)}:{line}:{column}: {first}")
    assert out[1].startswith(hint)


def test_an_unknown_port_is_a_warning_with_similar_codes(catalogue):
    catalogue.edit(PRODUCT, "port_of_loading: IDSUB", "port_of_loading: IDSUV")
    catalog = catalogue.load()
    line, column = catalogue.position(PRODUCT, "port_of_loading:", "IDSUV")
    assert where(catalog.diagnostics) == [("R331", catalogue.shown(PRODUCT), line, column)]
    assert catalog.ok and errors(catalog) == []
    (d,) = warnings(catalog)
    assert "`IDSUV`" in d.message.id and "`IDSUV`" in d.message.en
    assert "Surabaya (IDSUB)" in d.hint.id and "Surabaya (IDSUB)" in d.hint.en


def test_a_port_unlike_any_listed_is_hinted_with_main_ports(catalogue):
    catalogue.edit(PRODUCT, "port_of_loading: IDSUB", "port_of_loading: SGSIN")
    (d,) = catalogue.load().diagnostics
    assert d.code == "R331" and "Surabaya (IDSUB)" in d.hint.en and "(IDJKT)" in d.hint.en


# -- the product page ----------------------------------------------------------------------------
def _page(catalogue, lang) -> BeautifulSoup:
    catalog = catalogue.load()
    assert catalog.ok, catalog.diagnostics
    gen = Generator(catalog, {}, SiteSettings())
    entry = catalog.products[f"{SUPPLIER_ID}/{Path(PRODUCT).stem}"]
    return BeautifulSoup(gen.product_page(entry, lang).body, "html.parser")


@pytest.mark.parametrize("lang, note_lang", [("id", "en"), ("en", None)])
def test_the_page_shows_the_official_description_and_the_port_by_name(catalogue, lang, note_lang):
    soup = _page(catalogue, lang)
    cell = soup.select_one('tr[data-fact="hs_code"] td')
    assert " ".join(cell.get_text().split()) == f"4202.21 — {HANDBAGS}"
    note = cell.select_one(".cat-fact-note")
    assert note.get_text() == HANDBAGS and note.get("lang") == note_lang
    port = soup.select_one('tr[data-fact="port_of_loading"]')
    assert port.th.get_text() == {"id": "Pelabuhan muat", "en": "Port of loading"}[lang]
    assert port.td.get_text() == "Surabaya (IDSUB)"


def test_an_unknown_port_is_shown_by_its_code(catalogue):
    catalogue.edit(PRODUCT, "port_of_loading: IDSUB", "port_of_loading: IDSUV")
    soup = _page(catalogue, "id")
    assert soup.select_one('tr[data-fact="port_of_loading"] td').get_text() == "IDSUV"


def test_the_built_sample_pages_name_ports_and_explain_codes(built_site, site_catalog):
    for entry in site_catalog.products.values():
        if entry.model.status != "active":
            continue
        m = entry.model
        for prefix in ("", "en/"):
            soup = built_site.html(f"{prefix}products/{entry.key}/")
            note = soup.select_one('tr[data-fact="hs_code"] .cat-fact-note')
            assert note.get_text() == vocab.hs_description(m.hs_code), entry.key
            assert note.get("lang") == ("en" if not prefix else None)
            port = soup.select_one('tr[data-fact="port_of_loading"] td')
            if m.port_of_loading:
                assert (
                    port.get_text() == f"{vocab.port_name(m.port_of_loading)} ({m.port_of_loading})"
                )
            else:
                assert port is None
    soup = built_site.html("products/ud-mete-raha/mete-kupas-w320/")
    assert soup.select_one('tr[data-fact="port_of_loading"] td').get_text() == ("Kendari (IDKDI)")


# -- in Chromium: 360 and 1280 px, both languages --------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_description_wraps_inside_the_facts_table(web, width, prefix):
    page = web.page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(web.site.url(f"{prefix}products/{SUPPLIER_ID}/tas-jinjing-kulit-sapi/"))
    row = page.locator('tr[data-fact="hs_code"]')
    row.scroll_into_view_if_needed()
    assert row.is_visible()
    note = row.locator(".cat-fact-note")
    assert note.inner_text() == HANDBAGS
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    port = page.locator('tr[data-fact="port_of_loading"] td')
    assert port.inner_text() == "Surabaya (IDSUB)" and port.is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.locator("table.cat-facts").screenshot(
        path=str(SHOTS / f"facts-{prefix.strip('/') or 'id'}-{width}.png")
    )

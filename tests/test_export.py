"""Export facts (issue 18, part C2): export packing and what fits a container, payment
terms, the named place of the price basis, what "export-ready" means, and the warning
about the sample's placeholder trading house."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from catalog.core import containers, vocab
from catalog.core.catalogue import load_catalog
from catalog.core.diagnostics import Text
from catalog.core.house import SAMPLE_HOUSE, placeholder_warning
from catalog.core.models import CartonSize, ExportPacking
from catalog.core.vocab import ContainerType
from conftest import PRODUCT, REPO, SITE_PROJECT, TODAY, where

MAX_20 = ContainerType("container20", Text("20", "20"), Text("20", "20"), 33.2, 25000)
MAX_40 = ContainerType("container40", Text("40", "40"), Text("40", "40"), 67.7, 26500)


def packing(units: float, length: float, w: float, h: float, kg: float) -> ExportPacking:
    return ExportPacking(
        units_per_carton=units, carton_cm=CartonSize(length=length, width=w, height=h), gross_kg=kg
    )


# -- the arithmetic, checked by hand ----------------------------------------------------------
def test_the_data_file_holds_the_documented_figures():
    spec = vocab.shipping()
    assert spec.loading_factor == 0.85
    assert [(c.id, c.internal_m3, c.payload_kg) for c in spec.containers] == [
        ("container20", 33.2, 25000),
        ("container40", 67.7, 26500),
    ]
    # the report's advice figures still load from the same file
    from catalog.build.report import container

    assert container().thresholds["mass"] == 15000


def test_light_cartons_fill_the_volume_first():
    # 60 × 40 × 40 cm = 96,000 cm³ = 0.096 m³, 18.5 kg, 24 pieces a carton
    p = packing(24, 60, 40, 40, 18.5)
    assert containers.carton_m3(p) == pytest.approx(0.096)
    twenty = containers.load(p, MAX_20, 0.85)
    # volume: 33.2 m³ × 0.85 = 28.22 m³; 28.22 / 0.096 = 293.96 -> 293 cartons
    # weight: 25,000 kg / 18.5 kg = 1,351.35 -> 1,351 cartons
    assert (twenty.by_volume, twenty.by_weight) == (293, 1351)
    assert (twenty.cartons, twenty.binding, twenty.units) == (293, "volume", 293 * 24)  # 7,032
    forty = containers.load(p, MAX_40, 0.85)
    # volume: 67.7 × 0.85 = 57.545 m³; / 0.096 = 599.43 -> 599; weight: 26,500 / 18.5 = 1,432
    assert (forty.by_volume, forty.by_weight, forty.cartons, forty.binding) == (
        599,
        1432,
        599,
        "volume",
    )
    assert forty.units == 14376  # 599 × 24


def test_heavy_cartons_reach_the_payload_first():
    # 40 × 30 × 20 cm = 0.024 m³ at 30 kg (glazed tiles, say), 10 pieces a carton
    p = packing(10, 40, 30, 20, 30)
    twenty = containers.load(p, MAX_20, 0.85)
    # volume: 28.22 / 0.024 = 1,175.8 -> 1,175; weight: 25,000 / 30 = 833.3 -> 833
    assert (twenty.by_volume, twenty.by_weight, twenty.cartons) == (1175, 833, 833)
    assert (twenty.binding, twenty.units) == ("weight", 8330)
    forty = containers.load(p, MAX_40, 0.85)
    # volume: 57.545 / 0.024 = 2,397.7 -> 2,397; weight: 26,500 / 30 = 883.3 -> 883
    assert (forty.cartons, forty.binding, forty.units) == (883, "weight", 8830)


def test_an_exact_quotient_keeps_its_last_carton():
    # 25,000 kg / 25 kg = 1,000 exactly: binary rounding must not make it 999
    p = packing(1, 10, 10, 10, 25)
    assert containers.load(p, MAX_20, 0.85).by_weight == 1000


def test_the_cashew_sample_is_bound_by_volume_in_a_20ft_and_by_weight_in_a_40ft():
    # 48 × 33 × 31 cm = 49,104 cm³ = 0.049104 m³, 24 kg gross, 2 × 11.34 kg = 22.68 kg a carton
    p = packing(22.68, 48, 33, 31, 24)
    twenty, forty = containers.loads(p)
    # 20 ft: 28.22 / 0.049104 = 574.7 -> 574 by volume; 25,000 / 24 = 1,041.7 -> 1,041
    assert (twenty.cartons, twenty.binding) == (574, "volume")
    assert twenty.units == pytest.approx(13018.32)  # 574 × 22.68 kg
    # 40 ft: 57.545 / 0.049104 = 1,171.9 -> 1,171; 26,500 / 24 = 1,104.2 -> 1,104 by weight
    assert (forty.cartons, forty.binding) == (1104, "weight")
    assert forty.units == pytest.approx(25038.72)  # 1,104 × 22.68 kg
    assert containers.quote_packing(p) == {
        "units_per_carton": 22.68,
        "carton_m3": 0.0491,
        "carton_kg": 24,
    }
    assert containers.quote_packing(None) is None


# -- validation: errors with file:line --------------------------------------------------------
def _product_with(catalogue, lines: str, after: str = "packaging:") -> str:
    """The example product with ``lines`` in place of its export packing and payment terms."""
    text = "".join(
        line
        for line in catalogue.text(PRODUCT).splitlines(keepends=True)
        if not line.startswith(("export_packing:", "payment_terms:"))
    )
    start = text.index(after)
    end = text.index("\n", start) + 1
    catalogue.write(PRODUCT, text[:end] + lines + text[end:])
    return catalogue.shown(PRODUCT)


def test_the_sample_fields_validate(catalogue):
    _product_with(
        catalogue,
        "export_packing: {units_per_carton: 10, carton_cm: {length: 65, width: 45, height: 45}, "
        "gross_kg: 11}\npayment_terms: [tt_deposit_balance, lc_sight]\n",
    )
    catalog = catalogue.load()
    assert [d for d in catalog.diagnostics if d.is_error] == []


def test_an_unknown_payment_term_names_the_valid_ones(catalogue):
    shown = _product_with(catalogue, "payment_terms: [tt_deposit_balance, letter_of_credit]\n")
    (d,) = catalogue.load().diagnostics
    line, column = catalogue.position(PRODUCT, "payment_terms:", "letter_of_credit")
    assert (d.code, d.path, d.line, d.column) == ("S204", shown, line, column)
    assert "lc_sight" in d.hint.en and "tt_advance" in d.hint.id


def test_a_carton_without_its_weight_is_located(catalogue):
    shown = _product_with(
        catalogue,
        "export_packing:\n  units_per_carton: 24\n  carton_cm: {length: 60, width: 40, height: 40}\n",
    )
    diagnostics = catalogue.load().diagnostics
    assert [(d.code, d.path) for d in diagnostics] == [("S202", shown)]
    assert "export_packing.gross_kg" in diagnostics[0].message.en
    # reported where the mapping it belongs in starts, as every missing field is
    assert (diagnostics[0].line, diagnostics[0].column) == catalogue.position(
        PRODUCT, "  units_per_carton: 24", "units_per_carton"
    )


def test_a_zero_carton_size_is_located(catalogue):
    _product_with(
        catalogue,
        "export_packing:\n  units_per_carton: 24\n  carton_cm: {length: 60, width: 0, height: 40}\n"
        "  gross_kg: 18.5\n",
    )
    (d,) = catalogue.load().diagnostics
    assert d.code == "S203" and "export_packing.carton_cm.width" in d.message.en
    assert (d.line, d.column) == catalogue.position(PRODUCT, "carton_cm:", "0, height")


def test_a_place_without_a_basis_is_an_error(catalogue):
    text = catalogue.text(PRODUCT)
    start, end = text.index("price:\n"), text.index("incoterms:")
    catalogue.write(
        PRODUCT, text[:start] + "price:\n  on_request: true\n  place: Tanjung Perak\n" + text[end:]
    )
    catalog = catalogue.load()
    assert where(catalog.diagnostics) == [
        ("R328", catalogue.shown(PRODUCT), *catalogue.position(PRODUCT, "place:", "Tanjung"))
    ]
    assert "`price.basis`" in catalog.diagnostics[0].message.en


# -- export-ready on the sample ---------------------------------------------------------------
def test_the_sample_badge_count_and_what_each_product_lacks():
    catalog = load_catalog(REPO / "products", today=TODAY)
    active = [e for e in catalog.products.values() if e.model.status == "active"]
    ready = sorted(e.key for e in active if not catalog.export_ready_gaps(e))
    # before issue 18: 17 of 18 active products carried the badge
    assert (len(ready), len(active)) == (5, 18)
    assert ready == [
        "koperasi-kakao-wundulako/biji-kakao-fermentasi",
        "kopi-bambapuang-enrekang/kopi-arabika-kalosi-sangrai",
        "kopindo-tanggulangin/dompet-kulit-lipat",
        "ksu-wolio-bahari/rumput-laut-cottonii-kering",
        "ud-mete-raha/mete-kupas-w320",
    ]
    gaps = {e.key: catalog.export_ready_gaps(e) for e in active}
    # the hotel snacks: delivered (DAP) in rupiah, no export packing
    assert gaps["kopwan-mitra-surabaya/kue-lidah-kucing-sachet"] == [
        "price_currency",
        "export_packing",
    ]
    # shoes offered ex works only
    assert "incoterm" in gaps["sepatu-kulit-wedoro/sepatu-pantofel-pria"]
    # the bag has export packing and FOB, but a rupiah price list
    assert gaps["kopindo-tanggulangin/tas-jinjing-kulit-sapi"] == ["price_currency"]


def test_the_staff_report_says_what_each_product_misses():
    run = subprocess.run(
        [sys.executable, "-m", "catalog", "report", "--products", str(REPO / "products"),
         "--no-previous", "--today", TODAY.isoformat(), "--format", "json"],
        capture_output=True, text=True, cwd=REPO, check=True,
    )  # fmt: skip
    rows = {
        p["id"]: p for s in json.loads(run.stdout)["readiness"]["suppliers"] for p in s["products"]
    }
    shoes = rows["sepatu-kulit-wedoro/sepatu-pantofel-pria"]
    assert shoes["export_ready"] is False
    blocking = [g["code"] for g in shoes["gaps"] if g["blocks_badge"]]
    assert blocking == ["incoterm", "price_currency", "export_packing"]
    assert rows["ud-mete-raha/mete-kupas-w320"]["export_ready"] is True
    text = subprocess.run(
        [sys.executable, "-m", "catalog", "report", "--products", str(REPO / "products"),
         "--no-previous", "--today", TODAY.isoformat()],
        capture_output=True, text=True, cwd=REPO, check=True,
    ).stdout  # fmt: skip
    row = next(line for line in text.splitlines() if line.split()[:1] == ["sepatu-pantofel-pria"])
    assert "Incoterm ekspor" in row and "kemasan ekspor (`export_packing`" in row
    assert "bukan rupiah" in row


# -- the placeholder trading house ------------------------------------------------------------
def test_the_sample_config_holds_the_placeholder_the_check_knows():
    raw = yaml.safe_load((SITE_PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert raw["extra"]["trading_house"] == SAMPLE_HOUSE


def test_placeholder_warning_names_the_file_the_key_and_the_fix():
    text = (SITE_PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    d = placeholder_warning("mkdocs.yml", SAMPLE_HOUSE, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip() == "trading_house:")
    assert (d.code, d.severity.value, d.path, d.line) == ("C501", "warning", "mkdocs.yml", line)
    assert "`extra.trading_house`" in d.message.id and "name, whatsapp, email" in d.message.en
    assert "mkdocs.yml" in d.hint.id and "ganti" in d.hint.id
    # one sample value left is still worth a warning; none left, no warning
    own = {"name": "Rumah Dagang Sultra", "whatsapp": "+6281398765432", "email": "a@b.id"}
    assert placeholder_warning("mkdocs.yml", {**own, "email": SAMPLE_HOUSE["email"]}, text)
    assert placeholder_warning("mkdocs.yml", own, text) is None


def test_the_plugin_logs_the_warning_where_strict_mode_does_not_count_it(tmp_path, caplog):
    from catalog.mkdocs.plugin import CatalogPlugin

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text((SITE_PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    raw = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugin = CatalogPlugin()
    config = SimpleNamespace(config_file_path=str(config_file), extra=raw["extra"])
    with caplog.at_level(logging.INFO):
        plugin._warn_placeholder_house(config)
    lines = [r.getMessage() for r in caplog.records]
    assert all(r.levelno == logging.INFO for r in caplog.records)  # strict counts WARNING
    assert "warning[C501]" in lines[0] and "masih berisi contoh" in lines[0]  # Indonesian first
    assert any("still holds the sample's values" in line for line in lines[2:])
    assert any("saran: ganti" in line for line in lines)
    caplog.clear()
    config.extra = {
        **raw["extra"],
        "trading_house": {
            "name": "Rumah Dagang Sultra",
            "whatsapp": "+6281398765432",
            "email": "a@b.id",
        },
    }
    with caplog.at_level(logging.INFO):
        plugin._warn_placeholder_house(config)
    assert caplog.records == []


def test_the_sample_build_warns_and_still_builds_in_strict_mode(built_site):
    output = built_site.run.output
    assert built_site.run.returncode == 0
    assert "warning[C501]" in output and "mkdocs.yml" in output
    assert "WARNING" not in output  # nothing strict mode would count


# -- the product page -------------------------------------------------------------------------
CASHEW = "products/ud-mete-raha/mete-kupas-w320/"


def _facts(soup) -> dict[str, str]:
    return {
        row["data-fact"]: " ".join(row.td.get_text(" ").split())
        for row in soup.select("table.cat-facts tr[data-fact]")
    }


@pytest.mark.parametrize(
    "lang, basis, payment, packing, rows",
    [
        (
            "id",
            "FOB Bungkutoko, Kendari (Incoterms® 2020)",
            "L/C atas unjuk (at sight)",
            "22,68 kg per karton · 48 × 33 × 31 cm · 24 kg bruto",
            [("volume", "574", "13.018,32 kg", "volume"), ("weight", "1.104", "25.038,72 kg", "berat")],
        ),
        (
            "en",
            "FOB Bungkutoko, Kendari (Incoterms® 2020)",
            "L/C at sight",
            "22.68 kg per carton · 48 × 33 × 31 cm · 24 kg gross",
            [("volume", "574", "13,018.32 kg", "volume"), ("weight", "1,104", "25,038.72 kg", "weight")],
        ),
    ],
)  # fmt: skip
def test_the_product_page_shows_the_export_facts(built_site, lang, basis, payment, packing, rows):
    soup = built_site.html(("en/" if lang == "en" else "") + CASHEW)
    facts = _facts(soup)
    assert facts["price_basis"] == basis
    assert payment in facts["payment_terms"]
    assert facts["export_packing"] == packing
    table = soup.select("section.cat-export table tbody tr")
    assert [
        (tr["data-binding"], *(" ".join(td.get_text().split()) for td in tr.select("td")))
        for tr in table
    ] == [(b, cartons, units, limit) for b, cartons, units, limit in rows]
    quote = json.loads(soup.select_one(".cat-quote-add")["data-quote"])
    assert quote["packing"] == {"units_per_carton": 22.68, "carton_m3": 0.0491, "carton_kg": 24}
    config = json.loads(soup.select_one("#cat-i18n").string)
    assert config["containers"] == {
        "container20": {"volume_m3": 28.22, "payload_kg": 25000},
        "container40": {"volume_m3": 57.545, "payload_kg": 26500},
    }


def test_a_product_without_export_packing_has_no_table_and_a_null_packing(built_site):
    soup = built_site.html("products/kopwan-mitra-surabaya/kue-lidah-kucing-sachet/")
    assert soup.select("section.cat-export") == []
    assert json.loads(soup.select_one(".cat-quote-add")["data-quote"])["packing"] is None
    assert _facts(soup)["price_basis"] == "DAP Surabaya (Incoterms® 2020)"
    assert soup.select(".cat-badge--export") == []


def test_fob_without_a_place_names_the_port_of_loading():
    from catalog.site import views

    catalog = load_catalog(REPO / "products", today=TODAY)
    m = catalog.products["kopindo-tanggulangin/dompet-kulit-lipat"].model
    bare = m.model_copy(update={"price": m.price.model_copy(update={"place": None})})
    shown = views.price_basis(bare, "en")
    port = (vocab.port_name("IDSUB") if hasattr(vocab, "port_name") else None) or "IDSUB"
    assert shown == f"FOB {port} (Incoterms® 2020)"
    # CFR names the port of destination, which the buyer chooses, never the port of loading
    cfr = bare.model_copy(update={"price": bare.price.model_copy(update={"basis": "CFR"})})
    assert views.price_basis(cfr, "en") == "CFR destination port on request (Incoterms® 2020)"


# -- in a browser: 360 and 1280 px, both languages ---------------------------------------------
SHOTS = Path("/tmp/shots-C2")


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_container_table_fits_the_screen(web, width, prefix):
    page = web.page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(web.site.url(prefix + CASHEW))
    section = page.locator("section.cat-export")
    section.scroll_into_view_if_needed()
    assert section.is_visible()
    box = section.locator("table").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cartons = section.locator("tbody tr").first.locator("td").first.inner_text()
    assert cartons == "574"
    SHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SHOTS / f"export-{prefix.strip('/') or 'id'}-{width}.png"))
    page.screenshot(
        path=str(SHOTS / f"page-{prefix.strip('/') or 'id'}-{width}.png"), full_page=True
    )

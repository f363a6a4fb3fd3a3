"""Services as entries, government buyers' fields (issue 21): validation of every new
field and rule, at the line, in both languages."""

from __future__ import annotations

import shutil

import pytest

from catalog.core.catalogue import load_catalog
from conftest import REPO, TODAY, Catalogue, errors, where

SERVICE = "laundri-linen.yaml"
LAUNDRY = """\
kind: service
name: {id: Laundri Linen Hotel, en: Hotel Linen Laundry}
description: {id: Cuci linen hotel., en: Hotel linen washing.}
service: laundry
images:
  - file: photos/tas-jinjing-1.jpg
    alt: {id: Foto pengganti, en: Stand-in photo}
areas: ["35.78", "35.15"]
capacity: {quantity: 300, unit: kg, per: day}
turnaround: {min: 1, max: 2, unit: day}
price: {currency: IDR, amount: 9500, unit: kg, valid_until: 2027-06-30}
"""


@pytest.fixture
def service(catalogue: Catalogue) -> Catalogue:
    catalogue.write(SERVICE, LAUNDRY)
    return catalogue


def test_a_valid_service_is_loaded_beside_the_products(service: Catalogue) -> None:
    catalog = service.load()
    assert errors(catalog) == []
    entry = catalog.services["kopindo-tanggulangin/laundri-linen"]
    assert "kopindo-tanggulangin/laundri-linen" not in catalog.products
    assert [r.name for r in entry.areas] == ["Kota Surabaya", "Kabupaten Sidoarjo"]
    assert [s.key for s in catalog.services_serving("35.15")] == [entry.key]
    assert catalog.services_serving("35.01") == []
    assert catalog.regency_of(entry).name == "Kabupaten Sidoarjo"  # the supplier's own
    assert catalog.local_ready_gaps(entry) == []


@pytest.mark.parametrize(
    "old, new, code, field",
    [
        ('areas: ["35.78", "35.15"]', 'areas: ["35.78", "35.99"]', "S207", '"35.99"'),
        ('areas: ["35.78", "35.15"]', "areas: [35.78]", "S203", "35.78"),
        ("unit: kg, per: day", "unit: portion, per: day", "R340", "unit: portion"),
        ("unit: kg, per: day", "unit: kg, per: year", "S204", "per: year"),
        ("amount: 9500, unit: kg", "amount: 9500, unit: sheet", "R340", "price:"),
        ("service: laundry", "service: laundri", "S204", "service: laundri"),
        ("{min: 1, max: 2, unit: day}", "{min: 3, max: 2, unit: day}", "R348", "turnaround:"),
    ],
)
def test_service_fields_are_validated_at_their_line(
    service: Catalogue, old: str, new: str, code: str, field: str
) -> None:
    service.edit(SERVICE, old, new)
    found = where(errors(service.load()))
    line, _ = service.position(SERVICE, field)
    assert [(c, p, n) for c, p, n, _ in found] == [(code, service.shown(SERVICE), line)]


def test_a_region_code_typo_in_areas_suggests_the_code(service: Catalogue) -> None:
    service.edit(SERVICE, '"35.15"]', '"35.1"]')
    [d] = errors(service.load())
    assert d.code == "S207" and "Kemendagri" in d.hint.id and "Kemendagri" in d.hint.en


def test_a_product_file_with_service_fields_says_kind_service(service: Catalogue) -> None:
    service.edit(SERVICE, "kind: service\n", "")
    found = errors(service.load())
    misfiled = [d for d in found if d.code == "R341"]
    assert {d.line for d in misfiled} == {
        service.position(SERVICE, f)[0] for f in ("service:", "areas:", "capacity:", "turnaround:")
    }
    assert "kind: service" in misfiled[0].hint.id and "kind: service" in misfiled[0].hint.en
    assert misfiled[0].message.id.startswith("`service` adalah kolom jasa")
    # no vaguer "unknown field" beside at the same keys
    assert not [d for d in found if d.code == "S201" and d.line in {m.line for m in misfiled}]


def test_a_service_file_with_product_fields_is_refused_at_the_line(service: Catalogue) -> None:
    service.edit(SERVICE, "service: laundry\n", "service: laundry\nmoq: {quantity: 5, unit: kg}\n")
    [d] = errors(service.load())
    assert (d.code, d.line) == ("R342", service.position(SERVICE, "moq:")[0])
    assert "`min_order`" in d.hint.id and "`min_order`" in d.hint.en
    assert "kind: service" in d.hint.en


def test_price_on_request_or_complete(service: Catalogue) -> None:
    service.edit(
        SERVICE, "price: {currency: IDR, amount: 9500,", "price: {on_request: true, amount: 9500,"
    )
    assert {d.code for d in errors(service.load())} == {"R347"}
    service.edit(SERVICE, "on_request: true, amount: 9500, unit: kg, ", "")
    found = errors(service.load())
    assert sorted((d.code, d.message.en) for d in found) == [
        ("S202", "required field `price.amount` is missing"),
        ("S202", "required field `price.currency` is missing"),
        ("S202", "required field `price.unit` is missing"),
    ]


@pytest.mark.parametrize(
    "number, percentage, code",
    [
        ("1234/SJ-IND.8/TKDN/5/2026", "43.27", None),
        ("1234/SJ-IND.8/TKDN/2026", "100", None),
        ("TKDN-2026", "43.27", "S205"),  # not a Kemenperin number
        ("1234/SJ-IND.8/TKDN/5/2026", "43.275", "S205"),  # three decimals
        ("1234/SJ-IND.8/TKDN/5/2026", "101", "S203"),  # over 100 %
        ("1234/SJ-IND.8/TKDN/5/2026", None, "R345"),  # percentage required
    ],
)
def test_tkdn_certificate(service: Catalogue, number: str, percentage, code) -> None:
    extra = f", percentage: {percentage}" if percentage is not None else ""
    service.write(
        SERVICE, LAUNDRY + f"certifications:\n  - {{type: tkdn, number: {number}{extra}}}\n"
    )
    found = errors(service.load())
    assert [d.code for d in found] == ([code] if code else [])
    if code:
        assert found[0].line == service.position(SERVICE, "type: tkdn")[0]


def test_percentage_is_only_for_tkdn(catalogue: Catalogue) -> None:
    catalogue.edit("supplier.yaml", "name:", "name:")  # unchanged supplier
    text = catalogue.text("tas-jinjing-kulit-sapi.yaml")
    catalogue.write(
        "tas-jinjing-kulit-sapi.yaml",
        text + "certifications:\n  - {type: sni, number: SNI 0001:2019, percentage: 40}\n"
        if "certifications:" not in text
        else text,
    )
    found = errors(catalogue.load())
    assert [d.code for d in found] == ["R346"]


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://katalog.inaproc.id/konveksi/seragam-sd", True),
        ("https://e-katalog.lkpp.go.id/katalog/produk/detail/12345", True),
        ("http://katalog.inaproc.id/konveksi/seragam-sd", False),
        ("https://katalog.inaproc.id.example.com/x", False),
        ("https://tokopedia.com/konveksi", False),
    ],
)
def test_ekatalog_link_on_lkpp_hosts_only(catalogue: Catalogue, url: str, ok: bool) -> None:
    name = "tas-jinjing-kulit-sapi.yaml"
    catalogue.write(name, catalogue.text(name) + f"ekatalog_url: {url}\n")
    found = errors(catalogue.load())
    if ok:
        assert found == []
        assert (
            catalogue.load()
            .products["kopindo-tanggulangin/tas-jinjing-kulit-sapi"]
            .model.ekatalog_url
            == url
        )
    else:
        assert [(d.code, d.line) for d in found] == [
            ("S205", catalogue.position(name, "ekatalog_url")[0])
        ]
        assert "katalog.inaproc.id" in found[0].hint.id and "e-Katalog" in found[0].hint.en


def test_catering_without_halal_is_a_readiness_gap_not_an_error(service: Catalogue) -> None:
    service.write(
        SERVICE,
        LAUNDRY.replace("service: laundry", "service: catering")
        .replace("unit: kg, per: day", "unit: portion, per: day")
        .replace("amount: 9500, unit: kg", "amount: 25000, unit: portion"),
    )
    catalog = service.load()
    assert errors(catalog) == []
    entry = catalog.services["kopindo-tanggulangin/laundri-linen"]
    assert catalog.local_ready_gaps(entry) == ["certificates"]


def test_sample_services(tmp_path) -> None:
    shutil.copytree(REPO / "products", tmp_path / "products")
    catalog = load_catalog(tmp_path / "products", today=TODAY)
    assert errors(catalog) == []
    serving_surabaya = {s.model.service for s in catalog.services_serving("35.78")}
    assert serving_surabaya == {"laundry", "catering", "tailoring"}
    tailor = catalog.services["konveksi-seragam-gedangan/jahit-seragam-sekolah"].model
    [tkdn] = [c for c in tailor.certifications if c.type == "tkdn"]
    assert tkdn.percentage == 43.27 and tailor.ekatalog_url.startswith(
        "https://katalog.inaproc.id/"
    )

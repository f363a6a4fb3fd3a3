"""`catalog intake` for the *Ajukan layanan / Submit a service* form (issue 21).

A UMKM lists a service (laundry, catering, uniform tailoring…) from a phone: the body is
rendered by ``issue_form.render_body(values, "service")`` exactly as GitHub writes it,
intake recognises the form, reads what people type (``150 kg per hari``, ``1-2 hari``,
``Rp 8.000 per kg``, ``43,27%``, ``Kota Surabaya, Kab. Sidoarjo``) and writes a
``kind: service`` file that passes ``catalog validate``; every problem names the field.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalog.core import issue_form, vocab
from catalog.core.catalogue import load_catalog
from catalog.intake import intake
from catalog.intake.messages import as_json, comment

from conftest import EXAMPLE, REPO, copy_example

PHOTOS = REPO / "tests" / "fixtures" / "photos"
TODAY = dt.date(2026, 12, 7)
FIELDS = issue_form.by_id("service")


def option(field_id: str, value: str) -> str:
    return next(o.text for o in FIELDS[field_id].options if o.value == value)


def label(field_id: str) -> str:
    return issue_form.shown_label(FIELDS[field_id])


def laundry_values(**changes) -> dict:
    values = {
        "supplier_name": "Laundri Kopwan Ketintang",
        "supplier_nib": "9120 3012 3488 2",
        "supplier_whatsapp": "0813-3000-4455",
        "supplier_type": option("supplier_type", "koperasi"),
        "supplier_scale": option("supplier_scale", "mikro"),
        "supplier_province": "Jawa Timur",
        "supplier_regency": "Kota Surabaya",
        "supplier_description_id": "Koperasi wanita yang mencuci linen hotel di Surabaya.",
        "supplier_description_en": "A women's cooperative washing hotel linen in Surabaya.",
        "name_id": "Cuci Linen Hotel Kiloan",
        "name_en": "Hotel Linen Laundry by the Kilo",
        "service": option("service", "laundry"),
        "description_id": "Sprei dan handuk dijemput pagi, diantar besok.",
        "description_en": "Sheets and towels picked up in the morning, back the next day.",
        "photos": "![IMG_2001](https://github.com/user-attachments/assets/cccc-3333)",
        "areas": "Kota Surabaya, Kab. Sidoarjo",
        "capacity": "150 kg per hari",
        "min_order": "10 kg",
        "turnaround": "1-2 hari",
        "price": "Rp 8.000 per kg",
        "price_valid_until": "30-06-2027",
        "buyer_segments": [option("buyer_segments", "hotel_restaurant")],
        "keywords": "laundri hotel, linen",
        "tkdn_number": "1234/SJ-IND.8/TKDN/5/2026",
        "tkdn_percentage": "43,27%",
        "tkdn_valid_until": "31-05-2029",
        "confirm": {o.text for o in FIELDS["confirm"].options},
    }
    values.update(changes)
    return values


@pytest.fixture
def products(tmp_path: Path) -> Path:
    root = tmp_path / "products"
    copy_example(root)
    return root


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copyfile(PHOTOS / "coffee-1800x1200.jpg", folder / "cccc-3333")
    return folder


def run(values: dict, products: Path, photos: Path, issue: int = 31):
    body = issue_form.render_body(values, "service")
    return intake(body, products, photos, issue=issue, today=TODAY)


def problems_of(result) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in result.problems:
        out.setdefault(p.field, []).append(f"{p.text.id} | {p.text.en}")
    return out


# -- the form ---------------------------------------------------------------------------
def test_both_issue_forms_are_generated_from_the_model():
    for kind in issue_form.FORM_KINDS:
        path = REPO / ".github" / "ISSUE_TEMPLATE" / issue_form.TEMPLATES[kind]
        assert path.read_text(encoding="utf-8") == issue_form.form_yaml(kind), (
            f"run `catalog issue-form` and commit {path.relative_to(REPO)}"
        )
    service = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/submit-service.yml").read_text())
    product = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/submit-product.yml").read_text())
    assert service["name"] == "Ajukan layanan / Submit a service"
    assert service["labels"] == ["layanan-baru"] and product["labels"] == ["produk-baru"]
    items = {i["id"]: i for i in service["body"] if "id" in i}
    # the service types are the vocabulary's, in order
    assert [
        FIELDS["service"].option_value(t) for t in items["service"]["attributes"]["options"]
    ] == list(vocab.services())
    # the supplier section is the product form's, item for item
    supplier = [i for i in service["body"] if i.get("id", "").startswith("supplier_")]
    assert supplier and supplier == [
        i for i in product["body"] if i.get("id", "").startswith("supplier_")
    ]
    required = {i for i, item in items.items() if item.get("validations", {}).get("required")}
    assert {"service", "areas", "capacity", "turnaround", "photos", "name_id"} <= required
    assert "category" not in items and "moq" not in items


def test_issue_form_command_writes_and_checks_both_forms(tmp_path):
    def catalog(*args):
        return subprocess.run(
            [sys.executable, "-m", "catalog", *args], cwd=REPO, capture_output=True, text=True
        )

    out = tmp_path / "forms"
    assert catalog("issue-form", "-o", str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["submit-product.yml", "submit-service.yml"]
    assert catalog("issue-form", "-o", str(out), "--check").returncode == 0
    service = out / "submit-service.yml"
    service.write_text(service.read_text() + "# edited\n")
    checked = catalog("issue-form", "-o", str(out), "--check")
    assert checked.returncode == 2 and "submit-service.yml" in checked.stderr


# -- a filled form becomes a valid service file -------------------------------------------
def test_filled_service_form_becomes_a_valid_service_file(products, photos):
    result = run(laundry_values(), products, photos)
    assert result.ok, problems_of(result)
    (entry,) = [p for p in result.files if p.suffix == ".yaml" and p.name != "supplier.yaml"]
    data = yaml.safe_load(entry.read_text())
    assert data["kind"] == "service" and data["service"] == "laundry"
    assert data["areas"] == ["35.78", "35.15"]
    assert data["capacity"] == {"quantity": 150, "unit": "kg", "per": "day"}
    assert data["min_order"] == {"quantity": 10, "unit": "kg"}
    assert data["turnaround"] == {"min": 1, "max": 2, "unit": "day"}
    assert data["price"] == {
        "currency": "IDR",
        "amount": 8000,
        "unit": "kg",
        "valid_until": dt.date(2027, 6, 30),
    }
    (tkdn,) = data["certifications"]
    assert tkdn["type"] == "tkdn" and tkdn["percentage"] == 43.27
    assert "service.schema.json" in entry.read_text().splitlines()[0]
    errors = [d for d in load_catalog(products, today=TODAY).diagnostics if d.is_error]
    assert errors == []
    out = as_json(result, products)
    assert out["kind"] == "service" and out["labels"][0] == "layanan-baru"
    assert out["pr_title"].startswith("Jasa baru: Cuci Linen Hotel Kiloan")


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("capacity", "150 kg/hari", {"quantity": 150, "unit": "kg", "per": "day"}),
        ("capacity", "1.200 buah per minggu", {"quantity": 1200, "unit": "piece", "per": "week"}),
        ("turnaround", "24 jam", {"min": 24, "max": 24, "unit": "hour"}),
        ("turnaround", "2 sampai 3 hari", {"min": 2, "max": 3, "unit": "day"}),
        ("price", "Rp 8.500/kg", {"amount": 8500, "unit": "kg", "currency": "IDR"}),
        ("price", "8,5rb per kg", {"amount": 8500, "unit": "kg", "currency": "IDR"}),
        ("price", "", {"on_request": True}),
        ("tkdn_percentage", "40 %", 40),
    ],
)
def test_indonesian_typing_is_read(products, photos, field, typed, expected):
    changes = {field: typed}
    if field == "price" and not typed:
        changes["price_valid_until"] = ""
    result = run(laundry_values(**changes), products, photos)
    assert result.ok, problems_of(result)
    data = result.draft.product
    if field == "tkdn_percentage":
        assert data["certifications"][0]["percentage"] == expected
    elif field == "price":
        assert {k: data["price"][k] for k in expected} == expected
    else:
        assert data[field] == expected


def test_unknown_regency_is_refused_with_close_names(products, photos):
    result = run(laundry_values(areas="Kota Surabaya, Kab. Sidoarjoo"), products, photos)
    assert not result.ok and result.files == []
    (text,) = problems_of(result)["areas"]
    assert "Sidoarjoo" in text and "Kabupaten Sidoarjo" in text
    assert text.index("tidak ditemukan") < text.index("not found")  # Indonesian first
    text = comment(result)
    assert "kota yang dilayani**: kabupaten" in text and "Sidoarjoo" in text
    assert "**Regencies and cities served**: regency or city" in text
    assert not any(p.name != "supplier.yaml" for p in products.glob("laundri-kopwan*/*"))


def test_service_unit_not_allowed_for_the_service_is_refused_naming_the_field(products, photos):
    result = run(
        laundry_values(capacity="300 porsi per hari", price="Rp 8.000 per porsi"),
        products,
        photos,
    )
    assert not result.ok
    problems = problems_of(result)
    assert set(problems) == {"capacity", "price"}
    (capacity,) = problems["capacity"]
    assert "porsi" in capacity and "Laundri" in capacity and "kg atau buah" in capacity
    assert "not used for the service Laundry" in capacity
    text = comment(result)
    assert "**Kapasitas per hari" in text and "week or month**: the unit" in text


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("capacity", "banyak", "150 kg per hari"),
        ("turnaround", "cepat", "24 jam"),
        ("tkdn_percentage", "143%", "0-100"),
        ("price", "Rp 8,000 per kg", "50.000"),
    ],
)
def test_unreadable_service_fields_are_problems_of_their_field(
    products, photos, field, typed, words
):
    result = run(laundry_values(**{field: typed}), products, photos)
    assert not result.ok and result.files == []
    assert field in problems_of(result), problems_of(result)
    assert words in " ".join(problems_of(result)[field])


def test_validation_problems_of_a_service_map_to_form_fields(products, photos):
    """Left to `catalog validate`: a TKDN number in the wrong format is refused at the
    TKDN number field, an e-Katalog link elsewhere at its field."""
    for field, typed in (("tkdn_number", "TKDN 43"), ("ekatalog_url", "https://example.com/x")):
        result = run(laundry_values(**{field: typed}), products, photos)
        assert not result.ok and result.files == []
        assert set(problems_of(result)) == {field}, problems_of(result)
        assert typed in problems_of(result)[field][0]


def test_product_bodies_are_still_read_as_products(products, photos):
    assert issue_form.detect(issue_form.render_body({}, "service")) == "service"
    assert issue_form.detect(issue_form.render_body({})) == "product"
    assert issue_form.detect("", labels=["layanan-baru"]) == "service"


def test_existing_supplier_adds_a_service(products, photos):
    existing = yaml.safe_load((EXAMPLE / "supplier.yaml").read_text())
    result = run(
        laundry_values(
            supplier_nib=str(existing["nib"]),
            supplier_name=existing["name"],
            name_id="Sablon Kaos Seragam",
            service=option("service", "printing"),
            capacity="500 lembar per minggu",
            min_order="",
            price="",
            price_valid_until="",
            areas="Sidoarjo",
        ),
        products,
        photos,
    )
    assert result.ok, problems_of(result)
    assert [p.name for p in result.files if p.suffix == ".yaml"] == ["sablon-kaos-seragam.yaml"]
    assert result.draft.product["price"] == {"on_request": True}

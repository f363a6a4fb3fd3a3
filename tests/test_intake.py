"""`catalog intake`: an issue-form body, as GitHub renders it, becomes valid entry files.

Bodies are made by ``issue_form.render_body`` from the same field definitions as the
generated form (``### Label``, blank line, value or ``_No response_``, ``- [X]``
checkboxes, attachments as Markdown images or ``<img>`` tags). Photos are real JPEGs
(one rotated, with GPS), served from 127.0.0.1 for the download tests. Written files
are loaded with ``catalog validate``'s own code; every bad input must come back as a
problem naming the form field by its label, with nothing written.
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import re
import shutil
import struct
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops, ImageOps, ImageStat

from catalog.core import issue_form
from catalog.core.catalogue import load_catalog
from catalog.intake import intake
from catalog.intake.body import attachments, parse
from catalog.intake.fetch import Policy
from catalog.intake.messages import as_json, comment, md_text, pr_body
from catalog.intake.numbers import Unreadable, as_plain, read_number
from catalog.core.photo_privacy import has_location

from conftest import EXAMPLE, REPO, SUPPLIER_ID, copy_example

PHOTOS = REPO / "tests" / "fixtures" / "photos"
GPS_PHOTO = PHOTOS / "phone-4000x3000-rotated-gps.jpg"
TODAY = dt.date(2026, 12, 7)
FIELDS = issue_form.by_id()
EXISTING_NIB = str(yaml.safe_load((EXAMPLE / "supplier.yaml").read_text())["nib"])
EXISTING_NAME = str(yaml.safe_load((EXAMPLE / "supplier.yaml").read_text())["name"])


def option(field_id: str, value: str) -> str:
    return next(o.text for o in FIELDS[field_id].options if o.value == value)


def label(field_id: str) -> str:
    return issue_form.shown_label(FIELDS[field_id])


def new_supplier_values(**changes) -> dict:
    values = {
        "supplier_name": "Koperasi Perajin Dompet Wedoro",
        "supplier_nib": "9120 3012 3499 1",
        "supplier_whatsapp": "0812-3456-7890",
        "supplier_type": option("supplier_type", "koperasi"),
        "supplier_scale": option("supplier_scale", "mikro"),
        "supplier_province": "Jawa Timur",
        "supplier_regency": "Kab. Sidoarjo",
        "supplier_description_id": "Perajin dompet kulit di Wedoro.",
        "supplier_description_en": "Leather wallet makers in Wedoro.",
        "name_id": "Dompet Kulit Lipat Pria",
        "name_en": "Men's Bifold Leather Wallet",
        "category": option("category", "aksesori-kulit"),
        "description_id": "Dompet kulit sapi.\n\nDijahit tangan.",
        "description_en": "Cowhide wallet.\n\nHand-stitched.",
        "photos": (
            "![IMG_1234](https://github.com/user-attachments/assets/aaaa-1111)\n"
            '<img width="1800" height="1200" alt="IMG_1235" '
            'src="https://github.com/user-attachments/assets/bbbb-2222" />'
        ),
        "photo_captions": "Dompet tampak depan / Wallet, front\nDompet terbuka",
        "moq": "100",
        "unit": option("unit", "piece"),
        "capacity": "2.000",
        "lead_time": "14-30 hari",
        "price": "Rp 50.000",
        "price_valid_until": "30-06-2027",
        "size": "11 x 9 x 2",
        "net_weight": "0,1 kg",
        "packaging": "Kotak karton / Carton box",
        "material": "Kulit sapi / Cowhide",
        "samples": option("samples", "paid"),
        "oem": option("oem", "ya"),
        "customization": "Logo emboss / Embossed logo",
        "buyer_segments": [option("buyer_segments", "export"), option("buyer_segments", "retail")],
        "export_markets": "JP, Malaysia",
        "hs_code": "420231",
        "keywords": "dompet pria, leather wallet",
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
    """The attachments as the workflow stores them: under the URL's last part."""
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copyfile(GPS_PHOTO, folder / "aaaa-1111")
    shutil.copyfile(PHOTOS / "coffee-1800x1200.jpg", folder / "bbbb-2222")
    return folder


def run(values: dict, products: Path, photos: Path | None, issue: int | None = 12, **kw):
    return intake(issue_form.render_body(values), products, photos, issue=issue, today=TODAY, **kw)


def validate(products: Path):
    catalog = load_catalog(products, today=TODAY)
    return [d for d in catalog.diagnostics if d.is_error]


# -- the form and the body -----------------------------------------------------------------
def test_issue_form_file_is_generated_from_the_model():
    path = REPO / ".github" / "ISSUE_TEMPLATE" / issue_form.TEMPLATE
    assert path.read_text(encoding="utf-8") == issue_form.form_yaml(), (
        "run `catalog issue-form` and commit .github/ISSUE_TEMPLATE/submit-product.yml"
    )
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = {i["id"]: i for i in form["body"] if "id" in i}
    from catalog.core import vocab

    assert [
        FIELDS["category"].option_value(t) for t in items["category"]["attributes"]["options"]
    ] == list(vocab.categories())
    assert [FIELDS["unit"].option_value(t) for t in items["unit"]["attributes"]["options"]] == list(
        vocab.units()
    )
    assert len(items["supplier_province"]["attributes"]["options"]) == 38
    required = {i for i, item in items.items() if item.get("validations", {}).get("required")}
    assert {
        "supplier_name",
        "supplier_nib",
        "name_id",
        "description_id",
        "category",
        "photos",
        "moq",
        "unit",
        "lead_time",
    } == required
    assert form["labels"] == [issue_form.LABEL]
    # the export facts are asked for, optional, with the payment terms' vocabulary
    for field_id in ("packing_units", "packing_size", "packing_gross", "price_place"):
        assert items[field_id]["type"] == "input" and "validations" not in items[field_id]
    terms = items["payment_terms"]
    assert terms["type"] == "dropdown" and terms["attributes"]["multiple"] is True
    assert [FIELDS["payment_terms"].option_value(t) for t in terms["attributes"]["options"]] == (
        list(vocab.payment_terms())
    )
    assert terms["attributes"]["label"].startswith("Cara pembayaran")


def test_multiple_choices_joined_by_github_are_read_back_whole(products, photos):
    """GitHub joins a multiple dropdown's choices with ", ", and some payment terms hold
    ", " themselves ("T/T uang muka, pelunasan sebelum pengapalan"): every choice, alone
    or all together, must come back as itself."""
    from catalog.core import vocab

    every = [o.text for o in FIELDS["payment_terms"].options]
    result = run(new_supplier_values(payment_terms=every), products, photos)
    assert result.ok, result.problems
    assert result.draft.product["payment_terms"] == list(vocab.payment_terms())
    for issue, text in enumerate(every, start=100):
        one = run(new_supplier_values(payment_terms=[text]), products, photos, issue=issue)
        assert one.draft.product["payment_terms"] == [FIELDS["payment_terms"].option_value(text)]


def test_body_round_trip_keeps_every_value():
    values = new_supplier_values(
        description_id="Baris satu\n### Bukan label\n\nBaris tiga", packaging=""
    )
    form = parse(issue_form.render_body(values))
    assert form.get("description_id") == "Baris satu\n### Bukan label\n\nBaris tiga"
    assert form.get("packaging") == ""  # _No response_
    assert form.get("buyer_segments") == ", ".join(values["buyer_segments"])
    assert form.ticked["confirm"] == values["confirm"]
    found = attachments(form.get("photos"))
    assert [(a.key, a.name) for a in found] == [
        ("aaaa-1111", "IMG_1234"),
        ("bbbb-2222", "IMG_1235"),
    ]


def test_windows_line_breaks_and_unticked_boxes():
    body = issue_form.render_body(new_supplier_values(confirm=set())).replace("\n", "\r\n")
    form = parse(body)
    assert form.get("name_id") == "Dompet Kulit Lipat Pria"
    assert form.ticked["confirm"] == set()


@pytest.mark.parametrize(
    "case",
    json.loads((REPO / "tests/fixtures/indonesian_numbers.json").read_text())["cases"],
    ids=lambda c: repr(c["text"]),
)
def test_indonesian_numbers(case):
    if case["value"] is None:
        with pytest.raises(Unreadable):
            read_number(case["text"])
    else:
        reading = read_number(case["text"])
        assert (as_plain(reading.value), reading.currency) == (case["value"], case["currency"])


# -- a good submission ---------------------------------------------------------------------
def test_new_supplier_becomes_a_valid_folder_with_clean_photos(products, photos):
    result = run(new_supplier_values(), products, photos)
    assert result.ok, result.problems
    folder = products / "koperasi-perajin-dompet-wedoro"
    assert sorted(p.relative_to(folder).as_posix() for p in result.files) == [
        "dompet-kulit-lipat-pria.yaml",
        "photos/dompet-kulit-lipat-pria-1.jpg",
        "photos/dompet-kulit-lipat-pria-2.jpg",
        "supplier.yaml",
    ]
    assert validate(products) == []
    product = yaml.safe_load((folder / "dompet-kulit-lipat-pria.yaml").read_text())
    assert product["price"]["tiers"] == [{"min_qty": 100, "amount": 50000}]
    assert product["price"]["valid_until"] == dt.date(2027, 6, 30)
    assert product["capacity_per_month"] == {"quantity": 2000, "unit": "piece"}
    assert product["lead_time_days"] == {"min": 14, "max": 30}
    assert product["net_weight_g"] == 100 and product["size_cm"] == {
        "length": 11,
        "width": 9,
        "height": 2,
    }
    assert product["hs_code"] == "4202.31" and product["export_markets"] == ["JP", "MY"]
    assert product["buyer_segments"] == ["export", "retail"]
    assert product["samples"] == {"available": True, "free": False}
    assert product["customization"] == {
        "oem": True,
        "note": {"id": "Logo emboss", "en": "Embossed logo"},
    }
    assert product["images"][0]["alt"] == {"id": "Dompet tampak depan", "en": "Wallet, front"}
    assert product["images"][1]["alt"] == {"id": "Dompet terbuka"}
    supplier = yaml.safe_load((folder / "supplier.yaml").read_text())
    assert supplier["region"] == "35.15" and supplier["nib"] == "9120301234991"
    assert supplier["contact"] == {"whatsapp": "+6281234567890"}
    # the phone photo: upright, no EXIF/GPS, the same pixels within JPEG rounding
    written = folder / "photos" / "dompet-kulit-lipat-pria-1.jpg"
    assert not has_location(written)
    with Image.open(written) as out, Image.open(GPS_PHOTO) as src:
        assert out.size == (4000, 3000)
        assert len(out.getexif()) == 0 and "xmp" not in out.info and "comment" not in out.info
        diff = ImageChops.difference(
            ImageOps.exif_transpose(src).convert("RGB"), out.convert("RGB")
        )
        assert max(ImageStat.Stat(diff).mean) < 0.5


def test_existing_supplier_matched_by_nib_gets_only_the_product(products, photos):
    values = new_supplier_values(
        supplier_name=EXISTING_NAME,
        supplier_nib=EXISTING_NIB,
        supplier_type="",
        supplier_scale="",
        supplier_regency="",
        supplier_whatsapp="",
        supplier_description_id="",
    )
    before = sorted(p.name for p in (products / SUPPLIER_ID).iterdir())
    result = run(values, products, photos)
    assert result.ok, result.problems
    assert all(
        p.parent in (products / SUPPLIER_ID, products / SUPPLIER_ID / "photos")
        for p in result.files
    )
    assert "supplier.yaml" not in [p.name for p in result.files]
    assert (products / SUPPLIER_ID / "supplier.yaml").read_bytes() == (
        EXAMPLE / "supplier.yaml"
    ).read_bytes()
    assert len(list((products / SUPPLIER_ID).iterdir())) == len(before) + 1
    assert validate(products) == []
    body = pr_body(result, products)
    assert "Closes #12" in body and "[!WARNING]" in body  # staff confirm with the contact on file
    assert as_json(result, products)["labels"] == [issue_form.LABEL]


def test_nib_of_another_name_is_refused_for_staff(products, photos):
    values = new_supplier_values(supplier_nib=EXISTING_NIB)
    result = run(values, products, photos)
    assert not result.ok and result.files == []
    text = comment(result)
    assert md_text(label("supplier_nib").split(" / ")[0]) in text
    assert "products/" + SUPPLIER_ID in result.problems[0].text.id


def test_ids_avoid_existing_folders_and_files(products, photos):
    (products / "koperasi-perajin-dompet-wedoro").mkdir()  # another business's folder
    (products / "koperasi-perajin-dompet-wedoro" / "supplier.yaml").write_text(
        (EXAMPLE / "supplier.yaml").read_text().replace(EXISTING_NIB, "9120300000000")
    )
    result = run(new_supplier_values(), products, photos)
    assert result.ok, result.problems
    assert result.draft.supplier_id == "koperasi-perajin-dompet-wedoro-2"


def test_rerun_after_merge_is_refused(products, photos):
    assert run(new_supplier_values(), products, photos).ok
    again = run(new_supplier_values(), products, photos)
    assert not again.ok and again.files == []
    assert "sudah masuk katalog" in again.problems[0].text.id


# -- bad input: a problem at the field, nothing written ------------------------------------
def _png_claiming(width: int, height: int) -> bytes:
    """A small valid PNG whose header claims ``width`` × ``height`` (checked before decoding)."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


BAD = {
    "empty required fields": (
        dict(name_id="", moq="", lead_time=""),
        ["name_id", "moq", "lead_time"],
    ),
    "phone cut short": (dict(supplier_whatsapp="0812…"), ["supplier_whatsapp"]),
    "english thousands": (dict(price="50,000"), ["price"]),
    "dot decimal with rb": (dict(price="1.5jt"), ["price"]),
    "unknown regency": (dict(supplier_regency="Kota Atlantis"), ["supplier_regency"]),
    "ambiguous regency": (dict(supplier_regency="Malang"), ["supplier_regency"]),
    "no photo": (dict(photos="foto menyusul"), ["photos"]),
    "photos left empty": (dict(photos=""), ["photos"]),
    "thirty photos": (
        dict(
            photos="\n".join(
                f"![p{i}](https://github.com/user-attachments/assets/x{i})" for i in range(30)
            )
        ),
        ["photos"],
    ),
    "linked from elsewhere": (dict(photos="![x](https://evil.example/a.jpg)"), ["photos"]),
    "lead time words": (dict(lead_time="secepatnya"), ["lead_time"]),
    "capacity below moq": (dict(capacity="50"), ["capacity"]),
    "expired price": (dict(price_valid_until="01-01-2026"), ["price_valid_until"]),
    "category not an option": (dict(category="Senjata"), ["category"]),
    "food without certificates": (
        dict(category=option("category", "makanan-ringan"), hs_code=""),
        ["pirt_number", "halal_number"],
    ),
    "bad halal number": (
        dict(
            category=option("category", "makanan-ringan"),
            hs_code="",
            halal_number="12345",
            pirt_number="206351501234567",
        ),
        ["halal_number"],
    ),
    "no consent": (dict(confirm=set()), ["confirm"]),
    "no contact": (dict(supplier_whatsapp=""), ["supplier_whatsapp"]),
    "bad nib": (dict(supplier_nib="12345"), ["supplier_nib"]),
    "unknown country": (dict(export_markets="Jepang"), ["export_markets"]),
    "bad date": (
        dict(halal_number="ID35110012345670824", halal_valid_until="besok"),
        ["halal_valid_until"],
    ),
}


@pytest.mark.parametrize("changes, fields", list(BAD.values()), ids=list(BAD))
def test_bad_input_is_answered_at_its_field(changes, fields, products, photos):
    result = run(new_supplier_values(**changes), products, photos)
    assert not result.ok
    assert result.files == [] and sorted(p.name for p in products.iterdir()) == [SUPPLIER_ID]
    assert set(fields) <= {p.field for p in result.problems}, result.problems
    text = comment(result)
    for field_id in fields:  # Indonesian part above, English part below, as the form says
        id_label, en_label = FIELDS[field_id].label.split(" / ", 1)
        assert f"**{md_text(id_label)}**" in text.split("---")[0]
        assert f"**{md_text(en_label)}**" in text.split("---")[1]
    assert text.startswith("<!-- catalog-intake -->") and "Edit" in text


# -- the export facts: packing, payment terms, the price's named place ---------------------
EXPORT = dict(
    price="USD 12,50",
    price_basis=option("price_basis", "FOB"),
    price_place="Tanjung Perak, Surabaya",
    payment_terms=[
        option("payment_terms", "tt_deposit_balance"),
        option("payment_terms", "lc_sight"),
    ],
    packing_units="24",
    packing_size="60 x 40 x 40",
    packing_gross="18,5 kg",
)


def test_the_export_facts_make_a_phone_submission_export_ready(products, photos):
    result = run(new_supplier_values(**EXPORT), products, photos)
    assert result.ok, result.problems
    folder = products / "koperasi-perajin-dompet-wedoro"
    product = yaml.safe_load((folder / "dompet-kulit-lipat-pria.yaml").read_text())
    assert product["export_packing"] == {
        "units_per_carton": 24,
        "carton_cm": {"length": 60, "width": 40, "height": 40},
        "gross_kg": 18.5,
    }
    assert product["payment_terms"] == ["tt_deposit_balance", "lc_sight"]
    assert product["price"]["basis"] == "FOB"
    assert product["price"]["place"] == "Tanjung Perak, Surabaya"
    assert product["price"]["currency"] == "USD" and product["incoterms"] == ["FOB"]
    # what `catalog validate` reads, and the badge it computes
    catalog = load_catalog(products, today=TODAY)
    assert [d for d in catalog.diagnostics if d.is_error] == []
    entry = catalog.products["koperasi-perajin-dompet-wedoro/dompet-kulit-lipat-pria"]
    assert catalog.export_ready_gaps(entry) == []


@pytest.mark.parametrize(
    "units, size, gross, expected",
    [
        ("24", "60x40x40", "18,5", (24, [60, 40, 40], 18.5)),
        ("24 buah", "60 × 40 × 40 cm", "18,5 kg", (24, [60, 40, 40], 18.5)),
        ("1.000", "60 X 40 X 40", "18.500 g", (1000, [60, 40, 40], 18.5)),
        ("22,68 kg", "80 x 50 x 20,5 cm", "23 kg", (22.68, [80, 50, 20.5], 23)),
    ],
    ids=["plain", "with-units", "thousands-and-grams", "decimal-commas"],
)
def test_export_packing_typed_the_indonesian_way(units, size, gross, expected, products, photos):
    values = new_supplier_values(packing_units=units, packing_size=size, packing_gross=gross)
    result = run(values, products, photos)
    assert result.ok, result.problems
    packing = result.draft.product["export_packing"]
    carton = packing["carton_cm"]
    assert (
        packing["units_per_carton"],
        [carton["length"], carton["width"], carton["height"]],
        packing["gross_kg"],
    ) == expected
    assert validate(products) == []


@pytest.mark.parametrize(
    "given, missing",
    [
        (dict(packing_size="60 x 40 x 40"), ["packing_units", "packing_gross"]),
        (dict(packing_units="24", packing_size="60 x 40 x 40"), ["packing_gross"]),
        (dict(packing_gross="18,5 kg"), ["packing_units", "packing_size"]),
    ],
    ids=["size-only", "no-weight", "weight-only"],
)
def test_partial_export_packing_is_refused_naming_the_missing_field(
    given, missing, products, photos
):
    result = run(new_supplier_values(**given), products, photos)
    assert not result.ok and result.files == []
    assert sorted(p.field for p in result.problems) == sorted(missing), result.problems
    problem = next(p for p in result.problems if p.field == missing[0])
    for field_id in missing:  # the message names every field still empty, in both languages
        id_label, en_label = FIELDS[field_id].label.split(" / ", 1)
        assert id_label in problem.text.id and en_label in problem.text.en
    text = comment(result)
    assert f"**{md_text(FIELDS[missing[0]].label.split(' / ')[0])}**" in text.split("---")[0]


def test_an_unknown_payment_term_is_refused_with_the_choices(products, photos):
    from catalog.core import vocab

    typed = "Transfer bank (T/T) di muka, 100%, Cek mundur"  # by hand, through WhatsApp
    result = run(new_supplier_values(payment_terms=typed), products, photos)
    assert not result.ok and result.files == []
    (problem,) = [p for p in result.problems if p.field == "payment_terms"]
    assert (
        "`Cek mundur`" in problem.text.id and "Transfer bank" not in problem.text.id.split(";")[0]
    )
    for term in vocab.payment_terms().values():  # the valid choices, each language its own
        assert term.id in problem.text.id and term.en in problem.text.en
    # the vocabulary id or one language of the option is understood when typed by hand
    ok = run(new_supplier_values(payment_terms="L/C at sight, tt_advance"), products, photos)
    assert ok.ok, ok.problems
    assert ok.draft.product["payment_terms"] == ["lc_sight", "tt_advance"]


def test_price_on_request_keeps_its_incoterm_and_named_place(products, photos):
    values = new_supplier_values(
        price="",
        price_valid_until="",
        price_basis=option("price_basis", "FOB"),
        price_place="Bungkutoko,  Kendari",
    )
    result = run(values, products, photos)
    assert result.ok, result.problems
    product = result.draft.product
    assert product["price"] == {"on_request": True, "basis": "FOB", "place": "Bungkutoko, Kendari"}
    assert product["incoterms"] == ["FOB"]
    assert validate(products) == []
    # a place without its Incoterm: which one is asked at the Incoterm's field
    lost = run(
        new_supplier_values(price="", price_valid_until="", price_place="Kendari"),
        products / "nothing-yet",
        photos,
        issue=13,
    )
    assert not lost.ok and [p.field for p in lost.problems] == ["price_basis"]


EXPORT_BAD = {
    "two sides only": (dict(packing_size="60 x 40"), "packing_size", "60 x 40 x 40"),
    "carton over a container's width": (
        dict(packing_size="60 x 300 x 40"),
        "packing_size",
        "lebar 300 cm tidak muat",
    ),
    "english decimal weight": (dict(packing_gross="18.5"), "packing_gross", "18.5"),
    "a pallet, not a carton": (dict(packing_gross="2.500 kg"), "packing_gross", "2.000 kg"),
    "money as units": (dict(packing_units="Rp 24"), "packing_units", "harga"),
}


@pytest.mark.parametrize("changes, field_id, said", list(EXPORT_BAD.values()), ids=list(EXPORT_BAD))
def test_unreadable_export_packing_is_answered_at_its_field(
    changes, field_id, said, products, photos
):
    values = new_supplier_values(
        **{**{k: v for k, v in EXPORT.items() if k.startswith("packing")}, **changes}
    )
    result = run(values, products, photos)
    assert not result.ok and result.files == []
    assert [p.field for p in result.problems] == [field_id], result.problems
    assert said in result.problems[0].text.id


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "bukan berkas gambar"),
        (_png_claiming(10_000, 8_000), "terlalu besar"),
        ((PHOTOS / "too-small-600x400.png").read_bytes(), "terlalu kecil"),
        ((PHOTOS / "truncated.jpg").read_bytes(), "rusak"),
    ],
    ids=["pdf", "80-megapixels", "too-small", "truncated"],
)
def test_bad_photos_are_named(content, problem, products, photos):
    (photos / "bbbb-2222").write_bytes(content)
    result = run(new_supplier_values(), products, photos)
    assert not result.ok and result.files == []
    messages = [p.text.id for p in result.problems if p.field == "photos"]
    assert any(m.startswith("foto 2") and "IMG_1235" in m and problem in m for m in messages), (
        messages
    )


def test_a_title_only_issue_and_a_huge_body(products, photos):
    empty = intake("", products, photos, issue=3, today=TODAY)
    assert not empty.ok and "formulir" in empty.problems[0].text.id
    huge = intake(
        "### " + label("name_id") + "\n\n" + "a" * 2_000_000, products, photos, issue=4, today=TODAY
    )
    assert not huge.ok and "terlalu panjang" in huge.problems[0].text.id


HOSTILE = "<script>alert(1)</script> @rumahdagang/staff [klik](https://evil.example) <!-- #1 `x`"


def test_markup_in_any_field_stays_text(products, photos):
    bad = run(
        new_supplier_values(supplier_nib=EXISTING_NIB, supplier_name=HOSTILE, price=HOSTILE),
        products,
        photos,
    )
    good = run(
        new_supplier_values(
            name_id="Dompet " + HOSTILE, description_id=HOSTILE, supplier_name="UD Aman " + HOSTILE
        ),
        products,
        photos,
        issue=13,
    )
    assert not bad.ok and good.ok, good.problems
    for text in (comment(bad), pr_body(good, products)):
        text = text.replace("<!-- catalog-intake -->", "")
        assert not re.search(r"(?<!\\)<", text), text  # no tag or comment opens
        assert not re.search(r"(?<!\\)\]\(", text), text  # no link
        for raw in ("@rumahdagang/", "https://evil", "#1 "):  # no mention, autolink, reference
            assert raw not in text, (raw, text)
    assert validate(products) == []  # and the page builder escapes it (tests/test_site.py)


# -- downloads from 127.0.0.1 ----------------------------------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        self.requests.append(self.path)
        if self.path.startswith("/redirect-away"):
            self.send_response(302)
            self.send_header("Location", "https://evil.example/photo.jpg")
            self.end_headers()
            return
        if self.path.startswith("/redirect-ok/"):
            self.send_response(302)
            self.send_header("Location", "/user-attachments/assets/" + self.path.rsplit("/", 1)[1])
            self.end_headers()
            return
        if self.path.startswith("/endless"):
            self.send_response(200)  # no Content-Length: data until the connection closes
            self.end_headers()
            chunk = b"\0" * 65536
            try:
                for _ in range(40):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        data = self.files.get(self.path.rsplit("/", 1)[1])
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def attachment_server():
    _Handler.files = {
        "aaaa-1111": GPS_PHOTO.read_bytes(),
        "bbbb-2222": (PHOTOS / "coffee-1800x1200.jpg").read_bytes(),
    }
    _Handler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _served(host: str, values: dict) -> dict:
    return {**values, "photos": values["photos"].replace("https://github.com", f"http://{host}")}


def test_attachments_downloaded_from_the_allowed_host(attachment_server, products, tmp_path):
    policy = Policy(hosts=(attachment_server,), schemes=("http",), paths={}, max_bytes=2_000_000)
    result = run(
        _served(attachment_server, new_supplier_values()), products, tmp_path / "dl", policy=policy
    )
    assert result.ok, result.problems
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == ["aaaa-1111", "bbbb-2222"]


@pytest.mark.parametrize(
    "photos_value, expected",
    [
        ("![a](http://{host}/redirect-away/a)", "dialihkan"),
        ("![a](http://{host}/endless/a)", "lebih dari 1 MB"),
        ("![a](http://{host}/user-attachments/assets/missing)", "tidak bisa diunduh"),
        ("![a](file:///etc/passwd)", "bukan tautan ke situs lain"),
        ("![a](http://169.254.169.254/latest/meta-data)", "bukan tautan ke situs lain"),
    ],
    ids=["redirect-to-another-host", "over-the-cap", "missing", "file-url", "metadata-host"],
)
def test_downloads_refused(photos_value, expected, attachment_server, products, tmp_path):
    policy = Policy(hosts=(attachment_server,), schemes=("http",), paths={}, max_bytes=1024 * 1024)
    values = new_supplier_values(photos=photos_value.format(host=attachment_server))
    result = run(values, products, tmp_path / "dl", policy=policy)
    assert not result.ok
    assert any(expected in p.text.id for p in result.problems if p.field == "photos"), (
        result.problems
    )
    assert not any(f.name.endswith(".part") for f in (tmp_path / "dl").iterdir())


def test_only_github_attachment_paths_by_default():
    policy = Policy()
    assert policy.allows("https://github.com/user-attachments/assets/abc")
    assert policy.allows("https://private-user-images.githubusercontent.com/1/abc.jpg?jwt=x")
    assert not policy.allows("https://github.com/someone/repo/raw/main/a.jpg")
    assert not policy.allows("http://github.com/user-attachments/assets/abc")
    assert not policy.allows("https://user:pw@github.com/user-attachments/assets/abc")
    assert not policy.allows("https://github.com.evil.example/user-attachments/assets/abc")


# -- the command ---------------------------------------------------------------------------
def catalog(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_command_writes_json_and_exit_codes(products, photos, tmp_path):
    issue = tmp_path / "issue.md"
    issue.write_text(issue_form.render_body(new_supplier_values(price="50,000")))
    bad = catalog(
        "intake",
        str(issue),
        "--photos",
        str(photos),
        "--products",
        str(products),
        "--issue",
        "7",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert bad.returncode == 1, bad.stderr
    out = json.loads(bad.stdout)
    assert out["ok"] is False and out["files"] == [] and out["branch"] == "intake/issue-7"
    assert [p["label"] for p in out["problems"]] == [label("price")]
    issue.write_text(issue_form.render_body(new_supplier_values()))
    good = catalog(
        "intake",
        str(issue),
        "--photos",
        str(photos),
        "--products",
        str(products),
        "--issue",
        "7",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    out = json.loads(good.stdout)
    assert out["ok"] and out["pr_body"].startswith("Closes #7")
    assert all(f.startswith("products/koperasi-perajin-dompet-wedoro/") for f in out["files"])
    valid = catalog("validate", str(products), cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout
    assert catalog("intake", str(tmp_path / "nope.md"), cwd=tmp_path).returncode == 2
    text = catalog(
        "intake",
        str(issue),
        "--photos",
        str(photos),
        "--products",
        str(products),
        "--issue",
        "8",
        cwd=tmp_path,
    )
    assert text.returncode == 1 and label("name_id") in text.stdout


def test_shared_text_with_plain_file_names(products, tmp_path):
    """What /join/ sends without a GitHub account: the same body, photos named by file."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copyfile(GPS_PHOTO, shared / "IMG_1234.jpg")
    values = new_supplier_values(photos="IMG_1234.jpg")
    result = run(values, products, shared, issue=None)
    assert result.ok, result.problems
    assert validate(products) == []


# -- photos committed by hand ------------------------------------------------------------------
def test_validate_flags_gps_and_strip_removes_it(products, tmp_path):
    photo = products / SUPPLIER_ID / "photos" / "tas-jinjing-1.jpg"
    shutil.copyfile(GPS_PHOTO, photo)
    result = catalog("validate", str(products), cwd=tmp_path)
    assert result.returncode == 1 and "error[I406]" in result.stdout
    assert (
        f"catalog photos strip {products.relative_to(tmp_path)}/{SUPPLIER_ID}/photos/"
        "tas-jinjing-1.jpg" in result.stdout
    )
    strip = catalog("photos", "strip", str(photo), cwd=tmp_path)
    assert strip.returncode == 0 and "GPS" in strip.stdout
    assert not has_location(photo)
    with Image.open(photo) as im:
        assert im.size == (4000, 3000)
    assert catalog("validate", str(products), cwd=tmp_path).returncode == 0
    again = catalog("photos", "strip", str(photo), cwd=tmp_path)
    assert "sudah bersih" in again.stdout
    not_image = tmp_path / "x.jpg"
    not_image.write_text("hello")
    assert catalog("photos", "strip", str(not_image), cwd=tmp_path).returncode == 1


def test_issue_form_check_command(tmp_path):
    folder = tmp_path / "forms"  # both forms (product and service) are written there
    target = folder / issue_form.TEMPLATE
    assert catalog("issue-form", "-o", str(folder), cwd=tmp_path).returncode == 0
    assert catalog("issue-form", "-o", str(folder), "--check", cwd=tmp_path).returncode == 0
    target.write_text(target.read_text() + "# edited\n")
    assert catalog("issue-form", "-o", str(folder), "--check", cwd=tmp_path).returncode == 2


def test_strip_in_place_keeps_avif_an_avif(tmp_path):
    with Image.open(GPS_PHOTO) as src:
        exif = src.getexif()
        photo = tmp_path / "products" / "a" / "photos" / "x.avif"
        photo.parent.mkdir(parents=True)
        src.save(photo, "AVIF", quality=60, exif=exif.tobytes())
    assert has_location(photo)
    result = catalog("photos", "strip", str(tmp_path / "products"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not has_location(photo)
    with Image.open(photo) as im:
        assert im.format == "AVIF" and im.size == (4000, 3000)


# -- the whole way, as the intake workflow runs it, on a real repository -------------------------
def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_issue_to_branch_on_a_real_repository(tmp_path, photos, monkeypatch):
    """`catalog intake` in a fresh checkout of main, then the publish job's branch script:
    the branch holds exactly the entry, which validates; a re-run (a new checkout, the same
    issue) pushes nothing; an edited issue replaces the branch's commit."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    (tmp_path / "gitconfig").write_text(
        "[user]\n\tname = Staf\n\temail = staf@example.test\n[init]\n\tdefaultBranch = main\n"
    )
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    _git(tmp_path, "init", "--bare", "-q", str(remote))
    _git(tmp_path, "clone", "-q", str(remote), str(work))
    copy_example(work / "products")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "catalogue")
    _git(work, "push", "-q", "origin", "main")
    script = REPO / ".github" / "scripts" / "intake_branch.py"
    issue = tmp_path / "issue.md"

    def one_run(values: dict) -> dict:
        _git(work, "clean", "-fdq")  # every run starts from a clean checkout of main
        issue.write_text(issue_form.render_body(values))
        out = catalog(
            "intake",
            str(issue),
            "--photos",
            str(photos),
            "--products",
            "products",
            "--issue",
            "21",
            "--format",
            "json",
            cwd=work,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        (tmp_path / "result.json").write_text(out.stdout)
        pushed = subprocess.run(
            [
                sys.executable,
                str(script),
                "--result",
                str(tmp_path / "result.json"),
                "--files",
                ".",
                "--remote",
                "origin",
                "--base",
                "main",
            ],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert pushed.returncode == 0, pushed.stderr
        return json.loads(pushed.stdout)

    assert one_run(new_supplier_values())["status"] == "created"
    first = _git(remote, "rev-parse", "refs/heads/intake/issue-21")
    changed = _git(remote, "diff", "--name-only", "main", "intake/issue-21").splitlines()
    assert sorted(changed) == sorted(json.loads((tmp_path / "result.json").read_text())["files"])
    check = tmp_path / "check"
    _git(tmp_path, "clone", "-q", "-b", "intake/issue-21", str(remote), str(check))
    assert catalog("validate", "products", cwd=check).returncode == 0
    assert one_run(new_supplier_values())["status"] == "unchanged"
    assert _git(remote, "rev-parse", "refs/heads/intake/issue-21") == first
    assert one_run(new_supplier_values(price="Rp 55.000"))["status"] == "updated"
    second = _git(remote, "rev-parse", "refs/heads/intake/issue-21")
    assert second != first and _git(remote, "rev-parse", f"{second}^") == _git(
        remote, "rev-parse", "main"
    )

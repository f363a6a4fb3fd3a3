"""Validation of a whole catalogue: one targeted mutation of the example, one diagnostic.

Each case copies the example supplier (see ``conftest.py``), changes one thing and
checks what a user would read: the code, the file, the line and the column. Expected
positions are found in the mutated text itself, so the tests survive the example
growing.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from catalog import cli
from catalog.core.catalogue import load_catalog
from catalog.core.codes import CODES
from catalog.core.diagnostics import Severity
from catalog.core.loader import MAX_BYTES
from conftest import (
    EXAMPLE,
    PRODUCT,
    SUPPLIER,
    SUPPLIER_ID,
    TODAY,
    Catalogue,
    billion_laughs,
    copy_example,
    errors,
    warnings,
    where,
)

P, S = PRODUCT, SUPPLIER
ROOT_KEY = "<first key>"
"""Stands for the first line holding a key: where a missing top-level field is reported."""


def expected_position(
    cat: Catalogue, name: str, line_has: str | None, column_at: str | None
) -> tuple[int, int]:
    if line_has is None:
        return 1, 1
    if line_has == ROOT_KEY:
        lines = cat.text(name).splitlines()
        return next(i for i, line in enumerate(lines, 1) if line and not line.startswith("#")), 1
    return cat.position(name, line_has, column_at)


# -- one mutation, one diagnostic ------------------------------------------------------
# (id, file, old text, new text (old None: the whole file), code,
#  line holding the problem (None: 1:1), text on that line where the column points)
MUTATIONS = [
    ("Y101-tab", P, "status: active\n", "status: active\n\tdraft: true\n", "Y101", "\tdraft", "\t"),
    ("Y101-colon", S, "scale: kecil\n", "scale kecil\n", "Y101", "description:", "description"),
    (
        "Y102",
        P,
        "status: active\n",
        "status: active\nstatus: draft\n",
        "Y102",
        "status: draft",
        "status",
    ),
    ("Y103", P, None, "# belum diisi\n", "Y103", None, None),
    ("Y104", S, None, "- name: Koperasi\n- type: koperasi\n", "Y104", None, None),
    (
        "Y106",
        P,
        "status: active\n",
        "status: active\n#" + "x" * MAX_BYTES + "\n",
        "Y106",
        None,
        None,
    ),
    (
        "Y107",
        P,
        "status: active\n",
        "status: active\n" + billion_laughs().replace("a:", "lol:", 1),
        "Y107",
        "e: &e",
        "e",
    ),
    (
        "Y108",
        P,
        "category: tas-kulit",
        "category: !!python/object/apply:os.system [ls]",
        "Y108",
        "category:",
        "!!",
    ),
    ("Y109", S, "scale: kecil\n", "scale: kecil\n---\nname: lagi\n", "Y109", "---", "-"),
    (
        "Y110",
        P,
        "status: active\n",
        "status: active\n? [warna, ukuran]\n: hitam\n",
        "Y110",
        "? [warna",
        "[",
    ),
    ("S201", P, "status: active\n", "status: active\nwarna: hitam\n", "S201", "warna:", "warna"),
    (
        "S212",
        P,
        "material: {id: Kulit sapi samak nabati,",
        "material: {id: Kulit sapi, samak nabati,",
        "S212",
        "material:",
        "samak nabati",
    ),
    ("S202-top", P, "category: tas-kulit\n", "", "S202", ROOT_KEY, None),
    (
        "S202-nested",
        P,
        "lead_time_days: {min: 14, max: 30}",
        "lead_time_days: {min: 14}",
        "S202",
        "lead_time_days:",
        "{",
    ),
    ("S202-price", P, "  currency: IDR\n", "", "S202", "  basis: EXW", "basis"),
    ("S203", P, "net_weight_g: 850", "net_weight_g: berat", "S203", "net_weight_g:", "berat"),
    ("S203-supplier", S, "members: 142", "members: banyak", "S203", "members:", "banyak"),
    ("S204", P, "status: active", "status: aktif", "S204", "status:", "aktif"),
    ("S205", P, 'hs_code: "4202.21"', 'hs_code: "42.02"', "S205", "hs_code:", '"42.02"'),
    ("S205-nib", S, 'nib: "9120301234501"', 'nib: "91203"', "S205", "nib:", '"91203"'),
    (
        "S206",
        S,
        'whatsapp: "+6281234500001"',
        'whatsapp: "081234500001"',
        "S206",
        "whatsapp:",
        '"0812',
    ),
    ("S207", S, 'region: "35.15"', 'region: "35.99"', "S207", "region:", '"35.99"'),
    (
        "S208",
        P,
        "export_markets: [MY, SG, JP]",
        "export_markets: [MY, XX, JP]",
        "S208",
        "export_markets:",
        "XX",
    ),
    ("S209", P, "  id: Tas Jinjing Kulit Sapi\n", '  id: " "\n', "S209", '  id: " "', '" "'),
    ("S210", P, "  en: Cowhide Tote Bag\n", "", "S210", "id: Tas Jinjing Kulit Sapi", "id"),
    ("S211", P, "currency: IDR", "currency: EUR", "S211", "currency:", "EUR"),
    (
        "R303",
        P,
        "file: photos/tas-jinjing-1.jpg",
        "file: photos/tidak-ada.jpg",
        "R303",
        "tidak-ada",
        "photos",
    ),
    (
        "R304",
        P,
        "file: photos/tas-jinjing-1.jpg",
        f"file: ../{SUPPLIER_ID}/photos/tas-jinjing-1.jpg",
        "R304",
        "file: ../",
        "..",
    ),
    (
        "R308",
        P,
        "- {min_qty: 200, amount: 350000}",
        "- {min_qty: 40, amount: 350000}",
        "R308",
        "min_qty: 40",
        "40",
    ),
    (
        "R308-equal",
        P,
        "- {min_qty: 500, amount: 320000}",
        "- {min_qty: 200, amount: 320000}",
        "R308",
        "amount: 320000",
        "200",
    ),
    (
        "R309",
        P,
        "- {min_qty: 50, amount: 385000}",
        "- {min_qty: 10, amount: 385000}",
        "R309",
        "min_qty: 10",
        "10",
    ),
    (
        "R310",
        P,
        "capacity_per_month: {quantity: 1200, unit: piece}",
        "capacity_per_month: {quantity: 20, unit: piece}",
        "R310",
        "capacity_per_month:",
        "{",
    ),
    (
        "R311",
        P,
        "valid_until: 2028-06-30",
        "valid_until: 2026-11-21",
        "R311",
        "valid_until:",
        "2026",
    ),
    (
        "R314",
        P,
        "capacity_per_month: {quantity: 1200, unit: piece}",
        "capacity_per_month: {quantity: 1200, unit: kg}",
        "R314",
        "capacity_per_month:",
        "{",
    ),
    (
        "R315",
        P,
        "status: active\n",
        "status: active\nshelf_life_days: 180\n",
        "R315",
        "shelf_life_days:",
        "shelf",
    ),
    ("R316", P, 'hs_code: "4202.21"', 'hs_code: "0901.21"', "R316", "hs_code:", '"0901'),
    (
        "R317",
        P,
        "lead_time_days: {min: 14, max: 30}",
        "lead_time_days: {min: 40, max: 30}",
        "R317",
        "lead_time_days:",
        "{",
    ),
    (
        "R320",
        S,
        '  whatsapp: "+6281234500001"\n  email: penjualan@kulit-tanggulangin.example\n',
        "",
        "R320",
        "  person:",
        "person",
    ),
    (
        "R321",
        P,
        "file: photos/tas-jinjing-2.jpg",
        "file: photos//tas-jinjing-1.jpg",
        "R321",
        "photos//",
        "photos",
    ),
    ("R322", P, "price:\n", "price:\n  on_request: true\n", "R322", "on_request:", "on_request"),
]


@pytest.mark.parametrize(
    "name, old, new, code, line_has, column_at",
    [m[1:] for m in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_one_mutation_one_diagnostic(catalogue, name, old, new, code, line_has, column_at):
    if old is None:
        catalogue.write(name, new)
    else:
        catalogue.edit(name, old, new)
    catalog = catalogue.load()
    line, column = expected_position(catalogue, name, line_has, column_at)
    assert where(catalog.diagnostics) == [(code, catalogue.shown(name), line, column)]
    assert catalog.ok is (CODES[code].severity is Severity.WARNING)


def test_non_utf8_product_is_located(catalogue):
    raw = catalogue.path(P).read_bytes().replace(b"Cowhide Tote Bag", b"Cowhide Tote Bag caf\xe9")
    catalogue.path(P).write_bytes(raw)
    text = raw.decode("utf-8", "replace").splitlines()
    line = next(i for i, t in enumerate(text, 1) if "Cowhide Tote Bag caf" in t)
    column = text[line - 1].index("caf") + len("caf") + 1
    assert where(catalogue.load().diagnostics) == [("Y105", catalogue.shown(P), line, column)]


def test_every_code_is_covered_by_a_test():
    """A new code in codes.py needs a case here (or a reason in this list)."""
    elsewhere = {
        "Y105": "test_non_utf8_product_is_located",
        "R301": "test_bad_slug_names",
        "R302": "test_product_folder_without_supplier",
        "R305": "test_same_product_name_twice",
        "R306": "test_processed_food_rules",
        "R307": "test_processed_food_rules",
        "R312": "test_certificate_expiry_warnings",
        "R313": "test_certificate_expiry_warnings",
        "R319": "test_yaml_file_nested_too_deep",
        "R323": "test_ids_the_site_urls_reserve",
        "R324": "test_entry_file_that_is_a_link_to_another_suppliers_file_is_refused",
        "R325": "test_yaml_and_yml_of_one_id_is_an_error_naming_both",
        "R326": "test_same_nib_in_two_folders_is_an_error",
        "R327": "test_shared_whatsapp_is_a_warning_naming_both",
        "R328": "tests/test_export.py::test_a_place_without_a_basis_is_an_error",
        "R330": "test_hs_ports.py::test_an_unknown_subheading_is_an_error_at_the_line_with_the_nearest_codes",
        "R331": "test_hs_ports.py::test_an_unknown_port_is_a_warning_with_similar_codes",
        **{f"R34{i}": "tests/test_services.py" for i in (0, 1, 2, 5, 6, 7, 8)},
        **{f"R34{i}": "tests/test_curation.py" for i in (3, 4, 9)},
    }
    not_validation: set[str] = set()
    table = {m[4] for m in MUTATIONS}
    families = ("Y", "S", "R")
    missing = {c for c in CODES if c.startswith(families)} - table - set(elsewhere) - not_validation
    assert not missing


# -- the valid example ---------------------------------------------------------------


def test_valid_example_has_no_errors_and_no_warnings(catalogue):
    catalog = catalogue.load()
    assert catalog.diagnostics == []
    assert catalog.files == 2
    assert list(catalog.suppliers) == [SUPPLIER_ID]
    assert list(catalog.products) == [f"{SUPPLIER_ID}/{Path(P).stem}"]
    # a rupiah price list keeps it from the export-ready badge (issue 18)
    assert catalog.export_ready_gaps(catalog.products[f"{SUPPLIER_ID}/{Path(P).stem}"]) == [
        "price_currency"
    ]


def test_supplier_without_english_description_is_a_warning(catalogue):
    text = catalogue.text(S)
    without = re.sub(r"\n  en: [^\n]*\n(    [^\n]*\n)*", "\n", text, count=1)
    assert without != text
    catalogue.write(S, without)
    catalog = catalogue.load()
    line, column = catalogue.position(S, "  id: ", "id")
    assert where(catalog.diagnostics) == [("S210", catalogue.shown(S), line, column)]
    assert catalog.ok
    d = catalog.diagnostics[0]
    assert "bahasa Inggris" in d.message.id and "English" in d.message.en


# -- "did you mean" --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, old, new, code, suggestion",
    [
        (P, "category: tas-kulit", "catagory: tas-kulit", "S201", "category"),
        (P, "status: active", "staus: active", "S201", "status"),
        (P, "category: tas-kulit", "category: tas-kulti", "S204", "tas-kulit"),
        (P, "unit: piece}\ncapacity", "unit: pices}\ncapacity", "S204", "piece"),
        (P, "incoterms: [EXW, FOB]", "incoterms: [EXW, FOBB]", "S204", "FOB"),
        (S, "type: koperasi", "type: koprasi", "S204", "koperasi"),
        (S, "export_markets: [MY, SG, JP]", "export_markets: [MY, sg, JP]", "S208", "SG"),
        (S, 'region: "35.15"', 'region: "35,15"', "S207", "35.15"),
    ],
    ids=["key", "key-2", "category", "unit", "incoterm", "supplier-type", "country", "region"],
)
def test_did_you_mean(catalogue, name, old, new, code, suggestion):
    catalogue.edit(name, old, new)
    found = [d for d in errors(catalogue.load()) if d.code == code]
    assert found, f"no {code}"
    d = found[0]
    assert f"(did you mean `{suggestion}`?)" in d.message.en
    assert f"(maksudnya `{suggestion}`?)" in d.message.id


def test_misspelt_key_lists_allowed_keys_and_reports_both_problems(catalogue):
    catalogue.edit(P, "category: tas-kulit", "catagory: tas-kulit")
    catalog = catalogue.load()
    codes = {d.code: d for d in catalog.diagnostics}
    assert set(codes) == {"S201", "S202"}
    assert (codes["S201"].line, codes["S201"].column) == catalogue.position(P, "catagory:")
    assert "category" in codes["S201"].hint.en and "hs_code" in codes["S201"].hint.en
    assert "`category: tas-kulit`" in codes["S202"].hint.en  # the example comes from the model


def test_no_suggestion_for_a_far_off_key(catalogue):
    catalogue.edit(P, "status: active\n", "status: active\nzzzqqq: 1\n")
    [d] = catalogue.load().diagnostics
    assert d.code == "S201" and "did you mean" not in d.message.en


def test_number_where_text_belongs_says_to_quote_it(catalogue):
    catalogue.edit(S, 'region: "35.15"', "region: 35.15")
    [d] = catalogue.load().diagnostics
    assert d.code == "S203"
    assert "must be text" in d.message.en and "harus berupa teks" in d.message.id
    assert "quotes" in d.hint.en and "tanda kutip" in d.hint.id and '"35.15"' in d.hint.en


def test_date_written_as_a_number_is_not_a_timestamp(catalogue):
    catalogue.edit(P, "valid_until: 2028-06-30", "valid_until: 20270630")
    [d] = catalogue.load().diagnostics
    assert d.code == "S203"
    assert "YYYY-MM-DD" in d.message.en and "TTTT-BB-HH" in d.message.id
    assert "2027-06-30" in d.hint.en


def test_infinite_price_is_refused(catalogue):
    catalogue.edit(P, "- {min_qty: 500, amount: 320000}", "- {min_qty: 500, amount: .inf}")
    [d] = catalogue.load().diagnostics
    assert d.code == "S203" and ".inf" in d.message.en


# -- warnings don't fail the catalogue --------------------------------------------------


def add_certifications(cat: Catalogue, *lines: str) -> None:
    cat.edit(
        P, "keywords:", "certifications:\n" + "".join(f"  - {x}\n" for x in lines) + "keywords:"
    )


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.mark.parametrize(
    "offset, code, days",
    [
        (-1, "R313", None),
        (0, "R312", 0),
        (90, "R312", 90),
        (91, None, None),
        (400, None, None),
    ],
)
def test_certificate_expiry_warnings(catalogue, offset, code, days):
    add_certifications(catalogue, f"{{type: sni, number: SNI 1-2019, valid_until: {day(offset)}}}")
    catalog = catalogue.load()
    assert errors(catalog) == []
    if code is None:
        assert warnings(catalog) == []
        return
    line, column = catalogue.position(P, "type: sni", day(offset))
    assert where(catalog.diagnostics) == [(code, catalogue.shown(P), line, column)]
    [d] = catalog.diagnostics
    assert d.severity is Severity.WARNING and day(offset) in d.message.en
    if days is not None:
        assert f"in {days} days" in d.message.en and f"dalam {days} hari" in d.message.id


def test_warnings_do_not_fail_the_catalogue(catalogue, capsys):
    add_certifications(
        catalogue,
        f"{{type: sni, number: SNI 1-2019, valid_until: {day(30)}}}",
        f"{{type: haccp, number: HACCP-2025-1, valid_until: {day(-30)}}}",
    )
    catalogue.edit(P, "  en: Cowhide Tote Bag\n", "")
    catalog = catalogue.load()
    assert sorted(d.code for d in catalog.diagnostics) == ["R312", "R313", "S210"]
    assert catalog.ok
    assert f"{SUPPLIER_ID}/{Path(P).stem}" in catalog.products  # still published
    assert catalog.export_ready_gaps(catalog.products[f"{SUPPLIER_ID}/{Path(P).stem}"]) == [
        "english",
        "price_currency",
    ]
    assert cli.main(["validate", "products"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 kesalahan, 3 peringatan dalam 2 berkas"


# -- food ------------------------------------------------------------------------------

HALAL = "{type: halal, scheme: self_declare, number: ID35110012345670824, valid_until: %s}"
PIRT = "{type: pirt, number: '206351501234567'}"
BPOM = "{type: bpom, number: MD 224413001234}"


def make_food(cat: Catalogue, category: str = "kopi", hs: str = "0901.21") -> None:
    cat.edit(P, "category: tas-kulit", f"category: {category}")
    cat.edit(P, 'hs_code: "4202.21"', f'hs_code: "{hs}"')


@pytest.mark.parametrize(
    "certs, expected",
    [
        ([], {"R306", "R307"}),
        ([PIRT], {"R307"}),
        ([HALAL % day(365)], {"R306"}),
        ([HALAL % day(365), PIRT], set()),
        ([HALAL % day(365), BPOM], set()),
        ([HALAL % day(-1), PIRT], {"R307", "R313"}),  # an expired halal certificate doesn't count
        (
            [
                HALAL % day(365),
                "{type: pirt, number: '206351501234567', valid_until: %s}" % day(-5),
            ],
            {"R306", "R313"},
        ),
    ],
    ids=[
        "none",
        "pirt-only",
        "halal-only",
        "halal-pirt",
        "halal-bpom",
        "halal-expired",
        "pirt-expired",
    ],
)
def test_processed_food_rules(catalogue, certs, expected):
    make_food(catalogue)
    if certs:
        add_certifications(catalogue, *certs)
    catalog = catalogue.load()
    assert {d.code for d in catalog.diagnostics} == expected
    if certs:  # the list of certificates, or the category when there is none
        line, column = catalogue.position(P, "  - " + certs[0], "-")
    else:
        line, column = catalogue.position(P, "category: kopi", "kopi")
    for d in catalog.diagnostics:
        if d.code in ("R306", "R307"):
            assert (d.path, d.line, d.column) == (catalogue.shown(P), line, column)


def test_processed_food_messages_name_the_halal_deadline(catalogue):
    make_food(catalogue)
    by_code = {d.code: d for d in catalogue.load().diagnostics}
    assert "P-IRT" in by_code["R306"].message.id and "BPOM" in by_code["R306"].message.en
    assert "17 Oktober 2026" in by_code["R307"].message.id
    assert "17 October 2026" in by_code["R307"].message.en


def test_fresh_produce_needs_no_food_licence(catalogue):
    make_food(catalogue, "kakao", "1801.00")
    assert catalogue.load().diagnostics == []


def test_food_only_fields_are_fine_for_food(catalogue):
    make_food(catalogue)
    add_certifications(catalogue, HALAL % day(365), PIRT)
    catalogue.edit(
        P,
        "status: active\n",
        "status: active\nshelf_life_days: 180\n"
        "storage: {id: Simpan di tempat kering, en: Keep dry}\n",
    )
    assert catalogue.load().diagnostics == []


@pytest.mark.parametrize(
    "cert, at",
    [
        ("{type: halal, number: '12345'}", "'12345'"),
        ("{type: pirt, number: '2063515012345'}", "'2063515012345'"),
        ("{type: bpom, number: MX 224413001234}", "MX"),
        ("{type: sni, number: SNI 1, scheme: regular}", "regular"),
    ],
    ids=["halal", "pirt", "bpom", "scheme-on-sni"],
)
def test_certificate_number_formats(catalogue, cert, at):
    add_certifications(catalogue, cert)
    line, column = catalogue.position(P, cert, at)
    assert where(catalogue.load().diagnostics) == [("S205", catalogue.shown(P), line, column)]


# -- price and quantities ----------------------------------------------------------------


def set_quantities(cat: Catalogue, moq: str, capacity: str) -> None:
    cat.edit(P, "moq: {quantity: 50, unit: piece}", f"moq: {moq}")
    cat.edit(
        P, "capacity_per_month: {quantity: 1200, unit: piece}", f"capacity_per_month: {capacity}"
    )


@pytest.mark.parametrize(
    "moq, capacity, code",
    [
        ("{quantity: 2, unit: tonne}", "{quantity: 1500, unit: kg}", "R310"),
        ("{quantity: 2, unit: tonne}", "{quantity: 2000, unit: kg}", None),
        ("{quantity: 1, unit: kg}", "{quantity: 999, unit: g}", "R310"),
        ("{quantity: 40, unit: g}", "{quantity: 1, unit: kg}", None),
        ("{quantity: 3, unit: dozen}", "{quantity: 30, unit: piece}", "R310"),
        ("{quantity: 3, unit: dozen}", "{quantity: 36, unit: piece}", None),
        ("{quantity: 50, unit: piece}", "{quantity: 1200, unit: kg}", "R314"),
        ("{quantity: 50, unit: pair}", "{quantity: 1200, unit: piece}", "R314"),
        ("{quantity: 5, unit: litre}", "{quantity: 1, unit: tonne}", "R314"),
    ],
    ids=[
        "tonne>kg",
        "tonne=kg",
        "kg>g",
        "g<kg",
        "dozen>piece",
        "dozen=piece",
        "piece-kg",
        "pair-piece",
        "litre-tonne",
    ],
)
def test_capacity_against_moq_converts_units(catalogue, moq, capacity, code):
    set_quantities(catalogue, moq, capacity)  # every MOQ here is below the first price tier
    catalog = catalogue.load()
    if code is None:
        assert catalog.diagnostics == []
        return
    line, column = catalogue.position(P, "capacity_per_month:", "{")
    assert where(catalog.diagnostics) == [(code, catalogue.shown(P), line, column)]
    [d] = catalog.diagnostics
    if code == "R310":
        assert capacity.split(",")[0].split()[-1] in d.message.en  # the figures are shown


def test_price_on_request_alone_is_fine(catalogue):
    text = catalogue.text(P)
    start = text.index("price:\n")
    end = text.index("incoterms:")
    catalogue.write(P, text[:start] + "price: {on_request: true}\n" + text[end:])
    assert catalogue.load().diagnostics == []


def test_price_valid_until_today_is_still_valid(catalogue):
    catalogue.edit(P, "valid_until: 2028-06-30", f"valid_until: {TODAY.isoformat()}")
    assert catalogue.load().diagnostics == []


def test_price_rules_messages(catalogue):
    catalogue.edit(P, "- {min_qty: 50, amount: 385000}", "- {min_qty: 10, amount: 385000}")
    catalogue.edit(P, "- {min_qty: 500, amount: 320000}", "- {min_qty: 100, amount: 320000}")
    catalogue.edit(P, "valid_until: 2028-06-30", "valid_until: 2026-01-31")
    by_code = {d.code: d for d in catalogue.load().diagnostics}
    assert set(by_code) == {"R308", "R309", "R311"}
    assert "(10)" in by_code["R309"].message.en and "(50)" in by_code["R309"].message.en
    assert "`min_qty: 50`" in by_code["R309"].hint.en
    assert "100" in by_code["R308"].message.en and "(200)" in by_code["R308"].message.en
    assert "2026-01-31" in by_code["R311"].message.id


# -- images ------------------------------------------------------------------------------


def test_photo_path_absolute_is_outside(catalogue):
    photo = catalogue.path("photos/tas-jinjing-1.jpg").resolve()
    catalogue.edit(P, "file: photos/tas-jinjing-1.jpg", f"file: {photo}")
    line, column = catalogue.position(P, f"file: {photo}", str(photo))
    assert where(catalogue.load().diagnostics) == [("R304", catalogue.shown(P), line, column)]


@pytest.mark.parametrize(
    "spelling", ["C:/foto/tas.jpg", "\\\\server\\foto\\tas.jpg", "photos/../../other/tas.jpg"]
)
def test_photo_path_other_escapes(catalogue, spelling):
    catalogue.edit(P, "file: photos/tas-jinjing-1.jpg", f"file: '{spelling}'")
    [d] = catalogue.load().diagnostics
    assert d.code == "R304"
    assert (d.line, d.column) == catalogue.position(P, "file: '", "'")


def test_symlink_leaving_the_folder_is_outside(catalogue, tmp_path):
    outside = tmp_path / "elsewhere.jpg"
    shutil.copyfile(catalogue.path("photos/tas-jinjing-1.jpg"), outside)
    (catalogue.folder / "photos" / "link.jpg").symlink_to(outside)
    catalogue.edit(P, "file: photos/tas-jinjing-1.jpg", "file: photos/link.jpg")
    line, column = catalogue.position(P, "file: photos/link.jpg", "photos")
    assert where(catalogue.load().diagnostics) == [("R304", catalogue.shown(P), line, column)]


def test_symlink_to_a_folder_leaving_it_is_outside(catalogue, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    shutil.copyfile(catalogue.path("photos/tas-jinjing-1.jpg"), tmp_path / "elsewhere" / "a.jpg")
    (catalogue.folder / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    catalogue.edit(P, "file: photos/tas-jinjing-1.jpg", "file: more/a.jpg")
    assert [d.code for d in catalogue.load().diagnostics] == ["R304"]


def test_symlink_staying_inside_is_fine(catalogue):
    (catalogue.folder / "photos" / "link.jpg").symlink_to("tas-jinjing-1.jpg")
    catalogue.edit(P, "file: photos/tas-jinjing-1.jpg", "file: photos/link.jpg")
    assert catalogue.load().diagnostics == []


def test_photo_name_too_long_is_not_found(catalogue):
    catalogue.edit(P, "file: photos/tas-jinjing-1.jpg", "file: photos/" + "x" * 5000 + ".jpg")
    assert [d.code for d in catalogue.load().diagnostics] == ["R303"]


def test_supplier_logo_outside_the_folder(catalogue):
    catalogue.edit(S, "founded: 1976", "founded: 1976\nlogo: ../logo.png")
    line, column = catalogue.position(S, "logo:", "..")
    assert where(catalogue.load().diagnostics) == [("R304", catalogue.shown(S), line, column)]


# -- files and folders ---------------------------------------------------------------------


def test_same_product_name_twice(catalogue):
    second = "tas-jinjing-kulit-sapi-besar.yaml"
    catalogue.write(
        second,
        catalogue.text(P).replace("  id: Tas Jinjing Kulit Sapi", "  id: TAS JINJING KULIT SAPI"),
    )
    catalog = catalogue.load()
    # files are read in name order: the second file is the one reported
    first, later = sorted([P, second])
    line, column = catalogue.position(later, "  id: T", "id")
    assert where(catalog.diagnostics) == [("R305", catalogue.shown(later), line, column)]
    assert catalogue.shown(first) in catalog.diagnostics[0].message.en


def another_business(folder: Path) -> Path:
    """A copied supplier made a business of its own: another NIB and WhatsApp number."""
    text = (folder / S).read_text(encoding="utf-8")
    (folder / S).write_text(
        text.replace('"9120301234501"', '"9120301234999"').replace(
            "+6281234500001", "+6281234500999"
        ),
        encoding="utf-8",
    )
    return folder


def test_same_product_name_in_two_suppliers_is_fine(catalogue):
    another_business(copy_example(catalogue.root, "kopindo-cabang-dua"))
    assert catalogue.load().diagnostics == []


def test_product_folder_without_supplier(catalogue):
    folder = copy_example(catalogue.root, "tanpa-pemasok")
    (folder / S).unlink()
    catalog = catalogue.load()
    shown = f"products/tanpa-pemasok/{P}"
    assert where(catalog.diagnostics) == [("R302", shown, 1, 1)]
    assert "`tanpa-pemasok`" in catalog.diagnostics[0].message.id
    assert f"{SUPPLIER_ID}/{Path(P).stem}" in catalog.products
    assert not any(key.startswith("tanpa-pemasok/") for key in catalog.products)


@pytest.mark.parametrize(
    "kind, name",
    [
        ("product", "Tas_Kulit.yaml"),
        ("product", "tas kulit.yaml"),
        ("product", "tas--kulit.yaml"),
        ("supplier", "Kopindo_Baru"),
        ("supplier", "kopindo-"),
    ],
)
def test_bad_slug_names(catalogue, kind, name):
    if kind == "product":
        shutil.move(catalogue.path(P), catalogue.path(name))
        shown, bad = catalogue.shown(name), Path(name).stem
    else:
        shutil.move(catalogue.folder, catalogue.root / name)
        shown, bad = f"products/{name}/{S}", name
    catalog = catalogue.load()
    assert where(catalog.diagnostics) == [("R301", shown, 1, 1)]
    assert f"`{bad}`" in catalog.diagnostics[0].message.en
    assert catalog.products == {}


def test_ids_the_site_urls_reserve(catalogue):
    """A supplier folder `page` would sit beside the catalogue's further pages
    (`products/page/2/`): its product `2` would take page 2's URL."""
    shutil.move(catalogue.folder, catalogue.root / "page")
    catalog = catalogue.load()
    assert where(catalog.diagnostics) == [("R323", f"products/page/{S}", 1, 1)]
    d = catalog.diagnostics[0]
    assert d.severity is Severity.ERROR
    assert d.message.id == (
        "id `page` dicadangkan untuk alamat situs: `products/page/2/` adalah halaman ke-2 katalog"
    )
    assert d.message.en == (
        "the id `page` is reserved for the site's addresses: "
        "`products/page/2/` is page 2 of the catalogue"
    )
    assert d.hint is not None and "folder pemasok" in d.hint.id and "supplier folder" in d.hint.en
    assert catalog.suppliers == {} and catalog.products == {}


@pytest.mark.parametrize("kind, name", [("supplier", "index"), ("product", "index.yaml")])
def test_index_is_reserved_too(catalogue, kind, name):
    if kind == "product":
        shutil.move(catalogue.path(P), catalogue.path(name))
        shown = catalogue.shown(name)
    else:
        shutil.move(catalogue.folder, catalogue.root / name)
        shown = f"products/{name}/{S}"
    assert where(catalogue.load().diagnostics) == [("R323", shown, 1, 1)]


@pytest.mark.parametrize("name", ["pages", "page-jaya", "ud-page", "halaman", "en", "media"])
def test_ordinary_ids_near_reserved_ones_pass(catalogue, name):
    shutil.move(catalogue.folder, catalogue.root / name)
    catalog = catalogue.load()
    assert catalog.diagnostics == []
    assert list(catalog.suppliers) == [name]


def test_reserved_supplier_ids_cover_the_listing_page_segment():
    from catalog.core.rules import RESERVED_IDS
    from catalog.site.generate import paged_path

    segment = paged_path("products/index.md", 2).split("/")[1]
    assert segment in RESERVED_IDS["supplier"]


@pytest.mark.parametrize(
    "relative", ["catatan.yaml", f"{SUPPLIER_ID}/photos/produk.yaml", f"{SUPPLIER_ID}/a/b/c.yml"]
)
def test_yaml_file_nested_too_deep(catalogue, relative):
    target = catalogue.root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("name: x\n", encoding="utf-8")
    catalog = catalogue.load()
    assert where(catalog.diagnostics) == [("R319", f"products/{relative}", 1, 1)]
    assert f"products/{relative}" in catalog.diagnostics[0].message.en


def test_hidden_files_and_folders_are_ignored(catalogue):
    (catalogue.folder / ".draft.yaml").write_text("- not a product\n", encoding="utf-8")
    (catalogue.root / ".git").mkdir()
    (catalogue.root / ".git" / "x.yaml").write_text(": bad\n", encoding="utf-8")
    assert catalogue.load().diagnostics == []


def test_only_validates_the_chosen_part(catalogue):
    other = another_business(copy_example(catalogue.root, "pemasok-lain"))
    (other / P).write_text("- rusak\n", encoding="utf-8")
    (other / "photos" / "salah.yaml").write_text("x: 1\n", encoding="utf-8")
    broken = catalogue.write("produk-rusak.yaml", "name: [\n")
    assert broken
    assert {d.code for d in catalogue.load().diagnostics} == {"Y101", "Y104", "R319"}
    assert catalogue.load(only=[catalogue.folder / P]).diagnostics == []
    part = catalogue.load(only=[catalogue.folder])
    assert where(part.diagnostics) == [("Y101", catalogue.shown("produk-rusak.yaml"), 2, 1)]


# -- every field, every wrong type -----------------------------------------------------------
# Each location of the example (every mapping key and list item, at every depth) gets each
# wrong value. The nine variants of one location are written as nine files (nine supplier
# folders for supplier.yaml) and checked with one load_catalog and one CLI run.

WRONG: list[Any] = [7, 2.5, True, None, ["x", 1], {"a": 1}, "teks", dt.date(2020, 1, 1), "x" * 1000]


def _locations(data: Any, loc: tuple = ()) -> Iterator[tuple]:
    if loc:
        yield loc
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _locations(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _locations(value, (*loc, i))


EXAMPLE_DATA = {
    name: yaml.safe_load((EXAMPLE / name).read_text(encoding="utf-8")) for name in (S, P)
}
SWEEP = [(name, loc) for name in (S, P) for loc in _locations(EXAMPLE_DATA[name])]
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the test's own writing, kept quick


def _loc_id(name: str, loc: tuple) -> str:
    return (
        Path(name).stem.split("-")[0]
        + ":"
        + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    )


def _fair(original: Any, wrong: Any) -> bool:
    """Could ``wrong`` be right where ``original`` stands? (Otherwise it must be an error.)"""
    if wrong is None:
        return True  # optional fields may be empty
    if isinstance(original, bool) or isinstance(wrong, bool):
        return type(original) is type(wrong)
    if isinstance(original, (int, float)) and isinstance(wrong, (int, float)):
        return True  # the example writes `net_weight_g: 850` for a decimal field
    if isinstance(original, dict) and set(original) <= {"id", "en"} and isinstance(wrong, str):
        return True  # `name: Tas` is short for `name: {id: Tas}`
    return type(original) is type(wrong)


def _mutated(name: str, loc: tuple, wrong: Any, tag: int) -> tuple[Any, Any]:
    """(original value, data with ``wrong`` at ``loc``); products get distinct names."""
    data = copy.deepcopy(EXAMPLE_DATA[name])
    if name == P and loc[:2] not in (("name",), ("name", "id")):
        data["name"]["id"] += f" {tag}"  # nine copies of a product must not share a name
    holder = data
    for part in loc[:-1]:
        holder = holder[part]
    original, holder[loc[-1]] = holder[loc[-1]], wrong
    return original, data


@pytest.fixture(scope="module")
def sweep_roots(tmp_path_factory) -> dict[str, Path]:
    """products/ trees: one supplier for the product variants, bare folders for suppliers."""
    base = tmp_path_factory.mktemp("sweep")
    product_root = base / "for-products" / "products"
    copy_example(product_root, "sweep")
    (product_root / "sweep" / P).unlink()
    supplier_root = base / "for-suppliers" / "products"
    for i in range(len(WRONG)):
        (supplier_root / f"s{i}").mkdir(parents=True)
    return {P: product_root, S: supplier_root}


@pytest.mark.parametrize("name, loc", SWEEP, ids=[_loc_id(*c) for c in SWEEP])
def test_every_field_with_every_wrong_type(sweep_roots, monkeypatch, name, loc):
    """No traceback, no diagnostic without a code, place and both messages, whatever the value."""
    root = sweep_roots[name]
    monkeypatch.chdir(root.parent)
    cases: dict[str, str] = {}  # shown path -> what was changed
    must_fail: set[str] = set()
    for i, wrong in enumerate(WRONG):
        file = root / "sweep" / f"v{i}.yaml" if name == P else root / f"s{i}" / S
        original, data = _mutated(name, loc, wrong, i)
        file.write_text(
            yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        shown = file.relative_to(root.parent).as_posix()
        cases[shown] = f"{_loc_id(name, loc)} = {wrong!r:.40}"
        if not _fair(original, wrong):
            must_fail.add(shown)

    catalog = load_catalog(Path("products"), today=TODAY)  # must not raise

    assert catalog.files == len(WRONG) + (name == P)
    for d in catalog.diagnostics:
        assert d.path in cases or (d.path.endswith(S) and name == P), d
        case = cases.get(d.path, d.path)
        assert d.code in CODES, (case, d)
        assert d.severity is CODES[d.code].severity, (case, d)
        assert d.line >= 1 and d.column >= 1, (case, d)
        assert d.message.id.strip() and d.message.en.strip(), (case, d)
        assert not re.search(r"\{[a-z_]+\}", d.message.en + d.message.id), (case, d)  # unfilled
    failed = {d.path for d in catalog.diagnostics if d.is_error}
    assert not must_fail - failed, [cases[p] for p in sorted(must_fail - failed)]

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["validate", "--format", "json", "products"])
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert err.getvalue() == ""
    assert code == (1 if failed else 0)
    reported = json.loads(out.getvalue())
    assert [
        (x["code"], x["path"], x["line"], x["column"]) for x in reported["diagnostics"]
    ] == where(catalog.diagnostics)


# -- one folder cannot speak for another (issue: the pull-request boundary) ----------------------
def _second_supplier(catalogue, supplier_id: str, **replace: str):
    """A copy of the example supplier under another folder, with text replaced."""
    folder = catalogue.root / supplier_id
    shutil.copytree(catalogue.folder, folder)
    text = (folder / SUPPLIER).read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    (folder / SUPPLIER).write_text(text, encoding="utf-8")
    return folder


def test_entry_file_that_is_a_link_to_another_suppliers_file_is_refused(catalogue):
    other = _second_supplier(
        catalogue,
        "ud-lain",
        **{'"9120301234501"': '"9120301234999"', "+6281234500001": "+6281234500999"},
    )
    (other / PRODUCT).unlink()
    (other / PRODUCT).symlink_to(catalogue.folder / PRODUCT)
    catalog = catalogue.load()
    assert [(d.code, d.path) for d in errors(catalog)] == [("R324", f"products/ud-lain/{PRODUCT}")]
    assert "ud-lain/" + PRODUCT.removesuffix(".yaml") not in catalog.products


def test_linked_supplier_yaml_is_refused(catalogue):
    other = _second_supplier(catalogue, "ud-tiruan")
    (other / SUPPLIER).unlink()
    (other / SUPPLIER).symlink_to(catalogue.folder / SUPPLIER)
    codes = {(d.code, d.path) for d in errors(catalogue.load())}
    assert ("R324", "products/ud-tiruan/supplier.yaml") in codes
    assert "ud-tiruan" not in catalogue.load().suppliers


def test_yaml_and_yml_of_one_id_is_an_error_naming_both(catalogue):
    shutil.copyfile(catalogue.path(PRODUCT), catalogue.path(PRODUCT.replace(".yaml", ".yml")))
    (diagnostic,) = errors(catalogue.load())
    assert diagnostic.code == "R325"
    assert catalogue.shown(PRODUCT) in diagnostic.message.en
    assert catalogue.shown(PRODUCT.replace(".yaml", ".yml")) in diagnostic.message.en


def test_same_nib_in_two_folders_is_an_error(catalogue):
    _second_supplier(catalogue, "ud-kembar", **{"+6281234500001": "+6281234500999"})
    (diagnostic,) = errors(catalogue.load())
    assert (diagnostic.code, diagnostic.path) == ("R326", "products/ud-kembar/supplier.yaml")
    assert catalogue.folder.name in diagnostic.message.id
    assert diagnostic.line == catalogue.position(SUPPLIER, "nib:")[0]


def test_shared_whatsapp_is_a_warning_naming_both(catalogue):
    _second_supplier(catalogue, "koperasi-saudara", **{'"9120301234501"': '"9120301234999"'})
    catalog = catalogue.load()
    assert errors(catalog) == []
    (diagnostic,) = [d for d in warnings(catalog) if d.code == "R327"]
    # reported on the later folder in name order, naming the other one
    assert diagnostic.path == f"products/{catalogue.folder.name}/supplier.yaml"
    assert "koperasi-saudara" in diagnostic.message.en


# -- buyer-facing text has a length cap, and the worst text it allows converts fast ---------------
def test_text_longer_than_its_cap_is_an_error(catalogue):
    from catalog.core.models import TEXT_LIMITS

    limit = TEXT_LIMITS["description"]
    text = catalogue.text(P)
    start = text.index("description:")
    catalogue.write(
        P,
        text[:start]
        + f"description: {{id: {'a' * (limit + 1)}}}\n"
        + text[text.index("\ncategory:") + 1 :],
    )
    (diagnostic,) = errors(catalogue.load())
    assert diagnostic.code.startswith("S") and f"{limit}" in diagnostic.message.id
    catalogue.write(
        P,
        text[:start]
        + f"description: {{id: {'a' * limit}}}\n"
        + text[text.index("\ncategory:") + 1 :],
    )
    assert errors(catalogue.load()) == []


@pytest.mark.parametrize("unit", ["![", "[", "[x](", "*a ", "_a ", "`", "<", "[a](b "])
def test_worst_description_the_cap_allows_converts_in_well_under_a_second(unit):
    import time
    from catalog.core.models import TEXT_LIMITS
    from catalog.site.views import description_html

    limit = TEXT_LIMITS["description"]
    text = (unit * (limit // len(unit) + 1))[:limit]
    if unit == "[":
        text = "[" * (limit // 2) + "]" * (limit // 2)
    started = time.perf_counter()
    html = description_html(text)
    assert time.perf_counter() - started < 1.0
    assert "<script" not in html


@pytest.mark.parametrize(
    "address, ok",
    [
        ("penjualan@kulit-tanggulangin.example", True),
        ("a?bcc=x%40evil.example.com@gmail.com", True),  # valid; links encode it
        ("a?bcc=x%40evil.example@host", False),  # a domain without a dot
        ("a b@c.com", False),
        ("@c.com", False),
        ("a@b@c.com", False),
        ('"q"@c.com', False),
    ],
)
def test_email_addresses_by_the_rfc(catalogue, address, ok):
    catalogue.edit(S, "penjualan@kulit-tanggulangin.example", json.dumps(address))
    found = errors(catalogue.load())
    if ok:
        assert found == []
    else:
        (diagnostic,) = found
        assert (diagnostic.path, diagnostic.line) == (
            catalogue.shown(S),
            catalogue.position(S, "email:")[0],
        )
        assert "e-mail" in diagnostic.message.id + (diagnostic.hint.id if diagnostic.hint else "")

"""The release manifest and ``catalog report`` (issue 8), plus the release workflow.

The sample catalogue is built once per module (``catalog build``, so the
manifest comes from the real build path); a copy of ``products/`` is then
changed the ways a release changes it and reported against that manifest in
every format.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageFilter

from catalog.core.catalogue import load_catalog
from catalog.cli import main
from catalog.site.manifest import MANIFEST_NAME, full_manifest_path, manifest_bytes
from catalog.build import report as report_module
from catalog.build.report import MIN_PHOTOS, SHARPNESS_MIN, SharpnessStore, photo_sharpness

from conftest import REPO, SITE_PROJECT, TODAY, run_build

FORMATS = ("text", "markdown", "json")
PHOTOS = REPO / "tests" / "fixtures" / "photos"

# What the modified copy changes (see `changed_products`).
NEW_PRODUCT = "kopindo-tanggulangin/ikat-pinggang-kulit-kerbau"
NEW_SUPPLIER = "koperasi-kulit-porong"
NEW_SUPPLIER_PRODUCT = f"{NEW_SUPPLIER}/tas-jinjing-kulit-sapi"
PRICE_CHANGED = "ud-mete-raha/mete-kupas-w320"
REMOVED = "kopindo-tanggulangin/dompet-kulit-lipat"
CERT_EXPIRED = "ud-mete-raha/mete-panggang-asin"  # P-IRT ended 2026-10-01: 52 days ago
CERT_EXPIRING = "kopwan-mitra-surabaya/kue-lidah-kucing-sachet"  # BPOM ends 2027-01-15: 54 days
PHOTO_DROPPED = "kopindo-tanggulangin/tas-jinjing-kulit-sapi"
UNPUBLISHED = "ksu-wolio-bahari/sarung-tenun-buton"  # active -> draft
PRICE_EXPIRED = "kopi-bambapuang-enrekang/kopi-kalosi-bubuk"  # valid until 2026-11-01: 21 days
PHOTO_BLURRED = "cv-etam-sangatta/amplang-ikan-tenggiri"  # photos/amplang-1.jpg re-saved blurred
COSMETIC = "kopwan-mitra-surabaya/handuk-mandi-hotel"  # comments/quoting only: no change

EXPECTED_CHANGED = {
    PRICE_CHANGED: ["price.tiers"],
    CERT_EXPIRED: ["certifications"],
    CERT_EXPIRING: ["certifications"],
    PHOTO_DROPPED: ["images"],
    PRICE_EXPIRED: ["price.valid_until"],
    PHOTO_BLURRED: ["photos"],
}


def run(*args: str) -> tuple[int, str, str]:
    """``catalog ARGS`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    """The sample catalogue built with ``catalog build`` (the previous release).

    conftest's ``built_site`` builds it once per session into a temporary folder.
    """
    return built_site.root


@pytest.fixture(scope="module")
def manifest(site: Path) -> Path:
    """The full manifest, which the build keeps beside the site (``site.catalog-manifest.json``;
    the site's own holds only what it shows: tests/test_release_path.py)."""
    return full_manifest_path(site)


@pytest.fixture(scope="module")
def changed_products(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of products/ after a release's worth of edits."""
    root = tmp_path_factory.mktemp("next") / "products"
    shutil.copytree(REPO / "products", root)
    # added: a product, and a supplier with one product
    belt = root / "kopindo-tanggulangin"
    text = (belt / "ikat-pinggang-kulit-sapi.yaml").read_text(encoding="utf-8")
    (belt / "ikat-pinggang-kulit-kerbau.yaml").write_text(
        text.replace("id: Ikat Pinggang Kulit Sapi Utuh", "id: Ikat Pinggang Kulit Kerbau"),
        encoding="utf-8",
    )
    new = root / NEW_SUPPLIER
    (new / "photos").mkdir(parents=True)
    for name in (
        "supplier.yaml",
        "tas-jinjing-kulit-sapi.yaml",
        "photos/tas-jinjing-1.jpg",
        "photos/tas-jinjing-2.jpg",
    ):
        shutil.copyfile(belt / name, new / name)
    edit(
        new / "supplier.yaml",
        "name: Koperasi Perajin Kulit Tanggulangin",
        "name: Koperasi Kulit Porong",
    )
    edit(new / "supplier.yaml", '"9120301234501"', '"9120301234777"')  # a business of its own
    edit(new / "supplier.yaml", "+6281234500001", "+6281234500777")
    # changed price, removed product, unpublished product, expired price
    edit(
        root / "ud-mete-raha/mete-kupas-w320.yaml",
        "{min_qty: 500, amount: 8.9}",
        "{min_qty: 500, amount: 9.4}",
    )
    (root / "kopindo-tanggulangin/dompet-kulit-lipat.yaml").unlink()
    edit(root / "ksu-wolio-bahari/sarung-tenun-buton.yaml", "status: active", "status: draft")
    edit(
        root / "kopi-bambapuang-enrekang/kopi-kalosi-bubuk.yaml",
        "  valid_until: 2028-05-31",
        "  valid_until: 2026-11-01",
    )
    # certificates: one expired, one expiring within 90 days
    edit(
        root / "ud-mete-raha/mete-panggang-asin.yaml",
        "valid_until: 2029-05-31}",
        "valid_until: 2026-10-01}",
    )
    edit(
        root / "kopwan-mitra-surabaya/kue-lidah-kucing-sachet.yaml",
        "valid_until: 2029-09-30}",
        "valid_until: 2027-01-15}",
    )
    # photos: one dropped from a product, one replaced by a blurred shot
    edit(
        root / "kopindo-tanggulangin/tas-jinjing-kulit-sapi.yaml",
        "  - file: photos/tas-jinjing-2.jpg\n    alt:\n"
        '      id: "Foto pengganti, bukan foto produk: secangkir kopi"\n'
        '      en: "Stand-in photo, not the product: a cup of coffee"\n',
        "",
    )
    blurred = root / "cv-etam-sangatta/photos/amplang-1.jpg"
    with Image.open(blurred) as im:
        im.filter(ImageFilter.GaussianBlur(6)).save(blurred, quality=90)
    # comments, blank lines and quoting only: not a change
    edit(
        root / "kopwan-mitra-surabaya/handuk-mandi-hotel.yaml",
        'hs_code: "6302.60"',
        "# catatan staf: kode HS sudah dicek\nhs_code:   '6302.60'   \n",
    )
    return root


@pytest.fixture(scope="module")
def reports(changed_products: Path, manifest: Path) -> dict[str, str]:
    """The report of the changed copy against the built manifest, in every format (English)."""
    out = {}
    for fmt in FORMATS:
        code, text, err = run(
            "report",
            "--products",
            str(changed_products),
            "--previous",
            str(manifest),
            "--today",
            TODAY.isoformat(),
            "--format",
            fmt,
            "--lang",
            "en",
        )
        assert code == 0, err
        assert "Traceback" not in err
        out[fmt] = text
    return out


# -- reading the outputs --------------------------------------------------------------------
def text_section(report: str, heading: str) -> list[str]:
    """Lines under the text heading starting with ``heading``, up to the blank line."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    block = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        block.append(line)
    return block


def text_line(report: str, heading: str, key: str) -> str:
    found = [line for line in text_section(report, heading) if f" {key} " in f"{line} "]
    assert len(found) == 1, (heading, key, text_section(report, heading))
    return found[0]


def md_section(report: str, heading: str) -> str:
    match = re.search(
        rf"^#{{3,4}} {re.escape(heading)}.*?$(.*?)(?=^#{{2,4}} |\Z)", report, re.M | re.S
    )
    assert match, heading
    return match.group(1)


def md_row(report: str, heading: str, key: str) -> list[str]:
    rows = [
        line for line in md_section(report, heading).splitlines() if line.startswith(f"| `{key}` |")
    ]
    assert len(rows) == 1, (heading, key, md_section(report, heading))
    return [shown(cell.strip()) for cell in rows[0].strip("|").split(" | ")]


def shown(markdown_text: str) -> str:
    """What GitHub shows for an escaped cell: the characters without their backslashes."""
    return re.sub(r"\\(.)", r"\1", markdown_text).replace("\u200b", "")


def ids(entries: list[dict]) -> set[str]:
    return {e["id"] for e in entries}


HEADINGS = {
    "added": "Products added",
    "changed": "Products changed",
    "removed": "Products removed",
    "unpublished": "Products unpublished",
    "suppliers_added": "Suppliers added",
    "certificates": "Certificates expired",
    "prices": "Prices past",
}


# -- the manifest -----------------------------------------------------------------------------
def test_build_writes_the_manifest(site: Path, manifest: Path) -> None:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    catalog = load_catalog(REPO / "products", today=TODAY)
    assert data["format"] == 1 and data["catalog_version"]
    assert set(data["products"]) == set(catalog.products)  # every status, not just active
    assert set(data["suppliers"]) == set(catalog.suppliers)
    tas = data["products"]["kopindo-tanggulangin/tas-jinjing-kulit-sapi"]
    assert tas["status"] == "active" and tas["supplier"] == "kopindo-tanggulangin"
    assert re.fullmatch(r"[0-9a-f]{64}", tas["hash"])
    assert {"price.tiers", "price.valid_until", "name.en", "images"} <= set(tas["fields"])
    assert tas["photos"][0]["file"] == "photos/tas-jinjing-1.jpg"
    assert re.fullmatch(r"[0-9a-f]{64}", tas["photos"][0]["sha256"])
    assert tas["price_valid_until"] == "2028-06-30"
    assert data["products"]["sepatu-kulit-wedoro/sandal-kulit-slop"]["status"] == "discontinued"
    mete = data["products"]["ud-mete-raha/mete-kupas-w320"]
    assert {"type": "pirt", "number": "2087403010232-29", "valid_until": "2029-05-31"} in mete[
        "certificates"
    ]
    assert re.fullmatch(r"[0-9a-f]{64}", data["suppliers"]["ud-mete-raha"]["hash"])
    assert data["counts"] == {"products": 20, "suppliers": 10}  # services are not in it
    # produced as data by the core: the build wrote exactly what the catalogue gives
    assert manifest.read_bytes() == manifest_bytes(catalog)


@pytest.mark.slow
def test_manifest_is_deterministic(site: Path, tmp_path: Path) -> None:
    """A second build - through ``mkdocs build`` this time - writes identical bytes."""
    again = run_build(SITE_PROJECT, tmp_path / "again", tool="mkdocs")
    assert again.returncode == 0, str(again)
    assert (tmp_path / "again" / MANIFEST_NAME).read_bytes() == (site / MANIFEST_NAME).read_bytes()
    assert not re.search(rb"\d{4}-\d\d-\d\dT\d\d:", (site / MANIFEST_NAME).read_bytes())


def test_manifest_changes_only_the_touched_product(manifest: Path, tmp_path: Path) -> None:
    root = tmp_path / "products"
    shutil.copytree(REPO / "products", root)
    edit(
        root / "ud-mete-raha/mete-kupas-w320.yaml",
        "{min_qty: 500, amount: 8.9}",
        "{min_qty: 500, amount: 9.1}",
    )
    # comments, blank lines, indentation and quoting are not content
    edit(
        root / "kopwan-mitra-surabaya/handuk-mandi-hotel.yaml",
        'hs_code: "6302.60"',
        "\n# dicek staf\nhs_code:    '6302.60'",
    )
    before = json.loads(manifest.read_text(encoding="utf-8"))
    after = json.loads(manifest_bytes(load_catalog(root, today=TODAY)))
    differ = {k for k in before["products"] if before["products"][k] != after["products"][k]}
    assert differ == {PRICE_CHANGED}
    old, new = before["products"][PRICE_CHANGED], after["products"][PRICE_CHANGED]
    assert old["hash"] != new["hash"]
    assert {f for f in old["fields"] if old["fields"][f] != new["fields"].get(f)} == {"price.tiers"}
    assert old["photos"] == new["photos"]
    assert before["suppliers"] == after["suppliers"]
    assert {k: v for k, v in before.items() if k != "products"} == {
        k: v for k, v in after.items() if k != "products"
    }


# -- the report of a changed catalogue, in every format ---------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_added_products_and_supplier(reports: dict[str, str], fmt: str) -> None:
    report = reports[fmt]
    added = {NEW_PRODUCT, NEW_SUPPLIER_PRODUCT}
    if fmt == "json":
        data = json.loads(report)
        assert ids(data["products"]["added"]) == added
        assert data["suppliers"]["added"] == [{"id": NEW_SUPPLIER, "name": "Koperasi Kulit Porong"}]
        assert data["suppliers"]["changed"] == data["suppliers"]["removed"] == []
    elif fmt == "text":
        assert text_section(report, HEADINGS["added"]) and len(
            text_section(report, HEADINGS["added"])
        ) == len(added)
        assert "Ikat Pinggang Kulit Kerbau" in text_line(report, HEADINGS["added"], NEW_PRODUCT)
        text_line(report, HEADINGS["added"], NEW_SUPPLIER_PRODUCT)
        assert "Koperasi Kulit Porong" in text_line(
            report, HEADINGS["suppliers_added"], NEW_SUPPLIER
        )
        assert "Products added (2)" in report and "Suppliers added (1)" in report
    else:
        assert md_row(report, HEADINGS["added"], NEW_PRODUCT)[1] == "Ikat Pinggang Kulit Kerbau"
        md_row(report, HEADINGS["added"], NEW_SUPPLIER_PRODUCT)
        assert (
            md_row(report, HEADINGS["suppliers_added"], NEW_SUPPLIER)[1] == "Koperasi Kulit Porong"
        )
        assert "### Products added (2)" in report


@pytest.mark.parametrize("fmt", FORMATS)
def test_changed_products_name_their_fields(reports: dict[str, str], fmt: str) -> None:
    report = reports[fmt]
    if fmt == "json":
        changed = {c["id"]: c["fields"] for c in json.loads(report)["products"]["changed"]}
        assert changed == EXPECTED_CHANGED  # not the cosmetic edit, not the unpublished one
        blurred = next(
            c for c in json.loads(report)["products"]["changed"] if c["id"] == PHOTO_BLURRED
        )
        assert blurred["photos"] == ["photos/amplang-1.jpg"]
        return
    for key, fields in EXPECTED_CHANGED.items():
        if fmt == "text":
            line = text_line(report, HEADINGS["changed"], key)
        else:
            line = md_row(report, HEADINGS["changed"], key)[2]
        for f in fields:
            assert (f if f != "photos" else "photo replaced: photos/amplang-1.jpg") in line
    section = (
        text_section(report, HEADINGS["changed"])
        if fmt == "text"
        else md_section(report, HEADINGS["changed"])
    )
    assert COSMETIC not in str(section) and UNPUBLISHED not in str(section)


@pytest.mark.parametrize("fmt", FORMATS)
def test_removed_and_unpublished(reports: dict[str, str], fmt: str) -> None:
    report = reports[fmt]
    if fmt == "json":
        products = json.loads(report)["products"]
        assert products["removed"] == [
            {
                "id": REMOVED,
                "name": "Dompet Lipat Kulit Sapi",
                "supplier": "kopindo-tanggulangin",
                "status": "active",
            }
        ]
        (unpublished,) = products["unpublished"]
        assert (unpublished["id"], unpublished["status_before"], unpublished["status"]) == (
            UNPUBLISHED,
            "active",
            "draft",
        )
    elif fmt == "text":
        assert "Dompet Lipat Kulit Sapi" in text_line(report, HEADINGS["removed"], REMOVED)
        assert "active → draft" in text_line(report, HEADINGS["unpublished"], UNPUBLISHED)
        assert len(text_section(report, HEADINGS["removed"])) == 1
    else:
        assert md_row(report, HEADINGS["removed"], REMOVED)[1] == "Dompet Lipat Kulit Sapi"
        assert md_row(report, HEADINGS["unpublished"], UNPUBLISHED)[2] == "active → draft"


@pytest.mark.parametrize("fmt", FORMATS)
def test_certificates_with_supplier_contact(reports: dict[str, str], fmt: str) -> None:
    report = reports[fmt]
    if fmt == "json":
        alerts = {a["product"]: a for a in json.loads(report)["certificates"]["alerts"]}
        assert set(alerts) == {CERT_EXPIRED, CERT_EXPIRING}
        expired, expiring = alerts[CERT_EXPIRED], alerts[CERT_EXPIRING]
        assert (
            expired["state"],
            expired["type"],
            expired["valid_until"],
            expired["days_left"],
        ) == ("expired", "pirt", "2026-10-01", -52)
        assert (expired["supplier_name"], expired["whatsapp"]) == (
            "UD Mete Raha Lestari",
            "+6281345600004",
        )
        assert (expiring["state"], expiring["type"], expiring["days_left"]) == (
            "expiring",
            "bpom",
            54,
        )
        assert expiring["whatsapp"] == "+6281330400007"
        return
    if fmt == "text":
        expired = text_line(report, HEADINGS["certificates"], CERT_EXPIRED)
        expiring = text_line(report, HEADINGS["certificates"], CERT_EXPIRING)
        assert len(text_section(report, HEADINGS["certificates"])) == 2
    else:
        expired = " | ".join(md_row(report, HEADINGS["certificates"], CERT_EXPIRED))
        expiring = " | ".join(md_row(report, HEADINGS["certificates"], CERT_EXPIRING))
    assert "PIRT 2087403010231-29" in expired and "2026-10-01" in expired
    assert "expired 52 days ago" in expired
    assert "UD Mete Raha Lestari" in expired and "WA +6281345600004" in expired
    assert "BPOM MD 231113001357" in expiring and "expires in 54 days" in expiring
    assert "Koperasi Wanita Mitra Dapur Surabaya" in expiring and "+6281330400007" in expiring


@pytest.mark.parametrize("fmt", FORMATS)
def test_expired_prices_are_reported(reports: dict[str, str], fmt: str) -> None:
    report = reports[fmt]
    if fmt == "json":
        (alert,) = json.loads(report)["prices"]
        assert (
            alert["product"],
            alert["valid_until"],
            alert["days_overdue"],
            alert["supplier_name"],
            alert["whatsapp"],
        ) == (PRICE_EXPIRED, "2026-11-01", 21, "Kopi Kalosi Bambapuang", "+6281355200009")
        return
    line = (
        text_line(report, HEADINGS["prices"], PRICE_EXPIRED)
        if fmt == "text"
        else " | ".join(md_row(report, HEADINGS["prices"], PRICE_EXPIRED))
    )
    assert "2026-11-01" in line and "21 days overdue" in line
    assert "Kopi Kalosi Bambapuang" in line and "+6281355200009" in line


@pytest.mark.parametrize("fmt", FORMATS)
def test_readiness_of_the_changed_catalogue(reports: dict[str, str], fmt: str) -> None:
    """The expired P-IRT blocks the badge; the blurred and the dropped photo are advice."""
    report = reports[fmt]
    if fmt == "json":
        rows = {
            p["id"]: p for s in json.loads(report)["readiness"]["suppliers"] for p in s["products"]
        }
        mete = rows[CERT_EXPIRED]
        assert mete["export_ready"] is False
        assert {"code": "food_licence", "blocks_badge": True} in [
            {k: g[k] for k in ("code", "blocks_badge")} for g in mete["gaps"]
        ]
        blurry = next(g for g in rows[PHOTO_BLURRED]["gaps"] if g["code"] == "photo_blurry")
        assert blurry["blocks_badge"] is False
        assert blurry["params"]["photos"][0]["file"] == "photos/amplang-1.jpg"
        assert blurry["params"]["photos"][0]["sharpness"] < SHARPNESS_MIN
        photos = next(g for g in rows[PHOTO_DROPPED]["gaps"] if g["code"] == "photo_count")
        assert photos["params"] == {"count": 1, "min": MIN_PHOTOS}
        return
    if fmt == "text":
        assert "! a valid P-IRT or BPOM licence" in _text_row(
            report, "ud-mete-raha", "mete-panggang-asin"
        )
        assert "photo not sharp enough: photos/amplang-1.jpg" in _text_row(
            report, "cv-etam-sangatta", "amplang-ikan-tenggiri"
        )
        assert "photos: 1 of at least 3" in _text_row(
            report, "kopindo-tanggulangin", "tas-jinjing-kulit-sapi"
        )
    else:
        row = md_row(report, "UD Mete Raha Lestari", "mete-panggang-asin")
        assert row[2] == "No" and "a valid P-IRT or BPOM licence" in row[3]
        row = md_row(report, "CV Etam Sangatta Mandiri", "amplang-ikan-tenggiri")
        assert "photo not sharp enough: photos/amplang-1.jpg" in row[4]


def test_report_defaults_to_indonesian(changed_products: Path, manifest: Path) -> None:
    code, out, _ = run(
        "report",
        "--products",
        str(changed_products),
        "--previous",
        str(manifest),
        "--today",
        TODAY.isoformat(),
    )
    assert code == 0
    assert out.startswith("Laporan rilis katalog")
    assert "Produk baru (2)" in out and "Produk dihapus (1)" in out
    assert "aktif → draf" in out and "sudah berakhir 52 hari lalu" in out
    assert "lewat 21 hari" in out and "Kesiapan ekspor per pemasok" in out


def test_previous_may_be_a_site_folder(changed_products: Path, site: Path, manifest: Path) -> None:
    common = (
        "report",
        "--products",
        str(changed_products),
        "--today",
        TODAY.isoformat(),
        "--format",
        "json",
    )
    _, from_dir, _ = run(*common, "--previous", str(site))
    _, from_file, _ = run(*common, "--previous", str(manifest))
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "previous"}  # noqa
    assert strip(from_dir) == strip(from_file)


def test_default_previous_is_site_manifest_else_all_added(
    manifest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = (
        "report",
        "--products",
        str(REPO / "products"),
        "--today",
        TODAY.isoformat(),
        "--format",
        "json",
    )
    code, out, _ = run(*args)
    data = json.loads(out)
    assert code == 0 and data["previous"] is None
    assert len(data["products"]["added"]) == 20 and len(data["suppliers"]["added"]) == 10
    (tmp_path / "site").mkdir()
    shutil.copyfile(manifest, tmp_path / "site" / MANIFEST_NAME)
    code, out, _ = run(*args)
    data = json.loads(out)
    assert data["previous"]["source"] == f"site/{MANIFEST_NAME}"
    assert data["products"] == {"added": [], "changed": [], "removed": [], "unpublished": []}
    code, out, _ = run(*args, "--no-previous")
    assert len(json.loads(out)["products"]["added"]) == 20


@pytest.mark.parametrize(
    "make, args, en, id_",
    [
        (None, ("--previous", "{tmp}/nowhere.json"), "does not exist", "tidak ditemukan"),
        ("dir", ("--previous", "{tmp}/old-site"), "holds no catalog-manifest.json", "tidak berisi"),
        ("json", ("--previous", "{tmp}/other.json"), "is not a catalog-manifest.json", "bukan"),
        ("garbage", ("--previous", "{tmp}/broken.json"), "not a readable JSON manifest", "bukan"),
        (None, ("--today", "22-11-2026"), "is not a YYYY-MM-DD date", "bukan tanggal"),
        (None, ("--products", "{tmp}/no-products"), "does not exist", "tidak ditemukan"),
        (None, ("--previous", "{tmp}/x.json", "--no-previous"), "choose one", "pilih salah satu"),
    ],
)
def test_usage_errors_exit_2_in_both_languages(tmp_path: Path, make, args, en, id_) -> None:
    if make == "dir":
        (tmp_path / "old-site").mkdir()
    elif make == "json":
        (tmp_path / "other.json").write_text('{"products": []}', encoding="utf-8")
    elif make == "garbage":
        (tmp_path / "broken.json").write_bytes(b"\xff{not json")
    args = tuple(a.format(tmp=tmp_path) for a in args)
    base = ("report", "--products", str(REPO / "products"), "--today", TODAY.isoformat())
    if "--products" in args:
        base = ("report",)
    for lang, expected in (("en", en), ("id", id_)):
        code, out, err = run(*base, *args, "--lang", lang)
        assert code == 2, (out, err)
        assert err.startswith("catalog: ") and expected in err, err
        assert "Traceback" not in err and out == ""


# -- readiness of the sample catalogue ----------------------------------------------------------
def _text_row(report: str, supplier: str, product: str) -> str:
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{supplier} · "))
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        if line.split()[0] == product:
            return line
    raise AssertionError(f"no row for {supplier}/{product}")


@pytest.fixture(scope="module")
def sample_readiness() -> tuple[str, dict[str, dict]]:
    args = (
        "report",
        "--products",
        str(REPO / "products"),
        "--no-previous",
        "--today",
        TODAY.isoformat(),
        "--lang",
        "en",
    )
    code, text, _ = run(*args)
    assert code == 0
    _, out, _ = run(*args, "--format", "json")
    rows = {p["id"]: p for s in json.loads(out)["readiness"]["suppliers"] for p in s["products"]}
    return text, rows


def test_sample_readiness_lists_known_gaps(sample_readiness) -> None:
    text, rows = sample_readiness
    assert len(rows) == 20
    tempe = rows["kopwan-mitra-surabaya/keripik-tempe-pouch"]
    english = next(g for g in tempe["gaps"] if g["code"] == "english")
    assert english["blocks_badge"] and english["params"]["fields"] == ["description"]
    assert tempe["export_ready"] is False
    assert "! English text (description)" in _text_row(
        text, "kopwan-mitra-surabaya", "keripik-tempe-pouch"
    )
    sandal = rows["sepatu-kulit-wedoro/sandal-kulit-slop"]
    assert sandal["status"] == "discontinued" and sandal["gaps"] == []
    row = _text_row(text, "sepatu-kulit-wedoro", "sandal-kulit-slop")
    assert "discontinued" in row and "no longer offered" in row
    # export-ready on the site (the badge): an export Incoterm, a price in USD or on
    # request, export packing (issue 18; tests/test_export.py says what the others lack)
    assert {k for k, p in rows.items() if p["export_ready"]} == {
        "koperasi-kakao-wundulako/biji-kakao-fermentasi",
        "kopi-bambapuang-enrekang/kopi-arabika-kalosi-sangrai",
        "kopindo-tanggulangin/dompet-kulit-lipat",
        "ksu-wolio-bahari/rumput-laut-cottonii-kering",
        "ud-mete-raha/mete-kupas-w320",
    }


def test_sample_readiness_photo_rules(sample_readiness) -> None:
    text, rows = sample_readiness
    for file in sorted((REPO / "products").glob("*/*.yaml")):
        if file.name == "supplier.yaml":
            continue
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if data.get("kind") == "service":  # services have no export readiness
            continue
        key = f"{file.parent.name}/{file.stem}"
        codes = {g["code"] for g in rows[key]["gaps"]}
        few = data.get("status") != "discontinued" and len(data["images"]) < MIN_PHOTOS
        assert ("photo_count" in codes) == few, key
        assert "photo_blurry" not in codes and "photo_unreadable" not in codes, key
        if few:
            assert f"photos: {len(data['images'])} of at least 3" in _text_row(
                text, file.parent.name, file.stem
            )


def test_sample_readiness_container_and_markets(sample_readiness) -> None:
    _, rows = sample_readiness
    gaps = {k: {g["code"]: g for g in p["gaps"]} for k, p in rows.items()}
    assert "container" not in gaps["ksu-wolio-bahari/rumput-laut-cottonii-kering"]  # 60 t
    assert "container" not in gaps["kopwan-mitra-surabaya/kue-lidah-kucing-sachet"]  # 900 cartons
    mete = gaps["ud-mete-raha/mete-kupas-w320"]["container"]  # 6 t of cashews a month
    assert mete["params"]["capacity"] == {"quantity": 6, "unit": "tonne"}
    assert mete["params"]["threshold"] == {"quantity": 15000, "unit": "kg"}
    assert "export_markets" in gaps["cv-etam-sangatta/kain-batik-cap-kutai"]
    assert "export_markets" not in gaps["ud-mete-raha/mete-panggang-asin"]  # the supplier's


def test_photo_sharpness_separates_sharp_from_blurred(tmp_path: Path) -> None:
    source = PHOTOS / "coffee-1800x1200.jpg"
    with Image.open(source) as im:
        im.filter(ImageFilter.GaussianBlur(4 * 1800 / 1600)).save(tmp_path / "soft.jpg", quality=90)
    assert photo_sharpness(source) > 2 * SHARPNESS_MIN
    assert photo_sharpness(tmp_path / "soft.jpg") < SHARPNESS_MIN
    assert photo_sharpness(PHOTOS / "not-an-image.jpg") is None
    assert photo_sharpness(tmp_path / "missing.jpg") is None


def test_sharpness_scores_are_kept_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "a.jpg"
    shutil.copyfile(PHOTOS / "coffee-1800x1200.jpg", photo)
    cache = tmp_path / ".cache" / "report" / "sharpness.json"
    first = SharpnessStore(cache)
    score = first.get(photo)
    first.save()
    assert score == photo_sharpness(photo) and cache.is_file()

    def measured(path: Path) -> float:
        raise AssertionError(f"{path} measured again")

    monkeypatch.setattr(report_module, "photo_sharpness", measured)
    shutil.copyfile(photo, tmp_path / "renamed.jpg")  # same bytes, other name: same score
    assert SharpnessStore(cache).get(tmp_path / "renamed.jpg") == score


# -- the release workflow ---------------------------------------------------------------------
def test_release_workflow() -> None:
    text = (REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on["push"]["tags"] == ["v*"] and "workflow_dispatch" in on
    steps = [s for job in flow["jobs"].values() for s in job.get("steps", [])]
    uses = [s["uses"] for s in steps if "uses" in s]
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action  # pinned by SHA
    names = {u.split("@")[0] for u in uses}
    assert {
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= names
    assert any(n.startswith("actions/cache") for n in names)
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert str(python["with"]["python-version"]) == "3.11"
    cache = [s for s in steps if s.get("uses", "").startswith("actions/cache")]
    assert any("hashFiles('products/**')" in str(s["with"]["key"]) for s in cache)
    scripts = "\n".join(s.get("run", "") for s in steps)
    # keyed on the image cache's format versions too (read from catalog/images)
    assert "python3 .github/scripts/image_cache_key.py" in scripts  # issue 19: one key script
    key_script = (REPO / ".github" / "scripts" / "image_cache_key.py").read_text(encoding="utf-8")
    assert "PIPELINE_VERSION" in key_script and '"settings.py"' in key_script
    assert all(
        "steps.cache-version.outputs.prefix" in str(s["with"].get("key", ""))
        for s in cache
        if s["uses"].startswith("actions/cache/restore")
    )
    assert "python3 scripts/dev.py setup" in scripts
    assert "catalog build" in scripts
    assert re.search(r"catalog report .*--format markdown", scripts)
    assert "GITHUB_STEP_SUMMARY" in scripts
    assert "catalog-manifest.json" in scripts
    deploy = next(
        job
        for job in flow["jobs"].values()
        if any(s.get("uses", "").startswith("actions/deploy-pages") for s in job.get("steps", []))
    )
    assert deploy["environment"]["name"] == "github-pages"
    perms = {**flow.get("permissions", {}), **deploy.get("permissions", {})}
    assert perms.get("pages") == "write" and perms.get("id-token") == "write"
    # the options the workflow passes exist
    for line in re.findall(r"catalog report[^\n]*", scripts):
        for option in re.findall(r"--[a-z-]+", line):
            assert option in {
                "--previous",
                "--no-previous",
                "--format",
                "--lang",
                "--today",
                "--products",
            }, option


def test_supplier_text_in_release_notes_is_inert(tmp_path, monkeypatch):
    """A product name with a comment opener, a mention, a link and a pipe: the notes show it
    as typed, and nothing after it is hidden or broken."""
    root = tmp_path / "products"
    shutil.copytree(REPO / "products", root)
    hostile = "Tas <!-- @rumahdagang/staff [klik](https://evil.example) | <b>x</b> #1"
    edit(
        root / "kopindo-tanggulangin/dompet-kulit-lipat.yaml",
        "id: Dompet Lipat Kulit Sapi",
        f'id: "{hostile}"',
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        "report",
        "--products",
        str(root),
        "--no-previous",
        "--format",
        "markdown",
        "--lang",
        "en",
        "--today",
        "2026-11-22",
    )
    assert code == 0, err
    assert md_row(out, HEADINGS["added"], "kopindo-tanggulangin/dompet-kulit-lipat")[1] == hostile
    assert not re.search(r"(?<!\\)<", out) and not re.search(r"(?<!\\)\]\(", out)
    assert "@rumahdagang/" not in out and "https://evil" not in out
    assert out.rstrip().endswith("|")  # the last table is still there, nothing swallowed

"""Staff curation (issue 21): assessments only in staff-owned curation/ files, and the
staff report's list of suppliers due for an assessment."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from catalog import cli
from catalog.core.catalogue import load_catalog
from conftest import REPO, TODAY, Catalogue, errors, where

RECENT = """\
assessments:
  - assessed_on: 2026-03-02
    assessor: Dra. Wulan Pratiwi
    result: ready_local
"""


def curation(catalogue: Catalogue, supplier: str, text: str) -> Path:
    folder = catalogue.root.parent / "curation"
    folder.mkdir(exist_ok=True)
    (folder / f"{supplier}.yaml").write_text(text, encoding="utf-8")
    return folder / f"{supplier}.yaml"


def test_curation_is_read_from_the_staff_folder(catalogue: Catalogue) -> None:
    curation(catalogue, "kopindo-tanggulangin", RECENT)
    catalog = catalogue.load()
    assert errors(catalog) == []
    latest = catalog.assessment("kopindo-tanggulangin")
    assert (latest.assessed_on, latest.result) == (dt.date(2026, 3, 2), "ready_local")
    assert not catalog.assessment_due("kopindo-tanggulangin")


@pytest.mark.parametrize("name", ["supplier.yaml", "tas-jinjing-kulit-sapi.yaml"])
@pytest.mark.parametrize(
    "block",
    ["assessed_on: 2026-03-02\n", "curation: {result: ready_export}\n", "verified: true\n"],
)
def test_curation_fields_are_refused_in_a_suppliers_own_files(
    catalogue: Catalogue, name: str, block: str
) -> None:
    catalogue.write(name, catalogue.text(name) + block)
    found = errors(catalogue.load())
    key = block.split(":")[0]
    assert where(found) == [("R343", catalogue.shown(name), *catalogue.position(name, f"{key}:"))]
    assert "curation/kopindo-tanggulangin.yaml" in found[0].hint.id
    assert "curation/kopindo-tanggulangin.yaml" in found[0].hint.en
    assert "penilaian" in found[0].message.id and "assessment" in found[0].message.en


def test_curation_for_an_unknown_supplier_is_an_error(catalogue: Catalogue) -> None:
    file = curation(catalogue, "kopindo-tangulangin", RECENT)
    found = errors(catalogue.load())
    assert [(d.code, d.path) for d in found] == [("R344", "curation/kopindo-tangulangin.yaml")]
    assert not catalogue.load().curation
    # validating one supplier folder does not judge the others' curation files
    assert errors(catalogue.load(only=[catalogue.folder])) == []
    file.unlink()


def test_a_linked_curation_file_is_refused_not_read(catalogue: Catalogue, tmp_path: Path) -> None:
    """A pull request cannot point a staff record at a file elsewhere on the machine."""
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(RECENT, encoding="utf-8")
    folder = catalogue.root.parent / "curation"
    folder.mkdir(exist_ok=True)
    link = folder / "kopindo-tanggulangin.yaml"
    link.symlink_to(outside)
    catalog = catalogue.load()
    assert [(d.code, d.path) for d in errors(catalog)] == [
        ("R324", "curation/kopindo-tanggulangin.yaml")
    ]
    assert catalog.assessment("kopindo-tanggulangin") is None
    link.unlink()


@pytest.mark.parametrize(
    "old, new, code",
    [
        ("result: ready_local", "result: siap_ekspor", "S204"),
        ("assessed_on: 2026-03-02", "assessed_on: 2027-01-01", "R349"),
        ("    assessor: Dra. Wulan Pratiwi\n", "", "S202"),
    ],
)
def test_curation_fields_are_validated(catalogue: Catalogue, old: str, new: str, code: str) -> None:
    curation(catalogue, "kopindo-tanggulangin", RECENT.replace(old, new))
    assert [d.code for d in errors(catalogue.load())] == [code]


def test_due_a_year_after_the_last_assessment(catalogue: Catalogue) -> None:
    curation(catalogue, "kopindo-tanggulangin", RECENT.replace("2026-03-02", "2025-11-22"))
    assert not catalogue.load().assessment_due("kopindo-tanggulangin")  # 365 days
    curation(catalogue, "kopindo-tanggulangin", RECENT.replace("2026-03-02", "2025-11-21"))
    assert catalogue.load().assessment_due("kopindo-tanggulangin")  # 366 days


def test_latest_assessment_counts(catalogue: Catalogue) -> None:
    older = "  - assessed_on: 2024-01-05\n    assessor: Ir. Bambang\n    result: needs_coaching\n"
    curation(catalogue, "kopindo-tanggulangin", RECENT + older)
    assert catalogue.load().assessment("kopindo-tanggulangin").result == "ready_local"


def _report(tmp_path: Path, fmt: str, lang: str, today: str = "2026-12-07") -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(
            [
                "report",
                "--products",
                str(tmp_path / "products"),
                "--no-previous",
                "--today",
                today,
                "--format",
                fmt,
                "--lang",
                lang,
            ]
        )
    assert code == 0
    return out.getvalue()


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "products", tmp_path / "products")
    shutil.copytree(REPO / "curation", tmp_path / "curation")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_report_lists_suppliers_due_for_assessment(sample: Path) -> None:
    data = json.loads(_report(sample, "json", "en"))
    due = {d["supplier"]: d for d in data["curation"]}
    # never assessed
    assert due["cv-etam-sangatta"]["assessed_on"] is None
    assert due["cv-etam-sangatta"]["last"] == "never assessed"
    assert "konveksi-seragam-gedangan" in due
    # assessed more than a year before the report's date
    assert due["kopindo-tanggulangin"]["assessed_on"] == "2025-08-19"
    assert due["kopindo-tanggulangin"]["days_since"] == 475
    assert due["sepatu-kulit-wedoro"]["result"] == "needs_coaching"
    # assessed within the year: not listed (kopwan's older 2025 visit does not count)
    for fresh in ("kopwan-mitra-surabaya", "ud-mete-raha", "laundri-rungkut-bersih"):
        assert fresh not in due
    # the clinic's to-do list: the export-readiness gaps of its products
    assert "export_packing" in due["kopindo-tanggulangin"]["product_gaps"]
    assert any("export packing" in t for t in due["kopindo-tanggulangin"]["todo"])


def test_report_curation_is_relative_to_the_report_date(sample: Path) -> None:
    data = json.loads(_report(sample, "json", "en", today="2027-10-01"))
    due = {d["supplier"] for d in data["curation"]}
    assert "kopwan-mitra-surabaya" in due and "laundri-rungkut-bersih" not in due


@pytest.mark.parametrize(
    "fmt, lang, title, never",
    [
        ("text", "id", "Penilaian rumah dagang jatuh tempo", "belum pernah dinilai"),
        ("text", "en", "Assessments due", "never assessed"),
        ("markdown", "id", "### Penilaian rumah dagang jatuh tempo", "belum pernah dinilai"),
        ("markdown", "en", "### Assessments due", "never assessed"),
    ],
)
def test_report_curation_section_in_both_languages(
    sample: Path, fmt: str, lang: str, title: str, never: str
) -> None:
    text = _report(sample, fmt, lang)
    section = text[text.index(title) :]
    assert "(7)" in section.splitlines()[0]
    row = next(line for line in section.splitlines() if "kopindo-tanggulangin" in line)
    assert "2025-08-19" in row
    assert never in next(line for line in section.splitlines() if "cv-etam-sangatta" in line)


def test_service_gaps_reach_the_clinic_list(sample: Path) -> None:
    catering = sample / "products/kopwan-mitra-surabaya/katering-rapat-hotel.yaml"
    text = catering.read_text(encoding="utf-8")
    catering.write_text(
        "\n".join(line for line in text.splitlines() if "type: halal" not in line) + "\n",
        encoding="utf-8",
    )
    (sample / "curation/kopwan-mitra-surabaya.yaml").unlink()
    data = json.loads(_report(sample, "json", "en"))
    due = {d["supplier"]: d for d in data["curation"]}["kopwan-mitra-surabaya"]
    assert due["service_gaps"] == ["certificates"] and due["missing_certificates"] == ["halal"]
    assert "service: required certificates (Halal certificate (BPJPH))" in due["todo"]
    catalog = load_catalog(sample / "products", today=TODAY)
    assert errors(catalog) == []  # a gap, not an error


def test_codeowners_gives_curation_to_staff() -> None:
    lines = [
        line.split()
        for line in (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == ["/curation/", "@rumahdagang/asesor"]  # last: nothing overrides it

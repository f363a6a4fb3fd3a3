"""`catalog validate` and `catalog schema`: exit codes, output formats, parts of a catalogue."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from catalog.cli import main
from catalog.core.codes import CODES
from conftest import PRODUCT, REPO, SUPPLIER, SUPPLIER_ID, Catalogue, copy_example

P, S = PRODUCT, SUPPLIER

TEXT_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): "
    r"(?P<severity>error|warning)\[(?P<code>[YSRIB]\d{3})\] (?P<message>\S.*)$"
)
SUMMARY_ID = re.compile(r"^(\d+) kesalahan, (\d+) peringatan dalam (\d+) berkas$")
SUMMARY_EN = re.compile(r"^(\d+) errors?, (\d+) warnings? in (\d+) files?$")
# GitHub workflow command: property values escape % \r \n : , and the message % \r \n.
ESCAPED_DATA = r"(?:[^%\r\n]|%25|%0D|%0A)*"
ESCAPED_PROPERTY = r"(?:[^%\r\n:,]|%25|%0D|%0A|%3A|%2C)+"
ANNOTATION = re.compile(
    rf"^::(?P<level>error|warning) file=(?P<file>{ESCAPED_PROPERTY}),"
    rf"line=(?P<line>[1-9]\d*),col=(?P<col>[1-9]\d*),"
    rf"title=(?P<title>[YSRIB]\d{{3}})::(?P<message>{ESCAPED_DATA})$"
)
NOTICE = re.compile(rf"^::notice title=catalog validate::{ESCAPED_DATA}$")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def unescape(text: str) -> str:
    for escaped, raw in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def break_product(cat: Catalogue, name: str = P, *, warning: bool = False) -> None:
    """One error (unknown status) and, if asked, one warning (supplier without English)."""
    cat.edit(name, "status: active", "status: aktif")
    if warning:
        cat.write(S, re.sub(r"\n  en: [^\n]*\n(    [^\n]*\n)*", "\n", cat.text(S), count=1))


# -- exit codes ---------------------------------------------------------------------------


def test_valid_catalogue_exits_0(catalogue, capsys):
    code, out, err = run(capsys, "validate", "products")
    assert code == 0 and err == ""
    assert out == "0 kesalahan, 0 peringatan dalam 2 berkas\n"


def test_default_path_is_products(catalogue, capsys):
    break_product(catalogue)
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "error[S204]" in out


def test_warnings_only_exit_0(catalogue, capsys):
    catalogue.edit(P, "  en: Cowhide Tote Bag\n", "")
    code, out, _ = run(capsys, "validate", "products")
    assert code == 0
    assert out.splitlines()[-1] == "0 kesalahan, 1 peringatan dalam 2 berkas"


def test_data_errors_exit_1(catalogue, capsys):
    break_product(catalogue)
    assert run(capsys, "validate", "products")[0] == 1


@pytest.mark.parametrize("lang, message", [("id", "tidak ditemukan"), ("en", "does not exist")])
def test_missing_path_exits_2_with_a_message(catalogue, capsys, lang, message):
    code, out, err = run(capsys, "validate", "produk", "--lang", lang)
    assert code == 2 and out == ""
    assert err.startswith("catalog: ") and "`produk`" in err and message in err


def test_photo_given_as_path_exits_2(catalogue, capsys):
    code, _, err = run(capsys, "validate", f"products/{SUPPLIER_ID}/photos/tas-jinjing-1.jpg")
    assert code == 2 and "YAML" in err


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "xml"],
        ["validate", "--lang", "fr"],
        ["validate", "--nope"],
        [],
        ["frobnicate"],
    ],
    ids=["format", "lang", "option", "no-command", "command"],
)
def test_bad_usage_exits_2(catalogue, capsys, args):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# -- text format --------------------------------------------------------------------------


def test_text_lines_have_the_documented_shape(catalogue, capsys):
    break_product(catalogue, warning=True)
    catalogue.edit(S, "scale: kecil", "scale: besar")
    code, out, _ = run(capsys, "validate", "products")
    lines = out.splitlines()
    assert code == 1
    found = [TEXT_LINE.match(line) for line in lines[:-1] if not line.startswith("    ")]
    assert all(found), lines
    assert [(m["path"], m["severity"], m["code"]) for m in found] == [
        (f"products/{SUPPLIER_ID}/{S}", "error", "S204"),
        (f"products/{SUPPLIER_ID}/{P}", "error", "S204"),
    ]
    first = found[0]
    assert (int(first["line"]), int(first["col"])) == catalogue.position(S, "scale:", "besar")
    assert first["message"] == "`scale`: nilai `besar` tidak ada dalam daftar"
    hints = [line for line in lines if line.startswith("    ")]
    assert len(hints) == 2 and all(h.startswith("    saran: ") for h in hints)
    assert SUMMARY_ID.match(lines[-1]).groups() == ("2", "0", "2")


def test_value_with_a_line_break_stays_on_one_line(catalogue, capsys):
    catalogue.edit(P, 'hs_code: "4202.21"', 'hs_code: "4202.21\\nx"')
    code, out, _ = run(capsys, "validate", "products", "--lang", "en")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3, lines
    assert TEXT_LINE.match(lines[0])["message"] == "`hs_code`: wrong format (4202.21\\nx)"


def test_english_messages_and_summary(catalogue, capsys):
    break_product(catalogue, warning=True)
    code, out, _ = run(capsys, "validate", "products", "--lang", "en")
    lines = out.splitlines()
    assert TEXT_LINE.match(lines[0])["message"] == (
        "`description`: no English text yet; the English page shows the Indonesian text"
    )
    assert TEXT_LINE.match(lines[2])["message"] == (
        "`status`: `aktif` is not in the list (did you mean `active`?)"
    )
    assert lines[3].startswith("    hint: choose one of: active")
    assert lines[-1] == "1 error, 1 warning in 2 files"
    assert SUMMARY_EN.match(lines[-1])


def test_language_from_environment(catalogue, capsys, monkeypatch):
    monkeypatch.setenv("CATALOG_LANG", "en")
    break_product(catalogue)
    _, out, _ = run(capsys, "validate", "products")
    assert out.splitlines()[-1] == "1 error, 0 warnings in 2 files"


def test_summary_counts_plural_in_english(catalogue, capsys):
    break_product(catalogue)
    catalogue.edit(S, "scale: kecil", "scale: besar")
    _, out, _ = run(capsys, "validate", "products", "--lang", "en")
    assert out.splitlines()[-1] == "2 errors, 0 warnings in 2 files"


# -- json format ----------------------------------------------------------------------------


def test_json_output_parses_and_matches(catalogue, capsys):
    break_product(catalogue, warning=True)
    code, out, _ = run(capsys, "validate", "products", "--format", "json", "--lang", "en")
    report = json.loads(out)
    assert code == 1
    assert report["summary"] == {"errors": 1, "warnings": 1, "files": 2}
    second, first = report["diagnostics"]  # supplier.yaml comes first
    line, column = catalogue.position(P, "status:", "aktif")
    assert first == {
        "path": f"products/{SUPPLIER_ID}/{P}",
        "line": line,
        "column": column,
        "severity": "error",
        "code": "S204",
        "message": "`status`: `aktif` is not in the list (did you mean `active`?)",
        "hint": "choose one of: active, draft, discontinued",
    }
    assert (second["code"], second["severity"]) == ("S210", "warning")


def test_json_in_indonesian_keeps_non_ascii_text(catalogue, capsys):
    catalogue.edit(P, "  en: Cowhide Tote Bag\n", "")
    _, out, _ = run(capsys, "validate", "products", "--format", "json")
    [d] = json.loads(out)["diagnostics"]
    assert "…" in d["hint"] and "…" in out  # not \u2026


# -- github format ---------------------------------------------------------------------------


def test_github_annotations_match_workflow_command_syntax(catalogue, capsys, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    break_product(catalogue, warning=True)
    code, out, _ = run(capsys, "validate", "products", "--format", "github", "--lang", "en")
    lines = out.splitlines()
    assert code == 1
    warning, error = (ANNOTATION.match(line) for line in lines[:2])
    assert error and warning, lines
    line, column = catalogue.position(P, "status:", "aktif")
    assert (
        error["level"],
        error["file"],
        int(error["line"]),
        int(error["col"]),
        error["title"],
    ) == ("error", f"products/{SUPPLIER_ID}/{P}", line, column, "S204")
    message, hint = unescape(error["message"]).split("\n")
    assert message == "`status`: `aktif` is not in the list (did you mean `active`?)"
    assert hint == "choose one of: active, draft, discontinued"
    assert (warning["level"], warning["file"], warning["title"]) == (
        "warning",
        f"products/{SUPPLIER_ID}/{S}",
        "S210",
    )
    assert lines[2] == "1 error, 1 warning in 2 files" and len(lines) == 3

    table = summary.read_text(encoding="utf-8")
    assert table.startswith("previous step\n")  # appended, not overwritten
    rows = [row for row in table.splitlines() if row.startswith("| `products/")]
    assert rows == [
        f"| `products/{SUPPLIER_ID}/{S}` | {catalogue.position(S, '  id: ')[0]} "
        f"| ⚠️ S210 | `description`: no English text yet; the English page shows the "
        f"Indonesian text |",
        f"| `products/{SUPPLIER_ID}/{P}` | {line} | ❌ S204 | `status`: `aktif` is not in the "
        f"list (did you mean `active`?) |",
    ]
    assert "| File | Line | Code | Message |" in table
    assert "1 error, 1 warning in 2 files" in table


def test_github_properties_are_escaped(catalogue, capsys):
    odd = "tas:kulit,100%.yaml"
    catalogue.write(odd, catalogue.text(P).replace("Tas Jinjing Kulit Sapi", "Tas Lain"))
    code, out, _ = run(capsys, "validate", "products", "--format", "github")
    assert code == 1
    [annotation] = [ANNOTATION.match(line) for line in out.splitlines() if "title=R301" in line]
    assert annotation["file"] == f"products/{SUPPLIER_ID}/tas%3Akulit%2C100%25.yaml"
    assert unescape(annotation["file"]) == f"products/{SUPPLIER_ID}/{odd}"
    assert "%25" in annotation["message"]  # the % in the name shown in the message


def test_github_caps_annotations_and_summarises_the_rest(catalogue, capsys, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    text = catalogue.text(P)
    for i in range(13):  # 13 errors (status) and 13 warnings (no English name)
        catalogue.write(
            f"tas-{i:02d}.yaml",
            text.replace("Tas Jinjing Kulit Sapi", f"Tas {i}").replace(
                "status: active", "status: aktif"
            ),
        )
        catalogue.write(
            f"tas-{i:02d}-id.yaml",
            text.replace("Tas Jinjing Kulit Sapi", f"Tas {i}b").replace(
                "  en: Cowhide Tote Bag\n", ""
            ),
        )
    code, out, _ = run(capsys, "validate", "products", "--format", "github")
    lines = out.splitlines()
    assert code == 1
    annotations = [
        ANNOTATION.match(line)
        for line in lines
        if line.startswith("::error") or line.startswith("::warning")
    ]
    assert all(annotations)
    assert sum(a["level"] == "error" for a in annotations) == 10
    assert sum(a["level"] == "warning" for a in annotations) == 10
    [notice] = [line for line in lines if line.startswith("::notice")]
    assert NOTICE.match(notice)
    assert "3 kesalahan dan 3 peringatan lain" in notice
    assert lines[-1] == "13 kesalahan, 13 peringatan dalam 28 berkas"
    rows = [
        row
        for row in summary.read_text(encoding="utf-8").splitlines()
        if row.startswith("| `products/")
    ]
    assert len(rows) == 26  # the step summary lists everything
    assert "| Berkas | Baris | Kode | Pesan |" in summary.read_text(encoding="utf-8")


def test_github_without_step_summary_writes_no_file(catalogue, capsys, tmp_path):
    break_product(catalogue)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, _ = run(capsys, "validate", "products", "--format", "github")
    assert code == 1 and sorted(p.name for p in tmp_path.iterdir()) == before


# -- validating a part -------------------------------------------------------------------------


@pytest.fixture
def two_suppliers(catalogue) -> Catalogue:
    """The example plus a broken second product and a broken second supplier."""
    catalogue.write(
        "tas-rusak.yaml",
        catalogue.text(P)
        .replace("Tas Jinjing Kulit Sapi", "Tas 2")
        .replace("status: active", "status: aktif"),
    )
    other = copy_example(catalogue.root, "pemasok-lain")
    (other / S).write_text("name: [\n", encoding="utf-8")
    (other / "photos" / "salah-tempat.yaml").write_text("x: 1\n", encoding="utf-8")
    return catalogue


def test_whole_catalogue_reports_everything(two_suppliers, capsys):
    code, out, _ = run(capsys, "validate", "products", "--format", "json")
    paths = {d["path"] for d in json.loads(out)["diagnostics"]}
    assert code == 1
    assert paths == {
        f"products/{SUPPLIER_ID}/tas-rusak.yaml",
        "products/pemasok-lain/supplier.yaml",
        "products/pemasok-lain/photos/salah-tempat.yaml",
    }


def test_single_product_file_validates_just_that_file(two_suppliers, capsys):
    code, out, _ = run(capsys, "validate", f"products/{SUPPLIER_ID}/{P}")
    assert code == 0
    assert out == "0 kesalahan, 0 peringatan dalam 2 berkas\n"  # with its supplier.yaml


def test_single_broken_product_file(two_suppliers, capsys):
    code, out, _ = run(capsys, "validate", f"products/{SUPPLIER_ID}/tas-rusak.yaml")
    assert code == 1
    assert [m["path"] for m in map(TEXT_LINE.match, out.splitlines()) if m] == [
        f"products/{SUPPLIER_ID}/tas-rusak.yaml"
    ]


def test_supplier_folder_validates_just_that_supplier(two_suppliers, capsys):
    code, out, _ = run(capsys, "validate", f"products/{SUPPLIER_ID}", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert {d["path"] for d in report["diagnostics"]} == {f"products/{SUPPLIER_ID}/tas-rusak.yaml"}
    assert report["summary"]["files"] == 3


def test_two_parts_at_once(two_suppliers, capsys):
    code, out, _ = run(
        capsys,
        "validate",
        f"products/{SUPPLIER_ID}/{P}",
        "products/pemasok-lain",
        "--format",
        "json",
    )
    paths = {d["path"] for d in json.loads(out)["diagnostics"]}
    assert code == 1
    assert paths == {
        "products/pemasok-lain/supplier.yaml",
        "products/pemasok-lain/photos/salah-tempat.yaml",
    }


@pytest.mark.parametrize("arg", [".", SUPPLIER])
def test_running_inside_a_supplier_folder(catalogue, capsys, monkeypatch, arg):
    monkeypatch.chdir(catalogue.folder)
    code, out, _ = run(capsys, "validate", arg)
    assert code == 0
    assert out.splitlines()[-1].startswith("0 kesalahan, 0 peringatan")


def test_paths_inside_a_supplier_folder_are_shown_relative(catalogue, capsys, monkeypatch):
    break_product(catalogue)
    monkeypatch.chdir(catalogue.folder)
    _, out, _ = run(capsys, "validate", ".")
    assert TEXT_LINE.match(out.splitlines()[0])["path"] == P


# -- python -m catalog --------------------------------------------------------------------------


def test_python_dash_m_catalog(catalogue):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    env.pop("CATALOG_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "validate", f"products/{SUPPLIER_ID}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=catalogue.root.parent,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "0 kesalahan, 0 peringatan dalam 2 berkas\n",
        "",
    )


def test_python_dash_m_catalog_reports_errors(catalogue):
    break_product(catalogue)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("CATALOG_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "validate", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=catalogue.root.parent,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.splitlines()[-1] == "1 error, 0 warnings in 2 files"


# -- schema ---------------------------------------------------------------------------------------


def test_committed_schema_is_up_to_date(capsys):
    code, out, err = run(capsys, "schema", "--check", "-o", str(REPO / "schema"))
    assert (code, out, err) == (0, "", "")


def test_schema_writes_the_json_schemas(tmp_path, capsys):
    code, out, _ = run(capsys, "schema", "-o", str(tmp_path / "out"))
    assert code == 0
    files = sorted((tmp_path / "out").iterdir())
    assert [f.name for f in files] == [
        "curation.schema.json",
        "product.schema.json",
        "service.schema.json",
        "supplier.schema.json",
    ]
    assert sorted(out.split()) == sorted(str(f) for f in files)
    for file in files:
        schema = json.loads(file.read_text(encoding="utf-8"))
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert schema["type"] == "object" and schema["properties"]
        assert schema["additionalProperties"] is False
    product = json.loads((tmp_path / "out" / "product.schema.json").read_text(encoding="utf-8"))
    assert {"name", "category", "moq", "price"} <= set(product["required"])
    assert "tas-kulit" in json.dumps(product["properties"]["category"])


def test_schema_check_of_a_stale_copy_exits_2(tmp_path, capsys):
    run(capsys, "schema", "-o", str(tmp_path))
    stale = tmp_path / "product.schema.json"
    stale.write_text(
        stale.read_text(encoding="utf-8").replace("tas-kulit", "tas"), encoding="utf-8"
    )
    code, out, err = run(capsys, "schema", "--check", "-o", str(tmp_path))
    assert code == 2
    assert "product.schema.json" in err and "supplier.schema.json" not in err


def test_every_code_has_both_languages():
    for code, spec in CODES.items():
        assert spec.message.id and spec.message.en, code
        assert spec.message.id != spec.message.en, code

"""``catalog new``: starting files that fail validation only where something is to fill in.

The commands run as a user runs them (``python -m catalog`` in a subprocess, in
a temporary project folder). A scaffolded entry is validated as written (every
diagnostic sits on a placeholder line and names that field), then filled in by
plain text replacement, given a real photo, and validated clean.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.cli import scaffold
from catalog.core.loader import Document
from catalog.core.models import Product, Supplier
from catalog.core.schema_errors import validate_model

PHOTO = Path(__file__).parent / "fixtures" / "photos" / "coffee-1800x1200.jpg"
MARK = scaffold.PLACEHOLDER


def catalog(cwd: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=None if input is not None else subprocess.DEVNULL,
    )


def validate(cwd: Path, path: str) -> tuple[int, list[dict]]:
    run = catalog(cwd, "validate", path, "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    return run.returncode, json.loads(run.stdout)["diagnostics"]


def placeholders_printed(stdout: str) -> list[str]:
    """The fields `catalog new` says are still to fill in, in file order."""
    match = re.search(r"\((\d+), (?:ditandai|marked) " + MARK + r"\): (.+)", stdout)
    assert match, stdout
    fields = match.group(2).split(", ")
    assert len(fields) == int(match.group(1))
    return fields


def placeholder_lines(text: str) -> list[int]:
    return [
        i
        for i, line in enumerate(text.splitlines(), 1)
        if MARK in line and not line.lstrip().startswith("#")
    ]


def fill(text: str, fields: list[str], values: dict[str, str]) -> str:
    """Replace each placeholder, in order, with the YAML text given for its field."""
    lines = text.splitlines(keepends=True)
    numbers = placeholder_lines(text)
    assert len(numbers) == len(fields)
    for number, field in zip(numbers, fields):
        line = lines[number - 1]
        key = field.rsplit(".", 1)[-1].split("[")[0]
        assert re.match(rf"\s*(- )?{re.escape(key)}: ", line), (field, line)
        placeholder = f'""  # {MARK}' if f'""  # {MARK}' in line else MARK
        lines[number - 1] = line.replace(placeholder, values[field])
    return "".join(lines)


SUPPLIER_VALUES = {
    "name": "Koperasi Contoh Sejahtera",
    "type": "koperasi",
    "scale": "kecil",
    "description.id": "Koperasi perajin makanan ringan di Sidoarjo.",
    "description.en": "A cooperative of snack makers in Sidoarjo.",
    "nib": '"9120301234567"',
    "region": '"35.15"',
    "contact.whatsapp": '"+6281234567890"',
}
PRODUCT_VALUES = {
    "name.id": "Keripik Tempe Renyah",
    "name.en": "Crispy Tempeh Chips",
    "description.id": "Keripik tempe tipis, digoreng dengan minyak kelapa.",
    "description.en": "Thin tempeh chips fried in coconut oil.",
    "images[0].alt.id": "Keripik tempe dalam mangkuk",
    "images[0].alt.en": "Tempeh chips in a bowl",
    "hs_code": '"1905.90"',
    "moq.quantity": "100",
    "moq.unit": "pack",
    "capacity_per_month.quantity": "5000",
    "capacity_per_month.unit": "pack",
    "lead_time_days.min": "7",
    "lead_time_days.max": "14",
    "certifications[0].number": '"ID35110012345670824"',
    "certifications[1].number": '"206351501234567"',
}


def named_field(message: str) -> str:
    match = re.match(r"`([^`]+)`", message)
    assert match, message
    return match.group(1)


def assert_only_placeholders_fail(text: str, diagnostics: list[dict], fields: list[str]) -> None:
    """Each diagnostic is an error on a placeholder line, naming that line's field."""
    lines = placeholder_lines(text)
    by_line = dict(zip(lines, fields))
    assert diagnostics, "a fresh scaffold must not validate"
    for d in diagnostics:
        assert d["severity"] == "error", d
        assert d["line"] in by_line, (d, text.splitlines()[d["line"] - 1])
        field = by_line[d["line"]]
        # `description.id` empty is reported for `description` (its Indonesian text)
        assert named_field(d["message"]) in (field, field.removesuffix(".id")), (field, d)
    assert sorted(d["line"] for d in diagnostics) == lines, "every placeholder is reported"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "products").mkdir()
    return tmp_path


@pytest.fixture
def in_process(project: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """``catalog ARGS`` run in this process (fast, for usage errors): (exit code, out, err)."""
    from catalog.cli import main

    monkeypatch.chdir(project)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_scaffolded_entries_fail_only_on_placeholders_then_validate_clean(project: Path):
    run = catalog(project, "new", "supplier", "kop-contoh", "--no-input")
    assert run.returncode == 0, run.stderr
    supplier_fields = placeholders_printed(run.stdout)
    assert supplier_fields == list(SUPPLIER_VALUES)
    folder = project / "products" / "kop-contoh"
    assert (folder / "photos" / "README.txt").is_file()

    run = catalog(
        project,
        "new",
        "product",
        "kop-contoh/keripik-tempe",
        "--no-input",
        "--category",
        "makanan-ringan",
    )
    assert run.returncode == 0, run.stderr
    product_fields = placeholders_printed(run.stdout)
    assert product_fields == list(PRODUCT_VALUES)

    supplier_text = (folder / "supplier.yaml").read_text(encoding="utf-8")
    product_text = (folder / "keripik-tempe.yaml").read_text(encoding="utf-8")

    # 1. as written: only the supplier's placeholders fail (its product waits for it) ...
    code, diagnostics = validate(project, "products/kop-contoh/supplier.yaml")
    assert code == 1
    assert_only_placeholders_fail(supplier_text, diagnostics, supplier_fields)
    # ... and the product's own placeholders, each named
    code, diagnostics = validate(project, "products/kop-contoh/keripik-tempe.yaml")
    assert code == 1
    mine = [d for d in diagnostics if d["path"].endswith("keripik-tempe.yaml")]
    assert_only_placeholders_fail(product_text, mine, product_fields)

    # 2. filled in by text replacement: only the missing photo is left, at its line
    (folder / "supplier.yaml").write_text(
        fill(supplier_text, supplier_fields, SUPPLIER_VALUES), encoding="utf-8"
    )
    (folder / "keripik-tempe.yaml").write_text(
        fill(product_text, product_fields, PRODUCT_VALUES), encoding="utf-8"
    )
    code, diagnostics = validate(project, "products/kop-contoh")
    assert code == 1
    assert [(d["code"], d["path"]) for d in diagnostics] == [
        ("R303", "products/kop-contoh/keripik-tempe.yaml")
    ]
    assert "photos/keripik-tempe-1.jpg" in diagnostics[0]["message"]

    # 3. with the photo where the file says: clean, not even a warning
    shutil.copyfile(PHOTO, folder / "photos" / "keripik-tempe-1.jpg")
    run = catalog(project, "validate", "products/kop-contoh")
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().splitlines()[-1] == "0 kesalahan, 0 peringatan dalam 2 berkas"


def test_scaffold_text_explains_fields_from_the_model(project: Path):
    catalog(project, "new", "supplier", "kop-contoh", "--no-input")
    run = catalog(project, "new", "product", "kop-contoh/tas", "--no-input")
    assert run.returncode == 0, run.stderr
    for name, model in (("supplier", Supplier), ("tas", Product)):
        text = (project / "products" / "kop-contoh" / f"{name}.yaml").read_text(encoding="utf-8")
        schema = "supplier" if model is Supplier else "product"
        assert (
            text.splitlines()[0]
            == f"# yaml-language-server: $schema=../../schema/{schema}.schema.json"
        )
        unwrapped = re.sub(r"\n *#   (?=\S)", " ", text)  # long comments are wrapped
        for field, info in model.model_fields.items():
            assert f"# {scaffold.describe(info)} (" in text, field  # every field explained
            value = scaffold.example(info)
            if value is not None:
                assert f"Contoh: {scaffold.inline(value)}" in unwrapped, field
            assert re.search(rf"^(# )?{field}:", text, re.M), f"{field} missing"
        # what pre-commit's trailing-whitespace and end-of-file-fixer want
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert not [line for line in text.splitlines() if line != line.rstrip()]


def test_required_fields_present_and_food_fields_follow_the_category():
    today = dt.date(2026, 11, 22)
    bag = scaffold.render_product("s", "tas", {"category": "tas-kulit"}, today).text
    snack = scaffold.render_product("s", "kue", {"category": "makanan-ringan"}, today).text
    unknown = scaffold.render_product("s", "x", {}, today).text
    for text in (bag, snack, unknown):
        for field, info in Product.model_fields.items():
            if info.is_required():
                assert re.search(rf"^{field}:", text, re.M), field
    assert "shelf_life_days" not in bag and "storage" not in bag
    assert "# shelf_life_days: 180" in snack
    assert "  - type: halal" in snack and "  - type: pirt" in snack
    assert "certifications:\n" not in bag and "# certifications:" in bag


def test_model_examples_are_valid_values():
    """check_value relies on the model's own examples validating."""
    for model in (Supplier, Product):
        _, problems = validate_model(
            Document("x", scaffold.example_data(model, optional=True)), model
        )
        assert problems == []


def test_existing_files_are_never_overwritten(project: Path):
    assert catalog(project, "new", "supplier", "kop-contoh", "--no-input").returncode == 0
    target = project / "products" / "kop-contoh" / "supplier.yaml"
    target.write_text("name: mine\n", encoding="utf-8")
    run = catalog(project, "new", "supplier", "kop-contoh", "--no-input")
    assert run.returncode == 2
    assert "sudah ada" in run.stderr and "Traceback" not in run.stderr
    assert target.read_text(encoding="utf-8") == "name: mine\n"

    (project / "products" / "kop-contoh" / "tas.yml").write_text("x: 1\n", encoding="utf-8")
    run = catalog(project, "new", "product", "kop-contoh/tas", "--no-input", "--lang", "en")
    assert run.returncode == 2 and "already exists" in run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("supplier", "Kop_Contoh"),
        ("supplier", "kop-"),
        ("supplier", "kop--contoh"),
        ("supplier", "kop contoh"),
        ("product", "kop-contoh/Tas"),
        ("product", "Kop/tas"),
        ("product", "kop-contoh"),
        ("product", "kop-contoh/supplier"),
        ("supplier", "page"),
        ("product", "kop-contoh/index"),
    ],
)
def test_bad_ids_exit_2_in_both_languages(project: Path, args, in_process):
    (project / "products" / "kop-contoh").mkdir()
    messages = {}
    for lang in ("id", "en"):
        code, out, err = in_process("new", *args, "--no-input", "--lang", lang)
        assert code == 2
        assert err.startswith("catalog: ") and "Traceback" not in err
        messages[lang] = err
    assert messages["id"] != messages["en"]
    assert sorted(p.name for p in (project / "products").rglob("*")) == ["kop-contoh"]


def test_product_needs_its_supplier_folder(project: Path, in_process):
    code, _, err = in_process("new", "product", "belum-ada/tas", "--no-input")
    assert code == 2
    assert "catalog new supplier belum-ada" in err


@pytest.mark.parametrize(
    "flag, value, words",
    [
        ("--region", "99.99", "99.99"),
        ("--nib", "12345", "13 angka"),
        ("--whatsapp", "12", "WhatsApp"),
        ("--type", "firma", "koperasi, umkm"),
    ],
)
def test_bad_flag_values_are_usage_errors_with_the_validators_message(
    project, flag, value, words, in_process
):
    code, _, err = in_process("new", "supplier", "kop-contoh", "--no-input", flag, value)
    assert code == 2
    assert flag in err and words in err
    assert not (project / "products" / "kop-contoh").exists()


def test_flags_fill_values_and_are_normalized(project: Path):
    run = catalog(
        project,
        "new",
        "supplier",
        "kop-contoh",
        "--no-input",
        "--name",
        "Koperasi Contoh",
        "--type",
        "koperasi",
        "--scale",
        "mikro",
        "--region",
        "35.15",
        "--whatsapp",
        "0812-3456-7890",
        "--nib",
        "9120301234567",
    )
    assert run.returncode == 0, run.stderr
    assert placeholders_printed(run.stdout) == ["description.id", "description.en"]
    text = (project / "products" / "kop-contoh" / "supplier.yaml").read_text(encoding="utf-8")
    assert 'whatsapp: "+6281234567890"' in text and 'region: "35.15"' in text
    assert 'nib: "9120301234567"' in text


def test_prompts_check_each_answer_and_ask_again(project: Path):
    answers = (
        "\n".join(
            [
                "Koperasi Contoh Jaya",  # name
                "firma",
                "1",  # type: wrong, then by number
                "kecil",  # scale
                "sidoarjo",  # region by name -> 35.15
                "12345",
                "9120301234567",  # NIB: wrong, then right
                "0812 3456 7890",  # WhatsApp, normalized
            ]
        )
        + "\n"
    )
    run = catalog(project, "new", "supplier", "kop-contoh", "--interactive", input=answers)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "`type`: nilai `firma` tidak ada dalam daftar" in out
    assert "`nib`: format tidak sesuai (12345)" in out
    assert "35.15 Kabupaten Sidoarjo" in out
    assert placeholders_printed(out) == ["description.id", "description.en"]
    text = (project / "products" / "kop-contoh" / "supplier.yaml").read_text(encoding="utf-8")
    for line in (
        "name: Koperasi Contoh Jaya",
        "type: koperasi",
        "scale: kecil",
        'region: "35.15"',
        'nib: "9120301234567"',
        'whatsapp: "+6281234567890"',
    ):
        assert f"\n{line}" in text or f"  {line}" in text, line


def test_prompts_stop_at_end_of_input_leaving_placeholders(project: Path):
    (project / "products" / "kop-contoh").mkdir()
    run = catalog(
        project,
        "new",
        "product",
        "kop-contoh/tas",
        "--interactive",
        "--lang",
        "en",
        input="Tas Ransel Kulit\n\n3\n",
    )
    assert run.returncode == 0, run.stderr
    assert "Category:" in run.stdout
    text = (project / "products" / "kop-contoh" / "tas.yaml").read_text(encoding="utf-8")
    assert "  id: Tas Ransel Kulit\n" in text and f'  en: ""  # {MARK}' in text
    assert "category: aksesori-kulit" in text and f"hs_code: {MARK}" in text


def test_without_a_terminal_nothing_is_asked(project: Path):
    run = catalog(project, "new", "supplier", "kop-contoh")  # stdin is /dev/null
    assert run.returncode == 0
    assert "Enter" not in run.stdout and len(placeholders_printed(run.stdout)) == 8


def test_outside_a_project_nothing_is_created(tmp_path: Path, monkeypatch, capsys):
    from catalog.cli import main

    monkeypatch.chdir(tmp_path)  # no products/ here
    assert main(["new", "supplier", "kop-contoh", "--no-input", "--lang", "en"]) == 2
    assert "--root" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []

"""``catalog new supplier ID`` and ``catalog new product SUPPLIER/ID``.

Writes a starting file (see :mod:`catalog.cli.scaffold`) that explains every field
and fails validation only where something is still to be filled in.

Values come from flags; missing ones are asked for when standard input is a
terminal (or with ``--interactive``), never with ``--no-input``. Each answer is
checked at once by the model's own validation, with the messages ``catalog
validate`` prints, and asked again when wrong; an empty answer leaves the
placeholder to fill in later. Existing files are never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from . import scaffold

from ..core import vocab
from ..core.diagnostics import Diagnostic, Lang
from ..core.models import (
    Contact,
    Product,
    Quantity,
    Supplier,
    hs_as_written,
    nib_as_written,
    whatsapp_as_written,
)
from ..core.rules import IdKind, check_id

EXIT_OK = 0


def _usage(id_text: str, en_text: str) -> Exception:
    from . import UsageError

    return UsageError(id_text, en_text)


def _describe(model: type[BaseModel], name: str, lang: Lang) -> str:
    text = model.model_fields[name].description or name
    parts = text.split(" / ")
    return parts[1].strip() if lang == "en" and len(parts) > 1 else parts[0].strip()


def _example(model: type[BaseModel], name: str) -> str:
    value = scaffold.example(model.model_fields[name])
    return "" if value is None else scaffold.inline(value).strip('"')


# -- answers: normalizing and checking ------------------------------------------------
def _phone(text: str) -> str:
    """What people type -> E.164; left as typed when it is no number (validation says why)."""
    return whatsapp_as_written(text) or text.strip()


@dataclass(frozen=True)
class Question:
    """One value to ask for: where it lives in the model and how to read it."""

    key: str
    model: type[BaseModel]
    path: tuple[str | int, ...]
    field: tuple[type[BaseModel], str]
    normalize: Callable[[str], str] = str.strip
    choices: tuple[str, ...] = ()
    labels: dict[str, str] | None = None
    optional: bool = False


def _labels(pairs) -> dict[str, str]:
    return {k: f"{v.id} / {v.en}" for k, v in pairs}


SUPPLIER_QUESTIONS = (
    Question("name", Supplier, ("name",), (Supplier, "name")),
    Question(
        "type",
        Supplier,
        ("type",),
        (Supplier, "type"),
        choices=scaffold.choices(Supplier.model_fields["type"]),
    ),
    Question(
        "scale",
        Supplier,
        ("scale",),
        (Supplier, "scale"),
        choices=scaffold.choices(Supplier.model_fields["scale"]),
    ),
    Question("region", Supplier, ("region",), (Supplier, "region")),
    Question("nib", Supplier, ("nib",), (Supplier, "nib"), normalize=nib_as_written),
    Question(
        "whatsapp", Supplier, ("contact", "whatsapp"), (Contact, "whatsapp"), normalize=_phone
    ),
    Question("email", Supplier, ("contact", "email"), (Contact, "email"), optional=True),
)


def product_questions() -> tuple[Question, ...]:
    return (
        Question("name", Product, ("name", "id"), (Product, "name")),
        Question("name_en", Product, ("name", "en"), (Product, "name"), optional=True),
        Question(
            "category",
            Product,
            ("category",),
            (Product, "category"),
            choices=tuple(vocab.categories()),
            labels=_labels((k, c.label) for k, c in vocab.categories().items()),
        ),
        Question(
            "hs_code",
            Product,
            ("hs_code",),
            (Product, "hs_code"),
            normalize=hs_as_written,
            optional=True,
        ),
        Question(
            "unit",
            Product,
            ("moq", "unit"),
            (Quantity, "unit"),
            choices=tuple(vocab.units()),
            labels=_labels((k, u.label) for k, u in vocab.units().items()),
        ),
    )


def _message(diagnostics: list[Diagnostic], lang: Lang) -> str:
    out = []
    for d in diagnostics:
        out.append(d.message.get(lang))
        if d.hint is not None:
            out.append(("  saran: " if lang == "id" else "  hint: ") + d.hint.get(lang))
    return "\n".join(out)


def _pick(q: Question, text: str) -> str:
    """A choice by number or by value (any case)."""
    if q.choices:
        if text.isdigit() and 1 <= int(text) <= len(q.choices):
            return q.choices[int(text) - 1]
        lowered = {c.lower(): c for c in q.choices}
        return lowered.get(text.lower(), text)
    return text


def check(q: Question, raw: str) -> tuple[str, list[Diagnostic]]:
    """(normalized value, problems) of an answer or a flag value."""
    value = _pick(q, q.normalize(raw.strip()))
    return value, scaffold.check_value(q.model, q.path, value)


def _regions_named(text: str) -> list[vocab.Region]:
    needle = text.casefold()
    return [
        r for r in vocab.regions().values() if r.level == "regency" and needle in r.name.casefold()
    ]


def validate_flags(questions: tuple[Question, ...], given: dict[str, str | None]) -> dict[str, str]:
    """Check values given as flags; a bad one is a usage error (exit 2)."""
    answers: dict[str, str] = {}
    for q in questions:
        raw = given.get(q.key)
        if raw is None:
            continue
        value, problems = check(q, raw)
        if problems:
            flag = "--" + q.key.replace("_", "-")
            raise _usage(
                f"{flag}: {_message(problems, 'id')}", f"{flag}: {_message(problems, 'en')}"
            )
        answers[q.key] = value
    return answers


def _label_example(q: Question, lang: Lang) -> tuple[str, str]:
    model, name = q.field
    label, example = _describe(model, name, lang), _example(model, name)
    if model is Product and name == "name":
        names = scaffold.example(Product.model_fields["name"]) or {}
        example = str(names.get("en" if q.key == "name_en" else "id", ""))
        if q.key == "name_en":
            label = (
                "Product name in English" if lang == "en" else "Nama produk dalam bahasa Inggris"
            )
    return label, example


# -- prompting ------------------------------------------------------------------------
class Prompter:
    """Asks with input(); every answer is checked by the model before it is taken."""

    def __init__(
        self, lang: Lang, ask: Callable[[str], str] = input, say: Callable[[str], None] = print
    ):
        self.lang = lang
        self.ask = ask
        self.say = say
        self.closed = False

    def t(self, id_text: str, en_text: str) -> str:
        return en_text if self.lang == "en" else id_text

    def question(self, q: Question) -> str | None:
        """The checked answer, or None to leave the placeholder."""
        label, example = _label_example(q, self.lang)
        if q.key == "region":
            example += self.t(" atau nama, mis. sidoarjo", " or a name, e.g. sidoarjo")
        if q.choices:
            self.say(f"{label}:")
            for i, value in enumerate(q.choices, 1):
                extra = f" - {q.labels[value]}" if q.labels else ""
                self.say(f"  {i:>2}) {value}{extra}")
            prompt = self.t("Pilih nomor atau tulis nilainya", "Choose a number or type the value")
        else:
            prompt = f"{label} ({self.t('contoh', 'e.g.')}: {example})" if example else label
        later = self.t("Enter = isi nanti", "Enter = fill in later")
        while True:
            try:
                raw = self.ask(f"{prompt} [{later}]: ")
            except EOFError:
                self.closed = True
                self.say("")
                return None
            if not raw.strip():
                return None
            if q.key == "region":
                raw = self._region(raw)
                if raw is None:
                    continue
            value, problems = check(q, raw)
            if not problems:
                if value != raw.strip():
                    self.say(f"  → {value}")
                return value
            self.say(_message(problems, self.lang))

    def _region(self, raw: str) -> str | None:
        text = raw.strip()
        if text in vocab.regions() or re.fullmatch(r"[\d.]+", text):
            return text
        found = _regions_named(text)
        if len(found) == 1:
            self.say(f"  → {found[0].code} {found[0].name}")
            return found[0].code
        if not found:
            self.say(
                self.t(
                    f"Tidak ada kabupaten/kota bernama `{text}`; tulis kodenya, contoh: 35.15",
                    f"No regency or city named `{text}`; type its code, e.g. 35.15",
                )
            )
            return None
        for r in found[:15]:
            self.say(f"  {r.code}  {r.name}")
        if len(found) > 15:
            self.say(f"  … (+{len(found) - 15})")
        self.say(self.t("Tulis salah satu kode di atas.", "Type one of the codes above."))
        return None

    def run(self, questions: tuple[Question, ...], answers: dict[str, str]) -> dict[str, str]:
        self.say(
            self.t(
                "Jawab pertanyaan berikut; tekan Enter untuk mengisinya nanti di berkas "
                f"(ditandai {scaffold.PLACEHOLDER}).",
                "Answer the questions below; press Enter to fill a value in later in the file "
                f"(marked {scaffold.PLACEHOLDER}).",
            )
        )
        for q in questions:
            if q.key in answers or self.closed:
                continue
            if q.key == "email" and answers.get("whatsapp"):
                continue  # one contact is enough to start
            value = self.question(q)
            if value is not None:
                answers[q.key] = value
        return answers


# -- commands ---------------------------------------------------------------------------
def _interactive(args: argparse.Namespace) -> bool:
    if args.no_input:
        return False
    return args.interactive or sys.stdin.isatty()


def _check_id(value: str, what_id: str, what_en: str, kind: IdKind) -> None:
    if not scaffold.valid_id(value):
        raise _usage(
            f"{what_id} `{value}` tidak bisa dipakai: pakai huruf kecil, angka dan tanda "
            "hubung, contoh: `tas-kulit-sapi`",
            f"{what_en} `{value}` cannot be used: use lowercase letters, digits and hyphens, "
            "e.g. `tas-kulit-sapi`",
        )
    reserved = check_id(value, kind, "")
    if reserved is not None and reserved.hint is not None:
        raise _usage(
            f"{reserved.message.id}; {reserved.hint.id}",
            f"{reserved.message.en}; {reserved.hint.en}",
        )


def _check_root(root: Path) -> None:
    if not root.is_dir():
        raise _usage(
            f"folder `{root}` tidak ditemukan; jalankan dari akar proyek atau beri "
            "jalurnya dengan --root",
            f"folder `{root}` not found; run from the project root or give its path with --root",
        )


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise _usage(
            f"`{path}` sudah ada dan tidak ditimpa", f"`{path}` already exists; not overwritten"
        )


def _create(path: Path, text: str) -> None:
    try:
        scaffold.write_new(path, text)
    except FileExistsError:
        _refuse_existing(path)
        raise


def _report(
    created: list[Path], placeholders: tuple[str, ...], check_path: Path, lang: Lang
) -> None:
    for path in created:
        print(("dibuat: " if lang == "id" else "created: ") + str(path))
    if placeholders:
        fields = ", ".join(placeholders)
        if lang == "en":
            print(
                f"Still to fill in ({len(placeholders)}, marked {scaffold.PLACEHOLDER}): {fields}"
            )
        else:
            print(
                f"Masih harus diisi ({len(placeholders)}, ditandai {scaffold.PLACEHOLDER}): "
                f"{fields}"
            )
    print(("Lalu periksa: " if lang == "id" else "Then check: ") + f"catalog validate {check_path}")


def cmd_new_supplier(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    _check_id(args.id, "id pemasok", "supplier id", "supplier")
    root: Path = args.root
    _check_root(root)
    folder = root / args.id
    target = folder / scaffold.SUPPLIER_FILE
    _refuse_existing(target)
    answers = validate_flags(SUPPLIER_QUESTIONS, vars(args))
    if _interactive(args):
        answers = Prompter(lang).run(SUPPLIER_QUESTIONS, answers)
    result = scaffold.render_supplier(args.id, answers)
    _create(target, result.text)
    created = [target, *scaffold.ensure_photos(folder)]
    _report(created, result.placeholders, folder, lang)
    return EXIT_OK


def cmd_new_product(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    supplier_id, sep, product_id = args.ref.partition("/")
    if not sep or not product_id:
        raise _usage(
            f"tulis pemasok dan produk sebagai PEMASOK/PRODUK, contoh: "
            f"`kopindo-tanggulangin/tas-baru` (bukan `{args.ref}`)",
            f"give supplier and product as SUPPLIER/PRODUCT, e.g. "
            f"`kopindo-tanggulangin/new-bag` (not `{args.ref}`)",
        )
    _check_id(supplier_id, "id pemasok", "supplier id", "supplier")
    _check_id(product_id, "id produk", "product id", "product")
    if product_id == "supplier":
        raise _usage(
            "`supplier` adalah nama berkas data pemasok; pilih id produk lain",
            "`supplier` is the supplier's own file name; choose another product id",
        )
    root: Path = args.root
    _check_root(root)
    folder = root / supplier_id
    if not folder.is_dir():
        raise _usage(
            f"folder pemasok `{folder}` belum ada; buat dulu dengan "
            f"`catalog new supplier {supplier_id}`",
            f"supplier folder `{folder}` does not exist; create it first with "
            f"`catalog new supplier {supplier_id}`",
        )
    target = folder / f"{product_id}.yaml"
    for path in (target, target.with_suffix(".yml")):
        _refuse_existing(path)
    questions = product_questions()
    answers = validate_flags(questions, vars(args))
    if _interactive(args):
        answers = Prompter(lang).run(questions, answers)
    result = scaffold.render_product(supplier_id, product_id, answers, dt.date.today())
    _create(target, result.text)
    created = [target, *scaffold.ensure_photos(folder)]
    _report(created, result.placeholders, target, lang)
    return EXIT_OK


def register(sub: argparse._SubParsersAction, lang_arg) -> None:
    p = sub.add_parser(
        "new",
        help="buat berkas awal pemasok/produk / scaffold a supplier or product",
        description="Buat berkas awal pemasok atau produk yang "
        "menjelaskan setiap kolom / Write a starting supplier or product file "
        "that explains every field",
    )
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument(
            "--root",
            type=Path,
            default=Path("products"),
            help="folder of supplier folders (default: products)",
        )
        mode = q.add_mutually_exclusive_group()
        mode.add_argument(
            "--no-input",
            action="store_true",
            help="never ask; missing values become placeholders (scripts, CI)",
        )
        mode.add_argument(
            "--interactive",
            action="store_true",
            help="ask for missing values even when input is not a terminal",
        )
        lang_arg(q)

    s = kinds.add_parser("supplier", help="folder pemasok baru / a new supplier folder")
    s.add_argument("id", metavar="ID", help="supplier id (folder name), e.g. ud-mete-raha")
    s.add_argument("--name", help="business name")
    s.add_argument("--type", help="koperasi, umkm, cv, pt or ud")
    s.add_argument("--scale", help="mikro, kecil or menengah")
    s.add_argument("--region", help="Kemendagri regency/city code, e.g. 35.15")
    s.add_argument("--whatsapp", help="WhatsApp number, e.g. +6281234567890")
    s.add_argument("--email", help="e-mail address")
    s.add_argument("--nib", help="13-digit business ID (NIB) from OSS")
    common(s)
    s.set_defaults(func=cmd_new_supplier)

    q = kinds.add_parser("product", help="berkas produk baru / a new product file")
    q.add_argument("ref", metavar="SUPPLIER/ID", help="e.g. kopindo-tanggulangin/tas-ransel")
    q.add_argument("--name", help="product name in Indonesian")
    q.add_argument("--name-en", help="product name in English")
    q.add_argument("--category", help="category id, e.g. tas-kulit")
    q.add_argument("--hs-code", help="HS code, e.g. 4202.21")
    q.add_argument("--unit", help="unit of MOQ and capacity, e.g. piece, kg")
    common(q)
    q.set_defaults(func=cmd_new_product)

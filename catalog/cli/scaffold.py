"""Starting files for ``catalog new``: a supplier folder or a product file.

Pure logic, no prompts and no printing (those live in :mod:`catalog.cli.new`).
Every comment and example in the written YAML comes from the model's field
``description`` (its Indonesian half) and ``examples``, and every vocabulary
from :mod:`catalog.core.vocab`, so the starting file never drifts from what
``catalog validate`` accepts.

What the user still has to fill in is an explicit placeholder chosen so that
validation fails *at that field* with a message naming it:

* ``ISI-DI-SINI`` ("fill in here") where that text is not a valid value
  (codes, numbers, vocabularies, NIB, WhatsApp number),
* ``""  # ISI-DI-SINI`` for free text, where any word would pass silently.

:func:`placeholder_for` decides between the two by validating, so the rule
holds whatever the model says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..core import vocab
from ..core.diagnostics import Diagnostic
from ..core.loader import Document
from ..core.models import SLUG, LocalizedText, Product, Supplier
from ..core.schema_errors import type_examples, validate_model

COMMENT_WIDTH = 92
PLACEHOLDER = "ISI-DI-SINI"
"""Marks a value still to be filled in; never a valid value where it is used."""

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SUPPLIER_FILE = "supplier.yaml"
PHOTOS_DIR = "photos"
PHOTO_README = "README.txt"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{name}.schema.json"

EXPORT_READY = {"hs_code", "capacity_per_month", "name.en", "description.en"}
"""Optional in the model, needed for the "export-ready" label (catalog.core.rules.export_ready_gaps)."""

FOOD_ONLY = {"shelf_life_days", "storage"}

NOTES: dict[str, str] = {
    # Guidance the model cannot say in one field description.
    "description": "Boleh beberapa paragraf: tulis `|` setelah `id:`/`en:` lalu teks di "
    "baris-baris berikutnya (menjorok).",
    "contact": "Minimal salah satu: `whatsapp` atau `email`.",
    "nib": "13 angka dari OSS (oss.go.id), ditulis dalam tanda kutip.",
    "region": "Ditulis dalam tanda kutip; daftar lengkap kode di catalog/data/regions-id.csv.",
    "images": "Salin foto ke folder photos/ (sisi terpanjang minimal 800 piksel, latar polos, "
    "tanpa tanda air); 1 sampai 8 foto, masing-masing dengan keterangan.",
    "price": "Isi `on_request: true` ATAU harga tercantum (`currency`, `basis`, `tiers`, "
    "`valid_until`), bukan keduanya.",
    "certifications": "Pangan olahan wajib punya sertifikat halal dan P-IRT atau BPOM yang "
    "berlaku.",
    "status": "`draft` = belum tayang, `discontinued` = tidak diproduksi lagi.",
    "hs_code": "Cari kodenya di INSW (insw.go.id) atau tanyakan ke rumah dagang; hapus baris "
    "ini bila belum tahu (produk belum berlabel siap ekspor).",
    "capacity_per_month": "Jumlah yang sanggup dibuat per bulan; paling sedikit sebesar "
    "pesanan minimum.",
}


# -- reading the model ---------------------------------------------------------------
def _strip(tp: Any) -> Any:
    """The type inside Optional[...] / Annotated[...]."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def submodel(info: FieldInfo) -> type[BaseModel] | None:
    """The model class of a field holding a model (or a list of them)."""
    tp = _strip(info.annotation)
    if typing.get_origin(tp) is list:
        tp = _strip(typing.get_args(tp)[0])
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def is_list(info: FieldInfo) -> bool:
    return typing.get_origin(_strip(info.annotation)) is list


def choices(info: FieldInfo) -> tuple[str, ...]:
    """Allowed values of a vocabulary (``Literal``) field, else ()."""
    tp = _strip(info.annotation)
    if typing.get_origin(tp) is list:
        tp = _strip(typing.get_args(tp)[0])
    if typing.get_origin(tp) is Literal:
        return tuple(str(v) for v in typing.get_args(tp))
    return ()


def example(info: FieldInfo) -> Any:
    """The field's first example; for a model without one, one built from its fields."""
    examples = info.examples or type_examples(info.annotation)
    if examples:
        return examples[0]
    model = submodel(info)
    if model is None:
        return None
    built = example_data(model, optional=True)
    if not built:
        return None
    return [built] if is_list(info) else built


def example_data(model: type[BaseModel], *, optional: bool = False) -> dict[str, Any] | None:
    """A valid value of ``model`` assembled from its fields' examples.

    Only required fields unless ``optional`` (optional fields without an example
    are left out); None when a required field has no example.
    """
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not (info.is_required() or optional):
            continue
        value = example(info)
        if value is None and info.is_required():
            return None
        if value is not None:
            out[name] = value
    return out


def describe(info: FieldInfo) -> str:
    """The Indonesian half of an "Indonesian / English" description."""
    return (info.description or "").split(" / ")[0].strip()


# -- checking single values ----------------------------------------------------------
def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with ``value`` at ``path`` (missing parents created)."""
    data = json.loads(json.dumps(data, default=str))  # deep copy of plain data
    target: Any = data
    for part, after in zip(path[:-1], path[1:]):
        empty: Any = [] if isinstance(after, int) else {}
        if isinstance(part, int):
            while len(target) <= part:
                target.append(json.loads(json.dumps(target[0])) if target else empty)
        elif part not in target:
            target[part] = empty
        target = target[part]
    last = path[-1]
    if isinstance(last, int):
        while len(target) <= last:
            target.append(None)
    target[last] = value
    return data


def check_value(
    model: type[BaseModel], path: tuple[str | int, ...], value: Any, source: str = "<jawaban>"
) -> list[Diagnostic]:
    """Diagnostics for ``value`` at ``path``, validated by the model itself.

    Every other required field holds its (valid) example, so whatever is
    reported concerns ``value``; the messages are the ones ``catalog validate``
    prints.
    """
    base = example_data(model, optional=True)
    if base is None:
        raise ValueError(f"{model.__name__} lacks examples for its required fields")
    data = _set(base, path, value)
    _, problems = validate_model(Document(source, data), model)
    return problems


def placeholder_for(model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    """``ISI-DI-SINI`` where validation rejects it, else ``""`` (free text)."""
    return PLACEHOLDER if check_value(model, path, PLACEHOLDER) else ""


class Placeholder:
    """A value still to be filled in (rendered as ``ISI-DI-SINI`` or ``""``)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Placeholder({self.text!r})"


def _placeholders(model: type[BaseModel], data: Any, path: tuple = ()) -> Any:
    """Replace ``...`` (Ellipsis) in ``data`` with the right Placeholder per field."""
    if isinstance(data, dict):
        return {k: _placeholders(model, v, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_placeholders(model, v, (*path, i)) for i, v in enumerate(data)]
    if data is Ellipsis:
        return Placeholder(placeholder_for(model, path))
    return data


# -- writing YAML with comments -------------------------------------------------------------
def scalar(value: Any, *, flow: bool = False) -> str:
    """One YAML scalar: plain when it reads back as the same value, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if ISO_DATE.fullmatch(text):  # examples of date fields are strings; YAML reads a date
        return text
    if text and "\n" not in text and text == text.strip() and "#" not in text:
        probe = f"[{text}]" if flow else f"k: {text}"
        try:
            back = yaml.safe_load(probe)
        except yaml.YAMLError:
            back = None
        if back == ([text] if flow else {"k": text}):
            return text
    return json.dumps(text, ensure_ascii=False)


def inline(value: Any) -> str:
    """A value in YAML flow style, for examples in comments."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    return scalar(value, flow=True)


def _shown_example(info: FieldInfo) -> str:
    value = example(info)
    if value is not None:
        return inline(value)
    if submodel(info) is LocalizedText:
        return "{id: …, en: …}"
    return "…"


def _choice_lines(name: str, info: FieldInfo) -> list[str]:
    values = choices(info)
    if not values:
        return []
    if name == "category":
        lines = ["Pilihan (pangan olahan ditandai *):"]
        for c in vocab.categories().values():
            star = " *" if c.food == "processed" else ""
            lines.append(f"  {c.id}: {c.label.id} ({c.label.en}){star}")
        return lines
    if name == "unit":
        units = ", ".join(f"{u.id} ({u.label.id})" for u in vocab.units().values())
        return [f"Pilihan: {units}"]
    if len(values) > 20:
        return []
    return ["Pilihan: " + ", ".join(values)]


def _example_text(name: str, info: FieldInfo) -> str | None:
    value = example(info)
    if value is None:
        return None
    text = inline(value)
    if name == "region" and isinstance(value, str) and value in vocab.regions():
        text += f" ({vocab.regions()[value].name})"
    return text


def _comment(name: str, info: FieldInfo, dotted: str, *, required: bool) -> list[str]:
    head = describe(info) or name
    if required:
        head += " (wajib)"
    elif dotted in EXPORT_READY:
        head += " (untuk label siap ekspor)"
    else:
        head += " (opsional)"
    lines = [head + "."]
    note = NOTES.get(name) if "." not in dotted else None
    if note:
        lines.append(note)
    if submodel(info) is LocalizedText:
        fields = LocalizedText.model_fields
        lines.append(f"`id`: {describe(fields['id'])}, `en`: {describe(fields['en'])}.")
    lines += _choice_lines(name, info)
    text = _example_text(name, info)
    if text:
        lines.append(f"Contoh: {text}")
    return lines


@dataclass
class _Writer:
    model: type[BaseModel]
    lines: list[str]
    placeholders: list[str]

    def comment(self, indent: int, texts: list[str]) -> None:
        for text in texts:
            if text.startswith("  "):  # an item of a list of choices: keep it whole
                self.lines.append(" " * indent + "# " + text)
                continue
            for line in textwrap.wrap(
                text,
                COMMENT_WIDTH - indent - 2,
                break_long_words=False,
                break_on_hyphens=False,
                subsequent_indent="  ",
            ):
                self.lines.append(" " * indent + "# " + line)

    def fields(
        self,
        model: type[BaseModel],
        data: dict[str, Any],
        indent: int,
        prefix: str,
        *,
        comments: bool = True,
        examples: bool = True,
        skip: set[str] = frozenset(),
    ) -> None:
        for name, info in model.model_fields.items():
            dotted = f"{prefix}{name}"
            if name in skip:
                continue
            required = info.is_required()
            if comments and model is not LocalizedText:
                self.comment(indent, _comment(name, info, dotted, required=required))
            if name in data:
                self.value(name, info, data[name], indent, dotted)
            else:
                if required:
                    raise ValueError(f"required field {dotted} has no value")
                if model is LocalizedText or not examples:
                    continue  # an absent `en` stays absent; later list items stay short
                self.lines.append(" " * indent + f"# {name}: {_shown_example(info)}")
            if comments and indent == 0:
                self.lines.append("")

    def value(self, name: str, info: FieldInfo, value: Any, indent: int, dotted: str) -> None:
        pad = " " * indent
        model = submodel(info)
        if isinstance(value, dict) and model is not None:
            self.lines.append(f"{pad}{name}:")
            nested = model is not LocalizedText
            self.fields(model, value, indent + 2, dotted + ".", comments=nested)
        elif isinstance(value, list) and model is not None:
            self.lines.append(f"{pad}{name}:")
            for i, item in enumerate(value):
                start = len(self.lines)
                self.fields(
                    model, item, indent + 4, f"{dotted}[{i}].", comments=(i == 0), examples=(i == 0)
                )
                for j in range(start, len(self.lines)):
                    line = self.lines[j][indent + 4 :]
                    if line.startswith("#"):  # comments before the dash align with it
                        self.lines[j] = " " * (indent + 2) + line
                    else:
                        self.lines[j] = " " * (indent + 2) + "- " + line
                        break
        elif isinstance(value, list):
            self.lines.append(f"{pad}{name}: {inline(value)}")
        elif isinstance(value, Placeholder):
            self.placeholders.append(dotted)
            if value.text:
                self.lines.append(f"{pad}{name}: {value.text}")
            else:
                self.lines.append(f'{pad}{name}: ""  # {PLACEHOLDER}')
        elif isinstance(value, str) and "\n" in value:
            self.lines.append(f"{pad}{name}: |-")
            self.lines += [f"{pad}  {line}" if line else "" for line in value.split("\n")]
        else:
            self.lines.append(f"{pad}{name}: {scalar(value)}")


@dataclass(frozen=True)
class Scaffold:
    """A rendered starting file: its text and the fields still to fill in."""

    text: str
    placeholders: tuple[str, ...]


def render(
    model: type[BaseModel],
    data: dict[str, Any],
    header: list[str],
    schema: str,
    skip: set[str] = frozenset(),
) -> Scaffold:
    """YAML text for ``data`` (``...`` marks placeholders) with a comment per field."""
    writer = _Writer(model, [SCHEMA_LINE.format(name=schema)], [])
    writer.comment(0, header)
    writer.lines.append("")
    writer.fields(model, _placeholders(model, data), 0, "", skip=skip)
    while writer.lines and writer.lines[-1] == "":
        writer.lines.pop()
    return Scaffold("\n".join(writer.lines) + "\n", tuple(writer.placeholders))


# -- the two kinds of entry ------------------------------------------------------------
HEADER_HOW = [
    "Baris yang diawali `#` adalah penjelasan dan tidak dibaca katalog.",
    f'Ganti setiap {PLACEHOLDER} (dan "" yang bertanda {PLACEHOLDER}) dengan data Anda.',
    "Kolom opsional: hapus `# ` di depan baris contoh untuk memakainya.",
]


def supplier_data(answers: dict[str, Any]) -> dict[str, Any]:
    """supplier.yaml content: answers where given, ``...`` (placeholder) elsewhere."""
    contact: dict[str, Any] = {}
    for key in ("whatsapp", "email"):
        if answers.get(key):
            contact[key] = answers[key]
    if not contact:
        contact["whatsapp"] = ...
    return {
        "name": answers.get("name") or ...,
        "type": answers.get("type") or ...,
        "scale": answers.get("scale") or ...,
        "description": {"id": ..., "en": ...},
        "nib": answers.get("nib") or ...,
        "region": answers.get("region") or ...,
        "contact": contact,
    }


def render_supplier(supplier_id: str, answers: dict[str, Any]) -> Scaffold:
    header = [
        f"Data pemasok `{supplier_id}` untuk katalog rumah dagang.",
        *HEADER_HOW,
        f"Periksa hasilnya dengan: catalog validate products/{supplier_id}",
    ]
    return render(Supplier, supplier_data(answers), header, "supplier")


def product_data(product_id: str, answers: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """<product-id>.yaml content: answers where given, ``...`` (placeholder) elsewhere."""
    unit = answers.get("unit") or ...
    data: dict[str, Any] = {
        "name": {"id": answers.get("name") or ..., "en": answers.get("name_en") or ...},
        "description": {"id": ..., "en": ...},
        "category": answers.get("category") or ...,
        "images": [{"file": f"{PHOTOS_DIR}/{product_id}-1.jpg", "alt": {"id": ..., "en": ...}}],
        "hs_code": answers.get("hs_code") or ...,
        "status": "active",
        "added": today,
        "moq": {"quantity": ..., "unit": unit},
        "capacity_per_month": {"quantity": ..., "unit": unit},
        "lead_time_days": {"min": ..., "max": ...},
        "price": {"on_request": True},
    }
    category = vocab.categories().get(answers.get("category") or "")
    if category is not None and category.food == "processed":
        data["certifications"] = [
            {"type": "halal", "number": ..., "scheme": "self_declare"},
            {"type": "pirt", "number": ...},
        ]
    return data


def render_product(
    supplier_id: str, product_id: str, answers: dict[str, Any], today: dt.date
) -> Scaffold:
    header = [
        f"Produk `{product_id}` dari pemasok `{supplier_id}`.",
        *HEADER_HOW,
        f"Periksa hasilnya dengan: catalog validate products/{supplier_id}/{product_id}.yaml",
    ]
    category = vocab.categories().get(answers.get("category") or "")
    skip = FOOD_ONLY if category is not None and not category.is_food else set()
    return render(Product, product_data(product_id, answers, today), header, "product", skip)


PHOTO_README_TEXT = """\
FOTO PRODUK
===========

Letakkan foto produk di folder ini, lalu tulis namanya di berkas produk (YAML),
contoh:

    images:
      - file: photos/tas-jinjing-1.jpg
        alt:
          id: Tas jinjing kulit cokelat tampak depan
          en: Brown leather tote bag, front view

Syarat foto:
- Foto asli dari kamera atau ponsel: sisi terpanjang minimal 800 piksel
  (lebih besar lebih baik; katalog mengecilkannya sendiri).
- Bukan tangkapan layar dan bukan foto yang sudah dikirim lewat WhatsApp
  (WhatsApp memperkecil dan merusak foto).
- Latar belakang polos (putih, abu-abu muda atau kain polos), cahaya terang,
  produk terlihat utuh.
- Tanpa tanda air (watermark), tanpa tulisan, logo, bingkai atau harga di foto.
- Format JPEG, PNG, WebP, AVIF atau HEIC. Nama berkas huruf kecil tanpa spasi,
  contoh: tas-jinjing-1.jpg
- Satu produk boleh 1 sampai 8 foto; foto pertama tampil di daftar produk.
- Setiap foto diberi keterangan (alt) yang menjelaskan isi foto, dalam bahasa
  Indonesia dan Inggris, untuk pembeli yang memakai pembaca layar.

Katalog memutar foto sesuai orientasi kamera, menghapus data lokasi (GPS) dan
membuat ukuran kecil untuk ponsel secara otomatis.

In English: put product photos here and list them under `images:` in the
product's YAML file. Original camera photos, at least 800 px on the long side,
plain background, no watermark, text or logo; JPEG, PNG, WebP, AVIF or HEIC;
1-8 photos per product, each with alt text in Indonesian and English.
"""


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; FileExistsError if it exists (never overwrites)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def ensure_photos(folder: Path) -> Iterator[Path]:
    """Create ``photos/`` with its README.txt when missing; yield what was created."""
    photos = folder / PHOTOS_DIR
    if not photos.exists():
        photos.mkdir(parents=True)
        yield photos
    readme = photos / PHOTO_README
    if not readme.exists():
        write_new(readme, PHOTO_README_TEXT)
        yield readme


def valid_id(value: str) -> bool:
    return bool(SLUG.fullmatch(value))

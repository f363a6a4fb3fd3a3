"""From the fields of an issue form to the data of supplier.yaml and <product>.yaml.

Each field is read as a person types it on a phone (``0812 3456 7890``, ``Rp 50.000``,
``14-30``, ``Kabupaten Sidoarjo``, ``30-06-2027``) and turned into what the model
takes; what cannot be read without guessing is a :class:`Problem` naming the field.
Checks that the model and rules make (formats, vocabularies, food certificates, MOQ
against capacity…) are left to them: :mod:`catalog.intake` validates the files it
would write with ``catalog validate``'s own code and maps those diagnostics back here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
import yaml
from babel.dates import get_month_names
from babel.numbers import format_decimal

from ..core import issue_form, vocab
from ..core.diagnostics import Text
from ..core.models import (
    SLUG,
    CartonSize,
    ExportPacking,
    hs_as_written,
    nib_as_written,
    whatsapp_as_written,
)
from ..core.rules import check_id
from .body import Form
from .numbers import Unreadable, as_plain, read_number

MAX_SLUG = 60
PRICE_VALID_DAYS = 365


@dataclass(frozen=True, slots=True)
class Problem:
    """Something to fix, at a form field (None: the submission as a whole)."""

    field: str | None
    text: Text


@dataclass(frozen=True, slots=True)
class ExistingSupplier:
    id: str
    name: str
    nib: str
    folder: Path


@dataclass
class Draft:
    """What the form says, as model data, with what could not be read."""

    supplier_id: str | None = None
    supplier: dict[str, Any] | None = None  # None: an existing supplier
    existing: ExistingSupplier | None = None
    product_id: str | None = None
    product: dict[str, Any] = field(default_factory=dict)
    photos: list[int] = field(default_factory=list)  # indexes into the attachments
    cert_fields: list[str] = field(default_factory=list)  # "halal", … per certifications[i]
    notes: list[Text] = field(default_factory=list)  # what was understood, for the PR
    problems: list[Problem] = field(default_factory=list)
    kind: str = "product"  # the form: "product" or "service" (a ``kind: service`` file)


def _p(field_id: str | None, id_text: str, en_text: str) -> Problem:
    return Problem(field_id, Text(id_text, en_text))


def slug(text: str) -> str:
    """``Koperasi Perajin Kulit Tanggulangin`` -> ``koperasi-perajin-kulit-tanggulangin``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > MAX_SLUG:
        out = out[:MAX_SLUG].rsplit("-", 1)[0] if "-" in out[:MAX_SLUG] else out[:MAX_SLUG]
    return out


def free_id(base: str, kind: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3``… the first one that is a usable id and not taken."""
    n = 1
    while True:
        candidate = base if n == 1 else f"{base}-{n}"
        if (
            SLUG.fullmatch(candidate)
            and check_id(candidate, kind, "") is None
            and not taken(candidate)
        ):
            return candidate
        n += 1


def shown(value: str, limit: int = 60) -> str:
    """A submitter's value quoted in a message: one line, short, no backticks."""
    one = " ".join(value.replace("`", "'").split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


# -- reading single fields ---------------------------------------------------------------
_MONTHS = {
    name.casefold(): number
    for lang in ("id", "en")
    for width in ("wide", "abbreviated")
    for number, name in get_month_names(width, locale=lang).items()
}


def read_date(text: str) -> dt.date | None:
    """``2027-06-30``, ``30-06-2027``, ``30/06/2027``, ``30 Juni 2027``; None if none of them."""
    value = " ".join(text.split()).rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)\.? (\d{4})", value):
            month = _MONTHS.get(m[2].casefold())
            return dt.date(int(m[3]), month, int(m[1])) if month else None
    except ValueError:
        return None
    return None


def _lang_pair(text: str) -> dict[str, str]:
    """``Kotak isi 12 / Box of 12`` -> {id: …, en: …}; one language -> {id: …}."""
    id_text, sep, en_text = text.partition(" / ")
    if sep and id_text.strip() and en_text.strip():
        return {"id": id_text.strip(), "en": en_text.strip()}
    return {"id": text.strip()}


class _Reader:
    """Reads the fields of one form into a Draft, collecting problems by field."""

    def __init__(self, form: Form, draft: Draft, today: dt.date):
        self.form, self.draft, self.today = form, draft, today
        self.fields = issue_form.by_id(form.kind)

    def get(self, field_id: str) -> str:
        return self.form.get(field_id)

    def problem(self, field_id: str | None, id_text: str, en_text: str) -> None:
        self.draft.problems.append(_p(field_id, id_text, en_text))

    def required(self, field_id: str) -> str | None:
        value = self.get(field_id)
        if not value:
            self.problem(field_id, "wajib diisi", "is required")
            return None
        return value

    def option(self, field_id: str, *, required: bool = False) -> str | None:
        value = self.get(field_id)
        if not value:
            if required:
                self.problem(field_id, "pilih salah satu", "choose one of the options")
            return None
        chosen = self.fields[field_id].option_value(value)
        if chosen is None:
            self.problem(
                field_id,
                f"`{shown(value)}` bukan salah satu pilihan",
                f"`{shown(value)}` is not one of the options",
            )
        return chosen

    def options(self, field_id: str, *, list_choices: bool = False) -> list[str]:
        """The choices of a multiple dropdown, as GitHub joins them (``A, B``).

        An option's own text may hold ``", "`` (``T/T uang muka, pelunasan …``), so the
        value is read from the left, longest option first, never split blindly. Typed by
        hand (the WhatsApp/e-mail route), either language half of an option or its
        vocabulary id is taken too. ``list_choices``: an unknown choice is answered with
        the valid ones."""
        f = self.fields[field_id]
        value = " ".join(self.get(field_id).split())
        spellings: list[tuple[str, str]] = []
        for o in f.options:
            id_half, _, en_half = o.text.partition(" / ")
            for spelling in {o.text, id_half, en_half, o.value} - {""}:
                spellings.append((" ".join(spelling.split()).casefold(), o.value))
        spellings.sort(key=lambda pair: -len(pair[0]))
        out: list[str] = []
        unknown: list[str] = []
        rest = value
        while rest:
            folded = rest.casefold()
            for spelling, chosen in spellings:
                after = folded[len(spelling) :]
                if folded.startswith(spelling) and (not after or after.startswith(",")):
                    if chosen not in out:
                        out.append(chosen)
                    rest = rest[len(spelling) :].lstrip(",").strip()
                    break
            else:
                part, _, rest = rest.partition(",")
                part, rest = part.strip(), rest.strip()
                if part:
                    unknown.append(part)
        if not unknown:
            return out
        if not list_choices:
            for part in unknown:
                self.problem(
                    field_id,
                    f"`{shown(part)}` bukan salah satu pilihan",
                    f"`{shown(part)}` is not one of the options",
                )
            return out
        named = ", ".join(f"`{shown(part)}`" for part in unknown)
        self.problem(
            field_id,
            f"{named} bukan pilihan yang ada; pilih dari: "
            + "; ".join(o.text.partition(" / ")[0] for o in f.options),
            f"{named} {'is' if len(unknown) == 1 else 'are'} not among the choices; choose "
            "from: " + "; ".join(o.text.partition(" / ")[2] or o.text for o in f.options),
        )
        return out

    def number(
        self, field_id: str, *, whole: bool = False, required: bool = False
    ) -> tuple[int | float | None, str | None]:
        text = self.get(field_id)
        if not text:
            if required:
                self.problem(field_id, "wajib diisi", "is required")
            return None, None
        try:
            reading = read_number(text)
        except Unreadable as exc:
            self.draft.problems.append(Problem(field_id, exc.text))
            return None, None
        if whole and reading.value != reading.value.to_integral_value():
            self.problem(
                field_id,
                f"`{shown(text)}` harus angka bulat",
                f"`{shown(text)}` must be a whole number",
            )
            return None, None
        return as_plain(reading.value), reading.currency

    def date(self, field_id: str) -> dt.date | None:
        text = self.get(field_id)
        if not text:
            return None
        value = read_date(text)
        if value is None:
            self.problem(
                field_id,
                f"`{shown(text)}` bukan tanggal; tulis contohnya 30-06-2027",
                f"`{shown(text)}` is not a date; write e.g. 2027-06-30",
            )
        return value


# -- the supplier ------------------------------------------------------------------------
def existing_suppliers(products: Path) -> dict[str, ExistingSupplier]:
    """Suppliers already in the catalogue, by NIB (read from their supplier.yaml)."""
    out: dict[str, ExistingSupplier] = {}
    if not products.is_dir():
        return out
    for path in sorted(products.glob("*/supplier.yaml")):
        if path.is_symlink():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("nib"):
            nib = str(data["nib"])
            out.setdefault(
                nib, ExistingSupplier(path.parent.name, str(data.get("name", "")), nib, path.parent)
            )
    return out


def _same_name(a: str, b: str) -> bool:
    return slug(a) == slug(b)


def _regency(r: _Reader, province: str | None) -> str | None:
    text = r.get("supplier_regency")
    if not text:
        r.problem(
            "supplier_regency", "wajib diisi untuk pemasok baru", "is required for a new supplier"
        )
        return None
    code, problem = find_regency(text, province)
    if problem is not None:
        r.draft.problems.append(Problem("supplier_regency", problem))
    return code


def find_regency(text: str, province: str | None = None) -> tuple[str | None, Text | None]:
    """The Kemendagri code of a regency or city as people write it (``Kab. Sidoarjo``,
    ``Kota Surabaya``, ``Sidoarjo``), or what is wrong, with the closest names."""
    regions = vocab.regions()
    if text.strip() in regions and regions[text.strip()].level == "regency":
        return text.strip(), None
    wanted = " ".join(re.sub(r"^kab(upaten)?\.?\s+", "kabupaten ", text.strip().casefold()).split())
    pool = [
        x
        for x in regions.values()
        if x.level == "regency" and (province is None or x.province_code == province)
    ]
    exact = [x for x in pool if x.name.casefold() == wanted]
    if not exact:
        exact = [
            x
            for x in pool
            if re.sub(r"^(kabupaten|kota)\s+", "", x.name.casefold())
            == re.sub(r"^(kabupaten|kota)\s+", "", wanted)
        ]
    if len(exact) == 1:
        return exact[0].code, None
    if len(exact) > 1:
        names = " atau ".join(x.name for x in exact)
        names_en = " or ".join(x.name for x in exact)
        return None, Text(
            f"`{shown(text)}` bisa berarti {names}; tulis salah satunya",
            f"`{shown(text)}` could be {names_en}; write which one",
        )
    hint = vocab.suggest(text, [x.name for x in pool], n=2)
    where = f" di {regions[province].name}" if province else ""
    return None, Text(
        f"kabupaten/kota `{shown(text)}` tidak ditemukan{where}"
        + (
            f"; maksudnya {' atau '.join(hint)}?"
            if hint
            else "; tulis contohnya Kabupaten Sidoarjo atau Kota Surabaya"
        ),
        f"regency or city `{shown(text)}` not found{where.replace(' di ', ' in ')}"
        + (
            f"; did you mean {' or '.join(hint)}?"
            if hint
            else "; write e.g. Kabupaten Sidoarjo or Kota Surabaya"
        ),
    )


def _phone(r: _Reader) -> str | None:
    text = r.get("supplier_whatsapp")
    if not text:
        return None
    number = whatsapp_as_written(text)
    if number is None:
        r.problem(
            "supplier_whatsapp",
            f"`{shown(text)}` bukan nomor telepon yang lengkap; contoh 0812 3456 7890",
            f"`{shown(text)}` is not a complete phone number; e.g. +62 812 3456 7890",
        )
    return number


def read_supplier(r: _Reader, products: Path) -> None:
    d = r.draft
    name = r.required("supplier_name")
    nib_text = r.required("supplier_nib")
    if nib_text is None:
        return
    nib = nib_as_written(nib_text)
    if not re.fullmatch(r"\d{13}", nib):
        r.problem(
            "supplier_nib",
            f"`{shown(nib_text)}` bukan NIB: NIB terdiri dari 13 angka (lihat di OSS)",
            f"`{shown(nib_text)}` is not an NIB: an NIB has 13 digits (see OSS)",
        )
        return
    known = existing_suppliers(products).get(nib)
    if known is not None:
        if name and not _same_name(name, known.name):
            r.problem(
                "supplier_nib",
                f"NIB ini sudah terdaftar atas nama `{shown(known.name)}` "
                f"(products/{known.id}/), bukan `{shown(name)}`. Bila usaha ini berganti "
                "nama, staf rumah dagang perlu mengubah supplier.yaml-nya; bila bukan NIB "
                "Anda, periksa lagi nomornya",
                f"this NIB is already registered to `{shown(known.name)}` "
                f"(products/{known.id}/), not `{shown(name)}`. If the business was renamed, "
                "trading-house staff must update its supplier.yaml; if it is not your NIB, "
                "check the number",
            )
            return
        d.existing, d.supplier_id = known, known.id
        return
    if name is None:
        return
    data: dict[str, Any] = {"name": name}
    for key in ("type", "scale"):
        value = r.option(f"supplier_{key}")
        if value is None and not r.get(f"supplier_{key}"):
            r.problem(
                f"supplier_{key}",
                "wajib diisi untuk pemasok baru",
                "is required for a new supplier",
            )
        data[key] = value
    description = r.get("supplier_description_id")
    if not description:
        r.problem(
            "supplier_description_id",
            "wajib diisi untuk pemasok baru",
            "is required for a new supplier",
        )
    data["description"] = {"id": description}
    if r.get("supplier_description_en"):
        data["description"]["en"] = r.get("supplier_description_en")
    data["nib"] = nib
    province = r.option("supplier_province")
    data["region"] = _regency(r, province)
    contact: dict[str, Any] = {}
    whatsapp = _phone(r)
    if whatsapp:
        contact["whatsapp"] = whatsapp
    if r.get("supplier_email"):
        contact["email"] = r.get("supplier_email")
    if r.get("supplier_person"):
        contact["person"] = r.get("supplier_person")
    if not r.get("supplier_whatsapp") and not r.get("supplier_email"):
        r.problem(
            "supplier_whatsapp",
            "isi nomor WhatsApp atau e-mail (minimal satu)",
            "give a WhatsApp number or an e-mail address (at least one)",
        )
    data["contact"] = contact
    d.supplier = data
    base = slug(name) or f"usaha-{nib}"
    d.supplier_id = free_id(base, "supplier", lambda c: (products / c).exists())


# -- the product -------------------------------------------------------------------------
def _lead_time(r: _Reader) -> dict[str, int] | None:
    text = r.required("lead_time")
    if text is None:
        return None
    compact = " ".join(text.casefold().replace("hari", "").replace("days", "").split())
    m = re.fullmatch(r"(\d{1,3})(?:\s*(?:-|–|sampai|s/d|sd|to|hingga)\s*(\d{1,3}))?", compact)
    if not m:
        r.problem(
            "lead_time",
            f"`{shown(text)}` tidak terbaca; tulis jumlah hari, contoh 14-30 atau 7",
            f"`{shown(text)}` cannot be read; write days, e.g. 14-30 or 7",
        )
        return None
    low = int(m[1])
    return {"min": low, "max": int(m[2]) if m[2] else low}


def _size(
    r: _Reader, field_id: str = "size", *, dimensions=(2, 3), example: str = "35 x 12 x 28"
) -> dict[str, float] | None:
    """``35 x 12 x 28``, ``60×40×40 cm``, ``11 x 9,5 x 2`` (cm, Indonesian decimals)."""
    text = r.get(field_id)
    if not text:
        return None
    parts = [p.strip() for p in re.split(r"\s*[x×*]\s*", text.casefold().replace("cm", ""))]
    values = []
    for part in parts:
        try:
            reading = read_number(part)
        except Unreadable:
            values = []
            break
        if reading.currency:
            values = []
            break
        values.append(as_plain(reading.value))
    if len(values) not in dimensions:
        r.problem(
            field_id,
            f"`{shown(text)}` tidak terbaca; tulis panjang × lebar × tinggi dalam cm, "
            f"contoh {example}",
            f"`{shown(text)}` cannot be read; write length × width × height in cm, e.g. {example}",
        )
        return None
    return dict(zip(("length", "width", "height"), values))


def _mass(r: _Reader, field_id: str, *, to: str) -> int | float | None:
    """``850 g``, ``1,2 kg``, ``18,5`` (in ``to``, the unit the model stores: g or kg)."""
    text = r.get(field_id)
    if not text:
        return None
    m = re.fullmatch(r"(.*?)\s*(kg|g|gr|gram)?", " ".join(text.casefold().split()))
    try:
        reading = read_number(m[1] if m else text)
    except Unreadable as exc:
        r.draft.problems.append(Problem(field_id, exc.text))
        return None
    if reading.currency:
        r.problem(
            field_id,
            f"`{shown(text)}` adalah harga, bukan berat; contoh 18,5 kg",
            f"`{shown(text)}` is a price, not a weight; e.g. 18,5 kg",
        )
        return None
    written = "kg" if m and m[2] == "kg" else "g" if m and m[2] else to
    value = reading.value
    if written != to:
        value = value * 1000 if written == "kg" else value / 1000
    return as_plain(value)


def _weight(r: _Reader) -> int | float | None:
    return _mass(r, "net_weight", to="g")


def _unit_words() -> set[str]:
    """What may follow a count: ``24 buah``, ``24 pcs``, ``22,68 kg``."""
    words = {"pcs", "pc", "unit", "units", "biji"}
    for u in vocab.units().values():
        words |= {u.id, u.label.id, u.label.en, u.per.id, u.per.en}
    return {w.casefold() for w in words}


_PACKING = ("packing_units", "packing_size", "packing_gross")
_SIDES = {
    "length": ("panjang", "length"),
    "width": ("lebar", "width"),
    "height": ("tinggi", "height"),
}


def _most(model: type, name: str) -> float | None:
    """The model's upper bound (``le``) of a field, so the form says it in its own words."""
    for item in model.model_fields[name].metadata:
        if getattr(item, "le", None) is not None:
            return float(item.le)
    return None


def _id_number(value: float) -> str:
    """``2000`` -> ``2.000``, ``20.5`` -> ``20,5`` (as the submitter writes numbers)."""
    return format_decimal(value, locale="id")


def _export_packing(r: _Reader) -> dict[str, Any] | None:
    """Units per carton, carton size and gross weight: all three, or none of them."""
    given = [f for f in _PACKING if r.get(f)]
    if not given:
        return None
    units = None
    text = r.get("packing_units")
    if text:
        words = text.split()
        if len(words) > 1 and words[-1].casefold().rstrip(".") in _unit_words():
            text = " ".join(words[:-1])
        try:
            reading = read_number(text)
        except Unreadable as exc:
            r.draft.problems.append(Problem("packing_units", exc.text))
        else:
            if reading.currency:
                r.problem(
                    "packing_units",
                    f"`{shown(r.get('packing_units'))}` adalah harga, bukan jumlah; contoh 24",
                    f"`{shown(r.get('packing_units'))}` is a price, not a quantity; e.g. 24",
                )
            else:
                units = as_plain(reading.value)
    carton = _size(r, "packing_size", dimensions=(3,), example="60 x 40 x 40")
    if carton is not None:
        for side, (name_id, name_en) in _SIDES.items():
            most = _most(CartonSize, side)
            if most is not None and carton[side] > most:
                r.problem(
                    "packing_size",
                    f"{name_id} {_id_number(carton[side])} cm tidak muat di kontainer "
                    f"(paling besar {_id_number(most)} cm); tulis ukuran luar karton dalam cm, "
                    "urut panjang × lebar × tinggi",
                    f"a {name_en} of {format_decimal(carton[side], locale='en')} cm does not fit a container (at most "
                    f"{format_decimal(most, locale='en')} cm); write the carton's outside size in cm, as length × width × "
                    "height",
                )
                carton = None
                break
    gross = _mass(r, "packing_gross", to="kg")
    heaviest = _most(ExportPacking, "gross_kg")
    if gross is not None and heaviest is not None and gross > heaviest:
        r.problem(
            "packing_gross",
            f"{_id_number(gross)} kg terlalu berat untuk satu karton/karung (paling berat "
            f"{_id_number(heaviest)} kg); tulis berat satu karton berisi",
            f"{format_decimal(gross, locale='en')} kg is too heavy for one carton or sack (at most "
            f"{format_decimal(heaviest, locale='en')} kg); "
            "write the weight of one full carton",
        )
        gross = None
    missing = [f for f in _PACKING if not r.get(f)]
    if missing:
        names = [r.fields[f].label.partition(" / ") for f in missing]
        filled = [r.fields[f].label.partition(" / ") for f in given]
        for field_id in missing:
            r.problem(
                field_id,
                "wajib diisi bila "
                + " dan ".join(f"“{n[0]}”" for n in filled)
                + " diisi: kemasan ekspor perlu ketiganya, isi juga "
                + " dan ".join(f"“{n[0]}”" for n in names)
                + " (atau kosongkan semuanya)",
                "required when "
                + " and ".join(f"“{n[2]}”" for n in filled)
                + " is given: export packing needs all three, fill in "
                + " and ".join(f"“{n[2]}”" for n in names)
                + " too (or leave all of them empty)",
            )
        return None
    if units is None or carton is None or gross is None:
        return None
    return {"units_per_carton": units, "carton_cm": carton, "gross_kg": gross}


def _markets(r: _Reader) -> list[str]:
    text = r.get("export_markets")
    out = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]", text))):
        try:
            country = pycountry.countries.lookup(part)
        except LookupError:
            r.problem(
                "export_markets",
                f"negara `{shown(part)}` tidak dikenal; tulis kode negara, contoh JP, MY, NL",
                f"country `{shown(part)}` is not known; write country codes, e.g. JP, MY, NL",
            )
            continue
        if country.alpha_2 not in out:
            out.append(country.alpha_2)
    return out


def _certificates(r: _Reader, fixed=("halal", "pirt", "bpom")) -> list[dict[str, Any]]:
    """The certificate fields: one group per type in ``fixed``, then "other certificate";
    a TKDN certificate carries its percentage (``43,27%``)."""
    certs: list[dict[str, Any]] = []
    kinds = [(kind, kind) for kind in fixed]
    other = r.option("other_cert_type")
    if other:
        kinds.append(("other_cert", other))
    elif r.get("other_cert_number"):
        r.problem("other_cert_type", "pilih jenis sertifikatnya", "choose the certificate type")
    for prefix, kind in kinds:
        number = r.get(f"{prefix}_number")
        if not number:
            continue
        cert: dict[str, Any] = {
            "type": kind,
            "number": re.sub(r"[\s.]", "", number)
            if kind in ("halal", "pirt", "bpom")
            else number.strip(),
        }
        if kind == "halal":
            scheme = r.option("halal_scheme")
            if scheme:
                cert["scheme"] = scheme
        until = r.date(f"{prefix}_valid_until")
        if until is not None:
            cert["valid_until"] = until
        if f"{prefix}_percentage" in r.fields:
            percentage = _percentage(r, f"{prefix}_percentage")
            if percentage is not None:
                cert["percentage"] = percentage
        certs.append(cert)
        r.draft.cert_fields.append(prefix)
    return certs


def read_product(r: _Reader, photo_count: int, products: Path) -> None:
    d = r.draft
    data: dict[str, Any] = {}
    name_id = r.required("name_id")
    name_en = r.get("name_en")
    data["name"] = {"id": name_id or ""}
    if name_en:
        data["name"]["en"] = name_en
    description = r.required("description_id")
    data["description"] = {"id": description or ""}
    if r.get("description_en"):
        data["description"]["en"] = r.get("description_en")
    data["category"] = r.option("category", required=True)
    # photos: file names are set by the caller once the photos are cleaned
    data["images"] = _images(r, photo_count, name_id, name_en, "Produk")
    hs = r.get("hs_code")
    if hs:
        data["hs_code"] = hs_as_written(hs)
    data["status"] = "active"
    data["added"] = r.today
    unit = r.option("unit", required=True)
    moq, _ = r.number("moq", whole=True, required=True)
    data["moq"] = {"quantity": moq, "unit": unit}
    capacity, _ = r.number("capacity", whole=True)
    if capacity is not None:
        data["capacity_per_month"] = {"quantity": capacity, "unit": unit}
    data["lead_time_days"] = _lead_time(r)
    amount, currency = r.number("price")
    place = " ".join(r.get("price_place").split())
    if amount is None and not r.get("price"):
        data["price"] = {"on_request": True}
        for extra in ("price_min_qty", "price_valid_until"):
            if r.get(extra):
                r.problem(
                    "price",
                    "isi juga harganya, atau kosongkan kolom ini",
                    "fill in the price too, or leave this empty",
                )
                break
        # on request, yet FOB at a named port: the Incoterm a buyer will be quoted on
        basis = r.option("price_basis")
        if basis:
            data["price"]["basis"] = basis
            data["incoterms"] = [basis]
        if place:
            if basis:
                data["price"]["place"] = place
            elif not r.get("price_basis"):
                r.problem(
                    "price_basis",
                    f"pilih Incoterm untuk tempat `{shown(place)}` (contoh FOB), atau "
                    "kosongkan kolom tempat harga",
                    f"choose the Incoterm of the place `{shown(place)}` (e.g. FOB), or leave "
                    "the named place empty",
                )
    else:
        min_qty, _ = r.number("price_min_qty", whole=True)
        basis = r.option("price_basis") or "EXW"
        until = r.date("price_valid_until")
        if until is None and not r.get("price_valid_until"):
            until = r.today + dt.timedelta(days=PRICE_VALID_DAYS)
            d.notes.append(
                Text(
                    f"harga berlaku sampai {until.isoformat()} (satu tahun, kolom dikosongkan)",
                    f"price valid until {until.isoformat()} (one year; the field was left empty)",
                )
            )
        data["price"] = {
            "currency": currency or "IDR",
            "basis": basis,
            "place": place or None,  # None: not written (see plain())
            "tiers": [{"min_qty": min_qty if min_qty is not None else moq, "amount": amount}],
            "valid_until": until,
        }
        data["incoterms"] = [basis]
    if r.get("material"):
        data["material"] = _lang_pair(r.get("material"))
    size = _size(r)
    if size:
        data["size_cm"] = size
    weight = _weight(r)
    if weight is not None:
        data["net_weight_g"] = weight
    if r.get("packaging"):
        data["packaging"] = _lang_pair(r.get("packaging"))
    packing = _export_packing(r)
    if packing is not None:
        data["export_packing"] = packing
    terms = r.options("payment_terms", list_choices=True)
    if terms:
        data["payment_terms"] = terms
    samples = r.option("samples")
    if samples:
        data["samples"] = {"available": samples != "no", "free": samples == "free"}
    oem = r.option("oem")
    if oem or r.get("customization"):
        data["customization"] = {"oem": oem == issue_form.YES}
        if r.get("customization"):
            data["customization"]["note"] = _lang_pair(r.get("customization"))
    segments = r.options("buyer_segments")
    if segments:
        data["buyer_segments"] = segments
    markets = _markets(r)
    if markets:
        data["export_markets"] = markets
    keywords = [k.strip() for k in r.get("keywords").split(",") if k.strip()]
    if keywords:
        data["keywords"] = keywords
    certs = _certificates(r)
    if certs:
        data["certifications"] = certs
    shelf, _ = r.number("shelf_life_days", whole=True)
    if shelf is not None:
        data["shelf_life_days"] = shelf
    if r.get("storage"):
        data["storage"] = _lang_pair(r.get("storage"))
    d.product = data


# -- a service (issue 21) -------------------------------------------------------------------
_PER = {
    "hari": "day",
    "day": "day",
    "minggu": "week",
    "pekan": "week",
    "week": "week",
    "bulan": "month",
    "month": "month",
}
_HOUR_WORDS = {
    "jam": "hour",
    "hour": "hour",
    "hours": "hour",
    "hari": "day",
    "day": "day",
    "days": "day",
}


def _unit_ids() -> dict[str, str]:
    """What a submitter may write for a unit (``kg``, ``kilo``, ``porsi``, ``pcs``…) -> id."""
    out = {"kilo": "kg", "kilogram": "kg", "pcs": "piece", "pc": "piece", "potong": "piece"}
    for u in vocab.units().values():
        for word in (u.id, u.label.id, u.label.en, u.per.id, u.per.en):
            out.setdefault(word.casefold(), u.id)
    return out


def _amount_and_unit(text: str) -> tuple[str, str]:
    """``Rp 8.000 per kg`` -> (``Rp 8.000``, ``kg``); ``150 kg`` -> (``150``, ``kg``)."""
    compact = " ".join(text.split())
    m = re.fullmatch(r"(.*?)\s*(?:/|\bper\b)\s*(.+)", compact, flags=re.I)
    if m:
        return m[1], m[2]
    m = re.fullmatch(r"(\S*\d[\d.,]*(?:\s*(?:rb|ribu|jt|juta)\b)?)\s*(.*)", compact, flags=re.I)
    return (m[1], m[2]) if m else (compact, "")


def _service_unit(r: _Reader, field_id: str, word: str, service: str | None) -> str | None:
    """The unit id of ``word``; a unit the chosen service does not count in is a problem
    naming the field and the units it does count in."""
    unit = _unit_ids().get(word.strip().rstrip(".").casefold())
    spec = vocab.services().get(service or "")
    allowed_id = " atau ".join(vocab.units()[u].per.id for u in spec.units) if spec else ""
    allowed_en = " or ".join(vocab.units()[u].per.en for u in spec.units) if spec else ""
    if unit is None:
        r.problem(
            field_id,
            f"satuan `{shown(word)}` tidak dikenal"
            + (f"; untuk {spec.label.id} tulis {allowed_id}" if spec else ""),
            f"unit `{shown(word)}` is not known"
            + (f"; for {spec.label.en} write {allowed_en}" if spec else ""),
        )
        return None
    if spec is not None and unit not in spec.units:
        r.problem(
            field_id,
            f"satuan `{shown(word)}` tidak dipakai untuk jasa {spec.label.id}; tulis {allowed_id}",
            f"the unit `{shown(word)}` is not used for the service {spec.label.en}; "
            f"write {allowed_en}",
        )
        return None
    return unit


def _count(r: _Reader, field_id: str, text: str, example: str) -> int | None:
    try:
        reading = read_number(text)
    except Unreadable as exc:
        r.draft.problems.append(Problem(field_id, exc.text))
        return None
    if reading.currency or reading.value != reading.value.to_integral_value():
        r.problem(
            field_id,
            f"`{shown(text)}` harus jumlah bulat; contoh {example}",
            f"`{shown(text)}` must be a whole number; e.g. {example}",
        )
        return None
    return int(reading.value)


def _capacity(r: _Reader, service: str | None) -> dict[str, Any] | None:
    """``150 kg per hari``, ``150 kg/hari``, ``4.000 buah per bulan``."""
    text = r.required("capacity")
    if text is None:
        return None
    compact = " ".join(text.split())
    m = re.fullmatch(
        r"(.*?\d[\d.,]*(?:\s*(?:rb|ribu))?)\s*([^\d/]+?)\s*(?:/|\bper\b|\btiap\b|\bsetiap\b)\s*"
        r"([a-z]+)",
        compact,
        flags=re.I,
    )
    per = _PER.get(m[3].casefold()) if m else None
    if m is None or per is None:
        r.problem(
            "capacity",
            f"`{shown(text)}` tidak terbaca; tulis jumlah, satuan dan per hari/minggu/bulan, "
            "contoh 150 kg per hari",
            f"`{shown(text)}` cannot be read; write the quantity, the unit and per day, week or "
            "month, e.g. 150 kg per day",
        )
        return None
    quantity = _count(r, "capacity", m[1], "150 kg per hari")
    unit = _service_unit(r, "capacity", m[2], service)
    if quantity is None or unit is None:
        return None
    return {"quantity": quantity, "unit": unit, "per": per}


def _min_order(r: _Reader, service: str | None) -> dict[str, Any] | None:
    text = r.get("min_order")
    if not text:
        return None
    amount, word = _amount_and_unit(text)
    if not word:
        r.problem(
            "min_order",
            f"`{shown(text)}`: tulis juga satuannya, contoh 20 kg",
            f"`{shown(text)}`: write the unit too, e.g. 20 kg",
        )
        return None
    quantity = _count(r, "min_order", amount, "20 kg")
    unit = _service_unit(r, "min_order", word, service)
    if quantity is None or unit is None:
        return None
    return {"quantity": quantity, "unit": unit}


def _turnaround(r: _Reader) -> dict[str, Any] | None:
    """``24 jam``, ``1-2 hari``, ``1 sampai 3 hari``."""
    text = r.required("turnaround")
    if text is None:
        return None
    m = re.fullmatch(
        r"(\d{1,3})(?:\s*(?:-|–|sampai|s/d|sd|to|hingga)\s*(\d{1,3}))?\s*([a-z]+)",
        " ".join(text.casefold().split()),
    )
    unit = _HOUR_WORDS.get(m[3]) if m else None
    if m is None or unit is None:
        r.problem(
            "turnaround",
            f"`{shown(text)}` tidak terbaca; tulis jam atau hari, contoh 24 jam atau 1-2 hari",
            f"`{shown(text)}` cannot be read; write hours or days, e.g. 24 jam or 1-2 hari",
        )
        return None
    low = int(m[1])
    return {"min": low, "max": int(m[2]) if m[2] else low, "unit": unit}


_ON_REQUEST = {"berdasarkan permintaan", "sesuai permintaan", "on request", "nego", "-"}


def _service_price(r: _Reader, service: str | None, capacity_unit: str | None) -> dict:
    """``Rp 8.000 per kg``, ``Rp 8.000/kg``, ``8rb``; empty: on request."""
    text = " ".join(r.get("price").split())
    if not text or text.casefold() in _ON_REQUEST:
        if r.get("price_valid_until"):
            r.problem(
                "price",
                "isi juga harganya, atau kosongkan kolom tanggal berlaku",
                "fill in the price too, or leave the valid-until date empty",
            )
        return {"on_request": True}
    amount_text, word = _amount_and_unit(text)
    try:
        reading = read_number(amount_text)
    except Unreadable as exc:
        r.draft.problems.append(Problem("price", exc.text))
        return {"on_request": True}
    unit = _service_unit(r, "price", word, service) if word else capacity_unit
    until = r.date("price_valid_until")
    if until is None and not r.get("price_valid_until"):
        until = r.today + dt.timedelta(days=PRICE_VALID_DAYS)
        r.draft.notes.append(
            Text(
                f"harga berlaku sampai {until.isoformat()} (satu tahun, kolom dikosongkan)",
                f"price valid until {until.isoformat()} (one year; the field was left empty)",
            )
        )
    return {
        "currency": reading.currency or "IDR",
        "amount": as_plain(reading.value),
        "unit": unit,
        "valid_until": until,
    }


def _areas(r: _Reader) -> list[str]:
    """``Kota Surabaya, Kab. Sidoarjo`` -> ``["35.78", "35.15"]``; each unknown name is a
    problem of the field with the closest names."""
    text = r.required("areas")
    out: list[str] = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]|\s+dan\s+", text or ""))):
        code, problem = find_regency(part)
        if problem is not None:
            r.draft.problems.append(Problem("areas", problem))
        elif code is not None and code not in out:
            out.append(code)
    return out


def _percentage(r: _Reader, field_id: str) -> int | float | None:
    """``43,27%`` / ``43,27 %`` / ``43,27``."""
    text = r.get(field_id)
    if not text:
        return None
    try:
        reading = read_number(text.strip().rstrip("%").strip())
    except Unreadable as exc:
        r.draft.problems.append(Problem(field_id, exc.text))
        return None
    if reading.currency or not 0 <= reading.value <= 100:
        r.problem(
            field_id,
            f"`{shown(text)}` bukan persentase 0-100; contoh 43,27%",
            f"`{shown(text)}` is not a percentage from 0 to 100; e.g. 43,27%",
        )
        return None
    return as_plain(reading.value)


def read_service(r: _Reader, photo_count: int) -> None:
    """The fields of the service form -> the data of a ``kind: service`` file."""
    data: dict[str, Any] = {"kind": "service"}
    name_id = r.required("name_id")
    name_en = r.get("name_en")
    data["name"] = {"id": name_id or ""}
    if name_en:
        data["name"]["en"] = name_en
    description = r.required("description_id")
    data["description"] = {"id": description or ""}
    if r.get("description_en"):
        data["description"]["en"] = r.get("description_en")
    service = r.option("service", required=True)
    data["service"] = service
    data["images"] = _images(r, photo_count, name_id, name_en, "Jasa")
    data["status"] = "active"
    data["added"] = r.today
    data["areas"] = _areas(r)
    capacity = _capacity(r, service)
    data["capacity"] = capacity
    min_order = _min_order(r, service)
    if min_order is not None:
        data["min_order"] = min_order
    data["turnaround"] = _turnaround(r)
    data["price"] = _service_price(r, service, capacity["unit"] if capacity else None)
    terms = r.options("payment_terms", list_choices=True)
    if terms:
        data["payment_terms"] = terms
    segments = r.options("buyer_segments")
    if segments:
        data["buyer_segments"] = segments
    keywords = [k.strip() for k in r.get("keywords").split(",") if k.strip()]
    if keywords:
        data["keywords"] = keywords
    certs = _certificates(r, fixed=("halal", "tkdn"))
    if certs:
        data["certifications"] = certs
    if r.get("ekatalog_url"):
        data["ekatalog_url"] = r.get("ekatalog_url").strip()
    r.draft.product = data


def _images(r: _Reader, photo_count: int, name_id, name_en, fallback: str) -> list[dict]:
    """One image per photo: its caption line (``id / en``), else the name and a number."""
    captions = [line.strip() for line in r.get("photo_captions").split("\n") if line.strip()]
    images = []
    for i in range(min(photo_count, 8)):
        if i < len(captions):
            alt = _lang_pair(captions[i])
        else:
            alt = {"id": f"{name_id or fallback}, foto {i + 1}"}
            if name_en:
                alt["en"] = f"{name_en}, photo {i + 1}"
        images.append({"file": "", "alt": alt})
    return images


def read_consent(r: _Reader) -> None:
    ticked = r.form.ticked.get("confirm", set())
    needed = {o.text for o in r.fields["confirm"].options}
    if not needed <= ticked:
        r.problem("confirm", "centang kedua pernyataan", "tick both confirmations")


def draft(form: Form, photo_count: int, products: Path, today: dt.date) -> Draft:
    """Read every field of ``form`` into a :class:`Draft` (ids chosen, problems listed)."""
    d = Draft(kind=form.kind)
    r = _Reader(form, d, today)
    for field_id in form.repeated:
        r.problem(
            field_id,
            "kolom ini muncul dua kali di isu; hapus salah satunya",
            "this field appears twice in the issue; remove one",
        )
    read_supplier(r, products)
    if form.kind == "service":
        read_service(r, photo_count)
    else:
        read_product(r, photo_count, products)
    read_consent(r)
    name = d.product.get("name", {}).get("id")
    if d.supplier_id and name:
        folder = products / d.supplier_id
        d.product_id = free_id(
            slug(name) or ("jasa" if form.kind == "service" else "produk"),
            "product",
            lambda c: (folder / f"{c}.yaml").exists() or (folder / f"{c}.yml").exists(),
        )
        if d.existing is not None:
            other = same_named_product(folder, name)
            if other is not None:
                r.problem(
                    "name_id",
                    f"pemasok ini sudah punya produk bernama `{shown(name)}` "
                    f"({other}); beri nama lain, atau minta staf mengubah produk itu",
                    f"this supplier already has a product named `{shown(name)}` "
                    f"({other}); choose another name, or ask staff to change that one",
                )
    return d


def same_named_product(folder: Path, name: str) -> str | None:
    for path in sorted(folder.glob("*.y*ml")):
        if path.name == "supplier.yaml" or path.is_symlink():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        other = data.get("name") if isinstance(data, dict) else None
        other = other.get("id") if isinstance(other, dict) else other
        if isinstance(other, str) and other.casefold().strip() == name.casefold().strip():
            return path.name
    return None


def plain(value: Any) -> Any:
    """Decimals and nested data as YAML-ready plain values."""
    if isinstance(value, Decimal):
        return as_plain(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value

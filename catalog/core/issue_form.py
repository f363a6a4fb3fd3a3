"""The "submit a product" issue form, defined once from the model and vocabularies.

A UMKM owner without git fills this form on GitHub (or on the site's /join/ page,
which prefills it or sends the same text by WhatsApp or e-mail). Three things are
made from :data:`FIELDS` here, so they cannot drift apart:

* the GitHub issue form ``.github/ISSUE_TEMPLATE/submit-product.yml``
  (:func:`form_yaml`; written by ``catalog issue-form``, kept in sync by a test);
* the issue body exactly as GitHub renders a filled form (:func:`render_body`:
  ``### Label``, a blank line, the value or ``_No response_``; checkboxes as
  ``- [X] label``), which ``catalog intake`` reads back;
* the labels the intake's problems name: the submitter never saw YAML, so every
  problem names the field as the form shows it.

Labels and hints come from the model's field descriptions (``"Indonesian / English"``)
and every option list from :mod:`catalog.core.vocab`; the field ids are the query
parameters GitHub accepts to prefill a field (``?template=…&name_id=…``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from . import vocab
from .i18n import t
from .models import (
    Certification,
    Contact,
    Customization,
    ExportPacking,
    Image,
    Price,
    PriceTier,
    Product,
    Quantity,
    Service,
    ServicePrice,
    Supplier,
    Turnaround,
)

TEMPLATE = "submit-product.yml"
"""The form's file name in ``.github/ISSUE_TEMPLATE/`` (the ``template=`` of a prefill URL)."""
LABEL = "produk-baru"
"""The label the form puts on each issue; the intake workflow runs on issues that carry it."""
TITLE_PREFIX = "[Produk] "
NO_RESPONSE = "_No response_"
"""What GitHub writes for a field left empty."""
MAX_BODY = 65_536
"""GitHub refuses longer issue bodies; ``catalog intake`` refuses them too."""

SERVICE_TEMPLATE = "submit-service.yml"
"""The service form (issue 21): same supplier section, the ``Service`` model's fields."""
SERVICE_LABEL = "layanan-baru"
SERVICE_TITLE_PREFIX = "[Layanan] "
FormKind = Literal["product", "service"]
FORM_KINDS: tuple[FormKind, ...] = ("product", "service")
TEMPLATES: dict[str, str] = {"product": TEMPLATE, "service": SERVICE_TEMPLATE}
LABELS: dict[str, str] = {"product": LABEL, "service": SERVICE_LABEL}

Kind = Literal["input", "textarea", "dropdown", "checkboxes", "markdown"]


@dataclass(frozen=True, slots=True)
class Option:
    value: str  # what the model stores (a vocabulary id), or "" for "no"
    text: str  # what the form shows and the issue body carries


@dataclass(frozen=True, slots=True)
class Field:
    """One field of the form. ``label`` is the ``### Label`` of the rendered body."""

    id: str
    kind: Kind
    label: str
    description: str = ""
    required: bool = False
    options: tuple[Option, ...] = ()
    multiple: bool = False
    placeholder: str = ""
    section: str = ""
    for_new_supplier: bool = False
    """Asked only when the NIB is not yet in the catalogue (GitHub cannot make a field
    required on a condition; ``catalog intake`` does)."""
    food: bool = False
    """Only for food and drink."""

    def option_value(self, text: str) -> str | None:
        """The model value of a chosen option's text (None: not an option)."""
        wanted = " ".join(text.split()).casefold()
        for option in self.options:
            if " ".join(option.text.split()).casefold() == wanted:
                return option.value
        return None


def _describe(model: type, name: str) -> str:
    """The model field's "Indonesian / English" description."""
    return model.model_fields[name].description or name


def _required(model: type, name: str) -> bool:
    """Required in the form exactly when the model requires the field it fills."""
    return model.model_fields[name].is_required()


def _both(id_text: str, en_text: str) -> str:
    return f"{id_text} / {en_text}"


def _split(description: str) -> tuple[str, str]:
    id_text, _, en_text = description.partition(" / ")
    return id_text.strip(), (en_text or id_text).strip()


def _lang_label(model: type, name: str, lang: str) -> str:
    """``Nama produk (bahasa Indonesia) / Product name (Indonesian)``."""
    id_text, en_text = _split(_describe(model, name))
    if lang == "id":
        return _both(f"{id_text} (bahasa Indonesia)", f"{en_text} (Indonesian)")
    return _both(f"{id_text} (bahasa Inggris)", f"{en_text} (English)")


def _vocab_options(pairs) -> tuple[Option, ...]:
    return tuple(Option(value, _both(text.id, text.en)) for value, text in pairs)


def _ui(key: str) -> str:
    return _both(t(key, "id"), t(key, "en"))


YES, NO = "ya", ""
_YES_NO = (Option(NO, "Tidak / No"), Option(YES, "Ya / Yes"))


@cache
def fields(form: FormKind = "product") -> tuple[Field, ...]:
    """Every field of the product or service form, in order (``markdown`` items are
    section headings). Both forms share the supplier section and the confirmation."""
    categories = _vocab_options((c.id, c.label) for c in vocab.categories().values())
    units = _vocab_options((u.id, u.label) for u in vocab.units().values())
    segments = _vocab_options(vocab.segments().items())
    provinces = tuple(
        Option(r.code, r.name) for r in vocab.regions().values() if r.level == "province"
    )
    types = tuple(Option(v, _ui(f"type_{v}")) for v in ("koperasi", "umkm", "cv", "pt", "ud"))
    scales = tuple(Option(v, _ui(f"scale_{v}")) for v in ("mikro", "kecil", "menengah"))
    schemes = tuple(Option(v, _ui(f"scheme_{v}")) for v in ("self_declare", "regular"))
    incoterms = tuple(Option(code, f"{code} – {name}") for code, name in vocab.incoterms().items())
    payment_terms = _vocab_options(vocab.payment_terms().items())
    other_certs = tuple(
        Option(c.id, _both(c.label.id, c.label.en))
        for c in vocab.cert_types().values()
        if c.id not in ("halal", "pirt", "bpom")
    )
    samples = (
        Option("no", "Tidak ada / Not available"),
        Option("paid", "Ada, berbayar / Available, paid"),
        Option("free", "Ada, gratis / Available, free"),
    )
    cert = vocab.cert_types()
    date_hint = "contoh 30-06-2027 / e.g. 2027-06-30"

    def cert_fields(kind: str, food: bool) -> list[Field]:
        label_id, label_en = cert[kind].label.id, cert[kind].label.en
        return [
            Field(
                f"{kind}_number",
                "input",
                _both(f"Nomor {label_id}", f"{label_en} number"),
                f"Contoh / e.g. {cert[kind].example}",
                section="certificates",
                food=food,
            ),
            Field(
                f"{kind}_valid_until",
                "input",
                _both(f"{label_id} berlaku sampai", f"{label_en} valid until"),
                date_hint + " (kosongkan bila tanpa batas / empty if it does not expire)",
                section="certificates",
                food=food,
            ),
        ]

    supplier = (
        Field("intro", "markdown", "", section="intro"),
        # -- the business -------------------------------------------------------------
        Field(
            "heading_supplier", "markdown", _both("Usaha Anda", "Your business"), section="supplier"
        ),
        Field(
            "supplier_name",
            "input",
            _describe(Supplier, "name"),
            "Contoh / e.g. Koperasi Perajin Kulit Tanggulangin",
            required=_required(Supplier, "name"),
            section="supplier",
        ),
        Field(
            "supplier_nib",
            "input",
            _describe(Supplier, "nib"),
            "13 angka dari OSS; usaha yang sudah ada di katalog dikenali dari NIB-nya / "
            "13 digits from OSS; a business already in the catalogue is recognised by its NIB",
            required=_required(Supplier, "nib"),
            placeholder="9120301234567",
            section="supplier",
        ),
        Field(
            "supplier_whatsapp",
            "input",
            _both("Nomor WhatsApp", "WhatsApp number"),
            "Contoh / e.g. 0812 3456 7890 atau / or +62 812 3456 7890",
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_email",
            "input",
            _describe(Contact, "email"),
            "WhatsApp atau e-mail, minimal satu / WhatsApp or e-mail, at least one",
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_person",
            "input",
            _describe(Contact, "person"),
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_type",
            "dropdown",
            _describe(Supplier, "type"),
            options=types,
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_scale",
            "dropdown",
            _describe(Supplier, "scale"),
            options=scales,
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_province",
            "dropdown",
            _both("Provinsi", "Province"),
            options=provinces,
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_regency",
            "input",
            _both("Kabupaten/kota", "Regency or city"),
            "Contoh / e.g. Kabupaten Sidoarjo, Kota Surabaya",
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_description_id",
            "textarea",
            _lang_label(Supplier, "description", "id"),
            "Apa yang dibuat, sejak kapan, berapa anggota atau pekerja / What you make, since "
            "when, how many members or workers",
            section="supplier",
            for_new_supplier=True,
        ),
        Field(
            "supplier_description_en",
            "textarea",
            _lang_label(Supplier, "description", "en"),
            section="supplier",
            for_new_supplier=True,
        ),
    )
    consent = (
        Field(
            "confirm",
            "checkboxes",
            _both("Pernyataan", "Confirmation"),
            required=True,
            options=(
                Option(
                    "photos",
                    "Foto asli milik saya, latar polos, tanpa tanda air / "
                    "My own original photos, plain background, no watermark",
                ),
                Option(
                    "true",
                    "Data ini benar dan saya berhak mengajukannya / These "
                    "details are true and I may submit them",
                ),
            ),
            section="consent",
        ),
    )
    if form == "service":
        return (*supplier, *_service_fields(cert_fields, date_hint), *consent)
    return (
        *supplier,
        # -- the product --------------------------------------------------------------
        Field("heading_product", "markdown", _both("Produk", "Product"), section="product"),
        Field(
            "name_id",
            "input",
            _lang_label(Product, "name", "id"),
            "Contoh / e.g. Dompet Kulit Sapi",
            required=_required(Product, "name"),
            section="product",
        ),
        Field(
            "name_en",
            "input",
            _lang_label(Product, "name", "en"),
            "Untuk label siap ekspor / For the export-ready badge, e.g. Cowhide Leather Wallet",
            section="product",
        ),
        Field(
            "category",
            "dropdown",
            _describe(Product, "category"),
            options=categories,
            required=_required(Product, "category"),
            section="product",
        ),
        Field(
            "description_id",
            "textarea",
            _lang_label(Product, "description", "id"),
            "Bahan, ukuran, warna, cara membuat / Material, size, colours, how it is made",
            required=_required(Product, "description"),
            section="product",
        ),
        Field(
            "description_en",
            "textarea",
            _lang_label(Product, "description", "en"),
            section="product",
        ),
        Field(
            "photos",
            "textarea",
            _describe(Product, "images"),
            "Seret atau pilih 1 sampai 8 foto di sini (foto asli, sisi terpanjang minimal 800 "
            "piksel, latar polos, tanpa tanda air) / Drag or pick 1 to 8 photos here (original "
            "photos, at least 800 px on the long side, plain background, no watermark)",
            required=_required(Product, "images"),
            section="product",
        ),
        Field(
            "photo_captions",
            "textarea",
            _describe(Image, "alt"),
            "Satu baris per foto, urut seperti fotonya; kosong: nama produk / One line per "
            "photo, in order; empty: the product name",
            section="product",
        ),
        # -- selling ------------------------------------------------------------------
        Field("heading_selling", "markdown", _both("Penjualan", "Selling"), section="selling"),
        Field(
            "moq",
            "input",
            _describe(Product, "moq"),
            "Angka saja, contoh / number only, e.g. 100",
            required=_required(Product, "moq"),
            section="selling",
        ),
        Field(
            "unit",
            "dropdown",
            _describe(Quantity, "unit"),
            options=units,
            required=_required(Quantity, "unit"),
            section="selling",
        ),
        Field(
            "capacity",
            "input",
            _describe(Product, "capacity_per_month"),
            "Dalam satuan yang sama, contoh / in the same unit, e.g. 2.000",
            section="selling",
        ),
        Field(
            "lead_time",
            "input",
            _describe(Product, "lead_time_days"),
            "Contoh / e.g. 14-30, atau / or 7",
            required=_required(Product, "lead_time_days"),
            section="selling",
        ),
        Field(
            "price",
            "input",
            _describe(PriceTier, "amount"),
            "Contoh / e.g. Rp 50.000, 50rb, 1,5 jt, USD 12,50; kosong: harga berdasarkan "
            "permintaan / empty: price on request",
            section="selling",
        ),
        Field(
            "price_min_qty",
            "input",
            _describe(PriceTier, "min_qty"),
            "Kosong: sama dengan pesanan minimum / Empty: the minimum order",
            section="selling",
        ),
        Field(
            "price_basis",
            "dropdown",
            _both("Dasar harga (Incoterm)", "Price basis (Incoterm)"),
            "Kosong: EXW (diambil di tempat usaha) bila harga diisi / Empty: EXW (collected at "
            "the business) when a price is given",
            options=incoterms,
            section="selling",
        ),
        Field(
            "price_place",
            "input",
            _both("Tempat harga (nama tempat Incoterm)", "Named place of the price (Incoterm)"),
            _describe(Price, "place"),
            placeholder="Tanjung Perak, Surabaya",
            section="selling",
        ),
        Field(
            "price_valid_until",
            "input",
            _describe(Price, "valid_until"),
            date_hint + "; kosong: satu tahun / empty: one year",
            section="selling",
        ),
        Field(
            "payment_terms",
            "dropdown",
            _describe(Product, "payment_terms"),
            "Boleh pilih lebih dari satu / You may choose several",
            options=payment_terms,
            multiple=True,
            section="selling",
        ),
        Field(
            "buyer_segments",
            "dropdown",
            _describe(Product, "buyer_segments"),
            options=segments,
            multiple=True,
            section="selling",
        ),
        Field(
            "export_markets",
            "input",
            _describe(Product, "export_markets"),
            "Kode negara, contoh / country codes, e.g. JP, MY, NL",
            section="selling",
        ),
        Field(
            "hs_code",
            "input",
            _describe(Product, "hs_code"),
            "6 angka, contoh / 6 digits, e.g. 4202.31; kosong bila belum tahu / empty if unknown",
            section="selling",
        ),
        # -- export packing: what fits a container -------------------------------------
        Field(
            "heading_packing",
            "markdown",
            _both("Kemasan ekspor (muatan kontainer)", "Export packing (container loading)"),
            section="packing",
        ),
        Field(
            "packing_units",
            "input",
            _both("Isi per karton ekspor", "Units per export carton"),
            _describe(ExportPacking, "units_per_carton")
            + "; isi ketiga kolom kemasan ekspor, atau kosongkan semuanya / fill all three "
            "export packing fields, or none",
            placeholder="24",
            section="packing",
        ),
        Field(
            "packing_size",
            "input",
            _both("Ukuran karton ekspor (cm)", "Export carton size (cm)"),
            _describe(ExportPacking, "carton_cm")
            + "; panjang × lebar × tinggi, contoh / length × width × height, e.g. 60 x 40 x 40",
            placeholder="60 x 40 x 40",
            section="packing",
        ),
        Field(
            "packing_gross",
            "input",
            _both("Berat kotor per karton (kg)", "Gross weight per carton (kg)"),
            _describe(ExportPacking, "gross_kg") + "; contoh / e.g. 18,5 kg",
            placeholder="18,5 kg",
            section="packing",
        ),
        # -- details buyers ask about --------------------------------------------------
        Field(
            "heading_details",
            "markdown",
            _both("Rincian produk", "Product details"),
            section="details",
        ),
        Field(
            "material",
            "input",
            _describe(Product, "material"),
            "Contoh / e.g. Kulit sapi",
            section="details",
        ),
        Field(
            "size",
            "input",
            _describe(Product, "size_cm"),
            "Panjang × lebar × tinggi, contoh / length × width × height, e.g. 35 x 12 x 28",
            section="details",
        ),
        Field(
            "net_weight",
            "input",
            _describe(Product, "net_weight_g"),
            "Contoh / e.g. 850 g, 1,2 kg",
            section="details",
        ),
        Field(
            "packaging",
            "input",
            _describe(Product, "packaging"),
            "Contoh / e.g. Kotak karton isi 12 / Carton box of 12",
            section="details",
        ),
        Field(
            "samples", "dropdown", _describe(Product, "samples"), options=samples, section="details"
        ),
        Field(
            "oem", "dropdown", _describe(Customization, "oem"), options=_YES_NO, section="details"
        ),
        Field(
            "customization",
            "input",
            _both("Kustomisasi yang bisa", "Customisation offered"),
            "Contoh / e.g. Logo emboss, warna sesuai pesanan",
            section="details",
        ),
        Field(
            "keywords",
            "input",
            _describe(Product, "keywords"),
            "Dipisah koma / comma-separated, e.g. dompet pria, leather wallet",
            section="details",
        ),
        # -- certificates ---------------------------------------------------------------
        Field(
            "heading_certificates",
            "markdown",
            _describe(Product, "certifications"),
            section="certificates",
        ),
        *cert_fields("halal", True),
        Field(
            "halal_scheme",
            "dropdown",
            _describe(Certification, "scheme"),
            options=schemes,
            section="certificates",
            food=True,
        ),
        *cert_fields("pirt", True),
        *cert_fields("bpom", True),
        Field(
            "other_cert_type",
            "dropdown",
            _both("Sertifikat lain", "Other certificate"),
            options=other_certs,
            section="certificates",
        ),
        Field(
            "other_cert_number",
            "input",
            _both("Nomor sertifikat lain", "Other certificate number"),
            section="certificates",
        ),
        Field(
            "other_cert_valid_until",
            "input",
            _both("Sertifikat lain berlaku sampai", "Other certificate valid until"),
            date_hint,
            section="certificates",
        ),
        Field(
            "shelf_life_days",
            "input",
            _describe(Product, "shelf_life_days"),
            "Contoh / e.g. 180",
            section="certificates",
            food=True,
        ),
        Field(
            "storage",
            "input",
            _describe(Product, "storage"),
            "Contoh / e.g. Simpan di tempat kering / Keep dry",
            section="certificates",
            food=True,
        ),
        *consent,
    )


def _service_fields(cert_fields, date_hint: str) -> tuple[Field, ...]:
    """The service's own section (issue 21): the ``Service`` model's fields as a UMKM
    types them (``150 kg per hari``, ``1-2 hari``, ``Rp 8.000 per kg``)."""
    services = _vocab_options((s.id, s.label) for s in vocab.services().values())
    payment_terms = _vocab_options(vocab.payment_terms().items())
    segments = _vocab_options(vocab.segments().items())
    units = ", ".join(
        f"{s.label.id}: {'/'.join(vocab.units()[u].per.id for u in s.units)}"
        for s in vocab.services().values()
    )
    other_certs = tuple(
        Option(c.id, _both(c.label.id, c.label.en))
        for c in vocab.cert_types().values()
        if c.id not in ("halal", "tkdn")
    )
    return (
        Field("heading_service", "markdown", _both("Jasa", "Service"), section="service"),
        Field(
            "name_id",
            "input",
            _lang_label(Service, "name", "id"),
            "Contoh / e.g. Laundri Linen Hotel",
            required=_required(Service, "name"),
            section="service",
        ),
        Field(
            "name_en",
            "input",
            _lang_label(Service, "name", "en"),
            "Contoh / e.g. Hotel Linen Laundry",
            section="service",
        ),
        Field(
            "service",
            "dropdown",
            _describe(Service, "service"),
            options=services,
            required=_required(Service, "service"),
            section="service",
        ),
        Field(
            "description_id",
            "textarea",
            _lang_label(Service, "description", "id"),
            "Apa yang dikerjakan, bagaimana dijemput/diantar / What you do, how it is "
            "picked up or delivered",
            required=_required(Service, "description"),
            section="service",
        ),
        Field(
            "description_en",
            "textarea",
            _lang_label(Service, "description", "en"),
            section="service",
        ),
        Field(
            "photos",
            "textarea",
            _describe(Service, "images"),
            "Seret atau pilih 1 sampai 8 foto tempat kerja atau hasil kerja (foto asli, sisi "
            "terpanjang minimal 800 piksel) / Drag or pick 1 to 8 photos of the workplace or "
            "the work (original photos, at least 800 px on the long side)",
            required=_required(Service, "images"),
            section="service",
        ),
        Field(
            "photo_captions",
            "textarea",
            _describe(Image, "alt"),
            "Satu baris per foto, urut seperti fotonya; kosong: nama jasa / One line per "
            "photo, in order; empty: the service name",
            section="service",
        ),
        # -- where, how much, how fast -------------------------------------------------
        Field("heading_terms", "markdown", _both("Layanan", "Service terms"), section="terms"),
        Field(
            "areas",
            "input",
            _both("Kabupaten/kota yang dilayani", "Regencies and cities served"),
            "Nama kabupaten/kota, dipisah koma / Regency or city names, comma-separated, "
            "e.g. Kota Surabaya, Kab. Sidoarjo",
            required=_required(Service, "areas"),
            placeholder="Kota Surabaya, Kab. Sidoarjo",
            section="terms",
        ),
        Field(
            "capacity",
            "input",
            _describe(Service, "capacity"),
            "Jumlah, satuan, per hari/minggu/bulan / quantity, unit, per day, week or month; "
            f"satuan / units: {units}",
            required=_required(Service, "capacity"),
            placeholder="150 kg per hari",
            section="terms",
        ),
        Field(
            "min_order",
            "input",
            _describe(Service, "min_order"),
            "Contoh / e.g. 20 kg; kosong bila tidak ada / empty if none",
            section="terms",
        ),
        Field(
            "turnaround",
            "input",
            _describe(Service, "turnaround"),
            _describe(Turnaround, "unit") + "; contoh / e.g. 24 jam, 1-2 hari",
            required=_required(Service, "turnaround"),
            placeholder="1-2 hari",
            section="terms",
        ),
        Field(
            "price",
            "input",
            _describe(ServicePrice, "amount"),
            "Contoh / e.g. Rp 8.000 per kg; kosong: harga berdasarkan permintaan / empty: "
            "price on request",
            placeholder="Rp 8.000 per kg",
            section="terms",
        ),
        Field(
            "price_valid_until",
            "input",
            _describe(ServicePrice, "valid_until"),
            date_hint + "; kosong: satu tahun / empty: one year",
            section="terms",
        ),
        Field(
            "payment_terms",
            "dropdown",
            _describe(Service, "payment_terms"),
            "Boleh pilih lebih dari satu / You may choose several",
            options=payment_terms,
            multiple=True,
            section="terms",
        ),
        Field(
            "buyer_segments",
            "dropdown",
            _describe(Service, "buyer_segments"),
            options=segments,
            multiple=True,
            section="terms",
        ),
        Field(
            "keywords",
            "input",
            _describe(Service, "keywords"),
            "Dipisah koma / comma-separated, e.g. laundri hotel, linen service",
            section="terms",
        ),
        Field(
            "ekatalog_url",
            "input",
            _describe(Service, "ekatalog_url"),
            "Bila sudah tayang di e-Katalog / If listed in the e-Katalog",
            placeholder="https://katalog.inaproc.id/…",
            section="terms",
        ),
        # -- certificates ---------------------------------------------------------------
        Field(
            "heading_certificates",
            "markdown",
            _describe(Service, "certifications"),
            section="certificates",
        ),
        *cert_fields("halal", False),
        Field(
            "halal_scheme",
            "dropdown",
            _describe(Certification, "scheme"),
            options=tuple(Option(v, _ui(f"scheme_{v}")) for v in ("self_declare", "regular")),
            section="certificates",
        ),
        *cert_fields("tkdn", False),
        Field(
            "tkdn_percentage",
            "input",
            _both("Nilai TKDN (%)", "TKDN value (%)"),
            "Seperti tercetak di sertifikat / as printed on the certificate, e.g. 43,27%",
            placeholder="43,27%",
            section="certificates",
        ),
        Field(
            "other_cert_type",
            "dropdown",
            _both("Sertifikat lain", "Other certificate"),
            options=other_certs,
            section="certificates",
        ),
        Field(
            "other_cert_number",
            "input",
            _both("Nomor sertifikat lain", "Other certificate number"),
            section="certificates",
        ),
        Field(
            "other_cert_valid_until",
            "input",
            _both("Sertifikat lain berlaku sampai", "Other certificate valid until"),
            date_hint,
            section="certificates",
        ),
    )


def by_id(form: FormKind = "product") -> dict[str, Field]:
    return {f.id: f for f in fields(form) if f.kind != "markdown"}


def by_label(form: FormKind = "product") -> dict[str, Field]:
    return {f.label: f for f in fields(form) if f.kind != "markdown"}


def detect(body: str, labels: list[str] | tuple[str, ...] = ()) -> FormKind:
    """Which form ``body`` was filled in: the service form when the issue carries its
    label, or when the body has the heading of the service-type field, which only that
    form asks (GitHub writes no markdown into the body, so the field is the marker)."""
    if SERVICE_LABEL in labels:
        return "service"
    if LABEL in labels:
        return "product"
    marker = f"### {shown_label(by_id('service')['service'])}"
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "service" if any(line.strip() == marker for line in lines) else "product"


INTRO = """\
**Ajukan produk Anda ke katalog rumah dagang** tanpa menulis berkas apa pun: isi formulir ini
(bisa dari ponsel) dan lampirkan fotonya. Pemeriksaan otomatis membalas dalam beberapa menit: bila
ada yang perlu diperbaiki, komentarnya menyebut kolomnya; **ubah isu ini** (menu ⋯ → *Edit*) dan
pemeriksaan berjalan lagi. Bila lengkap, usulan Anda menjadi *pull request* yang diperiksa tim
rumah dagang. Kolom bertanda * wajib; kolom "(pemasok baru)" hanya untuk usaha yang belum ada di
katalog. Foto diunggah tanpa data lokasi (GPS).

*List your product without writing any file: fill in this form (a phone is fine) and attach the
photos. An automatic check replies within minutes: if something needs fixing, its comment names
the field; **edit this issue** and it checks again. When complete, it becomes a pull request that
the trading-house team reviews. Fields marked * are required; "(new supplier)" fields only for a
business not yet in the catalogue. Photos are published without their location (GPS).*"""

SERVICE_INTRO = """\
**Ajukan jasa usaha Anda** (laundri, katering, jahit seragam, sablon…) ke katalog rumah dagang
agar hotel, restoran dan kantor pemerintah di sekitar Anda menemukannya: isi formulir ini (bisa
dari ponsel) dan lampirkan fotonya. Pemeriksaan otomatis membalas dalam beberapa menit: bila ada
yang perlu diperbaiki, komentarnya menyebut kolomnya; **ubah isu ini** (menu ⋯ → *Edit*) dan
pemeriksaan berjalan lagi. Kolom bertanda * wajib; kolom "(pemasok baru)" hanya untuk usaha yang
belum ada di katalog.

*List your business's service (laundry, catering, uniform tailoring, printing…) so that hotels,
restaurants and government offices near you find it: fill in this form (a phone is fine) and
attach the photos. An automatic check replies within minutes, naming the field of anything to
fix; **edit this issue** and it checks again. Fields marked * are required; "(new supplier)"
fields only for a business not yet in the catalogue.*"""


def _attributes(f: Field) -> dict[str, Any]:
    label = f.label
    if f.for_new_supplier:
        label += " (pemasok baru / new supplier)"
    attrs: dict[str, Any] = {"label": label}
    description = f.description
    if f.food:
        description = ("Pangan olahan / processed food. " + description).strip()
    if description:
        attrs["description"] = description
    if f.placeholder:
        attrs["placeholder"] = f.placeholder
    if f.kind == "dropdown":
        attrs["options"] = [o.text for o in f.options]
        if f.multiple:
            attrs["multiple"] = True
    if f.kind == "checkboxes":
        attrs["options"] = [{"label": o.text, "required": f.required} for o in f.options]
    return attrs


def shown_label(f: Field) -> str:
    """The ``### Label`` GitHub writes for the field (what a submitter reads)."""
    return _attributes(f)["label"]


def form_definition(form: FormKind = "product") -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    intro = SERVICE_INTRO if form == "service" else INTRO
    for f in fields(form):
        if f.kind == "markdown":
            value = intro if f.id == "intro" else f"### {f.label}"
            body.append({"type": "markdown", "attributes": {"value": value}})
            continue
        item: dict[str, Any] = {"type": f.kind, "id": f.id, "attributes": _attributes(f)}
        if f.required and f.kind != "checkboxes":
            item["validations"] = {"required": True}
        body.append(item)
    if form == "service":
        return {
            "name": "Ajukan layanan / Submit a service",
            "description": "Daftarkan jasa (laundri, katering, jahit seragam…) untuk hotel, "
            "restoran dan kantor di sekitar Anda; pemeriksaan otomatis menjadikannya pull "
            "request. / List a service (laundry, catering, uniform tailoring…) for hotels, "
            "restaurants and offices near you; an automatic check turns it into a pull request.",
            "title": SERVICE_TITLE_PREFIX,
            "labels": [SERVICE_LABEL],
            "body": body,
        }
    return {
        "name": "Ajukan produk / Submit a product",
        "description": "Daftarkan produk ke katalog tanpa menulis berkas; pemeriksaan otomatis "
        "menjadikannya pull request. / List a product without writing any file; "
        "an automatic check turns it into a pull request.",
        "title": TITLE_PREFIX,
        "labels": [LABEL],
        "body": body,
    }


HEADER = """\
# Issue form: submit a {what} without git. GENERATED from the model and vocabularies
# (catalog/core/issue_form.py) by `catalog issue-form`; do not edit by hand (a test keeps it
# in sync). An issue opened with it is turned into a pull request by
# .github/workflows/intake.yml, which runs `catalog intake` on the issue body.
"""


def form_yaml(form: FormKind = "product") -> str:
    text = yaml.safe_dump(form_definition(form), allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(what=form) + text


# -- the body GitHub renders ------------------------------------------------------------
def render_body(values: dict[str, Any], form: FormKind = "product") -> str:
    """The issue body GitHub writes for a form filled with ``values``.

    ``values`` maps field ids to what the submitter typed (a string), chose (an
    option's text, or a list of them for a multiple dropdown) or ticked (a set of
    checkbox option texts). Missing or empty: ``_No response_``. Used by tests and
    by the /join/ page's "send without a GitHub account" text (its JavaScript does
    the same; a browser test compares the two).
    """
    parts: list[str] = []
    for f in fields(form):
        if f.kind == "markdown":
            continue
        value = values.get(f.id)
        if f.kind == "checkboxes":
            ticked = set(value or ())
            text = "\n".join(f"- [{'X' if o.text in ticked else ' '}] {o.text}" for o in f.options)
        elif isinstance(value, (list, tuple)):
            text = ", ".join(value) if value else ""
        else:
            text = (value or "").strip()
        parts.append(f"### {shown_label(f)}\n\n{text or NO_RESPONSE}")
    return "\n\n".join(parts)

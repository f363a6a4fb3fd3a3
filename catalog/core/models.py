"""Typed model of supplier and product files (pydantic v2).

The models check types, formats and vocabularies of single fields; rules that
span fields, files or the clock live in :mod:`catalog.core.rules`. Every field has an
Indonesian/English description and an example: they feed the JSON Schema
(editor autocompletion), the hints of error messages and ``catalog new``.

Vocabularies come from :mod:`catalog.core.vocab` and become ``Literal`` types, so the
JSON Schema lists them as enums.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
import phonenumbers
import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from . import vocab

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _literal(values) -> Any:
    return Literal[tuple(values)]  # type: ignore[valid-type]


CategoryId = _literal(vocab.categories())
UnitId = _literal(vocab.units())
CertTypeId = _literal(vocab.cert_types())
Incoterm = _literal(vocab.incoterms())
Segment = _literal(vocab.segments())
PaymentTerm = _literal(vocab.payment_terms())
RegionCode = _literal(c for c, r in vocab.regions().items() if r.level == "regency")
ServiceId = _literal(vocab.services())
CurationResult = _literal(vocab.curation_results())
SUPPORTED_CURRENCIES = ("IDR", "USD")


def _fmt(expected_id: str, expected_en: str) -> PydanticCustomError:
    return PydanticCustomError(
        "format", "wrong format", {"expected_id": expected_id, "expected_en": expected_en}
    )


@functools.lru_cache(maxsize=1024)
def _is_country(alpha_2: str) -> bool:
    return pycountry.countries.get(alpha_2=alpha_2) is not None


@functools.lru_cache(maxsize=1024)
def _is_currency(alpha_3: str) -> bool:
    return pycountry.currencies.get(alpha_3=alpha_3) is not None


def _country(value: str) -> str:
    if not (
        isinstance(value, str)
        and len(value) == 2
        and _is_country(value.upper())
        and value.isupper()
    ):
        raise PydanticCustomError("country", "unknown country code", {"value": value})
    return value


def _currency(value: str) -> str:
    if not _is_currency(value):
        raise _fmt("kode mata uang ISO 4217, contoh: IDR", "an ISO 4217 currency code, e.g. IDR")
    if value not in SUPPORTED_CURRENCIES:
        raise PydanticCustomError("currency", "unsupported currency", {"value": value})
    return value


def _whatsapp(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise PydanticCustomError("phone", "invalid phone number", {"value": value}) from None
    if not phonenumbers.is_valid_number(number):
        raise PydanticCustomError("phone", "invalid phone number", {"value": value})
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if formatted != value:
        raise PydanticCustomError("phone", "not in E.164 form", {"value": value})
    return formatted


def _email(value: str) -> str:
    """An address by RFC 5322/6531 as email-validator reads it, with a domain that has a
    dot; deliverability (DNS) is not ours to check. Links percent-encode it
    (:func:`catalog.site.views.mailto_href`), since a valid address may hold ``?`` or ``&``."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise _fmt(
            "alamat e-mail, contoh: penjualan@contoh.co.id",
            "an e-mail address, e.g. sales@example.co.id",
        ) from None
    return value


def _url(value: str) -> str:
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?", value):
        raise _fmt(
            "alamat web lengkap dengan https://, contoh: https://tokoku.id",
            "a full https:// address, e.g. https://example.id",
        )
    return value


EKATALOG_HOSTS = ("katalog.inaproc.id", "e-katalog.lkpp.go.id")
"""Hosts of LKPP's e-Katalog: version 6 on the INAPROC platform (``katalog.inaproc.id``)
and the earlier e-Katalog 5 (``e-katalog.lkpp.go.id``), whose listing links still exist."""


def _ekatalog(value: str) -> str:
    match = re.fullmatch(r"https://([A-Za-z0-9.-]+)(/\S*)?", value)
    if not match or match.group(1).lower() not in EKATALOG_HOSTS:
        raise _fmt(
            "tautan https:// ke produk di e-Katalog LKPP (katalog.inaproc.id atau "
            "e-katalog.lkpp.go.id), contoh: https://katalog.inaproc.id/nama-toko/nama-produk",
            "an https:// link to the listing in LKPP's e-Katalog (katalog.inaproc.id or "
            "e-katalog.lkpp.go.id), e.g. https://katalog.inaproc.id/shop-name/product-name",
        )
    return value


def _two_decimals(value: float) -> float:
    if round(value, 2) != value:
        raise _fmt(
            "persen dengan paling banyak 2 angka desimal, contoh: 43.27",
            "a percentage with at most 2 decimals, e.g. 43.27",
        )
    return value


EkatalogUrl = Annotated[str, AfterValidator(_ekatalog)]


def _text_shorthand(value: Any) -> Any:
    """``name: Tas`` is shorthand for ``name: {id: Tas}``."""
    return {"id": value} if isinstance(value, str) else value


def _pattern(regex: str, expected_id: str, expected_en: str):
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise _fmt(expected_id, expected_en)
        return value

    return AfterValidator(check)


def _not_a_timestamp(value: Any) -> Any:
    """`valid_until: 20270630` is not a Unix timestamp (lax dates accept those)."""
    if isinstance(value, (int, float)):
        raise PydanticCustomError("date_type", "a date is written YYYY-MM-DD")
    return value


Country = Annotated[str, AfterValidator(_country), Field(pattern=r"^[A-Z]{2}$", examples=["JP"])]
Date = Annotated[
    dt.date, BeforeValidator(_not_a_timestamp), Field(strict=False, examples=["2027-06-30"])
]


# -- what people type -> what the model takes (catalog new, catalog intake) --------------
def hs_as_written(text: str) -> str:
    """``420231``, ``4202 31`` or ``4202.31`` -> ``4202.31``; anything else as it is."""
    compact = re.sub(r"[\s.]", "", text)
    return f"{compact[:4]}.{compact[4:]}" if re.fullmatch(r"\d{6}", compact) else text.strip()


def nib_as_written(text: str) -> str:
    """``9120 3012 3499 1`` or ``9120-301-234-991`` -> ``9120301234991``."""
    return re.sub(r"[\s.\-]", "", text)


def whatsapp_as_written(text: str) -> str | None:
    """``0812-3456 7890``, ``62 812…`` or ``+62 812…`` -> E.164 (Indonesia unless another
    country code is given); None when it is not a complete, valid number."""
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class LocalizedText(Strict):
    """Text for buyers in Indonesian (required) and English (recommended)."""

    id: str = Field(min_length=1, description="Teks bahasa Indonesia / Indonesian text")
    en: str | None = Field(None, min_length=1, description="Teks bahasa Inggris / English text")

    def get(self, lang: str) -> str:
        return (self.en or self.id) if lang == "en" else self.id

    def has(self, lang: str) -> bool:
        return lang == "id" or bool(self.en)


TEXT_LIMITS = {"name": 150, "alt": 250, "short": 300, "note": 500, "description": 2000}
"""Most characters a buyer-facing text may have, per language (``id`` and ``en`` each).

Pages must stay readable on a phone, and the description's Markdown conversion must stay
fast whatever a stranger's pull request holds: Python-Markdown's time grows with the
square of nested brackets (16 KB of them took 12.6 s); at 2,000 characters the worst
pattern takes about 0.25 s (tests/test_validate.py). The longest sample description is
319 characters."""


def _capped(limit: int) -> AfterValidator:
    def check(value: LocalizedText) -> LocalizedText:
        if max(len(value.id), len(value.en or "")) > limit:
            raise PydanticCustomError("string_too_long", "text too long", {"max_length": limit})
        return value

    return AfterValidator(check)


def localized(kind: str) -> Any:
    """A bilingual text type capped at ``TEXT_LIMITS[kind]`` characters per language."""
    limit = TEXT_LIMITS[kind]
    return Annotated[
        LocalizedText,
        BeforeValidator(_text_shorthand, json_schema_input_type=str | LocalizedText),
        _capped(limit),
        Field(json_schema_extra={"maxLengthPerLanguage": limit}),
    ]


Localized = localized("description")
Name = localized("name")
Caption = localized("alt")
Short = localized("short")
Note = localized("note")
Currency = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema({"enum": list(SUPPORTED_CURRENCIES), "type": "string"}),
]


class Contact(Strict):
    whatsapp: Annotated[str, AfterValidator(_whatsapp)] | None = Field(
        None,
        description="Nomor WhatsApp format internasional / WhatsApp number, E.164",
        examples=["+6281234567890"],
    )
    email: Annotated[str, AfterValidator(_email)] | None = Field(
        None, description="Alamat e-mail / E-mail address", examples=["penjualan@contoh.co.id"]
    )
    website: Annotated[str, AfterValidator(_url)] | None = Field(
        None, description="Situs web / Website", examples=["https://tokoku.id"]
    )
    person: str | None = Field(
        None,
        min_length=1,
        max_length=120,
        description="Nama kontak / Contact person",
        examples=["Ibu Sri Wahyuni"],
    )


class Supplier(Strict):
    """supplier.yaml: the business or cooperative behind a folder of products."""

    name: str = Field(
        min_length=2,
        max_length=120,
        description="Nama usaha / Business name",
        examples=["Koperasi Industri Tas dan Koper Tanggulangin"],
    )
    type: Literal["koperasi", "umkm", "cv", "pt", "ud"] = Field(
        description="Bentuk usaha / Legal form", examples=["koperasi"]
    )
    scale: Literal["mikro", "kecil", "menengah"] = Field(
        description="Skala usaha / Business scale", examples=["kecil"]
    )
    description: Localized = Field(
        description="Profil singkat / Short profile",
        examples=[{"id": "Perajin tas kulit sejak 1976.", "en": "Leather bag makers since 1976."}],
    )
    nib: Annotated[
        str,
        _pattern(
            r"\d{13}",
            '13 angka NIB dari OSS, dalam tanda kutip, contoh: "9120301234567"',
            'the 13-digit NIB from OSS, in quotes, e.g. "9120301234567"',
        ),
    ] = Field(
        description="Nomor Induk Berusaha (OSS) / Business ID number", examples=["9120301234567"]
    )
    region: RegionCode = Field(
        description="Kode kabupaten/kota Kemendagri / Regency code", examples=["35.15"]
    )
    contact: Contact = Field(
        description="Kontak / Contact", examples=[{"whatsapp": "+6281234567890"}]
    )
    founded: int | None = Field(
        None, ge=1900, le=2100, description="Tahun berdiri / Year founded", examples=[1976]
    )
    members: int | None = Field(
        None, ge=1, description="Jumlah anggota koperasi / Members", examples=[120]
    )
    employees: int | None = Field(
        None, ge=0, description="Jumlah pekerja / Employees", examples=[15]
    )
    logo: str | None = Field(
        None, min_length=1, description="Berkas logo / Logo file", examples=["logo.png"]
    )
    export_markets: list[Country] = Field(
        default_factory=list,
        description="Negara tujuan ekspor / Export markets (ISO 3166-1)",
        examples=[["JP", "MY"]],
    )

    @field_validator("founded")
    @classmethod
    def _not_future(cls, value: int | None) -> int | None:
        if value is not None and value > dt.date.today().year:
            raise PydanticCustomError(
                "future_year", "year in the future", {"le": dt.date.today().year}
            )
        return value


class Quantity(Strict):
    quantity: int = Field(gt=0, description="Jumlah / Quantity", examples=[100])
    unit: UnitId = Field(description="Satuan / Unit", examples=["piece"])


class LeadTime(Strict):
    min: int = Field(ge=0, description="Paling cepat (hari) / Shortest (days)", examples=[7])
    max: int = Field(ge=0, description="Paling lama (hari) / Longest (days)", examples=[14])


class PriceTier(Strict):
    min_qty: int = Field(gt=0, description="Mulai dari jumlah / From quantity", examples=[100])
    amount: float = Field(gt=0, description="Harga per satuan / Price per unit", examples=[185000])


class Price(Strict):
    """Either ``on_request: true`` or currency, basis, tiers and valid_until."""

    on_request: bool = Field(
        False, description="Harga berdasarkan permintaan / Price on request", examples=[True]
    )
    currency: Currency | None = Field(None, description="Mata uang / Currency", examples=["IDR"])
    basis: Incoterm | None = Field(
        None, description="Dasar harga (Incoterm) / Price basis", examples=["EXW"]
    )
    place: str | None = Field(
        None,
        min_length=2,
        max_length=80,
        description=(
            "Tempat yang disebut untuk Incoterm harga: pelabuhan muat untuk FOB/FAS, pelabuhan "
            "tujuan untuk CFR/CIF, kota/gudang untuk EXW/FCA/DAP; tampil sebagai "
            '"FOB Tanjung Perak, Surabaya (Incoterms® 2020)" / Named place of the price '
            "basis: port of loading for FOB/FAS, port of destination for CFR/CIF, town or "
            "warehouse for EXW/FCA/DAP"
        ),
        examples=["Tanjung Perak, Surabaya"],
    )
    tiers: list[PriceTier] = Field(
        default_factory=list,
        max_length=10,
        description="Tingkat harga / Price tiers",
        examples=[[{"min_qty": 100, "amount": 185000}]],
    )
    valid_until: Date | None = Field(None, description="Harga berlaku sampai / Valid until")


class Size(Strict):
    length: float = Field(gt=0, description="Panjang (cm) / Length", examples=[35])
    width: float = Field(gt=0, description="Lebar (cm) / Width", examples=[12])
    height: float | None = Field(None, gt=0, description="Tinggi (cm) / Height", examples=[28])


class CartonSize(Strict):
    length: float = Field(gt=0, le=600, description="Panjang (cm) / Length (cm)", examples=[60])
    width: float = Field(gt=0, le=240, description="Lebar (cm) / Width (cm)", examples=[40])
    height: float = Field(gt=0, le=260, description="Tinggi (cm) / Height (cm)", examples=[40])


class ExportPacking(Strict):
    """The shipping package (master carton, sack or bale) a container is loaded with."""

    units_per_carton: float = Field(
        gt=0,
        description=(
            "Isi satu karton/karung dalam satuan MOQ (contoh: 24 buah, 22,68 kg) / Units per "
            "carton, sack or bale, in the MOQ's unit (e.g. 24 pieces, 22.68 kg)"
        ),
        examples=[24],
    )
    carton_cm: CartonSize = Field(
        description=(
            "Ukuran luar karton/karung (cm): panjang, lebar, tinggi / Outside size of the "
            "carton, sack or bale (cm)"
        ),
        examples=[{"length": 60, "width": 40, "height": 40}],
    )
    gross_kg: float = Field(
        gt=0,
        le=2000,
        description=(
            "Berat kotor satu karton/karung berisi (kg) / Gross weight of one full carton, "
            "sack or bale (kg)"
        ),
        examples=[18.5],
    )


class Samples(Strict):
    available: bool = Field(description="Sampel tersedia / Samples available", examples=[True])
    free: bool = Field(False, description="Sampel gratis / Free samples")
    note: Note | None = Field(None, description="Catatan / Note")


class Customization(Strict):
    oem: bool = Field(False, description="Bisa produksi merek pembeli (OEM) / OEM", examples=[True])
    note: Note | None = Field(
        None, description="Catatan / Note", examples=[{"id": "Logo emboss", "en": "Embossed logo"}]
    )


class Certification(Strict):
    type: CertTypeId = Field(description="Jenis sertifikat / Certificate type", examples=["halal"])
    number: str = Field(
        min_length=3, max_length=60, description="Nomor / Number", examples=["ID35110012345670824"]
    )
    scheme: Literal["self_declare", "regular"] | None = Field(
        None, description="Skema halal / Halal scheme", examples=["self_declare"]
    )
    issuer: str | None = Field(
        None, min_length=2, max_length=120, description="Penerbit / Issuer", examples=["BPJPH"]
    )
    valid_until: Date | None = Field(None, description="Berlaku sampai / Valid until")
    percentage: Annotated[float, AfterValidator(_two_decimals)] | None = Field(
        None,
        ge=0,
        le=100,
        description=(
            "Nilai TKDN (persen kandungan dalam negeri, 0-100, paling banyak 2 desimal) / "
            "TKDN domestic content in percent (0-100, up to 2 decimals)"
        ),
        examples=[43.27],
    )


class Image(Strict):
    file: str = Field(
        min_length=1,
        description="Berkas foto di folder pemasok / Photo file",
        examples=["photos/tas-1.jpg"],
    )
    alt: Caption = Field(
        description="Keterangan foto / Alt text",
        examples=[{"id": "Tas kulit cokelat tampak depan", "en": "Brown leather bag, front view"}],
    )


class Product(Strict):
    """<product-id>.yaml: one product of the supplier whose folder holds it."""

    name: Name = Field(
        description="Nama produk / Product name",
        examples=[{"id": "Tas Jinjing Kulit Sapi", "en": "Cowhide Tote Bag"}],
    )
    description: Localized = Field(
        description="Deskripsi / Description",
        examples=[
            {
                "id": "Tas jinjing dari kulit sapi samak nabati.",
                "en": "Tote bag of vegetable-tanned cowhide.",
            }
        ],
    )
    category: CategoryId = Field(description="Kategori / Category", examples=["tas-kulit"])
    images: list[Image] = Field(min_length=1, max_length=8, description="Foto (1-8) / Photos")
    hs_code: (
        Annotated[
            str,
            _pattern(
                r"\d{4}\.\d{2}",
                'kode HS 6 digit dalam tanda kutip, contoh: "4202.21"',
                'a 6-digit HS code in quotes, e.g. "4202.21"',
            ),
        ]
        | None
    ) = Field(None, description="Kode HS / HS code", examples=["4202.21"])
    status: Literal["active", "draft", "discontinued"] = Field(
        "active", description="Status tayang / Status", examples=["active"]
    )
    added: Date | None = Field(None, description="Tanggal masuk katalog / Date listed")
    moq: Quantity = Field(
        description="Pesanan minimum / Minimum order", examples=[{"quantity": 100, "unit": "piece"}]
    )
    capacity_per_month: Quantity | None = Field(
        None,
        description="Kapasitas per bulan / Monthly capacity",
        examples=[{"quantity": 2000, "unit": "piece"}],
    )
    lead_time_days: LeadTime = Field(
        description="Waktu produksi (hari) / Lead time (days)", examples=[{"min": 14, "max": 30}]
    )
    price: Price = Field(description="Harga / Price", examples=[{"on_request": True}])
    incoterms: list[Incoterm] = Field(
        default_factory=list, description="Incoterms 2020", examples=[["EXW", "FOB"]]
    )
    port_of_loading: (
        Annotated[
            str,
            _pattern(
                r"[A-Z]{2}[A-Z2-9]{3}",
                "kode UN/LOCODE 5 huruf, contoh: IDSUB (Tanjung Perak Surabaya)",
                "a 5-letter UN/LOCODE, e.g. IDSUB (Tanjung Perak, Surabaya)",
            ),
        ]
        | None
    ) = Field(None, description="Pelabuhan muat (UN/LOCODE) / Port of loading", examples=["IDSUB"])
    material: Short | None = Field(
        None, description="Bahan / Material", examples=[{"id": "Kulit sapi", "en": "Cowhide"}]
    )
    size_cm: Size | None = Field(None, description="Ukuran (cm) / Size (cm)")
    net_weight_g: float | None = Field(
        None, gt=0, description="Berat bersih (g) / Net weight (g)", examples=[850]
    )
    packaging: Short | None = Field(None, description="Kemasan / Packaging")
    export_packing: ExportPacking | None = Field(
        None,
        description=(
            "Kemasan ekspor per karton (muatan kontainer) / Export packing per carton: the "
            "site computes what a 20-ft and a 40-ft container take"
        ),
        examples=[
            {
                "units_per_carton": 24,
                "carton_cm": {"length": 60, "width": 40, "height": 40},
                "gross_kg": 18.5,
            }
        ],
    )
    payment_terms: list[PaymentTerm] = Field(
        default_factory=list,
        description="Cara pembayaran yang diterima / Payment terms accepted",
        examples=[["tt_deposit_balance", "lc_sight"]],
    )
    samples: Samples | None = Field(None, description="Sampel / Samples")
    customization: Customization | None = Field(None, description="Kustomisasi / Customization")
    buyer_segments: list[Segment] = Field(
        default_factory=list,
        description="Segmen pembeli / Buyer segments",
        examples=[["export", "retail"]],
    )
    export_markets: list[Country] = Field(
        default_factory=list,
        description="Negara tujuan ekspor / Export markets",
        examples=[["JP", "NL"]],
    )
    keywords: list[Annotated[str, Field(min_length=2, max_length=40)]] = Field(
        default_factory=list,
        max_length=20,
        description="Kata kunci / Keywords",
        examples=[["tas wanita", "leather tote"]],
    )
    certifications: list[Certification] = Field(
        default_factory=list, description="Sertifikat / Certificates"
    )
    shelf_life_days: int | None = Field(
        None, gt=0, description="Masa simpan (hari) / Shelf life", examples=[180]
    )
    storage: Short | None = Field(None, description="Cara simpan / Storage")
    kind: Literal["product"] = Field(
        "product",
        description=(
            "Jenis entri: produk (bawaan); jasa menulis `kind: service` / Entry kind: a "
            "product (default); a service says `kind: service`"
        ),
    )
    ekatalog_url: EkatalogUrl | None = Field(
        None,
        description=(
            "Tautan produk ini di e-Katalog LKPP (untuk pembeli pemerintah) / Link to this "
            "listing in LKPP's e-Katalog (for government buyers)"
        ),
        examples=["https://katalog.inaproc.id/mitra-jahit/seragam-sd-putih-merah"],
    )


# -- services (issue 21) ------------------------------------------------------------------------
class ServiceCapacity(Strict):
    quantity: int = Field(gt=0, description="Jumlah / Quantity", examples=[300])
    unit: UnitId = Field(description="Satuan layanan / Service unit", examples=["kg"])
    per: Literal["day", "week", "month"] = Field(
        description="Per hari, minggu atau bulan / Per day, week or month", examples=["day"]
    )


class Turnaround(Strict):
    min: int = Field(ge=0, description="Paling cepat / Shortest", examples=[1])
    max: int = Field(ge=0, description="Paling lama / Longest", examples=[2])
    unit: Literal["hour", "day"] = Field(
        description="Jam atau hari / Hours or days", examples=["day"]
    )


class ServicePrice(Strict):
    """Either ``on_request: true`` or currency, amount per unit and valid_until."""

    on_request: bool = Field(
        False, description="Harga berdasarkan permintaan / Price on request", examples=[True]
    )
    currency: Currency | None = Field(None, description="Mata uang / Currency", examples=["IDR"])
    amount: float | None = Field(
        None, gt=0, description="Harga per satuan / Price per unit", examples=[9000]
    )
    unit: UnitId | None = Field(None, description="Satuan harga / Price unit", examples=["kg"])
    valid_until: Date | None = Field(None, description="Harga berlaku sampai / Valid until")


SERVICE_ONLY_FIELDS = ("service", "areas", "capacity", "turnaround", "min_order")
"""Fields of a service that a product file does not have (R341 names them)."""

PRODUCT_ONLY_FIELDS = (
    "category",
    "hs_code",
    "moq",
    "capacity_per_month",
    "lead_time_days",
    "incoterms",
    "port_of_loading",
    "export_packing",
    "size_cm",
    "net_weight_g",
    "shelf_life_days",
    "storage",
    "samples",
    "material",
)
"""Fields of a product that a service file does not have (R342 names them)."""


class Service(Strict):
    """<service-id>.yaml with ``kind: service``: a service (laundry, catering, uniform
    tailoring …) offered by the supplier whose folder holds it, in the regencies it serves."""

    kind: Literal["service"] = Field(
        description="Entri ini jasa, bukan produk / This entry is a service", examples=["service"]
    )
    name: Name = Field(
        description="Nama jasa / Service name",
        examples=[{"id": "Laundri Linen Hotel", "en": "Hotel Linen Laundry"}],
    )
    description: Localized = Field(description="Deskripsi / Description")
    service: ServiceId = Field(description="Jenis jasa / Kind of service", examples=["laundry"])
    images: list[Image] = Field(min_length=1, max_length=8, description="Foto (1-8) / Photos")
    status: Literal["active", "draft", "discontinued"] = Field(
        "active", description="Status tayang / Status", examples=["active"]
    )
    added: Date | None = Field(None, description="Tanggal masuk katalog / Date listed")
    areas: list[RegionCode] = Field(
        min_length=1,
        max_length=40,
        description=(
            "Kabupaten/kota yang dilayani (kode Kemendagri) / Regencies and cities served "
            "(Kemendagri codes)"
        ),
        examples=[["35.78", "35.15"]],
    )
    capacity: ServiceCapacity = Field(
        description="Kapasitas per hari/minggu/bulan / Capacity per day, week or month",
        examples=[{"quantity": 300, "unit": "kg", "per": "day"}],
    )
    min_order: Quantity | None = Field(
        None,
        description="Pesanan minimum / Minimum order",
        examples=[{"quantity": 10, "unit": "kg"}],
    )
    turnaround: Turnaround = Field(
        description="Waktu pengerjaan / Turnaround time",
        examples=[{"min": 1, "max": 2, "unit": "day"}],
    )
    price: ServicePrice = Field(description="Harga / Price", examples=[{"on_request": True}])
    payment_terms: list[PaymentTerm] = Field(
        default_factory=list, description="Cara pembayaran yang diterima / Payment terms accepted"
    )
    customization: Customization | None = Field(None, description="Kustomisasi / Customization")
    buyer_segments: list[Segment] = Field(
        default_factory=list,
        description="Segmen pembeli / Buyer segments",
        examples=[["hotel_restaurant", "government"]],
    )
    keywords: list[Annotated[str, Field(min_length=2, max_length=40)]] = Field(
        default_factory=list, max_length=20, description="Kata kunci / Keywords"
    )
    certifications: list[Certification] = Field(
        default_factory=list, description="Sertifikat / Certificates"
    )
    ekatalog_url: EkatalogUrl | None = Field(
        None,
        description="Tautan jasa ini di e-Katalog LKPP / Link to this listing in LKPP's e-Katalog",
        examples=["https://katalog.inaproc.id/laundri-rungkut/laundri-linen-kantor"],
    )


# -- staff curation (issue 21): curation/<supplier-id>.yaml, owned by staff -----------------
CURATION_FIELDS = ("curation", "assessments", "assessed_on", "assessor", "result", "verified")
"""Keys that record the trading house's assessment: refused in a supplier's own files
(R343); they belong in ``curation/<supplier-id>.yaml``."""


class Assessment(Strict):
    assessed_on: Date = Field(description="Tanggal penilaian / Date assessed")
    assessor: str = Field(
        min_length=2,
        max_length=120,
        description="Penilai (staf rumah dagang) / Assessor (trading-house staff)",
        examples=["Dra. Wulan Pratiwi (asesor bersertifikat)"],
    )
    result: CurationResult = Field(description="Hasil penilaian / Result", examples=["ready_local"])
    notes: Note | None = Field(None, description="Catatan / Notes")


class Curation(Strict):
    """curation/<supplier-id>.yaml: the trading house's assessments of one supplier."""

    assessments: list[Assessment] = Field(
        min_length=1, description="Penilaian, satu per kunjungan / Assessments, one per visit"
    )


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema

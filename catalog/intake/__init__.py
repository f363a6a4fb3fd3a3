"""Intake: an issue-form submission becomes entry files that pass ``catalog validate``.

``catalog intake ISSUE.md`` (and the intake workflow, which runs it on every opened or
edited issue) reads the body GitHub rendered from the form, finds the attached photos
(downloaded into ``--photos``, or shared there by staff), and:

1. reads each field as a person types it (:mod:`.convert`: ``Rp 50.000``, ``0812…``);
2. verifies each photo, turns it upright and strips its EXIF/XMP/GPS
   (:mod:`catalog.images.strip`);
3. writes the files into a scratch catalogue and validates them with the very code
   of ``catalog validate`` (:func:`catalog.core.catalogue.load_catalog`), mapping every
   diagnostic back to the form field it came from;
4. only when nothing is wrong, writes them under ``--products``: the supplier folder
   for a new supplier (matched by NIB), or just the product file and its photos.

Nothing is written on problems; each problem names the form field by its label.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core import issue_form
from ..core.catalogue import load_catalog
from ..core.diagnostics import Diagnostic, Text
from ..images.settings import ImageSettings
from ..images.strip import strip
from ..images.verify import ImageProblem
from ..core.codes import CODES
from ..core.loader import Document, load_file
from .body import Attachment, attachments, parse
from .convert import Draft, Problem, draft, plain, shown
from .fetch import Policy, fetch, key_of

SETTINGS = ImageSettings(max_pixels=50_000_000)
"""Photos from a form: at most 50 megapixels (phones' largest modes), at least 800 px."""
MAX_PHOTO_BYTES = 25 * 1024 * 1024
MARKER = "# Diajukan lewat formulir isu #{issue} / Submitted through issue #{issue}"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{name}.schema.json"


@dataclass
class Result:
    ok: bool
    issue: int | None
    draft: Draft
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)

    @property
    def supplier_name(self) -> str:
        d = self.draft
        return d.existing.name if d.existing else (d.supplier or {}).get("name", "")

    @property
    def product_name(self) -> str:
        return (self.draft.product.get("name") or {}).get("id", "")


# -- photos -------------------------------------------------------------------------
def _local(attachment: Attachment, photos: Path | None) -> Path | None:
    """The file of ``attachment`` in ``photos``: by the URL's last part, else by its name."""
    if photos is None:
        return None
    for name in (key_of(attachment), attachment.name if "/" not in attachment.name else None):
        if not name or name.startswith(".") or "/" in name or "\\" in name:
            continue
        path = photos / name
        if path.is_symlink() or not path.is_file():
            continue
        return path
    return None


def _photo_problem(n: int, name: str, text: Text) -> Problem:
    label = shown(name, 40) if name else ""
    return Problem(
        "photos",
        Text(
            f"foto {n}{f' ({label})' if label else ''}: {text.id}",
            f"photo {n}{f' ({label})' if label else ''}: {text.en}",
        ),
    )


def _clean_photos(
    found: list[Attachment], photos: Path | None, fetched: dict[str, Text]
) -> tuple[list[tuple[bytes, str, Attachment]], list[Problem]]:
    cleaned, problems = [], []
    for n, attachment in enumerate(found[:8], start=1):
        if attachment.url in fetched:
            problems.append(_photo_problem(n, attachment.name, fetched[attachment.url]))
            continue
        path = _local(attachment, photos)
        if path is None:
            problems.append(
                _photo_problem(
                    n,
                    attachment.name,
                    Text(
                        "berkas foto tidak ditemukan; lampirkan lagi di kolom ini",
                        "the photo file was not found; attach it again in this field",
                    ),
                )
            )
            continue
        if path.stat().st_size > MAX_PHOTO_BYTES:
            problems.append(
                _photo_problem(
                    n,
                    attachment.name,
                    Text(
                        "lebih dari 25 MB; kirim foto asli dari kamera",
                        "over 25 MB; send a camera photo",
                    ),
                )
            )
            continue
        try:
            result = strip(path.read_bytes(), SETTINGS)
        except ImageProblem as exc:
            spec = CODES[exc.code]
            params = {"file": attachment.name or path.name, **exc.params}
            message = Text(spec.message.id.format(**params), spec.message.en.format(**params))
            if spec.hint is not None:
                message = Text(
                    f"{message.id}; {spec.hint.id.format(**params)}",
                    f"{message.en}; {spec.hint.en.format(**params)}",
                )
            problems.append(
                _photo_problem(
                    n, "", Text(message.id.replace("`", "'"), message.en.replace("`", "'"))
                )
            )
            continue
        cleaned.append((result.data, result.extension, attachment))
    return cleaned, problems


# -- writing ------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(data: dict[str, Any], schema: str, header: list[str]) -> str:
    body = yaml.dump(
        plain(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=None,
    )
    return "\n".join([SCHEMA_LINE.format(name=schema), *header, body])


def _free_photo_name(folder: Path, base: str, taken: set[str]) -> str:
    n = 0
    while True:
        name = base if n == 0 else base.replace(".", f"-{n}.", 1)
        if name not in taken and not (folder / "photos" / name).exists():
            taken.add(name)
            return name
        n += 1


def _files(
    d: Draft,
    cleaned: list[tuple[bytes, str, Attachment]],
    products: Path,
    issue: int | None,
    today: dt.date,
) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """Relative path (under the supplier folder) -> bytes of every file to write."""
    assert d.supplier_id and d.product_id
    folder = products / d.supplier_id
    out: dict[str, bytes] = {}
    photo_info = []
    taken: set[str] = set()
    for i, (data, extension, attachment) in enumerate(cleaned):
        name = _free_photo_name(folder, f"{d.product_id}-{i + 1}{extension}", taken)
        d.product["images"][i]["file"] = f"photos/{name}"
        out[f"photos/{name}"] = data
        photo_info.append({"file": f"photos/{name}", "from": attachment.name or attachment.key})
    del d.product["images"][len(cleaned) :]
    where = (
        [MARKER.format(issue=issue)]
        if issue is not None
        else [f"# Diajukan lewat formulir / Submitted through the form ({today.isoformat()})"]
    )
    schema = "service" if d.kind == "service" else "product"
    out[f"{d.product_id}.yaml"] = to_yaml(d.product, schema, where).encode()
    if d.supplier is not None:
        out["supplier.yaml"] = to_yaml(d.supplier, "supplier", where).encode()
    return out, photo_info


# -- validation mapped back to the form ---------------------------------------------------
_FIELDS_BY_LOC: dict[tuple, str] = {
    ("name", "en"): "name_en",
    ("name",): "name_id",
    ("description", "en"): "description_en",
    ("description",): "description_id",
    ("category",): "category",
    ("images",): "photos",
    ("hs_code",): "hs_code",
    ("moq", "unit"): "unit",
    ("moq",): "moq",
    ("capacity_per_month",): "capacity",
    ("lead_time_days",): "lead_time",
    ("price", "tiers", 0, "min_qty"): "price_min_qty",
    ("price", "basis"): "price_basis",
    ("price", "valid_until"): "price_valid_until",
    ("price", "place"): "price_place",
    ("price",): "price",
    ("incoterms",): "price_basis",
    ("material",): "material",
    ("size_cm",): "size",
    ("net_weight_g",): "net_weight",
    ("packaging",): "packaging",
    ("export_packing", "units_per_carton"): "packing_units",
    ("export_packing", "carton_cm"): "packing_size",
    ("export_packing", "gross_kg"): "packing_gross",
    ("export_packing",): "packing_units",
    ("payment_terms",): "payment_terms",
    ("samples",): "samples",
    ("customization", "oem"): "oem",
    ("customization",): "customization",
    ("buyer_segments",): "buyer_segments",
    ("export_markets",): "export_markets",
    ("keywords",): "keywords",
    ("shelf_life_days",): "shelf_life_days",
    ("storage",): "storage",
}
_SUPPLIER_FIELDS: dict[tuple, str] = {
    ("name",): "supplier_name",
    ("nib",): "supplier_nib",
    ("type",): "supplier_type",
    ("scale",): "supplier_scale",
    ("region",): "supplier_regency",
    ("description", "en"): "supplier_description_en",
    ("description",): "supplier_description_id",
    ("contact", "email"): "supplier_email",
    ("contact", "person"): "supplier_person",
    ("contact",): "supplier_whatsapp",
}
_SERVICE_FIELDS: dict[tuple, str] = {
    ("name", "en"): "name_en",
    ("name",): "name_id",
    ("description", "en"): "description_en",
    ("description",): "description_id",
    ("service",): "service",
    ("images",): "photos",
    ("areas",): "areas",
    ("capacity",): "capacity",
    ("min_order",): "min_order",
    ("turnaround",): "turnaround",
    ("price", "valid_until"): "price_valid_until",
    ("price",): "price",
    ("payment_terms",): "payment_terms",
    ("buyer_segments",): "buyer_segments",
    ("keywords",): "keywords",
    ("ekatalog_url",): "ekatalog_url",
}
_SERVICE_BY_CODE = {"R311": "price_valid_until", "R347": "price", "R348": "turnaround"}
_BY_CODE = {
    "R306": "pirt_number",
    "R307": "halal_number",
    "R309": "price_min_qty",
    "R310": "capacity",
    "R311": "price_valid_until",
    "R317": "lead_time",
    "R328": "price_basis",
}


def _field_of(diagnostic: Diagnostic, doc: Document | None, d: Draft, supplier: bool) -> str | None:
    by_code = _SERVICE_BY_CODE if d.kind == "service" else _BY_CODE
    if not supplier and diagnostic.code in by_code:
        return by_code[diagnostic.code]
    if doc is None:
        return None
    at_line = [
        loc for loc, pos in [*doc.values.items(), *doc.keys.items()] if pos.line == diagnostic.line
    ]
    if not at_line:
        return None
    loc = max(at_line, key=len)
    if not supplier and loc[:1] == ("images",) and len(loc) >= 3 and loc[2] == "alt":
        return "photo_captions"
    if not supplier and loc[:1] == ("certifications",) and len(loc) >= 2:
        prefix = d.cert_fields[loc[1]] if loc[1] < len(d.cert_fields) else "halal"
        part = {"valid_until": "valid_until", "scheme": "scheme", "percentage": "percentage"}.get(
            loc[2] if len(loc) > 2 else "", "number"
        )
        if diagnostic.code == "R345":
            part = "percentage"
        if part == "percentage" and f"{prefix}_percentage" not in issue_form.by_id(d.kind):  # type: ignore[arg-type]
            part = "number"
        return "halal_scheme" if part == "scheme" else f"{prefix}_{part}"
    table = (
        _SUPPLIER_FIELDS if supplier else _SERVICE_FIELDS if d.kind == "service" else _FIELDS_BY_LOC
    )
    for n in range(len(loc), 0, -1):
        if loc[:n] in table:
            return table[loc[:n]]
    return None


def _validate(
    files: dict[str, bytes], d: Draft, products: Path, today: dt.date
) -> tuple[list[Problem], list[Diagnostic]]:
    """Errors (as form problems) and warnings of ``catalog validate`` on the files."""
    assert d.supplier_id and d.product_id
    with tempfile.TemporaryDirectory(prefix="intake-") as tmp:
        root = Path(tmp) / "products"
        folder = root / d.supplier_id
        (folder / "photos").mkdir(parents=True)
        if d.existing is not None:
            shutil.copyfile(d.existing.folder / "supplier.yaml", folder / "supplier.yaml")
        for rel, data in files.items():
            (folder / rel).write_bytes(data)
        product_file = folder / f"{d.product_id}.yaml"
        catalog = load_catalog(root, today=today, only=[product_file], workers=1)
        problems, warnings = [], []
        docs: dict[bool, Document | None] = {}  # the written files, read back once each

        def doc_of(is_supplier: bool) -> Document | None:
            if is_supplier not in docs:
                name = "supplier.yaml" if is_supplier else f"{d.product_id}.yaml"
                try:
                    docs[is_supplier] = load_file(folder / name)
                except Exception:  # noqa: BLE001 - the file we just wrote: map nothing then
                    docs[is_supplier] = None
            return docs[is_supplier]

        for diagnostic in catalog.diagnostics:
            is_supplier = diagnostic.path.endswith("supplier.yaml")
            if not diagnostic.is_error:
                warnings.append(diagnostic)
                continue
            text = diagnostic.message
            if diagnostic.hint is not None:
                text = Text(
                    f"{text.id} ({diagnostic.hint.id})", f"{text.en} ({diagnostic.hint.en})"
                )
            problems.append(
                Problem(_field_of(diagnostic, doc_of(is_supplier), d, is_supplier), text)
            )
    return problems, warnings


def _group(field_id: str | None) -> str | None:
    """Fields that are read together (``price``, ``price_min_qty``…; ``moq`` and ``unit``):
    one unreadable field makes the others of its group look wrong too."""
    if field_id is None:
        return None
    if field_id in ("moq", "unit", "capacity"):
        return "quantity"
    return field_id.split("_")[0]


def already_submitted(products: Path, issue: int) -> Path | None:
    """The product file an earlier run wrote for ``issue`` (its first lines carry the mark)."""
    mark = MARKER.format(issue=issue).encode()
    for path in sorted(products.glob("*/*.y*ml")):
        try:
            with path.open("rb") as fh:
                head = fh.read(512)
        except OSError:
            continue
        if mark + b"\n" in head:
            return path
    return None


def _refused(issue: int | None, id_text: str, en_text: str) -> Result:
    """A submission refused as a whole, before any field is read."""
    return Result(False, issue, Draft(), [Problem(None, Text(id_text, en_text))])


def shown_path(path: Path, products: Path) -> str:
    """``path`` as the repository shows it (``products/<supplier>/…``) when it is inside."""
    if products.parent in path.parents:
        return path.relative_to(products.parent).as_posix()
    return path.as_posix()


# -- the whole run -------------------------------------------------------------------
def intake(
    body: str,
    products: Path,
    photos: Path | None = None,
    *,
    issue: int | None = None,
    today: dt.date | None = None,
    policy: Policy | None = None,
) -> Result:
    """Read ``body``; when it is complete and valid, write its files under ``products``.

    ``policy``: download the attachments into ``photos`` first (None: the files are
    there already, as when staff received them by WhatsApp or e-mail).
    """
    today = today or dt.date.today()
    if len(body) > issue_form.MAX_BODY:
        return _refused(
            issue,
            f"isi isu terlalu panjang ({len(body):,} karakter, batas {issue_form.MAX_BODY:,})",
            f"the issue is too long ({len(body):,} characters, limit {issue_form.MAX_BODY:,})",
        )
    form = parse(body, issue_form.detect(body))
    if form.empty:
        return _refused(
            issue,
            'isu ini tidak dibuat dengan formulir "Ajukan produk"; buka isu baru dan pilih '
            "formulir itu",
            'this issue was not made with the "Submit a product" form; open a new issue and '
            "choose that form",
        )
    if issue is not None and (earlier := already_submitted(products, issue)) is not None:
        rel = shown_path(earlier, products)
        return _refused(
            issue,
            f"isu ini sudah masuk katalog ({rel}); perubahan berikutnya lewat isu baru atau "
            "staf rumah dagang",
            f"this issue is already in the catalogue ({rel}); further changes go through a new "
            "issue or trading-house staff",
        )
    found = attachments(form.get("photos"))
    fetched: dict[str, Text] = {}
    if policy is not None and photos is not None:
        fetched = fetch(found, photos, policy)
    cleaned, photo_problems = _clean_photos(found, photos, fetched)
    d = draft(form, len(cleaned), products, today)
    problems = [*d.problems, *photo_problems]
    if not form.get("photos"):
        problems.append(
            Problem(
                "photos",
                Text("wajib diisi: lampirkan 1 sampai 8 foto", "required: attach 1 to 8 photos"),
            )
        )
    elif not found:
        problems.append(
            Problem(
                "photos",
                Text(
                    "tidak ada foto terlampir; seret atau pilih berkas fotonya di kolom ini (teks atau "
                    "tautan saja tidak cukup)",
                    "no photo is attached; drag or pick the photo files in "
                    "this field (text or links alone are not enough)",
                ),
            )
        )
    elif len(found) > 8:
        problems.append(
            Problem(
                "photos",
                Text(
                    f"{len(found)} foto terlampir; maksimal 8",
                    f"{len(found)} photos attached; at most 8",
                ),
            )
        )
    result = Result(False, issue, d, problems)
    if d.supplier_id is None or d.product_id is None or not cleaned:
        return result
    files, result.photos = _files(d, cleaned, products, issue, today)
    checked, result.warnings = _validate(files, d, products, today)
    said = {_group(p.field) for p in problems}
    for p in checked:
        if p.field is not None and _group(p.field) in said:
            continue  # already said in the submitter's words (or a consequence of it)
        if p.field is None and problems:
            continue  # a consequence of what is already reported
        problems.append(p)
    if problems:
        return result
    result.files = _write(files, products / d.supplier_id, new=d.supplier is not None)
    result.ok = True
    return result


def _write(files: dict[str, bytes], folder: Path, *, new: bool) -> list[Path]:
    """Create every file (never overwrite); on failure remove what this call created."""
    created: list[Path] = []
    made_folder = new and not folder.exists()
    try:
        if new:
            folder.mkdir(parents=True, exist_ok=False)
        for rel, data in files.items():
            path = folder / rel
            if not path.parent.exists():
                path.parent.mkdir(parents=True)
            with path.open("xb") as fh:
                fh.write(data)
            created.append(path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        if made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return created

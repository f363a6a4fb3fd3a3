"""Load a whole catalogue folder: discover, parse, validate, apply rules.

``products/<supplier-id>/supplier.yaml`` and ``products/<supplier-id>/<product-id>.yaml``;
photos anywhere inside the supplier's folder. The result is a :class:`Catalog`
holding typed entries (with their source documents, for positions) and every
diagnostic found. Entries with errors are left out of the catalogue.

The work per file (read, YAML with positions, typed model, the rules of one
file) runs in worker processes for large catalogues: :func:`check_files`
cuts the files into chunks, and the results come back in file order, so the
catalogue and its diagnostics are the same as from one process. Workers send
back plain data (the document); this process builds the typed models again,
which costs less than unpickling them (measured: 0.03 against 0.11 ms a file).
Rules across files (duplicate names, the supplier a product belongs to) stay
here.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import vocab
from .diagnostics import CatalogError, Diagnostic
from .loader import Document, load_file, unreadable
from .models import Curation, Product, Service, Supplier
from .rules import (
    real_below,
    check_curation,
    check_id,
    check_product,
    check_service,
    check_supplier,
    entry_kind,
    linked_entry_file,
    misplaced_file,
    missing_supplier_file,
    same_product_id,
    same_product_name,
    shared_identities,
    misfiled_fields,
    without_misfiled,
)
from .rules import export_ready_gaps as rules_export_ready_gaps
from .rules import local_ready_gaps as rules_local_ready_gaps
from .schema_errors import validate_model
from .stamps import tree_digest
from .workers import process_pool

SUPPLIER_FILE = "supplier.yaml"
CURATION_FOLDER = "curation"
"""Staff-owned assessments, ``curation/<supplier-id>.yaml`` beside ``products/`` (the
repository root): CODEOWNERS gives the folder to staff, and a supplier's own files may not
hold curation fields (R343)."""
YAML_SUFFIXES = (".yaml", ".yml")

PARALLEL_MIN_FILES = 1500
"""Below this many files one process checks them all. Measured on the 2-core machine:
two workers break even at about 500 files when the cores are free and are 10-30 % faster
at 1,000-2,000 (a worker checks a file 20 % slower than one process does, and this
process builds the models again); while other jobs keep the cores busy they can be slower
up to a few thousand files. At 11,000 files: 4-5 s instead of 5-6.5 s."""

CHUNK_FILES = (16, 256)
"""Smallest and largest number of files sent to a worker at once (about eight
chunks per worker in between: even load, results streaming back early)."""

log = logging.getLogger("catalog")


@dataclass(frozen=True)
class SupplierEntry:
    id: str
    folder: Path
    doc: Document
    model: Supplier

    @property
    def region(self) -> vocab.Region:
        return vocab.regions()[self.model.region]

    @property
    def province(self) -> vocab.Region:
        return vocab.province_of(self.model.region)


@dataclass(frozen=True)
class ProductEntry:
    id: str
    supplier_id: str
    file: Path
    doc: Document
    model: Product

    @property
    def key(self) -> str:
        return f"{self.supplier_id}/{self.id}"

    @property
    def folder(self) -> Path:
        return self.file.parent

    @cached_property
    def photos(self) -> tuple[Path, ...]:
        """The resolved paths of ``model.images``, in order (the image pipeline, the
        pages and the manifest all need them: resolved once)."""
        return _resolve_photos(self.folder, self.model.images)


_REAL_FOLDERS: dict[str, str] = {}
"""``os.path.realpath`` of each supplier folder, found once per load (:func:`_load_catalog`
empties it)."""


def _resolve_photos(folder: Path, images) -> tuple[Path, ...]:
    """``(folder / image.file).resolve()`` of each image: from the folder's real path
    with one ``lstat`` per part of the photo's path when none is a symbolic link (10,000
    products: 0.2 s instead of 4 s)."""
    key = str(folder)
    real = _REAL_FOLDERS.get(key)
    if real is None:
        real = _REAL_FOLDERS[key] = os.path.realpath(key)
    found = []
    for image in images:
        rel = Path(image.file)
        below = None if rel.is_absolute() or ".." in rel.parts else real_below(real, rel.parts)
        found.append(Path(below) if below is not None else (folder / image.file).resolve())
    return tuple(found)


@dataclass(frozen=True)
class ServiceEntry:
    """A service (``kind: service``) of a supplier: ``products/<supplier>/<id>.yaml``.

    Services share the product files' folder and id space (one file name, one entry) but
    are kept apart (:attr:`Catalog.services`): pages, feeds and the manifest that expect
    goods never meet one."""

    id: str
    supplier_id: str
    file: Path
    doc: Document
    model: Service

    @property
    def key(self) -> str:
        return f"{self.supplier_id}/{self.id}"

    @property
    def folder(self) -> Path:
        return self.file.parent

    @cached_property
    def photos(self) -> tuple[Path, ...]:
        return _resolve_photos(self.folder, self.model.images)

    @property
    def areas(self) -> tuple[vocab.Region, ...]:
        """The regencies/cities served, as written (codes are validated)."""
        return tuple(vocab.regions()[code] for code in self.model.areas)

    def serves(self, regency: str) -> bool:
        """Does the service reach the regency/city with Kemendagri code ``regency``?"""
        return regency in self.model.areas


@dataclass(frozen=True)
class CurationEntry:
    """``curation/<supplier-id>.yaml``: the trading house's assessments of a supplier."""

    supplier_id: str
    doc: Document
    model: Curation

    @property
    def latest(self):  # -> models.Assessment
        """The most recent assessment (the last of equal dates as written)."""
        return max(enumerate(self.model.assessments), key=lambda ia: (ia[1].assessed_on, ia[0]))[1]


CURATION_MAX_AGE_DAYS = 365
"""An assessment older than this is due again (the staff report lists the supplier)."""


@dataclass
class Catalog:
    root: Path
    today: dt.date
    suppliers: dict[str, SupplierEntry] = field(default_factory=dict)
    products: dict[str, ProductEntry] = field(default_factory=dict)
    services: dict[str, ServiceEntry] = field(default_factory=dict)
    """Services by ``supplier/id``, beside :attr:`products` (never inside it)."""
    curation: dict[str, CurationEntry] = field(default_factory=dict)
    """Staff assessments by supplier id (``curation/``)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    processes: int = field(default=1, compare=False)
    """Processes that checked the files (1: this one)."""

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    def published(self) -> list[ProductEntry]:
        """Active products of known suppliers, in a stable order."""
        return [
            p
            for k, p in sorted(self.products.items())
            if p.model.status == "active" and p.supplier_id in self.suppliers
        ]

    def supplier_of(self, product: ProductEntry) -> SupplierEntry:
        return self.suppliers[product.supplier_id]

    def export_ready_gaps(self, product: ProductEntry) -> list[str]:
        return export_ready_gaps(product, self.suppliers.get(product.supplier_id), self.today)

    # -- services, local sourcing, curation (issue 21) ----------------------------------------
    def published_services(self) -> list[ServiceEntry]:
        """Active services of known suppliers, in a stable order."""
        return [
            s
            for k, s in sorted(self.services.items())
            if s.model.status == "active" and s.supplier_id in self.suppliers
        ]

    def regency_of(self, entry: ProductEntry | ServiceEntry | SupplierEntry) -> vocab.Region:
        """The regency/city an entry comes from: its supplier's ``region``."""
        supplier = entry if isinstance(entry, SupplierEntry) else self.suppliers[entry.supplier_id]
        return supplier.region

    def services_serving(self, regency: str) -> list[ServiceEntry]:
        """Published services whose ``areas`` include the regency/city code ``regency``."""
        return [s for s in self.published_services() if s.serves(regency)]

    def local_ready_gaps(self, service: ServiceEntry) -> list[str]:
        """What a service still lacks for local buyers (:func:`catalog.core.rules.local_ready_gaps`)."""
        supplier = self.suppliers.get(service.supplier_id)
        return rules_local_ready_gaps(
            service.model, supplier.model if supplier else None, self.today
        )

    def assessment(self, supplier_id: str):  # -> models.Assessment | None
        """The supplier's latest staff assessment, None when never assessed."""
        entry = self.curation.get(supplier_id)
        return entry.latest if entry else None

    def assessment_due(self, supplier_id: str) -> bool:
        """Never assessed, or last assessed more than :data:`CURATION_MAX_AGE_DAYS` before
        :attr:`today`."""
        latest = self.assessment(supplier_id)
        return latest is None or (self.today - latest.assessed_on).days > CURATION_MAX_AGE_DAYS


def export_ready_gaps(
    product: ProductEntry, supplier: SupplierEntry | None, today: dt.date
) -> list[str]:
    """What stands between a product and "export-ready" (:func:`catalog.core.rules.export_ready_gaps`)."""
    return rules_export_ready_gaps(product.model, supplier.model if supplier else None, today)


def display_path(path: Path) -> str:
    """Path as users see it: relative to the working directory when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return path.as_posix()


Job = tuple[str, str, bool, str]
"""One file to check: (file, path shown to users, is it supplier.yaml?, supplier folder)."""

Checked = tuple[Document | None, Any, list[Diagnostic], list[Diagnostic]]
"""(document, typed model or None, problems reading it, problems found by the rules of one
file)."""


def check_file(job: Job, today: dt.date, real_folders: dict[str, str] | None = None) -> Checked:
    """Read, parse, type and check one file on its own (no other file is looked at)."""
    file, shown, is_supplier, folder = job
    try:
        doc = load_file(Path(file), shown)
    except CatalogError as exc:
        return None, None, exc.diagnostics, []
    except OSError as exc:
        return None, None, [unreadable(shown, exc.strerror or str(exc))], []
    kind = None if is_supplier else entry_kind(doc.data)
    misfiled = misfiled_fields(doc, os.path.basename(folder), kind)
    model, diagnostics = validate_model(doc, _model_for(is_supplier, doc.data))
    if misfiled:
        diagnostics = misfiled + without_misfiled(diagnostics, misfiled)
    if model is None:
        return doc, None, diagnostics, []
    if real_folders is None:
        real_folders = {}
    real = real_folders.get(folder)
    if real is None:
        real = real_folders[folder] = os.path.realpath(folder)
    if is_supplier:
        problems = check_supplier(doc, model, Path(folder), real)
    elif kind == "service":
        problems = check_service(doc, model, Path(folder), today, real)
    else:
        problems = check_product(doc, model, Path(folder), today, real)
    return doc, model, diagnostics, problems


def _model_for(is_supplier: bool, data: Any) -> type[Supplier] | type[Product] | type[Service]:
    if is_supplier:
        return Supplier
    return Service if entry_kind(data) == "service" else Product


def _check_chunk(jobs: Sequence[Job], today: dt.date) -> list[Checked]:
    """A worker's share: the models stay here (True marks a file that has one)."""
    real_folders: dict[str, str] = {}
    out = []
    with gc_paused():
        for job in jobs:
            doc, model, diagnostics, problems = check_file(job, today, real_folders)
            out.append((doc, model is not None or None, diagnostics, problems))
    return out


@contextmanager
def gc_paused(keep: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside: loading builds hundreds of thousands of
    objects and hardly any cycles, and every full collection walks all of them again
    (measured: a fifth of the time of a 10,000-product load).

    ``keep``: what was built is kept (a catalogue): move it to the oldest generation
    (``freeze`` then ``unfreeze``) instead of letting the next young collection walk
    every object once more (0.3 s after 10,000 products).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def default_workers() -> int:
    """One worker per core this process may use."""
    from .workers import cores

    return cores()


def check_files(
    jobs: Sequence[Job], today: dt.date, workers: int | None = None, used: list[int] | None = None
) -> Iterator[Checked]:
    """:func:`check_file` for every job, results in job order.

    ``workers``: processes to use (None: one per core). Fewer than
    :data:`PARALLEL_MIN_FILES` jobs, or one worker, are checked in this process
    (:func:`_context` says how workers start). When they cannot start or a chunk
    fails, the chunk is checked here, so any result equals the one-process result.
    ``used`` receives the number of worker processes (1: this process), updated to
    1 when they could not start.
    """
    count = 1
    if len(jobs) >= PARALLEL_MIN_FILES and workers != 1:
        count = min(workers or default_workers(), -(-len(jobs) // CHUNK_FILES[0]))
    if used is None:
        used = []
    used[:] = [count]
    if count <= 1:
        real_folders: dict[str, str] = {}
        return (check_file(job, today, real_folders) for job in jobs)
    return _in_processes(jobs, today, count, used)


def _chunks(jobs: Sequence[Job], workers: int) -> list[Sequence[Job]]:
    size = max(CHUNK_FILES[0], min(CHUNK_FILES[1], -(-len(jobs) // (workers * 8))))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def _in_processes(
    jobs: Sequence[Job], today: dt.date, workers: int, used: list[int]
) -> Iterator[Checked]:
    from concurrent.futures import Future

    # Workers get absolute paths: a fork server keeps the directory it started in.
    chunks = _chunks(
        [
            (os.path.abspath(f), shown, sup, os.path.abspath(folder))
            for f, shown, sup, folder in jobs
        ],
        workers,
    )
    futures: list[Future | None] = [None] * len(chunks)
    pool = None
    try:
        # a plain fork with one thread; else the fork server, which imports the models once
        pool = process_pool(workers, fork=True, preload=["__main__", "catalog.core.catalogue"])
        futures = [pool.submit(_check_chunk, chunk, today) for chunk in chunks]
    except Exception as exc:  # noqa: BLE001 - no processes here (a sandbox, no /dev/shm)
        _fallback(exc)
        used[:] = [1]
    try:
        for i, chunk in enumerate(chunks):
            results = None
            if futures[i] is not None:
                try:
                    results = futures[i].result()
                except Exception as exc:  # noqa: BLE001 - a worker killed, say: go on here
                    _fallback(exc)
                    for future in futures[i:]:
                        if future is not None:
                            future.cancel()
                    futures = [None] * len(chunks)
            if results is None:  # checked here: equal results, or the same exception raised
                real_folders: dict[str, str] = {}
                yield from (check_file(job, today, real_folders) for job in chunk)
                continue
            for job, (doc, valid, diagnostics, problems) in zip(chunk, results):
                model = None
                if valid:  # the worker's model, built again from its data
                    model = _model_for(job[2], doc.data).model_validate(doc.data)
                yield doc, model, diagnostics, problems
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _fallback(exc: BaseException) -> None:
    log.info(
        "validasi dilanjutkan dalam satu proses (proses pekerja gagal: %s) / "
        "validating in one process (worker processes failed: %s)",
        type(exc).__name__,
        type(exc).__name__,
    )


def _inside(path: Path, real_root: str, real_folder: str | None = None) -> bool:
    """Is ``path`` (links resolved) inside ``real_root``? ``real_folder``: the resolved
    folder holding it, when known (then a file that is no link costs one ``lstat``)."""
    if real_folder is not None and not os.path.islink(path):
        real = os.path.join(real_folder, path.name)
    else:
        real = os.path.realpath(path)
    return os.path.commonpath([real, real_root]) == real_root


def discover(
    root: Path, suppliers: Iterable[str] | None = None
) -> tuple[dict[str, list[Path]], list[Diagnostic]]:
    """Supplier folder name -> its YAML files (supplier.yaml first), plus misplaced files.

    ``suppliers``: look only into these supplier folders (None: the whole catalogue).
    """
    found: dict[str, list[Path]] = {}
    problems: list[Diagnostic] = []
    chosen = None if suppliers is None else set(suppliers)
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        depth = len(here.relative_to(root).parts)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (depth or chosen is None or d in chosen)
        )
        if depth == 0 and chosen is not None:
            filenames = []  # files beside the supplier folders are not part of the request
        real_here = None
        for name in sorted(filenames):
            if not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            if depth == 1 and real_here is None:
                real_here = os.path.realpath(here)
            if depth != 1 or not _inside(here / name, real_root, real_here):
                # too deep, or a link to a file elsewhere on the machine: never read it
                problems.append(misplaced_file(display_path(here / name)))
                continue
            if os.path.islink(here / name):
                # even inside the catalogue: a link would let a folder speak for another
                problems.append(linked_entry_file(display_path(here / name)))
                continue
            found.setdefault(here.name, []).append(here / name)
        if depth == 0:
            for d in dirnames:
                found.setdefault(d, [])
    for files in found.values():
        files.sort(key=lambda p: (p.name != SUPPLIER_FILE, p.name))
        by_id: dict[str, Path] = {}
        for file in list(files):
            if file.name == SUPPLIER_FILE:
                continue
            other = by_id.setdefault(file.stem, file)
            if other is not file:  # `tas.yaml` beside `tas.yml`: one product id, two files
                problems.append(same_product_id(file.stem, display_path(file), display_path(other)))
                files.remove(file)
    return found, problems


def load_catalog(
    root: Path,
    *,
    today: dt.date | None = None,
    only: Iterable[Path] | None = None,
    keep_invalid: bool = False,
    workers: int | None = None,
    remember: bool = False,
) -> Catalog:
    """Load and check every supplier folder under ``root``.

    ``only``: validate just these files or supplier folders (their supplier.yaml
    is always read, since product rules depend on it).
    ``keep_invalid``: also keep entries whose file parses into a typed model but
    breaks a rule (an expired price, an expired food licence): the staff report
    lists what to fix in them. Builds never set it.
    ``workers``: processes checking files (None: one per core for a large
    catalogue, see :func:`check_files`; 1: this process only).
    ``remember``: keep what each supplier folder's files gave and take it again while
    nothing in the folder changed (``catalog serve``: a saved edit rechecks one
    folder, not 10,000 files; :func:`~catalog.core.stamps.tree_digest`).
    """
    started = time.perf_counter()
    with gc_paused(keep=True):
        catalog = _load_catalog(
            root, today or dt.date.today(), only, keep_invalid, workers, remember
        )
    log.debug(
        "catalog: %d files checked in %.1f s by %d process%s",
        catalog.files,
        time.perf_counter() - started,
        catalog.processes,
        "" if catalog.processes == 1 else "es",
    )
    return catalog


_REMEMBERED: dict[str, tuple[str, list[Checked]]] = {}
"""``load_catalog(remember=True)``: per supplier folder, its :func:`~catalog.core.stamps.tree_digest` (with
the day and the jobs) and the results of checking its files."""


def _checked_remembering(
    jobs: list[Job], today: dt.date, workers: int | None, used: list[int]
) -> list[Checked]:
    """:func:`check_files` for the folders that changed since the last call, the
    remembered results for the others; in job order."""
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job[3], []).append(job)
    stamps = {}
    for folder, its in groups.items():
        try:
            stamp = tree_digest([Path(folder)])
        except OSError:  # unreadable: checked again
            stamp = ""
        stamps[folder] = f"{stamp}\0{today}\0{its!r}" if stamp else ""
    todo = [
        job
        for folder, its in groups.items()
        if not stamps[folder] or _REMEMBERED.get(folder, ("",))[0] != stamps[folder]
        for job in its
    ]
    fresh = iter(list(check_files(todo, today, workers, used)))
    kept: dict[str, tuple[str, list[Checked]]] = {}
    out: list[Checked] = []
    for folder, its in groups.items():
        remembered = _REMEMBERED.get(folder)
        if stamps[folder] and remembered is not None and remembered[0] == stamps[folder]:
            results = remembered[1]
        else:
            results = [next(fresh) for _ in its]
        kept[folder] = (stamps[folder], results)
        out.extend(results)
    _REMEMBERED.clear()
    _REMEMBERED.update((folder, found) for folder, found in kept.items() if found[0])
    return out


def _load_catalog(
    root: Path,
    today: dt.date,
    only: Iterable[Path] | None,
    keep_invalid: bool,
    workers: int | None,
    remember: bool = False,
) -> Catalog:
    catalog = Catalog(root=root, today=today)
    _REAL_FOLDERS.clear()
    wanted = _wanted(root, only)
    found, problems = discover(root, None if wanted is None else wanted.keys())
    catalog.diagnostics += problems
    plan: list[tuple[str, Path, str, list[Path], list[Path]]] = []
    jobs: list[Job] = []
    for supplier_id, files in sorted(found.items()):
        if wanted is not None and supplier_id not in wanted:
            continue
        if not files:
            continue
        folder = root / supplier_id
        chosen = [
            file
            for file in files
            if wanted is None
            or not wanted[supplier_id]
            or file.name == SUPPLIER_FILE
            or file in wanted[supplier_id]
        ]
        shown_folder = display_path(folder)
        plan.append((supplier_id, folder, shown_folder, files, chosen))
        for file in chosen:
            jobs.append(
                (
                    str(file),
                    _shown_in(shown_folder, file.name),
                    file.name == SUPPLIER_FILE,
                    str(folder),
                )
            )
    used: list[int] = []
    if remember and wanted is None:
        results = iter(_checked_remembering(jobs, today, workers, used))
    else:
        results = check_files(jobs, today, workers, used)
    names: dict[tuple[str, str], str] = {}
    for supplier_id, folder, shown_folder, files, chosen in plan:
        if files[0].name != SUPPLIER_FILE:
            catalog.diagnostics.append(
                missing_supplier_file(_shown_in(shown_folder, files[0].name), supplier_id)
            )
        bad_supplier_id = check_id(supplier_id, "supplier", _shown_in(shown_folder, files[0].name))
        if bad_supplier_id is not None:
            catalog.diagnostics.append(bad_supplier_id)
        supplier_ok = False
        for file in chosen:
            catalog.files += 1
            if file.name == SUPPLIER_FILE:
                doc, model, loaded, problems = next(results)
                catalog.diagnostics += loaded
                if model is None:
                    continue
                catalog.diagnostics += problems
                if (
                    keep_invalid or not any(p.is_error for p in problems)
                ) and bad_supplier_id is None:
                    catalog.suppliers[supplier_id] = SupplierEntry(supplier_id, folder, doc, model)
                    supplier_ok = True
                continue
            product_id = file.stem
            bad_product_id = check_id(product_id, "product", _shown_in(shown_folder, file.name))
            if bad_product_id is not None:
                catalog.diagnostics.append(bad_product_id)
            doc, model, loaded, problems = next(results)
            catalog.diagnostics += loaded
            if model is None:
                continue
            name_key = (supplier_id, model.name.id.casefold())
            if name_key in names:
                problems = [*problems, same_product_name(doc, model.name.id, names[name_key])]
            else:
                names[name_key] = doc.path
            catalog.diagnostics += problems
            if (
                supplier_ok
                and (keep_invalid or not any(p.is_error for p in problems))
                and bad_product_id is None
            ):
                if isinstance(model, Service):
                    service = ServiceEntry(product_id, supplier_id, file, doc, model)
                    catalog.services[service.key] = service
                else:
                    entry = ProductEntry(product_id, supplier_id, file, doc, model)
                    catalog.products[entry.key] = entry
    catalog.processes = used[0]
    _load_curation(catalog, root.parent / CURATION_FOLDER, set(found), judge=wanted is None)
    catalog.diagnostics += shared_identities(
        (sid, e.doc, e.model) for sid, e in sorted(catalog.suppliers.items())
    )
    catalog.diagnostics.sort()
    return catalog


def _shown_in(shown_folder: str, name: str) -> str:
    """``display_path(folder / name)`` from ``display_path(folder)``, for a plain file name."""
    return name if shown_folder == "." else f"{shown_folder}/{name}"


def _wanted(root: Path, only: Iterable[Path] | None) -> dict[str, set[Path]] | None:
    """Supplier id -> chosen files (empty set: the whole folder); None: everything."""
    if not only:
        return None
    wanted: dict[str, set[Path]] = {}
    base = root.resolve()
    for path in only:
        resolved = path.resolve()
        if resolved == base:
            return None
        rel = resolved.relative_to(base)
        supplier = rel.parts[0]
        if len(rel.parts) == 1:
            wanted[supplier] = set()
        elif supplier not in wanted or wanted[supplier]:
            wanted.setdefault(supplier, set()).add(root / rel)
    return wanted


def _load_curation(catalog: Catalog, folder: Path, supplier_ids: set[str], judge: bool) -> None:
    """Read ``curation/*.yaml`` into :attr:`Catalog.curation`. ``judge``: the whole
    catalogue was read, so a file for a supplier folder that does not exist is an error
    (R344); when part of it was validated, that is left unsaid."""
    if not folder.is_dir():
        return
    for file in sorted(folder.iterdir()):
        if file.suffix not in YAML_SUFFIXES or file.name.startswith("."):
            continue
        shown = display_path(file)
        if file.is_symlink():
            # a link could read a file elsewhere on the machine, or another supplier's record
            catalog.diagnostics.append(linked_entry_file(shown))
            continue
        if not file.is_file():
            continue
        catalog.files += 1
        try:
            doc = load_file(file, shown)
        except CatalogError as exc:
            catalog.diagnostics += exc.diagnostics
            continue
        except OSError as exc:
            catalog.diagnostics.append(unreadable(shown, exc.strerror or str(exc)))
            continue
        model, diagnostics = validate_model(doc, Curation)
        catalog.diagnostics += diagnostics
        if model is None:
            continue
        supplier_id = file.stem
        known = (supplier_id in supplier_ids) if judge else None
        problems = check_curation(doc, model, supplier_id, known, catalog.today)
        catalog.diagnostics += problems
        if not any(p.is_error for p in problems):
            catalog.curation[supplier_id] = CurationEntry(supplier_id, doc, model)

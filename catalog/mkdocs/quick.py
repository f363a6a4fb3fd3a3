"""``catalog serve``: a saved entry file shown in a moment, in place (issue 20).

A whole rebuild at 10,000 products spends most of its time on what a saved product file
does not change: checking 11,000 files, resolving 20,000 photos, hashing and linking
23,000 pages into a new folder, writing the feeds. The quick pass does only what the save
changed, in the folder being served, and leaves the rest to the background:

1. which files changed since the last pass: a snapshot of ``products/`` (path, inode,
   size, times; the one MkDocs' own watcher takes) against the last one. Only entry
   files (``<supplier>/<id>.yaml``, ``supplier.yaml`` too) saved in place or replaced;
   a file added, removed or renamed, a photo, anything outside a supplier folder, or a
   change to ``mkdocs.yml``, ``docs/``, the theme, the code or the date: the whole
   rebuild instead;
2. those supplier folders are checked again, as a whole rebuild checks them
   (:func:`~catalog.core.catalogue.load_catalog` with ``only``); their warnings are
   logged as a whole rebuild logs them, an error sends the save to the whole rebuild,
   which reports it and leaves the served site as it was;
3. the catalogue is the last one with those folders' entries replaced; the set of pages
   and of photos must be the same (otherwise the whole rebuild);
4. every page's key (:meth:`~catalog.site.generate.Generator.page_key`) against the
   last one: the pages whose key changed are rendered - with the last build's shells,
   or by MkDocs' own functions for the pages MkDocs renders (in the navigation, and
   hand-written pages whose catalogue blocks changed) - then moved into the served
   folder one by one (a rename: a browser reads the old page or the new, never half);
5. in the background, in this order: the feeds and the manifest, the page record (for
   the next rebuild's links), the search index (:class:`~catalog.build.search.ServeIndex`:
   the last whole index is served until the new one is).

After the background work the served folder holds, file for file, what a whole build of
the same input writes (tests/test_serve.py compares them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from ..build.pipeline import Prepared, image_jobs
from ..core.catalogue import Catalog, display_path, load_catalog
from ..core.rules import shared_identities
from ..core.stamps import tree_digest
from ..site.generate import BLOCK_MARKER, Generator
from . import shim

log = logging.getLogger("mkdocs.plugins.catalog")

ENTRY_SUFFIXES = (".yaml", ".yml")


def snapshot(folder: Path):
    """Every file and folder below ``folder`` with its stat (watchdog's snapshot, the
    one MkDocs' watcher takes); None when it cannot be read."""
    from watchdog.utils.dirsnapshot import DirectorySnapshot

    try:
        return DirectorySnapshot(str(folder), recursive=True)
    except OSError:
        return None


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns, a.st_ctime_ns, a.st_mode) == (
        b.st_ino,
        b.st_dev,
        b.st_size,
        b.st_mtime_ns,
        b.st_ctime_ns,
        b.st_mode,
    )


def saved_entry_folders(before, after, root: Path) -> set[str] | None:
    """The supplier folders (names) whose entry files were saved between the snapshots
    ``before`` and ``after`` of ``root``; None when anything else changed there: a file
    or folder added, removed or renamed, a photo or another file saved, a link."""
    if before is None or after is None or before.paths != after.paths:
        return None
    folders: set[str] = set()
    top = str(root)
    for path in after.paths:
        old, new = before.stat_info(path), after.stat_info(path)
        if _same_file(old, new):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            continue  # a folder's times change when an editor saves by renaming
        parts = os.path.relpath(path, top).split(os.sep)
        if (
            len(parts) != 2
            or parts[0].startswith(".")
            or parts[1].startswith(".")
            or not parts[1].endswith(ENTRY_SUFFIXES)
            or not (os.path.isfile(path) and not os.path.islink(path))
        ):
            return None
        folders.add(parts[0])
    return folders


@dataclass
class QuickState:
    """What the last build (or quick pass) of ``catalog serve`` leaves for the next pass."""

    config: Any
    """The MkDocs config of the last whole build (its ``site_dir``: the served folder)."""
    renderer: Any
    """Its :class:`~catalog.mkdocs.shells.PageRenderer`, shells and all."""
    foreign: list[str]
    snapshot: Any
    """``products/`` as the last pass read it (:func:`snapshot`)."""
    curation: str
    """:func:`~catalog.core.stamps.tree_digest` of the staff's curation folder."""
    keys: dict[Any, str]
    """Per generated job MkDocs did not render, its key (for the page record)."""
    deferred: set = field(default_factory=set)
    in_nav: dict[Any, str] = field(default_factory=dict)
    """Per generated job MkDocs renders (in the navigation), its page's path."""
    jobs: list = field(default_factory=list)
    blocks: dict = field(default_factory=dict)
    """The catalogue blocks each hand-written page showed at the last pass."""


class Fallback(Exception):
    """The quick pass cannot show this change: the whole rebuild runs instead."""


def curation_stamp(products: Path) -> str:
    from ..core.catalogue import CURATION_FOLDER

    folder = products.parent / CURATION_FOLDER
    try:
        return tree_digest([folder]) if folder.exists() else ""
    except OSError:
        return "?"


def merged(old: Catalog, fresh: Catalog, folders: set[str]) -> Catalog:
    """``old`` with the entries of supplier ``folders`` taken from ``fresh``."""

    def pick(old_map: dict, fresh_map: dict, supplier_of) -> dict:
        out = {k: v for k, v in old_map.items() if supplier_of(k, v) not in folders}
        out.update((k, v) for k, v in fresh_map.items() if supplier_of(k, v) in folders)
        return dict(sorted(out.items()))

    return replace(
        old,
        suppliers=pick(old.suppliers, fresh.suppliers, lambda k, v: k),
        products=pick(old.products, fresh.products, lambda k, v: v.supplier_id),
        services=pick(old.services, fresh.services, lambda k, v: v.supplier_id),
        diagnostics=list(old.diagnostics),
    )


def _photo_plan(catalog: Catalog, folders: set[str]) -> list[tuple]:
    return sorted((str(job.source), job.slug) for job in image_jobs(catalog, folders))


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.quick")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def run(plugin) -> bool:
    """Show the files saved since the last pass, in place; False: run the whole rebuild
    (nothing in the served folder was touched)."""
    state: QuickState | None = plugin.quick
    if state is None or plugin.prepared is None:
        return False
    plugin.catch_up_wait()
    started = time.perf_counter()
    try:
        return _run(plugin, state, started)
    except Fallback as why:
        log.info("catalog: whole rebuild (%s)", why)
        return False
    except Exception as exc:  # the whole rebuild makes the served site whole again
        log.warning("catalog: quick pass failed (%s: %s); whole rebuild", type(exc).__name__, exc)
        plugin.quick = None
        return False


def _run(plugin, state: QuickState, started: float) -> bool:
    from .shells import BODY, PageKeys, write_pages

    config = state.config
    root = plugin._root(config)
    products = root / plugin.config.products_dir
    now = snapshot(products)
    folders = saved_entry_folders(state.snapshot, now, products)
    if folders is None:
        raise Fallback("files were added, removed or renamed, or a photo changed")
    old: Prepared = plugin.prepared
    today = dt.date.today()
    if today != old.catalog.today:
        raise Fallback("a new day")
    if plugin._outside_key(config, state.foreign) != plugin.outside or plugin.outside is None:
        raise Fallback("mkdocs.yml, docs/, the theme or the code changed")
    if curation_stamp(products) != state.curation:
        raise Fallback("the curation changed")
    if not folders:
        state.snapshot = now
        return True

    fresh = load_catalog(products, today=today, only=[products / f for f in sorted(folders)])
    if not fresh.ok:
        raise Fallback("the saved files have errors to report")
    catalog = merged(old.catalog, fresh, folders)
    shown = tuple(display_path(products / f) + "/" for f in folders)
    warnings = [d for d in old.warnings if not (d.path + "/").startswith(shown)] + fresh.diagnostics
    if _shared(catalog) != _shared(old.catalog):
        raise Fallback("what suppliers share changed")
    if _photo_plan(catalog, folders) != _photo_plan(old.catalog, folders):
        raise Fallback("the photos of an entry changed")
    old_gen = old.generator
    gen = Generator(catalog, old_gen.images, old_gen.settings)
    gen.qr = old_gen.qr
    gen._fingerprints = {  # an entry's, a supplier's: kept unless its folder was saved
        (kind, name): value
        for (kind, name), value in old_gen._fingerprints.items()
        if kind != "directory"
        and (name if kind == "supplier" else name.split("/", 1)[0]) not in folders
    }
    jobs = gen.jobs()
    if jobs != state.jobs:
        raise Fallback("the set of pages changed")
    if gen.qr_urls() != old_gen.qr_urls():
        raise Fallback("the set of product pages changed")

    prefix = (plugin.outside or "").encode()

    def key_of(job) -> str:
        return hashlib.blake2b(prefix + gen.page_key(job).encode(), digest_size=16).hexdigest()

    changed = [job for job in jobs if job in state.deferred and key_of(job) != state.keys[job]]
    nav_changed = [job for job in state.in_nav if gen.page_key(job) != old_gen.page_key(job)]
    files = plugin.files
    site = Path(config.site_dir)
    scratch = plugin.quick_scratch(site)
    store = plugin.page_store(config)
    try:
        written, _ = write_pages(
            state.renderer,
            changed,
            gen.page,
            site_dir=str(scratch),
            search_dir=None,
            use_directory_urls=config.use_directory_urls,
            keys=PageKeys(key_of, gen.path, str(store)),
        )
        for w in written:
            if w.meta != plugin.digests.get(w.dest, (None,) * 6)[5]:
                raise Fallback("a page's alternates changed (the sitemap would)")
        # the pages MkDocs renders: generated ones in the navigation, hand-written ones
        # whose catalogue blocks changed
        plugin.prepared = Prepared(catalog, gen, old.content, warnings, old.image_stats)
        mine: list[tuple[str, str]] = []
        try:
            for job in nav_changed:
                page = gen.page(job)
                file = files.get_file_from_path(state.in_nav[job])
                before = {k: file.page.meta.get(k) for k in ("robots", "alternates", "title")}
                plugin.bodies[file.src_uri] = page.body
                file.content_string = page.markdown(BODY)
                mine.append((file.src_uri, _mkdocs_page(file, state, plugin)))
                after = {k: file.page.meta.get(k) for k in ("robots", "alternates", "title")}
                if after != before:
                    raise Fallback("a page in the navigation changed its title")
            generated = set(state.in_nav.values())
            for file in files.documentation_pages():
                if file.src_uri in generated or file.page is None:
                    continue
                names = tuple(sorted(set(BLOCK_MARKER.findall(file.content_string or ""))))
                if not names:
                    continue
                lang = (file.page.meta or {}).get("lang", "id")
                place = (lang, file.page.url, names)
                shown = state.blocks.get(place)
                if shown is None:
                    shown = old_gen.blocks(lang, file.page.url, names)
                state.blocks[place] = now_shown = gen.blocks(lang, file.page.url, names)
                if now_shown != shown:
                    mine.append((file.src_uri, _mkdocs_page(file, state, plugin)))
        except BaseException:
            plugin.prepared = old
            raise
        # everything rendered: into the served folder, one rename per page
        for job, w in zip(changed, written):
            state.keys[job] = w.key
            os.replace(scratch / w.dest, site / w.dest)  # the same file: size and mtime too
            plugin.digests[w.dest] = w.record()
        for src_uri, html in mine:
            file = files.get_file_from_path(src_uri)
            _write_atomic(site / file.dest_uri, html.encode("utf-8", errors="xmlcharrefreplace"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    state.snapshot = now
    plugin.log_warnings(fresh.diagnostics)
    log.info(
        "catalog: saved in %s: %d pages shown anew in %.1f s (%d rendered by MkDocs); "
        "feeds and search index follow in the background",
        ", ".join(sorted(folders)),
        len(written) + len(mine),
        time.perf_counter() - started,
        len(mine),
    )
    plugin.catch_up(config)
    return True


def _shared(catalog: Catalog) -> list:
    return shared_identities((sid, e.doc, e.model) for sid, e in sorted(catalog.suppliers.items()))


def _mkdocs_page(file: File, state: QuickState, plugin) -> str:
    """``file``'s page read and rendered again by MkDocs' own functions (as the build
    loop does), on the navigation's own page object."""
    renderer = state.renderer
    shim.populate_page(file.page, state.config, renderer.files)
    return shim.build_page(file.page, state.config, renderer.doc_files, renderer.nav, renderer.env)


def catch_up(plugin, config, site: Path) -> None:
    """The background half of a quick pass: feeds and manifest, page record, search."""
    from .shells import prune_store, save_digests

    gen = plugin.prepared.generator
    content = gen.generate(pages=False)
    old = {a.path: a.content for a in plugin.prepared.content.assets}
    for asset in content.assets:
        if old.get(asset.path) != asset.content:
            _write_atomic(site / asset.path, asset.content)
    for path in set(old) - {a.path for a in content.assets}:
        (site / path).unlink(missing_ok=True)
    plugin.prepared.content.assets[:] = content.assets
    record = plugin._digests_record(config)
    store = plugin.page_store(config)
    save_digests(record, str(site.resolve()), plugin.digests)
    prune_store(str(store), {page[4] for page in plugin.digests.values() if page[4]})
    plugin.index_in_background(site, store)


def start_catch_up(plugin, config) -> threading.Thread:
    site = Path(config.site_dir)

    def work() -> None:
        try:
            catch_up(plugin, config, site)
        except Exception as exc:  # the next rebuild is a whole one
            log.warning("catalog: background work after a quick rebuild failed: %s", exc)
            plugin.quick = None

    thread = threading.Thread(target=work, name="catalog-catch-up", daemon=True)
    thread.start()
    return thread

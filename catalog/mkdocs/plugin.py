"""The thin MkDocs adapter: hands generated pages to MkDocs, nothing more.

* ``on_pre_build`` runs the engine-independent :func:`catalog.build.pipeline.prepare`
  (validation errors abort here, before MkDocs cleans or writes anything);
* ``on_files`` adds the pages and feeds as ``File.generated`` (nothing is
  written into the source tree);
* ``on_page_markdown`` fills ``<!-- catalog:NAME -->`` markers of hand-written
  pages with generated blocks;
* ``on_post_build`` publishes the processed photos, indexes the site with
  Pagefind (:func:`catalog.build.search.build_index`), then - for ``mkdocs build`` -
  swaps the freshly built directory into place, so a failed build leaves the
  previous site untouched;
* ``on_serve`` watches ``products/`` so editing a YAML file or photo rebuilds.

With ``fast_pages`` (the default) the generated pages outside the navigation are
written in ``on_post_build`` from theme shells (:mod:`catalog.mkdocs.shells`); what
that needs of MkDocs beyond its public API goes through :mod:`catalog.mkdocs.shim`,
checked in ``on_config``: when the installed MkDocs fails the check, MkDocs renders
every page itself, as with ``fast_pages: false``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..build import incremental
from ..core import containers, i18n
from ..core.catalogue import display_path
from ..core.diagnostics import LANGS, CatalogError
from ..core.house import placeholder_warning
from ..core.reporter import render
from .shells import BODY, STORE_NAME
from ..site.generate import BLOCK_MARKER
from ..site.model import SiteSettings, TradingHouse, media_url_problem
from ..site.ui_script import ui_script
from . import shim

log = logging.getLogger("mkdocs.plugins.catalog")


class _MediaUrl(c.Optional):
    """``media_url``: unset, or a base URL :func:`catalog.site.model.media_url_problem` accepts."""

    def __init__(self) -> None:
        super().__init__(c.Type(str))

    def run_validation(self, value):
        value = super().run_validation(value)
        if value is None:
            return None
        problem = media_url_problem(value)
        if problem:
            raise base.ValidationError(f"{problem['id']} / {problem['en']}")
        return value


class CatalogConfig(base.Config):
    products_dir = c.Type(str, default="products")
    """Folder of supplier folders, relative to mkdocs.yml."""
    cache_dir = c.Type(str, default=".cache/images")
    """Persistent image cache (gitignored), relative to mkdocs.yml."""
    workers = c.Optional(c.Type(int))
    """Image worker processes (default: one per core)."""
    atomic = c.Type(bool, default=True)
    """Build into a temporary directory and swap it in only when complete."""
    lang = c.Choice(("id", "en"), default="id")
    """Language of build diagnostics."""
    languages = c.ListOfItems(c.Choice(("id", "en")), default=["id", "en"])
    """Languages of the generated pages (the first is the default, at the site root)."""
    search = c.Type(bool, default=True)
    """Index the built site with Pagefind (:mod:`catalog.build.search`) before it is swapped in."""
    fast_pages = c.Type(bool, default=True)
    """Render generated pages from one theme rendering per kind of page
    (:mod:`catalog.mkdocs.shells`), in worker processes for builds; false hands every
    page to MkDocs one by one (the same bytes, several times slower). A build also
    falls back to that by itself, with a warning, when the installed MkDocs no longer
    has what the fast way relies on (:func:`catalog.mkdocs.shim.problems`)."""
    media_url = _MediaUrl()
    """Base URL serving ``media/`` (a bucket or CDN, e.g. ``https://media.example.com/``):
    every photo URL in pages, the search index, Open Graph, JSON-LD and feeds becomes
    ``<media_url>media/…``. The build still writes ``site/media/``; ``catalog publish
    --media-target`` sends it to the bucket. Unset: photos beside the pages."""
    search_on_serve = c.Optional(c.Type(bool))
    """Index on ``serve`` rebuilds too (unset: true). The first build of a serve waits for
    its index; later rebuilds put the last index back at once and make the new one in the
    background, swapping it in when whole (:class:`catalog.build.search.ServeIndex`):
    a saved edit shows without waiting for Pagefind, and the search never breaks."""
    quick_serve = c.Type(bool, default=True)
    """On ``serve``, show saved entry files in place: only the pages they change are
    rendered, feeds and search follow in the background (:mod:`catalog.mkdocs.quick`);
    false: every save rebuilds the whole site, as ``catalog build`` does."""


class CatalogPlugin(BasePlugin[CatalogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.prepared = None
        self.final_site_dir: str | None = None
        self.build_dir: str | None = None
        self.bodies: dict[str, str] = {}
        self.index_seconds: float | None = None
        self.deferred: list = []
        self.digests: dict[str, tuple[str, int, int]] = {}
        """Generated pages written in on_post_build (MkDocs renders none of them):
        digest, size and mtime of each, for the next build's links."""
        self.sitemap_files: list[File] = []
        self.files: Files | None = None
        self.nav = None
        self.env = None
        self.order: list[str | int] = []
        """Every generated page in the generator's order: the path of one handed to
        MkDocs, or the position of one in ``deferred``."""
        self.ui_js: dict[str, str] = {}
        """Site path of each language's interface strings (catalog/site/ui_script.py)."""
        self.fast = True
        """This build renders generated pages the fast way (``fast_pages`` and the
        shim's checks passed)."""
        self.outside: str | None = None
        """What generated pages are made from besides the catalogue (:meth:`_outside_key`)."""
        self.removing: list = []
        """``catalog serve``: threads deleting replaced sites (:func:`_swap`)."""
        self.record: Path | None = None
        """Where the pages of the last site built are recorded (:meth:`_digests_record`)."""
        self.previous = None
        """The site this build replaces, with its record (:func:`shells.load_digests`)."""
        self.serve_index = None
        """``catalog serve``: the search index remade in the background after each
        rebuild (:class:`catalog.build.search.ServeIndex`, issue 20)."""
        self.quick = None
        """``catalog serve``: what the next quick pass starts from
        (:class:`catalog.mkdocs.quick.QuickState`); None: the next rebuild is whole."""
        self.catching: threading.Thread | None = None
        """``catalog serve``: a quick pass's background work (feeds, record, search)."""
        self.in_nav_jobs: dict = {}
        """Generated jobs whose pages MkDocs renders (in the navigation): job -> path."""
        self.renderer = None
        self.foreign: list[str] = []
        self.jobs: list = []
        """Every generated page's job, as listed before any page was rendered."""
        self.deferred_dests: list = []
        self._snapshot = None
        self._curation = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_shutdown(self) -> None:
        self.catch_up_wait()
        if self.serve_index is not None:
            self.serve_index.close()
            self.serve_index = None
        for thread in self.removing:
            thread.join(60)
        self.removing = []
        if self.command == "serve" and self.record is not None:
            # the served folder goes with the serve: so do its record and search sources
            self.record.unlink(missing_ok=True)
            shutil.rmtree(_store_of(self.record).parent, ignore_errors=True)

    def _serve_index(self):
        if self.serve_index is None:
            from ..build.search import ServeIndex

            self.serve_index = ServeIndex()
        return self.serve_index

    def _root(self, config) -> Path:
        return Path(config.config_file_path or "mkdocs.yml").resolve().parent

    def on_config(self, config):
        # Reproducible output: MkDocs stamps dates (sitemap, gzip) from this.
        os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
        _clean_leftovers(Path(config.site_dir))
        # ``catalog serve`` builds the same way (issue 20): into a folder beside the one
        # it serves, swapped in whole, so a page is kept from the site served so far
        # when its inputs are unchanged, and the browser never sees half a site.
        if self.config.atomic:
            final = Path(config.site_dir)
            final.parent.mkdir(parents=True, exist_ok=True)
            self.final_site_dir = str(final)
            self.build_dir = str(_new_dir(final.parent, f".{final.name}.building-"))
            shim.set_site_dir(config, self.build_dir)
        self.fast = self.config.fast_pages and self._shim_works()
        _publish_settings(config)  # an unknown host fails here, before anything is built
        return config

    def _shim_works(self) -> bool:
        """Whether the installed MkDocs still has what the fast way relies on; if not,
        one warning (not counted in strict mode: the build stays correct, only
        slower) and plain MkDocs renders every page."""
        found = shim.problems()
        note = shim.version_note()
        if found:
            why = "; ".join(found) + (f"; installed: {note}" if note else "")
            shim.warn_uncounted(
                log,
                f"catalog: MkDocs changed in what fast_pages relies on ({why}): every "
                "generated page is rendered by MkDocs itself (as with fast_pages: false), "
                "slower but the same site; catalog/mkdocs/shim.py needs an update",
            )
            return False
        if note:
            log.info("catalog: %s; the fast way's checks pass", note)
        return True

    def settings(self, config) -> SiteSettings:
        extra = config.extra or {}
        house = extra.get("trading_house") or {}
        return SiteSettings(
            site_url=config.site_url or "http://127.0.0.1:8000/",
            house=TradingHouse(
                name=house.get("name", TradingHouse.name),
                whatsapp=house.get("whatsapp"),
                email=house.get("email"),
            ),
            repo_url=config.repo_url,
            langs=tuple(self.config.languages),
            media_url=self.config.media_url,
        )

    def on_pre_build(self, *, config) -> None:
        from ..build.pipeline import prepare

        self.catch_up_wait()
        self.quick = None
        if self.serve_index is not None:  # its pages are about to be replaced
            self.serve_index.cancel()
        root = self._root(config)
        if self.command == "serve" and self.config.quick_serve:
            from . import quick

            # before reading: a file saved while this build runs is seen by the next pass
            self._snapshot = quick.snapshot(root / self.config.products_dir)
            self._curation = quick.curation_stamp(root / self.config.products_dir)
        try:
            self.prepared = prepare(
                root / self.config.products_dir,
                self.settings(config),
                cache_dir=root / self.config.cache_dir,
                workers=self.config.workers,
                remember=self.command == "serve",
            )
        except CatalogError as exc:
            self._cleanup()
            out = io.StringIO()
            render(
                exc.diagnostics,
                len({d.path for d in exc.diagnostics}),
                "text",
                self.config.lang,
                out,
            )
            raise Abort(
                "catalog: data errors, nothing was built / ada kesalahan data, "
                "situs tidak dibangun:\n" + out.getvalue()
            ) from None
        self.log_warnings(self.prepared.warnings)
        self._warn_placeholder_house(config)

    def log_warnings(self, warnings) -> None:
        """Warnings of the catalogue, one line each, as the log shows them."""
        if warnings:
            out = io.StringIO()
            render(warnings, 0, "text", self.config.lang, out)
            for line in out.getvalue().splitlines()[:-1]:
                if not line.startswith(" "):
                    log.info(line)

    def _warn_placeholder_house(self, config) -> None:
        """C501 when ``extra.trading_house`` still holds the sample's values: with its
        hint, Indonesian then English, through the log level catalog warnings use (strict
        mode counts none of them: the sample must build)."""
        config_file = Path(config.config_file_path or "mkdocs.yml")
        try:
            text = config_file.read_text(encoding="utf-8")
        except OSError:
            text = None
        found = placeholder_warning(
            display_path(config_file), (config.extra or {}).get("trading_house"), text
        )
        if found is None:
            return
        for lang in ("id", "en"):
            out = io.StringIO()
            render([found], 1, "text", lang, out)
            for line in out.getvalue().splitlines()[:-1]:
                log.info(line)

    def on_files(self, files: Files, *, config) -> Files:
        # Generated bodies are finished HTML: MkDocs gets a one-line Markdown stand-in and
        # on_page_content swaps the HTML in, so Python-Markdown never re-parses it
        # (measured on 1,000 products: 40% of the build went into that parse).
        # With fast_pages, MkDocs only gets the generated pages the nav names; the
        # others are written in on_post_build (catalog/mkdocs/shells.py).
        gen = self.prepared.generator
        self.bodies, self.deferred, self.digests, self.order = {}, [], {}, []
        self.in_nav_jobs = {}
        in_nav = _in_nav(config) if self.fast else None
        self.jobs = gen.jobs()
        for job in self.jobs:
            if in_nav is not None and not in_nav(gen.path(job)):
                self.order.append(len(self.deferred))
                self.deferred.append(job)
                continue
            page = gen.page(job)
            self.order.append(page.path)
            self.in_nav_jobs[job] = page.path
            self.bodies[page.path] = page.body
            files.append(File.generated(config, page.path, content=page.markdown(BODY)))
        for asset in self.prepared.content.assets:
            files.append(File.generated(config, asset.path, content=asset.content))
        self.ui_js = {}
        for lang in LANGS:  # theme/main.html loads its page's language's strings
            asset = ui_script(lang)
            files.append(File.generated(config, asset.path, content=asset.content))
            self.ui_js[lang] = asset.path
        self.files = files
        return files

    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if "alternates" not in page.meta:
            self._hand_written_languages(page, files)
        if "catalog:" not in markdown:
            return markdown
        lang = (page.meta or {}).get("lang", "id")
        blocks = self.prepared.generator.blocks(lang, page.url, BLOCK_MARKER.findall(markdown))

        def fill(match: re.Match) -> str:
            name = match.group(1)
            if name not in blocks:
                raise Abort(f"{page.file.src_uri}: unknown block <!-- catalog:{name} -->")
            return "\n\n" + blocks[name] + "\n\n"

        return BLOCK_MARKER.sub(fill, markdown)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        body = self.bodies.get(page.file.src_uri)
        return html if body is None else body

    def _hand_written_languages(self, page, files: Files) -> None:
        """docs/X.md is Indonesian, docs/en/X.md its English twin: link them."""
        src = page.file.src_uri
        lang = "en" if src.startswith("en/") else "id"
        twins = {
            lang: src,
            ("id" if lang == "en" else "en"): src[3:] if lang == "en" else "en/" + src,
        }
        paths = {lg: p for lg, p in twins.items() if files.get_file_from_path(p) is not None}
        page.meta.setdefault("lang", lang)
        page.meta.setdefault("og_locale", i18n.OG_LOCALES[lang])
        page.meta["alternates"] = self.prepared.generator.alternates(
            {lg: paths[lg] for lg in ("id", "en") if lg in paths}, src
        )

    def on_page_context(self, context, *, page, config, nav):
        # MkDocs renders themes without autoescaping, and Material prints
        # page.meta.title (<title>, header) and page.meta.description (an
        # attribute) as they are: hand them over HTML-escaped. Markup keeps the
        # theme's own `| e` from escaping twice; `| striptags` still gives text.
        meta = page.meta if page.meta is not None else {}
        for key in ("title", "description"):
            value = meta.get(key)
            if isinstance(value, str) and not isinstance(value, Markup):
                meta[key] = escape(value)
        return context

    @event_priority(-100)  # after every other plugin wrote its files
    def on_post_build(self, *, config) -> None:
        from ..images import publish
        from ..build.search import OUTPUT_SUBDIR, SearchIndexError, index_key, start_index

        site_dir = Path(config.site_dir)
        search = self.config.search and self._index_now()
        search_dir = None
        written, folders, sources = [], [], []
        run = None
        background = False  # serve: the last index now, the new one when it is done
        pending = None  # serve: what the background index is made from
        kept = None  # the replaced site's search index, when it is made from the same pages
        key = None
        try:
            if self.deferred:
                if search:
                    search_dir = _scratch_dir(
                        Path(self.final_site_dir or site_dir), len(self.deferred)
                    )
                previous = self._previous_site(config)
                written, sources, keys = self._write_deferred(config, search_dir, previous)
                if search_dir is not None:
                    key = index_key(keys)
                    if previous is not None and previous.search == key:
                        kept = _kept_index(previous)
            try:
                if search and kept is None:
                    background = (
                        self.command == "serve"
                        and bool(sources)
                        and self._serve_index().restore(site_dir)
                    )
                    if not background:
                        if sources:
                            folders = self._lay_out(search_dir, sources)
                        run = start_index(
                            site_dir,
                            source_dir=None if folders else search_dir,
                            source_dirs=folders or None,
                            discard_sources=True,
                        )
                if written:  # while Pagefind works, as the photos are
                    self._write_sitemap(config, written)
                publish(self.prepared.content.images, site_dir)
                if background:  # started once the site is swapped in, below
                    scratch = search_dir

                    def lay_out(scratch=scratch, sources=sources) -> list[Path]:
                        return self._lay_out(scratch, sources)

                    pending = (lay_out, search_dir)
                    search_dir = None
                if run is not None:
                    self.index_seconds = run.result().seconds
                    run = None
                    if self.command == "serve":
                        self._serve_index().keep(site_dir / OUTPUT_SUBDIR)
            except SearchIndexError as exc:
                raise Abort(f"catalog: {exc}") from None
        finally:
            if run is not None:
                run.cancel()
            if search_dir is not None:
                shutil.rmtree(search_dir, ignore_errors=True)
        if self.build_dir and self.final_site_dir:
            _swap(
                Path(self.build_dir),
                Path(self.final_site_dir),
                carry=(OUTPUT_SUBDIR,) if kept is not None else (),
                later=self.removing if self.command == "serve" else None,
            )
            shim.set_site_dir(config, self.final_site_dir)
            self.build_dir = None
            if self.digests:
                from .shells import prune_store, save_digests, tree_stamp

                final = Path(self.final_site_dir)
                record = self.record = self._digests_record(config)
                try:
                    save_digests(
                        record,
                        str(final.resolve()),
                        self.digests,
                        search=key,
                        search_stamp=tree_stamp(final / OUTPUT_SUBDIR) if key is not None else None,
                    )
                    prune_store(
                        str(_store_of(record)),
                        {page[4] for page in self.digests.values() if page[4]},
                    )
                except OSError as exc:  # only the next build's shortcuts are lost
                    log.info("catalog: page digests not recorded (%s)", exc)
        if pending is not None:  # the thread removes the sources when read
            self._serve_index().start(Path(config.site_dir), *pending)
        if self.command == "serve":
            self._keep_for_quick(config)
        if self.command == "build":
            self._keep_full_manifest(Path(config.site_dir))
            self._size_report(config)

    def _keep_for_quick(self, config) -> None:
        """What the next quick pass of ``catalog serve`` starts from (:mod:`.quick`):
        kept only when pages were rendered the fast way with known keys."""
        from . import quick

        if (
            not self.config.quick_serve
            or self._snapshot is None
            or self.renderer is None
            or self.outside is None
            or not self.deferred
            or not self.record
        ):
            return
        keys = {job: self.digests[dest][3] for job, dest in self.deferred_dests}
        if not all(keys.values()):
            return
        self.quick = quick.QuickState(
            config=config,
            renderer=self.renderer,
            foreign=self.foreign,
            snapshot=self._snapshot,
            curation=self._curation,
            keys=keys,
            deferred=set(self.deferred),
            in_nav=dict(self.in_nav_jobs),
            jobs=self.jobs,
        )

    def quick_scratch(self, site: Path) -> Path:
        """A folder beside the served one for a quick pass's pages (removed after;
        a killed serve's is removed by the next build: :func:`_clean_leftovers`)."""
        return _new_dir(site.parent, f".{site.name}.building-")

    def page_store(self, config) -> Path:
        """The search-source store of the site at ``final_site_dir``."""
        return _store_of(self._digests_record(config))

    def index_in_background(self, site: Path, store: Path) -> None:
        """Index the served site's pages anew, in the background (:class:`ServeIndex`):
        the generated pages' sources from ``store``, MkDocs' own pages from ``site``."""
        from .shells import stored_source

        if not self.config.search or not self._index_now():
            return
        scratch = _scratch_dir(site, len(self.digests))
        sources = [
            (dest, stored_source(str(store), page[4]))
            for dest, page in self.digests.items()
            if page[4]
        ]
        for dest, copy, _ in _searchable_pages(self.files, scratch / ".parts", site):
            sources.append((dest, copy))

        def lay_out() -> list[Path]:
            return self._lay_out(scratch, sources)

        self._serve_index().start(site, lay_out, scratch)

    def catch_up(self, config) -> None:
        from . import quick

        self.catching = quick.start_catch_up(self, config)

    def catch_up_wait(self) -> None:
        """Until the last quick pass's background work is done."""
        if self.catching is not None:
            self.catching.join()
            self.catching = None

    def _size_report(self, config) -> None:
        """Bytes and files by kind, and a warning near or past the host's limits (issue 19:
        :func:`catalog.build.pipeline.measure_site`); not counted in strict mode."""
        from ..build.pipeline import measure_site
        from ..build.size import summary_line, warnings

        try:
            data = measure_site(Path(config.site_dir), _publish_settings(config))
        except OSError as exc:
            log.info("catalog: size report not written (%s)", exc)
            return
        for line in summary_line(data, self.config.lang).splitlines():
            log.info("catalog: %s", line)
        for message in warnings(data, self.config.lang):
            shim.warn_uncounted(log, f"catalog: {message}")

    def _keep_full_manifest(self, site_dir: Path) -> None:
        """Write the full manifest beside the site just built (the site holds only the
        public one: :mod:`catalog.site.manifest`), for ``catalog report`` to compare with."""
        from ..site.manifest import ManifestAsset, write_full_manifest

        for asset in self.prepared.content.assets:
            if isinstance(asset, ManifestAsset) and asset.full:
                try:
                    path = write_full_manifest(site_dir, asset.full)
                except OSError as exc:
                    log.warning(
                        "catalog: full manifest not written beside the site (%s); "
                        "the next `catalog report` compares with the public one",
                        exc,
                    )
                else:
                    log.info(
                        "catalog: full manifest (drafts and discontinued products too, "
                        "never published) at %s",
                        path,
                    )
                return

    def _write_deferred(self, config, search_dir: Path | None, previous):
        """Write the generated pages MkDocs did not render. With ``search_dir``, the
        search source of every page is written below it too. Returns the pages
        written, the sources ``(site-relative path, file)`` and their
        ``(site-relative path, content digest)``."""
        import time

        from .shells import PageKeys, PageRenderer, foreign_page_plugins, write_pages
        from ..core.workers import can_fork, cores

        foreign = self.foreign = foreign_page_plugins(config, self)
        if foreign:
            log.info(
                "catalog: plugins %s handle pages, so every generated page is rendered "
                "by MkDocs one by one",
                ", ".join(foreign),
            )
        renderer = PageRenderer(
            config=config,
            files=self.files,
            nav=self.nav,
            env=self.env,
            bodies=self.bodies,
            shells=not foreign,
        )
        self.renderer = renderer
        # Forked workers only where forking is safe: no other thread (mkdocs serve has some).
        workers = (self.config.workers or cores()) if can_fork() else 1
        started = time.perf_counter()
        gen = self.prepared.generator
        parts = None if search_dir is None else search_dir / ".parts"
        keys = None
        self.previous = previous
        self.outside = outside = self._outside_key(config, foreign)
        if outside is not None:
            store = _store_of(self._digests_record(config))
            store.mkdir(parents=True, exist_ok=True)

            prefix = outside.encode()

            def key_of(job) -> str:
                return hashlib.blake2b(
                    prefix + gen.page_key(job).encode(), digest_size=16
                ).hexdigest()

            keys = PageKeys(
                key_of, gen.path, str(store), check=os.environ.get("CATALOG_CHECK_PAGES") == "1"
            )
        written, stats = write_pages(
            renderer,
            self.deferred,
            gen.page,
            site_dir=config.site_dir,
            search_dir=None if parts is None else str(parts),
            use_directory_urls=config.use_directory_urls,
            previous=previous,
            workers=workers,
            keys=keys,
        )
        self.digests = {w.dest: w.record() for w in written}
        self.deferred_dests = [(job, w.dest) for job, w in zip(self.deferred, written)]
        log.info(
            "catalog: %d generated pages in %.1f s (%d unchanged, linked from the previous "
            "site: %d of them not rendered, their inputs unchanged; %d rendered: %d from %d "
            "shells, %d one by one, %d of them for a page's own check) with %d worker%s",
            len(written),
            time.perf_counter() - started,
            stats.get("kept", 0) + stats.get("linked", 0),
            stats.get("kept", 0),
            len(written) - stats.get("kept", 0),
            stats.get("shell", 0),
            stats.get("shells", 0),
            stats.get("full", 0),
            stats.get("checked", 0),
            stats["workers"],
            "" if stats["workers"] == 1 else "s",
        )
        sources: list[tuple[str, str]] = []
        keys: list[tuple[str, str]] = []
        if parts is not None:
            sources = [(w.dest, w.search) for w in written if w.search]
            keys = [(w.dest, w.search_digest) for w in written if w.search]
            for dest, copy, content in _searchable_pages(self.files, parts):
                sources.append((dest, copy))
                keys.append((dest, content))
        return written, sources, keys

    def _lay_out(self, search_dir: Path, sources: list[tuple[str, str]]) -> list[Path]:
        """Move the search sources into a folder per language below ``search_dir``, in
        path order (:func:`catalog.mkdocs.shells.arrange`): Pagefind indexes one at a time."""
        from .shells import arrange

        by_lang: dict[str, list[tuple[str, str]]] = {}
        others = set(self.config.languages[1:])  # the default language is at the root
        for dest, copy in sources:
            first = dest.split("/", 1)[0]
            by_lang.setdefault(first if first in others else "", []).append((dest, copy))
        folders = []
        for lang, pairs in sorted(by_lang.items()):
            folders.append(search_dir / f"pages-{lang or self.config.languages[0]}")
            arrange(str(folders[-1]), pairs)
        shutil.rmtree(search_dir / ".parts", ignore_errors=True)
        return folders

    def _outside_key(self, config, foreign: list[str]) -> str | None:
        """Everything generated pages are made from besides the catalogue (issue 20):
        mkdocs.yml, the hand-written pages and the theme overrides (every file's path,
        size and times), the code with its templates and vocabularies, the installed
        packages, today's date, the environment a build reads, the site URL (``catalog
        serve`` sets its own) and how pages are rendered. None: not known (every page
        is rendered)."""
        try:
            return incremental.input_digest(
                config_file=Path(config.config_file_path),
                folders=page_folders(config),
                options={
                    "site_url": config.site_url,
                    "use_directory_urls": config.use_directory_urls,
                    "fast": self.fast,
                    "foreign": foreign,
                },
                today=self.prepared.catalog.today,
            )
        except (OSError, TypeError):
            return None

    def _write_sitemap(self, config, written) -> None:
        """The sitemap lists every page: MkDocs' own (it wrote sitemap.xml from those
        already) and the ones written here, in the order a one-by-one build gives:
        MkDocs' files, then the generated pages in the generator's order."""
        mine = {item for item in self.order if isinstance(item, str)}
        listed: list = [file for file in self.files if file.src_uri not in mine]
        # The same pages with the same alternates and robots, the same settings: the
        # same sitemap (at 10,000 products 3 s to render), linked from the replaced site.
        h = hashlib.blake2b(digest_size=16)
        h.update((self.outside or "").encode())
        for file in listed:
            h.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\n".encode())
        for item in self.order:
            if isinstance(item, int):
                page = written[item]
                listed.append((page.path, page.meta))
                h.update(f"{page.path}\0{page.meta!r}\n".encode())
            else:
                listed.append(self.files.get_file_from_path(item))
                h.update(f"{item}\n".encode())
        key = h.hexdigest() if self.outside else ""
        previous = self.previous
        names = ("sitemap.xml", "sitemap.xml.gz")
        if key and previous is not None and previous.keys:
            from .shells import link_placed

            found = [
                (name, previous.keys.get(name), (previous.stats or {}).get(name)) for name in names
            ]
            if all(f[1] is not None and f[1][0] == key for f in found):
                site_dir = Path(config.site_dir)
                linked = []
                for name, _, stat in found:
                    target = site_dir / name
                    target.unlink(missing_ok=True)  # MkDocs wrote its own list
                    if not link_placed(os.path.join(previous.root, name), str(target), stat):
                        break
                    linked.append(name)
                if len(linked) == len(names):
                    self._note_written(site_dir, names, key)
                    return
        shim.render_theme_template("sitemap.xml", self.env, config, self.nav, listed)
        if key:
            self._note_written(Path(config.site_dir), names, key)

    def _note_written(self, site_dir: Path, names, key: str) -> None:
        """Record files written beside the pages (the sitemap) with ``key``, what they
        were made from, for the next build to link them (:meth:`_write_sitemap`)."""
        for name in names:
            try:
                st = (site_dir / name).stat()
            except OSError:
                continue
            self.digests[name] = (key, st.st_size, st.st_mtime_ns, key, "", {})

    def _digests_record(self, config) -> Path:
        """Where the digests of the pages of the site at ``final_site_dir`` are kept:
        beside the image cache (``.cache/pages/``), one file per site folder."""
        final = self.final_site_dir or config.site_dir
        name = hashlib.sha256(str(Path(final).resolve()).encode()).hexdigest()[:16]
        return (self._root(config) / self.config.cache_dir).parent / "pages" / f"{name}.json"

    def _previous_site(self, config):
        """The site an atomic build replaces, with its pages' digests (if recorded)."""
        from .shells import load_digests

        if self.build_dir and self.final_site_dir and os.path.isdir(self.final_site_dir):
            return load_digests(
                self._digests_record(config), str(Path(self.final_site_dir).resolve())
            )
        return None

    def _index_now(self) -> bool:
        """Always for builds; while serving as configured, or while indexing stays quick."""
        if self.command != "serve":
            return True
        if self.config.search_on_serve is not None:
            return self.config.search_on_serve
        return True  # after the first, in the background (on_post_build)

    def on_env(self, env, *, config, files):
        # The theme renders the interface strings its scripts need (theme/main.html).
        env.globals["catalog_ui"] = i18n.table()
        env.globals["catalog_ui_js"] = dict(self.ui_js)  # catalog/site/ui_script.py
        # What a 20-ft and a 40-ft container take (m³ loadable, kg payload): the quote
        # list's totals (catalog/core/containers.py, catalog/data/containers.yaml).
        env.globals["catalog_containers"] = containers.page_figures()
        self.env = env
        return env

    def on_build_error(self, *, error: Exception) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        if self.build_dir:
            shutil.rmtree(self.build_dir, ignore_errors=True)
            self.build_dir = None

    def on_serve(self, server, *, config, builder):
        server.watch(str(self._root(config) / self.config.products_dir))
        server.watch(str(self._root(config) / "theme"))
        whole = getattr(server, "builder", None)
        if self.config.quick_serve and callable(whole):
            from . import quick

            def quickly_or_whole() -> None:
                # a saved entry file: its pages in place (:mod:`.quick`); else the whole
                # rebuild MkDocs would run
                if not quick.run(self):
                    whole()

            server.builder = quickly_or_whole
        return server


SHM = Path("/dev/shm")
SHM_PREFIX = "catalog-search-"
LEFTOVER = re.compile(r"-(?P<pid>\d+)-[a-z0-9_]{8}$")
"""The end of a scratch or build folder's name: the building process's id, then random
characters (:func:`_new_dir`, :func:`_scratch_dir`)."""
LEGACY_AGE = 24 * 3600
"""Seconds after which a scratch folder named without a process id (made before ids were
put in the names) counts as left over."""


def _publish_settings(config) -> dict | None:
    """mkdocs.yml ``extra.publish`` once its host and limits are known to be usable (the
    size report of :meth:`CatalogPlugin._size_report`); a config error otherwise."""
    from mkdocs.exceptions import PluginError

    from ..build.size import BadLimits, UnknownHost, configured_host

    publish = (config.extra or {}).get("publish")
    if publish is not None and not isinstance(publish, dict):
        raise PluginError("catalog: extra.publish harus pemetaan / must be a mapping")
    try:
        configured_host(publish)
    except UnknownHost as exc:
        raise PluginError(
            f"catalog: extra.publish.host `{exc.host}` tidak dikenal / is not known "
            f"({', '.join(exc.known)}: catalog/data/hosts.yaml)"
        ) from None
    except BadLimits:
        raise PluginError(
            "catalog: extra.publish.limits harus angka bulat positif untuk site_bytes, "
            "files, file_bytes / must map site_bytes, files, file_bytes to whole numbers"
        ) from None
    return publish


def _kept_index(previous):
    """The replaced site's search index, if it is still the one its build left: no file
    of it added, removed or changed since (:func:`catalog.mkdocs.shells.tree_stamp`), or a
    hand-edited index would be carried forward as it is."""
    from ..build.search import OUTPUT_SUBDIR, existing_index
    from .shells import tree_stamp

    bundle = Path(previous.root) / OUTPUT_SUBDIR
    if previous.search_stamp is None or tree_stamp(bundle) != previous.search_stamp:
        log.info(
            "catalog: the replaced site's search index changed since its build: it is made anew"
        )
        return None
    return existing_index(bundle)


def _new_dir(parent: Path, prefix: str) -> Path:
    """A new folder ``parent/<prefix><pid>-<random>`` with the permissions of any folder
    made here (0777 less the umask: 0755 usually). Not ``mkdtemp``: its 0700 would be the
    built site's own mode once it is swapped in, and a web server reading the site as
    another user (``rsync -a site/ …``) would answer 403 on every page."""
    for _ in range(100):
        path = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            os.mkdir(path, 0o777)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for {parent / prefix}…")


def _scratch_dir(site_dir: Path, pages: int) -> Path:
    """A temporary folder for the search sources, a folder per language: in memory
    (/dev/shm) when it has room, beside the site otherwise. Each language's sources
    are deleted as soon as Pagefind has read them, the rest when the index is done.
    (At 10k products the sources take 340 MB; on disk, writing, moving and deleting
    22,000 small files cost 12 s more.)
    Its name carries this process's id, so a later build can tell it from the scratch
    of a build still running (:func:`_clean_leftovers`)."""
    prefix = f"{os.getpid()}-"
    try:
        if (
            SHM.is_dir()
            and os.access(SHM, os.W_OK)
            and shutil.disk_usage(SHM).free > 2 * pages * 40_000 + (256 << 20)
        ):
            return Path(tempfile.mkdtemp(prefix=SHM_PREFIX + prefix, dir=SHM))
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.search-{prefix}", dir=site_dir.parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def _left_over(path: Path, now: float) -> bool:
    """Whether ``path`` (a build or scratch folder) belongs to no running build: its
    process is gone (or, named before ids were, it is a day old)."""
    match = LEFTOVER.search(path.name)
    if match:
        pid = int(match["pid"])
        return pid != os.getpid() and not _alive(pid)
    try:
        return now - path.lstat().st_mtime > LEGACY_AGE
    except OSError:
        return False


def _store_of(record: Path) -> Path:
    """The search-source store of the site whose pages ``record`` lists: beside it."""
    return record.with_suffix("") / STORE_NAME


def page_folders(config) -> list[Path]:
    """The folders besides ``products/`` that pages are made from: the hand-written
    pages (``docs_dir``) and the theme overrides (``custom_dir``), if any."""
    folders = [Path(config.docs_dir)]
    custom = getattr(config.theme, "custom_dir", None)
    if custom:
        folders.append(Path(custom))
    return folders


def _clean_leftovers(final: Path | None) -> None:
    """Remove what a killed build left behind: its build and search folders beside the
    site ``final`` (``.site.building-*``, ``.site.search-*``) and its search scratch in
    /dev/shm (this user's only). A build killed half-way through the swap leaves the
    previous site as ``.site.old-<pid>`` and no ``site/``: that is put back instead.
    Folders of builds still running (their process is alive) are left alone."""
    now = time.time()
    found: list[Path] = []
    if final is not None and final.parent.is_dir():
        name = final.name
        try:
            entries = list(final.parent.iterdir())
        except OSError:
            entries = []
        for path in entries:
            if (
                path.name.startswith((f".{name}.building-", f".{name}.search-"))
                and path.is_dir()
                and not path.is_symlink()
                and _left_over(path, now)
            ):
                found.append(path)
            elif (
                re.fullmatch(rf"\.{re.escape(name)}\.old-(\d+)", path.name)
                and path.is_dir()
                and not path.is_symlink()
                and not _alive(int(path.name.rsplit("-", 1)[1]))
            ):
                if not final.exists():
                    try:
                        os.rename(path, final)
                        log.warning(
                            "catalog: %s put back: a build was stopped while replacing it", final
                        )
                        continue
                    except OSError:
                        pass
                found.append(path)
    try:
        uid = os.getuid()
        for entry in os.scandir(SHM):
            if (
                entry.name.startswith(SHM_PREFIX)
                and entry.is_dir(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_uid == uid
                and _left_over(Path(entry.path), now)
            ):
                found.append(Path(entry.path))
    except OSError:
        pass
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    if found:
        log.info(
            "catalog: removed what interrupted builds left: %s", ", ".join(str(p) for p in found)
        )


def _swap(new: Path, final: Path, carry: tuple[str, ...] = (), later: list | None = None) -> None:
    """Replace ``final`` with ``new`` using renames (the old site survives until then).

    ``carry``: folders of the old site that ``new`` takes over as they are (moved,
    or hard-linked where they cannot be), e.g. a search index made from the same pages.
    ``later``: delete the old site in a thread (appended there) rather than before
    returning (``catalog serve``: the browser reloads meanwhile)."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.rename(final, old)
        try:
            for name in carry:
                try:
                    os.rename(old / name, new / name)
                except OSError:
                    shutil.copytree(old / name, new / name, copy_function=os.link)
        except OSError as exc:
            os.rename(old, final)  # the previous site stays as it was
            raise Abort(
                f"catalog: {name} tidak bisa dipindahkan / could not be moved: {exc}"
            ) from None
    os.rename(new, final)
    if later is None or not old.exists():
        _remove(old)
        return
    # named as a build folder of this process: removed by the next start if killed
    trash = final.with_name(f".{final.name}.building-{os.getpid()}-{secrets.token_hex(4)}")
    os.rename(old, trash)
    thread = threading.Thread(target=_remove, args=(trash,), name="catalog-remove", daemon=True)
    thread.start()
    later.append(thread)


def _remove(root: Path, threads: int = 4) -> None:
    """Delete a replaced site: its second-level folders by several threads at once
    (the time goes into waiting for the file system, not into Python: 10k products,
    73,000 files and folders with a cold cache, 7.1 s by one thread, 5.1 s by four)."""
    from concurrent.futures import ThreadPoolExecutor

    parts: list[str] = []
    try:
        for entry in os.scandir(root):
            if entry.is_dir(follow_symlinks=False):
                parts += [
                    sub.path for sub in os.scandir(entry.path) if sub.is_dir(follow_symlinks=False)
                ]
    except OSError:
        pass
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda path: shutil.rmtree(path, ignore_errors=True), parts))
    shutil.rmtree(root, ignore_errors=True)


def _in_nav(config) -> Callable[[str], bool]:
    """Whether MkDocs puts a generated page (by path) into the navigation: the ``nav``
    setting names it, or, without that setting (MkDocs lists every page then), the
    ``not_in_nav`` patterns do not match it. Pages in the navigation are rendered by
    MkDocs (their neighbours' menus list them)."""
    if config.nav is not None:
        return _nav_paths(config.nav).__contains__
    spec = config.not_in_nav
    return lambda path: not (spec and spec.match_file(path))


def _nav_paths(nav) -> set[str]:
    """Docs-relative paths of the pages the ``nav`` setting names."""
    found: set[str] = set()

    def walk(item) -> None:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav or [])
    return found


def _searchable_pages(
    files: Files, scratch: Path, site: Path | None = None
) -> list[tuple[str, str, str]]:
    """Pages MkDocs rendered that have a searchable part: copied below ``scratch`` to
    join the generated ones (site-relative path, copy, digest of the content).
    ``site``: read them there (default: where this build wrote them)."""
    from .shells import digest

    found = []
    for file in files.documentation_pages():
        path = file.abs_dest_path if site is None else site / file.dest_uri
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            continue
        if b"data-pagefind-body" in data:
            copy = scratch / "mkdocs" / file.dest_uri
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
            found.append((file.dest_uri, str(copy), digest(data)))
    return found

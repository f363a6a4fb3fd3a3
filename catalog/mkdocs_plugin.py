"""The thin MkDocs adapter: hands generated pages to MkDocs, nothing more.

* ``on_pre_build`` runs the engine-independent :func:`catalog.pipeline.prepare`
  (validation errors abort here, before MkDocs cleans or writes anything);
* ``on_files`` adds the pages and feeds as ``File.generated`` (nothing is
  written into the source tree);
* ``on_page_markdown`` fills ``<!-- catalog:NAME -->`` markers of hand-written
  pages with generated blocks;
* ``on_post_build`` publishes the processed photos, indexes the site with
  Pagefind (:func:`catalog.search.build_index`), then - for ``mkdocs build`` -
  swaps the freshly built directory into place, so a failed build leaves the
  previous site untouched;
* ``on_serve`` watches ``products/`` so editing a YAML file or photo rebuilds.
"""
from __future__ import annotations

import io
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import i18n
from .diagnostics import CatalogError
from .reporter import render
from .site.model import SiteSettings, TradingHouse

log = logging.getLogger("mkdocs.plugins.catalog")
MARKER = re.compile(r"<!--\s*catalog:([a-z_]+)\s*-->")
BODY = "<!-- catalog-generated-body -->"
"""Stand-in Markdown body of a generated page; its HTML comes in on_page_content."""


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
    """Index the built site with Pagefind (:mod:`catalog.search`) before it is swapped in."""
    search_on_serve = c.Optional(c.Type(bool))
    """Index on every ``serve`` rebuild too: true always, false never, unset while a run
    takes under 2 s (measured: 18 products 0.3 s; 1,000 products 7-9 s on 2 cores)."""


class CatalogPlugin(BasePlugin[CatalogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.prepared = None
        self.final_site_dir: str | None = None
        self.build_dir: str | None = None
        self.bodies: dict[str, str] = {}
        self.index_seconds: float | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def _root(self, config) -> Path:
        return Path(config.config_file_path or "mkdocs.yml").resolve().parent

    def on_config(self, config):
        # Reproducible output: MkDocs stamps dates (sitemap, gzip) from this.
        os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
        if self.command == "build" and self.config.atomic:
            final = Path(config.site_dir)
            final.parent.mkdir(parents=True, exist_ok=True)
            self.final_site_dir = str(final)
            self.build_dir = tempfile.mkdtemp(prefix=f".{final.name}.building-",
                                              dir=final.parent)
            config.site_dir = self.build_dir
        return config

    def settings(self, config) -> SiteSettings:
        extra = config.extra or {}
        house = extra.get("trading_house") or {}
        return SiteSettings(
            site_url=config.site_url or "http://127.0.0.1:8000/",
            house=TradingHouse(name=house.get("name", TradingHouse.name),
                               whatsapp=house.get("whatsapp"), email=house.get("email")),
            repo_url=config.repo_url, langs=tuple(self.config.languages))

    def on_pre_build(self, *, config) -> None:
        from .pipeline import prepare

        root = self._root(config)
        try:
            self.prepared = prepare(root / self.config.products_dir, self.settings(config),
                                    cache_dir=root / self.config.cache_dir,
                                    workers=self.config.workers)
        except CatalogError as exc:
            self._cleanup()
            out = io.StringIO()
            render(exc.diagnostics, len({d.path for d in exc.diagnostics}), "text",
                   self.config.lang, out)
            raise Abort("catalog: data errors, nothing was built / ada kesalahan data, "
                        "situs tidak dibangun:\n" + out.getvalue()) from None
        if self.prepared.warnings:
            out = io.StringIO()
            render(self.prepared.warnings, 0, "text", self.config.lang, out)
            for line in out.getvalue().splitlines()[:-1]:
                if not line.startswith(" "):
                    log.info(line)

    def on_files(self, files: Files, *, config) -> Files:
        # Generated bodies are finished HTML: MkDocs gets a one-line Markdown stand-in and
        # on_page_content swaps the HTML in, so Python-Markdown never re-parses it
        # (measured on 1,000 products: 40% of the build went into that parse).
        self.bodies = {}
        for page in self.prepared.content.pages:
            self.bodies[page.path] = page.body
            files.append(File.generated(config, page.path, content=page.markdown(BODY)))
        for asset in self.prepared.content.assets:
            files.append(File.generated(config, asset.path, content=asset.content))
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if "alternates" not in page.meta:
            self._hand_written_languages(page, files)
        if "catalog:" not in markdown:
            return markdown
        lang = (page.meta or {}).get("lang", "id")
        blocks = self.prepared.generator.blocks(lang, page.url)

        def fill(match: re.Match) -> str:
            name = match.group(1)
            if name not in blocks:
                raise Abort(f"{page.file.src_uri}: unknown block <!-- catalog:{name} -->")
            return "\n\n" + blocks[name] + "\n\n"
        return MARKER.sub(fill, markdown)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        body = self.bodies.get(page.file.src_uri)
        return html if body is None else body

    def _hand_written_languages(self, page, files: Files) -> None:
        """docs/X.md is Indonesian, docs/en/X.md its English twin: link them."""
        src = page.file.src_uri
        lang = "en" if src.startswith("en/") else "id"
        twins = {lang: src, ("id" if lang == "en" else "en"): src[3:] if lang == "en"
                 else "en/" + src}
        paths = {lg: p for lg, p in twins.items() if files.get_file_from_path(p) is not None}
        page.meta.setdefault("lang", lang)
        page.meta.setdefault("og_locale", i18n.OG_LOCALES[lang])
        page.meta["alternates"] = self.prepared.generator.alternates(
            {lg: paths[lg] for lg in ("id", "en") if lg in paths}, src)

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
        from .images import publish

        publish(self.prepared.content.images, Path(config.site_dir))
        if self.config.search and self._index_now():
            from .search import SearchIndexError, build_index
            try:
                self.index_seconds = build_index(Path(config.site_dir)).seconds
            except SearchIndexError as exc:
                raise Abort(f"catalog: {exc}") from None
        if self.build_dir and self.final_site_dir:
            _swap(Path(self.build_dir), Path(self.final_site_dir))
            config.site_dir = self.final_site_dir
            self.build_dir = None

    def _index_now(self) -> bool:
        """Always for builds; while serving as configured, or while indexing stays quick."""
        if self.command != "serve":
            return True
        if self.config.search_on_serve is not None:
            return self.config.search_on_serve
        if self.index_seconds is not None and self.index_seconds > 2:
            log.info("catalog: search index skipped while serving (last run %.1f s; set "
                     "search_on_serve: true to keep it)", self.index_seconds)
            return False
        return True

    def on_env(self, env, *, config, files):
        # The theme renders the interface strings its scripts need (theme/main.html).
        env.globals["catalog_ui"] = i18n.table()
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
        return server


def _swap(new: Path, final: Path) -> None:
    """Replace ``final`` with ``new`` using renames (the old site survives until then)."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.rename(final, old)
    os.rename(new, final)
    shutil.rmtree(old, ignore_errors=True)

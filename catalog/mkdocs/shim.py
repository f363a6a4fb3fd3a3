"""The one module that relies on private parts of MkDocs and Material.

MkDocs renders a page only inside its own ``build()``; the fast path of the catalog
plugin (:mod:`catalog.mkdocs.shells`) renders pages after that, and the atomic build
moves the output folder under MkDocs' feet. Both lean on names and behaviour MkDocs and
Material do not promise to keep. Every such use is one small function here, whose
docstring says what it relies on; :mod:`catalog.mkdocs.plugin` and
:mod:`catalog.mkdocs.shells` call these and nothing private
(``tests/test_mkdocs_shim.py`` greps the package for private names).

At the start of every build the plugin calls :func:`problems`: the signatures of the
private functions against :data:`SIGNATURES` (what this module was written for), the
shape of the attributes it overrides, and a tiny rendering through the very functions
the fast path uses (:func:`_canary`). Any problem: the build says so in one warning
and renders every generated page through plain MkDocs (``fast_pages: false``), so an
upgrade of MkDocs or Material can make a build slower, never wrong.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from importlib import metadata
from typing import Any

WRITTEN_FOR = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}
"""The releases this module was written and tested against (information: a newer
release passes as long as :func:`problems` finds nothing)."""

SIGNATURES = {
    "mkdocs.commands.build._populate_page": "(page, config, files, dirty=False)",
    "mkdocs.commands.build._build_page": (
        "(page, config, doc_files, nav, env, dirty=False, excluded=False)"
    ),
    "mkdocs.commands.build._build_theme_template": "(template_name, env, files, config, nav)",
    "mkdocs.structure.pages.Page": "(title, file, config)",
    "mkdocs.plugins.PluginCollection.on_startup": "(self, *, command, dirty)",
    "mkdocs.plugins.PluginCollection.on_shutdown": "(self)",
}
"""Private (or privately used) callables and the parameters this module passes them
(names, kinds and defaults; annotations are ignored)."""

OVERRIDDEN = {
    "mkdocs.structure.files.File.abs_dest_path": functools.cached_property,
    "mkdocs.structure.files.File.url": functools.cached_property,
    "mkdocs.structure.files.File.dest_uri": functools.cached_property,
    "mkdocs.utils.CountHandler": type,
}
"""Attributes set on instances (a ``cached_property`` takes a value set on the instance
over its own), and the class MkDocs counts strict-mode warnings with."""

_BUILD_LOG = "mkdocs.commands.build"
"""The logger MkDocs' page functions report a failing page on before re-raising."""


class ShimError(Exception):
    """A private part of MkDocs did not do what this module relies on."""


# -- checks ------------------------------------------------------------------------------
def _resolve(dotted: str) -> Any:
    """The object at ``dotted`` (module path, then attributes), None when missing."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = inspect.getattr_static(obj, name, None)
            if obj is None:
                return None
        return obj
    return None


def describe(func: Callable) -> str:
    """A signature as names, kinds and defaults: ``(page, config, *, dirty=False)``."""
    target = func.__init__ if isinstance(func, type) else func
    if isinstance(target, staticmethod | classmethod):
        target = target.__func__
    params = list(inspect.signature(target).parameters.values())
    if isinstance(func, type) and params and params[0].name == "self":
        params = params[1:]
    out, star = [], False
    for p in params:
        if p.kind is p.KEYWORD_ONLY and not star:
            out.append("*")
            star = True
        if p.kind is p.VAR_POSITIONAL:
            star = True
            out.append(f"*{p.name}")
        elif p.kind is p.VAR_KEYWORD:
            out.append(f"**{p.name}")
        elif p.default is p.empty:
            out.append(p.name)
        else:
            out.append(f"{p.name}={p.default!r}")
    return "(" + ", ".join(out) + ")"


def signature_problems() -> list[str]:
    """Each private callable that is gone or takes other parameters than
    :data:`SIGNATURES` says, and each overridden attribute of another kind than
    :data:`OVERRIDDEN` says; named, with what was expected."""
    found = []
    for dotted, expected in SIGNATURES.items():
        obj = _resolve(dotted)
        if obj is None:
            found.append(f"{dotted} is gone (the shim calls it as {dotted}{expected})")
            continue
        try:
            got = describe(obj)
        except (TypeError, ValueError) as exc:
            found.append(f"{dotted}: no signature to check ({exc})")
            continue
        if got != expected:
            found.append(f"{dotted}{got} changed: the shim calls it as {dotted}{expected}")
    for dotted, kind in OVERRIDDEN.items():
        obj = _resolve(dotted)
        if obj is None:
            found.append(f"{dotted} is gone")
        elif not isinstance(obj, kind):
            found.append(f"{dotted} is a {type(obj).__name__} now, not a {kind.__name__}")
    return found


def versions() -> dict[str, tuple[str | None, str]]:
    """Installed release and the one this module was written for, per distribution."""
    out = {}
    for name, written in WRITTEN_FOR.items():
        try:
            out[name] = (metadata.version(name), written)
        except metadata.PackageNotFoundError:
            out[name] = (None, written)
    return out


@functools.cache
def problems() -> tuple[str, ...]:
    """Everything that makes the fast path unsafe with the installed MkDocs: signature
    and attribute changes (:func:`signature_problems`), then, if there are none, a
    rendering of a two-page site through the fast path's functions (:func:`_canary`).
    Computed once per process (about 12 ms)."""
    found = signature_problems()
    if not found:
        try:
            found = _canary()
        except Exception as exc:  # whatever broke, the plain way still works
            found = [f"rendering a test page through the shim failed: {type(exc).__name__}: {exc}"]
    return tuple(found)


def version_note() -> str | None:
    """A line saying which installed releases differ from :data:`WRITTEN_FOR`, if any."""
    differ = [
        f"{name} {got or 'missing'} (written for {want})"
        for name, (got, want) in versions().items()
        if got != want
    ]
    return ", ".join(differ) or None


def _canary() -> list[str]:
    """Render a two-page site with a three-line theme through :func:`build_page` and
    :func:`render_theme_template`, and check what the fast path relies on: the page
    events ran, the page was written to the redirected file and nowhere in the site,
    the ``before_render`` hook saw the page's context, the sitemap template listed a
    hand-built page with its meta."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation

    found: list[str] = []
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)  # nothing of the test site reaches the build's log
    try:
        with tempfile.TemporaryDirectory(prefix="catalog-shim-") as tmp:
            docs, theme, site = (os.path.join(tmp, n) for n in ("docs", "theme", "site"))
            os.mkdir(docs)
            os.mkdir(theme)
            with open(os.path.join(theme, "main.html"), "w", encoding="utf-8") as fh:
                fh.write("<p>{{ page.meta.title }}|{{ page.url }}|{{ page.content }}</p>")
            with open(os.path.join(theme, "sitemap.xml"), "w", encoding="utf-8") as fh:
                fh.write(
                    "{% for f in pages %}{{ f.page.canonical_url }} "
                    "{{ (f.page.meta or {}).get('mark') }}\n{% endfor %}"
                )
            config = MkDocsConfig(config_file_path=os.path.join(tmp, "mkdocs.yml"))
            config.load_dict(
                {
                    "site_name": "shim",
                    "docs_dir": docs,
                    "site_dir": site,
                    "site_url": "https://shim.example/",
                    "plugins": [],
                    "theme": {"name": None, "custom_dir": theme},
                }
            )
            errors, _warnings = config.validate()
            if errors:
                return [f"test site configuration: {errors}"]
            file = File("a/b.md", None, site, True)
            file.content_string = "---\ntitle: T1\n---\n\nbody-1\n"
            files = Files([file])
            nav = get_navigation(files, config)
            env = config.theme.get_env()
            page = new_page(config, "c/d.md", "---\ntitle: T2\n---\n\nbody-2\n")
            seen: list[Any] = []
            populate_page(page, config, files)
            html = build_page(
                page,
                config,
                files.documentation_pages(),
                nav,
                env,
                before_render=lambda context: seen.append(context.get("page")),
            )
            if html.strip() != "<p>T2|c/d/|<p>body-2</p></p>":
                found.append(f"_build_page rendered {html.strip()[:80]!r} instead of the test page")
            if seen != [page]:
                found.append(
                    "_build_page did not render through env.get_template().render "
                    "with the page in the context"
                )
            if os.path.exists(site):
                found.append("_build_page wrote into the site instead of abs_dest_path")
            render_theme_template(
                "sitemap.xml", env, config, nav, [*files, ("e/f.md", {"mark": "m3"})]
            )
            with open(os.path.join(site, "sitemap.xml"), encoding="utf-8") as fh:
                sitemap = fh.read()
            if sitemap.split() != [
                "https://shim.example/a/b/",
                "None",
                "https://shim.example/e/f/",
                "m3",
            ]:
                found.append(f"_build_theme_template wrote {sitemap[:80]!r} for the test site")
    finally:
        logging.disable(previous)
    return found


# -- rendering pages after MkDocs' build loop ----------------------------------------------
def new_page(config, path: str, markdown: str):
    """A MkDocs page for ``path`` (docs-relative) with ``markdown`` as its source, as
    ``build()`` makes one for a page outside the navigation.

    Relies on: ``Page(None, file, config)`` attaching itself to the file as MkDocs'
    build loop does, and a ``File`` without a source folder reading its source from
    ``content_string`` (what ``File.generated`` makes)."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    file = File(path, None, config.site_dir, config.use_directory_urls)
    file.content_string = markdown
    return Page(None, file, config)


def populate_page(page, config, files) -> None:
    """Read and convert ``page`` with every page event up to ``on_page_content``.

    Relies on: ``mkdocs.commands.build._populate_page(page, config, files)``."""
    from mkdocs.commands.build import _populate_page

    _populate_page(page, config, files)


class _HookedTemplate:
    def __init__(self, template, hook: Callable[[Any], None]):
        self._template, self._hook = template, hook

    def render(self, *args, **kwargs):
        self._hook(args[0] if args else kwargs)
        return self._template.render(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._template, name)


class _HookedEnv:
    def __init__(self, env, hook: Callable[[Any], None]):
        self._env, self._hook = env, hook

    def get_template(self, *args, **kwargs):
        return _HookedTemplate(self._env.get_template(*args, **kwargs), self._hook)

    def __getattr__(self, name: str):
        return getattr(self._env, name)


def build_page(
    page, config, doc_files, nav, env, *, before_render: Callable[[Any], None] | None = None
) -> str:
    """``page`` (populated) through the theme, with the ``on_page_context`` and
    ``on_post_page`` events: the HTML MkDocs would write for it, written to a scratch
    file instead of the site and returned (the file's own destination is put back:
    ``catalog serve``'s quick pass renders the navigation's own pages this way).

    ``before_render(context)`` runs after the last event and just before the template
    renders (:mod:`catalog.mkdocs.shells` swaps in values that record what the theme
    does with them).

    Relies on: ``mkdocs.commands.build._build_page(page, config, doc_files, nav, env)``
    writing to ``page.file.abs_dest_path`` (a ``cached_property``, so a value set on
    the file wins) and rendering ``env.get_template(name).render(context)``."""
    from mkdocs.commands.build import _build_page

    fd, tmp = tempfile.mkstemp(suffix=".html", prefix=".catalog-page-")
    os.close(fd)
    placed = page.file.__dict__.get("abs_dest_path")  # the page's own, put back after
    page.file.abs_dest_path = tmp
    try:
        _build_page(
            page,
            config,
            doc_files,
            nav,
            env if before_render is None else _HookedEnv(env, before_render),
        )
        with open(tmp, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(tmp)
        if placed is None:
            page.file.__dict__.pop("abs_dest_path", None)
        else:
            page.file.abs_dest_path = placed


@contextlib.contextmanager
def quiet_page_errors() -> Iterator[None]:
    """Keep MkDocs from logging a failing page (for pages that are ours to try, the
    stand-ins a shell is made from: an error there only means no shell, and a logged
    error would fail a strict build).

    Relies on: MkDocs logging a failing page on the ``mkdocs.commands.build`` logger
    before it re-raises the exception."""
    logger = logging.getLogger(_BUILD_LOG)

    def drop(record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING

    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


URL_ATTRIBUTES = (
    ("page", "canonical_url"),
    ("page", "abs_url"),
    ("page", "edit_url"),
    ("file", "url"),
    ("file", "dest_uri"),
    ("file", "src_uri"),
)
"""Values of a MkDocs page object that follow from its path (what a theme can read
of the URL): ``page.url`` is ``file.url``."""


def url_values(page) -> dict[str, str]:
    """The path-derived values of a MkDocs page object (:data:`URL_ATTRIBUTES`) that
    are strings, by ``"page.canonical_url"``-style name.

    Relies on: those attributes existing on MkDocs' ``Page`` and ``File``."""
    out = {}
    for owner, name in URL_ATTRIBUTES:
        value = getattr(page if owner == "page" else page.file, name, None)
        if isinstance(value, str):
            out[f"{owner}.{name}"] = value
    return out


URL_HELPERS = ("mkdocs.utils",)
"""Modules whose code turns ``page.url`` into relative links (``get_relative_url``,
``normalize_url`` behind the ``url`` filter)."""


def from_url_helper(frame) -> bool:
    """Whether ``frame`` runs in MkDocs' relative-URL helpers, whose operations on a
    page's URL need no check: their results depend on the URL's depth and on dots in
    its segments, which the kind of page and the segment rule fix, not on the letters.

    Relies on: MkDocs computing relative URLs from ``page.url`` in :data:`URL_HELPERS`
    only."""
    return frame is not None and frame.f_globals.get("__name__") in URL_HELPERS


def set_url_value(page, name: str, value: str) -> None:
    """Replace one of :func:`url_values` on the page object, for the rendering ahead.

    Relies on: the ``page`` ones being plain attributes and the ``file`` ones plain
    attributes or ``cached_property`` values (set on the instance, they win)."""
    owner, attr = name.split(".", 1)
    setattr(page if owner == "page" else page.file, attr, value)


def render_theme_template(name: str, env, config, nav, listed: list) -> None:
    """Write the theme template ``name`` (``sitemap.xml``) into the site as MkDocs does
    at the end of a build, over ``listed``, in order: MkDocs files, and ``(path,
    front matter)`` of pages MkDocs did not render (docs-relative path).

    Relies on: ``mkdocs.commands.build._build_theme_template(name, env, files, config,
    nav)`` and hand-made page objects whose ``markdown`` and ``meta`` are set directly."""
    from mkdocs.commands.build import _build_theme_template
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    files = []
    for item in listed:
        if isinstance(item, tuple):
            path, meta = item
            file = File(path, None, config.site_dir, config.use_directory_urls)
            page = Page(None, file, config)
            page.markdown = ""
            page.meta = meta
            item = file
        files.append(item)
    _build_theme_template(name, env, Files(files), config, nav)


# -- the build around the plugin -----------------------------------------------------------
def set_site_dir(config, path: str) -> None:
    """Point the build at another output folder: from ``on_config`` (a temporary folder
    for the atomic build) and back in ``on_post_build`` (the final one, swapped in).

    Relies on: MkDocs reading ``config.site_dir`` anew wherever it writes (files made
    after ``on_config`` take their ``dest_dir`` from it), and nothing after
    ``on_post_build`` writing there."""
    config.site_dir = path


def run_build(config, build: Callable[[Any], None]) -> None:
    """``build(config)`` (``mkdocs.commands.build.build``) between the plugins'
    ``on_startup`` and ``on_shutdown`` events, as the ``mkdocs build`` command runs it.

    Relies on: ``PluginCollection.on_startup(command=, dirty=)`` and ``on_shutdown()``,
    which ``build()`` itself does not fire."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def warn_uncounted(logger: logging.Logger, message: str) -> None:
    """Log ``message`` as a warning to whoever shows MkDocs' log, without counting it
    toward strict mode (``strict: true`` fails a build on any counted warning, and a
    fallback that fails the build is no fallback).

    Relies on: strict mode counting through a ``mkdocs.utils.CountHandler`` on the
    ``mkdocs`` logger."""
    from mkdocs.utils import CountHandler

    record = logger.makeRecord(logger.name, logging.WARNING, __file__, 0, message, (), None)
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if not isinstance(handler, CountHandler) and record.levelno >= handler.level:
                handler.handle(record)
        current = current.parent if current.propagate else None


# -- Material ------------------------------------------------------------------------------
def material_template(name: str) -> str:
    """The installed Material's template ``name`` (``base.html``,
    ``partials/header.html``), for the tests that keep our copies in step.

    Relies on: Material shipping its templates in ``material/templates/``."""
    from importlib import resources

    return (resources.files("material") / "templates" / name).read_text(encoding="utf-8")


_CONFIG_BLOCK = re.compile(r"\{%\s*block config\s*%\}(.*?)\{%\s*endblock\s*%\}", re.S)
_CONFIG_SCRIPT = re.compile(r'<script id="__config"[^>]*>(.*?)</script>', re.S)
_KEY = re.compile(r'^\s*"([^"]+)"\s*:', re.M)


def material_config_keys(template: str | None = None) -> list[str]:
    """The keys of the JSON Material's scripts read from ``<script id="__config">``, as
    the ``config`` block of ``template`` (the installed Material's ``base.html`` when
    None) writes them, in order: top level and ``translations.*`` (theme/main.html
    writes this block itself).

    Relies on: Material writing that JSON as a ``{...} | tojson`` dict literal, one
    key a line, in ``{% block config %}`` of base.html."""
    text = material_template("base.html") if template is None else template
    block = _CONFIG_BLOCK.search(text)
    script = _CONFIG_SCRIPT.search(block.group(1) if block else "")
    if script is None:
        raise ShimError('no <script id="__config"> in a {% block config %}')
    keys, inner = [], False
    for line in script.group(1).splitlines():
        match = _KEY.match(line)
        if match:
            key = match.group(1)
            keys.append(f"translations.{key}" if inner and "." in key else key)
            if key == "translations":
                inner = True
        if inner and line.strip().startswith("}"):
            inner = False
    return keys

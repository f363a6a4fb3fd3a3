"""Generated pages through the MkDocs theme at the cost of a string join.

MkDocs renders every page through the whole theme template (Material: header,
tabs, navigation, footer, scripts): about 5 ms a page, 110 s for the 22,000
pages of a 10,000-product catalogue, on one core. Generated pages of one kind
differ only in a few values (title, description, canonical URL, hreflang
links, Open Graph image, JSON-LD) and their body, so each kind is rendered
through MkDocs *once*, as a "shell", with stand-ins for those values:

* text values become slot markers (private-use characters the theme passes
  through), URL segments become ASCII markers (URL filters leave them alone);
* a second rendering with a probe appended to every text value and to every URL
  segment shows, for each place the theme prints a value, what the theme did to it
  (printed as is, HTML-escaped, tags stripped...); a value treated in a way not
  listed in :data:`TRANSFORMS` makes the kind unusable as a shell;
* in both renderings the values are strings that record what the theme does with
  them besides printing (:mod:`catalog.mkdocs.tracing`): a test such as
  ``page.url == entry.url`` or ``"<h1" in page.content`` becomes a check run again
  on every page before its shell is filled (a page that fails one is rendered by
  MkDocs); a computation such as a length makes the kind unusable as a shell;
* the first page of each kind is also rendered the normal MkDocs way and must
  come out byte-identical to its filled shell, or the kind falls back to normal
  rendering (logged). ``tests/test_shells.py`` builds the sample site both ways
  and compares every file, and gives single pages properties that make MkDocs
  render them differently.

Why a filled shell is MkDocs' own page, for every page and not only the first of a
kind: the theme renders from the page object, the config, the navigation and the
plugins' context. What of that can differ between two pages of one kind:

* front matter other than per-page text (language, ``hide``, ``robots``, ``template``,
  ``og_type``, which hreflang languages, any key a theme may read): part of the kind
  (:func:`shape`), so two pages that differ there have two shells;
* the per-page texts, the body and the URL segments (``page.url``,
  ``canonical_url``, ``abs_url``, ``edit_url``, the file's URIs): the shell's holes
  where printed, the recorded checks where tested, a refused kind where computed
  from; segments outside ``[a-z0-9_-]`` (which URL quoting or MkDocs' "a dot means
  a file" rule would change) send their page to MkDocs;
* URL depth, language section, index page or not: part of the kind, and with them
  ``base_url``, relative asset URLs, Material's ``__config`` (base URL, features,
  translations of the page's language);
* the body's features the theme tests (``<h1``: Material adds the title as a heading
  otherwise; the join form): part of the kind, and checked per page;
* navigation state, ``toc``, previous/next page: generated pages outside the
  navigation have none (pages the ``nav`` setting names are rendered by MkDocs), and
  their Markdown is a one-line stand-in (:data:`BODY`), so the table of contents is
  empty for all of them, in both ways of building;
* ``pages`` (every documentation page): lacks the pages rendered here, so a theme
  that reads it gets no shells and a warning to set ``fast_pages: false``;
* plugins other than ours that handle page events: shells off (their output may
  differ from page to page in ways a shell cannot know).

Pages are rendered by MkDocs' own page functions, through :mod:`catalog.mkdocs.shim`
(the only code that touches their private names), so plugin events and the theme see
exactly what a normal build shows them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from ..core import i18n
from ..core.workers import forked_pool
from ..site.model import Page
from . import shim, tracing

log = logging.getLogger("mkdocs.plugins.catalog")

BODY = "<!-- catalog-generated-body -->"
"""Stand-in Markdown body of a generated page; its HTML comes in on_page_content."""

TEXT_FIELDS = frozenset(
    {
        "title",
        "description",
        "og_image",
        "og_image_alt",
        "og_image_width",
        "og_image_height",
        "jsonld",
    }
)
"""Front-matter values that differ from page to page."""
ALTERNATE_TEXT = ("href", "link")
"""Per-page values of each ``alternates`` entry (the hreflang pairs)."""

PAGE_EVENTS = (
    "on_pre_page",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
)

_TEXT = "\ue000{}\ue001"
_SEGMENT = "zq{}shellseg"
SEGMENT_PROBE = "-x9-probe"
"""Appended to every URL segment in the second rendering (slug characters only: URL
quoting leaves it alone): a theme that tests a segment's length, digits or hyphens
shows it."""
_SLOT = re.compile(
    "\ue000(\\d+)[^\ue001]*\ue001|zq(\\d+)shellseg(?:" + re.escape(SEGMENT_PROBE) + ")?"
)
_SEGMENT_MARK = re.compile(r"zq(\d+)shellseg")
SAFE_SEGMENT = re.compile(r"[a-z0-9_-]+")
"""URL segments a shell takes as they are: URL quoting and HTML escaping leave them
alone, and no dot (MkDocs takes a last segment with a dot for a file name)."""
CONTENT_FEATURES = ("<h1", 'id="join-form"')
"""Substrings of a page body that the theme tests: Material prints the page title as
``<h1>`` unless the body has one; theme/main.html loads the join form's script. Pages
with and without each are different kinds, and the body's marker carries them."""
PROBE = "<i>&amp; \"X'</i>\n  y\u00e9 Z9 " + "lorem ipsum " * 25
"""Appended to every text value in the second rendering: tags, an entity, quotes,
capitals, a line break and runs of spaces, a non-ASCII letter, digits, and a length
beyond any truncation tell the transforms below apart."""


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _striptags(text: str) -> str:
    return Markup(text).striptags()


TRANSFORMS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("as is", lambda v: v),
    ("escaped", lambda v: str(escape(v))),
    ("escaped twice", lambda v: str(escape(str(escape(v))))),
    ("escaped, whitespace collapsed", lambda v: str(escape(_collapse(v)))),
    ("whitespace collapsed", _collapse),
    ("tags stripped", lambda v: _striptags(v)),
    ("tags stripped, escaped", lambda v: str(escape(_striptags(v)))),
)
"""What a theme may do to a text value before printing it (``| e``, ``| striptags``,
Markup escaping done by the catalog plugin)."""


def foreign_page_plugins(config, ours: BasePlugin) -> list[str]:
    """Names of enabled plugins other than ``ours`` that handle page events."""
    found = []
    for name, plugin in config.plugins.items():
        if plugin is ours:
            continue
        for event in PAGE_EVENTS:
            if getattr(type(plugin), event, None) is not getattr(BasePlugin, event, None):
                found.append(name)
                break
    return found


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _kept_segments(meta: Mapping[str, Any]) -> int:
    """URL segments that stay as they are: the language prefix and the section."""
    prefix = i18n.prefix(meta.get("lang", "id")).strip("/")
    return (len(prefix.split("/")) if prefix else 0) + 1


def _text_keys(meta: Mapping[str, Any]) -> list[str]:
    """Per-page text values present on this page (empty ones are structure: themes test them)."""
    return sorted(k for k in TEXT_FIELDS & meta.keys() if meta[k] not in (None, ""))


def _text_places(meta: Mapping[str, Any]) -> list[tuple]:
    """Where per-page text values 1, 2, ... are in the front matter (0 is the body):
    ``("meta", key)`` or ``("alternate", index, field)``."""
    places: list[tuple] = [("meta", key) for key in _text_keys(meta)]
    for i, alt in enumerate(meta.get("alternates") or []):
        places.extend(("alternate", i, f) for f in ALTERNATE_TEXT if alt.get(f) not in (None, ""))
    return places


def _split(path: str, keep: int) -> tuple[list[str], str]:
    """A page path's URL segments beyond the first ``keep``, and the file name."""
    parts = path.split("/")
    name = parts[-1]
    dirs = parts[:-1]
    if name != "index.md":
        dirs = [*dirs, name[:-3]]
        name = ".md"
    return dirs[keep:], name


def shape(path: str, meta: Mapping[str, Any]) -> tuple:
    """What pages share a shell: everything the theme may branch on except per-page text."""
    keep = _kept_segments(meta)
    varying, name = _split(path, keep)
    texts = set(_text_keys(meta))
    structural = []
    for key, value in sorted(meta.items()):
        if key in texts:
            structural.append((key, "text"))
        elif key == "alternates":
            structural.append(
                (
                    key,
                    tuple(
                        (a.get("lang"), *(f for f in ALTERNATE_TEXT if a.get(f) not in (None, "")))
                        for a in value
                    ),
                )
            )
        else:
            structural.append((key, _freeze(value)))
    return (
        meta.get("template", "main.html"),
        tuple(path.split("/")[:keep]),
        len(varying),
        name,
        tuple(structural),
    )


def _features(body: str) -> tuple[bool, ...]:
    return tuple(f in body for f in CONTENT_FEATURES)


def _implied(op: tracing.Op) -> bool:
    """Whether the kind of page fixes the outcome of ``op``: a test of the body for one
    of :data:`CONTENT_FEATURES` (``"<h1" in page.content``)."""
    return (
        op.key == ("text", 0)
        and op.name == "__contains__"
        and op.args in tuple((f,) for f in CONTENT_FEATURES)
        and not op.kwargs
    )


@dataclass
class Shell:
    parts: list[str]
    """Literal text and slot references, alternating: literal, slot, literal, ..."""
    slots: list[tuple[str, int, Callable[[str], str]]]
    """Per slot occurrence: ("text" or "segment", slot number, transform)."""
    checks: list[tracing.Op] = field(default_factory=list)
    """What the theme tests on a page's own values, with the outcome the shell was
    rendered with (:mod:`catalog.mkdocs.tracing`)."""
    visible: dict[tuple, Any] = field(default_factory=dict)
    """How to get, for a real page, each value the checks read as the theme gets it:
    ``("text", n)`` -> (transform, str or Markup), ``("url", name)`` -> the stand-in's
    value with segment markers."""
    verified: bool = False
    """Filled for one page and compared with MkDocs' own rendering of it."""

    def __post_init__(self) -> None:
        self._tests = tracing.compile_checks(self.checks)
        self._values: list[tuple] = []
        for key in sorted(tracing.keys_of(self.checks)):
            spec = self.visible[key]
            if key[0] == "text":
                self._values.append((key, key[1], spec[0], spec[1]))
            else:  # literal text and segment numbers, alternating
                pieces = _SEGMENT_MARK.split(spec)
                self._values.append((key, None, pieces[0::2], [int(n) for n in pieces[1::2]]))

    def fill(self, texts: list[str], segments: list[str]) -> str:
        out = [self.parts[0]]
        for (kind, number, transform), literal in zip(self.slots, self.parts[1:]):
            out.append(transform(texts[number]) if kind == "text" else segments[number])
            out.append(literal)
        return "".join(out)

    def accepts(self, texts: list[str], segments: list[str], other: set[int] = frozenset()) -> bool:
        """Whether this shell gives the page with these values exactly: URL-safe
        segments, and every check with the outcome the shell was rendered with
        (``other``: texts that are numbers in the front matter, never checked)."""
        for segment in segments:
            if not SAFE_SEGMENT.fullmatch(segment):
                return False
        if not self._tests:
            return True
        values = {}
        for key, number, first, second in self._values:
            if number is not None:  # a text: transform, str or Markup
                if number in other:
                    return False
                values[key] = second(first(texts[number]))
            else:  # a URL: literals and segment numbers
                out = [first[0]]
                for n, literal in zip(second, first[1:]):
                    out.append(segments[n])
                    out.append(literal)
                values[key] = "".join(out)
        for test in self._tests:
            if not test(values):
                return False
        return True


class ShellError(Exception):
    """This kind of page cannot be rendered from a shell."""


class PageRenderer:
    """Renders generated pages exactly as MkDocs would, from shells where it can.

    ``bodies`` is the catalog plugin's map from page path to HTML body (what its
    ``on_page_content`` hands to MkDocs); the renderer puts each page's body there
    while MkDocs renders it.
    """

    warned_pages = False

    def __init__(self, *, config, files, nav, env, bodies: dict[str, str], shells: bool = True):
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.bodies = bodies
        self.use_shells = shells
        self._shells: dict[tuple, Shell | None] = {}
        self.stats = {"shell": 0, "full": 0, "shells": 0, "refused": 0, "linked": 0, "checked": 0}

    # -- MkDocs' own rendering ---------------------------------------------------------
    def full(self, page: Page) -> str:
        """The page as ``mkdocs build`` writes it (its own functions, its own events)."""
        mk_page = shim.new_page(self.config, page.path, page.markdown(BODY))
        self.bodies[page.path] = page.body
        try:
            shim.populate_page(mk_page, self.config, self.files)
            return shim.build_page(mk_page, self.config, self.doc_files, self.nav, self.env)
        finally:
            self.bodies.pop(page.path, None)

    def _stand_in_html(self, page: Page, recorder: tracing.Recorder) -> str:
        """A stand-in page through MkDocs, its values recording what the theme does."""
        places = _text_places(page.meta)

        def trace(context) -> None:
            mk_page = context.get("page")
            if mk_page is None:
                return
            mk_page.content = recorder.wrap(mk_page.content, ("text", 0))
            for number, place in enumerate(places, 1):
                if place[0] == "meta" and place[1] in mk_page.meta:
                    mk_page.meta[place[1]] = recorder.wrap(mk_page.meta[place[1]], ("text", number))
                elif place[0] == "alternate":
                    try:
                        alt = mk_page.meta["alternates"][place[1]]
                        alt[place[2]] = recorder.wrap(alt[place[2]], ("text", number))
                    except (KeyError, IndexError, TypeError):
                        pass
            for name, value in shim.url_values(mk_page).items():
                if _SEGMENT_MARK.search(value):
                    shim.set_url_value(mk_page, name, recorder.wrap(value, ("url", name)))
            if "pages" in context:
                context["pages"] = recorder.watch(context["pages"])

        mk_page = shim.new_page(self.config, page.path, page.markdown(BODY))
        self.bodies[page.path] = page.body
        try:
            with shim.quiet_page_errors():
                shim.populate_page(mk_page, self.config, self.files)
                return shim.build_page(
                    mk_page, self.config, self.doc_files, self.nav, self.env, before_render=trace
                )
        except Exception as exc:  # a theme that fails on a stand-in value: no shell
            raise ShellError(
                f"the theme fails on a stand-in page ({type(exc).__name__}: {exc})"
            ) from None
        finally:
            self.bodies.pop(page.path, None)

    # -- shells ----------------------------------------------------------------------------
    def render(self, page: Page) -> str:
        if not self.use_shells:
            self.stats["full"] += 1
            return self.full(page)
        key = (shape(page.path, page.meta), _features(page.body))
        if key not in self._shells:
            try:
                self._shells[key] = self._make_shell(page)
                self.stats["shells"] += 1
            except ShellError as exc:
                log.info(
                    "catalog: %s pages render one by one (%s)",
                    page.path.rsplit("/", 1)[0] or page.path,
                    exc,
                )
                self._shells[key] = None
                self.stats["refused"] += 1
        shell = self._shells[key]
        if shell is None:
            self.stats["full"] += 1
            return self.full(page)
        texts, segments, other = self._values(page)
        if not shell.accepts(texts, segments, other):
            self.stats["full"] += 1
            self.stats["checked"] += 1
            return self.full(page)
        if not shell.verified:
            html = self.full(page)
            self.stats["full"] += 1
            if shell.fill(texts, segments) != html:
                log.info(
                    "catalog: %s pages render one by one (a filled shell differs from "
                    "the page MkDocs renders)",
                    page.path.rsplit("/", 1)[0] or page.path,
                )
                self._shells[key] = None
                self.stats["refused"] += 1
                self.stats["shells"] -= 1
            else:
                shell.verified = True
            return html
        self.stats["shell"] += 1
        return shell.fill(texts, segments)

    def _values(self, page: Page) -> tuple[list[str], list[str], set[int]]:
        """The page's per-page values: texts (body first), URL segments, and which
        texts were not strings in the front matter (numbers: printed alike, but not
        tested alike)."""
        texts = [page.body]
        other: set[int] = set()
        for number, place in enumerate(_text_places(page.meta), 1):
            value = (
                page.meta[place[1]]
                if place[0] == "meta"
                else page.meta["alternates"][place[1]][place[2]]
            )
            if not isinstance(value, str):
                other.add(number)
                value = str(value)
            texts.append(value)
        varying, _ = _split(page.path, _kept_segments(page.meta))
        return texts, varying, other

    def _stand_in(
        self, page: Page, suffix: str, segment_suffix: str = ""
    ) -> tuple[Page, list[str]]:
        """The page with markers for its per-page values (``suffix`` appended to text,
        ``segment_suffix`` to URL segments), and the stand-in text of each value."""
        keep = _kept_segments(page.meta)
        varying, name = _split(page.path, keep)
        kept = page.path.split("/")[:keep]
        markers = [_SEGMENT.format(i) + segment_suffix for i in range(len(varying))]
        path = (
            "/".join([*kept, *markers]) + ".md"
            if name == ".md"
            else "/".join([*kept, *markers, name])
        )
        present = "".join(f for f in CONTENT_FEATURES if f in page.body)
        texts = ["\ue000" + "0" + present + "\ue001" + suffix]
        meta = dict(page.meta)
        if page.meta.get("alternates"):
            meta["alternates"] = [dict(alt) for alt in page.meta["alternates"]]
        for number, place in enumerate(_text_places(page.meta), 1):
            texts.append(_TEXT.format(number) + suffix)
            if place[0] == "meta":
                meta[place[1]] = texts[-1]
            else:
                meta["alternates"][place[1]][place[2]] = texts[-1]
        return Page(path, meta, texts[0]), texts

    def _make_shell(self, page: Page) -> Shell:
        plain_page, plain_texts = self._stand_in(page, "")
        probed_page, probed_texts = self._stand_in(page, PROBE, SEGMENT_PROBE)
        plain_rec, probed_rec = tracing.Recorder(), tracing.Recorder()
        plain = self._stand_in_html(plain_page, plain_rec)
        probed = self._stand_in_html(probed_page, probed_rec)
        if plain_rec.pages_read or probed_rec.pages_read:
            if not PageRenderer.warned_pages:
                PageRenderer.warned_pages = True
                shim.warn_uncounted(
                    log,
                    "catalog: the theme reads `pages` (every page of "
                    "the site), which lacks the generated pages written "
                    "after MkDocs' own; set `fast_pages: false` in the "
                    "catalog plugin's options for the pages plain MkDocs "
                    "gives",
                )
            raise ShellError("the theme reads `pages`")
        try:
            checks = tracing.checks(plain_rec, probed_rec)
        except ValueError as exc:
            raise ShellError(str(exc)) from None
        # The body's features are part of the kind (its stand-in carries them): pages
        # of this shell answer those tests as the stand-in did, no need to search them.
        checks = [op for op in checks if not _implied(op)]
        visible = self._visible(checks, plain_rec, probed_rec, plain_texts, probed_texts)
        parts, slots = [], []
        pos = 0
        for match in _SLOT.finditer(plain):
            parts.append(plain[pos : match.start()])
            if match.group(1) is not None:
                slots.append(("text", int(match.group(1))))
            else:
                slots.append(("segment", int(match.group(2))))
            pos = match.end()
        parts.append(plain[pos:])
        probed_parts = _SLOT.split(probed)
        # re.split with two groups: literal, text group, segment group, literal, ...
        literals = probed_parts[0::3]
        if len(literals) != len(parts) or literals[0] != parts[0]:
            raise ShellError(
                "the theme prints per-page values a different number of times when they change"
            )
        resolved = []
        for i, (kind, number) in enumerate(slots):
            after, expected = literals[i + 1], parts[i + 1]
            if kind == "segment":
                if after != expected:
                    raise ShellError("the theme changes a page's URL")
                resolved.append((kind, number, lambda v: v))
                continue
            if not after.endswith(expected):
                raise ShellError("the theme prints a per-page value in a way it cannot copy")
            seen = after[: len(after) - len(expected)]
            for _name, transform in TRANSFORMS:
                if transform(PROBE) == seen:
                    resolved.append((kind, number, transform))
                    break
            else:
                raise ShellError(f"unknown treatment of a per-page value ({seen[:40]!r}…)")
        log.debug(
            "catalog: shell for %s: %d holes, checks per page: %s",
            page.path,
            len(resolved),
            ", ".join(op.describe() for op in checks) or "none",
        )
        return Shell(parts, resolved, checks, visible)

    @staticmethod
    def _visible(
        checks: list[tracing.Op],
        plain: tracing.Recorder,
        probed: tracing.Recorder,
        plain_texts: list[str],
        probed_texts: list[str],
    ) -> dict[tuple, Any]:
        """For each value the checks read: how a real page's value reaches the theme
        (the page events may escape it), learnt from the two stand-ins."""
        visible: dict[tuple, Any] = {}
        for key in tracing.keys_of(checks):
            if key not in plain.seen or key not in probed.seen:
                raise ShellError(
                    f"the theme tests a per-page value it got in another way ({key[1]})"
                )
            if key[0] == "url":
                visible[key] = str(plain.seen[key])
                continue
            p, q = plain.seen[key], probed.seen[key]
            cls = Markup if isinstance(q, Markup) else str
            for _name, transform in TRANSFORMS:
                if transform(plain_texts[key[1]]) == p and transform(probed_texts[key[1]]) == q:
                    visible[key] = (transform, cls)
                    break
            else:
                raise ShellError("a page event changes a per-page value the theme tests")
        return visible


# -- writing generated pages -------------------------------------------------------------
SEARCH_MARK = "data-pagefind-body"
STORE_NAME = "search-sources"
"""The folder name of a :class:`PageKeys` store, beside the record of its site's pages."""


@dataclass(frozen=True)
class Written:
    """What the sitemap needs of a page written by :func:`write_pages`."""

    path: str
    meta: dict[str, Any]
    dest: str
    """Site-relative file written."""
    search: str | None = None
    """Where its :func:`search_source` was written, if it has one (see :func:`arrange`)."""
    digest: str = ""
    """:func:`digest` of the page's bytes (for :func:`save_digests`)."""
    search_digest: str = ""
    """:func:`digest` of its search source (what the search index is made from)."""
    size: int = -1
    mtime_ns: int = -1
    """The file's size and modification time as placed (for :func:`save_digests`): a
    later build links it only while both are unchanged."""
    key: str = ""
    """What the page was made from (the adapter's key of its job; "" when unknown): a
    later build whose job has the same key links the page without rendering it."""
    kept: bool = False
    """Linked from the replaced site without rendering (its key was unchanged)."""

    @classmethod
    def placed_at(cls, file: str, **fields: Any) -> Written:
        """The page as placed at ``file`` (its size and mtime read from there)."""
        st = os.stat(file)
        return cls(size=st.st_size, mtime_ns=st.st_mtime_ns, **fields)

    def record(self) -> tuple:
        """What :func:`save_digests` keeps of the page (:class:`PreviousSite` reads it)."""
        return (self.digest, self.size, self.mtime_ns, self.key, self.search_digest, self.meta)


@dataclass
class _Work:
    renderer: PageRenderer
    page_of: Callable[[Any], Page]
    site_dir: str
    search_dir: str | None
    use_directory_urls: bool
    previous: PreviousSite | None
    keys: PageKeys | None = None


@dataclass
class PageKeys:
    """What lets :func:`write_pages` keep a page without rendering it (issue 20).

    ``key_of(job)``: everything the job's page is made from, as one digest (the
    generator's :meth:`~catalog.site.generate.Generator.page_key` with what lies outside
    the catalogue: code, config, theme, date). ``path_of(job)``: its docs-relative path.
    ``store``: a folder (on disk, kept between builds) of search sources named by their
    digest, so a kept page's source is there when its search index must be made anew.
    ``check``: render every kept page anyway and fail on a difference (tests)."""

    key_of: Callable[[Any], str]
    path_of: Callable[[Any], str]
    store: str
    check: bool = False


class StalePage(RuntimeError):
    """``check``: a page kept for its unchanged key differs from its rendering."""


_WORK: _Work | None = None
"""What forked workers render with (inherited from the parent, never pickled)."""


def search_source(page: Page) -> str:
    """The searchable part of a page as its own small HTML file, for Pagefind.

    Pagefind only reads the ``data-pagefind-body`` element (and ``<html lang>``),
    so indexing these gives the index of the full pages without parsing the
    theme around every body (tests/test_build.py compares the two indexes)."""
    lang = escape(page.meta.get("lang", "id"))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        f"<title>{escape(page.meta.get('title', ''))}</title></head>\n"
        f"<body>\n{page.body}\n</body>\n</html>\n"
    )


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def link_placed(previous: str, path: str, expected: tuple[int, int] | None) -> bool:
    """Hard-link ``previous`` to ``path`` if it is still as its build placed it
    (``expected``: its ``(size, mtime_ns)`` then); True when linked."""
    if expected is None:
        return False
    try:
        st = os.stat(previous)
    except OSError:
        return False
    if (st.st_size, st.st_mtime_ns) != tuple(expected):
        return False
    for _ in range(2):
        try:
            os.link(previous, path)
            return True
        except FileNotFoundError:
            if not os.path.exists(previous):
                return False
            os.makedirs(os.path.dirname(path), exist_ok=True)
        except OSError:  # another file system, no hard links
            return False
    return False


def stored_source(store: str, search_digest: str) -> str:
    """Where the search source of digest ``search_digest`` lies in ``store``."""
    return os.path.join(store, search_digest[:2], search_digest + ".html")


def _place(
    path: str, data: bytes, previous: str | None, expected: tuple[int, int] | None = None
) -> bool:
    """Hard-link ``previous`` (the replaced site's identical file) to ``path``, or write
    ``data`` there: linking writes nothing to disk, and deleting the replaced site then
    frees nothing still in use. True when linked.

    ``expected``: the ``(size, mtime_ns)`` recorded for ``previous`` when its build placed
    it (without it nothing is linked). The digest says what that build wrote, not what
    the file holds now: a file edited by hand since (or replaced by a copy) differs in
    one of the two, and is written anew rather than carried forward."""
    if previous is not None and link_placed(previous, path, expected):
        return True
    _write(path, data)
    return False


RECORD_FORMAT = 3
"""Version of the :func:`save_digests` record (2: each page's size and mtime too; 3:
its key, search source digest and sitemap data; an older record is not used, so the
first build after an upgrade links nothing)."""


@dataclass(frozen=True)
class PreviousSite:
    """The site a build replaces and the digest of each page it holds, as recorded by
    :func:`save_digests` when it was swapped in (its files are never read, only their
    size and mtime compared with the record's before one is linked)."""

    root: str
    digests: dict[str, str]
    search: str | None = None
    """What its search index was made from (:func:`catalog.build.search.index_key`)."""
    stats: dict[str, tuple[int, int]] | None = None
    """``(size, mtime_ns)`` of each page as its build placed it."""
    search_stamp: str | None = None
    """:func:`tree_stamp` of its search index folder as the build left it."""
    keys: dict[str, tuple[str, str, dict]] | None = None
    """Per page: the key it was made from, the digest of its search source ("" for a
    page without one) and what the sitemap needs of it (:class:`Written` ``meta``)."""


def tree_stamp(folder: Path) -> str | None:
    """A fingerprint of the files below ``folder``: each one's path, size and mtime
    (None when it cannot be read). Equal stamps: nothing was added, removed, replaced
    or edited there since (file contents are not read)."""
    h = hashlib.blake2b(digest_size=16)

    def walk(path: str, prefix: str) -> None:  # scandir: the stat comes with the listing
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            st = entry.stat(follow_symlinks=False)
            name = prefix + entry.name
            h.update(f"{name}\0{st.st_mode:o}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, name + "/")

    try:
        walk(str(folder), "")
    except OSError:
        return None
    return h.hexdigest()


def load_digests(record: Path, site_dir: str) -> PreviousSite | None:
    """The record of ``site_dir``, if it is the very folder the record describes."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if (
            data.get("format") != RECORD_FORMAT
            or data.get("site") != site_dir
            or data.get("inode") != os.stat(site_dir).st_ino
        ):
            return None
        search, stamp = data.get("search"), data.get("search_stamp")
        pages = data["pages"]
        keys = {
            dest: (str(page[3]), str(page[4]), dict(page[5]))
            for dest, page in pages.items()
            if len(page) >= 6 and page[3]
        }
        return PreviousSite(
            site_dir,
            {dest: str(page[0]) for dest, page in pages.items()},
            search if isinstance(search, str) else None,
            {dest: (int(page[1]), int(page[2])) for dest, page in pages.items()},
            stamp if isinstance(stamp, str) else None,
            keys,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def save_digests(
    record: Path,
    site_dir: str,
    pages: Mapping[str, tuple],
    search: str | None = None,
    search_stamp: str | None = None,
) -> None:
    """Record the pages of the site now at ``site_dir`` (written after the swap): per
    page its digest, size and mtime (then its key, search source digest and sitemap
    data: :attr:`PreviousSite.keys`); and the key and :func:`tree_stamp` of its search
    index."""
    record.parent.mkdir(parents=True, exist_ok=True)
    tmp = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(
            {
                "format": RECORD_FORMAT,
                "site": site_dir,
                "inode": os.stat(site_dir).st_ino,
                "search": search,
                "search_stamp": search_stamp,
                "pages": {dest: list(page) for dest, page in sorted(pages.items())},
            }
        ),
        encoding="utf-8",
    )
    os.replace(tmp, record)


def _keep(work: _Work, job: Any, key: str) -> Written | None:
    """The page of ``job`` linked from the replaced site without rendering it, when its
    key is the one that site's page was made from (None: render it)."""
    previous = work.previous
    if previous is None or not previous.keys:
        return None
    path = work.keys.path_of(job)
    dest = File(path, None, work.site_dir, work.use_directory_urls).dest_uri
    found = previous.keys.get(dest)
    if found is None or found[0] != key:
        return None
    page_digest, (_, search_digest, meta) = previous.digests.get(dest), found
    search = None
    if work.search_dir is not None and search_digest:
        search = stored_source(work.keys.store, search_digest)
        if not os.path.exists(search):
            return None
    target = os.path.join(work.site_dir, dest)
    if page_digest is None or not link_placed(
        os.path.join(previous.root, dest), target, (previous.stats or {}).get(dest)
    ):
        return None
    return Written.placed_at(
        target,
        path=path,
        meta=meta,
        dest=dest,
        search=search,
        digest=page_digest,
        search_digest=search_digest,
        key=key,
        kept=True,
    )


LINK_THREADS = 4
"""Threads linking kept pages (the time goes into the file system: 10,000 products,
23,000 pages kept, 3.7 s by one thread)."""


def _keep_all(work: _Work, jobs: list, keys: list[str]) -> list[Written | None]:
    """:func:`_keep` for every job with a key, in job order (by several threads when
    there are many)."""
    if work.previous is None or not work.previous.keys or not any(keys):
        return [None] * len(jobs)
    if len(jobs) < 500:
        return [_keep(work, job, key) if key else None for job, key in zip(jobs, keys)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(LINK_THREADS) as pool:
        return list(pool.map(lambda pair: _keep(work, *pair) if pair[1] else None, zip(jobs, keys)))


def _store(store: str, source: bytes, source_digest: str) -> str:
    """Put a search source into the store (named by its digest, never rewritten)."""
    path = stored_source(store, source_digest)
    if not os.path.exists(path):
        tmp = f"{path}.{os.getpid()}.tmp"
        _write(tmp, source)
        os.replace(tmp, path)
    return path


def prune_store(store: str, wanted: set[str]) -> None:
    """Remove the search sources of ``store`` that no page of the site just recorded
    has (``wanted``: their digests)."""
    try:
        folders = list(os.scandir(store))
    except OSError:
        return
    for folder in folders:
        if not folder.is_dir(follow_symlinks=False):
            continue
        with os.scandir(folder.path) as listing:
            for entry in listing:
                name = entry.name
                if not name.endswith(".html") or name[: -len(".html")] not in wanted:
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass


def _render_chunk(jobs: list) -> tuple[list[Written], dict[str, int]]:
    work = _WORK
    assert work is not None
    before = dict(work.renderer.stats)
    written = []
    kept = 0
    keys = [work.keys.key_of(job) if work.keys is not None else "" for job in jobs]
    kept_pages = _keep_all(work, jobs, keys)
    for job, key, done in zip(jobs, keys, kept_pages):
        if done is not None:
            kept += 1
            if work.keys.check:
                _check_kept(work, job, done)
            written.append(done)
            continue
        page = work.page_of(job)
        html = work.renderer.render(page)
        dest = File(page.path, None, work.site_dir, work.use_directory_urls).dest_uri
        data = html.encode("utf-8", errors="xmlcharrefreplace")
        page_digest = digest(data)
        previous, expected = None, None
        if work.previous is not None and work.previous.digests.get(dest) == page_digest:
            previous = os.path.join(work.previous.root, dest)
            expected = (work.previous.stats or {}).get(dest)
        path = os.path.join(work.site_dir, dest)
        if _place(path, data, previous, expected):
            work.renderer.stats["linked"] += 1
        search, search_digest = None, ""
        if SEARCH_MARK in page.body and (work.search_dir is not None or work.keys is not None):
            source = search_source(page).encode("utf-8", errors="xmlcharrefreplace")
            search_digest = digest(source)
            if work.keys is not None:
                search = _store(work.keys.store, source, search_digest)
            else:
                search = os.path.join(work.search_dir, str(os.getpid()), dest)
                _write(search, source)
            if work.search_dir is None:
                search = None
        written.append(
            Written.placed_at(
                path,
                path=page.path,
                meta={k: page.meta[k] for k in ("robots", "alternates") if k in page.meta},
                dest=dest,
                search=search,
                digest=page_digest,
                search_digest=search_digest,
                key=key,
            )
        )
    stats = {k: v - before.get(k, 0) for k, v in work.renderer.stats.items()}
    stats["kept"] = kept
    return written, stats


def _check_kept(work: _Work, job: Any, kept: Written) -> None:
    """Render a kept page and compare (``PageKeys.check``): a difference means its key
    misses something the page shows, and the build stops naming the page."""
    page = work.page_of(job)
    data = work.renderer.render(page).encode("utf-8", errors="xmlcharrefreplace")
    source = ""
    if SEARCH_MARK in page.body:
        source = digest(search_source(page).encode("utf-8", errors="xmlcharrefreplace"))
    meta = {k: page.meta[k] for k in ("robots", "alternates") if k in page.meta}
    if digest(data) != kept.digest or source != kept.search_digest or meta != kept.meta:
        raise StalePage(
            f"{kept.dest}: kept for an unchanged key but renders differently: the page's "
            "key (Generator.page_key) misses an input it shows"
        )


def write_pages(
    renderer: PageRenderer,
    jobs: list,
    page_of: Callable[[Any], Page],
    *,
    site_dir: str,
    search_dir: str | None,
    use_directory_urls: bool,
    previous: PreviousSite | None = None,
    workers: int = 1,
    keys: PageKeys | None = None,
) -> tuple[list[Written], dict[str, int]]:
    """Render ``jobs`` (``page_of(job)`` gives each page) into ``site_dir``.

    ``search_dir``: also write each searchable page's :func:`search_source` below
    it (in a folder per process; :func:`arrange` puts them in place).
    ``previous``: the site this build replaces; pages that come out identical to
    the ones it holds are hard-linked from it instead of written.
    ``keys``: with ``previous``, a page whose job has the key its page there was made
    from is hard-linked without being rendered at all (:class:`PageKeys`).

    With ``workers`` > 1 the jobs are split in order between forked processes
    that inherit the renderer and the catalogue (nothing big is pickled; each
    builds its own shells). Forking is only safe in a process without other
    threads, which the caller checks. Results come back in job order."""
    global _WORK
    _WORK = _Work(renderer, page_of, site_dir, search_dir, use_directory_urls, previous, keys)
    try:
        if workers <= 1 or len(jobs) < 200:  # a pool costs more than it saves
            written, stats = _render_chunk(jobs)
            return written, {**stats, "workers": 1}
        size = max(50, len(jobs) // (workers * 8))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        written: list[Written] = []
        stats: dict[str, int] = {}
        with forked_pool(workers) as pool:
            for part, part_stats in pool.imap(_render_chunk, chunks):
                written.extend(part)
                for k, v in part_stats.items():
                    stats[k] = stats.get(k, 0) + v
        return written, {**stats, "workers": workers}
    finally:
        _WORK = None


def arrange(target: str, files: list[tuple[str, str]]) -> None:
    """Link (or copy) ``(site-relative path, file)`` pairs into ``target`` in path order;
    the files stay where they are (the search-source store keeps them, the caller removes
    its scratch copies).

    Pagefind numbers pages in the order the file system lists them, and a
    file system lists a folder in hash order (ext4) or creation order (tmpfs):
    created one by one in sorted order, the index does not depend on which
    worker finished first."""
    for dest, path in sorted(files):
        final = os.path.join(target, dest)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        try:
            os.link(path, final)
        except OSError:  # another file system (the store is on disk, scratch in memory)
            shutil.copyfile(path, final)

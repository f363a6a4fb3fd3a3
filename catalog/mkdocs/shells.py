"""Generated pages through the MkDocs theme at the cost of a string join.

MkDocs renders every page through the whole theme template (Material: header,
tabs, navigation, footer, scripts): about 5 ms a page, 110 s for the 22,000
pages of a 10,000-product catalogue, on one core. Generated pages of one kind
differ only in a few values (title, description, canonical URL, hreflang
links, Open Graph image, JSON-LD) and their body, so each kind is rendered
through MkDocs *once*, as a "shell", with stand-ins for those values:

* text values become slot markers (private-use characters the theme passes
  through), URL segments become ASCII markers (URL filters leave them alone);
* a second rendering with a probe string appended to every text value shows,
  for each place the theme prints it, what the theme did to it (printed as is,
  HTML-escaped, tags stripped...); a value treated in a way not listed in
  :data:`TRANSFORMS` makes the kind unusable as a shell;
* the first page of each kind is also rendered the normal MkDocs way and must
  come out byte-identical to its filled shell, or the kind falls back to normal
  rendering (logged). ``tests/test_build.py`` builds the sample site both ways
  and compares every file.

What makes two pages "the same kind" (:func:`shape`): template, language
section, URL depth, and every front-matter value that is not per-page text
(language, ``hide``, ``robots``, ``og_type``, the hreflang languages...), so
a theme that branches on any of those still renders correctly.

Pages are rendered by MkDocs' own page functions (``_populate_page`` and
``_build_page`` of the pinned MkDocs), so plugin events and the theme see
exactly what a normal build shows them. Plugins other than ours that handle
page events (a per-page date, say) switch shells off: their output may differ
from page to page in ways a shell cannot know.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from ..core import i18n
from ..site.model import Page

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
_SLOT = re.compile("\ue000(\\d+)[^\ue001]*\ue001|zq(\\d+)shellseg")
CONTENT_FEATURES = ("<h1", 'id="join-form"')
"""Substrings of a page body that the theme tests: Material prints the page title as
``<h1>`` unless the body has one; theme/main.html loads the join form's script. Pages
with and without each are different kinds, and the body's marker carries them."""
PROBE = "<i>&amp; \"x'</i>  y\u00e9"
"""Appended to every text value in the second rendering: tags, an entity, quotes,
a double space and a non-ASCII letter tell the transforms below apart."""


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


@dataclass
class Shell:
    parts: list[str]
    """Literal text and slot references, alternating: literal, slot, literal, ..."""
    slots: list[tuple[str, int, Callable[[str], str]]]
    """Per slot occurrence: ("text" or "segment", slot number, transform)."""

    def fill(self, texts: list[str], segments: list[str]) -> str:
        out = [self.parts[0]]
        for (kind, number, transform), literal in zip(self.slots, self.parts[1:]):
            out.append(transform(texts[number]) if kind == "text" else segments[number])
            out.append(literal)
        return "".join(out)


class ShellError(Exception):
    """This kind of page cannot be rendered from a shell."""


class PageRenderer:
    """Renders generated pages exactly as MkDocs would, from shells where it can.

    ``bodies`` is the catalog plugin's map from page path to HTML body (what its
    ``on_page_content`` hands to MkDocs); the renderer puts each page's body there
    while MkDocs renders it.
    """

    def __init__(self, *, config, files, nav, env, bodies: dict[str, str], shells: bool = True):
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.bodies = bodies
        self.use_shells = shells
        self._shells: dict[tuple, Shell | None] = {}
        self.stats = {"shell": 0, "full": 0, "shells": 0, "refused": 0, "linked": 0}

    # -- MkDocs' own rendering ---------------------------------------------------------
    def full(self, page: Page) -> str:
        """The page as ``mkdocs build`` writes it (its own functions, its own events)."""
        file = File.generated(self.config, page.path, content=page.markdown(BODY))
        fd, tmp = tempfile.mkstemp(suffix=".html", prefix=".catalog-page-")
        os.close(fd)
        file.abs_dest_path = tmp  # render into a scratch file, not the site
        mk_page = MkPage(None, file, self.config)
        self.bodies[page.path] = page.body
        try:
            _populate_page(mk_page, self.config, self.files)
            _build_page(mk_page, self.config, self.doc_files, self.nav, self.env)
            with open(tmp, encoding="utf-8") as fh:
                return fh.read()
        finally:
            self.bodies.pop(page.path, None)
            os.unlink(tmp)

    # -- shells ----------------------------------------------------------------------------
    def render(self, page: Page) -> str:
        if not self.use_shells:
            self.stats["full"] += 1
            return self.full(page)
        key = (shape(page.path, page.meta), _features(page.body))
        if key not in self._shells:
            shell = None
            try:
                shell = self._make_shell(page)
                texts, segments = self._values(page)
                html = self.full(page)
                if shell.fill(texts, segments) != html:
                    raise ShellError("a filled shell differs from the page MkDocs renders")
                self._shells[key] = shell
                self.stats["shells"] += 1
                self.stats["full"] += 1
                return html
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
        self.stats["shell"] += 1
        texts, segments = self._values(page)
        return shell.fill(texts, segments)

    def _values(self, page: Page) -> tuple[list[str], list[str]]:
        texts = [page.body]
        texts.extend(str(page.meta[key]) for key in _text_keys(page.meta))
        for alt in page.meta.get("alternates") or []:
            texts.extend(str(alt[f]) for f in ALTERNATE_TEXT if alt.get(f) not in (None, ""))
        varying, _ = _split(page.path, _kept_segments(page.meta))
        return texts, varying

    def _stand_in(self, page: Page, suffix: str) -> Page:
        """The page with markers for its per-page values (``suffix`` appended to text)."""
        keep = _kept_segments(page.meta)
        varying, name = _split(page.path, keep)
        kept = page.path.split("/")[:keep]
        markers = [_SEGMENT.format(i) for i in range(len(varying))]
        path = (
            "/".join([*kept, *markers]) + ".md"
            if name == ".md"
            else "/".join([*kept, *markers, name])
        )
        numbers = iter(range(1, 1_000_000))
        meta = dict(page.meta)
        for key in _text_keys(page.meta):
            meta[key] = _TEXT.format(next(numbers)) + suffix
        if page.meta.get("alternates"):
            meta["alternates"] = []
            for alt in page.meta["alternates"]:
                alt = dict(alt)
                for f in ALTERNATE_TEXT:
                    if alt.get(f) not in (None, ""):
                        alt[f] = _TEXT.format(next(numbers)) + suffix
                meta["alternates"].append(alt)
        present = "".join(f for f in CONTENT_FEATURES if f in page.body)
        return Page(path, meta, "\ue000" + "0" + present + "\ue001" + suffix)

    def _make_shell(self, page: Page) -> Shell:
        plain = self.full(self._stand_in(page, ""))
        probed = self.full(self._stand_in(page, PROBE))
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
                raise ShellError(f"unknown treatment of a per-page value ({seen!r})")
        return Shell(parts, resolved)


# -- writing generated pages -------------------------------------------------------------
SEARCH_MARK = "data-pagefind-body"


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


@dataclass
class _Work:
    renderer: PageRenderer
    page_of: Callable[[Any], Page]
    site_dir: str
    search_dir: str | None
    use_directory_urls: bool
    previous: PreviousSite | None


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
    if previous is not None:
        try:
            st = os.stat(previous)
            if expected is None or (st.st_size, st.st_mtime_ns) != tuple(expected):
                previous = None
        except OSError:
            previous = None
    if previous is not None:
        for _ in range(2):
            try:
                os.link(previous, path)
                return True
            except FileNotFoundError:
                if not os.path.exists(previous):
                    break
                os.makedirs(os.path.dirname(path), exist_ok=True)
            except OSError:  # another file system, no hard links: write it
                break
    _write(path, data)
    return False


RECORD_FORMAT = 2
"""Version of the :func:`save_digests` record (2: each page's size and mtime too; an
older record is not used, so the first build after an upgrade links nothing)."""


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
        return PreviousSite(
            site_dir,
            {dest: str(page[0]) for dest, page in pages.items()},
            search if isinstance(search, str) else None,
            {dest: (int(page[1]), int(page[2])) for dest, page in pages.items()},
            stamp if isinstance(stamp, str) else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def save_digests(
    record: Path,
    site_dir: str,
    pages: Mapping[str, tuple[str, int, int]],
    search: str | None = None,
    search_stamp: str | None = None,
) -> None:
    """Record the pages of the site now at ``site_dir`` (written after the swap): per
    page its digest, size and mtime; and the key and :func:`tree_stamp` of its search
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


def _render_chunk(jobs: list) -> tuple[list[Written], dict[str, int]]:
    work = _WORK
    assert work is not None
    before = dict(work.renderer.stats)
    written = []
    for job in jobs:
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
        placed = os.stat(path)
        search, search_digest = None, ""
        if work.search_dir is not None and SEARCH_MARK in page.body:
            search = os.path.join(work.search_dir, str(os.getpid()), dest)
            source = search_source(page).encode("utf-8", errors="xmlcharrefreplace")
            search_digest = digest(source)
            _write(search, source)
        written.append(
            Written(
                page.path,
                {k: page.meta[k] for k in ("robots", "alternates") if k in page.meta},
                dest,
                search,
                page_digest,
                search_digest,
                placed.st_size,
                placed.st_mtime_ns,
            )
        )
    stats = {k: v - before.get(k, 0) for k, v in work.renderer.stats.items()}
    return written, stats


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
) -> tuple[list[Written], dict[str, int]]:
    """Render ``jobs`` (``page_of(job)`` gives each page) into ``site_dir``.

    ``search_dir``: also write each searchable page's :func:`search_source` below
    it (in a folder per process; :func:`arrange` puts them in place).
    ``previous``: the site this build replaces; pages that come out identical to
    the ones it holds are hard-linked from it instead of written.

    With ``workers`` > 1 the jobs are split in order between forked processes
    that inherit the renderer and the catalogue (nothing big is pickled; each
    builds its own shells). Forking is only safe in a process without other
    threads, which the caller checks. Results come back in job order."""
    global _WORK
    _WORK = _Work(renderer, page_of, site_dir, search_dir, use_directory_urls, previous)
    try:
        if workers <= 1 or len(jobs) < 200:  # a pool costs more than it saves
            written, stats = _render_chunk(jobs)
            return written, {**stats, "workers": 1}
        import multiprocessing

        size = max(50, len(jobs) // (workers * 8))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        written: list[Written] = []
        stats: dict[str, int] = {}
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part, part_stats in pool.imap(_render_chunk, chunks):
                written.extend(part)
                for k, v in part_stats.items():
                    stats[k] = stats.get(k, 0) + v
        return written, {**stats, "workers": workers}
    finally:
        _WORK = None


def arrange(target: str, files: list[tuple[str, str]]) -> None:
    """Move ``(site-relative path, file)`` pairs into ``target`` in path order.

    Pagefind numbers pages in the order the file system lists them, and a
    file system lists a folder in hash order (ext4) or creation order (tmpfs):
    created one by one in sorted order, the index does not depend on which
    worker finished first."""
    for dest, path in sorted(files):
        final = os.path.join(target, dest)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        os.rename(path, final)

"""Pages as data: what the generator hands to whichever site engine builds the site."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..core.rules import PAGE_SEGMENT  # noqa: F401 - the site's URLs, defined with the ids they reserve
from ..core.diagnostics import Lang


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's dumper when present: same output, ~20x faster on thousands of pages."""


@dataclass(frozen=True)
class TradingHouse:
    """The organisation publishing the catalogue (seller in offers, quote contact)."""

    name: str = "Rumah Dagang Koperasi"
    whatsapp: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class SiteSettings:
    site_url: str = "https://example.org/"
    house: TradingHouse = field(default_factory=TradingHouse)
    repo_url: str | None = None
    langs: tuple[Lang, ...] = ("id", "en")
    featured: int = 8
    """Products shown on the home page."""
    media_url: str | None = None
    """Base URL that serves ``media/`` (photos on a bucket or CDN; :func:`media_url_problem`
    checks it), or None: photos beside the pages, linked relatively."""


_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def media_url_problem(value: object) -> dict[Lang, str] | None:
    """Why ``value`` cannot be the plugin's ``media_url`` (Indonesian and English), or None.

    Pages link photos as ``<media_url>media/…``, so it must be an absolute https URL ending
    in ``/`` (http only on this machine, for tests and previews)."""
    from urllib.parse import urlsplit

    example = "https://media.example.com/katalog/"
    if not isinstance(value, str) or not value.strip():
        return {
            "id": f"media_url harus berupa URL, mis. {example}",
            "en": f"media_url must be a URL, e.g. {example}",
        }
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        return {
            "id": f"media_url `{value}` bukan URL https lengkap, mis. {example}",
            "en": f"media_url `{value}` is not a full https URL, e.g. {example}",
        }
    if parts.scheme == "http" and parts.hostname not in _LOCAL_HOSTS:
        return {
            "id": f"media_url `{value}` harus memakai https (http hanya untuk 127.0.0.1 "
            "atau localhost): halaman https tidak memuat foto dari http",
            "en": f"media_url `{value}` must use https (http only for 127.0.0.1 or "
            "localhost): https pages do not load photos over http",
        }
    if parts.query or parts.fragment or parts.username or parts.password:
        return {
            "id": f"media_url `{value}` tidak boleh berisi ?kueri, #fragmen atau nama pengguna",
            "en": f"media_url `{value}` must not hold a ?query, #fragment or user name",
        }
    if not value.endswith("/"):
        return {
            "id": f"media_url `{value}` harus diakhiri `/`: foto ada di "
            f"{value}/media/…, tulis `{value}/`",
            "en": f"media_url `{value}` must end in `/`: photos are at "
            f"{value}/media/…, write `{value}/`",
        }
    return None


@dataclass(frozen=True)
class Page:
    """One generated page: a docs-relative Markdown path, front matter and body.

    ``path`` follows MkDocs' layout: ``products/kopi/arabika.md`` is served at
    ``products/kopi/arabika/``.
    """

    path: str
    meta: dict[str, Any]
    body: str

    @property
    def url(self) -> str:
        return page_url(self.path)

    def markdown(self, body: str | None = None) -> str:
        """The page as a Markdown file; ``body`` replaces the HTML body (adapters that
        hand the HTML to the engine separately, skipping a Markdown pass over it)."""
        front = yaml.dump(self.meta, Dumper=_DUMPER, sort_keys=True, allow_unicode=True, width=1000)
        return f"---\n{front}---\n\n{self.body if body is None else body}\n"


@dataclass(frozen=True)
class Asset:
    """A non-page file of the site (feeds, robots.txt), path relative to the site root."""

    path: str
    content: bytes


@dataclass
class SiteContent:
    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    images: list[Any] = field(default_factory=list)
    """Processed images to publish under the site root."""


def page_url(path: str) -> str:
    """Directory-style URL of a docs-relative Markdown path."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(target: str, current: str) -> str:
    """Link from the page at URL ``current`` to site-root-relative ``target``."""
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    rel = _relpath(target or ".", base or ".")
    if (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        return "./"
    return rel


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two site-root-relative paths, without its two
    ``abspath`` calls (each asks the OS for the working directory: 5 s of a
    10,000-product build, whose pages hold 170,000 links). Absolute paths and paths
    going up (``..``) are left to ``relpath``."""
    to, here = path.split("/"), start.split("/")
    if not to[0] or not here[0] or ".." in to or ".." in here:
        return posixpath.relpath(path, start)
    to = [part for part in to if part and part != "."]
    here = [part for part in here if part and part != "."]
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    rel = [".."] * (len(here) - common) + to[common:]
    return "/".join(rel) if rel else "."

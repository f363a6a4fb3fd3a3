"""What a build publishes: bytes and files by kind, against the chosen host's limits.

Every ``catalog build`` measures the finished ``site/`` (:func:`measure`), checks it
against the limits of the host named in mkdocs.yml ``extra.publish.host``
(``catalog/data/hosts.yaml``; default ``github-pages``) and keeps the result beside the
site as ``site.catalog-size.json`` (:func:`size_path`; never inside it, so it is never
published and never counts itself), where ``catalog report`` finds it.

Kinds (the first that matches): ``media`` (``media/``, the processed photos),
``search`` (``pagefind/``), ``assets`` (``assets/``: the theme's and Material's CSS,
JS, icons), ``html`` (any other ``*.html``), ``other`` (feeds, sitemaps, JSON, CSV,
robots.txt, the public manifest).

A limit is *near* from :data:`NEAR` (80 %) of it, *over* past it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..core import i18n

KINDS = ("html", "media", "search", "assets", "other")
NEAR = 0.8
DEFAULT_HOST = "github-pages"
SIZE_NAME = "catalog-size.json"
SIZE_FORMAT = 1
LIMITS = ("site_bytes", "files", "file_bytes")


def kind_of(rel: str) -> str:
    """The kind of the site file at site-relative POSIX path ``rel``."""
    top = rel.split("/", 1)[0]
    if top == "media" and "/" in rel:
        return "media"
    if top == "pagefind" and "/" in rel:
        return "search"
    if top == "assets" and "/" in rel:
        return "assets"
    if rel.endswith(".html"):
        return "html"
    return "other"


@dataclass(frozen=True)
class Host:
    id: str
    name: str
    site_bytes: int | None = None
    files: int | None = None
    file_bytes: int | None = None
    files_include_folders: bool = False
    sources: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


class UnknownHost(ValueError):
    def __init__(self, host: str):
        super().__init__(host)
        self.host = host
        self.known = tuple(hosts())


@cache
def hosts() -> dict[str, Host]:
    """The hosts of ``catalog/data/hosts.yaml`` by id."""
    raw = yaml.safe_load(
        resources.files("catalog.data").joinpath("hosts.yaml").read_text(encoding="utf-8")
    )
    return {
        key: Host(
            id=key,
            name=value["name"],
            site_bytes=value.get("site_bytes"),
            files=value.get("files"),
            file_bytes=value.get("file_bytes"),
            files_include_folders=bool(value.get("files_include_folders", False)),
            sources=dict(value.get("sources") or {}),
            notes=dict(value.get("notes") or {}),
        )
        for key, value in raw.items()
    }


def host(name: str | None) -> Host:
    """The host called ``name`` (None: :data:`DEFAULT_HOST`); :class:`UnknownHost` if none is."""
    found = hosts().get(name or DEFAULT_HOST)
    if found is None:
        raise UnknownHost(str(name))
    return found


class BadLimits(ValueError):
    """mkdocs.yml ``extra.publish.limits`` is not a mapping of known limits to whole numbers."""


def configured_host(publish: dict | None) -> Host:
    """The host of mkdocs.yml ``extra.publish`` (``host``), with any figure of
    ``extra.publish.limits`` (``site_bytes``, ``files``, ``file_bytes``) in place of the
    vendor's: a self-managed GitLab's own limit, a plan with more files."""
    publish = publish or {}
    target = host(publish.get("host"))
    limits = publish.get("limits")
    if limits is None:
        return target
    if not isinstance(limits, dict) or any(
        k not in LIMITS or not isinstance(v, int) or isinstance(v, bool) or v <= 0
        for k, v in limits.items()
    ):
        raise BadLimits(str(limits))
    return replace(
        target,
        **limits,
        sources={**target.sources, **{k: "mkdocs.yml extra.publish.limits" for k in limits}},
    )


@dataclass(frozen=True)
class Check:
    """One limit of the host against the site: ``state`` is ``ok``, ``near`` or ``over``."""

    limit: str
    value: int
    maximum: int
    source: str | None
    path: str | None = None
    """For ``file_bytes``: the largest file."""

    @property
    def ratio(self) -> float:
        return self.value / self.maximum

    @property
    def state(self) -> str:
        if self.value > self.maximum:
            return "over"
        return "near" if self.ratio >= NEAR else "ok"


@dataclass(frozen=True)
class SiteSize:
    files: dict[str, int]
    bytes: dict[str, int]
    folders: int
    largest: tuple[str, int] | None
    """(site-relative path, bytes) of the largest file."""

    @property
    def total_files(self) -> int:
        return sum(self.files.values())

    @property
    def total_bytes(self) -> int:
        return sum(self.bytes.values())

    def checks(self, target: Host) -> list[Check]:
        """Every limit ``target`` states, measured on this site."""
        out = []
        if target.site_bytes is not None:
            out.append(
                Check(
                    "site_bytes",
                    self.total_bytes,
                    target.site_bytes,
                    target.sources.get("site_bytes"),
                )
            )
        if target.files is not None:
            count = self.total_files + (self.folders if target.files_include_folders else 0)
            out.append(Check("files", count, target.files, target.sources.get("files")))
        if target.file_bytes is not None and self.largest is not None:
            out.append(
                Check(
                    "file_bytes",
                    self.largest[1],
                    target.file_bytes,
                    target.sources.get("file_bytes"),
                    path=self.largest[0],
                )
            )
        return out

    def as_data(self, target: Host | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "size_format": SIZE_FORMAT,
            "total": {"files": self.total_files, "bytes": self.total_bytes},
            "kinds": {k: {"files": self.files[k], "bytes": self.bytes[k]} for k in KINDS},
            "folders": self.folders,
            "largest": None
            if self.largest is None
            else {"path": self.largest[0], "bytes": self.largest[1]},
        }
        if target is not None:
            data["host"] = {
                "id": target.id,
                "name": target.name,
                "checks": [
                    {
                        "limit": c.limit,
                        "value": c.value,
                        "maximum": c.maximum,
                        "percent": round(100 * c.ratio, 1),
                        "state": c.state,
                        "source": c.source,
                        **({"path": c.path} if c.path else {}),
                    }
                    for c in self.checks(target)
                ],
            }
        return data


def walk(site_dir: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every folder and regular file under ``site_dir`` with its site-relative path
    (``/``-separated); symbolic links are neither followed nor listed."""
    stack = [("", str(site_dir))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))
                    yield rel, entry
                elif entry.is_file(follow_symlinks=False):
                    yield rel, entry


def measure(site_dir: Path) -> SiteSize:
    """Bytes and files of ``site_dir`` by kind (regular files; links are not followed)."""
    files = dict.fromkeys(KINDS, 0)
    sizes = dict.fromkeys(KINDS, 0)
    folders = 0
    largest: tuple[str, int] | None = None
    for rel, entry in walk(site_dir):
        if entry.is_dir(follow_symlinks=False):
            folders += 1
            continue
        size = entry.stat(follow_symlinks=False).st_size
        kind = kind_of(rel)
        files[kind] += 1
        sizes[kind] += size
        if largest is None or (size, rel) > (largest[1], largest[0]):
            largest = (rel, size)
    return SiteSize(files, sizes, folders, largest)


def size_path(site_dir: Path) -> Path:
    """Where a build keeps the size report of ``site_dir``: beside it
    (``site.catalog-size.json`` for ``site/``)."""
    site_dir = Path(site_dir)
    return site_dir.parent / f"{site_dir.name}.{SIZE_NAME}"


def write_size(site_dir: Path, data: dict[str, Any]) -> Path:
    """Write the size report beside ``site_dir`` in one step."""
    target = size_path(site_dir)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def read_size(site_dir: Path) -> dict[str, Any] | None:
    """The size report a build kept beside ``site_dir``, or None (none, unreadable, or
    another format)."""
    try:
        data = json.loads(size_path(site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("size_format") != SIZE_FORMAT:
        return None
    return data


# -- words (ui.yaml ``size_*``); the build logs them, ``catalog report`` shows them ---------
def amount(value: int, lang: str) -> str:
    """``value`` bytes in decimal units (kB, MB, GB: the vendors' "1 GB" is 10^9)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if value >= scale:
            return f"{i18n.number(value / scale, lang, 1)} {unit}"
    return f"{i18n.number(value, lang)} B"


def summary_line(data: dict[str, Any], lang: str) -> str:
    """One line: total files and bytes, then each kind's."""
    kinds = " · ".join(
        i18n.t(
            "size_kind",
            lang,
            kind=i18n.t(f"size_kind_{k}", lang),
            files=i18n.number(v["files"], lang),
            bytes=amount(v["bytes"], lang),
        )
        for k in KINDS
        for v in [data["kinds"][k]]
    )
    line = i18n.t(
        "size_line",
        lang,
        files=i18n.number(data["total"]["files"], lang),
        bytes=amount(data["total"]["bytes"], lang),
        kinds=kinds,
    )
    checks = (data.get("host") or {}).get("checks") or []
    if data.get("host"):
        parts = "; ".join(_check_text(c, lang) for c in checks) or i18n.t("size_no_limits", lang)
        line += "\n" + i18n.t("size_host", lang, host=data["host"]["name"], checks=parts)
    return line


def _check_text(check: dict[str, Any], lang: str) -> str:
    number = (
        (lambda v: i18n.number(v, lang))
        if check["limit"] == "files"
        else (lambda v: amount(v, lang))
    )
    return i18n.t(
        f"size_limit_{check['limit']}",
        lang,
        value=number(check["value"]),
        maximum=number(check["maximum"]),
        percent=i18n.number(check["percent"], lang, 1 if check["percent"] < 10 else 0),
        path=check.get("path", ""),
    )


def warnings(data: dict[str, Any], lang: str) -> list[str]:
    """One message per limit that is near (≥ 80 %) or passed, with the numbers and the
    vendor page the limit comes from."""
    host_data = data.get("host") or {}
    return [
        i18n.t(
            f"size_{c['state']}",
            lang,
            host=host_data["name"],
            what=_check_text(c, lang),
            source=c.get("source") or "catalog/data/hosts.yaml",
        )
        for c in host_data.get("checks", [])
        if c["state"] in ("near", "over")
    ]

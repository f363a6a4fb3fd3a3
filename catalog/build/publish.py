"""``catalog publish``: an incremental deploy of a built ``site/`` through rclone.

We compute the plan, rclone moves the bytes. The plan compares each local file's MD5
with the target's (``rclone lsjson --hash``: S3's ETag for single-part uploads,
rclone's own MD5 metadata for multipart ones, the file's MD5 on a local folder or SFTP
server); a file is uploaded when the target lacks it, or its size or MD5 differ, or the
target gives no MD5 for it. Modification times are never compared: every build writes
new ones. A second publish of an unchanged build therefore uploads nothing.

Files are uploaded in phases, so a visitor never meets a page that links to something
not yet there, and deletes come last:

1. ``immutable``: content-hashed files (photos ``media/…-<32 hex>-…``, Pagefind's hashed
   index, fragment, filter and meta files, Material's ``*.<8 hex>.min.js|css``);
2. ``assets``: the rest of ``assets/`` and ``pagefind/`` (unhashed CSS, JS, WebAssembly);
3. ``pages``: every ``*.html``;
4. ``lists``: what points at pages: sitemaps, feeds, ``*.json``, ``*.csv``, robots.txt;
5. delete what the site no longer has (``--no-delete`` keeps it).

Headers (S3-compatible targets; a local folder or SFTP server ignores them; a web
server sets its own): ``Content-Type`` from :data:`CONTENT_TYPES` (by extension, the
same on every machine), ``Cache-Control`` :data:`IMMUTABLE` for phase 1 and
:data:`SHORT` (5 minutes) for the rest. rclone sets headers per invocation
(``--header-upload``), so each phase runs one ``rclone copy --files-from-raw`` per
content type.

Photos on their own base URL (the plugin's ``media_url``): with a ``media_target``,
``media/`` goes there first (its own plan: only ``media/`` of that target is listed,
uploaded to and deleted from, so the bucket may hold other things), then the rest of the
site to the pages' target, which then neither uploads nor deletes anything under
``media/``.

Targets: a local folder; ``user@host:/path`` (SFTP, as rsync takes it; keys from the
ssh-agent or rclone's config); ``s3://bucket/prefix`` (rclone's S3 backend configured
from mkdocs.yml ``extra.publish.s3`` - provider, endpoint, region - and the environment:
``RCLONE_S3_*``/``AWS_*`` variables, never mkdocs.yml, hold credentials); or any rclone
remote (``name:path`` from ``rclone config``, or a connection string ``:backend,…:path``).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .size import walk

IMMUTABLE = "public, max-age=31536000, immutable"
"""Cache-Control of content-hashed files: a changed file gets a new name."""
SHORT = "public, max-age=300"
"""Cache-Control of everything else (pages, feeds, sitemaps, unhashed assets): a CDN
or browser shows a new release within 5 minutes."""

PHASES = ("immutable", "assets", "pages", "lists")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    # Pagefind's index: binary chunks its JS fetches and decodes itself
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
"""Content-Type by extension; others: Python's :mod:`mimetypes`, else octet-stream."""

_HASHED = (
    re.compile(r"^media/.+-[0-9a-f]{32}-[^/]+$"),
    re.compile(r"^pagefind/(fragment|index|filter)/[a-z-]+_[0-9a-f]{6,}\.pf_[a-z]+$"),
    re.compile(r"^pagefind/pagefind\.[a-z-]+_[0-9a-f]{6,}\.pf_meta$"),
    re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$"),
)
_LISTS = (".xml", ".gz", ".json", ".csv", ".txt", ".webmanifest")


def content_type(rel: str) -> str:
    suffix = os.path.splitext(rel)[1].lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(rel, strict=True)
    return guessed or "application/octet-stream"


def phase_of(rel: str) -> str:
    """The upload phase of site-relative path ``rel`` (see the module's docstring)."""
    if any(p.match(rel) for p in _HASHED):
        return "immutable"
    if rel.endswith(".html"):
        return "pages"
    top = rel.split("/", 1)[0]
    if top in ("assets", "pagefind") and "/" in rel:
        return "assets"
    if rel.endswith(_LISTS):
        return "lists"
    return "assets"


def cache_control(rel: str) -> str:
    return IMMUTABLE if phase_of(rel) == "immutable" else SHORT


# -- errors --------------------------------------------------------------------------------
class PublishError(Exception):
    """A bilingual message; ``usage`` is True for a mistake in the command or the set-up
    (exit 2), False for a target that failed (exit 1)."""

    def __init__(self, id_text: str, en_text: str, *, usage: bool = True):
        super().__init__(en_text)
        self.text = {"id": id_text, "en": en_text}
        self.usage = usage


# -- settings and targets --------------------------------------------------------------------
_SECRET = re.compile(r"secret|password|passwd|token|access_key|key_id|session", re.I)
S3_SETTINGS = ("provider", "endpoint", "region", "acl", "location_constraint", "force_path_style")
"""What mkdocs.yml ``extra.publish.s3`` may set: where the bucket is, never who may write."""


@dataclass(frozen=True)
class Target:
    remote: str
    """What rclone is given (a local path, ``:sftp,…:path``, ``:s3:bucket/path``, …)."""
    shown: str
    """What the user wrote."""
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment for rclone (S3 settings from mkdocs.yml; the user's own
    environment wins)."""
    local: bool = False


def settings_problem(publish: object) -> PublishError | None:
    """A problem of mkdocs.yml ``extra.publish``, or None: credentials never belong there."""
    if publish is None:
        return None
    if not isinstance(publish, dict):
        return PublishError(
            "extra.publish di mkdocs.yml harus berupa pemetaan (kunci: nilai)",
            "extra.publish in mkdocs.yml must be a mapping (key: value)",
        )

    def walk(value: object, where: str) -> str | None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if _SECRET.search(str(key)):
                    return f"{where}.{key}"
                found = walk(inner, f"{where}.{key}")
                if found:
                    return found
        return None

    secret = walk(publish, "extra.publish")
    if secret:
        return PublishError(
            f"`{secret}`: kredensial tidak boleh ada di mkdocs.yml (masuk ke git); pakai "
            "variabel lingkungan (RCLONE_S3_ACCESS_KEY_ID, RCLONE_S3_SECRET_ACCESS_KEY atau "
            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) atau `rclone config`",
            f"`{secret}`: credentials do not belong in mkdocs.yml (it is in git); use "
            "environment variables (RCLONE_S3_ACCESS_KEY_ID, RCLONE_S3_SECRET_ACCESS_KEY or "
            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or `rclone config`",
        )
    s3 = publish.get("s3")
    if s3 is not None and not isinstance(s3, dict):
        return PublishError(
            "extra.publish.s3 harus berupa pemetaan", "extra.publish.s3 must be a mapping"
        )
    unknown = sorted(set(s3 or {}) - set(S3_SETTINGS))
    if unknown:
        return PublishError(
            f"extra.publish.s3: kunci tidak dikenal {', '.join(unknown)} (boleh: "
            f"{', '.join(S3_SETTINGS)})",
            f"extra.publish.s3: unknown keys {', '.join(unknown)} (allowed: "
            f"{', '.join(S3_SETTINGS)})",
        )
    return None


_RSYNC = re.compile(r"^(?P<user>[^@/:\s]+)@(?P<host>[^@/:\s]+):(?P<path>.*)$")


def _quote(value: str) -> str:
    """A value in an rclone connection string."""
    return "'" + value.replace("'", "''") + "'" if re.search(r"[,:='\"]", value) else value


def resolve_target(spec: str, publish: dict | None = None, *, cwd: Path | None = None) -> Target:
    """The rclone remote for what the user wrote (flag, environment or mkdocs.yml)."""
    spec = spec.strip()
    if not spec:
        raise PublishError("tujuan kosong", "empty target")
    if spec.startswith("s3://"):
        bucket_path = spec[len("s3://") :].strip("/")
        if not bucket_path:
            raise PublishError(
                f"`{spec}`: nama bucket tidak ada", f"`{spec}`: the bucket name is missing"
            )
        env = {"RCLONE_S3_ENV_AUTH": "true", "RCLONE_S3_PROVIDER": "Other"}
        for key, value in ((publish or {}).get("s3") or {}).items():
            if value is not None:
                env[f"RCLONE_S3_{key.upper()}"] = (
                    str(value).lower() if isinstance(value, bool) else str(value)
                )
        return Target(f":s3:{bucket_path}", spec, env)
    rsync = _RSYNC.match(spec)
    if rsync:
        remote = f":sftp,host={_quote(rsync['host'])},user={_quote(rsync['user'])}:{rsync['path']}"
        return Target(remote, spec)
    if re.match(r"^:?[A-Za-z0-9_.,=' -]+:", spec) and not re.match(r"^[A-Za-z]:[\\/]", spec):
        return Target(spec, spec)  # an rclone remote or connection string
    path = Path(spec)
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    return Target(str(path), spec, local=True)


# -- the plan --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FileInfo:
    size: int
    md5: str | None


@dataclass
class Group:
    phase: str
    content_type: str
    cache_control: str
    files: list[str] = field(default_factory=list)
    bytes: int = 0


@dataclass
class Plan:
    uploads: list[Group]
    """In upload order: phase by phase, then content type."""
    delete: list[str]
    delete_bytes: int
    unchanged: int
    unchanged_bytes: int
    no_hash: int
    """Target files that came without an MD5 (uploaded again)."""
    keep_deleted: bool = False

    def phase_totals(self) -> dict[str, tuple[int, int]]:
        out = {p: (0, 0) for p in PHASES}
        for g in self.uploads:
            files, size = out[g.phase]
            out[g.phase] = (files + len(g.files), size + g.bytes)
        return out

    @property
    def upload_files(self) -> list[str]:
        return [f for g in self.uploads for f in g.files]


def local_files(site_dir: Path) -> dict[str, FileInfo]:
    """Every regular file of ``site_dir`` with its size and MD5, by site-relative path."""
    out: dict[str, FileInfo] = {}
    for rel, entry in walk(site_dir):
        if entry.is_file(follow_symlinks=False):
            with open(entry.path, "rb") as fh:
                digest = hashlib.file_digest(fh, "md5").hexdigest()
            out[rel] = FileInfo(entry.stat(follow_symlinks=False).st_size, digest)
    return out


def make_plan(
    local: dict[str, FileInfo], remote: dict[str, FileInfo], *, delete: bool = True
) -> Plan:
    groups: dict[tuple[str, str], Group] = {}
    unchanged = unchanged_bytes = no_hash = 0
    for rel in sorted(local):
        mine, theirs = local[rel], remote.get(rel)
        if theirs is not None and theirs.md5 is None:
            no_hash += 1
        if theirs is not None and theirs.size == mine.size and theirs.md5 == mine.md5:
            unchanged += 1
            unchanged_bytes += mine.size
            continue
        phase, ctype = phase_of(rel), content_type(rel)
        group = groups.setdefault(
            (phase, ctype), Group(phase, ctype, IMMUTABLE if phase == "immutable" else SHORT)
        )
        group.files.append(rel)
        group.bytes += mine.size
    order = {p: i for i, p in enumerate(PHASES)}
    uploads = sorted(groups.values(), key=lambda g: (order[g.phase], g.content_type))
    gone = sorted(set(remote) - set(local))
    return Plan(
        uploads=uploads,
        delete=gone,
        delete_bytes=sum(remote[r].size for r in gone),
        unchanged=unchanged,
        unchanged_bytes=unchanged_bytes,
        no_hash=no_hash,
        keep_deleted=not delete,
    )


# -- rclone ----------------------------------------------------------------------------------
RCLONE_HELP = {
    "id": "rclone tidak ditemukan: pasang dengan `sudo apt-get install rclone` (Debian/Ubuntu), "
    "`brew install rclone` (macOS) atau dari https://rclone.org/install/",
    "en": "rclone not found: install it with `sudo apt-get install rclone` (Debian/Ubuntu), "
    "`brew install rclone` (macOS) or from https://rclone.org/install/",
}


@dataclass
class Rclone:
    target: Target
    binary: str = "rclone"
    timeout: float | None = None

    def __post_init__(self) -> None:
        found = shutil.which(self.binary)
        if found is None:
            raise PublishError(RCLONE_HELP["id"], RCLONE_HELP["en"])
        self.binary = found

    def _env_and_flags(self) -> tuple[dict[str, str], list[str]]:
        env = {**self.target.env, **os.environ}  # the user's own settings win
        flags: list[str] = []
        bundle = env.pop("AWS_CA_BUNDLE", None)
        if bundle:  # rclone's S3 client rejects AWS_CA_BUNDLE; --ca-cert means the same
            flags += ["--ca-cert", bundle]
        return env, flags

    def run(self, args: list[str], *, what: str) -> subprocess.CompletedProcess:
        env, flags = self._env_and_flags()
        cmd = [self.binary, *args, *flags]
        proc = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=self.timeout, check=False
        )
        if proc.returncode != 0:
            detail = _last_error(proc.stderr)
            raise PublishError(
                f"rclone gagal saat {what['id']} (kode {proc.returncode}): {detail}",
                f"rclone failed while {what['en']} (exit {proc.returncode}): {detail}",
                usage=False,
            )
        return proc

    def listing(self, under: str = "") -> dict[str, FileInfo]:
        """What the target holds: size and MD5 (None when it gives none) by path; with
        ``under`` (a folder, e.g. ``media``) only what is in that folder, paths still from
        the target's root."""
        remote = self.target.remote
        if under:
            remote = (
                remote.rstrip("/") + "/" + under if not remote.endswith(":") else remote + under
            )
        if self.target.local and not Path(remote).exists():
            return {}
        proc = self.run(
            [
                "lsjson",
                "-R",
                "--files-only",
                "--hash",
                "--hash-type",
                "md5",
                "--no-modtime",
                "--no-mimetype",
                remote,
            ],
            what={"id": "membaca isi tujuan", "en": "listing the target"},
        )
        out = {}
        for item in json.loads(proc.stdout or "[]"):
            md5 = (item.get("Hashes") or {}).get("md5") or None
            path = f"{under}/{item['Path']}" if under else item["Path"]
            out[path] = FileInfo(int(item["Size"]), md5)
        return out

    def upload(self, site_dir: Path, group: Group, list_file: Path) -> int:
        list_file.write_text("".join(f + "\n" for f in group.files), encoding="utf-8")
        proc = self.run(
            [
                "copy",
                str(site_dir),
                self.target.remote,
                "--files-from-raw",
                str(list_file),
                "--no-traverse",
                "--checksum",
                "--no-update-modtime",
                "--header-upload",
                f"Content-Type: {group.content_type}",
                "--header-upload",
                f"Cache-Control: {group.cache_control}",
                "--use-json-log",
                "-v",
                "--stats",
                "0",
            ],
            what={"id": f"mengunggah {group.phase}", "en": f"uploading {group.phase}"},
        )
        return _count_log(proc.stderr, "Copied")

    def delete(self, files: list[str], list_file: Path) -> int:
        list_file.write_text("".join(f + "\n" for f in files), encoding="utf-8")
        proc = self.run(
            [
                "delete",
                self.target.remote,
                "--files-from-raw",
                str(list_file),
                "--use-json-log",
                "-v",
                "--stats",
                "0",
            ],
            what={"id": "menghapus", "en": "deleting"},
        )
        deleted = _count_log(proc.stderr, "Deleted")
        if self.target.local or self.target.remote.startswith(":sftp"):
            self.run(  # folders left empty (object stores have none)
                ["rmdirs", self.target.remote, "--leave-root"],
                what={"id": "menghapus folder kosong", "en": "removing empty folders"},
            )
        return deleted


def _count_log(stderr: str, prefix: str) -> int:
    count = 0
    for line in stderr.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and str(record.get("msg", "")).startswith(prefix):
            count += 1
    return count


def _last_error(stderr: str) -> str:
    lines = []
    for line in stderr.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        text = record.get("msg", "") if isinstance(record, dict) else line
        if text and "Config file" not in text:
            lines.append(text.strip())
    return lines[-1] if lines else "?"


# -- publish -----------------------------------------------------------------------------------
@dataclass
class Result:
    plan: Plan
    dry_run: bool
    uploaded: int = 0
    """Files rclone reports as copied."""
    deleted: int = 0
    seconds: float = 0.0
    media: Result | None = None
    """What went to the media target (``media/``), when there is one."""


def check_site(site_dir: Path) -> None:
    """Refuse to publish a folder that is not a finished catalogue build: syncing an empty
    or wrong folder would delete the live site."""
    if not site_dir.is_dir():
        raise PublishError(
            f"folder situs `{site_dir}` tidak ada; jalankan `catalog build` dulu",
            f"site folder `{site_dir}` does not exist; run `catalog build` first",
        )
    if (
        not (site_dir / "index.html").is_file()
        or not (site_dir / "catalog-manifest.json").is_file()
    ):
        raise PublishError(
            f"`{site_dir}` bukan hasil `catalog build` (tidak ada index.html dan "
            "catalog-manifest.json); tidak diterbitkan agar situs yang tayang tidak terhapus",
            f"`{site_dir}` is not a `catalog build` output (no index.html and "
            "catalog-manifest.json); not published, so the live site is not wiped",
        )


MEDIA = "media"
"""The folder of photos in a built site (what a media target receives)."""


def publish(
    site_dir: Path,
    target: Target,
    *,
    dry_run: bool = False,
    delete: bool = True,
    rclone: Rclone | None = None,
    progress: Callable[[str, int], None] | None = None,
    media_target: Target | None = None,
) -> Result:
    """Plan and (unless ``dry_run``) carry out the deploy of ``site_dir`` to ``target``;
    with ``media_target``, ``media/`` goes there first and the pages' target leaves
    ``media/`` alone."""
    check_site(site_dir)
    started = time.monotonic()
    local = local_files(site_dir)
    media_result = None
    if media_target is not None:
        prefix = MEDIA + "/"
        photos = {rel: info for rel, info in local.items() if rel.startswith(prefix)}
        local = {rel: info for rel, info in local.items() if not rel.startswith(prefix)}
        media_result = _carry_out(
            site_dir, photos, Rclone(media_target), dry_run, delete, progress, under=MEDIA
        )
    rclone = rclone or Rclone(target)
    result = _carry_out(
        site_dir,
        local,
        rclone,
        dry_run,
        delete,
        progress,
        leave=MEDIA if media_target is not None else None,
    )
    result.media = media_result
    result.seconds = time.monotonic() - started
    return result


def _carry_out(
    site_dir: Path,
    local: dict[str, FileInfo],
    rclone: Rclone,
    dry_run: bool,
    delete: bool,
    progress: Callable[[str, int], None] | None,
    *,
    under: str | None = None,
    leave: str | None = None,
) -> Result:
    """One target's plan and upload of ``local``. ``under``: only that folder of the
    target is listed (a media target); ``leave``: a folder of the target neither
    uploaded to nor deleted from (the pages' target of a split site)."""
    started = time.monotonic()
    remote = rclone.listing(under or "")
    if leave is not None:
        remote = {rel: i for rel, i in remote.items() if not rel.startswith(leave + "/")}
    plan = make_plan(local, remote, delete=delete)
    result = Result(plan, dry_run)
    if dry_run:
        result.seconds = time.monotonic() - started
        return result
    with tempfile.TemporaryDirectory(prefix="catalog-publish-") as tmp:
        lists = Path(tmp)
        for n, group in enumerate(plan.uploads):
            result.uploaded += rclone.upload(site_dir, group, lists / f"upload-{n}.txt")
            if progress:
                progress(group.phase, len(group.files))
        if delete and plan.delete:
            result.deleted = rclone.delete(plan.delete, lists / "delete.txt")
            if progress:
                progress("delete", len(plan.delete))
    result.seconds = time.monotonic() - started
    return result

"""The persistent cache: content-addressed files plus a small SQLite index.

Layout under the cache folder (default ``.cache/images`` in the project)::

    index.sqlite3                       the index (stdlib sqlite3, WAL mode)
    ab/ab12...ef-0123456789abcdef-800.avif   <source sha256>-<settings key>-<width>.<ext>

Why this shape:

* Files are named by the source's content hash and the settings key, never
  by product: renaming a product or moving a photo costs nothing, and two
  products sharing a photo share its files. Names for the site (with the
  product slug) are given at publish time.
* The index remembers each source's size and mtime (ns) with its hash, so an
  unchanged photo is not even read on a rebuild; and for every output file
  its size, mtime and SHA-256. Problems that the bytes alone decide (not an
  image, damaged, unsupported format) are remembered too. A cached file whose size differs is rebuilt;
  one whose mtime moved is re-hashed (cheap, rare) and rebuilt if the hash
  differs. Truncated or edited cache files are therefore never published.
* Writes go to a temporary file in the same folder, then ``os.replace``: a
  concurrent build sees the old file or the new one, never half of one; the
  content is deterministic, so two builds racing on a name write equal bytes.
* Index updates are collected in memory and written in one short
  transaction at the end, so parallel builds on one cache do not block each
  other for long. A corrupt index is discarded (it is only a cache).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

log = logging.getLogger("catalog.images")

INDEX_NAME = "index.sqlite3"
_SCHEMA = 1


@dataclass(frozen=True)
class CachedFile:
    """One output file in the cache, as recorded in the index."""

    name: str  # relative to the cache folder, posix separators
    format: str  # "avif" | "jpeg"
    width: int
    height: int
    bytes: int
    sha256: str
    mtime_ns: int


@dataclass(frozen=True)
class CacheEntry:
    """Everything known about one (source bytes, settings) pair."""

    stored_size: tuple[int, int]  # as in the file header, for the acceptance re-check
    width: int  # after EXIF orientation
    height: int
    alpha: bool
    placeholder_color: str
    placeholder_uri: str
    variants: dict[str, tuple[str, ...]]  # format -> file names, ascending width
    og: str  # file name of the Open Graph JPEG
    files: tuple[CachedFile, ...]

    def file(self, name: str) -> CachedFile:
        for f in self.files:
            if f.name == name:
                return f
        raise KeyError(name)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> CacheEntry:
        data = json.loads(text)
        return cls(
            stored_size=tuple(data["stored_size"]),
            width=data["width"],
            height=data["height"],
            alpha=data["alpha"],
            placeholder_color=data["placeholder_color"],
            placeholder_uri=data["placeholder_uri"],
            variants={k: tuple(v) for k, v in data["variants"].items()},
            og=data["og"],
            files=tuple(CachedFile(**f) for f in data["files"]),
        )


def sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def output_name(srchash: str, setkey: str, suffix: str) -> str:
    """Cache-relative name of an output: fanned out by the hash's first byte."""
    return f"{srchash[:2]}/{srchash}-{setkey}-{suffix}"


def atomic_write(path: Path, data: bytes) -> int:
    """Write ``data`` to ``path`` via a same-folder temporary file; return mtime_ns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make published hardlinks unreadable
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return os.stat(path).st_mtime_ns


def check_file(cache_dir: Path, f: CachedFile) -> CachedFile | None:
    """The file's record if it is intact (mtime refreshed when re-hashed), else None."""
    path = cache_dir / f.name
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_size != f.bytes:
        return None
    if st.st_mtime_ns == f.mtime_ns:
        return f
    try:
        if sha256_file(path) != f.sha256:
            return None
    except OSError:
        return None
    return replace(f, mtime_ns=st.st_mtime_ns)


class CacheIndex:
    """The SQLite index: source stat -> hash, and entry key -> :class:`CacheEntry`."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)
        self._sources: dict[str, tuple[int, int, str]] = {}
        self._entries: dict[str, str] = {}
        self._failures: dict[str, tuple[str, str]] = {}
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            log.warning("images: cache index unreadable (%s); starting a new one", exc)
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.unlink(cache_dir / (INDEX_NAME + suffix))
                except FileNotFoundError:
                    pass
            self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.cache_dir / INDEX_NAME, timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, size INTEGER, "
            "mtime_ns INTEGER, sha256 TEXT)"
        )
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data TEXT)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS failures (key TEXT PRIMARY KEY, code TEXT, params TEXT)"
        )
        row = db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
        if row is None:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(_SCHEMA),))
        elif row[0] != str(_SCHEMA):
            db.execute("DELETE FROM sources")
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM failures")
            db.execute("UPDATE meta SET v=? WHERE k='schema'", (str(_SCHEMA),))
        db.commit()
        db.execute("SELECT count(*) FROM entries").fetchone()  # fails early when corrupt
        return db

    def source_hash(self, path: str, size: int, mtime_ns: int) -> str | None:
        row = self._db.execute(
            "SELECT size, mtime_ns, sha256 FROM sources WHERE path=?", (path,)
        ).fetchone()
        if row and row[0] == size and row[1] == mtime_ns:
            return row[2]
        return None

    def remember_source(self, path: str, size: int, mtime_ns: int, sha: str) -> None:
        self._sources[path] = (size, mtime_ns, sha)

    def entry(self, key: str) -> CacheEntry | None:
        row = self._db.execute("SELECT data FROM entries WHERE key=?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return CacheEntry.from_json(row[0])
        except (ValueError, KeyError, TypeError):
            return None

    def store(self, key: str, entry: CacheEntry) -> None:
        self._entries[key] = entry.to_json()

    def failure(self, key: str) -> tuple[str, dict[str, object]] | None:
        """A remembered content problem (I401/I402/I405) of these bytes."""
        row = self._db.execute("SELECT code, params FROM failures WHERE key=?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return row[0], json.loads(row[1])
        except ValueError:
            return None

    def store_failure(self, key: str, code: str, params: dict[str, object]) -> None:
        self._failures[key] = (code, json.dumps(params, sort_keys=True, default=str))

    def flush(self) -> None:
        """Write the collected updates in one transaction."""
        if not self._sources and not self._entries and not self._failures:
            return
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?)",
                [(k, *v) for k, v in self._failures.items()],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
                [(p, *v) for p, v in self._sources.items()],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?, ?)", list(self._entries.items())
            )
        self._sources.clear()
        self._entries.clear()
        self._failures.clear()

    def close(self) -> None:
        self._db.close()

"""The search index: run Pagefind over a built site (engine-independent).

Pagefind reads the HTML the site engine wrote and adds ``pagefind/`` (a
chunked index per language, split by ``<html lang>``, plus its JS API) next to
it. Only elements marked ``data-pagefind-body`` are indexed (product,
supplier and category content); ``data-pagefind-ignore`` leaves out
navigation, facts tables and card grids, ``data-pagefind-filter`` /
``-sort`` / ``-meta`` attributes become facets, sort keys and result data.

The binary is the pinned one shipped by the ``pagefind[bin]`` wheel (found
through the ``pagefind`` Python package); it needs no network. The run is
deterministic: it ignores ``PAGEFIND_*`` variables and any ``pagefind.yml``
of the working directory, so identical HTML gives identical index files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("catalog.build.search")

GENTLE_NICENESS = 10
"""Niceness of a Pagefind run made in the background (``catalog serve``): the pages of
the next saved edit come first on a machine with two cores."""
OUTPUT_SUBDIR = "pagefind"
"""Where the bundle goes, relative to the site root (pages load ``pagefind/pagefind.js``)."""

# Bundles Pagefind always writes that the catalogue does not load (it uses the JS API).
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


NO_BODY_MESSAGE = "Did not find a data-pagefind-body element"
"""What Pagefind 1.x prints before falling back to indexing every page whole."""


class SearchIndexError(RuntimeError):
    """Pagefind is missing, failed, or indexed nothing: the site has no working search."""


@dataclass(frozen=True)
class IndexResult:
    bundle: Path
    pages: dict[str, int]
    """Indexed pages per language (``{"en": 32, "id": 32}``)."""
    seconds: float


def executable() -> Path:
    """The Pagefind binary of the installed ``pagefind[bin]`` wheel."""
    try:
        from pagefind_bin import get_executable  # the pinned wheel's binary

        return Path(get_executable())
    except (ImportError, FileNotFoundError):
        pass
    try:
        from pagefind.service import get_executable as find
    except ImportError:
        find = None
    found = find() if find else None
    if found is None or not Path(found).is_file():
        raise SearchIndexError(
            "Pagefind tidak terpasang; pasang dependensi dari requirements.lock "
            "(paket `pagefind[bin]`) / Pagefind is not installed; install the pinned "
            "dependencies from requirements.lock (package `pagefind[bin]`)"
        )
    return Path(found)


def build_index(
    site_dir: Path,
    *,
    source_dir: Path | None = None,
    source_dirs: list[Path] | None = None,
    discard_sources: bool = False,
    timeout: float = 600.0,
    keep_ui: bool = False,
    require_body: bool = True,
) -> IndexResult:
    """Index ``site_dir`` in place; raise :class:`SearchIndexError` if that fails.

    ``source_dir``: read the pages from there instead (same relative paths as in the
    site, e.g. only the searchable part of each page), write the bundle into the site.
    ``source_dirs``: several such folders, e.g. one per language, indexed one after
    the other and merged into one bundle: a Pagefind run holds every page it reads
    in memory, so at 10,000 products (22,000 pages) one run peaks at 1.6 GB and a
    run per language at 1.05 GB.
    ``discard_sources``: delete each source folder once its run has read it.
    ``require_body``: a site without any ``data-pagefind-body`` element is an error
    (Pagefind would index every page whole: navigation, footers, listings), and so
    is a run that indexes no page at all.
    """
    return start_index(
        site_dir,
        source_dir=source_dir,
        source_dirs=source_dirs,
        discard_sources=discard_sources,
        keep_ui=keep_ui,
        require_body=require_body,
    ).result(timeout)


class IndexRun:
    """Pagefind running in the background (:func:`start_index`): one run per source
    folder, each started when the one before has finished."""

    def __init__(
        self,
        steps: list[tuple[Path, Path]],
        bundle: Path,
        env: dict[str, str],
        *,
        keep_ui: bool,
        require_body: bool,
        discard_sources: bool = False,
        gentle: bool = False,
    ):
        self.gentle = gentle
        self.steps, self.bundle, self.env = list(steps), bundle, env
        self.discard_sources, self.source = discard_sources, None
        self.keep_ui, self.require_body = keep_ui, require_body
        self.started = time.perf_counter()
        self.outputs: list[Path] = []
        self.proc = self._next()

    def _next(self) -> subprocess.Popen:
        source, output = self.steps.pop(0)
        self.source = source
        shutil.rmtree(output, ignore_errors=True)  # no stale fragments from an earlier run
        self.outputs.append(output)
        cmd = [str(executable()), "--site", str(source), "--output-path", str(output)]
        try:
            # cwd = the source: Pagefind reads pagefind.{yml,toml,json} from its working
            # directory.
            proc = subprocess.Popen(
                cmd,
                cwd=source,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError as exc:
            raise SearchIndexError(
                f"Pagefind gagal dijalankan / Pagefind could not run: {exc}"
            ) from None
        if self.gentle:  # behind the work someone waits for (serve: the next saved edit)
            try:
                os.setpriority(os.PRIO_PROCESS, proc.pid, GENTLE_NICENESS)
            except (AttributeError, OSError):
                pass
        return proc

    def cancel(self) -> None:
        self.steps.clear()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()

    def _wait(self, timeout: float) -> str:
        try:
            stdout, stderr = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.cancel()
            raise SearchIndexError(
                f"Pagefind gagal dijalankan / Pagefind could not run: {exc}"
            ) from None
        output = (stdout + stderr).strip()
        if self.discard_sources and self.source is not None:
            shutil.rmtree(self.source, ignore_errors=True)
        if self.proc.returncode != 0:
            tail = "\n".join(output.splitlines()[-20:])
            raise SearchIndexError(
                f"Pagefind gagal (kode {self.proc.returncode}) / Pagefind "
                f"failed (exit {self.proc.returncode}):\n{tail}"
            )
        return output

    def result(self, timeout: float = 600.0) -> IndexResult:
        """Wait for the runs; merge, check, canonicalize and trim the bundle."""
        deadline = time.perf_counter() + timeout
        outputs = [self._wait(timeout)]
        while self.steps:
            self.proc = self._next()
            outputs.append(self._wait(max(1.0, deadline - time.perf_counter())))
        seconds = time.perf_counter() - self.started
        output = "\n".join(outputs)
        bundle = self.bundle
        if len(self.outputs) > 1:
            _merge(bundle, self.outputs[1:])
        entry_file = bundle / "pagefind-entry.json"
        try:
            entry = json.loads(entry_file.read_text(encoding="utf-8"))
            pages = {
                lang: int(info.get("page_count", 0))
                for lang, info in sorted(entry.get("languages", {}).items())
            }
        except (OSError, ValueError, AttributeError) as exc:
            raise SearchIndexError(
                f"indeks Pagefind tidak lengkap / Pagefind wrote no usable "
                f"index ({entry_file.name}: {exc})"
            ) from None
        if not sum(pages.values()) or (self.require_body and NO_BODY_MESSAGE in output):
            raise SearchIndexError(
                "Pagefind tidak menemukan halaman bertanda "
                "`data-pagefind-body` / Pagefind indexed no page marked "
                "`data-pagefind-body`"
            )
        try:
            _canonicalize(bundle)
        except _FormatChanged as exc:
            log.warning(
                "search: Pagefind's index format changed (%s); the filter index files "
                "may differ between identical builds",
                exc,
            )
        if not self.keep_ui:
            for name in UNUSED_BUNDLE_FILES:
                (bundle / name).unlink(missing_ok=True)
        for line in output.splitlines():
            if "warn" in line.lower():
                log.warning("pagefind: %s", line.strip())
        log.info(
            "search: indexed %s in %.1f s%s",
            ", ".join(f"{n} {lang} pages" for lang, n in pages.items()),
            seconds,
            f" ({len(self.outputs)} runs)" if len(self.outputs) > 1 else "",
        )
        return IndexResult(bundle, pages, seconds)


def _merge(bundle: Path, parts: list[Path]) -> None:
    """Move the bundles of the other runs into the first one's, ``bundle``. Each run
    writes its languages' files; the shared ones (scripts, ``wasm.unknown``) must be
    identical, and the entry file lists the languages of all runs."""
    entry_file = bundle / "pagefind-entry.json"
    try:
        entries = [
            json.loads(f.read_text(encoding="utf-8"))
            for f in (entry_file, *(p / entry_file.name for p in parts))
        ]
    except (OSError, ValueError) as exc:
        raise SearchIndexError(
            f"indeks Pagefind tidak lengkap / Pagefind wrote no usable index ({exc})"
        ) from None
    for part in parts:
        for root, _dirs, names in os.walk(part):
            rel = os.path.relpath(root, part)
            os.makedirs(bundle / rel, exist_ok=True)
            for name in names:
                source, target = os.path.join(root, name), bundle / rel / name
                if rel == "." and name == entry_file.name:
                    continue
                if target.exists():
                    if target.read_bytes() != Path(source).read_bytes():
                        raise SearchIndexError(
                            f"indeks per bahasa tidak cocok / the per-language "
                            f"indexes disagree on {rel}/{name}"
                        )
                    continue
                shutil.move(source, target)  # a rename: the parts are beside the bundle
        shutil.rmtree(part, ignore_errors=True)
    merged = dict(entries[0])
    merged["languages"] = {}
    for entry in entries:
        rest = {k: v for k, v in entry.items() if k != "languages"}
        if rest != {k: v for k, v in merged.items() if k != "languages"}:
            raise SearchIndexError(
                "indeks per bahasa tidak cocok / the per-language indexes "
                "disagree on pagefind-entry.json"
            )
        merged["languages"].update(entry.get("languages") or {})
    merged["languages"] = dict(sorted(merged["languages"].items()))
    entry_file.write_text(
        json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def existing_index(bundle: Path) -> IndexResult | None:
    """The bundle an earlier run wrote at ``bundle``, if it is whole (to keep it when
    :func:`index_key` shows it was made from the same pages)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = {lang: int(info["page_count"]) for lang, info in sorted(entry["languages"].items())}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not sum(pages.values()):
        return None
    log.info(
        "search: %s unchanged, index kept from the replaced site",
        ", ".join(f"{n} {lang} pages" for lang, n in pages.items()),
    )
    return IndexResult(bundle, pages, 0.0)


def index_key(sources, *, keep_ui: bool = False) -> str:
    """What an index is made from: the ``(site-relative path, content digest)`` of
    every source page, the Pagefind binary and this module (which trims and
    canonicalizes its bundle). Equal keys give equal bundles, byte for byte, since
    the sources are laid out in path order (:func:`catalog.mkdocs.shells.arrange`)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("pagefind_bin")
    except PackageNotFoundError:
        release = "?"
    binary = executable().stat()
    h = hashlib.sha256()
    h.update(f"{release}\0{binary.st_size}\0{binary.st_mtime_ns}\0{keep_ui}\0".encode())
    h.update(hashlib.sha256(Path(__file__).read_bytes()).digest())
    for dest, content in sorted(sources):
        h.update(f"{dest}\0{content}\n".encode())
    return h.hexdigest()


def start_index(
    site_dir: Path,
    *,
    source_dir: Path | None = None,
    source_dirs: list[Path] | None = None,
    discard_sources: bool = False,
    keep_ui: bool = False,
    require_body: bool = True,
    gentle: bool = False,
) -> IndexRun:
    """Start Pagefind on ``site_dir`` (or the source folders) and return without
    waiting (:func:`build_index` tells what the arguments do; ``gentle``: at a lower
    CPU priority, for an index made in the background)."""
    site_dir = Path(site_dir).resolve()
    if source_dirs:
        sources = [Path(d).resolve() for d in source_dirs]
    else:
        sources = [Path(source_dir).resolve() if source_dir is not None else site_dir]
    for folder in {site_dir, *sources}:
        if not folder.is_dir():
            raise SearchIndexError(
                f"situs `{folder}` tidak ada / site folder `{folder}` does not exist"
            )
    bundle = site_dir / OUTPUT_SUBDIR  # emptied by the first run's start (IndexRun._next)
    # The first run writes into the site, the others beside it (the same file system,
    # so merging them in is renames).
    steps = [
        (source, bundle if i == 0 else site_dir / f".{OUTPUT_SUBDIR}-{i}")
        for i, source in enumerate(sources)
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    return IndexRun(
        steps,
        bundle,
        env,
        keep_ui=keep_ui,
        require_body=require_body,
        discard_sources=discard_sources and bool(source_dirs or source_dir),
        gentle=gentle,
    )


# -- deterministic output ------------------------------------------------------------
# Pagefind >= 1.3 writes stable word-index and fragment files, but the per-language
# metadata (``*.pf_meta``), the filter files and ``pagefind-entry.json`` list filters,
# filter values, sort keys and languages in Rust HashMap order, which changes on
# every run (upstream issue Pagefind/pagefind#638). They are small: decode them,
# sort those lists, re-encode, and rename them after their new content. Every
# rewrite is checked first by decoding and re-encoding the original unchanged
# (it must give back the same bytes); anything unexpected leaves the bundle as is.

_MAGIC = b"pagefind_dcd"


class _FormatChanged(Exception):
    pass


def _cbor_decode(data: bytes, i: int = 0):
    """The CBOR subset Pagefind writes: unsigned ints, text, byte strings, arrays."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise _FormatChanged(f"CBOR item {head:#x}")
    if major == 0:
        return value, i
    if major in (2, 3):
        raw = data[i : i + value]
        return (raw.decode("utf-8") if major == 3 else bytes(raw)), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _cbor_decode(data, i)
            items.append(item)
        return items, i
    raise _FormatChanged(f"CBOR major type {major}")


def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise _FormatChanged("integer too large")


def _cbor_encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise _FormatChanged(f"unexpected {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise _FormatChanged("negative integer")
        return _cbor_head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    raise _FormatChanged(f"unexpected {type(value).__name__}")


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise _FormatChanged(f"{path.name}: no {_MAGIC.decode()} header")
    value, end = _cbor_decode(raw, len(_MAGIC))
    if end != len(raw) or _MAGIC + _cbor_encode(value) != raw:
        raise _FormatChanged(f"{path.name}: does not round-trip")
    return value


def _write(directory: Path, prefix: str, digits: int, suffix: str, value) -> str:
    """Write ``value`` as ``<prefix><hash><suffix>``; return the hash part of the name."""
    raw = _MAGIC + _cbor_encode(value)
    digest = prefix + hashlib.sha256(raw).hexdigest()[:digits]
    (directory / f"{digest}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return digest


def _canonicalize(bundle: Path) -> None:
    try:
        plans, entry_file, entry, languages = _plan(bundle)
    except _FormatChanged:
        raise
    except (KeyError, TypeError, ValueError, IndexError, EOFError, OSError, zlib.error) as exc:
        raise _FormatChanged(f"{type(exc).__name__}: {exc}") from None
    _rewrite(bundle, plans, entry_file, entry, languages)


def _plan(bundle: Path):
    """Read and check every file to rewrite (nothing is written here)."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    languages = entry.get("languages")
    if not isinstance(languages, dict):
        raise _FormatChanged("pagefind-entry.json has no languages")
    plans = []
    for lang, info in languages.items():  # decode and check everything before writing
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_file)
        if not (
            isinstance(meta, list)
            and len(meta) >= 5
            and isinstance(meta[3], list)
            and isinstance(meta[4], list)
        ):
            raise _FormatChanged(f"{meta_file.name}: unexpected layout")
        filters = []
        for name, digest in meta[3]:
            path = bundle / "filter" / f"{digest}.pf_filter"
            content = _read(path)
            if not (
                isinstance(content, list) and len(content) == 2 and isinstance(content[1], list)
            ):
                raise _FormatChanged(f"{path.name}: unexpected layout")
            filters.append((name, path, content))
        plans.append((lang, info, meta_file, meta, filters))
    return plans, entry_file, entry, languages


def _rewrite(bundle: Path, plans, entry_file: Path, entry: dict, languages: dict) -> None:
    for lang, info, meta_file, meta, filters in plans:
        prefix = f"{lang}_"
        new_filters = []
        for name, path, (filter_name, values) in sorted(filters, key=lambda f: f[0]):
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            path.unlink()
            new_filters.append(
                [name, _write(path.parent, prefix, 7, ".pf_filter", [filter_name, values])]
            )
        meta[3] = new_filters
        meta[4] = sorted(meta[4], key=lambda s: s[0])
        meta_file.unlink()
        info["hash"] = _write(bundle, "pagefind." + prefix, 10, ".pf_meta", meta)[
            len("pagefind.") :
        ]
    entry["languages"] = dict(sorted(languages.items()))
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


# -- catalog serve: the index made anew in the background ----------------------------
class ServeIndex:
    """``catalog serve`` (issue 20): the page a saved edit changed is shown without
    waiting for Pagefind, and the search never breaks meanwhile.

    Each rebuild puts the last *complete* bundle back into the freshly built site at
    once (hard links from :attr:`kept`, a folder beside the site: MkDocs empties the
    site at every rebuild), then Pagefind indexes the new pages in the background into
    a folder of its own; only when that bundle is whole does it become :attr:`kept`
    and replace the site's ``pagefind/`` (two renames). A rebuild that starts meanwhile
    drops the run it overtook (:meth:`cancel`): an index of pages no longer served is
    never put in place."""

    def __init__(self) -> None:
        self.kept: Path | None = None
        self.run: IndexRun | None = None
        self.thread: threading.Thread | None = None
        self.generation = 0
        self.lock = threading.Lock()
        self.seconds: float | None = None

    def _scratch(self, site_dir: Path, what: str) -> Path:
        """A new folder beside ``site_dir`` (the same file system: hard links, renames)
        named after this process; those of serves no longer running are removed first."""
        _remove_dead_scratch(site_dir.parent)
        return Path(
            tempfile.mkdtemp(
                prefix=f".{site_dir.name}.search-{what}-{os.getpid()}-", dir=site_dir.parent
            )
        )

    def keep(self, bundle: Path) -> None:
        """Remember ``bundle`` (a whole index just made in the site) as the last one."""
        with self.lock:
            fresh = self._scratch(bundle.parent, "kept") / OUTPUT_SUBDIR
            shutil.copytree(bundle, fresh, copy_function=os.link)
            old, self.kept = self.kept, fresh
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)

    def restore(self, site_dir: Path) -> bool:
        """Link the last whole bundle into ``site_dir``; False when there is none yet."""
        with self.lock:
            if self.kept is None or not self.kept.is_dir():
                return False
            target = Path(site_dir) / OUTPUT_SUBDIR
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(self.kept, target, copy_function=os.link)
            return True

    def cancel(self) -> None:
        """Drop the run under way (a rebuild started: its pages are no longer served)."""
        with self.lock:
            self.generation += 1
            run = self.run
        if run is not None:
            run.steps.clear()
            if run.proc.poll() is None:
                run.proc.kill()

    def start(
        self,
        site_dir: Path,
        sources: list[Path] | Callable[[], list[Path]],
        scratch: Path,
    ) -> None:
        """Index ``sources`` (laid out search sources, deleted as read; ``scratch``,
        their folder, removed at the end) and put the result into ``site_dir``.
        ``sources`` may be what lays them out, called in the background too."""
        self.cancel()
        site_dir = Path(site_dir)
        out = self._scratch(site_dir, "out")
        with self.lock:
            generation = self.generation

        def finish() -> None:
            placed = False
            try:
                folders = sources() if callable(sources) else sources
                with self.lock:
                    if generation != self.generation:  # overtaken while laying out
                        return
                    self.run = run = start_index(
                        out, source_dirs=folders, discard_sources=True, gentle=True
                    )
                result = run.result()
                with self.lock:
                    if generation == self.generation:
                        _put_in_place(result.bundle, site_dir)
                        old, self.kept, self.seconds = self.kept, result.bundle, result.seconds
                        placed = True
                if placed:
                    if old is not None:
                        shutil.rmtree(old.parent, ignore_errors=True)
                    log.info("search: the new index is in place (%.1f s)", result.seconds)
            except (SearchIndexError, OSError) as exc:
                if generation == self.generation:
                    log.warning("search: background index failed, the last one stays: %s", exc)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
                if not placed:
                    shutil.rmtree(out, ignore_errors=True)

        self.thread = threading.Thread(target=finish, name="catalog-search", daemon=True)
        self.thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the run under way (if any) is done."""
        if self.thread is not None:
            self.thread.join(timeout)

    def close(self) -> None:
        """Stop the run under way and remove the folders kept beside the site."""
        self.cancel()
        self.wait(30)
        with self.lock:
            kept, self.kept = self.kept, None
        if kept is not None:
            shutil.rmtree(kept.parent, ignore_errors=True)


def _put_in_place(bundle: Path, site_dir: Path) -> None:
    """Replace ``site_dir/pagefind`` with (hard links to) ``bundle``: staged beside it,
    then two renames, so a search started meanwhile reads one whole index or the other."""
    live = site_dir / OUTPUT_SUBDIR
    staged = site_dir / f".{OUTPUT_SUBDIR}-next"
    retired = site_dir / f".{OUTPUT_SUBDIR}-old"
    for folder in (staged, retired):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(bundle, staged, copy_function=os.link)
    if live.exists():
        os.rename(live, retired)
    os.rename(staged, live)
    shutil.rmtree(retired, ignore_errors=True)


_SERVE_SCRATCH = re.compile(r"\.search-(?:kept|out)-(?P<pid>\d+)-[a-z0-9_]{8}$")


def _remove_dead_scratch(parent: Path) -> None:
    """Remove :class:`ServeIndex` folders in ``parent`` whose serve was killed."""
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        match = _SERVE_SCRATCH.search(entry.name)
        if not match or not entry.name.startswith(".") or int(match["pid"]) == os.getpid():
            continue
        try:
            os.kill(int(match["pid"]), 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except OSError:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)

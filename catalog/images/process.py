"""Turn photo references into published-ready images, in parallel, cached.

:func:`process_images` is the pipeline's entry point. Sources are
deduplicated twice: by resolved path (two products naming one file) and by
content hash (two files with equal bytes). An unchanged source on a rebuild
costs one ``stat`` and an index lookup: no read, no decode, no encode.

Work that is left runs in a ``ProcessPoolExecutor`` (one worker per
available core by default; inline for a single job or ``workers=1``). Pillow
releases the GIL only in parts of decoding and encoding, so processes, not
threads, use all cores. Workers write the files into the cache and return
small records; progress is logged as counted lines (``images: 12/50 ...``)
every 10 % or every few seconds, which reads well in CI logs.
"""

from __future__ import annotations

import logging
import os
import stat as stat_module
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import as_completed
from dataclasses import replace
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..core.codes import make
from ..core.workers import cores, process_pool
from .cache import CacheEntry, CacheIndex, CachedFile, check_file, sha256_file
from .encode import fingerprint
from .model import ImageJob, ProcessedImage, Variant
from .render import RenderResult, RenderTask, render
from .settings import DEFAULTS, ImageSettings, settings_key
from .verify import format_count

log = logging.getLogger("catalog.images")

#: Seconds between progress lines when 10 % takes longer than that.
PROGRESS_INTERVAL = 5.0


def default_workers() -> int:
    """One worker per core this process may use."""
    return cores()


class _Progress:
    """Counted log lines: every 10 % of the work or every PROGRESS_INTERVAL s."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.start = self.last_time = time.monotonic()
        self.last_decile = 0

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        decile = self.done * 10 // self.total
        if decile > self.last_decile or now - self.last_time >= PROGRESS_INTERVAL:
            self.last_decile, self.last_time = decile, now
            elapsed = now - self.start
            rate = self.done / elapsed if elapsed > 0 else 0.0
            log.info(
                "images: %d/%d processed (%d%%, %.1f s, %.1f images/s)",
                self.done,
                self.total,
                100 * self.done // self.total,
                elapsed,
                rate,
            )


def _run(tasks: list[RenderTask], workers: int) -> Iterator[RenderResult]:
    """Results in completion order, inline or from a process pool."""
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield render(task)
        return
    # the fork server, never a fork: safe in `mkdocs serve`'s threaded process, and the
    # photo workers do not carry the catalogue's heap (core.workers.context)
    with process_pool(min(workers, len(tasks)), fork=False) as pool:
        futures = {pool.submit(render, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. a worker killed for memory
                task = futures[future]
                yield RenderResult(
                    task.srchash,
                    task.srchash,
                    code="I402",
                    params={"problem": f"worker failed: {type(exc).__name__}"},
                    detail=repr(exc),
                )


def _display_name(source: Path, ref_path: str) -> str:
    """The photo as a YAML author wrote it: relative to the YAML's folder if inside."""
    try:
        rel = os.path.relpath(source, os.path.dirname(ref_path) or ".")
    except ValueError:
        return source.as_posix()
    return source.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def _accept(entry: CacheEntry, settings: ImageSettings) -> tuple[str, dict[str, object]] | None:
    """Re-check a cached source against acceptance settings (they are not in the key)."""
    w, h = entry.stored_size
    if w * h > settings.max_pixels:
        return "I403", {"pixels": format_count(w * h), "limit": format_count(settings.max_pixels)}
    if max(w, h) < settings.min_long_side:
        return "I404", {
            "width": entry.width,
            "height": entry.height,
            "minimum": settings.min_long_side,
        }
    return None


def _verify_entry(entry: CacheEntry, cache_dir: Path) -> tuple[CacheEntry, list[CachedFile], bool]:
    """(entry with refreshed mtimes, intact files, all intact?)."""
    good: list[CachedFile] = []
    for f in entry.files:
        checked = check_file(cache_dir, f)
        if checked is not None:
            good.append(checked)
    complete = len(good) == len(entry.files)
    return replace(entry, files=tuple(good)) if complete else entry, good, complete


URL_HASH_CHARS = 32
"""Hex digits of the source's SHA-256 in published names: 128 bits, so two different
photos never share a name by chance (nor by a prefix ground to match); together with the
supplier folder in the slug, one supplier's photo cannot land on another's page."""


def _claim_urls(
    images: dict[Path, ProcessedImage], groups: dict[Path, list[ImageJob]]
) -> list[Diagnostic]:
    """I407 for every source whose published names another source already has."""
    owner: dict[str, tuple[str, ImageJob]] = {}
    out: list[Diagnostic] = []
    for group in groups.values():
        image = images.get(group[0].source)
        if image is None:
            continue
        for variant in image.variants():
            first = owner.setdefault(variant.url, (image.sha256, group[0]))
            if first[0] != image.sha256:
                other = first[1]
                for job in group:
                    out.append(
                        make(
                            "I407",
                            job.ref_path,
                            job.ref_pos,
                            url=variant.url,
                            file=_display_name(job.source, job.ref_path),
                            other=f"{other.ref_path}:{other.ref_pos.line}",
                        )
                    )
                break
    return out


def _to_processed(
    source: Path,
    slug: str,
    srchash: str,
    setkey: str,
    entry: CacheEntry,
    cache_dir: Path,
    settings: ImageSettings,
) -> ProcessedImage:
    prefix = f"{srchash}-{setkey}-"
    stem = f"{settings.media_dir.strip('/')}/{slug}-{srchash[:URL_HASH_CHARS]}-{setkey[:6]}-"

    def variant(name: str) -> Variant:
        f = entry.file(name)
        suffix = name.rsplit("/", 1)[-1].removeprefix(prefix)
        return Variant(stem + suffix, f.width, f.height, f.bytes, f.format, cache_dir / f.name)

    return ProcessedImage(
        source=source,
        width=entry.width,
        height=entry.height,
        formats={fmt: tuple(variant(n) for n in names) for fmt, names in entry.variants.items()},
        og=variant(entry.og),
        placeholder_color=entry.placeholder_color,
        placeholder_uri=entry.placeholder_uri,
        alpha=entry.alpha,
        sha256=srchash,
    )


def process_images(
    jobs: Iterable[ImageJob],
    *,
    cache_dir: Path,
    settings: ImageSettings = DEFAULTS,
    workers: int | None = None,
    stats: dict | None = None,
) -> tuple[dict[Path, ProcessedImage], list[Diagnostic]]:
    """Verify, orient, strip, resize and encode every referenced photo (cached).

    Returns the processed images keyed by each job's ``source`` and the
    diagnostics of failing sources, one per referencing job, pointing at the
    job's YAML file and line. A source referenced by several jobs is processed
    once and published under the slug of the first job that references it.
    ``stats``, when given, receives counts: ``sources`` (distinct files),
    ``cache_hits``, ``decoded``, ``encoded`` (files), ``hashed`` (sources read
    to learn their hash) and ``failed``.
    """
    started = time.monotonic()
    cache_dir = Path(cache_dir).absolute()  # Variant.file must survive a chdir
    workers = default_workers() if workers is None else max(1, workers)
    setkey = settings_key(settings, fingerprint())
    groups: dict[str, list[ImageJob]] = {}
    for job in dict.fromkeys(jobs):
        real = str(job.source) if job.resolved else os.path.realpath(job.source)
        groups.setdefault(real, []).append(job)

    counts = {
        "sources": len(groups),
        "cache_hits": 0,
        "decoded": 0,
        "encoded": 0,
        "hashed": 0,
        "failed": 0,
    }
    hashes: dict[str, str] = {}  # real path -> source hash
    problems: dict[str, tuple[str, dict[str, object]]] = {}  # real path or hash -> problem
    entries: dict[str, CacheEntry] = {}  # source hash -> entry
    named: dict[str, str] = {}  # source hash -> hash its files are named by (see render)
    index = CacheIndex(cache_dir)
    try:
        by_hash: dict[str, list[str]] = {}
        for real in groups:
            try:
                st = os.stat(real)
            except OSError as exc:
                problems[real] = ("I402", {"problem": exc.strerror or str(exc)})
                continue
            if not stat_module.S_ISREG(st.st_mode):
                problems[real] = ("I401", {})
                continue
            srchash = index.source_hash(real, st.st_size, st.st_mtime_ns)
            if srchash is None:
                try:
                    srchash = sha256_file(Path(real))
                except OSError as exc:
                    problems[real] = ("I402", {"problem": exc.strerror or str(exc)})
                    continue
                counts["hashed"] += 1
                index.remember_source(real, st.st_size, st.st_mtime_ns, srchash)
            hashes[real] = srchash
            by_hash.setdefault(srchash, []).append(real)

        todo: list[tuple[str, str, tuple[CachedFile, ...]]] = []  # (path, hash, keep)
        for srchash, reals in by_hash.items():
            key = f"{srchash}:{setkey}"
            failure = index.failure(key)
            if failure is not None:
                problems[srchash] = failure
                counts["cache_hits"] += 1
                continue
            entry = index.entry(key)
            keep: list[CachedFile] = []
            if entry is not None:
                entry_checked, keep, complete = _verify_entry(entry, cache_dir)
                if complete:
                    if entry_checked != entry:
                        index.store(key, entry_checked)
                    entries[srchash] = entry_checked
                    counts["cache_hits"] += 1
                    continue
                log.info(
                    "images: cache files of %s damaged or missing; regenerating",
                    os.path.basename(reals[0]),
                )
            todo.append((reals[0], srchash, tuple(keep)))

        # inline: libaom may use every core; in a pool: 2 threads each (see encode.py)
        threads = default_workers() if workers <= 1 or len(todo) <= 1 else 2
        tasks = [
            RenderTask(path, srchash, setkey, settings, str(cache_dir), keep, threads)
            for path, srchash, keep in todo
        ]

        progress = _Progress(len(tasks)) if tasks else None
        for result in _run(tasks, workers):
            counts["decoded"] += result.decoded
            counts["encoded"] += result.encoded
            if result.detail:
                log.warning(
                    "images: unexpected error on %s: %s",
                    by_hash[result.task_hash][0],
                    result.params.get("problem"),
                )
                log.debug("%s", result.detail)
            if result.entry is None:
                problems[result.task_hash] = (result.code or "I402", result.params)
                if result.cacheable:
                    index.store_failure(f"{result.srchash}:{setkey}", result.code, result.params)
            else:
                if result.srchash != result.task_hash:
                    log.warning(
                        "images: %s changed during the build; run it again",
                        by_hash[result.task_hash][0],
                    )
                index.store(f"{result.srchash}:{setkey}", result.entry)
                entries[result.task_hash] = result.entry
                named[result.task_hash] = result.srchash
            if progress:
                progress.advance()

        for srchash, entry in entries.items():
            problem = _accept(entry, settings)
            if problem:
                problems[srchash] = problem
        index.flush()
    finally:
        index.close()

    images: dict[Path, ProcessedImage] = {}
    diagnostics: list[Diagnostic] = []
    failed = set()
    for real, group in groups.items():
        srchash = hashes.get(real)
        problem = problems.get(real) or (problems.get(srchash) if srchash else None)
        if problem is None and srchash in entries:
            slug = group[0].slug
            for job in group:
                if job.source not in images:
                    images[job.source] = _to_processed(
                        job.source,
                        slug,
                        named.get(srchash, srchash),
                        setkey,
                        entries[srchash],
                        cache_dir,
                        settings,
                    )
            continue
        code, params = problem or ("I402", {"problem": "not processed"})
        failed.add(real)
        for job in group:
            diagnostics.append(
                make(
                    code,
                    job.ref_path,
                    job.ref_pos,
                    file=_display_name(job.source, job.ref_path),
                    **params,
                )
            )
    diagnostics += _claim_urls(images, groups)
    counts["failed"] = len(failed)
    if stats is not None:
        stats.update(counts)
    log.info(
        "images: %d sources, %d from cache, %d decoded, %d files encoded, %d failed in %.1f s",
        counts["sources"],
        counts["cache_hits"],
        counts["decoded"],
        counts["encoded"],
        counts["failed"],
        time.monotonic() - started,
    )
    return images, diagnostics

"""One source photo in, cached files and a small record out (runs in workers).

The steps, in order: read the bytes and hash them; header checks
(:mod:`.verify`); decode, at a JPEG draft scale when the largest output
allows; orient and convert to sRGB (:mod:`.color`); resize down a chain of
widths; encode every format (:mod:`.encode`) straight into the cache; compute
the placeholder. Only a :class:`RenderResult` travels back to the parent
process - never pixels - so a pool's memory is bounded by one photo per
worker.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from . import geometry
from .cache import CacheEntry, CachedFile, atomic_write, output_name
from .color import apply_orientation, flatten, orientation, to_srgb
from .encode import encode, extension
from .placeholder import dominant_color, tiny_data_uri
from .settings import ImageSettings
from .verify import ImageProblem, decode, open_checked

log = logging.getLogger("catalog.images")

_FILTERS = {
    "lanczos": Image.Resampling.LANCZOS,
    "bicubic": Image.Resampling.BICUBIC,
    "bilinear": Image.Resampling.BILINEAR,
}
_DRAFTABLE = frozenset({"JPEG", "MPO"})


@dataclass(frozen=True)
class RenderTask:
    """What a worker needs: where to read, what to call it, where to write."""

    source: str
    srchash: str
    setkey: str
    settings: ImageSettings
    cache_dir: str
    keep: tuple[CachedFile, ...] = ()  # verified cached files: not encoded again
    threads: int = 2  # libaom threads (see encode.py)


@dataclass(frozen=True)
class RenderResult:
    """A worker's answer: an entry, or a problem code with its parameters.

    ``srchash`` is the hash of the bytes actually rendered; it differs from
    ``task_hash`` only when the file changed after the parent hashed it.
    """

    task_hash: str
    srchash: str
    entry: CacheEntry | None = None
    code: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    decoded: int = 0
    encoded: int = 0
    cacheable: bool = False  # the problem is a property of the bytes (see verify.py)
    detail: str = ""  # traceback of an unexpected error, for the log


@dataclass(frozen=True)
class _Output:
    """One file to produce: its format, size and JPEG/AVIF quality."""

    name: str
    format: str
    width: int
    height: int
    quality: int | None = None


def _plan_outputs(
    srchash: str, setkey: str, settings: ImageSettings, width: int, height: int
) -> tuple[dict[str, list[_Output]], _Output]:
    """The files of one source: per format by width, plus the Open Graph JPEG.

    The Open Graph image reuses the JPEG variant of its width when the
    qualities agree (the defaults: the 800 px JPEG): same bytes, one file.
    """
    variants: dict[str, list[_Output]] = {}
    for fmt in settings.formats:
        variants[fmt] = [
            _Output(
                output_name(srchash, setkey, f"{w}.{extension(fmt)}"),
                fmt,
                w,
                geometry.scaled_height(w, width, height),
            )
            for w in geometry.plan_widths(width, settings.widths_of(fmt))
        ]
    og_w = min(settings.og_width, width)
    og_h = geometry.scaled_height(og_w, width, height)
    og = next(
        (
            o
            for o in variants["jpeg"]
            if o.width == og_w and settings.og_quality == settings.jpeg_quality
        ),
        None,
    )
    if og is None:
        og = _Output(
            output_name(srchash, setkey, "og.jpg"), "jpeg", og_w, og_h, quality=settings.og_quality
        )
    return variants, og


def _widest(variants: dict[str, list[_Output]], og: _Output) -> int:
    """The largest width any output needs (what a JPEG draft must still cover)."""
    return max(og.width, *(group[-1].width for group in variants.values() if group))


def render(task: RenderTask) -> RenderResult:
    """Process one source; never raises (unexpected errors come back as I402)."""
    ctx: dict = {"srchash": task.srchash, "decoded": 0, "encoded": 0}
    try:
        return _render(task, ctx)
    except ImageProblem as problem:
        return RenderResult(
            task.srchash,
            ctx["srchash"],
            code=problem.code,
            params=problem.params,
            decoded=ctx["decoded"],
            encoded=ctx["encoded"],
            cacheable=problem.content,
        )
    except Exception as exc:  # noqa: BLE001 - report, never crash the build
        return RenderResult(
            task.srchash,
            ctx["srchash"],
            code="I402",
            params={"problem": f"{type(exc).__name__}: {exc}"},
            decoded=ctx["decoded"],
            encoded=ctx["encoded"],
            detail=traceback.format_exc(),
        )


def _decode_upright(
    data: bytes, settings: ImageSettings, draft: tuple[int, int] | None, counts: dict
) -> Image.Image:
    im = open_checked(data, settings)
    counts["decoded"] += 1
    return to_srgb(apply_orientation(decode(im, draft if im.format in _DRAFTABLE else None)))


def _render(task: RenderTask, counts: dict) -> RenderResult:
    settings = task.settings
    try:
        data = Path(task.source).read_bytes()
    except OSError as exc:
        raise ImageProblem("I402", content=False, problem=exc.strerror or str(exc)) from None
    srchash = counts["srchash"] = hashlib.sha256(data).hexdigest()
    keep = {f.name: f for f in task.keep} if srchash == task.srchash else {}

    header = open_checked(data, settings)
    stored_size, turn = header.size, orientation(header)
    del header
    width, height = geometry.oriented_size(stored_size, turn)
    variants, og = _plan_outputs(srchash, task.setkey, settings, width, height)
    needed = _widest(variants, og)
    draft = None
    if settings.use_draft and needed < width:
        draft = geometry.draft_request(stored_size, turn, needed)
    base = _decode_upright(data, settings, draft, counts)
    if geometry.looks_transposed(base.size, (width, height)):
        # turned by an XMP orientation the EXIF header did not show: re-plan
        width, height = height, width
        variants, og = _plan_outputs(srchash, task.setkey, settings, width, height)
        needed = _widest(variants, og)
    if base.width < needed:  # a draft too small for the re-planned sizes
        base = _decode_upright(data, settings, None, counts)
    alpha = base.mode == "RGBA"

    outputs = [o for group in variants.values() for o in group]
    if og not in outputs:
        outputs.append(og)
    resample = _FILTERS[settings.resample]
    cache_dir = Path(task.cache_dir)
    files: dict[str, CachedFile] = {}
    resized: dict[int, Image.Image] = {}
    for w in sorted({o.width for o in outputs}, reverse=True):
        h = geometry.scaled_height(w, width, height)
        if base.size == (w, h):
            img = base
        else:
            src = resized.get(geometry.resize_base(w, list(resized), base.width), base)
            img = src.resize((w, h), resample, reducing_gap=settings.reducing_gap)
        resized[w] = img
        for out in (o for o in outputs if o.width == w):
            if out.name in keep:
                files[out.name] = keep[out.name]
                continue
            blob = encode(img, out.format, settings, quality=out.quality, threads=task.threads)
            mtime_ns = atomic_write(cache_dir / out.name, blob)
            files[out.name] = CachedFile(
                out.name, out.format, w, h, len(blob), hashlib.sha256(blob).hexdigest(), mtime_ns
            )
            counts["encoded"] += 1
    del base

    smallest = flatten(resized[min(resized)], settings.background_rgb)
    entry = CacheEntry(
        stored_size=stored_size,
        width=width,
        height=height,
        alpha=alpha,
        placeholder_color=dominant_color(smallest),
        placeholder_uri=tiny_data_uri(
            smallest, settings.placeholder_size, settings.placeholder_max_bytes
        ),
        variants={fmt: tuple(o.name for o in group) for fmt, group in variants.items()},
        og=og.name,
        files=tuple(files[name] for name in sorted(files)),
    )
    return RenderResult(
        task.srchash, srchash, entry=entry, decoded=counts["decoded"], encoded=counts["encoded"]
    )

"""Per-format save options and the encoder fingerprint.

Outputs must be byte-identical for identical input, so every option the
encoders read is passed explicitly and ``im.info`` is emptied before saving
(Pillow's savers fall back to ``im.info`` for the comment, ICC profile and
XMP). No EXIF, XMP, ICC profile or comment is ever written; JPEG keeps only
its JFIF header.

libaom's output depends on whether it runs with one thread or several
(row-based multithreading changes the bitstream), but not on how many once it
is two or more (checked for 2-16 threads). So AVIF always runs with at least
two threads: a pool worker and an inline build on a 64-core machine produce
the same bytes.
"""

from __future__ import annotations

import io
from functools import cache

import PIL
from PIL import Image, features

from .color import flatten
from .settings import ImageSettings

#: Output format -> (Pillow format, file extension, MIME type).
FORMATS = {
    "avif": ("AVIF", "avif", "image/avif"),
    "jpeg": ("JPEG", "jpg", "image/jpeg"),
}

#: Minimum libaom threads; see the module docstring.
_AVIF_MIN_THREADS = 2


@cache
def fingerprint() -> str:
    """Versions of everything that turns pixels into bytes."""
    parts = [f"pillow={PIL.__version__}", f"jpeg={features.version('jpg')}"]
    try:
        from PIL import _avif

        parts.append(f"avif={_avif.libavif_version}:{_avif.codec_versions()}")
    except ImportError:
        parts.append("avif=none")
    try:  # decodes HEIC sources, so it changes their output too
        import pillow_heif

        parts.append(f"heif={pillow_heif.__version__}")
    except ImportError:
        parts.append("heif=none")
    return ";".join(parts)


def extension(fmt: str) -> str:
    return FORMATS[fmt][1]


def mime_type(fmt: str) -> str:
    return FORMATS[fmt][2]


def save_options(
    fmt: str,
    settings: ImageSettings,
    *,
    quality: int | None = None,
    threads: int = _AVIF_MIN_THREADS,
) -> dict[str, object]:
    """Keyword arguments for ``Image.save`` (explicit, metadata-free)."""
    if fmt == "jpeg":
        return {
            "quality": quality if quality is not None else settings.jpeg_quality,
            "subsampling": settings.jpeg_subsampling,
            "optimize": True,
            "progressive": settings.jpeg_progressive,
            "exif": b"",
        }
    if fmt == "avif":
        return {
            "quality": quality if quality is not None else settings.avif_quality,
            "speed": settings.avif_speed,
            "subsampling": settings.avif_subsampling,
            "max_threads": max(_AVIF_MIN_THREADS, threads),
            "codec": "auto",
            "range": "full",
            "exif": b"",
            "xmp": b"",
            "icc_profile": b"",
        }
    raise ValueError(f"unknown output format {fmt!r}")


def encode(
    im: Image.Image,
    fmt: str,
    settings: ImageSettings,
    *,
    quality: int | None = None,
    threads: int = _AVIF_MIN_THREADS,
) -> bytes:
    """Encode an sRGB RGB/RGBA image; JPEG gets alpha composited on the background."""
    if fmt == "jpeg":
        im = flatten(im, settings.background_rgb)
    im.info.clear()
    buffer = io.BytesIO()
    im.save(
        buffer, FORMATS[fmt][0], **save_options(fmt, settings, quality=quality, threads=threads)
    )
    return buffer.getvalue()

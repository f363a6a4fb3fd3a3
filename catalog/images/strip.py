"""Make a source photo private and upright without visibly re-encoding it.

Used by ``catalog intake`` for every photo it commits and by ``catalog photos strip``
for photos added by hand. The result:

* is verified like any catalogue photo (an image, an accepted format, within the pixel
  budget, at least ``min_long_side``, fully decodable: :mod:`.verify`);
* is upright: the EXIF orientation is applied to the pixels, since the EXIF goes;
* carries no EXIF (GPS, camera serial numbers, maker notes), XMP, IPTC or comment;
  the ICC colour profile stays (it is not personal and the colours depend on it);
* keeps its pixels: a JPEG is written again with its *own* quantization tables and
  chroma subsampling, which changes pixel values by a rounding step at most; PNG is
  lossless; WebP is written lossless; HEIC/AVIF become a JPEG at quality 95 for intake
  (every browser and tool reads it), or stay HEIC/AVIF at quality 95 when the file is
  stripped in place (``keep_format``: its name is in a YAML file already).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import JpegImagePlugin

from .color import apply_orientation, orientation
from .settings import DEFAULTS, ImageSettings
from .verify import decode, open_checked

#: Output format and file extension per source format.
OUTPUT = {
    "JPEG": ("JPEG", ".jpg"),
    "MPO": ("JPEG", ".jpg"),
    "PNG": ("PNG", ".png"),
    "WEBP": ("WEBP", ".webp"),
    "AVIF": ("JPEG", ".jpg"),
    "HEIF": ("JPEG", ".jpg"),
}


@dataclass(frozen=True, slots=True)
class Stripped:
    data: bytes
    extension: str  # ".jpg", ".png" or ".webp"
    width: int
    height: int
    had_metadata: bool  # the source carried EXIF/XMP/IPTC/comments
    rotated: bool  # an EXIF orientation was applied to the pixels


_PRIVATE_INFO = (
    "exif",
    "xmp",
    "XML:com.adobe.xmp",
    "photoshop",
    "comment",
    "iptc",
    "Raw profile type exif",
    "Raw profile type xmp",
)


def strip(
    data: bytes, settings: ImageSettings = DEFAULTS, *, keep_format: bool = False
) -> Stripped:
    """``data`` verified, turned upright and without metadata; raises ImageProblem."""
    im = open_checked(data, settings)
    source_format = im.format or ""
    turn = orientation(im)
    had = any(k in im.info for k in _PRIVATE_INFO) or bool(im.getexif())
    icc = im.info.get("icc_profile")
    qtables = getattr(im, "quantization", None) if source_format in ("JPEG", "MPO") else None
    sampling = JpegImagePlugin.get_sampling(im) if qtables else -1
    decode(im, None)
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif turn != 1:
        im = im.copy()
    if turn != 1:
        apply_orientation(im)
    im.info = {}  # nothing of the source's metadata is written back by default
    fmt, extension = OUTPUT[source_format]
    if keep_format and source_format in ("AVIF", "HEIF"):
        fmt, extension = source_format, ".avif" if source_format == "AVIF" else ".heic"
    options: dict[str, object] = {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        if im.mode not in ("RGB", "L", "CMYK"):
            im = im.convert("RGB")
        if qtables:
            options.update(qtables=qtables, subsampling=sampling if sampling >= 0 else "4:2:0")
        else:
            options.update(quality=95, subsampling="4:4:4")
    elif fmt == "WEBP":
        options.update(lossless=True, exact=True)
    elif fmt in ("AVIF", "HEIF"):
        options.update(quality=95)
    else:
        options.update(optimize=False)
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return Stripped(out.getvalue(), extension, im.width, im.height, had, turn != 1)

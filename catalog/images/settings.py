"""The one documented defaults object of the image pipeline.

Every knob lives on :class:`ImageSettings`, a frozen dataclass: a build passes
one value around instead of loose keyword arguments, and the part of it that
changes output bytes is hashed into the cache key and the file names
(:func:`settings_key`). Fields marked ``output=False`` in their metadata only
decide *whether* a photo is accepted or *where* it is published, so changing
them never invalidates the cache.

Why these defaults:

* widths 400/800/1600: a phone (360-430 CSS px at 2-3x), a tablet column and a
  desktop product view; the source width is added as the largest width when it
  is below 1600 (never upscale).
* AVIF quality 50 at aom speed 6: quality 50 is Eleventy Image's and sharp's
  default, visually close to JPEG 80 at about a third of the bytes. Speed 6
  (libavif's default) is the knee of the curve, measured on 1600 px photos
  at quality 50 with 2 threads (PSNR 38.7-39.1 dB at every speed): speed 4
  is 13x slower and speed 5 9x slower for 10 % fewer bytes; speeds 7-9 are
  1.1-2.4x faster for 20 % more bytes.
* One JPEG, 800 px wide, quality 80, 4:2:0, Huffman-optimized and progressive:
  every current browser decodes AVIF, so the JPEG only serves old browsers,
  crawlers (JSON-LD, feeds) and link previews; one width is enough for that.
  Measured on the ten fixture photos (issue 19): the JPEGs at 400/800/1600 plus
  a 1200 px Open Graph JPEG were 70-80 % of a photo's bytes (astronaut: 499 of
  605 KB); AVIF at 400/800/1600 plus one 800 px JPEG is 4 files instead of 7
  and 188 KB (hubble 852 -> 302 KB). With ``formats=("jpeg",)`` the JPEG takes
  every width instead. Progressive renders a usable preview early on slow links.
* Open Graph: the 800 px JPEG itself (no extra file): 42-104 KB on the
  fixtures, far under WhatsApp's ~300 KB preview limit and above the 600 px
  Facebook/LinkedIn need for a large card; aspect kept (no crop: product
  photos must not lose the product).
* Background white: JPEG has no alpha, transparent pixels are composited on
  white (a product cut-out looks like a studio shot). AVIF keeps its alpha.
* Placeholder: dominant colour plus a <=16 px WebP data: URI under 400 bytes,
  painted as the <img> background until the photo arrives.
* Safety: at most 100 megapixels, decided from the header before decoding
  (100 MP RGBA is already 400 MB in memory per worker; a 108 MP phone mode
  must be downscaled first, as the I403 hint says) and at least 800 px on the
  long side (the catalogue's rule, I404).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields

#: Bump when the pipeline's code changes its output for the same settings
#: (e.g. another resize order): every cached file is regenerated and renamed.
PIPELINE_VERSION = 3

#: Formats the pipeline can write, in the order <source> elements are emitted.
OUTPUT_FORMATS = ("avif", "jpeg")

#: Source formats (Pillow format names) accepted; anything else Pillow can open
#: is refused with I405. MPO is how Pillow names multi-picture phone JPEGs.
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "AVIF", "HEIF"})


def _meta(doc: str, *, output: bool = True) -> dict[str, object]:
    return {"doc": doc, "output": output}


@dataclass(frozen=True)
class ImageSettings:
    """Parameters of the image pipeline (see the module docstring for the why)."""

    widths: tuple[int, ...] = field(
        default=(400, 800, 1600),
        metadata=_meta(
            "Target widths in px, ascending; never upscaled; the source width joins "
            "as the largest when it is below the largest target."
        ),
    )
    formats: tuple[str, ...] = field(
        default=("avif", "jpeg"),
        metadata=_meta(
            "Output formats; `jpeg` is required (the <img> fallback and Open Graph). "
            '`("jpeg",)` alone makes fast preview builds.'
        ),
    )
    jpeg_widths: tuple[int, ...] = field(
        default=(800,),
        metadata=_meta(
            "Widths of the JPEG fallback, ascending (planned like `widths`); ignored "
            "when `jpeg` is the only format (then it takes `widths`)."
        ),
    )
    jpeg_quality: int = field(default=80, metadata=_meta("libjpeg quality, 1-95."))
    jpeg_progressive: bool = field(
        default=True, metadata=_meta("Progressive JPEG (also Huffman-optimized).")
    )
    jpeg_subsampling: str = field(
        default="4:2:0", metadata=_meta("Chroma subsampling for JPEG: 4:4:4, 4:2:2 or 4:2:0.")
    )
    avif_quality: int = field(default=50, metadata=_meta("libavif quality, 0-100."))
    avif_speed: int = field(default=6, metadata=_meta("libaom speed 0 (slowest, smallest) to 10."))
    avif_subsampling: str = field(
        default="4:2:0", metadata=_meta("Chroma subsampling for AVIF: 4:4:4, 4:2:2 or 4:2:0.")
    )
    og_width: int = field(
        default=800,
        metadata=_meta(
            "Width of the Open Graph JPEG (the source width when smaller); a JPEG "
            "variant of that width and quality is reused, not written twice."
        ),
    )
    og_quality: int = field(default=80, metadata=_meta("JPEG quality of the Open Graph image."))
    background: str = field(
        default="#ffffff",
        metadata=_meta("Colour (#rrggbb) transparent pixels are composited on for JPEG."),
    )
    resample: str = field(
        default="lanczos", metadata=_meta("Resampling filter: lanczos, bicubic or bilinear.")
    )
    reducing_gap: float | None = field(
        default=3.0,
        metadata=_meta(
            "Pillow's reducing_gap: box-reduce by an integer factor first when "
            "shrinking more than this (faster, same look); None disables it."
        ),
    )
    use_draft: bool = field(
        default=True,
        metadata=_meta(
            "Let libjpeg decode JPEGs at 1/2, 1/4 or 1/8 scale when that still "
            "covers the largest output (much faster and smaller)."
        ),
    )
    placeholder_size: int = field(
        default=16, metadata=_meta("Long side in px of the tiny placeholder image.")
    )
    placeholder_max_bytes: int = field(
        default=400,
        metadata=_meta(
            "Upper bound of the placeholder data: URI length (it is shrunk until it fits)."
        ),
    )
    # -- acceptance and placement: never change the bytes of an output -------
    min_long_side: int = field(
        default=800, metadata=_meta("Smallest accepted long side in px (I404).", output=False)
    )
    max_pixels: int = field(
        default=100_000_000,
        metadata=_meta(
            "Largest accepted width x height, checked from the header before decoding "
            "(I403). Pillow's own guard (2 x Image.MAX_IMAGE_PIXELS) also maps to I403.",
            output=False,
        ),
    )
    media_dir: str = field(
        default="media",
        metadata=_meta(
            "Site-root-relative folder of published files (the URL prefix of variants).",
            output=False,
        ),
    )

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not self.widths or any(w <= 0 for w in self.widths):
            problems.append("widths must be positive")
        if tuple(sorted(set(self.widths))) != tuple(self.widths):
            problems.append("widths must be ascending and unique")
        if not self.jpeg_widths or any(w <= 0 for w in self.jpeg_widths):
            problems.append("jpeg_widths must be positive")
        elif tuple(sorted(set(self.jpeg_widths))) != tuple(self.jpeg_widths):
            problems.append("jpeg_widths must be ascending and unique")
        if "jpeg" not in self.formats or not set(self.formats) <= set(OUTPUT_FORMATS):
            problems.append(f"formats must include 'jpeg' and be among {OUTPUT_FORMATS}")
        for name in ("jpeg_quality", "og_quality"):
            if not 1 <= getattr(self, name) <= 95:
                problems.append(f"{name} must be 1-95")
        if not 0 <= self.avif_quality <= 100:
            problems.append("avif_quality must be 0-100")
        if not 0 <= self.avif_speed <= 10:
            problems.append("avif_speed must be 0-10")
        for name in ("jpeg_subsampling", "avif_subsampling"):
            if getattr(self, name) not in ("4:4:4", "4:2:2", "4:2:0"):
                problems.append(f"{name} must be 4:4:4, 4:2:2 or 4:2:0")
        if self.resample not in ("lanczos", "bicubic", "bilinear"):
            problems.append("resample must be lanczos, bicubic or bilinear")
        if len(self.background) != 7 or not self.background.startswith("#"):
            problems.append("background must look like #rrggbb")
        else:
            try:
                int(self.background[1:], 16)
            except ValueError:
                problems.append("background must look like #rrggbb")
        if self.og_width <= 0 or self.placeholder_size <= 0 or self.min_long_side <= 0:
            problems.append("og_width, placeholder_size and min_long_side must be positive")
        if self.max_pixels <= 0:
            problems.append("max_pixels must be positive")
        if problems:
            raise ValueError("invalid ImageSettings: " + "; ".join(problems))

    def widths_of(self, fmt: str) -> tuple[int, ...]:
        """Target widths of one output format (the JPEG's own unless it is the only one)."""
        if fmt == "jpeg" and len(self.formats) > 1:
            return self.jpeg_widths
        return self.widths

    @property
    def background_rgb(self) -> tuple[int, int, int]:
        value = int(self.background[1:], 16)
        return (value >> 16) & 255, (value >> 8) & 255, value & 255

    def output_fields(self) -> dict[str, object]:
        """The fields that change output bytes (the rest only accept or place)."""
        values = asdict(self)
        return {f.name: values[f.name] for f in fields(self) if f.metadata.get("output", True)}


#: The defaults every build uses unless told otherwise.
DEFAULTS = ImageSettings()


def settings_key(settings: ImageSettings, fingerprint: str) -> str:
    """Hex digest of everything that changes the output bytes.

    ``fingerprint`` names the encoder libraries (Pillow, libjpeg-turbo, libavif
    and its codec): a new encoder may produce other bytes, so it gets other
    names and cache entries. The result is cut to 6 characters in URLs.
    """
    payload = {
        "pipeline": PIPELINE_VERSION,
        "encoders": fingerprint,
        "settings": settings.output_fields(),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]

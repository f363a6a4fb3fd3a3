"""The image pipeline: photos named in product YAML -> fast, safe web images.

Each source is verified (decoded in full, header limits checked first),
turned upright, converted to sRGB, stripped of every piece of metadata
(EXIF, GPS, serial numbers, maker notes, XMP, ICC), resized to a few widths
without upscaling and encoded as AVIF plus a JPEG fallback, with a 1200 px
Open Graph JPEG and a tiny placeholder. Results are cached by source content
and output-relevant settings, so a rebuild with nothing changed decodes and
encodes nothing. Module map:

* :mod:`.settings` - the one defaults object, :data:`DEFAULTS`
* :mod:`.model` - jobs and results (frozen dataclasses)
* :mod:`.verify` - refusing bad sources (I401-I405)
* :mod:`.color` - orientation, colour management, alpha
* :mod:`.geometry` - widths, heights, draft scale (pure arithmetic)
* :mod:`.encode` - per-format save options
* :mod:`.placeholder` - dominant colour and tiny data: URI
* :mod:`.render` - one source end to end (runs in worker processes)
* :mod:`.cache` - the content-addressed cache and its index
* :mod:`.process` - :func:`process_images`, parallel and cached
* :mod:`.publish` - copying into the built site
* :mod:`.html` - :func:`picture_html`

Usage::

    images, diagnostics = process_images(jobs, cache_dir=root / ".cache/images")
    publish(images.values(), site_dir)
    html = picture_html(images[job.source], alt="Tas kulit sapi", eager=True)
"""

from .html import picture_html
from .model import ImageJob, ProcessedImage, Variant
from .process import process_images
from .publish import publish
from .settings import DEFAULTS, ImageSettings

__all__ = [
    "DEFAULTS",
    "ImageJob",
    "ImageSettings",
    "ProcessedImage",
    "Variant",
    "picture_html",
    "process_images",
    "publish",
]

"""What a page paints before the photo arrives: a colour and a tiny image.

The dominant colour (the most common of a few median-cut colours, not the
mean, which turns a red bag on white into pink) fills the box at once; the
tiny WebP (16 px on the long side, blurred by the browser's upscaling) gives
the shape of the photo. WebP because it is the smallest container for such a
thumbnail (~150-250 bytes against ~600 for JPEG's tables) and every browser
that shows AVIF also shows WebP.
"""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageFilter

#: Qualities tried, best first, until the data: URI fits the byte budget.
_QUALITIES = (50, 35, 20)


def dominant_color(im: Image.Image) -> str:
    """``#rrggbb`` of the most frequent of four median-cut colours."""
    small = im.convert("RGB")
    small.thumbnail((64, 64), Image.Resampling.BOX)
    quantized = small.quantize(colors=4, method=Image.Quantize.MEDIANCUT)
    counts = sorted(quantized.getcolors() or [(1, 0)], key=lambda c: (-c[0], c[1]))
    index = counts[0][1]
    palette = quantized.getpalette() or [0, 0, 0]
    r, g, b = palette[3 * index : 3 * index + 3]
    return f"#{r:02x}{g:02x}{b:02x}"


def tiny_data_uri(im: Image.Image, long_side: int, max_bytes: int) -> str:
    """A ``data:image/webp;base64,...`` URI of at most ``max_bytes`` characters.

    Shrinks quality, then size, until it fits; returns "" when nothing does.
    """
    side = long_side
    while side >= 4:
        thumb = im.convert("RGB")
        thumb.thumbnail((side, side), Image.Resampling.LANCZOS)
        thumb = thumb.filter(ImageFilter.GaussianBlur(0.6))
        for quality in _QUALITIES:
            buffer = io.BytesIO()
            thumb.save(buffer, "WEBP", quality=quality, method=6, exif=b"", icc_profile=b"")
            uri = "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            if len(uri) <= max_bytes:
                return uri
        side //= 2
    return ""

"""Does a source photo still say where it was taken?

Phone photos carry the GPS position in their EXIF data; for a home-based business that
is its home. Published variants never carry metadata (the image pipeline writes none),
but the *source* photo sits in the public repository, so ``catalog validate`` refuses
one that still has a position (I406) and ``catalog photos strip`` removes it.

Only the header is read (Pillow opens lazily): about 0.1 ms a photo, remembered by
path, size and modification time, so a photo shared by several products, or unchanged
between two rebuilds of ``catalog serve``, is read once.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PIL import Image

GPS_IFD = 0x8825
GPS_LATITUDE = 2


def has_location(path: Path) -> bool:
    """True when the photo's EXIF holds a GPS block with a position in it.

    Unreadable files are not ours to judge here (the image checks report them).
    """
    try:
        st = os.stat(path)
    except OSError:
        return False
    return _has_location(os.fspath(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=1 << 16)
def _has_location(path: str, size: int, mtime_ns: int) -> bool:
    try:
        with Image.open(path) as im:
            gps = im.getexif().get_ifd(GPS_IFD)
    except Exception:  # noqa: BLE001 - not an image, damaged EXIF: other checks say so
        return False
    return bool(gps) and (GPS_LATITUDE in gps or len(gps) > 1)

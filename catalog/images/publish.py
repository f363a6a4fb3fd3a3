"""Put processed images into a built site: cache file -> ``dest_root/<url>``.

Hard links when the site and the cache share a file system (no copying, no
extra disk), copies otherwise. Each file lands via a temporary name and
``os.replace``, and a destination that already has the right size is left
alone, so publishing twice (or into a site that ``catalog serve`` keeps
updating) is cheap and never exposes a half-written file. File names encode
the content, so "same name, same size" means "same file".
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .model import ProcessedImage, Variant

log = logging.getLogger("catalog.images")


def _place(variant: Variant, dest: Path) -> bool:
    """Link or copy one variant; False when it was already there."""
    if variant.file is None:
        raise ValueError(f"{variant.url}: no cached file to publish")
    for _ in range(2):  # the usual case, a fresh site: one link() per file
        try:
            os.link(variant.file, dest)  # a new name appears with the whole file behind it
            return True
        except FileNotFoundError:
            if not os.path.exists(variant.file):
                raise
            dest.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            if dest.stat().st_size == variant.bytes:
                return False
            break
        except OSError:  # other file system, or links not supported
            break
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        try:
            os.link(variant.file, tmp)
        except OSError:
            shutil.copyfile(variant.file, tmp)
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()
    return True


def publish(images: Iterable[ProcessedImage], dest_root: Path) -> None:
    """Place every variant (all formats and the Open Graph JPEG) under ``dest_root``."""
    dest_root = Path(dest_root)
    placed = kept = 0
    for image in images:
        for variant in image.variants():
            if _place(variant, dest_root / variant.url):
                placed += 1
            else:
                kept += 1
    log.info("images: published %d files (%d already in place) to %s", placed, kept, dest_root)

"""Inputs and results of the image pipeline: frozen values, no behaviour.

Workers never return images, only these small records (plus cache-index
metadata), so memory stays flat however many photos a catalogue has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Position


@dataclass(frozen=True)
class ImageJob:
    """One reference to a photo from a YAML file.

    ``ref_path``/``ref_pos`` are where a problem with the photo is reported
    (the YAML line that names it); ``slug`` starts the published file names.
    """

    source: Path
    ref_path: str
    ref_pos: Position
    slug: str
    resolved: bool = field(default=False, compare=False)
    """``source`` is already ``os.path.realpath``'s answer (the catalogue resolves every
    photo once: :attr:`catalog.core.catalogue.ProductEntry.photos`)."""


@dataclass(frozen=True)
class Variant:
    """One published file. ``url`` is site-root-relative, without a leading slash.

    ``file`` is the cached file :func:`catalog.images.publish` copies from; it is
    left out of comparisons so results from two cache folders compare equal.
    """

    url: str
    width: int
    height: int
    bytes: int
    format: str
    file: Path | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ProcessedImage:
    """Everything a page needs to show one photo.

    ``width``/``height`` are the source's size after EXIF orientation.
    ``formats`` maps ``"avif"``/``"jpeg"`` to variants ascending by width.
    ``alpha`` says the photo has transparent pixels: the AVIF keeps them, the
    JPEG shows them on the settings' background, and pages should not paint the
    placeholder behind it (it would show through).
    """

    source: Path
    width: int
    height: int
    formats: dict[str, tuple[Variant, ...]] = field(hash=False)
    og: Variant
    placeholder_color: str
    placeholder_uri: str
    alpha: bool = False
    sha256: str = field(default="", compare=False)
    """SHA-256 of the source bytes (the pipeline hashes each photo anyway)."""

    def largest(self, fmt: str = "jpeg") -> Variant:
        return self.formats[fmt][-1]

    def widest(self) -> Variant:
        """The widest variant of any format (the box a page reserves for the photo)."""
        return max((g[-1] for g in self.formats.values() if g), key=lambda v: v.width)

    def variants(self) -> tuple[Variant, ...]:
        """Every distinct file of this image (all formats and the Open Graph one)."""
        seen: dict[str, Variant] = {}
        for group in self.formats.values():
            for v in group:
                seen.setdefault(v.url, v)
        seen.setdefault(self.og.url, self.og)
        return tuple(seen.values())

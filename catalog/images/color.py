"""Bring any decoded photo to upright 8-bit sRGB, RGB or RGBA.

Why each step:

* EXIF orientation is applied to the pixels (phones store portrait photos
  sideways and set a tag); outputs carry no EXIF, so it must be baked in.
* An embedded ICC profile is converted to sRGB with LittleCMS (perceptual
  intent): wide-gamut (Display P3, Adobe RGB) photos would look washed out if
  their numbers were shown as sRGB. Profiles that describe themselves as sRGB
  are taken as-is (no transform, no rounding, less time).
* CMYK without a profile uses Pillow's plain inversion (C,M,Y,K -> R,G,B);
  with a profile it goes through LittleCMS like any other.
* Outputs carry NO ICC profile: untagged images are sRGB on the web, which is
  what they now are, and a profile would cost 0.5-3 KB per file. AVIF files
  declare sRGB in their nclx colour box (BT.709 primaries, sRGB transfer).
* Alpha is kept only when it is used: a fully opaque alpha channel is
  dropped (smaller files, and JPEG and AVIF then look the same).
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache

from PIL import Image, ImageCms, ImageOps

log = logging.getLogger("catalog.images")

_TO_RGBA = {"LA", "La", "PA", "RGBa", "RGBA"}


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def orientation(im: Image.Image) -> int:
    """EXIF orientation (1-8) from the header, 1 when absent or malformed."""
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - broken EXIF must not stop a photo
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def apply_orientation(im: Image.Image) -> Image.Image:
    """Turn the pixels upright according to EXIF (and XMP) orientation."""
    try:
        ImageOps.exif_transpose(im, in_place=True)
    except Exception as exc:  # noqa: BLE001 - broken EXIF: keep pixels as stored
        log.debug("ignoring unreadable orientation: %s", exc)
    return im


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    try:
        description = ImageCms.getProfileDescription(profile)
    except ImageCms.PyCMSError:
        return False
    return description.strip().lower().startswith("srgb")


def _widen(im: Image.Image) -> Image.Image:
    """Modes LittleCMS and the encoders can take: L, RGB, RGBA or CMYK."""
    mode = im.mode
    if mode in ("RGB", "RGBA", "L", "CMYK"):
        return im
    if mode == "P":
        return im.convert("RGBA" if im.has_transparency_data else "RGB")
    if mode in _TO_RGBA:
        return im.convert("RGBA")
    if mode.startswith("I;16") or mode in ("I", "F"):
        # 16-bit greyscale: scale to 8 bits (a plain convert("L") clips at 255)
        return im.convert("I").point(lambda v: v / 257).convert("L")
    if mode == "1":
        return im.convert("L")
    return im.convert("RGB")


def to_srgb(im: Image.Image) -> Image.Image:
    """Return ``im`` as 8-bit sRGB in mode RGB or RGBA, ``info`` emptied."""
    icc = im.info.get("icc_profile")
    im = _widen(im)
    has_alpha = im.mode == "RGBA"
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if not _is_srgb(profile) or im.mode not in ("RGB", "RGBA"):
                out_mode = "RGBA" if has_alpha else "RGB"
                im = ImageCms.profileToProfile(
                    im,
                    profile,
                    _srgb(),
                    outputMode=out_mode,
                    renderingIntent=ImageCms.Intent.PERCEPTUAL,
                )
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            log.debug("ignoring unusable ICC profile: %s", exc)
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGBA" if has_alpha else "RGB")
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        im = im.convert("RGB")
    im.info.clear()
    return im


def flatten(im: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    """Composite an RGBA image on ``background`` (JPEG has no alpha)."""
    if im.mode != "RGBA":
        return im
    base = Image.new("RGB", im.size, background)
    base.paste(im, mask=im.getchannel("A"))
    return base

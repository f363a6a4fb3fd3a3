"""Refuse what cannot become a published photo, before spending work on it.

The order is cheapest first: is it an image at all (I401), one we accept
(I405), within the pixel budget (I403) and large enough (I404) - all from the
header - and only then the full decode, which finds truncated or damaged data
(I402). The pixel budget is our own explicit check of the header's size, so it
holds whatever a caller has set ``Image.MAX_IMAGE_PIXELS`` to; Pillow's own
guard (which fires in ``Image.open`` beyond twice that limit) is reported the
same way.
"""

from __future__ import annotations

import io
import re
import warnings
from functools import cache

from PIL import Image, UnidentifiedImageError

from .color import orientation
from .geometry import oriented_size
from .settings import ACCEPTED_FORMATS, ImageSettings

#: Magic numbers of formats we accept: a file that starts like one of them but
#: does not open is damaged (I402), not "not an image" (I401).
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_ISOBMFF_BRANDS = (b"avif", b"avis", b"heic", b"heix", b"mif1", b"msf1", b"hevc")


#: Problems decided by the bytes alone (not by settings or the file system):
#: the cache remembers them, so an unchanged broken photo is not decoded again.
CONTENT_CODES = frozenset({"I401", "I402", "I405"})


class ImageProblem(Exception):
    """A photo that cannot be used; ``code``/``params`` fill a Diagnostic (minus ``file``).

    ``content`` is False for problems that are not a property of the bytes
    (a read error), so they are never cached.
    """

    def __init__(self, code: str, *, content: bool = True, **params: object):
        super().__init__(code, params)
        self.code = code
        self.params = params
        self.content = content and code in CONTENT_CODES


@cache
def register_plugins() -> bool:
    """Let Pillow open HEIC/HEIF (iPhone photos) through pillow-heif, once per process."""
    try:
        import pillow_heif
    except ImportError:  # optional: without it HEIC photos get I401
        return False
    pillow_heif.register_heif_opener()
    return True


def format_count(n: int) -> str:
    """Digits grouped by spaces: readable in Indonesian and English alike."""
    return f"{n:_}".replace("_", " ")


def _looks_like_image(data: bytes) -> bool:
    if data.startswith(_SIGNATURES):
        return True
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return True
    return data[4:8] == b"ftyp" and data[8:12] in _ISOBMFF_BRANDS


def open_checked(data: bytes, settings: ImageSettings) -> Image.Image:
    """Open ``data`` reading only its header, and apply every header check.

    Returns a lazily loaded image; raises :class:`ImageProblem`.
    """
    register_plugins()
    limit = settings.max_pixels
    with warnings.catch_warnings():
        # our explicit limit decides, not Pillow's warning threshold
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            match = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = format_count(int(match.group(1))) if match else f"> {format_count(limit)}"
            raise ImageProblem("I403", pixels=pixels, limit=format_count(limit)) from None
        except UnidentifiedImageError:
            if _looks_like_image(data):
                raise ImageProblem("I402", problem="header unreadable") from None
            raise ImageProblem("I401") from None
        except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged file
            raise ImageProblem("I402", problem=_describe(exc)) from None
    if im.format not in ACCEPTED_FORMATS:
        raise ImageProblem("I405", format=im.format or "?")
    width, height = im.size
    if width * height > limit:
        raise ImageProblem("I403", pixels=format_count(width * height), limit=format_count(limit))
    if max(width, height) < settings.min_long_side:
        width, height = oriented_size(im.size, orientation(im))  # as the author sees it
        raise ImageProblem("I404", width=width, height=height, minimum=settings.min_long_side)
    return im


def decode(im: Image.Image, draft_size: tuple[int, int] | None) -> Image.Image:
    """Decode every pixel (optionally at a JPEG draft scale); damage raises I402.

    A draft decode still walks the whole entropy-coded stream, so truncation
    and corruption are found just like at full scale.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            if draft_size is not None:
                im.draft(None, draft_size)
            im.load()
        except (ImageProblem, MemoryError):
            raise  # MemoryError says nothing about the file: not an I402
        except Image.DecompressionBombError:
            raise ImageProblem(
                "I403",
                pixels=format_count(im.width * im.height),
                limit=format_count(2 * (Image.MAX_IMAGE_PIXELS or 0)),
            ) from None
        except Exception as exc:  # noqa: BLE001 - OSError, SyntaxError, zlib.error, ...
            raise ImageProblem("I402", problem=_describe(exc)) from None
    return im


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."

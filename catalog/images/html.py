"""The ``<picture>`` element of one processed image, generated from its metadata.

Why it looks like this:

* one ``<source type="image/avif">`` per modern format, the JPEG in the
  ``<img>`` (browsers without AVIF, crawlers, e-mail clients): one 800 px file
  by default, so the ``<img>`` has a ``srcset`` only when there are several;
* ``srcset`` with ``w`` descriptors and a ``sizes`` hint, so a phone on a slow
  link fetches the 400 or 800 px file, not 1600;
* explicit ``width``/``height`` (the largest variant of any format), so the page reserves
  the box before the photo arrives: no layout shift;
* ``loading="lazy"`` below the fold; ``eager`` for the first photo on a page
  also sets ``fetchpriority="high"`` (it is usually the LCP element);
* a ``style`` background with the dominant colour and the tiny blurred image,
  painted until the photo is decoded - except for photos with transparency,
  where it would show through;
* every attribute value HTML-escaped (alt text is user data from YAML).
"""

from __future__ import annotations

from html import escape

from .encode import mime_type
from .model import ProcessedImage, Variant

#: Width the plain ``src`` aims for (browsers that ignore srcset are rare and old).
_FALLBACK_WIDTH = 800


def _attr(name: str, value: object) -> str:
    return f'{name}="{escape(str(value), quote=True)}"'


def _srcset(variants: tuple[Variant, ...], url_prefix: str) -> str:
    return ", ".join(f"{url_prefix}{v.url} {v.width}w" for v in variants)


def _fallback(variants: tuple[Variant, ...]) -> Variant:
    """The smallest JPEG at least 800 px wide, else the largest."""
    return next((v for v in variants if v.width >= _FALLBACK_WIDTH), variants[-1])


def placeholder_style(image: ProcessedImage) -> str:
    """CSS for the box before the photo arrives ("" for transparent photos)."""
    if image.alpha:
        return ""
    style = f"background:{image.placeholder_color}"
    if image.placeholder_uri:
        style += f" url({image.placeholder_uri}) 50% 50%/cover no-repeat"
    return style


def picture_html(
    image: ProcessedImage,
    alt: str,
    *,
    sizes: str = "(max-width: 600px) 100vw, 600px",
    eager: bool = False,
    url_prefix: str = "/",
    css_class: str | None = None,
) -> str:
    """Markup of a responsive ``<picture>`` for ``image``.

    ``url_prefix`` is put before each variant's site-root-relative URL: "/" for
    absolute paths, "../../" for relative ones, or a CDN origin.
    """
    jpegs = image.formats["jpeg"]
    largest = image.widest()
    parts = ["<picture>"]
    for fmt, variants in image.formats.items():
        if fmt == "jpeg" or not variants:
            continue
        parts.append(
            "<source "
            + " ".join(
                (
                    _attr("type", mime_type(fmt)),
                    _attr("srcset", _srcset(variants, url_prefix)),
                    _attr("sizes", sizes),
                )
            )
            + ">"
        )
    attrs = [_attr("src", url_prefix + _fallback(jpegs).url)]
    if len(jpegs) > 1:
        attrs += [_attr("srcset", _srcset(jpegs, url_prefix)), _attr("sizes", sizes)]
    attrs += [
        _attr("width", largest.width),
        _attr("height", largest.height),
        _attr("alt", alt),
        _attr("loading", "eager" if eager else "lazy"),
        _attr("decoding", "async"),
    ]
    if eager:
        attrs.append(_attr("fetchpriority", "high"))
    if css_class:
        attrs.append(_attr("class", css_class))
    style = placeholder_style(image)
    if style:
        attrs.append(_attr("style", style))
    parts.append("<img " + " ".join(attrs) + ">")
    parts.append("</picture>")
    return "".join(parts)

"""Issue 20: the product pages' QR codes, kept between builds.

Measured on 1,000 products (150 product pages profiled): making the QR code of each
page's URL (:func:`catalog.site.views.qr_svg`, segno trying its eight masks) took 61% of
rendering a product page - more than the template. A QR code depends on nothing but the
URL, segno and that function, so a build keeps every code it made in a file beside
the image cache (``.cache/qr/<products folder and site address>.json``) and the next build reuses them: the SVG,
byte for byte. The file names what the codes were made with (segno's version and the
source of ``views.py``); when that changes it is ignored and written anew. Codes a build
lacks are made before the pages, in worker processes where forking is safe; the file
then holds exactly the URLs of that build (a renamed product's old code is dropped).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("catalog.build")


def version() -> str:
    """What the codes are made with: segno's version and the source of the module that
    makes them (:mod:`catalog.site.views`; any edit there makes every code anew)."""
    import segno

    from ..site import views

    h = hashlib.sha256(f"{segno.__version__}\0".encode())
    h.update(Path(views.__file__).read_bytes())
    return h.hexdigest()


def qr_file(cache_dir: Path, products_dir: Path, site_url: str = "") -> Path:
    """Where the codes of the catalogue in ``products_dir`` published at ``site_url`` are
    kept: beside the image cache, one file per products folder and site address (two
    catalogues sharing an image cache, or ``catalog serve``'s address and the published
    one, do not take turns dropping each other's codes)."""
    where = f"{Path(products_dir).resolve()}\0{site_url}"
    name = hashlib.sha256(where.encode()).hexdigest()[:16]
    return Path(cache_dir).parent / "qr" / f"{name}.json"


def _make(urls: list[str]) -> list[str]:
    from ..site.views import qr_svg

    return [qr_svg(url) for url in urls]


def qr_codes(urls: Iterable[str], cache_file: Path, workers: int = 1) -> dict[str, str]:
    """The SVG QR code of each of ``urls``: from ``cache_file`` where it has them, made
    otherwise; the file is rewritten with exactly these URLs when anything changed."""
    wanted = sorted(set(urls))
    stamp = version()
    known: dict[str, str] = {}
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if data.get("version") == stamp and isinstance(data.get("codes"), dict):
            known = data["codes"]
    except (OSError, ValueError, AttributeError):
        pass
    missing = [url for url in wanted if url not in known]
    started = time.perf_counter()
    if missing:
        from ..core.workers import can_fork, forked_pool

        if workers > 1 and len(missing) >= 200 and can_fork():
            size = max(50, len(missing) // (workers * 4))
            chunks = [missing[i : i + size] for i in range(0, len(missing), size)]
            with forked_pool(workers) as pool:
                made = [svg for part in pool.map(_make, chunks) for svg in part]
        else:
            made = _make(missing)
        known.update(zip(missing, made))
    codes = {url: known[url] for url in wanted}
    if missing or len(codes) != len(known):
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": stamp, "codes": codes}), encoding="utf-8")
            os.replace(tmp, cache_file)
        except OSError as exc:  # only the next build's reuse is lost
            log.info("catalog: QR codes not kept (%s)", exc)
    log.info(
        "catalog: %d QR codes, %d made in %.1f s, %d kept from the last build",
        len(codes),
        len(missing),
        time.perf_counter() - started,
        len(codes) - len(missing),
    )
    return codes

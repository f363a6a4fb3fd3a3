"""Engine-independent build steps: validate, process photos, generate pages.

Both the MkDocs plugin and any future engine adapter call :func:`prepare`;
it raises :class:`~catalog.core.diagnostics.CatalogError` before anything is
written when the data or a photo has errors.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from ..core.catalogue import Catalog, load_catalog
from ..core.diagnostics import CatalogError, Diagnostic
from ..core.workers import cores
from ..images import ImageJob, process_images
from ..site.generate import Generator
from ..site.model import SiteContent, SiteSettings

log = logging.getLogger("catalog.build")


@dataclass
class Prepared:
    catalog: Catalog
    generator: Generator
    content: SiteContent
    warnings: list[Diagnostic]
    image_stats: dict


def image_jobs(catalog: Catalog, suppliers: set[str] | None = None) -> list[ImageJob]:
    """One job per photo reference of a published or discontinued product; its files are
    published under ``media/<supplier>/<product>-<n>-…`` (a supplier's own folder).
    ``suppliers``: only the entries of these supplier folders."""
    jobs = []
    for entry in [*catalog.published(), *catalog.published_services()]:  # services: issue 21
        if suppliers is not None and entry.supplier_id not in suppliers:
            continue
        for i, source in enumerate(entry.photos):
            jobs.append(
                ImageJob(
                    source=source,
                    ref_path=entry.doc.path,
                    ref_pos=entry.doc.pos(("images", i, "file")),
                    slug=f"{entry.supplier_id}/{entry.id}-{i + 1}",
                    resolved=True,
                )
            )
    return jobs


def prepare(
    products_dir: Path,
    settings: SiteSettings,
    *,
    cache_dir: Path,
    workers: int | None = None,
    today: dt.date | None = None,
    remember: bool = False,
) -> Prepared:
    """Validate, process the photos and prepare the pages of ``products_dir``.
    ``remember``: files of unchanged supplier folders are not checked again within this
    process (``catalog serve``: :func:`~catalog.core.catalogue.load_catalog`)."""
    catalog = load_catalog(products_dir, today=today, remember=remember)
    if not catalog.ok:
        raise CatalogError(catalog.diagnostics)
    stats: dict = {}
    images, problems = process_images(
        image_jobs(catalog), cache_dir=cache_dir, workers=workers, stats=stats
    )
    if any(p.is_error for p in problems):
        raise CatalogError([*catalog.diagnostics, *problems])
    gen = Generator(catalog, images, settings)
    from .qr import qr_codes, qr_file

    gen.qr = qr_codes(
        gen.qr_urls(), qr_file(Path(cache_dir), products_dir, settings.site_url), workers or cores()
    )
    content = gen.generate(pages=False)  # pages: rendered by the adapter, job by job
    log.info(
        "catalog: %d products, %d suppliers, %d pages, images: %s",
        len(catalog.published()),
        len(catalog.suppliers),
        len(gen.jobs()),
        ", ".join(f"{k} {v}" for k, v in sorted(stats.items())),
    )
    return Prepared(catalog, gen, content, [*catalog.diagnostics, *problems], stats)


def measure_site(site_dir: Path, publish: dict | None) -> dict:
    """After a build: bytes and files of ``site_dir`` by kind, checked against the host of
    mkdocs.yml ``extra.publish.host`` (:mod:`catalog.build.size`), kept beside the site
    for ``catalog report``; returns what was kept. Raises
    :class:`~catalog.build.size.UnknownHost` for a host ``hosts.yaml`` does not list,
    :class:`~catalog.build.size.BadLimits` for ``extra.publish.limits`` that are not
    whole numbers of known limits."""
    from .size import configured_host, measure, write_size

    target = configured_host(publish)
    data = measure(site_dir).as_data(target)
    write_size(site_dir, data)
    return data

"""``catalog build`` and ``catalog serve`` on MkDocs: the command side of the adapter.

They are ``mkdocs build`` / ``mkdocs serve`` on the project's mkdocs.yml, so both paths
give the same site; the plugin does validation, photos, pages and the atomic swap. The
commands in :mod:`catalog.cli.build` parse arguments and call these.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..build import incremental
from . import shim

EXIT_OK, EXIT_DATA = 0, 1


class ConfigProblem(Exception):
    """mkdocs.yml is missing or invalid: the command exits 2 with this bilingual text."""

    def __init__(self, id_text: str, en_text: str):
        super().__init__(en_text)
        self.text = {"id": id_text, "en": en_text}


def _config(config_file: str, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    path = Path(config_file)
    if not path.exists():
        raise ConfigProblem(
            f"berkas konfigurasi `{path}` tidak ditemukan", f"config file `{path}` not found"
        )
    try:
        return load_config(str(path), **{k: v for k, v in overrides.items() if v is not None})
    except ConfigurationError as exc:
        raise ConfigProblem(
            f"konfigurasi tidak valid: {exc}", f"invalid configuration: {exc}"
        ) from None


def build_site(config_file: str, site_dir: str | None, *, strict: bool, verbose: bool) -> int:
    """Build into ``site_dir`` (mkdocs.yml's ``site_dir`` when None); exit code."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, BuildError

    quiet_mkdocs(verbose)
    site_dir = str(Path(site_dir).resolve()) if site_dir else None
    config = _config(config_file, site_dir=site_dir, strict=strict or None)
    final = Path(config.site_dir)
    inputs = _inputs(config, strict=strict)
    if inputs is not None and incremental.unchanged(final, inputs):
        print(
            "catalog: tidak ada yang berubah sejak build terakhir, situs dibiarkan apa adanya "
            "/ nothing changed since the last build: the site is kept as it is"
        )
        print(f"site: {final}")
        return EXIT_OK
    try:
        shim.run_build(config, build)  # with the on_startup/on_shutdown events
    except Abort as exc:
        print(exc.message if hasattr(exc, "message") else exc)
        return EXIT_DATA
    except BuildError as exc:
        print(f"catalog: {exc}")
        return EXIT_DATA
    if inputs is not None:
        try:
            incremental.save(final, inputs)
        except OSError as exc:  # only the next build's shortcut is lost
            logging.getLogger("mkdocs.plugins.catalog").info(
                "catalog: build record not written (%s)", exc
            )
    print(f"site: {config.site_dir}")
    return EXIT_OK


def _inputs(config, *, strict: bool) -> str | None:
    """The digest of what a build of ``config`` reads (:mod:`catalog.build.incremental`),
    taken before it starts; None when the catalog plugin is not configured (no shortcut)."""
    plugin = config.plugins.get("catalog")
    if plugin is None:
        return None
    root = Path(config.config_file_path).resolve().parent
    from .plugin import page_folders

    folders = [root / plugin.config.products_dir, *page_folders(config)]
    try:
        return incremental.input_digest(
            config_file=Path(config.config_file_path),
            folders=folders,
            options={"strict": bool(strict), "site_dir": str(Path(config.site_dir).resolve())},
        )
    except OSError:
        return None


def serve_site(config_file: str, dev_addr: str, *, verbose: bool) -> int:
    """Live preview on ``dev_addr``; rebuilds when a YAML file or a photo changes."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort

    quiet_mkdocs(verbose)
    try:
        serve(config_file=config_file, open_in_browser=False, dev_addr=dev_addr, livereload=True)
    except Abort as exc:
        print(exc)
        return EXIT_DATA
    return EXIT_OK


def quiet_mkdocs(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False

"""``catalog build`` and ``catalog serve``: MkDocs with the catalog plugin.

They are ``mkdocs build`` / ``mkdocs serve`` on the project's mkdocs.yml, so both
paths give the same site; the plugin does validation, photos, pages and the
atomic swap.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _config(args: argparse.Namespace, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .cli import UsageError

    path = Path(args.config_file)
    if not path.exists():
        raise UsageError(f"berkas konfigurasi `{path}` tidak ditemukan",
                         f"config file `{path}` not found")
    try:
        return load_config(str(path), **{k: v for k, v in overrides.items() if v is not None})
    except ConfigurationError as exc:
        raise UsageError(f"konfigurasi tidak valid: {exc}", f"invalid configuration: {exc}")


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, BuildError

    _quiet_mkdocs(args)
    site_dir = str(Path(args.site_dir).resolve()) if args.site_dir else None
    config = _config(args, site_dir=site_dir, strict=args.strict or None)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Abort as exc:
        print(exc.message if hasattr(exc, "message") else exc)
        return EXIT_DATA
    except BuildError as exc:
        print(f"catalog: {exc}")
        return EXIT_DATA
    finally:
        config.plugins.on_shutdown()
    print(f"site: {config.site_dir}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort

    _quiet_mkdocs(args)
    try:
        serve(config_file=args.config_file, open_in_browser=False,
              dev_addr=args.dev_addr, livereload=True)
    except Abort as exc:
        print(exc)
        return EXIT_DATA
    return EXIT_OK


def _quiet_mkdocs(args: argparse.Namespace) -> None:
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if args.verbose else logging.INFO)
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").propagate = False


def register(sub: argparse._SubParsersAction, lang_arg) -> None:
    p = sub.add_parser("build", help="bangun situs / build the site into site/")
    p.add_argument("-d", "--site-dir", help="output folder (default: site/)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("-s", "--strict", action="store_true", help="warnings fail the build")
    lang_arg(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="pratinjau langsung / live preview")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    lang_arg(p)
    p.set_defaults(func=cmd_serve)

"""Command-line interface: ``catalog <command>`` (also ``python -m catalog``).

Exit codes: 0 success (warnings allowed), 1 the data has errors, 2 usage or
configuration errors. A user's mistake never shows a traceback; set
``CATALOG_DEBUG=1`` to see one for a bug in the tool itself.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from .. import __version__
from ..core.diagnostics import Lang
from ..core.reporter import FORMATS, render

DEFAULT_ROOT = Path("products")
SCHEMA_DIR = Path("schema")

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

log = logging.getLogger("catalog")


class UsageError(Exception):
    """Wrong arguments or configuration: exit 2 with a bilingual message."""

    def __init__(self, id_text: str, en_text: str):
        super().__init__(en_text)
        self.text = {"id": id_text, "en": en_text}


def _catalog_root(path: Path) -> tuple[Path, Path | None]:
    """(catalogue root, the part to validate or None for all) for a PATH argument."""
    if not path.exists():
        raise UsageError(f"jalur `{path}` tidak ditemukan", f"path `{path}` does not exist")
    shown, path = path, Path(os.path.abspath(path))  # `.` and `supplier.yaml` have parents too
    if path.is_file():
        if path.suffix not in (".yaml", ".yml"):
            raise UsageError(f"`{shown}` bukan berkas YAML", f"`{shown}` is not a YAML file")
        return path.parent.parent, path
    if (path / "supplier.yaml").exists() or (
        any(path.glob("*.yaml"))
        and not any(p.is_dir() and (p / "supplier.yaml").exists() for p in path.iterdir())
    ):
        return path.parent, path
    return path, None


def cmd_validate(args: argparse.Namespace) -> int:
    from ..core.catalogue import load_catalog

    paths = args.paths or [DEFAULT_ROOT]
    groups: dict[Path, list[Path]] = {}
    for p in paths:
        root, part = _catalog_root(Path(p))
        groups.setdefault(root, [])
        if part is None:
            groups[root] = []  # whole catalogue wins over parts
            groups[root].append(root)
        elif root not in groups[root]:
            groups[root].append(part)
    diagnostics, files = [], 0
    for root, parts in groups.items():
        catalog = load_catalog(root, only=None if root in parts else parts, workers=args.workers)
        diagnostics += catalog.diagnostics
        files += catalog.files
    render(diagnostics, files, args.format, args.lang, sys.stdout)
    return EXIT_DATA if any(d.is_error for d in diagnostics) else EXIT_OK


def schemas() -> dict[str, dict]:
    from ..core.models import Curation, Product, Service, Supplier, json_schema

    return {
        "supplier.schema.json": json_schema(Supplier, "Supplier (supplier.yaml)"),
        "product.schema.json": json_schema(Product, "Product (<product-id>.yaml)"),
        "service.schema.json": json_schema(Service, "Service (<service-id>.yaml, kind: service)"),
        "curation.schema.json": json_schema(Curation, "Curation (curation/<supplier-id>.yaml)"),
    }


def cmd_schema(args: argparse.Namespace) -> int:
    out: Path = args.output
    stale = []
    for name, schema in schemas().items():
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        target = out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target)
            continue
        out.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(target)
    if stale:
        names = ", ".join(map(str, stale))
        raise UsageError(
            f"skema usang: {names}; jalankan `catalog schema`",
            f"schema out of date: {names}; run `catalog schema`",
        )
    return EXIT_OK


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"harus angka bulat ≥ 1 / must be a whole number ≥ 1: {text!r}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="catalog",
        description="Katalog produk rumah dagang koperasi / Trading-house product catalogue",
    )
    parser.add_argument("--version", action="version", version=f"catalog {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="more log output")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def lang_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--lang",
            choices=("id", "en"),
            default=os.environ.get("CATALOG_LANG", "id")
            if os.environ.get("CATALOG_LANG") in ("id", "en")
            else "id",
            help="bahasa pesan / message language (default: id)",
        )

    p = sub.add_parser("validate", help="periksa data / validate the catalogue")
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="products/ (default), a supplier folder or a product file",
    )
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument(
        "-j",
        "--workers",
        type=_workers,
        metavar="N",
        help="proses pemeriksa untuk katalog besar (bawaan: satu per inti CPU; 1: "
        "satu proses) / worker processes for a large catalogue (default: one per "
        "CPU core; 1: a single process)",
    )
    lang_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="tulis JSON Schema / write JSON Schema files")
    p.add_argument("-o", "--output", type=Path, default=SCHEMA_DIR)
    p.add_argument(
        "--check", action="store_true", help="only check the files are up to date (exit 2 if not)"
    )
    lang_arg(p)
    p.set_defaults(func=cmd_schema)

    for module in EXTRA_COMMANDS:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(sub, lang_arg)
    return parser


EXTRA_COMMANDS = (
    "catalog.cli.build",
    "catalog.cli.new",
    "catalog.cli.report",
    "catalog.cli.intake",
    "catalog.cli.publish",
)
"""Modules defining more commands; each has ``register(subparsers, lang_arg)``."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    lang: Lang = getattr(args, "lang", "id")
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"catalog: {exc.text[lang]}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in the tool, not in the data
        if os.environ.get("CATALOG_DEBUG"):
            raise
        msg = (
            "kesalahan internal (bukan kesalahan data Anda): "
            if lang == "id"
            else "internal error (not a problem in your data): "
        )
        print(
            f"catalog: {msg}{type(exc).__name__}: {exc}\n  CATALOG_DEBUG=1 catalog … shows details",
            file=sys.stderr,
        )
        return EXIT_USAGE


def run() -> NoReturn:
    """The ``catalog`` command: :func:`main`, then exit without taking the heap apart
    object by object. Every file is written and closed by then; what is skipped is
    Python freeing the catalogue and the site model one object at a time (2.5 s after
    a 10,000-product build), which the operating system does at once. Under a
    profiler, tracer or debugger it exits normally, so they can write their results."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # cProfile, coverage, a debugger: they write their results at exit
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`catalog … | head`): nothing to do
            pass
    os._exit(code)

"""``catalog build`` and ``catalog serve``: arguments; the work is MkDocs' with the
catalog plugin (:mod:`catalog.mkdocs.commands`)."""

from __future__ import annotations

import argparse


def cmd_build(args: argparse.Namespace) -> int:
    from ..mkdocs.commands import ConfigProblem, build_site

    from . import UsageError

    try:
        return build_site(args.config_file, args.site_dir, strict=args.strict, verbose=args.verbose)
    except ConfigProblem as exc:
        raise UsageError(exc.text["id"], exc.text["en"]) from None


def cmd_serve(args: argparse.Namespace) -> int:
    from ..mkdocs.commands import serve_site

    return serve_site(args.config_file, args.dev_addr, verbose=args.verbose)


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

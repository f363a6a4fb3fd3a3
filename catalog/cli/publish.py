"""``catalog publish``: deploy a built site incrementally (the engine:
:mod:`catalog.build.publish`, which drives rclone).

    catalog publish [TARGET] [-d SITE_DIR] [-f mkdocs.yml] [--dry-run] [--no-delete]
                    [--media-target TARGET] [--format text|json] [--lang id|en]

TARGET, in this order: the argument, ``$CATALOG_PUBLISH_TARGET``, mkdocs.yml
``extra.publish.target``. A local folder, ``user@host:/var/www/katalog`` (SFTP),
``s3://bucket/prefix`` (S3, R2, GCS's S3 API, MinIO: ``extra.publish.s3`` names the
provider, endpoint and region; credentials come from the environment only) or any rclone
remote. Exit 0 published (or planned, with ``--dry-run``), 1 the target failed part-way
(run it again: what arrived is not uploaded twice), 2 usage or set-up (no target, no
rclone, no built site).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from ..core import i18n
from ..core.diagnostics import Lang

ENV_TARGET = "CATALOG_PUBLISH_TARGET"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags (``!!python/name:…``, ``!ENV``) this command needs none of."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path, explicit: bool) -> tuple[dict[str, Any], Path]:
    """(mkdocs.yml's content, its folder); an empty mapping when the default file is absent."""
    from . import UsageError

    if not path.is_file():
        if explicit:
            raise UsageError(
                f"berkas konfigurasi `{path}` tidak ditemukan", f"config file `{path}` not found"
            )
        return {}, Path.cwd()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(
            f"`{path}` tidak bisa dibaca: {exc}", f"`{path}` cannot be read: {exc}"
        ) from None
    return (data if isinstance(data, dict) else {}), path.resolve().parent


def _t(key: str, lang: Lang, **params: Any) -> str:
    return i18n.t(key, lang, **params)


def _render_text(result, target, site_dir: Path, lang: Lang) -> None:
    from ..build.size import amount

    plan = result.plan
    print(_t("publish_title", lang, site=site_dir, target=target.shown))
    if result.dry_run:
        print("  " + _t("publish_dry_run", lang))
    for phase, (files, size) in plan.phase_totals().items():
        label = _t(f"publish_phase_{phase}", lang)
        print(
            f"  {label}: "
            + _t("publish_upload", lang, files=i18n.number(files, lang), bytes=amount(size, lang))
        )
    label = _t("publish_phase_delete", lang)
    if plan.keep_deleted:
        print(f"  {label}: " + _t("publish_kept", lang, files=i18n.number(len(plan.delete), lang)))
    else:
        print(
            f"  {label}: "
            + _t(
                "publish_delete",
                lang,
                files=i18n.number(len(plan.delete), lang),
                bytes=amount(plan.delete_bytes, lang),
            )
        )
    print(
        "  "
        + _t(
            "publish_unchanged",
            lang,
            files=i18n.number(plan.unchanged, lang),
            bytes=amount(plan.unchanged_bytes, lang),
        )
    )
    if plan.no_hash:
        print("  " + _t("publish_no_hash", lang, files=i18n.number(plan.no_hash, lang)))
    if not result.dry_run:
        print(
            _t(
                "publish_done",
                lang,
                uploaded=i18n.number(result.uploaded, lang),
                deleted=i18n.number(result.deleted, lang),
                seconds=i18n.number(result.seconds, lang, 1),
            )
        )


def as_data(result, target, site_dir: Path) -> dict[str, Any]:
    plan = result.plan
    return {
        "site": str(site_dir),
        "target": target.shown,
        "dry_run": result.dry_run,
        "phases": [
            {
                "phase": g.phase,
                "content_type": g.content_type,
                "cache_control": g.cache_control,
                "files": g.files,
                "bytes": g.bytes,
            }
            for g in plan.uploads
        ],
        "upload": {"files": len(plan.upload_files), "bytes": sum(g.bytes for g in plan.uploads)},
        "delete": {
            "files": plan.delete,
            "bytes": plan.delete_bytes,
            "kept": plan.keep_deleted,
        },
        "unchanged": {"files": plan.unchanged, "bytes": plan.unchanged_bytes},
        "no_hash": plan.no_hash,
        "uploaded": result.uploaded,
        "deleted": result.deleted,
        "seconds": round(result.seconds, 3),
    }


def cmd_publish(args: argparse.Namespace) -> int:
    from ..build.publish import PublishError, publish, resolve_target, settings_problem

    from . import EXIT_DATA, EXIT_OK, UsageError

    config, base = read_config(Path(args.config_file), explicit=args.config_file != "mkdocs.yml")
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    settings = extra.get("publish")
    problem = settings_problem(settings)
    if problem is not None:
        raise UsageError(problem.text["id"], problem.text["en"])
    settings = settings or {}
    spec = args.target or os.environ.get(ENV_TARGET) or settings.get("target")
    if not spec:
        raise UsageError(
            f"tujuan belum ditentukan: beri TARGET, ${ENV_TARGET} atau extra.publish.target "
            "di mkdocs.yml (folder, user@host:/path, s3://bucket/prefix, remote rclone)",
            f"no target: give TARGET, ${ENV_TARGET} or extra.publish.target in mkdocs.yml "
            "(a folder, user@host:/path, s3://bucket/prefix, an rclone remote)",
        )
    site_dir = Path(args.site_dir) if args.site_dir else base / str(config.get("site_dir", "site"))
    media_spec = args.media_target or settings.get("media_target")
    if media_spec and not _media_url(config):
        raise UsageError(
            "target media (--media-target, extra.publish.media_target) hanya untuk situs yang "
            "dibangun dengan `media_url` plugin catalog di mkdocs.yml: tanpa itu halaman "
            "memuat foto dari media/ di sampingnya",
            "a media target (--media-target, extra.publish.media_target) needs a site built "
            "with the catalog plugin's `media_url` in mkdocs.yml: without it the pages load "
            "their photos from the media/ beside them",
        )
    try:
        target = resolve_target(str(spec), settings)
        media_target = resolve_target(str(media_spec), settings) if media_spec else None
        result = publish(
            site_dir,
            target,
            dry_run=args.dry_run,
            delete=not args.no_delete,
            media_target=media_target,
        )
    except PublishError as exc:
        if exc.usage:
            raise UsageError(exc.text["id"], exc.text["en"]) from None
        print(f"catalog: {exc.text[args.lang]}", file=sys.stderr)
        return EXIT_DATA
    if args.format == "json":
        data = as_data(result, target, site_dir)
        data["media"] = as_data(result.media, media_target, site_dir) if result.media else None
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        if result.media is not None:
            _render_text(result.media, media_target, site_dir / "media", args.lang)
        _render_text(result, target, site_dir, args.lang)
    return EXIT_OK


def _media_url(config: dict[str, Any]) -> str | None:
    """The catalog plugin's ``media_url`` in mkdocs.yml, if set."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("catalog"), dict):
            return plugin["catalog"].get("media_url")
    return None


def register(sub: argparse._SubParsersAction, lang_arg) -> None:
    p = sub.add_parser(
        "publish",
        help="terbitkan situs / publish the built site",
        description="Unggah hanya yang berubah dan hapus yang sudah tidak ada, lewat rclone / "
        "Upload only what changed and delete what is gone, through rclone",
    )
    p.add_argument(
        "target",
        nargs="?",
        metavar="TARGET",
        help=f"folder, user@host:/path, s3://bucket/prefix or an rclone remote "
        f"(default: ${ENV_TARGET}, then mkdocs.yml extra.publish.target)",
    )
    p.add_argument("-d", "--site-dir", help="the built site (default: mkdocs.yml's site_dir)")
    p.add_argument(
        "--media-target",
        metavar="TARGET",
        help="where media/ goes when the site was built with the plugin's media_url (a "
        "bucket behind a CDN); the pages' target then leaves media/ alone "
        "(default: mkdocs.yml extra.publish.media_target)",
    )
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument(
        "--dry-run", action="store_true", help="print what would be uploaded and deleted, only"
    )
    p.add_argument(
        "--no-delete", action="store_true", help="keep files the site no longer has on the target"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    lang_arg(p)
    p.set_defaults(func=cmd_publish)


# -- the size report in `catalog report` (issue 19) ----------------------------------------------
def report_with_size(render, report, args: argparse.Namespace, out) -> None:
    """``catalog report``'s ``render`` followed by the size report of the last build of
    ``site/`` (``site.catalog-size.json`` beside it; whatever ``--previous`` names, the
    release is the current build): a section in text and Markdown (left out of Markdown
    release notes before the first build), a ``size`` key in JSON (None then)."""
    import io

    from ..build.size import KINDS, amount, read_size, summary_line, warnings

    data = read_size(Path("site"))
    lang = args.lang
    if args.format == "json":
        buffer = io.StringIO()
        render(report, lang, buffer)
        whole = json.loads(buffer.getvalue())
        whole["size"] = data
        json.dump(whole, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
        return
    render(report, lang, out)
    title = _t("size_heading", lang)
    if args.format == "markdown":
        if data is None:
            return
        out.write(f"\n### {title}\n\n")
        lines = summary_line(data, lang).splitlines()[1:]
        lines += [f"**{w}**" for w in warnings(data, lang)]
        if lines:
            out.write("  \n".join(lines) + "\n\n")
        cols = [_t(f"size_col_{c}", lang) for c in ("kind", "files", "bytes")]
        out.write("| " + " | ".join(cols) + " |\n|---|--:|--:|\n")
        rows = [(_t(f"size_kind_{k}", lang), data["kinds"][k]) for k in KINDS]
        rows.append((f"**{_t('size_total', lang)}**", data["total"]))
        for label, v in rows:
            out.write(
                f"| {label} | {i18n.number(v['files'], lang)} | {amount(v['bytes'], lang)} |\n"
            )
        return
    out.write(f"\n{title}\n")
    if data is None:
        out.write(f"  {_t('size_none', lang)}\n")
        return
    for line in summary_line(data, lang).splitlines() + [f"! {w}" for w in warnings(data, lang)]:
        out.write(f"  {line}\n")

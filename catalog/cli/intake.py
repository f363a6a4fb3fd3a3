"""``catalog intake``, ``catalog issue-form`` and ``catalog photos strip``.

``catalog intake ISSUE.md`` turns an issue-form submission into entry files (see
:mod:`catalog.intake`); staff use it offline on the text and photos a supplier sent
by WhatsApp or e-mail, the intake workflow on every opened or edited issue.
``catalog issue-form`` writes the GitHub issue form from the model; ``catalog photos
strip`` removes EXIF/XMP/GPS from photos added by hand.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
from pathlib import Path

from . import EXIT_DATA, EXIT_OK, DEFAULT_ROOT, UsageError

FORM_DIR = Path(".github/ISSUE_TEMPLATE")
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif"}


def _is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_intake(args: argparse.Namespace) -> int:
    from ..intake import intake
    from ..intake.fetch import GITHUB_HOSTS, Policy
    from ..intake.messages import as_json, as_text, comment, pr_body

    issue_file: Path = args.issue_file
    try:
        raw = issue_file.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"tidak bisa membaca `{issue_file}`: {exc.strerror}",
            f"cannot read `{issue_file}`: {exc.strerror}",
        ) from None
    body = raw.decode("utf-8", errors="replace")
    photos: Path | None = args.photos
    if photos is not None and not args.fetch and not photos.is_dir():
        raise UsageError(f"folder foto `{photos}` tidak ada", f"photo folder `{photos}` not found")
    if args.fetch and photos is None:
        raise UsageError("--fetch butuh --photos DIR", "--fetch needs --photos DIR")
    policy = None
    if args.fetch:
        hosts = tuple(args.attachment_host or ())
        if any(not _is_loopback(h) for h in hosts):
            raise UsageError(
                "--attachment-host hanya untuk 127.0.0.1 (uji coba)",
                "--attachment-host is only for 127.0.0.1 (tests)",
            )
        policy = (
            Policy()
            if not hosts
            else Policy(hosts=(*GITHUB_HOSTS, *hosts), schemes=("https", "http"), paths={})
        )
    products: Path = args.products
    if not products.is_dir():
        raise UsageError(
            f"folder katalog `{products}` tidak ada", f"catalogue folder `{products}` not found"
        )
    result = intake(body, products, photos, issue=args.issue, policy=policy)
    if args.format == "json":
        json.dump(as_json(result, products), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write(pr_body(result, products) if result.ok else comment(result))
    else:
        sys.stdout.write(as_text(result, products, args.lang))
    return EXIT_OK if result.ok else EXIT_DATA


def cmd_issue_form(args: argparse.Namespace) -> int:
    """Both issue forms (product and service, issue 21) into ``--output``."""
    from ..core.issue_form import FORM_KINDS, TEMPLATES, form_yaml

    forms = [(args.output / TEMPLATES[kind], form_yaml(kind)) for kind in FORM_KINDS]
    if args.check:
        for target, text in forms:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                raise UsageError(
                    f"formulir isu usang: {target}; jalankan `catalog issue-form`",
                    f"issue form out of date: {target}; run `catalog issue-form`",
                )
        return EXIT_OK
    for target, text in forms:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        print(target)
    return EXIT_OK


def _photo_paths(paths: list[Path]) -> list[Path]:
    out = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in PHOTO_SUFFIXES and p.is_file() and not p.is_symlink()
            )
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(f"`{path}` tidak ditemukan", f"`{path}` not found")
    return out


def cmd_photos_strip(args: argparse.Namespace) -> int:
    from ..core.codes import CODES
    from ..images.settings import ImageSettings
    from ..images.strip import strip
    from ..images.verify import ImageProblem

    ANY_SIZE = ImageSettings(min_long_side=1)  # logos too; the build judges sizes
    lang = args.lang
    failed = 0
    for path in _photo_paths(args.paths):
        if path.is_symlink():
            print(
                f"{path}: "
                + ("tautan simbolik dilewati" if lang == "id" else "symbolic link skipped"),
                file=sys.stderr,
            )
            failed += 1
            continue
        data = path.read_bytes()
        try:
            result = strip(data, ANY_SIZE, keep_format=True)
        except ImageProblem as exc:
            spec = CODES[exc.code]
            message = spec.message.get(lang).format(file=path, **exc.params)
            print(f"{path}: error[{exc.code}] {message}", file=sys.stderr)
            failed += 1
            continue
        if not result.had_metadata and not result.rotated:
            print(f"{path}: " + ("sudah bersih" if lang == "id" else "already clean"))
            continue
        partial = path.with_name(path.name + ".strip-tmp")
        partial.write_bytes(result.data)
        partial.replace(path)
        done = "EXIF/XMP/GPS dihapus" if lang == "id" else "EXIF/XMP/GPS removed"
        turned = (
            (", diputar tegak" if lang == "id" else ", turned upright") if result.rotated else ""
        )
        print(f"{path}: {done}{turned}")
    return EXIT_DATA if failed else EXIT_OK


def register(sub, lang_arg) -> None:  # noqa: ANN001 - argparse's private subparsers type
    p = sub.add_parser("intake", help="isu formulir -> berkas katalog / issue form -> entry files")
    p.add_argument(
        "issue_file",
        type=Path,
        metavar="ISSUE.md",
        help="isi isu seperti yang ditulis GitHub / the issue body as GitHub renders it",
    )
    p.add_argument(
        "--photos",
        type=Path,
        metavar="DIR",
        help="folder foto lampiran / folder of the attached photos",
    )
    p.add_argument(
        "--fetch",
        action="store_true",
        help="unduh lampiran dari GitHub ke --photos / download the attachments "
        "from GitHub into --photos",
    )
    p.add_argument(
        "--attachment-host", action="append", metavar="HOST:PORT", help=argparse.SUPPRESS
    )  # tests: a 127.0.0.1 server standing in for GitHub
    p.add_argument("--products", type=Path, default=DEFAULT_ROOT, metavar="DIR")
    p.add_argument("--issue", type=int, metavar="N", help="nomor isu / the issue number")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    lang_arg(p)
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser(
        "issue-form", help="tulis formulir isu GitHub / write the GitHub issue forms"
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=FORM_DIR,
        metavar="DIR",
        help="folder formulir (produk dan jasa) / folder of the forms (product and service)",
    )
    p.add_argument(
        "--check", action="store_true", help="only check the file is up to date (exit 2 if not)"
    )
    lang_arg(p)
    p.set_defaults(func=cmd_issue_form)

    p = sub.add_parser("photos", help="alat foto / photo tools")
    photos = p.add_subparsers(dest="photos_command", required=True, metavar="ACTION")
    s = photos.add_parser(
        "strip", help="hapus EXIF/XMP/GPS di tempat / remove EXIF/XMP/GPS in place"
    )
    s.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    lang_arg(s)
    s.set_defaults(func=cmd_photos_strip)

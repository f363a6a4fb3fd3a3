#!/usr/bin/env python3
"""Publish benchmark: bytes and files per product, and `catalog publish` times (not a test).

    python scripts/bench_publish.py [--sizes 1000,10000] [--work DIR] [--before DIR]
                                    [--photo-pool 200]

For each size N it generates a synthetic catalogue once (scripts/make_catalog.py, 2000x1500
photos cut from the fixtures, at most --photo-pool distinct ones), then for this checkout
and, with ``--before DIR``, for an older one (a plain copy of its files, e.g.
``git archive f8fdda9 | tar -x -C DIR``: nothing in this checkout's index changes) in
its own project folder and image cache:

* builds the site (the first build of a version encodes its photos; builds are timed
  with a warm cache) and reads ``site.catalog-size.json``: files and bytes by kind
  (HTML, media, search index, assets, other), per product; product pages' average size,
  raw and gzipped; files per photo;
* ``catalog publish`` to a local folder: the first publish (everything), a rebuild with
  nothing changed and its publish, then one product renamed, rebuilt and published
  (what is uploaded, how long it takes); the product is put back afterwards.

Prints one JSON document. Seconds are wall time on a shared machine: compare the two
versions measured side by side, not across machines.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def run(cmd: list[str], cwd: Path, code: Path) -> tuple[float, str]:
    """Wall seconds and stdout of ``cmd`` run with the package of checkout ``code``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CATALOG_", "RCLONE_"))}
    env["PYTHONPATH"] = str(code)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}")
    return elapsed, proc.stdout


def catalogue(work: Path, n: int, pool: int) -> Path:
    products = work / f"products-{n}"
    if not products.exists():
        run(
            [
                PY,
                str(ROOT / "scripts" / "make_catalog.py"),
                str(n),
                str(products),
                "--photo-pool",
                str(pool),
            ],
            ROOT,
            ROOT,
        )
    return products


def project(work: Path, label: str, n: int, code: Path, products: Path) -> Path:
    """A project of checkout ``code`` over the shared catalogue (hard-linked copies)."""
    proj = work / f"{label}-{n}"
    if not (proj / "products").exists():
        proj.mkdir(parents=True, exist_ok=True)
        shutil.copytree(products, proj / "products", copy_function=os.link)
    for name in ("docs", "theme"):
        shutil.rmtree(proj / name, ignore_errors=True)
        shutil.copytree(code / name, proj / name)
    shutil.copy(code / "mkdocs.yml", proj / "mkdocs.yml")
    return proj


def sizes(site: Path, n: int) -> dict:
    data = json.loads((site.parent / f"{site.name}.catalog-size.json").read_text())
    kinds = {
        k: {
            "files": v["files"],
            "bytes": v["bytes"],
            "files_per_product": round(v["files"] / n, 2),
            "bytes_per_product": round(v["bytes"] / n),
        }
        for k, v in data["kinds"].items()
    }
    total = data["total"]
    pages = [  # product pages, not the catalogue's pages (products/page/N/)
        p for p in sorted((site / "products").glob("*/*/index.html")) if p.parts[-3] != "page"
    ]
    raw = sum(p.stat().st_size for p in pages)
    zipped = sum(len(gzip.compress(p.read_bytes(), mtime=0)) for p in pages)
    photos = {
        p.name.rsplit("-", 1)[0] for p in (site / "media").rglob("*") if p.is_file()
    }  # one name stem per published photo
    return {
        "files": total["files"],
        "bytes": total["bytes"],
        "files_per_product": round(total["files"] / n, 2),
        "bytes_per_product": round(total["bytes"] / n),
        "kinds": kinds,
        "product_page_bytes_avg": raw // max(1, len(pages)),
        "product_page_gzip_bytes_avg": zipped // max(1, len(pages)),
        "media_files_per_photo": round(kinds["media"]["files"] / max(1, len(photos)), 2),
        "media_bytes_per_photo": kinds["media"]["bytes"] // max(1, len(photos)),
    }


def publish(proj: Path, code: Path, site: Path, target: Path) -> dict:
    seconds, out = run(
        [PY, "-m", "catalog", "publish", str(target), "-d", str(site), "--format", "json"],
        proj,
        code,
    )
    report = json.loads(out)
    return {
        "seconds": round(seconds, 2),
        "uploaded_files": report["upload"]["files"],
        "uploaded_bytes": report["upload"]["bytes"],
        "deleted_files": len(report["delete"]["files"]),
        "unchanged_files": report["unchanged"]["files"],
    }


def bench(n: int, label: str, code: Path, products: Path, work: Path) -> dict:
    proj = project(work, label, n, code, products)
    site = proj / "site"
    build = [PY, "-m", "catalog", "build", "-d", str(site)]
    first, _ = run(build, proj, code)  # encodes the photos the first time
    shutil.rmtree(site)
    full, _ = run(build, proj, code)  # warm image cache, no previous site
    result = {"version": label, "products": n, "first_build_s": round(first, 1)}
    result["full_build_s"] = round(full, 1)
    result["size"] = sizes(site, n)
    target = work / f"{label}-{n}-www"
    shutil.rmtree(target, ignore_errors=True)
    result["publish_first"] = publish(proj, code, site, target)
    same, _ = run(build, proj, code)
    result["unchanged_rebuild_s"] = round(same, 1)
    result["publish_unchanged"] = publish(proj, code, site, target)
    victim = sorted((proj / "products").glob("*/produk-*.yaml"))[0]
    text = victim.read_text(encoding="utf-8")
    victim.unlink()  # a hard link: write a file of its own, never the shared one
    victim.write_text(text.replace("name:\n  id: ", "name:\n  id: Disentuh ", 1), encoding="utf-8")
    try:
        touched, _ = run(build, proj, code)
        result["one_product_rebuild_s"] = round(touched, 1)
        result["publish_one_product"] = publish(proj, code, site, target)
    finally:
        victim.write_text(text, encoding="utf-8")
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--before", type=Path, default=None, help="an older checkout's files")
    parser.add_argument(
        "--now",
        type=Path,
        default=ROOT,
        help="the checkout measured as `now` (default: this one; a copy keeps edits made "
        "while the benchmark runs out of it)",
    )
    parser.add_argument("--photo-pool", type=int, default=200)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="catalog-bench-publish-"))
    work.mkdir(parents=True, exist_ok=True)
    versions = [("now", args.now.resolve())]
    if args.before:
        versions.insert(0, ("before", args.before.resolve()))
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        products = catalogue(work, n, args.photo_pool)
        for label, code in versions:
            results.append(bench(n, label, code, products, work))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

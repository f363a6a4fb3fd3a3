"""Issue 20: what a build's output depends on, so ``catalog build`` can tell that nothing did.

A successful ``catalog build`` records, beside the site (``site.catalog-build.json``, like
``site.catalog-manifest.json``: never inside ``site/``, never published):

* ``inputs``: one digest of everything the site is made from - every file below the
  products folder, the hand-written pages (``docs_dir``) and the theme overrides
  (``custom_dir``) by path, size, modification time, inode and change time (as ``make``
  and ``ninja`` tell a changed file; a file saved again, even with the same bytes,
  counts as changed); the bytes of ``mkdocs.yml``; the bytes of every file of the
  ``catalog`` package (code, templates, vocabularies, ``ui.yaml``: the code version);
  the name and version of every installed distribution (MkDocs, Material, Pagefind,
  Pillow …) and the Python running; today's date (certificates and prices expire);
  the environment variables the build reads; and the command's options;
* ``output``: the same kind of stamp (without change times) of the site folder and the
  files kept beside it as the build left them.

The next ``catalog build`` computes both again first (10,000 products: about 1 s): when
the inputs are the same and the site is still exactly as that build left it, the site is
the build's output already, byte for byte, and nothing is done. Anything else - one
changed product, an edited template, a file touched inside ``site/`` - runs the build,
which links every page that comes out identical from the replaced site. The record is
written only after a build succeeded (inputs stamped *before* it started, so an edit
saved while it ran is seen by the next one); a failed build leaves the previous site and
its record as they were, which still describe each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from ..core.stamps import tree_digest

RECORD_SUFFIX = ".catalog-build.json"
FORMAT = 1
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "CATALOG_LANG", "CATALOG_DEBUG", "TZ")
"""Environment variables a build reads (or that change what it writes)."""
BESIDE = (".catalog-manifest.json", ".catalog-size.json")
"""Files a build keeps beside ``site/`` (checked with it)."""


def record_path(site_dir: Path) -> Path:
    """``site.catalog-build.json`` beside ``site/``."""
    site_dir = Path(site_dir)
    return site_dir.with_name(site_dir.name + RECORD_SUFFIX)


_CODE_VERSIONS: dict[str, str] = {}
""":func:`_code_version` by a stamp of what it reads (``catalog serve`` asks at every save)."""


def _code_version() -> str:
    """The bytes of the ``catalog`` package (code, templates, data) and the name and
    version of every installed distribution. Read again only when a file of the package
    or a folder of installed distributions (``site-packages``: installing, upgrading or
    removing one adds or removes its ``.dist-info`` there) changed since the last call."""
    package = Path(__file__).resolve().parent.parent
    folders = sorted({p for p in sys.path if p and os.path.isdir(p)})
    stamp = tree_digest([package]) + repr([os.stat(p).st_mtime_ns for p in folders])
    known = _CODE_VERSIONS.get(stamp)
    if known is None:
        known = _CODE_VERSIONS[stamp] = _read_code_version(package)
    return known


def _read_code_version(package: Path) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(tree_digest([package], contents=True).encode())
    h.update(f"{sys.executable}\0{sys.version}\n".encode())
    found = sorted(
        f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata
    )
    h.update("\n".join(found).encode())
    return h.hexdigest()


def input_digest(
    *,
    config_file: Path,
    folders: Iterable[Path],
    options: Mapping[str, object],
    today: dt.date | None = None,
) -> str:
    """One digest of everything a build of ``config_file`` reads (see the module)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(Path(config_file).read_bytes())
    h.update(tree_digest(sorted({Path(f).resolve() for f in folders})).encode())
    h.update(_code_version().encode())
    h.update((today or dt.date.today()).isoformat().encode())
    h.update(json.dumps({k: os.environ.get(k) for k in ENVIRONMENT}, sort_keys=True).encode())
    h.update(json.dumps(dict(options), sort_keys=True, default=str).encode())
    return h.hexdigest()


def output_digest(site_dir: Path) -> str:
    """The stamp of ``site_dir`` and the files kept beside it: path, size, mtime and inode
    of each (not the change time: a photo in ``media/`` is a hard link to the image
    cache, whose change time moves whenever another site links the same file)."""
    site_dir = Path(site_dir)
    beside = [site_dir.with_name(site_dir.name + suffix) for suffix in BESIDE]
    return tree_digest([site_dir, *beside], ctime=False)


def unchanged(site_dir: Path, inputs: str) -> bool:
    """Whether ``site_dir`` is already the output of a build of ``inputs``: its record
    says so and nothing in it changed since."""
    site_dir = Path(site_dir)
    try:
        data = json.loads(record_path(site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("inputs") != inputs:
        return False
    return site_dir.is_dir() and data.get("output") == output_digest(site_dir)


def save(site_dir: Path, inputs: str) -> None:
    """Record that ``site_dir`` (as it is now) is the output of a build of ``inputs``."""
    site_dir = Path(site_dir)
    record = record_path(site_dir)
    tmp = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps({"format": FORMAT, "inputs": inputs, "output": output_digest(site_dir)}),
        encoding="utf-8",
    )
    os.replace(tmp, record)


def forget(site_dir: Path) -> None:
    """Drop the record (the site is about to be replaced by another kind of build)."""
    try:
        record_path(Path(site_dir)).unlink()
    except FileNotFoundError:
        pass

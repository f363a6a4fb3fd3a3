#!/usr/bin/env python3
"""Which catalogue entries a pull request touched, for ``catalog validate``.

Reads ``git diff --name-only`` output (paths under ``products/``) on standard input and
prints one path per line to validate, sorted:

* a product file that still exists: that file (``catalog validate`` reads its
  supplier.yaml too);
* supplier.yaml, a photo or any other file of a supplier, or a deleted product file:
  that supplier's folder, if it still exists (a folder replaces its files);
* a file directly in ``products/``, or a name git had to quote: all of ``products``.

Needs only the standard library (it runs before the project is installed).
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

ROOT = "products"
YAML = (".yaml", ".yml")


def entries(changed: list[str], exists=lambda p: Path(p).exists()) -> list[str]:
    folders: set[str] = set()
    files: set[str] = set()
    for line in changed:
        name = line.strip()
        if not name:
            continue
        if name.startswith('"'):  # git quoted an unusual name: check everything
            return [ROOT] if exists(ROOT) else []
        parts = PurePosixPath(name).parts
        if len(parts) < 2 or parts[0] != ROOT or ".." in parts:
            continue
        if len(parts) == 2:  # products/<file>: misplaced, shown by a full validation
            return [ROOT] if exists(ROOT) else []
        folder = f"{ROOT}/{parts[1]}"
        if (
            len(parts) == 3
            and name.endswith(YAML)
            and parts[2] not in ("supplier.yaml", "supplier.yml")
            and exists(name)
        ):
            files.add(name)
        elif exists(folder):
            folders.add(folder)
    files = {f for f in files if str(PurePosixPath(f).parent) not in folders}
    return sorted(folders | files)


def main() -> int:
    for path in entries(sys.stdin.read().splitlines()):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The image cache's key prefix, one for every workflow that saves or restores it.

Prints ``prefix=images-pipeline<P>-index<S>-`` (for ``$GITHUB_OUTPUT``), where P is
``PIPELINE_VERSION`` of catalog/images/settings.py (what the encoded files look like)
and S is ``_SCHEMA`` of catalog/images/cache.py (how the cache index is stored): a
change of either starts a new cache instead of restoring one the code cannot use. The
workflows add ``hashFiles('products/**')`` for the exact key and restore by the prefix.

Needs only the standard library; exits 1 when a constant is not found.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "pipeline": (ROOT / "catalog" / "images" / "settings.py", "PIPELINE_VERSION"),
    "index": (ROOT / "catalog" / "images" / "cache.py", "_SCHEMA"),
}


def prefix() -> str:
    parts = []
    for label, (path, name) in SOURCES.items():
        found = re.search(rf"^{name} = (\d+)\b", path.read_text(encoding="utf-8"), re.M)
        if found is None:
            raise SystemExit(f"{path.relative_to(ROOT)}: no `{name} = <number>` line")
        parts.append(f"{label}{found.group(1)}")
    return "images-" + "-".join(parts) + "-"


if __name__ == "__main__":
    print(f"prefix={prefix()}")
    sys.exit(0)

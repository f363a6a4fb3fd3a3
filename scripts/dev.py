#!/usr/bin/env python3
"""One entry point for a fresh clone: set up, then serve, build or test.

Needs only ``python3`` (3.11+). It creates ``.venv/``, installs the exact
versions of ``requirements.lock`` and the project itself, and - for the tests -
Debian's ``chromium`` and Java when they are missing and we run as root (CI),
and the npm tools of ``package-lock.json`` (``npm ci``). Stamp files make the
set-up steps no-ops when nothing they depend on has changed.

    python3 scripts/dev.py serve      # set up, build the sample catalogue, serve it
    python3 scripts/dev.py build      # set up and build into site/
    python3 scripts/dev.py test [ARGS...]   # set up and run pytest
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".catalog-setup"
INPUTS = ("requirements.lock", "pyproject.toml")
NPM_INPUTS = ("package.json", "package-lock.json")
NPM_STAMP = ROOT / "node_modules" / ".catalog-setup"  # npm ci empties node_modules/ first


def _say(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def _run(cmd: list[str | os.PathLike[str]], **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed / butuh Python 3.11 atau lebih baru")
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in INPUTS)).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return
    if not PY.exists():
        _say(f"creating {VENV.relative_to(ROOT)}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    _say("installing pinned dependencies (requirements.lock)")
    pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    _run([*pip, "-r", "requirements.lock"])
    _run([*pip, "--no-deps", "--no-build-isolation", "-e", "."])
    STAMP.write_text(digest)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_chromium() -> None:
    """Browser tests drive Debian's chromium; install it where we may (root)."""
    if chromium_path():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        _say("chromium not found and not root: browser tests will be skipped "
             "(install it with: sudo apt-get install -y chromium)")
        return
    _say("installing Debian's chromium for the browser tests")
    _apt_install("chromium", "fonts-noto-core")


def _apt_install(*packages: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run(["apt-get", "update", "-qq"], env=env)
    _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env)


def ensure_node_tools() -> None:
    """Quality tests (tests/test_quality.py): vnu-jar and axe-core pinned in
    package-lock.json, and Java for vnu (Debian's, where we may: root)."""
    if not shutil.which("java"):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            _say("installing Java for the Nu HTML Checker")
            _apt_install("default-jre-headless")
        else:
            _say("java not found and not root: the HTML check will be skipped "
                 "(install it with: sudo apt-get install -y default-jre-headless)")
    if not (shutil.which("node") and shutil.which("npm")):
        _say("node/npm not found: the HTML and accessibility checks will be skipped")
        return
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in NPM_INPUTS)).hexdigest()
    if NPM_STAMP.exists() and NPM_STAMP.read_text() == digest:
        return
    _say("installing pinned npm tools (package-lock.json)")
    # --ignore-scripts: vnu-jar's postinstall would download a JDK from GitHub; we use Debian's.
    _run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"])
    NPM_STAMP.write_text(digest)


def main(argv: list[str]) -> int:
    cmd, rest = (argv[0], argv[1:]) if argv else ("serve", [])
    ensure_venv()
    catalog = [PY, "-m", "catalog"]
    if cmd == "setup":
        return 0
    if cmd == "test":
        ensure_chromium()
        ensure_node_tools()
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    if cmd in {"serve", "build", "validate"}:
        return subprocess.call([str(c) for c in (*catalog, cmd, *rest)], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

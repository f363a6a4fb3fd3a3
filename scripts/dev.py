#!/usr/bin/env python3
"""One entry point for a fresh clone: set up, then serve, build or test.

Needs only ``python3`` (3.11+). It creates ``.venv/``, installs the exact
versions of ``requirements.lock`` - checked against the sha256 hashes recorded there
(``pip install --require-hashes``), so a tampered or substituted download stops the
set-up - and the project itself, and - for the tests - Debian's ``chromium``, ``rclone`` and
Java when they are missing and we run as root (CI), and the npm tools of
``package-lock.json`` (``npm ci``). Stamp files make the set-up steps no-ops when
nothing they depend on has changed.

    python3 scripts/dev.py setup      # set up only (CI's install step)
    python3 scripts/dev.py serve      # set up, build the sample catalogue, serve it
    python3 scripts/dev.py build      # set up and build into site/
    python3 scripts/dev.py test [ARGS...]   # set up and run pytest
    python3 scripts/dev.py lock [--upgrade] # regenerate requirements.lock (network)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".catalog-setup"
INPUTS = ("requirements.lock", "pyproject.toml")
NPM_INPUTS = ("package.json", "package-lock.json")
NPM_STAMP = ROOT / "node_modules" / ".catalog-setup"  # npm ci empties node_modules/ first
LOCK = ROOT / "requirements.lock"
PIP_TOOLS = "pip-tools==7.6.2"
"""What writes requirements.lock (its ``pip-compile``), installed into a throwaway
environment by :func:`lock`: never into ``.venv/``, whose contents the lock decides."""
LOCK_HEADER = """\
# Exact versions and sha256 hashes of every dependency, the `test` extra and the build
# backend (build-system.requires) of pyproject.toml. Installed with
# `pip install --require-hashes -r requirements.lock` (scripts/dev.py setup does this,
# then the project itself with --no-deps): a download whose hash is not listed here
# stops the install. Written by pip-compile (pip-tools) from pyproject.toml, keeping
# the versions already pinned here; do not edit by hand. Regenerate it, with Python
# 3.11 (CI's), after changing pyproject.toml:
#     python3 scripts/dev.py lock              # keeps every pin that still fits
#     python3 scripts/dev.py lock --upgrade    # newest releases within the ranges
"""


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
    _say("installing pinned dependencies (requirements.lock, hashes checked)")
    pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    _run([*pip, "--require-hashes", "-r", "requirements.lock"])
    # The project itself is the working tree (no download to check); its dependencies
    # and build backend came from the lock above.
    _run([*pip, "--no-deps", "--no-build-isolation", "-e", "."])
    STAMP.write_text(digest)


def lock(args: list[str]) -> int:
    """Regenerate requirements.lock from pyproject.toml with pip-compile.

    pip-tools runs from a throwaway environment, so the tool that writes the lock
    never lands in the environment the lock describes. pip-compile reads the
    current lock as the versions to keep (a pin changes only when pyproject.toml
    no longer allows it, or with ``--upgrade``) and records the sha256 of every
    file PyPI has for each pinned release, so one lock serves every platform."""
    upgrade = args == ["--upgrade"]
    if args and not upgrade:
        print("usage: python3 scripts/dev.py lock [--upgrade]", file=sys.stderr)
        return 2
    if sys.version_info[:2] != (3, 11):
        _say(
            f"note: resolving with Python {sys.version_info[0]}.{sys.version_info[1]}; "
            "CI installs with 3.11 / catatan: CI memakai Python 3.11"
        )
    with tempfile.TemporaryDirectory(prefix="catalog-lock-") as tmp:
        tools = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(tools)
        py = tools / "bin" / "python"
        _say(f"installing {PIP_TOOLS} into a throwaway environment")
        _run([py, "-m", "pip", "install", "--disable-pip-version-check", "-q", PIP_TOOLS])
        out = Path(tmp) / LOCK.name
        if LOCK.exists():
            shutil.copyfile(LOCK, out)  # the pins pip-compile keeps
        _say("resolving pyproject.toml (dependencies, test extra, build backend)")
        _run(
            [
                py,
                "-m",
                "piptools",
                "compile",
                "--quiet",
                "--no-header",
                "--generate-hashes",
                "--allow-unsafe",
                "--strip-extras",
                "--extra",
                "test",
                "--all-build-deps",
                "--no-emit-index-url",
                "--no-emit-find-links",
                *(["--upgrade"] if upgrade else []),
                "--output-file",
                out,
                "pyproject.toml",
            ]
        )
        LOCK.write_text(LOCK_HEADER + out.read_text(encoding="utf-8"), encoding="utf-8")
    _say(f"wrote {LOCK.relative_to(ROOT)}; `python3 scripts/dev.py setup` installs it")
    return 0


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
        _say(
            "chromium not found and not root: browser tests will be skipped "
            "(install it with: sudo apt-get install -y chromium)"
        )
        return
    _say("installing Debian's chromium for the browser tests")
    _apt_install("chromium", "fonts-noto-core")


def ensure_rclone() -> None:
    """`catalog publish` and its tests drive Debian's rclone; install it where we may (root)."""
    if shutil.which("rclone"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        _say(
            "rclone not found and not root: the publish tests will be skipped "
            "(install it with: sudo apt-get install -y rclone)"
        )
        return
    _say("installing Debian's rclone for catalog publish and its tests")
    _apt_install("rclone")


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
            _say(
                "java not found and not root: the HTML check will be skipped "
                "(install it with: sudo apt-get install -y default-jre-headless)"
            )
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
    if cmd == "lock":
        return lock(rest)
    ensure_venv()
    catalog = [PY, "-m", "catalog"]
    if cmd == "setup":
        return 0
    if cmd == "test":
        ensure_chromium()
        ensure_rclone()
        ensure_node_tools()
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    if cmd in {"serve", "build", "validate"}:
        child = subprocess.Popen([str(c) for c in (*catalog, cmd, *rest)], cwd=ROOT)
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # Ctrl-C reached the command too: it stops cleanly
                continue
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

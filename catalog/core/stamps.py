"""Stamps of folders: what tells a changed file without reading it (as ``make`` and
``ninja`` do), for the build record (:mod:`catalog.build.incremental`) and for
``catalog serve``'s remembered supplier folders (:mod:`catalog.core.catalogue`)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def _walk(h, folder: Path, prefix: str, *, contents: bool = False, ctime: bool = True) -> None:
    """Feed ``h`` with every entry below ``folder``: path, type, size, times and inode
    (``contents``: the bytes of each file instead of its times; ``ctime``: the change
    time too)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except FileNotFoundError:
        h.update(f"{prefix}\0missing\n".encode())
        return
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        name = prefix + entry.name
        st = entry.stat(follow_symlinks=False)
        if entry.is_dir(follow_symlinks=False):
            h.update(f"{name}/\0{st.st_mode:o}\n".encode())
            _walk(h, Path(entry.path), name + "/", contents=contents, ctime=ctime)
        elif contents and entry.is_file(follow_symlinks=False):
            with open(entry.path, "rb") as fh:
                h.update(f"{name}\0{st.st_mode:o}\0".encode() + hashlib.sha256(fh.read()).digest())
        else:
            changed = st.st_ctime_ns if ctime else 0
            h.update(
                f"{name}\0{st.st_mode:o}\0{st.st_size}\0{st.st_mtime_ns}\0{changed}"
                f"\0{st.st_ino}\n".encode()
            )


def tree_digest(paths: Iterable[Path], *, contents: bool = False, ctime: bool = True) -> str:
    """A digest of the folders and files ``paths`` (see :func:`_walk`)."""
    h = hashlib.blake2b(digest_size=20)
    for path in paths:
        path = Path(path)
        h.update(f"\n== {path}\n".encode())
        if path.is_dir():
            _walk(h, path, "", contents=contents, ctime=ctime)
        else:
            try:
                st = path.stat()
            except OSError:
                h.update(b"missing\n")
                continue
            changed = st.st_ctime_ns if ctime else 0
            h.update(f"{st.st_size}\0{st.st_mtime_ns}\0{changed}\0{st.st_ino}\n".encode())
    return h.hexdigest()

"""Saves files one step at a time in a served project and reports what ``catalog serve``
did (tests/test_serve.py runs it in a process of its own: MkDocs keeps a plugin that has
``on_startup`` for the whole process, as serve does between rebuilds).

    python serve_steps.py PROJECT STEPS.json OUT.json

The project is served the way ``mkdocs serve`` does it (command ``serve``, the serve
address as site URL, the plugin kept between builds), without the HTTP server. Each step
writes its files, then does what the server's builder does after a save: the quick pass
(:mod:`catalog.mkdocs.quick`) or, when that declines, the whole rebuild. Then it waits for
the background work and writes down whether the pass was quick, whether the whole rebuild
failed, and the sha256 of every file of the served folder; and of every file that
``catalog build`` of the project as it is then writes (with the same site URL).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

URL = "http://127.0.0.1:8765/"


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def built_whole(project: Path, site: Path) -> dict[str, str]:
    """``catalog build`` of ``project`` into ``site``, with the serve address as site URL."""
    config = project / "whole.yml"
    text, n = re.subn(
        r"^site_url:.*$",
        f"site_url: {URL}",
        (project / "mkdocs.yml").read_text(encoding="utf-8"),
        flags=re.M,
    )
    assert n == 1, "mkdocs.yml has no site_url line"
    config.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "catalog", "build", "-f", str(config), "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    return digests(site)


def main() -> None:
    project, steps_file, out_file = (Path(a) for a in sys.argv[1:4])
    os.chdir(project)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from catalog.mkdocs import quick
    from catalog.mkdocs.commands import quiet_mkdocs

    quiet_mkdocs(False)
    served = project / "served"

    def config():
        c = load_config("mkdocs.yml", site_dir=str(served))
        c.site_url = URL
        return c

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first, serve_url=URL)
    plugin = first.plugins["catalog"]
    report = []
    try:
        for step in json.loads(steps_file.read_text(encoding="utf-8")):
            for name, text in step.get("write", {}).items():
                (project / name).write_bytes(text.encode("utf-8"))
            for name in step.get("remove", []):
                (project / name).unlink()
            was_quick = quick.run(plugin)
            failed = False
            if not was_quick:
                try:
                    build(config(), serve_url=URL)
                except Abort:
                    failed = True
            plugin.catch_up_wait()
            if plugin.serve_index is not None:
                plugin.serve_index.wait()
            whole = None if failed else built_whole(project, project / f"whole-{len(report)}")
            report.append(
                {"quick": was_quick, "failed": failed, "site": digests(served), "whole": whole}
            )
    finally:
        first.plugins.on_shutdown()
    out_file.write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    main()

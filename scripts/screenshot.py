#!/usr/bin/env python3
"""Screenshot built pages in headless Chromium (Debian's), for looking at what we ship.

    python scripts/screenshot.py site/ OUTDIR [PATH[@WIDTH]...]

Serves SITE on 127.0.0.1 (a free port), opens each PATH at WIDTH px (default
1280; e.g. products/@360 for a phone) and writes full-page PNGs into OUTDIR.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def serve(root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str]) -> int:
    site, out, *targets = argv
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    server = serve(Path(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for target in targets or [""]:
            path, _, width = target.partition("@")
            page = browser.new_page(viewport={"width": int(width or 1280), "height": 800})
            page.goto(base + path, wait_until="networkidle")
            name = (path.strip("/").replace("/", "_") or "home") + f"-{width or 1280}.png"
            page.screenshot(path=str(out_dir / name), full_page=True)
            print(out_dir / name)
            page.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

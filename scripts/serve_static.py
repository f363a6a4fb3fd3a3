#!/usr/bin/env python3
"""Serve a built site on 127.0.0.1 the way a static host does: gzip for text.

    python scripts/serve_static.py SITE_DIR PORT

Like ``python -m http.server`` but HTML, CSS, JS, JSON, SVG and XML go out
gzip-compressed when the client accepts it, as GitHub Pages, Netlify or any CDN
send them, so page-weight and Lighthouse figures match what buyers download.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
from pathlib import Path

TEXT = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".csv"}


class Handler(http.server.SimpleHTTPRequestHandler):
    cache: dict[Path, bytes] = {}

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix in TEXT
            and path.is_file()
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            body = self.cache.get(path)
            if body is None:
                body = self.cache[path] = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def main(argv: list[str]) -> int:
    site, port = argv
    handler = functools.partial(Handler, directory=site)
    with http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler) as server:
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

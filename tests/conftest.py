"""Shared fixtures: a private copy of the example supplier to mutate.

``catalogue`` copies ``products/kopindo-tanggulangin`` (its supplier.yaml, the
example product and the photos it uses) into a temporary ``products/`` folder
and changes into the temporary directory, so diagnostics carry the same
relative paths a user sees (``products/kopindo-tanggulangin/...``). A test
applies one text edit and loads the catalogue with a pinned date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from catalog.core.catalogue import Catalog, load_catalog
from catalog.core.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parent.parent
SUPPLIER_ID = "kopindo-tanggulangin"
EXAMPLE = REPO / "products" / SUPPLIER_ID
PRODUCT = "tas-jinjing-kulit-sapi.yaml"
SUPPLIER = "supplier.yaml"
TODAY = dt.date(2026, 11, 22)


def copy_example(root: Path, supplier_id: str = SUPPLIER_ID) -> Path:
    """Copy supplier.yaml, the example product and its photos to ``root/supplier_id``."""
    folder = root / supplier_id
    folder.mkdir(parents=True)
    for name in (SUPPLIER, PRODUCT):
        shutil.copyfile(EXAMPLE / name, folder / name)
    for image in yaml.safe_load((EXAMPLE / PRODUCT).read_text(encoding="utf-8"))["images"]:
        target = folder / image["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE / image["file"], target)
    return folder


@dataclass
class Catalogue:
    """A temporary ``products/`` tree holding a copy of the example supplier."""

    root: Path
    folder: Path

    def path(self, name: str) -> Path:
        return self.folder / name

    def shown(self, name: str) -> str:
        """The path diagnostics show for a file of the example supplier."""
        return f"products/{self.folder.name}/{name}"

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> str:
        self.path(name).parent.mkdir(parents=True, exist_ok=True)
        self.path(name).write_text(text, encoding="utf-8")
        return text

    def edit(self, name: str, old: str, new: str) -> str:
        """Replace the one occurrence of ``old`` in file ``name``; return the new text."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {name}"
        return self.write(name, text.replace(old, new))

    def position(self, name: str, line_has: str, column_at: str | None = None) -> tuple[int, int]:
        """(line, column), 1-based, of ``column_at`` on the one line containing ``line_has``."""
        lines = [
            (i, line) for i, line in enumerate(self.text(name).splitlines(), 1) if line_has in line
        ]
        assert len(lines) == 1, f"{line_has!r} must be on exactly one line of {name}"
        number, line = lines[0]
        column = line.index(column_at if column_at is not None else line_has) + 1
        return number, column

    def load(self, **kwargs) -> Catalog:
        return load_catalog(self.root, today=TODAY, **kwargs)


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "products"
    return Catalogue(root, copy_example(root))


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the defaults, not the developer's or CI's settings."""
    for name in ("CATALOG_LANG", "GITHUB_STEP_SUMMARY", "CATALOG_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def errors(catalog: Catalog) -> list[Diagnostic]:
    return [d for d in catalog.diagnostics if d.is_error]


def warnings(catalog: Catalog) -> list[Diagnostic]:
    return [d for d in catalog.diagnostics if not d.is_error]


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    """(code, path, line, column) of each diagnostic: what a user reads first."""
    return [(d.code, d.path, d.line, d.column) for d in diagnostics]


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: nine levels of nine aliases each (9**9 values once expanded)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# -- Real site builds (tests/test_site.py) -----------------------------------------
#
# ``built_site`` builds the sample catalogue once per session with
# ``python -m catalog build`` in a subprocess (as staff and CI run it) into a
# temporary folder; the image cache is the project's own ``.cache/images``
# (gitignored; the plugin has no environment variable for it), warm after the
# first build. ``copy_site_project`` makes a private project (products/, docs/,
# theme/, mkdocs.yml) to break or poison, sharing that image cache.

SITE_PROJECT = Path(__file__).resolve().parent.parent
SITE_COPIED = ("products", "curation", "docs", "theme", "mkdocs.yml")  # curation: issue 21
_BUILD_ENV_DROP = ("CATALOG_LANG", "CATALOG_DEBUG", "GITHUB_STEP_SUMMARY")


def site_url_of(project: Path) -> str:
    """``site_url`` of a project's mkdocs.yml (read as text: the file may hold tags)."""
    import re

    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", text, re.M)
    assert match, "mkdocs.yml has no site_url"
    return match.group(1).rstrip("/") + "/"


@dataclass
class BuildRun:
    """One finished build subprocess."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        return (
            f"$ {' '.join(self.args)}\nexit {self.returncode}\n--- stdout\n{self.stdout}"
            f"\n--- stderr\n{self.stderr}"
        )


def run_build(
    project: Path, site_dir: Path, *, tool: str = "catalog", extra: tuple[str, ...] = ()
) -> BuildRun:
    """``python -m catalog build`` (or ``python -m mkdocs build``) of ``project``."""
    import subprocess
    import sys

    if tool == "catalog":
        args = [sys.executable, "-m", "catalog", "build"]
    else:
        args = [sys.executable, "-m", "mkdocs", "build"]
    args += [*extra, "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    env = {k: v for k, v in os.environ.items() if k not in _BUILD_ENV_DROP}
    proc = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return BuildRun(args, proc.returncode, proc.stdout, proc.stderr)


def copy_site_project(dest: Path) -> Path:
    """A buildable copy of the project at ``dest`` sharing the project's image cache."""
    import re

    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_COPIED:
        source = SITE_PROJECT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    config = dest / "mkdocs.yml"
    cache = (SITE_PROJECT / ".cache" / "images").as_posix()
    text, n = re.subn(
        r"^(\s+cache_dir:).*$",
        lambda m: f"{m.group(1)} {cache}",
        config.read_text(encoding="utf-8"),
        flags=re.M,
    )
    assert n == 1, "mkdocs.yml: expected one `cache_dir:` line in the catalog plugin's options"
    config.write_text(text, encoding="utf-8")
    return dest


class BuiltSite:
    """A built site folder, read as a buyer's browser would: URLs, parsed HTML."""

    def __init__(self, root: Path, site_url: str, run: BuildRun | None = None):
        self.root = root
        self.site_url = site_url
        self.run = run
        self._soups: dict[str, object] = {}

    def file(self, url: str) -> Path:
        """File served at site-root-relative ``url`` (``products/a/b/`` -> its index.html)."""
        path = self.root / url.lstrip("/")
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return path

    def exists(self, url: str) -> bool:
        return self.file(url).is_file()

    def html(self, url: str):
        """The page at ``url`` parsed with BeautifulSoup (cached per site)."""
        from bs4 import BeautifulSoup

        if url not in self._soups:
            path = self.file(url)
            assert path.is_file(), f"no page at /{url} ({path})"
            self._soups[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._soups[url]

    def pages(self) -> list[str]:
        """Site-relative paths of every HTML file, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def url_of(self, page: str) -> str:
        """Directory URL of an HTML file path (``a/b/index.html`` -> ``a/b/``)."""
        return page[: -len("index.html")] if page.endswith("index.html") else page

    def local(self, href: str, page_url: str) -> str | None:
        """Site-relative target of a link on the page at ``page_url``; None if off-site."""
        from urllib.parse import unquote, urljoin, urlsplit

        absolute = urljoin(self.site_url + page_url, href.strip())
        if not absolute.startswith(self.site_url):
            return None
        return unquote(urlsplit(absolute).path)[len(urlsplit(self.site_url).path) :]

    def hashes(self) -> dict[str, str]:
        """sha256 of every file of the site, by site-relative path."""
        import hashlib

        return {
            p.relative_to(self.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


@pytest.fixture(scope="session")
def site_catalog() -> Catalog:
    """The sample catalogue as the build sees it (same day, same rules)."""
    return load_catalog(SITE_PROJECT / "products")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample catalogue built once per session into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    run = run_build(SITE_PROJECT, site_dir)
    assert run.returncode == 0, str(run)
    return BuiltSite(site_dir, site_url_of(SITE_PROJECT), run)


# -- Browser tests (tests/test_search.py, tests/test_quote.py) ---------------------------
#
# ``served_site`` serves ``built_site`` on 127.0.0.1 (a free port) from a thread;
# ``chromium`` is Debian's /usr/bin/chromium driven by Playwright (never a downloaded
# browser); ``web`` is one fresh browser context per test that refuses every request
# to another host and fails the test on any console error or uncaught exception on
# any page it visited.

import re  # noqa: E402  (kept with the browser fixtures it serves)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KNOWN_CONSOLE_NOISE = (
    # Material's bundle fetches sitemap.xml next to every <link rel="alternate"> (its
    # language-switch helper): the hreflang links point at the production host and
    # there is no /en/sitemap.xml. Not search or quote code; reported separately.
    re.compile(r"sitemap\.xml$"),
)


@dataclass
class ServedSite:
    root: Path
    base: str
    """``http://127.0.0.1:PORT/``"""

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


@contextlib.contextmanager
def serve_directory(root: Path):
    """A quiet static HTTP server for ``root`` on 127.0.0.1 (any free port)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(built_site: BuiltSite):
    with serve_directory(built_site.root) as site:
        yield site


def wait_for_results(page) -> None:
    """Wait until what the catalogue shows answers the current URL."""
    page.wait_for_function(
        "() => { const b = document.getElementById('cat-search');"
        " const r = document.getElementById('cat-results');"
        " return b && r && b.getAttribute('data-shown') === location.search"
        " && r.getAttribute('aria-busy') === 'false'; }"
    )


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser tests need the playwright package"
    )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Web:
    """One browser context: pages opened here are watched for errors."""

    def __init__(self, context, site: ServedSite):
        self.context = context
        self.site = site
        self.errors: list[str] = []
        self.allowed: list[re.Pattern] = list(KNOWN_CONSOLE_NOISE)
        self.responses: list = []
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
        context.on("page", self._watch)

    def _watch(self, page) -> None:
        def console(msg) -> None:
            if msg.type != "error":
                return
            where = (msg.location or {}).get("url", "")
            if not any(p.search(where) or p.search(msg.text) for p in self.allowed):
                self.errors.append(f"console error on {page.url}: {msg.text} ({where})")

        page.on("console", console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught on {page.url}: {exc}"))
        page.on("response", lambda response: self.responses.append(response))

    def allow(self, pattern: str) -> None:
        """Expect console errors matching ``pattern`` (a test that breaks a request)."""
        self.allowed.append(re.compile(pattern))

    def page(self, path: str | None = None, **goto):
        page = self.context.new_page()
        if path is not None:
            page.goto(self.site.url(path), **goto)
        return page


@contextlib.contextmanager
def web_session(chromium, site: ServedSite):
    """A fresh browser context on ``site``; on leaving, no unexpected console error."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    session = Web(context, site)
    yield session
    context.close()
    assert session.errors == [], "\n".join(session.errors)


@pytest.fixture
def web(chromium, served_site: ServedSite):
    with web_session(chromium, served_site) as session:
        yield session

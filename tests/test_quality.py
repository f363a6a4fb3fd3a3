"""Quality gates over the built sample catalogue: valid HTML, no accessibility violation,
no broken internal link, no request to another host.

- The Nu HTML Checker (``vnu-jar`` from npm, run by Java) checks every generated HTML
  file in ONE run (a JVM start per file would cost minutes): 0 errors.
- axe-core (npm) is injected through Playwright into the pages a buyer or a supplier
  uses (home, catalogue with its filter panel open, a product, a supplier, the quote
  list with a product in it, the join form) at 360 px and 1280 px, in both
  languages: 0 violations of any impact. The same page loads are logged: every
  request goes to the site's own origin.
- Every ``href``/``src``/``srcset`` (and the other URL attributes) that points into the
  site resolves to a file, ``#fragment`` included (an ``id`` on the target page), and so
  does every ``url()`` in the site's own stylesheets.
- What the fixes rely on: the Material templates copied into theme/ differ from the
  installed Material only by their fix; one hreflang link per language per page; photos
  take their final size before their bytes arrive (no layout shift on a slow link).

The npm tools come from the project's package-lock.json (``npm ci``, run by
``scripts/dev.py test``); the tests skip with the reason when Java, node_modules or
Chromium are missing on a developer's machine. CI has all three.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import SITE_PROJECT, BuiltSite

pytestmark = pytest.mark.slow

NODE_MODULES = SITE_PROJECT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
SETUP_HINT = "run `python3 scripts/dev.py test` or `npm ci` at the project root"

PRODUCT = "products/kopindo-tanggulangin/tas-jinjing-kulit-sapi/"
SUPPLIER = "suppliers/kopindo-tanggulangin/"
PAGES = {  # name -> path of the Indonesian page; the English twin is under en/
    "home": "",
    "catalogue": "products/",
    "product": PRODUCT,
    "supplier": SUPPLIER,
    "quote-list": "inquiry/",
    "join": "join/",
    "supplier-directory": "suppliers/",
    "category-index": "categories/",
    "region-index": "regions/",
    "service": "products/laundri-rungkut-bersih/laundri-linen-hotel/",
    "government": "government/",
}
WIDTHS = (360, 1280)
AUDITS = [(name, lang, width) for name in PAGES for lang in ("id", "en") for width in WIDTHS]
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]}))
 .violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                            summary: n.failureSummary}))}))"""
URL_ATTRS = ("href", "src", "srcset", "action", "formaction", "poster", "data", "cite")
NOT_A_FILE = ("mailto:", "tel:", "data:", "javascript:", "blob:")


def audit_id(audit: tuple[str, str, int]) -> str:
    name, lang, width = audit
    return f"{name}-{lang}-{width}"


def check(problems: list[str], limit: int = 60) -> None:
    shown = problems[:limit] + (
        [f"... and {len(problems) - limit} more"] if len(problems) > limit else []
    )
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(shown)


# -- Nu HTML Checker ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """The command that starts the Nu HTML Checker (skips the test when it cannot run)."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("the Nu HTML Checker needs Java (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.skip(f"no {VNU_JAR.relative_to(SITE_PROJECT)}: {SETUP_HINT}")
    return [java, "-jar", str(VNU_JAR)]


def test_nu_html_checker_finds_no_error(vnu: list[str], built_site: BuiltSite):
    pages = built_site.pages()
    assert len(pages) > 20, pages
    # One JVM for the whole site; --skip-non-html: without it vnu reads every image too.
    proc = subprocess.run(
        [*vnu, "--errors-only", "--skip-non-html", "--format", "json", str(built_site.root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = proc.stderr.strip() or proc.stdout.strip()
    try:
        messages = json.loads(report)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu exited {proc.returncode} without a JSON report:\n{report[-3000:]}")
    # One entry per message (the same template error repeats on every page): where it
    # occurs first, the markup there, and on how many pages.
    root = built_site.root.as_posix()
    by_message: dict[str, list[dict]] = {}
    for m in messages:
        if m.get("type") != "info":
            by_message.setdefault(f"{m.get('type')}: {m.get('message')}", []).append(m)
    problems = []
    for message, found in by_message.items():
        first = found[0]
        where = unquote(urlsplit(first.get("url", "")).path).removeprefix(root)
        pages_hit = len({m.get("url") for m in found})
        problems.append(
            f"{message}\n    {len(found)}x on {pages_hit} page(s), first at "
            f"{where}:{first.get('lastLine', '?')}: "
            + " ".join((first.get("extract") or "").split())[:200]
        )
    check(problems)
    assert proc.returncode == 0, report[-3000:]


# -- Material templates copied to fix them -------------------------------------------------

MATERIAL_COPIES = {  # file under theme/ -> (text in Material's copy, text in ours)
    "base.html": [
        (' id="__drawer" autocomplete="off">', ' id="__drawer">'),
        (' id="__search" autocomplete="off">', ' id="__search">'),
        (  # hide: [navigation] hides the sidebar on the desktop only: it is the ☰ drawer
            'md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation" {{ hidden }}>',
            'md-sidebar--primary{{ \' cat-sidebar--drawer\' if hidden }}" data-md-component="sidebar"'
            ' data-md-type="navigation">',
        ),
        (
            """      {% if config.extra.alternate is iterable %}
        {% for alt in config.extra.alternate %}
          <link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t('language')) }}">
        {% endfor %}
      {% endif %}
""",
            """      {#- hreflang links: theme/main.html (each page's own twin, not the home pages) -#}
""",
        ),
    ],
    "partials/toc.html": [
        (
            """    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>
""",
            """    {#- The "__toc" toggle exists only on pages in the navigation (partials/nav-item.html) -#}
    {%- if page in nav.pages %}
    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>
    {%- else %}
    <div class="md-nav__title">
      {{ title }}
    </div>
    {%- endif %}
""",
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(MATERIAL_COPIES))
def test_copied_material_template_differs_only_by_its_fix(name: str):
    """theme/ copies of Material templates = the installed Material's file + our fix, so
    an upgrade of Material that changes the original fails here instead of going stale."""
    import material

    original = (Path(material.__file__).parent / "templates" / name).read_text(encoding="utf-8")
    ours = (SITE_PROJECT / "theme" / name).read_text(encoding="utf-8")

    def strip_head(text: str) -> str:
        return re.sub(r"\A\{#-.*?-#\}\n", "", text, count=1, flags=re.S)

    expected = strip_head(original)
    for old, new in MATERIAL_COPIES[name]:
        assert expected.count(old) == 1, f"Material's {name} changed: {old!r} is not there once"
        expected = expected.replace(old, new)
    assert strip_head(ours) == expected, (
        f"theme/{name} is no longer Material's {name} plus the fix: copy the installed "
        "file again and re-apply the change its header comment describes"
    )


def test_one_hreflang_link_per_language_on_every_page(built_site: BuiltSite):
    """Material's own hreflang links to the two home pages (dropped in theme/base.html)
    contradicted each page's pairs to its own twin."""
    problems = []
    for page in built_site.pages():
        langs = [
            link.get("hreflang")
            for link in built_site.html(built_site.url_of(page)).select(
                "link[rel=alternate][hreflang]"
            )
        ]
        if len(langs) != len(set(langs)):
            problems.append(f"/{page}: hreflang links {langs}")
    check(problems)


# -- internal links ----------------------------------------------------------------------


def urls_in(tag, attr: str) -> list[str]:
    value = tag.get(attr)
    if not value:
        return []
    if attr == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def link_problems(site: BuiltSite) -> tuple[list[str], int]:
    """(broken internal URLs, number of internal URLs checked) of a built site: each URL
    into the site must name a file, a ``#fragment`` an id (or ``<a name>``) on that page,
    and each ``url()`` in the site's stylesheets a file."""

    @lru_cache(maxsize=None)
    def ids(target: str) -> frozenset[str]:
        soup = site.html(target)
        return frozenset(
            [t["id"] for t in soup.find_all(id=True)]
            + [t["name"] for t in soup.find_all("a", attrs={"name": True})]
        )

    problems: list[str] = []
    checked = 0
    for page in site.pages():
        url = site.url_of(page)
        for tag in site.html(url).find_all(True):
            for attr in URL_ATTRS:
                for value in urls_in(tag, attr):
                    if value.lower().startswith(NOT_A_FILE):
                        continue
                    target = site.local(value, url)
                    if target is None:
                        continue  # another host: tests/test_site.py says which are allowed
                    checked += 1
                    where = f"/{page}: <{tag.name} {attr}={value!r}>"
                    if not site.exists(target):
                        problems.append(f"{where} -> /{target}: no such file")
                        continue
                    fragment = unquote(urlsplit(urljoin(site.site_url + url, value)).fragment)
                    if (
                        fragment
                        and site.file(target).suffix == ".html"
                        and fragment not in ids(target)
                    ):
                        problems.append(f"{where} -> /{target}: no id {fragment!r} there")
    for css in sorted(site.root.rglob("*.css")):
        rel = css.relative_to(site.root).as_posix()
        for value in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if value.strip().lower().startswith(("data:", "#")):
                continue
            target = site.local(value, rel)
            if target is None:
                continue
            checked += 1
            if not site.exists(target):
                problems.append(f"/{rel}: url({value}) -> /{target}: no such file")
    return sorted(set(problems)), checked


def test_link_check_finds_missing_files_and_fragments(tmp_path):
    """The checker itself, on a three-file site: what it must report and what it must not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a> <a href="a/#gone">bad fragment</a> <a href="#top">ok</a>'
        '<p id="top"><a href="b/">missing page</a>'
        '<img src="assets/x.png" srcset="assets/y.png 2x">'
        '<a href="https://elsewhere.example/">off-site</a> <a href="mailto:x@example.org">m</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">Here</h2><a href="../#nowhere">bad</a> <a href="..">ok</a>', encoding="utf-8"
    )
    (tmp_path / "assets" / "x.png").write_bytes(b"")
    (tmp_path / "assets" / "s.css").write_text(
        'a{background:url("x.png")} b{background:url(gone.woff2)} i{background:url(data:,)}',
        encoding="utf-8",
    )
    problems, checked = link_problems(BuiltSite(tmp_path, "https://site.example/"))
    assert problems == [
        "/a/index.html: <a href='../#nowhere'> -> /: no id 'nowhere' there",
        "/assets/s.css: url(gone.woff2) -> /assets/gone.woff2: no such file",
        "/index.html: <a href='a/#gone'> -> /a/: no id 'gone' there",
        "/index.html: <a href='b/'> -> /b/: no such file",
        "/index.html: <img srcset='assets/y.png'> -> /assets/y.png: no such file",
    ]
    assert checked == 10  # 6 + 2 page URLs, 2 stylesheet URLs; off-site and mailto: not


def test_every_internal_link_and_fragment_resolves(built_site: BuiltSite):
    """Every URL into the site names a file, and a ``#fragment`` names an id on it.
    (Supersedes the plain file check that tests/test_site.py used to have.)"""
    problems, checked = link_problems(built_site)
    assert checked > 1000, f"only {checked} internal URLs found: is the site complete?"
    check(problems)


# -- browser: axe-core and requests --------------------------------------------------------


@pytest.fixture(scope="module")
def axe_js():
    if not AXE_JS.is_file():
        pytest.skip(f"no {AXE_JS.relative_to(SITE_PROJECT)}: {SETUP_HINT}")
    return AXE_JS


@pytest.fixture(scope="module")
def auditor(chromium, served_site):
    """``audit(name, lang, width)`` -> {"violations": [...], "requests": [...]}: one page
    load per audit, run once however many tests read it."""
    origin = served_site.base.rstrip("/")
    contexts = {}
    results = {}

    def context_for(width: int):
        if width not in contexts:
            ctx = chromium.new_context(
                viewport={"width": width, "height": 800}, service_workers="block"
            )
            # Requests are logged below; anything leaving the machine is refused too.
            ctx.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
            contexts[width] = ctx
        return contexts[width]

    def audit(name: str, lang: str, width: int) -> dict:
        key = (name, lang, width)
        if key in results:
            return results[key]
        prefix = "en/" if lang == "en" else ""
        path = prefix + PAGES[name]
        page = context_for(width).new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        if name == "quote-list":  # a list with a product in it: items, quantities, buyer form
            page.goto(served_site.url(prefix + PRODUCT))
            page.evaluate("localStorage.clear()")
            page.locator(".cat-quote-add").first.click()
        page.goto(served_site.url(path))  # "load": the page's own scripts have run
        if name == "catalogue" and page.locator("#cat-search").count():
            # the Pagefind search UI: its filter panel open, with every group filled in
            page.wait_for_selector(
                ".cat-filters .cat-filters__group", state="attached", timeout=15_000
            )
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            page.wait_for_load_state("networkidle")
        if name == "join":  # with every field's error shown, as after a premature "download"
            page.click("#jf-download")
            page.wait_for_selector("#jf-summary:not([hidden])", timeout=5_000)
        hreflang = page.evaluate(
            "document.querySelectorAll('link[rel=alternate][hreflang]').length"
        )
        found = None  # without axe-core, the request check still runs
        if AXE_JS.is_file():
            page.add_script_tag(path=str(AXE_JS))
            found = page.evaluate(AXE_RUN)
        page.close()
        results[key] = {
            "path": path,
            "violations": found,
            "hreflang": hreflang,
            "requests": [u for u in requests if not u.startswith("data:")],
            "origin": origin,
        }
        return results[key]

    yield audit
    for ctx in contexts.values():
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("audit", AUDITS, ids=audit_id)
def test_axe_finds_no_violation(axe_js, auditor, audit):
    result = auditor(*audit)
    assert result["violations"] is not None
    problems = [
        f"{v['impact']}: {v['id']} ({v['help']}) at {n['target']}\n    "
        + " ".join(n["html"].split())
        + "\n    "
        + " ".join(n["summary"].split())[:300]
        for v in result["violations"]
        for n in v["nodes"]
    ]
    check(problems)


@pytest.mark.browser
@pytest.mark.parametrize("audit", AUDITS, ids=audit_id)
def test_page_requests_only_its_own_origin(auditor, audit):
    result = auditor(*audit)
    assert result["requests"], f"no request logged for /{result['path']}"
    elsewhere = [
        u
        for u in result["requests"]
        if not (u == result["origin"] or u.startswith(result["origin"] + "/"))
    ]
    check(sorted(set(elsewhere)))
    # theme/main.html hides the hreflang links from Material's sitemap fetcher while it
    # looks for them, then puts them back: the rendered page keeps both.
    assert result["hreflang"] >= 2, f"/{result['path']}: hreflang links not restored"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "product"])
def test_photos_keep_their_box_while_loading(chromium, served_site, name, width):
    """Every photo takes its final size before its bytes arrive (width/height attributes
    plus CSS that lets them work), so nothing jumps on a slow link (no layout shift)."""
    boxes = (
        "[...document.querySelectorAll('main img')].map(i => {"
        " const r = i.getBoundingClientRect(); return [i.currentSrc || i.src, Math.round(r.width), Math.round(r.height),"
        " i.complete && i.naturalWidth > 0]; })"
    )
    ctx = chromium.new_context(viewport={"width": width, "height": 800}, service_workers="block")
    try:
        held = []
        media = re.compile(r"/media/")
        hold = lambda route: held.append(route)  # noqa: E731 - the same handler for unroute
        ctx.route(media, hold)
        page = ctx.new_page()
        page.goto(served_site.url(PAGES[name]), wait_until="domcontentloaded")
        page.wait_for_function("document.readyState !== 'loading'")
        before = [box[1:3] for box in page.evaluate(boxes)]
        for route in held:
            route.continue_()
        ctx.unroute(media, hold)
        page.wait_for_load_state("networkidle")
        after = page.evaluate(boxes)
    finally:
        ctx.close()
    assert any(loaded for *_, loaded in after), f"no photo loaded on /{PAGES[name]}"
    moved = [
        f"{src.rsplit('/', 1)[-1]}: {w0}x{h0} before loading, {w1}x{h1} after"
        for (w0, h0), (src, w1, h1, loaded) in zip(before, after)
        if loaded and (abs(w0 - w1) > 1 or abs(h0 - h1) > 1)
    ]
    check(moved)


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "",
        "products/",
        "products/kopindo-tanggulangin/tas-jinjing-kulit-sapi/",
        "en/products/ud-mete-raha/mete-kupas-w320/",
        "inquiry/",
        "join/",
        "suppliers/ud-mete-raha/",
        "suppliers/",
        "en/categories/",
        "regions/",
    ],
)
def test_no_sideways_scrolling_on_a_360_px_phone(web, path):
    page = web.page()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(web.site.url(path), wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") == 360

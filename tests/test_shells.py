"""Generated pages from theme shells (catalog/mkdocs/shells.py) give MkDocs' own bytes.

The session's ``built_site`` is built the fast way (shells, forked workers,
Pagefind over the searchable parts only); here the same project is built with
``fast_pages: false``, where MkDocs renders every page itself and Pagefind reads
the whole site, and every file must be identical. Then the safety nets:

* single pages given what makes MkDocs render them differently (a title full of
  markup and quotes, a title the theme compares with, a front-matter key the theme
  reads, another depth, a dot in the URL, a body the theme adds a script for) come out
  as MkDocs renders them, from a shell of their own or by MkDocs when a per-page check
  fails;
* a theme that tests per-page values gets those tests checked on every page, and one
  that computes from a per-page value gets those pages rendered one by one;
* an installed MkDocs without what the fast way relies on (a private function renamed
  or with another signature) makes the build warn and render every page through
  plain MkDocs: the same site;
* a rebuild links unchanged pages from the site it replaces instead of writing them
  again, and keeps its search index when no searchable page changed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import (
    _BUILD_ENV_DROP,
    SITE_PROJECT,
    BuildRun,
    BuiltSite,
    copy_site_project,
    run_build,
    site_url_of,
)


def _set_option(project: Path, line: str) -> None:
    """Set ``line`` (``key: value``) among the catalog plugin's options in the project's
    mkdocs.yml, replacing the key's line if it is there."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    key = line.split(":", 1)[0].strip()
    text, n = re.subn(
        rf"^(\s+){re.escape(key)}:.*$", lambda m: f"{m.group(1)}{line}", text, flags=re.M
    )
    if n == 0:
        text, n = re.subn(
            r"^(\s+)(cache_dir:.*)$",
            lambda m: f"{m.group(1)}{m.group(2)}\n{m.group(1)}{line}",
            text,
            flags=re.M,
        )
    assert n == 1
    config.write_text(text, encoding="utf-8")


DRIVER = """import sys
{prelude}
from catalog.cli import run
run()
"""


def driven_build(project: Path, site_dir: Path, prelude: str) -> BuildRun:
    """``catalog build`` of ``project`` in a process that first runs ``prelude`` (Python:
    patch MkDocs as an upgrade would, change pages as data would)."""
    driver = project.parent / f"drive-{site_dir.name}.py"
    driver.write_text(DRIVER.format(prelude=prelude), encoding="utf-8")
    args = [
        sys.executable,
        str(driver),
        "build",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]
    env = {k: v for k, v in os.environ.items() if k not in _BUILD_ENV_DROP}
    proc = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return BuildRun(args, proc.returncode, proc.stdout, proc.stderr)


COUNTS = re.compile(
    r"catalog: (\d+) generated pages in [\d.]+ s \(\d+ unchanged, linked from the previous "
    r"site: \d+ of them not rendered, their inputs unchanged; \d+ rendered: (\d+) from "
    r"(\d+) shells, (\d+) one by one, (\d+) of them for a page's own check"
)


def counts(output: str) -> dict[str, int]:
    """What the fast build's log says it did with the generated pages."""
    match = COUNTS.search(output)
    assert match, output
    return dict(
        zip(("pages", "from_shells", "shells", "one_by_one", "checked"), map(int, match.groups()))
    )


def _differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    return (
        [f"only in the first: {p}" for p in sorted(first.keys() - second.keys())]
        + [f"only in the second: {p}" for p in sorted(second.keys() - first.keys())]
        + [
            f"bytes differ: {p}"
            for p in sorted(first.keys() & second.keys())
            if first[p] != second[p]
        ]
    )


@pytest.fixture(scope="module")
def one_by_one_site(tmp_path_factory) -> BuiltSite:
    project = copy_site_project(tmp_path_factory.mktemp("slow") / "project")
    _set_option(project, "fast_pages: false")
    site_dir = project.parent / "site"
    run = run_build(project, site_dir)
    assert run.returncode == 0, str(run)
    return BuiltSite(site_dir, site_url_of(project), run)


def _site_files(site: BuiltSite) -> dict[str, str]:
    return {p: h for p, h in site.hashes().items() if not p.startswith("pagefind/")}


def test_shells_give_the_bytes_mkdocs_gives_page_by_page(built_site, one_by_one_site):
    fast, slow = _site_files(built_site), _site_files(one_by_one_site)
    assert sum(p.endswith(".html") for p in fast) > 80
    assert _differences(fast, slow) == []


def test_fast_build_renders_nearly_every_generated_page_from_a_shell(built_site):
    done = counts(built_site.run.output)
    assert done["pages"] == done["from_shells"] + done["one_by_one"]
    # one page per kind is rendered by MkDocs to check its shell; nothing is refused,
    # and every page passes its shell's per-page checks
    assert done["one_by_one"] == done["shells"] and done["checked"] == 0
    assert "render one by one (" not in built_site.run.output
    assert "WARNING" not in built_site.run.output


def _index(site: BuiltSite) -> dict:
    """A Pagefind bundle by URL: per language, each page's fragment, word count, filter
    values and sort positions (page numbers follow the order Pagefind found the files in,
    which depends on the file system, so they are mapped to URLs)."""
    import gzip
    import json

    from catalog.build.search import _read

    bundle = site.root / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    out = {}
    for lang, info in entry["languages"].items():
        meta = _read(bundle / f"pagefind.{info['hash']}.pf_meta")
        urls, pages = [], {}
        for fragment, words in meta[1]:
            raw = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
            data = json.loads(raw[raw.index(b"{") :])
            urls.append(data["url"])
            pages[data["url"]] = (fragment, words)
        filters = {}
        for name, digest in meta[3]:
            _name, values = _read(bundle / "filter" / f"{digest}.pf_filter")
            filters[name] = {value: sorted(urls[i] for i in numbers) for value, numbers in values}
        sorts = {s[0]: [urls[i] for i in s[1]] for s in meta[4]}
        out[lang] = {
            "pages": pages,
            "filters": filters,
            "sorts": sorts,
            "page_count": info["page_count"],
        }
    return out


def test_search_index_from_the_searchable_parts_equals_the_whole_site_index(
    built_site, one_by_one_site
):
    fast, slow = _index(built_site), _index(one_by_one_site)
    assert set(fast) == {"id", "en"}
    assert fast["en"]["page_count"] > 30 and fast["en"]["filters"]
    # Pages with equal sort values (the same MOQ) may come in another order.
    fast_sorts = {lang: fast[lang].pop("sorts") for lang in fast}
    slow_sorts = {lang: slow[lang].pop("sorts") for lang in slow}
    assert fast == slow

    def values(site: BuiltSite, name: str, urls: list[str]) -> list[str]:
        return [
            site.html(url.lstrip("/")).find(attrs={"data-pagefind-sort": name}).get_text()
            for url in urls
        ]

    for lang, sorts in fast_sorts.items():
        assert set(sorts) == {"name", "moq", "newest"}
        for name, urls in sorts.items():
            assert values(built_site, name, urls) == values(
                one_by_one_site, name, slow_sorts[lang][name]
            )
            assert sorted(urls) == sorted(slow_sorts[lang][name])
    fragments = {p: h for p, h in built_site.hashes().items() if "/fragment/" in p}
    assert fragments == {p: h for p, h in one_by_one_site.hashes().items() if "/fragment/" in p}


def _with_theme_lines(project: Path, lines: str) -> None:
    """Put ``lines`` into the ``<head>`` of every page (theme/main.html, extrahead)."""
    main = project / "theme" / "main.html"
    text = main.read_text(encoding="utf-8")
    assert text.count("{% block extrahead %}") == 1
    main.write_text(
        text.replace("{% block extrahead %}", "{% block extrahead %}\n" + lines), encoding="utf-8"
    )


def _both_ways(
    project: Path, tmp_path: Path, prelude: str | None = None
) -> tuple[BuiltSite, BuiltSite, BuildRun]:
    """The project built the fast way and with ``fast_pages: false`` (each through a
    driver running ``prelude`` first, if given): both sites and the fast build's run."""
    url = site_url_of(project)
    sites, runs = [], []
    for name in ("fast", "slow"):
        if name == "slow":
            _set_option(project, "fast_pages: false")
        site_dir = tmp_path / name
        run = (
            run_build(project, site_dir)
            if prelude is None
            else driven_build(project, site_dir, prelude)
        )
        assert run.returncode == 0, str(run)
        sites.append(BuiltSite(site_dir, url, run))
        runs.append(run)
    return sites[0], sites[1], runs[0]


COMPUTING_THEMES = {
    "truncated": "{{ ((page.meta.description if page and page.meta else '') or '') "
    "| truncate(24) | e }}",
    "replaced": "{{ ((page.meta.title if page and page.meta else '') or '') "
    "| replace('a', '4') | e }}",
    "counted": "{{ ((page.meta.title if page and page.meta else '') or '') | length }}",
}
"""Theme lines that compute something from a per-page value: a shell cannot copy them."""


@pytest.mark.parametrize("name", sorted(COMPUTING_THEMES))
def test_a_theme_that_computes_from_a_per_page_value_gets_those_pages_rendered_one_by_one(
    tmp_path, name
):
    project = copy_site_project(tmp_path / "project")
    _with_theme_lines(project, f'  <meta name="short" content="{COMPUTING_THEMES[name]}">')
    fast, slow, run = _both_ways(project, tmp_path)
    assert "render one by one (" in run.output
    assert "WARNING" not in run.output
    assert _differences(_site_files(fast), _site_files(slow)) == []
    page = next(p for p in fast.pages() if p.startswith("products/") and p.count("/") == 3)
    short = fast.html(fast.url_of(page)).find("meta", attrs={"name": "short"})
    title = fast.html(fast.url_of(page)).find("meta", attrs={"property": "og:title"})["content"]
    assert short is not None
    expected = {
        "truncated": lambda c: len(c) <= 24,
        "replaced": lambda c: c == title.replace("a", "4"),
        "counted": lambda c: c == str(len(title)),
    }[name]
    assert expected(short["content"]), (short["content"], title)


def test_a_theme_that_tests_per_page_values_gets_the_tests_checked_on_every_page(tmp_path):
    """A test on the title or the URL is a check each page passes before its shell is
    filled; the pages where it comes out otherwise than on the shell's stand-in are
    rendered by MkDocs, and each gets the theme's answer."""
    project = copy_site_project(tmp_path / "project")
    target = "products/koperasi-kakao-wundulako/biji-kakao-fermentasi/"
    _with_theme_lines(
        project,
        (
            '  {%- if page and page.meta and page.meta.title and "Kakao" in page.meta.title %}'
            '<meta name="x-kakao" content="yes">{% endif %}\n'
            f'  {{%- if page and page.url == "{target}" %}}<meta name="x-target" content="yes">'
            "{% endif %}"
        ),
    )
    fast, slow, run = _both_ways(project, tmp_path)
    assert _differences(_site_files(fast), _site_files(slow)) == []
    assert "render one by one (" not in run.output
    done = counts(run.output)
    kakao = [
        p for p in slow.pages() if slow.html(slow.url_of(p)).find("meta", attrs={"name": "x-kakao"})
    ]
    assert len(kakao) >= 3 and target + "index.html" in kakao
    assert [
        p
        for p in slow.pages()
        if slow.html(slow.url_of(p)).find("meta", attrs={"name": "x-target"})
    ] == [target + "index.html"]
    # every page with Kakao in its title, but those that are first of their kind, failed
    # a check (the stand-ins have no Kakao); the target failed its URL check
    assert done["checked"] >= len(kakao) - 2
    assert done["one_by_one"] == done["shells"] + done["checked"]


def test_without_a_nav_setting_the_pages_mkdocs_lists_in_its_navigation_are_its_own(
    tmp_path, built_site
):
    """No ``nav`` in mkdocs.yml: MkDocs lists every page not matched by ``not_in_nav``
    in the navigation of every page, so those generated pages are MkDocs' to render
    (here the region pages), and the site is the one MkDocs alone gives."""
    project = copy_site_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"^nav:\n(?:  - .*\n)+", "", text, flags=re.M)
    assert n == 1
    text, n = re.subn(r"^  /regions/\n", "", text, flags=re.M)
    assert n == 1
    config.write_text(text, encoding="utf-8")
    fast, slow, run = _both_ways(project, tmp_path)
    assert _differences(_site_files(fast), _site_files(slow)) == []
    # the region pages, not the region index (regions/index.md is in the sample's nav)
    regions = [p for p in slow.pages() if p.startswith("regions/") and p != "regions/index.html"]
    assert regions
    # in MkDocs' navigation, the theme links a region page to its neighbours
    first = slow.url_of(regions[0])
    assert '<link rel="next"' in slow.file(first).read_text(encoding="utf-8")
    assert '<link rel="next"' not in built_site.file(first).read_text(encoding="utf-8")
    # the region pages were MkDocs' (in its navigation), the others written from shells,
    # the catalogue, supplier and category index pages too (in the sample's nav setting,
    # they are MkDocs' there)
    sample = counts(built_site.run.output)["pages"]
    assert counts(run.output)["pages"] == sample + 3 - len(regions)


def _product_kind_pages() -> list[str]:
    """Paths of the Indonesian product pages that share one shell, in build order."""
    from mkdocs.config import load_config

    from catalog.build.pipeline import prepare
    from catalog.mkdocs.plugin import CatalogPlugin
    from catalog.mkdocs.shells import _features, shape

    plugin = CatalogPlugin()
    plugin.load_config({})
    settings = plugin.settings(load_config(str(SITE_PROJECT / "mkdocs.yml")))
    prepared = prepare(
        SITE_PROJECT / "products", settings, cache_dir=SITE_PROJECT / ".cache" / "images"
    )
    kinds: dict[tuple, list[str]] = {}
    for job in prepared.generator.jobs():
        page = prepared.generator.page(job)
        if page.path.startswith("products/") and page.path.count("/") == 2:
            kinds.setdefault((shape(page.path, page.meta), _features(page.body)), []).append(
                page.path
            )
    return max(kinds.values(), key=len)


CHANGE_PAGES = """
import json
from catalog.site.generate import Generator
CHANGES = json.loads({changes!r})
_page = Generator.page
def page(self, job):
    p = _page(self, job)
    change = CHANGES.get(p.path)
    if change:
        p = type(p)(change.get("path", p.path), {{**p.meta, **change.get("meta", {{}})}},
                    change.get("body_prefix", "") + p.body)
    return p
Generator.page = page
"""
"""A driver prelude that changes single generated pages (by path) as data could."""


def test_single_pages_that_mkdocs_renders_differently_come_out_as_mkdocs_renders_them(
    tmp_path, built_site
):
    kind = _product_kind_pages()
    assert len(kind) >= 15
    special = 'Tas <b>"Kulit"</b> & Co\'s\n  \u00e9  <!-- x --> &amp; 100%'
    changes = {
        kind[2]: {"meta": {"title": special}},  # markup, quotes, entities, spaces
        kind[4]: {"meta": {"title": "Katalog"}},  # a nav entry's title (the drawer ignores it)
        kind[6]: {"meta": {"hide": ["toc"]}},  # a front-matter key Material reads
        kind[8]: {"path": kind[8].replace("/", "/lagi/", 1)},  # one level deeper
        kind[10]: {"path": kind[10][:-3] + ".v2.md"},  # a dot in the last URL segment
        kind[12]: {"body_prefix": '<div id="join-form"></div>\n'},  # loads the form script
        kind[14]: {"meta": {"description": 'Deskripsi <script>x</script> & "kutip"  '}},
    }
    project = copy_site_project(tmp_path / "project")
    fast, slow, run = _both_ways(
        project, tmp_path, CHANGE_PAGES.format(changes=json.dumps(changes))
    )
    assert _differences(_site_files(fast), _site_files(slow)) == []
    assert "render one by one (" not in run.output
    done, sample = counts(run.output), counts(built_site.run.output)
    # three pages are kinds of their own (hide, depth, join form); one fails a per-page check
    # (a segment with a dot). A title equal to a nav entry's no longer matters: the drawer
    # (theme/partials/nav.html) compares URLs, not titles, as Material's nav did.
    assert done["shells"] == sample["shells"] + 3, (done, sample)
    assert done["checked"] == 1, done
    assert done["one_by_one"] == done["shells"] + done["checked"]
    # the changes reached the pages
    from markupsafe import escape

    assert str(escape(special)) in slow.file(kind[2][:-3] + "/").read_text(encoding="utf-8")
    assert slow.exists(kind[8].replace("/", "/lagi/", 1)[:-3] + "/")
    assert slow.exists(kind[10][:-3] + ".v2/")


BREAKAGES = {
    "signature": """
import mkdocs.commands.build as b
_original = b._populate_page
def _populate_page(page, config, files, dirty=False, *, hooks=None):
    return _original(page, config, files, dirty)
b._populate_page = _populate_page
""",
    "renamed": """
import types
import mkdocs.commands.build as b
_own = dict(vars(b))  # MkDocs' own build() goes on finding it (under its new name)
b.build = types.FunctionType(b.build.__code__, _own, "build", b.build.__defaults__,
                             b.build.__closure__)
b.build.__kwdefaults__ = _own["build"].__kwdefaults__
del b._build_page
""",
    "attribute": """
import os
from mkdocs.structure.files import File
File.abs_dest_path = property(lambda f: os.path.normpath(os.path.join(f.dest_dir, f.dest_uri)))
""",
}
"""What an upgrade of MkDocs could do to what the fast way relies on, done to the
installed MkDocs before a build."""
NAMED = {
    "signature": "mkdocs.commands.build._populate_page(page, config, files, dirty=False, "
    "*, hooks=None) changed",
    "renamed": "mkdocs.commands.build._build_page is gone",
    "attribute": "mkdocs.structure.files.File.abs_dest_path is a property now",
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_an_mkdocs_without_what_the_fast_way_uses_gives_a_warning_and_the_same_site(
    tmp_path, built_site, breakage
):
    project = copy_site_project(tmp_path / "project")
    run = driven_build(project, tmp_path / "site", BREAKAGES[breakage])
    assert run.returncode == 0, str(run)  # strict: true, and still built
    warnings = [line for line in run.output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, run.output
    assert "fast_pages relies on" in warnings[0] and NAMED[breakage] in warnings[0], warnings
    assert "generated pages in" not in run.output  # MkDocs rendered every page itself
    site = BuiltSite(tmp_path / "site", site_url_of(project), run)
    assert _differences(_site_files(site), _site_files(built_site)) == []


def _bundle(site_dir: Path) -> dict[str, bytes]:
    root = site_dir / "pagefind"
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_rebuild_links_unchanged_pages_and_writes_changed_ones(tmp_path):
    project = copy_site_project(tmp_path / "project")
    site_dir = tmp_path / "site"
    first = run_build(project, site_dir)
    assert first.returncode == 0, str(first)
    assert "search: indexed" in first.output
    first_bundle = _bundle(site_dir)
    page = next(p for p in sorted(site_dir.glob("products/*/*/index.html")))
    other = next(
        p
        for p in sorted(site_dir.glob("products/*/*/index.html"))
        if p.parent.parent != page.parent.parent
    )
    inodes = {p: p.stat().st_ino for p in (page, other)}
    # without the build record, which skips a build with nothing changed whole (issue 20)
    (tmp_path / "site.catalog-build.json").unlink()
    second = run_build(project, site_dir)
    assert second.returncode == 0, str(second)
    assert re.search(r"(\d+) unchanged, linked", second.output)
    linked = int(re.search(r"(\d+) unchanged, linked", second.output).group(1))
    assert linked > 50
    assert page.stat().st_ino == inodes[page] and other.stat().st_ino == inodes[other]
    assert page.stat().st_nlink == 1  # the replaced site is gone, nothing else holds it
    # No searchable page changed: Pagefind does not run, the index is the same.
    assert "index kept from the replaced site" in second.output
    assert "search: indexed" not in second.output
    assert _bundle(site_dir) == first_bundle
    # Edit the product of `page`: its page is written anew, the other is still linked.
    supplier, product = page.parent.parent.name, page.parent.name
    yaml_file = project / "products" / supplier / f"{product}.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(
        re.sub(r"^(\s+id: )(.+)$", r"\1\2 (baru)", text, count=1, flags=re.M), encoding="utf-8"
    )
    third = run_build(project, site_dir)
    assert third.returncode == 0, str(third)
    assert page.stat().st_ino != inodes[page]
    assert other.stat().st_ino == inodes[other]
    assert "(baru)" in page.read_text(encoding="utf-8")
    # The product's name is searchable: the index is made anew and differs.
    assert "search: indexed" in third.output and "index kept" not in third.output
    assert _bundle(site_dir) != first_bundle

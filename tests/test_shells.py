"""Generated pages from theme shells (catalog/shells.py) give MkDocs' own bytes.

The session's ``built_site`` is built the fast way (shells, forked workers,
Pagefind over the searchable parts only); here the same project is built with
``fast_pages: false``, where MkDocs renders every page itself and Pagefind reads
the whole site, and every file must be identical. Then the safety nets: a theme
that treats a per-page value in a way a shell cannot copy gets those pages
rendered one by one (still correct), and a rebuild links unchanged pages from
the site it replaces instead of writing them again, and keeps its search index
when no searchable page changed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BuiltSite, copy_site_project, run_build, site_url_of


def _set_option(project: Path, line: str) -> None:
    """Add ``line`` to the catalog plugin's options in the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text, n = re.subn(
        r"^(\s+)(cache_dir:.*)$",
        lambda m: f"{m.group(1)}{m.group(2)}\n{m.group(1)}{line}",
        config.read_text(encoding="utf-8"),
        flags=re.M,
    )
    assert n == 1
    config.write_text(text, encoding="utf-8")


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
    match = re.search(
        r"catalog: (\d+) generated pages in [\d.]+ s \((\d+) from (\d+) shells, "
        r"(\d+) rendered one by one",
        built_site.run.output,
    )
    assert match, built_site.run.output
    pages, from_shells, shells, one_by_one = map(int, match.groups())
    assert pages == from_shells + one_by_one
    # one page per kind is rendered by MkDocs to check its shell; nothing is refused
    assert one_by_one == shells
    assert "render one by one (" not in built_site.run.output


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


def test_a_theme_that_changes_a_per_page_value_gets_those_pages_rendered_one_by_one(tmp_path):
    project = copy_site_project(tmp_path / "project")
    # A theme override that shortens the description: a shell cannot copy that.
    main = project / "theme" / "main.html"
    text = main.read_text(encoding="utf-8")
    text = text.replace(
        "{% block extrahead %}",
        '{% block extrahead %}\n  <meta name="short" content="'
        "{{ ((page.meta.description if page and page.meta else '') or '') "
        '| truncate(24) | e }}">',
        1,
    )
    main.write_text(text, encoding="utf-8")
    fast_dir = tmp_path / "fast"
    run = run_build(project, fast_dir)
    assert run.returncode == 0, str(run)
    assert "render one by one (" in run.output
    _set_option(project, "fast_pages: false")
    slow_dir = tmp_path / "slow"
    slow = run_build(project, slow_dir)
    assert slow.returncode == 0, str(slow)
    url = site_url_of(project)
    fast_site, slow_site = BuiltSite(fast_dir, url), BuiltSite(slow_dir, url)
    assert _differences(_site_files(fast_site), _site_files(slow_site)) == []
    page = next(p for p in fast_site.pages() if p.startswith("products/") and p.count("/") == 3)
    short = fast_site.html(fast_site.url_of(page)).find("meta", attrs={"name": "short"})
    assert short is not None and len(short["content"]) <= 24


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

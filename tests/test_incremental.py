"""Issue 20: a rebuild over the previous site gives the very bytes of a build from scratch.

One private copy of the project (products/, docs/, theme/, mkdocs.yml) is built once per
module. Each case then changes one kind of input - a product, a supplier, a photo, a
category label (the vocabulary, in a copy of the package), a template (the theme's and
the package's) and ``mkdocs.yml`` - rebuilds over that site (pages linked from it, its
search index and photos kept where they still fit) and compares every file, and the
manifest and size report kept beside it, with a build from scratch of the same input in
a fresh folder. Then it puts the input back, rebuilds over the site again and expects
the first build's bytes: a stale page in either direction fails. Every rebuild runs with
``CATALOG_CHECK_PAGES=1``: each page kept without rendering (its key unchanged) is
rendered anyway and compared, so a key that misses what a page shows fails the build.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, copy_site_project

BESIDE = ("site.catalog-manifest.json", "site.catalog-size.json")


def snapshot(site: Path) -> dict[str, str]:
    """sha256 of every file of a built site and of the files kept beside it."""
    found = {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }
    for name in BESIDE:
        beside = site.parent / name
        if beside.exists():
            found["../" + name] = hashlib.sha256(beside.read_bytes()).hexdigest()
    return found


def build(project: Path, site: Path, package: Path | None = None) -> str:
    """``python -m catalog build`` of ``project`` into ``site`` (with the package copy at
    ``package`` first on the path, when given); its output."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CATALOG_LANG", "CATALOG_DEBUG", "GITHUB_STEP_SUMMARY")
    }
    if package is not None:
        env["PYTHONPATH"] = str(package)
    # Every page kept for an unchanged key is rendered anyway and compared: a key that
    # misses an input fails the build (catalog.mkdocs.shells.PageKeys.check).
    env["CATALOG_CHECK_PAGES"] = "1"
    args = [sys.executable, "-m", "catalog", "build", "-f", str(project / "mkdocs.yml")]
    proc = subprocess.run(
        [*args, "-d", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def differences(got: dict[str, str], want: dict[str, str]) -> list[str]:
    return sorted(
        [f"only in the rebuild: {p}" for p in got.keys() - want.keys()]
        + [f"missing from the rebuild: {p}" for p in want.keys() - got.keys()]
        + [f"differs: {p}" for p in got.keys() & want.keys() if got[p] != want[p]]
    )


class Project:
    """The module's project, its site and (for vocabulary and package template cases) a
    copy of the ``catalog`` package imported in place of the repository's."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / "out" / "site"
        self.package = root / "pkg"
        shutil.copytree(
            REPO / "catalog",
            self.package / "catalog",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        self.first: dict[str, str] = {}

    def edit(self, name: str, old: str, new: str) -> Callable[[], None]:
        """Replace the one ``old`` in ``name`` (below the project; ``pkg/…`` is the package
        copy); returns what puts it back."""
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return lambda: path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("incremental")
    copy_site_project(root)
    proj = Project(root)
    build(root, proj.site, proj.package)
    proj.first = snapshot(proj.site)
    assert any(p.startswith("pagefind/") for p in proj.first)
    assert any(p.startswith("media/") for p in proj.first)
    return proj


SUPPLIER = "products/kopindo-tanggulangin"


def change_product(p: Project):
    return p.edit(
        f"{SUPPLIER}/tas-jinjing-kulit-sapi.yaml",
        "id: Tas Jinjing Kulit Sapi",
        "id: Tas Jinjing Kulit Sapi Asli",
    )


def change_supplier(p: Project):
    return p.edit(
        f"{SUPPLIER}/supplier.yaml",
        "name: Koperasi Perajin Kulit Tanggulangin",
        "name: Koperasi Perajin Kulit Tanggulangin Sidoarjo",
    )


def change_photo(p: Project):
    """Other bytes under the same file name (a photo the image cache already holds)."""
    photo = p.root / SUPPLIER / "photos" / "tas-jinjing-1.jpg"
    before = photo.read_bytes()
    shutil.copyfile(p.root / SUPPLIER / "photos" / "dompet-1.jpg", photo)
    assert photo.read_bytes() != before
    return lambda: photo.write_bytes(before)


def change_category_label(p: Project):
    return p.edit(
        "pkg/catalog/data/categories.yaml",
        "label: {id: Tas kulit, en: Leather bags}",
        "label: {id: Tas kulit asli, en: Genuine leather bags}",
    )


def change_theme_template(p: Project):
    return p.edit(
        "theme/main.html", "{% block extrahead %}", "{% block extrahead %}<!-- issue 20 -->"
    )


def change_package_template(p: Project):
    return p.edit("pkg/catalog/templates/card.html", "{{ c.name }}", "{{ c.name }}&#8203;")


def change_mkdocs_yml(p: Project):
    return p.edit(
        "mkdocs.yml",
        "site_name: Katalog Rumah Dagang Koperasi",
        "site_name: Katalog Rumah Dagang Koperasi Jatim",
    )


CASES = {
    "product": change_product,
    "supplier": change_supplier,
    "photo": change_photo,
    "category-label": change_category_label,
    "theme-template": change_theme_template,
    "package-template": change_package_template,
    "mkdocs-yml": change_mkdocs_yml,
}


@pytest.mark.parametrize("kind", list(CASES))
def test_rebuild_after_a_change_equals_a_build_from_scratch(
    project: Project, kind: str, tmp_path: Path
):
    put_back = CASES[kind](project)
    try:
        build(project.root, project.site, project.package)
        changed = snapshot(project.site)
        assert differences(changed, project.first), f"{kind}: the change shows nowhere"
        scratch = tmp_path / "scratch"
        shutil.copytree(project.root, scratch, ignore=shutil.ignore_patterns("out"))
        build(scratch, scratch / "out" / "site", scratch / "pkg")
        assert differences(changed, snapshot(scratch / "out" / "site")) == [], kind
    finally:
        put_back()
    build(project.root, project.site, project.package)
    assert differences(snapshot(project.site), project.first) == [], f"{kind}, put back"


NOTHING = "nothing changed since the last build"


def test_a_build_with_nothing_changed_keeps_the_site_as_it_is(project: Project):
    build(project.root, project.site, project.package)  # records what it was built from
    out = build(project.root, project.site, project.package)
    assert NOTHING in out, out
    assert differences(snapshot(project.site), project.first) == []


def test_a_page_edited_inside_the_site_is_built_again(project: Project):
    """The shortcut trusts the site only while it is exactly as the build left it."""
    build(project.root, project.site, project.package)
    page = project.site / "products" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    out = build(project.root, project.site, project.package)
    assert NOTHING not in out, out
    assert differences(snapshot(project.site), project.first) == []


def test_a_saved_product_file_is_built_again(project: Project):
    """Saved again with the same bytes: rebuilt (to the same site), never skipped blindly."""
    build(project.root, project.site, project.package)
    path = project.root / SUPPLIER / "tas-jinjing-kulit-sapi.yaml"
    path.write_bytes(path.read_bytes())
    out = build(project.root, project.site, project.package)
    assert NOTHING not in out, out
    assert differences(snapshot(project.site), project.first) == []


GENERATED = re.compile(r"(\d+) generated pages .*?(\d+) of them not rendered", re.S)


def test_without_the_record_an_unchanged_rebuild_keeps_every_page(project: Project):
    """The build record gone (or stale): the full path, every generated page kept
    (linked without being rendered: its inputs are those of the page it replaces)."""
    build(project.root, project.site, project.package)
    (project.site.parent / "site.catalog-build.json").unlink()
    out = build(project.root, project.site, project.package)
    assert NOTHING not in out, out
    found = GENERATED.search(out)
    assert found and int(found[2]) == int(found[1]) > 0, out
    assert differences(snapshot(project.site), project.first) == []


def test_one_changed_product_renders_only_the_pages_that_show_it(project: Project):
    """Renaming one product renders its pages, the listings and related products that
    show it, and nothing else; the rest is kept."""
    build(project.root, project.site, project.package)
    put_back = change_product(project)
    try:
        out = build(project.root, project.site, project.package)
    finally:
        put_back()
    found = GENERATED.search(out)
    assert found, out
    total, kept = int(found[1]), int(found[2])
    rendered = total - kept
    # both languages: its own page, its supplier's, category's, region's and the
    # catalogue's listing pages, the pages of up to 4 products relating to it, directories
    assert 2 <= rendered <= 40 < total, out
    changed = snapshot(project.site)
    assert "Tas Jinjing Kulit Sapi Asli" in (
        project.site / "products" / "kopindo-tanggulangin" / "tas-jinjing-kulit-sapi" / "index.html"
    ).read_text(encoding="utf-8")
    assert differences(changed, project.first)


def test_qr_codes_of_serve_and_of_the_published_site_are_kept_apart(tmp_path, caplog):
    """``catalog serve`` (its own address) and ``catalog build`` (the published one)
    alternate without making every QR code anew each time."""
    import logging

    from catalog.build.qr import qr_codes, qr_file
    from catalog.site.views import qr_svg

    products = tmp_path / "products"
    products.mkdir()
    published = [
        "https://katalog.example/products/a/b/",
        "https://katalog.example/en/products/a/b/",
    ]
    served = [u.replace("https://katalog.example/", "http://127.0.0.1:8000/") for u in published]
    site_file = qr_file(tmp_path / "images", products, "https://katalog.example/")
    serve_file = qr_file(tmp_path / "images", products, "http://127.0.0.1:8000/")
    assert site_file != serve_file
    with caplog.at_level(logging.INFO, logger="catalog.build"):
        first = qr_codes(published, site_file)
        qr_codes(served, serve_file)
        caplog.clear()
        again = qr_codes(published, site_file)
    assert "2 QR codes, 0 made" in caplog.text, caplog.text
    assert again == first == {url: qr_svg(url) for url in published}

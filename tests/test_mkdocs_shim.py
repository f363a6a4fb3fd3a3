"""The MkDocs boundary: private MkDocs and Material names only in catalog/mkdocs/shim.py,
checked against the installed releases, and our copies of Material templates in step.

* the shim's checks pass on the installed MkDocs, and name the function when a
  signature or an attribute it relies on changes or goes (the build then falls back to
  plain MkDocs: tests/test_shells.py builds that way);
* no module of ``catalog/`` but the shim uses a private MkDocs or Material name, sets
  what MkDocs computes (``abs_dest_path``, ``site_dir``), fires plugin events by hand
  or handles Material's ``__config``;
* theme/partials/header.html and theme/main.html's ``__config`` are Material's, but for
  the documented changes.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import inspect
import re
from pathlib import Path

import pytest

from catalog.mkdocs import shim

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "catalog"
SHIM = PACKAGE / "mkdocs" / "shim.py"


@pytest.fixture
def fresh_checks():
    """:func:`shim.problems` computed anew, and forgotten after the test."""
    shim.problems.cache_clear()
    yield
    shim.problems.cache_clear()


# -- the checks at build start ---------------------------------------------------------------
def test_the_shim_finds_nothing_to_fix_in_the_installed_mkdocs(fresh_checks):
    assert shim.signature_problems() == []
    assert shim.problems() == ()
    installed = shim.versions()
    assert set(installed) == {"mkdocs", "mkdocs-material"}
    assert all(got for got, _written in installed.values()), installed


def test_versions_are_information_not_a_problem(fresh_checks, monkeypatch):
    monkeypatch.setitem(shim.WRITTEN_FOR, "mkdocs", "0.0.1")
    assert "mkdocs" in (shim.version_note() or "") and "written for 0.0.1" in shim.version_note()
    assert shim.problems() == ()


def test_a_changed_signature_is_named_with_the_one_the_shim_calls(fresh_checks, monkeypatch):
    import mkdocs.commands.build as build

    original = build._build_page

    def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False, *, hooks=None):
        return original(page, config, doc_files, nav, env, dirty, excluded)

    monkeypatch.setattr(build, "_build_page", _build_page)
    found = shim.problems()
    assert len(found) == 1, found
    assert found[0].startswith(
        "mkdocs.commands.build._build_page(page, config, doc_files, "
        "nav, env, dirty=False, excluded=False, *, hooks=None) changed"
    )
    assert found[0].endswith(
        "calls it as mkdocs.commands.build._build_page"
        + shim.SIGNATURES["mkdocs.commands.build._build_page"]
    )


def test_a_missing_private_name_is_named(fresh_checks, monkeypatch):
    import mkdocs.commands.build as build

    monkeypatch.delattr(build, "_populate_page")
    assert shim.problems() == (
        "mkdocs.commands.build._populate_page is gone (the shim calls "
        "it as mkdocs.commands.build._populate_page(page, config, "
        "files, dirty=False))",
    )


def test_an_attribute_the_shim_sets_that_can_no_longer_be_set_is_named(fresh_checks, monkeypatch):
    from mkdocs.structure.files import File

    monkeypatch.setattr(File, "abs_dest_path", property(lambda self: "/nowhere"))
    assert shim.problems() == (
        "mkdocs.structure.files.File.abs_dest_path is a property now, not a cached_property",
    )


def test_a_page_function_that_writes_elsewhere_is_caught_by_the_test_rendering(
    fresh_checks, monkeypatch
):
    """Same signature, other behaviour: the test rendering at build start notices."""
    import os

    import mkdocs.commands.build as build

    original = build._build_page

    def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        page.file.abs_dest_path = os.path.join(config.site_dir, page.file.dest_uri)
        return original(page, config, doc_files, nav, env, dirty, excluded)

    monkeypatch.setattr(build, "_build_page", _build_page)
    found = shim.problems()
    assert any("wrote into the site instead of abs_dest_path" in p for p in found), found


def test_signatures_are_described_by_names_kinds_and_defaults():
    def f(a, b=1, *args, c, d=None, **kw):
        pass

    assert shim.describe(f) == "(a, b=1, *args, c, d=None, **kw)"
    assert shim.describe(lambda x, *, y: x) == "(x, *, y)"


# -- no private names outside the shim -------------------------------------------------------
PRIVATE_ATTRIBUTE = re.compile(r"(?:\.|\bdef |^)(_[a-z][A-Za-z0-9_]*)", re.M)
SET_BY_MKDOCS = frozenset(
    {
        "abs_dest_path",
        "site_dir",
        "dest_uri",
        "url",
        "markdown",
        "meta",
        "file",
        "canonical_url",
        "abs_url",
        "edit_url",
    }
)
"""Attributes MkDocs computes on its pages, files and config: only the shim sets them."""
HAND_EVENTS = frozenset({"on_startup", "on_shutdown"})
"""Plugin events MkDocs' own commands fire: only the shim fires them by hand."""
PRIVATE_STRINGS = ("__config", "mkdocs.commands.build")
"""Material's config script and the logger of MkDocs' page functions."""


@functools.cache
def mkdocs_private_names() -> frozenset[str]:
    """Every ``_name`` MkDocs and Material define or use as an attribute (``._name``,
    ``def _name``, module-level ``_name``), read from their sources."""
    import material
    import mkdocs

    names: set[str] = set()
    for package in (mkdocs, material):
        for path in Path(package.__file__).parent.rglob("*.py"):
            names.update(PRIVATE_ATTRIBUTE.findall(path.read_text(encoding="utf-8")))
    return frozenset(names)


def _own_names(tree: ast.AST) -> set[str]:
    """``_names`` a module defines itself: functions, classes, assignments."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        ):
            own.add(node.attr)
    return own


def private_uses(source: str, where: str, own: set[str] = frozenset()) -> list[str]:
    """Each private MkDocs/Material use in ``source``, as ``where:line: what``.

    ``own``: ``_names`` the package defines itself (``self._root``, ``doc._marks``:
    ours, even where MkDocs has a name alike)."""
    tree = ast.parse(source)
    own = set(own) | _own_names(tree)
    private = mkdocs_private_names()
    prose = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found = []

    def hit(node: ast.AST, what: str) -> None:
        found.append(f"{where}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "mkdocs",
            "material",
        ):
            for alias in node.names:
                if alias.name.startswith("_"):
                    hit(node, f"imports {node.module}.{alias.name}")
                elif node.module == "mkdocs.structure.pages" and alias.name == "Page":
                    hit(node, "builds MkDocs page objects (mkdocs.structure.pages.Page)")
        elif isinstance(node, ast.Attribute):
            receiver = node.value.id if isinstance(node.value, ast.Name) else None
            if (
                node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr in private
                and node.attr not in own
            ):
                hit(node, f"uses {node.attr}")
            if (
                isinstance(node.ctx, ast.Store)
                and node.attr in SET_BY_MKDOCS
                and receiver not in ("self", "cls")
            ):
                hit(node, f"sets .{node.attr} (MkDocs computes it)")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in HAND_EVENTS
        ):
            hit(node, f"fires {node.func.attr} by hand")
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose
        ):
            for text in PRIVATE_STRINGS:
                if text in node.value:
                    hit(node, f"names {text}")
    return sorted(found, key=lambda f: int(f.split(":")[1]))


def _package_sources() -> dict[str, str]:
    return {
        path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != SHIM
    }


def test_no_private_mkdocs_or_material_name_outside_the_shim():
    sources = _package_sources()
    own: set[str] = set()
    for text in sources.values():
        own |= _own_names(ast.parse(text))
    found = [use for where, text in sources.items() for use in private_uses(text, where, own)]
    assert found == [], (
        "private MkDocs/Material uses outside catalog/mkdocs/shim.py (put "
        "each behind a small function there):\n  " + "\n  ".join(found)
    )


def test_the_scan_names_each_kind_of_private_use():
    source = """
from mkdocs.commands.build import _build_page
from mkdocs.structure.pages import Page

def go(config, page, files):
    config.site_dir = "/tmp/elsewhere"
    page.file.abs_dest_path = "/tmp/page.html"
    config.plugins.on_startup(command="build", dirty=False)
    files._src_uris.clear()
    text = '<script id="__config">'
"""
    found = private_uses(source, "x.py")
    assert found == [
        "x.py:2: imports mkdocs.commands.build._build_page",
        "x.py:3: builds MkDocs page objects (mkdocs.structure.pages.Page)",
        "x.py:6: sets .site_dir (MkDocs computes it)",
        "x.py:7: sets .abs_dest_path (MkDocs computes it)",
        "x.py:8: fires on_startup by hand",
        "x.py:9: uses _src_uris",
        "x.py:10: names __config",
    ], found


def test_the_shim_is_where_the_private_uses_are():
    """The scan finds the shim's own uses: it would find them anywhere else."""
    found = private_uses(SHIM.read_text(encoding="utf-8"), "shim.py")
    for what in (
        "_populate_page",
        "_build_page",
        "_build_theme_template",
        "abs_dest_path",
        "site_dir",
        "on_startup",
        "on_shutdown",
        "__config",
        "mkdocs.commands.build",
        "mkdocs.structure.pages.Page",
    ):
        assert any(what in use for use in found), (what, found)


def test_every_private_function_of_the_shim_says_what_it_relies_on():
    for name, func in inspect.getmembers(shim, inspect.isfunction):
        if func.__module__ != shim.__name__ or name.startswith("_"):
            continue
        source = inspect.getsource(func)
        if any(
            text in source
            for text in (
                "mkdocs.commands.build",
                "abs_dest_path",
                "site_dir",
                "on_startup",
                "CountHandler",
                "material",
                "Page(",
                "from_url",
                "setattr",
            )
        ):
            assert "Relies on:" in (func.__doc__ or ""), name


# -- Material templates copied or rewritten in theme/ ----------------------------------------
MATERIAL_HEADER_SHA256 = "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f"
"""sha256 of partials/header.html of the Material release theme/partials/header.html was
copied from (shim.WRITTEN_FOR)."""
HEADER_CHANGE = (
    """    {% if "material/search" in config.plugins %}
      {% set search = config.plugins["material/search"] | attr("config") %}
      {% if search.enabled %}
        <label class="md-header__button md-icon" for="__search">
          {% set icon = config.theme.icon.search or "material/magnify" %}
          {% include ".icons/" ~ icon ~ ".svg" %}
        </label>
        {% include "partials/search.html" %}
      {% endif %}
    {% endif %}
""",
    """    {#- Catalogue: Material's lunr search is off (plugins: lists only `catalog`); a plain
        form goes to the catalogue page with ?q=, where Pagefind answers. -#}
    {%- set cat_lang = page.meta.lang if page and page.meta and page.meta.lang else config.theme.language -%}
    {%- set cat_ui = catalog_ui if catalog_ui is defined else {} -%}
    {%- if cat_ui %}
      <form class="cat-hsearch" role="search" aria-label="{{ cat_ui.search_label[cat_lang] }}" method="get" action="{{ (('en/' if cat_lang == 'en' else '') ~ 'products/') | url }}">
        <label class="cat-sr-only" for="cat-hsearch-q">{{ cat_ui.search_label[cat_lang] }}</label>
        <input class="cat-hsearch__input" id="cat-hsearch-q" type="search" name="q" placeholder="{{ cat_ui.search_label[cat_lang] }}" autocomplete="off" enterkeyhint="search">
        <button class="md-header__button md-icon cat-hsearch__button" type="submit" title="{{ cat_ui.search_submit[cat_lang] }}">
          {% include ".icons/material/magnify.svg" %}<span class="cat-sr-only">{{ cat_ui.search_submit[cat_lang] }}</span>
        </button>
      </form>
    {%- endif %}
""",
)
"""theme/partials/header.html = Material's with this one block replaced (its header
comment says so): Material's lunr search out, the catalogue's search form in."""


def _without_head_comment(text: str) -> str:
    return re.sub(r"\A\{#-.*?-#\}\n", "", text, count=1, flags=re.S)


def test_header_copy_is_materials_header_but_for_the_search_form():
    original = shim.material_template("partials/header.html")
    digest = hashlib.sha256(original.encode("utf-8")).hexdigest()
    release = shim.versions()["mkdocs-material"][0]
    changed = (
        f"Material {release}'s partials/header.html is not the one theme/partials/"
        f"header.html was copied from (sha256 {digest[:12]}…, copied from "
        f"{MATERIAL_HEADER_SHA256[:12]}…, Material "
        f"{shim.WRITTEN_FOR['mkdocs-material']})"
    )
    old, new = HEADER_CHANGE
    assert original.count(old) == 1, (
        f"{changed}: its search block is not there once; copy "
        "the installed file again and replace that block"
    )
    expected = _without_head_comment(original).replace(old, new)
    ours = _without_head_comment(
        (REPO / "theme" / "partials" / "header.html").read_text(encoding="utf-8")
    )
    assert ours == expected, (
        (changed + ": " if digest != MATERIAL_HEADER_SHA256 else "")
        + "theme/partials/header.html is no longer Material's header with the search block "
        "replaced: copy the installed file again and re-apply the change (HEADER_CHANGE)"
    )


def test_header_drift_is_caught(monkeypatch):
    """The check fails when Material's header changes anywhere."""
    real = shim.material_template
    monkeypatch.setattr(
        shim,
        "material_template",
        lambda name: real(name).replace(
            'class="md-header__inner md-grid"', 'class="md-header__inner md-grid md-new"'
        ),
    )
    with pytest.raises(
        AssertionError, match="not the one theme/partials/header.html was copied from"
    ):
        test_header_copy_is_materials_header_but_for_the_search_form()


SEARCH_CONFIG = re.compile(r"^(search|translations\.search\..*)$")
"""The entries of Material's ``__config`` theme/main.html leaves out: Material's lunr
search is off (search is Pagefind's), nothing may load its worker."""


def test_material_config_json_is_materials_without_its_search():
    theirs = shim.material_config_keys()
    ours = shim.material_config_keys((REPO / "theme" / "main.html").read_text(encoding="utf-8"))
    assert "base" in theirs and "translations.clipboard.copy" in theirs
    expected = [key for key in theirs if not SEARCH_CONFIG.match(key)]
    assert ours == expected, (
        "Material's __config (its base.html, {% block config %}) now has "
        f"{sorted(set(expected) - set(ours))} and no longer {sorted(set(ours) - set(expected))}"
        ": bring theme/main.html's config block in step"
    )

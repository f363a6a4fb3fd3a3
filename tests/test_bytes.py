"""Fewer bytes per product (issue 19): what a product page and its photos cost.

Four files per photo (AVIF at 400/800/1600 px and one 800 px JPEG, which is also the Open
Graph image), and the interface strings of theme/assets/catalog.js in one cached file per
language instead of inline in every page.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from catalog.core import i18n
from catalog.site.ui_script import UI_KEYS, ui_script

PRODUCT = "products/kopindo-tanggulangin/dompet-kulit-lipat/"


def test_each_photo_is_published_as_four_files_at_most(built_site):
    by_photo: dict[str, set[str]] = defaultdict(set)
    for path in (built_site.root / "media").rglob("*"):
        if path.is_file():
            stem, variant = path.name.rsplit("-", 1)
            by_photo[stem].add(variant)
    assert by_photo
    for stem, variants in by_photo.items():
        jpegs = {v for v in variants if v.endswith(".jpg")}
        avifs = {v for v in variants if v.endswith(".avif")}
        assert len(jpegs) == 1 and len(avifs) == 3 and len(variants) == 4, (stem, variants)


def test_product_pages_carry_no_string_table_and_stay_small(built_site):
    sizes = []
    for lang, prefix in (("id", ""), ("en", "en/")):
        soup = built_site.html(prefix + PRODUCT)
        config = json.loads(soup.select_one("#cat-i18n").string)
        assert config["lang"] == lang and "t" not in config
        scripts = [s["src"] for s in soup.select("script[src]")]
        ui = [s for s in scripts if "catalog-ui." in s]
        assert len(ui) == 1 and re.search(
            rf"assets/catalog-ui\.{lang}\.[0-9a-f]{{8}}\.min\.js$", ui[0]
        )
        # loaded (deferred) before the script that reads it
        assert scripts.index(ui[0]) < next(i for i, s in enumerate(scripts) if "catalog.js" in s)
        assert built_site.exists(built_site.local(ui[0], prefix + PRODUCT))
        sizes.append(built_site.file(prefix + PRODUCT).stat().st_size)
    assert max(sizes) < 38_000, sizes  # 44 KB with the strings inline and 7 files a photo


def test_one_strings_file_per_language_holds_what_catalog_js_asks_for(built_site):
    table = i18n.table()
    source = (built_site.root / "assets" / "catalog.js").read_text(encoding="utf-8")
    asked = set(re.findall(r"\bt\(\"([a-z0-9_]+[a-z0-9])\"", source))
    assert asked and asked <= set(UI_KEYS), sorted(asked - set(UI_KEYS))
    for lang in ("id", "en"):
        asset = ui_script(lang)
        published = built_site.root / asset.path
        assert published.read_bytes() == asset.content
        text = asset.content.decode()
        assert text.startswith("window.catalogUi=") and "<" not in text
        strings = json.loads(text[len("window.catalogUi=") : -2])
        assert strings == {key: table[key][lang] for key in UI_KEYS}
    assert ui_script("id").path != ui_script("en").path


def test_quote_data_is_single_quoted_json_that_text_cannot_break_out_of(built_site):
    """``data-quote='…'``: JSON's own quotes need no ``&#34;`` (240 bytes a card); Jinja's
    ``tojson`` escapes ``'``, ``<``, ``>`` and ``&``, so product text stays inside."""
    from bs4 import BeautifulSoup

    from catalog.site.generate import environment

    raw = built_site.file("products/").read_text(encoding="utf-8")
    assert "data-quote='{" in raw and "&#34;" not in raw
    hostile = {"name": "Tas 5' x 3\" <b>'&amp; onclick='alert(1)", "id": "a/b"}
    html = environment().from_string("<button data-quote='{{ q | tojson }}'>x</button>")
    button = BeautifulSoup(html.render(q=hostile), "html.parser").button
    assert list(button.attrs) == ["data-quote"]
    assert json.loads(button["data-quote"]) == hostile

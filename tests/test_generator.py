"""The page generator's shortcuts give the same bytes as the plain way they replace.

A 10,000-product catalogue renders 160,000 product cards, converts 22,000 descriptions
and writes 250,000 relative links: the generator renders a card once for pages at any
depth, skips Markdown for plain prose and computes relative links without asking the
OS for the working directory. Each shortcut is compared here with the plain way on
tricky and on random input. (Whole builds are compared byte for byte by
tests/test_site.py.)
"""

from __future__ import annotations

import posixpath
import random

import pytest
from markupsafe import escape

from catalog.core import i18n, vocab
from catalog.core.catalogue import Catalog
from catalog.site import views
from catalog.site.generate import Generator
from catalog.site.model import SiteSettings, _relpath, relative


def full_markdown(text: str) -> str:
    """``views.description_html`` without its plain-prose shortcut."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = views._markdown().reset().convert(escaped)
    return views.nh3.clean(html, tags=views.ALLOWED_TAGS, attributes={}, strip_comments=True)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Tas kulit sapi.",
        "Baris satu\nbaris dua",
        "Satu.\n\nDua.\n\n\nTiga\nempat.",
        "Kue-kue 100% enak (asli)? Ya: 'tentu', \"ok\"; 1/2 kg + bonus!",
        "Café Ñoño über",
        "Harga 2026. Tahun",
        "\n\nawal dan akhir\n\n",
    ],
)
def test_plain_prose_takes_the_shortcut_and_gives_markdowns_html(text):
    assert views._plain_paragraphs(text) is not None
    assert views.description_html(text) == full_markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "- satu\n- dua",
        "2026. Tahun",
        "+ plus",
        "a  \nb",
        " menjorok",
        "    kode",
        "*tebal*",
        "_miring_",
        "a & b",
        "<b>x</b>",
        "[tautan](x)",
        "Judul\n===",
        "a\tb",
        "a\u00a0b",
        "# judul",
        "a\r\nb",
        "`kode`",
        "a \\ b",
        "akhir ",
    ],
)
def test_anything_else_takes_the_full_path(text):
    assert views._plain_paragraphs(text) is None
    assert views.description_html(text) == full_markdown(text)


def test_random_descriptions_match_markdown():
    rng = random.Random(7)
    pieces = list("aZé ñ09 .,;:!?'\"()%/+-") + ["\n", "\n\n", "  ", "- ", "1. ", "+ ", "Ab"]
    shortcut = 0
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        if views._plain_paragraphs(text) is not None:
            shortcut += 1
        assert views.description_html(text) == full_markdown(text), repr(text)
    assert shortcut > 500


def test_relative_links_match_posixpath():
    segments = ["", ".", "..", "a", "b", "products", "en"]
    rng = random.Random(11)
    for _ in range(50_000):
        path = "/".join(rng.choice(segments) for _ in range(rng.randint(1, 5))) or "."
        start = "/".join(rng.choice(segments) for _ in range(rng.randint(1, 5))) or "."
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)
    assert relative("products/a/b/", "products/") == "a/b/"
    assert relative("", "en/products/page/2/") == "../../../../"
    assert relative("products/", "products/page/2/") == "../../"
    assert relative("", "") == "./"


def test_numbers_and_dates_format_alike_from_the_cache():
    import datetime as dt

    assert i18n.number(1250000, "id") == "1.250.000" == i18n.number(1250000.0, "id")
    assert i18n.number(1250000, "en") == "1,250,000"
    assert i18n.number(8.9, "id", 2) == "8,90" and i18n.number(8.9, "en", 2) == "8.90"
    assert i18n.date(dt.date(2028, 12, 31), "id") == "31 Desember 2028"
    assert i18n.date(dt.date(2028, 12, 31), "en") == "December 31, 2028"


@pytest.fixture
def gen(site_catalog: Catalog) -> Generator:
    return Generator(site_catalog, {}, SiteSettings())


ROOTS = ["./", "../", "../../", "../../../", "../../../../"]


def test_a_card_rendered_once_fits_pages_at_every_depth(gen: Generator):
    for entry in gen.products[:6]:
        for lang in ("id", "en"):
            for eager in (False, True):
                for root in ROOTS:
                    direct = gen._render_with_root(
                        "card.html", lang, root, c=gen.card(entry, lang), eager=eager
                    )
                    assert gen.card_html(entry, lang, root, eager) == direct
                    assert f'href="{root}{i18n.prefix(lang)}products/{entry.key}/"' in direct


@pytest.mark.parametrize(
    "lang, products, suppliers, category, supplier",
    [
        (
            "id",
            "10.000 produk",
            "1.250 pemasok",
            "1.500 produk dalam kategori",
            "Produk pemasok ini (1.200)",
        ),
        (
            "en",
            "10,000 products",
            "1,250 suppliers",
            "1,500 products in",
            "This supplier's products (1,200)",
        ),
    ],
)
def test_counts_shown_to_buyers_group_their_digits(
    gen: Generator, lang, products, suppliers, category, supplier
):
    entry = gen.products[0]
    gen.products = [entry] * 10_000
    page = gen.catalogue_page(lang)
    assert f'<h2 id="products" class="cat-listing__count">{products}</h2>' in page.body
    assert f'<p class="cat-listing__intro">{products} ' in page.body
    assert page.meta["description"].startswith(f"{products} ")
    stats = gen._render(
        "block_stats.html", lang, "index.md", total=10_000, supplier_count=1_250, provinces=[]
    )
    assert f"{products} " in stats and f"{suppliers} " in stats
    gen.by_category[entry.model.category] = [entry] * 1_500
    page = gen.category_page(vocab.categories()[entry.model.category], lang)
    assert f'<p class="cat-listing__intro">{category} ' in page.body
    gen.by_supplier[entry.supplier_id] = [entry] * 1_200
    page = gen.supplier_page(gen.catalog.suppliers[entry.supplier_id], lang)
    assert f'<h2 id="products-title">{escape(supplier)}</h2>' in page.body


def test_a_card_whose_text_holds_the_mark_is_rendered_for_each_page(gen: Generator):
    entry = gen.products[0]
    card = gen.card(entry, "id")
    card["name"] = "Tas \x00 kulit"  # the mark, in product text (never in practice)
    for root in ROOTS:
        html = gen.card_html(entry, "id", root)
        assert "Tas \x00 kulit" in html and f'href="{root}products/{entry.key}/"' in html


def test_mail_links_encode_an_address_that_could_add_headers(tmp_path):
    """`a?bcc=…@host` is a valid address; in a mailto: link unencoded it would add a
    hidden bcc to the buyer's message. Every component is percent-encoded."""
    import re
    from catalog.core.catalogue import load_catalog
    from conftest import SUPPLIER_ID, copy_example

    folder = copy_example(tmp_path / "products")
    text = (folder / "supplier.yaml").read_text(encoding="utf-8")
    hostile = "a?bcc=spy%40evil.example.com&x=1@gmail.com"
    (folder / "supplier.yaml").write_text(
        text.replace("penjualan@kulit-tanggulangin.example", hostile), encoding="utf-8"
    )
    catalog = load_catalog(tmp_path / "products")
    assert catalog.ok, catalog.diagnostics
    gen = Generator(catalog, {}, SiteSettings())
    encoded = "mailto:a%3Fbcc%3Dspy%2540evil.example.com%26x%3D1@gmail.com"
    supplier_page = gen.supplier_page(catalog.suppliers[SUPPLIER_ID], "id", 1).body
    product = next(p for p in catalog.products.values() if p.supplier_id == SUPPLIER_ID)
    product_page = gen.product_page(product, "en").body
    for body in (supplier_page, product_page):
        hrefs = re.findall(r'href="(mailto:[^"]*)"', body)
        assert hrefs and all(h.replace("&amp;", "&").startswith(encoded) for h in hrefs), hrefs
        assert "bcc=" not in body.replace("&amp;", "&").split(encoded)[0]


def test_card_data_of_search_results_reads_back_and_holds_no_word():
    """catalog/site/views.py ``unsearchable``: JSON spelled in Braille patterns, no letter
    or digit (Pagefind indexes no word of it) and the same data back (as catalog.js reads
    it: each pattern's offset is one UTF-8 byte)."""
    import json

    from catalog.site.views import UNSEARCHABLE_BASE, unsearchable

    data = {"quote": {"name": "Keripik Tempe · 50 g", "moq": 50}, "jpeg": "media/a-800.jpg 800w"}
    spelled = unsearchable(data)
    assert spelled and not any(c.isalnum() or c.isspace() for c in spelled)
    back = bytes(ord(c) - UNSEARCHABLE_BASE for c in spelled).decode("utf-8")
    assert json.loads(back) == data

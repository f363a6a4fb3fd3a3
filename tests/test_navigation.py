"""The site's navigation in Chromium: the ☰ drawer on phones and tablets, the header
tabs on a desktop, and the 404 page.

A phone user must reach every section in two taps: the drawer (below 76.25em, 1220 px)
lists the sections in the page's language and the switch to the page's twin, each a
44 px target; a keyboard opens it, Escape closes it. On a desktop the header tabs list
the same sections and the sidebar the drawer lives in takes no width from the content.
The 404 page, which a host serves for any missing address at any depth, offers both
languages a search box and the ways on.

Serves ``built_site`` (tests/conftest.py); the 404 tests serve it as a host does, with
404.html for every missing path.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ServedSite, web_session

pytestmark = pytest.mark.browser

SECTIONS = {
    # the list: every section, in the page's language, in this order
    "id": [
        ("Beranda", ""),
        ("Katalog", "products/"),
        ("Pemasok", "suppliers/"),
        ("Kategori", "categories/"),
        ("Wilayah", "regions/"),
        ("Daftar penawaran", "inquiry/"),
        ("Bandingkan", "compare/"),
        ("Bergabung", "join/"),
        ("Pembeli pemerintah", "government/"),
    ],
    "en": [
        ("Home", "en/"),
        ("Catalogue", "en/products/"),
        ("Suppliers", "en/suppliers/"),
        ("Categories", "en/categories/"),
        ("Regions", "en/regions/"),
        ("Quote list", "en/inquiry/"),
        ("Compare", "en/compare/"),
        ("Join", "en/join/"),
        ("Government buyers", "en/government/"),
    ],
}
PRODUCT = "products/kopindo-tanggulangin/tas-jinjing-kulit-sapi/"
PAGES = {
    # a generated page (rendered from a shell) and a hand-written one, in each language
    "id": [PRODUCT, "inquiry/"],
    "en": ["en/" + PRODUCT, "en/"],
}
TWIN = {"id": "en", "en": "id"}
LANGUAGE_NAME = {"id": "Bahasa Indonesia", "en": "English"}
MENU = '.md-header [aria-controls="cat-drawer-list"]'  # the ☰ button (theme/assets/drawer.js)
DRAWER_LINKS = "#cat-drawer-list a"


def path_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def open_drawer(page) -> None:
    page.locator(MENU).click()
    page.wait_for_function(
        "() => { const a = document.querySelector('#cat-drawer-list a');"
        " const r = a && a.getBoundingClientRect();"
        " return r && r.left >= 0 && getComputedStyle(a).visibility === 'visible'; }"
    )


def drawer_closed(page) -> bool:
    return page.evaluate(
        "() => !document.getElementById('__drawer').checked && getComputedStyle("
        "document.querySelector('#cat-drawer-list a')).visibility === 'hidden'"
    )


@pytest.mark.parametrize("width", [360, 1024])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_drawer_reaches_every_section_in_two_taps(web, width: int, lang: str):
    for start in PAGES[lang]:
        page = web.page()
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(web.site.url(start))
        assert page.locator(MENU).is_visible(), f"/{start} at {width} px: no ☰ button"
        assert page.locator(".md-tabs").is_hidden(), "tabs and drawer at once"
        assert drawer_closed(page), f"/{start}: the drawer's links are reachable while closed"
        open_drawer(page)

        links = page.locator(DRAWER_LINKS)
        shown = [
            (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href"))
            for i in range(links.count())
        ]
        sections = shown[: len(SECTIONS[lang])]
        assert [title for title, _ in sections] == [t for t, _ in SECTIONS[lang]], shown
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box and box["height"] >= 44, f"{shown[i][0]}: {box} is below 44 px"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{shown[i][0]}: {box}"
        # The switch to this page's own twin in the other language, last.
        switch = links.nth(links.count() - 1)
        assert switch.inner_text().strip() == LANGUAGE_NAME[TWIN[lang]]
        assert switch.get_attribute("hreflang") == TWIN[lang]
        page.close()

    # Second tap: each link loads its section, in the page's language.
    start = PAGES[lang][0]
    for title, target in [*SECTIONS[lang], (LANGUAGE_NAME[TWIN[lang]], None)]:
        page = web.page()
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(web.site.url(start))
        open_drawer(page)
        link = page.locator(DRAWER_LINKS).filter(
            has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")
        )
        with page.expect_navigation() as nav:
            link.click()
        response = nav.value
        assert response is not None and response.status == 200, (
            f"/{start} → {title}: HTTP {response and response.status} at {page.url}"
        )
        if target is None:  # the language switch: the same page in the other language
            twin = start[3:] if lang == "en" else "en/" + start
            assert path_of(page.url) == twin, page.url
            assert page.locator("html").get_attribute("lang") == TWIN[lang]
        else:
            assert path_of(page.url) == target, f"{title}: {page.url}"
            assert page.locator("html").get_attribute("lang") == lang, page.url
        page.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_drawer_by_keyboard_and_escape(web, lang: str):
    page = web.page()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(web.site.url(PAGES[lang][0]))
    menu = page.locator(MENU)
    for _ in range(5):  # skip link first, then the ☰ button
        page.keyboard.press("Tab")
        if menu.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the ☰ button")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "focus not shown"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('#cat-drawer-list a')")
    assert menu.get_attribute("aria-expanded") == "true"
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == SECTIONS[lang][0][0]
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none", "the focused drawer link shows no focus ring"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == SECTIONS[lang][1][0]

    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    page.wait_for_timeout(400)  # the slide ends, then the drawer leaves the tab order
    assert drawer_closed(page)
    assert menu.evaluate("el => el === document.activeElement"), "focus not back on ☰"
    assert menu.get_attribute("aria-expanded") == "false"

    # Escape also closes a drawer opened by a tap.
    open_drawer(page)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_desktop_tabs_list_the_sections_and_the_sidebar_takes_no_width(web, lang: str):
    for start in PAGES[lang]:
        page = web.page()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(web.site.url(start))
        assert page.locator(MENU).is_hidden()
        tabs = page.locator(".md-tabs__link")
        shown = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
        assert shown == [t for t, _ in SECTIONS[lang]], f"/{start}: {shown}"
        hrefs = [path_of(tabs.nth(i).evaluate("a => a.href")) for i in range(tabs.count())]
        assert hrefs == [u for _, u in SECTIONS[lang]], hrefs
        tops = {round(tabs.nth(i).bounding_box()["y"]) for i in range(tabs.count())}
        assert len(tops) == 1, f"the tabs wrap to {len(tops)} rows at 1280 px"
        last = tabs.nth(tabs.count() - 1).bounding_box()
        assert last["x"] + last["width"] <= 1280

        assert page.locator(".md-sidebar--primary").is_hidden()
        width = page.locator(".md-content__inner").evaluate("e => e.getBoundingClientRect()")
        page.evaluate("document.querySelector('.md-sidebar--primary').remove()")
        without = page.locator(".md-content__inner").evaluate("e => e.getBoundingClientRect()")
        assert (width["x"], width["width"]) == (without["x"], without["width"]), (
            f"/{start}: the hidden sidebar shifts or narrows the content: {width} vs {without}"
        )
        page.close()


# -- the 404 page --------------------------------------------------------------------------

MISSING = "tidak/ada/di/sini/"


@contextlib.contextmanager
def serve_like_a_host(root):
    """``root`` on 127.0.0.1, answering every missing path with 404.html (status 404),
    as GitHub Pages, Netlify or a configured web server do."""
    not_found = (root / "404.html").read_bytes()

    class Host(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send_error(self, code, message=None, explain=None) -> None:
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            self.wfile.write(not_found)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Host, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def host(built_site):
    with serve_like_a_host(built_site.root) as site:
        yield site


@pytest.fixture
def host_web(chromium, host):
    with web_session(chromium, host) as session:
        session.allow(MISSING + "$")  # the page's own 404 status
        yield session


NOT_FOUND = {
    "id": {"title": "Halaman tidak ditemukan", "catalogue": "Katalog produk", "home": "Beranda"},
    "en": {"title": "Page not found", "catalogue": "Product catalogue", "home": "Home"},
}


def not_found_page(host_web, width: int):
    page = host_web.page()
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(host_web.site.url(MISSING))
    assert response.status == 404
    return page


@pytest.mark.parametrize("width", [360, 1280])
def test_404_is_bilingual_with_the_ways_on(host_web, width: int):
    page = not_found_page(host_web, width)
    assert page.locator("h1").inner_text().strip() == NOT_FOUND["id"]["title"]
    for lang in ("id", "en"):
        part = page.locator(f'section.cat-notfound[lang="{lang}"]')
        assert part.get_by_role("heading").first.inner_text().strip() == NOT_FOUND[lang]["title"]
        # Styled at this depth too: the stylesheet's URL does not depend on the address.
        assert part.locator(".cat-notfound__row").evaluate("e => getComputedStyle(e).display") == (
            "flex"
        )
        prefix = "en/" if lang == "en" else ""
        for key, target in (("catalogue", prefix + "products/"), ("home", prefix)):
            link = part.get_by_role("link", name=NOT_FOUND[lang][key], exact=True)
            box = link.bounding_box()
            assert box and box["height"] >= 44
            assert path_of(link.evaluate("a => a.href")) == target
    # Indonesian first.
    order = page.evaluate("[...document.querySelectorAll('section.cat-notfound')].map(s => s.lang)")
    assert order == ["id", "en"]

    for lang in ("id", "en"):
        prefix = "en/" if lang == "en" else ""
        for key, target in (("catalogue", prefix + "products/"), ("home", prefix)):
            page = not_found_page(host_web, width)
            part = page.locator(f'section.cat-notfound[lang="{lang}"]')
            with page.expect_navigation() as nav:
                part.get_by_role("link", name=NOT_FOUND[lang][key], exact=True).click()
            assert nav.value.status == 200 and path_of(page.url) == target, page.url
            assert page.locator("html").get_attribute("lang") == lang
            page.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_404_search_box_goes_to_the_catalogue(host_web, width: int, lang: str):
    page = not_found_page(host_web, width)
    box = page.locator(f'section.cat-notfound[lang="{lang}"] input[type="search"]')
    box.fill("kopi")
    with page.expect_navigation() as nav:
        box.press("Enter")
    assert nav.value.status == 200
    parts = urlsplit(page.url)
    assert parts.path == ("/en/products/" if lang == "en" else "/products/"), page.url
    assert parse_qs(parts.query) == {"q": ["kopi"]}
    assert page.locator("html").get_attribute("lang") == lang

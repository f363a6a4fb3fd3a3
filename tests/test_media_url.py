"""Photos on their own base URL (issue 19): the catalog plugin's ``media_url``.

A private copy of the sample project is built with ``media_url`` pointing at a bucket of
moto's S3 server on 127.0.0.1 (tests/test_publish.py's fixtures), then ``catalog publish
PAGES --media-target s3://…`` sends ``media/`` to the bucket and the rest to a local
folder, which a second server on another port serves. Chromium then shows the pages from
one origin and every photo from the other. Needs rclone and moto, like test_publish.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from catalog.build.publish import IMMUTABLE
from catalog.mkdocs.plugin import CatalogConfig
from catalog.site.model import media_url_problem

from conftest import (
    SITE_PROJECT,
    ServedSite,
    copy_site_project,
    run_build,
    serve_directory,
    wait_for_results,
    web_session,
)
from test_publish import CREDENTIALS, bucket_objects, publish_json, s3, s3_server  # noqa: F401

pytestmark = pytest.mark.slow

BUCKET = "katalog-media"
PREFIX = "cdn"
PRODUCT = "kopindo-tanggulangin/dompet-kulit-lipat"


# -- the setting ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    ["https://media.example.com/", "https://cdn.example/katalog/", "http://127.0.0.1:9000/b/"],
)
def test_media_url_accepts_https_and_local_http(value):
    assert media_url_problem(value) is None
    config = CatalogConfig()
    config.load_dict({"media_url": value})
    errors, _ = config.validate()
    assert errors == [] and config.media_url == value


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("https://media.example.com", "must end in `/`"),
        ("http://media.example.com/", "must use https"),
        ("media/", "is not a full https URL"),
        ("ftp://media.example.com/", "is not a full https URL"),
        ("https://media.example.com/?v=1", "must not hold a ?query"),
        ("", "must be a URL"),
    ],
)
def test_a_bad_media_url_stops_the_build_with_a_message_in_both_languages(value, says):
    problem = media_url_problem(value)
    assert problem is not None and says in problem["en"] and problem["id"] != problem["en"]
    config = CatalogConfig()
    config.load_dict({"media_url": value})
    errors, _ = config.validate()
    assert [name for name, _ in errors] == ["media_url"]
    assert problem["id"] in str(errors[0][1]) and problem["en"] in str(errors[0][1])


def test_without_media_url_photos_stay_beside_the_pages(built_site):
    soup = built_site.html(f"products/{PRODUCT}/")
    srcs = [i["src"] for i in soup.select("picture img")]
    assert srcs and all(s.startswith("../../../media/") for s in srcs)
    og = soup.select_one('meta[property="og:image"]')["content"]
    assert og.startswith(built_site.site_url + "media/") and og.endswith(".jpg")


# -- a site whose photos are in a bucket --------------------------------------------------------
@pytest.fixture(scope="module")
def media_bucket(s3):  # noqa: F811
    s3.create_bucket(Bucket=BUCKET)
    public = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public))
    return BUCKET


@pytest.fixture(scope="module")
def split(tmp_path_factory, s3_server, media_bucket):  # noqa: F811
    """(project, site, pages folder, media_url, publish report)."""
    media_url = f"{s3_server}/{media_bucket}/{PREFIX}/"
    project = copy_site_project(tmp_path_factory.mktemp("media-url") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(
        r"^(\s+)(cache_dir:.*)$", rf"\1\2\n\1media_url: {media_url}", text, flags=re.M
    )
    assert n == 1
    text = text.replace(
        "\nextra:\n",
        "\nextra:\n  publish:\n    host: none\n    s3:\n      provider: Other\n"
        f"      endpoint: {s3_server}\n      region: us-east-1\n",
    )
    config.write_text(text, encoding="utf-8")
    site = tmp_path_factory.mktemp("media-url-site") / "site"
    run = run_build(project, site)
    assert run.returncode == 0, str(run)
    pages = tmp_path_factory.mktemp("pages-host") / "www"
    target = f"s3://{media_bucket}/{PREFIX}"
    report = publish_json(project, site, str(pages), "--media-target", target)
    return project, site, pages, media_url, report


def _photo_urls(soup: BeautifulSoup) -> list[str]:
    urls = [img["src"] for img in soup.select("picture img")]
    for node in soup.select("picture source[srcset], picture img[srcset]"):
        urls += [part.split()[0] for part in node["srcset"].split(", ")]
    for span in soup.select('[data-pagefind-meta^="srcset_"]'):
        urls += [part.split()[0] for part in span.get_text().split(", ")]
    return urls


def test_every_photo_url_of_the_site_is_on_the_media_url(split):
    _, site, _, media_url, _ = split
    pages = 0
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        urls = _photo_urls(soup)
        assert all(u.startswith(media_url + "media/") for u in urls), (path, urls[:3])
        pages += bool(urls)
        for meta in soup.select('meta[property="og:image"], meta[name="twitter:image"]'):
            assert meta["content"].startswith(media_url + "media/")
        for script in soup.select('script[type="application/ld+json"]'):
            for image in json.loads(script.string).get("image", []):
                assert image.startswith(media_url + "media/"), path
        for button in soup.select("[data-quote]"):
            photo = json.loads(button["data-quote"]).get("photo")
            assert photo is None or photo.startswith(media_url + "media/")
    assert pages > 20
    feed = json.loads((site / "products.json").read_text(encoding="utf-8"))
    images = [i for p in feed["products"] for i in p["images"]]
    assert images and all(i.startswith(media_url + "media/") for i in images)
    assert (site / "media").is_dir()  # the build still writes them; publish splits


def test_publish_sends_media_to_the_bucket_and_the_rest_to_the_pages_host(split, s3):  # noqa: F811
    project, site, pages, _, report = split
    local_media = {
        p.relative_to(site).as_posix() for p in (site / "media").rglob("*") if p.is_file()
    }
    sent = {f for g in report["media"]["phases"] for f in g["files"]}
    assert sent == local_media
    assert all(g["cache_control"] == IMMUTABLE for g in report["media"]["phases"])
    assert not any(f.startswith("media/") for g in report["phases"] for f in g["files"])
    assert not (pages / "media").exists() and (pages / "index.html").is_file()
    objects = bucket_objects(s3, BUCKET, PREFIX + "/")
    assert set(objects) == local_media
    head = s3.head_object(Bucket=BUCKET, Key=PREFIX + "/" + sorted(local_media)[0])
    assert head["CacheControl"] == IMMUTABLE and head["ContentType"] == "image/avif"
    again = publish_json(project, site, str(pages), "--media-target", f"s3://{BUCKET}/{PREFIX}")
    assert again["upload"]["files"] == 0 and again["media"]["upload"]["files"] == 0
    assert again["delete"]["files"] == [] and again["media"]["delete"]["files"] == []


def test_a_media_target_without_media_url_is_refused(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "catalog", "publish", str(tmp_path / "www"), "-f",
         str(SITE_PROJECT / "mkdocs.yml"), "--media-target", str(tmp_path / "m"), "--lang", "en"],
        capture_output=True, text=True, timeout=60, env={**CREDENTIALS, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "needs a site built with the catalog plugin's `media_url`" in proc.stderr
    assert not (tmp_path / "www").exists() and not (tmp_path / "m").exists()


# -- what a buyer sees ----------------------------------------------------------------------------
DECODED = """() => [...document.images].filter(i => i.closest('picture'))
  .map(i => [i.currentSrc, i.naturalWidth])"""


def _show_every_photo(page) -> list[list]:
    page.evaluate("for (const i of document.images) i.loading = 'eager'")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    return page.evaluate(DECODED)


@pytest.mark.browser
@pytest.mark.parametrize("lang_prefix", ["", "en/"])
@pytest.mark.parametrize("width", [360, 1280])
def test_pages_from_one_origin_show_every_photo_from_the_media_url(
    split, chromium, lang_prefix, width
):
    _, _, pages, media_url, _ = split
    with (
        serve_directory(pages) as served,
        web_session(chromium, ServedSite(pages, served.base)) as web,
    ):
        assert served.base.split("/")[2] != media_url.split("/")[2]  # two origins
        page = web.page()
        page.set_viewport_size({"width": width, "height": 900})
        for path, least in ((f"products/{PRODUCT}/", 2), ("products/", 12)):
            page.goto(served.url(lang_prefix + path))
            photos = _show_every_photo(page)
            assert len(photos) >= least, path
            for src, natural in photos:
                assert src.startswith(media_url + "media/") and natural > 0, (path, src)
            assert any(src.endswith(".avif") for src, _ in photos)
        # cards drawn by the search script from the index carry the same URLs
        page.goto(served.url(f"{lang_prefix}products/?q=kulit"))
        wait_for_results(page)
        page.wait_for_selector("#cat-results .cat-card img")
        photos = _show_every_photo(page)
        results = page.evaluate(
            "[...document.querySelectorAll('#cat-results .cat-card img')].map(i => i.currentSrc)"
        )
        assert results and all(src.startswith(media_url + "media/") for src in results)
        assert all(natural > 0 for _, natural in photos)
        fetched = [r.url for r in web.responses if "/media/" in r.url]
        assert fetched and all(u.startswith(media_url) for u in fetched)
        assert not any(r.url.startswith(served.base + "media/") for r in web.responses)

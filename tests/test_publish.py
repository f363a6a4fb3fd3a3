"""``catalog publish`` for real (issue 19): rclone deploys a built sample site to moto's
standalone S3 server on 127.0.0.1 and to a local folder.

One private copy of the project is built three times (module scope): as it is (A),
with one product's description edited (B), and then with another product removed (C).
Each test publishes what it needs through the command (``python -m catalog publish
--format json``) and reads the bucket with boto3, as a CDN in front of it would.

Needs Debian's ``rclone`` (``scripts/dev.py test`` installs it as root) and the
``moto[server]``/``boto3`` packages of the ``test`` extra; skipped with the reason
without them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from catalog.build.publish import IMMUTABLE, SHORT, content_type

from conftest import copy_site_project, run_build

pytestmark = pytest.mark.slow

RCLONE = shutil.which("rclone")
if RCLONE is None:
    pytest.skip(
        "catalog publish needs rclone (apt-get install rclone; scripts/dev.py test does it "
        "as root)",
        allow_module_level=True,
    )
pytest.importorskip("moto.server", reason="needs moto[server] (the test extra)")

CHANGED = ("kopindo-tanggulangin", "dompet-kulit-lipat")
REMOVED = ("ksu-wolio-bahari", "rumput-laut-cottonii-kering")  # its photo is its own
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's standalone S3 server on a free port of 127.0.0.1; its endpoint URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("moto's S3 server did not start")
                time.sleep(0.1)
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def s3(s3_server):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return client


@pytest.fixture(scope="module")
def project(tmp_path_factory, s3_server) -> Path:
    """A private copy of the project whose mkdocs.yml names the S3 server (never a key)."""
    root = copy_site_project(tmp_path_factory.mktemp("publish") / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\nextra:\n") == 1
    config.write_text(
        text.replace(
            "\nextra:\n",
            "\nextra:\n  publish:\n    host: github-pages\n    s3:\n      provider: Other\n"
            f"      endpoint: {s3_server}\n      region: us-east-1\n",
        ),
        encoding="utf-8",
    )
    return root


def _build(project: Path, site: Path) -> Path:
    run = run_build(project, site)
    assert run.returncode == 0, str(run)
    return site


@pytest.fixture(scope="module")
def sites(project, tmp_path_factory) -> dict[str, Path]:
    """Three builds: A as it is, B with one description edited, C without one product."""
    out = tmp_path_factory.mktemp("publish-sites")
    built = {"A": _build(project, out / "A")}
    product = project / "products" / CHANGED[0] / f"{CHANGED[1]}.yaml"
    text = product.read_text(encoding="utf-8")
    assert text.count("delapan slot kartu") == 1 and text.count("eight card slots") == 1
    text = text.replace("delapan slot kartu", "sepuluh slot kartu")
    product.write_text(text.replace("eight card slots", "ten card slots"), encoding="utf-8")
    built["B"] = _build(project, out / "B")
    (project / "products" / REMOVED[0] / f"{REMOVED[1]}.yaml").unlink()
    built["C"] = _build(project, out / "C")
    return built


def publish(
    project: Path, site: Path, target: str, *args: str, env: dict | None = None
) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CATALOG_", "RCLONE_"))}
    environment.update(CREDENTIALS)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "catalog", "publish", target, "-d", str(site), *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def publish_json(project: Path, site: Path, target: str, *args: str) -> dict:
    proc = publish(project, site, target, "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def uploaded(report: dict) -> set[str]:
    return {f for group in report["phases"] for f in group["files"]}


def tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def bucket_objects(s3, bucket: str, prefix: str) -> dict[str, dict]:
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            out[item["Key"][len(prefix) :]] = item
    return out


def changed_between(a: Path, b: Path) -> tuple[set[str], set[str]]:
    """(files new or different in b, files of a that b lacks)."""
    ta, tb = tree(a), tree(b)
    return {f for f, h in tb.items() if ta.get(f) != h}, set(ta) - set(tb)


def product_pages(supplier: str, product: str) -> set[str]:
    return {
        f"products/{supplier}/{product}/index.html",
        f"en/products/{supplier}/{product}/index.html",
    }


# -- S3 ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bucket(s3) -> str:
    s3.create_bucket(Bucket="katalog")
    # readable by anyone, as a bucket behind a CDN or a static-website endpoint is
    public = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::katalog/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket="katalog", Policy=json.dumps(public))
    return "katalog"


def test_s3_first_publish_uploads_everything_then_nothing(project, sites, s3, bucket):
    target = f"s3://{bucket}/site"
    first = publish_json(project, sites["A"], target)
    local = tree(sites["A"])
    assert uploaded(first) == set(local)
    assert first["uploaded"] == len(local)  # what rclone reports it copied
    objects = bucket_objects(s3, bucket, "site/")
    assert set(objects) == set(local)
    assert {k: o["ETag"].strip('"') for k, o in objects.items()} == local

    second = publish_json(project, sites["A"], target)
    assert uploaded(second) == set() and second["uploaded"] == 0
    assert second["delete"]["files"] == [] and second["deleted"] == 0
    assert second["unchanged"]["files"] == len(local)
    again = bucket_objects(s3, bucket, "site/")
    assert {k: o["LastModified"] for k, o in again.items()} == {
        k: o["LastModified"] for k, o in objects.items()
    }


def test_s3_one_changed_product_uploads_only_what_changed(project, sites, s3, bucket):
    target = f"s3://{bucket}/change"
    publish_json(project, sites["A"], target)
    report = publish_json(project, sites["B"], target)
    changed, gone = changed_between(sites["A"], sites["B"])
    sent = uploaded(report)
    assert sent == changed and report["uploaded"] == len(changed)
    assert set(report["delete"]["files"]) == gone
    # its two pages, no other product's page, no photo (none changed), new search files
    assert product_pages(*CHANGED) <= sent
    pages = {
        f for f in sent if re.fullmatch(r"(en/)?products/[a-z0-9-]+/[a-z0-9-]+/index\.html", f)
    }
    assert pages == product_pages(*CHANGED), pages
    assert not any(f.startswith("media/") for f in sent)
    assert any(f.startswith("pagefind/fragment/") for f in sent)
    assert len(sent) < len(tree(sites["B"])) / 4
    # the bucket now holds exactly site B
    objects = bucket_objects(s3, bucket, "change/")
    assert {k: o["ETag"].strip('"') for k, o in objects.items()} == tree(sites["B"])


def test_s3_removed_product_disappears(project, sites, s3, bucket):
    target = f"s3://{bucket}/remove"
    publish_json(project, sites["B"], target)
    report = publish_json(project, sites["C"], target)
    pages = product_pages(*REMOVED)
    photos = {f for f in tree(sites["B"]) if f.startswith(f"media/{REMOVED[0]}/{REMOVED[1]}-")}
    assert photos and pages <= set(report["delete"]["files"])
    assert photos <= set(report["delete"]["files"])
    assert set(report["delete"]["files"]) == changed_between(sites["B"], sites["C"])[1]
    assert report["deleted"] == len(report["delete"]["files"])
    objects = bucket_objects(s3, bucket, "remove/")
    assert not (pages | photos) & set(objects)
    assert set(objects) == set(tree(sites["C"]))


def test_s3_every_object_has_its_content_type_and_cache_control(project, sites, s3, bucket):
    target = f"s3://{bucket}/headers"
    publish_json(project, sites["A"], target)
    seen: dict[str, tuple[str, str]] = {}
    for key in sorted(tree(sites["A"])):
        head = s3.head_object(Bucket=bucket, Key=f"headers/{key}")
        seen[key] = (head["ContentType"], head["CacheControl"])
        assert head["ContentType"] == content_type(key), key
    # what a buyer's browser and a CDN need, spelled out
    by_suffix: dict[str, set[tuple[str, str]]] = {}
    for key, headers in seen.items():
        by_suffix.setdefault(key.rsplit(".", 1)[-1], set()).add(headers)
    assert {h[0] for h in by_suffix["avif"]} == {"image/avif"}
    assert {h[0] for h in by_suffix["jpg"]} == {"image/jpeg"}
    assert {h[0] for h in by_suffix["html"]} == {"text/html; charset=utf-8"}
    assert {h[0] for h in by_suffix["json"]} == {"application/json"}
    assert {h[0] for h in by_suffix["xml"]} == {"application/xml"}
    for suffix in ("pf_fragment", "pf_index", "pf_meta", "pf_filter", "pagefind"):
        assert {h[0] for h in by_suffix[suffix]} == {"application/octet-stream"}, suffix
    media = [k for k in seen if k.startswith("media/")]
    assert media and all(seen[k][1] == IMMUTABLE for k in media)
    fragments = [k for k in seen if k.startswith("pagefind/fragment/")]
    assert fragments and all(seen[k][1] == IMMUTABLE for k in fragments)
    for key in (
        "index.html",
        "en/index.html",
        "sitemap.xml",
        "products.json",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.js",
    ):
        assert seen[key][1] == SHORT, key
    assert all(seen[k][1] == SHORT for k in seen if k.endswith(".html"))


def test_dry_run_prints_counts_and_bytes_and_changes_nothing(project, sites, s3, bucket):
    target = f"s3://{bucket}/dry"
    proc = publish(project, sites["A"], target, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "uji coba (--dry-run)" in proc.stdout
    assert "1. media dan berkas ber-hash (immutable): unggah" in proc.stdout
    assert (
        "3. halaman (HTML): unggah 101 berkas" in proc.stdout
        or "halaman (HTML): unggah" in proc.stdout
    )
    assert bucket_objects(s3, bucket, "dry/") == {}
    english = publish(project, sites["A"], target, "--dry-run", "--lang", "en")
    html = [f for f in tree(sites["A"]) if f.endswith(".html")]
    assert f"3. pages (HTML): upload {len(html)} files" in english.stdout
    assert "dry run (--dry-run): nothing uploaded or deleted" in english.stdout
    report = publish_json(project, sites["A"], target, "--dry-run")
    assert report["dry_run"] and report["uploaded"] == 0
    assert report["upload"]["files"] == len(tree(sites["A"]))
    assert report["upload"]["bytes"] == sum(
        p.stat().st_size for p in sites["A"].rglob("*") if p.is_file()
    )
    assert bucket_objects(s3, bucket, "dry/") == {}


def test_missing_bucket_is_a_failed_publish_not_a_traceback(project, sites):
    proc = publish(project, sites["A"], "s3://no-such-bucket/site", "--lang", "en")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "rclone failed while" in proc.stderr and "Traceback" not in proc.stderr


# -- a local folder ----------------------------------------------------------------------------
def test_local_folder_publish_mirrors_each_build(project, sites, tmp_path):
    target = tmp_path / "www"
    first = publish_json(project, sites["A"], str(target))
    assert uploaded(first) == set(tree(sites["A"]))
    assert tree(target) == tree(sites["A"])
    assert publish_json(project, sites["A"], str(target))["uploaded"] == 0
    report = publish_json(project, sites["B"], str(target))
    assert uploaded(report) == changed_between(sites["A"], sites["B"])[0]
    report = publish_json(project, sites["C"], str(target))
    assert tree(target) == tree(sites["C"])
    assert not (target / "products" / REMOVED[0] / REMOVED[1]).exists()  # no empty folder left
    assert report["deleted"] == len(report["delete"]["files"]) > 0


def test_no_delete_keeps_what_the_site_lost(project, sites, tmp_path):
    target = tmp_path / "keep"
    publish_json(project, sites["B"], str(target))
    report = publish_json(project, sites["C"], str(target), "--no-delete")
    assert report["delete"]["kept"] and report["deleted"] == 0
    assert (target / "products" / REMOVED[0] / REMOVED[1] / "index.html").is_file()


# -- usage: exit 2 with a bilingual message -------------------------------------------------------
def test_usage_problems_exit_2_with_a_clear_message(project, sites, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "catalog", "publish", "-d", str(sites["A"])],
        cwd=project,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "CATALOG_PUBLISH_TARGET"},
    )
    assert proc.returncode == 2 and "tujuan belum ditentukan" in proc.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    proc = publish(project, empty, str(tmp_path / "www"), "--lang", "en")
    assert proc.returncode == 2 and "is not a `catalog build` output" in proc.stderr

    proc = publish(project, sites["A"], str(tmp_path / "www"), env={"PATH": "/nonexistent"})
    assert proc.returncode == 2 and "apt-get install rclone" in proc.stderr


def test_credentials_in_mkdocs_yml_are_refused(tmp_path, sites):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nextra:\n  publish:\n    s3:\n      provider: Cloudflare\n"
        "      secret_access_key: abc\n",
        encoding="utf-8",
    )
    proc = publish(tmp_path, sites["A"], "s3://b/site", "--lang", "en")
    assert proc.returncode == 2
    assert "extra.publish.s3.secret_access_key" in proc.stderr
    assert "credentials do not belong in mkdocs.yml" in proc.stderr


# -- what a browser gets from the bucket -----------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("lang_prefix", ["", "en/"])
@pytest.mark.parametrize("width", [360, 1280])
def test_pages_read_from_the_bucket_show_every_photo_and_style(
    project, sites, s3_server, bucket, chromium, lang_prefix, width
):
    """Served by the S3 server with the headers publish set: the browser applies the CSS,
    runs the JS and decodes every photo (AVIF as image/avif), on a phone and a desktop."""
    from conftest import ServedSite, web_session

    target = f"s3://{bucket}/browse"
    publish_json(project, sites["A"], target)
    site = ServedSite(sites["A"], f"{s3_server}/{bucket}/browse/")
    with web_session(chromium, site) as web:
        web.context.set_default_timeout(20_000)
        page = web.page()
        page.set_viewport_size({"width": width, "height": 900})
        path = f"{lang_prefix}products/{CHANGED[0]}/{CHANGED[1]}/index.html"
        response = page.goto(site.url(path))
        assert response.status == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["cache-control"] == SHORT
        page.evaluate("for (const i of document.images) i.loading = 'eager'")
        page.wait_for_function("[...document.images].every(i => i.complete)")
        photos = page.evaluate(
            "[...document.images].filter(i => i.currentSrc.includes('/media/'))"
            ".map(i => [i.currentSrc, i.naturalWidth])"
        )
        assert photos and all(w > 0 for _, w in photos), photos
        assert any(src.endswith(".avif") for src, _ in photos), photos
        media = [r for r in web.responses if "/media/" in r.url]
        assert media and all(r.headers["cache-control"] == IMMUTABLE for r in media)
        # Material's stylesheet applied (a wrong Content-Type makes Chromium refuse it)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
            "sticky",
            "fixed",
        )

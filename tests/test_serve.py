"""Issue 20: ``catalog serve`` shows a saved product file on its page, in both languages.

A private copy of the project is served by ``python -m catalog serve`` on 127.0.0.1 (a
free port); Chromium opens one product's page in Indonesian and in English, the test
saves the product's YAML with a new name in both languages, and each open page must
show it (MkDocs' live reload) - at 360 px and at 1280 px. The search box must still
answer on the page that came back (never a broken search).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ServedSite, copy_site_project, web_session

PRODUCT = "products/kopindo-tanggulangin/tas-jinjing-kulit-sapi.yaml"
PAGE = "products/kopindo-tanggulangin/tas-jinjing-kulit-sapi/"
SHOTS = Path("/tmp/shots-I")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory):
    root = copy_site_project(tmp_path_factory.mktemp("serve"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CATALOG_LANG", "CATALOG_DEBUG")}
    log = (root / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "catalog", "serve", "-f", str(root / "mkdocs.yml")]
        + ["-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, (root / "serve.log").read_text(encoding="utf-8")
            try:
                with urllib.request.urlopen(base + PAGE, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "catalog serve did not come up"
            time.sleep(0.5)
        yield root, ServedSite(root, base)
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: serve shuts down and cleans up
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_saved_product_file_shows_on_its_page_in_both_languages(chromium, serving, width):
    root, site = serving
    with web_session(chromium, site) as web:
        web.allow(r"livereload|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE")
        pages = {}
        for lang, prefix in (("id", ""), ("en", "en/")):
            page = web.page()
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site.url(prefix + PAGE))
            pages[lang] = page
        path = root / PRODUCT
        text = path.read_text(encoding="utf-8")
        new = {"id": f"Tas Jinjing Pratinjau {width}", "en": f"Preview Tote {width}"}
        assert text.count("id: Tas Jinjing Kulit Sapi\n") == 1
        assert text.count("en: Cowhide Tote Bag\n") == 1
        started = time.monotonic()
        path.write_text(
            text.replace("id: Tas Jinjing Kulit Sapi\n", f"id: {new['id']}\n").replace(
                "en: Cowhide Tote Bag\n", f"en: {new['en']}\n"
            ),
            encoding="utf-8",
        )
        try:
            for lang, page in pages.items():
                page.wait_for_function(
                    "name => (document.querySelector('h1') || {}).textContent"
                    " && document.querySelector('h1').textContent.includes(name)",
                    arg=new[lang],
                    timeout=120_000,
                )
                page.wait_for_load_state("load")
                SHOTS.mkdir(exist_ok=True)
                page.screenshot(path=str(SHOTS / f"serve-{lang}-{width}.png"))
            print(f"serve edit shown in {time.monotonic() - started:.1f} s at {width} px")
            # the page that came back still has its search: the bundle answers
            for page in pages.values():
                status = page.evaluate(
                    "async () => (await fetch('/pagefind/pagefind-entry.json')).status"
                )
                assert status == 200
            # the search catches up in the background: the new name is found
            probe = web.page("")
            deadline = time.monotonic() + 180
            while True:
                found = probe.evaluate(
                    "async word => { const pf = await import('/pagefind/pagefind.js?'"
                    " + Date.now()); const r = await pf.search(word);"
                    " return r.results.length; }",
                    "Pratinjau",
                )
                if found:
                    break
                assert time.monotonic() < deadline, "the search never found the new name"
                probe.goto(site.url(""))
                time.sleep(1)
            print(f"search caught up in {time.monotonic() - started:.1f} s at {width} px")
        finally:
            path.write_text(text, encoding="utf-8")


def test_a_saved_edit_renders_only_the_pages_it_changes(serving):
    """A saved product file is shown by the quick pass (catalog/mkdocs/quick.py): only
    the pages that show the product are rendered, in place in the served folder."""
    import re

    root, site = serving
    log = root / "serve.log"
    path = root / PRODUCT
    text = path.read_text(encoding="utf-8")
    before = log.read_text(encoding="utf-8").count("pages shown anew")
    path.write_text(
        text.replace("id: Tas Jinjing Kulit Sapi\n", "id: Tas Jinjing Kulit Sapi Baru\n"),
        encoding="utf-8",
    )
    try:
        deadline = time.monotonic() + 120
        while log.read_text(encoding="utf-8").count("pages shown anew") == before:
            assert time.monotonic() < deadline, (
                "no quick pass after the edit:\n" + log.read_text(encoding="utf-8")[-3000:]
            )
            time.sleep(0.5)
        lines = log.read_text(encoding="utf-8").splitlines()
        last = [line for line in lines if "pages shown anew" in line][-1]
        found = re.search(r"saved in kopindo-tanggulangin: (\d+) pages shown anew", last)
        assert found, last
        assert 0 < int(found[1]) <= 40, last
        with urllib.request.urlopen(site.url(PAGE), timeout=10) as response:
            assert "Tas Jinjing Kulit Sapi Baru" in response.read().decode("utf-8")
    finally:
        path.write_text(text, encoding="utf-8")


def _served_steps(root: Path, steps: list[dict]) -> list[dict]:
    """tests/serve_steps.py on ``root`` (a process of its own): per step, whether the
    pass was quick, whether a whole rebuild failed, and the served folder's digests."""
    import json

    steps_file, out = root / "steps.json", root / "report.json"
    steps_file.write_text(json.dumps(steps), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CATALOG_LANG", "CATALOG_DEBUG")}
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("serve_steps.py")), str(root)]
        + [str(steps_file), str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_quick_pass_leaves_the_served_site_a_whole_build_writes(tmp_path):
    """Saved entry files are shown by the quick pass (catalog/mkdocs/quick.py): after its
    background work the served folder is, file for file, what ``catalog build`` of the
    same files writes - pages, listings, feeds, manifest and search index. What the quick
    pass cannot show (a finding to report, a new file) goes to the whole rebuild, and a
    quick pass after that is right again."""
    root = copy_site_project(tmp_path / "project")
    product = root / PRODUCT
    supplier = root / "products/kopindo-tanggulangin/supplier.yaml"
    text, supplier_text = product.read_text(encoding="utf-8"), supplier.read_text(encoding="utf-8")
    renamed = text.replace("id: Tas Jinjing Kulit Sapi\n", "id: Tas Jinjing Cepat\n").replace(
        "en: Cowhide Tote Bag\n", "en: Quick Tote\n"
    )
    assert renamed != text
    new_supplier = supplier_text.replace(
        "name: Koperasi Perajin Kulit Tanggulangin\n", "name: Koperasi Kulit Tanggulangin Baru\n"
    )
    assert new_supplier != supplier_text
    broken = renamed.replace("category: tas-kulit\n", "category: tas-tidak-ada\n")
    assert broken != renamed
    added = PRODUCT.replace("tas-jinjing-kulit-sapi", "tas-jinjing-kedua")
    sandal = "products/sepatu-kulit-wedoro/sandal-kulit-slop.yaml"
    sandal_text = (root / sandal).read_text(encoding="utf-8")
    moved = sandal_text.replace("category: sepatu-kulit\n", "category: aksesori-kulit\n")
    assert moved != sandal_text
    steps = [
        {"write": {PRODUCT: renamed}},
        {"write": {supplier.relative_to(root).as_posix(): new_supplier}},
        {"write": {PRODUCT: broken}},
        {"write": {PRODUCT: renamed}},
        {"write": {added: text}},
        {"write": {PRODUCT: renamed.replace("Quick Tote", "Quicker Tote")}},
        {"write": {sandal: moved}},
    ]
    report = _served_steps(root, steps)
    assert [(r["quick"], r["failed"]) for r in report] == [
        (True, False),  # a product renamed: quick
        (True, False),  # its supplier renamed: quick (every page showing the supplier)
        (False, True),  # an unknown category: the whole rebuild reports it and fails
        (False, False),  # fixed: whole (the failed rebuild left nothing to start from)
        (False, False),  # a new file: whole
        (True, False),  # quick again after whole rebuilds
        (True, False),  # a product moved to another category (listings, directories)
    ]
    assert report[2]["site"] == report[1]["site"], "a failed rebuild changed the served site"
    # after each pass the site as served is the one a whole build of the same files writes
    for number, step in enumerate(report):
        if step["failed"]:
            continue
        got, want = step["site"], step["whole"]
        assert sorted(got) == sorted(want), f"step {number + 1}: other files"
        differing = [path for path in want if got[path] != want[path]]
        assert not differing, f"step {number + 1}: {differing}"

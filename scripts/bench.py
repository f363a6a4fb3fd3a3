#!/usr/bin/env python3
"""Build benchmark: our full build against the floor, plain mkdocs-material (not a test).

    python scripts/bench.py [--sizes 1000,10000] [--runs 3] [--work DIR]

For each size N it generates a synthetic catalogue (scripts/make_catalog.py),
warms the image cache with one build, then measures side by side in the same
run (median of --runs):

* ``full``  - ``catalog build`` (validate + photos from a warm cache + pages +
  MkDocs + search index) with no previous site (nothing to link or keep), in a
  child process, with the peak RSS of the largest process it ran (the build, a
  page worker or Pagefind) and the peak of all of them together
  (:class:`MemorySampler`);
* ``floor`` - ``mkdocs build`` with Material and no plugins over the very same
  pages written out as static Markdown files (what this engine costs anyway);
* ``validate`` - ``catalog validate`` alone, per 1,000 entries;
* ``unchanged`` - a rebuild over the previous site with nothing changed (the build
  record says so: :mod:`catalog.build.incremental`);
* ``unchanged_relink`` - the same without the record: every page rendered, compared
  and linked from the previous site;
* ``touch`` - a rebuild after editing one product (what is redone);
* ``serve_edit`` - ``catalog serve``: seconds from saving one product YAML until its
  page answers with the new name in both languages.

Ratios (full / floor) are what to compare across machines; seconds are not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
POOL = 200
"""Distinct photos at most: larger catalogues copy them (the build benchmark is about
pages with a warm image cache; scripts/bench_images.py measures encoding)."""


def _kib(path: str, field: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return found


class MemorySampler(threading.Thread):
    """Peak memory of a process tree, sampled every 0.2 s: the sum of the processes'
    proportional set sizes (shared pages of forked workers counted once) plus what
    the run put into shared memory (/dev/shm files: search sources, scratch); and
    the largest peak RSS of any one of them (VmHWM: the build, a page worker,
    Pagefind)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.largest_kib = pid, 0, 0
        self.done = threading.Event()
        self.shm_base = _kib("/proc/meminfo", "Shmem:")

    def run(self) -> None:
        while not self.done.wait(0.2):
            tree = _tree(self.pid)
            total = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in tree)
            total += max(0, _kib("/proc/meminfo", "Shmem:") - self.shm_base)
            self.peak_kib = max(self.peak_kib, total)
            self.largest_kib = max(
                self.largest_kib, *(_kib(f"/proc/{p}/status", "VmHWM:") for p in tree)
            )


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, str, int]:
    """Wall seconds, peak RSS of the largest process in KiB, combined output, and the
    peak of the whole tree's memory in KiB (:class:`MemorySampler`)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )
        sampler = MemorySampler(proc.pid)
        sampler.start()
        proc.wait()
        sampler.done.set()
        sampler.join()
        out.seek(0)
        output = out.read()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{output[-6000:]}")
    return elapsed, sampler.largest_kib, output, sampler.peak_kib


def project(work: Path, n: int) -> Path:
    """A project dir with the synthetic catalogue and this project's config."""
    proj = work / f"catalog-{n}"
    if not (proj / "products").exists():
        proj.mkdir(parents=True, exist_ok=True)
        pool = ["--photo-pool", str(POOL)] if n > POOL * 10 else []
        run(
            [
                PY,
                str(ROOT / "scripts" / "make_catalog.py"),
                str(n),
                str(proj / "products"),
                "--photo-size",
                "1600x1200",
                "--photos-per-supplier",
                "2",
                *pool,
            ],
            ROOT,
        )
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, proj / name)
    for name in ("docs", "theme"):
        shutil.rmtree(proj / name, ignore_errors=True)
        shutil.copytree(ROOT / name, proj / name)
    return proj


def floor_project(proj: Path) -> Path:
    """The same pages as static Markdown under plain Material, no plugins."""
    sys.path.insert(0, str(ROOT))
    from catalog.build.pipeline import prepare
    from catalog.site.model import SiteSettings

    prepared = prepare(proj / "products", SiteSettings(), cache_dir=proj / ".cache" / "images")
    floor = proj.parent / (proj.name + "-floor")
    shutil.rmtree(floor, ignore_errors=True)
    docs = floor / "docs"
    shutil.copytree(proj / "docs", docs)
    gen = prepared.generator
    for page in (gen.page(job) for job in gen.jobs()):
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown(), encoding="utf-8")
    for md in docs.rglob("*.md"):  # hand-written pages: drop the generated-block markers
        md.write_text(
            md.read_text(encoding="utf-8").replace("<!-- catalog:", "<!-- "), encoding="utf-8"
        )
    config = (proj / "mkdocs.yml").read_text(encoding="utf-8")
    lines, skip = [], False
    for line in config.splitlines():
        if line.startswith("plugins:"):
            lines.append("plugins: []")
            skip = True
            continue
        if skip and (line.startswith("  ") or not line.strip()):
            continue
        skip = False
        lines.append(line)
    (floor / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(proj / "theme", floor / "theme")
    return floor


QUERIES = ("kulit", "anyaman tradisional", "mete", "00500")
"""Typed into the catalogue's search box: a category word, two common description
words, a product word, one product's number."""
CHROMIUM = Path("/usr/bin/chromium")


def search_bytes(site: Path) -> dict | None:
    """Bytes a buyer's browser fetches from ``pagefind/`` for searches on the catalogue
    page: Debian's Chromium driven by Playwright, the site served on 127.0.0.1 the
    way static hosts serve it (scripts/serve_static.py, gzip for text). ``None``
    without Chromium or Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [PY, str(ROOT / "scripts" / "serve_static.py"), str(site), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 390, "height": 844})
            fetched: list = []
            page.on(
                "requestfinished", lambda r: fetched.append(r) if "/pagefind/" in r.url else None
            )
            page.goto(f"http://127.0.0.1:{port}/products/")
            per_query, first = {}, None
            for query in QUERIES:
                before = len(fetched)
                page.fill("#cat-q", query)
                page.press("#cat-q", "Enter")
                page.wait_for_function(
                    "() => { const b = document.getElementById('cat-search');"
                    " const r = document.getElementById('cat-results');"
                    " return b && r && b.getAttribute('data-shown') === location.search"
                    " && r.getAttribute('aria-busy') === 'false'; }",
                    timeout=60_000,
                )
                page.wait_for_load_state("networkidle")
                got = sum(r.sizes()["responseBodySize"] for r in fetched[before:])
                if first is None:
                    first = sum(r.sizes()["responseBodySize"] for r in fetched)
                per_query[query] = got
            browser.close()
        return {"page_load_and_first_query": first, "per_query": per_query}
    finally:
        server.terminate()
        server.wait()


def serve_edit(
    proj: Path, victim: Path, timeout: float = 900.0, edits: int = 3, settle: float = 3.0
) -> dict | None:
    """Seconds from saving ``victim`` (one product YAML, renamed) until ``catalog serve``
    answers its page in both languages with the new name (polled over HTTP every 0.1 s),
    for ``edits`` saves one after the other, ``settle`` seconds apart (the search index of
    the last edit is made in the background meanwhile; the median is the figure); also
    how long serve took to come up. ``None`` if it never showed an edit in ``timeout``."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    supplier, product = victim.parent.name, victim.stem
    urls = [
        f"http://127.0.0.1:{port}/{prefix}products/{supplier}/{product}/" for prefix in ("", "en/")
    ]
    text = victim.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [PY, "-m", "catalog", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=proj,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def shows(url: str, word: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return word in response.read().decode("utf-8", "replace")
        except OSError:
            return False

    try:
        start = time.perf_counter()
        while not all(shows(u, "<h1") for u in urls):
            if time.perf_counter() - start > timeout or server.poll() is not None:
                return None
            time.sleep(0.2)
        up = time.perf_counter() - start
        shown = []
        for n in range(edits):
            time.sleep(settle)  # the watcher settles, the background index finishes
            words = (f"Pratinjau{n}", f"Preview{n}")
            victim.write_text(
                text.replace("name:\n  id: ", f"name:\n  id: {words[0]} ", 1).replace(
                    "\n  en: ", f"\n  en: {words[1]} ", 1
                ),
                encoding="utf-8",
            )
            start = time.perf_counter()
            seen: dict[str, float] = {}
            while len(seen) < len(urls):
                for url, word in zip(urls, words):
                    if url not in seen and shows(url, word):
                        seen[url] = time.perf_counter() - start
                if time.perf_counter() - start > timeout:
                    return None
                time.sleep(0.1)
            shown.append(round(max(seen.values()), 2))
        return {
            "serve_up_s": round(up, 1),
            "edit_shown_s": statistics.median(shown),
            "edits_shown_s": shown,
        }
    finally:
        victim.write_text(text, encoding="utf-8")
        server.send_signal(signal.SIGINT)  # as Ctrl-C: serve shuts down and cleans up
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def median_run(cmd: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    times, peak = [], 0
    for _ in range(runs):
        elapsed, rss, _, _ = run(cmd, cwd)
        times.append(elapsed)
        peak = max(peak, rss)
    return statistics.median(times), peak


def bench(n: int, work: Path, runs: int, rebuilds_only: bool = False) -> dict:
    proj = project(work, n)
    site = proj / "site"
    build = [PY, "-m", "catalog", "build", "-d", str(site)]
    cold, _, out, _ = run(build, proj)  # warms the image cache (cold only the first time)
    floor = floor_project(proj)
    floor_build = [PY, "-m", "mkdocs", "build", "-q", "-d", str(floor / "site")]

    def from_scratch() -> None:
        """No previous site to link pages or keep the search index from: a full build."""
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(proj / ".cache" / "pages", ignore_errors=True)
        shutil.rmtree(floor / "site", ignore_errors=True)

    full_times, floor_times, full_rss, full_total, full_out = [], [], 0, 0, ""
    for _ in range(0 if rebuilds_only else runs):  # alternated: both see the same load
        from_scratch()
        elapsed, rss, full_out, total = run(build, proj)
        full_times.append(elapsed)
        full_rss, full_total = max(full_rss, rss), max(full_total, total)
        floor_times.append(run(floor_build, floor)[0])
    if rebuilds_only:  # one build from scratch (with its page record) to rebuild over
        from_scratch()
        elapsed, full_rss, full_out, full_total = run(build, proj)
        full_times, floor_times = [elapsed], [float("nan")]
    full_t, floor_t = statistics.median(full_times), statistics.median(floor_times)
    same_t, same_rss, same_out, same_total = run(build, proj)  # nothing changed
    # nothing changed, but the shortcut not taken (the build record removed): every
    # page rendered again, compared and linked
    (site.parent / (site.name + ".catalog-build.json")).unlink(missing_ok=True)
    relink_t, _, relink_out, relink_total = run(build, proj)
    val_t, _ = median_run(
        [PY, "-m", "catalog", "validate", "products"], proj, 1 if rebuilds_only else runs
    )
    victim = sorted((proj / "products").glob("*/produk-*.yaml"))[0]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(
        text.replace("name:\n  id: ", "name:\n  id: Disentuh ", 1), encoding="utf-8"
    )  # one product renamed: its pages and listings change
    touch_t, touch_rss, touch_out, touch_total = run(build, proj)
    victim.write_text(text, encoding="utf-8")
    run(build, proj)  # back to the catalogue as generated
    served = serve_edit(proj, victim, settle=3 + 3 * n / 1000)
    searched = None if rebuilds_only else search_bytes(site)
    pages = sum(1 for _ in site.rglob("index.html"))
    html_bytes = sum(p.stat().st_size for p in (site / "products").rglob("index.html"))

    def lines(output: str) -> list[str]:
        marks = ("generated pages", "search:", "images:")
        return [
            line.split(" -  ", 1)[-1]
            for line in output.splitlines()
            if any(m in line for m in marks)
        ]

    def mib(kib: int) -> float:
        return round(kib / 1024, 1)

    return {
        "products": n,
        "pages": pages,
        "first_build_s": round(cold, 2),
        "full_build_s": round(full_t, 2),
        "floor_build_s": round(floor_t, 2),
        "full_runs_s": [round(t, 1) for t in full_times],
        "floor_runs_s": [round(t, 1) for t in floor_times],
        "ratio_full_to_floor": round(full_t / floor_t, 3),
        "full_peak_rss_largest_process_mib": mib(full_rss),
        "full_peak_memory_total_mib": mib(full_total),
        "full_build_log": lines(full_out),
        "unchanged_rebuild_s": round(same_t, 2),
        "unchanged_peak_memory_total_mib": mib(same_total),
        "unchanged_log": lines(same_out),
        "unchanged_relink_rebuild_s": round(relink_t, 2),
        "unchanged_relink_peak_memory_total_mib": mib(relink_total),
        "unchanged_relink_log": lines(relink_out),
        "serve_edit": served,
        "validate_s_per_1000": round(val_t / n * 1000, 2),
        "touch_one_rebuild_s": round(touch_t, 2),
        "touch_one_peak_memory_total_mib": mib(touch_total),
        "touch_one_log": lines(touch_out),
        "product_page_bytes_avg": html_bytes // max(1, n),
        "search_bytes": searched,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="where catalogues are generated (default: a temp dir)",
    )
    parser.add_argument(
        "--rebuilds-only",
        action="store_true",
        help="one build, then the rebuild and serve rows (no floor, no search bytes)",
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    results = [bench(int(n), work, args.runs, args.rebuilds_only) for n in args.sizes.split(",")]
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

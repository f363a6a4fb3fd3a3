"""The size report of every build (issue 19): bytes and files by kind, kept beside the
site and shown by ``catalog report``, with a warning near (≥ 80 %) or past the chosen
host's limits (catalog/data/hosts.yaml, each figure with the vendor page it comes from)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalog.build.size import (
    KINDS,
    SiteSize,
    configured_host,
    host,
    hosts,
    read_size,
    size_path,
    warnings,
)

from conftest import SITE_PROJECT, copy_site_project, run_build


def walk(site: Path) -> dict[str, dict[str, int]]:
    """Files and bytes by kind, counted independently of catalog.build.size."""
    out = {k: {"files": 0, "bytes": 0} for k in KINDS}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        first = rel.split("/")[0]
        kind = (
            "media"
            if first == "media"
            else "search"
            if first == "pagefind"
            else "assets"
            if first == "assets"
            else "html"
            if path.suffix == ".html"
            else "other"
        )
        out[kind]["files"] += 1
        out[kind]["bytes"] += path.stat().st_size
    return out


def test_every_build_measures_the_site_by_kind(built_site):
    data = read_size(built_site.root)
    assert data is not None, f"no {size_path(built_site.root)}"
    assert data["kinds"] == walk(built_site.root)
    assert data["total"]["files"] == sum(1 for p in built_site.root.rglob("*") if p.is_file())
    assert data["total"]["bytes"] == sum(
        p.stat().st_size for p in built_site.root.rglob("*") if p.is_file()
    )
    for kind in KINDS:
        assert data["kinds"][kind]["files"] > 0, kind
    # kept beside the site, never in it (it would be published and count itself)
    assert size_path(built_site.root).parent == built_site.root.parent
    assert not list(built_site.root.rglob("*catalog-size*"))
    # the build printed it, with the default host's limit
    output = built_site.run.output
    files = f"{data['total']['files']:,}".replace(",", ".")
    assert f"ukuran situs: {files} berkas" in output
    assert "batas GitHub Pages:" in output and "per situs" in output
    assert data["host"]["id"] == "github-pages"
    (check,) = data["host"]["checks"]
    assert check["limit"] == "site_bytes" and check["state"] == "ok"
    assert check["source"].startswith("https://docs.github.com/")


def test_every_host_limit_names_its_source():
    for name, entry in hosts().items():
        for limit in ("site_bytes", "files", "file_bytes"):
            if getattr(entry, limit) is not None:
                assert entry.sources.get(limit, "").startswith("https://"), (name, limit)
    assert host("cloudflare-pages").files == 20_000
    assert host("cloudflare-pages-paid").files == 100_000
    assert host("cloudflare-pages").file_bytes == 25 * 2**20
    assert host("gitlab-pages").files == 200_000
    assert host(None).id == "github-pages"


def _size(total_bytes: int, files: int, largest: int) -> SiteSize:
    sizes = dict.fromkeys(KINDS, 0)
    counts = dict.fromkeys(KINDS, 0)
    sizes["media"], counts["media"] = total_bytes, files
    return SiteSize(counts, sizes, 10, ("media/a/b.jpg", largest))


@pytest.mark.parametrize(
    "total, files, largest, expected",
    [
        (700_000_000, 10_000, 1_000, []),
        (800_000_000, 10_000, 1_000, [("site_bytes", "near")]),
        (1_000_000_001, 10_000, 1_000, [("site_bytes", "over")]),
    ],
)
def test_github_pages_warns_from_80_percent(total, files, largest, expected):
    data = _size(total, files, largest).as_data(host("github-pages"))
    states = [(c["limit"], c["state"]) for c in data["host"]["checks"] if c["state"] != "ok"]
    assert states == expected
    assert len(warnings(data, "en")) == len(expected)


def test_cloudflare_warns_on_files_and_the_largest_file():
    data = _size(10_000_000, 16_500, 30 * 2**20).as_data(host("cloudflare-pages"))
    en = warnings(data, "en")
    assert en == [
        "the site is near Cloudflare Pages (free plan)'s limit: 16,500 of 20,000 files (82%); "
        "choose another host before it is full (README, “Publishing”); "
        "limit from: https://developers.cloudflare.com/pages/platform/limits/",
        "the site is over Cloudflare Pages (free plan)'s limit: largest file media/a/b.jpg: "
        "31.5 MB of 26.2 MB per file (120%); publishing there will fail, choose another host "
        "(README, “Publishing”); limit from: https://developers.cloudflare.com/pages/platform/limits/",
    ]
    (near, over) = warnings(data, "id")
    assert "16.500 dari 20.000 berkas (82 %)" in near and "mendekati" in near
    assert "melewati" in over


def test_configured_limits_replace_the_vendors():
    h = configured_host({"host": "gitlab-pages", "limits": {"site_bytes": 5_000_000_000}})
    assert h.site_bytes == 5_000_000_000 and h.files == 200_000
    assert h.sources["site_bytes"] == "mkdocs.yml extra.publish.limits"


def _project_with(tmp_path: Path, publish: dict) -> Path:
    project = copy_site_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = yaml.safe_dump({"publish": publish}, default_flow_style=False, sort_keys=True)
    indented = "".join("  " + line + "\n" for line in block.splitlines())
    assert text.count("\nextra:\n") == 1
    config.write_text(text.replace("\nextra:\n", "\nextra:\n" + indented), encoding="utf-8")
    return project


@pytest.mark.slow
def test_a_tiny_limit_warns_with_the_numbers_and_the_strict_build_still_succeeds(tmp_path):
    project = _project_with(tmp_path, {"host": "cloudflare-pages", "limits": {"files": 100}})
    site = tmp_path / "site"
    run = run_build(project, site)
    assert run.returncode == 0, str(run)  # mkdocs.yml has strict: true
    data = json.loads(size_path(site).read_text(encoding="utf-8"))
    files = data["total"]["files"]
    assert files > 100
    (check,) = [c for c in data["host"]["checks"] if c["limit"] == "files"]
    assert check["state"] == "over" and check["value"] == files
    shown = f"{files:,}".replace(",", ".")
    assert (
        f"situs melewati batas Cloudflare Pages (free plan): {shown} dari 100 berkas" in run.output
    )
    assert "WARNING" in run.output
    # catalog report, run where site/ is, shows it too (text, Markdown, JSON)
    report = [sys.executable, "-m", "catalog", "report", "--products", str(project / "products")]
    for fmt, needle in (
        ("text", "Ukuran situs yang diterbitkan"),
        ("markdown", "### Ukuran situs yang diterbitkan"),
    ):
        proc = subprocess.run(
            [*report, "--format", fmt], cwd=tmp_path, capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 0, proc.stderr
        assert needle in proc.stdout and "melewati batas" in proc.stdout
    assert proc.stdout.rstrip().endswith("|")  # Markdown: the table ends the notes
    proc = subprocess.run(
        [*report, "--format", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert json.loads(proc.stdout)["size"]["kinds"] == walk(site)


@pytest.mark.slow
def test_an_unknown_host_stops_the_build_before_anything_is_written(tmp_path):
    project = _project_with(tmp_path, {"host": "geocities"})
    run = run_build(project, tmp_path / "site")
    assert run.returncode == 1, str(run)
    assert "extra.publish.host `geocities`" in run.output and "github-pages" in run.output
    assert not (tmp_path / "site").exists()


def test_report_without_a_build_says_so(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "catalog",
            "report",
            "--products",
            str(SITE_PROJECT / "products"),
            "--no-previous",
            "--lang",
            "en",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Published site size\n  No size report yet (run `catalog build`)." in proc.stdout

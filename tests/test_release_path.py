"""The release path, hardened (issue 17): what reaches users and what may write.

- release.yml: the build (which decodes submitted photos) holds a read-only token that is
  not left in .git/config; only small jobs that run none of the repository's code write
  (the GitHub release, the Pages deployment);
- every third-party action in every workflow is pinned by commit SHA, its tag beside it;
  Dependabot watches the actions and the Python dependencies;
- requirements.lock pins every package with its hashes, and the set-up installs it with
  ``--require-hashes``;
- the built site can be served as it is: folders 0755, files 0644 (less the umask);
- the public manifest lists only what the site shows; the full one stays beside the site,
  where ``catalog report`` and the release workflow find it;
- a page or search index edited by hand since the last build is written anew, not
  hard-linked forward, and a killed build's leftovers are cleared by the next one;
- artifact uploads survive re-runs, and the PR comment job edits only its own comment.

Workflows cannot run here: they are read, and their shell and github-script steps run
under bash and node with stand-ins, as in test_intake_workflow.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from catalog.mkdocs import plugin as mkdocs_plugin
from catalog.core.catalogue import load_catalog
from catalog.site.manifest import MANIFEST_NAME, full_manifest_path, manifest_bytes

from conftest import SITE_PROJECT, BuildRun

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
RELEASE = WORKFLOWS / "release.yml"
_BUILD_ENV_DROP = ("CATALOG_LANG", "CATALOG_DEBUG", "GITHUB_STEP_SUMMARY")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def action(step: dict) -> str:
    return step.get("uses", "").split("@")[0]


def all_steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def build(site_dir: Path, *, umask: int = 0o022) -> BuildRun:
    """``python -m catalog build`` of the sample project into ``site_dir`` under ``umask``."""
    args = [
        sys.executable,
        "-m",
        "catalog",
        "build",
        "-f",
        str(SITE_PROJECT / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]
    env = {k: v for k, v in os.environ.items() if k not in _BUILD_ENV_DROP}
    proc = subprocess.run(
        args, cwd=SITE_PROJECT, env=env, capture_output=True, text=True, timeout=600, umask=umask
    )
    return BuildRun(args, proc.returncode, proc.stdout, proc.stderr)


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def release() -> dict:
    return load(RELEASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample catalogue built once under umask 022 (a fresh folder)."""
    site_dir = tmp_path_factory.mktemp("release-path") / "site"
    run = build(site_dir, umask=0o022)
    assert run.returncode == 0, str(run)
    return site_dir


# -- 1. release.yml: least privilege per job ---------------------------------------------------
def test_release_build_job_reads_only_and_keeps_no_credentials(release):
    assert release.get("permissions") in ({}, {"contents": "read"})
    build_job = release["jobs"]["build"]
    assert build_job["permissions"] == {"contents": "read"}
    (checkout,) = [s for s in build_job["steps"] if action(s) == "actions/checkout"]
    assert checkout["with"]["persist-credentials"] is False
    script = "\n".join(s.get("run", "") for s in build_job["steps"])
    for command in (
        "python3 scripts/dev.py setup",
        ".venv/bin/catalog validate",
        ".venv/bin/catalog build",
        ".venv/bin/catalog report",
    ):
        assert command in script, command
    # nothing in the build writes to the repository or its releases
    assert not re.search(r"gh release (create|edit|upload|delete)", script)


def test_only_small_jobs_that_run_no_repository_code_may_write(release):
    jobs = release["jobs"]
    writers = {
        name: job["permissions"]
        for name, job in jobs.items()
        if "write" in (job.get("permissions") or {}).values()
    }
    assert writers == {
        "notes": {"contents": "write"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    for name in writers:
        job = jobs[name]
        assert job["needs"] == "build"
        assert all(action(s) != "actions/checkout" for s in job["steps"]), name
        script = "\n".join(s.get("run", "") for s in job["steps"])
        assert ".venv" not in script and "python" not in script and "catalog " not in script
    assert jobs["pages"]["permissions"] == {"pages": "read"}
    assert [action(s) for s in jobs["pages"]["steps"]] == ["actions/configure-pages"]
    # the release notes: a pushed tag only (a rollback by hand keeps the tag's notes)
    notes = jobs["notes"]
    assert notes["if"] == "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')"
    (download,) = [s for s in notes["steps"] if action(s) == "actions/download-artifact"]
    assert download["with"]["name"] == "release-report"
    run = next(s for s in notes["steps"] if "run" in s)
    assert run["env"]["GH_REPO"] == "${{ github.repository }}"  # no checkout to infer it from
    assert 'gh release create "$TAG" --verify-tag' in run["run"]
    assert 'gh release edit "$TAG" --notes-file' in run["run"]
    assert (
        'gh release upload "$TAG" catalog-manifest.json release-report.json --clobber' in run["run"]
    )
    deploy = jobs["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert [action(s) for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_release_still_does_everything_it_did(release):
    """The split kept each step: set-up, image cache, previous manifest, validate, build,
    report (summary, artifact, release notes), Pages upload and deployment."""
    steps = all_steps(release)
    used = [action(s) for s in steps]
    for name in (
        "actions/checkout",
        "actions/setup-python",
        "actions/cache/restore",
        "actions/configure-pages",
        "actions/upload-artifact",
        "actions/upload-pages-artifact",
        "actions/cache/save",
        "actions/download-artifact",
        "actions/deploy-pages",
    ):
        assert name in used, name
    build_steps = release["jobs"]["build"]["steps"]
    names = [s.get("name", action(s)) for s in build_steps]
    order = [
        next(i for i, n in enumerate(names) if word in n)
        for word in (
            "Install",
            "Restore the image cache",
            "previous release",
            "Validate",
            "Build the site",
            "Release report",
            "Keep the report",
            "Upload the site",
            "Save the image cache",
        )
    ]
    assert order == sorted(order)
    report = next(s for s in build_steps if s.get("name") == "Release report")
    assert report["if"] == "${{ !cancelled() }}"
    assert "GITHUB_STEP_SUMMARY" in report["run"]
    assert release["jobs"]["build"]["needs"] == "pages"
    fetch = next(s for s in build_steps if "previous release" in s.get("name", ""))
    assert fetch["env"]["BASE_URL"] == "${{ needs.pages.outputs.base_url }}"
    pages_upload = next(s for s in build_steps if action(s) == "actions/upload-pages-artifact")
    assert pages_upload["with"]["path"] == "site/"


# -- 2. actions pinned by SHA; Dependabot ------------------------------------------------------
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)@(?P<sha>[0-9a-f]{40})")
TAG_COMMENT = re.compile(r"\s+#\s*(?P<tag>v\d+(?:\.\d+){1,2})\s*$")


def _uses_lines(path: Path) -> list[tuple[int, str, str]]:
    return [
        (n, m["ref"], m["rest"])
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (m := USES_LINE.match(line))
    ]


def test_every_action_is_pinned_by_commit_sha_with_its_tag():
    paths = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {"pr.yml", "pr-comment.yml", "release.yml", "intake.yml"} <= {p.name for p in paths}
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in paths:
        lines = _uses_lines(path)
        # every `uses:` the YAML holds is on a line of its own, as checked here
        parsed = [s["uses"] for s in all_steps(load(path)) if "uses" in s]
        assert sorted(parsed) == sorted(ref for _, ref, _ in lines), path.name
        for number, ref, rest in lines:
            where = f"{path.name}:{number}: {ref}{rest}"
            if ref.startswith("./"):
                continue  # an action of this repository
            pinned, tag = PINNED.fullmatch(ref), TAG_COMMENT.fullmatch(rest)
            assert pinned, f"{where}: not pinned by a 40-hex commit SHA"
            assert tag, f"{where}: no `# vX.Y.Z` tag comment beside the SHA"
            repository = "/".join(pinned["action"].split("/")[:2])  # actions/cache/save
            pins.setdefault(repository, set()).add((pinned["sha"], tag["tag"]))
    # one release per action's repository across the workflows (one SHA, one tag)
    assert {name: len(found) for name, found in pins.items()} == {name: 1 for name in pins}, pins


def test_existing_uses_matching_still_works():
    """Tests elsewhere match steps by ``uses.split("@")[0]``: that still names the action."""
    pr = load(WORKFLOWS / "pr.yml")
    assert [action(s) for s in all_steps(pr) if "uses" in s][:2] == [
        "actions/checkout",
        "actions/setup-python",
    ]


def test_dependabot_updates_actions_and_python_weekly():
    config = load(REPO / ".github" / "dependabot.yml")
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
    assert (REPO / "requirements.lock").is_file() and (REPO / "pyproject.toml").is_file()


# -- 3. hash-locked install --------------------------------------------------------------------
REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s\\;]+)"
    r"(?P<marker>\s*;[^\\]*)?\s*\\?$"
)


def _lock() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of requirements.lock, checking its form on the way."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for number, line in enumerate(
        (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines(), 1
    ):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line.startswith(" "):
            found = re.fullmatch(r"--hash=sha256:([0-9a-f]{64})\s*\\?", stripped)
            assert found and current, f"requirements.lock:{number}: {line}"
            entries[current][1].append(found.group(1))
            continue
        found = REQUIREMENT.match(line)
        assert found, f"requirements.lock:{number}: not `name==version`: {line}"
        current = re.sub(r"[-_.]+", "-", found["name"]).lower()
        assert current not in entries, f"requirements.lock:{number}: {current} twice"
        entries[current] = (found["version"], [])
    return entries


def test_lock_pins_every_package_with_hashes():
    entries = _lock()
    assert len(entries) > 40
    for name, (version, hashes) in entries.items():
        assert hashes, f"{name}=={version} has no --hash"
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert "--index-url" not in text and "--find-links" not in text and "file:" not in text
    header = text.split("\n\n", 1)[0]
    assert "--require-hashes" in header and "python3 scripts/dev.py lock" in header


def test_lock_covers_pyproject_and_the_build_backend():
    import tomllib

    entries = _lock()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["build-system"]["requires"],
    ]
    for requirement in wanted:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group()).lower()
        assert name in entries, requirement
    for requirement in project["build-system"]["requires"]:  # pinned the same in both
        name, version = requirement.split("==")
        assert entries[name.lower()][0] == version, requirement


def test_environment_is_the_locked_one():
    """The tests run in what `scripts/dev.py setup` installed: the lock's exact versions."""
    differ = {}
    for name, (version, _) in _lock().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differ[name] = (version, installed)
    assert differ == {}


@pytest.fixture
def dev(tmp_path, monkeypatch):
    """scripts/dev.py as a module, its .venv and commands redirected to ``tmp_path``."""
    spec = importlib.util.spec_from_file_location("dev_script", REPO / "scripts" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("", encoding="utf-8")
    monkeypatch.setattr(module, "VENV", venv)
    monkeypatch.setattr(module, "PY", venv / "bin" / "python")
    monkeypatch.setattr(module, "STAMP", venv / ".catalog-setup")
    calls = []
    monkeypatch.setattr(module, "_run", lambda cmd, **kw: calls.append([str(c) for c in cmd]))
    module.calls = calls
    return module


def test_setup_installs_the_lock_with_hashes_then_the_project_without_deps(dev):
    dev.ensure_venv()
    python = str(dev.PY)
    assert [call[:4] for call in dev.calls] == [[python, "-m", "pip", "install"]] * 2
    locked, project = dev.calls
    assert locked[-3:] == ["--require-hashes", "-r", "requirements.lock"]
    assert project[-4:] == ["--no-deps", "--no-build-isolation", "-e", "."]
    assert "--require-hashes" not in project  # the working tree itself is not a download
    dev.calls.clear()
    dev.ensure_venv()  # nothing changed: nothing installed
    assert dev.calls == []


def test_lock_command_compiles_with_hashes_in_a_throwaway_environment(dev, tmp_path, monkeypatch):
    made = []

    class Builder:
        def __init__(self, **kw):
            pass

        def create(self, path):
            made.append(Path(path))

    monkeypatch.setattr(dev.venv, "EnvBuilder", Builder)
    lock = tmp_path / "requirements.lock"
    lock.write_text("old==1\n", encoding="utf-8")
    monkeypatch.setattr(dev, "LOCK", lock)
    monkeypatch.setattr(dev, "ROOT", tmp_path)

    def run(cmd, **kw):
        cmd = [str(c) for c in cmd]
        dev.calls.append(cmd)
        if "piptools" in cmd:
            out = Path(cmd[cmd.index("--output-file") + 1])
            # seeded with the current lock: the pins pip-compile keeps
            assert out.read_text(encoding="utf-8") == lock.read_text(encoding="utf-8")
            out.write_text("new==2 \\\n    --hash=sha256:" + "0" * 64 + "\n", encoding="utf-8")

    monkeypatch.setattr(dev, "_run", run)
    assert dev.main(["lock"]) == 0
    (tools,) = made
    assert not tools.exists() and tools.parent != dev.VENV  # thrown away, never .venv/
    install, compile_ = dev.calls
    assert install[-1] == dev.PIP_TOOLS and re.fullmatch(r"pip-tools==[\d.]+", dev.PIP_TOOLS)
    for option in (
        "--generate-hashes",
        "--extra",
        "--all-build-deps",
        "--no-emit-index-url",
        "--no-emit-find-links",
        "--no-header",
    ):
        assert option in compile_, option
    assert compile_[-1] == "pyproject.toml" and "--upgrade" not in compile_
    assert (
        lock.read_text(encoding="utf-8")
        == dev.LOCK_HEADER + "new==2 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    )
    dev.calls.clear()
    assert dev.main(["lock", "--upgrade"]) == 0
    assert "--upgrade" in dev.calls[-1]
    assert dev.main(["lock", "--nonsense"]) == 2


# -- 4. the built site is readable by a web server ---------------------------------------------
def _modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[path.relative_to(root).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_built_site_has_normal_permissions(site):
    modes = _modes(site)
    folders = {p: m for p, m in modes.items() if p == "." or (site / p).is_dir()}
    files = {p: m for p, m in modes.items() if p not in folders}
    assert folders["."] == 0o755  # was 0700: a web server answered 403 on every page
    assert {p: oct(m) for p, m in folders.items() if m != 0o755} == {}
    assert {p: oct(m) for p, m in files.items() if m != 0o644} == {}
    assert len(files) > 100


def test_built_site_respects_the_umask(tmp_path):
    site_dir = tmp_path / "site"
    run = build(site_dir, umask=0o027)
    assert run.returncode == 0, str(run)
    modes = _modes(site_dir)
    assert modes["."] == 0o750
    assert {
        p: oct(m) for p, m in modes.items() if (p == "." or (site_dir / p).is_dir()) and m != 0o750
    } == {}
    pages = {p: m for p, m in modes.items() if p.endswith(".html")}
    assert pages and {p: oct(m) for p, m in pages.items() if m != 0o640} == {}


# -- 5. public manifest on the site, the full one beside it ------------------------------------
def test_site_manifest_holds_only_what_the_site_shows(site):
    catalog = load_catalog(SITE_PROJECT / "products")
    public_bytes = (site / MANIFEST_NAME).read_bytes()
    public = json.loads(public_bytes)
    shown = {p.key for p in catalog.published()}
    hidden = set(catalog.products) - shown
    assert hidden, "the sample catalogue has drafts and discontinued products"
    assert public["scope"] == "public" and set(public["products"]) == shown
    assert set(public["suppliers"]) == set(catalog.suppliers)
    assert public["counts"] == {"products": len(shown), "suppliers": len(catalog.suppliers)}
    for key in hidden:  # neither their names nor their certificate numbers
        entry = catalog.products[key]
        assert key.encode() not in public_bytes
        assert entry.model.name.id.encode() not in public_bytes
        for cert in entry.model.certifications:
            if cert.number:
                assert cert.number.encode() not in public_bytes, (key, cert.number)


def test_full_manifest_is_kept_beside_the_site_never_in_it(site):
    catalog = load_catalog(SITE_PROJECT / "products")
    full = full_manifest_path(site)
    assert full == site.parent / f"site.{MANIFEST_NAME}" and full.parent != site
    data = full.read_bytes()
    assert data == manifest_bytes(catalog)  # every status, as the report needs
    assert set(json.loads(data)["products"]) == set(catalog.products)
    public = json.loads((site / MANIFEST_NAME).read_bytes())
    assert public["full"] == hashlib.sha256(data).hexdigest()
    assert not [p for p in site.rglob("*") if p.is_file() and p.read_bytes() == data]


def _report(products: Path, *args: str, cwd: Path | None = None) -> dict:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "catalog",
            "report",
            "--products",
            str(products),
            "--format",
            "json",
            "--today",
            "2026-11-22",
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return json.loads(run.stdout)


def _added(report: dict) -> set[str]:
    return {p["id"] for p in report["products"]["added"]}


def test_report_compares_with_the_full_manifest_of_a_site(site, tmp_path):
    products = SITE_PROJECT / "products"
    catalog = load_catalog(products)
    hidden = set(catalog.products) - {p.key for p in catalog.published()}
    for previous in (site, site / MANIFEST_NAME, full_manifest_path(site)):
        report = _report(products, "--previous", str(previous))
        assert report["products"] == {
            "added": [],
            "changed": [],
            "removed": [],
            "unpublished": [],
        }, previous
        assert report["previous"]["products"] == len(catalog.products)
    # the default: site/ of the working folder, with the full manifest beside it
    work = tmp_path / "work"
    shutil.copytree(site, work / "site")
    shutil.copyfile(full_manifest_path(site), full_manifest_path(work / "site"))
    assert _added(_report(products, cwd=work)) == set()
    # a full manifest of another build beside it is not taken for this site's
    full = full_manifest_path(work / "site")
    full.write_bytes(full.read_bytes().replace(b'"format":1', b'"format": 1'))
    assert _added(_report(products, cwd=work)) == hidden
    # only the public manifest (copied without the full one): drafts and discontinued
    # products read as added, nothing fails
    full.unlink()
    assert _added(_report(products, cwd=work)) == hidden


# The release workflow's manifest steps, run under bash with stand-in curl and gh.
STAND_INS = {
    "curl": """#!/bin/sh
out=""
while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift 2;; *) shift;; esac; done
[ -n "$FAKE_LIVE" ] && [ -f "$FAKE_LIVE" ] || exit 22
cp "$FAKE_LIVE" "$out"
""",
    "gh": """#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_GH_LOG"
if [ "$1 $2" = "release list" ]; then printf '%s\\n' $FAKE_TAGS; exit 0; fi
if [ "$1 $2" = "release download" ]; then
  tag="$3"; dir=""
  shift 3
  while [ $# -gt 0 ]; do case "$1" in --dir) dir="$2"; shift 2;; *) shift;; esac; done
  [ -f "$FAKE_ASSETS/$tag/catalog-manifest.json" ] || exit 1
  mkdir -p "$dir" && cp "$FAKE_ASSETS/$tag/catalog-manifest.json" "$dir/"
  exit 0
fi
exit 1
""",
}


@pytest.fixture
def release_runner(tmp_path, release):
    """Run a step of the build job by name in a workspace with stand-in tools."""
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (GitHub's runners have it)")
    work = tmp_path / "work"
    (work / ".venv" / "bin").mkdir(parents=True)
    (work / ".venv" / "bin" / "python").symlink_to(sys.executable)
    tools = tmp_path / "tools"
    tools.mkdir()
    for name, text in STAND_INS.items():
        (tools / name).write_text(text, encoding="utf-8")
        (tools / name).chmod(0o755)
    assets = tmp_path / "assets"

    def run(name: str, *, live: Path | None = None, releases: dict | None = None):
        (step,) = [s for s in release["jobs"]["build"]["steps"] if name in s.get("name", "")]
        for tag, data in (releases or {}).items():
            (assets / tag).mkdir(parents=True, exist_ok=True)
            (assets / tag / "catalog-manifest.json").write_bytes(data)
        script = work / ".step.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {
            **os.environ,
            "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
            "BASE_URL": "https://rumahdagang.example/katalog/",
            "GH_TOKEN": "x",
            "GH_REPO": "rumahdagang/katalog",
            "FAKE_LIVE": str(live or ""),
            "FAKE_TAGS": " ".join(releases or {}),
            "FAKE_ASSETS": str(assets),
            "FAKE_GH_LOG": str(tmp_path / "gh.log"),
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done, work

    return run


def test_release_fetches_the_full_manifest_the_live_site_names(site, release_runner, tmp_path):
    public = site / MANIFEST_NAME
    full = full_manifest_path(site).read_bytes()
    other = full.replace(b'"format":1', b'"format": 1')  # another release's full manifest
    done, work = release_runner(
        "previous release",
        live=public,
        releases={"v2026.12": other, "v2026.11": full, "v2026.10": other},
    )
    assert done.returncode == 0, done.stderr
    assert (work / "previous" / "catalog-manifest.json").read_bytes() == full
    assert "release v2026.11" in done.stdout
    assert sorted(p.name for p in (work / "previous").iterdir()) == ["catalog-manifest.json"]


@pytest.mark.parametrize(
    "case",
    ["pre-split live site", "no release matches", "first release", "live site not a manifest"],
)
def test_release_previous_manifest_fallbacks(site, release_runner, tmp_path, case):
    full = full_manifest_path(site).read_bytes()
    other = full.replace(b'"format":1', b'"format": 1')
    public = site / MANIFEST_NAME
    live = tmp_path / "live.json"
    if case == "pre-split live site":  # the live manifest is a full one: used as it is
        live.write_bytes(other)
        done, work = release_runner("previous release", live=live, releases={"v1": full})
        expected = other
    elif case == "no release matches":  # the public one, with a warning
        done, work = release_runner("previous release", live=public, releases={"v1": other})
        expected = public.read_bytes()
        assert "::warning::" in done.stdout
    elif case == "first release":
        done, work = release_runner("previous release", live=None)
        expected = None
    else:
        live.write_text("<html>not found</html>", encoding="utf-8")
        done, work = release_runner("previous release", live=live)
        expected = None
    assert done.returncode == 0, done.stderr
    previous = work / "previous" / "catalog-manifest.json"
    assert (previous.read_bytes() if previous.exists() else None) == expected


def test_release_collects_the_full_manifest_not_the_sites(site, release_runner):
    done, work = release_runner("Collect")
    assert done.returncode == 0, done.stderr
    assert not (work / "release").exists() or not list((work / "release").iterdir())
    shutil.copytree(site, work / "site")
    shutil.copyfile(full_manifest_path(site), work / f"site.{MANIFEST_NAME}")
    (work / "release-notes.md").write_text("# notes\n", encoding="utf-8")
    (work / "release-report.json").write_text("{}\n", encoding="utf-8")
    done, work = release_runner("Collect")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (work / "release").iterdir()) == [
        "catalog-manifest.json",
        "release-notes.md",
        "release-report.json",
    ]
    assert (work / "release" / "catalog-manifest.json").read_bytes() == full_manifest_path(
        site
    ).read_bytes()
    keep = next(
        s for s in load(RELEASE)["jobs"]["build"]["steps"] if s.get("name") == "Keep the report"
    )
    assert keep["with"]["path"] == "release/"


# -- 6. no stale page carried forward; leftovers of a killed build cleared ---------------------
def test_rebuild_writes_hand_edited_files_anew(tmp_path):
    site_dir = tmp_path / "site"
    first = build(site_dir)
    assert first.returncode == 0, str(first)
    pages = sorted(site_dir.glob("products/*/*/index.html"))
    grown, same_size, untouched = pages[0], pages[1], pages[2]
    fresh = {p: p.read_bytes() for p in (grown, same_size)}
    inode = untouched.stat().st_ino
    grown.write_bytes(fresh[grown].replace(b"</body>", b"<p>STALE</p></body>"))
    data = fresh[same_size]
    at = data.index(b"<h1") + 1
    same_size.write_bytes(data[:at] + b"H" + data[at + 1 :])  # same size, new mtime
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    entry_bytes = entry.read_bytes()
    entry.write_bytes(entry_bytes.replace(b'"page_count":', b'"page_count" :', 1))
    second = build(site_dir)
    assert second.returncode == 0, str(second)
    assert grown.read_bytes() == fresh[grown] and same_size.read_bytes() == fresh[same_size]
    assert untouched.stat().st_ino == inode  # the unchanged pages are still linked
    linked = int(re.search(r"(\d+) unchanged, linked", second.output).group(1))
    total = int(re.search(r"(\d+) generated pages", second.output).group(1))
    assert linked == total - 2
    # the index was edited too: made anew, not carried forward
    assert "search index changed since its build" in second.output
    assert "search: indexed" in second.output
    assert entry.read_bytes() == entry_bytes
    # nothing edited since: without the build record (which skips such a build whole,
    # issue 20: catalog/build/incremental.py) everything is linked, the index kept
    (tmp_path / "site.catalog-build.json").unlink()
    third = build(site_dir)
    assert third.returncode == 0, str(third)
    assert int(re.search(r"(\d+) unchanged, linked", third.output).group(1)) == total
    assert "index kept from the replaced site" in third.output


def test_build_clears_what_a_killed_build_left(tmp_path):
    site_dir = tmp_path / "site"
    gone, alive = dead_pid(), os.getpid()
    stale = [
        tmp_path / f".site.building-{gone}-abcd1234",
        tmp_path / f".site.search-{gone}-x_y0z9ab",
    ]
    running = [tmp_path / f".site.building-{alive}-abcd1234"]  # a build still at work
    legacy = tmp_path / ".site.building-q8w_e7r6"  # named before ids were: two days old
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        stale.append(shm / f"catalog-search-{gone}-abcd1234")
        running.append(shm / f"catalog-search-{alive}-abcd1234")
    for path in (*stale, *running, legacy):
        (path / "products").mkdir(parents=True)
        (path / "products" / "index.html").write_text("half a page", encoding="utf-8")
    os.utime(legacy, (time.time() - 2 * 86400,) * 2)
    try:
        run = build(site_dir)
        assert run.returncode == 0, str(run)
        assert [p for p in (*stale, legacy) if p.exists()] == []
        assert [p for p in running if not p.exists()] == []
        assert "removed what interrupted builds left" in run.output
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [
                "site",
                f"site.{MANIFEST_NAME}",
                "site.catalog-size.json",  # the size report (catalog/build/size.py)
                "site.catalog-build.json",  # the build record (catalog/build/incremental.py)
                *(p.name for p in running if p.parent == tmp_path),
            ]
        )
    finally:
        for path in (*stale, *running, legacy):
            shutil.rmtree(path, ignore_errors=True)


def test_a_build_killed_while_swapping_gets_its_site_back(tmp_path):
    """Killed between moving the old site aside and the new one in: no site/, the old one
    as .site.old-<pid>. The next build puts it back first (even if that build fails)."""
    site_dir = tmp_path / "site"
    old = tmp_path / f".site.old-{dead_pid()}"
    (old / "products").mkdir(parents=True)
    (old / "index.html").write_text("the previous site", encoding="utf-8")
    mkdocs_plugin._clean_leftovers(site_dir)
    assert not old.exists()
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "the previous site"
    # with a site in place, a stale old copy is only removed
    old.mkdir()
    mkdocs_plugin._clean_leftovers(site_dir)
    assert not old.exists() and (site_dir / "index.html").exists()


def test_scratch_and_build_folders_carry_the_process_id(tmp_path):
    built = mkdocs_plugin._new_dir(tmp_path, ".site.building-")
    scratch = mkdocs_plugin._scratch_dir(tmp_path / "site", 1)
    try:
        for path in (built, scratch):
            match = mkdocs_plugin.LEFTOVER.search(path.name)
            assert match and int(match["pid"]) == os.getpid(), path.name
        assert not mkdocs_plugin._left_over(built, time.time())  # ours: never a leftover
    finally:
        shutil.rmtree(built)
        shutil.rmtree(scratch)


# -- 7. re-runs and the PR comment -------------------------------------------------------------
def test_every_artifact_upload_overwrites_on_re_runs():
    uploads = [
        (path.name, s)
        for path in sorted(WORKFLOWS.glob("*.y*ml"))
        for s in all_steps(load(path))
        if action(s) == "actions/upload-artifact"
    ]
    assert len(uploads) >= 4
    for name, step in uploads:
        assert step["with"].get("overwrite") is True, (name, step.get("name"))


COMMENT_HARNESS = r"""
const fs = require("fs");
const [scriptPath, statePath] = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(statePath, "utf8"));
const calls = [];
let failed = null;
const api = (name, answer) => async (params) => {
  calls.push([name, params]);
  return { data: answer(params) };
};
const github = {
  paginate: async (method, params) => (await method(params)).data,
  rest: {
    pulls: { get: api("pulls.get", () => ({ head: { sha: state.sha } })) },
    actions: { listWorkflowRunArtifacts: api("listWorkflowRunArtifacts",
      () => [{ name: "site-preview", id: 99, expired: false }]) },
    issues: {
      listComments: api("issues.listComments", () => state.comments),
      createComment: api("issues.createComment", () => ({ id: 1000 })),
      updateComment: api("issues.updateComment", () => ({})),
    },
  },
};
const core = { setFailed: (m) => { failed = m; }, notice: () => {}, info: () => {} };
const context = { repo: { owner: "rumahdagang", repo: "katalog" },
                  serverUrl: "https://github.example" };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("require", "github", "context", "core", fs.readFileSync(scriptPath, "utf8"))(
  require, github, context, core)
  .then(() => console.log(JSON.stringify({ calls, failed })))
  .catch((error) => { console.error(error); process.exit(1); });
"""
MARKER = "<!-- catalog-preview -->"
OUR_BOT = {"login": "github-actions[bot]", "type": "Bot"}
OTHER_BOT = {"login": "preview-helper[bot]", "type": "Bot"}


@pytest.mark.parametrize(
    "comments, expected",
    [
        (
            [
                {"id": 1, "user": {"login": "penjual", "type": "User"}, "body": f"{MARKER}\nmine"},
                {"id": 2, "user": OTHER_BOT, "body": f"{MARKER}\nanother bot's"},
                {"id": 3, "user": OUR_BOT, "body": f"{MARKER}\nearlier preview"},
            ],
            ("issues.updateComment", 3),
        ),
        (
            [
                {"id": 1, "user": {"login": "penjual", "type": "User"}, "body": f"{MARKER}\nmine"},
                {"id": 2, "user": OTHER_BOT, "body": f"{MARKER}\nanother bot's"},
                {"id": 4, "user": OUR_BOT, "body": "an unmarked comment of ours"},
            ],
            ("issues.createComment", None),
        ),
    ],
)
def test_pr_comment_updates_only_its_own_bots_comment(tmp_path, comments, expected):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    workflow = load(WORKFLOWS / "pr-comment.yml")
    (step,) = [s for s in all_steps(workflow) if action(s) == "actions/github-script"]
    (tmp_path / "script.js").write_text(step["with"]["script"], encoding="utf-8")
    (tmp_path / "harness.cjs").write_text(COMMENT_HARNESS, encoding="utf-8")
    (tmp_path / "pr").mkdir()
    (tmp_path / "pr" / "number").write_text("12\n", encoding="utf-8")
    sha = "a" * 40
    (tmp_path / "state.json").write_text(
        json.dumps({"sha": sha, "comments": comments}), encoding="utf-8"
    )
    env = {
        **os.environ,
        "RUN_ID": "5",
        "RUN_URL": "https://github.example/run/5",
        "HEAD_SHA": sha,
        "CONCLUSION": "success",
    }
    done = subprocess.run(
        [node, "harness.cjs", "script.js", "state.json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["failed"] is None
    writes = [
        (name, params)
        for name, params in out["calls"]
        if name in ("issues.updateComment", "issues.createComment")
    ]
    assert len(writes) == 1
    name, params = writes[0]
    assert (name, params.get("comment_id")) == expected
    assert params["body"].startswith(MARKER) and "site-preview.zip" in params["body"]

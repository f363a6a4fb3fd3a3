"""The GitHub side of "issue form -> pull request": intake.yml and intake_branch.py.

The workflow cannot run here, so it is checked three ways:
- statically, like pr.yml in test_github_files.py: triggers, the label condition,
  concurrency, least privilege per job, the default branch checked out, nothing from
  the event pasted into a `run:` or a `script:`, timeouts;
- its shell steps run under bash with a stand-in `catalog` (exit codes 0/1/2, the
  result's checks, the packed files) and its github-script steps run under node with a
  recording stand-in for the GitHub API (comments, PR created/updated, merged PR);
- .github/scripts/intake_branch.py runs as a subprocess against real git repositories:
  a bare "remote" and a clone with `main`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "intake.yml"
SCRIPT = REPO / ".github" / "scripts" / "intake_branch.py"
MARKER = "<!-- catalog-intake -->"
SUPPLIER = "kopindo-x"
PRODUCT = f"products/{SUPPLIER}/tas-y.yaml"
PHOTO = f"products/{SUPPLIER}/photos/tas-y-1.jpg"


@pytest.fixture(scope="module")
def wf() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def step(job: dict, *, name: str = "", uses: str = "") -> dict:
    (found,) = [
        s
        for s in job["steps"]
        if (name and name in s.get("name", ""))
        or (uses and s.get("uses", "").split("@")[0] == uses)
    ]
    return found


def scripts(job: dict, uses: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == uses]


# -- static checks ----------------------------------------------------------------------------
def test_runs_on_issue_events_for_open_labelled_issues_only(wf):
    on = wf.get("on", wf.get(True))
    assert set(on) == {"issues"}
    assert on["issues"]["types"] == ["opened", "edited", "labeled", "reopened"]
    condition = " ".join(wf["jobs"]["parse"]["if"].split())
    assert "github.event.issue.state == 'open'" in condition
    assert "!github.event.issue.pull_request" in condition
    # both issue forms' labels (product and service, issue 21), from the forms' definition
    from catalog.core import issue_form

    labels = [issue_form.LABELS[kind] for kind in issue_form.FORM_KINDS]
    assert labels == ["produk-baru", "layanan-baru"]
    assert (
        "("
        + " || ".join(f"contains(github.event.issue.labels.*.name, '{x}')" for x in labels)
        + ")"
    ) in condition
    # of the `labeled` events, only the one adding a form's label (not every staff label)
    assert (
        "(github.event.action != 'labeled' || "
        + " || ".join(f"github.event.label.name == '{x}'" for x in labels)
        + ")"
    ) in condition
    assert wf["jobs"]["publish"]["needs"] == "parse"  # skipped whenever parse is


def test_one_run_per_issue_queued_never_cancelled(wf):
    assert wf["concurrency"] == {
        "group": "intake-issue-${{ github.event.issue.number }}",
        "cancel-in-progress": False,
    }


def test_least_privilege_per_job(wf):
    assert wf["permissions"] in ({}, {"contents": "read"})
    jobs = wf["jobs"]
    assert set(jobs) == {"parse", "publish"}
    assert jobs["parse"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "issues": "write",
    }
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
    assert "pull_request_target" not in WORKFLOW.read_text(encoding="utf-8")


def test_every_job_has_a_timeout(wf):
    for name, job in wf["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 30, name


def test_parse_reads_the_default_branch_without_credentials(wf):
    job = wf["jobs"]["parse"]
    checkout = step(job, uses="actions/checkout")
    assert checkout["with"] == {
        "ref": "${{ github.event.repository.default_branch }}",
        "persist-credentials": False,
    }
    assert str(step(job, uses="actions/setup-python")["with"]["python-version"]) == "3.11"
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "python3 scripts/dev.py setup" in runs
    assert """jq -r '.issue.body // ""' "$GITHUB_EVENT_PATH" > "$RUNNER_TEMP/issue.md\"""" in runs
    intake = step(job, name="catalog intake")
    assert intake["env"] == {"ISSUE_NUMBER": "${{ github.event.issue.number }}"}
    command = " ".join(intake["run"].replace("\\\n", " ").split())
    assert (
        '.venv/bin/catalog intake "$RUNNER_TEMP/issue.md" --fetch --photos '
        '"$RUNNER_TEMP/photos" --products products --issue "$ISSUE_NUMBER" '
        "--format json"
    ) in command
    upload = step(job, uses="actions/upload-artifact")
    assert upload["with"]["name"] == "intake-result"
    assert job["outputs"] == {"ok": "${{ steps.intake.outputs.ok }}"}


def test_publish_pushes_from_the_default_branch_with_the_checked_script(wf):
    job = wf["jobs"]["publish"]
    checkout = step(job, uses="actions/checkout")
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"].get("persist-credentials", True) is True  # it pushes
    assert step(job, uses="actions/download-artifact")["with"]["name"] == "intake-result"
    branch = step(job, name="Commit the files")
    assert "python3 .github/scripts/intake_branch.py" in branch["run"]
    assert "--remote origin" in branch["run"] and '--base "$BASE"' in branch["run"]
    assert branch["env"]["BASE"] == "${{ github.event.repository.default_branch }}"
    # the merged-PR lookup comes first: no commit after the PR was merged
    assert "steps.merged.outputs.number == ''" in branch["if"]
    assert "needs.parse.outputs.ok == 'true'" in branch["if"]
    order = [s.get("id") for s in job["steps"]]
    assert order.index("merged") < order.index("branch")
    (_lookup, main) = scripts(job, "actions/github-script")
    assert main["env"]["BRANCH_STATUS"] == "${{ steps.branch.outputs.status }}"


def test_nothing_from_the_event_inside_run_or_script(wf):
    """Event data reaches shell and JavaScript through env: and files only."""
    for job in wf["jobs"].values():
        for s in job["steps"]:
            assert "${{" not in s.get("run", ""), s.get("name")
            if s.get("uses", "").startswith("actions/github-script"):
                assert "${{" not in s["with"]["script"], s.get("name")
                assert set(s["with"]) == {"script"}  # no token or inputs pasted in either
    text = WORKFLOW.read_text(encoding="utf-8")
    for field in ("issue.title", "issue.body", "issue.user", "issue.labels }}", "comment"):
        assert f"github.event.{field}" not in text  # not even in env: (the body: a file)


# -- the shell steps, run under bash with a stand-in catalog ----------------------------------
def _bash_step(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    path = cwd / ".step.sh"
    path.write_text(script, encoding="utf-8")
    # GitHub's default shell on Linux runners
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _outputs(path: Path) -> dict:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


@pytest.fixture
def runner(tmp_path):
    """A workspace with a stand-in .venv/bin/catalog, RUNNER_TEMP and GITHUB_OUTPUT."""
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (GitHub's runners have it)")
    work = tmp_path / "work"
    (work / ".venv" / "bin").mkdir(parents=True)
    (work / ".github" / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, work / ".github" / "scripts" / SCRIPT.name)
    fake = work / ".venv" / "bin" / "catalog"
    fake.write_text(
        '#!/bin/sh\nprintf "%s\\n" "$*" >> "$FAKE_ARGS"\n'
        'printf "%s" "$FAKE_JSON"\nexit "$FAKE_EXIT"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    env = {
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "FAKE_ARGS": str(tmp_path / "args"),
        "ISSUE_NUMBER": "7",
    }
    return work, temp, env


def _result(ok: bool = True, **changes) -> dict:
    result = {
        "ok": ok,
        "issue": 7,
        "supplier": SUPPLIER if ok else None,
        "product": "tas-y" if ok else None,
        "new_supplier": False,
        "files": [PRODUCT, PHOTO] if ok else [],
        "branch": "intake/issue-7",
        "pr_title": "Produk baru: Tas Y (Kopindo X)",
        "pr_body": "Usulan dari issue.\n\nCloses #7",
        "labels": ["produk-baru"],
        "comment": None if ok else f"{MARKER}\nAda yang perlu diperbaiki.",
        "problems": [] if ok else [{"field": "Foto", "message": "kosong"}],
    }
    result.update(changes)
    return result


@pytest.mark.parametrize(
    "exit_code, result, ok",
    [
        (0, _result(True), "true"),
        (1, _result(False), "false"),
        (2, {"ok": False}, None),  # usage error: a bug, the run fails
        (3, _result(False), None),
        (0, _result(False), None),  # exit code and result disagree
        (1, _result(True), None),
        (0, _result(True, issue=8), None),  # another issue's result
        (0, "not json", None),
        (0, "", None),  # nothing printed
        (0, json.dumps(_result(True)) * 2, None),  # two results
    ],
)
def test_intake_step_turns_exit_codes_into_a_result(wf, runner, exit_code, result, ok):
    work, temp, env = runner
    intake = step(wf["jobs"]["parse"], name="catalog intake")
    payload = result if isinstance(result, str) else json.dumps(result)
    run = _bash_step(
        intake["run"],
        work,
        {
            **env,
            **intake["env"],
            "ISSUE_NUMBER": "7",
            "FAKE_JSON": payload,
            "FAKE_EXIT": str(exit_code),
        },
    )
    args = Path(env["FAKE_ARGS"]).read_text(encoding="utf-8").split()
    assert args == [
        "intake",
        f"{temp}/issue.md",
        "--fetch",
        "--photos",
        f"{temp}/photos",
        "--products",
        "products",
        "--issue",
        "7",
        "--format",
        "json",
    ]
    if ok is None:
        assert run.returncode != 0
        assert "::error::" in run.stdout
        assert "ok" not in _outputs(Path(env["GITHUB_OUTPUT"]))
    else:
        assert run.returncode == 0, run.stdout + run.stderr
        assert _outputs(Path(env["GITHUB_OUTPUT"]))["ok"] == ok
        assert json.loads((temp / "intake-out" / "result.json").read_text()) == result


def _write_entry(root: Path) -> None:
    (root / PHOTO).parent.mkdir(parents=True, exist_ok=True)
    (root / PRODUCT).write_text("name: {id: Tas Y}\n", encoding="utf-8")
    (root / PHOTO).write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")


def test_pack_step_checks_and_packs_exactly_the_listed_files(wf, runner):
    work, temp, env = runner
    _write_entry(work)
    (work / "products" / SUPPLIER / "other.yaml").write_text("x: 1\n", encoding="utf-8")
    (temp / "intake-out").mkdir()
    (temp / "intake-out" / "result.json").write_text(json.dumps(_result()), encoding="utf-8")
    run = _bash_step(step(wf["jobs"]["parse"], name="Pack")["run"], work, env)
    assert run.returncode == 0, run.stdout + run.stderr
    with tarfile.open(temp / "intake-out" / "files.tar") as tar:
        members = tar.getmembers()
    assert sorted(m.name for m in members) == sorted([PRODUCT, PHOTO])
    assert all(m.isfile() for m in members)


def test_pack_step_refuses_a_symlinked_file(wf, runner):
    work, temp, env = runner
    _write_entry(work)
    (work / PHOTO).unlink()
    (work / PHOTO).symlink_to("/etc/passwd")
    (temp / "intake-out").mkdir()
    (temp / "intake-out" / "result.json").write_text(json.dumps(_result()), encoding="utf-8")
    run = _bash_step(step(wf["jobs"]["parse"], name="Pack")["run"], work, env)
    assert run.returncode != 0 and "refused" in run.stderr
    assert not (temp / "intake-out" / "files.tar").exists()


# -- the github-script steps, run under node with a recording GitHub API ----------------------
HARNESS = r"""
const fs = require("fs");
const [scriptPath, statePath] = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(statePath, "utf8"));
const calls = [];
const outputs = {};
let failed = null;
const api = (name, answer) => async (params) => {
  calls.push([name, params]);
  return { data: answer(params) };
};
const owner = "rumahdagang";
const github = {
  paginate: async (method, params) => (await method(params)).data,
  rest: {
    pulls: {
      list: api("pulls.list", (p) => state.pulls.filter((pr) =>
        (p.state === "all" || pr.state === p.state) && p.head === `${owner}:${pr.head.ref}`)),
      create: api("pulls.create", (p) => ({ number: 42, html_url: "https://example.test/pull/42",
        title: p.title, body: p.body, head: { ref: p.head } })),
      update: api("pulls.update", (p) => ({
        ...state.pulls.find((pr) => pr.number === p.pull_number), title: p.title, body: p.body })),
    },
    issues: {
      listComments: api("issues.listComments", () => state.comments),
      createComment: api("issues.createComment", () => ({ id: 1000 })),
      updateComment: api("issues.updateComment", () => ({})),
      addLabels: api("issues.addLabels", () => []),
    },
  },
};
const core = {
  setOutput: (key, value) => { outputs[key] = value; },
  setFailed: (message) => { failed = message; },
  notice: () => {}, info: () => {}, warning: () => {},
};
const context = { repo: { owner, repo: "katalog" }, payload: { issue: { number: state.issue } } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const script = fs.readFileSync(scriptPath, "utf8");
new AsyncFunction("require", "github", "context", "core", script)(require, github, context, core)
  .then(() => console.log(JSON.stringify({ calls, outputs, failed })))
  .catch((error) => { console.error(error); process.exit(1); });
"""
BOT = {"login": "github-actions[bot]", "type": "Bot"}


def _pr(number: int, state: str = "open", merged: bool = False, **fields) -> dict:
    return {
        "number": number,
        "state": state,
        "merged_at": "2026-01-02T03:04:05Z" if merged else None,
        "head": {"ref": "intake/issue-7"},
        "title": "old title",
        "body": "old",
        "html_url": f"https://example.test/pull/{number}",
        **fields,
    }


@pytest.fixture
def github_script(wf, tmp_path):
    """Run the publish job's n-th github-script with env and API state; return its calls."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    harness = tmp_path / "harness.cjs"
    harness.write_text(HARNESS, encoding="utf-8")

    def run(index: int, env: dict, pulls=(), comments=(), result=None) -> dict:
        script = scripts(wf["jobs"]["publish"], "actions/github-script")[index]["with"]["script"]
        (tmp_path / "script.js").write_text(script, encoding="utf-8")
        state = {"issue": 7, "pulls": list(pulls), "comments": list(comments)}
        (tmp_path / "state.json").write_text(json.dumps(state), encoding="utf-8")
        (tmp_path / "result.json").write_text(json.dumps(result or _result()), encoding="utf-8")
        full_env = {
            "RESULT": str(tmp_path / "result.json"),
            "BASE": "main",
            "BRANCH_STATUS": "",
            "MERGED": "",
            **env,
        }
        done = subprocess.run(
            [node, str(harness), str(tmp_path / "script.js"), str(tmp_path / "state.json")],
            capture_output=True,
            text=True,
            env={**os.environ, **full_env},
            cwd=tmp_path,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        out["names"] = [name for name, _ in out["calls"]]
        out["by_name"] = {name: params for name, params in out["calls"]}
        return out

    return run


@pytest.mark.parametrize(
    "pulls, expected",
    [
        ([], ""),
        ([_pr(3, "closed")], ""),  # closed without merging: a new PR may come
        ([_pr(3, "closed"), _pr(5, "closed", merged=True)], "5"),
        ([_pr(5, "open")], ""),
    ],
)
def test_merged_lookup(github_script, pulls, expected):
    out = github_script(0, {}, pulls=pulls)
    assert out["outputs"] == {"number": expected}
    assert out["by_name"]["pulls.list"]["head"] == "rumahdagang:intake/issue-7"
    assert out["failed"] is None


def test_problems_are_answered_with_intakes_comment(github_script):
    result = _result(False)
    out = github_script(1, {}, result=result)
    assert out["names"] == ["issues.listComments", "issues.createComment"]
    assert out["by_name"]["issues.createComment"]["body"] == result["comment"]
    assert out["by_name"]["issues.createComment"]["issue_number"] == 7


def test_the_bots_marked_comment_is_updated_not_a_submitters(github_script):
    comments = [
        {"id": 1, "user": {"login": "penjual", "type": "User"}, "body": f"{MARKER}\nme"},
        {"id": 2, "user": BOT, "body": "another bot comment"},
        {"id": 3, "user": BOT, "body": f"{MARKER}\nolder answer"},
    ]
    out = github_script(1, {}, comments=comments, result=_result(False))
    assert out["names"] == ["issues.listComments", "issues.updateComment"]
    assert out["by_name"]["issues.updateComment"]["comment_id"] == 3
    # a submitter's comment carrying the marker is never taken for the bot's
    out = github_script(1, {}, comments=comments[:2], result=_result(False))
    assert out["names"] == ["issues.listComments", "issues.createComment"]


def test_a_new_branch_opens_a_pr_labels_it_and_links_it(github_script):
    result = _result()
    out = github_script(1, {"BRANCH_STATUS": "created"}, result=result)
    assert out["failed"] is None
    create = out["by_name"]["pulls.create"]
    assert create == {
        "owner": "rumahdagang",
        "repo": "katalog",
        "head": "intake/issue-7",
        "base": "main",
        "title": result["pr_title"],
        "body": result["pr_body"],
    }
    assert out["by_name"]["issues.addLabels"]["issue_number"] == 42
    assert out["by_name"]["issues.addLabels"]["labels"] == ["produk-baru"]
    body = out["by_name"]["issues.createComment"]["body"]
    assert body.startswith(MARKER + "\n")
    assert "#42" in body and "https://example.test/pull/42" in body
    assert body.index("Terima kasih") < body.index("Thank you")
    assert "pulls.update" not in out["names"]


def test_an_open_pr_is_updated_not_duplicated(github_script):
    comments = [{"id": 9, "user": BOT, "body": f"{MARKER}\nAda yang perlu diperbaiki."}]
    out = github_script(1, {"BRANCH_STATUS": "updated"}, pulls=[_pr(12)], comments=comments)
    assert "pulls.create" not in out["names"]
    update = out["by_name"]["pulls.update"]
    assert update["pull_number"] == 12 and update["body"].endswith("Closes #7")
    assert "#12" in out["by_name"]["issues.updateComment"]["body"]
    # nothing changed: the PR is left alone
    same = _pr(12, title=_result()["pr_title"], body=_result()["pr_body"])
    out = github_script(1, {"BRANCH_STATUS": "unchanged"}, pulls=[same], comments=comments)
    assert "pulls.update" not in out["names"] and "pulls.create" not in out["names"]


def test_after_the_merge_only_the_comment_changes(github_script):
    for result in (_result(), _result(False)):
        out = github_script(
            1, {"MERGED": "5"}, pulls=[_pr(5, "closed", merged=True)], result=result
        )
        assert out["names"] == ["issues.listComments", "issues.createComment"]
        body = out["by_name"]["issues.createComment"]["body"]
        assert body.startswith(MARKER) and "#5" in body
        assert body.index("sudah ada di katalog") < body.index("already in the catalogue")
        assert "issue baru" in body and "new issue" in body


@pytest.mark.parametrize(
    "env, result, message",
    [
        ({"BRANCH_STATUS": "created"}, _result(issue=8), "not #7"),
        ({}, _result(False, comment="no marker"), "marked comment"),
        ({"BRANCH_STATUS": ""}, _result(), "branch step"),
    ],
)
def test_inconsistent_inputs_fail_the_step(github_script, env, result, message):
    out = github_script(1, env, result=result)
    assert message in (out["failed"] or "")
    assert not {"pulls.create", "pulls.update", "issues.createComment"} & set(out["names"])


# -- intake_branch.py against real repositories -----------------------------------------------
def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repos(tmp_path, monkeypatch):
    """A bare remote with `main`, a clone of it, and the files of a successful intake."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("INTAKE_GIT_NAME", "INTAKE_GIT_EMAIL", "GITHUB_OUTPUT"):
        monkeypatch.delenv(key, raising=False)
    (tmp_path / "gitconfig").write_text(
        "[user]\n\tname = Staf\n\temail = staf@example.test\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "-q", str(remote))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(remote), str(seed))
    (seed / "products" / SUPPLIER).mkdir(parents=True)
    (seed / "products" / SUPPLIER / "supplier.yaml").write_text("name: Kopindo X\n")
    (seed / "README.md").write_text("katalog\n")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "start")
    git(seed, "push", "-q", "origin", "main")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(remote), str(work))
    (work / "local-notes.txt").write_text("untracked, must stay out of the commit\n")
    files = tmp_path / "files"
    _write_entry(files)
    result = tmp_path / "result.json"
    result.write_text(json.dumps(_result()), encoding="utf-8")
    return {
        "remote": remote,
        "seed": seed,
        "work": work,
        "files": files,
        "result": result,
        "tmp": tmp_path,
    }


def intake_branch(r: dict, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--result",
            str(r["result"]),
            "--files",
            str(r["files"]),
            "--remote",
            "origin",
            "--base",
            "main",
            *extra,
        ],
        cwd=r["work"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def summary(run: subprocess.CompletedProcess) -> dict:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def remote_ref(r: dict, ref: str = "refs/heads/intake/issue-7") -> str:
    return git(r["remote"], "for-each-ref", "--format=%(objectname)", ref)


def test_first_run_creates_the_branch_with_exactly_the_files(repos):
    work = repos["work"]
    head, status = git(work, "rev-parse", "HEAD"), git(work, "status", "--porcelain")
    output = repos["tmp"] / "github_output"
    out = summary(intake_branch(repos, env={"GITHUB_OUTPUT": str(output)}))
    main = remote_ref(repos, "refs/heads/main")
    assert out["status"] == "created" and out["pushed"] is True
    assert out["commit"] == remote_ref(repos) and out["base_commit"] == main
    assert _outputs(output) == {
        "status": "created",
        "branch": "intake/issue-7",
        "commit": out["commit"],
    }
    branch = "refs/heads/intake/issue-7"
    tree = git(repos["remote"], "ls-tree", "-r", "--name-only", branch).splitlines()
    assert sorted(tree) == sorted(
        ["README.md", f"products/{SUPPLIER}/supplier.yaml", PRODUCT, PHOTO]
    )
    photo = subprocess.run(
        ["git", "cat-file", "blob", f"{branch}:{PHOTO}"],
        cwd=repos["remote"],
        capture_output=True,
        check=True,
    ).stdout
    assert photo == (repos["files"] / PHOTO).read_bytes()
    assert git(repos["remote"], "cat-file", "blob", f"{branch}:{PRODUCT}") == "name: {id: Tas Y}"
    assert git(repos["remote"], "rev-list", "--parents", "-n", "1", branch).split()[1:] == [main]
    assert (
        git(repos["remote"], "log", "-1", "--format=%s", branch)
        == "Intake: Produk baru: Tas Y (Kopindo X) (#7)"
    )
    assert (
        git(repos["remote"], "log", "-1", "--format=%an <%ae>|%cn <%ce>", branch)
        == "catalog-intake <intake@users.noreply.github.com>|"
        "catalog-intake <intake@users.noreply.github.com>"
    )
    # the workspace is as it was: HEAD, index, work tree, untracked file
    assert git(work, "rev-parse", "HEAD") == head
    assert git(work, "status", "--porcelain") == status == "?? local-notes.txt"
    assert not (work / PRODUCT).exists()


def test_same_files_again_leave_the_branch_alone(repos):
    first = summary(intake_branch(repos))
    again = summary(intake_branch(repos))
    assert again["status"] == "unchanged" and again["pushed"] is False
    assert again["commit"] == first["commit"] == remote_ref(repos)


def test_a_changed_file_makes_a_new_commit_on_main_not_on_the_old_one(repos):
    first = summary(intake_branch(repos))
    (repos["files"] / PRODUCT).write_text("name: {id: Tas Y baru}\n", encoding="utf-8")
    second = summary(intake_branch(repos))
    assert second["status"] == "updated"
    assert second["commit"] != first["commit"] and remote_ref(repos) == second["commit"]
    assert git(repos["remote"], "rev-list", "--count", "main..intake/issue-7") == "1"
    assert (
        git(repos["remote"], "cat-file", "blob", f"intake/issue-7:{PRODUCT}")
        == "name: {id: Tas Y baru}"
    )


def test_main_moving_on_rebuilds_the_branch_on_its_tip(repos):
    summary(intake_branch(repos))
    seed = repos["seed"]
    (seed / "README.md").write_text("katalog koperasi\n")
    git(seed, "commit", "-q", "-am", "main moves on")
    git(seed, "push", "-q", "origin", "main")
    out = summary(intake_branch(repos))
    assert out["status"] == "updated"
    main = remote_ref(repos, "refs/heads/main")
    assert out["base_commit"] == main
    assert git(repos["remote"], "rev-list", "--parents", "-n", "1", "intake/issue-7").split()[
        1:
    ] == [main]
    assert git(
        repos["remote"], "diff", "--name-only", "main", "intake/issue-7"
    ).splitlines() == sorted([PRODUCT, PHOTO])


def test_no_push_makes_the_commit_but_pushes_nothing(repos):
    out = summary(intake_branch(repos, "--no-push"))
    assert out["status"] == "created" and out["pushed"] is False
    assert remote_ref(repos) == ""
    assert git(repos["work"], "cat-file", "-t", out["commit"]) == "commit"


def test_files_already_on_main_make_no_branch(repos):
    result = _result(files=[f"products/{SUPPLIER}/supplier.yaml"])
    repos["result"].write_text(json.dumps(result), encoding="utf-8")
    shutil.copy(
        repos["seed"] / "products" / SUPPLIER / "supplier.yaml",
        repos["files"] / "products" / SUPPLIER / "supplier.yaml",
    )
    out = summary(intake_branch(repos))
    assert out["status"] == "empty" and remote_ref(repos) == ""


def test_identity_comes_from_the_environment(repos):
    summary(
        intake_branch(
            repos,
            env={"INTAKE_GIT_NAME": "Bot Koperasi", "INTAKE_GIT_EMAIL": "bot@koperasi.example"},
        )
    )
    assert (
        git(repos["remote"], "log", "-1", "--format=%an <%ae>", "intake/issue-7")
        == "Bot Koperasi <bot@koperasi.example>"
    )


def _symlinked_file(r):
    (r["files"] / PHOTO).unlink()
    (r["files"] / PHOTO).symlink_to(r["work"] / "README.md")


def _symlinked_folder(r):
    shutil.move(r["files"] / "products" / SUPPLIER, r["tmp"] / "elsewhere")
    (r["files"] / "products" / SUPPLIER).symlink_to(r["tmp"] / "elsewhere")


def _too_big(r):
    with open(r["files"] / PHOTO, "r+b") as handle:
        handle.truncate(30 * 1024 * 1024 + 1)  # sparse: cheap to make


def _fifo(r):
    (r["files"] / PHOTO).unlink()
    os.mkfifo(r["files"] / PHOTO)


def _missing(r):
    (r["files"] / PHOTO).unlink()


def _files(*paths):
    return lambda r: r["result"].write_text(json.dumps(_result(files=list(paths))))


def _changes(**changes):
    return lambda r: r["result"].write_text(json.dumps(_result(**changes)))


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(_files(f"products/{SUPPLIER}/../../.github/workflows/x.yml"), id="dotdot"),
        pytest.param(_files(f"products/{SUPPLIER}/a..yaml"), id="dotdot-in-name"),
        pytest.param(_files("/etc/passwd"), id="absolute"),
        pytest.param(_files(f"/{PRODUCT}"), id="absolute-products"),
        pytest.param(_files(".github/workflows/intake.yml"), id="outside-products"),
        pytest.param(_files("products/tas-y.yaml"), id="no-supplier-folder"),
        pytest.param(_files(f"products/{SUPPLIER}/photos/sub/x.jpg"), id="too-deep"),
        pytest.param(_files("products/Kopindo_X/tas.yaml"), id="not-a-slug"),
        pytest.param(_files(f"products/{SUPPLIER}/.hidden"), id="hidden-file"),
        pytest.param(_files(PRODUCT, PRODUCT), id="twice"),
        pytest.param(_files(), id="no-files"),
        pytest.param(_changes(files=f"{PRODUCT}"), id="files-not-a-list"),
        pytest.param(_symlinked_file, id="symlink"),
        pytest.param(_symlinked_folder, id="symlinked-folder"),
        pytest.param(_too_big, id="over-30-mb"),
        pytest.param(_fifo, id="fifo"),
        pytest.param(_missing, id="missing-file"),
        pytest.param(_changes(branch="main"), id="branch-main"),
        pytest.param(_changes(branch="intake/issue-8"), id="another-issue"),
        pytest.param(_changes(branch="intake/issue-07"), id="branch-leading-zero"),
        pytest.param(_changes(branch="intake/issue-7\nmain"), id="branch-newline"),
        pytest.param(_changes(ok=False), id="not-ok"),
        pytest.param(_changes(ok="true"), id="ok-a-string"),
        pytest.param(_changes(issue="7"), id="issue-a-string"),
        pytest.param(_changes(pr_title=""), id="no-title"),
        pytest.param(lambda r: r["result"].write_text("[]"), id="not-an-object"),
        pytest.param(lambda r: r["result"].write_text("{"), id="not-json"),
    ],
)
def test_hostile_results_are_refused_and_nothing_is_pushed(repos, spoil):
    spoil(repos)
    run = intake_branch(repos)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "refused" in run.stderr and run.stdout == ""
    assert git(repos["remote"], "for-each-ref", "--format=%(refname)") == "refs/heads/main"


def test_bad_base_or_remote_is_refused(repos):
    for extra in (["--base", "-main"], ["--base", "main..x"], ["--remote", "ext::sh -c x"]):
        run = subprocess.run(
            [
                sys.executable,
                str(SCRIPT),
                "--result",
                str(repos["result"]),
                "--files",
                str(repos["files"]),
                *extra,
            ],
            cwd=repos["work"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode != 0, extra
    assert remote_ref(repos) == ""


def test_check_only_touches_no_git(repos, tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--check-only",
            "--result",
            str(repos["result"]),
            "--files",
            str(repos["files"]),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(run.stdout) == {"status": "checked", "branch": "intake/issue-7", "files": 2}

#!/usr/bin/env python3
"""Commit the entry files of an issue-form submission to its branch (intake.yml).

    intake_branch.py --result result.json --files DIR --remote origin --base main [--no-push]
    intake_branch.py --result result.json --files DIR --check-only

``result.json`` is what ``catalog intake --format json`` printed; DIR holds the files it
wrote, at the paths its ``files`` list names (``products/<supplier-id>/...``). The script
runs in the publish job of intake.yml, the one with write access, so it trusts neither:
the result must be ok, the branch ``intake/issue-N`` of the same issue, every path one of
a supplier folder's entry files or photos, and every file in DIR a regular file (not a
symlink, not through one) of at most 30 MB. Anything else is refused (exit 1) before git
is touched.

The branch commit is the tip of ``<remote>/<base>`` plus exactly those files, made with
git plumbing and a temporary index: the checked-out work tree, HEAD and the real index
are never used, so nothing else in the workspace can slip into the commit. The branch
belongs to the bot: it is force-pushed (with a lease on the tip seen), and left alone
when it already holds the same tree on the current base tip. Prints one JSON line
(``status``: created, updated, unchanged or empty - the files change nothing on the
base) and writes ``status``, ``branch`` and ``commit`` to ``$GITHUB_OUTPUT`` when set.

Standard library only (Python 3.11); the committer is ``INTAKE_GIT_NAME`` /
``INTAKE_GIT_EMAIL`` (default: catalog-intake <intake@users.noreply.github.com>).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BRANCH = re.compile(r"intake/issue-([1-9][0-9]{0,9})")
PATH = re.compile(r"products/[a-z0-9]+(-[a-z0-9]+)*/(photos/)?[A-Za-z0-9][A-Za-z0-9._-]*")
REMOTE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_BYTES = 30 * 1024 * 1024
MAX_FILES = 100  # a product and its photos (plus a new supplier's file)
MAX_TITLE = 200  # characters of pr_title kept in the commit message
DEFAULT_NAME = "catalog-intake"
DEFAULT_EMAIL = "intake@users.noreply.github.com"


class Refused(Exception):
    """The result or its files cannot be committed; the message says why."""


@dataclass(frozen=True)
class Intake:
    issue: int
    branch: str
    title: str
    files: dict[str, bytes]  # repository path -> content


# -- checking what the parse job handed over --------------------------------------------------
def read_result(path: Path) -> dict:
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Refused(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(result, dict):
        raise Refused(f"{path}: not a JSON object")
    return result


def check_result(result: dict) -> tuple[int, str, str, list[str]]:
    """The issue number, branch, title and file list, once each is what it must be."""
    if result.get("ok") is not True:
        raise Refused("the result is not ok: there is nothing to commit")
    issue = result.get("issue")
    if type(issue) is not int or issue < 1:
        raise Refused(f"issue is not a positive number: {issue!r}")
    branch = result.get("branch")
    match = BRANCH.fullmatch(branch) if isinstance(branch, str) else None
    if match is None:
        raise Refused(f"branch is not intake/issue-N: {branch!r}")
    if int(match.group(1)) != issue:
        raise Refused(f"branch {branch} does not belong to issue #{issue}")
    title = result.get("pr_title")
    if not isinstance(title, str) or not title.strip():
        raise Refused("pr_title is missing")
    files = result.get("files")
    if not isinstance(files, list) or not files:
        raise Refused("files is not a non-empty list")
    if len(files) > MAX_FILES:
        raise Refused(f"{len(files)} files: at most {MAX_FILES} are accepted")
    for name in files:
        if not isinstance(name, str) or PATH.fullmatch(name) is None or ".." in name:
            raise Refused(f"not a path inside a supplier folder of products/: {name!r}")
    if len(set(files)) != len(files):
        raise Refused("files lists a path twice")
    return issue, branch, title, files


def read_file(root: Path, name: str) -> bytes:
    """The bytes of root/name: a regular file, no symlink on the way, at most MAX_BYTES."""
    path = root
    for part in name.split("/")[:-1]:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            raise Refused(f"{name}: missing from {root}") from None
        if not stat.S_ISDIR(mode):  # a symlink to a folder is not a folder here
            raise Refused(f"{name}: {path} is not a plain folder")
    path = path / name.rsplit("/", 1)[-1]
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise Refused(f"{name}: cannot be opened as a regular file ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{name}: not a regular file")
        if info.st_size > MAX_BYTES:
            raise Refused(f"{name}: {info.st_size} bytes, more than {MAX_BYTES}")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Refused(f"{name}: more than {MAX_BYTES} bytes")
    return data


def load(result_path: Path, files_dir: Path) -> Intake:
    issue, branch, title, names = check_result(read_result(result_path))
    if not files_dir.is_dir():
        raise Refused(f"{files_dir}: not a folder")
    return Intake(issue, branch, title, {n: read_file(files_dir, n) for n in names})


def commit_message(intake: Intake) -> str:
    title = " ".join(intake.title.split())  # one line, no control characters
    title = "".join(ch for ch in title if ch.isprintable())[:MAX_TITLE]
    return f"Intake: {title} (#{intake.issue})\n"


# -- git ---------------------------------------------------------------------------------------
def git(*args: str, data: bytes | None = None, env: dict | None = None, check: bool = True) -> str:
    run = subprocess.run(
        ["git", *args], input=data, capture_output=True, env={**os.environ, **(env or {})}
    )
    if check and run.returncode != 0:
        raise RuntimeError(
            f"git {' '.join(args)} failed ({run.returncode}): "
            f"{run.stderr.decode(errors='replace').strip()}"
        )
    return run.stdout.decode().strip()


def remote_tip(remote: str, branch: str) -> str | None:
    """The commit the remote's branch points at, or None when it has no such branch."""
    line = git("ls-remote", "--heads", remote, f"refs/heads/{branch}")
    for entry in line.splitlines():
        sha, ref = entry.split("\t", 1)
        if ref == f"refs/heads/{branch}":
            return sha
    return None


def fetch(remote: str, branch: str) -> str:
    """Fetch one branch into its remote-tracking ref and return its commit."""
    tracking = f"refs/remotes/{remote}/{branch}"
    git("fetch", "--no-tags", "--quiet", remote, f"+refs/heads/{branch}:{tracking}")
    return git("rev-parse", "--verify", f"{tracking}^{{commit}}")


def build_tree(base: str, files: dict[str, bytes]) -> str:
    """The tree of `base` with `files` written in, through a throw-away index."""
    with tempfile.TemporaryDirectory(prefix="intake-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        git("read-tree", base, env=env)
        for name, data in sorted(files.items()):
            # --no-filters: the bytes as they are, whatever .gitattributes says
            blob = git("hash-object", "-w", "--no-filters", "--stdin", data=data)
            git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}", env=env)
        return git("write-tree", env=env)


def publish(intake: Intake, remote: str, base: str, push: bool) -> dict:
    base_tip = fetch(remote, base)
    tree = build_tree(base_tip, intake.files)
    summary = {
        "branch": intake.branch,
        "base": base,
        "base_commit": base_tip,
        "files": len(intake.files),
        "pushed": False,
    }
    old = remote_tip(remote, intake.branch)
    if old is not None:
        old = fetch(remote, intake.branch)
        parents = git("rev-list", "--parents", "-n", "1", old).split()[1:]
        if git("rev-parse", f"{old}^{{tree}}") == tree and parents == [base_tip]:
            return {**summary, "status": "unchanged", "commit": old}
    if tree == git("rev-parse", f"{base_tip}^{{tree}}"):
        # The files are on the base already, byte for byte: a PR would change nothing.
        return {**summary, "status": "empty", "commit": old or ""}
    name = os.environ.get("INTAKE_GIT_NAME") or DEFAULT_NAME
    email = os.environ.get("INTAKE_GIT_EMAIL") or DEFAULT_EMAIL
    identity = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    commit = git(
        "commit-tree",
        tree,
        "-p",
        base_tip,
        "-F",
        "-",
        data=commit_message(intake).encode(),
        env=identity,
    )
    status = "updated" if old else "created"
    if push:
        # Force: the branch is the bot's, rebuilt on each run. The lease makes the push
        # fail if someone moved the branch since we looked, rather than lose their commit.
        ref = f"refs/heads/{intake.branch}"
        git("push", "--quiet", f"--force-with-lease={ref}:{old or ''}", remote, f"{commit}:{ref}")
    return {**summary, "status": status, "commit": commit, "pushed": push}


def write_outputs(summary: dict) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            for key in ("status", "branch", "commit"):
                out.write(f"{key}={summary.get(key, '')}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--result", type=Path, required=True, help="catalog intake's JSON")
    parser.add_argument(
        "--files", type=Path, required=True, help="folder holding the listed products/... files"
    )
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--base", default="main", help="branch the commit goes on top of")
    parser.add_argument(
        "--push",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="push the branch (default); --no-push only makes the commit",
    )
    parser.add_argument(
        "--check-only", action="store_true", help="check the result and the files, touch no git"
    )
    args = parser.parse_args(argv)
    try:
        intake = load(args.result, args.files)
        if args.check_only:
            summary = {"status": "checked", "branch": intake.branch, "files": len(intake.files)}
        else:
            if REMOTE.fullmatch(args.remote) is None:
                raise Refused(f"not a remote name: {args.remote!r}")
            if subprocess.run(
                ["git", "check-ref-format", "--branch", args.base], capture_output=True
            ).returncode != 0 or args.base.startswith("-"):
                raise Refused(f"not a branch name: {args.base!r}")
            summary = publish(intake, args.remote, args.base, args.push)
    except Refused as exc:
        print(f"intake_branch: refused: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"intake_branch: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, sort_keys=True))
    write_outputs(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())

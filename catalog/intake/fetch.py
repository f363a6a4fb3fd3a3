"""Download the photos attached to an issue, from GitHub's own attachment hosts only.

The issue body is written by a stranger, so every URL in it is suspect: only
``https`` URLs on :data:`GITHUB_HOSTS` are fetched, every redirect is checked against
the same list before it is followed (GitHub sends ``user-attachments`` to a signed
``private-user-images`` URL), each file is capped at :data:`MAX_BYTES` while it
streams (a lying ``Content-Length`` does not help), and at most :data:`MAX_FILES`
are fetched. Files are stored under the URL's last path segment (never a name from
the body), which is how :mod:`catalog.intake` looks them up.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..core.diagnostics import Text
from .body import Attachment

GITHUB_HOSTS = (
    "github.com",
    "user-images.githubusercontent.com",
    "private-user-images.githubusercontent.com",
    "objects.githubusercontent.com",
)
GITHUB_PATHS = {"github.com": ("/user-attachments/assets/", "/user-attachments/files/")}
"""On github.com itself only the attachment paths (not any repository's files)."""
MAX_BYTES = 25 * 1024 * 1024
MAX_FILES = 8
TIMEOUT = 30
MAX_REDIRECTS = 5
_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


@dataclass(frozen=True)
class Policy:
    """Where downloads may come from. Tests serve files from 127.0.0.1 with ``http``."""

    hosts: tuple[str, ...] = GITHUB_HOSTS
    schemes: tuple[str, ...] = ("https",)
    paths: dict[str, tuple[str, ...]] | None = None
    max_bytes: int = MAX_BYTES
    max_files: int = MAX_FILES

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        netloc_host = host if parts.port is None else f"{host}:{parts.port}"
        if parts.scheme not in self.schemes or parts.username or parts.password:
            return False
        if host not in self.hosts and netloc_host not in self.hosts:
            return False
        prefixes = (GITHUB_PATHS if self.paths is None else self.paths).get(host)
        return prefixes is None or parts.path.startswith(prefixes)


class FetchProblem(Exception):
    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


class _Checked(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, policy: Policy):
        self.policy = policy

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        if not self.policy.allows(newurl):
            raise FetchProblem(
                Text(
                    f"tautan foto dialihkan ke alamat yang tidak diizinkan "
                    f"({urlsplit(newurl).hostname})",
                    f"the photo link redirects to a host that is not allowed "
                    f"({urlsplit(newurl).hostname})",
                )
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(policy: Policy) -> urllib.request.OpenerDirector:
    # No proxy handler from the environment, no file:// or ftp:// handlers at all.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _Checked(policy),
    ):
        opener.add_handler(handler)
    return opener


def key_of(attachment: Attachment) -> str | None:
    """The file name a download is stored under, or None when it cannot be a safe name."""
    key = attachment.key
    return key if _SAFE_KEY.fullmatch(key) and ".." not in key else None


def fetch(attachments: list[Attachment], dest: Path, policy: Policy = Policy()) -> dict[str, Text]:
    """Download ``attachments`` into ``dest``; returns the problems by URL.

    Attachments that are not URLs (plain file names of a shared text) are skipped:
    those files are expected in ``dest`` already.
    """
    dest.mkdir(parents=True, exist_ok=True)
    problems: dict[str, Text] = {}
    opener = _opener(policy)
    fetched = 0
    for attachment in attachments:
        url = attachment.url
        if "://" not in url:
            continue
        if fetched >= policy.max_files:
            break
        key = key_of(attachment)
        if not policy.allows(url) or key is None:
            problems[url] = Text(
                "foto hanya bisa dilampirkan langsung di formulir GitHub "
                "(seret atau pilih berkasnya), bukan tautan ke situs lain",
                "photos can only be attached directly in the GitHub form "
                "(drag or pick the file), not linked from another site",
            )
            continue
        fetched += 1
        try:
            _download(opener, url, dest / key, policy.max_bytes)
        except FetchProblem as exc:
            problems[url] = exc.text
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            problems[url] = Text(
                f"foto tidak bisa diunduh ({reason}); lampirkan lagi",
                f"the photo could not be downloaded ({reason}); attach it again",
            )
    return problems


def _download(
    opener: urllib.request.OpenerDirector, url: str, target: Path, max_bytes: int
) -> None:
    request = urllib.request.Request(
        url, headers={"User-Agent": "catalog-intake", "Accept": "image/*,*/*;q=0.5"}
    )
    too_big = FetchProblem(
        Text(
            f"foto lebih dari {max_bytes // (1024 * 1024)} MB; kirim foto "
            "asli dari kamera, bukan video atau berkas lain",
            f"the photo is larger than {max_bytes // (1024 * 1024)} MB; "
            "send a camera photo, not a video or other file",
        )
    )
    with opener.open(request, timeout=TIMEOUT) as response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise too_big
        partial = target.with_name(target.name + ".part")
        size = 0
        try:
            with partial.open("wb") as out:
                while chunk := response.read(1 << 16):
                    size += len(chunk)
                    if size > max_bytes:
                        raise too_big
                    out.write(chunk)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)

"""Read an issue body the way GitHub renders a filled issue form.

GitHub writes each field as ``### Label``, a blank line, then the value, or
``_No response_`` when it was left empty; checkboxes as ``- [X] option``; files
dropped into a textarea as Markdown images (``![IMG_1234](https://…)``), ``<img>``
tags or links. Only headings that are labels of :mod:`catalog.core.issue_form` split the
body, so a description that happens to contain ``### Something`` stays whole.

Everything here is hostile input: the size is capped before anything is read, and
nothing but plain strings leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..core import issue_form

_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$")
_CHECKBOX = re.compile(r"^\s*[-*]\s+\[([ xX])\]\s+(.*?)\s*$")
_MD_IMAGE = re.compile(
    r"!\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]{1,2000})>?(?:\s+\"[^\"\n]{0,300}\")?\s*\)"
)
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]{1,2000})>?\s*\)")
_BARE_FILE = re.compile(r"^[^\s/\\<>\[\]()]{1,200}\.(?:jpe?g|png|webp|heic|heif|avif)$", re.I)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A photo named in the body: where GitHub stored it (or a plain file name) and its name."""

    url: str  # "https://github.com/user-attachments/assets/…" or "IMG_1234.jpg"
    name: str  # the file name as the submitter's device called it (alt text), may be ""

    @property
    def key(self) -> str:
        """The file name a downloaded or shared copy is stored under: the URL's last part."""
        return unquote(urlsplit(self.url).path.rsplit("/", 1)[-1])


@dataclass
class Form:
    """The fields of one issue body: typed text, chosen options and ticked boxes."""

    values: dict[str, str] = field(default_factory=dict)
    ticked: dict[str, set[str]] = field(default_factory=dict)
    repeated: list[str] = field(default_factory=list)  # field ids found twice
    kind: issue_form.FormKind = "product"  # the form filled in: product or service

    def get(self, field_id: str) -> str:
        return self.values.get(field_id, "")

    @property
    def empty(self) -> bool:
        return not any(self.values.values()) and not any(self.ticked.values())


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Attachment] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "a"):
            values = dict(attrs)
            url = values.get("src" if tag == "img" else "href") or ""
            if url:
                self.found.append(Attachment(url.strip(), (values.get("alt") or "").strip()))


def parse(text: str, kind: issue_form.FormKind = "product") -> Form:
    """The fields of the ``kind`` form in ``text`` (an issue body); unknown headings stay
    in the value."""
    fields = issue_form.by_id(kind)
    labels = {issue_form.shown_label(f): f for f in fields.values()}
    form = Form(kind=kind)
    current: str | None = None
    lines: list[str] = []

    def close() -> None:
        if current is None:
            return
        f = fields[current]
        value = "\n".join(lines).strip("\n").strip()
        if current in form.values or current in form.ticked:
            form.repeated.append(current)
            return
        if f.kind == "checkboxes":
            form.ticked[current] = {
                m.group(2) for line in lines if (m := _CHECKBOX.match(line)) and m.group(1) in "xX"
            }
            return
        form.values[current] = "" if value == issue_form.NO_RESPONSE else value

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading and heading.group(1).strip() in labels:
            close()
            current, lines = labels[heading.group(1).strip()].id, []
        elif current is not None:
            lines.append(line)
    close()
    return form


def attachments(value: str) -> list[Attachment]:
    """The photos of the Photos field, in order: Markdown images, ``<img>``/``<a>`` tags,
    links, and bare file names on a line of their own (text shared without GitHub)."""
    found: list[tuple[int, Attachment]] = []
    for m in _MD_IMAGE.finditer(value):
        found.append((m.start(), Attachment(m.group(2), m.group(1).strip())))
    for m in _MD_LINK.finditer(value):
        found.append((m.start(), Attachment(m.group(2), m.group(1).strip())))
    parser = _Images()
    offset = 0
    for line in value.split("\n"):
        if "<" in line:
            parser.found = []
            parser.feed(line)
            parser.close()
            parser.reset()
            found += [(offset + i / 1000, a) for i, a in enumerate(parser.found)]
        elif _BARE_FILE.match(line.strip()):
            found.append((offset, Attachment(line.strip(), line.strip())))
        offset += len(line) + 1
    seen: set[str] = set()
    out = []
    for _, a in sorted(found, key=lambda pair: pair[0]):
        if a.url not in seen:
            seen.add(a.url)
            out.append(a)
    return out

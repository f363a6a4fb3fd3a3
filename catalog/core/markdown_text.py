"""Strangers' text inside Markdown that GitHub renders (comments, pull requests, release
notes): shown exactly as typed, never as markup.

:func:`md_text` folds the text to one line, backslash-escapes every ASCII punctuation
mark that Markdown or HTML could read (CommonMark lets any of them be escaped, and an
escaped ``<`` opens no tag or comment), and puts a zero-width space where GitHub would
otherwise link: after an ``@`` or ``#`` that could start a mention or an issue reference,
inside ``://`` and after ``www``. An e-mail address keeps its ``@`` as it is (a mention
needs a non-word character before it), so it can still be copied.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
_PUNCT = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~\"'&:=/^$%@;,?])")
_MENTION = re.compile(r"(?<![\w.+-])([@#])")


def md_text(value: str, limit: int = 300) -> str:
    """``value`` as inert Markdown text: shown as typed, never markup, mention or link."""
    one = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    if len(one) > limit:
        one = one[: limit - 1] + "…"
    one = _MENTION.sub(lambda m: m.group(1) + ZWSP, one)
    one = one.replace("://", ":" + ZWSP + "//")
    one = re.sub(r"(?i)\bwww\.", lambda m: m.group(0)[:3] + ZWSP + ".", one)
    return _PUNCT.sub(r"\\\1", one)

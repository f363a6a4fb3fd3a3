"""Read one YAML file safely, keeping the position of every key and value.

PyYAML's safe loader already refuses Python tags, but it silently keeps the last
of two equal keys, expands aliases without limit (the "billion laughs" bomb) and
forgets positions. So we compose the node graph with the safe loader and build
the Python values ourselves:

* every mapping key and value gets a :class:`~catalog.diagnostics.Position`
  recorded under its *location* (the tuple of keys and list indexes leading to
  it, as pydantic reports errors),
* duplicate keys, unknown tags and non-text keys become diagnostics,
* alias expansion is bounded by a node budget,
* files that are too large, not UTF-8, empty or not a mapping are refused
  before any of that.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import CatalogError, Diagnostic, Position, START, make

MAX_BYTES = 256 * 1024
"""One product is a page of text; 256 KiB leaves room for long descriptions."""

MAX_NODES = 20_000
"""Upper bound on values built from one file, aliases expanded (a product uses ~200)."""

Loc = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_KEY_TAGS = _SCALAR_TAGS | {"tag:yaml.org,2002:value"}  # `=:` is a plain key too
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Document:
    """A loaded YAML file: its data plus where each value and key stands."""

    path: str
    data: dict[str, Any]
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def pos(self, loc: Loc) -> Position:
        """Best position for ``loc``: the value, else the nearest enclosing one."""
        loc = tuple(loc)
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), START)

    def key_pos(self, loc: Loc) -> Position:
        """Position of the key naming ``loc`` (falls back to :meth:`pos`)."""
        return self.keys.get(tuple(loc)) or self.pos(loc)


def _short_tag(node: Node) -> str:
    return node.tag.replace("tag:yaml.org,2002:", "!!")


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.diagnostics: list[Diagnostic] = []
        self.budget = MAX_NODES
        self._scalars = yaml.SafeLoader("")  # only its scalar constructors are used
        self._building: set[int] = set()  # nodes being built: an alias back into one loops
        self._resolved: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _report(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.diagnostics:  # a node reached through aliases reports once
            self.diagnostics.append(diagnostic)

    def _spend(self, node: Node, loc: Loc) -> None:
        self.budget -= 1
        if self.budget < 0:
            # Point at the top-level entry being expanded: that is where the aliases are used.
            pos = self.keys.get(loc[:1]) or _position(node)
            raise CatalogError([make("Y107", self.path, pos, limit=MAX_NODES)])

    def build(self, node: Node, loc: Loc) -> Any:
        self._spend(node, loc)
        if id(node) in self._building:  # `a: &x [*x]` never ends once expanded
            raise CatalogError([make("Y107", self.path, _position(node), limit=MAX_NODES)])
        self.values.setdefault(loc, _position(node))
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                return self._bad_tag(node)
            self._building.add(id(node))
            try:
                return self._mapping(node, loc)
            finally:
                self._building.discard(id(node))
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                return self._bad_tag(node)
            self._building.add(id(node))
            try:
                return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            finally:
                self._building.discard(id(node))
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node)
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            problem = str(exc)
        except (KeyError, AttributeError, TypeError):  # e.g. `!!bool maybe`, `!!timestamp abc`
            problem = f"{_short_tag(node)} `{node.value}`"
        self._report(make("Y101", self.path, _position(node), problem=problem))
        return None

    def _bad_tag(self, node: Node) -> None:
        self._report(make("Y108", self.path, _position(node), tag=_short_tag(node)))
        return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, (key_node, value_node) in self._entries(node, loc, ()).items():
            self.keys[(*loc, key)] = _position(key_node)
            out[key] = self.build(value_node, (*loc, key))
        return out

    def _entries(self, node: MappingNode, loc: Loc,
                 chain: tuple[int, ...]) -> dict[str, tuple[Node, Node]]:
        """Key text -> (key node, value node) of a mapping, `<<:` merge keys resolved.

        As YAML 1.1 merges say, keys written in the mapping win over merged ones
        and earlier merged mappings over later ones; only keys written twice in
        the same mapping are duplicates.
        """
        if id(node) in self._resolved:
            return self._resolved[id(node)]
        if id(node) in chain:  # `a: &a {<<: *a}`
            raise CatalogError([make("Y107", self.path, _position(node), limit=MAX_NODES)])
        own: dict[str, tuple[Node, Node]] = {}
        merged: dict[str, tuple[Node, Node]] = {}
        merge_key: Node | None = None
        for key_node, value_node in node.value:
            self._spend(key_node, loc)
            kpos = _position(key_node)
            if key_node.tag == _MERGE_TAG:
                if merge_key is not None:
                    self._report(make("Y102", self.path, kpos, key="<<",
                                      first_line=_position(merge_key).line))
                    continue
                merge_key = key_node
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, MappingNode) or source.tag != _MAP_TAG:
                        self._report(make("Y101", self.path, _position(source),
                                          problem="`<<:` merges a mapping or a list of mappings"))
                        continue
                    for key, pair in self._entries(source, loc, (*chain, id(node))).items():
                        merged.setdefault(key, pair)
                continue
            # Keys are names: take the text as written, so `on:` or `2024:` stay text
            # instead of YAML 1.1's boolean or number.
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _KEY_TAGS:
                self._report(make("Y110", self.path, kpos, key=_short_tag(key_node)))
                continue
            key = key_node.value
            if key in own:
                self._report(make("Y102", self.path, kpos, key=key,
                                  first_line=_position(own[key][0]).line))
                continue
            own[key] = (key_node, value_node)
        entries = {k: v for k, v in merged.items() if k not in own} | own
        self._resolved[id(node)] = entries
        return entries


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "list / daftar"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date / tanggal"
    return f"{type(value).__name__} `{value}`"


def load_text(raw: bytes, path: str) -> Document:
    """Parse ``raw`` bytes of the file shown to users as ``path``.

    Raises :class:`CatalogError` with diagnostics when the file cannot be used;
    returns the document otherwise (non-fatal diagnostics are raised too, since
    a document with duplicate keys must not be trusted).
    """
    if len(raw) > MAX_BYTES:
        raise CatalogError([make("Y106", path, START, size=len(raw), limit=MAX_BYTES)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        before = raw[line_start: exc.start].decode("utf-8", "replace").lstrip("\ufeff")
        col = len(before) + 1  # in characters, as editors and the YAML parser count
        raise CatalogError([make("Y105", path, Position(line, col), offset=exc.start)]) from None
    root = _compose_fast(text)
    if root is not None:
        return _build_document(root, path)
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # refuses control characters right away
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise CatalogError([make("Y101", path, _text_position(text, exc.position),
                                 problem=f"unacceptable character #x{exc.character:04x}: "
                                         f"{exc.reason}")]) from None
    except RecursionError:
        mark = loader.get_mark() if loader else None
        pos = Position(mark.line + 1, mark.column + 1) if mark else START
        raise CatalogError([make("Y101", path, pos, problem="nested too deeply")]) from None
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc):
            mark = exc.problem_mark
            pos = Position(mark.line + 1, mark.column + 1) if mark else START
            raise CatalogError([make("Y109", path, pos)]) from None
        raise CatalogError([_syntax(exc, path)]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([_syntax(exc, path)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return _build_document(root, path)


def _build_document(root: Node | None, path: str) -> Document:
    if root is None:
        raise CatalogError([make("Y103", path, START)])
    builder = _Builder(path)
    data = builder.build(root, ())
    if builder.diagnostics:
        raise CatalogError(builder.diagnostics)
    if data is None:
        raise CatalogError([make("Y103", path, START)])
    if not isinstance(data, dict):
        raise CatalogError([make("Y104", path, _position(root), found=_describe(data))])
    return Document(path, data, builder.values, builder.keys)


_CLoader = getattr(yaml, "CSafeLoader", None)
MAX_FAST_NESTING = 1000
"""Above this bound on nesting depth the C composer (recursive C code) is not used."""


def _compose_fast(text: str) -> Node | None:
    """Compose with libyaml when available: same nodes and marks, ~10x faster.

    Returns None whenever the pure-Python path must decide: libyaml missing,
    a document that could nest deeper than :data:`MAX_FAST_NESTING` (a deep
    recursion in C would crash the process instead of raising), any parse error
    (the Python parser gives the precise message and position) or an empty
    document (the Python path reports it).
    """
    if _CLoader is None:
        return None
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    if text.count("[") + text.count("{") + text.count("- ") + indent > MAX_FAST_NESTING:
        return None
    loader = _CLoader(text)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    finally:
        loader.dispose()


def _text_position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _syntax(exc: yaml.YAMLError, path: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    pos = Position(mark.line + 1, mark.column + 1) if mark else START
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if context:
        problem = f"{problem} ({context})"
    return make("Y101", path, pos, problem=problem)


def load_file(file: Path, display: str | None = None) -> Document:
    """Read and parse ``file``; ``display`` is the path shown in diagnostics."""
    shown = display or file.as_posix()
    size = file.stat().st_size
    if size > MAX_BYTES:  # don't even read a huge file into memory
        raise CatalogError([make("Y106", shown, START, size=size, limit=MAX_BYTES)])
    with file.open("rb") as fh:  # a link to /dev/zero has size 0 and never ends
        return load_text(fh.read(MAX_BYTES + 1), shown)

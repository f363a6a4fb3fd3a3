"""Read one YAML file safely, keeping the position of every key and value.

PyYAML's safe loader already refuses Python tags, but it silently keeps the last
of two equal keys, expands aliases without limit (the "billion laughs" bomb) and
forgets positions. So we compose the node graph with the safe loader and build
the Python values ourselves:

* every mapping key and value gets a :class:`~catalog.core.diagnostics.Position`,
  found by its *location* (the tuple of keys and list indexes leading to it, as
  pydantic reports errors); positions are kept as a compact array and turned
  into :class:`Position` objects only when asked for,
* duplicate keys, unknown tags and non-text keys become diagnostics,
* alias expansion is bounded by a node budget,
* files that are too large, not UTF-8, empty or not a mapping are refused
  before any of that.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import CatalogError, Diagnostic, Position, START
from .codes import make

MAX_BYTES = 256 * 1024
"""One product is a page of text; 256 KiB leaves room for long descriptions."""

MAX_NODES = 20_000
"""Upper bound on values built from one file, aliases expanded (a product uses ~200)."""

Loc = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_KEY_TAGS = _SCALAR_TAGS | {"tag:yaml.org,2002:value"}  # `=:` is a plain key too
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class Document:
    """A loaded YAML file: its data plus where each value and key stands.

    The loader records positions as a flat array of (line, column) pairs, in the
    order it builds the data (a value, then for a mapping each key followed by
    its value, for a list each item): cheap to record and to send between
    processes. :meth:`pos` and :meth:`key_pos` find one location by walking the
    data (so ``data`` must not be changed); :attr:`values` and :attr:`keys`
    (location -> position) are built on first use. ``Document(path, data, values,
    keys)`` takes explicit maps.
    """

    __slots__ = ("path", "data", "_marks", "_values", "_keys")

    def __init__(
        self,
        path: str,
        data: dict[str, Any],
        values: dict[Loc, Position] | None = None,
        keys: dict[Loc, Position] | None = None,
    ):
        self.path = path
        self.data = data
        self._marks: Sequence[int] | None = None
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys

    @classmethod
    def _from_marks(cls, path: str, data: dict[str, Any], marks: Sequence[int]) -> Document:
        doc = cls.__new__(cls)
        doc.path, doc.data, doc._marks = path, data, marks
        doc._values = doc._keys = None
        return doc

    def __reduce__(self):
        if self._marks is not None:  # a few bytes instead of two dicts of positions
            return Document._from_marks, (self.path, self.data, self._marks)
        return Document, (self.path, self.data, self._values, self._keys)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.path, self.data, self.values, self.keys) == (
            other.path,
            other.data,
            other.values,
            other.keys,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, data={self.data!r})"

    @property
    def values(self) -> dict[Loc, Position]:
        """Location -> position of its value."""
        if self._values is None:
            self._materialize()
        return self._values  # type: ignore[return-value]

    @property
    def keys(self) -> dict[Loc, Position]:
        """Location -> position of the key naming it (mapping entries only)."""
        if self._keys is None:
            self._materialize()
        return self._keys  # type: ignore[return-value]

    def _materialize(self) -> None:
        values: dict[Loc, Position] = {}
        keys: dict[Loc, Position] = {}
        marks = self._marks or ()
        at = 0

        def walk(value: Any, loc: Loc) -> None:
            nonlocal at
            values[loc] = Position(marks[at] + 1, marks[at + 1] + 1)
            at += 2
            if type(value) is dict:
                for key, item in value.items():
                    here = (*loc, key)
                    keys[here] = Position(marks[at] + 1, marks[at + 1] + 1)
                    at += 2
                    walk(item, here)
            elif type(value) is list:
                for i, item in enumerate(value):
                    walk(item, (*loc, i))

        if marks:
            walk(self.data, ())
        self._values, self._keys = values, keys

    def _find(self, loc: Loc) -> tuple[int, int, bool]:
        """(index of the deepest value on ``loc``, index of its key or -1, all of loc found?)."""
        value, at, key = self.data, 0, -1
        for part in loc:
            if type(value) is dict:
                if not isinstance(part, str) or part not in value:
                    return at, key, False
                at += 2
                for name, item in value.items():
                    if name == part:
                        key, at, value = at, at + 2, item
                        break
                    at += 2 + _span(item)
            elif type(value) is list:
                if not isinstance(part, int) or not 0 <= part < len(value):
                    return at, key, False
                at += 2
                for item in value[:part]:
                    at += _span(item)
                key, value = -1, value[part]
            else:
                return at, key, False
        return at, key, True

    def pos(self, loc: Loc) -> Position:
        """Best position for ``loc``: the value, else the nearest enclosing one."""
        if self._marks is None:
            loc = tuple(loc)
            values = self._values or {}
            while loc:
                if loc in values:
                    return values[loc]
                loc = loc[:-1]
            return values.get((), START)
        at = self._find(tuple(loc))[0]
        return Position(self._marks[at] + 1, self._marks[at + 1] + 1)

    def key_pos(self, loc: Loc) -> Position:
        """Position of the key naming ``loc`` (falls back to :meth:`pos`)."""
        if self._marks is None:
            return (self._keys or {}).get(tuple(loc)) or self.pos(loc)
        at, key, found = self._find(tuple(loc))
        if found and key >= 0:
            at = key
        return Position(self._marks[at] + 1, self._marks[at + 1] + 1)


def _span(value: Any) -> int:
    """How many numbers the positions of ``value`` and everything inside it take."""
    if type(value) is dict:
        return 2 + sum(2 + _span(item) for item in value.values())
    if type(value) is list:
        return 2 + sum(_span(item) for item in value)
    return 2


def _short_tag(node: Node) -> str:
    return node.tag.replace("tag:yaml.org,2002:", "!!")


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


_SAFE = yaml.constructor.SafeConstructor
_CONSTRUCT = {tag: _SAFE.yaml_constructors[tag] for tag in _SCALAR_TAGS}
"""Scalar tag -> PyYAML's constructor; they read only the node, so one instance serves all."""
_CONSTRUCTOR = _SAFE()


class _Builder:
    """Python values from a node graph, recording positions in build order."""

    def __init__(self, path: str):
        self.path = path
        self.marks: list[int] = []
        self.diagnostics: list[Diagnostic] = []
        self.budget = MAX_NODES
        self._scalars: yaml.SafeLoader | None = None  # for scalars that fail, see _scalar
        self._building: set[int] = set()  # nodes being built: an alias back into one loops
        self._resolved: dict[int, dict[str, tuple[Node, Node]]] = {}
        self._entry: Position | None = None  # key of the top-level entry being built

    def _report(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.diagnostics:  # a node reached through aliases reports once
            self.diagnostics.append(diagnostic)

    def _too_many(self, node: Node) -> NoReturn:
        # Point at the top-level entry being expanded: that is where the aliases are used.
        raise CatalogError(
            [make("Y107", self.path, self._entry or _position(node), limit=MAX_NODES)]
        )

    def build(self, node: Node, top: bool = False) -> Any:
        self.budget -= 1
        if self.budget < 0:
            self._too_many(node)
        mark = node.start_mark
        self.marks += (mark.line, mark.column)
        tag = node.tag
        if type(node) is ScalarNode:
            if tag == _STR_TAG:
                return node.value
            return self._scalar(node)
        if id(node) in self._building:  # `a: &x [*x]` never ends once expanded
            raise CatalogError([make("Y107", self.path, _position(node), limit=MAX_NODES)])
        if isinstance(node, MappingNode):
            if tag != _MAP_TAG:
                return self._bad_tag(node)
            self._building.add(id(node))
            try:
                return self._mapping(node, top)
            finally:
                self._building.discard(id(node))
        if isinstance(node, SequenceNode):
            if tag != _SEQ_TAG:
                return self._bad_tag(node)
            self._building.add(id(node))
            try:
                return [self.build(item) for item in node.value]
            finally:
                self._building.discard(id(node))
        return self._scalar(node)

    def _scalar(self, node: Node) -> Any:
        construct = _CONSTRUCT.get(node.tag)
        if construct is None or not isinstance(node, ScalarNode):
            return self._bad_tag(node)
        try:
            return construct(_CONSTRUCTOR, node)
        except Exception:  # noqa: BLE001 - reported below exactly as PyYAML's loader has it
            pass
        # PyYAML's own loader remembers a node that failed (reached again through an
        # alias it says so): keep its messages by letting it construct failing scalars.
        if self._scalars is None:
            self._scalars = yaml.SafeLoader("")
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

    def _mapping(self, node: MappingNode, top: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        marks = self.marks
        for key, (key_node, value_node) in self._entries(node, ()).items():
            mark = key_node.start_mark
            marks += (mark.line, mark.column)
            if top:
                self._entry = Position(mark.line + 1, mark.column + 1)
            if type(value_node) is ScalarNode and value_node.tag == _STR_TAG:
                self.budget -= 1  # build() inlined for the most common value, plain text
                if self.budget < 0:
                    self._too_many(value_node)
                mark = value_node.start_mark
                marks += (mark.line, mark.column)
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node)
        return out

    def _entries(self, node: MappingNode, chain: tuple[int, ...]) -> dict[str, tuple[Node, Node]]:
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
        merged: dict[str, tuple[Node, Node]] | None = None
        merge_key: Node | None = None
        for key_node, value_node in node.value:
            self.budget -= 1
            if self.budget < 0:
                self._too_many(key_node)
            tag = key_node.tag
            if tag == _MERGE_TAG:
                if merge_key is not None:
                    self._report(
                        make(
                            "Y102",
                            self.path,
                            _position(key_node),
                            key="<<",
                            first_line=_position(merge_key).line,
                        )
                    )
                    continue
                merge_key = key_node
                merged = {}
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, MappingNode) or source.tag != _MAP_TAG:
                        self._report(
                            make(
                                "Y101",
                                self.path,
                                _position(source),
                                problem="`<<:` merges a mapping or a list of mappings",
                            )
                        )
                        continue
                    for key, pair in self._entries(source, (*chain, id(node))).items():
                        merged.setdefault(key, pair)
                continue
            # Keys are names: take the text as written, so `on:` or `2024:` stay text
            # instead of YAML 1.1's boolean or number.
            if tag not in _KEY_TAGS or not isinstance(key_node, ScalarNode):
                self._report(make("Y110", self.path, _position(key_node), key=_short_tag(key_node)))
                continue
            key = key_node.value
            if key in own:
                self._report(
                    make(
                        "Y102",
                        self.path,
                        _position(key_node),
                        key=key,
                        first_line=_position(own[key][0]).line,
                    )
                )
                continue
            own[key] = (key_node, value_node)
        entries = own if not merged else {k: v for k, v in merged.items() if k not in own} | own
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
        before = raw[line_start : exc.start].decode("utf-8", "replace").lstrip("\ufeff")
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
        raise CatalogError(
            [
                make(
                    "Y101",
                    path,
                    _text_position(text, exc.position),
                    problem=f"unacceptable character #x{exc.character:04x}: {exc.reason}",
                )
            ]
        ) from None
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
    data = builder.build(root, top=True)
    if builder.diagnostics:
        raise CatalogError(builder.diagnostics)
    if data is None:
        raise CatalogError([make("Y103", path, START)])
    if not isinstance(data, dict):
        raise CatalogError([make("Y104", path, _position(root), found=_describe(data))])
    return Document._from_marks(path, data, array("i", builder.marks))


_CLoader = getattr(yaml, "CSafeLoader", None)
MAX_FAST_NESTING = 1000
"""Above this bound on nesting depth the C composer (recursive C code) is not used."""

_DEFAULT_TAGS = {ScalarNode: _STR_TAG, SequenceNode: _SEQ_TAG, MappingNode: _MAP_TAG}
_PLAIN_TAGS: dict[str, str] = {}
"""Plain scalar -> resolved tag: the same few hundred words and numbers in every file."""
_PLAIN_CACHE_LIMIT = 20_000
_PLAIN_CACHED_LENGTH = 64

if _CLoader is not None:

    class _FastCLoader(_CLoader):  # type: ignore[misc, valid-type]
        """libyaml's composer with PyYAML's tag resolution remembered per plain scalar."""

        def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
            if self.yaml_path_resolvers:  # not used by the safe loader; stay exact if added
                return super().resolve(kind, value, implicit)
            if kind is ScalarNode and implicit[0]:
                tag = _PLAIN_TAGS.get(value)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    if len(value) <= _PLAIN_CACHED_LENGTH and len(_PLAIN_TAGS) < _PLAIN_CACHE_LIMIT:
                        _PLAIN_TAGS[value] = tag
                return tag
            return _DEFAULT_TAGS[kind]
else:  # pragma: no cover - PyYAML without libyaml
    _FastCLoader = None

_LINE_BREAK = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines() splits


def _indented_deeper_than(text: str, spaces: int) -> bool:
    """Does some line (as ``str.splitlines`` cuts them) start with more than ``spaces`` spaces?"""
    if spaces < 0:
        return True
    pattern = _DEEP_INDENT.get(spaces)
    if pattern is None:
        pattern = re.compile(f"(?:\\A|(?<=[{_LINE_BREAK}])) {{{spaces + 1}}}")
        _DEEP_INDENT[spaces] = pattern
    return pattern.search(text) is not None


_DEEP_INDENT: dict[int, re.Pattern[str]] = {}


def _compose_fast(text: str) -> Node | None:
    """Compose with libyaml when available: same nodes and marks, ~10x faster.

    Returns None whenever the pure-Python path must decide: libyaml missing,
    a document that could nest deeper than :data:`MAX_FAST_NESTING` (a deep
    recursion in C would crash the process instead of raising), any parse error
    (the Python parser gives the precise message and position) or an empty
    document (the Python path reports it).
    """
    if _FastCLoader is None:
        return None
    # brackets + list items + the deepest indentation bound the nesting depth
    if _indented_deeper_than(
        text, MAX_FAST_NESTING - text.count("[") - text.count("{") - text.count("- ")
    ):
        return None
    loader = _FastCLoader(text)
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


def unreadable(path: str, problem: str) -> Diagnostic:
    """Y101 for a file that could not be read at all (an OS error)."""
    return make("Y101", path, START, problem=problem)

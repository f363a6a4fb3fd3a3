"""What a theme does with a page's own values, recorded while a shell is made.

A shell (:mod:`catalog.mkdocs.shells`) is right for every page of its kind when the
theme's output depends on a page's own values (title, description, body, URL...) only
through what the shell copies: the value printed, in one of a few known ways. The
stand-in pages a shell is made from carry, in place of those values, strings that
record every operation done on them (:class:`Recorder`): a comparison
(``page.url == entry.url``), a test (``"<h1" not in page.content``), a length, a
method call (``page.title.lower()``), also on the string ``str()`` makes of them
(``str(s).replace(...)`` in a filter)... Printing them (``str()``, ``| e``,
``| striptags``) records nothing: the shell's holes cover it.

Each recorded operation whose result is the same for both stand-ins becomes a *check*
that is evaluated again on each real page before its shell is filled (microseconds:
a few string comparisons); a page that fails one is rendered by MkDocs instead. An
operation whose result changes with the value (a length, a lowercased title) means the
theme computes something from it that a shell cannot copy: no shell for that kind.

What this cannot see: operations done in C on a value after it was turned into a plain
string (``value in "a literal"``, regular expressions inside filters). The two stand-in
renderings differ in every respect a theme plausibly tests (length, case, spaces,
markup, digits, non-ASCII), and the first page of every kind is compared with MkDocs'
own rendering, so such a use shows up as a difference and the kind is rendered page
by page.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import shim

Key = tuple
"""A per-page value: ``("text", n)`` (body 0, then the front-matter texts) or
``("url", "page.canonical_url")``."""


@dataclass(frozen=True)
class Ref:
    """A per-page value passed as an argument (``page.title == page.meta.title``)."""

    key: Key


@dataclass(frozen=True)
class Op:
    """One operation of the theme on a per-page value, and its outcome."""

    key: Key
    name: str
    args: tuple
    kwargs: tuple
    outcome: tuple
    """``("value", result)`` or ``("raise", exception class name)``."""

    def describe(self) -> str:
        args = ", ".join(f"<{a.key[1]}>" if isinstance(a, Ref) else repr(a) for a in self.args)
        return f"<{self.key[1]}>.{self.name}({args})"


_NOT_OPS = {
    "__new__",
    "__init__",
    "__init_subclass__",
    "__subclasshook__",
    "__class__",
    "__getattribute__",
    "__getattr__",
    "__setattr__",
    "__delattr__",
    "__reduce__",
    "__reduce_ex__",
    "__getnewargs__",
    "__sizeof__",
    "__dir__",
    "__getstate__",
    "__class_getitem__",
    "__str__",
    "__html__",
    "__format__",
    "__doc__",
}
"""Methods that are not operations on the value: object plumbing, and printing
(``__str__``, ``__html__``, ``format(value, "")``), which the shell's holes copy."""
_EXTRA_OPS = ("__bool__", "__radd__")
"""Operators ``str`` does not define but a subclass can catch: truth and ``x + value``."""


def _operations(base: type) -> list[str]:
    names = []
    for name in sorted(set(dir(base)) | set(_EXTRA_OPS)):
        if name in _NOT_OPS:
            continue
        attr = inspect.getattr_static(base, name, None)
        if isinstance(attr, classmethod | staticmethod):
            continue
        if name in _EXTRA_OPS or callable(getattr(base, name, None)):
            names.append(name)
    return names


def apply(value: str, name: str, args: tuple, kwargs: dict) -> tuple:
    """The outcome of operation ``name`` on ``value`` (a plain ``str`` or ``Markup``)."""
    try:
        if name == "__bool__":
            result = bool(value)
        elif name == "__radd__":
            result = args[0] + value
        elif name == "__iter__":
            result = tuple(value)
        else:
            result = getattr(type(value), name)(value, *args, **kwargs)
        if inspect.isgenerator(result) or hasattr(result, "__next__"):
            result = tuple(result)
        return ("value", result)
    except Exception as exc:  # the theme sees the same exception
        return ("raise", type(exc).__name__)


def _plain(value: Any) -> Any:
    if isinstance(value, _TRACED):
        return value._trace_base(str.__str__(value))
    return value


def _ref(value: Any) -> Any:
    return Ref(value._trace_key) if isinstance(value, _TRACED) else value


def _method(name: str) -> Callable:
    def method(self, *args, **kwargs):
        plain = self._trace_base(str.__str__(self))
        outcome = apply(
            plain, name, tuple(_plain(a) for a in args), {k: _plain(v) for k, v in kwargs.items()}
        )
        if self._trace_key[0] == "url" and shim.from_url_helper(sys._getframe(1)):
            pass  # relative links: they depend on the depth, part of the kind
        else:
            self._trace_recorder.ops.append(
                Op(
                    self._trace_key,
                    name,
                    tuple(_ref(a) for a in args),
                    tuple(sorted((k, _ref(v)) for k, v in kwargs.items())),
                    outcome,
                )
            )
        if outcome[0] == "raise":  # raise it again, from the real operation
            return apply_raising(plain, name, args, kwargs)
        result = outcome[1]
        return iter(result) if name == "__iter__" else result

    method.__name__ = name
    return method


def apply_raising(value: str, name: str, args: tuple, kwargs: dict) -> Any:
    return getattr(type(value), name)(
        value, *(_plain(a) for a in args), **{k: _plain(v) for k, v in kwargs.items()}
    )


def _printed(self) -> Any:
    """``str(value)``: a recording copy, as a plain ``str`` (what ``str()`` gives for
    ``Markup`` too), so what a filter does after turning the value into a string
    (``str(s).replace(...)`` in Jinja's ``replace``) is recorded as well."""
    copy = TracedStr(str.__str__(self))
    copy._trace_key, copy._trace_recorder = self._trace_key, self._trace_recorder
    return copy


def _format(self, spec: str) -> str:
    if spec:
        return _method("__format__")(self, spec)
    return _printed(self)


def _traced_type(base: type) -> type:
    namespace: dict[str, Any] = {name: _method(name) for name in _operations(base)}
    namespace["__str__"] = _printed
    namespace["__format__"] = _format
    namespace["__repr__"] = _method("__repr__")
    namespace["_trace_base"] = base
    if base is Markup:
        namespace["__html__"] = lambda self: Markup(str.__str__(self))
    return type(f"Traced{base.__name__}", (base,), namespace)


TracedStr = _traced_type(str)
TracedMarkup = _traced_type(Markup)
_TRACED = (TracedStr, TracedMarkup)


class WatchedList(list):
    """A list that notes being read (MkDocs' ``pages``: every documentation page)."""

    def _read(self) -> None:
        self.recorder.pages_read = True

    def __iter__(self):
        self._read()
        return super().__iter__()

    def __len__(self) -> int:
        self._read()
        return super().__len__()

    def __getitem__(self, index):
        self._read()
        return super().__getitem__(index)

    def __contains__(self, item) -> bool:
        self._read()
        return super().__contains__(item)

    def __bool__(self) -> bool:
        self._read()
        return super().__len__() > 0


class Recorder:
    """The operations done on the values of one stand-in rendering."""

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.seen: dict[Key, Any] = {}
        """Each traced value as the theme got it (after the page events)."""
        self.pages_read = False

    def wrap(self, value: Any, key: Key) -> Any:
        """``value`` as a recording string (``str`` and ``Markup`` only)."""
        if isinstance(value, Markup):
            cls = TracedMarkup
        elif isinstance(value, str):
            cls = TracedStr
        else:
            return value
        self.seen[key] = value
        traced = cls(str.__str__(value))
        traced._trace_key = key
        traced._trace_recorder = self
        return traced

    def watch(self, pages: Any) -> Any:
        if not isinstance(pages, list):
            return pages
        watched = WatchedList(pages)
        watched.recorder = self
        return watched


def _same_steps(op: Op) -> tuple:
    return (op.key, op.name, repr(op.args), repr(op.kwargs))


def checks(plain: Recorder, probed: Recorder) -> list[Op]:
    """The operations to check on every page, from the recordings of the two stand-ins.

    Raises ``ValueError`` (with what the theme did) when the two differ in what was
    done or in an outcome: the theme's use of the value depends on the value."""
    first = [_same_steps(op) for op in plain.ops]
    if first != [_same_steps(op) for op in probed.ops]:
        for a, b in zip(plain.ops, probed.ops):
            if _same_steps(a) != _same_steps(b):
                raise ValueError(
                    f"the theme does other things with a per-page value when "
                    f"it changes ({a.describe()}, then {b.describe()})"
                )
        raise ValueError("the theme does more with a per-page value when it changes")
    found: dict[tuple, Op] = {}
    for a, b in zip(plain.ops, probed.ops):
        if a.outcome != b.outcome:
            raise ValueError(f"the theme computes {a.describe()} from a per-page value")
        found.setdefault(_same_steps(a), a)
    return list(found.values())


def holds(op: Op, visible: Callable[[Key], Any]) -> bool:
    """Whether ``op`` has its recorded outcome on a real page; ``visible(key)`` gives
    that page's value as the theme gets it (None: not known, the check fails)."""
    value = visible(op.key)
    if value is None:
        return False
    args = []
    for arg in op.args:
        if isinstance(arg, Ref):
            arg = visible(arg.key)
            if arg is None:
                return False
        args.append(arg)
    kwargs = {}
    for name, arg in op.kwargs:
        if isinstance(arg, Ref):
            arg = visible(arg.key)
            if arg is None:
                return False
        kwargs[name] = arg
    return apply(value, op.name, tuple(args), kwargs) == op.outcome


def keys_of(ops: list[Op]) -> set[Key]:
    """Every per-page value the checks read."""
    found = set()
    for op in ops:
        found.add(op.key)
        found.update(a.key for a in op.args if isinstance(a, Ref))
        found.update(v.key for _k, v in op.kwargs if isinstance(v, Ref))
    return found


def compile_checks(ops: list[Op]) -> list[Callable[[dict], bool]]:
    """``ops`` as tests of a page's values (a dict by key, as the theme gets them): the
    common ones (truth, equality with constants, a substring) as one comparison each,
    the inequalities of one value with several constants as one set lookup, any other
    through :func:`holds`. Each test is true when the op has its recorded outcome."""
    tests: list[Callable[[dict], bool]] = []
    unequal: dict[Key, set[str]] = {}
    for op in ops:
        simple = (
            not op.kwargs
            and op.outcome[0] == "value"
            and len(op.args) <= 1
            and all(type(a) is str for a in op.args)
        )
        key, result = op.key, op.outcome[1]
        if (
            simple
            and op.name in ("__eq__", "__ne__")
            and op.args
            and result is (op.name == "__ne__")
        ):
            unequal.setdefault(key, set()).add(op.args[0])
        elif simple and op.name == "__eq__" and op.args:
            tests.append(lambda values, key=key, c=op.args[0]: values[key] == c)
        elif simple and op.name == "__bool__" and not op.args:
            tests.append(lambda values, key=key, want=result: bool(values[key]) is want)
        elif simple and op.name == "__contains__" and op.args:
            tests.append(
                lambda values, key=key, c=op.args[0], want=result: (c in values[key]) is want
            )
        else:
            tests.append(lambda values, op=op: holds(op, values.get))
    for key, constants in unequal.items():
        tests.append(lambda values, key=key, c=frozenset(constants): values[key] not in c)
    return tests

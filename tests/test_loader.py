"""catalog.core.loader: YAML read safely, with the position of every key and value."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from catalog.core.diagnostics import CatalogError, Diagnostic, Position
from catalog.core.loader import MAX_BYTES, MAX_NODES, Document, load_file, load_text
from conftest import billion_laughs


def load(text: str | bytes) -> Document:
    return load_text(text.encode() if isinstance(text, str) else text, "f.yaml")


def refused(text: str | bytes) -> list[Diagnostic]:
    """The diagnostics a file is refused with (it must be refused)."""
    with pytest.raises(CatalogError) as info:
        load(text)
    assert info.value.diagnostics, "refused without saying why"
    for d in info.value.diagnostics:
        assert d.path == "f.yaml" and d.line >= 1 and d.column >= 1
    return info.value.diagnostics


def only(text: str | bytes) -> tuple[str, int, int]:
    """(code, line, column) of the one diagnostic a file is refused with."""
    diagnostics = refused(text)
    assert len(diagnostics) == 1, [(d.code, d.line, d.column) for d in diagnostics]
    d = diagnostics[0]
    return d.code, d.line, d.column


# -- positions ------------------------------------------------------------------

POSITIONS = """\
# a comment line
name:
  id: Tas Kulit
  en: Leather bag
moq: {quantity: 50, unit: piece}
keywords:
  - tas
  -   dompet
description: |
  two lines
  of text
added: 2026-08-01
"""


def test_positions_of_keys_and_values_are_one_based():
    doc = load(POSITIONS)
    assert doc.keys[("name",)] == Position(2, 1)
    assert doc.values[("name",)] == Position(3, 3)  # the mapping starts at its first key
    assert doc.keys[("name", "id")] == Position(3, 3)
    assert doc.values[("name", "id")] == Position(3, 7)
    assert doc.keys[("moq", "unit")] == Position(5, 21)
    assert doc.values[("moq", "quantity")] == Position(5, 17)
    assert doc.values[("moq", "unit")] == Position(5, 27)
    assert doc.values[("keywords", 0)] == Position(7, 5)
    assert doc.values[("keywords", 1)] == Position(8, 7)
    assert doc.values[("description",)] == Position(9, 14)
    assert doc.values[("added",)] == Position(12, 8)


def test_values_keep_their_yaml_types():
    doc = load(POSITIONS)
    assert doc.data["moq"] == {"quantity": 50, "unit": "piece"}
    assert doc.data["description"] == "two lines\nof text\n"
    assert doc.data["added"] == dt.date(2026, 8, 1)


def test_position_of_a_missing_value_falls_back_to_its_parent():
    doc = load(POSITIONS)
    assert doc.pos(("moq", "nope")) == Position(5, 6)
    assert doc.pos(("keywords", 7)) == doc.values[("keywords",)]
    assert doc.pos(()) == Position(2, 1)
    assert doc.key_pos(("moq", "unit")) == Position(5, 21)
    assert doc.key_pos(("moq", "nope")) == Position(5, 6)


def test_byte_order_mark_does_not_shift_columns():
    doc = load(b"\xef\xbb\xbfname: Tas\n")
    assert doc.data == {"name": "Tas"}
    assert doc.values[("name",)] == Position(1, 7)


# -- Y102 duplicate keys -------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, column, first",
    [
        ("name: a\nstatus: active\nname: b\n", 3, 1, 1),
        ("moq:\n  quantity: 5\n  unit: kg\n  quantity: 6\n", 4, 3, 2),
        ("name: a\n'name': b\n", 2, 1, 1),  # quoting doesn't make it new
        ("moq: {unit: kg, quantity: 1, unit: g}\n", 1, 30, 1),  # flow style
    ],
    ids=["top-level", "nested", "quoted", "flow"],
)
def test_duplicate_key_names_both_lines(text, line, column, first):
    [d] = refused(text)
    assert (d.code, d.line, d.column) == ("Y102", line, column)
    assert f"baris {first}" in d.message.id and f"line {first}" in d.message.en


# -- Y103 empty ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n\n   \n", "# only\n# comments\n", "---\n", "~\n"],
    ids=["empty", "blank", "comments", "bare-document", "null"],
)
def test_empty_file(text):
    assert only(text) == ("Y103", 1, 1)


# -- Y104 not a mapping ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, found",
    [
        ("- name: a\n- name: b\n", 1, "list"),
        ("# comment\nTas Kulit Sapi\n", 2, "str"),
        ("42\n", 1, "int"),
    ],
    ids=["list", "text", "number"],
)
def test_document_must_be_a_mapping(text, line, found):
    [d] = refused(text)
    assert (d.code, d.line, d.column) == ("Y104", line, 1)
    assert found in d.message.en


# -- Y105 not UTF-8 --------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, line, column, offset",
    [
        (b"name: Tas\ndescription: caf\xe9 kulit\n", 2, 17, 26),  # Latin-1 é
        (b"name: Tas\nnote: \xc3\xa9t\xe9\n", 2, 9, 19),  # column counts characters
        ("name: Tas\n".encode("utf-16"), 1, 1, 0),  # Notepad's "Unicode"
    ],
    ids=["latin-1", "after-multibyte", "utf-16"],
)
def test_non_utf8_bytes_are_located(raw, line, column, offset):
    [d] = refused(raw)
    assert (d.code, d.line, d.column) == ("Y105", line, column)
    assert f"byte {offset}" in d.message.en


# -- Y106 size -------------------------------------------------------------------


def test_oversized_text_is_refused_before_parsing():
    raw = b"name: x\n" + b"# " + b"x" * MAX_BYTES + b"\n"
    [d] = refused(raw)
    assert (d.code, d.line, d.column) == ("Y106", 1, 1)
    assert str(len(raw)) in d.message.en and str(MAX_BYTES) in d.message.en


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: [" + b"1, " * MAX_BYTES + b"1]\n")
    with pytest.raises(CatalogError) as info:
        load_file(big, "products/x/big.yaml")
    [d] = info.value.diagnostics
    assert (d.code, d.path, d.line, d.column) == ("Y106", "products/x/big.yaml", 1, 1)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_link_to_an_endless_file_is_refused(tmp_path: Path):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(CatalogError) as info:
        load_file(link, "products/x/zero.yaml")
    assert [d.code for d in info.value.diagnostics] == ["Y106"]


def test_file_of_exactly_the_limit_is_read():
    head = b"name: x\n"
    raw = head + b"#" * (MAX_BYTES - len(head) - 1) + b"\n"
    assert len(raw) == MAX_BYTES
    assert load(raw).data == {"name": "x"}


# -- Y107 alias bombs ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line",
    [
        (billion_laughs(), 5),  # `e:` is the first entry expanding past the budget (9**5 nodes)
        (
            "a: &a {x: 1, y: 2, z: 3}\n"
            + "".join(
                f"k{i}: &k{i} [{', '.join(['*a' if i == 0 else f'*k{i - 1}'] * 10)}]\n"
                for i in range(6)
            ),
            5,
        ),
    ],
    ids=["billion-laughs", "nested-mappings"],
)
def test_alias_bomb_is_refused_quickly_where_it_expands(text, line):
    start = time.perf_counter()
    [d] = refused(text)
    elapsed = time.perf_counter() - start
    assert (d.code, d.line, d.column) == ("Y107", line, 1)
    assert str(MAX_NODES) in d.message.en and str(MAX_NODES) in d.message.id
    assert elapsed < 2, f"took {elapsed:.2f} s"


@pytest.mark.parametrize(
    "text",
    ["a: &x [1, *x]\n", "a: &x {b: *x}\n", "a: &x {<<: *x}\n"],
    ids=["list", "mapping", "merge"],
)
def test_recursive_alias_is_refused(text):
    assert only(text)[0] == "Y107"


def test_a_few_aliases_are_fine():
    doc = load(
        "alt: &alt {id: Tas, en: Bag}\nimages:\n"
        "  - {file: a.jpg, alt: *alt}\n  - {file: b.jpg, alt: *alt}\n"
    )
    assert doc.data["images"][1]["alt"] == {"id": "Tas", "en": "Bag"}


# -- Y108 tags -------------------------------------------------------------------


def test_python_tags_are_refused_and_never_run(tmp_path: Path):
    marker = tmp_path / "pwned"
    text = (
        f"name: Tas\nnote: !!python/object/apply:os.system ['touch {marker}']\n"
        f"other: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path "
        f"['{marker}']]\n"
    )
    diagnostics = refused(text)
    assert not marker.exists()
    assert ("Y108", 2, 7) in [(d.code, d.line, d.column) for d in diagnostics]
    assert "!!python/object/apply:os.system" in diagnostics[0].message.en


@pytest.mark.parametrize(
    "text, tag, column",
    [
        ("a: !!python/name:os.system\n", "!!python/name:os.system", 4),
        ("a: !!python/object/new:builtins.dict {}\n", "!!python/object/new:builtins.dict", 4),
        ("a: !foo bar\n", "!foo", 4),
        ("a: !!binary aGVsbG8=\n", "!!binary", 4),
        ("a:\n  b: !!set {x, y}\n", "!!set", 6),
    ],
    ids=["python-name", "python-new", "local", "binary", "set"],
)
def test_unknown_tags_are_refused(text, tag, column):
    [d] = refused(text)
    assert (d.code, d.column) == ("Y108", column)
    assert f"`{tag}`" in d.message.en and f"`{tag}`" in d.message.id


def test_tag_reached_through_an_alias_is_reported_once():
    assert only("a: &x !foo 1\nb: *x\nc: *x\n") == ("Y108", 1, 4)


def test_standard_tags_are_allowed():
    assert load("a: !!str 123\nb: !!int '7'\n").data == {"a": "123", "b": 7}


# -- Y109 several documents --------------------------------------------------------


@pytest.mark.parametrize(
    "text, line",
    [
        ("name: a\n---\nname: b\n", 2),
        ("---\nname: a\n---\n", 3),
    ],
    ids=["two", "trailing-marker"],
)
def test_several_documents_are_refused(text, line):
    assert only(text) == ("Y109", line, 1)


def test_explicit_single_document_is_fine():
    assert load("---\nname: a\n...\n").data == {"name": "a"}


# -- Y110 keys that are not text -------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, column, kind",
    [
        ("name: a\n? [x, y]\n: 1\n", 2, 3, "!!seq"),
        ("{a: 1}: 2\n", 1, 1, "!!map"),
        ("moq:\n  ? {quantity: 1}\n  : 2\n", 2, 5, "!!map"),
    ],
    ids=["list", "mapping", "nested"],
)
def test_keys_must_be_text(text, line, column, kind):
    [d] = refused(text)
    assert (d.code, d.line, d.column) == ("Y110", line, column)
    assert kind in d.message.en


# -- Y101 syntax and scalar errors -----------------------------------------------------


@pytest.mark.parametrize(
    "text, line, column",
    [
        ("name: a\n  status: x\n", 2, 9),  # indented key under a scalar
        ("name: a\n\tstatus: x\n", 2, 1),  # a tab
        ("keywords: [a, b\nstatus: x\n", 2, 7),  # unclosed list
        ("name: 'Tas\n", 2, 1),  # unclosed quote
        ("name: a\nstatus x\n", 3, 1),  # missing colon
        ("a: *nope\n", 1, 4),  # undefined alias
        ("added: 2026-02-30\n", 1, 8),  # no such day
        ("a: !!bool maybe\n", 1, 4),
        ("a: !!timestamp soon\n", 1, 4),
        ("a: !!int abc\n", 1, 4),
        ("name: a\nb: x\x00y\n", 2, 5),  # control character
        ("name: a\nb: " + "[" * 3000 + "]" * 3000 + "\n", 2, None),  # nested too deeply
    ],
    ids=[
        "indent",
        "tab",
        "flow",
        "quote",
        "colon",
        "alias",
        "date",
        "bool",
        "timestamp",
        "int",
        "nul",
        "deep",
    ],
)
def test_syntax_errors_are_located(text, line, column):
    code, got_line, got_column = only(text)
    assert (code, got_line) == ("Y101", line)
    if column is not None:
        assert got_column == column


def test_syntax_error_message_is_in_both_languages():
    [d] = refused("name: a\n\tstatus: x\n")
    assert d.message.id.startswith("YAML tidak dapat dibaca: ")
    assert d.message.en.startswith("YAML cannot be parsed: ")
    assert "\\t" in d.message.en
    assert d.hint and "tab" in d.hint.en and "spasi" in d.hint.id


# -- merge keys ----------------------------------------------------------------------


def test_merge_keys_are_resolved_and_written_keys_win():
    doc = load("base: &base {unit: piece, quantity: 10}\nmoq:\n  <<: *base\n  quantity: 50\n")
    assert doc.data["moq"] == {"unit": "piece", "quantity": 50}
    assert doc.values[("moq", "quantity")] == Position(4, 13)


def test_merge_of_a_list_earlier_mapping_wins():
    doc = load("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n")
    assert doc.data["c"] == {"x": 1, "y": 2}


def test_merged_anchor_used_twice_is_not_a_duplicate():
    doc = load("a: &a {x: 1}\nb: &b\n  <<: *a\n  x: 2\nc: *b\nd: *b\n")
    assert doc.data["c"] == doc.data["d"] == {"x": 2}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n", ("Y102", 4, 3)),
        ("a:\n  <<: 5\n", ("Y101", 2, 7)),
        ("a:\n  <<: [5]\n", ("Y101", 2, 8)),
    ],
    ids=["two-merge-keys", "scalar", "list-of-scalars"],
)
def test_bad_merge_keys(text, expected):
    assert only(text) == expected


# -- keys stay text ----------------------------------------------------------------------


def test_yaml11_boolean_and_number_keys_stay_text():
    doc = load("on: 1\nyes: 2\nno: 3\noff: 4\n2024: 5\n1.5: 6\nnull: 7\n~: 8\ntrue: 9\n")
    assert list(doc.data) == ["on", "yes", "no", "off", "2024", "1.5", "null", "~", "true"]
    assert doc.keys[("2024",)] == Position(5, 1)


def test_yaml11_values_keep_their_meaning():
    assert load("a: yes\nb: off\nc: '0123'\n").data == {"a": True, "b": False, "c": "0123"}

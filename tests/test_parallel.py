"""Validation in worker processes gives what one process gives, file for file.

A synthetic catalogue of a few hundred products (``scripts/make_catalog.py``) gets
problems of every kind spread over its suppliers, so they land in different chunks:
YAML that does not parse, duplicate keys, unknown fields, broken rules, a missing
photo, a duplicate product name, a broken supplier, a misplaced file, warnings.
It is then loaded in one process and in two, and everything is compared: entries,
their documents and models, and every diagnostic with its message, in order.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import subprocess
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from catalog.core import catalogue, workers

from catalog import cli
from catalog.core.catalogue import Catalog, load_catalog
from catalog.core.loader import Document, load_file, load_text
from conftest import EXAMPLE, PRODUCT, REPO, SUPPLIER, TODAY

PRODUCTS = 300  # 30 suppliers, 330 files


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project folder holding products/: a generated catalogue with problems spread out."""
    project = tmp_path_factory.mktemp("parallel")
    root = project / "products"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_catalog.py"),
            str(PRODUCTS),
            str(root),
            "--photos-per-supplier",
            "2",
            "--photo-size",
            "80x60",
            "--photo-pool",
            "1",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    suppliers = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert len(suppliers) == PRODUCTS // 10

    def products(i: int) -> list[Path]:
        return sorted(suppliers[i].glob("produk-*.yaml"))

    (products(0)[0]).write_text("name: [\n", encoding="utf-8")  # Y101
    _edit(products(1)[3], "status: active\n", "status: active\nstatus: draft\n")  # Y102
    _edit(products(4)[5], "status: active\n", "stauts: active\n")  # S201
    _edit(products(7)[1], "category: ", "category: tas-kullit\nx_category: ")  # S204 + S201
    _edit(products(9)[2], "- file: photos/foto-", "- file: photos/hilang-")  # R303
    _edit(products(12)[0], "min: 7", "min: 70")  # R317
    name = products(15)[0].read_text(encoding="utf-8").split("\n  id: ", 1)[1].split("\n")[0]
    _edit(products(15)[4], "\n  id: ", f"\n  id: {name}\n  # ")  # R305
    _edit(suppliers[18] / "supplier.yaml", "nib: '", "nib: 'x")  # S205: supplier left out
    _edit(products(21)[6], "\n  en: ", "\n  # en: ")  # S210 warning
    (suppliers[24] / "photos" / "salah.yaml").write_text("x: 1\n", encoding="utf-8")  # R319
    (suppliers[27] / "produk-00000.yaml").write_bytes(b"name: caf\xe9\n")  # Y105
    (suppliers[29] / "supplier.yaml").unlink()  # R302
    for p in products(28)[:3]:
        _edit(p, "\nstatus: active", "\nstatus: aktif")  # S204 x 3
    return project


def _full(catalog: Catalog) -> list[tuple]:
    """Every diagnostic with its whole text, in order (Diagnostic's == compares fewer fields)."""
    return [
        (d.path, d.line, d.column, d.code, d.severity, d.message, d.hint)
        for d in catalog.diagnostics
    ]


def _same(serial: Catalog, parallel: Catalog) -> None:
    assert serial.processes == 1 and parallel.processes == 2
    assert _full(parallel) == _full(serial)
    assert list(parallel.suppliers) == list(serial.suppliers)
    assert list(parallel.products) == list(serial.products)
    assert parallel == serial  # entries: ids, paths, documents (data, positions), models
    for key, entry in serial.products.items():
        other = parallel.products[key]
        assert other.model == entry.model and other.doc.keys == entry.doc.keys


@pytest.fixture
def in_chunks(monkeypatch, project):
    """Workers for a catalogue this small, in chunks of 16 files; run from the project."""
    monkeypatch.setattr(catalogue, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(catalogue, "CHUNK_FILES", (16, 16))
    monkeypatch.chdir(project)
    return Path("products")


def test_two_processes_give_what_one_gives(in_chunks):
    serial = load_catalog(in_chunks, today=TODAY, workers=1)
    codes = {d.code for d in serial.diagnostics}
    assert codes >= {
        "Y101",
        "Y102",
        "Y105",
        "S201",
        "S204",
        "S205",
        "S210",
        "R302",
        "R303",
        "R305",
        "R317",
        "R319",
    }, codes
    assert serial.files == PRODUCTS + PRODUCTS // 10 and len(serial.products) > 250
    _same(serial, load_catalog(in_chunks, today=TODAY, workers=2))


def test_keep_invalid_and_parts_are_the_same_in_processes(in_chunks):
    kept = [load_catalog(in_chunks, today=TODAY, keep_invalid=True, workers=w) for w in (1, 2)]
    _same(*kept)
    parts = sorted(p for p in in_chunks.iterdir() if p.is_dir() and not p.name.startswith("."))
    only = [parts[1], parts[9], *sorted(parts[15].glob("produk-*.yaml"))[:5], parts[27]]
    _same(*[load_catalog(in_chunks, today=TODAY, only=only, workers=w) for w in (1, 2)])


def test_absolute_root_shows_the_same_paths(in_chunks):
    serial = load_catalog(in_chunks, today=TODAY, workers=1)
    parallel = load_catalog(in_chunks.resolve(), today=TODAY, workers=2)
    assert _full(parallel) == _full(serial)


def test_small_catalogues_stay_in_one_process(project, monkeypatch):
    monkeypatch.chdir(project)
    assert catalogue.PARALLEL_MIN_FILES > PRODUCTS + PRODUCTS // 10
    assert load_catalog(Path("products"), today=TODAY).processes == 1
    assert load_catalog(Path("products"), today=TODAY, workers=4).processes == 1
    monkeypatch.setattr(catalogue, "PARALLEL_MIN_FILES", 100)
    assert load_catalog(Path("products"), today=TODAY, workers=1).processes == 1
    assert load_catalog(Path("products"), today=TODAY, workers=2).processes == 2


def test_default_is_one_worker_per_core(monkeypatch):
    monkeypatch.setattr(catalogue, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(catalogue, "default_workers", lambda: 3)
    jobs = [("x", "x", False, ".")] * (3 * catalogue.CHUNK_FILES[0])
    used: list[int] = []
    catalogue.check_files(jobs, TODAY, None, used)  # a generator: nothing starts yet
    assert used == [3]
    catalogue.check_files(jobs[: catalogue.CHUNK_FILES[0]], TODAY, None, used)
    assert used == [1]  # one chunk's worth: no pool


def test_workers_that_cannot_start_leave_the_work_here(in_chunks, monkeypatch, caplog):
    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(catalogue, "process_pool", no_processes)
    serial = load_catalog(in_chunks, today=TODAY, workers=1)
    with caplog.at_level(logging.INFO, logger="catalog"):
        fallback = load_catalog(in_chunks, today=TODAY, workers=2)
    assert fallback.processes == 1
    assert _full(fallback) == _full(serial) and fallback == serial
    assert "satu proses" in caplog.text and "one process" in caplog.text


_check_chunk = catalogue._check_chunk


def _dies_on_third_chunk(jobs, today):
    if any("pemasok-00005" in job[0] for job in jobs):
        os._exit(3)  # as the kernel's out-of-memory killer would end a worker
    return _check_chunk(jobs, today)


def test_a_worker_that_dies_is_replaced_by_this_process(in_chunks, monkeypatch, caplog):
    serial = load_catalog(in_chunks, today=TODAY, workers=1)
    monkeypatch.setattr(catalogue, "_check_chunk", _dies_on_third_chunk)
    with caplog.at_level(logging.INFO, logger="catalog"):
        survived = load_catalog(in_chunks, today=TODAY, workers=2)
    assert "BrokenProcessPool" in caplog.text
    assert _full(survived) == _full(serial) and survived == serial


def test_with_threads_running_workers_start_from_the_fork_server(in_chunks):
    """As under `mkdocs serve`, whose web server runs in a thread: no plain fork then."""
    serial = load_catalog(in_chunks, today=TODAY, workers=1)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)
    server.start()
    try:
        assert workers.context(fork=True).get_start_method() == "forkserver"
        served = load_catalog(in_chunks, today=TODAY, workers=2)
    finally:
        stop.set()
        server.join()
    _same(serial, served)


def test_cli_output_is_the_same_and_never_a_traceback(in_chunks):
    outputs = []
    for count in ("1", "2"):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(["validate", "--format", "json", "-j", count, "products"])
        assert code == 1 and "Traceback" not in out.getvalue() + err.getvalue()
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("value", ["0", "-2", "dua"])
def test_worker_count_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["validate", "-j", value])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and "Traceback" not in out + err
    assert "angka bulat" in err and "whole number" in err


# -- documents cross the process boundary as data and a compact position array ----------


def test_document_positions_survive_pickling():
    for name in (SUPPLIER, PRODUCT):
        doc = load_file(EXAMPLE / name)
        back = pickle.loads(pickle.dumps(doc))
        assert back == doc and back.path == doc.path
        assert back.values == doc.values and back.keys == doc.keys
        assert len(pickle.dumps(doc)) < 3 * len(pickle.dumps(doc.data))


def test_position_lookup_matches_the_position_maps():
    """pos() and key_pos() walk the data; the maps they must agree with are built apart."""
    for name in (SUPPLIER, PRODUCT):
        raw = (EXAMPLE / name).read_bytes()
        maps = load_text(raw, name)
        by_maps = Document(maps.path, maps.data, maps.values, maps.keys)
        fresh = load_text(raw, name)  # looks positions up without building the maps
        wrong = ["nope", 99, 0, "id", -1]
        for loc in list(maps.values):
            for extra in ([], *([w] for w in wrong)):
                probe = (*loc, *extra)
                assert fresh.pos(probe) == by_maps.pos(probe), probe
                assert fresh.key_pos(probe) == by_maps.key_pos(probe), probe


def test_scaffold_style_documents_have_no_positions():
    doc = Document("x.yaml", {"name": {"id": "Tas"}})
    assert doc.pos(("name", "id")).line == 1 and doc.values == {} and doc.keys == {}
    assert pickle.loads(pickle.dumps(doc)) == doc

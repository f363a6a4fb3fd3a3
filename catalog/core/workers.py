"""Worker processes: how many, how they start, and the pool they run in.

One place for the rules every pool follows (validation, images, pages): how many
cores (:func:`cores`), whether a plain fork is safe (:func:`can_fork`), the start
method of a pool (:func:`context`) and the pool itself (:func:`process_pool`, or
:func:`forked_pool` for work that inherits this process's state).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext


def cores() -> int:
    """Cores this process may use (``os.cpu_count()`` where affinity is unknown)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a plain fork is safe here: only with a single thread (a fork copies any
    lock another thread holds, never to be released; ``mkdocs serve`` runs a web
    server thread) and where the platform offers it."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def context(*, fork: bool, preload: Sequence[str] = ()) -> BaseContext:
    """How a pool's workers start.

    ``fork=True``: a plain fork when :func:`can_fork` (workers ready in 0.02 s on 2
    cores and sharing the parent's memory until written), else the fork server. The
    fork server is a clean process that imports ``preload`` once and forks each worker:
    safe with threads (``mkdocs serve``'s web server), and its workers do not carry
    the parent's heap - which is why the image pipeline always uses it
    (``fork=False``): photo workers stay small while the catalogue is large.
    """
    if fork and can_fork():
        return multiprocessing.get_context("fork")
    server = multiprocessing.get_context("forkserver")
    if preload:
        server.set_forkserver_preload(list(preload))
    return server


def process_pool(workers: int, *, fork: bool, preload: Sequence[str] = ()) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes started as :func:`context` says."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=context(fork=fork, preload=preload))


def forked_pool(workers: int) -> multiprocessing.pool.Pool:
    """A pool of plain forks, for work that inherits this process's state instead of
    pickling it (the pages: the renderer and the whole catalogue). Only where
    :func:`can_fork`; the caller renders in this process otherwise."""
    if not can_fork():
        raise RuntimeError("a plain fork is not safe here (threads running, or no fork)")
    return multiprocessing.get_context("fork").Pool(workers)

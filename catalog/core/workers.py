"""How many worker processes, and whether they may start with a plain fork.

One place for the rules every pool follows (validation, images, pages).
"""
from __future__ import annotations

import multiprocessing
import os
import threading


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

"""A pool of worker processes that each import manim once and then run render jobs one after
another (scenes/tools/sections.py submits one job per section).

Workers are started with multiprocessing's ``spawn`` context: a fresh interpreter that has not
inherited the driver's threads or open files. Each one first changes to the repo root (manim
reads manim.cfg from the current directory when it is imported, as the ``manim`` command does)
and runs a setup function once (``sections.worker_setup``: it imports manim and the kit). A job
is a picklable function and its arguments; while it runs, everything the worker writes to its
standard output and error, the file descriptors included (manim's log, PyAV's and LaTeX's
messages), goes to the job's log file, and an exception becomes a failed result with its
traceback in the log instead of a broken pool.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Self

START_METHOD = "spawn"


def _initialize(root: str, setup: str) -> None:
    """In each worker, once: the repo root as current directory and first on the path, then
    ``setup`` ("module:function") called."""
    os.chdir(root)
    if root not in sys.path:
        sys.path.insert(0, root)
    module, _, function = setup.partition(":")
    getattr(importlib.import_module(module), function)()


@contextmanager
def output_to(log: Path):
    """Send this process's standard output and error (file descriptors 1 and 2, so that child
    processes and C libraries follow) to ``log`` until the block ends."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log, "w", encoding="utf-8") as f:
        os.dup2(f.fileno(), 1)
        os.dup2(f.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def run_logged(function: Callable[..., dict], log: str, *args: Any) -> dict:
    """``function(*args)`` with its output in ``log``; a dict result, ``{"ok": False, "error":
    ...}`` when it raised (the traceback is in the log)."""
    with output_to(Path(log)):
        try:
            return function(*args)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 (the job's failure, not the worker's)
            traceback.print_exc()
            message = str(exc) or type(exc).__name__
            return {"ok": False, "error": f"{type(exc).__name__}: {message}"}


class WorkerPool:
    """``workers`` processes that ran ``setup`` once; :meth:`submit` queues a job."""

    def __init__(self, workers: int, root: Path, setup: str):
        if workers < 1:
            raise ValueError(f"a pool needs at least 1 worker, got {workers}")
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context(START_METHOD),
            initializer=_initialize, initargs=(str(root), setup))

    def submit(self, function: Callable[..., dict], log: Path, *args: Any) -> Future:
        """Run ``function(*args)`` in a worker, its output in ``log``; the future's result is
        the function's dict (``ok`` False and ``error`` when it raised)."""
        return self._executor.submit(run_logged, function, str(log), *args)

    def shutdown(self, cancel: bool = False) -> None:
        self._executor.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind, value, tb) -> None:
        self.shutdown(cancel=kind is not None)

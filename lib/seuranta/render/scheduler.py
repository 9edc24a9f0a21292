"""One process per appendix, forked from the warm parent, at most ``--jobs`` at a time.

Each appendix runs in its own child process forked from the parent after the warm-up
(:mod:`seuranta.render.warmup`), so it starts warm but with fresh state, and the next
appendix forks again from the clean parent.

``ProcessPoolExecutor(mp_context=fork, max_tasks_per_child=1)`` was the first idea, but
Python refuses that combination (``max_tasks_per_child`` is incompatible with "fork",
CPython issue 90622), and the executor forks from its management thread. The small
scheduler here (:func:`run_forked`) forks from the main thread, reads one result per child
from a pipe, and reports a child that dies without answering (a segfault, ``os._exit``) as
a failure. A child dies with its parent (:func:`die_with_parent`), so no page is written
after a killed ``seuranta render``.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait
from typing import Any

from seuranta.errors import SeurantaError
from seuranta.render.outcome import error_record


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this (forked) process when its parent dies (Linux), so that no
    page is written after a killed ``seuranta render``; exit at once if it already has."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died between fork and prctl
        os._exit(1)


def _child_main(task: Callable[[], dict[str, Any]], conn, parent: int | None = None) -> None:
    if parent is not None:
        die_with_parent(parent)
    try:
        result = task()
    except BaseException as err:
        result = {"status": "failed", "error": error_record("worker", err), "warnings": []}
    conn.send(result)
    conn.close()


def _died(exitcode: int | None) -> dict[str, Any]:
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"code {exitcode}"
    return {
        "status": "failed",
        "warnings": [],
        "error": {
            "stage": "worker",
            "ename": "WorkerDied",
            "evalue": f"the render process exited with {how} without a result",
            "traceback": "",
        },
    }


def run_forked(
    tasks: Sequence[Callable[[], dict[str, Any]]],
    jobs: int,
    done: Callable[[int, dict[str, Any]], None],
) -> None:
    """Run each task in its own process forked from this one, at most ``jobs`` at a time.

    ``done(i, result)`` is called in this process as each task finishes. A child that exits
    without a result (crash, ``os._exit``) gives a "worker" failure.
    """
    context = multiprocessing.get_context("fork")
    pending = deque(range(len(tasks)))
    running: dict[Any, tuple[Any, int]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                i = pending.popleft()
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_child_main, args=(tasks[i], send, os.getpid()))
                process.start()
                send.close()
                running[receive] = (process, i)
            for conn in wait(list(running)):
                process, i = running.pop(conn)
                try:
                    result = conn.recv()
                except EOFError:
                    result = None
                conn.close()
                process.join()
                done(i, result if result is not None else _died(process.exitcode))
    finally:
        for process, _ in running.values():
            process.terminate()
            process.join()


class ChildFailed(Exception):
    """An unexpected error in a child of :func:`run_beside`; its traceback is the message."""


def _beside_main(task: Callable[[], None], conn, parent: int) -> None:
    die_with_parent(parent)
    try:
        task()
        answer: tuple[str, Any] = ("ok", None)
    except SeurantaError as err:
        answer = ("input", str(err))
    except OSError as err:
        answer = ("os", (err.errno, err.strerror, err.filename, str(err)))
    except BaseException as err:
        answer = ("internal", (type(err).__name__, str(err), traceback.format_exc()))
    conn.send(answer)
    conn.close()


def run_beside(task: Callable[[], None], meanwhile: Callable[[Callable[[], bool]], None]) -> None:
    """Run ``task`` in a forked child while this process runs ``meanwhile(failed)``; then wait
    for the child and raise what it raised: a :class:`SeurantaError` with its one-line
    message, an :class:`OSError` as it was, anything else as :class:`ChildFailed` with its
    traceback. ``failed()`` tells ``meanwhile`` that the child has already failed, so that it
    can stop early.

    Two cores, two jobs: ``render`` cleans stale data in the child while it imports the
    rendering machinery here (:func:`seuranta.render.command.clean_if_stale`).
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_beside_main, args=(task, send, os.getpid()))
    process.start()
    send.close()
    answer: list[tuple[str, Any]] = []

    def poll(timeout: float = 0) -> bool:
        if not answer and receive.poll(timeout):
            try:
                answer.append(receive.recv())
            except EOFError:
                answer.append(("died", None))
        return bool(answer)

    try:
        meanwhile(lambda: poll() and answer[0][0] != "ok")
        poll(None)
        process.join()
    finally:
        receive.close()
        if process.is_alive():
            process.terminate()
            process.join()
    kind, detail = answer[0]
    if kind == "input":
        raise SeurantaError(detail)
    if kind == "os":
        errno, strerror, filename, text = detail
        raise OSError(errno, strerror, filename) if errno is not None else OSError(text)
    if kind == "internal":
        name, message, text = detail
        raise ChildFailed(f"{name}: {message}") from ChildFailed(text)
    if kind == "died":
        how = _died(process.exitcode)["error"]["evalue"]
        raise SeurantaError(how.replace("the render process", "the process beside the render"))

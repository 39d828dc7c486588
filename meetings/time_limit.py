"""A time limit for one call: a runaway article becomes a warning instead of stalling the whole folder.

In the main thread (the command line, a benchmark, a worker process of a pool) the limit is a SIGALRM timer,
which also interrupts a running regular expression (Python's regex engine checks for signals). In any other
thread (the dashboard runs scripts in worker threads, where signals cannot be used) a watchdog thread raises
the exception in the calling thread through CPython's `PyThreadState_SetAsyncExc`; it lands at the next
Python instruction, so a single long C call is only stopped when it returns (the per-article size limit in
`meetings.reading` keeps those short).
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
DEFAULT_ARTICLE_SECONDS = 30.0
SECONDS_ENV = "MEETINGS_ARTICLE_SECONDS"


class TimeLimitExceeded(Exception):
    """The call ran past its time limit and was stopped."""


def article_seconds(env: dict[str, str] | None = None) -> float:
    """The per-article time limit in seconds: $MEETINGS_ARTICLE_SECONDS, else 30 (0 or less: no limit)."""
    value = (os.environ if env is None else env).get(SECONDS_ENV, "").strip()
    try:
        return float(value) if value else DEFAULT_ARTICLE_SECONDS
    except ValueError:
        return DEFAULT_ARTICLE_SECONDS


def call_with_time_limit(fn: Callable[..., T], seconds: float, *args: object) -> T:
    """`fn(*args)`, or TimeLimitExceeded when it runs longer than `seconds` (no limit when seconds <= 0)."""
    if seconds <= 0:
        return fn(*args)
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _with_alarm(fn, seconds, args)
    return _with_watchdog(fn, seconds, args)


def _with_alarm(fn: Callable[..., T], seconds: float, args: tuple) -> T:
    def expired(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _with_watchdog(fn: Callable[..., T], seconds: float, args: tuple) -> T:
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                           ctypes.py_object(TimeLimitExceeded))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        result = fn(*args)
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # an exception still pending must not land later in the caller's code
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)
    if state["fired"]:
        raise TimeLimitExceeded(f"over {seconds:g} s")
    return result

"""Wall-clock time limits that cover a whole run: reading, building, solving, writing.

A :class:`Deadline` starts when a command (or an API call) starts. Each stage asks it how much
time is left; model builders check it between constraint families and raise
:class:`TimeLimitReached` when it has passed, so a limit of 10 s is 10 s of the user's time, not
10 s of HiGHS's. Pure-Python stages that can be abandoned whole (reading an instance, building
the model data and the model) run under :meth:`Deadline.enforce`, which interrupts them when the
time is up even in the middle of a long loop (a timer signal, in the main thread only).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import FrameType


def process_started() -> float:
    """When this process started, as a ``time.perf_counter`` time (Linux; elsewhere: now), so
    a command's time limit also counts Python's start and imports."""
    try:
        with open("/proc/self/stat", encoding="ascii") as file:
            fields = file.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as file:
            uptime = float(file.read().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
        age = uptime - int(fields[19]) / ticks  # field 22 of stat: start time after boot
    except (OSError, ValueError, IndexError):
        return time.perf_counter()
    return time.perf_counter() - max(age, 0.0)


class TimeLimitReached(Exception):
    """The time limit passed before a stage finished (e.g. while building the model)."""

    def __init__(self, stage: str, elapsed: float, limit: float) -> None:
        super().__init__(f"time limit of {limit:g} s reached after {elapsed:.1f} s, while {stage}")
        self.stage = stage
        self.elapsed = elapsed
        self.limit = limit


@dataclass(frozen=True)
class Deadline:
    """A time limit counted from ``began`` (``time.perf_counter`` seconds); ``limit`` None:
    no limit."""

    limit: float | None
    began: float = field(default_factory=time.perf_counter)

    def elapsed(self) -> float:
        return time.perf_counter() - self.began

    def remaining(self) -> float:
        """Seconds left (infinity without a limit; never negative)."""
        if self.limit is None:
            return math.inf
        return max(self.limit - self.elapsed(), 0.0)

    def expired(self) -> bool:
        return self.limit is not None and self.elapsed() >= self.limit

    def check(self, stage: str) -> None:
        """Raise :class:`TimeLimitReached` (naming ``stage``, e.g. "building the model") when
        the limit has passed."""
        if self.limit is not None and self.expired():
            raise TimeLimitReached(stage, self.elapsed(), self.limit)

    @contextlib.contextmanager
    def enforce(self, stage: str) -> Iterator[None]:
        """Run the block, raising :class:`TimeLimitReached` inside it when the limit passes.

        For stages whose partial work is thrown away (building data or a model), never for
        writing files or running the solver. Uses ``SIGALRM``, so only in the main thread of a
        process on a POSIX system; elsewhere the stage is checked when it ends.
        """
        main = threading.current_thread() is threading.main_thread()
        if self.limit is None or not main or not hasattr(signal, "SIGALRM"):
            yield
            self.check(stage)
            return
        self.check(stage)

        def expire(signum: int, frame: FrameType | None) -> None:
            raise TimeLimitReached(stage, self.elapsed(), self.limit or 0.0)

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, max(self.remaining(), 1e-3))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

"""Wall-clock time limits that cover a whole run: reading, building, solving, writing.

A :class:`Deadline` starts when a command (or an API call) starts. Each stage asks it how much
time is left; model builders check it between constraint families and raise
:class:`TimeLimitReached` when it has passed, so a limit of 10 s is 10 s of the user's time, not
10 s of HiGHS's.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field


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

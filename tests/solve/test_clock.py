"""Deadlines: a stage in pure Python is interrupted where it is when the time is up."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from netopt.solve.clock import Deadline, TimeLimitReached, process_started


def busy(seconds: float) -> int:
    """A pure-Python loop that would run for ``seconds``."""
    end, n = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        n += 1
    return n


def test_enforce_interrupts_a_long_loop_and_restores_the_signal() -> None:
    previous = signal.getsignal(signal.SIGALRM)
    deadline = Deadline(0.2)
    with pytest.raises(TimeLimitReached) as reached, deadline.enforce("building the model"):
        busy(30.0)
    assert reached.value.stage == "building the model"
    assert deadline.elapsed() < 20.0  # interrupted, not run to the end
    assert signal.getsignal(signal.SIGALRM) is previous
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_enforce_without_a_limit_or_off_the_main_thread_checks_at_the_end() -> None:
    with Deadline(None).enforce("reading"):
        busy(0.01)
    caught: list[BaseException] = []

    def worker() -> None:
        try:
            with Deadline(0.01).enforce("reading"):
                busy(0.1)
        except TimeLimitReached as error:
            caught.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert len(caught) == 1


def test_remaining_and_process_start() -> None:
    deadline = Deadline(10.0, began=time.perf_counter() - 4.0)
    assert 5.0 < deadline.remaining() <= 6.0 and not deadline.expired()
    assert Deadline(1.0, began=time.perf_counter() - 2.0).remaining() == 0.0
    assert process_started() <= time.perf_counter()

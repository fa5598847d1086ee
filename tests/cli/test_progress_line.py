"""The progress display of a solve: the figures a planner watches, most telling first."""

from __future__ import annotations

import time

from netopt.cli.common import ProgressLine
from netopt.solve.clock import Deadline
from netopt.solve.progress import Progress


def test_progress_line_reads_time_plan_bound_gap_then_detail() -> None:
    line = ProgressLine(
        "Solving the capital plan", "Tutorial: 8 sites", Deadline(60, time.perf_counter() - 12.2)
    )
    assert line.text() == "Solving the capital plan: 12 s of 60 s (Tutorial: 8 sites)"
    line.update(Progress(12.0, 63_258_087.0, 56_043_606.0))
    assert line.text() == (
        "Solving the capital plan: 12 s of 60 s, best GBP 63.26m, bound GBP 56.04m, gap 11.4% "
        "(Tutorial: 8 sites)"
    )


def test_progress_line_without_limit_or_bound() -> None:
    line = ProgressLine("Solving", "x", Deadline(None, time.perf_counter() - 3.4))
    line.update(Progress(3.0, 1_500_000.0, None))
    assert line.text() == "Solving: 3 s, best GBP 1.50m (x)"

"""What every plan says about itself (``netopt.models.common``): its quality in words."""

from __future__ import annotations

import pytest

from netopt.models.common import quality_in_words, still_the_start
from netopt.solve.highs import SolveReport, SolveStatus


def report(
    status: SolveStatus,
    objective: float | None,
    bound: float | None,
    start_objective: float | None = None,
) -> SolveReport:
    gap = None if objective is None or bound is None else (objective - bound) / objective
    return SolveReport(
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        solver="highs",
        solver_version="1.16.0",
        termination="",
        start_objective=start_objective,
        start="the priority baseline's plan",
    )


def test_a_bound_says_how_much_more_the_plan_may_cost() -> None:
    words = quality_in_words(report(SolveStatus.FEASIBLE, 103.0, 100.0))
    assert words == "costs at most 3.00% more than the best possible plan"
    assert quality_in_words(report(SolveStatus.FEASIBLE, 350.0, 100.0)).startswith(
        "costs at most 250.0% more"
    )


def test_optimal_and_unknown() -> None:
    assert quality_in_words(report(SolveStatus.OPTIMAL, 100.0, 100.0)) == (
        "optimal: no plan is cheaper"
    )
    assert quality_in_words(report(SolveStatus.OPTIMAL, 100.0, 99.99)) == (
        "optimal within the accepted gap: no plan is more than 0.010% cheaper"
    )
    assert "unknown" in quality_in_words(report(SolveStatus.FEASIBLE, 100.0, None))
    assert quality_in_words(report(SolveStatus.NO_SOLUTION, None, None)) == "no plan"


@pytest.mark.parametrize(
    ("objective", "start", "expected"),
    [(250.0, 250.0, True), (249.0, 250.0, False), (250.0, None, None)],
)
def test_a_plan_no_cheaper_than_its_start_is_still_the_start(
    objective: float, start: float | None, expected: bool | None
) -> None:
    r = report(SolveStatus.FEASIBLE, objective, 100.0, start)
    assert still_the_start(r) is expected
    said = "it is still the priority baseline's plan the search started from" in (
        quality_in_words(r)
    )
    assert said is bool(expected)

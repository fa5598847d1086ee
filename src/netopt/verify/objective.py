"""The objective as written (``summary.json`` and ``costs.csv``) against the one recomputed: the
``objective`` family, shared by both verifiers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from netopt.verify.report import Violation
from netopt.verify.summary import Summary, summary_violation
from netopt.verify.tolerance import CELL, Tally
from netopt.verify.words import difference, gbp


def objective_allowance(
    components: Mapping[str, Tally], reported: float, tolerance: float, *written: float
) -> float:
    """How far a written cost may be from the recomputed one: the rounding allowance of the
    cells it was recomputed from, plus ``tolerance`` relative to the size of the sums involved,
    ``max(1, |reported|, sum of |components|, sum of |written|)``. Costs and values can nearly
    cancel (a residual value close to the costs), so the objective alone is too small a
    yardstick."""
    scale = max(
        1.0,
        abs(reported),
        sum(abs(c.value) for c in components.values()),
        sum(abs(x) for x in written),
    )
    return CELL + sum(c.slack for c in components.values()) + tolerance * scale


def check_reported_objective(
    summary: Summary, expected: float, allowed: float, what: str
) -> list[Violation]:
    """``objective``: ``summary.json``'s objective is the recomputed one (``what`` names it)."""
    reported = summary.objective
    if reported is None:
        if "objective" in summary.flawed:
            return []
        return [summary_violation(summary, "objective", "summary.json has no objective for a plan")]
    if abs(expected - reported) <= allowed:
        return []
    return [
        summary_violation(
            summary,
            "objective",
            f"summary.json reports {what} of {gbp(reported)}; recomputed from the instance and "
            f"the tables it is {gbp(expected)} ({difference(reported, expected)})",
        )
    ]


CostRow = tuple[str, float, int]
"""(component, written value, line) of a row of ``costs.csv``."""


def check_cost_rows(
    rows: Sequence[CostRow], expected: Mapping[str, float], allowed: float, file: str = "costs.csv"
) -> list[Violation]:
    """``objective``: each row of ``file`` (``costs.csv``, or a joint plan's
    ``staff_costs.csv``) is its recomputed component, once; no other component."""
    out = []
    written: dict[str, float] = {}
    for component, value, line in rows:
        if component not in expected:
            message = f"{file} line {line} has an unknown component '{component}'"
            out.append(Violation("objective", {"component": component}, message))
        elif component in written:
            message = f"{file} line {line} repeats the component {component}"
            out.append(Violation("objective", {"component": component}, message))
        written[component] = value
    for name, value in expected.items():
        if name not in written:
            out.append(Violation("objective", {"component": name}, f"{file} has no {name} row"))
        elif abs(written[name] - value) > allowed:
            out.append(
                Violation(
                    "objective",
                    {"component": name},
                    f"{file} gives {name} as {gbp(written[name])}; recomputed it is "
                    f"{gbp(value)} ({difference(written[name], value)})",
                )
            )
    return out


def check_summary_costs(
    summary: Summary, expected: Mapping[str, float], allowed: float
) -> list[Violation]:
    """``objective``: ``summary.json``'s ``costs`` hold each component once, as expected
    (recomputed), to within ``allowed``; no other."""
    out = []
    for name, value in expected.items():
        path = f"costs.{name}"
        if path in summary.flawed:
            continue
        if name not in summary.costs:
            out.append(summary_violation(summary, "costs", f"summary.json costs have no {name}"))
        elif abs(summary.costs[name] - value) > allowed:
            written = summary.costs[name]
            out.append(
                summary_violation(
                    summary,
                    path,
                    f"summary.json costs give {name} as {gbp(written)}; recomputed it is "
                    f"{gbp(value)} ({difference(written, value)})",
                )
            )
    for name in summary.costs:
        if name not in expected:
            message = f"summary.json costs have an unknown component '{name}'"
            out.append(summary_violation(summary, f"costs.{name}", message))
    return out

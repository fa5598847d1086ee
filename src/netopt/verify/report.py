"""What the verifier hands back: the violations it found and the objective it recomputed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PLAN_STATUSES = frozenset({"optimal", "feasible"})
"""Statuses of ``summary.json`` that come with a plan (and so with result tables)."""

Where = dict[str, str | int]
"""Domain keys of a violation, e.g. ``{"trust": "RXX", "year": 2029}``."""


@dataclass(frozen=True)
class Violation:
    """One rule of ``models/capital.md`` that the written plan breaks."""

    constraint: str
    """Constraint family (as named in ``models/capital.md``, e.g. ``capital_budget``), or
    ``tables`` for a result file that cannot be read or is inconsistent with itself."""
    where: Where
    """Domain keys locating it (site, year, trust, asset, ...)."""
    message: str
    """What is wrong, in a planner's words, with the numbers."""

    def render(self) -> str:
        """One line: ``[family] site=A year=2029: message``."""
        keys = " ".join(f"{k}={v}" for k, v in self.where.items())
        return f"[{self.constraint}] {keys + ': ' if keys else ''}{self.message}"


@dataclass(frozen=True)
class VerificationReport:
    """The independent check of a capital plan's result folder against its instance."""

    violations: list[Violation]
    """Every rule the plan breaks; empty for a valid plan."""
    objective_recomputed: float
    """Net present cost recomputed from the instance and the tables (GBP)."""
    objective_reported: float | None
    """``objective`` of ``summary.json`` (GBP); None when there is no plan."""
    status: str
    """``status`` of ``summary.json`` (``optimal``, ``feasible``, ``infeasible``, ...)."""
    components: dict[str, float] = field(default_factory=dict)
    """Recomputed objective components (GBP, discounted), signed as in ``costs.csv``: resale
    and residual value are negative."""
    notes: list[str] = field(default_factory=list)
    """Findings that are not violations."""

    PLAN = "Capital plan"
    OBJECTIVE = "net present cost"

    def heading(self) -> str:
        """What the first line says after the verdict's status."""
        return ""

    @property
    def has_plan(self) -> bool:
        """Whether the folder holds a plan (status optimal or feasible)."""
        return self.status in PLAN_STATUSES

    @property
    def ok(self) -> bool:
        """A plan exists, it breaks no rule and its reported objective is the recomputed one
        (the objective comparison is itself an ``objective`` violation when it fails)."""
        return self.has_plan and self.objective_reported is not None and not self.violations

    def families(self) -> set[str]:
        """The constraint families violated."""
        return {v.constraint for v in self.violations}

    def render(self) -> str:
        """A plain-text report for the command line."""
        verdict = "OK" if self.ok else ("NO PLAN" if not self.has_plan else "VIOLATIONS FOUND")
        lines = [f"{self.PLAN} verification: {verdict} (status {self.status}{self.heading()})"]
        if not self.has_plan:
            lines.append("The result folder holds no plan, so there is nothing to verify.")
            return "\n".join(lines)
        reported = "none" if self.objective_reported is None else f"{self.objective_reported:,.2f}"
        lines.append(
            f"Objective ({self.OBJECTIVE}, GBP): reported {reported}, "
            f"recomputed {self.objective_recomputed:,.2f}"
        )
        for name, value in self.components.items():
            lines.append(f"  {name:<16} {value:>20,.2f}")
        lines += [f"Note: {note}" for note in self.notes]
        if self.violations:
            counts = Counter(v.constraint for v in self.violations)
            summary = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
            lines.append(f"{len(self.violations)} violation(s): {summary}")
            lines += [f"  {v.render()}" for v in self.violations]
        else:
            lines.append("Every constraint family holds.")
        return "\n".join(lines)

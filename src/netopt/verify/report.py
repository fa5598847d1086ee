"""What the verifier hands back: the violations it found and the objective it recomputed.

Violation families are the constraint families of ``models/capital.md``,
``models/workforce.md`` and ``models/joint.md`` (``demand_balance``, ``scan_capacity``,
``roster``, ``headcount_balance``, ...) plus:

- ``objective``: ``summary.json``'s objective, bound, gap and cost breakdown and ``costs.csv``
  disagree with the costs recomputed from the instance and the plan's decisions;
- ``payments``: ``payments.csv`` or the spend of ``spend.csv`` disagree with the purchases and
  rooms of the plan (capital);
- ``tables``: a result file that cannot be read (located by file, line and column), an id the
  instance does not know, or a written figure (a derived column, a count of ``summary.json``)
  that disagrees with the one re-derived from the instance and the decisions;
- ``instance``: ``summary.json`` names no instance, or another one (``instance_sha256``);
- ``week``: a workforce plan rostered from a capital or joint plan's year: the week it was
  solved for (``week.yaml``) is missing or unreadable, is not the one solved
  (``capital_plan.week_sha256``), differs from the instance in what rostering does not change,
  or from the plan's folder in what it does (:mod:`netopt.verify.workforce.week`);
- ``workbook``: ``plan.xlsx`` is missing or unreadable, holds a formula, or a sheet differs
  from its CSV file (or the ``summary`` sheet from ``summary.json``).
"""

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
    """Constraint family (as named in ``models/capital.md``, e.g. ``capital_budget``), or one of
    the verifier's own families (see the module docstring)."""
    where: Where
    """Domain keys locating it (site, year, trust, asset, ...), or the place in a result file
    (``file``, ``line``, ``column``; ``field`` of ``summary.json``; ``sheet``, ``row`` of
    ``plan.xlsx``)."""
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
    checked_against: str | None = None
    """What the plan was checked against when it is not simply the instance given (the week a
    workforce plan was rostered for), in words; None for the instance."""
    unchecked: str | None = None
    """Why the plan's rules could not be checked at all (e.g. the week it was solved for is
    missing); None when they were."""

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
        return (
            self.has_plan
            and self.objective_reported is not None
            and self.unchecked is None
            and not self.violations
        )

    def families(self) -> set[str]:
        """The constraint families violated."""
        return {v.constraint for v in self.violations}

    def render(self) -> str:
        """A plain-text report for the command line."""
        verdict = "OK" if self.ok else ("VIOLATIONS FOUND" if self.violations else "NO PLAN")
        lines = [f"{self.PLAN} verification: {verdict} (status {self.status}{self.heading()})"]
        if self.checked_against is not None:
            lines.append(f"Checked against: {self.checked_against}")
        if self.unchecked is not None:
            return "\n".join([*lines, self.unchecked, *self._listed()])
        if not self.has_plan:
            lines.append("The result folder holds no plan, so there is nothing to verify.")
            return "\n".join(lines + self._listed())
        reported = "none" if self.objective_reported is None else f"{self.objective_reported:,.2f}"
        lines.append(
            f"Objective ({self.OBJECTIVE}, GBP): reported {reported}, "
            f"recomputed {self.objective_recomputed:,.2f}"
        )
        width = max((len(name) for name in self.components), default=0)
        for name, value in self.components.items():
            lines.append(f"  {name:<{max(16, width)}} {value:>20,.2f}")
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines + (self._listed() or ["Every constraint family holds."]))

    def _listed(self) -> list[str]:
        """The violations, counted by family and one a line (nothing when there are none)."""
        if not self.violations:
            return []
        counts = Counter(v.constraint for v in self.violations)
        summary = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
        return [
            f"{len(self.violations)} violation(s): {summary}",
            *(f"  {v.render()}" for v in self.violations),
        ]

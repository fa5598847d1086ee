"""``revenue_budget`` of ``models/capital.md`` and ``revenue.csv``: each trust's running costs
the plan decides (maintenance, in-house scanning, outsourcing; cash GBP), as
:func:`netopt.verify.capital.trust_costs.trust_cost_amounts` re-derives them from the plan and
the instance, and in a joint plan its staff's (``models/joint.md``, re-derived by the joint
verifier and given here), within its revenue budget where it has one."""

from __future__ import annotations

from collections.abc import Mapping

from netopt.verify.capital.fleet import Units
from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.capital.trust_costs import trust_cost_amounts
from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.tolerance import Tally
from netopt.verify.words import gbp

FILE = "revenue.csv"
PARTS = ("maintenance", "in_house_scanning", "outsourcing")
"""The running costs a revenue budget limits, as ``trust_costs.csv`` names them."""


def revenue_budgets(ref: Reference) -> dict[tuple[str, int], float]:
    """(trust, year) -> revenue budget: the ``revenue_budgets`` row, else the trust's
    ``revenue_budget``; absent where neither is given."""
    rows = {(r.trust, r.year): r.revenue_budget for r in ref.instance.revenue_budgets}
    out: dict[tuple[str, int], float] = {}
    for member in ref.instance.trusts:
        for year in ref.years:
            amount = rows.get((member.id, year), member.revenue_budget)
            if amount is not None:
                out[(member.id, year)] = amount
    return out


def running_costs(
    ref: Reference, plan: PlanTables, fleet: list[Units]
) -> dict[tuple[str, int], dict[str, Tally]]:
    """(trust, year) -> each running cost (:data:`PARTS`), re-derived."""
    out: dict[tuple[str, int], dict[str, Tally]] = {}
    for (trust, year, component), amount in trust_cost_amounts(ref, plan, fleet).items():
        if component in PARTS:
            out.setdefault((trust, year), {p: Tally() for p in PARTS})[component] = amount
    return out


def check_revenue(
    ref: Reference,
    plan: PlanTables,
    fleet: list[Units],
    tolerance: float,
    staff: Mapping[tuple[str, int], Tally] | None = None,
) -> list[Violation]:
    """``revenue_budget``: each trust's running costs in a year are within its revenue
    budget; ``revenue.csv``: a row per trust and plan year, each column re-derived. ``staff``:
    a joint plan's running costs of its staff by trust and year (in ``spend`` and the
    ``staff`` column); None for a capital plan, whose ``staff`` cells are empty."""
    budgets = revenue_budgets(ref)
    costs = running_costs(ref, plan, fleet)
    out: list[Violation] = []
    for (trust, year), budget in sorted(budgets.items()):
        spent = [*costs.get((trust, year), {}).values()]
        if staff is not None:
            spent.append(staff.get((trust, year), Tally()))
        running = sum(p.value for p in spent)
        slack = sum(p.slack for p in spent)
        if running > budget + slack + tolerance * max(1.0, budget):
            what = "maintenance, in-house scanning, outsourcing"
            if staff is not None:
                what += f"; staff {gbp(spent[-1].value)}"
            out.append(
                Violation(
                    "revenue_budget",
                    {"trust": trust, "year": year},
                    f"Trust {trust}'s running costs in {year} ({what}) are {gbp(running)} "
                    f"against a revenue budget of {gbp(budget)}",
                )
            )
    cells = Cells(FILE, tolerance)
    written = {(row.trust, row.year): row for row in plan.revenue}
    if len(written) < len(plan.revenue):
        cells.add(f"{FILE} repeats a trust and year")
    for member in ref.instance.trusts:
        for year in ref.years:
            row = written.pop((member.id, year), None)
            if row is None:
                cells.add(f"{FILE} has no row for trust {member.id} in {year}")
                continue
            parts = costs.get((member.id, year), {p: Tally() for p in PARTS})
            why = f"trust {member.id}'s plan in {year}"
            for name in PARTS:
                cells.number(row.line, name, float(getattr(row, name)), parts[name], why)
            total = Tally()
            for part in parts.values():
                total.add(part.value, rounding=part.slack)
            workforce = None if staff is None else staff.get((member.id, year), Tally())
            if workforce is None:
                cells.number(row.line, "staff", row.staff, None, "a capital plan (no staff)")
            else:
                cells.number(row.line, "staff", row.staff, workforce, f"the staff of {why}")
                total.add(workforce.value, rounding=workforce.slack)
            cells.number(row.line, "spend", row.spend, total, f"the running costs of {why}")
            given = budgets.get((member.id, year))
            _check_budget_cells(cells, row.line, row.budget, row.headroom, given, total)
    for (trust, year), row in sorted(written.items()):
        cells.add(f"{FILE} line {row.line} is for trust {trust} in {year}: no such trust or year")
    return [*out, *cells.out]


def _check_budget_cells(
    cells: Cells,
    line: int,
    written: float | None,
    headroom: float | None,
    budget: float | None,
    spend: Tally,
) -> None:
    """``budget`` is the instance's (blank without one) and ``headroom`` budget - spend."""
    if budget is None:
        if written is not None or headroom is not None:
            cells.add(
                f"{FILE} line {line}: a budget or headroom where the trust has no "
                "revenue budget that year",
                line,
            )
        return
    if written is None or headroom is None:
        cells.add(
            f"{FILE} line {line}: no budget or headroom; the trust's revenue budget is "
            f"{gbp(budget)}",
            line,
        )
        return
    cells.number(line, "budget", written, budget, "the instance's revenue budgets")
    cells.number(
        line, "headroom", headroom, Tally(budget - spend.value, spend.slack), "budget - spend"
    )

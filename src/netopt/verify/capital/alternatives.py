"""``tables``: ``alternatives.csv``, the near-optimal alternatives of the plan
(``netopt solve capital --alternatives K``).

The ``best`` row is re-derived from the folder's own plan: its cost (``summary.json``), what it
buys, builds and pays, and the (site, modality, year) it buys or builds at. Each alternative's
row is re-derived from the result folder it names (a sibling of this one): its cost, what it
buys, builds and pays, how far it is from the best (``above_best``, ``above_best_pct``), and
how many units it buys elsewhere or at other times (``units_moved``: the difference in units
bought and rooms built, (site, modality, year) by (site, modality, year)) and which
(``only_here``, ``only_in_best``). An alternative's own plan is checked by ``netopt verify`` on
its folder; this check only reads its tables.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from netopt.verify.capital.tables import ALTERNATIVES, AlternativeRow, PlanTables, read_plan
from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.summary import Summary, read_summary
from netopt.verify.tolerance import Tally

BEST = "best"
PlaceYear = tuple[str, str, int]


def bought(plan: PlanTables) -> Counter[PlaceYear]:
    """Units bought and rooms built by (site, modality, year)."""
    out: Counter[PlaceYear] = Counter()
    for p in plan.purchases:
        out[(p.site, p.modality, p.year)] += p.units
    for r in plan.new_rooms:
        out[(r.site, r.modality, r.year)] += r.rooms
    return out


def listed(counts: Counter[PlaceYear]) -> str:
    """``site modality year xN; ...`` in order, positive counts only."""
    return "; ".join(f"{s} {mo} {y} x{n}" for (s, mo, y), n in sorted(counts.items()) if n > 0)


def _figures(plan: PlanTables, best: Counter[PlaceYear]) -> dict[str, object]:
    mine = bought(plan)
    spend = Tally()
    for p in plan.payments:
        spend.add(p.amount)
    return {
        "units_bought": sum(p.units for p in plan.purchases),
        "rooms_built": sum(r.rooms for r in plan.new_rooms),
        "capital_spend": spend,
        "units_moved": sum(abs(mine[k] - best[k]) for k in set(mine) | set(best)),
        "places_years": len(+mine),
        "only_here": listed(mine - best),
        "only_in_best": listed(best - mine),
    }


def _check_row(cells: Cells, row: AlternativeRow, figures: dict[str, object], why: str) -> None:
    for column, expected in figures.items():
        written = getattr(row, column)
        if isinstance(expected, Tally):
            cells.number(row.line, column, written, expected, why)
        elif isinstance(expected, int):
            cells.text(row.line, column, written, expected, why)
        else:
            cells.text(row.line, column, written or "", str(expected), why)


def check_alternatives_table(
    plan: PlanTables, summary: Summary, folder: Path, tolerance: float
) -> list[Violation]:
    """``alternatives.csv`` (see the module docstring): one ``best`` row, then one row per
    alternative, each naming its own result folder beside this one."""
    if plan.files.get(ALTERNATIVES) is None:
        return []
    cells = Cells(f"{ALTERNATIVES}.csv", tolerance)
    rows = plan.alternatives
    bests = [row for row in rows if row.plan == BEST]
    if len(bests) != 1:
        cells.add(f"alternatives.csv has {len(bests)} rows for the best plan; it has one")
        return cells.out
    mine = bought(plan)
    best = bests[0]
    cost = summary.objective if summary.objective is not None else best.objective
    cells.number(best.line, "objective", best.objective, Tally(cost), "summary.json")
    if best.folder:
        cells.add(f"alternatives.csv line {best.line}: the best plan is this folder", best.line)
    _check_row(cells, best, _figures(plan, mine), "the plan's tables")
    seen: set[str] = set()
    for row in rows:
        if row.plan == BEST:
            continue
        why = "its cost and the best plan's"
        cells.number(row.line, "above_best", row.above_best, Tally(row.objective - cost), why)
        pct = Tally(100.0 * (row.objective - cost) / abs(cost)) if cost else None
        cells.number(row.line, "above_best_pct", row.above_best_pct, pct, why)
        if not row.folder or row.folder in seen or "/" in row.folder or row.folder in (".", ".."):
            cells.add(
                f"alternatives.csv line {row.line}: {row.plan} names no folder of its own "
                f"beside {folder.name} ('{row.folder or ''}')",
                row.line,
            )
            continue
        seen.add(row.folder)
        other = folder.resolve().parent / row.folder
        theirs = read_summary(other)
        if not (other / "summary.json").is_file() or not theirs.has_plan:
            cells.add(
                f"alternatives.csv line {row.line}: {row.plan}'s folder {row.folder} beside "
                f"{folder.name} holds no plan, so the row cannot be checked",
                row.line,
            )
            continue
        tables = read_plan(other)
        cost_there = theirs.objective if theirs.objective is not None else row.objective
        why = f"{row.folder}'s summary and tables"
        cells.number(row.line, "objective", row.objective, Tally(cost_there), why)
        _check_row(cells, row, _figures(tables, mine), why)
    return cells.out

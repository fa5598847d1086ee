"""Near-optimal alternatives: other capital plans within a slack of the best cost that buy
scanners in other places and years (modelling to generate alternatives, MGA).

A board rarely wants the single cheapest plan: it wants to know which choices are forced and
which are free. From a solved plan of cost C, each alternative is found by the
hop-skip-jump rule: the model's cost becomes a constraint (``near_optimal``: net present cost
<= (1 + slack) C) and the objective counts the units bought, and rooms built, at each
(site, modality, year) where the plans found so far bought or built any, weighted by how many
of them did; HiGHS starts from the best plan (always feasible). The alternative's decisions
are then costed by the ordinary model (cost objective, decisions fixed, the linear programme
that is left), so it is a plan like any other, verifiable by ``netopt verify``. See
``models/capital.md``, "Near-optimal alternatives".

``C`` is the best plan's cost as found: when that plan is not proven optimal, an alternative
can be cheaper than it, and "within 2%" is of the plan found, not of the optimum.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyomo.environ as pyo

from netopt.models.capital.budget_value import budget_values
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import CapitalData, build_capital_data
from netopt.models.capital.decisions import (
    CapitalDecisions,
    decision_values,
    fix_capital_decisions,
)
from netopt.models.capital.plan import CapitalPlan
from netopt.models.capital.results import extract_tables
from netopt.models.capital.strategy import CapitalStrategy, capital_run
from netopt.models.capital.transfer import plan_decisions
from netopt.models.common import Timings, model_size, results_reserve, site_table
from netopt.schema import Instance
from netopt.solve.clock import Deadline
from netopt.solve.highs import SolveOptions, solve_model

DEFAULT_SLACK = 0.02
"""How much dearer than the best plan an alternative may be, by default (2%)."""
BEST_SHARE = 0.5
"""When a command (or a study's scenario) asks for alternatives: the share of its time limit
the best plan has; the alternatives have the rest."""
MAX_ALTERNATIVES = 20
"""The most alternatives one solve looks for."""
ALTERNATIVES_TABLE = "alternatives"
"""The table (``alternatives.csv`` beside the best plan's) comparing it with its alternatives."""
ALTERNATIVE_FOLDER = "{name}-alternative-{i}"
"""The name of alternative i's result folder, beside the best plan's folder ``name``."""

SAME_COST = 1e-6
"""Relative difference in cost within which an alternative counts as costing the same as the
best plan (the least slack: the best plan's own decisions must meet ``near_optimal``)."""

PlaceYear = tuple[str, str, int]
"""(site, modality, year) of a purchase or a room."""

ALTERNATIVE_COLUMNS = (
    "plan",
    "folder",
    "objective",
    "above_best",
    "above_best_pct",
    "units_bought",
    "rooms_built",
    "capital_spend",
    "units_moved",
    "places_years",
    "only_here",
    "only_in_best",
)
"""The columns of :func:`alternatives_frame`."""


@dataclass(frozen=True)
class Alternatives:
    """The best plan and its near-optimal alternatives."""

    best: CapitalPlan
    plans: tuple[CapitalPlan, ...]
    slack: float
    notes: tuple[str, ...] = ()
    """Why fewer alternatives than asked for were found, if they were."""


def bought(plan: CapitalPlan) -> Counter[PlaceYear]:
    """Units bought and rooms built by (site, modality, year)."""
    out: Counter[PlaceYear] = Counter()
    for frame, column in ((plan.purchases, "units"), (plan.new_rooms, "rooms")):
        if frame.empty:
            continue
        columns = (frame[c].tolist() for c in ("site", "modality", "year", column))
        for site, modality, year, n in zip(*columns, strict=True):
            out[(str(site), str(modality), int(year))] += int(n)
    return out


def units_moved(a: CapitalPlan, b: CapitalPlan) -> int:
    """How many units (and rooms) two plans buy at different (site, modality, year): the L1
    distance between their purchase counts."""
    x, y = bought(a), bought(b)
    return sum(abs(x[key] - y[key]) for key in set(x) | set(y))


def _weights(plans: Iterable[CapitalPlan]) -> Counter[PlaceYear]:
    weights: Counter[PlaceYear] = Counter()
    for plan in plans:
        weights.update(set(bought(plan)))
    return weights


def _spread_objective(
    m: pyo.ConcreteModel, data: CapitalData, weights: Counter[PlaceYear]
) -> pyo.Expression:
    """Units bought and rooms built where the plans so far did, by their weights."""
    terms = [
        weights[(s, data.models[k].modality, v)] * var
        for (s, k, v, _), var in m.buy.items()
        if weights[(s, data.models[k].modality, v)]
    ]
    terms += [w * var for key, var in m.new_rooms.items() if (w := weights[key])]
    return sum(terms)


def _decisions(m: pyo.ConcreteModel) -> CapitalDecisions:
    def counts(component: pyo.Var) -> dict[Any, int]:
        return {key: n for key, var in component.items() if (n := round(var.value or 0.0))}

    return CapitalDecisions(counts(m.retire), counts(m.buy), counts(m.new_rooms))


def capital_alternatives(
    instance: Instance,
    best: CapitalPlan,
    count: int,
    slack: float = DEFAULT_SLACK,
    options: SolveOptions | None = None,
    deadline: Deadline | None = None,
) -> Alternatives:
    """Up to ``count`` capital plans of ``instance`` costing at most (1 + ``slack``) times
    ``best``'s cost, each buying scanners in places and years as unlike the plans before it as
    the rule finds (see the module). ``options.time_limit`` (from ``deadline``'s start when
    given) bounds the whole call; each alternative has an equal share of what is left."""
    if not best.status.has_plan or best.objective is None:
        raise ValueError("alternatives need a plan to start from")
    if count < 1 or not 0 <= slack <= 1:
        raise ValueError("count must be >= 1 and slack within 0..1")
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    data = build_capital_data(instance)
    m = build_capital_model(data, deadline)
    cost = next(m.component_objects(pyo.Objective, active=True))
    # a hair above the best plan's cost even with no slack: the start must stay feasible
    limit = best.objective + max(slack, SAME_COST) * abs(best.objective)
    m.near_optimal = pyo.Constraint(expr=cost.expr <= limit)
    start = decision_values(m, data, plan_decisions(data, best.tables()))
    found: list[CapitalPlan] = []
    notes: list[str] = []
    for i in range(count):
        left = deadline.remaining()
        if left <= 0:
            notes.append(f"the time limit ended the search after {len(found)} alternatives")
            break
        share = left / (count - i) if math.isfinite(left) else math.inf
        began = time.perf_counter()
        weights = _weights([best, *found])
        if not weights:
            notes.append("the best plan buys nothing: there is no purchase to move")
            break
        cost.deactivate()
        m.near_optimal.activate()
        m.spread = pyo.Objective(expr=_spread_objective(m, data, weights), sense=pyo.minimize)
        step = Deadline(share if math.isfinite(share) else None)
        reserve = 0.3 * share if math.isfinite(share) else 0.0
        run = capital_run(
            CapitalStrategy.LNS,
            m,
            data,
            options.model_copy(update={"time_limit": share}),
            step.remaining() - reserve,
        )
        report = solve_model(m, options, start=start, strategy=run, deadline=step, reserve=reserve)
        m.del_component(m.spread)
        m.near_optimal.deactivate()
        cost.activate()
        if not report.status.has_plan:
            notes.append(f"alternative {i + 1}: no plan within the slack in its time")
            break
        plan = _costed(instance, m, data, _decisions(m), options, step, began)
        for var in start:
            var.unfix()
        if plan is None:
            notes.append(f"alternative {i + 1}: its decisions could not be costed")
            break
        if any(units_moved(plan, other) == 0 for other in [best, *found]):
            notes.append(
                f"alternative {i + 1} buys what an earlier plan buys: no other plan was found "
                "within the slack"
            )
            break
        found.append(plan)
    return Alternatives(best, tuple(found), slack, tuple(notes))


def _costed(
    instance: Instance,
    m: pyo.ConcreteModel,
    data: CapitalData,
    decisions: CapitalDecisions,
    options: SolveOptions,
    deadline: Deadline,
    began: float,
) -> CapitalPlan | None:
    """The plan of ``decisions`` costed by the model's own objective (decisions fixed)."""
    fix_capital_decisions(m, data, decisions)
    report = solve_model(m, options, deadline=deadline)
    if not report.status.has_plan:
        return None
    values = budget_values(m, data, options, deadline, results_reserve(model_size(m)))
    tables = extract_tables(m, data, values)
    seconds = time.perf_counter() - began
    return CapitalPlan(
        network=instance.network.name,
        report=report,
        timings=Timings(data=0.0, build=0.0, solve=seconds, results=0.0),
        size=model_size(m),
        **{**tables, "sites": site_table(instance)},
    )


def alternatives_frame(alternatives: Alternatives, folders: Sequence[str] = ()) -> pd.DataFrame:
    """How the best plan and each alternative differ: one row per plan (``best``, then
    ``alternative-1``, ...): the folder each alternative is written to (``folders``, in order;
    empty when not given), cost, how much above the best, what is bought, and the units bought
    (or rooms built) at a (site, modality, year) where the best plan does not (``only_here``)
    and the reverse (``only_in_best``), as ``site modality year xN`` lists."""
    best = alternatives.best
    assert best.objective is not None
    mine = bought(best)
    named = ["", *folders, *[""] * len(alternatives.plans)]
    rows = []
    for i, (name, plan) in enumerate(
        [("best", best)] + [(f"alternative-{i}", p) for i, p in enumerate(alternatives.plans, 1)]
    ):
        objective = plan.objective if plan.objective is not None else math.nan
        theirs = bought(plan)
        rows.append(
            {
                "plan": name,
                "folder": named[i],
                "objective": objective,
                "above_best": objective - best.objective,
                "above_best_pct": 100.0 * (objective - best.objective) / abs(best.objective)
                if best.objective
                else math.nan,
                "units_bought": int(plan.purchases["units"].sum()),
                "rooms_built": int(plan.new_rooms["rooms"].sum()),
                "capital_spend": float(plan.payments["amount"].sum()),
                "units_moved": units_moved(plan, best),
                "places_years": len(theirs),
                "only_here": _listed(theirs - mine),
                "only_in_best": _listed(mine - theirs),
            }
        )
    return pd.DataFrame(rows, columns=list(ALTERNATIVE_COLUMNS))


def _listed(counts: Counter[PlaceYear]) -> str:
    return "; ".join(f"{s} {mo} {y} x{n}" for (s, mo, y), n in sorted(counts.items()) if n > 0)

"""A plan's capital decisions as counts, and the values they give a built capital model.

The capital decisions of a plan are which existing scanners leave service when (``retire``
counts by cohort window), which units are bought where, when and until when (``buy`` counts
by purchase window) and which rooms are built (``rooms``; a baseline policy builds none). They settle every integer variable of the model: the
volume-discount tier of each model and year is the best one its purchases reach. A baseline
policy makes such decisions (:mod:`netopt.baselines`); the model takes them as a MIP start
(:func:`start_values`) or fixes them, leaving a linear programme (:func:`fix_capital_decisions`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from netopt.models.capital.data import BuyWindow, CapitalData, CohortWindow
from netopt.schema import Instance

RoomBuild = tuple[str, str, int]
"""(site, modality, year) a room may be built in."""


@dataclass(frozen=True)
class CapitalDecisions:
    """Every capital decision of a plan: units leaving, units bought and rooms built (absent
    windows: 0)."""

    retire: Mapping[CohortWindow, int]
    """(cohort index, retire year) -> units of the cohort leaving service that year."""
    buy: Mapping[BuyWindow, int]
    """(site, model, purchase year, retire year) -> units bought."""
    rooms: Mapping[RoomBuild, int] = field(default_factory=dict)
    """(site, modality, year) -> rooms built (a baseline policy builds none)."""


DecisionRule = Callable[[Instance, CapitalData], CapitalDecisions]
"""Makes a plan's capital decisions for an instance from its model data (e.g. a baseline
policy); :func:`netopt.models.capital.plan.solve_capital` calls it once the model is built and
starts HiGHS from the plan it makes."""


def best_tiers(data: CapitalData, buy: Mapping[BuyWindow, int]) -> dict[tuple[str, int], int]:
    """(model, year) -> the discount tier (index) with the largest discount the network's
    purchases reach; absent when none is reached."""
    units: Counter[tuple[str, int]] = Counter()
    for (_, model, year, _), n in buy.items():
        if model in data.discount_tiers:
            units[(model, year)] += n
    best = {}
    for (model, year), n in units.items():
        reached = [
            (discount, t)
            for t, (least, discount) in enumerate(data.discount_tiers[model])
            if n >= least
        ]
        if reached:
            best[(model, year)] = max(reached)[1]
    return best


def decision_values(
    model: pyo.ConcreteModel, data: CapitalData, decisions: CapitalDecisions
) -> ComponentMap:
    """Every capital decision variable of the built ``model`` -> its value in the plan of
    ``decisions``: ``retire``, ``buy`` and ``rooms`` counts (absent windows 0) and the best
    volume-discount tier the purchases reach."""
    values = ComponentMap()
    for key, var in model.retire.items():
        values[var] = decisions.retire.get(key, 0)
    for key, var in model.buy.items():
        values[var] = decisions.buy.get(key, 0)
    for key, var in model.new_rooms.items():
        values[var] = decisions.rooms.get(key, 0)
    tiers = best_tiers(data, decisions.buy)
    for (k, v, t), var in model.tier_active.items():
        values[var] = 1 if tiers.get((k, v)) == t else 0
    return values


def start_values(
    instance: Instance, data: CapitalData, model: pyo.ConcreteModel, rule: DecisionRule | None
) -> ComponentMap | None:
    """The MIP start ``rule`` makes for the built ``model`` (values of the integer variables
    only; HiGHS completes it by solving the linear programme that is left); None without one."""
    return None if rule is None else decision_values(model, data, rule(instance, data))


def fix_capital_decisions(
    model: pyo.ConcreteModel, data: CapitalData, decisions: CapitalDecisions
) -> None:
    """Fix every capital decision of a built capital model to ``decisions`` (see
    :func:`decision_values`). Only flows, outsourcing, serving hours, discounted units and
    carried budget stay free, so the model becomes a linear programme. Raises ``ValueError``
    for a window the model does not have."""
    unknown: list[object] = [w for w in decisions.retire if w not in data.cohort_windows]
    unknown += [w for w in decisions.buy if w not in data.buy_windows]
    unknown += [b for b in decisions.rooms if b not in set(data.room_builds)]
    if unknown:
        raise ValueError(f"not windows of the capital model: {unknown[:5]}")
    # A count above a variable's bound (more units than rooms) is fixed as it is, without
    # Pyomo's warning: the model's rooms_limit then makes the plan infeasible, as it should.
    for var, value in decision_values(model, data, decisions).items():
        var.fix(value, skip_validation=True)

"""The value of capital: how much one more pound of a trust's capital budget in a year would
lower the network's net present cost, local to a plan's decisions (``models/capital.md``,
"The value of capital").

With every capital decision of the plan held (scanners leaving, units bought, rooms built,
discount tiers), the model is a linear programme in which no budget row can matter: the spend
is settled. So for each trust t and year y the decisions that money of (t, y) pays for (units
bought and rooms built that year at the sites t pays for) are let grow above the plan's counts,
continuously, and the programme is solved again; the dual of ``capital_budget[t, y]`` is then
what a pound more there is worth: the saving a part of one more scanner (or room) would make,
net of its own cost. It is zero where the plan's unspent money already buys every part-scanner
worth buying, or where nothing bought there would lower the cost (no room, no demand).

It is a local, linear measure: it values scanners bought by the pound, so it is the best rate
the first pounds can earn; a whole scanner's worth earns at most that rate (each further part
of a scanner saves less, as it meets less unmet demand). Decisions of other years and trusts
stay as the plan has them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from netopt.models.capital.data import CapitalData
from netopt.models.common import ModelSize, clean
from netopt.solve.clock import Deadline
from netopt.solve.highs import DEADLINE_GRACE, LinearResolver, SolveOptions

TrustYear = tuple[str, int]
"""(trust, year) of a capital budget."""

VALUE_SECONDS_PER_VARIABLE = 1.5e-4
"""Seconds the value of capital takes per model variable (measured: 0.8-1.2e-4 on the
tutorial and England networks of 4,000-19,000 variables, 30-100 trust-years)."""
VALUE_MOST_SHARE = 0.1
"""The most of a solve's time the value of capital may take: what it has not reached by then
is left blank, rather than taking time from the plan."""


def value_reserve(size: ModelSize, seconds: float) -> float:
    """Seconds to keep from a solve of ``seconds`` for the value of capital of a model this
    size: its estimate plus the grace HiGHS may overrun its own limit by (its root node work
    does not always look at the clock, so a run is stopped up to ``DEADLINE_GRACE`` after it),
    at most ``VALUE_MOST_SHARE`` of the time."""
    if not math.isfinite(seconds):
        return 0.0
    estimate = VALUE_SECONDS_PER_VARIABLE * size.variables + DEADLINE_GRACE
    return max(0.0, min(estimate, VALUE_MOST_SHARE * seconds))


def _decision_vars(m: pyo.ConcreteModel) -> Iterator[pyo.Var]:
    for component in (m.retire, m.buy, m.new_rooms, m.tier_active):
        yield from component.values()


@contextmanager
def held_decisions(m: pyo.ConcreteModel) -> Iterator[None]:
    """Within the block, every capital decision variable of the solved model ``m`` is held at
    its (rounded) value by its bounds and continuous, so the model is a linear programme whose
    decisions can be freed by widening bounds; on leaving, each is restored as it was."""
    saved = [(var, var.domain, var.lb, var.ub, var.fixed, var.value) for var in _decision_vars(m)]
    try:
        for var, _, _, _, _, value in saved:
            held = float(round(value or 0.0))
            var.unfix()
            var.domain = pyo.Reals
            var.setlb(held)
            var.setub(held)
        yield
    finally:
        for var, domain, lb, ub, fixed, value in saved:
            var.domain = domain
            var.setlb(lb)
            var.setub(ub)
            var.set_value(value, skip_validation=True)
            if fixed:
                var.fix()


def _paid_for(m: pyo.ConcreteModel, data: CapitalData) -> dict[TrustYear, list[pyo.Var]]:
    """(trust, year) -> the purchase and room variables its capital pays a share of."""
    paid: dict[TrustYear, list[pyo.Var]] = {key: [] for key in m.trust_years}
    for (s, _, v, _), var in m.buy.items():
        for trust, share in data.payer_share[s].items():
            if share > 0 and (trust, v) in paid:
                paid[(trust, v)].append(var)
    for (s, _, y), var in m.new_rooms.items():
        for trust, share in data.payer_share[s].items():
            if share > 0 and (trust, y) in paid:
                paid[(trust, y)].append(var)
    return paid


class CapitalValueWarning(UserWarning):
    """The value of capital could not be computed (a bug): the plan is kept, the column blank."""


def budget_values(
    m: pyo.ConcreteModel,
    data: CapitalData,
    options: SolveOptions,
    deadline: Deadline,
    reserve: float = 0.0,
) -> dict[TrustYear, float]:
    """(trust, year) -> GBP the network's net present cost falls per GBP more capital budget
    of that trust that year (see :func:`marginal_values`); empty, with a
    :class:`CapitalValueWarning`, if computing them fails: a derived figure never costs the
    plan."""
    try:
        return marginal_values(m, data, options, deadline, reserve)
    except Exception as error:  # a bug here must not lose the plan it describes
        message = f"the value of capital was left out ({type(error).__name__}: {error})"
        warnings.warn(message, CapitalValueWarning, stacklevel=2)
        return {}


def marginal_values(
    m: pyo.ConcreteModel,
    data: CapitalData,
    options: SolveOptions,
    deadline: Deadline,
    reserve: float = 0.0,
) -> dict[TrustYear, float]:
    """(trust, year) -> GBP the network's net present cost falls per GBP more capital budget
    of that trust that year, local to the decisions of the solved model ``m`` (the plan's
    values must be loaded). Trust-years left out were not reached before ``deadline`` (less
    ``reserve`` seconds), or HiGHS gave no dual for them, or the plan's linear programme has
    no optimum."""
    rows = list(m.trust_years)
    upper = ComponentMap((var, var.ub) for var in _decision_vars(m))
    values: dict[TrustYear, float] = {}
    with held_decisions(m):
        resolver = LinearResolver(m, options)
        if resolver.solve([], deadline.remaining() - reserve) is None:
            return values
        held: list[pyo.Var] = []  # freed for the last row, held again since
        for key, freed in _paid_for(m, data).items():
            for var in freed:
                var.setub(upper[var])
            found = resolver.solve(
                [m.capital_budget[key]], deadline.remaining() - reserve, changed=[*freed, *held]
            )
            for var in freed:
                var.setub(var.lb)
            held = freed
            if found is None:  # out of time (every later row too, at once), or no duals
                continue
            values[key] = clean(max(0.0, -found.duals[m.capital_budget[key]]))
    return {key: values[key] for key in rows if key in values}

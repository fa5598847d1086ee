"""One plan's capital decisions tried in another instance: a scenario's plan costed in a related
scenario.

A capital plan's decisions (which scanners leave when, what is bought where and when, which
rooms are built) are read from its result tables and mapped onto another instance's model:
every existing scanner must be one of that instance's, and every purchase, retirement and room
a window its model has. When they map, the decisions are fixed and the linear programme that is
left (where patients are scanned, what is outsourced) is solved: the result is a plan of the
other instance, costed by its own rules (its budgets, demand, prices and discount rate), or
infeasible there. Studies use it so that a scenario never reports a plan dearer than another
scenario's plan that is feasible for it (``netopt.study.consistency``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyomo.environ as pyo

from netopt.models.capital.budget_value import budget_values
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import BuyWindow, CapitalData, CohortWindow, build_capital_data
from netopt.models.capital.decisions import CapitalDecisions, RoomBuild, decision_values
from netopt.models.capital.results import extract_tables
from netopt.models.common import site_table
from netopt.schema import Instance
from netopt.solve.clock import Deadline
from netopt.solve.highs import SolveOptions, SolveReport, solve_model


class DecisionsDoNotFit(Exception):
    """The plan's decisions cannot be made in this instance (the message says which one)."""


def _records(frame: pd.DataFrame) -> Iterator[Any]:
    yield from frame.itertuples(index=False)


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or value == "" or bool(pd.isna(value))


def plan_decisions(data: CapitalData, tables: Mapping[str, pd.DataFrame]) -> CapitalDecisions:
    """The decisions of a capital plan's tables (``asset_decisions``, ``purchases``,
    ``new_rooms``) as counts of ``data``'s model (:class:`DecisionsDoNotFit` when one has no
    place there, or when the instance has a scanner the plan does not decide)."""
    cohort_of = {asset: i for i, cohort in enumerate(data.cohorts) for asset in cohort.assets}
    retire: Counter[CohortWindow] = Counter()
    decided: set[str] = set()
    for row in _records(tables.get("asset_decisions", pd.DataFrame())):
        if row.asset not in cohort_of:
            raise DecisionsDoNotFit(f"scanner {row.asset} is not in this instance")
        leave = data.end_year if _blank(row.year) else int(row.year)
        cohort_window = (cohort_of[row.asset], leave)
        if cohort_window not in data.cohort_windows:
            raise DecisionsDoNotFit(f"scanner {row.asset} cannot leave service in {leave} here")
        retire[cohort_window] += 1
        decided.add(str(row.asset))
    undecided = sorted(set(cohort_of) - decided)
    if undecided:
        raise DecisionsDoNotFit(f"the plan does not decide scanner {undecided[0]} of this instance")
    buy: Counter[BuyWindow] = Counter()
    for row in _records(tables.get("purchases", pd.DataFrame())):
        leave = data.end_year if _blank(row.retire_year) else int(row.retire_year)
        window = (str(row.site), str(row.model), int(row.year), leave)
        if window not in data.buy_windows:
            raise DecisionsDoNotFit(
                f"{row.model} cannot be bought at {row.site} in {row.year} here"
            )
        buy[window] += int(row.units)
    builds = set(data.room_builds)
    rooms: Counter[RoomBuild] = Counter()
    for row in _records(tables.get("new_rooms", pd.DataFrame())):
        build = (str(row.site), str(row.modality), int(row.year))
        if build not in builds:
            raise DecisionsDoNotFit(f"a {row.modality} room cannot be built at {row.site} here")
        rooms[build] += int(row.rooms)
    return CapitalDecisions(dict(retire), dict(buy), dict(rooms))


@dataclass
class FixedPlanCosting:
    """An instance's capital model, built once, in which other plans' decisions are fixed and
    costed one after another (the linear programme left by each)."""

    instance: Instance
    options: SolveOptions
    data: CapitalData | None = None
    model: pyo.ConcreteModel | None = None

    def __post_init__(self) -> None:
        self.data = build_capital_data(self.instance)
        self.model = build_capital_model(self.data)

    def cost(
        self, tables: Mapping[str, pd.DataFrame], *, with_values: bool = False
    ) -> tuple[SolveReport, dict[str, pd.DataFrame]]:
        """The plan of ``tables``' decisions in this instance: its report (``optimal`` when the
        decisions are feasible here, ``infeasible`` when not) and, when feasible, its tables
        (:class:`DecisionsDoNotFit` when they cannot be made here). ``with_values``: with the
        value of capital in its ``spend`` table (blank without)."""
        assert self.data is not None and self.model is not None
        decisions = plan_decisions(self.data, tables)
        for var, value in decision_values(self.model, self.data, decisions).items():
            var.fix(value, skip_validation=True)
        report = solve_model(self.model, self.options)
        if not report.status.has_plan:
            return report, {}
        values = (
            budget_values(self.model, self.data, self.options, Deadline(self.options.time_limit))
            if with_values
            else {}
        )
        found = extract_tables(self.model, self.data, values)
        return report, {**found, "sites": site_table(self.instance)}

"""A plan's capital decisions (``models/capital/decisions.py``): the values they give the model,
fixing them, and a start rule run within the time limit."""

from __future__ import annotations

import time
from collections import Counter

import pyomo.environ as pyo
import pytest

from netopt import SolveOptions, SolveStatus
from netopt.models.capital import solve_capital
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import BuyWindow, CapitalData, build_capital_data
from netopt.models.capital.decisions import (
    CapitalDecisions,
    best_tiers,
    decision_values,
    fix_capital_decisions,
)
from netopt.schema import Instance
from tests.capital.builders import EXACT, tiny

TIERS = [
    {"model": "ct-std", "min_units": 2, "discount": 0.05},
    {"model": "ct-std", "min_units": 3, "discount": 0.10},
]


def tiered() -> tuple[CapitalData, pyo.ConcreteModel]:
    """The base instance (room for two CT at A, a catalogue CT of GBP 100) and a second site B
    with two rooms, with tiers of 5% from 2 units and 10% from 3 units a year."""
    data = tiny(
        discount_tiers=TIERS,
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T1", "latitude": 52.1, "longitude": -1.0},
        ],
        rooms=[
            {"site": "A", "modality": "CT", "rooms": 2},
            {"site": "B", "modality": "CT", "rooms": 2},
        ],
    )
    capital = build_capital_data(Instance.model_validate(data))
    return capital, build_capital_model(capital)


def test_best_tier_is_the_largest_discount_reached_network_wide() -> None:
    """1 unit reaches no tier, 2 units tier 0 (5%), 3 units across two sites tier 1 (10%)."""
    data, _ = tiered()
    a: BuyWindow = ("A", "ct-std", 2030, 2031)
    b: BuyWindow = ("B", "ct-std", 2030, 2031)
    assert best_tiers(data, {a: 1}) == {}
    assert best_tiers(data, {a: 2}) == {("ct-std", 2030): 0}
    assert best_tiers(data, Counter({a: 2, b: 1})) == {("ct-std", 2030): 1}


def test_decisions_set_every_integer_variable() -> None:
    """Two units bought at A: buy 2 there, 0 at B, tier 0 active, tier 1 not, no new rooms."""
    data, model = tiered()
    decisions = CapitalDecisions(retire={}, buy={("A", "ct-std", 2030, 2031): 2})
    values = decision_values(model, data, decisions)
    integers = [v for v in model.component_data_objects(pyo.Var) if v.is_integer()]
    assert integers and all(v in values for v in integers)
    assert values[model.buy["A", "ct-std", 2030, 2031]] == 2
    assert values[model.buy["B", "ct-std", 2030, 2031]] == 0
    assert values[model.tier_active["ct-std", 2030, 0]] == 1
    assert values[model.tier_active["ct-std", 2030, 1]] == 0


def test_fixing_decisions_leaves_a_linear_programme_and_rejects_unknown_windows() -> None:
    data, model = tiered()
    with pytest.raises(ValueError, match="not windows of the capital model"):
        fix_capital_decisions(model, data, CapitalDecisions({}, {("A", "ct-std", 2029, 2031): 1}))
    fix_capital_decisions(model, data, CapitalDecisions({}, {("A", "ct-std", 2030, 2031): 1}))
    free = [v for v in model.component_data_objects(pyo.Var) if not v.fixed]
    assert free and not any(v.is_integer() or v.is_binary() for v in free)


def test_start_rule_gets_the_instance_and_its_data_and_keeps_the_optimum() -> None:
    """A start of one scanner bought (cost 100, the optimum: outsourcing costs 200)."""
    instance = Instance.model_validate(tiny())
    seen: list[tuple[Instance, CapitalData]] = []

    def one_scanner(instance: Instance, data: CapitalData) -> CapitalDecisions:
        seen.append((instance, data))
        return CapitalDecisions({}, {("A", "ct-std", 2030, 2031): 1})

    plan = solve_capital(instance, EXACT, start=one_scanner)
    assert plan.objective == pytest.approx(100)
    assert len(seen) == 1 and seen[0][0] is instance
    assert ("A", "ct-std", 2030, 2031) in seen[0][1].buy_windows


def test_start_rule_runs_within_the_time_limit() -> None:
    """A start rule that would take 30 s is cut short by a 1 s limit while the model is built:
    no plan was found (not "none exists"), and the call returns at the limit."""
    instance = Instance.model_validate(tiny())

    def slow(instance: Instance, data: CapitalData) -> CapitalDecisions:
        time.sleep(30)
        return CapitalDecisions({}, {})

    began = time.perf_counter()
    plan = solve_capital(instance, SolveOptions(time_limit=1.0), start=slow)
    assert time.perf_counter() - began < 5
    assert plan.status is SolveStatus.NO_SOLUTION
    assert plan.report.stage == "building the model"

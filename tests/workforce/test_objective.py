"""The annual cost: one expression per component, indexed, and the costs table from it."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from netopt.models.workforce.build import build_workforce_model
from netopt.models.workforce.data import build_workforce_data
from netopt.models.workforce.objective import COST_COMPONENTS, COSTS
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance
from tests.verify.workforce_networks import rich
from tests.workforce.builders import EXACT


def test_cost_is_indexed_by_its_components_in_reporting_order() -> None:
    model = build_workforce_model(build_workforce_data(Instance.model_validate(rich())))
    assert list(model.cost_components) == list(COST_COMPONENTS) == list(COSTS)
    assert list(model.cost) == list(COST_COMPONENTS)
    assert [e.name for e in model.component_objects(pyo.Expression)] == ["cost"]


def test_the_costs_table_adds_up_to_the_objective() -> None:
    plan = solve_workforce(Instance.model_validate(rich()), EXACT)
    assert list(plan.costs["component"]) == list(COST_COMPONENTS)
    assert plan.costs["annual"].sum() == pytest.approx(plan.objective)
    by_name = dict(zip(plan.costs["component"], plan.costs["annual"], strict=True))
    assert by_name["travel"] > 0 and by_name["onboarding"] > 0

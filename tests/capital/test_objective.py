"""The net present cost's components: one indexed expression ``cost[component]``, one row each
in the ``costs`` table, in the same order, adding up to the objective."""

from __future__ import annotations

import pytest

from netopt.models.capital.objective import COMPONENTS, CostComponent
from tests.capital.builders import solve, tiny


def test_costs_table_lists_every_component_signed_and_adds_up_to_the_objective() -> None:
    """An existing scanner (resale 30 a year old, maintenance 5) kept one year, and a scanner
    bought (100): the table has one row per component, values negative."""
    data = tiny(
        age_profiles=[{"profile": "flat", "age": 0, "maintenance_cost": 5, "resale_value": 30}],
        assets=[
            {"id": "old", "site": "A", "modality": "CT", "install_year": 2029, "hours_per_year": 5}
        ],
    )
    plan = solve(data)
    assert list(plan.costs["component"]) == [c.value for c in CostComponent]
    assert set(COMPONENTS) == set(CostComponent)
    npv = dict(zip(plan.costs["component"], plan.costs["npv"], strict=True))
    assert npv["residual_value"] < 0 and npv["maintenance"] > 0
    assert sum(npv.values()) == pytest.approx(plan.objective)
    assert [c.sign for c in CostComponent] == [1, 1, 1, 1, 1, 1, -1, -1]

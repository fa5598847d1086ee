"""The capital result tables, each from its own builder (``models/capital/results.py``), on a
model whose variables are set by hand (no solver): what each table makes of given values."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import CapitalData, build_capital_data
from netopt.models.capital.results import (
    asset_decision_table,
    fleet_table,
    new_room_rows,
    payment_table,
    purchase_cash_costs,
    purchase_rows,
)
from netopt.schema import Instance
from tests.capital.builders import tiny


def plan_by_hand() -> tuple[pyo.ConcreteModel, CapitalData]:
    """Site A (trust T1) in 2030: the old scanner (2025) leaves in 2030; two catalogue CT are
    bought (GBP 100 each, 10% off from 2 units: GBP 180) and one room built (GBP 50)."""
    data = tiny(
        discount_tiers=[{"model": "ct-std", "min_units": 2, "discount": 0.1}],
        rooms=[
            {"site": "A", "modality": "CT", "rooms": 2, "max_new_rooms": 1, "new_room_cost": 50}
        ],
        assets=[
            {"id": "old", "site": "A", "modality": "CT", "install_year": 2025, "hours_per_year": 10}
        ],
    )
    capital = build_capital_data(Instance.model_validate(data))
    m = build_capital_model(capital)
    for var in m.component_data_objects(pyo.Var):
        var.set_value(0, skip_validation=True)
    m.retire[0, 2030].set_value(1)
    m.buy["A", "ct-std", 2030, 2031].set_value(2)
    m.discounted_units["A", "ct-std", 2030, 0].set_value(2)
    m.tier_active["ct-std", 2030, 0].set_value(1)
    m.new_rooms["A", "CT", 2030].set_value(1)
    return m, capital


def test_purchases_and_payments_after_discount() -> None:
    m, data = plan_by_hand()
    cash = purchase_cash_costs(m, data)
    assert cash == {("A", "ct-std", 2030): pytest.approx(180)}
    [row] = purchase_rows(m, data, cash)
    assert row["units"] == 2 and row["retire_year"] is None
    assert row["unit_price"] == pytest.approx(90) and row["discount"] == pytest.approx(0.1)
    rooms = new_room_rows(m, data)
    assert rooms == [{"site": "A", "modality": "CT", "year": 2030, "rooms": 1, "cost": 50.0}]
    payments = payment_table(data, cash, rooms)
    assert list(payments["item"]) == ["purchase", "new_room"]
    assert list(payments["amount"]) == [pytest.approx(180), pytest.approx(50)]
    assert set(payments["trust"]) == {"T1"}


def test_an_existing_scanner_leaving_the_year_its_modality_is_bought_is_replaced() -> None:
    m, data = plan_by_hand()
    purchases = purchase_rows(m, data, purchase_cash_costs(m, data))
    decisions = asset_decision_table(m, data, purchases)
    assert decisions.to_dict("records") == [
        {
            "asset": "old",
            "site": "A",
            "modality": "CT",
            "kind": "CT",
            "install_year": 2025,
            "decision": "replace",
            "year": 2030,
            "age": 5,
            "value": 0.0,
            "replaced_by": "ct-std",
        }
    ]


def test_fleet_counts_units_in_service_with_their_hours() -> None:
    """The old scanner left at the start of 2030; the two new ones serve 10 hours each."""
    m, data = plan_by_hand()
    fleet = fleet_table(m, data)
    assert fleet[["scanner", "year", "units", "hours"]].to_dict("records") == [
        {"scanner": "ct-std", "year": 2030, "units": 2, "hours": 20.0}
    ]

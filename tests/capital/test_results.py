"""The capital result tables, each from its own builder (``models/capital/results.py``), on a
model whose variables are set by hand (no solver): what each table makes of given values."""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo
import pytest

import netopt
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import CapitalData, build_capital_data
from netopt.models.capital.results import (
    asset_decision_table,
    fleet_table,
    new_room_rows,
    payment_table,
    purchase_cash_costs,
    purchase_rows,
    purchase_units,
    trust_cost_table,
)
from netopt.schema import Instance
from tests.capital.builders import tiny
from tests.verify.networks import with_cdc


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
    payments = payment_table(data, cash, rooms, purchase_units(m, data))
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
            "owner": "T1",
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


def test_trust_costs_by_hand() -> None:
    """Capital (GBP 180) and the room (GBP 50) fall on T1, owner of site A, in 2030, at
    2030's discount factor; the old scanner's resale is a negative value that year."""
    m, data = plan_by_hand()
    empty = pd.DataFrame(
        columns=["site", "origin", "exam_type", "year", "exams", "cost", "travel_cost"]
    )
    table = trust_cost_table(
        m, data, purchase_cash_costs(m, data), purchase_units(m, data), empty, empty
    )
    rows = table.set_index(["trust", "year", "component"])
    df = data.discount_factor[2030]
    assert rows.loc[("T1", 2030, "capital"), "cash"] == pytest.approx(180)
    assert rows.loc[("T1", 2030, "capital"), "npv"] == pytest.approx(180 * df)
    assert rows.loc[("T1", 2030, "enabling_works"), "cash"] == pytest.approx(50)
    assert set(table["trust"]) == {"T1"}
    assert (table.loc[table["component"] == "resale", "cash"] <= 0).all()


def test_trust_costs_add_up_to_the_plan_and_share_a_network_site() -> None:
    """Summed over trusts and years each component's npv is the plan's; what is bought at the
    network CDC is paid 60/40 by trusts A and B (their capital shares)."""
    instance = with_cdc()
    plan = netopt.solve_capital(instance, netopt.SolveOptions(mip_gap=0.0))
    assert plan.status is netopt.SolveStatus.OPTIMAL
    sums = plan.trust_costs.groupby("component")["npv"].sum()
    for component, npv in plan.costs.set_index("component")["npv"].items():
        assert sums.get(component, 0.0) == pytest.approx(npv, rel=1e-9, abs=1e-6), component
    cdc = plan.payments[plan.payments["site"] == "CDC"]
    assert not cdc.empty, "the plan buys nothing at the CDC"
    by_trust = cdc.groupby("trust")["amount"].sum()
    assert by_trust["A"] == pytest.approx(1.5 * by_trust["B"])
    capital = plan.trust_costs[plan.trust_costs["component"] == "capital"]
    bought = plan.payments[plan.payments["item"] == "purchase"]
    assert capital["cash"].sum() == pytest.approx(bought["amount"].sum())

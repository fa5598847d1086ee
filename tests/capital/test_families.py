"""Known-answer tests, one or more per constraint family of ``models/capital.md``.

Each instance is tiny enough that its optimum is derived by hand in the docstring. Unless a
test says otherwise: one site A of trust T1, CT rooms, one exam = one scanner hour, demand 10
exams in 2030, outsourcing GBP 20 per exam, a catalogue CT of GBP 100 with 10 hours a year and
no maintenance or resale value, no discounting.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyomo.environ as pyo
import pytest

from netopt import SolveStatus, solve_capital
from netopt.models.capital.build import BUILD_STEPS, FAMILIES, build_capital_model
from netopt.models.capital.data import build_capital_data
from netopt.schema import Instance, InstanceError
from tests.capital.builders import BASE, EXACT, assert_verified, solve, tiny
from tests.capital.test_access import test_access_target_forces_a_purchase_nearer_home
from tests.capital.test_in_house import test_outsourcing_limit_forces_a_purchase
from tests.capital.test_revenue_budget import test_a_revenue_budget_of_30_buys_the_scanner_instead

REPO = Path(__file__).resolve().parents[2]


def asset(**fields: Any) -> dict[str, Any]:
    row = {"id": "old", "site": "A", "modality": "CT", "install_year": 2025, "hours_per_year": 10}
    row.update(fields)
    return row


# --------------------------------------------------------------------------- budgets


def test_budget_binding() -> None:
    """Buying (100) beats outsourcing (10 x 20 = 200); with a budget of 50 the scanner cannot be
    bought, so the optimum is 200; with exactly 100 it can: 100."""
    trust = {"id": "T1", "capital_budget": 50.0, "capital_share": 100}
    assert solve(tiny(trusts=[trust])).objective == pytest.approx(200)
    trust["capital_budget"] = 100.0
    plan = solve(tiny(trusts=[trust]))
    assert plan.objective == pytest.approx(100)
    assert plan.spend.loc[0, "spend"] == pytest.approx(100)


def test_capital_shares_split_network_purchases() -> None:
    """Site C belongs to the network; T1 pays 30% and T2 70% of what is bought there. With both
    budgets ample the scanner is bought (100): T1 pays 30, T2 70. With T1's budget at 29 it
    cannot pay its share, so C's exams are outsourced: 200."""
    sites = [{"id": "C", "owner": "network", "latitude": 52.0, "longitude": -1.0}]
    trusts = [
        {"id": "T1", "capital_budget": 1000.0, "capital_share": 30},
        {"id": "T2", "capital_budget": 1000.0, "capital_share": 70},
    ]
    data = tiny(
        sites=sites,
        trusts=trusts,
        rooms=[{"site": "C", "modality": "CT", "rooms": 1}],
        demand=[{"site": "C", "exam_type": "ct", "year": 2030, "exams": 10}],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(100)
    paid = plan.payments.set_index("trust")["amount"]
    assert paid["T1"] == pytest.approx(30) and paid["T2"] == pytest.approx(70)
    data["trusts"][0]["capital_budget"] = 29.0
    assert solve(data).objective == pytest.approx(200)


def test_carry_over_lets_a_trust_save_for_a_purchase() -> None:
    """Two years, a budget of 60 a year, no demand in 2030 and 10 exams in 2031. Without
    carry-over 100 is never available: outsource 200. With carry-over 120 is available in 2031:
    buy, 100."""
    trust = {"id": "T1", "capital_budget": 60.0, "capital_share": 100}
    data = tiny(
        network={"name": "t", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0},
        trusts=[trust],
        demand=[
            {"site": "A", "exam_type": "ct", "year": 2030, "exams": 0},
            {"site": "A", "exam_type": "ct", "year": 2031, "exams": 10},
        ],
    )
    assert solve(data).objective == pytest.approx(200)
    trust["carry_over"] = True
    plan = solve(tiny(**{**data, "trusts": [trust]}))
    assert plan.objective == pytest.approx(100)
    spend = plan.spend.set_index("year")
    assert spend.loc[2031, "carried_in"] == pytest.approx(60)
    assert plan.purchases.loc[0, "year"] == 2031


# --------------------------------------------------------------------------- fleet and max age


def test_max_age_forces_replacement() -> None:
    """An existing scanner installed in 2021 with a maximum age of 10 serves 2030 (age 9) and
    must leave at the start of 2031. Demand (10 h a year) cannot be outsourced, so a new unit
    (100) must be in service from 2031. At a 10% discount rate buying in 2031 rather than 2030
    is cheaper: the optimum is 100 / 1.1, and the old scanner is replaced in 2031 at age 10."""
    data = tiny(
        network={"name": "t", "first_year": 2030, "horizon_years": 3, "discount_rate": 0.1},
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60}],
        assets=[asset(install_year=2021, max_age_years=10)],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(100 / 1.1)
    decision = plan.asset_decisions.iloc[0]
    assert (decision["decision"], decision["year"], decision["age"]) == ("replace", 2031, 10)
    assert list(plan.purchases["year"]) == [2031]


def test_scanner_past_max_age_leaves_in_first_year() -> None:
    """A scanner already older than its maximum age leaves in the first year, even if keeping
    it would be cheaper: the single plan year needs a new unit, 100."""
    data = tiny(
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60}],
        assets=[asset(install_year=2000, max_age_years=10)],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(100)
    assert plan.asset_decisions.iloc[0]["year"] == 2030


def test_existing_scanner_replaced_when_maintenance_exceeds_price() -> None:
    """The existing scanner costs 150 a year to maintain at its age; a new one costs 100 with no
    maintenance. Keeping it: 150; replacing it: 100. The optimum replaces it."""
    data = tiny(
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60}],
        age_profiles=[
            *BASE["age_profiles"],
            {"profile": "old", "age": 0, "maintenance_cost": 150, "resale_value": 0},
        ],
        assets=[asset(install_year=2024, age_profile="old")],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(100)
    assert plan.asset_decisions.iloc[0]["decision"] == "replace"


def test_residual_value_removes_end_of_horizon_bias() -> None:
    """A scanner bought in the last plan year is worth 60 at age 1 when the horizon ends: its
    net cost is 100 - 60 = 40 undiscounted, and 100 - 60 / 1.1 at a 10% rate."""
    profile = [
        {"profile": "flat", "age": 0, "maintenance_cost": 0, "resale_value": 100},
        {"profile": "flat", "age": 1, "maintenance_cost": 0, "resale_value": 60},
    ]
    assert solve(tiny(age_profiles=profile)).objective == pytest.approx(40)
    network = {"name": "t", "first_year": 2030, "horizon_years": 1, "discount_rate": 0.1}
    plan = solve(tiny(age_profiles=profile, network=network))
    assert plan.objective == pytest.approx(100 - 60 / 1.1)
    costs = plan.costs.set_index("component")["npv"]
    assert costs["residual_value"] == pytest.approx(-60 / 1.1)


def test_textbook_car_replacement() -> None:
    """Winston's car replacement (published optimum 31000), as an ordinary instance."""
    from netopt import load_instance

    instance = load_instance(REPO / "instances/textbook/winston_car.yaml")
    plan = solve_capital(instance, EXACT)
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(31000)
    assert_verified(plan, instance)


# --------------------------------------------------------------------------- demand and capacity


def test_demand_balance_outsources_or_is_infeasible() -> None:
    """An existing scanner gives 5 of the 10 hours needed and nothing can be bought. With
    outsourcing at 15 an exam the rest costs 5 x 15 = 75; without outsourcing no plan exists."""
    data = tiny(
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60, "outsourcing_cost": 15}],
        catalogue=[],
        assets=[asset(hours_per_year=5)],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(75)
    assert plan.outsourced["exams"].sum() == pytest.approx(5)
    del data["exam_types"][0]["outsourcing_cost"]
    infeasible = solve_capital(Instance.model_validate(data), EXACT)
    assert infeasible.status is SolveStatus.INFEASIBLE


def test_demand_nobody_can_ever_scan_is_a_located_input_error() -> None:
    """Demand at A whose only CT site is beyond the travel limit, with no outsourcing, makes
    every plan infeasible; netopt says so at the demand row instead of building a model."""
    sites = [
        {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
        {"id": "B", "owner": "T1", "latitude": 53.0, "longitude": -1.0},
    ]
    data = tiny(
        sites=sites,
        rooms=[{"site": "B", "modality": "CT", "rooms": 1}],
        modalities=[{"id": "CT", "default_age_profile": "flat", "max_travel_minutes": 30}],
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60}],
    )
    with pytest.raises(InstanceError) as error:
        solve_capital(Instance.model_validate(data), EXACT)
    assert error.value.problems[0].loc == ("demand", 0)
    assert "within 30 minutes" in error.value.problems[0].message


def test_demand_grows_from_a_base_year() -> None:
    """10 exams in 2029 growing 10% a year give 11 in 2030: one scanner (10 h, 100) plus one
    outsourced exam (20) = 120, cheaper than two scanners (200) or outsourcing all (220)."""
    data = tiny(
        demand=[{"site": "A", "exam_type": "ct", "year": 2029, "exams": 10, "growth_rate": 0.1}]
    )
    assert solve(data).objective == pytest.approx(120)


def test_travel_limit() -> None:
    """Patients at A can only be scanned at B (an existing scanner, 10 h), 30 minutes away at
    GBP 1 a minute: 10 x 30 = 300, against outsourcing at 50 an exam (500). With a 40-minute
    limit they travel (300); with a 20-minute limit they cannot, so the exams are outsourced."""
    sites = [
        {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
        {"id": "B", "owner": "T1", "latitude": 52.1, "longitude": -1.0},
    ]
    data = tiny(
        sites=sites,
        rooms=[{"site": "B", "modality": "CT", "rooms": 1}],
        catalogue=[],
        assets=[asset(site="B")],
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60, "outsourcing_cost": 50}],
        travel={"method": "matrix"},
        travel_matrix=[{"origin": "A", "destination": "B", "minutes": 30}],
        policy={"travel_cost_per_minute": 1.0, "residual_value": "resale"},
        modalities=[{"id": "CT", "default_age_profile": "flat", "max_travel_minutes": 40}],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(300)
    assert plan.flows.loc[0, "site"] == "B"
    data["modalities"][0]["max_travel_minutes"] = 20
    assert solve(data).objective == pytest.approx(500)


def test_capability_cover() -> None:
    """5 cardiac exams need a cardiac-capable CT; the existing plain CT (10 h) can do the other
    5 but not them, and nothing may be outsourced. A cardiac CT costs 100, a plain one 60: the
    optimum buys the cardiac CT (100). Without the cardiac requirement nothing is bought (0)."""
    data = tiny(
        exam_types=[
            {"id": "ct", "modality": "CT", "scan_minutes": 60},
            {"id": "cardiac", "modality": "CT", "scan_minutes": 60, "capability": "cardiac"},
        ],
        demand=[
            {"site": "A", "exam_type": "ct", "year": 2030, "exams": 5},
            {"site": "A", "exam_type": "cardiac", "year": 2030, "exams": 5},
        ],
        catalogue=[
            {
                "id": "ct-std",
                "modality": "CT",
                "price": 60,
                "hours_per_year": 10,
                "lifetime_years": 10,
                "age_profile": "flat",
            },
            {
                "id": "ct-cardiac",
                "modality": "CT",
                "price": 100,
                "hours_per_year": 10,
                "lifetime_years": 10,
                "age_profile": "flat",
                "capabilities": ["cardiac"],
            },
        ],
        assets=[asset()],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(100)
    assert list(plan.purchases["model"]) == ["ct-cardiac"]
    del data["exam_types"][1]["capability"]
    assert solve(data).objective == pytest.approx(0)


def test_scan_capacity_counts_downtime() -> None:
    """The existing scanner loses 20% of its 10 hours to downtime: 8 hours for 8 exams. Of 10
    exams, 2 are outsourced (40), cheaper than buying (100)."""
    data = tiny(
        age_profiles=[
            {
                "profile": "flat",
                "age": 0,
                "maintenance_cost": 0,
                "resale_value": 0,
                "downtime_fraction": 0.2,
            }
        ],
        assets=[asset()],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(40)
    assert plan.capacity.loc[0, "hours_available"] == pytest.approx(8)


def _relaxation_bound(data: dict[str, Any], without: tuple[str, ...] = ()) -> float:
    """Optimum of the LP relaxation, less the valid-inequality families named in ``without``."""
    import pyomo.environ as pyo

    from netopt.solve.highs import solve_model

    model = build_capital_model(build_capital_data(Instance.model_validate(data)))
    for var in model.component_data_objects(pyo.Var):
        if var.is_integer():
            var.domain = pyo.UnitInterval if var.is_binary() else pyo.NonNegativeReals
    for family in without:
        getattr(model, family).deactivate()
    report = solve_model(model, EXACT)
    assert report.objective is not None
    return report.objective


def test_capacity_rounding_cuts_tighten_without_cutting_the_optimum() -> None:
    """Demand 15 h, scanners of 10 h at 100, outsourcing at 25 an hour. The relaxation alone buys
    1.5 scanners (150). The cut X + O / (10 x 0.5) >= 2 makes it buy 2 (200) or 1 plus 5 hours
    outsourced (225): the relaxation's optimum is then 200, which is the integer optimum."""
    data = tiny(
        demand=[{"site": "A", "exam_type": "ct", "year": 2030, "exams": 15}],
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60, "outsourcing_cost": 25}],
    )
    assert _relaxation_bound(data, without=("capacity_rounding",)) == pytest.approx(150)
    assert _relaxation_bound(data) == pytest.approx(200)
    assert solve(data).objective == pytest.approx(200)


def test_single_scanner_link_tightens_without_cutting_the_optimum() -> None:
    """Sites A and B have one room each; 5 exams arise at each, 2 minutes apart at GBP 1 a
    minute, and none may be outsourced. One scanner (100, 10 h) at either site serves both, with
    the other site's 5 exams travelling: 110. The relaxation without the link buys half a
    scanner at each site and serves every exam locally: 100. With it, half a scanner at a site
    takes at most half of each origin's exams there, so the other half travel: 110, the integer
    optimum. The rounding cuts do not help here: the 10 hours of demand fill one scanner exactly."""
    data = tiny(
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T1", "latitude": 52.1, "longitude": -1.0},
        ],
        rooms=[{"site": s, "modality": "CT", "rooms": 1} for s in ("A", "B")],
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60}],
        demand=[{"site": s, "exam_type": "ct", "year": 2030, "exams": 5} for s in ("A", "B")],
        travel={"method": "matrix"},
        travel_matrix=[
            {"origin": "A", "destination": "B", "minutes": 2},
            {"origin": "B", "destination": "A", "minutes": 2},
        ],
        policy={"travel_cost_per_minute": 1.0, "residual_value": "resale"},
    )
    model = build_capital_model(build_capital_data(Instance.model_validate(data)))
    assert len(model.single_scanner_link) == 4  # each origin to each one-room site
    assert _relaxation_bound(data, without=("single_scanner_link",)) == pytest.approx(100)
    assert _relaxation_bound(data) == pytest.approx(110)
    assert solve(data).objective == pytest.approx(110)
    data["rooms"] = [{"site": s, "modality": "CT", "rooms": 2} for s in ("A", "B")]
    model = build_capital_model(build_capital_data(Instance.model_validate(data)))
    assert len(model.single_scanner_link) == 0  # slack where two scanners fit: not added


# --------------------------------------------------------------------------- rooms


def test_rooms_limit_and_new_rooms() -> None:
    """One room, taken by an existing scanner (10 h); demand 20 h. Building a second room (50)
    and buying a scanner (100) costs 150, against outsourcing 10 exams (200): 150. If no room
    may be built, the second scanner does not fit: 200."""
    rooms = [{"site": "A", "modality": "CT", "rooms": 1, "max_new_rooms": 1, "new_room_cost": 50}]
    demand = [{"site": "A", "exam_type": "ct", "year": 2030, "exams": 20}]
    plan = solve(tiny(rooms=rooms, demand=demand, assets=[asset()]))
    assert plan.objective == pytest.approx(150)
    assert plan.new_rooms["rooms"].sum() == 1
    rooms[0]["max_new_rooms"] = 0
    assert solve(tiny(rooms=rooms, demand=demand, assets=[asset()])).objective == pytest.approx(200)


# --------------------------------------------------------------------------- procurement


def _two_sites(min_units: int) -> dict[str, Any]:
    sites = [
        {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
        {"id": "B", "owner": "T1", "latitude": 53.0, "longitude": -1.0},
    ]
    return tiny(
        sites=sites,
        rooms=[{"site": s, "modality": "CT", "rooms": 1} for s in ("A", "B")],
        demand=[{"site": s, "exam_type": "ct", "year": 2030, "exams": 10} for s in ("A", "B")],
        modalities=[{"id": "CT", "default_age_profile": "flat", "max_travel_minutes": 10}],
        discount_tiers=[{"model": "ct-std", "min_units": min_units, "discount": 0.05}],
    )


def test_volume_discount_tiers() -> None:
    """Each of two distant sites needs its own scanner. Two units bought in one year earn 5%
    off each when the tier starts at 2 units: 2 x 95 = 190; when it starts at 3: 200."""
    plan = solve(_two_sites(2))
    assert plan.objective == pytest.approx(190)
    assert list(plan.purchases["unit_price"]) == pytest.approx([95, 95])
    assert solve(_two_sites(3)).objective == pytest.approx(200)


def test_committed_purchase() -> None:
    """Two exams would be outsourced (40) rather than buying a scanner (100); a committed
    purchase forces the scanner: 100, with nothing outsourced."""
    demand = [{"site": "A", "exam_type": "ct", "year": 2030, "exams": 2}]
    assert solve(tiny(demand=demand)).objective == pytest.approx(40)
    committed = [{"site": "A", "model": "ct-std", "year": 2030}]
    plan = solve(tiny(demand=demand, committed_purchases=committed))
    assert plan.objective == pytest.approx(100)
    assert plan.outsourced.empty


def test_lead_time_delays_service() -> None:
    """With a one-year lead time a scanner bought in 2030 serves from 2031: 2030's 10 exams are
    outsourced (200) and the scanner (100) serves 2031: 300. Without lead time: 100."""
    network = {"name": "t", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0}
    catalogue = [dict(BASE["catalogue"][0], lead_time_years=1)]
    plan = solve(tiny(network=network, catalogue=catalogue))
    assert plan.objective == pytest.approx(300)
    assert list(plan.purchases["in_service_year"]) == [2031]
    assert solve(tiny(network=network)).objective == pytest.approx(100)


# --------------------------------------------------------------------------- coverage of the maths

FAMILY_TESTS = {
    "existing_fleet": test_existing_scanner_replaced_when_maintenance_exceeds_price,
    "demand_balance": test_demand_balance_outsources_or_is_infeasible,
    "outsourcing_limit": test_outsourcing_limit_forces_a_purchase,
    "access_target": test_access_target_forces_a_purchase_nearer_home,
    "scan_capacity": test_scan_capacity_counts_downtime,
    "capability_cover": test_capability_cover,
    "capacity_rounding": test_capacity_rounding_cuts_tighten_without_cutting_the_optimum,
    "single_scanner_link": test_single_scanner_link_tightens_without_cutting_the_optimum,
    "rooms_limit": test_rooms_limit_and_new_rooms,
    "new_rooms_limit": test_rooms_limit_and_new_rooms,
    "capital_budget": test_budget_binding,
    "revenue_budget": test_a_revenue_budget_of_30_buys_the_scanner_instead,
    "discount_tier_choice": test_volume_discount_tiers,
    "discount_tier_units": test_volume_discount_tiers,
    "discount_tier_threshold": test_volume_discount_tiers,
    "discounted_units_bought": test_volume_discount_tiers,
    "committed_purchase": test_committed_purchase,
}


def documented_families() -> list[str]:
    """Constraint family names from the ``###`` headings of ``models/capital.md``, in order."""
    text = (REPO / "models/capital.md").read_text(encoding="utf-8")
    section = text.split("## Constraint families", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### (.*)$", section, flags=re.M)
    names = [name for heading in headings for name in re.findall(r"`([a-z_]+)`", heading)]
    return list(dict.fromkeys(names))


def family_instance() -> Instance:
    """An instance with a row in every family: an existing scanner, a discount tier, a
    commitment, a room that may be built at A, a one-room site B, 15 hours of demand at A
    (1.5 scanners), a limit on outsourced exams, an access target, a revenue budget."""
    data = tiny(
        trusts=[
            {"id": "T1", "capital_budget": 1000.0, "capital_share": 100, "revenue_budget": 1e4}
        ],
        exam_types=[
            {
                "id": "ct",
                "modality": "CT",
                "scan_minutes": 60,
                "outsourcing_cost": 20,
                "outsourcing_capacity": 100,
            }
        ],
        discount_tiers=[{"model": "ct-std", "min_units": 2, "discount": 0.05}],
        committed_purchases=[{"site": "A", "model": "ct-std", "year": 2030}],
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T1", "latitude": 52.01, "longitude": -1.0},
        ],
        rooms=[
            {"site": "A", "modality": "CT", "rooms": 2, "max_new_rooms": 1},
            {"site": "B", "modality": "CT", "rooms": 1},
        ],
        demand=[{"site": "A", "exam_type": "ct", "year": 2030, "exams": 15}],
        assets=[asset()],
        policy={"access_minutes": 30, "access_share": 0.5},
    )
    return Instance.model_validate(data)


def test_every_documented_family_is_in_the_model_and_tested() -> None:
    """models/capital.md, the model's registry of families (in the document's order), the
    Pyomo model and this file name the same constraint families; each family's function is
    named after it."""
    families = documented_families()
    assert families == list(FAMILIES)
    assert set(families) == set(FAMILY_TESTS)
    assert all(add.__name__ == f"add_{name}" for name, add in FAMILIES.items())
    model = build_capital_model(build_capital_data(family_instance()))
    built = [c.local_name for c in model.component_objects(pyo.Constraint)]
    assert built == families


def test_each_family_function_adds_its_family_only() -> None:
    """Built step by step, each family's function adds one constraint, of its family's name,
    with at least one row on the instance above."""
    data = build_capital_data(family_instance())
    m = pyo.ConcreteModel()
    families = {add: name for name, add in FAMILIES.items()}
    for step in BUILD_STEPS:
        before = set(m.component_objects(pyo.Constraint))
        step(m, data)
        added = [c for c in m.component_objects(pyo.Constraint) if c not in before]
        if step in families:
            assert [c.local_name for c in added] == [families[step]]
            assert len(added[0]) > 0, families[step]
        else:
            assert added == []

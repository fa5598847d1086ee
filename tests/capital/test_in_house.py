"""Known answers for the in-house cost per exam (``cost[in_house_scanning]``), the
``outsourcing_limit`` family and the ``scanning_split`` table.

Unless a test says otherwise (``tests.capital.builders``): one site A of trust T1 with two CT
rooms, one exam = one scanner hour, 10 exams in 2030, a catalogue CT of GBP 100 with 10 hours a
year and no maintenance or resale value, no discounting. Every plan is checked by the
independent verifier too.
"""

from __future__ import annotations

from typing import Any

import pytest

from netopt import SolveStatus, diagnose_capital, solve_capital
from netopt.models.diagnosis import ShortfallKind
from netopt.schema import Instance
from tests.capital.builders import EXACT, solve, tiny


def ct(**fields: Any) -> list[dict[str, Any]]:
    """The one exam type, ``ct``, with fields changed."""
    return [{"id": "ct", "modality": "CT", "scan_minutes": 60, **fields}]


KEPT = {"id": "old", "site": "A", "modality": "CT", "install_year": 2025, "hours_per_year": 10}
"""An existing scanner with 10 spare hours and no costs (its purchase is sunk)."""


def npv(plan: Any, component: str) -> float:
    return float(plan.costs.set_index("component").loc[component, "npv"])


def test_in_house_cost_is_weighed_against_outsourcing() -> None:
    """An existing scanner with spare hours; outsourcing costs 50 an exam. In-house at 30 an
    exam: all 10 are scanned in-house, 300 (today's model, with no in-house cost, says 0). At
    60 an exam outsourcing is cheaper: all 10 are outsourced, 500."""
    data = tiny(catalogue=[], assets=[KEPT], exam_types=ct(outsourcing_cost=50, in_house_cost=30))
    plan = solve(data)
    assert plan.objective == pytest.approx(300)
    assert npv(plan, "in_house_scanning") == pytest.approx(300)
    assert plan.outsourced.empty
    costs = plan.trust_costs.set_index("component")
    assert costs.loc["in_house_scanning", "cash"] == pytest.approx(300)

    data["exam_types"] = ct(outsourcing_cost=50, in_house_cost=60)
    plan = solve(data)
    assert plan.objective == pytest.approx(500)
    assert plan.flows.empty and plan.outsourced["exams"].sum() == pytest.approx(10)
    assert npv(plan, "in_house_scanning") == 0.0

    data["exam_types"] = ct(outsourcing_cost=50)
    assert solve(data).objective == pytest.approx(0)


def test_in_house_cost_can_make_outsourcing_cheaper_than_buying() -> None:
    """No scanner; outsourcing 50 an exam (500). Buying (100) and scanning at 30 an exam costs
    100 + 300 = 400: buy. At 45 an exam it costs 100 + 450 = 550 > 500: outsource. With no
    in-house cost (today) buying costs 100."""
    plan = solve(tiny(exam_types=ct(outsourcing_cost=50, in_house_cost=30)))
    assert plan.objective == pytest.approx(400)
    assert plan.purchases["units"].sum() == 1
    plan = solve(tiny(exam_types=ct(outsourcing_cost=50, in_house_cost=45)))
    assert plan.objective == pytest.approx(500)
    assert plan.purchases.empty
    assert solve(tiny(exam_types=ct(outsourcing_cost=50))).objective == pytest.approx(100)


def test_outsourcing_limit_forces_a_purchase() -> None:
    """Two exams: outsourcing both (2 x 20 = 40) beats buying (100). With the outsourcing
    companies taking one exam a year, the other must be scanned: buy (100), then scanning the
    second exam in-house at 30 costs more than outsourcing it at 20, so 100 + 30 + 20 = 150
    with one exam outsourced (the limit binds). A year's ``outsourcing_limits`` row overrides
    the exam type's capacity: capacity 5 alone gives 40 again, with a row of 1 for 2030, 150."""
    demand = [{"site": "A", "exam_type": "ct", "year": 2030, "exams": 2}]
    free = tiny(demand=demand, exam_types=ct(outsourcing_cost=20, in_house_cost=30))
    assert solve(free).objective == pytest.approx(40)

    capped = tiny(
        demand=demand, exam_types=ct(outsourcing_cost=20, in_house_cost=30, outsourcing_capacity=1)
    )
    plan = solve(capped)
    assert plan.objective == pytest.approx(150)
    assert plan.purchases["units"].sum() == 1
    assert plan.outsourced["exams"].sum() == pytest.approx(1)
    assert plan.flows["exams"].sum() == pytest.approx(1)

    loose = tiny(
        demand=demand, exam_types=ct(outsourcing_cost=20, in_house_cost=30, outsourcing_capacity=5)
    )
    assert solve(loose).objective == pytest.approx(40)
    loose["outsourcing_limits"] = [{"exam_type": "ct", "year": 2030, "max_exams": 1}]
    assert solve(loose).objective == pytest.approx(150)


def test_outsourcing_limit_can_make_the_instance_infeasible_and_diagnose_names_it() -> None:
    """One room, an existing scanner of 5 hours, nothing to buy; 10 exams, of which the
    outsourcing companies take 3: 2 exams can be neither scanned nor outsourced. The strict
    model is infeasible; the diagnosis finds those 2 exams unmet, says the outsourcing limit
    is why, and the infeasible subsystem holds the limit's row."""
    data = tiny(
        catalogue=[],
        rooms=[{"site": "A", "modality": "CT", "rooms": 1}],
        assets=[{**KEPT, "hours_per_year": 5}],
        exam_types=ct(outsourcing_cost=20, outsourcing_capacity=3),
    )
    instance = Instance.model_validate(data)
    assert solve_capital(instance, EXACT).status is SolveStatus.INFEASIBLE
    diagnosis = diagnose_capital(instance, EXACT)
    assert not diagnosis.feasible
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.DEMAND
    assert finding.where == {"site": "A", "exam_type": "ct", "year": 2030}
    assert finding.amount == pytest.approx(2)
    assert "at most 3 ct exams in 2030" in finding.message
    assert "outsourcing_limit" in finding.message
    assert "outsourcing_limit[ct,2030]" in diagnosis.conflict


def test_scanning_split_by_the_patients_trust() -> None:
    """Site A (trust T1) has an existing scanner of 12 hours; site B (trust T2) has no
    scanner and its patients travel to A (a minute or two, at GBP 1 a minute). A refers 10
    exams, B 5; in-house 30 an exam, outsourcing 50. Twelve exams are scanned and three
    outsourced; scanning B's patients costs their travel too, so the three outsourced are B's:

    | trust | in house | outsourced | share | in-house cost | outsourcing cost |
    |---|---|---|---|---|---|
    | T1 | 10 | 0 | 0 | 300 | 0 |
    | T2 | 2 | 3 | 0.6 | 60 | 150 |

    and the whole in-house cost, 360, is paid by T1, whose site scans (``trust_costs``)."""
    data = tiny(
        trusts=[
            {"id": "T1", "capital_budget": 1000.0, "capital_share": 50},
            {"id": "T2", "capital_budget": 1000.0, "capital_share": 50},
        ],
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T2", "latitude": 52.01, "longitude": -1.0},
        ],
        rooms=[{"site": "A", "modality": "CT", "rooms": 1}],
        catalogue=[],
        assets=[{**KEPT, "hours_per_year": 12}],
        exam_types=ct(outsourcing_cost=50, in_house_cost=30),
        demand=[
            {"site": "A", "exam_type": "ct", "year": 2030, "exams": 10},
            {"site": "B", "exam_type": "ct", "year": 2030, "exams": 5},
        ],
        policy={"travel_cost_per_minute": 1.0},
    )
    plan = solve(data)
    split = plan.scanning_split.set_index("trust")
    assert list(plan.scanning_split.columns) == [
        "trust",
        "year",
        "modality",
        "exams_in_house",
        "exams_outsourced",
        "outsourced_share",
        "in_house_cost",
        "outsourcing_cost",
    ]
    assert split.loc["T1", ["exams_in_house", "exams_outsourced"]].tolist() == [10, 0]
    assert split.loc["T2", ["exams_in_house", "exams_outsourced"]].tolist() == pytest.approx([2, 3])
    assert split.loc["T1", "outsourced_share"] == 0
    assert split.loc["T2", "outsourced_share"] == pytest.approx(0.6)
    assert split.loc["T1", "in_house_cost"] == pytest.approx(300)
    assert split.loc["T2", "in_house_cost"] == pytest.approx(60)
    assert split.loc["T2", "outsourcing_cost"] == pytest.approx(150)
    assert set(split["year"]) == {2030} and set(split["modality"]) == {"CT"}
    paid = plan.trust_costs[plan.trust_costs["component"] == "in_house_scanning"]
    assert paid.set_index("trust")["cash"].to_dict() == pytest.approx({"T1": 360})

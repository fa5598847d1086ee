"""Asset ownership (``Asset.owner``, ``models/capital.md``, Ownership): an existing scanner's
maintenance, resale and residual value go to its owner in ``trust_costs``, not to its site's
owner; ``network`` shares them by capital share. Ownership moves money between trusts and
never changes the plan. Each answer is derived by hand in the docstring."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from netopt.models.capital.data import build_capital_data
from netopt.schema import Instance
from tests.capital.builders import solve, tiny


def owned(*owners: str | None, **asset: Any) -> dict[str, Any]:
    """Two trusts, A (capital share 60) and B (40); site SA is A's. One existing CT per owner
    given (None: no ``owner``, i.e. the site's), installed 2025 with 10 hours a year and a
    maximum age of 6, so it leaves service by the start of 2031. Its profile costs 30 a year
    to maintain and resells for 100 at any age; there is nothing to buy. Demand: 10 one-hour
    exams per scanner in 2030, none in 2031 (outsourcing costs 20 an exam)."""
    assets = [
        {
            "id": f"ct{i}",
            "site": "SA",
            "modality": "CT",
            "install_year": 2025,
            "hours_per_year": 10,
            "max_age_years": 6,
            **({} if owner is None else {"owner": owner}),
            **asset,
        }
        for i, owner in enumerate(owners, start=1)
    ]
    return tiny(
        network={"name": "owned", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0},
        trusts=[
            {"id": "A", "capital_budget": 0.0, "capital_share": 60},
            {"id": "B", "capital_budget": 0.0, "capital_share": 40},
        ],
        sites=[{"id": "SA", "owner": "A", "latitude": 52.0, "longitude": -1.0}],
        rooms=[{"site": "SA", "modality": "CT", "rooms": len(owners)}],
        demand=[
            {"site": "SA", "exam_type": "ct", "year": 2030, "exams": 10 * len(owners)},
            {"site": "SA", "exam_type": "ct", "year": 2031, "exams": 0},
        ],
        age_profiles=[{"profile": "flat", "age": 0, "maintenance_cost": 30, "resale_value": 100}],
        catalogue=[],
        assets=assets,
    )


def by_trust(trust_costs: pd.DataFrame) -> dict[tuple[str, int, str], float]:
    """(trust, year, component) -> cash."""
    rows = trust_costs[["trust", "year", "component", "cash"]].itertuples(index=False)
    return {(t, int(y), c): float(cash) for t, y, c, cash in rows}


def test_a_network_owned_scanner_at_a_trusts_site_is_shared_by_capital_share() -> None:
    """The scanner serves 2030 (maintenance 30; outsourcing the 10 exams would cost 200) and
    leaves at the start of 2031, at age 6, resold for 100: net present cost 30 - 100 = -70
    (no discounting). Owned by the network, A pays 60% of the maintenance (18) and receives
    60% of the resale (60), B 40% (12 and 40), although it stands at A's site."""
    plan = solve(owned("network"))
    assert plan.objective == pytest.approx(-70.0)
    assert by_trust(plan.trust_costs) == pytest.approx(
        {
            ("A", 2030, "maintenance"): 18.0,
            ("B", 2030, "maintenance"): 12.0,
            ("A", 2031, "resale"): -60.0,
            ("B", 2031, "resale"): -40.0,
        }
    )
    [decision] = plan.asset_decisions.to_dict("records")
    assert decision["owner"] == "network"
    assert decision["decision"] == "retire" and decision["year"] == 2031


def test_a_scanner_owned_by_another_trust_pays_its_owner() -> None:
    """The same scanner owned by B (say, leased by B into A's site): B pays all 30 of its
    maintenance and receives all 100 of its resale; A, the site's owner, has no cost at all.
    Without an owner it is A's, the site's owner: 30 and 100 to A."""
    plan = solve(owned("B"))
    assert by_trust(plan.trust_costs) == pytest.approx(
        {("B", 2030, "maintenance"): 30.0, ("B", 2031, "resale"): -100.0}
    )
    assert list(plan.asset_decisions["owner"]) == ["B"]
    site_owned = solve(owned(None))
    assert by_trust(site_owned.trust_costs) == pytest.approx(
        {("A", 2030, "maintenance"): 30.0, ("A", 2031, "resale"): -100.0}
    )
    assert list(site_owned.asset_decisions["owner"]) == ["A"]


def test_a_residual_value_goes_to_the_owner() -> None:
    """With a maximum age of 10 the scanner may stay to the horizon end (2032, age 7), and
    2031 has 10 exams too. Kept: maintenance 30 in 2030 and 2031, residual value 100 in 2032
    (its resale value: ``policy.residual_value: resale``), -40 in all; leaving in 2031 costs
    30 - 100 + 200 of outsourcing = 130, in 2030 -100 + 400 = 300. Kept, and owned by B, all
    of it is B's."""
    data = owned("B", max_age_years=10)
    data["demand"][1]["exams"] = 10
    plan = solve(data)
    assert plan.objective == pytest.approx(-40.0)
    assert by_trust(plan.trust_costs) == pytest.approx(
        {
            ("B", 2030, "maintenance"): 30.0,
            ("B", 2031, "maintenance"): 30.0,
            ("B", 2032, "residual_value"): -100.0,
        }
    )


def test_ownership_never_changes_the_plan() -> None:
    """The plan and its net present cost are the same whoever owns the scanner: ownership
    moves maintenance, resale and residual value between trusts, none of which is in a
    capital budget. Every trust's costs still sum to the plan's."""
    plans = {owner: solve(owned(owner)) for owner in (None, "A", "B", "network")}
    objectives = {owner: plan.objective for owner, plan in plans.items()}
    assert objectives == pytest.approx(dict.fromkeys(plans, -70.0))
    columns = ["asset", "site", "decision", "year", "age", "value"]
    decisions = [plan.asset_decisions[columns].to_dict("records") for plan in plans.values()]
    assert all(d == decisions[0] for d in decisions)
    for plan in plans.values():
        assert plan.trust_costs["npv"].sum() == pytest.approx(plan.objective)


def test_cohorts_never_merge_owners() -> None:
    """Two otherwise identical scanners at SA: one network-owned and one A's are two cohorts
    (each unit's money goes to its own owner); one naming A and one without an owner are both
    A's (the site's owner), one cohort of 2."""
    network = build_capital_data(Instance.model_validate(owned("network", None)))
    assert sorted((c.owner, c.assets) for c in network.cohorts) == [
        ("A", ("ct2",)),
        ("network", ("ct1",)),
    ]
    assert network.owner_share["network"] == pytest.approx({"A": 0.6, "B": 0.4})
    same = build_capital_data(Instance.model_validate(owned("A", None)))
    assert [(c.owner, c.assets) for c in same.cohorts] == [("A", ("ct1", "ct2"))]


def test_two_owners_at_one_site_are_each_paid_their_own() -> None:
    """A network-owned and a B-owned scanner at A's site, both serving 2030 (20 exams) and
    resold in 2031: the network's 30 and 100 split 60/40, B's all to B. A: 18 and -60;
    B: 12 + 30 = 42 and -40 - 100 = -140. Net present cost 2 x (30 - 100) = -140."""
    plan = solve(owned("network", "B"))
    assert plan.objective == pytest.approx(-140.0)
    assert by_trust(plan.trust_costs) == pytest.approx(
        {
            ("A", 2030, "maintenance"): 18.0,
            ("B", 2030, "maintenance"): 42.0,
            ("A", 2031, "resale"): -60.0,
            ("B", 2031, "resale"): -140.0,
        }
    )
    owners = dict(zip(plan.asset_decisions["asset"], plan.asset_decisions["owner"], strict=True))
    assert owners == {"ct1": "network", "ct2": "B"}

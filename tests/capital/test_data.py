"""The capital model's data builders, each on its own (``models/capital/data.py``,
``models/demand.py``): small instances whose sets and coefficients are written out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from netopt.models.capital.data import (
    ANY,
    age_profiles,
    capital_budgets,
    committed_purchases,
    demand_flows,
    existing_cohorts,
    host_sites,
    installation_weeks,
    needs_of_kinds,
    patient_reach,
    payer_shares,
    plan_horizon,
    purchase_windows,
    room_builds,
    room_limits,
    scanner_kinds,
    single_scanner_flows,
    travel_limits,
)
from netopt.models.demand import demand_by_year
from netopt.schema import Instance, InstanceError
from tests.capital.builders import BASE, tiny


def test_demand_grows_from_the_latest_given_year() -> None:
    """Type ct grows 10% a year. Site A gives 100 exams in 2029 (before the plan) and 50 in
    2031 with its own growth of 0: 2030 is 110, 2031 and 2032 are 50. Site B gives 0 exams:
    no entries."""
    data = tiny(
        network={"name": "tiny", "first_year": 2030, "horizon_years": 3, "discount_rate": 0.0},
        demand=[
            {"site": "A", "exam_type": "ct", "year": 2029, "exams": 100},
            {"site": "A", "exam_type": "ct", "year": 2031, "exams": 50, "growth_rate": 0.0},
            {"site": "B", "exam_type": "ct", "year": 2030, "exams": 0},
        ],
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T1", "latitude": 52.1, "longitude": -1.0},
        ],
    )
    data["exam_types"][0]["growth_rate"] = 0.1
    instance = Instance.model_validate(data)
    demand = demand_by_year(instance, instance.network.years)
    assert demand == {
        ("A", "ct", 2030): pytest.approx(110),
        ("A", "ct", 2031): 50,
        ("A", "ct", 2032): 50,
    }
    assert demand_by_year(instance, [2032]) == {("A", "ct", 2032): 50}


def two_sites(**tables: Any) -> Instance:
    """The base instance with a second site B of trust T2, 10 km north of A (about 16 minutes
    of travel), and a network site N of both trusts (T1 30%, T2 70%)."""
    data = tiny(
        network={"name": "tiny", "first_year": 2030, "horizon_years": 3, "discount_rate": 0.1},
        trusts=[
            {"id": "T1", "capital_budget": 1000.0, "capital_share": 30},
            {"id": "T2", "capital_budget": 500.0, "capital_share": 70},
        ],
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T2", "latitude": 52.09, "longitude": -1.0},
            {"id": "N", "owner": "network", "latitude": 52.0, "longitude": -1.01},
        ],
        rooms=[
            {"site": "A", "modality": "CT", "rooms": 2},
            {"site": "B", "modality": "CT", "rooms": 0, "max_new_rooms": 1, "new_room_cost": 50},
            {"site": "N", "modality": "CT", "rooms": 0},
        ],
    )
    data.update(tables)
    return Instance.model_validate(data)


def test_horizon_budgets_and_shares() -> None:
    """Three years at 10%: factors 1, 1/1.1, 1/1.21 and 1/1.331 for the end year 2033. T2's
    budget is 80 in 2031 (budgets table), 500 otherwise. N's costs are split 30/70."""
    instance = two_sites(budgets=[{"trust": "T2", "year": 2031, "capital_budget": 80.0}])
    horizon = plan_horizon(instance)
    assert horizon.years == (2030, 2031, 2032) and horizon.end_year == 2033
    assert horizon.discount_factor == pytest.approx(
        {2030: 1.0, 2031: 1 / 1.1, 2032: 1 / 1.21, 2033: 1 / 1.331}
    )
    budgets = capital_budgets(instance, horizon.years)
    assert budgets[("T2", 2031)] == 80 and budgets[("T2", 2030)] == 500
    assert budgets[("T1", 2031)] == 1000 and len(budgets) == 6
    shares = payer_shares(instance)
    assert shares["A"] == {"T1": 1.0} and shares["B"] == {"T2": 1.0}
    assert shares["N"] == {"T1": pytest.approx(0.3), "T2": pytest.approx(0.7)}


def test_rooms_hosts_and_room_builds() -> None:
    """A hosts two CT, B none now but may build one (in any plan year), N none ever."""
    instance = two_sites()
    rooms = room_limits(instance)
    assert rooms.max_units == {("A", "CT"): 2, ("B", "CT"): 1, ("N", "CT"): 0}
    assert rooms.max_new_rooms == {("B", "CT"): 1}
    assert host_sites(rooms.max_units) == {"CT": ["A", "B"]}
    assert room_builds(rooms.max_new_rooms, (2030, 2031)) == (
        ("B", "CT", 2030),
        ("B", "CT", 2031),
    )


def test_kinds_and_the_needs_they_serve() -> None:
    """The catalogue CT and a cardiac-capable existing CT: two kinds; the cardiac kind serves
    exams needing nothing (ANY) and cardiac exams."""
    asset = {"id": "old", "site": "A", "modality": "CT", "install_year": 2025}
    instance = two_sites(assets=[{**asset, "hours_per_year": 10, "capabilities": ["cardiac"]}])
    kinds = scanner_kinds(instance)
    assert kinds == {"CT+cardiac": ("CT", frozenset({"cardiac"})), "CT": ("CT", frozenset())}
    assert needs_of_kinds(kinds) == {"CT+cardiac": (ANY, "cardiac"), "CT": (ANY,)}


def test_cohorts_group_identical_scanners_and_end_at_their_maximum_age() -> None:
    """x1 and x2 are identical (one cohort of two), y differs in install year. With a maximum
    age of 6, x (2025) must leave by 2031 and y (2020) in 2030 (already too old: only the first
    year). The window of x leaving in 2031 has its hours of 2030."""
    rows = [
        {"id": i, "site": "A", "modality": "CT", "install_year": year, "hours_per_year": 10}
        for i, year in (("x2", 2025), ("y", 2020), ("x1", 2025))
    ]
    instance = two_sites(
        assets=rows,
        modalities=[{**BASE["modalities"][0], "max_age_years": 6}],
        rooms=[{"site": "A", "modality": "CT", "rooms": 3}],
    )
    cohorts, windows = existing_cohorts(instance, age_profiles(instance), plan_horizon(instance))
    assert [c.assets for c in cohorts] == [("x1", "x2"), ("y",)]
    assert cohorts[0].retire_years == (2030, 2031) and cohorts[1].retire_years == (2030,)
    assert sorted(windows) == [(0, 2030), (0, 2031), (1, 2030)]
    assert windows[(0, 2031)].hours == {2030: 10.0}


def test_purchase_windows_respect_lead_time_lifetime_and_sites() -> None:
    """The catalogue CT with a lead time of 1 and a lifetime of 1, sold at A only: bought in
    2030 (in service 2031, out by 2032) or 2031 (in service 2032, kept to 2033); not in 2032
    (it would enter service after the horizon)."""
    ct = {**BASE["catalogue"][0], "lead_time_years": 1, "lifetime_years": 1, "sites": ["A"]}
    instance = two_sites(catalogue=[ct])
    purchases, windows = purchase_windows(
        instance,
        host_sites(room_limits(instance).max_units),
        age_profiles(instance),
        plan_horizon(instance),
        installation_weeks(instance),
    )
    assert purchases == (("A", "ct-std", 2030), ("A", "ct-std", 2031))
    assert list(windows) == [("A", "ct-std", 2030, 2032), ("A", "ct-std", 2031, 2033)]
    assert windows[("A", "ct-std", 2030, 2032)].hours == {2031: 10.0}


def test_committed_purchases_that_cannot_be_made_are_input_errors_only_when_strict() -> None:
    instance = two_sites(
        committed_purchases=[{"site": "N", "model": "ct-std", "year": 2030, "units": 2}]
    )
    with pytest.raises(InstanceError, match="ct-std cannot be bought at N in 2030"):
        committed_purchases(instance, [("A", "ct-std", 2030)], strict=True)
    assert committed_purchases(instance, [("A", "ct-std", 2030)], strict=False) == {
        ("N", "ct-std", 2030): 2
    }


def test_reach_flows_and_single_scanner_flows() -> None:
    """With a 5-minute travel limit, A's patients reach A only (B is about 16 minutes away); B's
    reach B only. B has room for one scanner, so the flow B -> B is a single-scanner flow."""
    instance = two_sites(
        demand=[
            {"site": "A", "exam_type": "ct", "year": 2030, "exams": 10},
            {"site": "B", "exam_type": "ct", "year": 2030, "exams": 5},
        ],
        modalities=[{**BASE["modalities"][0], "max_travel_minutes": 5}],
    )
    rooms = room_limits(instance)
    demand = demand_by_year(instance, (2030,))
    limits = travel_limits(instance, {(o, e) for (o, e, _) in demand})
    reach = patient_reach(instance, limits, host_sites(rooms.max_units))
    assert reach.sites == {("A", "CT"): ["A"], ("B", "CT"): ["B"]}
    assert reach.exam_sites == {("A", "ct"): ["A"], ("B", "ct"): ["B"]}
    assert reach.cost == {("A", "A"): 0.0, ("B", "B"): 0.0}
    flows = demand_flows(demand, reach.exam_sites)
    assert flows == (("A", "A", "ct", 2030), ("B", "B", "ct", 2030))
    assert single_scanner_flows(flows, rooms.max_units, {"ct": "CT"}) == (("B", "B", "ct", 2030),)


def test_travel_limits_per_origin_and_exam_type() -> None:
    """CT allows 60 minutes; the urgent exam type 20. Origin A has a row for CT of 90 (a
    rural origin allowed further): its routine exams may travel 90, its urgent ones still 20
    (the exam type's own limit tightens). Origin B has a row of 45 for urgent alone (the most
    specific row replaces every other limit): its routine exams keep CT's 60. Only demanded
    (origin, exam type)s get a limit; every origin with demand gets one per modality."""
    instance = two_sites(
        modalities=[{**BASE["modalities"][0], "max_travel_minutes": 60}],
        exam_types=[
            {"id": "ct", "modality": "CT", "scan_minutes": 60},
            {"id": "urgent", "modality": "CT", "scan_minutes": 60, "max_travel_minutes": 20},
        ],
        travel_limits=[
            {"origin": "A", "modality": "CT", "max_travel_minutes": 90},
            {"origin": "B", "modality": "CT", "exam_type": "urgent", "max_travel_minutes": 45},
        ],
    )
    demanded = {("A", "ct"), ("A", "urgent"), ("B", "ct"), ("B", "urgent")}
    limits = travel_limits(instance, demanded)
    assert limits.modality == {("A", "CT"): 90, ("B", "CT"): 60}
    assert limits.exam == {
        ("A", "ct"): 90,
        ("A", "urgent"): 20,
        ("B", "ct"): 60,
        ("B", "urgent"): 45,
    }
    assert limits.cutoff() == 90
    assert travel_limits(instance, {("B", "ct")}).exam == {("B", "ct"): 60}


def test_urgent_reach_is_smaller_than_the_modality_reach() -> None:
    """A's routine CT exams reach A and B (about 16 minutes away) and N (under a minute); its
    urgent exams, limited to 10 minutes, reach A and N only: the flows follow each exam
    type's reach, while the modality reach (the rounding cuts' clusters) keeps B."""
    instance = two_sites(
        exam_types=[
            {"id": "ct", "modality": "CT", "scan_minutes": 60},
            {"id": "urgent", "modality": "CT", "scan_minutes": 60, "max_travel_minutes": 10},
        ],
        demand=[
            {"site": "A", "exam_type": "ct", "year": 2030, "exams": 10},
            {"site": "A", "exam_type": "urgent", "year": 2030, "exams": 5},
        ],
        rooms=[
            {"site": "A", "modality": "CT", "rooms": 2},
            {"site": "B", "modality": "CT", "rooms": 1},
            {"site": "N", "modality": "CT", "rooms": 1},
        ],
    )
    demand = demand_by_year(instance, (2030,))
    limits = travel_limits(instance, {(o, e) for (o, e, _) in demand})
    reach = patient_reach(instance, limits, host_sites(room_limits(instance).max_units))
    assert sorted(reach.sites[("A", "CT")]) == ["A", "B", "N"]
    assert sorted(reach.exam_sites[("A", "ct")]) == ["A", "B", "N"]
    assert sorted(reach.exam_sites[("A", "urgent")]) == ["A", "N"]
    flows = demand_flows(demand, reach.exam_sites)
    assert {(s, e) for (_, s, e, _) in flows} == {
        ("A", "ct"),
        ("B", "ct"),
        ("N", "ct"),
        ("A", "urgent"),
        ("N", "urgent"),
    }

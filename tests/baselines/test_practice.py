"""Known answers of the ``practice`` baseline (``priority`` with growth), on tiny instances.

The base instance (``tests/capital/builders.py``): site A of trust T1 with two CT rooms, one
exam = one scanner hour, outsourcing GBP 20 an exam, no discounting, a catalogue CT
``ct-std`` of GBP 100 scanning 10 hours a year. Here one young existing CT (10 hours, no
downtime) stands in one of the rooms. Every plan is verified and costs no less than the
optimiser's optimum (``run`` in ``test_policies``).
"""

from __future__ import annotations

from typing import Any

import pytest

from netopt.baselines import Baseline, BaselinePolicy
from tests.baselines.test_policies import asset, run, years
from tests.capital.builders import tiny

YOUNG = asset(install_year=2029)
"""An existing CT at A, one year old in 2030: it needs no replacement within the plan."""


def _data(exams: float, **tables: Any) -> dict[str, Any]:
    demand = [{"site": "A", "exam_type": "ct", "year": 2030, "exams": exams}]
    return tiny(network=years(1), assets=[YOUNG], demand=demand, **tables)


def test_practice_parses_and_describes_its_growth() -> None:
    assert Baseline.parse("practice") == Baseline(BaselinePolicy.PRACTICE, 10)
    assert str(Baseline.parse("practice:8")) == "practice:8"
    assert "empty room" in Baseline.parse("practice").describe()


def test_demand_17_percent_over_the_fleet_buys_a_scanner_for_the_empty_room() -> None:
    """12 exams against the old unit's 10 hours: 2 hours short, 17% of demand (> 5%):
    practice buys a ct-std for A's empty room (100; then nothing is outsourced); priority
    replaces nothing and outsources 2 exams (40)."""
    data = _data(12)
    practice = run(data, "practice")
    assert practice.purchases["units"].tolist() == [1]
    assert practice.report.objective == pytest.approx(100.0)
    assert any("an empty room at A" in n for n in practice.notes)
    priority = run(data, "priority")
    assert priority.purchases.empty and priority.report.objective == pytest.approx(40.0)


def test_a_shortfall_within_the_threshold_buys_nothing() -> None:
    """10.4 exams against 10 hours: 4% short, within the 5% threshold: nothing is bought and
    0.4 exams are outsourced (GBP 8)."""
    plan = run(_data(10.4), "practice")
    assert plan.purchases.empty
    assert plan.report.objective == pytest.approx(8.0)


def test_the_threshold_is_against_the_hours_the_fleet_may_book() -> None:
    """10 exams against 10 hours at a ceiling of 0.8: 8 bookable hours, 20% short: practice
    buys; the plan books 10 of the 16 hours."""
    modalities = [{"id": "CT", "default_age_profile": "flat", "target_utilisation": 0.8}]
    plan = run(_data(10, modalities=modalities), "practice")
    assert plan.purchases["units"].tolist() == [1]
    assert plan.report.objective == pytest.approx(100.0)


def test_growth_that_cannot_be_funded_is_a_note() -> None:
    """Budget 50: the scanner (100) cannot be paid for; the 2 exams are outsourced (40)."""
    trusts = [{"id": "T1", "capital_budget": 50.0, "capital_share": 100}]
    plan = run(_data(12, trusts=trusts), "practice")
    assert plan.purchases.empty and plan.report.objective == pytest.approx(40.0)
    assert any("could be funded" in n for n in plan.notes)


def test_without_an_empty_room_practice_builds_one() -> None:
    """One room (taken) and one that may be built for 30: practice builds it and buys the
    scanner in the same year: 30 + 100 = 130."""
    rooms = [{"site": "A", "modality": "CT", "rooms": 1, "max_new_rooms": 1, "new_room_cost": 30}]
    plan = run(_data(12, rooms=rooms), "practice")
    assert plan.new_rooms["rooms"].tolist() == [1]
    assert plan.purchases["units"].tolist() == [1]
    assert plan.report.objective == pytest.approx(130.0)
    assert any("a new room built at A" in n for n in plan.notes)


def test_the_site_short_of_the_most_hours_gets_the_scanner() -> None:
    """Two sites a minute apart, one empty room each; A's patients (12 exams) are served by
    its old unit (10 hours); B's (6 exams) have no scanner: B's nearest patients are 6 hours
    short, A's 2, so the scanner goes to B. Nothing is outsourced: 100 + travel of A's 2
    exams to B? No: A's 2 extra exams travel 1 minute at GBP 0 a minute; total 100."""
    sites = [
        {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
        {"id": "B", "owner": "T1", "latitude": 52.0, "longitude": -1.01},
    ]
    rooms = [
        {"site": "A", "modality": "CT", "rooms": 2},
        {"site": "B", "modality": "CT", "rooms": 1},
    ]
    demand = [
        {"site": "A", "exam_type": "ct", "year": 2030, "exams": 12},
        {"site": "B", "exam_type": "ct", "year": 2030, "exams": 6},
    ]
    data = tiny(network=years(1), assets=[YOUNG], sites=sites, rooms=rooms, demand=demand)
    plan = run(data, "practice")
    assert plan.purchases["site"].tolist() == ["B"]
    assert plan.report.objective == pytest.approx(100.0)

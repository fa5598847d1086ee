"""The capital model's data builders, each on its own (``models/capital/data.py``,
``models/demand.py``): small instances whose sets and coefficients are written out by hand."""

from __future__ import annotations

import pytest

from netopt.models.demand import demand_by_year
from netopt.schema import Instance
from tests.capital.builders import tiny


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

"""Near-optimal alternatives (modelling to generate alternatives): known answers on a tiny
two-site network, each alternative verified independently.

Ten one-hour CT exams a year are referred at A. One GBP 100 unit (10 hours) can go in a room at
A or at B, a minute away at GBP 1 a minute; outsourcing costs GBP 20 an exam. The best plan
buys at A (100); buying at B costs 100 + 10 exams x 1 minute x GBP 1 = 110 (10% more);
outsourcing all costs 200.
"""

from __future__ import annotations

from typing import Any

import pytest

from netopt.models.capital.alternatives import (
    ALTERNATIVE_COLUMNS,
    alternatives_frame,
    bought,
    capital_alternatives,
    units_moved,
)
from netopt.schema import Instance
from tests.capital.builders import EXACT, assert_verified, solve, tiny


def two_sites() -> dict[str, Any]:
    return tiny(
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T1", "latitude": 52.01, "longitude": -1.0},
        ],
        rooms=[
            {"site": "A", "modality": "CT", "rooms": 1},
            {"site": "B", "modality": "CT", "rooms": 1},
        ],
        travel={"method": "matrix"},
        travel_matrix=[{"origin": "A", "destination": "B", "minutes": 1}],
        policy={"travel_cost_per_minute": 1.0, "residual_value": "resale"},
    )


def test_within_15_percent_the_alternative_buys_at_the_other_site() -> None:
    data = two_sites()
    instance = Instance.model_validate(data)
    best = solve(data)
    assert best.objective == pytest.approx(100.0)
    assert bought(best) == {("A", "CT", 2030): 1}
    found = capital_alternatives(instance, best, 2, slack=0.15, options=EXACT)
    assert len(found.plans) == 1  # the only other plan within 15% (outsourcing costs 200)
    other = found.plans[0]
    assert other.objective == pytest.approx(110.0)
    assert bought(other) == {("B", "CT", 2030): 1}
    assert units_moved(best, other) == 2
    assert_verified(other, instance)
    assert "no other plan" in found.notes[0] or "buys what" in found.notes[0]


@pytest.mark.parametrize("slack", [0.0, 0.05])
def test_within_5_percent_there_is_no_alternative(slack: float) -> None:
    data = two_sites()
    best = solve(data)
    found = capital_alternatives(Instance.model_validate(data), best, 1, slack=slack, options=EXACT)
    assert found.plans == ()
    assert found.notes


def test_the_table_says_how_each_plan_differs_from_the_best() -> None:
    data = two_sites()
    best = solve(data)
    found = capital_alternatives(Instance.model_validate(data), best, 1, slack=0.15, options=EXACT)
    frame = alternatives_frame(found)
    assert list(frame.columns) == list(ALTERNATIVE_COLUMNS)
    assert frame["plan"].tolist() == ["best", "alternative-1"]
    row = frame.set_index("plan").loc["alternative-1"]
    assert row["above_best"] == pytest.approx(10.0)
    assert row["above_best_pct"] == pytest.approx(10.0)
    assert row["only_here"] == "B CT 2030 x1"
    assert row["only_in_best"] == "A CT 2030 x1"
    assert row["units_moved"] == 2


def test_alternatives_need_a_plan_and_sensible_arguments() -> None:
    data = two_sites()
    best = solve(data)
    instance = Instance.model_validate(data)
    with pytest.raises(ValueError):
        capital_alternatives(instance, best, 0)
    with pytest.raises(ValueError):
        capital_alternatives(instance, best, 1, slack=-0.1)

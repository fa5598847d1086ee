"""Known answers for travel limits per exam type and per origin, the ``access_target`` family
and the ``access`` table (the equity view).

Unless a test says otherwise (``tests.capital.builders``): one exam = one scanner hour, a
catalogue CT of GBP 100 with 10 hours a year and no maintenance or resale value, outsourcing
at GBP 20 an exam, one year (2030), no discounting. Here sites A and B are 30 minutes apart
(a travel matrix), A refers 10 exams, and B has an existing scanner of 10 free hours (its
purchase is sunk, it costs nothing to run). Every plan is checked by the independent verifier
too.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from netopt import SolveStatus, diagnose_capital, solve_capital
from netopt.models.diagnosis import ShortfallKind
from netopt.schema import Instance, InstanceError
from tests.capital.builders import EXACT, solve, tiny

KEPT_AT_B = {"id": "old", "site": "B", "modality": "CT", "install_year": 2025, "hours_per_year": 10}
"""An existing scanner at B with 10 spare hours and no costs."""

ROOM_AT_A = {"site": "A", "modality": "CT", "rooms": 0, "max_new_rooms": 1, "new_room_cost": 30}
"""A may build one CT room, for GBP 30."""


def two_sites(
    *,
    exam_types: list[dict[str, Any]] | None = None,
    rooms_at_a: list[dict[str, Any]] | None = None,
    minutes: float = 30,
    **tables: Any,
) -> dict[str, Any]:
    """A and B, ``minutes`` apart both ways; B has one room holding the free scanner."""
    data = tiny(
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T1", "latitude": 52.3, "longitude": -1.0},
        ],
        travel={"method": "matrix"},
        travel_matrix=[
            {"origin": "A", "destination": "B", "minutes": minutes},
            {"origin": "B", "destination": "A", "minutes": minutes},
        ],
        rooms=[*(rooms_at_a or []), {"site": "B", "modality": "CT", "rooms": 1}],
        assets=[KEPT_AT_B],
        exam_types=exam_types or [ct()],
    )
    data.update(tables)
    return data


def ct(**fields: Any) -> dict[str, Any]:
    """An exam type of CT (``ct`` unless ``id`` is given), outsourced at GBP 20."""
    return {"id": "ct", "modality": "CT", "scan_minutes": 60, "outsourcing_cost": 20, **fields}


def demand(exam_type: str = "ct", exams: float = 10, site: str = "A") -> dict[str, Any]:
    return {"site": site, "exam_type": exam_type, "year": 2030, "exams": exams}


def test_an_urgent_exam_type_cannot_use_a_site_beyond_its_limit() -> None:
    """CT allows 60 minutes, so routine exams go to B's free scanner: 0. Urgent exams (20
    minutes) cannot: building A's room and buying a scanner there (30 + 100 = 130) beats
    outsourcing them (10 x 20 = 200). Where A may build no room, they are outsourced (200);
    where they may not be outsourced either, no plan exists: an input error at the demand
    row, naming the 20-minute limit."""
    modalities = [{"id": "CT", "default_age_profile": "flat", "max_travel_minutes": 60}]
    routine = two_sites(modalities=modalities, rooms_at_a=[ROOM_AT_A])
    assert solve(routine).objective == pytest.approx(0)

    urgent = [ct(id="urgent", max_travel_minutes=20)]
    data = two_sites(
        modalities=modalities, rooms_at_a=[ROOM_AT_A], exam_types=urgent, demand=[demand("urgent")]
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(130)
    assert plan.purchases.set_index("site")["units"].to_dict() == {"A": 1}
    assert plan.flows[["origin", "site", "exams"]].values.tolist() == [["A", "A", 10]]

    data["rooms"] = [{"site": "B", "modality": "CT", "rooms": 1}]
    plan = solve(data)
    assert plan.objective == pytest.approx(200)
    assert plan.outsourced["exams"].sum() == pytest.approx(10)

    data["exam_types"] = [{**urgent[0], "outsourcing_cost": None}]
    with pytest.raises(InstanceError, match="no site within 20 minutes has CT rooms"):
        solve_capital(Instance.model_validate(data), EXACT)


def test_an_origin_row_loosens_the_modality_limit_but_not_the_exam_types() -> None:
    """CT allows 20 minutes: A's exams cannot reach B (30 minutes) and are outsourced, 200. A
    ``travel_limits`` row lets A's CT patients travel 45: they go to B, 0. An urgent exam type
    of 20 minutes stays within 20 (its own limit tightens the origin's row): 200 again; a
    row for A's urgent exams alone (45) replaces every other limit: 0."""
    modalities = [{"id": "CT", "default_age_profile": "flat", "max_travel_minutes": 20}]
    data = two_sites(modalities=modalities)
    assert solve(data).objective == pytest.approx(200)

    data["travel_limits"] = [{"origin": "A", "modality": "CT", "max_travel_minutes": 45}]
    plan = solve(data)
    assert plan.objective == pytest.approx(0)
    assert plan.flows[["origin", "site", "travel_minutes"]].values.tolist() == [["A", "B", 30]]

    data["exam_types"] = [ct(max_travel_minutes=20)]
    assert solve(data).objective == pytest.approx(200)

    data["travel_limits"].append(
        {"origin": "A", "modality": "CT", "exam_type": "ct", "max_travel_minutes": 45}
    )
    assert solve(data).objective == pytest.approx(0)


def test_access_target_forces_a_purchase_nearer_home() -> None:
    """With no limits, A's 10 exams go to B's free scanner, 30 minutes away: 0. An access
    target of 60% within 20 minutes of home needs 6 exams scanned at A: build A's room and buy
    a scanner, 30 + 100 = 130 (outsourcing does not help: outsourced exams count as not
    within). The family's row is flows within 20 minutes >= 0.6 x 10."""
    data = two_sites(rooms_at_a=[ROOM_AT_A])
    assert solve(data).objective == pytest.approx(0)

    data["policy"] = {**data.get("policy", {}), "access_minutes": 20, "access_share": 0.6}
    plan = solve(data)
    assert plan.objective == pytest.approx(130)
    assert plan.purchases.set_index("site")["units"].to_dict() == {"A": 1}
    at_home = plan.flows[plan.flows["site"] == "A"]["exams"].sum()
    assert at_home >= 6 - 1e-6
    row = plan.access.iloc[0]
    assert row["exams_demanded"] == 10 and row["share_within_30"] == pytest.approx(1.0)

    data["policy"] = {**data.get("policy", {}), "access_minutes": 20, "access_share": 0.0}
    assert solve(data).objective == pytest.approx(0)


def test_an_unreachable_access_target_is_diagnosed_or_an_input_error() -> None:
    """A has a CT room but no model may be installed there (the catalogue's model is for B
    only): no plan scans anything within 20 minutes of A. The strict model is infeasible and
    the diagnosis finds 6 CT exams in 2030 short of the target (60% of 10). With no CT room
    at A at all, no site within 20 minutes of A can ever host CT: an input error at the
    policy's ``access_share``."""
    data = two_sites(
        rooms_at_a=[{"site": "A", "modality": "CT", "rooms": 1}],
        policy={"access_minutes": 20, "access_share": 0.6, "residual_value": "resale"},
    )
    data["catalogue"] = [{**data["catalogue"][0], "sites": ["B"]}]
    instance = Instance.model_validate(data)
    assert solve_capital(instance, EXACT).status is SolveStatus.INFEASIBLE
    diagnosis = diagnose_capital(instance, EXACT)
    assert not diagnosis.feasible
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.ACCESS
    assert finding.where == {"modality": "CT", "year": 2030}
    assert finding.amount == pytest.approx(6)
    assert "within 20 minutes of home" in finding.message

    data["rooms"] = [{"site": "B", "modality": "CT", "rooms": 1}]
    with pytest.raises(InstanceError) as caught:
        solve_capital(Instance.model_validate(data), EXACT)
    [problem] = caught.value.problems
    assert problem.loc == ("policy", "access_share")
    assert "only 0 of 10" in problem.message


def test_access_table_on_two_origins() -> None:
    """A's scanner (existing, free) has 15 hours; A and B refer 10 exams each; B is 40 minutes
    from A and has no scanner; travel costs GBP 0.1 a minute (4 an exam from B), outsourcing
    20. A's 10 are scanned at home (0 minutes) and 5 of B's at A; B's other 5 are outsourced:

    | origin | demanded | within 30 | 45 | 60 | outsourced | shares 30/45/60 | mean | max | rank |
    |---|---|---|---|---|---|---|---|---|---|
    | A | 10 | 10 | 10 | 10 | 0 | 1 / 1 / 1 | 0 | 0 | 2 |
    | B | 10 | 0 | 5 | 5 | 5 | 0 / 0.5 / 0.5 | 40 | 40 | 1 |

    B is the worst served (rank 1). With a scanner of 10 hours, all of B's are outsourced:
    B's shares are 0, its mean and longest travel empty."""
    data = two_sites(
        minutes=40,
        rooms=[{"site": "A", "modality": "CT", "rooms": 1}],
        assets=[{**KEPT_AT_B, "site": "A", "hours_per_year": 15}],
        catalogue=[],
        demand=[demand(), demand(site="B")],
        policy={"travel_cost_per_minute": 0.1},
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(5 * 4 + 5 * 20)
    access = plan.access.set_index("origin")
    assert list(plan.access.columns) == [
        "origin",
        "modality",
        "year",
        "exams_demanded",
        "exams_within_30",
        "exams_within_45",
        "exams_within_60",
        "exams_outsourced",
        "share_within_30",
        "share_within_45",
        "share_within_60",
        "mean_travel_minutes",
        "max_travel_minutes",
        "rank",
    ]
    counts = ["exams_demanded", "exams_within_30", "exams_within_45", "exams_within_60"]
    assert access.loc["A", [*counts, "exams_outsourced"]].tolist() == [10, 10, 10, 10, 0]
    assert access.loc["B", [*counts, "exams_outsourced"]].tolist() == pytest.approx(
        [10, 0, 5, 5, 5]
    )
    shares = ["share_within_30", "share_within_45", "share_within_60"]
    assert access.loc["A", shares].tolist() == [1, 1, 1]
    assert access.loc["B", shares].tolist() == pytest.approx([0, 0.5, 0.5])
    assert access.loc["A", ["mean_travel_minutes", "max_travel_minutes"]].tolist() == [0, 0]
    assert access.loc["B", ["mean_travel_minutes", "max_travel_minutes"]].tolist() == [40, 40]
    assert access["rank"].to_dict() == {"A": 2, "B": 1}

    data["assets"] = [{**KEPT_AT_B, "site": "A", "hours_per_year": 10}]
    access = solve(data).access.set_index("origin")
    assert access.loc["B", "exams_outsourced"] == pytest.approx(10)
    assert access.loc["B", shares].tolist() == [0, 0, 0]
    assert math.isnan(access.loc["B", "mean_travel_minutes"])
    assert math.isnan(access.loc["B", "max_travel_minutes"])
    assert access["rank"].to_dict() == {"A": 2, "B": 1}

"""Utilisation ceilings, throughput factors, installation works and installation weeks:
known answers on tiny instances (``models/capital.md``, "Hours a scanner can book" and
"Installing a scanner").

The base instance (``tests/capital/builders.py``): one site A with two CT rooms, a catalogue CT
at GBP 100 scanning 10 hours a year, one-hour exams outsourced at GBP 20 each, one plan year,
no discounting, no running costs, no resale. Every plan is checked by the verifier.
"""

from __future__ import annotations

from typing import Any

import pytest

from netopt.schema import Instance
from tests.capital.builders import BASE, solve, tiny

CT = BASE["catalogue"][0]
TWO_YEARS = {"name": "tiny", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0}


def _demand(exams: float, years: tuple[int, ...] = (2030,)) -> list[dict[str, Any]]:
    return [{"site": "A", "exam_type": "ct", "year": y, "exams": exams} for y in years]


def _modality(**fields: Any) -> list[dict[str, Any]]:
    return [{"id": "CT", "default_age_profile": "flat", **fields}]


def _rooms(**fields: Any) -> list[dict[str, Any]]:
    return [{"site": "A", "modality": "CT", "rooms": 2, **fields}]


# --------------------------------------------------------------------------- utilisation


def test_a_ceiling_of_80_percent_leaves_an_exam_to_outsource() -> None:
    """9 exams, one unit of 10 hours, ceiling 0.8: the unit may book 8 hours, so one exam is
    outsourced (100 + 20 = 120; a second unit would cost 200). Without the ceiling the unit
    scans all 9 (cost 100)."""
    plan = solve(tiny(modalities=_modality(target_utilisation=0.8), demand=_demand(9)))
    assert plan.objective == pytest.approx(120.0)
    [row] = plan.capacity.to_dict("records")
    assert row["hours_available"] == pytest.approx(10.0)
    assert row["hours_used"] == pytest.approx(8.0)
    assert row["utilisation"] == pytest.approx(0.8)
    assert row["utilisation_ceiling"] == pytest.approx(0.8)
    assert row["exams_outsourced"] == pytest.approx(1.0)
    free = solve(tiny(demand=_demand(9)))
    assert free.objective == pytest.approx(100.0)


def test_a_ceiling_buys_a_second_unit_where_outsourcing_is_dear() -> None:
    """9 exams outsourced at GBP 200 each, ceiling 0.8: one unit (100) + one exam (200) = 300
    against two units (200, 16 hours bookable): the plan buys two."""
    exam = [{"id": "ct", "modality": "CT", "scan_minutes": 60, "outsourcing_cost": 200}]
    plan = solve(
        tiny(modalities=_modality(target_utilisation=0.8), exam_types=exam, demand=_demand(9))
    )
    assert plan.objective == pytest.approx(200.0)
    assert plan.purchases["units"].sum() == 2


def test_a_site_ceiling_overrides_the_modality() -> None:
    """The modality's ceiling is 0.5 but site A's rooms row says 0.9: the one unit books 9
    hours and nothing is outsourced (cost 100)."""
    plan = solve(
        tiny(
            modalities=_modality(target_utilisation=0.5),
            rooms=_rooms(target_utilisation=0.9),
            demand=_demand(9),
        )
    )
    assert plan.objective == pytest.approx(100.0)
    assert plan.capacity["utilisation_ceiling"].tolist() == [pytest.approx(0.9)]


# --------------------------------------------------------------------------- throughput


def test_a_faster_model_is_worth_its_price_where_rooms_are_short() -> None:
    """One room; 15 exams. The standard CT (GBP 100, 10 hours) leaves 5 exams to outsource:
    100 + 5 x 20 = 200. A model scanning 1.5 exams per scan hour's worth (GBP 130, the same 10
    hours) takes all 15: 130. The plan buys the fast one."""
    fast = {**CT, "id": "ct-fast", "price": 130, "throughput_factor": 1.5}
    plan = solve(tiny(rooms=_rooms(rooms=1), catalogue=[CT, fast], demand=_demand(15)))
    assert plan.objective == pytest.approx(130.0)
    assert plan.purchases["model"].tolist() == ["ct-fast"]
    [row] = plan.capacity.to_dict("records")
    assert row["scanner_hours"] == pytest.approx(10.0)
    assert row["hours_available"] == pytest.approx(15.0)
    assert row["utilisation"] == pytest.approx(1.0)
    [fleet] = plan.fleet.to_dict("records")
    assert fleet["hours"] == pytest.approx(10.0) and fleet["exam_hours"] == pytest.approx(15.0)


def test_a_slow_existing_scanner_scans_fewer_exams() -> None:
    """An existing CT of 10 hours at throughput 0.5 scans 5 one-hour exams; with no catalogue
    the other 5 of 10 are outsourced: 100."""
    asset = {
        "id": "old",
        "site": "A",
        "modality": "CT",
        "install_year": 2025,
        "hours_per_year": 10,
        "throughput_factor": 0.5,
    }
    plan = solve(tiny(assets=[asset], catalogue=[], demand=_demand(10)))
    assert plan.objective == pytest.approx(100.0)
    assert plan.outsourced["exams"].sum() == pytest.approx(5.0)


# --------------------------------------------------------------------------- installation


def test_installation_works_are_paid_with_each_unit() -> None:
    """10 exams; works of GBP 30 to install a unit at A: 100 + 30 = 130 against 200
    outsourced, so the plan buys, pays the works with the purchase and counts them as enabling
    works. With works of GBP 120 (220 in all) it outsources instead (200)."""
    plan = solve(tiny(rooms=_rooms(installation_works_cost=30), demand=_demand(10)))
    assert plan.objective == pytest.approx(130.0)
    costs = dict(zip(plan.costs["component"], plan.costs["npv"], strict=True))
    assert costs["capital"] == pytest.approx(100.0)
    assert costs["enabling_works"] == pytest.approx(30.0)
    assert plan.purchases["works_cost"].tolist() == [pytest.approx(30.0)]
    items = dict(zip(plan.payments["item"], plan.payments["amount"], strict=True))
    assert items == {"purchase": pytest.approx(100.0), "installation_works": pytest.approx(30.0)}
    assert plan.spend["spend"].tolist() == [pytest.approx(130.0)]
    dear = solve(tiny(modalities=_modality(installation_works_cost=120), demand=_demand(10)))
    assert dear.objective == pytest.approx(200.0)
    assert dear.purchases.empty


def test_installation_works_count_against_the_budget() -> None:
    """Budget 120: the unit (100) fits but not with its works (30): the plan outsources."""
    trusts = [{"id": "T1", "capital_budget": 120.0, "capital_share": 100}]
    plan = solve(tiny(trusts=trusts, rooms=_rooms(installation_works_cost=30), demand=_demand(10)))
    assert plan.objective == pytest.approx(200.0)


def test_installation_weeks_cost_the_first_year_a_quarter_of_its_hours() -> None:
    """10 exams in each of 2030 and 2031; installing takes 13 weeks (a quarter of a year): the
    unit bought in 2030 scans 7.5 hours then and 10 in 2031, so 2.5 exams are outsourced in
    2030: 100 + 50 = 150. The hours lost are reported in the fleet and capacity tables."""
    plan = solve(
        tiny(
            network=TWO_YEARS,
            modalities=_modality(installation_weeks=13),
            demand=_demand(10, (2030, 2031)),
        )
    )
    assert plan.objective == pytest.approx(150.0)
    lost = dict(zip(plan.capacity["year"], plan.capacity["installation_hours_lost"], strict=True))
    assert lost == {2030: pytest.approx(2.5), 2031: 0.0}
    hours = dict(zip(plan.fleet["year"], plan.fleet["hours"], strict=True))
    assert hours == {2030: pytest.approx(7.5), 2031: pytest.approx(10.0)}


def test_installation_weeks_make_a_needless_swap_cost_hours() -> None:
    """An existing CT (10 hours, max age far away) meets the 10 exams of each year. With no
    installation weeks, swapping it for a new unit changes nothing that costs: the plan keeps
    it (cost 0). With 26 weeks, a swap would also lose 5 hours (GBP 100 of outsourcing): kept
    either way; and keeping it is verified."""
    asset = {"id": "old", "site": "A", "modality": "CT", "install_year": 2028, "hours_per_year": 10}
    for weeks in (0, 26):
        plan = solve(
            tiny(
                network=TWO_YEARS,
                assets=[asset],
                modalities=_modality(installation_weeks=weeks),
                demand=_demand(10, (2030, 2031)),
            )
        )
        assert plan.objective == pytest.approx(0.0)
        assert plan.asset_decisions["decision"].tolist() == ["keep"]


def test_the_old_fields_keep_their_defaults() -> None:
    """An instance without the new fields reads as before: ceiling 1, throughput 1, no works,
    no installation weeks."""
    instance = Instance.model_validate(tiny())
    assert instance.modalities[0].target_utilisation == 1.0
    assert instance.modalities[0].installation_works_cost == 0.0
    assert instance.modalities[0].installation_weeks == 0.0
    assert instance.catalogue[0].throughput_factor == 1.0
    assert instance.rooms[0].target_utilisation is None

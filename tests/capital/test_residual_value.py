"""Maintenance, resale and residual value of a window (``maint_npv``, ``resale_npv``,
``residual_npv`` of ``models/capital.md``): the residual value rule (``policy.residual_value``),
age profiles in fractions of the purchase price, a profile's own residual values, and existing
scanners with and without a purchase price. Each answer is derived by hand in the docstring."""

from __future__ import annotations

from typing import Any

import pytest

from netopt.models.capital.data import CapitalData, build_capital_data
from netopt.schema import Instance
from tests.capital.builders import BASE, solve, tiny

STRAIGHT_LINE = {"residual_value": "straight_line"}
RESALE = {"residual_value": "resale"}


def data_of(**tables: Any) -> CapitalData:
    return build_capital_data(Instance.model_validate(tiny(**tables)))


def network(years: int, rate: float = 0.0) -> dict[str, Any]:
    return {"name": "tiny", "first_year": 2030, "horizon_years": years, "discount_rate": rate}


def test_straight_line_residual_of_a_unit_held_to_the_horizon_end() -> None:
    """A unit bought for 100 in 2030 (lead time 0: age 0 in 2030), lifetime 10, held the 4
    plan years to the horizon end (2034, age 4): residual 100 x (1 - 4/10) = 60, at
    df[2034] = 1.1^-4. Bought in 2032 (age 2 at the end): 80 x df[2034]. Retired inside the
    horizon it is worth its resale value (0 in ``flat``), not the straight line. Solved (10
    one-hour exams a year, else outsourced at 20 each: 200 a year), one unit bought in 2030 and
    kept costs 100 - 60 x 1.1^-4."""
    years = network(4, 0.1)
    demand = [{"site": "A", "exam_type": "ct", "year": 2030, "exams": 10}]
    data = data_of(network=years, demand=demand, policy=STRAIGHT_LINE)
    df_end = 1.1**-4
    assert data.buy_windows[("A", "ct-std", 2030, 2034)].residual_npv == pytest.approx(60 * df_end)
    assert data.buy_windows[("A", "ct-std", 2032, 2034)].residual_npv == pytest.approx(80 * df_end)
    assert data.buy_windows[("A", "ct-std", 2030, 2033)].resale_npv == 0.0
    assert data.buy_windows[("A", "ct-std", 2030, 2033)].residual_npv == 0.0

    plan = solve(tiny(network=years, demand=demand, policy=STRAIGHT_LINE))
    assert plan.objective == pytest.approx(100 - 60 * df_end)
    npv = dict(zip(plan.costs["component"], plan.costs["npv"], strict=True))
    assert npv["residual_value"] == pytest.approx(-60 * df_end)


def test_straight_line_is_the_default_and_resale_reproduces_the_resale_curve() -> None:
    """Without ``policy``, the straight line. With ``residual_value: resale`` a unit held to the
    end is worth its profile's resale value at its age then (netopt's rule before residual
    value had its own): ``wear`` resale 70 at age 0, 40 from age 1; bought in 2030 and held the
    2 plan years (age 2 at the end): 40. Straight line: 100 x (1 - 2/10) = 80."""
    wear = [
        {"profile": "flat", "age": 0, "maintenance_cost": 0, "resale_value": 70},
        {"profile": "flat", "age": 1, "maintenance_cost": 0, "resale_value": 40},
    ]
    data = {k: v for k, v in tiny(network=network(2), age_profiles=wear).items() if k != "policy"}
    default = build_capital_data(Instance.model_validate(data))
    resale = data_of(network=network(2), age_profiles=wear, policy=RESALE)
    window = ("A", "ct-std", 2030, 2032)
    assert default.buy_windows[window].residual_npv == pytest.approx(80.0)
    assert resale.buy_windows[window].residual_npv == pytest.approx(40.0)
    # resale within the horizon is the curve under either rule: age 1 in 2031
    assert default.buy_windows[("A", "ct-std", 2030, 2031)].resale_npv == pytest.approx(40.0)
    assert resale.buy_windows[("A", "ct-std", 2030, 2031)].resale_npv == pytest.approx(40.0)


def test_maintenance_and_resale_as_fractions_of_the_price() -> None:
    """``share``: maintenance 10% of the price a year, resale 50% of it at age 1 and on. The
    model costs 1,000: 100 a year of maintenance, so held 2030-2031 (2 years, no discounting)
    200; retired in 2031 (age 1) it is resold for 500. An existing scanner of the same profile
    bought for 2,000 costs 200 a year. Residual value (held to 2032, age 2, straight line over
    10 years): 1,000 x 0.8 = 800."""
    share = [
        {"profile": "flat", "age": 0, "maintenance_fraction": 0.1, "resale_fraction": 0.6},
        {"profile": "flat", "age": 1, "maintenance_fraction": 0.1, "resale_fraction": 0.5},
    ]
    model = {**BASE["catalogue"][0], "price": 1000}
    asset = {
        "id": "old",
        "site": "A",
        "modality": "CT",
        "install_year": 2029,
        "hours_per_year": 10,
        "purchase_price": 2000,
    }
    data = data_of(
        network=network(2),
        age_profiles=share,
        catalogue=[model],
        assets=[asset],
        policy=STRAIGHT_LINE,
    )
    kept = data.buy_windows[("A", "ct-std", 2030, 2032)]
    assert kept.maintenance == {2030: 100.0, 2031: 100.0}
    assert kept.maintenance_npv == pytest.approx(200.0)
    assert kept.residual_npv == pytest.approx(800.0)
    assert data.buy_windows[("A", "ct-std", 2030, 2031)].resale_npv == pytest.approx(500.0)
    assert [c.assets for c in data.cohorts] == [("old",)]
    assert data.cohort_windows[(0, 2032)].maintenance == {2030: 200.0, 2031: 200.0}


def test_a_profiles_own_residual_values_override_the_rule() -> None:
    """``flat`` gives residual 25 at age 0 and 5 from age 1 (and ``own`` residual 30% of the
    price from age 0): held 2 years to the end (age 2), the unit is worth 5 under either rule
    (the straight line would say 80), and 30 of a price of 100 with the fraction."""
    own = [
        {
            "profile": "flat",
            "age": 0,
            "maintenance_cost": 0,
            "resale_value": 0,
            "residual_value": 25,
        },
        {
            "profile": "flat",
            "age": 1,
            "maintenance_cost": 0,
            "resale_value": 0,
            "residual_value": 5,
        },
    ]
    window = ("A", "ct-std", 2030, 2032)
    for policy in (STRAIGHT_LINE, RESALE):
        data = data_of(network=network(2), age_profiles=own, policy=policy)
        assert data.buy_windows[window].residual_npv == pytest.approx(5.0)
    fraction = [
        {"profile": "flat", "age": 0, "maintenance_cost": 0, "resale_value": 0,
         "residual_fraction": 0.3}
    ]  # fmt: skip
    data = data_of(network=network(2), age_profiles=fraction, policy=STRAIGHT_LINE)
    assert data.buy_windows[window].residual_npv == pytest.approx(30.0)


def test_an_existing_scanner_without_a_price_falls_back_to_its_resale_value() -> None:
    """Two existing scanners installed in 2026 (age 4 in 2030), maximum age 10, kept the one plan
    year (age 5 at the end, 2031); ``wear`` resale 12 at every age. ``priced`` cost 500:
    straight line 500 x (1 - 5/10) = 250. ``unpriced`` has no price: its resale value, 12. The
    price tells them apart, so they are two cohorts. Solved, both are kept (keeping is worth
    at least the resale value of leaving in 2030, and ``flat`` costs no maintenance); the
    plan's asset decisions show these values and verify."""
    wear = [
        {"profile": "flat", "age": a, "maintenance_cost": 0, "resale_value": 12} for a in range(6)
    ]
    assets = [
        {"id": name, "site": "A", "modality": "CT", "install_year": 2026, "hours_per_year": 10}
        | ({"purchase_price": 500} if name == "priced" else {})
        for name in ("priced", "unpriced")
    ]
    modality = [{**BASE["modalities"][0], "max_age_years": 10}]
    tables: dict[str, Any] = {
        "age_profiles": wear,
        "assets": assets,
        "modalities": modality,
        "policy": STRAIGHT_LINE,
    }
    data = data_of(**tables)
    by_asset = {c.assets[0]: i for i, c in enumerate(data.cohorts)}
    assert data.cohort_windows[(by_asset["priced"], 2031)].residual_npv == pytest.approx(250.0)
    assert data.cohort_windows[(by_asset["unpriced"], 2031)].residual_npv == pytest.approx(12.0)

    plan = solve(tiny(**tables))
    values = dict(zip(plan.asset_decisions["asset"], plan.asset_decisions["value"], strict=True))
    assert values == {"priced": pytest.approx(250.0), "unpriced": pytest.approx(12.0)}
    assert set(plan.asset_decisions["decision"]) == {"keep"}

"""The capital model's neighbourhoods for the fix-and-optimize search."""

from __future__ import annotations

import pyomo.environ as pyo

from netopt import load_instance
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import build_capital_data
from netopt.models.capital.neighbourhoods import capital_neighbourhoods, site_pairs, year_windows
from tests.conftest import REPO


def tutorial() -> tuple[pyo.ConcreteModel, object]:
    data = build_capital_data(load_instance(REPO / "instances" / "tutorial.yaml"))
    return build_capital_model(data), data


def test_every_integer_decision_is_in_a_neighbourhood_and_tiers_always_free() -> None:
    m, data = tutorial()
    hoods = capital_neighbourhoods(m, data)  # type: ignore[arg-type]
    covered = {id(v) for group in hoods.groups for v in group}
    integers = [
        v
        for v in m.component_data_objects(pyo.Var)
        if v.is_integer() and v.parent_component() is not m.tier_active
    ]
    assert integers and all(id(v) in covered for v in integers)
    assert {id(v) for v in hoods.always_free} == {id(v) for v in m.tier_active.values()}


def test_a_site_pair_is_one_modality_at_a_site_and_its_nearest() -> None:
    m, data = tutorial()
    for group in site_pairs(m, data):  # type: ignore[arg-type]
        sites, modalities = set(), set()
        for v in group:
            index = v.index()
            if v.parent_component() is m.retire:
                cohort = data.cohorts[index[0]]  # type: ignore[attr-defined]
                sites.add(cohort.site)
                modalities.add(cohort.modality)
            elif v.parent_component() is m.buy:
                sites.add(index[0])
                modalities.add(data.models[index[1]].modality)  # type: ignore[attr-defined]
            else:
                sites.add(index[0])
                modalities.add(index[1])
        assert 1 <= len(sites) <= 2 and len(modalities) == 1


def test_a_year_window_is_one_modality_over_two_years() -> None:
    """Decision years are the plan years and the horizon end (a retirement 'kept')."""
    m, data = tutorial()
    windows = year_windows(m, data)  # type: ignore[arg-type]
    decision_years = len(data.years) + 1  # type: ignore[attr-defined]
    assert len(windows) == len(data.modalities) * (decision_years - 1)  # type: ignore[attr-defined]
    for group in windows:
        years = set()
        for v in group:
            index = v.index()
            years.add(index[1] if v.parent_component() is m.retire else index[2])
        assert len(years) <= 2 and max(years) - min(years) <= 1

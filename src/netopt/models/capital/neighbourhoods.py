"""Neighbourhoods of the capital model for the fix-and-optimize search (``solve/lns.py``).

A neighbourhood is a set of integer decisions re-decided together while every other integer
decision stays as in the incumbent plan (flows, outsourcing and every other continuous variable
stay free). Two kinds, both measured to pay on the England networks:

- **a site and its nearest site, one modality, every year**: where scanners stand and when they
  are replaced, traded between two sites whose patients can go to either;
- **one modality, two consecutive years, every site**: when replacements and purchases happen.

The volume-discount tier choices are network-wide and couple every purchase of a model in a
year, so they are never fixed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyomo.environ as pyo

from netopt.models.capital.data import CapitalData


@dataclass(frozen=True)
class Neighbourhoods:
    """The neighbourhoods of a built capital model, as groups of its integer variables."""

    groups: tuple[tuple[Any, ...], ...]
    always_free: tuple[Any, ...]


def _by_site_and_modality(
    m: pyo.ConcreteModel, data: CapitalData
) -> dict[tuple[str, str], list[Any]]:
    """Integer variables by (site, modality): retirements, purchases and rooms built there."""
    out: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for c, r in m.cohort_windows:
        cohort = data.cohorts[c]
        out[(cohort.site, cohort.modality)].append(m.retire[c, r])
    for s, md, v, r in m.buy_windows:
        out[(s, data.models[md].modality)].append(m.buy[s, md, v, r])
    for s, mo, y in m.room_builds:
        out[(s, mo)].append(m.new_rooms[s, mo, y])
    return out


def _by_modality_and_year(
    m: pyo.ConcreteModel, data: CapitalData
) -> dict[tuple[str, int], list[Any]]:
    """Integer variables by (modality, year of the decision)."""
    out: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for c, r in m.cohort_windows:
        out[(data.cohorts[c].modality, r)].append(m.retire[c, r])
    for s, md, v, r in m.buy_windows:
        out[(data.models[md].modality, v)].append(m.buy[s, md, v, r])
    for s, mo, y in m.room_builds:
        out[(mo, y)].append(m.new_rooms[s, mo, y])
    return out


def _nearest(data: CapitalData, site: str, others: list[str]) -> str | None:
    """The site of ``others`` nearest ``site`` by travel time (None if none is reachable)."""
    reachable = [
        (data.travel_minutes.get((site, o), data.travel_minutes.get((o, site))), o)
        for o in others
        if o != site
    ]
    timed = [(t, o) for t, o in reachable if t is not None]
    return min(timed)[1] if timed else None


def site_pairs(m: pyo.ConcreteModel, data: CapitalData) -> list[tuple[Any, ...]]:
    """One neighbourhood per site and modality: that site's decisions and its nearest site's."""
    by_site = _by_site_and_modality(m, data)
    sites_of: dict[str, list[str]] = defaultdict(list)
    for s, mo in by_site:
        sites_of[mo].append(s)
    groups = []
    for (s, mo), variables in sorted(by_site.items()):
        near = _nearest(data, s, sites_of[mo])
        partner = by_site[(near, mo)] if near is not None else []
        groups.append(tuple(variables + partner))
    return groups


def year_windows(m: pyo.ConcreteModel, data: CapitalData, width: int = 2) -> list[tuple[Any, ...]]:
    """One neighbourhood per modality and ``width`` consecutive years, every site."""
    by_year = _by_modality_and_year(m, data)
    years = sorted({y for _, y in by_year})
    groups = []
    for mo in data.modalities:
        for first in years[: max(len(years) - width + 1, 1)]:
            window = [v for y in range(first, first + width) for v in by_year.get((mo, y), [])]
            if window:
                groups.append(tuple(window))
    return groups


def capital_neighbourhoods(m: pyo.ConcreteModel, data: CapitalData) -> Neighbourhoods:
    """Every neighbourhood of the built capital model ``m``."""
    return Neighbourhoods(
        groups=(*site_pairs(m, data), *year_windows(m, data)),
        always_free=tuple(m.tier_active.values()),
    )

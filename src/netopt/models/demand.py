"""Demand grown to the plan years: the exams both models plan for, from the instance's rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from netopt.schema import Instance


def demand_by_year(instance: Instance, years: Iterable[int]) -> dict[tuple[str, str, int], float]:
    """(origin site, exam type, year) -> exams for every year of ``years``: a year given in the
    demand table as given, any other grown from the latest earlier given year at the row's growth
    rate (or its exam type's). Only positive entries are kept."""
    years = tuple(years)
    growth = {e.id: e.growth_rate for e in instance.exam_types}
    given: dict[tuple[str, str], dict[int, tuple[float, float]]] = defaultdict(dict)
    for row in instance.demand:
        rate = growth[row.exam_type] if row.growth_rate is None else row.growth_rate
        given[(row.site, row.exam_type)][row.year] = (row.exams, rate)
    out: dict[tuple[str, str, int], float] = {}
    for (site, exam), rows in given.items():
        for year in years:
            base = max(y for y in rows if y <= year)
            exams, rate = rows[base]
            value = exams * (1.0 + rate) ** (year - base)
            if value > 0:
                out[(site, exam, year)] = value
    return out

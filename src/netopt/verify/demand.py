"""Demand in each plan year, derived from the instance (shared by both verifiers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from netopt.schema import Instance


def demand_by_year(instance: Instance, years: Iterable[int]) -> dict[tuple[str, str, int], float]:
    """Demand in each plan year: a given year as given; any other grown from the latest earlier
    given year by that row's growth rate (or the exam type's). Only positive entries."""
    exam_growth = {e.id: e.growth_rate for e in instance.exam_types}
    given: dict[tuple[str, str], dict[int, tuple[float, float]]] = defaultdict(dict)
    for row in instance.demand:
        rate = exam_growth[row.exam_type] if row.growth_rate is None else row.growth_rate
        given[(row.site, row.exam_type)][row.year] = (row.exams, rate)
    out: dict[tuple[str, str, int], float] = {}
    for (site, exam), rows in given.items():
        for year in years:
            earlier = [y for y in rows if y <= year]
            if not earlier:
                continue
            base = max(earlier)
            exams, rate = rows[base]
            value = exams * (1.0 + rate) ** (year - base)
            if value > 0:
                out[(site, exam, year)] = value
    return out

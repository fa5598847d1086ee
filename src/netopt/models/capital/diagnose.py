"""Why no capital plan exists, in the planner's words.

The elastic model (``Shortfall`` penalties in ``data.py``) allows every shortfall at a price:
budget overruns first, then unscanned exams, then rooms or commitments broken. Feasibility is
settled first (a plan with no shortfall, or a proven positive least shortfall; otherwise the
verdict is undecided); then its least penalised plan shows the smallest changes that would make
the instance feasible, and each shortfall is explained with what the plan needed it for (e.g.
the scanner that reached its maximum age that year).
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
import pyomo.environ as pyo

from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import CapitalData, Shortfall, build_capital_data
from netopt.models.capital.decisions import DecisionRule, start_values
from netopt.models.capital.results import extract_tables
from netopt.models.common import clean
from netopt.models.diagnosis import (
    NOT_SEARCHED,
    Describer,
    Diagnosis,
    Finding,
    ShortfallKind,
    Verdict,
    gbp_in_words,
    positive_entries,
    solve_least_shortfall,
    strict_conflict,
)
from netopt.schema import Instance
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, no_time_report

NOISE_GBP = 1.0
"""Shortfalls below this (GBP, exams, rooms or units) are solver noise, not findings."""


def budget_findings(
    m: pyo.ConcreteModel, data: CapitalData, instance: Instance, tables: dict[str, pd.DataFrame]
) -> list[Finding]:
    names = {t.id: t.name or t.id for t in instance.trusts}
    site_names = {s.id: s.name or s.id for s in instance.sites}
    payments, decisions = tables["payments"], tables["asset_decisions"]
    out = []
    for t, y in m.overrun_index:
        short = clean(pyo.value(m.budget_overrun[t, y]))
        if short < NOISE_GBP:
            continue
        paid = payments[(payments["trust"] == t) & (payments["year"] == y)]
        needs = []
        for row in paid.itertuples():
            place = site_names.get(str(row.site), row.site)
            what = {
                "purchase": f"{row.model} at {place}",
                "installation_works": f"the works installing {row.model} at {place}",
            }.get(str(row.item), f"a new {row.modality} room at {place}")
            forced = decisions[
                (decisions["site"] == row.site)
                & (decisions["year"] == y)
                & (decisions["modality"] == row.modality)
            ]
            reasons = [
                f"replacing {a.asset}, {a.age} years old"
                + (" (its maximum age)" if _at_max_age(instance, str(a.asset), int(a.age)) else "")
                for a in forced.itertuples()
            ]
            needs.append(
                what
                + (f", {', '.join(reasons)}" if reasons else "")
                + f" ({gbp_in_words(float(row.amount))})"
            )
        spend = clean(pyo.value(m.capital_spend[t, y]))
        message = (
            f"Trust {names[t]} ({t}) is {gbp_in_words(short)} short in {y}: the plan needs {gbp_in_words(spend)} "
            f"of capital that year against {gbp_in_words(data.capital_budget[(t, y)])} budgeted"
            + (" (plus carry-over)" if t in data.carry_over else "")
            + (f", for {'; '.join(needs)}" if needs else "")
            + "."
        )
        out.append(Finding(ShortfallKind.BUDGET, {"trust": t, "year": y}, short, "GBP", message))
    return out


def _revenue_findings(m: pyo.ConcreteModel, data: CapitalData, instance: Instance) -> list[Finding]:
    names = {t.id: t.name or t.id for t in instance.trusts}
    out = []
    for t, y in m.revenue_overrun_index:
        short = clean(pyo.value(m.revenue_overrun[t, y]))
        if short < NOISE_GBP:
            continue
        spend = clean(pyo.value(m.revenue_spend[t, y]))
        message = (
            f"Trust {names[t]} ({t}) is {gbp_in_words(short)} short of revenue in {y}: the plan's "
            f"running costs (maintenance, in-house scanning, outsourcing) are {gbp_in_words(spend)} "
            f"against {gbp_in_words(data.revenue_budget[(t, y)])} budgeted."
        )
        out.append(Finding(ShortfallKind.REVENUE, {"trust": t, "year": y}, short, "GBP", message))
    return out


def _at_max_age(instance: Instance, asset_id: str, age: int) -> bool:
    max_age = {m.id: m.max_age_years for m in instance.modalities}
    for a in instance.assets:
        if a.id == asset_id:
            return age >= (a.max_age_years or max_age[a.modality])
    return False


def demand_findings(m: pyo.ConcreteModel, data: CapitalData) -> list[Finding]:
    out = []
    for (o, e, y), exams in positive_entries(m.unmet):
        share = exams / data.demand[(o, e, y)]
        if e not in data.outsourcing_cost:
            outsourcing = " and may not be outsourced"
        elif (e, y) in data.max_outsourced:
            outsourcing = (
                f", and the outsourcing companies take at most {data.max_outsourced[(e, y)]:,.0f} "
                f"{e} exams in {y} across the network (outsourcing_limit)"
            )
        else:
            outsourcing = ""
        message = (
            f"{exams:,.0f} {e} exams referred at {o} in {y} ({share:.0%} of them) cannot be scanned "
            f"within reach{outsourcing}: more capacity (rooms, scanners, budget) within the "
            "travel limit, or more outsourcing, is needed."
        )
        where: dict[str, str | int] = {"site": o, "exam_type": e, "year": y}
        out.append(Finding(ShortfallKind.DEMAND, where, exams, "exams", message))
    return out


def access_findings(m: pyo.ConcreteModel, data: CapitalData) -> list[Finding]:
    out = []
    for (mo, y), exams in positive_entries(m.access_shortfall):
        total = data.access_targets[(mo, y)]
        message = (
            f"{exams:,.0f} more {mo} exams in {y} would have to be scanned within "
            f"{data.access_minutes:g} minutes of home to meet the access target "
            f"({data.access_share:.0%} of {total:,.0f}): more capacity near the patients "
            "(rooms, scanners, budget), or a lower target, is needed."
        )
        where: dict[str, str | int] = {"modality": mo, "year": y}
        out.append(Finding(ShortfallKind.ACCESS, where, exams, "exams", message))
    return out


def room_findings(m: pyo.ConcreteModel) -> list[Finding]:
    return [
        Finding(
            ShortfallKind.ROOMS,
            {"site": s, "modality": mo, "year": y},
            extra,
            "rooms",
            f"Site {s} needs {extra:g} more {mo} room(s) in {y} than it has or may build.",
        )
        for (s, mo, y), extra in positive_entries(m.extra_rooms)
    ]


def commitment_findings(m: pyo.ConcreteModel) -> list[Finding]:
    return [
        Finding(
            ShortfallKind.COMMITMENT,
            {"site": s, "model": k, "year": v},
            units,
            "units",
            f"The committed purchase of {k} at {s} in {v} cannot be made ({units:g} unit(s)): "
            "check the model's sites and years, its lead time and the site's rooms.",
        )
        for (s, k, v), units in positive_entries(m.committed_shortfall)
    ]


ZERO_PENALTY = 0.5
"""A least-shortfall penalty at most this (half a GBP of budget overrun, or far less of any
other shortfall) counts as none: the plan meets every constraint."""


def diagnose_capital(
    instance: Instance,
    options: SolveOptions | None = None,
    penalties: Shortfall | None = None,
    *,
    start: DecisionRule | None = None,
    deadline: Deadline | None = None,
    known_infeasible: bool = False,
) -> Diagnosis:
    """Settle whether a capital plan exists and, when none does, explain the least shortfalls.

    The elastic model is solved for the least shortfall alone first, from the plan the
    ``start`` rule makes, if given (from a baseline's plan a feasible instance is usually
    settled at once); only a proven positive least shortfall is called infeasible (or
    ``known_infeasible``: a strict solve proved it). When the time limit
    (``options.time_limit``, counted from ``deadline``'s start when given) ends before either
    is proven, the verdict is undecided.
    """
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    began = time.perf_counter()
    try:
        with deadline.enforce("building the elastic model"):
            data = build_capital_data(instance, shortfall=penalties or Shortfall())
            model = build_capital_model(data, deadline)
            values = start_values(instance, data, model, start)
    except TimeLimitReached as reached:
        report = no_time_report(options, reached.stage)
        return Diagnosis(Verdict.UNDECIDED, [], [], report, time.perf_counter() - began)
    solved = solve_least_shortfall(
        model, options, deadline, ZERO_PENALTY, values, known_infeasible=known_infeasible
    )
    if solved.verdict is Verdict.FEASIBLE or not solved.has_plan:
        return Diagnosis(solved.verdict, [], [], solved.report, time.perf_counter() - began)
    tables = extract_tables(model, data)
    findings = [
        *budget_findings(model, data, instance, tables),
        *demand_findings(model, data),
        *access_findings(model, data),
        *_revenue_findings(model, data, instance),
        *room_findings(model),
        *commitment_findings(model),
    ]
    conflict = NOT_SEARCHED
    if solved.verdict is Verdict.INFEASIBLE:
        conflict = strict_conflict(build_capital_model(build_capital_data(instance)), deadline)
    seconds = time.perf_counter() - began
    return Diagnosis(
        solved.verdict,
        findings,
        report=solved.report,
        seconds=seconds,
        tables=tables,
        **conflict.diagnosis_fields(conflict_words(instance, data)),
    )


def conflict_words(instance: Instance, data: CapitalData) -> dict[str, Describer]:
    """The capital model's families in a planner's words, by family (see
    :func:`netopt.models.diagnosis.conflict_in_words`): sites and trusts by name and id."""
    sites = {s.id: f"{s.name} ({s.id})" if s.name else s.id for s in instance.sites}
    trusts = {t.id: f"{t.name} ({t.id})" if t.name else t.id for t in instance.trusts}

    def site(x: Any) -> str:
        return sites.get(str(x), str(x))

    def trust(x: Any) -> str:
        return trusts.get(str(x), str(x))

    return {
        "existing_fleet": lambda i: (
            "every existing scanner leaves service once, by its maximum age ("
            + ", ".join(data.cohorts[int(i[0])].assets)
            + ")"
        ),
        "demand_balance": lambda i: (
            f"every {i[1]} exam referred at {site(i[0])} in {i[2]} is scanned within reach or "
            "outsourced"
        ),
        "outsourcing_limit": lambda i: f"at most the outsourcing limit of {i[0]} exams in {i[1]}",
        "access_target": lambda i: f"the access target for {i[0]} in {i[1]}",
        "scan_capacity": lambda i: f"the hours of the {i[1]} scanners at {site(i[0])} in {i[2]}",
        "capability_cover": lambda i: (
            f"{i[1]} exams needing {i[2] or 'no capability'} at {site(i[0])} in {i[3]} use "
            "scanners able to do them"
        ),
        "capacity_rounding": lambda i: (
            "whole scanners cover the demand of a group of sites (a rounding of scanner counts)"
        ),
        "single_scanner_link": lambda i: (
            f"{i[2]} exams from {site(i[0])} are scanned at {site(i[1])} in {i[3]} only if a "
            "scanner stands there"
        ),
        "rooms_limit": lambda i: f"the {i[1]} rooms at {site(i[0])} in {i[2]}",
        "new_rooms_limit": lambda i: f"the {i[1]} rooms that may be built at {site(i[0])}",
        "capital_budget": lambda i: (
            f"the capital budget of {trust(i[0])} in {i[1]} (with any carry-over)"
        ),
        "revenue_budget": lambda i: f"the revenue budget of {trust(i[0])} in {i[1]}",
        "committed_purchase": lambda i: (
            f"the committed purchase of {i[1]} at {site(i[0])} in {i[2]}"
        ),
    }

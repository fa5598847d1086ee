"""Why no joint plan exists, in the planners' words.

The elastic joint model (``JointShortfall`` penalties in ``data.py``, ``models/joint.md``,
"Elastic model (diagnosis)") allows the capital model's shortfalls and the workforce's: scanner
hours without their staff, assistant practitioners beyond the skill mix, exams scanned that no
one reports. Feasibility is settled first, as for the capital plan
(:func:`netopt.models.diagnosis.solve_least_shortfall`); then each shortfall of the least
penalised plan is said with what the plan needed and what the staff could give: the trust,
its sites, the modality or exam type, the year, the roles with their WTE in post, hiring caps,
lead times and agency caps, and the hours or reports short.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

import pyomo.environ as pyo

from netopt.models.capital.decisions import DecisionRule, fix_capital_decisions
from netopt.models.capital.diagnose import (
    access_findings,
    budget_findings,
    commitment_findings,
    demand_findings,
    room_findings,
)
from netopt.models.capital.diagnose import conflict_words as capital_conflict_words
from netopt.models.common import clean
from netopt.models.diagnosis import (
    NOT_SEARCHED,
    ConflictOutcome,
    ConflictSearch,
    Describer,
    Diagnosis,
    Finding,
    ShortfallKind,
    Verdict,
    elastic_deadline,
    gbp_in_words,
    positive_entries,
    solve_least_shortfall,
    strict_conflict,
)
from netopt.models.joint.build import build_joint_model
from netopt.models.joint.data import JointData, JointShortfall, StaffingData, build_joint_data
from netopt.models.joint.plan import FixedPlan, capital_decisions_in
from netopt.models.joint.results import extract_joint_tables, staff_running_costs
from netopt.schema import Instance, InstanceError, Tier
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, no_time_report

ZERO_PENALTY = 0.5
"""A least-shortfall penalty at most this (half a GBP over a budget, or far less of a staff
hour or a report) counts as none: the plan meets every constraint."""

NOISE_GBP = 1.0
"""Budget overruns below this (GBP) are solver noise, not findings."""


def figure(x: float) -> str:
    """Hours, reports or WTE as a planner writes them: ``12,400``, ``5``, ``2.5``."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{round(x, 1):,g}"


def employer_names(instance: Instance) -> dict[str, str]:
    """Employer id -> its name and id (``Maidstone and Tunbridge Wells NHS Trust (RWF)``);
    ``network`` (the network's own staff) -> ``the network``."""
    names = {t.id: f"{t.name} ({t.id})" if t.name else t.id for t in instance.trusts}
    names.setdefault("network", "the network")
    return names


def site_names(instance: Instance) -> dict[str, str]:
    """Site id -> its name and id (``Maidstone Hospital (RWF01)``), or the id alone."""
    return {s.id: f"{s.name} ({s.id})" if s.name else s.id for s in instance.sites}


def role_names(instance: Instance) -> dict[str, str]:
    """Role id -> its name (``CT radiographer``), or the id when it has none."""
    return {r.id: r.name or r.id for r in instance.staff_roles}


def role_supply(st: StaffingData, employer: str, role: str, name: str) -> str | None:
    """What an employer can have of a role, in words (``CT radiographer: 4 WTE in post of
    1,650 clinical hours a year, hires capped at 2 WTE a year after a 1-year lead, agency
    capped at 840 hours a year``); None when it can have none (none in post, no hires, no
    agency)."""
    r = st.roles[role]
    wte = st.in_post.get((employer, role), 0.0)
    if wte <= 0 and r.max_hires_per_year == 0 and r.agency_hour_cost is None:
        return None
    parts = [f"{figure(wte)} WTE in post of {figure(r.clinical_hours)} clinical hours a year"]
    lead = f" after a {r.hire_lead_years}-year lead" if r.hire_lead_years else ""
    if r.max_hires_per_year == 0:
        parts.append("no hires")
    elif r.max_hires_per_year is None:
        parts.append(f"hires without a cap{lead}")
    else:
        parts.append(f"hires capped at {figure(r.max_hires_per_year)} WTE a year{lead}")
    if r.agency_hour_cost is None:
        parts.append("no agency")
    elif r.max_agency_hours_per_year is None:
        parts.append("agency without a cap")
    else:
        parts.append(f"agency capped at {figure(r.max_agency_hours_per_year)} hours a year")
    return f"{name}: {', '.join(parts)}"


def staff_in_words(st: StaffingData, employer: str, roles: list[str], names: dict[str, str]) -> str:
    """The ``roles`` an employer can have, by :func:`role_supply`; ``none in post, no hires,
    no agency`` when it can have none of them."""
    able = [role_supply(st, employer, ro, names.get(ro, ro)) for ro in roles]
    return "; ".join(a for a in able if a is not None) or "none in post, no hires, no agency"


def _sites_used(
    m: pyo.ConcreteModel, data: JointData, employer: str, exam_types: set[str], year: int
) -> list[str]:
    """The employer's sites where the plan scans exams of ``exam_types`` in ``year``."""
    st, cap = data.staffing, data.capital
    return sorted(
        {
            s
            for o, s, e, y in cap.flows
            if y == year
            and st.site_employer[s] == employer
            and e in exam_types
            and clean(pyo.value(m.flow[o, s, e, y])) > 0
        }
    )


def _at_sites(sites: list[str], names: dict[str, str]) -> str:
    return f" at {', '.join(names.get(s, s) for s in sites)}" if sites else ""


def _passports(st: StaffingData, instance: Instance) -> str:
    if len(st.employers) < 2:
        return ""
    if instance.staff_planning.cross_employer_passports:
        return " (other employers' staff may help under passports)"
    return " (passports across employers are not allowed)"


def staffing_findings(m: pyo.ConcreteModel, data: JointData, instance: Instance) -> list[Finding]:
    """One finding per employer, modality and year whose scanners lack staff hours
    (``unstaffed_hours``): the hours needed, what the staff who scan the modality give, and
    who they are (WTE in post, hiring caps and lead times, agency caps)."""
    st, cap = data.staffing, data.capital
    employers, sites, roles = employer_names(instance), site_names(instance), role_names(instance)
    out = []
    for (em, mo, y), short in positive_entries(m.unstaffed_hours):
        phi = st.staff_per_scanner.get(mo, 1.0)
        need = phi * clean(pyo.value(m.staffed_hours[em, mo, y]))
        able = sorted(
            ro
            for ro, r in st.roles.items()
            if mo in r.scans and r.tier is not Tier.ASSISTANT_PRACTITIONER
        )
        given = figure(max(need - short, 0.0))
        who = (
            f"its staff who scan {mo} ({staff_in_words(st, em, able, roles)}) give at most "
            f"{given}{_passports(st, instance)}"
            if able
            else f"no staff role scans {mo}"
        )
        used = _sites_used(m, data, em, {e for e, x in cap.exam_modality.items() if x == mo}, y)
        message = (
            f"The {mo} scanners of {employers.get(em, em)}{_at_sites(used, sites)} need "
            f"{figure(need)} hours of staff time in {y} ({phi:g} staff per scanner for every "
            f"hour it runs); {who}: {figure(short)} hours short."
        )
        where: dict[str, str | int] = {"employer": em, "modality": mo, "year": y}
        out.append(Finding(ShortfallKind.STAFFING, where, short, "staff hours", message))
    return out


def skill_mix_findings(m: pyo.ConcreteModel, data: JointData, instance: Instance) -> list[Finding]:
    """One finding per employer, modality and year whose scanners would need assistant
    practitioners beyond the skill mix (``assistant_hours_over``): the staff who are not
    assistants are that many hours short."""
    st = data.staffing
    employers, roles = employer_names(instance), role_names(instance)
    out = []
    for (em, mo, y), over in positive_entries(m.assistant_hours_over):
        hours = clean(pyo.value(m.staffed_hours[em, mo, y]))
        phi = st.staff_per_scanner.get(mo, 1.0)
        alpha = st.max_assistants_per_scanner.get(mo, 0.0)
        able = sorted(
            ro
            for ro, r in st.roles.items()
            if mo in r.scans and r.tier is not Tier.ASSISTANT_PRACTITIONER
        )
        message = (
            f"The {mo} scanners of {employers.get(em, em)} would need {figure(over)} hours of "
            f"assistant practitioners in {y} beyond the skill mix (at most {alpha:g} of the "
            f"{phi:g} staff per scanner: {figure(alpha * hours)} of the {figure(phi * hours)} "
            f"hours): its other staff who scan {mo} ("
            + (staff_in_words(st, em, able, roles) if able else f"no other role scans {mo}")
            + f") are {figure(over)} hours short."
        )
        where: dict[str, str | int] = {"employer": em, "modality": mo, "year": y}
        out.append(Finding(ShortfallKind.SKILL_MIX, where, over, "staff hours", message))
    return out


def _outsourcing_words(st: StaffingData, exam_type: str, year: int) -> str:
    """The report outsourcing open to an exam type in a year, in words."""
    if exam_type not in st.report_outsourcing_cost:
        return f"reports of {exam_type} may not be outsourced"
    limits = [
        f"at most {figure(most)} reports "
        + ("of all exam types" if e is None else f"of {e}")
        + f" may be outsourced in {year}"
        for e, y, most in st.report_outsourcing_limits
        if y == year and e in (None, exam_type)
    ]
    return "; ".join(limits) if limits else "outsourcing has no limit"


def reporting_findings(m: pyo.ConcreteModel, data: JointData, instance: Instance) -> list[Finding]:
    """One finding per employer, exam type and year whose scanned exams cannot all be reported
    (``unreported``): the exams scanned, those the reporters make and those outsourced, the
    reporters (WTE in post, caps) and the outsourcing limits."""
    st = data.staffing
    employers, roles = employer_names(instance), role_names(instance)
    made: dict[tuple[str, str, int], float] = defaultdict(float)
    for em, ro, em2, e, y in st.report_work:
        made[(em2, e, y)] += clean(pyo.value(m.report_work[em, ro, em2, e, y]))
    out = []
    for (em, e, y), short in positive_entries(m.unreported):
        scanned = clean(pyo.value(m.scanned_exams[em, e, y]))
        outsourced = (
            clean(pyo.value(m.reports_outsourced[em, e, y]))
            if (em, e, y) in m.report_outsourcing
            else 0.0
        )
        able = sorted(ro for ro, r in st.roles.items() if e in r.reports)
        reporters = (
            f"its reporters ({staff_in_words(st, em, able, roles)}) make {figure(made[(em, e, y)])}"
            if able
            else f"no staff role reports {e}"
        )
        message = (
            f"{figure(short)} of the {figure(scanned)} {e} exams scanned at "
            f"{employers.get(em, em)}'s sites in {y} can be neither reported in house nor "
            f"outsourced: {reporters}; {figure(outsourced)} are outsourced "
            f"({_outsourcing_words(st, e, y)}): {figure(short)} reports short."
        )
        where: dict[str, str | int] = {"employer": em, "exam_type": e, "year": y}
        out.append(Finding(ShortfallKind.REPORTING, where, short, "reports", message))
    return out


def salaries_in_post(data: JointData, trust: str, year: int) -> float:
    """The salaries of the staff in post at the start of the plan that ``trust`` pays in
    ``year``, as many of them as attrition leaves (GBP, cash): nobody is made redundant, so no
    plan pays less."""
    st = data.staffing
    shares = data.capital.owner_share
    total = 0.0
    for (em, ro), wte in st.in_post.items():
        share = shares.get(em, {}).get(trust, 0.0)
        role = st.roles[ro]
        total += share * role.salary * wte * (1 - role.attrition) ** (year - st.years[0])
    return total


def revenue_findings(m: pyo.ConcreteModel, data: JointData, instance: Instance) -> list[Finding]:
    """One finding per trust and year whose running costs, staff included, exceed its revenue
    budget (``revenue_overrun``): the spend, the budget, the staff's part and the salaries of
    the staff in post alone."""
    employers = employer_names(instance)
    staff = staff_running_costs(m, data)
    out = []
    for t, y in m.revenue_overrun_index:
        short = clean(pyo.value(m.revenue_overrun[t, y]))
        if short < NOISE_GBP:
            continue
        spend = clean(pyo.value(m.revenue_spend[t, y]))
        in_post = salaries_in_post(data, t, y)
        paid = staff.get((t, y), 0.0)
        parts = [f"{gbp_in_words(paid)} for staff"]
        if in_post > 0:
            parts[0] += (
                f" ({gbp_in_words(in_post)} of it the salaries of the staff in post, who leave "
                "only by attrition)"
            )
        if spend - paid >= NOISE_GBP:
            parts.append(
                f"{gbp_in_words(spend - paid)} for maintenance, in-house scanning and outsourcing"
            )
        message = (
            f"Trust {employers.get(t, t)} is {gbp_in_words(short)} short of revenue in {y}: the "
            f"plan's running costs are {gbp_in_words(spend)} against "
            f"{gbp_in_words(data.capital.revenue_budget[(t, y)])} budgeted: "
            + " and ".join(parts)
            + "."
        )
        out.append(Finding(ShortfallKind.REVENUE, {"trust": t, "year": y}, short, "GBP", message))
    return out


def diagnose_joint(
    instance: Instance,
    options: SolveOptions | None = None,
    penalties: JointShortfall | None = None,
    *,
    start: DecisionRule | None = None,
    fixed: FixedPlan | None = None,
    deadline: Deadline | None = None,
    known_infeasible: bool = False,
) -> Diagnosis:
    """Settle whether a joint plan exists and, when none does, explain the least shortfalls:
    staff hours, skill mix, reports, budgets, demand (see
    :func:`netopt.models.capital.diagnose.diagnose_capital` for the verdict's rules).

    The elastic model starts from the capital decisions ``start`` makes, if given; with
    ``fixed`` its capital decisions are fixed (why a given capital plan cannot be staffed).
    The elastic model's solves leave :data:`~netopt.models.diagnosis.CONFLICT_SHARE` of the
    time limit (the cheapest least-shortfall plan of a network's joint model would take it all):
    when the verdict is infeasible, HiGHS's IIS of the strict model's LP relaxation is searched
    for in it, and the diagnosis says when none was found in time.
    """
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    began = time.perf_counter()
    try:
        with deadline.enforce("building the elastic model"):
            data = build_joint_data(instance, penalties or JointShortfall())
            model = build_joint_model(data, deadline)
            values = capital_decisions_in(model, data, instance, fixed, start)
    except TimeLimitReached as reached:
        report = no_time_report(options, reached.stage)
        return Diagnosis(Verdict.UNDECIDED, [], [], report, time.perf_counter() - began)
    solved = solve_least_shortfall(
        model,
        options,
        elastic_deadline(deadline),
        ZERO_PENALTY,
        values,
        known_infeasible=known_infeasible,
        penalty="joint_shortfall_penalty",
        objective="shortfall_plan_cost",
    )
    if solved.verdict is Verdict.FEASIBLE or not solved.has_plan:
        return Diagnosis(solved.verdict, [], [], solved.report, time.perf_counter() - began)
    tables = extract_joint_tables(model, data)
    findings = [
        *staffing_findings(model, data, instance),
        *skill_mix_findings(model, data, instance),
        *reporting_findings(model, data, instance),
        *budget_findings(model, data.capital, instance, tables),
        *revenue_findings(model, data, instance),
        *demand_findings(model, data.capital),
        *access_findings(model, data.capital),
        *room_findings(model),
        *commitment_findings(model),
    ]
    conflict = NOT_SEARCHED
    if solved.verdict is Verdict.INFEASIBLE:
        conflict = strict_joint_conflict(instance, fixed, deadline)
    return Diagnosis(
        solved.verdict,
        findings,
        report=solved.report,
        seconds=time.perf_counter() - began,
        tables=tables,
        **conflict.diagnosis_fields(conflict_words(instance, data)),
    )


def strict_joint_conflict(
    instance: Instance, fixed: FixedPlan | None, deadline: Deadline
) -> ConflictSearch:
    """The IIS of the strict joint model's LP relaxation (capital decisions fixed by
    ``fixed``, if given) in the time left; not searched when the strict model refuses the
    instance (a modality no role scans: the findings say so) or its building outlasts the
    limit."""
    try:
        with deadline.enforce("building the strict model"):
            data = build_joint_data(instance)
            strict = build_joint_model(data, deadline)
            if fixed is not None:
                fix_capital_decisions(strict, data.capital, fixed(instance, data.capital))
    except InstanceError:
        return NOT_SEARCHED
    except TimeLimitReached:
        return ConflictSearch([], ConflictOutcome.NO_TIME, 0.0)
    return strict_conflict(strict, deadline)


def conflict_words(instance: Instance, data: JointData) -> dict[str, Describer]:
    """The joint model's families in a planner's words, by family (see
    :func:`netopt.models.diagnosis.conflict_in_words`): the capital model's, and the
    workforce years' with employers, sites and roles by name."""
    st = data.staffing
    employers, roles = employer_names(instance), role_names(instance)
    pathways = {p.id: p.name or p.id for p in instance.training_pathways}

    def em(x: Any) -> str:
        return employers.get(str(x), str(x))

    def ro(x: Any) -> str:
        return roles.get(str(x), str(x))

    def limit(i: tuple[Any, ...]) -> str:
        exam_type, year, most = st.report_outsourcing_limits[int(i[0])]
        of = "reports" if exam_type is None else f"{exam_type} reports"
        return f"at most {figure(most)} {of} outsourced in {year} (report outsourcing limit)"

    words = capital_conflict_words(instance, data.capital)
    words.update(
        {
            "headcount_balance": lambda i: (
                f"the {ro(i[1])} WTE of {em(i[0])} in {i[2]} are those of the year before (or in "
                "post) less attrition, plus hires and trainees completing"
            ),
            "recruitment_limit": lambda i: (
                f"{em(i[0])} recruits at most {figure(st.roles[str(i[1])].max_hires_per_year or 0)} "
                f"WTE of {ro(i[1])} starting in {i[2]}"
            ),
            "training_places": lambda i: (
                f"at most {st.pathways[str(i[1])].max_starts_per_year} trainees start "
                f"{pathways.get(str(i[1]), i[1])} at {em(i[0])} in {i[2]}"
            ),
            "training_intake": lambda i: (
                f"{em(i[0])}'s trainees from {ro(i[1])} in {i[2]} come from its staff in post"
            ),
            "clinical_hours": lambda i: (
                f"the work of {em(i[0])}'s {ro(i[1])} in {i[2]} fits their clinical hours and "
                "the agency hours bought"
            ),
            "scanner_staffing": lambda i: (
                f"every hour the {i[1]} scanners of {em(i[0])} run in {i[2]} has its staff "
                f"({st.staff_per_scanner.get(str(i[1]), 1.0):g} per scanner)"
            ),
            "skill_mix": lambda i: (
                f"at most {st.max_assistants_per_scanner.get(str(i[1]), 0.0):g} assistant "
                f"practitioner(s) per {i[1]} scanner of {em(i[0])} in {i[2]}"
            ),
            "exam_reporting": lambda i: (
                f"every {i[1]} exam scanned at {em(i[0])}'s sites in {i[2]} is reported, in "
                "house or outsourced"
            ),
            "report_outsourcing_limit": limit,
            "passport_cover": lambda i: (
                f"{em(i[0])}'s {ro(i[1])} work for {em(i[2])} in {i[3]} only with passports"
            ),
            "passport_holders": lambda i: (
                f"the passports of {em(i[0])}'s {ro(i[1])} to work for {em(i[2])} in {i[3]} are "
                "those held the year before plus those granted"
            ),
            "revenue_budget": lambda i: (
                f"the revenue budget of {em(i[0])} in {i[1]} (running costs, staff included)"
            ),
        }
    )
    return words

"""Sets and coefficients of the joint plan's workforce years (``models/joint.md``): the staffing
block added to the capital model's data.

Employers are the owners of sites (trusts, and ``network`` for a network-owned CDC) and the
employers of staff in post. Every index set is built sparse from the tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from netopt.models.capital.data import CapitalData, Shortfall, build_capital_data
from netopt.schema import InputProblem, Instance, InstanceError, RemoteReportingPassport, Tier

StaffKey = tuple[str, str]
"""(employer, role)."""
WorkKey = tuple[str, str, str, str, int]
"""(employer of the staff, role, employer whose sites the work is for, modality or exam type,
year)."""


@dataclass(frozen=True)
class Role:
    """A staff role's coefficients."""

    id: str
    tier: Tier
    scans: frozenset[str]
    reports: frozenset[str]
    clinical_hours: float
    report_minutes_factor: float
    salary: float
    attrition: float
    hire_cost: float
    hire_lead_years: int
    max_hires_per_year: float | None
    agency_hour_cost: float | None
    max_agency_hours_per_year: float | None


@dataclass(frozen=True)
class Pathway:
    """A training pathway's coefficients."""

    id: str
    from_role: str | None
    to_role: str
    years: int
    cost_per_year: float
    study_share: float
    supervision_hours: float
    supervisor_role: str
    """Role whose staff supervise the trainees (``to_role`` unless given)."""
    completion_rate: float
    max_starts_per_year: int | None


@dataclass(frozen=True)
class JointShortfall:
    """Penalties of the elastic joint model used to explain infeasibility
    (``models/joint.md``, "Elastic model (diagnosis)").

    The capital model's shortfalls are allowed at their penalties (``capital``); the workforce
    years add staff hours, assistant hours and reports short. A staff hour or a report is
    penalised far above anything it could cost (so money is found first: hires, agency,
    outsourcing, a budget overrun at 1 per GBP) and far below an unscanned exam (1e5), so an
    exam that cannot be staffed or reported is shown as the staff or reports missing, not as a
    patient left unscanned.
    """

    capital: Shortfall = field(default_factory=Shortfall)
    """The capital model's penalties (budgets, demand, access, rooms, commitments)."""
    unstaffed_hour: float = 1e3
    """Penalty per hour of scanning staff missing (``unstaffed_hours``)."""
    assistant_hour: float = 5e2
    """Penalty per hour of assistant practitioners' scanning beyond the skill mix
    (``assistant_hours_over``): half a missing hour's, since that staff member exists."""
    unreported_exam: float = 1e3
    """Penalty per exam scanned that is neither reported in house nor outsourced
    (``unreported``)."""
    lent_hour: float = 1e3
    """Weight (GBP) per hour staff work for another employer in the least-shortfall plan shown
    (``shortfall_plan_cost``): above any hour's cost, so staff stay with their own employer
    unless lending them makes the shortfall smaller, and each employer's shortfall is its own
    (with passports, staff moved between employers short alike would give the same least
    shortfall anywhere)."""


@dataclass(frozen=True)
class StaffingData:
    """The workforce years of the joint plan: sets and coefficients (``models/joint.md``)."""

    years: tuple[int, ...]
    discount_factor: dict[int, float]
    employers: tuple[str, ...]
    """Every employer with sites or staff."""
    site_employer: dict[str, str]
    """Site -> the employer whose staff run it (its owner)."""
    roles: dict[str, Role]
    pathways: dict[str, Pathway]
    in_post: dict[StaffKey, float]
    staff_keys: tuple[StaffKey, ...]
    """(employer, role) that can have staff or agency hours."""
    hire_keys: tuple[tuple[str, str, int], ...]
    """(employer, role, year in post) with recruitment possible."""
    train_keys: tuple[tuple[str, str, int], ...]
    """(employer, pathway, start year) with completion within the horizon."""
    agency_keys: tuple[tuple[str, str, int], ...]
    """(employer, role, year) for roles with agency staff to be had."""
    scan_work: tuple[WorkKey, ...]
    """(employer, role, employer scanned for, modality, year)."""
    report_work: tuple[WorkKey, ...]
    """(employer, role, employer reported for, exam type, year)."""
    passport_keys: tuple[tuple[str, str, str, int], ...]
    """(employer, role, other employer, year): passports that may be held."""
    staff_per_scanner: dict[str, float]
    max_assistants_per_scanner: dict[str, float]
    staffed: tuple[tuple[str, str, int], ...]
    """(employer, modality, year): scanning that needs staff."""
    reported: tuple[tuple[str, str, int], ...]
    """(employer, exam type, year): exams scanned at the employer's sites that need reports."""
    report_hours: dict[tuple[str, str], float]
    """(role, exam type) -> hours per report."""
    report_outsourcing_cost: dict[str, float]
    report_outsourcing_limits: tuple[tuple[str | None, int, float], ...]
    """(exam type or None for all, year, most reports): a row of ``report_outsourcing_limits``
    for each year it holds in."""
    remote_reporting_passport: bool
    """Whether reporting for another employer needs a passport."""
    onboarding_cost: float
    shortfall: JointShortfall | None = None
    """None: the strict model. Otherwise the elastic model with these penalties."""


@dataclass(frozen=True)
class JointData:
    """The capital model's data (in-house cost less its staff share) and the staffing block."""

    capital: CapitalData
    staffing: StaffingData


def _roles(instance: Instance) -> dict[str, Role]:
    return {
        r.id: Role(
            id=r.id,
            tier=r.tier,
            scans=frozenset(r.scans),
            reports=frozenset(r.reports),
            clinical_hours=r.clinical_hours,
            report_minutes_factor=r.report_minutes_factor,
            salary=r.salary,
            attrition=r.attrition,
            hire_cost=r.hire_cost,
            hire_lead_years=r.hire_lead_years,
            max_hires_per_year=r.max_hires_per_year,
            agency_hour_cost=r.agency_hour_cost,
            max_agency_hours_per_year=r.max_agency_hours_per_year,
        )
        for r in instance.staff_roles
    }


def _pathways(instance: Instance) -> dict[str, Pathway]:
    return {
        p.id: Pathway(
            id=p.id,
            from_role=p.from_role,
            to_role=p.to_role,
            years=p.years,
            cost_per_year=p.cost_per_year,
            study_share=p.study_share,
            supervision_hours=p.supervision_hours,
            supervisor_role=p.supervisor_role or p.to_role,
            completion_rate=p.completion_rate,
            max_starts_per_year=p.max_starts_per_year,
        )
        for p in instance.training_pathways
    }


def check_staffing_inputs(instance: Instance, capital: CapitalData, strict: bool = True) -> None:
    """Raise :class:`InstanceError` when the instance cannot make a joint plan: no roles, a
    modality scanned in the network with no staffing rule or, when ``strict``, no role that
    scans it, an exam type demanded with no role to report it and no report outsourcing (the
    elastic model shows those two as staff hours and reports short)."""
    problems: list[InputProblem] = []
    if not instance.staff_roles:
        problems.append(
            InputProblem(("staff_roles",), "a joint plan needs staff roles (the table is empty)")
        )
    rules = {r.modality for r in instance.staffing_rules}
    scanned = {capital.exam_modality[e] for (_, _, e, _) in capital.flows}
    scanning = {m for r in instance.staff_roles for m in r.scans}
    reporting = {e for r in instance.staff_roles for e in r.reports}
    for mo in sorted(scanned - rules):
        problems.append(
            InputProblem(
                ("staffing_rules",),
                f"{mo} is scanned in the network but has no staffing rule (staff per scanner)",
            )
        )
    if instance.staff_roles and strict:
        for mo in sorted(scanned - scanning):
            problems.append(
                InputProblem(("staff_roles",), f"no staff role scans {mo}, which is scanned")
            )
    for i, e in enumerate(instance.exam_types):
        demanded = strict and any(k[1] == e.id for k in capital.demand)
        if demanded and e.id not in reporting and e.report_outsourcing_cost is None:
            problems.append(
                InputProblem(
                    ("exam_types", i, "report_outsourcing_cost"),
                    f"no staff role reports {e.id} and its reports cannot be outsourced",
                )
            )
    if problems:
        raise InstanceError(problems)


def build_joint_data(instance: Instance, shortfall: JointShortfall | None = None) -> JointData:
    """The capital model's data with the in-house cost less its staff share (the joint plan
    pays staff their salaries instead), and the staffing block's sets and coefficients; with
    ``shortfall``, for the elastic model that explains infeasibility (scanning no role can
    staff and exams no role can report are then shortfalls, not input errors)."""
    capital = build_capital_data(instance, None if shortfall is None else shortfall.capital)
    check_staffing_inputs(instance, capital, strict=shortfall is None)
    keep = 1.0 - instance.staff_planning.in_house_cost_staff_share
    capital = replace(
        capital, in_house_cost={e: keep * c for e, c in capital.in_house_cost.items()}
    )
    return JointData(capital, build_staffing_data(instance, capital, shortfall))


def assistant_staffed(st: StaffingData) -> list[tuple[str, str, int]]:
    """(employer, modality, year) of ``staffed`` whose scanners assistant practitioners may
    help staff (some assistant role scans the modality there): where ``skill_mix`` applies."""
    helped = {
        (em2, mo, y)
        for _, ro, em2, mo, y in st.scan_work
        if st.roles[ro].tier is Tier.ASSISTANT_PRACTITIONER
    }
    return [k for k in st.staffed if k in helped]


def build_staffing_data(
    instance: Instance, capital: CapitalData, shortfall: JointShortfall | None = None
) -> StaffingData:
    """The staffing block's sets and coefficients for ``instance``, given the capital data
    (years, flows, sites that can host each modality); ``shortfall``: the elastic model's
    penalties."""
    years = capital.years
    y0 = years[0]
    roles = _roles(instance)
    pathways = _pathways(instance)
    site_employer = {s.id: s.owner for s in instance.sites}
    in_post = {(r.employer, r.role): r.wte for r in instance.staff_in_post}
    employers = tuple(sorted(set(site_employer.values()) | {em for em, _ in in_post}))
    has_sites = set(site_employer.values())

    into = {p.to_role for p in pathways.values()} | {p.supervisor_role for p in pathways.values()}
    staff_keys = sorted(
        (em, ro.id)
        for em in employers
        for ro in roles.values()
        if in_post.get((em, ro.id), 0) > 0
        or (
            em in has_sites
            and (ro.max_hires_per_year != 0 or ro.id in into or ro.agency_hour_cost is not None)
        )
    )
    keyset = set(staff_keys)
    hire_keys = [
        (em, ro, y)
        for em, ro in staff_keys
        if em in has_sites and roles[ro].max_hires_per_year != 0
        for y in years
        if y - roles[ro].hire_lead_years >= y0
    ]
    train_keys = [
        (em, p.id, y)
        for em in employers
        for p in pathways.values()
        if (em, p.to_role) in keyset
        and ((p.from_role is None and em in has_sites) or (em, p.from_role or "") in keyset)
        and p.max_starts_per_year != 0
        for y in years
        if y + p.years <= years[-1]
    ]
    agency_keys = [
        (em, ro, y)
        for em, ro in staff_keys
        if em in has_sites and roles[ro].agency_hour_cost is not None
        for y in years
    ]

    # What needs staff: modalities and exam types scanned at each employer's sites.
    hosts: dict[str, set[str]] = defaultdict(set)  # employer -> modalities its sites can host
    for (s, mo), n in capital.max_units.items():
        if n > 0:
            hosts[site_employer[s]].add(mo)
    scanned_types: dict[str, set[str]] = defaultdict(set)
    for _, s, e, _ in capital.flows:
        scanned_types[site_employer[s]].add(e)
    staffed = [(em, mo, y) for em in sorted(hosts) for mo in sorted(hosts[em]) for y in years]
    reported = [
        (em, e, y) for em in sorted(scanned_types) for e in sorted(scanned_types[em]) for y in years
    ]

    settings = instance.staff_planning
    cross = settings.cross_employer_passports
    remote_needs_passport = settings.remote_reporting_passport is RemoteReportingPassport.REQUIRED
    scan_work = [
        (em, ro, em2, mo, y)
        for em, ro in staff_keys
        for mo in sorted(roles[ro].scans)
        for em2 in sorted(hosts)
        if mo in hosts[em2] and (em2 == em or cross)
        for y in years
    ]
    report_work = [
        (em, ro, em2, e, y)
        for em, ro in staff_keys
        for e in sorted(roles[ro].reports)
        for em2 in sorted(scanned_types)
        if e in scanned_types[em2] and (em2 == em or cross or not remote_needs_passport)
        for y in years
    ]
    passport_keys = {(em, ro, em2, y) for em, ro, em2, _, y in scan_work if em2 != em}
    if remote_needs_passport:
        passport_keys |= {(em, ro, em2, y) for em, ro, em2, _, y in report_work if em2 != em}

    exam_minutes = {e.id: e.report_minutes for e in instance.exam_types}
    report_hours = {
        (ro.id, e): exam_minutes[e] * ro.report_minutes_factor / 60
        for ro in roles.values()
        for e in ro.reports
    }
    rules = {r.modality: r for r in instance.staffing_rules}
    limits = tuple(
        (r.exam_type, y, r.max_reports)
        for r in instance.report_outsourcing_limits
        for y in r.years(instance.years)
    )
    return StaffingData(
        years=years,
        discount_factor=capital.discount_factor,
        employers=employers,
        site_employer=site_employer,
        roles=roles,
        pathways=pathways,
        in_post=in_post,
        staff_keys=tuple(staff_keys),
        hire_keys=tuple(hire_keys),
        train_keys=tuple(train_keys),
        agency_keys=tuple(agency_keys),
        scan_work=tuple(scan_work),
        report_work=tuple(report_work),
        passport_keys=tuple(sorted(passport_keys)),
        staff_per_scanner={mo: float(r.staff_per_scanner) for mo, r in rules.items()},
        max_assistants_per_scanner={
            mo: float(r.max_assistants_per_scanner) for mo, r in rules.items()
        },
        staffed=tuple(staffed),
        reported=tuple(reported),
        report_hours=report_hours,
        report_outsourcing_cost={
            e.id: e.report_outsourcing_cost
            for e in instance.exam_types
            if e.report_outsourcing_cost is not None
        },
        report_outsourcing_limits=limits,
        remote_reporting_passport=remote_needs_passport,
        onboarding_cost=instance.workforce.onboarding_cost,
        shortfall=shortfall,
    )

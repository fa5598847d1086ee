"""What the joint verifier derives from the instance alone for the workforce years, written
independently of the model code.

The conventions are those of ``models/joint.md``: the plan years and discount factors are the
capital plan's; an employer is a site's owner (a trust, or ``network``) or the employer of staff
in post; within an employer staff are pooled across its sites. Who may do what follows the
index sets of ``models/joint.md``: an employer has a role (``staff_keys``) when it has WTE of it
in post, or has sites and can recruit, train into (or supervise trainees of) or buy agency
hours of it; it recruits only
with sites, where the role can be recruited, from ``lead`` years after the first plan year; it
trains where it has the pathway's roles (sites, for a pathway from outside) and trainees finish
by the last plan year; and its staff work for another employer only with passports the
settings allow.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from netopt.schema import (
    Instance,
    RemoteReportingPassport,
    StaffRole,
    Tier,
    TrainingPathway,
)
from netopt.verify.capital.reference import Reference


@dataclass(frozen=True)
class StaffingReference:
    """Instance data of the workforce years in the form the checks look up."""

    capital: Reference
    """The capital plan's reference (the in-house cost less its staff share)."""
    years: tuple[int, ...]
    first: int
    last: int
    site_employer: dict[str, str]
    """Site -> its owner, whose staff run it."""
    employers: frozenset[str]
    """Every employer: the sites' owners and the employers of staff in post."""
    with_sites: frozenset[str]
    roles: dict[str, StaffRole]
    pathways: dict[str, TrainingPathway]
    in_post: dict[tuple[str, str], float]
    """(employer, role) -> WTE in post at the start of the first plan year."""
    staff_keys: frozenset[tuple[str, str]]
    """(employer, role) that may have staff or agency hours."""
    hosts: dict[str, frozenset[str]]
    """Employer -> modalities its sites can host (rooms or new rooms)."""
    staff_per_scanner: dict[str, int]
    max_assistants: dict[str, int]
    report_outsourcing_cost: dict[str, float]
    """Exam type -> price of an outsourced report, for the exam types that can be outsourced."""
    outsourcing_limits: tuple[tuple[str | None, int, float, int], ...]
    """(exam type, or None for all, year, most reports outsourced network-wide, the row of
    ``report_outsourcing_limits`` it comes from, from 1): one for each year a row holds in
    (its year, or every plan year from it with ``onwards``)."""
    cross_employer: bool
    """Whether passports to other employers may be granted at all."""
    remote_needs_passport: bool
    """Whether reporting another employer's exams needs a passport to it."""
    onboarding_cost: float
    """GBP per WTE granted a passport."""

    def df(self, year: int) -> float:
        """Discount factor of money in ``year`` (the capital plan's)."""
        return self.capital.df(year)

    def report_hours(self, role: StaffRole, exam_type: str) -> float:
        """Hours one report of ``exam_type`` takes the role's staff."""
        exam = self.capital.exam_types[exam_type]
        return exam.report_minutes * role.report_minutes_factor / 60.0

    def report_hours_range(self, role: StaffRole) -> tuple[float, float]:
        """The fewest and most hours a report takes the role's staff, over the exam types it
        reports ((0, 0) when it reports none)."""
        hours = [self.report_hours(role, e) for e in role.reports if e in self.capital.exam_types]
        return (min(hours), max(hours)) if hours else (0.0, 0.0)

    def assistant(self, role: str) -> bool:
        """Whether the role is of the assistant practitioner tier (the skill-mix limit)."""
        found = self.roles.get(role)
        return found is not None and found.tier is Tier.ASSISTANT_PRACTITIONER

    def no_hiring(self, employer: str, role: str, year: int) -> str | None:
        """Why ``employer`` cannot recruit ``role`` into post in ``year`` (None: it can)."""
        found = self.roles[role]
        if employer not in self.with_sites:
            return f"{employer} has no sites to recruit staff for"
        if found.max_hires_per_year == 0:
            return f"{role} cannot be recruited (max_hires_per_year 0)"
        decided = year - found.hire_lead_years
        if decided < self.first:
            return (
                f"recruiting {role} takes {found.hire_lead_years} year(s), so a start in post in "
                f"{year} would be decided in {decided}, before the first plan year {self.first}"
            )
        return None

    def no_training(self, employer: str, pathway: str, year: int) -> str | None:
        """Why ``employer`` cannot start trainees on ``pathway`` in ``year`` (None: it can)."""
        found = self.pathways[pathway]
        if (employer, found.to_role) not in self.staff_keys:
            return f"{employer} cannot employ {found.to_role}, the role trainees join"
        if found.from_role is None and employer not in self.with_sites:
            return f"{employer} has no sites to take apprentices on"
        if found.from_role is not None and (employer, found.from_role) not in self.staff_keys:
            return f"{employer} has no {found.from_role} staff to train"
        if found.max_starts_per_year == 0:
            return f"{pathway} has no places (max_starts_per_year 0)"
        if year + found.years > self.last:
            return (
                f"{pathway} takes {found.years} year(s), so trainees starting in {year} would "
                f"complete after the last plan year {self.last}"
            )
        return None

    def no_agency(self, employer: str, role: str) -> str | None:
        """Why ``employer`` cannot buy agency hours of ``role`` (None: it can)."""
        if (employer, role) not in self.staff_keys:
            return f"{employer} cannot employ {role}"
        if employer not in self.with_sites:
            return f"{employer} has no sites to buy agency staff for"
        if self.roles[role].agency_hour_cost is None:
            return f"{role} has no agency_hour_cost: no agency staff are to be had"
        return None

    def no_passport(self, employer: str, role: str, works_for: str) -> str | None:
        """Why ``employer``'s staff of ``role`` cannot hold a passport to work for
        ``works_for`` (None: they can)."""
        found = self.roles.get(role)
        if found is None or (employer, role) not in self.staff_keys:
            return f"{employer} cannot employ {role}"
        if works_for == employer:
            return "a passport is to work for another employer"
        if not self.cross_employer:
            return "the instance grants no passports across employers (cross_employer_passports)"
        hosted = self.hosts.get(works_for, frozenset())
        scans = bool(set(found.scans) & hosted)
        reports = self.remote_needs_passport and any(
            self.capital.exam_types[e].modality in hosted
            for e in found.reports
            if e in self.capital.exam_types
        )
        if not (scans or reports):
            return f"{role} has no work at {works_for}'s sites that needs a passport"
        return None


def supervisor(pathway: TrainingPathway) -> str:
    """The role whose staff supervise the pathway's trainees: its ``supervisor_role``, else
    the role they join."""
    return pathway.supervisor_role or pathway.to_role


def staff_keys(
    roles: dict[str, StaffRole],
    pathways: dict[str, TrainingPathway],
    in_post: dict[tuple[str, str], float],
    employers: frozenset[str],
    with_sites: frozenset[str],
) -> frozenset[tuple[str, str]]:
    """(employer, role) that may have staff: WTE in post, or sites and a role that can be
    recruited, trained into, supervises trainees or can be bought from agencies."""
    into = {p.to_role for p in pathways.values()} | {supervisor(p) for p in pathways.values()}
    return frozenset(
        (em, ro.id)
        for em in employers
        for ro in roles.values()
        if in_post.get((em, ro.id), 0.0) > 0
        or (
            em in with_sites
            and (ro.max_hires_per_year != 0 or ro.id in into or ro.agency_hour_cost is not None)
        )
    )


def build_staffing_reference(instance: Instance, capital: Reference) -> StaffingReference:
    """Derive everything the staffing checks need from the instance (and the capital
    reference built from it)."""
    site_employer = {s.id: s.owner for s in instance.sites}
    in_post: dict[tuple[str, str], float] = defaultdict(float)
    for row in instance.staff_in_post:
        in_post[(row.employer, row.role)] += row.wte
    with_sites = frozenset(site_employer.values())
    employers = with_sites | {em for em, _ in in_post}
    roles = {r.id: r for r in instance.staff_roles}
    pathways = {p.id: p for p in instance.training_pathways}
    hosts: dict[str, set[str]] = defaultdict(set)
    for (site, modality), _ in capital.rooms.items():
        if capital.can_host(site, modality):
            hosts[site_employer[site]].add(modality)
    settings = instance.staff_planning
    years = capital.years
    return StaffingReference(
        capital=capital,
        years=years,
        first=years[0],
        last=years[-1],
        site_employer=site_employer,
        employers=employers,
        with_sites=with_sites,
        roles=roles,
        pathways=pathways,
        in_post=dict(in_post),
        staff_keys=staff_keys(roles, pathways, in_post, employers, with_sites),
        hosts={em: frozenset(m) for em, m in hosts.items()},
        staff_per_scanner={r.modality: r.staff_per_scanner for r in instance.staffing_rules},
        max_assistants={r.modality: r.max_assistants_per_scanner for r in instance.staffing_rules},
        report_outsourcing_cost={
            e.id: e.report_outsourcing_cost
            for e in instance.exam_types
            if e.report_outsourcing_cost is not None
        },
        outsourcing_limits=tuple(
            (r.exam_type, y, r.max_reports, row)
            for row, r in enumerate(instance.report_outsourcing_limits, start=1)
            for y in instance.years
            if y == r.year or (r.onwards and y > r.year)
        ),
        cross_employer=settings.cross_employer_passports,
        remote_needs_passport=(
            settings.remote_reporting_passport is RemoteReportingPassport.REQUIRED
        ),
        onboarding_cost=instance.workforce.onboarding_cost,
    )


def in_house_less_staff(instance: Instance) -> Instance:
    """``instance`` as the joint plan's capital part costs it: each exam type's
    ``in_house_cost`` times ``keep = 1 - staff_planning.in_house_cost_staff_share`` (the staff
    are paid their salaries instead, ``models/joint.md``). Every capital table of a joint plan
    (``costs.csv``, ``trust_costs.csv``, ``scanning_split.csv``, ``revenue.csv``) counts it so."""
    keep = 1.0 - instance.staff_planning.in_house_cost_staff_share
    if keep == 1.0:
        return instance
    exam_types = [
        e.model_copy(update={"in_house_cost": keep * e.in_house_cost}) for e in instance.exam_types
    ]
    return instance.model_copy(update={"exam_types": exam_types})

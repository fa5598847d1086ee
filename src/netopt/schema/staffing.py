"""The staffing tables of an instance: the workforce over the plan years, for the joint plan.

The weekly workforce tables (:mod:`netopt.schema.workforce`) roster one typical week. These
tables plan the workforce year by year over the capital horizon, in whole-time equivalents
(WTE) as NHS workforce plans are: the staff roles, the WTE in post at each employer at the
start, recruitment, training pathways between roles, agency staff, and limits on reporting
outsourced. ``netopt solve joint`` plans them together with the scanners (``models/joint.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from netopt.schema.base import (
    MAX_NETWORK_EXAMS,
    Fraction,
    Id,
    Money,
    Name,
    Record,
    UnitCost,
    WholeNumber,
    Year,
)
from netopt.schema.workforce import RemoteReportingPassport, Tier

MAX_WTE = 1e5
"""WTE of one role at one employer, at most (the whole NHS employs about 1.4 million)."""
HOURS_PER_YEAR = 8784.0
"""Hours in a leap year: no one works more clinical hours a year."""


class StaffPlanning(Record):
    """Settings of the multi-year workforce plan of the joint plan."""

    in_house_cost_staff_share: Fraction = 0.0
    """Share of the exam types' ``in_house_cost`` that is staff pay. The joint plan counts staff
    by their salaries, so it keeps only the rest of the in-house cost (consumables, contrast)
    to count nothing twice; 0: the in-house cost holds no staff pay."""
    remote_reporting_passport: RemoteReportingPassport = RemoteReportingPassport.NOT_REQUIRED
    """Whether staff reporting another employer's exams need a passport to it (see
    :class:`RemoteReportingPassport`). Scanning at another employer's sites always does."""
    cross_employer_passports: bool = True
    """Whether passports to other employers may be granted at all (the network's passport
    agreement); false: each employer staffs and reports its own sites' exams alone (plus
    reporting outsourced, and remote reporting when no passport is required)."""


class StaffRole(Record):
    """A staff role of the workforce plan: a tier, the modalities its staff scan and the exam
    types they report, with its costs and labour market."""

    id: Id
    """Role id (e.g. ``ct-radiographer``)."""
    name: Name = ""
    """Description."""
    tier: Tier
    """Skill-mix tier; assistant practitioners count towards the skill-mix limit."""
    scans: list[Id] = Field(default_factory=list)
    """Modalities its staff scan."""
    reports: list[Id] = Field(default_factory=list)
    """Exam types its staff report."""
    clinical_hours: float = Field(
        strict=True, default=1650.0, ge=1, le=HOURS_PER_YEAR, allow_inf_nan=False
    )
    """Hours of clinical work (scanning, reporting, supervising) one WTE gives a year, net of
    leave, training and non-clinical time."""
    report_minutes_factor: float = Field(
        strict=True, default=1.0, ge=0.1, le=10, allow_inf_nan=False
    )
    """Minutes per report relative to the exam types' ``report_minutes`` (1.3: a reporting
    radiographer taking 30% longer than a consultant)."""
    salary: Money = 0.0
    """Annual employment cost of one WTE (GBP): pay and employer on-costs."""
    attrition: float = Field(strict=True, default=0.0, ge=0, le=0.9, allow_inf_nan=False)
    """Share of the WTE in post leaving each year (retirement and turnover)."""
    hire_cost: Money = 0.0
    """One-off cost of recruiting one WTE (GBP): advertising, agency fees, relocation."""
    hire_lead_years: WholeNumber = Field(default=0, ge=0, le=10)
    """Years from the decision to hire to the start in post (international recruitment: 1)."""
    max_hires_per_year: float | None = Field(
        strict=True, default=None, ge=0, le=MAX_WTE, allow_inf_nan=False
    )
    """Most WTE one employer can recruit into the role a year (the labour market); empty: no
    limit."""
    agency_hour_cost: UnitCost | None = None
    """Cost of one hour of agency or locum staff in the role (GBP); empty: none to be had."""
    max_agency_hours_per_year: float | None = Field(
        strict=True, default=None, ge=0, le=MAX_WTE * HOURS_PER_YEAR, allow_inf_nan=False
    )
    """Most agency or locum hours of the role one employer can buy a year (locum radiologists
    are scarce); empty: as many as needed."""


class StaffInPost(Record):
    """The WTE of a role an employer has in post at the start of the first plan year."""

    employer: Id
    """A trust id, or ``network`` for staff the network employs (e.g. at its CDC)."""
    role: Id
    """Role id."""
    wte: float = Field(strict=True, ge=0, le=MAX_WTE, allow_inf_nan=False)
    """Whole-time equivalents in post."""


class TrainingPathway(Record):
    """A training pathway into a role: from another role (a radiographer training to report)
    or from outside (an apprenticeship)."""

    id: Id
    """Pathway id."""
    name: Name = ""
    """Description."""
    from_role: Id | None = None
    """Role trainees come from (they stay in it while training); empty: recruited into
    training (an apprentice)."""
    to_role: Id
    """Role trainees join on completing."""
    years: WholeNumber = Field(ge=1, le=10)
    """Years of training."""
    cost_per_year: Money = 0.0
    """Cost of one trainee a year (GBP): fees, backfill; for a pathway from outside, the
    apprentice's pay too."""
    study_share: Fraction = 0.0
    """Share of a trainee's clinical hours spent studying (not working in the role they come
    from)."""
    supervision_hours: float = Field(
        strict=True, default=0.0, ge=0, le=HOURS_PER_YEAR, allow_inf_nan=False
    )
    """Hours a year of supervision each trainee needs from staff of ``supervisor_role`` at the
    same employer."""
    supervisor_role: Id | None = None
    """Role that supervises trainees (e.g. consultant radiologists for reporting
    radiographers); empty: ``to_role``."""
    completion_rate: Fraction = 1.0
    """Share of trainees who complete (the rest stay where they were, or leave)."""
    max_starts_per_year: WholeNumber | None = Field(default=None, ge=0, le=10_000)
    """Most trainees one employer can start a year (places, funding); empty: no limit."""


class ReportOutsourcingLimit(Record):
    """The most reports the network may outsource in a year, or every year from one on (a
    policy target: "stop outsourcing CT head reports by 2030" is ``{year: 2030, exam_type:
    CT-head, max_reports: 0, onwards: true}``)."""

    year: Year
    """Plan year (with ``onwards``: the first of the years the limit holds)."""
    exam_type: Id | None = None
    """Exam type; empty: every exam type together."""
    max_reports: float = Field(strict=True, ge=0, le=MAX_NETWORK_EXAMS, allow_inf_nan=False)
    """Reports outsourced in the year, network-wide, at most."""
    onwards: bool = False
    """Whether the limit holds in every plan year from ``year`` on; false: in ``year`` only.
    Where rows overlap, every limit holds (the smallest binds)."""

    def years(self, plan_years: Sequence[int]) -> list[int]:
        """The plan years the limit holds in."""
        return [y for y in plan_years if y == self.year or (self.onwards and y > self.year)]


__all__ = [
    "RemoteReportingPassport",
    "ReportOutsourcingLimit",
    "StaffInPost",
    "StaffPlanning",
    "StaffRole",
    "TrainingPathway",
]

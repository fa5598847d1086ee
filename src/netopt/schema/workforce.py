"""The workforce tables of an instance: staff, the weekly session template, scanner sessions,
staffing rules, reporting demand, image-transfer links and the workforce policy.

They sit in the same instance as the capital tables and use the same ids (sites, modalities,
exam types). A week is the planning period of the workforce plan: the roster is a typical
week, costs are per year (``weeks_per_year`` weeks plus one-off onboarding).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, field_validator

from netopt.schema.base import (
    DAY_MINUTES,
    MIN_TASK_MINUTES,
    TIME_PATTERN,
    CostPerMinute,
    Id,
    Name,
    Record,
    UnitCost,
    WholeNumber,
    Year,
)

HOME_PLACE = "home"
"""The place of the workforce plan "at home" (reporting over the image-sharing platform)."""
OFF_PLACE = "off"
"""The place of the workforce plan "not working"."""
RESERVED_PLACES = (HOME_PLACE, OFF_PLACE)
"""Place names no site may take."""
MAX_PREMIUM = 2.0
"""Largest unsocial-hours enhancement of a session, as a share of its basic pay (double time
on top of time: triple pay)."""


class Tier(StrEnum):
    """The four-tier skill mix of the imaging workforce (Department of Health, 2003)."""

    ASSISTANT_PRACTITIONER = "assistant_practitioner"
    """Scans under supervision; counts towards a scanner's staff up to the skill-mix limit;
    does not report."""
    RADIOGRAPHER = "radiographer"
    """Practitioner: scans the modalities they are trained in."""
    ADVANCED_PRACTITIONER = "advanced_practitioner"
    """Advanced or reporting practitioner: scans and may report the exam types listed for
    them in ``staff_reporting``."""
    CONSULTANT_RADIOLOGIST = "consultant_radiologist"
    """Reports; does not staff scanner sessions."""


class Day(StrEnum):
    """A day of the week."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday ... 6 for Sunday."""
        return list(Day).index(self)


class PassportPolicy(StrEnum):
    """Where staff may be granted a passport to work, beyond their home site and the
    passports they already hold."""

    NONE = "none"
    """No new passports."""
    TRUST = "trust"
    """Any site of the trust that owns the staff member's home site."""
    NETWORK = "network"
    """Any site of the network, network-owned sites included."""
    LIST = "list"
    """Only the (staff, site) pairs listed in ``passport_options``."""


class RemoteReportingPassport(StrEnum):
    """Whether reporting another employer's exams over the network's image sharing needs a
    passport to that employer."""

    REQUIRED = "required"
    """Like working at its sites: a passport (honorary contract, indemnity) to that employer."""
    NOT_REQUIRED = "not_required"
    """Reporting over the shared worklist needs none (a network reporting agreement)."""


class WorkforceSettings(Record):
    """Settings of the workforce plan: which year it is for and the workforce policy."""

    year: Year | None = None
    """Plan year whose demand and fleet the roster serves; empty: the first plan year."""
    weeks_per_year: float = Field(strict=True, default=52.0, ge=1, le=53, allow_inf_nan=False)
    """Weeks a year the typical week is worked; weekly costs times this give annual costs and
    annual demand divided by it gives weekly demand."""
    passport_policy: PassportPolicy = PassportPolicy.NONE
    """``none``, ``trust``, ``network`` or ``list`` (see :class:`PassportPolicy`)."""
    onboarding_cost: UnitCost = 0.0
    """One-off cost of granting one person a passport to one site (GBP): induction,
    IT accounts, honorary contract."""
    remote_reporting_passport: RemoteReportingPassport = RemoteReportingPassport.NOT_REQUIRED
    """Whether reporting exams acquired at another trust's sites (sent over a transfer link,
    read from home, or at a site) needs a passport to that trust: one held or granted to any
    of its sites (see :class:`RemoteReportingPassport`); the trust owning the staff member's
    home site needs none. Working at a site always needs a passport to it."""
    passports_per_person: bool = False
    """Whether a passport may be granted to some people of a staff row (a cohort split: the
    plan chooses how many, each onboarded at ``onboarding_cost``); false: a passport goes to
    the whole row."""
    max_travel_minutes_between_sessions: float | None = Field(
        strict=True, default=None, ge=0, le=DAY_MINUTES, allow_inf_nan=False
    )
    """Longest trip between two consecutive sessions worked at different places on the same
    day (minutes); empty: no limit."""
    travel_cost_per_minute: CostPerMinute = 0.0
    """Cost of one minute of staff travel during the working day (GBP/min): between sessions,
    and from the home site to the first place of the day and back."""
    turnaround_days: WholeNumber = Field(default=28, ge=1, le=366)
    """Reporting standard: an exam acquired on a day is reported by the end of that day plus
    ``turnaround_days - 1`` days (28: the national four-week standard)."""
    backlog_cost: UnitCost = 10000.0
    """Penalty per exam not reported within the standard (GBP); it makes the plan meet the
    standard whenever staff, insourcing and outsourcing can, and shows the backlog where they
    cannot."""
    max_sessions_per_day: WholeNumber | None = Field(default=None, ge=1, le=24)
    """Most sessions one person works in a day (e.g. 2: a day shift; 3 lets a person add an
    evening); empty: no limit beyond one place per session."""
    min_rest_hours: float | None = Field(
        strict=True, default=None, ge=0, le=24, allow_inf_nan=False
    )
    """Least rest between the end of a person's last session of a day and the start of their
    first session of a later day (hours); 11: the daily rest of the Working Time Regulations
    1998 (no morning session after a late evening one); empty: no rule."""
    scan_from_sessions: bool = False
    """Tie the exams acquired to the scanner sessions staffed: a scanner session may be left
    not run (it then needs no staff), the exams a site acquires of a modality on a day must
    fit the scan minutes (exam types' ``scan_minutes``) of the sessions it runs that day, and
    the exams left unscanned are bought from an independent-sector provider (scanned and
    reported there) at the exam type's ``outsourcing_cost``, or count at the ``backlog_cost``
    when it has none. False: every scanner session runs and the exams acquired are the
    reporting demand."""
    scanner_sessions_from_fleet: bool = True
    """For a site and modality with no ``scanner_sessions`` rows: run every scanning session
    of the template with every scanner of the fleet in service in the plan year."""


class Session(Record):
    """A session of the weekly template (e.g. Monday AM)."""

    day: Day
    """Day of the week."""
    session: Id
    """Session id within the day (e.g. ``am``, ``pm``, ``eve``)."""
    start: str = Field(pattern=TIME_PATTERN)
    """Start time, ``HH:MM`` (orders the sessions of a day)."""
    minutes: float = Field(strict=True, ge=1, le=DAY_MINUTES, allow_inf_nan=False)
    """Length (minutes), e.g. 240 for a four-hour programmed activity."""
    scanning: bool = True
    """Whether scanners run in this session when sessions come from the fleet."""
    premium: float = Field(strict=True, default=0.0, ge=0, le=MAX_PREMIUM, allow_inf_nan=False)
    """Unsocial-hours enhancement for working this session, as a share of the session's basic
    pay (staff ``session_pay``): Agenda for Change bands 4-9 in England pay time plus 30% for
    Saturdays and weekday nights (20:00-06:00) and time plus 60% for Sundays and bank holidays,
    so a Saturday session is 0.3, a Sunday one 0.6 and a 17:00-21:00 weekday session 0.075 (one
    hour of four at 30%). The contracted sessions are paid anyway: only this enhancement is an
    extra cost. For an ``on_call`` session: the availability payment as a share of a session's
    basic pay. 0: no enhancement."""
    on_call: bool = False
    """Whether staff cover this session on call (available to be called in) instead of being
    rostered on site: a person covering it uses none of their contracted or extra sessions and
    costs ``premium`` x their ``session_pay`` (the availability payment); work done when
    called in is not modelled."""

    @field_validator("start", mode="before")
    @classmethod
    def _time_cell(cls, value: object) -> object:
        # A spreadsheet cell typed 08:00 arrives as a time of day.
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        return value

    @property
    def start_minute(self) -> int:
        """Minutes after midnight the session starts."""
        hours, minutes = self.start.split(":")
        return 60 * int(hours) + int(minutes)


class ScannerSession(Record):
    """Scanners of one modality that run at a site in one template session."""

    site: Id
    """Site id."""
    modality: Id
    """Modality id."""
    day: Day
    """Day of the week."""
    session: Id
    """Session id (a session of the template on that day)."""
    scanners: WholeNumber = Field(default=1, ge=0, le=1000)
    """Scanners running; each needs its staff (see ``staffing_rules``)."""


class StaffingRule(Record):
    """Acquisition staffing for one modality: who each running scanner needs."""

    modality: Id
    """Modality id."""
    staff_per_scanner: WholeNumber = Field(ge=1, le=20)
    """Staff scanning per running scanner, assistant practitioners included."""
    max_assistants_per_scanner: WholeNumber = Field(default=0, ge=0, le=20)
    """How many of them may be assistant practitioners (skill-mix rule)."""


class Staff(Record):
    """A staff member, or a cohort of identical staff who share a job plan."""

    id: Id
    """Staff or cohort id."""
    name: Name = ""
    """Name or description."""
    count: WholeNumber = Field(default=1, ge=1, le=1000)
    """People in the cohort. They share home site, skills and passports, and their contracted
    and extra sessions are pooled (give one row per person for personal limits)."""
    home_site: Id
    """Site the staff member is employed at (their base)."""
    tier: Tier
    """Skill-mix tier (see :class:`Tier`)."""
    sessions: WholeNumber = Field(ge=0, le=21)
    """Contracted sessions per person per week."""
    max_extra_sessions: WholeNumber = Field(default=0, ge=0, le=21)
    """Insourcing: extra paid sessions a person may work per week on top of the contract."""
    extra_session_cost: UnitCost = 0.0
    """Insourcing premium rate: cost of one extra session (GBP)."""
    session_pay: UnitCost = 0.0
    """Basic pay of one session worked, with employer on-costs (GBP): what a session's
    unsocial-hours ``premium`` (and an on-call session's availability payment) is a share of.
    0: no unsocial-hours costs for this staff row."""
    scans: list[Id] = Field(default_factory=list)
    """Modalities the staff member may scan (acquisition skills)."""
    home_reporting: bool = False
    """Whether they may report from home (over the network's image-sharing platform)."""
    passports: list[Id] = Field(default_factory=list)
    """Sites, other than the home site, where they already hold a passport."""
    role: Id | None = None
    """The staff role of the joint plan (``staff_roles``) the row belongs to: rostering a
    joint plan's year (``--capital-plan`` with a joint plan's result folder), the row's count
    grows or shrinks with that role's WTE at its employer since the first plan year, and a
    row of the role is the job plan copied for its people at employers with no row of it and
    for its agency hours (``models/workforce.md``)."""


class StaffReporting(Record):
    """A reporting skill: an exam type a staff member reports, and how fast."""

    staff: Id
    """Staff id."""
    exam_type: Id
    """Exam type id."""
    minutes_per_report: float | None = Field(
        strict=True, default=None, ge=MIN_TASK_MINUTES, le=DAY_MINUTES, allow_inf_nan=False
    )
    """Minutes this person takes per report; empty: the exam type's ``report_minutes``."""


class PassportOption(Record):
    """A passport that may be granted when ``passport_policy`` is ``list``."""

    staff: Id
    """Staff id."""
    site: Id
    """Site id."""


class TransferLink(Record):
    """An image-transfer link between two sites (undirected), with its capacity."""

    origin: Id
    """Site id at one end."""
    destination: Id
    """Site id at the other end."""
    studies_per_day: float | None = Field(
        strict=True, default=None, ge=0, le=1e6, allow_inf_nan=False
    )
    """Studies the link carries per day in each direction; empty: no limit."""


class ReportingDemand(Record):
    """Exams of one type acquired at a site per week, each to be reported."""

    site: Id
    """Site where the exams are acquired."""
    exam_type: Id
    """Exam type id."""
    exams_per_week: float = Field(strict=True, ge=0, le=200_000, allow_inf_nan=False)
    """Exams acquired per week."""


__all__ = [
    "Day",
    "PassportOption",
    "PassportPolicy",
    "RemoteReportingPassport",
    "ReportingDemand",
    "ScannerSession",
    "Session",
    "Staff",
    "StaffReporting",
    "StaffingRule",
    "Tier",
    "TransferLink",
    "WorkforceSettings",
]

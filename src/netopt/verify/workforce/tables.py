"""A workforce plan's result tables as typed rows: every column netopt writes, one field each.

Weekly figures are per week of the typical week; money is annual GBP. Reading goes through
:mod:`netopt.verify.files`, so every problem is located and nothing raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netopt.schema import Day
from netopt.verify.files import CsvTable, FileProblem, read_table
from netopt.verify.sites import SiteRow

HOME = "home"
"""The place "at home" (reporting over the image-sharing platform)."""
SCAN, REPORT = "scan", "report"
DAYS = tuple(d.value for d in Day)
"""The days of the week in order; the week is a cycle."""


def place_text(place: str) -> str:
    """``home`` or ``site X``."""
    return "home" if place == HOME else f"site {place}"


@dataclass(frozen=True)
class RosterRow:
    """A row of ``roster.csv``: one person working one session."""

    staff: str
    person: int
    day: str
    session: str
    place: str
    activity: str
    modality: str | None
    line: int = 0

    @property
    def slot(self) -> str:
        return f"{self.day} {self.session}"

    @property
    def who(self) -> str:
        return f"{self.staff} person {self.person}"


@dataclass(frozen=True)
class ReportingRow:
    """A row of ``reporting.csv``: reports a cohort makes at a place on a day."""

    staff: str
    place: str
    day: str
    exam_type: str
    reports: float
    minutes: float
    line: int = 0


@dataclass(frozen=True)
class RoutedRow:
    """A row of ``reporting_flows.csv``: exams acquired at ``site`` sent to ``place``."""

    site: str
    place: str
    exam_type: str
    day: str
    exams: float
    line: int = 0


@dataclass(frozen=True)
class LinkFlowRow:
    """A row of ``link_flows.csv``: studies over a link in one direction on a day."""

    origin: str
    destination: str
    day: str
    studies: float
    capacity: float | None
    """The link's studies a day (empty: no limit)."""
    line: int = 0


@dataclass(frozen=True)
class OutsourcedReportRow:
    """A row of ``outsourced.csv``."""

    site: str
    exam_type: str
    day: str
    reports: float
    annual_cost: float
    line: int = 0


@dataclass(frozen=True)
class InsourcedRow:
    """A row of ``insourced.csv``: extra sessions a week bought from a cohort."""

    staff: str
    tier: str
    extra_sessions: float
    annual_cost: float
    line: int = 0


@dataclass(frozen=True)
class PassportRow:
    """A row of ``passports.csv``."""

    staff: str
    site: str
    people: int
    status: str
    cost: float
    line: int = 0


@dataclass(frozen=True)
class UnscannedRow:
    """A row of ``unscanned.csv``: exams the scanner sessions run cannot scan."""

    site: str
    exam_type: str
    day: str
    exams: float
    annual_cost: float
    line: int = 0


@dataclass(frozen=True)
class BacklogRow:
    """A row of ``backlog.csv``: exams not reported within the standard."""

    site: str
    exam_type: str
    day: str
    exams: float
    line: int = 0


@dataclass(frozen=True)
class StaffUseRow:
    """A row of ``utilisation_staff.csv``."""

    staff: str
    tier: str
    people: int
    contracted_sessions: int
    worked_sessions: int
    extra_sessions: float
    scanning_sessions: int
    reporting_sessions: int
    utilisation: float | None
    """Worked / contracted sessions (empty without contracted sessions)."""
    reporting_minutes_used: float
    reporting_minutes_rostered: float
    line: int = 0


@dataclass(frozen=True)
class SiteUseRow:
    """A row of ``utilisation_sites.csv``."""

    place: str
    scanner_sessions: int
    scanning_staff_sessions_needed: int
    scanning_staff_sessions: int
    reporting_sessions: int
    reports: float
    line: int = 0


@dataclass(frozen=True)
class VolumeRow:
    """A row of ``volumes.csv`` (exams a week by exam type)."""

    exam_type: str
    acquired: float
    unscanned: float
    reported_at_sites: float
    reported_at_home: float
    outsourced: float
    late: float
    line: int = 0


@dataclass(frozen=True)
class AnnualCostRow:
    """A row of ``costs.csv``."""

    component: str
    annual: float
    line: int = 0


@dataclass(frozen=True)
class WorkforceTables:
    """The result tables of a workforce plan, as typed rows and as text."""

    roster: list[RosterRow] = field(default_factory=list)
    reporting: list[ReportingRow] = field(default_factory=list)
    routed: list[RoutedRow] = field(default_factory=list)
    link_flows: list[LinkFlowRow] = field(default_factory=list)
    outsourced: list[OutsourcedReportRow] = field(default_factory=list)
    insourced: list[InsourcedRow] = field(default_factory=list)
    passports: list[PassportRow] = field(default_factory=list)
    backlog: list[BacklogRow] = field(default_factory=list)
    unscanned: list[UnscannedRow] = field(default_factory=list)
    utilisation_staff: list[StaffUseRow] = field(default_factory=list)
    utilisation_sites: list[SiteUseRow] = field(default_factory=list)
    volumes: list[VolumeRow] = field(default_factory=list)
    costs: list[AnnualCostRow] = field(default_factory=list)
    sites: list[SiteRow] = field(default_factory=list)
    files: dict[str, CsvTable | None] = field(default_factory=dict)
    """Each table's CSV file as text (None when unreadable), for the workbook check."""
    problems: list[FileProblem] = field(default_factory=list)


TABLES: tuple[tuple[str, str, type[Any]], ...] = (
    ("roster", "roster", RosterRow),
    ("reporting", "reporting", ReportingRow),
    ("routed", "reporting_flows", RoutedRow),
    ("link_flows", "link_flows", LinkFlowRow),
    ("outsourced", "outsourced", OutsourcedReportRow),
    ("insourced", "insourced", InsourcedRow),
    ("passports", "passports", PassportRow),
    ("backlog", "backlog", BacklogRow),
    ("unscanned", "unscanned", UnscannedRow),
    ("utilisation_staff", "utilisation_staff", StaffUseRow),
    ("utilisation_sites", "utilisation_sites", SiteUseRow),
    ("volumes", "volumes", VolumeRow),
    ("costs", "costs", AnnualCostRow),
    ("sites", "sites", SiteRow),
)
"""(attribute of :class:`WorkforceTables`, table name, row type), in the order netopt writes
them."""


def read_workforce_plan(folder: Path) -> WorkforceTables:
    """Every table of a workforce plan's result folder."""
    rows: dict[str, list[Any]] = {}
    files: dict[str, CsvTable | None] = {}
    problems: list[FileProblem] = []
    for attribute, name, row_type in TABLES:
        table, typed, found = read_table(folder, name, row_type)
        rows[attribute] = typed
        files[name] = table
        problems += found
    return WorkforceTables(files=files, problems=problems, **rows)

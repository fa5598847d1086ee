"""Independent verifier of a workforce plan: re-check every rule of ``models/workforce.md`` and
every figure of the result folder.

Given the instance and a plan's result folder (``<table>.csv``, ``plan.xlsx`` and
``summary.json``, as written by :func:`netopt.write_workforce_plan`), :func:`verify_workforce`
re-derives what it needs from the instance alone: the session template, the scanner sessions
(given, or every scanning session of the fleet in service in the plan year), the weekly
reporting demand and its spread over the days, who may work where under the passport policy
that was solved (``summary.json``), the image-transfer graph and the staff travel minutes. It
uses no Pyomo and none of the model code, so a bug in the model or in the way its results are
written shows up as a disagreement.

Each check is one function returning the violations it finds, named after the constraint family
of ``models/workforce.md`` it re-checks (``roster``, ``reporting``, ``worklists``,
``transfers``, ``travel`` and ``objective`` modules), plus ``roster`` (who may do what where:
the index sets ``assignments`` and ``report_work``) and ``tables`` (unreadable files, unknown
ids, and columns and totals re-derived from the decisions: ``rows`` and ``totals``).
``worklist_balance`` and ``turnaround`` replay each worklist as a first-in first-out queue (see
:mod:`netopt.verify.workforce.worklists`); ``transfer_routing`` and ``link_capacity`` check the
written link flows (see :mod:`netopt.verify.workforce.transfers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netopt.io.capital_plan import WEEK_FILE
from netopt.schema import Instance, PassportPolicy
from netopt.verify.report import VerificationReport, Violation
from netopt.verify.sites import check_site_table
from netopt.verify.summary import (
    Summary,
    check_bound_and_gap,
    check_instance,
    check_result_files,
    check_summary_file,
    read_summary,
    summary_violation,
)
from netopt.verify.workbook import WORKBOOK_FILE, check_workbook
from netopt.verify.workforce.ids import check_references, check_summary_year
from netopt.verify.workforce.objective import check_objective, objective_components
from netopt.verify.workforce.reference import build_workforce_reference
from netopt.verify.workforce.reporting import (
    check_exam_reporting,
    check_outsourcing_capacity,
    check_remote_reporting_passport,
    check_reporting_time,
)
from netopt.verify.workforce.roster import (
    check_contracted_sessions,
    check_minimum_rest,
    check_one_place_per_session,
    check_passports,
    check_roster,
    check_scan_capacity,
    check_scanner_staffing,
    check_sessions_per_day,
)
from netopt.verify.workforce.rows import (
    check_insourced_columns,
    check_link_flow_columns,
    check_outsourced_columns,
    check_passport_columns,
    check_reporting_columns,
    check_unscanned_columns,
)
from netopt.verify.workforce.tables import read_workforce_plan
from netopt.verify.workforce.totals import check_plan_summary, check_utilisation_tables
from netopt.verify.workforce.transfers import check_transfers
from netopt.verify.workforce.travel import check_travel, day_paths
from netopt.verify.workforce.week import WeekCheck, check_rostered_week
from netopt.verify.workforce.worklists import check_worklists

UNCHECKED = (
    "The plan was not checked: the week it was solved for cannot be read, and the instance as "
    "written is not that week."
)
"""Why the rules of a plan rostered from a capital or joint plan's year are not checked when
its week is missing or unreadable."""


@dataclass(frozen=True)
class WorkforceVerificationReport(VerificationReport):
    """The independent check of a workforce plan's result folder against its instance.

    ``components`` are annual GBP; ``components["travel"]`` is the roster's travel, which may
    be less than the model's (see ``notes``)."""

    passport_policy: str | None = None
    """The passport policy the plan was solved (and is verified) under."""

    PLAN = "Workforce plan"
    OBJECTIVE = "annual cost"

    def heading(self) -> str:
        return f", passports: {self.passport_policy}" if self.passport_policy else ""


def solved_policy(instance: Instance, summary: Summary) -> tuple[PassportPolicy, list[Violation]]:
    """The passport policy the plan was solved under (``summary.json``), else the instance's."""
    written = summary.passport_policy
    if written is None:
        return instance.workforce.passport_policy, []
    try:
        return PassportPolicy(written), []
    except ValueError:
        message = (
            f"summary.json has an unknown passport policy '{written}'; checking the instance's "
            f"'{instance.workforce.passport_policy.value}'"
        )
        return instance.workforce.passport_policy, [
            summary_violation(summary, "passport_policy", message, "tables")
        ]


def solved_year(instance: Instance, summary: Summary) -> tuple[Instance, list[str]]:
    """The instance with the plan year the plan was solved for: ``summary.json``'s ``year``
    (``netopt solve workforce --year``) when it is one of the instance's plan years and not its
    workforce year, with a note saying so; else the instance as it is (a year outside the
    plan is a ``tables`` violation of :func:`check_summary_year`)."""
    year, own = summary.year, instance.workforce.year or instance.years[0]
    if year is None or year == own or year not in instance.years:
        return instance, []
    settings = instance.workforce.model_copy(update={"year": year})
    note = (
        f"checked for {year}, the year summary.json says was solved (netopt solve workforce "
        f"--year); the instance's workforce year is {own}"
    )
    return instance.model_copy(update={"workforce": settings}), [note]


def verify_workforce(
    instance: Instance, folder: Path, tolerance: float = 1e-6
) -> WorkforceVerificationReport:
    """Check a workforce plan's result folder against ``instance``, family by family.

    ``instance`` is the one the plan was solved from, as written. A plan rostered from a
    capital or joint plan's year (``summary.json``'s ``capital_plan``) was solved for the week
    in its folder (``week.yaml``): that week is checked first, against ``instance`` and the
    plan's folder (:mod:`netopt.verify.workforce.week`), and the plan is then checked against
    it; the report says so (``checked_against``). Without a readable week the plan's rules are
    not checked (``unchecked``).

    The passport policy is the one ``summary.json`` says was solved (``netopt solve workforce
    --passport``), and so is the plan year when it is one of the instance's (``--year``,
    :func:`solved_year`). Nothing is taken from the model code: scanner sessions, demand by day,
    passports allowed, transfer paths, queues and costs are recomputed from the instance and the
    tables. A folder whose status has no plan (infeasible, no solution, ...) is reported as
    such, ``ok`` False, with the violations of its summary and workbook only.
    """
    folder = Path(folder)
    summary = read_summary(folder)
    head = [*check_summary_file(summary, "workforce"), *check_instance(summary, instance)]
    written = [WORKBOOK_FILE]
    week: WeekCheck | None = None
    if summary.week_source is not None:
        week = check_rostered_week(instance, folder, summary)
        head += week.violations
        written.append(WEEK_FILE)
    checked_against = week.checked_against if week is not None else None
    unchecked = summary.has_plan and week is not None and week.week is None
    if not summary.has_plan or unchecked:
        if summary.data and not unchecked:
            head += check_workbook(folder, {}, summary, tolerance)
            head += check_result_files(summary, folder, written)
        return WorkforceVerificationReport(
            head,
            0.0,
            summary.objective,
            summary.status,
            passport_policy=summary.passport_policy,
            checked_against=checked_against,
            unchecked=UNCHECKED if unchecked else None,
        )
    year_notes: list[str] = []
    if week is not None and week.week is not None:
        solved = week.week
    else:
        solved, year_notes = solved_year(instance, summary)
    policy, problems = solved_policy(solved, summary)
    settings = solved.workforce.model_copy(update={"passport_policy": policy})
    ref = build_workforce_reference(solved.model_copy(update={"workforce": settings}), policy)
    read = read_workforce_plan(folder)
    found, plan = check_references(ref, read, tolerance)
    roster_problems, rows = check_roster(ref, plan)
    travel, minutes = check_travel(ref, day_paths(ref, rows))
    components = objective_components(ref, plan, minutes, rows)
    objective, notes = check_objective(summary, plan, components, tolerance)
    objective += check_bound_and_gap(summary, tolerance, objective)
    violations = [
        *head,
        *problems,
        *check_summary_year(summary, ref),
        *(p.violation() for p in read.problems),
        *found,
        *roster_problems,
        *check_one_place_per_session(rows),
        *check_contracted_sessions(ref, plan, rows, tolerance),
        *check_sessions_per_day(ref, rows),
        *check_minimum_rest(ref, rows),
        *check_passports(ref, plan, rows),
        *check_scanner_staffing(ref, rows),
        *check_scan_capacity(ref, plan, rows, tolerance),
        *check_reporting_time(ref, plan, rows, tolerance),
        *check_exam_reporting(ref, plan, tolerance),
        *check_remote_reporting_passport(ref, plan, tolerance),
        *check_outsourcing_capacity(ref, plan, tolerance),
        *check_worklists(ref, plan, tolerance),
        *check_transfers(ref, plan, tolerance),
        *travel,
        *objective,
        *check_reporting_columns(ref, plan, tolerance),
        *check_link_flow_columns(ref, plan, tolerance),
        *check_outsourced_columns(ref, plan, tolerance),
        *check_unscanned_columns(ref, plan, tolerance),
        *check_insourced_columns(ref, plan, tolerance),
        *check_passport_columns(ref, plan, tolerance),
        *check_utilisation_tables(ref, plan, rows, tolerance),
        *check_site_table(solved, read.sites, tolerance),
        *check_plan_summary(summary, ref, plan, rows, tolerance),
        *check_result_files(summary, folder, [*(f"{n}.csv" for n in read.files), *written]),
        *check_workbook(folder, read.files, summary, tolerance),
    ]
    return WorkforceVerificationReport(
        violations=violations,
        objective_recomputed=sum(c.value for c in components.values()),
        objective_reported=summary.objective,
        status=summary.status,
        components={name: c.value for name, c in components.items()},
        passport_policy=policy.value,
        notes=[*year_notes, *notes],
        checked_against=checked_against,
    )
